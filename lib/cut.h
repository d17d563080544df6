/* SPDX-License-Identifier: ISC */
/*
 * cut.h: a wide mark of touching digits cut into its digits (cut.c).
 */
#ifndef DIGITPIPE_CUT_H
#define DIGITPIPE_CUT_H

/*
 * The mark labelled id in lab, with box {x0, y0, x1, y1} (inclusive) on
 * the w-wide ink plane v, cut into at most pieces (1 <= pieces <= its
 * width) at columns cut[0] = x0 < cut[1] < ... (piece p runs to the
 * column before cut[p + 1], the last to x1). Returns the pieces kept
 * once the parts of one digit are joined back (1 when the mark is one
 * digit after all).
 */
int	cut_mark(const double *v, const int *lab, int w, int id,
	    const int box[4], int pieces, int *cut);

#endif
