/* SPDX-License-Identifier: ISC */
/*
 * trainset.c: lrtrain's input: a whole labelled record stream in memory,
 * with the digest that names it in the model and, from a pipe, the pixel
 * sums the trainer centres with, both taken while the records arrive.
 * Uses: digest.h, pixsum.h, rec.h, util.h.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "digest.h"
#include "pixsum.h"
#include "rec.h"
#include "trainset.h"
#include "util.h"

#define EARLY_EVERY 1024	/* records between two pieces of early work */

/* Work done on records while the rest are still arriving. */
struct early {
	struct trainset *t;
	size_t done, cap;
	uint64_t *h;			/* record hashes, for the digest */
};

static void
early_chunk(void *arg, const struct recset *s, size_t from, size_t to)
{
	struct early *e = arg;

	if (to > e->cap) {
		e->cap = to > 2 * e->cap ? to : 2 * e->cap;
		e->h = dp_realloc(e->h, e->cap * sizeof *e->h);
	}
	digest_hashes(s->pix + from * REC_PIXELS, s->label + from, to - from,
	    e->h + from);
	pixel_sums(s->pix + from * REC_PIXELS, to - from, e->t->sums);
	e->done = to;
}

int
trainset_read(struct trainset *t, const char *path, int threads)
{
	struct recset_hook hook;
	struct early early = { t, 0, 0, NULL };
	struct stat sb;
	int pipe;
	size_t i;

	memset(t, 0, sizeof *t);
	pipe = path == NULL || strcmp(path, "-") == 0 ?
	    fstat(0, &sb) != 0 || !S_ISREG(sb.st_mode) :
	    stat(path, &sb) != 0 || !S_ISREG(sb.st_mode);
	hook.every = EARLY_EVERY;
	hook.fn = early_chunk;
	hook.arg = &early;
	if (recset_read_hook(&t->set, path, 0, pipe ? &hook : NULL) != 0)
		return -1;
	t->name = path == NULL || strcmp(path, "-") == 0 ? "stdin" : path;
	if (t->set.n == 0) {
		dp_warn("%s: no records", t->name);
		goto fail;
	}
	for (i = 0; i < t->set.n; i++)
		if (t->set.label[i] > 9) {
			dp_warn("%s: record %zu: no label", t->name, i + 1);
			goto fail;
		}
	if (pipe) {
		early_chunk(&early, &t->set, early.done, t->set.n);
		t->digest = digest_fold(early.h, t->set.n);
		t->have_sums = 1;
	} else
		t->digest = digest_records(t->set.pix, t->set.label, t->set.n,
		    threads);
	free(early.h);
	return 0;
fail:
	free(early.h);
	recset_free(&t->set);
	return -1;
}

void
trainset_free(struct trainset *t)
{
	recset_free(&t->set);
}
