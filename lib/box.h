/* SPDX-License-Identifier: ISC */
/*
 * box.h: MNIST's box and centre (box.c).
 */
#ifndef DIGITPIPE_BOX_H
#define DIGITPIPE_BOX_H

#include <stddef.h>

#include "ink.h"
#include "record.h"

/*
 * From an ink map (ink.h: w x h, 0 = paper, up to 255 = ink) to a 28x28
 * record as MNIST was made: crop to
 * the ink, strokes brought to MNIST's width when the digit is shrunk a
 * lot, longer side to exactly 20 px by area averaging, centre of mass to
 * (14,14). Returns 0, or -1 with the reason in why.
 */
int	box_digit(const struct ink *ink, unsigned char pix[REC_PIXELS],
	    char *why, size_t whylen);
/*
 * Place a w x h ink image (w, h <= 28, or the 28x28 itself) into the
 * 28x28 dst so that its centre of mass lands on pixel (14,14), by the
 * rounded integer shift; ink pushed past the frame is lost. -1 if there
 * is no ink.
 */
int	box_place(const unsigned char *src, int w, int h, unsigned char *dst);

#endif
