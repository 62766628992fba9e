/*
 * sub_io.h: reading whole files with a size cap, and atomic writes.
 *
 * Parsers work on memory buffers; these are the thin file wrappers around them.
 */
#ifndef SUB_IO_H
#define SUB_IO_H

#include <stddef.h>

#include "sub_model.h"

/* Default cap on files read into memory: transcripts and subtitles are text. */
#define SUB_FILE_MAX_BYTES ((size_t)256 * 1024 * 1024)

/*
 * Reads a whole file ("-" for stdin) into a new buffer, NUL-terminated (the terminator is
 * not counted in *len). Files larger than max_bytes fail with SUB_ERR_TOO_BIG.
 * On success *buf is a new buffer, free with free(). err->file is set to path.
 */
int sub_file_read(const char *path, size_t max_bytes, char **buf, size_t *len,
		  struct sub_error *err);

/*
 * Writes len bytes to path atomically: into a temporary file in the same folder, fsync,
 * then rename over path, so a reader never sees a half-written file and a crash leaves
 * the old file whole. path "-" writes to stdout. If keep_backup is nonzero and path
 * exists, it is first kept as "path~". Returns SUB_OK or SUB_ERR_IO (err says why).
 */
int sub_file_write_atomic(const char *path, const void *data, size_t len, int keep_backup,
			  struct sub_error *err);

/* A growing string buffer for writers. Always NUL-terminated once anything was added. */
struct sub_buf {
	char *data;
	size_t len;
	size_t cap;
	int oom; /* set once an append failed; later appends do nothing */
};

/* Appends n bytes / a string / printf-style text. Failures set b->oom. */
void sub_buf_append(struct sub_buf *b, const char *s, size_t n);
void sub_buf_puts(struct sub_buf *b, const char *s);
void sub_buf_printf(struct sub_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Frees the buffer's storage and zeroes it. */
void sub_buf_release(struct sub_buf *b);

#endif
