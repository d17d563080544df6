/* SPDX-License-Identifier: ISC */
/*
 * digest.h: the provenance digest of a set of records (digest.c).
 */
#ifndef DIGITPIPE_DIGEST_H
#define DIGITPIPE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/* The digest of n records (784 pixel bytes each, and their labels);
 * threads only speed it up. */
uint64_t digest_records(const unsigned char *pix, const unsigned char *label,
	    size_t n, int threads);
/* The same in pieces: record hashes h[0..n) (any split into calls, from
 * any thread), then the fold of all of them in record order. */
void	digest_hashes(const unsigned char *pix, const unsigned char *label,
	    size_t n, uint64_t *h);
uint64_t digest_fold(const uint64_t *h, size_t n);

#endif
