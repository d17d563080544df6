/* SPDX-License-Identifier: ISC */
/*
 * pngplain.h: plain PNGs decoded without libpng (pngplain.c).
 */
#ifndef DIGITPIPE_PNGPLAIN_H
#define DIGITPIPE_PNGPLAIN_H

#include <stddef.h>

#include "img.h"

#define PNG_NOT_PLAIN	1	/* not a plain PNG, or not a sound one */

/* Decode a PNG in memory if it is plain (8 bits a sample, grey, grey +
 * alpha, RGB or RGBA, not interlaced, only text, pHYs and tIME chunks
 * beside the image) and sound: 0, with the bytes libpng would give;
 * PNG_NOT_PLAIN, for libpng to decode (pngio.c); IMG_TOO_LARGE or -1
 * (out of memory) with the reason in why. */
int	png_plain_decode(const unsigned char *buf, size_t n,
	    unsigned long long max_pixels, struct img *im,
	    char *why, size_t whylen);

#endif
