/* SPDX-License-Identifier: ISC */
/*
 * pool.h: the fork-join thread pool of pool.c.
 */
#ifndef DIGITPIPE_POOL_H
#define DIGITPIPE_POOL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/*
 * A fork-join pool: pool_run(fn, arg, n) calls fn(arg, i) once for each
 * i < n, spread over the threads, and returns when all are done. Items
 * are taken from an atomic counter, so a busy core just takes fewer.
 * Workers spin a little before sleeping: SGD forks thousands of short
 * jobs per second.
 */
struct pool {
	int nthr;
	pthread_t *tid;
	pthread_mutex_t mu;
	pthread_cond_t wake, idle;
	atomic_uint gen;		/* bumped for each job */
	atomic_int busy;		/* workers still in the job */
	atomic_size_t next;		/* next item to take */
	void (*fn)(void *, size_t);
	void *arg;
	size_t nitems;
	int quit;
};

/* Start nthr threads in all (the caller is one; fewer than 1 means 1).
 * If the system gives fewer, the pool runs with those: same results. */
void	pool_start(struct pool *p, int nthr);
void	pool_run(struct pool *p, void (*fn)(void *, size_t), void *arg,
	    size_t n);
void	pool_stop(struct pool *p);

#endif
