/* SPDX-License-Identifier: ISC */
/*
 * inflate.c: deflate (RFC 1951) in a zlib stream (RFC 1950), decoded
 * whole into a buffer of known size, for pngplain.c. zlib copies a match
 * a byte at a time, three to a turn of its loop; a browser's canvas is
 * nearly all matches (rows of zeros under the Up filter), and that loop
 * was a quarter of the page's canvas from file to record. Here a match
 * is a run of one byte (distance 1), copied 16 or 8 bytes at a time
 * (distances from 16, from 8), or its pattern doubled (2 to 7, and any
 * match too near the end of the buffer for whole chunks).
 * The decoder is strict: it takes what zlib takes, byte for byte, or
 * says no and leaves the stream to zlib. No is said for anything zlib
 * refuses (an unknown method or block type, stored lengths that
 * disagree, too many symbols, an over-subscribed or incomplete code, a
 * repeat with nothing before it or running past the lengths, no
 * end-of-block code, symbols 286, 287, 30 and 31, a distance past the
 * start, a stream that ends early) and for the forms this leaves to zlib
 * (a preset dictionary). Incomplete codes are refused as zlib refuses
 * them, except one code of one bit, which zlib takes (and a distance code
 * with no code at all, for a block of literals).
 * tests/prog/inflate.c compares it with zlib on made and damaged
 * streams; tests/prog/pngplain.c and fuzz_picture compare the pictures.
 * Uses: nothing of ours.
 */
#include <stdint.h>
#include <string.h>

#include "inflate.h"

#define FAST	10	/* bits looked up at once; longer codes bit by bit */
#define NSYM	288	/* symbols of the largest code (fixed literal/length) */

/* A canonical Huffman code: count of codes of each length, symbols in
 * code order, and a table of the first FAST bits (read low bit first):
 * (symbol << 4) | length, 0 for a longer code or none. */
struct huff {
	uint16_t count[16];
	uint16_t sym[NSYM];
	uint16_t fast[1 << FAST];
};

/* The bits not yet used: buf holds cnt of them, low bit first. Past the
 * end zeros come in, counted in over (a stream that needs them is cut). */
struct bits {
	const unsigned char *in, *end;
	uint64_t buf;
	unsigned cnt, over;
};

static const uint16_t lbase[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15,
    17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
    227, 258 };
static const unsigned char lext[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
    1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t dbase[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33,
    49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
    6145, 8193, 12289, 16385, 24577 };
static const unsigned char dext[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4,
    4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* At least 57 bits in buf: enough for a length and a distance, codes
 * and extra bits (15 + 5 + 15 + 13). With 8 bytes to read, as many
 * whole bytes as fit are taken in one load (what lies above cnt is then
 * the stream's next bits, ORed in again alike next time). */
static void
refill(struct bits *b)
{
	if (b->end - b->in >= 8) {
		const unsigned char *p = b->in;
		uint64_t w = (uint64_t)p[0] | (uint64_t)p[1] << 8 |
		    (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
		    (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
		    (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;

		b->buf |= w << b->cnt;
		b->in += (63 - b->cnt) >> 3;
		b->cnt |= 56;
		return;
	}
	while (b->cnt <= 56) {
		if (b->in < b->end)
			b->buf |= (uint64_t)*b->in++ << b->cnt;
		else
			b->over++;
		b->cnt += 8;
	}
}

static unsigned
getbits(struct bits *b, unsigned n)
{
	unsigned v = (unsigned)(b->buf & ((1ULL << n) - 1));

	b->buf >>= n;
	b->cnt -= n;
	return v;
}

/* To the next byte boundary, the whole bytes left in buf given back:
 * 0, or -1 if the stream needed bytes past its end. */
static int
unread(struct bits *b)
{
	unsigned k;

	getbits(b, b->cnt & 7);
	k = b->cnt / 8;
	if (k < b->over)
		return -1;
	b->in -= k - b->over;
	b->buf = 0;
	b->cnt = b->over = 0;
	return 0;
}

/*
 * The code of lengths len[0..n): 0, or -1 if it is over-subscribed, or
 * incomplete and not one code of one bit (nor, when none is 1, no code
 * at all).
 */
static int
build(struct huff *h, const unsigned char *len, int n, int none)
{
	uint16_t off[16];
	int i, l, left = 1, k, codes = 0;
	unsigned code;

	memset(h->count, 0, sizeof h->count);
	for (i = 0; i < n; i++)
		h->count[len[i]]++;
	h->count[0] = 0;
	for (l = 1; l < 16; l++) {
		left = 2 * left - h->count[l];
		if (left < 0)
			return -1;
		codes += h->count[l];
	}
	if (left > 0 && !(codes == 1 && h->count[1] == 1) &&
	    !(codes == 0 && none))
		return -1;
	for (off[1] = 0, l = 1; l < 15; l++)
		off[l + 1] = (uint16_t)(off[l] + h->count[l]);
	for (i = 0; i < n; i++)
		if (len[i] != 0)
			h->sym[off[len[i]]++] = (uint16_t)i;
	/* Codes of each length count up from the last one's, doubled
	 * (canonical); the table is indexed by the code's bits reversed,
	 * as they come, every entry whose low l bits are the code. */
	memset(h->fast, 0, sizeof h->fast);
	for (l = 1, k = 0, code = 0; l <= FAST; l++, code <<= 1)
		for (i = 0; i < h->count[l]; i++, k++, code++) {
			unsigned r = code, j;

			/* r: code's l bits reversed (halves, quarters, ...) */
			r = (r & 0x5555) << 1 | (r >> 1 & 0x5555);
			r = (r & 0x3333) << 2 | (r >> 2 & 0x3333);
			r = (r & 0x0f0f) << 4 | (r >> 4 & 0x0f0f);
			r = ((r & 0x00ff) << 8 | (r >> 8 & 0x00ff)) >> (16 - l);
			for (j = r; j < 1u << FAST; j += 1u << l)
				h->fast[j] = (uint16_t)(h->sym[k] << 4 | l);
		}
	return 0;
}

/* A code longer than FAST bits (or none): a bit at a time, as the
 * count of each length says where its codes start (RFC 1951, 3.2.2). */
static int __attribute__((noinline))
decode_slow(uint64_t buf, const struct huff *h, unsigned *len)
{
	int code = 0, first = 0, index = 0, l;

	for (l = 1; l < 16; l++) {
		code |= (int)(buf & 1);
		buf >>= 1;
		if (code - first < h->count[l]) {
			*len = (unsigned)l;
			return h->sym[index + code - first];
		}
		index += h->count[l];
		first = (first + h->count[l]) << 1;
		code <<= 1;
	}
	return -1;
}

/* The next symbol: -1 if the bits are no code. */
static inline int
decode(struct bits *b, const struct huff *h)
{
	unsigned e = h->fast[b->buf & ((1u << FAST) - 1)], l;
	int s;

	if (e != 0) {
		getbits(b, e & 15);
		return (int)(e >> 4);
	}
	if ((s = decode_slow(b->buf, h, &l)) >= 0)
		getbits(b, l);
	return s;
}

/* len bytes from dist back (dist <= what is out, len <= room). */
static void
copy(unsigned char *op, size_t dist, size_t len, const unsigned char *oend)
{
	const unsigned char *src = op - dist;
	size_t i, done;

	if (dist >= 16 && (size_t)(oend - op) >= len + 16)
		for (i = 0; i < len; i += 16)	/* up to 15 bytes past: room */
			memcpy(op + i, src + i, 16);
	else if (dist >= 8 && (size_t)(oend - op) >= len + 8)
		for (i = 0; i < len; i += 8)
			memcpy(op + i, src + i, 8);
	else if (dist == 1)
		memset(op, src[0], len);
	else {
		/* The pattern of dist bytes, then what is out doubled: each
		 * copy starts on a multiple of dist, at the pattern's start. */
		done = dist < len ? dist : len;
		for (i = 0; i < done; i++)
			op[i] = src[i];
		while (done < len) {
			size_t k = done < len - done ? done : len - done;

			memcpy(op + done, op, k);
			done += k;
		}
	}
}

/* A block's symbols until its end: 0, or -1. The bits are a copy of
 * the caller's, kept in registers: bytes written through op could be
 * anything as far as the compiler knows, and would reload them. */
static int
codes(struct bits *pb, const struct huff *lit, const struct huff *dist,
    unsigned char **pop, unsigned char *out, const unsigned char *oend)
{
	unsigned char *op = *pop;
	struct bits bb = *pb, *b = &bb;

	for (;;) {
		size_t len, d;
		int s;

		refill(b);
		if (b->over > 8)
			return -1;
		if ((s = decode(b, lit)) < 256) {
			if (s < 0 || op == oend)
				return -1;
			*op++ = (unsigned char)s;
			continue;
		}
		if (s == 256)
			break;
		if ((s -= 257) >= 29)
			return -1;
		len = lbase[s] + getbits(b, lext[s]);
		if ((s = decode(b, dist)) < 0 || s >= 30)
			return -1;
		d = dbase[s] + getbits(b, dext[s]);
		if (d > (size_t)(op - out) || len > (size_t)(oend - op))
			return -1;
		copy(op, d, len, oend);
		op += len;
	}
	*pop = op;
	*pb = bb;
	return 0;
}

/* A dynamic block's two codes (RFC 1951, 3.2.7): 0, or -1. */
static int
dynamic(struct bits *b, struct huff *lit, struct huff *dist)
{
	static const unsigned char order[19] = { 16, 17, 18, 0, 8, 7, 9, 6,
	    10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	unsigned char len[286 + 30];
	unsigned nlen, ndist, ncode, i, rep;
	int s;

	refill(b);
	nlen = getbits(b, 5) + 257;
	ndist = getbits(b, 5) + 1;
	ncode = getbits(b, 4) + 4;
	if (nlen > 286 || ndist > 30)
		return -1;
	memset(len, 0, 19);
	for (i = 0; i < ncode; i++) {
		refill(b);
		len[order[i]] = (unsigned char)getbits(b, 3);
	}
	if (build(lit, len, 19, 0) != 0)	/* the code of the lengths */
		return -1;
	/* Both codes' lengths in one run: a repeat may cross from one to
	 * the other. */
	for (i = 0; i < nlen + ndist; ) {
		unsigned char v = 0;

		refill(b);
		if (b->over > 8 || (s = decode(b, lit)) < 0)
			return -1;
		if (s < 16) {
			len[i++] = (unsigned char)s;
			continue;
		}
		if (s == 16) {
			if (i == 0)
				return -1;
			v = len[i - 1];
			rep = 3 + getbits(b, 2);
		} else if (s == 17)
			rep = 3 + getbits(b, 3);
		else
			rep = 11 + getbits(b, 7);
		if (rep > nlen + ndist - i)
			return -1;
		while (rep-- > 0)
			len[i++] = v;
	}
	if (len[256] == 0)	/* no end-of-block */
		return -1;
	return build(lit, len, (int)nlen, 0) != 0 ||
	    build(dist, len + nlen, (int)ndist, 1) != 0 ? -1 : 0;
}

int
dp_inflate(const unsigned char *in, size_t n, unsigned char *out, size_t m)
{
	struct huff lit, dist;
	struct bits b;
	unsigned char *op = out, len[NSYM];
	const unsigned char *oend = out + m;
	unsigned final, type, k, nlen;
	int i;

	/* The header: deflate, a window up to 32 KiB, its check, and no
	 * preset dictionary (left to zlib). */
	if (n < 2 || (in[0] & 15) != 8 || in[0] >> 4 > 7 || (in[1] & 0x20) ||
	    ((unsigned)in[0] << 8 | in[1]) % 31 != 0)
		return -1;
	b.in = in + 2;
	b.end = in + n;
	b.buf = 0;
	b.cnt = b.over = 0;
	do {
		refill(&b);
		final = getbits(&b, 1);
		type = getbits(&b, 2);
		if (type == 0) {	/* stored: LEN, its complement, bytes */
			if (unread(&b) != 0 || b.end - b.in < 4)
				return -1;
			k = (unsigned)b.in[0] | (unsigned)b.in[1] << 8;
			nlen = (unsigned)b.in[2] | (unsigned)b.in[3] << 8;
			b.in += 4;
			if (k != (~nlen & 0xffff) || (size_t)(b.end - b.in) < k ||
			    (size_t)(oend - op) < k)
				return -1;
			memcpy(op, b.in, k);
			op += k;
			b.in += k;
			continue;
		}
		if (type == 1) {	/* the fixed codes (3.2.6) */
			for (i = 0; i < NSYM; i++)
				len[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
			if (build(&lit, len, NSYM, 0) != 0)
				return -1;
			memset(len, 5, 32);
			if (build(&dist, len, 32, 0) != 0)
				return -1;
		} else if (type != 2 || dynamic(&b, &lit, &dist) != 0)
			return -1;
		if (codes(&b, &lit, &dist, &op, out, oend) != 0)
			return -1;
	} while (!final);
	/* All of the data, then the check's 4 bytes, and nothing after. */
	if (op != oend || unread(&b) != 0)
		return -1;
	return b.end - b.in == 4 ? 0 : -1;
}
