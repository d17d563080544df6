/* SPDX-License-Identifier: ISC */
/*
 * plain.c: a picture plainly of one mark, told without the segmenter:
 * plain imgnorm's way around it (plainly_one), and --segment's answer
 * for such a picture when its ink is all one piece (plainly_one_mark).
 * They restate rules of segment.c and ruled.c: change them together
 * (tests/shortcut.bats compares them with the segmenter).
 * Uses: ink.h, runs.h, segment.h.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ink.h"
#include "plain.h"
#include "runs.h"
#include "segment.h"

/* Steps 1 and 5 of plainly_one from the ink's count in each row
 * (cov), its columns x0..x1, the strong ink's rows sy0..sy1 and count ns:
 * 1 if they pass. */
static int
plain_shape(const int *cov, int w, int h, int x0, int x1, int sy0, int sy1,
    size_t ns)
{
	int y;

	for (y = 0; w >= 16 && h >= 64 && y < h; y++) {
		int up = y >= 3 ? cov[y - 3] : 0, dn = y + 3 < h ? cov[y + 3] : 0;
		int out = up > dn ? up : dn;

		if (cov[y] >= 2 * out && (cov[y] - out) * 10 >= w)
			return 0;	/* a thin peak: maybe a line */
	}
	if (ns == 0 || (x1 - x0 + 1) * 100 > (sy1 - sy0 + 1) * 135)
		return 0;
	if (w >= 16 && (x1 - x0 + 1) * 5 >= w &&
	    ((x1 - x0 + 1) * 100 >= w * 85 || x0 < 2 || x1 > w - 3))
		return 0;
	return 1;
}

/* plainly_one for a map of bytes (ink.h): the ink and the strong
 * ink are runs (v > 0 and v >= 64 are b >= the first bytes of such
 * values), the strong ink's components those of its runs. */
static int
plainly_one_runs(const struct ink *ink)
{
	struct runs R, S;
	int w = ink->w, h = ink->h, x0 = w, x1 = -1, sy0 = h, sy1 = -1;
	int z = 0, s = 0, i, ok = 0, *cov, *comp = NULL;
	size_t ns = 0;

	while (z < 256 && !(ink->lut[z] > 0))
		z++;
	while (s < 256 && !(ink->lut[s] >= 64))
		s++;
	if ((cov = calloc((size_t)h, sizeof *cov)) == NULL)
		return 0;
	if (runs_find(ink->b, (size_t)w, w, h, z, &R) != 0) {
		free(cov);
		return 0;
	}
	if (runs_find(ink->b, (size_t)w, w, h, s, &S) != 0) {
		runs_free(&R);
		free(cov);
		return 0;
	}
	for (i = 0; i < R.n; i++) {
		cov[R.r[i].y] += R.r[i].x1 - R.r[i].x0 + 1;
		x0 = R.r[i].x0 < x0 ? R.r[i].x0 : x0;
		x1 = R.r[i].x1 > x1 ? R.r[i].x1 : x1;
	}
	for (i = 0; i < S.n; i++)
		ns += (size_t)(S.r[i].x1 - S.r[i].x0 + 1);
	if (S.n > 0) {
		sy0 = S.r[0].y;
		sy1 = S.r[S.n - 1].y;
	}
	if (plain_shape(cov, w, h, x0, x1, sy0, sy1, ns) &&
	    (comp = malloc((size_t)S.n * sizeof *comp)) != NULL)
		ok = runs_label(&S, comp) == 1;
	runs_free(&R);
	runs_free(&S);
	free(cov);
	free(comp);
	return ok;
}

/*
 * Plainly one digit-like mark, seen without the segmenter: a sufficient
 * condition for segment_plane (segment.c) to find exactly one mark, not
 * cut and not flat, so that norm_one_buffer would accept the ink map.
 * It follows segment.c's steps and must change with them:
 *  1. no ruled line (ruled.c finds no candidate): the ink (v > 0) spans
 *     under 85% of the width and keeps off the two columns at each edge
 *     (or under a fifth of the width), and on planes of 64 rows and
 *     more no row's count of ink is a thin peak (twice that of the rows
 *     3 above and below, and a tenth of the width more); or the plane
 *     is under 16 px wide;
 *  2. the strong ink (v >= 64) is one 8-connected component;
 *  5. the mark, at most as wide as all the ink and at least as tall as
 *     the strong ink, is not cut: width <= 1.35 height (so not flat).
 * tests/prog/shortcut.c checks the claim on every committed picture.
 */
int
plainly_one(const struct ink *ink)
{
	int w = ink->w, h = ink->h, x, y, x0 = w, x1 = -1, sy0 = h, sy1 = -1;
	size_t n = (size_t)w * h, k, ns = 0, seen = 0, top = 0, first = 0;
	unsigned char *mark;
	size_t *stack;
	const double *v = ink->v;
	int *cov;

	if (ink->b != NULL)
		return plainly_one_runs(ink);
	if ((cov = calloc((size_t)h, sizeof *cov)) == NULL)
		return 0;
	for (y = 0; y < h; y++) {
		const double *row = v + (size_t)y * w;

		for (x = 0; x < w; x++) {
			if (row[x] <= 0)
				continue;
			cov[y]++;
			x0 = x < x0 ? x : x0;
			x1 = x > x1 ? x : x1;
			if (row[x] >= 64) {
				if (ns++ == 0)
					first = (size_t)y * w + x;
				sy0 = y < sy0 ? y : sy0;
				sy1 = y;
			}
		}
	}
	k = plain_shape(cov, w, h, x0, x1, sy0, sy1, ns);
	free(cov);
	if (!k)
		return 0;
	mark = calloc(n, 1);
	stack = malloc(ns * sizeof *stack);
	if (mark == NULL || stack == NULL) {
		free(mark);
		free(stack);
		return 0;
	}
	stack[top++] = first;
	mark[first] = 1;
	while (top > 0) {
		size_t p = stack[--top];
		int px = (int)(p % w), py = (int)(p / w), dx, dy;

		seen++;
		if (px > 0 && py > 0 && px < w - 1 && py < h - 1) {
			/* Inside: the 8 neighbours without edge tests. */
			const ptrdiff_t o[8] = {-(ptrdiff_t)w - 1, -(ptrdiff_t)w,
			    -(ptrdiff_t)w + 1, -1, 1, w - 1, w, w + 1};
			int e;

			for (e = 0; e < 8; e++) {
				k = (size_t)((ptrdiff_t)p + o[e]);
				if (v[k] >= 64 && !mark[k]) {
					mark[k] = 1;
					stack[top++] = k;
				}
			}
			continue;
		}
		for (dy = -1; dy <= 1; dy++)
			for (dx = -1; dx <= 1; dx++) {
				int qx = px + dx, qy = py + dy;

				if (qx < 0 || qy < 0 || qx >= w || qy >= h)
					continue;
				k = (size_t)qy * w + qx;
				if (v[k] >= 64 && !mark[k]) {
					mark[k] = 1;
					stack[top++] = k;
				}
			}
	}
	free(mark);
	free(stack);
	return seen == ns;
}

/* The ink map's pixel k, whichever its values are (ink.h). */
#define INK(ink, k)	((ink)->b != NULL ? (ink)->lut[(ink)->b[k]] : (ink)->v[k])

/*
 * --segment's answer for a picture plainly of one mark (plainly_one)
 * whose ink is all one piece: every pixel of ink joined to the strong
 * ink through ink, 8-connected. segment_plane would find that one mark,
 * all of the ink (no ruled line: plainly_one refuses what ruled.c
 * would take; dust and cuts need other marks or a flat mark), so its
 * digit is the ink's box, its labels all the ink, and its record the one
 * plain imgnorm makes (box_digit crops to the ink itself): the same
 * result, at the cost of one walk over the ink, so that --segment costs
 * little more than plain imgnorm on pictures of one digit (the same
 * bytes and boxes on every committed picture and 10,000 t10k digits as
 * PNGs). 1 if res is filled, 0 if not so, -1 out of memory.
 */
int
plainly_one_mark(const struct ink *ink, double zoom, struct seg_result *res)
{
	int w = ink->w, h = ink->h, x0 = w, y0 = h, x1 = -1, y1 = -1;
	size_t np = (size_t)w * h, k, top = 0, all = 0, seen = 0;
	int *lab = calloc(np, sizeof *lab);
	size_t *q = malloc(np * sizeof *q);
	struct seg_digit *d = &res->d[0];

	if (lab == NULL || q == NULL) {
		free(lab), free(q);
		return -1;
	}
	for (k = 0; k < np; k++) {
		all += INK(ink, k) > 0;
		if (top == 0 && INK(ink, k) >= 64)
			lab[k] = 1, q[top++] = k;
	}
	while (top > 0) {
		size_t p = q[--top];
		int px = (int)(p % w), py = (int)(p / w), dx, dy;

		seen++;
		x0 = px < x0 ? px : x0, x1 = px > x1 ? px : x1;
		y0 = py < y0 ? py : y0, y1 = py > y1 ? py : y1;
		for (dy = -1; dy <= 1; dy++)
			for (dx = -1; dx <= 1; dx++) {
				int qx = px + dx, qy = py + dy;

				if (qx < 0 || qy < 0 || qx >= w || qy >= h)
					continue;
				k = (size_t)qy * w + qx;
				if (INK(ink, k) > 0 && !lab[k])
					lab[k] = 1, q[top++] = k;
			}
	}
	free(q);
	if (seen == 0 || seen != all) {
		free(lab);
		return 0;
	}
	if (zoom <= 0)
		zoom = 1;
	memset(res, 0, sizeof *res);
	res->n = 1;
	res->lab = lab;
	d->x = x0, d->y = y0, d->w = x1 - x0 + 1, d->h = y1 - y0 + 1;
	d->box[0] = (unsigned)(x0 * ink->f * zoom);
	d->box[1] = (unsigned)(y0 * ink->f * zoom);
	d->box[2] = (unsigned)(d->w * ink->f * zoom);
	d->box[3] = (unsigned)(d->h * ink->f * zoom);
	return 1;
}
