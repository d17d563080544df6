/* SPDX-License-Identifier: ISC */
/*
 * kern.h: the forward and backward kernels of the training (kern.c).
 */
#ifndef DIGITPIPE_KERN_H
#define DIGITPIPE_KERN_H

#include "cpu.h"

/*
 * Forward: a[r][k] = sum_j W[k][j] * rows[r][j]    a: [nr x K], W: [K x D]
 * Backward: out[k][j] = sum_r g[r][k] * rows[r][j] out: [K x D]
 * nr <= 256 rows of D bytes; raw pixel units (the caller scales). Every
 * kernel gives the same bits (see kern.c).
 */
typedef void kern_fwd_fn(const unsigned char *const *rows, int nr,
    const float *w, float *a);
typedef void kern_bwd_fn(const unsigned char *const *rows, int nr,
    const float *g, float *out);
extern kern_fwd_fn *kern_fwd;
extern kern_bwd_fn *kern_bwd;
/* Pick the kernels for this CPU (once; later calls only return the
 * choice). Call before the first kern_fwd/kern_bwd, from one thread. */
enum cpu_isa kern_pick(void);

#endif
