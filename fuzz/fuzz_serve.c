/* SPDX-License-Identifier: ISC */
/*
 * fuzz_serve: libFuzzer harness for lrserve's request handling
 * (serve_handle, the part of lrserve that sees what a client sends).
 * Input: METHOD \n PATH \n CONTENT-TYPE \n BODY (an empty type is none).
 * Every answer must be a known status with a whole JSON body.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "record.h"
#include "serve.h"
#include "util.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct model m;
static struct serve srv;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i, nw;

	(void)argc;
	(void)argv;
	dp_warn_off = 1;
	/* Small made-up weights: any model will do, predictions vary. */
	model_init(&m, 10, REC_W, REC_H);
	nw = (size_t)m.classes * (size_t)(m.dim + 1);
	for (i = 0; i < nw; i++)
		m.w[i] = (float)((int)(i * 7919 % 13) - 6) * 1e-3f;
	serve_init(&srv);
	serve_set_model(&srv, &m);
	srv.max_body = 1 << 18;
	srv.norm.max_pixels = 1 << 20;	/* quick, whatever the input */
	return 0;
}

/* Cut the next line off data; a NUL-terminated copy, or NULL. */
static char *
field(const uint8_t **data, size_t *size)
{
	const uint8_t *nl = memchr(*data, '\n', *size);
	size_t n;
	char *s;

	if (nl == NULL)
		return NULL;
	n = (size_t)(nl - *data);
	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, *data, n);
	s[n] = '\0';
	*data += n + 1;
	*size -= n + 1;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct serve_reply r;
	char *method, *path, *ctype;
	int st;

	method = field(&data, &size);
	path = field(&data, &size);
	ctype = field(&data, &size);
	st = serve_handle(&srv, method, path, ctype && *ctype ? ctype : NULL,
	    data, size, &r);
	if (st != r.status || (st != 200 && st != 400 && st != 404 &&
	    st != 405 && st != 413 && st != 415 && st != 503))
		abort();
	if (r.type == NULL || (r.size > 0 && r.body == NULL))
		abort();
	if (r.body == r.buf || (r.heap != NULL && r.body == r.heap)) {
		/* A JSON answer built here: whole, objects one a line. */
		if (r.size == 0 || (r.body == r.buf && r.size >= sizeof r.buf) ||
		    r.body[0] != '{' || r.body[r.size - 1] != '\n' ||
		    memchr(r.body, '\0', r.size) != NULL)
			abort();
	}
	serve_reply_free(&r);
	if (st == 405 && r.allow == NULL)
		abort();
	free(method);
	free(path);
	free(ctype);
	return 0;
}
