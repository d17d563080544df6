/* SPDX-License-Identifier: ISC */
/*
 * pngplain.c: the PNGs most pictures are, decoded without libpng.
 * A plain PNG has 8 bits a sample, is not interlaced, is grey, grey +
 * alpha, RGB or RGBA, and has no chunk that asks for a palette, a colour
 * correction or a transparent colour: a browser's canvas, a scanner's or
 * a drawing program's file, imgnorm's own pictures. The rows are
 * inflated (all at once up to 4 MiB, by inflate.c or, when it declines
 * the stream, by zlib; else by zlib 64 KiB at a time), unfiltered
 * in place and turned to grey (and alpha) by pngrow.c. libpng does that
 * work a byte at a time through its row machinery: its filters and the
 * colour pass were half the instructions of a page's canvas from file
 * to record.
 *
 * The bytes out are libpng's (pngio.c's) for every plain PNG:
 * grey from colour is (6969 R + 23433 G + 2366 B) >> 15, the weights
 * png_set_rgb_to_gray_fixed(1, 21268, 71514) gives libpng, in its integer
 * arithmetic (the weights sum to 32768, so R = G = B gives R, as libpng's
 * shortcut does); tests/prog/pngplain.c, tests/prog/pngrgb.c and
 * fuzz_picture compare the two.
 * Anything else, and anything not well formed (a bad CRC, a chunk out of
 * place or unknown, a zlib stream that ends early, late or wrongly), is
 * left to libpng: every error message stays libpng's. Only the pixel cap
 * and "out of memory" are said here, as pngio.c would say them.
 * Memory: the picture's grey (and alpha), as pngio.c, and the rows as
 * inflated: at most 4 MiB, or a block of 64 KiB (or one row); for
 * inflate.c, the IDATs' data side by side when there are several.
 * Uses: img.h, inflate.h, pngplain.h, pngrow.h, util.h, zlib.
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "img.h"
#include "inflate.h"
#include "pngplain.h"
#include "pngrow.h"
#include "util.h"

/*
 * The rows, all of them at once, by dp_inflate (inflate.c), the stream
 * being the IDATs' data side by side: 1 if it took the stream, 0 if it
 * is left to zlib (which then inflates it from the start, and takes it
 * or says why not), -1 when out of memory.
 */
static int
rows_whole(const unsigned char *idat, const unsigned char *end,
    unsigned char *raw, size_t n)
{
	const unsigned char *p;
	unsigned char *z;
	size_t len = 0, k = 0;
	int r;

	for (p = idat; end - p >= 12 && memcmp(p + 4, "IDAT", 4) == 0;
	    p += 12 + dp_be32(p), k++)
		len += dp_be32(p);
	if (k == 1)
		return dp_inflate(idat + 8, len, raw, n) == 0;
	if ((z = malloc(len ? len : 1)) == NULL)
		return -1;
	for (p = idat, len = 0; end - p >= 12 && memcmp(p + 4, "IDAT", 4) == 0;
	    p += 12 + dp_be32(p)) {
		memcpy(z + len, p + 8, dp_be32(p));
		len += dp_be32(p);
	}
	r = dp_inflate(z, len, raw, n) == 0;
	free(z);
	return r;
}

/* Chunks that change no pixel libpng gives us (text, resolution, time):
 * a plain PNG may carry them anywhere between IHDR and IEND. Any other
 * chunk sends the file to libpng. */
static int
harmless(const unsigned char *t)
{
	static const char ok[][4] = { "tEXt", "zTXt", "iTXt", "pHYs", "tIME" };
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (memcmp(t, ok[i], 4) == 0)
			return 1;
	return 0;
}

/* The chunk at p (within buf + n): its data length, or -1 when it runs
 * past the end, claims over 2^31 - 1 bytes or fails its CRC. */
static long
chunk(const unsigned char *p, const unsigned char *end)
{
	unsigned long len;

	if (end - p < 12)
		return -1;
	len = dp_be32(p);
	if (len > 0x7fffffffUL || (unsigned long)(end - p - 12) < len)
		return -1;
	if (crc32(crc32(0L, Z_NULL, 0), p + 4, (uInt)len + 4) !=
	    dp_be32(p + 8 + len))
		return -1;
	return (long)len;
}

/* The zlib stream of the IDAT chunks, handed out a block at a time. */
struct idat {
	z_stream z;
	const unsigned char *next, *end;	/* the next IDAT chunk */
	int ended;
};

/* The next IDAT's data as zlib's input: 0, or -1 past the last one. */
static int
next_idat(struct idat *d)
{
	unsigned long len;

	if (d->end - d->next < 12 || memcmp(d->next + 4, "IDAT", 4) != 0)
		return -1;
	len = dp_be32(d->next);
	d->z.next_in = (unsigned char *)d->next + 8;
	d->z.avail_in = (uInt)len;
	d->next += 12 + len;
	return 0;
}

/* Inflate exactly n bytes into out: 0, or -1 if the stream ends or
 * fails first. last: these are the picture's last bytes; from the last
 * IDAT on, zlib is then told so (Z_FINISH), which spares it the copy of
 * its output into its window. */
static int
inflate_n(struct idat *d, unsigned char *out, size_t n, int last)
{
	d->z.next_out = out;
	d->z.avail_out = (uInt)n;
	while (d->z.avail_out > 0) {
		int r;

		if (d->ended)
			return -1;
		if (d->z.avail_in == 0) {
			if (next_idat(d) != 0)
				return -1;
			continue;
		}
		/* Both sides have room: zlib moves on or says why not. */
		r = inflate(&d->z, last && (d->end - d->next < 12 ||
		    memcmp(d->next + 4, "IDAT", 4) != 0) ? Z_FINISH :
		    Z_NO_FLUSH);
		if (r == Z_STREAM_END)
			d->ended = 1;
		else if (r != Z_OK)
			return -1;
	}
	return 0;
}

/* The stream ends right after the picture: not a byte more, and nothing
 * but empty IDATs after it (libpng would warn of the rest; such a file is
 * left to it). */
static int
ends_here(struct idat *d)
{
	unsigned char extra;

	while (!d->ended) {
		int r;

		if (d->z.avail_in == 0) {
			if (next_idat(d) != 0)
				return -1;
			continue;
		}
		d->z.next_out = &extra;
		d->z.avail_out = 1;
		r = inflate(&d->z, Z_NO_FLUSH);
		if (d->z.avail_out == 0)
			return -1;
		if (r == Z_STREAM_END)
			d->ended = 1;
		else if (r != Z_OK)
			return -1;
	}
	if (d->z.avail_in != 0)
		return -1;
	while (d->end - d->next >= 12 && memcmp(d->next + 4, "IDAT", 4) == 0) {
		if (dp_be32(d->next) != 0)
			return -1;
		d->next += 12;
	}
	return 0;
}

int
png_plain_decode(const unsigned char *buf, size_t n,
    unsigned long long maxpix, struct img *im, char *why, size_t wl)
{
	static const int chans[7] = { 1, 0, 3, 0, 2, 0, 4 };
	const unsigned char *end = buf + n, *p, *ihdr, *idat = NULL;
	unsigned char *raw = NULL, *up = NULL, *grey = NULL, *alpha = NULL;
	unsigned long w, h;
	struct idat d;
	size_t rb, stride, k, m, y, j, x;
	unsigned op = 255;
	long len;
	int ch, r, last_idat = 0, cmf = -1, whole = 0;

	memset(im, 0, sizeof *im);
	/* The signature, then IHDR. */
	if (n < 8 + 25 || memcmp(buf, "\211PNG\r\n\032\n", 8) != 0 ||
	    memcmp(buf + 12, "IHDR", 4) != 0 ||
	    chunk(buf + 8, end) != 13)
		return PNG_NOT_PLAIN;
	ihdr = buf + 16;
	w = dp_be32(ihdr);
	h = dp_be32(ihdr + 4);
	if (w == 0 || h == 0 || w > 0x7fffffffUL || h > 0x7fffffffUL ||
	    ihdr[8] != 8 || ihdr[9] > 6 || chans[ihdr[9]] == 0 ||
	    ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] != 0)
		return PNG_NOT_PLAIN;
	ch = chans[ihdr[9]];
	/* Every chunk whole and sound: harmless ones, one run of IDATs,
	 * then IEND. The pixel cap is checked where libpng's reading would
	 * check it, at the first IDAT. */
	for (p = buf + 33;; p += 12 + len) {
		if ((len = chunk(p, end)) < 0)
			return PNG_NOT_PLAIN;
		if (memcmp(p + 4, "IDAT", 4) == 0) {
			if (idat == NULL) {
				idat = p;
				if ((r = img_check_size(w, h, maxpix, why, wl)) != 0)
					return r;
			} else if (!last_idat)
				return PNG_NOT_PLAIN;
			if (cmf < 0 && len > 0)
				cmf = p[8];
			last_idat = 1;
			continue;
		}
		last_idat = 0;
		if (memcmp(p + 4, "IEND", 4) == 0) {
			if (len != 0 || idat == NULL)
				return PNG_NOT_PLAIN;
			break;
		} else if (!harmless(p + 4))
			return PNG_NOT_PLAIN;
	}
	/* Rows are inflated all at once up to 4 MiB (a 1000 x 1000 RGBA
	 * picture), else a block of 64 KiB or one row at a time: zlib's
	 * fast loop needs 258 bytes of room, so a row at a time ran its
	 * slow loop for most of a 280-pixel grey row, and every call but
	 * the one that ends the stream copies what it gave into zlib's
	 * window (a fifth of an RGBA canvas's inflating). */
	rb = (size_t)w * ch;
	stride = rb + 1;		/* the filter byte, then the row */
	if (stride > 0xffffffffUL)	/* zlib counts in 32 bits */
		return PNG_NOT_PLAIN;
	k = h * stride <= 4u << 20 ? h : 65536 / stride > 1 ? 65536 / stride : 1;
	/*
	 * libpng inflates with the window the stream's header asks for
	 * (CINFO: 2^(CINFO + 8) bytes), a row at a time, so a match
	 * reaching farther back than that is an error there, and not here
	 * (the output is one buffer). Such a stream is left to libpng
	 * unless its window is the largest (no match can reach farther) or
	 * holds every byte of the rows (libpng's writer shrinks the window
	 * of a small picture so).
	 */
	if (cmf < 0 || ((cmf >> 4) < 7 && (size_t)256 << (cmf >> 4) < h * stride))
		return PNG_NOT_PLAIN;
	memset(&d, 0, sizeof d);	/* inflateEnd takes it so */
	d.next = idat;
	d.end = end;
	grey = malloc((size_t)w * h);
	alpha = ch == 2 || ch == 4 ? malloc((size_t)w * h) : NULL;
	raw = malloc(k * stride);
	up = calloc(1, rb);
	if (grey == NULL || raw == NULL || up == NULL ||
	    ((ch == 2 || ch == 4) && alpha == NULL)) {
		r = dp_fail(why, wl, "out of memory");
		goto out;
	}
	/* All the rows at once by inflate.c; else, or when it leaves the
	 * stream to zlib, by zlib. */
	if (k == h && (whole = rows_whole(idat, end, raw, h * stride)) < 0) {
		r = dp_fail(why, wl, "out of memory");
		goto out;
	}
	r = PNG_NOT_PLAIN;
	if (!whole && inflateInit(&d.z) != Z_OK)
		goto out;
#if ZLIB_VERNUM >= 0x1290
	/* Each chunk's CRC-32 already vouches for the compressed bytes, as
	 * pngio.c tells libpng (PNG_IGNORE_ADLER32). */
	if (!whole)
		(void)inflateValidate(&d.z, 0);
#endif
	for (y = 0; y < h; y += m) {
		m = h - y < k ? h - y : k;
		if (!whole && inflate_n(&d, raw, m * stride, y + m == h) != 0)
			goto out;
		for (j = 0; j < m; j++) {
			unsigned char *cur = raw + j * stride + 1;
			unsigned char *g = grey + (y + j) * w;
			unsigned char *a = alpha != NULL ? alpha + (y + j) * w : NULL;

			/* 8 rows unfiltered, then taken while still in
			 * the cache */
			if (j % 8 == 0 && png_unfilter_rows(cur, j ? cur -
			    stride : up, rb, (size_t)ch, stride, m - j < 8 ?
			    m - j : 8) != 0)
				goto out;
			if (ch == 1)
				memcpy(g, cur, w);
			else if (ch == 2)
				for (x = 0; x < w; x++) {
					g[x] = cur[2 * x];
					op &= a[x] = cur[2 * x + 1];
				}
			else
				op &= png_grey_row(cur, g, a, w, ch);
		}
		/* the block's last row is the next one's row above */
		memcpy(up, raw + (m - 1) * stride + 1, rb);
	}
	if (!whole && ends_here(&d) != 0)
		goto out;
	im->w = (int)w;
	im->h = (int)h;
	im->grey = grey;
	/* An alpha opaque everywhere is no alpha (on white it is the grey). */
	if (op == 255) {
		free(alpha);
		alpha = NULL;
	}
	im->alpha = alpha;
	grey = alpha = NULL;
	r = 0;
out:
	inflateEnd(&d.z);
	free(grey);
	free(alpha);
	free(raw);
	free(up);
	return r;
}
