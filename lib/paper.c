/* SPDX-License-Identifier: ISC */
/*
 * paper.c: the paper under the ink: uneven light and shadows flattened
 * by a quadratic fit to the paper's blocks, and what is left of it
 * measured (its noise and its 99th percentile), for ink.c's levels.
 * Uses: bplane.h, plane.h, runs.h.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bplane.h"
#include "paper.h"
#include "plane.h"
#include "runs.h"

/* The quadratic surface b(X, Y), X, Y in [-1, 1], of coefficients c. */
static double
quad(const double *c, double X, double Y)
{
	return c[0] + c[1] * X + c[2] * Y + c[3] * X * X + c[4] * X * Y +
	    c[5] * Y * Y;
}

/*
 * The paper's light, fitted. Uneven light and shadows are smooth, strokes
 * are not: cut the plane into blocks of about 1/10 of its short side, take
 * each block's 25th percentile (paper, unless the block is mostly ink),
 * and fit the quadratic b(x,y) = c0 + c1 x + c2 y + c3 x^2 + c4 x y +
 * c5 y^2 to these by least squares, leaving out the blocks that sit well
 * above the fit (ink-heavy ones), again until it settles.
 * The plane is v (doubles), or b (bytes: its percentiles are then
 * counted, not selected, the same k-th smallest values). c gets the fit;
 * returns its range over the corners and centre (a fit that varies by
 * less than 4 grey levels does not matter), or -1 when out of memory.
 */
static double
paper_fit(const double *v, const unsigned char *b, int w, int h, double c[6])
{
	double *res, lo = 1e300, hi = -1e300;
	double *bv, *bx, *by;
	unsigned char *keep;
	int x, y, i, j, B, nbx, nby, nb, it;
	size_t k, cnt[256];

	B = (w < h ? w : h) / 10;
	B = B < 4 ? 4 : B;
	nbx = (w + B - 1) / B;
	nby = (h + B - 1) / B;
	nb = nbx * nby;
	res = malloc((nb > B * B ? (size_t)nb : (size_t)B * B) * sizeof *res);
	bv = malloc(nb * sizeof *bv);
	bx = malloc(nb * sizeof *bx);
	by = malloc(nb * sizeof *by);
	keep = malloc(nb);
	if (res == NULL || bv == NULL || bx == NULL || by == NULL ||
	    keep == NULL) {
		free(res), free(bv), free(bx), free(by), free(keep);
		return -1;
	}
	memset(c, 0, 6 * sizeof *c);
	for (j = 0; j < nby; j++)
		for (i = 0; i < nbx; i++) {
			int n = j * nbx + i, m = 0;

			if (b != NULL) {
				/* Whole values: the k-th smallest counted, or
				 * the one value of a block of bare paper (most
				 * of a drawing's blocks: no counts to clear). */
				int bw = (i + 1) * B < w ? B : w - i * B;
				int v = b[(size_t)j * B * w + (size_t)i * B];

				for (y = j * B; y < (j + 1) * B && y < h; y++)
					if (!bplane_all(b + (size_t)y * w + i * B,
					    (size_t)bw, v))
						break;
				bv[n] = v;
				if (y < (j + 1) * B && y < h) {
					memset(cnt, 0, sizeof cnt);
					for (y = j * B; y < (j + 1) * B && y < h;
					    y++, m += bw)
						bplane_count(b + (size_t)y * w +
						    i * B, (size_t)bw, cnt);
					bv[n] = plane_kth_count(cnt, 256, 0,
					    (size_t)(0.25 * (double)(m - 1) + 0.5));
				}
			} else {
				for (y = j * B; y < (j + 1) * B && y < h; y++)
					for (x = i * B; x < (i + 1) * B && x < w; x++)
						res[m++] = v[(size_t)y * w + x];
				bv[n] = plane_quantile(res, m, 0.25);
			}
			/* Block centre in [-1, 1]. */
			x = i * B + (B < w - i * B ? B : w - i * B) / 2;
			y = j * B + (B < h - j * B ? B : h - j * B) / 2;
			bx[n] = w > 1 ? 2.0 * x / (w - 1) - 1 : 0;
			by[n] = h > 1 ? 2.0 * y / (h - 1) - 1 : 0;
			keep[n] = 1;
		}
	/*
	 * Start from a flat paper at the blocks' 20th percentile; then keep
	 * the blocks at most 2 sigmas + 2 above the current fit (sigma from
	 * the blocks below it, which are paper only: ink only ever lies
	 * above), fit them, and repeat until the kept set settles. Small
	 * pictures (MNIST-like ones) have no room for shading: flat only.
	 */
	memcpy(res, bv, nb * sizeof *res);
	c[0] = plane_quantile(res, nb, 0.2);
	for (it = 0; it < 10 && (w < h ? w : h) >= 64; it++) {
		double A[6][6] = {{0}}, rhs[6] = {0}, r[6], sd;
		int m = 0, changed = 0;

		for (k = 0; k < (size_t)nb; k++) {
			double e = bv[k] - quad(c, bx[k], by[k]);

			if (e <= 0)
				res[m++] = -e;
		}
		sd = 1.4826 * plane_quantile(res, m, 0.5);
		for (k = m = 0; k < (size_t)nb; k++) {
			int in = bv[k] - quad(c, bx[k], by[k]) <= 2 * sd + 2;
			double f[6] = {1, bx[k], by[k], bx[k] * bx[k],
			    bx[k] * by[k], by[k] * by[k]};

			changed |= in != keep[k];
			keep[k] = (unsigned char)in;
			if (!in)
				continue;
			m++;
			for (i = 0; i < 6; i++) {
				for (j = 0; j < 6; j++)
					A[i][j] += f[i] * f[j];
				rhs[i] += f[i] * bv[k];
			}
		}
		if (it > 0 && !changed)
			break;
		if (m < 12 || solve6(A, rhs, r) != 0)
			break;
		memcpy(c, r, 6 * sizeof *c);
	}
	free(res), free(bv), free(bx), free(by), free(keep);
	for (j = -1; j <= 1; j++)
		for (i = -1; i <= 1; i++) {
			double q = quad(c, i, j);

			lo = q < lo ? q : lo;
			hi = q > hi ? q : hi;
		}
	return hi - lo;
}

/*
 * Paper: the pixels farther than d = 2 (Chebyshev) from any pixel above
 * Otsu's threshold t. The (2d+1) square is the product of two segments:
 * mark the pixels within d along the row of a pixel above t (one bit
 * each), then the pixels within d along the column of a marked one;
 * ink[k] & 1 is set where pixel k is not paper. 0, or -1 when out of
 * memory.
 */
static int
paper_mark(const double *v, int w, int h, double t, unsigned char *ink)
{
	int x, y, d = 2, *last;

	for (y = 0; y < h; y++) {
		unsigned char *row = ink + (size_t)y * w;
		int l = -d - 1;	/* the last x at or above t */

		for (x = 0; x < w + d; x++) {
			if (x < w && v[(size_t)y * w + x] >= t)
				l = x;
			if (x - d >= 0)
				row[x - d] = x - l <= 2 * d ? 2 : 0;
		}
	}
	/* Row by row, the columns side by side: last[x] is the last y
	 * with a row mark in column x. */
	if ((last = malloc(w * sizeof *last)) == NULL)
		return -1;
	for (x = 0; x < w; x++)
		last[x] = -d - 1;
	for (y = 0; y < h + d; y++)
		for (x = 0; x < w; x++) {
			if (y < h && ink[(size_t)y * w + x] & 2)
				last[x] = y;
			if (y - d >= 0)
				ink[(size_t)(y - d) * w + x] |= y - last[x] <= 2 * d;
		}
	free(last);
	return 0;
}

/*
 * Flatten the background of the ink plane v (ink high) and measure what
 * is left of the paper: v -= b with b the fit of paper_fit (or fit, when
 * paper_flat_bytes found it, not flat), unless the fit varies by less
 * than 4 grey levels; then it is the median of the
 * paper that is taken off, so uniform backgrounds (drawings,
 * MNIST-like pictures) are left exactly as they are.
 * The paper's pixels (paper_mark; all pixels, if that leaves under a
 * fifth) give *noise, their robust sigma 1.4826 median |v|, and *q99,
 * their 99th percentile (texture and leftover shading to be cut).
 */
int
paper_flatten(double *v, int w, int h, const double *fit, double *noise,
    double *q99)
{
	size_t n = (size_t)w * h, k, ns = 0;
	unsigned char *ink;
	double *res, c[6], range, med;
	int x, y;

	if (fit != NULL)	/* found on the same values as bytes */
		memcpy(c, fit, sizeof c), range = 4;
	else if ((range = paper_fit(v, NULL, w, h, c)) < 0)
		return -1;
	ink = malloc(n);
	res = malloc(n * sizeof *res);
	if (ink == NULL || res == NULL) {
		free(ink), free(res);
		return -1;
	}
	if (range >= 4) {
		/* X of each column once, not once a pixel (the same sums). */
		double *X = malloc((size_t)w * sizeof *X);

		if (X == NULL) {
			free(ink), free(res);
			return -1;
		}
		for (x = 0; x < w; x++)
			X[x] = w > 1 ? 2.0 * x / (w - 1) - 1 : 0;
		for (y = 0; y < h; y++) {
			double Y = h > 1 ? 2.0 * y / (h - 1) - 1 : 0;

			for (x = 0; x < w; x++)
				v[(size_t)y * w + x] -= quad(c, X[x], Y);
		}
		free(X);
	}
	if (paper_mark(v, w, h, plane_otsu(v, n), ink) != 0) {
		free(ink), free(res);
		return -1;
	}
	for (k = 0; k < n; k++)
		if (!(ink[k] & 1))
			res[ns++] = v[k];
	free(ink);
	/* Ink all over means no structure at all, just grain: then every
	 * pixel is paper. */
	if (ns < n / 5)
		for (k = ns = 0; k < n; k++)
			res[ns++] = v[k];
	if (plane_whole_stats(res, ns, range < 4, &med, q99, noise) == 0) {
		if (range < 4)
			for (k = 0; k < n; k++)
				v[k] -= med;
		free(res);
		return 0;
	}
	med = plane_quantile(res, ns, 0.5);
	if (range < 4)
		for (k = 0; k < n; k++)
			v[k] -= med;
	else
		med = 0;
	for (k = 0; k < ns; k++)
		res[k] -= med;
	*q99 = plane_quantile(res, ns, 0.99);
	for (k = 0; k < ns; k++)
		res[k] = fabs(res[k]);
	*noise = 1.4826 * plane_quantile(res, ns, 0.5);
	free(res);
	return 0;
}

/*
 * paper_flatten for a plane of bytes b with the counts of its values
 * (hist): when the fit is flat, the paper's statistics come from counts
 * (as plane_whole_stats has them), *med is the median to take off, and
 * the plane need not change at all: returns 1. Returns 0 when the paper
 * is not flat, with its fit (paper_flatten on the plane as doubles then
 * takes it off), -1 when out of memory.
 * Here paper_mark's square is found from the runs above t: the pixels
 * near them in row y are the runs of rows y-2..y+2 widened by 2, and
 * the paper's counts are the plane's less theirs (counted as the plane
 * is, eight equal bytes at a time: a solid stroke is one value).
 */
int
paper_flat_bytes(const unsigned char *b, int w, int h, const size_t *hist,
    double *noise, double *q99, int *med, double fit[6])
{
	size_t n = (size_t)w * h, ns = n, cnt[511], near[256] = {0};
	struct runs A;
	double range, m;
	int i, j, x, y, t, d = 2, at[5];

	if ((range = paper_fit(NULL, b, w, h, fit)) < 0)
		return -1;
	if (range >= 4)
		return 0;
	t = (int)plane_otsu_counts(hist, n);
	if (runs_find(b, (size_t)w, w, h, t, &A) != 0)
		return -1;
	memset(cnt, 0, sizeof cnt);
	for (i = 0; i < 256; i++)
		cnt[i + 255] = hist[i];
	for (y = 0; y < h; y++) {
		const unsigned char *row = b + (size_t)y * w;
		int y0 = y - d < 0 ? 0 : y - d, y1 = y + d >= h ? h - 1 : y + d;

		/* the runs of the rows around, in order of x0 (merged from
		 * the rows' own orders), widened; their union taken off
		 * the paper */
		for (j = y0; j <= y1; j++)
			at[j - y0] = A.row[j];
		for (x = 0;;) {
			int best = -1, x0, x1;

			for (j = y0; j <= y1; j++)
				if (at[j - y0] < A.row[j + 1] && (best < 0 ||
				    A.r[at[j - y0]].x0 < A.r[at[best - y0]].x0))
					best = j;
			if (best < 0)
				break;
			x0 = A.r[at[best - y0]].x0 - d;
			x1 = A.r[at[best - y0]].x1 + d;
			at[best - y0]++;
			x0 = x0 > x ? x0 : x;
			x1 = x1 < w - 1 ? x1 : w - 1;
			if (x0 <= x1) {
				bplane_count(row + x0, (size_t)(x1 - x0 + 1),
				    near);
				ns -= (size_t)(x1 - x0 + 1);
				x = x1 + 1;
			}
		}
	}
	runs_free(&A);
	for (i = 0; i < 256; i++)
		cnt[i + 255] -= near[i];
	if (ns < n / 5)
		for (i = 0, ns = n; i < 256; i++)
			cnt[i + 255] = hist[i];
	if (ns == 0) {
		/* no paper at all (a picture of under 5 pixels): zeros, as
		 * the quantiles of nothing are in paper_flatten */
		*med = 0, *q99 = 0, *noise = 0;
		return 1;
	}
	plane_count_stats(cnt, ns, 1, &m, q99, noise);
	*med = (int)m;
	return 1;
}
