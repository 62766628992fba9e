/*
 * med_reading.h: how a text is read aloud, where espeak-ng cannot read it as written.
 *
 * espeak-ng's Japanese voice reads kana, but names each kanji "Chinese letter" in English:
 * a transcript in ordinary Japanese, kanji and kana mixed, would be spoken as a string of
 * English words. MeCab, with its IPA dictionary, splits the text into words and gives each
 * its pronunciation in katakana ("今日は" -> "キョーワ"); words it does not know (Latin
 * letters, numbers) stay as written.
 */
#ifndef MED_READING_H
#define MED_READING_H

#include <stddef.h>

/* Nonzero when texts in lang ("ja", "ja-JP") need med_reading_kana(). */
int med_reading_needed(const char *lang);

/*
 * Replaces each of the n texts (malloc'd, NUL-terminated UTF-8) by its reading in katakana,
 * in place (the old string is freed). Returns MED_OK; MED_ERR_SYNTH when MeCab or a UTF-8
 * dictionary of it cannot be opened (the texts are left as they were, *why, if not NULL,
 * gets a static reason); MED_ERR_NOMEM (texts already converted stay converted).
 */
int med_reading_kana(char **texts, size_t n, const char **why);

#endif
