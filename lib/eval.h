/* SPDX-License-Identifier: ISC */
/*
 * eval.h: prediction lines, the confusion matrix and its report (eval.c).
 */
#ifndef DIGITPIPE_EVAL_H
#define DIGITPIPE_EVAL_H

#include <stdio.h>

struct confusion {
	unsigned long long m[10][10];	/* m[true][pred] */
	unsigned long long n;		/* lines counted */
	unsigned long long unknown;	/* lines with no true label */
};
/* Check one lrpredict line (modified in place: tabs become NULs);
 * *truth is -1 for "-". NULL if well-formed, else why not. */
const char *pred_parse(char *line, int *truth, int *pred);
double	confusion_accuracy(const struct confusion *c);
/* The accuracy line, the 10x10 matrix and the per-class report. */
void	confusion_print(const struct confusion *c, FILE *fp, int digits);

#endif
