/* med_synth.c: libespeak-ng synthesis into the feature stream, fragment by fragment. */
#define _GNU_SOURCE /* dlmopen, LM_ID_NEWLM */
#include "med_synth.h"

#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <samplerate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/*
 * libespeak-ng is a process-wide singleton and not re-entrant. The normally linked copy
 * (engine_main) serves every call; a long text is also split in two and its second half
 * spoken by an independent copy of the same system library loaded into a new link-map
 * namespace with dlmopen() (engine_second), on a worker thread that lives as long as the
 * process. synth_lock serialises the public calls: both engines run only while it is held.
 */
static pthread_mutex_t synth_lock = PTHREAD_MUTEX_INITIALIZER;

struct synth_engine {
	int (*initialize)(espeak_AUDIO_OUTPUT output, int buflength, const char *path, int options);
	void (*set_callback)(t_espeak_callback *cb);
	espeak_ERROR (*set_voice)(const char *name);
	espeak_ERROR (*set_voice_file)(const char *path);
	const espeak_VOICE **(*list_voices)(espeak_VOICE *spec);
	const char *(*info)(const char **data_path);
	espeak_ERROR (*set_parameter)(espeak_PARAMETER parameter, int value, int relative);
	espeak_ERROR (*synth)(const void *text, size_t size, unsigned int position,
	                      espeak_POSITION_TYPE position_type, unsigned int end_position,
	                      unsigned int flags, unsigned int *unique_identifier, void *user_data);
	int rate; /* output rate once initialised, 0 before, < 0 on failure */
};

static struct synth_engine engine_main = {espeak_Initialize,
                                          espeak_SetSynthCallback,
                                          espeak_SetVoiceByName,
                                          espeak_SetVoiceByFile,
                                          espeak_ListVoices,
                                          espeak_Info,
                                          espeak_SetParameter,
                                          espeak_Synth,
                                          0};
static struct synth_engine engine_second;

/* Texts shorter than this (bytes) are spoken by one engine: the split would gain little. */
#define SYNTH_SPLIT_MIN_BYTES 2000
/* Bytes of text espeak-ng speaks in a second, at the fewest (the sample interview: 20 in
 * English, 13 in Mandarin): the features' arrays are reserved for the text's length at
 * this pace before synthesis. */
#define SYNTH_BYTES_PER_S 10

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SYNTH_NO_SECOND 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
        __has_feature(memory_sanitizer)
#define SYNTH_NO_SECOND 1
#endif
#endif
#ifndef SYNTH_NO_SECOND
#define SYNTH_NO_SECOND 0
#endif

/* Shared by the parts of one med_synth_fragments() call. */
struct synth_run {
	size_t n_total;
	atomic_size_t n_done; /* fragments spoken, both parts */
	atomic_int cancel;    /* set to stop both parts */
	med_progress_fn progress;
	void *user;
};

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
	int64_t n_samples;  /* synthesised samples at espeak's rate */
	uint32_t noise;     /* dither generator state */
	float dither;       /* dither amplitude */
	atomic_int *cancel; /* may be NULL; nonzero stops the synthesis */
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
	c->voice_alt = NULL;
	c->alt = NULL;
	c->harmonic_formants = MED_SYNTH_HARMONIC_FORMANTS;
	c->keep_raw = 0;
	c->reuse = NULL;
}

void med_synth_result_release(struct med_synth_result *r)
{
	if (!r)
		return;
	med_features_release(&r->feats);
	med_features_release(&r->raw);
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

/* One generator state's dither value: uniform in [-amp, amp). */
static inline float dither_of(uint32_t q, float amp)
{
	return ((float)(q >> 8) / 8388608.0f - 1.0f) * amp;
}

void med_synth_dither(uint32_t *state, float amp, const short *wav, int n, float *out)
{
	/* Four samples at a time: four generators, each four steps ahead of the last (x' =
	 * A^4 x + C (A^3 + A^2 + A + 1), modulo 2^32 as the one-step rule), give the numbers
	 * of one generator without each waiting on the one before. */
	const uint32_t a = 1664525u, c = 1013904223u, a4 = a * a * a * a,
	               c4 = c * (a * a * a + a * a + a + 1u);
	uint32_t q0 = *state * a + c, q1 = q0 * a + c, q2 = q1 * a + c, q3 = q2 * a + c;
	int i = 0;
	for (; i + 4 <= n; i += 4) {
		out[i] = wav[i] / 32768.0f + dither_of(q0, amp);
		out[i + 1] = wav[i + 1] / 32768.0f + dither_of(q1, amp);
		out[i + 2] = wav[i + 2] / 32768.0f + dither_of(q2, amp);
		out[i + 3] = wav[i + 3] / 32768.0f + dither_of(q3, amp);
		*state = q3;
		q0 = q0 * a4 + c4;
		q1 = q1 * a4 + c4;
		q2 = q2 * a4 + c4;
		q3 = q3 * a4 + c4;
	}
	for (; i < n; i++) {
		*state = *state * a + c;
		out[i] = wav[i] / 32768.0f + dither_of(*state, amp);
	}
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
	med_synth_dither(&x->noise, x->dither, wav, n, x->in);
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

	if (!x || x->err || (x->cancel && atomic_load(x->cancel)))
		return 1;
	if (wav && n > 0) {
		x->err = ctx_feed(x, wav, n, 0);
		x->n_samples += n;
		if (x->err)
			return 1;
	}
	return 0;
}

/*
 * espeak-ng sums the harmonics of every voiced sample one by one up to its fifth formant,
 * and gives the formants above one sinusoid each: that loop was 90 % of its time. A voice's
 * "clarity" attribute lowers the last formant summed in full. The aligner's voice takes
 * c->harmonic_formants through it. The attribute lives in voice files only, so each voice
 * is rewritten: its language file, the variant's attributes after it (a variant loaded
 * after a voice file resets the attribute), then "clarity". The text sits in an anonymous
 * memory file (memfd) that espeak_SetVoiceByFile() reads by its /proc name, which is
 * lower case as that function needs (no file on disk). Where any step fails the voice is
 * taken by name with its own formants.
 */
struct synth_voices {
	int fd[2];        /* the voice, then c->voice_alt; -1 for none */
	char path[2][32]; /* "/proc/self/fd/N", or "" */
};

/* A text file of at most 64 KiB, NUL-terminated; NULL on failure. */
static char *read_small(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(65536 + 1);
	n = buf ? fread(buf, 1, 65536, f) : 0;
	if (buf && (ferror(f) || !feof(f) || !n)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		buf[n] = 0;
	return buf;
}

/* Appends text to *buf (length *len, both updated); lines that start with "language" are
 * left out when skip_lang is set (a variant's "language variant"). */
static int append_lines(char **buf, size_t *len, const char *text, int skip_lang)
{
	while (*text) {
		const char *e = strchr(text, '\n');
		size_t l = e ? (size_t)(e - text) + 1 : strlen(text);
		if (!skip_lang || strncmp(text, "language", 8)) {
			char *m = realloc(*buf, *len + l + 2);
			if (!m)
				return MED_ERR_NOMEM;
			memcpy(m + *len, text, l);
			*len += l;
			if (text[l - 1] != '\n')
				m[(*len)++] = '\n';
			m[*len] = 0;
			*buf = m;
		}
		text += l;
	}
	return MED_OK;
}

/* The text of voice name ("en-us", "cmn-latn-pinyin+f4") with clarity set, from the data
 * in home, whose voices are list; NULL when the voice's file is not found. */
static char *voice_text(const char *home, const espeak_VOICE **list, const char *name, int clarity)
{
	const char *plus = strchr(name, '+'), *id = NULL;
	char base[64], path[1024], *base_text = NULL, *var_text = NULL, *out = NULL;
	size_t bl = plus ? (size_t)(plus - name) : strlen(name), len = 0;

	if (bl == 0 || bl >= sizeof(base))
		return NULL;
	memcpy(base, name, bl);
	base[bl] = 0;
	for (size_t i = 0; home && list && list[i] && !id; i++) {
		const char *v = list[i]->identifier, *slash = v ? strrchr(v, '/') : NULL;
		if (v && !strcasecmp(slash ? slash + 1 : v, base))
			id = v;
	}
	if (!id)
		return NULL;
	snprintf(path, sizeof(path), "%s/lang/%s", home, id);
	base_text = read_small(path);
	if (!base_text) {
		snprintf(path, sizeof(path), "%s/voices/%s", home, id);
		base_text = read_small(path);
	}
	if (plus) {
		snprintf(path, sizeof(path), "%s/voices/!v/%s", home, plus + 1);
		var_text = read_small(path);
	}
	if (base_text && (!plus || var_text)) {
		char tail[32];
		snprintf(tail, sizeof(tail), "clarity %d\n", clarity);
		if (append_lines(&out, &len, base_text, 0) ||
		    (var_text && append_lines(&out, &len, var_text, 1)) ||
		    append_lines(&out, &len, tail, 0)) {
			free(out);
			out = NULL;
		}
	}
	free(base_text);
	free(var_text);
	return out;
}

/* Writes c's voices for engine e (initialised) into memory files; vs is always usable. */
static void synth_voices_open(struct synth_voices *vs, const struct synth_engine *e,
                              const struct med_synth_config *c)
{
	const espeak_VOICE **list = NULL; /* espeak-ng reads every voice file for it: once */
	const char *home = NULL;

	for (int k = 0; k < 2; k++) {
		const char *name = k ? c->voice_alt : c->voice;
		char *text;
		vs->fd[k] = -1;
		vs->path[k][0] = 0;
		if (!name || (k && !c->alt) || c->harmonic_formants < 1 || c->harmonic_formants > 4)
			continue;
		if (!list) {
			e->info(&home);
			list = e->list_voices(NULL);
		}
		text = voice_text(home, list, name, c->harmonic_formants - 1);
		if (!text)
			continue;
		vs->fd[k] = memfd_create("tsync-voice", MFD_CLOEXEC);
		if (vs->fd[k] >= 0) {
			size_t len = strlen(text);
			if (write(vs->fd[k], text, len) == (ssize_t)len)
				snprintf(vs->path[k], sizeof(vs->path[k]), "/proc/self/fd/%d",
				         vs->fd[k]);
		}
		free(text);
	}
}

static void synth_voices_close(struct synth_voices *vs)
{
	for (int k = 0; k < 2; k++)
		if (vs->fd[k] >= 0)
			close(vs->fd[k]);
}

/* Selects c's voice (alt: c->voice_alt) on e, from its file in vs when there is one (then
 * *by_file is left, else cleared), at c's rate and pitch. */
static int synth_voice(const struct synth_engine *e, const struct med_synth_config *c,
                       const struct synth_voices *vs, int alt, int *by_file)
{
	const char *v = alt ? c->voice_alt : c->voice;
	if (!vs || !vs->path[alt][0] || e->set_voice_file(vs->path[alt]) != EE_OK) {
		*by_file = 0;
		/* Older espeak-ng data has only the plain Mandarin voice. */
		if (e->set_voice(v) != EE_OK &&
		    (alt || strncmp(v, "cmn-", 4) || e->set_voice("cmn") != EE_OK))
			return MED_ERR_SYNTH;
	}
	e->set_parameter(espeakRATE, c->rate_wpm, 0);
	e->set_parameter(espeakPITCH, c->pitch, 0);
	e->set_parameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
	return MED_OK;
}

/* Initialises engine e once; called with synth_lock held, and for engine_second on the
 * worker thread only. */
static int synth_init(struct synth_engine *e)
{
	if (e->rate == 0) {
		e->rate = e->initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL,
		                        espeakINITIALIZE_DONT_EXIT);
		if (e->rate <= 0)
			e->rate = -1;
		else
			e->set_callback(synth_callback);
	}
	return e->rate < 0 ? MED_ERR_SYNTH : MED_OK;
}

static int synth_one(const struct synth_engine *e, struct synth_ctx *x, const char *text)
{
	size_t len = strlen(text);
	espeak_ERROR er;

	if (len == 0)
		return MED_OK;
	er = e->synth(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, x);
	if (x->err)
		return x->err;
	if (x->cancel && atomic_load(x->cancel))
		return MED_ERR_CANCELLED;
	return er == EE_OK ? MED_OK : MED_ERR_SYNTH;
}

/*
 * Scripts that espeak-ng's voices of other languages spell out letter by letter ("Cyrillic
 * P", "Chinese letter" for each ideograph: 18 s of synthetic speech for a Russian phrase of
 * two seconds in a Czech transcript), with the voice that reads them and the languages
 * (a voice name's part before '-' or '+') that read them themselves. Latin letters are not
 * here: every voice hands them to English itself.
 */
static const struct {
	uint32_t lo, hi;
	const char *voice, *family;
} script_voices[] = {
        {0x0370, 0x03FF, "el", "el grc"},
        {0x0400, 0x052F, "ru", "ru uk bg sr mk be kk ky tt ba cv"},
        {0x0530, 0x058F, "hy", "hy hyw"},
        {0x0590, 0x05FF, "he", "he"},
        {0x0600, 0x06FF, "ar", "ar fa ur ps sd ug ku"},
        {0x0900, 0x097F, "hi", "hi mr ne sa kok"},
        {0x0980, 0x09FF, "bn", "bn as"},
        {0x0B80, 0x0BFF, "ta", "ta"},
        {0x0E00, 0x0E7F, "th", "th"},
        {0x10A0, 0x10FF, "ka", "ka"},
        {0x1100, 0x11FF, "ko", "ko"},
        {0x3040, 0x30FF, "ja", "ja"},
        {0x3400, 0x4DBF, "cmn", "cmn yue zh"},
        {0x4E00, 0x9FFF, "cmn", "cmn yue zh"},
        {0xAC00, 0xD7AF, "ko", "ko"},
        {0xF900, 0xFAFF, "cmn", "cmn yue zh"},
};
#define N_SCRIPT_VOICES (sizeof(script_voices) / sizeof(script_voices[0]))

/* The code point at s[*i] (advanced past it); a stray byte reads as itself. */
static uint32_t utf8_at(const char *s, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	int n = u[0] >= 0xF0 ? 3 : u[0] >= 0xE0 ? 2 : u[0] >= 0xC0 ? 1 : 0;
	uint32_t cp = n ? u[0] & (0x3F >> n) : u[0];

	for (int k = 1; k <= n; k++) {
		if ((u[k] & 0xC0) != 0x80) {
			*i += 1;
			return u[0];
		}
		cp = cp << 6 | (u[k] & 0x3F);
	}
	*i += (size_t)n + 1;
	return cp;
}

/* Nonzero when the voice's language (name up to '-' or '+') is a word of family. */
static int voice_in_family(const char *voice, const char *family)
{
	size_t l = strcspn(voice, "-+");
	for (const char *f = family; *f;) {
		size_t w = strcspn(f, " ");
		if (w == l && !strncasecmp(f, voice, l))
			return 1;
		f += w + (f[w] == ' ');
	}
	return 0;
}

/* The voice that reads the code point in place of voice, or NULL when voice reads it. */
static const char *foreign_voice(uint32_t cp, const char *voice)
{
	for (size_t k = 0; k < N_SCRIPT_VOICES; k++)
		if (cp >= script_voices[k].lo && cp <= script_voices[k].hi)
			return voice_in_family(voice, script_voices[k].family)
			               ? NULL
			               : script_voices[k].voice;
	return NULL;
}

/* A letter or digit, near enough: not ASCII or Latin-1 punctuation, a blank, a combining
 * mark (a stress mark inside a word) or the general, CJK or full-width punctuation. The
 * rest between two runs of one script stays in the run; between two scripts, it goes with
 * the voice's own text. */
static int is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	return !(cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || (cp >= 0x0300 && cp <= 0x036F) ||
	         (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
	         (cp >= 0xFF00 && cp <= 0xFF20));
}

/*
 * Speaks text with the voice set on e (c's, alt: c->voice_alt), and each run of letters
 * in a script that voice spells out (script_voices) with the voice of that script, at c's
 * rate and pitch; the voice is set back after. Runs follow each other in the audio with
 * the short silence espeak-ng ends every text with. Where a script's voice cannot be set
 * the run is left to the voice.
 */
static int synth_text(const struct synth_engine *e, struct synth_ctx *x, const char *text,
                      const struct med_synth_config *c, const struct synth_voices *vs, int alt,
                      int *by_file)
{
	const char *voice = alt ? c->voice_alt : c->voice;
	size_t i = 0, len = strlen(text), run = 0, end = 0;
	const char *cur = NULL; /* the voice of the run being read; NULL: voice */
	int r = MED_OK, switched = 0;
	char *buf = NULL;

	while (i < len) {
		size_t at = i;
		uint32_t cp = utf8_at(text, &i);
		const char *v;
		if (!is_word_char(cp))
			continue;
		v = foreign_voice(cp, voice);
		if (v != cur && (!v || !cur || strcmp(v, cur))) {
			if (!buf && !(buf = malloc(len + 1)))
				return MED_ERR_NOMEM;
			/* a foreign run ends after its last word character; the voice's own
			 * text runs up to the first foreign one */
			size_t cut = cur ? end : at;
			if (cut > run) {
				memcpy(buf, text + run, cut - run);
				buf[cut - run] = 0;
				r = synth_one(e, x, buf);
				if (r)
					break;
			}
			run = cut;
			if (v && e->set_voice(v) == EE_OK) {
				e->set_parameter(espeakRATE, c->rate_wpm, 0);
				e->set_parameter(espeakPITCH, c->pitch, 0);
				e->set_parameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
				switched = 1;
			} else if ((r = synth_voice(e, c, vs, alt, by_file)))
				break;
			cur = v;
		}
		end = i;
	}
	if (!r && !buf)
		r = synth_one(e, x, text); /* no foreign letters: the text as it is */
	else if (!r && run < len)
		r = synth_one(e, x, text + run);
	if (switched && cur) {
		int rv = synth_voice(e, c, vs, alt, by_file);
		if (!r)
			r = rv;
	}
	free(buf);
	return r;
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
	r = synth_init(&engine_main);
	if (!r) {
		struct synth_voices vs;
		int by_file = 1;
		synth_voices_open(&vs, &engine_main, cin);
		r = synth_voice(&engine_main, cin, &vs, 0, &by_file);
		if (!r)
			r = synth_text(&engine_main, &x, text, cin, &vs, 0, &by_file);
		synth_voices_close(&vs);
	}
	if (rate)
		*rate = engine_main.rate;
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

/*
 * One run of consecutive fragments through one engine into its own feature stream, with
 * raw (not yet normalised) features: the parts of a split text are joined before the
 * voice activity and the normalisation see them.
 */
struct synth_part {
	struct synth_engine *eng;
	const struct med_synth_config *c;
	const struct synth_voices *vs;        /* c's voices, read from memory */
	const struct med_features_config *fc; /* the caller's (16 kHz) features config */
	const char *const *frags;
	const unsigned char *alt; /* NULL, or n: 1 where the fragment takes c->voice_alt */
	size_t n;
	size_t reserve_bytes;      /* the text the features' arrays are made for: the part's own,
	                            * the whole text's in the first (the second's frames join it) */
	uint32_t seed;             /* dither generator seed */
	struct synth_run *run;     /* shared counters; progress is reported by the caller's part */
	int reports;               /* this part runs on the caller's thread */
	int64_t *bound;            /* n + 1: samples at eng->rate where fragment k starts */
	int64_t n_samples;         /* samples spoken */
	int by_file;               /* every voice was read from its file in vs */
	struct med_features feats; /* raw features; empty when nothing was spoken */
	int result;
};

static int part_run(struct synth_part *p)
{
	struct med_features_config fnat;
	struct synth_ctx x;
	int r, serr = 0, cur = 0; /* cur: the alternative voice is selected */
	size_t k;

	memset(&x, 0, sizeof(x));
	x.noise = p->seed;
	x.dither = powf(10.0f, p->c->dither_db / 20.0f) * 1.7320508f; /* uniform: rms = a/sqrt3 */
	x.cancel = &p->run->cancel;
	p->by_file = 1;
	r = synth_init(p->eng);
	if (!r)
		r = synth_voice(p->eng, p->c, p->vs, 0, &p->by_file);
	if (r)
		goto out_free;
	/* Features straight at espeak-ng's rate (same window and hop in milliseconds, same
	 * mel bands in hertz): the cepstra compare with the audio's without resampling. */
	fnat = med_features_config_at(p->fc, p->eng->rate);
	if (fnat.rate != p->eng->rate) {
		x.ratio = (double)p->fc->rate / p->eng->rate;
		x.src = src_new(SRC_SINC_FASTEST, 1, &serr);
		if (!x.src) {
			r = MED_ERR_NOMEM;
			goto out_free;
		}
	}
	r = med_feature_stream_new(&fnat, &x.fs);
	if (r)
		goto out_free;
	/* The arrays made once, for the longest the text may take (a longer one grows them as
	 * it comes; without room for that many, they grow from nothing). */
	(void)med_feature_stream_reserve(x.fs, p->reserve_bytes * (size_t)p->eng->rate /
	                                               SYNTH_BYTES_PER_S);
	for (k = 0; k < p->n; k++) {
		size_t done;
		int want = p->alt && p->alt[k];
		p->bound[k] = x.n_samples;
		if (atomic_load(&p->run->cancel)) {
			r = MED_ERR_CANCELLED;
			break;
		}
		if (want != cur) {
			r = synth_voice(p->eng, p->c, p->vs, want, &p->by_file);
			if (r)
				break;
			cur = want;
		}
		r = synth_text(p->eng, &x, p->frags[k], p->c, p->vs, cur, &p->by_file);
		if (r)
			break;
		done = atomic_fetch_add(&p->run->n_done, 1) + 1;
		if (p->reports && p->run->progress && (k % 16 == 0 || k + 1 == p->n) &&
		    p->run->progress(p->run->user, "synthesis",
		                     (double)done / (double)p->run->n_total)) {
			atomic_store(&p->run->cancel, 1);
			r = MED_ERR_CANCELLED;
			break;
		}
	}
	p->bound[p->n] = x.n_samples;
	p->n_samples = x.n_samples;
	if (!r)
		r = ctx_feed(&x, NULL, 0, 1);
	if (!r && x.n_samples > 0)
		r = med_feature_stream_finish_raw(x.fs, &p->feats);
out_free:
	if (r)
		atomic_store(&p->run->cancel, 1); /* the other part need not go on */
	if (x.src)
		src_delete(x.src);
	med_feature_stream_free(x.fs);
	free(x.in);
	free(x.out);
	return r;
}

/*
 * The worker thread owns engine_second: it loads it (so that the namespace's own C
 * library initialises its per-thread state, such as the ctype tables, on this thread)
 * and runs one part at a time. worker.state: 0 not started, 1 ready, -1 unavailable.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int state;
	struct synth_part *job; /* the part to run or running, NULL when idle */
	int done;               /* job finished */
} worker = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL, 0};

/* Loads engine_second once per process (the namespace stays loaded: unloading a second
 * C library is not safe) and readies the calling thread for it. */
static int engine_second_load(void)
{
	static void *h;
	static locale_t (*use_locale)(locale_t);
	char *(*set_locale)(int, const char *);
	const char *ctype;

	if (!h) {
		h = dlmopen(LM_ID_NEWLM, "libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
		if (!h)
			return -1;
		*(void **)&engine_second.initialize = dlsym(h, "espeak_Initialize");
		*(void **)&engine_second.set_callback = dlsym(h, "espeak_SetSynthCallback");
		*(void **)&engine_second.set_voice = dlsym(h, "espeak_SetVoiceByName");
		*(void **)&engine_second.set_voice_file = dlsym(h, "espeak_SetVoiceByFile");
		*(void **)&engine_second.list_voices = dlsym(h, "espeak_ListVoices");
		*(void **)&engine_second.info = dlsym(h, "espeak_Info");
		*(void **)&engine_second.set_parameter = dlsym(h, "espeak_SetParameter");
		*(void **)&engine_second.synth = dlsym(h, "espeak_Synth");
		/* The namespace's C library, found through the library's dependencies. */
		*(void **)&use_locale = dlsym(h, "uselocale");
		*(void **)&set_locale = dlsym(h, "setlocale");
		engine_second.rate = 0;
		/* The second C library starts in the "C" locale: give it the application's
		 * character classes, as the first copy sees them. */
		ctype = setlocale(LC_CTYPE, NULL);
		if (set_locale && ctype && strcmp(ctype, "C"))
			set_locale(LC_CTYPE, ctype);
	}
	if (!engine_second.initialize || !engine_second.set_callback || !engine_second.set_voice ||
	    !engine_second.set_voice_file || !engine_second.list_voices || !engine_second.info ||
	    !engine_second.set_parameter || !engine_second.synth || !use_locale)
		return -1;
	/* A thread started by the main namespace's pthread_create() has the second C
	 * library's ctype pointers unset; selecting the global locale sets them. */
	use_locale(LC_GLOBAL_LOCALE);
	return 0;
}

/* A child of fork() has no worker thread: the next long text starts a new one. */
static void worker_atfork_child(void)
{
	pthread_mutex_init(&worker.lock, NULL);
	pthread_cond_init(&worker.cond, NULL);
	if (worker.state == 1)
		worker.state = 0;
	worker.job = NULL;
	worker.done = 0;
}

static void *worker_main(void *arg)
{
	struct synth_part *p;
	int ok = engine_second_load() == 0;

	(void)arg;
	pthread_mutex_lock(&worker.lock);
	worker.state = ok ? 1 : -1;
	pthread_cond_broadcast(&worker.cond);
	while (ok) {
		while (!worker.job || worker.done)
			pthread_cond_wait(&worker.cond, &worker.lock);
		p = worker.job;
		pthread_mutex_unlock(&worker.lock);
		p->result = part_run(p);
		pthread_mutex_lock(&worker.lock);
		worker.done = 1;
		pthread_cond_broadcast(&worker.cond);
	}
	pthread_mutex_unlock(&worker.lock);
	return NULL;
}

/* Whether a text may be split over two engines; starts the worker on first use. Called
 * with synth_lock held. */
static int worker_available(void)
{
	const char *env = getenv("TSYNC_SYNTH_THREADS");
	const char *pre = getenv("LD_PRELOAD");
	pthread_attr_t attr;
	pthread_t th;
	sigset_t all, old;
	int state;

	if (SYNTH_NO_SECOND || (env && atoi(env) == 1) || sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return 0;
	/* Valgrind's tools do not follow a second C library in another namespace. */
	if (pre && strstr(pre, "vgpreload"))
		return 0;
	pthread_mutex_lock(&worker.lock);
	if (worker.state == 0) {
		static int atfork_set;
		if (!atfork_set && !pthread_atfork(NULL, NULL, worker_atfork_child))
			atfork_set = 1;
		worker.state = -1;
		if (!pthread_attr_init(&attr)) {
			pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
			/* Signals stay with the application's threads. */
			sigfillset(&all);
			pthread_sigmask(SIG_SETMASK, &all, &old);
			if (!pthread_create(&th, &attr, worker_main, NULL))
				worker.state = 0;
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			pthread_attr_destroy(&attr);
		}
		while (worker.state == 0)
			pthread_cond_wait(&worker.cond, &worker.lock);
	}
	state = worker.state;
	pthread_mutex_unlock(&worker.lock);
	return state == 1;
}

int med_synth_threads(void)
{
	int two;

	pthread_mutex_lock(&synth_lock);
	two = worker_available();
	pthread_mutex_unlock(&synth_lock);
	return two ? 2 : 1;
}

/* Hands p to the worker. */
static void worker_start(struct synth_part *p)
{
	pthread_mutex_lock(&worker.lock);
	worker.job = p;
	worker.done = 0;
	pthread_cond_broadcast(&worker.cond);
	pthread_mutex_unlock(&worker.lock);
}

/* Waits for the worker's part, reporting progress (caller's thread) every 50 ms. */
static void worker_wait(struct synth_run *run)
{
	struct timespec ts;

	pthread_mutex_lock(&worker.lock);
	while (!worker.done) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 50000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&worker.cond, &worker.lock, &ts);
		if (!worker.done && run->progress && !atomic_load(&run->cancel)) {
			double f = (double)atomic_load(&run->n_done) / (double)run->n_total;
			pthread_mutex_unlock(&worker.lock);
			if (run->progress(run->user, "synthesis", f))
				atomic_store(&run->cancel, 1);
			pthread_mutex_lock(&worker.lock);
		}
	}
	worker.job = NULL;
	pthread_mutex_unlock(&worker.lock);
}

/* Bytes of text in fragments [a, b). */
static size_t text_bytes(const char *const *frags, size_t a, size_t b)
{
	size_t total = 0;

	for (; a < b; a++)
		total += strlen(frags[a]);
	return total;
}

/* Index of the first fragment of the second half, by bytes of text (total: all n
 * fragments'); 0 for no split. */
static size_t split_point(const char *const *frags, size_t n, size_t total)
{
	size_t acc = 0, k;

	if (n < 2 || total < SYNTH_SPLIT_MIN_BYTES)
		return 0;
	for (k = 0; k + 1 < n; k++) {
		acc += strlen(frags[k]);
		if (2 * acc >= total)
			break;
	}
	return k + 1 < n ? k + 1 : n - 1;
}

/* a's optional rows (w floats a frame, na frames) followed by b's (nb): kept when both
 * halves have them, else dropped (a copy of one half only would be read past its end). */
static int join_rows(float **a, const float *b, size_t na, size_t nb, size_t w)
{
	float *m;

	if (!*a || !b) {
		free(*a);
		*a = NULL;
		return MED_OK;
	}
	m = realloc(*a, (na + nb) * w * sizeof(float));
	if (!m)
		return MED_ERR_NOMEM;
	memcpy(m + na * w, b, nb * w * sizeof(float));
	*a = m;
	return MED_OK;
}

/* Appends frames [a, b) of src's raw arrays to dst, which may be empty (an optional array
 * is kept only when every piece has it); dst's speech gets zeros for them. */
static int feats_append(struct med_features *dst, const struct med_features *src, size_t a,
                        size_t b)
{
	size_t na = dst->n_frames, nb = b - a, nc = (size_t)src->n_coeffs;
	float **d[7] = {&dst->mfcc,       &dst->energy_db, &dst->hiss_db, &dst->low_db,
	                &dst->mfcc_voice, &dst->voicing,   &dst->pitch_hz};
	const float *s[7] = {src->mfcc,       src->energy_db, src->hiss_db, src->low_db,
	                     src->mfcc_voice, src->voicing,   src->pitch_hz};
	const size_t w[7] = {nc, 1, 1, 1, nc, 1, 1};
	unsigned char *sp;

	if (b <= a)
		return MED_OK;
	if (!na) {
		med_features_release(dst);
		dst->n_coeffs = src->n_coeffs;
		dst->hop_ms = src->hop_ms;
	}
	for (int k = 0; k < 7; k++) {
		const float *from = s[k] ? s[k] + a * w[k] : NULL;
		if (!na && from) {
			*d[k] = med_alloc_big(nb * w[k] * sizeof(float));
			if (!*d[k])
				return MED_ERR_NOMEM;
			memcpy(*d[k], from, nb * w[k] * sizeof(float));
		} else if (na && join_rows(d[k], from, na, nb, w[k])) {
			return MED_ERR_NOMEM;
		}
	}
	sp = realloc(dst->speech, na + nb);
	if (!sp)
		return MED_ERR_NOMEM;
	memset(sp + na, 0, nb);
	dst->speech = sp;
	dst->n_frames = na + nb;
	return MED_OK;
}

/* Appends the raw features b to a (b is released). */
static int feats_join(struct med_features *a, struct med_features *b)
{
	int r;

	if (!b->n_frames)
		return MED_OK;
	if (!a->n_frames) {
		med_features_release(a);
		*a = *b;
		memset(b, 0, sizeof(*b));
		return MED_OK;
	}
	r = feats_append(a, b, 0, b->n_frames);
	if (!r)
		med_features_release(b);
	return r;
}

/* Voice activity and normalisation of out->feats (raw, at espeak-ng's rate), after a copy
 * into out->raw when c asks for one, and each fragment's first and last frame of speech. */
static int synth_finish(struct med_synth_result *out, const struct med_synth_config *c,
                        const struct med_features_config *fc, int rate)
{
	struct med_features_config fnat = med_features_config_at(fc, rate);
	int r = MED_OK;

	if (c->keep_raw)
		r = feats_append(&out->raw, &out->feats, 0, out->feats.n_frames);
	if (!r)
		r = med_features_normalise(&out->feats, &fnat);
	for (size_t k = 0; !r && k < out->n_frags; k++) {
		out->speech_first[k] = out->speech_last[k] = -1;
		for (int64_t f = out->frag_frame[k]; f < out->frag_frame[k + 1]; f++) {
			if (out->feats.speech[f]) {
				if (out->speech_first[k] < 0)
					out->speech_first[k] = f;
				out->speech_last[k] = f;
			}
		}
	}
	return r;
}

/* med_synth_fragments() with the text split over both engines when allowed and worth it.
 * *retry is set when the second engine failed where the first did not (serial retry). */
static int synth_fragments(const char *const *frags, size_t n, const struct med_synth_config *cin,
                           const struct med_features_config *fcin, struct med_synth_result *out,
                           med_progress_fn progress, void *user, int allow_split, int *retry)
{
	struct synth_part part[2];
	struct synth_run run;
	struct synth_voices vs = {{-1, -1}, {"", ""}};
	int64_t *bound = NULL, samples = 0;
	size_t k, split = 0, n_parts = 1, bytes = text_bytes(frags, 0, n);
	int r, rate;

	memset(part, 0, sizeof(part));
	out->frag_frame = calloc(n + 1, sizeof(int64_t));
	out->speech_first = calloc(n, sizeof(int64_t));
	out->speech_last = calloc(n, sizeof(int64_t));
	/* Sample boundaries of both parts side by side: part 1 uses [0, split], part 2
	 * [split + 1, n + 1]. */
	bound = calloc(n + 2, sizeof(int64_t));
	if (!out->frag_frame || !out->speech_first || !out->speech_last || !bound) {
		r = MED_ERR_NOMEM;
		goto out_fail;
	}
	memset(&run, 0, sizeof(run));
	run.n_total = n;
	atomic_init(&run.n_done, 0);
	atomic_init(&run.cancel, 0);
	run.progress = progress;
	run.user = user;

	pthread_mutex_lock(&synth_lock);
	if (synth_init(&engine_main) == MED_OK)
		synth_voices_open(&vs, &engine_main, cin);
	split = allow_split ? split_point(frags, n, bytes) : 0;
	if (split && worker_available())
		n_parts = 2;
	else
		split = n;
	for (k = 0; k < n_parts; k++) {
		part[k].eng = k ? &engine_second : &engine_main;
		part[k].c = cin;
		part[k].vs = &vs;
		part[k].fc = fcin;
		part[k].frags = frags + (k ? split : 0);
		part[k].alt = cin->alt && cin->voice_alt ? cin->alt + (k ? split : 0) : NULL;
		part[k].n = k ? n - split : split;
		part[k].reserve_bytes = k ? bytes - text_bytes(frags, 0, split) : bytes;
		part[k].seed = k ? 54321u : 12345u;
		part[k].run = &run;
		part[k].reports = k == 0;
		part[k].bound = bound + (k ? split + 1 : 0);
	}
	if (n_parts == 2)
		worker_start(&part[1]);
	part[0].result = part_run(&part[0]);
	if (n_parts == 2) {
		worker_wait(&run);
		if (!part[0].result && !part[1].result && progress &&
		    progress(user, "synthesis", 1.0))
			part[1].result = MED_ERR_CANCELLED;
	}
	synth_voices_close(&vs);
	pthread_mutex_unlock(&synth_lock);
	r = part[0].result;
	if (n_parts == 2) {
		/* A part that fails stops the other, which then reports a cancellation. */
		if (!r || (r == MED_ERR_CANCELLED && part[1].result != MED_OK))
			r = part[1].result;
		/* The frames of both parts line up only at the same output rate. */
		if ((part[1].result == MED_ERR_SYNTH && part[0].result != MED_ERR_SYNTH) ||
		    (!r && engine_second.rate != engine_main.rate)) {
			*retry = 1;
			r = MED_ERR_SYNTH;
		}
	}
	if (r)
		goto out_fail;
	rate = engine_main.rate;
	/* Join: the frames of part 2 follow those of part 1. */
	{
		int64_t off = 0;
		for (k = 0; k < n_parts; k++) {
			size_t first = k ? split : 0;
			for (size_t i = 0; i <= part[k].n; i++) {
				int64_t f = (int64_t)llround((double)part[k].bound[i] * 1000.0 /
				                             rate / fcin->hop_ms);
				if (f > (int64_t)part[k].feats.n_frames)
					f = (int64_t)part[k].feats.n_frames;
				out->frag_frame[first + i] = off + f;
			}
			off += (int64_t)part[k].feats.n_frames;
			samples += part[k].n_samples;
		}
	}
	if (n_parts == 2) {
		r = feats_join(&part[0].feats, &part[1].feats);
		if (r)
			goto out_fail;
	}
	if (samples == 0 || !part[0].feats.n_frames) {
		r = MED_ERR_EMPTY;
		goto out_fail;
	}
	out->feats = part[0].feats;
	memset(&part[0].feats, 0, sizeof(part[0].feats));
	out->n_frags = n;
	out->seconds = (double)samples / rate;
	out->harmonic_formants = cin->harmonic_formants;
	for (k = 0; k < n_parts; k++)
		if (!part[k].by_file)
			out->harmonic_formants = 0;
	/* The stream's config: features at espeak-ng's rate (see part_run()). */
	r = synth_finish(out, cin, fcin, rate);
	if (r)
		goto out_fail;
	goto out_free;

out_fail:
	med_synth_result_release(out);
out_free:
	for (k = 0; k < 2; k++)
		med_features_release(&part[k].feats);
	free(bound);
	return r;
}

/*
 * The fragments flagged in c->alt spoken by c->voice_alt, the others' raw frames taken from
 * c->reuse, joined in order and normalised as one. Returns 1 (nothing done) when reuse
 * does not fit: other fragments, no raw frames, another frame layout.
 */
static int synth_splice(const char *const *frags, size_t n, const struct med_synth_config *c,
                        const struct med_features_config *fc, struct med_synth_result *out,
                        med_progress_fn progress, void *user)
{
	const struct med_synth_result *old = c->reuse;
	struct med_synth_config sub = *c;
	struct med_synth_result fresh;
	const char **list = NULL;
	size_t m = 0, j = 0, k;
	int64_t at = 0;
	int r, rate;

	pthread_mutex_lock(&synth_lock);
	rate = engine_main.rate;
	pthread_mutex_unlock(&synth_lock);
	/* (the frames past the last fragment's end, the last window's, belong to none) */
	if (old->n_frags != n || !old->frag_frame || !old->raw.mfcc ||
	    old->raw.n_frames < (size_t)old->frag_frame[n] || rate <= 0)
		return 1;
	memset(&fresh, 0, sizeof(fresh));
	for (k = 0; k < n; k++)
		m += c->alt[k] != 0;
	list = malloc((m ? m : 1) * sizeof(*list));
	out->frag_frame = calloc(n + 1, sizeof(int64_t));
	out->speech_first = calloc(n, sizeof(int64_t));
	out->speech_last = calloc(n, sizeof(int64_t));
	if (!list || !out->frag_frame || !out->speech_first || !out->speech_last) {
		r = MED_ERR_NOMEM;
		goto out_fail;
	}
	for (k = 0; k < n; k++)
		if (c->alt[k])
			list[j++] = frags[k];
	sub.voice = c->voice_alt;
	sub.voice_alt = NULL;
	sub.alt = NULL;
	sub.reuse = NULL;
	sub.keep_raw = 1;
	out->harmonic_formants = old->harmonic_formants;
	if (m) {
		r = med_synth_fragments(list, m, &sub, fc, &fresh, progress, user);
		if (r)
			goto out_fail;
		if (fresh.raw.n_coeffs != old->raw.n_coeffs ||
		    fresh.raw.hop_ms != old->raw.hop_ms) {
			r = MED_ERR_SYNTH;
			goto out_fail;
		}
		if (!fresh.harmonic_formants)
			out->harmonic_formants = 0;
	}
	for (k = 0, j = 0; k < n; k++) {
		const struct med_synth_result *from = c->alt[k] ? &fresh : old;
		size_t i = c->alt[k] ? j++ : k;
		out->frag_frame[k] = at;
		r = feats_append(&out->feats, &from->raw, (size_t)from->frag_frame[i],
		                 (size_t)from->frag_frame[i + 1]);
		if (r)
			goto out_fail;
		at += from->frag_frame[i + 1] - from->frag_frame[i];
	}
	out->frag_frame[n] = at;
	if (!at) {
		r = MED_ERR_EMPTY;
		goto out_fail;
	}
	out->n_frags = n;
	out->seconds = (double)at * old->raw.hop_ms / 1000.0;
	r = synth_finish(out, c, fc, rate);
	if (r)
		goto out_fail;
	goto out_free;

out_fail:
	med_synth_result_release(out);
out_free:
	med_synth_result_release(&fresh);
	free(list);
	return r;
}

int med_synth_fragments(const char *const *frags, size_t n, const struct med_synth_config *cin,
                        const struct med_features_config *fcin, struct med_synth_result *out,
                        med_progress_fn progress, void *user)
{
	struct med_synth_config def;
	struct med_features_config fdef;
	int r, retry = 0;
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
	if (cin->reuse && cin->alt && cin->voice_alt) {
		r = synth_splice(frags, n, cin, fcin, out, progress, user);
		if (r <= 0)
			return r;
	}
	r = synth_fragments(frags, n, cin, fcin, out, progress, user, 1, &retry);
	if (r && retry)
		r = synth_fragments(frags, n, cin, fcin, out, progress, user, 0, &retry);
	return r;
}
