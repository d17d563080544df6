/* SPDX-License-Identifier: ISC */
/*
 * recsplit: shuffle records with a seed and split them in two files, as
 * scikit-learn's train_test_split does; the original project's experiment
 * pooled MNIST's 70,000 digits and split them 80/20 this way.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mt19937.h"
#include "out.h"
#include "rand.h"
#include "rec.h"
#include "record.h"
#include "util.h"

#define USAGE "recsplit [-s seed | --numpy-seed N] [-t fraction] -o train -O test [file ...]"

static const char help[] =
"usage: " USAGE "\n"
"Shuffle all input records with a seeded generator and write the first\n"
"part to TRAIN, the rest to TEST (both written atomically).\n"
"\n"
"  -o, --output FILE     the training part\n"
"  -O, --test FILE       the test part\n"
"  -t, --test-size F     fraction of records for the test part (default 0.2)\n"
"  -s, --seed N          shuffle seed (default 42)\n"
"      --numpy-seed N    shuffle as numpy's RandomState(N).permutation does,\n"
"                        and split as scikit-learn's train_test_split\n"
"                        (random_state=N): the test part is the first\n"
"                        ceil(F * n) of the permutation, in its order\n"
"  -h, --help            show this help\n"
"  -V, --version         show the version\n"
"  file                  record files; none or - is stdin\n"
"\n"
"See recsplit(1).\n";

enum { OPT_NUMPY = 256 };

static const struct option longopts[] = {
	{ "output",	required_argument,	NULL, 'o' },
	{ "test",	required_argument,	NULL, 'O' },
	{ "test-size",	required_argument,	NULL, 't' },
	{ "seed",	required_argument,	NULL, 's' },
	{ "numpy-seed",	required_argument,	NULL, OPT_NUMPY },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Append set b to a. */
static void
append(struct recset *a, struct recset *b)
{
	size_t i, n = a->n + b->n;

	if (b->n == 0)
		return;		/* (recset_read left b empty and NULL) */
	a->pix = dp_realloc(a->pix, n * REC_PIXELS);
	a->label = dp_realloc(a->label, n);
	a->name = dp_realloc(a->name, n * sizeof *a->name);
	memcpy(a->pix + a->n * REC_PIXELS, b->pix, b->n * REC_PIXELS);
	memcpy(a->label + a->n, b->label, b->n);
	for (i = 0; i < b->n; i++)
		a->name[a->n + i] = b->name[i];
	a->n = n;
	free(b->pix);
	free(b->label);
	free(b->name);
}

/* Write records idx[from..to) to an open output; 0, or -1 errno set. */
static int
write_part(struct dp_out *o, const struct recset *s, const size_t *idx,
    size_t from, size_t to)
{
	unsigned char buf[REC_SIZE];
	struct rec r;
	size_t i;

	for (i = from; i < to; i++) {
		r.label = s->label[idx[i]];
		memcpy(r.pix, s->pix + idx[i] * REC_PIXELS, REC_PIXELS);
		rec_set_name(&r, s->name[idx[i]]);
		rec_pack(&r, buf);
		if (fwrite(buf, REC_SIZE, 1, o->fp) != 1)
			return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *train = NULL, *test = NULL;
	double frac = 0.2;
	uint64_t seed = 42, st;
	uint32_t npseed = 0;
	int numpy = 0, seeded = 0;
	struct recset all, one;
	struct dp_out otrain, otest;
	const char *bad;
	size_t *idx, i, j, t, ntest;
	int c;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "o:O:t:s:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			train = optarg;
			break;
		case 'O':
			test = optarg;
			break;
		case 't':
			frac = dp_optdouble("-t", optarg, 0, 1);
			break;
		case 's':
			seed = dp_optull("-s", optarg, UINT64_MAX);
			seeded = 1;
			break;
		case OPT_NUMPY:
			/* numpy takes integer seeds 0 to 2^32 - 1. */
			npseed = (uint32_t)dp_optull("--numpy-seed", optarg,
			    UINT32_MAX);
			numpy = 1;
			break;
		case 'h':
			dp_help(help);
		case 'V':
			dp_version();
		default:
			dp_usage(USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (train == NULL || test == NULL) {
		dp_warn("both -o train and -O test are required");
		dp_usage(USAGE);
	}
	if (seeded && numpy)
		dp_die(2, "-s and --numpy-seed are two different shuffles: "
		    "give one");
	if (strcmp(train, test) == 0)
		dp_die(2, "-o and -O name the same file");
	memset(&all, 0, sizeof all);
	for (i = 0; i == 0 || i < (size_t)argc; i++) {
		if (recset_read(&one, argc ? argv[i] : NULL, 1) != 0)
			return 1;
		append(&all, &one);
	}
	if (all.n == 0)
		dp_die(1, "%s: no records", argc == 1 ? argv[0] : "stdin");
	/* As scikit-learn: the test part is ceil(fraction * n). */
	ntest = (size_t)(frac * (double)all.n);
	if ((double)ntest < frac * (double)all.n)
		ntest++;
	idx = dp_malloc(all.n * sizeof *idx);
	if (numpy) {
		/* numpy's permutation; scikit-learn's ShuffleSplit takes
		 * the test part from its front: test = perm[:ntest],
		 * train = perm[ntest:]. Rotate so that train comes first. */
		size_t *p = dp_malloc(all.n * sizeof *p);

		mt19937_permutation(p, all.n, npseed);
		memcpy(idx, p + ntest, (all.n - ntest) * sizeof *idx);
		memcpy(idx + (all.n - ntest), p, ntest * sizeof *idx);
		free(p);
	} else {
		/* Fisher-Yates with the seeded generator: every order
		 * equally likely, and the same order for the same seed
		 * everywhere. */
		for (i = 0; i < all.n; i++)
			idx[i] = i;
		st = seed;
		for (i = all.n - 1; i > 0; i--) {
			j = (size_t)dp_rand_below(&st, (uint64_t)i + 1);
			t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
	}
	/* Both parts are written to temp files first and renamed only when
	 * both are complete, so a failure leaves neither behind. */
	if (dp_out_open(&otrain, train) != 0)
		dp_die(1, "%s: %s", train, strerror(errno));
	if (dp_out_open(&otest, test) != 0) {
		int e = errno;

		dp_out_abort(&otrain);
		dp_die(1, "%s: %s", test, strerror(e));
	}
	if (write_part(&otrain, &all, idx, 0, all.n - ntest) != 0 ||
	    fflush(otrain.fp) != 0) {
		bad = train;
		goto fail;
	}
	if (write_part(&otest, &all, idx, all.n - ntest, all.n) != 0 ||
	    dp_out_commit(&otest) != 0) {
		bad = test;
		goto fail;
	}
	if (dp_out_commit(&otrain) != 0) {
		/* The test part is in place; take it back out. */
		int e = errno;

		unlink(test);
		errno = e;
		bad = train;
		goto fail;
	}
	free(idx);
	recset_free(&all);
	return 0;
fail:
	{
		int e = errno ? errno : EIO;

		dp_out_abort(&otrain);
		dp_out_abort(&otest);
		dp_die(1, "%s: %s", bad, strerror(e));
	}
}
