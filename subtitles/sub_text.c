/* sub_text.c: UTF-8 counting, character classes, language guess and sentence splitting. */
#include "sub_text.h"

#include <ctype.h>
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
	       cp == 0xFF61 /* ｡ */ || cp == 0x203C || cp == 0x2047 || cp == 0x2048 || cp == 0x2049;
}

int sub_cp_is_clause_mark(uint32_t cp)
{
	return cp == ',' || cp == ';' || cp == ':' || cp == 0xFF0C /* ， */ ||
	       cp == 0x3001 /* 、 */ || cp == 0xFF1B /* ； */ || cp == 0xFF1A /* ： */ ||
	       cp == 0x2014 /* — */ || cp == 0x2013 /* – */ || cp == 0x2026 /* … */ ||
	       cp == 0xFF64 || cp == 0x2E3A;
}

int sub_cp_is_closing(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}' ||
	       cp == 0x201D /* ” */ || cp == 0x2019 /* ’ */ || cp == 0x300D /* 」 */ ||
	       cp == 0x300F /* 』 */ || cp == 0xFF09 /* ） */ || cp == 0xFF3D /* ］ */ ||
	       cp == 0x300B /* 》 */ || cp == 0x3009 /* 〉 */ || cp == 0x3011 /* 】 */ ||
	       cp == 0x3015 || cp == 0x00BB /* » */ || cp == 0x203A;
}

const char *sub_text_guess_lang(const char *text, size_t len)
{
	size_t han = 0, latin = 0, i = 0;
	if (!text)
		return "en";
	while (i < len) {
		uint32_t cp = sub_utf8_next(text, len, &i);
		if (cp_is_cjk_letter(cp))
			han++;
		else if ((cp < 0x80 && isalpha((int)cp)) || (cp >= 0xC0 && cp < 0x250))
			latin++;
	}
	/* a Han character carries about as much as a word: a third of the letters is a lot */
	return (han && 3 * han >= han + latin) ? "zh" : "en";
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
		if (!sub_cp_is_sentence_end(cp))
			continue;
		/* take the whole run of marks and closing quotes after it */
		size_t j = i;
		int has_strong = cp != '.' && cp != 0xFF0E;
		while (j < len) {
			size_t k = j;
			uint32_t c2 = sub_utf8_next(text, len, &k);
			if (sub_cp_is_sentence_end(c2)) {
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
		int ascii = cp == '.' || cp == '!' || cp == '?';
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
