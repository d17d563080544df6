/* SPDX-License-Identifier: ISC */
/*
 * http.h: the HTTP adapter (http.c, the only file that includes
 * <microhttpd.h>): a server that hands each whole request to a handler.
 */
#ifndef DIGITPIPE_HTTP_H
#define DIGITPIPE_HTTP_H

#include <stddef.h>

/* What a handler answers. The body is copied before release is called. */
struct http_answer {
	int status;
	const char *type;	/* Content-Type */
	const char *allow;	/* the Allow header of a 405, or NULL */
	int no_store;		/* 1: Cache-Control no-store (API), else no-cache */
	const void *body;
	size_t size;
};

/*
 * One request: the method, the path with its query string put back
 * together (percent-encoded), the Content-Type (or NULL) and the body.
 * A body announced larger than max_body is not read: body is then NULL
 * and n the announced length (or max_body + 1 for one cut while it
 * came). The handler fills *a and may leave in *state what release
 * frees once the answer is sent. Called on the server's threads.
 */
typedef void http_handler(void *arg, const char *method, const char *path,
    const char *ctype, const unsigned char *body, size_t n,
    struct http_answer *a, void **state);
typedef void http_release(void *arg, void *state);

struct http_opt {
	const char *addr;	/* IPv4 or IPv6 address to listen on */
	int port;		/* 0: one the kernel picks */
	unsigned threads;	/* worker threads */
	unsigned conns;		/* connections at once */
	unsigned perip;		/* connections at once from one address */
	unsigned timeout;	/* seconds before an idle connection closes */
	size_t max_body;	/* bytes of a request body, at most */
	int verbose;		/* "METHOD PATH STATUS" on stderr per request */
	http_handler *handle;
	http_release *release;
	void *arg;
};

/* 0 if addr is an IPv4 or IPv6 address, else -1. */
int	http_addr_ok(const char *addr);
/* Listen and serve; url gets "http://ADDR:PORT/" (the real port when 0
 * was asked for). On failure prints "prog: why" and exits 1. */
struct http *http_start(const struct http_opt *o, char *url, size_t urlsz);
void	http_stop(struct http *h);

#endif
