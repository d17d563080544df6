/* SPDX-License-Identifier: ISC */
/*
 * cpu.h: which vector instructions the kernels may use (cpu.c).
 */
#ifndef DIGITPIPE_CPU_H
#define DIGITPIPE_CPU_H

enum cpu_isa { CPU_GENERIC, CPU_AVX2, CPU_AVX512 };

/*
 * The widest instruction set the kernels may pick: what the CPU has,
 * capped by the environment variable DIGITPIPE_KERNEL ("generic" or
 * "avx2"), which the tests use to compare kernels on one machine. A
 * kernel still checks the extensions it needs beyond avx512f. Every
 * kernel gives the same bits, so the cap changes only the speed.
 */
enum cpu_isa cpu_cap(void);
/* "generic", "avx2" or "avx512" */
const char *cpu_isa_name(enum cpu_isa isa);

#endif
