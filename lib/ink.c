/* SPDX-License-Identifier: ISC */
/*
 * ink.c: from a decoded photo or drawing to an ink map: a plane where
 * paper is 0 and ink is up to 255, with the ink found by its polarity
 * (or the alpha channel), uneven lighting flattened (paper.c), levels
 * stretched, and specks dropped. Uses: img.h, paper.h, plane.h, util.h
 * (dp_fail).
 */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "img.h"
#include "ink.h"
#include "paper.h"
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

/* The median of the ring of width r around a w x h picture of bytes
 * (plane_border_median's ring and k-th smallest, counted). */
static double
ring_median(const unsigned char *g, int w, int h, int r)
{
	size_t cnt[256] = {0}, nr = 0;
	int x, y, a = r < w ? r : w, b = w - r > r ? w - r : r;

	for (y = 0; y < h; y++) {
		const unsigned char *row = g + (size_t)y * w;

		if (y < r || y >= h - r) {
			for (x = 0; x < w; x++)
				cnt[row[x]]++;
			nr += (size_t)w;
			continue;
		}
		for (x = 0; x < a; x++)
			cnt[row[x]]++;
		for (x = b; x < w; x++)
			cnt[row[x]]++;
		nr += (size_t)a + (size_t)(w - b);
	}
	return plane_kth_count(cnt, 256, 0,
	    (size_t)(0.5 * (double)(nr - 1) + 0.5));
}

/* The level of one value: out = 255 (v - lo) / (hi - lo), clamped to
 * [0, 255]; lo = 0, hi = 255 and a whole v (a clean drawing): v 255 is
 * exact and so is its division by 255, u = v. */
static double
level(double v, double lo, double hi)
{
	double u;

	if (lo == 0 && hi == 255 && v > -1e9 && v < 1e9 && v == (int)v)
		u = v;
	else
		u = (v - lo) * 255 / (hi - lo);
	return u <= 0 ? 0 : u >= 255 ? 255 : u;
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
	int mode = INK_GREY, w, h, f, x, y, r, guessed = 0, sub = INT_MIN;
	size_t n, k, ni, hist[256], *hp = NULL;

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
	if (f == 1 && w == im->w && h == im->h &&
	    (mode == INK_ALPHA || im->alpha == NULL)) {
		/* The picture's own bytes: whole values, counted once; the
		 * quantiles below are then read off the counts (the same
		 * k-th smallest values). */
		const unsigned char *b = mode == INK_ALPHA ? im->alpha : im->grey;

		memset(hist, 0, sizeof hist);
		for (k = 0; k < n; k++)
			hist[b[k]]++;
		hp = hist;
	}
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
			if (hp != NULL) {
				p = ring_median(im->grey, w, h, r);
				q0 = plane_kth_count(hp, 256, 0, (size_t)(qs[0] *
				    (double)(n - 1) + 0.5));
				q1 = plane_kth_count(hp, 256, 0, (size_t)(qs[1] *
				    (double)(n - 1) + 0.5));
			} else {
				p = plane_border_median(v, w, h, r);
				plane_quantiles(v, n, qs, qv, 2);
				q0 = qv[0];
				q1 = qv[1];
			}
			inv = p - q0 > q1 - p;
			guessed = 1 + inv;	/* 2: dark ink guessed */
			if (q1 - q0 < FAINT) {
				free(v);
				return dp_fail(why, wl, "no ink found");
			}
		}
		if (inv) {
			for (k = 0; k < n; k++)
				v[k] = 255 - v[k];
			for (x = 0; hp != NULL && x < 128; x++) {
				size_t t = hist[x];

				hist[x] = hist[255 - x];
				hist[255 - x] = t;
			}
		}
	}
	if (paper_flatten(v, w, h, hp, &noise, &q99, &sub) != 0) {
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
	if (sub != INT_MIN) {
		/* Still whole: v = g - sub for the counts hist[g]. */
		int top = 255;

		while (top > 0 && hist[top] == 0)
			top--;
		ni = top - sub > lo;
		hi = plane_kth_count(hist, 256, sub,
		    (size_t)(0.995 * (double)(n - 1) + 0.5));
	} else {
		for (k = ni = 0; k < n && ni == 0; k++)	/* any ink above lo */
			ni += v[k] > lo;
		hi = plane_quantile(v, n, 0.995);
	}
	/*
	 * A thin pen in a large margin of paper covers under 0.5% of the
	 * plane, and its 99.5th percentile is still paper: before giving
	 * up, the strength of the ink is read at the 99.9th. So few pixels
	 * may also be grain, dust or a patch of light the flattening left,
	 * which stand a few grey levels out; a pen's stroke stands far out,
	 * so there the ink must be 4 times the faintest contrast.
	 */
	if (ni != 0 && (hi - lo < FAINT || hi - lo < 2 * noise)) {
		double h2 = sub != INT_MIN ? plane_kth_count(hist, 256, sub,
		    (size_t)(0.999 * (double)(n - 1) + 0.5)) :
		    plane_quantile(v, n, 0.999);

		if (h2 - lo >= 4 * FAINT && h2 - lo >= 2 * noise)
			hi = h2;
	}
	if (ni == 0 || hi - lo < FAINT || hi - lo < 2 * noise) {
		free(v);
		/*
		 * The guessed polarity found no ink: try the other one, as
		 * --invert or --no-invert would. The tails of the whole plane
		 * mislead when thin strokes in a large margin of paper cover
		 * under 0.5% of it: both quantiles are then the paper's uneven
		 * light. The wrong polarity finds nothing above the flattened
		 * paper; the right one must pass the same test of strength
		 * against the paper's noise, so a blank or noisy sheet is
		 * still refused.
		 */
		if (guessed && ink_map(im, 2 - guessed, out, why, wl) == 0)
			return 0;
		return dp_fail(why, wl, guessed ? "no ink found (if the "
		    "picture has ink, say its colour: --invert for dark ink, "
		    "--no-invert for light ink)" : "no ink found");
	}
	if (hi >= 240 && lo < 1)
		hi = 255, lo = 0;
	if (sub != INT_MIN) {
		/* Whole values in [-255, 255]: each one's level once. */
		double lut[511];

		for (x = 0; x < 511; x++)
			lut[x] = level(x - 255, lo, hi);
		for (k = 0; k < n; k++)
			v[k] = lut[(int)v[k] + 255];
	} else
		for (k = 0; k < n; k++)
			v[k] = level(v[k], lo, hi);
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
