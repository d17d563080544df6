/* SPDX-License-Identifier: ISC */
/*
 * fuzz_picture: libFuzzer harness for decoding and normalizing a picture
 * held in memory (picture_decode: PNG or JPEG, then norm_picture), what imgnorm
 * does to a file and a server to an upload. Each decoded picture is
 * normalized by default and one other way (naive, or a forced polarity).
 */
#include <stdlib.h>
#include <string.h>

#include "img.h"
#include "norm.h"
#include "picture.h"
#include "record.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Small enough that no input costs more than some milliseconds. */
#define MAX_PIXELS (1ULL << 18)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char pix[REC_PIXELS];
	char why[NORM_WHY];
	struct norm_opt o;
	struct img im;
	int i;

	dp_warn_off = 1;
	norm_defaults(&o);
	o.max_pixels = MAX_PIXELS;
	/* What a server calls: the whole path, bytes to 784 pixels. */
	why[0] = '\0';
	if (norm_buffer(data, size, &o, pix, why, sizeof why) != 0 &&
	    why[0] == '\0')
		abort();	/* a refusal must say why */
	memset(&im, 0, sizeof im);
	if (picture_decode(data, size, MAX_PIXELS, NORM_MIN_SIDE, &im, why,
	    sizeof why) != 0)
		return 0;
	if (im.w <= 0 || im.h <= 0 || (unsigned long long)im.w * im.h >
	    MAX_PIXELS || im.grey == NULL)
		abort();
	/* One other way, picked by the input's size (cheap, and stable). */
	i = (int)(size % 3);
	norm_defaults(&o);
	o.max_pixels = MAX_PIXELS;
	o.naive = i == 0;
	if (i > 0) {
		o.invert = i == 1;
		o.deskew = 0;
	}
	(void)norm_picture(&im, &o, pix, why, sizeof why);
	img_free(&im);
	return 0;
}
