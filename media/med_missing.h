/*
 * med_missing.h: which turn the audio leaves out (internal to the aligner, med_align.c).
 *
 * A turn of the transcript that was never spoken (cut from the recording, or an editor's
 * addition) has to be passed over by the DTW: its synthetic frames are held on one frame of
 * the audio. The DTW pays for the frames it holds, so it would rather hold a shorter turn
 * next to the missing one and lay the missing turn's text over the neighbour's audio, where
 * the two sound alike enough: a turn that is in the audio then goes missing and its words
 * are given to the wrong text (tens of seconds off). Which one is missing depends on the
 * synthetic voice's pace and on how coarse the first DTW level is, not on the audio.
 *
 * Here each turn the path passes over is checked against its neighbours: the audio from two
 * turns before it to two turns after is aligned again once for each turn of that stretch
 * left out, and the turn whose absence lets the rest match best (mean cost per step) is the
 * one passed over.
 */
#ifndef MED_MISSING_H
#define MED_MISSING_H
#include <stddef.h>

#include "med_common.h"
#include "med_dtw.h"
#include "med_synth.h"

struct med_missing_input {
	const struct med_synth_result *synth; /* fragments and their synthetic frames */
	const float *xa, *ys;                 /* the DTW sequences (audio, synthetic) */
	size_t na, ns;                        /* their frames */
	int dim;                              /* values per frame of xa and ys */
	int hop_ms;
	const unsigned char *turn_start; /* one per fragment: 1 where a turn starts */
	size_t lead, tail;               /* path steps before and after the text (left alone) */
	const struct med_dtw_config *dtw;
	float squeeze; /* a turn given less audio than this share of its synthetic speech is
	                  passed over (med_align_config.unspoken_compress) */
};

/*
 * Checks every turn that *path (from (0,0) to (na-1, ns-1)) passes over (see squeeze) and
 * re-cuts the path around it when another turn near it is the one the audio leaves out.
 * *moved (may be NULL) gets the number of turns re-cut. Returns MED_OK (also when nothing
 * changed) or MED_ERR_NOMEM (path unchanged).
 */
int med_missing_check(const struct med_missing_input *in, struct med_dtw_path *path, int *moved);
#endif
