/* SPDX-License-Identifier: ISC */
/*
 * record.h: the digitpipe record stream, the one header every tool shares.
 * See digitpipe-records(5) for the full description.
 *
 * A stream is a plain concatenation of fixed-size 1024-byte records; there
 * is no stream header, so cat, head -c, split -b and dd keep records whole.
 *
 *   offset  size  field
 *        0     4  magic and version: the bytes 'D' 'P' 'R' '1' (or '2')
 *        4     1  label: 0..9, or 255 for "unknown"
 *        5   235  name: the source file (UTF-8), NUL-padded; empty if none
 *      240   784  pixels: 28x28, row-major, 0 = background, 255 = ink
 *
 * Version '2' is written only for a record that is one digit of a picture
 * holding several (imgnorm --segment); its name is 215 bytes, and bytes
 * 220..239 say which digit it is and where it was found (little-endian):
 *      220     2  k: this is digit k (1-based) ...
 *      222     2  n: ... of the n digits of the picture, 1 <= k <= n
 *      224    16  box: x, y, width, height in the picture's pixels (4 x u32)
 * Every reader takes both versions; a '1' record has k = n = 0 (no box).
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
#define REC_VERSION2	'2'		/* byte 3 of a record with a digit box */
#define REC_LABEL_OFF	4
#define REC_NAME_OFF	5
#define REC_NAME_LEN	235		/* name bytes, NUL-padded */
#define REC_NAME2_LEN	215		/* name bytes of a '2' record */
#define REC_SEG_OFF	220		/* k, n, box of a '2' record */
#define REC_PIX_OFF	240
#define REC_W		28
#define REC_H		28
#define REC_PIXELS	(REC_W * REC_H)
#define REC_UNKNOWN	255		/* label of a record whose class is unknown */
#define REC_PER_WRITE	4		/* records per write(2): 4 * 1024 = PIPE_BUF */

/* One record, unpacked. name is always NUL-terminated. seg_n == 0: not
 * one digit of several (written as '1'); else digit seg_k of seg_n, found
 * at box = {x, y, w, h} (written as '2'). */
struct rec {
	unsigned char label;
	char name[REC_NAME_LEN + 1];
	unsigned char pix[REC_PIXELS];
	unsigned short seg_k, seg_n;
	unsigned int box[4];
};

/* Is b (4 bytes at least) the start of a record of a known version? */
#define REC_IS_MAGIC(b)	((b)[0] == 'D' && (b)[1] == 'P' && (b)[2] == 'R' && \
	((b)[3] == REC_VERSION || (b)[3] == REC_VERSION2))

#endif
