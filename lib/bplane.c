/* SPDX-License-Identifier: ISC */
/*
 * bplane.c: counts of values, and plane.c's box, stroke width and
 * dilation, for a plane of bytes (the ink map of a clean drawing or
 * scan, ink.h): the same answers as on the same values held as doubles,
 * from an eighth of the memory, many pixels at a time.
 * Uses: runs.h.
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

#include "bplane.h"
#include "runs.h"

/* One word of bplane_count: eight equal bytes are counted in *run while
 * they are *last's; other words byte by byte. */
static inline __attribute__((always_inline)) void
count8(const unsigned char *p, size_t cnt[256], int *last, size_t *run)
{
	uint64_t x;

	memcpy(&x, p, 8);
	if (x == (x & 0xff) * 0x0101010101010101ULL) {
		if ((int)(x & 0xff) != *last) {
			cnt[*last] += *run;
			*last = (int)(x & 0xff);
			*run = 0;
		}
		*run += 8;
		return;
	}
	cnt[p[0]]++, cnt[p[1]]++, cnt[p[2]]++, cnt[p[3]]++;
	cnt[p[4]]++, cnt[p[5]]++, cnt[p[6]]++, cnt[p[7]]++;
}

/*
 * Add the counts of the values of p[0..n) to cnt. Paper is long runs of
 * one value, and cnt[v]++ on the same v waits for its own last store:
 * words of eight equal bytes are counted in a register while they
 * last, and added when the value changes; where SSE2 is, sixteen bytes
 * of the value being counted are one compare.
 */
void
bplane_count(const unsigned char *p, size_t n, size_t cnt[256])
{
	size_t i = 0, run = 0;
	int last = 0;

#ifdef USE_SSE2
	__m128i lv = _mm_setzero_si128();

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)
		    (const void *)(p + i));

		if (_mm_movemask_epi8(_mm_cmpeq_epi8(x, lv)) == 0xffff) {
			run += 16;
			continue;
		}
		count8(p + i, cnt, &last, &run);
		count8(p + i + 8, cnt, &last, &run);
		lv = _mm_set1_epi8((char)last);
	}
#endif
	for (; i + 8 <= n; i += 8)
		count8(p + i, cnt, &last, &run);
	cnt[last] += run;
	for (; i < n; i++)
		cnt[p[i]]++;
}

/* 1 if p[0..n) are all v, sixteen bytes at a time where SSE2 is (the
 * last sixteen overlapping the ones before), else eight. */
int
bplane_all(const unsigned char *p, size_t n, int v)
{
	uint64_t m = (uint64_t)(v & 0xff) * 0x0101010101010101ULL, x;
	size_t i = 0;

#ifdef USE_SSE2
	if (n >= 16) {
		__m128i vv = _mm_set1_epi8((char)v), d = _mm_setzero_si128();

		for (; i + 16 <= n; i += 16)
			d = _mm_or_si128(d, _mm_xor_si128(vv, _mm_loadu_si128(
			    (const __m128i *)(const void *)(p + i))));
		d = _mm_or_si128(d, _mm_xor_si128(vv, _mm_loadu_si128(
		    (const __m128i *)(const void *)(p + n - 16))));
		return _mm_movemask_epi8(_mm_cmpeq_epi8(d,
		    _mm_setzero_si128())) == 0xffff;
	}
#endif

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, p + i, 8);
		if (x != m)
			return 0;
	}
	for (; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/* d = s ^ x, byte by byte (x 0xff: 255 - s), sixteen at a time where
 * SSE2 is, else eight. */
void
bplane_copy(unsigned char *d, const unsigned char *s, size_t n, int x)
{
	uint64_t m = (uint64_t)(x & 0xff) * 0x0101010101010101ULL, v;
	size_t i = 0;

#ifdef USE_SSE2
	__m128i xx = _mm_set1_epi8((char)x);

	for (; i + 16 <= n; i += 16)
		_mm_storeu_si128((__m128i *)(void *)(d + i), _mm_xor_si128(xx,
		    _mm_loadu_si128((const __m128i *)(const void *)(s + i))));
#endif

	for (; i + 8 <= n; i += 8) {
		memcpy(&v, s + i, 8);
		v ^= m;
		memcpy(d + i, &v, 8);
	}
	for (; i < n; i++)
		d[i] = (unsigned char)(s[i] ^ x);
}

int
bplane_first(const double lut[256], double t, int strict)
{
	int i = 0;

	while (i < 256 && (strict ? !(lut[i] > t) : !(lut[i] >= t)))
		i++;
	return i;
}

int
bplane_bbox(const unsigned char *b, int w, int h, int t, int *x0, int *y0,
    int *x1, int *y1)
{
	int y, a, e;

	*x0 = w, *y0 = h, *x1 = -1, *y1 = -1;
	for (y = 0; y < h; y++) {
		const unsigned char *row = b + (size_t)y * w;

		/* The first and the last ink of the row, if any. */
		if ((a = runs_first(row, w, t)) == w)
			continue;
		e = runs_last(row, w, t);
		*x0 = a < *x0 ? a : *x0;
		*x1 = e > *x1 ? e : *x1;
		*y0 = y < *y0 ? y : *y0;
		*y1 = y;
	}
	return *x1 < 0 ? -1 : 0;
}

/*
 * As plane_stroke_width for the ink {b >= t} (rows stride bytes apart):
 * area and boundary are counts, so the same quotient. The boundary from
 * the runs: each run has a left and a right edge; a pixel has an edge
 * above unless the pixel above is ink, so the edges above and below are
 * twice the area less twice the columns that runs of consecutive rows
 * share. -1 when out of memory.
 */
double
bplane_stroke_width(const unsigned char *b, size_t stride, int w, int h,
    int t)
{
	struct runs R;
	size_t area = 0, shared = 0;
	int y, i, j;

	if (runs_find(b, stride, w, h, t, &R) != 0)
		return -1;
	for (i = 0; i < R.n; i++)
		area += (size_t)(R.r[i].x1 - R.r[i].x0 + 1);
	for (y = 1; y < h; y++)
		for (i = R.row[y - 1], j = R.row[y];
		    i < R.row[y] && j < R.row[y + 1];) {
			const struct run *a = &R.r[i], *c = &R.r[j];
			int lo = a->x0 > c->x0 ? a->x0 : c->x0;
			int hi = a->x1 < c->x1 ? a->x1 : c->x1;

			if (hi >= lo)
				shared += (size_t)(hi - lo + 1);
			if (a->x1 < c->x1)
				i++;
			else
				j++;
		}
	i = R.n;	/* runs: two edges each */
	runs_free(&R);
	if (area == 0)
		return 0;
	return 2 * (double)area / (double)(2 * (size_t)i + 2 * area - 2 * shared);
}

/* The max of each of the eight bytes of a and b. Per byte, a >= b when
 * a's high bit is set and b's is not, or they agree and a's low seven
 * bits reach b's: (a | 0x80) - (b & 0x7f) keeps its high bit exactly
 * then, and never borrows from the next byte. */
static uint64_t
max8(uint64_t a, uint64_t b)
{
	const uint64_t H = 0x8080808080808080ULL;
	uint64_t d = (a | H) - (b & ~H);
	uint64_t ge = ((a & ~b) | (~(a ^ b) & d)) & H;
	uint64_t m = (ge >> 7) * 0xff;

	return (a & m) | (b & ~m);
}

/* d[i] = max(a[i], b[i]) for i < n, sixteen at a time where SSE2 is
 * (every x86-64), else eight; d may be a, with b after it (each block
 * is read before it is written). */
static void
maxline(unsigned char *d, const unsigned char *a, const unsigned char *b,
    size_t n)
{
	size_t i = 0;

#ifdef USE_SSE2
	for (; i + 16 <= n; i += 16)
		_mm_storeu_si128((__m128i *)(void *)(d + i), _mm_max_epu8(
		    _mm_loadu_si128((const __m128i *)(const void *)(a + i)),
		    _mm_loadu_si128((const __m128i *)(const void *)(b + i))));
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		x = max8(x, y);
		memcpy(d + i, &x, 8);
	}
	for (; i < n; i++)
		d[i] = a[i] > b[i] ? a[i] : b[i];
}

/*
 * The max of every window of k lines: line i (unit bytes, the lines one
 * after another in t) becomes the max of lines i .. i + k - 1, for
 * i < n; the lines up to n + k - 1 must be there, zero past the data.
 * By doubling: after the pass of p, line i is the max of the p lines
 * from i; the last pass lays two windows of p (p <= k < 2p) over the k.
 * Each pass is one maxline over the lines at once.
 */
static void
winmax(unsigned char *t, size_t unit, size_t n, int k)
{
	size_t p = 1, N = n + (size_t)k - 1;

	for (; 2 * p <= (size_t)k; p *= 2)
		maxline(t, t, t + p * unit, (N - p) * unit);
	if ((size_t)k > p)
		maxline(t, t, t + ((size_t)k - p) * unit, n * unit);
}

/*
 * Grey dilation by a (2r+1) square, as plane_dilate: the max of the
 * window along the rows, then along the columns, each as winmax over
 * lines padded with zeros (bytes are >= 0, so the zeros are what
 * plane_dilate's clipping and its max with 0 give). Along the rows the
 * lines are single bytes, and the rows of a band are one run of them,
 * each after r zeros: a pixel's window, r either side, then reaches the
 * zeros before the next row and never its bytes (bands of about 64 KiB:
 * one pass for a drawing's rows, not one a row, and no second plane).
 * Along the columns the lines are whole rows, so every step takes the
 * max of 16 pixels at once.
 */
int
bplane_dilate(unsigned char *b, int w, int h, int r)
{
	int k = 2 * r + 1, y, y0, band;
	size_t W = (size_t)w + (size_t)r, nrow;
	size_t ncol = ((size_t)h + k - 1) * w;
	unsigned char *row, *col = malloc(ncol);

	band = W < 65536 ? (int)(65536 / W) : 1;
	band = band < h ? band : h;
	nrow = (size_t)band * W + k - 1;
	if (col == NULL || (row = malloc(nrow)) == NULL) {
		free(col);
		return -1;
	}
	memset(col, 0, (size_t)r * w);
	for (y0 = 0; y0 < h; y0 += band) {
		int n = h - y0 < band ? h - y0 : band;

		memset(row, 0, nrow);
		for (y = 0; y < n; y++)
			memcpy(row + y * W + r, b + (size_t)(y0 + y) * w,
			    (size_t)w);
		winmax(row, 1, (size_t)n * W, k);
		for (y = 0; y < n; y++)
			memcpy(col + (size_t)(y0 + y + r) * w, row + y * W,
			    (size_t)w);
	}
	memset(col + (size_t)(h + r) * w, 0, (size_t)r * w);
	winmax(col, (size_t)w, (size_t)h, k);
	memcpy(b, col, (size_t)w * h);
	free(row);
	free(col);
	return 0;
}
