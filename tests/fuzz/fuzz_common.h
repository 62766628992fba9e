/* fuzz_common.h: the round trip every format fuzz target runs. Whatever a reader
 * accepts must be a valid project, must be written, read back (or found empty) and
 * checked without a crash; a failed read must not hand out a project. Aborts on any
 * broken promise, so libFuzzer reports it. */
#ifndef TSYNC_FUZZ_COMMON_H
#define TSYNC_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs data through driver f: read, validate, write, read back, check. Bit 0 of the
 * first byte picks lenient reading. */
static inline void fuzz_format_one(const struct sub_format *f, const uint8_t *data, size_t size)
{
	struct sub_read_opts o = {.lenient = size && (data[0] & 1)};
	struct sub_project *p = NULL, *q = NULL;
	struct sub_error err;
	if (f->read((const char *)data, size, &o, &p, &err)) {
		if (p)
			abort(); /* a failed read must not hand out a project */
		return;
	}
	if (sub_project_validate(p, &err))
		abort(); /* readers return valid projects */
	struct sub_write_opts w;
	sub_write_opts_init(&w);
	struct sub_buf b = {0};
	if (f->write(p, &w, &b) == SUB_OK && !b.oom) {
		int rc = f->read(b.data ? b.data : "", b.len, &o, &q, &err);
		if (rc != SUB_OK && rc != SUB_ERR_EMPTY) {
			char m[1024];
			sub_error_format(&err, m, sizeof(m));
			fprintf(stderr, "re-reading our own output failed: %s\n", m);
			abort();
		}
	}
	struct sub_issue *is = NULL;
	size_t n = 0;
	sub_check_project(p, NULL, &is, &n);
	free(is);
	sub_buf_release(&b);
	sub_project_free(q);
	sub_project_free(p);
}

#endif
