/* SPDX-License-Identifier: ISC */
/*
 * fuzz_rec: libFuzzer harness for the record stream readers: the binary
 * reader (rec_read, rec_unpack) and the text parsers, CSV (csv_parse) and
 * lrpredict's lines as confmat reads them (pred_parse). Whatever is
 * accepted must round-trip: unpack then pack gives the same 1024 bytes,
 * format then parse gives the same record.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "eval.h"
#include "rec.h"
#include "record.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
same_rec(const struct rec *a, const struct rec *b)
{
	if (a->label != b->label || strcmp(a->name, b->name) != 0 ||
	    memcmp(a->pix, b->pix, REC_PIXELS) != 0)
		abort();
}

/* csv_format then csv_parse (label and name columns) gives r back. */
static void
csv_roundtrip(const struct rec *r)
{
	char line[CSV_LINE_MAX];
	struct rec back;
	size_t n = csv_format(r, line, sizeof line);

	if (n == 0 || n >= sizeof line || line[n - 1] != '\n')
		abort();
	line[n - 1] = '\0';
	if (csv_parse(line, 1, 1, &back) != NULL)
		abort();
	same_rec(r, &back);
}

static void
binary(const uint8_t *data, size_t size)
{
	unsigned char buf[REC_SIZE];
	struct recin in;
	struct rec r;
	size_t off;
	int k;

	/* Record by record, as rec_unpack sees them. */
	for (off = 0; off + REC_SIZE <= size; off += REC_SIZE)
		if (rec_unpack(data + off, &r) == NULL) {
			rec_pack(&r, buf);
			if (memcmp(buf, data + off, REC_SIZE) != 0)
				abort();
			csv_roundtrip(&r);
		}
	/* As a stream, with the reader's truncation and sniffing paths. */
	if (size == 0)
		return;
	memset(&in, 0, sizeof in);
	in.name = "stdin";
	if ((in.fp = fmemopen((void *)data, size, "rb")) == NULL)
		return;
	while ((k = rec_read(&in, &r)) == 1)
		;
	if (k == 0 && in.n * REC_SIZE != size)
		abort();	/* a clean end must be a whole stream */
	fclose(in.fp);
}

static void
text(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *line, *nl, *copy;
	struct rec r;
	int truth, pred, flags;
	size_t len;

	if (buf == NULL)
		return;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (line = buf; line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		for (flags = 0; flags < 4; flags++)
			if (csv_parse(line, flags & 1, flags & 2, &r) == NULL) {
				if (!(flags & 1) && r.label != REC_UNKNOWN)
					abort();
				csv_roundtrip(&r);
			}
		/* pred_parse cuts the line at its tabs: give it a copy. */
		copy = strdup(line);
		if (copy != NULL && pred_parse(copy, &truth, &pred) == NULL &&
		    (truth < -1 || truth > 9 || pred < 0 || pred > 9))
			abort();
		free(copy);
	}
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dp_warn_off = 1;
	binary(data, size);
	text(data, size);
	return 0;
}
