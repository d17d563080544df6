/* SPDX-License-Identifier: ISC */
/*
 * norm.c: MNIST-style normalization, the recipes that chain the steps:
 * for a picture, ink map (ink.c), then box and centre (box.c), then
 * deskew (deskew.c); for a record, centre then deskew; and the naive
 * baseline. Both paths end in the same steps, so they coincide on
 * MNIST-like input. Nothing here exits: errors come back as a reason.
 * With --segment, one record per digit found by segment.c; without it,
 * a picture of several marks side by side, or of a long flat stroke, is
 * refused (norm_one_buffer).
 * Uses: box.h, deskew.h, img.h, ink.h, picture.h, plain.h, plane.h,
 * resize.h, segment.h, util.h.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "deskew.h"
#include "img.h"
#include "ink.h"
#include "norm.h"
#include "picture.h"
#include "plain.h"
#include "plane.h"
#include "resize.h"
#include "segment.h"
#include "util.h"

void
norm_defaults(struct norm_opt *o)
{
	o->deskew = 1;
	o->invert = NORM_AUTO;
	o->naive = 0;
	o->max_pixels = NORM_MAX_PIXELS;
}

int
norm_record(unsigned char pix[REC_PIXELS], const struct norm_opt *o)
{
	unsigned char in[REC_PIXELS];

	/* An already centred record (all of MNIST) skips box_place: it
	 * would copy it unchanged, and the deskew gives the same bytes. */
	if (o->deskew && deskew(pix, 1) == 0)
		return 0;
	memcpy(in, pix, sizeof in);
	if (box_place(in, REC_W, REC_H, pix) != 0)
		return -1;
	if (o->deskew)
		deskew(pix, 0);
	return 0;
}

/* The baseline: the whole picture composited on white, area-resized to
 * 28x28 (aspect ignored), inverted when its mean is bright. */
static int
norm_naive(const struct img *im, unsigned char *pix, char *why, size_t wl)
{
	double *p, *s, mean = 0;
	int w, h, i, any = 0;

	if ((p = ink_plane(im, &w, &h)) == NULL)
		return dp_fail(why, wl, "out of memory");
	s = plane_resize(p, w, h, REC_W, REC_H);
	free(p);
	if (s == NULL)
		return dp_fail(why, wl, "out of memory");
	for (i = 0; i < REC_PIXELS; i++)
		mean += s[i] / REC_PIXELS;
	for (i = 0; i < REC_PIXELS; i++) {
		pix[i] = plane_byte(mean > 127.5 ? 255 - s[i] : s[i]);
		any |= pix[i];
	}
	free(s);
	if (!any)
		return dp_fail(why, wl, "no ink found");
	return 0;
}

/* The end of every picture recipe: an ink map to MNIST's box and centre
 * (box.c), then the deskew. 0, or -1 with the reason in why. */
static int
ink_record(const struct ink *ink, const struct norm_opt *o,
    unsigned char pix[REC_PIXELS], char *why, size_t wl)
{
	if (box_digit(ink, pix, why, wl) != 0)
		return -1;
	if (o->deskew)
		deskew(pix, 0);
	return 0;
}

int
norm_picture(const struct img *im, const struct norm_opt *o,
    unsigned char pix[REC_PIXELS], char *why, size_t wl)
{
	struct ink ink;
	int k;

	if (im->w < 1 || im->h < 1)
		return dp_fail(why, wl, "empty picture");
	if (o->naive)
		return norm_naive(im, pix, why, wl);
	if (ink_map(im, o->invert, &ink, why, wl) != 0)
		return -1;
	k = ink_record(&ink, o, pix, why, wl);
	ink_free(&ink);
	return k;
}

int
norm_buffer(const unsigned char *buf, size_t n, const struct norm_opt *o,
    unsigned char pix[REC_PIXELS], char *why, size_t wl)
{
	struct img im;
	int k;

	if ((k = picture_decode(buf, n, o->max_pixels, NORM_MIN_SIDE, &im,
	    why, wl)) != 0)
		return k;
	k = norm_picture(&im, o, pix, why, wl);
	img_free(&im);
	return k;
}

int
norm_decode(const unsigned char *buf, size_t n, const struct norm_opt *o,
    struct norm_pic *p, char *why, size_t wl)
{
	struct img im;
	int k;

	memset(p, 0, sizeof *p);
	if ((k = picture_decode(buf, n, o->max_pixels, NORM_MIN_SIDE, &im,
	    why, wl)) != 0)
		return k;	/* -1, or IMG_TOO_LARGE */
	if (im.w < 1 || im.h < 1) {
		img_free(&im);
		return dp_fail(why, wl, "empty picture");
	}
	p->zoom = im.zoom;
	k = ink_map(&im, o->invert, &p->ink, why, wl);
	img_free(&im);
	return k;
}

void
norm_pic_free(struct norm_pic *p)
{
	ink_free(&p->ink);
}

int
norm_segment_pic(struct norm_pic *p, const struct norm_opt *o,
    struct seg_result *res, unsigned char *pix, char *why, size_t wl)
{
	struct ink *ink = &p->ink, one;
	int i, k, whole = 0;

	memset(res, 0, sizeof *res);
	if (plainly_one(ink) && (k = plainly_one_mark(ink, p->zoom, res)) != 0) {
		if (k < 0)
			return dp_fail(why, wl, "out of memory");
		whole = 1;
	} else if (ink_doubles(ink) != 0)
		return dp_fail(why, wl, "out of memory");
	else if (segment_plane(ink, p->zoom, res, why, wl) != 0)
		return -1;
	for (i = 0, k = 0; i < res->n && k == 0; i++) {
		unsigned char *q = pix + (size_t)i * REC_PIXELS;

		if (whole)	/* all the ink: as plain imgnorm reads it */
			k = ink_record(ink, o, q, why, wl);
		else if (seg_plane(ink, res->lab, i + 1, &one) != 0)
			k = dp_fail(why, wl, "out of memory");
		else {
			k = ink_record(&one, o, q, why, wl);
			ink_free(&one);
		}
	}
	if (k != 0)
		seg_free(res);
	return k;
}

int
norm_segment_buffer(const unsigned char *buf, size_t n,
    const struct norm_opt *o, struct seg_result *res, unsigned char *pix,
    char *why, size_t wl)
{
	struct norm_pic p;
	int k;

	memset(res, 0, sizeof *res);
	if (norm_decode(buf, n, o, &p, why, wl) != 0)
		return -1;
	k = norm_segment_pic(&p, o, res, pix, why, wl);
	norm_pic_free(&p);
	return k;
}

/*
 * Several marks side by side: only tall ones (60% of the tallest) with a
 * gap of 15% of that height count (a digit broken in two pieces, and
 * specks, stay one digit).
 */
static int
marks_apart(const struct seg_result *res)
{
	int i, hmax = 0, apart = 1;

	for (i = 0; i < res->n; i++)
		hmax = res->d[i].h > hmax ? res->d[i].h : hmax;
	for (i = 1; i < res->n; i++) {
		const struct seg_digit *a = &res->d[i - 1], *b = &res->d[i];

		if (a->h * 10 >= hmax * 6 && b->h * 10 >= hmax * 6 &&
		    (b->x - (a->x + a->w)) * 100 >= hmax * 15)
			apart++;
	}
	return apart;
}

int
norm_one_pic(struct norm_pic *p, const struct norm_opt *o,
    unsigned char pix[REC_PIXELS], char *why, size_t wl)
{
	struct ink *ink = &p->ink;
	struct seg_result res;
	const char *nd;
	int k;

	if (plainly_one(ink))	/* what the segmenter would say; most */
		return ink_record(ink, o, pix, why, wl);
	if (ink_doubles(ink) != 0)
		return dp_fail(why, wl, "out of memory");
	if (segment_plane(ink, 1, &res, why, wl) != 0)
		return -1;
	if ((k = marks_apart(&res)) > 1) {
		seg_free(&res);
		dp_fail(why, wl, "%d marks side by side, not one digit "
		    "(to read them as a number: imgnorm --segment)", k);
		return NORM_SEVERAL;
	}
	nd = seg_digit_like(ink, &res);
	seg_free(&res);
	if (nd != NULL) {
		dp_fail(why, wl, "%s", nd);
		return NORM_NOT_DIGIT;
	}
	return ink_record(ink, o, pix, why, wl);
}

int
norm_one_buffer(const unsigned char *buf, size_t n, const struct norm_opt *o,
    unsigned char pix[REC_PIXELS], char *why, size_t wl)
{
	struct norm_pic p;
	int k;

	if (o->naive)
		return norm_buffer(buf, n, o, pix, why, wl);
	if ((k = norm_decode(buf, n, o, &p, why, wl)) != 0)
		return k;
	k = norm_one_pic(&p, o, pix, why, wl);
	norm_pic_free(&p);
	return k;
}
