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

#define USAGE "lrpredict -m model [-p] [-t threshold] [file ...]"

static const char help[] =
"usage: " USAGE "\n"
"Classify digitpipe records with a model; one TSV line per record:\n"
"  name <TAB> true label (- if unknown) <TAB> predicted digit <TAB> its probability\n"
"A record without a name is named by its number (1, 2, ...). A record\n"
"that is digit k of n of a picture (imgnorm --segment) gets two more\n"
"fields at the end: k/n and its box x,y,width,height. A record whose\n"
"top probability is under the threshold is declined: ? is predicted.\n"
"\n"
"  -m, --model FILE  the model written by lrtrain (required)\n"
"  -p, --probs       append the ten class probabilities\n"
"  -t, --threshold P decline under probability P (default: the model's\n"
"                    'decline' key, chosen by lrtrain; 0: never decline)\n"
"  -h, --help        show this help\n"
"  -V, --version     show the version\n"
"  file              record files; none or - is stdin\n"
"\n"
"See lrpredict(1).\n";

static const struct option longopts[] = {
	{ "model",	required_argument,	NULL, 'm' },
	{ "probs",	no_argument,		NULL, 'p' },
	{ "threshold",	required_argument,	NULL, 't' },
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
	char line[1024], pv[32];
	int c, i, k, pred, probs = 0, status = 0;
	double thr = -1;
	const char *tv;
	size_t n;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "m:pt:hV", longopts, NULL)) != -1) {
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
	if (thr < 0) {
		char *end;

		thr = 0;
		if ((tv = model_get(&m, "decline")) != NULL) {
			thr = strtod(tv, &end);
			if (end == tv || *end != '\0' || !(thr >= 0 && thr <= 1)) {
				dp_warn("%s: decline: '%s': not a probability "
				    "from 0 to 1", model_path, tv);
				model_free(&m);
				return 1;
			}
		}
	}
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
			/* Declined when the probability as printed is
			 * under the threshold: the lines agree with it. */
			snprintf(pv, sizeof pv, "%.6f", p[pred]);
			if (strtod(pv, NULL) < thr)
				n += (size_t)snprintf(line + n, sizeof line - n,
				    "\t?\t%s", pv);
			else
				n += (size_t)snprintf(line + n, sizeof line - n,
				    "\t%d\t%s", pred, pv);
			if (probs)
				for (c = 0; c < 10; c++)
					n += (size_t)snprintf(line + n,
					    sizeof line - n, "\t%.6f", p[c]);
			if (r.seg_n != 0)
				n += (size_t)snprintf(line + n, sizeof line - n,
				    "\t%u/%u\t%u,%u,%u,%u", r.seg_k, r.seg_n,
				    r.box[0], r.box[1], r.box[2], r.box[3]);
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
