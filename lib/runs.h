/* SPDX-License-Identifier: ISC */
/*
 * runs.h: the runs of a plane of bytes at or above a threshold, and
 * their 8-connected components (runs.c).
 */
#ifndef DIGITPIPE_RUNS_H
#define DIGITPIPE_RUNS_H

#include <stddef.h>

/* Columns x0..x1 of row y. */
struct run {
	int y, x0, x1;
};

/* The runs of a w x h plane, row by row and left to right: those of row
 * y are r[row[y]] .. r[row[y + 1] - 1]. */
struct runs {
	struct run *r;
	int *row;
	int n, cap, w, h;
};

/* The runs of {b >= t} in a w x h plane whose rows are stride bytes
 * apart: 0, or -1 when out of memory (R empty). */
int	runs_find(const unsigned char *b, size_t stride, int w, int h, int t,
	    struct runs *R);
void	runs_free(struct runs *R);
/* The runs of {b >= t} found inside the runs R of {b >= t0}, t >= t0
 * (every such byte lies in one of them): the same S as runs_find at t,
 * from the ink's bytes only. 0, or -1 when out of memory (S empty). */
int	runs_within(const struct runs *R, const unsigned char *b,
	    size_t stride, int t, struct runs *S);
/* The 8-connected components: comp[i] for run i, numbered from 0 in the
 * order of their first runs; returns how many, or -1 when out of memory. */
int	runs_label(const struct runs *R, int *comp);
/* The first i of p[0..n) with p[i] >= t (n if none), the last (-1 if
 * none): eight bytes at a time over what is below t. */
int	runs_first(const unsigned char *p, int n, int t);
int	runs_last(const unsigned char *p, int n, int t);

#endif
