/*
 * sub_segment.h: splitting turns into untimed cues that follow a subtitle preset.
 *
 * A cue holds at most min(max_lines * max_line_chars, max_cps * max_duration) characters
 * in each language (the rules of sub_preset_rules() for that language), so that it can be
 * read in the time it may stay on screen. Breaks go at sentence ends first, then at clause
 * punctuation, then at spaces; never inside an English word (Chinese may break between
 * Han characters when nothing better exists). A cue text longer than one line gets a "\n"
 * where its two lines balance best. Cue texts partition the turn text: joined in order,
 * whitespace aside, they give the turn text.
 *
 * In a project with two or more languages, each cue carries every language: the texts of
 * the turn are split into sentences, paired with sub_pair_sentences() and cues are made of
 * beads; a bead too long for one cue in some language is split into k cues in all
 * languages at clause punctuation, proportionally by length.
 */
#ifndef SUB_SEGMENT_H
#define SUB_SEGMENT_H

#include <stddef.h>

#include "sub_model.h"
#include "sub_preset.h"
#include "sub_text.h"

/* Replaces turn's cues with new untimed cues (start_ms = end_ms = 0) in all languages.
 * preset NULL: sub_preset_default(). Returns SUB_OK, SUB_ERR_ARG or SUB_ERR_NOMEM. */
int sub_segment_turn(struct sub_project *p, size_t turn, const struct sub_preset *preset);

/* Runs sub_segment_turn() on every turn. */
int sub_segment_project(struct sub_project *p, const struct sub_preset *preset);

/* The most characters (code points) a cue of language lang may hold under preset. */
size_t sub_segment_max_chars(const struct sub_preset *preset, const char *lang);

/*
 * Splits text[0..len) (UTF-8) into pieces of at most max_chars code points each, breaking
 * at the best place (sentence end, clause mark, space, between Han characters). When
 * n_pieces > 0 it asks for exactly that many pieces of about equal length instead (used to
 * split a bead in both languages alike); max_chars is then ignored. On success *out is a
 * new array of *n spans covering text with whitespace between them trimmed, free with
 * free(). Returns SUB_OK, SUB_ERR_ARG or SUB_ERR_NOMEM.
 */
int sub_segment_split(const char *text, size_t len, const char *lang, size_t max_chars,
                      size_t n_pieces, struct sub_span **out, size_t *n);

/*
 * Returns a new string (free with free()) that is text[0..len) with a "\n" at the balanced
 * line break when it is longer than max_line_chars code points (no break when it fits).
 * NULL on OOM.
 */
char *sub_segment_wrap(const char *text, size_t len, const char *lang, int max_line_chars);

#endif
