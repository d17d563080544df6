/* SPDX-License-Identifier: ISC */
/*
 * box.c: MNIST's box and centre: crop a digit's ink, bring its strokes to
 * MNIST's width, fit its longer side to 20 px by area averaging, and put
 * its centre of mass on pixel (14,14) of the 28x28 record.
 * Uses: plane.h, util.h (dp_fail).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "plane.h"
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

/* A new plane: rows y0..y1, columns x0..x1 of v (w wide), with a margin
 * of m zeros on every side; NULL when out of memory. */
static double *
crop(const double *v, int w, int x0, int y0, int x1, int y1, int m)
{
	int cw = x1 - x0 + 1, ch = y1 - y0 + 1, pw = cw + 2 * m, y;
	double *c = calloc((size_t)pw * (ch + 2 * m), sizeof *c);

	if (c != NULL)
		for (y = 0; y < ch; y++)
			memcpy(c + (size_t)(y + m) * pw + m,
			    v + (size_t)(y + y0) * w + x0, cw * sizeof *c);
	return c;
}

int
box_digit(const double *v, int w, int h, unsigned char pix[REC_PIXELS],
    char *why, size_t wl)
{
	double *c, *s;
	int x0, y0, x1, y1, cw, ch, tw, th, L, r = 0, m, i;
	size_t k;
	unsigned char box[REC_PIXELS];

	if (plane_bbox(v, w, h, &x0, &y0, &x1, &y1) != 0)
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
		double sw = plane_stroke_width(v, w, h);
		double sc = (double)MNIST_BOX / L;

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
	if ((c = crop(v, w, x0, y0, x1, y1, m)) == NULL)
		return dp_fail(why, wl, "out of memory");
	cw += 2 * m;
	ch += 2 * m;
	if (r != 0) {
		/* Grey dilation (r > 0), or erosion (r < 0) as the dilation
		 * of the background, then a new crop to what is left. */
		size_t np = (size_t)cw * ch;
		double *e;
		int bad;

		if (r < 0)
			for (k = 0; k < np; k++)
				c[k] = 255 - c[k];
		bad = plane_dilate(c, cw, ch, r > 0 ? r : -r);
		if (bad) {
			free(c);
			return dp_fail(why, wl, "out of memory");
		}
		if (r < 0)
			for (k = 0; k < np; k++)
				c[k] = 255 - c[k];
		if (plane_bbox(c, cw, ch, &x0, &y0, &x1, &y1) != 0) {
			free(c);
			return dp_fail(why, wl, "no ink found");
		}
		e = crop(c, cw, x0, y0, x1, y1, 0);
		free(c);
		if ((c = e) == NULL)
			return dp_fail(why, wl, "out of memory");
		cw = x1 - x0 + 1;
		ch = y1 - y0 + 1;
	}
	/* Longer side to exactly 20 px, aspect kept (to the nearest pixel). */
	L = cw > ch ? cw : ch;
	tw = (int)lround((double)cw * MNIST_BOX / L);
	th = (int)lround((double)ch * MNIST_BOX / L);
	tw = tw < 1 ? 1 : tw;
	th = th < 1 ? 1 : th;
	s = plane_resize(c, cw, ch, tw, th);
	free(c);
	if (s == NULL)
		return dp_fail(why, wl, "out of memory");
	for (i = 0; i < tw * th; i++)
		box[i] = plane_byte(s[i]);
	free(s);
	if (box_place(box, tw, th, pix) != 0)
		return dp_fail(why, wl, "no ink found");
	return 0;
}
