/* SPDX-License-Identifier: ISC */
/*
 * mt19937.c: the Mersenne Twister MT19937 and numpy's legacy permutation
 * over it, bit for bit (numpy/random/src/mt19937, legacy shuffle).
 * recsplit --numpy-seed uses it to reproduce scikit-learn's
 * train_test_split(..., random_state=seed). Uses: nothing of ours.
 */
#include "mt19937.h"

#define MT_M		397
#define MT_MATRIX_A	0x9908b0dfU
#define MT_UPPER	0x80000000U
#define MT_LOWER	0x7fffffffU

/* key[0] = seed, key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >> 30)) + i,
 * all mod 2^32 (init_genrand). */
void
mt19937_seed(struct mt19937 *mt, uint32_t seed)
{
	int i;

	mt->key[0] = seed;
	for (i = 1; i < MT19937_N; i++)
		mt->key[i] = 1812433253U *
		    (mt->key[i - 1] ^ (mt->key[i - 1] >> 30)) + (uint32_t)i;
	mt->pos = MT19937_N;
}

/* Regenerate all 624 words: the twist y = upper bit of key[i] and lower
 * 31 of key[i+1]; key[i] = key[i+397] ^ (y >> 1) ^ (y odd ? A : 0). */
static void
twist(struct mt19937 *mt)
{
	uint32_t y;
	int i;

	for (i = 0; i < MT19937_N; i++) {
		y = (mt->key[i] & MT_UPPER) |
		    (mt->key[(i + 1) % MT19937_N] & MT_LOWER);
		mt->key[i] = mt->key[(i + MT_M) % MT19937_N] ^ (y >> 1) ^
		    ((y & 1) ? MT_MATRIX_A : 0);
	}
	mt->pos = 0;
}

/* The tempering of genrand_int32. */
uint32_t
mt19937_next32(struct mt19937 *mt)
{
	uint32_t y;

	if (mt->pos == MT19937_N)
		twist(mt);
	y = mt->key[mt->pos++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= y >> 18;
	return y;
}

uint64_t
mt19937_interval(struct mt19937 *mt, uint64_t max)
{
	uint64_t mask = max, v;

	if (max == 0)
		return 0;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	mask |= mask >> 32;
	if (max <= 0xffffffffU) {
		while ((v = (mt19937_next32(mt) & mask)) > max)
			;
	} else {
		do {
			v = (uint64_t)mt19937_next32(mt) << 32;
			v |= mt19937_next32(mt);
			v &= mask;
		} while (v > max);
	}
	return v;
}

/* numpy's legacy shuffle of arange(n): for i = n-1 down to 1, swap
 * idx[i] with idx[j], j uniform in [0, i]. */
void
mt19937_permutation(size_t *idx, size_t n, uint32_t seed)
{
	struct mt19937 mt;
	size_t i, j, t;

	for (i = 0; i < n; i++)
		idx[i] = i;
	mt19937_seed(&mt, seed);
	for (i = n; i-- > 1; ) {
		j = (size_t)mt19937_interval(&mt, i);
		t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
}
