/* SPDX-License-Identifier: ISC */
/*
 * inflate.c: lib/inflate.c against zlib. zlib makes streams of many
 * kinds of data (runs, short patterns, rows of zeros with a few bytes
 * as PNG rows are under the Up filter, skewed bytes that need codes of
 * up to 15 bits, random bytes), 0 to 300,000 bytes, at every level and
 * strategy (default, filtered, Huffman only, RLE, fixed codes) and
 * window; dp_inflate must give zlib's bytes for each. Then each stream
 * is damaged (a bit flipped, a byte changed, cut short, a byte added) and
 * whenever dp_inflate takes a damaged stream, zlib must take it too
 * (inflating to its end, the check not compared, nothing left over) with
 * the same bytes. Prints "N streams, T taken, D damaged, K of them
 * taken, X differ"; status 1 if any differ or a whole stream is not
 * taken (tests/shortcut.bats).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "inflate.h"

static unsigned long long seed = 88172645463325252ULL;

static unsigned
rnd(unsigned n)		/* 0..n-1 (xorshift64) */
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed >> 33) % n;
}

static void
make(unsigned char *p, size_t n, int kind)
{
	size_t i = 0, k;
	unsigned period = 1 + rnd(15), w = 1 + rnd(1200);

	while (i < n) {
		switch (kind) {
		case 0:		/* runs */
			for (k = 1 + rnd(300), p[i] = (unsigned char)rnd(256);
			    ++i < n && --k > 0; )
				p[i] = p[i - 1];
			break;
		case 1:		/* a pattern of 1 to 15 bytes, now and then broken */
			p[i] = i < period || rnd(200) == 0 ?
			    (unsigned char)rnd(256) : p[i - period];
			i++;
			break;
		case 2:		/* rows of w bytes: zeros, a few bytes here and there */
			p[i] = i % w == 0 ? 2 : rnd(40) == 0 ? (unsigned char)rnd(256) : 0;
			i++;
			break;
		case 3:		/* skewed: byte b about twice as rare as b - 1 */
			for (k = 0; k < 255 && rnd(2) == 0; k++)
				;
			p[i++] = (unsigned char)k;
			break;
		default:	/* random */
			p[i++] = (unsigned char)rnd(256);
		}
	}
}

/* zlib's verdict on in[0..n) as dp_inflate is asked it: m bytes out,
 * the stream ending at the end of in. 0 and the bytes in out, or -1. */
static int
zlib_inflate(const unsigned char *in, size_t n, unsigned char *out, size_t m)
{
	z_stream z;
	int r;

	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return -1;
	(void)inflateValidate(&z, 0);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)m + 1;	/* room for a byte too many */
	r = inflate(&z, Z_FINISH);
	r = r == Z_STREAM_END && z.total_out == m && z.avail_in == 0 ? 0 : -1;
	inflateEnd(&z);
	return r;
}

int
main(void)
{
	static const int strategies[5] = { Z_DEFAULT_STRATEGY, Z_FILTERED,
	    Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED };
	size_t cap = 300000, zcap = 2 * cap + 4096;
	unsigned char *data = malloc(cap), *z = malloc(zcap), *a = malloc(cap + 1);
	unsigned char *b = malloc(cap + 1), *d = malloc(zcap);
	unsigned long nstreams = 0, taken = 0, damaged = 0, dtaken = 0, differ = 0;
	int t;

	if (data == NULL || z == NULL || a == NULL || b == NULL || d == NULL)
		return 2;
	for (t = 0; t < 300; t++) {
		int kind = t % 5, level = rnd(10), strategy = strategies[rnd(5)];
		int wbits = 9 + rnd(7), j;
		size_t n = t % 7 == 0 ? rnd(300) : rnd((unsigned)cap + 1), zn;
		z_stream s;

		make(data, n, kind);
		memset(&s, 0, sizeof s);
		if (deflateInit2(&s, level, Z_DEFLATED, wbits, 1 + rnd(9),
		    strategy) != Z_OK)
			return 2;
		s.next_in = data;
		s.avail_in = (uInt)n;
		s.next_out = z;
		s.avail_out = (uInt)zcap;
		if (deflate(&s, Z_FINISH) != Z_STREAM_END)
			return 2;
		zn = s.total_out;
		deflateEnd(&s);
		nstreams++;
		if (dp_inflate(z, zn, a, n) == 0 && memcmp(a, data, n) == 0)
			taken++;
		else
			printf("not taken: stream %d (kind %d, level %d, strategy %d, window %d, %zu bytes)\n",
			    t, kind, level, strategy, wbits, n);
		for (j = 0; j < 32; j++) {
			size_t dn = zn, at = rnd((unsigned)zn);
			int ok;

			memcpy(d, z, zn);
			switch (j % 4) {
			case 0: d[at] ^= (unsigned char)(1 << rnd(8)); break;
			case 1: d[at] = (unsigned char)rnd(256); break;
			case 2: dn = at; break;
			default: d[dn++] = (unsigned char)rnd(256);
			}
			damaged++;
			if (dp_inflate(d, dn, a, n) != 0)
				continue;
			dtaken++;
			ok = zlib_inflate(d, dn, b, n) == 0 && memcmp(a, b, n) == 0;
			if (!ok) {
				differ++;
				printf("differs: stream %d damaged %d (%zu bytes)\n", t, j, dn);
			}
		}
	}
	printf("%lu streams, %lu taken, %lu damaged, %lu of them taken, %lu differ\n",
	    nstreams, taken, damaged, dtaken, differ);
	free(data), free(z), free(a), free(b), free(d);
	return differ == 0 && taken == nstreams ? 0 : 1;
}
