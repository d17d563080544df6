/* SPDX-License-Identifier: ISC */
/*
 * ruled.c: the lines of ruled paper taken off an ink map (segment.c's
 * first step): a row whose ink runs across 85% of the plane's width, or
 * across a fifth of it from an edge, or that stands out as a thin peak in
 * the count of ink per row, is a line of the paper; its ink is kept only
 * where a stroke crosses it. Uses: nothing of ours.
 */
#include <stdlib.h>
#include <string.h>

#include "ruled.h"

int
ruled_drop(double *v, int w, int h)
{
	unsigned char *cand = calloc((size_t)w * h, 1);
	int y, x, a, b, t = h / 12 > 2 ? h / 12 : 2, any = 0, *cov;

	if (cand == NULL)
		return -1;
	/* Candidates: runs across 85% of the width, or across a fifth of
	 * it from the left or right edge (a line fading in the middle), or
	 * every ink pixel of a row that stands out of the rows 3 above and
	 * below it: its ink covers twice as many columns as theirs, and a
	 * tenth of the width more. A faint line on a photo is cut into many
	 * short runs where the levels leave parts of it below the paper's
	 * noise, and each piece left beside a digit would join it (and make
	 * it look like two touching digits); but the line stays a thin peak
	 * in the count of ink per row. Strokes of writing are thicker than
	 * 3 px at the working size of a photo (160 px and more), so a row
	 * through them has about the same count 3 rows away; on a plane of
	 * under 64 rows (a small drawing, an MNIST-sized picture) 3 rows is
	 * a stroke's width, and the peak rule is not used. */
	if ((cov = calloc((size_t)h, sizeof *cov)) == NULL) {
		free(cand);
		return -1;
	}
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			cov[y] += v[(size_t)y * w + x] > 0;
	for (y = 0; y < h; y++) {
		const double *row = v + (size_t)y * w;
		int up = y >= 3 ? cov[y - 3] : 0, dn = y + 3 < h ? cov[y + 3] : 0;
		int out = up > dn ? up : dn;

		if (w >= 16 && h >= 64 && cov[y] >= 2 * out &&
		    (cov[y] - out) * 10 >= w) {
			for (x = 0; x < w; x++)
				cand[(size_t)y * w + x] = row[x] > 0;
			any = 1;
			continue;
		}
		for (x = 0; x < w; x = b + 1) {
			b = x;
			if (row[x] <= 0)
				continue;
			while (b + 1 < w && row[b + 1] > 0)
				b++;
			if (w >= 16 && ((b - x + 1) * 100 >= w * 85 ||
			    ((b - x + 1) * 5 >= w && (x <= 1 || b >= w - 2))))
				memset(cand + (size_t)y * w + x, 1, (size_t)(b - x + 1)),
				    any = 1;
		}
	}
	free(cov);
	/* No candidate (most pictures): nothing to drop. */
	if (!any) {
		free(cand);
		return 0;
	}
	/* In each column, a thin vertical run of candidates goes unless a
	 * stroke crosses it (ink just above and just below). */
	for (x = 0; x < w; x++)
		for (y = 0; y < h; y = b + 1) {
			int up = 0, down = 0, j;

			b = y;
			if (!cand[(size_t)y * w + x])
				continue;
			a = y;
			while (b + 1 < h && cand[(size_t)(b + 1) * w + x])
				b++;
			if (b - a + 1 > t)
				continue;
			for (j = a - 2; j < a; j++)
				up |= j >= 0 && v[(size_t)j * w + x] > 0 &&
				    !cand[(size_t)j * w + x];
			for (j = b + 1; j <= b + 2; j++)
				down |= j < h && v[(size_t)j * w + x] > 0 &&
				    !cand[(size_t)j * w + x];
			if (!(up && down))
				for (j = a; j <= b; j++)
					v[(size_t)j * w + x] = 0;
		}
	free(cand);
	return 0;
}
