/* pl_peaks.c: waveform peaks and voice activity, computed once in a background thread. */
#include "pl_peaks.h"

#include <SDL.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "med_decode.h"
#include "med_features.h"

#define UNKNOWN_LENGTH_BINS ((size_t)4 * 3600 * PL_PEAKS_BINS_PER_S)
#define READ_FRAMES 8192

struct pl_peaks {
	char *path;
	int want_vad;
	float *bins;
	size_t total;
	_Atomic size_t ready;
	_Atomic int peaks_done;
	_Atomic int quit;
	_Atomic int vad_state; /* 0 pending, 1 ready, -1 failed */
	struct med_features feat;
	SDL_Thread *thread;
};

static int cancel_cb(void *user, const char *stage, double fraction)
{
	struct pl_peaks *pk = user;
	return atomic_load(&pk->quit);
}

/* The features whose voice activity the edit keys snap to: the recording's energy
 * high-passed as `tsync align` reads it (a rumble is no speech onset). */
static void vad_config(struct med_features_config *c)
{
	med_features_config_init(c);
	c->energy_min_hz = MED_FEATURES_RUMBLE_HZ;
}

static void compute_peaks(struct pl_peaks *pk, struct med_decoder *d, int rate)
{
	float *buf = malloc(READ_FRAMES * sizeof(float));
	size_t per_bin = (size_t)(rate / PL_PEAKS_BINS_PER_S);
	size_t bin = 0, in_bin = 0;
	float lo = 0, hi = 0;
	if (!buf || !per_bin)
		goto out_free;
	while (!atomic_load(&pk->quit) && bin < pk->total) {
		long n = med_decoder_read(d, buf, READ_FRAMES);
		if (n <= 0)
			break;
		for (long i = 0; i < n && bin < pk->total; i++) {
			float v = buf[i];
			if (!in_bin) {
				lo = hi = v;
			} else {
				lo = v < lo ? v : lo;
				hi = v > hi ? v : hi;
			}
			if (++in_bin == per_bin) {
				pk->bins[2 * bin] = lo;
				pk->bins[2 * bin + 1] = hi;
				bin++;
				in_bin = 0;
			}
		}
		atomic_store_explicit(&pk->ready, bin, memory_order_release);
	}
	if (in_bin && bin < pk->total) {
		pk->bins[2 * bin] = lo;
		pk->bins[2 * bin + 1] = hi;
		bin++;
	}
	pk->total = bin > 0 ? bin : pk->total;
	atomic_store_explicit(&pk->ready, bin, memory_order_release);
out_free:
	free(buf);
}

static int SDLCALL peaks_thread(void *user)
{
	struct pl_peaks *pk = user;
	struct med_decoder *d = NULL;
	int rate = 0;
	/* Background work: playback and drawing come first. */
	SDL_SetThreadPriority(SDL_THREAD_PRIORITY_LOW);
	int64_t n_frames = -1;
	if (med_decoder_open(pk->path, 0, 1, &d) == MED_OK) {
		med_decoder_info(d, &rate, NULL, &n_frames);
		compute_peaks(pk, d, rate);
		med_decoder_free(d);
	}
	atomic_store(&pk->peaks_done, 1);
	if (!pk->want_vad || atomic_load(&pk->quit)) {
		atomic_store(&pk->vad_state, -1);
		return 0;
	}
	struct med_features_config c;
	vad_config(&c);
	int rc = med_features_from_file(pk->path, &c, &pk->feat, cancel_cb, pk);
	atomic_store(&pk->vad_state, rc == MED_OK ? 1 : -1);
	return 0;
}

struct pl_peaks *pl_peaks_start(const char *path, int want_vad)
{
	struct pl_peaks *pk = calloc(1, sizeof(*pk));
	struct med_decoder *d = NULL;
	if (!pk)
		return NULL;
	pk->want_vad = want_vad;
	if (!(pk->path = strdup(path)))
		goto out_fail;
	/* Open once here to size the bins, so the main thread can read the total at once. */
	int rate = 0;
	int64_t n_frames = -1;
	if (med_decoder_open(path, 0, 1, &d) != MED_OK)
		goto out_fail;
	med_decoder_info(d, &rate, NULL, &n_frames);
	med_decoder_free(d);
	pk->total = n_frames > 0 && rate > 0 ? (size_t)(n_frames * PL_PEAKS_BINS_PER_S / rate) + 1
	                                     : UNKNOWN_LENGTH_BINS;
	if (!(pk->bins = calloc(pk->total * 2, sizeof(float))))
		goto out_fail;
	if (!(pk->thread = SDL_CreateThread(peaks_thread, "tsync-peaks", pk)))
		goto out_fail;
	return pk;
out_fail:
	pl_peaks_free(pk);
	return NULL;
}

void pl_peaks_free(struct pl_peaks *pk)
{
	if (!pk)
		return;
	atomic_store(&pk->quit, 1);
	if (pk->thread)
		SDL_WaitThread(pk->thread, NULL);
	med_features_release(&pk->feat);
	free(pk->bins);
	free(pk->path);
	free(pk);
}

size_t pl_peaks_ready(const struct pl_peaks *pk)
{
	return pk ? atomic_load_explicit(&pk->ready, memory_order_acquire) : 0;
}

size_t pl_peaks_total(const struct pl_peaks *pk)
{
	if (!pk)
		return 0;
	return atomic_load(&pk->peaks_done) ? atomic_load(&pk->ready) : pk->total;
}

const float *pl_peaks_data(const struct pl_peaks *pk)
{
	return pk ? pk->bins : NULL;
}

const unsigned char *pl_peaks_speech(const struct pl_peaks *pk, size_t *n)
{
	if (!pk || atomic_load(&pk->vad_state) != 1)
		return NULL;
	*n = pk->feat.n_frames;
	return pk->feat.speech;
}

int pl_peaks_speech_failed(const struct pl_peaks *pk)
{
	return !pk || atomic_load(&pk->vad_state) < 0;
}

void pl_peaks_wait(struct pl_peaks *pk)
{
	while (pk && !atomic_load(&pk->peaks_done))
		SDL_Delay(5);
}

/* The speech edge (onset or offset) in sp[0..n) nearest to t_ms, frames of hop ms starting
 * at base_ms; -1 when none within max_ms. */
static int64_t nearest_edge(const unsigned char *sp, size_t n, int hop, int64_t base_ms,
                            int64_t t_ms, int onset, int64_t max_ms)
{
	int64_t best = -1, best_d = max_ms + 1;
	for (size_t i = 1; i < n; i++) {
		int edge = onset ? (!sp[i - 1] && sp[i]) : (sp[i - 1] && !sp[i]);
		if (!edge)
			continue;
		int64_t at = base_ms + (int64_t)i * hop;
		int64_t d = at > t_ms ? at - t_ms : t_ms - at;
		if (d < best_d) {
			best_d = d;
			best = at;
		}
	}
	return best;
}

/*
 * Voice activity of a few seconds around t_ms, for when the pass over the whole file is
 * not done yet (an hour of MP3 takes minutes at low priority). The thresholds adapt to
 * the window, which holds pauses as well as speech.
 */
static int64_t local_edge(const char *path, int64_t t_ms, int onset, int64_t max_ms)
{
	const int rate = 16000;
	int64_t from_ms = t_ms - max_ms - 2000;
	if (from_ms < 0)
		from_ms = 0;
	size_t want = (size_t)((t_ms + max_ms + 2000 - from_ms) * rate / 1000);
	struct med_decoder *d = NULL;
	float *pcm = NULL;
	struct med_features f;
	int64_t best = -1;
	memset(&f, 0, sizeof(f));
	if (med_decoder_open(path, rate, 1, &d) != MED_OK)
		return -1;
	if (med_decoder_seek(d, from_ms * rate / 1000) != MED_OK ||
	    !(pcm = malloc(want * sizeof(float))))
		goto out_free;
	size_t got = 0;
	while (got < want) {
		long n = med_decoder_read(d, pcm + got, want - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	struct med_features_config c;
	vad_config(&c);
	if (got > (size_t)rate / 2 && med_features_from_pcm(pcm, got, rate, &c, &f) == MED_OK)
		best = nearest_edge(f.speech, f.n_frames, f.hop_ms > 0 ? f.hop_ms : 10, from_ms,
		                    t_ms, onset, max_ms);
	med_features_release(&f);
out_free:
	free(pcm);
	med_decoder_free(d);
	return best;
}

int pl_peaks_snap(const struct pl_peaks *pk, int64_t t_ms, int onset, int64_t max_ms,
                  int64_t *out_ms)
{
	size_t n = 0;
	if (!pk)
		return -1;
	const unsigned char *sp = pl_peaks_speech(pk, &n);
	int64_t best;
	if (sp && n >= 2)
		best = nearest_edge(sp, n, pk->feat.hop_ms > 0 ? pk->feat.hop_ms : 10, 0, t_ms,
		                    onset, max_ms);
	else
		best = local_edge(pk->path, t_ms, onset, max_ms);
	if (best < 0)
		return -1;
	*out_ms = best;
	return 0;
}
