/* SPDX-License-Identifier: ISC */
/*
 * confmat: lrpredict's lines in; accuracy, the confusion matrix and a
 * per-class report (precision, recall, F1, support) out.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "plot.h"
#include "util.h"

#define USAGE "confmat [-d digits] [--png picture] [file]"

static const char help[] =
"usage: " USAGE "\n"
"Read prediction lines (name, true, predicted, probability: lrpredict's\n"
"output) and print the accuracy, the confusion matrix and a per-class\n"
"report laid out like scikit-learn's classification_report.\n"
"\n"
"  -d, --digits N    decimals in the report (default 2, as scikit-learn)\n"
"      --png FILE    also draw the matrix as a PNG heatmap: counts, and\n"
"                    rows as percentages (- : the PNG alone on stdout)\n"
"  -h, --help        show this help\n"
"  -V, --version     show the version\n"
"  file              prediction lines; none or - is stdin\n"
"\n"
"See confmat(1).\n";

enum { OPT_PNG = 256 };

static const struct option longopts[] = {
	{ "digits",	required_argument,	NULL, 'd' },
	{ "png",	required_argument,	NULL, OPT_PNG },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct confusion cm;
	const char *name = "stdin", *why, *png = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long long lineno = 0;
	int c, digits = 2, truth, pred;
	FILE *fp = stdin;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "d:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			digits = (int)dp_optlong("-d", optarg, 0, 10);
			break;
		case OPT_PNG:
			png = optarg;
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
	if (argc > 1)
		dp_usage(USAGE);
	if (argc == 1 && strcmp(argv[0], "-") != 0) {
		name = argv[0];
		if ((fp = fopen(name, "r")) == NULL)
			dp_die(1, "%s: %s", name, strerror(errno));
	}
	memset(&cm, 0, sizeof cm);
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if ((size_t)len != strlen(line))
			dp_die(1, "%s: line %llu: binary data (not lrpredict "
			    "output)", name, lineno);
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if ((why = pred_parse(line, &truth, &pred)) != NULL)
			dp_die(1, "%s: line %llu: %s", name, lineno, why);
		if (truth < 0)
			cm.unknown++;
		else {
			cm.m[truth][pred]++;
			cm.n++;
		}
	}
	if (ferror(fp))
		dp_die(1, "%s: %s", name, strerror(errno));
	free(line);
	if (cm.n == 0)
		dp_die(1, "%s: no predictions with a true label%s", name,
		    cm.unknown ? " (all are -)" : "");
	if (png != NULL && plot_confusion(&cm, png) != 0)
		dp_die(1, "%s: %s", strcmp(png, "-") ? png : "stdout",
		    strerror(errno));
	if (png == NULL || strcmp(png, "-") != 0)
		confusion_print(&cm, stdout, digits);
	dp_stdout_close();
	return 0;
}
