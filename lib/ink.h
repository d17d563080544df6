/* SPDX-License-Identifier: ISC */
/*
 * ink.h: from a decoded picture to an ink map (ink.c).
 */
#ifndef DIGITPIPE_INK_H
#define DIGITPIPE_INK_H

#include <stddef.h>

#include "img.h"
#include "runs.h"

#define INK_AUTO	(-1)	/* polarity from the picture itself */
#define INK_WORK_SIDE	160	/* pictures are box-reduced to >= this short side */

/* An ink map: w x h, 0 where there is paper, up to 255 for full ink;
 * one of its pixels is f x f pixels of the decoded picture. Its values
 * are v, or, when the picture's own bytes went through the cleaning with
 * one level per byte value (a clean drawing or scan), lut[b[k]] (v is
 * then NULL): lut is non-decreasing with lut[0] = 0, so that the box,
 * thresholds and the max of a window are found on the bytes. */
struct ink {
	double *v;
	unsigned char *b;
	double lut[256];
	int w, h, f;
	/* The runs of the ink (values > 0) as ink_map left it, or NULL:
	 * plainly_one and box_digit read them rather than find them
	 * again. A copy whose values change must set it to NULL. */
	struct runs *runs;
};
/*
 * The ink of a picture, at a working size (the short side box-reduced to
 * about 160 px): from the alpha channel when the border is transparent,
 * else from the grey, dark ink on light paper when invert is 1, light on
 * dark when 0, decided from the border when INK_AUTO (the other one
 * tried when that finds no ink); background
 * flattened, levels stretched, specks dropped. Returns 0 (ink_free(out)),
 * or -1 with the reason in why ("no ink found", "out of memory"; when
 * the polarity was guessed, the reason says how to give it).
 */
int	ink_map(const struct img *im, int invert, struct ink *out, char *why,
	    size_t whylen);

/* The map as doubles (v), for the steps that take nothing else: 0, or
 * -1 when out of memory. */
int	ink_doubles(struct ink *ink);
void	ink_free(struct ink *ink);

/* The working plane of a picture, grey composited on white (no ink
 * found yet: 255 is white); NULL when out of memory. */
double	*ink_plane(const struct img *im, int *w, int *h);

#endif
