/*
 * sub_check.h: timing checks of a project against a preset, and the lenient repair that
 * readers of subtitle files apply.
 *
 * Subtitle readers first collect a flat list of cues as the file holds them
 * (struct sub_flat), then sub_flat_build() sorts them, checks or repairs their times,
 * decides their languages and groups them into the turns of a project. Checks
 * (sub_check_project) report what a subtitler would fix: overlaps, tiny gaps, cues too
 * short or too long, long lines, fast reading speed and low aligner confidence.
 */
#ifndef SUB_CHECK_H
#define SUB_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "sub_model.h"
#include "sub_preset.h"

struct sub_read_opts;

/* One cue of a subtitle file, before grouping. */
struct sub_flat_cue {
	int64_t start_ms;
	int64_t end_ms;
	char *text[SUB_MAX_LANGS]; /* per slot of sub_flat.lang, lines split by '\n'; owned */
	char *speaker;             /* the speaker named by the file, owned; NULL when none */
	float confidence;          /* < 0 when unknown */
	int line;                  /* 1-based source line of the cue's timing, 0 unknown */
	int end_column;            /* 1-based column of its end time, 0 unknown */
};

struct sub_flat {
	struct sub_flat_cue *cues;
	size_t n;
	size_t cap;
	int n_langs; /* slots in use, at least 1 once a cue was added */
	/* Language of each slot; "" when the file does not say: sub_flat_build() then uses
	 * the reader's opts->lang, else splits Chinese lines from the others or guesses. */
	char lang[SUB_MAX_LANGS][SUB_LANG_LEN];
	char *title; /* the file's title ([ti:], ASS Title), owned, may be NULL */
};

/* Appends a cue with no text; returns a borrowed pointer (valid until the next append) or
 * NULL on OOM. */
struct sub_flat_cue *sub_flat_add(struct sub_flat *f, int64_t start_ms, int64_t end_ms, int line);
/* Appends text to a slot of a cue, after a '\n' if the slot has text already (copied). */
int sub_flat_cue_add_line(struct sub_flat_cue *c, int slot, const char *s, size_t len);
/* Frees what the list owns and zeroes it; storage owned by the caller. */
void sub_flat_release(struct sub_flat *f);

/*
 * Builds a timed project from the list (which is left sorted, otherwise unchanged):
 *  - sorts the cues by start time (stable);
 *  - an end before its start, or a cue that overlaps the next one, is an error naming its
 *    line (SUB_ERR_PARSE), unless opts->lenient: then an end before its start becomes
 *    start + the preset's minimum duration (capped at the next cue's start), an overlap is
 *    cut by ending the earlier cue where the next starts, and each change is added to the
 *    project as a SUB_REMARK_REPAIRED remark naming the cue number and line;
 *  - languages: slots whose code is "" take opts->lang when given; otherwise, when most
 *    cues have both lines in Chinese script and lines in other scripts, the Chinese lines
 *    go to "zh" and the others to "en" (what the writers produce for two languages); else
 *    the language is guessed from the script ("zh" or "en");
 *  - turns: one per cue, or one per run of consecutive cues naming the same speaker.
 * On success *out is a new project, free with sub_project_free(); align_method is
 * "subtitles". opts may be NULL.
 */
int sub_flat_build(struct sub_flat *f, const struct sub_read_opts *opts, struct sub_project **out,
                   struct sub_error *err);

/*
 * Pairs two single-language projects read from two files (one per language) into a new
 * bilingual project with a's languages then b's. Each cue of b joins the cue of a it
 * overlaps most (texts of several b cues joined by a space, none for Chinese); b cues that
 * overlap no cue of a keep their own times as cues with b's text only, placed in the turn
 * of a that spans them or in a turn of their own, and a SUB_REMARK_OTHER remark says so.
 * Times, turns and speakers come from a; a speaker's name in b's language is taken from
 * the first b cue paired with one of their turns. Returns SUB_OK, SUB_ERR_MISMATCH when
 * the two share a language code or are not timed, or SUB_ERR_NOMEM.
 */
int sub_project_pair(const struct sub_project *a, const struct sub_project *b,
                     struct sub_project **out, struct sub_error *err);

/* Kinds of issue found by sub_check_project(). */
enum sub_issue_kind {
	SUB_ISSUE_OVERLAP = 1, /* the cue ends after the next one starts */
	SUB_ISSUE_GAP,         /* gap to the next cue is > 0 but under the preset's minimum */
	SUB_ISSUE_SHORT,       /* shown for less than the minimum duration */
	SUB_ISSUE_LONG,        /* shown for more than the maximum duration */
	SUB_ISSUE_LINE_LENGTH, /* a line has more characters than the language allows */
	SUB_ISSUE_LINES,       /* more lines than the preset allows, in one language */
	SUB_ISSUE_SPEED,       /* characters per second over the language's limit */
	SUB_ISSUE_CONFIDENCE,  /* aligner confidence known and under the threshold */
};
#define SUB_ISSUE_LAST SUB_ISSUE_CONFIDENCE

struct sub_issue {
	int kind;    /* enum sub_issue_kind */
	size_t cue;  /* 0-based flat cue number (time order), as sub_project_cue_at() */
	size_t turn; /* turn index and cue index within it */
	size_t turn_cue;
	int lang; /* language slot concerned, -1 when none */
	int64_t start_ms;
	int64_t end_ms;
	double value; /* the measured figure (ms, characters, chars/s, confidence) */
	double limit; /* the preset's figure it broke */
};

struct sub_check_opts {
	const struct sub_preset *preset; /* NULL: sub_preset_default() */
	double min_confidence;           /* report cues with 0 <= confidence < this (0.5) */
	int lang_mask;                   /* languages to check (bit per slot); 0: all */
};

/* Fills defaults: the default preset, min_confidence 0.5, all languages. */
void sub_check_opts_init(struct sub_check_opts *o);

/*
 * Checks every cue of a timed project in time order. On success *issues is a new array
 * of *n issues (NULL when none), in cue order; free with free(). Untimed projects are
 * only checked for line lengths and line counts. Returns SUB_OK, SUB_ERR_ARG or
 * SUB_ERR_NOMEM.
 */
int sub_check_project(const struct sub_project *p, const struct sub_check_opts *opts,
                      struct sub_issue **issues, size_t *n);

/* A static name for an issue kind ("overlap", "gap", ...); "unknown" otherwise. */
const char *sub_issue_name(int kind);
/* Describes an issue in words ("shown for 0.400 s, under the minimum of 0.833 s"). */
void sub_issue_describe(const struct sub_issue *is, const struct sub_project *p, char *buf,
                        size_t size);

/* Counts code points of s[0..len) that a viewer reads: tags <...> and {...} overrides are
 * not counted, nor line breaks. */
size_t sub_check_visible_chars(const char *s, size_t len);
/* Nonzero when the code point is Han, kana, hangul or CJK punctuation. */
int sub_check_is_cjk(uint32_t cp);

#endif
