/* SPDX-License-Identifier: ISC */
/*
 * lrtrain: labelled records in, a softmax regression model out
 * (digitpipe-model(5)). The math is in lib/lr.c, the solvers in
 * lib/sgd.c and lib/lbfgs.c.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval.h"
#include "feat.h"
#include "lr.h"
#include "model.h"
#include "out.h"
#include "record.h"
#include "trainset.h"
#include "util.h"

#define USAGE "lrtrain [-qv] [-o model] [-C cost] [-e epochs] [-j threads] " \
	"[-s seed] [--exact] [--features[=NAME]] [--init model] [--notdigit N] [file]"

static const char help[] =
"usage: " USAGE "\n"
"Train a softmax (multinomial logistic) regression on labelled digitpipe\n"
"records and write the model. Minimizes C * sum(log loss) + |W|^2 / 2\n"
"(scikit-learn's objective; the biases are not penalized).\n"
"\n"
"  -o, --output FILE   write the model to FILE (atomically); default stdout\n"
"  -C, --cost C        inverse L2 strength (default 1)\n"
"  -e, --epochs N      SGD epochs (default 12), or L-BFGS iterations\n"
"                      (default 3000)\n"
"  -b, --batch N       SGD mini-batch size (default 256)\n"
"      --lr RATE       SGD peak learning rate (default 2)\n"
"      --momentum M    SGD momentum (default 0.9)\n"
"      --holdout F     hold out a fraction F of the records; report their\n"
"                      accuracy and stop SGD early when it stops improving\n"
"      --patience N    epochs without held-out progress before stopping (3)\n"
"      --decline-cost P  with --holdout: store the threshold under which\n"
"                      lrpredict declines (?), the highest that costs at\n"
"                      most P points of held-out accuracy (0.2, or 0.1\n"
"                      with --notdigit, whose gate declines too; 0: none)\n"
"      --notdigit N    also learn to say \"not a digit\": a gate trained on\n"
"                      the records against N generated marks that are not\n"
"                      digits (dashes, letters, scribbles, ...; 30000 is a\n"
"                      good number); lrpredict then declines (?) what it\n"
"                      calls not a digit\n"
"      --notdigit-cost P  with --holdout: the gate's threshold calls at most\n"
"                      P% of held-out digits not a digit (0.3)\n"
"  -x, --exact         use L-BFGS and minimize the objective to its optimum\n"
"      --features[=NAME]  train on a feature map of the pixels instead of\n"
"                      the pixels (default map: " FEAT_DEFAULT "; --features=list\n"
"                      lists them)\n"
"      --solver NAME   sgd (default) or lbfgs (the same as --exact)\n"
"      --tol T         L-BFGS: stop when max |gradient| <= T (default 1e-4)\n"
"  -j, --threads N     threads (default: online CPUs); the model does not\n"
"                      depend on it\n"
"  -s, --seed N        random seed for shuffles (default 1)\n"
"      --init MODEL    start from MODEL's weights instead of zeros (to\n"
"                      teach a model new records); same classes, image\n"
"                      size and pixel scale\n"
"  -q, --quiet         no progress\n"
"  -v, --verbose       progress even when stderr is not a terminal, and a\n"
"                      summary (objective, time, memory) at the end\n"
"  -h, --help          show this help\n"
"  -V, --version       show the version\n"
"  file                records; none or - is stdin\n"
"\n"
"See lrtrain(1).\n";

enum { OPT_LR = 256, OPT_MOM, OPT_HOLD, OPT_PAT, OPT_SOLVER, OPT_TOL,
	OPT_DECLINE, OPT_FEATURES, OPT_INIT, OPT_NOTDIGIT, OPT_NDCOST };

static const struct option longopts[] = {
	{ "output",	required_argument,	NULL, 'o' },
	{ "cost",	required_argument,	NULL, 'C' },
	{ "epochs",	required_argument,	NULL, 'e' },
	{ "batch",	required_argument,	NULL, 'b' },
	{ "lr",		required_argument,	NULL, OPT_LR },
	{ "momentum",	required_argument,	NULL, OPT_MOM },
	{ "holdout",	required_argument,	NULL, OPT_HOLD },
	{ "decline-cost", required_argument,	NULL, OPT_DECLINE },
	{ "patience",	required_argument,	NULL, OPT_PAT },
	{ "exact",	no_argument,		NULL, 'x' },
	{ "solver",	required_argument,	NULL, OPT_SOLVER },
	{ "tol",	required_argument,	NULL, OPT_TOL },
	{ "threads",	required_argument,	NULL, 'j' },
	{ "seed",	required_argument,	NULL, 's' },
	{ "init",	required_argument,	NULL, OPT_INIT },
	{ "notdigit",	required_argument,	NULL, OPT_NOTDIGIT },
	{ "notdigit-cost", required_argument,	NULL, OPT_NDCOST },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "features",	optional_argument,	NULL, OPT_FEATURES },
	{ NULL, 0, NULL, 0 }
};

static void
on_signal(int sig)
{
	/* A model being saved is only ever a temp file until the rename:
	 * remove it, and leave any previous model alone. */
	dp_out_abort_all_signal();
	_exit(128 + sig);
}

/* What the progress callback needs: whether to print, and the epoch
 * with the best held-out accuracy so far (the one early stopping keeps:
 * the first of the best, as sgd.c keeps only a strictly better one). */
struct prog {
	const struct lr_opts *o;
	int print, best_epoch;
	double best;
};

static void
progress(const struct lr_status *st, void *arg)
{
	struct prog *pg = arg;
	const struct lr_opts *o = pg->o;
	char hold[32] = "";

	if (st->hold_acc > pg->best) {
		pg->best = st->hold_acc;
		pg->best_epoch = st->epoch;
	}
	if (!pg->print)
		return;

	if (st->hold_acc >= 0)
		snprintf(hold, sizeof hold, " held-out %.4f", st->hold_acc);
	if (o->solver == LR_SGD)
		dp_warn("epoch %d/%d: loss %.5f train %.4f%s %.2f s",
		    st->epoch, o->epochs, st->loss, st->train_acc, hold,
		    st->elapsed);
	else
		dp_warn("iteration %d: objective %.6f max|grad| %.3g "
		    "train %.4f %.2f s", st->epoch, st->obj, st->gmax,
		    st->train_acc, st->elapsed);
}

int
main(int argc, char *argv[])
{
	const char *out = NULL, *in;
	struct lr_opts o;
	struct lr_status st;
	struct prog pg;
	struct trainset ts;
	struct model m, init;
	const char *init_path = NULL;
	struct dp_out probe;
	struct rusage ru;
	struct stat sb;
	int c, verbose = -1, use_feat = 0;
	struct featmap fm;
	unsigned char *rows = NULL;
	uint32_t *hold = NULL;
	double cost = -1;
	struct lr_gate_opts gate = { 0, 0, 0.003, 1, NULL };

	dp_init(argv[0]);
	lr_opts_default(&o);
	o.threads = lr_threads_default();
	while ((c = getopt_long(argc, argv, "o:C:e:b:xj:s:qvhV", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'C':
			o.C = dp_optdouble("-C", optarg, 1e-12, 1e12);
			break;
		case 'e':
			o.epochs = (int)dp_optlong("-e", optarg, 1, 1000000);
			break;
		case 'b':
			o.batch = (int)dp_optlong("-b", optarg, 1, 1 << 20);
			break;
		case OPT_LR:
			o.lr = dp_optdouble("--lr", optarg, 1e-9, 1e3);
			break;
		case OPT_MOM:
			o.momentum = dp_optdouble("--momentum", optarg, 0, 0.999);
			break;
		case OPT_HOLD:
			o.holdout = dp_optdouble("--holdout", optarg, 0, 0.9);
			break;
		case OPT_DECLINE:
			cost = dp_optdouble("--decline-cost", optarg, 0, 100);
			break;
		case OPT_PAT:
			o.patience = (int)dp_optlong("--patience", optarg, 1,
			    1000000);
			break;
		case 'x':
			o.solver = LR_LBFGS;
			break;
		case OPT_SOLVER:
			if (strcmp(optarg, "sgd") == 0)
				o.solver = LR_SGD;
			else if (strcmp(optarg, "lbfgs") == 0)
				o.solver = LR_LBFGS;
			else
				dp_die(2, "--solver: '%s': not sgd or lbfgs",
				    optarg);
			break;
		case OPT_TOL:
			o.tol = dp_optdouble("--tol", optarg, 0, 1e12);
			break;
		case 'j':
			o.threads = (int)dp_optlong("-j", optarg, 1,
			    LR_MAX_THREADS);
			break;
		case 's':
			o.seed = dp_optull("-s", optarg, UINT64_MAX);
			break;
		case OPT_INIT:
			init_path = optarg;
			break;
		case OPT_NOTDIGIT:
			gate.njunk = (size_t)dp_optlong("--notdigit", optarg, 0,
			    10000000);
			break;
		case OPT_NDCOST:
			gate.cost = dp_optdouble("--notdigit-cost", optarg, 0,
			    100) / 100;
			break;
		case 'q':
			verbose = 0;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			dp_help(help);
		case 'V':
			dp_version();
		case OPT_FEATURES:
			if (optarg != NULL && strcmp(optarg, "list") == 0) {
				feat_list(stdout);
				dp_stdout_close();
				return 0;
			}
			if (feat_preset(optarg ? optarg : FEAT_DEFAULT, &fm) != 0)
				dp_die(2, "--features: '%s': no such feature map "
				    "(--features=list lists them)", optarg);
			use_feat = 1;
			break;
		default:
			dp_usage(USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		dp_usage(USAGE);
	in = argc == 1 ? argv[0] : NULL;
	if (o.epochs == 0)
		o.epochs = o.solver == LR_SGD ? 12 : 3000;
	if (verbose < 0)
		verbose = isatty(2) ? 2 : 0;	/* 2: progress, no summary */
	pg.o = &o;
	pg.print = verbose != 0;
	pg.best_epoch = 0;
	pg.best = -1;
	if (verbose || (o.holdout > 0 && o.solver == LR_SGD)) {
		o.progress = progress;
		o.arg = &pg;
		o.verbose_every = o.solver == LR_SGD ? 1 : 50;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	/* Fail early on an output file that cannot be written (not on a
	 * device or FIFO: opening one twice would end a reader's input). */
	if (out != NULL && strcmp(out, "-") != 0 &&
	    (stat(out, &sb) != 0 || S_ISREG(sb.st_mode))) {
		if (dp_out_open(&probe, out) != 0)
			dp_die(1, "%s: %s", out, strerror(errno));
		dp_out_abort(&probe);
	}
	if (trainset_read(&ts, in, o.threads) != 0)
		return 1;
	in = ts.name;
	if (o.holdout > 0 && (size_t)(o.holdout * (double)ts.set.n) == 0)
		dp_warn("%s: %zu records: too few to hold out %g of them",
		    in, ts.set.n, o.holdout);
	if (ts.have_sums)
		o.sums = ts.sums;
	model_init(&m, LR_K, REC_W, REC_H);
	if (use_feat)
		model_set_features(&m, &fm);
	if (init_path != NULL) {
		lr_load_init(&init, init_path, &m);
		o.init = &init;
	}
	if (use_feat) {
		/* The trainer wants rows of a multiple of 112 bytes. */
		size_t stride = ((size_t)fm.dim + 111) / 112 * 112;

		rows = dp_calloc(ts.set.n, stride);
		feat_rows(&fm, ts.set.pix, ts.set.n, rows, stride, o.threads);
		o.dim = (int)stride;
		o.sums = NULL;
	}
	if (cost < 0)
		cost = gate.njunk ? 0.1 : 0.2;
	o.hold_rows = o.holdout > 0 && (cost > 0 || gate.njunk) ? &hold : NULL;
	if (lr_train(&m, rows ? rows : ts.set.pix, ts.set.label, ts.set.n, &o,
	    &st) != 0)
		dp_die(1, "%s: training failed", in);
	free(rows);
	gate.seed = o.seed;
	gate.threads = o.threads;
	if (gate.njunk > 0)
		lr_gate(&m, ts.set.pix, ts.set.n, hold, hold ? st.nhold : 0,
		    &gate);
	if (hold != NULL && st.nhold > 0 && cost > 0)
		model_set(&m, "decline", "%.6f", decline_held(&m, ts.set.pix,
		    ts.set.label, hold, st.nhold, cost / 100));
	free(hold);
	lr_describe(&m, &o, &st, ts.set.n, ts.digest);
	if (init_path != NULL)
		model_free(&init);
	/* Early stopping, said in words (lrcurve marks the kept epoch). */
	if (verbose && o.holdout > 0 && o.solver == LR_SGD &&
	    pg.best_epoch > 0) {
		if (st.epoch < o.epochs)
			dp_warn("stopped early after epoch %d of %d: no held-out "
			    "progress for %d epochs; kept epoch %d (held-out "
			    "%.4f)", st.epoch, o.epochs, o.patience,
			    pg.best_epoch, pg.best);
		else
			dp_warn("ran all %d epochs; kept epoch %d (held-out "
			    "%.4f)", o.epochs, pg.best_epoch, pg.best);
	}
	if (verbose == 1) {
		getrusage(RUSAGE_SELF, &ru);
		dp_warn("%zu records (%zu trained on): objective %.6f, max|grad| "
		    "%.3g, train accuracy %.4f, %.3f s, peak RSS %ld MB",
		    ts.set.n, st.ntrain, st.obj, st.gmax, st.train_acc,
		    st.elapsed, ru.ru_maxrss / 1024);
	}
	trainset_free(&ts);
	c = model_save(&m, out);
	model_free(&m);
	if (c != 0)
		return 1;
	if (out == NULL || strcmp(out, "-") == 0)
		dp_stdout_close();
	return 0;
}
