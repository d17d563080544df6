/* SPDX-License-Identifier: ISC */
/*
 * cpu.c: the run-time choice of vector instructions, in one place, for
 * the training kernels (kern.c), pixel sums (pixsum.c) and record hashes
 * (digest.c). Uses: nothing of ours.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu.h"

enum cpu_isa
cpu_cap(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	const char *e = getenv("DIGITPIPE_KERNEL");

	__builtin_cpu_init();
	if (e != NULL && strcmp(e, "generic") == 0)
		return CPU_GENERIC;
	if (__builtin_cpu_supports("avx512f") &&
	    !(e != NULL && strcmp(e, "avx2") == 0))
		return CPU_AVX512;
	if (__builtin_cpu_supports("avx2"))
		return CPU_AVX2;
#endif
	return CPU_GENERIC;
}

const char *
cpu_isa_name(enum cpu_isa isa)
{
	return isa == CPU_AVX512 ? "avx512" : isa == CPU_AVX2 ? "avx2" :
	    "generic";
}
