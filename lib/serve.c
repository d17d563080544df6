/* SPDX-License-Identifier: ISC */
/*
 * serve.c: what lrserve answers, without sockets: a method, a path, a
 * content type and the body bytes in; a status, headers and a body (JSON,
 * or a page file) out. lrserve's adapter and the fuzzers both call it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dp.h"

static const char json_type[] = "application/json";

/*
 * GET /api/model: the scale and the K x (D+1) weights (D pixel weights,
 * then the bias, as in the model file), built once: the page uses them to
 * show which pixels pushed the decision, w[k][j] * pix[j] * scale.
 */
static void
model_json(struct serve *s)
{
	const struct model *m = s->m;
	size_t cap, n = 0;
	int k, j, d1 = m->dim + 1;
	char *b;

	/* %.9g is at most 15 characters and a separator: 16 per weight. */
	cap = 64 + (size_t)m->classes * ((size_t)d1 * 16 + 4);
	b = dp_malloc(cap);
	n += (size_t)snprintf(b + n, cap - n,
	    "{\"classes\":%d,\"scale\":%.17g,\"weights\":[", m->classes,
	    m->scale);
	for (k = 0; k < m->classes; k++) {
		b[n++] = k ? ',' : '[';
		if (k)
			b[n++] = '[';
		for (j = 0; j < d1; j++)
			n += (size_t)snprintf(b + n, cap - n, "%s%.9g",
			    j ? "," : "", (double)m->w[(size_t)k * d1 + j]);
		b[n++] = ']';
	}
	n += (size_t)snprintf(b + n, cap - n, "]}\n");
	s->model_json = b;
	s->model_json_size = n;
}

void
serve_init(struct serve *s, const struct model *m)
{
	memset(s, 0, sizeof *s);
	s->m = m;
	norm_defaults(&s->norm);
	s->max_body = SERVE_MAX_BODY;
	if (m != NULL)
		model_json(s);
}

void
serve_free(struct serve *s)
{
	free(s->model_json);
	s->model_json = NULL;
}

/* Append to the reply's fixed buffer; output past its end is dropped
 * (every body built here is sized to fit, see SERVE_BUF). */
static void
put(struct serve_reply *r, const char *fmt, ...)
{
	va_list ap;
	size_t room = sizeof r->buf - r->size;
	int k;

	if (room <= 1)
		return;
	va_start(ap, fmt);
	k = vsnprintf(r->buf + r->size, room, fmt, ap);
	va_end(ap);
	if (k > 0)
		r->size += (size_t)k < room ? (size_t)k : room - 1;
}

/* A JSON string: quotes, backslashes and control characters escaped;
 * bytes outside ASCII become '?' so the body is always valid UTF-8
 * whatever a decoder's message holds. */
static void
put_str(struct serve_reply *r, const char *s)
{
	put(r, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			put(r, "\\%c", c);
		else if (c < 0x20)
			put(r, "\\u%04x", c);
		else if (c >= 0x7f)
			put(r, "?");
		else
			put(r, "%c", c);
	}
	put(r, "\"");
}

static int
reply_json(struct serve_reply *r, int status)
{
	r->status = status;
	r->type = json_type;
	r->api = 1;
	r->body = r->buf;
	return status;
}

/* {"error":"why","status":N} */
static int
error(struct serve_reply *r, int status, const char *why)
{
	r->size = 0;
	put(r, "{\"error\":");
	put_str(r, why);
	put(r, ",\"status\":%d}\n", status);
	return reply_json(r, status);
}

/* Is the media type (before any ';' parameters) one we decode? */
static int
picture_type(const char *ct)
{
	static const char *const ok[] = { "image/png", "image/jpeg",
	    "image/jpg" };
	size_t n, i;

	if (ct == NULL)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	n = strcspn(ct, "; \t");
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (n == strlen(ok[i]) && strncasecmp(ct, ok[i], n) == 0)
			return 1;
	return 0;
}

/*
 * POST /api/predict: decode and normalize exactly as imgnorm does
 * (norm_buffer), then p = softmax(W x + b) as lrpredict does
 * (model_predict); probabilities are printed as lrpredict prints them
 * (%.6f), so the two answers can be compared as text.
 */
static int
predict(const struct serve *s, const unsigned char *body, size_t n,
    struct serve_reply *r)
{
	unsigned char pix[REC_PIXELS];
	char why[NORM_WHY];
	double p[10];
	int k, best;

	if (n > s->max_body) {
		snprintf(why, sizeof why, "request too large: more than the "
		    "limit of %zu bytes (--max-body raises it)", s->max_body);
		return error(r, 413, why);
	}
	if (s->m == NULL)
		return error(r, 503, "no model loaded");
	if ((k = norm_buffer(body, n, &s->norm, pix, why, sizeof why)) != 0)
		return error(r, k == IMG_TOO_LARGE ? 413 : 400, why);
	best = model_predict(s->m, pix, p);
	r->size = 0;
	put(r, "{\"digit\":%d,\"probability\":%.6f,\"probabilities\":[",
	    best, p[best]);
	for (k = 0; k < 10; k++)
		put(r, "%s%.6f", k ? "," : "", p[k]);
	put(r, "],\"input\":[");
	for (k = 0; k < REC_PIXELS; k++)
		put(r, "%s%d", k ? "," : "", pix[k]);
	put(r, "]}\n");
	return reply_json(r, 200);
}

int
serve_handle(const struct serve *s, const char *method, const char *path,
    const char *ctype, const unsigned char *body, size_t n,
    struct serve_reply *r)
{
	const struct serve_file *f;
	size_t plen;
	int get;

	r->status = 0;
	r->type = r->allow = NULL;
	r->api = 0;
	r->body = r->buf;
	r->size = 0;
	if (method == NULL || path == NULL)
		return error(r, 400, "bad request");
	plen = strcspn(path, "?#");	/* the query string plays no part */
	get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;

#define IS(p) (plen == sizeof(p) - 1 && strncmp(path, p, plen) == 0)
	if (IS("/api/predict")) {
		if (strcmp(method, "POST") != 0) {
			r->allow = "POST";
			return error(r, 405, "method not allowed (use POST "
			    "with a PNG or JPEG body)");
		}
		if (!picture_type(ctype))
			return error(r, 415, "unsupported content type (send "
			    "the picture itself as image/png or image/jpeg)");
		return predict(s, body, n, r);
	}
	if (IS("/healthz") || IS("/api/model")) {
		if (!get) {
			r->allow = "GET, HEAD";
			return error(r, 405, "method not allowed");
		}
		if (IS("/healthz")) {
			r->size = 0;
			put(r, "{\"status\":\"ok\"}\n");
			return reply_json(r, 200);
		}
		if (s->model_json == NULL)
			return error(r, 404, "no model");
		reply_json(r, 200);
		r->body = s->model_json;
		r->size = s->model_json_size;
		return 200;
	}
	for (f = s->files; f != NULL && f->path != NULL; f++) {
		if (strlen(f->path) != plen || strncmp(path, f->path, plen))
			continue;
		if (!get) {
			r->allow = "GET, HEAD";
			return error(r, 405, "method not allowed");
		}
		r->status = 200;
		r->type = f->type;
		r->body = (const char *)f->data;
		r->size = f->size;
		return 200;
	}
#undef IS
	return error(r, 404, "not found");
}
