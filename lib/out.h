/* SPDX-License-Identifier: ISC */
/*
 * out.h: output files written atomically (out.c).
 */
#ifndef DIGITPIPE_OUT_H
#define DIGITPIPE_OUT_H

#include <stdio.h>

/* Atomic output: open a temp file beside path, write, then commit with
 * fsync + rename, or abort to remove the temp file. A path of "-" or NULL
 * means stdout (commit then only flushes). */
struct dp_out {
	FILE *fp;
	char *path;		/* final path, NULL for stdout */
	char *tmp;		/* temp path */
};
int	dp_out_open(struct dp_out *o, const char *path);
int	dp_out_commit(struct dp_out *o);	/* 0 ok, -1 errno set; stdout
						 * closed by its reader: exit 0 */
void	dp_out_abort(struct dp_out *o);
/* Remove every open temp file (for signal handlers: async-safe). */
void	dp_out_abort_all_signal(void);

#endif
