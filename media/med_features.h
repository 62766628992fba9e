/*
 * med_features.h: frame features of speech at 100 frames/s (10 ms hop): MFCCs with
 * cepstral mean and variance normalisation, frame energy and voice activity.
 *
 * Features are computed in a streaming way (blocks of audio in, frames out): a two-hour
 * file never sits whole in memory at its original rate, only its features (about 60 bytes
 * per 10 ms). The pure functions take arrays and print nothing; file functions decode with
 * med_decode.h and report progress through the callback.
 *
 * Frame i covers the audio around i * hop_ms milliseconds (the analysis window is centred
 * on that time). Thread safety: different streams and calls may run on different threads at
 * once (FFTW planning is serialised inside); one stream belongs to one thread at a time.
 */
#ifndef MED_FEATURES_H
#define MED_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "med_common.h"

#define MED_FEATURES_MAX_COEFFS 24

struct med_features_config {
	int rate;       /* analysis rate, Hz (16000) */
	int hop_ms;     /* frame hop (10) */
	int win_ms;     /* analysis window (25) */
	int n_mels;     /* mel filters (26) */
	int n_coeffs;   /* cepstral coefficients kept, c1..cN (12; <= MED_FEATURES_MAX_COEFFS) */
	float f_min_hz; /* lowest mel filter edge (60) */
	float f_max_hz; /* highest mel filter edge (7600) */
	/* The frame energy (voice activity) is measured on the signal low-passed here; 0: the
	 * whole band (0; the readers set it to 11025 Hz, the band of espeak-ng's speech, when
	 * they compute at a rate above 22.05 kHz). */
	float energy_max_hz;
	/* ... and high-passed here (a second-order Butterworth); 0: not (0; tsync align sets
	 * MED_FEATURES_RUMBLE_HZ on the recording, and the player's edit keys read the same).
	 * A rumble of traffic, wind or handling, or brown noise, has most of its power below a
	 * voice's fundamental and would read as speech. */
	float energy_min_hz;
	int cmvn;           /* 0: none; 1: zero mean, unit variance per coefficient; 2: zero
	                       mean, one variance scale shared by all coefficients (keeps the
	                       low-order cepstra, which carry the phonetic shape, dominant) (2) */
	int cmvn_window_ms; /* the mean is taken over speech in a sliding window this long (3000) */
	int denoise;        /* 1: the noise of each mel band, tracked by minimum statistics over
	                       about two seconds, is taken out of its power before the MFCCs, so
	                       speech far below its neighbours' level or in loud noise keeps
	                       more of its shape; also keeps med_features.mfcc_voice (0) */
	int voice_copy;     /* 1: also keep the sliding mean that cmvn removes
	                       (med_features.local_mean), for telling voices apart (0) */
	int voicing;        /* 1: also measure each frame's periodicity
	                       (med_features.voicing) (0) */
	int voicing_stride; /* with voicing, measure it on every this-many-th frame only, the
	                       others reading 0 (0 or 1: every frame): enough for a voice's
	                       median pitch at a fraction of the cost */
	int vad_low_band;   /* 1: also measure the power below 1 kHz (med_features.low_db),
	                       which joins the voice activity where it finds much more speech
	                       than the whole band (a quiet voice under a hiss) (0) */
	int vad_background; /* 1: another voice talking under the speakers all along (a second
	                       conversation, a radio) is found by its syllables in their
	                       pauses, and the voice activity starts only over its level
	                       (med_features.background_db) (0) */
	int level_moves;    /* 1: where the recording's level moves (a gain changed between
	                       parts, an automatic gain control), the frame energies are
	                       taken back to one level before the voice activity
	                       (med_features.level_range_db), and its breaks (5 s or more
	                       with no sound over their noise) count for neither that level
	                       nor the noise floor (0) */
	/* Voice activity: adaptive threshold between the noise floor (a low percentile of
	 * frame energy) and the speech level (a high percentile), with hysteresis. */
	float vad_floor_pct;     /* percentile taken as the noise floor (10) */
	float vad_speech_pct;    /* percentile taken as the speech level (90) */
	float vad_on_frac;       /* threshold to enter speech, fraction floor->speech (0.30) */
	float vad_off_frac;      /* threshold to leave speech (0.20) */
	float vad_min_margin_db; /* minimum threshold above the floor, dB (6) */
	int vad_min_pause_ms;    /* shorter pauses are filled as speech (150) */
	int vad_min_speech_ms;   /* shorter bursts are dropped as noise (40) */
	int vad_hangover_ms;     /* speech extended by this much at both edges (20) */
	float silent_db;         /* peak frame energy below this (dBFS) is MED_ERR_SILENT (-70) */
};

#define MED_FEATURES_MEAN_STEP 25

/* A voice under the speakers nearer their level than this is not kept out of the voice
 * activity: speech would start too near the speakers' own level. */
#define MED_FEATURES_BACKGROUND_GAP_DB 10.0f

/* A recording's energy_min_hz: under the lowest voice's fundamental, over a rumble's. */
#define MED_FEATURES_RUMBLE_HZ 80.0f

struct med_features {
	size_t n_frames;
	int n_coeffs;
	float *mfcc;           /* n_frames * n_coeffs, row per frame, normalised if cmvn */
	float *local_mean;     /* NULL, or (config voice_copy, with cmvn) one row of n_coeffs
	                          every MED_FEATURES_MEAN_STEP frames (frames 0, step, ...;
	                          later frames take the last row): the sliding mean removed from mfcc less the mean
	                          over all speech, in mfcc's scale. mfcc plus it (interpolated)
	                          is the MFCC less the global mean only: the sliding mean
	                          removes what tells one speaker from another */
	float *energy_db;      /* n_frames: frame energy in dBFS (RMS of the window) */
	float *hiss_db;        /* NULL, or n_frames: the power of the mel bands centred above
	                          3.5 kHz, in dB on the filterbank's scale (compare frames of one
	                          recording only): where a final "s" or a first "f" stands out
	                          of a noise whose power lies lower */
	float *low_db;         /* NULL, or (config vad_low_band) n_frames: the power of the mel
	                          bands centred below 1 kHz, in dB on the filterbank's scale:
	                          the voiced part of speech, which a hiss over the whole band
	                          hides less (the voice activity reads it beside energy_db) */
	float *mfcc_voice;     /* NULL, or (config denoise) n_frames * n_coeffs: the MFCCs as
	                          they were before the noise was taken out, normalised like
	                          mfcc; voices and music are told by them (a noise tracker
	                          takes a speaker's steady colouring and a held chord for
	                          noise); local_mean is then this copy's */
	float *voicing;        /* NULL, or (config voicing) n_frames: the peak of the frame's
	                          normalised autocorrelation at lags of 2.5-12.5 ms (voices of
	                          80-400 Hz), measured below about 4 kHz on the first difference
	                          of the signal, so noise of any colour reads low (0.15-0.45 at
	                          16 kHz) and a vowel high (0.6-0.9): a breath has no voiced
	                          frame, a word has some */
	float *pitch_hz;       /* NULL, or (config voicing) n_frames: the voice's fundamental,
	                          80-500 Hz (see med_features_median_pitch(); telling only
	                          where the frame is voiced; 0 on the frames voicing_stride
	                          skips, as their voicing) */
	unsigned char *speech; /* n_frames: voice activity, 1 speech, 0 pause */
	int hop_ms;            /* milliseconds per frame */
	float noise_floor_db;  /* estimated noise floor (a background voice's level when
	                          there is one) */
	float speech_level_db; /* estimated speech level */
	float background_db;   /* the level (dBFS) of a voice under the speakers (config
	                          vad_background), over the noise floor, -HUGE_VALF when none
	                          was found; the voice activity keeps it out where
	                          med_features_background_kept() */
	float level_range_db;  /* (config level_moves) how far the level that energy_db,
	                          hiss_db and low_db were taken back by moved over the
	                          recording, dB; 0 when they were left as measured */
};

/* A frame whose med_features.voicing reaches this is voiced: a vowel reads 0.6-0.9, noise of
 * any colour 0.15-0.45 (at 16 kHz). */
#define MED_FEATURES_VOICED 0.6f

/* Whether frames [a, b) of voicing (hop_ms a frame; NULL: not measured, 0) hold a vowel:
 * MED_FEATURES_VOWEL_MS of them in a row voiced at MED_FEATURES_VOICED or more (a breath's
 * voicing, in reverberation or at its onset, reads that high on a frame or two, not on five
 * in a row). */
#define MED_FEATURES_VOWEL_MS 50
int med_features_has_vowel(const float *voicing, int hop_ms, int64_t a, int64_t b);

/* A breath or a lip noise, as the aligner and the voices tell one from a word: no longer
 * than MED_FEATURES_BREATH_MS, MED_FEATURES_BREATH_DB or more under the speech level. */
#define MED_FEATURES_BREATH_MS 500
#define MED_FEATURES_BREATH_DB 10.0f

/* Fills c with the defaults above. */
void med_features_config_init(struct med_features_config *c);

/*
 * The median of f->pitch_hz over the frames of speech that are voiced (MED_FEATURES_VOICED)
 * in the n ranges [a[k], b[k]) of frames: the pitch of the voice speaking there. 0 when
 * the voicing was not measured or fewer than min_frames such frames are found.
 */
float med_features_median_pitch(const struct med_features *f, const int64_t *a, const int64_t *b,
                                size_t n, size_t min_frames);

/*
 * The configuration for audio at rate: c at that rate when it holds the mel bands (at least
 * twice c->f_max_hz, at most 192 kHz; the same window and hop in milliseconds, the same bands
 * in hertz), with the energy measured below 11025 Hz above 22.05 kHz; else c itself, whose
 * rate the audio is then resampled to. The readers below and the synthesis use it.
 */
struct med_features_config med_features_config_at(const struct med_features_config *c, int rate);

/*
 * Decodes path (mono, streamed) and computes its features into out (storage owned by out,
 * release with med_features_release()). c may be NULL (defaults). A file whose rate holds
 * the mel bands (at least twice c->f_max_hz: 22.05, 44.1, 48 kHz) is read at that rate, the
 * same window and hop in milliseconds, and its energy measured below 11025 Hz (the band of
 * the synthetic speech); a lower rate is resampled to c->rate with libsamplerate.
 * progress (may be NULL) is called with stage "features".
 * Returns MED_OK, the decoder's errors, MED_ERR_SILENT when no frame rises above
 * c->silent_db, MED_ERR_CANCELLED or MED_ERR_NOMEM. On error out is left empty.
 */
int med_features_from_file(const char *path, const struct med_features_config *c,
                           struct med_features *out, med_progress_fn progress, void *user);

/*
 * Same from mono PCM in memory at rate (read at that rate or resampled, as above).
 * Returns MED_OK, MED_ERR_ARG, MED_ERR_EMPTY, MED_ERR_SILENT or MED_ERR_NOMEM.
 */
int med_features_from_pcm(const float *pcm, size_t n_frames, int rate,
                          const struct med_features_config *c, struct med_features *out);

/* Frees the arrays of f and zeroes it. Safe on a zeroed or released struct. */
void med_features_release(struct med_features *f);

/* Whether the voice activity keeps f's background voice out: one was found
 * (background_db) MED_FEATURES_BACKGROUND_GAP_DB or more under speech_level_db. */
int med_features_background_kept(const struct med_features *f);

/*
 * Recomputes f->speech from f->energy_db with the voice activity settings of c
 * (e.g. after changing them). Also sets f->noise_floor_db, f->speech_level_db and
 * f->background_db.
 */
void med_features_vad(struct med_features *f, const struct med_features_config *c);

/*
 * Streaming interface, for callers that produce audio themselves (the synthesiser).
 * med_feature_stream_new() returns a new stream at rate c->rate (mono), free with
 * med_feature_stream_free(). Push blocks with med_feature_stream_push(); finish with
 * med_feature_stream_finish(), which normalises and runs voice activity and moves the
 * features into out (the stream is then empty and may be freed).
 */
struct med_feature_stream;
int med_feature_stream_new(const struct med_features_config *c, struct med_feature_stream **out);
int med_feature_stream_push(struct med_feature_stream *s, const float *pcm, size_t n_frames);
/* Makes room at once for the frames of n_samples samples, when the caller knows about how
 * many will come, so that the arrays are not grown (and copied) as they fill; more may
 * still be pushed. MED_OK, MED_ERR_ARG or MED_ERR_NOMEM (the stream is as it was, and
 * still usable). */
int med_feature_stream_reserve(struct med_feature_stream *s, size_t n_samples);
/* Number of frames produced so far (for frame-accurate bookkeeping while pushing). */
size_t med_feature_stream_frames(const struct med_feature_stream *s);
int med_feature_stream_finish(struct med_feature_stream *s, struct med_features *out);
/*
 * med_feature_stream_finish() in two steps, for features made in pieces (the synthesiser
 * runs two streams at once and joins them): finish_raw moves the frames into out with raw
 * cepstra and out->speech all zeros (out->noise_floor_db, speech_level_db unset); after
 * joining such pieces end to end (arrays concatenated), med_features_normalise() runs
 * voice activity and normalisation (as c asks; NULL: defaults) once over the whole, in
 * place. finish == finish_raw + normalise with the stream's config. normalise returns
 * MED_OK, MED_ERR_ARG (no frames or arrays missing) or MED_ERR_NOMEM.
 */
int med_feature_stream_finish_raw(struct med_feature_stream *s, struct med_features *out);
int med_features_normalise(struct med_features *f, const struct med_features_config *c);
void med_feature_stream_free(struct med_feature_stream *s);

/*
 * Waveform peaks for display: the min and max sample of each bin of 1/bins_per_s second,
 * mono mix at the native rate. *min_max receives 2 * *n_bins floats (min, max per bin),
 * allocated with malloc (caller frees). progress (may be NULL) gets stage "peaks".
 */
int med_peaks_from_file(const char *path, int bins_per_s, float **min_max, size_t *n_bins,
                        med_progress_fn progress, void *user);

#endif
