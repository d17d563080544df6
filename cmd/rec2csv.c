/* SPDX-License-Identifier: ISC */
/*
 * rec2csv: records to their text form and back (-r), without loss:
 * label,pixel0,...,pixel783,name with a header line, as Kaggle's
 * digit-recognizer CSV files plus a name column.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "rec.h"
#include "record.h"
#include "sniff.h"
#include "util.h"

#define USAGE "rec2csv [-r] [-H] [file ...]"

static const char help[] =
"usage: " USAGE "\n"
"Write digitpipe records as CSV text, one line per record after a header:\n"
"  label,pixel0,...,pixel783,name   (label empty when unknown)\n"
"\n"
"  -r, --reverse     read CSV, write records; Kaggle's train.csv\n"
"                    (label,pixel0..) and test.csv (pixel0..) read too\n"
"  -H, --no-header   do not write the header line\n"
"  -h, --help        show this help\n"
"  -V, --version     show the version\n"
"  file              input files; none or - is stdin\n"
"\n"
"See rec2csv(1) and digitpipe-records(5).\n";

static const struct option longopts[] = {
	{ "reverse",	no_argument,	NULL, 'r' },
	{ "no-header",	no_argument,	NULL, 'H' },
	{ "help",	no_argument,	NULL, 'h' },
	{ "version",	no_argument,	NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
out(FILE *fp, const char *s, size_t n)
{
	if (fwrite(s, 1, n, fp) != n)
		dp_stdout_failed(errno);
}

static int
to_csv(const char *path, int *header)
{
	struct recin in;
	struct rec r;
	char line[CSV_LINE_MAX];
	int k;

	if (recin_open(&in, path) != 0)
		return 1;
	while ((k = rec_read(&in, &r)) == 1) {
		if (*header) {
			out(stdout, csv_header(), strlen(csv_header()));
			*header = 0;
		}
		out(stdout, line, csv_format(&r, line, sizeof line));
	}
	recin_close(&in);
	return k < 0;
}

/* Which columns the header line names: label first? name last? */
static const char *
parse_header(const char *h, int *has_label, int *has_name)
{
	const char *want = csv_header();	/* "label,pixel0,...,name\n" */
	size_t pix_len = strlen(want) - strlen("label,") - strlen(",name\n");
	const char *p = h;

	*has_label = strncmp(p, "label,", 6) == 0;
	if (*has_label)
		p += 6;
	if (strncmp(p, want + 6, pix_len) != 0)
		return "not digitpipe CSV (the header must be label,pixel0,"
		    "...,pixel783[,name] or pixel0,...,pixel783)";
	p += pix_len;
	*has_name = strcmp(p, ",name") == 0;
	if (!*has_name && *p != '\0')
		return "unknown columns after pixel783 in the header";
	return NULL;
}

static int
from_csv(const char *path, struct recout *o)
{
	const char *name = path && strcmp(path, "-") ? path : "stdin", *why;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long long lineno = 0;
	int has_label = 0, has_name = 0, status = 0;
	FILE *fp = stdin;
	struct rec r;

	if (path != NULL && strcmp(path, "-") != 0 &&
	    (fp = fopen(path, "r")) == NULL) {
		dp_warn("%s: %s", path, strerror(errno));
		return 1;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if ((size_t)len != strlen(line)) {
			const char *what = sniff((unsigned char *)line,
			    (size_t)len);

			dp_warn("%s: line %llu: binary data%s%s%s", name,
			    lineno, what ? " (it looks like " : "",
			    what ? what : "", what ? ")" : "");
			status = 1;
			break;
		}
		why = lineno == 1 ? parse_header(line, &has_label, &has_name) :
		    csv_parse(line, has_label, has_name, &r);
		if (why != NULL) {
			dp_warn("%s: line %llu: %s", name, lineno, why);
			status = 1;
			break;
		}
		if (lineno > 1)
			rec_write(o, &r);
	}
	if (!status && ferror(fp)) {
		dp_warn("%s: %s", name, strerror(errno));
		status = 1;
	}
	if (!status && lineno == 0) {
		dp_warn("%s: empty input (no header line)", name);
		status = 1;
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return status;
}

int
main(int argc, char *argv[])
{
	struct recout o;
	int c, i, reverse = 0, header = 1, status = 0;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "rHhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			reverse = 1;
			break;
		case 'H':
			header = 0;
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
	recout_init(&o, STDOUT_FILENO);
	for (i = 0; i == 0 || i < argc; i++) {
		if (reverse)
			status |= from_csv(argc ? argv[i] : NULL, &o);
		else
			status |= to_csv(argc ? argv[i] : NULL, &header);
		if (status)
			break;
	}
	recout_flush(&o);
	dp_stdout_close();
	return status;
}
