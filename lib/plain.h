/* SPDX-License-Identifier: ISC */
/*
 * plain.h: a picture plainly of one mark (plain.c).
 */
#ifndef DIGITPIPE_PLAIN_H
#define DIGITPIPE_PLAIN_H

#include "ink.h"
#include "segment.h"

/* 1 when the ink map plainly holds one digit-like mark, which the
 * segmenter would find alone and uncut (a sufficient test, cheaper than
 * segmenting); 0 when it cannot tell. */
int	plainly_one(const struct ink *ink);
/* For such a map whose ink is all one piece, what segment_plane would
 * find (zoom: the picture's pixels per decoded pixel): 1 with res
 * filled (seg_free it), 0 if the ink is not one piece, -1 out of memory. */
int	plainly_one_mark(const struct ink *ink, double zoom,
	    struct seg_result *res);

#endif
