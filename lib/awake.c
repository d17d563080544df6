/* SPDX-License-Identifier: ISC */
/*
 * awake.c: keeps idle CPUs awake while requests come close together, so
 * that a request never waits for a sleeping CPU to wake up.
 * Uses: nothing of ours; pthreads, and the kernel's CPU latency QoS
 * (Linux's /dev/cpu_dma_latency).
 *
 * Why: a CPU with nothing to run halts. On a virtual machine a halted
 * CPU goes back to the host, and a request that wakes it waits until
 * the host runs it again: 5-8 ms on the machine the server was measured
 * on, once or twice a second at 2,000 requests a second (a scheduler
 * trace: DEVELOPERS.md, "Speed: lrserve's latency").
 *
 * How: while a process holds /dev/cpu_dma_latency open with a value of
 * 0 (microseconds a CPU may take to wake), the kernel's idle loop polls
 * instead of halting, and a CPU picks up a woken thread at once. It is
 * still the kernel's idle loop: the scheduler sees an idle CPU and
 * balances work onto it as ever. (A thread of our own spinning at
 * SCHED_IDLE on each CPU kept them awake too, with no privilege, but a
 * CPU whose work ran out ran the spinner instead of going idle, which
 * is when the kernel pulls over a thread waiting on a busier CPU; and
 * it helped less: DEVELOPERS.md.) A polling CPU burns power, so the
 * file is held only while requests come less than a gap apart: two
 * requests that close open it, and a gap without one closes it; a
 * server used a picture at a time never holds it. The file is root's
 * alone unless the system grants it: without it there is nothing to do.
 */
#define _GNU_SOURCE	/* pthread_setname_np */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "awake.h"

struct awake {
	long long gap;		/* ns */
	atomic_llong last;	/* when the last request came, ns */
	atomic_int held;	/* AWAKE_QOS is open (or given up) */
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* on the monotonic clock */
	int kick, stop;		/* under mu */
	pthread_t t;
};

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The file opened and 0 written to it (a 32-bit number); -1 if not. */
static int
qos_open(void)
{
	int32_t zero = 0;
	int fd = open(AWAKE_QOS, O_WRONLY | O_CLOEXEC);

	if (fd >= 0 && write(fd, &zero, sizeof zero) != (ssize_t)sizeof zero) {
		int e = errno;

		close(fd);
		errno = e;
		fd = -1;
	}
	return fd;
}

/* The thread that holds the file: opened when a kick comes, kept open
 * until the last request is a gap ago. */
static void *
holder(void *arg)
{
	struct awake *a = arg;

	(void)pthread_setname_np(pthread_self(), "awake");
	pthread_mutex_lock(&a->mu);
	for (;;) {
		int fd;

		while (!a->stop && !a->kick)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->stop)
			break;
		a->kick = 0;
		if ((fd = qos_open()) < 0) {
			/* taken away since the start: given up (held, for
			 * awake_note, stays 1 and nothing kicks again) */
			atomic_store(&a->held, 1);
			continue;
		}
		atomic_store(&a->held, 1);
		while (!a->stop) {
			long long l = atomic_load(&a->last), end = l + a->gap;
			struct timespec ts;

			if (now_ns() >= end)
				break;
			ts.tv_sec = end / 1000000000LL;
			ts.tv_nsec = end % 1000000000LL;
			pthread_cond_timedwait(&a->cv, &a->mu, &ts);
		}
		atomic_store(&a->held, 0);
		close(fd);
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

struct awake *
awake_start(unsigned gap_ms)
{
	struct awake *a;
	pthread_condattr_t ca;
	int fd;

	if (gap_ms == 0)
		return NULL;
	/* Whether the file can be had at all: once, at the start. */
	if ((fd = qos_open()) < 0)
		return NULL;
	close(fd);
	if ((a = calloc(1, sizeof *a)) == NULL)
		return NULL;
	a->gap = (long long)gap_ms * 1000000;
	/* the first request alone does not open it */
	atomic_init(&a->last, now_ns() - a->gap);
	atomic_init(&a->held, 0);
	pthread_mutex_init(&a->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&a->cv, &ca);
	pthread_condattr_destroy(&ca);
	if ((errno = pthread_create(&a->t, NULL, holder, a)) != 0) {
		pthread_cond_destroy(&a->cv);
		pthread_mutex_destroy(&a->mu);
		free(a);
		return NULL;
	}
	return a;
}

/*
 * A request came: when the one before came less than a gap ago and the
 * file is not held, the holder is woken. (The holder closing the file
 * just as a request comes may miss it: the next request wakes it.)
 */
void
awake_note(struct awake *a)
{
	long long t, prev;

	if (a == NULL)
		return;
	t = now_ns();
	prev = atomic_exchange(&a->last, t);
	if (t - prev < a->gap && !atomic_load(&a->held)) {
		pthread_mutex_lock(&a->mu);
		a->kick = 1;
		pthread_cond_signal(&a->cv);
		pthread_mutex_unlock(&a->mu);
	}
}

void
awake_stop(struct awake *a)
{
	if (a == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_signal(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->t, NULL);
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
	free(a);
}
