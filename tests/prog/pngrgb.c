/* SPDX-License-Identifier: ISC */
/*
 * pngrgb.c: checks the grey of colour PNGs (pngplain.c's, for plain
 * ones) against libpng's png_set_rgb_to_gray. Colour PNGs are made here
 * (RGB and RGBA, 1024 x 1024: every pair of red and green with 16
 * blues; opaque and not; with a gAMA chunk and interlaced, which go
 * through libpng's transform; and in blocks of one colour, as paper
 * and a canvas's background are, which the decoder takes eight pixels
 * at a time), decoded by picture_decode and by libpng
 * with the transform, and the grey and alpha compared byte for byte.
 * Prints "N pictures, D differ"; status 1 if any differ
 * (tests/shortcut.bats).
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "img.h"
#include "picture.h"
#include "util.h"

#define SIDE	1024

struct mem {
	unsigned char *p;
	size_t n, cap, pos;
};

static void
put(png_structp png, png_bytep d, png_size_t n)
{
	struct mem *m = png_get_io_ptr(png);

	if (m->n + n > m->cap) {
		m->cap = 2 * (m->n + n);
		if ((m->p = realloc(m->p, m->cap)) == NULL)
			dp_die(2, "out of memory");
	}
	memcpy(m->p + m->n, d, n);
	m->n += n;
}

static void
flush(png_structp png)
{
	(void)png;
}

static void
get(png_structp png, png_bytep d, png_size_t n)
{
	struct mem *m = png_get_io_ptr(png);

	if (n > m->n - m->pos)
		png_error(png, "truncated");
	memcpy(d, m->p + m->pos, n);
	m->pos += n;
}

/* The pixel (x, y): red x, green y, blue from the high bits of both;
 * alpha 255, or a pattern. Blocky: the left half in blocks 12 pixels
 * wide and 3 high (so eight pixels are of one colour, or of two), the
 * right half of one colour a row. */
static void
pixel(int x, int y, int opaque, int blocky, unsigned char *s)
{
	if (blocky) {
		x = x < SIDE / 2 ? x / 12 * 37 : 0;
		y /= 3;
	}
	s[0] = (unsigned char)(x & 255);
	s[1] = (unsigned char)(y & 255);
	s[2] = (unsigned char)(((x >> 8) | (y >> 8) << 2) * 17);
	s[3] = opaque ? 255 : (unsigned char)((x * 7 + y * 13) & 255);
}

static struct mem
make(int ch, int opaque, int gamma, int interlace, int blocky)
{
	struct mem m = {0};
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING,
	    NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	unsigned char *row = malloc((size_t)SIDE * ch);
	int x, y, pass, np;

	if (png == NULL || info == NULL || row == NULL || setjmp(png_jmpbuf(png)))
		dp_die(2, "cannot make a PNG");
	png_set_write_fn(png, &m, put, flush);
	png_set_compression_level(png, 1);
	png_set_IHDR(png, info, SIDE, SIDE, 8, ch == 4 ?
	    PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB, interlace ?
	    PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	if (gamma)
		png_set_gAMA_fixed(png, info, 45455);
	png_write_info(png, info);
	np = png_set_interlace_handling(png);
	for (pass = 0; pass < np; pass++)
		for (y = 0; y < SIDE; y++) {
			unsigned char s[4];

			for (x = 0; x < SIDE; x++) {
				pixel(x, y, opaque, blocky, s);
				memcpy(row + (size_t)x * ch, s, ch);
			}
			png_write_row(png, row);
		}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return m;
}

/* libpng's own grey (and alpha) of the picture in m: grey and alpha
 * interleaved (ga), or the grey alone. */
static unsigned char *
reference(struct mem *m, int *ch)
{
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING,
	    NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	unsigned char *pix;
	png_bytep rows[SIDE];
	int y;

	m->pos = 0;
	if (png == NULL || info == NULL || setjmp(png_jmpbuf(png)))
		dp_die(2, "cannot read the PNG");
	png_set_read_fn(png, m, get);
	png_read_info(png, info);
	png_set_rgb_to_gray_fixed(png, 1, 21268, 71514);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	*ch = png_get_channels(png, info);
	if ((pix = malloc((size_t)SIDE * SIDE * *ch)) == NULL)
		dp_die(2, "out of memory");
	for (y = 0; y < SIDE; y++)
		rows[y] = pix + (size_t)y * SIDE * *ch;
	png_read_image(png, rows);
	png_destroy_read_struct(&png, &info, NULL);
	return pix;
}

int
main(int argc, char **argv)
{
	int ch, opaque, kind, blocky, n = 0, d = 0;

	(void)argc;
	dp_init(argv[0]);
	for (ch = 3; ch <= 4; ch++)
		for (opaque = 0; opaque <= 1; opaque++)
			for (kind = 0; kind <= 3; kind++) {
				struct mem m;
				struct img im;
				char why[256];
				unsigned char *ref;
				int rch, differ = 0;
				size_t k, np = (size_t)SIDE * SIDE;

				if (ch == 3 && !opaque)
					continue;
				blocky = kind == 3;
				m = make(ch, opaque, kind == 1, kind == 2,
				    blocky);
				if (picture_decode(m.p, m.n, 0, 0, &im, why,
				    sizeof why) != 0)
					dp_die(2, "%s", why);
				ref = reference(&m, &rch);
				for (k = 0; k < np && !differ; k++)
					differ = im.grey[k] != ref[k * rch];
				/* the alpha, unless it is opaque everywhere */
				if (ch == 4 && !opaque)
					for (k = 0; k < np && !differ; k++)
						differ = im.alpha == NULL ||
						    im.alpha[k] != ref[k * rch + 1];
				else
					differ |= im.alpha != NULL;
				n++;
				if (differ) {
					static const char *kn[] = {"plain",
					    "gAMA", "interlaced", "blocky"};

					printf("%s, %s, %s: the grey differs\n",
					    ch == 4 ? "RGBA" : "RGB", opaque ?
					    "opaque" : "transparent", kn[kind]);
					d++;
				}
				img_free(&im);
				free(ref);
				free(m.p);
			}
	printf("%d pictures, %d differ\n", n, d);
	return d != 0;
}
