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
 * 99th percentile. hist: NULL, or the counts of v's values when they are
 * all whole numbers in [0, 255] (the same results, sooner); then *sub is
 * the whole number taken off every pixel when v stays whole, else
 * INT_MIN. 0, or -1 when out of memory.
 */
int	paper_flatten(double *v, int w, int h, const size_t *hist,
	    double *noise, double *q99, int *sub);

#endif
