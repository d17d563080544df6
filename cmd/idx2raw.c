/* SPDX-License-Identifier: ISC */
/*
 * idx2raw: MNIST's IDX files (images, optional labels) into the record
 * stream. Both files are checked in full before the first record leaves.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idx.h"
#include "rec.h"
#include "record.h"
#include "util.h"

#define USAGE "idx2raw [-N] [-n count] [-k skip] images [labels]"
#define IDX_MAX ((size_t)1 << 30)	/* 1 GiB: far above MNIST's 47 MB */

static const char help[] =
"usage: " USAGE "\n"
"Convert MNIST IDX files into digitpipe records on stdout.\n"
"\n"
"  images            IDX images file (magic 0x00000803, 28x28 bytes);\n"
"                    gzip'ed files are read too; - is stdin\n"
"  labels            IDX labels file (magic 0x00000801); without it\n"
"                    every label is unknown\n"
"  -N, --names       name each record FILE:INDEX (the images file's own\n"
"                    name, the image's number from 1), so that records\n"
"                    keep their identity through split and parallel\n"
"  -n, --count N     write at most N records\n"
"  -k, --skip N      skip the first N images (and labels)\n"
"  -h, --help        show this help\n"
"  -V, --version     show the version\n"
"\n"
"See idx2raw(1) and digitpipe-records(5).\n";

static const struct option longopts[] = {
	{ "names",	no_argument,		NULL, 'N' },
	{ "count",	required_argument,	NULL, 'n' },
	{ "skip",	required_argument,	NULL, 'k' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

struct file {
	unsigned char *buf;
	size_t n;
	int mapped;
};

static void
load(const char *path, int ndim, struct file *f, struct idx *x)
{
	const char *why;

	if ((f->buf = idx_read(path, &f->n, IDX_MAX, &f->mapped, &why)) == NULL)
		dp_die(1, "%s: %s", path, why);
	if ((why = idx_parse(f->buf, f->n, ndim, x)) != NULL)
		dp_die(1, "%s: %s", path, why);
}

int
main(int argc, char *argv[])
{
	unsigned long long count = ~0ULL, skip = 0, i, end;
	struct file ifile, lfile = { NULL, 0, 0 };
	struct idx im, lb;
	struct recout out;
	struct rec r;
	const char *base = NULL;
	int c;

	dp_init(argv[0]);
	while ((c = getopt_long(argc, argv, "Nn:k:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'N':
			base = "";
			break;
		case 'n':
			count = dp_optull("-n", optarg, ~0ULL);
			break;
		case 'k':
			skip = dp_optull("-k", optarg, ~0ULL);
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
	if (argc < 1 || argc > 2)
		dp_usage(USAGE);
	if (argc == 2 && strcmp(argv[0], "-") == 0 && strcmp(argv[1], "-") == 0)
		dp_die(2, "images and labels cannot both be stdin");

	load(argv[0], 3, &ifile, &im);
	if (im.dim[1] != REC_H || im.dim[2] != REC_W)
		dp_die(1, "%s: images are %ux%u, digitpipe records are %dx%d",
		    argv[0], im.dim[2], im.dim[1], REC_W, REC_H);
	if (argc == 2) {
		load(argv[1], 1, &lfile, &lb);
		if (lb.count != im.count)
			dp_die(1, "%s: %llu labels for %llu images in %s",
			    argv[1], lb.count, im.count, argv[0]);
		for (i = 0; i < lb.count; i++)
			if (lb.data[i] > 9)
				dp_die(1, "%s: label %llu is %d, not a digit "
				    "0-9", argv[1], i + 1, lb.data[i]);
	}
	if (skip > im.count)
		dp_die(1, "%s: -k %llu skips past the end (%llu images)",
		    argv[0], skip, im.count);
	end = count < im.count - skip ? skip + count : im.count;

	if (base != NULL) {
		base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
		if (strcmp(argv[0], "-") == 0)
			base = "stdin";
	}
	recout_init(&out, STDOUT_FILENO);
	memset(&r, 0, sizeof r);
	r.label = REC_UNKNOWN;
	for (i = skip; i < end; i++) {
		memcpy(r.pix, im.data + i * REC_PIXELS, REC_PIXELS);
		if (lfile.buf != NULL)
			r.label = lb.data[i];
		if (base != NULL) {
			char name[REC_NAME_LEN + 32];

			snprintf(name, sizeof name, "%s:%llu", base, i + 1);
			rec_set_name(&r, name);
		}
		rec_write(&out, &r);
	}
	recout_flush(&out);
	idx_free(ifile.buf, ifile.n, ifile.mapped);
	if (lfile.buf != NULL)
		idx_free(lfile.buf, lfile.n, lfile.mapped);
	return 0;
}
