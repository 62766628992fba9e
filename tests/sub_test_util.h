/* sub_test_util.h: helpers the subtitle format tests share: read and write a buffer
 * with a named driver, load the sample project, compare cues, round-trip a format.
 * Every function is static inline, so each test program (one .c under CTest) takes
 * only what it uses; include after tap.h. */
#ifndef TSYNC_SUB_TEST_UTIL_H
#define TSYNC_SUB_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"
#include "tap.h"

#define SAMPLE TSYNC_TEST_DATA "/subs/sample.project.json"
#define DATA(name) TSYNC_TEST_DATA "/subs/" name

/* Reads a whole test file into a new buffer. */
static inline char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	struct sub_error err;
	if (sub_file_read(path, SUB_FILE_MAX_BYTES, &buf, len, &err)) {
		fprintf(stderr, "cannot read %s\n", path);
		return NULL;
	}
	return buf;
}

/* Reads buf with the driver named fmt; returns the result code. */
static inline int read_with(const char *fmt, const char *buf, size_t len, int lenient,
                            const char *lang, struct sub_project **p, struct sub_error *err)
{
	const struct sub_format *f = sub_format_by_name(fmt);
	struct sub_read_opts o = {.lenient = lenient, .lang = lang, .filename = "test"};
	memset(err, 0, sizeof(*err));
	if (!f || !f->read)
		return SUB_ERR_FORMAT;
	return f->read(buf, len, &o, p, err);
}

static inline int read_file_with(const char *fmt, const char *path, int lenient, const char *lang,
                                 struct sub_project **p, struct sub_error *err)
{
	size_t len = 0;
	char *buf = slurp(path, &len);
	if (!buf)
		return SUB_ERR_IO;
	int rc = read_with(fmt, buf, len, lenient, lang, p, err);
	free(buf);
	return rc;
}

/* Writes p with driver fmt (lang_mask) into a new NUL-terminated string. */
static inline char *write_with(const char *fmt, const struct sub_project *p, int lang_mask,
                               size_t *len)
{
	const struct sub_format *f = sub_format_by_name(fmt);
	struct sub_write_opts o;
	sub_write_opts_init(&o);
	o.lang_mask = lang_mask;
	struct sub_buf b = {0};
	if (!f || f->write(p, &o, &b) || b.oom) {
		sub_buf_release(&b);
		return NULL;
	}
	if (len)
		*len = b.len;
	return b.data ? b.data : strdup("");
}

static inline const char *trimmed(const char *s, char *buf, size_t size)
{
	if (!s)
		s = "";
	while (*s == ' ' || *s == '\n')
		s++;
	snprintf(buf, size, "%s", s);
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\n'))
		buf[--n] = 0;
	return buf;
}

/* Compares the cues of two projects: same count, times within tol_ms, same texts in
 * every language of a (looked up by code in b) that mask selects. Returns the number of
 * differences and prints the first few. */
static inline int compare_cues(const struct sub_project *a, const struct sub_project *b,
                               int64_t tol_ms, int mask)
{
	size_t na = sub_project_cue_count(a), nb = sub_project_cue_count(b);
	if (na != nb) {
		fprintf(stderr, "cue counts differ: %zu vs %zu\n", na, nb);
		return 1;
	}
	int diffs = 0;
	for (size_t i = 0; i < na; i++) {
		size_t ta, ca, tb, cb;
		sub_project_cue_at(a, i, &ta, &ca);
		sub_project_cue_at(b, i, &tb, &cb);
		const struct sub_cue *x = &a->turns[ta].cues[ca], *y = &b->turns[tb].cues[cb];
		int64_t ds = x->start_ms - y->start_ms, de = x->end_ms - y->end_ms;
		if (ds < -tol_ms || ds > tol_ms || de < -tol_ms || de > tol_ms) {
			if (diffs++ < 5)
				fprintf(stderr, "cue %zu: times %lld-%lld vs %lld-%lld\n", i + 1,
				        (long long)x->start_ms, (long long)x->end_ms,
				        (long long)y->start_ms, (long long)y->end_ms);
		}
		for (int l = 0; l < a->n_langs; l++) {
			if (mask && !((mask >> l) & 1))
				continue;
			int k = sub_project_find_lang(b, a->lang[l]);
			char s1[2048], s2[2048];
			trimmed(x->text[l], s1, sizeof(s1));
			trimmed(k >= 0 ? y->text[k] : NULL, s2, sizeof(s2));
			if (strcmp(s1, s2) && diffs++ < 5)
				fprintf(stderr, "cue %zu %s: '%s' vs '%s'\n", i + 1, a->lang[l], s1,
				        s2);
		}
	}
	return diffs;
}

static inline struct sub_project *load_sample(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	int rc = sub_project_read_json_file(SAMPLE, &p, &err);
	if (rc) {
		char m[1024];
		sub_error_format(&err, m, sizeof(m));
		fprintf(stderr, "sample: %s\n", m);
	}
	return p;
}

/* Writes the sample with fmt, reads it back, compares (all languages, then each alone). */
enum { RT_LANGS = 1, RT_STABLE = 2 };

static inline void round_trip(const char *fmt, int64_t tol_ms, int flags)
{
	struct sub_project *p = load_sample(), *q = NULL;
	CHECK(p != NULL);
	if (!p)
		return;
	for (int mask = 0; mask <= ((flags & RT_LANGS) ? 2 : 0); mask++) {
		size_t len = 0;
		char *s = write_with(fmt, p, mask, &len);
		CHECK(s != NULL);
		if (!s)
			continue;
		struct sub_error err;
		int rc = read_with(fmt, s, len, 0, NULL, &q, &err);
		if (rc) {
			char m[1024];
			sub_error_format(&err, m, sizeof(m));
			fprintf(stderr, "%s round trip (mask %d): %s\n", fmt, mask, m);
		}
		CHECK(rc == SUB_OK);
		if (!rc) {
			CHECK(compare_cues(p, q, tol_ms, mask) == 0);
			if (flags & RT_LANGS)
				CHECK(q->n_langs == (mask ? 1 : p->n_langs));
			sub_set_str(&q->audio_path, p->audio_path);
			/* writing the copy gives the same bytes again */
			size_t len2 = 0;
			char *s2 = write_with(fmt, q, 0, &len2);
			if (flags & RT_STABLE)
				CHECK(s2 && len2 == len && !memcmp(s, s2, len));
			free(s2);
		}
		sub_project_free(q);
		q = NULL;
		free(s);
	}
	sub_project_free(p);
}

static inline int err_has(const struct sub_error *err, const char *what)
{
	return strstr(err->msg, what) != NULL;
}

#endif
