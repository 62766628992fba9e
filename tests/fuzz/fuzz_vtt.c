/* fuzz_vtt.c: libFuzzer target for the vtt reader. Whatever it accepts must also be
 * written, read back (or found empty) and checked without a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sub_format *f = &sub_format_vtt;
	struct sub_read_opts o = {.lenient = size && (data[0] & 1)};
	struct sub_project *p = NULL, *q = NULL;
	struct sub_error err;
	if (f->read((const char *)data, size, &o, &p, &err)) {
		if (p)
			abort(); /* a failed read must not hand out a project */
		return 0;
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
	return 0;
}
