/* SPDX-License-Identifier: ISC */
/*
 * fuzz_idx: libFuzzer harness for the IDX parser (idx_parse), as images
 * (3 dimensions) and as labels (1); gzip'ed inputs also go through
 * idx_read. Whatever the parser accepts must be readable to its last byte.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "idx.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Touch every byte the parser promised, so ASan sees any overreach. */
static void
check(const unsigned char *buf, size_t n, int ndim)
{
	struct idx x;
	unsigned long long i, sum = 0, bytes;

	if (idx_parse(buf, n, ndim, &x) != NULL)
		return;
	if (x.ndim != ndim || x.data == NULL)
		abort();
	bytes = x.count * x.itemsize;
	if (x.itemsize != 0 && bytes / x.itemsize != x.count)
		abort();	/* count * itemsize overflowed */
	if ((size_t)(x.data - buf) + bytes != n)
		abort();
	for (i = 0; i < bytes; i++)
		sum += x.data[i];
	if (sum == 1)		/* keep the loop */
		__asm__ volatile("" ::: "memory");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dp_warn_off = 1;
	check(data, size, 3);
	check(data, size, 1);
	/* idx_read reads a path: hand it the bytes through a memory file. */
	if (size >= 2 && data[0] == 0x1F && data[1] == 0x8B) {
		char path[64];
		const char *why;
		unsigned char *buf;
		size_t n;
		int mapped, fd = memfd_create("idx", 0);

		if (fd < 0)
			return 0;
		if (dp_write_all(fd, data, size) == 0) {
			snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
			/* 16 MB: a gzip bomb must be refused, not expanded. */
			if ((buf = idx_read(path, &n, 16 << 20, &mapped,
			    &why)) != NULL) {
				check(buf, n, 3);
				check(buf, n, 1);
				idx_free(buf, n, mapped);
			} else if (why == NULL || *why == '\0')
				abort();
		}
		close(fd);
	}
	return 0;
}
