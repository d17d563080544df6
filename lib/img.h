/* SPDX-License-Identifier: ISC */
/*
 * img.h: a decoded picture, the type the picture adapters (pngio.c,
 * jpegio.c) fill and everything after them reads (img.c).
 */
#ifndef DIGITPIPE_IMG_H
#define DIGITPIPE_IMG_H

#include <stddef.h>

#define IMG_MAX_PIXELS	40000000ULL	/* default cap on width * height */

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
 * w x h is at most max pixels, else -1 with the reason in why. */
int	img_check_size(unsigned long long w, unsigned long long h,
	    unsigned long long max, char *why, size_t whylen);

#endif
