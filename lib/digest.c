/* SPDX-License-Identifier: ISC */
/*
 * digest.c: the provenance digest of a training set (record hashes and
 * their fold), which lrtrain writes into the model so that a model names
 * the data it was trained on. Uses: cpu.h, pool.h, util.h.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "digest.h"
#include "pool.h"
#include "record.h"
#include "util.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_X86_CLONES 1	/* an AVX-512 kernel, picked at run time */
#include <immintrin.h>
#endif

#define D	REC_PIXELS

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


typedef void hash_fn(const unsigned char *, const unsigned char *, size_t,
    uint64_t *);
static hash_fn *khash = hashes_generic;
static pthread_once_t picked = PTHREAD_ONCE_INIT;

static void
pick(void)
{
#ifdef HAVE_X86_CLONES
	if (cpu_cap() == CPU_AVX512 && __builtin_cpu_supports("avx512dq"))
		khash = hashes_avx512;
#endif
}

void
digest_hashes(const unsigned char *pix, const unsigned char *label, size_t n,
    uint64_t *h)
{
	pthread_once(&picked, pick);
	khash(pix, label, n, h);
}

uint64_t
digest_fold(const uint64_t *h, size_t n)
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

	digest_hashes(dg->pix + i * D, dg->label + i, m, dg->h + i);
}

uint64_t
digest_records(const unsigned char *pix, const unsigned char *label,
    size_t n, int threads)
{
	struct digest dg = { pix, label, n, dp_malloc(n * sizeof *dg.h) };
	struct pool pl;
	uint64_t h;

	pool_start(&pl, threads);
	pool_run(&pl, digest_item, &dg, (n + DGB - 1) / DGB);
	pool_stop(&pl);
	h = digest_fold(dg.h, n);
	free(dg.h);
	return h;
}
