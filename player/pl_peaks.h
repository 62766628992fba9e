/*
 * pl_peaks.h: the player's background analysis of its audio: waveform peaks (min and max
 * per 10 ms, mono), then voice activity (med_features) for snapping boundaries to speech.
 *
 * One thread decodes the file once for the peaks, then runs the feature extractor. The
 * main thread reads what is ready without locks: pl_peaks_ready() counts the bins
 * filled so far (they never change afterwards), pl_peaks_speech() is NULL until voice
 * activity is known.
 */
#ifndef PL_PEAKS_H
#define PL_PEAKS_H

#include <stddef.h>
#include <stdint.h>

#define PL_PEAKS_BINS_PER_S 100

struct pl_peaks; /* opaque */

/* Starts the analysis of path. want_vad: also compute voice activity. Returns a new
 * handle (free with pl_peaks_free(), which stops the thread) or NULL. */
struct pl_peaks *pl_peaks_start(const char *path, int want_vad);
void pl_peaks_free(struct pl_peaks *pk);

/* Bins filled so far, and bins expected (the whole file). */
size_t pl_peaks_ready(const struct pl_peaks *pk);
size_t pl_peaks_total(const struct pl_peaks *pk);
/* min, max pairs per bin (2 * pl_peaks_total() floats); borrowed. */
const float *pl_peaks_data(const struct pl_peaks *pk);
/* Voice activity, one byte per 10 ms (1 speech), *n frames; NULL until ready. */
const unsigned char *pl_peaks_speech(const struct pl_peaks *pk, size_t *n);
/* Nonzero when voice activity failed (message in the status), or is not wanted. */
int pl_peaks_speech_failed(const struct pl_peaks *pk);
/* Blocks until the peaks (not the voice activity) are complete. */
void pl_peaks_wait(struct pl_peaks *pk);

/*
 * Nearest speech onset (onset nonzero) or offset to t_ms within max_ms, from the voice
 * activity of the whole file, or, until that is ready, of a few seconds around t_ms
 * (decoded on the spot). Writes it to *out_ms. Returns 0, or -1 when there is none.
 */
int pl_peaks_snap(const struct pl_peaks *pk, int64_t t_ms, int onset, int64_t max_ms,
                  int64_t *out_ms);

#endif
