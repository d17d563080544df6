/* SPDX-License-Identifier: ISC */
/*
 * plane.h: operations on a plane of doubles, w x h, row-major (plane.c).
 */
#ifndef DIGITPIPE_PLANE_H
#define DIGITPIPE_PLANE_H

#include <stddef.h>

/* Otsu's threshold of values in [0, 255]. */
double	plane_otsu(const double *v, size_t n);
/* The same from the counts of the 256 bins, n = their sum. */
double	plane_otsu_counts(const size_t hist[256], size_t n);
/* The k-th smallest (from 0) of values counted in cnt[0..nb), cnt[i]
 * counting value i - off. */
int	plane_kth_count(const size_t *cnt, int nb, int off, size_t k);
/* The q-quantile (0..1) of n values: the k-th smallest, k = round(q (n-1)). */
double	plane_quantile(const double *v, size_t n, double q);
int	plane_whole_stats(const double *r, size_t n, int flat, double *med,
	    double *q99, double *noise);
/* The same from counts: cnt[v + 255] values v in [-255, 255], n > 0. */
void	plane_count_stats(const size_t cnt[511], size_t n, int flat,
	    double *med, double *q99, double *noise);
void	plane_quantiles(const double *v, size_t n, const double *q,
	    double *out, int m);
/* The median of the ring of width r around the plane. */
double	plane_border_median(const double *p, int w, int h, int r);
/* Solve the 6x6 system A c = b; -1 when A is singular (A, b destroyed). */
int	solve6(double A[6][6], double b[6], double c[6]);
/* The bounding box of the values > 0; -1 (and x1 < 0) when there are none. */
int	plane_bbox(const double *v, int w, int h, int *x0, int *y0, int *x1,
	    int *y1);
/* The mean stroke width of {v >= 128}: 2 area / boundary. */
double	plane_stroke_width(const double *v, int w, int h);
/* Grey dilation by a (2r+1) square, max(0, window) clipped to the
 * plane; 0, or -1 when out of memory (v unchanged). */
int	plane_dilate(double *v, int w, int h, int r);
/* v rounded and clamped to 0..255. */
unsigned char plane_byte(double v);

#endif
