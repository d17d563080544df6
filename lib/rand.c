/* SPDX-License-Identifier: ISC */
/*
 * rand.c: the one seeded random source (splitmix64), uniform draws below
 * a bound, and the shuffle; the same numbers on every machine, for every
 * tool that takes -s. Uses: nothing of ours.
 */
#include <stddef.h>
#include <stdint.h>

#include "rand.h"

/*
 * splitmix64 (Steele, Lea, Flood 2014): a tiny generator whose whole state
 * is one 64-bit word, so a seed fully determines the sequence on every
 * machine. Good enough for shuffles and initial weights.
 */
uint64_t
dp_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/*
 * Uniform in [0, n) without modulo bias: reject the lowest 2^64 mod n
 * values (computed as -n % n in 64-bit arithmetic), so that the values
 * kept are a whole number of copies of [0, n). The chance of a rejection
 * is below n / 2^64: for the sizes used here, never seen in practice.
 */
uint64_t
dp_rand_below(uint64_t *state, uint64_t n)
{
	uint64_t lim = -n % n, v;

	while ((v = dp_rand(state)) < lim)
		;
	return v % n;
}

/* Fisher-Yates from the end: a[i - 1] swaps with a uniform a[j], j < i. */
void
dp_shuffle32(uint32_t *a, size_t n, uint64_t *state)
{
	size_t i, j;
	uint32_t t;

	for (i = n; i > 1; i--) {
		j = (size_t)dp_rand_below(state, i);
		t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}
