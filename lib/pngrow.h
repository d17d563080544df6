/* SPDX-License-Identifier: ISC */
/*
 * pngrow.h: a PNG's rows unfiltered and turned to grey (pngrow.c).
 */
#ifndef DIGITPIPE_PNGROW_H
#define DIGITPIPE_PNGROW_H

#include <stddef.h>

/* Undo the filters of rows rows of n bytes (bpp a pixel) in place, each
 * stride bytes after the one before and each after its filter byte
 * (row[-1]); above is the row above the first, unfiltered (zeros above
 * a picture's first row). 0, or -1 for a filter that is none of PNG's. */
int	png_unfilter_rows(unsigned char *row, const unsigned char *above,
	    size_t n, size_t bpp, size_t stride, size_t rows);

/* A row of w pixels of RGB or RGBA (ch 3 or 4) as grey into g, libpng's
 * rgb_to_gray (6969 R + 23433 G + 2366 B) >> 15, and alpha into a: the
 * AND of the alphas, 255 when opaque (or no alpha). */
unsigned png_grey_row(const unsigned char *s, unsigned char *g,
	    unsigned char *a, size_t w, int ch);

#endif
