/* SPDX-License-Identifier: ISC */
/*
 * pixsum.c: each pixel's sum and sum of squares over a set of records,
 * exact integers (for the mean image and the variances that training
 * centres and preconditions with). Uses: cpu.h, pixsum.h, vec.h.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "pixsum.h"
#include "record.h"
#include "vec.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_X86_CLONES 1	/* an AVX-512 kernel, picked at run time */
#include <immintrin.h>
#endif

#define D	REC_PIXELS

/*
 * Pixel sums and sums of squares, exact integers. Within a block of at
 * most STB rows the counters are 32-bit (4096 * 255^2 < 2^32), in 16-byte
 * vectors: bytes widened to 16 bits (a square, <= 65025, still fits),
 * then to 32. Integer sums are exact in any order, so the sums over the
 * training rows can be taken as (all rows) - (held-out rows), in blocks,
 * by any thread, even while the records are still arriving (lrtrain).
 */
#define STB 4096

/*
 * c[0..D) += pixels, c[D..2D) += squares, over n <= STB rows, columns
 * j0 to D - 1 (j0 a multiple of 16). Column by column (16 at a time) over 256 rows, so that the counters stay
 * in registers and the 200 KB of rows stay in cache: pixel sums in 16
 * bits (256 * 255 < 2^16), squares widened to 32.
 */
#define SUMROWS 256

static void
sums_cols(const unsigned char *pix, size_t n, uint32_t *c, int j0)
{
	size_t i0, i, m;
	int j, l;

	for (i0 = 0; i0 < n; i0 += m) {
		m = n - i0 < SUMROWS ? n - i0 : SUMROWS;
		for (j = j0; j < D; j += 16) {
			u16x8 s[2] = { { 0 }, { 0 } };
			u32x4 q[4] = { { 0 }, { 0 }, { 0 }, { 0 } };
			uint32_t out[8];

			for (i = i0; i < i0 + m; i++) {
				u8x16 b;
				u16x8 h[2];

				memcpy(&b, pix + i * D + j, 16);
				vec_widen8(&h[0], &h[1], b);
				for (l = 0; l < 2; l++) {
					u32x4 a, c;

					s[l] += h[l];
					vec_widen16(&a, &c, h[l] * h[l]);
					q[2 * l] += a;
					q[2 * l + 1] += c;
				}
			}
			for (l = 0; l < 8; l++) {
				c[j + l] += s[0][l];
				c[j + 8 + l] += s[1][l];
			}
			memcpy(out, &q[0], 16);
			memcpy(out + 4, &q[1], 16);
			for (l = 0; l < 8; l++)
				c[D + j + l] += out[l];
			memcpy(out, &q[2], 16);
			memcpy(out + 4, &q[3], 16);
			for (l = 0; l < 8; l++)
				c[D + j + 8 + l] += out[l];
		}
	}
}

static void
sums_generic(const unsigned char *pix, size_t n, uint32_t *c)
{
	sums_cols(pix, n, c, 0);
}

#ifdef HAVE_X86_CLONES
/*
 * AVX-512 (BW): the same sums 32 pixels at a time (one 32-lane 16-bit
 * vector of pixel sums, two 16-lane 32-bit ones of squares), then the
 * last 16 of the 784 columns as above. Exact integers: the same counts.
 */
static __attribute__((target("avx512f,avx512bw"))) void
sums_avx512(const unsigned char *pix, size_t n, uint32_t *c)
{
	size_t i0, i, m;
	int j, l;

	for (i0 = 0; i0 < n; i0 += m) {
		m = n - i0 < SUMROWS ? n - i0 : SUMROWS;
		for (j = 0; j + 32 <= D; j += 32) {
			__m512i s = _mm512_setzero_si512();
			__m512i q0 = _mm512_setzero_si512();
			__m512i q1 = _mm512_setzero_si512();
			uint32_t out[32];
			uint16_t sum[32];

			for (i = i0; i < i0 + m; i++) {
				__m512i h = _mm512_cvtepu8_epi16(_mm256_loadu_si256(
				    (const __m256i *)(const void *)(pix + i * D + j)));
				__m512i sq = _mm512_mullo_epi16(h, h);

				s = _mm512_add_epi16(s, h);
				q0 = _mm512_add_epi32(q0, _mm512_cvtepu16_epi32(
				    _mm512_castsi512_si256(sq)));
				q1 = _mm512_add_epi32(q1, _mm512_cvtepu16_epi32(
				    _mm512_extracti64x4_epi64(sq, 1)));
			}
			_mm512_storeu_si512(sum, s);
			_mm512_storeu_si512(out, q0);
			_mm512_storeu_si512(out + 16, q1);
			for (l = 0; l < 32; l++) {
				c[j + l] += sum[l];
				c[D + j + l] += out[l];
			}
		}
	}
	sums_cols(pix, n, c, D / 32 * 32);
}
#endif


typedef void sums_fn(const unsigned char *, size_t, uint32_t *);
static sums_fn *ksums = sums_generic;
static pthread_once_t picked = PTHREAD_ONCE_INIT;

static void
pick(void)
{
#ifdef HAVE_X86_CLONES
	if (cpu_cap() == CPU_AVX512 && __builtin_cpu_supports("avx512bw"))
		ksums = sums_avx512;
#endif
}

void
pixel_sums(const unsigned char *pix, size_t n, uint64_t *sums)
{
	uint32_t c[2 * D];
	size_t i, m;
	int j;

	pthread_once(&picked, pick);
	for (i = 0; i < n; i += m) {
		m = n - i < STB ? n - i : STB;
		memset(c, 0, sizeof c);
		ksums(pix + i * D, m, c);
		for (j = 0; j < 2 * D; j++)
			sums[j] += c[j];
	}
}
