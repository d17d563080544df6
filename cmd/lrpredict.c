/* SPDX-License-Identifier: ISC */
/*
 * lrpredict: a model and records in, one prediction line per record out:
 * name TAB true TAB predicted TAB probability [TAB p0 ... p9].
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "predict.h"
#include "pool.h"
#include "rec.h"
#include "record.h"
#include "util.h"

#define USAGE "lrpredict -m model [-p] [-t threshold] [-g threshold] " \
	"[-j threads] [file ...]"

static const char help[] =
"usage: " USAGE "\n"
"Classify digitpipe records with a model; one TSV line per record:\n"
"  name <TAB> true label (- if unknown) <TAB> predicted digit <TAB> its probability\n"
"A record without a name is named by its number (1, 2, ...). A record\n"
"that is digit k of n of a picture (imgnorm --segment) gets two more\n"
"fields at the end: k/n and its box x,y,width,height. A record whose\n"
"top probability is under the threshold is declined: ? is predicted; so\n"
"is a record that the model's not-a-digit gate (lrtrain --notdigit)\n"
"calls not a digit.\n"
"\n"
"  -m, --model FILE  the model written by lrtrain (required)\n"
"  -p, --probs       append the ten class probabilities\n"
"  -t, --threshold P decline under probability P (default: the model's\n"
"                    'decline' key, chosen by lrtrain; 0: never decline,\n"
"                    for either reason, unless -g is given too)\n"
"  -g, --gate P      call a record not a digit when the gate's probability\n"
"                    is at least P (default: the model's threshold; above\n"
"                    1, or a model without a gate: never)\n"
"  -j, --threads N   threads (default: online CPUs, at most 64); the\n"
"                    output is the same for any number\n"
"  -h, --help        show this help\n"
"  -V, --version     show the version\n"
"  file              record files; none or - is stdin\n"
"\n"
"See lrpredict(1).\n";

static const struct option longopts[] = {
	{ "model",	required_argument,	NULL, 'm' },
	{ "probs",	no_argument,		NULL, 'p' },
	{ "threshold",	required_argument,	NULL, 't' },
	{ "gate",	required_argument,	NULL, 'g' },
	{ "threads",	required_argument,	NULL, 'j' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Copy the name, escaping what would break a TSV line: \ TAB and CR/LF. */
static size_t
put_name(char *buf, const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		switch (*s) {
		case '\\': buf[n++] = '\\'; buf[n++] = '\\'; break;
		case '\t': buf[n++] = '\\'; buf[n++] = 't'; break;
		case '\n': buf[n++] = '\\'; buf[n++] = 'n'; break;
		case '\r': buf[n++] = '\\'; buf[n++] = 'r'; break;
		default: buf[n++] = *s;
		}
	}
	return n;
}

/*
 * Records are read in blocks of BLOCK; their predictions are computed by
 * the threads, ITEM records an item, each into its own slot, and the
 * lines are then written in input order: the same bytes whatever the
 * thread count.
 */
#define BLOCK	2048
#define ITEM	32
#define MAX_THREADS 64

struct block {
	const struct model *m;
	const struct rec *r;
	size_t n;
	double thr, gthr;
	struct answer *a;
};

static void
predict_item(void *arg, size_t it)
{
	struct block *b = arg;
	size_t i, i1 = (it + 1) * ITEM < b->n ? (it + 1) * ITEM : b->n;

	for (i = it * ITEM; i < i1; i++)
		model_answer(b->m, b->r[i].pix, b->thr, b->gthr, &b->a[i]);
}

static void
put_pred(const struct rec *r, unsigned long long num, const struct answer *a,
    int probs)
{
	const double *p = a->p;
	int pred = a->digit;
	/* name (escaped, <= 2 * 235) + 14 numbers: well under PIPE_BUF */
	char line[1024], pv[32];
	size_t n;
	int c;

	if (r->name[0] != '\0')
		n = put_name(line, r->name);
	else
		n = (size_t)snprintf(line, 32, "%llu", num);
	if (r->label == REC_UNKNOWN)
		n += (size_t)snprintf(line + n, sizeof line - n, "\t-");
	else
		n += (size_t)snprintf(line + n, sizeof line - n, "\t%d",
		    r->label);
	/* Declined (model_answer compares the probability as printed, so
	 * the lines agree with the threshold). */
	snprintf(pv, sizeof pv, "%.6f", p[pred]);
	if (a->verdict != ANSWER_DIGIT)
		n += (size_t)snprintf(line + n, sizeof line - n, "\t?\t%s", pv);
	else
		n += (size_t)snprintf(line + n, sizeof line - n, "\t%d\t%s",
		    pred, pv);
	if (probs)
		for (c = 0; c < 10; c++)
			n += (size_t)snprintf(line + n, sizeof line - n,
			    "\t%.6f", p[c]);
	if (r->seg_n != 0)
		n += (size_t)snprintf(line + n, sizeof line - n,
		    "\t%u/%u\t%u,%u,%u,%u", r->seg_k, r->seg_n, r->box[0],
		    r->box[1], r->box[2], r->box[3]);
	line[n++] = '\n';
	dp_put_line(line, n);
}

int
main(int argc, char *argv[])
{
	const char *model_path = NULL;
	unsigned long long num = 0;
	struct model m;
	struct recin in;
	struct pool pool;
	struct block b;
	struct rec *r;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int c, i, k = 0, probs = 0, status = 0;
	int threads = ncpu < 1 ? 1 : ncpu > MAX_THREADS ? MAX_THREADS :
	    (int)ncpu;
	size_t j;
	double thr = -1, gthr = -1;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "m:pt:g:j:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			model_path = optarg;
			break;
		case 'p':
			probs = 1;
			break;
		case 't': {
			char *end;

			thr = strtod(optarg, &end);
			if (end == optarg || *end != '\0' || !(thr >= 0 && thr <= 1))
				dp_die(2, "-t: '%s': not a probability from 0 to 1",
				    optarg);
			break;
		}
		case 'g':
			gthr = dp_optdouble("-g", optarg, 0, 1e9);
			break;
		case 'j':
			threads = (int)dp_optlong("-j", optarg, 1, MAX_THREADS);
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
	if (model_path == NULL) {
		dp_warn("-m model is required");
		dp_usage(USAGE);
	}
	if (model_load(&m, model_path) != 0)
		return 1;
	if (thr == 0 && gthr < 0)
		gthr = 2;	/* -t 0 alone: answer everything */
	if (thr < 0 && model_decline(&m, &thr) != 0) {
		dp_warn("%s: decline: '%s': not a probability from 0 to 1",
		    model_path, model_get(&m, "decline"));
		model_free(&m);
		return 1;
	}
	r = dp_malloc(BLOCK * sizeof *r);
	b.m = &m;
	b.r = r;
	b.thr = thr;
	b.gthr = gthr;
	b.a = dp_malloc(BLOCK * sizeof *b.a);
	pool_start(&pool, threads);
	for (i = 0; i == 0 || i < argc; i++) {
		if (recin_open(&in, argc ? argv[i] : NULL) != 0) {
			status = 1;
			continue;
		}
		do {
			for (b.n = 0; b.n < BLOCK &&
			    (k = rec_read(&in, &r[b.n])) == 1; b.n++)
				;
			pool_run(&pool, predict_item, &b,
			    (b.n + ITEM - 1) / ITEM);
			for (j = 0; j < b.n; j++)
				put_pred(&r[j], ++num, &b.a[j], probs);
		} while (k == 1);
		if (k < 0)
			status = 1;
		recin_close(&in);
	}
	pool_stop(&pool);
	free(r);
	free(b.a);
	model_free(&m);
	return status;
}
