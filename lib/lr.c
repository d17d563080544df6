/* SPDX-License-Identifier: ISC */
/*
 * lr.c: multinomial logistic regression (softmax regression) training:
 * the fused forward+backward kernel over byte images, a small thread pool
 * that keeps results independent of the thread count, and two solvers
 * (mini-batch SGD with momentum, and L-BFGS for the exact optimum).
 *
 * Notation (shapes in brackets). K = 10 classes, D = 784 pixels.
 *   pix  [n x D]  bytes 0..255;  x = pix * s with s = 1/255 (model scale)
 *   W    [K x D]  weights,  b [K] biases
 *   z    [K]      logits:  z = W x + b
 *   p    [K]      p = softmax(z),  p_k = exp(z_k) / sum_j exp(z_j)
 *   y    [K]      one-hot label
 *   loss_i = -log p_y = logsumexp(z) - z_y
 * The objective is scikit-learn's, with its strength convention C:
 *   F(W, b) = C * sum_i loss_i + |W|^2 / 2        (b is not penalized)
 *   dF/dW = C * (P - Y)^T X + W    [K x D]
 *   dF/db = C * sum_i (p_i - y_i)  [K]
 *
 * Centring. Both solvers work on centred inputs: z = W (x - mu) + c with
 * mu the mean training image. Since b = c - W mu is not penalized, this
 * is the same objective in other coordinates, but far better conditioned
 * (the bias no longer fights the mean image). Gradients in these
 * coordinates:
 *   dF/dW = C * s * G^T pix - C * (sum_i g_i) mu^T + W,   G = P - Y
 *   dF/dc = C * sum_i g_i
 *
 * Determinism. Rows are cut into blocks of a fixed size that does not
 * depend on the thread count; each block's partial sums go to their own
 * slot, and slots are added in block order (in double). Any thread may
 * run any block, so the result is the same with 1 or 64 threads.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dp.h"
#include "vec.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_X86_CLONES 1	/* AVX2 and AVX-512 kernels, picked at run time */
#include <immintrin.h>
#endif

#define K	LR_K
#define D	LR_D
#define VL	16		/* floats per vector: one AVX-512 register */
#define NCH	(D / VL)	/* 49 vector chunks per image */
#define BLK	256		/* rows per block in a full pass */
#define SUB	64		/* rows per block in an SGD mini-batch */

#if D % VL != 0 || D % 112 != 0
#error "D must be a multiple of VL and of SEG"
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

/* ---- thread pool ------------------------------------------------- */

/*
 * A fork-join pool: pool_run(fn, arg, n) calls fn(arg, i) once for each
 * i < n, spread over the threads, and returns when all are done. Items
 * are taken from an atomic counter, so a busy core just takes fewer.
 * Workers spin a little before sleeping: SGD forks thousands of short
 * jobs per second.
 */
struct pool {
	int nthr;
	pthread_t *tid;
	pthread_mutex_t mu;
	pthread_cond_t wake, idle;
	atomic_uint gen;		/* bumped for each job */
	atomic_int busy;		/* workers still in the job */
	atomic_size_t next;		/* next item to take */
	void (*fn)(void *, size_t);
	void *arg;
	size_t nitems;
	int quit;
};

#define SPIN 20000	/* polls before sleeping (sched_yield every 64) */

static void
pool_items(struct pool *p)
{
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->nitems)
		p->fn(p->arg, i);
}

static void *
pool_worker(void *arg)
{
	struct pool *p = arg;
	unsigned seen = 0, g;
	long spin;

	for (;;) {
		for (spin = 0; spin < SPIN; spin++) {
			if ((g = atomic_load(&p->gen)) != seen)
				break;
			if (spin % 64 == 63)
				sched_yield();	/* let a preempted thread run */
		}
		if (spin == SPIN) {
			pthread_mutex_lock(&p->mu);
			while ((g = atomic_load(&p->gen)) == seen && !p->quit)
				pthread_cond_wait(&p->wake, &p->mu);
			pthread_mutex_unlock(&p->mu);
		}
		if (p->quit)
			return NULL;
		seen = g;
		pool_items(p);
		if (atomic_fetch_sub(&p->busy, 1) == 1) {
			pthread_mutex_lock(&p->mu);
			pthread_cond_signal(&p->idle);
			pthread_mutex_unlock(&p->mu);
		}
	}
}

static void
pool_run(struct pool *p, void (*fn)(void *, size_t), void *arg, size_t n)
{
	long spin;

	if (p->nthr <= 1 || n <= 1) {
		size_t i;

		for (i = 0; i < n; i++)
			fn(arg, i);
		return;
	}
	p->fn = fn;
	p->arg = arg;
	p->nitems = n;
	atomic_store(&p->next, 0);
	atomic_store(&p->busy, p->nthr - 1);
	pthread_mutex_lock(&p->mu);
	atomic_fetch_add(&p->gen, 1);
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->mu);
	pool_items(p);
	for (spin = 0; spin < SPIN && atomic_load(&p->busy) > 0; spin++)
		if (spin % 64 == 63)
			sched_yield();
	if (atomic_load(&p->busy) > 0) {
		pthread_mutex_lock(&p->mu);
		while (atomic_load(&p->busy) > 0)
			pthread_cond_wait(&p->idle, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
}

static void
pool_start(struct pool *p, int nthr)
{
	int i;

	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->wake, NULL);
	pthread_cond_init(&p->idle, NULL);
	atomic_init(&p->gen, 0);
	atomic_init(&p->busy, 0);
	atomic_init(&p->next, 0);
	p->nthr = nthr < 1 ? 1 : nthr;
	p->tid = dp_calloc((size_t)p->nthr, sizeof *p->tid);
	for (i = 1; i < p->nthr; i++)
		if (pthread_create(&p->tid[i], NULL, pool_worker, p) != 0) {
			p->nthr = i;	/* fewer threads: same result */
			break;
		}
}

static void
pool_stop(struct pool *p)
{
	int i;

	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	atomic_fetch_add(&p->gen, 1);
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->mu);
	for (i = 1; i < p->nthr; i++)
		pthread_join(p->tid[i], NULL);
	free(p->tid);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->wake);
	pthread_cond_destroy(&p->idle);
}

/* ---- kernels ----------------------------------------------------- */

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

typedef void fwd_fn(const unsigned char *const *, int, const float *,
    float *);
typedef void bwd_fn(const unsigned char *const *, int, const float *,
    float *);

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

static fwd_fn *kfwd = fwd_generic;
static bwd_fn *kbwd = bwd_generic;
typedef void hash_fn(const unsigned char *, const unsigned char *, size_t,
    uint64_t *);
static void hashes_generic(const unsigned char *, const unsigned char *,
    size_t, uint64_t *);
static hash_fn *khash = hashes_generic;
typedef void sums_fn(const unsigned char *, size_t, uint32_t *);
static sums_fn sums_generic;
static sums_fn *ksums = sums_generic;
#ifdef HAVE_X86_CLONES
static hash_fn hashes_avx512;
static sums_fn sums_avx512;
#endif

static void
pick_kernels(void)
{
#ifdef HAVE_X86_CLONES
	const char *e = getenv("DIGITPIPE_KERNEL");	/* for testing */
	static int picked;

	if (picked)
		return;
	picked = 1;
	__builtin_cpu_init();
	if (e != NULL && strcmp(e, "generic") == 0)
		return;
	if (__builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("avx512dq") &&
	    !(e != NULL && strcmp(e, "avx2") == 0))
		khash = hashes_avx512;
	if (__builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("avx512bw") &&
	    !(e != NULL && strcmp(e, "avx2") == 0))
		ksums = sums_avx512;
	if (__builtin_cpu_supports("avx512f") &&
	    !(e != NULL && strcmp(e, "avx2") == 0)) {
		kfwd = fwd_avx512;
		kbwd = bwd_avx512;
	} else if (__builtin_cpu_supports("avx2")) {
		kfwd = fwd_avx2;
		kbwd = bwd_avx2;
	}
#endif
}

/* ---- one pass over blocks of rows -------------------------------- */

/*
 * A pass: for each block of rows, the loss, the count of right answers,
 * and (if grad) the block's raw gradient sums:
 *   gw[k][j] = sum_r g_rk pix_r[j]   (float, within the block)
 *   gb[k]    = sum_r g_rk            (double)
 * with g_r = p_r - y_r. Logits: z_k = s * (W_k . pix) + off_k, where
 * off_k = c_k - W_k . mu holds the centring.
 */
struct pass {
	const float *w;		/* K x D */
	double off[K];
	double s;
	const unsigned char *pix, *label;
	const uint32_t *idx;	/* row numbers, or NULL: rows row0.. */
	size_t row0, nrows;
	int blk;		/* rows per block */
	int grad;
	float *gw;		/* nblocks x K x D */
	double *gb;		/* nblocks x K */
	double *loss;		/* nblocks */
	unsigned *right;	/* nblocks */
};

static void
pass_block(void *arg, size_t bi)
{
	struct pass *ps = arg;
	const unsigned char *rows[BLK] = { 0 };
	float a[BLK * K], g[BLK * K];
	size_t r0 = bi * (size_t)ps->blk, row;
	int nr = (int)(ps->nrows - r0 < (size_t)ps->blk ? ps->nrows - r0 :
	    (size_t)ps->blk);
	int r, k, y, best;
	double loss = 0, gb[K] = { 0 };
	unsigned right = 0;

	for (r = 0; r < nr; r++) {
		row = ps->idx ? ps->idx[r0 + r] : ps->row0 + r0 + r;
		rows[r] = ps->pix + row * D;
	}
	kfwd(rows, nr, ps->w, a);
	for (r = 0; r < nr; r++) {
		double z[K], e[K], sum = 0;

		row = ps->idx ? ps->idx[r0 + r] : ps->row0 + r0 + r;
		y = ps->label[row];
		best = 0;
		for (k = 0; k < K; k++) {
			z[k] = ps->s * a[r * K + k] + ps->off[k];
			if (z[k] > z[best])
				best = k;
		}
		/* Stability: subtract max(z) before exp, so no exp
		 * overflows and sum >= 1; then
		 *   loss = logsumexp(z) - z_y = log(sum) + (zmax - z_y),
		 * which never takes the log of an underflowed p_y. */
		for (k = 0; k < K; k++)
			sum += (e[k] = exp(z[k] - z[best]));
		loss += log(sum) + (z[best] - z[y]);
		right += best == y;
		for (k = 0; k < K; k++) {
			/* g = p - y, the softmax+cross-entropy gradient
			 * wrt z (the Jacobian product collapses). */
			double gk = e[k] / sum - (k == y);

			g[r * K + k] = (float)gk;
			gb[k] += gk;
		}
	}
	ps->loss[bi] = loss;
	ps->right[bi] = right;
	if (!ps->grad)
		return;
	memcpy(ps->gb + bi * K, gb, sizeof gb);
	kbwd(rows, nr, g, ps->gw + bi * (size_t)K * D);
}

/* Blocks of a pass, then reduce: every block's sums in block order. */
struct reduce {
	const struct pass *ps;
	size_t nblk;
	double *out;		/* K x D: sum over blocks of gw */
};

#define RCH 64			/* columns per reduce item */

static void
reduce_item(void *arg, size_t it)
{
	struct reduce *rd = arg;
	size_t j0 = it * RCH, j1 = j0 + RCH, j, b;
	double acc[RCH];

	if (j1 > (size_t)K * D)
		j1 = (size_t)K * D;
	memset(acc, 0, sizeof acc);
	for (b = 0; b < rd->nblk; b++) {
		const float *src = rd->ps->gw + b * (size_t)K * D;

		for (j = j0; j < j1; j++)
			acc[j - j0] += src[j];
	}
	for (j = j0; j < j1; j++)
		rd->out[j] = acc[j - j0];
}

struct sums {
	double loss;
	size_t right;
	double gb[K];
};

/* Run a pass; fills t (and gsum [K x D] when ps->grad). */
static void
pass_run(struct pool *pl, struct pass *ps, double *gsum, struct sums *t)
{
	size_t nblk = (ps->nrows + (size_t)ps->blk - 1) / (size_t)ps->blk;
	size_t b;
	int k;

	pool_run(pl, pass_block, ps, nblk);
	memset(t, 0, sizeof *t);
	for (b = 0; b < nblk; b++) {
		t->loss += ps->loss[b];
		t->right += ps->right[b];
		if (ps->grad)
			for (k = 0; k < K; k++)
				t->gb[k] += ps->gb[b * K + k];
	}
	if (ps->grad) {
		struct reduce rd = { ps, nblk, gsum };

		pool_run(pl, reduce_item, &rd, ((size_t)K * D + RCH - 1) / RCH);
	}
}

/* ---- the training state ------------------------------------------ */

struct lr {
	struct pool pool;
	const struct lr_opts *o;
	const unsigned char *pix, *label;
	size_t n;			/* all records */
	uint32_t *perm;			/* n: training rows then held-out */
	size_t ntrain, nhold;
	double s;			/* pixel scale */
	double mu[D];			/* mean training image (in x units) */
	double pc[D];			/* SGD's diagonal preconditioner */
	float *w;			/* K x D, kernel copy of W */
	float *gw;			/* blocks x K x D */
	double *gb, *bloss;
	unsigned *bright;
	size_t maxblk;
	struct timespec t0;
};

static double
elapsed(const struct lr *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->t0.tv_sec) +
	    (double)(now.tv_nsec - t->t0.tv_nsec) * 1e-9;
}

/* Cache-line aligned: a 64-byte vector load then never straddles two
 * lines. (K * D * 4 is a multiple of 64.) */
static void *
amalloc(size_t n)
{
	void *p = aligned_alloc(64, (n + 63) / 64 * 64);

	if (p == NULL)
		dp_die(1, "out of memory (%zu bytes)", n);
	return p;
}

/* splitmix64: the one random source, seeded by -s. */
static uint64_t
rnd(uint64_t *st)
{
	uint64_t z = (*st += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) without modulo bias. */
static uint64_t
rnd_below(uint64_t *st, uint64_t n)
{
	uint64_t lim = -n % n, v;

	while ((v = rnd(st)) < lim)
		;
	return v % n;
}

static void
shuffle(uint32_t *a, size_t n, uint64_t *st)
{
	size_t i, j;
	uint32_t t;

	for (i = n; i > 1; i--) {
		j = (size_t)rnd_below(st, i);
		t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

/*
 * Set up a pass over rows [r0, r0 + nr) of perm (or of the data, when
 * perm is NULL), blk rows per block, with the gradient if grad.
 */
static void
pass_init(struct lr *t, struct pass *ps, const uint32_t *perm, size_t r0,
    size_t nr, int blk, int grad)
{
	memset(ps, 0, sizeof *ps);
	ps->w = t->w;
	ps->s = t->s;
	ps->pix = t->pix;
	ps->label = t->label;
	ps->idx = perm ? perm + r0 : NULL;
	ps->row0 = perm ? 0 : r0;
	ps->nrows = nr;
	ps->blk = blk;
	ps->grad = grad;
	ps->gw = t->gw;
	ps->gb = t->gb;
	ps->loss = t->bloss;
	ps->right = t->bright;
}

/*
 * The weights of a pass: W [K x D] (double) goes to the float copy the
 * kernels read, and the centred biases c [K] to the logit offsets
 *   off_k = c_k - W_k . mu     (with the float W_k the kernel uses)
 * so that z_k = s * (W_k . pix) + off_k = W_k . (x - mu) + c_k.
 */
static void
set_weights(struct lr *t, struct pass *ps, const double *W, const double *c)
{
	int k, j;

	for (k = 0; k < K * D; k++)
		t->w[k] = (float)W[k];
	for (k = 0; k < K; k++) {
		double dot = 0;

		for (j = 0; j < D; j++)
			dot += (double)t->w[k * D + j] * t->mu[j];
		ps->off[k] = c[k] - dot;
	}
}

static void
pass_setup(struct lr *t, struct pass *ps, const double *W, const double *c,
    const uint32_t *perm, size_t r0, size_t nr, int blk, int grad)
{
	pass_init(t, ps, perm, r0, nr, blk, grad);
	set_weights(t, ps, W, c);
}

/*
 * F and its gradient on the training rows, centred coordinates:
 *   F      = C * sum_i loss_i + |W|^2 / 2
 *   gW     = C * (s * sum_i g_i pix_i^T - (sum_i g_i) mu^T) + W   [K x D]
 *   gc     = C * sum_i g_i                                        [K]
 * theta = [W (K*D), c (K)], likewise grad. Returns F.
 */
static double
objective(struct lr *t, const double *theta, double *grad, size_t *right)
{
	struct pass ps;
	struct sums sm;
	double C = t->o->C, ww = 0;
	int k, j;

	pass_setup(t, &ps, theta, theta + K * D, t->perm, 0, t->ntrain, BLK,
	    1);
	pass_run(&t->pool, &ps, grad, &sm);
	for (k = 0; k < K; k++)
		for (j = 0; j < D; j++) {
			double wv = theta[k * D + j];

			grad[k * D + j] = C * (t->s * grad[k * D + j] -
			    sm.gb[k] * t->mu[j]) + wv;
			ww += wv * wv;
		}
	for (k = 0; k < K; k++)
		grad[K * D + k] = C * sm.gb[k];
	if (right)
		*right = sm.right;
	return C * sm.loss + ww / 2;
}

/* Accuracy of (W, c) on held-out rows; -1 if there are none. */
static double
hold_acc(struct lr *t, const double *W, const double *c)
{
	struct pass ps;
	struct sums sm;

	if (t->nhold == 0)
		return -1;
	pass_setup(t, &ps, W, c, t->perm, t->ntrain, t->nhold, BLK, 0);
	pass_run(&t->pool, &ps, NULL, &sm);
	return (double)sm.right / (double)t->nhold;
}

static void
report(struct lr *t, struct lr_status *st)
{
	st->elapsed = elapsed(t);
	if (t->o->progress)
		t->o->progress(st, t->o->arg);
}

/* ---- solver: mini-batch SGD with momentum ------------------------ */

/*
 * Minimizes F / (C n), the mean loss plus |W|^2 / (2 C n), whose
 * minimizer is F's. Per step, on a mini-batch B of the shuffled rows:
 *   gW = (1/|B|) sum_B g_i (x_i - mu)^T + W / (C n)
 *   gc = (1/|B|) sum_B g_i
 *   v  = m v + (gW, gc);   (W, c) -= lr_t v       (heavy ball)
 * lr_t: a short linear warm-up, then a cosine decay to zero, so the last
 * epochs settle near the optimum instead of bouncing around it.
 *
 * Preconditioning: the W part of the gradient is scaled per pixel by
 *   P_j = 1 / (var_j / mean(var) + 0.3)
 * (var_j: pixel j's variance over the training rows), a fixed diagonal
 * preconditioner in the spirit of standardizing the inputs: rarely inked
 * pixels, whose weights SGD otherwise moves slowly, take up to 3.3 times
 * larger steps, busy ones smaller. The minimizer does not change. On
 * MNIST after 12 epochs it brings F from 4% above the optimum to 1%.
 *
 * A step is two parallel jobs: the batch's blocks of SUB rows (forward
 * and backward), then the update, cut by columns (SEG of them per item):
 * each item adds its columns' block sums in block order, updates v and
 * W, refreshes the kernel's float W and its part of W_k . mu. Nothing is
 * left for one thread alone but ten biases.
 */
#define SEG 112			/* columns per update item: 7 items a class */
#define PC_DELTA 0.3		/* see the preconditioner above */
#define NSEG (D / SEG)

struct sgd_step {
	struct lr *t;
	double *W, *v;
	size_t nblk;		/* blocks in this batch */
	double f;		/* 1 / batch rows */
	double lr, lam, mom;
	double gbk[K];		/* mean bias gradient of the batch */
	double dot[K * NSEG];	/* parts of W_k . mu */
};

static void
sgd_update(void *arg, size_t it)
{
	struct sgd_step *u = arg;
	struct lr *t = u->t;
	int k = (int)(it / NSEG), j0 = (int)(it % NSEG) * SEG, j;
	size_t b, i0 = (size_t)k * D + (size_t)j0;
	double acc[SEG], dot = 0, fs = u->f * t->s, gb = u->gbk[k];
	double *restrict v = u->v + i0, *restrict W = u->W + i0;
	const double *restrict mu = t->mu + j0, *restrict pc = t->pc + j0;
	float *restrict w = t->w + i0;

	/* Loops of a fixed length without reductions, so that the
	 * compiler vectorizes them; the block sums stay in block order. */
	for (j = 0; j < SEG; j++)
		acc[j] = 0;
	for (b = 0; b < u->nblk; b++) {
		const float *restrict src = t->gw + b * (size_t)K * D + i0;

		for (j = 0; j < SEG; j++)
			acc[j] += src[j];
	}
	for (j = 0; j < SEG; j++) {
		v[j] = u->mom * v[j] + pc[j] * (fs * acc[j] - gb * mu[j] +
		    u->lam * W[j]);
		W[j] -= u->lr * v[j];
		w[j] = (float)W[j];
	}
	for (j = 0; j < SEG; j++)
		dot += (double)w[j] * mu[j];
	u->dot[it] = dot;
}

static void
sgd(struct lr *t, double *theta, struct lr_status *st)
{
	const struct lr_opts *o = t->o;
	double *W = theta, *c = theta + K * D, vc[K] = { 0 };
	double *keep = NULL, best = -1;
	size_t bsz = (size_t)o->batch, nb = (t->ntrain + bsz - 1) / bsz;
	size_t step = 0, total = nb * (size_t)o->epochs, warm = nb / 2, b;
	uint64_t rs = o->seed ^ 0x5347442D6C727472ULL;	/* epoch shuffles */
	struct sgd_step u;
	struct pass ps;
	int ep, k, q, stale = 0;

	memset(&u, 0, sizeof u);
	u.t = t;
	u.W = W;
	u.v = dp_calloc((size_t)K * D, sizeof *u.v);
	u.lam = 1.0 / (o->C * (double)t->ntrain);
	u.mom = o->momentum;
	if (o->holdout > 0)
		keep = dp_malloc(((size_t)K * D + K) * sizeof *keep);
	pass_init(t, &ps, t->perm, 0, 0, SUB, 1);
	set_weights(t, &ps, W, c);
	for (ep = 1; ep <= o->epochs; ep++) {
		double lsum = 0;
		size_t right = 0;

		shuffle(t->perm, t->ntrain, &rs);
		for (b = 0; b < nb; b++, step++) {
			size_t r0 = b * bsz, nr = t->ntrain - r0 < bsz ?
			    t->ntrain - r0 : bsz;
			struct sums sm;
			double off[K];

			u.lr = o->lr;
			if (step < warm)
				u.lr *= (double)(step + 1) / (double)warm;
			else
				u.lr *= 0.5 * (1 + cos(M_PI * (double)(step -
				    warm) / (double)(total - warm)));
			memcpy(off, ps.off, sizeof off);
			pass_init(t, &ps, t->perm, r0, nr, SUB, 1);
			memcpy(ps.off, off, sizeof off);
			u.nblk = (nr + SUB - 1) / SUB;
			pool_run(&t->pool, pass_block, &ps, u.nblk);
			memset(&sm, 0, sizeof sm);
			for (q = 0; q < (int)u.nblk; q++) {
				sm.loss += ps.loss[q];
				sm.right += ps.right[q];
				for (k = 0; k < K; k++)
					sm.gb[k] += ps.gb[q * K + k];
			}
			lsum += sm.loss;
			right += sm.right;
			u.f = 1.0 / (double)nr;
			for (k = 0; k < K; k++) {
				u.gbk[k] = sm.gb[k] * u.f;
				vc[k] = u.mom * vc[k] + u.gbk[k];
				c[k] -= u.lr * vc[k];
			}
			pool_run(&t->pool, sgd_update, &u, (size_t)K * NSEG);
			for (k = 0; k < K; k++) {
				double dot = 0;

				for (q = 0; q < NSEG; q++)
					dot += u.dot[k * NSEG + q];
				ps.off[k] = c[k] - dot;
			}
		}
		st->epoch = ep;
		st->loss = lsum / (double)t->ntrain;
		st->train_acc = (double)right / (double)t->ntrain;
		st->hold_acc = hold_acc(t, W, c);
		st->obj = NAN;
		report(t, st);
		if (keep != NULL) {
			/* Early stopping: keep the best held-out weights,
			 * stop after `patience` epochs without progress. */
			if (st->hold_acc > best) {
				best = st->hold_acc;
				memcpy(keep, theta, ((size_t)K * D + K) *
				    sizeof *keep);
				stale = 0;
			} else if (++stale >= o->patience)
				break;
		}
	}
	if (keep != NULL) {
		memcpy(theta, keep, ((size_t)K * D + K) * sizeof *keep);
		st->hold_acc = best;
		free(keep);
	}
	free(u.v);
}

/* ---- solver: L-BFGS ------------------------------------------------ */

static double
dot(const double *a, const double *b, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

static double
maxabs(const double *a, size_t n)
{
	double m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (fabs(a[i]) > m)
			m = fabs(a[i]);
	return m;
}

/*
 * L-BFGS (Nocedal & Wright, alg. 7.4/7.5) on F itself, with M pairs
 * s = theta' - theta, y = grad' - grad; the two-loop recursion turns the
 * gradient into the direction d = -H g, with H0 = (s.y / y.y) I. The
 * line search backtracks from step 1 until Armijo holds:
 *   F(theta + a d) <= F(theta) + 1e-4 a g.d
 * and pairs with s.y <= 0 are dropped, so H stays positive definite.
 * Stops when max|g| <= tol, or F stops moving (relative change below
 * 64 epsilon, as scikit-learn's ftol), or after `iters` iterations.
 */
#ifndef LBFGS_M
#define LBFGS_M 50
#endif
#define M LBFGS_M

static void
lbfgs(struct lr *t, double *theta, struct lr_status *st)
{
	const struct lr_opts *o = t->o;
	size_t n = (size_t)K * D + K, i, right = 0;
	double *g = dp_malloc(n * sizeof *g), *d = dp_malloc(n * sizeof *d);
	double *x2 = dp_malloc(n * sizeof *x2), *g2 = dp_malloc(n * sizeof *g2);
	double *S = dp_malloc(M * n * sizeof *S), *Y = dp_malloc(M * n * sizeof *Y);
	double rho[M], al[M], f, f2, gd, a, gam = 1;
	int it, h = 0, nh = 0, j, q, ls;

	f = objective(t, theta, g, &right);
	for (it = 1; it <= o->epochs; it++) {
		/* d = -H g by the two-loop recursion. */
		for (i = 0; i < n; i++)
			d[i] = -g[i];
		for (j = 0; j < nh; j++) {
			q = (h - 1 - j + M) % M;
			al[q] = rho[q] * dot(S + q * n, d, n);
			for (i = 0; i < n; i++)
				d[i] -= al[q] * Y[q * n + i];
		}
		for (i = 0; i < n; i++)
			d[i] *= gam;
		for (j = nh - 1; j >= 0; j--) {
			double be;

			q = (h - 1 - j + M) % M;
			be = rho[q] * dot(Y + q * n, d, n);
			for (i = 0; i < n; i++)
				d[i] += (al[q] - be) * S[q * n + i];
		}
		gd = dot(g, d, n);
		if (!(gd < 0)) {	/* not a descent direction: restart */
			for (i = 0; i < n; i++)
				d[i] = -g[i];
			gd = dot(g, d, n);
			nh = 0;
		}
		a = nh == 0 ? fmin(1.0, 1.0 / sqrt(-gd)) : 1.0;
		for (ls = 0; ls < 40; ls++) {
			for (i = 0; i < n; i++)
				x2[i] = theta[i] + a * d[i];
			f2 = objective(t, x2, g2, &right);
			if (f2 <= f + 1e-4 * a * gd)
				break;
			a *= ls == 0 && nh == 0 ? 0.1 : 0.5;
		}
		if (ls == 40)
			break;
		/* New pair. */
		{
			double *sv = S + h * n, *yv = Y + h * n, sy, yy;

			for (i = 0; i < n; i++) {
				sv[i] = x2[i] - theta[i];
				yv[i] = g2[i] - g[i];
			}
			sy = dot(sv, yv, n);
			yy = dot(yv, yv, n);
			if (sy > 1e-10 * yy && yy > 0) {
				rho[h] = 1 / sy;
				gam = sy / yy;
				h = (h + 1) % M;
				if (nh < M)
					nh++;
			}
		}
		memcpy(theta, x2, n * sizeof *theta);
		memcpy(g, g2, n * sizeof *g);
		{
			double df = f - f2;

			f = f2;
			st->epoch = it;
			st->obj = f;
			st->loss = NAN;
			st->train_acc = (double)right / (double)t->ntrain;
			st->hold_acc = -1;
			st->gmax = maxabs(g, n);
			if ((o->verbose_every > 0 && it % o->verbose_every == 0) ||
			    it == o->epochs)
				report(t, st);
			if (st->gmax <= o->tol ||
			    df <= 64 * 2.220446049250313e-16 * fmax(fabs(f), 1))
				break;
		}
	}
	st->epoch = it > o->epochs ? o->epochs : it;
	st->obj = f;
	st->gmax = maxabs(g, n);
	st->train_acc = (double)right / (double)t->ntrain;
	free(g);
	free(d);
	free(x2);
	free(g2);
	free(S);
	free(Y);
}

/* ---- entry points ------------------------------------------------ */

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

void
lr_pixel_sums(const unsigned char *pix, size_t n, uint64_t *sums)
{
	uint32_t c[2 * D];
	size_t i, m;
	int j;

	pick_kernels();
	for (i = 0; i < n; i += m) {
		m = n - i < STB ? n - i : STB;
		memset(c, 0, sizeof c);
		ksums(pix + i * D, m, c);
		for (j = 0; j < 2 * D; j++)
			sums[j] += c[j];
	}
}

struct stats {
	const unsigned char *pix;
	size_t n;
	uint32_t *part;		/* items x 2D: sums, then sums of squares */
};

static void
stats_item(void *arg, size_t it)
{
	struct stats *sa = arg;
	size_t i0 = it * STB, m = sa->n - i0 < STB ? sa->n - i0 : STB;

	memset(sa->part + it * 2 * D, 0, 2 * D * sizeof *sa->part);
	ksums(sa->pix + i0 * D, m, sa->part + it * 2 * D);
}

void
lr_opts_default(struct lr_opts *o)
{
	memset(o, 0, sizeof *o);
	o->solver = LR_SGD;
	o->C = 1.0;
	o->epochs = 0;		/* per solver, see lr_train */
	o->batch = 256;
	o->lr = 2;
	o->momentum = 0.9;
	o->holdout = 0;
	o->patience = 3;
	o->tol = 1e-4;
	o->seed = LR_SEED;
	o->threads = 1;
	o->verbose_every = 1;
}

int
lr_threads_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > LR_MAX_THREADS ? LR_MAX_THREADS : (int)n;
}

int
lr_train(struct model *m, const unsigned char *pix, const unsigned char *label,
    size_t n, const struct lr_opts *o, struct lr_status *st)
{
	struct lr t;
	double *theta, dot;
	size_t i, nblk;
	int k, j;
	uint64_t rs = o->seed;

	if (n == 0 || n > UINT32_MAX)
		return -1;
	memset(&t, 0, sizeof t);
	memset(st, 0, sizeof *st);
	clock_gettime(CLOCK_MONOTONIC, &t.t0);
	pick_kernels();
	t.o = o;
	t.pix = pix;
	t.label = label;
	t.n = n;
	t.s = m->scale;
	t.perm = dp_malloc(n * sizeof *t.perm);
	for (i = 0; i < n; i++)
		t.perm[i] = (uint32_t)i;
	/* The held-out rows: a seeded random subset, the same for every
	 * thread count; the rest stays in record order for L-BFGS. */
	t.nhold = (size_t)(o->holdout * (double)n);
	if (t.nhold >= n)
		t.nhold = n - 1;
	t.ntrain = n - t.nhold;
	if (t.nhold > 0) {
		shuffle(t.perm, n, &rs);
		/* Keep the training rows in record order: cache friendly. */
		{
			unsigned char *held = dp_calloc(n, 1);

			for (i = t.ntrain; i < n; i++)
				held[t.perm[i]] = 1;
			for (i = 0, j = 0; i < n; i++)
				if (!held[i])
					t.perm[j++] = (uint32_t)i;
			for (i = 0; i < n; i++)
				if (held[i])
					t.perm[j++] = (uint32_t)i;
			free(held);
		}
	}
	pool_start(&t.pool, o->threads);
	/* mu = mean training image, in x units: (1/n) sum_i s pix_i;
	 * var = the pixels' variances, for SGD's preconditioner. */
	{
		uint64_t cnt[2 * D] = { 0 };
		double var[D], avg = 0;
		size_t it, nit = (n + STB - 1) / STB;

		if (o->sums != NULL)
			memcpy(cnt, o->sums, sizeof cnt);
		else {
			struct stats sa = { pix, n, 0 };

			sa.part = dp_malloc(nit * 2 * D * sizeof *sa.part);
			pool_run(&t.pool, stats_item, &sa, nit);
			for (it = 0; it < nit; it++)
				for (j = 0; j < 2 * D; j++)
					cnt[j] += sa.part[it * 2 * D + j];
			free(sa.part);
		}
		/* The training rows' sums: all rows' less the held-out. */
		for (i = t.ntrain; i < n; i++) {
			const unsigned char *p = pix + (size_t)t.perm[i] * D;

			for (j = 0; j < D; j++) {
				cnt[j] -= p[j];
				cnt[D + j] -= (uint64_t)p[j] * p[j];
			}
		}
		for (j = 0; j < D; j++) {
			t.mu[j] = t.s * (double)cnt[j] / (double)t.ntrain;
			var[j] = t.s * t.s * (double)cnt[D + j] /
			    (double)t.ntrain - t.mu[j] * t.mu[j];
			avg += var[j] / D;
		}
		for (j = 0; j < D; j++)
			t.pc[j] = 1 / (var[j] / avg + PC_DELTA);
	}
	t.w = amalloc((size_t)K * D * sizeof *t.w);
	nblk = (n + SUB - 1) / SUB;
	if ((n + BLK - 1) / BLK > nblk)
		nblk = (n + BLK - 1) / BLK;
	t.gw = amalloc(nblk * (size_t)K * D * sizeof *t.gw);
	t.gb = dp_malloc(nblk * K * sizeof *t.gb);
	t.bloss = dp_malloc(nblk * sizeof *t.bloss);
	t.bright = dp_malloc(nblk * sizeof *t.bright);
	theta = dp_calloc((size_t)K * D + K, sizeof *theta);
	if (o->solver == LR_LBFGS)
		lbfgs(&t, theta, st);
	else
		sgd(&t, theta, st);
	/* The final objective, always on the float weights saved. */
	{
		double *g = dp_malloc(((size_t)K * D + K) * sizeof *g);
		size_t right;

		for (i = 0; i < (size_t)K * D; i++)
			theta[i] = (float)theta[i];
		st->obj = objective(&t, theta, g, &right);
		st->gmax = maxabs(g, (size_t)K * D + K);
		st->train_acc = (double)right / (double)t.ntrain;
		free(g);
	}
	pool_stop(&t.pool);
	/* Back to the model's coordinates: b_k = c_k - W_k . mu. */
	for (k = 0; k < K; k++) {
		dot = 0;
		for (j = 0; j < D; j++) {
			m->w[(size_t)k * (D + 1) + j] = (float)theta[k * D + j];
			dot += theta[k * D + j] * t.mu[j];
		}
		m->w[(size_t)k * (D + 1) + D] = (float)(theta[K * D + k] - dot);
	}
	st->ntrain = t.ntrain;
	st->nhold = t.nhold;
	st->elapsed = elapsed(&t);
	free(theta);
	free(t.w);
	free(t.gw);
	free(t.gb);
	free(t.bloss);
	free(t.bright);
	free(t.perm);
	return 0;
}

/* ---- provenance ---------------------------------------------------- */

#define FNV_BASIS 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/*
 * The data digest: h_i = FNV-1a 64 of record i's label byte then its 784
 * pixel bytes; digest = FNV-1a 64 of h_1 .. h_n, each as 8 bytes little
 * end first. Per-record hashes let the loop run 8 records side by side
 * (one multiply chain each), which is several times faster than one
 * chain over all bytes.
 */
static uint64_t
fnv_rec(const unsigned char *p, unsigned char label)
{
	uint64_t h = FNV_BASIS;
	int j;

	h = (h ^ label) * FNV_PRIME;
	for (j = 0; j < D; j++)
		h = (h ^ p[j]) * FNV_PRIME;
	return h;
}

struct digest {
	const unsigned char *pix, *label;
	size_t n;
	uint64_t *h;		/* n record hashes */
};

#define DGB 1024		/* records per digest item */

static void
hashes_generic(const unsigned char *pix, const unsigned char *label,
    size_t n, uint64_t *h)
{
	size_t i, q;
	uint64_t hr[8];
	int j, l;

	for (i = 0; i < n; i += q) {
		q = n - i < 8 ? n - i : 8;
		if (q < 8) {
			for (l = 0; l < (int)q; l++)
				h[i + l] = fnv_rec(pix + (i + l) * D, label[i + l]);
			continue;
		}
		for (l = 0; l < 8; l++)
			hr[l] = (FNV_BASIS ^ label[i + l]) * FNV_PRIME;
		for (j = 0; j < D; j++)
			for (l = 0; l < 8; l++)
				hr[l] = (hr[l] ^ pix[(i + l) * D + j]) * FNV_PRIME;
		memcpy(h + i, hr, sizeof hr);
	}
}

#ifdef HAVE_X86_CLONES
/*
 * AVX-512 (F and DQ): the same hashes, 32 records at a time, as four
 * vectors of eight 64-bit chains (four, to hide the multiply's latency).
 * One gather brings 8 bytes of each of 8 records; they are fed to the
 * chains lowest address first (x86 is little-endian). Measured about
 * twice the scalar loop's speed (that loop is bound by one 64-bit
 * multiply a cycle; this one by the gathers).
 */
typedef uint64_t u64x8 __attribute__((vector_size(64)));

static inline __attribute__((target("avx512f,avx512dq"), always_inline)) u64x8
fnv_bytes(u64x8 a, u64x8 w)
{
	int b;

	for (b = 0; b < 8; b++)
		a = (a ^ ((w >> (8 * b)) & 0xFF)) * FNV_PRIME;
	return a;
}

static inline __attribute__((target("avx512f,avx512dq"), always_inline)) u64x8
gather8(const unsigned char *p, __m512i at)
{
	__m512i g = _mm512_i64gather_epi64(at, (const void *)p, 1);
	u64x8 w;

	memcpy(&w, &g, sizeof w);
	return w;
}

static __attribute__((target("avx512f,avx512dq"))) void
hashes_avx512(const unsigned char *pix, const unsigned char *label,
    size_t n, uint64_t *h)
{
	const __m512i at = _mm512_set_epi64(7 * D, 6 * D, 5 * D, 4 * D,
	    3 * D, 2 * D, D, 0);
	u64x8 a0, a1, a2, a3;
	size_t i;
	int j, l;

	for (i = 0; i + 32 <= n; i += 32) {
		const unsigned char *p = pix + i * D;

		for (l = 0; l < 8; l++) {
			a0[l] = (FNV_BASIS ^ label[i + l]) * FNV_PRIME;
			a1[l] = (FNV_BASIS ^ label[i + 8 + l]) * FNV_PRIME;
			a2[l] = (FNV_BASIS ^ label[i + 16 + l]) * FNV_PRIME;
			a3[l] = (FNV_BASIS ^ label[i + 24 + l]) * FNV_PRIME;
		}
		for (j = 0; j < D; j += 8) {
			a0 = fnv_bytes(a0, gather8(p + j, at));
			a1 = fnv_bytes(a1, gather8(p + 8 * D + j, at));
			a2 = fnv_bytes(a2, gather8(p + 16 * D + j, at));
			a3 = fnv_bytes(a3, gather8(p + 24 * D + j, at));
		}
		memcpy(h + i, &a0, sizeof a0);
		memcpy(h + i + 8, &a1, sizeof a1);
		memcpy(h + i + 16, &a2, sizeof a2);
		memcpy(h + i + 24, &a3, sizeof a3);
	}
	if (i < n)
		hashes_generic(pix + i * D, label + i, n - i, h + i);
}
#endif

void
lr_rec_hashes(const unsigned char *pix, const unsigned char *label, size_t n,
    uint64_t *h)
{
	pick_kernels();
	khash(pix, label, n, h);
}

uint64_t
lr_digest_fold(const uint64_t *h, size_t n)
{
	uint64_t d = FNV_BASIS;
	size_t i;
	int b;

	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			d = (d ^ ((h[i] >> (8 * b)) & 0xFF)) * FNV_PRIME;
	return d;
}

static void
digest_item(void *arg, size_t it)
{
	struct digest *dg = arg;
	size_t i = it * DGB, m = dg->n - i < DGB ? dg->n - i : DGB;

	lr_rec_hashes(dg->pix + i * D, dg->label + i, m, dg->h + i);
}

uint64_t
lr_digest(const unsigned char *pix, const unsigned char *label, size_t n,
    int threads)
{
	struct digest dg = { pix, label, n, dp_malloc(n * sizeof *dg.h) };
	struct pool pl;
	uint64_t h;

	pool_start(&pl, threads);
	pool_run(&pl, digest_item, &dg, (n + DGB - 1) / DGB);
	pool_stop(&pl);
	h = lr_digest_fold(dg.h, n);
	free(dg.h);
	return h;
}

/*
 * The numeric golden test (lrtrain --selftest; tests/lrtrain.bats checks
 * the numbers). Three records, C = 1, uncentred (mu = 0), x = pix / 255:
 *   record 1: label 3, pixel 0 = 255 (x = 1), pixel 1 = 51 (x = 0.2)
 *   record 2: label 7, pixel 1 = 255 (x = 1)
 *   record 3: label 3, pixel 783 = 102 (x = 0.4)
 * At W = 0, b = 0 every p_k is 1/10, so by hand:
 *   F0 = 3 ln 10 = 6.907755279
 *   dF/db_k   = sum_i (0.1 - y_ik)     = 0.3, except -1.7 (k=3), -0.7 (k=7)
 *   dF/dW_k,0 = (0.1 - y_1k) * 1       = 0.1, except -0.9 (k=3)
 *   dF/dW_k,1 = (0.1 - y_1k) * 0.2 + (0.1 - y_2k) * 1
 *             = 0.12, except -0.08 (k=3), -0.88 (k=7)
 *   dF/dW_k,783 = (0.1 - y_3k) * 0.4   = 0.04, except -0.36 (k=3)
 * Then one gradient step theta1 = theta0 - 0.5 grad, and F and dF/db at
 * theta1, which the test recomputes independently.
 */
void
lr_selftest(FILE *fp)
{
	static const unsigned char lab[3] = { 3, 7, 3 };
	unsigned char *pix = dp_calloc(3, D);
	struct lr_opts o;
	struct lr t;
	size_t n = (size_t)K * D + K, i;
	double *th = dp_calloc(n, sizeof *th), *g = dp_malloc(n * sizeof *g);
	double f;
	int k, j, step;
	static const int cols[3] = { 0, 1, D - 1 };

	pix[0] = 255;
	pix[1] = 51;
	pix[D + 1] = 255;
	pix[2 * D + D - 1] = 102;
	lr_opts_default(&o);
	memset(&t, 0, sizeof t);
	pick_kernels();
	t.o = &o;
	t.pix = pix;
	t.label = lab;
	t.n = t.ntrain = 3;
	t.s = 1.0 / 255;
	t.perm = dp_malloc(3 * sizeof *t.perm);
	for (i = 0; i < 3; i++)
		t.perm[i] = (uint32_t)i;
	t.w = amalloc((size_t)K * D * sizeof *t.w);
	t.gw = amalloc((size_t)K * D * sizeof *t.gw);
	t.gb = dp_malloc(K * sizeof *t.gb);
	t.bloss = dp_malloc(sizeof *t.bloss);
	t.bright = dp_malloc(sizeof *t.bright);
	pool_start(&t.pool, 1);
	for (step = 0; step < 2; step++) {
		f = objective(&t, th, g, NULL);
		fprintf(fp, "F%d %.10g\n", step, f);
		fprintf(fp, "gb%d", step);
		for (k = 0; k < K; k++)
			fprintf(fp, " %.10g", g[K * D + k]);
		fputc('\n', fp);
		for (j = 0; j < 3; j++) {
			fprintf(fp, "gw%d_%d", step, cols[j]);
			for (k = 0; k < K; k++)
				fprintf(fp, " %.10g", g[k * D + cols[j]]);
			fputc('\n', fp);
		}
		/* The update: theta1 = theta0 - 0.5 * grad. */
		for (i = 0; i < n; i++)
			th[i] -= 0.5 * g[i];
	}
	pool_stop(&t.pool);
	free(th);
	free(g);
	free(pix);
	free(t.perm);
	free(t.w);
	free(t.gw);
	free(t.gb);
	free(t.bloss);
	free(t.bright);
}
