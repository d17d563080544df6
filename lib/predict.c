/* SPDX-License-Identifier: ISC */
/*
 * predict.c: applying a model to a record: its feature map if it has
 * one, the logits, the softmax; and the threshold under which its
 * answers are declined; the not-a-digit gate; and model_answer, which
 * says all of it about one record. The model file itself is model.c.
 * Uses: feat.h, model.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "model.h"
#include "predict.h"

/*
 * A feature model's dot products: W_k . f in 16 lanes (lane l adds the
 * products of inputs 16c + l in order, then the lanes are added in a
 * fixed tree: l + 8, l + 4, l + 2, l + 1), so the sum is the same on
 * every machine, vectorized or not. (-ffp-contract=off keeps products
 * and sums apart.) Pixel models keep their one running sum.
 */
typedef float v16f __attribute__((vector_size(64)));

static float
dot16(const float *w, const float *x, int n)
{
	v16f acc = { 0 }, a, b;
	float lane[16];
	int j, h, l;

	for (j = 0; j + 16 <= n; j += 16) {
		memcpy(&a, w + j, sizeof a);
		memcpy(&b, x + j, sizeof b);
		a *= b;
		acc += a;
	}
	memcpy(lane, &acc, sizeof lane);
	for (; j < n; j++) {
		float t = w[j] * x[j];

		lane[j & 15] += t;
	}
	for (h = 8; h > 0; h >>= 1)
		for (l = 0; l < h; l++)
			lane[l] += lane[l + h];
	return lane[0];
}

/*
 * z = W x + b with x = pix * scale (or the feature map of pix, times
 * scale), then p = softmax(z).
 * Shapes: W is K x D, pix is D bytes, p is K.
 * Stability: subtract max(z) before exp, so no exp overflows.
 */
int
model_predict(const struct model *m, const unsigned char *pix, double *p)
{
	int k, j, best = 0, d1 = m->dim + 1;
	double z, zmax = -INFINITY, sum = 0;
	unsigned char f[FEAT_MAX_DIM];
	float x[FEAT_MAX_DIM];

	if (m->feat) {
		feat_map(&m->fm, pix, f);
		for (j = 0; j < m->dim; j++)
			x[j] = f[j];
	}
	for (k = 0; k < m->classes; k++) {
		const float *w = m->w + (size_t)k * d1;
		float acc = 0;

		if (m->feat)
			acc = dot16(w, x, m->dim);
		else
			for (j = 0; j < m->dim; j++)
				acc += w[j] * (float)pix[j];
		z = (double)acc * m->scale + w[m->dim];
		p[k] = z;
		if (z > zmax) {
			zmax = z;
			best = k;
		}
	}
	for (k = 0; k < m->classes; k++)
		sum += (p[k] = exp(p[k] - zmax));
	for (k = 0; k < m->classes; k++)
		p[k] /= sum;
	return best;
}

int
model_decline(const struct model *m, double *thr)
{
	const char *v = model_get(m, "decline");
	char *end;

	*thr = 0;
	if (v == NULL)
		return 0;
	*thr = strtod(v, &end);
	if (end == v || *end != '\0' || !(*thr >= 0 && *thr <= 1)) {
		*thr = 0;
		return -1;
	}
	return 0;
}

double
model_gate(const struct model *m, const unsigned char *pix, int k)
{
	const float *w;
	unsigned char f[FEAT_MAX_DIM];
	float x[FEAT_MAX_DIM];
	int j, d = m->gfm.dim;
	double z;

	if (!m->gate || k < 0 || k >= m->classes)
		return -1;
	w = m->gw + (size_t)k * (size_t)(d + 1);
	feat_map(&m->gfm, pix, f);
	for (j = 0; j < d; j++)
		x[j] = f[j];
	z = (double)dot16(w, x, d) + w[d];
	return 1 / (1 + exp(-z));
}

enum verdict
model_answer(const struct model *m, const unsigned char *pix, double thr,
    double gthr, struct answer *a)
{
	char pv[32];

	if (thr < 0 && model_decline(m, &thr) != 0)
		thr = 0;
	if (gthr < 0)
		gthr = m->gate ? m->gthr : 2;
	a->digit = model_predict(m, pix, a->p);
	a->notdigit = model_gate(m, pix, a->digit);
	snprintf(pv, sizeof pv, "%.6f", a->p[a->digit]);
	if (a->notdigit >= 0 && a->notdigit >= gthr)
		a->verdict = ANSWER_NOT_DIGIT;
	else if (strtod(pv, NULL) < thr)
		a->verdict = ANSWER_NOT_SURE;
	else
		a->verdict = ANSWER_DIGIT;
	return a->verdict;
}

const char *
verdict_name(enum verdict v)
{
	return v == ANSWER_NOT_DIGIT ? "not a digit" : v == ANSWER_NOT_SURE ?
	    "not sure" : "digit";
}
