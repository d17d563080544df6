/* SPDX-License-Identifier: ISC */
/*
 * fuzz_model: libFuzzer harness for the model parser (model_parse, what
 * model_load calls on a file's bytes). An accepted model must have the
 * digitpipe shape, finite weights, and predict a probability distribution.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "predict.h"
#include "record.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char pix[REC_PIXELS];
	struct model m;
	double p[10], sum = 0;
	size_t i, nw;
	int k, best;

	dp_warn_off = 1;
	if (model_parse(&m, "fuzz", data, size) != 0) {
		if (m.w != NULL || m.nmeta != 0)
			abort();	/* a refused model leaves nothing */
		return 0;
	}
	if (m.classes != 10 || m.width != REC_W || m.height != REC_H ||
	    m.dim != (m.feat ? m.fm.dim : REC_PIXELS) ||
	    (m.feat && feat_check(&m.fm) != NULL) ||
	    !(m.scale > 0) || !isfinite(m.scale))
		abort();
	nw = (size_t)m.classes * (size_t)(m.dim + 1);
	for (i = 0; i < nw; i++)
		if (!isfinite(m.w[i]))
			abort();
	for (i = 0; i < (size_t)m.nmeta; i++)
		if (model_get(&m, m.key[i]) == NULL)
			abort();
	for (i = 0; i < REC_PIXELS; i++)
		pix[i] = (unsigned char)(i * 37);
	best = model_predict(&m, pix, p);
	for (k = 0; k < 10; k++) {
		if (isnan(p[k]) || p[k] < 0 || p[k] > 1)
			abort();
		sum += p[k];
	}
	if (best < 0 || best > 9 || fabs(sum - 1) > 1e-6)
		abort();
	model_free(&m);
	return 0;
}
