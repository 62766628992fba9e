/*
 * med_align.h: the aligner. Text fragments (already synthesised with med_synth.h) and the
 * features of the real audio in; a start, an end and a confidence per fragment out, plus
 * the audio that no text covers, the fragments that were not found in the audio and a
 * statistical verdict on whether the text belongs to the audio at all.
 *
 * Method: multi-resolution DTW (med_dtw.h) between the synthetic and the real MFCC
 * sequences (each with a voice-activity dimension); every fragment's speech span in the
 * synthetic audio is mapped through the path, then its start and end are moved to the
 * speech onset and offset found by voice activity nearby. Audio before and after the text
 * (music, noise, untranscribed talk) is found first: the opening sentences are looked for
 * in the first half of the audio by subsequence DTW on distances divided by each audio
 * frame's mean distance to them (1 is chance), and when a match starting later is clearly
 * better than the best one starting at the beginning, the DTW starts there and the audio
 * before is left without text (reported as untranscribed when it has sound); the closing
 * sentences likewise, backwards, in the second half. The match is tested against a
 * null model: in windows spread over the audio, the DTW cost of the audio against the text
 * the path gave it is compared with the cost against the same text shuffled in blocks of
 * half a second, which keeps its spectra and their local movement but breaks the order. Pure: no
 * I/O, no globals, no printing.
 */
#ifndef MED_ALIGN_H
#define MED_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "med_common.h"
#include "med_dtw.h"
#include "med_features.h"
#include "med_synth.h"

struct med_align_config {
	struct med_dtw_config dtw;
	float vad_weight;     /* weight of the voice-activity dimension added to MFCCs (1.5) */
	float delta_weight;   /* weight of the delta (slope) coefficients; 0: none (0: they
	                         did not improve the tests and double the memory of the DTW) */
	int snap_ms;          /* search radius for onsets/offsets around a mapped boundary (300) */
	float mismatch_ratio; /* path cost / null cost above which the text is foreign (0.98:
	                         matching speech measured 0.62-0.93 on synthetic voices and
	                         0.95-0.96 on a real 1961 recording, foreign text 0.99-1.00;
	                         a wrong refusal costs more than a missed one) */
	size_t null_budget;   /* cells of the DTWs of the null test, all windows (8 000 000) */
	float unspoken_compress;  /* a fragment squeezed below this fraction of its synthetic
	                             length is not in the audio (0.25) */
	int unspoken_min_ms;      /* synthetic speech shorter than this is never "unspoken" (700) */
	int untranscribed_min_ms; /* uncovered speech shorter than this is not reported (1500) */
	int end_linger_ms;        /* added to each fragment's end, within half the pause after
	                             it (40): speech fades out, and the last of a word's fading
	                             end sits under the noise where voice activity cannot see
	                             it (see med_align.c) */
	int hiss_edges;           /* 1 (default): an edge whose synthetic speech hisses (a last
	                             "s") moves over hiss above 3.5 kHz next to it in the audio
	                             that voice activity left out; 0: not */
	const unsigned char *turn_start;   /* NULL, or one flag per fragment: 1 when it opens a
	                                      new speaker's turn; such a boundary moves to a long
	                                      pause near it, or to a short one across which the
	                                      voice clearly changes (NULL) */
	struct med_features *drop_audio;   /* NULL, or the audio argument itself: its MFCC array
	                                      is freed (and set NULL) once copied into the DTW
	                                      sequence, which lowers the peak memory of long
	                                      files by a fifth; the other arrays stay (NULL) */
	struct med_features *drop_synth;   /* NULL, or &synth->feats: the same (NULL) */
	const int *speaker;                /* NULL, or one per fragment: its speaker's index, or
	                                      -1; with turn_start, each change of speaker is
	                                      checked against models of the speakers' voices
	                                      (med_voices.h) and moved where they clearly
	                                      disagree with the DTW (NULL) */
	const unsigned char *sentence_end; /* NULL, or one flag per fragment: 1 when its text
	                                      ends a sentence; the boundary after it looks
	                                      further (up to three snapping radii) for a pause,
	                                      as readers pause at full stops (NULL) */
	int comma_pauses; /* 1: speakers pause at a clause mark as long as at a sentence's end
	                     or longer (Japanese "今日は、", Chinese), so a longer pause the next
	                     sentence's own text has near its start is not its start (0) */
};

struct med_align_frag {
	int64_t start_ms, end_ms; /* in the audio; start <= end; fragments never overlap */
	float confidence;         /* 0..1 */
	float cost;               /* mean local distance along the path */
	int unspoken;             /* 1: the fragment was not found in the audio; it then has
	                             no length, at the end of the fragment heard before it, or
	                             before any is, at the start of the first heard */
};

struct med_align_span {
	int64_t start_ms, end_ms;
	/* untranscribed: -1, or the speaker (med_align_config.speaker's index) whose voice
	 * the voices heard in most of it, inside another speaker's turn (a turn the transcript
	 * leaves out) */
	int speaker;
};

/* The does-it-belong test's second witness, the pace of the path (med_align_run()), over
 * MED_ALIGN_PACE_MIN_FRAGS fragments or more: the text does not belong where its
 * fragments' pace lies outside 1/MED_ALIGN_PACE_ABSURD to MED_ALIGN_PACE_ABSURD, outside
 * 1/MED_ALIGN_PACE_FAR to MED_ALIGN_PACE_FAR with a spread over MED_ALIGN_PACE_SPREAD, or,
 * with a match ratio over the threshold less MED_ALIGN_PACE_SLACK, either; and a pace within that
 * range that spreads MED_ALIGN_PACE_STEADY or less over MED_ALIGN_PACE_VOUCH_FRAGS fragments or
 * more raises the threshold by MED_ALIGN_PACE_VOUCH (a text read as its speakers read
 * their own). */
#define MED_ALIGN_PACE_SLACK 0.03
#define MED_ALIGN_PACE_SPREAD 0.22
#define MED_ALIGN_PACE_FAR 2.5
#define MED_ALIGN_PACE_ABSURD 4.0
#define MED_ALIGN_PACE_MIN_FRAGS 10
#define MED_ALIGN_PACE_STEADY 0.12
#define MED_ALIGN_PACE_VOUCH_FRAGS 20
#define MED_ALIGN_PACE_VOUCH 0.01

struct med_align_result {
	size_t n_frags;
	struct med_align_frag *frags;         /* n_frags */
	struct med_align_span *untranscribed; /* speech in the audio that no fragment covers */
	size_t n_untranscribed;
	double path_cost;   /* mean local distance on speech along the DTWs of the null test's
	                       windows, summed over the windows */
	double null_cost;   /* same against text from elsewhere in the transcript (or shuffled
	                       in blocks when the transcript is short) */
	double match_ratio; /* path_cost / null_cost: about 0.6-0.9 for matching text, near 1
	                       for text that does not belong to the audio */
	int mismatch;       /* 1 when the text does not belong to the audio: match_ratio over
	                       config.mismatch_ratio (a higher threshold, up to 1, when the
	                       audio holds less than 30 s of speech), or a pace no speaker
	                       keeps (med_align_foreign()) */
	double pace;        /* the median over the fragments heard of their time in the audio
	                       over their synthetic speech's (0: too few to tell) */
	double pace_spread; /* the median absolute deviation of the natural logarithm of that
	                       ratio from its median */
	double ratio_limit; /* the threshold match_ratio was held to
	                       (med_align_ratio_limit()) */
	size_t pace_frags;  /* fragments counted in pace (MED_ALIGN_PACE_MIN_FRAGS at least
	                       for the pace to count in mismatch) */
	size_t dtw_cells;   /* cells evaluated, all levels */
	int dtw_widened;    /* band widenings */
	double voices_separability; /* share of held-out turn speech whose speaker the voice
	                               models recognised; -1 when not tested */
	int voices_used;    /* 1 when the voices were told apart well enough to be used */
	int voices_moved;   /* changes of speaker the voices moved */
	int missing_moved;  /* turns passed over by the DTW that a neighbour's absence explained
	                       better: the neighbour was passed over instead (med_missing.h) */
	int music_runs;     /* stretches of sound inside the text's span that are nobody's
	                       speech (music), kept out of the cues (med_voices.h) */
	struct med_align_times {
		double edges;      /* the sequences and the search for audio or text at
		                      either end without the other */
		double dtw;        /* the multi-resolution DTW and the missing-turn check */
		double voices;     /* the speakers' voices (med_voices_check()) */
		double boundaries; /* spans, snapping, confidences, untranscribed speech */
		double null_test;  /* does the text belong to the audio (on a thread of its
		                      own beside the boundaries) */
	} seconds;                 /* wall time of each step (for --verbose and benchmarks) */
};

/* The pace of the path and its spread over the fragments heard (med_align_result's pace and
 * pace_spread); returns how many fragments were counted. */
size_t med_align_path_pace(const struct med_synth_result *synth, const struct med_align_frag *frags,
                           size_t n, int hop, double *pace, double *spread);
/* 1 when a match ratio over the threshold thr (MED_ALIGN_PACE_VOUCH over it with a steady
 * pace), a pace no speaker keeps (far off and spread as no speaker's, or absurd), or a
 * ratio within MED_ALIGN_PACE_SLACK of thr with a pace far off or spread, says the text
 * does not belong to the audio. */
int med_align_foreign(double ratio, double thr, size_t pace_frags, double pace, double spread);
/* The threshold the match ratio is held to: thr, or MED_ALIGN_PACE_VOUCH over it with a
 * steady pace. */
double med_align_ratio_limit(double thr, size_t pace_frags, double pace, double spread);

void med_align_config_init(struct med_align_config *c);

/*
 * Aligns the synthesised fragments (synth) to the audio's features. Fills *out (release
 * with med_align_result_release()). Both feature sets must have the same n_coeffs and
 * hop_ms. progress (may be NULL) gets stages "dtw" and "boundaries".
 * Returns MED_OK (also when mismatch is set: the caller decides), MED_ERR_ARG,
 * MED_ERR_NOMEM, MED_ERR_ALIGN or MED_ERR_CANCELLED.
 */
int med_align_run(const struct med_synth_result *synth, const struct med_features *audio,
                  const struct med_align_config *c, struct med_align_result *out,
                  med_progress_fn progress, void *user);

/*
 * A breath that voice activity joined to the next word, the dip between them being shorter
 * than a pause (used at every change of speaker): from frame s on (dir 1; dir -1: back from
 * frame s - 1, a breath after the last word), after at most three frames at the noise floor
 * (voice activity's hangover), sound 150-500 ms long (with its frames over the noise floor
 * before s, where voice activity had not yet set in) whose mean power stays 10 dB below the
 * speech level (the recording's and that of the word's speech around it, the lower) and no
 * frame of it 5 dB below (or, when audio->voicing was measured, sound
 * without a voiced frame and 5 dB below the word's speech around it), then 40 ms or more
 * within 3 dB of the noise floor, then louder sound within 40 ms (or, with the voicing, a
 * voiced sound within 150 ms, at an end 250 ms). Returns the first frame of that sound
 * (dir -1: one past the last frame of the sound before the breath), or s when there is no
 * such breath. The word's speech around it is taken no further than frame bound (before
 * it at dir -1, from it at dir 1; -1 for no bound): a turn's start, so that a quiet
 * speaker's short turn after a loud one is judged by its own level. Before a word (dir 1),
 * with the voicing, a breath without a vowel whose power and loudest frame pass the first
 * test may be parted from the word by a dip 6 dB under its loudest frame instead (noise
 * fills the dip before a quiet speaker's word).
 */
int64_t med_align_past_breath(const struct med_features *audio, int64_t s, int dir,
                              int64_t bound);

/*
 * Where two turns meet at the next one's first word, frame s, with no pause between them:
 * word, dip, in-breath, dip, word within the 600 ms before s (and from frame lo on), the
 * dips within 4 dB of the gap's quietest frame (or 3 dB of the noise floor) and 40 ms or
 * longer, the breath 60 ms or longer, without a vowel, quiet or unvoiced under the speech
 * before it, and no sibilant (its band above 3.5 kHz rising no more than the whole band
 * over the dip's level); the word before the first dip voiced within 250 ms. Returns the
 * first dip's first frame (where the last turn's words end), or -1. Needs the voicing and
 * the band above 3.5 kHz.
 */
int64_t med_align_meet_breath(const struct med_features *audio, int64_t s, int64_t lo);

/*
 * A turn's soft last syllable that the noise hides from voice activity, after the turn's
 * end e and before the next fragment at s: after the last word's decay and a dip of 40-200
 * ms, 50 ms or more whose band below 1 kHz (low_db, three frames' mean) rises 2 dB over
 * the median of [e, s) (1.5 s at most), 4 dB at its highest, and holds until it falls
 * under 1 dB over it, ending within 450 ms of
 * e, with 250 ms after it before s in which nothing rises 4 dB, and its rise in that band
 * no less than its rise over the whole band less 1 dB (a vowel or a nasal, not a breath
 * or a hiss), none of it speech to voice activity. Returns the frame after it, or -1
 * (also without low_db, and where voice activity keeps out a voice under the speakers,
 * med_features_background_kept()).
 */
int64_t med_align_soft_tail(const struct med_features *audio, int64_t e, int64_t s);

/*
 * Whether synthetic speech f hisses at an edge (med_align_run()'s hiss_edges): from frame
 * at on (dir 1, a start) or back (dir -1, an end), the median over its first five frames of
 * speech that are not its dither (30 dB under its speech level or more) of the power above
 * 3.5 kHz against the frame energy (hiss_db - energy_db) is 12 dB over med, the median of
 * that for its speech. Exposed for the tests.
 */
int med_align_synth_hisses(const struct med_features *f, int64_t at, int dir, float med);

/*
 * The changes of speaker as med_align_run() places them after snapping (turn_start: one per
 * fragment, 1 where a new speaker's turn starts), without the voices' speaker-change test:
 * each turn's first fragment and the fragment before it are moved apart onto a long pause
 * near their boundary, from frags (in ms) as the path left them; pauses are audio->speech's.
 * span_lo and span_hi (NULL, or one per fragment, audio frames; -1 where none) hold the
 * stretch of audio the voices allow the change that opens fragment k. trim_from (NULL, or
 * 2n): where fragment k's start ([k]) and end ([n + k]) were before the step judged a sound
 * by itself off the turn (a breath, a click, also one a pause took in), in ms, or -1.
 * Exposed for the tests.
 */
void med_align_turn_pauses(const struct med_synth_result *synth, const unsigned char *turn_start,
                           const struct med_features *audio, const int64_t *span_lo,
                           const int64_t *span_hi, int64_t *trim_from,
                           struct med_align_frag *frags);

/*
 * Speech left in the gaps between fragments given to the fragment before or after it, as
 * med_align_run() gives it after snapping, from frags (in ms); xa and ys are the audio's
 * and the synthetic speech's sequences (audio->n_frames and synth->feats.n_frames frames of
 * dim values), pauses are audio->speech's and the synthetic speech's frames of speech are
 * synth->feats.speech. Where turn_start (NULL: none) opens a turn at the fragment after a
 * gap and span_lo and span_hi hold a span for it (audio frames; -1: none, as
 * med_align_turn_pauses() takes them), neither side takes speech that would put the change
 * of speaker outside it. The text spans audio frames [text_a, text_b) (after a lead-in, before
 * a tail without text): speech between text_a and the first fragment, or between the last
 * one and text_b, is such a gap with one side. Exposed for the tests.
 */
void med_align_gap_words(const struct med_synth_result *synth, const struct med_features *audio,
                         const unsigned char *turn_start, const int64_t *span_lo,
                         const int64_t *span_hi, const float *xa, const float *ys, int dim,
                         int64_t text_a, int64_t text_b, struct med_align_frag *frags);

/*
 * A short fragment a run of speech off (med_align_run() after snapping, before the changes
 * of speaker are placed): each fragment with 1 s of synthetic speech or less is tried on the
 * next fragment's first run of speech (up to a pause of 150 ms) and on the previous one's
 * last run, its neighbours giving the run up and the other taking what it leaves when that
 * fits its text better; a reading goes when the mean local DTW cost per step of the three
 * fragments falls to 0.97 of the present one, the neighbour that gives up the run fits its
 * text better without it, and each change of speaker moved stays within the span the voices
 * allow (span_lo, span_hi as for med_align_turn_pauses(); turn_start may be NULL). xa and
 * ys as for med_align_gap_words(); pauses are audio->speech's. Exposed for the tests.
 */
void med_align_shift_short(const struct med_synth_result *synth, const unsigned char *turn_start,
                           const struct med_features *audio, const int64_t *span_lo,
                           const int64_t *span_hi, const float *xa, const float *ys, int dim,
                           struct med_align_frag *frags);

/*
 * The null-model test of med_align_run() (the match ratio is *cost / *null_cost): the
 * audio xa (na frames, voice activity spa) against the text ys (ns frames) along path p
 * (from audio frame 0), in windows of about 20 s between lead and na - tail; windows
 * without text or without speech are left out. Returns MED_OK or MED_ERR_NOMEM.
 * Exposed for the tests.
 */
int med_align_null_test(const float *xa, const unsigned char *spa, size_t na, const float *ys,
                        size_t ns, int dim, const struct med_dtw_path *p,
                        const struct med_align_config *c, int hop_ms, size_t lead, size_t tail,
                        double *cost, double *null_cost);

/*
 * Fragments stretched over audio their text does not cover (med_align_run() after the
 * path, rs and re each fragment's span in frames): a fragment with twice the audio its
 * synthetic speech needs at the pace of the path (raw spans), and untranscribed_min more,
 * is cut at a pause of 300 ms inside its span, keeping the side whose length fits the text
 * (within 1.6 times) where the path's local distances (path->dist, by audio frame) are
 * higher on the side left off, and only when the side kept takes the text better than
 * the whole span by local DTW cost per step (null_d as the unit; <= 0: not checked). xa
 * and ys as for med_align_gap_words(); pauses are audio->speech's. Exposed for the tests.
 */
int med_align_cut_stretched(const struct med_synth_result *synth, const struct med_features *audio,
                            const struct med_dtw_path *path, const struct med_align_config *c,
                            const float *xa, const float *ys, int dim, float null_d, int64_t *rs,
                            int64_t *re, const struct med_align_frag *frags);

/*
 * Sentence boundaries moved to a longer pause nearby when the text fits better
 * (med_align_run() after the gaps' words): for each boundary, the pauses within 1.5 s, half
 * as long again as the present one at least and 200 ms inside both fragments, are tried by
 * the local DTW costs of the two fragments' synthetic speech either side; at a change of
 * speaker (turn_start, may be NULL) only where the voices gave a span (span_lo, span_hi as
 * for med_align_turn_pauses()) and only pauses that meet it; with comma_pauses
 * (med_align_config), not a pause the next sentence's text has near its start. xa and ys
 * as for med_align_gap_words(); pauses are audio->speech's. Exposed for the tests.
 */
void med_align_pause_choice(const struct med_synth_result *synth, const unsigned char *turn_start,
                            const struct med_features *audio, const int64_t *span_lo,
                            const int64_t *span_hi, const float *xa, const float *ys, int dim,
                            int comma_pauses, struct med_align_frag *frags);

/*
 * Whether a fragment of ds frames of synthetic speech that the DTW path spread over audio
 * frames [a, b) went unheard (med_align_run()'s unspoken test): the span is shorter than
 * compress * ds, or holds fewer than 0.5 * compress * ds frames of speech, voice
 * activity's or frames 3 dB over the noise floor, whichever are more. Exposed for the
 * tests.
 */
int med_align_unheard(const struct med_features *audio, int64_t a, int64_t b, int64_t ds,
                      float compress);

/*
 * A short turn and its neighbours cut again together (med_align_run() after
 * med_align_pause_choice()): for each turn with 1 s of synthetic speech or less (turn_start
 * may not be NULL), the fragments from the one before it to three of the next turn take, by
 * dynamic programming, the inner boundaries among the pauses of 100 ms or more between the
 * window's outer edges and the present boundaries that give the lowest summed DTW cost of
 * each fragment's synthetic speech on its audio, a frame of pause between fragments charged
 * the present cut's mean cost per step; each fragment moved must hold a vowel. The first
 * fragment heard opens no window. A one-sentence turn marked unspoken (the raw path
 * squeezed it), of any length, is tried from nothing at the end of the turn before, and kept,
 * heard, only where the new cut gives it audio its text matches at 0.85 of null_d per step or
 * better (null_d: med_align_run()'s null distance; <= 0: never); so is a sentence so marked
 * inside a turn, with the fragment before it and three after it. xa and ys as for
 * med_align_gap_words(); pauses are audio->speech's. Exposed for the tests.
 */
void med_align_short_chain(const struct med_synth_result *synth, const unsigned char *turn_start,
                           const struct med_features *audio, const float *xa, const float *ys,
                           int dim, float null_d, struct med_align_frag *frags);

/*
 * An in-breath joined to a turn's first word, found by the text (med_align_run() after
 * snapping): for each fragment k that opens a turn (turn_start[k]), when the audio from
 * its start matches the first 400 ms of its synthetic speech (ys, open end) worse than the
 * audio from 100-600 ms later does (by a tenth of the cost per step), and what lies between
 * is unvoiced and quiet enough for a breath (under the speech after it), the start moves
 * there. A start that the turn step moved later over a sound it took for a breath, from
 * trimmed[k] (ms, -1 where it did not; trimmed may be NULL), goes back first to there or to
 * the onset of a sound it passed over, within 600 ms of the start, whichever the text's
 * audio matches best, when better than from the start; failing that, a sound voice activity missed
 * in the pause before the start (3 dB over the noise floor) opens the turn when the audio from it
 * matches the text at 0.95 of the start's cost per step. xa and ys as for
 * med_align_gap_words(). Exposed for the tests.
 */
void med_align_breath_by_text(const struct med_synth_result *synth, const unsigned char *turn_start,
                              const struct med_features *audio, const float *xa, const float *ys,
                              int dim, const int64_t *trimmed, struct med_align_frag *frags);

/*
 * A turn's end that the turn step moved earlier over a sound it took for a breath or a
 * click, from trimmed_end[k] (ms, -1 where it did not), goes back when the audio ending
 * there matches the fragment's last 400 ms of synthetic speech (backwards, open start)
 * better and no pause longer than 200 ms lies between (med_align_run() after the breaths).
 * xa and ys as for med_align_gap_words(). Exposed for the tests.
 */
void med_align_end_by_text(const struct med_synth_result *synth, const struct med_features *audio,
                           const float *xa, const float *ys, int dim, const int64_t *trimmed_end,
                           struct med_align_frag *frags);

/*
 * The last fragment heard (of n in frags) ends after a last word that voice activity split
 * off by a dip under 200 ms, when that word is no longer than 600 ms, a pause of 350 ms or
 * more follows it and it is no click, breath or lip noise (med_align_run() after the
 * breaths); pauses are audio->speech's. Exposed for the tests.
 */
void med_align_last_word(const struct med_features *audio, struct med_align_frag *frags, size_t n);

/*
 * Fragment edges moved over hiss (med_align_run() after the breaths): a fragment whose
 * synthetic speech ends with hiss (med_align_synth_hisses()) ends after a run of hiss in
 * the audio (audio->hiss_db) that starts within 260 ms of its end; one that opens with hiss
 * starts at a run that ends within 80 ms before its start. At a change of speaker
 * (turn_start, may be NULL) a run after a dip that is no sibilant is the next speaker's
 * in-breath, not taken; a turn whose text opens with no hiss starts after a hiss that a
 * dip parts from its words (and past an in-breath after it), and the turn before, when its
 * text ends in a hiss and no more than 200 ms part them, ends after that hiss. Exposed
 * for the tests.
 */
void med_align_hiss_edges(const struct med_synth_result *synth, const struct med_features *audio,
                          const unsigned char *turn_start, struct med_align_frag *frags);

/* The hiss edges above, then each fragment's end lingers as med_align_run() has it: a
 * turn's soft last syllable under the noise (med_align_soft_tail(), also after an end put
 * on a run of hiss), a last hiss that the noise hides, else linger_ms; never past the
 * middle of the pause after it. Exposed for the tests. */
void med_align_end_tails(const struct med_synth_result *synth, const struct med_features *audio,
                         const unsigned char *turn_start, int linger_ms,
                         struct med_align_frag *frags);

/*
 * The fragments' boundaries snapped to voice activity's pauses as med_align_run() snaps
 * them, from each fragment's raw span [rs[k], re[k]) (audio frames, as the DTW path gave
 * them; synth->feats.n_frames frames of synthetic speech in all) into frags (in ms); c
 * gives snap_ms, sentence_end and turn_start. Exposed for the tests.
 */
void med_align_snap(const struct med_synth_result *synth, const struct med_features *audio,
                    const struct med_align_config *c, const int64_t *rs, const int64_t *re,
                    struct med_align_frag *frags);

/*
 * Audio before the text: the frames of xa (na of them, dim values each, hop_ms apart) to
 * skip before the opening text ys (m frames, sp of them speech) is spoken, looked for in
 * the first limit frames, into *skip (0: none). brk (NULL, or m flags) marks the text's
 * frames between two turns, which may stay on a pause of the audio (its last value 0, the
 * voice activity) however long. *unsure (may be NULL) gets 1 where the
 * best match is clear of the audio's start and well below chance but does not stand out
 * from the best match elsewhere (a longer opening text may settle it), else 0.
 * med_align_run() also finds the audio after the text with it, on both sequences reversed.
 * Exposed for the tests. Returns MED_OK or MED_ERR_NOMEM.
 */
int med_align_lead_in(const float *xa, size_t na, size_t limit, const float *ys, size_t m,
                      const unsigned char *brk, size_t sp, int dim, int hop_ms, size_t *skip,
                      int *unsure);

/*
 * Match score of a synthesised text against the start of the audio, for choosing the
 * spoken language: DTW with an open end (the text may cover only the first part of the
 * audio) at a coarse resolution, divided by the same with the synthetic sequence reversed
 * (the two languages are compared with each other, not with a threshold).
 * Lower is a better match; *ratio gets the score. Returns MED_OK, MED_ERR_ARG or
 * MED_ERR_NOMEM.
 */
int med_align_score_prefix(const struct med_features *synth, const struct med_features *audio,
                           const struct med_align_config *c, double *ratio);

void med_align_result_release(struct med_align_result *r);

#endif
