/* SPDX-License-Identifier: ISC */
/*
 * rand.h: seeded pseudo-random numbers, the same on every machine (rand.c).
 */
#ifndef DIGITPIPE_RAND_H
#define DIGITPIPE_RAND_H

#include <stddef.h>
#include <stdint.h>

uint64_t dp_rand(uint64_t *state);
uint64_t dp_rand_below(uint64_t *state, uint64_t n);	/* n >= 1 */
void	dp_shuffle32(uint32_t *a, size_t n, uint64_t *state);

#endif
