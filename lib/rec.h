/* SPDX-License-Identifier: ISC */
/*
 * rec.h: reading and writing the record stream (rec.c); the format itself is
 * record.h.
 */
#ifndef DIGITPIPE_REC_H
#define DIGITPIPE_REC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "record.h"

struct recin {
	FILE *fp;
	const char *name;	/* "stdin" or the path, for messages */
	unsigned long long n;	/* records read so far */
	int close;
	char *vbuf;		/* fp's buffer (a file's; stdin's is static) */
};
/* path NULL or "-" is stdin. Returns 0, or -1 after printing an error. */
int	recin_open(struct recin *in, const char *path);
/* The same on an open fd (0 is stdin; another fd is closed by
 * recin_close, or here on failure); name is for messages. */
int	recin_fdopen(struct recin *in, int fd, const char *name);
void	recin_close(struct recin *in);
/* 1 if b starts with the record magic and version. */
int	rec_magic(const unsigned char *b, size_t n);
/* Give a stream read with stdio a large buffer (REC_INBUF bytes): stdin
 * (once, before its first read), or fp with a buffer the caller frees
 * after fclose. */
#define REC_INBUF	(1 << 18)
void	rec_stdin_buffer(void);
char	*rec_file_buffer(FILE *fp);
/* 1: a record was read; 0: clean end of stream; -1: error printed
 * ("prog: stdin: record N: why"). */
int	rec_read(struct recin *in, struct rec *r);
/* Check and unpack one 1024-byte record; NULL if valid, else why not. */
const char *rec_unpack(const unsigned char *buf, struct rec *r);
void	rec_pack(const struct rec *r, unsigned char *buf);
/* Set r->name from a path, keeping its last REC_NAME_LEN bytes (cut on a
 * UTF-8 character boundary) when it is longer. */
void	rec_set_name(struct rec *r, const char *name);

/* Buffered record writer: up to REC_PER_WRITE records per write(2). */
struct recout {
	int fd;
	int n;
	unsigned char buf[REC_PER_WRITE * REC_SIZE];
};
void	recout_init(struct recout *o, int fd);
void	rec_write(struct recout *o, const struct rec *r);  /* dies on error */
void	recout_flush(struct recout *o);

/* Read a whole record stream into memory (for multi-pass tools).
 * pix gets n*784 bytes, labels n bytes, names (if wanted) n strings.
 * Returns 0, or -1 after printing an error. */
struct recset {
	size_t n;
	unsigned char *pix;	/* n x 784 */
	unsigned char *label;	/* n */
	char **name;		/* n, or NULL if names not kept */
};
int	recset_read(struct recset *s, const char *path, int keep_names);
/* The same, calling hook->fn(arg, s, from, to) each time another
 * hook->every records have arrived, on records [from, to): work that can
 * be done while a slow pipe is still delivering the rest. */
struct recset_hook {
	size_t every;
	void (*fn)(void *arg, const struct recset *s, size_t from, size_t to);
	void *arg;
};
int	recset_read_hook(struct recset *s, const char *path, int keep_names,
	    const struct recset_hook *hook);
void	recset_free(struct recset *s);

#endif
