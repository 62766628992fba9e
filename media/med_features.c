/* med_features.c: streamed MFCC (FFTW), frame energy, adaptive voice activity, CMVN. */
#include "med_features.h"

#include <fftw3.h>
#include <math.h>
#include <pthread.h>
#include <samplerate.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "med_decode.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define FEAT_MAX_MELS 64
#define FEAT_MAX_RATE 192000     /* highest rate features are computed at */
#define FEAT_ENERGY_MAX_HZ 11025 /* energy band above 22.05 kHz: see med_features_config_at() */
#define FEAT_POWER_FLOOR 1e-10f  /* about -100 dB: keeps log() finite on digital silence */
#define FEAT_HISS_HZ 3500.0f     /* hiss_db: the mel bands centred at or above this */
#define FEAT_LOW_HZ 1000.0f      /* low_db: the mel bands centred below this */
#define VAD_DIGITAL_SILENCE_DB -90.0f /* frames under this hold no noise (digital silence) */
#define VAD_LOW_MORE 0.07        /* low_db joins the voice activity when it finds this share more */
#define FEAT_VOICING_RATE 8000   /* voicing: measured at about this rate (or above) */
#define FEAT_VOICING_MIN_MS 2.5  /* ... over lags of a voice of 400 Hz */
#define FEAT_VOICING_MAX_MS 12.5 /* ... down to 80 Hz */
#define FEAT_PITCH_MIN_MS 2.0    /* pitch_hz: lags from a voice of 500 Hz */
#define FEAT_PITCH_NEAR 0.9f     /* ... the shortest peak this near the highest */
/* Noise tracking (config denoise): the power of each mel band is smoothed over frames
 * (NS_ALPHA), the noise is the minimum of that over the last NS_SUBWINS sub-windows of
 * NS_SUBWIN frames (about two seconds), times NS_BIAS (the minimum of a noisy power lies
 * below its mean); NS_FLOOR of the band's power always stays. */
#define NS_ALPHA 0.5f
#define NS_SUBWIN 25
#define NS_SUBWINS 8
#define NS_BIAS 2.0f
#define NS_FLOOR 0.05f

/* FFTW's planner is not thread-safe (only fftwf_execute is): plans are made and destroyed
 * under this lock, so feature streams may run on several threads at once. */
static pthread_mutex_t feat_plan_lock = PTHREAD_MUTEX_INITIALIZER;

struct med_feature_stream {
	struct med_features_config c;
	int hop, win, nfft, nbins;
	int hiss_mel0;   /* first mel band centred at FEAT_HISS_HZ or above (hiss_db) */
	int low_mel1;    /* first mel band centred at FEAT_LOW_HZ or above (low_db) */
	int64_t hop_num; /* frame i is centred on sample i * hop_num / 1000 (exact for any rate) */
	float *window;   /* win */
	float *melw;     /* n_mels * nbins */
	int mel_lo[FEAT_MAX_MELS], mel_hi[FEAT_MAX_MELS]; /* nonzero bins of each filter */
	float *dct;                                       /* n_mels * n_coeffs, mel-major */
	float *fft_in;                                    /* nfft */
	fftwf_complex *fft_out;
	float *power; /* nbins: the power of each bin of the frame */
	fftwf_plan plan;
	float *buf; /* pending samples, the first one at absolute index buf_start */
	/* energy_max_hz, energy_min_hz: the same samples low-passed (two biquads, a
	 * fourth-order Butterworth) and high-passed (a third) for the energy, each biquad's
	 * coefficients b0 b1 b2 a1 a2 and state x[-1] x[-2] y[-1] y[-2] (biquad_block());
	 * n_bq of them in use, from bq0 */
	float *lp;
	double bq[3][5], bz[3][4];
	int bq0, n_bq;
	size_t buf_len, buf_cap;
	int64_t buf_start;
	int64_t next_frame;    /* next frame to compute */
	int64_t n_in;          /* samples pushed (not counting the leading pad) */
	struct med_features f; /* growing output */
	size_t cap;
	/* Noise per mel band, tracked by minimum statistics (denoise): the smoothed power,
	 * the minimum of the current sub-window and the minima of the last NS_SUBWINS ones. */
	float ns_smooth[FEAT_MAX_MELS], ns_cur[FEAT_MAX_MELS];
	float ns_ring[NS_SUBWINS][FEAT_MAX_MELS];
	int ns_count, ns_filled;
	/* Voicing (config voicing): the window's samples summed in groups of vdec (to about
	 * 8 kHz), differenced, zero-padded to vn for a linear autocorrelation through FFTs;
	 * vwr: one over the window's own autocorrelation at each lag, normalised, to undo its
	 * taper. */
	int vdec, vlen, vn, vlag0, vlag1, plag0;
	float *vin, *vac, *vwr;
	fftwf_complex *vspec;
	fftwf_plan vplan_f, vplan_b;
};

void med_features_config_init(struct med_features_config *c)
{
	if (!c)
		return;
	memset(c, 0, sizeof(*c));
	c->rate = 16000;
	c->hop_ms = 10;
	c->win_ms = 25;
	c->n_mels = 26;
	c->n_coeffs = 12;
	c->f_min_hz = 60.0f;
	c->f_max_hz = 7600.0f;
	c->energy_min_hz = 0.0f;
	c->cmvn = 2;
	c->cmvn_window_ms = 3000;
	c->vad_floor_pct = 10.0f;
	c->vad_speech_pct = 90.0f;
	c->vad_on_frac = 0.30f;
	c->vad_off_frac = 0.20f;
	c->vad_min_margin_db = 6.0f;
	c->vad_min_pause_ms = 150;
	c->vad_min_speech_ms = 40;
	c->vad_hangover_ms = 20;
	c->silent_db = -70.0f;
}

void med_features_release(struct med_features *f)
{
	if (!f)
		return;
	free(f->mfcc);
	free(f->local_mean);
	free(f->energy_db);
	free(f->hiss_db);
	free(f->low_db);
	free(f->voicing);
	free(f->pitch_hz);
	free(f->mfcc_voice);
	free(f->speech);
	memset(f, 0, sizeof(*f));
}

float med_features_median_pitch(const struct med_features *f, const int64_t *a, const int64_t *b,
                                size_t n, size_t min_frames)
{
	size_t m = 0;
	float *buf, hz = 0;

	if (!f || !f->voicing || !f->pitch_hz || !f->speech || !f->n_frames)
		return 0;
	buf = malloc(f->n_frames * sizeof(float));
	if (!buf)
		return 0;
	for (size_t k = 0; k < n; k++)
		for (int64_t i = a[k] > 0 ? a[k] : 0; i < b[k] && i < (int64_t)f->n_frames; i++)
			if (f->speech[i] && f->voicing[i] >= MED_FEATURES_VOICED &&
			    f->pitch_hz[i] > 0 && m < f->n_frames)
				buf[m++] = f->pitch_hz[i];
	if (m && m >= min_frames)
		hz = med_median_float(buf, m);
	free(buf);
	return hz;
}

static float hz_to_mel(float hz)
{
	return 2595.0f * log10f(1.0f + hz / 700.0f);
}

static float mel_to_hz(float mel)
{
	return 700.0f * (powf(10.0f, mel / 2595.0f) - 1.0f);
}

static int config_ok(const struct med_features_config *c)
{
	return c->rate >= 4000 && c->rate <= FEAT_MAX_RATE && c->hop_ms >= 1 && c->hop_ms <= 100 &&
	       c->win_ms >= c->hop_ms && c->win_ms <= 200 && c->n_mels >= 4 &&
	       c->n_mels <= FEAT_MAX_MELS && c->n_coeffs >= 1 &&
	       c->n_coeffs <= MED_FEATURES_MAX_COEFFS && c->n_coeffs < c->n_mels &&
	       c->f_min_hz >= 0 && c->f_max_hz > c->f_min_hz && c->f_max_hz <= c->rate / 2.0f;
}

void med_feature_stream_free(struct med_feature_stream *s)
{
	if (!s)
		return;
	if (s->plan) {
		pthread_mutex_lock(&feat_plan_lock);
		fftwf_destroy_plan(s->plan);
		pthread_mutex_unlock(&feat_plan_lock);
	}
	if (s->vplan_f || s->vplan_b) {
		pthread_mutex_lock(&feat_plan_lock);
		if (s->vplan_f)
			fftwf_destroy_plan(s->vplan_f);
		if (s->vplan_b)
			fftwf_destroy_plan(s->vplan_b);
		pthread_mutex_unlock(&feat_plan_lock);
	}
	fftwf_free(s->vin);
	fftwf_free(s->vac);
	fftwf_free(s->vspec);
	free(s->vwr);
	fftwf_free(s->fft_in);
	fftwf_free(s->fft_out);
	free(s->power);
	free(s->window);
	free(s->melw);
	free(s->dct);
	free(s->buf);
	free(s->lp);
	med_features_release(&s->f);
	free(s);
}

static int fft_size(int n)
{
	for (int m = n > 1 ? n : 1;; m++) {
		int r = m;
		while (r % 2 == 0)
			r /= 2;
		while (r % 3 == 0)
			r /= 3;
		while (r % 5 == 0)
			r /= 5;
		if (r == 1)
			return m;
	}
}

/* Voicing's decimation, FFTs and window correction (see struct med_feature_stream). */
static int voicing_setup(struct med_feature_stream *s)
{
	int n2;

	s->vdec = s->c.rate / FEAT_VOICING_RATE > 1 ? s->c.rate / FEAT_VOICING_RATE : 1;
	s->vlen = s->win / s->vdec;
	/* lags of FEAT_VOICING_MIN_MS to FEAT_VOICING_MAX_MS, inside the window */
	s->vlag0 = (int)ceil(FEAT_VOICING_MIN_MS * s->c.rate / (1000.0 * s->vdec));
	s->vlag1 = (int)(FEAT_VOICING_MAX_MS * s->c.rate / (1000.0 * s->vdec));
	s->plag0 = (int)ceil(FEAT_PITCH_MIN_MS * s->c.rate / (1000.0 * s->vdec));
	if (s->vlag1 > s->vlen - s->vlen / 4)
		s->vlag1 = s->vlen - s->vlen / 4;
	if (s->plag0 < 1 || s->vlag0 < s->plag0 || s->vlag1 < s->vlag0)
		return MED_ERR_ARG;
	/* zero-padded far enough that no lag up to vlag1 wraps around */
	s->vn = fft_size(s->vlen + s->vlag1 + 1);
	n2 = s->vn / 2 + 1;
	s->vin = fftwf_malloc((size_t)s->vn * sizeof(float));
	/* (vac also holds the window's products of a frame, win of them, before the FFTs) */
	s->vac = fftwf_malloc((size_t)(s->vn > s->win ? s->vn : s->win) * sizeof(float));
	s->vspec = fftwf_malloc((size_t)n2 * sizeof(fftwf_complex));
	s->vwr = malloc((size_t)(s->vlag1 + 1) * sizeof(float));
	/* (vin also holds the normalised autocorrelation up to vlag1 after the FFTs) */
	if (!s->vin || !s->vac || !s->vspec || !s->vwr)
		return MED_ERR_NOMEM;
	{
		/* the decimated window, as voicing_frame() applies it */
		double w0 = 0;
		float *wd = s->vac;
		for (int i = 0; i < s->vlen; i++) {
			wd[i] = 0;
			for (int d = 0; d < s->vdec; d++)
				wd[i] += s->window[i * s->vdec + d];
		}
		for (int i = 0; i < s->vlen; i++)
			w0 += (double)wd[i] * wd[i];
		for (int l = 0; l <= s->vlag1; l++) {
			double acc = 0;
			for (int i = 0; i + l < s->vlen; i++)
				acc += (double)wd[i] * wd[i + l];
			s->vwr[l] = (float)(w0 / acc);
		}
	}
	pthread_mutex_lock(&feat_plan_lock);
	s->vplan_f = fftwf_plan_dft_r2c_1d(s->vn, s->vin, s->vspec, FFTW_ESTIMATE);
	s->vplan_b = fftwf_plan_dft_c2r_1d(s->vn, s->vspec, s->vac, FFTW_ESTIMATE);
	pthread_mutex_unlock(&feat_plan_lock);
	return s->vplan_f && s->vplan_b ? MED_OK : MED_ERR_NOMEM;
}

/* The voicing of the win samples at x (see med_features.voicing): summed in groups of vdec
 * under the window, first-differenced (noise of a falling spectrum, as brown noise, would
 * otherwise correlate over the lags of a voice), autocorrelated, and the peak over the lags
 * of a voice of the autocorrelation over the window's own. *hz gets the voice's fundamental:
 * the shortest lag from plag0 (higher voices than the voicing looks at) whose peak comes
 * within FEAT_PITCH_NEAR of the highest (a period's multiples peak nearly as high). */
static float voicing_frame(struct med_feature_stream *s, const float *x, float *hz)
{
	float best = 0, top = 0;
	int n2 = s->vn / 2 + 1;

	/* the products first (a loop the compiler vectorises), then the groups' sums, then
	 * their differences (in place, last first): loops without a value carried along */
	for (int i = 0; i < s->vlen * s->vdec; i++)
		s->vac[i] = x[i] * s->window[i];
	if (s->vdec == 2) {
		for (int i = 0; i < s->vlen; i++)
			s->vin[i] = s->vac[2 * i] + s->vac[2 * i + 1];
	} else {
		for (int i = 0; i < s->vlen; i++) {
			float acc = 0;
			for (int d = 0; d < s->vdec; d++)
				acc += s->vac[i * s->vdec + d];
			s->vin[i] = acc;
		}
	}
	for (int i = s->vlen - 1; i > 0; i--)
		s->vin[i] -= s->vin[i - 1];
	s->vin[0] = 0;
	for (int i = s->vlen; i < s->vn; i++)
		s->vin[i] = 0;
	fftwf_execute(s->vplan_f);
	for (int k = 0; k < n2; k++) {
		float re = s->vspec[k][0], im = s->vspec[k][1];
		s->vspec[k][0] = re * re + im * im;
		s->vspec[k][1] = 0;
	}
	fftwf_execute(s->vplan_b);
	*hz = 0;
	if (!(s->vac[0] > 0))
		return 0;
	/* vin is free again: the normalised autocorrelation of each lag (multiplications: a
	 * division per lag was a tenth of the voicing's time) */
	float inv0 = 1.0f / s->vac[0];
	for (int l = s->plag0; l <= s->vlag1; l++) {
		float r = s->vac[l] * (inv0 * s->vwr[l]);
		s->vin[l] = r;
		if (l >= s->vlag0 && r > best)
			best = r;
		if (r > top)
			top = r;
	}
	for (int l = s->plag0 + 1; l < s->vlag1; l++)
		if (s->vin[l] >= FEAT_PITCH_NEAR * top && s->vin[l] >= s->vin[l - 1] &&
		    s->vin[l] >= s->vin[l + 1]) {
			*hz = (float)s->c.rate / (float)(s->vdec * l);
			break;
		}
	return best;
}

int med_feature_stream_new(const struct med_features_config *cin, struct med_feature_stream **out)
{
	struct med_feature_stream *s;
	struct med_features_config def;
	int nm, nc;

	if (!out)
		return MED_ERR_ARG;
	*out = NULL;
	if (!cin) {
		med_features_config_init(&def);
		cin = &def;
	}
	if (!config_ok(cin))
		return MED_ERR_ARG;
	s = calloc(1, sizeof(*s));
	if (!s)
		return MED_ERR_NOMEM;
	s->c = *cin;
	s->hop = cin->rate * cin->hop_ms / 1000;
	s->hop_num = (int64_t)cin->rate * cin->hop_ms;
	s->win = cin->rate * cin->win_ms / 1000;
	/* The smallest length of factors 2, 3 and 5 that holds the window (FFTW is fast on
	 * those): 400 at 16 kHz, 576 at espeak-ng's 22050 Hz, where a power of two would
	 * double the work of the latter. */
	s->nfft = fft_size(s->win);
	s->nbins = s->nfft / 2 + 1;
	nm = cin->n_mels;
	nc = cin->n_coeffs;
	s->window = malloc((size_t)s->win * sizeof(float));
	s->melw = calloc((size_t)nm * (size_t)s->nbins, sizeof(float));
	s->dct = malloc((size_t)nc * (size_t)nm * sizeof(float));
	s->fft_in = fftwf_malloc((size_t)s->nfft * sizeof(float));
	s->fft_out = fftwf_malloc((size_t)s->nbins * sizeof(fftwf_complex));
	s->power = malloc((size_t)s->nbins * sizeof(float));
	if (!s->window || !s->melw || !s->dct || !s->fft_in || !s->fft_out || !s->power)
		goto out_nomem;
	for (int i = 0; i < s->win; i++)
		s->window[i] = (float)(0.54 - 0.46 * cos(2.0 * M_PI * i / (s->win - 1)));
	{
		float mlo = hz_to_mel(cin->f_min_hz), mhi = hz_to_mel(cin->f_max_hz);
		float edges[FEAT_MAX_MELS + 2];
		for (int m = 0; m < nm + 2; m++)
			edges[m] = mel_to_hz(mlo + (mhi - mlo) * (float)m / (float)(nm + 1));
		for (int m = 0; m < nm; m++) {
			for (int k = 0; k < s->nbins; k++) {
				float hz = (float)k * (float)cin->rate / (float)s->nfft, w = 0;
				if (hz > edges[m] && hz <= edges[m + 1])
					w = (hz - edges[m]) / (edges[m + 1] - edges[m]);
				else if (hz > edges[m + 1] && hz < edges[m + 2])
					w = (edges[m + 2] - hz) / (edges[m + 2] - edges[m + 1]);
				s->melw[(size_t)m * (size_t)s->nbins + (size_t)k] = w;
			}
			if (edges[m + 1] < FEAT_HISS_HZ)
				s->hiss_mel0 = m + 1;
			if (edges[m + 1] < FEAT_LOW_HZ)
				s->low_mel1 = m + 1;
			s->mel_lo[m] = s->nbins;
			s->mel_hi[m] = 0;
			for (int k = 0; k < s->nbins; k++)
				if (s->melw[(size_t)m * (size_t)s->nbins + (size_t)k] != 0) {
					if (k < s->mel_lo[m])
						s->mel_lo[m] = k;
					s->mel_hi[m] = k + 1;
				}
		}
	}
	for (int k = 0; k < nc; k++)
		for (int m = 0; m < nm; m++)
			s->dct[m * nc + k] =
			        (float)(sqrt(2.0 / nm) * cos(M_PI * (k + 1) * (m + 0.5) / nm));
	pthread_mutex_lock(&feat_plan_lock);
	s->plan = fftwf_plan_dft_r2c_1d(s->nfft, s->fft_in, s->fft_out, FFTW_ESTIMATE);
	pthread_mutex_unlock(&feat_plan_lock);
	if (!s->plan)
		goto out_nomem;
	if (cin->voicing) {
		int r = voicing_setup(s);
		if (r) {
			med_feature_stream_free(s);
			return r;
		}
	}
	s->buf_cap = (size_t)s->win * 4 + 8192;
	s->buf = calloc(s->buf_cap, sizeof(float));
	if (!s->buf)
		goto out_nomem;
	s->bq0 = s->n_bq = 2;
	if (cin->energy_max_hz > 0 && cin->energy_max_hz < 0.45f * (float)cin->rate) {
		/* Butterworth poles of order 4: Q 0.5412 and 1.3066 (bilinear transform) */
		const double q[2] = {0.54119610, 1.30656296};
		double w0 = 2.0 * M_PI * cin->energy_max_hz / cin->rate, cw = cos(w0);
		for (int b = 0; b < 2; b++) {
			double al = sin(w0) / (2.0 * q[b]), a0 = 1.0 + al;
			s->bq[b][0] = (1.0 - cw) / 2.0 / a0;
			s->bq[b][1] = (1.0 - cw) / a0;
			s->bq[b][2] = (1.0 - cw) / 2.0 / a0;
			s->bq[b][3] = -2.0 * cw / a0;
			s->bq[b][4] = (1.0 - al) / a0;
		}
		s->bq0 = 0;
	}
	if (cin->energy_min_hz > 0 && cin->energy_min_hz < 0.45f * (float)cin->rate) {
		/* order 2: Q 1/sqrt(2) */
		double w0 = 2.0 * M_PI * cin->energy_min_hz / cin->rate, cw = cos(w0),
		       al = sin(w0) / (2.0 * M_SQRT1_2), a0 = 1.0 + al;
		s->bq[2][0] = (1.0 + cw) / 2.0 / a0;
		s->bq[2][1] = -(1.0 + cw) / a0;
		s->bq[2][2] = (1.0 + cw) / 2.0 / a0;
		s->bq[2][3] = -2.0 * cw / a0;
		s->bq[2][4] = (1.0 - al) / a0;
		s->n_bq = 3;
	}
	if (s->n_bq > s->bq0) {
		s->lp = calloc(s->buf_cap, sizeof(float));
		if (!s->lp)
			goto out_nomem;
	}
	/* Frame i is centred on sample i * hop: the stream starts win/2 zeros early. */
	s->buf_len = (size_t)(s->win / 2);
	s->buf_start = -(int64_t)(s->win / 2);
	s->f.n_coeffs = nc;
	s->f.hop_ms = cin->hop_ms;
	*out = s;
	return MED_OK;

out_nomem:
	med_feature_stream_free(s);
	return MED_ERR_NOMEM;
}

/* Room for need frames: the capacity doubled until it holds them, or need itself when
 * exact. */
static int stream_reserve(struct med_feature_stream *s, size_t need, int exact)
{
	size_t cap = s->cap ? s->cap : 1024;
	float *m, *e;

	if (need <= s->cap)
		return MED_OK;
	if (exact) {
		if (need > SIZE_MAX / (MED_FEATURES_MAX_COEFFS * sizeof(float)))
			return MED_ERR_NOMEM;
		cap = need;
	}
	while (cap < need) {
		if (cap > SIZE_MAX / 2 / (MED_FEATURES_MAX_COEFFS * sizeof(float)))
			return MED_ERR_NOMEM;
		cap *= 2;
	}
	m = med_realloc_big(s->f.mfcc, cap * (size_t)s->f.n_coeffs * sizeof(float));
	if (!m)
		return MED_ERR_NOMEM;
	s->f.mfcc = m;
	e = med_realloc_big(s->f.energy_db, cap * sizeof(float));
	if (!e)
		return MED_ERR_NOMEM;
	s->f.energy_db = e;
	e = med_realloc_big(s->f.hiss_db, cap * sizeof(float));
	if (!e)
		return MED_ERR_NOMEM;
	s->f.hiss_db = e;
	if (s->c.vad_low_band) {
		e = med_realloc_big(s->f.low_db, cap * sizeof(float));
		if (!e)
			return MED_ERR_NOMEM;
		s->f.low_db = e;
	}
	if (s->c.voicing) {
		e = med_realloc_big(s->f.voicing, cap * sizeof(float));
		if (!e)
			return MED_ERR_NOMEM;
		s->f.voicing = e;
		e = med_realloc_big(s->f.pitch_hz, cap * sizeof(float));
		if (!e)
			return MED_ERR_NOMEM;
		s->f.pitch_hz = e;
	}
	if (s->c.denoise) {
		e = med_realloc_big(s->f.mfcc_voice, cap * (size_t)s->f.n_coeffs * sizeof(float));
		if (!e)
			return MED_ERR_NOMEM;
		s->f.mfcc_voice = e;
	}
	s->cap = cap;
	return MED_OK;
}

/* Advances the noise tracker by one frame: a new sub-window every NS_SUBWIN frames. */
static void denoise_step(struct med_feature_stream *s)
{
	if (s->ns_count > 0 && s->ns_count % NS_SUBWIN == 0) {
		memcpy(s->ns_ring[(s->ns_count / NS_SUBWIN - 1) % NS_SUBWINS], s->ns_cur,
		       sizeof(s->ns_cur));
		if (s->ns_filled < NS_SUBWINS)
			s->ns_filled++;
		for (int m = 0; m < s->c.n_mels; m++)
			s->ns_cur[m] = INFINITY;
	}
	s->ns_count++;
}

/* Band m's power acc less the band's noise (minimum statistics, see NS_ALPHA). */
static float denoise_band(struct med_feature_stream *s, int m, float acc)
{
	float sm, noise;
	if (s->ns_count == 1) {
		s->ns_smooth[m] = acc;
		s->ns_cur[m] = INFINITY;
	}
	sm = s->ns_smooth[m] = NS_ALPHA * s->ns_smooth[m] + (1.0f - NS_ALPHA) * acc;
	if (sm < s->ns_cur[m])
		s->ns_cur[m] = sm;
	noise = s->ns_cur[m];
	for (int q = 0; q < s->ns_filled; q++)
		if (s->ns_ring[q][m] < noise)
			noise = s->ns_ring[q][m];
	acc -= NS_BIAS * noise;
	return acc > NS_FLOOR * (acc + NS_BIAS * noise) ? acc : NS_FLOOR * (acc + NS_BIAS * noise);
}

/* The DCT of nm log mel energies into n coefficients. Each coefficient sums its terms in mel
 * order, the coefficients side by side (the table is mel-major), so the compiler can keep
 * several sums in one vector register instead of waiting on one sum at a time. */
static void mel_dct(const struct med_feature_stream *s, const float *mel, float *out)
{
	int nm = s->c.n_mels, nc = s->c.n_coeffs;
	float acc[MED_FEATURES_MAX_COEFFS] = {0};
	for (int m = 0; m < nm; m++) {
		const float *d = s->dct + (size_t)m * (size_t)nc;
		for (int k = 0; k < nc; k++)
			acc[k] += d[k] * mel[m];
	}
	memcpy(out, acc, (size_t)nc * sizeof(float));
}

/*
 * Natural logarithms of n floats (positive and normal: the band powers plus
 * FEAT_POWER_FLOOR), four at a time: x = m 2^e with m in [sqrt(1/2), sqrt(2)), and
 * log(1 + f), f = m - 1, by the classic minimax polynomial of single precision (Cephes'
 * logf: f - f^2/2 + f^3 P(f)), e ln 2 added in two parts. Within one unit in the last
 * place of logf() (3.2 million values from 1e-10 to 1e7), 26 of them in 8 ns where logf()
 * took 100; the same operations on every processor (SSE2 and plain C alike, no fused
 * multiply-add), so the same bits everywhere.
 */
#define LOG_P0 7.0376836292e-2f
#define LOG_P1 -1.1514610310e-1f
#define LOG_P2 1.1676998740e-1f
#define LOG_P3 -1.2420140846e-1f
#define LOG_P4 1.4249322787e-1f
#define LOG_P5 -1.6668057665e-1f
#define LOG_P6 2.0000714765e-1f
#define LOG_P7 -2.4999993993e-1f
#define LOG_P8 3.3333331174e-1f
#define LOG_LN2_HI 0.693359375f
#define LOG_LN2_LO -2.12194440e-4f
#define LOG_SQRTH 0.707106781186547524f

static float log_one(float x)
{
	union {
		float f;
		uint32_t u;
	} b = {x};
	float e = (float)((int32_t)(b.u >> 23) - 127), f, z, y;
	b.u = (b.u & 0x007fffffu) | 0x3f000000u; /* m / 2, in [0.5, 1) */
	if (b.f < LOG_SQRTH) {
		f = (b.f + b.f) - 1.0f;
	} else {
		f = b.f - 1.0f;
		e += 1.0f;
	}
	z = f * f;
	y = ((((((((LOG_P0 * f + LOG_P1) * f + LOG_P2) * f + LOG_P3) * f + LOG_P4) * f + LOG_P5) *
	               f +
	       LOG_P6) *
	              f +
	      LOG_P7) *
	             f +
	     LOG_P8) *
	    f * z;
	y += e * LOG_LN2_LO;
	y += -0.5f * z;
	return (f + y) + e * LOG_LN2_HI;
}

static void log_n(float *v, int n)
{
	int i = 0;
#if defined(__SSE2__)
	const __m128i mant = _mm_set1_epi32(0x007fffff), half = _mm_set1_epi32(0x3f000000);
	for (; i + 4 <= n; i += 4) {
		__m128i u = _mm_castps_si128(_mm_loadu_ps(v + i));
		__m128 e =
		        _mm_cvtepi32_ps(_mm_sub_epi32(_mm_srli_epi32(u, 23), _mm_set1_epi32(127)));
		__m128 m = _mm_castsi128_ps(_mm_or_si128(_mm_and_si128(u, mant), half));
		__m128 lt = _mm_cmplt_ps(m, _mm_set1_ps(LOG_SQRTH)), one = _mm_set1_ps(1.0f), f, z,
		       y;
		/* below sqrt(1/2): f = 2m - 1; else f = m - 1 and e + 1 */
		f = _mm_sub_ps(_mm_or_ps(_mm_and_ps(lt, _mm_add_ps(m, m)), _mm_andnot_ps(lt, m)),
		               one);
		e = _mm_add_ps(e, _mm_andnot_ps(lt, one));
		z = _mm_mul_ps(f, f);
		y = _mm_set1_ps(LOG_P0);
		y = _mm_add_ps(_mm_mul_ps(y, f), _mm_set1_ps(LOG_P1));
		y = _mm_add_ps(_mm_mul_ps(y, f), _mm_set1_ps(LOG_P2));
		y = _mm_add_ps(_mm_mul_ps(y, f), _mm_set1_ps(LOG_P3));
		y = _mm_add_ps(_mm_mul_ps(y, f), _mm_set1_ps(LOG_P4));
		y = _mm_add_ps(_mm_mul_ps(y, f), _mm_set1_ps(LOG_P5));
		y = _mm_add_ps(_mm_mul_ps(y, f), _mm_set1_ps(LOG_P6));
		y = _mm_add_ps(_mm_mul_ps(y, f), _mm_set1_ps(LOG_P7));
		y = _mm_add_ps(_mm_mul_ps(y, f), _mm_set1_ps(LOG_P8));
		y = _mm_mul_ps(_mm_mul_ps(y, f), z);
		y = _mm_add_ps(y, _mm_mul_ps(e, _mm_set1_ps(LOG_LN2_LO)));
		y = _mm_add_ps(y, _mm_mul_ps(_mm_set1_ps(-0.5f), z));
		_mm_storeu_ps(v + i,
		              _mm_add_ps(_mm_add_ps(f, y), _mm_mul_ps(e, _mm_set1_ps(LOG_LN2_HI))));
	}
#endif
	for (; i < n; i++)
		v[i] = log_one(v[i]);
}

/* One analysis frame from win samples at x, lx their band-limited copy or NULL (raw_mfcc: with
 * denoise, the MFCCs before it). */
static void stream_frame(struct med_feature_stream *s, const float *x, const float *lx, float *mfcc,
                         float *edb, float *hdb, float *ldb, float *raw_mfcc)
{
	/* the energy (of the band-limited copy when there is one) in eight interleaved sums: one
	 * would wait on each addition in turn */
	double e0 = 0, e1 = 0, e2 = 0, e3 = 0, e4 = 0, e5 = 0, e6 = 0, e7 = 0;
	float mel[FEAT_MAX_MELS + 3], raw[FEAT_MAX_MELS + 3], hiss = 0, low = 0;
	const float *ex = lx ? lx : x;
	int nm = s->c.n_mels, i;

	for (i = 0; i + 8 <= s->win; i += 8) {
		e0 += (double)ex[i] * ex[i];
		e1 += (double)ex[i + 1] * ex[i + 1];
		e2 += (double)ex[i + 2] * ex[i + 2];
		e3 += (double)ex[i + 3] * ex[i + 3];
		e4 += (double)ex[i + 4] * ex[i + 4];
		e5 += (double)ex[i + 5] * ex[i + 5];
		e6 += (double)ex[i + 6] * ex[i + 6];
		e7 += (double)ex[i + 7] * ex[i + 7];
	}
	for (; i < s->win; i++)
		e0 += (double)ex[i] * ex[i];
	e0 += e4;
	e1 += e5;
	e2 += e6;
	e3 += e7;
	/* Pre-emphasis inside the window (the first sample uses itself). */
	s->fft_in[0] = (x[0] - 0.97f * x[0]) * s->window[0];
	for (i = 1; i < s->win; i++)
		s->fft_in[i] = (x[i] - 0.97f * x[i - 1]) * s->window[i];
	for (i = s->win; i < s->nfft; i++)
		s->fft_in[i] = 0;
	*edb = (float)(10.0 * log10(((e0 + e1) + (e2 + e3)) / s->win + 1e-12));
	fftwf_execute(s->plan);
	if (s->c.denoise)
		denoise_step(s);
	/* the power of each bin once (each is in two bands) */
	for (int k = 0; k < s->nbins; k++) {
		float re = s->fft_out[k][0], im = s->fft_out[k][1];
		s->power[k] = re * re + im * im;
	}
	for (int m = 0; m < nm; m++) {
		const float *w = s->melw + (size_t)m * (size_t)s->nbins;
		float acc = 0;
		int k = s->mel_lo[m];
#if defined(__SSE2__)
		/* four partial sums: one sum waits on each addition in turn */
		__m128 a4 = _mm_setzero_ps();
		for (; k + 4 <= s->mel_hi[m]; k += 4)
			a4 = _mm_add_ps(
			        a4, _mm_mul_ps(_mm_loadu_ps(w + k), _mm_loadu_ps(s->power + k)));
		a4 = _mm_add_ps(a4, _mm_movehl_ps(a4, a4));
		acc = _mm_cvtss_f32(_mm_add_ss(a4, _mm_shuffle_ps(a4, a4, 1)));
#endif
		for (; k < s->mel_hi[m]; k++)
			acc += w[k] * s->power[k];
		if (m >= s->hiss_mel0)
			hiss += acc;
		if (m < s->low_mel1)
			low += acc;
		if (s->c.denoise) {
			raw[m] = acc + FEAT_POWER_FLOOR;
			acc = denoise_band(s, m, acc);
		}
		mel[m] = acc + FEAT_POWER_FLOOR;
	}
	/* whole vectors: the pad's logarithm is 0 and unused */
	for (int m = nm; m < ((nm + 3) & ~3); m++)
		mel[m] = raw[m] = 1.0f;
	log_n(mel, (nm + 3) & ~3);
	if (s->c.denoise)
		log_n(raw, (nm + 3) & ~3);
	mel_dct(s, mel, mfcc);
	if (s->c.denoise)
		mel_dct(s, raw, raw_mfcc);
	*hdb = 10.0f * log10f(hiss + FEAT_POWER_FLOOR);
	if (ldb)
		*ldb = 10.0f * log10f(low + FEAT_POWER_FLOOR);
}

/* Computes every frame whose window lies inside the buffer. */
static int stream_run(struct med_feature_stream *s)
{
	int64_t first;
	size_t off;
	int r;

	for (;;) {
		int64_t wstart = s->next_frame * s->hop_num / 1000 - s->win / 2;
		if (wstart < s->buf_start || wstart + s->win > s->buf_start + (int64_t)s->buf_len)
			break;
		r = stream_reserve(s, (size_t)s->next_frame + 1, 0);
		if (r)
			return r;
		stream_frame(s, s->buf + (wstart - s->buf_start),
		             s->lp ? s->lp + (wstart - s->buf_start) : NULL,
		             s->f.mfcc + (size_t)s->next_frame * (size_t)s->f.n_coeffs,
		             s->f.energy_db + s->next_frame, s->f.hiss_db + s->next_frame,
		             s->f.low_db ? s->f.low_db + s->next_frame : NULL,
		             s->f.mfcc_voice ? s->f.mfcc_voice +
		                                       (size_t)s->next_frame * (size_t)s->f.n_coeffs
		                             : NULL);
		if (s->f.voicing &&
		    (s->c.voicing_stride <= 1 || s->next_frame % s->c.voicing_stride == 0))
			s->f.voicing[s->next_frame] = voicing_frame(
			        s, s->buf + (wstart - s->buf_start), s->f.pitch_hz + s->next_frame);
		else if (s->f.voicing)
			s->f.voicing[s->next_frame] = s->f.pitch_hz[s->next_frame] = 0;
		s->next_frame++;
		s->f.n_frames = (size_t)s->next_frame;
	}
	/* Drop samples no future frame needs. */
	first = s->next_frame * s->hop_num / 1000 - s->win / 2;
	if (first > s->buf_start) {
		off = (size_t)(first - s->buf_start);
		if (off > s->buf_len)
			off = s->buf_len;
		memmove(s->buf, s->buf + off, (s->buf_len - off) * sizeof(float));
		if (s->lp)
			memmove(s->lp, s->lp + off, (s->buf_len - off) * sizeof(float));
		s->buf_len -= off;
		s->buf_start += (int64_t)off;
	}
	return MED_OK;
}

/* One biquad (coefficients c: b0 b1 b2 a1 a2; state z: x[-1], x[-2], y[-1], y[-2]) over
 * x[0..n), in place, with the state in locals: through the stream's fields, every sample had
 * waited on the last one's stores (the high-pass took the recording's features from 0.31 to
 * 0.52 s on en_main beside the synthesis; 0.39 s this way). In direct form I, where each
 * output waits on the last by one multiplication and one subtraction (the feed-forward sum
 * and the older output's term do not wait on it); the transposed form II had a chain of four
 * operations: 46 -> 28 ms of one thread for en_main's 16.7 million samples, 65 of them one
 * float ulp apart, the projects of 72 recordings byte for byte the same. */
static void biquad_block(const double *c, double *z, double *x, size_t n)
{
	double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[3], a2 = c[4], x1 = z[0], x2 = z[1],
	       y1 = z[2], y2 = z[3];
	for (size_t i = 0; i < n; i++) {
		double v = x[i], f = b0 * v + b1 * x1 + b2 * x2 - a2 * y2, y = f - a1 * y1;
		x2 = x1;
		x1 = v;
		y2 = y1;
		y1 = y;
		x[i] = y;
	}
	z[0] = x1;
	z[1] = x2;
	z[2] = y1;
	z[3] = y2;
}

/* Appends n samples (at most the room left) to the buffer, and their band-limited copy (the
 * biquads one after the other over blocks of samples, in double as sample by sample). */
static void stream_append(struct med_feature_stream *s, const float *pcm, size_t n)
{
	memcpy(s->buf + s->buf_len, pcm, n * sizeof(float));
	if (s->lp) {
		float *o = s->lp + s->buf_len;
		double v[512];
		for (size_t i0 = 0; i0 < n; i0 += 512) {
			size_t m = n - i0 < 512 ? n - i0 : 512;
			for (size_t i = 0; i < m; i++)
				v[i] = pcm[i0 + i];
			for (int b = s->bq0; b < s->n_bq; b++)
				biquad_block(s->bq[b], s->bz[b], v, m);
			for (size_t i = 0; i < m; i++)
				o[i0 + i] = (float)v[i];
		}
	}
	s->buf_len += n;
}

int med_feature_stream_push(struct med_feature_stream *s, const float *pcm, size_t n)
{
	int r;

	if (!s || (!pcm && n))
		return MED_ERR_ARG;
	while (n > 0) {
		size_t room = s->buf_cap - s->buf_len, take = n < room ? n : room;
		stream_append(s, pcm, take);
		s->n_in += (int64_t)take;
		pcm += take;
		n -= take;
		r = stream_run(s);
		if (r)
			return r;
	}
	return MED_OK;
}

size_t med_feature_stream_frames(const struct med_feature_stream *s)
{
	return s ? s->f.n_frames : 0;
}

/* The noise floor and the speech level of a frame energy (the vad_floor_pct and
 * vad_speech_pct percentiles). */
static void vad_levels(const float *e, size_t n, const struct med_features_config *c,
                       float *floor_db, float *speech_db)
{
	float *buf = malloc(n * sizeof(float));
	size_t kf, ks, m = 0;

	if (!buf) {
		*floor_db = -60;
		*speech_db = -20;
		return;
	}
	/* Digital silence (a recording paused, or padded with zeros) is no noise to measure
	 * the floor by: 300 s of it in a 17-minute interview put the floor at -90 dB, its
	 * noise at -37 dBFS read as speech all through. Its frames are left out when enough
	 * others remain. */
	for (size_t i = 0; i < n; i++)
		if (e[i] > VAD_DIGITAL_SILENCE_DB)
			buf[m++] = e[i];
	if (m < n / 10 || m == 0) {
		memcpy(buf, e, n * sizeof(float));
		m = n;
	}
	n = m;
	kf = (size_t)((double)(n - 1) * c->vad_floor_pct / 100.0);
	ks = (size_t)((double)(n - 1) * c->vad_speech_pct / 100.0);
	/* the lower percentile first, the higher among the values after it (or the other way
	 * round) */
	if (kf <= ks) {
		*floor_db = med_select_float(buf, n, kf);
		*speech_db = med_select_float(buf + kf, n - kf, ks - kf);
	} else {
		*speech_db = med_select_float(buf, n, ks);
		*floor_db = med_select_float(buf + ks, n - ks, kf - ks);
	}
	free(buf);
}

/* Marks speech (1) where energy e rises to the onset threshold over its floor, until it
 * falls under the offset threshold (hysteresis); pause (0) elsewhere. Returns the frames of
 * speech. */
static size_t vad_marks(const float *e, size_t n, const struct med_features_config *c,
                        float floor_db, float speech_db, int background, unsigned char *speech)
{
	float span = speech_db - floor_db, on, off;
	size_t cnt = 0;
	int st = 0;

	if (span < 0)
		span = 0;
	on = floor_db + fmaxf(c->vad_min_margin_db, c->vad_on_frac * span);
	/* Over a background voice's level (the floor then) only the speakers start speech;
	 * the quiet ends of their words, at that level, keep it. */
	off = background ? floor_db
	                 : floor_db + fmaxf(c->vad_min_margin_db * 0.7f, c->vad_off_frac * span);
	if (off > on)
		off = on;
	for (size_t i = 0; i < n; i++) {
		if (!st && e[i] >= on)
			st = 1;
		else if (st && e[i] < off)
			st = 0;
		speech[i] = (unsigned char)st;
		cnt += (size_t)st;
	}
	return cnt;
}

/*
 * A voice talking under the speakers all along (config vad_background) fills their pauses
 * with syllables of its own, where the speakers' own pauses hold a breath or a decaying
 * reverberation at most. A pause here is a run of BG_PAUSE_MIN_MS to BG_PAUSE_MAX_MS that
 * lies `under` dB under the local speech level (the speech percentile of the frame energy
 * within BG_LOCAL_MS either side) between two sounds at the recording's speech level less
 * `under` (within BG_EDGE_MS of it): the pauses of the loudest speakers, so that a quiet
 * speaker's turn between two pauses is none. Inside it, past its first BG_SKIP_MS (a
 * reverberant tail) and before its last BG_TAIL_MS (a breath), an onset is a rise of
 * BG_RISE_DB within BG_RISE_MS. Another voice 13 to 20 dB under the talk gave 1.15 to 3.7
 * onsets a second there at BG_UNDER_DB (flite's and festival's voices reading another
 * text); the 195 recordings of the test sets without one gave 0.67 at most (0.79 at
 * BG_UNDER_NEAR_DB, the second look, which finds a voice whose words leave few pauses 10
 * dB deep), a quiet speaker's short turns none. Then the background's level is the
 * BG_LEVEL_PCT percentile of the energy inside those pauses; -HUGE_VALF when there is no
 * such voice.
 */
#define BG_LOCAL_MS 2000
#define BG_UNDER_DB 10.0f
#define BG_UNDER_NEAR_DB 8.0f /* the second look, for a voice nearer the talk's level */
#define BG_PAUSE_MIN_MS 300
#define BG_PAUSE_MAX_MS 2000
#define BG_SKIP_MS 100
#define BG_TAIL_MS 300
#define BG_RISE_DB 8.0f
#define BG_RISE_MS 50
#define BG_EDGE_MS 100
#define BG_REFRACTORY_MS 80
#define BG_MIN_RATE 1.0 /* onsets a second of pause */
#define BG_MIN_S 3.0    /* seconds of pause to judge by, */
#define BG_MIN_ONSETS 8 /* and onsets */
#define BG_LEVEL_PCT 90.0

/* Whether a frame of e[a, b) reaches loud. */
static int loud_near(const float *e, size_t a, size_t b, float loud)
{
	for (size_t i = a; i < b; i++)
		if (e[i] >= loud)
			return 1;
	return 0;
}

/* The local speech level: for each step of frames, the pct percentile of e within half
 * frames either side into lvl, and where lvl2 is given the pct2 percentile into lvl2 from
 * the same slide, to BG_BIN_DB (a histogram slid along, read from its top); frames at
 * skip_db or under are not counted, and a step with fewer than min_m frames counted gets
 * NaN. */
#define BG_BIN_DB 0.25f
#define BG_BIN_LO (-160.0f)
#define BG_BINS 800 /* up to +40 dB */
/* The histogram bin of level e (dB), clamped; NaN goes to the lowest. */
static int level_bin(float e)
{
	float v = (e - BG_BIN_LO) / BG_BIN_DB;
	return v >= 0 ? (v < BG_BINS ? (int)v : BG_BINS - 1) : 0;
}

/* The pct percentile of the m levels counted in hist. */
static float hist_level(const unsigned *hist, size_t m, float pct)
{
	/* the value of rank k from the bottom: m - 1 - k frames lie above it */
	size_t k = (size_t)((double)(m - 1) * pct / 100.0), above = 0;
	int bin;
	for (bin = BG_BINS - 1; bin > 0 && above + hist[bin] <= m - 1 - k; bin--)
		above += hist[bin];
	return BG_BIN_LO + ((float)bin + 0.5f) * BG_BIN_DB;
}

static int local_levels(const float *e, size_t n, size_t half, size_t step, float pct,
                        float skip_db, size_t min_m, float *lvl, float pct2, float *lvl2)
{
	unsigned *hist = calloc(BG_BINS, sizeof(unsigned));
	size_t a = 0, b = 0, m = 0;

	if (!hist)
		return MED_ERR_NOMEM;
	for (size_t c = 0, s = 0; c < n; c += step, s++) {
		size_t na = c > half ? c - half : 0, nb = c + half < n ? c + half : n;
		for (; b < nb; b++)
			if (e[b] > skip_db) {
				hist[level_bin(e[b])]++;
				m++;
			}
		for (; a < na; a++)
			if (e[a] > skip_db) {
				hist[level_bin(e[a])]--;
				m--;
			}
		if (!m || m < min_m) {
			lvl[s] = NAN;
			if (lvl2)
				lvl2[s] = NAN;
			continue;
		}
		lvl[s] = hist_level(hist, m, pct);
		if (lvl2)
			lvl2[s] = hist_level(hist, m, pct2);
	}
	free(hist);
	return MED_OK;
}

/*
 * A recording whose level moves (a gain changed between parts, an automatic gain control)
 * has no one noise floor and speech level: the recording's percentiles put the floor of
 * its louder parts under their noise, which then reads as speech (with the level 12 dB up
 * every other minute, the turns there ended 1-3 s late; swinging by 8 dB over 3 minutes,
 * 1.3 s). The vad_floor_pct and vad_speech_pct percentiles within LEVEL_LOCAL_MS either
 * side, every LEVEL_STEP_MS: when both move by LEVEL_MOVE_DB or more over the recording,
 * the frame energies (and the bands') are taken back by the mean of the two's departure
 * from its median, interpolated between steps. On the test sets' recordings of a steady
 * level the local floor moves by up to 9.7 dB (reverberation filling a monologue's pauses)
 * and the local speech level by up to 9.3 (a quiet speaker's long turn, a voice under the
 * talk), never both by 6. A stretch of LEVEL_BREAK_MS or more without a sound over its
 * noise (break_mask()) is no level at all: its frames are neither counted nor moved. With
 * a minute's break spliced into en_main (a quiet room, 26 dB under the recording's noise),
 * both local levels sank there and the break was taken back up by 35 dB: its
 * noise read as speech after its first 8 s, and the DTW put the next turn's start there,
 * 10 s early. Returns the range of the shift (0: left as it was).
 */
#define LEVEL_BREAK_MS 5000
#define LEVEL_LOCAL_MS 30000
#define LEVEL_TRACK_MS 10000
#define LEVEL_STEP_MS 1000
#define LEVEL_MOVE_DB 6.0f
/* The shifts g (m steps) from the local levels fl and sp: their mean, NaN steps (digital
 * silence all through) given the nearest step's value. Returns the steps that had one. */
static size_t level_shifts(const float *fl, const float *sp, size_t m, float *g)
{
	size_t valid = 0;
	for (size_t k = 0; k < m; k++) {
		g[k] = 0.5f * (fl[k] + sp[k]);
		valid += !isnan(g[k]);
	}
	if (!valid)
		return 0;
	for (size_t k = 1; k < m; k++)
		if (isnan(g[k]))
			g[k] = g[k - 1];
	for (size_t k = m - 1; k > 0; k--)
		if (isnan(g[k - 1]))
			g[k - 1] = g[k];
	return valid;
}

/* The energies e (n frames) with the frames of breaks at -HUGE_VALF (digital silence to
 * local_levels()): runs of LEVEL_BREAK_MS or more of whole steps (step frames) whose
 * vad_speech_pct and vad_floor_pct percentiles lie within the VAD's least margin of each
 * other, where nothing rose over the noise. NULL when there are none (or out of memory). */
static float *break_mask(const float *e, size_t n, size_t step, const struct med_features_config *c,
                         int hop)
{
	size_t m = n / step, run = 0, need = (size_t)(LEVEL_BREAK_MS / hop) / step;
	float *out = NULL, buf[1024];
	unsigned char *quiet = NULL;

	if (!m || step > sizeof(buf) / sizeof(buf[0]) || !(quiet = calloc(m + 1, 1)))
		return NULL;
	for (size_t k = 0; k < m; k++) {
		size_t kf = (size_t)((double)(step - 1) * c->vad_floor_pct / 100.0),
		       ks = (size_t)((double)(step - 1) * c->vad_speech_pct / 100.0);
		memcpy(buf, e + k * step, step * sizeof(float));
		quiet[k] = med_select_float(buf, step, ks) - med_select_float(buf, step, kf) <
		           c->vad_min_margin_db;
	}
	for (size_t k = 0; k <= m; k++) {
		if (quiet[k]) {
			run++;
			continue;
		}
		if (run >= need && run) {
			if (!out) {
				if (!(out = malloc(n * sizeof(float))))
					break;
				memcpy(out, e, n * sizeof(float));
			}
			for (size_t i = (k - run) * step; i < k * step; i++)
				out[i] = -HUGE_VALF;
		}
		run = 0;
	}
	free(quiet);
	return out;
}

/* (br: NULL, or the energies with the breaks out, break_mask()) */
static float level_take_back(struct med_features *f, const struct med_features_config *c, int hop,
                             const float *br)
{
	size_t n = f->n_frames, half = (size_t)(LEVEL_LOCAL_MS / hop),
	       step = (size_t)(LEVEL_STEP_MS / hop), m;
	float *fl = NULL, *sp = NULL, *g = NULL, flo = INFINITY, fhi = -INFINITY, slo = INFINITY,
	      shi = -INFINITY, mid, glo = INFINITY, ghi = -INFINITY, range = 0;
	const float *e = br ? br : f->energy_db;

	if (step < 1 || n < 2 * half)
		return 0;
	m = (n + step - 1) / step;
	fl = malloc(m * sizeof(float));
	sp = malloc(m * sizeof(float));
	g = malloc(m * sizeof(float));
	if (!fl || !sp || !g ||
	    local_levels(e, n, half, step, c->vad_floor_pct, VAD_DIGITAL_SILENCE_DB, half, fl,
	                 c->vad_speech_pct, sp))
		goto out;
	for (size_t k = 0; k < m; k++) {
		if (isnan(fl[k]))
			continue;
		flo = fminf(flo, fl[k]);
		fhi = fmaxf(fhi, fl[k]);
		slo = fminf(slo, sp[k]);
		shi = fmaxf(shi, sp[k]);
	}
	if (!(fhi - flo >= LEVEL_MOVE_DB && shi - slo >= LEVEL_MOVE_DB))
		goto out;
	/* the shift itself over LEVEL_TRACK_MS either side: a step of the gain is followed
	 * closer */
	half = (size_t)(LEVEL_TRACK_MS / hop);
	if (local_levels(e, n, half, step, c->vad_floor_pct, VAD_DIGITAL_SILENCE_DB, half, fl,
	                 c->vad_speech_pct, sp) ||
	    !level_shifts(fl, sp, m, g))
		goto out;
	memcpy(fl, g, m * sizeof(float));
	mid = med_select_float(fl, m, m / 2);
	for (size_t k = 0; k < m; k++) {
		g[k] -= mid;
		glo = fminf(glo, g[k]);
		ghi = fmaxf(ghi, g[k]);
	}
	for (size_t i = 0; i < n; i++) {
		size_t k = i / step;
		float w = (float)(i % step) / (float)step,
		      d = k + 1 < m ? (1 - w) * g[k] + w * g[k + 1] : g[m - 1];
		/* (digital silence and breaks stay what they are) */
		if (e[i] <= VAD_DIGITAL_SILENCE_DB)
			continue;
		f->energy_db[i] -= d;
		if (f->hiss_db)
			f->hiss_db[i] -= d;
		if (f->low_db)
			f->low_db[i] -= d;
	}
	range = ghi - glo;
out:
	free(fl);
	free(sp);
	free(g);
	return range;
}

/* One look for the background (see above) in pauses under dB under the local levels lvl
 * (one a step of frames); inside gets the energy of the pauses' insides. */
static float background_look(const float *e, size_t n, int hop, const float *lvl, size_t step,
                             float speech_db, float under, float *inside)
{
	const size_t pmin = (size_t)(BG_PAUSE_MIN_MS / hop), pmax = (size_t)(BG_PAUSE_MAX_MS / hop),
	             skip = (size_t)(BG_SKIP_MS / hop), tail = (size_t)(BG_TAIL_MS / hop),
	             win = (size_t)(BG_RISE_MS / hop), refr = (size_t)(BG_REFRACTORY_MS / hop),
	             edge = (size_t)(BG_EDGE_MS / hop);
	const float loud = speech_db - under;
	size_t onsets = 0, n_in = 0;
	double secs;

	for (size_t i = 0; i < n;) {
		size_t j = i, last = 0;
		int any = 0;
		if (e[i] >= lvl[i / step] - under) {
			i++;
			continue;
		}
		while (j < n && e[j] < lvl[j / step] - under)
			j++;
		if (i >= edge && j + edge <= n && j - i >= pmin && j - i <= pmax &&
		    j - i > skip + tail && loud_near(e, i - edge, i, loud) &&
		    loud_near(e, j, j + edge, loud)) {
			for (size_t t = i + skip; t < j - tail; t++) {
				float lo = e[t];
				for (size_t u = t > i + win ? t - win : i; u < t; u++)
					lo = fminf(lo, e[u]);
				inside[n_in++] = e[t];
				if (e[t] - lo >= BG_RISE_DB && (!any || t - last > refr)) {
					onsets++;
					last = t;
					any = 1;
				}
			}
		}
		i = j;
	}
	secs = (double)n_in * hop / 1000.0;
	if (secs < BG_MIN_S || onsets < BG_MIN_ONSETS || (double)onsets < BG_MIN_RATE * secs)
		return -HUGE_VALF;
	return med_select_float(inside, n_in, (size_t)((double)(n_in - 1) * BG_LEVEL_PCT / 100.0));
}

/* The background voice's level, -HUGE_VALF for none: a look at pauses BG_UNDER_DB deep,
 * then at BG_UNDER_NEAR_DB. */
static float background_level(const float *e, size_t n, int hop, float speech_pct, float speech_db)
{
	const size_t half = (size_t)(BG_LOCAL_MS / hop), step = (size_t)(100 / hop);
	float *lvl, *inside, out = -HUGE_VALF;

	if (step < 1 || n < 2 * (size_t)(BG_PAUSE_MAX_MS / hop))
		return out;
	lvl = malloc((n / step + 1) * sizeof(float));
	inside = malloc(n * sizeof(float));
	if (lvl && inside &&
	    local_levels(e, n, half, step, speech_pct, -INFINITY, 1, lvl, 0, NULL) == MED_OK) {
		out = background_look(e, n, hop, lvl, step, speech_db, BG_UNDER_DB, inside);
		if (!isfinite(out))
			out = background_look(e, n, hop, lvl, step, speech_db, BG_UNDER_NEAR_DB,
			                      inside);
	}
	free(lvl);
	free(inside);
	return out;
}

int med_features_has_vowel(const float *voicing, int hop_ms, int64_t a, int64_t b)
{
	int64_t run = 0;
	if (!voicing || hop_ms <= 0)
		return 0;
	for (int64_t i = a; i < b; i++) {
		run = voicing[i] >= MED_FEATURES_VOICED ? run + 1 : 0;
		if (run >= MED_FEATURES_VOWEL_MS / hop_ms)
			return 1;
	}
	return 0;
}

/* Speech starts vad_min_margin_db (6) over the background's level, under the speech level
 * by 4 dB at least: on flite's voice 9 dB under the talk (festival's ked reading another
 * text under flite's slt and kal16) only its loudest syllables were left, five sentences
 * were reported unheard and 82 % of the time was in sync, 99.5 before. */
int med_features_background_kept(const struct med_features *f)
{
	return f && isfinite(f->background_db) &&
	       f->speech_level_db - f->background_db >= MED_FEATURES_BACKGROUND_GAP_DB;
}

/*
 * Voice activity from the frame energy over the whole band, and, where the power below
 * 1 kHz (low_db) finds much more speech (VAD_LOW_MORE of the whole band's), from that band
 * as well: its runs of speech that the whole band mostly missed join. Voiced speech has most
 * of its power low, and a hiss spread over the whole band (white noise, tape) most of its
 * own high: a quiet flite voice under white noise at -30 dBFS lay at the noise's level over
 * the whole band (a fifth of its speech found) but well over it below 1 kHz. In 31 of the
 * 41 test recordings of 2026-11-29 the low band found 0.3-6.9 % more speech, mostly sounds
 * at the noise's level beside the words (a backchannel, a breath, a reverberant tail):
 * joined there, they moved short turns by seconds (a host's "Really?" merged with a
 * murmur) and turn ends by tens of milliseconds. It found 7.6-31 % more in the other ten,
 * among them those where a voice lay under the noise or a guest 14 dB under the host.
 * Runs the whole band found half of or more are its own: the low band would only stretch
 * their ends (reverberation lasts longer low). The whole band keeps the fricatives (a first
 * "s", a last "f"), which lie high.
 * Where another voice talks under the speakers (background_level()), its level is the
 * floor: speech starts a margin over it and ends when the energy falls back to it, and the
 * low band is not read (it would take that voice's runs back in). In its pauses filled
 * with the background's words a turn's edge went onto them: on flite's voice 13 dB under
 * the interview (babble.sh's bb35) the turn starts fell 95 ms early at the median, 797 at
 * worst; over the background's level, 8 and 154.
 */
void med_features_vad(struct med_features *f, const struct med_features_config *cin)
{
	struct med_features_config def;
	size_t n = f ? f->n_frames : 0, i, n_sp;
	float floor_db, speech_db, *br;
	unsigned char *low;
	int hop, min_pause, min_speech, hang, background;

	if (!f || !n || !f->speech || !f->energy_db)
		return;
	if (!cin) {
		med_features_config_init(&def);
		cin = &def;
	}
	hop = f->hop_ms > 0 ? f->hop_ms : 10;
	/* a recording's breaks (break_mask()) out of its levels and its floor: a quiet break a
	 * third of the recording long put the floor under the talk's noise, whose pauses then
	 * all read as speech, as digital silence did (vad_levels()) */
	br = cin->level_moves ? break_mask(f->energy_db, n, (size_t)(LEVEL_STEP_MS / hop), cin, hop)
	                      : NULL;
	if (cin->level_moves) {
		/* (a second call finds the level steady and keeps the first's range) */
		float moved = level_take_back(f, cin, hop, br);
		if (moved > 0)
			f->level_range_db = moved;
	}
	if (br)
		for (i = 0; i < n; i++)
			if (br[i] > VAD_DIGITAL_SILENCE_DB)
				br[i] = f->energy_db[i];
	vad_levels(br ? br : f->energy_db, n, cin, &floor_db, &speech_db);
	/* Digital silence (synthesised speech) would put the floor at -120 dB; no real noise
	 * is below -90 dB, so clamp it to keep thresholds meaningful. */
	if (floor_db < VAD_DIGITAL_SILENCE_DB)
		floor_db = VAD_DIGITAL_SILENCE_DB;
	f->background_db = cin->vad_background ? background_level(f->energy_db, n, hop,
	                                                          cin->vad_speech_pct, speech_db)
	                                       : -HUGE_VALF;
	/* (a level at the noise floor or under it is no voice over the noise) */
	if (f->background_db <= floor_db)
		f->background_db = -HUGE_VALF;
	f->speech_level_db = speech_db;
	background = med_features_background_kept(f);
	if (background)
		floor_db = f->background_db;
	f->noise_floor_db = floor_db;
	n_sp = vad_marks(f->energy_db, n, cin, floor_db, speech_db, background, f->speech);
	/* (the low band would take the background voice's runs back in) */
	if (f->low_db && !background && (low = malloc(n))) {
		float lf, ls;
		size_t more = 0;
		/* the breaks out of the low band's levels too: a quiet break's noise had been
		 * its floor, and the low band read the pauses of a held-out interview as speech
		 * (every turn's edges about a second out) */
		if (br)
			for (i = 0; i < n; i++)
				br[i] = br[i] > VAD_DIGITAL_SILENCE_DB ? f->low_db[i] : -HUGE_VALF;
		vad_levels(br ? br : f->low_db, n, cin, &lf, &ls);
		vad_marks(f->low_db, n, cin, lf, ls, 0, low);
		for (i = 0; i < n; i++)
			more += (size_t)(low[i] && !f->speech[i]);
		/* the runs of the low band's speech that the whole band mostly missed */
		if ((double)more >= VAD_LOW_MORE * (double)n_sp) {
			for (i = 0; i < n;) {
				size_t j = i, had = 0;
				if (!low[i]) {
					i++;
					continue;
				}
				while (j < n && low[j])
					had += f->speech[j++];
				if (2 * had < j - i)
					memset(f->speech + i, 1, j - i);
				i = j;
			}
		}
		free(low);
	}
	free(br);
	min_pause = cin->vad_min_pause_ms / hop;
	min_speech = cin->vad_min_speech_ms / hop;
	hang = cin->vad_hangover_ms / hop;
	/* Drop short bursts, then fill short pauses between speech. */
	for (i = 0; i < n;) {
		size_t j = i;
		while (j < n && f->speech[j] == f->speech[i])
			j++;
		if (f->speech[i] && (int)(j - i) < min_speech)
			memset(f->speech + i, 0, j - i);
		i = j;
	}
	for (i = 0; i < n;) {
		size_t j = i;
		while (j < n && f->speech[j] == f->speech[i])
			j++;
		if (!f->speech[i] && i > 0 && j < n && (int)(j - i) < min_pause)
			memset(f->speech + i, 1, j - i);
		i = j;
	}
	if (hang > 0) {
		/* Extend each run of speech at both edges. */
		unsigned char *orig = malloc(n);
		if (orig) {
			memcpy(orig, f->speech, n);
			for (i = 0; i < n; i++) {
				if (!orig[i])
					continue;
				if ((i == 0 || !orig[i - 1]) || (i + 1 == n || !orig[i + 1])) {
					size_t a = i >= (size_t)hang ? i - (size_t)hang : 0;
					size_t b = i + (size_t)hang < n ? i + (size_t)hang : n - 1;
					memset(f->speech + a, 1, b - a + 1);
				}
			}
			free(orig);
		}
	}
}

/*
 * Cepstral mean and variance normalisation. The mean is taken over a sliding window of
 * speech frames (cmvn_window_ms, centred), so each speaker and each stretch of channel is
 * compared by its own shape: a female host and a male guest both land near espeak-ng's
 * voice. The variance is normalised over the whole sequence.
 */
static int features_cmvn(struct med_features *f, float *mfcc, int window_ms, int shared_scale,
                         int voice_copy)
{
	int nc = f->n_coeffs;
	size_t n = f->n_frames, half = (size_t)(window_ms / (f->hop_ms > 0 ? f->hop_ms : 10) / 2);
	double wsum[MED_FEATURES_MAX_COEFFS] = {0}, gsum[MED_FEATURES_MAX_COEFFS] = {0};
	double sq[MED_FEATURES_MAX_COEFFS] = {0};
	size_t gcount = 0, min_count = half / 4 + 1, wcount = 0, ring_n = half + 2, a = 0, b = 0;
	int any_speech;
	float mean[MED_FEATURES_MAX_COEFFS];
	float *ring; /* the original rows of the frames the window may still let go of */
	unsigned char *rsp;

	ring = malloc(ring_n * (size_t)nc * sizeof(float));
	rsp = malloc(ring_n);
	if (!ring || !rsp) {
		free(ring);
		free(rsp);
		return MED_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		if (f->speech[i]) {
			for (int k = 0; k < nc; k++)
				gsum[k] += mfcc[i * (size_t)nc + (size_t)k];
			gcount++;
		}
	any_speech = gcount > 0;
	if (!any_speech) {
		/* No speech at all: plain global mean. */
		for (size_t i = 0; i < n; i++)
			for (int k = 0; k < nc; k++)
				gsum[k] += mfcc[i * (size_t)nc + (size_t)k];
		gcount = n;
	}
	if (voice_copy) {
		free(f->local_mean);
		f->local_mean =
		        malloc((n / MED_FEATURES_MEAN_STEP + 2) * (size_t)nc * sizeof(float));
		if (!f->local_mean) {
			free(ring);
			free(rsp);
			return MED_ERR_NOMEM;
		}
	}
	/* Pass 1: subtract the mean of the speech in [i - half, i + half] (the global one where
	 * that holds too little speech), in place. The window's sums run along: a frame enters
	 * before it is changed, and leaves from the ring, which keeps its original row. */
	for (size_t i = 0; i < n; i++) {
		size_t wa = i > half ? i - half : 0, wb = i + half + 1 < n ? i + half + 1 : n;
		for (; b < wb; b++)
			if (f->speech[b]) {
				for (int k = 0; k < nc; k++)
					wsum[k] += mfcc[b * (size_t)nc + (size_t)k];
				wcount++;
			}
		for (; a < wa; a++) {
			size_t r = a % ring_n;
			if (rsp[r]) {
				for (int k = 0; k < nc; k++)
					wsum[k] -= ring[r * (size_t)nc + (size_t)k];
				wcount--;
			}
		}
		{
			size_t r = i % ring_n;
			memcpy(ring + r * (size_t)nc, mfcc + i * (size_t)nc,
			       (size_t)nc * sizeof(float));
			rsp[r] = f->speech[i];
		}
		for (int k = 0; k < nc; k++) {
			if (wcount >= min_count)
				mean[k] = (float)(wsum[k] / (double)wcount);
			else
				mean[k] = (float)(gsum[k] / (double)gcount);
			mfcc[i * (size_t)nc + (size_t)k] -= mean[k];
		}
		if (f->local_mean && i % MED_FEATURES_MEAN_STEP == 0)
			for (int k = 0; k < nc; k++)
				f->local_mean[i / MED_FEATURES_MEAN_STEP * (size_t)nc + (size_t)k] =
				        mean[k] - (float)(gsum[k] / (double)gcount);
	}
	free(ring);
	free(rsp);
	/* Pass 2: unit variance over the speech frames (all frames when none). */
	{
		size_t used = 0;
		for (size_t i = 0; i < n; i++) {
			if (any_speech && !f->speech[i])
				continue;
			used++;
			for (int k = 0; k < nc; k++) {
				double v = mfcc[i * (size_t)nc + (size_t)k];
				sq[k] += v * v;
			}
		}
		double tot = 0;
		float inv[MED_FEATURES_MAX_COEFFS];
		for (int k = 0; k < nc; k++)
			tot += used ? sq[k] / (double)used : 1.0;
		tot /= nc;
		for (int k = 0; k < nc; k++) {
			double var = shared_scale ? tot : used ? sq[k] / (double)used : 1.0;
			inv[k] = (float)(1.0 / sqrt(var > 1e-8 ? var : 1e-8));
		}
		/* row by row: the rows are contiguous */
		for (size_t i = 0; i < n; i++)
			for (int k = 0; k < nc; k++)
				mfcc[i * (size_t)nc + (size_t)k] *= inv[k];
		if (f->local_mean)
			for (size_t q = 0; q <= (n - 1) / MED_FEATURES_MEAN_STEP; q++)
				for (int k = 0; k < nc; k++)
					f->local_mean[q * (size_t)nc + (size_t)k] *= inv[k];
	}
	return MED_OK;
}

int med_feature_stream_reserve(struct med_feature_stream *s, size_t n_samples)
{
	int64_t frames;

	if (!s)
		return MED_ERR_ARG;
	if (n_samples > (size_t)(INT64_MAX / 1000 - s->win - 512))
		return MED_ERR_NOMEM;
	/* The frames up to the one centred on the last sample, and those computed past it while
	 * med_feature_stream_finish_raw() pads the window with zeros (512 samples a push). */
	frames = ((int64_t)n_samples + s->win + 512) * 1000 / s->hop_num + 2;
	return stream_reserve(s, (size_t)frames, 1);
}

int med_feature_stream_finish_raw(struct med_feature_stream *s, struct med_features *out)
{
	int r;
	size_t want;
	float zeros[512];

	if (!s || !out)
		return MED_ERR_ARG;
	memset(out, 0, sizeof(*out));
	/* Pad with zeros until the frame centred on the last sample is computed. */
	want = (size_t)((s->n_in * 1000 + s->hop_num - 1) / s->hop_num);
	memset(zeros, 0, sizeof(zeros));
	while (s->f.n_frames < want) {
		size_t room = s->buf_cap - s->buf_len, take = room < 512 ? room : 512;
		stream_append(s, zeros, take);
		r = stream_run(s);
		if (r)
			return r;
	}
	if (s->f.n_frames > want)
		s->f.n_frames = want;
	if (!s->f.n_frames)
		return MED_ERR_EMPTY;
	s->f.speech = calloc(s->f.n_frames, 1);
	if (!s->f.speech)
		return MED_ERR_NOMEM;
	*out = s->f;
	memset(&s->f, 0, sizeof(s->f));
	s->f.n_coeffs = out->n_coeffs;
	s->f.hop_ms = out->hop_ms;
	s->cap = 0;
	return MED_OK;
}

int med_features_normalise(struct med_features *f, const struct med_features_config *cin)
{
	struct med_features_config def;

	if (!f || !f->n_frames || !f->mfcc || !f->energy_db || !f->speech)
		return MED_ERR_ARG;
	if (!cin) {
		med_features_config_init(&def);
		cin = &def;
	}
	med_features_vad(f, cin);
	if (cin->cmvn) {
		/* the sliding mean kept for the voices is the voice copy's, when there is one */
		int r = features_cmvn(f, f->mfcc, cin->cmvn_window_ms, cin->cmvn == 2,
		                      cin->voice_copy && !f->mfcc_voice);
		if (!r && f->mfcc_voice)
			r = features_cmvn(f, f->mfcc_voice, cin->cmvn_window_ms, cin->cmvn == 2,
			                  cin->voice_copy);
		return r;
	}
	return MED_OK;
}

int med_feature_stream_finish(struct med_feature_stream *s, struct med_features *out)
{
	int r = med_feature_stream_finish_raw(s, out);

	if (r)
		return r;
	r = med_features_normalise(out, &s->c);
	if (r)
		med_features_release(out);
	return r;
}

static int features_check_silent(const struct med_features *f, const struct med_features_config *c)
{
	float peak = -1000;
	for (size_t i = 0; i < f->n_frames; i++)
		if (f->energy_db[i] > peak)
			peak = f->energy_db[i];
	return peak < c->silent_db ? MED_ERR_SILENT : MED_OK;
}

/*
 * The configuration for audio at rate: its own rate when that holds the mel bands, as for
 * the synthetic speech (same window and hop in milliseconds, same bands in hertz), else the
 * analysis rate, resampled to. Resampling a 44.1 kHz recording with libsamplerate's fastest
 * sinc converter ran at about 100 times real time here: 10 of the 12 s a 17-minute
 * interview took to align. The mel filterbank leaves out what lies above f_max_hz, as the
 * resampler's low-pass did. Rates below twice f_max_hz are resampled (the aligner lowers
 * f_max_hz for telephone audio, which is then read at its own 8 kHz too).
 */
struct med_features_config med_features_config_at(const struct med_features_config *c, int rate)
{
	struct med_features_config n = *c;
	if (rate != c->rate && rate >= 2.0f * c->f_max_hz && rate <= FEAT_MAX_RATE) {
		n.rate = rate;
		/* The energy on the band the synthetic speech has (espeak-ng's 22.05 kHz): a
		 * 48 kHz recording's hiss above it would raise the noise floor the voice
		 * activity is measured against (white noise at -38 dB over the whole band:
		 * 99.35 % in sync instead of 99.62 % resampled, a turn end 255 ms early; 99.57 %
		 * with this). Cut at 8 kHz instead, as a resampled signal was, the voice
		 * activity of a 22.05 kHz recording no longer matched the synthetic speech's
		 * on the band they share, and test_med_align's untranscribed remark was taken
		 * into a sentence. */
		if (rate > 2 * FEAT_ENERGY_MAX_HZ &&
		    (n.energy_max_hz <= 0 || n.energy_max_hz > FEAT_ENERGY_MAX_HZ))
			n.energy_max_hz = FEAT_ENERGY_MAX_HZ;
	}
	return n;
}

int med_features_from_file(const char *path, const struct med_features_config *cin,
                           struct med_features *out, med_progress_fn progress, void *user)
{
	struct med_features_config def, c;
	struct med_decoder *d = NULL;
	struct med_feature_stream *s = NULL;
	float *block = NULL;
	const size_t block_frames = 16000;
	int64_t total = -1, got = 0;
	int r;

	if (!out)
		return MED_ERR_ARG;
	memset(out, 0, sizeof(*out));
	if (!cin) {
		med_features_config_init(&def);
		cin = &def;
	}
	r = med_decoder_open(path, 0, 1, &d);
	if (r)
		return r;
	{
		int rate = 0;
		med_decoder_source_info(d, &rate, NULL);
		c = med_features_config_at(cin, rate);
		if (c.rate != rate) {
			r = med_decoder_set_rate(d, c.rate);
			if (r)
				goto out_free;
		}
	}
	med_decoder_info(d, NULL, NULL, &total);
	r = med_feature_stream_new(&c, &s);
	if (r)
		goto out_free;
	/* A hint: a length the file's header gets wrong is grown past, or not reserved. */
	if (total > 0)
		(void)med_feature_stream_reserve(s, (size_t)total);
	block = malloc(block_frames * sizeof(float));
	if (!block) {
		r = MED_ERR_NOMEM;
		goto out_free;
	}
	for (;;) {
		long n = med_decoder_read(d, block, block_frames);
		if (n < 0) {
			r = (int)n;
			goto out_free;
		}
		if (n == 0)
			break;
		r = med_feature_stream_push(s, block, (size_t)n);
		if (r)
			goto out_free;
		got += n;
		if (progress && progress(user, "features",
		                         total > 0 ? fmin(1.0, (double)got / (double)total) : 0)) {
			r = MED_ERR_CANCELLED;
			goto out_free;
		}
	}
	if (got == 0) {
		r = MED_ERR_EMPTY;
		goto out_free;
	}
	r = med_feature_stream_finish(s, out);
	if (r)
		goto out_free;
	r = features_check_silent(out, cin);
	if (r)
		med_features_release(out);
	if (progress)
		progress(user, "features", 1.0);
out_free:
	free(block);
	med_feature_stream_free(s);
	med_decoder_free(d);
	return r;
}

int med_features_from_pcm(const float *pcm, size_t n_frames, int rate,
                          const struct med_features_config *cin, struct med_features *out)
{
	struct med_features_config def, c;
	struct med_feature_stream *s = NULL;
	float *rs = NULL;
	const float *src = pcm;
	size_t n = n_frames;
	int r;

	if (!out)
		return MED_ERR_ARG;
	memset(out, 0, sizeof(*out));
	if ((!pcm && n_frames) || rate < 1000 || rate > 768000)
		return MED_ERR_ARG;
	if (!n_frames)
		return MED_ERR_EMPTY;
	if (!cin) {
		med_features_config_init(&def);
		cin = &def;
	}
	c = med_features_config_at(cin, rate);
	if (rate != c.rate) {
		SRC_DATA sd;
		double ratio = (double)c.rate / rate;
		size_t cap = (size_t)((double)n_frames * ratio) + 16;
		rs = malloc(cap * sizeof(float));
		if (!rs)
			return MED_ERR_NOMEM;
		memset(&sd, 0, sizeof(sd));
		sd.data_in = pcm;
		sd.input_frames = (long)n_frames;
		sd.data_out = rs;
		sd.output_frames = (long)cap;
		sd.src_ratio = ratio;
		if (src_simple(&sd, SRC_SINC_FASTEST, 1) != 0) {
			free(rs);
			return MED_ERR_ARG;
		}
		src = rs;
		n = (size_t)sd.output_frames_gen;
	}
	r = med_feature_stream_new(&c, &s);
	if (r)
		goto out_free;
	r = med_feature_stream_push(s, src, n);
	if (r)
		goto out_free;
	r = med_feature_stream_finish(s, out);
	if (r)
		goto out_free;
	r = features_check_silent(out, cin);
	if (r)
		med_features_release(out);
out_free:
	med_feature_stream_free(s);
	free(rs);
	return r;
}

int med_peaks_from_file(const char *path, int bins_per_s, float **min_max, size_t *n_bins,
                        med_progress_fn progress, void *user)
{
	struct med_decoder *d = NULL;
	float *block = NULL, *mm = NULL;
	size_t cap = 0, nb = 0, pos = 0;
	int rate = 0, r;
	int64_t total = -1, got = 0;
	double per_bin;
	const size_t block_frames = 8192;

	if (!min_max || !n_bins)
		return MED_ERR_ARG;
	*min_max = NULL;
	*n_bins = 0;
	if (bins_per_s < 1 || bins_per_s > 10000)
		return MED_ERR_ARG;
	r = med_decoder_open(path, 0, 1, &d);
	if (r)
		return r;
	med_decoder_info(d, &rate, NULL, &total);
	per_bin = (double)rate / bins_per_s;
	block = malloc(block_frames * sizeof(float));
	if (!block) {
		r = MED_ERR_NOMEM;
		goto out_free;
	}
	for (;;) {
		long n = med_decoder_read(d, block, block_frames);
		if (n < 0) {
			r = (int)n;
			goto out_free;
		}
		if (n == 0)
			break;
		for (long i = 0; i < n; i++, pos++) {
			size_t b = (size_t)((double)pos / per_bin);
			if (b >= nb) {
				if (b + 1 > cap) {
					size_t nc = cap ? cap * 2 : 4096;
					float *t;
					while (nc < b + 1)
						nc *= 2;
					t = realloc(mm, nc * 2 * sizeof(float));
					if (!t) {
						r = MED_ERR_NOMEM;
						goto out_free;
					}
					mm = t;
					cap = nc;
				}
				for (size_t k = nb; k <= b; k++)
					mm[2 * k] = mm[2 * k + 1] = 0;
				for (size_t k = nb; k <= b; k++) {
					mm[2 * k] = block[i];
					mm[2 * k + 1] = block[i];
				}
				nb = b + 1;
			}
			if (block[i] < mm[2 * b])
				mm[2 * b] = block[i];
			if (block[i] > mm[2 * b + 1])
				mm[2 * b + 1] = block[i];
		}
		got += n;
		if (progress && progress(user, "peaks",
		                         total > 0 ? fmin(1.0, (double)got / (double)total) : 0)) {
			r = MED_ERR_CANCELLED;
			goto out_free;
		}
	}
	if (!nb) {
		r = MED_ERR_EMPTY;
		goto out_free;
	}
	*min_max = mm;
	*n_bins = nb;
	mm = NULL;
	r = MED_OK;
out_free:
	free(mm);
	free(block);
	med_decoder_free(d);
	return r;
}
