/* SPDX-License-Identifier: ISC */
/*
 * awake.h: keeping the CPUs awake while requests come close together
 * (awake.c says why).
 */
#ifndef DIGITPIPE_AWAKE_H
#define DIGITPIPE_AWAKE_H

struct awake;

/* One thread a CPU, spinning at the lowest priority while requests come
 * less than gap_ms apart; NULL (nothing to do) for a gap of 0 or when
 * the threads cannot be had. */
struct awake *awake_start(unsigned gap_ms);
/* A request came (on any thread; NULL does nothing). */
void	awake_note(struct awake *a);
void	awake_stop(struct awake *a);

#endif
