/* SPDX-License-Identifier: ISC */
/*
 * ink.c: from a decoded photo or drawing to an ink map: a plane where
 * paper is 0 and ink is up to 255, with the ink found by its polarity
 * (or the alpha channel), uneven lighting flattened (paper.c), levels
 * stretched, and specks dropped (speck.c). Uses: bplane.h, img.h,
 * paper.h, plane.h, speck.h, util.h (dp_fail).
 */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bplane.h"
#include "img.h"
#include "ink.h"
#include "paper.h"
#include "plane.h"
#include "speck.h"
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
static void
work_size(const struct img *im, int *pw, int *ph, int *pf)
{
	int s = im->w < im->h ? im->w : im->h, f = s / WORK_SIDE;

	if (f < 1)
		f = 1;
	*pw = im->w / f;
	*ph = im->h / f;
	*pf = f;
	if (*pw < 1 || *ph < 1)
		*pw = *ph = *pf = 1;
}

static double *
work_plane(const struct img *im, int mode, int *pw, int *ph, int *pf)
{
	int f, w, h, x, y, i, j;
	double *p;

	work_size(im, &w, &h, &f);
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
	if (mode == INK_ALPHA || im->alpha == NULL) {
		/* Whole numbers: their sum as an integer is the sum of their
		 * doubles (exact below 2^53), so columns of f rows are
		 * summed first, then f columns, and divided once. */
		const unsigned char *src = mode == INK_ALPHA ? im->alpha :
		    im->grey;
		size_t k, wf = (size_t)w * f;
		uint32_t *col = malloc(wf * sizeof *col);

		if (col == NULL) {
			free(p);
			return NULL;
		}
		for (y = 0; y < h; y++) {
			memset(col, 0, wf * sizeof *col);
			for (j = 0; j < f; j++) {
				const unsigned char *row = src +
				    (size_t)(y * f + j) * im->w;

				for (k = 0; k < wf; k++)
					col[k] += row[k];
			}
			for (x = 0; x < w; x++) {
				uint64_t acc = 0;

				for (i = 0; i < f; i++)
					acc += col[(size_t)x * f + i];
				p[(size_t)y * w + x] = (double)acc /
				    ((double)f * f);
			}
		}
		free(col);
		*pw = w;
		*ph = h;
		if (pf != NULL)
			*pf = f;
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
	int y, a = r < w ? r : w, b = w - r > r ? w - r : r;

	for (y = 0; y < h; y++) {
		const unsigned char *row = g + (size_t)y * w;

		if (y < r || y >= h - r) {
			bplane_count(row, (size_t)w, cnt);
			nr += (size_t)w;
			continue;
		}
		bplane_count(row, (size_t)a, cnt);
		bplane_count(row + b, (size_t)(w - b), cnt);
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

int
ink_doubles(struct ink *ink)
{
	size_t k, n = (size_t)ink->w * ink->h;

	if (ink->v != NULL)
		return 0;
	if ((ink->v = malloc(n * sizeof *ink->v)) == NULL)
		return -1;
	for (k = 0; k < n; k++)
		ink->v[k] = ink->lut[ink->b[k]];
	free(ink->b);
	ink->b = NULL;
	return 0;
}

void
ink_free(struct ink *ink)
{
	free(ink->v);
	free(ink->b);
	if (ink->runs != NULL)
		runs_free(ink->runs);
	free(ink->runs);
	ink->v = NULL;
	ink->b = NULL;
	ink->runs = NULL;
}

/*
 * The ink map of a picture: which channel holds the ink (a transparent
 * border: the alpha, whatever its colour), the working plane, polarity,
 * flat background, levels, specks.
 *
 * A picture taken as it is (no reduction, no alpha to composite) has
 * whole values: they are counted once (hist), the quantiles below read
 * off the counts (the same k-th smallest values), and the plane is kept
 * as bytes (b) for as long as its paper is flat (a drawing, a scan,
 * MNIST itself): the levels are then a table of the byte values (lut),
 * and the map is the bytes and the table. Otherwise it is doubles (v)
 * from the flattening on. The same numbers either way, bytes being an
 * eighth of the memory and a fraction of the work.
 */
int
ink_map(const struct img *im, int invert, struct ink *out, char *why,
    size_t wl)
{
	double *v = NULL, noise, q99, lo, hi, total, fit[6];
	unsigned char *b = NULL;
	const unsigned char *src = NULL;
	int mode = INK_GREY, w, h, f, x, y, r, guessed = 0, sub = INT_MIN;
	int inv = 0;
	size_t n, k, ni, hist[256], *hp = NULL;

	out->v = NULL;
	out->b = NULL;
	out->runs = NULL;
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
	work_size(im, &w, &h, &f);
	n = (size_t)w * h;
	if (f == 1 && w == im->w && h == im->h &&
	    (mode == INK_ALPHA || im->alpha == NULL)) {
		/* The picture's own bytes (copied once the polarity is
		 * known). */
		src = mode == INK_ALPHA ? im->alpha : im->grey;
		memset(hist, 0, sizeof hist);
		bplane_count(src, n, hist);
		hp = hist;
	} else if ((v = work_plane(im, mode, &w, &h, &f)) == NULL)
		return dp_fail(why, wl, "out of memory");
	if (mode == INK_GREY) {
		/*
		 * Polarity: the border is paper, p its median; the ink lies
		 * on the side that reaches farther from it: dark ink if
		 * p - q(0.5%) > q(99.5%) - p (uneven light stretches both
		 * sides; the ink stretches one more). Dark ink means the ink
		 * plane is 255 - grey.
		 */
		inv = invert;
		if (inv == INK_AUTO) {
			double p, q0, q1, qs[2] = {0.005, 0.995}, qv[2];

			guessed = 1;
			r = border_width(w, h);
			if (hp != NULL) {
				p = ring_median(src, w, h, r);
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
				free(v), free(b);
				return dp_fail(why, wl, "no ink found");
			}
		}
		if (inv) {
			for (k = 0; v != NULL && k < n; k++)
				v[k] = 255 - v[k];
			for (x = 0; hp != NULL && x < 128; x++) {
				size_t t = hist[x];

				hist[x] = hist[255 - x];
				hist[255 - x] = t;
			}
		}
	}
	if (src != NULL) {
		int k2;

		/* 255 - g is g with every bit flipped. */
		if ((b = malloc(n)) == NULL)
			return dp_fail(why, wl, "out of memory");
		bplane_copy(b, src, n, mode == INK_GREY && inv ? 0xff : 0);
		k2 = paper_flat_bytes(b, w, h, hp, &noise, &q99, &sub, fit);
		if (k2 == 0) {		/* shaded paper: doubles from here */
			if ((v = malloc(n * sizeof *v)) != NULL)
				for (k = 0; k < n; k++)
					v[k] = b[k];
			free(b);
			b = NULL;
			k2 = v == NULL ? -1 : paper_flatten(v, w, h, fit, &noise,
			    &q99);
		} else
			k2 = k2 < 0 ? -1 : 0;
		if (k2 != 0) {
			free(v), free(b);
			return dp_fail(why, wl, "out of memory");
		}
	} else if (paper_flatten(v, w, h, NULL, &noise, &q99) != 0) {
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
		free(v), free(b);
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
	if (sub != INT_MIN)
		/* Whole values g - sub: each one's level once, and the map
		 * stays the bytes g (lut[0] = 0: levels are non-decreasing
		 * and take 0 and below to 0). */
		for (x = 0; x < 256; x++)
			out->lut[x] = level(x - sub, lo, hi);
	else
		for (k = 0; k < n; k++)
			v[k] = level(v[k], lo, hi);
	if ((out->runs = malloc(sizeof *out->runs)) == NULL) {
		free(v), free(b);
		return dp_fail(why, wl, "out of memory");
	}
	total = b != NULL ? speck_drop_bytes(b, out->lut, w, h, out->runs) :
	    speck_drop(v, w, h, out->runs);
	if (total <= 0) {
		free(v), free(b);
		runs_free(out->runs);
		free(out->runs);
		out->runs = NULL;
		return dp_fail(why, wl, total < 0 ? "out of memory" :
		    "no ink found");
	}
	out->v = v;
	out->b = b;
	out->w = w;
	out->h = h;
	out->f = f;
	return 0;
}
