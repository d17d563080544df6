/* SPDX-License-Identifier: ISC */
/*
 * pngio.c: the PNG adapter, the one file that talks to libpng: decoding
 * any PNG held in memory into grey + alpha (struct img), and writing
 * 8-bit grey or RGB pictures. A plain PNG (most of them) is decoded by
 * pngplain.c without libpng, to the same bytes (picture.c chooses);
 * every other PNG, and every error message, is libpng's, here. libpng
 * reports errors by longjmp: everything allocated lives in a struct
 * reached through a pointer, so the error path can free it.
 * Uses: img.h, out.h, util.h, libpng.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "img.h"
#include "out.h"
#include "pngio.h"
#include "util.h"

struct reader {
	const unsigned char *buf;
	size_t n, pos;
	char msg[128];		/* libpng's error message */
	unsigned char *pix;	/* interleaved decoded rows */
	png_bytep *rows;
};

static void
on_error(png_structp png, png_const_charp msg)
{
	struct reader *rd = png_get_error_ptr(png);

	if (rd != NULL)
		snprintf(rd->msg, sizeof rd->msg, "%s", msg);
	png_longjmp(png, 1);
}

static void
on_warning(png_structp png, png_const_charp msg)
{
	/* Warnings (a bad ancillary chunk, an odd sRGB profile) do not stop
	 * decoding and would only clutter stderr of a batch run. */
	(void)png;
	(void)msg;
}

static void
mem_read(png_structp png, png_bytep out, png_size_t len)
{
	struct reader *rd = png_get_io_ptr(png);

	if (len > rd->n - rd->pos)
		png_error(png, "truncated file");
	memcpy(out, rd->buf + rd->pos, len);
	rd->pos += len;
}

int
png_decode(const unsigned char *buf, size_t n, unsigned long long maxpix,
    struct img *im, char *why, size_t wl)
{
	/* Locals changed after setjmp and read after longjmp: volatile, or
	 * reached through rd, which itself is never changed. */
	struct reader *const rd = calloc(1, sizeof *rd);
	png_structp png;
	png_infop info = NULL;
	png_uint_32 w, h;
	int depth, ctype, ch;
	size_t i, npix;
	unsigned opaque;
	unsigned char *pix;

	memset(im, 0, sizeof *im);
	if (rd == NULL)
		return dp_fail(why, wl, "out of memory");
	rd->buf = buf;
	rd->n = n;
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, rd, on_error,
	    on_warning);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(png ? &png : NULL, NULL, NULL);
		free(rd);
		return dp_fail(why, wl, "out of memory");
	}
	if (setjmp(png_jmpbuf(png))) {
		int trunc = strcmp(rd->msg, "truncated file") == 0;

		png_destroy_read_struct(&png, &info, NULL);
		free(rd->pix);
		free(rd->rows);
		if (trunc)
			dp_fail(why, wl, "truncated PNG");
		else if (strcmp(rd->msg, "out of memory") == 0)
			dp_fail(why, wl, "out of memory");
		else
			dp_fail(why, wl, "corrupt PNG (%s)", rd->msg);
		free(rd);
		return -1;
	}
	/* libpng's own caps (1,000,000 a side by default) are raised to
	 * ours; the product is checked below, before any pixel memory. */
	png_set_user_limits(png, 0x7fffffffL, 0x7fffffffL);
	/* Each chunk's CRC-32 already vouches for the compressed bytes:
	 * zlib's Adler-32 of the inflated ones, a fifth of an RGBA canvas's
	 * decoding, adds nothing to it. */
#ifdef PNG_IGNORE_ADLER32
	png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
	png_set_read_fn(png, rd, mem_read);
	png_read_info(png, info);
	png_get_IHDR(png, info, &w, &h, &depth, &ctype, NULL, NULL, NULL);
	if (img_check_size(w, h, maxpix, why, wl) != 0) {
		png_destroy_read_struct(&png, &info, NULL);
		free(rd);
		return IMG_TOO_LARGE;
	}
	npix = (size_t)w * h;
	/* Everything to 8-bit grey or grey+alpha: palettes expanded, low
	 * depths widened, tRNS to alpha, 16-bit to its high byte, colour to
	 * grey with Rec. 709 weights. */
	png_set_expand(png);
	png_set_strip_16(png);
	if (ctype & PNG_COLOR_MASK_COLOR)
		png_set_rgb_to_gray_fixed(png, 1, 21268, 71514);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	ch = png_get_channels(png, info);
	if (ch != 1 && ch != 2)
		png_error(png, "unexpected channel count");
	rd->pix = malloc(npix * ch);
	rd->rows = malloc(h * sizeof *rd->rows);
	if (rd->pix == NULL || rd->rows == NULL) {
		snprintf(rd->msg, sizeof rd->msg, "out of memory");
		png_longjmp(png, 1);
	}
	for (i = 0; i < h; i++)
		rd->rows[i] = rd->pix + i * w * ch;
	png_read_image(png, rd->rows);
	png_read_end(png, NULL);
	png_destroy_read_struct(&png, &info, NULL);
	free(rd->rows);
	pix = rd->pix;
	free(rd);
	im->w = (int)w;
	im->h = (int)h;
	if (ch == 1) {
		im->grey = pix;
		return 0;
	}
	/* De-interleave grey+alpha: grey in place (i <= 2i), alpha apart.
	 * An alpha that is opaque everywhere (a browser's canvas, most
	 * RGBA files) is no alpha: composited on white it is the grey. */
	if ((im->alpha = malloc(npix)) == NULL) {
		free(pix);
		memset(im, 0, sizeof *im);
		return dp_fail(why, wl, "out of memory");
	}
	for (i = 0, opaque = 255; i < npix; i++) {
		unsigned char g = pix[2 * i], a = pix[2 * i + 1];

		pix[i] = g;
		im->alpha[i] = a;
		opaque &= a;
	}
	if (opaque == 255) {
		free(im->alpha);
		im->alpha = NULL;
	}
	im->grey = realloc(pix, npix);
	if (im->grey == NULL)
		im->grey = pix;
	return 0;
}

static void
write_error(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static int
write_png(FILE *fp, int w, int h, const unsigned char *pix, int ch)
{
	png_structp png;
	png_infop info = NULL;
	int y;

	if (w < 1 || h < 1) {
		errno = EINVAL;
		return -1;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
	    write_error, on_warning);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
		png_destroy_write_struct(png ? &png : NULL, NULL);
		errno = ENOMEM;
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	    ch == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
	    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < h; y++)
		png_write_row(png, pix + (size_t)y * w * ch);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	if (fflush(fp) != 0 || ferror(fp))
		return -1;
	return 0;
}

int
png_write_grey(FILE *fp, int w, int h, const unsigned char *pix)
{
	return write_png(fp, w, h, pix, 1);
}

static int
save_png(const char *path, int w, int h, const unsigned char *pix, int ch)
{
	struct dp_out o;
	int e;

	if (dp_out_open(&o, path) != 0)
		return -1;
	errno = 0;
	if (write_png(o.fp, w, h, pix, ch) != 0) {
		e = errno ? errno : EIO;
		if (o.path == NULL && e == EPIPE)
			dp_stdout_failed(e);	/* | head: a quiet exit */
		dp_out_abort(&o);
		errno = e;
		return -1;
	}
	return dp_out_commit(&o);
}

int
png_save_grey(const char *path, int w, int h, const unsigned char *pix)
{
	return save_png(path, w, h, pix, 1);
}

int
png_save_rgb(const char *path, int w, int h, const unsigned char *rgb)
{
	return save_png(path, w, h, rgb, 3);
}
