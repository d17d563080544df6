/* SPDX-License-Identifier: ISC */
/*
 * pool.c: a fork-join thread pool whose results do not depend on the
 * number of threads; knows nothing about what it runs.
 * Uses: util.h (allocation), pthreads.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "util.h"


#define SPIN 20000	/* polls before sleeping (sched_yield every 64) */

static void
pool_items(struct pool *p)
{
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->nitems)
		p->fn(p->arg, i);
}

static void *
pool_worker(void *arg)
{
	struct pool *p = arg;
	unsigned seen = 0, g;
	long spin;

	for (;;) {
		for (spin = 0; spin < SPIN; spin++) {
			if ((g = atomic_load(&p->gen)) != seen)
				break;
			if (spin % 64 == 63)
				sched_yield();	/* let a preempted thread run */
		}
		if (spin == SPIN) {
			pthread_mutex_lock(&p->mu);
			while ((g = atomic_load(&p->gen)) == seen && !p->quit)
				pthread_cond_wait(&p->wake, &p->mu);
			pthread_mutex_unlock(&p->mu);
		}
		if (p->quit)
			return NULL;
		seen = g;
		pool_items(p);
		if (atomic_fetch_sub(&p->busy, 1) == 1) {
			pthread_mutex_lock(&p->mu);
			pthread_cond_signal(&p->idle);
			pthread_mutex_unlock(&p->mu);
		}
	}
}

void
pool_run(struct pool *p, void (*fn)(void *, size_t), void *arg, size_t n)
{
	long spin;

	if (p->nthr <= 1 || n <= 1) {
		size_t i;

		for (i = 0; i < n; i++)
			fn(arg, i);
		return;
	}
	p->fn = fn;
	p->arg = arg;
	p->nitems = n;
	atomic_store(&p->next, 0);
	atomic_store(&p->busy, p->nthr - 1);
	pthread_mutex_lock(&p->mu);
	atomic_fetch_add(&p->gen, 1);
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->mu);
	pool_items(p);
	for (spin = 0; spin < SPIN && atomic_load(&p->busy) > 0; spin++)
		if (spin % 64 == 63)
			sched_yield();
	if (atomic_load(&p->busy) > 0) {
		pthread_mutex_lock(&p->mu);
		while (atomic_load(&p->busy) > 0)
			pthread_cond_wait(&p->idle, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
}

void
pool_start(struct pool *p, int nthr)
{
	int i;

	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->wake, NULL);
	pthread_cond_init(&p->idle, NULL);
	atomic_init(&p->gen, 0);
	atomic_init(&p->busy, 0);
	atomic_init(&p->next, 0);
	p->nthr = nthr < 1 ? 1 : nthr;
	p->tid = dp_calloc((size_t)p->nthr, sizeof *p->tid);
	for (i = 1; i < p->nthr; i++)
		if (pthread_create(&p->tid[i], NULL, pool_worker, p) != 0) {
			p->nthr = i;	/* fewer threads: same result */
			break;
		}
}

void
pool_stop(struct pool *p)
{
	int i;

	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	atomic_fetch_add(&p->gen, 1);
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->mu);
	for (i = 1; i < p->nthr; i++)
		pthread_join(p->tid[i], NULL);
	free(p->tid);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->wake);
	pthread_cond_destroy(&p->idle);
}
