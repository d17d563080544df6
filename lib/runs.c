/* SPDX-License-Identifier: ISC */
/*
 * runs.c: the ink of a plane of bytes as runs: the stretches of a row
 * whose bytes are at least a threshold, found sixteen bytes at a time
 * (SSE2, on every x86-64) or eight (in a 64-bit word elsewhere), and
 * their 8-connected components by union-find. A drawing's ink covers a
 * tenth of its plane or so: what is counted, boxed and joined from runs
 * costs the paper nothing but the scan.
 * Uses: nothing of ours.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* SSE2 is on every x86-64; DP_NO_SSE2 (the ASan build) takes the 64-bit
 * words instead, so that the suite runs both. */
#if defined(__SSE2__) && !defined(DP_NO_SSE2)
#define USE_SSE2
#include <emmintrin.h>
#endif

#include "runs.h"

#define ONES	0x0101010101010101ULL
#define HIGH	0x8080808080808080ULL

/* The high bit of each byte of x that is >= t (0 < t < 256), with
 * k = ge_add(t): below 128 the low seven bits plus 128 - t carry into
 * the high bit exactly when they reach t (at most 127 + 127: no carry
 * into the next byte); from 128 only bytes with the high bit set can,
 * and their low bits must reach t - 128 (k then has its own high bits
 * set, to tell). */
static uint64_t
ge_add(int t)
{
	return t <= 128 ? (uint64_t)(128 - t) * ONES :
	    (uint64_t)(256 - t) * ONES | HIGH;
}

static uint64_t
ge_mask(uint64_t x, uint64_t k)
{
	if (!(k & HIGH))
		return (((x & ~HIGH) + k) | x) & HIGH;
	return (((x & ~HIGH) + (k & ~HIGH)) & x) & HIGH;
}

static uint64_t
load8(const unsigned char *p)
{
	uint64_t x;

	memcpy(&x, p, 8);
	return x;
}

#ifdef USE_SSE2
/* A bit for each of the 16 bytes at p that is >= t (t repeated in every
 * byte of tt): max(x, t) == x. */
static int
ge16(const unsigned char *p, __m128i tt)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);

	return _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(x, tt), x));
}
#endif

int
runs_first(const unsigned char *p, int n, int t)
{
	int i = 0;
	uint64_t k = ge_add(t);

	if (t <= 0)
		return n > 0 ? 0 : n;
	if (t > 255)
		return n;
#ifdef USE_SSE2
	{
		__m128i tt = _mm_set1_epi8((char)t);

		for (; i + 16 <= n && ge16(p + i, tt) == 0; i += 16)
			;
	}
#endif
	for (; i + 8 <= n && ge_mask(load8(p + i), k) == 0; i += 8)
		;
	for (; i < n && p[i] < t; i++)
		;
	return i;
}

int
runs_last(const unsigned char *p, int n, int t)
{
	int i = n;
	uint64_t k = ge_add(t);

	if (t <= 0)
		return n - 1;
	if (t > 255)
		return -1;
#ifdef USE_SSE2
	{
		__m128i tt = _mm_set1_epi8((char)t);

		for (; i >= 16 && ge16(p + i - 16, tt) == 0; i -= 16)
			;
	}
#endif
	for (; i >= 8 && ge_mask(load8(p + i - 8), k) == 0; i -= 8)
		;
	for (; i > 0 && p[i - 1] < t; i--)
		;
	return i - 1;
}

void
runs_free(struct runs *R)
{
	free(R->r);
	free(R->row);
	memset(R, 0, sizeof *R);
}

static int
push(struct runs *R, int y, int x0, int x1)
{
	if (R->n == R->cap) {
		int cap = R->cap ? 2 * R->cap : 256;
		struct run *r = realloc(R->r, (size_t)cap * sizeof *r);

		if (r == NULL)
			return -1;
		R->r = r;
		R->cap = cap;
	}
	R->r[R->n].y = y;
	R->r[R->n].x0 = x0;
	R->r[R->n].x1 = x1;
	R->n++;
	return 0;
}

/* The first i of p[0..n) with p[i] < t (n if none): as runs_first of
 * 255 - p at 256 - t. */
static int
first_below(const unsigned char *p, int n, int t)
{
	int i = 0;
	uint64_t k = ge_add(256 - t);

	for (; i + 8 <= n && ge_mask(~load8(p + i), k) == 0; i += 8)
		;
	for (; i < n && p[i] >= t; i++)
		;
	return i;
}

/* The runs of one row, 64-bit words at a time: from one run's end to the
 * next one's start below t, and on to its end. */
static int
row_runs_words(struct runs *R, const unsigned char *p, int w, int y, int t)
{
	int x = 0, x0;

	while ((x += runs_first(p + x, w - x, t)) < w) {
		x0 = x;
		x += first_below(p + x, w - x, t);
		if (push(R, y, x0, x - 1) != 0)
			return -1;
	}
	return 0;
}

#ifdef USE_SSE2
/* The bits of a step of n bytes (up to sixteen): where a run starts or
 * ends (m differs from itself shifted by one byte, in the bit carried
 * in), taken lowest first; x is the step's first byte. */
static inline __attribute__((always_inline)) int
step_runs(struct runs *R, int y, int x, int n, unsigned m, unsigned in,
    int *x0)
{
	unsigned edge = (m ^ (m << 1 | in)) & ((1u << n) - 1);

	for (; edge != 0; edge &= edge - 1) {
		int i = __builtin_ctz(edge);

		if (m >> i & 1)
			*x0 = x + i;
		else if (push(R, y, *x0, x + i - 1) != 0)
			return -1;
	}
	return 0;
}

/*
 * The runs of one row, sixteen bytes a step: m has a bit for each byte
 * >= t, and a run costs its two ends (step_runs), a step of paper or of
 * solid ink only the test. Most rows of a drawing are paper: the row's
 * bytes are first folded into their maximum, two instructions a step,
 * and a row without ink ends there. A row that is not a whole number of
 * steps ends with its last sixteen bytes, the bits already seen shifted
 * out. Under sixteen bytes, the 64-bit words' way.
 */
static int
row_runs(struct runs *R, const unsigned char *p, int w, int y, int t)
{
	__m128i tt = _mm_set1_epi8((char)t), mx = _mm_setzero_si128();
	/* in: 1 inside a run; all: the mask of a step that starts or
	 * ends no run (0, or 0xffff inside a run) */
	unsigned m, in = 0, all = 0;
	int x, x0 = 0, k = w % 16;

	if (w < 16)
		return row_runs_words(R, p, w, y, t);
	for (x = 0; x + 16 <= w; x += 16)
		mx = _mm_max_epu8(mx, _mm_loadu_si128((const __m128i *)
		    (const void *)(p + x)));
	if (k != 0)
		mx = _mm_max_epu8(mx, _mm_loadu_si128((const __m128i *)
		    (const void *)(p + w - 16)));
	if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(mx, tt), mx)) == 0)
		return 0;
	for (x = 0; x + 16 <= w; x += 16) {
		if ((m = (unsigned)ge16(p + x, tt)) == all)
			continue;
		if (step_runs(R, y, x, 16, m, in, &x0) != 0)
			return -1;
		in = m >> 15;
		all = (0u - in) & 0xffff;
	}
	if (k != 0) {
		m = (unsigned)ge16(p + w - 16, tt) >> (16 - k);
		if (m != (all >> (16 - k)) &&
		    step_runs(R, y, x, k, m, in, &x0) != 0)
			return -1;
		in = m >> (k - 1) & 1;
	}
	return in ? push(R, y, x0, w - 1) : 0;
}
#else
#define row_runs row_runs_words
#endif

/* The runs of p[x0 .. x0 + n) at t, as row y's: a row, or a run of a
 * lower threshold taken as a row of its own. */
static int
span_runs(struct runs *R, const unsigned char *p, int x0, int n, int y,
    int t)
{
	int k = R->n;

	if (t <= 0)
		return n > 0 ? push(R, y, x0, x0 + n - 1) : 0;
	if (t > 255)
		return 0;
	if (row_runs(R, p + x0, n, y, t) != 0)
		return -1;
	for (; x0 != 0 && k < R->n; k++)
		R->r[k].x0 += x0, R->r[k].x1 += x0;
	return 0;
}

int
runs_find(const unsigned char *b, size_t stride, int w, int h, int t,
    struct runs *R)
{
	int y;

	memset(R, 0, sizeof *R);
	if ((R->row = malloc(((size_t)h + 1) * sizeof *R->row)) == NULL)
		return -1;
	R->w = w;
	R->h = h;
	for (y = 0; y < h; y++) {
		R->row[y] = R->n;
		if (span_runs(R, b + (size_t)y * stride, 0, w, y, t) != 0) {
			runs_free(R);
			return -1;
		}
	}
	R->row[h] = R->n;
	return 0;
}

int
runs_within(const struct runs *R, const unsigned char *b, size_t stride,
    int t, struct runs *S)
{
	int y, i;

	memset(S, 0, sizeof *S);
	if ((S->row = malloc(((size_t)R->h + 1) * sizeof *S->row)) == NULL)
		return -1;
	S->w = R->w;
	S->h = R->h;
	for (y = 0; y < R->h; y++) {
		S->row[y] = S->n;
		for (i = R->row[y]; i < R->row[y + 1]; i++)
			if (span_runs(S, b + (size_t)y * stride, R->r[i].x0,
			    R->r[i].x1 - R->r[i].x0 + 1, y, t) != 0) {
				runs_free(S);
				return -1;
			}
	}
	S->row[R->h] = S->n;
	return 0;
}

static int
root(int *up, int i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

int
runs_label(const struct runs *R, int *comp)
{
	int *up, y, i, j, nc = 0;

	if (R->n == 0)
		return 0;
	if ((up = malloc((size_t)R->n * sizeof *up)) == NULL)
		return -1;
	for (i = 0; i < R->n; i++)
		up[i] = i;
	/* Runs of two rows touch (8-connected) when one reaches a column
	 * next to or under the other: a.x0 <= b.x1 + 1 and b.x0 <= a.x1 + 1.
	 * Both rows are in order, so one walk along them finds every pair. */
	for (y = 1; y < R->h; y++) {
		i = R->row[y - 1];
		j = R->row[y];
		while (i < R->row[y] && j < R->row[y + 1]) {
			const struct run *a = &R->r[i], *b = &R->r[j];

			if (a->x0 <= b->x1 + 1 && b->x0 <= a->x1 + 1) {
				int ra = root(up, i), rb = root(up, j);

				if (ra != rb)
					up[ra > rb ? ra : rb] = ra < rb ? ra : rb;
			}
			if (a->x1 < b->x1)
				i++;
			else
				j++;
		}
	}
	/* Components numbered 0.. in the order of their first run. */
	for (i = 0; i < R->n; i++) {
		int r = root(up, i);

		comp[i] = r == i ? nc++ : comp[r];
	}
	free(up);
	return nc;
}
