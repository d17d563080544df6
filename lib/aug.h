/* SPDX-License-Identifier: ISC */
/*
 * aug.h: training-data augmentation (aug.c).
 */
#ifndef DIGITPIPE_AUG_H
#define DIGITPIPE_AUG_H

#include <stdint.h>
#include "record.h"

#define AUG_ROTATE	10.0	/* default: up to +-10 degrees, */
#define AUG_SHIFT	2.0	/* +-2 pixels, */
#define AUG_SCALE	0.1	/* +-10% size, */
#define AUG_THICKEN	0.5	/* and half of the copies thicker or thinner */

struct aug_opt {
	double rotate;		/* max |angle|, degrees */
	double shift;		/* max |shift| on each axis, pixels */
	double scale;		/* max |s - 1| */
	double thicken;		/* chance of a 3x3-cross dilation or erosion */
};
void	aug_defaults(struct aug_opt *o);
/* One perturbed copy of in (a rotation, scaling and shift about the
 * centre of mass, bilinear; maybe a stroke one pixel thicker or thinner),
 * drawing five numbers from *state. in and out must not overlap. */
void	aug_record(const unsigned char in[REC_PIXELS],
	    unsigned char out[REC_PIXELS], const struct aug_opt *o,
	    uint64_t *state);

#endif
