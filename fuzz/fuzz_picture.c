/* SPDX-License-Identifier: ISC */
/*
 * fuzz_picture: libFuzzer harness for decoding and normalizing a picture
 * held in memory (picture_decode: PNG or JPEG, then norm_picture), what
 * imgnorm does to a file and a server to an upload.
 *
 * An input is one of two things:
 *  - a PNG or JPEG file (by its magic): normalized as imgnorm does
 *    (norm_buffer), or, picked by the input's size, one other way (naive,
 *    a forced polarity without deskew) after a decode with JPEG DCT
 *    scaling down to a short side of 16, so that the scaled decoder runs
 *    on small pictures too. A PNG whose chunk CRCs are wrong is also
 *    decoded with them put right: a mutation then reaches the chunks'
 *    contents instead of stopping at the checksum.
 *  - anything else, after the decoders' refusal: raw pixels, the
 *    cleaning steps' input without a decoder in front. Byte 0: bit 0 an
 *    alpha channel (grey and alpha interleaved), bits 1-2 the way (as
 *    above: default, naive, dark ink, light ink); byte 1: the width - 1;
 *    then the pixels, row by row (an incomplete last row is dropped).
 *    Any such picture is a PNG (8-bit grey or grey + alpha), so what
 *    this finds, a PNG file reproduces.
 *
 * A grey picture from an input of even size is normalized twice, as it
 * is and with an opaque alpha channel added: the ink map of bytes and
 * the one of doubles must give the same answer. Every PNG is also
 * decoded by libpng alone: pngplain.c's answer must be libpng's (the
 * status, the message, every byte of grey and alpha).
 *
 * Pictures hold at most MAX_PIXELS: one input then costs about a
 * millisecond under the sanitizers. Every branch of the cleaning (ink.c,
 * paper.c, plane.c, box.c, deskew.c) is reachable that small but one:
 * the working plane's box reduction wants a short side of 320 (see
 * README).
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "img.h"
#include "norm.h"
#include "picture.h"
#include "pngio.h"
#include "record.h"
#include "sniff.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* 96 x 96: the quadratic fit of the paper (short side >= 64), the
 * border ring of 3 pixels and the histogram quantiles (> 1024 values)
 * all stay reachable. */
#define MAX_PIXELS	9216
#define SCALED_SIDE	16	/* DCT scaling for JPEGs of 19 px and up */

enum { WAY_DEFAULT, WAY_NAIVE, WAY_DARK, WAY_LIGHT };

/* The options of way k. */
static void
way_opt(int k, struct norm_opt *o)
{
	norm_defaults(o);
	o->max_pixels = MAX_PIXELS;
	o->naive = k == WAY_NAIVE;
	if (k == WAY_DARK || k == WAY_LIGHT) {
		o->invert = k == WAY_DARK;
		o->deskew = 0;
	}
}

/*
 * A grey picture's ink map may be bytes (ink.h); with an alpha channel
 * that is opaque everywhere the grey is the same but the map is doubles
 * from the start: the answer must be the same, refusal and record.
 */
static void
same_with_alpha(const struct img *im, const struct norm_opt *o, int k,
    const unsigned char *pix, const char *why)
{
	struct img a = *im;
	unsigned char again[REC_PIXELS];
	char why2[NORM_WHY];
	size_t n = (size_t)im->w * im->h;

	if (im->alpha != NULL || (a.alpha = malloc(n)) == NULL)
		return;
	memset(a.alpha, 255, n);
	why2[0] = '\0';
	if ((norm_picture(&a, o, again, why2, sizeof why2) != 0) != (k != 0))
		abort();
	if (k != 0 ? strcmp(why, why2) != 0 : memcmp(pix, again,
	    REC_PIXELS) != 0)
		abort();
	free(a.alpha);
}

/* norm_picture's answer: a record with ink, or a refusal that says why;
 * twice: also with an opaque alpha. */
static void
normalize(const struct img *im, int k, int twice)
{
	unsigned char pix[REC_PIXELS];
	char why[NORM_WHY];
	struct norm_opt o;
	int i, any = 0, bad;

	way_opt(k, &o);
	why[0] = '\0';
	bad = norm_picture(im, &o, pix, why, sizeof why) != 0;
	if (twice)
		same_with_alpha(im, &o, bad, pix, why);
	if (bad) {
		if (why[0] == '\0')
			abort();
		return;
	}
	for (i = 0; i < REC_PIXELS; i++)
		any |= pix[i];
	if (!any)
		abort();	/* accepted, but nothing to read */
}

/* A decoded picture: its size within the cap, pixels, a known zoom. */
static void
check_img(const struct img *im)
{
	if (im->w <= 0 || im->h <= 0 || (unsigned long long)im->w * im->h >
	    MAX_PIXELS || im->grey == NULL)
		abort();
	if (im->zoom != 0 && !(im->zoom >= 1 && im->zoom <= 8))
		abort();
}

/* A copy of a PNG with each whole chunk's CRC recomputed, or NULL when
 * none was wrong. */
static unsigned char *
png_fix_crc(const uint8_t *data, size_t size)
{
	unsigned char *c = NULL;
	size_t pos = 8, len;
	uLong crc;

	while (size - pos >= 12) {
		len = (size_t)data[pos] << 24 | (size_t)data[pos + 1] << 16 |
		    (size_t)data[pos + 2] << 8 | data[pos + 3];
		if (len > size - pos - 12)
			break;
		crc = crc32(0, data + pos + 4, (uInt)(len + 4));
		pos += 8 + len;
		if (data[pos] != (crc >> 24 & 255) ||
		    data[pos + 1] != (crc >> 16 & 255) ||
		    data[pos + 2] != (crc >> 8 & 255) ||
		    data[pos + 3] != (crc & 255)) {
			if (c == NULL) {
				if ((c = malloc(size)) == NULL)
					return NULL;
				memcpy(c, data, size);
			}
			c[pos] = crc >> 24 & 255;
			c[pos + 1] = crc >> 16 & 255;
			c[pos + 2] = crc >> 8 & 255;
			c[pos + 3] = crc & 255;
			data = c;
		}
		pos += 4;
	}
	return c;
}

/* A file: one way, picked by its size (cheap, and stable). */
static void
file(const uint8_t *data, size_t size)
{
	unsigned char pix[REC_PIXELS];
	char why[NORM_WHY];
	struct norm_opt o;
	struct img im;
	int k = (int)(size % 4);

	if (k == WAY_DEFAULT) {
		/* What imgnorm and a server call: bytes to 784 pixels. */
		way_opt(k, &o);
		why[0] = '\0';
		if (norm_buffer(data, size, &o, pix, why, sizeof why) != 0 &&
		    why[0] == '\0')
			abort();	/* a refusal must say why */
		return;
	}
	why[0] = '\0';
	if (picture_decode(data, size, MAX_PIXELS, SCALED_SIDE, &im, why,
	    sizeof why) != 0) {
		if (why[0] == '\0')
			abort();
		return;
	}
	check_img(&im);
	normalize(&im, k, size % 2 == 0);
	img_free(&im);
}

/* Raw pixels (see the top). */
static void
raw(const uint8_t *data, size_t size)
{
	struct img im;
	size_t n, i, ch;
	int w;

	if (size < 3)
		return;
	ch = (data[0] & 1) + 1;
	w = data[1] + 1;
	n = (size - 2) / ch;
	if (n > MAX_PIXELS)
		n = MAX_PIXELS;
	if (n < (size_t)w)
		return;
	memset(&im, 0, sizeof im);
	im.w = w;
	im.h = (int)(n / (size_t)w);
	n = (size_t)im.w * im.h;
	if ((im.grey = malloc(n)) == NULL ||
	    (ch == 2 && (im.alpha = malloc(n)) == NULL)) {
		img_free(&im);
		return;
	}
	for (i = 0; i < n; i++) {
		im.grey[i] = data[2 + ch * i];
		if (ch == 2)
			im.alpha[i] = data[3 + 2 * i];
	}
	normalize(&im, data[0] >> 1 & 3, size % 2 == 0);
	img_free(&im);
}

/* picture_decode (pngplain.c for a plain PNG) against libpng alone. */
static void
same_as_libpng(const uint8_t *data, size_t size)
{
	struct img a, b;
	char wa[256], wb[256];
	int ra = picture_decode(data, size, MAX_PIXELS, 0, &a, wa, sizeof wa);
	int rb = png_decode(data, size, MAX_PIXELS, &b, wb, sizeof wb);

	if (ra != rb || (ra != 0 && strcmp(wa, wb) != 0))
		abort();
	if (ra == 0) {
		size_t n = (size_t)a.w * a.h;

		if (a.w != b.w || a.h != b.h || memcmp(a.grey, b.grey, n) != 0 ||
		    (a.alpha == NULL) != (b.alpha == NULL) ||
		    (a.alpha != NULL && memcmp(a.alpha, b.alpha, n) != 0))
			abort();
		img_free(&a);
		img_free(&b);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *fixed;

	dp_warn_off = 1;
	file(data, size);
	if (sniff_png(data, size)) {
		same_as_libpng(data, size);
		if ((fixed = png_fix_crc(data, size)) != NULL) {
			file(fixed, size);
			same_as_libpng(fixed, size);
			free(fixed);
		}
	} else if (!sniff_jpeg(data, size))
		raw(data, size);
	return 0;
}
