/* SPDX-License-Identifier: ISC */
/*
 * model.h: the text model file, digitpipe-model(5) (model.c).
 */
#ifndef DIGITPIPE_MODEL_H
#define DIGITPIPE_MODEL_H

#include <stddef.h>

#include "feat.h"

#define MODEL_MAX_META 32

struct model {
	int classes;		/* K = 10 */
	int width, height;	/* 28 x 28 */
	int dim;		/* D = width * height, or the feature map's */
	int feat;		/* 1: fm maps the pixels to the D inputs */
	struct featmap fm;
	double scale;		/* x = pixel * scale */
	float *w;		/* K x (D + 1), row k: D weights then bias */
	/* The not-a-digit gate (format 3; lrtrain --notdigit): for the
	 * class k the model answers, a logistic regression on a feature
	 * map of the record, p = 1 / (1 + exp(-(g_k . f + b_k))) with f the
	 * map's bytes; a record is not a digit when p >= gthr. */
	int gate;		/* 1: the model has one */
	struct featmap gfm;	/* its map, D' = gfm.dim inputs */
	float *gw;		/* K x (D' + 1): row k, D' weights then b_k */
	double gthr;		/* its threshold, 0 < gthr <= 1 */
	int nmeta;
	char *key[MODEL_MAX_META];	/* provenance: training options, data */
	char *val[MODEL_MAX_META];
};
void	model_init(struct model *m, int classes, int width, int height);
void	model_free(struct model *m);
/* Put the feature map f (checked) in front: D becomes f->dim, weights 0. */
void	model_set_features(struct model *m, const struct featmap *f);
/* Give m a gate on the map f (checked): weights 0, threshold 0.5. */
void	model_set_gate(struct model *m, const struct featmap *f);
void	model_set(struct model *m, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
const char *model_get(const struct model *m, const char *key);
/* Write atomically (temp file + fsync + rename); "-" is stdout. */
int	model_save(const struct model *m, const char *path);
/* Load and validate; on error print "prog: PATH: line N: why", return -1. */
int	model_load(struct model *m, const char *path);
/* The same on a model held in memory (n bytes, need not end in NUL); name
 * is used in messages. */
int	model_parse(struct model *m, const char *name,
	    const unsigned char *buf, size_t n);
/* What the model's inputs are, for messages: "the pixels", or "the
 * feature map '...'" as the model file writes it. */
void	model_inputs(const struct model *m, char *buf, size_t n);

#endif
