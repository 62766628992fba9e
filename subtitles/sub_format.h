/*
 * sub_format.h: subtitle and project file formats, one const driver table per format.
 *
 * Each driver reads a memory buffer into a project and writes a project into a buffer.
 * Readers return a timed project (timed = 1) whose every cue sits in some turn: formats
 * without turns give one turn per cue, or per run of cues of one speaker when the format
 * names speakers (WebVTT <v>, ASS Name). Readers validate what they build
 * (sub_project_validate) and report errors with line and column.
 */
#ifndef SUB_FORMAT_H
#define SUB_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "sub_io.h"
#include "sub_model.h"

/* Which languages a writer puts in the file. */
struct sub_write_opts {
	int lang_mask;     /* bit l set: write language slot l; 0 means all languages */
	int speakers;      /* nonzero: name speakers where the format can (default 1) */
	const char *title; /* for headers ([ti:], ASS Title); NULL: from the audio name */
};

struct sub_read_opts {
	int lenient;          /* repair what can be repaired (end before start, overlaps), adding a
	                         SUB_REMARK_REPAIRED remark for each change */
	const char *lang;     /* language code for the texts read (NULL: guess from the text) */
	const char *filename; /* for error messages; may be NULL */
};

struct sub_format {
	const char *name;      /* "srt", "vtt", "ass", "lrc", "json", "aeneas", "audacity" */
	const char *extension; /* ".srt" ... */
	/* Returns a score 0..100 of how likely buf holds this format. */
	int (*probe)(const char *buf, size_t len);
	/* Reads buf into a new project (*out, free with sub_project_free). NULL read: the
	 * format is write-only. */
	int (*read)(const char *buf, size_t len, const struct sub_read_opts *opts,
	            struct sub_project **out, struct sub_error *err);
	/* Appends the file's bytes to out. Returns SUB_OK or an error code. */
	int (*write)(const struct sub_project *p, const struct sub_write_opts *opts,
	             struct sub_buf *out);
};

/* The list of drivers, NULL-terminated. */
extern const struct sub_format *const sub_formats[];

/* Finds a driver by name or by file extension ("x.srt"); NULL when none. */
const struct sub_format *sub_format_by_name(const char *name);
const struct sub_format *sub_format_for_path(const char *path);
/* Finds the driver that probes best for buf; NULL when none scores. */
const struct sub_format *sub_format_probe(const char *buf, size_t len);

/* The driver sub_format_read_file() picks for a file of this name (may be NULL) and
 * content: the extension's driver when its probe recognises the content, else the best
 * probe, else the extension's driver; NULL when none fits. */
const struct sub_format *sub_format_detect(const char *path, const char *buf, size_t len);

/* Reads a subtitle or project file, choosing the driver by probing (then by extension).
 * Sets err->file to path. */
int sub_format_read_file(const char *path, const struct sub_read_opts *opts,
                         struct sub_project **out, struct sub_error *err);
/* Writes p with driver f to path atomically ("-" for stdout): on any error the file at
 * path is left as it was. An untimed project can only be written as json
 * (SUB_ERR_INVALID otherwise). opts may be NULL (all languages, speakers named). */
int sub_format_write_file(const struct sub_format *f, const struct sub_project *p,
                          const struct sub_write_opts *opts, const char *path,
                          struct sub_error *err);

/* Project JSON (docs/project-format.md), used by align, play and the player's saves. */
int sub_project_read_json_file(const char *path, struct sub_project **out, struct sub_error *err);
int sub_project_write_json_file(const struct sub_project *p, const char *path, int keep_backup,
                                struct sub_error *err);

/*
 * The ASS script that both `tsync export --format ass` and the player's libass renderer
 * use: styles "ZH" (top line, CJK font) and "EN" (below it), one Dialogue per cue and
 * language, the speaker in the Name field, `{`, `}` and `\` escaped (see sub_ass.c). Both
 * styles sit at the bottom centre and each cue's EN event comes before its ZH event, so
 * libass's collision handling stacks Chinese above English. play_res_x/y set the script
 * resolution (0: 1920x1080). Appends to out; returns SUB_OK, SUB_ERR_ARG or SUB_ERR_NOMEM.
 */
int sub_ass_write_script(const struct sub_project *p, const struct sub_write_opts *opts,
                         int play_res_x, int play_res_y, struct sub_buf *out);

/* The drivers, also listed in sub_formats[]. */
extern const struct sub_format sub_format_srt;
extern const struct sub_format sub_format_vtt;
extern const struct sub_format sub_format_ass;
extern const struct sub_format sub_format_lrc;
extern const struct sub_format sub_format_json;
extern const struct sub_format sub_format_aeneas;
extern const struct sub_format sub_format_audacity;

/* Fills defaults: all languages, speakers named, no title. */
void sub_write_opts_init(struct sub_write_opts *o);

/* ---- Helpers shared by the drivers (sub_format.c) ---- */

/* Walks the lines of a buffer: "\n", "\r\n" and lone "\r" all end a line; a UTF-8 BOM at
 * the start is skipped. line is the 1-based number of the line last returned. */
struct sub_line_iter {
	const char *buf;
	size_t len;
	size_t pos;
	int line;
};
void sub_line_iter_init(struct sub_line_iter *it, const char *buf, size_t len);
/* Returns 1 and the line (without its end) in *s, *n; 0 at the end of the buffer. */
int sub_line_iter_next(struct sub_line_iter *it, const char **s, size_t *n);
/* Starts it on the part of buf a probe looks at: the first SUB_PROBE_BYTES. */
enum { SUB_PROBE_BYTES = 4096 };
void sub_format_probe_iter_init(struct sub_line_iter *it, const char *buf, size_t len);
/* Nonzero when s[0..n) holds only spaces and tabs (or nothing). */
int sub_line_is_blank(const char *s, size_t n);

/*
 * Checks that buf is non-empty UTF-8 text: an empty or blank buffer is SUB_ERR_EMPTY, a
 * UTF-16 byte order mark, a NUL byte or invalid UTF-8 is SUB_ERR_ENCODING naming the line
 * and column. Every text reader calls it first.
 */
int sub_format_check_text(const char *buf, size_t len, struct sub_error *err);

/* The first "-->" in s[0..n), or NULL: the arrow of a SubRip or WebVTT timing line. */
const char *sub_format_find_arrow(const char *s, size_t n);

/*
 * Parses a SubRip or WebVTT timing line "START --> END": blanks may stand around each
 * part, times as sub_time_parse_clock() reads them (flags 0). After the end time the
 * line must end or go on after a space or tab (SRT position, WebVTT cue settings, which
 * are not read); other text there is SUB_ERR_PARSE with trailing_msg. Fills *start, *end
 * and *end_col (1-based column of the end time). Errors name line and column.
 */
int sub_format_parse_timing(const char *s, size_t n, int line, const char *trailing_msg,
                            int64_t *start, int64_t *end, int *end_col, struct sub_error *err);

/*
 * The start every text reader makes: SUB_ERR_ARG when out is NULL, else sets *out to NULL
 * and checks buf with sub_format_check_text(). Returns SUB_OK or that error.
 */
int sub_format_read_begin(const char *buf, size_t len, struct sub_project **out,
                          struct sub_error *err);

/*
 * Writers show cues; a timed turn that has no cues (aligned by turn, not segmented) is
 * shown as one cue. When p has such turns, *tmp is set to a new copy where each of them
 * has one cue (free with sub_project_free()); else *tmp is NULL and p is used as it is.
 * Returns SUB_OK, SUB_ERR_ARG or SUB_ERR_NOMEM.
 */
int sub_format_cued(const struct sub_project *p, struct sub_project **tmp);

/*
 * A driver's write: runs write_cues (which writes the cues of p) on p, or on the
 * sub_format_cued() copy of p when p has turns without cues. Returns what write_cues
 * returns, SUB_ERR_ARG when out is NULL, or SUB_ERR_NOMEM.
 */
int sub_format_write_cued(const struct sub_project *p, const struct sub_write_opts *opts,
                          struct sub_buf *out,
                          int (*write_cues)(const struct sub_project *p,
                                            const struct sub_write_opts *opts,
                                            struct sub_buf *out));

/* Nonzero when language slot l of p is to be written under opts (lang_mask 0: all). */
int sub_write_wants(const struct sub_project *p, const struct sub_write_opts *opts, int l);

/* Appends the texts of the wanted languages of a cue, each followed by sep except the
 * last; empty and missing texts are left out. Returns the number of texts appended. */
int sub_format_cue_text(const struct sub_project *p, const struct sub_write_opts *opts,
                        const struct sub_cue *c, const char *sep, struct sub_buf *out);
/* Sets text (emptied first) to the texts of the wanted languages of a cue, one a line.
 * Returns the number of texts; 0 when there are none or text ran out of memory
 * (text->oom). */
int sub_format_cue_lines(const struct sub_project *p, const struct sub_write_opts *opts,
                         const struct sub_cue *c, struct sub_buf *text);
/* Appends each line of text that is not blank (sub_line_is_blank()) through put, each
 * followed by "\n": a blank line would end a cue early in SubRip and WebVTT. */
void sub_format_put_lines(struct sub_buf *out, const char *text,
                          void (*put)(struct sub_buf *out, const char *s, size_t n));

/* The name of speaker k (an index into p->speakers): in the first wanted language that has
 * one, else any. Borrowed; NULL when k is no speaker, has no name, or opts->speakers is 0. */
const char *sub_format_speaker(const struct sub_project *p, const struct sub_write_opts *opts,
                               int k);
/* The same for a turn's speaker, for a writer. */
const char *sub_format_speaker_name(const struct sub_project *p, const struct sub_write_opts *opts,
                                    const struct sub_turn *t);

#endif
