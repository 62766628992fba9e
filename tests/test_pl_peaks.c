/* test_pl_peaks.c: the player's background analysis: the speech edges its edit keys snap to. */
#include <SDL.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pl_peaks.h"
#include "rumble_util.h"
#include "tap.h"

/* Six seconds at 16 kHz to path: the rumble scene of rumble_util.h. Returns 0 on
 * success. */
static int write_rumble(const char *path)
{
	const int rate = 16000, n = rate * 6;
	SF_INFO info = {
	        .samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
	float *x = malloc((size_t)n * sizeof(float));
	SNDFILE *f;
	uint32_t seed = 99u;
	if (!x)
		return -1;
	for (int i = 0; i < n; i++) {
		double t = (double)i / rate, v = rumble_at(t);
		seed = seed * 1664525u + 1013904223u;
		v += 0.001 * ((double)(seed >> 8) / 8388608.0 - 1.0);
		if (voice_on(t))
			v += voice_at(t);
		x[i] = (float)v;
	}
	f = sf_open(path, SFM_WRITE, &info);
	if (!f) {
		free(x);
		return -1;
	}
	sf_write_float(f, x, n);
	sf_close(f);
	free(x);
	return 0;
}

/* The edge pl_peaks_snap() gives near t_ms (within 600 ms), or -1. */
static long long snap(const struct pl_peaks *pk, int64_t t_ms, int onset)
{
	int64_t at = -1;
	return pl_peaks_snap(pk, t_ms, onset, 600, &at) == 0 ? (long long)at : -1;
}

/* B and N snap a cue's start (end) to the nearest speech onset (offset): under a rumble
 * louder than the voice, the edges of the voice, not of the rumble's swells, both from the
 * whole file's voice activity and from the few seconds decoded while that is not ready. */
static void test_snap_under_rumble(const char *path)
{
	for (int whole = 1; whole >= 0; whole--) {
		struct pl_peaks *pk = pl_peaks_start(path, whole);
		long long on1, off1, on2, off2;
		CHECK(pk != NULL);
		if (!pk)
			return;
		pl_peaks_wait(pk);
		while (whole && !pl_peaks_speech(pk, &(size_t){0}) && !pl_peaks_speech_failed(pk))
			SDL_Delay(5);
		on1 = snap(pk, 1300, 1);
		off1 = snap(pk, 1700, 0);
		on2 = snap(pk, 3400, 1);
		off2 = snap(pk, 4200, 0);
		printf("# %s: onsets %lld %lld, offsets %lld %lld\n",
		       whole ? "whole file" : "around the playhead", on1, on2, off1, off2);
		CHECK(on1 >= 960 && on1 <= 1040);
		CHECK(off1 >= 1960 && off1 <= 2060);
		CHECK(on2 >= 2960 && on2 <= 3040);
		CHECK(off2 >= 4460 && off2 <= 4560);
		pl_peaks_free(pk);
	}
}

int main(void)
{
	char path[] = "/tmp/tsync_peaks_XXXXXX.wav";
	int fd = mkstemps(path, 4);
	CHECK(fd >= 0);
	if (fd < 0)
		return tap_done();
	close(fd);
	CHECK(write_rumble(path) == 0);
	test_snap_under_rumble(path);
	unlink(path);
	return tap_done();
}
