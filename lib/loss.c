/* SPDX-License-Identifier: ISC */
/*
 * loss.c: the softmax loss and its gradient, fused in one pass over
 * blocks of rows (forward, loss, backward), the reduction of the blocks'
 * sums in a fixed order, the objective F with its gradient, and the
 * small services both solvers use. The notation is in lr.c.
 * Uses: kern.h, pool.h, util.h, lr_int.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kern.h"
#include "lr_int.h"
#include "pool.h"
#include "util.h"

void
pass_block(void *arg, size_t bi)
{
	struct pass *ps = arg;
	const unsigned char *rows[BLK] = { 0 };
	float a[BLK * K], g[BLK * K];
	size_t r0 = bi * (size_t)ps->blk, row;
	int nr = (int)(ps->nrows - r0 < (size_t)ps->blk ? ps->nrows - r0 :
	    (size_t)ps->blk);
	int r, k, y, best;
	double loss = 0, gb[K] = { 0 };
	unsigned right = 0;

	for (r = 0; r < nr; r++) {
		row = ps->idx ? ps->idx[r0 + r] : ps->row0 + r0 + r;
		rows[r] = ps->pix + row * D;
	}
	kern_fwd(rows, nr, ps->w, a);
	for (r = 0; r < nr; r++) {
		double z[K], e[K], sum = 0;

		row = ps->idx ? ps->idx[r0 + r] : ps->row0 + r0 + r;
		y = ps->label[row];
		best = 0;
		for (k = 0; k < K; k++) {
			z[k] = ps->s * a[r * K + k] + ps->off[k];
			if (z[k] > z[best])
				best = k;
		}
		/* Stability: subtract max(z) before exp, so no exp
		 * overflows and sum >= 1; then
		 *   loss = logsumexp(z) - z_y = log(sum) + (zmax - z_y),
		 * which never takes the log of an underflowed p_y. */
		for (k = 0; k < K; k++)
			sum += (e[k] = exp(z[k] - z[best]));
		loss += log(sum) + (z[best] - z[y]);
		right += best == y;
		for (k = 0; k < K; k++) {
			/* g = p - y, the softmax+cross-entropy gradient
			 * wrt z (the Jacobian product collapses). */
			double gk = e[k] / sum - (k == y);

			g[r * K + k] = (float)gk;
			gb[k] += gk;
		}
	}
	ps->loss[bi] = loss;
	ps->right[bi] = right;
	if (!ps->grad)
		return;
	memcpy(ps->gb + bi * K, gb, sizeof gb);
	kern_bwd(rows, nr, g, ps->gw + bi * (size_t)K * D);
}

/* Blocks of a pass, then reduce: every block's sums in block order. */
struct reduce {
	const struct pass *ps;
	size_t nblk;
	double *out;		/* K x D: sum over blocks of gw */
};

#define RCH 64			/* columns per reduce item */

static void
reduce_item(void *arg, size_t it)
{
	struct reduce *rd = arg;
	size_t j0 = it * RCH, j1 = j0 + RCH, j, b;
	double acc[RCH];

	if (j1 > (size_t)K * D)
		j1 = (size_t)K * D;
	memset(acc, 0, sizeof acc);
	for (b = 0; b < rd->nblk; b++) {
		const float *src = rd->ps->gw + b * (size_t)K * D;

		for (j = j0; j < j1; j++)
			acc[j - j0] += src[j];
	}
	for (j = j0; j < j1; j++)
		rd->out[j] = acc[j - j0];
}

/* The blocks' loss, right answers and bias gradients, added in block
 * order. */
void
pass_sums(const struct pass *ps, size_t nblk, struct sums *t)
{
	size_t b;
	int k;

	memset(t, 0, sizeof *t);
	for (b = 0; b < nblk; b++) {
		t->loss += ps->loss[b];
		t->right += ps->right[b];
		if (ps->grad)
			for (k = 0; k < K; k++)
				t->gb[k] += ps->gb[b * K + k];
	}
}

/* Run a pass; fills t (and gsum [K x D] when ps->grad). */
void
pass_run(struct pool *pl, struct pass *ps, double *gsum, struct sums *t)
{
	size_t nblk = (ps->nrows + (size_t)ps->blk - 1) / (size_t)ps->blk;

	pool_run(pl, pass_block, ps, nblk);
	pass_sums(ps, nblk, t);
	if (ps->grad) {
		struct reduce rd = { ps, nblk, gsum };

		pool_run(pl, reduce_item, &rd, ((size_t)K * D + RCH - 1) / RCH);
	}
}

double
elapsed(const struct lr *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->t0.tv_sec) +
	    (double)(now.tv_nsec - t->t0.tv_nsec) * 1e-9;
}

/* Cache-line aligned: a 64-byte vector load then never straddles two
 * lines. (K * D * 4 is a multiple of 64.) */
void *
amalloc(size_t n)
{
	void *p = aligned_alloc(64, (n + 63) / 64 * 64);

	if (p == NULL)
		dp_die(1, "out of memory (%zu bytes)", n);
	return p;
}


/*
 * Set up a pass over rows [r0, r0 + nr) of perm (or of the data, when
 * perm is NULL), blk rows per block, with the gradient if grad.
 */
void
pass_init(struct lr *t, struct pass *ps, const uint32_t *perm, size_t r0,
    size_t nr, int blk, int grad)
{
	memset(ps, 0, sizeof *ps);
	ps->w = t->w;
	ps->s = t->s;
	ps->pix = t->pix;
	ps->label = t->label;
	ps->idx = perm ? perm + r0 : NULL;
	ps->row0 = perm ? 0 : r0;
	ps->nrows = nr;
	ps->blk = blk;
	ps->grad = grad;
	ps->gw = t->gw;
	ps->gb = t->gb;
	ps->loss = t->bloss;
	ps->right = t->bright;
}

/*
 * The weights of a pass: W [K x D] (double) goes to the float copy the
 * kernels read, and the centred biases c [K] to the logit offsets
 *   off_k = c_k - W_k . mu     (with the float W_k the kernel uses)
 * so that z_k = s * (W_k . pix) + off_k = W_k . (x - mu) + c_k.
 */
void
set_weights(struct lr *t, struct pass *ps, const double *W, const double *c)
{
	int k, j;

	for (k = 0; k < K * D; k++)
		t->w[k] = (float)W[k];
	for (k = 0; k < K; k++) {
		double dot = 0;

		for (j = 0; j < D; j++)
			dot += (double)t->w[k * D + j] * t->mu[j];
		ps->off[k] = c[k] - dot;
	}
}

static void
pass_setup(struct lr *t, struct pass *ps, const double *W, const double *c,
    const uint32_t *perm, size_t r0, size_t nr, int blk, int grad)
{
	pass_init(t, ps, perm, r0, nr, blk, grad);
	set_weights(t, ps, W, c);
}

/*
 * F and its gradient on the training rows, centred coordinates:
 *   F      = C * sum_i loss_i + |W|^2 / 2
 *   gW     = C * (s * sum_i g_i pix_i^T - (sum_i g_i) mu^T) + W   [K x D]
 *   gc     = C * sum_i g_i                                        [K]
 * theta = [W (K*D), c (K)], likewise grad. Returns F.
 */
double
objective(struct lr *t, const double *theta, double *grad, size_t *right)
{
	struct pass ps;
	struct sums sm;
	double C = t->o->C, ww = 0;
	int k, j;

	pass_setup(t, &ps, theta, theta + K * D, t->perm, 0, t->ntrain, BLK,
	    1);
	pass_run(&t->pool, &ps, grad, &sm);
	for (k = 0; k < K; k++)
		for (j = 0; j < D; j++) {
			double wv = theta[k * D + j];

			grad[k * D + j] = C * (t->s * grad[k * D + j] -
			    sm.gb[k] * t->mu[j]) + wv;
			ww += wv * wv;
		}
	for (k = 0; k < K; k++)
		grad[K * D + k] = C * sm.gb[k];
	if (right)
		*right = sm.right;
	return C * sm.loss + ww / 2;
}

/* Accuracy of (W, c) on held-out rows; -1 if there are none. */
double
hold_acc(struct lr *t, const double *W, const double *c)
{
	struct pass ps;
	struct sums sm;

	if (t->nhold == 0)
		return -1;
	pass_setup(t, &ps, W, c, t->perm, t->ntrain, t->nhold, BLK, 0);
	pass_run(&t->pool, &ps, NULL, &sm);
	return (double)sm.right / (double)t->nhold;
}

void
report(struct lr *t, struct lr_status *st)
{
	st->elapsed = elapsed(t);
	if (t->o->progress)
		t->o->progress(st, t->o->arg);
}

double
maxabs(const double *a, size_t n)
{
	double m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (fabs(a[i]) > m)
			m = fabs(a[i]);
	return m;
}
