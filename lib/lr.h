/* SPDX-License-Identifier: ISC */
/*
 * lr.h: softmax regression training (lr.c and its pieces: kern.c,
 * loss.c, sgd.c, lbfgs.c, pool.c).
 */
#ifndef DIGITPIPE_LR_H
#define DIGITPIPE_LR_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "record.h"

#define LR_K		10		/* classes */
#define LR_D		REC_PIXELS	/* inputs */
#define LR_SEED		1		/* default -s */
#define LR_MAX_THREADS	64
/* Longest training row: a feature row (feat.h's FEAT_MAX_DIM, 11600
 * bytes) padded to a multiple of 112. */
#define LR_MAX_DIM	11648

enum lr_solver { LR_SGD, LR_LBFGS };

/* Where training is, after an epoch (SGD) or iteration (L-BFGS). */
struct lr_status {
	int epoch;
	double loss;		/* SGD: mean log loss over the epoch */
	double obj;		/* C * sum loss_i + |W|^2 / 2, or NAN */
	double gmax;		/* max |dF/dtheta| (L-BFGS, and at the end) */
	double train_acc;
	double hold_acc;	/* held-out accuracy, < 0 if none */
	double elapsed;		/* seconds since lr_train started */
	size_t ntrain, nhold;	/* rows used for training, held out */
};

struct lr_opts {
	enum lr_solver solver;
	double C;		/* L2 strength, scikit-learn's convention */
	int epochs;		/* SGD epochs, or L-BFGS iterations */
	int batch;		/* SGD mini-batch size */
	double lr;		/* SGD peak learning rate */
	double momentum;	/* SGD momentum */
	double holdout;		/* fraction held out (early stopping) */
	int patience;		/* SGD: epochs without held-out progress */
	double tol;		/* L-BFGS: stop when max |grad| <= tol */
	uint64_t seed;
	int threads;		/* results do not depend on it */
	int verbose_every;	/* L-BFGS: report every N iterations */
	void (*progress)(const struct lr_status *, void *);
	void *arg;
	/* Optional: pixel_sums (pixsum.h) over all n rows, if the caller has them
	 * already (lrtrain sums records as they arrive); else NULL. */
	const uint64_t *sums;
	/* Optional: if not NULL, *hold_rows gets the indices of the held-out
	 * rows (st->nhold of them, in record order; the caller frees it). */
	uint32_t **hold_rows;
	/* Bytes per row: 0 for a record's 784 pixels, else a multiple of
	 * 112 up to LR_MAX_DIM (feature rows, zero-padded after the model's
	 * m->dim columns, which are the ones kept; sums is then ignored). */
	int dim;
	/* Optional: start from this model's weights (lrtrain --init) instead
	 * of zeros; 10 classes, the same scale and feature map as m (so the
	 * same m->dim). Else NULL. */
	const struct model *init;
};
void	lr_opts_default(struct lr_opts *o);
int	lr_threads_default(void);	/* online CPUs, at most LR_MAX_THREADS */
/* Train m (model_init'ed for 10 classes of 28x28, or with a feature
 * map) on n rows with labels 0..9; st gets the final status. 0, or -1 if
 * n is 0 or o->dim does not fit m. */
int	lr_train(struct model *m, const unsigned char *pix,
	    const unsigned char *label, size_t n, const struct lr_opts *o,
	    struct lr_status *st);
/* The training's options and outcome as the model's provenance keys
 * (solver, C, epochs or iterations, ..., seed, records, the data digest,
 * objective, train-accuracy), in the order digitpipe-model(5) lists. */
void	lr_describe(struct model *m, const struct lr_opts *o,
	    const struct lr_status *st, size_t n, uint64_t digest);

/* lrtrain --init: load the model at path into init, or exit 1 saying why
 * (also when its inputs, pixels or a feature map, are not m's). */
void	lr_load_init(struct model *init, const char *path,
	    const struct model *m);

/*
 * The not-a-digit gate (lrgate.c): njunk records of junk.h's generator
 * (seed) against the training rows of pix (all n but the nhold rows
 * hold[]), a logistic regression on the map's bytes, then its threshold:
 * with held-out rows, the lowest (not under 0.5) that calls at most a
 * fraction cost of them not a digit; else 0.5. m (trained) gets the gate
 * (model_set_gate), one per class it answers, and the provenance keys
 * gate-held-out-declined, gate-records and gate-junk-caught.
 */
struct lr_gate_opts {
	size_t njunk;		/* generated records */
	uint64_t seed;
	double cost;		/* fraction of held-out digits it may call junk */
	int threads;
	const char *map;	/* feature preset, NULL: the default */
};
void	lr_gate(struct model *m, const unsigned char *pix, size_t n,
	    const uint32_t *hold, size_t nhold, const struct lr_gate_opts *o);

#endif
