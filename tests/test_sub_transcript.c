/* test_sub_transcript.c: reading transcripts: layouts, encodings, line ends, pairing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_io.h"
#include "sub_model.h"
#include "sub_text.h"
#include "sub_transcript.h"
#include "tap.h"

#define SAMPLE TSYNC_SOURCE_DIR "/data/wangjian/"
#define FIX TSYNC_TEST_DATA "/transcripts/"

static struct sub_project *read_file(const char *path, const struct sub_transcript_opts *o, int *rc,
                                     struct sub_error *err)
{
	struct sub_project *p = NULL;
	*rc = sub_transcript_read_file(path, o, &p, err);
	if (*rc) {
		char msg[1024];
		sub_error_format(err, msg, sizeof(msg));
		fprintf(stderr, "  (%s)\n", msg);
	}
	return p;
}

static struct sub_project *parse(const char *s, const struct sub_transcript_opts *o, int *rc,
                                 struct sub_error *err)
{
	struct sub_project *p = NULL;
	*rc = sub_transcript_parse(s, strlen(s), o, &p, err);
	return p;
}

static size_t count_remarks(const struct sub_project *p, int kind)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_remarks; i++)
		n += p->remarks[i].kind == kind;
	return n;
}

static const struct sub_remark *remark_at(const struct sub_project *p, int kind, int line)
{
	for (size_t i = 0; i < p->n_remarks; i++)
		if (p->remarks[i].kind == kind && p->remarks[i].line == line)
			return &p->remarks[i];
	return NULL;
}

static size_t turns_of(const struct sub_project *p, int speaker)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_turns; i++)
		n += p->turns[i].speaker == speaker;
	return n;
}

/* The sample interview in its three forms. */
static void test_sample(void)
{
	struct sub_error err;
	int rc;
	struct sub_project *art = read_file(SAMPLE "article.zh.txt", NULL, &rc, &err);
	CHECK(rc == SUB_OK && art);
	struct sub_project *zh = read_file(SAMPLE "interview.zh.txt", NULL, &rc, &err);
	CHECK(rc == SUB_OK && zh);
	struct sub_project *en = read_file(SAMPLE "interview.en.txt", NULL, &rc, &err);
	CHECK(rc == SUB_OK && en);
	if (!art || !zh || !en)
		goto out;
	CHECK(!strcmp(art->lang[0], "zh") && !strcmp(zh->lang[0], "zh"));
	CHECK(!strcmp(en->lang[0], "en"));
	CHECK(art->n_langs == 1 && art->n_turns == 36 && art->n_speakers == 2);
	CHECK(art->n_chapters == 6);
	CHECK(!strcmp(art->speakers[0].name[0], "主持人"));
	CHECK(!strcmp(art->speakers[1].name[0], "王堅"));
	CHECK(turns_of(art, 0) == 18 && turns_of(art, 1) == 18);
	CHECK(en->n_turns == 36 && en->n_speakers == 2 && en->n_chapters == 6);
	CHECK(!strcmp(en->speakers[0].name[0], "Host"));
	CHECK(!strcmp(en->speakers[1].name[0], "Wang Jian"));
	CHECK(zh->n_turns == 36 && zh->n_chapters == 6 && turns_of(zh, 0) == 18);
	CHECK(!strcmp(en->chapters[0].title[0],
	              "1. Changes in computing power have completely changed \"how we think\""));
	/* the article reads to the same turns, texts and chapters as the interview file */
	int same = 1;
	for (size_t i = 0; i < 36; i++)
		same &= art->turns[i].speaker == zh->turns[i].speaker &&
		        art->turns[i].chapter == zh->turns[i].chapter &&
		        !strcmp(art->turns[i].text[0], zh->turns[i].text[0]);
	CHECK(same);
	for (size_t c = 0; c < 6; c++) {
		CHECK(!strcmp(art->chapters[c].title[0], zh->chapters[c].title[0]));
		CHECK(art->chapters[c].first_turn == zh->chapters[c].first_turn);
	}
	static const size_t first_turns[] = {0, 6, 8, 16, 20, 32};
	for (size_t c = 0; c < 6; c++)
		CHECK(zh->chapters[c].first_turn == first_turns[c]);
	/* line numbers: the first turn's speaker line, paragraphs joined with "\n" */
	CHECK(art->turns[0].src_line == 27 && zh->turns[0].src_line == 3);
	CHECK(en->turns[1].src_line == 6);
	CHECK(strchr(zh->turns[1].text[0], '\n') != NULL);
	CHECK(!strncmp(zh->turns[0].text[0], "王博士,非常感謝", strlen("王博士,非常感謝")));
	CHECK(!strncmp(en->turns[0].text[0], "Dr. Wang, thank you", 19));
	/* the article's preamble (lines 1-25 bar blanks) and its image line are skipped */
	CHECK(count_remarks(art, SUB_REMARK_SKIPPED) == 24);
	const struct sub_remark *r = remark_at(art, SUB_REMARK_SKIPPED, 1);
	CHECK(r && !strcmp(r->text, "編輯 | 伊風"));
	r = remark_at(art, SUB_REMARK_SKIPPED, 24);
	CHECK(r && !strcmp(r->text, "圖片"));
	CHECK(remark_at(art, SUB_REMARK_SKIPPED, 25) != NULL);
	CHECK(remark_at(art, SUB_REMARK_SKIPPED, 6) == NULL); /* a blank line */
	CHECK(remark_at(art, SUB_REMARK_SKIPPED, 26) == NULL);
	CHECK(count_remarks(art, SUB_REMARK_HEADING) == 6);
	r = remark_at(art, SUB_REMARK_HEADING, 26);
	CHECK(r && !strncmp(r->text, "1.計算力", strlen("1.計算力")));
	CHECK(remark_at(art, SUB_REMARK_HEADING, 119) != NULL);
	CHECK(count_remarks(zh, SUB_REMARK_SKIPPED) == 0);
	CHECK(remark_at(zh, SUB_REMARK_HEADING, 1) != NULL);

	/* pairing the two languages */
	CHECK(sub_project_add_translation(zh, en, &err) == SUB_OK);
	CHECK(zh->n_langs == 2 && !strcmp(zh->lang[1], "en"));
	CHECK(!strcmp(zh->speakers[0].name[1], "Host"));
	CHECK(!strcmp(zh->speakers[1].name[1], "Wang Jian"));
	CHECK(!strcmp(zh->turns[35].text[1], en->turns[35].text[0]));
	CHECK(!strcmp(zh->chapters[5].title[1], en->chapters[5].title[0]));
	CHECK(sub_project_validate(zh, &err) == SUB_OK);
	/* a second time: the language is there already */
	CHECK(sub_project_add_translation(zh, en, &err) == SUB_ERR_ARG);
	/* the article pairs with the English too, and the same language does not */
	CHECK(sub_project_add_translation(art, art, &err) == SUB_ERR_ARG);
out:
	sub_project_free(art);
	sub_project_free(zh);
	sub_project_free(en);
}

/* --speakers: names given, and one the text does not hold */
static void test_given_speakers(void)
{
	struct sub_error err;
	int rc;
	const char *names[] = {"主持人", "王堅"};
	struct sub_transcript_opts o = {NULL, names, 2, NULL, 0};
	struct sub_project *p = read_file(SAMPLE "article.zh.txt", &o, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 36 && p->n_chapters == 6);
	CHECK(p && count_remarks(p, SUB_REMARK_SKIPPED) == 24);
	sub_project_free(p);

	/* names seen once each: not found without help, found with --speakers */
	p = read_file(FIX "speakers_given.txt", NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_speakers == 0);
	sub_project_free(p);
	const char *ab[] = {"Ann", "Bob"};
	struct sub_transcript_opts o2 = {"en", ab, 2, NULL, 0};
	p = read_file(FIX "speakers_given.txt", &o2, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 2 && p->n_speakers == 2);
	CHECK(p && !strcmp(p->turns[1].text[0], "Hello Ann. How are you?"));
	CHECK(p && remark_at(p, SUB_REMARK_SKIPPED, 1) != NULL);
	sub_project_free(p);

	const char *none[] = {"Nobody"};
	struct sub_transcript_opts o3 = {NULL, none, 1, "x.txt", 0};
	p = read_file(FIX "speakers_given.txt", &o3, &rc, &err);
	CHECK(rc == SUB_ERR_PARSE && !p && strstr(err.msg, "Nobody"));
}

static void test_layouts(void)
{
	/* names as the reader takes them on a line of their own */
	CHECK(sub_transcript_name_like("Parrot", 6) && sub_transcript_name_like("Wang Jian", 9));
	CHECK(!sub_transcript_name_like("Edited by the news desk.", 24) &&
	      !sub_transcript_name_like("\u7de8\u8f2f | \u4f0a\u98a8", 15) &&
	      !sub_transcript_name_like(NULL, 0));

	struct sub_error err;
	int rc;
	struct sub_project *p = read_file(FIX "colon.txt", NULL, &rc, &err);
	CHECK(rc == SUB_OK && p);
	if (p) {
		CHECK(p->n_turns == 5 && p->n_speakers == 2);
		CHECK(!strcmp(p->speakers[1].name[0], "Wang Jian"));
		CHECK(!strcmp(p->turns[0].text[0], "Dr. Wang, thank you for coming."));
		CHECK(!strcmp(p->turns[3].text[0], "That it changes the way we think.\nIt changes "
		                                   "the way we do things, too."));
		CHECK(p->turns[3].src_line == 6 && p->turns[4].src_line == 8);
		CHECK(remark_at(p, SUB_REMARK_SKIPPED, 1) != NULL);
	}
	sub_project_free(p);

	p = read_file(FIX "colon_fullwidth.txt", NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 4 && p->n_speakers == 2);
	CHECK(p && !strcmp(p->lang[0], "zh") && !strcmp(p->speakers[1].name[0], "王堅"));
	CHECK(p && !strcmp(p->turns[1].text[0], "謝謝。"));
	sub_project_free(p);

	p = read_file(FIX "plain_blocks.txt", NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 3 && p->n_speakers == 0 && p->n_chapters == 1);
	CHECK(p && !strcmp(p->turns[0].text[0],
	                   "The first paragraph has two lines.\nThis is its second line."));
	CHECK(p && p->turns[0].speaker == -1 && p->turns[2].src_line == 8);
	CHECK(p && !strcmp(p->chapters[0].title[0], "A talk"));
	sub_project_free(p);

	p = read_file(FIX "plain_lines.txt", NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 3 && p->turns[1].src_line == 2);
	sub_project_free(p);

	/* a name seen once opening the file: a title over a preamble, unless asked to take it
	 * for a speaker's (tsync align asks when the audio holds its text); a title standing
	 * apart from its paragraph stays a title either way */
	{
		static const char *const opening = "Parrot\nCaptain Silver, cruel captain.\n\n"
		                                   "Ann\nHello.\n\nBob\nHi.\n\nAnn\nBye.\n";
		struct sub_transcript_opts yes = {NULL, NULL, 0, NULL, 1};
		p = parse(opening, NULL, &rc, &err);
		CHECK(rc == SUB_OK && p && p->n_turns == 3 && remark_at(p, SUB_REMARK_SKIPPED, 1));
		sub_project_free(p);
		p = parse(opening, &yes, &rc, &err);
		CHECK(rc == SUB_OK && p && p->n_turns == 4 && p->n_speakers == 3 &&
		      !strcmp(p->speakers[p->turns[0].speaker].name[0], "Parrot") &&
		      !strcmp(p->turns[0].text[0], "Captain Silver, cruel captain."));
		sub_project_free(p);
		p = parse("A talk\n\nThe intro.\n\nAnn\nHello.\n\nBob\nHi.\n\nAnn\nBye.\n", &yes,
		          &rc, &err);
		CHECK(rc == SUB_OK && p && p->n_turns == 3);
		sub_project_free(p);
	}
	/* speaker lines with a trailing colon, a name seen once, an empty turn dropped */
	p = parse("Host:\nHello.\n\nGuest:\nHi.\n\nHost:\nBye.\n\nGuest:\n", NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 3 && p->n_speakers == 2);
	CHECK(p && p->n_speakers == 2 && !strcmp(p->speakers[1].name[0], "Guest"));
	CHECK(p && remark_at(p, SUB_REMARK_SKIPPED, 10) &&
	      !strcmp(remark_at(p, SUB_REMARK_SKIPPED, 10)->text, "Guest"));
	sub_project_free(p);

	/* image placeholders and separators inside turns are skipped and noted */
	p = parse("A\nOne.\n圖片\nTwo.\nB\n***\nThree.\nA\nFour.\n", NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 3);
	CHECK(p && !strcmp(p->turns[0].text[0], "One.\nTwo."));
	CHECK(p && remark_at(p, SUB_REMARK_SKIPPED, 3) && remark_at(p, SUB_REMARK_SKIPPED, 6));
	sub_project_free(p);

	/* sounds on their own lines are not speech: "[Music]", "(Laughter)", "♪ ... ♪",
	 * "[inaudible 00:12:34]"; "(laughs)" before the text stays */
	p = parse("A\nOne.\n[Music]\n(Laughter)\n\u266a la la \u266a\n(laughs) Two.\n"
	          "B\n[inaudible 00:12:34]\nThree.\nA\nFour.\n",
	          NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 3);
	CHECK(p && p->n_turns == 3 && !strcmp(p->turns[0].text[0], "One.\n(laughs) Two.") &&
	      !strcmp(p->turns[1].text[0], "Three."));
	CHECK(p && remark_at(p, SUB_REMARK_SKIPPED, 3) && remark_at(p, SUB_REMARK_SKIPPED, 4) &&
	      remark_at(p, SUB_REMARK_SKIPPED, 5) && remark_at(p, SUB_REMARK_SKIPPED, 8));
	sub_project_free(p);

	/* a numbered line inside a turn is text, not a heading */
	p = parse("A\n1. First point.\n2. Second point.\nB\nYes.\nA\nNo.\n", NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_chapters == 0 && p->n_turns == 3);
	CHECK(p && !strcmp(p->turns[0].text[0], "1. First point.\n2. Second point."));
	sub_project_free(p);

	/* names in Markdown emphasis, on a line of their own or before the text; a bullet
	 * list's "* " is no emphasis */
	p = parse("**Host:** Dr. Wang, thank you.\n\n**Wang Jian**: Thank you.\n\n**Host:** So?\n\n"
	          "**Wang Jian**: Yes.\n* one\n* two\n",
	          NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 4 && p->n_speakers == 2);
	CHECK(p && p->n_speakers == 2 && !strcmp(p->speakers[1].name[0], "Wang Jian") &&
	      !strcmp(p->turns[0].text[0], "Dr. Wang, thank you.") &&
	      !strcmp(p->turns[3].text[0], "Yes.\n* one\n* two"));
	sub_project_free(p);
	p = parse("__Host__\nHi.\n\n**Guest**\nHello.\n\n__Host__\nBye.\n\n**Guest**\nBye.\n", NULL,
	          &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 4 && p->n_speakers == 2 &&
	      !strcmp(p->speakers[0].name[0], "Host") && !strcmp(p->turns[1].text[0], "Hello."));
	sub_project_free(p);

	/* "10:30 am" and URLs are not speakers */
	p = parse("At 10:30 we met.\nSee http://example.com for more.\n", NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_speakers == 0 && p->n_turns == 2);
	sub_project_free(p);
}

/*
 * Editors' and translators' notes (SUB_REMARK_NOTE, with the line): a line that is a note
 * (its mark first, in brackets or not) is left out of the turn's text, and a note line
 * between two turns opens no turn of its own; a note in brackets inside a paragraph stays
 * in the text and is noted with its turn (renumbered when an empty turn before it is
 * dropped), nested brackets and all. Speech that starts like a note ("Note that ...",
 * "Editor:") stays.
 */
static void test_notes(void)
{
	struct sub_error err;
	int rc;
	struct sub_project *p = parse("Editor's Note: this interview has been edited for length.\n"
	                              "\n"
	                              "Host\n"
	                              "Welcome. (Translator's note: the host uses an English name "
	                              "(Jian).) Good to see you.\n"
	                              "[Editor's note: the guest joined by video.]\n"
	                              "\n"
	                              "*Note: the next question was condensed.*\n"
	                              "\n"
	                              "Guest\n"
	                              "Thanks.\n"
	                              "(Note: by video.) And we began.\n"
	                              "Note that we began small [sic] (five people).\n"
	                              "\n"
	                              "Host\n"
	                              "Editor: a word [ed. note: unclosed\n"
	                              "\n"
	                              "Guest\n"
	                              "Yes.\n",
	                              NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 4 && p->n_speakers == 2);
	if (p && p->n_turns == 4) {
		CHECK(!strcmp(p->turns[0].text[0], "Welcome. (Translator's note: the host uses an "
		                                   "English name (Jian).) Good to see you."));
		CHECK(!strcmp(p->turns[1].text[0], "Thanks.\n(Note: by video.) And we began.\nNote "
		                                   "that we began small [sic] (five people)."));
		CHECK(!strcmp(p->turns[2].text[0], "Editor: a word [ed. note: unclosed"));
	}
	CHECK(p && count_remarks(p, SUB_REMARK_NOTE) == 5 && remark_at(p, SUB_REMARK_NOTE, 11) &&
	      remark_at(p, SUB_REMARK_NOTE, 11)->turn == 1);
	CHECK(p && remark_at(p, SUB_REMARK_NOTE, 1) && remark_at(p, SUB_REMARK_NOTE, 5) &&
	      remark_at(p, SUB_REMARK_NOTE, 7));
	CHECK(p && remark_at(p, SUB_REMARK_NOTE, 4) &&
	      !strcmp(remark_at(p, SUB_REMARK_NOTE, 4)->text,
	              "(Translator's note: the host uses an English name (Jian).)") &&
	      remark_at(p, SUB_REMARK_NOTE, 4)->turn == 0);
	CHECK(p && remark_at(p, SUB_REMARK_NOTE, 5) &&
	      remark_at(p, SUB_REMARK_NOTE, 5)->turn == -1);
	sub_project_free(p);

	/* Chinese marks, full-width brackets; a paragraph that is only a note leaves no line */
	p = parse("编者按：本文有删节。\n\n主持人\n欢迎。（译者注：用的是英文名。）很高兴见到您。\n"
	          "【编者注：视频连线】\n\n王坚\n谢谢。\n注：未经本人审阅。\n\n主持人\n好。\n",
	          NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 3 && p->n_speakers == 2);
	CHECK(p && p->n_turns == 3 &&
	      !strcmp(p->turns[0].text[0], "欢迎。（译者注：用的是英文名。）很高兴见到您。") &&
	      !strcmp(p->turns[1].text[0], "谢谢。"));
	CHECK(p && count_remarks(p, SUB_REMARK_NOTE) == 4 && remark_at(p, SUB_REMARK_NOTE, 9));
	sub_project_free(p);

	/* a line that is only a remark in brackets, long enough to tell, describes: a note;
	 * a short one is text, and no speaker's name */
	p = parse("Host\nHello.\n(The two of them laugh.)\n(In "
	          "Beijing.)\n（本文经编辑删节）\nGood.\n\n"
	          "Guest\nYes.\n\nHost\nNo.\n\nGuest\nOk.\n",
	          NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 4 && p->n_speakers == 2 &&
	      !strcmp(p->turns[0].text[0], "Hello.\n(In Beijing.)\nGood.") &&
	      remark_at(p, SUB_REMARK_NOTE, 3) && remark_at(p, SUB_REMARK_NOTE, 5));
	sub_project_free(p);

	/* an empty turn dropped before the note's turn */
	p = parse("Host:\n\nGuest:\nHi (Note: x).\n\nHost:\nBye.\n\nGuest:\nOk.\n", NULL, &rc,
	          &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 3 && remark_at(p, SUB_REMARK_NOTE, 4) &&
	      remark_at(p, SUB_REMARK_NOTE, 4)->turn == 0);
	sub_project_free(p);
}

/*
 * Time stamps of transcription services are not speech: on a speaker line (Rev's
 * "Name (00:00:03):", Otter's "Name  0:03", "Speaker 1 [00:00:03]"), before a paragraph
 * ("[00:01:05] text") or on a line of their own (skipped); a time inside the text stays.
 */
static void test_time_stamps(void)
{
	struct sub_error err;
	int rc;
	struct sub_project *p = parse("Host (00:00:03):\nHello there.\n\nGuest (00:00:07):\n"
	                              "Hi. [00:00:09] We met at 10:30.\n\nHost (00:01:02.5):\n"
	                              "[00:01:05] So.\n00:01:09\n\nGuest (1:02:03):\nSure.\n",
	                              NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 4 && p->n_speakers == 2);
	if (p && p->n_turns == 4 && p->n_speakers == 2) {
		CHECK(!strcmp(p->speakers[0].name[0], "Host") &&
		      !strcmp(p->speakers[1].name[0], "Guest"));
		CHECK(!strcmp(p->turns[1].text[0], "Hi. [00:00:09] We met at 10:30."));
		CHECK(!strcmp(p->turns[2].text[0], "So."));
		CHECK(remark_at(p, SUB_REMARK_SKIPPED, 9) != NULL);
		/* the stamps are kept on the turns, for a second opinion on the alignment */
		CHECK(p->turns[0].has_stamp && p->turns[0].stamp_ms == 3000);
		CHECK(p->turns[2].has_stamp && p->turns[2].stamp_ms == 62500);
		CHECK(p->turns[3].has_stamp && p->turns[3].stamp_ms == 3723000);
	}
	sub_project_free(p);

	p = parse("Host  0:03\nDr. Wang, thank you.\n\nWang Jian  0:12\nThank you.\n\n"
	          "Host  0:25\nSo.\n\nWang Jian  1:02\n10:30 in the morning, yes.\n",
	          NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 4 && p->n_speakers == 2 &&
	      !strcmp(p->speakers[1].name[0], "Wang Jian") &&
	      !strcmp(p->turns[0].text[0], "Dr. Wang, thank you.") &&
	      !strcmp(p->turns[3].text[0], "10:30 in the morning, yes.") && p->turns[3].has_stamp &&
	      p->turns[3].stamp_ms == 62000);
	sub_project_free(p);

	p = parse("Host (00:00:03): Hello there.\nGuest (00:00:07): Hi.\nHost (00:00:10): So.\n"
	          "Guest (00:00:12): Sure.\n",
	          NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 4 && p->n_speakers == 2 &&
	      !strcmp(p->turns[1].text[0], "Hi.") && p->turns[1].stamp_ms == 7000);
	sub_project_free(p);

	p = parse("Speaker 1 [00:00:03]\nHello.\n\nSpeaker 2 [00:00:07]\nHi.\n\n"
	          "Speaker 1 [00:00:10]\nSo.\n",
	          NULL, &rc, &err);
	CHECK(rc == SUB_OK && p && p->n_turns == 3 && p->n_speakers == 2 &&
	      !strcmp(p->speakers[0].name[0], "Speaker 1"));
	sub_project_free(p);
}

/* Encodings and line ends: every variant of chapter 1 reads to the same project. */
static void test_encodings(void)
{
	struct sub_error err;
	int rc;
	struct sub_project *ref_zh = read_file(FIX "zh_ch1.utf8.txt", NULL, &rc, &err);
	struct sub_project *ref_en = read_file(FIX "en_ch1.utf8.txt", NULL, &rc, &err);
	CHECK(ref_zh && ref_zh->n_turns == 6 && ref_zh->n_chapters == 1);
	CHECK(ref_en && ref_en->n_turns == 6);
	if (!ref_zh || !ref_en)
		goto out;
	static const struct {
		const char *file, *enc;
		int zh;
	} v[] = {
	        {"zh_ch1.gb18030.txt", "GB18030", 1},
	        {"zh_ch1.big5.txt", "BIG5", 1},
	        {"zh_ch1.utf8bom.txt", "UTF-8", 1},
	        {"zh_ch1.utf16be.txt", "UTF-16BE", 1},
	        {"en_ch1.utf16le.txt", "UTF-16LE", 0},
	        {"en_ch1.crlf.txt", "UTF-8", 0},
	        {"en_ch1.cr.txt", "UTF-8", 0},
	        {"en_ch1.utf16le_nobom.txt", "UTF-16LE", 0},
	        {"en_ch1.utf16be_nobom.txt", "UTF-16BE", 0},
	};
	for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		char path[512];
		snprintf(path, sizeof(path), "%s%s", FIX, v[k].file);
		char *buf = NULL, *text = NULL;
		size_t len = 0, tlen = 0;
		const char *enc = NULL;
		CHECK(sub_file_read(path, SUB_TRANSCRIPT_MAX_BYTES, &buf, &len, &err) == SUB_OK);
		CHECK(sub_transcript_decode(buf, len, &text, &tlen, &enc, &err) == SUB_OK);
		CHECK(enc && !strcmp(enc, v[k].enc));
		CHECK(text && !strchr(text, '\r') && strncmp(text, "\xEF\xBB\xBF", 3));
		free(buf);
		free(text);
		struct sub_project *p = read_file(path, NULL, &rc, &err);
		const struct sub_project *ref = v[k].zh ? ref_zh : ref_en;
		CHECK(rc == SUB_OK && p);
		if (!p)
			continue;
		int same = p->n_turns == ref->n_turns && p->n_speakers == ref->n_speakers &&
		           !strcmp(p->lang[0], ref->lang[0]);
		for (size_t i = 0; same && i < p->n_turns; i++)
			same = !strcmp(p->turns[i].text[0], ref->turns[i].text[0]) &&
			       p->turns[i].src_line == ref->turns[i].src_line;
		if (!same)
			fprintf(stderr, "  %s differs from the UTF-8 file\n", v[k].file);
		CHECK(same);
		sub_project_free(p);
	}
out:
	sub_project_free(ref_zh);
	sub_project_free(ref_en);
}

static void test_bad_input(void)
{
	struct sub_error err;
	int rc;
	struct sub_project *p = (struct sub_project *)1;
	/* NULL and empty */
	CHECK(sub_transcript_parse(NULL, 5, NULL, &p, &err) == SUB_ERR_ARG);
	CHECK(sub_transcript_parse("a", 1, NULL, NULL, &err) == SUB_ERR_ARG);
	CHECK(sub_transcript_parse(NULL, 0, NULL, &p, &err) == SUB_ERR_EMPTY && !p);
	CHECK(sub_transcript_parse("a", 1, NULL, &p, NULL) == SUB_OK); /* err may be NULL */
	sub_project_free(p);
	CHECK(sub_transcript_read_file(NULL, NULL, &p, &err) == SUB_ERR_ARG);
	struct sub_transcript_opts bad_lang = {"no such code!", NULL, 0, NULL, 0};
	CHECK(sub_transcript_parse("a", 1, &bad_lang, &p, &err) == SUB_ERR_ARG);
	p = read_file(FIX "empty.txt", NULL, &rc, &err);
	CHECK(rc == SUB_ERR_EMPTY && !p && !strcmp(err.file, FIX "empty.txt"));
	p = read_file(FIX "blank.txt", NULL, &rc, &err);
	CHECK(rc == SUB_ERR_EMPTY && !p);
	p = read_file(TSYNC_TEST_DATA "/no/such/file.txt", NULL, &rc, &err);
	CHECK(rc == SUB_ERR_IO && !p);
	/* only headings and images: no speech */
	p = parse("# Title\n圖片\n", NULL, &rc, &err);
	CHECK(rc == SUB_ERR_EMPTY && !p);

	/* binary */
	p = read_file(FIX "binary.bin", NULL, &rc, &err);
	CHECK(rc == SUB_ERR_PARSE && !p && err.line == 1 && strstr(err.msg, "binary"));
	const char nul[] = "Host\nHello\0there\n";
	CHECK(sub_transcript_parse(nul, sizeof(nul) - 1, NULL, &p, &err) == SUB_ERR_PARSE &&
	      err.line == 2);

	/* encodings that cannot be decided or decoded: the file and line are named */
	struct sub_transcript_opts named = {NULL, NULL, 0, "u.txt", 0};
	p = read_file(FIX "undecidable.txt", NULL, &rc, &err);
	CHECK(rc == SUB_ERR_ENCODING && !p && err.line == 1 && strstr(err.msg, "decide"));
	p = read_file(FIX "bad_byte.txt", NULL, &rc, &err);
	CHECK(rc == SUB_ERR_ENCODING && err.line == 3 && strstr(err.msg, "0xFF"));
	char msg[1024];
	sub_error_format(&err, msg, sizeof(msg));
	CHECK(strstr(msg, "bad_byte.txt:3:") != NULL);
	/* an HTML page saved from a browser is read as its text: paragraphs as lines, the
	 * head, scripts and comments left out, entities decoded, headings as chapters, the
	 * page's line numbers kept; a transcript that mentions a tag or two is plain text */
	{
		const char *h =
		        "<!DOCTYPE html>\n<html><head><title>T</title></head><body>\n"
		        "<h2>1. Power</h2>\n<!-- a\ncomment -->\n<p><strong>Host</strong></p>\n"
		        "<p>Thanks &amp; welcome, Dr.&nbsp;Wang.</p>\n<p>Wang Jian</p>\n"
		        "<p>It&rsquo;s good.<br>Really.</p>\n<script>x = '<p>no</p>';</script>\n"
		        "<p>Host</p>\n<p>So?</p>\n<p>Wang Jian</p>\n<p>Yes &#8212; yes.</p>\n"
		        "</body></html>\n";
		CHECK(sub_transcript_parse(h, strlen(h), &named, &p, &err) == SUB_OK && p);
		CHECK(p && p->n_turns == 4 && p->n_speakers == 2 && p->n_chapters == 1);
		if (p && p->n_turns == 4) {
			CHECK(!strcmp(p->turns[0].text[0], "Thanks & welcome, Dr. Wang."));
			CHECK(!strcmp(p->turns[1].text[0], "It\u2019s good.\nReally."));
			CHECK(!strcmp(p->turns[3].text[0], "Yes \u2014 yes."));
			CHECK(p->turns[0].src_line == 6 && p->turns[1].src_line == 8 &&
			      p->turns[3].src_line == 13);
		}
		sub_project_free(p);
		p = NULL;
		h = "Host\nWe write <p> tags.\n\nGuest\nAnd </p> closes one.\n";
		CHECK(sub_transcript_parse(h, strlen(h), &named, &p, &err) == SUB_OK && p &&
		      strstr(p->turns[0].text[0], "<p>"));
		sub_project_free(p);
		p = NULL;
	}
	/* Windows-1252 from a word processor: its first byte above ASCII, and how to convert */
	{
		const char *w = "Host\nIt\x92s a \x93test\x94 \x96 caf\xe9.\n\nGuest\nYes.\n";
		CHECK(sub_transcript_parse(w, strlen(w), &named, &p, &err) == SUB_ERR_ENCODING &&
		      err.line == 2 && err.column == 3 && strstr(err.msg, "0x92") &&
		      strstr(err.msg, "iconv -f WINDOWS-1252"));
	}
	p = read_file(FIX "bad_utf16.txt", NULL, &rc, &err);
	CHECK(rc == SUB_ERR_ENCODING && err.line == 2);
	CHECK(sub_transcript_parse("\xEF\xBB\xBFok\nbad \xC3\x28\n", 12, &named, &p, &err) ==
	              SUB_ERR_ENCODING &&
	      err.line == 2 && !strcmp(err.file, "u.txt"));
	CHECK(sub_transcript_parse("\xFF\xFE", 2, NULL, &p, &err) == SUB_ERR_EMPTY);
	CHECK(sub_transcript_parse("\xFF\xFE"
	                           "A",
	                           3, NULL, &p, &err) == SUB_ERR_ENCODING);

	/* huge: a line over the cap is refused quickly, with its line number */
	size_t big = SUB_TRANSCRIPT_MAX_LINE + 10;
	char *s = malloc(big + 8);
	memcpy(s, "Host\nA\n", 7);
	memset(s + 7, 'a', big);
	CHECK(sub_transcript_parse(s, big + 7, NULL, &p, &err) == SUB_ERR_TOO_BIG && err.line == 3);
	free(s);
	CHECK(sub_transcript_parse("x", SUB_TRANSCRIPT_MAX_BYTES + 1, NULL, &p, &err) ==
	      SUB_ERR_TOO_BIG);
	/* many short lines are read in linear time */
	size_t n_lines = 200000;
	s = malloc(n_lines * 8 + 1);
	for (size_t i = 0; i < n_lines; i++)
		memcpy(s + i * 8, i % 2 ? "Words.\n\n" : "Speaker\n", 8);
	p = NULL;
	CHECK(sub_transcript_parse(s, n_lines * 8, NULL, &p, &err) == SUB_OK && p &&
	      p->n_turns == n_lines / 2 && p->n_speakers == 1);
	sub_project_free(p);
	free(s);
	/* garbage: random bytes never crash, and the result is valid when there is one */
	unsigned seed = 12345;
	char g[600];
	for (int round = 0; round < 300; round++) {
		size_t len = (size_t)(round * 2 % 599);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned c = (seed >> 16) & 0xFF;
			g[i] = (char)(round % 3 ? (c % 3 ? (unsigned)('a' + c % 26)
			                                 : (unsigned char)" \n:.。"[c % 5])
			                        : c);
		}
		p = NULL;
		rc = sub_transcript_parse(g, len, NULL, &p, &err);
		CHECK((rc == SUB_OK) == (p != NULL));
		if (p)
			CHECK(sub_project_validate(p, &err) == SUB_OK);
		sub_project_free(p);
	}
}

static void test_pairing_errors(void)
{
	struct sub_error err;
	int rc;
	struct sub_project *zh = read_file(FIX "pair.zh.txt", NULL, &rc, &err);
	struct sub_project *en = read_file(FIX "pair.en.txt", NULL, &rc, &err);
	struct sub_project *sw = read_file(FIX "pair_swapped.zh.txt", NULL, &rc, &err);
	struct sub_project *lg = read_file(FIX "pair_long.zh.txt", NULL, &rc, &err);
	CHECK(zh && en && sw && lg);
	if (!zh || !en || !sw || !lg)
		goto out;
	CHECK(zh->n_turns == 3 && zh->n_speakers == 2 && en->n_speakers == 2);
	/* speakers diverge at turn 2 (line 6 in both files); sw is left unchanged */
	CHECK(sub_project_add_translation_named(sw, en, "sw.txt", "en.txt", &err) ==
	      SUB_ERR_MISMATCH);
	CHECK(strstr(err.msg, "turn 2") && strstr(err.msg, "line 6 of sw.txt") &&
	      strstr(err.msg, "line 6 of en.txt"));
	CHECK(sw->n_langs == 1 && sw->speakers[0].name[1] == NULL);
	/* a turn more on one side */
	CHECK(sub_project_add_translation(lg, en, &err) == SUB_ERR_MISMATCH);
	CHECK(strstr(err.msg, "turn 4") && strstr(err.msg, "line 12"));
	CHECK(sub_project_add_translation(en, lg, &err) == SUB_ERR_MISMATCH);
	CHECK(en->n_langs == 1);
	CHECK(sub_project_add_translation(NULL, en, &err) == SUB_ERR_ARG);
	CHECK(sub_project_add_translation(zh, NULL, &err) == SUB_ERR_ARG);
	/* the good pair */
	CHECK(sub_project_add_translation(zh, en, &err) == SUB_OK);
	CHECK(zh->n_langs == 2 && !strcmp(zh->speakers[1].name[1], "Guest"));
	CHECK(!strcmp(zh->turns[1].text[1], "Hi. Thanks."));
	CHECK(!strcmp(zh->chapters[0].title[1], "1. Start"));
out:
	sub_project_free(zh);
	sub_project_free(en);
	sub_project_free(sw);
	sub_project_free(lg);
}

/* A cue's text as the aligner's voice speaks it (sub_transcript_strip_notes()): the notes in
 * brackets left out, nested brackets and all, a note split between two cues too; speech in
 * brackets ("[sic]", "(five people)") stays. */
static void test_strip_notes(void)
{
	static const char *const cues[][2] = {
	        {"Welcome. (Translator's note: the host uses an English name (Jian).) Good to see "
	         "you.",
	         "Welcome. Good to see you."},
	        {"Let me give you an example of my own:\nZJ (Note: not heard clearly;",
	         "Let me give you an example of my own:\nZJ"},
	        {"probably Zhou Jingren) was someone\nI interviewed.",
	         "was someone\nI interviewed."},
	        {"Note that we began small [sic] (five people).",
	         "Note that we began small [sic] (five people)."},
	        {"欢迎。（译者注：用的是英文名。）很高兴见到您。", "欢迎。 很高兴见到您。"},
	        {"a word [ed. note: unclosed", "a word"},
	};
	struct sub_note_state st = {NULL, 0};
	for (size_t i = 0; i < sizeof(cues) / sizeof(cues[0]); i++) {
		char *t = sub_transcript_strip_notes(cues[i][0], &st);
		CHECK(t && !strcmp(t, cues[i][1]));
		if (t && strcmp(t, cues[i][1]))
			printf("# strip notes %zu: \"%s\"\n", i, t);
		free(t);
		if (i == 1)
			CHECK(st.depth == 1 && !strcmp(st.close, ")"));
	}
	CHECK(st.depth == 1); /* the unclosed note runs on */
}

int main(void)
{
	test_sample();
	test_given_speakers();
	test_layouts();
	test_notes();
	test_strip_notes();
	test_time_stamps();
	test_encodings();
	test_bad_input();
	test_pairing_errors();
	return tap_done();
}
