/* SPDX-License-Identifier: ISC */
/*
 * model.c: the model file, plain text a learner can read and diff
 * (digitpipe-model(5)):
 *
 *   digitpipe-model 1
 *   classes 10
 *   width 28
 *   height 28
 *   scale 0.003921568627450980   (x = pixel * scale)
 *   KEY VALUE                    (provenance: solver, C, seed, data, ...)
 *   weights
 *   K lines of D+1 numbers: the class's D pixel weights, then its bias
 *
 * Format 2 is a model on a feature map (feat.h) of the pixels: after
 * height come "features grad 1" (family, version), "feature-map
 * orientations 8 cells 14 7 4 pixels 0" (its parameters) and "dim D"
 * (its length, which must agree); the weights are then per feature.
 * Format 3 is a model of either kind followed, after its class weights,
 * by the not-a-digit section (lrtrain --notdigit):
 *
 *   notdigit grad 1                  (the gate's feature map: family, version)
 *   notdigit-map orientations 8 cells 14 7 4 pixels 0
 *   notdigit-threshold 0.5           (not a digit when p >= this)
 *   notdigit-weights
 *   K lines of D'+1 numbers: the gate of a record the model answers
 *   with class k: a weight per byte of the map, then the bias
 *
 * Formats 1 and 2 read as before; a program that reads only those says
 * format 3 is unsupported rather than misreading it.
 *
 * Weights are float32 printed with %.9g, which round-trips any float
 * exactly; parsing uses strtod in the C locale, so files are the same on
 * every machine whatever its byte order or locale.
 * Uses: feat.h, gatefile.h, out.h, sniff.h, util.h.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "gatefile.h"
#include "model.h"
#include "out.h"
#include "record.h"
#include "sniff.h"
#include "util.h"

#define MODEL_MAGIC "digitpipe-model"
#define MODEL_FORMAT 1		/* a model on the pixels */
#define MODEL_FORMAT_FEAT 2	/* with a feature section */
#define MODEL_FORMAT_GATE 3	/* with a not-a-digit section (and maybe a
				 * feature section) */

void
model_init(struct model *m, int classes, int width, int height)
{
	memset(m, 0, sizeof *m);
	m->classes = classes;
	m->width = width;
	m->height = height;
	m->dim = width * height;
	m->scale = 1.0 / 255.0;
	m->w = dp_calloc((size_t)classes * (size_t)(m->dim + 1), sizeof *m->w);
}

void
model_set_features(struct model *m, const struct featmap *f)
{
	free(m->w);
	m->feat = 1;
	m->fm = *f;
	m->dim = f->dim;
	m->w = dp_calloc((size_t)m->classes * (size_t)(m->dim + 1),
	    sizeof *m->w);
}

void
model_free(struct model *m)
{
	int i;

	for (i = 0; i < m->nmeta; i++) {
		free(m->key[i]);
		free(m->val[i]);
	}
	free(m->w);
	free(m->gw);
	memset(m, 0, sizeof *m);
}

static int
reserved_key(const char *k)
{
	return strcmp(k, "classes") == 0 || strcmp(k, "width") == 0 ||
	    strcmp(k, "height") == 0 || strcmp(k, "scale") == 0 ||
	    strcmp(k, "weights") == 0 || strcmp(k, "features") == 0 ||
	    strcmp(k, "feature-map") == 0 || strcmp(k, "dim") == 0 ||
	    strncmp(k, "notdigit", 8) == 0;
}

static void
meta_put(struct model *m, const char *key, const char *val)
{
	int i;

	for (i = 0; i < m->nmeta; i++)
		if (strcmp(m->key[i], key) == 0) {
			free(m->val[i]);
			m->val[i] = dp_strdup(val);
			return;
		}
	if (m->nmeta == MODEL_MAX_META)
		dp_die(1, "model: too many keys");
	m->key[m->nmeta] = dp_strdup(key);
	m->val[m->nmeta++] = dp_strdup(val);
}

void
model_set(struct model *m, const char *key, const char *fmt, ...)
{
	char buf[512], *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (p = buf; *p; p++)		/* one line per key */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	meta_put(m, key, buf);
}

const char *
model_get(const struct model *m, const char *key)
{
	int i;

	for (i = 0; i < m->nmeta; i++)
		if (strcmp(m->key[i], key) == 0)
			return m->val[i];
	return NULL;
}

int
model_save(const struct model *m, const char *path)
{
	struct dp_out o;
	FILE *fp;
	int i, k, j, d1 = m->dim + 1;

	if (dp_out_open(&o, path) != 0) {
		dp_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	fp = o.fp;
	fprintf(fp, "%s %d\nclasses %d\nwidth %d\nheight %d\n", MODEL_MAGIC,
	    m->gate ? MODEL_FORMAT_GATE : m->feat ? MODEL_FORMAT_FEAT :
	    MODEL_FORMAT, m->classes, m->width, m->height);
	if (m->feat) {
		char fm[128];

		feat_format(&m->fm, fm, sizeof fm);
		fprintf(fp, "features %s %d\nfeature-map %s\ndim %d\n",
		    FEAT_NAME, FEAT_VERSION, fm, m->dim);
	}
	fprintf(fp, "scale %.17g\n", m->scale);
	for (i = 0; i < m->nmeta; i++)
		fprintf(fp, "%s %s\n", m->key[i], m->val[i]);
	fputs("weights\n", fp);
	for (k = 0; k < m->classes; k++)
		for (j = 0; j < d1; j++)
			fprintf(fp, "%.9g%c", (double)m->w[(size_t)k * d1 + j],
			    j + 1 == d1 ? '\n' : ' ');
	if (m->gate)
		gate_save(m, fp);
	if (dp_out_commit(&o) != 0) {
		dp_warn("%s: %s", path ? path : "stdout", strerror(errno));
		return -1;
	}
	return 0;
}

/* Parse a whole number field; -1 on error. */
static long
intval(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno || v < 1 || v > max)
		return -1;
	return v;
}

#define MODEL_MAX_BYTES (64UL << 20)
/*
 * Bounds that keep model_predict finite whatever the file says: with
 * |w| <= 1e30, |sum_j w_j pix_j| <= 784 * 255 * 1e30 ~ 2e35 < FLT_MAX, and
 * with scale <= 1e6, z = acc * scale + b stays far inside a double. A
 * trained model's weights are many orders of magnitude smaller.
 */
#define MODEL_MAX_WEIGHT 1e30
#define MODEL_MAX_SCALE 1e6

int
model_load(struct model *m, const char *path)
{
	unsigned char *buf;
	const char *name = path && strcmp(path, "-") ? path : "stdin";
	size_t n;
	int r;

	memset(m, 0, sizeof *m);
	if ((buf = dp_slurp(path, &n, MODEL_MAX_BYTES)) == NULL) {
		dp_warn("%s: %s", name, errno == EFBIG ?
		    "too large for a model" : strerror(errno));
		return -1;
	}
	r = model_parse(m, name, buf, n);
	free(buf);
	return r;
}

/*
 * The parser proper, on a model held in memory (also what the fuzzer
 * calls). It works on a NUL-terminated copy, cut into lines in place;
 * bytes are sniffed on the caller's untouched buffer.
 */
int
model_parse(struct model *m, const char *name, const unsigned char *in,
    size_t n)
{
	unsigned char *buf;
	char *s, *line, *nl, *sp, *end;
	long classes = -1, width = -1, height = -1, lineno = 0, v, dim = -1;
	long format = 0;
	int have_feat = 0, have_map = 0;
	double scale = -1;
	size_t nw;
	int k, j, d1;
	struct model t;

	memset(m, 0, sizeof *m);
	if (memchr(in, '\0', n) != NULL) {
		const char *what = sniff(in, n);

		/* A NUL in a file that starts like a model is still binary. */
		if (what != NULL && strcmp(what, "a digitpipe model") == 0)
			what = NULL;
		dp_warn("%s: not a digitpipe model (%s)", name,
		    what ? what : "binary data");
		return -1;
	}
	buf = dp_malloc(n + 1);
	memcpy(buf, in, n);
	buf[n] = '\0';
	s = (char *)buf;
	memset(&t, 0, sizeof t);

#define FAIL(...) do { char msg_[256]; snprintf(msg_, sizeof msg_, __VA_ARGS__); \
	dp_warn("%s: line %ld: %s", name, lineno, msg_); goto fail; } while (0)

	for (;;) {
		if (*s == '\0') {
			lineno++;
			FAIL("unexpected end of file (no weights)");
		}
		line = s;
		if ((nl = strchr(s, '\n')) != NULL) {
			*nl = '\0';
			s = nl + 1;
		} else
			s += strlen(s);
		lineno++;
		if (lineno == 1) {
			if (strncmp(line, MODEL_MAGIC " ", sizeof MODEL_MAGIC) != 0) {
				const char *what = sniff(in, n);

				dp_warn("%s: not a digitpipe model%s%s%s", name,
				    what ? " (it looks like " : "",
				    what ? what : "", what ? ")" : "");
				goto fail;
			}
			if ((v = intval(line + sizeof MODEL_MAGIC, 1000)) !=
			    MODEL_FORMAT && v != MODEL_FORMAT_FEAT &&
			    v != MODEL_FORMAT_GATE)
				FAIL("unsupported model format '%s' (this "
				    "program reads formats %d to %d)",
				    line + sizeof MODEL_MAGIC, MODEL_FORMAT,
				    MODEL_FORMAT_GATE);
			format = v;
			continue;
		}
		if (strcmp(line, "weights") == 0)
			break;
		if ((sp = strchr(line, ' ')) == NULL || sp == line)
			FAIL("expected 'key value'");
		*sp++ = '\0';
		if (strcmp(line, "classes") == 0) {
			if ((classes = intval(sp, 256)) < 2)
				FAIL("bad classes '%s'", sp);
		} else if (strcmp(line, "width") == 0) {
			if ((width = intval(sp, 4096)) < 0)
				FAIL("bad width '%s'", sp);
		} else if (strcmp(line, "height") == 0) {
			if ((height = intval(sp, 4096)) < 0)
				FAIL("bad height '%s'", sp);
		} else if (strcmp(line, "scale") == 0) {
			errno = 0;
			scale = strtod(sp, &end);
			if (end == sp || *end || errno || !isfinite(scale) ||
			    scale <= 0 || scale > MODEL_MAX_SCALE)
				FAIL("bad scale '%s'", sp);
		} else if (strcmp(line, "features") == 0) {
			char nm[16];
			int ver, used = 0;

			if (format == MODEL_FORMAT)
				FAIL("a feature section needs model format %d "
				    "or %d", MODEL_FORMAT_FEAT, MODEL_FORMAT_GATE);
			if (have_feat)
				FAIL("two feature sections");
			if (sscanf(sp, "%15[a-z0-9+-] %d%n", nm, &ver, &used) != 2 ||
			    sp[used] != '\0')
				FAIL("bad features '%s' (expected 'NAME VERSION')",
				    sp);
			if (strcmp(nm, FEAT_NAME) != 0)
				FAIL("unknown feature map '%s' (this program "
				    "knows '%s')", nm, FEAT_NAME);
			if (ver != FEAT_VERSION)
				FAIL("feature map %s version %d is not supported "
				    "(this program knows version %d)", nm, ver,
				    FEAT_VERSION);
			have_feat = 1;
		} else if (strcmp(line, "feature-map") == 0) {
			const char *why;

			if (!have_feat)
				FAIL("feature-map before features");
			if (have_map)
				FAIL("two feature-map lines");
			if ((why = feat_parse(&t.fm, sp)) != NULL)
				FAIL("bad feature map: %s", why);
			have_map = 1;
		} else if (strcmp(line, "dim") == 0) {
			if (!have_map)
				FAIL("dim before feature-map");
			if ((dim = intval(sp, FEAT_MAX_DIM)) < 0)
				FAIL("bad dim '%s'", sp);
			if (dim != t.fm.dim)
				FAIL("dim %ld does not match the feature map "
				    "(%d inputs)", dim, t.fm.dim);
		} else if (t.nmeta < MODEL_MAX_META && !reserved_key(line)) {
			meta_put(&t, line, sp);
		} else
			FAIL("too many keys");
	}
	if (format == MODEL_FORMAT_GATE && have_feat && dim < 0)
		FAIL("the feature section lacks its %s line",
		    !have_map ? "feature-map" : "dim");
	if (format == MODEL_FORMAT_FEAT && dim < 0)
		FAIL("a format %d model lacks its %s line", MODEL_FORMAT_FEAT,
		    !have_feat ? "features" : !have_map ? "feature-map" : "dim");
	if (classes < 0 || width < 0 || height < 0 || scale < 0)
		FAIL("header lacks %s", classes < 0 ? "classes" : width < 0 ?
		    "width" : height < 0 ? "height" : "scale");
	if (classes != 10 || width != REC_W || height != REC_H)
		FAIL("model is for %ld classes of %ldx%ld pixels; digitpipe "
		    "records have 10 classes of %dx%d", classes, width, height,
		    REC_W, REC_H);
	t.dim = dim >= 0 ? (int)dim : (int)(width * height);
	t.feat = dim >= 0;
	d1 = t.dim + 1;
	nw = (size_t)classes * (size_t)d1;
	t.classes = (int)classes;
	t.width = (int)width;
	t.height = (int)height;
	t.scale = scale;
	t.w = dp_malloc(nw * sizeof *t.w);
	for (k = 0; k < classes; k++) {
		lineno++;
		if (*s == '\0')
			FAIL("unexpected end of file: %d of %ld classes", k,
			    classes);
		for (j = 0; j < d1; j++) {
			double x;

			while (*s == ' ' || *s == '\t')
				s++;
			if (*s == '\n' || *s == '\0')
				FAIL("class %d has %d weights, expected %d",
				    k, j, d1);
			errno = 0;
			x = strtod(s, &end);
			if (end == s)
				FAIL("class %d, weight %d: not a number", k, j);
			if (!isfinite(x) || fabs(x) > FLT_MAX)
				FAIL("class %d, weight %d: not a finite number",
				    k, j);
			if (fabs(x) > MODEL_MAX_WEIGHT)
				FAIL("class %d, weight %d: out of range (more "
				    "than %g)", k, j, MODEL_MAX_WEIGHT);
			t.w[(size_t)k * d1 + j] = (float)x;
			s = end;
			if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\0')
				FAIL("class %d, weight %d: not a number", k, j);
		}
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '\n' && *s != '\0')
			FAIL("class %d has more than %d weights", k, d1);
		if (*s == '\n')
			s++;
	}
	if (format == MODEL_FORMAT_GATE && gate_parse(&t, &s, &lineno,
	    name) != 0)
		goto fail;
	if (*s != '\0') {
		lineno++;
		if (t.gate)
			FAIL("trailing data after %ld not-a-digit gates",
			    classes);
		FAIL("trailing data after %ld classes of weights", classes);
	}
	free(buf);
	*m = t;
	return 0;
fail:
	free(buf);
	model_free(&t);
	return -1;
#undef FAIL
}

void
model_inputs(const struct model *m, char *buf, size_t n)
{
	char f[128];

	if (!m->feat) {
		snprintf(buf, n, "the pixels");
		return;
	}
	feat_format(&m->fm, f, sizeof f);
	snprintf(buf, n, "the feature map '%s'", f);
}
