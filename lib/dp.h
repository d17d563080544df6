/* SPDX-License-Identifier: ISC */
/*
 * dp.h: the digitpipe library, grouped by source file. This header is the
 * table of contents of lib/: each block names the file that implements it.
 */
#ifndef DIGITPIPE_DP_H
#define DIGITPIPE_DP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "record.h"

#define DP_VERSION "0.1.0"

/* ---- util.c: errors, options, checked output, atomic files ---------- */

extern const char *dp_prog;		/* set by dp_init() */
extern int dp_warn_off;			/* nonzero: dp_warn prints nothing (fuzzing) */

/* Set the program name, ignore SIGPIPE (write errors are handled where
 * they happen: EPIPE is a quiet exit). Call first in every main(). */
void	dp_init(const char *argv0);
/* "prog: fmt\n" on stderr. */
void	dp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* dp_warn, then exit(status). */
_Noreturn void dp_die(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* For library code that reports instead of exiting: format the reason
 * into why (if why is not NULL) and return -1. */
int	dp_fail(char *why, size_t whylen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* "usage: ..." on stderr, exit 2 (the usage string has no "usage: "). */
_Noreturn void dp_usage(const char *usage);
/* Print "prog (digitpipe) VERSION" on stdout, exit 0. */
_Noreturn void dp_version(void);
/* Print text on stdout and exit 0 (for --help); exits 1 if stdout fails. */
_Noreturn void dp_help(const char *text);
/* Range-checked number parsing for options: on error print
 * "prog: OPT: why" and exit 2. */
long	dp_optlong(const char *opt, const char *arg, long min, long max);
unsigned long long dp_optull(const char *opt, const char *arg,
	    unsigned long long max);
double	dp_optdouble(const char *opt, const char *arg, double min, double max);

void   *dp_malloc(size_t n);		/* dies with exit 1 when out of memory */
void   *dp_calloc(size_t n, size_t size);
void   *dp_realloc(void *p, size_t n);
char   *dp_strdup(const char *s);

/* Write all of buf to fd, retrying on EINTR and short writes. Returns 0,
 * or -1 with errno set. */
int	dp_write_all(int fd, const void *buf, size_t n);
/* What happened to a failed stdout write: EPIPE exits 0 quietly
 * (the reader is gone, as with | head), anything else is an error. */
_Noreturn void dp_stdout_failed(int err);
/* Flush stdout and check it; call before returning from main. */
void	dp_stdout_close(void);
/* A line to stdout with one write(2) (lines < 4096 bytes are never
 * interleaved with other writers). Dies on error; EPIPE exits quietly. */
void	dp_put_line(const char *s, size_t n);

/* Read a whole file ("-" or NULL is stdin) into memory; *n gets the size.
 * Returns NULL with errno set on failure. */
unsigned char *dp_slurp(const char *path, size_t *n, size_t max);

/* Atomic output: open a temp file beside path, write, then commit with
 * fsync + rename, or abort to remove the temp file. A path of "-" or NULL
 * means stdout (commit then only flushes). */
struct dp_out {
	FILE *fp;
	char *path;		/* final path, NULL for stdout */
	char *tmp;		/* temp path */
};
int	dp_out_open(struct dp_out *o, const char *path);
int	dp_out_commit(struct dp_out *o);	/* 0 ok, -1 errno set; stdout
						 * closed by its reader: exit 0 */
void	dp_out_abort(struct dp_out *o);
/* Remove every open temp file (for signal handlers: async-safe). */
void	dp_out_abort_all_signal(void);

/* Seeded pseudo-random numbers (splitmix64), the same on every machine. */
uint64_t dp_rand(uint64_t *state);
uint64_t dp_rand_below(uint64_t *state, uint64_t n);

/* ---- rec.c: reading and writing the record stream ------------------ */

struct recin {
	FILE *fp;
	const char *name;	/* "stdin" or the path, for messages */
	unsigned long long n;	/* records read so far */
	int close;
	char *vbuf;		/* fp's buffer (a file's; stdin's is static) */
};
/* path NULL or "-" is stdin. Returns 0, or -1 after printing an error. */
int	recin_open(struct recin *in, const char *path);
void	recin_close(struct recin *in);
/* Give a stream read with stdio a large buffer (REC_INBUF bytes): stdin
 * (once, before its first read), or fp with a buffer the caller frees
 * after fclose. */
#define REC_INBUF	(1 << 18)
void	rec_stdin_buffer(void);
char	*rec_file_buffer(FILE *fp);
/* 1: a record was read; 0: clean end of stream; -1: error printed
 * ("prog: stdin: record N: why"). */
int	rec_read(struct recin *in, struct rec *r);
/* Check and unpack one 1024-byte record; NULL if valid, else why not. */
const char *rec_unpack(const unsigned char *buf, struct rec *r);
void	rec_pack(const struct rec *r, unsigned char *buf);
/* Set r->name from a path, keeping its last REC_NAME_LEN bytes (cut on a
 * UTF-8 character boundary) when it is longer. */
void	rec_set_name(struct rec *r, const char *name);
/* Best guess of what a non-record stream is, from its first bytes
 * ("a PNG picture", "a gzip file", "an IDX file", ...) or NULL. */
const char *dp_sniff(const unsigned char *buf, size_t n);

/* Buffered record writer: up to REC_PER_WRITE records per write(2). */
struct recout {
	int fd;
	int n;
	unsigned char buf[REC_PER_WRITE * REC_SIZE];
};
void	recout_init(struct recout *o, int fd);
void	rec_write(struct recout *o, const struct rec *r);  /* dies on error */
void	recout_flush(struct recout *o);

/* Read a whole record stream into memory (for multi-pass tools).
 * pix gets n*784 bytes, labels n bytes, names (if wanted) n strings.
 * Returns 0, or -1 after printing an error. */
struct recset {
	size_t n;
	unsigned char *pix;	/* n x 784 */
	unsigned char *label;	/* n */
	char **name;		/* n, or NULL if names not kept */
};
int	recset_read(struct recset *s, const char *path, int keep_names);
/* The same, calling hook->fn(arg, s, from, to) each time another
 * hook->every records have arrived, on records [from, to): work that can
 * be done while a slow pipe is still delivering the rest. */
struct recset_hook {
	size_t every;
	void (*fn)(void *arg, const struct recset *s, size_t from, size_t to);
	void *arg;
};
int	recset_read_hook(struct recset *s, const char *path, int keep_names,
	    const struct recset_hook *hook);
void	recset_free(struct recset *s);

/* ---- csv.c: the text form of the stream (label,pixel0..783,name) --- */

/* One CSV line per record: label (empty if unknown), 784 pixels, and the
 * name, quoted as RFC 4180 asks when needed. */
#define CSV_LINE_MAX (2 + REC_PIXELS * 4 + 2 * REC_NAME_LEN + 4)
size_t	csv_format(const struct rec *r, char *buf, size_t size);
const char *csv_header(void);
/* Parse one line (without its newline) into r; NULL or why not. */
const char *csv_parse(char *line, int has_label, int has_name,
	    struct rec *r);

/* ---- idx.c: IDX files (LeCun's MNIST format) ------------------------ */

struct idx {
	int type;		/* 0x08: unsigned byte */
	int ndim;
	uint32_t dim[4];
	unsigned long long count;	/* dim[0] */
	size_t itemsize;	/* product of dim[1..] */
	const unsigned char *data;	/* past the header */
};
/* Validate an IDX file held in memory. ndim must be want_ndim.
 * Returns NULL, or a message saying why the file is refused. */
const char *idx_parse(const unsigned char *buf, size_t n, int want_ndim,
	    struct idx *x);
/* Read a whole IDX file ("-" is stdin), gunzipping it if it is gzip'ed;
 * a plain regular file is mapped (*mapped set). NULL and *why set on
 * failure. Give the buffer back with idx_free. */
unsigned char *idx_read(const char *path, size_t *n, size_t max,
	    int *mapped, const char **why);
void	idx_free(unsigned char *buf, size_t n, int mapped);

/* ---- model.c: the text model file (digitpipe-model(5)) ------------- */

#define MODEL_MAX_META 32

struct model {
	int classes;		/* K = 10 */
	int width, height;	/* 28 x 28 */
	int dim;		/* D = width * height */
	double scale;		/* x = pixel * scale */
	float *w;		/* K x (D + 1), row k: D weights then bias */
	int nmeta;
	char *key[MODEL_MAX_META];	/* provenance: training options, data */
	char *val[MODEL_MAX_META];
};
void	model_init(struct model *m, int classes, int width, int height);
void	model_free(struct model *m);
void	model_set(struct model *m, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
const char *model_get(const struct model *m, const char *key);
/* Write atomically (temp file + fsync + rename); "-" is stdout. */
int	model_save(const struct model *m, const char *path);
/* Load and validate; on error print "prog: PATH: line N: why", return -1. */
int	model_load(struct model *m, const char *path);
/* The same on a model held in memory (n bytes, need not end in NUL); name
 * is used in messages. */
int	model_parse(struct model *m, const char *name,
	    const unsigned char *buf, size_t n);
/* p[k] = softmax(W x + b), x = pix * scale. Returns argmax. */
int	model_predict(const struct model *m, const unsigned char *pix,
	    double *p);

/* ---- eval.c: confusion matrix and report --------------------------- */

struct confusion {
	unsigned long long m[10][10];	/* m[true][pred] */
	unsigned long long n;		/* lines counted */
	unsigned long long unknown;	/* lines with no true label */
};
/* Check one lrpredict line (modified in place: tabs become NULs);
 * *truth is -1 for "-". NULL if well-formed, else why not. */
const char *pred_parse(char *line, int *truth, int *pred);
double	confusion_accuracy(const struct confusion *c);
/* The accuracy line, the 10x10 matrix and the per-class report. */
void	confusion_print(const struct confusion *c, FILE *fp, int digits);

/* ---- font.c: a 5x7 bitmap font for numbers and captions ------------ */

#define FONT_W		5	/* a glyph is 5 x 7 pixels, */
#define FONT_H		7
#define FONT_ADV	6	/* and characters are 6 apart (at scale 1) */
/* The FONT_H rows of character c, bit 4 the leftmost pixel; characters
 * outside printable ASCII get the glyph of '?'. */
const unsigned char *font_glyph(int c);
/* How many rows lower c is drawn (2 for the tails of g, p, q, y). */
int	font_drop(int c);

/* ---- plot.c: pictures drawn in memory and saved through png.c ------ */
/* Colours are 0xRRGGBB. The plot_* functions save to path ("-" is
 * stdout) atomically and return 0, or -1 with errno set. */

struct canvas {
	int w, h;
	unsigned char *rgb;	/* h rows of w pixels, 3 bytes each */
};
void	canvas_init(struct canvas *c, int w, int h);	/* all white */
void	canvas_free(struct canvas *c);
void	canvas_rect(struct canvas *c, int x, int y, int w, int h,
	    uint32_t rgb);
/* Text with its top left at (x, y), each font pixel scale x scale;
 * returns its width. text_width measures without drawing. */
int	canvas_text(struct canvas *c, int x, int y, int scale, uint32_t rgb,
	    const char *s);
int	text_width(const char *s, int scale);
void	canvas_line(struct canvas *c, double x0, double y0, double x1,
	    double y1, int thick, uint32_t rgb);
int	canvas_save(const struct canvas *c, const char *path);
/* Colour maps. color_seq: t in [0, 1], near white to dark blue.
 * color_div: t in [-1, 1], blue (-) through white (0) to red (+). */
uint32_t color_seq(double t);
uint32_t color_div(double t);

/* The confusion matrix twice, side by side: counts, and each row as a
 * percentage of its true digit; axes labelled, colour scales. */
int	plot_confusion(const struct confusion *cm, const char *path);
/* The K weight templates of a model as 28x28 pictures, diverging colours
 * on one scale shared by all classes. */
int	plot_weights(const struct model *m, const char *path);
/* A contact sheet: n records of 784 pixels (dark ink on white), zoom
 * screen pixels per record pixel, cols per row, a caption under each
 * (NULL: none); red[i] nonzero draws caption i in red (a mistake). */
int	plot_sheet(const unsigned char *pix, char *const *caption,
	    const unsigned char *red, size_t n, int cols, int zoom,
	    const char *path);
/* A learning curve: per epoch the loss (left panel) and the training
 * and held-out accuracies (right; a held-out value < 0 is absent). */
struct curve_pt {
	double epoch, loss, train, hold;
};
int	plot_curve(const struct curve_pt *pt, size_t n, const char *lossname,
	    const char *path);

/* ---- norm.c: MNIST-style normalization ----------------------------- */
/* Library functions here never exit: they return -1 and put a short
 * reason ("no ink found", "picture too large (...)") in why[whylen]. */

/* A decoded picture, w x h, row-major. grey: 0 black .. 255 white;
 * alpha: 0 transparent .. 255 opaque, or NULL when the picture is opaque. */
struct img {
	int w, h;
	unsigned char *grey;
	unsigned char *alpha;
};
void	img_free(struct img *im);

/* The one pixel cap of imgnorm, lrserve and the page: pixels held in
 * memory once decoded (a JPEG counts at its DCT-scaled size, so photos of
 * up to 64 times as many pixels pass). */
#define NORM_MAX_PIXELS	40000000ULL
#define IMG_TOO_LARGE	(-2)	/* img_decode's answer for the pixel cap */
#define NORM_MIN_SIDE	160	/* JPEG DCT scaling keeps the short side >= */
#define NORM_WHY	256	/* a good size for why[] */
#define NORM_AUTO	(-1)

struct norm_opt {
	int deskew;		/* 1 (default): shear upright, skew = mu11/mu02 */
	int invert;		/* NORM_AUTO: from the border; 1: dark ink on
				 * light paper; 0: light ink on dark */
	int naive;		/* 1: whole picture to 28x28, inverted when
				 * bright; no cleaning (a baseline to compare) */
	unsigned long long max_pixels;	/* decoding cap, 0: NORM_MAX_PIXELS */
};
void	norm_defaults(struct norm_opt *o);

/* Record path: move the centre of mass to pixel (14,14) by a rounded
 * integer shift (MNIST records come back unchanged), then deskew (if
 * o->deskew: a shear about the centre of mass that also puts it exactly
 * on (14,14)); in place. Returns 0, or -1 when there is no ink. */
int	norm_record(unsigned char pix[REC_PIXELS], const struct norm_opt *o);
/* Picture path, as MNIST was made: ink from alpha or grey (polarity from
 * the border), background flattened and noise cleaned, crop to the ink,
 * longer side to exactly 20 px by area averaging, centre of mass to
 * (14,14), then deskew. On an MNIST-like 28x28 picture it gives what
 * norm_record gives on the same pixels. Returns 0 or -1 (why). */
int	norm_picture(const struct img *im, const struct norm_opt *o,
	    unsigned char pix[REC_PIXELS], char *why, size_t whylen);
/* Decode a PNG or JPEG held in memory, recognised by its bytes. JPEGs are
 * DCT-scaled while their short side stays >= min_side (0: full size).
 * Pictures that would decode to more than max_pixels (0: NORM_MAX_PIXELS)
 * are refused from their header, before any pixel memory is allocated:
 * IMG_TOO_LARGE, with img_too_large's wording in why. Returns 0, -1 or
 * IMG_TOO_LARGE (why). */
int	img_decode(const unsigned char *buf, size_t n,
	    unsigned long long max_pixels, int min_side, struct img *im,
	    char *why, size_t whylen);
/* The refusal, one wording everywhere: "picture too large: WxH = N pixels,
 * more than the limit of L (--max-pixels raises it)"; for a DCT-scaled
 * JPEG "WxH decodes at S/8 to wxh = N pixels, ...". Returns
 * IMG_TOO_LARGE. */
int	img_too_large(char *why, size_t whylen, unsigned long long w,
	    unsigned long long h, int scale, unsigned long long dw,
	    unsigned long long dh, unsigned long long max_pixels);
/* img_decode + norm_picture: bytes of a picture file in, 784 bytes out
 * (what a server calls on an upload). Returns 0, -1 or IMG_TOO_LARGE. */
int	norm_buffer(const unsigned char *buf, size_t n,
	    const struct norm_opt *o, unsigned char pix[REC_PIXELS],
	    char *why, size_t whylen);
/* ASCII art of a record: a caption line "# NAME (label L)", then 28 lines
 * of 56 characters (each pixel twice, " .:-=+*#%@" from background to
 * ink). Returns the length (NUL-terminated in buf, truncated to size). */
#define NORM_ASCII_SIZE	2048
size_t	norm_ascii(const struct rec *r, char *buf, size_t size);

/* ---- png.c: PNG pictures (the only file that includes <png.h>) ----- */

/* Decode a PNG in memory: grey 1-16 bit, grey+alpha, RGB(A), palette with
 * tRNS, interlaced; into grey + alpha (see struct img). 0 or -1 (why). */
int	png_decode(const unsigned char *buf, size_t n,
	    unsigned long long max_pixels, struct img *im,
	    char *why, size_t whylen);
/* Write an 8-bit grey (w*h bytes) or RGB (w*h*3 bytes) PNG to fp.
 * Returns 0, or -1 with errno set. */
int	png_write_grey(FILE *fp, int w, int h, const unsigned char *pix);
int	png_write_rgb(FILE *fp, int w, int h, const unsigned char *rgb);
/* The same into a file, atomically (dp_out: temp file, fsync, rename);
 * "-" is stdout. Returns 0, or -1 with errno set and no file left. */
int	png_save_grey(const char *path, int w, int h, const unsigned char *pix);
int	png_save_rgb(const char *path, int w, int h, const unsigned char *rgb);

/* ---- jpeg.c: JPEG pictures (the only file that includes <jpeglib.h>) */

/* Decode a JPEG in memory: baseline, progressive, grey, YCbCr, CMYK/YCCK
 * (Adobe inverted); the EXIF orientation is applied; DCT-scaled by n/8
 * while the short side stays >= min_side. 0 or -1 (why). */
int	jpeg_decode(const unsigned char *buf, size_t n,
	    unsigned long long max_pixels, int min_side, struct img *im,
	    char *why, size_t whylen);
/* The EXIF orientation (1-8) of a JPEG in memory, 1 when it has none. */
int	jpeg_orientation(const unsigned char *buf, size_t n);

/* ---- serve.c: lrserve's answers, without sockets ------------------- */

#define SERVE_MAX_BODY	(64UL << 20)	/* default body cap: 64 MiB */
#define SERVE_BUF	4096		/* any one-picture answer fits */
#define SERVE_NAME_MAX	255		/* bytes of a name echoed back */
#define SERVE_MAX_PARTS	1000		/* pictures in one form */
#define SERVE_MAX_ANSWER (16UL << 20)	/* bytes of one answer */

/* A file of the page (web/), compiled into the binary. */
struct serve_file {
	const char *path;		/* "/", "/app.js", ... */
	const char *type;		/* Content-Type */
	const unsigned char *data;
	size_t size;
};
struct serve {
	const struct model *m;		/* read-only, shared by all threads */
	struct norm_opt norm;		/* norm.max_pixels: the pixel cap */
	size_t max_body;		/* bytes; more is 413 */
	const struct serve_file *files;	/* ends with a NULL path; or NULL */
	char *model_json;		/* GET /api/model, built once */
	size_t model_json_size;
};
/* One answer. body points into buf, heap (an answer for many pictures:
 * serve_reply_free frees it), at a page file, or at model_json. api: JSON
 * from the API (Cache-Control: no-store); allow: the Allow header of a
 * 405, else NULL. */
struct serve_reply {
	int status;
	const char *type;
	const char *allow;
	int api;
	const char *body;
	size_t size;
	char *heap;
	size_t cap;
	int oom;
	char buf[SERVE_BUF];
};
/* Defaults: 64 MiB body, NORM_MAX_PIXELS; m may be NULL (no /api/model, and
 * then no predictions either: set it before serving). */
void	serve_init(struct serve *s, const struct model *m);
void	serve_free(struct serve *s);
/* Routes: GET|HEAD / and the page files, /healthz, /api/model;
 * POST /api/predict with a PNG or JPEG body (image/png, image/jpeg,
 * application/octet-stream, application/x-www-form-urlencoded or no
 * type: the bytes decide) -> 200 {"name"?,"digit","probability",
 * "probabilities":[10],"input":[784]?} (?name=NAME echoes NAME, ?input=0
 * leaves out the input); a multipart/form-data body gets one such line
 * per file part, named by its filename. Errors are {"name"?,"error":
 * "why","status":N}: 400 unreadable or no ink, 404, 405, 413 body over
 * max_body or picture over norm.max_pixels, 415 other type or bytes,
 * 503 no model. ctype and body may be NULL. Thread-safe on a shared s;
 * returns r->status; then serve_reply_free(r). */
int	serve_handle(const struct serve *s, const char *method,
	    const char *path, const char *ctype, const unsigned char *body,
	    size_t n, struct serve_reply *r);
void	serve_reply_free(struct serve_reply *r);

/* ---- aug.c: training-data augmentation ---------------------------- */

#define AUG_ROTATE	10.0	/* default: up to +-10 degrees, */
#define AUG_SHIFT	2.0	/* +-2 pixels, */
#define AUG_SCALE	0.1	/* +-10% size, */
#define AUG_THICKEN	0.5	/* and half of the copies thicker or thinner */

struct aug_opt {
	double rotate;		/* max |angle|, degrees */
	double shift;		/* max |shift| on each axis, pixels */
	double scale;		/* max |s - 1| */
	double thicken;		/* chance of a 3x3-cross dilation or erosion */
};
void	aug_defaults(struct aug_opt *o);
/* One perturbed copy of in (a rotation, scaling and shift about the
 * centre of mass, bilinear; maybe a stroke one pixel thicker or thinner),
 * drawing five numbers from *state. in and out must not overlap. */
void	aug_record(const unsigned char in[REC_PIXELS],
	    unsigned char out[REC_PIXELS], const struct aug_opt *o,
	    uint64_t *state);

/* ---- lr.c: softmax regression training ----------------------------- */

#define LR_K		10		/* classes */
#define LR_D		REC_PIXELS	/* inputs */
#define LR_SEED		1		/* default -s */
#define LR_MAX_THREADS	64

enum lr_solver { LR_SGD, LR_LBFGS };

/* Where training is, after an epoch (SGD) or iteration (L-BFGS). */
struct lr_status {
	int epoch;
	double loss;		/* SGD: mean log loss over the epoch */
	double obj;		/* C * sum loss_i + |W|^2 / 2, or NAN */
	double gmax;		/* max |dF/dtheta| (L-BFGS, and at the end) */
	double train_acc;
	double hold_acc;	/* held-out accuracy, < 0 if none */
	double elapsed;		/* seconds since lr_train started */
	size_t ntrain, nhold;	/* rows used for training, held out */
};

struct lr_opts {
	enum lr_solver solver;
	double C;		/* L2 strength, scikit-learn's convention */
	int epochs;		/* SGD epochs, or L-BFGS iterations */
	int batch;		/* SGD mini-batch size */
	double lr;		/* SGD peak learning rate */
	double momentum;	/* SGD momentum */
	double holdout;		/* fraction held out (early stopping) */
	int patience;		/* SGD: epochs without held-out progress */
	double tol;		/* L-BFGS: stop when max |grad| <= tol */
	uint64_t seed;
	int threads;		/* results do not depend on it */
	int verbose_every;	/* L-BFGS: report every N iterations */
	void (*progress)(const struct lr_status *, void *);
	void *arg;
	/* Optional: lr_pixel_sums over all n rows, if the caller has them
	 * already (lrtrain sums records as they arrive); else NULL. */
	const uint64_t *sums;
};
void	lr_opts_default(struct lr_opts *o);
int	lr_threads_default(void);	/* online CPUs, at most LR_MAX_THREADS */
/* Train m (model_init'ed for 10 classes of 28x28) on n records with
 * labels 0..9; st gets the final status. 0, or -1 if n is 0. */
int	lr_train(struct model *m, const unsigned char *pix,
	    const unsigned char *label, size_t n, const struct lr_opts *o,
	    struct lr_status *st);
/* Provenance digest of a training set (see lr.c); threads only speed
 * it up. The same in pieces: record hashes h[0..n), then the fold. */
uint64_t lr_digest(const unsigned char *pix, const unsigned char *label,
	    size_t n, int threads);
void	lr_rec_hashes(const unsigned char *pix, const unsigned char *label,
	    size_t n, uint64_t *h);
uint64_t lr_digest_fold(const uint64_t *h, size_t n);
/* Add n rows' pixel sums to sums[0..784) and their squares to
 * sums[784..1568): exact integers. */
void	lr_pixel_sums(const unsigned char *pix, size_t n, uint64_t *sums);
/* The numeric golden test: a tiny worked example printed on fp. */
void	lr_selftest(FILE *fp);

#endif
