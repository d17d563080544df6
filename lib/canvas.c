/* SPDX-License-Identifier: ISC */
/*
 * canvas.c: an RGB picture drawn in memory: rectangles, frames, lines,
 * text in the 5x7 font of font.c, colour maps and colour bars; saved as
 * PNG through pngio.c. Uses: font.h, pngio.h.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "font.h"
#include "pngio.h"
#include "util.h"

#define INK	CANVAS_INK
#define GREY	CANVAS_GREY
#define LIGHT	CANVAS_LIGHT
#define TS	CANVAS_TS
#define TH	CANVAS_TH

/* ---- canvas ---------------------------------------------------------- */

void
canvas_init(struct canvas *c, int w, int h)
{
	c->w = w;
	c->h = h;
	c->rgb = dp_malloc((size_t)w * (size_t)h * 3);
	memset(c->rgb, 0xff, (size_t)w * (size_t)h * 3);
}

void
canvas_free(struct canvas *c)
{
	free(c->rgb);
	c->rgb = NULL;
}

static void
put(struct canvas *c, int x, int y, uint32_t rgb)
{
	unsigned char *p;

	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return;
	p = c->rgb + ((size_t)y * (size_t)c->w + (size_t)x) * 3;
	p[0] = (unsigned char)(rgb >> 16);
	p[1] = (unsigned char)(rgb >> 8);
	p[2] = (unsigned char)rgb;
}

void
canvas_rect(struct canvas *c, int x, int y, int w, int h, uint32_t rgb)
{
	int i, j;

	for (j = y; j < y + h; j++)
		for (i = x; i < x + w; i++)
			put(c, i, j, rgb);
}

/* A one-pixel frame just inside (x, y, w, h). */
void
canvas_frame(struct canvas *c, int x, int y, int w, int h, uint32_t rgb)
{
	canvas_rect(c, x, y, w, 1, rgb);
	canvas_rect(c, x, y + h - 1, w, 1, rgb);
	canvas_rect(c, x, y, 1, h, rgb);
	canvas_rect(c, x + w - 1, y, 1, h, rgb);
}

int
text_width(const char *s, int scale)
{
	size_t n = strlen(s);

	return n ? (int)n * FONT_ADV * scale - scale : 0;
}

int
canvas_text(struct canvas *c, int x, int y, int scale, uint32_t rgb,
    const char *s)
{
	const unsigned char *g;
	int r, b, x0 = x;

	for (; *s; s++, x += FONT_ADV * scale) {
		g = font_glyph((unsigned char)*s);
		for (r = 0; r < FONT_H; r++)
			for (b = 0; b < FONT_W; b++)
				if (g[r] & (0x10 >> b))
					canvas_rect(c, x + b * scale, y + (r +
					    font_drop((unsigned char)*s)) *
					    scale, scale, scale, rgb);
	}
	return x - x0 - (x > x0 ? scale : 0);
}

/* Text centred on cx (and with its top at y). */
void
canvas_text_c(struct canvas *c, int cx, int y, int scale, uint32_t rgb,
    const char *s)
{
	canvas_text(c, cx - text_width(s, scale) / 2, y, scale, rgb, s);
}

/* Text ending at x. */
void
canvas_text_r(struct canvas *c, int x, int y, int scale, uint32_t rgb,
    const char *s)
{
	canvas_text(c, x - text_width(s, scale), y, scale, rgb, s);
}

/* Stamp a thick square pen every half pixel from (x0,y0) to (x1,y1). */
void
canvas_line(struct canvas *c, double x0, double y0, double x1, double y1,
    int thick, uint32_t rgb)
{
	double len = hypot(x1 - x0, y1 - y0), t;
	int i, n = (int)(len * 2) + 1, h = thick / 2;

	for (i = 0; i <= n; i++) {
		t = (double)i / n;
		canvas_rect(c, (int)lround(x0 + t * (x1 - x0)) - h,
		    (int)lround(y0 + t * (y1 - y0)) - h, thick, thick, rgb);
	}
}

int
canvas_save(const struct canvas *c, const char *path)
{
	return png_save_rgb(path, c->w, c->h, c->rgb);
}

/* ---- colours --------------------------------------------------------- */

/* Linear interpolation along n colour stops, t in [0, 1]. */
static uint32_t
ramp(const uint32_t *stop, int n, double t)
{
	double f;
	int i, k, a, b;
	uint32_t out = 0;

	if (!(t > 0))
		t = 0;
	if (t > 1)
		t = 1;
	f = t * (n - 1);
	i = (int)f;
	if (i >= n - 1)
		i = n - 2;
	f -= i;
	for (k = 16; k >= 0; k -= 8) {
		a = (int)(stop[i] >> k & 0xff);
		b = (int)(stop[i + 1] >> k & 0xff);
		out |= (uint32_t)lround(a + f * (b - a)) << k;
	}
	return out;
}

/* ColorBrewer's "Blues" (as matplotlib's Blues). */
uint32_t
color_seq(double t)
{
	static const uint32_t s[] = { 0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1,
	    0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b };

	return ramp(s, 9, t);
}

/* ColorBrewer's "RdBu", reversed: negative blue, positive red. */
uint32_t
color_div(double t)
{
	static const uint32_t s[] = { 0x053061, 0x2166ac, 0x4393c3, 0x92c5de,
	    0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b,
	    0x67001f };

	return ramp(s, 11, (t + 1) / 2);
}

/* ColorBrewer's "Reds", for mistakes. */
uint32_t
color_err(double t)
{
	static const uint32_t s[] = { 0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272,
	    0xfb6a4a, 0xef3b2c, 0xcb181d, 0xa50f15, 0x67000d };

	return ramp(s, 9, t);
}

/* Black or white, whichever reads better on background bg. */
uint32_t
color_text_on(uint32_t bg)
{
	double l = 0.299 * (bg >> 16 & 0xff) + 0.587 * (bg >> 8 & 0xff) +
	    0.114 * (bg & 0xff);

	return l < 140 ? 0xffffff : INK;
}

/* A vertical colour bar at (x, y), w x h: top is t = 1, bottom t = 0,
 * through map(lo + t (hi - lo)); labels at top, middle and bottom. */
void
canvas_colorbar(struct canvas *c, int x, int y, int w, int h,
    uint32_t (*map)(double), double lo, double hi,
    const char *top, const char *mid, const char *bot)
{
	int j;

	for (j = 0; j < h; j++)
		canvas_rect(c, x, y + j, w, 1,
		    map(lo + (hi - lo) * (1 - (double)j / (h - 1))));
	canvas_frame(c, x, y, w, h, GREY);
	canvas_text(c, x + w + 6, y, TS, INK, top);
	canvas_text(c, x + w + 6, y + h / 2 - TH / 2, TS, INK, mid);
	canvas_text(c, x + w + 6, y + h - TH, TS, INK, bot);
}
