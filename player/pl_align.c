/*
 * pl_align.c: sentence-level alignment of a project to its audio. Cue texts in the spoken
 * language are the fragments given to the media aligner; the other language rides along.
 */
#include "pl_align.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "med_align.h"
#include "med_decode.h"
#include "med_features.h"
#include "med_reading.h"
#include "med_synth.h"
#include "pl_progress.h"
#include "sub_format.h"
#include "sub_text.h"
#include "sub_timing.h"
#include "sub_transcript.h"

#define ALIGN_SCORE_SYNTH_S 45.0 /* synthetic seconds per language for the language test */
#define ALIGN_HOLD_GAP_MS 1000   /* gaps between cues of a turn shorter than this are closed */
#define ALIGN_CLAUSE_GAP_MS 1500 /* the same for a cue that ends inside its sentence */
#define ALIGN_LEAD_MS 80         /* a cue after a pause in its turn comes up this early */

/* A first pass on a recording this long or shorter keeps the audio's features and the
 * synthetic speech's raw frames for a second one (30 minutes: 9 MB and about 10 MB); a
 * longer one drops them (the cepstra as soon as the DTW has its copy) and the second pass
 * computes and speaks everything again. */
#define KEEP_FEATS_MAX_FRAMES 180000

struct feat_job {
	const char *path;
	struct med_features_config cfg;
	struct med_features feats;
	struct pl_progress *pr;
	int result;
	double seconds;
};

static void *feat_thread(void *arg)
{
	struct feat_job *j = arg;
	double t0 = pl_progress_now();
	j->result = med_features_from_file(j->path, &j->cfg, &j->feats, pl_progress_cb, j->pr);
	j->seconds = pl_progress_now() - t0;
	return NULL;
}

static void frags_free(char **f, size_t n)
{
	if (!f)
		return;
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

/* The cue texts of language slot lang as the synthesiser is to speak them, in order:
 * without the notes in brackets inside the turns' paragraphs (sub_transcript_strip_notes(),
 * which nobody says: the sample interview's "ZJ (Note: not heard clearly; probably Zhou
 * Jingren)", spoken by the aligner's voice, left 2-3 s of synthetic speech for the path to
 * lay over the words around it; on the four sample sets' 40 recordings of the whole
 * interview, 0.07-0.22 points more time in sync on five without it, none worse by more
 * than 0.01) nor sounds' descriptions (sub_text_speakable()); at most max_n (0: all). Japanese is
 * given as the kana of its pronunciation (med_reading_kana()); where MeCab is missing, as written,
 * with a warning on log (if not NULL). */
static char **project_frags(const struct sub_project *p, int lang, size_t max_n, size_t *n,
                            FILE *log)
{
	size_t total = sub_project_cue_count(p), k = 0;
	char **f;

	if (max_n && total > max_n)
		total = max_n;
	*n = 0;
	f = calloc(total ? total : 1, sizeof(char *));
	if (!f)
		return NULL;
	for (size_t t = 0; t < p->n_turns && k < total; t++) {
		struct sub_note_state st = {NULL, 0};
		for (size_t c = 0; c < p->turns[t].n_cues && k < total; c++) {
			char *plain =
			        sub_transcript_strip_notes(p->turns[t].cues[c].text[lang], &st);
			f[k] = plain ? sub_text_speakable(plain) : NULL;
			free(plain);
			if (!f[k]) {
				frags_free(f, k);
				return NULL;
			}
			k++;
		}
	}
	*n = k;
	if (med_reading_needed(p->lang[lang])) {
		const char *why = NULL;
		int r = med_reading_kana(f, k, &why);
		if (r == MED_ERR_NOMEM) {
			frags_free(f, k);
			return NULL;
		}
		if (r && log)
			fprintf(log, "tsync: %s: kanji are read as espeak-ng reads them\n",
			        why ? why : med_strerror(r));
	}
	return f;
}

static void fmt_time(char *buf, size_t size, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	snprintf(buf, size, "%d:%02d:%02d.%03d", (int)(ms / 3600000), (int)(ms / 60000 % 60),
	         (int)(ms / 1000 % 60), (int)(ms % 1000));
}

static int lang_voice(const struct sub_project *p, int lang, char *voice, size_t size)
{
	return med_synth_voice_for_lang(p->lang[lang], voice, size);
}

/*
 * TSYNC_SYNTH_PITCH (0-99, espeak-ng's scale), TSYNC_SYNTH_RATE (80-450 words a minute) and
 * TSYNC_SYNTH_FORMANTS (harmonic_formants: 1-4, or 0 for the voice's own 5) change the
 * aligner's own voice. Results must not hang on it: tests/bench/robust.sh aligns the suite
 * with other settings to show how far they do.
 */
static void synth_env(struct med_synth_config *sc)
{
	const char *p = getenv("TSYNC_SYNTH_PITCH"), *r = getenv("TSYNC_SYNTH_RATE"),
	           *f = getenv("TSYNC_SYNTH_FORMANTS");
	long v;
	char *end;
	if (p && *p) {
		v = strtol(p, &end, 10);
		if (!*end && v >= 0 && v <= 99)
			sc->pitch = (int)v;
	}
	if (r && *r) {
		v = strtol(r, &end, 10);
		if (!*end && v >= 80 && v <= 450)
			sc->rate_wpm = (int)v;
	}
	if (f && *f) {
		v = strtol(f, &end, 10);
		if (!*end && v >= 0 && v <= 4)
			sc->harmonic_formants = (int)v;
	}
}

/*
 * Chooses the spoken language among the project's: a prefix of each language's text is
 * synthesised and scored against the start of the audio (lower is better).
 */
static int detect_lang(const struct sub_project *p, const struct med_features *audio,
                       const struct med_features_config *fc, FILE *log, int verbose)
{
	int best = -1;
	double best_ratio = 1e9;

	for (int l = 0; l < p->n_langs; l++) {
		struct med_synth_config sc;
		struct med_synth_result sr;
		struct med_features prefix;
		char voice[32];
		char **frags;
		size_t n = 0, use;
		double ratio = 1e9, secs = 0;
		int r;

		if (lang_voice(p, l, voice, sizeof(voice)))
			continue;
		/* Enough cues for about ALIGN_SCORE_SYNTH_S of speech at ~14 chars/s (en) or
		 * ~4 chars/s (zh). */
		frags = project_frags(p, l, 0, &n, log);
		if (!frags)
			return -1;
		{
			size_t chars = 0,
			       per_s = strcmp(voice, "cmn") && strncmp(voice, "cmn", 3) ? 14 : 4;
			for (use = 0; use < n && chars < (size_t)(ALIGN_SCORE_SYNTH_S * per_s);
			     use++)
				chars += strlen(frags[use]) / (per_s == 4 ? 3 : 1);
		}
		med_synth_config_init(&sc);
		sc.voice = voice;
		synth_env(&sc);
		r = med_synth_fragments((const char *const *)frags, use ? use : 1, &sc, fc, &sr,
		                        NULL, NULL);
		frags_free(frags, n);
		if (r)
			continue;
		secs = sr.seconds;
		/* The audio's first part: three times the synthetic length (speakers are slower
		 * than espeak-ng and may start late), all of it when shorter. */
		prefix = *audio;
		{
			size_t want = (size_t)(secs * 3.0 * 1000.0 / audio->hop_ms) + 100;
			if (want < prefix.n_frames)
				prefix.n_frames = want;
		}
		r = med_align_score_prefix(&sr.feats, &prefix, NULL, &ratio);
		med_synth_result_release(&sr);
		if (r)
			continue;
		if (verbose)
			fprintf(log, "tsync: language test: %s (%s, %.0f s of text): score %.3f\n",
			        p->lang[l], voice, secs, ratio);
		if (ratio < best_ratio) {
			best_ratio = ratio;
			best = l;
		}
	}
	return best;
}

/* Whether a cue's text ends a sentence: its last character, before closing quotes and
 * brackets, is a full stop, question or exclamation mark or an ellipsis (Latin or CJK). */
static int ends_sentence(const char *s)
{
	static const char *const closers[] = {"\"",
	                                      "'",
	                                      ")",
	                                      "]",
	                                      "\xe2\x80\x9d",
	                                      "\xe2\x80\x99",
	                                      "\xe3\x80\x8d",
	                                      "\xe3\x80\x8f",
	                                      "\xef\xbc\x89"};
	static const char *const stops[] = {
	        ".", "?", "!", "\xe2\x80\xa6", "\xe3\x80\x82", "\xef\xbc\x9f", "\xef\xbc\x81"};
	size_t n;

	if (!s)
		return 1;
	n = strlen(s);
	for (;;) {
		int cut = 0;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
			n--;
		for (size_t i = 0; i < sizeof(closers) / sizeof(closers[0]) && !cut; i++) {
			size_t l = strlen(closers[i]);
			if (n >= l && !memcmp(s + n - l, closers[i], l)) {
				n -= l;
				cut = 1;
			}
		}
		if (!cut)
			break;
	}
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		size_t l = strlen(stops[i]);
		if (n >= l && !memcmp(s + n - l, stops[i], l))
			return 1;
	}
	return n == 0;
}

/*
 * A turn is usually spoken or left out whole. When the aligner found at most a quarter of a
 * turn's cues (of four or more), the few it placed are stray matches of short phrases in
 * the neighbours' speech: they are made unspoken too, and the audio they took goes back to
 * the spoken cue just before them when it ends less than a second before them (the path
 * squeezed the missing turn in after it and cut it short).
 */
static void drop_stray_cues(const struct sub_project *p, struct med_align_result *ar)
{
	size_t k = 0;
	struct med_align_frag *last_spoken = NULL;

	for (size_t t = 0; t < p->n_turns && k + p->turns[t].n_cues <= ar->n_frags; t++) {
		size_t n = p->turns[t].n_cues, unspoken = 0;
		for (size_t c = 0; c < n; c++)
			unspoken += (size_t)ar->frags[k + c].unspoken;
		if (n >= 4 && unspoken < n && 4 * unspoken >= 3 * n) {
			for (size_t c = 0; c < n; c++) {
				struct med_align_frag *fr = &ar->frags[k + c];
				if (fr->unspoken)
					continue;
				if (last_spoken && fr->start_ms - last_spoken->end_ms <= 1000 &&
				    fr->end_ms > last_spoken->end_ms)
					last_spoken->end_ms = fr->end_ms;
				fr->unspoken = 1;
				fr->confidence = 0;
				fr->start_ms = fr->end_ms =
				        last_spoken ? last_spoken->end_ms : fr->start_ms;
			}
		}
		for (size_t c = 0; c < n; c++)
			if (!ar->frags[k + c].unspoken)
				last_spoken = &ar->frags[k + c];
		k += n;
	}
}

/* One flag per fragment (the cues in order): 1 on the first cue of a turn whose speaker
 * differs from the previous turn's. NULL when out of memory. */
static unsigned char *turn_starts(const struct sub_project *p, size_t n)
{
	unsigned char *f = calloc(n ? n : 1, 1);
	size_t k = 0;

	if (!f)
		return NULL;
	for (size_t t = 0; t < p->n_turns && k < n; t++) {
		if (t > 0 && p->turns[t].n_cues && p->turns[t].speaker != p->turns[t - 1].speaker)
			f[k] = 1;
		k += p->turns[t].n_cues;
	}
	return f;
}

/* One speaker index per fragment (the cues in order), -1 for none. NULL when out of
 * memory. */
static int *frag_speakers(const struct sub_project *p, size_t n)
{
	int *s = malloc((n ? n : 1) * sizeof(int));
	size_t k = 0;

	if (!s)
		return NULL;
	for (size_t t = 0; t < p->n_turns && k < n; t++)
		for (size_t c = 0; c < p->turns[t].n_cues && k < n; c++)
			s[k++] = p->turns[t].speaker;
	while (k < n)
		s[k++] = -1;
	return s;
}

/* One flag per fragment: 1 when its text ends a sentence (ends_sentence()). NULL when out
 * of memory. */
static unsigned char *sentence_ends(char *const *frags, size_t n)
{
	unsigned char *f = calloc(n ? n : 1, 1);

	if (!f)
		return NULL;
	for (size_t k = 0; k < n; k++)
		f[k] = frags[k] && frags[k][0] && ends_sentence(frags[k]);
	return f;
}

/* Places the times of the aligner into the project and adds the remarks. */
static int apply_result(struct sub_project *p, int lang, const struct med_align_result *ar,
                        FILE *log)
{
	size_t k = 0;
	int64_t prev_end = 0;
	char a[32], b[32];
	struct sub_write_opts names;

	/* a turn not heard before any that is sits where the first heard one starts */
	for (size_t f = 0; f < ar->n_frags; f++)
		if (!ar->frags[f].unspoken) {
			prev_end = ar->frags[f].start_ms;
			break;
		}
	for (size_t t = 0; t < p->n_turns; t++) {
		struct sub_turn *tu = &p->turns[t];
		int64_t first = -1, last = -1;
		size_t k0 = k, n_unspoken = 0;
		double conf_sum = 0, dur_sum = 0;

		for (size_t c = 0; c < tu->n_cues; c++, k++) {
			const struct med_align_frag *fr = &ar->frags[k];
			if (fr->unspoken) {
				n_unspoken++;
				continue;
			}
			if (first < 0)
				first = fr->start_ms;
			last = fr->end_ms;
		}
		if (first < 0) {
			/* No cue of this turn was heard. */
			first = last = prev_end;
		}
		for (size_t c = 0, kk = k0; c < tu->n_cues; c++, kk++) {
			const struct med_align_frag *fr = &ar->frags[kk];
			struct sub_cue *cu = &tu->cues[c];
			if (fr->unspoken) {
				/* Zero length, inside the turn, next to the cues around it. */
				int64_t at = c == 0 || kk == k0 ? first : prev_end;
				if (at < first)
					at = first;
				if (at > last)
					at = last;
				cu->start_ms = cu->end_ms = at;
				cu->confidence = 0;
			} else {
				double d = (double)(fr->end_ms - fr->start_ms) + 1;
				cu->start_ms = fr->start_ms;
				cu->end_ms = fr->end_ms;
				cu->confidence = fr->confidence;
				conf_sum += d * fr->confidence;
				dur_sum += d;
			}
			prev_end = cu->end_ms;
		}
		/* Inside a turn a pause under a second keeps the previous cue on screen until
		 * the next one (subtitlers close such gaps: a cue that goes and comes back
		 * within a second flickers), and so does a longer pause inside a sentence (the
		 * speaker is still on it); longer pauses after a sentence stay empty. A
		 * sentence whose last syllable voice activity missed stays on screen while it
		 * is said: on the people's 48 recordings the time with the right cue on screen
		 * rose from 97.06 to 97.53 % at the mean (at 400 ms, the limit before). A cue
		 * after a pause comes up ALIGN_LEAD_MS before the words (half the pause at
		 * most), as subtitles do: voice activity finds a soft onset a frame or two
		 * late (the sentences after the first of a turn started 24 ms late at the
		 * median on sample.sh's first twelve; +0.1-0.2 points in sync there). A turn's
		 * first cue keeps the onset: the turn's start is where its words start. */
		for (size_t c = 0; c + 1 < tu->n_cues; c++) {
			struct sub_cue *cu = &tu->cues[c], *nx = &tu->cues[c + 1];
			int64_t hold = ends_sentence(cu->text[lang]) ? ALIGN_HOLD_GAP_MS
			                                             : ALIGN_CLAUSE_GAP_MS;
			int64_t gap = nx->start_ms - cu->end_ms;
			/* (a cue with nothing to say, at zero length, is not held) */
			if (ar->frags[k0 + c].unspoken || ar->frags[k0 + c + 1].unspoken ||
			    gap <= 0 || cu->end_ms == cu->start_ms)
				continue;
			nx->start_ms -= gap / 2 < ALIGN_LEAD_MS ? gap / 2 : ALIGN_LEAD_MS;
			if (gap < hold)
				cu->end_ms = nx->start_ms;
		}
		tu->start_ms = first;
		tu->end_ms = last;
		tu->confidence = dur_sum > 0 ? (float)(conf_sum / dur_sum) : 0.0f;
		prev_end = last;
		if (n_unspoken) {
			for (size_t c = 0, kk = k0; c < tu->n_cues; c++, kk++) {
				const char *txt = tu->cues[c].text[lang];
				if (!ar->frags[kk].unspoken)
					continue;
				fmt_time(a, sizeof(a), tu->cues[c].start_ms);
				fprintf(log,
				        "tsync: line %d (turn %zu): not heard in the audio (near "
				        "%s): "
				        "%.60s%s\n",
				        tu->src_line, t + 1, a, txt ? txt : "",
				        txt && strlen(txt) > 60 ? "..." : "");
				if (sub_project_add_remark(p, SUB_REMARK_UNSPOKEN, tu->src_line,
				                           (long)t, (long)c, tu->cues[c].start_ms,
				                           tu->cues[c].end_ms, txt))
					return 1;
			}
		} else if (tu->confidence < 0.3f) {
			fmt_time(a, sizeof(a), tu->start_ms);
			fmt_time(b, sizeof(b), tu->end_ms);
			if (sub_project_add_remark(p, SUB_REMARK_LOW_CONFIDENCE, tu->src_line,
			                           (long)t, -1, tu->start_ms, tu->end_ms,
			                           "low alignment confidence"))
				return 1;
		}
	}
	sub_write_opts_init(&names);
	if (lang >= 0)
		names.lang_mask = 1 << lang; /* the spoken language's name first */
	for (size_t u = 0; u < ar->n_untranscribed; u++) {
		const struct med_align_span *s = &ar->untranscribed[u];
		const char *who = sub_format_speaker(p, &names, s->speaker);
		char what[160];
		fmt_time(a, sizeof(a), s->start_ms);
		fmt_time(b, sizeof(b), s->end_ms);
		if (who) {
			/* another speaker's voice inside a turn: a turn the transcript left out */
			fprintf(log,
			        "tsync: audio %s - %s has sound but no text, in the voice of %s: a "
			        "turn the transcript leaves out?\n",
			        a, b, who);
			snprintf(what, sizeof(what), "audio without text, in the voice of %s", who);
		} else {
			fprintf(log, "tsync: audio %s - %s has sound but no text\n", a, b);
			snprintf(what, sizeof(what), "audio without text");
		}
		if (sub_project_add_remark(p, SUB_REMARK_UNTRANSCRIBED, 0, -1, -1, s->start_ms,
		                           s->end_ms, what))
			return 1;
	}
	return 0;
}

/* The line of a name seen once that opens the transcript, which the reader took for a title
 * over a preamble (the first skipped line, at line 1 or 2, name-like); 0 when none. */
static int opening_line(const struct sub_project *p)
{
	for (size_t i = 0; i < p->n_remarks; i++) {
		const struct sub_remark *r = &p->remarks[i];
		if (r->kind != SUB_REMARK_SKIPPED)
			continue;
		return r->line <= 2 && r->text && sub_transcript_name_like(r->text, strlen(r->text))
		               ? r->line
		               : 0;
	}
	return 0;
}

/* Says which transcript lines were not aligned because the reader found they are not
 * speech (an editors' preamble, image placeholders), as ranges of line numbers. */
static void report_skipped(const struct sub_project *p, FILE *log)
{
	size_t n = 0;
	int first = 0, last = 0, lead = opening_line(p) > 0;
	char ranges[512];
	size_t at = 0;

	ranges[0] = 0;
	for (size_t i = 0; i <= p->n_remarks; i++) {
		const struct sub_remark *r = i < p->n_remarks ? &p->remarks[i] : NULL;
		if (r && r->kind != SUB_REMARK_SKIPPED)
			continue;
		if (r && first && r->line == last + 1) {
			last = r->line;
			n++;
			continue;
		}
		if (first && at < sizeof(ranges) - 32) {
			int w = first == last ? snprintf(ranges + at, sizeof(ranges) - at, "%s%d",
			                                 at ? ", " : "", first)
			                      : snprintf(ranges + at, sizeof(ranges) - at,
			                                 "%s%d-%d", at ? ", " : "", first, last);
			if (w > 0)
				at += (size_t)w;
		}
		if (r) {
			first = last = r->line;
			n++;
		}
	}
	if (n)
		fprintf(log,
		        "tsync: not spoken: %zu transcript line%s (line%s %s) %s not part of the "
		        "conversation (preamble, placeholders) and %s left out of the "
		        "alignment%s\n",
		        n, n == 1 ? "" : "s", n == 1 ? "" : "s", ranges, n == 1 ? "is" : "are",
		        n == 1 ? "was" : "were",
		        /* a name seen once, opening the file, is read as a title */
		        lead ? "; if the first is a speaker's name, give every speaker's name "
		               "with --speakers"
		             : "");
	for (size_t i = 0; i < p->n_remarks; i++)
		if (p->remarks[i].kind == SUB_REMARK_NOTE) {
			const char *t = p->remarks[i].text ? p->remarks[i].text : "";
			int len = (int)strlen(t);
			/* the first 60 bytes or so, cut at a character's start */
			if (len > 60) {
				len = 60;
				while (len > 0 && (t[len] & 0xC0) == 0x80)
					len--;
			}
			/* on a line of its own it was left out; inside a paragraph it was kept */
			int own = p->remarks[i].turn < 0;
			fprintf(log,
			        "tsync: %sline %d: an editor's or translator's note%s: "
			        "\"%.*s%s\"\n",
			        own ? "not spoken: " : "", p->remarks[i].line,
			        own ? ", left out of the alignment"
			            : " in the text, not spoken by the aligner's voice",
			        len, t, t[len] ? "..." : "");
		}
}

/*
 * A speaker's voice far above the synthetic one's: espeak-ng's voices for a language are
 * men's (about 90-100 Hz). On a woman's voice at 290 Hz, cut from recordings of people, the
 * cepstra of her speech matched the male voice's so poorly that the path gave her
 * sentences to their neighbours by seconds (and a wrong choice of voices is worse: her
 * partner's text spoken by the female variant went onto her speech). espeak-ng's female
 * variant PITCH_ALT_VARIANT speaks about PITCH_ALT_RATIO times higher (175 against 101 Hz
 * in English, 160 against 91 in Mandarin, measured with med_features_median_pitch()).
 * When some speakers' pitch, measured on the turns of a first alignment, is at or above
 * the variant's, their text is spoken again by the variant, the others' by the same voice
 * as before, and the whole aligned again. A speaker between the two voices keeps the
 * first: on voices at 167-182 Hz (flite's slt, espeak-ng's cmn variants) either voice
 * aligned as well, and a man at 130 Hz (gcin-voice 3) better with the male voice (99.57
 * against 98.75 % in sync with his partner in the variant), though his pitch is nearer
 * the variant's. A higher voice never keeps the male voice while a
 * lower one takes the variant, which had been the wrong choice.
 */
#define PITCH_ALT_VARIANT "f4"
#define PITCH_ALT_RATIO 1.75
#define PITCH_MIN_FRAMES 200 /* 2 s of voiced speech measure a speaker's pitch */
/* The synthetic voice's pitch is measured on every PITCH_SYNTH_STRIDE-th frame: the
 * synthesis waits for its features, and on all of them en_main took 12 % longer. */
#define PITCH_SYNTH_STRIDE 8

/* The voice a fragment is spoken in: its speaker's, or one more for the text that names no
 * speaker (a transcript without names, a subtitle file: one voice as far as is known). */
static size_t voice_of(const int *speakers, size_t k, size_t n_speakers)
{
	return speakers[k] >= 0 && (size_t)speakers[k] < n_speakers ? (size_t)speakers[k]
	                                                            : n_speakers;
}

/* Fills alt (n_frags) with 1 for the fragments whose voice's pitch reaches the variant's;
 * returns how many voices take it, 0 when none does (or none could be measured). hz gets
 * each voice's pitch (n_speakers + 1: the speakers', then the text without a speaker's; 0
 * where not measured). */
static int pitch_voices(const struct med_features *audio, const struct med_features *synth,
                        const struct med_align_result *ar, const int *speakers, size_t n_speakers,
                        unsigned char *alt, float *hz, float *synth_hz)
{
	int64_t *a = malloc((ar->n_frags ? ar->n_frags : 1) * 2 * sizeof(int64_t)), *b;
	int64_t whole = (int64_t)synth->n_frames, zero = 0;
	int n_alt = 0;
	double v;

	memset(alt, 0, ar->n_frags);
	*synth_hz = med_features_median_pitch(synth, &zero, &whole, 1,
	                                      PITCH_MIN_FRAMES / PITCH_SYNTH_STRIDE);
	if (!a || !(*synth_hz > 0)) {
		free(a);
		return 0;
	}
	b = a + ar->n_frags;
	v = *synth_hz * PITCH_ALT_RATIO;
	for (size_t sp = 0; sp <= n_speakers; sp++) {
		size_t n = 0;
		for (size_t k = 0; k < ar->n_frags; k++)
			if (voice_of(speakers, k, n_speakers) == sp && !ar->frags[k].unspoken) {
				a[n] = ar->frags[k].start_ms / audio->hop_ms;
				b[n++] = ar->frags[k].end_ms / audio->hop_ms;
			}
		hz[sp] = med_features_median_pitch(audio, a, b, n, PITCH_MIN_FRAMES);
	}
	free(a);
	for (size_t sp = 0; sp <= n_speakers; sp++)
		n_alt += hz[sp] >= v;
	for (size_t k = 0; k < ar->n_frags; k++)
		alt[k] = hz[voice_of(speakers, k, n_speakers)] >= v;
	return n_alt;
}

/* Nonzero when some turn has text in language slot lang. */
static int has_text(const struct sub_project *p, int lang)
{
	for (size_t i = 0; i < p->n_turns; i++)
		if (p->turns[i].text[lang] && p->turns[i].text[lang][0])
			return 1;
	return 0;
}

/*
 * Audio recorded below 16 kHz (a telephone's 8 kHz) has nothing above half its rate, where
 * the synthetic speech has its fricatives: both are compared on the band they share, the
 * mel filters ending a little under the recording's Nyquist frequency.
 */
static void band_limit(struct med_features_config *c, const char *audio_path)
{
	struct med_decoder *d = NULL;
	int rate = 0;
	if (med_decoder_open(audio_path, 0, 0, &d) != MED_OK)
		return; /* the features thread reports the problem */
	med_decoder_source_info(d, &rate, NULL);
	med_decoder_free(d);
	if (rate > 0 && rate < c->rate && 0.47f * (float)rate < c->f_max_hz)
		c->f_max_hz = 0.47f * (float)rate;
}

/*
 * The synthetic speech against the recording: espeak-ng speaks 0.65-0.87 times as long as
 * the people of the test recordings (eight languages, 2-25 minutes each, tempo 0.92-1.2).
 * Text that takes it TEXT_AUDIO_MAX times the audio's length cannot all be in it: a
 * recording cut at half the interview had been aligned as if whole, every cue off by up
 * to 4 minutes and 81 of 285 reported unheard all through, with exit 0.
 */
#define TEXT_AUDIO_MAX 1.5
#define TEXT_AUDIO_SLACK_S 3.0 /* ... plus this: a few words may run longer in a short clip */
#define PEOPLE_SLOWER 0.8      /* the synthetic speech's length for the audio's, typically */

/* The source line of the turn whose synthetic speech reaches synth_s seconds (the cues in
 * order, as sr holds them); the last turn's when none does. */
static int line_at(const struct sub_project *p, const struct med_synth_result *sr, double synth_s)
{
	size_t k = 0;
	int line = 0;
	for (size_t t = 0; t < p->n_turns; t++)
		for (size_t c = 0; c < p->turns[t].n_cues && k < sr->n_frags; c++, k++) {
			line = p->turns[t].src_line;
			if ((double)sr->frag_frame[k + 1] * sr->feats.hop_ms / 1000.0 >= synth_s)
				return line;
		}
	return line;
}

static int align_any(struct sub_project *p, const char *audio_path, const struct pl_align_opts *o)
{
	struct pl_align_opts def = {0};
	struct pl_progress pr;
	struct feat_job job;
	struct med_synth_config sc;
	struct med_features_config synth_cfg;
	struct med_synth_result sr, prev; /* prev: the first pass's, lent to the second */
	struct med_align_config ac;
	struct med_align_result ar, ar_first; /* ar_first: the first pass's, kept for the second */
	pthread_t th;
	int th_started = 0, lang = -1, ret = 1, r;
	char **frags = NULL;
	unsigned char *turn_start = NULL, *sent_end = NULL;
	int *speakers = NULL;
	size_t n_frags = 0;
	char voice[32], voice_alt[48];
	unsigned char *alt = NULL;
	float *pitch = NULL, synth_hz = 0;
	int pass = 0, n_alt = 0;
	FILE *log;
	double t_start = pl_progress_now(), t_synth = 0, t_align = 0, t;
	struct sub_error err;

	memset(&sr, 0, sizeof(sr));
	memset(&prev, 0, sizeof(prev));
	memset(&ar, 0, sizeof(ar));
	memset(&ar_first, 0, sizeof(ar_first));
	memset(&job, 0, sizeof(job));
	if (!o)
		o = &def;
	log = o->log ? o->log : stderr;
	if (!p || !audio_path || p->n_langs < 1) {
		fprintf(log, "tsync: nothing to align\n");
		return 1;
	}
	if (sub_project_cue_count(p) == 0) {
		fprintf(log, "tsync: the transcript has no text to align\n");
		return 1;
	}
	report_skipped(p, log);
	if (o->audio_lang && o->audio_lang[0]) {
		lang = sub_project_find_lang(p, o->audio_lang);
		/* A slot of the spoken language without text (left by an earlier turn-level
		 * alignment) is no text to align by sentence either. */
		if (lang < 0 || !has_text(p, lang)) {
			/* Neither text is in the spoken language: turn-level alignment. */
			return pl_align_turns(p, audio_path, o);
		}
	} else if (p->n_langs == 1) {
		lang = 0;
	}
	pl_progress_init(&pr, log, o->progress);

again:
	/* Audio features on a second thread while the text is synthesised here (kept from the
	 * first pass, when it could keep them). */
	if (pass == 1 && job.feats.mfcc)
		goto synthesis;
	job.path = audio_path;
	med_features_config_init(&job.cfg);
	band_limit(&job.cfg, audio_path);
	synth_cfg = job.cfg;
	/* the recording's noise out of its MFCCs (the synthetic voice has none) */
	job.cfg.denoise = 1;
	job.cfg.voice_copy = 1; /* the speakers' voices are told apart on the real audio */
	job.cfg.voicing = 1;    /* breaths are told from words at turn edges */
	job.cfg.vad_low_band = 1; /* a quiet voice under a hiss */
	job.cfg.vad_background = 1;                     /* another conversation under the talk */
	job.cfg.level_moves = 1;                        /* a gain changed between parts */
	job.cfg.energy_min_hz = MED_FEATURES_RUMBLE_HZ; /* (the synthetic voice has none) */
	synth_cfg.voicing = 1;  /* the synthetic voice's pitch (pitch_voices()) */
	synth_cfg.voicing_stride = PITCH_SYNTH_STRIDE;
	job.pr = &pr;
	if (lang >= 0) {
		if (pthread_create(&th, NULL, feat_thread, &job) == 0)
			th_started = 1;
		else
			feat_thread(&job);
	} else {
		feat_thread(&job);
		if (job.result == MED_OK) {
			t = pl_progress_now();
			lang = detect_lang(p, &job.feats, &synth_cfg, log, o->verbose);
			if (o->verbose) {
				pl_progress_clear(&pr);
				fprintf(log, "tsync: language test: %.2f s\n",
				        pl_progress_now() - t);
			}
			if (lang < 0) {
				pl_progress_clear(&pr);
				fprintf(log, "tsync: cannot tell which language is spoken; use "
				             "--audio-lang\n");
				goto out_free;
			}
		}
	}

synthesis:
	if (lang >= 0 && lang_voice(p, lang, voice, sizeof(voice)) == MED_OK) {
		frags = project_frags(p, lang, 0, &n_frags, log);
		if (!frags) {
			fprintf(log, "tsync: out of memory\n");
			goto out_join;
		}
		med_synth_config_init(&sc);
		sc.voice = voice;
		if (alt) {
			snprintf(voice_alt, sizeof(voice_alt), "%s+%s", voice, PITCH_ALT_VARIANT);
			sc.voice_alt = voice_alt;
			sc.alt = alt;
			/* only the flagged fragments are spoken again */
			if (prev.raw.n_frames)
				sc.reuse = &prev;
		} else {
			sc.keep_raw = 1; /* for a second pass */
		}
		synth_env(&sc);
		t = pl_progress_now();
		r = med_synth_fragments((const char *const *)frags, n_frags, &sc, &synth_cfg, &sr,
		                        pl_progress_cb, &pr);
		t_synth += pl_progress_now() - t;
		if (r == MED_ERR_SYNTH && sc.alt) {
			/* no such variant of this voice: the first alignment's voice for all */
			if (o->verbose)
				fprintf(log, "tsync: espeak-ng has no voice %s: one voice\n",
				        voice_alt);
			sc.alt = NULL;
			t = pl_progress_now();
			r = med_synth_fragments((const char *const *)frags, n_frags, &sc,
			                        &synth_cfg, &sr, pl_progress_cb, &pr);
			t_synth += pl_progress_now() - t;
		}
		med_synth_result_release(&prev);
		if (r) {
			pl_progress_clear(&pr);
			fprintf(log, "tsync: speech synthesis (espeak-ng voice %s) failed: %s\n",
			        voice, med_strerror(r));
			goto out_join;
		}
	} else {
		pl_progress_clear(&pr);
		fprintf(log, "tsync: espeak-ng has no voice for language '%s'\n",
		        lang >= 0 ? p->lang[lang] : "?");
		goto out_join;
	}
out_join:
	if (th_started)
		pthread_join(th, NULL);
	if (job.result != MED_OK) {
		pl_progress_clear(&pr);
		fprintf(log, "tsync: %s: %s\n", audio_path, med_strerror(job.result));
		goto out_free;
	}
	if (!sr.n_frags)
		goto out_free;

	{
		/* espeak-ng speaks faster than people: text that takes it four times longer
		 * than the whole audio cannot be in it. */
		double audio_s = (double)job.feats.n_frames * job.feats.hop_ms / 1000.0;
		if (sr.seconds > 4.0 * audio_s + 10.0) {
			pl_progress_clear(&pr);
			fprintf(log,
			        "tsync: %s: the audio (%.0f s) is much shorter than the transcript "
			        "needs (about %.0f s): they do not belong together\n",
			        audio_path, audio_s, sr.seconds);
			ret = 3;
			goto out_free;
		}
		if (sr.seconds > TEXT_AUDIO_MAX * audio_s + TEXT_AUDIO_SLACK_S) {
			pl_progress_clear(&pr);
			fprintf(log,
			        "tsync: %s: %sthe audio (%.0f s) holds only part of the "
			        "transcript (espeak-ng needs %.0f s for it, people about a "
			        "quarter longer): the recording may stop near line %d or start "
			        "late; cut the transcript to what is spoken%s\n",
			        audio_path, o->force ? "warning: " : "", audio_s, sr.seconds,
			        line_at(p, &sr, audio_s * PEOPLE_SLOWER),
			        o->force ? "; aligned anyway (--force): check the times"
			                 : ", or give --force to align anyway");
			if (!o->force) {
				ret = 3;
				goto out_free;
			}
		}
	}
	/* A long recording's second pass speaks everything again (its features are computed
	 * again too): the raw copy would only add to the peak of memory. */
	if (job.feats.n_frames > KEEP_FEATS_MAX_FRAMES)
		med_features_release(&sr.raw);
	med_align_config_init(&ac);
	turn_start = turn_starts(p, sr.n_frags);
	if (!turn_start) {
		fprintf(log, "tsync: out of memory\n");
		goto out_free;
	}
	ac.turn_start = turn_start;
	speakers = frag_speakers(p, sr.n_frags);
	if (!speakers) {
		fprintf(log, "tsync: out of memory\n");
		goto out_free;
	}
	ac.speaker = speakers;
	sent_end = sentence_ends(frags, n_frags < sr.n_frags ? n_frags : sr.n_frags);
	if (!sent_end) {
		fprintf(log, "tsync: out of memory\n");
		goto out_free;
	}
	if (n_frags == sr.n_frags)
		ac.sentence_end = sent_end;
	ac.comma_pauses = sub_lang_is_cjk(p->lang[lang]);
	t = pl_progress_now();
	/* The audio's cepstra are not needed after their copy: the peak memory of an hour
	 * drops. A shorter recording keeps them for a second pass. */
	if (pass == 1 || job.feats.n_frames > KEEP_FEATS_MAX_FRAMES)
		ac.drop_audio = &job.feats;
	ac.drop_synth = &sr.feats;
	r = med_align_run(&sr, &job.feats, &ac, &ar, pl_progress_cb, &pr);
	t_align += pl_progress_now() - t;
	pl_progress_clear(&pr);
	if (r) {
		fprintf(log, "tsync: %s: alignment failed: %s\n", audio_path, med_strerror(r));
		goto out_free;
	}
	if (pass == 0 && ar.n_frags == n_frags) {
		size_t n_sp = p->n_speakers;
		alt = malloc(n_frags ? n_frags : 1);
		pitch = malloc((n_sp + 1) * sizeof(float));
		if (!alt || !pitch) {
			fprintf(log, "tsync: out of memory\n");
			goto out_free;
		}
		n_alt = pitch_voices(&job.feats, &sr.feats, &ar, speakers, n_sp, alt, pitch,
		                     &synth_hz);
		if (o->verbose && synth_hz > 0) {
			fprintf(log, "tsync: pitch of the synthetic voice %.0f Hz",
			        (double)synth_hz);
			for (size_t sp = 0; sp < n_sp; sp++)
				if (pitch[sp] > 0)
					fprintf(log, "%s %.0f", sp ? "," : "; of the speakers",
					        (double)pitch[sp]);
				else
					fprintf(log, "%s -", sp ? "," : "; of the speakers");
			if (pitch[n_sp] > 0)
				fprintf(log, "; of the text without a speaker %.0f",
				        (double)pitch[n_sp]);
			fprintf(log, " Hz%s\n", n_alt ? "" : " (one voice)");
		}
		if (n_alt) {
			/* Again with the speakers' voices: only their fragments are spoken when
			 * the first synthesis kept its raw frames, and the audio's features are
			 * computed again only when the first alignment dropped its cepstra. */
			pass = 1;
			if (o->verbose)
				fprintf(log,
				        "tsync: aligning again with espeak-ng's %s voice for %d "
				        "voice%s (the audio's features %s)\n",
				        PITCH_ALT_VARIANT, n_alt, n_alt == 1 ? "" : "s",
				        job.feats.mfcc ? "kept" : "computed again");
			ar_first = ar;
			memset(&ar, 0, sizeof(ar));
			/* the first synthesis's raw frames serve the fragments that keep the
			 * voice */
			prev = sr;
			memset(&sr, 0, sizeof(sr));
			med_features_release(&prev.feats);
			if (!job.feats.mfcc) {
				med_features_release(&job.feats);
				memset(&job, 0, sizeof(job));
			}
			th_started = 0;
			frags_free(frags, n_frags);
			frags = NULL;
			free(turn_start);
			free(sent_end);
			free(speakers);
			turn_start = sent_end = NULL;
			speakers = NULL;
			goto again;
		}
	}
	/* The second pass's voices can fit the recording worse than the first's (a woman's
	 * reverberant Dutch, tests/bench/real.sh): its alignment is kept only when it matches
	 * its synthetic speech better, against its own null model, than the first did. */
	if (pass == 1 && ar_first.n_frags == ar.n_frags && ar_first.match_ratio < ar.match_ratio) {
		if (o->verbose)
			fprintf(log,
			        "tsync: the first pass matched better (ratio %.3f against "
			        "%.3f): its alignment is kept\n",
			        ar_first.match_ratio, ar.match_ratio);
		med_align_result_release(&ar);
		ar = ar_first;
		memset(&ar_first, 0, sizeof(ar_first));
	}
	if (o->verbose) {
		fprintf(log,
		        "tsync: audio %.1f s (%zu frames), text %zu cues in %s, synthetic %.1f s "
		        "(espeak-ng voice %s, ",
		        (double)job.feats.n_frames * job.feats.hop_ms / 1000.0, job.feats.n_frames,
		        n_frags, p->lang[lang], sr.seconds, voice);
		if (sr.harmonic_formants)
			fprintf(log, "harmonics summed up to formant %d)\n", sr.harmonic_formants);
		else
			fprintf(log, "its own formants)\n");
		if (isfinite(job.feats.background_db))
			fprintf(log,
			        "tsync: another voice talks under the speakers (its syllables fill "
			        "their pauses) at %.1f dBFS, the speech at %.1f: %s\n",
			        (double)job.feats.background_db, (double)job.feats.speech_level_db,
			        med_features_background_kept(&job.feats)
			                ? "voice activity starts over its level"
			                : "too near the speech's level to be kept out");
		if (job.feats.level_range_db > 0)
			fprintf(log,
			        "tsync: the recording's level moves by %.0f dB: its frames taken "
			        "back to one level for the voice activity\n",
			        (double)job.feats.level_range_db);
		fprintf(log,
		        "tsync: timings: features %.2f s (in parallel), synthesis %.2f s, "
		        "alignment %.2f s, total %.2f s\n",
		        job.seconds, t_synth, t_align, pl_progress_now() - t_start);
		fprintf(log,
		        "tsync: alignment steps: ends %.3f s, dtw %.3f s, voices %.3f s, "
		        "boundaries %.3f s, null test %.3f s\n",
		        ar.seconds.edges, ar.seconds.dtw, ar.seconds.voices, ar.seconds.boundaries,
		        ar.seconds.null_test);
		size_t n_unspoken = 0;
		double conf = 0;
		for (size_t k = 0; k < ar.n_frags; k++) {
			n_unspoken += (size_t)ar.frags[k].unspoken;
			conf += ar.frags[k].confidence;
		}
		fprintf(log,
		        "tsync: dtw cells %zu, band widened %d times; match ratio %.3f "
		        "(cost %.1f, null %.1f); pace %.2f, spread %.3f over %zu cues; %zu of %zu "
		        "cues unheard, mean confidence %.2f\n",
		        ar.dtw_cells, ar.dtw_widened, ar.match_ratio, ar.path_cost, ar.null_cost,
		        ar.pace, ar.pace_spread, ar.pace_frags, n_unspoken, ar.n_frags,
		        ar.n_frags ? conf / (double)ar.n_frags : 0.0);
		if (ar.voices_separability >= 0)
			fprintf(log,
			        "tsync: voices told apart on %.0f %% of held-out speech%s; %d "
			        "changes of speaker moved by them\n",
			        100.0 * ar.voices_separability,
			        ar.voices_used ? "" : " (too few: not used)", ar.voices_moved);
		if (ar.missing_moved)
			fprintf(log,
			        "tsync: %d turns passed over by the DTW were in the audio: a turn "
			        "next to each was the one left out\n",
			        ar.missing_moved);
	}
	if (ar.mismatch) {
		char why[160];
		if (ar.match_ratio > ar.ratio_limit)
			snprintf(why, sizeof(why), "%.2f or less expected", ar.ratio_limit);
		else
			snprintf(why, sizeof(why),
			         "under its limit %.2f, but the sentences take %.2f times the "
			         "synthetic voice's time for them, spread %.2f: no speaker's pace",
			         ar.ratio_limit, ar.pace, ar.pace_spread);
		fprintf(log,
		        "tsync: %s: %sthe transcript does not belong to this audio (match "
		        "ratio %.3f against a null model; %s)%s\n",
		        audio_path, o->force ? "warning: " : "", ar.match_ratio, why,
		        o->force ? "; aligned anyway (--force): check the times"
		        : p->n_langs == 1 && !o->audio_lang
		                ? "; if the text is a translation, give --audio-lang; if it is "
		                  "the right text, --force keeps the alignment"
		                : "; if it is the right text, --force keeps the alignment");
		if (!o->force) {
			ret = 3;
			goto out_free;
		}
	}
	drop_stray_cues(p, &ar);
	if (apply_result(p, lang, &ar, log)) {
		fprintf(log, "tsync: out of memory\n");
		goto out_free;
	}
	p->timed = 1;
	p->audio_lang = lang;
	snprintf(p->align_method, sizeof(p->align_method), "sentence");
	if (!p->audio_path || strcmp(p->audio_path, audio_path)) {
		if (sub_set_str(&p->audio_path, audio_path)) {
			fprintf(log, "tsync: out of memory\n");
			goto out_free;
		}
	}
	if (sub_project_validate(p, &err) != SUB_OK) {
		char msg[1024];
		sub_error_format(&err, msg, sizeof(msg));
		fprintf(log, "tsync: internal error, the aligned project is invalid: %s\n", msg);
		goto out_free;
	}
	ret = 0;
out_free:
	pl_progress_release(&pr);
	med_align_result_release(&ar);
	med_align_result_release(&ar_first);
	med_synth_result_release(&sr);
	med_synth_result_release(&prev);
	med_features_release(&job.feats);
	frags_free(frags, n_frags);
	free(turn_start);
	free(sent_end);
	free(speakers);
	free(alt);
	free(pitch);
	return ret;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/*
 * A transcript from a transcription service stamps its turns ("Host (00:01:23):"): a
 * second opinion on the alignment. The stamps may count from another zero (the original
 * recording, before an intro was cut), so the median difference is taken as their offset;
 * turns whose start lies more than STAMP_TOL_MS from their stamp after it are listed
 * (a stamp is to the second, and marks when a turn starts, give or take its first words).
 */
#define STAMP_TOL_MS 10000
#define STAMP_LIST_MAX 5
static void report_stamps(const struct sub_project *p, FILE *log)
{
	size_t n = 0, off_n = 0;
	int64_t *d = malloc((p->n_turns ? p->n_turns : 1) * sizeof(int64_t)), med;
	char fa[32], fb[32];

	if (!d)
		return;
	for (size_t i = 0; i < p->n_turns; i++)
		if (p->turns[i].has_stamp && p->turns[i].start_ms >= 0)
			d[n++] = p->turns[i].start_ms - p->turns[i].stamp_ms;
	if (n < 3) {
		free(d);
		return;
	}
	qsort(d, n, sizeof(*d), cmp_i64);
	med = d[n / 2];
	for (size_t i = 0; i < n; i++)
		off_n += llabs((long long)(d[i] - med)) > STAMP_TOL_MS;
	free(d);
	fmt_time(fa, sizeof(fa), llabs((long long)med));
	if (!off_n) {
		int zero = llabs((long long)med) < 1000;
		fprintf(log,
		        "tsync: the transcript's time stamps agree with the alignment (%zu turns, "
		        "within %d s; they count from %s%s)\n",
		        n, STAMP_TOL_MS / 1000, zero ? "the audio's start" : fa,
		        zero      ? ""
		        : med > 0 ? " into the audio"
		                  : " before the audio's start");
		return;
	}
	fprintf(log,
	        "tsync: warning: %zu of %zu turns start more than %d s from their time stamps "
	        "in the transcript%s%s%s (check them):\n",
	        off_n, n, STAMP_TOL_MS / 1000, llabs((long long)med) < 1000 ? "" : ", which run ",
	        llabs((long long)med) < 1000 ? "" : fa,
	        llabs((long long)med) < 1000 ? ""
	        : med > 0                    ? " behind the audio"
	                                     : " ahead of it");
	for (size_t i = 0, k = 0; i < p->n_turns && k < STAMP_LIST_MAX; i++) {
		const struct sub_turn *t = &p->turns[i];
		if (!t->has_stamp || t->start_ms < 0 ||
		    llabs((long long)(t->start_ms - t->stamp_ms - med)) <= STAMP_TOL_MS)
			continue;
		fmt_time(fa, sizeof(fa), t->start_ms);
		fmt_time(fb, sizeof(fb), t->stamp_ms);
		fprintf(log, "tsync:   turn %zu (line %d): aligned at %s, stamped %s\n", i + 1,
		        t->src_line, fa, fb);
		k++;
	}
}

int pl_align_project(struct sub_project *p, const char *audio_path, const struct pl_align_opts *o)
{
	int ret = align_any(p, audio_path, o);
	/* Both methods put cue ends where the words end; a cue of a fast speaker then leaves
	 * the screen before it can be read, so it is lengthened into the pause after it. */
	if (ret == 0 && sub_project_fit_reading(p, o ? o->preset : NULL, NULL) != SUB_OK) {
		fprintf(o && o->log ? o->log : stderr, "tsync: cannot adjust the cue durations\n");
		ret = 1;
	}
	if (ret == 0)
		report_stamps(p, o && o->log ? o->log : stderr);
	return ret;
}

/* Speech without text, at least OPENING_MIN_MS long, that the alignment of p found before
 * its second turn (the first may have been put on the opening words instead): [*a, *b) in
 * ms. */
#define OPENING_MIN_MS 1500
static int opening_speech(const struct sub_project *p, int64_t *a, int64_t *b)
{
	if (!p->n_turns)
		return 0;
	for (size_t i = 0; i < p->n_remarks; i++) {
		const struct sub_remark *r = &p->remarks[i];
		if (r->kind == SUB_REMARK_UNTRANSCRIBED && r->start_ms >= 0 &&
		    r->end_ms - r->start_ms >= OPENING_MIN_MS &&
		    r->end_ms <= p->turns[p->n_turns > 1 ? 1 : 0].start_ms + 500) {
			*a = r->start_ms;
			*b = r->end_ms;
			return 1;
		}
	}
	return 0;
}

/* Whether q's first turn was heard and spans at least half of [a, b). */
static int opening_heard(const struct sub_project *q, int64_t a, int64_t b)
{
	const struct sub_turn *t = &q->turns[0];
	int64_t lo = t->start_ms > a ? t->start_ms : a, hi = t->end_ms < b ? t->end_ms : b;
	for (size_t i = 0; i < q->n_remarks; i++)
		if (q->remarks[i].kind == SUB_REMARK_UNSPOKEN && q->remarks[i].turn == 0)
			return 0;
	return hi > lo && 2 * (hi - lo) >= b - a;
}

/* See pl_align.h. */
int pl_align_opening(struct sub_project **pp, const char *audio, const struct pl_align_opts *o,
                     pl_reread_fn reread, void *user)
{
	struct pl_align_opts oo = *o;
	FILE *log = o->log ? o->log : stderr, *m = NULL;
	char *buf = NULL, *buf2 = NULL;
	size_t n = 0, n2 = 0;
	struct sub_project *q = NULL;
	int64_t a, b;
	int ret, line = opening_line(*pp);

	if (!line || !reread)
		return pl_align_project(*pp, audio, o);
	m = open_memstream(&buf, &n);
	if (!m)
		return pl_align_project(*pp, audio, o);
	oo.log = m;
	ret = pl_align_project(*pp, audio, &oo);
	fclose(m);
	if (ret == 0 && opening_speech(*pp, &a, &b) && reread(user, &q) == 0 && q &&
	    q->n_turns == (*pp)->n_turns + 1 && (m = open_memstream(&buf2, &n2)) != NULL) {
		oo.log = m;
		oo.progress = 0;
		int r2 = pl_align_project(q, audio, &oo);
		fclose(m);
		if (r2 == 0 && opening_heard(q, a, b)) {
			const char *who;
			sub_project_free(*pp);
			*pp = q;
			q = NULL;
			free(buf);
			buf = buf2;
			n = n2;
			buf2 = NULL;
			who = sub_format_speaker_name(*pp, NULL, &(*pp)->turns[0]);
			fprintf(log,
			        "tsync: line %d is the turn of a speaker heard once, \"%s\", not a "
			        "title over a preamble: the audio holds its text\n",
			        line, who ? who : "?");
		}
	}
	if (buf && n)
		fwrite(buf, 1, n, log);
	free(buf);
	free(buf2);
	sub_project_free(q);
	return ret;
}
