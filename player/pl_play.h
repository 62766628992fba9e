/*
 * pl_play.h: helpers of `tsync play` shared with `tsync demo` (player/cmd_play.c).
 */
#ifndef PL_PLAY_H
#define PL_PLAY_H

#include <stdint.h>

#include "sub_model.h"

/* Parses a time: seconds ("12.5") or [h:]mm:ss[.mmm]. Returns 0 or -1. */
int pl_parse_time(const char *s, int64_t *ms);

/* The project path kept next to an audio file: its name with ".json" for its extension.
 * Returns a new string (free()) or NULL. */
char *pl_project_path_for_audio(const char *audio);

/*
 * Reads transcript (and its translation, may be NULL), cuts cues, aligns them to audio
 * (pl_align_project, with a progress bar) and returns the timed project in *out (free
 * with sub_project_free()). audio_lang may be NULL (detect). Returns 0, or 1 after
 * printing why.
 */
int pl_project_from_transcript(const char *audio, const char *transcript, const char *translation,
                               const char *audio_lang, int verbose, struct sub_project **out);

#endif
