/* SPDX-License-Identifier: ISC */
/*
 * rec.c: reading and writing the record stream of record.h, checking
 * every record (magic, version, label, name padding) as it comes in.
 * Uses: sniff.h, util.h.
 */
#define _GNU_SOURCE	/* F_SETPIPE_SZ (Linux); harmless elsewhere */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "rec.h"
#include "record.h"
#include "sniff.h"
#include "util.h"

static void
put_le(unsigned char *p, unsigned long v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static unsigned long
get_le(const unsigned char *p, int n)
{
	unsigned long v = 0;
	int i;

	for (i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

void
rec_pack(const struct rec *r, unsigned char *buf)
{
	size_t n = strlen(r->name);
	const char *s = r->name;

	memcpy(buf, REC_MAGIC, 3);
	buf[3] = REC_VERSION;
	buf[REC_LABEL_OFF] = r->label;
	memset(buf + REC_NAME_OFF, 0, REC_NAME_LEN);
	if (r->seg_n != 0) {
		unsigned char *g = buf + REC_SEG_OFF;
		int i;

		buf[3] = REC_VERSION2;
		/* A longer name keeps its end, cut on a UTF-8 boundary. */
		if (n > REC_NAME2_LEN) {
			s += n - REC_NAME2_LEN;
			while (((unsigned char)*s & 0xC0) == 0x80)
				s++;
			n = strlen(s);
		}
		memcpy(buf + REC_NAME_OFF, s, n);
		put_le(g, r->seg_k, 2);
		put_le(g + 2, r->seg_n, 2);
		for (i = 0; i < 4; i++)
			put_le(g + 4 + 4 * i, r->box[i], 4);
	} else
		memcpy(buf + REC_NAME_OFF, s, n > REC_NAME_LEN ? REC_NAME_LEN : n);
	memcpy(buf + REC_PIX_OFF, r->pix, REC_PIXELS);
}

const char *
rec_unpack(const unsigned char *buf, struct rec *r)
{
	static const unsigned char nul[REC_NAME_LEN];
	const unsigned char *name = buf + REC_NAME_OFF;
	size_t n, len = REC_NAME_LEN;

	if (memcmp(buf, REC_MAGIC, 3) != 0)
		return "bad magic (not a digitpipe record, or the stream is "
		    "misaligned)";
	if (buf[3] != REC_VERSION && buf[3] != REC_VERSION2)
		return "unsupported record version";
	if (buf[3] == REC_VERSION2) {
		const unsigned char *g = buf + REC_SEG_OFF;

		len = REC_NAME2_LEN;
		r->seg_k = (unsigned short)get_le(g, 2);
		r->seg_n = (unsigned short)get_le(g + 2, 2);
		if (r->seg_n == 0 || r->seg_k == 0 || r->seg_k > r->seg_n)
			return "bad digit number (k of n: 1 <= k <= n)";
		for (n = 0; n < 4; n++)
			r->box[n] = (unsigned int)get_le(g + 4 + 4 * n, 4);
	} else {
		r->seg_k = r->seg_n = 0;
		memset(r->box, 0, sizeof r->box);
	}
	if (buf[REC_LABEL_OFF] > 9 && buf[REC_LABEL_OFF] != REC_UNKNOWN)
		return "bad label (not 0-9 or 255)";
	n = strnlen((const char *)name, len);
	/* The padding after the name must be NUL: this catches most
	 * misaligned streams whose magic happens to match. (memcmp and
	 * memchr, not byte loops: this runs on every record read.) */
	if (memcmp(name + n, nul, len - n) != 0)
		return "bad name padding (corrupt or misaligned record)";
	if (memchr(name, '\n', n) != NULL || memchr(name, '\r', n) != NULL)
		return "bad name (contains a line break)";
	r->label = buf[REC_LABEL_OFF];
	memcpy(r->name, name, n);
	r->name[n] = '\0';
	memcpy(r->pix, buf + REC_PIX_OFF, REC_PIXELS);
	return NULL;
}

void
rec_set_name(struct rec *r, const char *name)
{
	size_t n = strlen(name), i, j = 0;
	const char *s = name;

	if (n > REC_NAME_LEN) {
		/* Keep the end, the file's own name, cut on a UTF-8
		 * character boundary (never on a continuation byte). */
		s = name + n - REC_NAME_LEN;
		while (((unsigned char)*s & 0xC0) == 0x80)
			s++;
	}
	for (i = 0; s[i] != '\0' && j < REC_NAME_LEN; i++)
		/* Line breaks would break the line-oriented outputs. */
		r->name[j++] = (s[i] == '\n' || s[i] == '\r') ? '?' : s[i];
	r->name[j] = '\0';
}

/*
 * Read in large gulps, not stdio's default of st_blksize (4 KiB): a
 * 60,000-record stream is 15,000 read(2)s at 4 KiB, 235 at 256 KiB.
 * The buffer must be passed in: glibc ignores setvbuf's size when the
 * buffer is NULL. setvbuf is only allowed before the first read, hence
 * stdin's once.
 */
void
rec_stdin_buffer(void)
{
	static char buf[REC_INBUF];
	static int done;

	if (!done) {
		done = 1;
		(void)setvbuf(stdin, buf, _IOFBF, sizeof buf);
	}
}

char *
rec_file_buffer(FILE *fp)
{
	char *buf = dp_malloc(REC_INBUF);

	(void)setvbuf(fp, buf, _IOFBF, REC_INBUF);
	return buf;
}

int
recin_open(struct recin *in, const char *path)
{
	memset(in, 0, sizeof *in);
	if (path == NULL || strcmp(path, "-") == 0) {
		in->fp = stdin;
		in->name = "stdin";
		rec_stdin_buffer();
		return 0;
	}
	in->name = path;
	if ((in->fp = fopen(path, "rb")) == NULL) {
		dp_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	in->vbuf = rec_file_buffer(in->fp);
	in->close = 1;
	return 0;
}

int
recin_fdopen(struct recin *in, int fd, const char *name)
{
	memset(in, 0, sizeof *in);
	in->name = name;
	if (fd == 0) {
		in->fp = stdin;
		rec_stdin_buffer();
		return 0;
	}
	if ((in->fp = fdopen(fd, "rb")) == NULL) {
		dp_warn("%s: %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	in->vbuf = rec_file_buffer(in->fp);
	in->close = 1;
	return 0;
}

int
rec_magic(const unsigned char *b, size_t n)
{
	return n >= 4 && REC_IS_MAGIC(b);
}

void
recin_close(struct recin *in)
{
	if (in->close && in->fp != NULL)
		fclose(in->fp);
	free(in->vbuf);
	in->vbuf = NULL;
	in->fp = NULL;
}

/* What a stream that fails as records looks like instead, if anything
 * else: one that starts like records gets the record's own error. */
static const char *
sniff_other(const unsigned char *buf, size_t n)
{
	const char *what = sniff(buf, n);

	return what != NULL && memcmp(buf, REC_MAGIC, 3) != 0 ? what : NULL;
}

/* Read one raw 1024-byte record: 1 ok, 0 clean EOF, -1 error printed. */
static int
read_raw(struct recin *in, unsigned char *buf)
{
	size_t got = fread(buf, 1, REC_SIZE, in->fp);
	const char *what;

	if (got == REC_SIZE)
		return 1;
	if (ferror(in->fp)) {
		dp_warn("%s: %s", in->name, strerror(errno ? errno : EIO));
		return -1;
	}
	if (got == 0)
		return 0;
	if (in->n == 0 && (what = sniff_other(buf, got)) != NULL)
		dp_warn("%s: not a record stream (it looks like %s)",
		    in->name, what);
	else
		dp_warn("%s: record %llu: truncated (%zu of %d bytes)",
		    in->name, in->n + 1, got, REC_SIZE);
	return -1;
}

int
rec_read(struct recin *in, struct rec *r)
{
	unsigned char buf[REC_SIZE];
	const char *why, *what;
	int k;

	if ((k = read_raw(in, buf)) <= 0)
		return k;
	if ((why = rec_unpack(buf, r)) != NULL) {
		if (in->n == 0 && (what = sniff_other(buf, REC_SIZE)) != NULL)
			dp_warn("%s: not a record stream (it looks like %s)",
			    in->name, what);
		else
			dp_warn("%s: record %llu: %s", in->name, in->n + 1, why);
		return -1;
	}
	in->n++;
	return 1;
}

void
recout_init(struct recout *o, int fd)
{
	struct stat st;

	o->fd = fd;
	o->n = 0;
#ifdef F_SETPIPE_SZ
	/*
	 * A 1 MiB pipe instead of Linux's 64 KiB lets a fast writer run
	 * ahead instead of waking its reader every 16 writes; the writes
	 * themselves stay at 4096 bytes, so they remain atomic. Best effort:
	 * a refusal (limits, not a pipe) changes nothing but speed.
	 */
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
	(void)st;
#endif
}

void
recout_flush(struct recout *o)
{
	if (o->n == 0)
		return;
	if (dp_write_all(o->fd, o->buf, (size_t)o->n * REC_SIZE) != 0)
		dp_stdout_failed(errno);
	o->n = 0;
}

void
rec_write(struct recout *o, const struct rec *r)
{
	rec_pack(r, o->buf + (size_t)o->n * REC_SIZE);
	if (++o->n == REC_PER_WRITE)
		recout_flush(o);
}

int
recset_read(struct recset *s, const char *path, int keep_names)
{
	return recset_read_hook(s, path, keep_names, NULL);
}

int
recset_read_hook(struct recset *s, const char *path, int keep_names,
    const struct recset_hook *hook)
{
	struct recin in;
	struct rec r;
	size_t cap = 0;
	int k;

	memset(s, 0, sizeof *s);
	if (recin_open(&in, path) != 0)
		return -1;
	while ((k = rec_read(&in, &r)) == 1) {
		if (s->n == cap) {
			cap = cap ? cap * 2 : 4096;
			s->pix = dp_realloc(s->pix, cap * REC_PIXELS);
			s->label = dp_realloc(s->label, cap);
			if (keep_names)
				s->name = dp_realloc(s->name,
				    cap * sizeof *s->name);
		}
		memcpy(s->pix + s->n * REC_PIXELS, r.pix, REC_PIXELS);
		s->label[s->n] = r.label;
		if (keep_names)
			s->name[s->n] = dp_strdup(r.name);
		s->n++;
		if (hook != NULL && s->n % hook->every == 0)
			hook->fn(hook->arg, s, s->n - hook->every, s->n);
	}
	recin_close(&in);
	if (k < 0) {
		recset_free(s);
		return -1;
	}
	return 0;
}

void
recset_free(struct recset *s)
{
	size_t i;

	if (s->name != NULL)
		for (i = 0; i < s->n; i++)
			free(s->name[i]);
	free(s->name);
	free(s->pix);
	free(s->label);
	memset(s, 0, sizeof *s);
}
