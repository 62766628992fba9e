/*
 * pl_audio.h: audio output for the player, and the playback clock.
 *
 * A decoder thread streams the file with med_decoder (so an hour of MP3 starts at once),
 * changes its speed without changing its pitch with libsonic, and fills a ring buffer.
 * The SDL audio callback only copies from the ring and advances an atomic frame counter.
 * The clock is the media position of the frame the listener hears now: frames handed to
 * the device, minus the device buffer's latency, mapped back to media time through the
 * markers the decoder thread leaves at each seek or speed change; between callbacks it is
 * interpolated with the performance counter (never past the frames handed over).
 *
 * Without an audio device (or with PL_AUDIO_SILENT) the clock runs from the wall clock
 * and nothing is heard.
 *
 * All functions are called from the main thread.
 */
#ifndef PL_AUDIO_H
#define PL_AUDIO_H

#include <stddef.h>
#include <stdint.h>

struct pl_audio; /* opaque */

enum pl_audio_flags {
	PL_AUDIO_SILENT = 1, /* do not open a device: the clock runs from the wall clock */
};

/*
 * Opens path for playback, paused at position 0. *out is a new player, free with
 * pl_audio_free(). err receives a message on failure. Returns 0 or -1 (the file cannot be
 * decoded). When no audio device opens, falls back to the silent clock and says so in err
 * while returning 0 (err[0] is 0 when all is well).
 */
int pl_audio_open(const char *path, int flags, struct pl_audio **out, char *err, size_t err_size);
void pl_audio_free(struct pl_audio *a);

/* Media duration in ms (-1 when unknown). */
int64_t pl_audio_duration_ms(const struct pl_audio *a);
/* The playback clock in media ms. */
int64_t pl_audio_clock_ms(struct pl_audio *a);
void pl_audio_set_paused(struct pl_audio *a, int paused);
int pl_audio_paused(const struct pl_audio *a);
/* Moves to t_ms (clamped to the media). The clock reads t_ms at once. */
void pl_audio_seek(struct pl_audio *a, int64_t t_ms);
/* Speed 0.5..2 (clamped), pitch kept. */
void pl_audio_set_speed(struct pl_audio *a, double speed);
double pl_audio_speed(const struct pl_audio *a);
/* Nonzero when playback ran past the end of the media. */
int pl_audio_at_end(struct pl_audio *a);
/* Nonzero when a real device plays (not the silent clock). */
int pl_audio_has_device(const struct pl_audio *a);
/* Milliseconds from opening until the first non-silent callback (-1 until then). */
double pl_audio_first_audio_ms(const struct pl_audio *a);
/* The device's buffer latency in ms. */
double pl_audio_latency_ms(const struct pl_audio *a);

#endif
