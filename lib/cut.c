/* SPDX-License-Identifier: ISC */
/*
 * cut.c: a wide mark of touching digits cut into its digits (segment.c's
 * step 5): each cut at the column of least ink near where an even cut
 * would fall, then the pieces that are parts of one wide digit (a 7's
 * crossbar, a 1's foot) joined back to their neighbours.
 * Uses: nothing of ours (segment.h for SEG_STRONG).
 */
#include <stddef.h>

#include "cut.h"
#include "segment.h"

#define STRONG	SEG_STRONG

/* The mark's box on the ink map, inclusive. */
struct span {
	int x0, y0, x1, y1;
};

/*
 * The check of the pieces of a wide mark cut at cut[0..pieces-1]
 * (cut[0] = x0; piece p runs from cut[p] to the column before the next
 * cut, the last one to x1): each piece of a pair of touching digits is a
 * digit, and the strong ink of a digit meets every row it spans; digits
 * of one number differ in height by less than a third. So a piece whose
 * strong ink meets under 2/3 of the rows of the mark's strong ink is a
 * part of one digit that made it wide (the crossbar of a 7, the foot of
 * a 1 or a 2, the tail of a slanted 5), not a digit: it goes back to its
 * neighbour, the one it is joined to by more ink across their cut.
 * Strong ink, because the weak fringe of blur and JPEG reaches rows the
 * stroke does not. Returns the pieces left.
 */
static int
join_fragments(const double *v, const int *lab, int w, int id,
    const struct span *a, int *cut, int pieces)
{
	int sh = 0, p, x, y, j;

	/* The rows of the mark's strong ink. */
	for (y = a->y0; y <= a->y1; y++) {
		size_t r = (size_t)y * w;

		for (x = a->x0; x <= a->x1; x++)
			if (lab[r + x] == id && v[r + x] >= STRONG)
				break;
		sh += x <= a->x1;
	}
	while (pieces > 1) {
		for (p = 0; p < pieces; p++) {
			int c1 = p + 1 < pieces ? cut[p + 1] - 1 : a->x1;
			int rows = 0;

			for (y = a->y0; y <= a->y1; y++) {
				size_t r = (size_t)y * w;

				for (x = cut[p]; x <= c1; x++)
					if (lab[r + x] == id && v[r + x] >= STRONG)
						break;
				rows += x <= c1;
			}
			if (rows * 3 < sh * 2)
				break;
		}
		if (p == pieces)
			break;
		/* Remove the cut on the side of more ink: cut[j]. */
		if (p == 0)
			j = 1;
		else if (p == pieces - 1)
			j = p;
		else {
			double sl = 0, sr = 0;

			for (y = a->y0; y <= a->y1; y++) {
				size_t r = (size_t)y * w;

				sl += lab[r + cut[p]] == id ? v[r + cut[p]] : 0;
				sr += lab[r + cut[p + 1] - 1] == id ?
				    v[r + cut[p + 1] - 1] : 0;
			}
			j = sl >= sr ? p : p + 1;
		}
		for (; j + 1 < pieces; j++)
			cut[j] = cut[j + 1];
		pieces--;
	}
	return pieces;
}

int
cut_mark(const double *v, const int *lab, int w, int id, const int box[4],
    int pieces, int *cut)
{
	struct span s = { box[0], box[1], box[2], box[3] }, *a = &s;
	int mw = a->x1 - a->x0 + 1, p, y;
	size_t k;

	cut[0] = a->x0;
	for (p = 1; p < pieces; p++) {
		/* Column of least ink near the even cut. */
		double best = 1e300, t = a->x0 + (double)p * mw / pieces;
		int r = (int)(0.25 * mw / pieces), c, bc = (int)t;

		for (c = (int)t - r; c <= (int)t + r; c++) {
			double sum = 0;

			if (c <= cut[p - 1] || c > a->x1)
				continue;
			for (y = a->y0; y <= a->y1; y++) {
				k = (size_t)y * w + c;
				if (lab[k] == id)
					sum += v[k];
			}
			sum += 1e-3 * (c > t ? c - t : t - c);
			if (sum < best)
				best = sum, bc = c;
		}
		cut[p] = bc > cut[p - 1] ? bc : cut[p - 1] + 1;
	}
	return join_fragments(v, lab, w, id, a, cut, pieces);
}
