/* SPDX-License-Identifier: ISC */
/*
 * util.h: errors, options, allocation, checked stdout, whole files (util.c).
 */
#ifndef DIGITPIPE_UTIL_H
#define DIGITPIPE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DP_VERSION "0.1.0"

extern const char *dp_prog;		/* set by dp_init() */
extern int dp_warn_off;			/* nonzero: dp_warn prints nothing (fuzzing) */

/* Set the program name, ignore SIGPIPE (write errors are handled where
 * they happen: EPIPE is a quiet exit). Call first in every main(). */
void	dp_init(const char *argv0);
/* "prog: fmt\n" on stderr. */
void	dp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* dp_warn, then exit(status). */
_Noreturn void dp_die(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* For library code that reports instead of exiting: format the reason
 * into why (if why is not NULL) and return -1. */
int	dp_fail(char *why, size_t whylen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* "usage: ..." on stderr, exit 2 (the usage string has no "usage: "). */
_Noreturn void dp_usage(const char *usage);
/* Print "prog (digitpipe) VERSION" on stdout, exit 0. */
_Noreturn void dp_version(void);
/* Print text on stdout and exit 0 (for --help); exits 1 if stdout fails. */
_Noreturn void dp_help(const char *text);
/* Range-checked number parsing for options: on error print
 * "prog: OPT: why" and exit 2. */
long	dp_optlong(const char *opt, const char *arg, long min, long max);
unsigned long long dp_optull(const char *opt, const char *arg,
	    unsigned long long max);
double	dp_optdouble(const char *opt, const char *arg, double min, double max);
/* The 32-bit big-endian number at p (IDX headers, PNG chunks). */
uint32_t dp_be32(const unsigned char *p);

void   *dp_malloc(size_t n);		/* dies with exit 1 when out of memory */
void   *dp_calloc(size_t n, size_t size);
void   *dp_realloc(void *p, size_t n);
char   *dp_strdup(const char *s);

/* Write all of buf to fd, retrying on EINTR and short writes. Returns 0,
 * or -1 with errno set. */
int	dp_write_all(int fd, const void *buf, size_t n);
/* What happened to a failed stdout write: EPIPE exits 0 quietly
 * (the reader is gone, as with | head), anything else is an error. */
_Noreturn void dp_stdout_failed(int err);
/* Flush stdout and check it; call before returning from main. */
void	dp_stdout_close(void);
/* A line to stdout with one write(2) (lines < 4096 bytes are never
 * interleaved with other writers). Dies on error; EPIPE exits quietly. */
void	dp_put_line(const char *s, size_t n);

/* Read a whole file ("-" or NULL is stdin) into memory; *n gets the size.
 * Returns NULL with errno set on failure. */
unsigned char *dp_slurp(const char *path, size_t *n, size_t max);
/* The same on an open fd (left open) whose first nhead bytes, already
 * read, are head: they start the buffer. More than max bytes: NULL with
 * errno EFBIG. */
unsigned char *dp_slurp_fd(int fd, const unsigned char *head, size_t nhead,
	    size_t *n, size_t max);
/* Read up to n bytes, retrying on EINTR and short reads: the count (short
 * only at the end of the file), or -1 with errno set. */
ssize_t	dp_read_full(int fd, unsigned char *buf, size_t n);
/* Call fn(arg, line) for each non-empty line of stdin (its newline cut),
 * in order; the first nhead bytes of stdin, already read with read(2),
 * are head. 0, or -1 with errno set when stdin fails. */
int	dp_lines(const unsigned char *head, size_t nhead,
	    void (*fn)(void *, const char *), void *arg);

/* For a tool that decodes many pictures in a row: keep freed memory in
 * the heap rather than give it back to the system each time. */
void	dp_keep_heap(void);

#endif
