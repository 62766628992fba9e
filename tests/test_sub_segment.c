/* test_sub_segment.c: cues that follow the preset, partition the text, and pair languages. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sub_model.h"
#include "sub_preset.h"
#include "sub_segment.h"
#include "sub_text.h"
#include "sub_transcript.h"
#include "tap.h"

#define SAMPLE TSYNC_SOURCE_DIR "/data/wangjian/"

static int is_ws(const char *s)
{
	return *s == ' ' || *s == '\n' || *s == '\t' || !strncmp(s, "\xE3\x80\x80", 3);
}

static size_t ws_len(const char *s)
{
	return !strncmp(s, "\xE3\x80\x80", 3) ? 3 : 1;
}

/* Code points of the lines of a cue text. */
static int lines_ok(const char *s, int max_line, int max_lines, int *n_lines)
{
	int lines = 0, ok = 1;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (sub_utf8_count(s, n) > (size_t)max_line)
			ok = 0;
		if (!n)
			ok = 0; /* no empty lines */
		lines++;
		if (!nl)
			break;
		s = nl + 1;
	}
	*n_lines = lines;
	return ok && lines <= max_lines;
}

static int no_start_mark(const char *s)
{
	static const char *const marks[] = {"，", "。", "、", "？", "！", "：", "；", "”", "」",
	                                    "』", "）", ",",  "?",  "!",  ":",  ";",  ")"};
	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
		if (!strncmp(s, marks[k], strlen(marks[k])))
			return 1;
	return 0;
}

/*
 * Walks the turn text along the cues of language l. For English every boundary between
 * cues and every line break must fall on whitespace of the turn text (no word split); for
 * Chinese no line or cue may start with closing punctuation. Returns the number of faults.
 */
static int boundaries_faults(const struct sub_turn *t, int l, int cjk)
{
	const char *x = t->text[l];
	int faults = 0;
	for (size_t j = 0; j < t->n_cues; j++) {
		const char *c = t->cues[j].text[l];
		if (!c)
			continue;
		int at_boundary = 1; /* the start of a cue is a boundary */
		while (*c) {
			if (*c == '\n') {
				c++;
				at_boundary = 1;
				continue;
			}
			if (is_ws(c)) {
				c += ws_len(c);
				continue;
			}
			int gap = 0;
			while (*x && is_ws(x)) {
				x += ws_len(x);
				gap = 1;
			}
			if (at_boundary) {
				if (cjk && no_start_mark(c))
					faults++;
				if (!cjk && !gap && x != t->text[l] &&
				    isalnum((unsigned char)x[-1]) && isalnum((unsigned char)*c))
					faults++;
				at_boundary = 0;
			}
			if (*x != *c)
				return 1000; /* partition broken */
			x++;
			c++;
		}
	}
	return faults;
}

struct stats {
	size_t cues, bad_lines, bad_len, bad_bounds, both, sent_end;
};

static void check_project(const struct sub_project *p, const struct sub_preset *preset,
                          struct stats *st)
{
	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < p->n_turns; i++) {
		const struct sub_turn *t = &p->turns[i];
		for (int l = 0; l < p->n_langs; l++) {
			int cjk = sub_lang_is_cjk(p->lang[l]);
			const struct sub_lang_rules *r = sub_preset_rules(preset, p->lang[l]);
			size_t cap = sub_segment_max_chars(preset, p->lang[l]);
			st->bad_bounds += (size_t)boundaries_faults(t, l, cjk);
			for (size_t j = 0; j < t->n_cues; j++) {
				const char *c = t->cues[j].text[l];
				if (!c)
					continue;
				int n_lines;
				if (!lines_ok(c, r->max_line_chars, preset->max_lines, &n_lines))
					st->bad_lines++;
				size_t len = 0, k = 0, sl = strlen(c);
				while (k < sl)
					len += sub_utf8_next(c, sl, &k) != '\n';
				if (len > cap)
					st->bad_len++;
			}
		}
		for (size_t j = 0; j < t->n_cues; j++) {
			const struct sub_cue *c = &t->cues[j];
			st->cues++;
			int all = 1;
			for (int l = 0; l < p->n_langs; l++)
				all &= c->text[l] != NULL;
			st->both += (size_t)all;
			const char *s = c->text[0];
			if (s && *s) {
				size_t k = strlen(s);
				/* last code point of the cue, past closing quotes */
				while (k > 0) {
					size_t b = k - 1;
					while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
						b--;
					size_t q = b;
					uint32_t cp = sub_utf8_next(s, k, &q);
					if (sub_cp_is_closing(cp)) {
						k = b;
						continue;
					}
					st->sent_end += sub_cp_is_sentence_end(cp) ||
					                sub_cp_is_clause_mark(cp);
					break;
				}
			}
		}
	}
}

static struct sub_project *load(const char *path)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	if (sub_transcript_read_file(path, NULL, &p, &err)) {
		fprintf(stderr, "  cannot read %s: %s\n", path, err.msg);
		return NULL;
	}
	return p;
}

static void test_max_chars(void)
{
	const struct sub_preset *nf = sub_preset_by_name("netflix");
	const struct sub_preset *bbc = sub_preset_by_name("bbc");
	CHECK(sub_segment_max_chars(nf, "en") == 84); /* 2 x 42 < 17 cps x 7 s */
	CHECK(sub_segment_max_chars(nf, "zh") == 32); /* 2 x 16 < 9 cps x 7 s */
	CHECK(sub_segment_max_chars(NULL, "zh") == 32);
	CHECK(sub_segment_max_chars(bbc, "en") == 74);
	struct sub_preset fast = *nf;
	fast.max_duration_ms = 3000; /* then reading speed caps: 17 x 3 = 51, 9 x 3 = 27 */
	CHECK(sub_segment_max_chars(&fast, "en") == 51);
	CHECK(sub_segment_max_chars(&fast, "zh") == 27);
}

static void test_sample_mono(void)
{
	const struct sub_preset *nf = sub_preset_default();
	static const char *const files[] = {"interview.en.txt", "interview.zh.txt",
	                                    "article.zh.txt"};
	for (size_t f = 0; f < 3; f++) {
		char path[512];
		snprintf(path, sizeof(path), "%s%s", SAMPLE, files[f]);
		struct sub_project *p = load(path);
		CHECK(p != NULL);
		if (!p)
			continue;
		CHECK(sub_segment_project(p, nf) == SUB_OK);
		struct sub_error err;
		CHECK(sub_project_validate(p, &err) == SUB_OK);
		struct stats st;
		check_project(p, nf, &st);
		printf("%s: %zu cues, %zu end at a sentence or clause mark\n", files[f], st.cues,
		       st.sent_end);
		CHECK(st.cues >= p->n_turns);
		CHECK(st.bad_lines == 0);
		CHECK(st.bad_len == 0);
		CHECK(st.bad_bounds == 0);
		CHECK(st.sent_end * 10 >= st.cues * 8); /* breaks at punctuation first */
		/* every turn got cues, all untimed */
		int all = 1;
		for (size_t i = 0; i < p->n_turns; i++)
			all &= p->turns[i].n_cues > 0 && p->turns[i].cues[0].start_ms == 0 &&
			       p->turns[i].cues[0].end_ms == 0;
		CHECK(all);
		/* twice gives the same cues */
		size_t n1 = sub_project_cue_count(p);
		CHECK(sub_segment_project(p, nf) == SUB_OK && sub_project_cue_count(p) == n1);
		sub_project_free(p);
	}
}

static void test_sample_pair(void)
{
	const struct sub_preset *nf = sub_preset_default();
	struct sub_project *zh = load(SAMPLE "article.zh.txt");
	struct sub_project *en = load(SAMPLE "interview.en.txt");
	struct sub_error err;
	CHECK(zh && en);
	if (!zh || !en)
		goto out;
	CHECK(sub_project_add_translation(zh, en, &err) == SUB_OK);
	CHECK(sub_segment_project(zh, nf) == SUB_OK);
	CHECK(sub_project_validate(zh, &err) == SUB_OK);
	struct stats st;
	check_project(zh, nf, &st);
	printf("zh+en: %zu cues, %zu with both languages\n", st.cues, st.both);
	CHECK(st.bad_lines == 0 && st.bad_len == 0 && st.bad_bounds == 0);
	CHECK(st.both == st.cues); /* the sample pairs 1-1: no cue lacks a language */
	/* cues follow sentences: the first cue of turn 1 holds the first zh sentence's start
	 * and the English one's */
	CHECK(!strncmp(zh->turns[0].cues[0].text[0], "王博士", strlen("王博士")));
	CHECK(!strncmp(zh->turns[0].cues[0].text[1], "Dr. Wang", 8));
	/* one sentence each, short: one cue with both */
	CHECK(zh->turns[12].n_cues == 1);
	CHECK(!strcmp(zh->turns[12].cues[0].text[0], "在中國也是如此嗎?"));
	CHECK(!strcmp(zh->turns[12].cues[0].text[1], "Is that true in China as well?"));
out:
	sub_project_free(zh);
	sub_project_free(en);
}

static struct sub_project *two_lang(const char *a, const char *b)
{
	struct sub_project *p = sub_project_new();
	sub_project_add_lang(p, "zh");
	sub_project_add_lang(p, "en");
	struct sub_turn *t = sub_project_add_turn(p);
	sub_set_str(&t->text[0], a);
	sub_set_str(&t->text[1], b);
	return p;
}

static void test_pair_uneven(void)
{
	const struct sub_preset *nf = sub_preset_default();
	struct sub_error err;
	struct stats st;
	/* three Chinese sentences, two English ones: the middle pairs 2-1 */
	struct sub_project *p = two_lang("今天天氣很好。我們去公園散步吧，好嗎？好的。",
	                                 "The weather is nice today. Shall we take a walk in the "
	                                 "park, then, and get some air? Sure.");
	CHECK(sub_segment_project(p, nf) == SUB_OK);
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	check_project(p, nf, &st);
	CHECK(st.bad_lines == 0 && st.bad_len == 0 && st.bad_bounds == 0);
	CHECK(st.cues >= 1);
	sub_project_free(p);

	/* a long bead is split in both languages alike */
	p = two_lang(
	        "我覺得中國最有意思的一點是，我們有機會去探索幾百萬種可能，大家對技術都很著迷，"
	        "每天都有新的東西出現，而且市場會告訴你哪些是對的，哪些是錯的。",
	        "I think the most interesting thing about China is that we have the chance "
	        "to explore millions of possibilities, everyone is fascinated by technology, "
	        "new things appear every day, and the market tells you which ones are right "
	        "and which are wrong.");
	CHECK(sub_segment_project(p, nf) == SUB_OK);
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	check_project(p, nf, &st);
	CHECK(st.cues >= 3 && st.both == st.cues);
	/* the clauses pair up: the cue with 大家 holds "everyone" */
	int met = 0;
	for (size_t j = 0; j < p->turns[0].n_cues; j++) {
		const struct sub_cue *c = &p->turns[0].cues[j];
		if (c->text[0] && !strncmp(c->text[0], "大家", strlen("大家")))
			met = c->text[1] && !strncmp(c->text[1], "everyone", 8);
	}
	CHECK(met);
	CHECK(st.bad_lines == 0 && st.bad_len == 0 && st.bad_bounds == 0);
	sub_project_free(p);

	/* a sentence with no counterpart still lands in a cue, and nothing is lost */
	p = two_lang("好。這是一個很長的句子，說明了很多事情，也有很多細節。還有一句。",
	             "This is a long sentence that explains many things and has many details.");
	CHECK(sub_segment_project(p, nf) == SUB_OK);
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	sub_project_free(p);

	/* one language missing in a turn: cues carry the other only */
	p = two_lang("只有中文。", NULL);
	CHECK(sub_segment_project(p, nf) == SUB_OK && p->turns[0].n_cues == 1);
	CHECK(p->turns[0].cues[0].text[1] == NULL);
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	sub_project_free(p);
}

static struct sub_project *one_lang(const char *lang, const char *text)
{
	struct sub_project *p = sub_project_new();
	sub_project_add_lang(p, lang);
	struct sub_turn *t = sub_project_add_turn(p);
	sub_set_str(&t->text[0], text);
	return p;
}

static void test_breaks(void)
{
	const struct sub_preset *nf = sub_preset_default();
	struct sub_error err;
	struct stats st;
	/* Chinese without punctuation breaks between Han characters */
	char han[256] = "";
	for (int i = 0; i < 5; i++)
		strcat(han, "一二三四五六七八九十");
	struct sub_project *p = one_lang("zh", han);
	CHECK(sub_segment_project(p, nf) == SUB_OK && p->turns[0].n_cues == 2);
	check_project(p, nf, &st);
	CHECK(st.bad_len == 0 && st.bad_lines == 0 && sub_project_validate(p, &err) == SUB_OK);
	sub_project_free(p);
	/* a clause mark is preferred over a space */
	p = one_lang("en", "The first part of this sentence is here, and the second part of it "
	                   "follows right after that comma.");
	CHECK(sub_segment_project(p, nf) == SUB_OK && p->turns[0].n_cues == 2);
	CHECK(p->turns[0].n_cues == 2 &&
	      !strcmp(p->turns[0].cues[0].text[0], "The first part of this sentence is here,"));
	sub_project_free(p);
	/* short sentences share a cue; a paragraph break inside a cue becomes a space */
	p = one_lang("en", "Really?\nYes. Of course.");
	CHECK(sub_segment_project(p, nf) == SUB_OK && p->turns[0].n_cues == 1);
	CHECK(p->turns[0].n_cues == 1 &&
	      !strcmp(p->turns[0].cues[0].text[0], "Really? Yes. Of course."));
	sub_project_free(p);
	/* a word longer than a line cannot be kept whole: it is cut, nothing is lost */
	char word[301];
	memset(word, 'a', 300);
	word[300] = 0;
	p = one_lang("en", word);
	CHECK(sub_segment_project(p, nf) == SUB_OK && p->turns[0].n_cues >= 4);
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	sub_project_free(p);
	/* empty and blank turns make no cues */
	p = one_lang("en", "");
	CHECK(sub_segment_project(p, nf) == SUB_OK && p->turns[0].n_cues == 0);
	sub_project_free(p);
	p = one_lang("zh", " \n\xE3\x80\x80 ");
	CHECK(sub_segment_project(p, nf) == SUB_OK && p->turns[0].n_cues == 0);
	sub_project_free(p);
	p = one_lang("en", NULL);
	CHECK(sub_segment_turn(p, 0, NULL) == SUB_OK && p->turns[0].n_cues == 0);
	sub_project_free(p);
}

static void test_wrap_split(void)
{
	char *w = sub_segment_wrap("Short text.", 11, "en", 42);
	CHECK(w && !strcmp(w, "Short text."));
	free(w);
	const char *s = "This line is about sixty characters long, give or take.";
	w = sub_segment_wrap(s, strlen(s), "en", 42);
	CHECK(w && strchr(w, '\n') && !strchr(strchr(w, '\n') + 1, '\n'));
	if (w && strchr(w, '\n')) {
		size_t l1 = (size_t)(strchr(w, '\n') - w), l2 = strlen(w) - l1 - 1;
		CHECK(l1 <= 42 && l2 <= 42 && (l1 > l2 ? l1 - l2 : l2 - l1) <= 16);
	}
	free(w);
	const char *z = "我們那時討論的AI，基本上都在處理所謂的玩具問題";
	w = sub_segment_wrap(z, strlen(z), "zh", 16);
	CHECK(w && !strcmp(w, "我們那時討論的AI，\n基本上都在處理所謂的玩具問題"));
	free(w);
	CHECK(sub_segment_wrap(NULL, 0, "en", 42) == NULL);

	struct sub_span *sp = NULL;
	size_t n = 0;
	const char *t = "one, two, three, four, five, six";
	CHECK(sub_segment_split(t, strlen(t), "en", 0, 3, &sp, &n) == SUB_OK && n == 3);
	CHECK(n == 3 && sp[0].begin == 0 && sp[2].end == strlen(t) && sp[0].end <= sp[1].begin);
	free(sp);
	CHECK(sub_segment_split(t, strlen(t), "en", 12, 0, &sp, &n) == SUB_OK && n >= 3);
	int ok = 1;
	for (size_t i = 0; i < n; i++)
		ok &= sub_utf8_count(t + sp[i].begin, sp[i].end - sp[i].begin) <= 12;
	CHECK(ok);
	free(sp);
	CHECK(sub_segment_split("   ", 3, "en", 10, 0, &sp, &n) == SUB_OK && n == 0);
	CHECK(sub_segment_split(NULL, 3, "en", 10, 0, &sp, &n) == SUB_ERR_ARG);
	CHECK(sub_segment_split(t, 3, "en", 0, 0, &sp, &n) == SUB_ERR_ARG);
	/* No cue ends inside a short quotation when a break outside it will do. */
	{
		const char *q = "The AI we talked about back then was basically dealing with "
		                "so-called \"toy problems\": problems that were actually designed "
		                "by people, you could even call them \"artificial problems\", "
		                "without much practical significance.";
		const char *zq =
		        "所以“人工智能”這個詞、甚至這個領域，對我來說并不新鮮。我們那時討論的"
		        "AI，基本上都在處理所謂的“玩具問題”。";
		int inside = 0;
		/* (cues of 42 and 60 characters had cut "toy | problems") */
		for (size_t mc = 30; mc <= 90; mc += 6) {
			CHECK(sub_segment_split(q, strlen(q), "en", mc, 0, &sp, &n) == SUB_OK &&
			      n >= 3);
			for (size_t i = 0; i + 1 < n; i++) {
				size_t e = sp[i].end;
				inside |= (e >= 4 && !strncmp(q + e - 4, "\"toy", 4)) ||
				          (e >= 11 && !strncmp(q + e - 11, "\"artificial", 11));
			}
			free(sp);
		}
		for (size_t mc = 10; mc <= 30; mc += 4) {
			CHECK(sub_segment_split(zq, strlen(zq), "zh", mc, 0, &sp, &n) == SUB_OK &&
			      n >= 2);
			for (size_t i = 0; i + 1 < n; i++) {
				/* the cut must not fall inside “...” */
				int open = 0;
				for (size_t b = 0; b < sp[i].end; b++)
					if (!strncmp(zq + b, "“", strlen("“")))
						open = 1;
					else if (!strncmp(zq + b, "”", strlen("”")))
						open = 0;
				inside |= open;
			}
			free(sp);
		}
		CHECK(!inside);
	}
	/* more pieces than breaks: as many as there can be */
	CHECK(sub_segment_split("ab", 2, "en", 0, 10, &sp, &n) == SUB_OK && n == 2);
	free(sp);
}

static void test_bad_args_and_huge(void)
{
	CHECK(sub_segment_turn(NULL, 0, NULL) == SUB_ERR_ARG);
	CHECK(sub_segment_project(NULL, NULL) == SUB_ERR_ARG);
	struct sub_project *p = one_lang("en", "Hello.");
	CHECK(sub_segment_turn(p, 1, NULL) == SUB_ERR_ARG);
	sub_project_free(p);
	/* a 2 MB turn is cut in linear time */
	size_t big = 2u << 20;
	char *s = malloc(big + 1);
	const char *pat = "Some words, in a sentence that goes on. ";
	for (size_t i = 0; i < big; i++)
		s[i] = pat[i % strlen(pat)];
	s[big] = 0;
	p = one_lang("en", s);
	clock_t c0 = clock();
	CHECK(sub_segment_project(p, NULL) == SUB_OK);
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	printf("2 MB turn: %zu cues in %.2f s\n", p->turns[0].n_cues, secs);
	CHECK(secs < 20);
	struct sub_error err;
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	sub_project_free(p);
	/* the same in two languages, where pairing hits its size cap and falls back */
	p = two_lang("短句。", s);
	for (size_t i = 0; i < 3000; i++)
		sub_set_str(&p->turns[0].text[0], NULL);
	char *zh = malloc(3 * 5000 + 1);
	for (size_t i = 0; i < 5000; i++)
		memcpy(zh + 3 * i, i % 5 == 4 ? "。" : "字", 3);
	zh[3 * 5000] = 0;
	sub_set_str(&p->turns[0].text[0], zh);
	s[200000] = 0;
	sub_set_str(&p->turns[0].text[1], s);
	CHECK(sub_segment_project(p, NULL) == SUB_OK);
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	sub_project_free(p);
	free(zh);
	free(s);
}

int main(void)
{
	test_max_chars();
	test_sample_mono();
	test_sample_pair();
	test_pair_uneven();
	test_breaks();
	test_wrap_split();
	test_bad_args_and_huge();
	return tap_done();
}
