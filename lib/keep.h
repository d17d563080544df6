/* SPDX-License-Identifier: ISC */
/*
 * keep.h: the file lrserve --keep appends corrected records to (keep.c).
 */
#ifndef DIGITPIPE_KEEP_H
#define DIGITPIPE_KEEP_H

#include <stddef.h>

/* Open path for appending, creating it (0644); one that exists must hold
 * whole records (DPR1 ..., a multiple of 1024 bytes). The descriptor, or
 * -1 with the reason in why. */
int	keep_open(const char *path, char *why, size_t whylen);
/* Append rec (1024 bytes) to fd unless the file would pass max bytes:
 * one write under a lock, a short one cut back off. 0 (*count: records
 * in the file now), 1 when full, -1 on an error (why). */
int	keep_append(int fd, unsigned long long max, const unsigned char *rec,
	    unsigned long long *count, char *why, size_t whylen);

#endif
