/* SPDX-License-Identifier: ISC */
/*
 * serve.h: lrserve's answers, without sockets (serve.c).
 */
#ifndef DIGITPIPE_SERVE_H
#define DIGITPIPE_SERVE_H

#include <stddef.h>
#include "model.h"
#include "norm.h"
#include "reply.h"

#define SERVE_MAX_BODY	(64UL << 20)	/* default body cap: 64 MiB */
#define SERVE_MAX_PARTS	1000		/* pictures in one form */
#define SERVE_KEEP_MAX	(64ULL << 20)	/* default cap of the keep file */

/* A file of the page (web/), compiled into the binary. */
struct serve_file {
	const char *path;		/* "/", "/app.js", ... */
	const char *type;		/* Content-Type */
	const unsigned char *data;
	size_t size;
};
struct serve {
	const struct model *m;		/* read-only, shared by all threads */
	double decline;			/* m's decline threshold, or 0 */
	struct norm_opt norm;		/* norm.max_pixels: the pixel cap */
	size_t max_body;		/* bytes; more is 413 */
	const struct serve_file *files;	/* ends with a NULL path; or NULL */
	char *model_json;		/* GET /api/model, built once */
	size_t model_json_size;
	int keep_fd;			/* lrserve --keep: O_APPEND, or -1 */
	unsigned long long keep_max;	/* its cap in bytes */
};
/* Defaults: 64 MiB body, NORM_MAX_PIXELS, no model (and so no /api/model
 * and no predictions): set one with serve_set_model before serving. */
void	serve_init(struct serve *s);
/* Serve m (read-only, shared by all threads): builds /api/model once. */
void	serve_set_model(struct serve *s, const struct model *m);
void	serve_free(struct serve *s);
/* Routes: GET|HEAD / and the page files, /healthz, /api/model;
 * GET /api/keep -> {"keep":true|false}; POST /api/keep?label=D with a
 * picture as for /api/predict appends its record, labelled D, to keep_fd
 * (one write of 1024 bytes under a lock; a short write is cut back off)
 * -> {"kept":D,"records":N}; 404 when keeping is off, 400 without a
 * label 0-9, 507 when the file would pass keep_max;
 * POST /api/predict with a PNG or JPEG body (image/png, image/jpeg,
 * application/octet-stream, application/x-www-form-urlencoded or no
 * type: the bytes decide) -> 200 {"name"?,"digit","probability",
 * "probabilities":[10],"input":[784]?} (?name=NAME echoes NAME, ?input=0
 * leaves out the input); declined by the model: "declined":true,
 * "answer":"not sure (maybe a or b)","maybe":[a,b] instead of "digit";
 * several marks side by side: {"number","probability","declined"?,
 * "answer"?,"digits":[{...,"box":[x,y,w,h]}]}; no digit-like mark:
 * {"declined":true,"answer":"not a digit","why"} (lrserve(1) has every
 * field); a multipart/form-data body gets one such line
 * per file part, named by its filename. Errors are {"name"?,"error":
 * "why","status":N}: 400 unreadable or no ink, 404, 405, 413 body over
 * max_body or picture over norm.max_pixels, 415 other type or bytes,
 * 503 no model. ctype and body may be NULL. Thread-safe on a shared s;
 * returns r->status; then serve_reply_free(r). */
int	serve_handle(const struct serve *s, const char *method,
	    const char *path, const char *ctype, const unsigned char *body,
	    size_t n, struct serve_reply *r);
void	serve_reply_free(struct serve_reply *r);

#endif
