/* SPDX-License-Identifier: ISC */
/*
 * norm.h: MNIST-style normalization of records and pictures (norm.c).
 * Nothing here exits: functions return -1 and put a short reason ("no
 * ink found", "picture too large (...)") in why[whylen].
 */
#ifndef DIGITPIPE_NORM_H
#define DIGITPIPE_NORM_H

#include <stddef.h>

#include "img.h"
#include "ink.h"
#include "record.h"
#include "segment.h"

#define NORM_MAX_PIXELS	IMG_MAX_PIXELS	/* default cap on width * height */
#define NORM_MIN_SIDE	INK_WORK_SIDE	/* JPEG DCT scaling keeps >= this */
#define NORM_WHY	256	/* a good size for why[] */
#define NORM_AUTO	INK_AUTO

struct norm_opt {
	int deskew;		/* 1 (default): shear upright, skew = mu11/mu02 */
	int invert;		/* NORM_AUTO: from the border; 1: dark ink on
				 * light paper; 0: light ink on dark */
	int naive;		/* 1: whole picture to 28x28, inverted when
				 * bright; no cleaning (a baseline to compare) */
	unsigned long long max_pixels;	/* decoding cap, 0: NORM_MAX_PIXELS */
};
void	norm_defaults(struct norm_opt *o);

/* Record path: move the centre of mass to pixel (14,14) by a rounded
 * integer shift (MNIST records come back unchanged), then deskew (if
 * o->deskew: a shear about the centre of mass that also puts it exactly
 * on (14,14)); in place. Returns 0, or -1 when there is no ink. */
int	norm_record(unsigned char pix[REC_PIXELS], const struct norm_opt *o);
/* Picture path, as MNIST was made: the ink map (ink.h), crop to the ink,
 * longer side to exactly 20 px by area averaging, centre of mass to
 * (14,14) (box.h), then deskew. On an MNIST-like 28x28 picture it gives
 * what norm_record gives on the same pixels. Returns 0 or -1 (why). */
int	norm_picture(const struct img *im, const struct norm_opt *o,
	    unsigned char pix[REC_PIXELS], char *why, size_t whylen);
/* Decode (picture.h) + norm_picture: bytes of a picture file in, 784
 * bytes out (what a server calls on an upload). Returns 0, -1 or
 * IMG_TOO_LARGE (why). */
int	norm_buffer(const unsigned char *buf, size_t n,
	    const struct norm_opt *o, unsigned char pix[REC_PIXELS],
	    char *why, size_t whylen);
/* The digits of a number written in one row (imgnorm --segment):
 * decode, ink map, segment.h, then each digit's ink alone through box
 * and deskew into pix[k * REC_PIXELS] (room for SEG_MAX). res gets their
 * boxes (seg_free it). Returns 0 or -1 (why). */
int	norm_segment_buffer(const unsigned char *buf, size_t n,
	    const struct norm_opt *o, struct seg_result *res,
	    unsigned char *pix, char *why, size_t whylen);
/*
 * A picture decoded and its ink found once, to be read more than one
 * way (lrserve reads a picture as plain imgnorm does, then, if that
 * refuses it as several marks, as --segment does): norm_decode (0, -1
 * or IMG_TOO_LARGE, why), then norm_one_pic and norm_segment_pic, which
 * answer as norm_one_buffer and norm_segment_buffer (not for --naive);
 * norm_pic_free at the end (also after a failed norm_decode).
 */
struct norm_pic {
	struct ink ink;
	double zoom;	/* the picture's pixels per decoded pixel */
};
int	norm_decode(const unsigned char *buf, size_t n,
	    const struct norm_opt *o, struct norm_pic *p, char *why,
	    size_t whylen);
int	norm_one_pic(struct norm_pic *p, const struct norm_opt *o,
	    unsigned char pix[REC_PIXELS], char *why, size_t whylen);
int	norm_segment_pic(struct norm_pic *p, const struct norm_opt *o,
	    struct seg_result *res, unsigned char *pix, char *why,
	    size_t whylen);
void	norm_pic_free(struct norm_pic *p);
/* norm_buffer for plain imgnorm: the same record, but a picture of
 * several marks side by side (NORM_SEVERAL), or of a long flat stroke
 * (NORM_NOT_DIGIT), is refused with the reason (naming --segment when
 * there are several). Returns 0, -1, IMG_TOO_LARGE or those two. */
#define NORM_SEVERAL	(-3)
#define NORM_NOT_DIGIT	(-4)
int	norm_one_buffer(const unsigned char *buf, size_t n,
	    const struct norm_opt *o, unsigned char pix[REC_PIXELS],
	    char *why, size_t whylen);

#endif
