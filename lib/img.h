/* SPDX-License-Identifier: ISC */
/*
 * img.h: a decoded picture, the type the picture adapters (pngio.c,
 * jpegio.c) fill and everything after them reads (img.c).
 */
#ifndef DIGITPIPE_IMG_H
#define DIGITPIPE_IMG_H

#include <stddef.h>

/* The one pixel cap of imgnorm, lrserve and the page: pixels held in
 * memory once decoded (a JPEG counts at its DCT-scaled size, so photos of
 * up to 64 times as many pixels pass). */
#define IMG_MAX_PIXELS	40000000ULL
#define IMG_TOO_LARGE	(-2)	/* the decoders' answer for the pixel cap */

/* A decoded picture, w x h, row-major. grey: 0 black .. 255 white;
 * alpha: 0 transparent .. 255 opaque, or NULL when the picture is opaque. */
struct img {
	int w, h;
	unsigned char *grey;
	unsigned char *alpha;
	double zoom;	/* pixels of the file per decoded pixel (JPEG DCT
			 * scaling); 0 means 1 */
};
void	img_free(struct img *im);
/* The one size check, before any pixel memory is allocated: 0 when
 * w x h is at most max pixels, else IMG_TOO_LARGE with the reason in
 * why, one wording everywhere: "picture too large: WxH = N pixels, more
 * than the limit of L (--max-pixels raises it)". */
int	img_check_size(unsigned long long w, unsigned long long h,
	    unsigned long long max, char *why, size_t whylen);
/* The same for a picture of w x h decoded at scale/8 as dw x dh (a
 * DCT-scaled JPEG): "WxH decodes at S/8 to wxh = N pixels, ...". */
int	img_check_scaled(unsigned long long w, unsigned long long h,
	    int scale, unsigned long long dw, unsigned long long dh,
	    unsigned long long max, char *why, size_t whylen);

#endif
