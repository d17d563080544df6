/* SPDX-License-Identifier: ISC */
/*
 * feat.h: fixed feature maps computed from a 28x28 record, in front of
 * the softmax regression (digitpipe-model(5), digitpipe(7)).
 *
 * The one map family, "grad" (version 1), is a pyramid of
 * gradient-orientation histograms: central differences give each pixel
 * a gradient g = (gx, gy); its energy in each of `orient` directions u is
 * max(0, g . u); the energies are summed over square cells of a few
 * sizes (half-cell stride), and each sum becomes one byte,
 * round(sqrt(sum * 255 / (64 * cell^2))) clamped to 255. Optionally the
 * 784 pixels come first. Every byte is decided in integer arithmetic:
 * the same bytes on every machine.
 */
#ifndef DIGITPIPE_FEAT_H
#define DIGITPIPE_FEAT_H

#include <stddef.h>
#include <stdio.h>

#define FEAT_NAME	"grad"	/* the map family */
#define FEAT_VERSION	1
#define FEAT_MAX_LEVELS	4	/* cell sizes */
#define FEAT_MIN_CELL	4
#define FEAT_MAX_CELL	28
/* 784 pixels + 4 levels x 13 x 13 cells (size 4) x 16 orientations */
#define FEAT_MAX_DIM	(784 + FEAT_MAX_LEVELS * 169 * 16)
#define FEAT_DEFAULT	"grad"	/* what lrtrain --features picks */

struct featmap {
	int orient;			/* 4, 8, 12 or 16 directions */
	int nlevel;			/* 1..FEAT_MAX_LEVELS cell sizes */
	int cell[FEAT_MAX_LEVELS];	/* 4..28 pixels, decreasing */
	int pixels;			/* 1: the 784 pixels come first */
	int dim;			/* bytes out, from feat_check */
};

/* One of the named maps (feat_names lists them): 0, or -1 if unknown. */
int	feat_preset(const char *name, struct featmap *f);
/* The names of the presets, NULL-terminated; the first is the default. */
extern const char *const feat_names[];
/* The one-line description of preset i. */
extern const char *const feat_about[];
/* Validate f and set f->dim: NULL, or why f is not a valid map. */
const char *feat_check(struct featmap *f);
/* The cells of one level: how many along each side. */
int	feat_side(int cell);
/* out[0 .. f->dim) = the features of 784 pixels (f checked). */
void	feat_map(const struct featmap *f, const unsigned char *pix,
	    unsigned char *out);
/* out + i * stride gets the features of record pixels pix + i * 784, for
 * i < n, computed on `threads` threads (1..FEAT_MAX_THREADS), each a
 * fixed share of the rows: the bytes do not depend on the count. The
 * rest of each row (stride > f->dim) is left as it is. */
#define FEAT_MAX_THREADS 64
void	feat_rows(const struct featmap *f, const unsigned char *pix, size_t n,
	    unsigned char *out, size_t stride, int threads);
/* The parameters as the model file writes them, "orientations 8 cells
 * 14 7 4 pixels 0", into buf (n bytes). */
void	feat_format(const struct featmap *f, char *buf, size_t n);
/* Parse what feat_format writes (then feat_check): NULL, or why not. */
const char *feat_parse(struct featmap *f, const char *s);
/* The presets, one "name  description" line each, on fp. */
void	feat_list(FILE *fp);

#endif
