/*
 * pl_align.h: aligning a project to its audio, the glue between the subtitles model and
 * the media aligner. Used by `tsync align`, `tsync play AUDIO TRANSCRIPT` and `tsync demo`.
 */
#ifndef PL_ALIGN_H
#define PL_ALIGN_H

#include <stdio.h>

#include "sub_model.h"
#include "sub_preset.h"

struct pl_align_opts {
	const char *audio_lang; /* language code spoken in the audio; NULL: detect */
	int verbose;            /* print the timings of each stage on stderr */
	int force;              /* keep the alignment of a transcript that fails the
	                           does-it-belong test (a warning instead of exit 3) */
	int progress;           /* draw a progress bar on stderr (when it is a terminal) */
	FILE *log;              /* where messages go (stderr when NULL) */
	const struct sub_preset *preset; /* display-time rules for the cues (NULL: netflix) */
};

/*
 * Aligns p (turns and untimed cues, one or two languages) to the audio at audio_path and
 * fills every turn's and cue's times and confidences, p->timed, p->audio_lang,
 * p->align_method and remarks (unspoken text, untranscribed audio, low confidence).
 * Chooses the method: sentence level (pl_align.c) when the audio's language is among the
 * project's languages, turn level (pl_align_turns.c) when the project is a translation only.
 * Returns 0 on success; on failure prints a message naming the file and returns 1 (bad
 * input) or 3 (the transcript does not belong to the audio).
 */
int pl_align_project(struct sub_project *p, const char *audio_path,
		     const struct pl_align_opts *o);

/* Reads the project's transcript again with sub_transcript_opts.opening_speaker and splits
 * it into cues, as the caller read it first; 0 and a new project in *out, or 1 (a message
 * printed). */
typedef int (*pl_reread_fn)(void *user, struct sub_project **out);

/*
 * pl_align_project() for *pp read from a transcript (not a project, no translation). The
 * reader takes a name seen once that opens the file, its text under it, for a title over a
 * preamble; the text alone cannot tell it from a speaker heard once (an announcer, a
 * parrot), the audio can. When the alignment leaves speech without text (1.5 s or more)
 * before the second turn, the transcript is read again by reread(user) with that name as
 * a speaker's, aligned, and kept (in *pp, the first freed) if its first turn is heard over
 * at least half of that speech. Only the kept alignment's messages go to the log. Same
 * return values as pl_align_project().
 */
int pl_align_opening(struct sub_project **pp, const char *audio, const struct pl_align_opts *o,
                     pl_reread_fn reread, void *user);

/*
 * Turn-level alignment for a transcript that is a translation of the speech: voice
 * activity, speaker changes and turn lengths in one global dynamic programme.
 * Same contract as pl_align_project(). Implemented in pl_align_turns.c.
 */
int pl_align_turns(struct sub_project *p, const char *audio_path,
		   const struct pl_align_opts *o);

#endif
