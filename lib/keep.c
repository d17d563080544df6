/* SPDX-License-Identifier: ISC */
/*
 * keep.c: the keep file of lrserve --keep: whole labelled records
 * appended one at a time, never past a cap. Uses: rec.h (the magic),
 * util.h (dp_fail).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keep.h"
#include "rec.h"
#include "record.h"
#include "util.h"

int
keep_open(const char *path, char *why, size_t wl)
{
	unsigned char magic[4];
	struct stat st;
	int fd, rd;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) < 0)
		return dp_fail(why, wl, "%s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return dp_fail(why, wl, "not a regular file");
	}
	if (st.st_size % REC_SIZE != 0) {
		close(fd);
		return dp_fail(why, wl, "not a record file (%lld bytes, not "
		    "whole records)", (long long)st.st_size);
	}
	if (st.st_size > 0) {
		rd = open(path, O_RDONLY | O_CLOEXEC);
		if (rd < 0 || read(rd, magic, 4) != 4 || !rec_magic(magic, 4)) {
			if (rd >= 0)
				close(rd);
			close(fd);
			return dp_fail(why, wl, "not a record file");
		}
		close(rd);
	}
	return fd;
}

/* One keeper at a time: the size check and the append go together. */
static pthread_mutex_t keep_lock = PTHREAD_MUTEX_INITIALIZER;

int
keep_append(int fd, unsigned long long max, const unsigned char *rec,
    unsigned long long *count, char *why, size_t wl)
{
	struct stat st;
	ssize_t w;

	pthread_mutex_lock(&keep_lock);
	if (fstat(fd, &st) != 0) {
		pthread_mutex_unlock(&keep_lock);
		return dp_fail(why, wl, "the keep file is gone");
	}
	if ((unsigned long long)st.st_size + REC_SIZE > max) {
		pthread_mutex_unlock(&keep_lock);
		return 1;
	}
	do
		w = write(fd, rec, REC_SIZE);
	while (w < 0 && errno == EINTR);
	if (w != REC_SIZE) {
		/* A part of a record: cut it back off. */
		if (w > 0 && ftruncate(fd, st.st_size) != 0)
			w = -1;
		pthread_mutex_unlock(&keep_lock);
		return dp_fail(why, wl, "the disk is full?");
	}
	pthread_mutex_unlock(&keep_lock);
	*count = (unsigned long long)st.st_size / REC_SIZE + 1;
	return 0;
}
