/* SPDX-License-Identifier: ISC */
/*
 * fuzz_inflate: libFuzzer harness for inflate.c (dp_inflate), which
 * inflates a plain PNG's rows in place of zlib.
 *
 * An input is 3 bytes, the size the data must have (big-endian, at most
 * 1 MiB: the bits above are dropped), then a zlib stream. Whatever
 * dp_inflate takes, zlib must take as pngplain.c would have asked it
 * (inflated to the stream's end, the check not compared, not a byte of
 * input left over, exactly that size out) and give the same bytes; what
 * dp_inflate declines is left to zlib, so it may decline anything.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "inflate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *out, *ref;
	size_t m;
	z_stream z;
	int r;

	if (size < 3)
		return 0;
	m = ((size_t)data[0] << 16 | (size_t)data[1] << 8 | data[2]) & 0xfffff;
	out = malloc(m + 1);
	ref = malloc(m + 1);
	if (out == NULL || ref == NULL)
		abort();
	if (dp_inflate(data + 3, size - 3, out, m) == 0) {
		memset(&z, 0, sizeof z);
		if (inflateInit(&z) != Z_OK)
			abort();
		(void)inflateValidate(&z, 0);
		z.next_in = (unsigned char *)(data + 3);
		z.avail_in = (uInt)(size - 3);
		z.next_out = ref;
		z.avail_out = (uInt)m + 1;
		r = inflate(&z, Z_FINISH);
		if (r != Z_STREAM_END || z.total_out != m || z.avail_in != 0 ||
		    memcmp(out, ref, m) != 0)
			abort();	/* taken here, refused or read otherwise by zlib */
		inflateEnd(&z);
	}
	free(out);
	free(ref);
	return 0;
}
