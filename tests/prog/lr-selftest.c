/* SPDX-License-Identifier: ISC */
/*
 * lr-selftest.c: the numeric golden test of the training's objective and
 * gradient, a program of its own beside the tests (tests/lrtrain.bats
 * checks its numbers against the hand-worked values below and an awk
 * recomputation). It reaches into the training's private header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kern.h"
#include "lr_int.h"
#include "pool.h"
#include "util.h"

/*
 * The numeric golden test (this program; tests/lrtrain.bats checks
 * the numbers). Three records, C = 1, uncentred (mu = 0), x = pix / 255:
 *   record 1: label 3, pixel 0 = 255 (x = 1), pixel 1 = 51 (x = 0.2)
 *   record 2: label 7, pixel 1 = 255 (x = 1)
 *   record 3: label 3, pixel 783 = 102 (x = 0.4)
 * At W = 0, b = 0 every p_k is 1/10, so by hand:
 *   F0 = 3 ln 10 = 6.907755279
 *   dF/db_k   = sum_i (0.1 - y_ik)     = 0.3, except -1.7 (k=3), -0.7 (k=7)
 *   dF/dW_k,0 = (0.1 - y_1k) * 1       = 0.1, except -0.9 (k=3)
 *   dF/dW_k,1 = (0.1 - y_1k) * 0.2 + (0.1 - y_2k) * 1
 *             = 0.12, except -0.08 (k=3), -0.88 (k=7)
 *   dF/dW_k,783 = (0.1 - y_3k) * 0.4   = 0.04, except -0.36 (k=3)
 * Then one gradient step theta1 = theta0 - 0.5 grad, and F and dF/db at
 * theta1, which the test recomputes independently.
 */
static void
selftest(FILE *fp)
{
	static const unsigned char lab[3] = { 3, 7, 3 };
	unsigned char *pix = dp_calloc(3, D);
	struct lr_opts o;
	struct lr t;
	size_t n = (size_t)K * D + K, i;
	double *th = dp_calloc(n, sizeof *th), *g = dp_malloc(n * sizeof *g);
	double f;
	int k, j, step;
	static const int cols[3] = { 0, 1, D - 1 };

	pix[0] = 255;
	pix[1] = 51;
	pix[D + 1] = 255;
	pix[2 * D + D - 1] = 102;
	lr_opts_default(&o);
	memset(&t, 0, sizeof t);
	kern_pick();
	t.o = &o;
	t.pix = pix;
	t.label = lab;
	t.n = t.ntrain = 3;
	t.s = 1.0 / 255;
	t.perm = dp_malloc(3 * sizeof *t.perm);
	for (i = 0; i < 3; i++)
		t.perm[i] = (uint32_t)i;
	t.w = amalloc((size_t)K * D * sizeof *t.w);
	t.gw = amalloc((size_t)K * D * sizeof *t.gw);
	t.gb = dp_malloc(K * sizeof *t.gb);
	t.bloss = dp_malloc(sizeof *t.bloss);
	t.bright = dp_malloc(sizeof *t.bright);
	pool_start(&t.pool, 1);
	for (step = 0; step < 2; step++) {
		f = objective(&t, th, g, NULL);
		fprintf(fp, "F%d %.10g\n", step, f);
		fprintf(fp, "gb%d", step);
		for (k = 0; k < K; k++)
			fprintf(fp, " %.10g", g[K * D + k]);
		fputc('\n', fp);
		for (j = 0; j < 3; j++) {
			fprintf(fp, "gw%d_%d", step, cols[j]);
			for (k = 0; k < K; k++)
				fprintf(fp, " %.10g", g[k * D + cols[j]]);
			fputc('\n', fp);
		}
		/* The update: theta1 = theta0 - 0.5 * grad. */
		for (i = 0; i < n; i++)
			th[i] -= 0.5 * g[i];
	}
	pool_stop(&t.pool);
	free(th);
	free(g);
	free(pix);
	free(t.perm);
	free(t.w);
	free(t.gw);
	free(t.gb);
	free(t.bloss);
	free(t.bright);
}

int
main(int argc, char **argv)
{
	dp_init(argv[0]);
	if (argc != 1)
		dp_usage("lr-selftest");
	selftest(stdout);
	dp_stdout_close();
	return 0;
}
