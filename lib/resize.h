/* SPDX-License-Identifier: ISC */
/*
 * resize.h: area-averaging resampling (resize.c).
 */
#ifndef DIGITPIPE_RESIZE_H
#define DIGITPIPE_RESIZE_H

/* w x h -> tw x th by area averaging (exact copy when the sizes agree);
 * a new plane of doubles, or NULL when out of memory. */
double	*plane_resize(const double *src, int w, int h, int tw, int th);
/* The same from a plane of bytes standing for the values lut[byte],
 * lut[0] = 0. */
double	*plane_resize_bytes(const unsigned char *src, const double *lut,
	    int w, int h, int tw, int th);

#endif
