/* SPDX-License-Identifier: ISC */
/*
 * serve.h: lrserve's answers, without sockets (serve.c).
 */
#ifndef DIGITPIPE_SERVE_H
#define DIGITPIPE_SERVE_H

#include <stddef.h>
#include "model.h"
#include "norm.h"

#define SERVE_MAX_BODY	(2UL << 20)	/* default body cap: 2 MiB */
#define SERVE_MAX_PIXELS 16000000ULL	/* default decoded-pixel cap */
#define SERVE_BUF	4096		/* any JSON answer but /api/model */

/* A file of the page (web/), compiled into the binary. */
struct serve_file {
	const char *path;		/* "/", "/app.js", ... */
	const char *type;		/* Content-Type */
	const unsigned char *data;
	size_t size;
};
struct serve {
	const struct model *m;		/* read-only, shared by all threads */
	struct norm_opt norm;		/* norm.max_pixels: the pixel cap */
	size_t max_body;		/* bytes; more is 413 */
	const struct serve_file *files;	/* ends with a NULL path; or NULL */
	char *model_json;		/* GET /api/model, built once */
	size_t model_json_size;
};
/* One answer. body points into buf, at a page file, or at model_json:
 * nothing to free. api: JSON from the API (Cache-Control: no-store);
 * allow: the Allow header of a 405, else NULL. */
struct serve_reply {
	int status;
	const char *type;
	const char *allow;
	int api;
	const char *body;
	size_t size;
	char buf[SERVE_BUF];
};
/* Defaults: 2 MiB body, 16 megapixels, no model (and so no /api/model
 * and no predictions): set one with serve_set_model before serving. */
void	serve_init(struct serve *s);
/* Serve m (read-only, shared by all threads): builds /api/model once. */
void	serve_set_model(struct serve *s, const struct model *m);
void	serve_free(struct serve *s);
/* Routes: GET|HEAD / and the page files, /healthz, /api/model;
 * POST /api/predict with an image/png or image/jpeg body -> 200
 * {"digit","probability","probabilities":[10],"input":[784]}; errors
 * are {"error":"why","status":N}: 400 unreadable or no ink, 404, 405,
 * 413 body over max_body, 415 other type. ctype and body may be NULL.
 * Thread-safe on a shared s; returns r->status. */
int	serve_handle(const struct serve *s, const char *method,
	    const char *path, const char *ctype, const unsigned char *body,
	    size_t n, struct serve_reply *r);

#endif
