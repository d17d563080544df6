/* SPDX-License-Identifier: ISC */
/*
 * ink.c: from a decoded photo or drawing to an ink map: a plane where
 * paper is 0 and ink is up to 255, with the ink found by its polarity
 * (or the alpha channel), uneven lighting flattened, levels stretched,
 * and specks dropped. Uses: img.h, plane.h, util.h (dp_fail).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "img.h"
#include "ink.h"
#include "plane.h"
#include "util.h"

#define WORK_SIDE	INK_WORK_SIDE
#define FAINT		12	/* ink contrast below this (of 255) is no ink */

/* Where the ink is, decided on the original picture. */
enum { INK_ALPHA, INK_GREY };


/*
 * The working plane: the picture reduced by an integer box factor f (so
 * that its short side stays >= WORK_SIDE) with each pixel turned into one
 * value: the alpha when the ink is the alpha, else the grey composited on
 * white, c = (g a + 255 (255 - a)) / 255.
 */
static double *
work_plane(const struct img *im, int mode, int *pw, int *ph, int *pf)
{
	int f, w, h, x, y, i, j, s = im->w < im->h ? im->w : im->h;
	double *p;

	f = s / WORK_SIDE;
	if (f < 1)
		f = 1;
	w = im->w / f;
	h = im->h / f;
	if (w < 1 || h < 1)
		w = h = f = 1;
	if ((p = malloc((size_t)w * h * sizeof *p)) == NULL)
		return NULL;
	if (f == 1 && w == im->w && h == im->h) {
		/* No reduction: the same values, acc / 1 = g, pixel by
		 * pixel (w = im->w, h = im->h). */
		size_t k, n = (size_t)w * h;

		if (mode == INK_ALPHA)
			for (k = 0; k < n; k++)
				p[k] = im->alpha[k];
		else if (im->alpha != NULL)
			for (k = 0; k < n; k++) {
				double g = im->grey[k], a = im->alpha[k];

				p[k] = (g * a + 255 * (255 - a)) / 255;
			}
		else
			for (k = 0; k < n; k++)
				p[k] = im->grey[k];
		*pw = w;
		*ph = h;
		if (pf != NULL)
			*pf = 1;
		return p;
	}
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			double acc = 0;

			for (j = 0; j < f; j++) {
				size_t r = (size_t)(y * f + j) * im->w + (size_t)x * f;

				for (i = 0; i < f; i++) {
					double g = im->grey[r + i];

					if (mode == INK_ALPHA)
						g = im->alpha[r + i];
					else if (im->alpha != NULL) {
						double a = im->alpha[r + i];

						g = (g * a + 255 * (255 - a)) / 255;
					}
					acc += g;
				}
			}
			p[(size_t)y * w + x] = acc / ((double)f * f);
		}
	*pw = w;
	*ph = h;
	if (pf != NULL)
		*pf = f;
	return p;
}

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
 */
static int
flatten(double *v, int w, int h, double *noise, double *q99)
{
	size_t n = (size_t)w * h, k, ns = 0;
	unsigned char *ink;
	double *res, t, c[6] = {0}, lo = 1e300, hi = -1e300, med;
	double *bv, *bx, *by;
	unsigned char *keep;
	int x, y, i, j, d = 2, B, nbx, nby, nb, it;

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
	for (j = 0; j < nby; j++)
		for (i = 0; i < nbx; i++) {
			int b = j * nbx + i, m = 0;

			for (y = j * B; y < (j + 1) * B && y < h; y++)
				for (x = i * B; x < (i + 1) * B && x < w; x++)
					res[m++] = v[(size_t)y * w + x];
			bv[b] = plane_quantile(res, m, 0.25);
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

/*
 * Drop specks: 8-connected components of {v > 0} whose ink mass is under
 * 2% of the total and that are small (under 1/400 of the plane). Returns
 * the remaining mass.
 */
static double
despeckle(double *v, int w, int h)
{
	size_t n = (size_t)w * h, k, top, cnt, i;
	int *lab, ncomp = 0, c;
	size_t *stack;
	double total = 0, *mass = NULL;
	size_t *size = NULL;

	/* The 8 neighbours of an inner pixel, row by row. */
	const ptrdiff_t o[8] = {-(ptrdiff_t)w - 1, -(ptrdiff_t)w,
	    -(ptrdiff_t)w + 1, -1, 1, w - 1, w, w + 1};

	lab = calloc(n, sizeof *lab);
	stack = malloc(n * sizeof *stack);
	if (lab == NULL || stack == NULL)
		goto out;
	for (k = 0; k < n; k++) {
		if (v[k] <= 0 || lab[k] != 0)
			continue;
		ncomp++;
		{
			double *m2 = realloc(mass, ncomp * sizeof *mass);
			size_t *s2;

			if (m2 == NULL)
				goto out;
			mass = m2;
			s2 = realloc(size, ncomp * sizeof *size);
			if (s2 == NULL)
				goto out;
			size = s2;
		}
		mass[ncomp - 1] = 0;
		cnt = 0;
		top = 0;
		stack[top++] = k;
		lab[k] = ncomp;
		while (top > 0) {
			size_t p = stack[--top];
			int px = (int)(p % w), py = (int)(p / w), dx, dy;

			mass[ncomp - 1] += v[p];
			cnt++;
			if (px > 0 && py > 0 && px < w - 1 && py < h - 1) {
				/* Inside: the same 8 neighbours in the same
				 * order, without the edge tests. */
				int e;

				for (e = 0; e < 8; e++) {
					size_t q = (size_t)((ptrdiff_t)p + o[e]);

					if (v[q] > 0 && lab[q] == 0) {
						lab[q] = ncomp;
						stack[top++] = q;
					}
				}
				continue;
			}
			for (dy = -1; dy <= 1; dy++)
				for (dx = -1; dx <= 1; dx++) {
					int qx = px + dx, qy = py + dy;
					size_t q;

					if (qx < 0 || qy < 0 || qx >= w || qy >= h)
						continue;
					q = (size_t)qy * w + qx;
					if (v[q] > 0 && lab[q] == 0) {
						lab[q] = ncomp;
						stack[top++] = q;
					}
				}
		}
		size[ncomp - 1] = cnt;
		total += mass[ncomp - 1];
	}
	if (ncomp > 1) {
		double keep = 0;

		for (i = 0; i < n; i++) {
			if ((c = lab[i]) == 0)
				continue;
			if (mass[c - 1] < 0.02 * total && size[c - 1] * 400 < n)
				v[i] = 0;
			else
				keep += v[i];
		}
		total = keep;
	}
out:
	if (lab == NULL || stack == NULL || (ncomp > 0 && size == NULL)) {
		total = 0;
		for (k = 0; k < n; k++)
			total += v[k] > 0 ? v[k] : 0;
	}
	free(lab);
	free(stack);
	free(mass);
	free(size);
	return total;
}

/* The ring that counts as the border of a w x h picture: 1/32 of its
 * short side, at least one pixel. */
static int
border_width(int w, int h)
{
	return (w < h ? w : h) / 32 + 1;
}

double *
ink_plane(const struct img *im, int *w, int *h)
{
	return work_plane(im, INK_GREY, w, h, NULL);
}

/*
 * The ink map of a picture: which channel holds the ink (a transparent
 * border: the alpha, whatever its colour), the working plane, polarity,
 * flat background, levels, specks.
 */
int
ink_map(const struct img *im, int invert, struct ink *out, char *why,
    size_t wl)
{
	double *v, noise, q99, lo, hi;
	int mode = INK_GREY, w, h, f, x, y, r, guessed = 0;
	size_t n, k, ni;

	out->v = NULL;
	out->w = out->h = out->f = 0;
	/* Transparent border: the ink is the alpha, whatever its colour. */
	if (im->alpha != NULL) {
		unsigned long long sum = 0, cnt = 0;

		/* The ring only: in the rows between its top and bottom
		 * bands, the columns x < r and x >= w - r (from r - 1 a step
		 * of w - 2r + 1 lands on w - r). */
		r = border_width(im->w, im->h);
		for (y = 0; y < im->h; y++) {
			const unsigned char *a = im->alpha + (size_t)y * im->w;
			int inner = y >= r && y < im->h - r;
			int step = inner && im->w > 2 * r ? im->w - 2 * r + 1 : 1;

			for (x = 0; x < im->w; x += x == r - 1 ? step : 1) {
				sum += a[x];
				cnt++;
			}
		}
		if (sum < 128 * cnt)
			mode = INK_ALPHA;
	}
	if ((v = work_plane(im, mode, &w, &h, &f)) == NULL)
		return dp_fail(why, wl, "out of memory");
	n = (size_t)w * h;
	if (mode == INK_GREY) {
		/*
		 * Polarity: the border is paper, p its median; the ink lies
		 * on the side that reaches farther from it: dark ink if
		 * p - q(0.5%) > q(99.5%) - p (uneven light stretches both
		 * sides; the ink stretches one more). Dark ink means the ink
		 * plane is 255 - grey.
		 */
		int inv = invert;

		if (inv == INK_AUTO) {
			double p, q0, q1, qs[2] = {0.005, 0.995}, qv[2];

			guessed = 1;
			r = border_width(w, h);
			p = plane_border_median(v, w, h, r);
			plane_quantiles(v, n, qs, qv, 2);
			q0 = qv[0];
			q1 = qv[1];
			inv = p - q0 > q1 - p;
			if (q1 - q0 < FAINT) {
				free(v);
				return dp_fail(why, wl, "no ink found");
			}
		}
		if (inv)
			for (k = 0; k < n; k++)
				v[k] = 255 - v[k];
	}
	if (flatten(v, w, h, &noise, &q99) != 0) {
		free(v);
		return dp_fail(why, wl, "out of memory");
	}
	/*
	 * Levels: lo = the larger of 3 sigma of the paper's noise and its
	 * 99th percentile (grain, texture and leftover shading go to 0),
	 * hi = the ink's strength, the 99.5th percentile of the plane (thin
	 * strokes may cover only a percent of it); then
	 *   out = 255 (v - lo) / (hi - lo), clamped to [0, 255].
	 * Ink already near full strength on clean paper (hi >= 240, lo < 1)
	 * is left as it is, so MNIST-like pictures keep their exact values.
	 */
	lo = 3 * noise > q99 ? 3 * noise : q99;
	for (k = ni = 0; k < n && ni == 0; k++)	/* any ink above lo */
		ni += v[k] > lo;
	hi = plane_quantile(v, n, 0.995);
	if (ni == 0 || hi - lo < FAINT || hi - lo < 2 * noise) {
		free(v);
		return dp_fail(why, wl, guessed ? "no ink found (if the "
		    "picture has ink, say its colour: --invert for dark ink, "
		    "--no-invert for light ink)" : "no ink found");
	}
	if (hi >= 240 && lo < 1)
		hi = 255, lo = 0;
	for (k = 0; k < n; k++) {
		double u;

		/* lo = 0, hi = 255 and a whole v (a clean drawing): v 255
		 * is exact and so is its division by 255, u = v. */
		if (lo == 0 && hi == 255 && v[k] > -1e9 && v[k] < 1e9 &&
		    v[k] == (int)v[k])
			u = v[k];
		else
			u = (v[k] - lo) * 255 / (hi - lo);
		v[k] = u <= 0 ? 0 : u >= 255 ? 255 : u;
	}
	if (despeckle(v, w, h) <= 0) {
		free(v);
		return dp_fail(why, wl, "no ink found");
	}
	out->v = v;
	out->w = w;
	out->h = h;
	out->f = f;
	return 0;
}
