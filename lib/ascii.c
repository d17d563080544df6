/* SPDX-License-Identifier: ISC */
/*
 * ascii.c: a record drawn as ASCII art, for terminals and lessons.
 * Uses: nothing of ours but the record type.
 */
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "record.h"

size_t
rec_ascii(const struct rec *r, char *buf, size_t size)
{
	static const char ramp[] = " .:-=+*#%@";
	char tmp[REC_ASCII_SIZE + REC_NAME_LEN + 64];
	size_t n;
	int x, y;

	if (r->label == REC_UNKNOWN)
		n = (size_t)snprintf(tmp, sizeof tmp, "# %s (label ?)\n",
		    r->name[0] ? r->name : "-");
	else
		n = (size_t)snprintf(tmp, sizeof tmp, "# %s (label %d)\n",
		    r->name[0] ? r->name : "-", r->label);
	for (y = 0; y < REC_H; y++) {
		for (x = 0; x < REC_W; x++) {
			/* 10 levels: 0 is blank, 255 is '@'. */
			char ch = ramp[(r->pix[y * REC_W + x] * 9 + 254) / 255];

			tmp[n++] = ch;
			tmp[n++] = ch;
		}
		tmp[n++] = '\n';
	}
	tmp[n] = '\0';
	if (size > 0) {
		size_t m = n < size - 1 ? n : size - 1;

		memcpy(buf, tmp, m);
		buf[m] = '\0';
	}
	return n;
}
