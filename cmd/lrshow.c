/* SPDX-License-Identifier: ISC */
/*
 * lrshow: a model's ten weight templates as one PNG picture, in diverging
 * colours: what each digit "looks for"; or, with --features, one record
 * and its feature map. The drawing is in lib/plot.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feat.h"
#include "model.h"
#include "plot.h"
#include "rec.h"
#include "record.h"
#include "util.h"

#define USAGE "lrshow -m model [-o picture]\n" \
	"       lrshow --features[=NAME] [-n N] [-o picture] [records]"

static const char help[] =
"usage: " USAGE "\n"
"Draw the weights of a model (lrtrain's output) as a PNG picture: one\n"
"28x28 template per digit, red where ink speaks for the digit, blue where\n"
"it speaks against it, on one colour scale for all ten. With --features,\n"
"draw record N of the records (stdin if none) and its feature map\n"
"(lrtrain --features): per cell, a star of direction spokes.\n"
"\n"
"  -m, --model FILE    the model (required without --features); - is stdin\n"
"      --features[=NAME]  draw a record's features (default map: " FEAT_DEFAULT ")\n"
"  -n, --record N      with --features: the Nth record (default 1)\n"
"  -o, --output FILE   the picture (written atomically); default stdout,\n"
"                      unless stdout is a terminal\n"
"  -h, --help          show this help\n"
"  -V, --version       show the version\n"
"\n"
"See lrshow(1).\n";

static const struct option longopts[] = {
	{ "model",	required_argument,	NULL, 'm' },
	{ "output",	required_argument,	NULL, 'o' },
	{ "features",	optional_argument,	NULL, 'F' },
	{ "record",	required_argument,	NULL, 'n' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Draw record n (1-based) of path (NULL: stdin) and its features. */
static int
show_features(const struct featmap *f, const char *path, long n,
    const char *out)
{
	struct recin in;
	struct rec r;
	long i = 0;
	int k;

	if (recin_open(&in, path) != 0)
		return 1;
	while (i < n && (k = rec_read(&in, &r)) == 1)
		i++;
	recin_close(&in);
	if (k < 0)
		return 1;
	if (i < n)
		dp_die(1, "%s: %ld records, no record %ld",
		    path ? path : "stdin", i, n);
	if (plot_features(f, r.pix, out) != 0) {
		dp_warn("%s: %s", strcmp(out, "-") ? out : "stdout",
		    strerror(errno));
		return 1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *model_path = NULL, *out = "-";
	struct model m;
	struct featmap f;
	int c, status = 0, feat = 0;
	long n = 1;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "m:o:n:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			model_path = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'F':
			if (feat_preset(optarg ? optarg : FEAT_DEFAULT, &f) != 0)
				dp_die(2, "--features: '%s': no such feature map "
				    "(lrtrain --features=list lists them)", optarg);
			feat = 1;
			break;
		case 'n':
			n = dp_optlong("-n", optarg, 1, 1L << 40);
			break;
		case 'h':
			dp_help(help);
		case 'V':
			dp_version();
		default:
			dp_usage(USAGE);
		}
	}
	if (feat) {
		if (model_path != NULL || optind + 1 < argc)
			dp_usage(USAGE);
		if (strcmp(out, "-") == 0 && isatty(STDOUT_FILENO))
			dp_die(2, "stdout is a terminal: give -o picture.png");
		return show_features(&f, optind < argc &&
		    strcmp(argv[optind], "-") ? argv[optind] : NULL, n, out);
	}
	if (optind != argc)
		dp_usage(USAGE);
	if (model_path == NULL) {
		dp_warn("-m model is required");
		dp_usage(USAGE);
	}
	if (strcmp(out, "-") == 0 && isatty(STDOUT_FILENO))
		dp_die(2, "stdout is a terminal: give -o picture.png");
	if (model_load(&m, model_path) != 0)
		return 1;
	if (m.feat)
		dp_die(1, "%s: a feature model: its weights are not per pixel, "
		    "so not a picture (lrshow --features draws a record's "
		    "features)", model_path);
	if (plot_weights(&m, out) != 0) {
		dp_warn("%s: %s", strcmp(out, "-") ? out : "stdout",
		    strerror(errno));
		status = 1;
	}
	model_free(&m);
	return status;
}
