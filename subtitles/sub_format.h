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

#include "sub_io.h"
#include "sub_model.h"

/* Which languages a writer puts in the file. */
struct sub_write_opts {
	int lang_mask;   /* bit l set: write language slot l; 0 means all languages */
	int speakers;    /* nonzero: name speakers where the format can (default 1) */
	const char *title; /* for headers ([ti:], ASS Title); NULL: from the audio name */
};

struct sub_read_opts {
	int lenient;     /* repair what can be repaired (end before start, overlaps), adding a
			    SUB_REMARK_REPAIRED remark for each change */
	const char *lang;/* language code for the texts read (NULL: guess from the text) */
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

/* Reads a subtitle or project file, choosing the driver by probing (then by extension).
 * Sets err->file to path. */
int sub_format_read_file(const char *path, const struct sub_read_opts *opts,
			 struct sub_project **out, struct sub_error *err);
/* Writes p with driver f to path atomically ("-" for stdout). */
int sub_format_write_file(const struct sub_format *f, const struct sub_project *p,
			  const struct sub_write_opts *opts, const char *path,
			  struct sub_error *err);

/* Project JSON (docs/project-format.md), used by align, play and the player's saves. */
int sub_project_read_json_file(const char *path, struct sub_project **out,
			       struct sub_error *err);
int sub_project_write_json_file(const struct sub_project *p, const char *path, int keep_backup,
				struct sub_error *err);

/*
 * The ASS script that both `tsync export --format ass` and the player's libass renderer
 * use: styles "ZH" (top line, CJK font) and "EN" (below it), one Dialogue per cue and
 * language, the speaker in the Name field, `{`, `}` and `\` escaped. play_res_x/y set the
 * script resolution (0: 1920x1080).
 */
int sub_ass_write_script(const struct sub_project *p, const struct sub_write_opts *opts,
			 int play_res_x, int play_res_y, struct sub_buf *out);

#endif
