/* SPDX-License-Identifier: ISC */
/*
 * pngio.h: the PNG adapter (pngio.c, the only file that includes <png.h>).
 */
#ifndef DIGITPIPE_PNGIO_H
#define DIGITPIPE_PNGIO_H

#include <stdio.h>

#include "img.h"

/* Decode a PNG in memory with libpng: grey 1-16 bit, grey+alpha, RGB(A),
 * palette with tRNS, interlaced; into grey + alpha (see struct img). 0
 * or -1 (why). picture_decode tries pngplain.c first. */
int	png_decode(const unsigned char *buf, size_t n,
	    unsigned long long max_pixels, struct img *im,
	    char *why, size_t whylen);
/* Write an 8-bit grey PNG (w*h bytes) to fp. 0, or -1 with errno set. */
int	png_write_grey(FILE *fp, int w, int h, const unsigned char *pix);
/* An 8-bit grey (w*h bytes) or RGB (w*h*3 bytes) PNG into a file,
 * atomically (out.h); "-" is stdout. 0, or -1 with errno set and no
 * file left. */
int	png_save_grey(const char *path, int w, int h, const unsigned char *pix);
int	png_save_rgb(const char *path, int w, int h, const unsigned char *rgb);

#endif
