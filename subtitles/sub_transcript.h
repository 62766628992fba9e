/*
 * sub_transcript.h: reading plain-text interview transcripts into a project.
 *
 * Layouts read (chosen per file, by looking at the whole text):
 *  - speaker lines: a speaker's name alone on a line (a trailing colon allowed), then that
 *    turn's paragraphs, one per line, blank lines between turns or not. Names are found
 *    without being told: short lines (at most 24 characters, 4 words) without punctuation
 *    but . - ' · () that recur alone on their line; a name seen once counts too where a
 *    turn opens (after the first speaker line, after a blank line or a finished sentence,
 *    before text). What comes before the first speaker line is a preamble: skipped, except
 *    the headings right in front of that line. Numbered lines ("1.計算力…", "2. Data") are
 *    chapter headings when a speaker line follows them and they count 1, 2, 3... in order;
 *    a numbered list inside a turn stays text;
 *  - "Name: text" lines (ASCII or full-width colon), a turn from each such line to the
 *    next; lines before the first one are a preamble;
 *  - plain paragraphs without speakers: one turn per blank-line-separated block (or per
 *    line when the file has no blank lines).
 * A name may be in Markdown emphasis ("**Host:** text", "**Host**: text", "__Host__").
 * Time stamps ("1:23", "(00:01:23)", "[1:02:03.5]") are not text: at the end of a speaker
 * line (Rev's "Host (00:01:23):", Otter's "Host  1:23"), after a "Name" before the colon
 * of a "Name (00:01:23): text" line, before a line's text, or alone on a line (skipped).
 * In every layout "# "..."###### " lines are chapter headings, and image placeholders
 * ("圖片", "[image]", ...), separator lines without letters ("***") and sounds on a line
 * of their own ("[Music]", any short text in square brackets, "(Laughter)", "♪ ... ♪")
 * are skipped.
 * Editors' and translators' notes are not speech: a line that opens with a note's mark
 * (after any brackets or emphasis: "Editor's note:", "[Translator's note ...]", "Note:",
 * "N.d.T.", "编者按", "（译者注：", "注：", ...), or that is only a remark in brackets of
 * three words or six wide characters ("(The two of them laugh.)"), is left out of the
 * turn's text and noted as SUB_REMARK_NOTE with its line (turn -1); a note line between
 * two turns opens none. A note in brackets inside a paragraph ("... (Translator's note:
 * ...) ...") stays in the text, where its cues show it, and is noted with its line and
 * turn; the aligner's synthetic speech leaves it out (sub_transcript_note_open()).
 * With opts->speakers, only lines naming those speakers open turns.
 * An HTML page (its first tag <!DOCTYPE html>, <html>, <body> or <head>, or three <p>,
 * </p>, <br> or <div> tags in its first 16 KiB) is read as its text: each paragraph, line
 * break, list item or table row a line, headings as "# " lines, images as "[image]", the
 * head, scripts, styles and comments left out, entities decoded; line numbers are the
 * page's.
 * Encodings: UTF-8 (BOM or not), UTF-16 LE/BE with a BOM (or without one when every
 * other byte is zero, as in mostly-ASCII text), GB18030 and Big5 (decided by strict decodes
 * scored by the share of common Han characters). Line ends: LF, CRLF or CR.
 *
 * A transcript read gives an untimed project with one language (opts->lang, else guessed):
 * turns with text (a turn's paragraphs joined with "\n"), speakers, chapters, src_line on
 * each turn, and remarks: SUB_REMARK_SKIPPED for each skipped line (line number and text)
 * and SUB_REMARK_HEADING for headings. It makes no cues: callers run sub_segment_project().
 * Limits: SUB_TRANSCRIPT_MAX_BYTES per file, SUB_TRANSCRIPT_MAX_LINE bytes per line.
 */
#ifndef SUB_TRANSCRIPT_H
#define SUB_TRANSCRIPT_H

#include <stddef.h>

#include "sub_model.h"

#define SUB_TRANSCRIPT_MAX_BYTES ((size_t)64 * 1024 * 1024)
#define SUB_TRANSCRIPT_MAX_LINE ((size_t)1024 * 1024)

struct sub_transcript_opts {
	const char *lang;            /* language code of the text; NULL: guess */
	const char *const *speakers; /* known speaker names (borrowed); NULL: detect */
	size_t n_speakers;
	const char *filename; /* for error messages; may be NULL */
	int opening_speaker;  /* 1: a name seen once that opens the file, with its text right
	                         under it and then the first recurring speaker's line, is a
	                         speaker's turn; 0: it is a title over a preamble (0). The
	                         text alone cannot tell the two apart: the audio can
	                         (pl_align_opening() in player/pl_align.c) */
};

/*
 * Reads a transcript from buf[0..len) (any of the encodings above; need not be
 * NUL-terminated). o may be NULL (all defaults). On success *out is a new validated project,
 * free with sub_project_free(). Errors: SUB_ERR_ARG (NULL buf with len > 0, NULL out),
 * SUB_ERR_EMPTY (no text), SUB_ERR_ENCODING (err names the line of the first undecodable
 * byte), SUB_ERR_TOO_BIG (file or line over the caps), SUB_ERR_PARSE (binary data),
 * SUB_ERR_NOMEM. err may be NULL; err->file is set from o->filename.
 */
int sub_transcript_parse(const char *buf, size_t len, const struct sub_transcript_opts *o,
                         struct sub_project **out, struct sub_error *err);

/* Whether the line s[0..n) could be a speaker's name on a line of its own, as the reader
 * takes one: short, a letter in it, no sentence's end, no punctuation but . - ' · (). */
int sub_transcript_name_like(const char *s, size_t n);

/* When s[0..n) opens a note in brackets ("(Note: ...", "[Translator's note ...", "（译者注：",
 * as the reader finds inside a paragraph), the bytes of its opening bracket and mark, and
 * *closer (if not NULL) gets the bracket that closes it (")", "]", "）", ...); else 0. */
size_t sub_transcript_note_open(const char *s, size_t n, const char **closer);

/* Where sub_transcript_strip_notes() is from one cue to the next of a turn: inside a note
 * (depth > 0, brackets of its kind nested inside it counted) that close closes. Zero it at
 * each turn's start. */
struct sub_note_state {
	const char *close;
	int depth;
};

/* A new copy of a cue's text s (NULL: "") without the notes in brackets it holds
 * (sub_transcript_note_open(), nested brackets and all), which may run on from the cue
 * before into the next (*st, carried from cue to cue). A note and the spaces around it
 * leave one space. Free with free(); NULL when out of memory. */
char *sub_transcript_strip_notes(const char *s, struct sub_note_state *st);

/* Reads a file ("-" for stdin) and parses it; o->filename defaults to path. */
int sub_transcript_read_file(const char *path, const struct sub_transcript_opts *o,
                             struct sub_project **out, struct sub_error *err);

/*
 * Pairs turn by turn: copies tr's texts (its first language), speaker names (paired by order
 * of first appearance) and chapter titles into a new language slot of p. p and tr must
 * have the same number of turns with the same speaker sequence; otherwise returns
 * SUB_ERR_MISMATCH with err->msg naming the first turn where they diverge (its number and
 * its src_line in each file). p's existing cues are cleared (run sub_segment_project()
 * again). Also SUB_ERR_ARG (NULL, same language, no slot left), SUB_ERR_NOMEM. On error p
 * is left unchanged.
 */
int sub_project_add_translation(struct sub_project *p, const struct sub_project *tr,
                                struct sub_error *err);

/* The same, naming the two files in the messages (NULL: "the transcript", "the
 * translation"). */
int sub_project_add_translation_named(struct sub_project *p, const struct sub_project *tr,
                                      const char *p_name, const char *tr_name,
                                      struct sub_error *err);

/* Decodes buf into a new NUL-terminated UTF-8 string with LF line ends and no BOM
 * (*out, free with free(); *out_len its length). *enc_name receives a static name of the
 * encoding found ("UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "BIG5"); may be NULL.
 * Same errors as sub_transcript_parse(). */
int sub_transcript_decode(const char *buf, size_t len, char **out, size_t *out_len,
                          const char **enc_name, struct sub_error *err);

#endif
