/* test_sub_check.c: timing checks, time parsing, pairing two files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"
#include "tap.h"

#include "sub_test_util.h"

/* Adds a one-cue turn. */
static struct sub_cue *add(struct sub_project *p, int64_t s, int64_t e, const char *zh,
                           const char *en, float conf)
{
	struct sub_turn *t = sub_project_add_turn(p);
	t->start_ms = s;
	t->end_ms = e;
	sub_set_str(&t->text[0], zh);
	sub_set_str(&t->text[1], en);
	struct sub_cue *c = sub_turn_add_cue(t);
	c->start_ms = s;
	c->end_ms = e;
	c->confidence = conf;
	sub_set_str(&c->text[0], zh);
	sub_set_str(&c->text[1], en);
	return c;
}

static int count_kind(const struct sub_issue *v, size_t n, int kind, size_t cue)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == kind && v[i].cue == cue)
			k++;
	return k;
}

static void test_checks(void)
{
	struct sub_project *p = sub_project_new();
	sub_project_add_lang(p, "zh");
	sub_project_add_lang(p, "en");
	p->timed = 1;
	add(p, 0, 2000, "好的", "Fine.", 0.9f);  /* 0 clean */
	add(p, 2040, 4000, "好的", "Fine.", -1); /* 1 gap of 40 ms before */
	add(p, 3900, 4300, "好", "Hi", 0.3f);    /* 2 overlaps 1; short; low */
	add(p, 5000, 13000, "長", "Long", 0.9f); /* 3 too long */
	add(p, 14000, 18000, "一二三四五六七八九十一二三四五六七",
	    "This line is quite a lot longer than forty-two characters", 0.9f); /* 4 */
	add(p, 18500, 21000, "一\n二\n三", "ok", 0.9f);                         /* 5 three lines */
	add(p, 22000, 23000, "一二三四五六七八九十", "Way too many characters for a second",
	    0.9f); /* 6 reading speed in both */
	struct sub_check_opts o;
	sub_check_opts_init(&o);
	struct sub_issue *v = NULL;
	size_t n = 0;
	CHECK(sub_check_project(p, &o, &v, &n) == SUB_OK);
	CHECK(count_kind(v, n, SUB_ISSUE_GAP, 0) == 1);
	CHECK(count_kind(v, n, SUB_ISSUE_OVERLAP, 1) == 1);
	CHECK(count_kind(v, n, SUB_ISSUE_SHORT, 2) == 1);
	CHECK(count_kind(v, n, SUB_ISSUE_CONFIDENCE, 2) == 1);
	CHECK(count_kind(v, n, SUB_ISSUE_CONFIDENCE, 1) == 0); /* unknown confidence */
	CHECK(count_kind(v, n, SUB_ISSUE_LONG, 3) == 1);
	CHECK(count_kind(v, n, SUB_ISSUE_LINE_LENGTH, 4) == 2);
	CHECK(count_kind(v, n, SUB_ISSUE_LINES, 5) == 1);
	CHECK(count_kind(v, n, SUB_ISSUE_SPEED, 6) == 2);
	CHECK(count_kind(v, n, SUB_ISSUE_SPEED, 4) == 0); /* 57 chars in 4 s: under 17/s */
	for (size_t i = 0; i < n; i++) {
		char d[256];
		sub_issue_describe(&v[i], p, d, sizeof(d));
		CHECK(d[0] && strcmp(d, "unknown issue"));
	}
	size_t total = n;
	free(v);
	/* nothing in cue 0 itself */
	/* only English */
	o.lang_mask = 2;
	CHECK(sub_check_project(p, &o, &v, &n) == SUB_OK);
	CHECK(count_kind(v, n, SUB_ISSUE_SPEED, 6) == 1 &&
	      count_kind(v, n, SUB_ISSUE_LINES, 5) == 0);
	CHECK(n < total);
	free(v);
	/* the BBC preset has a longer minimum duration and shorter lines */
	sub_check_opts_init(&o);
	o.preset = sub_preset_by_name("bbc");
	o.min_confidence = 0.2;
	CHECK(sub_check_project(p, &o, &v, &n) == SUB_OK);
	CHECK(count_kind(v, n, SUB_ISSUE_CONFIDENCE, 2) == 0);
	free(v);
	CHECK(sub_check_project(NULL, &o, &v, &n) == SUB_ERR_ARG);
	sub_project_free(p);

	/* a clean project gives no issue */
	p = sub_project_new();
	sub_project_add_lang(p, "en");
	p->timed = 1;
	struct sub_turn *t = sub_project_add_turn(p);
	t->end_ms = 5000;
	for (int i = 0; i < 2; i++) {
		struct sub_cue *c = sub_turn_add_cue(t);
		c->start_ms = i * 2500;
		c->end_ms = i * 2500 + 2000;
		sub_set_str(&c->text[0], "A short line.");
	}
	CHECK(sub_check_project(p, NULL, &v, &n) == SUB_OK);
	CHECK(n == 0 && v == NULL);
	sub_project_free(p);

	for (int k = 1; k <= SUB_ISSUE_LAST; k++)
		CHECK(strcmp(sub_issue_name(k), "unknown") != 0);
	CHECK(!strcmp(sub_issue_name(0), "unknown"));
	CHECK(sub_check_visible_chars("<i>ab</i>\n{\\an8}中文", strlen("<i>ab</i>\n{\\an8}中文")) ==
	      4);
	CHECK(sub_check_visible_chars("1 < 2 > 0", 9) == 9);
	CHECK(sub_check_is_cjk(0x4E2D) && !sub_check_is_cjk('a'));
}

static void test_time(void)
{
	int64_t ms = -5;
	size_t used = 0, col = 99;
	const char *why = NULL;
	CHECK(sub_time_parse_clock("01:02:03,456", 12, 0, &ms, &used, &col, &why) == 0);
	CHECK(ms == 3723456 && used == 12);
	CHECK(sub_time_parse_clock("02:03.4", 7, 0, &ms, &used, &col, &why) == 0 && ms == 123400);
	CHECK(sub_time_parse_clock("123:00:00.0005", 14, 0, &ms, &used, NULL, NULL) == 0);
	CHECK(ms == (int64_t)123 * 3600000 + 1); /* rounded to the nearest ms */
	ms = -5;
	CHECK(sub_time_parse_clock("00:01:61,000", 12, 0, &ms, &used, &col, &why) == -1);
	CHECK(ms == -5 && col == 6 && !strcmp(why, "minutes/seconds out of range"));
	CHECK(sub_time_parse_clock("00:61:01,000", 12, 0, &ms, &used, &col, &why) == -1 &&
	      col == 3);
	CHECK(sub_time_parse_clock("99:00.00", 8, 0, &ms, &used, &col, &why) == -1);
	CHECK(sub_time_parse_clock("99:00.00", 8, SUB_TIME_FREE_MINUTES, &ms, &used, &col, &why) ==
	              0 &&
	      ms == 5940000);
	CHECK(sub_time_parse_clock("1:02.5", 6, SUB_TIME_NEED_HOURS, &ms, &used, &col, &why) == -1);
	CHECK(sub_time_parse_clock("0:00:01,5", 9, SUB_TIME_NO_COMMA, &ms, &used, &col, &why) ==
	              0 &&
	      used == 7);
	CHECK(sub_time_parse_clock("00:01", 5, SUB_TIME_NEED_FRACTION, &ms, &used, &col, &why) ==
	      -1);
	CHECK(sub_time_parse_clock("", 0, 0, &ms, &used, &col, &why) == -1);
	CHECK(sub_time_parse_clock("abc", 3, 0, &ms, &used, &col, &why) == -1 && col == 0);
	CHECK(sub_time_parse_clock("12", 2, 0, &ms, &used, &col, &why) == -1);
	CHECK(sub_time_parse_clock("00:00:01.", 9, 0, &ms, &used, &col, &why) == -1 && col == 9);
	CHECK(sub_time_parse_clock("00:0", 4, 0, &ms, &used, &col, &why) == -1 && col == 3 &&
	      !strcmp(why, "expected two digits"));
	CHECK(sub_time_parse_clock("1:2:03", 6, 0, &ms, &used, &col, &why) == -1 && col == 2);
	CHECK(sub_time_parse_clock("1:02.5", 6, SUB_TIME_FREE_MINUTES, &ms, &used, &col, &why) ==
	              0 &&
	      ms == 62500);
	CHECK(sub_time_parse_clock("9999999999:00:00", 16, 0, &ms, &used, &col, &why) == -1);
	CHECK(sub_time_parse_clock(NULL, 0, 0, &ms, &used, &col, &why) == -1);
	CHECK(sub_time_parse_seconds("12.3456", 7, &ms, &used, &col, &why) == 0 && ms == 12346);
	CHECK(sub_time_parse_seconds("-1", 2, &ms, &used, &col, &why) == -1);
	CHECK(sub_time_parse_seconds("1e3", 3, &ms, &used, &col, &why) == 0 && used == 1);
	CHECK(sub_time_from_double(1.234, &ms) == 0 && ms == 1234);
	CHECK(sub_time_from_double(4.0006, &ms) == 0 && ms == 4001);
	CHECK(sub_time_from_double(-0.5, &ms) == -1 && ms == 4001);
	CHECK(sub_time_from_double(1e300, &ms) == -1);
	char b[SUB_TIME_BUF];
	CHECK(!strcmp(sub_time_format(3723456, SUB_TIME_SRT, b, sizeof(b)), "01:02:03,456"));
	CHECK(!strcmp(sub_time_format(3723456, SUB_TIME_VTT, b, sizeof(b)), "01:02:03.456"));
	CHECK(!strcmp(sub_time_format(3723456, SUB_TIME_ASS, b, sizeof(b)), "1:02:03.46"));
	CHECK(!strcmp(sub_time_format(3723456, SUB_TIME_LRC, b, sizeof(b)), "62:03.46"));
	CHECK(!strcmp(sub_time_format(3723456, SUB_TIME_SECONDS3, b, sizeof(b)), "3723.456"));
	CHECK(!strcmp(sub_time_format(3723456, SUB_TIME_SECONDS6, b, sizeof(b)), "3723.456000"));
	CHECK(!strcmp(sub_time_format(-7, SUB_TIME_SRT, b, sizeof(b)), "00:00:00,000"));
	CHECK(!strcmp(sub_time_format(59995, SUB_TIME_ASS, b, sizeof(b)), "0:01:00.00"));
	/* every formatted time parses back */
	for (int64_t t = 0; t < 200000000; t = t * 3 + 7) {
		int64_t back = -1;
		sub_time_format(t, SUB_TIME_SRT, b, sizeof(b));
		CHECK(sub_time_parse_clock(b, strlen(b), 0, &back, NULL, NULL, NULL) == 0 &&
		      back == t);
		sub_time_format(t, SUB_TIME_SECONDS6, b, sizeof(b));
		CHECK(sub_time_parse_seconds(b, strlen(b), &back, NULL, NULL, NULL) == 0 &&
		      back == t);
	}
}

static struct sub_project *read_str(const char *s, const char *lang)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	if (read_with("srt", s, strlen(s), 0, lang, &p, &err)) {
		char m[1024];
		sub_error_format(&err, m, sizeof(m));
		fprintf(stderr, "%s\n", m);
	}
	return p;
}

static void test_pair(void)
{
	struct sub_project *zh = read_str("1\n00:00:01,000 --> 00:00:03,000\n你好\n\n"
	                                  "2\n00:00:04,000 --> 00:00:06,000\n再見\n",
	                                  NULL);
	/* English times are a little off; two English cues share the second Chinese one,
	 * and the last overlaps nothing */
	struct sub_project *en = read_str("0\n00:00:00,000 --> 00:00:00,500\nFirst\n\n"
					  "1\n00:00:01,100 --> 00:00:02,900\nHello\n\n"
	                                  "2\n00:00:03,900 --> 00:00:05,000\nGood\n\n"
	                                  "3\n00:00:05,000 --> 00:00:06,200\nbye\n\n"
	                                  "4\n00:00:08,000 --> 00:00:09,000\nAlone\n",
	                                  NULL);
	CHECK(zh && en);
	if (!zh || !en)
		return;
	CHECK(!strcmp(zh->lang[0], "zh") && !strcmp(en->lang[0], "en"));
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(sub_project_pair(zh, en, &p, &err) == SUB_OK);
	if (p) {
		CHECK(p->n_langs == 2 && sub_project_cue_count(p) == 4);
		CHECK(p->turns[0].cues[0].start_ms == 0 && p->turns[0].text[0] == NULL &&
		      !strcmp(p->turns[0].text[1], "First"));
		CHECK(!strcmp(p->turns[1].cues[0].text[1], "Hello"));
		CHECK(p->turns[1].cues[0].start_ms == 1000); /* times from the first file */
		CHECK(!strcmp(p->turns[2].cues[0].text[1], "Good bye"));
		CHECK(p->turns[3].cues[0].start_ms == 8000 && p->turns[3].cues[0].text[0] == NULL &&
		      !strcmp(p->turns[3].cues[0].text[1], "Alone"));
		CHECK(p->n_remarks == 2 && p->remarks[0].kind == SUB_REMARK_OTHER);
		CHECK(sub_project_validate(p, &err) == SUB_OK);
		sub_project_free(p);
		p = NULL;
	}
	CHECK(sub_project_pair(zh, zh, &p, &err) == SUB_ERR_MISMATCH && p == NULL);
	CHECK(sub_project_pair(NULL, zh, &p, &err) == SUB_ERR_ARG);
	sub_project_free(zh);
	sub_project_free(en);

	struct sub_flat f = {0};
	CHECK(sub_flat_build(&f, NULL, &p, &err) == SUB_ERR_EMPTY);
	sub_flat_release(&f);
}

int main(void)
{
	test_checks();
	test_time();
	test_pair();
	return tap_done();
}
