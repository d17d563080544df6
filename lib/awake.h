/* SPDX-License-Identifier: ISC */
/*
 * awake.h: keeping idle CPUs awake while requests come close together
 * (awake.c says why and how).
 */
#ifndef DIGITPIPE_AWAKE_H
#define DIGITPIPE_AWAKE_H

/* The kernel's CPU latency QoS (Linux) */
#define AWAKE_QOS	"/dev/cpu_dma_latency"

struct awake;

/* A thread that keeps the CPUs awake while requests come less than
 * gap_ms apart; NULL, with errno set (EACCES: the kernel's CPU latency
 * QoS is not ours to ask), when there is nothing it can do or gap_ms
 * is 0. */
struct awake *awake_start(unsigned gap_ms);
/* A request came (on any thread; NULL does nothing). */
void	awake_note(struct awake *a);
void	awake_stop(struct awake *a);

#endif
