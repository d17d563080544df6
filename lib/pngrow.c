/* SPDX-License-Identifier: ISC */
/*
 * pngrow.c: a PNG's rows once inflated: their filters undone (PNG spec
 * 9.2) and colour rows turned to grey as libpng's rgb_to_gray does, for
 * pngplain.c. Each filter predicts a byte from a (left), b (above) and c
 * (above left) and stores the difference mod 256; Paeth's prediction
 * waits for the byte before, so it is the slow one, and the one most
 * grey pictures are written with.
 * Uses: pngrow.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pngrow.h"

/* SSE2 is on every x86-64; DP_NO_SSE2 (the ASan build) takes the plain
 * loops, which give the same bytes. */
#if defined(__SSE2__) && !defined(DP_NO_SSE2)
#define USE_SSE2
#include <emmintrin.h>
#endif

/*
 * The Paeth predictor of PNG's filter 4: of a (left), b (above) and c
 * (above left), the one nearest p = a + b - c, ties going to a, then b.
 * The distances are |b - c|, |a - c| and |a + b - 2c|; with lo and hi the
 * smaller and larger of a and b they order by where 3c - a - b falls:
 * at or below lo the nearest is hi, at or above hi it is lo, between
 * them c. Written so (as stb_image does), the choice is the same for
 * all 2^24 triples (checked exhaustively when written), and compilers
 * make conditional moves of it, not branches.
 */
static inline int
paeth(int a, int b, int c)
{
	int t = 3 * c - (a + b), lo = a < b ? a : b, hi = a < b ? b : a;
	int p = hi <= t ? lo : c;

	return t <= lo ? hi : p;
}

/*
 * 1 if the 16 filtered bytes at f are 0 and the 16 above them (u) are
 * v: paper, where a, b and c are all v and so is each byte made. The
 * Paeth loops below take such steps whole when a and c are v too.
 */
static int
flat16(const unsigned char *f, const unsigned char *u, int v)
{
#ifdef USE_SSE2
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)f);
	__m128i y = _mm_loadu_si128((const __m128i *)(const void *)u);

	return _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(x,
	    _mm_setzero_si128()), _mm_cmpeq_epi8(y, _mm_set1_epi8((char)v)))) ==
	    0xffff;
#else
	uint64_t x[2], y[2], m = (uint64_t)v * 0x0101010101010101ULL;

	memcpy(x, f, 16);
	memcpy(y, u, 16);
	return (x[0] | x[1]) == 0 && y[0] == m && y[1] == m;
#endif
}

/*
 * Paeth on a grey row: each byte waits for the one before, so a and c
 * are kept in registers rather than stored and loaded again (twice as
 * slow), in a function of its own so that they stay there. Sixteen
 * bytes of paper (flat16) are one step.
 */
static void __attribute__((noinline))
paeth_grey(unsigned char *restrict cur, const unsigned char *restrict prev,
    size_t n)
{
	int a = cur[0] = (unsigned char)(cur[0] + prev[0]), c = prev[0];
	size_t i, e;

	for (i = 1; i < n;) {
		if (i + 16 <= n && a == c && flat16(cur + i, prev + i, a)) {
			memset(cur + i, a, 16);
			i += 16;
			continue;
		}
		for (e = i + 16 < n ? i + 16 : n; i < e; i++) {
			int b = prev[i];

			a = (cur[i] + paeth(a, b, c)) & 255;
			cur[i] = (unsigned char)a;
			c = b;
		}
	}
}

/*
 * Paeth on two grey rows at once, the second (r0 + stride) under the
 * first: its b is the byte of the first just made, so the two chains of
 * waiting bytes run side by side (the first a pixel ahead), and the two
 * rows take little longer than one. Sixteen bytes of paper in both
 * rows are one step (c1 is a0 throughout).
 */
static void __attribute__((noinline))
paeth_grey2(unsigned char *r0, const unsigned char *restrict prev,
    size_t n, size_t stride)
{
	unsigned char *r1 = r0 + stride;
	int a0 = r0[0] = (unsigned char)(r0[0] + prev[0]), c0 = prev[0];
	int a1 = r1[0] = (unsigned char)(r1[0] + a0), c1 = a0;
	size_t i, e;

	for (i = 1; i < n;) {
		if (i + 16 <= n && a0 == c0 && a1 == a0 &&
		    flat16(r0 + i, prev + i, a0) &&
		    flat16(r1 + i, prev + i, a0)) {
			memset(r0 + i, a0, 16);
			memset(r1 + i, a0, 16);
			i += 16;
			continue;
		}
		for (e = i + 16 < n ? i + 16 : n; i < e; i++) {
			int b0 = prev[i];

			a0 = (r0[i] + paeth(a0, b0, c0)) & 255;
			r0[i] = (unsigned char)a0;
			a1 = (r1[i] + paeth(a1, a0, c1)) & 255;
			r1[i] = (unsigned char)a1;
			c0 = b0;
			c1 = a0;
		}
	}
}

/* Undo a row's filter in place: cur holds the filtered bytes, prev the
 * row above unfiltered (zeros above the first row), bpp bytes a pixel. */
static int
unfilter(int f, unsigned char *restrict cur, const unsigned char *restrict prev,
    size_t n, size_t bpp)
{
	size_t i = 0;

	switch (f) {
	case 0:
		break;
	case 1:		/* Sub: a */
		for (i = bpp; i < n; i++)
			cur[i] = (unsigned char)(cur[i] + cur[i - bpp]);
		break;
	case 2:		/* Up: b */
#ifdef USE_SSE2
		for (; i + 16 <= n; i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(cur + i));
			__m128i y = _mm_loadu_si128((const __m128i *)(prev + i));

			_mm_storeu_si128((__m128i *)(cur + i), _mm_add_epi8(x, y));
		}
#endif
		for (; i < n; i++)
			cur[i] = (unsigned char)(cur[i] + prev[i]);
		break;
	case 3:		/* Average: (a + b) / 2 */
		for (; i < bpp && i < n; i++)
			cur[i] = (unsigned char)(cur[i] + (prev[i] >> 1));
		for (; i < n; i++)
			cur[i] = (unsigned char)(cur[i] +
			    ((cur[i - bpp] + prev[i]) >> 1));
		break;
	case 4:		/* Paeth: whichever of a, b, c is nearest a + b - c */
		if (bpp == 1) {
			paeth_grey(cur, prev, n);
			break;
		}
		for (; i < bpp && i < n; i++)	/* a = c = 0: b */
			cur[i] = (unsigned char)(cur[i] + prev[i]);
		for (; i < n; i++)
			cur[i] = (unsigned char)(cur[i] +
			    paeth(cur[i - bpp], prev[i], prev[i - bpp]));
		break;
	default:
		return -1;
	}
	return 0;
}

unsigned
png_grey_row(const unsigned char *s, unsigned char *g, unsigned char *a,
    size_t w, int ch)
{
	unsigned op = 255;
	size_t x = 0;

#ifdef USE_SSE2
	if (ch == 4) {
		/* 8 pixels at a time: pmaddwd gives 6969 R + 23433 G and
		 * 2366 B + 0 A for each pixel, the two halves are added. */
		const __m128i wt = _mm_setr_epi16(6969, 23433, 2366, 0,
		    6969, 23433, 2366, 0);
		const __m128i z = _mm_setzero_si128();
		__m128i opv = _mm_set1_epi8(-1);
		__m128i u = z, ug = z, ua = z;	/* once have is 1 */
		int have = 0;
		unsigned char o[16];
		int k;

		for (; x + 8 <= w; x += 8) {
			__m128i p0 = _mm_loadu_si128((const __m128i *)(s + 4 * x));
			__m128i p1 = _mm_loadu_si128((const __m128i *)(s + 4 * x + 16));
			__m128i d = _mm_or_si128(_mm_xor_si128(p0, u),
			    _mm_xor_si128(p1, u));

			/* Eight pixels of the colour of the last eight of
			 * one colour (paper, a canvas's background): their
			 * grey and alpha again. Else eight of one colour: its
			 * grey once. */
			if (have &&
			    _mm_movemask_epi8(_mm_cmpeq_epi8(d, z)) == 0xffff) {
				_mm_storel_epi64((__m128i *)(g + x), ug);
				_mm_storel_epi64((__m128i *)(a + x), ua);
				continue;
			}
			d = _mm_or_si128(_mm_xor_si128(p0, p1),
			    _mm_xor_si128(p0, _mm_shuffle_epi32(p0, 0)));
			if (_mm_movemask_epi8(_mm_cmpeq_epi8(d, z)) == 0xffff) {
				const unsigned char *q = s + 4 * x;

				u = p0;
				have = 1;
				ug = _mm_set1_epi8((char)((6969u * q[0] +
				    23433u * q[1] + 2366u * q[2]) >> 15));
				ua = _mm_set1_epi8((char)q[3]);
				_mm_storel_epi64((__m128i *)(g + x), ug);
				_mm_storel_epi64((__m128i *)(a + x), ua);
				opv = _mm_and_si128(opv, ua);
				continue;
			}
			__m128 m0 = _mm_castsi128_ps(_mm_madd_epi16(_mm_unpacklo_epi8(p0, z), wt));
			__m128 m1 = _mm_castsi128_ps(_mm_madd_epi16(_mm_unpackhi_epi8(p0, z), wt));
			__m128 m2 = _mm_castsi128_ps(_mm_madd_epi16(_mm_unpacklo_epi8(p1, z), wt));
			__m128 m3 = _mm_castsi128_ps(_mm_madd_epi16(_mm_unpackhi_epi8(p1, z), wt));
			__m128i s0 = _mm_add_epi32(
			    _mm_castps_si128(_mm_shuffle_ps(m0, m1, _MM_SHUFFLE(2, 0, 2, 0))),
			    _mm_castps_si128(_mm_shuffle_ps(m0, m1, _MM_SHUFFLE(3, 1, 3, 1))));
			__m128i s1 = _mm_add_epi32(
			    _mm_castps_si128(_mm_shuffle_ps(m2, m3, _MM_SHUFFLE(2, 0, 2, 0))),
			    _mm_castps_si128(_mm_shuffle_ps(m2, m3, _MM_SHUFFLE(3, 1, 3, 1))));
			__m128i g16 = _mm_packs_epi32(_mm_srli_epi32(s0, 15),
			    _mm_srli_epi32(s1, 15));
			__m128i a16 = _mm_packs_epi32(_mm_srli_epi32(p0, 24),
			    _mm_srli_epi32(p1, 24));
			__m128i a8 = _mm_packus_epi16(a16, a16);

			_mm_storel_epi64((__m128i *)(g + x), _mm_packus_epi16(g16, g16));
			_mm_storel_epi64((__m128i *)(a + x), a8);
			opv = _mm_and_si128(opv, a8);
		}
		_mm_storeu_si128((__m128i *)o, opv);
		for (k = 0; k < 16; k++)
			op &= o[k];
	}
#endif
	for (s += (size_t)ch * x; x < w; x++, s += ch) {
		g[x] = (unsigned char)((6969u * s[0] + 23433u * s[1] +
		    2366u * s[2]) >> 15);
		if (ch == 4)
			op &= a[x] = s[3];
	}
	return op;
}

int
png_unfilter_rows(unsigned char *row, const unsigned char *above, size_t n,
    size_t bpp, size_t stride, size_t rows)
{
	size_t j;

	for (j = 0; j < rows; j++, row += stride) {
		const unsigned char *prev = j ? row - stride : above;

		if (bpp == 1 && row[-1] == 4 && j + 1 < rows &&
		    row[stride - 1] == 4) {
			paeth_grey2(row, prev, n, stride);
			j++, row += stride;
		} else if (unfilter(row[-1], row, prev, n, bpp) != 0)
			return -1;
	}
	return 0;
}
