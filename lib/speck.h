/* SPDX-License-Identifier: ISC */
/*
 * speck.h: specks dropped from an ink map (speck.c).
 */
#ifndef DIGITPIPE_SPECK_H
#define DIGITPIPE_SPECK_H

#include "runs.h"

/*
 * Drop specks from the w x h plane v: 8-connected components of {v > 0}
 * whose ink mass is under 2% of the total and that are small (under
 * 1/400 of the plane). Returns the remaining mass and, in keep, the
 * runs of what remains of {v > 0} (runs_free them); -1 when out of
 * memory (keep empty).
 */
double	speck_drop(double *v, int w, int h, struct runs *keep);
/* The same for a plane of bytes standing for lut[b], lut[0] = 0: keep
 * gets the runs of {lut[b] > 0}. */
double	speck_drop_bytes(unsigned char *b, const double *lut, int w,
	    int h, struct runs *keep);

#endif
