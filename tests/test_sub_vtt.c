/* test_sub_vtt.c: the vtt driver: reading, writing, round trip, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"
#include "tap.h"

#include "sub_test_util.h"

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
