/* SPDX-License-Identifier: ISC */
/*
 * sniff.h: what a file is, from its first bytes (sniff.c).
 */
#ifndef DIGITPIPE_SNIFF_H
#define DIGITPIPE_SNIFF_H

#include <stddef.h>

/* 1 if buf starts like a PNG or a JPEG file. */
int	sniff_png(const unsigned char *buf, size_t n);
int	sniff_jpeg(const unsigned char *buf, size_t n);
/* Best guess of what a file is, for messages ("a PNG picture", "a gzip
 * file", "an IDX file", ...), or NULL. */
const char *sniff(const unsigned char *buf, size_t n);

#endif
