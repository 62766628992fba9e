/*
 * sub_timing.h: timing rules applied to an aligned project.
 *
 * An aligner puts a cue's end where the words end; a fast speaker then leaves cues on
 * screen for less time than a viewer needs to read them. Subtitlers lengthen such cues into
 * the pause that follows (Subtitle Edit's "fix short display times"), and close short gaps
 * between one speaker's cues so the text does not blink off and on (Netflix's chaining).
 * This does both, never moving a start and never crossing the next cue.
 */
#ifndef SUB_TIMING_H
#define SUB_TIMING_H

#include <stddef.h>

#include "sub_model.h"
#include "sub_preset.h"

/*
 * Lengthens every cue of a timed project that is shorter than the preset's minimum duration
 * or reads faster than its characters-per-second limit (in any of its languages), up to what
 * it needs (at most the maximum duration), stopping min_gap_ms before the next cue of its
 * turn and at the turn's end (turn times say when the speaker talks); and closes a gap
 * shorter than chain_gap_ms before the next cue of the turn to min_gap_ms. Starts never move.
 * n_changed (may be NULL) receives the number of cues lengthened.
 * Returns SUB_OK, or SUB_ERR_ARG for NULL or an untimed project. The project stays valid.
 */
int sub_project_fit_reading(struct sub_project *p, const struct sub_preset *preset,
			    size_t *n_changed);

/* The display time in ms that cue c needs under the preset: the longest over its
 * languages of chars / max_cps, at least min_duration_ms, at most max_duration_ms. */
int64_t sub_cue_reading_ms(const struct sub_project *p, const struct sub_cue *c,
			   const struct sub_preset *preset);

#endif
