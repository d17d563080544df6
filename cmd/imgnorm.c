/* SPDX-License-Identifier: ISC */
/*
 * imgnorm: turn pictures (PNG, JPEG) into MNIST-style 28x28 records, and
 * normalize record streams the same way, so training data and user
 * pictures reach the model alike. The work is in lib/norm.c and the
 * steps it chains (ink.c, box.c, deskew.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ascii.h"
#include "norm.h"
#include "pngio.h"
#include "rec.h"
#include "record.h"
#include "util.h"

#define MAX_FILE	(1ULL << 30)	/* bytes of one picture file */

static const char usage_text[] =
    "imgnorm [-q] [--ascii] [--png FILE] [-O DIR] [--no-deskew]\n"
    "               [--invert | --no-invert] [--naive] [--max-pixels N]\n"
    "               [--segment] [FILE ...]";

static const char help_text[] =
    "usage: imgnorm [options] [FILE ...]\n"
    "Normalize pictures (PNG, JPEG) or digitpipe records into MNIST-style\n"
    "28x28 records on stdout: ink from alpha or grey (polarity from the\n"
    "border), background and noise cleaned, cropped, the longer side scaled\n"
    "to 20 px, centre of mass at (14,14), then deskewed.\n"
    "\n"
    "Each FILE is recognised by its bytes: a PNG or JPEG picture gives one\n"
    "record named after FILE (label unknown); a record stream is normalized\n"
    "record by record, keeping labels and names. '-' is stdin. With no\n"
    "FILE, stdin is a record stream if it starts with the record magic\n"
    "\"DPR1\", one picture if it is a PNG or JPEG, and otherwise a list of\n"
    "picture paths, one per line.\n"
    "\n"
    "  --ascii          print each normalized record as ASCII art instead\n"
    "  --png FILE       also write the first normalized record as a PNG\n"
    "  -O, --png-dir DIR  also write every normalized record as a PNG:\n"
    "                   DIR/NNNNNN-L.png (its number; its label or u)\n"
    "  --no-deskew      do not shear the digit upright\n"
    "  --invert         the picture is dark ink on light paper\n"
    "  --no-invert      the picture is light ink on a dark background\n"
    "  --naive          baseline: whole picture to 28x28, no cleaning\n"
    "  --segment        read a number: one record per digit written in one\n"
    "                   row, left to right, each with its place (k of n)\n"
    "                   and box; without it a picture of several marks side\n"
    "                   by side, or of no digit-like mark, is refused\n"
    "  --max-pixels N   refuse pictures of more than N pixels once decoded, a\n"
    "                   JPEG at up to 1/8 of its size (40000000)\n"
    "  -q, --quiet      do not report bad files (the exit status still does)\n"
    "  -h, --help       print this help\n"
    "  -V, --version    print the version\n"
    "\n"
    "Exit status: 0 all went well, 1 some input could not be used, 2 usage.\n";

enum { OPT_PNG = 256, OPT_MAXPIX };

static struct norm_opt opt;
static int ascii, quiet, status, npng, segment, long_warned;

/* The switches set their variable themselves (getopt_long returns 0). */
static const struct option longopts[] = {
	{"ascii", no_argument, &ascii, 1},
	{"png", required_argument, NULL, OPT_PNG},
	{"png-dir", required_argument, NULL, 'O'},
	{"no-deskew", no_argument, &opt.deskew, 0},
	{"invert", no_argument, &opt.invert, 1},
	{"no-invert", no_argument, &opt.invert, 0},
	{"naive", no_argument, &opt.naive, 1},
	{"max-pixels", required_argument, NULL, OPT_MAXPIX},
	{"segment", no_argument, &segment, 1},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0}
};

static struct recout out;
static const char *png_path;	/* --png */
static const char *png_dir;	/* -O */
static unsigned long long nout;

static void
bad(const char *name, const char *why)
{
	status = 1;
	if (!quiet)
		dp_warn("%s: %s", name, why);
}

/* One normalized record out: as a record, or as ASCII art. */
static void
emit(const struct rec *r)
{
	if (png_path != NULL && npng++ == 0 &&
	    png_save_grey(png_path, REC_W, REC_H, r->pix) != 0) {
		dp_warn("%s: %s", png_path, strerror(errno));
		status = 1;
	}
	nout++;
	if (png_dir != NULL) {
		/* Many small files: plain writes, not one fsync each. */
		char path[PATH_MAX];
		FILE *fp;

		if (r->label == REC_UNKNOWN)
			snprintf(path, sizeof path, "%s/%06llu-u.png", png_dir, nout);
		else
			snprintf(path, sizeof path, "%s/%06llu-%d.png", png_dir,
			    nout, r->label);
		if ((fp = fopen(path, "wb")) == NULL ||
		    png_write_grey(fp, REC_W, REC_H, r->pix) != 0 ||
		    fclose(fp) != 0)
			dp_die(1, "%s: %s", path, strerror(errno));
	}
	if (ascii) {
		char buf[REC_ASCII_SIZE + REC_NAME_LEN + 64];
		size_t n = rec_ascii(r, buf, sizeof buf);

		dp_put_line(buf, n < sizeof buf ? n : sizeof buf - 1);
	} else
		rec_write(&out, r);
}

/* A record stream whose first 4 bytes (the magic) were already read. */
static void
do_records(int fd, const char *name, const unsigned char *magic)
{
	unsigned char buf[REC_SIZE];
	struct recin in;
	struct rec r;
	const char *why;
	ssize_t got;
	int k = 1;

	memcpy(buf, magic, 4);
	if ((got = dp_read_full(fd, buf + 4, REC_SIZE - 4)) < REC_SIZE - 4) {
		char msg[64];

		if (got < 0)
			bad(name, strerror(errno));
		else {
			snprintf(msg, sizeof msg, "record 1: truncated (%zd "
			    "of %d bytes)", got + 4, REC_SIZE);
			bad(name, msg);
		}
		if (fd != 0)
			close(fd);
		return;
	}
	/* Only plain reads so far: stdio starts where they stopped. */
	if (recin_fdopen(&in, fd, name) != 0) {
		status = 1;
		return;
	}
	for (;;) {
		if (in.n == 0) {
			if ((why = rec_unpack(buf, &r)) != NULL) {
				dp_warn("%s: record 1: %s", name, why);
				status = 1;
				break;
			}
			in.n = 1;
		} else if ((k = rec_read(&in, &r)) <= 0)
			break;
		if (norm_record(r.pix, &opt) != 0) {
			status = 1;
			if (!quiet)
				dp_warn("%s: record %llu: no ink found", name,
				    in.n);
			continue;
		}
		emit(&r);
	}
	if (k < 0)
		status = 1;	/* rec_read printed why */
	recin_close(&in);
}

/* One picture: the rest of fd after its first got bytes, already read. */
static void
do_picture(int fd, const char *name, unsigned char *head, size_t got)
{
	unsigned char *p;
	size_t n;
	struct rec rec;
	struct seg_result res;
	unsigned char *pix;
	char why[NORM_WHY];
	int i, k;

	if ((p = dp_slurp_fd(fd, head, got, &n, MAX_FILE)) == NULL) {
		bad(name, errno == EFBIG ? "file too large" : strerror(errno));
		return;
	}
	memset(&rec, 0, sizeof rec);
	rec.label = REC_UNKNOWN;
	/* A record holds 235 bytes of name: a longer path keeps its end,
	 * the file's own name, and says so, once per run. */
	if (strlen(name) > REC_NAME_LEN && !quiet && !long_warned++)
		dp_warn("%s: name longer than %d bytes: the records keep "
		    "its last %d (said once)", name, REC_NAME_LEN,
		    REC_NAME_LEN);
	rec_set_name(&rec, name);
	pix = segment ? dp_malloc((size_t)SEG_MAX * REC_PIXELS) : rec.pix;
	k = segment ? norm_segment_buffer(p, n, &opt, &res, pix, why, sizeof why) :
	    norm_one_buffer(p, n, &opt, pix, why, sizeof why);
	free(p);
	if (k != 0)
		bad(name, why);
	else if (!segment)
		emit(&rec);
	for (i = 0; k == 0 && segment && i < res.n; i++) {
		/* One record per digit, version 2: k of n and the box. */
		memcpy(rec.pix, pix + (size_t)i * REC_PIXELS, REC_PIXELS);
		rec.seg_k = (unsigned short)(i + 1);
		rec.seg_n = (unsigned short)res.n;
		memcpy(rec.box, res.d[i].box, sizeof rec.box);
		emit(&rec);
	}
	if (segment && k == 0)
		seg_free(&res);
	if (segment)
		free(pix);
}

/* A file or stdin: records or one picture, told apart by the bytes. */
static void
do_stream(int fd, const char *name)
{
	unsigned char head[8];
	ssize_t got = dp_read_full(fd, head, 4);

	if (got == 4 && rec_magic(head, 4)) {
		do_records(fd, name, head);	/* closes fd */
		return;
	}
	if (got < 0)
		bad(name, strerror(errno));
	else
		do_picture(fd, name, head, (size_t)got);
	if (fd != 0)
		close(fd);
}

static void
do_path(const char *path)
{
	int fd;

	if (strcmp(path, "-") == 0) {
		do_stream(0, "stdin");
		return;
	}
	if ((fd = open(path, O_RDONLY)) < 0) {
		bad(path, strerror(errno));
		return;
	}
	do_stream(fd, path);
}

static void
path_line(void *arg, const char *path)
{
	(void)arg;
	do_path(path);
}

/* No operands: records, one picture, or a list of paths on stdin. */
static void
do_stdin(void)
{
	unsigned char head[4];
	ssize_t got = dp_read_full(0, head, 4);

	if (got < 0) {
		bad("stdin", strerror(errno));
		return;
	}
	if (got == 0)
		return;
	if (rec_magic(head, (size_t)got) || head[0] == 0x89 || head[0] == 0xFF) {
		if (got == 4 && head[0] == 'D')
			do_records(0, "stdin", head);
		else
			do_picture(0, "stdin", head, (size_t)got);
		return;
	}
	/* Paths, one per line; the first bytes are already read. */
	if (dp_lines(head, (size_t)got, path_line, NULL) != 0)
		bad("stdin", strerror(errno));
}

int
main(int argc, char *argv[])
{
	int c, i;

	dp_init(argv[0]);
	dp_keep_heap();		/* one picture after another */
	norm_defaults(&opt);
	while ((c = getopt_long(argc, argv, "O:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 0:
			break;
		case OPT_PNG:
			png_path = optarg;
			break;
		case 'O':
			png_dir = optarg;
			break;
		case OPT_MAXPIX:
			opt.max_pixels = dp_optull("--max-pixels", optarg,
			    ULLONG_MAX);
			if (opt.max_pixels == 0)
				dp_die(2, "--max-pixels: '%s': out of range "
				    "(1 to %llu)", optarg, ULLONG_MAX);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			dp_help(help_text);
		case 'V':
			dp_version();
		default:
			dp_usage(usage_text);
		}
	}
	/* Records are binary: not for a terminal (as recsheet). */
	if (!ascii && isatty(STDOUT_FILENO))
		dp_die(2, "stdout is a terminal: records are binary; redirect "
		    "them (> x.rec), pipe them (| lrpredict -m model), or "
		    "give --ascii");
	recout_init(&out, 1);
	if (optind == argc)
		do_stdin();
	for (i = optind; i < argc; i++)
		do_path(argv[i]);
	recout_flush(&out);
	dp_stdout_close();
	return status;
}
