/* SPDX-License-Identifier: ISC */
/*
 * plot.c: the pictures a learner looks at: the confusion matrix as a
 * heatmap, a model's weight templates and contact sheets of records
 * (learning curves are in curve.c). Drawn on an RGB canvas with the 5x7
 * font of font.c and saved as PNG through pngio.c, so no plotting
 * library is needed.
 * Uses: canvas.h, eval.h, font.h, model.h, util.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "eval.h"
#include "font.h"
#include "model.h"
#include "plot.h"
#include "record.h"
#include "util.h"

#define INK	CANVAS_INK
#define GREY	CANVAS_GREY
#define LIGHT	CANVAS_LIGHT
#define TS	CANVAS_TS
#define TH	CANVAS_TH

/* ---- the confusion matrix ------------------------------------------ */

#define CM_CELL	56		/* fits "1135" at text scale 2 */
#define CM_L	70		/* left margin: "true" and row digits */
#define CM_T	84		/* top margin: title, "predicted", digits */
#define CM_W	(CM_L + 10 * CM_CELL + 110)	/* one panel */

/*
 * One panel at x0: cell colours map v[t][p] / vmax in blues; with
 * errmax > 0, cells off the diagonal map v / errmax in reds instead, so
 * the confusions stand out. txt is what each cell says ("": blank).
 */
static void
cm_panel(struct canvas *c, int x0, const char *title, double v[10][10],
    double vmax, double errmax, char txt[10][10][16], const char *bartop,
    const char *barmid)
{
	char s[8];
	int t, p, x, y, mx = x0 + CM_L;

	canvas_text(c, x0 + 8, 10, TS, INK, title);
	canvas_text_c(c, mx + 5 * CM_CELL, 38, TS, INK, "predicted");
	canvas_text(c, x0 + 8, 62, TS, GREY, "true");
	for (p = 0; p < 10; p++) {
		snprintf(s, sizeof s, "%d", p);
		canvas_text_c(c, mx + p * CM_CELL + CM_CELL / 2, 62, TS, INK, s);
	}
	for (t = 0; t < 10; t++) {
		y = CM_T + t * CM_CELL;
		snprintf(s, sizeof s, "%d", t);
		canvas_text_r(c, mx - 12, y + CM_CELL / 2 - TH / 2, TS, INK, s);
		for (p = 0; p < 10; p++) {
			uint32_t bg = color_seq(vmax > 0 ? v[t][p] / vmax : 0);

			if (errmax > 0 && t != p)
				bg = color_err(v[t][p] / errmax);

			x = mx + p * CM_CELL;
			canvas_rect(c, x, y, CM_CELL, CM_CELL, bg);
			canvas_text_c(c, x + CM_CELL / 2, y + CM_CELL / 2 - TH / 2,
			    TS, color_text_on(bg), txt[t][p]);
		}
	}
	canvas_frame(c, mx - 1, CM_T - 1, 10 * CM_CELL + 2, 10 * CM_CELL + 2, GREY);
	/* The diagonal (right answers) framed, so it is found at a glance. */
	for (t = 0; t < 10; t++)
		canvas_frame(c, mx + t * CM_CELL, CM_T + t * CM_CELL, CM_CELL,
		    CM_CELL, INK);
	canvas_colorbar(c, mx + 10 * CM_CELL + 16, CM_T, 18, 10 * CM_CELL, color_seq,
	    0, 1, bartop, barmid, "0");
}

int
plot_confusion(const struct confusion *cm, const char *path)
{
	static char txt[10][10][16];
	double cnt[10][10], pct[10][10], row, cmax = 0, emax = 0;
	char title[64], top[32], mid[32], foot[128];
	struct canvas c;
	int t, p, r;

	for (t = 0; t < 10; t++) {
		row = 0;
		for (p = 0; p < 10; p++)
			row += (double)cm->m[t][p];
		for (p = 0; p < 10; p++) {
			cnt[t][p] = (double)cm->m[t][p];
			if (cnt[t][p] > cmax)
				cmax = cnt[t][p];
			/* pct = 100 * M[t][p] / sum_p M[t][p]: recall on
			 * the diagonal, where the t went elsewhere off it */
			pct[t][p] = row > 0 ? 100 * cnt[t][p] / row : 0;
			if (t != p && pct[t][p] > emax)
				emax = pct[t][p];
		}
	}
	canvas_init(&c, 2 * CM_W + 20, CM_T + 10 * CM_CELL + 80);
	for (t = 0; t < 10; t++)
		for (p = 0; p < 10; p++)
			snprintf(txt[t][p], sizeof txt[t][p], "%llu",
			    cm->m[t][p]);
	snprintf(title, sizeof title, "counts (accuracy %.2f%% of %llu)",
	    100 * confusion_accuracy(cm), cm->n);
	snprintf(top, sizeof top, "%.0f", cmax);
	snprintf(mid, sizeof mid, "%.0f", cmax / 2);
	cm_panel(&c, 0, title, cnt, cmax, 0, txt, top, mid);
	for (t = 0; t < 10; t++)
		for (p = 0; p < 10; p++) {
			/* blank for no digits at all; one decimal below 10 */
			if (cm->m[t][p] == 0)
				txt[t][p][0] = '\0';
			else
				snprintf(txt[t][p], sizeof txt[t][p],
				    pct[t][p] < 9.95 ? "%.1f" : "%.0f",
				    pct[t][p]);
		}
	cm_panel(&c, CM_W + 20, "% of each true digit (rows sum to 100)",
	    pct, 100, emax, txt, "100%", "50%");
	canvas_text(&c, 8, CM_T + 10 * CM_CELL + 24, TS, GREY,
	    "rows: the true digit; columns: what the model said; "
	    "framed: right answers.");
	snprintf(foot, sizeof foot, "on the right, mistakes are red: "
	    "the darker, the more often (darkest: %.1f%%).", emax);
	canvas_text(&c, 8, CM_T + 10 * CM_CELL + 48, TS, GREY, foot);
	r = canvas_save(&c, path);
	canvas_free(&c);
	return r;
}

/* ---- weight templates ------------------------------------------------ */

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#define WT_Z	6		/* screen pixels per model pixel */

int
plot_weights(const struct model *m, const char *path)
{
	int K = m->classes, D = m->dim, W = m->width, H = m->height;
	int cols = K > 5 ? (K + 1) / 2 : K, rows = (K + cols - 1) / cols;
	int tw = W * WT_Z, th = H * WT_Z, gap = 18, capt = TH + 10;
	int k, j, x0, y0, r;
	size_t n = (size_t)K * (size_t)D, i;
	double *a = dp_malloc(n * sizeof *a), scale;
	char s[64], top[32], bot[32];
	struct canvas c;

	/* One scale for all classes: the 99th percentile of |w|, so a few
	 * extreme pixels do not wash out the rest (beyond it: full colour). */
	for (k = 0, i = 0; k < K; k++)
		for (j = 0; j < D; j++)
			a[i++] = fabs(m->w[(size_t)k * (D + 1) + j]);
	qsort(a, n, sizeof *a, cmpd);
	scale = a[(size_t)(0.99 * (double)(n - 1))];
	free(a);
	if (!(scale > 0))
		scale = 1;
	canvas_init(&c, gap + cols * (tw + gap) + 120,
	    50 + rows * (capt + th + gap) + 30);
	canvas_text(&c, gap, 12, TS, INK,
	    "what each digit looks for: the weights of the model");
	for (k = 0; k < K; k++) {
		x0 = gap + (k % cols) * (tw + gap);
		y0 = 50 + (k / cols) * (capt + th + gap);
		snprintf(s, sizeof s, "%d", k);
		canvas_text_c(&c, x0 + tw / 2, y0, TS, INK, s);
		y0 += capt;
		for (j = 0; j < D; j++) {
			double w = m->w[(size_t)k * (D + 1) + j] / scale;

			canvas_rect(&c, x0 + (j % W) * WT_Z, y0 + (j / W) *
			    WT_Z, WT_Z, WT_Z, color_div(w > 1 ? 1 :
			    w < -1 ? -1 : w));
		}
		canvas_frame(&c, x0 - 1, y0 - 1, tw + 2, th + 2, LIGHT);
	}
	snprintf(top, sizeof top, "+%.2g", scale);
	snprintf(bot, sizeof bot, "-%.2g", scale);
	canvas_colorbar(&c, gap + cols * (tw + gap), 50 + capt, 18,
	    rows * (capt + th + gap) - gap - capt, color_div, -1, 1,
	    top, "0", bot);
	canvas_text(&c, gap, c.h - 26, TS, GREY,
	    "red: ink here speaks for the digit; blue: against it");
	r = canvas_save(&c, path);
	canvas_free(&c);
	return r;
}

/* ---- contact sheets -------------------------------------------------- */

int
plot_sheet(const unsigned char *pix, char *const *caption,
    const unsigned char *red, size_t n, int cols, int zoom, const char *path)
{
	int tile = REC_W * zoom, pad = 8, capt = 0, two = 0, sc, x0, y0, r;
	size_t rows, i, j;
	struct canvas c;
	char buf[64];

	if (n == 0 || cols < 1 || zoom < 1) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)cols > n)
		cols = (int)n;
	rows = (n + (size_t)cols - 1) / (size_t)cols;
	/* Captions at text scale 2 when the tile is wide enough for 4
	 * characters, else at scale 1. A caption "name\nverdict" gets two
	 * lines: the name small (scale 1), the verdict below it. */
	sc = tile >= text_width("0000", 2) ? 2 : 1;
	for (i = 0; caption != NULL && i < n; i++)
		if (caption[i] != NULL && strchr(caption[i], '\n') != NULL)
			two = FONT_H + 4;
	if (caption != NULL)
		capt = FONT_H * sc + 6 + two;
	if ((double)rows * (tile + capt + pad) > 32000) {
		errno = EFBIG;
		return -1;
	}
	canvas_init(&c, pad + cols * (tile + pad),
	    pad + (int)rows * (tile + capt + pad));
	for (i = 0; i < n; i++) {
		const unsigned char *p = pix + i * REC_PIXELS;

		x0 = pad + (int)(i % (size_t)cols) * (tile + pad);
		y0 = pad + (int)(i / (size_t)cols) * (tile + capt + pad);
		/* Dark ink on white paper: grey = 255 - pixel. */
		for (j = 0; j < REC_PIXELS; j++) {
			unsigned v = 255u - p[j];

			canvas_rect(&c, x0 + (int)(j % REC_W) * zoom,
			    y0 + (int)(j / REC_W) * zoom, zoom, zoom,
			    v << 16 | v << 8 | v);
		}
		canvas_frame(&c, x0 - 1, y0 - 1, tile + 2, tile + 2, LIGHT);
		if (caption != NULL && caption[i] != NULL) {
			const char *cp = caption[i], *nl = strchr(cp, '\n');
			size_t k, fit;
			int y = y0 + tile + 4;

			/* Cut what does not fit, keeping the end (the file
			 * name of a path). */
			if (nl != NULL) {
				const char *b = cp, *q, *dot = NULL;

				/* A name that does not fit: its file name
				 * alone, then without its extension, then
				 * its end. */
				fit = (size_t)((tile + 1) / FONT_ADV);
				if (fit > sizeof buf - 1)
					fit = sizeof buf - 1;
				if ((size_t)(nl - b) > fit)
					for (q = cp; q < nl; q++)
						if (*q == '/')
							b = q + 1;
				for (q = b; q < nl; q++)
					if (*q == '.')
						dot = q;
				k = (size_t)(nl - b);
				if (k > fit && dot != NULL && dot > b)
					k = (size_t)(dot - b);
				snprintf(buf, sizeof buf, "%.*s",
				    (int)(k > fit ? fit : k),
				    k > fit ? b + k - fit : b);
				canvas_text_c(&c, x0 + tile / 2, y, 1, INK, buf);
				y += FONT_H + 4;
				cp = nl + 1;
			}
			k = strlen(cp);
			fit = (size_t)((tile + sc) / (FONT_ADV * sc));
			snprintf(buf, sizeof buf, "%s",
			    k > fit ? cp + k - fit : cp);
			canvas_text_c(&c, x0 + tile / 2, y, sc,
			    red != NULL && red[i] ? 0xc01010 : INK, buf);
		}
	}
	r = canvas_save(&c, path);
	canvas_free(&c);
	return r;
}
