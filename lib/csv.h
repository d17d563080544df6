/* SPDX-License-Identifier: ISC */
/*
 * csv.h: the text form of the record stream (csv.c).
 */
#ifndef DIGITPIPE_CSV_H
#define DIGITPIPE_CSV_H

#include <stddef.h>
#include "record.h"

/* One CSV line per record: label (empty if unknown), 784 pixels, and the
 * name, quoted as RFC 4180 asks when needed. */
#define CSV_LINE_MAX (2 + REC_PIXELS * 4 + 2 * REC_NAME_LEN + 4)
size_t	csv_format(const struct rec *r, char *buf, size_t size);
const char *csv_header(void);
/* Parse one line (without its newline) into r; NULL or why not. */
const char *csv_parse(char *line, int has_label, int has_name,
	    struct rec *r);

#endif
