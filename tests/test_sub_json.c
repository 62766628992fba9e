/* test_sub_json.c: the project JSON and the aeneas sync map. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
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

static void test_sample(void)
{
	struct sub_project *p = load_sample();
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(p->n_langs == 2 && !strcmp(p->lang[0], "zh") && !strcmp(p->lang[1], "en"));
	CHECK(p->audio_lang == 1 && p->timed && !strcmp(p->align_method, "sentence"));
	CHECK(p->audio_path && !strcmp(p->audio_path, "interview.wav"));
	CHECK(p->n_speakers == 2 && !strcmp(p->speakers[1].name[1], "Wang Jian"));
	CHECK(p->n_chapters == 2 && p->chapters[1].first_turn == 4);
	CHECK(p->n_turns == 5 && p->turns[3].chapter == 0 && p->turns[4].chapter == 1);
	CHECK(p->turns[1].speaker == 1 && p->turns[1].src_line == 8);
	CHECK(p->turns[0].start_ms == 1234 && p->turns[0].cues[0].start_ms == 1234);
	CHECK(p->turns[0].cues[0].confidence > 0.92f && p->turns[0].cues[0].confidence < 0.94f);
	CHECK(p->n_remarks == 1 && p->remarks[0].kind == SUB_REMARK_HEADING);
	size_t len;
	char *s = write_with("json", p, 0, &len);
	CHECK(s && strstr(s, "\"start\": 1.234,"));
	CHECK(s && strstr(s, "\"confidence\": 0.93,"));
	CHECK(s && strstr(s, "\"tsync\": 1,"));
	free(s);
	/* a full round trip keeps everything */
	struct sub_project *q = NULL;
	struct sub_error err;
	s = write_with("json", p, 0, &len);
	CHECK(s && read_with("json", s, len, 0, NULL, &q, &err) == SUB_OK);
	if (q) {
		CHECK(q->n_chapters == 2 && q->n_speakers == 2 && q->n_remarks == 1);
		CHECK(q->audio_lang == 1 && q->turns[1].src_line == 8);
		CHECK(!strcmp(q->chapters[0].title[1], p->chapters[0].title[1]));
	}
	free(s);
	sub_project_free(q);
	sub_project_free(p);
}

static void test_untimed(void)
{
	struct sub_project *p = sub_project_new(), *q = NULL;
	sub_project_add_lang(p, "zh");
	struct sub_turn *t = sub_project_add_turn(p);
	sub_set_str(&t->text[0], "沒有時間");
	size_t len;
	char *s = write_with("json", p, 0, &len);
	CHECK(s && strstr(s, "\"timed\": false") && !strstr(s, "\"start\""));
	struct sub_error err;
	CHECK(s && read_with("json", s, len, 0, NULL, &q, &err) == SUB_OK);
	CHECK(q && !q->timed && q->n_turns == 1 && !strcmp(q->turns[0].text[0], "沒有時間"));
	free(s);
	sub_project_free(q);
	sub_project_free(p);
}

static void expect_error(const char *json, int code, int line, const char *what)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	int rc = read_with("json", json, strlen(json), 0, NULL, &p, &err);
	CHECK(rc == code);
	CHECK(p == NULL);
	if (line >= 0)
		CHECK(err.line == line);
	if (what && !err_has(&err, what))
		fprintf(stderr, "expected '%s' in '%s'\n", what, err.msg);
	CHECK(!what || err_has(&err, what));
}

#define HEAD "{\"tsync\": 1, \"languages\": [\"zh\", \"en\"], "

static void test_errors(void)
{
	expect_error("{\"tsync\": 1,\n \"languages\": [\"zh\",]\n}", SUB_ERR_PARSE, 2, NULL);
	expect_error("", SUB_ERR_EMPTY, -1, NULL);
	expect_error("[1, 2]", SUB_ERR_PARSE, -1, "object");
	expect_error("{\"languages\": [\"zh\"]}", SUB_ERR_PARSE, -1, "tsync");
	expect_error("{\"tsync\": 2, \"languages\": [\"zh\"]}", SUB_ERR_PARSE, -1, "version 2");
	expect_error("{\"tsync\": 1}", SUB_ERR_PARSE, -1, "languages");
	expect_error("{\"tsync\": 1, \"languages\": [\"zh\", \"zh\"]}", SUB_ERR_PARSE, -1,
	             "repeated");
	expect_error(HEAD "\"turns\": [{\"start\": 1, \"end\": 2, \"text\": {\"fr\": \"x\"}}]}",
	             SUB_ERR_PARSE, -1, "turn 1: text in language 'fr'");
	expect_error(HEAD "\"turns\": [{\"start\": 1, \"end\": 2}, {\"start\": 3, \"end\": 4, "
	                  "\"cues\": [{\"start\": -1, \"end\": 4}]}]}",
	             SUB_ERR_PARSE, -1, "turn 2, cue 1: 'start'");
	expect_error(HEAD "\"turns\": [{\"start\": 1, \"end\": 2, \"cues\": [{\"end\": 2}]}]}",
	             SUB_ERR_PARSE, -1, "turn 1, cue 1: 'start' (a time in seconds) is missing");
	expect_error(HEAD "\"turns\": [{\"start\": 1, \"end\": 5, \"cues\": [{\"start\": 1, "
	                  "\"end\": 3}, {\"start\": 2, \"end\": 4}]}]}",
	             SUB_ERR_INVALID, -1, "overlaps");
	expect_error(HEAD "\"turns\": [{\"line\": 40, \"start\": 3, \"end\": 2}]}", SUB_ERR_INVALID, 0,
	             "before it starts");
	expect_error(HEAD "\"speakers\": [], \"turns\": [{\"speaker_index\": 3, \"start\": 1, "
	                  "\"end\": 2}]}",
	             SUB_ERR_PARSE, -1, "speaker_index");
	expect_error(HEAD "\"turns\": [{\"start\": 1, \"end\": 2, \"confidence\": 7}]}",
	             SUB_ERR_PARSE, -1, "confidence");
	expect_error(HEAD "\"remarks\": [{\"kind\": \"bogus\"}]}", SUB_ERR_PARSE, -1, "kind");
	expect_error("{\"tsync\": 1, \"tsync\": 1}", SUB_ERR_PARSE, 1, "duplicate");
	/* a speaker given by name only is found or added */
	struct sub_project *p = NULL;
	struct sub_error err;
	const char *byname = HEAD "\"speakers\": [{\"name\": {\"en\": \"Host\"}}], \"turns\": "
	                          "[{\"speaker\": \"Host\", \"start\": 1, \"end\": 2}, "
	                          "{\"speaker\": \"Guest\", \"start\": 2, \"end\": 3}]}";
	CHECK(read_with("json", byname, strlen(byname), 0, NULL, &p, &err) == SUB_OK);
	CHECK(p && p->turns[0].speaker == 0 && p->turns[1].speaker == 1 && p->n_speakers == 2);
	sub_project_free(p);
}

static void test_files(void)
{
	struct sub_project *p = load_sample(), *q = NULL;
	struct sub_error err;
	char path[] = "/tmp/tsync_test_json_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(sub_project_write_json_file(p, path, 0, &err) == SUB_OK);
	CHECK(sub_project_read_json_file(path, &q, &err) == SUB_OK);
	CHECK(q && compare_cues(p, q, 0, 0) == 0);
	sub_project_free(q);
	q = NULL;
	/* read_file picks the driver by content */
	CHECK(sub_format_read_file(path, NULL, &q, &err) == SUB_OK);
	CHECK(q && q->n_chapters == 2);
	sub_project_free(q);
	q = NULL;
	remove(path);
	CHECK(sub_project_write_json_file(p, "/nonexistent-dir/x.json", 0, &err) == SUB_ERR_IO);
	CHECK(!strcmp(err.file, "/nonexistent-dir/x.json"));
	CHECK(sub_project_read_json_file("/nonexistent-dir/x.json", &q, &err) == SUB_ERR_IO);
	CHECK(sub_project_read_json_file(NULL, &q, &err) == SUB_ERR_ARG);
	CHECK(sub_project_write_json_file(NULL, path, 0, &err) == SUB_ERR_ARG);
	sub_project_free(p);
	if (fd >= 0)
		close(fd);
}

static void test_aeneas(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(read_file_with("aeneas", DATA("sample.aeneas.json"), 0, NULL, &p, &err) == SUB_OK);
	CHECK(p && sub_project_cue_count(p) == 2 && !strcmp(p->lang[0], "en"));
	CHECK(p && p->turns[0].cues[0].end_ms == 2345 &&
	      !strcmp(p->turns[1].cues[0].text[0], "Second fragment."));
	sub_project_free(p);
	p = NULL;
	struct sub_project *s = load_sample();
	size_t len;
	char *out = write_with("aeneas", s, 2, &len);
	CHECK(out && strstr(out, "\"begin\": \"1.234\"") && strstr(out, "\"id\": \"f000001\"") &&
	      strstr(out, "\"language\": \"en\""));
	free(out);
	sub_project_free(s);
	const char *bad =
	        "{\"fragments\": [{\"begin\": \"abc\", \"end\": \"2\", \"lines\": [\"x\"]}]}";
	CHECK(read_with("aeneas", bad, strlen(bad), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err_has(&err, "fragment 1"));
	CHECK(read_with("aeneas", "{}", 2, 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(read_with("aeneas", "{\"fragments\": []}", 17, 0, NULL, &p, &err) == SUB_ERR_EMPTY);
	CHECK(sub_format_probe("{\"fragments\": []}", 17) == &sub_format_aeneas);
	CHECK(sub_format_probe("{\"tsync\": 1}", 12) == &sub_format_json);
}

int main(void)
{
	test_sample();
	test_untimed();
	test_errors();
	test_files();
	test_aeneas();
	round_trip("json", 0, RT_STABLE);
	round_trip("aeneas", 0, RT_LANGS | RT_STABLE);
	return tap_done();
}
