/* SPDX-License-Identifier: ISC */
/*
 * feat.c: the "grad" feature map (see feat.h): a pyramid of
 * gradient-orientation histograms of a 28x28 record, as bytes.
 * Uses: nothing of ours (record.h's sizes).
 *
 * For pixel (x, y), with pixels outside the picture 0:
 *   gx = p(x+1, y) - p(x-1, y),  gy = p(x, y+1) - p(x, y-1)  (-255..255)
 *   e_o = max(0, gx * C_o + gy * S_o),  (C_o, S_o) = 64 (cos, sin) of
 *   direction o (o = 0 .. orient-1, 360/orient degrees apart; integers
 *   from the table below, so no libm call decides a bit)
 * e_o is the part of the gradient pointing in direction o: a soft
 * orientation bin weighted by magnitude. For each cell size c (a level)
 * the cells start at 0, c/2, 2(c/2), ... along each side; the last one is
 * clipped at the border. A cell's sum E of e_o gives the byte
 *   round(sqrt(E * 255 / (64 c^2))), at most 255
 * (an exact integer square root). The square root tames large
 * sums, so a long stroke does not drown a short one.
 *
 * Output order: the 784 pixels (if pixels is 1), then level by level,
 * cells row by row, directions innermost.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "record.h"

/* 64 cos and 64 sin of 22.5 degree steps (16), and of 30 degree steps. */
static const int cos16[16] = { 64, 59, 45, 24, 0, -24, -45, -59,
	-64, -59, -45, -24, 0, 24, 45, 59 };
static const int cos12[12] = { 64, 55, 32, 0, -32, -55, -64, -55, -32, 0,
	32, 55 };

const char *const feat_names[] = { "grad", "grad-coarse", "grad4",
	"grad12", "grad+pixels", NULL };
const char *const feat_about[] = {
	"8 directions, cells of 14, 7 and 4 pixels (1936 bytes)",
	"8 directions, cells of 14 and 7 pixels (584 bytes)",
	"4 directions, cells of 14, 7 and 4 pixels (968 bytes)",
	"12 directions, cells of 14, 7 and 4 pixels (2904 bytes)",
	"the 784 pixels, then grad (2720 bytes)",
};

int
feat_preset(const char *name, struct featmap *f)
{
	static const struct featmap pre[] = {
		{ 8, 3, { 14, 7, 4, 0 }, 0, 0 },
		{ 8, 2, { 14, 7, 0, 0 }, 0, 0 },
		{ 4, 3, { 14, 7, 4, 0 }, 0, 0 },
		{ 12, 3, { 14, 7, 4, 0 }, 0, 0 },
		{ 8, 3, { 14, 7, 4, 0 }, 1, 0 },
	};
	int i;

	for (i = 0; feat_names[i] != NULL; i++)
		if (strcmp(name, feat_names[i]) == 0) {
			*f = pre[i];
			feat_check(f);
			return 0;
		}
	return -1;
}

int
feat_side(int cell)
{
	int s = cell / 2, n = (REC_W - cell) / s + 1;

	if ((n - 1) * s + cell < REC_W)
		n++;
	return n;
}

const char *
feat_check(struct featmap *f)
{
	int i, d;

	if (f->orient != 4 && f->orient != 8 && f->orient != 12 &&
	    f->orient != 16)
		return "orientations must be 4, 8, 12 or 16";
	if (f->nlevel < 1 || f->nlevel > FEAT_MAX_LEVELS)
		return "cells must list 1 to 4 sizes";
	if (f->pixels != 0 && f->pixels != 1)
		return "pixels must be 0 or 1";
	d = f->pixels ? REC_PIXELS : 0;
	for (i = 0; i < f->nlevel; i++) {
		if (f->cell[i] < FEAT_MIN_CELL || f->cell[i] > FEAT_MAX_CELL)
			return "a cell size is not 4..28";
		if (i > 0 && f->cell[i] >= f->cell[i - 1])
			return "cell sizes must decrease";
		d += feat_side(f->cell[i]) * feat_side(f->cell[i]) * f->orient;
	}
	f->dim = d;
	return NULL;
}

/* round(sqrt(a)) clamped to 255, exact: floor(sqrt(a)) bit by bit,
 * then up if sqrt(a) >= r + 1/2, that is a > r^2 + r for whole a (no
 * ties). a >= 255^2 + 255 gives 255 either way. */
static unsigned char
qsqrt(uint64_t a)
{
	uint32_t r = 0, bit;

	if (a >= 255 * 255 + 255)
		return 255;
	for (bit = 128; bit != 0; bit >>= 1)
		if ((uint64_t)(r + bit) * (r + bit) <= a)
			r += bit;
	if (a > (uint64_t)r * r + r)
		r++;
	return (unsigned char)r;
}

#define IW (REC_W + 1)

void
feat_map(const struct featmap *f, const unsigned char *pix,
    unsigned char *out)
{
	/* ii[o][y][x]: sum of e_o over rows < y, columns < x */
	static _Thread_local int32_t ii[16][IW * IW];
	int co[16], so[16], x, y, o, l, step, nb = f->orient;
	unsigned char *q = out;

	step = nb == 12 ? 1 : 16 / nb;
	for (o = 0; o < nb; o++) {
		if (nb == 12) {
			co[o] = cos12[o];
			so[o] = cos12[(o + 9) % 12];	/* sin a = cos(a - 90) */
		} else {
			co[o] = cos16[o * step];
			so[o] = cos16[(o * step + 12) % 16];
		}
	}
	if (f->pixels) {
		memcpy(q, pix, REC_PIXELS);
		q += REC_PIXELS;
	}
	for (o = 0; o < nb; o++)
		memset(ii[o], 0, IW * sizeof ii[o][0]);
	for (y = 0; y < REC_H; y++) {
		int32_t row[16] = { 0 };

		for (o = 0; o < nb; o++)
			ii[o][(y + 1) * IW] = 0;
		for (x = 0; x < REC_W; x++) {
			const unsigned char *p = pix + y * REC_W + x;
			int gx = (x < REC_W - 1 ? p[1] : 0) - (x > 0 ? p[-1] : 0);
			int gy = (y < REC_H - 1 ? p[REC_W] : 0) -
			    (y > 0 ? p[-REC_W] : 0);

			for (o = 0; o < nb; o++) {
				int e = gx * co[o] + gy * so[o];

				row[o] += e > 0 ? e : 0;
				ii[o][(y + 1) * IW + x + 1] =
				    ii[o][y * IW + x + 1] + row[o];
			}
		}
	}
	for (l = 0; l < f->nlevel; l++) {
		int c = f->cell[l], s = c / 2, n = feat_side(c), cy, cx;
		uint64_t den = 64 * (uint64_t)c * (uint64_t)c;

		for (cy = 0; cy < n; cy++)
			for (cx = 0; cx < n; cx++) {
				int y0 = cy * s, x0 = cx * s;
				int y1 = y0 + c > REC_H ? REC_H : y0 + c;
				int x1 = x0 + c > REC_W ? REC_W : x0 + c;

				for (o = 0; o < nb; o++) {
					const int32_t *t = ii[o];
					uint64_t e = (uint64_t)(t[y1 * IW + x1] -
					    t[y0 * IW + x1] - t[y1 * IW + x0] +
					    t[y0 * IW + x0]);
					*q++ = qsqrt(e * 255 / den);
				}
			}
	}
}

void
feat_format(const struct featmap *f, char *buf, size_t n)
{
	size_t u;
	int i;

	u = (size_t)snprintf(buf, n, "orientations %d cells", f->orient);
	for (i = 0; i < f->nlevel && u < n; i++)
		u += (size_t)snprintf(buf + u, n - u, " %d", f->cell[i]);
	if (u < n)
		snprintf(buf + u, n - u, " pixels %d", f->pixels);
}

/* A small whole number at *s; advances *s. -1 if none. */
static int
num(const char **s)
{
	int v = 0, d = 0;

	while (**s >= '0' && **s <= '9' && d < 4) {
		v = v * 10 + (**s - '0');
		(*s)++;
		d++;
	}
	if (d == 0 || (**s >= '0' && **s <= '9'))
		return -1;
	return v;
}

static int
word(const char **s, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(*s, w, n) != 0 || (*s)[n] != ' ')
		return 0;
	*s += n + 1;
	return 1;
}

const char *
feat_parse(struct featmap *f, const char *s)
{
	int v;

	memset(f, 0, sizeof *f);
	if (!word(&s, "orientations") || (f->orient = num(&s)) < 0 ||
	    *s++ != ' ' || !word(&s, "cells"))
		return "expected 'orientations N cells N... pixels 0|1'";
	for (;;) {
		if ((v = num(&s)) < 0)
			return "bad cell size";
		if (f->nlevel == FEAT_MAX_LEVELS)
			return "cells must list 1 to 4 sizes";
		f->cell[f->nlevel++] = v;
		if (*s++ != ' ')
			return "expected 'pixels 0|1' after the cells";
		if (*s < '0' || *s > '9')
			break;
	}
	if (!word(&s, "pixels") || (f->pixels = num(&s)) < 0 || *s != '\0')
		return "expected 'pixels 0|1' after the cells";
	return feat_check(f);
}
