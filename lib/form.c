/* SPDX-License-Identifier: ISC */
/*
 * form.c: what a script puts around a picture it posts: the media type,
 * the query string (?name=, ?input=) and multipart/form-data bodies.
 * Text only: no JSON, no pictures. Uses: nothing of ours.
 */
#include <string.h>
#include <strings.h>

#include "form.h"

int
form_type_is(const char *ct, const char *t)
{
	size_t n;

	while (*ct == ' ' || *ct == '\t')
		ct++;
	n = strcspn(ct, "; \t");
	return n == strlen(t) && strncasecmp(ct, t, n) == 0;
}


static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* URL-decode [s, e) into out (at most FORM_NAME_MAX bytes, cut there). */
static void
url_decode(const char *s, const char *e, char *out)
{
	size_t n = 0;

	while (s < e && n < FORM_NAME_MAX) {
		int c = (unsigned char)*s++;

		if (c == '+')
			c = ' ';
		else if (c == '%' && e - s >= 2 && hexval(s[0]) >= 0 &&
		    hexval(s[1]) >= 0) {
			c = hexval(s[0]) * 16 + hexval(s[1]);
			s += 2;
		}
		out[n++] = c == 0 ? '?' : (char)c;
	}
	out[n] = '\0';
}

void
form_query(const char *path, struct form_query *q)
{
	const char *p = strchr(path, '?');

	memset(q, 0, sizeof *q);
	q->input = 1;
	q->label = -1;
	if (p == NULL)
		return;
	for (p++; *p && *p != '#';) {
		const char *e = p + strcspn(p, "&#"), *eq;
		size_t kl;

		eq = memchr(p, '=', (size_t)(e - p));
		kl = (size_t)((eq ? eq : e) - p);

		if (kl == 4 && strncmp(p, "name", 4) == 0 && eq != NULL) {
			url_decode(eq + 1, e, q->name);
			q->has_name = 1;
		} else if (kl == 5 && strncmp(p, "input", 5) == 0 && eq != NULL)
			q->input = !(e - eq == 2 && eq[1] == '0');
		else if (kl == 5 && strncmp(p, "label", 5) == 0 && eq != NULL &&
		    e - eq == 2 && eq[1] >= '0' && eq[1] <= '9')
			q->label = eq[1] - '0';
		p = *e == '&' ? e + 1 : e;
	}
}

size_t
form_urlencode(char *buf, size_t n, size_t cap, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s && n + 4 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			buf[n++] = (char)c;
		else {
			buf[n++] = '%';
			buf[n++] = hex[c >> 4];
			buf[n++] = hex[c & 15];
		}
	}
	if (n < cap)
		buf[n] = '\0';
	return n;
}

const unsigned char *
form_find(const unsigned char *h, size_t hl, const void *needle, size_t n)
{
	const unsigned char *p, *e;

	if (n == 0 || hl < n)
		return NULL;
	for (p = h, e = h + hl - n + 1; (p = memchr(p, *(const unsigned char *)
	    needle, (size_t)(e - p))) != NULL; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

int
form_boundary(const char *ct, char *b, size_t bl)
{
	const char *p = ct;
	size_t n;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) != 0)
			continue;
		p += 9;
		if (*p == '"') {
			p++;
			n = strcspn(p, "\"");
		} else
			n = strcspn(p, "; \t");
		if (n == 0 || n > 70 || n + 1 > bl)	/* RFC 2046: 1-70 */
			return 0;
		memcpy(b, p, n);
		b[n] = '\0';
		return 1;
	}
	return 0;
}

int
form_filename(const char *h, const char *e, char *out)
{
	const char *p;
	size_t n = 0;

	for (p = h; p + 9 <= e; p++) {
		if (strncasecmp(p, "filename=", 9) != 0 ||
		    (p > h && p[-1] != ' ' && p[-1] != ';' && p[-1] != '\t'))
			continue;
		p += 9;
		if (p < e && *p == '"') {
			for (p++; p < e && *p != '"' && *p != '\r' &&
			    *p != '\n'; p++) {
				if (*p == '\\' && p + 1 < e && p[1] != '\r')
					p++;
				if (n < FORM_NAME_MAX)
					out[n++] = *p == '\0' ? '?' : *p;
			}
		} else
			for (; p < e && !strchr("; \t\r\n", *p); p++)
				if (n < FORM_NAME_MAX)
					out[n++] = *p == '\0' ? '?' : *p;
		out[n] = '\0';
		return 1;
	}
	return 0;
}

