/* test_sub_vtt.c: the vtt driver: reading, writing, round trip, bad input. */
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

static const char *trimmed(const char *s, char *buf, size_t size)
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

static void test_spec(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(read_file_with("vtt", DATA("spec.vtt"), 0, NULL, &p, &err) == SUB_OK);
	if (!p)
		return;
	CHECK(sub_project_cue_count(p) == 3);
	CHECK(p->n_turns == 3 && p->n_speakers == 2);
	CHECK(p->turns[0].speaker == 0 && !strcmp(p->speakers[0].name[0], "Host"));
	CHECK(p->turns[1].speaker == 1 && !strcmp(p->speakers[1].name[0], "Wang Jian"));
	CHECK(p->turns[2].speaker == -1);
	const struct sub_cue *c = &p->turns[0].cues[0];
	CHECK(c->start_ms == 1000 && c->end_ms == 2500); /* mm:ss.ttt, settings ignored */
	CHECK(!strcmp(c->text[0], "Welcome & hello <3\nsecond line"));
	c = &p->turns[1].cues[0];
	CHECK(!strcmp(c->text[0], "It's <i>changing</i> things."));
	c = &p->turns[2].cues[0];
	CHECK(c->start_ms == 3605250 && c->end_ms == 3606000);
	CHECK(!strcmp(c->text[0], "plain \xC2\xA0text"));
	/* writing escapes what must be and keeps voices */
	char *s = write_with("vtt", p, 0, NULL);
	CHECK(s && !strncmp(s, "WEBVTT\n\n", 8));
	CHECK(s && strstr(s, "00:00:01.000 --> 00:00:02.500\n<v Host>Welcome &amp; hello &lt;3\n"
	                     "second line\n"));
	CHECK(s && strstr(s, "<v Wang Jian>It's <i>changing</i> things."));
	CHECK(s && strstr(s, "01:00:05.250 --> 01:00:06.000\nplain"));
	free(s);
	sub_project_free(p);
}

static void test_errors(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	const char *nohdr = "00:01.000 --> 00:02.000\nx\n";
	CHECK(read_with("vtt", nohdr, strlen(nohdr), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 1 && err_has(&err, "WEBVTT"));
	const char *bad = "WEBVTT\n\n00:01.000 --> 00:61.000\nx\n";
	CHECK(read_with("vtt", bad, strlen(bad), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 3 && err.column == 18 && err_has(&err, "out of range"));
	const char *noarrow = "WEBVTT\n\nid\n00:01.000 - 00:02.000\nx\n";
	CHECK(read_with("vtt", noarrow, strlen(noarrow), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 4);
	const char *trunc = "WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\nid-without-timing\n";
	CHECK(read_with("vtt", trunc, strlen(trunc), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 6);
	const char *back = "WEBVTT\n\n00:05.000 --> 00:04.000\nx\n";
	CHECK(read_with("vtt", back, strlen(back), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 3 && err.column == 15);
	CHECK(read_with("vtt", back, strlen(back), 1, NULL, &p, &err) == SUB_OK);
	CHECK(p && p->n_remarks == 1 && p->turns[0].cues[0].end_ms > 5000);
	sub_project_free(p);
	p = NULL;
	const char *empty = "WEBVTT\n\nNOTE nothing\n";
	CHECK(read_with("vtt", empty, strlen(empty), 0, NULL, &p, &err) == SUB_ERR_EMPTY);
	CHECK(read_with("vtt", "", 0, 0, NULL, &p, &err) == SUB_ERR_EMPTY);
	CHECK(read_with("vtt", "WEBVTT\n\0\n", 9, 0, NULL, &p, &err) == SUB_ERR_ENCODING);
	CHECK(p == NULL);
	CHECK(sub_format_vtt.read("x", 1, NULL, NULL, NULL) == SUB_ERR_ARG);
	CHECK(sub_format_vtt.write(NULL, NULL, NULL) == SUB_ERR_ARG);
}

static void test_injection(void)
{
	/* text that looks like markup stays text */
	struct sub_project *p = sub_project_new(), *q = NULL;
	sub_project_add_lang(p, "en");
	p->timed = 1;
	long s = sub_project_speaker(p, 0, "A <b> & B");
	struct sub_turn *t = sub_project_add_turn(p);
	t->speaker = (int)s;
	t->start_ms = 0;
	t->end_ms = 2000;
	sub_set_str(&t->text[0], "x --> y <c.red>&amp; 1 < 2");
	struct sub_cue *c = sub_turn_add_cue(t);
	c->start_ms = 0;
	c->end_ms = 2000;
	sub_set_str(&c->text[0], "x --> y <c.red>&amp; 1 < 2");
	size_t len;
	char *out = write_with("vtt", p, 0, &len);
	struct sub_error err;
	CHECK(out && read_with("vtt", out, len, 0, NULL, &q, &err) == SUB_OK);
	CHECK(q && !strcmp(q->turns[0].cues[0].text[0], "x --> y <c.red>&amp; 1 < 2"));
	CHECK(q && q->n_speakers == 1 && !strcmp(q->speakers[0].name[0], "A <b> & B"));
	free(out);
	sub_project_free(q);
	sub_project_free(p);
}

int main(void)
{
	test_spec();
	test_errors();
	test_injection();
	round_trip("vtt", 0, RT_LANGS | RT_STABLE);
	CHECK(sub_format_probe("WEBVTT\n\n", 8) == &sub_format_vtt);
	CHECK(sub_format_by_name("webvtt") == &sub_format_vtt);
	return tap_done();
}
