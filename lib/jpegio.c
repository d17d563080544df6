/* SPDX-License-Identifier: ISC */
/*
 * jpegio.c: the JPEG adapter, the one file that talks to
 * libjpeg(-turbo): decoding a JPEG held in memory into grey (struct img),
 * DCT-scaled when it is much larger than needed, with the EXIF
 * orientation (parsed here) applied. libjpeg's default error_exit calls
 * exit(); ours longjmps back and returns -1. Uses: img.h, util.h,
 * libjpeg.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "img.h"
#include "jpegio.h"
#include "util.h"

/* Everything the error path must see lives on the heap, reached through
 * a pointer that never changes after setjmp. */
struct jctx {
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr err;
	struct jpeg_progress_mgr prog;
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
	int eof;		/* the data ended early */
	unsigned char *pix;	/* decoded samples */
	unsigned char *out;	/* oriented grey */
};

static void
on_error(j_common_ptr c)
{
	struct jctx *x = (struct jctx *)c->client_data;

	c->err->format_message(c, x->msg);
	longjmp(x->jb, 1);
}

static void
on_message(j_common_ptr c, int level)
{
	struct jctx *x = (struct jctx *)c->client_data;

	/* Warnings (level -1) are not printed: most are harmless ("extraneous
	 * bytes before marker"), but a file that ends early would be decoded
	 * as grey filler, so that one is an error. */
	if (level < 0 && c->err->msg_code == JWRN_JPEG_EOF) {
		x->eof = 1;
		longjmp(x->jb, 1);
	}
}

/* A progressive JPEG may hold thousands of tiny scans, each a pass over
 * the whole coefficient buffer: a cheap way to burn CPU. Real files have
 * about 10. */
#define MAX_SCANS	200

static void
on_progress(j_common_ptr c)
{
	struct jctx *x = (struct jctx *)c->client_data;

	if (c->is_decompressor && x->d.input_scan_number > MAX_SCANS) {
		snprintf(x->msg, sizeof x->msg, "more than %d scans", MAX_SCANS);
		longjmp(x->jb, 1);
	}
}

static void
on_output(j_common_ptr c)
{
	(void)c;
}

static unsigned
get16(const unsigned char *p, int le)
{
	return le ? p[0] | p[1] << 8 : p[0] << 8 | p[1];
}

static unsigned long
get32(const unsigned char *p, int le)
{
	return le ? (unsigned long)p[0] | (unsigned long)p[1] << 8 |
	    (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24 :
	    (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | (unsigned long)p[3];
}

/*
 * The EXIF orientation: walk the markers up to the first scan; in an APP1
 * "Exif\0\0" segment read the TIFF header (II little- or MM big-endian,
 * 42, offset of IFD0) and find tag 0x0112 (SHORT) in IFD0. Every offset
 * is checked against the segment's length.
 */
static int
jpeg_orientation(const unsigned char *b, size_t n)
{
	size_t pos = 2;

	if (n < 4 || b[0] != 0xFF || b[1] != 0xD8)
		return 1;
	while (pos + 4 <= n) {
		unsigned marker, len;

		if (b[pos] != 0xFF)
			return 1;
		marker = b[pos + 1];
		if (marker == 0xFF) {		/* fill byte */
			pos++;
			continue;
		}
		if (marker == 0xDA || marker == 0xD9)
			return 1;		/* scan data or end: no EXIF */
		if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
			pos += 2;
			continue;
		}
		len = get16(b + pos + 2, 0);
		if (len < 2 || pos + 2 + len > n)
			return 1;
		if (marker == 0xE1 && len >= 2 + 6 + 8 &&
		    memcmp(b + pos + 4, "Exif\0\0", 6) == 0) {
			const unsigned char *t = b + pos + 10;
			size_t tn = len - 8, ifd, cnt, i;
			int le;

			if (memcmp(t, "II", 2) == 0)
				le = 1;
			else if (memcmp(t, "MM", 2) == 0)
				le = 0;
			else
				return 1;
			if (get16(t + 2, le) != 42)
				return 1;
			ifd = get32(t + 4, le);
			if (ifd > tn || tn - ifd < 2)
				return 1;
			cnt = get16(t + ifd, le);
			for (i = 0; i < cnt; i++) {
				size_t e = ifd + 2 + 12 * i;
				unsigned v;

				if (e > tn || tn - e < 12)
					return 1;
				if (get16(t + e, le) != 0x0112)
					continue;
				if (get16(t + e + 2, le) != 3)	/* SHORT */
					return 1;
				v = get16(t + e + 8, le);
				return v >= 1 && v <= 8 ? (int)v : 1;
			}
			return 1;
		}
		pos += 2 + len;
	}
	return 1;
}

/*
 * Apply an EXIF orientation to a w x h grey plane: out(x, y) = in(sx, sy)
 * with, for the 8 cases (5-8 swap width and height),
 *   1 (x, y)  2 (w-1-x, y)  3 (w-1-x, h-1-y)  4 (x, h-1-y)
 *   5 (y, x)  6 (y, h-1-x)  7 (w-1-y, h-1-x)  8 (w-1-y, x)
 */
static void
orient(const unsigned char *in, int w, int h, int o, unsigned char *out)
{
	int ow = o >= 5 ? h : w, oh = o >= 5 ? w : h, x, y, sx = 0, sy = 0;

	for (y = 0; y < oh; y++)
		for (x = 0; x < ow; x++) {
			switch (o) {
			case 2: sx = w - 1 - x; sy = y; break;
			case 3: sx = w - 1 - x; sy = h - 1 - y; break;
			case 4: sx = x; sy = h - 1 - y; break;
			case 5: sx = y; sy = x; break;
			case 6: sx = y; sy = h - 1 - x; break;
			case 7: sx = w - 1 - y; sy = h - 1 - x; break;
			case 8: sx = w - 1 - y; sy = x; break;
			default: sx = x; sy = y; break;
			}
			out[(size_t)y * ow + x] = in[(size_t)sy * w + sx];
		}
}

int
jpeg_decode(const unsigned char *buf, size_t n, unsigned long long maxpix,
    int min_side, struct img *im, char *why, size_t wl)
{
	struct jctx *const x = calloc(1, sizeof *x);
	struct jpeg_decompress_struct *d;
	unsigned long long w, h;
	unsigned s, ow, oh, ch, i;
	size_t np;
	int cmyk, inverted, o;
	double zoom;

	memset(im, 0, sizeof *im);
	if (x == NULL)
		return dp_fail(why, wl, "out of memory");
	d = &x->d;
	d->err = jpeg_std_error(&x->err);
	x->err.error_exit = on_error;
	x->err.emit_message = on_message;
	x->err.output_message = on_output;
	d->client_data = x;
	x->prog.progress_monitor = on_progress;
	if (setjmp(x->jb)) {
		if (x->eof)
			dp_fail(why, wl, "truncated JPEG");
		else if (x->err.msg_code == JERR_OUT_OF_MEMORY)
			dp_fail(why, wl, "out of memory");
		else
			dp_fail(why, wl, "corrupt JPEG (%s)", x->msg);
		jpeg_destroy_decompress(&x->d);
		free(x->pix);
		free(x->out);
		free(x);
		return -1;
	}
	jpeg_create_decompress(d);
	d->progress = &x->prog;
	if (n > 0xFFFFFFFFUL) {
		snprintf(x->msg, sizeof x->msg, "file too large");
		longjmp(x->jb, 1);
	}
	jpeg_mem_src(d, buf, (unsigned long)n);
	jpeg_read_header(d, TRUE);
	w = d->image_width;
	h = d->image_height;
	/* CMYK from Photoshop (Adobe APP14) stores 255 - ink. */
	cmyk = d->jpeg_color_space == JCS_CMYK || d->jpeg_color_space == JCS_YCCK;
	inverted = cmyk && d->saw_Adobe_marker;
	d->out_color_space = cmyk ? JCS_CMYK : JCS_GRAYSCALE;
	/*
	 * DCT scaling: decode at s/8 of the size, the smallest s that keeps
	 * the short side >= min_side (4x and more the 20-px digit box), so
	 * a 12-megapixel photo costs about what a 0.2-megapixel one does.
	 * The pixel cap applies to that decoded size: a 200-megapixel photo
	 * is decoded into 3 million pixels (libjpeg-turbo still reads every
	 * coefficient, about 2.5 ns a stored pixel here).
	 */
	d->scale_num = 8;
	d->scale_denom = 8;
	if (min_side > 0)
		for (s = 1; s < 8; s++)
			if ((w < h ? w : h) * s >= (unsigned long long)min_side * 8) {
				d->scale_num = s;
				break;
			}
	jpeg_calc_output_dimensions(d);
	if ((unsigned long long)d->output_width * d->output_height > maxpix) {
		img_check_scaled(w, h, (int)d->scale_num, d->output_width,
		    d->output_height, maxpix, why, wl);
		jpeg_destroy_decompress(d);
		free(x);
		return IMG_TOO_LARGE;
	}
	d->dct_method = JDCT_ISLOW;
	jpeg_start_decompress(d);
	ow = d->output_width;
	oh = d->output_height;
	ch = (unsigned)d->output_components;
	np = (size_t)ow * oh;
	if ((x->pix = malloc(np * ch)) == NULL) {
		x->err.msg_code = JERR_OUT_OF_MEMORY;
		longjmp(x->jb, 1);
	}
	while (d->output_scanline < oh) {
		JSAMPROW row = x->pix + (size_t)d->output_scanline * ow * ch;

		jpeg_read_scanlines(d, &row, 1);
	}
	jpeg_finish_decompress(d);
	zoom = 8.0 / d->scale_num;
	jpeg_destroy_decompress(d);
	if (ch == 4) {
		/*
		 * CMYK to grey: R = (1 - C)(1 - K) etc.; with inverted storage
		 * the samples already are 255 (1 - C) and 255 (1 - K), so
		 * R = c k / 255. Then grey = .2126 R + .7152 G + .0722 B.
		 */
		for (i = 0; i < np; i++) {
			const unsigned char *p = x->pix + 4 * (size_t)i;
			double c = p[0], m = p[1], y = p[2], k = p[3], g;

			if (!inverted) {
				c = 255 - c;
				m = 255 - m;
				y = 255 - y;
				k = 255 - k;
			}
			g = (0.2126 * c + 0.7152 * m + 0.0722 * y) * k / 255;
			x->pix[i] = (unsigned char)(g + 0.5);
		}
	} else if (ch != 1) {
		free(x->pix);
		free(x);
		return dp_fail(why, wl, "unsupported JPEG colour layout");
	}
	o = jpeg_orientation(buf, n);
	if (o != 1) {
		if ((x->out = malloc(np)) == NULL) {
			free(x->pix);
			free(x);
			return dp_fail(why, wl, "out of memory");
		}
		orient(x->pix, (int)ow, (int)oh, o, x->out);
		free(x->pix);
		x->pix = x->out;
		if (o >= 5) {
			unsigned t = ow;

			ow = oh;
			oh = t;
		}
	}
	im->w = (int)ow;
	im->h = (int)oh;
	im->zoom = zoom;
	im->grey = realloc(x->pix, np);
	if (im->grey == NULL)
		im->grey = x->pix;
	free(x);
	return 0;
}
