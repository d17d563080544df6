/* SPDX-License-Identifier: ISC */
/*
 * lrgate.c: the not-a-digit gate that lrtrain --notdigit adds to a
 * model: a binary logistic regression, digit or not, on a feature map of
 * the record, learnt from the training digits against records of
 * junk.c's generator.
 *
 * Why a separate gate and not an 11th class. An 11th softmax class would
 * change what every tool takes as given: ten probabilities (lrpredict
 * -p, confmat's 10x10 matrix, lrshow's ten weight pictures, lrserve's
 * bars, lrcurve, lrtrain --init's check of the classes), and the kernels
 * built for K = 10. A gate beside the ten classes leaves all of that as
 * it is: the ten probabilities stay a digit's, a model without the
 * section reads and answers as before, and lrpredict only gains a reason
 * to write ?. It also may use its own inputs: the gradient-orientation
 * map (feat.h) sees strokes and their directions, which tell a mark from
 * a digit far better than pixels do, whatever the digit model is on.
 *
 * One gate per class the model answers (K lines of weights): a cross is
 * told from an 8, a dash from a 1, each by its own linear rule, which is
 * a little more than one rule for all can (measured on generated junk of
 * another seed, at 0.3% of held-out digits: one gate 78%, one per class
 * 80% behind a pixel model; one per class behind a feature model 93%).
 *
 * The fit: mini-batch SGD with momentum on standardized inputs; each
 * batch is half the class's digits, a quarter the junk the model answers
 * with that class, a quarter any junk (so digits and junk count alike,
 * however many there are), on one thread in a fixed order: the same
 * weights on every run. The threshold is chosen on the held-out digits,
 * each seen by the gate of the class the model answers (lr.h).
 * Uses: feat.h, junk.h, model.h, pool.h, predict.h, rand.h, util.h, lr.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "junk.h"
#include "lr.h"
#include "model.h"
#include "pool.h"
#include "predict.h"
#include "rand.h"
#include "util.h"

#define GATE_EPOCHS	15	/* steps: this many times twice the class's
				 * digits (plus 1000), over the batch size */
#define GATE_BATCH	64	/* rows a step, half of each */
#define GATE_LR		0.02	/* peak step on standardized inputs */
#define GATE_MOM	0.9
#define GATE_L2		1e-4

struct gset {
	const unsigned char *f;	/* rows of d bytes */
	const uint32_t *idx;	/* the rows to draw from */
	size_t n;
};

/* Rows a batch draws from each set, in turn: digits, junk the model
 * answers with this class, any junk. */
static const int draw_from[4] = { 0, 1, 0, 2 };

/*
 * v . f for d float weights and d bytes, in 16 lanes added in a fixed
 * tree (as predict.c's dot16): the same sum vectorized or not.
 */
typedef float v16f __attribute__((vector_size(64)));
typedef unsigned char v16u __attribute__((vector_size(16)));

static float
dotb(const float *v, const unsigned char *f, int d)
{
	v16f acc = { 0 }, a, x;
	v16u b;
	float lane[16];
	int j, h, l;

	for (j = 0; j + 16 <= d; j += 16) {
		memcpy(&a, v + j, sizeof a);
		memcpy(&b, f + j, sizeof b);
		x = __builtin_convertvector(b, v16f);
		a *= x;
		acc += a;
	}
	memcpy(lane, &acc, sizeof lane);
	for (; j < d; j++) {
		float t = v[j] * (float)f[j];

		lane[j & 15] += t;
	}
	for (h = 8; h > 0; h >>= 1)
		for (l = 0; l < h; l++)
			lane[l] += lane[l + h];
	return lane[0];
}

static int
cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The SGD proper: w (d weights in standardized units, then the bias). */
static void
fit(const struct gset *set, int d, const double *mu, const double *isd,
    double *w, uint64_t seed)
{
	double *vel = dp_calloc((size_t)d + 1, sizeof *vel);
	float *v = dp_malloc((size_t)d * sizeof *v);
	double *g = dp_malloc((size_t)d * sizeof *g);
	float *ge = dp_malloc((size_t)d * sizeof *ge);
	size_t steps = GATE_EPOCHS * (2 * set[0].n + 1000) / GATE_BATCH, t;
	uint64_t st = seed ^ 0x67617465ULL;
	int j, r, y;

	for (t = 0; t < steps; t++) {
		double c = 0, se = 0, gb = 0;
		double lr = GATE_LR * (1 - (double)t / (double)steps);

		for (j = 0; j < d; j++) {
			v[j] = (float)(w[j] * isd[j]);
			c += v[j] * mu[j];
			ge[j] = 0;
		}
		for (r = 0; r < GATE_BATCH; r++) {
			const struct gset *s = &set[draw_from[r & 3]];
			const unsigned char *f = s->f + (size_t)s->idx[
			    dp_rand_below(&st, s->n)] * (size_t)d;
			float acc = dotb(v, f, d);
			double z, e;

			y = (r & 1) != 0;
			z = (double)acc - c + w[d];
			e = 1 / (1 + exp(-z)) - y;	/* y = 1: not a digit */
			for (j = 0; j < d; j++)
				ge[j] += (float)e * (float)f[j];
			se += e;
			gb += e;
		}
		for (j = 0; j < d; j++) {
			g[j] = (ge[j] - se * mu[j]) * isd[j] / GATE_BATCH +
			    GATE_L2 * w[j];
			vel[j] = GATE_MOM * vel[j] - lr * g[j];
			w[j] += vel[j];
		}
		vel[d] = GATE_MOM * vel[d] - lr * gb / GATE_BATCH;
		w[d] += vel[d];
	}
	free(vel);
	free(v);
	free(g);
	free(ge);
}

struct gjob {
	struct model *m;
	const unsigned char *fd, *fj, *pd, *pj, *held;
	size_t n, nj;
	int d;
	const double *mu, *isd;
	uint64_t seed;
};

/* The gate of class cls: its digits against the junk the model would
 * answer with that class, and any junk (into row cls of m->gw). */
static void
gate_class(void *arg, size_t cls)
{
	struct gjob *g = arg;
	struct gset set[3];
	uint32_t *di = dp_malloc(g->n * sizeof *di);
	uint32_t *jk = dp_malloc((g->nj + 1) * sizeof *jk);
	uint32_t *all = dp_malloc((g->nj + 1) * sizeof *all);
	double *w = dp_calloc((size_t)g->d + 1, sizeof *w), c = 0;
	float *gw = g->m->gw + cls * (size_t)(g->d + 1);
	size_t i, nd = 0, njk = 0;
	int j;

	for (i = 0; i < g->n; i++)
		if (!g->held[i] && g->pd[i] == cls)
			di[nd++] = (uint32_t)i;
	for (i = 0; i < g->nj; i++) {
		all[i] = (uint32_t)i;
		if (g->pj[i] == cls)
			jk[njk++] = (uint32_t)i;
	}
	set[0] = (struct gset){ g->fd, di, nd };
	set[1] = njk ? (struct gset){ g->fj, jk, njk } :
	    (struct gset){ g->fj, all, g->nj };
	set[2] = (struct gset){ g->fj, all, g->nj };
	if (nd > 0 && g->nj > 0)
		fit(set, g->d, g->mu, g->isd, w, g->seed + (uint64_t)cls);
	else
		w[g->d] = nd > 0 ? -10 : 10;
	/* Back to the map's bytes: W_j = w_j / sd_j, bias b - W . mu. */
	for (j = 0; j < g->d; j++) {
		gw[j] = (float)(w[j] * g->isd[j]);
		c += (double)gw[j] * g->mu[j];
	}
	gw[g->d] = (float)(w[g->d] - c);
	free(di);
	free(jk);
	free(all);
	free(w);
}

void
lr_gate(struct model *m, const unsigned char *pix, size_t n,
    const uint32_t *hold, size_t nhold, const struct lr_gate_opts *o)
{
	struct featmap fm;
	unsigned char *junk, *kind, *fd, *fj, *held, *pd, *pj;
	double *mu, *isd, *p, pr[10];
	size_t i, nj = o->njunk, caught = 0, k;
	int j, d;

	if (feat_preset(o->map ? o->map : FEAT_DEFAULT, &fm) != 0)
		dp_die(1, "no feature map '%s'", o->map);
	model_set_gate(m, &fm);
	d = fm.dim;
	junk = dp_malloc(nj * REC_PIXELS);
	kind = dp_malloc(nj);
	junk_records(o->seed, nj, junk, kind, o->threads);
	fd = dp_malloc(n * (size_t)d);
	fj = dp_malloc(nj * (size_t)d);
	feat_rows(&fm, pix, n, fd, (size_t)d, o->threads);
	feat_rows(&fm, junk, nj, fj, (size_t)d, o->threads);
	/* The class the model answers for each row: which gate sees it. */
	pd = dp_malloc(n);
	pj = dp_malloc(nj);
	for (i = 0; i < n; i++)
		pd[i] = (unsigned char)model_predict(m, pix + i * REC_PIXELS, pr);
	for (i = 0; i < nj; i++)
		pj[i] = (unsigned char)model_predict(m, junk + i * REC_PIXELS, pr);
	held = dp_calloc(n, 1);
	for (i = 0; i < nhold; i++)
		held[hold[i]] = 1;

	/* Standardize: digits and junk count half each. */
	mu = dp_calloc((size_t)d, sizeof *mu);
	isd = dp_calloc((size_t)d, sizeof *isd);
	for (k = 0; k < 2; k++) {
		const unsigned char *f0 = k ? fj : fd;
		size_t rows = k ? nj : n, cnt = 0;
		double *s1 = dp_calloc((size_t)d, sizeof *s1);
		double *s2 = dp_calloc((size_t)d, sizeof *s2);

		for (i = 0; i < rows; i++) {
			const unsigned char *f = f0 + i * (size_t)d;

			if (!k && held[i])
				continue;
			cnt++;
			for (j = 0; j < d; j++) {
				s1[j] += f[j];
				s2[j] += (double)f[j] * f[j];
			}
		}
		for (j = 0; j < d; j++) {
			mu[j] += 0.5 * s1[j] / (double)cnt;
			isd[j] += 0.5 * s2[j] / (double)cnt;
		}
		free(s1);
		free(s2);
	}
	for (j = 0; j < d; j++)
		isd[j] = 1 / sqrt(isd[j] - mu[j] * mu[j] + 1);

	/* One gate per class the model answers, each on its own thread. */
	{
		struct gjob gj = { m, fd, fj, pd, pj, held, n, nj, d, mu, isd,
		    o->seed };
		struct pool pl;

		pool_start(&pl, o->threads < 1 ? 1 : o->threads);
		pool_run(&pl, gate_class, &gj, LR_K);
		pool_stop(&pl);
	}

	/* The threshold: at most cost * nhold held-out digits at or above
	 * it, printed with 6 decimals (as the file keeps it). */
	m->gthr = 0.5;
	if (nhold > 0) {
		p = dp_malloc(nhold * sizeof *p);
		for (i = 0; i < nhold; i++)
			p[i] = model_gate(m, pix + (size_t)hold[i] * REC_PIXELS,
			    pd[hold[i]]);
		qsort(p, nhold, sizeof *p, cmp_desc);
		k = (size_t)(o->cost * (double)nhold);
		if (k < nhold) {
			double t = (floor(p[k] * 1e6) + 1) / 1e6;

			m->gthr = t < 0.5 ? 0.5 : t > 1 ? 1 : t;
		}
		for (i = 0, k = 0; i < nhold; i++)
			k += p[i] >= m->gthr;
		model_set(m, "gate-held-out-declined", "%.6f",
		    (double)k / (double)nhold);
		free(p);
	}
	for (i = 0; i < nj; i++)
		caught += model_gate(m, junk + i * REC_PIXELS, pj[i]) >= m->gthr;
	model_set(m, "gate-records", "%zu", nj);
	model_set(m, "gate-junk-caught", "%.6f", nj ? (double)caught /
	    (double)nj : 0);
	free(junk);
	free(kind);
	free(fd);
	free(fj);
	free(pd);
	free(pj);
	free(held);
	free(mu);
	free(isd);
}
