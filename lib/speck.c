/* SPDX-License-Identifier: ISC */
/*
 * speck.c: specks dropped from an ink map (ink.c's last step): the
 * 8-connected pieces of ink too light and too small to be strokes.
 * Uses: runs.h.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "runs.h"
#include "speck.h"

/*
 * Drop specks: 8-connected components of {v > 0} whose ink mass is under
 * 2% of the total and that are small (under 1/400 of the plane). Returns
 * the remaining mass.
 */
double
speck_drop(double *v, int w, int h)
{
	size_t n = (size_t)w * h, k, top, cnt, i;
	int *lab, ncomp = 0, c;
	size_t *stack;
	double total = 0, *mass = NULL;
	size_t *size = NULL;

	/* The 8 neighbours of an inner pixel, row by row. */
	const ptrdiff_t o[8] = {-(ptrdiff_t)w - 1, -(ptrdiff_t)w,
	    -(ptrdiff_t)w + 1, -1, 1, w - 1, w, w + 1};

	lab = calloc(n, sizeof *lab);
	stack = malloc(n * sizeof *stack);
	if (lab == NULL || stack == NULL)
		goto out;
	for (k = 0; k < n; k++) {
		if (v[k] <= 0 || lab[k] != 0)
			continue;
		ncomp++;
		{
			double *m2 = realloc(mass, ncomp * sizeof *mass);
			size_t *s2;

			if (m2 == NULL)
				goto out;
			mass = m2;
			s2 = realloc(size, ncomp * sizeof *size);
			if (s2 == NULL)
				goto out;
			size = s2;
		}
		mass[ncomp - 1] = 0;
		cnt = 0;
		top = 0;
		stack[top++] = k;
		lab[k] = ncomp;
		while (top > 0) {
			size_t p = stack[--top];
			int px = (int)(p % w), py = (int)(p / w), dx, dy;

			mass[ncomp - 1] += v[p];
			cnt++;
			if (px > 0 && py > 0 && px < w - 1 && py < h - 1) {
				/* Inside: the same 8 neighbours in the same
				 * order, without the edge tests. */
				int e;

				for (e = 0; e < 8; e++) {
					size_t q = (size_t)((ptrdiff_t)p + o[e]);

					if (v[q] > 0 && lab[q] == 0) {
						lab[q] = ncomp;
						stack[top++] = q;
					}
				}
				continue;
			}
			for (dy = -1; dy <= 1; dy++)
				for (dx = -1; dx <= 1; dx++) {
					int qx = px + dx, qy = py + dy;
					size_t q;

					if (qx < 0 || qy < 0 || qx >= w || qy >= h)
						continue;
					q = (size_t)qy * w + qx;
					if (v[q] > 0 && lab[q] == 0) {
						lab[q] = ncomp;
						stack[top++] = q;
					}
				}
		}
		size[ncomp - 1] = cnt;
		total += mass[ncomp - 1];
	}
	if (ncomp > 1) {
		double keep = 0;

		for (i = 0; i < n; i++) {
			if ((c = lab[i]) == 0)
				continue;
			if (mass[c - 1] < 0.02 * total && size[c - 1] * 400 < n)
				v[i] = 0;
			else
				keep += v[i];
		}
		total = keep;
	}
out:
	if (lab == NULL || stack == NULL || (ncomp > 0 && size == NULL)) {
		total = 0;
		for (k = 0; k < n; k++)
			total += v[k] > 0 ? v[k] : 0;
	}
	free(lab);
	free(stack);
	free(mass);
	free(size);
	return total;
}

/*
 * speck_drop for a map of bytes (values lut[b], lut[0] = 0): the ink is
 * the runs of b >= z, z the first byte of a value above 0, and its
 * components those of the runs; the masses are summed run by run (in
 * another order than the walk above: the same sums but for the last
 * bits, which no decision here is near).
 */
double
speck_drop_bytes(unsigned char *b, const double *lut, int w, int h)
{
	struct runs R;
	size_t n = (size_t)w * h, *size = NULL;
	double total = 0, *mass = NULL, keep = 0;
	int z = 0, i, x, nc, *comp = NULL;

	while (z < 256 && !(lut[z] > 0))
		z++;
	if (runs_find(b, (size_t)w, w, h, z, &R) != 0)
		return -1;
	comp = malloc(((size_t)R.n + 1) * sizeof *comp);
	if (comp == NULL || (nc = runs_label(&R, comp)) < 0)
		goto oom;
	mass = calloc((size_t)nc + 1, sizeof *mass);
	size = calloc((size_t)nc + 1, sizeof *size);
	if (mass == NULL || size == NULL)
		goto oom;
	for (i = 0; i < R.n; i++) {
		const struct run *r = &R.r[i];
		const unsigned char *p = b + (size_t)r->y * w;

		for (x = r->x0; x <= r->x1; x++)
			mass[comp[i]] += lut[p[x]];
		size[comp[i]] += (size_t)(r->x1 - r->x0 + 1);
	}
	for (i = 0; i < nc; i++)
		total += mass[i];
	for (i = 0; nc > 1 && i < nc; i++)
		if (!(mass[i] < 0.02 * total && size[i] * 400 < n))
			keep += mass[i];
	for (i = 0; nc > 1 && i < R.n; i++) {
		const struct run *r = &R.r[i];

		if (mass[comp[i]] < 0.02 * total && size[comp[i]] * 400 < n)
			memset(b + (size_t)r->y * w + r->x0, 0,
			    (size_t)(r->x1 - r->x0 + 1));
	}
	if (nc > 1)
		total = keep;
	runs_free(&R);
	free(comp), free(mass), free(size);
	return total;
oom:
	runs_free(&R);
	free(comp), free(mass), free(size);
	return -1;
}
