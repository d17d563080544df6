/* SPDX-License-Identifier: ISC */
/*
 * gatefile.c: the not-a-digit section of the model file (format 3, see
 * model.c and digitpipe-model(5)), written and parsed, so model.c keeps
 * to the classes:
 *
 *   notdigit grad 1                  (the gate's feature map: family, version)
 *   notdigit-map orientations 8 cells 14 7 4 pixels 0
 *   notdigit-threshold 0.5           (not a digit when p >= this)
 *   notdigit-weights
 *   K lines of D'+1 numbers: the gate of a record the model answers
 *   with class k, a weight per byte of the map, then the bias
 * Uses: feat.h, util.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "gatefile.h"
#include "model.h"
#include "util.h"

void
model_set_gate(struct model *m, const struct featmap *f)
{
	free(m->gw);
	m->gate = 1;
	m->gfm = *f;
	m->gw = dp_calloc((size_t)m->classes * ((size_t)f->dim + 1),
	    sizeof *m->gw);
	m->gthr = 0.5;
}

void
gate_save(const struct model *m, FILE *fp)
{
	char fm[128];
	int k, j;

	feat_format(&m->gfm, fm, sizeof fm);
	fprintf(fp, "notdigit %s %d\nnotdigit-map %s\n"
	    "notdigit-threshold %.6f\nnotdigit-weights\n", FEAT_NAME,
	    FEAT_VERSION, fm, m->gthr);
	for (k = 0; k < m->classes; k++)
		for (j = 0; j <= m->gfm.dim; j++)
			fprintf(fp, "%.9g%c", (double)m->gw[(size_t)k *
			    (size_t)(m->gfm.dim + 1) + (size_t)j],
			    j == m->gfm.dim ? '\n' : ' ');
}

/* The next line of *s (cut in place, *s moved past it), counted. */
static char *
next_line(char **s, long *lineno)
{
	char *line = *s, *nl;

	++*lineno;
	if (*line == '\0')
		return NULL;
	if ((nl = strchr(line, '\n')) != NULL) {
		*nl = '\0';
		*s = nl + 1;
	} else
		*s = line + strlen(line);
	return line;
}

/*
 * The not-a-digit section of a format 3 model, after the class weights
 * (see the top): its four lines in order, then one line of weights.
 * 0, or -1 after "prog: NAME: line N: why".
 */
int
gate_parse(struct model *t, char **s, long *lineno, const char *name)
{
	static const char *const key[3] = { "notdigit ", "notdigit-map ",
	    "notdigit-threshold " };
	char *line, *end, nm[16];
	const char *why;
	int i, j, k, ver, used = 0, d;
	double x;

#define GFAIL(...) do { char msg_[256]; snprintf(msg_, sizeof msg_, \
	__VA_ARGS__); dp_warn("%s: line %ld: %s", name, *lineno, msg_); \
	return -1; } while (0)
	for (i = 0; i < 3; i++) {
		if ((line = next_line(s, lineno)) == NULL)
			GFAIL("unexpected end of file (no not-a-digit section)");
		if (strncmp(line, key[i], strlen(key[i])) != 0)
			GFAIL("expected '%.*s' (the not-a-digit section)",
			    (int)strlen(key[i]) - 1, key[i]);
		line += strlen(key[i]);
		if (i == 0) {
			if (sscanf(line, "%15[a-z0-9+-] %d%n", nm, &ver,
			    &used) != 2 || line[used] != '\0')
				GFAIL("bad notdigit '%s' (expected 'NAME "
				    "VERSION')", line);
			if (strcmp(nm, FEAT_NAME) != 0 || ver != FEAT_VERSION)
				GFAIL("unknown feature map '%s %d' (this program "
				    "knows '%s %d')", nm, ver, FEAT_NAME,
				    FEAT_VERSION);
		} else if (i == 1) {
			if ((why = feat_parse(&t->gfm, line)) != NULL)
				GFAIL("bad feature map: %s", why);
		} else {
			errno = 0;
			x = strtod(line, &end);
			if (end == line || *end || errno || !(x > 0 && x <= 1))
				GFAIL("bad notdigit-threshold '%s' (a "
				    "probability above 0, at most 1)", line);
			t->gthr = x;
		}
	}
	if ((line = next_line(s, lineno)) == NULL ||
	    strcmp(line, "notdigit-weights") != 0)
		GFAIL("expected 'notdigit-weights'");
	d = t->gfm.dim;
	t->gw = dp_malloc((size_t)t->classes * ((size_t)d + 1) * sizeof *t->gw);
	t->gate = 1;
	for (k = 0; k < t->classes; k++) {
		float *gw = t->gw + (size_t)k * ((size_t)d + 1);

		if ((line = next_line(s, lineno)) == NULL)
			GFAIL("unexpected end of file: %d of %d not-a-digit "
			    "gates", k, t->classes);
		for (j = 0; j <= d; j++) {
			while (*line == ' ' || *line == '\t')
				line++;
			if (*line == '\0')
				GFAIL("gate %d has %d weights, expected %d", k,
				    j, d + 1);
			errno = 0;
			x = strtod(line, &end);
			if (end == line || (*end != ' ' && *end != '\t' && *end))
				GFAIL("gate %d, weight %d: not a number", k, j);
			if (!isfinite(x) || fabs(x) > GATE_MAX_WEIGHT)
				GFAIL("gate %d, weight %d: not a finite number "
				    "up to %g", k, j, GATE_MAX_WEIGHT);
			gw[j] = (float)x;
			line = end;
		}
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line != '\0')
			GFAIL("gate %d has more than %d weights", k, d + 1);
	}
	return 0;
#undef GFAIL
}

