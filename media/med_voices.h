/*
 * med_voices.h: checking the turns of a DTW path against the speakers' voices (internal to
 * the aligner, med_align.c).
 *
 * The DTW compares the real audio with one synthetic voice, so it cannot hear who speaks.
 * Where two speakers' turns meet, it sometimes gives a short turn ("Really?") the first
 * word of the next one, or carries a turn's end seconds into the next speaker's words. Here
 * each speaker gets a Gaussian mixture model of the MFCCs of the middles of their turns (as
 * the path placed them); when the models tell the speakers apart on turns they were not
 * trained on, every change of speaker is moved to the pause, within a few seconds, that best
 * separates the two voices, if the voices clearly prefer it; the path of each turn whose
 * ends moved is then found again by a DTW between those ends.
 *
 * Music inside the text's span (a jingle between turns) matches the synthetic speech about
 * as well as speech does, so the DTW spreads the next cues over it. It is found by its
 * spectral change (a held chord changes its spectrum far less than syllables do), held on
 * the synthetic pause before the turn or fragment next to it, and reported (with or without
 * speakers).
 */
#ifndef MED_VOICES_H
#define MED_VOICES_H

#include <stddef.h>
#include <stdint.h>

#include "med_common.h"
#include "med_dtw.h"
#include "med_features.h"
#include "med_synth.h"

struct med_voices_input {
	const struct med_synth_result *synth; /* fragments and their synthetic frames */
	const unsigned char *speech;          /* the audio's voice activity, one per frame */
	const float *xa, *ys;                 /* the DTW sequences (audio, synthetic) */
	size_t na, ns;                        /* their frames */
	int dim;                              /* values per frame of xa and ys */
	const float *local_mean;              /* the audio's med_features.local_mean */
	const float *xv; /* NULL, or the audio's med_features.mfcc_voice (n_coeffs per frame):
	                    voices and music are told on it instead of xa */
	int n_coeffs;                         /* the MFCCs: the first n_coeffs values */
	const float *energy_db, *voicing;     /* NULL, or the audio's frame energy and voicing
	                                         (med_features): a breath between two pauses
	                                         bounds no change of speaker's span */
	float speech_level_db;                /* the audio's, with energy_db */
	int hop_ms;
	const int *speaker;               /* one per fragment: the speaker's index (>= 0) or -1 */
	const unsigned char *turn_start;  /* one per fragment: 1 where a new speaker's turn
	                                     starts */
	size_t lead, tail;                /* path steps before and after the text (left alone) */
	const struct med_dtw_config *dtw; /* for the DTWs of the moved turns */
	int64_t *span_lo, *span_hi; /* NULL, or one each per fragment, filled with -1 by the
	                               caller: at the first fragment of each turn whose
	                               change of speaker the voices checked, the audio frames
	                               between which that change may lie without passing
	                               speech that is clearly one of the two voices */
};

#define MED_VOICES_MAX_MUSIC 32 /* runs of music found at most */

struct med_voices_report {
	double separability; /* share of held-out turn speech recognised as its speaker's */
	int used;            /* 1 when the voices were trusted */
	int moved;           /* speaker changes moved */
	int music;           /* runs of music (nobody's speech) kept out of the fragments: */
	int64_t music_a[MED_VOICES_MAX_MUSIC]; /* audio frames [music_a, music_b) */
	int64_t music_b[MED_VOICES_MAX_MUSIC];
	/* -1 for music; for another speaker's voice inside a turn (text the transcript
	 * leaves out), that speaker's index (med_voices_input.speaker) */
	int music_voice[MED_VOICES_MAX_MUSIC];
};

/*
 * Checks the turns of *path (audio in x, synthetic in y, from (0,0) to (na-1, ns-1)) and
 * re-cuts it where the voices say so. *rep (may be NULL) gets what happened. Returns MED_OK
 * (also when nothing changed) or MED_ERR_NOMEM (path unchanged).
 */
int med_voices_check(const struct med_voices_input *in, struct med_dtw_path *path,
                     struct med_voices_report *rep);

/*
 * Runs of sound in audio frames [lo, hi) that are nobody's speech (music, a jingle): speech
 * changes its spectrum with every syllable, a held chord hardly does. Runs of at least
 * min_ms in which the spectral change over 30 ms (the squared distance of rows three
 * frames apart; rows: n_coeffs MFCCs a frame, stride floats from one frame to the next),
 * averaged over 200 frames of sound (speech 1), stays under 0.6 times its median over
 * [lo, hi) (which must be mostly speech); each end moved to a pause within 1.5 s, so a run
 * takes in the pauses either side of it. At most max runs, in order, into [run_a, run_b);
 * *n_runs gets how many (0 with less than 1000 frames of sound). Returns MED_OK or
 * MED_ERR_NOMEM.
 */
int med_voices_music(const float *rows, size_t stride, int n_coeffs, const unsigned char *speech,
                     int64_t lo, int64_t hi, int hop_ms, int min_ms, int64_t *run_a, int64_t *run_b,
                     int max, int *n_runs);

/*
 * Runs of speech inside the text's span (audio frames [run_a, run_b), at most max, in order)
 * in nobody's voice: under every speaker's model, fitted on the turns the path did not
 * stretch, for 15 s or more (an advertisement in another voice, a stretch of another
 * recording). Looked for only where the path gave a turn 15 s more than its text needs.
 * voice_before and voice_after (each may be NULL) get, per run, the speaker (index as in
 * in->speaker) whose voice the 3 s of audio before (after) it clearly has, or -1. *n_runs
 * gets how many (0 when the voices cannot tell). Returns MED_OK or MED_ERR_NOMEM.
 */
int med_voices_nobody(const struct med_voices_input *in, const struct med_dtw_path *path,
                      int64_t *run_a, int64_t *run_b, int *voice_before, int *voice_after, int max,
                      int *n_runs);

#endif
