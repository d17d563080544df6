/* SPDX-License-Identifier: ISC */
/*
 * lr_int.h: what the training's own files share (lr.c, loss.c, sgd.c,
 * lbfgs.c) and nobody else needs: the training state, a pass over blocks
 * of rows, and the solvers. The notation is in lr.c.
 */
#ifndef DIGITPIPE_LR_INT_H
#define DIGITPIPE_LR_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lr.h"
#include "pool.h"

#define K	LR_K
#define D	LR_D
#define BLK	256		/* rows per block in a full pass */
#define SUB	64		/* rows per block in an SGD mini-batch */
#define PC_DELTA 0.3		/* SGD's preconditioner, see sgd.c */

/*
 * A pass: for each block of rows, the loss, the count of right answers,
 * and (if grad) the block's raw gradient sums:
 *   gw[k][j] = sum_r g_rk pix_r[j]   (float, within the block)
 *   gb[k]    = sum_r g_rk            (double)
 * with g_r = p_r - y_r. Logits: z_k = s * (W_k . pix) + off_k, where
 * off_k = c_k - W_k . mu holds the centring.
 */
struct pass {
	const float *w;		/* K x D */
	double off[K];
	double s;
	const unsigned char *pix, *label;
	const uint32_t *idx;	/* row numbers, or NULL: rows row0.. */
	size_t row0, nrows;
	int blk;		/* rows per block */
	int grad;
	float *gw;		/* nblocks x K x D */
	double *gb;		/* nblocks x K */
	double *loss;		/* nblocks */
	unsigned *right;	/* nblocks */
};


struct sums {
	double loss;
	size_t right;
	double gb[K];
};


/* ---- the training state ------------------------------------------ */

struct lr {
	struct pool pool;
	const struct lr_opts *o;
	const unsigned char *pix, *label;
	size_t n;			/* all records */
	uint32_t *perm;			/* n: training rows then held-out */
	size_t ntrain, nhold;
	double s;			/* pixel scale */
	double mu[D];			/* mean training image (in x units) */
	double pc[D];			/* SGD's diagonal preconditioner */
	float *w;			/* K x D, kernel copy of W */
	float *gw;			/* blocks x K x D */
	double *gb, *bloss;
	unsigned *bright;
	size_t maxblk;
	struct timespec t0;
};


/* loss.c */
void	pass_init(struct lr *t, struct pass *ps, const uint32_t *perm,
	    size_t r0, size_t nr, int blk, int grad);
void	set_weights(struct lr *t, struct pass *ps, const double *W,
	    const double *c);
void	pass_block(void *arg, size_t bi);
void	pass_sums(const struct pass *ps, size_t nblk, struct sums *t);
void	pass_run(struct pool *pl, struct pass *ps, double *gsum,
	    struct sums *t);
double	objective(struct lr *t, const double *theta, double *grad,
	    size_t *right);
double	hold_acc(struct lr *t, const double *W, const double *c);
double	maxabs(const double *a, size_t n);
void	report(struct lr *t, struct lr_status *st);
double	elapsed(const struct lr *t);
void   *amalloc(size_t n);

/* The solvers: from theta = [W (K*D), c (K)] (zero) to the solution;
 * st gets the last epoch's or iteration's status. */
void	sgd(struct lr *t, double *theta, struct lr_status *st);	/* sgd.c */
void	lbfgs(struct lr *t, double *theta, struct lr_status *st); /* lbfgs.c */

#endif
