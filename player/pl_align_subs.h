/*
 * pl_align_subs.h: re-timing an existing subtitle file to an audio file (`tsync align
 * AUDIO --subtitles FILE [--translation FILE]`): auto-captions a few seconds off, or
 * subtitles made for another cut of the recording.
 */
#ifndef PL_ALIGN_SUBS_H
#define PL_ALIGN_SUBS_H

#include "pl_align.h"
#include "sub_model.h"

/*
 * Reads the subtitles at subs_path (any format sub_format_read_file() reads; repairs
 * overlaps leniently), keeps their cues and their order but throws their times away, and
 * aligns them to audio_path with pl_align_project(): every cue's text is a fragment of the
 * sentence-level aligner when the subtitles are in the spoken language (o->audio_lang; when
 * NULL the subtitles' own language is taken as spoken), turn level otherwise.
 *
 * translation_path (may be NULL) adds a second language before aligning: a subtitle file
 * (its cues are paired with the subtitles' cues by time overlap of their original times,
 * each translated cue going to the cue it overlaps most) or a plain-text transcript (".txt":
 * its sentences are paired with the subtitles' sentences by length, Gale-Church, and a
 * sentence shared by several cues is split among them).
 *
 * On success *out is a new timed project (free with sub_project_free()) with align_method
 * "subtitles". Returns 0, 1 (bad input or failure; a message naming the file was printed
 * on o->log or stderr) or 3 (the subtitles do not belong to the audio).
 */
int pl_align_subtitles(const char *audio_path, const char *subs_path,
		       const char *translation_path, const struct pl_align_opts *o,
		       struct sub_project **out);

#endif
