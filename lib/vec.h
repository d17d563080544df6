/* SPDX-License-Identifier: ISC */
/*
 * vec.h: 16-byte integer vectors (GCC/Clang vector extensions: SSE2 on
 * x86-64, NEON on ARM, plain code elsewhere) and the widening steps the
 * integer kernels share (deskew.c, pixsum.c).
 *
 * Widening is written as "convert the whole vector, then take halves":
 * GCC and Clang both turn that into one unpack instruction per half,
 * while "take a half, then convert it" was measured to cost five.
 */
#ifndef DIGITPIPE_VEC_H
#define DIGITPIPE_VEC_H

typedef unsigned char u8x16 __attribute__((vector_size(16)));
typedef unsigned short u16x8 __attribute__((vector_size(16)));
typedef unsigned short u16x16 __attribute__((vector_size(32)));
typedef unsigned int u32x4 __attribute__((vector_size(16)));
typedef unsigned int u32x8 __attribute__((vector_size(32)));

/* 16 bytes as two vectors of 16-bit lanes: bytes 0-7, then 8-15. */
static inline void
vec_widen8(u16x8 *lo, u16x8 *hi, u8x16 b)
{
	u16x16 w = __builtin_convertvector(b, u16x16);

	*lo = __builtin_shufflevector(w, w, 0, 1, 2, 3, 4, 5, 6, 7);
	*hi = __builtin_shufflevector(w, w, 8, 9, 10, 11, 12, 13, 14, 15);
}

/* 8 16-bit lanes as two vectors of 32-bit lanes: 0-3, then 4-7. */
static inline void
vec_widen16(u32x4 *lo, u32x4 *hi, u16x8 v)
{
	u32x8 w = __builtin_convertvector(v, u32x8);

	*lo = __builtin_shufflevector(w, w, 0, 1, 2, 3);
	*hi = __builtin_shufflevector(w, w, 4, 5, 6, 7);
}

/* Two vectors of values <= 255 as one of bytes. */
static inline u8x16
vec_narrow16(u16x8 lo, u16x8 hi)
{
	u16x16 w = __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7,
	    8, 9, 10, 11, 12, 13, 14, 15);

	return __builtin_convertvector(w, u8x16);
}

#endif
