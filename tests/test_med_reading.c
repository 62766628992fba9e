/* test_med_reading.c: Japanese text to the katakana of its pronunciation (MeCab), and what
 * espeak-ng makes of it. */
#include <stdlib.h>
#include <string.h>

#include "med_common.h"
#include "med_reading.h"
#include "med_synth.h"
#include "tap.h"

static char *dup(const char *s)
{
	char *d = malloc(strlen(s) + 1);
	if (d)
		strcpy(d, s);
	return d;
}

static void test_needed(void)
{
	CHECK(med_reading_needed("ja"));
	CHECK(med_reading_needed("JA"));
	CHECK(med_reading_needed("ja-JP"));
	CHECK(med_reading_needed("ja_JP"));
	CHECK(!med_reading_needed("jav"));
	CHECK(!med_reading_needed("zh"));
	CHECK(!med_reading_needed("en"));
	CHECK(!med_reading_needed(""));
	CHECK(!med_reading_needed(NULL));
}

static void test_kana(void)
{
	char *t[5];
	const char *why = "unset";
	int r;

	t[0] = dup("今日は良い天気です。");
	t[1] = dup("AIの未来について、王さんと話しました。");
	t[2] = dup("");
	t[3] = NULL;
	t[4] = dup("こんにちは");
	r = med_reading_kana(t, 5, &why);
	printf("# %s | %s | %s (%d, %s)\n", t[0], t[1], t[4], r, why ? why : "-");
	CHECK(r == MED_OK && why == NULL);
	/* the particle は as spoken (ワ), the long vowel of 今日 as a mark */
	CHECK(!strcmp(t[0], "キョーワヨイテンキデス。"));
	/* words the dictionary does not know stay as written; punctuation stays */
	CHECK(!strncmp(t[1], "AIノミライニツイテ、", strlen("AIノミライニツイテ、")));
	CHECK(strstr(t[1], "ハナシマシタ。") != NULL);
	CHECK(!strcmp(t[2], "") && t[3] == NULL);
	CHECK(!strcmp(t[4], "コンニチワ"));
	for (int i = 0; i < 5; i++)
		free(t[i]);
	CHECK(med_reading_kana(NULL, 0, NULL) == MED_OK);
	CHECK(med_reading_kana(NULL, 3, NULL) == MED_ERR_ARG);
}

/* espeak-ng's Japanese voice speaks kanji as English words ("Chinese letter"), so a text in
 * kanji lasts several times as long as its reading: the reading is what it can speak. */
static void test_spoken_length(void)
{
	const char *kanji = "今日は良い天気ですね。新しい技術について話しましょう。";
	char *t[1];
	struct med_synth_config sc;
	struct med_features_config fc;
	struct med_synth_result a, b;
	int ra, rb;

	t[0] = dup(kanji);
	CHECK(med_reading_kana(t, 1, NULL) == MED_OK);
	med_synth_config_init(&sc);
	sc.voice = "ja";
	med_features_config_init(&fc);
	ra = med_synth_fragments((const char *const *)&kanji, 1, &sc, &fc, &a, NULL, NULL);
	rb = med_synth_fragments((const char *const *)t, 1, &sc, &fc, &b, NULL, NULL);
	CHECK(ra == MED_OK && rb == MED_OK);
	if (ra == MED_OK && rb == MED_OK) {
		printf("# spoken as written %.2f s, its reading %.2f s\n", a.seconds, b.seconds);
		/* open_jtalk's voices say it in 5 s */
		CHECK(b.seconds > 3.0 && b.seconds < 7.0);
		CHECK(a.seconds > 1.5 * b.seconds);
	}
	if (ra == MED_OK)
		med_synth_result_release(&a);
	if (rb == MED_OK)
		med_synth_result_release(&b);
	free(t[0]);
}

int main(void)
{
	test_needed();
	test_kana();
	test_spoken_length();
	return tap_done();
}
