/* test_sub_srt.c: SubRip reading (tolerant and strict), writing, round trip, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"
#include "tap.h"

#include "sub_test_util.h"

static void test_tolerant(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(read_file_with("srt", DATA("tolerant.srt"), 0, NULL, &p, &err) == SUB_OK);
	if (!p)
		return;
	CHECK(p->timed && p->n_langs == 1 && !strcmp(p->lang[0], "en"));
	CHECK(sub_project_cue_count(p) == 5);
	size_t t, c;
	const struct sub_cue *q;
	CHECK(sub_project_cue_at(p, 0, &t, &c) == SUB_OK);
	q = &p->turns[t].cues[c];
	CHECK(q->start_ms == 1000 && q->end_ms == 2500);
	CHECK(q->text[0] && !strcmp(q->text[0], "<i>Hello</i> there\nsecond line"));
	sub_project_cue_at(p, 1, &t, &c);
	q = &p->turns[t].cues[c];
	CHECK(q->start_ms == 3000 && q->end_ms == 4250); /* dot before the ms, position kept out */
	CHECK(q->text[0] &&
	      !strcmp(q->text[0], "<font color=\"#ff0000\">Red</font> & <b>bold</b>"));
	sub_project_cue_at(p, 2, &t, &c);
	q = &p->turns[t].cues[c];
	CHECK(q->start_ms == 5000 && q->text[0] &&
	      !strcmp(q->text[0], "no blank line before this cue"));
	sub_project_cue_at(p, 3, &t, &c);
	q = &p->turns[t].cues[c];
	CHECK(q->start_ms == 7000 && q->text[0] &&
	      !strcmp(q->text[0], "stray index above, then a blank"));
	sub_project_cue_at(p, 4, &t, &c);
	q = &p->turns[t].cues[c];
	CHECK(q->start_ms == (int64_t)100 * 3600000 && q->end_ms == (int64_t)100 * 3600000 + 1500);
	/* tags survive writing */
	char *s = write_with("srt", p, 0, NULL);
	CHECK(s && strstr(s, "<i>Hello</i> there\nsecond line\n"));
	CHECK(s && strstr(s, "100:00:00,000 --> 100:00:01,500"));
	free(s);
	sub_project_free(p);
}

static void test_errors(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(read_file_with("srt", DATA("bad_time.srt"), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(p == NULL);
	CHECK(err.line == 6 && err.column == 7 && err_has(&err, "minutes/seconds out of range"));
	CHECK(read_file_with("srt", DATA("truncated.srt"), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 6 && err.column == 21 && err_has(&err, "two digits"));
	CHECK(read_file_with("srt", DATA("truncated2.srt"), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 5 && err_has(&err, "truncated"));
	CHECK(read_file_with("srt", DATA("empty.srt"), 0, NULL, &p, &err) == SUB_ERR_EMPTY);
	CHECK(read_file_with("srt", DATA("binary.srt"), 0, NULL, &p, &err) == SUB_ERR_ENCODING);
	CHECK(err.line == 3 && err.column == 4);
	CHECK(read_file_with("srt", DATA("latin1.srt"), 0, NULL, &p, &err) == SUB_ERR_ENCODING);
	CHECK(err.line == 3 && err.column == 12);
	CHECK(read_with("srt", "hello\n", 6, 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 1 && err_has(&err, "expected a cue number"));
	CHECK(read_with("srt", "1\n00:00:01,000 -> 00:00:02,000\nx\n", 33, 0, NULL, &p, &err) ==
	      SUB_ERR_PARSE);
	CHECK(read_with("srt", "1\n00:00:01,000 --> 00:00:0x,000\nx\n", 34, 0, NULL, &p, &err) ==
	      SUB_ERR_PARSE);
	CHECK(err.line == 2 && err.column == 24 && err_has(&err, "two digits"));
	CHECK(read_with("srt", " \n\n  \n", 6, 0, NULL, &p, &err) == SUB_ERR_EMPTY);
	CHECK(read_with("srt", NULL, 0, 0, NULL, &p, &err) != SUB_OK);
	CHECK(sub_format_srt.read("x", 1, NULL, NULL, NULL) == SUB_ERR_ARG);
	CHECK(sub_format_srt.write(NULL, NULL, NULL) == SUB_ERR_ARG);

	/* a 50 MB file of one line: a clear error, quickly */
	size_t big = (size_t)50 * 1024 * 1024;
	char *huge = malloc(big + 1);
	CHECK(huge != NULL);
	if (huge) {
		memset(huge, 'a', big);
		huge[big] = 0;
		CHECK(read_with("srt", huge, big, 0, NULL, &p, &err) == SUB_ERR_PARSE);
		CHECK(err.line == 1);
		memcpy(huge, "1\n00:00:01,000 --> 00:00:02,000\n", 32);
		CHECK(read_with("srt", huge, big, 0, NULL, &p, &err) == SUB_OK);
		CHECK(p && p->turns[0].cues[0].text[0] &&
		      strlen(p->turns[0].cues[0].text[0]) == big - 32);
		sub_project_free(p);
		p = NULL;
		free(huge);
	}
}

static void test_repair(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(read_file_with("srt", DATA("repair.srt"), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 6 && err.column == 18 && err_has(&err, "before the start time"));
	CHECK(read_file_with("srt", DATA("repair.srt"), 1, NULL, &p, &err) == SUB_OK);
	if (!p)
		return;
	CHECK(sub_project_cue_count(p) == 4);
	CHECK(p->n_remarks == 2);
	CHECK(p->remarks[0].kind == SUB_REMARK_REPAIRED && p->remarks[0].line == 6 &&
	      strstr(p->remarks[0].text, "cue 2"));
	CHECK(p->remarks[1].kind == SUB_REMARK_REPAIRED && p->remarks[1].line == 10 &&
	      strstr(p->remarks[1].text, "cue 3"));
	size_t t, c;
	sub_project_cue_at(p, 1, &t, &c);
	CHECK(p->turns[t].cues[c].start_ms == 5000 &&
	      p->turns[t].cues[c].end_ms == 5000 + sub_preset_default()->min_duration_ms);
	sub_project_cue_at(p, 2, &t, &c);
	CHECK(p->turns[t].cues[c].end_ms == 8000); /* trimmed to the next start */
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	sub_project_free(p);
	/* out-of-order cues are sorted, not refused */
	const char *ooo = "2\n00:00:05,000 --> 00:00:06,000\nlater\n\n1\n00:00:01,000 --> "
	                  "00:00:02,000\nearlier\n";
	CHECK(read_with("srt", ooo, strlen(ooo), 0, NULL, &p, &err) == SUB_OK);
	CHECK(p && p->turns[0].cues[0].start_ms == 1000 &&
	      !strcmp(p->turns[0].cues[0].text[0], "earlier"));
	sub_project_free(p);
}

static void test_bilingual(void)
{
	/* a file with Chinese then English lines in each cue reads as two languages */
	const char *bi = "1\n00:00:01,000 --> 00:00:02,000\n你好,世界。\nHello, world.\n\n"
	                 "2\n00:00:03,000 --> 00:00:04,000\n再見\nGoodbye AI\nsee you\n";
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(read_with("srt", bi, strlen(bi), 0, NULL, &p, &err) == SUB_OK);
	if (p) {
		CHECK(p->n_langs == 2 && !strcmp(p->lang[0], "zh") && !strcmp(p->lang[1], "en"));
		CHECK(!strcmp(p->turns[1].cues[0].text[0], "再見"));
		CHECK(!strcmp(p->turns[1].cues[0].text[1], "Goodbye AI\nsee you"));
		sub_project_free(p);
	}
	/* --lang keeps it as one language */
	CHECK(read_with("srt", bi, strlen(bi), 0, "zh", &p, &err) == SUB_OK);
	CHECK(p && p->n_langs == 1 && !strcmp(p->lang[0], "zh"));
	sub_project_free(p);
}

static void test_turns_without_cues(void)
{
	struct sub_project *p = sub_project_new(), *q = NULL;
	sub_project_add_lang(p, "en");
	struct sub_turn *t = sub_project_add_turn(p);
	t->start_ms = 1000;
	t->end_ms = 3000;
	sub_set_str(&t->text[0], "A turn aligned as a whole.");
	/* untimed: only json can be written */
	struct sub_error err;
	CHECK(sub_format_write_file(&sub_format_srt, p, NULL, "/tmp/never-written.srt", &err) ==
	      SUB_ERR_INVALID);
	CHECK(err_has(&err, "no times"));
	p->timed = 1;
	size_t len;
	char *s = write_with("srt", p, 0, &len);
	CHECK(s && !strcmp(s, "1\n00:00:01,000 --> 00:00:03,000\nA turn aligned as a whole.\n\n"));
	CHECK(s && read_with("srt", s, len, 0, NULL, &q, &err) == SUB_OK);
	CHECK(q && sub_project_cue_count(q) == 1);
	CHECK(p->turns[0].n_cues == 0); /* the project itself is left alone */
	free(s);
	sub_project_free(q);
	q = NULL;
	/* "-->" in a text would read as a timing line */
	sub_set_str(&p->turns[0].text[0], "a --> b");
	s = write_with("srt", p, 0, &len);
	CHECK(s && strstr(s, "\na -- > b\n"));
	CHECK(s && read_with("srt", s, len, 0, NULL, &q, &err) == SUB_OK);
	free(s);
	sub_project_free(q);
	sub_project_free(p);
}

int main(void)
{
	test_turns_without_cues();
	test_tolerant();
	test_errors();
	test_repair();
	test_bilingual();
	round_trip("srt", 0, RT_LANGS | RT_STABLE);
	/* the driver table */
	CHECK(sub_format_by_name("srt") == &sub_format_srt);
	CHECK(sub_format_for_path("a/b.SRT") == &sub_format_srt);
	CHECK(sub_format_probe("1\n00:00:01,000 --> 00:00:02,000\nx\n", 33) == &sub_format_srt);
	CHECK(sub_format_by_name("nope") == NULL);
	return tap_done();
}
