/* SPDX-License-Identifier: ISC */
/*
 * record.h: the digitpipe record stream, the one header every tool shares.
 * See digitpipe-records(5) for the full description.
 *
 * A stream is a plain concatenation of fixed-size 1024-byte records; there
 * is no stream header, so cat, head -c, split -b and dd keep records whole.
 *
 *   offset  size  field
 *        0     4  magic and version: the bytes 'D' 'P' 'R' '1'
 *        4     1  label: 0..9, or 255 for "unknown"
 *        5   235  name: the source file (UTF-8), NUL-padded; empty if none
 *      240   784  pixels: 28x28, row-major, 0 = background, 255 = ink
 *
 * Writers emit whole records with write(2) calls of at most 4096 bytes
 * (PIPE_BUF on Linux), so several writers sharing one pipe never interleave
 * inside a record.
 */
#ifndef DIGITPIPE_RECORD_H
#define DIGITPIPE_RECORD_H

#define REC_SIZE	1024
#define REC_MAGIC	"DPR"		/* bytes 0..2 */
#define REC_VERSION	'1'		/* byte 3 */
#define REC_LABEL_OFF	4
#define REC_NAME_OFF	5
#define REC_NAME_LEN	235		/* name bytes, NUL-padded */
#define REC_PIX_OFF	240
#define REC_W		28
#define REC_H		28
#define REC_PIXELS	(REC_W * REC_H)
#define REC_UNKNOWN	255		/* label of a record whose class is unknown */
#define REC_PER_WRITE	4		/* records per write(2): 4 * 1024 = PIPE_BUF */

/* One record, unpacked. name is always NUL-terminated. */
struct rec {
	unsigned char label;
	char name[REC_NAME_LEN + 1];
	unsigned char pix[REC_PIXELS];
};

#endif
