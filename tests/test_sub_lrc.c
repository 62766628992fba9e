/* test_sub_lrc.c: LRC and Audacity labels: reading, writing, round trip, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"
#include "tap.h"

#include "sub_test_util.h"

static void test_sample(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(read_file_with("lrc", DATA("sample.lrc"), 0, NULL, &p, &err) == SUB_OK);
	if (!p)
		return;
	CHECK(sub_project_cue_count(p) == 5);
	static const int64_t want[5][2] = {
	        {1000, 3500}, {4000, 6000}, {6000, 8000}, {8000, 10500}, {10500, 12000}};
	for (size_t i = 0; i < 5 && i < sub_project_cue_count(p); i++) {
		size_t t, c;
		sub_project_cue_at(p, i, &t, &c);
		CHECK(p->turns[t].cues[c].start_ms == want[i][0]);
		CHECK(p->turns[t].cues[c].end_ms == want[i][1]);
	}
	CHECK(!strcmp(p->turns[2].cues[0].text[0], "Third line with word time"));
	CHECK(!strcmp(p->turns[3].cues[0].text[0], "Repeated line"));
	/* the writer marks the end of a cue followed by a gap */
	char *s = write_with("lrc", p, 0, NULL);
	CHECK(s && strstr(s, "[00:01.00]First line\n[00:03.50]\n[00:04.00]Repeated line\n"
	                     "[00:06.00]Third"));
	CHECK(s && strstr(s, "[length:00:12.00]"));
	free(s);
	sub_project_free(p);
}

static void test_errors(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	const char *bad = "[00:01.00]ok\n[00:61.00]bad\n";
	CHECK(read_with("lrc", bad, strlen(bad), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 2 && err.column == 5 && err_has(&err, "out of range"));
	const char *notag = "[00:01.00]ok\njust text\n";
	CHECK(read_with("lrc", notag, strlen(notag), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 2 && err.column == 1);
	const char *open = "[00:01.00]ok\n[00:02.00\n";
	CHECK(read_with("lrc", open, strlen(open), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 2);
	const char *hdr = "[ti:x]\n[ar:y]\n";
	CHECK(read_with("lrc", hdr, strlen(hdr), 0, NULL, &p, &err) == SUB_ERR_EMPTY);
	CHECK(read_with("lrc", "", 0, 0, NULL, &p, &err) == SUB_ERR_EMPTY);
	CHECK(p == NULL);
	/* a text that starts with '[' survives a round trip */
	const char *br = "[00:01.00] [laughs] yes\n[00:02.00]\n";
	CHECK(read_with("lrc", br, strlen(br), 0, NULL, &p, &err) == SUB_OK);
	if (p) {
		CHECK(!strcmp(p->turns[0].cues[0].text[0], "[laughs] yes"));
		size_t len;
		char *w = write_with("lrc", p, 0, &len);
		CHECK(w && strstr(w, "[00:01.00] [laughs] yes\n"));
		sub_project_free(p);
		p = NULL;
		CHECK(w && read_with("lrc", w, len, 0, NULL, &p, &err) == SUB_OK);
		CHECK(p && !strcmp(p->turns[0].cues[0].text[0], "[laughs] yes"));
		sub_project_free(p);
		p = NULL;
		free(w);
	}
	/* offset and the mm:ss:xx variant */
	const char *off = "[offset:+500]\n[00:02:50]a\n[00:04.00]b\n";
	CHECK(read_with("lrc", off, strlen(off), 0, NULL, &p, &err) == SUB_OK);
	CHECK(p && p->turns[0].cues[0].start_ms == 2000 && p->turns[0].cues[0].end_ms == 3500);
	sub_project_free(p);
	CHECK(sub_format_lrc.write(NULL, NULL, NULL) == SUB_ERR_ARG);
}

/* Audacity labels live here too: another line-per-cue format. */
static void test_audacity(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(read_file_with("audacity", DATA("labels.txt"), 0, NULL, &p, &err) == SUB_OK);
	CHECK(p && sub_project_cue_count(p) == 3);
	if (p) {
		CHECK(p->turns[1].cues[0].start_ms == 3250 &&
		      !strcmp(p->turns[1].cues[0].text[0], "second\nsecond line two"));
		CHECK(p->turns[2].cues[0].end_ms == 7000);
		char *s = write_with("audacity", p, 0, NULL);
		CHECK(s && strstr(s, "1.000000\t2.500000\tfirst label\n"));
		free(s);
	}
	sub_project_free(p);
	p = NULL;
	const char *bad = "1.0\t2.0\tok\n1.5 x\n";
	CHECK(read_with("audacity", bad, strlen(bad), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 2 && err.column == 5);
	const char *neg = "-1.0\t2.0\tx\n";
	CHECK(read_with("audacity", neg, strlen(neg), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 1 && err_has(&err, "negative"));
	round_trip("audacity", 0, RT_LANGS | RT_STABLE);
	CHECK(sub_format_probe("1.000000\t2.000000\tx\n", 20) == &sub_format_audacity);
}

int main(void)
{
	test_sample();
	test_errors();
	test_audacity();
	round_trip("lrc", 5, RT_LANGS);
	CHECK(sub_format_probe("[ti:a]\n[00:01.00]x\n", 19) == &sub_format_lrc);
	return tap_done();
}
