/* SPDX-License-Identifier: ISC */
/*
 * paper.h: the paper under the ink (paper.c).
 */
#ifndef DIGITPIPE_PAPER_H
#define DIGITPIPE_PAPER_H

/*
 * Flatten the background of the w x h ink plane v (ink high) in place;
 * *noise gets the robust sigma of what is left of the paper, *q99 its
 * 99th percentile. 0, or -1 when out of memory.
 */
int	paper_flatten(double *v, int w, int h, double *noise, double *q99);

#endif
