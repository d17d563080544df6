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

#endif
