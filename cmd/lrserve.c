/* SPDX-License-Identifier: ISC */
/*
 * lrserve: recognise a digit in the browser, drawn or uploaded. The
 * HTTP server is lib/http.c (libmicrohttpd's adapter); each request goes
 * to serve_handle (lib/serve.c), which answers.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awake.h"
#include "http.h"
#include "keep.h"
#include "model.h"
#include "norm.h"
#include "predict.h"
#include "serve.h"
#include "util.h"

#define USAGE "lrserve -m model [-v] [-p port] [-b addr] [--max-body bytes]\n" \
	"               [--max-pixels n] [--max-conns n] [--max-per-ip n]\n" \
	"               [--timeout seconds] [--threads n] [--keep file]\n" \
	"               [--keep-max bytes] [--awake ms]"

static const char help[] =
"usage: lrserve -m model [-p port] [-b addr] [options]\n"
"Serve a page that recognises a digit, or a number written in one row,\n"
"drawn on a canvas or uploaded as a PNG or JPEG, and its JSON API:\n"
"POST /api/predict with the picture as the body or in a multipart form\n"
"(curl -F file=@x.png), one JSON line per picture (a digit, a number\n"
"with its digits' boxes, or declined: \"not sure\", \"not a digit\");\n"
"?name=NAME names it, ?input=0 leaves out the 28x28 input;\n"
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
"      --awake MS        while requests come less than MS milliseconds apart,\n"
"                        keep idle CPUs awake (5); 0: never\n"
"  -v, --verbose         log each request on stderr\n"
"  -h, --help            show this help\n"
"  -V, --version         show the version\n"
"\n"
"See lrserve(1).\n";

enum { OPT_BODY = 256, OPT_PIXELS, OPT_CONNS, OPT_PERIP, OPT_TIMEOUT,
	OPT_THREADS, OPT_KEEP, OPT_KEEPMAX, OPT_AWAKE };

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
	{ "awake",	required_argument,	NULL, OPT_AWAKE },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* The page, generated from web/ at build time (scripts/embed). */
extern const struct serve_file serve_web[];

static struct serve srv;
static struct awake *awake;
static int verbose;

/* The adapter's handler: serve.c's answer, freed once it is sent. */
static void
handle(void *arg, const char *method, const char *path, const char *ctype,
    const unsigned char *body, size_t n, struct http_answer *a,
    void **state)
{
	static const char oom[] = "{\"error\":\"out of memory\",\"status\":503}";
	struct serve_reply *r = malloc(sizeof *r);

	(void)arg;
	awake_note(awake);
	if ((*state = r) == NULL) {
		a->status = 503;
		a->type = "application/json";
		a->no_store = 1;
		a->body = oom;
		a->size = sizeof oom - 1;
		return;
	}
	serve_handle(&srv, method, path, ctype, body, n, r);
	a->status = r->status;
	a->type = r->type;
	a->allow = r->allow;
	a->no_store = r->api;
	a->body = r->body;
	a->size = r->size;
}

static void
release(void *arg, void *state)
{
	(void)arg;
	if (state != NULL)
		serve_reply_free(state);
	free(state);
}

int
main(int argc, char *argv[])
{
	const char *model_path = NULL, *addr = "127.0.0.1", *keep_path = NULL;
	long port = 8080, conns = 256, perip = 64, timeout = 10, threads = 2;
	long gap = 5;
	int gap_set = 0;
	struct http_opt ho;
	struct http *h;
	struct model m;
	sigset_t sigs;
	char url[128];
	int c, sig;

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
		case OPT_AWAKE:
			gap = dp_optlong("--awake", optarg, 0, 1000);
			gap_set = 1;
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
	if (http_addr_ok(addr) != 0) {
		dp_warn("-b: '%s': not an IPv4 or IPv6 address", addr);
		dp_usage(USAGE);
	}
	if (srv.norm.max_pixels == 0)
		srv.norm.max_pixels = NORM_MAX_PIXELS;
	if (model_load(&m, model_path) != 0)
		return 1;
	if (model_decline(&m, &(double){ 0 }) != 0)
		dp_die(1, "%s: decline: '%s': not a probability from 0 to 1",
		    model_path, model_get(&m, "decline"));
	if (keep_path != NULL) {
		char why[256];

		if ((srv.keep_fd = keep_open(keep_path, why, sizeof why)) < 0)
			dp_die(1, "--keep %s: %s", keep_path, why);
	}
	serve_set_model(&srv, &m);	/* builds /api/model once */
	srv.files = serve_web;

	/* Worker threads inherit this mask: only main sees the signals. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	ho.addr = addr;
	ho.port = (int)port;
	ho.threads = (unsigned)threads;
	ho.conns = (unsigned)conns;
	ho.perip = (unsigned)perip;
	ho.timeout = (unsigned)timeout;
	ho.max_body = srv.max_body;
	ho.verbose = verbose;
	ho.handle = handle;
	ho.release = release;
	ho.arg = NULL;
	/* Asked for, it says when it cannot be had; by default it is
	 * quiet (the file is root's alone on most systems). */
	if ((awake = awake_start((unsigned)gap)) == NULL && gap > 0 &&
	    gap_set)
		dp_warn("--awake: %s: %s (idle CPUs may sleep between "
		    "requests)", AWAKE_QOS, strerror(errno));
	h = http_start(&ho, url, sizeof url);
	printf("%s\n", url);
	if (fflush(stdout) != 0 || ferror(stdout))
		dp_warn("stdout: %s", strerror(errno));
	while (sigwait(&sigs, &sig) != 0)
		;
	if (verbose)
		dp_warn("%s: stopping", strsignal(sig));
	http_stop(h);
	awake_stop(awake);
	serve_free(&srv);
	model_free(&m);
	return 0;
}
