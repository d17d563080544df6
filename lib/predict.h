/* SPDX-License-Identifier: ISC */
/*
 * predict.h: applying a model to a record (predict.c).
 */
#ifndef DIGITPIPE_PREDICT_H
#define DIGITPIPE_PREDICT_H

#include "model.h"

/* p[k] = softmax(W x + b), x = pix * scale, or the feature map of pix
 * times scale. Returns argmax. */
int	model_predict(const struct model *m, const unsigned char *pix,
	    double *p);
/* The model's decline threshold (its "decline" key; 0 when it has none):
 * 0, or -1 when the key is not a probability from 0 to 1. */
int	model_decline(const struct model *m, double *thr);

/* The gate's probability that pix, which the model answers with class k,
 * is not a digit (model.h), or -1 when the model has no gate. */
double	model_gate(const struct model *m, const unsigned char *pix, int k);

/*
 * What to say about one record: the one call a program needs (lrpredict,
 * lrserve). thr is the probability threshold (< 0: the model's own
 * "decline" key); gthr the gate's (< 0: the model's own; above 1: no
 * gate). A record is not a digit when the gate says so (p >= gthr), and
 * else not sure when its top probability, as printed with %.6f, is
 * under thr.
 */
enum verdict {
	ANSWER_DIGIT = 0,	/* a digit: a->digit */
	ANSWER_NOT_DIGIT,	/* declined: the gate says it is not a digit */
	ANSWER_NOT_SURE		/* declined: top probability under thr */
};
struct answer {
	enum verdict verdict;
	int digit;		/* the most probable class, whatever the verdict */
	double p[10];		/* the ten class probabilities */
	double notdigit;	/* the gate's probability, or -1 without one */
};
enum verdict model_answer(const struct model *m, const unsigned char *pix,
	    double thr, double gthr, struct answer *a);
/* The verdict's words: "digit", "not a digit", "not sure". */
const char *verdict_name(enum verdict v);

#endif
