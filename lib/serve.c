/* SPDX-License-Identifier: ISC */
/*
 * serve.c: what lrserve answers, without sockets: a method, a path, a
 * content type and the body bytes in; a status, headers and a body (JSON,
 * or a page file) out. lrserve's adapter and the fuzzers both call it.
 * One picture's answer is answer.c's.
 * Uses: answer.h, form.h, keep.h, model.h, norm.h, predict.h, rec.h,
 * reply.h, util.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answer.h"
#include "form.h"
#include "keep.h"
#include "model.h"
#include "predict.h"
#include "norm.h"
#include "rec.h"
#include "record.h"
#include "reply.h"
#include "serve.h"
#include "util.h"


/*
 * GET /api/model: the scale and the K x (D+1) weights (D pixel weights,
 * then the bias, as in the model file), built once: the page uses them to
 * show which pixels pushed the decision, w[k][j] * pix[j] * scale. A
 * model with a feature map says "features":true and lists no weights.
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
	    "{\"classes\":%d,\"scale\":%.17g,%s\"weights\":[", m->classes,
	    m->scale, m->feat ? "\"features\":true," : "");
	/* A feature model's weights are not per pixel: none for the page. */
	for (k = 0; k < m->classes && !m->feat; k++) {
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
serve_init(struct serve *s)
{
	memset(s, 0, sizeof *s);
	norm_defaults(&s->norm);
	s->max_body = SERVE_MAX_BODY;
	s->keep_fd = -1;
	s->keep_max = SERVE_KEEP_MAX;
}

void
serve_set_model(struct serve *s, const struct model *m)
{
	free(s->model_json);
	s->model_json = NULL;
	s->m = m;
	/* lrserve checked it as lrpredict does: a bad key is refused there. */
	if (model_decline(m, &s->decline) != 0)
		s->decline = 0;
	model_json(s);
}

void
serve_free(struct serve *s)
{
	free(s->model_json);
	s->model_json = NULL;
}

/*
 * multipart/form-data: every part with a filename is a picture, answered
 * in order, one JSON line each; other fields are ignored. One picture:
 * the HTTP status is its own; several: 200, each line saying its own.
 */
static int
predict_form(const struct serve *s, const char *ct, const unsigned char *body,
    size_t n, const struct form_query *q, struct serve_reply *r)
{
	char b[80], delim[84], name[FORM_NAME_MAX + 1];
	const unsigned char *p, *end = body + n, *h, *he, *d;
	size_t dl;
	int st = 200, parts = 0;

	if (!form_boundary(ct, b, sizeof b))
		return reply_error(r, 400, "multipart form without a boundary");
	dl = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", b);
	/* The first delimiter may open the body (no CRLF before it). */
	if (n >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0)
		p = body + dl - 2;
	else if ((p = form_find(body, n, delim, dl)) != NULL)
		p += dl;
	else
		return reply_error(r, 400, "multipart form without its boundary");
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;				/* the closing delimiter */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			p += 2;
		else
			return reply_error(r, 400, "malformed multipart form");
		if ((he = form_find(p, (size_t)(end - p), "\r\n\r\n", 4)) == NULL)
			return reply_error(r, 400, "malformed multipart form");
		h = p;
		p = he + 4;
		if ((d = form_find(p, (size_t)(end - p), delim, dl)) == NULL)
			return reply_error(r, 400, "malformed multipart form (no "
			    "closing boundary)");
		if (form_filename((const char *)h, (const char *)he, name)) {
			int k;

			if (++parts > SERVE_MAX_PARTS) {
				snprintf(name, sizeof name, "more than %d "
				    "pictures in one request", SERVE_MAX_PARTS);
				return reply_error(r, 413, name);
			}
			k = answer_picture(s->m, s->decline, &s->norm, p,
			    (size_t)(d - p),
			    q->has_name && parts == 1 ? q->name : name,
			    q->input, 1, r);
			st = parts == 1 ? k : 200;
		}
		p = d + dl;
	}
	if (parts == 0)
		return reply_error(r, 400, "no file in the form (send the picture "
		    "as a file field, as curl -F 'file=@x.png' does)");
	if (r->oom)
		return reply_error(r, 503, "out of memory");
	return reply_json(r, st);
}

/*
 * POST /api/predict. The body is the picture itself (image/png,
 * image/jpeg, application/octet-stream, curl's default
 * application/x-www-form-urlencoded or no type: the bytes decide), or a
 * multipart/form-data form of one or more pictures.
 */
static int
predict(const struct serve *s, const char *path, const char *ctype,
    const unsigned char *body, size_t n, struct serve_reply *r)
{
	static const char *const plain[] = { "image/png", "image/jpeg",
	    "image/jpg", "application/octet-stream",
	    "application/x-www-form-urlencoded" };
	struct form_query q;
	char why[NORM_WHY];
	size_t i;
	int st;

	if (n > s->max_body) {
		snprintf(why, sizeof why, "request too large: more than the "
		    "limit of %zu bytes (--max-body raises it)", s->max_body);
		return reply_error(r, 413, why);
	}
	for (i = 0; ctype != NULL && i < sizeof plain / sizeof plain[0]; i++)
		if (form_type_is(ctype, plain[i]))
			break;
	if (ctype != NULL && i == sizeof plain / sizeof plain[0] &&
	    !form_type_is(ctype, "multipart/form-data")) {
		snprintf(why, sizeof why, "unsupported content type (send a "
		    "PNG or JPEG picture as the body, or in a multipart form)");
		return reply_error(r, 415, why);
	}
	if (s->m == NULL)
		return reply_error(r, 503, "no model loaded");
	form_query(path, &q);
	r->size = 0;
	if (ctype != NULL && form_type_is(ctype, "multipart/form-data"))
		return predict_form(s, ctype, body, n, &q, r);
	/* A body said to be a PNG or JPEG goes to the decoder (400 if it is
	 * not one); a body of another type must show it is one (415). */
	st = answer_picture(s->m, s->decline, &s->norm, body, n,
	    q.has_name ? q.name : NULL, q.input,
	    ctype == NULL || !(form_type_is(ctype, "image/png") ||
	    form_type_is(ctype, "image/jpeg") || form_type_is(ctype, "image/jpg")), r);
	if (r->oom)
		return reply_error(r, 503, "out of memory");
	return reply_json(r, st);
}

/*
 * POST /api/keep?label=D: the picture normalized as for /api/predict,
 * labelled D, named by ?name= (a record's name only: the file is the
 * server's own), appended to the keep file as one whole record.
 */
static int
keep(const struct serve *s, const char *path, const char *ctype,
    const unsigned char *body, size_t n, struct serve_reply *r)
{
	unsigned char buf[REC_SIZE];
	unsigned long long count;
	char why[NORM_WHY];
	struct form_query q;
	struct rec rec;
	int k;

	if (s->keep_fd < 0)
		return reply_error(r, 404, "keeping corrections is off (lrserve "
		    "--keep FILE)");
	form_query(path, &q);
	if (q.label < 0)
		return reply_error(r, 400, "label=D (a digit 0-9) is required");
	if (n > s->max_body) {
		snprintf(why, sizeof why, "request too large: more than the "
		    "limit of %zu bytes (--max-body raises it)", s->max_body);
		return reply_error(r, 413, why);
	}
	if (ctype != NULL && !form_type_is(ctype, "image/png") &&
	    !form_type_is(ctype, "image/jpeg") &&
	    !form_type_is(ctype, "image/jpg") &&
	    !form_type_is(ctype, "application/octet-stream") &&
	    !form_type_is(ctype, "application/x-www-form-urlencoded"))
		return reply_error(r, 415, "unsupported content type (send a PNG or "
		    "JPEG picture as the body)");
	memset(&rec, 0, sizeof rec);
	if ((k = norm_buffer(body, n, &s->norm, rec.pix, why, sizeof why)) != 0)
		return reply_error(r, k == IMG_TOO_LARGE ? 413 : 400, why);
	rec.label = (unsigned char)q.label;
	rec_set_name(&rec, q.has_name ? q.name : "lrserve --keep");
	rec_pack(&rec, buf);
	if ((k = keep_append(s->keep_fd, s->keep_max, buf, &count, why,
	    sizeof why)) != 0) {
		char msg[NORM_WHY + 32];

		if (k > 0)
			snprintf(msg, sizeof msg, "the keep file is full (%llu "
			    "bytes; --keep-max raises it)", s->keep_max);
		else
			snprintf(msg, sizeof msg, "cannot keep it (%s)", why);
		return reply_error(r, 507, msg);
	}
	r->size = 0;
	reply_put(r, "{\"kept\":%d,\"records\":%llu}\n", q.label, count);
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
	r->heap = NULL;
	r->cap = 0;
	r->oom = 0;
	if (method == NULL || path == NULL)
		return reply_error(r, 400, "bad request");
	plen = strcspn(path, "?#");	/* the query string plays no part */
	get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;

#define IS(p) (plen == sizeof(p) - 1 && strncmp(path, p, plen) == 0)
	if (IS("/api/predict")) {
		if (strcmp(method, "POST") != 0) {
			r->allow = "POST";
			return reply_error(r, 405, "method not allowed (use POST "
			    "with a PNG or JPEG body)");
		}
		return predict(s, path, ctype, body, n, r);
	}
	if (IS("/api/keep")) {
		if (get) {
			r->size = 0;
			reply_put(r, "{\"keep\":%s}\n", s->keep_fd >= 0 ? "true" :
			    "false");
			return reply_json(r, 200);
		}
		if (strcmp(method, "POST") != 0) {
			r->allow = "GET, HEAD, POST";
			return reply_error(r, 405, "method not allowed");
		}
		return keep(s, path, ctype, body, n, r);
	}
	if (IS("/healthz") || IS("/api/model")) {
		if (!get) {
			r->allow = "GET, HEAD";
			return reply_error(r, 405, "method not allowed");
		}
		if (IS("/healthz")) {
			r->size = 0;
			reply_put(r, "{\"status\":\"ok\"}\n");
			return reply_json(r, 200);
		}
		if (s->model_json == NULL)
			return reply_error(r, 404, "no model");
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
			return reply_error(r, 405, "method not allowed");
		}
		r->status = 200;
		r->type = f->type;
		r->body = (const char *)f->data;
		r->size = f->size;
		return 200;
	}
#undef IS
	return reply_error(r, 404, "not found");
}
