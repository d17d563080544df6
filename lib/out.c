/* SPDX-License-Identifier: ISC */
/*
 * out.c: output files written atomically: a temp file beside the target,
 * fsync, then rename(2); a failure or a signal leaves no half-written
 * file. Uses: util.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out.h"
#include "util.h"

/*
 * Atomic output files. The temp file lives in the same directory as the
 * target so that rename(2) is atomic; its name is remembered in a small
 * table so a signal handler can remove it (see lrtrain's SIGINT).
 */
#define MAX_OPEN_OUT 8
static char *volatile open_tmp[MAX_OPEN_OUT];

int
dp_out_open(struct dp_out *o, const char *path)
{
	size_t n;
	int fd, i;

	memset(o, 0, sizeof *o);
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	{
		struct stat st;

		/* A device or a FIFO (/dev/null, /dev/full) is written in
		 * place: renaming a temp file over it would replace it with
		 * a plain file. o->tmp stays NULL: no rename. */
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			if ((o->fp = fopen(path, "w")) == NULL)
				return -1;
			o->path = dp_strdup(path);
			return 0;
		}
	}
	n = strlen(path);
	o->path = dp_strdup(path);
	o->tmp = dp_malloc(n + 16);
	{
		/* Put the temp file beside the target: "dir/.name.XXXXXX". */
		const char *slash = strrchr(path, '/');
		size_t dl = slash ? (size_t)(slash - path) + 1 : 0;

		memcpy(o->tmp, path, dl);
		snprintf(o->tmp + dl, n + 16 - dl, ".%s.XXXXXX", path + dl);
	}
	if ((fd = mkstemp(o->tmp)) < 0) {
		int e = errno;

		free(o->path);
		free(o->tmp);
		errno = e;
		return -1;
	}
	{
		mode_t um = umask(0);

		umask(um);
		(void)fchmod(fd, 0666 & ~um);
	}
	for (i = 0; i < MAX_OPEN_OUT; i++)
		if (open_tmp[i] == NULL) {
			open_tmp[i] = o->tmp;
			break;
		}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		int e = errno;

		close(fd);
		dp_out_abort(o);
		errno = e;
		return -1;
	}
	return 0;
}

static void
forget_tmp(const char *tmp)
{
	int i;

	for (i = 0; i < MAX_OPEN_OUT; i++)
		if (open_tmp[i] == tmp)
			open_tmp[i] = NULL;
}

int
dp_out_commit(struct dp_out *o)
{
	int e;

	if (o->path == NULL) {
		/* A closed pipe (| head) is a quiet exit, as for every
		 * other write to stdout. */
		if (fflush(stdout) != 0 || ferror(stdout)) {
			if (errno == EPIPE)
				dp_stdout_failed(EPIPE);
			return -1;
		}
		return 0;
	}
	if (o->tmp == NULL) {		/* a device, written in place */
		int bad = fflush(o->fp) != 0 || ferror(o->fp);

		e = errno ? errno : EIO;
		if (fclose(o->fp) != 0 && !bad) {
			bad = 1;
			e = errno;
		}
		o->fp = NULL;
		free(o->path);
		o->path = NULL;
		errno = e;
		return bad ? -1 : 0;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0)
		goto fail;
	if (fclose(o->fp) != 0) {
		o->fp = NULL;
		goto fail;
	}
	o->fp = NULL;
	if (rename(o->tmp, o->path) != 0)
		goto fail;
	forget_tmp(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return 0;
fail:
	e = errno ? errno : EIO;
	dp_out_abort(o);
	errno = e;
	return -1;
}

void
dp_out_abort(struct dp_out *o)
{
	if (o->path == NULL)
		return;
	if (o->fp != NULL)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp == NULL) {		/* a device: nothing to remove */
		free(o->path);
		o->path = NULL;
		return;
	}
	unlink(o->tmp);
	forget_tmp(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
}

void
dp_out_abort_all_signal(void)
{
	int i;

	for (i = 0; i < MAX_OPEN_OUT; i++)
		if (open_tmp[i] != NULL)
			unlink(open_tmp[i]);
}
