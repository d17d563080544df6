/* SPDX-License-Identifier: ISC */
/*
 * feat.c: the "grad" feature map (see feat.h): a pyramid of
 * gradient-orientation histograms of a 28x28 record, as bytes.
 * Uses: nothing of ours (record.h's sizes).
 *
 * For pixel (x, y), with pixels outside the picture 0:
 *   gx = p(x+1, y) - p(x-1, y),  gy = p(x, y+1) - p(x, y-1)  (-255..255)
 *   e_o = max(0, gx * C_o + gy * S_o),  (C_o, S_o) = 64 (cos, sin) of
 *   direction o (o = 0 .. orient-1, 360/orient degrees apart; integers
 *   from the table below, so no libm call decides a bit)
 * e_o is the part of the gradient pointing in direction o: a soft
 * orientation bin weighted by magnitude. For each cell size c (a level)
 * the cells start at 0, c/2, 2(c/2), ... along each side; the last one is
 * clipped at the border. A cell's sum E of e_o gives the byte
 *   round(sqrt(floor(E * 255 / (64 c^2)))), at most 255
 * (decided by integer thresholds, see qtab below: exact). The square
 * root tames large sums, so a long stroke does not drown a short one.
 *
 * Output order: the 784 pixels (if pixels is 1), then level by level,
 * cells row by row, directions innermost.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "record.h"

/* 64 cos and 64 sin of 22.5 degree steps (16), and of 30 degree steps. */
static const int cos16[16] = { 64, 59, 45, 24, 0, -24, -45, -59,
	-64, -59, -45, -24, 0, 24, 45, 59 };
static const int cos12[12] = { 64, 55, 32, 0, -32, -55, -64, -55, -32, 0,
	32, 55 };

const char *const feat_names[] = { "grad", "grad-coarse", "grad4",
	"grad12", "grad+pixels", NULL };
const char *const feat_about[] = {
	"8 directions, cells of 14, 7 and 4 pixels (1936 bytes)",
	"8 directions, cells of 14 and 7 pixels (584 bytes)",
	"4 directions, cells of 14, 7 and 4 pixels (968 bytes)",
	"12 directions, cells of 14, 7 and 4 pixels (2904 bytes)",
	"the 784 pixels, then grad (2720 bytes)",
};

int
feat_preset(const char *name, struct featmap *f)
{
	static const struct featmap pre[] = {
		{ 8, 3, { 14, 7, 4, 0 }, 0, 0 },
		{ 8, 2, { 14, 7, 0, 0 }, 0, 0 },
		{ 4, 3, { 14, 7, 4, 0 }, 0, 0 },
		{ 12, 3, { 14, 7, 4, 0 }, 0, 0 },
		{ 8, 3, { 14, 7, 4, 0 }, 1, 0 },
	};
	int i;

	for (i = 0; feat_names[i] != NULL; i++)
		if (strcmp(name, feat_names[i]) == 0) {
			*f = pre[i];
			feat_check(f);
			return 0;
		}
	return -1;
}

int
feat_side(int cell)
{
	int s = cell / 2, n = (REC_W - cell) / s + 1;

	if ((n - 1) * s + cell < REC_W)
		n++;
	return n;
}

const char *
feat_check(struct featmap *f)
{
	int i, d;

	if (f->orient != 4 && f->orient != 8 && f->orient != 12 &&
	    f->orient != 16)
		return "orientations must be 4, 8, 12 or 16";
	if (f->nlevel < 1 || f->nlevel > FEAT_MAX_LEVELS)
		return "cells must list 1 to 4 sizes";
	if (f->pixels != 0 && f->pixels != 1)
		return "pixels must be 0 or 1";
	d = f->pixels ? REC_PIXELS : 0;
	for (i = 0; i < f->nlevel; i++) {
		if (f->cell[i] < FEAT_MIN_CELL || f->cell[i] > FEAT_MAX_CELL)
			return "a cell size is not 4..28";
		if (i > 0 && f->cell[i] >= f->cell[i - 1])
			return "cell sizes must decrease";
		d += feat_side(f->cell[i]) * feat_side(f->cell[i]) * f->orient;
	}
	f->dim = d;
	return NULL;
}

/*
 * The byte of a cell sum e, for cells of c pixels:
 *   q = round(sqrt(floor(e * 255 / (64 c^2)))), at most 255.
 * With a = floor(e * 255 / den), round(sqrt(a)) is the number of r in
 * 0..254 with a > r^2 + r (sqrt(a) >= r + 1/2 exactly when a > r^2 + r,
 * for whole a), and a > T exactly when e * 255 >= (T + 1) * den. So q
 * is the number of thresholds
 *   E_r = ceil((r^2 + r + 1) * den / 255),  r = 0..254
 * that e reaches: exact integer comparisons, no division per cell. A
 * floating-point square root only guesses q; the thresholds decide it,
 * so the byte is the same on every machine.
 */
struct qtab {
	int c;				/* cell size, 0: not yet made */
	double k;			/* 255 / den, for the guess */
	uint64_t e[255];		/* E_0 < E_1 < ... < E_254 */
};

static const struct qtab *
qtab(int c)
{
	static _Thread_local struct qtab t[FEAT_MAX_CELL + 1];
	struct qtab *q = &t[c];
	uint64_t den = 64 * (uint64_t)c * (uint64_t)c;
	int r;

	if (q->c != c) {
		for (r = 0; r < 255; r++)
			q->e[r] = (((uint64_t)r * (uint64_t)r + (uint64_t)r + 1) *
			    den + 254) / 255;
		q->k = 255.0 / (double)den;
		q->c = c;
	}
	return q;
}

static inline unsigned char
qbyte(const struct qtab *t, uint64_t e)
{
	int r;

	if (e < t->e[0])	/* paper: most cells of the finer levels */
		return 0;
	r = (int)(sqrt((double)e * t->k) + 0.5);
	if (r > 255)
		r = 255;
	while (r < 255 && e >= t->e[r])
		r++;
	while (r > 0 && e < t->e[r - 1])
		r--;
	return (unsigned char)r;
}

#define IW (REC_W + 1)
#define NO 16				/* most directions */

/*
 * The energies' integral images, ii[(y * IW + x) * nb + o]: the sum of
 * e_o over rows < y and columns < x. Directions innermost, so the work
 * of a pixel or a cell corner is one run of nb integers.
 */
static inline __attribute__((always_inline)) void
integrate(int32_t *ii, const unsigned char *pix, const int *co,
    const int *so, int nb)
{
	int x, y, o;

	memset(ii, 0, (size_t)IW * (size_t)nb * sizeof *ii);
	for (y = 0; y < REC_H; y++) {
		int32_t row[NO] = { 0 };
		int32_t *up = ii + (size_t)(y * IW) * (size_t)nb;
		int32_t *cur = up + (size_t)IW * (size_t)nb;

		for (o = 0; o < nb; o++)
			cur[o] = 0;
		for (x = 0; x < REC_W; x++) {
			const unsigned char *p = pix + y * REC_W + x;
			int gx = (x < REC_W - 1 ? p[1] : 0) - (x > 0 ? p[-1] : 0);
			int gy = (y < REC_H - 1 ? p[REC_W] : 0) -
			    (y > 0 ? p[-REC_W] : 0);
			int32_t *dst = cur + (size_t)(x + 1) * (size_t)nb;
			const int32_t *src = up + (size_t)(x + 1) * (size_t)nb;

			for (o = 0; o < nb; o++) {
				int e = gx * co[o] + gy * so[o];

				row[o] += e > 0 ? e : 0;
				dst[o] = src[o] + row[o];
			}
		}
	}
}

void
feat_map(const struct featmap *f, const unsigned char *pix,
    unsigned char *out)
{
	static _Thread_local int32_t ii[IW * IW * NO];
	int co[NO], so[NO], o, l, step, nb = f->orient;
	unsigned char *q = out;

	step = nb == 12 ? 1 : 16 / nb;
	for (o = 0; o < nb; o++) {
		if (nb == 12) {
			co[o] = cos12[o];
			so[o] = cos12[(o + 9) % 12];	/* sin a = cos(a - 90) */
		} else {
			co[o] = cos16[o * step];
			so[o] = cos16[(o * step + 12) % 16];
		}
	}
	if (f->pixels) {
		memcpy(q, pix, REC_PIXELS);
		q += REC_PIXELS;
	}
	if (nb == 8)		/* the default map's: unrolled */
		integrate(ii, pix, co, so, 8);
	else
		integrate(ii, pix, co, so, nb);
	for (l = 0; l < f->nlevel; l++) {
		int c = f->cell[l], s = c / 2, n = feat_side(c), cy, cx;
		const struct qtab *t = qtab(c);

		for (cy = 0; cy < n; cy++)
			for (cx = 0; cx < n; cx++) {
				int y0 = cy * s, x0 = cx * s;
				int y1 = y0 + c > REC_H ? REC_H : y0 + c;
				int x1 = x0 + c > REC_W ? REC_W : x0 + c;
				const int32_t *a = ii + (size_t)(y1 * IW + x1) * nb;
				const int32_t *b = ii + (size_t)(y0 * IW + x1) * nb;
				const int32_t *d = ii + (size_t)(y1 * IW + x0) * nb;
				const int32_t *e = ii + (size_t)(y0 * IW + x0) * nb;

				for (o = 0; o < nb; o++)
					*q++ = qbyte(t, (uint64_t)(a[o] - b[o] -
					    d[o] + e[o]));
			}
	}
}

/* feat_rows: each thread a fixed share of the rows. */
struct rowjob {
	const struct featmap *f;
	const unsigned char *pix;
	unsigned char *out;
	size_t n, stride;
	int part, parts;
};

static void *
rowjob_run(void *arg)
{
	struct rowjob *j = arg;
	size_t i, i0 = j->n * (size_t)j->part / (size_t)j->parts,
	    i1 = j->n * (size_t)(j->part + 1) / (size_t)j->parts;

	for (i = i0; i < i1; i++)
		feat_map(j->f, j->pix + i * REC_PIXELS, j->out + i * j->stride);
	return NULL;
}

void
feat_rows(const struct featmap *f, const unsigned char *pix, size_t n,
    unsigned char *out, size_t stride, int threads)
{
	pthread_t tid[FEAT_MAX_THREADS];
	struct rowjob job[FEAT_MAX_THREADS];
	int i, started[FEAT_MAX_THREADS] = { 0 };

	if (threads < 1)
		threads = 1;
	if (threads > FEAT_MAX_THREADS)
		threads = FEAT_MAX_THREADS;
	for (i = 0; i < threads; i++) {
		job[i] = (struct rowjob){ f, pix, out, n, stride, i, threads };
		if (i > 0)
			started[i] = pthread_create(&tid[i], NULL, rowjob_run,
			    &job[i]) == 0;
	}
	rowjob_run(&job[0]);
	for (i = 1; i < threads; i++)
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			rowjob_run(&job[i]);	/* no thread: do its share */
}

void
feat_format(const struct featmap *f, char *buf, size_t n)
{
	size_t u;
	int i;

	u = (size_t)snprintf(buf, n, "orientations %d cells", f->orient);
	for (i = 0; i < f->nlevel && u < n; i++)
		u += (size_t)snprintf(buf + u, n - u, " %d", f->cell[i]);
	if (u < n)
		snprintf(buf + u, n - u, " pixels %d", f->pixels);
}

/* A small whole number at *s; advances *s. -1 if none. */
static int
num(const char **s)
{
	int v = 0, d = 0;

	while (**s >= '0' && **s <= '9' && d < 4) {
		v = v * 10 + (**s - '0');
		(*s)++;
		d++;
	}
	if (d == 0 || (**s >= '0' && **s <= '9'))
		return -1;
	return v;
}

static int
word(const char **s, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(*s, w, n) != 0 || (*s)[n] != ' ')
		return 0;
	*s += n + 1;
	return 1;
}

const char *
feat_parse(struct featmap *f, const char *s)
{
	int v;

	memset(f, 0, sizeof *f);
	if (!word(&s, "orientations") || (f->orient = num(&s)) < 0 ||
	    *s++ != ' ' || !word(&s, "cells"))
		return "expected 'orientations N cells N... pixels 0|1'";
	for (;;) {
		if ((v = num(&s)) < 0)
			return "bad cell size";
		if (f->nlevel == FEAT_MAX_LEVELS)
			return "cells must list 1 to 4 sizes";
		f->cell[f->nlevel++] = v;
		if (*s++ != ' ')
			return "expected 'pixels 0|1' after the cells";
		if (*s < '0' || *s > '9')
			break;
	}
	if (!word(&s, "pixels") || (f->pixels = num(&s)) < 0 || *s != '\0')
		return "expected 'pixels 0|1' after the cells";
	return feat_check(f);
}

void
feat_list(FILE *fp)
{
	int i;

	for (i = 0; feat_names[i] != NULL; i++)
		fprintf(fp, "%-12s %s%s\n", feat_names[i], feat_about[i],
		    i == 0 ? " (the default)" : "");
}
