/* SPDX-License-Identifier: ISC */
/*
 * http.c: the HTTP adapter, the one file that talks to libmicrohttpd: a
 * listening socket of our own (so a busy port gets a clear message and
 * -p 0 tells which port it got) and a thread that accepts on it, each
 * request's body collected under a cap, and the whole request handed to
 * the caller's handler; its answer goes out with the page's security
 * headers. Built only when libmicrohttpd is there, and linked into
 * lrserve alone.
 * Uses: form.h (percent-encoding), util.h, libmicrohttpd, pthreads.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "form.h"
#include "http.h"
#include "util.h"

struct http {
	struct MHD_Daemon *d;
	struct http_opt o;
	int fd;			/* the listening socket */
	pthread_t acceptor;
	pthread_mutex_t mu;
	pthread_cond_t room;	/* a connection closed, or http_stop */
	unsigned open;		/* connections handed to MHD, not closed */
	int stop;
};

/* One request's body, collected as it arrives. */
struct req {
	unsigned char *buf;
	size_t n, cap;
	int too_big;
};

static enum MHD_Result
send_answer(struct http *h, struct MHD_Connection *c, const char *method,
    const char *url, const char *ctype, const unsigned char *body, size_t n)
{
	struct MHD_Response *resp;
	struct http_answer a;
	enum MHD_Result ok;
	void *state = NULL;

	memset(&a, 0, sizeof a);
	h->o.handle(h->o.arg, method, url, ctype, body, n, &a, &state);
	if (h->o.verbose)	/* the path without its query */
		dp_warn("%s %.*s %d", method, (int)strcspn(url, "?"), url,
		    a.status);
	resp = MHD_create_response_from_buffer(a.size, (void *)a.body,
	    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL) {
		h->o.release(h->o.arg, state);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, a.type);
	/* The page loads its script and style from files (no inline code),
	 * and draws pictures on canvases: 'self' is all it needs. */
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    a.no_store ? "no-store" : "no-cache");
	if (a.allow != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, a.allow);
	h->o.release(h->o.arg, state);
	ok = MHD_queue_response(c, (unsigned)a.status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* MHD hands over the path without its query and the arguments decoded:
 * put the query back together, percent-encoded, for the handler. */
struct query {
	char buf[1024];
	size_t n;
};

static enum MHD_Result
add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct query *q = cls;

	(void)kind;
	if (q->n + 2 >= sizeof q->buf)
		return MHD_NO;
	if (q->buf[q->n - 1] != '?')
		q->buf[q->n++] = '&';
	q->n = form_urlencode(q->buf, q->n, sizeof q->buf, key);
	if (value != NULL) {
		q->buf[q->n++] = '=';
		q->n = form_urlencode(q->buf, q->n, sizeof q->buf, value);
	}
	return MHD_YES;
}

static const char *
full_path(struct MHD_Connection *c, const char *url, struct query *q)
{
	size_t n = strlen(url);

	if (n + 2 > sizeof q->buf)
		return url;
	memcpy(q->buf, url, n);
	q->buf[n++] = '?';
	q->buf[n] = '\0';
	q->n = n;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, q);
	return q->buf;
}

static const char *
header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **con_cls)
{
	struct http *h = cls;
	struct req *q = *con_cls;
	struct query qs;
	size_t max = h->o.max_body;

	(void)version;
	if (q == NULL) {		/* headers only, so far */
		const char *cl;
		unsigned long long len = 0;

		if ((q = calloc(1, sizeof *q)) == NULL)
			return MHD_NO;
		*con_cls = q;
		if ((cl = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH)) != NULL)
			len = strtoull(cl, NULL, 10);
		if (len > max) {
			/* Answer (413, or 404, 405, 415 if the request is
			 * wrong anyway) before reading the body: MHD then
			 * closes the connection after the answer. */
			q->too_big = 1;
			return send_answer(h, c, method, url,
			    header(c, MHD_HTTP_HEADER_CONTENT_TYPE), NULL,
			    len);
		}
		/* Memory follows the bytes that came, not what a client
		 * announces: at most 64 KiB before any arrive. */
		if (len > 0 && (q->buf = malloc(len < 65536 ? len : 65536)))
			q->cap = len < 65536 ? len : 65536;
		return MHD_YES;
	}
	if (*size != 0) {		/* a piece of the body */
		if (!q->too_big && *size > max - q->n) {
			q->too_big = 1;
			free(q->buf);
			q->buf = NULL;
		}
		if (!q->too_big) {
			if (q->n + *size > q->cap) {
				size_t cap = q->cap ? q->cap : 1 << 16;
				unsigned char *b;

				while (cap < q->n + *size)
					cap *= 2;
				if (cap > max)
					cap = max;
				if ((b = realloc(q->buf, cap)) == NULL)
					return MHD_NO;
				q->buf = b;
				q->cap = cap;
			}
			memcpy(q->buf + q->n, data, *size);
			q->n += *size;
		}
		*size = 0;
		return MHD_YES;
	}
	/* A body past the cap (sent chunked, without a length) was dropped
	 * as it came: the handler answers from its size alone. */
	return send_answer(h, c, method, full_path(c, url, &qs),
	    header(c, MHD_HTTP_HEADER_CONTENT_TYPE), q->buf,
	    q->too_big ? max + 1 : q->n);
}

/*
 * A request is over: its memory goes, and the worker yields its CPU.
 * Whoever waits to run there (the client reading this answer, the other
 * worker) runs now rather than at the end of the worker's scheduler
 * slice, several requests later; with nothing waiting the call returns
 * at once. 8 clients at full speed on the machine's two cores: the
 * p99 of a 115x115 picture 0.7-0.8 ms against 3.3-3.5 without
 * (DEVELOPERS.md, "Speed: lrserve's latency").
 */
static void
done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode why)
{
	struct req *q = *con_cls;

	(void)cls;
	(void)c;
	(void)why;
	if (q != NULL) {
		free(q->buf);
		free(q);
		*con_cls = NULL;
	}
	sched_yield();
}

/* The address to listen on; -1 if it is neither IPv4 nor IPv6. */
static int
parse_addr(const char *addr, int port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		*len = sizeof *s4;
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		*len = sizeof *s6;
	} else
		return -1;
	return 0;
}

int
http_addr_ok(const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;

	return parse_addr(addr, 0, &ss, &len);
}

/* Our own listening socket: a busy port is a clear message. */
static int
listen_on(const char *addr, int port, char *url, size_t urlsz)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1, v6;

	if (parse_addr(addr, port, &ss, &len) != 0)
		dp_die(1, "%s: not an IPv4 or IPv6 address", addr);
	v6 = ss.ss_family == AF_INET6;
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		dp_die(1, "socket: %s", strerror(errno));
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (v6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
		    sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 128) != 0)
		dp_die(1, "%s port %d: %s", addr, port, strerror(errno));
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		dp_die(1, "getsockname: %s", strerror(errno));
	port = ntohs(v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);
	snprintf(url, urlsz, v6 ? "http://[%s]:%d/" : "http://%s:%d/", addr,
	    port);
	return fd;
}

/* A connection closed: the acceptor may take another. */
static void
notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct http *h = cls;

	(void)c;
	(void)socket_context;
	if (toe != MHD_CONNECTION_NOTIFY_CLOSED)
		return;
	pthread_mutex_lock(&h->mu);
	if (h->open > 0 && h->open-- == h->o.conns)
		pthread_cond_signal(&h->room);
	pthread_mutex_unlock(&h->mu);
}

/*
 * The acceptor thread: it takes each new connection and hands it to MHD,
 * whose pool gives it to the worker that its descriptor's number picks
 * (fd mod threads, the first with room): connections that come together
 * get numbers in a row, and alternate. Left to MHD, every worker polls
 * the listening socket and the first one awake takes a burst whole: the
 * 8 keep-alive connections a client opened at once all went to one
 * thread in most runs, and its requests queued there while the other
 * thread sat idle (at 2,000 canvases a second, a p99 of 2.7-15 ms against
 * 2.4-3.8 ms with the connections spread, 9 runs each).
 */
static void *
acceptor(void *arg)
{
	struct http *h = arg;
	const struct timespec pause = { 0, 10000000 };

	for (;;) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof ss;
		int c = accept(h->fd, (struct sockaddr *)&ss, &len), stop;

		/* EINVAL: http_stop shut the socket down. Out of descriptors
		 * or memory, or a network error passed on from a connection
		 * (accept(2)): try again in 10 ms. */
		if (c < 0 && (errno == EINVAL || errno == EBADF ||
		    errno == ENOTSOCK))
			return NULL;
		if (c < 0 && errno != EINTR && errno != ECONNABORTED)
			nanosleep(&pause, NULL);
		if (c < 0)
			continue;
		/* At the limit a connection waits, unanswered, until another
		 * closes, as it would in the kernel's queue (MHD must not be
		 * handed more: see http_start). */
		pthread_mutex_lock(&h->mu);
		while (h->open >= h->o.conns && !h->stop)
			pthread_cond_wait(&h->room, &h->mu);
		stop = h->stop;
		h->open += !stop;
		pthread_mutex_unlock(&h->mu);
		if (stop) {
			close(c);
			return NULL;
		}
		(void)fcntl(c, F_SETFD, FD_CLOEXEC);
		(void)fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
		/* MHD closes it when it cannot take it (the limit for one
		 * address): it is no longer open. */
		if (MHD_add_connection(h->d, c, (struct sockaddr *)&ss, len) !=
		    MHD_YES) {
			pthread_mutex_lock(&h->mu);
			h->open -= h->open > 0;
			pthread_mutex_unlock(&h->mu);
		}
	}
}

struct http *
http_start(const struct http_opt *o, char *url, size_t urlsz)
{
	struct http *h = dp_calloc(1, sizeof *h);
	unsigned threads = o->threads;
	int fd;

	h->o = *o;
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->room, NULL);
	/* The limit of all connections is the acceptor's, counted from
	 * when it hands one over to when MHD says it closed; the limit per
	 * address is MHD's. MHD's own limit, which it shares among its
	 * threads, must never be what refuses a connection: a worker
	 * handed more than it had room for locked itself up for good
	 * (libmicrohttpd 0.9.75, 30 connections at once through --max-conns
	 * 2). It counts a connection once its worker takes it up and until
	 * it has cleaned it up after saying it closed, so it may count ours
	 * and as many again, closed: each thread's share is twice the whole
	 * limit. A thread with a share of 0 would never wake up to stop.
	 * MHD_USE_ITC wakes the worker given a connection. */
	if (threads > o->conns)
		threads = o->conns;
	fd = listen_on(o->addr, o->port, url, urlsz);
	h->d = MHD_start_daemon(MHD_USE_POLL | MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC,
	    0, NULL, NULL, answer, h,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, 2 * threads * o->conns,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->perip,
	    MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
	    MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, notify, h,
	    MHD_OPTION_END);
	if (h->d == NULL)
		dp_die(1, "%s: cannot start the HTTP server", url);
	h->fd = fd;
	if ((errno = pthread_create(&h->acceptor, NULL, acceptor, h)) != 0)
		dp_die(1, "%s: cannot start the HTTP server: %s", url,
		    strerror(errno));
	return h;
}

void
http_stop(struct http *h)
{
	/* The acceptor returns, whether it waits for room or in accept(2),
	 * which fails at once (EINVAL) on a socket shut down. */
	pthread_mutex_lock(&h->mu);
	h->stop = 1;
	pthread_cond_signal(&h->room);
	pthread_mutex_unlock(&h->mu);
	(void)shutdown(h->fd, SHUT_RDWR);
	pthread_join(h->acceptor, NULL);
	close(h->fd);
	MHD_stop_daemon(h->d);
	pthread_cond_destroy(&h->room);
	pthread_mutex_destroy(&h->mu);
	free(h);
}
