/* SPDX-License-Identifier: ISC */
/*
 * fuzz_segment: libFuzzer harness for imgnorm --segment and plain
 * imgnorm's refusals of what is not one digit.
 *
 * An input is one of two things:
 *  - a PNG or JPEG file (by its magic), through norm_segment_buffer
 *    (decode, ink map, segment.c, one record per digit: what imgnorm
 *    --segment does) when its size is even, else norm_one_buffer (plain
 *    imgnorm: several marks or a dash refused) with the polarity picked
 *    by the size;
 *  - anything else, after the decoders' refusal: an ink map, the
 *    segmenter's own input, without the decoder and the cleaning in
 *    front (fuzz_picture does those). Byte 0: bits 0-2 the DCT scale s
 *    (zoom 8 / (s + 1)), bits 3-4 the ink map's factor f - 1; byte 1: the
 *    width - 1; then the ink, row by row (0 paper .. 255 ink; an
 *    incomplete last row is dropped). A drawing on clean white paper
 *    gives the same map, so what this finds, a PNG reproduces. Each
 *    digit of an eighth of the maps (byte 0, bits 5 to 7 set) is also
 *    boxed from its map as bytes, with levels that grow with them (bit
 *    4: stretched from 40 up): the same record as from the same values
 *    as doubles (fuzz_picture compares the two on whole pictures).
 *
 * Pictures and maps hold at most MAX_PIXELS, so that one input costs
 * about a millisecond under the sanitizers: the segmenter's thresholds
 * are ratios of the marks' sizes, all reachable that small.
 */
#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "deskew.h"
#include "ink.h"
#include "norm.h"
#include "record.h"
#include "segment.h"
#include "sniff.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_PIXELS	9216	/* 96 x 96 */

static unsigned char pix[SEG_MAX * REC_PIXELS];

/* A digit's map holds the input's bytes: box.c reading it as bytes (the
 * ink map of a clean picture, ink.h), with levels lut that grow with
 * them as ink.c's do (0 up to lo, then stretched to 255), must say what
 * it says reading the same values as doubles: the same refusal, or the
 * same record. With lo = 0 those doubles are the map itself, whose
 * answer (refused, rec) is known. */
static void
same_as_bytes(const struct ink *one, int lo, int refused,
    const unsigned char *rec)
{
	size_t i, n = (size_t)one->w * one->h;
	struct ink b = *one, d = *one;
	unsigned char rb[REC_PIXELS], rd[REC_PIXELS];
	char why[256];
	int k, kb, kd;

	b.v = NULL;
	d.b = NULL;
	b.b = malloc(n);
	d.v = lo != 0 ? malloc(n * sizeof *d.v) : NULL;
	if (b.b == NULL || (lo != 0 && d.v == NULL)) {
		free(b.b), free(d.v);
		return;
	}
	for (k = 0; k < 256; k++)
		b.lut[k] = k <= lo ? 0 : (double)(k - lo) * 255 / (255 - lo);
	for (i = 0; i < n; i++) {
		b.b[i] = (unsigned char)one->v[i];
		if (d.v != NULL)
			d.v[i] = b.lut[b.b[i]];
	}
	kb = box_digit(&b, rb, why, sizeof why) != 0;
	if (lo != 0) {
		kd = box_digit(&d, rd, why, sizeof why) != 0;
		rec = rd;
	} else
		kd = refused;
	if (kb != kd || (!kb && memcmp(rb, rec, REC_PIXELS) != 0))
		abort();
	free(b.b), free(d.v);
}

/* Digits left to right, each inside the map with a box and a record
 * with ink; lab numbers them 1..n. */
static void
check_digits(const struct seg_result *res, const struct ink *pl)
{
	int i, j, any;

	if (res->n < 1 || res->n > SEG_MAX || res->lab == NULL)
		abort();
	for (i = 0; i < res->n; i++) {
		const struct seg_digit *d = &res->d[i];

		if (d->w < 1 || d->h < 1 || d->box[2] == 0 || d->box[3] == 0)
			abort();
		if (pl != NULL && (d->x < 0 || d->y < 0 ||
		    d->x + d->w > pl->w || d->y + d->h > pl->h))
			abort();
		if (i > 0 && 2 * d->x + d->w < 2 * d[-1].x + d[-1].w)
			abort();	/* not left to right */
		for (j = any = 0; j < REC_PIXELS; j++)
			any |= pix[(size_t)i * REC_PIXELS + j];
		if (!any)
			abort();
	}
	if (pl != NULL)
		for (j = 0; j < pl->w * pl->h; j++)
			if (res->lab[j] < 0 || res->lab[j] > res->n)
				abort();
}

static void
file(const uint8_t *data, size_t size)
{
	char why[NORM_WHY];
	struct norm_opt o;
	struct seg_result res;

	norm_defaults(&o);
	o.max_pixels = MAX_PIXELS;
	why[0] = '\0';
	if (size % 2 == 0) {
		if (norm_segment_buffer(data, size, &o, &res, pix, why,
		    sizeof why) != 0) {
			if (why[0] == '\0')
				abort();	/* a refusal must say why */
			return;
		}
		check_digits(&res, NULL);
		seg_free(&res);
		return;
	}
	o.invert = (int)(size / 2 % 3) - 1;	/* auto, light ink, dark ink */
	if (norm_one_buffer(data, size, &o, pix, why, sizeof why) != 0 &&
	    why[0] == '\0')
		abort();
}

/* An ink map (see the top): segment it as norm_segment_buffer does,
 * and ask seg_digit_like as norm_one_buffer does. */
static void
raw(const uint8_t *data, size_t size)
{
	char why[NORM_WHY];
	struct seg_result res;
	struct ink pl, one;
	size_t n, i;
	int k;

	if (size < 3)
		return;
	memset(&pl, 0, sizeof pl);
	pl.w = data[1] + 1;
	pl.f = (data[0] >> 3 & 3) + 1;
	n = size - 2 > MAX_PIXELS ? MAX_PIXELS : size - 2;
	if (n < (size_t)pl.w)
		return;
	pl.h = (int)(n / (size_t)pl.w);
	n = (size_t)pl.w * pl.h;
	if ((pl.v = malloc(n * sizeof *pl.v)) == NULL)
		return;
	for (i = 0; i < n; i++)
		pl.v[i] = data[2 + i];
	why[0] = '\0';
	if (segment_plane(&pl, 8.0 / ((data[0] & 7) + 1), &res, why,
	    sizeof why) != 0) {
		free(pl.v);
		if (why[0] == '\0')
			abort();
		return;
	}
	(void)seg_digit_like(&pl, &res);
	for (k = 0; k < res.n; k++) {
		if (seg_plane(&pl, res.lab, k + 1, &one) != 0)
			abort();	/* a digit without ink */
		why[0] = '\0';
		i = box_digit(&one, pix + (size_t)k * REC_PIXELS, why,
		    sizeof why) != 0;
		if ((data[0] & 0xe0) == 0xe0)	/* an eighth of the maps */
			same_as_bytes(&one, data[0] & 0x10 ? 40 : 0, i,
			    pix + (size_t)k * REC_PIXELS);
		free(one.v);
		if (i) {
			/* imgnorm --segment refuses the picture then */
			if (why[0] == '\0')
				abort();
			break;
		}
		deskew(pix + (size_t)k * REC_PIXELS, 0);
	}
	if (k == res.n)
		check_digits(&res, &pl);
	seg_free(&res);
	free(pl.v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dp_warn_off = 1;
	file(data, size);
	if (!sniff_png(data, size) && !sniff_jpeg(data, size))
		raw(data, size);
	return 0;
}
