/* SPDX-License-Identifier: ISC */
/*
 * kern.c: the training's two hot loops over byte images, forward
 * (logits) and backward (gradient sums), in fixed-width vectors, and
 * their run-time choice (generic, AVX2, AVX-512: the same bits on all).
 * Uses: cpu.h, lr.h (K and D).
 */
#include <string.h>

#include "cpu.h"
#include "kern.h"
#include "lr.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_X86_CLONES 1	/* AVX2 and AVX-512 kernels, picked at run time */
#include <immintrin.h>
#endif

#define K	LR_K
#define D	LR_D
#define VL	16		/* floats per vector: one AVX-512 register */
#define NCH	(D / VL)	/* 49 vector chunks per image */

#if D % VL != 0
#error "D must be a multiple of VL"
#endif


/*
 * Fixed-width vectors (GCC/Clang vector extensions). The width is fixed
 * at 16 lanes whatever the CPU: on AVX-512 one register, on AVX2 two, on
 * SSE2 four. The arithmetic, and so every rounding, is the same on all
 * of them, so a model does not depend on which kernel ran.
 */
typedef float v16f __attribute__((vector_size(VL * 4)));
typedef unsigned char v16b __attribute__((vector_size(VL)));
typedef short v16s __attribute__((vector_size(VL * 2)));
typedef int v16i __attribute__((vector_size(VL * 4)));

/*
 * px: 16 pixel bytes to 16 floats, exact (0..255). The generic form goes
 * through int16 and int32 because GCC turns a direct byte-to-float (or
 * byte-to-int32) vector conversion into 16 scalar ones; with AVX2 and
 * AVX-512 it is a zero-extend and a vcvtdq2ps. Same values every way.
 */
static inline __attribute__((always_inline)) void
px_generic(v16f *x, const unsigned char *p)
{
	v16b b;

	memcpy(&b, p, VL);
	*x = __builtin_convertvector(__builtin_convertvector(
	    __builtin_convertvector(b, v16s), v16i), v16f);
}

#ifdef HAVE_X86_CLONES
static inline __attribute__((target("avx512f"))) void
px_avx512(v16f *x, const unsigned char *p)
{
	__m512 f = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(
	    _mm_loadu_si128((const __m128i *)(const void *)p)));

	memcpy(x, &f, sizeof f);
}
#else
#define px_avx512 px_generic
#endif

enum { ISA_GENERIC, ISA_AVX512 };

#define PX(x, p) do { \
	if (isa == ISA_AVX512) px_avx512(&(x), (p)); \
	else px_generic(&(x), (p)); } while (0)

/*
 * The lane sums of four vectors at once: out[0], out[4], out[8], out[12]
 * get the sums of *p0, *p1, *p2, *p3. Each is the same tree of halves
 * (lane l plus lane l + 8, then l + 4, l + 2, l + 1) on every CPU; the
 * four sums share each shuffle and add.
 */
static inline __attribute__((always_inline)) void
hsum4(float *out, const v16f *p0, const v16f *p1, const v16f *p2,
    const v16f *p3)
{
	v16f a0 = *p0, a1 = *p1, a2 = *p2, a3 = *p3, ab, cd, q, t;

	/* [a0 lo + a0 hi | a1 lo + a1 hi]: 8 partial sums each */
	ab = __builtin_shufflevector(a0, a1, 0, 1, 2, 3, 4, 5, 6, 7,
	    16, 17, 18, 19, 20, 21, 22, 23) +
	    __builtin_shufflevector(a0, a1, 8, 9, 10, 11, 12, 13, 14, 15,
	    24, 25, 26, 27, 28, 29, 30, 31);
	cd = __builtin_shufflevector(a2, a3, 0, 1, 2, 3, 4, 5, 6, 7,
	    16, 17, 18, 19, 20, 21, 22, 23) +
	    __builtin_shufflevector(a2, a3, 8, 9, 10, 11, 12, 13, 14, 15,
	    24, 25, 26, 27, 28, 29, 30, 31);
	/* [a0 | a1 | a2 | a3]: 4 partial sums each */
	q = __builtin_shufflevector(ab, cd, 0, 1, 2, 3, 8, 9, 10, 11,
	    16, 17, 18, 19, 24, 25, 26, 27) +
	    __builtin_shufflevector(ab, cd, 4, 5, 6, 7, 12, 13, 14, 15,
	    20, 21, 22, 23, 28, 29, 30, 31);
	/* 2, then 1 partial sum each (the other lanes are don't-care) */
	t = __builtin_shufflevector(q, q, 2, 3, 2, 3, 6, 7, 6, 7,
	    10, 11, 10, 11, 14, 15, 14, 15);
	q += t;
	t = __builtin_shufflevector(q, q, 1, 1, 1, 1, 5, 5, 5, 5,
	    9, 9, 9, 9, 13, 13, 13, 13);
	q += t;
	memcpy(out, &q, sizeof q);
}

/*
 * Forward: a[r][k] = sum_j W[k][j] * pix_r[j]     a: [nr x K], W: [K x D]
 * (raw pixel units: the caller applies the scale).
 *
 * Every (row, class) pair has one 16-lane accumulator; lane l adds up
 * pix[16c + l] * W[k][16c + l] over the chunks c = 0..48 in order, then
 * the lanes are summed by hsum4. That fixes every rounding, so kernels
 * may block registers differently and still agree to the bit: fr rows x
 * fk classes at a time (AVX-512: 4 x 5 = 20 accumulators in 32 registers,
 * each W vector loaded serving 4 rows; SSE2: 1 x 5; AVX2 below). The products
 * and sums are separate statements so that no compiler fuses them into
 * FMAs, which would round differently.
 */
#define FR 4	/* most rows at a time */
#define FK 5	/* classes at a time; divides K */

static inline __attribute__((always_inline)) void
fwd_body(const unsigned char *const *rows, int nr, const float *restrict w,
    float *restrict a, int isa, int fr)
{
	const unsigned char *p[FR];
	float v[FR * FK + 4][VL];
	int r, h, i, k, c, q;

	for (r = 0; r < nr; r += fr) {
#pragma GCC unroll 4
		for (i = 0; i < fr; i++)	/* a short tail repeats a row */
			p[i] = rows[r + i < nr ? r + i : r];
		for (h = 0; h < K; h += FK) {
			v16f s[FR * FK], x[FR];

#pragma GCC unroll 20
			for (i = 0; i < fr * FK; i++)
				s[i] = (v16f){ 0 };
			for (c = 0; c < NCH; c++) {
#pragma GCC unroll 4
				for (i = 0; i < fr; i++)
					PX(x[i], p[i] + c * VL);
#pragma GCC unroll 5
				for (k = 0; k < FK; k++) {
					v16f wk, t;

					memcpy(&wk, w + (h + k) * D + c * VL,
					    sizeof wk);
#pragma GCC unroll 4
					for (i = 0; i < fr; i++) {
						t = x[i] * wk;
						s[i * FK + k] += t;
					}
				}
			}
			/* s[i * FK + k] -> v[i * FK + k][0], 4 at a time */
			for (q = 0; q < fr * FK; q += 4)
				hsum4(v[q], &s[q], &s[q + 1 < fr * FK ? q + 1 : q],
				    &s[q + 2 < fr * FK ? q + 2 : q],
				    &s[q + 3 < fr * FK ? q + 3 : q]);
			for (i = 0; i < fr && r + i < nr; i++)
				for (k = 0; k < FK; k++) {
					q = i * FK + k;
					a[(r + i) * K + h + k] =
					    v[q & ~3][4 * (q & 3)];
				}
		}
	}
}

/*
 * Backward: out[k][j] = sum_r g[r][k] * pix_r[j]   out: [K x D], g: [nr x K]
 * Each output vector adds up its rows in order. AVX-512 takes two
 * 16-pixel chunks x 10 classes = 20 accumulators per sweep down the
 * rows, each pixel vector converted once and used by all ten classes;
 * SSE2 one chunk x 5 classes (AVX2 below). 49 chunks is odd: the last pair
 * is (47, 48), so chunk 47 is computed twice, with the same result.
 */
static inline __attribute__((always_inline)) void
bwd_body(const unsigned char *const *rows, int nr, const float *restrict g,
    float *restrict out, int isa, int nc, int kc)
{
	int r, k, c, h, i;

	for (c = 0; c < NCH; c += nc) {
		int c0 = c + nc <= NCH ? c : NCH - nc;

		for (h = 0; h < K; h += kc) {
			v16f s[2 * K];

#pragma GCC unroll 20
			for (i = 0; i < nc * kc; i++)
				s[i] = (v16f){ 0 };
			for (r = 0; r < nr; r++) {
				v16f x[2], t;

#pragma GCC unroll 2
				for (i = 0; i < nc; i++)
					PX(x[i], rows[r] + (c0 + i) * VL);
#pragma GCC unroll 10
				for (k = 0; k < kc; k++) {
					float gk = g[r * K + h + k];

#pragma GCC unroll 2
					for (i = 0; i < nc; i++) {
						t = x[i] * gk;
						s[i * kc + k] += t;
					}
				}
			}
			for (i = 0; i < nc; i++)
				for (k = 0; k < kc; k++)
					memcpy(out + (h + k) * D + (c0 + i) * VL,
					    &s[i * kc + k], sizeof s[0]);
		}
	}
}

static void
fwd_generic(const unsigned char *const *rows, int nr, const float *w, float *a)
{
	fwd_body(rows, nr, w, a, ISA_GENERIC, 1);
}

static void
bwd_generic(const unsigned char *const *rows, int nr, const float *g,
    float *out)
{
	bwd_body(rows, nr, g, out, ISA_GENERIC, 1, 5);
}

#ifdef HAVE_X86_CLONES
/*
 * AVX2: the same sums on 8-lane vectors. GCC keeps 16-lane vectors in
 * memory when the CPU has no 16-lane registers, so here each 16-lane
 * accumulator is held as two 8-lane halves (lanes 0-7 and 8-15), which
 * add up exactly the same products in the same order. The lane sum is
 * hsum4's tree: first lo + hi (lane l plus lane l + 8), then l + 4,
 * l + 2, l + 1.
 */
typedef float v8f __attribute__((vector_size(32)));

static inline __attribute__((target("avx2"))) void
px8(v8f *x, const unsigned char *p)
{
	__m256 f = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(
	    _mm_loadl_epi64((const __m128i *)(const void *)p)));

	memcpy(x, &f, sizeof f);
}

static inline __attribute__((target("avx2"))) float
hsum16(v8f lo, v8f hi)
{
	v8f h = lo + hi;
	float p[8], q0, q1, q2, q3;

	memcpy(p, &h, sizeof p);
	q0 = p[0] + p[4];
	q1 = p[1] + p[5];
	q2 = p[2] + p[6];
	q3 = p[3] + p[7];
	q0 += q2;
	q1 += q3;
	return q0 + q1;
}

/* Forward, one row x 5 classes: 10 accumulators of 8 lanes. */
__attribute__((target("avx2"))) static void
fwd_avx2(const unsigned char *const *rows, int nr, const float *w, float *a)
{
	int r, h, k, c;

	for (r = 0; r < nr; r++)
		for (h = 0; h < K; h += FK) {
			v8f s[FK][2], x[2], wk, t;

#pragma GCC unroll 5
			for (k = 0; k < FK; k++)
				s[k][0] = s[k][1] = (v8f){ 0 };
			for (c = 0; c < NCH; c++) {
				px8(&x[0], rows[r] + c * VL);
				px8(&x[1], rows[r] + c * VL + 8);
#pragma GCC unroll 5
				for (k = 0; k < FK; k++) {
					memcpy(&wk, w + (h + k) * D + c * VL,
					    sizeof wk);
					t = x[0] * wk;
					s[k][0] += t;
					memcpy(&wk, w + (h + k) * D + c * VL + 8,
					    sizeof wk);
					t = x[1] * wk;
					s[k][1] += t;
				}
			}
			for (k = 0; k < FK; k++)
				a[r * K + h + k] = hsum16(s[k][0], s[k][1]);
		}
}

/* Backward, one 16-pixel chunk x 5 classes: 10 accumulators. */
__attribute__((target("avx2"))) static void
bwd_avx2(const unsigned char *const *rows, int nr, const float *g,
    float *out)
{
	int r, h, k, c;

	for (c = 0; c < NCH; c++)
		for (h = 0; h < K; h += FK) {
			v8f s[FK][2], x[2], t;

#pragma GCC unroll 5
			for (k = 0; k < FK; k++)
				s[k][0] = s[k][1] = (v8f){ 0 };
			for (r = 0; r < nr; r++) {
				px8(&x[0], rows[r] + c * VL);
				px8(&x[1], rows[r] + c * VL + 8);
#pragma GCC unroll 5
				for (k = 0; k < FK; k++) {
					float gk = g[r * K + h + k];

					t = x[0] * gk;
					s[k][0] += t;
					t = x[1] * gk;
					s[k][1] += t;
				}
			}
			for (k = 0; k < FK; k++)
				memcpy(out + (h + k) * D + c * VL, s[k],
				    sizeof s[k]);
		}
}

__attribute__((target("avx512f"))) static void
fwd_avx512(const unsigned char *const *rows, int nr, const float *w, float *a)
{
	fwd_body(rows, nr, w, a, ISA_AVX512, 4);
}

__attribute__((target("avx512f"))) static void
bwd_avx512(const unsigned char *const *rows, int nr, const float *g,
    float *out)
{
	bwd_body(rows, nr, g, out, ISA_AVX512, 2, 10);
}
#endif

kern_fwd_fn *kern_fwd = fwd_generic;
kern_bwd_fn *kern_bwd = bwd_generic;
static enum cpu_isa picked = CPU_GENERIC;

enum cpu_isa
kern_pick(void)
{
	static int done;

	if (done)
		return picked;
	done = 1;
#ifdef HAVE_X86_CLONES
	switch (cpu_cap()) {
	case CPU_AVX512:
		kern_fwd = fwd_avx512;
		kern_bwd = bwd_avx512;
		picked = CPU_AVX512;
		break;
	case CPU_AVX2:
		kern_fwd = fwd_avx2;
		kern_bwd = bwd_avx2;
		picked = CPU_AVX2;
		break;
	default:
		break;
	}
#endif
	return picked;
}
