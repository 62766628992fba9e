/*
 * sub_model.h: the cue model of tsync, plain data.
 *
 * A project is the transcript of one recording: the audio file it belongs to, the
 * languages of its texts, its speakers, its chapters and its turns. A turn is what one
 * speaker says without interruption; it has its text in each language and is split into
 * cues, the units shown on screen.
 *
 * Invariants, checked by sub_project_validate() (every reader and editor calls it):
 *  - all text is valid UTF-8 (or NULL where a language is missing);
 *  - 1 <= n_langs <= SUB_MAX_LANGS, language codes are distinct;
 *  - speaker indices are -1 (none) or < n_speakers; chapter first_turn is sorted;
 *  - when the project is timed (timed != 0): every start_ms <= end_ms, turns are sorted by
 *    start, cues are sorted by start within their turn and lie inside it, and cues do not
 *    overlap each other (an overlap is an error the readers repair under --lenient);
 *  - within a turn, a language's cue texts joined in order give that turn's text in that
 *    language, whitespace aside: cues partition the text.
 *
 * Times are int64_t milliseconds from the start of the audio. Strings are owned by the
 * struct that holds them and freed by sub_project_free().
 */
#ifndef SUB_MODEL_H
#define SUB_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define SUB_MAX_LANGS 4
#define SUB_LANG_LEN 16

/* Result codes of the subtitles library. SUB_OK is 0, errors are negative. */
enum sub_result {
	SUB_OK = 0,
	SUB_ERR_NOMEM = -1,    /* out of memory */
	SUB_ERR_IO = -2,       /* a file could not be read or written */
	SUB_ERR_PARSE = -3,    /* malformed input; details in struct sub_error */
	SUB_ERR_ENCODING = -4, /* the text encoding could not be decided or converted */
	SUB_ERR_INVALID = -5,  /* the model breaks an invariant */
	SUB_ERR_EMPTY = -6,    /* the input holds nothing usable */
	SUB_ERR_TOO_BIG = -7,  /* the input exceeds a size cap */
	SUB_ERR_MISMATCH = -8, /* two transcripts or subtitle files do not pair */
	SUB_ERR_ARG = -9,      /* bad argument (NULL, out of range) */
	SUB_ERR_FORMAT = -10,  /* unknown or undetectable format */
};
#define SUB_RESULT_FIRST SUB_ERR_FORMAT /* lowest code, for tests that walk them all */

/* Returns a static message for a result code; never NULL. */
const char *sub_strerror(int result);

/*
 * Where and why a parse failed. Filled by readers and sub_project_validate(); file is
 * the name given by the caller (may be empty for memory buffers), line and column are
 * 1-based (0 when unknown).
 */
struct sub_error {
	char file[256];
	int line;
	int column;
	char msg[512];
};

/* Sets err (may be NULL) and returns code. Formats msg printf-style. */
int sub_error_set(struct sub_error *err, int code, int line, int column, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* Writes "file:line:col: msg" (parts that are unknown left out) into buf. */
void sub_error_format(const struct sub_error *err, char *buf, size_t size);

struct sub_cue {
	int64_t start_ms;
	int64_t end_ms;
	char *text[SUB_MAX_LANGS]; /* per project language; NULL when absent */
	float confidence;          /* 0..1 from the aligner; < 0 when unknown */
};

struct sub_turn {
	int speaker;  /* index into sub_project.speakers, -1 for none */
	int chapter;  /* index into sub_project.chapters, -1 for none */
	int src_line; /* 1-based line of the turn in the transcript it came from; 0 unknown */
	int has_stamp;    /* the transcript gave the turn a time stamp ("Host (00:01:23):") */
	int64_t stamp_ms; /* ... this one, when has_stamp */
	int64_t start_ms;
	int64_t end_ms;
	char *text[SUB_MAX_LANGS];
	float confidence; /* as for cues */
	struct sub_cue *cues;
	size_t n_cues;
	size_t cap_cues;
};

struct sub_speaker {
	char *name[SUB_MAX_LANGS]; /* the name in each language; NULL when absent */
};

struct sub_chapter {
	char *title[SUB_MAX_LANGS];
	size_t first_turn; /* index of the chapter's first turn */
};

/* Something a reader or the aligner wants the user to know about: a skipped line, a
 * heading, unspoken text, audio without text, a repair made under --lenient. */
enum sub_remark_kind {
	SUB_REMARK_SKIPPED = 1,   /* a transcript line that is not speech (preamble, image) */
	SUB_REMARK_HEADING,       /* a chapter heading */
	SUB_REMARK_REPAIRED,      /* a fix made by a lenient reader */
	SUB_REMARK_UNSPOKEN,      /* text the aligner did not find in the audio */
	SUB_REMARK_UNTRANSCRIBED, /* audio with speech or sound but no text */
	SUB_REMARK_LOW_CONFIDENCE,
	SUB_REMARK_OTHER,
	SUB_REMARK_NOTE, /* an editor's or translator's note, left out of the spoken text */
};

struct sub_remark {
	int kind;        /* enum sub_remark_kind */
	int line;        /* source line, 0 when none */
	long turn;       /* turn index, -1 when none */
	long cue;        /* cue index within the turn, -1 when none */
	int64_t start_ms;/* time range, both -1 when none */
	int64_t end_ms;
	char *text;      /* what it is about (the line, the repair), owned */
};

struct sub_project {
	char *audio_path; /* the audio this project belongs to, NULL when unknown */
	int n_langs;
	char lang[SUB_MAX_LANGS][SUB_LANG_LEN]; /* "zh", "en", ... ; index = text slot */
	int audio_lang;   /* index of the spoken language, -1 when unknown */
	int timed;        /* nonzero once turns and cues have times */
	char align_method[16]; /* "sentence", "turn", "subtitles", "" when not aligned */
	struct sub_speaker *speakers;
	size_t n_speakers;
	size_t cap_speakers; /* allocated slots */
	struct sub_chapter *chapters;
	size_t n_chapters;
	size_t cap_chapters; /* allocated slots */
	struct sub_turn *turns;
	size_t n_turns;
	size_t cap_turns; /* allocated slots */
	struct sub_remark *remarks;
	size_t n_remarks;
	size_t cap_remarks; /* allocated slots */
};

/* Returns a new empty project (no languages), free with sub_project_free(); NULL on OOM. */
struct sub_project *sub_project_new(void);
/* Frees everything the project owns. NULL does nothing; works on a half-built project. */
void sub_project_free(struct sub_project *p);

/* Adds a language code (copied); returns its index (>= 0) or a negative sub_result. If the
 * code is already there, returns its index. */
int sub_project_add_lang(struct sub_project *p, const char *code);
/* Returns the index of a language code, or -1. */
int sub_project_find_lang(const struct sub_project *p, const char *code);

/* Finds or adds a speaker by its name in language slot lang (name copied). Returns its
 * index or a negative sub_result. */
long sub_project_speaker(struct sub_project *p, int lang, const char *name);

/* Appends a chapter (title copied into slot lang), starting at the next turn appended. */
int sub_project_add_chapter(struct sub_project *p, int lang, const char *title);

/* Appends an empty turn; returns a borrowed pointer valid until the next append, or NULL. */
struct sub_turn *sub_project_add_turn(struct sub_project *p);

/* Appends a cue to a turn (texts not set); returns a borrowed pointer or NULL on OOM. */
struct sub_cue *sub_turn_add_cue(struct sub_turn *t);
/* Frees the cues of a turn and leaves it with none. */
void sub_turn_clear_cues(struct sub_turn *t);

/* Appends a remark; text copied (may be NULL). Returns SUB_OK or SUB_ERR_NOMEM. */
int sub_project_add_remark(struct sub_project *p, int kind, int line, long turn, long cue,
			   int64_t start_ms, int64_t end_ms, const char *text);

/* Replaces *slot with a copy of s (NULL allowed). Returns SUB_OK or SUB_ERR_NOMEM. */
int sub_set_str(char **slot, const char *s);

/* Returns a deep copy of p, free with sub_project_free(); NULL on OOM. */
struct sub_project *sub_project_dup(const struct sub_project *p);

/* Checks every invariant listed at the top of this file. Returns SUB_OK or
 * SUB_ERR_INVALID with err naming the turn and cue. */
int sub_project_validate(const struct sub_project *p, struct sub_error *err);

/* Total number of cues, and a flat index: cue number n (0-based, in time order) maps to
 * its turn and cue. Returns SUB_OK or SUB_ERR_ARG when n is out of range. */
size_t sub_project_cue_count(const struct sub_project *p);
int sub_project_cue_at(const struct sub_project *p, size_t n, size_t *turn, size_t *cue);

/* Decodes the UTF-8 sequence at s[i..len): returns its length in bytes (1-4) with the code
 * point in *cp, or 0 when the bytes there are not valid UTF-8 (overlong, surrogate, above
 * U+10FFFF, truncated, stray continuation byte). */
size_t sub_utf8_decode(const char *s, size_t len, size_t i, uint32_t *cp);

/* Encodes code point cp (at most U+10FFFF) as UTF-8 into out; returns its length (1-4). */
size_t sub_utf8_encode(uint32_t cp, char out[4]);

/* Returns nonzero if s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int sub_utf8_valid(const char *s, size_t len);

/* Grows an array to hold at least need elements of size elem, doubling; overflow-checked.
 * Returns SUB_OK or SUB_ERR_NOMEM (the old array is kept). */
int sub_grow(void **arr, size_t *cap, size_t need, size_t elem);

#endif
