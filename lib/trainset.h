/* SPDX-License-Identifier: ISC */
/*
 * trainset.h: a labelled training set read whole, with its provenance
 * digest and pixel sums (trainset.c).
 */
#ifndef DIGITPIPE_TRAINSET_H
#define DIGITPIPE_TRAINSET_H

#include <stddef.h>
#include <stdint.h>

#include "rec.h"
#include "record.h"

struct trainset {
	struct recset set;
	const char *name;		/* "stdin" or the path, for messages */
	uint64_t digest;		/* digest.h's digest of all records */
	int have_sums;			/* sums are filled (read from a pipe) */
	uint64_t sums[2 * REC_PIXELS];	/* pixsum.h's sums of all records */
};

/*
 * Read every record of path (NULL or "-": stdin), each with a label 0-9,
 * and take the training set's digest. From a pipe the records arrive at
 * the pace of the tools before, and the CPU would wait: the records are
 * hashed and their pixels summed as they come (the same numbers as
 * afterwards). From a regular file they are hashed afterwards on threads
 * threads, and the sums are left to the trainer. Returns 0, or -1 after
 * printing "prog: NAME: why" (no records, a record without a label, a
 * bad stream).
 */
int	trainset_read(struct trainset *t, const char *path, int threads);
void	trainset_free(struct trainset *t);

#endif
