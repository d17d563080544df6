/* SPDX-License-Identifier: ISC */
/*
 * plot.h: the pictures a learner looks at (plot.c). Each saves to path ("-"
 * is stdout) atomically and returns 0, or -1 with errno set.
 */
#ifndef DIGITPIPE_PLOT_H
#define DIGITPIPE_PLOT_H

#include <stddef.h>

#include "eval.h"
#include "model.h"

/* The confusion matrix twice, side by side: counts, and each row as a
 * percentage of its true digit; axes labelled, colour scales. */
int	plot_confusion(const struct confusion *cm, const char *path);
/* The K weight templates of a model as 28x28 pictures, diverging colours
 * on one scale shared by all classes. */
int	plot_weights(const struct model *m, const char *path);
/* A contact sheet: n records of 784 pixels (dark ink on white), zoom
 * screen pixels per record pixel, cols per row, a caption under each
 * (NULL: none; "name\nverdict" draws the name small above the verdict);
 * red[i] nonzero draws caption i in red (a mistake). */
int	plot_sheet(const unsigned char *pix, char *const *caption,
	    const unsigned char *red, size_t n, int cols, int zoom,
	    const char *path);
/* A learning curve: per epoch the loss (left panel) and the training
 * and held-out accuracies (right; a held-out value < 0 is absent). */
struct curve_pt {
	double epoch, loss, train, hold;
};
int	plot_curve(const struct curve_pt *pt, size_t n, const char *lossname,
	    const char *path);
/* Up to three runs in one picture (one colour each, labelled); a single
 * run marks its kept epoch (kept: NAN for none). */
struct curve_run {
	const struct curve_pt *pt;
	size_t n;
	double kept;
	const char *label;
};
int	plot_curves(const struct curve_run *run, size_t nrun,
	    const char *lossname, const char *path);

#endif
