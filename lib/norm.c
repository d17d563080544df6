/* SPDX-License-Identifier: ISC */
/*
 * norm.c: MNIST-style normalization of records and of decoded pictures
 * (LeCun's recipe: the digit's longer side to 20 px by area averaging,
 * centre of mass to pixel (14,14)), then deskewing by second moments.
 * Both paths end in the same two steps, so they coincide on MNIST-like
 * input. Nothing here exits: errors come back as a reason string.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "vec.h"

#define MNIST_BOX	20	/* the digit's longer side, in pixels */
#define CENTRE		14	/* target of the centre of mass, (14,14) */
#define WORK_SIDE	160	/* pictures are box-reduced to >= this short side */
#define FAINT		12	/* ink contrast below this (of 255) is no ink */

void
img_free(struct img *im)
{
	free(im->grey);
	free(im->alpha);
	im->grey = im->alpha = NULL;
	im->w = im->h = 0;
}

void
norm_defaults(struct norm_opt *o)
{
	o->deskew = 1;
	o->invert = NORM_AUTO;
	o->naive = 0;
	o->max_pixels = NORM_MAX_PIXELS;
}

/* ---- the shared end: centre of mass, then shear ---------------------- */

/*
 * Place a w x h ink image (w, h <= 28 or the 28x28 itself) into the 28x28
 * output so that its centre of mass lands on pixel (14,14), by the rounded
 * integer shift (dx, dy) = round(14 - cx, 14 - cy), where
 *   cx = sum_xy x p(x,y) / sum_xy p(x,y)    (pixel centres at integers).
 * Ink pushed past the frame is lost. Returns -1 if there is no ink.
 */
static int
place_com(const unsigned char *src, int w, int h, unsigned char *dst)
{
	long s = 0, sx = 0, sy = 0;
	int x, y, dx, dy;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			long v = src[y * w + x];

			s += v;
			sx += v * x;
			sy += v * y;
		}
	if (s == 0)
		return -1;
	dx = (int)lround(CENTRE - (double)sx / s);
	dy = (int)lround(CENTRE - (double)sy / s);
	if (dx == 0 && dy == 0 && w == REC_W && h == REC_H) {
		memcpy(dst, src, REC_PIXELS);	/* MNIST: already centred */
		return 0;
	}
	memset(dst, 0, REC_PIXELS);
	for (y = 0; y < h; y++) {
		int ty = y + dy;

		if (ty < 0 || ty >= REC_H)
			continue;
		for (x = 0; x < w; x++) {
			int tx = x + dx;

			if (tx >= 0 && tx < REC_W)
				dst[ty * REC_W + tx] = src[y * w + x];
		}
	}
	return 0;
}

/*
 * Deskew: shear the digit upright and centre it, in one bilinear resample:
 *   out(x, y) = in(x - 14 + cx + a (y - 14),  y - 14 + cy),
 *   a = mu11 / mu02,  mu11 = sum (x - cx)(y - cy) p,  mu02 = sum (y - cy)^2 p.
 * The shear makes mu11 zero (the principal slant becomes vertical) and the
 * centre of mass (cx, cy) lands exactly on (14, 14), to the sub-pixel.
 * That sub-pixel centring matters: a rounded integer shift before the
 * shear was measured at 0.950 on MNIST t10k with the default lrtrain, the
 * exact centring at 0.958 (the bilinear blend also smooths the digit a
 * little, which a linear model likes).
 * Applied last on purpose: re-cropping or re-scaling after it was measured
 * to cost about 3 points of accuracy on real pictures.
 *
 * It runs on every record of a training stream, so it is written for
 * speed: rows are padded to 32 pixels and handled as 8-lane vectors of
 * 16-bit integers (GCC/Clang vector extensions: SSE2 or NEON registers,
 * no intrinsics), about 0.5 us a record. All arithmetic is exact integer
 * arithmetic, so every CPU gives the same bytes.
 */
#define PW	32		/* padded row: 28 pixels, then 4 zeros */
#define NV	(PW / 8)	/* vectors per padded row */
#define MARGIN	32		/* zeros each side of a blended row */
#define VS	(MARGIN + PW)	/* blended rows' stride */

/* The sum of the 8 lanes, in 32 bits. */
static inline unsigned
lanesum(u16x8 v)
{
	u32x4 lo, hi, s;

	vec_widen16(&lo, &hi, v);
	s = lo + hi;
	return s[0] + s[1] + s[2] + s[3];
}

static inline u16x8
load16(const unsigned short *p)
{
	u16x8 v;

	memcpy(&v, p, sizeof v);
	return v;
}

static inline void
store16(unsigned short *p, u16x8 v)
{
	memcpy(p, &v, sizeof v);
}

/* 8 output pixels from the split blended row at h, l (see deskew). */
static inline u16x8
hblend(const unsigned short *h, const unsigned short *l, unsigned short w0,
    unsigned short w1)
{
	u16x8 H = load16(h) * w0 + load16(h + 1) * w1;
	u16x8 L = load16(l) * w0 + load16(l + 1) * w1;

	return (H + (L >> 8) + 128) >> 8;
}

static int
deskew(unsigned char *pix, int centred_only)
{
	static const u8x16 zero[2];
	static const u16x8 X[NV] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7 }, { 8, 9, 10, 11, 12, 13, 14, 15 },
		{ 16, 17, 18, 19, 20, 21, 22, 23 },
		{ 24, 25, 26, 27, 28, 29, 30, 31 } };
	static const u8x16 keep12 = { 255, 255, 255, 255, 255, 255, 255, 255,
		255, 255, 255, 255, 0, 0, 0, 0 };
	u8x16 in[REC_H][2];		/* padded rows */
	/* The blended rows, split in high and low bytes: row y at
	 * VS y + MARGIN, with zeros before it and after it (shared). */
	unsigned short vh[VS * REC_H + MARGIN], vl[VS * REC_H + MARGIN];
	unsigned char ink[REC_H], blank[REC_H];
	unsigned long s = 0, sx = 0, sy = 0, sxy = 0, syy = 0;
	double cx, cy, mu11, mu02, a, sy0, fy;
	int y, j, r0, wy;

	/* Raw sums in integers (exact), per row from two lane sums:
	 * the row's ink r and its x-moment rx (x p <= 31 * 255, and the
	 * 4 vectors' sum <= 31620 fits 16 bits). Then
	 * mu11 = Sxy - Sx Sy / S and mu02 = Syy - Sy^2 / S. */
	for (y = 0; y < REC_H; y++) {
		u8x16 lo, hi, any;
		u16x8 p[NV], r, rx;
		unsigned rs, rxs;
		uint64_t or[2];

		/* Row y is bytes 28y .. 28y + 27: a vector load at 28y, and
		 * one at 28y + 16 with lanes 12-15 (the next row) cleared.
		 * The last row's second load ends at the record's end. */
		memcpy(&lo, pix + y * REC_W, 16);
		if (y < REC_H - 1) {
			memcpy(&hi, pix + y * REC_W + 16, 16);
			hi &= keep12;
		} else {
			memcpy(&hi, pix + REC_PIXELS - 16, 16);
			hi = __builtin_shufflevector(hi, zero[0], 4, 5, 6, 7, 8,
			    9, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16);
		}
		/* A blank row (a third of MNIST's) adds nothing. */
		any = lo | hi;
		memcpy(or, &any, sizeof or);
		if ((ink[y] = (or[0] | or[1]) != 0) == 0)
			continue;
		in[y][0] = lo;
		in[y][1] = hi;
		vec_widen8(&p[0], &p[1], lo);
		vec_widen8(&p[2], &p[3], hi);
		r = p[0] + p[1] + p[2] + p[3];
		rx = p[0] * X[0] + p[1] * X[1] + p[2] * X[2] + p[3] * X[3];
		rs = lanesum(r);
		rxs = lanesum(rx);
		s += rs;
		sx += rxs;
		sy += (unsigned long)rs * y;
		sxy += (unsigned long)rxs * y;
		syy += (unsigned long)rs * y * y;
	}
	if (s == 0)
		return -1;
	cx = (double)sx / s;
	cy = (double)sy / s;
	/* The record path asks first whether place_com would move it. */
	if (centred_only && (lround(CENTRE - cx) != 0 || lround(CENTRE - cy) != 0))
		return -1;
	mu11 = sxy - (double)sx * sy / s;
	mu02 = syy - (double)sy * sy / s;
	/* A single row has nothing to straighten. */
	a = mu02 < 1e-9 * s ? 0 : mu11 / mu02;

	/*
	 * The source row offset is the same for every output row: split
	 * y - 14 + cy into r0 + fy, and blend each pair of source rows,
	 *   V[x] = (256 - wy) t[x] + wy b[x]        (weights in 1/256ths),
	 * at most 65280, so 16 bits hold it. Within an output row the column
	 * offset is a constant too: x - 14 + cx + a (y - 14) = x + k + wx/256,
	 *   out[x] = (w0 V[x + k] + w1 V[x + k + 1] + 2^15) >> 16,
	 * w0 = 256 - wx, w1 = wx: the same integers as blending the four
	 * bytes at once. That needs 32 bits; in 16, split V = 256 Vh + Vl:
	 *   H = w0 Vh[x + k] + w1 Vh[x + k + 1],  L = likewise of Vl,
	 * both <= 256 * 255, and out[x] = (H + (L >> 8) + 128) >> 8. (Since
	 * L + 2^15 = 256 ((L >> 8) + 128) + (L & 255) and the last term is
	 * below 256, it cannot carry into the floor; and 256 H + L <=
	 * 256 * 65280 keeps H + (L >> 8) + 128 within 16 bits.)
	 * Source pixels outside the frame are 0: rows via zero[], columns
	 * via the padding and the zero margins of vh and vl.
	 */
	sy0 = cy - CENTRE;
	r0 = (int)floor(sy0);
	fy = sy0 - r0;
	wy = (int)lround(fy * 256);
	/* Pass 1: the blended rows. Their margins are zeroed first; a row
	 * with no ink in either source row is left out (its output is 0). */
	for (y = 0; y <= REC_H; y++)
		for (j = 0; j < MARGIN; j += 8) {
			store16(vh + VS * y + j, (u16x8){ 0 });
			store16(vl + VS * y + j, (u16x8){ 0 });
		}
	for (y = 0; y < REC_H; y++) {
		int ry = y + r0;
		const u8x16 *t = ry >= 0 && ry < REC_H && ink[ry] ?
		    in[ry] : NULL;
		const u8x16 *b = ry + 1 >= 0 && ry + 1 < REC_H &&
		    ink[ry + 1] ? in[ry + 1] : NULL;
		unsigned short *h = vh + VS * y + MARGIN, *l = vl + VS * y + MARGIN;

		blank[y] = t == NULL && b == NULL;
		if (blank[y])
			continue;
		if (t == NULL)
			t = zero;
		if (b == NULL)
			b = zero;
		for (j = 0; j < PW / 16; j++) {
			u16x8 t0, t1, b0, b1, v0, v1;

			vec_widen8(&t0, &t1, t[j]);
			vec_widen8(&b0, &b1, b[j]);
			v0 = t0 * (unsigned short)(256 - wy) +
			    b0 * (unsigned short)wy;
			v1 = t1 * (unsigned short)(256 - wy) +
			    b1 * (unsigned short)wy;
			store16(h + 16 * j, v0 >> 8);
			store16(l + 16 * j, v0 & 255);
			store16(h + 16 * j + 8, v1 >> 8);
			store16(l + 16 * j + 8, v1 & 255);
		}
	}
	/* Pass 2: each row shifted by its own offset. (Two passes, not one:
	 * reading a row back at an odd offset right after storing it would
	 * stall the CPU's store forwarding.) */
	for (y = 0; y < REC_H; y++) {
		double off = cx - CENTRE + a * (y - CENTRE);
		const unsigned short *h, *l;
		u8x16 o0, o1;
		unsigned short w0, w1;
		int q, k;

		/* A whole row off the frame, or blank (a third of MNIST's). */
		if (blank[y] || off <= -REC_W || off >= REC_W) {
			memset(pix + y * REC_W, 0, REC_W);
			continue;
		}
		/* off in 1/256ths, rounded, without libm: k = floor(off)
		 * and wx its fraction (offset by 2^16 to stay positive);
		 * -28 <= k <= 28, so the reads stay in the margins. */
		q = (int)(off * 256 + 0.5 + 65536);
		k = (q >> 8) - 256;
		w1 = (unsigned short)(q & 255);
		w0 = (unsigned short)(256 - w1);
		h = vh + VS * y + MARGIN + k;
		l = vl + VS * y + MARGIN + k;
		o0 = vec_narrow16(hblend(h, l, w0, w1),
		    hblend(h + 8, l + 8, w0, w1));
		o1 = vec_narrow16(hblend(h + 16, l + 16, w0, w1),
		    hblend(h + 24, l + 24, w0, w1));
		memcpy(pix + y * REC_W, &o0, 16);
		memcpy(pix + y * REC_W + 16, &o1, REC_W - 16);
	}
	return 0;
}

int
norm_record(unsigned char pix[REC_PIXELS], const struct norm_opt *o)
{
	unsigned char in[REC_PIXELS];

	/* An already centred record (all of MNIST) skips place_com: it
	 * would copy it unchanged, and the deskew gives the same bytes. */
	if (o->deskew && deskew(pix, 1) == 0)
		return 0;
	memcpy(in, pix, sizeof in);
	if (place_com(in, REC_W, REC_H, pix) != 0)
		return -1;
	if (o->deskew)
		deskew(pix, 0);
	return 0;
}

/* ---- area-averaging resampling ---------------------------------------- */

/*
 * 1-D area averaging of n samples (stride sstride) onto m samples: output
 * o covers the source interval [o s, (o+1) s), s = n / m, and is the mean
 * of the source over it (partial pixels weighted by their overlap). With
 * n == m it is an exact copy. Works for both shrinking and enlarging.
 */
static void
area1d(const double *src, int n, long sstride, double *dst, int m,
    long dstride)
{
	double s = (double)n / m;
	int o, i;

	for (o = 0; o < m; o++) {
		double a = o * s, b = (o + 1) * s, acc = 0;
		int i0 = (int)floor(a), i1 = (int)ceil(b);

		if (i1 > n)
			i1 = n;
		for (i = i0; i < i1; i++) {
			double lo = i > a ? i : a, hi = i + 1 < b ? i + 1 : b;

			acc += (hi - lo) * src[i * sstride];
		}
		dst[o * dstride] = acc / (b - a);
	}
}

/* w x h -> tw x th by area averaging, rows first. NULL when out of memory. */
static double *
area_resize(const double *src, int w, int h, int tw, int th)
{
	double *tmp, *dst;
	int x, y;

	tmp = malloc((size_t)tw * h * sizeof *tmp);
	dst = malloc((size_t)tw * th * sizeof *dst);
	if (tmp == NULL || dst == NULL) {
		free(tmp);
		free(dst);
		return NULL;
	}
	for (y = 0; y < h; y++)
		area1d(src + (size_t)y * w, w, 1, tmp + (size_t)y * tw, tw, 1);
	for (x = 0; x < tw; x++)
		area1d(tmp + x, h, tw, dst + x, th, tw);
	free(tmp);
	return dst;
}

/* ---- statistics ------------------------------------------------------- */

/* Otsu's threshold of values in [0,255] (256 bins): the t maximising the
 * between-class variance w0 w1 (m0 - m1)^2 of {v < t} and {v >= t}. */
static double
otsu(const double *v, size_t n)
{
	double hist[256] = {0}, sum = 0, sumb = 0, wb = 0, best = -1;
	int i, t = 128;
	size_t k;

	for (k = 0; k < n; k++) {
		double x = v[k] < 0 ? 0 : v[k] > 255 ? 255 : v[k];

		hist[(int)x]++;
		sum += (int)x;
	}
	for (i = 0; i < 256; i++) {
		double wf, mb, mf, between;

		wb += hist[i];
		sumb += (double)i * hist[i];
		wf = (double)n - wb;
		if (wb == 0)
			continue;
		if (wf == 0)
			break;
		mb = sumb / wb;
		mf = (sum - sumb) / wf;
		between = wb * wf * (mb - mf) * (mb - mf);
		if (between > best) {
			best = between;
			t = i + 1;
		}
	}
	return t;
}

/*
 * The q-quantile (0..1) of n values: the k-th smallest, k = round(q (n-1)).
 * Small sets are sorted (a copy); large ones go through a histogram of
 * 1/8-grey-level bins over [-512, 512), in linear time, exact for whole
 * numbers (a bin's lower edge is returned).
 */
#define QBINS	8192
static double
quantile(const double *v, size_t n, double q)
{
	size_t k, i, acc = 0;

	if (n == 0)
		return 0;
	k = (size_t)(q * (double)(n - 1) + 0.5);
	if (n <= 1024) {
		/* Quickselect (Hoare) on a copy: linear time on average.
		 * After a partition, [lo, j] <= pivot <= [i, hi], j < i. */
		double tmp[1024], piv, t;
		long lo = 0, hi = (long)n - 1, kk = (long)k, i, j;

		memcpy(tmp, v, n * sizeof *tmp);
		while (lo < hi) {
			piv = tmp[lo + (hi - lo) / 2];
			i = lo;
			j = hi;
			while (i <= j) {
				while (tmp[i] < piv)
					i++;
				while (tmp[j] > piv)
					j--;
				if (i <= j) {
					t = tmp[i];
					tmp[i++] = tmp[j];
					tmp[j--] = t;
				}
			}
			if (kk <= j)
				hi = j;
			else if (kk >= i)
				lo = i;
			else
				break;
		}
		return tmp[k];
	} else {
		unsigned *hist = calloc(QBINS, sizeof *hist);
		int b;

		if (hist == NULL)
			return v[k];	/* out of memory: any value will do */
		for (i = 0; i < n; i++) {
			double x = (v[i] + 512) * 8;

			b = x < 0 ? 0 : x >= QBINS ? QBINS - 1 : (int)x;
			hist[b]++;
		}
		for (b = 0; b < QBINS; b++) {
			acc += hist[b];
			if (acc > k)
				break;
		}
		free(hist);
		return b / 8.0 - 512;
	}
}

/* Median of the ring of width r around the w x h plane. */
static double
border_median(const double *p, int w, int h, int r)
{
	double *v, m;
	size_t n = 0;
	int x, y;

	if ((v = malloc((size_t)w * h * sizeof *v)) == NULL)
		return p[0];
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			if (x < r || y < r || x >= w - r || y >= h - r)
				v[n++] = p[(size_t)y * w + x];
	m = quantile(v, n, 0.5);
	free(v);
	return m;
}

/*
 * Solve the 6x6 system A c = b (Gaussian elimination with partial
 * pivoting). Returns -1 when A is singular.
 */
static int
solve6(double A[6][6], double b[6], double c[6])
{
	int i, j, k, p;

	for (i = 0; i < 6; i++) {
		p = i;
		for (k = i + 1; k < 6; k++)
			if (fabs(A[k][i]) > fabs(A[p][i]))
				p = k;
		if (fabs(A[p][i]) < 1e-12)
			return -1;
		if (p != i) {
			double t;

			for (j = 0; j < 6; j++) {
				t = A[i][j];
				A[i][j] = A[p][j];
				A[p][j] = t;
			}
			t = b[i];
			b[i] = b[p];
			b[p] = t;
		}
		for (k = i + 1; k < 6; k++) {
			double f = A[k][i] / A[i][i];

			for (j = i; j < 6; j++)
				A[k][j] -= f * A[i][j];
			b[k] -= f * b[i];
		}
	}
	for (i = 5; i >= 0; i--) {
		double s = b[i];

		for (j = i + 1; j < 6; j++)
			s -= A[i][j] * c[j];
		c[i] = s / A[i][i];
	}
	return 0;
}

/* ---- the picture path ------------------------------------------------- */

/* Polarity and mode, decided on the original picture. */
enum { INK_ALPHA, INK_GREY };

/*
 * The working plane: the picture reduced by an integer box factor f (so
 * that its short side stays >= WORK_SIDE) with each pixel turned into one
 * value: the alpha when the ink is the alpha, else the grey composited on
 * white, c = (g a + 255 (255 - a)) / 255.
 */
static double *
work_plane(const struct img *im, int mode, int *pw, int *ph)
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
			bv[b] = quantile(res, m, 0.25);
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
	c[0] = quantile(res, nb, 0.2);
	for (it = 0; it < 10 && (w < h ? w : h) >= 64; it++) {
		double A[6][6] = {{0}}, rhs[6] = {0}, r[6], sd;
		int m = 0, changed = 0;

		for (k = 0; k < (size_t)nb; k++) {
			double e = bv[k] - quad(c, bx[k], by[k]);

			if (e <= 0)
				res[m++] = -e;
		}
		sd = 1.4826 * quantile(res, m, 0.5);
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
	 * threshold of the flattened plane. */
	t = otsu(v, n);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			if (v[(size_t)y * w + x] < t)
				continue;
			for (j = y - d; j <= y + d; j++)
				for (i = x - d; i <= x + d; i++)
					if (i >= 0 && j >= 0 && i < w && j < h)
						ink[(size_t)j * w + i] = 1;
		}
	for (k = 0; k < n; k++)
		if (!ink[k])
			res[ns++] = v[k];
	/* Ink all over means no structure at all, just grain: then every
	 * pixel is paper. */
	if (ns < n / 5)
		for (k = ns = 0; k < n; k++)
			res[ns++] = v[k];
	med = quantile(res, ns, 0.5);
	if (hi - lo < 4)
		for (k = 0; k < n; k++)
			v[k] -= med;
	else
		med = 0;
	for (k = 0; k < ns; k++)
		res[k] -= med;
	*q99 = quantile(res, ns, 0.99);
	for (k = 0; k < ns; k++)
		res[k] = fabs(res[k]);
	*noise = 1.4826 * quantile(res, ns, 0.5);
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

/*
 * Mean stroke width of the ink {v >= 128}: for long strokes the area is
 * length x width and the boundary 2 x length, so width = 2 area / boundary
 * (boundary counted in 4-neighbour pixel edges).
 */
static double
stroke_width(const double *v, int w, int h)
{
	double area = 0, edges = 0;
	int x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			if (v[(size_t)y * w + x] < 128)
				continue;
			area++;
			edges += (x == 0 || v[(size_t)y * w + x - 1] < 128) +
			    (x == w - 1 || v[(size_t)y * w + x + 1] < 128) +
			    (y == 0 || v[(size_t)(y - 1) * w + x] < 128) +
			    (y == h - 1 || v[(size_t)(y + 1) * w + x] < 128);
		}
	return edges > 0 ? 2 * area / edges : 0;
}

/* Grey dilation by a (2r+1) square, separable: a running max along rows,
 * then along columns. tmp has w*h doubles. */
static void
dilate(double *v, double *tmp, int w, int h, int r)
{
	int x, y, i;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			double m = 0;

			for (i = x - r; i <= x + r; i++)
				if (i >= 0 && i < w && v[(size_t)y * w + i] > m)
					m = v[(size_t)y * w + i];
			tmp[(size_t)y * w + x] = m;
		}
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			double m = 0;

			for (i = y - r; i <= y + r; i++)
				if (i >= 0 && i < h && tmp[(size_t)i * w + x] > m)
					m = tmp[(size_t)i * w + x];
			v[(size_t)y * w + x] = m;
		}
}

static unsigned char
to_byte(double v)
{
	return v <= 0 ? 0 : v >= 255 ? 255 : (unsigned char)lround(v);
}

/* The baseline: the whole picture composited on white, area-resized to
 * 28x28 (aspect ignored), inverted when its mean is bright. */
static int
norm_naive(const struct img *im, unsigned char *pix, char *why, size_t wl)
{
	double *p, *s, mean = 0;
	int w, h, i, any = 0;

	if ((p = work_plane(im, INK_GREY, &w, &h)) == NULL)
		return dp_fail(why, wl, "out of memory");
	s = area_resize(p, w, h, REC_W, REC_H);
	free(p);
	if (s == NULL)
		return dp_fail(why, wl, "out of memory");
	for (i = 0; i < REC_PIXELS; i++)
		mean += s[i] / REC_PIXELS;
	for (i = 0; i < REC_PIXELS; i++) {
		pix[i] = to_byte(mean > 127.5 ? 255 - s[i] : s[i]);
		any |= pix[i];
	}
	free(s);
	if (!any)
		return dp_fail(why, wl, "no ink found");
	return 0;
}

int
norm_picture(const struct img *im, const struct norm_opt *o,
    unsigned char pix[REC_PIXELS], char *why, size_t wl)
{
	double *v = NULL, *c = NULL, *s = NULL, noise, q99, lo, hi;
	double *tmp;
	int mode = INK_GREY, w, h, x, y, x0, y0, x1, y1, cw, ch, tw, th, L;
	int r = 1, i;
	size_t n, k, ni;
	unsigned char box[REC_PIXELS];

	if (im->w < 1 || im->h < 1)
		return dp_fail(why, wl, "empty picture");
	if (o->naive)
		return norm_naive(im, pix, why, wl);
	/* Transparent border: the ink is the alpha, whatever its colour. */
	if (im->alpha != NULL) {
		double sum = 0, cnt = 0;

		r = (im->w < im->h ? im->w : im->h) / 32 + 1;
		for (y = 0; y < im->h; y++)
			for (x = 0; x < im->w; x++)
				if (x < r || y < r || x >= im->w - r ||
				    y >= im->h - r) {
					sum += im->alpha[(size_t)y * im->w + x];
					cnt++;
				}
		if (sum < 128 * cnt)
			mode = INK_ALPHA;
	}
	if ((v = work_plane(im, mode, &w, &h)) == NULL)
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
		int inv = o->invert;

		if (inv == NORM_AUTO) {
			double p, q0, q1;

			r = (w < h ? w : h) / 32 + 1;
			p = border_median(v, w, h, r);
			q0 = quantile(v, n, 0.005);
			q1 = quantile(v, n, 0.995);
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
	if (flatten(v, w, h, &noise, &q99) != 0)
		goto oom;
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
	for (k = ni = 0; k < n; k++)
		ni += v[k] > lo;
	hi = quantile(v, n, 0.995);
	if (ni == 0 || hi - lo < FAINT || hi - lo < 2 * noise) {
		free(v);
		return dp_fail(why, wl, "no ink found");
	}
	if (hi >= 240 && lo < 1)
		hi = 255, lo = 0;
	for (k = 0; k < n; k++) {
		double u = (v[k] - lo) * 255 / (hi - lo);

		v[k] = u <= 0 ? 0 : u >= 255 ? 255 : u;
	}
	if (despeckle(v, w, h) <= 0) {
		free(v);
		return dp_fail(why, wl, "no ink found");
	}
	/* Crop to the ink. */
	x0 = w, y0 = h, x1 = -1, y1 = -1;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			if (v[(size_t)y * w + x] > 0) {
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y > y1 ? y : y1;
			}
	cw = x1 - x0 + 1;
	ch = y1 - y0 + 1;
	L = cw > ch ? cw : ch;
	/*
	 * Stroke width as MNIST has it (2.0 px at 20 px high, median; 1.3 to
	 * 2.8 for 90% of digits): when shrinking, strokes that would end up
	 * thinner than 1.6 px (fading to faint lines) are widened to ~2.2 by
	 * a grey dilation, and blobs thicker than 3.4 px thinned to ~2.8 by an
	 * erosion. Pictures at MNIST's scale are left alone.
	 */
	r = 0;
	if (L > MNIST_BOX * 1.25) {
		double sw = stroke_width(v, w, h), sc = (double)MNIST_BOX / L;

		if (sw * sc < 1.6)
			r = (int)lround((2.2 / sc - sw) / 2);
		else if (sw * sc > 3.4)
			r = -(int)lround((sw - 2.8 / sc) / 2);
		if (r > L / 8)
			r = L / 8;
		if (r < -L / 16)
			r = -(L / 16);
	}
	{
		int pw = cw + 2 * (r > 0 ? r : 0), ph = ch + 2 * (r > 0 ? r : 0);
		int m = r > 0 ? r : 0;

		if ((c = calloc((size_t)pw * ph, sizeof *c)) == NULL)
			goto oom;
		for (y = 0; y < ch; y++)
			memcpy(c + (size_t)(y + m) * pw + m,
			    v + (size_t)(y + y0) * w + x0, cw * sizeof *c);
		cw = pw;
		ch = ph;
	}
	if (r != 0) {
		/* Grey dilation (r > 0), or erosion (r < 0) as the dilation
		 * of the background, then a new crop to what is left. */
		size_t np = (size_t)cw * ch;
		double *e;

		if ((tmp = malloc(np * sizeof *tmp)) == NULL)
			goto oom;
		if (r < 0)
			for (k = 0; k < np; k++)
				c[k] = 255 - c[k];
		dilate(c, tmp, cw, ch, r > 0 ? r : -r);
		if (r < 0)
			for (k = 0; k < np; k++)
				c[k] = 255 - c[k];
		free(tmp);
		x0 = cw, y0 = ch, x1 = -1, y1 = -1;
		for (y = 0; y < ch; y++)
			for (x = 0; x < cw; x++)
				if (c[(size_t)y * cw + x] > 0) {
					x0 = x < x0 ? x : x0;
					x1 = x > x1 ? x : x1;
					y0 = y < y0 ? y : y0;
					y1 = y > y1 ? y : y1;
				}
		if (x1 < 0) {
			free(v);
			free(c);
			return dp_fail(why, wl, "no ink found");
		}
		if ((e = malloc((size_t)(x1 - x0 + 1) * (y1 - y0 + 1) *
		    sizeof *e)) == NULL)
			goto oom;
		for (y = y0; y <= y1; y++)
			memcpy(e + (size_t)(y - y0) * (x1 - x0 + 1),
			    c + (size_t)y * cw + x0, (x1 - x0 + 1) * sizeof *e);
		free(c);
		c = e;
		cw = x1 - x0 + 1;
		ch = y1 - y0 + 1;
	}
	/* Longer side to exactly 20 px, aspect kept (to the nearest pixel). */
	L = cw > ch ? cw : ch;
	tw = (int)lround((double)cw * MNIST_BOX / L);
	th = (int)lround((double)ch * MNIST_BOX / L);
	tw = tw < 1 ? 1 : tw;
	th = th < 1 ? 1 : th;
	if ((s = area_resize(c, cw, ch, tw, th)) == NULL)
		goto oom;
	free(c);
	c = NULL;
	free(v);	/* the work plane: all that is left is in s */
	v = NULL;
	for (i = 0; i < tw * th; i++)
		box[i] = to_byte(s[i]);
	free(s);
	if (place_com(box, tw, th, pix) != 0)
		return dp_fail(why, wl, "no ink found");
	if (o->deskew)
		deskew(pix, 0);
	return 0;
oom:
	free(v);
	free(c);
	return dp_fail(why, wl, "out of memory");
}

/* ---- decoding and the one-call entry ----------------------------------- */

int
img_decode(const unsigned char *buf, size_t n, unsigned long long maxpix,
    int min_side, struct img *im, char *why, size_t wl)
{
	const char *what;

	memset(im, 0, sizeof *im);
	if (maxpix == 0)
		maxpix = NORM_MAX_PIXELS;
	if (n == 0)
		return dp_fail(why, wl, "empty file");
	if (n >= 8 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0)
		return png_decode(buf, n, maxpix, im, why, wl);
	if (n >= 3 && buf[0] == 0xFF && buf[1] == 0xD8 && buf[2] == 0xFF)
		return jpeg_decode(buf, n, maxpix, min_side, im, why, wl);
	if ((what = dp_sniff(buf, n)) != NULL)
		return dp_fail(why, wl, "not a PNG or JPEG picture (it looks like "
		    "%s)", what);
	return dp_fail(why, wl, "not a PNG or JPEG picture");
}

int
img_too_large(char *why, size_t wl, unsigned long long w,
    unsigned long long h, int scale, unsigned long long dw,
    unsigned long long dh, unsigned long long maxpix)
{
	if (scale == 8)
		dp_fail(why, wl, "picture too large: %llux%llu = %llu pixels, "
		    "more than the limit of %llu (--max-pixels raises it)", w,
		    h, w * h, maxpix);
	else
		dp_fail(why, wl, "picture too large: %llux%llu decodes at %d/8 "
		    "to %llux%llu = %llu pixels, more than the limit of %llu "
		    "(--max-pixels raises it)", w, h, scale, dw, dh, dw * dh,
		    maxpix);
	return IMG_TOO_LARGE;
}

int
norm_buffer(const unsigned char *buf, size_t n, const struct norm_opt *o,
    unsigned char pix[REC_PIXELS], char *why, size_t wl)
{
	struct img im;
	int k;

	if ((k = img_decode(buf, n, o->max_pixels, NORM_MIN_SIDE, &im, why,
	    wl)) != 0)
		return k;
	k = norm_picture(&im, o, pix, why, wl);
	img_free(&im);
	return k;
}

size_t
norm_ascii(const struct rec *r, char *buf, size_t size)
{
	static const char ramp[] = " .:-=+*#%@";
	char tmp[NORM_ASCII_SIZE + REC_NAME_LEN + 64];
	size_t n;
	int x, y;

	if (r->label == REC_UNKNOWN)
		n = (size_t)snprintf(tmp, sizeof tmp, "# %s (label ?)\n",
		    r->name[0] ? r->name : "-");
	else
		n = (size_t)snprintf(tmp, sizeof tmp, "# %s (label %d)\n",
		    r->name[0] ? r->name : "-", r->label);
	for (y = 0; y < REC_H; y++) {
		for (x = 0; x < REC_W; x++) {
			/* 10 levels: 0 is blank, 255 is '@'. */
			char ch = ramp[(r->pix[y * REC_W + x] * 9 + 254) / 255];

			tmp[n++] = ch;
			tmp[n++] = ch;
		}
		tmp[n++] = '\n';
	}
	tmp[n] = '\0';
	if (size > 0) {
		size_t m = n < size - 1 ? n : size - 1;

		memcpy(buf, tmp, m);
		buf[m] = '\0';
	}
	return n;
}
