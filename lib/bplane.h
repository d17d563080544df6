/* SPDX-License-Identifier: ISC */
/*
 * bplane.h: a plane of bytes, w x h, row-major (bplane.c): counts, and
 * plane.h's box, stroke width and dilation for bytes (or for values that grow
 * with them: thresholds become bytes, the max of values the max byte).
 */
#ifndef DIGITPIPE_BPLANE_H
#define DIGITPIPE_BPLANE_H

#include <stddef.h>

/* Add the counts of the values of p[0..n) to cnt. */
void	bplane_count(const unsigned char *p, size_t n, size_t cnt[256]);
/* 1 if the n bytes at p all equal v, else 0. */
int	bplane_all(const unsigned char *p, size_t n, int v);
/* For bytes standing for values lut[b] that never go down as b grows:
 * the first byte whose value is above t (strict) or at least t, 256 if
 * none, so that "value above t" is "byte at least that". */
int	bplane_first(const double lut[256], double t, int strict);
/* d = s ^ x, byte by byte (x = 0xff: 255 - s). */
void	bplane_copy(unsigned char *d, const unsigned char *s, size_t n, int x);
/* The bounding box of the values >= t; -1 (and x1 < 0) when there are
 * none. */
int	bplane_bbox(const unsigned char *b, int w, int h, int t, int *x0,
	    int *y0, int *x1, int *y1);
/* The mean stroke width of {b >= t}, rows stride bytes apart: 2 area /
 * boundary (-1 when out of memory). */
double	bplane_stroke_width(const unsigned char *b, size_t stride, int w,
	    int h, int t);
/* Grey dilation by a (2r+1) square, clipped to the plane; 0, or -1 when
 * out of memory (b unchanged). */
int	bplane_dilate(unsigned char *b, int w, int h, int r);

#endif
