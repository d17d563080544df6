/* SPDX-License-Identifier: ISC */
/*
 * picture.c: decoding by magic: hands the bytes of a picture file to the
 * adapter for its format; a PNG to pngplain.c first, which decodes the
 * plain ones, and to pngio.c (libpng) when it declines.
 * Uses: img.h, jpegio.h, pngio.h, pngplain.h, sniff.h, util.h.
 */
#include <string.h>

#include "img.h"
#include "jpegio.h"
#include "picture.h"
#include "pngio.h"
#include "pngplain.h"
#include "sniff.h"
#include "util.h"

int
picture_decode(const unsigned char *buf, size_t n, unsigned long long maxpix,
    int min_side, struct img *im, char *why, size_t wl)
{
	const char *what;

	memset(im, 0, sizeof *im);
	if (maxpix == 0)
		maxpix = IMG_MAX_PIXELS;
	if (n == 0)
		return dp_fail(why, wl, "empty file");
	if (sniff_png(buf, n)) {
		int r = png_plain_decode(buf, n, maxpix, im, why, wl);

		return r != PNG_NOT_PLAIN ? r :
		    png_decode(buf, n, maxpix, im, why, wl);
	}
	if (sniff_jpeg(buf, n))
		return jpeg_decode(buf, n, maxpix, min_side, im, why, wl);
	if ((what = sniff(buf, n)) != NULL)
		return dp_fail(why, wl, "not a PNG or JPEG picture (it looks like "
		    "%s)", what);
	return dp_fail(why, wl, "not a PNG or JPEG picture");
}
