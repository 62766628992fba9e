/* pl_audio.c: ring buffer, decoder thread with libsonic, SDL audio callback, clock. */
#include "pl_audio.h"

#include <SDL.h>
#include <sonic.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med_decode.h"

#define RING_SECONDS 1
#define CHUNK_FRAMES 2048
#define SONIC_OUT_FRAMES 8192
#define MAX_MARKERS 32

/* Output frame `out` of the ring stream plays media frame `src`; later frames follow at
 * `speed` media frames per output frame. */
struct marker {
	uint64_t out;
	int64_t src;
	double speed;
};

struct pl_audio {
	struct med_decoder *dec;
	int rate;
	int64_t n_frames; /* media length in frames, -1 unknown */
	SDL_AudioDeviceID dev;
	int has_device;
	uint32_t latency_frames;
	double perf_freq;

	float *ring;
	uint64_t ring_frames;
	_Atomic uint64_t wpos;     /* frames written by the decoder thread */
	_Atomic uint64_t rpos;     /* frames handed to the device */
	_Atomic uint64_t cb_ticks; /* performance counter at the last callback */
	_Atomic uint64_t first_audio_ticks;
	uint64_t open_ticks;

	SDL_mutex *lock; /* guards the fields below; never taken by the callback */
	SDL_cond *wake;
	struct marker markers[MAX_MARKERS];
	int n_markers;
	uint32_t req_gen, done_gen;
	int64_t req_ms;
	double speed;
	int eof;
	int quit;
	SDL_Thread *thread;

	int paused;
	int64_t paused_ms;
	/* Silent clock. */
	uint64_t base_ticks;
	int64_t base_ms;
};

static void SDLCALL audio_callback(void *user, Uint8 *stream, int len)
{
	struct pl_audio *a = user;
	float *out = (float *)(void *)stream;
	uint64_t frames = (uint64_t)len / sizeof(float);
	uint64_t w = atomic_load_explicit(&a->wpos, memory_order_acquire);
	uint64_t r = atomic_load_explicit(&a->rpos, memory_order_relaxed);
	uint64_t n = w - r < frames ? w - r : frames;
	uint64_t at = r % a->ring_frames;
	uint64_t first = a->ring_frames - at < n ? a->ring_frames - at : n;
	memcpy(out, a->ring + at, first * sizeof(float));
	memcpy(out + first, a->ring, (n - first) * sizeof(float));
	memset(out + n, 0, (frames - n) * sizeof(float));
	atomic_store_explicit(&a->rpos, r + n, memory_order_release);
	uint64_t now = SDL_GetPerformanceCounter();
	atomic_store_explicit(&a->cb_ticks, now, memory_order_release);
	if (n && !atomic_load_explicit(&a->first_audio_ticks, memory_order_relaxed))
		atomic_store_explicit(&a->first_audio_ticks, now, memory_order_relaxed);
}

static void ring_write(struct pl_audio *a, const float *src, uint64_t n)
{
	uint64_t w = atomic_load_explicit(&a->wpos, memory_order_relaxed);
	uint64_t at = w % a->ring_frames;
	uint64_t first = a->ring_frames - at < n ? a->ring_frames - at : n;
	memcpy(a->ring + at, src, first * sizeof(float));
	memcpy(a->ring, src + first, (n - first) * sizeof(float));
	atomic_store_explicit(&a->wpos, w + n, memory_order_release);
}

/* Drops what the ring holds and starts the stream anew at media frame src. */
static void restart_stream(struct pl_audio *a, int64_t src, double speed, uint32_t gen)
{
	SDL_LockAudioDevice(a->dev);
	uint64_t w = atomic_load(&a->wpos);
	atomic_store(&a->rpos, w);
	atomic_store(&a->cb_ticks, SDL_GetPerformanceCounter());
	SDL_UnlockAudioDevice(a->dev);
	SDL_LockMutex(a->lock);
	a->markers[0] = (struct marker){w, src, speed};
	a->n_markers = 1;
	a->done_gen = gen;
	a->eof = 0;
	SDL_UnlockMutex(a->lock);
}

/* Why a thread: decoding and time-stretching must never run in the callback. */
static int SDLCALL decoder_thread(void *user)
{
	struct pl_audio *a = user;
	float *in = malloc(CHUNK_FRAMES * sizeof(float));
	float *out = malloc(SONIC_OUT_FRAMES * sizeof(float));
	sonicStream sonic = NULL;
	double speed = 1.0;
	int eof = 0;
	SDL_SetThreadPriority(SDL_THREAD_PRIORITY_HIGH); /* may be refused; then normal */
	if (!in || !out)
		goto out_free;
	for (;;) {
		SDL_LockMutex(a->lock);
		if (a->quit) {
			SDL_UnlockMutex(a->lock);
			break;
		}
		uint32_t gen = a->req_gen;
		int64_t req_ms = a->req_ms;
		double req_speed = a->speed;
		int pending = gen != a->done_gen;
		SDL_UnlockMutex(a->lock);
		if (pending) {
			int64_t src = req_ms * a->rate / 1000;
			med_decoder_seek(a->dec, src);
			if (sonic)
				sonicDestroyStream(sonic);
			sonic = NULL;
			speed = req_speed;
			if (speed < 0.999 || speed > 1.001) {
				sonic = sonicCreateStream(a->rate, 1);
				if (sonic)
					sonicSetSpeed(sonic, (float)speed);
			}
			eof = 0;
			restart_stream(a, src, sonic ? speed : 1.0, gen);
			continue;
		}
		uint64_t used = atomic_load_explicit(&a->wpos, memory_order_relaxed) -
		                atomic_load_explicit(&a->rpos, memory_order_acquire);
		uint64_t need = CHUNK_FRAMES * 2 + SONIC_OUT_FRAMES;
		if (eof || a->ring_frames - used < need) {
			SDL_LockMutex(a->lock);
			if (!a->quit && a->req_gen == a->done_gen)
				SDL_CondWaitTimeout(a->wake, a->lock, 10);
			SDL_UnlockMutex(a->lock);
			continue;
		}
		long n = med_decoder_read(a->dec, in, CHUNK_FRAMES);
		if (n <= 0) {
			eof = 1;
			if (sonic) {
				sonicFlushStream(sonic);
				int k;
				while ((k = sonicReadFloatFromStream(sonic, out,
				                                     SONIC_OUT_FRAMES)) > 0)
					ring_write(a, out, (uint64_t)k);
			}
			SDL_LockMutex(a->lock);
			a->eof = 1;
			SDL_UnlockMutex(a->lock);
			continue;
		}
		if (!sonic) {
			ring_write(a, in, (uint64_t)n);
			continue;
		}
		sonicWriteFloatToStream(sonic, in, (int)n);
		int k;
		while ((k = sonicReadFloatFromStream(sonic, out, SONIC_OUT_FRAMES)) > 0)
			ring_write(a, out, (uint64_t)k);
	}
out_free:
	if (sonic)
		sonicDestroyStream(sonic);
	free(in);
	free(out);
	return 0;
}

int pl_audio_open(const char *path, int flags, struct pl_audio **out, char *err, size_t err_size)
{
	struct pl_audio *a = calloc(1, sizeof(*a));
	if (err_size)
		err[0] = 0;
	*out = NULL;
	if (!a) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	a->speed = 1.0;
	a->paused = 1;
	a->n_frames = -1;
	a->perf_freq = (double)SDL_GetPerformanceFrequency();
	a->open_ticks = SDL_GetPerformanceCounter();
	/* Ask the device for the file's own rate, so that nothing is resampled when the
	 * device takes it (SDL converts cheaply when it does not). */
	int want_rate = 48000, rc;
	if ((rc = med_decoder_open(path, 0, 1, &a->dec)) != MED_OK) {
		snprintf(err, err_size, "%s: %s", path, med_strerror(rc));
		goto out_fail;
	}
	med_decoder_info(a->dec, &want_rate, NULL, NULL);
	SDL_AudioSpec want, have;
	if (!(flags & PL_AUDIO_SILENT)) {
		if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
			snprintf(err, err_size, "no audio output (%s); the clock runs silently",
			         SDL_GetError());
		} else {
			SDL_zero(want);
			want.freq = want_rate;
			want.format = AUDIO_F32SYS;
			want.channels = 1;
			want.samples = want_rate > 24000 ? 1024 : 512;
			want.callback = audio_callback;
			want.userdata = a;
			a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have,
			                             SDL_AUDIO_ALLOW_FREQUENCY_CHANGE);
			if (!a->dev)
				snprintf(err, err_size,
				         "no audio device (%s); the clock runs silently",
				         SDL_GetError());
		}
	}
	a->has_device = a->dev != 0;
	a->rate = a->has_device ? have.freq : want_rate;
	a->latency_frames = a->has_device ? have.samples : 0;
	if (a->rate != want_rate && (rc = med_decoder_set_rate(a->dec, a->rate)) != MED_OK) {
		snprintf(err, err_size, "%s: %s", path, med_strerror(rc));
		goto out_fail;
	}
	med_decoder_info(a->dec, NULL, NULL, &a->n_frames);
	if (!a->has_device) {
		*out = a;
		return 0;
	}
	a->ring_frames = (uint64_t)a->rate * RING_SECONDS;
	a->ring = calloc(a->ring_frames, sizeof(float));
	a->lock = SDL_CreateMutex();
	a->wake = SDL_CreateCond();
	if (!a->ring || !a->lock || !a->wake) {
		snprintf(err, err_size, "out of memory");
		goto out_fail;
	}
	a->markers[0] = (struct marker){0, 0, 1.0};
	a->n_markers = 1;
	a->thread = SDL_CreateThread(decoder_thread, "tsync-decode", a);
	if (!a->thread) {
		snprintf(err, err_size, "cannot start the decoder thread: %s", SDL_GetError());
		goto out_fail;
	}
	*out = a;
	return 0;
out_fail:
	pl_audio_free(a);
	return -1;
}

void pl_audio_free(struct pl_audio *a)
{
	if (!a)
		return;
	if (a->dev)
		SDL_PauseAudioDevice(a->dev, 1);
	if (a->thread) {
		SDL_LockMutex(a->lock);
		a->quit = 1;
		SDL_CondSignal(a->wake);
		SDL_UnlockMutex(a->lock);
		SDL_WaitThread(a->thread, NULL);
	}
	if (a->dev)
		SDL_CloseAudioDevice(a->dev);
	if (a->wake)
		SDL_DestroyCond(a->wake);
	if (a->lock)
		SDL_DestroyMutex(a->lock);
	med_decoder_free(a->dec);
	free(a->ring);
	free(a);
}

int64_t pl_audio_duration_ms(const struct pl_audio *a)
{
	return a->n_frames < 0 ? -1 : a->n_frames * 1000 / a->rate;
}

static int64_t clamp_media(const struct pl_audio *a, int64_t t_ms)
{
	int64_t d = pl_audio_duration_ms(a);
	if (d >= 0 && t_ms > d)
		t_ms = d;
	return t_ms < 0 ? 0 : t_ms;
}

static double seconds_since(const struct pl_audio *a, uint64_t ticks)
{
	uint64_t now = SDL_GetPerformanceCounter();
	return now > ticks ? (double)(now - ticks) / a->perf_freq : 0.0;
}

int64_t pl_audio_clock_ms(struct pl_audio *a)
{
	if (a->paused)
		return a->paused_ms;
	if (!a->has_device)
		return clamp_media(a, a->base_ms + (int64_t)(seconds_since(a, a->base_ticks) *
		                                             a->speed * 1000.0));
	SDL_LockMutex(a->lock);
	int64_t ms;
	if (a->req_gen != a->done_gen) {
		ms = a->req_ms;
	} else {
		uint64_t handed = atomic_load_explicit(&a->rpos, memory_order_acquire);
		uint64_t ticks = atomic_load_explicit(&a->cb_ticks, memory_order_acquire);
		double audible =
		        (double)handed - a->latency_frames + seconds_since(a, ticks) * a->rate;
		if (audible > (double)handed)
			audible = (double)handed;
		int m = 0;
		for (int i = 0; i < a->n_markers; i++)
			if ((double)a->markers[i].out <= audible)
				m = i;
		const struct marker *mk = &a->markers[m];
		if (audible < (double)mk->out)
			audible = (double)mk->out;
		double src = (double)mk->src + (audible - (double)mk->out) * mk->speed;
		ms = (int64_t)(src * 1000.0 / a->rate);
	}
	SDL_UnlockMutex(a->lock);
	return clamp_media(a, ms);
}

static void request(struct pl_audio *a, int64_t t_ms)
{
	t_ms = clamp_media(a, t_ms);
	if (!a->has_device) {
		a->base_ms = t_ms;
		a->base_ticks = SDL_GetPerformanceCounter();
		return;
	}
	SDL_LockMutex(a->lock);
	a->req_ms = t_ms;
	a->req_gen++;
	SDL_CondSignal(a->wake);
	SDL_UnlockMutex(a->lock);
}

void pl_audio_seek(struct pl_audio *a, int64_t t_ms)
{
	t_ms = clamp_media(a, t_ms);
	if (a->paused)
		a->paused_ms = t_ms;
	request(a, t_ms);
}

void pl_audio_set_paused(struct pl_audio *a, int paused)
{
	if (paused == a->paused)
		return;
	if (paused) {
		a->paused_ms = pl_audio_clock_ms(a);
		a->paused = 1;
		if (a->dev)
			SDL_PauseAudioDevice(a->dev, 1);
	} else {
		/* Resume exactly where the paused clock showed. */
		a->paused = 0;
		request(a, a->paused_ms);
		if (a->dev)
			SDL_PauseAudioDevice(a->dev, 0);
	}
}

int pl_audio_paused(const struct pl_audio *a)
{
	return a->paused;
}

void pl_audio_set_speed(struct pl_audio *a, double speed)
{
	if (speed < 0.5)
		speed = 0.5;
	if (speed > 2.0)
		speed = 2.0;
	int64_t now = pl_audio_clock_ms(a);
	if (a->lock)
		SDL_LockMutex(a->lock);
	a->speed = speed;
	if (a->lock)
		SDL_UnlockMutex(a->lock);
	if (a->paused)
		a->paused_ms = now;
	request(a, now);
}

double pl_audio_speed(const struct pl_audio *a)
{
	return a->speed;
}

int pl_audio_at_end(struct pl_audio *a)
{
	int64_t d = pl_audio_duration_ms(a);
	if (d < 0) {
		int eof = 0;
		if (a->lock) {
			SDL_LockMutex(a->lock);
			eof = a->eof && atomic_load(&a->rpos) == atomic_load(&a->wpos);
			SDL_UnlockMutex(a->lock);
		}
		return eof;
	}
	return pl_audio_clock_ms(a) >= d;
}

int pl_audio_has_device(const struct pl_audio *a)
{
	return a->has_device;
}

double pl_audio_first_audio_ms(const struct pl_audio *a)
{
	uint64_t t = atomic_load(&a->first_audio_ticks);
	if (!t)
		return -1;
	return (double)(t - a->open_ticks) * 1000.0 / a->perf_freq;
}

double pl_audio_latency_ms(const struct pl_audio *a)
{
	return a->rate ? a->latency_frames * 1000.0 / a->rate : 0;
}
