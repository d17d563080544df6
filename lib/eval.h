/* SPDX-License-Identifier: ISC */
/*
 * eval.h: prediction lines, the confusion matrix and its report (eval.c).
 */
#ifndef DIGITPIPE_EVAL_H
#define DIGITPIPE_EVAL_H

#include <stdint.h>
#include <stdio.h>

#include "model.h"

struct confusion {
	unsigned long long m[10][10];	/* m[true][pred] */
	unsigned long long n;		/* lines counted */
	unsigned long long unknown;	/* lines with no true label */
	unsigned long long declined;	/* of n, predicted ? (counted wrong) */
};
/* Check one lrpredict line (modified in place: tabs become NULs);
 * *truth is -1 for "-". NULL if well-formed, else why not. */
const char *pred_parse(char *line, int *truth, int *pred);	/* pred -1: ? */
double	confusion_accuracy(const struct confusion *c);
/* The accuracy line (and, when some lines were declined, the coverage and
 * the accuracy on the answered lines), the 10x10 matrix and the
 * per-class report. */
void	confusion_print(const struct confusion *c, FILE *fp, int digits);

/*
 * The decline threshold chosen on held-out rows: their top probabilities
 * p[i] and whether the prediction was right ok[i]. The largest threshold
 * t (one of the p[i], or 0) that declines (p < t) right answers of at
 * most cost (a fraction: 0.005 is half a point of accuracy) of the rows.
 */
double	decline_choose(const double *p, const unsigned char *ok, size_t n,
	    double cost);
/* The same from a model and its held-out records: rows[0..n) index the
 * records (784 pixels each) and their labels. */
double	decline_held(const struct model *m, const unsigned char *pix,
	    const unsigned char *label, const uint32_t *rows, size_t n,
	    double cost);

#endif
