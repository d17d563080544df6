/* SPDX-License-Identifier: ISC */
/*
 * pixsum.h: pixel sums over records (pixsum.c).
 */
#ifndef DIGITPIPE_PIXSUM_H
#define DIGITPIPE_PIXSUM_H

#include <stddef.h>
#include <stdint.h>

/* Add n rows' (784 bytes each) pixel sums to sums[0..784) and their
 * squares to sums[784..1568): exact integers, so any split of the rows
 * into calls gives the same totals. Thread-safe. */
void	pixel_sums(const unsigned char *pix, size_t n, uint64_t *sums);

#endif
