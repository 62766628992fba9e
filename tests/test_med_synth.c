/*
 * test_med_synth.c: speech synthesis into features; a long text split over two copies of
 * libespeak-ng (dlmopen) against the serial run, Mandarin in the second copy, progress and
 * cancellation, concurrent callers, the stream split (finish_raw + normalise), errors, the
 * faster voice (harmonic_formants), a second pass that speaks only the second voice's
 * fragments (reuse), runs of a script the voice spells out spoken by that script's voice.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "med_features.h"
#include "med_synth.h"
#include "tap.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
        __has_feature(memory_sanitizer)
#define TEST_SANITIZED 1
#endif
#endif
#ifndef TEST_SANITIZED
#define TEST_SANITIZED 0
#endif

/* Fragments of different lengths, so that any fragment out of place moves the boundaries. */
static const char *const en_frags[] = {
        "Thank you very much for joining us today.",
        "What draws your attention most in artificial intelligence right now?",
        "It is changing the way we do things.",
        "It even changes the way we think about problems, right?",
        "I studied psychology as an undergraduate, so the term was not new to me.",
        "That was in the early eighties.",
        "At that time the technology was still in a very unstable stage, and most of what we "
        "called AI dealt with toy problems that people had made up.",
        "Today the technology is much more mature.",
        "The problems we try to solve are real, hard and valuable.",
        "So for me this is a huge change.",
        "You mentioned that it can also change how we think.",
        "How do you see that relationship?",
        "The relationship is very direct.",
        "Many people talk about computing power as ten times more of this or that.",
        "But if we look at it in terms of time, we can see why it changes our thinking.",
        "Let me give you an example.",
        "If I gave you a million times more computing power, the way you work would change.",
        "On a bicycle you think about how to get from Hong Kong to Shanghai.",
        "Give you a car and your thinking changes.",
        "Give you a plane, and it is another way of thinking again.",
        "And a rocket is a completely different level.",
        "So the change in computing power changes how we think, like going from cycling to "
        "driving to flying.",
        "If we compare it with the history of transport, from walking to rockets, is that the "
        "right way to think about general intelligence?",
        "Actually, I do not like this kind of classification very much.",
        "AI is just AI.",
        "Going from AI to super AI is an evolution, the ability grows, that is all.",
        "It is very hard to draw lines between those stages.",
        "It is like a person growing up, from kindergarten to a doctorate.",
        "It is a continuous process, and the ability keeps growing.",
        "Children learn very well, and in some ways that is like a doctoral student.",
        "Many companies are now working on embodied intelligence, humanoid robots for example.",
        "What do you think of that trend?",
        "I think robots have been around for a long time.",
        "What is new is that AI gives them a new kind of engine.",
        "Before, every robot had to be programmed by hand for every task.",
        "Now it can learn from data, and that changes what it can do in the real world.",
        "Will that happen quickly?",
        "Probably slower than people expect, but faster than they fear.",
        "Thank you, doctor Wang.",
        "It was a pleasure.",
};

/* Mandarin, about 2.3 kB of UTF-8: long enough to be split. */
static const char *const zh_frags[] = {
        "非常感謝您今天接受我們的采訪。",
        "現在在人工智能領域,最吸引您注意的是什么?",
        "它正在改變我們做事的方式,甚至改變我們思考問題的方式。",
        "我本科學的是心理學,所以這個詞對我來說并不新鮮。",
        "那是八十年代初的事了,技術還處在一個非常不穩定的階段。",
        "今天你可以看到,技術已經越來越成熟了。",
        "我們現在嘗試去解決的問題,是真正困難、真正有價值的現實問題。",
        "您剛才提到,它還能改變我們的思維方式。",
        "這種關系其實非常直接。",
        "如果我們從時間這個維度去看,就能明白為什么它會改變我們的思維方式。",
        "打個比方吧,如果我給你一百萬倍的計算力,你做事的方式一定會變。",
        "就像你騎自行車時思考的是怎么從香港去上海。",
        "但我如果給你一輛汽車,你的思維方式就變了。",
        "如果再給你一架飛機,那又是另一種思維方式了。",
        "而如果給你一枚火箭,那就完全是另一種層次的思考了。",
        "其實我不太喜歡這種分類方式,要硬區分這些階段是很困難的。",
        "就像人類成長一樣,從幼兒園到博士,其實是一個連續的過程。",
        "孩子的學習能力其實也很強,這和博士生某種程度上也很像。",
        "很多公司都在做具身智能,比如人形機器人,您怎么看這個趨勢?",
        "機器人其實早就有了,新的是人工智能給了它一種新的引擎。",
        "以前每個機器人都要為每一件事情專門編程。",
        "現在它可以從數據里學習,這改變了它在現實世界里能做的事情。",
        "這會很快發生嗎?可能比人們期待的慢,但比人們擔心的快。",
        "謝謝王博士,很高興和您聊天。",
        "也謝謝你們,今天的討論非常有意思。",
        "下一次我們想聊一聊教育,看看學校應該怎樣準備迎接這些變化。",
        "城市也是一樣,交通、能源和醫療都會因為數據而變得不同。",
        "最重要的還是人,技術只是幫助我們把事情做得更好。",
        "好的,我們今天就先聊到這里,再見。",
        "感謝各位觀眾的收看,我們下期節目再會。",
};

#define N_EN (sizeof(en_frags) / sizeof(en_frags[0]))
#define N_ZH (sizeof(zh_frags) / sizeof(zh_frags[0]))

static size_t text_bytes(const char *const *f, size_t n)
{
	size_t b = 0;
	for (size_t k = 0; k < n; k++)
		b += strlen(f[k]);
	return b;
}

static int synth(const char *const *frags, size_t n, const char *voice, int serial,
                 struct med_synth_result *out)
{
	struct med_synth_config sc;
	int r;

	med_synth_config_init(&sc);
	sc.voice = voice;
	if (serial)
		setenv("TSYNC_SYNTH_THREADS", "1", 1);
	else
		unsetenv("TSYNC_SYNTH_THREADS");
	r = med_synth_fragments(frags, n, &sc, NULL, out, NULL, NULL);
	unsetenv("TSYNC_SYNTH_THREADS");
	return r;
}

/* Mean absolute MFCC difference between fragment ka of a and fragment kb of b, frame by
 * frame from each fragment's start; adds to *sum and *count. */
static void frag_diff(const struct med_synth_result *a, size_t ka, const struct med_synth_result *b,
                      size_t kb, double *sum, size_t *count)
{
	int64_t la = a->frag_frame[ka + 1] - a->frag_frame[ka];
	int64_t lb = b->frag_frame[kb + 1] - b->frag_frame[kb];
	int64_t len = la < lb ? la : lb;
	int nc = a->feats.n_coeffs;

	for (int64_t j = 0; j < len; j++) {
		const float *x = a->feats.mfcc + (size_t)(a->frag_frame[ka] + j) * (size_t)nc;
		const float *y = b->feats.mfcc + (size_t)(b->frag_frame[kb] + j) * (size_t)nc;
		for (int c = 0; c < nc; c++)
			*sum += fabs((double)x[c] - (double)y[c]);
		*count += (size_t)nc;
	}
}

/*
 * How far two runs of the same fragments are apart. libespeak-ng is not reproducible call
 * by call: a fragment's length depends on everything the instance spoke before (a few
 * hundred samples either way, deterministic from the start of the process), so a serial
 * run differs from another serial run too, and boundaries drift apart by a random walk.
 */
struct run_diff {
	int64_t worst_boundary; /* frames, largest |frag_frame difference| */
	int64_t worst_length;   /* frames, largest difference of one fragment's length */
	double mfcc; /* mean |difference| of the cepstra, fragments aligned at their starts */
	double mfcc_shifted;  /* the same with every fragment against the next one */
	int64_t worst_speech; /* frames, largest move of a fragment's first or last speech frame
	                         relative to the fragment's start */
	double speech_frac;   /* difference of the fraction of speech frames */
};

static int run_diff(const char *what, const struct med_synth_result *s,
                    const struct med_synth_result *p, struct run_diff *d)
{
	size_t n_same = 0, n_shifted = 0, sp_s = 0, sp_p = 0;

	memset(d, 0, sizeof(*d));
	if (s->n_frags != p->n_frags || s->feats.n_coeffs != p->feats.n_coeffs || !s->n_frags)
		return -1;
	for (size_t k = 0; k <= s->n_frags; k++) {
		int64_t b = llabs(s->frag_frame[k] - p->frag_frame[k]);
		if (b > d->worst_boundary)
			d->worst_boundary = b;
	}
	for (size_t k = 0; k < s->n_frags; k++) {
		int64_t ls = s->frag_frame[k + 1] - s->frag_frame[k];
		int64_t lp = p->frag_frame[k + 1] - p->frag_frame[k];
		if (llabs(ls - lp) > d->worst_length)
			d->worst_length = llabs(ls - lp);
		frag_diff(s, k, p, k, &d->mfcc, &n_same);
		/* What a splice that put fragments out of place would give. */
		frag_diff(s, k, p, (k + 1) % s->n_frags, &d->mfcc_shifted, &n_shifted);
		if ((s->speech_first[k] < 0) != (p->speech_first[k] < 0)) {
			d->worst_speech = 1000000;
		} else if (s->speech_first[k] >= 0) {
			int64_t a = llabs((s->speech_first[k] - s->frag_frame[k]) -
			                  (p->speech_first[k] - p->frag_frame[k]));
			int64_t b = llabs((s->speech_last[k] - s->frag_frame[k]) -
			                  (p->speech_last[k] - p->frag_frame[k]));
			if (a > d->worst_speech)
				d->worst_speech = a;
			if (b > d->worst_speech)
				d->worst_speech = b;
		}
	}
	d->mfcc /= (double)(n_same ? n_same : 1);
	d->mfcc_shifted /= (double)(n_shifted ? n_shifted : 1);
	for (size_t i = 0; i < s->feats.n_frames; i++)
		sp_s += s->feats.speech[i];
	for (size_t i = 0; i < p->feats.n_frames; i++)
		sp_p += p->feats.speech[i];
	d->speech_frac = fabs((double)sp_s / (double)s->feats.n_frames -
	                      (double)sp_p / (double)p->feats.n_frames);
	printf("# %s: %zu fragments, %zu/%zu frames, worst boundary %lld, worst length %lld, "
	       "worst speech edge %lld frames; mean |dmfcc| %.4f (fragments shifted by one: "
	       "%.4f); speech %zu/%zu; floor %.1f/%.1f dB, level %.1f/%.1f dB\n",
	       what, s->n_frags, s->feats.n_frames, p->feats.n_frames, (long long)d->worst_boundary,
	       (long long)d->worst_length, (long long)d->worst_speech, d->mfcc, d->mfcc_shifted,
	       sp_s, sp_p, s->feats.noise_floor_db, p->feats.noise_floor_db,
	       s->feats.speech_level_db, p->feats.speech_level_db);
	return 0;
}

/* The split run (p) against a serial one (s): the same fragments in the same places, as
 * close as espeak-ng's own variation allows (base: serial against serial). */
static void compare_runs(const char *what, const struct med_synth_result *s,
                         const struct med_synth_result *p, const struct run_diff *base)
{
	struct run_diff d;

	CHECK(run_diff(what, s, p, &d) == 0);
	CHECK(s->n_frags == p->n_frags);
	if (s->n_frags != p->n_frags)
		return;
	/* Every fragment keeps its length within 80 ms: a fragment out of place, a lost
	 * or doubled part or a wrong offset moves lengths by far more. */
	CHECK(d.worst_length <= 8);
	CHECK(d.worst_boundary <= 30);
	CHECK(llabs((long long)s->feats.n_frames - (long long)p->feats.n_frames) <=
	      (long long)s->feats.n_frames / 200 + 5);
	CHECK(fabs(s->seconds - p->seconds) < 0.005 * s->seconds + 0.05);
	CHECK(d.mfcc < 0.25 * d.mfcc_shifted);
	CHECK(d.worst_speech <= 15);
	CHECK(d.speech_frac < 0.01);
	CHECK(fabs(s->feats.noise_floor_db - p->feats.noise_floor_db) < 1.5);
	CHECK(fabs(s->feats.speech_level_db - p->feats.speech_level_db) < 0.5);
	if (base) {
		CHECK(d.mfcc < 1.5 * base->mfcc + 0.05);
		CHECK(d.worst_length <= base->worst_length + 6);
	}
}

static void test_split_matches_serial(void)
{
	struct med_synth_result s1, s2, p;
	struct run_diff base;
	int threads = med_synth_threads();

	CHECK(text_bytes(en_frags, N_EN) >= 2000);
	printf("# engines: %d\n", threads);
	if (!TEST_SANITIZED && sysconf(_SC_NPROCESSORS_ONLN) >= 2)
		CHECK(threads == 2); /* the second copy of libespeak-ng loads here */
	CHECK(synth(en_frags, N_EN, "en-us", 1, &s1) == MED_OK);
	CHECK(synth(en_frags, N_EN, "en-us", 1, &s2) == MED_OK);
	CHECK(synth(en_frags, N_EN, "en-us", 0, &p) == MED_OK);
	CHECK(run_diff("en-us serial/serial", &s1, &s2, &base) == 0);
	compare_runs("en-us serial/split", &s2, &p, &base);
	med_synth_result_release(&s1);
	med_synth_result_release(&s2);
	med_synth_result_release(&p);
}

/*
 * A second voice for some fragments (voice_alt, alt): every other fragment of the English
 * text spoken by espeak-ng's female variant f4, across both engines. Those fragments are
 * spoken about 1.7 times higher than the rest (medians of med_features_median_pitch()),
 * and the lengths of the others stay within the serial runs' variation. A second voice
 * espeak-ng does not have fails as the first one does.
 */
static void test_alt_voice(void)
{
	struct med_synth_config sc;
	struct med_features_config fc;
	struct med_synth_result r, plain;
	unsigned char alt[N_EN];
	int64_t a[2][N_EN], b[2][N_EN];
	size_t n[2] = {0, 0};
	float hz[2];

	med_synth_config_init(&sc);
	sc.voice = "en-us";
	CHECK(med_synth_fragments(en_frags, N_EN, &sc, NULL, &plain, NULL, NULL) == MED_OK);
	sc.voice_alt = "en-us+f4";
	for (size_t k = 0; k < N_EN; k++)
		alt[k] = k % 2;
	sc.alt = alt;
	med_features_config_init(&fc);
	fc.voicing = 1;
	CHECK(med_synth_fragments(en_frags, N_EN, &sc, &fc, &r, NULL, NULL) == MED_OK);
	CHECK(r.n_frags == N_EN && plain.n_frags == N_EN);
	if (r.n_frags == N_EN && plain.n_frags == N_EN) {
		int64_t worst = 0;
		for (size_t k = 0; k < N_EN; k++) {
			a[alt[k]][n[alt[k]]] = r.frag_frame[k];
			b[alt[k]][n[alt[k]]++] = r.frag_frame[k + 1];
			if (!alt[k]) {
				int64_t d = llabs((r.frag_frame[k + 1] - r.frag_frame[k]) -
				                  (plain.frag_frame[k + 1] - plain.frag_frame[k]));
				worst = d > worst ? d : worst;
			}
		}
		for (int v = 0; v < 2; v++)
			hz[v] = med_features_median_pitch(&r.feats, a[v], b[v], n[v], 100);
		printf("# second voice: pitch %.0f Hz against %.0f; the first voice's fragments "
		       "within %lld frames of their lengths alone\n",
		       (double)hz[1], (double)hz[0], (long long)worst);
		CHECK(hz[0] > 70 && hz[0] < 140);
		CHECK(hz[1] > 1.5f * hz[0]);
		CHECK(worst <= 8);
	}
	med_synth_result_release(&r);
	med_synth_result_release(&plain);
	sc.voice_alt = "no-such-voice-xx";
	CHECK(med_synth_fragments(en_frags, N_EN, &sc, NULL, &r, NULL, NULL) == MED_ERR_SYNTH);
}

/*
 * The faster voice (harmonic_formants: rewritten voice files read from memory) is taken on
 * both engines, for a plain voice, a variant and Mandarin, and speaks at the voice's own
 * pace: every fragment within a few frames of its length in the voice's own formants
 * (espeak-ng itself varies by a few samples from call to call). The variant's attributes
 * are kept: f4 speaks at its own pace, not at the plain voice's.
 */
static void test_harmonic_formants(void)
{
	static const char *const voices[] = {"en-us", "en-us+f4", "cmn-latn-pinyin"};
	struct med_synth_config sc;
	struct med_synth_result own, fast;
	int64_t plain_frames = 0;

	for (size_t v = 0; v < sizeof(voices) / sizeof(voices[0]); v++) {
		const char *const *frags = v < 2 ? en_frags : zh_frags;
		size_t n = v < 2 ? N_EN : N_ZH;
		int64_t worst = 0;
		med_synth_config_init(&sc);
		CHECK(sc.harmonic_formants == MED_SYNTH_HARMONIC_FORMANTS);
		sc.voice = voices[v];
		sc.harmonic_formants = 0;
		CHECK(med_synth_fragments(frags, n, &sc, NULL, &own, NULL, NULL) == MED_OK);
		sc.harmonic_formants = 2;
		CHECK(med_synth_fragments(frags, n, &sc, NULL, &fast, NULL, NULL) == MED_OK);
		CHECK(own.harmonic_formants == 0 && fast.harmonic_formants == 2);
		CHECK(own.n_frags == n && fast.n_frags == n);
		for (size_t k = 0; own.n_frags == n && fast.n_frags == n && k < n; k++) {
			int64_t d = llabs((fast.frag_frame[k + 1] - fast.frag_frame[k]) -
			                  (own.frag_frame[k + 1] - own.frag_frame[k]));
			worst = d > worst ? d : worst;
		}
		printf("# %s: %lld frames in the voice's own formants, %lld with two; fragments "
		       "within %lld frames\n",
		       voices[v], (long long)own.feats.n_frames, (long long)fast.feats.n_frames,
		       (long long)worst);
		CHECK(worst <= 8);
		if (v == 0)
			plain_frames = (int64_t)fast.feats.n_frames;
		else if (v == 1)
			CHECK(llabs((int64_t)fast.feats.n_frames - plain_frames) >
			      (int64_t)fast.feats.n_frames / 50);
		med_synth_result_release(&own);
		med_synth_result_release(&fast);
	}
}

/*
 * A second pass that speaks only the fragments flagged for the second voice (reuse): the
 * others' raw frames come from the first pass (keep_raw) as they were, to the frame; the
 * whole compares with a full run in both voices (the fragments spoken again within 150 ms
 * of their lengths there: espeak-ng's timing depends on what it spoke before).
 * A result made without keep_raw has nothing to lend: every fragment is spoken. Run twice:
 * on a split first pass, and on a serial one given two frames past its last fragment.
 */
static void test_splice(int serial)
{
	struct med_synth_config sc;
	struct med_synth_result first, full, spliced, again;
	struct run_diff base;
	unsigned char alt[N_EN];
	size_t n_alt = 0;

	for (size_t k = 0; k < N_EN; k++)
		n_alt += alt[k] = (k % 5 == 1 || k % 5 == 2);
	med_synth_config_init(&sc);
	sc.voice = "en-us";
	sc.keep_raw = 1;
	if (serial)
		setenv("TSYNC_SYNTH_THREADS", "1", 1);
	CHECK(med_synth_fragments(en_frags, N_EN, &sc, NULL, &first, NULL, NULL) == MED_OK);
	unsetenv("TSYNC_SYNTH_THREADS");
	CHECK(first.raw.n_frames == first.feats.n_frames && first.raw.mfcc);
	/* A run may keep the last window's frames past the last fragment's end (the rounding
	 * decides; 27 of 30 recordings had some): two such frames, made here. */
	if (serial && first.raw.mfcc && first.raw.energy_db && first.raw.n_frames) {
		size_t nf = first.raw.n_frames, nc = (size_t)first.raw.n_coeffs;
		float *m = realloc(first.raw.mfcc, (nf + 2) * nc * sizeof(float));
		float *e = m ? realloc(first.raw.energy_db, (nf + 2) * sizeof(float)) : NULL;
		if (m)
			first.raw.mfcc = m;
		if (e)
			first.raw.energy_db = e;
		CHECK(m && e);
		if (m && e) {
			memset(m + nf * nc, 0, 2 * nc * sizeof(float));
			e[nf] = e[nf + 1] = -90.0f;
			/* the other optional rows are dropped: a piece without them drops them */
			free(first.raw.hiss_db);
			free(first.raw.voicing);
			free(first.raw.pitch_hz);
			first.raw.hiss_db = first.raw.voicing = first.raw.pitch_hz = NULL;
			first.raw.n_frames = nf + 2;
		}
	}
	sc.keep_raw = 0;
	sc.voice_alt = "en-us+f4";
	sc.alt = alt;
	CHECK(med_synth_fragments(en_frags, N_EN, &sc, NULL, &full, NULL, NULL) == MED_OK);
	CHECK(med_synth_fragments(en_frags, N_EN, &sc, NULL, &again, NULL, NULL) == MED_OK);
	CHECK(full.raw.n_frames == 0 && !full.raw.mfcc);
	sc.reuse = &first;
	CHECK(med_synth_fragments(en_frags, N_EN, &sc, NULL, &spliced, NULL, NULL) == MED_OK);
	CHECK(spliced.n_frags == N_EN && spliced.harmonic_formants == 2);
	if (spliced.n_frags == N_EN && first.n_frags == N_EN) {
		size_t same = 0;
		for (size_t k = 0; k < N_EN; k++) {
			int64_t len = spliced.frag_frame[k + 1] - spliced.frag_frame[k];
			int64_t a = spliced.frag_frame[k], b = first.frag_frame[k];
			if (alt[k] || len != first.frag_frame[k + 1] - b)
				continue;
			/* the same raw frames (the energy is not normalised) */
			if (!memcmp(spliced.feats.energy_db + a, first.feats.energy_db + b,
			            (size_t)len * sizeof(float)))
				same++;
		}
		printf("# splice (%s first pass, %zu of %zu raw frames in fragments): %zu of %zu "
		       "fragments spoken again; %zu of the others taken to the frame\n",
		       serial ? "serial" : "split", (size_t)first.frag_frame[N_EN],
		       first.raw.n_frames, n_alt, (size_t)N_EN, same);
		CHECK(same == N_EN - n_alt);
	}
	CHECK(run_diff("en-us+f4 full/full", &full, &again, &base) == 0);
	{
		/* The fragments spoken again differ from the full run's as espeak-ng's history
		 * makes them: each followed other f4 fragments there, en-us ones here. */
		struct run_diff d;
		CHECK(run_diff("en-us+f4 full/spliced", &full, &spliced, &d) == 0);
		CHECK(d.worst_length <= 15);
		CHECK(d.mfcc < 0.25 * d.mfcc_shifted);
		CHECK(d.mfcc < 1.5 * base.mfcc + 0.05);
		CHECK(d.worst_speech <= 15);
		CHECK(d.speech_frac < 0.01);
		CHECK(fabs(full.seconds - spliced.seconds) < 0.01 * full.seconds);
	}
	med_synth_result_release(&spliced);
	/* a result without raw frames lends nothing: every fragment is spoken */
	sc.reuse = &full;
	CHECK(med_synth_fragments(en_frags, N_EN, &sc, NULL, &spliced, NULL, NULL) == MED_OK);
	CHECK(spliced.n_frags == N_EN &&
	      llabs((long long)spliced.feats.n_frames - (long long)full.feats.n_frames) <= 10);
	med_synth_result_release(&spliced);
	med_synth_result_release(&first);
	med_synth_result_release(&full);
	med_synth_result_release(&again);
}

static void test_mandarin(void)
{
	struct med_synth_result s, p;
	char voice[32];

	CHECK(text_bytes(zh_frags, N_ZH) >= 2000);
	CHECK(med_synth_voice_for_lang("zh", voice, sizeof(voice)) == MED_OK);
	CHECK(!strcmp(voice, "cmn-latn-pinyin"));
	CHECK(synth(zh_frags, N_ZH, voice, 1, &s) == MED_OK);
	CHECK(synth(zh_frags, N_ZH, voice, 0, &p) == MED_OK);
	compare_runs("cmn-latn-pinyin serial/split", &s, &p, NULL);
	med_synth_result_release(&s);
	med_synth_result_release(&p);
	/* English again after Mandarin: the voices are set per call in both copies. */
	CHECK(synth(en_frags, N_EN, "en-us", 0, &p) == MED_OK);
	CHECK(p.seconds > 60.0 && p.n_frags == N_EN);
	med_synth_result_release(&p);
}

struct progress_log {
	int calls, cancel_after;
	double last, min_step;
	int backwards;
};

static int on_progress(void *user, const char *stage, double f)
{
	struct progress_log *l = user;

	if (strcmp(stage, "synthesis"))
		return 0;
	if (f < l->last - 1e-9)
		l->backwards = 1;
	l->last = f;
	l->calls++;
	return l->cancel_after > 0 && l->calls >= l->cancel_after;
}

static void test_progress_and_cancel(void)
{
	struct med_synth_result r;
	struct progress_log log;

	memset(&log, 0, sizeof(log));
	CHECK(med_synth_fragments(en_frags, N_EN, NULL, NULL, &r, on_progress, &log) == MED_OK);
	CHECK(log.calls >= 2 && !log.backwards && fabs(log.last - 1.0) < 1e-9);
	med_synth_result_release(&r);

	memset(&log, 0, sizeof(log));
	log.cancel_after = 1;
	CHECK(med_synth_fragments(en_frags, N_EN, NULL, NULL, &r, on_progress, &log) ==
	      MED_ERR_CANCELLED);
	CHECK(r.n_frags == 0 && r.frag_frame == NULL && r.feats.n_frames == 0);
	/* The worker is idle again: the next call works. */
	CHECK(med_synth_fragments(en_frags, N_EN, NULL, NULL, &r, NULL, NULL) == MED_OK);
	CHECK(r.n_frags == N_EN);
	med_synth_result_release(&r);
}

struct concurrent {
	struct med_synth_result r;
	int result;
};

static void *concurrent_main(void *arg)
{
	struct concurrent *c = arg;
	c->result = med_synth_fragments(en_frags, N_EN, NULL, NULL, &c->r, NULL, NULL);
	return NULL;
}

/* Two callers at once: the lock serialises them, both get the same fragments. */
static void test_concurrent_callers(void)
{
	struct concurrent c[2];
	pthread_t th[2];

	memset(c, 0, sizeof(c));
	for (int i = 0; i < 2; i++)
		CHECK(pthread_create(&th[i], NULL, concurrent_main, &c[i]) == 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	CHECK(c[0].result == MED_OK && c[1].result == MED_OK);
	CHECK(c[0].r.n_frags == N_EN && c[1].r.n_frags == N_EN);
	compare_runs("en-us two callers", &c[0].r, &c[1].r, NULL);
	for (int i = 0; i < 2; i++)
		med_synth_result_release(&c[i].r);
}

/* A child of fork() has no worker thread: synthesis starts a new one (no hang). */
static void test_fork(void)
{
	pid_t pid;
	int status = -1;

	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct med_synth_result r;
		alarm(20);
		if (med_synth_fragments(en_frags, N_EN, NULL, NULL, &r, NULL, NULL) != MED_OK ||
		    r.n_frags != N_EN)
			_exit(1);
		med_synth_result_release(&r);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A short text: well-formed boundaries and speech inside each fragment. */
static void test_short_text(void)
{
	struct med_synth_result s;

	CHECK(synth(en_frags, 6, "en-us", 0, &s) == MED_OK);
	CHECK(s.n_frags == 6 && s.frag_frame[0] == 0 &&
	      s.frag_frame[6] <= (int64_t)s.feats.n_frames);
	CHECK(fabs(s.seconds - (double)s.feats.n_frames * s.feats.hop_ms / 1000.0) < 0.02);
	for (size_t k = 0; k < 6; k++) {
		CHECK(s.frag_frame[k] < s.frag_frame[k + 1]);
		CHECK(s.speech_first[k] >= s.frag_frame[k] &&
		      s.speech_last[k] >= s.speech_first[k] &&
		      s.speech_last[k] < s.frag_frame[k + 1]);
	}
	med_synth_result_release(&s);
}

/* finish == finish_raw + normalise, and normalising joined halves equals normalising
 * the whole once the frames are the same. */
static void test_stream_split(void)
{
	struct med_features_config fc;
	struct med_feature_stream *a = NULL, *b = NULL;
	struct med_features fa, fb;
	size_t n = 16000 * 4;
	float *x = malloc(n * sizeof(float));
	uint32_t rng = 99u;

	med_features_config_init(&fc);
	for (size_t i = 0; i < n; i++) {
		rng = rng * 1664525u + 1013904223u;
		double env = (i / 8000) % 2 ? 0.3 : 0.002;
		x[i] = (float)(env * ((double)(rng >> 8) / 8388608.0 - 1.0) +
		               env * sin(2 * 3.14159265 * 220.0 * (double)i / 16000.0));
	}
	CHECK(med_feature_stream_new(&fc, &a) == MED_OK);
	CHECK(med_feature_stream_new(&fc, &b) == MED_OK);
	CHECK(med_feature_stream_push(a, x, n) == MED_OK);
	CHECK(med_feature_stream_push(b, x, n) == MED_OK);
	CHECK(med_feature_stream_finish(a, &fa) == MED_OK);
	CHECK(med_feature_stream_finish_raw(b, &fb) == MED_OK);
	CHECK(fa.n_frames == fb.n_frames && fa.n_frames == 400);
	{
		size_t sp = 0;
		for (size_t i = 0; i < fb.n_frames; i++)
			sp += fb.speech[i];
		CHECK(sp == 0); /* raw: no voice activity yet */
	}
	CHECK(med_features_normalise(&fb, &fc) == MED_OK);
	CHECK(!memcmp(fa.mfcc, fb.mfcc, fa.n_frames * (size_t)fa.n_coeffs * sizeof(float)));
	CHECK(!memcmp(fa.speech, fb.speech, fa.n_frames));
	CHECK(fa.noise_floor_db == fb.noise_floor_db && fa.speech_level_db == fb.speech_level_db);
	CHECK(med_features_normalise(NULL, &fc) == MED_ERR_ARG);
	med_features_release(&fb);
	CHECK(med_features_normalise(&fb, &fc) == MED_ERR_ARG);
	CHECK(med_feature_stream_finish_raw(NULL, &fb) == MED_ERR_ARG);
	med_features_release(&fa);
	med_feature_stream_free(a);
	med_feature_stream_free(b);
	free(x);
}

static void test_errors(void)
{
	struct med_synth_result r;
	struct med_synth_config sc;
	const char *bad[2] = {"hello", NULL};
	char buf[32];

	CHECK(med_synth_fragments(en_frags, 2, NULL, NULL, NULL, NULL, NULL) == MED_ERR_ARG);
	CHECK(med_synth_fragments(NULL, 2, NULL, NULL, &r, NULL, NULL) == MED_ERR_ARG);
	CHECK(med_synth_fragments(en_frags, 0, NULL, NULL, &r, NULL, NULL) == MED_ERR_ARG);
	CHECK(med_synth_fragments(bad, 2, NULL, NULL, &r, NULL, NULL) == MED_ERR_ARG);
	{
		const char *empty[2] = {"", ""};
		CHECK(med_synth_fragments(empty, 2, NULL, NULL, &r, NULL, NULL) == MED_ERR_EMPTY);
	}
	med_synth_config_init(&sc);
	sc.voice = "no-such-voice-xx";
	CHECK(med_synth_fragments(en_frags, N_EN, &sc, NULL, &r, NULL, NULL) == MED_ERR_SYNTH);
	CHECK(r.n_frags == 0 && r.frag_frame == NULL);
	CHECK(med_synth_voice_for_lang("zh-Hant", buf, sizeof(buf)) == MED_OK &&
	      !strcmp(buf, "cmn-latn-pinyin"));
	CHECK(med_synth_voice_for_lang("en", buf, sizeof(buf)) == MED_OK && !strcmp(buf, "en-us"));
	CHECK(med_synth_voice_for_lang(NULL, buf, sizeof(buf)) == MED_ERR_ARG);
	CHECK(med_synth_voice_for_lang("", buf, sizeof(buf)) == MED_ERR_SYNTH);
}

/* med_synth_dither() four samples at a time gives the generator's numbers one by one, for
 * every length's remainder and a state carried from one call to the next. */
static void test_dither(void)
{
	short wav[41];
	float out[41];
	uint32_t st = 12345u, ref = 12345u;
	int ok = 1;
	for (int i = 0; i < 41; i++)
		wav[i] = (short)(i * 797 - 16000);
	for (int n = 0; n <= 41; n++) {
		med_synth_dither(&st, 0.001f, wav, n, out);
		for (int i = 0; i < n; i++) {
			float want;
			ref = ref * 1664525u + 1013904223u;
			want = wav[i] / 32768.0f + ((float)(ref >> 8) / 8388608.0f - 1.0f) * 0.001f;
			if (memcmp(&want, &out[i], sizeof(float)))
				ok = 0;
		}
		if (st != ref)
			ok = 0;
	}
	CHECK(ok);
}

/* Seconds of text spoken by voice (med_synth_pcm()); -1 on failure. */
static double pcm_seconds(const char *text, const char *voice)
{
	struct med_synth_config sc;
	float *pcm = NULL;
	size_t n = 0;
	int rate = 0;

	med_synth_config_init(&sc);
	sc.voice = voice;
	if (med_synth_pcm(text, &sc, &pcm, &n, &rate) != MED_OK || rate <= 0)
		return -1;
	free(pcm);
	return (double)n / rate;
}

/*
 * A run of letters in a script the voice spells out letter by letter ("Cyrillic P ...",
 * "Chinese letter") is spoken by that script's voice: a Russian phrase in Czech text takes
 * about what Russian takes (18.5 s when spelled, 2 s spoken), Chinese characters in English
 * about what Mandarin takes. The voice is set back after the run: the next fragment's
 * features are those it has after plain text, in the serial run and across both engines.
 */
static void test_foreign_scripts(void)
{
	const char *ru = "Подожди, видишь красный свет.";
	char mixed[256], names[256];
	double t_ru = pcm_seconds(ru, "ru"), t_cs = pcm_seconds(ru, "cs");
	double t_cmn = pcm_seconds("王坚", "cmn"),
	       t_en = pcm_seconds("His name is, and he said so.", "en-us");
	const char *fr[N_EN];
	struct med_synth_result a, a2, b, p;
	double sum = 0;
	size_t count = 0;

	printf("# Russian %.2f s by ru, %.2f s by cs\n", t_ru, t_cs);
	CHECK(t_ru > 1.0 && t_cs > 0.8 * t_ru && t_cs < 1.25 * t_ru);
	snprintf(mixed, sizeof(mixed), "Počkej. %s Hotovo.", ru);
	CHECK(pcm_seconds(mixed, "cs") < pcm_seconds("Počkej. Hotovo.", "cs") + 1.5 * t_ru);
	snprintf(names, sizeof(names), "His name is %s, and he said so.", "王坚");
	double t_names = pcm_seconds(names, "en-us");
	printf("# two Han characters %.2f s by cmn; in English %.2f s more\n", t_cmn,
	       t_names - t_en);
	CHECK(t_cmn > 0.2 && t_names < t_en + t_cmn + 0.35);

	/* every third fragment with a name in Han characters, across both engines */
	static char buf[N_EN][320];
	for (size_t k = 0; k < N_EN; k++) {
		if (k % 3 == 1) {
			snprintf(buf[k], sizeof(buf[k]), "%s 王坚 agreed.", en_frags[k]);
			fr[k] = buf[k];
		} else
			fr[k] = en_frags[k];
	}
	CHECK(synth(en_frags, N_EN, "en-us", 1, &a) == MED_OK);
	CHECK(synth(en_frags, N_EN, "en-us", 1, &a2) == MED_OK);
	CHECK(synth(fr, N_EN, "en-us", 1, &b) == MED_OK);
	CHECK(synth(fr, N_EN, "en-us", 0, &p) == MED_OK);
	if (a.n_frags == N_EN && a2.n_frags == N_EN && b.n_frags == N_EN) {
		/* the plain fragments after mixed ones against two plain runs' own variation */
		double sum2 = 0;
		size_t count2 = 0;
		int64_t worst = 0;
		for (size_t k = 2; k < N_EN; k += 3) {
			int64_t la = a.frag_frame[k + 1] - a.frag_frame[k];
			int64_t lb = b.frag_frame[k + 1] - b.frag_frame[k];
			frag_diff(&a, k, &b, k, &sum, &count);
			frag_diff(&a, k, &a2, k, &sum2, &count2);
			worst = llabs(la - lb) > worst ? llabs(la - lb) : worst;
		}
		printf("# plain fragments after mixed ones: length within %lld frames, mean MFCC "
		       "difference %.4f (plain runs %.4f)\n",
		       (long long)worst, sum / (double)count, sum2 / (double)count2);
		CHECK(worst <= 8);
		CHECK(sum / (double)count < 1.5 * sum2 / (double)count2 + 0.05);
	}
	compare_runs("mixed scripts serial/split", &b, &p, NULL);
	med_synth_result_release(&a);
	med_synth_result_release(&a2);
	med_synth_result_release(&b);
	med_synth_result_release(&p);
}

int main(void)
{
	test_dither();
	test_stream_split();
	test_errors();
	test_short_text();
	test_split_matches_serial();
	test_mandarin();
	test_alt_voice();
	test_harmonic_formants();
	test_splice(0);
	test_splice(1);
	test_progress_and_cancel();
	test_concurrent_callers();
	test_fork();
	/* last: the other voices' runs change what each engine has spoken before (and with it
	 * the lengths of what it speaks next), which the tests above compare within limits */
	test_foreign_scripts();
	return tap_done();
}
