/* SPDX-License-Identifier: ISC */
/*
 * gate-check.c: the not-a-digit gate's pieces reached directly, a program
 * beside the tests (tests/notdigit.bats):
 *   gate-check junk SEED N THREADS  N generated records (junk.c) on stdout,
 *                                   named by their kind, label unknown
 *   gate-check copy MODEL           the model loaded and saved to stdout
 *   gate-check answer MODEL FILE    model_answer on each record: its
 *                                   verdict, digit and gate probability
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "junk.h"
#include "model.h"
#include "predict.h"
#include "rec.h"
#include "record.h"
#include "util.h"

int
main(int argc, char *argv[])
{
	struct model m;
	struct recin in;
	struct rec r;
	unsigned char *pix, *kind;
	size_t n, i;
	int k;

	dp_init(argv[0]);
	if (argc == 5 && strcmp(argv[1], "junk") == 0) {
		n = (size_t)dp_optlong("N", argv[3], 1, 1000000);
		pix = dp_malloc(n * REC_PIXELS);
		kind = dp_malloc(n);
		junk_records(dp_optull("SEED", argv[2], UINT64_MAX), n, pix,
		    kind, (int)dp_optlong("THREADS", argv[4], 1, 64));
		for (i = 0; i < n; i++) {
			unsigned char b[REC_SIZE] = { 'D', 'P', 'R', '1',
			    REC_UNKNOWN };

			strcpy((char *)b + REC_NAME_OFF, junk_kinds[kind[i]]);
			memcpy(b + REC_PIX_OFF, pix + i * REC_PIXELS, REC_PIXELS);
			fwrite(b, 1, sizeof b, stdout);
		}
		free(pix);
		free(kind);
		dp_stdout_close();
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "copy") == 0) {
		if (model_load(&m, argv[2]) != 0 || model_save(&m, "-") != 0)
			return 1;
		model_free(&m);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "answer") == 0) {
		struct answer a;

		if (model_load(&m, argv[2]) != 0 || recin_open(&in, argv[3]) != 0)
			return 1;
		while ((k = rec_read(&in, &r)) == 1) {
			model_answer(&m, r.pix, -1, -1, &a);
			printf("%s\t%d\t%.6f\t%s\n", verdict_name(a.verdict),
			    a.digit, a.notdigit, r.name);
		}
		recin_close(&in);
		model_free(&m);
		dp_stdout_close();
		return k < 0;
	}
	fprintf(stderr, "usage: gate-check junk SEED N THREADS | copy MODEL | "
	    "answer MODEL FILE\n");
	return 2;
}
