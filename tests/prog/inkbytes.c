/* SPDX-License-Identifier: ISC */
/*
 * inkbytes.c: checks the ink map of bytes (ink.h) against the map of
 * doubles it stands for. Each picture named is read twice: as it is
 * (its ink map may then be bytes), and with an alpha channel added that
 * is opaque everywhere, which composites to the same grey values but
 * takes the doubles from the start. The two maps must hold the same
 * values, say the same of plainly_one, and give the same record
 * (box_digit, deskew) or the same refusal. Prints "N pictures, B as
 * bytes, D differ" and the differing files; status 1 if any differ
 * (tests/shortcut.bats). Pictures with an alpha channel are left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "deskew.h"
#include "img.h"
#include "ink.h"
#include "norm.h"
#include "picture.h"
#include "plain.h"
#include "util.h"

/* The ink map of im, and its record: 0, or -1 with why (no record). */
static int
read_ink(const struct img *im, struct ink *ink, unsigned char *pix,
    char *why, size_t wl)
{
	if (ink_map(im, INK_AUTO, ink, why, wl) != 0)
		return -1;
	if (box_digit(ink, pix, why, wl) != 0)
		return 1;
	deskew(pix, 0);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, n = 0, nb = 0, d = 0;

	dp_init(argv[0]);
	for (i = 1; i < argc; i++) {
		unsigned char *buf, pa[REC_PIXELS], pb[REC_PIXELS];
		size_t len, k, np;
		struct img im;
		struct ink a, b;
		char wa[256] = "", wb[256] = "";
		int ka, kb, differ = 0;

		if ((buf = dp_slurp(argv[i], &len, (size_t)1 << 30)) == NULL)
			continue;
		ka = picture_decode(buf, len, NORM_MAX_PIXELS, NORM_MIN_SIDE,
		    &im, wa, sizeof wa);
		free(buf);
		if (ka != 0)
			continue;
		if (im.alpha != NULL) {		/* not the grey alone */
			img_free(&im);
			continue;
		}
		n++;
		ka = read_ink(&im, &a, pa, wa, sizeof wa);
		np = (size_t)im.w * im.h;
		if ((im.alpha = malloc(np)) == NULL)
			dp_die(2, "out of memory");
		memset(im.alpha, 255, np);
		kb = read_ink(&im, &b, pb, wb, sizeof wb);
		img_free(&im);
		if (ka >= 0 && a.b != NULL)
			nb++;
		if (kb >= 0 && b.b != NULL)
			differ = 1;	/* the doubles' way must be doubles */
		if (ka != kb || strcmp(wa, wb) != 0)
			differ = 1;
		if (ka >= 0 && kb >= 0) {
			if (a.w != b.w || a.h != b.h ||
			    plainly_one(&a) != plainly_one(&b))
				differ = 1;
			if (ink_doubles(&a) != 0)
				dp_die(2, "out of memory");
			for (k = 0; !differ && k < (size_t)a.w * a.h; k++)
				differ = a.v[k] != b.v[k];
			if (ka == 0 && memcmp(pa, pb, REC_PIXELS) != 0)
				differ = 1;
		}
		if (ka >= 0)
			ink_free(&a);
		if (kb >= 0)
			ink_free(&b);
		if (differ) {
			printf("%s: the ink map of bytes differs\n", argv[i]);
			d++;
		}
	}
	printf("%d pictures, %d as bytes, %d differ\n", n, nb, d);
	return d != 0;
}
