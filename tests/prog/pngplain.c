/* SPDX-License-Identifier: ISC */
/*
 * pngplain.c: checks pngplain.c against libpng: picture_decode (which
 * takes pngplain.c's answer for a plain PNG) against pngio.c's
 * png_decode (libpng alone), the same answer (status, message, size, grey, alpha) for
 *  - plain PNGs made here: grey, grey + alpha, RGB and RGBA, each row
 *    filter forced in turn, widths 1 to 40 (the 16-byte loops' tails),
 *    random pixels, alpha opaque or not, and one of each over 4 MiB
 *    (inflated in blocks); each must be decoded plainly;
 *  - PNGs put together chunk by chunk, sound and not: IDAT in pieces
 *    (empty ones too) or with a chunk between them, text chunks, a wrong
 *    Adler-32, a byte too many or too few in the zlib stream, a bad
 *    filter byte, a bad CRC, cut files, no IEND, bytes after IEND, a
 *    gAMA or tRNS chunk, a palette, 16 bits, interlacing, a picture over
 *    the pixel cap; each must be plain or not as the comment says;
 *  - every PNG file named on the command line.
 * Prints "N pictures, P plain, D differ"; status 1 if any differ or a
 * made picture is decoded the other way (tests/shortcut.bats).
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "img.h"
#include "picture.h"
#include "pngio.h"
#include "pngplain.h"
#include "util.h"

struct mem {
	unsigned char *p;
	size_t n, cap;
};

static int npic, nplain, ndiffer;

static void
put(struct mem *m, const void *d, size_t n)
{
	if (m->n + n > m->cap) {
		m->cap = 2 * (m->n + n) + 64;
		if ((m->p = realloc(m->p, m->cap)) == NULL)
			dp_die(2, "out of memory");
	}
	memcpy(m->p + m->n, d, n);
	m->n += n;
}

static void
put_png(png_structp png, png_bytep d, png_size_t n)
{
	put(png_get_io_ptr(png), d, n);
}

static void
flush(png_structp png)
{
	(void)png;
}

static unsigned long rng = 88172645463325252UL;

static unsigned
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 24);
}

/* Compare picture_decode with libpng's decoding of the same bytes; want:
 * 1 must be plain, 0 must not, -1 either. */
static void
check(const char *what, const unsigned char *p, size_t n, int want)
{
	struct img a, b, c;
	char wa[256] = "", wb[256] = "", wc[256];
	int ra, rb, rp, differ;

	ra = picture_decode(p, n, IMG_MAX_PIXELS, 0, &a, wa, sizeof wa);
	rb = png_decode(p, n, IMG_MAX_PIXELS, &b, wb, sizeof wb);
	memset(&c, 0, sizeof c);
	if ((rp = png_plain_decode(p, n, IMG_MAX_PIXELS, &c, wc, sizeof wc)) == 0)
		img_free(&c);
	differ = ra != rb || (ra != 0 && strcmp(wa, wb) != 0);
	if (!differ && ra == 0) {
		size_t np = (size_t)a.w * a.h;

		differ = a.w != b.w || a.h != b.h ||
		    memcmp(a.grey, b.grey, np) != 0 ||
		    (a.alpha == NULL) != (b.alpha == NULL) ||
		    (a.alpha != NULL && memcmp(a.alpha, b.alpha, np) != 0);
	}
	npic++;
	nplain += rp != PNG_NOT_PLAIN;
	if (differ) {
		printf("%s: differs (%d \"%s\" against libpng's %d \"%s\")\n",
		    what, ra, wa, rb, wb);
		ndiffer++;
	} else if (want >= 0 && (rp != PNG_NOT_PLAIN) != want) {
		printf("%s: %s plain\n", what, want ? "not" : "wrongly");
		ndiffer++;
	}
	if (ra == 0)
		img_free(&a);
	if (rb == 0)
		img_free(&b);
}

/* A PNG made by libpng: w x h, colour type ct, every row filtered with
 * filter (PNG_FILTER_NONE ...), random samples; alpha opaque or not. */
static struct mem
made(int w, int h, int ct, int filter, int opaque)
{
	struct mem m = {0};
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING,
	    NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	int ch = ct == 0 ? 1 : ct == 4 ? 2 : ct == 2 ? 3 : 4;
	unsigned char *row = malloc((size_t)w * ch);
	int x, y, k;

	if (png == NULL || info == NULL || row == NULL || setjmp(png_jmpbuf(png)))
		dp_die(2, "cannot make a PNG");
	png_set_write_fn(png, &m, put_png, flush);
	png_set_compression_level(png, 1);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, ct,
	    PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, filter);
	png_write_info(png, info);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++)
			for (k = 0; k < ch; k++)
				row[x * ch + k] = (unsigned char)(opaque &&
				    (ch == 2 || ch == 4) && k == ch - 1 ? 255 :
				    rnd() % 7 == 0 ? 255 : rnd());
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return m;
}

static void
add(struct mem *m, const char *type, const void *d, size_t n)
{
	unsigned char b[8];
	unsigned long crc;

	b[0] = (unsigned char)(n >> 24);
	b[1] = (unsigned char)(n >> 16);
	b[2] = (unsigned char)(n >> 8);
	b[3] = (unsigned char)n;
	memcpy(b + 4, type, 4);
	put(m, b, 8);
	if (n)
		put(m, d, n);
	crc = crc32(crc32(0L, Z_NULL, 0), (const unsigned char *)type, 4);
	crc = crc32(crc, d, (uInt)n);
	b[0] = (unsigned char)(crc >> 24);
	b[1] = (unsigned char)(crc >> 16);
	b[2] = (unsigned char)(crc >> 8);
	b[3] = (unsigned char)crc;
	put(m, b, 4);
}

/* The start of a PNG of w x h, depth, colour type ct, interlace il. */
static struct mem
start(unsigned long w, unsigned long h, int depth, int ct, int il)
{
	struct mem m = {0};
	unsigned char ih[13] = {
		(unsigned char)(w >> 24), (unsigned char)(w >> 16),
		(unsigned char)(w >> 8), (unsigned char)w,
		(unsigned char)(h >> 24), (unsigned char)(h >> 16),
		(unsigned char)(h >> 8), (unsigned char)h,
		(unsigned char)depth, (unsigned char)ct, 0, 0, (unsigned char)il };

	put(&m, "\211PNG\r\n\032\n", 8);
	add(&m, "IHDR", ih, 13);
	return m;
}

/* IHDR as given (a palette of black and white for colour type 3), the
 * stream z in one IDAT, IEND: checked. */
static void
headed(const char *what, int want, unsigned long w, unsigned long h,
    int depth, int ct, int il, const unsigned char *z, size_t zn)
{
	struct mem m = start(w, h, depth, ct, il);

	if (ct == 3)
		add(&m, "PLTE", "\0\0\0\377\377\377", 6);
	add(&m, "IDAT", z, zn);
	add(&m, "IEND", "", 0);
	check(what, m.p, m.n, want);
	free(m.p);
}

/* The grey 16 x 4 picture's rows, each with filter byte f (0-4), and
 * extra bytes past them (negative: that many fewer), deflated. */
static unsigned char *
stream(int f, int extra, size_t *n)
{
	unsigned char raw[4 * 17 + 8];
	size_t rn = (size_t)(4 * 17 + extra);
	uLongf zn = compressBound(sizeof raw);
	unsigned char *z = malloc(zn);
	int i;

	for (i = 0; i < (int)sizeof raw; i++)
		raw[i] = i % 17 == 0 ? (unsigned char)f : (unsigned char)(i * 37);
	if (z == NULL || compress2(z, &zn, raw, rn, 6) != Z_OK)
		dp_die(2, "cannot deflate");
	*n = zn;
	return z;
}

int
main(int argc, char **argv)
{
	static const int cts[4] = { 0, 4, 2, 6 };
	static const int filters[5] = { PNG_FILTER_NONE, PNG_FILTER_SUB,
	    PNG_FILTER_UP, PNG_FILTER_AVG, PNG_FILTER_PAETH };
	char what[128];
	unsigned char *z, *buf;
	size_t zn, k;
	int w, c, f, o, i;

	dp_init(argv[0]);
	for (c = 0; c < 4; c++)
		for (f = 0; f < 5; f++)
			for (w = 1; w <= 40; w++)
				for (o = 0; o <= 1; o++) {
					struct mem m = made(w, 5, cts[c], filters[f], o);

					snprintf(what, sizeof what, "made: colour type %d, "
					    "filter %d, %d wide, %s", cts[c], f, w,
					    o ? "opaque" : "not opaque");
					check(what, m.p, m.n, 1);
					free(m.p);
				}

	/* Over 4 MiB of rows: inflated in blocks of 64 KiB. */
	for (c = 0; c < 4; c++) {
		int bw = 4400 / (cts[c] == 0 ? 1 : cts[c] == 4 ? 2 : cts[c] == 2 ? 3 : 4);
		struct mem m = made(bw, 1000, cts[c], filters[4 - c], c % 2);

		snprintf(what, sizeof what, "made: colour type %d, %d x 1000",
		    cts[c], bw);
		check(what, m.p, m.n, 1);
		free(m.p);
	}

	{	/* 4.4 MB of rows in one IDAT: blocks out of one chunk */
		uLongf n4 = 4401 * 1000;
		unsigned char *raw = malloc(n4), *z4 = malloc(compressBound(n4));
		struct mem m = start(4400, 1000, 8, 0, 0);

		if (raw == NULL || z4 == NULL)
			dp_die(2, "out of memory");
		for (k = 0; k < n4; k++)
			raw[k] = k % 4401 == 0 ? (unsigned char)(k / 4401 % 5) :
			    (unsigned char)(k % 4401 * 7 / 4400 * 31);
		zn = compressBound(n4);
		if (compress2(z4, &zn, raw, n4, 6) != Z_OK)
			dp_die(2, "cannot deflate");
		add(&m, "IDAT", z4, zn);
		add(&m, "IEND", "", 0);
		check("one IDAT of 4.4 MB of rows", m.p, m.n, 1);
		free(m.p);
		free(raw);
		free(z4);
	}

	/* 64 x 16 grey, rows 8-15 a copy of rows 0-7 (matches 520 bytes
	 * back), the header's window 256 bytes (libpng: too far back), 1 KiB
	 * (under the rows' 1,040 bytes: left to libpng) or 32 KiB. */
	for (i = 0; i <= 7; i += i == 0 ? 2 : 5) {
		unsigned char raw[65 * 16], zw[2048];
		uLongf nw = sizeof zw;
		struct mem m = start(64, 16, 8, 0, 0);

		for (k = 0; k < sizeof raw; k++)
			raw[k] = k % 65 == 0 ? 0 : k >= 65 * 8 ? raw[k - 65 * 8] :
			    (unsigned char)rnd();
		if (compress2(zw, &nw, raw, sizeof raw, 9) != Z_OK)
			dp_die(2, "cannot deflate");
		zw[0] = (unsigned char)(i << 4 | 8);
		zw[1] = (unsigned char)(zw[1] & 0xc0);
		zw[1] = (unsigned char)(zw[1] + 31 - (zw[0] * 256 + zw[1]) % 31);
		add(&m, "IDAT", zw, nw);
		add(&m, "IEND", "", 0);
		snprintf(what, sizeof what, "a window of %d bytes", 256 << i);
		check(what, m.p, m.n, i == 7);
		free(m.p);
	}

	/* Put together: grey 16 x 4 (colour type 0) unless said. */
#define CASE(name, want, build) do {					\
		struct mem m = start(16, 4, 8, 0, 0);			\
		build;							\
		check(name, m.p, m.n, want);				\
		free(m.p);						\
	} while (0)
	for (f = 0; f <= 5; f++) {
		z = stream(f, 0, &zn);
		snprintf(what, sizeof what, "filter byte %d", f);
		CASE(what, f <= 4, { add(&m, "IDAT", z, zn); add(&m, "IEND", "", 0); });
		free(z);
	}
	z = stream(4, 0, &zn);
	CASE("IDAT in 1-byte pieces, empty ones between", 1, {
		for (k = 0; k < zn; k++) {
			add(&m, "IDAT", z + k, 1);
			add(&m, "IDAT", "", 0);
		}
		add(&m, "IEND", "", 0); });
	CASE("text, pHYs and tIME chunks", 1, {
		add(&m, "tEXt", "Title\0seven", 11);
		add(&m, "pHYs", "\0\0\13\22\0\0\13\22\1", 9);
		add(&m, "IDAT", z, zn);
		add(&m, "tIME", "\7\350\1\2\3\4\5", 7);
		add(&m, "IEND", "", 0); });
	CASE("a text chunk between IDATs", 0, {
		add(&m, "IDAT", z, 10);
		add(&m, "tEXt", "a\0b", 3);
		add(&m, "IDAT", z + 10, zn - 10);
		add(&m, "IEND", "", 0); });
	CASE("gAMA", 0, {
		add(&m, "gAMA", "\0\0\261\217", 4);
		add(&m, "IDAT", z, zn);
		add(&m, "IEND", "", 0); });
	CASE("tRNS", 0, {
		add(&m, "tRNS", "\0\45", 2);
		add(&m, "IDAT", z, zn);
		add(&m, "IEND", "", 0); });
	CASE("an unknown chunk", 0, {
		add(&m, "prIV", "abc", 3);
		add(&m, "IDAT", z, zn);
		add(&m, "IEND", "", 0); });
	CASE("no IEND", 0, { add(&m, "IDAT", z, zn); });
	CASE("no IDAT", 0, { add(&m, "IEND", "", 0); });
	CASE("bytes after IEND", 1, {
		add(&m, "IDAT", z, zn);
		add(&m, "IEND", "", 0);
		put(&m, "junk", 4); });
	CASE("a wrong Adler-32", 1, {
		z[zn - 1] ^= 1;
		add(&m, "IDAT", z, zn);
		add(&m, "IEND", "", 0);
		z[zn - 1] ^= 1; });
	CASE("a bad CRC", 0, {
		add(&m, "IDAT", z, zn);
		m.p[m.n - 1] ^= 1;
		add(&m, "IEND", "", 0); });
	CASE("a zlib block of the reserved type", 0, {
		unsigned char b2 = z[2];

		z[2] |= 6;
		add(&m, "IDAT", z, zn);
		add(&m, "IEND", "", 0);
		z[2] = b2; });
	for (i = 1; i < 60; i += 7) {
		snprintf(what, sizeof what, "cut %d bytes short", i);
		CASE(what, 0, {
			add(&m, "IDAT", z, zn);
			add(&m, "IEND", "", 0);
			m.n -= (size_t)i; });
	}
	free(z);
	z = stream(0, 1, &zn);
	CASE("a byte too many", 0, { add(&m, "IDAT", z, zn); add(&m, "IEND", "", 0); });
	free(z);
	z = stream(0, -1, &zn);
	CASE("a byte too few", 0, { add(&m, "IDAT", z, zn); add(&m, "IEND", "", 0); });
	free(z);
	z = stream(0, 0, &zn);
	/* The same stream under other headers. */
	headed("over the pixel cap", 1, 8000, 6000, 8, 0, 0, z, zn);
	headed("16 bits", 0, 8, 4, 16, 0, 0, z, zn);
	headed("interlaced", 0, 16, 4, 8, 0, 1, z, zn);
	headed("a palette", 0, 16, 4, 8, 3, 0, z, zn);
	free(z);

	for (i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		struct mem m = {0};
		size_t got;

		if (fp == NULL)
			dp_die(2, "%s: cannot open", argv[i]);
		buf = malloc(1 << 16);
		while ((got = fread(buf, 1, 1 << 16, fp)) > 0)
			put(&m, buf, got);
		fclose(fp);
		free(buf);
		/* a picture named .png is known by its bytes: a JPEG is not
		 * pngplain's */
		if (m.n >= 8 && memcmp(m.p, "\211PNG\r\n\032\n", 8) == 0)
			check(argv[i], m.p, m.n, -1);
		free(m.p);
	}
	printf("%d pictures, %d plain, %d differ\n", npic, nplain, ndiffer);
	return ndiffer != 0;
}
