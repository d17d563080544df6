/* SPDX-License-Identifier: ISC */
/*
 * img.c: the decoded picture type's few functions. Uses: util.h (dp_fail).
 */
#include <stdlib.h>

#include "img.h"
#include "util.h"

void
img_free(struct img *im)
{
	free(im->grey);
	free(im->alpha);
	im->grey = im->alpha = NULL;
	im->w = im->h = 0;
}

int
img_check_size(unsigned long long w, unsigned long long h,
    unsigned long long max, char *why, size_t wl)
{
	if (w * h <= max)
		return 0;
	return dp_fail(why, wl, "picture too large (%llux%llu = %llu pixels, "
	    "limit %llu)", w, h, w * h, max);
}
