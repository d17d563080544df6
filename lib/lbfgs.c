/* SPDX-License-Identifier: ISC */
/*
 * lbfgs.c: the exact solver (lrtrain --exact), L-BFGS with a backtracking
 * line search on the objective F itself. Uses: loss.c (through
 * lr_int.h), util.h.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lr_int.h"
#include "util.h"

static double
dot(const double *a, const double *b, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}


/*
 * L-BFGS (Nocedal & Wright, alg. 7.4/7.5) on F itself, with M pairs
 * s = theta' - theta, y = grad' - grad; the two-loop recursion turns the
 * gradient into the direction d = -H g, with H0 = (s.y / y.y) I. The
 * line search backtracks from step 1 until Armijo holds:
 *   F(theta + a d) <= F(theta) + 1e-4 a g.d
 * and pairs with s.y <= 0 are dropped, so H stays positive definite.
 * Stops when max|g| <= tol, or F stops moving (relative change below
 * 64 epsilon, as scikit-learn's ftol), or after `iters` iterations.
 */
#ifndef LBFGS_M
#define LBFGS_M 50
#endif
#define M LBFGS_M

void
lbfgs(struct lr *t, double *theta, struct lr_status *st)
{
	const struct lr_opts *o = t->o;
	size_t n = (size_t)K * D + K, i, right = 0;
	double *g = dp_malloc(n * sizeof *g), *d = dp_malloc(n * sizeof *d);
	double *x2 = dp_malloc(n * sizeof *x2), *g2 = dp_malloc(n * sizeof *g2);
	double *S = dp_malloc(M * n * sizeof *S), *Y = dp_malloc(M * n * sizeof *Y);
	double rho[M], al[M], f, f2, gd, a, gam = 1;
	int it, h = 0, nh = 0, j, q, ls;

	f = objective(t, theta, g, &right);
	for (it = 1; it <= o->epochs; it++) {
		/* d = -H g by the two-loop recursion. */
		for (i = 0; i < n; i++)
			d[i] = -g[i];
		for (j = 0; j < nh; j++) {
			q = (h - 1 - j + M) % M;
			al[q] = rho[q] * dot(S + q * n, d, n);
			for (i = 0; i < n; i++)
				d[i] -= al[q] * Y[q * n + i];
		}
		for (i = 0; i < n; i++)
			d[i] *= gam;
		for (j = nh - 1; j >= 0; j--) {
			double be;

			q = (h - 1 - j + M) % M;
			be = rho[q] * dot(Y + q * n, d, n);
			for (i = 0; i < n; i++)
				d[i] += (al[q] - be) * S[q * n + i];
		}
		gd = dot(g, d, n);
		if (!(gd < 0)) {	/* not a descent direction: restart */
			for (i = 0; i < n; i++)
				d[i] = -g[i];
			gd = dot(g, d, n);
			nh = 0;
		}
		a = nh == 0 ? fmin(1.0, 1.0 / sqrt(-gd)) : 1.0;
		for (ls = 0; ls < 40; ls++) {
			for (i = 0; i < n; i++)
				x2[i] = theta[i] + a * d[i];
			f2 = objective(t, x2, g2, &right);
			if (f2 <= f + 1e-4 * a * gd)
				break;
			a *= ls == 0 && nh == 0 ? 0.1 : 0.5;
		}
		if (ls == 40)
			break;
		/* New pair. */
		{
			double *sv = S + h * n, *yv = Y + h * n, sy, yy;

			for (i = 0; i < n; i++) {
				sv[i] = x2[i] - theta[i];
				yv[i] = g2[i] - g[i];
			}
			sy = dot(sv, yv, n);
			yy = dot(yv, yv, n);
			if (sy > 1e-10 * yy && yy > 0) {
				rho[h] = 1 / sy;
				gam = sy / yy;
				h = (h + 1) % M;
				if (nh < M)
					nh++;
			}
		}
		memcpy(theta, x2, n * sizeof *theta);
		memcpy(g, g2, n * sizeof *g);
		{
			double df = f - f2;

			f = f2;
			st->epoch = it;
			st->obj = f;
			st->loss = NAN;
			st->train_acc = (double)right / (double)t->ntrain;
			st->hold_acc = -1;
			st->gmax = maxabs(g, n);
			if ((o->verbose_every > 0 && it % o->verbose_every == 0) ||
			    it == o->epochs)
				report(t, st);
			if (st->gmax <= o->tol ||
			    df <= 64 * DBL_EPSILON * fmax(fabs(f), 1))
				break;
		}
	}
	st->epoch = it > o->epochs ? o->epochs : it;
	st->obj = f;
	st->gmax = maxabs(g, n);
	st->train_acc = (double)right / (double)t->ntrain;
	free(g);
	free(d);
	free(x2);
	free(g2);
	free(S);
	free(Y);
}
