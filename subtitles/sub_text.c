/* sub_text.c: UTF-8 counting, character classes, language guess and sentence splitting. */
#include "sub_text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_model.h"

uint32_t sub_utf8_next(const char *s, size_t len, size_t *i)
{
	uint32_t cp;
	if (*i >= len)
		return 0;
	size_t n = sub_utf8_decode(s, len, *i, &cp);
	if (!n) {
		(*i)++;
		return 0xFFFD;
	}
	*i += n;
	return cp;
}

size_t sub_text_sound_len(const char *s, size_t len)
{
	static const char *const sounds[] = {
	        "laughs",       "laughter",     "laughing",     "applause",     "music",
	        "crosstalk",    "inaudible",    "silence",      "pause",        "coughs",
	        "sighs",        "chuckles",     "cheering",     "cheers",       "unintelligible",
	        "\u7b11",       "\u7b11\u58f0", "\u7b11\u8072", "\u638c\u58f0", "\u638c\u8072",
	        "\u97f3\u4e50", "\u97f3\u6a02",
	};
	static const char *const pairs[][2] = {
	        {"(", ")"}, {"[", "]"}, {"\uff08", "\uff09"}, {"\u3010", "\u3011"}};
	for (size_t b = 0; s && b < sizeof(pairs) / sizeof(pairs[0]); b++) {
		size_t o = strlen(pairs[b][0]), c = strlen(pairs[b][1]), end;
		const char *close;
		if (len < o + c + 1 || memcmp(s, pairs[b][0], o))
			continue;
		close = NULL;
		for (size_t i = o; i + c <= len && i <= o + 60; i++)
			if (!memcmp(s + i, pairs[b][1], c)) {
				close = s + i;
				break;
			}
		if (!close)
			return 0;
		end = (size_t)(close - s);
		for (size_t k = 0; k < sizeof(sounds) / sizeof(sounds[0]); k++) {
			size_t m = strlen(sounds[k]), q = 0;
			if (o + m > end)
				continue;
			while (q < m &&
			       tolower((unsigned char)s[o + q]) == (unsigned char)sounds[k][q])
				q++;
			if (q == m && (o + m == end || (s[o + m] == ' ' && end - (o + m) <= 31)))
				return end + c;
		}
		return 0;
	}
	return 0;
}

char *sub_text_speakable(const char *s)
{
	size_t n = s ? strlen(s) : 0, m = 0;
	char *t = malloc(n + 1);
	if (!t)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t snd = sub_text_sound_len(s + i, n - i);
		if (snd) {
			i += snd;
			continue;
		}
		t[m++] = (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') ? ' ' : s[i];
		i++;
	}
	t[m] = 0;
	return t;
}

size_t sub_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	if (!s)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

int sub_lang_is_cjk(const char *lang)
{
	if (!lang)
		return 0;
	char base[8];
	size_t i = 0;
	while (lang[i] && lang[i] != '-' && lang[i] != '_' && i + 1 < sizeof(base)) {
		base[i] = (char)tolower((unsigned char)lang[i]);
		i++;
	}
	if (lang[i] && lang[i] != '-' && lang[i] != '_')
		return 0;
	base[i] = 0;
	return !strcmp(base, "zh") || !strcmp(base, "ja") || !strcmp(base, "yue") ||
	       !strcmp(base, "cmn") || !strcmp(base, "wuu") || !strcmp(base, "zho") ||
	       !strcmp(base, "chi") || !strcmp(base, "jpn");
}

int sub_cp_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2EBEF) ||
	       (cp >= 0x30000 && cp <= 0x3134F) || (cp >= 0x2F800 && cp <= 0x2FA1F) || cp == 0x3007;
}

/* Kana and Hangul behave like Han for line breaking. */
static int cp_is_cjk_letter(uint32_t cp)
{
	return sub_cp_is_han(cp) || (cp >= 0x3040 && cp <= 0x30FF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF);
}

int sub_cp_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
	       cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
	       cp == 0xFEFF;
}

int sub_cp_is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000;
}

int sub_cp_is_sentence_end(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 /* 。 */ ||
	       cp == 0xFF01 /* ！ */ || cp == 0xFF1F /* ？ */ || cp == 0xFF0E /* ． */ ||
	       cp == 0xFF61 /* ｡ */ || cp == 0x203C || cp == 0x2047 || cp == 0x2048 ||
	       cp == 0x2049 ||
	       /* the danda and double danda of the Indic scripts, the Arabic question mark and
	        * full stop (Urdu), the Armenian, Ethiopic, Myanmar, Khmer and Tibetan full
	        * stops, the Greek question mark */
	       cp == 0x0964 || cp == 0x0965 || cp == 0x061F || cp == 0x06D4 || cp == 0x0589 ||
	       cp == 0x1362 || cp == 0x1367 || cp == 0x1368 || cp == 0x104B || cp == 0x17D4 ||
	       cp == 0x0F0D || cp == 0x037E;
}

int sub_cp_is_clause_mark(uint32_t cp)
{
	return cp == ',' || cp == ';' || cp == ':' || cp == 0xFF0C /* ， */ ||
	       cp == 0x3001 /* 、 */ || cp == 0xFF1B /* ； */ || cp == 0xFF1A /* ： */ ||
	       cp == 0x2014 /* — */ || cp == 0x2013 /* – */ || cp == 0x2026 /* … */ ||
	       cp == 0xFF64 || cp == 0x2E3A ||
	       /* Arabic comma and semicolon, Armenian comma, Greek ano teleia, Ethiopic comma
	        * and semicolon, Myanmar's little section mark */
	       cp == 0x060C || cp == 0x061B || cp == 0x055D || cp == 0x0387 || cp == 0x1363 ||
	       cp == 0x1364 || cp == 0x104A;
}

int sub_cp_is_closing(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}' ||
	       cp == 0x201D /* ” */ || cp == 0x2019 /* ’ */ || cp == 0x300D /* 」 */ ||
	       cp == 0x300F /* 』 */ || cp == 0xFF09 /* ） */ || cp == 0xFF3D /* ］ */ ||
	       cp == 0x300B /* 》 */ || cp == 0x3009 /* 〉 */ || cp == 0x3011 /* 】 */ ||
	       cp == 0x3015 || cp == 0x00BB /* » */ || cp == 0x203A;
}

/* Scripts that one language (among those espeak-ng speaks) owns, or whose first language
 * stands for the rest until the user names one (sub_lang_may_be()). */
static const struct {
	uint32_t lo, hi;
	const char *lang;
} script_owner[] = {
        {0x0400, 0x04FF, "ru"}, {0x0370, 0x03FF, "el"}, {0x0590, 0x05FF, "he"},
        {0x0600, 0x06FF, "ar"}, {0x0900, 0x097F, "hi"}, {0x0980, 0x09FF, "bn"},
        {0x0B80, 0x0BFF, "ta"}, {0x0E00, 0x0E7F, "th"}, {0x10A0, 0x10FF, "ka"},
        {0x0530, 0x058F, "hy"}, {0xAC00, 0xD7AF, "ko"}, {0x1100, 0x11FF, "ko"},
};
#define N_SCRIPT_OWNERS (sizeof(script_owner) / sizeof(script_owner[0]))

/* The most common short words of the Latin-script languages espeak-ng speaks well. */
static const struct {
	const char *lang;
	const char *words;
} stop_words[] = {
        {"en", " the and of to is that it you in we was for this have are not with they be on "},
        {"fr", " le la les et est que des un une je vous pas il nous dans pour qui du sur au "
               "avec ce "},
        {"de", " der die das und ist nicht ich sie es ein eine zu wir mit auf dass den von "
               "sich auch "},
        {"es", " el los las que y es en un una por no se con para lo del de la al como más "
               "pero "},
        {"it", " il che di non un una per sono con gli della anche come è la le si ma del "},
        {"pt", " o os que e de não um uma para com se do da em são no na as é mais "},
        {"nl", " de het een en is dat niet van ik je we zijn met voor op te die er ook "},
        {"pl", " w na nie to jest że się z do co jak ale o tak są od po "},
        {"cs", " je to v se na že s z do jsem ale jak o jsou by jsme "},
        {"sv", " och att det är som en på för med har jag inte av till den "},
        {"da", " og at det er en til på som de med for ikke jeg har af den "},
        {"nb", " og i det er som en på til å ikke for med har jeg av den "},
        {"fi", " ja on ei se että oli hän mutta kun niin ovat myös "},
        {"tr", " ve bir bu da de için ile çok ama ne o ben değil gibi "},
        {"ro", " și în de la nu că o un cu se pe este sunt să mai "},
        {"hu", " az és hogy nem egy is van de meg volt a "},
        {"id", " dan yang di ini itu dengan untuk tidak ada saya ke dari "},
        {"vi", " và của là có không những một người được trong cho này "},
        {"ca", " i el els de la que no és es per amb una un les dels al en del més però hi "
               "ho molt va aquest també perquè "},
        {"sk", " je to v sa na že so z do som ale ako o sú by sme aj nie ktorý "},
        {"hr", " je i u da se na su ne od kao što ali sam biti koji smo će iz "},
        {"sw", " na ya wa kwa ni za katika la cha kuwa hii lakini sana pia je huu "},
};
#define N_STOP_LANGS (sizeof(stop_words) / sizeof(stop_words[0]))
#define MAX_STOP_WORDS 32 /* words in a list, counted one by one */

/* Hits of language a's common words that are not in b's list (hit[l][k]: the text's count
 * of list l's k-th word). */
static size_t own_hits(size_t a, size_t b, size_t (*hit)[MAX_STOP_WORDS])
{
	const char *w = stop_words[a].words + 1;
	size_t sum = 0;
	for (size_t k = 0; *w && k < MAX_STOP_WORDS; k++) {
		const char *e = strchr(w, ' ');
		char key[40];
		size_t len = e ? (size_t)(e - w) : strlen(w);
		if (len + 3 > sizeof(key))
			break;
		key[0] = ' ';
		memcpy(key + 1, w, len);
		key[len + 1] = ' ';
		key[len + 2] = 0;
		if (!strstr(stop_words[b].words, key))
			sum += hit[a][k];
		if (!e)
			break;
		w = e + 1;
	}
	return sum;
}

/* Languages that share a script with the one that owns it, so a text in that script may be
 * in any of them: the guess names the owner, the user may name another. */
static const char *const script_family[] = {
        "ru uk bg sr mk be kk ky tt ba cv", /* Cyrillic */
        "ar fa ur ps sd ug ku",             /* Arabic */
        "hi mr ne sa kok",                  /* Devanagari */
        "bn as",                            /* Bengali */
        "zh cmn yue hak nan zh-yue",        /* Han */
};

/* Nonzero when code (case-insensitive, up to the first '-' or '_' unless the whole code is
 * listed) is a word of the space-separated list. */
static int code_in_list(const char *list, const char *code)
{
	char key[24];
	size_t n = 0;
	if (!code || !code[0])
		return 0;
	key[n++] = ' ';
	for (const char *c = code; *c && n < sizeof(key) - 2; c++)
		key[n++] = (char)tolower((unsigned char)*c);
	key[n++] = ' ';
	key[n] = 0;
	char padded[96];
	snprintf(padded, sizeof(padded), " %s ", list);
	if (strstr(padded, key))
		return 1;
	/* the base of "pt-BR", "en_US" */
	for (size_t k = 1; k + 1 < n; k++)
		if (key[k] == '-' || key[k] == '_') {
			key[k] = ' ';
			key[k + 1] = 0;
			return strstr(padded, key) != NULL;
		}
	return 0;
}

/* Latin letters: ASCII, Latin-1 to Latin Extended-B, and Latin Extended Additional
 * (Vietnamese's letters with two marks, ệ ủ ợ). */
static int cp_is_latin(uint32_t cp)
{
	return cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* The small letter of a Latin capital (those the stop words can hold); others as they are. */
static uint32_t latin_lower(uint32_t cp)
{
	if (cp < 0x80)
		return (uint32_t)tolower((int)cp);
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 32; /* Latin-1 */
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177) ||
	    (cp >= 0x1E00 && cp <= 0x1EFF && (cp < 0x1E96 || cp > 0x1E9F)))
		return cp | 1; /* pairs, the capital first */
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return cp & 1 ? cp + 1 : cp; /* pairs, the capital odd */
	return cp;
}

/* Latin letters that one language of the stop-word lists owns among them: the guess when
 * its common words are too few to tell (Turkish's dotless ı and ğ, Vietnamese's ơ ư and
 * letters with two marks, Polish ł, Czech ř ů ě, Hungarian ő ű, Romanian ș ț). Returns
 * that language's index in stop_words[], or -1. */
static int owned_letter(uint32_t cp)
{
	const char *lang = NULL;
	cp = latin_lower(cp);
	if (cp == 0x131 || cp == 0x11F)
		lang = "tr";
	else if (cp == 0x1A1 || cp == 0x1B0 || (cp >= 0x1EA0 && cp <= 0x1EF9))
		lang = "vi";
	else if (cp == 0x142)
		lang = "pl";
	else if (cp == 0x159 || cp == 0x16F || cp == 0x11B)
		lang = "cs";
	else if (cp == 0x151 || cp == 0x171)
		lang = "hu";
	else if (cp == 0x219 || cp == 0x21B)
		lang = "ro";
	for (size_t l = 0; lang && l < N_STOP_LANGS; l++)
		if (!strcmp(stop_words[l].lang, lang))
			return (int)l;
	return -1;
}

const char *sub_text_detect_lang(const char *text, size_t len, enum sub_lang_evidence *evidence)
{
	size_t script[N_SCRIPT_OWNERS] = {0}, words[N_STOP_LANGS] = {0}, owned[N_STOP_LANGS] = {0};
	size_t han = 0, kana = 0, latin = 0, letters = 0, ukr = 0, per = 0, urdu = 0, i = 0, wl = 0;
	size_t best = 0, second = 0, distinct_best = 0;
	size_t hit[N_STOP_LANGS][MAX_STOP_WORDS];
	char word[32];
	const char *lang = "en";
	enum sub_lang_evidence ev = SUB_LANG_DEFAULT;

	memset(hit, 0, sizeof(hit));
	if (!text)
		len = 0;
	if (len > 400000) /* a long text says what it is well before its end */
		len = 400000;
	while (i <= len) {
		uint32_t cp = i < len ? sub_utf8_next(text, len, &i) : (i++, 0);
		int is_letter = cp >= 0x80 ? cp >= 0xC0 : isalpha((int)cp) != 0;
		if (is_letter && cp != 0xD7 && cp != 0xF7) {
			letters++;
			if (sub_cp_is_han(cp))
				han++;
			else if (cp >= 0x3040 && cp <= 0x30FF)
				kana++;
			else if (cp_is_latin(cp))
				latin++;
			else
				for (size_t k = 0; k < N_SCRIPT_OWNERS; k++)
					if (cp >= script_owner[k].lo && cp <= script_owner[k].hi) {
						script[k]++;
						break;
					}
			/* Ukrainian і ї є ґ; Persian پ چ ژ گ; Urdu ٹ ڈ ڑ ں ے ہ ھ (it has Persian's
			 * too) */
			ukr += cp == 0x0456 || cp == 0x0457 || cp == 0x0454 || cp == 0x0491;
			per += cp == 0x067E || cp == 0x0686 || cp == 0x0698 || cp == 0x06AF;
			urdu += cp == 0x0679 || cp == 0x0688 || cp == 0x0691 || cp == 0x06BA ||
			        cp == 0x06D2 || cp == 0x06C1 || cp == 0x06BE;
			{
				int o = owned_letter(cp);
				if (o >= 0)
					owned[o]++;
			}
		}
		if (is_letter && cp_is_latin(cp)) {
			/* lower-cased UTF-8 of the word, for the stop-word lists */
			uint32_t lc = latin_lower(cp);
			if (wl + 4 < sizeof(word)) {
				wl += sub_utf8_encode(lc, word + wl);
			} else {
				wl = sizeof(word); /* too long to be a stop word */
			}
			continue;
		}
		if (wl && wl < sizeof(word)) {
			char key[36];
			word[wl] = 0;
			snprintf(key, sizeof(key), " %s ", word);
			for (size_t l = 0; l < N_STOP_LANGS; l++) {
				const char *at = strstr(stop_words[l].words, key);
				if (at) {
					size_t idx = 0;
					for (const char *c = stop_words[l].words + 1; c <= at; c++)
						idx += *c == ' ';
					words[l]++;
					if (idx < MAX_STOP_WORDS)
						hit[l][idx]++;
				}
			}
		}
		wl = 0;
	}

	if (letters) {
		size_t sb = 0;
		for (size_t k = 1; k < N_SCRIPT_OWNERS; k++)
			if (script[k] > script[sb])
				sb = k;
		if (script[sb] * 2 >= letters) {
			lang = script_owner[sb].lang;
			if (!strcmp(lang, "ru") && ukr * 200 > script[sb])
				lang = "uk";
			else if (!strcmp(lang, "ar") && urdu * 100 > script[sb])
				lang = "ur";
			else if (!strcmp(lang, "ar") && per * 200 > script[sb])
				lang = "fa";
			ev = SUB_LANG_SCRIPT;
			goto out;
		}
		/* Kana mark Japanese, written with Han as well. */
		if (kana * 10 > letters && (han + kana) * 3 >= letters) {
			lang = "ja";
			ev = SUB_LANG_SCRIPT;
			goto out;
		}
		/* a Han character carries about as much as a word: a third of the letters is a
		 * lot */
		if (han && 3 * han >= han + latin) {
			lang = "zh";
			ev = SUB_LANG_SCRIPT;
			goto out;
		}
	}
	/* Latin letters: the language whose common words are clearly the most frequent, seen
	 * at least three times as at least two different words (a short clip has few). */
	for (size_t l = 1; l < N_STOP_LANGS; l++)
		if (words[l] > words[best])
			best = l;
	second = best == 0 ? 1 : 0;
	for (size_t l = 0; l < N_STOP_LANGS; l++)
		if (l != best && words[l] > words[second])
			second = l;
	for (size_t k = 0; k < MAX_STOP_WORDS; k++)
		distinct_best += hit[best][k] > 0;
	if (words[best] >= 3 && distinct_best >= 2 && 2 * words[best] > 3 * words[second]) {
		lang = stop_words[best].lang;
		ev = SUB_LANG_WORDS;
	} else if (words[best] >= 3 && distinct_best >= 2 && 2 * words[best] > 3 * words[0]) {
		/* Close languages (Catalan and Spanish, Danish and Norwegian) share common
		 * words: the two ahead are told apart by the words one has and the other not.
		 * When that does not tell them either, but English is clearly not it, the one
		 * ahead is still a better voice than English's. */
		size_t ob = own_hits(best, second, hit), os = own_hits(second, best, hit);
		size_t lb = owned[best], ls = owned[second];
		int swap;
		/* and then by the letters one of them owns (Czech's ř ů beside Slovak) */
		if (ob == os && lb != ls && (lb >= 2 || ls >= 2)) {
			ob = lb;
			os = ls;
		}
		swap = 2 * os > 3 * ob;
		lang = stop_words[swap ? second : best].lang;
		ev = 2 * ob > 3 * os || swap ? SUB_LANG_WORDS : SUB_LANG_WORDS_NEAR;
	}
	if (ev == SUB_LANG_DEFAULT) {
		/* too few common words: letters one language owns, three at least and all of
		 * one language */
		size_t ob = 0, total = 0;
		for (size_t l = 0; l < N_STOP_LANGS; l++) {
			if (owned[l] > owned[ob])
				ob = l;
			total += owned[l];
		}
		if (owned[ob] >= 3 && owned[ob] * 10 >= total * 9) {
			lang = stop_words[ob].lang;
			ev = SUB_LANG_WORDS_NEAR;
		}
	}
out:
	if (evidence)
		*evidence = ev;
	return lang;
}

const char *sub_text_guess_lang(const char *text, size_t len)
{
	return sub_text_detect_lang(text, len, NULL);
}

/* Nonzero when lang is in a script family's list or owns a script of its own. */
static int lang_not_latin(const char *lang)
{
	if (sub_lang_is_cjk(lang))
		return 1;
	for (size_t k = 0; k < sizeof(script_family) / sizeof(script_family[0]); k++)
		if (code_in_list(script_family[k], lang))
			return 1;
	for (size_t k = 0; k < N_SCRIPT_OWNERS; k++)
		if (code_in_list(script_owner[k].lang, lang))
			return 1;
	return 0;
}

static int lang_has_stop_words(const char *lang)
{
	for (size_t l = 0; l < N_STOP_LANGS; l++)
		if (code_in_list(stop_words[l].lang, lang))
			return 1;
	return 0;
}

int sub_lang_may_be(const char *guess, enum sub_lang_evidence ev, const char *lang)
{
	if (!guess || !lang || !lang[0])
		return 0;
	if (code_in_list(guess, lang))
		return 1;
	switch (ev) {
	case SUB_LANG_DEFAULT:
	case SUB_LANG_WORDS_NEAR:
		return !lang_not_latin(lang);
	case SUB_LANG_WORDS:
		return !lang_not_latin(lang) && !lang_has_stop_words(lang);
	case SUB_LANG_SCRIPT:
		for (size_t k = 0; k < sizeof(script_family) / sizeof(script_family[0]); k++)
			if (code_in_list(script_family[k], guess))
				return code_in_list(script_family[k], lang);
		return 0;
	}
	return 0;
}

/* English words that take a period but do not end a sentence. */
static const char *const abbrevs[] = {
        "dr",   "mr",   "mrs",  "ms",   "prof", "st",  "jr",     "sr",  "mt",   "vs",
        "e.g",  "i.e",  "cf",   "u.s",  "u.k",  "u.n", "a.m",    "p.m", "ph.d", "approx",
        "gen",  "sen",  "rep",  "gov",  "lt",   "col", "capt",   "sgt", "fig",  "jan",
        "feb",  "aug",  "sept", "oct",  "nov",  "dec", "inc",    "ltd", "co",   "corp",
        "dept", "univ", "ave",  "blvd", "rev",  "hon", "messrs", "mme", "mlle", "viz",
};

static int ascii_word_eq(const char *w, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	if (m != n)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (tolower((unsigned char)w[k]) != lit[k])
			return 0;
	return 1;
}

/* The code point after position i skipping spaces (0 at the end), and where it is. */
static uint32_t next_nonspace(const char *t, size_t len, size_t i, size_t *at)
{
	while (i < len) {
		size_t j = i;
		uint32_t cp = sub_utf8_next(t, len, &j);
		if (!sub_cp_is_blank(cp) || cp == '\n') {
			if (at)
				*at = i;
			return cp == '\n' ? 0 : cp;
		}
		i = j;
	}
	if (at)
		*at = len;
	return 0;
}

/*
 * Decides whether the '.' at byte dot (followed by spaces or the end) ends an English
 * sentence: not after a known abbreviation, a single-letter initial, "No." before a number,
 * or an ellipsis or "etc." followed by a lower-case word.
 */
static int period_ends(const char *t, size_t len, size_t dot)
{
	size_t w = dot;
	while (w > 0 && (isalpha((unsigned char)t[w - 1]) || t[w - 1] == '.'))
		w--;
	size_t wn = dot - w;
	size_t at;
	uint32_t next = next_nonspace(t, len, dot + 1, &at);
	while (next && sub_cp_is_closing(next) && next != ')' && next != 0xFF09) {
		size_t j = at;
		sub_utf8_next(t, len, &j);
		next = next_nonspace(t, len, j, &at);
	}
	int next_lower = next < 0x80 && islower((int)next);
	int next_digit = next < 0x80 && isdigit((int)next);
	if (dot > 0 && t[dot - 1] == '.') /* an ellipsis */
		return !next_lower;
	if (wn == 0)
		return 1;
	for (size_t k = 0; k < sizeof(abbrevs) / sizeof(abbrevs[0]); k++)
		if (ascii_word_eq(t + w, wn, abbrevs[k]))
			return 0;
	if (ascii_word_eq(t + w, wn, "etc"))
		return !next_lower;
	if (ascii_word_eq(t + w, wn, "no") || ascii_word_eq(t + w, wn, "nos") ||
	    ascii_word_eq(t + w, wn, "vol") || ascii_word_eq(t + w, wn, "p") ||
	    ascii_word_eq(t + w, wn, "pp"))
		return !next_digit;
	/* a dotted initialism (U.S.A.) or a single capital initial (J. K. Rowling) */
	int dotted = memchr(t + w, '.', wn) != NULL;
	if (dotted || (wn == 1 && isupper((unsigned char)t[w])))
		return !next_lower && !(wn == 1 && next < 0x80 && isupper((int)next));
	return !next_lower;
}

static int push_span(struct sub_span **arr, size_t *n, size_t *cap, size_t b, size_t e)
{
	void *a = *arr;
	if (sub_grow(&a, cap, *n + 1, sizeof(**arr)))
		return SUB_ERR_NOMEM;
	*arr = a;
	(*arr)[*n].begin = b;
	(*arr)[*n].end = e;
	(*n)++;
	return SUB_OK;
}

/* A sentence end of sub_cp_is_sentence_end(), or, in Greek, ';' (its question mark). */
static int ends_sentence_in(uint32_t cp, int greek)
{
	return sub_cp_is_sentence_end(cp) || (greek && cp == ';');
}

int sub_text_sentences(const char *text, const char *lang, struct sub_span **out, size_t *n)
{
	if (!text || !out || !n)
		return SUB_ERR_ARG;
	*out = NULL;
	*n = 0;
	size_t len = strlen(text);
	if (!lang)
		lang = sub_text_guess_lang(text, len);
	int cjk = sub_lang_is_cjk(lang);
	/* Greek writes its question mark as the semicolon */
	int greek = code_in_list("el", lang);
	struct sub_span *arr = NULL;
	size_t cnt = 0, cap = 0;
	size_t i = 0;
	int in = 0;       /* inside a sentence */
	size_t begin = 0; /* its first byte */
	size_t last = 0;  /* end of its last non-space code point */
	while (i < len) {
		size_t at = i;
		uint32_t cp = sub_utf8_next(text, len, &i);
		if (cp == '\n') {
			if (in && push_span(&arr, &cnt, &cap, begin, last))
				goto out_nomem;
			in = 0;
			continue;
		}
		if (sub_cp_is_blank(cp))
			continue;
		if (!in) {
			in = 1;
			begin = at;
		}
		last = i;
		if (!ends_sentence_in(cp, greek))
			continue;
		/* take the whole run of marks and closing quotes after it */
		size_t j = i;
		int has_strong = cp != '.' && cp != 0xFF0E;
		while (j < len) {
			size_t k = j;
			uint32_t c2 = sub_utf8_next(text, len, &k);
			if (ends_sentence_in(c2, greek)) {
				has_strong |= c2 != '.' && c2 != 0xFF0E;
			} else if (!sub_cp_is_closing(c2)) {
				break;
			}
			j = k;
		}
		size_t after = j;
		uint32_t follow = 0;
		if (after < len) {
			size_t k = after;
			follow = sub_utf8_next(text, len, &k);
		}
		int ends;
		int ascii = cp == '.' || cp == '!' || cp == '?' || cp == ';';
		if (!ascii) {
			ends = 1; /* 。！？ end a sentence wherever they stand */
		} else if (after < len && !sub_cp_is_blank(follow)) {
			/* "3.5", "U.S", "e.g": ASCII marks need a space after them, except in
			 * Chinese text where ?! may be followed directly by the next Han */
			ends = cjk && (cp == '?' || cp == '!') && cp_is_cjk_letter(follow);
		} else if (has_strong) {
			ends = 1;
		} else {
			/* find the '.' that starts the run for the abbreviation test */
			size_t dot = at;
			ends = period_ends(text, len, dot);
			if (ends && i < j) {
				/* "...": decide on the last dot of the run */
				size_t d = j;
				while (d > at && text[d - 1] != '.')
					d--;
				ends = period_ends(text, len, d - 1);
			}
		}
		/* Chinese text with an English period: only after a Latin word, before space */
		if (!ends)
			continue;
		last = j;
		i = j;
		if (push_span(&arr, &cnt, &cap, begin, last))
			goto out_nomem;
		in = 0;
	}
	if (in && push_span(&arr, &cnt, &cap, begin, last))
		goto out_nomem;
	*out = arr;
	*n = cnt;
	return SUB_OK;
out_nomem:
	free(arr);
	return SUB_ERR_NOMEM;
}
