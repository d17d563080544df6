/* SPDX-License-Identifier: ISC */
/*
 * font.h: a 5x7 bitmap font for numbers and captions (font.c).
 */
#ifndef DIGITPIPE_FONT_H
#define DIGITPIPE_FONT_H

#define FONT_W		5	/* a glyph is 5 x 7 pixels, */
#define FONT_H		7
#define FONT_ADV	6	/* and characters are 6 apart (at scale 1) */
/* The FONT_H rows of character c, bit 4 the leftmost pixel; characters
 * outside printable ASCII get the glyph of '?'. */
const unsigned char *font_glyph(int c);
/* How many rows lower c is drawn (2 for the tails of g, p, q, y). */
int	font_drop(int c);

#endif
