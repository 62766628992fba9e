/* test_med_features.c: MFCCs against a naive DFT, energy, voice activity, CMVN, errors. */
#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med_features.h"
#include "rumble_util.h"
#include "tap.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static uint32_t rng = 777u;
static double noise(void)
{
	rng = rng * 1664525u + 1013904223u;
	return (double)(rng >> 8) / 8388608.0 - 1.0;
}

static double mel(double hz)
{
	return 2595.0 * log10(1.0 + hz / 700.0);
}

static double imel(double m)
{
	return 700.0 * (pow(10.0, m / 2595.0) - 1.0);
}

/* The reference: frame i of x by the textbook definition, with a naive DFT. */
static void naive_mfcc(const float *x, size_t n, size_t i, const struct med_features_config *c,
                       double *out, double *edb)
{
	int hop = c->rate * c->hop_ms / 1000, win = c->rate * c->win_ms / 1000, nfft = win;
	int nm = c->n_mels;
	double *fr = calloc((size_t)win, sizeof(double)), e = 0, logmel[64];
	/* the DFT length: the smallest with no prime factor above 5 that holds the window */
	for (;; nfft++) {
		int r = nfft;
		while (r % 2 == 0)
			r /= 2;
		while (r % 3 == 0)
			r /= 3;
		while (r % 5 == 0)
			r /= 5;
		if (r == 1)
			break;
	}
	for (int k = 0; k < win; k++) {
		long s = (long)i * hop - win / 2 + k;
		fr[k] = (s >= 0 && (size_t)s < n) ? x[s] : 0.0;
	}
	for (int k = 0; k < win; k++)
		e += fr[k] * fr[k];
	*edb = 10 * log10(e / win + 1e-12);
	double *em = malloc((size_t)win * sizeof(double));
	for (int k = 0; k < win; k++) {
		double pre = fr[k] - 0.97 * (k ? fr[k - 1] : fr[k]);
		em[k] = pre * (0.54 - 0.46 * cos(2 * M_PI * k / (win - 1)));
	}
	double edges[66];
	for (int m = 0; m < nm + 2; m++)
		edges[m] = imel(mel(c->f_min_hz) +
		                (mel(c->f_max_hz) - mel(c->f_min_hz)) * m / (nm + 1));
	for (int m = 0; m < nm; m++)
		logmel[m] = 0;
	for (int b = 0; b <= nfft / 2; b++) {
		double re = 0, im = 0, hz = (double)b * c->rate / nfft;
		for (int k = 0; k < win; k++) {
			re += em[k] * cos(2 * M_PI * b * k / nfft);
			im -= em[k] * sin(2 * M_PI * b * k / nfft);
		}
		for (int m = 0; m < nm; m++) {
			double w = 0;
			if (hz > edges[m] && hz <= edges[m + 1])
				w = (hz - edges[m]) / (edges[m + 1] - edges[m]);
			else if (hz > edges[m + 1] && hz < edges[m + 2])
				w = (edges[m + 2] - hz) / (edges[m + 2] - edges[m + 1]);
			logmel[m] += w * (re * re + im * im);
		}
	}
	for (int m = 0; m < nm; m++)
		logmel[m] = log(logmel[m] + 1e-10);
	for (int k = 0; k < c->n_coeffs; k++) {
		out[k] = 0;
		for (int m = 0; m < nm; m++)
			out[k] += sqrt(2.0 / nm) * cos(M_PI * (k + 1) * (m + 0.5) / nm) * logmel[m];
	}
	free(fr);
	free(em);
}

/* Mean distance between the MFCCs of a and b over frames [from, a.n_frames) where want[] is
 * set. */
static double mfcc_gap(const struct med_features *a, const struct med_features *b, size_t from,
                       const unsigned char *want)
{
	double sum = 0;
	size_t n = 0;
	for (size_t i = from; i < a->n_frames && i < b->n_frames; i++) {
		double d = 0;
		if (!want[i])
			continue;
		for (int k = 0; k < a->n_coeffs; k++) {
			double t = a->mfcc[i * (size_t)a->n_coeffs + (size_t)k] -
			           b->mfcc[i * (size_t)b->n_coeffs + (size_t)k];
			d += t * t;
		}
		sum += sqrt(d);
		n++;
	}
	return n ? sum / (double)n : 0;
}

/* Denoising: "vowels" (harmonics of 120 Hz shaped by one of three formant pairs, 300 ms
 * each, a 200 ms pause every 1.5 s) in white noise 3 dB below them keep MFCCs much nearer
 * those of the clean vowels with the noise tracked and taken out; the clean signal, whose
 * pauses are digital silence, is left as it was. */
static void test_denoise(void)
{
	static const double f1[3] = {700, 300, 500}, f2[3] = {1200, 2300, 900};
	const int rate = 16000;
	size_t n = (size_t)rate * 12, nf;
	float *clean = malloc(n * sizeof(float)), *noisy = malloc(n * sizeof(float));
	unsigned char *want;
	struct med_features_config c;
	struct med_features fc, fn0, fn1, fc1;
	double p_sig = 0, p_noise = 0, g, d0, d1, dc;

	for (size_t i = 0; i < n; i++) {
		double t = (double)i / rate, v = 0;
		int seg = (int)(t / 0.3);
		if (fmod(t, 1.5) >= 0.2)
			for (int h = 1; h * 120.0 < 7000; h++) {
				double f = h * 120.0, a1 = (f - f1[seg % 3]) / 120,
				       a2 = (f - f2[seg % 3]) / 200;
				v += (exp(-a1 * a1) + 0.5 * exp(-a2 * a2) + 0.02) *
				     sin(2 * M_PI * f * t + h);
			}
		clean[i] = (float)(0.05 * v);
		p_sig += clean[i] * (double)clean[i];
	}
	for (size_t i = 0; i < n; i++) {
		noisy[i] = (float)noise();
		p_noise += noisy[i] * (double)noisy[i];
	}
	g = sqrt(p_sig / p_noise * pow(10, -0.3));
	for (size_t i = 0; i < n; i++)
		noisy[i] = clean[i] + (float)(g * noisy[i]);
	med_features_config_init(&c);
	c.cmvn = 0;
	CHECK(med_features_from_pcm(clean, n, rate, &c, &fc) == MED_OK);
	CHECK(med_features_from_pcm(noisy, n, rate, &c, &fn0) == MED_OK);
	c.denoise = 1;
	CHECK(med_features_from_pcm(noisy, n, rate, &c, &fn1) == MED_OK);
	CHECK(med_features_from_pcm(clean, n, rate, &c, &fc1) == MED_OK);
	nf = fc.n_frames;
	want = calloc(nf, 1);
	for (size_t i = 0; i < nf; i++) /* the vowels, away from the pauses' edges */
		want[i] = fmod((double)i * 0.01, 1.5) >= 0.25 && fmod((double)i * 0.01, 1.5) < 1.45;
	/* from 2 s on, once the tracker has seen a pause */
	d0 = mfcc_gap(&fn0, &fc, 200, want);
	d1 = mfcc_gap(&fn1, &fc, 200, want);
	dc = mfcc_gap(&fc1, &fc, 200, want);
	printf("# denoise: noisy-clean MFCC distance %.2f without, %.2f with; clean %.3f\n", d0,
	       d1, dc);
	CHECK(d1 < 0.7 * d0);
	CHECK(dc < 0.05 * d0);
	/* The voice copy: the MFCCs as they were before denoising, normalised (and their
	 * sliding mean kept) exactly as without denoising. */
	{
		struct med_features plain, dn;
		double worst = 0, worst_mean = 0;
		med_features_config_init(&c);
		c.voice_copy = 1;
		CHECK(med_features_from_pcm(noisy, n, rate, &c, &plain) == MED_OK);
		c.denoise = 1;
		CHECK(med_features_from_pcm(noisy, n, rate, &c, &dn) == MED_OK);
		CHECK(plain.mfcc_voice == NULL && dn.mfcc_voice != NULL && dn.local_mean != NULL);
		CHECK(dn.n_frames == plain.n_frames);
		for (size_t i = 0; dn.mfcc_voice && i < dn.n_frames * (size_t)dn.n_coeffs; i++)
			worst = fmax(worst, fabs(dn.mfcc_voice[i] - plain.mfcc[i]));
		for (size_t i = 0; dn.local_mean && i < dn.n_frames / MED_FEATURES_MEAN_STEP *
		                                                (size_t)dn.n_coeffs;
		     i++)
			worst_mean = fmax(worst_mean, fabs(dn.local_mean[i] - plain.local_mean[i]));
		CHECK(worst < 1e-4 && worst_mean < 1e-4);
		/* ... while the denoised MFCCs differ */
		CHECK(mfcc_gap(&dn, &plain, 200, want) > 0.1);
		med_features_release(&plain);
		med_features_release(&dn);
	}
	med_features_release(&fc);
	med_features_release(&fn0);
	med_features_release(&fn1);
	med_features_release(&fc1);
	free(want);
	free(clean);
	free(noisy);
}

/*
 * A recording at 48 kHz is read at that rate (no resampling): its cepstra match those of
 * the same sound at 16 kHz, and its energy is measured below 11.025 kHz, so the hiss and
 * whistles above that (as a 48 kHz recorder has) do not raise the noise floor and cut the voice
 * activity.
 */
static void test_native_rate(void)
{
	const int r48 = 48000, r16 = 16000;
	size_t n48 = (size_t)r48 * 5, n16 = (size_t)r16 * 5;
	float *a = malloc(n48 * sizeof(float)), *b = malloc(n16 * sizeof(float));
	struct med_features_config c;
	struct med_features f48, f16;
	double d = 0, spread = 0;
	size_t agree = 0, used = 0;

	for (int pass = 0; pass < 2; pass++) {
		int rate = pass ? r16 : r48;
		size_t n = pass ? n16 : n48;
		float *x = pass ? b : a;
		for (size_t i = 0; i < n; i++) {
			/* room noise, white, as dense per hertz at both rates (so 48 kHz also
			 * has twice as much above 8 kHz as below; 8-11 kHz raises its floor
			 * 1.4 dB) */
			double t = (double)i / rate,
			       v = (pass ? 0.001 : 0.001 * sqrt(3.0)) * noise();
			/* speech: three vowel-like tones (all below 4 kHz), with pauses */
			int sp = (t >= 0.5 && t < 1.6) || (t >= 2.2 && t < 3.1) ||
			         (t >= 3.6 && t < 4.4);
			if (sp) {
				double f2 = t < 1.6 ? 900 : t < 3.1 ? 1500 : 1200;
				v += 0.06 * sin(2 * M_PI * 130 * t) +
				     0.04 * sin(2 * M_PI * 520 * t) +
				     0.02 * sin(2 * M_PI * f2 * t) +
				     0.01 * sin(2 * M_PI * 2.6 * f2 * t);
			}
			/* and a whistle at 19 kHz, 10 dB over that floor */
			if (!pass)
				v += 0.004 * sin(2 * M_PI * 19000 * t);
			x[i] = (float)v;
		}
	}
	med_features_config_init(&c);
	CHECK(med_features_from_pcm(a, n48, r48, &c, &f48) == MED_OK);
	CHECK(med_features_from_pcm(b, n16, r16, &c, &f16) == MED_OK);
	CHECK(f48.n_frames == f16.n_frames);
	CHECK(fabsf(f48.noise_floor_db - f16.noise_floor_db) < 2.0f);
	for (size_t i = 0; i < f16.n_frames && i < f48.n_frames; i++) {
		agree += f48.speech[i] == f16.speech[i];
		if (!f16.speech[i] || !f48.speech[i])
			continue;
		used++;
		for (int k = 0; k < 12; k++) {
			double u = f48.mfcc[i * 12 + (size_t)k], v = f16.mfcc[i * 12 + (size_t)k];
			d += fabs(u - v);
			spread += fabs(v);
		}
	}
	fprintf(stderr,
	        "# 48 kHz: floor %.1f dB (16 kHz: %.1f), speech frames agree %zu of %zu, "
	        "cepstra differ by %.3f of their size\n",
	        f48.noise_floor_db, f16.noise_floor_db, agree, f16.n_frames,
	        spread > 0 ? d / spread : -1.0);
	CHECK(agree + 4 >= f16.n_frames);
	/* (two renderings at 16 kHz with other noise differ by 0.41 of their size) */
	CHECK(used > 200 && d < 0.3 * spread);
	med_features_release(&f48);
	med_features_release(&f16);
	free(a);
	free(b);
}

/* The share of frames [a, b) whose voicing is at least lim. */
static double voiced_share(const struct med_features *f, size_t a, size_t b, float lim)
{
	size_t n = 0;
	for (size_t i = a; i < b; i++)
		n += f->voicing[i] >= lim;
	return (double)n / (double)(b - a);
}

/* A vowel-like sound: pulses at f0 through resonators at 700 and 1200 Hz, in a little
 * noise; one sample at a time. */
struct vowel {
	double ph, y1[2], y2[2];
};

static double vowel_next(struct vowel *v, double f0, int rate)
{
	double pulse = 0, out = 0;
	v->ph += f0 / rate;
	if (v->ph >= 1) {
		v->ph -= 1;
		pulse = 1;
	}
	for (int r = 0; r < 2; r++) {
		double fr = r ? 1200 : 700, bw = 100, R = exp(-M_PI * bw / rate);
		double a1 = 2 * R * cos(2 * M_PI * fr / rate), a2 = -R * R;
		double in = r ? out : pulse;
		double y = in + a1 * v->y1[r] + a2 * v->y2[r];
		v->y2[r] = v->y1[r];
		v->y1[r] = y;
		out = y;
	}
	return 0.02 * out + 0.002 * noise();
}

/*
 * Voicing: a vowel-like sound (pulses at 110 Hz, then at 210 Hz, through two formant
 * resonators, in a little noise) reads voiced in most frames, at 16 and 44.1 kHz; white,
 * brown (integrated) and breath-like (low-passed, enveloped) noise in hardly any. Off by
 * default.
 */
static void test_voicing(void)
{
	const int rates[2] = {16000, 44100};
	for (int ri = 0; ri < 2; ri++) {
		int rate = rates[ri];
		size_t sec = (size_t)rate, n = 5 * sec;
		float *x = malloc(n * sizeof(float));
		struct med_features_config c;
		struct med_features f;
		struct vowel vw = {0};
		double br = 0, lp = 0;
		for (size_t i = 0; i < n; i++) {
			double t = (double)i / rate, v = 0;
			int part = (int)(i / sec);
			if (part == 0) {
				v = vowel_next(&vw, t < 0.5 ? 110 : 210, rate);
			} else if (part == 1) {
				v = 0.05 * noise();
			} else if (part == 2) {
				br = 0.995 * br + 0.05 * noise();
				v = br;
			} else if (part == 3) {
				/* breaths: 300 ms of low-passed noise under a sine envelope, 200 ms
				 * apart */
				double ph2 = fmod(t, 0.5);
				lp = 0.9 * lp + 0.1 * noise();
				v = ph2 < 0.3 ? 0.3 * lp * sin(M_PI * ph2 / 0.3) : 0.0005 * noise();
			} else {
				v = 0.0005 * noise();
			}
			x[i] = (float)v;
		}
		med_features_config_init(&c);
		CHECK(med_features_from_pcm(x, n, rate, &c, &f) == MED_OK);
		CHECK(f.voicing == NULL);
		med_features_release(&f);
		c.voicing = 1;
		CHECK(med_features_from_pcm(x, n, rate, &c, &f) == MED_OK);
		CHECK(f.voicing != NULL && f.n_frames >= 490);
		if (f.voicing && f.n_frames >= 490) {
			double v0 = voiced_share(&f, 5, 45, 0.6f),
			       v1 = voiced_share(&f, 55, 95, 0.6f);
			double w = voiced_share(&f, 105, 195, 0.5f),
			       b = voiced_share(&f, 205, 295, 0.5f);
			double r = 0;
			for (int k = 0; k < 2; k++)
				r += voiced_share(&f, 305 + 50 * (size_t)k, 330 + 50 * (size_t)k,
				                  0.5f) /
				     2;
			printf("# voicing at %d Hz: voiced %.2f (110 Hz) %.2f (210 Hz); over 0.5: "
			       "white "
			       "%.2f, brown %.2f, breaths %.2f\n",
			       rate, v0, v1, w, b, r);
			CHECK(v0 >= 0.9 && v1 >= 0.9);
			CHECK(w <= 0.05 && b <= 0.05 && r <= 0.1);
		}
		med_features_release(&f);
		free(x);
	}
}

/*
 * Pitch: the vowel at 95, 180, 290 and 420 Hz (a man's voice to a child's; above the 400 Hz
 * the voicing looks at) for a second each, then white noise: the median pitch of each
 * second within 3 %, whatever multiple of the period also peaks; noise has too few voiced
 * frames to tell one. Not measured without the voicing; the same medians when measured on
 * every fourth frame only (voicing_stride).
 */
static void test_pitch(void)
{
	const int rate = 16000;
	const double f0[4] = {95, 180, 290, 420};
	size_t n = 5 * (size_t)rate;
	float *x = malloc(n * sizeof(float));
	struct med_features_config c;
	struct med_features f;
	struct vowel vw = {0};
	int64_t a, b;

	for (size_t i = 0; i < n; i++) {
		size_t part = i / (size_t)rate;
		x[i] = (float)(part < 4 ? vowel_next(&vw, f0[part], rate) : 0.05 * noise());
	}
	med_features_config_init(&c);
	CHECK(med_features_from_pcm(x, n, rate, &c, &f) == MED_OK);
	CHECK(f.pitch_hz == NULL);
	a = 0;
	b = (int64_t)f.n_frames;
	CHECK(med_features_median_pitch(&f, &a, &b, 1, 1) == 0);
	med_features_release(&f);
	c.voicing = 1;
	/* On every frame, then on every fourth only (the others reading 0): the same medians. */
	for (int stride = 1; stride <= 4; stride *= 4) {
		c.voicing_stride = stride;
		CHECK(med_features_from_pcm(x, n, rate, &c, &f) == MED_OK);
		CHECK(f.pitch_hz != NULL && f.voicing != NULL && f.n_frames >= 490);
		for (int k = 0; k < 5 && f.pitch_hz && f.voicing && f.n_frames >= 490; k++) {
			size_t on = 0;
			float hz;
			a = 100 * k + 10;
			b = 100 * k + 90;
			for (int64_t i = a; i < b; i++)
				on += f.voicing[i] > 0;
			hz = med_features_median_pitch(&f, &a, &b, 1, stride == 1 ? 30 : 10);
			printf("# pitch of second %d, every %d frame%s: %.1f Hz (%.0f) on %zu "
			       "frames\n",
			       k, stride, stride == 1 ? "" : "s", (double)hz, k < 4 ? f0[k] : 0.0,
			       on);
			CHECK(on == (size_t)(80 / stride));
			if (k < 4)
				CHECK(fabs(hz - f0[k]) < 0.03 * f0[k]);
			else
				CHECK(hz == 0);
		}
		med_features_release(&f);
	}
	free(x);
}

/*
 * The power below 1 kHz in the voice activity (vad_low_band): 36 s of white noise with two
 * speakers taking turns, vowel-like sounds (pulses through resonators at 700 and 1200 Hz),
 * the second quiet_db under the first. Returns the share of the second's frames marked
 * speech, *pause_share that of the pauses' (both away from the turns' edges); speech (n
 * frames) gets the marks.
 */
static double quiet_voice_found(double quiet_db, int low_band, double *pause_share,
                                unsigned char **speech, size_t *n_frames)
{
	const int rate = 16000;
	size_t n = (size_t)rate * 36, sp2 = 0, n2 = 0, sp0 = 0, n0 = 0;
	float *x = malloc(n * sizeof(float));
	struct med_features_config c;
	struct med_features f;
	struct vowel v1 = {0}, v2 = {0};
	double g2 = pow(10.0, -quiet_db / 20.0);

	rng = 4242u; /* the same noise in every call */
	/* slots of 3 s: pause, speaker 1, pause, speaker 2, ... */
	for (size_t i = 0; i < n; i++) {
		int slot = (int)(i / (size_t)(3 * rate)) % 4;
		double v = 0.02 * noise();
		if (slot == 1)
			v += 2.0 * vowel_next(&v1, 120, rate);
		else if (slot == 3)
			v += 2.0 * g2 * vowel_next(&v2, 180, rate);
		else if (i >= (size_t)rate * 25 && i < (size_t)rate * 25 + (size_t)rate * 4 / 10)
			v += 2.0 * 0.045 * vowel_next(&v2, 180, rate); /* a murmur 27 dB down */
		x[i] = (float)v;
	}
	med_features_config_init(&c);
	c.vad_low_band = low_band;
	CHECK(med_features_from_pcm(x, n, rate, &c, &f) == MED_OK);
	CHECK((f.low_db != NULL) == low_band);
	for (size_t i = 0; i < f.n_frames; i++) {
		size_t ms = i * 10 % 3000, slot = i * 10 / 3000 % 4;
		if (ms < 300 || ms >= 2700)
			continue;
		if (slot == 3) {
			sp2 += f.speech[i];
			n2++;
		} else if (slot == 0 || slot == 2) {
			sp0 += f.speech[i];
			n0++;
		}
	}
	*pause_share = (double)sp0 / (double)n0;
	*speech = f.speech;
	*n_frames = f.n_frames;
	f.speech = NULL;
	med_features_release(&f);
	free(x);
	return (double)sp2 / (double)n2;
}

/* A voice 27 dB under the other, lost in white noise over the whole band, is found below
 * 1 kHz, and the pauses stay pauses; one 12 dB under, which the whole band finds, leaves
 * the voice activity as it was: the low band finds only a murmur more (0.4 s at 27 dB
 * under, in a pause), too little to be used. */
static void test_low_band_vad(void)
{
	double p0, p1, with, without;
	unsigned char *s0, *s1;
	size_t n0, n1;

	without = quiet_voice_found(27, 0, &p0, &s0, &n0);
	with = quiet_voice_found(27, 1, &p1, &s1, &n1);
	printf("# a voice 27 dB under the other in white noise: %.2f of it found over the whole "
	       "band, %.2f with the band below 1 kHz (pauses %.2f, %.2f)\n",
	       without, with, p0, p1);
	CHECK(without < 0.1);
	CHECK(with > 0.9);
	CHECK(p0 < 0.05 && p1 < 0.05);
	free(s0);
	free(s1);
	without = quiet_voice_found(12, 0, &p0, &s0, &n0);
	with = quiet_voice_found(12, 1, &p1, &s1, &n1);
	CHECK(without > 0.9 && with > 0.9);
	CHECK(n0 == n1 && !memcmp(s0, s1, n0));
	free(s0);
	free(s1);
}

/* rng's next integer in [a, b]. */
static int rng_in(int a, int b)
{
	rng = rng * 1664525u + 1013904223u;
	return a + (int)((rng >> 8) % (uint32_t)(b - a + 1));
}

/* Marks phrases of syllables in on[from, to) (10 ms frames): phrases of plo-phi frames
 * with pauses of glo-ghi after each, syllables of slo-shi frames with sgap-sgap2 between
 * them; phrase[] (may be NULL) gets the phrases' spans. Returns where it stopped. */
static int phrases(unsigned char *on, unsigned char *phrase, int from, int to, int plo, int phi,
                   int glo, int ghi, int slo, int shi, int sgap, int sgap2)
{
	int t = from;
	while (t < to) {
		int end = t + rng_in(plo, phi);
		if (end > to)
			end = to;
		for (int k = t; k < end && phrase; k++)
			phrase[k] = 1;
		while (t < end) {
			int s = t + rng_in(slo, shi);
			for (; t < s && t < end; t++)
				on[t] = 1;
			t += rng_in(sgap, sgap2);
		}
		t = end + rng_in(glo, ghi);
	}
	return t;
}

/*
 * Another voice under the talk (vad_background): 60 s of a speaker's syllables (vowel-like
 * sounds of 120-280 ms, 40 ms apart) in phrases of 2-4 s, 0.6-1.4 s apart, in a little
 * noise. With turns 0 a second voice talks under it all along, under_db down (syllables of
 * 100-200 ms, 60-140 ms apart, in phrases of 1-3 s, 0.2-0.5 s apart); with turns 1 the
 * second voice is a quiet speaker of its own, talking in every other pause (made 3.5-5 s
 * long) and silent under the first. Features with vad_background as given in *f; returns
 * the share of the first speaker's pauses marked speech (away from their edges), and sets
 * *found to that of its phrases and *second to that of the second voice's phrases.
 */
static double background_talk(double under_db, int turns, int vad_background,
                              struct med_features *f, double *found, double *second)
{
	const int rate = 16000, frames = 6000;
	size_t n = (size_t)rate * 60, sp[3] = {0, 0, 0}, cnt[3] = {0, 0, 0};
	unsigned char *on1 = calloc(frames, 1), *ph1 = calloc(frames, 1), *on2 = calloc(frames, 1),
	              *ph2 = calloc(frames, 1);
	float *x = malloc(n * sizeof(float));
	struct med_features_config c;
	struct vowel v1 = {0}, v2 = {0};
	double g2 = pow(10.0, -under_db / 20.0);

	CHECK(on1 && ph1 && on2 && ph2 && x);
	rng = 9090u;
	if (!turns) {
		phrases(on1, ph1, 50, frames - 50, 200, 400, 60, 140, 12, 28, 4, 4);
		phrases(on2, NULL, 0, frames, 100, 300, 20, 50, 10, 20, 6, 14);
	} else {
		for (int t = 50, k = 0, end = frames - 50; t < end; k++) {
			int to = t + rng_in(200, 400);
			t = phrases(on1, ph1, t, to < end ? to : end, 400, 400, 0, 0, 12, 28, 4, 4);
			if (k % 2 && t + 80 < end) {
				t += 80;
				to = t + rng_in(300, 500);
				t = phrases(on2, ph2, t, to < end ? to : end, 400, 400, 0, 0, 10,
				            20, 6, 14);
				t += 80;
			} else {
				t += rng_in(60, 140);
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t fr = i / 160;
		double v = 0.0005 * noise();
		if (on1[fr])
			v += 2.0 * vowel_next(&v1, 130, rate);
		if (on2[fr])
			v += 2.0 * g2 * vowel_next(&v2, 210, rate);
		x[i] = (float)v;
	}
	med_features_config_init(&c);
	c.vad_background = vad_background;
	CHECK(med_features_from_pcm(x, n, rate, &c, f) == MED_OK);
	for (int i = 5; i + 5 < frames && (size_t)i < f->n_frames; i++) {
		/* 50 ms away from every edge of the first speaker's phrases */
		int k = ph1[i] ? 0 : ph2[i] ? 2 : 1, edge = 0;
		for (int d = -5; d <= 5; d++)
			edge |= ph1[i + d] != ph1[i] || ph2[i + d] != ph2[i];
		if (edge)
			continue;
		sp[k] += f->speech[i];
		cnt[k]++;
	}
	*found = cnt[0] ? (double)sp[0] / (double)cnt[0] : 0;
	*second = cnt[2] ? (double)sp[2] / (double)cnt[2] : 0;
	free(on1);
	free(ph1);
	free(on2);
	free(ph2);
	free(x);
	return cnt[1] ? (double)sp[1] / (double)cnt[1] : 0;
}

/* A voice 14 dB under the talk all along is found and its level kept out of the voice
 * activity: the pauses read as pauses, where they read as speech without; a quiet speaker
 * taking turns (14 dB down too) is no background, and keeps its speech. */
static void test_background_voice(void)
{
	struct med_features f0, f1, q0, q1;
	double p0, p1, s0, s1, o0, o1, qs0, qs1;

	p0 = background_talk(14, 0, 0, &f0, &s0, &o0);
	p1 = background_talk(14, 0, 1, &f1, &s1, &o1);
	printf("# a voice 14 dB under the talk: its level %.1f dB (speech %.1f), pauses marked "
	       "speech %.2f (%.2f without), phrases %.2f (%.2f)\n",
	       (double)f1.background_db, (double)f1.speech_level_db, p1, p0, s1, s0);
	fflush(stdout);
	CHECK(!isfinite(f0.background_db));
	CHECK(isfinite(f1.background_db));
	CHECK(f1.background_db < f1.speech_level_db - 8.0f);
	CHECK(f1.noise_floor_db == f1.background_db);
	CHECK(p0 > 0.5);
	CHECK(p1 < 0.1);
	CHECK(s0 > 0.95 && s1 > 0.9);
	p0 = background_talk(14, 1, 0, &q0, &s0, &qs0);
	p1 = background_talk(14, 1, 1, &q1, &s1, &qs1);
	printf("# a quiet speaker 14 dB down taking turns: background %s, its speech marked "
	       "%.2f, pauses %.2f\n",
	       isfinite(q1.background_db) ? "found" : "none", qs1, p1);
	CHECK(!isfinite(q1.background_db));
	CHECK(qs1 > 0.9 && s1 > 0.95 && p1 < 0.1);
	CHECK(q0.n_frames == q1.n_frames && !memcmp(q0.speech, q1.speech, q0.n_frames));
	med_features_release(&f0);
	med_features_release(&f1);
	med_features_release(&q0);
	med_features_release(&q1);
	/* 9 dB under the talk: found, but speech would start too near the talk's own level
	 * (MED_FEATURES_BACKGROUND_GAP_DB); the voice activity is as without the search */
	p0 = background_talk(9, 0, 0, &f0, &s0, &o0);
	p1 = background_talk(9, 0, 1, &f1, &s1, &o1);
	printf("# a voice 9 dB under the talk: %s at %.1f dB (speech %.1f); pauses marked %.2f "
	       "(%.2f without)\n",
	       isfinite(f1.background_db) ? "found" : "not found", (double)f1.background_db,
	       (double)f1.speech_level_db, p1, p0);
	CHECK(isfinite(f1.background_db));
	CHECK(f1.speech_level_db - f1.background_db < MED_FEATURES_BACKGROUND_GAP_DB);
	CHECK(f0.n_frames == f1.n_frames && !memcmp(f0.speech, f1.speech, f0.n_frames));
	CHECK(f1.noise_floor_db == f0.noise_floor_db);
	med_features_release(&f0);
	med_features_release(&f1);
	(void)o0;
	(void)o1;
	(void)qs0;
}

/* The share of frames marked speech in [t0, t1) s. */
static double speech_share(const struct med_features *f, double t0, double t1)
{
	size_t a = (size_t)(t0 * 1000 / f->hop_ms), b = (size_t)(t1 * 1000 / f->hop_ms), m = 0;
	for (size_t i = a; i < b && i < f->n_frames; i++)
		m += f->speech[i];
	return b > a ? (double)m / (double)(b - a) : 0;
}

/* A rumble louder than the voice under "speech" in 1.0-2.0 s and 3.0-4.5 s
 * (rumble_util.h): voice activity on the energy high-passed at 80 Hz
 * (energy_min_hz) finds the speech and the pauses; on the whole band, the rumble's swells. */
/*
 * A recording whose level moves (frame energies only, 10 ms frames, 3 minutes): words of
 * 300 ms at -20 dB, pauses of 400 ms at -45 (the noise), all swung by a gain of 9 dB *
 * sin(2 pi t / 60 s). By the one floor of the recording the pauses of its loud parts read
 * as speech; with level_moves the level is found moving and the pauses are pauses. A
 * steady recording whose quiet speaker talks for 40 s 12 dB under the other (the speech
 * level moves, the noise does not) is left as it is: the same voice activity either way.
 */
static double level_case(int moving, int level_moves, float *range)
{
	enum { N = 18000 };
	static float e[N];
	static unsigned char sp[N];
	struct med_features f;
	struct med_features_config c;
	size_t wrong = 0, pauses = 0;

	memset(&f, 0, sizeof(f));
	f.n_frames = N;
	f.hop_ms = 10;
	f.energy_db = e;
	f.speech = sp;
	for (int i = 0; i < N; i++) {
		int word = i % 70 < 30;
		float g = moving ? 9.0f * (float)sin(2 * M_PI * i / 6000.0) : 0.0f;
		float quiet = !moving && i >= 6000 && i < 10000 ? -12.0f : 0.0f;
		e[i] = (word ? -20.0f + quiet : -45.0f) + g + (i % 2 ? 0.5f : -0.5f);
	}
	med_features_config_init(&c);
	c.level_moves = level_moves;
	med_features_vad(&f, &c);
	*range = f.level_range_db;
	/* the pauses' middles (the hangover takes their edges) */
	for (int i = 0; i < N; i++)
		if (i % 70 >= 40 && i % 70 < 60) {
			pauses++;
			wrong += sp[i];
		}
	return (double)wrong / (double)pauses;
}

/* Steady talk (words at -20 dB, pauses at -45, three minutes of 10 ms frames) whose middle
 * third lies at level (jitter: +-0.5 dB from frame to frame, as noise has), through
 * med_features_vad() with level_moves: *f gets the floor and the level's range,
 * *in_break the frames of speech in that third; returns the share of the talk's pauses'
 * middles read as speech. The low bands (vad_low_band) follow the whole band 3 dB under
 * it. */
static double break_case(float level, int jitter, struct med_features *f, size_t *in_break)
{
	enum { N = 18000 };
	static float e[N], low[N];
	static unsigned char sp[N];
	struct med_features_config c;
	size_t wrong = 0, pauses = 0;

	memset(f, 0, sizeof(*f));
	f->n_frames = N;
	f->hop_ms = 10;
	f->energy_db = e;
	f->speech = sp;
	for (int i = 0; i < N; i++) {
		int mid = i >= N / 3 && i < 2 * N / 3;
		e[i] = (mid           ? level
		        : i % 70 < 30 ? -20.0f
		                      : -45.0f) +
		       (mid && !jitter ? 0.0f
		        : i % 2        ? 0.5f
		                       : -0.5f);
		low[i] = e[i] - 3.0f; /* the bands under 1 kHz (vad_low_band) */
	}
	f->low_db = low;
	med_features_config_init(&c);
	c.level_moves = 1;
	med_features_vad(f, &c);
	*in_break = 0;
	for (int i = 0; i < N; i++) {
		if (i >= N / 3 && i < 2 * N / 3)
			*in_break += sp[i];
		else if (i % 70 >= 40 && i % 70 < 60) {
			pauses++;
			wrong += sp[i];
		}
	}
	return (double)wrong / (double)pauses;
}

/* A third of it digital silence (a recording paused, or padded with zeros; -96 dB, sox's
 * dither): the noise floor is the pauses', not the silence's, so the pauses read as
 * pauses; the level is not taken for moving. */
static void test_digital_silence(void)
{
	struct med_features f;
	size_t silent;
	double wrong = break_case(-96.0f, 0, &f, &silent);
	printf("# a third digital silence: floor %.1f dB, pauses read as speech %.2f, silence "
	       "%zu frames, level moved %.1f dB\n",
	       (double)f.noise_floor_db, wrong, silent, (double)f.level_range_db);
	CHECK(fabsf(f.noise_floor_db + 45.0f) < 1.0f);
	CHECK(wrong == 0 && silent == 0);
	CHECK(f.level_range_db == 0);
}

/* A minute's break, a quiet room's noise 20 dB under the pauses (a recorder left running
 * while the microphones were muted): a quieter stretch of noise is not a level that
 * moved. The local levels sank there, floor and speech alike, and the break was taken
 * back up to the talk's level, where its noise read as speech; kept out of the levels
 * only, it would be the floor (a third of the recording), under the talk's pauses; kept
 * out of the whole band's floor but not the low bands', they read the pauses as speech. */
static void test_quiet_break(void)
{
	struct med_features f;
	size_t in_break;
	double wrong = break_case(-65.0f, 1, &f, &in_break);
	printf("# a minute's quiet break: speech read in it %zu frames, pauses read as speech "
	       "%.2f, floor %.1f dB, level moved %.1f dB\n",
	       in_break, wrong, (double)f.noise_floor_db, (double)f.level_range_db);
	CHECK(in_break == 0 && wrong == 0);
	CHECK(fabsf(f.noise_floor_db + 45.0f) < 1.0f);
	CHECK(f.level_range_db == 0);
}

static void test_level_moves(void)
{
	float r0, r1, r2, r3;
	double without = level_case(1, 0, &r0), with = level_case(1, 1, &r1),
	       steady0 = level_case(0, 0, &r2), steady1 = level_case(0, 1, &r3);
	printf("# a level swinging by 9 dB: pauses read as speech %.2f by the one floor, %.2f "
	       "taken back (by %.1f dB); a quiet speaker's long turn: %.2f, %.2f (%.1f dB)\n",
	       without, with, (double)r1, steady0, steady1, (double)r3);
	CHECK(without > 0.2);
	CHECK(with < 0.01);
	CHECK(r0 == 0 && r1 > 12 && r1 < 24);
	CHECK(r3 == 0 && steady0 == steady1 && steady1 < 0.01);
}

static void test_rumble(void)
{
	const int rate = 16000;
	size_t n = (size_t)rate * 6;
	float *x = malloc(n * sizeof(float)), *y = malloc(n * sizeof(float));
	struct med_features_config c;
	struct med_features f0, f1, f2;
	int near = 1;
	double raised = 0;

	CHECK(x != NULL && y != NULL);
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / rate, v = 0.001 * noise();
		if (voice_on(t))
			v += voice_at(t) + 0.005 * noise();
		y[i] = (float)v;
		x[i] = (float)(v + rumble_at(t));
	}
	med_features_config_init(&c);
	CHECK(c.energy_min_hz == 0.0f);
	CHECK(med_features_from_pcm(x, n, rate, &c, &f0) == MED_OK);
	c.energy_min_hz = 80.0f;
	CHECK(med_features_from_pcm(x, n, rate, &c, &f1) == MED_OK);
	printf("# rumble: speech found %.2f %.2f, pauses marked %.2f %.2f %.2f (whole band: "
	       "%.2f %.2f, %.2f %.2f %.2f)\n",
	       speech_share(&f1, 1.05, 1.95), speech_share(&f1, 3.05, 4.45),
	       speech_share(&f1, 0.1, 0.95), speech_share(&f1, 2.05, 2.95),
	       speech_share(&f1, 4.55, 5.9), speech_share(&f0, 1.05, 1.95),
	       speech_share(&f0, 3.05, 4.45), speech_share(&f0, 0.1, 0.95),
	       speech_share(&f0, 2.05, 2.95), speech_share(&f0, 4.55, 5.9));
	CHECK(speech_share(&f1, 1.05, 1.95) > 0.95 && speech_share(&f1, 3.05, 4.45) > 0.95);
	CHECK(speech_share(&f1, 0.1, 0.95) < 0.05 && speech_share(&f1, 2.05, 2.95) < 0.05 &&
	      speech_share(&f1, 4.55, 5.9) < 0.05);
	CHECK(speech_share(&f0, 0.1, 0.95) + speech_share(&f0, 2.05, 2.95) +
	              speech_share(&f0, 4.55, 5.9) >
	      0.3);
	/* the voice's energy stays (within 1.5 dB of it without the rumble: what the filter
	 * leaves of the rumble, 17 dB down at 25 Hz, adds about 1), where the rumble had
	 * raised it by 6 dB or more on average */
	c.energy_min_hz = 0.0f;
	CHECK(med_features_from_pcm(y, n, rate, &c, &f2) == MED_OK);
	CHECK(f0.n_frames == f1.n_frames && f2.n_frames == f1.n_frames);
	for (size_t i = 110; i < 190; i++) {
		near &= fabsf(f2.energy_db[i] - f1.energy_db[i]) < 1.5f;
		raised += (f0.energy_db[i] - f2.energy_db[i]) / 80.0;
	}
	CHECK(near);
	CHECK(raised > 6.0);
	CHECK(f1.energy_db[50] < f0.energy_db[50] - 10.0f);
	med_features_release(&f2);
	med_features_release(&f0);
	med_features_release(&f1);
	free(x);
	free(y);
}

int main(void)
{
	struct med_features_config c;
	struct med_features f;
	const int rate = 16000;
	size_t n = (size_t)rate * 6;
	float *x = malloc(n * sizeof(float));

	/* Six seconds: noise at about -60 dBFS, with "speech" (a harmonic tone in noise at
	 * about -20 dBFS) in 1.0-2.0 s and 3.0-4.5 s, and a 100 ms gap at 4.0 s. */
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / rate, v = 0.001 * noise();
		int sp = (t >= 1.0 && t < 2.0) || (t >= 3.0 && t < 4.5 && !(t >= 4.0 && t < 4.1));
		if (sp)
			v += 0.07 * sin(2 * M_PI * 150 * t) + 0.05 * sin(2 * M_PI * 450 * t) +
			     0.03 * sin(2 * M_PI * 1350 * t) + 0.01 * noise();
		x[i] = (float)v;
	}
	test_native_rate();
	test_rumble();
	test_level_moves();
	test_quiet_break();
	test_digital_silence();
	test_voicing();
	test_pitch();
	med_features_config_init(&c);
	c.cmvn = 0;
	CHECK(med_features_from_pcm(x, n, rate, &c, &f) == MED_OK);
	CHECK(f.n_frames == 600);
	CHECK(f.n_coeffs == 12 && f.hop_ms == 10);

	/* MFCCs and energy equal the naive computation. */
	size_t probe[] = {0, 1, 50, 99, 100, 150, 350, 405, 599};
	for (size_t p = 0; p < sizeof(probe) / sizeof(probe[0]); p++) {
		double ref[24], edb;
		naive_mfcc(x, n, probe[p], &c, ref, &edb);
		double worst = 0;
		for (int k = 0; k < 12; k++) {
			double d = fabs(ref[k] - f.mfcc[probe[p] * 12 + (size_t)k]);
			if (d > worst)
				worst = d;
		}
		CHECK(worst < 2e-2);
		if (worst >= 2e-2)
			fprintf(stderr, "frame %zu: mfcc differs by %g\n", probe[p], worst);
		CHECK(fabs(edb - f.energy_db[probe[p]]) < 0.05);
	}

	/* Voice activity: speech frames within 30 ms of the truth, the short gap filled. */
	{
		int wrong = 0;
		for (size_t i = 0; i < f.n_frames; i++) {
			double t = (double)i / 100.0;
			int truth = (t >= 1.0 && t < 2.0) || (t >= 3.0 && t < 4.5);
			int near_edge = fabs(t - 1.0) < 0.035 || fabs(t - 2.0) < 0.035 ||
			                fabs(t - 3.0) < 0.035 || fabs(t - 4.5) < 0.035;
			if (!near_edge && f.speech[i] != truth)
				wrong++;
		}
		CHECK(wrong == 0);
		if (wrong)
			fprintf(stderr, "vad: %d frames wrong\n", wrong);
		CHECK(f.noise_floor_db < -50 && f.speech_level_db > -30);
	}
	med_features_release(&f);

	/* The same at 44.1 kHz gives nearly the same features (computed at that rate). */
	{
		size_t n44 = (size_t)(44100 * 6.0);
		float *y = malloc(n44 * sizeof(float));
		struct med_features g;
		for (size_t i = 0; i < n44; i++) {
			double t = (double)i / 44100;
			int sp = t >= 1.0 && t < 2.0;
			y[i] = (float)(0.001 * noise() + (sp ? 0.07 * sin(2 * M_PI * 150 * t) : 0));
		}
		CHECK(med_features_from_pcm(y, n44, 44100, &c, &g) == MED_OK);
		CHECK(g.n_frames == 600);
		CHECK(g.speech[150] == 1 && g.speech[50] == 0 && g.speech[250] == 0);
		med_features_release(&g);
		free(y);
	}

	/* CMVN: zero mean and a shared unit scale over speech frames. */
	med_features_config_init(&c);
	c.cmvn_window_ms = 100000; /* one window: the global mean */
	CHECK(med_features_from_pcm(x, n, rate, &c, &f) == MED_OK);
	{
		double sum[12] = {0}, sq = 0;
		size_t used = 0;
		for (size_t i = 0; i < f.n_frames; i++) {
			if (!f.speech[i])
				continue;
			used++;
			for (int k = 0; k < 12; k++) {
				sum[k] += f.mfcc[i * 12 + (size_t)k];
				sq += f.mfcc[i * 12 + (size_t)k] * f.mfcc[i * 12 + (size_t)k];
			}
		}
		for (int k = 0; k < 12; k++)
			CHECK(fabs(sum[k] / (double)used) < 1e-3);
		CHECK(fabs(sq / (double)used / 12 - 1.0) < 1e-2);
	}
	med_features_release(&f);

	/* Streaming in odd block sizes equals one push. */
	{
		struct med_feature_stream *s;
		struct med_features a, b;
		med_features_config_init(&c);
		CHECK(med_features_from_pcm(x, n, rate, &c, &a) == MED_OK);
		CHECK(med_feature_stream_new(&c, &s) == MED_OK);
		for (size_t i = 0; i < n;) {
			size_t blk = 1 + (size_t)((noise() + 1) * 700);
			if (blk > n - i)
				blk = n - i;
			CHECK(med_feature_stream_push(s, x + i, blk) == MED_OK);
			i += blk;
		}
		CHECK(med_feature_stream_finish(s, &b) == MED_OK);
		CHECK(a.n_frames == b.n_frames);
		CHECK(memcmp(a.mfcc, b.mfcc, a.n_frames * 12 * sizeof(float)) == 0);
		CHECK(memcmp(a.speech, b.speech, a.n_frames) == 0);
		med_feature_stream_free(s);
		med_features_release(&a);
		med_features_release(&b);
	}

	/* Room reserved for a tenth of the samples, all of them or thrice as many, or refused:
	 * the same features; a reservation of megabytes gives the arrays at once (a block of
	 * med_alloc_big(), on a huge page's boundary), not grown as frames come. */
	{
		const size_t want[4] = {n / 10, n, 3 * n, 20 * (size_t)rate * 60};
		struct med_features a, b;
		med_features_config_init(&c);
		CHECK(med_features_from_pcm(x, n, rate, &c, &a) == MED_OK);
		CHECK(med_feature_stream_reserve(NULL, n) == MED_ERR_ARG);
		for (int w = 0; w < 5; w++) {
			struct med_feature_stream *s;
			CHECK(med_feature_stream_new(&c, &s) == MED_OK);
			/* the fifth: more than can be counted, refused, the stream as it was */
			if (w == 4)
				CHECK(med_feature_stream_reserve(s, SIZE_MAX / 2) == MED_ERR_NOMEM);
			else
				CHECK(med_feature_stream_reserve(s, want[w]) == MED_OK);
			CHECK(med_feature_stream_push(s, x, n) == MED_OK);
			CHECK(med_feature_stream_finish(s, &b) == MED_OK);
			CHECK(a.n_frames == b.n_frames);
			CHECK(memcmp(a.mfcc, b.mfcc, a.n_frames * 12 * sizeof(float)) == 0);
			CHECK(memcmp(a.energy_db, b.energy_db, a.n_frames * sizeof(float)) == 0);
			CHECK(memcmp(a.speech, b.speech, a.n_frames) == 0);
			if (w == 3)
				CHECK((uintptr_t)b.mfcc % MED_BIG_BYTES == 0);
			med_feature_stream_free(s);
			med_features_release(&b);
		}
		med_features_release(&a);
	}

	/* Errors: silent, empty, bad config, unreadable file. */
	{
		float *z = calloc(16000, sizeof(float));
		med_features_config_init(&c);
		CHECK(med_features_from_pcm(z, 16000, 16000, &c, &f) == MED_ERR_SILENT);
		CHECK(f.n_frames == 0 && f.mfcc == NULL);
		CHECK(med_features_from_pcm(z, 0, 16000, &c, &f) == MED_ERR_EMPTY);
		CHECK(med_features_from_pcm(NULL, 10, 16000, &c, &f) == MED_ERR_ARG);
		c.n_coeffs = 99;
		CHECK(med_features_from_pcm(x, n, rate, &c, &f) == MED_ERR_ARG);
		free(z);
		CHECK(med_features_from_file("/nonexistent.wav", NULL, &f, NULL, NULL) ==
		      MED_ERR_IO);
	}
	/* From a file, and a silent file. */
	{
		SF_INFO info;
		SNDFILE *sf;
		memset(&info, 0, sizeof(info));
		info.samplerate = rate;
		info.channels = 1;
		info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
		sf = sf_open("test_med_features.wav", SFM_WRITE, &info);
		sf_writef_float(sf, x, (sf_count_t)n);
		sf_close(sf);
		CHECK(med_features_from_file("test_med_features.wav", NULL, &f, NULL, NULL) ==
		      MED_OK);
		CHECK(f.n_frames == 600 && f.speech[150] == 1 && f.speech[50] == 0);
		med_features_release(&f);
		memset(x, 0, n * sizeof(float));
		sf = sf_open("test_med_features.wav", SFM_WRITE, &info);
		sf_writef_float(sf, x, (sf_count_t)n);
		sf_close(sf);
		CHECK(med_features_from_file("test_med_features.wav", NULL, &f, NULL, NULL) ==
		      MED_ERR_SILENT);
		remove("test_med_features.wav");
	}
	med_features_release(&f);
	free(x);
	test_denoise();
	test_low_band_vad();
	test_background_voice();
	return tap_done();
}
