/* SPDX-License-Identifier: ISC */
/*
 * paced.c: an open-loop load for lrserve (scripts/bench-serve): POSTs
 * one file at a fixed rate over a few keep-alive connections and prints
 * the latencies. wrk's clients each wait for their answer before they
 * send again (a closed loop), so with C clients there are always C
 * requests in the server and its mean latency is C / throughput
 * whatever the server does; a server is asked "how long at R requests
 * a second?", which only a load that keeps its own pace answers.
 * Request k is due at start + k / R. It goes out on an idle connection
 * as soon as one is free; its latency is counted from when it was due,
 * not from when it went out, so a server that falls behind is charged
 * for the wait (no coordinated omission). Answers must carry a
 * Content-Length (lrserve's do).
 *
 * paced -r RATE -c CONNS -d SECONDS [-w WARMUP] [-t TYPE] URL FILE
 * prints "RESULT n rate p50 p90 p99 p999 max bad" (ms; bad: answers
 * other than 2xx, and requests never answered) for the requests due
 * after the warm-up. Status 1 on a usage or connection error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAXC 64
#define USAGE "paced -r RATE -c CONNS -d SECONDS [-w WARMUP] [-t TYPE] URL FILE"

struct conn {
	int fd;
	int busy;		/* a request out, its answer not all read */
	size_t sent;		/* bytes of the request written */
	size_t k;		/* the request out: the k-th due */
	char buf[8192];		/* the answer's head, then its body is counted */
	size_t have, need;	/* bytes read; bytes the answer has (0: head not complete) */
	int status;
};

static const char *req;
static size_t reqlen;
static double *lat;
static size_t nlat, bad;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static _Noreturn void
die(const char *what, const char *why)
{
	fprintf(stderr, "paced: %s: %s\n", what, why);
	exit(1);
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Write what is left of the request; 0 when all of it is out. */
static int
send_more(struct conn *c)
{
	while (c->sent < reqlen) {
		ssize_t w = write(c->fd, req + c->sent, reqlen - c->sent);

		if (w < 0 && errno == EAGAIN)
			return 1;
		if (w <= 0)
			die("write", strerror(errno));
		c->sent += (size_t)w;
	}
	return 0;
}

/* Read what has come; 1 when the whole answer is in. */
static int
read_more(struct conn *c)
{
	for (;;) {
		char tmp[65536], *h, *e;
		ssize_t r;
		size_t k;

		r = read(c->fd, tmp, sizeof tmp);
		if (r < 0 && errno == EAGAIN)
			return 0;
		if (r <= 0)
			die("read", r == 0 ? "the server closed the connection" :
			    strerror(errno));
		for (k = 0; k < (size_t)r && c->need == 0; k++) {
			if (c->have + 1 >= sizeof c->buf)
				die("answer", "head too long");
			c->buf[c->have++] = tmp[k];
			c->buf[c->have] = '\0';
			if (c->have >= 4 && memcmp(c->buf + c->have - 4, "\r\n\r\n", 4) == 0) {
				if (sscanf(c->buf, "HTTP/1.%*d %d", &c->status) != 1)
					die("answer", "no status line");
				if ((h = strcasestr(c->buf, "\r\ncontent-length:")) == NULL)
					die("answer", "no Content-Length");
				c->need = c->have + strtoul(h + 17, &e, 10);
			}
		}
		c->have += (size_t)r - k;
		if (c->need > 0 && c->have >= c->need) {
			if (c->have > c->need)
				die("answer", "more bytes than its Content-Length");
			return 1;
		}
	}
}

int
main(int argc, char **argv)
{
	double rate = 1000, secs = 5, warm = 1, t0;
	int nc = 8, o, ep, tfd, i, last = -1;
	const char *type = "image/png";
	char host[256], port[16], *path, *body;
	struct addrinfo hints = { 0 }, *ai;
	struct conn *cs;
	size_t qh = 0, qt = 0, total, nwarm, n;
	FILE *f;
	long sz;

	while ((o = getopt(argc, argv, "r:c:d:w:t:")) != -1)
		switch (o) {
		case 'r': rate = atof(optarg); break;
		case 'c': nc = atoi(optarg); break;
		case 'd': secs = atof(optarg); break;
		case 'w': warm = atof(optarg); break;
		case 't': type = optarg; break;
		default: die("usage", USAGE);
		}
	if (argc - optind != 2 || rate <= 0 || rate > 1e6 || nc < 1 || nc > MAXC ||
	    secs <= 0 || warm < 0)
		die("usage", USAGE);
	/* http://HOST:PORT/PATH, HOST an IPv4 address or [IPv6] */
	if (sscanf(argv[optind], "http://%255[^/:]:%15[0-9]", host, port) != 2 &&
	    sscanf(argv[optind], "http://[%255[^]]]:%15[0-9]", host, port) != 2)
		die(argv[optind], "not http://ADDRESS:PORT/PATH");
	if ((path = strchr(argv[optind] + 7, '/')) == NULL)
		die(argv[optind], "no path");
	if ((f = fopen(argv[optind + 1], "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		die(argv[optind + 1], strerror(errno));
	body = malloc((size_t)sz + 512);
	if (body == NULL)
		die("memory", strerror(errno));
	n = (size_t)sprintf(body, "POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: %s\r\n"
	    "Content-Length: %ld\r\n\r\n", path, host, port, type, sz);
	if (fread(body + n, 1, (size_t)sz, f) != (size_t)sz)
		die(argv[optind + 1], "short read");
	fclose(f);
	req = body;
	reqlen = n + (size_t)sz;

	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if ((o = getaddrinfo(host, port, &hints, &ai)) != 0)
		die(host, gai_strerror(o));
	if ((ep = epoll_create1(0)) < 0 ||
	    (tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK)) < 0)
		die("epoll", strerror(errno));
	/* Wake when a request is due, not up to 50 us later. */
	(void)prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	cs = calloc((size_t)nc, sizeof *cs);
	/* Requests 0..total-1, the first nwarm of them the warm-up. */
	total = (size_t)((secs + warm) * rate + 0.5);
	nwarm = (size_t)(warm * rate + 0.5);
	lat = malloc((total + 1) * sizeof *lat);
	if (cs == NULL || lat == NULL)
		die("memory", strerror(errno));
	for (i = 0; i < nc; i++) {
		struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET };
		int one = 1;

		if ((cs[i].fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0)) < 0)
			die("socket", strerror(errno));
		if (connect(cs[i].fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS)
			die(argv[optind], strerror(errno));
		(void)setsockopt(cs[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		ev.data.u32 = (unsigned)i;
		epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev);
	}
	freeaddrinfo(ai);
	{
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = MAXC };

		epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
	}
	usleep(100000);		/* the connections are up */

	t0 = now();
	for (;;) {
		struct epoll_event evs[MAXC + 1];
		struct itimerspec its = { 0 };
		double t = now();
		int k, out = 0;

		/* Requests qh..qt-1 are due and not out: every one due by
		 * now, oldest first, to the idle connections in turn (as
		 * from independent clients; the lowest idle one first would
		 * load some of the server's threads more than others). */
		while (qt < total && t0 + (double)qt / rate <= t)
			qt++;
		for (i = 0; i < nc && qh < qt; i++) {
			struct conn *c = &cs[(last + 1 + i) % nc];

			if (!c->busy) {
				c->busy = 1;
				c->sent = c->have = c->need = 0;
				c->k = qh++;
				send_more(c);
				last = (int)(c - cs);
				i = -1;		/* the scan starts again after it */
			}
		}
		for (i = 0; i < nc; i++)
			out += cs[i].busy;
		if (qt == total && qh == qt && out == 0)
			break;
		if (qt == total && t > t0 + (double)total / rate + 5) {
			bad += (size_t)out + (qt - qh);	/* never answered */
			break;
		}
		if (qt < total) {
			double d = t0 + (double)qt / rate;

			its.it_value.tv_sec = (time_t)d;
			its.it_value.tv_nsec = (long)((d - (double)(time_t)d) * 1e9);
			timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
		}
		k = epoll_wait(ep, evs, MAXC + 1, qt < total ? -1 : 100);
		for (i = 0; i < k; i++) {
			struct conn *c;
			uint64_t x;

			if (evs[i].data.u32 == MAXC) {
				(void)!read(tfd, &x, sizeof x);
				continue;
			}
			c = &cs[evs[i].data.u32];
			if (!c->busy)
				continue;
			if (send_more(c) == 0 && (evs[i].events & EPOLLIN) && read_more(c)) {
				if (c->k >= nwarm) {
					lat[nlat++] = 1000 * (now() - t0 -
					    (double)c->k / rate);
					if (c->status < 200 || c->status > 299)
						bad++;
				}
				c->busy = 0;
			}
		}
	}
	if (nlat == 0)
		die("load", "no request answered");
	qsort(lat, nlat, sizeof *lat, cmp);
#define PCT(p) lat[(size_t)((p) / 100.0 * (double)(nlat - 1) + 0.5)]
	printf("RESULT %zu %.0f %.3f %.3f %.3f %.3f %.3f %zu\n", nlat,
	    (double)nlat / secs, PCT(50), PCT(90), PCT(99), PCT(99.9),
	    lat[nlat - 1], bad);
	for (i = 0; i < nc; i++)
		close(cs[i].fd);
	close(tfd);
	close(ep);
	free(cs);
	free(lat);
	free(body);
	return 0;
}
