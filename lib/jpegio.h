/* SPDX-License-Identifier: ISC */
/*
 * jpegio.h: the JPEG adapter (jpegio.c, the only file that includes
 * <jpeglib.h>).
 */
#ifndef DIGITPIPE_JPEGIO_H
#define DIGITPIPE_JPEGIO_H

#include <stddef.h>

#include "img.h"

/* Decode a JPEG in memory: baseline, progressive, grey, YCbCr, CMYK/YCCK
 * (Adobe inverted); the EXIF orientation is applied; DCT-scaled by n/8
 * while the short side stays >= min_side. 0 or -1 (why). */
int	jpeg_decode(const unsigned char *buf, size_t n,
	    unsigned long long max_pixels, int min_side, struct img *im,
	    char *why, size_t whylen);

#endif
