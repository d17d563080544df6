/* SPDX-License-Identifier: ISC */
/*
 * fuzz_segment: libFuzzer harness for imgnorm --segment on a picture held
 * in memory (norm_segment_buffer: decode, ink map, segment.c, one record
 * per digit) and for plain imgnorm's refusals (norm_one_buffer). Pictures
 * are capped at 16,384 pixels so that one input costs well under a
 * millisecond: the segmenter's logic, not the decoders' size, is what is
 * explored (fuzz_picture does the decoders).
 */
#include <stdlib.h>
#include <string.h>

#include "norm.h"
#include "record.h"
#include "segment.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_PIXELS (1ULL << 14)

static unsigned char pix[SEG_MAX * REC_PIXELS];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[NORM_WHY];
	struct norm_opt o;
	struct seg_result res;
	int i, j;

	dp_warn_off = 1;
	norm_defaults(&o);
	o.max_pixels = MAX_PIXELS;
	why[0] = '\0';
	if (norm_segment_buffer(data, size, &o, &res, pix, why,
	    sizeof why) != 0) {
		if (why[0] == '\0')
			abort();	/* a refusal must say why */
	} else {
		/* Digits left to right, each with ink, a box and a record. */
		if (res.n < 1 || res.n > SEG_MAX || res.lab == NULL)
			abort();
		for (i = 0; i < res.n; i++) {
			const struct seg_digit *d = &res.d[i];
			int any = 0;

			if (d->w < 1 || d->h < 1 || d->box[2] == 0 ||
			    d->box[3] == 0)
				abort();
			for (j = 0; j < REC_PIXELS; j++)
				any |= pix[(size_t)i * REC_PIXELS + j];
			if (!any)
				abort();
		}
		seg_free(&res);
	}
	why[0] = '\0';
	o.invert = (int)(size % 3) - 1;	/* auto, light ink, dark ink */
	if (norm_one_buffer(data, size, &o, pix, why, sizeof why) != 0 &&
	    why[0] == '\0')
		abort();
	return 0;
}
