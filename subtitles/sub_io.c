/* sub_io.c: capped whole-file reads, atomic writes, a string builder. */
#define _POSIX_C_SOURCE 200809L
#include "sub_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void set_file(struct sub_error *err, const char *path)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%s", path ? path : "");
}

int sub_file_read(const char *path, size_t max_bytes, char **buf, size_t *len,
		  struct sub_error *err)
{
	int rc = SUB_OK;
	if (!path || !buf || !len)
		return SUB_ERR_ARG;
	*buf = NULL;
	*len = 0;
	set_file(err, path);
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return sub_error_set(err, SUB_ERR_IO, 0, 0, "cannot open: %s", strerror(errno));
	size_t cap = 0, n = 0;
	char *data = NULL;
	for (;;) {
		if (n + 65536 + 1 > cap) {
			size_t ncap = cap ? cap * 2 : 65536 * 2;
			char *d = realloc(data, ncap);
			if (!d) {
				rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
				goto out_free;
			}
			data = d;
			cap = ncap;
		}
		size_t got = fread(data + n, 1, 65536, f);
		n += got;
		if (n > max_bytes) {
			rc = sub_error_set(err, SUB_ERR_TOO_BIG, 0, 0,
					   "file is larger than %zu bytes", max_bytes);
			goto out_free;
		}
		if (got < 65536) {
			if (ferror(f)) {
				rc = sub_error_set(err, SUB_ERR_IO, 0, 0, "read error: %s",
						   strerror(errno));
				goto out_free;
			}
			break;
		}
	}
	data[n] = 0;
	*buf = data;
	*len = n;
	data = NULL;
out_free:
	free(data);
	if (f != stdin)
		fclose(f);
	return rc;
}

int sub_file_write_atomic(const char *path, const void *data, size_t len, int keep_backup,
			  struct sub_error *err)
{
	set_file(err, path);
	if (!path || (!data && len))
		return SUB_ERR_ARG;
	if (!strcmp(path, "-")) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
			return sub_error_set(err, SUB_ERR_IO, 0, 0, "cannot write to stdout");
		return SUB_OK;
	}
	int rc = SUB_OK;
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 32);
	if (!tmp)
		return sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
	snprintf(tmp, plen + 32, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		rc = sub_error_set(err, SUB_ERR_IO, 0, 0, "cannot create a temporary file: %s",
				   strerror(errno));
		goto out_free;
	}
	/* mkstemp makes 0600; give the file the usual mode under the umask. */
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			rc = sub_error_set(err, SUB_ERR_IO, 0, 0, "write failed: %s",
					   strerror(errno));
			goto out_close;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd)) {
		rc = sub_error_set(err, SUB_ERR_IO, 0, 0, "fsync failed: %s", strerror(errno));
		goto out_close;
	}
	if (close(fd)) {
		fd = -1;
		rc = sub_error_set(err, SUB_ERR_IO, 0, 0, "close failed: %s", strerror(errno));
		goto out_unlink;
	}
	fd = -1;
	if (keep_backup && access(path, F_OK) == 0) {
		char *bak = malloc(plen + 2);
		if (bak) {
			snprintf(bak, plen + 2, "%s~", path);
			unlink(bak);
			if (link(path, bak))
				rename(path, bak); /* hard links unsupported: fall back to a move */
			free(bak);
		}
	}
	if (rename(tmp, path)) {
		rc = sub_error_set(err, SUB_ERR_IO, 0, 0, "cannot rename into place: %s",
				   strerror(errno));
		goto out_unlink;
	}
	goto out_free;
out_close:
	if (fd >= 0)
		close(fd);
out_unlink:
	unlink(tmp);
out_free:
	free(tmp);
	return rc;
}

void sub_buf_append(struct sub_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		void *arr = b->data;
		if (n > SIZE_MAX - b->len - 1 || sub_grow(&arr, &b->cap, b->len + n + 1, 1)) {
			b->oom = 1;
			return;
		}
		b->data = arr;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

void sub_buf_puts(struct sub_buf *b, const char *s)
{
	sub_buf_append(b, s, strlen(s));
}

void sub_buf_printf(struct sub_buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		sub_buf_append(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sub_buf_append(b, big, (size_t)n);
	free(big);
}

void sub_buf_release(struct sub_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}
