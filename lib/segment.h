/* SPDX-License-Identifier: ISC */
/*
 * segment.h: the digits written in one row on an ink map (segment.c).
 */
#ifndef DIGITPIPE_SEGMENT_H
#define DIGITPIPE_SEGMENT_H

#include <stddef.h>

#include "ink.h"

#define SEG_MAX		64	/* more marks than this: not a number */

/* One digit found: its box on the ink map and in the picture's pixels. */
/* Strong ink, of 255: what segment.c and cut.c build digits from. */
#define SEG_STRONG	64.0

struct seg_digit {
	int x, y, w, h;			/* on the ink map */
	unsigned box[4];	/* x, y, w, h in the picture's own pixels */
};

struct seg_result {
	int n;			/* digits, left to right */
	struct seg_digit d[SEG_MAX];
	int *lab;		/* ink map pixel -> digit 1..n, 0 none */
};

/*
 * Find the digits written in one row on the ink map: connected ink,
 * strokes above each other merged, specks, dust and ruled lines dropped,
 * touching pairs cut where the ink is thinnest, ordered left to right.
 * zoom: picture pixels per decoded pixel (JPEG DCT scaling; 0 means 1).
 * Returns 0 (seg_free it), or -1 with why (no ink, several lines, too
 * many marks, out of memory).
 */
int	segment_plane(const struct ink *pl, double zoom,
	    struct seg_result *res, char *why, size_t whylen);
void	seg_free(struct seg_result *res);

/* Is the ink of a picture read as one digit digit-like? NULL if so, else
 * the reason (a long flat stroke, ...). */
const char *seg_digit_like(const struct ink *pl, const struct seg_result *res);

/* The ink of digit id alone (lab from segment_plane), cropped: a new ink
 * map in out (free out->v). 0, or -1 (no such ink, out of memory). */
int	seg_plane(const struct ink *pl, const int *lab, int id,
	    struct ink *out);

#endif
