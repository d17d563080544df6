/* SPDX-License-Identifier: ISC */
/*
 * lrcurve: a learning curve, the loss and the accuracy per epoch, drawn
 * as a PNG from the progress lines lrtrain -v writes on stderr. Lines it
 * does not recognise are skipped, so a whole log can be given.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"
#include "util.h"

#define USAGE "lrcurve [-o picture] [file ...]"

static const char help[] =
"usage: " USAGE "\n"
"Draw a learning curve from lrtrain's progress lines (lrtrain -v):\n"
"  lrtrain: epoch 3/20: loss 0.16729 train 0.9524 [held-out 0.9433] 0.45 s\n"
"  lrtrain: iteration 50: objective 8154.231693 max|grad| 10.1 train 0.9633 ...\n"
"the loss (or objective) per epoch on the left, the training and held-out\n"
"accuracies on the right. Other lines are skipped. A line \"kept epoch N\"\n"
"(lrtrain -v --holdout) marks the epoch whose weights were kept.\n"
"Two or three logs are drawn in one picture, one colour each, labelled\n"
"with their file names (the training accuracy on the right).\n"
"\n"
"  -o, --output FILE   the picture (written atomically); default stdout,\n"
"                      unless stdout is a terminal\n"
"  -h, --help          show this help\n"
"  -V, --version       show the version\n"
"  file                the logs (at most 3); none or - is stdin\n"
"\n"
"See lrcurve(1).\n";

static const struct option longopts[] = {
	{ "output",	required_argument,	NULL, 'o' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* The number after word w in line s ("epoch 3/12" gives 3), or NAN. */
static double
after(const char *s, const char *w)
{
	size_t n = strlen(w);
	const char *p = s;
	char *end;
	double v;

	while ((p = strstr(p, w)) != NULL) {
		/* a whole word: "train" must not match "lrtrain" */
		if ((p == s || p[-1] == ' ' || p[-1] == '\t') &&
		    (p[n] == ' ' || p[n] == '=' || p[n] == ':')) {
			p += n + 1;
			while (*p == ' ')
				p++;
			v = strtod(p, &end);
			if (end != p && isfinite(v))
				return v;
		}
		p++;
	}
	return NAN;
}

/* Read one log into *run; 1 if its lines were losses, 0 objectives. */
static int
read_log(const char *name, FILE *fp, struct curve_run *run)
{
	struct curve_pt *pt = NULL, q;
	size_t n = 0, cap = 0, lcap = 0;
	char *line = NULL;
	int objective = 0;
	double kept = NAN, v;

	while (getline(&line, &lcap, fp) != -1) {
		if (!isnan(v = after(line, "kept epoch")))
			kept = v;
		q.epoch = after(line, "epoch");
		if (isnan(q.epoch))
			q.epoch = after(line, "iteration");
		if (isnan(q.epoch))
			continue;	/* not a progress line */
		if (!isnan(q.loss = after(line, "loss")))
			objective = 0;
		else if (!isnan(q.loss = after(line, "objective")))
			objective = 1;
		else
			continue;
		q.train = after(line, "train");
		q.hold = after(line, "held-out");
		if (isnan(q.train))
			q.train = -1;
		if (isnan(q.hold))
			q.hold = -1;
		if (n > 0 && q.epoch <= pt[n - 1].epoch) {
			n = 0;	/* a new run in the same log: keep the last */
			kept = NAN;
		}
		if (n == cap)
			pt = dp_realloc(pt, (cap = cap ? 2 * cap : 64) *
			    sizeof *pt);
		pt[n++] = q;
	}
	if (ferror(fp))
		dp_die(1, "%s: %s", name, strerror(errno));
	free(line);
	if (n == 0)
		dp_die(1, "%s: no progress lines (expected lrtrain -v output "
		    "such as 'epoch 1/12: loss 0.66 train 0.85')", name);
	run->pt = pt;
	run->n = n;
	run->kept = kept;
	run->label = name;
	return objective;
}

int
main(int argc, char *argv[])
{
	const char *out = "-";
	struct curve_run run[3];
	int c, i, nrun, objective = 0, status = 0;
	FILE *fp;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
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
	if (argc > 3)
		dp_die(2, "at most 3 logs in one picture (%d given)", argc);
	if (strcmp(out, "-") == 0 && isatty(STDOUT_FILENO))
		dp_die(2, "stdout is a terminal: give -o picture.png");
	nrun = argc ? argc : 1;
	for (i = 0; i < nrun; i++) {
		const char *name = argc ? argv[i] : "-";

		fp = stdin;
		if (strcmp(name, "-") == 0)
			name = "stdin";
		else if ((fp = fopen(name, "r")) == NULL)
			dp_die(1, "%s: %s", name, strerror(errno));
		if (read_log(name, fp, &run[i]))
			objective++;
		if (fp != stdin)
			fclose(fp);
	}
	if (objective != 0 && objective != nrun)
		dp_die(1, "cannot draw SGD and L-BFGS logs in one picture");
	if (plot_curves(run, (size_t)nrun, objective ? "objective F (L-BFGS)" :
	    "mean log loss", out) != 0) {
		dp_warn("%s: %s", strcmp(out, "-") ? out : "stdout",
		    strerror(errno));
		status = 1;
	}
	for (i = 0; i < nrun; i++)
		free((void *)run[i].pt);
	return status;
}
