/* SPDX-License-Identifier: ISC */
/*
 * lrshow: a model's ten weight templates as one PNG picture, in diverging
 * colours: what each digit "looks for". The drawing is in lib/plot.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "plot.h"
#include "util.h"

#define USAGE "lrshow -m model [-o picture]"

static const char help[] =
"usage: " USAGE "\n"
"Draw the weights of a model (lrtrain's output) as a PNG picture: one\n"
"28x28 template per digit, red where ink speaks for the digit, blue where\n"
"it speaks against it, on one colour scale for all ten.\n"
"\n"
"  -m, --model FILE    the model (required); - is stdin\n"
"  -o, --output FILE   the picture (written atomically); default stdout,\n"
"                      unless stdout is a terminal\n"
"  -h, --help          show this help\n"
"  -V, --version       show the version\n"
"\n"
"See lrshow(1).\n";

static const struct option longopts[] = {
	{ "model",	required_argument,	NULL, 'm' },
	{ "output",	required_argument,	NULL, 'o' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *model_path = NULL, *out = "-";
	struct model m;
	int c, status = 0;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "m:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			model_path = optarg;
			break;
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
	if (plot_weights(&m, out) != 0) {
		dp_warn("%s: %s", strcmp(out, "-") ? out : "stdout",
		    strerror(errno));
		status = 1;
	}
	model_free(&m);
	return status;
}
