/* SPDX-License-Identifier: ISC */
/*
 * speck.h: specks dropped from an ink map (speck.c).
 */
#ifndef DIGITPIPE_SPECK_H
#define DIGITPIPE_SPECK_H

/*
 * Drop specks from the w x h plane v: 8-connected components of {v > 0}
 * whose ink mass is under 2% of the total and that are small (under
 * 1/400 of the plane). Returns the remaining mass, -1 when out of
 * memory.
 */
double	speck_drop(double *v, int w, int h);
/* The same for a plane of bytes standing for lut[b], lut[0] = 0; -1
 * when out of memory. */
double	speck_drop_bytes(unsigned char *b, const double *lut, int w, int h);

#endif
