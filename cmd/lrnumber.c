/* SPDX-License-Identifier: ISC */
/*
 * lrnumber: lrpredict's lines in, one line per picture out:
 * name TAB number TAB lowest digit probability. The digits of a picture
 * read with imgnorm --segment carry k/n and a box in their last two
 * fields; they may come in any order (xargs -P), and are put back in
 * place. Plain lines are one-digit numbers.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define USAGE "lrnumber [-v] [file ...]"

static const char help[] =
"usage: " USAGE "\n"
"Read lrpredict's lines and print one line per picture, in input order:\n"
"  name <TAB> number <TAB> the lowest of its digits' probabilities\n"
"Digits of a picture read with imgnorm --segment (their lines end in\n"
"k/n and a box) are gathered in order k, wherever their lines are; a\n"
"declined digit is ?. Other lines are one-digit numbers.\n"
"\n"
"  -v, --verbose     add each digit: <TAB> digit:probability@x,y,w,h\n"
"  -h, --help        show this help\n"
"  -V, --version     show the version\n"
"  file              prediction lines; none or - is stdin\n"
"\n"
"Exit status: 0, or 1 when a line is malformed or a picture lacks digits.\n"
"See lrnumber(1).\n";

static const struct option longopts[] = {
	{ "verbose",	no_argument,	NULL, 'v' },
	{ "help",	no_argument,	NULL, 'h' },
	{ "version",	no_argument,	NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

struct digit {
	char d;			/* '0'..'9', '?'; 0 not seen yet */
	double p;
	unsigned box[4];
};

struct pic {
	char *name;
	unsigned n, have;
	int boxed;		/* from --segment records */
	unsigned room;		/* digits allocated: up to the largest k */
	struct digit *dg;
};

static struct pic *pics;
static size_t npics, cap, next_out;
static int verbose, status;

static void
print_pic(const struct pic *pc)
{
	double low = 1;
	unsigned i;

	printf("%s\t", pc->name);
	for (i = 0; i < pc->n; i++) {
		putchar(pc->dg[i].d);
		low = pc->dg[i].p < low ? pc->dg[i].p : low;
	}
	printf("\t%.6f", low);
	if (verbose)
		for (i = 0; i < pc->n; i++) {
			printf("\t%c:%.6f", pc->dg[i].d, pc->dg[i].p);
			if (pc->boxed)
				printf("@%u,%u,%u,%u", pc->dg[i].box[0],
				    pc->dg[i].box[1], pc->dg[i].box[2],
				    pc->dg[i].box[3]);
		}
	putchar('\n');
}

/* Print the pictures at the front that are complete. */
static void
flush_done(void)
{
	while (next_out < npics && pics[next_out].have == pics[next_out].n) {
		print_pic(&pics[next_out]);
		free(pics[next_out].name);
		free(pics[next_out].dg);
		pics[next_out].name = NULL;
		pics[next_out].dg = NULL;
		next_out++;
	}
}

/* The segmented pictures waiting for digits, by name and n: indexes into
 * pics plus 1 (0 empty, TOMB taken out), so the lines behind a cut picture
 * need not search all the pictures held back. */
#define TOMB ((size_t)-1)
static size_t *slot, nslot, nfull, nlive;	/* full: used or TOMB */

static size_t
hash(const char *name, unsigned n)
{
	size_t h = (size_t)14695981039346656037u;	/* FNV-1a */

	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211u;
	return (h ^ n) * 1099511628211u;
}

static void
slot_put(size_t i)
{
	size_t j;

	for (j = hash(pics[i].name, pics[i].n) & (nslot - 1); slot[j] != 0 &&
	    slot[j] != TOMB; j = (j + 1) & (nslot - 1))
		;
	nfull += slot[j] == 0;
	slot[j] = i + 1;
}

static void
waiting_add(size_t i)
{
	if (2 * (nfull + 1) > nslot) {	/* rebuild, for 4 x the live ones */
		size_t *old = slot, nold = nslot, j;

		for (nslot = 64; nslot < 4 * (nlive + 1); nslot *= 2)
			;
		slot = dp_calloc(nslot, sizeof *slot);
		nfull = 0;
		for (j = 0; j < nold; j++)
			if (old[j] != 0 && old[j] != TOMB)
				slot_put(old[j] - 1);
		free(old);
	}
	slot_put(i);
	nlive++;
}

/* The slot of the waiting picture name with n digits, or NULL. */
static size_t *
waiting_find(const char *name, unsigned n)
{
	size_t j;

	if (nslot == 0)
		return NULL;
	for (j = hash(name, n) & (nslot - 1); slot[j] != 0;
	    j = (j + 1) & (nslot - 1))
		if (slot[j] != TOMB && pics[slot[j] - 1].n == n &&
		    strcmp(pics[slot[j] - 1].name, name) == 0)
			return &slot[j];
	return NULL;
}

/* The picture name with n digits that still waits for some: its index,
 * or a new one. */
static struct pic *
find_pic(const char *name, unsigned n, int boxed)
{
	size_t *sp;
	struct pic *pc;

	if (boxed && (sp = waiting_find(name, n)) != NULL)
		return &pics[*sp - 1];
	if (npics == cap) {
		cap = cap ? 2 * cap : 64;
		pics = dp_realloc(pics, cap * sizeof *pics);
	}
	pc = &pics[npics++];
	pc->name = dp_strdup(name);
	pc->n = n;
	pc->have = 0;
	pc->boxed = boxed;
	pc->room = 0;
	pc->dg = NULL;
	if (boxed)
		waiting_add(npics - 1);
	return pc;
}

/* Split line at tabs into f[], at most max; returns the count. */
static int
split(char *line, char **f, int max)
{
	int n = 0;
	char *t;

	f[n++] = line;
	while (n < max && (t = strchr(f[n - 1], '\t')) != NULL) {
		*t = '\0';
		f[n++] = t + 1;
	}
	return n;
}

static const char *
do_line(char *line)
{
	char *f[20], *end, c;
	unsigned k = 1, n = 1, kk, nn, b[4] = {0, 0, 0, 0};
	int nf, boxed = 0;
	double p;
	struct pic *pc;

	if ((nf = split(line, f, 20)) < 4)
		return "expected at least 4 tab-separated fields: name, true, "
		    "predicted, probability";
	if (!((f[2][0] >= '0' && f[2][0] <= '9') || f[2][0] == '?') ||
	    f[2][1] != '\0')
		return "predicted label is not a digit 0-9 or ?";
	p = strtod(f[3], &end);
	if (end == f[3] || *end != '\0' || !(p >= 0 && p <= 1))
		return "probability is not a number from 0 to 1";
	/* A digit of a segmented picture: k/n, then its box; a line cut
	 * after k/n or in its box is refused, not taken for a plain one. */
	if (nf >= 5 && sscanf(f[nf - 1], "%u/%u%c", &kk, &nn, &c) == 2)
		return "k/n without the box x,y,width,height after it (a cut line?)";
	if (nf >= 6 && sscanf(f[nf - 2], "%u/%u%c", &kk, &nn, &c) == 2) {
		if (sscanf(f[nf - 1], "%u,%u,%u,%u%c", &b[0], &b[1], &b[2],
		    &b[3], &c) != 4)
			return "k/n without the box x,y,width,height after it (a cut line?)";
		if (nn == 0 || kk == 0 || kk > nn || nn > 65535)
			return "bad digit number k/n (1 <= k <= n)";
		k = kk;
		n = nn;
		boxed = 1;
	}
	pc = find_pic(f[0], n, boxed);
	if (k > pc->room) {
		unsigned room = pc->room * 2 > k ? pc->room * 2 : k;

		room = room < n ? room : n;
		pc->dg = dp_realloc(pc->dg, room * sizeof *pc->dg);
		memset(pc->dg + pc->room, 0, (room - pc->room) * sizeof *pc->dg);
		pc->room = room;
	}
	if (pc->dg[k - 1].d != 0)
		return "the same digit of a picture twice";
	pc->dg[k - 1].d = f[2][0];
	pc->dg[k - 1].p = p;
	memcpy(pc->dg[k - 1].box, b, sizeof b);
	pc->have++;
	if (pc->boxed && pc->have == pc->n) {
		*waiting_find(pc->name, pc->n) = TOMB;
		nlive--;
	}
	return NULL;
}

static const char binary[] = "binary data (not lrpredict lines)";

static void
do_file(FILE *fp, const char *name)
{
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	unsigned long long lineno = 0;
	const char *why;

	while ((len = getline(&line, &lcap, fp)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		why = memchr(line, '\0', (size_t)len) ? binary : do_line(line);
		if (why != NULL) {
			dp_warn("%s: line %llu: %s", name, lineno, why);
			status = 1;
			if (why == binary)
				break;	/* not text: nothing more of it */
			continue;
		}
		flush_done();
	}
	if (ferror(fp)) {
		dp_warn("%s: %s", name, strerror(errno));
		status = 1;
	}
	free(line);
}

int
main(int argc, char *argv[])
{
	int c, i;
	size_t j;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			verbose = 1;
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
	for (i = 0; i == 0 || i < argc; i++) {
		FILE *fp;
		const char *name = argc ? argv[i] : "-";

		if (strcmp(name, "-") == 0)
			fp = stdin;
		else if ((fp = fopen(name, "r")) == NULL) {
			dp_warn("%s: %s", name, strerror(errno));
			status = 1;
			continue;
		}
		do_file(fp, strcmp(name, "-") == 0 ? "stdin" : name);
		if (fp != stdin)
			fclose(fp);
	}
	/* What is left lacks digits: say which, print the rest in order. */
	for (j = next_out; j < npics; j++) {
		struct pic *pc = &pics[j];

		if (pc->have < pc->n) {
			dp_warn("%s: %u of its %u digits missing (cut or "
			    "incomplete input)", pc->name, pc->n - pc->have,
			    pc->n);
			status = 1;
		} else
			print_pic(pc);
		free(pc->name);
		free(pc->dg);
	}
	free(pics);
	free(slot);
	dp_stdout_close();
	return status;
}
