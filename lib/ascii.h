/* SPDX-License-Identifier: ISC */
/*
 * ascii.h: a record as ASCII art (ascii.c).
 */
#ifndef DIGITPIPE_ASCII_H
#define DIGITPIPE_ASCII_H

#include <stddef.h>

#include "record.h"

/* ASCII art of a record: a caption line "# NAME (label L)", then 28 lines
 * of 56 characters (each pixel twice, " .:-=+*#%@" from background to
 * ink). Returns the length (NUL-terminated in buf, truncated to size). */
#define REC_ASCII_SIZE	2048
size_t	rec_ascii(const struct rec *r, char *buf, size_t size);

#endif
