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
img_check_scaled(unsigned long long w, unsigned long long h, int scale,
    unsigned long long dw, unsigned long long dh, unsigned long long max,
    char *why, size_t wl)
{
	if (dw * dh <= max)
		return 0;
	if (scale == 8)
		dp_fail(why, wl, "picture too large: %llux%llu = %llu pixels, "
		    "more than the limit of %llu (--max-pixels raises it)", w,
		    h, w * h, max);
	else
		dp_fail(why, wl, "picture too large: %llux%llu decodes at %d/8 "
		    "to %llux%llu = %llu pixels, more than the limit of %llu "
		    "(--max-pixels raises it)", w, h, scale, dw, dh, dw * dh,
		    max);
	return IMG_TOO_LARGE;
}

int
img_check_size(unsigned long long w, unsigned long long h,
    unsigned long long max, char *why, size_t wl)
{
	return img_check_scaled(w, h, 8, w, h, max, why, wl);
}
