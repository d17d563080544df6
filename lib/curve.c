/* SPDX-License-Identifier: ISC */
/*
 * curve.c: learning curves: the loss (or objective) per epoch, and the
 * training and held-out accuracies, for up to three runs in one picture,
 * with the epoch that early stopping kept marked. Uses: canvas.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "plot.h"

#define INK	CANVAS_INK
#define GREY	CANVAS_GREY
#define TS	CANVAS_TS
#define TH	CANVAS_TH

/* ---- learning curves ------------------------------------------------- */

/* A "nice" tick step (1, 2 or 5 times a power of 10) for span / ~5. */
static double
nice_step(double span)
{
	double raw = span / 5, p, f;

	if (!(raw > 0))
		return 1;
	p = pow(10, floor(log10(raw)));
	f = raw / p;
	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

struct axes {
	int x, y, w, h;		/* the plot area on the canvas */
	double x0, x1, y0, y1;	/* the data range it shows */
};

static double
ax_x(const struct axes *a, double v)
{
	return a->x + (v - a->x0) / (a->x1 - a->x0) * (a->w - 1);
}

static double
ax_y(const struct axes *a, double v)
{
	return a->y + a->h - 1 - (v - a->y0) / (a->y1 - a->y0) * (a->h - 1);
}

/* Grid, ticks with labels, frame, title and the x axis's name. */
static void
axes_draw(struct canvas *c, struct axes *a, const char *title,
    const char *xname)
{
	double st, v;
	int dec;
	char s[32];

	st = nice_step(a->y1 - a->y0);
	a->y0 = floor(a->y0 / st) * st;
	a->y1 = ceil(a->y1 / st) * st;
	if (a->y1 <= a->y0)
		a->y1 = a->y0 + st;
	dec = st >= 1 ? 0 : (int)ceil(-log10(st) - 1e-9);
	for (v = a->y0; v <= a->y1 + st / 2; v += st) {
		int y = (int)lround(ax_y(a, v));

		canvas_rect(c, a->x, y, a->w, 1, 0xeeeeee);
		snprintf(s, sizeof s, "%.*f", dec, v);
		canvas_text_r(c, a->x - 8, y - TH / 2, TS, INK, s);
	}
	st = nice_step(a->x1 - a->x0);
	if (st < 1)
		st = 1;		/* whole epochs */
	for (v = ceil(a->x0 / st) * st; v <= a->x1 + 1e-9; v += st) {
		int x = (int)lround(ax_x(a, v));

		canvas_rect(c, x, a->y, 1, a->h, 0xeeeeee);
		canvas_rect(c, x, a->y + a->h, 1, 5, INK);
		snprintf(s, sizeof s, "%.0f", v);
		canvas_text_c(c, x, a->y + a->h + 8, TS, INK, s);
	}
	canvas_frame(c, a->x - 1, a->y - 1, a->w + 2, a->h + 2, INK);
	canvas_text(c, a->x, a->y - TH - 14, TS, INK, title);
	canvas_text_c(c, a->x + a->w / 2, a->y + a->h + 30, TS, GREY, xname);
}

/* A polyline through the points with a dot at each; y < 0 skipped. */
static void
series(struct canvas *c, const struct axes *a, const struct curve_pt *pt,
    size_t n, size_t off, uint32_t rgb)
{
	double px = 0, py = 0, y;
	int have = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		y = *(const double *)((const char *)&pt[i] + off);
		if (y < 0 || !isfinite(y)) {
			have = 0;
			continue;
		}
		if (have)
			canvas_line(c, px, py, ax_x(a, pt[i].epoch),
			    ax_y(a, y), 3, rgb);
		px = ax_x(a, pt[i].epoch);
		py = ax_y(a, y);
		canvas_rect(c, (int)lround(px) - 3, (int)lround(py) - 3, 7, 7,
		    rgb);
		have = 1;
	}
}

#define BLUE	0x1f77b4
#define ORANGE	0xff7f0e
#define GREEN	0x2ca02c

/* A dashed vertical line at epoch x across an axes, for the kept epoch. */
static void
mark(struct canvas *c, const struct axes *a, double x)
{
	int px = (int)lround(ax_x(a, x)), y;

	for (y = a->y; y < a->y + a->h; y += 12)
		canvas_rect(c, px - 1, y, 2, y + 6 < a->y + a->h ? 6 :
		    a->y + a->h - y, GREY);
}

int
plot_curves(const struct curve_run *run, size_t nrun, const char *lossname,
    const char *path)
{
	static const uint32_t col[] = { BLUE, ORANGE, GREEN };
	struct axes la, aa;
	struct canvas c;
	double lo = INFINITY, hi = -INFINITY, alo = 1, x0 = INFINITY,
	    x1 = -INFINITY;
	int hold = 0, r;
	size_t i, k;
	char s[64];

	if (nrun == 0 || nrun > sizeof col / sizeof col[0]) {
		errno = EINVAL;
		return -1;
	}
	for (k = 0; k < nrun; k++) {
		const struct curve_pt *pt = run[k].pt;

		if (run[k].n == 0) {
			errno = EINVAL;
			return -1;
		}
		if (pt[0].epoch < x0)
			x0 = pt[0].epoch;
		if (pt[run[k].n - 1].epoch > x1)
			x1 = pt[run[k].n - 1].epoch;
		for (i = 0; i < run[k].n; i++) {
			if (pt[i].loss < lo)
				lo = pt[i].loss;
			if (pt[i].loss > hi)
				hi = pt[i].loss;
			if (pt[i].train >= 0 && pt[i].train < alo)
				alo = pt[i].train;
			if (pt[i].hold >= 0) {
				hold = 1;
				if (pt[i].hold < alo)
					alo = pt[i].hold;
			}
		}
	}
	if (x1 <= x0)
		x1 = x0 + 1;
	if (!(hi > lo)) {
		lo -= 0.5;
		hi += 0.5;
	}
	canvas_init(&c, 2 * 620 + 40, 500);
	la = (struct axes){ 120, 60, 480, 340, x0, x1, lo < 0 ? lo : 0, hi };
	aa = (struct axes){ 120 + 640, 60, 480, 340, x0, x1, alo, 1 };
	axes_draw(&c, &la, lossname, "epoch");
	axes_draw(&c, &aa, "accuracy", "epoch");
	if (nrun == 1) {
		/* One run: training in blue, held out in orange, and the
		 * epoch whose weights were kept (early stopping) marked. */
		if (!isnan(run[0].kept)) {
			mark(&c, &la, run[0].kept);
			mark(&c, &aa, run[0].kept);
			snprintf(s, sizeof s, "kept: epoch %.0f", run[0].kept);
			canvas_text(&c, aa.x + 12, aa.y + 10, TS,
			    GREY, s);
		}
		series(&c, &la, run[0].pt, run[0].n,
		    offsetof(struct curve_pt, loss), BLUE);
		series(&c, &aa, run[0].pt, run[0].n,
		    offsetof(struct curve_pt, train), BLUE);
		if (hold)
			series(&c, &aa, run[0].pt, run[0].n,
			    offsetof(struct curve_pt, hold), ORANGE);
		/* legend, bottom right of the accuracy panel */
		canvas_rect(&c, aa.x + aa.w - 170, aa.y + aa.h - 50, 20, 4,
		    BLUE);
		canvas_text(&c, aa.x + aa.w - 140, aa.y + aa.h - 58, TS, INK,
		    "training");
		if (hold) {
			canvas_rect(&c, aa.x + aa.w - 170, aa.y + aa.h - 24,
			    20, 4, ORANGE);
			canvas_text(&c, aa.x + aa.w - 140, aa.y + aa.h - 32,
			    TS, INK, "held out");
		}
	} else {
		/* Several runs: one colour each, the training accuracy on
		 * the right, a legend of their labels on the left. */
		for (k = 0; k < nrun; k++) {
			int ly = la.y + 14 + 26 * (int)k;

			series(&c, &la, run[k].pt, run[k].n,
			    offsetof(struct curve_pt, loss), col[k]);
			series(&c, &aa, run[k].pt, run[k].n,
			    offsetof(struct curve_pt, train), col[k]);
			canvas_rect(&c, la.x + la.w - 250, ly + 8, 20, 4,
			    col[k]);
			snprintf(s, sizeof s, "%s", run[k].label ?
			    run[k].label : "");
			canvas_text(&c, la.x + la.w - 220, ly, TS, INK, s);
		}
	}
	r = canvas_save(&c, path);
	canvas_free(&c);
	return r;
}

int
plot_curve(const struct curve_pt *pt, size_t n, const char *lossname,
    const char *path)
{
	struct curve_run run = { pt, n, NAN, NULL };

	return plot_curves(&run, 1, lossname, path);
}
