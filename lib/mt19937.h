/* SPDX-License-Identifier: ISC */
/*
 * mt19937.h: the Mersenne Twister (Matsumoto and Nishimura, 1998) and the
 * shuffle numpy's legacy RandomState.permutation draws with it, so that a
 * split can be the very one a Python program made with the same seed.
 */
#ifndef DIGITPIPE_MT19937_H
#define DIGITPIPE_MT19937_H

#include <stddef.h>
#include <stdint.h>

#define MT19937_N 624

struct mt19937 {
	uint32_t key[MT19937_N];
	int pos;
};

/* init_genrand(seed): numpy's RandomState(seed) for an integer seed. */
void	mt19937_seed(struct mt19937 *mt, uint32_t seed);
/* genrand_int32: the next 32-bit output. */
uint32_t mt19937_next32(struct mt19937 *mt);
/* Uniform in [0, max], numpy's rk_interval / random_interval: mask to
 * the smallest 2^k - 1 >= max and draw again while above max; 64-bit
 * draws (high word first) when max > 0xffffffff. */
uint64_t mt19937_interval(struct mt19937 *mt, uint64_t max);
/* idx[0..n) = numpy.random.RandomState(seed).permutation(n). */
void	mt19937_permutation(size_t *idx, size_t n, uint32_t seed);

#endif
