/* SPDX-License-Identifier: ISC */
/*
 * picture.h: decoding a picture file by its bytes (picture.c).
 */
#ifndef DIGITPIPE_PICTURE_H
#define DIGITPIPE_PICTURE_H

#include <stddef.h>

#include "img.h"

/* Decode a PNG or JPEG held in memory, recognised by its bytes. JPEGs are
 * DCT-scaled while their short side stays >= min_side (0: full size).
 * Pictures that would decode to more than max_pixels (0: IMG_MAX_PIXELS)
 * are refused from their header, before any pixel memory is allocated.
 * Returns 0, -1 or IMG_TOO_LARGE (why, img.h's wording). */
int	picture_decode(const unsigned char *buf, size_t n,
	    unsigned long long max_pixels, int min_side, struct img *im,
	    char *why, size_t whylen);

#endif
