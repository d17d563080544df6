/* SPDX-License-Identifier: ISC */
/*
 * recsheet: records as a contact sheet, one PNG grid of captioned
 * digits, or as ASCII art in the terminal; with lrpredict's lines beside
 * them, captioned with the prediction, and --wrong keeps the mistakes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "eval.h"
#include "plot.h"
#include "rec.h"
#include "record.h"
#include "util.h"

#define USAGE "recsheet [-aw] [-n count] [-c columns] [-z zoom] " \
	"[-p predictions] [-o picture] [file ...]"

static const char help[] =
"usage: " USAGE "\n"
"Draw digitpipe records as a PNG contact sheet (dark ink on white), each\n"
"captioned with its name, or its label when it has no name.\n"
"\n"
"  -p, --predictions FILE  lrpredict's lines for the same records, in the\n"
"                      same order: captions become the true digit, and\n"
"                      \"T as P\" in red for a mistake (\"is P\" under\n"
"                      the record's name if unlabelled)\n"
"  -w, --wrong         only the records the predictions got wrong\n"
"  -n, --count N       at most N records (default 100)\n"
"  -c, --columns N     records per row (default 10)\n"
"  -z, --zoom N        screen pixels per record pixel (default 3)\n"
"  -a, --ascii         ASCII art on stdout instead of a picture\n"
"  -o, --output FILE   the picture (written atomically); default stdout,\n"
"                      unless stdout is a terminal\n"
"  -h, --help          show this help\n"
"  -V, --version       show the version\n"
"  file                record files; none or - is stdin\n"
"\n"
"See recsheet(1).\n";

static const struct option longopts[] = {
	{ "predictions", required_argument,	NULL, 'p' },
	{ "wrong",	no_argument,		NULL, 'w' },
	{ "count",	required_argument,	NULL, 'n' },
	{ "columns",	required_argument,	NULL, 'c' },
	{ "zoom",	required_argument,	NULL, 'z' },
	{ "ascii",	no_argument,		NULL, 'a' },
	{ "output",	required_argument,	NULL, 'o' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* One prediction line, checked: its name field, truth (-1: none), the
 * predicted digit and its probability as written. */
struct pred {
	char *line;
	size_t cap;
	const char *name, *prob;
	int truth, digit;
};

static FILE *pfp;
static const char *ppath;
static unsigned long long plineno;

/* Read the prediction line for record number num with name rname. */
static void
pred_next(struct pred *p, unsigned long long num, const char *rname)
{
	char want[2 * REC_NAME_LEN + 32], *w = want;
	const char *why, *s;
	ssize_t len;

	do {
		if ((len = getline(&p->line, &p->cap, pfp)) == -1) {
			if (ferror(pfp))
				dp_die(1, "%s: %s", ppath, strerror(errno));
			dp_die(1, "%s: %llu lines, but there are more records",
			    ppath, plineno);
		}
		plineno++;
		if (len > 0 && p->line[len - 1] == '\n')
			p->line[--len] = '\0';
	} while (p->line[0] == '#' || p->line[0] == '\0');
	if ((why = pred_parse(p->line, &p->truth, &p->digit)) != NULL)
		dp_die(1, "%s: line %llu: %s", ppath, plineno, why);
	p->name = p->line;
	p->prob = p->name + strlen(p->name) + 1;	/* past true, pred */
	p->prob += strlen(p->prob) + 1;
	p->prob += strlen(p->prob) + 1;
	/* The name as lrpredict writes it: escaped, or the number. */
	if (rname[0] == '\0')
		snprintf(want, sizeof want, "%llu", num);
	else {
		for (s = rname; *s; s++) {
			if (*s == '\\' || *s == '\t' || *s == '\n' ||
			    *s == '\r') {
				*w++ = '\\';
				*w++ = *s == '\\' ? '\\' : *s == '\t' ? 't' :
				    *s == '\n' ? 'n' : 'r';
			} else
				*w++ = *s;
		}
		*w = '\0';
	}
	if (strcmp(want, p->name) != 0)
		dp_die(1, "%s: line %llu: is about '%s', but record %llu is "
		    "'%s' (predictions of other records?)", ppath, plineno,
		    p->name, num, want);
}

int
main(int argc, char *argv[])
{
	const char *out = "-";
	unsigned long long num = 0;
	size_t count = 100, n = 0, cols = 10;
	int c, i, k = 0, zoom = 3, ascii = 0, wrong = 0, status = 0, bad;
	unsigned char *pix, *red;
	char **cap, buf[REC_ASCII_SIZE + 64], cb[REC_NAME_LEN + 16];
	struct pred p;
	struct recin in;
	struct rec r;

	dp_init(argv[0]);
	memset(&p, 0, sizeof p);
	while ((c = getopt_long(argc, argv, "p:wn:c:z:ao:hV", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'p':
			ppath = optarg;
			break;
		case 'w':
			wrong = 1;
			break;
		case 'n':
			count = (size_t)dp_optlong("-n", optarg, 1, 10000);
			break;
		case 'c':
			cols = (size_t)dp_optlong("-c", optarg, 1, 100);
			break;
		case 'z':
			zoom = (int)dp_optlong("-z", optarg, 1, 16);
			break;
		case 'a':
			ascii = 1;
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
	argc -= optind;
	argv += optind;
	if (wrong && ppath == NULL) {
		dp_warn("--wrong needs -p predictions");
		dp_usage(USAGE);
	}
	if (!ascii && strcmp(out, "-") == 0 && isatty(STDOUT_FILENO))
		dp_die(2, "stdout is a terminal: give -o picture.png, or -a");
	if (ppath != NULL) {
		if (strcmp(ppath, "-") == 0)
			pfp = stdin;
		else if ((pfp = fopen(ppath, "r")) == NULL)
			dp_die(1, "%s: %s", ppath, strerror(errno));
	}
	pix = dp_malloc(count * REC_PIXELS);
	red = dp_calloc(count, 1);
	cap = dp_calloc(count, sizeof *cap);
	for (i = 0; (i == 0 || i < argc) && n < count; i++) {
		if (recin_open(&in, argc ? argv[i] : NULL) != 0) {
			status = 1;
			continue;
		}
		if (pfp == stdin && in.fp == stdin)
			dp_die(2, "records and predictions cannot both be stdin");
		while (n < count && (k = rec_read(&in, &r)) == 1) {
			num++;
			bad = 0;
			if (pfp != NULL) {
				pred_next(&p, num, r.name);
				bad = p.truth >= 0 && p.truth != p.digit;
				if (wrong && !bad)
					continue;
			}
			if (ascii) {
				size_t len = rec_ascii(&r, buf, sizeof buf);

				if (pfp != NULL)
					len += (size_t)snprintf(buf + len,
					    sizeof buf - len, "# predicted "
					    "%d (p = %s)%s\n", p.digit, p.prob,
					    bad ? ": wrong" : "");
				dp_put_line(buf, len);
			} else {
				memcpy(pix + n * REC_PIXELS, r.pix, REC_PIXELS);
				if (pfp != NULL && p.truth < 0 &&
				    r.name[0] != '\0')
					/* your own pictures: which file (a
					 * small line, a long path cut from
					 * the front), what it is taken for */
					snprintf(cb, sizeof cb, "%s\nis %d",
					    r.name, p.digit);
				else if (pfp != NULL && p.truth < 0)
					snprintf(cb, sizeof cb, "is %d", p.digit);
				else if (bad)
					snprintf(cb, sizeof cb, "%d as %d", p.truth,
					    p.digit);
				else if (pfp == NULL && r.name[0] != '\0')
					snprintf(cb, sizeof cb, "%s", r.name);
				else if (r.label == REC_UNKNOWN)
					snprintf(cb, sizeof cb, "?");
				else
					snprintf(cb, sizeof cb, "%d", r.label);
				cap[n] = dp_strdup(cb);
				red[n] = (unsigned char)bad;
			}
			n++;
		}
		if (k < 0)
			status = 1;
		recin_close(&in);
	}
	if (!status && !ascii && n == 0) {
		dp_warn("no records to draw%s", wrong ? " (no mistakes)" : "");
		status = 1;
	}
	if (!status && !ascii &&
	    plot_sheet(pix, cap, red, n, (int)cols, zoom, out) != 0) {
		dp_warn("%s: %s", strcmp(out, "-") ? out : "stdout",
		    strerror(errno));
		status = 1;
	}
	for (; n > 0; n--)
		free(cap[n - 1]);
	free(cap);
	free(pix);
	free(red);
	free(p.line);
	if (pfp != NULL && pfp != stdin)
		fclose(pfp);
	return status;
}
