/* SPDX-License-Identifier: ISC */
/*
 * reply.h: an answer of lrserve's, and writing JSON into it (reply.c).
 */
#ifndef DIGITPIPE_REPLY_H
#define DIGITPIPE_REPLY_H

#include <stddef.h>

#define SERVE_BUF	4096		/* any one-picture answer fits */
#define SERVE_MAX_ANSWER (16UL << 20)	/* bytes of one answer */

/* One answer. body points into buf, heap (an answer for many pictures:
 * serve_reply_free frees it), at a page file, or at model_json. api: JSON
 * from the API (Cache-Control: no-store); allow: the Allow header of a
 * 405, else NULL. */
struct serve_reply {
	int status;
	const char *type;
	const char *allow;
	int api;
	const char *body;
	size_t size;
	char *heap;
	size_t cap;
	int oom;
	char buf[SERVE_BUF];
};
/* Append printf-style to the answer's body; past SERVE_MAX_ANSWER, or out
 * of memory, it stops and sets r->oom. */
void	reply_put(struct serve_reply *r, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A JSON string: quotes, backslashes and control characters escaped;
 * valid UTF-8 kept, other bytes U+FFFD. */
void	reply_str(struct serve_reply *r, const char *s);
/* Finish a JSON answer with this status; returns the status. */
int	reply_json(struct serve_reply *r, int status);
/* The whole answer becomes {"error":"why","status":N}; returns N. */
int	reply_error(struct serve_reply *r, int status, const char *why);
void	serve_reply_free(struct serve_reply *r);

#endif
