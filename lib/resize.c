/* SPDX-License-Identifier: ISC */
/*
 * resize.c: area-averaging resampling of a plane of doubles or of bytes
 * (the last step of box.c, and the naive baseline).
 * Uses: runs.h.
 */
#include <math.h>
#include <stdlib.h>

#include "resize.h"
#include "runs.h"

/* SSE2 is on every x86-64; DP_NO_SSE2 (the ASan build) takes one row at
 * a time instead, so that the suite runs both. */
#if defined(__SSE2__) && !defined(DP_NO_SSE2)
#define USE_SSE2
#include <emmintrin.h>
#endif

/*
 * 1-D area averaging of n samples onto m samples: output o covers the
 * source interval [o s, (o+1) s), s = n / m, and is the mean of the
 * source over it (partial pixels weighted by their overlap). With n == m
 * it is an exact copy. Works for both shrinking and enlarging.
 * The spans and weights are the same for every row (and every column):
 * worked out once, they are o's sources i0[o] .. i0[o] + len[o] - 1 with
 * weights wt[off[o] ..], and the length d[o] of o's interval.
 */
struct area {
	int *i0, *len, *off;
	double *wt, *d;
};

/* The doubles and ints that area_spans lays out for n onto m. */
#define AREA_DOUBLES(n, m)	((size_t)(n) + 3 * (size_t)(m))
#define AREA_INTS(m)		(3 * (size_t)(m))

/* The spans of n onto m, in dbl (AREA_DOUBLES) and ints (AREA_INTS):
 * one block, as the allocator is slow next to this (and slower still
 * under the sanitizers). Each interval spans at most s + 2 sources. */
static void
area_spans(int n, int m, double *dbl, int *ints, struct area *A)
{
	double s = (double)n / m;
	int o, i, k = 0;

	A->d = dbl;
	A->wt = dbl + m;
	A->i0 = ints;
	A->len = ints + m;
	A->off = ints + 2 * (size_t)m;
	for (o = 0; o < m; o++) {
		double a = o * s, b = (o + 1) * s;
		int i0 = (int)floor(a), i1 = (int)ceil(b);

		if (i1 > n)
			i1 = n;
		A->i0[o] = i0;
		A->len[o] = i1 - i0;
		A->off[o] = k;
		A->d[o] = b - a;
		for (i = i0; i < i1; i++) {
			double lo = i > a ? i : a, hi = i + 1 < b ? i + 1 : b;

			A->wt[k++] = hi - lo;
		}
	}
}

/* One line: src (stride sstride) onto dst (stride dstride). The sum in
 * the order of the sources, then the division: the same numbers as
 * working each weight out in place. */
static void
area1d(const struct area *A, const double *src, long sstride, double *dst,
    int m, long dstride)
{
	int o, i;

	for (o = 0; o < m; o++) {
		const double *w = A->wt + A->off[o];
		const double *p = src + A->i0[o] * sstride;
		double acc = 0;

		for (i = 0; i < A->len[o]; i++)
			acc += w[i] * p[i * sstride];
		dst[o * dstride] = acc / A->d[o];
	}
}

/* The same from bytes standing for lut[byte] (lut[0] = 0), along a
 * row of n. Sources of byte 0 add +0 to a sum that starts at +0: an
 * output whose sources all lie before the row's first nonzero byte or
 * after its last is +0, without reading them. */
static void
area1d_bytes(const struct area *A, const unsigned char *src, int n,
    const double *lut, double *dst, int m)
{
	int o, i, a = runs_first(src, n, 1), e = runs_last(src, n, 1);

	for (o = 0; o < m; o++) {
		if (A->i0[o] > e || A->i0[o] + A->len[o] <= a) {
			dst[o] = 0;
			continue;
		}
		const double *w = A->wt + A->off[o];
		const unsigned char *p = src + A->i0[o];
		double acc = 0;

		for (i = 0; i < A->len[o]; i++)
			acc += w[i] * lut[p[i]];
		dst[o] = acc / A->d[o];
	}
}

#ifdef USE_SSE2
/*
 * area1d_bytes on two rows at once, one in each half of an SSE2 register:
 * each half adds the same products in the same order as area1d_bytes
 * (SSE2's double arithmetic is the scalar one, with no fused steps), so
 * the same numbers. An output past either row's ink sums +0s there and
 * is +0, as area1d_bytes makes it.
 */
static void
area1d_bytes2(const struct area *A, const unsigned char *s0,
    const unsigned char *s1, int n, const double *lut, double *d0,
    double *d1, int m)
{
	int o, i, a0 = runs_first(s0, n, 1), a1 = runs_first(s1, n, 1);
	int e0 = runs_last(s0, n, 1), e1 = runs_last(s1, n, 1);
	int a = a0 < a1 ? a0 : a1, e = e0 > e1 ? e0 : e1;

	for (o = 0; o < m; o++) {
		const double *w = A->wt + A->off[o];
		const unsigned char *p = s0 + A->i0[o], *q = s1 + A->i0[o];
		__m128d acc = _mm_setzero_pd();

		if (A->i0[o] > e || A->i0[o] + A->len[o] <= a) {
			d0[o] = d1[o] = 0;
			continue;
		}
		for (i = 0; i < A->len[o]; i++)
			acc = _mm_add_pd(acc, _mm_mul_pd(_mm_set1_pd(w[i]),
			    _mm_setr_pd(lut[p[i]], lut[q[i]])));
		acc = _mm_div_pd(acc, _mm_set1_pd(A->d[o]));
		_mm_storel_pd(d0 + o, acc);
		_mm_storeh_pd(d1 + o, acc);
	}
}
#endif

/* w x h -> tw x th by area averaging, rows first; the source is v, or b
 * standing for lut[b]. NULL when out of memory. */
static double *
resize(const double *v, const unsigned char *b, const double *lut, int w,
    int h, int tw, int th)
{
	double *tmp, *dst, *dbl;
	int *ints, x, y;
	struct area X, Y;
	size_t nd = (size_t)tw * h + AREA_DOUBLES(w, tw) + AREA_DOUBLES(h, th);

	tmp = malloc(nd * sizeof *tmp + (AREA_INTS(tw) + AREA_INTS(th)) *
	    sizeof *ints);
	dst = malloc((size_t)tw * th * sizeof *dst);
	if (tmp == NULL || dst == NULL) {
		free(tmp);
		free(dst);
		return NULL;
	}
	dbl = tmp + (size_t)tw * h;
	ints = (int *)(void *)(tmp + nd);
	area_spans(w, tw, dbl, ints, &X);
	area_spans(h, th, dbl + AREA_DOUBLES(w, tw), ints + AREA_INTS(tw), &Y);
	y = 0;
#ifdef USE_SSE2
	for (; b != NULL && y + 2 <= h; y += 2)
		area1d_bytes2(&X, b + (size_t)y * w, b + (size_t)(y + 1) * w,
		    w, lut, tmp + (size_t)y * tw, tmp + (size_t)(y + 1) * tw,
		    tw);
#endif
	for (; y < h; y++)
		if (b != NULL)
			area1d_bytes(&X, b + (size_t)y * w, w, lut,
			    tmp + (size_t)y * tw, tw);
		else
			area1d(&X, v + (size_t)y * w, 1, tmp + (size_t)y * tw, tw, 1);
	for (x = 0; x < tw; x++)
		area1d(&Y, tmp + x, tw, dst + x, th, tw);
	free(tmp);
	return dst;
}

double *
plane_resize(const double *src, int w, int h, int tw, int th)
{
	return resize(src, NULL, NULL, w, h, tw, th);
}

double *
plane_resize_bytes(const unsigned char *src, const double *lut, int w,
    int h, int tw, int th)
{
	return resize(NULL, src, lut, w, h, tw, th);
}
