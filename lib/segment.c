/* SPDX-License-Identifier: ISC */
/*
 * segment.c: the digits of a number written in one row, found on the
 * ink map of a picture (ink.c). Uses: cut.h, ink.h, ruled.h, util.h
 * (dp_fail).
 *
 *  1. Ruled lines go, except where a stroke crosses them (ruled.c).
 *  2. Strong ink (>= 64 of 255) is cut into 8-connected components; the
 *     weaker ink around them joins the nearest one (so blur and JPEG
 *     fringes do not bridge two digits).
 *  3. Components above each other (overlapping by half the narrower's
 *     width) are one digit: a 5 whose bar does not touch, a 4 in two
 *     strokes, the dot of a broken 7.
 *  4. Marks under 30% of the tallest one's height are dust, and dropped.
 *  5. A mark wider than 1.2 times its height holds touching digits: it is
 *     cut into round(width / digit width) pieces (the digit width is the
 *     median of the other marks', else 0.7 of the height), each cut at
 *     the column of least ink within a quarter digit of where it would
 *     fall; a piece whose strong ink spans under 2/3 of the mark's rows
 *     is a part of one wide digit (a 7's crossbar), not a digit, and is
 *     joined back to its neighbour (cut.c).
 *  6. Marks are ordered by their centre's x. Two neighbours that do not
 *     overlap vertically mean several lines of writing: refused.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cut.h"
#include "ink.h"
#include "ruled.h"
#include "segment.h"
#include "util.h"

#define STRONG	SEG_STRONG

struct mark {
	int x0, y0, x1, y1;	/* inclusive */
	double mass;
	int alive, parent;
};

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

void
seg_free(struct seg_result *res)
{
	free(res->lab);
	res->lab = NULL;
	res->n = 0;
}

int
segment_plane(const struct ink *pl, double zoom, struct seg_result *res,
    char *why, size_t wl)
{
	int w = pl->w, h = pl->h, x, y, i, j, nm = 0, cap = 0, hmax = 0, n;
	size_t np = (size_t)w * h, k, top, head;
	double *v = NULL;
	int *lab = NULL;
	size_t *q = NULL;
	struct mark *m = NULL;
	int *order = NULL, *ws = NULL;

	/* The 8 neighbours of an inner pixel, row by row. */
	const ptrdiff_t o[8] = {-(ptrdiff_t)w - 1, -(ptrdiff_t)w,
	    -(ptrdiff_t)w + 1, -1, 1, w - 1, w, w + 1};

	memset(res, 0, sizeof *res);
	if (zoom <= 0)
		zoom = 1;
	v = malloc(np * sizeof *v);
	lab = calloc(np, sizeof *lab);
	q = malloc(np * sizeof *q);
	if (v == NULL || lab == NULL || q == NULL)
		goto oom;
	memcpy(v, pl->v, np * sizeof *v);
	if (ruled_drop(v, w, h) != 0)
		goto oom;
	/* Step 2: strong components (labels 1..nm). */
	for (k = 0; k < np; k++) {
		if (v[k] < STRONG || lab[k] != 0)
			continue;
		if (nm == cap) {
			struct mark *m2;

			cap = cap ? 2 * cap : 64;
			if ((m2 = realloc(m, (size_t)cap * sizeof *m)) == NULL)
				goto oom;
			m = m2;
		}
		nm++;
		m[nm - 1] = (struct mark){ w, h, -1, -1, 0, 1, nm - 1 };
		top = 0;
		q[top++] = k;
		lab[k] = nm;
		while (top > 0) {
			size_t p = q[--top];
			int px = (int)(p % w), py = (int)(p / w), dx, dy;
			struct mark *c = &m[nm - 1];

			c->mass += v[p];
			c->x0 = px < c->x0 ? px : c->x0;
			c->x1 = px > c->x1 ? px : c->x1;
			c->y0 = py < c->y0 ? py : c->y0;
			c->y1 = py > c->y1 ? py : c->y1;
			if (px > 0 && py > 0 && px < w - 1 && py < h - 1) {
				/* Inside: the same 8 neighbours in the same
				 * order, without the edge tests. */
				int e;

				for (e = 0; e < 8; e++) {
					size_t r = (size_t)((ptrdiff_t)p + o[e]);

					if (v[r] >= STRONG && lab[r] == 0) {
						lab[r] = nm;
						q[top++] = r;
					}
				}
				continue;
			}
			for (dy = -1; dy <= 1; dy++)
				for (dx = -1; dx <= 1; dx++) {
					int qx = px + dx, qy = py + dy;
					size_t r;

					if (qx < 0 || qy < 0 || qx >= w || qy >= h)
						continue;
					r = (size_t)qy * w + qx;
					if (v[r] >= STRONG && lab[r] == 0) {
						lab[r] = nm;
						q[top++] = r;
					}
				}
		}
	}
	if (nm == 0) {
		free(v), free(lab), free(q), free(m);
		return dp_fail(why, wl, "no ink found");
	}
	/* Weak ink joins the nearest strong component (breadth first). */
	for (k = top = 0; k < np; k++)
		if (lab[k] != 0)
			q[top++] = k;
	for (head = 0; head < top; head++) {
		size_t p = q[head];
		int px = (int)(p % w), py = (int)(p / w), dx, dy, e;

		/* Inside, with no weak neighbour left (most strong ink): the
		 * loop below would do nothing. */
		if (px > 0 && py > 0 && px < w - 1 && py < h - 1) {
			for (e = 0; e < 8; e++) {
				size_t r = (size_t)((ptrdiff_t)p + o[e]);

				if (v[r] > 0 && lab[r] == 0)
					break;
			}
			if (e == 8)
				continue;
		}
		for (dy = -1; dy <= 1; dy++)
			for (dx = -1; dx <= 1; dx++) {
				int qx = px + dx, qy = py + dy;
				size_t r;

				if (qx < 0 || qy < 0 || qx >= w || qy >= h)
					continue;
				r = (size_t)qy * w + qx;
				if (v[r] > 0 && lab[r] == 0) {
					struct mark *c = &m[lab[p] - 1];

					lab[r] = lab[p];
					c->mass += v[r];
					c->x0 = qx < c->x0 ? qx : c->x0;
					c->x1 = qx > c->x1 ? qx : c->x1;
					c->y0 = qy < c->y0 ? qy : c->y0;
					c->y1 = qy > c->y1 ? qy : c->y1;
					q[top++] = r;
				}
			}
	}
	/* Step 3: merge marks above each other (repeat until stable). */
	for (;;) {
		int merged = 0;

		for (i = 0; i < nm; i++) {
			if (!m[i].alive)
				continue;
			for (j = i + 1; j < nm; j++) {
				int ov, wi, wj;

				if (!m[j].alive)
					continue;
				ov = (m[i].x1 < m[j].x1 ? m[i].x1 : m[j].x1) -
				    (m[i].x0 > m[j].x0 ? m[i].x0 : m[j].x0) + 1;
				wi = m[i].x1 - m[i].x0 + 1;
				wj = m[j].x1 - m[j].x0 + 1;
				if (ov <= 0 || 2 * ov < (wi < wj ? wi : wj))
					continue;
				m[i].x0 = m[i].x0 < m[j].x0 ? m[i].x0 : m[j].x0;
				m[i].y0 = m[i].y0 < m[j].y0 ? m[i].y0 : m[j].y0;
				m[i].x1 = m[i].x1 > m[j].x1 ? m[i].x1 : m[j].x1;
				m[i].y1 = m[i].y1 > m[j].y1 ? m[i].y1 : m[j].y1;
				m[i].mass += m[j].mass;
				m[j].alive = 0;
				m[j].parent = i;
				merged = 1;
			}
		}
		if (!merged)
			break;
	}
	/* Step 4: dust. */
	for (i = 0; i < nm; i++)
		if (m[i].alive && m[i].y1 - m[i].y0 + 1 > hmax)
			hmax = m[i].y1 - m[i].y0 + 1;
	for (i = 0; i < nm; i++)
		if (m[i].alive && (m[i].y1 - m[i].y0 + 1) * 10 < hmax * 3)
			m[i].alive = 0, m[i].parent = -1;
	/* Relabel pixels to the surviving marks (0: dropped). */
	for (i = 0; i < nm; i++)
		if (m[i].parent >= 0 && m[i].parent != i) {
			j = i;
			while (j >= 0 && m[j].parent >= 0 && m[j].parent != j)
				j = m[j].parent;
			m[i].parent = j >= 0 && m[j].parent == j ? j : -1;
		}
	for (k = 0; k < np; k++)
		if (lab[k] != 0) {
			int r = m[lab[k] - 1].parent;

			lab[k] = r >= 0 && m[r].alive ? r + 1 : 0;
		}
	/* Order by centre x. */
	if ((order = malloc((size_t)nm * sizeof *order)) == NULL ||
	    (ws = malloc((size_t)nm * sizeof *ws)) == NULL)
		goto oom;
	for (i = n = 0; i < nm; i++)
		if (m[i].alive)
			order[n++] = i;
	if (n == 0) {
		free(v), free(lab), free(q), free(m), free(order), free(ws);
		return dp_fail(why, wl, "no ink found");
	}
	for (i = 1; i < n; i++)		/* insertion sort: n is small */
		for (j = i; j > 0 && m[order[j - 1]].x0 + m[order[j - 1]].x1 >
		    m[order[j]].x0 + m[order[j]].x1; j--) {
			int t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	if (n > SEG_MAX) {
		free(v), free(lab), free(q), free(m), free(order), free(ws);
		return dp_fail(why, wl, "too many marks (%d) for a number of "
		    "at most %d digits", n, SEG_MAX);
	}
	for (i = 1; i < n; i++) {
		struct mark *a = &m[order[i - 1]], *b = &m[order[i]];

		if (a->y1 < b->y0 || b->y1 < a->y0) {
			free(v), free(lab), free(q), free(m), free(order),
			    free(ws);
			return dp_fail(why, wl, "several lines of writing (or "
			    "marks far above one another): --segment reads "
			    "one row");
		}
	}
	/* Step 5: the digit width, for cutting touching digits. */
	{
		int nw = 0, hmed;
		double dw;
		int *hs = ws;

		for (i = 0; i < n; i++)
			hs[i] = m[order[i]].y1 - m[order[i]].y0 + 1;
		qsort(hs, (size_t)n, sizeof *hs, cmp_int);
		hmed = hs[n / 2];
		for (i = 0; i < n; i++) {
			struct mark *a = &m[order[i]];
			int mw = a->x1 - a->x0 + 1, mh = a->y1 - a->y0 + 1;

			if (mw * 10 <= mh * 12 && mw * 10 >= mh * 4)
				ws[nw++] = mw;
		}
		qsort(ws, (size_t)nw, sizeof *ws, cmp_int);
		dw = nw >= 2 ? ws[nw / 2] : 0.7 * hmed;
		if (dw < 0.45 * hmed)
			dw = 0.45 * hmed;
		res->n = 0;
		for (i = 0; i < n; i++) {
			struct mark *a = &m[order[i]];
			int id = order[i] + 1, mw = a->x1 - a->x0 + 1;
			int mh = a->y1 - a->y0 + 1, pieces = 1, p, cut[SEG_MAX], box[4];
			int ref = mh > hmed ? mh : hmed;

			if ((nw >= 2 && mw * 100 > dw * 145) ||
			    (nw < 2 && mw * 100 > ref * 135)) {
				pieces = (int)(mw / dw + 0.5);
				pieces = pieces < 2 ? 2 : pieces;
				pieces = pieces > 8 ? 8 : pieces;
				/* A column a piece: cuts stay inside the mark. */
				pieces = pieces > mw ? mw : pieces;
			}
			if (res->n + pieces > SEG_MAX) {
				free(v), free(lab), free(q), free(m),
				    free(order), free(ws);
				return dp_fail(why, wl, "too many marks for a "
				    "number of at most %d digits", SEG_MAX);
			}
			box[0] = a->x0, box[1] = a->y0;
			box[2] = a->x1, box[3] = a->y1;
			pieces = cut_mark(v, lab, w, id, box, pieces, cut);
			for (p = 0; p < pieces; p++) {
				int c0 = cut[p], c1 = p + 1 < pieces ? cut[p + 1] - 1 : a->x1;
				int nid = res->n + 1, bx0 = w, by0 = h, bx1 = -1, by1 = -1;
				struct seg_digit *d;

				for (y = a->y0; y <= a->y1; y++)
					for (x = c0; x <= c1; x++) {
						k = (size_t)y * w + x;
						if (lab[k] != id)
							continue;
						lab[k] = -nid;	/* done */
						bx0 = x < bx0 ? x : bx0;
						bx1 = x > bx1 ? x : bx1;
						by0 = y < by0 ? y : by0;
						by1 = y > by1 ? y : by1;
					}
				if (bx1 < 0)
					continue;
				d = &res->d[res->n++];
				d->x = bx0, d->y = by0;
				d->w = bx1 - bx0 + 1, d->h = by1 - by0 + 1;
				d->box[0] = (unsigned)(bx0 * pl->f * zoom);
				d->box[1] = (unsigned)(by0 * pl->f * zoom);
				d->box[2] = (unsigned)(d->w * pl->f * zoom);
				d->box[3] = (unsigned)(d->h * pl->f * zoom);
			}
		}
	}
	/* The pieces of two marks that overlap can come out of order (the
	 * marks were ordered as wholes): the digits by their own centre x,
	 * keeping the order of ties, and the labels renumbered to match. */
	{
		struct seg_digit d[SEG_MAX];
		int by[SEG_MAX], id[SEG_MAX + 1];

		memcpy(d, res->d, (size_t)res->n * sizeof *d);
		for (i = 0; i < res->n; i++)
			by[i] = i;
		for (i = 1; i < res->n; i++)
			for (j = i; j > 0 && 2 * d[by[j - 1]].x +
			    d[by[j - 1]].w > 2 * d[by[j]].x +
			    d[by[j]].w; j--) {
				int t = by[j];

				by[j] = by[j - 1];
				by[j - 1] = t;
			}
		for (i = 0; i < res->n; i++) {
			res->d[i] = d[by[i]];
			id[by[i] + 1] = i + 1;
		}
		for (k = 0; k < np; k++)
			lab[k] = lab[k] < 0 ? id[-lab[k]] : 0;
	}
	res->lab = lab;
	free(v), free(q), free(m), free(order), free(ws);
	return 0;
oom:
	free(v), free(lab), free(q), free(m), free(order), free(ws);
	return dp_fail(why, wl, "out of memory");
}

const char *
seg_digit_like(const struct ink *pl, const struct seg_result *res)
{
	int i, x0 = pl->w, y0 = pl->h, x1 = -1, y1 = -1;

	/* The box of all the marks (pieces of one mark cut as if they
	 * were touching digits count as one). */
	for (i = 0; i < res->n; i++) {
		const struct seg_digit *d = &res->d[i];

		x0 = d->x < x0 ? d->x : x0;
		y0 = d->y < y0 ? d->y : y0;
		x1 = d->x + d->w > x1 ? d->x + d->w : x1;
		y1 = d->y + d->h > y1 ? d->y + d->h : y1;
	}
	if (x1 >= 0 && x1 - x0 > 2 * (y1 - y0))
		return "no digit-like mark (a long flat stroke: a dash?)";
	return NULL;
}

int
seg_plane(const struct ink *pl, const int *lab, int id, struct ink *out)
{
	int x, y, x0 = pl->w, y0 = pl->h, x1 = -1, y1 = -1, w;
	size_t k;

	memset(out, 0, sizeof *out);
	for (y = 0; y < pl->h; y++)
		for (x = 0; x < pl->w; x++)
			if (lab[(size_t)y * pl->w + x] == id) {
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y > y1 ? y : y1;
			}
	if (x1 < 0)
		return -1;
	w = x1 - x0 + 1;
	out->w = w;
	out->h = y1 - y0 + 1;
	out->f = pl->f;
	out->b = NULL;
	if ((out->v = calloc((size_t)w * out->h, sizeof *out->v)) == NULL)
		return -1;
	for (y = y0; y <= y1; y++)
		for (x = x0; x <= x1; x++) {
			k = (size_t)y * pl->w + x;
			if (lab[k] == id)
				out->v[(size_t)(y - y0) * w + x - x0] = pl->v[k];
		}
	return 0;
}
