/*
 * sub_text.h: text helpers for transcripts: UTF-8 counting, language guesses and sentence
 * splitting for Chinese and English.
 *
 * All functions are pure (no I/O, no globals) and thread-safe. Texts are UTF-8; byte
 * offsets always fall on code point boundaries.
 */
#ifndef SUB_TEXT_H
#define SUB_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A byte range [begin, end) into a text. */
struct sub_span {
	size_t begin, end;
};

/*
 * Splits text (NUL-terminated UTF-8) into sentences. Chinese (sub_lang_is_cjk(lang)) ends a
 * sentence at 。！？ (and ASCII ! ?), with any closing quotes and brackets ”」』）that
 * follow; English at . ? ! followed by space or end, leaving abbreviations (Dr. Mr. Mrs.
 * Ms. U.S. e.g. i.e. etc. vs. St., No. before a digit, single-letter initials) and decimals
 * whole; other scripts at their own full stops and question marks (sub_cp_is_sentence_end():
 * the danda । ॥, Arabic ؟ ۔, Armenian ։ ...), Greek ("el") at ';' too, its question mark.
 * A newline ("\n", paragraph end) also ends a sentence. lang NULL: guessed.
 * The spans cover the text without its leading and trailing blanks (sub_cp_is_blank()): a
 * sentence span starts at its first non-blank byte and ends after its last non-blank byte;
 * the spans are in order and do not overlap; the text between them is blank only. An
 * ASCII mark ends a sentence only before a blank or the end (or, in Chinese, before a Han
 * character), and a '.' or "..." before a lower-case word does not.
 * On success *out is a new array of *n spans (NULL when *n is 0), free with free().
 * Returns SUB_OK, SUB_ERR_ARG (NULL text/out/n) or SUB_ERR_NOMEM.
 */
int sub_text_sentences(const char *text, const char *lang, struct sub_span **out, size_t *n);

/*
 * The length in bytes of a sound's description in brackets at the start of s[0..len), or 0:
 * "(laughs)", "[Laughter]", "（笑）", "【掌声】", "[inaudible 00:12:34]", "(crosstalk)" (one of
 * the sound words: laughs, laughter, laughing, applause, music, crosstalk, inaudible,
 * silence, pause, coughs, sighs, chuckles, cheering, cheers, unintelligible, 笑, 笑声, 掌声,
 * 音乐, in traditional forms too; any case; in round, square or full-width brackets; the
 * word may be followed by a space and up to 30 more bytes). Such a description is not
 * speech: the aligner does not speak it.
 */
size_t sub_text_sound_len(const char *s, size_t len);

/* A new copy of a cue's text (NUL-terminated) as the synthesiser is to speak it: line breaks
 * and tabs become spaces, sounds' descriptions (sub_text_sound_len()) are left out. NULL s
 * gives "". Free with free(); NULL when out of memory. */
char *sub_text_speakable(const char *s);

/* Number of code points in s[0..len) (bytes that are not UTF-8 continuation bytes). */
size_t sub_utf8_count(const char *s, size_t len);

/* Nonzero for codes of languages written without spaces: zh, ja, yue, cmn, zh-* / ja-*
 * (case-insensitive, '-' or '_'). NULL gives 0. */
int sub_lang_is_cjk(const char *lang);

/* What a language guess rests on. */
enum sub_lang_evidence {
	SUB_LANG_DEFAULT = 0, /* nothing: Latin letters without clear common words ("en") */
	SUB_LANG_WORDS = 1,   /* the common words of a Latin-script language */
	SUB_LANG_SCRIPT = 2,  /* a script: kana (ja), Han (zh), Cyrillic (ru, uk), Hangul, ... */
	/* the common words of Latin-script languages, the guess's ahead of the others but not
	 * clearly (a close language's: Catalan and Spanish), and clearly ahead of English's */
	SUB_LANG_WORDS_NEAR = 3,
};

/*
 * Guesses the language of a UTF-8 text (its first 400 000 bytes) among those espeak-ng
 * speaks: a script that one language owns (Cyrillic "ru", or "uk" with Ukrainian letters;
 * Greek, Hebrew, Arabic or "fa", Devanagari "hi", Bengali, Tamil, Thai, Georgian, Armenian,
 * Hangul "ko") when it holds half the letters; kana among Han "ja"; Han at least a third
 * of the letters "zh"; else the Latin-script language whose most common words are seen
 * at least three times, as two different words, and half again as often as any other's
 * ("fr", "de", "es", ...), or, when no language's are that far ahead, half again as often
 * as English's (SUB_LANG_WORDS_NEAR); else "en". *evidence (may be NULL) says which. Returns a
 * static string; never NULL.
 */
const char *sub_text_detect_lang(const char *text, size_t len, enum sub_lang_evidence *evidence);

/* sub_text_detect_lang() without the evidence. */
const char *sub_text_guess_lang(const char *text, size_t len);

/*
 * Nonzero when a text guessed to be in guess, on evidence ev, may be in lang all the same:
 * the same code (or base code: "pt" and "pt-BR"); with no evidence, or common words not
 * clearly ahead (SUB_LANG_WORDS_NEAR), any language written in Latin letters; on common
 * words, a Latin-script language that has no word list of its
 * own ("gl", "sk"); on a script, a language of the same script family ("ru" and "bg", "zh"
 * and "yue"). Zero for NULL or empty codes.
 */
int sub_lang_may_be(const char *guess, enum sub_lang_evidence ev, const char *lang);

/*
 * Decodes one UTF-8 code point at s[*i] (len bytes in all), advancing *i; invalid bytes
 * give U+FFFD and advance by one. Returns the code point; *i past len gives 0.
 */
uint32_t sub_utf8_next(const char *s, size_t len, size_t *i);

/* Nonzero for Han ideographs (CJK Unified Ideographs and extensions, compatibility). */
int sub_cp_is_han(uint32_t cp);
/* Nonzero for ASCII and Unicode whitespace including U+3000 (ideographic space). */
int sub_cp_is_space(uint32_t cp);
/* Nonzero for the whitespace the cue model ignores when it checks that cues partition a
 * turn (sub_project_validate): space, tab, CR, LF and U+3000. Sentence spans and cue
 * breaks trim only these, so that no other character is lost; a no-break space stays. */
int sub_cp_is_blank(uint32_t cp);
/* Nonzero for the sentence-ending marks: 。！？.!?, the full stops ．｡, and those of other
 * scripts (the danda । and double danda ॥, Arabic ؟ and ۔, Armenian ։, Ethiopic ። ፧ ፨,
 * Myanmar ။, Khmer ។, Tibetan ། and the Greek question mark U+037E) */
int sub_cp_is_sentence_end(uint32_t cp);
/* Nonzero for clause punctuation where a cue may break: ，、；：,;: — – … and the
 * full-width forms; the Arabic comma and semicolon ، ؛, the Armenian comma ՝, the Greek
 * ano teleia ·, the Ethiopic comma and semicolon ፣ ፤ and Myanmar's ၊. */
int sub_cp_is_clause_mark(uint32_t cp);
/* Nonzero for closing quotes and brackets: ”’」』）)］]》〉 " ' */
int sub_cp_is_closing(uint32_t cp);

#endif
