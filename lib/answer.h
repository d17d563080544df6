/* SPDX-License-Identifier: ISC */
/*
 * answer.h: lrserve's answer for one picture, as JSON (answer.c).
 */
#ifndef DIGITPIPE_ANSWER_H
#define DIGITPIPE_ANSWER_H

#include <stddef.h>

#include "model.h"
#include "norm.h"
#include "reply.h"

/*
 * Append the answer for the picture body[n] to r as one JSON line, named
 * name (or not, NULL), with the 28x28 inputs if input; m declines under
 * probability thr (0: never). A digit, a number of several, or declined
 * ("not sure", "not a digit"): 200; a picture that cannot be used:
 * {"name"?,"error","status"}, 400, 413, or 415 when check and the bytes
 * are no PNG or JPEG. Returns the status. lrserve(1) has every field.
 */
int	answer_picture(const struct model *m, double thr,
	    const struct norm_opt *o, const unsigned char *body, size_t n,
	    const char *name, int input, int check, struct serve_reply *r);

#endif
