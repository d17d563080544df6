/* SPDX-License-Identifier: ISC */
/*
 * util.c: what every tool needs around its real work: "prog: what: why"
 * messages, range-checked options, allocation, checked stdout, reading a
 * whole file. Uses: nothing of ours.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

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

ssize_t
dp_read_full(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, buf + got, n - got);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

unsigned char *
dp_slurp_fd(int fd, const unsigned char *head, size_t nhead, size_t *np,
    size_t max)
{
	unsigned char *buf = NULL;
	size_t n = nhead, cap = 0;
	ssize_t r;
	int e;
	struct stat st;

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
		}
	}
	if (cap < nhead + 1)
		cap = nhead + 1 > 1 << 16 ? nhead + 1 : 1 << 16;
	if (cap > max + 1)
		cap = max + 1;
	buf = dp_malloc(cap);
	if (nhead > 0)
		memcpy(buf, head, nhead);
	for (;;) {
		if (n == cap) {
			if (cap >= max + 1) {
				e = EFBIG;
				goto fail;
			}
			cap *= 2;
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
	*np = n;
	return buf;
fail:
	free(buf);
	errno = e;
	return NULL;
}

unsigned char *
dp_slurp(const char *path, size_t *np, size_t max)
{
	unsigned char *buf;
	int fd, e;

	if (path == NULL || strcmp(path, "-") == 0)
		fd = 0;
	else if ((fd = open(path, O_RDONLY)) < 0)
		return NULL;
	buf = dp_slurp_fd(fd, NULL, 0, np, max);
	e = errno;
	if (fd != 0)
		close(fd);
	errno = e;
	return buf;
}

int
dp_lines(const unsigned char *head, size_t nhead,
    void (*fn)(void *, const char *), void *arg)
{
	char *line = NULL, *pend = dp_malloc(nhead + 1);
	size_t cap = 0, plen = 0, i;
	ssize_t len;
	int e;

	/* The head's whole lines, then what is left of its last one. */
	for (i = 0; i < nhead; i++) {
		if (head[i] == '\n') {
			pend[plen] = '\0';
			if (plen > 0)
				fn(arg, pend);
			plen = 0;
		} else
			pend[plen++] = (char)head[i];
	}
	pend[plen] = '\0';
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (plen > 0) {
			pend = dp_realloc(pend, plen + (size_t)len + 1);
			memcpy(pend + plen, line, (size_t)len + 1);
			plen = 0;
			if (*pend != '\0')
				fn(arg, pend);
		} else if (len > 0)
			fn(arg, line);
	}
	if (plen > 0)
		fn(arg, pend);
	e = ferror(stdin) ? errno : 0;
	free(line);
	free(pend);
	errno = e;
	return e ? -1 : 0;
}

/*
 * Many pictures in a row allocate and free planes of a few hundred KiB
 * each; glibc would hand each back to the kernel (mmap above 128 KiB,
 * trimming the heap) and fault it in again for the next: about 9% of
 * imgnorm's time on 280 x 280 drawings. Keep them in the heap instead.
 */
void
dp_keep_heap(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

uint32_t
dp_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}
