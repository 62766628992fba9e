/* test_sub_text.c: UTF-8 helpers, language guesses, sentence splitting, Gale-Church. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_model.h"
#include "sub_pair.h"
#include "sub_text.h"
#include "sub_transcript.h"
#include "tap.h"

/* Splits text and compares the sentences with the expected ones, "|"-separated. */
static int sentences_are(const char *text, const char *lang, const char *expect)
{
	struct sub_span *sp = NULL;
	size_t n = 0;
	if (sub_text_sentences(text, lang, &sp, &n) != SUB_OK)
		return 0;
	char got[4096];
	size_t w = 0;
	for (size_t i = 0; i < n && w < sizeof(got) - 2; i++) {
		if (i)
			got[w++] = '|';
		size_t len = sp[i].end - sp[i].begin;
		if (len > sizeof(got) - 2 - w)
			len = sizeof(got) - 2 - w;
		memcpy(got + w, text + sp[i].begin, len);
		w += len;
	}
	got[w] = 0;
	free(sp);
	if (strcmp(got, expect)) {
		fprintf(stderr, "  sentences of \"%s\":\n    got    %s\n    wanted %s\n", text, got,
		        expect);
		return 0;
	}
	return 1;
}

static size_t count(const char *text, const char *lang)
{
	struct sub_span *sp = NULL;
	size_t n = 0;
	if (sub_text_sentences(text, lang, &sp, &n))
		return (size_t)-1;
	free(sp);
	return n;
}

static void test_utf8(void)
{
	CHECK(sub_utf8_count("", 0) == 0);
	CHECK(sub_utf8_count(NULL, 5) == 0);
	CHECK(sub_utf8_count("abc", 3) == 3);
	CHECK(sub_utf8_count("王堅", strlen("王堅")) == 2);
	CHECK(sub_utf8_count("a。b", strlen("a。b")) == 3);
	size_t i = 0;
	CHECK(sub_utf8_next("王", 3, &i) == 0x738B && i == 3);
	i = 0;
	CHECK(sub_utf8_next("\xFF"
	                    "a",
	                    2, &i) == 0xFFFD &&
	      i == 1);
	i = 0;
	CHECK(sub_utf8_next("\xE7\x8E", 2, &i) == 0xFFFD && i == 1); /* truncated */
	i = 5;
	CHECK(sub_utf8_next("ab", 2, &i) == 0);
	CHECK(sub_cp_is_han(0x738B) && !sub_cp_is_han('a') && !sub_cp_is_han(0x3002));
	CHECK(sub_cp_is_space(0x3000) && sub_cp_is_space('\n') && !sub_cp_is_space('x'));
	CHECK(sub_cp_is_sentence_end(0x3002) && sub_cp_is_sentence_end('?') &&
	      !sub_cp_is_sentence_end(0xFF0C));
	CHECK(sub_cp_is_clause_mark(0xFF0C) && sub_cp_is_clause_mark(0x3001) &&
	      sub_cp_is_clause_mark(';') && !sub_cp_is_clause_mark('a'));
	CHECK(sub_cp_is_closing(0x201D) && sub_cp_is_closing(0x300D) && !sub_cp_is_closing('('));
}

static void test_lang(void)
{
	CHECK(sub_lang_is_cjk("zh"));
	CHECK(sub_lang_is_cjk("zh-TW"));
	CHECK(sub_lang_is_cjk("zh_Hant"));
	CHECK(sub_lang_is_cjk("ZH"));
	CHECK(sub_lang_is_cjk("ja"));
	CHECK(sub_lang_is_cjk("yue"));
	CHECK(sub_lang_is_cjk("cmn"));
	CHECK(!sub_lang_is_cjk("en"));
	CHECK(!sub_lang_is_cjk("zhx"));
	CHECK(!sub_lang_is_cjk(""));
	CHECK(!sub_lang_is_cjk(NULL));
	CHECK(!sub_lang_is_cjk("verylonglanguagecode"));
	const char *zh = "王博士,非常感謝您接受彭博社的采訪。現在在AI領域,最吸引您注意的是什么?";
	CHECK(!strcmp(sub_text_guess_lang(zh, strlen(zh)), "zh"));
	const char *en = "Dr. Wang, thank you so much for talking to Bloomberg (彭博).";
	CHECK(!strcmp(sub_text_guess_lang(en, strlen(en)), "en"));
	CHECK(!strcmp(sub_text_guess_lang("", 0), "en"));
	CHECK(!strcmp(sub_text_guess_lang(NULL, 10), "en"));
}

/* Guess of text with its evidence, compared with want. */
static int detects(const char *text, const char *want, enum sub_lang_evidence want_ev)
{
	enum sub_lang_evidence ev = (enum sub_lang_evidence)-1;
	const char *g = sub_text_detect_lang(text, strlen(text), &ev);
	if (strcmp(g, want) || ev != want_ev) {
		printf("# %s: got %s (%d), want %s (%d)\n", text, g, (int)ev, want, (int)want_ev);
		return 0;
	}
	return 1;
}

static void test_detect_lang(void)
{
	/* scripts */
	CHECK(detects("Добрый вечер и спасибо, что вы пришли сегодня.", "ru", SUB_LANG_SCRIPT));
	CHECK(detects("Добрий вечір і дякую, що ви прийшли сьогодні.", "uk", SUB_LANG_SCRIPT));
	CHECK(detects("皆さん、こんばんは。今日は来てくれてありがとうございます。", "ja",
	              SUB_LANG_SCRIPT));
	CHECK(detects("王博士，非常感谢您接受彭博社的采访。", "zh", SUB_LANG_SCRIPT));
	CHECK(detects("안녕하세요, 오늘 와 주셔서 감사합니다.", "ko", SUB_LANG_SCRIPT));
	CHECK(detects("Καλησπέρα σε όλους και ευχαριστώ.", "el", SUB_LANG_SCRIPT));
	/* common words of Latin-script languages, short texts included */
	CHECK(detects("Bonjour à tous. Nous allons parler de l'informatique et de son avenir. "
	              "Au début, personne ne croyait que ce projet pourrait réussir.",
	              "fr", SUB_LANG_WORDS));
	CHECK(detects("Die Katze ist auf dem Tisch und der Hund ist nicht da.", "de",
	              SUB_LANG_WORDS));
	CHECK(detects("La casa de la familia está en la montaña, y es muy bonita.", "es",
	              SUB_LANG_WORDS));
	CHECK(detects("O menino e a menina estão na escola com os amigos do bairro.", "pt",
	              SUB_LANG_WORDS));
	CHECK(detects("Il gatto è sulla tavola e il cane non c'è, ma la casa è bella.", "it",
	              SUB_LANG_WORDS));
	CHECK(detects("And so, my fellow Americans. Ask not what your country can do for you, "
	              "ask what you can do for the world.",
	              "en", SUB_LANG_WORDS));
	/* too little to tell: English by default, and "I" is not the Polish "i" */
	CHECK(detects("I know I can and I will do it.", "en", SUB_LANG_DEFAULT));
	/* "a" and "to" are Czech and Slovak words too: not enough to take English for them */
	CHECK(detects("I want to buy a car, a boat and a house.", "en", SUB_LANG_DEFAULT));
	CHECK(detects("Front left. Front right.", "en", SUB_LANG_DEFAULT));
	CHECK(detects("Merci beaucoup.", "en", SUB_LANG_DEFAULT));
	CHECK(detects("", "en", SUB_LANG_DEFAULT));
	CHECK(!strcmp(sub_text_detect_lang(NULL, 5, NULL), "en"));
	/* Urdu, written with Persian's letters and more of its own */
	CHECK(detects("کیا آپ کے خیال میں مصنوعی ذہانت ہماری زندگی بدل دے گی؟", "ur",
	              SUB_LANG_SCRIPT));
	CHECK(detects("آیا فکر می کنید هوش مصنوعی زندگی ما را تغییر می دهد؟", "fa",
	              SUB_LANG_SCRIPT));
	/* Vietnamese: its common words hold letters with two marks (của, được), which had
	 * cut them in pieces, and the pieces were Czech's one-letter words */
	CHECK(detects("Xin chào và chào mừng các bạn đến với chương trình. Hôm nay chúng ta sẽ "
	              "nói về tương lai của công nghệ. Bạn có nghĩ rằng trí tuệ nhân tạo sẽ "
	              "thay đổi cuộc sống của chúng ta không?",
	              "vi", SUB_LANG_WORDS));
	/* Slovak beside Czech, Croatian (which had been read as Portuguese), Swahili */
	CHECK(detects("Dobrý večer a vitajte v našom programe. Dnes sa budeme rozprávať o "
	              "budúcnosti technológií. Myslíte si, že umelá inteligencia zmení náš život?",
	              "sk", SUB_LANG_WORDS));
	CHECK(detects("Dobrý večer a vítejte v našem pořadu. Dnes budeme mluvit o budoucnosti "
	              "technologií. Myslíte si, že umělá inteligence změní náš život?",
	              "cs", SUB_LANG_WORDS));
	CHECK(detects("Dobra večer i dobrodošli u našu emisiju. Danas ćemo razgovarati o "
	              "budućnosti tehnologije. Mislite li da će umjetna inteligencija promijeniti "
	              "naše živote?",
	              "hr", SUB_LANG_WORDS));
	CHECK(detects("Habari za jioni na karibuni kwenye kipindi chetu. Leo tutazungumza kuhusu "
	              "mustakabali wa teknolojia. Je, unadhani akili bandia itabadilisha maisha "
	              "yetu?",
	              "sw", SUB_LANG_WORDS));
	/* too few common words, but letters one language owns */
	CHECK(detects("Yapay zekanın hayatımızı değiştireceğini düşünüyor musunuz?", "tr",
	              SUB_LANG_WORDS_NEAR));
	CHECK(detects("Przyszłość, sztuczna inteligencja, łódź, ołówek.", "pl",
	              SUB_LANG_WORDS_NEAR));
	/* Catalan, which shares most of its commonest words with Spanish */
	CHECK(detects("El meu pare tenia una barca petita i jo l'acompanyava els estius. Quan ell "
	              "es va fer gran, vaig decidir quedar-me la barca. Al principi molta gent "
	              "pensava que no duraria ni un any.",
	              "ca", SUB_LANG_WORDS));
	/* two close languages about level, English not near: the one ahead, not English; any
	 * Latin-script language may still be named */
	CHECK(detects("Los padres y els fills de la casa i la vila.", "es", SUB_LANG_WORDS_NEAR));
	/* ... told apart by the words one has and the other not */
	CHECK(detects("Los niños i els pares van a la escuela de la vila amb los amigos, per la "
	              "mañana.",
	              "ca", SUB_LANG_WORDS));
	CHECK(sub_lang_may_be("es", SUB_LANG_WORDS_NEAR, "ca"));
	CHECK(sub_lang_may_be("es", SUB_LANG_WORDS_NEAR, "fr"));
	CHECK(!sub_lang_may_be("es", SUB_LANG_WORDS_NEAR, "ru"));

	/* what a guess leaves room for */
	CHECK(sub_lang_may_be("en", SUB_LANG_DEFAULT, "fr"));
	CHECK(sub_lang_may_be("en", SUB_LANG_DEFAULT, "gl"));
	CHECK(!sub_lang_may_be("en", SUB_LANG_DEFAULT, "zh"));
	CHECK(!sub_lang_may_be("en", SUB_LANG_DEFAULT, "ru"));
	CHECK(!sub_lang_may_be("en", SUB_LANG_WORDS, "fr"));
	CHECK(sub_lang_may_be("es", SUB_LANG_WORDS, "gl"));
	CHECK(sub_lang_may_be("pt", SUB_LANG_WORDS, "pt-BR"));
	CHECK(sub_lang_may_be("ru", SUB_LANG_SCRIPT, "bg"));
	CHECK(sub_lang_may_be("zh", SUB_LANG_SCRIPT, "yue"));
	CHECK(sub_lang_may_be("zh", SUB_LANG_SCRIPT, "zh"));
	CHECK(!sub_lang_may_be("zh", SUB_LANG_SCRIPT, "en"));
	CHECK(!sub_lang_may_be("ja", SUB_LANG_SCRIPT, "zh"));
	CHECK(!sub_lang_may_be("el", SUB_LANG_SCRIPT, "en"));
	CHECK(!sub_lang_may_be(NULL, SUB_LANG_DEFAULT, "fr"));
	CHECK(!sub_lang_may_be("en", SUB_LANG_DEFAULT, ""));
}

static void test_sentences_zh(void)
{
	CHECK(sentences_are("你好。再見!", "zh", "你好。|再見!"));
	CHECK(sentences_are("你好。再見！真的？", "zh", "你好。|再見！|真的？"));
	/* closing quotes and brackets stay with the sentence they close */
	CHECK(sentences_are("他說：“好。”然後走了。", "zh", "他說：“好。”|然後走了。"));
	CHECK(sentences_are("「走吧！」『好』（完）。下一句", "zh",
	                    "「走吧！」|『好』（完）。|下一句"));
	/* ； and ， do not end sentences; a run of marks stays whole */
	CHECK(sentences_are("第一；第二，第三。", "zh", "第一；第二，第三。"));
	CHECK(sentences_are("真的嗎？！是的……好。", "zh", "真的嗎？！|是的……好。"));
	/* ASCII ? in Chinese text, as in the sample */
	CHECK(sentences_are("您怎么看這種關系?王堅回答。", "zh", "您怎么看這種關系?|王堅回答。"));
	/* a paragraph end closes a sentence without a mark */
	CHECK(sentences_are("沒有句號\n第二段。", "zh", "沒有句號|第二段。"));
	/* decimals and English inside Chinese */
	CHECK(sentences_are("增長了1.5倍。很好。", "zh", "增長了1.5倍。|很好。"));
	CHECK(sentences_are("  前後有空格。  ", "zh", "前後有空格。"));
}

static void test_sentences_en(void)
{
	CHECK(sentences_are("Hello there. How are you? Fine!", "en",
	                    "Hello there.|How are you?|Fine!"));
	CHECK(sentences_are("Dr. Wang met Mr. Smith and Mrs. Lee. Ms. Chan came too.", "en",
	                    "Dr. Wang met Mr. Smith and Mrs. Lee.|Ms. Chan came too."));
	CHECK(sentences_are("He moved to the U.S. in 1990. Then he left.", "en",
	                    "He moved to the U.S. in 1990.|Then he left."));
	CHECK(sentences_are("Use tools, e.g. a hammer, i.e. anything. Fine.", "en",
	                    "Use tools, e.g. a hammer, i.e. anything.|Fine."));
	CHECK(sentences_are("Apples, pears, etc. are fruit. Yes.", "en",
	                    "Apples, pears, etc. are fruit.|Yes."));
	CHECK(sentences_are("We saw cats, dogs, etc. Then we left.", "en",
	                    "We saw cats, dogs, etc.|Then we left."));
	CHECK(sentences_are("It was Apple vs. Google. Done.", "en",
	                    "It was Apple vs. Google.|Done."));
	CHECK(sentences_are("He lives on Main St. near the park.", "en",
	                    "He lives on Main St. near the park."));
	CHECK(sentences_are("It is No. 5 on the list. We said no. Then yes.", "en",
	                    "It is No. 5 on the list.|We said no.|Then yes."));
	CHECK(sentences_are("J. K. Rowling wrote it. It sold.", "en",
	                    "J. K. Rowling wrote it.|It sold."));
	CHECK(sentences_are("It grew 3.5 times. That is 0.5 more.", "en",
	                    "It grew 3.5 times.|That is 0.5 more."));
	CHECK(sentences_are("He said \"stop.\" Then he left.", "en",
	                    "He said \"stop.\"|Then he left."));
	CHECK(sentences_are("The internet... and then AI. Wait... What?", "en",
	                    "The internet... and then AI.|Wait...|What?"));
	CHECK(sentences_are("Really?! Yes.", "en", "Really?!|Yes."));
	CHECK(sentences_are("No end mark\nNext line.", "en", "No end mark|Next line."));
	CHECK(sentences_are("Visit example.com today.", "en", "Visit example.com today."));
	/* other scripts' full stops and question marks end a sentence */
	CHECK(sentences_are("आप कैसे हैं? हम ठीक हैं। धन्यवाद॥ फिर मिलेंगे", "hi",
	                    "आप कैसे हैं?|हम ठीक हैं।|धन्यवाद॥|फिर मिलेंगे"));
	CHECK(sentences_are("كيف حالك؟ أنا بخير.", "ar", "كيف حالك؟|أنا بخير."));
	CHECK(sentences_are("آپ کیسے ہیں۔ شکریہ", "ur", "آپ کیسے ہیں۔|شکریہ"));
	CHECK(sentences_are("Բարեւ։ Ինչպես ես", "hy", "Բարեւ։|Ինչպես ես"));
	/* Greek asks with ';', which elsewhere joins clauses */
	CHECK(sentences_are("Τι κάνεις; Καλά.", "el", "Τι κάνεις;|Καλά."));
	CHECK(sentences_are("One; two. Three", "en", "One; two.|Three"));
	CHECK(sub_cp_is_sentence_end(0x0964) && sub_cp_is_clause_mark(0x060C) &&
	      !sub_cp_is_sentence_end(0x060C));
	CHECK(count("", "en") == 0);
	CHECK(count("   \n\n  ", "en") == 0);
	CHECK(count("word", "en") == 1);
	CHECK(count("Hello. Bye.", NULL) == 2); /* language guessed */
}

static void test_sentences_bad(void)
{
	struct sub_span *sp = (struct sub_span *)1;
	size_t n = 7;
	CHECK(sub_text_sentences(NULL, "en", &sp, &n) == SUB_ERR_ARG);
	CHECK(sub_text_sentences("a", "en", NULL, &n) == SUB_ERR_ARG);
	CHECK(sub_text_sentences("a", "en", &sp, NULL) == SUB_ERR_ARG);
	/* invalid UTF-8 and control bytes do not crash and spans stay in range */
	const char *garbage = "\xFF\xFE. \xE7\x8E。\x80?? ...\x01\x02 . . .";
	CHECK(sub_text_sentences(garbage, "zh", &sp, &n) == SUB_OK);
	int ok = 1;
	for (size_t i = 0; i < n; i++)
		ok &= sp[i].begin < sp[i].end && sp[i].end <= strlen(garbage) &&
		      (!i || sp[i].begin >= sp[i - 1].end);
	CHECK(ok);
	free(sp);
	/* huge: 1 MB of sentences is split in linear time */
	size_t big = 1 << 20;
	char *s = malloc(big + 1);
	for (size_t i = 0; i < big; i++)
		s[i] = "Ab. "[i % 4];
	s[big] = 0;
	CHECK(sub_text_sentences(s, "en", &sp, &n) == SUB_OK && n == big / 4);
	free(sp);
	free(s);
}

/* The sample: 171 sentences in each language, equal turn by turn. */
static void test_sample_counts(void)
{
	struct sub_project *zh = NULL, *en = NULL;
	struct sub_error err;
	CHECK(sub_transcript_read_file(TSYNC_SOURCE_DIR "/data/wangjian/interview.zh.txt", NULL,
	                               &zh, &err) == SUB_OK);
	CHECK(sub_transcript_read_file(TSYNC_SOURCE_DIR "/data/wangjian/interview.en.txt", NULL,
	                               &en, &err) == SUB_OK);
	if (!zh || !en) {
		sub_project_free(zh);
		sub_project_free(en);
		return;
	}
	CHECK(zh->n_turns == 36 && en->n_turns == 36);
	size_t tz = 0, te = 0, equal = 0;
	for (size_t i = 0; i < zh->n_turns && i < en->n_turns; i++) {
		size_t a = count(zh->turns[i].text[0], "zh"), b = count(en->turns[i].text[0], "en");
		tz += a;
		te += b;
		equal += a == b;
		if (a != b)
			fprintf(stderr, "  turn %zu: %zu zh sentences, %zu en\n", i + 1, a, b);
	}
	CHECK(tz == 171);
	CHECK(te == 171);
	CHECK(equal == 36);

	/* Gale-Church pairs the sample 1-1 in almost every turn */
	size_t one_one = 0, beads_total = 0;
	for (size_t i = 0; i < zh->n_turns; i++) {
		struct sub_span *sa, *sb;
		size_t na, nb;
		sub_text_sentences(zh->turns[i].text[0], "zh", &sa, &na);
		sub_text_sentences(en->turns[i].text[0], "en", &sb, &nb);
		size_t *la = malloc((na + 1) * sizeof(size_t)),
		       *lb = malloc((nb + 1) * sizeof(size_t));
		for (size_t k = 0; k < na; k++)
			la[k] = sub_utf8_count(zh->turns[i].text[0] + sa[k].begin,
			                       sa[k].end - sa[k].begin);
		for (size_t k = 0; k < nb; k++)
			lb[k] = sub_utf8_count(en->turns[i].text[0] + sb[k].begin,
			                       sb[k].end - sb[k].begin);
		struct sub_bead *beads;
		size_t nbeads;
		CHECK(sub_pair_sentences(la, na, lb, nb, &beads, &nbeads) == SUB_OK);
		for (size_t k = 0; k < nbeads; k++)
			one_one += beads[k].a_count == 1 && beads[k].b_count == 1;
		beads_total += nbeads;
		free(beads);
		free(la);
		free(lb);
		free(sa);
		free(sb);
	}
	printf("sample: %zu beads, %zu of them 1-1\n", beads_total, one_one);
	CHECK(one_one * 10 >= 171 * 9); /* at least 90% 1-1 */
	sub_project_free(zh);
	sub_project_free(en);
}

static int beads_cover(const struct sub_bead *b, size_t n, size_t na, size_t nb)
{
	size_t a = 0, c = 0;
	for (size_t i = 0; i < n; i++) {
		if (b[i].a_first != a || b[i].b_first != c || b[i].a_count > 2 ||
		    b[i].b_count > 2 || (!b[i].a_count && !b[i].b_count))
			return 0;
		a += b[i].a_count;
		c += b[i].b_count;
	}
	return a == na && c == nb;
}

static void test_pair(void)
{
	struct sub_bead *b = NULL;
	size_t n = 0;
	/* equal lengths pair 1-1 */
	size_t a1[] = {10, 20, 30, 15}, b1[] = {31, 59, 92, 44};
	CHECK(sub_pair_sentences(a1, 4, b1, 4, &b, &n) == SUB_OK);
	CHECK(n == 4 && beads_cover(b, n, 4, 4));
	for (size_t i = 0; i < n; i++)
		CHECK(b[i].a_count == 1 && b[i].b_count == 1);
	free(b);
	/* a sentence of A translated as two of B: a 1-2 bead in the middle */
	size_t a2[] = {10, 40, 12}, b2[] = {30, 60, 62, 35};
	CHECK(sub_pair_sentences(a2, 3, b2, 4, &b, &n) == SUB_OK);
	CHECK(n == 3 && beads_cover(b, n, 3, 4));
	CHECK(n == 3 && b[1].a_count == 1 && b[1].b_count == 2);
	free(b);
	/* two of A as one of B */
	size_t a3[] = {20, 10, 10, 20}, b3[] = {60, 61, 60};
	CHECK(sub_pair_sentences(a3, 4, b3, 3, &b, &n) == SUB_OK);
	CHECK(beads_cover(b, n, 4, 3) && n == 3 && b[1].a_count == 2 && b[1].b_count == 1);
	free(b);
	/* a sentence with no counterpart */
	size_t a4[] = {20, 20, 3, 20}, b4[] = {60, 60, 60};
	CHECK(sub_pair_sentences(a4, 4, b4, 3, &b, &n) == SUB_OK && beads_cover(b, n, 4, 3));
	free(b);
	/* one side empty */
	CHECK(sub_pair_sentences(a1, 4, NULL, 0, &b, &n) == SUB_OK && n == 4 &&
	      beads_cover(b, n, 4, 0));
	free(b);
	CHECK(sub_pair_sentences(NULL, 0, NULL, 0, &b, &n) == SUB_OK && n == 0 && !b);
	/* zero lengths do not divide by zero */
	size_t z[] = {0, 0, 0};
	CHECK(sub_pair_sentences(z, 3, z, 2, &b, &n) == SUB_OK && beads_cover(b, n, 3, 2));
	free(b);
	/* bad arguments and a size cap */
	CHECK(sub_pair_sentences(NULL, 2, b1, 2, &b, &n) == SUB_ERR_ARG);
	CHECK(sub_pair_sentences(a1, 2, b1, 2, NULL, &n) == SUB_ERR_ARG);
	CHECK(sub_pair_sentences(a1, 2, b1, 2, &b, NULL) == SUB_ERR_ARG);
	size_t huge = 10000;
	size_t *h = calloc(huge, sizeof(size_t));
	CHECK(sub_pair_sentences(h, huge, h, huge, &b, &n) == SUB_ERR_TOO_BIG);
	/* a thousand each pairs fine */
	for (size_t i = 0; i < 1000; i++)
		h[i] = 5 + (i * 7919) % 60;
	CHECK(sub_pair_sentences(h, 1000, h, 1000, &b, &n) == SUB_OK && n == 1000);
	free(b);
	free(h);
}

/* Sounds' descriptions in brackets, which the aligner does not speak. */
static void test_sound_len(void)
{
	static const struct {
		const char *s;
		size_t len;
	} cases[] = {
	        {"(laughs)", 8},
	        {"(Laughs). So what", 8},
	        {"[Laughter] and then", 10},
	        {"[inaudible 00:12:34] ok", 20},
	        {"(crosstalk)", 11},
	        {"\uff08\u7b11\uff09\u90a3", 9},  /* （笑）那 */
	        {"(\u7b11)\u3002", 5},            /* (笑)。 */
	        {"\u3010\u638c\u58f0\u3011", 12}, /* 【掌声】 */
	        {"(laughs", 0},
	        {"(laughable)", 0},
	        {"(Note: not heard clearly)", 0},
	        {"(the company)", 0},
	        {"laughs", 0},
	        {"(musical chairs)", 0},
	        {"", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t got = sub_text_sound_len(cases[i].s, strlen(cases[i].s));
		if (got != cases[i].len)
			printf("# sound_len(\"%s\") = %zu, expected %zu\n", cases[i].s, got,
			       cases[i].len);
		CHECK(got == cases[i].len);
	}
	CHECK(sub_text_sound_len(NULL, 4) == 0);
	{
		char *t =
		        sub_text_speakable("is a CEO (laughs).\nSo what\tdo (the firm) [Laughter]");
		printf("# speakable: \"%s\"\n", t ? t : "(null)");
		CHECK(t && !strcmp(t, "is a CEO . So what do (the firm) "));
		free(t);
		t = sub_text_speakable("\u676d\u5dde\u662fCEO(\u7b11)\u3002");
		CHECK(t && !strcmp(t, "\u676d\u5dde\u662fCEO\u3002"));
		free(t);
		t = sub_text_speakable(NULL);
		CHECK(t && !*t);
		free(t);
	}
}

int main(void)
{
	test_utf8();
	test_lang();
	test_detect_lang();
	test_sentences_zh();
	test_sentences_en();
	test_sentences_bad();
	test_sample_counts();
	test_pair();
	test_sound_len();
	return tap_done();
}
