/* SPDX-License-Identifier: ISC */
/*
 * sniff.c: what a file is, from its first bytes: the one place that knows
 * the magic numbers of the formats digitpipe reads or is given by mistake.
 * Uses: nothing of ours.
 */
#include <string.h>

#include "sniff.h"

int
sniff_png(const unsigned char *b, size_t n)
{
	return n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
}

int
sniff_jpeg(const unsigned char *b, size_t n)
{
	return n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}

const char *
sniff(const unsigned char *b, size_t n)
{
	if (sniff_png(b, n))
		return "a PNG picture";
	if (sniff_jpeg(b, n))
		return "a JPEG picture";
	if (n >= 2 && b[0] == 0x1F && b[1] == 0x8B)
		return "a gzip file";
	if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0x08 &&
	    (b[3] == 1 || b[3] == 3))
		return "an IDX file";
	if (n >= 6 && memcmp(b, "label,", 6) == 0)
		return "CSV text";
	if (n >= 15 && memcmp(b, "digitpipe-model", 15) == 0)
		return "a digitpipe model";
	if (n >= 2 && (memcmp(b, "P5", 2) == 0 || memcmp(b, "P2", 2) == 0))
		return "a PGM picture";
	if (n >= 4 && memcmp(b, "DPR", 3) == 0)
		return "a digitpipe record stream";
	if (n >= 4 && memcmp(b, "GIF8", 4) == 0)
		return "a GIF picture";
	return NULL;
}
