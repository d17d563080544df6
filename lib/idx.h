/* SPDX-License-Identifier: ISC */
/*
 * idx.h: IDX files, LeCun's MNIST format (idx.c).
 */
#ifndef DIGITPIPE_IDX_H
#define DIGITPIPE_IDX_H

#include <stddef.h>
#include <stdint.h>

struct idx {
	int type;		/* 0x08: unsigned byte */
	int ndim;
	uint32_t dim[4];
	unsigned long long count;	/* dim[0] */
	size_t itemsize;	/* product of dim[1..] */
	const unsigned char *data;	/* past the header */
};
/* Validate an IDX file held in memory. ndim must be want_ndim.
 * Returns NULL, or a message saying why the file is refused. */
const char *idx_parse(const unsigned char *buf, size_t n, int want_ndim,
	    struct idx *x);
/* Read a whole IDX file ("-" is stdin), gunzipping it if it is gzip'ed;
 * a plain regular file is mapped (*mapped set). NULL and *why set on
 * failure. Give the buffer back with idx_free. */
unsigned char *idx_read(const char *path, size_t *n, size_t max,
	    int *mapped, const char **why);
void	idx_free(unsigned char *buf, size_t n, int mapped);

#endif
