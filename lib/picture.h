/* SPDX-License-Identifier: ISC */
/*
 * picture.h: decoding a picture file by its bytes (picture.c).
 */
#ifndef DIGITPIPE_PICTURE_H
#define DIGITPIPE_PICTURE_H

#include <stddef.h>

#include "img.h"

/* Decode a PNG or JPEG held in memory, recognised by its bytes. Pictures
 * of more than max_pixels (0: IMG_MAX_PIXELS) are refused before any
 * pixel memory is allocated. JPEGs are DCT-scaled while their short side
 * stays >= min_side (0: full size). Returns 0 or -1 (why). */
int	picture_decode(const unsigned char *buf, size_t n,
	    unsigned long long max_pixels, int min_side, struct img *im,
	    char *why, size_t whylen);

#endif
