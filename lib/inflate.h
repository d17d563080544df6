/* SPDX-License-Identifier: ISC */
/*
 * inflate.h: a zlib stream held whole in memory, inflated into a buffer
 * of the size its data must have (inflate.c).
 */
#ifndef DIGITPIPE_INFLATE_H
#define DIGITPIPE_INFLATE_H

#include <stddef.h>

/*
 * Inflate the zlib stream (RFC 1950, deflate of RFC 1951) in[0..n) into
 * out[0..m). Returns 0 when the stream is well formed, its data is
 * exactly m bytes, and its 4 check bytes end in[] (their Adler-32 is not
 * compared: a PNG's chunk CRCs vouch for the bytes). Returns -1 for
 * anything else, and also for the few streams zlib takes that this
 * decoder leaves to it (a preset dictionary, incomplete codes other
 * than one code of one bit): a caller then hands the stream to zlib,
 * which takes it or says why not. out[] is then undefined.
 */
int	dp_inflate(const unsigned char *in, size_t n, unsigned char *out,
	    size_t m);

#endif
