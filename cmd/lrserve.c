/* SPDX-License-Identifier: ISC */
/*
 * lrserve: recognise a digit in the browser, drawn or uploaded. The one
 * file that includes <microhttpd.h>: it collects each request's body
 * under a cap and hands it to serve_handle (lib/serve.c), which answers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "form.h"
#include "keep.h"
#include "model.h"
#include "norm.h"
#include "serve.h"
#include "util.h"

#define USAGE "lrserve -m model [-v] [-p port] [-b addr] [--max-body bytes]\n" \
	"               [--max-pixels n] [--max-conns n] [--max-per-ip n]\n" \
	"               [--timeout seconds] [--threads n] [--keep file]\n" \
	"               [--keep-max bytes]"

static const char help[] =
"usage: lrserve -m model [-p port] [-b addr] [options]\n"
"Serve a page that recognises a digit drawn on a canvas or uploaded as a\n"
"PNG or JPEG, and its JSON API: POST /api/predict with the picture as the\n"
"body or in a multipart form (curl -F file=@x.png), one JSON line per\n"
"picture; ?name=NAME names it, ?input=0 leaves out the 28x28 input;\n"
"GET /healthz. Prints its URL on stdout;\n"
"SIGINT or SIGTERM stop it cleanly.\n"
"\n"
"  -m, --model FILE      the model written by lrtrain (required)\n"
"  -p, --port N          TCP port (8080); 0 picks a free one\n"
"  -b, --bind ADDR       IPv4 or IPv6 address to listen on (127.0.0.1)\n"
"      --max-body N      largest request body in bytes (67108864)\n"
"      --max-pixels N    largest picture in pixels once decoded, a JPEG at\n"
"                        up to 1/8 of its size (40000000)\n"
"      --max-conns N     connections at once (256)\n"
"      --max-per-ip N    connections at once from one address (64)\n"
"      --timeout N       close a connection idle for N seconds (10)\n"
"      --threads N       worker threads (2)\n"
"      --keep FILE       append the pictures corrected on the page (\"Wrong?\n"
"                        It is a ...\") to FILE as labelled records\n"
"      --keep-max N      the largest FILE may grow, in bytes (67108864)\n"
"  -v, --verbose         log each request on stderr\n"
"  -h, --help            show this help\n"
"  -V, --version         show the version\n"
"\n"
"See lrserve(1).\n";

enum { OPT_BODY = 256, OPT_PIXELS, OPT_CONNS, OPT_PERIP, OPT_TIMEOUT,
	OPT_THREADS, OPT_KEEP, OPT_KEEPMAX };

static const struct option longopts[] = {
	{ "model",	required_argument,	NULL, 'm' },
	{ "port",	required_argument,	NULL, 'p' },
	{ "bind",	required_argument,	NULL, 'b' },
	{ "max-body",	required_argument,	NULL, OPT_BODY },
	{ "max-pixels",	required_argument,	NULL, OPT_PIXELS },
	{ "max-conns",	required_argument,	NULL, OPT_CONNS },
	{ "max-per-ip",	required_argument,	NULL, OPT_PERIP },
	{ "timeout",	required_argument,	NULL, OPT_TIMEOUT },
	{ "threads",	required_argument,	NULL, OPT_THREADS },
	{ "keep",	required_argument,	NULL, OPT_KEEP },
	{ "keep-max",	required_argument,	NULL, OPT_KEEPMAX },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* The page, generated from web/ at build time (scripts/embed). */
extern const struct serve_file serve_web[];

static struct serve srv;
static int verbose;

/* One request's body, collected as it arrives. */
struct req {
	unsigned char *buf;
	size_t n, cap;
	int too_big;
};

static enum MHD_Result
send_reply(struct MHD_Connection *c, struct serve_reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ok;

	resp = MHD_create_response_from_buffer(r->size, (void *)r->body,
	    r->body == r->buf || r->body == r->heap ? MHD_RESPMEM_MUST_COPY :
	    MHD_RESPMEM_PERSISTENT);
	serve_reply_free(r);	/* copied, or not ours */
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
	/* The page loads its script and style from files (no inline code),
	 * and draws pictures on canvases: 'self' is all it needs. */
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    r->api ? "no-store" : "no-cache");
	if (r->allow != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	ok = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* MHD hands over the path without its query and the arguments decoded:
 * put the query back together, percent-encoded, for serve_handle. */
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

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **con_cls)
{
	struct req *q = *con_cls;
	struct serve_reply r;
	struct query qs;
	const char *ct;

	(void)cls;
	(void)version;
	if (q == NULL) {		/* headers only, so far */
		const char *cl;
		unsigned long long len = 0;

		if ((q = calloc(1, sizeof *q)) == NULL)
			return MHD_NO;
		*con_cls = q;
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL)
			len = strtoull(cl, NULL, 10);
		if (len > srv.max_body) {
			/* Answer (413, or 404, 405, 415 if the request is
			 * wrong anyway) before reading the body: MHD then
			 * closes the connection after the answer. */
			q->too_big = 1;
			serve_handle(&srv, method, url,
			    MHD_lookup_connection_value(c, MHD_HEADER_KIND,
			    MHD_HTTP_HEADER_CONTENT_TYPE), NULL, len, &r);
			if (verbose)
				dp_warn("%s %s %d", method, url, r.status);
			return send_reply(c, &r);
		}
		/* Memory follows the bytes that came, not what a client
		 * announces: at most 64 KiB before any arrive. */
		if (len > 0 && (q->buf = malloc(len < 65536 ? len : 65536)))
			q->cap = len < 65536 ? len : 65536;
		return MHD_YES;
	}
	if (*size != 0) {		/* a piece of the body */
		if (!q->too_big && *size > srv.max_body - q->n) {
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
				if (cap > srv.max_body)
					cap = srv.max_body;
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
	ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	/* A body past the cap (sent chunked, without a length) was dropped
	 * as it came; serve_handle answers 413 from its size alone. */
	serve_handle(&srv, method, full_path(c, url, &qs), ct, q->buf,
	    q->too_big ? srv.max_body + 1 : q->n, &r);
	if (verbose)
		dp_warn("%s %s %d", method, url, r.status);
	return send_reply(c, &r);
}

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
}

/* The address to listen on, from -b and -p; -1 if it is neither IPv4
 * nor IPv6. */
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

/* Our own listening socket, so a busy port gets a clear message and
 * -p 0 tells us which port the kernel picked. */
static int
listen_on(const char *addr, struct sockaddr_storage *ss, socklen_t len,
    char *url, size_t urlsz)
{
	int fd, one = 1, v6 = ss->ss_family == AF_INET6, port;

	port = ntohs(v6 ? ((struct sockaddr_in6 *)ss)->sin6_port :
	    ((struct sockaddr_in *)ss)->sin_port);
	if ((fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		dp_die(1, "socket: %s", strerror(errno));
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (v6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
		    sizeof one);
	if (bind(fd, (struct sockaddr *)ss, len) != 0 || listen(fd, 128) != 0)
		dp_die(1, "%s port %d: %s", addr, port, strerror(errno));
	if (getsockname(fd, (struct sockaddr *)ss, &len) != 0)
		dp_die(1, "getsockname: %s", strerror(errno));
	port = ntohs(v6 ? ((struct sockaddr_in6 *)ss)->sin6_port :
	    ((struct sockaddr_in *)ss)->sin_port);
	snprintf(url, urlsz, v6 ? "http://[%s]:%d/" : "http://%s:%d/", addr,
	    port);
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

int
main(int argc, char *argv[])
{
	const char *model_path = NULL, *addr = "127.0.0.1", *keep_path = NULL;
	long port = 8080, conns = 256, perip = 64, timeout = 10, threads = 2;
	struct MHD_Daemon *d;
	struct model m;
	sigset_t sigs;
	struct sockaddr_storage ss;
	socklen_t sslen;
	char url[128];
	int c, fd, sig;

	dp_init(argv[0]);
	serve_init(&srv);
	while ((c = getopt_long(argc, argv, "m:p:b:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			model_path = optarg;
			break;
		case 'p':
			port = dp_optlong("-p", optarg, 0, 65535);
			break;
		case 'b':
			addr = optarg;
			break;
		case OPT_BODY:
			srv.max_body = (size_t)dp_optull("--max-body", optarg,
			    1UL << 30);
			break;
		case OPT_PIXELS:
			srv.norm.max_pixels = dp_optull("--max-pixels", optarg,
			    ULLONG_MAX);
			break;
		case OPT_CONNS:
			conns = dp_optlong("--max-conns", optarg, 1, 10000);
			break;
		case OPT_PERIP:
			perip = dp_optlong("--max-per-ip", optarg, 0, 10000);
			break;
		case OPT_TIMEOUT:
			timeout = dp_optlong("--timeout", optarg, 1, 3600);
			break;
		case OPT_KEEP:
			keep_path = optarg;
			break;
		case OPT_KEEPMAX:
			srv.keep_max = dp_optull("--keep-max", optarg,
			    ULLONG_MAX);
			break;
		case OPT_THREADS:
			threads = dp_optlong("--threads", optarg, 1, 64);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			dp_help(help);
		case 'V':
			dp_version();
		default:
			dp_usage(USAGE);
		}
	}
	if (optind < argc) {
		dp_warn("unexpected operand '%s'", argv[optind]);
		dp_usage(USAGE);
	}
	if (model_path == NULL) {
		dp_warn("-m model is required");
		dp_usage(USAGE);
	}
	if (parse_addr(addr, (int)port, &ss, &sslen) != 0) {
		dp_warn("-b: '%s': not an IPv4 or IPv6 address", addr);
		dp_usage(USAGE);
	}
	if (srv.norm.max_pixels == 0)
		srv.norm.max_pixels = NORM_MAX_PIXELS;
	/* MHD shares the connection limit among its threads; a thread with
	 * a share of 0 never wakes up to stop. */
	if (threads > conns)
		threads = conns;
	if (model_load(&m, model_path) != 0)
		return 1;
	if (keep_path != NULL) {
		char why[256];

		if ((srv.keep_fd = keep_open(keep_path, why, sizeof why)) < 0)
			dp_die(1, "--keep %s: %s", keep_path, why);
	}
	fd = listen_on(addr, &ss, sslen, url, sizeof url);
	serve_set_model(&srv, &m);	/* builds /api/model once */
	srv.files = serve_web;

	/* Worker threads inherit this mask: only main sees the signals. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	d = MHD_start_daemon(MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD,
	    0, NULL, NULL, answer, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)conns,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)perip,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
	    MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
	    MHD_OPTION_END);
	if (d == NULL)
		dp_die(1, "%s: cannot start the HTTP server", url);
	printf("%s\n", url);
	if (fflush(stdout) != 0 || ferror(stdout))
		dp_warn("stdout: %s", strerror(errno));
	while (sigwait(&sigs, &sig) != 0)
		;
	if (verbose)
		dp_warn("%s: stopping", strsignal(sig));
	MHD_stop_daemon(d);
	serve_free(&srv);
	model_free(&m);
	return 0;
}
