/* SPDX-License-Identifier: ISC */
/*
 * paper.h: the paper under the ink (paper.c).
 */
#ifndef DIGITPIPE_PAPER_H
#define DIGITPIPE_PAPER_H

#include <stddef.h>

/*
 * Flatten the background of the w x h ink plane v (ink high) in place;
 * *noise gets the robust sigma of what is left of the paper, *q99 its
 * 99th percentile. fit: NULL, or the fit paper_flat_bytes found (not
 * flat) on the same values. 0, or -1 when out of memory.
 */
int	paper_flatten(double *v, int w, int h, const double *fit,
	    double *noise, double *q99);

/*
 * The same for a plane of bytes b with the counts of its values (hist),
 * when its paper is flat: it then stays as it is but for *med, the
 * median of the paper, to be taken off every pixel; returns 1. Returns 0
 * when the paper is not flat, with its fit (for paper_flatten on b as
 * doubles), -1 when out of memory.
 */
int	paper_flat_bytes(const unsigned char *b, int w, int h,
	    const size_t *hist, double *noise, double *q99, int *med,
	    double fit[6]);

#endif
