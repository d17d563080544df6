/* SPDX-License-Identifier: ISC */
/*
 * plane.c: operations on a plane of doubles (a grey picture being worked
 * on): Otsu's threshold, quantiles, the median of the border, a 6x6
 * solve for surface fits, the bounding box of the ink, the mean stroke
 * width and a grey dilation.
 * Uses: nothing of ours.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plane.h"

/* Otsu's threshold of values in [0,255] (256 bins): the t maximising the
 * between-class variance w0 w1 (m0 - m1)^2 of {v < t} and {v >= t}. */
double
plane_otsu(const double *v, size_t n)
{
	size_t hist[256] = {0}, run = 0, k;
	int last = 0;

	/* Counting runs of one bin spares the adds on one counter. */
	for (k = 0; k < n; k++) {
		double x = v[k] < 0 ? 0 : v[k] > 255 ? 255 : v[k];
		int b = (int)x;

		if (b != last) {
			hist[last] += run;
			last = b;
			run = 0;
		}
		run++;
	}
	hist[last] += run;
	return plane_otsu_counts(hist, n);
}

/* The same threshold from the counts of the bins (n = their sum). */
double
plane_otsu_counts(const size_t hist[256], size_t n)
{
	size_t isum = 0;
	double sum, sumb = 0, wb = 0, best = -1;
	int i, t = 128;

	/* Counts and sums are whole numbers (exact in a double too). */
	for (i = 0; i < 256; i++)
		isum += (size_t)i * hist[i];
	sum = (double)isum;
	for (i = 0; i < 256; i++) {
		double wf, mb, mf, between;

		wb += (double)hist[i];
		sumb += (double)i * (double)hist[i];
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
 * Small sets go through a quickselect (on a copy); large ones go through a
 * histogram of 1/8-grey-level bins over [-512, 512), in linear time, exact
 * for whole numbers (a bin's lower edge is returned).
 */
#define QBINS	8192

/* The k-th smallest of n <= 1024 values. */
static double
select_small(const double *v, size_t n, size_t k)
{
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
}

/*
 * out[i] = plane_quantile(v, n, q[i]) for i < m, with one histogram for
 * all of them (the same bins, so the same answers).
 */
void
plane_quantiles(const double *v, size_t n, const double *q, double *out,
    int m)
{
	unsigned *hist;
	size_t i, acc, run;
	int b, t, last;

	for (t = 0; t < m && n <= 1024; t++)
		out[t] = n == 0 ? 0 :
		    select_small(v, n, (size_t)(q[t] * (double)(n - 1) + 0.5));
	if (n <= 1024)
		return;
	if ((hist = calloc(QBINS, sizeof *hist)) == NULL) {
		/* out of memory: any value will do */
		for (t = 0; t < m; t++)
			out[t] = v[(size_t)(q[t] * (double)(n - 1) + 0.5)];
		return;
	}
	/* Runs of one bin (paper) are counted in a register. */
	for (i = run = 0, last = 0; i < n; i++) {
		double x = (v[i] + 512) * 8;

		/* Clamped to [0, QBINS - 1] (min and max, no branches):
		 * the same bin as x < 0 ? 0 : x >= QBINS ? QBINS - 1 : x. */
		x = x > 0 ? x : 0;
		x = x < QBINS - 1 ? x : QBINS - 1;
		b = (int)x;
		if (b != last) {
			hist[last] += (unsigned)run;
			last = b;
			run = 0;
		}
		run++;
	}
	hist[last] += (unsigned)run;
	for (t = 0; t < m; t++) {
		size_t k = (size_t)(q[t] * (double)(n - 1) + 0.5);

		for (b = 0, acc = 0; b < QBINS; b++) {
			acc += hist[b];
			if (acc > k)
				break;
		}
		out[t] = b / 8.0 - 512;
	}
	free(hist);
}

double
plane_quantile(const double *v, size_t n, double q)
{
	double r;

	plane_quantiles(v, n, &q, &r, 1);
	return r;
}

/* The k-th smallest (k from 0) of values counted in cnt[0..nb), cnt[i]
 * counting value i - off. */
int
plane_kth_count(const size_t *cnt, int nb, int off, size_t k)
{
	size_t acc = 0;
	int i;

	for (i = 0; i < nb - 1; i++)
		if ((acc += cnt[i]) > k)
			break;
	return i - off;
}

/*
 * The paper's statistics (ink.c's flatten) when its n > 0 values are whole
 * numbers in [-255, 255] (a clean drawing on flat paper): one count per
 * value instead of three sorts. With m = the median if flat, else 0:
 *   *med = the median, *q99 = the 99th percentile of y - m, *noise =
 *   1.4826 times the median of |y - m|,
 * the same numbers as plane_quantile gives: it returns the k-th smallest,
 * k = round(q (n - 1)), exactly for whole numbers in [-512, 512), and
 * y - m, |y - m| stay whole and within that range. Subtracting m keeps
 * the order (so the k-th smallest of y - m is the k-th smallest y minus
 * m); |y - m| = d counts the values m + d and m - d. Returns -1, having
 * done nothing, for other values.
 */
int
plane_whole_stats(const double *r, size_t n, int flat, double *med,
    double *q99, double *noise)
{
	size_t cnt[511] = {0}, k;

	if (n == 0)
		return -1;
	for (k = 0; k < n; k++) {
		if (!(r[k] >= -255 && r[k] <= 255) || r[k] != (int)r[k])
			return -1;
		cnt[(int)r[k] + 255]++;
	}
	plane_count_stats(cnt, n, flat, med, q99, noise);
	return 0;
}

/* The same statistics from the counts: cnt[v + 255] values v, n > 0 in
 * all. */
void
plane_count_stats(const size_t cnt[511], size_t n, int flat, double *med,
    double *q99, double *noise)
{
	size_t fold[511] = {0};
	int m, d;

	m = plane_kth_count(cnt, 511, 255,
	    (size_t)(0.5 * (double)(n - 1) + 0.5));
	*med = m;
	if (!flat)
		m = 0;
	*q99 = plane_kth_count(cnt, 511, 255,
	    (size_t)(0.99 * (double)(n - 1) + 0.5)) - m;
	for (d = 0; d < 511; d++) {
		if (m + d <= 255)
			fold[d] += cnt[m + d + 255];
		if (d > 0 && m - d >= -255)
			fold[d] += cnt[m - d + 255];
	}
	*noise = 1.4826 * plane_kth_count(fold, 511, 0,
	    (size_t)(0.5 * (double)(n - 1) + 0.5));
}

/* Median of the ring of width r around the w x h plane. */
double
plane_border_median(const double *p, int w, int h, int r)
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
	m = plane_quantile(v, n, 0.5);
	free(v);
	return m;
}

/*
 * Solve the 6x6 system A c = b (Gaussian elimination with partial
 * pivoting). Returns -1 when A is singular.
 */
int
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

/*
 * Mean stroke width of the ink {v >= 128}: for long strokes the area is
 * length x width and the boundary 2 x length, so width = 2 area / boundary
 * (boundary counted in 4-neighbour pixel edges).
 */
double
plane_stroke_width(const double *v, int w, int h)
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

/*
 * The running max of one line (van Herk / Gil-Werman): a[0..n+2r) is the
 * line with r zeros on each side; with k = 2r + 1, g[i] is the max of a
 * from the start of i's block of k up to i, e[i] from i to the end of
 * its block; a window a[x..x+2r] spans at most two blocks, so its max is
 * max(e[x], g[x+2r]): three comparisons a pixel whatever r. Out:
 * d[x] = max(0, v[x-r..x+r]), clipped to the line: max is exact, and the
 * zeros (and the final max with 0, which also makes -0 a +0) give what
 * the plain loop from m = 0 gives.
 */
static void
runmax(double *a, double *g, double *e, int n, int r)
{
	int N = n + 2 * r, k = 2 * r + 1, i, b;

	for (b = 0; b < N; b += k) {
		int end = b + k < N ? b + k : N;

		g[b] = a[b];
		for (i = b + 1; i < end; i++)
			g[i] = a[i] > g[i - 1] ? a[i] : g[i - 1];
		e[end - 1] = a[end - 1];
		for (i = end - 2; i >= b; i--)
			e[i] = a[i] > e[i + 1] ? a[i] : e[i + 1];
	}
	for (i = 0; i < n; i++) {
		double m = e[i] > g[i + 2 * r] ? e[i] : g[i + 2 * r];

		a[i] = m > 0 ? m : 0;
	}
}

/* Grey dilation by a (2r+1) square, separable: the running max along
 * rows, then along columns (each line copied out with its zeros). */
int
plane_dilate(double *v, int w, int h, int r)
{
	int L = (w > h ? w : h) + 2 * r, x, y, i;
	double *a = malloc(3 * (size_t)L * sizeof *a), *g, *e;

	if (a == NULL)
		return -1;
	g = a + L;
	e = g + L;
	for (y = 0; y < h; y++) {
		double *row = v + (size_t)y * w;

		for (i = 0; i < r; i++)
			a[i] = a[r + w + i] = 0;
		memcpy(a + r, row, (size_t)w * sizeof *a);
		runmax(a, g, e, w, r);
		memcpy(row, a, (size_t)w * sizeof *a);
	}
	for (x = 0; x < w; x++) {
		for (i = 0; i < r; i++)
			a[i] = a[r + h + i] = 0;
		for (y = 0; y < h; y++)
			a[r + y] = v[(size_t)y * w + x];
		runmax(a, g, e, h, r);
		for (y = 0; y < h; y++)
			v[(size_t)y * w + x] = a[y];
	}
	free(a);
	return 0;
}

int
plane_bbox(const double *v, int w, int h, int *x0, int *y0, int *x1,
    int *y1)
{
	int y, a, b;

	*x0 = w, *y0 = h, *x1 = -1, *y1 = -1;
	for (y = 0; y < h; y++) {
		const double *row = v + (size_t)y * w;

		/* The first and the last ink of the row, if any. */
		for (a = 0; a < w && !(row[a] > 0); a++)
			;
		if (a == w)
			continue;
		for (b = w - 1; !(row[b] > 0); b--)
			;
		*x0 = a < *x0 ? a : *x0;
		*x1 = b > *x1 ? b : *x1;
		*y0 = y < *y0 ? y : *y0;
		*y1 = y;
	}
	return *x1 < 0 ? -1 : 0;
}

unsigned char
plane_byte(double v)
{
	return v <= 0 ? 0 : v >= 255 ? 255 : (unsigned char)lround(v);
}
