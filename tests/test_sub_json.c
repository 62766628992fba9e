/* test_sub_json.c: the project JSON and the aeneas sync map. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"
#include "tap.h"

#include "sub_test_util.h"

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
	/* a full round trip keeps everything, a translator's note among the remarks */
	struct sub_project *q = NULL;
	struct sub_error err;
	CHECK(sub_project_add_remark(p, SUB_REMARK_NOTE, 12, -1, -1, -1, -1,
	                             "(Translator's note: Aliyun)") == SUB_OK);
	s = write_with("json", p, 0, &len);
	CHECK(s && strstr(s, "\"kind\": \"note\""));
	CHECK(s && read_with("json", s, len, 0, NULL, &q, &err) == SUB_OK);
	if (q) {
		CHECK(q->n_chapters == 2 && q->n_speakers == 2 && q->n_remarks == 2);
		CHECK(q->n_remarks == 2 && q->remarks[1].kind == SUB_REMARK_NOTE &&
		      q->remarks[1].line == 12);
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
