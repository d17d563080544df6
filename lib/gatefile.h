/* SPDX-License-Identifier: ISC */
/*
 * gatefile.h: the not-a-digit section of the model file (gatefile.c).
 */
#ifndef DIGITPIPE_GATEFILE_H
#define DIGITPIPE_GATEFILE_H

#include <stdio.h>

#include "model.h"

/* Bounds the gate's weights as model.c bounds the classes': |w| <= 1e30
 * times at most FEAT_MAX_DIM bytes of 255 stays far under FLT_MAX. */
#define GATE_MAX_WEIGHT	1e30

/* The section, after the class weights, on fp. */
void	gate_save(const struct model *m, FILE *fp);
/* Parse it from *s (NUL-terminated, cut into lines in place; *s and
 * *lineno move past it) into t, whose classes are set. 0, or -1 after
 * "prog: NAME: line N: why". */
int	gate_parse(struct model *t, char **s, long *lineno, const char *name);

#endif
