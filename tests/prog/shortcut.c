/* SPDX-License-Identifier: ISC */
/*
 * shortcut.c: checks plainly_one, plain imgnorm's way around the
 * segmenter, against the segmenter itself: for each picture named, when
 * the ink map is "plainly one mark", segment_plane must find exactly one
 * digit-like mark. Prints "N pictures, S plainly one, D disagree" and
 * the disagreeing files; status 1 if any disagree (tests/shortcut.bats).
 */
#include <stdio.h>
#include <stdlib.h>

#include "img.h"
#include "ink.h"
#include "norm.h"
#include "picture.h"
#include "plain.h"
#include "segment.h"
#include "util.h"

int
main(int argc, char **argv)
{
	int i, n = 0, s = 0, d = 0;
	char why[256];

	dp_init(argv[0]);
	for (i = 1; i < argc; i++) {
		unsigned char *buf;
		size_t len;
		struct img im;
		struct ink ink;
		struct seg_result res;

		if ((buf = dp_slurp(argv[i], &len, (size_t)1 << 30)) == NULL)
			continue;
		if (picture_decode(buf, len, NORM_MAX_PIXELS, NORM_MIN_SIDE,
		    &im, why, sizeof why) != 0) {
			free(buf);
			continue;
		}
		free(buf);
		n++;
		if (ink_map(&im, INK_AUTO, &ink, why, sizeof why) != 0) {
			img_free(&im);
			continue;
		}
		img_free(&im);
		if (plainly_one(&ink)) {
			s++;
			if (ink_doubles(&ink) != 0)
				dp_die(2, "out of memory");
			if (segment_plane(&ink, 1, &res, why, sizeof why) != 0) {
				printf("%s: segmenter: %s\n", argv[i], why);
				d++;
			} else {
				if (res.n != 1 || seg_digit_like(&ink, &res) != NULL) {
					printf("%s: segmenter: %d marks\n", argv[i],
					    res.n);
					d++;
				}
				seg_free(&res);
			}
		}
		ink_free(&ink);
	}
	printf("%d pictures, %d plainly one, %d disagree\n", n, s, d);
	return d != 0;
}
