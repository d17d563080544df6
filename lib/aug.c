/* SPDX-License-Identifier: ISC */
/*
 * aug.c: training-data augmentation of records: a small random rotation,
 * scaling and shift about the digit's centre of mass, and now and then a
 * thicker or thinner stroke, so the model sees the slack that real
 * pictures keep after normalization. Seeded, the same on every machine.
 * Uses: rand.h.
 */
#include <math.h>
#include <string.h>

#include "aug.h"
#include "rand.h"
#include "record.h"

void
aug_defaults(struct aug_opt *o)
{
	o->rotate = AUG_ROTATE;
	o->shift = AUG_SHIFT;
	o->scale = AUG_SCALE;
	o->thicken = AUG_THICKEN;
}

/* Uniform in [0, 1): the top 53 bits of one draw, exact in a double. */
static double
unif(uint64_t *st)
{
	return (double)(dp_rand(st) >> 11) * 0x1p-53;
}

/* Uniform in [-r, r). */
static double
sym(uint64_t *st, double r)
{
	return r * (2 * unif(st) - 1);
}

/* Pixel (x, y) of p, 0 outside the frame. */
static unsigned
at(const unsigned char *p, int x, int y)
{
	if (x < 0 || y < 0 || x >= REC_W || y >= REC_H)
		return 0;
	return p[y * REC_W + x];
}

/*
 * Grey-level morphology with the 3x3 cross (the pixel and its four
 * neighbours): dilate takes their max (strokes one pixel thicker), erode
 * their min (one pixel thinner).
 */
static void
morph(const unsigned char *in, unsigned char *out, int dilate)
{
	static const int d[5][2] = { {0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1} };
	int x, y, k;

	for (y = 0; y < REC_H; y++)
		for (x = 0; x < REC_W; x++) {
			unsigned v = at(in, x, y);

			for (k = 1; k < 5; k++) {
				unsigned u = at(in, x + d[k][0], y + d[k][1]);

				if (dilate ? u > v : u < v)
					v = u;
			}
			out[y * REC_W + x] = (unsigned char)v;
		}
}

static unsigned long
ink(const unsigned char *p)
{
	unsigned long s = 0;
	int i;

	for (i = 0; i < REC_PIXELS; i++)
		s += p[i];
	return s;
}

/*
 * One perturbed copy. Five draws per copy, always (so a range of 0 does
 * not shift the stream of the others): angle t in [-rotate, rotate]
 * degrees, scale s = 1 + [-scale, scale], shift (tx, ty) in
 * [-shift, shift]^2, and u in [0, 1) for the stroke.
 * The warp, about the centre of mass c (pixel centres at integers),
 *   out(p) = in(c + R(-t) (p - c - t') / s),  R(t) = [cos t, -sin t;
 *                                                   sin t,  cos t],
 * is sampled bilinearly with weights in 1/256ths (integer blending, as
 * deskew.c): out = (sum w_ij in_ij + 2^15) >> 16, sum w_ij = 2^16.
 * Then u < thicken/2 dilates, thicken/2 <= u < thicken erodes (unless
 * erosion would leave less than half the ink: thin digits stay whole).
 */
void
aug_record(const unsigned char in[REC_PIXELS], unsigned char out[REC_PIXELS],
    const struct aug_opt *o, uint64_t *st)
{
	unsigned char tmp[REC_PIXELS];
	double t, s, tx, ty, u, cs, sn, cx = 14, cy = 14;
	unsigned long m = 0, mx = 0, my = 0;
	int x, y;

	t = sym(st, o->rotate) * (M_PI / 180);
	s = 1 + sym(st, o->scale);
	tx = sym(st, o->shift);
	ty = sym(st, o->shift);
	u = unif(st);
	for (y = 0; y < REC_H; y++)
		for (x = 0; x < REC_W; x++) {
			unsigned v = in[y * REC_W + x];

			m += v;
			mx += v * (unsigned long)x;
			my += v * (unsigned long)y;
		}
	if (m == 0) {
		memcpy(out, in, REC_PIXELS);
		return;
	}
	cx = (double)mx / m;
	cy = (double)my / m;
	cs = cos(t) / s;
	sn = sin(t) / s;
	for (y = 0; y < REC_H; y++)
		for (x = 0; x < REC_W; x++) {
			double px = x - cx - tx, py = y - cy - ty;
			double sx = cx + cs * px + sn * py;
			double sy = cy - sn * px + cs * py;
			double fx, fy;
			int x0, y0, wx, wy;
			unsigned v;

			/* Off the frame by more than a pixel: background (and
			 * the conversions below stay in range). */
			if (!(sx > -1 && sx < REC_W && sy > -1 && sy < REC_H)) {
				out[y * REC_W + x] = 0;
				continue;
			}
			fx = floor(sx * 256 + 0.5);
			fy = floor(sy * 256 + 0.5);
			x0 = (int)floor(fx / 256);
			y0 = (int)floor(fy / 256);
			wx = (int)(fx - x0 * 256.0);
			wy = (int)(fy - y0 * 256.0);
			v = (unsigned)((256 - wx) * (256 - wy)) * at(in, x0, y0) +
			    (unsigned)(wx * (256 - wy)) * at(in, x0 + 1, y0) +
			    (unsigned)((256 - wx) * wy) * at(in, x0, y0 + 1) +
			    (unsigned)(wx * wy) * at(in, x0 + 1, y0 + 1);
			out[y * REC_W + x] = (unsigned char)((v + 32768) >> 16);
		}
	if (u < o->thicken / 2) {
		memcpy(tmp, out, REC_PIXELS);
		morph(tmp, out, 1);
	} else if (u < o->thicken) {
		morph(out, tmp, 0);
		if (2 * ink(tmp) >= ink(out))
			memcpy(out, tmp, REC_PIXELS);
	}
}
