/* SPDX-License-Identifier: ISC */
/*
 * speck.c: specks dropped from an ink map (ink.c's last step): the
 * 8-connected pieces of ink too light and too small to be strokes.
 * Uses: bplane.h, runs.h.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bplane.h"
#include "runs.h"
#include "speck.h"

/*
 * Drop specks: 8-connected components of the ink (v > 0) whose mass is
 * under 2% of the total and that are small (under 1/400 of the plane).
 * The plane is v, or b standing for lut[b] (lut[0] = 0: the ink is
 * b >= z, z the first byte of a value above 0). Either way the ink is
 * taken as runs (runs.c) and its masses are summed in the same order,
 * run by run and component by component: the bytes and the doubles of
 * the same values give the same sums to the last bit, so the same
 * specks go even where a mass ties with 2% of the total (the fuzzer
 * found such a tie). Returns the remaining mass, -1 when out of memory;
 * keep gets the runs of the ink that remains (the kept components' runs:
 * a component goes whole, so the others' runs are as they were).
 */
static double
drop(double *v, unsigned char *b, const double *lut, int w, int h,
    struct runs *keep)
{
	struct runs R;
	size_t n = (size_t)w * h, k, *size = NULL;
	double total = 0, *mass = NULL, kept = 0;
	unsigned char *ink, *gone = NULL;
	int t = 1, i, j, x, y, nc, *comp = NULL;

	memset(keep, 0, sizeof *keep);
	if (b != NULL) {
		t = bplane_first(lut, 0, 1);
		i = runs_find(b, (size_t)w, w, h, t, &R);
	} else {
		/* the ink of the doubles as bytes: 1 where v > 0 */
		if ((ink = malloc(n)) == NULL)
			return -1;
		for (k = 0; k < n; k++)
			ink[k] = v[k] > 0;
		i = runs_find(ink, (size_t)w, w, h, t, &R);
		free(ink);
	}
	if (i != 0)
		return -1;
	comp = malloc(((size_t)R.n + 1) * sizeof *comp);
	if (comp == NULL || (nc = runs_label(&R, comp)) < 0)
		goto oom;
	mass = calloc((size_t)nc + 1, sizeof *mass);
	size = calloc((size_t)nc + 1, sizeof *size);
	gone = calloc((size_t)nc + 1, 1);
	if (mass == NULL || size == NULL || gone == NULL)
		goto oom;
	for (i = 0; i < R.n; i++) {
		const struct run *r = &R.r[i];
		size_t row = (size_t)r->y * w;

		for (x = r->x0; x <= r->x1; x++)
			mass[comp[i]] += b != NULL ? lut[b[row + x]] : v[row + x];
		size[comp[i]] += (size_t)(r->x1 - r->x0 + 1);
	}
	for (i = 0; i < nc; i++)
		total += mass[i];
	for (i = 0; nc > 1 && i < nc; i++)
		if (!(gone[i] = mass[i] < 0.02 * total && size[i] * 400 < n))
			kept += mass[i];
	/* The specks' pixels cleared, and their runs left out of keep's
	 * (the rows' starts moved down with them). */
	for (i = j = y = 0; i < R.n; i++) {
		const struct run *r = &R.r[i];
		size_t row = (size_t)r->y * w;

		for (; y <= r->y; y++)
			R.row[y] = j;
		if (!gone[comp[i]]) {
			R.r[j++] = *r;
			continue;
		}
		for (x = r->x0; x <= r->x1; x++)
			if (b != NULL)
				b[row + x] = 0;
			else
				v[row + x] = 0;
	}
	for (; y <= R.h; y++)
		R.row[y] = j;
	R.n = j;
	if (nc > 1)
		total = kept;
	*keep = R;
	free(comp), free(mass), free(size), free(gone);
	return total;
oom:
	runs_free(&R);
	free(comp), free(mass), free(size), free(gone);
	return -1;
}

double
speck_drop(double *v, int w, int h, struct runs *keep)
{
	return drop(v, NULL, NULL, w, h, keep);
}

double
speck_drop_bytes(unsigned char *b, const double *lut, int w, int h,
    struct runs *keep)
{
	return drop(NULL, b, lut, w, h, keep);
}
