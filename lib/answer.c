/* SPDX-License-Identifier: ISC */
/*
 * answer.c: lrserve's answer for one picture: read as imgnorm reads it
 * (a number as imgnorm --segment reads it), classified as lrpredict
 * classifies it, declined when the model is not sure, written as JSON.
 * Uses: model.h, norm.h, predict.h, reply.h, segment.h, sniff.h, util.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "model.h"
#include "norm.h"
#include "predict.h"
#include "record.h"
#include "reply.h"
#include "segment.h"
#include "sniff.h"
#include "util.h"

/*
 * Whether the model declines its answer for a record, and why: the
 * library's model_answer, as lrpredict asks it: ANS_NOT_DIGIT when the
 * model's not-a-digit gate says so, ANS_NOT_SURE when the top
 * probability, as lrpredict prints it (%.6f), is under the threshold.
 */
enum { ANS_SURE, ANS_NOT_SURE, ANS_NOT_DIGIT };

/* One digit read: the model's answer, and whether it declines it. */
struct digit {
	const unsigned char *pix;
	const unsigned *box;		/* in the picture's pixels, or NULL */
	double p[10];
	int best, second, d;		/* d: ANS_* */
};

static void
read_digit(const struct model *m, double thr, struct digit *g)
{
	struct answer a;
	int k;

	switch (model_answer(m, g->pix, thr, -1, &a)) {
	case ANSWER_NOT_DIGIT:	g->d = ANS_NOT_DIGIT; break;
	case ANSWER_NOT_SURE:	g->d = ANS_NOT_SURE; break;
	default:		g->d = ANS_SURE; break;
	}
	memcpy(g->p, a.p, sizeof g->p);
	g->best = a.digit;
	g->second = g->best == 0;
	for (k = 0; k < 10; k++)
		if (k != g->best && g->p[k] > g->p[g->second])
			g->second = k;
}

/* A declined digit's "answer": "not a digit", "not sure (maybe 4 or 9)". */
static void
put_answer(struct serve_reply *r, const struct digit *g)
{
	if (g->d == ANS_NOT_SURE)
		reply_put(r, "\"answer\":\"not sure (maybe %d or %d)\"",
		    g->best, g->second);
	else
		reply_put(r, "\"answer\":\"not a digit\"");
}

/* One digit's fields: "digit", or "declined":true, "answer" and "maybe"
 * (the two most probable digits); then the probability, the ten, the
 * box, the input. */
static void
put_digit(struct serve_reply *r, const struct digit *g, int input)
{
	int k;

	if (g->d == ANS_SURE)
		reply_put(r, "\"digit\":%d,", g->best);
	else {
		reply_put(r, "\"declined\":true,");
		put_answer(r, g);
		if (g->d == ANS_NOT_SURE)
			reply_put(r, ",\"maybe\":[%d,%d]", g->best, g->second);
		reply_put(r, ",");
	}
	reply_put(r, "\"probability\":%.6f,\"probabilities\":[", g->p[g->best]);
	for (k = 0; k < 10; k++)
		reply_put(r, "%s%.6f", k ? "," : "", g->p[k]);
	reply_put(r, "]");
	if (g->box != NULL)
		reply_put(r, ",\"box\":[%u,%u,%u,%u]", g->box[0], g->box[1],
		    g->box[2], g->box[3]);
	if (input) {
		/* 784 numbers: written here, then put at once (a printf
		 * each was a tenth of a canvas's answer). */
		char s[REC_PIXELS * 4 + 1], *q = s;

		for (k = 0; k < REC_PIXELS; k++) {
			int v = g->pix[k];

			if (k > 0)
				*q++ = ',';
			if (v >= 100)
				*q++ = (char)('0' + v / 100);
			if (v >= 10)
				*q++ = (char)('0' + v / 10 % 10);
			*q++ = (char)('0' + v % 10);
		}
		*q = '\0';
		reply_put(r, ",\"input\":[%s]", s);
	}
}

/*
 * A picture of several digits in one row (read as imgnorm --segment
 * reads it): "number" (a declined digit is ?, as lrnumber prints it),
 * "probability" (the lowest of the digits'), "declined":true and the
 * "answer" of the first declined digit if any, then "digits", left to
 * right. When the model's gate says no mark is a digit, the picture is
 * "not a digit" as a whole.
 */
static void
put_number(const struct model *m, double thr, const struct seg_result *res,
    const unsigned char *pix, int input, struct serve_reply *r)
{
	struct digit g[SEG_MAX];
	char num[SEG_MAX + 1];
	double low = 1;
	int i, first = -1;

	for (i = 0; i < res->n; i++) {
		g[i].pix = pix + (size_t)i * REC_PIXELS;
		g[i].box = res->d[i].box;
		read_digit(m, thr, &g[i]);
		num[i] = g[i].d == ANS_SURE ? (char)('0' + g[i].best) : '?';
		low = g[i].p[g[i].best] < low ? g[i].p[g[i].best] : low;
		if (g[i].d != ANS_SURE && first < 0)
			first = i;
	}
	num[res->n] = '\0';
	for (i = 0; i < res->n && g[i].d == ANS_NOT_DIGIT; i++)
		;
	if (i == res->n) {	/* no mark is a digit: not a number */
		reply_put(r, "\"declined\":true,\"answer\":\"not a digit\","
		    "\"why\":\"none of its %d marks looks like a digit\"",
		    res->n);
		return;
	}
	reply_put(r, "\"number\":\"%s\",\"probability\":%.6f,", num, low);
	if (first >= 0) {
		reply_put(r, "\"declined\":true,");
		put_answer(r, &g[first]);
		reply_put(r, ",");
	}
	reply_put(r, "\"digits\":[");
	for (i = 0; i < res->n; i++) {
		reply_put(r, "%s{", i ? "," : "");
		put_digit(r, &g[i], input);
		reply_put(r, "}");
	}
	reply_put(r, "]");
}

/*
 * Are the digits found apart, or the pieces of one long flat mark that
 * the segmenter cut as touching digits (a dash)? Pieces of one mark lie
 * column to column: each box begins where the last one ended. Digits
 * written apart leave a column between them, or overlap.
 */
static int
apart(const struct seg_result *res)
{
	int i;

	for (i = 1; i < res->n; i++)
		if (res->d[i].x != res->d[i - 1].x + res->d[i - 1].w)
			return 1;
	return 0;
}

/*
 * One picture's answer appended as a line. It is read as plain imgnorm
 * reads it (norm_one_pic), then p = softmax(W x + b) as lrpredict
 * computes it (model_predict), probabilities printed as lrpredict prints
 * them (%.6f), so the answers can be compared as text:
 *  - one digit: {"digit","probability","probabilities","input"?}, as
 *    ever; or, when the model declines it, "declined":true, "maybe" (the
 *    two most probable digits) and "answer":"not sure (maybe 4 or 9)"
 *    instead of "digit";
 *  - several marks side by side, or a row too long and flat for one
 *    digit: read again, from the same ink map, as imgnorm --segment
 *    reads it: put_number, unless the segmenter cut one flat mark into
 *    pieces (apart);
 *  - no digit-like mark (a long flat stroke), several lines, too many
 *    marks: {"declined":true,"answer":"not a digit","why":...}.
 * A picture that cannot be used gets {"name","error","status"}: 415 if
 * check and the bytes are no PNG or JPEG. Returns its status.
 */
int
answer_picture(const struct model *m, double thr, const struct norm_opt *o,
    const unsigned char *body, size_t n, const char *name, int input,
    int check, struct serve_reply *r)
{
	unsigned char pix[REC_PIXELS], *seg = NULL;
	char why[NORM_WHY];
	struct seg_result res;
	struct norm_pic pic;
	int k = 0, st = 200;

	memset(&pic, 0, sizeof pic);
	if (check && !sniff_png(body, n) && !sniff_jpeg(body, n)) {
		const char *what = sniff(body, n);

		st = 415;
		if (n == 0)
			snprintf(why, sizeof why, "empty picture");
		else if (what != NULL)
			snprintf(why, sizeof why, "not a PNG or JPEG picture (it "
			    "looks like %s)", what);
		else
			snprintf(why, sizeof why, "not a PNG or JPEG picture");
	} else if ((k = norm_decode(body, n, o, &pic, why, sizeof why)) == 0 &&
	    ((k = norm_one_pic(&pic, o, pix, why, sizeof why)) ==
	    NORM_SEVERAL || k == NORM_NOT_DIGIT)) {
		char why1[NORM_WHY];

		memcpy(why1, why, sizeof why1);
		seg = dp_malloc((size_t)SEG_MAX * REC_PIXELS);
		if (norm_segment_pic(&pic, o, &res, seg, why,
		    sizeof why) != 0) {
			if (k == NORM_NOT_DIGIT)	/* its own reason */
				memcpy(why, why1, sizeof why);
			k = NORM_NOT_DIGIT;	/* several lines, too many */
		} else if (res.n < 2 || (k == NORM_NOT_DIGIT && !apart(&res))) {
			seg_free(&res);		/* one flat mark: a dash */
			memcpy(why, why1, sizeof why);
			k = NORM_NOT_DIGIT;
		} else
			k = 0;
	} else if (k == IMG_TOO_LARGE)
		st = 413;
	else if (k != 0 && k != NORM_NOT_DIGIT)
		st = 400;
	norm_pic_free(&pic);
	reply_put(r, "{");
	if (name != NULL) {
		reply_put(r, "\"name\":");
		reply_str(r, name);
		reply_put(r, ",");
	}
	if (st != 200) {
		reply_put(r, "\"error\":");
		reply_str(r, why);
		reply_put(r, ",\"status\":%d}\n", st);
	} else if (k == NORM_NOT_DIGIT) {
		reply_put(r, "\"declined\":true,\"answer\":\"not a digit\","
		    "\"why\":");
		reply_str(r, why);
		reply_put(r, "}\n");
	} else if (seg != NULL) {
		put_number(m, thr, &res, seg, input, r);
		seg_free(&res);
		reply_put(r, "}\n");
	} else {
		struct digit g = { .pix = pix };

		read_digit(m, thr, &g);
		put_digit(r, &g, input);
		reply_put(r, "}\n");
	}
	free(seg);
	return st;
}
