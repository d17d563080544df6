/* SPDX-License-Identifier: ISC */
/*
 * reply.c: a JSON answer being written into a serve_reply: a fixed
 * buffer, then a heap copy that grows up to a cap; strings escaped so
 * the body is always valid UTF-8. Uses: nothing of ours.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"

/* Append to the reply: its fixed buffer first, then (an answer with
 * many pictures) a heap copy that grows; out of memory sets r->oom. */
void
reply_put(struct serve_reply *r, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int k;

	for (;;) {
		char *out = r->heap != NULL ? r->heap : r->buf;

		room = (r->heap != NULL ? r->cap : sizeof r->buf) - r->size;
		va_start(ap, fmt);
		k = vsnprintf(out + r->size, room, fmt, ap);
		va_end(ap);
		if (k < 0)
			return;
		if ((size_t)k < room) {
			r->size += (size_t)k;
			return;
		}
		if (r->oom || r->size + (size_t)k + 1 > SERVE_MAX_ANSWER) {
			r->oom = 1;
			out[r->size] = '\0';
			return;
		}
		{
			size_t cap = 2 * (r->size + (size_t)k + 1);
			char *h = realloc(r->heap, cap);

			if (h == NULL) {
				r->oom = 1;
				out[r->size] = '\0';
				return;
			}
			if (r->heap == NULL)
				memcpy(h, r->buf, r->size);
			r->heap = h;
			r->cap = cap;
		}
	}
}

/* The length of the UTF-8 sequence at s (1 to 4 bytes, no overlongs,
 * surrogates or code points past U+10FFFF), or 0 if s holds none. */
static size_t
utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[0] == 0xE0 && s[1] < 0xA0) ||
		    (s[0] == 0xED && s[1] > 0x9F))
			return 0;
		return 3;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80 || (s[0] == 0xF0 && s[1] < 0x90) ||
		    (s[0] == 0xF4 && s[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

/* A JSON string: quotes, backslashes and control characters escaped;
 * valid UTF-8 is kept (a file name in any script), other bytes become
 * U+FFFD, so the body is always valid UTF-8 whatever it was given. */
void
reply_str(struct serve_reply *r, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k;

	reply_put(r, "\"");
	while (*s) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			reply_put(r, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			reply_put(r, "\\u%04x", c);
		else if ((k = utf8_len(s)) == 1)
			reply_put(r, "%c", c);
		else if (k > 1) {
			reply_put(r, "%.*s", (int)k, (const char *)s);
			s += k;
			continue;
		} else
			reply_put(r, "\xEF\xBF\xBD");
		s++;
	}
	reply_put(r, "\"");
}

int
reply_json(struct serve_reply *r, int status)
{
	r->status = status;
	r->type = "application/json";
	r->api = 1;
	r->body = r->heap != NULL ? r->heap : r->buf;
	return status;
}

/* {"error":"why","status":N} */
int
reply_error(struct serve_reply *r, int status, const char *why)
{
	free(r->heap);
	r->heap = NULL;
	r->cap = 0;
	r->oom = 0;
	r->size = 0;
	reply_put(r, "{\"error\":");
	reply_str(r, why);
	reply_put(r, ",\"status\":%d}\n", status);
	return reply_json(r, status);
}

void
serve_reply_free(struct serve_reply *r)
{
	free(r->heap);
	r->heap = NULL;
	r->cap = 0;
}

