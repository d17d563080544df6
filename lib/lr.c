/* SPDX-License-Identifier: ISC */
/*
 * lr.c: multinomial logistic regression (softmax regression) training:
 * the notation and the objective, the defaults, and lr_train, which sets
 * up the state (held-out rows, mean image, preconditioner) and hands it
 * to a solver (sgd.c or lbfgs.c). The pieces: kern.c (the hot loops),
 * loss.c (one pass: loss and gradient), pool.c (threads). Rows are
 * records (D pixels) or feature rows (o->dim bytes, feat.h): below, D
 * stands for either.
 * Uses: kern.h, model.h, pixsum.h, pool.h, rand.h, util.h, lr_int.h.
 *
 * Notation (shapes in brackets). K = 10 classes, D = 784 pixels.
 *   pix  [n x D]  bytes 0..255;  x = pix * s with s = 1/255 (model scale)
 *   W    [K x D]  weights,  b [K] biases
 *   z    [K]      logits:  z = W x + b
 *   p    [K]      p = softmax(z),  p_k = exp(z_k) / sum_j exp(z_j)
 *   y    [K]      one-hot label
 *   loss_i = -log p_y = logsumexp(z) - z_y
 * The objective is scikit-learn's, with its strength convention C:
 *   F(W, b) = C * sum_i loss_i + |W|^2 / 2        (b is not penalized)
 *   dF/dW = C * (P - Y)^T X + W    [K x D]
 *   dF/db = C * sum_i (p_i - y_i)  [K]
 *
 * Centring. Both solvers work on centred inputs: z = W (x - mu) + c with
 * mu the mean training image. Since b = c - W mu is not penalized, this
 * is the same objective in other coordinates, but far better conditioned
 * (the bias no longer fights the mean image). Gradients in these
 * coordinates:
 *   dF/dW = C * s * G^T pix - C * (sum_i g_i) mu^T + W,   G = P - Y
 *   dF/dc = C * sum_i g_i
 *
 * Determinism. Rows are cut into blocks of a fixed size that does not
 * depend on the thread count; each block's partial sums go to their own
 * slot, and slots are added in block order (in double). Any thread may
 * run any block, so the result is the same with 1 or 64 threads.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kern.h"
#include "lr_int.h"
#include "pixsum.h"
#include "pool.h"
#include "rand.h"
#include "util.h"

/* Pixel sums are taken in blocks of this many rows, one block an item. */
#define STB 4096

struct stats {
	const unsigned char *pix;
	size_t n;
	int d;			/* bytes per row */
	uint64_t *part;		/* items x 2d: sums, then sums of squares */
};

static void
stats_item(void *arg, size_t it)
{
	struct stats *sa = arg;
	size_t i0 = it * STB, m = sa->n - i0 < STB ? sa->n - i0 : STB, i;
	size_t d = (size_t)sa->d;
	uint64_t *c = sa->part + it * 2 * d;
	int j;

	memset(c, 0, 2 * d * sizeof *c);
	if (d == D) {
		pixel_sums(sa->pix + i0 * D, m, c);
		return;
	}
	/* Feature rows: plain sums (at most STB * 255^2 per counter). */
	for (i = i0; i < i0 + m; i++) {
		const unsigned char *p = sa->pix + i * d;

		for (j = 0; j < (int)d; j++) {
			c[j] += p[j];
			c[d + (size_t)j] += (uint32_t)p[j] * p[j];
		}
	}
}

void
lr_opts_default(struct lr_opts *o)
{
	memset(o, 0, sizeof *o);
	o->solver = LR_SGD;
	o->C = 1.0;
	o->epochs = 0;		/* per solver, see lr_train */
	o->batch = 256;
	o->lr = 2;
	o->momentum = 0.9;
	o->holdout = 0;
	o->patience = 3;
	o->tol = 1e-4;
	o->seed = LR_SEED;
	o->threads = 1;
	o->verbose_every = 1;
}

int
lr_threads_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > LR_MAX_THREADS ? LR_MAX_THREADS : (int)n;
}

int
lr_train(struct model *m, const unsigned char *pix, const unsigned char *label,
    size_t n, const struct lr_opts *o, struct lr_status *st)
{
	struct lr t;
	double *theta, dot;
	size_t i, nblk;
	int k, j, d = o->dim ? o->dim : D, md = m->dim;
	uint64_t rs = o->seed;

	if (n == 0 || n > UINT32_MAX || d % 112 != 0 || d > LR_MAX_DIM ||
	    md > d)
		return -1;
	memset(&t, 0, sizeof t);
	memset(st, 0, sizeof *st);
	clock_gettime(CLOCK_MONOTONIC, &t.t0);
	kern_pick();
	t.o = o;
	t.pix = pix;
	t.label = label;
	t.n = n;
	t.s = m->scale;
	t.d = d;
	t.mu = dp_calloc((size_t)d, sizeof *t.mu);
	t.pc = dp_calloc((size_t)d, sizeof *t.pc);
	t.perm = dp_malloc(n * sizeof *t.perm);
	for (i = 0; i < n; i++)
		t.perm[i] = (uint32_t)i;
	/* The held-out rows: a seeded random subset, the same for every
	 * thread count; the rest stays in record order for L-BFGS. */
	t.nhold = (size_t)(o->holdout * (double)n);
	if (t.nhold >= n)
		t.nhold = n - 1;
	t.ntrain = n - t.nhold;
	if (t.nhold > 0) {
		dp_shuffle32(t.perm, n, &rs);
		/* Keep the training rows in record order: cache friendly. */
		{
			unsigned char *held = dp_calloc(n, 1);

			for (i = t.ntrain; i < n; i++)
				held[t.perm[i]] = 1;
			for (i = 0, j = 0; i < n; i++)
				if (!held[i])
					t.perm[j++] = (uint32_t)i;
			for (i = 0; i < n; i++)
				if (held[i])
					t.perm[j++] = (uint32_t)i;
			free(held);
		}
	}
	pool_start(&t.pool, o->threads);
	/* mu = mean training image, in x units: (1/n) sum_i s pix_i;
	 * var = the pixels' variances, for SGD's preconditioner. */
	{
		uint64_t *cnt = dp_calloc(2 * (size_t)d, sizeof *cnt);
		double *var = dp_malloc((size_t)d * sizeof *var), avg = 0;
		size_t it, nit = (n + STB - 1) / STB;

		if (o->sums != NULL && o->dim == 0)
			memcpy(cnt, o->sums, 2 * D * sizeof *cnt);
		else {
			struct stats sa = { pix, n, d, 0 };

			sa.part = dp_malloc(nit * 2 * (size_t)d *
			    sizeof *sa.part);
			pool_run(&t.pool, stats_item, &sa, nit);
			for (it = 0; it < nit; it++)
				for (j = 0; j < 2 * d; j++)
					cnt[j] += sa.part[it * 2 * (size_t)d +
					    (size_t)j];
			free(sa.part);
		}
		/* The training rows' sums: all rows' less the held-out. */
		for (i = t.ntrain; i < n; i++) {
			const unsigned char *p = pix + (size_t)t.perm[i] * d;

			for (j = 0; j < d; j++) {
				cnt[j] -= p[j];
				cnt[d + j] -= (uint64_t)p[j] * p[j];
			}
		}
		/* Padding columns (always 0) do not count in the mean
		 * variance: avg is over the model's md inputs. */
		for (j = 0; j < d; j++) {
			t.mu[j] = t.s * (double)cnt[j] / (double)t.ntrain;
			var[j] = t.s * t.s * (double)cnt[d + j] /
			    (double)t.ntrain - t.mu[j] * t.mu[j];
			avg += var[j] / md;
		}
		for (j = 0; j < d; j++)
			t.pc[j] = 1 / (var[j] / avg + PC_DELTA);
		free(cnt);
		free(var);
	}
	t.w = amalloc((size_t)K * d * sizeof *t.w);
	nblk = (n + SUB - 1) / SUB;
	if ((n + BLK - 1) / BLK > nblk)
		nblk = (n + BLK - 1) / BLK;
	t.gw = amalloc(nblk * (size_t)K * d * sizeof *t.gw);
	t.gb = dp_malloc(nblk * K * sizeof *t.gb);
	t.bloss = dp_malloc(nblk * sizeof *t.bloss);
	t.bright = dp_malloc(nblk * sizeof *t.bright);
	theta = dp_calloc((size_t)K * d + K, sizeof *theta);
	if (o->init != NULL)
		/* From the model's coordinates: W as it is, c_k = b_k +
		 * W_k . mu (the centred bias the solvers work on); the
		 * padding columns of feature rows stay 0. */
		for (k = 0; k < K; k++) {
			const float *w = o->init->w + (size_t)k * (md + 1);

			dot = 0;
			for (j = 0; j < md; j++) {
				theta[k * d + j] = w[j];
				dot += (double)w[j] * t.mu[j];
			}
			theta[K * d + k] = w[md] + dot;
		}
	if (o->solver == LR_LBFGS)
		lbfgs(&t, theta, st);
	else
		sgd(&t, theta, st);
	/* The final objective, always on the float weights saved. */
	{
		double *g = dp_malloc(((size_t)K * d + K) * sizeof *g);
		size_t right;

		for (i = 0; i < (size_t)K * d; i++)
			theta[i] = (float)theta[i];
		st->obj = objective(&t, theta, g, &right);
		st->gmax = maxabs(g, (size_t)K * d + K);
		st->train_acc = (double)right / (double)t.ntrain;
		free(g);
	}
	pool_stop(&t.pool);
	/* Back to the model's coordinates: b_k = c_k - W_k . mu. */
	for (k = 0; k < K; k++) {
		dot = 0;
		for (j = 0; j < md; j++) {
			m->w[(size_t)k * (md + 1) + j] = (float)theta[k * d + j];
			dot += theta[k * d + j] * t.mu[j];
		}
		m->w[(size_t)k * (md + 1) + md] = (float)(theta[K * d + k] -
		    dot);
	}
	st->ntrain = t.ntrain;
	st->nhold = t.nhold;
	st->elapsed = elapsed(&t);
	free(theta);
	free(t.mu);
	free(t.pc);
	free(t.w);
	free(t.gw);
	free(t.gb);
	free(t.bloss);
	free(t.bright);
	if (o->hold_rows != NULL) {
		/* The held-out rows sit at the end of perm. */
		memmove(t.perm, t.perm + t.ntrain, t.nhold * sizeof *t.perm);
		*o->hold_rows = t.perm;
	} else
		free(t.perm);
	return 0;
}

void
lr_describe(struct model *m, const struct lr_opts *o,
    const struct lr_status *st, size_t n, uint64_t digest)
{
	model_set(m, "solver", "%s", o->solver == LR_SGD ? "sgd" : "lbfgs");
	model_set(m, "C", "%.17g", o->C);
	if (o->solver == LR_SGD) {
		model_set(m, "epochs", "%d", st->epoch);
		model_set(m, "batch", "%d", o->batch);
		model_set(m, "lr", "%.17g", o->lr);
		model_set(m, "momentum", "%.17g", o->momentum);
	} else {
		model_set(m, "iterations", "%d", st->epoch);
		model_set(m, "tol", "%.17g", o->tol);
	}
	if (o->holdout > 0)
		model_set(m, "holdout", "%.17g", o->holdout);
	model_set(m, "seed", "%llu", (unsigned long long)o->seed);
	if (o->init != NULL) {
		const char *d = model_get(o->init, "data-fnv1a64");

		model_set(m, "init-data-fnv1a64", "%s", d != NULL ? d : "-");
	}
	model_set(m, "records", "%zu", n);
	model_set(m, "trained-on", "%zu", st->ntrain);
	model_set(m, "data-fnv1a64", "%016llx", (unsigned long long)digest);
	model_set(m, "objective", "%.10g", st->obj);
	model_set(m, "train-accuracy", "%.6f", st->train_acc);
}

/* The model to start from (--init): the same inputs as the one trained
 * (model_load refuses another class count or image size). */
void
lr_load_init(struct model *init, const char *path, const struct model *m)
{
	char a[160], b[160];

	if (model_load(init, path) != 0)
		exit(1);	/* it said why */
	if (init->scale != m->scale)
		dp_die(1, "--init %s: the model scales pixels by %.17g, "
		    "lrtrain by %.17g: another feature map", path, init->scale,
		    m->scale);
	model_inputs(init, a, sizeof a);
	model_inputs(m, b, sizeof b);
	if (strcmp(a, b) != 0)
		dp_die(1, "--init %s: the model is trained on %s, this run on %s "
		    "(--features)", path, a, b);
}
