/* SPDX-License-Identifier: ISC */
/*
 * deskew.h: the shear that stands a 28x28 digit upright (deskew.c).
 */
#ifndef DIGITPIPE_DESKEW_H
#define DIGITPIPE_DESKEW_H

#include "record.h"

/*
 * Deskew pix in place: shear by a = mu11 / mu02 about the centre of mass
 * and move that centre exactly onto (14,14), one bilinear resample.
 * Returns -1 (pix untouched) when there is no ink, or, with centred_only,
 * when the centre of mass is not already within half a pixel of (14,14)
 * (the record path then centres it first).
 */
int	deskew(unsigned char pix[REC_PIXELS], int centred_only);

#endif
