/* SPDX-License-Identifier: ISC */
/*
 * csv.c: the text form of the record stream. One line per record:
 *   label,pixel0,...,pixel783,name
 * with an empty label for "unknown" and the name quoted as RFC 4180 says
 * when it holds a comma, a quote or leading/trailing space. This is
 * Kaggle's digit-recognizer layout with one column added at the end, and
 * Kaggle's own files (with or without the label column) read back.
 * Uses: nothing of ours but the record type.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "record.h"

const char *
csv_header(void)
{
	static char h[16 + REC_PIXELS * 10];
	size_t n;
	int i;

	if (h[0] == '\0') {
		n = (size_t)snprintf(h, sizeof h, "label");
		for (i = 0; i < REC_PIXELS; i++)
			n += (size_t)snprintf(h + n, sizeof h - n, ",pixel%d", i);
		snprintf(h + n, sizeof h - n, ",name\n");
	}
	return h;
}

size_t
csv_format(const struct rec *r, char *buf, size_t size)
{
	size_t n = 0;
	const char *s;
	int i, quote;

	(void)size;	/* callers pass CSV_LINE_MAX */
	if (r->label != REC_UNKNOWN)
		buf[n++] = (char)('0' + r->label);
	for (i = 0; i < REC_PIXELS; i++) {
		unsigned v = r->pix[i];

		buf[n++] = ',';
		if (v >= 100)
			buf[n++] = (char)('0' + v / 100);
		if (v >= 10)
			buf[n++] = (char)('0' + v / 10 % 10);
		buf[n++] = (char)('0' + v % 10);
	}
	buf[n++] = ',';
	quote = strpbrk(r->name, ",\"") != NULL || r->name[0] == ' ' ||
	    (r->name[0] && r->name[strlen(r->name) - 1] == ' ');
	if (quote)
		buf[n++] = '"';
	for (s = r->name; *s; s++) {
		if (*s == '"')
			buf[n++] = '"';
		buf[n++] = *s;
	}
	if (quote)
		buf[n++] = '"';
	buf[n++] = '\n';
	return n;
}

/*
 * Parse one CSV data line (no newline) laid out as the header said:
 * has_label: the first column is the label; has_name: the last is the name.
 */
const char *
csv_parse(char *line, int has_label, int has_name, struct rec *r)
{
	static char why[96];
	char *s = line;
	int i;

	memset(r, 0, sizeof *r);
	r->label = REC_UNKNOWN;
	if (has_label) {
		if (*s >= '0' && *s <= '9' && s[1] == ',') {
			r->label = (unsigned char)(*s - '0');
			s += 2;
		} else if (*s == ',')
			s++;
		else
			return "label is not a digit 0-9 or empty";
	}
	for (i = 0; i < REC_PIXELS; i++) {
		unsigned v = 0;
		int nd = 0;

		while (*s == ' ')
			s++;
		while (*s >= '0' && *s <= '9' && nd < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			nd++;
		}
		while (*s == ' ')
			s++;
		if (nd == 0 && *s == '\0') {
			snprintf(why, sizeof why, "%d pixels, expected %d",
			    i, REC_PIXELS);
			return why;
		}
		if (nd == 0 || nd > 3 || v > 255) {
			snprintf(why, sizeof why, "pixel%d is not a whole "
			    "number from 0 to 255", i);
			return why;
		}
		r->pix[i] = (unsigned char)v;
		if (i + 1 < REC_PIXELS || has_name) {
			if (*s != ',') {
				snprintf(why, sizeof why, "%d pixels, "
				    "expected %d", i + 1, REC_PIXELS);
				return why;
			}
			s++;
		}
	}
	if (!has_name) {
		if (*s != '\0')
			return "more fields than the header names";
		return NULL;
	}
	if (*s == '"') {
		size_t n = 0;

		for (s++;; s++) {
			if (*s == '\0')
				return "unterminated quoted name";
			if (*s == '"') {
				if (s[1] != '"')
					break;
				s++;
			}
			if (n == REC_NAME_LEN)
				return "name longer than 235 bytes";
			r->name[n++] = *s;
		}
		if (s[1] != '\0')
			return "text after the quoted name";
		r->name[n] = '\0';
	} else {
		if (strchr(s, '"') != NULL)
			return "a quote inside an unquoted name";
		if (strchr(s, ',') != NULL)
			return "more fields than the header names";
		if (strlen(s) > REC_NAME_LEN)
			return "name longer than 235 bytes";
		strcpy(r->name, s);
	}
	return NULL;
}
