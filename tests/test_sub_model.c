/* test_sub_model.c: the cue model's lifecycle, invariants and helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med_common.h"
#include "sub_model.h"
#include "tap.h"

static struct sub_project *sample(void)
{
	struct sub_project *p = sub_project_new();
	CHECK(p != NULL);
	CHECK(sub_project_add_lang(p, "zh") == 0);
	CHECK(sub_project_add_lang(p, "en") == 1);
	CHECK(sub_project_add_lang(p, "en") == 1);
	CHECK(sub_project_speaker(p, 0, "主持人") == 0);
	CHECK(sub_project_speaker(p, 0, "王堅") == 1);
	CHECK(sub_project_speaker(p, 0, "主持人") == 0);
	CHECK(sub_project_add_chapter(p, 0, "一") == SUB_OK);
	struct sub_turn *t = sub_project_add_turn(p);
	t->speaker = 0;
	sub_set_str(&t->text[0], "你好。再見。");
	sub_set_str(&t->text[1], "Hello. Bye.");
	t->start_ms = 1000;
	t->end_ms = 5000;
	struct sub_cue *c = sub_turn_add_cue(t);
	c->start_ms = 1000;
	c->end_ms = 2000;
	sub_set_str(&c->text[0], "你好。");
	sub_set_str(&c->text[1], "Hello.");
	c = sub_turn_add_cue(t);
	c->start_ms = 2500;
	c->end_ms = 5000;
	sub_set_str(&c->text[0], "再見。");
	sub_set_str(&c->text[1], " Bye.");
	p->timed = 1;
	return p;
}

int main(void)
{
	struct sub_error err;
	memset(&err, 0, sizeof(err));

	/* every result code has a real message */
	for (int r = SUB_RESULT_FIRST; r <= 0; r++)
		CHECK(strcmp(sub_strerror(r), "unknown error") != 0);
	CHECK(strcmp(sub_strerror(12345), "unknown error") == 0);
	for (int r = MED_RESULT_FIRST; r <= 0; r++)
		CHECK(strcmp(med_strerror(r), "unknown error") != 0);

	sub_project_free(NULL);
	CHECK(sub_project_validate(NULL, &err) == SUB_ERR_ARG);
	CHECK(sub_project_add_lang(NULL, "zh") == SUB_ERR_ARG);
	CHECK(sub_project_add_turn(NULL) == NULL);
	CHECK(sub_turn_add_cue(NULL) == NULL);

	struct sub_project *p = sample();
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	CHECK(sub_project_cue_count(p) == 2);
	size_t ti, ci;
	CHECK(sub_project_cue_at(p, 1, &ti, &ci) == SUB_OK && ti == 0 && ci == 1);
	CHECK(sub_project_cue_at(p, 2, &ti, &ci) == SUB_ERR_ARG);

	struct sub_project *q = sub_project_dup(p);
	CHECK(q && sub_project_validate(q, &err) == SUB_OK);
	CHECK(q->n_speakers == 2 && !strcmp(q->speakers[1].name[0], "王堅"));
	CHECK(!strcmp(q->turns[0].cues[1].text[0], "再見。"));

	/* end before start */
	q->turns[0].cues[0].end_ms = 900;
	CHECK(sub_project_validate(q, &err) == SUB_ERR_INVALID);
	CHECK(strstr(err.msg, "cue 1") != NULL);
	q->turns[0].cues[0].end_ms = 2600;
	CHECK(sub_project_validate(q, &err) == SUB_ERR_INVALID); /* overlap */
	q->turns[0].cues[0].end_ms = 2000;
	q->turns[0].cues[1].end_ms = 6000;
	CHECK(sub_project_validate(q, &err) == SUB_ERR_INVALID); /* outside turn */
	q->turns[0].cues[1].end_ms = 5000;
	CHECK(sub_project_validate(q, &err) == SUB_OK);
	/* a dropped word breaks the partition */
	sub_set_str(&q->turns[0].cues[1].text[1], "Bye");
	CHECK(sub_project_validate(q, &err) == SUB_ERR_INVALID);
	sub_set_str(&q->turns[0].cues[1].text[1], "Bye.");
	CHECK(sub_project_validate(q, &err) == SUB_OK);
	/* invalid UTF-8 */
	sub_set_str(&q->turns[0].cues[1].text[0], "\xC0\xAF");
	CHECK(sub_project_validate(q, &err) == SUB_ERR_INVALID);
	sub_project_free(q);
	sub_project_free(p);

	CHECK(sub_utf8_valid("abc", 3));
	CHECK(sub_utf8_valid("王", 3));
	CHECK(!sub_utf8_valid("王", 2));
	CHECK(!sub_utf8_valid("\xED\xA0\x80", 3));  /* surrogate */
	CHECK(!sub_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */

	struct sub_error e2;
	memset(&e2, 0, sizeof(e2));
	strcpy(e2.file, "a.srt");
	sub_error_set(&e2, SUB_ERR_PARSE, 41, 7, "expected '%s'", "-->");
	char buf[600];
	sub_error_format(&e2, buf, sizeof(buf));
	CHECK(!strcmp(buf, "a.srt:41:7: expected '-->'"));
	return tap_done();
}
