/* test_med_decode.c: decoding, mixing, resampling, seeking and the error cases. */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med_decode.h"
#include "med_features.h"
#include "tap.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Writes a stereo file: left a 440 Hz sine at 0.5, right silence. */
static int write_sine(const char *path, int format, int rate, double seconds)
{
	SF_INFO info;
	SNDFILE *sf;
	size_t n = (size_t)(rate * seconds);
	float *buf = malloc(n * 2 * sizeof(float));

	memset(&info, 0, sizeof(info));
	info.samplerate = rate;
	info.channels = 2;
	info.format = format;
	sf = sf_open(path, SFM_WRITE, &info);
	if (!sf) {
		free(buf);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = (float)(0.5 * sin(2 * M_PI * 440.0 * (double)i / rate));
		buf[2 * i + 1] = 0;
	}
	sf_writef_float(sf, buf, (sf_count_t)n);
	sf_close(sf);
	free(buf);
	return 0;
}

/* Reads the whole decoder output. */
static float *read_all(struct med_decoder *d, size_t *n)
{
	size_t cap = 1 << 16, len = 0;
	int ch = 0;
	med_decoder_info(d, NULL, &ch, NULL);
	float *all = malloc(cap * (size_t)ch * sizeof(float));
	for (;;) {
		if (len + 1000 > cap) {
			cap *= 2;
			all = realloc(all, cap * (size_t)ch * sizeof(float));
		}
		long r = med_decoder_read(d, all + len * (size_t)ch, 1000);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	*n = len;
	return all;
}

/* Estimated frequency from zero crossings, and RMS, of the middle of a mono signal. */
static void measure(const float *x, size_t n, int rate, double *freq, double *rms)
{
	size_t a = n / 4, b = 3 * n / 4, zc = 0;
	double e = 0;
	for (size_t i = a + 1; i < b; i++) {
		if ((x[i - 1] < 0) != (x[i] < 0))
			zc++;
		e += (double)x[i] * x[i];
	}
	*freq = (double)zc / 2.0 / ((double)(b - a) / rate);
	*rms = sqrt(e / (double)(b - a));
}

/* Stereo with the right channel the left one inverted (a miswired balanced lead): mixed to
 * mono it had cancelled ("the audio is silent"); now mixed as L - R. The same sine in both
 * channels, or inverted for the second second only, mixes to the sine all through. */
static void test_inverted_stereo(void)
{
	const char *path = "test_med_decode_inv.wav";
	for (int c = 0; c < 3; c++) {
		SF_INFO info;
		SNDFILE *sf;
		struct med_decoder *d = NULL;
		size_t n = 32000, got;
		float *buf = malloc(n * 2 * sizeof(float)), *all;
		double f0, r0, f1, r1;

		memset(&info, 0, sizeof(info));
		info.samplerate = 16000;
		info.channels = 2;
		info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
		sf = sf_open(path, SFM_WRITE, &info);
		CHECK(sf != NULL);
		if (!sf) {
			free(buf);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			float v = (float)(0.3 * sin(2 * M_PI * 440.0 * (double)i / 16000));
			int inv = c == 0 || (c == 2 && i >= n / 2);
			buf[2 * i] = v;
			buf[2 * i + 1] = inv ? -v : v;
		}
		sf_writef_float(sf, buf, (sf_count_t)n);
		sf_close(sf);
		free(buf);
		CHECK(med_decoder_open(path, 0, 1, &d) == MED_OK);
		all = read_all(d, &got);
		CHECK(got == n);
		measure(all, n / 2, 16000, &f0, &r0);
		measure(all + n / 2, n / 2, 16000, &f1, &r1);
		printf("# stereo %s: mono rms %.3f, %.3f\n",
		       c == 0   ? "inverted"
		       : c == 1 ? "in phase"
		                : "inverted from 1 s",
		       r0, r1);
		CHECK(fabs(r0 - 0.212) < 0.01 && fabs(r1 - 0.212) < 0.01);
		CHECK(fabs(f0 - 440) < 5 && fabs(f1 - 440) < 5);
		free(all);
		med_decoder_free(d);
	}
	remove(path);
}

int main(void)
{
	struct med_decoder *d = NULL;
	const char *wav = "test_med_decode.wav", *flac = "test_med_decode.flac",
	           *ogg = "test_med_decode.ogg", *junk = "test_med_decode.junk",
	           *empty = "test_med_decode_empty.wav";
	int rate, ch;
	int64_t nf;
	size_t n;
	float *all;
	double freq, rms;

	CHECK(write_sine(wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2.0) == 0);
	CHECK(write_sine(flac, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2.0) == 0);
	CHECK(write_sine(ogg, SF_FORMAT_OGG | SF_FORMAT_VORBIS, 22050, 2.0) == 0);

	/* Native rate, channels kept. */
	CHECK(med_decoder_open(wav, 0, 0, &d) == MED_OK);
	med_decoder_info(d, &rate, &ch, &nf);
	CHECK(rate == 44100 && ch == 2 && nf == 88200);
	all = read_all(d, &n);
	CHECK(n == 88200);
	CHECK(fabs(all[2 * 1000] - 0.5 * sin(2 * M_PI * 440.0 * 1000 / 44100)) < 1e-3);
	CHECK(all[2 * 1000 + 1] == 0);
	free(all);
	/* Seeking. */
	CHECK(med_decoder_seek(d, 44100) == MED_OK);
	{
		float two[4];
		CHECK(med_decoder_read(d, two, 2) == 2);
		CHECK(fabs(two[0] - 0.5 * sin(2 * M_PI * 440.0)) < 1e-3);
	}
	CHECK(med_decoder_seek(d, -1) == MED_ERR_ARG);
	med_decoder_free(d);

	/* Mono at 16 kHz from each format: the tone keeps its pitch, the mix halves it. */
	const char *files[3] = {wav, flac, ogg};
	for (int f = 0; f < 3; f++) {
		CHECK(med_decoder_open(files[f], 16000, 1, &d) == MED_OK);
		if (!d)
			continue;
		med_decoder_info(d, &rate, &ch, &nf);
		CHECK(rate == 16000 && ch == 1);
		all = read_all(d, &n);
		CHECK(labs((long)n - 32000) < 200);
		measure(all, n, 16000, &freq, &rms);
		CHECK(fabs(freq - 440) < 5);
		CHECK(fabs(rms - 0.25 / sqrt(2.0)) < 0.01);
		free(all);
		/* Seeking through the resampler. */
		CHECK(med_decoder_seek(d, 8000) == MED_OK);
		all = read_all(d, &n);
		CHECK(labs((long)n - 24000) < 200);
		free(all);
		med_decoder_free(d);
		d = NULL;
	}

	/* The rate chosen after opening (as the aligner does once it knows the file's):
	 * resampled as if opened at it; back to the file's own; refused once reading began. */
	CHECK(med_decoder_open(flac, 0, 1, &d) == MED_OK);
	med_decoder_source_info(d, &rate, NULL);
	CHECK(rate == 48000);
	CHECK(med_decoder_set_rate(d, 16000) == MED_OK);
	med_decoder_info(d, &rate, &ch, &nf);
	CHECK(rate == 16000 && ch == 1 && nf == 32000);
	CHECK(med_decoder_set_rate(d, 0) == MED_OK);
	med_decoder_info(d, &rate, NULL, &nf);
	CHECK(rate == 48000 && nf == 96000);
	CHECK(med_decoder_set_rate(d, 16000) == MED_OK);
	all = read_all(d, &n);
	CHECK(labs((long)n - 32000) < 200);
	measure(all, n, 16000, &freq, &rms);
	CHECK(fabs(freq - 440) < 5);
	free(all);
	CHECK(med_decoder_set_rate(d, 22050) == MED_ERR_ARG);
	CHECK(med_decoder_set_rate(NULL, 16000) == MED_ERR_ARG);
	med_decoder_free(d);
	d = NULL;

	/* Errors. */
	CHECK(med_decoder_open("/nonexistent/dir/x.wav", 0, 1, &d) == MED_ERR_IO && !d);
	{
		FILE *fp = fopen(junk, "wb");
		fputs("this is not audio at all, just some text in a file\n", fp);
		fclose(fp);
	}
	CHECK(med_decoder_open(junk, 0, 1, &d) == MED_ERR_FORMAT && !d);
	/* a file of no bytes is empty audio, a folder is no file to read */
	{
		FILE *fp = fopen(junk, "wb");
		fclose(fp);
	}
	CHECK(med_decoder_open(junk, 0, 1, &d) == MED_ERR_EMPTY && !d);
	CHECK(med_decoder_open(".", 0, 1, &d) == MED_ERR_IO && !d);
	{
		FILE *fp = fopen(junk, "wb");
		fputs("this is not audio at all, just some text in a file\n", fp);
		fclose(fp);
	}
	CHECK(write_sine(empty, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 0.0) == 0);
	CHECK(med_decoder_open(empty, 0, 1, &d) == MED_ERR_EMPTY && !d);
	CHECK(med_decoder_open(wav, 16000, 2, &d) == MED_ERR_ARG);
	CHECK(med_decoder_open(NULL, 16000, 1, &d) == MED_ERR_ARG);
	CHECK(med_decoder_open(wav, 16000, 1, NULL) == MED_ERR_ARG);
	CHECK(med_decoder_read(NULL, NULL, 0) == MED_ERR_ARG);
	med_decoder_free(NULL);

	/* Every result code has a real message. */
	for (int c = MED_RESULT_FIRST; c <= 0; c++)
		CHECK(strcmp(med_strerror(c), "unknown error") != 0);
	CHECK(strcmp(med_strerror(1), "unknown error") == 0);

	/* Waveform peaks: 100 bins a second, the tone's min and max. */
	{
		float *mm = NULL;
		size_t nb = 0;
		CHECK(med_peaks_from_file(wav, 100, &mm, &nb, NULL, NULL) == MED_OK);
		CHECK(nb == 200);
		if (mm && nb > 50) {
			CHECK(fabs(mm[2 * 50] + 0.25) < 0.01 && fabs(mm[2 * 50 + 1] - 0.25) < 0.01);
		}
		free(mm);
		CHECK(med_peaks_from_file(wav, 0, &mm, &nb, NULL, NULL) == MED_ERR_ARG);
		CHECK(med_peaks_from_file(junk, 10, &mm, &nb, NULL, NULL) == MED_ERR_FORMAT);
	}
	/* AAC in M4A (what libsndfile does not read) through FFmpeg: 1 s of silence, 1 s of
	 * 440 Hz, 0.5 s of silence, made by the ffmpeg command when it is there. The tone
	 * starts at 1 s (the encoder's priming samples are not passed on as sound), the length
	 * is 2.5 s, and a seek lands where it says. */
	if (system("ffmpeg -v error -y -f lavfi -i 'sine=frequency=440:sample_rate=44100:duration=1' "
	           "-af 'adelay=1000|1000,apad=pad_dur=0.5,volume=4' -ac 2 -c:a aac -b:a 96k "
	           "test_med_decode.m4a 2>/dev/null") == 0) {
		const char *m4a = "test_med_decode.m4a";
		size_t on = 0;
		CHECK(med_decoder_open(m4a, 16000, 1, &d) == MED_OK);
		med_decoder_source_info(d, &rate, &ch);
		CHECK(rate == 44100 && ch == 2);
		all = read_all(d, &n);
		printf("# m4a: %zu frames at 16 kHz\n", n);
		CHECK(labs((long)n - 40000) < 800);
		while (on < n && fabsf(all[on]) < 0.05f)
			on++;
		printf("# m4a: tone onset at %.4f s\n", on / 16000.0);
		CHECK(labs((long)on - 16000) < 320); /* within 20 ms */
		if (on + 8000 <= n) {
			measure(all + on + 1000, 6000, 16000, &freq, &rms);
			CHECK(fabs(freq - 440) < 5);
		}
		free(all);
		CHECK(med_decoder_seek(d, 24000) == MED_OK); /* 1.5 s: inside the tone */
		{
			float blk[1600];
			long got = med_decoder_read(d, blk, 1600);
			double e = 0;
			CHECK(got == 1600);
			for (long i = 0; i < got; i++)
				e += blk[i] * blk[i];
			CHECK(sqrt(e / 1600) > 0.1); /* tone, not silence */
			all = read_all(d, &n);
			CHECK(labs((long)(n + 1600) - 16000) < 800); /* 1 s left after 1.5 s */
			free(all);
		}
		med_decoder_free(d);
		d = NULL;
		remove(m4a);
	} else {
		printf("# skip: no ffmpeg to make an M4A\n");
	}

	remove(wav);
	remove(flac);
	remove(ogg);
	remove(junk);
	remove(empty);
	test_inverted_stereo();
	return tap_done();
}
