/* SPDX-License-Identifier: ISC */
/*
 * canvas.h: RGB pictures drawn in memory (canvas.c). Colours are
 * 0xRRGGBB.
 */
#ifndef DIGITPIPE_CANVAS_H
#define DIGITPIPE_CANVAS_H

#include <stdint.h>

#include "font.h"

/* The house colours and text size of every picture. */
#define CANVAS_INK	0x202020	/* text and axes */
#define CANVAS_GREY	0x909090
#define CANVAS_LIGHT	0xd8d8d8
#define CANVAS_TS	2		/* text scale: 10 x 14 pixel glyphs */
#define CANVAS_TH	(FONT_H * CANVAS_TS)	/* text height */

struct canvas {
	int w, h;
	unsigned char *rgb;	/* h rows of w pixels, 3 bytes each */
};
void	canvas_init(struct canvas *c, int w, int h);	/* all white */
void	canvas_free(struct canvas *c);
void	canvas_rect(struct canvas *c, int x, int y, int w, int h,
	    uint32_t rgb);
/* A one-pixel frame just inside (x, y, w, h). */
void	canvas_frame(struct canvas *c, int x, int y, int w, int h,
	    uint32_t rgb);
/* Text with its top left at (x, y), each font pixel scale x scale;
 * returns its width. text_width measures without drawing; _c centres
 * the text on x, _r ends it at x. */
int	canvas_text(struct canvas *c, int x, int y, int scale, uint32_t rgb,
	    const char *s);
int	text_width(const char *s, int scale);
void	canvas_text_c(struct canvas *c, int cx, int y, int scale,
	    uint32_t rgb, const char *s);
void	canvas_text_r(struct canvas *c, int x, int y, int scale,
	    uint32_t rgb, const char *s);
/* A thick square pen stamped every half pixel from (x0,y0) to (x1,y1). */
void	canvas_line(struct canvas *c, double x0, double y0, double x1,
	    double y1, int thick, uint32_t rgb);
/* Save as PNG, atomically; "-" is stdout. 0, or -1 with errno set. */
int	canvas_save(const struct canvas *c, const char *path);
/* A vertical colour bar at (x, y), w x h: top is t = 1, bottom t = 0,
 * through map(lo + t (hi - lo)); labels at top, middle and bottom. */
void	canvas_colorbar(struct canvas *c, int x, int y, int w, int h,
	    uint32_t (*map)(double), double lo, double hi,
	    const char *top, const char *mid, const char *bot);

/* Colour maps. color_seq: t in [0, 1], near white to dark blue.
 * color_div: t in [-1, 1], blue (-) through white (0) to red (+).
 * color_err: t in [0, 1], white to red (mistakes). */
uint32_t color_seq(double t);
uint32_t color_div(double t);
uint32_t color_err(double t);
/* Black or white, whichever reads better on background bg. */
uint32_t color_text_on(uint32_t bg);

#endif
