/* SPDX-License-Identifier: ISC */
/*
 * ruled.h: the lines of ruled paper taken off an ink map (ruled.c).
 */
#ifndef DIGITPIPE_RULED_H
#define DIGITPIPE_RULED_H

/*
 * Remove the ruled lines from the w x h ink plane v (paper 0, ink > 0),
 * in place, except where a stroke crosses them (ink just above and just
 * below). 0, or -1 when out of memory.
 */
int	ruled_drop(double *v, int w, int h);

#endif
