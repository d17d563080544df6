/* SPDX-License-Identifier: ISC */
/*
 * runs.c: checks runs.c's runs (found in a plane, and within the runs at
 * a lower threshold), bplane_count, bplane_all and bplane_copy, which
 * read many bytes at a time, against the plain byte-by-byte answers:
 * planes of every width from 1 to 80 (under a step, whole steps of
 * sixteen, and steps and a rest), of paper, of solid ink and of runs of
 * random lengths that reach either edge, at every threshold from 0 to
 * 256. Prints "N planes, D differ" and the first differences; status 1
 * if any differ (tests/shortcut.bats).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bplane.h"
#include "runs.h"
#include "util.h"

#define MAXW	80
#define H	6

/* A reproducible stream of numbers (xorshift). */
static unsigned
next(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Row y of kind k: paper, solid, or runs of random lengths and values,
 * some of them long (a run across several steps). */
static void
fill(unsigned char *p, int w, int k, unsigned *s)
{
	int x = 0;

	if (k < 2) {
		memset(p, k ? 255 : 0, (size_t)w);
		return;
	}
	while (x < w) {
		int n = 1 + (int)(next(s) % (next(s) % 4 ? 6 : 40));
		unsigned char v = (unsigned char)(next(s) % 3 ? next(s) : 0);

		for (; n > 0 && x < w; n--)
			p[x++] = v;
	}
}

/* The runs of row p, byte by byte, checked against R's row y: 1 if the
 * same. */
static int
same_row(const unsigned char *p, int w, int t, const struct runs *R, int y)
{
	int x = 0, i = R->row[y];

	while (x < w) {
		int x0;

		if (!(p[x] >= t)) {
			x++;
			continue;
		}
		for (x0 = x; x < w && p[x] >= t; x++)
			;
		if (i >= R->row[y + 1] || R->r[i].y != y ||
		    R->r[i].x0 != x0 || R->r[i].x1 != x - 1)
			return 0;
		i++;
	}
	return i == R->row[y + 1];
}

int
main(int argc, char **argv)
{
	unsigned char b[H * MAXW];
	unsigned s = 2463534242u;
	int w, t, y, rep, n = 0, d = 0;

	(void)argc;
	dp_init(argv[0]);
	for (w = 1; w <= MAXW; w++)
		for (rep = 0; rep < 8; rep++) {
			size_t cnt[256] = {0}, ref[256] = {0};
			int k, bad = 0;

			for (y = 0; y < H; y++)
				fill(b + y * w, w, (y + rep) % 4, &s);
			for (t = 0; t <= 256 && !bad; t++) {
				struct runs R;

				struct runs R0, S;
				size_t st = (size_t)w;

				if (runs_find(b, st, w, H, t, &R) != 0 ||
				    runs_find(b, st, w, H, t / 2, &R0) != 0 ||
				    runs_within(&R0, b, st, t, &S) != 0)
					dp_die(2, "out of memory");
				for (y = 0; y < H && !bad; y++) {
					const unsigned char *p = b + y * w;

					bad = !same_row(p, w, t, &R, y) ||
					    !same_row(p, w, t, &S, y);
				}
				runs_free(&R);
				runs_free(&R0);
				runs_free(&S);
				if (bad)
					printf("width %d, threshold %d: the "
					    "runs differ\n", w, t);
			}
			for (y = 0; y < H && !bad; y++) {
				const unsigned char *p = b + y * w;
				int v = p[w - 1], all = 1;

				for (k = 0; k < w; k++)
					all &= p[k] == v;
				bad = bplane_all(p, (size_t)w, v) != all ||
				    bplane_all(p, (size_t)w, v ^ 1) != 0;
				if (bad)
					printf("width %d: bplane_all "
					    "differs\n", w);
			}
			{
				unsigned char d[H * MAXW];

				bplane_copy(d, b, (size_t)(H * w), 0xff);
				for (k = 0; k < H * w && !bad; k++)
					bad = d[k] != 255 - b[k];
				if (bad)
					printf("width %d: bplane_copy "
					    "differs\n", w);
			}
			bplane_count(b, (size_t)(H * w), cnt);
			for (k = 0; k < H * w; k++)
				ref[b[k]]++;
			if (memcmp(cnt, ref, sizeof cnt) != 0) {
				printf("width %d: the counts differ\n", w);
				bad = 1;
			}
			n++;
			d += bad;
		}
	printf("%d planes, %d differ\n", n, d);
	return d != 0;
}
