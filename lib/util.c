/* SPDX-License-Identifier: ISC */
/*
 * util.c: what every tool needs around its real work: "prog: what: why"
 * messages, range-checked options, checked stdout, atomic output files.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp.h"

const char *dp_prog = "digitpipe";
int dp_warn_off;

void
dp_init(const char *argv0)
{
	const char *s;

	if (argv0 != NULL && *argv0 != '\0') {
		s = strrchr(argv0, '/');
		dp_prog = s != NULL ? s + 1 : argv0;
	}
	/* A closed pipe shows up as EPIPE from write(2), and each writer
	 * turns that into a quiet exit (see dp_stdout_failed). */
	signal(SIGPIPE, SIG_IGN);
}

static void
vwarn(const char *fmt, va_list ap)
{
	char buf[2048];
	int n;

	if (dp_warn_off)
		return;
	/* One write, so messages from parallel tools stay on their lines. */
	n = snprintf(buf, sizeof buf, "%s: ", dp_prog);
	if (n < 0)
		n = 0;
	vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
	n = (int)strlen(buf);
	buf[n++] = '\n';
	(void)dp_write_all(2, buf, (size_t)n);
}

void
dp_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
dp_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

int
dp_fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void
dp_usage(const char *usage)
{
	fprintf(stderr, "usage: %s\n", usage);
	exit(2);
}

void
dp_version(void)
{
	printf("%s (digitpipe) %s\n", dp_prog, DP_VERSION);
	dp_stdout_close();
	exit(0);
}

void
dp_help(const char *text)
{
	fputs(text, stdout);
	dp_stdout_close();
	exit(0);
}

long
dp_optlong(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0')
		dp_die(2, "%s: '%s': not a whole number", opt, arg);
	if (errno == ERANGE || v < min || v > max)
		dp_die(2, "%s: '%s': out of range (%ld to %ld)", opt, arg,
		    min, max);
	return v;
}

unsigned long long
dp_optull(const char *opt, const char *arg, unsigned long long max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (arg[0] == '-')
		dp_die(2, "%s: '%s': must not be negative", opt, arg);
	v = strtoull(arg, &end, 10);
	if (end == arg || *end != '\0')
		dp_die(2, "%s: '%s': not a whole number", opt, arg);
	if (errno == ERANGE || v > max)
		dp_die(2, "%s: '%s': out of range (0 to %llu)", opt, arg, max);
	return v;
}

double
dp_optdouble(const char *opt, const char *arg, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end != '\0')
		dp_die(2, "%s: '%s': not a number", opt, arg);
	if (errno == ERANGE || !isfinite(v) || v < min || v > max)
		dp_die(2, "%s: '%s': out of range (%g to %g)", opt, arg,
		    min, max);
	return v;
}

void *
dp_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		dp_die(1, "out of memory (%zu bytes)", n);
	return p;
}

void *
dp_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		dp_die(1, "out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
dp_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		dp_die(1, "out of memory (%zu bytes)", n);
	return p;
}

char *
dp_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(dp_malloc(n), s, n);
}

int
dp_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

void
dp_stdout_failed(int err)
{
	if (err == EPIPE)
		_exit(0);	/* the reader went away: nothing to report */
	dp_die(1, "stdout: %s", strerror(err));
}

void
dp_stdout_close(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		dp_stdout_failed(errno ? errno : EIO);
	/* fsync is not needed for stdout; the last error is what matters. */
}

void
dp_put_line(const char *s, size_t n)
{
	if (dp_write_all(1, s, n) != 0)
		dp_stdout_failed(errno);
}

unsigned char *
dp_slurp(const char *path, size_t *np, size_t max)
{
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;
	ssize_t r;
	int fd, e;
	struct stat st;

	if (path == NULL || strcmp(path, "-") == 0)
		fd = 0;
	else if ((fd = open(path, O_RDONLY)) < 0)
		return NULL;
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			e = EISDIR;
			goto fail;
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0) {
			if ((unsigned long long)st.st_size > max) {
				e = EFBIG;
				goto fail;
			}
			cap = (size_t)st.st_size + 1;
			buf = dp_malloc(cap);
		}
	}
	for (;;) {
		if (n == cap) {
			if (cap >= max + 1) {
				e = EFBIG;
				goto fail;
			}
			cap = cap ? cap * 2 : 1 << 16;
			if (cap > max + 1)
				cap = max + 1;
			buf = dp_realloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			e = EFBIG;
			goto fail;
		}
	}
	if (fd != 0)
		close(fd);
	*np = n;
	if (buf == NULL)
		buf = dp_malloc(1);
	return buf;
fail:
	free(buf);
	if (fd != 0)
		close(fd);
	errno = e;
	return NULL;
}

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

/*
 * splitmix64 (Steele, Lea, Flood 2014): a tiny generator whose whole state
 * is one 64-bit word, so a seed fully determines the sequence on every
 * machine. Good enough for shuffles and initial weights.
 */
uint64_t
dp_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) without modulo bias (Lemire's multiply-shift would
 * need 128-bit products; rejection is simpler and n is small). */
uint64_t
dp_rand_below(uint64_t *state, uint64_t n)
{
	uint64_t lim = UINT64_MAX - UINT64_MAX % n, r;

	do
		r = dp_rand(state);
	while (r >= lim);
	return r % n;
}
