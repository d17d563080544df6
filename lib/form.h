/* SPDX-License-Identifier: ISC */
/*
 * form.h: the media type, query string and multipart forms of a request
 * (form.c).
 */
#ifndef DIGITPIPE_FORM_H
#define DIGITPIPE_FORM_H

#include <stddef.h>

#define FORM_NAME_MAX	255	/* bytes of a name kept */

/* Is the media type of ct (before any ';' parameters) t, any case? */
int	form_type_is(const char *ct, const char *t);

/* The query string's options: ?name=NAME (URL-encoded, cut at
 * FORM_NAME_MAX bytes, a NUL byte becomes '?'), ?input=0, ?label=D. */
struct form_query {
	char name[FORM_NAME_MAX + 1];
	int has_name;
	int input;		/* 1 unless input=0 */
	int label;		/* label=D (a digit), or -1 */
};
void	form_query(const char *path, struct form_query *q);

/* Append s percent-encoded (all but letters, digits and -._~) to
 * buf[n..cap), always NUL-terminated, cut when full; the new length. */
size_t	form_urlencode(char *buf, size_t n, size_t cap, const char *s);
/* The first n-byte needle in [h, h + hl), or NULL (memmem is a GNU
 * extension). */
const unsigned char *form_find(const unsigned char *h, size_t hl,
	    const void *needle, size_t n);
/* The boundary parameter (1-70 bytes, quoted or not) of a multipart
 * media type, into b[bl]; 0 if none. */
int	form_boundary(const char *ct, char *b, size_t bl);
/* The filename="..." of a part's headers [h, e), into out (at least
 * FORM_NAME_MAX + 1 bytes); 0 if none. */
int	form_filename(const char *h, const char *e, char *out);

#endif
