/* SPDX-License-Identifier: ISC */
/*
 * junk.h: generated marks that are not one digit, as records, for
 * training the not-a-digit gate (junk.c).
 */
#ifndef DIGITPIPE_JUNK_H
#define DIGITPIPE_JUNK_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

#define JUNK_KINDS	10
/* The kinds' names, JUNK_KINDS of them: "dash", "cross", ... */
extern const char *const junk_kinds[JUNK_KINDS];

/*
 * One mark that is not a digit, drawn on a picture and normalized as
 * imgnorm normalizes a picture (norm_picture), into pix; *state is the
 * generator's seeded state (rand.h), advanced. Returns its kind (an
 * index into junk_kinds). The same state gives the same bytes on every
 * machine.
 */
int	junk_record(uint64_t *state, unsigned char pix[REC_PIXELS]);
/* n of them from seed: pix[i * REC_PIXELS], kind[i] (kind may be NULL),
 * on threads threads; record i has its own stream drawn from seed and i,
 * so the bytes do not depend on the thread count. */
void	junk_records(uint64_t seed, size_t n, unsigned char *pix,
	    unsigned char *kind, int threads);

#endif
