/* SPDX-License-Identifier: ISC */
/*
 * lrpredict: a model and records in, one prediction line per record out:
 * name TAB true TAB predicted TAB probability [TAB p0 ... p9].
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rec.h"
#include "record.h"
#include "util.h"

#define USAGE "lrpredict -m model [-p] [file ...]"

static const char help[] =
"usage: " USAGE "\n"
"Classify digitpipe records with a model; one TSV line per record:\n"
"  name <TAB> true label (- if unknown) <TAB> predicted digit <TAB> its probability\n"
"A record without a name is named by its number (1, 2, ...).\n"
"\n"
"  -m, --model FILE  the model written by lrtrain (required)\n"
"  -p, --probs       append the ten class probabilities\n"
"  -h, --help        show this help\n"
"  -V, --version     show the version\n"
"  file              record files; none or - is stdin\n"
"\n"
"See lrpredict(1).\n";

static const struct option longopts[] = {
	{ "model",	required_argument,	NULL, 'm' },
	{ "probs",	no_argument,		NULL, 'p' },
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

int
main(int argc, char *argv[])
{
	const char *model_path = NULL;
	unsigned long long num = 0;
	struct model m;
	struct recin in;
	struct rec r;
	double p[10];
	/* name (escaped, <= 2 * 235) + 14 numbers: well under PIPE_BUF */
	char line[1024];
	int c, i, k, pred, probs = 0, status = 0;
	size_t n;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "m:phV", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			model_path = optarg;
			break;
		case 'p':
			probs = 1;
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
	for (i = 0; i == 0 || i < argc; i++) {
		if (recin_open(&in, argc ? argv[i] : NULL) != 0) {
			status = 1;
			continue;
		}
		while ((k = rec_read(&in, &r)) == 1) {
			num++;
			pred = model_predict(&m, r.pix, p);
			if (r.name[0] != '\0')
				n = put_name(line, r.name);
			else
				n = (size_t)snprintf(line, 32, "%llu", num);
			if (r.label == REC_UNKNOWN)
				n += (size_t)snprintf(line + n, sizeof line - n,
				    "\t-");
			else
				n += (size_t)snprintf(line + n, sizeof line - n,
				    "\t%d", r.label);
			n += (size_t)snprintf(line + n, sizeof line - n,
			    "\t%d\t%.6f", pred, p[pred]);
			if (probs)
				for (c = 0; c < 10; c++)
					n += (size_t)snprintf(line + n,
					    sizeof line - n, "\t%.6f", p[c]);
			line[n++] = '\n';
			dp_put_line(line, n);
		}
		if (k < 0)
			status = 1;
		recin_close(&in);
	}
	model_free(&m);
	return status;
}
