/* SPDX-License-Identifier: ISC */
/*
 * box.c: MNIST's box and centre: crop a digit's ink, bring its strokes to
 * MNIST's width, fit its longer side to 20 px by area averaging, and put
 * its centre of mass on pixel (14,14) of the 28x28 record.
 * Uses: bplane.h, ink.h (the ink's runs), plane.h, resize.h, util.h
 * (dp_fail).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "bplane.h"
#include "plane.h"
#include "resize.h"
#include "util.h"

#define MNIST_BOX	20	/* the digit's longer side, in pixels */
#define CENTRE		14	/* target of the centre of mass, (14,14) */

/*
 * Place a w x h ink image (w, h <= 28 or the 28x28 itself) into the 28x28
 * output so that its centre of mass lands on pixel (14,14), by the rounded
 * integer shift (dx, dy) = round(14 - cx, 14 - cy), where
 *   cx = sum_xy x p(x,y) / sum_xy p(x,y)    (pixel centres at integers).
 * Ink pushed past the frame is lost. Returns -1 if there is no ink.
 */
int
box_place(const unsigned char *src, int w, int h, unsigned char *dst)
{
	long s = 0, sx = 0, sy = 0;
	int x, y, dx, dy;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			long v = src[y * w + x];

			s += v;
			sx += v * x;
			sy += v * y;
		}
	if (s == 0)
		return -1;
	dx = (int)lround(CENTRE - (double)sx / s);
	dy = (int)lround(CENTRE - (double)sy / s);
	if (dx == 0 && dy == 0 && w == REC_W && h == REC_H) {
		memcpy(dst, src, REC_PIXELS);	/* MNIST: already centred */
		return 0;
	}
	memset(dst, 0, REC_PIXELS);
	for (y = 0; y < h; y++) {
		int ty = y + dy;

		if (ty < 0 || ty >= REC_H)
			continue;
		for (x = 0; x < w; x++) {
			int tx = x + dx;

			if (tx >= 0 && tx < REC_W)
				dst[ty * REC_W + tx] = src[y * w + x];
		}
	}
	return 0;
}

/*
 * The ink being boxed: doubles (v), or bytes b standing for lut[b] (as
 * ink.h has them); the steps below are the same for both.
 */
struct crop {
	double *v;
	unsigned char *b;
	const double *lut;
	int w, h;
};

/* A new plane: rows y0..y1, columns x0..x1 of p (w wide), with a margin
 * of m zeros on every side; -1 when out of memory. */
static int
crop(const struct crop *p, int x0, int y0, int x1, int y1, int m,
    struct crop *c)
{
	int cw = x1 - x0 + 1, ch = y1 - y0 + 1, pw = cw + 2 * m, y;
	size_t np = (size_t)pw * (ch + 2 * m), sz = p->b != NULL ? 1 : sizeof *c->v;
	char *dst = malloc(np * sz), *row;
	const char *src = p->b != NULL ? (const char *)p->b : (const char *)p->v;

	c->w = pw;
	c->h = ch + 2 * m;
	c->lut = p->lut;
	c->v = p->b != NULL ? NULL : (double *)(void *)dst;
	c->b = p->b != NULL ? (unsigned char *)dst : NULL;
	if (dst == NULL)
		return -1;
	/* zeros (all bits 0: +0 as a double) in the margin only */
	memset(dst, 0, (size_t)m * pw * sz);
	for (y = 0; y < ch; y++) {
		row = dst + (size_t)(y + m) * pw * sz;
		memset(row, 0, (size_t)m * sz);
		memcpy(row + (size_t)m * sz,
		    src + ((size_t)(y + y0) * p->w + x0) * sz, cw * sz);
		memset(row + (size_t)(m + cw) * sz, 0, (size_t)m * sz);
	}
	memset(dst + (size_t)(ch + m) * pw * sz, 0, (size_t)m * pw * sz);
	return 0;
}

/* The box of the values > 0. */
static int
bbox(const struct crop *c, int *x0, int *y0, int *x1, int *y1)
{
	if (c->b != NULL)
		return bplane_bbox(c->b, c->w, c->h, bplane_first(c->lut, 0, 1),
		    x0, y0, x1, y1);
	return plane_bbox(c->v, c->w, c->h, x0, y0, x1, y1);
}

/*
 * Erosion by a (2r+1) square, as the dilation of 255 - c. For bytes:
 * f(b) = 255 - lut[b] does not increase with b, so the max of f over a
 * window is f at the window's least byte: the least byte (the max of
 * 255 - b) is kept, and the table becomes 255 - f, computed as the
 * doubles are (e, 256 entries).
 */
static int
erode(struct crop *c, int r, double e[256])
{
	size_t k, np = (size_t)c->w * c->h;
	int i;

	if (c->b == NULL) {
		for (k = 0; k < np; k++)
			c->v[k] = 255 - c->v[k];
		if (plane_dilate(c->v, c->w, c->h, r) != 0)
			return -1;
		for (k = 0; k < np; k++)
			c->v[k] = 255 - c->v[k];
		return 0;
	}
	for (k = 0; k < np; k++)
		c->b[k] = (unsigned char)(255 - c->b[k]);
	if (bplane_dilate(c->b, c->w, c->h, r) != 0)
		return -1;
	for (k = 0; k < np; k++)
		c->b[k] = (unsigned char)(255 - c->b[k]);
	for (i = 0; i < 256; i++)
		e[i] = 255 - (255 - c->lut[i]);
	c->lut = e;
	return 0;
}

/* The box of the ink: from its runs, when ink_map left them, else as
 * bbox finds it. */
static int
ink_box(const struct ink *ink, const struct crop *in, int *x0, int *y0,
    int *x1, int *y1)
{
	const struct runs *R = ink->runs;
	int i;

	if (R == NULL)
		return bbox(in, x0, y0, x1, y1);
	if (R->n == 0)
		return -1;
	*x0 = R->w, *x1 = -1;
	for (i = 0; i < R->n; i++) {
		*x0 = R->r[i].x0 < *x0 ? R->r[i].x0 : *x0;
		*x1 = R->r[i].x1 > *x1 ? R->r[i].x1 : *x1;
	}
	*y0 = R->r[0].y;
	*y1 = R->r[R->n - 1].y;
	return 0;
}

int
box_digit(const struct ink *ink, unsigned char pix[REC_PIXELS], char *why,
    size_t wl)
{
	struct crop in = {ink->v, ink->b, ink->lut, ink->w, ink->h}, c, e;
	double *s, eroded[256];
	int x0, y0, x1, y1, cw, ch, tw, th, L, r = 0, m, i, w = ink->w, h = ink->h;
	unsigned char box[REC_PIXELS];

	if (ink_box(ink, &in, &x0, &y0, &x1, &y1) != 0)
		return dp_fail(why, wl, "no ink found");
	cw = x1 - x0 + 1;
	ch = y1 - y0 + 1;
	L = cw > ch ? cw : ch;
	/*
	 * Stroke width as MNIST has it (2.0 px at 20 px high, median; 1.3 to
	 * 2.8 for 90% of digits): when shrinking, strokes that would end up
	 * thinner than 1.6 px (fading to faint lines) are widened to ~2.2 by
	 * a grey dilation, and blobs thicker than 3.4 px thinned to ~2.8 by an
	 * erosion. Pictures at MNIST's scale are left alone.
	 */
	r = 0;
	if (L > MNIST_BOX * 1.25) {
		/* (on bytes, within the box: no ink outside it, and a
		 * neighbour outside is an edge as the plane's edge is) */
		double sw = in.b != NULL ? bplane_stroke_width(in.b +
		    (size_t)y0 * w + x0, (size_t)w, cw, ch, bplane_first(in.lut,
		    128, 0)) : plane_stroke_width(in.v, w, h);
		double sc = (double)MNIST_BOX / L;

		if (sw < 0)
			return dp_fail(why, wl, "out of memory");
		if (sw * sc < 1.6)
			r = (int)lround((2.2 / sc - sw) / 2);
		else if (sw * sc > 3.4)
			r = -(int)lround((sw - 2.8 / sc) / 2);
		if (r > L / 8)
			r = L / 8;
		if (r < -L / 16)
			r = -(L / 16);
	}
	m = r > 0 ? r : 0;
	/* A long thin stroke (a bar 60 px wide and 50,000 long) would want
	 * a margin of L/8 all round: gigabytes. No digit is like that: the
	 * crop may be 4 times the plane, plus 65,536 pixels for a thin
	 * picture (a strip 1 px wide and 9,000 long asked for a million
	 * pixels of dilation, a thousand times its own size). */
	if ((double)(cw + 2 * m) * (ch + 2 * m) > 4.0 * w * h + (1 << 16))
		return dp_fail(why, wl, "no digit-like mark (a stroke of %dx%d "
		    "px, too long and thin)", cw, ch);
	if (crop(&in, x0, y0, x1, y1, m, &c) != 0)
		return dp_fail(why, wl, "out of memory");
	if (r != 0) {
		/* Grey dilation (r > 0; the max of a window of bytes is the
		 * byte of the max, lut being non-decreasing), or erosion
		 * (r < 0), then a new crop to what is left. Dilated, the ink
		 * at each side of the box spreads over the margin of r on
		 * that side: the box is the whole crop, left as it is. */
		int bad = r < 0 ? erode(&c, -r, eroded) : c.b != NULL ?
		    bplane_dilate(c.b, c.w, c.h, r) :
		    plane_dilate(c.v, c.w, c.h, r);

		if (bad) {
			free(c.v), free(c.b);
			return dp_fail(why, wl, "out of memory");
		}
	}
	if (r < 0) {
		if (bbox(&c, &x0, &y0, &x1, &y1) != 0) {
			free(c.v), free(c.b);
			return dp_fail(why, wl, "no ink found");
		}
		i = crop(&c, x0, y0, x1, y1, 0, &e);
		free(c.v), free(c.b);
		if (i != 0)
			return dp_fail(why, wl, "out of memory");
		c = e;
	}
	/* Longer side to exactly 20 px, aspect kept (to the nearest pixel). */
	cw = c.w;
	ch = c.h;
	L = cw > ch ? cw : ch;
	tw = (int)lround((double)cw * MNIST_BOX / L);
	th = (int)lround((double)ch * MNIST_BOX / L);
	tw = tw < 1 ? 1 : tw;
	th = th < 1 ? 1 : th;
	s = c.b != NULL ? plane_resize_bytes(c.b, c.lut, cw, ch, tw, th) :
	    plane_resize(c.v, cw, ch, tw, th);
	free(c.v), free(c.b);
	if (s == NULL)
		return dp_fail(why, wl, "out of memory");
	for (i = 0; i < tw * th; i++)
		box[i] = plane_byte(s[i]);
	free(s);
	if (box_place(box, tw, th, pix) != 0)
		return dp_fail(why, wl, "no ink found");
	return 0;
}
