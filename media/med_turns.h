/*
 * med_turns.h: finding the turns of an interview in its audio without understanding its
 * words, for transcripts that are a translation of the speech.
 *
 * The audio is cut into units: stretches of speech between pauses (voice activity), long
 * ones split further at energy dips, so that a turn boundary can fall between any two
 * units. One global dynamic programme then gives each turn a run of consecutive units,
 * minimising the sum of
 *  - a duration cost: log-normal around the turn's expected speech time (caller's prior,
 *    typically speaking rate x text length),
 *  - a speaker cost per unit: how badly the unit fits the turn's speaker (caller-given,
 *    e.g. from med_speaker.h models; 0 everywhere when speakers are unknown),
 *  - a boundary cost: turns like to start and end at long pauses,
 * while units may be skipped (audio without text: intro music, an interjection the
 * transcript left out) at a per-unit skip cost, and a turn may be missing from the audio
 * (fixed cost, reported). Forward and backward passes give each boundary its margin: how
 * much worse the best alignment that moves it elsewhere is.
 *
 * Exactly, the cost of an alignment is the sum of
 *  - per found turn i on units [a, b) with speech time d ms and expectation e ms:
 *    w_duration * ln(d / e)^2 / (2 s^2), s = sigma * (1 + sqrt(sigma_short_s / (e / 1000)));
 *    plus unit_cost[u][k] of its first and last unit and min(unit_cost[u][k],
 *    inside_skip * skip_cost[u]) of the others (k its speaker; k = -1: the cheapest
 *    speaker); plus w_boundary * exp(-g / gap_scale_ms) at each edge, g the pause before
 *    unit a (infinite for the first unit) and after unit b-1 (to audio_ms after the last);
 *  - skip_cost[u] of every unit outside all turns; before the first found turn and after
 *    the last found turn edge_skip * skip_cost[u] instead, plus edge_fixed once for each
 *    of those two stretches that is not empty;
 *  - missing_cost per missing turn.
 * A turn's speech time is at most max_ratio * e + max_extra_ms, and turn i starts where the
 * speech before it is within the search band of sum(e of turns before i) * (all speech /
 * sum of all e) (for speed on long recordings; wide enough for minutes of drift).
 * tests/test_med_turns.c
 * checks the programme against an exhaustive search of this cost on small problems.
 *
 * Pure: const inputs, caller-given outputs, no I/O, no globals, thread-safe.
 */
#ifndef MED_TURNS_H
#define MED_TURNS_H

#include <stddef.h>
#include <stdint.h>

#include "med_common.h"

/* A stretch of speech: frames [first_frame, end_frame) at hop_ms each. */
struct med_turn_unit {
	size_t first_frame;
	size_t end_frame;
	int64_t start_ms;
	int64_t end_ms;
	int64_t gap_before_ms; /* pause before this unit (from the audio start for the first) */
};

struct med_turns_config {
	int max_unit_ms;        /* speech longer than this is split at energy dips (1500) */
	int min_unit_ms;        /* no split leaves a piece shorter than this (400) */
	double sigma;           /* log-normal spread of a turn's speech time around its
				   expectation, for long turns (0.30) */
	double sigma_short_s;   /* extra spread for short turns: sigma * (1 + sqrt(this / e_s))
				   with e_s the expected seconds (4.0) */
	double w_duration;      /* weight of the duration cost (1.0) */
	double w_boundary;      /* cost of a turn edge with no pause; decays with the pause (4.0) */
	double gap_scale_ms;    /* pause length at which the boundary cost falls by e (250) */
	double missing_cost;    /* cost of declaring a turn absent from the audio (20) */
	double max_ratio;       /* a turn's speech time is at most this times its expectation
				   plus max_extra_ms (3.0) */
	double max_extra_ms;    /* (15000) */
	double margin_ms;       /* alternatives closer than this to a boundary do not count for
				   its margin (300) */
	double inside_skip;     /* a unit left without text inside a turn costs this times its
				   skip cost: an interjection must be clearly another voice (2.0) */
	double edge_skip;       /* skip costs before the first turn and after the last are
				   multiplied by this: recordings often run on beyond their
				   transcript (0.6) */
	double edge_fixed;      /* plus this once for any audio before the first turn and once
				   for any after the last: a long intro or outro then costs little
				   more than a short one (0) */
	double band_min_ms;     /* search band: a turn starts within this much speech of where
				   the expectations put it (600000) ... */
	double band_frac;       /* ... or this fraction of all speech when that is more (0.2);
				   a band_min_ms of 0 searches everywhere */
};

void med_turns_config_init(struct med_turns_config *c);

/*
 * Cuts voice activity speech[0..n_frames) (1 speech, 0 pause; hop_ms per frame) into
 * units, splitting speech longer than c->max_unit_ms at the lowest smoothed energy_db
 * (may be NULL: split evenly). c may be NULL. On success *out is a new array of *n units
 * in time order (NULL when there is no speech), free with free().
 * Returns MED_OK, MED_ERR_ARG (NULL speech with n_frames > 0, hop_ms < 1, NULL out/n) or
 * MED_ERR_NOMEM.
 */
int med_turns_units(const unsigned char *speech, const float *energy_db, size_t n_frames,
		    int hop_ms, const struct med_turns_config *c, struct med_turn_unit **out,
		    size_t *n);

struct med_turns_input {
	const struct med_turn_unit *units;
	size_t n_units;
	int64_t audio_ms;          /* length of the audio (gap after the last unit) */
	int n_speakers;            /* columns of unit_cost (>= 0) */
	const float *unit_cost;    /* n_units * n_speakers, >= 0: cost of unit u in a turn of
				      speaker k; NULL: all 0 */
	const float *skip_cost;    /* n_units, >= 0: cost of leaving unit u without text */
	size_t n_turns;
	const int *turn_speaker;   /* n_turns: 0..n_speakers-1, or -1 (any: the cheapest) */
	const double *turn_expected_ms; /* n_turns, > 0: expected speech time of each turn */
};

/* Where a turn went. Units [first_unit, end_unit); missing turns have first == end. */
struct med_turn_span {
	size_t first_unit;
	size_t end_unit;
	int missing;          /* the best alignment has no audio for this turn */
	int64_t start_ms;     /* start of the first unit (missing: the time it would be at) */
	int64_t end_ms;       /* end of the last unit */
	int64_t speech_ms;    /* speech time in the span */
	double margin_start;  /* extra cost of the best alignment that starts it elsewhere */
	double margin_end;    /* same for its end; 1e9 when there is no alternative */
	double speaker_cost;  /* sum of the unit costs in the span */
};

/*
 * Aligns turns to units. out[0..n_turns) receives each turn's span; unit_state[0..n_units)
 * (may be NULL) receives the turn index of each unit, or -1 between turns; unit_skipped
 * (may be NULL) 1 for each unit left without text, between turns or inside a turn (where
 * its skip cost is below its cost for the turn's speaker: an interjection). *total_cost
 * (may be NULL) the cost of the best alignment. progress (may be NULL) is called with stage
 * "turns". Returns MED_OK, MED_ERR_ARG (NULL arrays with nonzero counts, a speaker index
 * out of range, an expectation <= 0), MED_ERR_EMPTY (no turns), MED_ERR_NOMEM or
 * MED_ERR_CANCELLED.
 */
int med_turns_align(const struct med_turns_input *in, const struct med_turns_config *c,
		    struct med_turn_span *out, int *unit_state, unsigned char *unit_skipped,
		    double *total_cost,
		    med_progress_fn progress, void *user);

/*
 * Places n_cues cues inside a turn whose speech is units[first, end): the turn's speech
 * time is shared among the cues by their weights (text lengths, > 0), then each inner
 * boundary moves to the nearest pause within snap_ms (a pause: the gap before a unit
 * longer than min_pause_ms). starts/ends[0..n_cues) receive times in ms: the first cue
 * starts at the first unit, the last ends at the last unit, and cue i ends where cue i+1
 * starts (cues are contiguous: inside a snapped pause, min(pause / 2, 300 ms) before the
 * next speech). With first == end
 * (missing turn) every cue gets [at_ms, at_ms]. Returns MED_OK or MED_ERR_ARG.
 */
int med_turns_place_cues(const struct med_turn_unit *units, size_t first, size_t end,
			 const double *weights, size_t n_cues, int64_t at_ms, int64_t snap_ms,
			 int64_t min_pause_ms, int64_t *starts, int64_t *ends);

#endif
