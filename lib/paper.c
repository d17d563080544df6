/* SPDX-License-Identifier: ISC */
/*
 * paper.c: the paper under the ink: uneven light and shadows flattened
 * by a quadratic fit to the paper's blocks, and what is left of it
 * measured (its noise and its 99th percentile), for ink.c's levels.
 * Uses: plane.h.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "paper.h"
#include "plane.h"

/* The quadratic surface b(X, Y), X, Y in [-1, 1], of coefficients c. */
static double
quad(const double *c, double X, double Y)
{
	return c[0] + c[1] * X + c[2] * Y + c[3] * X * X + c[4] * X * Y +
	    c[5] * Y * Y;
}

/*
 * Flatten the background of the ink plane v (ink high) and measure what
 * is left of the paper. Uneven light and shadows are smooth, strokes are
 * not: cut the plane into blocks of about 1/10 of its short side, take
 * each block's 25th percentile (paper, unless the block is mostly ink),
 * and fit the quadratic b(x,y) = c0 + c1 x + c2 y + c3 x^2 + c4 x y +
 * c5 y^2 to these by least squares, leaving out the blocks that sit well
 * above the fit (ink-heavy ones), again until it settles. Then v -= b. A fit
 * that varies by less than 4 grey levels is replaced by the median of the
 * paper, so uniform backgrounds (drawings, MNIST-like pictures) are left
 * exactly as they are.
 * Paper pixels are those farther than 2 px from any pixel above Otsu's
 * threshold (all pixels, if that leaves under a fifth); *noise gets their
 * robust sigma, 1.4826 median |v|, and *q99 their 99th percentile
 * (texture and leftover shading to be cut).
 * A plane of whole values in [0, 255] comes with their counts (hist): its
 * percentiles are then counted, not selected (the same k-th smallest
 * values); when its paper is flat it stays whole, and *sub tells by how
 * much it went down (else *sub = INT_MIN).
 */
int
paper_flatten(double *v, int w, int h, const size_t *hist, double *noise,
    double *q99, int *sub)
{
	size_t n = (size_t)w * h, k, ns = 0;
	unsigned char *ink;
	double *res, t, c[6] = {0}, lo = 1e300, hi = -1e300, med;
	double *bv, *bx, *by;
	unsigned char *keep;
	int x, y, i, j, d = 2, B, nbx, nby, nb, it;
	size_t cnt[511];

	B = (w < h ? w : h) / 10;
	B = B < 4 ? 4 : B;
	nbx = (w + B - 1) / B;
	nby = (h + B - 1) / B;
	nb = nbx * nby;
	ink = calloc(n, 1);
	res = malloc((n > (size_t)B * B ? n : (size_t)B * B) * sizeof *res);
	bv = malloc(nb * sizeof *bv);
	bx = malloc(nb * sizeof *bx);
	by = malloc(nb * sizeof *by);
	keep = malloc(nb);
	if (ink == NULL || res == NULL || bv == NULL || bx == NULL ||
	    by == NULL || keep == NULL) {
		free(ink), free(res), free(bv), free(bx), free(by), free(keep);
		return -1;
	}
	*sub = INT_MIN;
	for (j = 0; j < nby; j++)
		for (i = 0; i < nbx; i++) {
			int b = j * nbx + i, m = 0;

			if (hist != NULL) {
				/* Whole values: the k-th smallest counted. */
				memset(cnt, 0, 256 * sizeof *cnt);
				for (y = j * B; y < (j + 1) * B && y < h; y++)
					for (x = i * B; x < (i + 1) * B && x < w; x++, m++)
						cnt[(int)v[(size_t)y * w + x]]++;
				bv[b] = plane_kth_count(cnt, 256, 0,
				    (size_t)(0.25 * (double)(m - 1) + 0.5));
			} else {
				for (y = j * B; y < (j + 1) * B && y < h; y++)
					for (x = i * B; x < (i + 1) * B && x < w; x++)
						res[m++] = v[(size_t)y * w + x];
				bv[b] = plane_quantile(res, m, 0.25);
			}
			/* Block centre in [-1, 1]. */
			x = i * B + (B < w - i * B ? B : w - i * B) / 2;
			y = j * B + (B < h - j * B ? B : h - j * B) / 2;
			bx[b] = w > 1 ? 2.0 * x / (w - 1) - 1 : 0;
			by[b] = h > 1 ? 2.0 * y / (h - 1) - 1 : 0;
			keep[b] = 1;
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
		memcpy(c, r, sizeof c);
	}
	/* The fit's range over the corners and centre tells if it matters. */
	for (j = -1; j <= 1; j++)
		for (i = -1; i <= 1; i++) {
			double b = quad(c, i, j);

			lo = b < lo ? b : lo;
			hi = b > hi ? b : hi;
		}
	if (hi - lo >= 4)
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++) {
				double X = w > 1 ? 2.0 * x / (w - 1) - 1 : 0;
				double Y = h > 1 ? 2.0 * y / (h - 1) - 1 : 0;

				v[(size_t)y * w + x] -= quad(c, X, Y);
			}
	/* Paper: farther than d (Chebyshev) from any pixel above Otsu's
	 * threshold of the flattened plane. The (2d+1) square is the product
	 * of two segments: mark the pixels within d along the row of a pixel
	 * above it (in row, one bit each), then the pixels within d along
	 * the column of a marked one. */
	if (hist != NULL && hi - lo < 4)
		t = plane_otsu_counts(hist, n);	/* v still the same */
	else
		t = plane_otsu(v, n);
	for (y = 0; y < h; y++) {
		unsigned char *row = ink + (size_t)y * w;
		const double *vr = v + (size_t)y * w;
		int last = -d - 1;	/* the last x with vr[x] >= t */

		for (x = 0; x < w + d; x++) {
			if (x < w && vr[x] >= t)
				last = x;
			if (x - d >= 0)
				row[x - d] = x - last <= 2 * d ? 2 : 0;
		}
	}
	for (x = 0; x < w; x++) {
		int last = -d - 1;	/* the last y with a row mark */

		for (y = 0; y < h + d; y++) {
			if (y < h && ink[(size_t)y * w + x] & 2)
				last = y;
			if (y - d >= 0)
				ink[(size_t)(y - d) * w + x] |= y - last <= 2 * d;
		}
	}
	if (hist != NULL && hi - lo < 4) {
		/* Whole and flat: the statistics from counts, as
		 * plane_whole_stats has them. */
		memset(cnt, 0, sizeof cnt);
		for (k = 0; k < n; k++)
			if (!(ink[k] & 1))
				cnt[(int)v[k] + 255]++, ns++;
		if (ns < n / 5)
			for (i = 0, ns = n; i < 256; i++)
				cnt[i + 255] = hist[i];
		plane_count_stats(cnt, ns, 1, &med, q99, noise);
		for (k = 0; med != 0 && k < n; k++)	/* v - 0 is v */
			v[k] -= med;
		*sub = (int)med;
		free(ink), free(res), free(bv), free(bx), free(by), free(keep);
		return 0;
	}
	for (k = 0; k < n; k++)
		if (!(ink[k] & 1))
			res[ns++] = v[k];
	/* Ink all over means no structure at all, just grain: then every
	 * pixel is paper. */
	if (ns < n / 5)
		for (k = ns = 0; k < n; k++)
			res[ns++] = v[k];
	if (plane_whole_stats(res, ns, hi - lo < 4, &med, q99, noise) == 0) {
		if (hi - lo < 4)
			for (k = 0; k < n; k++)
				v[k] -= med;
		free(ink), free(res), free(bv), free(bx), free(by), free(keep);
		return 0;
	}
	med = plane_quantile(res, ns, 0.5);
	if (hi - lo < 4)
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
	free(ink), free(res), free(bv), free(bx), free(by), free(keep);
	return 0;
}
