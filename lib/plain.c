/* SPDX-License-Identifier: ISC */
/*
 * plain.c: a picture plainly of one mark, told without the segmenter:
 * plain imgnorm's way around it (plainly_one), and --segment's answer
 * for such a picture when its ink is all one piece (plainly_one_mark).
 * They restate rules of segment.c and ruled.c: change them together
 * (tests/shortcut.bats compares them with the segmenter).
 * Uses: bplane.h, ink.h, runs.h, segment.h.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bplane.h"
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

/*
 * The map as bytes with the two levels that matter here: the ink is
 * {p >= *z} (v > 0), the strong ink {p >= *s} (v >= 64). A map of bytes
 * is its own bytes, the levels being the first bytes of such values
 * (lut grows with the bytes); a map of doubles is written as 0, 1 and 2
 * (*own set: free it). NULL when out of memory.
 */
static const unsigned char *
classes(const struct ink *ink, int *z, int *s, unsigned char **own)
{
	size_t k, n = (size_t)ink->w * ink->h;

	*own = NULL;
	if (ink->b != NULL) {
		*z = bplane_first(ink->lut, 0, 1);
		*s = bplane_first(ink->lut, 64, 0);
		return ink->b;
	}
	if ((*own = malloc(n)) == NULL)
		return NULL;
	for (k = 0; k < n; k++)
		(*own)[k] = ink->v[k] <= 0 ? 0 : ink->v[k] >= 64 ? 2 : 1;
	*z = 1;
	*s = 2;
	return *own;
}

/* The runs of the ink {p >= z}: ink_map's (*mine empty), or found here
 * (*mine them; runs_free it). 0, or -1 when out of memory. */
static int
ink_runs(const struct ink *ink, const unsigned char *p, int z,
    struct runs *mine, const struct runs **R)
{
	memset(mine, 0, sizeof *mine);
	*R = ink->runs != NULL ? ink->runs : mine;
	return ink->runs != NULL ? 0 :
	    runs_find(p, (size_t)ink->w, ink->w, ink->h, z, mine);
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
	struct runs mine, S;
	const struct runs *R;
	int w = ink->w, h = ink->h, x0 = w, x1 = -1, sy0 = h, sy1 = -1;
	int z, s, i, ok = 0, *cov, *comp = NULL;
	const unsigned char *p;
	unsigned char *own;
	size_t ns = 0;

	if ((p = classes(ink, &z, &s, &own)) == NULL)
		return 0;
	if ((cov = calloc((size_t)h, sizeof *cov)) == NULL) {
		free(own);
		return 0;
	}
	if (ink_runs(ink, p, z, &mine, &R) != 0) {
		free(own), free(cov);
		return 0;
	}
	/* the strong ink lies within the ink: its runs from R's bytes */
	if (runs_within(R, p, (size_t)w, s, &S) != 0) {
		runs_free(&mine);
		free(own), free(cov);
		return 0;
	}
	free(own);
	for (i = 0; i < R->n; i++) {
		cov[R->r[i].y] += R->r[i].x1 - R->r[i].x0 + 1;
		x0 = R->r[i].x0 < x0 ? R->r[i].x0 : x0;
		x1 = R->r[i].x1 > x1 ? R->r[i].x1 : x1;
	}
	for (i = 0; i < S.n; i++)
		ns += (size_t)(S.r[i].x1 - S.r[i].x0 + 1);
	if (S.n > 0) {
		sy0 = S.r[0].y;
		sy1 = S.r[S.n - 1].y;
	}
	/* step 2: the strong ink's runs make one component */
	if (plain_shape(cov, w, h, x0, x1, sy0, sy1, ns) &&
	    (comp = malloc((size_t)S.n * sizeof *comp)) != NULL)
		ok = runs_label(&S, comp) == 1;
	runs_free(&mine);
	runs_free(&S);
	free(cov);
	free(comp);
	return ok;
}

/*
 * --segment's answer for a picture plainly of one mark (plainly_one)
 * whose ink is all one piece: every pixel of ink joined to the strong
 * ink through ink, 8-connected. segment_plane would find that one mark,
 * all of the ink (no ruled line: plainly_one refuses what ruled.c
 * would take; dust and cuts need other marks or a flat mark), so its
 * digit is the ink's box, its labels all the ink, and its record the one
 * plain imgnorm makes (box_digit crops to the ink itself): the same
 * result, at the cost of the ink's runs, so that --segment costs
 * little more than plain imgnorm on pictures of one digit (the same
 * bytes and boxes on every committed picture and 10,000 t10k digits as
 * PNGs). 1 if res is filled, 0 if not so, -1 out of memory.
 */
int
plainly_one_mark(const struct ink *ink, double zoom, struct seg_result *res)
{
	struct runs mine;
	const struct runs *R;
	int w = ink->w, h = ink->h, x0 = w, y0 = h, x1 = -1, y1 = -1;
	int z, s, i, x, y, nc = -1, strong = 0, *lab, *comp;
	const unsigned char *p;
	unsigned char *own;
	struct seg_digit *d = &res->d[0];

	if ((p = classes(ink, &z, &s, &own)) == NULL)
		return -1;
	for (y = 0; y < h && !strong; y++)
		strong = runs_first(p + (size_t)y * w, w, s) < w;
	i = ink_runs(ink, p, z, &mine, &R);
	free(own);
	if (i != 0)
		return -1;
	lab = calloc((size_t)w * h, sizeof *lab);
	comp = malloc(((size_t)R->n + 1) * sizeof *comp);
	if (lab == NULL || comp == NULL || (nc = runs_label(R, comp)) < 0) {
		runs_free(&mine);
		free(lab), free(comp);
		return -1;
	}
	free(comp);
	if (nc != 1 || !strong) {	/* not all of the ink one piece */
		runs_free(&mine);
		free(lab);
		return 0;
	}
	for (i = 0; i < R->n; i++) {
		const struct run *r = &R->r[i];

		for (x = r->x0; x <= r->x1; x++)
			lab[(size_t)r->y * w + x] = 1;
		x0 = r->x0 < x0 ? r->x0 : x0;
		x1 = r->x1 > x1 ? r->x1 : x1;
		y0 = r->y < y0 ? r->y : y0;
		y1 = r->y;
	}
	runs_free(&mine);
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
