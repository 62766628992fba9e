/* med_synth.c: libespeak-ng synthesis into the feature stream, fragment by fragment. */
#include "med_synth.h"

#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <pthread.h>
#include <samplerate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libespeak-ng is a process-wide singleton: one lock, one initialisation. */
static pthread_mutex_t synth_lock = PTHREAD_MUTEX_INITIALIZER;
static int synth_rate; /* espeak-ng's output rate once initialised, < 0 on failure */

struct synth_ctx {
	/* feature mode */
	struct med_feature_stream *fs;
	SRC_STATE *src;
	double ratio;
	float *in, *out;
	size_t in_cap, out_cap;
	/* pcm mode */
	float *pcm;
	size_t pcm_len, pcm_cap;
	int64_t n_samples; /* synthesised samples at espeak's rate */
	uint32_t noise;    /* dither generator state */
	float dither;      /* dither amplitude */
	int err;
};

void med_synth_config_init(struct med_synth_config *c)
{
	if (!c)
		return;
	c->voice = "en";
	c->rate_wpm = 175;
	c->pitch = 50;
	c->dither_db = -60.0f;
}

void med_synth_result_release(struct med_synth_result *r)
{
	if (!r)
		return;
	med_features_release(&r->feats);
	free(r->frag_frame);
	free(r->speech_first);
	free(r->speech_last);
	memset(r, 0, sizeof(*r));
}

int med_synth_voice_for_lang(const char *lang, char *buf, size_t size)
{
	char base[16];
	size_t i;

	if (!lang || !buf || size < 8)
		return MED_ERR_ARG;
	for (i = 0; lang[i] && lang[i] != '-' && lang[i] != '_' && i < sizeof(base) - 1; i++)
		base[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] + 32 : lang[i]);
	base[i] = 0;
	if (!base[0])
		return MED_ERR_SYNTH;
	if (!strcmp(base, "zh") || !strcmp(base, "cmn") || !strcmp(base, "chi") ||
	    !strcmp(base, "zho"))
		snprintf(buf, size, "cmn-latn-pinyin"); /* Hanzi as Mandarin, Latin as pinyin */
	else if (!strcmp(base, "yue"))
		snprintf(buf, size, "yue");
	else if (!strcmp(base, "en") || !strcmp(base, "eng"))
		snprintf(buf, size, "en-us");
	else
		snprintf(buf, size, "%s", base);
	return MED_OK;
}

static float dither_next(struct synth_ctx *x)
{
	x->noise = x->noise * 1664525u + 1013904223u;
	return ((float)(x->noise >> 8) / 8388608.0f - 1.0f) * x->dither;
}

static int ctx_feed(struct synth_ctx *x, const short *wav, int n, int last)
{
	if (x->pcm_cap || !x->fs) {
		if (x->pcm_len + (size_t)n > x->pcm_cap) {
			size_t cap = x->pcm_cap ? x->pcm_cap : 65536;
			float *t;
			while (cap < x->pcm_len + (size_t)n)
				cap *= 2;
			t = realloc(x->pcm, cap * sizeof(float));
			if (!t)
				return MED_ERR_NOMEM;
			x->pcm = t;
			x->pcm_cap = cap;
		}
		for (int i = 0; i < n; i++)
			x->pcm[x->pcm_len++] = wav[i] / 32768.0f;
		return MED_OK;
	}
	if ((size_t)n > x->in_cap) {
		size_t cap = (size_t)n * 2;
		float *t = realloc(x->in, cap * sizeof(float));
		if (!t)
			return MED_ERR_NOMEM;
		x->in = t;
		x->in_cap = cap;
		x->out_cap = (size_t)((double)cap * x->ratio) + 64;
		t = realloc(x->out, x->out_cap * sizeof(float));
		if (!t)
			return MED_ERR_NOMEM;
		x->out = t;
	}
	for (int i = 0; i < n; i++)
		x->in[i] = wav[i] / 32768.0f + dither_next(x);
	if (!x->src)
		return n ? med_feature_stream_push(x->fs, x->in, (size_t)n) : MED_OK;
	{
		SRC_DATA sd;
		long used = 0;
		do {
			memset(&sd, 0, sizeof(sd));
			sd.data_in = x->in + used;
			sd.input_frames = n - used;
			sd.data_out = x->out;
			sd.output_frames = (long)x->out_cap;
			sd.src_ratio = x->ratio;
			sd.end_of_input = last;
			if (src_process(x->src, &sd))
				return MED_ERR_SYNTH;
			used += sd.input_frames_used;
			if (sd.output_frames_gen > 0) {
				int r = med_feature_stream_push(x->fs, x->out,
				                                (size_t)sd.output_frames_gen);
				if (r)
					return r;
			}
		} while (used < n || (last && sd.output_frames_gen > 0));
	}
	return MED_OK;
}

static int synth_callback(short *wav, int n, espeak_EVENT *ev)
{
	struct synth_ctx *x = ev ? ev->user_data : NULL;

	if (!x || x->err)
		return 1;
	if (wav && n > 0) {
		x->err = ctx_feed(x, wav, n, 0);
		x->n_samples += n;
		if (x->err)
			return 1;
	}
	return 0;
}

/* Initialises espeak-ng once and selects the voice; called with synth_lock held. */
static int synth_setup(const struct med_synth_config *c)
{
	if (synth_rate == 0) {
		synth_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL,
		                               espeakINITIALIZE_DONT_EXIT);
		if (synth_rate <= 0)
			synth_rate = -1;
		else
			espeak_SetSynthCallback(synth_callback);
	}
	if (synth_rate < 0)
		return MED_ERR_SYNTH;
	if (espeak_SetVoiceByName(c->voice) != EE_OK) {
		/* Older espeak-ng data has only the plain Mandarin voice. */
		if (strncmp(c->voice, "cmn-", 4) || espeak_SetVoiceByName("cmn") != EE_OK)
			return MED_ERR_SYNTH;
	}
	espeak_SetParameter(espeakRATE, c->rate_wpm, 0);
	espeak_SetParameter(espeakPITCH, c->pitch, 0);
	espeak_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
	return MED_OK;
}

static int synth_one(struct synth_ctx *x, const char *text)
{
	size_t len = strlen(text);
	espeak_ERROR e;

	if (len == 0)
		return MED_OK;
	e = espeak_Synth(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, x);
	if (x->err)
		return x->err;
	return e == EE_OK ? MED_OK : MED_ERR_SYNTH;
}

int med_synth_pcm(const char *text, const struct med_synth_config *cin, float **pcm,
                  size_t *n_frames, int *rate)
{
	struct med_synth_config def;
	struct synth_ctx x;
	int r;

	if (!pcm || !n_frames || !text)
		return MED_ERR_ARG;
	*pcm = NULL;
	*n_frames = 0;
	if (!cin) {
		med_synth_config_init(&def);
		cin = &def;
	}
	memset(&x, 0, sizeof(x));
	pthread_mutex_lock(&synth_lock);
	r = synth_setup(cin);
	if (!r)
		r = synth_one(&x, text);
	if (rate)
		*rate = synth_rate;
	pthread_mutex_unlock(&synth_lock);
	if (!r && !x.pcm_len)
		r = MED_ERR_EMPTY;
	if (r) {
		free(x.pcm);
		return r;
	}
	*pcm = x.pcm;
	*n_frames = x.pcm_len;
	return MED_OK;
}

int med_synth_fragments(const char *const *frags, size_t n, const struct med_synth_config *cin,
                        const struct med_features_config *fcin, struct med_synth_result *out,
                        med_progress_fn progress, void *user)
{
	struct med_synth_config def;
	struct med_features_config fdef, fnat;
	struct synth_ctx x;
	int64_t *bound_samples = NULL;
	int r, serr = 0;
	size_t k;

	if (!out)
		return MED_ERR_ARG;
	memset(out, 0, sizeof(*out));
	if (!frags || n == 0)
		return MED_ERR_ARG;
	for (k = 0; k < n; k++)
		if (!frags[k])
			return MED_ERR_ARG;
	if (!cin) {
		med_synth_config_init(&def);
		cin = &def;
	}
	if (!fcin) {
		med_features_config_init(&fdef);
		fcin = &fdef;
	}
	memset(&x, 0, sizeof(x));
	x.noise = 12345u;
	x.dither = powf(10.0f, cin->dither_db / 20.0f) * 1.7320508f; /* uniform: rms = a/sqrt3 */
	out->frag_frame = calloc(n + 1, sizeof(int64_t));
	out->speech_first = calloc(n, sizeof(int64_t));
	out->speech_last = calloc(n, sizeof(int64_t));
	bound_samples = calloc(n + 1, sizeof(int64_t));
	if (!out->frag_frame || !out->speech_first || !out->speech_last || !bound_samples) {
		r = MED_ERR_NOMEM;
		goto out_fail;
	}
	pthread_mutex_lock(&synth_lock);
	r = synth_setup(cin);
	if (r) {
		pthread_mutex_unlock(&synth_lock);
		goto out_fail;
	}
	/* Features straight at espeak-ng's rate (same window and hop in milliseconds, same
	 * mel bands in hertz): the cepstra compare with the audio's without resampling. */
	fnat = *fcin;
	if (synth_rate >= 2 * fcin->f_max_hz) {
		fnat.rate = synth_rate;
	} else {
		x.ratio = (double)fcin->rate / synth_rate;
		x.src = src_new(SRC_SINC_FASTEST, 1, &serr);
		if (!x.src) {
			pthread_mutex_unlock(&synth_lock);
			r = MED_ERR_NOMEM;
			goto out_fail;
		}
	}
	r = med_feature_stream_new(&fnat, &x.fs);
	if (r) {
		pthread_mutex_unlock(&synth_lock);
		goto out_fail;
	}
	for (k = 0; k < n; k++) {
		bound_samples[k] = x.n_samples;
		r = synth_one(&x, frags[k]);
		if (r)
			break;
		if (progress && (k % 16 == 0 || k + 1 == n) &&
		    progress(user, "synthesis", (double)(k + 1) / (double)n)) {
			r = MED_ERR_CANCELLED;
			break;
		}
	}
	bound_samples[n] = x.n_samples;
	if (!r)
		r = ctx_feed(&x, NULL, 0, 1);
	pthread_mutex_unlock(&synth_lock);
	if (r)
		goto out_fail;
	if (x.n_samples == 0) {
		r = MED_ERR_EMPTY;
		goto out_fail;
	}
	r = med_feature_stream_finish(x.fs, &out->feats);
	if (r)
		goto out_fail;
	out->n_frags = n;
	out->seconds = (double)x.n_samples / synth_rate;
	for (k = 0; k <= n; k++) {
		int64_t f = (int64_t)llround((double)bound_samples[k] * 1000.0 / synth_rate /
		                             out->feats.hop_ms);
		if (f > (int64_t)out->feats.n_frames)
			f = (int64_t)out->feats.n_frames;
		out->frag_frame[k] = f;
	}
	for (k = 0; k < n; k++) {
		out->speech_first[k] = out->speech_last[k] = -1;
		for (int64_t f = out->frag_frame[k]; f < out->frag_frame[k + 1]; f++) {
			if (out->feats.speech[f]) {
				if (out->speech_first[k] < 0)
					out->speech_first[k] = f;
				out->speech_last[k] = f;
			}
		}
	}
	r = MED_OK;
	goto out_free;

out_fail:
	med_synth_result_release(out);
out_free:
	free(bound_samples);
	if (x.src)
		src_delete(x.src);
	med_feature_stream_free(x.fs);
	free(x.in);
	free(x.out);
	return r;
}
