/* SPDX-License-Identifier: ISC */
/*
 * recaug: training-data augmentation as a filter: each record, then N
 * perturbed copies of it (small rotation, shift, scale, stroke thickness),
 * labels and names kept. The work is in lib/aug.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aug.h"
#include "rec.h"
#include "record.h"
#include "util.h"

#define USAGE "recaug [-n copies] [-s seed] [--rotate DEG] [--shift PX]\n" \
"              [--scale F] [--thicken P] [file ...]"

static const char help[] =
"usage: recaug [options] [file ...]\n"
"Write each input record followed by N perturbed copies of it: rotated,\n"
"scaled and shifted about the centre of mass (bilinear), some with a\n"
"stroke one pixel thicker or thinner. Labels and names are kept; the\n"
"same seed and input give the same bytes everywhere.\n"
"\n"
"  -n, --copies N    copies per record (default 2)\n"
"  -s, --seed N      random seed (default 1)\n"
"      --rotate DEG  largest rotation, degrees (default 10)\n"
"      --shift PX    largest shift on each axis, pixels (default 2)\n"
"      --scale F     largest relative size change (default 0.1)\n"
"      --thicken P   chance of a thicker or thinner stroke (default 0.5)\n"
"  -h, --help        show this help\n"
"  -V, --version     show the version\n"
"  file              record files; none or - is stdin\n"
"\n"
"See recaug(1).\n";

enum { OPT_ROTATE = 256, OPT_SHIFT, OPT_SCALE, OPT_THICKEN };

static const struct option longopts[] = {
	{ "copies",	required_argument,	NULL, 'n' },
	{ "seed",	required_argument,	NULL, 's' },
	{ "rotate",	required_argument,	NULL, OPT_ROTATE },
	{ "shift",	required_argument,	NULL, OPT_SHIFT },
	{ "scale",	required_argument,	NULL, OPT_SCALE },
	{ "thicken",	required_argument,	NULL, OPT_THICKEN },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct aug_opt o;
	struct recout out;
	struct recin in;
	struct rec r, a;
	uint64_t st = 1;
	long n = 2, j;
	int c, i, k, status = 0;

	dp_init(argv[0]);
	aug_defaults(&o);
	while ((c = getopt_long(argc, argv, "n:s:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			n = dp_optlong("-n", optarg, 0, 1000);
			break;
		case 's':
			st = dp_optull("-s", optarg, UINT64_MAX);
			break;
		case OPT_ROTATE:
			o.rotate = dp_optdouble("--rotate", optarg, 0, 90);
			break;
		case OPT_SHIFT:
			o.shift = dp_optdouble("--shift", optarg, 0, 14);
			break;
		case OPT_SCALE:
			o.scale = dp_optdouble("--scale", optarg, 0, 0.9);
			break;
		case OPT_THICKEN:
			o.thicken = dp_optdouble("--thicken", optarg, 0, 1);
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
	recout_init(&out, 1);
	for (i = 0; i == 0 || i < argc; i++) {
		if (recin_open(&in, argc ? argv[i] : NULL) != 0) {
			status = 1;
			continue;
		}
		while ((k = rec_read(&in, &r)) == 1) {
			rec_write(&out, &r);
			a = r;
			/* One generator for the whole run: the copies depend
			 * on the seed and on the record's place in the input. */
			for (j = 0; j < n; j++) {
				aug_record(r.pix, a.pix, &o, &st);
				rec_write(&out, &a);
			}
		}
		if (k < 0)
			status = 1;
		recin_close(&in);
	}
	recout_flush(&out);
	dp_stdout_close();
	return status;
}
