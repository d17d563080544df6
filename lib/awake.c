/* SPDX-License-Identifier: ISC */
/*
 * awake.c: keeps the CPUs awake while requests come close together, so
 * that a request never waits for a sleeping CPU to wake up.
 * Uses: nothing of ours; pthreads, and Linux's SCHED_IDLE and CPU
 * affinity (elsewhere it does nothing).
 *
 * Why: a CPU with nothing to run halts. On a virtual machine a halted
 * CPU goes back to the host, and a request that wakes it waits until
 * the host runs it again: 5-8 ms on the machine the server was measured
 * on, once or twice a second at 2,000 requests a second, when a request
 * takes 0.3 ms (a scheduler trace: DEVELOPERS.md, "Speed: lrserve's
 * latency"). So while requests come less than a gap apart, one thread
 * on each CPU spins. It runs at SCHED_IDLE, the lowest priority there
 * is: the kernel runs it only when nothing else wants the CPU and
 * preempts it the moment something does, so it takes no time from the
 * server or from anything else on the machine; it only keeps the CPU
 * from halting. Once no request has come for a gap it sleeps, so an
 * idle server, or one a person uses a picture at a time, spins never.
 * The loop has no PAUSE instruction: a hypervisor may take a run of
 * them for a lock's spinning and hand the CPU to someone else.
 */
#define _GNU_SOURCE	/* SCHED_IDLE, CPU sets, thread names (Linux) */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "awake.h"

#define MAX_CPUS	64

struct awake {
	long long gap;		/* ns */
	atomic_llong last;	/* when the last request came, ns */
	atomic_int stop;
	atomic_int asleep;	/* threads waiting on wake */
	pthread_mutex_t mu;
	pthread_cond_t wake;
	unsigned gen;		/* bumped to wake them (under mu) */
	int n;
	int cpu[MAX_CPUS];
	pthread_t t[MAX_CPUS];
};

struct spinner {
	struct awake *a;
	int cpu;
};

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *
spin(void *arg)
{
	struct spinner s = *(struct spinner *)arg;
	struct awake *a = s.a;
	struct sched_param sp;

	free(arg);
	(void)pthread_setname_np(pthread_self(), "awake");
	memset(&sp, 0, sizeof sp);
	/* Spinning at any other priority would take time from others: if
	 * SCHED_IDLE is refused, this thread does nothing. */
	if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp) != 0)
		return NULL;
	{
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(s.cpu, &set);
		(void)pthread_setaffinity_np(pthread_self(), sizeof set, &set);
	}
	for (;;) {
		unsigned g;

		/* Spin while the last request is less than a gap ago;
		 * the clock is read every few thousand turns. */
		while (!atomic_load_explicit(&a->stop, memory_order_relaxed) &&
		    now_ns() - atomic_load_explicit(&a->last,
		    memory_order_relaxed) < a->gap) {
			volatile unsigned i;

			for (i = 0; i < 2000; i++)
				;
		}
		pthread_mutex_lock(&a->mu);
		atomic_fetch_add(&a->asleep, 1);
		g = a->gen;
		while (!atomic_load(&a->stop) && a->gen == g)
			pthread_cond_wait(&a->wake, &a->mu);
		atomic_fetch_sub(&a->asleep, 1);
		pthread_mutex_unlock(&a->mu);
		if (atomic_load(&a->stop))
			return NULL;
	}
}

struct awake *
awake_start(unsigned gap_ms)
{
	struct awake *a;
	cpu_set_t set;
	int c;

	if (gap_ms == 0 || sched_getaffinity(0, sizeof set, &set) != 0 ||
	    (a = calloc(1, sizeof *a)) == NULL)
		return NULL;
	a->gap = (long long)gap_ms * 1000000;
	/* the first request alone does not start them */
	atomic_init(&a->last, now_ns() - a->gap);
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->wake, NULL);
	for (c = 0; c < CPU_SETSIZE && a->n < MAX_CPUS; c++) {
		struct spinner *s;

		if (!CPU_ISSET(c, &set) || (s = malloc(sizeof *s)) == NULL)
			continue;
		s->a = a;
		s->cpu = c;
		if (pthread_create(&a->t[a->n], NULL, spin, s) != 0) {
			free(s);
			continue;
		}
		a->cpu[a->n++] = c;
	}
	return a;
}

/*
 * A request came. When the one before came less than a gap ago, the
 * threads that sleep are woken: two requests close together start the
 * spinning, one alone does not. (A thread going to sleep just as a
 * request comes may miss it: the next request wakes it.)
 */
void
awake_note(struct awake *a)
{
	long long t, prev;

	if (a == NULL)
		return;
	t = now_ns();
	prev = atomic_exchange_explicit(&a->last, t, memory_order_relaxed);
	if (t - prev < a->gap && atomic_load(&a->asleep) > 0) {
		pthread_mutex_lock(&a->mu);
		a->gen++;
		pthread_cond_broadcast(&a->wake);
		pthread_mutex_unlock(&a->mu);
	}
}

void
awake_stop(struct awake *a)
{
	int i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	atomic_store(&a->stop, 1);
	pthread_cond_broadcast(&a->wake);
	pthread_mutex_unlock(&a->mu);
	for (i = 0; i < a->n; i++)
		pthread_join(a->t[i], NULL);
	pthread_cond_destroy(&a->wake);
	pthread_mutex_destroy(&a->mu);
	free(a);
}
