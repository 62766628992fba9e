/*
 * med_synth.h: speech synthesis of text fragments with libespeak-ng, in-process, straight
 * into feature frames (no temporary files, no subprocess).
 *
 * Each fragment is synthesised in turn, so the synthetic time of every fragment boundary is
 * exact. libespeak-ng keeps global state: calls are serialised by a mutex inside this
 * module, so the functions may be called from any thread (one synthesis runs at a time).
 * Letters of a script the voice spells out one by one (Cyrillic for a Czech voice, Han
 * for an English one) are spoken by the voice of that script's language ("ru", "cmn").
 *
 * A long text (2000 bytes or more) is spoken in two halves at once, split at a fragment
 * boundary: the first on the calling thread by the linked libespeak-ng, the second on a
 * worker thread (started on first use, kept for the life of the process, signals blocked)
 * by a second, independent copy of the same system library loaded with dlmopen() into its
 * own link-map namespace. The halves' features are joined before voice activity and
 * normalisation run, so the result matches a serial run to within a frame at each fragment
 * boundary of the second half (its frame grid starts afresh at the join). Serial instead:
 * when TSYNC_SYNTH_THREADS=1 is set in the environment, with one CPU, in sanitizer builds,
 * under valgrind (LD_PRELOAD), or when the second copy cannot be loaded.
 *
 * For speed the voice sums the harmonics of its first formants only (harmonic_formants):
 * the voice's file from espeak-ng's data, its variant's attributes and espeak-ng's
 * "clarity" are written to an anonymous memory file (memfd) that espeak-ng reads by its
 * /proc name. Where that fails the voice is taken by name (the result says which).
 *
 * A second pass in another voice for some fragments need not speak the others again: a
 * first result made with keep_raw lends their raw frames (reuse), and only the flagged
 * fragments are spoken; the joined frames are normalised as one.
 */
#ifndef MED_SYNTH_H
#define MED_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "med_common.h"
#include "med_features.h"

struct med_synth_result;

struct med_synth_config {
	const char *voice; /* espeak-ng voice or language name ("en", "cmn", "en-us+m3") */
	int rate_wpm;      /* speaking rate, words per minute (175) */
	int pitch;         /* 0..100 (50) */
	float dither_db;   /* white noise added to the synthesised audio, dBFS (-60), so
	                      pauses are not digital silence */
	const char *voice_alt;    /* NULL, or a second voice ("en-us+f4") ... */
	const unsigned char *alt; /* ... for the fragments flagged 1 here (NULL: none; one per
	                             fragment of med_synth_fragments()) */
	int harmonic_formants;    /* the last formant whose harmonics espeak-ng sums one by
	                             one (1-4; the higher ones are one sinusoid each), for
	                             speed; 0: the voice's own (5) */
	int keep_raw;             /* 1: the result keeps its features before voice activity and
	                             normalisation too (raw), for a later reuse (0) */
	const struct med_synth_result *reuse; /* with voice_alt and alt: a result of the same
	                             fragments made with keep_raw, whose fragments not flagged
	                             in alt are taken as they are (borrowed); only the flagged
	                             ones are spoken, by voice_alt. NULL: all are spoken */
};

/* The aligner's voice sums the harmonics of its first two formants (see med_synth.c). */
#define MED_SYNTH_HARMONIC_FORMANTS 2

struct med_synth_result {
	struct med_features feats; /* features of the synthesised speech */
	size_t n_frags;
	int64_t *frag_frame;   /* n_frags + 1: frame where fragment k starts; last = end */
	int64_t *speech_first; /* n_frags: first frame of speech inside fragment k, -1 if none */
	int64_t *speech_last;  /* n_frags: last frame of speech inside fragment k, -1 if none */
	double seconds;        /* length of the synthesised audio */
	int harmonic_formants; /* the config's, or 0 where espeak-ng took a voice by name with
	                          its own formants (its file could not be read) */
	struct med_features raw; /* with keep_raw: feats before voice activity and
	                            normalisation (mfcc, energy, hiss, voicing, pitch); else
	                            empty */
};

/* Fills c with defaults; voice "en". */
void med_synth_config_init(struct med_synth_config *c);

/*
 * Maps a language code ("en", "zh", "zh-Hant", "cmn", "yue", "fr-CA") to an espeak-ng voice
 * name written into buf (e.g. "cmn" for any Chinese other than Cantonese). Returns MED_OK
 * or MED_ERR_SYNTH when espeak-ng has no voice for it.
 */
int med_synth_voice_for_lang(const char *lang, char *buf, size_t size);

/*
 * Synthesises n fragments (UTF-8, borrowed) and computes their features with fc (NULL:
 * defaults) into out (release with med_synth_result_release()). progress (may be NULL)
 * gets stage "synthesis". Returns MED_OK, MED_ERR_ARG, MED_ERR_SYNTH (espeak-ng could not
 * start or has no such voice), MED_ERR_EMPTY (nothing was spoken), MED_ERR_NOMEM or
 * MED_ERR_CANCELLED.
 */
/*
 * The dither of the synthetic speech: out[i] = wav[i] / 32768 plus amp times a uniform
 * number in [-1, 1) from a linear congruential generator (state = state * 1664525 +
 * 1013904223 modulo 2^32 per sample, then (state >> 8) / 2^23 - 1); *state is left at
 * the last sample's. Exposed for the tests.
 */
void med_synth_dither(uint32_t *state, float amp, const short *wav, int n, float *out);

int med_synth_fragments(const char *const *frags, size_t n, const struct med_synth_config *c,
                        const struct med_features_config *fc, struct med_synth_result *out,
                        med_progress_fn progress, void *user);

/*
 * Synthesises text into 16-bit PCM at the voice's rate, for tests and the demo.
 * *pcm is malloc'd (caller frees). Returns MED_OK or an error as above.
 */
int med_synth_pcm(const char *text, const struct med_synth_config *c, float **pcm, size_t *n_frames,
                  int *rate);

void med_synth_result_release(struct med_synth_result *r);

/*
 * Number of engines a long text is split over: 2 when the second copy of libespeak-ng is
 * loaded (this call may load it) and synthesis is not forced serial (see above), else 1.
 */
int med_synth_threads(void);

#endif
