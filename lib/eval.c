/* SPDX-License-Identifier: ISC */
/*
 * eval.c: prediction lines in, confusion matrix and a per-class report out,
 * laid out like scikit-learn's classification_report so the two can be
 * compared line by line.
 * Uses: predict.h (for the held-out threshold), util.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "model.h"
#include "predict.h"
#include "record.h"
#include "util.h"

const char *
pred_parse(char *line, int *truth, int *pred)
{
	char *f[4], *s = line, *tab;
	int i;

	for (i = 0; i < 4; i++) {
		f[i] = s;
		if ((tab = strchr(s, '\t')) == NULL) {
			if (i < 3)
				return "expected at least 4 tab-separated "
				    "fields: name, true, predicted, probability";
			break;
		}
		*tab = '\0';
		s = tab + 1;
	}
	if (strcmp(f[1], "-") == 0)
		*truth = -1;
	else if (f[1][0] >= '0' && f[1][0] <= '9' && f[1][1] == '\0')
		*truth = f[1][0] - '0';
	else
		return "true label is not a digit 0-9 or -";
	if (f[2][0] >= '0' && f[2][0] <= '9' && f[2][1] == '\0')
		*pred = f[2][0] - '0';
	else if (f[2][0] == '?' && f[2][1] == '\0')
		*pred = -1;		/* declined */
	else
		return "predicted label is not a digit 0-9 or ?";
	{
		char *end;
		double p = strtod(f[3], &end);

		if (end == f[3] || !(p >= 0 && p <= 1))
			return "probability is not a number from 0 to 1";
	}
	return NULL;
}

/*
 * For class k, with m[t][p] counting true t predicted p:
 *   precision = m[k][k] / sum_t m[t][k]   (of those predicted k, how many are)
 *   recall    = m[k][k] / sum_p m[k][p]   (of those that are k, how many found)
 *   f1        = 2 precision recall / (precision + recall)
 * A 0/0 is reported as 0, as scikit-learn does (zero_division="warn").
 */
static double
ratio(double a, double b)
{
	return b > 0 ? a / b : 0.0;
}

double
confusion_accuracy(const struct confusion *c)
{
	unsigned long long ok = 0;
	int k;

	for (k = 0; k < 10; k++)
		ok += c->m[k][k];
	return ratio((double)ok, (double)c->n);
}

void
confusion_print(const struct confusion *c, FILE *fp, int digits)
{
	double prec[10], rec[10], f1[10], sup[10];
	double ma[3] = {0, 0, 0}, wa[3] = {0, 0, 0}, total = 0;
	unsigned long long ok = 0, col;
	int t, p, k, nclass = 0;

	for (k = 0; k < 10; k++)
		ok += c->m[k][k];
	fprintf(fp, "accuracy %.*f (%llu/%llu)\n", digits + 2,
	    confusion_accuracy(c), ok, c->n);
	if (c->declined > 0)
		fprintf(fp, "coverage %.*f (%llu/%llu answered), accuracy on "
		    "the answered %.*f (%llu/%llu)\n", digits + 2,
		    ratio((double)(c->n - c->declined), (double)c->n),
		    c->n - c->declined, c->n, digits + 2,
		    ratio((double)ok, (double)(c->n - c->declined)), ok,
		    c->n - c->declined);
	if (c->unknown > 0)
		fprintf(fp, "unlabelled %llu (not counted)\n", c->unknown);

	fputs("\nconfusion matrix (rows: true digit, columns: predicted)\n\n"
	    "     ", fp);
	for (p = 0; p < 10; p++)
		fprintf(fp, " %5d", p);
	fputc('\n', fp);
	for (t = 0; t < 10; t++) {
		fprintf(fp, "%5d", t);
		for (p = 0; p < 10; p++)
			fprintf(fp, " %5llu", c->m[t][p]);
		fputc('\n', fp);
	}

	for (k = 0; k < 10; k++) {
		unsigned long long row = 0;

		col = 0;
		for (t = 0; t < 10; t++) {
			col += c->m[t][k];
			row += c->m[k][t];
		}
		prec[k] = ratio((double)c->m[k][k], (double)col);
		rec[k] = ratio((double)c->m[k][k], (double)row);
		f1[k] = ratio(2 * prec[k] * rec[k], prec[k] + rec[k]);
		sup[k] = (double)row;
	}
	/* scikit-learn's layout: a 12-wide label column, 9-wide numbers. */
	fprintf(fp, "\n%12s  %9s %9s %9s %9s\n\n", "", "precision", "recall",
	    "f1-score", "support");
	for (k = 0; k < 10; k++) {
		if (sup[k] == 0 && prec[k] == 0)
			continue;	/* a class absent from both columns */
		nclass++;
		fprintf(fp, "%12d  %9.*f %9.*f %9.*f %9.0f\n", k, digits,
		    prec[k], digits, rec[k], digits, f1[k], sup[k]);
		ma[0] += prec[k];
		ma[1] += rec[k];
		ma[2] += f1[k];
		wa[0] += prec[k] * sup[k];
		wa[1] += rec[k] * sup[k];
		wa[2] += f1[k] * sup[k];
		total += sup[k];
	}
	fprintf(fp, "\n%12s  %9s %9s %9.*f %9.0f\n", "accuracy", "", "",
	    digits, confusion_accuracy(c), total);
	fprintf(fp, "%12s  %9.*f %9.*f %9.*f %9.0f\n", "macro avg",
	    digits, ratio(ma[0], nclass), digits, ratio(ma[1], nclass),
	    digits, ratio(ma[2], nclass), total);
	fprintf(fp, "%12s  %9.*f %9.*f %9.*f %9.0f\n", "weighted avg",
	    digits, ratio(wa[0], total), digits, ratio(wa[1], total),
	    digits, ratio(wa[2], total), total);
}

struct pok {
	double p;
	unsigned char ok;
};

static int
cmp_pok(const void *a, const void *b)
{
	double x = ((const struct pok *)a)->p, y = ((const struct pok *)b)->p;

	return (x > y) - (x < y);
}

double
decline_choose(const double *p, const unsigned char *ok, size_t n,
    double cost)
{
	struct pok *v;
	size_t i, lost = 0, budget = (size_t)(cost * (double)n);
	double t = 0;

	if (n == 0 || (v = malloc(n * sizeof *v)) == NULL)
		return 0;
	for (i = 0; i < n; i++)
		v[i].p = p[i], v[i].ok = ok[i];
	qsort(v, n, sizeof *v, cmp_pok);
	/* t = v[i].p declines the rows below i (never part of a tie):
	 * take the largest whose right answers declined fit the budget. */
	for (i = 0; i < n && lost <= budget; i++) {
		if (i == 0 || v[i].p > v[i - 1].p)
			t = v[i].p;
		lost += v[i].ok;
	}
	free(v);
	return t;
}

double
decline_held(const struct model *m, const unsigned char *pix,
    const unsigned char *label, const uint32_t *rows, size_t n, double cost)
{
	double *pmax = dp_malloc(n * sizeof *pmax), p[10], t;
	unsigned char *ok = dp_malloc(n);
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		k = model_predict(m, pix + (size_t)rows[i] * REC_PIXELS, p);
		pmax[i] = p[k];
		ok[i] = k == label[rows[i]];
	}
	t = decline_choose(pmax, ok, n, cost);
	free(pmax);
	free(ok);
	return t;
}
