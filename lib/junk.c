/* SPDX-License-Identifier: ISC */
/*
 * junk.c: a generator of marks that are not one digit, the negatives
 * lrtrain --notdigit learns its gate from: dashes, crosses, scribbles,
 * stripes, letters and symbols, two digits in one mark, lines of text,
 * specks, waves and loops. Each is drawn as thick strokes on a 96x96
 * picture and normalized the way imgnorm normalizes a picture
 * (norm_picture: ink map, box, centre, deskew), so the gate sees what
 * lrpredict will see.
 *
 * It is its own thing, different in kind from the pictures the project
 * tests with (scripts/make-numbers draws TrueType glyphs with Python's
 * PIL and its own random numbers, then photographs them): here glyphs
 * come from the 5x7 bitmap font (font.c) traced as pen strokes between
 * neighbouring pixels, the strokes are polylines smoothed by corner
 * cutting, and the randomness is rand.c's splitmix64 from lrtrain's
 * seed. No shared code, no shared shapes beyond the ideas.
 *
 * Only + - * / and sqrt are used (no sin or cos), so the bytes are the
 * same on every machine.
 * Uses: font.h, img.h, norm.h, pool.h, rand.h.
 */
#include <math.h>
#include <string.h>

#include "font.h"
#include "img.h"
#include "junk.h"
#include "norm.h"
#include "pool.h"
#include "rand.h"

#define S	96		/* the picture's side */
#define MAXP	256		/* points of a polyline */

const char *const junk_kinds[JUNK_KINDS] = {
	"dash", "cross", "scribble", "stripes", "letter", "symbol",
	"twodigits", "text", "specks", "loop"
};

/* Letters that are not read as a digit by a person either (no O, o, I,
 * l), and symbols of more than one stroke (a bar, a slash or a bracket
 * alone is a 1 once deskewed and scaled to 20 pixels; a bar with a dot
 * is not). */
static const char letters[] =
	"AaBbCcDdEeFfGgHhiJjKkLMmNnPpQRrSsTtUuVvWwXxYyZz";
static const char symbols[] = "#%@&$?*+=<>~^\"_!;:";

/* How often each kind is drawn, out of 24: letters and symbols most, as
 * the marks most like digits; text and specks least, as imgnorm refuses
 * most of them before any model sees them. */
static const int weight[JUNK_KINDS] = { 2, 2, 3, 2, 6, 3, 2, 1, 1, 2 };

struct pic {
	float ink[S * S];	/* 0: paper .. 1: ink */
};

static double
unif(uint64_t *st)
{
	return (double)(dp_rand(st) >> 11) * 0x1p-53;
}

static double
range(uint64_t *st, double a, double b)
{
	return a + (b - a) * unif(st);
}

static int
pick(uint64_t *st, int n)
{
	return (int)dp_rand_below(st, (uint64_t)n);
}

/* A thick segment (radius r, edges a pixel soft), ink as max. */
static void
seg(struct pic *p, double x0, double y0, double x1, double y1, double r)
{
	double dx = x1 - x0, dy = y1 - y0, l2 = dx * dx + dy * dy;
	int xa = (int)floor((x0 < x1 ? x0 : x1) - r - 1);
	int xb = (int)ceil((x0 > x1 ? x0 : x1) + r + 1);
	int ya = (int)floor((y0 < y1 ? y0 : y1) - r - 1);
	int yb = (int)ceil((y0 > y1 ? y0 : y1) + r + 1);
	int x, y;

	if (xa < 0) xa = 0;
	if (ya < 0) ya = 0;
	if (xb > S - 1) xb = S - 1;
	if (yb > S - 1) yb = S - 1;
	for (y = ya; y <= yb; y++)
		for (x = xa; x <= xb; x++) {
			double t = l2 > 0 ? ((x - x0) * dx + (y - y0) * dy) / l2 : 0;
			double ex, ey, d, v;

			t = t < 0 ? 0 : t > 1 ? 1 : t;
			ex = x - (x0 + t * dx);
			ey = y - (y0 + t * dy);
			d = sqrt(ex * ex + ey * ey);
			v = r + 0.5 - d;
			if (v > 1)
				v = 1;
			if (v > p->ink[y * S + x])
				p->ink[y * S + x] = (float)v;
		}
}

static void
poly(struct pic *p, const double *x, const double *y, int n, double r)
{
	int i;

	if (n == 1)
		seg(p, x[0], y[0], x[0], y[0], r);
	for (i = 0; i + 1 < n; i++)
		seg(p, x[i], y[i], x[i + 1], y[i + 1], r);
}

/* Corner cutting (Chaikin), twice: a smooth pen line; closed if loop. */
static int
smooth(double *x, double *y, int n, int loop)
{
	double tx[MAXP], ty[MAXP];
	int pass, i, m;

	for (pass = 0; pass < 2; pass++) {
		if (2 * n + 2 > MAXP)
			break;
		m = 0;
		if (!loop) {
			tx[m] = x[0];
			ty[m++] = y[0];
		}
		for (i = 0; i < (loop ? n : n - 1); i++) {
			int j = (i + 1) % n;

			tx[m] = 0.75 * x[i] + 0.25 * x[j];
			ty[m++] = 0.75 * y[i] + 0.25 * y[j];
			tx[m] = 0.25 * x[i] + 0.75 * x[j];
			ty[m++] = 0.25 * y[i] + 0.75 * y[j];
		}
		if (!loop) {
			tx[m] = x[n - 1];
			ty[m++] = y[n - 1];
		} else {
			tx[m] = tx[0];
			ty[m++] = ty[0];
		}
		memcpy(x, tx, (size_t)m * sizeof *x);
		memcpy(y, ty, (size_t)m * sizeof *y);
		n = m;
	}
	return n;
}

/* A random direction (c, s), |angle| from the horizontal up to max
 * (given as its tangent), without trigonometry. */
static void
direction(uint64_t *st, double maxtan, double *c, double *s)
{
	double t = range(st, -maxtan, maxtan), l = sqrt(1 + t * t);

	*c = 1 / l;
	*s = t / l;
}

/* Any direction, uniform on the circle (rejection in the unit disc). */
static void
anydir(uint64_t *st, double *c, double *s)
{
	double a, b, l;

	do {
		a = range(st, -1, 1);
		b = range(st, -1, 1);
		l = a * a + b * b;
	} while (l > 1 || l < 1e-4);
	l = sqrt(l);
	*c = a / l;
	*s = b / l;
}

/*
 * A glyph of the 5x7 font traced as pen strokes: pixel centres moved by
 * an affine map (size w x h cells, shear, centre cx, cy) and a jitter,
 * joined to their on neighbours (a diagonal only when no straight pair
 * joins the two already).
 */
static void
glyph(struct pic *p, uint64_t *st, int ch, double cx, double cy,
    double cw, double chh, double shear, double r, double jit)
{
	const unsigned char *g = font_glyph(ch);
	double px[FONT_H][FONT_W], py[FONT_H][FONT_W], c, s;
	int on[FONT_H + 2][FONT_W + 2], i, j, drop = font_drop(ch);

	direction(st, 0.25, &c, &s);	/* turned up to 14 degrees */
	memset(on, 0, sizeof on);
	for (i = 0; i < FONT_H; i++)
		for (j = 0; j < FONT_W; j++) {
			double u = j - 2, v = i + drop - 3;

			double x = cw * (u - shear * v), y = chh * v;

			on[i + 1][j + 1] = (g[i] >> (4 - j)) & 1;
			px[i][j] = cx + c * x - s * y + range(st, -jit, jit);
			py[i][j] = cy + s * x + c * y + range(st, -jit, jit);
		}
	for (i = 0; i < FONT_H; i++)
		for (j = 0; j < FONT_W; j++) {
			int a = i + 1, b = j + 1, alone = 1;

			if (!on[a][b])
				continue;
			if (on[a][b + 1]) {
				seg(p, px[i][j], py[i][j], px[i][j + 1], py[i][j + 1], r);
				alone = 0;
			}
			if (on[a + 1][b]) {
				seg(p, px[i][j], py[i][j], px[i + 1][j], py[i + 1][j], r);
				alone = 0;
			}
			if (on[a + 1][b + 1] && !on[a][b + 1] && !on[a + 1][b]) {
				seg(p, px[i][j], py[i][j], px[i + 1][j + 1],
				    py[i + 1][j + 1], r);
				alone = 0;
			}
			if (on[a + 1][b - 1] && !on[a][b - 1] && !on[a + 1][b]) {
				seg(p, px[i][j], py[i][j], px[i + 1][j - 1],
				    py[i + 1][j - 1], r);
				alone = 0;
			}
			if (alone && !on[a - 1][b] && !on[a][b - 1] &&
			    !on[a - 1][b - 1] && !on[a - 1][b + 1])
				seg(p, px[i][j], py[i][j], px[i][j], py[i][j], r);
		}
}

/* A line of length len in direction (c, s) about the middle. */
static void
line(struct pic *p, uint64_t *st, double c, double s, double len, double r)
{
	double mx = range(st, 0.4 * S, 0.6 * S), my = range(st, 0.4 * S, 0.6 * S);

	seg(p, mx - c * len / 2, my - s * len / 2, mx + c * len / 2,
	    my + s * len / 2, r);
}

/*
 * Round the corners of what is drawn, as a pen (or a typeface) would:
 * a box blur of radius rad along each axis, then the blurred ink
 * stretched back to full strength around one half. Glyphs traced
 * between pixel centres lose their steps and become curves.
 */
static void
rounded(struct pic *p, int rad)
{
	float tmp[S * S];
	int x, y, k, n = 2 * rad + 1;

	for (y = 0; y < S; y++)
		for (x = 0; x < S; x++) {
			float a = 0;

			for (k = -rad; k <= rad; k++)
				if (x + k >= 0 && x + k < S)
					a += p->ink[y * S + x + k];
			tmp[y * S + x] = a / (float)n;
		}
	for (y = 0; y < S; y++)
		for (x = 0; x < S; x++) {
			float a = 0, v;

			for (k = -rad; k <= rad; k++)
				if (y + k >= 0 && y + k < S)
					a += tmp[(y + k) * S + x];
			v = (a / (float)n - 0.3f) * 2.5f;
			p->ink[y * S + x] = v < 0 ? 0 : v > 1 ? 1 : v;
		}
}

static void
draw(struct pic *p, uint64_t *st, int kind)
{
	double x[MAXP], y[MAXP], c, s, r = range(st, 1.5, 5);
	int i, j, n;

	switch (kind) {
	case 0:		/* dash: near the horizontal (else deskew makes it a 1) */
		direction(st, 0.45, &c, &s);
		n = 2 + pick(st, 3);
		for (i = 0; i < n; i++) {
			x[i] = 0.15 * S + 0.7 * S * i / (n - 1);
			y[i] = S / 2 + x[i] * s / c + range(st, -2, 2);
		}
		n = smooth(x, y, n, 0);
		poly(p, x, y, n, r);
		break;
	case 1:		/* cross: two lines, + or x or any */
		anydir(st, &c, &s);
		line(p, st, c, s, range(st, 0.4, 0.85) * S, r);
		{
			double c2 = -s, s2 = c, t = range(st, -0.5, 0.5);

			line(p, st, c2 + t * c, s2 + t * s,
			    range(st, 0.4, 0.85) * S, r);
		}
		if (pick(st, 4) == 0)
			line(p, st, c, -s, range(st, 0.3, 0.8) * S, r);
		break;
	case 2:		/* scribble: a random pen path */
		n = 5 + pick(st, 10);
		for (i = 0; i < n; i++) {
			x[i] = range(st, 0.12, 0.88) * S;
			y[i] = range(st, 0.12, 0.88) * S;
		}
		n = smooth(x, y, n, 0);
		poly(p, x, y, n, r);
		break;
	case 3:		/* stripes: parallel lines */
		anydir(st, &c, &s);
		n = 2 + pick(st, 6);
		{
			double gap = range(st, 0.5, 0.8) * S / n, len =
			    range(st, 0.5, 0.85) * S;

			for (i = 0; i < n; i++) {
				double o = (i - (n - 1) / 2.0) * gap;
				double mx = S / 2 - s * o, my = S / 2 + c * o;

				seg(p, mx - c * len / 2, my - s * len / 2,
				    mx + c * len / 2, my + s * len / 2,
				    r < gap / 4 ? r : gap / 4);
			}
		}
		break;
	case 4:		/* a letter, or a symbol */
	case 5: {
		const char *set = kind == 4 ? letters : symbols;
		int ch = set[pick(st, (int)strlen(set))];
		double cw = range(st, 6, 11);

		glyph(p, st, ch, S / 2, S / 2, cw, cw * range(st, 0.8, 1.4),
		    range(st, -0.3, 0.3), cw * range(st, 0.15, 0.4), cw * 0.2);
		if (pick(st, 2))
			rounded(p, (int)(cw * range(st, 0.3, 0.7)));
		break;
	}
	case 6: {	/* two digits close enough to make one mark */
		double cw = range(st, 3.5, 6), chh = cw * range(st, 1.2, 1.8);
		double gap = cw * range(st, 3.6, 5.2), sh = range(st, -0.2, 0.3);

		for (i = 0; i < 2; i++)
			glyph(p, st, '0' + pick(st, 10), S / 2 + (i - 0.5) * gap,
			    S / 2, cw, chh, sh, cw * range(st, 0.3, 0.5), cw * 0.2);
		break;
	}
	case 7: {	/* lines of small text */
		int rows = 2 + pick(st, 3), cols = 3 + pick(st, 4);
		double cw = range(st, 1.6, 2.4);

		for (i = 0; i < rows; i++)
			for (j = 0; j < cols; j++)
				glyph(p, st, letters[pick(st, (int)sizeof letters - 1)],
				    S / 2 + (j - (cols - 1) / 2.0) * 6.5 * cw,
				    S / 2 + (i - (rows - 1) / 2.0) * 10 * cw, cw,
				    cw, 0, range(st, 0.5, 1.2), 0.3);
		break;
	}
	case 8:		/* specks and blots */
		n = 6 + pick(st, 60);
		for (i = 0; i < n; i++) {
			double a = range(st, 0.1, 0.9) * S, b = range(st, 0.1, 0.9) * S;

			seg(p, a, b, a + range(st, -3, 3), b + range(st, -3, 3),
			    range(st, 0.8, 3));
		}
		break;
	default: {	/* loop: a wave, a spiral, or a ring with tails */
		int how = pick(st, 3);

		if (how == 0) {		/* a wave along the row */
			n = 5 + pick(st, 6);
			direction(st, 0.3, &c, &s);
			for (i = 0; i < n; i++) {
				double u = (i - (n - 1) / 2.0) * 0.8 * S / (n - 1);
				double v = (i & 1 ? 1 : -1) * range(st, 5, 14);

				x[i] = S / 2 + c * u - s * v;
				y[i] = S / 2 + s * u + c * v;
			}
			n = smooth(x, y, n, 0);
		} else {		/* a spiral or a ring with tails */
			double rad = range(st, 0.12, 0.25) * S;
			static const double ux[8] = { 1, .7071, 0, -.7071, -1,
			    -.7071, 0, .7071 };
			static const double uy[8] = { 0, .7071, 1, .7071, 0,
			    -.7071, -1, -.7071 };
			int turns = how == 1 ? 16 + pick(st, 8) : 8;

			for (i = 0; i < turns; i++) {
				double k = how == 1 ? 1 + 1.2 * i / 8.0 : 1;

				x[i] = S / 2 + rad * k * ux[i % 8] * 0.8;
				y[i] = S / 2 + rad * k * uy[i % 8];
			}
			n = smooth(x, y, turns, how == 2);
			if (how == 2)	/* tails that stick out of the ring */
				for (j = 1 + pick(st, 3); j > 0; j--) {
					anydir(st, &c, &s);
					seg(p, S / 2 + c * rad * 0.6,
					    S / 2 + s * rad * 0.6,
					    S / 2 + c * rad * 2.2,
					    S / 2 + s * rad * 2.2, r);
				}
		}
		poly(p, x, y, n, r);
	}
	}
}

int
junk_record(uint64_t *state, unsigned char pix[REC_PIXELS])
{
	unsigned char grey[S * S];
	struct pic p;
	struct img im;
	struct norm_opt o;
	char why[NORM_WHY];
	int kind, i, tries;

	for (tries = 0;; tries++) {
		for (kind = 0, i = pick(state, 24); i >= weight[kind]; kind++)
			i -= weight[kind];
		memset(&p, 0, sizeof p);
		draw(&p, state, kind);
		for (i = 0; i < S * S; i++)
			grey[i] = (unsigned char)(255 - (int)(p.ink[i] * 255 + 0.5));
		im.w = im.h = S;
		im.grey = grey;
		im.alpha = NULL;
		im.zoom = 0;
		norm_defaults(&o);
		o.invert = 1;
		if (norm_picture(&im, &o, pix, why, sizeof why) == 0)
			return kind;
		if (tries == 8)		/* never met: a mark has ink */
			break;
	}
	memset(pix, 0, REC_PIXELS);
	pix[14 * REC_W + 14] = 255;
	return kind;
}

struct batch {
	uint64_t seed;
	unsigned char *pix, *kind;
	size_t n;
};

#define ITEM	64		/* records an item of the pool */

static void
batch_item(void *arg, size_t it)
{
	struct batch *b = arg;
	size_t i, i1 = (it + 1) * ITEM < b->n ? (it + 1) * ITEM : b->n;
	uint64_t st;
	int k;

	for (i = it * ITEM; i < i1; i++) {
		/* Record i's own stream: the bytes do not depend on the
		 * thread count. */
		st = b->seed ^ 0x6a756e6b6a756e6bULL;
		st += (uint64_t)i * 0xD1B54A32D192ED03ULL;
		dp_rand(&st);
		k = junk_record(&st, b->pix + i * REC_PIXELS);
		if (b->kind != NULL)
			b->kind[i] = (unsigned char)k;
	}
}

void
junk_records(uint64_t seed, size_t n, unsigned char *pix, unsigned char *kind,
    int threads)
{
	struct batch b = { seed, pix, kind, n };
	struct pool pl;

	pool_start(&pl, threads < 1 ? 1 : threads);
	pool_run(&pl, batch_item, &b, (n + ITEM - 1) / ITEM);
	pool_stop(&pl);
}
