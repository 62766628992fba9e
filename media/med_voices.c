/* med_voices.c: changes of speaker on the DTW path checked against the speakers' voices. */
#include "med_voices.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "med_speaker.h"

#define V_MAX_SPEAKERS 16
#define V_TRIM_MS 1000    /* speech this near a turn's ends does not train its voice ... */
#define V_TRIM_FRAC 0.15  /* ... nor this share of the turn at each end, when more */
#define V_MIN_TRAIN 300   /* frames a voice needs to be modelled */
#define V_FIT_FRAMES 3000 /* frames a model is fitted on at most (evenly spread) */
#define V_CHUNK 200       /* held-out speech is judged in chunks of this many frames */
/* Held-out frames needed to judge the models: five chunks (10 s). The people's recordings
 * of real.sh, scenes of 100 s between two to six characters, hold 12-20 s in the cores of
 * the held-out turns, nearly all of it recognised; at 20 s needed, their voices went unused
 * and a short exclamation at a turn's end ("Auw!") went to the next speaker, 1.8 s off. */
#define V_MIN_TEST (5 * V_CHUNK)
#define V_SEPARABLE 0.80  /* held-out turn speech recognised at least this well */
#define V_CAP 8.0         /* per-frame log-likelihood ratio is capped here */
#define V_GAIN 1.0        /* mean evidence per moved frame of speech a move needs, */
#define V_MIN_GAIN 25.0   /* and in all, */
/* and this many times the square root of the frames moved: the per-frame evidence is noisy,
 * and its sum over n frames of no real preference strays by about sqrt(n) of its spread. On
 * the suite and the held-out items, 117 moves that helped or did no harm had 8.4-40 times;
 * a move of 25 frames at 5.0 times took a reply's first word ("Yes,", a quarter of a second
 * before a pause) to the other speaker. */
#define V_Z 6.0
/* A move that passes less speech than V_WORDS_MS (a word or two) needs V_GAIN_FAR a frame
 * as well: a turn's last words are read as the other voice more readily than whole turns
 * (a host's "back then." as the guest's at 1.8 a frame, z 11.7, on a held-out recording,
 * which moved the change of speaker 1.3 s early). */
#define V_WORDS_MS 1000
#define V_WINDOW_MS 6000  /* a change of speaker moving further than this */
#define V_GAIN_FAR 2.0    /* needs this much evidence per frame */
#define V_SHORT_MS 5000   /* a turn this short has both ends moved together too */
/* A short turn's end with speech all round it for this long either side has no pause to
 * hold it where the path put it (move_short()). */
#define V_INSIDE_MS 250
#define V_CONTEXT_MS 5000 /* the path is found again this far around a moved change */
#define V_FOREIGN_WIN 200 /* frames of sound averaged when looking for music */
#define V_FOREIGN_MS 5000 /* shortest run of sound that is nobody's speech */
/* Spectral change under this share of its median is music (the mean over two seconds of
 * sound: the suite's speech 0.82 at least, English and Mandarin; music made by sox
 * 0.3-0.55, more where a window holds a chord change). */
#define V_FOREIGN_FLUX 0.6
/* A run goes on through this many frames above the line (the windows that hold a chord
 * change). */
#define V_FOREIGN_GAP 200
#define V_MAX_FOREIGN MED_VOICES_MAX_MUSIC
#define V_FOREIGN_EDGE_MS 1500 /* a run's ends move to a pause this near */
/* other_voice(): another voice inside a turn is taken out when it holds this much speech
 * (a sentence; what the aligner reports as sound without text at least), */
#define V_OTHER_MIN_MS 1500
#define V_OTHER_BRIDGE_MS 150 /* a gap this short is inside a run of speech (between words) */
#define V_OTHER_SIDE_MS 5000  /* fragment starts this near the stretch are tried for its place */
#define V_OTHER_CANDS 8       /* at most */

/* A run of audio no fragment takes: music (find_foreign()) or another speaker's voice
 * inside a turn (other_voice()). */
struct foreign {
	int64_t a, b; /* audio frames [a, b) */
	int64_t j;    /* held on the pause before synthetic frame j */
	size_t t;     /* in turn t (j its first frame, or inside it) */
	int voice;    /* -1 music, else the speaker whose voice it is */
};

struct voices {
	const struct med_voices_input *in;
	int K;            /* speakers (max index + 1) */
	size_t T;         /* turns */
	int *spk;         /* T */
	int64_t *jb, *ib; /* T + 1: synthetic and audio frame where each turn starts */
	struct med_gmm gmm[V_MAX_SPEAKERS];
	float *ll;                   /* na * K, NAN until computed */
	const unsigned char *skip;   /* NULL, or T: turns no model is fitted on */
	size_t n_fr;                 /* runs of audio no fragment takes */
	struct foreign fr[V_MAX_FOREIGN];
};

/* Audio frame i's MFCCs (n_coeffs values) as the voices read them: before denoising when
 * kept (xv), else the DTW's copy. */
static const float *voice_row(const struct med_voices_input *in, size_t i)
{
	return in->xv ? in->xv + i * (size_t)in->n_coeffs : in->xa + i * (size_t)in->dim;
}

/* The MFCCs of audio frame i less their global mean only: the sliding mean the aligner's
 * sequence had removed is put back (the speakers differ in their means). */
static void voice_frame(const struct med_voices_input *in, size_t i, float *out)
{
	size_t nc = (size_t)in->n_coeffs, b = i / MED_FEATURES_MEAN_STEP,
	       last = (in->na - 1) / MED_FEATURES_MEAN_STEP;
	const float *x = voice_row(in, i), *m0, *m1;
	float w = (float)(i % MED_FEATURES_MEAN_STEP) / (float)MED_FEATURES_MEAN_STEP;
	if (b >= last) {
		b = last;
		w = 0;
	}
	m0 = in->local_mean + b * nc;
	m1 = b < last ? m0 + nc : m0;
	for (size_t k = 0; k < nc; k++)
		out[k] = x[k] + (1 - w) * m0[k] + w * m1[k];
}

/* The middle of turn t: [*a, *b) in audio frames. */
static void turn_core(const struct voices *v, size_t t, int64_t *a, int64_t *b)
{
	int64_t lo = v->ib[t], hi = v->ib[t + 1], len = hi - lo;
	int64_t trim = V_TRIM_MS / v->in->hop_ms;
	if ((int64_t)(V_TRIM_FRAC * (double)len) > trim)
		trim = (int64_t)(V_TRIM_FRAC * (double)len);
	*a = lo + trim;
	*b = hi - trim;
}

/* Speech frames of the cores of speaker k's turns; with parity 0 or 1 only that speaker's
 * even or odd turns (counted per speaker), with -1 all. Returns a new array of *n rows of
 * n_coeffs, or NULL (*n 0: none; else out of memory). */
static float *gather(const struct voices *v, int k, int parity, size_t *n)
{
	const struct med_voices_input *in = v->in;
	size_t cnt = 0, at = 0, nc = (size_t)in->n_coeffs;
	float *x = NULL;
	for (int pass = 0; pass < 2; pass++) {
		int seen = 0;
		for (size_t t = 0; t < v->T; t++) {
			int64_t a, b;
			if (v->spk[t] != k || (v->skip && v->skip[t]))
				continue;
			if (parity >= 0 && (seen++ & 1) != parity)
				continue;
			turn_core(v, t, &a, &b);
			for (int64_t i = a; i < b; i++) {
				if (!in->speech[i])
					continue;
				if (pass == 0)
					cnt++;
				else
					voice_frame(in, (size_t)i, x + (at++) * nc);
			}
		}
		if (pass == 0) {
			*n = cnt;
			if (!cnt)
				return NULL;
			x = med_alloc_big(cnt * nc * sizeof(float));
			if (!x)
				return NULL;
		}
	}
	return x;
}

/* Fits speaker k's model on the given turns; leaves g zeroed when there is too little. */
static int fit(const struct voices *v, int k, int parity, struct med_gmm *g)
{
	size_t n = 0;
	float *x = gather(v, k, parity, &n);
	int r = MED_OK;
	memset(g, 0, sizeof(*g));
	if (n && !x)
		return MED_ERR_NOMEM;
	if (n >= V_MIN_TRAIN) {
		struct med_gmm_config gc;
		med_gmm_config_init(&gc);
		gc.max_frames = V_FIT_FRAMES;
		r = med_gmm_fit(x, n, v->in->n_coeffs, &gc, g);
	}
	free(x);
	return r;
}

/* Every speaker's model (fit()), two at a time: the odd speakers' on a thread of their own,
 * the even ones' on the caller's. The models are the same as one by one. */
struct fit_job {
	const struct voices *v;
	int parity, first, r;
	struct med_gmm *g;
};

static void *fit_some(void *arg)
{
	struct fit_job *j = arg;
	for (int k = j->first; k < j->v->K && !j->r; k += 2)
		j->r = fit(j->v, k, j->parity, &j->g[k]);
	return NULL;
}

static int fit_all(const struct voices *v, int parity, struct med_gmm *g)
{
	struct fit_job odd = {v, parity, 1, MED_OK, g}, even = {v, parity, 0, MED_OK, g};

	med_run_two(fit_some, &odd, &even);
	return even.r ? even.r : odd.r;
}

/* Share of the speech in the cores of odd turns (per speaker) that models of the even turns
 * recognise as its speaker's, in chunks of V_CHUNK frames; -1 when there is too little to tell. */
static int separability(const struct voices *v, double *out)
{
	const struct med_voices_input *in = v->in;
	struct med_gmm g[V_MAX_SPEAKERS];
	int r = MED_OK, models = 0;
	double right = 0, all = 0;
	int seen[V_MAX_SPEAKERS] = {0};

	*out = -1;
	memset(g, 0, sizeof(g));
	r = fit_all(v, 0, g);
	if (r)
		goto out;
	for (int k = 0; k < v->K; k++)
		models += g[k].n_comp > 0;
	if (models < 2)
		goto out;
	for (size_t t = 0; t < v->T; t++) {
		int k = v->spk[t];
		int64_t a, b;
		double sum[V_MAX_SPEAKERS] = {0};
		size_t n = 0;
		if (k < 0 || (seen[k]++ & 1) == 0 || !g[k].n_comp)
			continue;
		turn_core(v, t, &a, &b);
		/* judged chunk by chunk of speech: a few turns would be right by chance */
		/* (every other frame: neighbours say nearly the same) */
		for (int64_t i = a; i < b; i += 2) {
			float fr[MED_SPEAKER_MAX_DIM];
			if (!in->speech[i])
				continue;
			voice_frame(in, (size_t)i, fr);
			for (int q = 0; q < v->K; q++)
				if (g[q].n_comp)
					sum[q] += med_gmm_loglik(&g[q], fr);
			if (++n < V_CHUNK / 2 && i + 2 < b)
				continue;
			int best = k;
			for (int q = 0; q < v->K; q++)
				if (g[q].n_comp && sum[q] > sum[best])
					best = q;
			all += 2.0 * (double)n;
			right += best == k ? 2.0 * (double)n : 0;
			memset(sum, 0, sizeof(sum));
			n = 0;
		}
	}
	if (all >= V_MIN_TEST)
		*out = right / all;
out:
	for (int k = 0; k < V_MAX_SPEAKERS; k++)
		med_gmm_release(&g[k]);
	return r;
}

/* Frame i's log-likelihood under each speaker's model, into v->ll. */
static void ll_frame(struct voices *v, int64_t i)
{
	float fr[MED_SPEAKER_MAX_DIM], *l = v->ll + (size_t)i * (size_t)v->K;
	voice_frame(v->in, (size_t)i, fr);
	for (int q = 0; q < v->K; q++)
		if (v->gmm[q].n_comp)
			l[q] = (float)med_gmm_loglik(&v->gmm[q], fr);
}

/* Capped evidence that frame i is speaker a's rather than b's (0 outside speech). */
static double evidence(struct voices *v, int64_t i, int a, int b)
{
	const struct med_voices_input *in = v->in;
	float *l = v->ll + (size_t)i * (size_t)v->K;
	double d;
	if (!in->speech[i])
		return 0;
	if (isnan(l[a]) || isnan(l[b]))
		ll_frame(v, i);
	d = (double)l[a] - (double)l[b];
	return d > V_CAP ? V_CAP : d < -V_CAP ? -V_CAP : d;
}

/* The log-likelihoods that evidence() would fill in as it needs them, filled beforehand on
 * two threads for the stretches the changes of speaker can move over: around each change
 * between two speakers with models, from the start of the turn before it to the end of the
 * turn after it, by the same ll_frame(). */
struct ll_job {
	struct voices *v;
	int64_t from, to; /* frames of the merged stretches, counted in order */
};

/* The frames of the merged stretches, in order: counted (j NULL; returns the count), or
 * those of j's share filled in. */
static int64_t ll_stretches(const struct voices *v, struct ll_job *j)
{
	int64_t a = -1, b = -1, seen = 0;
	for (size_t t = 1; t <= v->T; t++) {
		int ok = t < v->T && v->spk[t - 1] >= 0 && v->spk[t] >= 0 &&
		         v->spk[t - 1] != v->spk[t] && v->gmm[v->spk[t - 1]].n_comp &&
		         v->gmm[v->spk[t]].n_comp;
		int64_t x = ok ? v->ib[t - 1] : 0, y = ok ? v->ib[t + 1] : 0;
		if (ok && a >= 0 && x <= b) {
			if (y > b)
				b = y;
			continue;
		}
		if (a >= 0 && !j) {
			seen += b - a;
		} else if (a >= 0) {
			/* [a, b) holds frames seen .. seen + (b - a) of the count */
			for (int64_t i = a; i < b; i++, seen++)
				if (seen >= j->from && seen < j->to && v->in->speech[i])
					ll_frame(j->v, i);
		}
		a = ok ? x : -1;
		b = ok ? y : -1;
	}
	return seen;
}

static void *ll_thread(void *arg)
{
	struct ll_job *j = arg;
	ll_stretches(j->v, j);
	return NULL;
}

static void ll_prefill(struct voices *v)
{
	int64_t n = ll_stretches(v, NULL);
	struct ll_job a = {v, 0, n / 2}, b = {v, n / 2, n};
	med_run_two(ll_thread, &a, &b);
}

/* The turn whose synthetic frames hold frame j. */
static size_t turn_of(const struct voices *v, int64_t j)
{
	size_t t = 0;
	while (t + 1 < v->T && v->jb[t + 1] <= j)
		t++;
	return t;
}

/* First audio frame the old path gives synthetic frame j. */
static int64_t old_at(const struct med_dtw_path *old, int64_t j)
{
	size_t lo = 0, hi = old->n;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (old->y[m] < j)
			lo = m + 1;
		else
			hi = m;
	}
	return lo < old->n ? old->x[lo] : old->x[old->n - 1];
}

/* The edge of a pause nearest to frame at within reach: where sound starts again (end) or
 * where it stops; at itself when there is none. */
static int64_t pause_edge(const unsigned char *sp, int64_t lo, int64_t hi, int64_t at,
                          int64_t reach, int end)
{
	int64_t best = at, best_d = reach + 1;
	for (int64_t i = at - reach > lo + 1 ? at - reach : lo + 1; i < hi && i <= at + reach;
	     i++) {
		int edge = end ? (sp[i] && !sp[i - 1]) : (!sp[i] && sp[i - 1]);
		if (edge && llabs(i - at) < best_d) {
			best_d = llabs(i - at);
			best = i;
		}
	}
	return best;
}

int med_voices_music(const float *rows, size_t stride, int n_coeffs, const unsigned char *speech,
                     int64_t lo, int64_t hi, int hop_ms, int min_ms, int64_t *run_a, int64_t *run_b,
                     int max, int *n_runs)
{
	int64_t min_run = min_ms / hop_ms;
	size_t nc = (size_t)n_coeffs, n_sp = 0;
	double *flux, *tmp, med, thr;

	*n_runs = 0;
	if (hi <= lo)
		return MED_OK;
	flux = malloc((size_t)(hi - lo + 1) * sizeof(double));
	if (!flux)
		return MED_ERR_NOMEM;
	tmp = malloc((size_t)(hi - lo + 1) * sizeof(double));
	if (!tmp) {
		free(flux);
		return MED_ERR_NOMEM;
	}
	for (int64_t i = lo; i < hi; i++) {
		double d = 0;
		flux[i - lo] = NAN;
		if (!speech[i] || i < 3 || !speech[i - 3])
			continue;
		{
			const float *x = rows + (size_t)i * stride,
			            *x3 = rows + (size_t)(i - 3) * stride;
			for (size_t k = 0; k < nc; k++) {
				double e = (double)x[k] - (double)x3[k];
				d += e * e;
			}
		}
		flux[i - lo] = d;
		tmp[n_sp++] = d;
	}
	if (n_sp < 5 * V_FOREIGN_WIN) {
		free(flux);
		free(tmp);
		return MED_OK;
	}
	med = med_median_double(tmp, n_sp);
	thr = V_FOREIGN_FLUX * med;
	/* mean over the last V_FOREIGN_WIN frames of sound, at each frame of sound */
	{
		double ring[V_FOREIGN_WIN], sum = 0;
		int cnt = 0, at = 0;
		for (int64_t i = lo; i < hi; i++) {
			tmp[i - lo] = NAN;
			if (isnan(flux[i - lo]))
				continue;
			if (cnt == V_FOREIGN_WIN)
				sum -= ring[at];
			else
				cnt++;
			ring[at] = flux[i - lo];
			at = (at + 1) % V_FOREIGN_WIN;
			sum += flux[i - lo];
			if (cnt == V_FOREIGN_WIN)
				tmp[i - lo] = sum / V_FOREIGN_WIN;
		}
	}
	for (int64_t i = lo; i < hi && *n_runs < max;) {
		int64_t a, b, last;
		if (isnan(tmp[i - lo]) || tmp[i - lo] >= thr) {
			i++;
			continue;
		}
		/* the run starts where the first low window starts */
		a = i;
		for (int c = 0; a > lo && c < V_FOREIGN_WIN - 1; a--)
			c += !isnan(flux[a - 1 - lo]);
		/* on through pauses, and through up to V_FOREIGN_GAP frames above the line (a
		 * chord change) when it comes back under */
		last = i;
		for (b = i + 1; b < hi && b - last <= V_FOREIGN_GAP; b++)
			if (!isnan(tmp[b - lo]) && tmp[b - lo] < thr)
				last = b;
		b = last + 1;
		i = b;
		if (b - a < min_run)
			continue;
		/* the windows blur the edges: each moves to the nearest pause within
		 * V_FOREIGN_EDGE_MS (the music starts after one, the speech after another) */
		a = pause_edge(speech, lo, hi, a, V_FOREIGN_EDGE_MS / hop_ms, 0);
		b = pause_edge(speech, lo, hi, b, V_FOREIGN_EDGE_MS / hop_ms, 1);
		if (b - a < min_run)
			continue;
		run_a[*n_runs] = a;
		run_b[*n_runs] = b;
		++*n_runs;
	}
	free(flux);
	free(tmp);
	return MED_OK;
}

/*
 * Audio that is nobody's speech (music, a jingle) inside the text's span
 * (med_voices_music() over it). Each run is held on the synthetic pause before the fragment
 * that starts nearest to it on the path, so no cue covers it and it is reported as sound
 * without text; a run at a turn's start moves the turn's start after it. Fills v->fr.
 */
static int find_foreign(struct voices *v, const struct med_dtw_path *old)
{
	const struct med_voices_input *in = v->in;
	int64_t ra[4 * V_MAX_FOREIGN], rb[4 * V_MAX_FOREIGN];
	int n_runs, r;

	/* on the MFCCs before denoising, when kept (a denoiser takes a held chord for noise) */
	r = med_voices_music(in->xv ? in->xv : in->xa,
	                     in->xv ? (size_t)in->n_coeffs : (size_t)in->dim, in->n_coeffs,
	                     in->speech, v->ib[0], v->ib[v->T], in->hop_ms, V_FOREIGN_MS, ra, rb,
	                     4 * V_MAX_FOREIGN, &n_runs);
	if (r)
		return r;
	for (int g = 0; g < n_runs && v->n_fr < V_MAX_FOREIGN; g++) {
		int64_t a = ra[g], b = rb[g];
		{
			/* where it goes: a change of turn the path puts near it (music comes
			 * between turns), else the fragment start the path puts nearest */
			int64_t best_j = -1, best_d = INT64_MAX, turn_j = -1, turn_d = INT64_MAX;
			size_t t;
			for (size_t f = 1; f < in->synth->n_frags; f++) {
				int64_t j = in->synth->frag_frame[f], at = old_at(old, j),
				        d = llabs(at - a);
				if (j <= 0)
					continue;
				if (d < best_d) {
					best_d = d;
					best_j = j;
				}
				if (j == v->jb[turn_of(v, j)] &&
				    at >= a - V_FOREIGN_EDGE_MS / in->hop_ms && at <= b &&
				    d < turn_d) {
					turn_d = d;
					turn_j = j;
				}
			}
			if (turn_j > 0)
				best_j = turn_j;
			if (best_j < 1)
				continue;
			t = turn_of(v, best_j);
			if (best_j == v->jb[t]) {
				/* before a turn: the turn starts after the run */
				if (t == 0 || a <= v->ib[t - 1] || b >= v->ib[t + 1])
					continue;
				v->ib[t] = b;
			} else if (a <= v->ib[t] || b >= v->ib[t + 1]) {
				continue;
			}
			v->fr[v->n_fr++] = (struct foreign){a, b, best_j, t, -1};
		}
	}
	return MED_OK;
}

/* The middles of the pauses inside (lo, hi) (each pause cut at lo and hi), in order, into
 * out; returns how many. One pass over the frames. */
static size_t pause_middles(const unsigned char *sp, int64_t lo, int64_t hi, int64_t *out)
{
	size_t n = 0;
	for (int64_t i = lo; i < hi;) {
		int64_t ps = i, pe, m;
		if (sp[i]) {
			i++;
			continue;
		}
		for (pe = i; pe < hi && !sp[pe]; pe++)
			;
		m = (ps + pe) / 2;
		if (m > ps && m > lo && m < hi)
			out[n++] = m;
		i = pe;
	}
	return n;
}

/* Whether evidence e over n frames of speech moved is enough for a change of speaker to
 * move: per_frame a frame, V_MIN_GAIN in all, V_Z times the square root of n. */
static int enough(double e, int64_t n, double per_frame)
{
	return e >= per_frame * (double)n && e >= V_MIN_GAIN && e >= V_Z * sqrt((double)n);
}

/* The evidence a frame a move of a change of speaker needs: V_GAIN when it passes
 * V_WORDS_MS of speech (moved frames) or more and stays near (within V_WINDOW_MS),
 * V_GAIN_FAR otherwise. */
static double per_frame(const struct med_voices_input *in, int64_t moved, int near)
{
	return near && moved >= V_WORDS_MS / in->hop_ms ? V_GAIN : V_GAIN_FAR;
}

/* Whether audio frame at has speech all round it, V_INSIDE_MS either side. */
static int inside_speech(const struct med_voices_input *in, int64_t at)
{
	int64_t w = V_INSIDE_MS / in->hop_ms;
	if (at - w < 0 || at + w > (int64_t)in->na)
		return 0;
	for (int64_t i = at - w; i < at + w; i++)
		if (!in->speech[i])
			return 0;
	return 1;
}

/* Whether evidence e over n frames of speech is clear enough to stop a change of speaker:
 * what a move needs (V_MIN_GAIN, V_Z sqrt(n)) at the rate a far move needs (V_GAIN_FAR a
 * frame). The voices of one or two words are less sure than those of whole turns: a
 * host's rising "trend?" read as the guest's at 1.3 a frame (z 8.3) and kept the change
 * of speaker a word early, where the guest's "Really." between two pauses read at 2.5 a
 * frame (z 14.5). */
static int clearly(double e, int64_t n)
{
	return enough(e, n, V_GAIN_FAR);
}

/* The DTW cost of audio [i0, i1) against synthetic [j0, j1); INFINITY when either is
 * empty or the DTW fails. */
static double span_cost(const struct med_voices_input *in, int64_t i0, int64_t i1, int64_t j0,
                        int64_t j1)
{
	struct med_dtw_config dc = *in->dtw;
	struct med_dtw_path p;
	double c;
	if (i1 - i0 < 2 || j1 - j0 < 2)
		return INFINITY;
	dc.edge_skip = 0;
	if (med_dtw_multires(in->xa + (size_t)i0 * (size_t)in->dim, (size_t)(i1 - i0),
	                     in->ys + (size_t)j0 * (size_t)in->dim, (size_t)(j1 - j0), in->dim, &dc,
	                     &p, NULL, NULL))
		return INFINITY;
	c = p.cost;
	med_dtw_path_release(&p);
	return c;
}

/* Which fragment of turn t the other voice's stretch [a, b) comes before (its first
 * synthetic frame; -1: none). The path that took the stretch in may have shifted the text
 * round it as well (a guest's last words given to the next answer's first sentence, which
 * then lay before the left-out question): the fragment starts inside the turn that the
 * path puts within V_OTHER_SIDE_MS of the stretch (or the nearest) are each tried, the
 * text before the start on the audio before the stretch and the text from it on the audio
 * after, between the fragment starts round them; the least DTW cost wins. */
static int64_t other_place(const struct voices *v, size_t t, const struct med_dtw_path *old,
                           int64_t a, int64_t b)
{
	const struct med_voices_input *in = v->in;
	const struct med_synth_result *sy = in->synth;
	int64_t side = V_OTHER_SIDE_MS / in->hop_ms, near_j = -1, near_d = INT64_MAX;
	int64_t cand[V_OTHER_CANDS], jl = v->jb[t], jr = v->jb[t + 1], il, ir, best_j = -1;
	size_t nc = 0;
	double best = INFINITY;
	for (size_t f = 0; f < sy->n_frags; f++) {
		int64_t j = sy->frag_frame[f], at, d;
		if (j <= v->jb[t] || j >= v->jb[t + 1])
			continue;
		at = old_at(old, j);
		d = at < a ? a - at : at > b ? at - b : 0;
		if (d < near_d) {
			near_d = d;
			near_j = j;
		}
		if (d <= side && nc < V_OTHER_CANDS)
			cand[nc++] = j;
	}
	if (near_j < 0)
		return -1;
	if (!nc)
		cand[nc++] = near_j;
	if (nc == 1)
		return cand[0];
	/* the fragment starts round the candidates, where the path is left as it was */
	for (size_t f = 0; f < sy->n_frags; f++) {
		int64_t j = sy->frag_frame[f];
		if (j > jl && j < cand[0] && old_at(old, j) < a)
			jl = j;
		if (j > cand[nc - 1] && j < jr && old_at(old, j) > b) {
			jr = j;
			break;
		}
	}
	il = old_at(old, jl);
	ir = jr < (int64_t)in->ns ? old_at(old, jr) : v->ib[t + 1];
	if (il >= a || ir <= b)
		return near_j;
	for (size_t c = 0; c < nc; c++) {
		double cost = span_cost(in, il, a, jl, cand[c]) + span_cost(in, b, ir, cand[c], jr);
		if (cost < best) {
			best = cost;
			best_j = cand[c];
		}
	}
	return best_j > 0 ? best_j : near_j;
}

/*
 * A turn the transcript leaves out between two turns of one speaker (a host's question an
 * edited transcript did not keep, between two answers) is speech in another voice inside
 * what the voices see as one speaker's turn, and the path gives it to the text around it:
 * the next answer started 1-8 s early over the question on the recordings of
 * tests/bench/omit.sh. In each turn of a modelled speaker, the runs of speech (gaps under
 * V_OTHER_BRIDGE_MS joined) whose voice is nearer another modelled speaker's than the
 * turn's, one after another, make a stretch (a question's last words, "or years?", are
 * less sure of their voice than its first); a stretch between two runs of the turn's own
 * voice that holds V_OTHER_MIN_MS of speech or more, clearly() the other voice as a
 * whole, is held, as music is (find_foreign()), on the synthetic pause before
 * the fragment other_place() finds: no fragment takes it and it is reported as sound
 * without text. Fills v->fr.
 */
static void other_voice(struct voices *v, const struct med_dtw_path *old)
{
	const struct med_voices_input *in = v->in;
	int64_t bridge = V_OTHER_BRIDGE_MS / in->hop_ms, min_n = V_OTHER_MIN_MS / in->hop_ms;
	for (size_t t = 0; t < v->T && v->n_fr < V_MAX_FOREIGN; t++) {
		int a = v->spk[t];
		int64_t lo = v->ib[t] + 1, hi = v->ib[t + 1] - 1;
		if (a < 0 || !v->gmm[a].n_comp || hi <= lo)
			continue;
		for (int b = 0; b < v->K && v->n_fr < V_MAX_FOREIGN; b++) {
			int64_t st_a = -1, st_b = -1, st_n = 0, i = lo;
			double st_e = 0;
			int own = 0; /* a run of the turn's own voice came before the stretch */
			if (b == a || !v->gmm[b].n_comp)
				continue;
			/* the runs of speech in [lo, hi), in order */
			for (;;) {
				int64_t ra, rb, gap = 0, n = 0;
				double e = 0;
				while (i < hi && !in->speech[i])
					i++;
				if (i >= hi)
					break;
				ra = i;
				for (rb = i; rb < hi && gap <= bridge; rb++) {
					if (in->speech[rb]) {
						gap = 0;
						n++;
						e += evidence(v, rb, b, a);
					} else {
						gap++;
					}
				}
				rb -= gap;
				i = rb;
				if (e > 0) {
					if (st_a < 0 && own) {
						st_a = ra;
						st_n = 0;
						st_e = 0;
					}
					st_b = rb;
					st_n += n;
					st_e += e;
					continue;
				}
				/* a run of the turn's own voice closes the stretch: the other voice
				 * lies between two of the turn's, not at its edge, where it is
				 * likelier the neighbouring turn's than text left out */
				if (st_a >= 0 && st_n >= min_n && clearly(st_e, st_n) &&
				    v->n_fr < V_MAX_FOREIGN) {
					int64_t best_j = other_place(v, t, old, st_a, st_b);
					if (best_j > 0) {
						v->fr[v->n_fr++] =
						        (struct foreign){st_a, st_b, best_j, t, b};
					}
				}
				st_a = -1;
				own = 1;
			}
		}
	}
}

/* Whether, between the change of speaker at cur and a candidate p for it, a stretch
 * between two consecutive candidates is clearly() the voice of the turn that would shrink.
 * ev and sp are prefix sums from frame lo (evidence for the earlier turn's speaker over the
 * later one's; frames of speech); cand holds nc candidates in order. */
static int barrier(const double *ev, const int64_t *sp, int64_t lo, const int64_t *cand, size_t nc,
                   int64_t cur, int64_t p)
{
	int64_t a = cur < p ? cur : p, b = cur < p ? p : cur, x = a;
	double sign = cur < p ? -1.0 : 1.0; /* later: evidence against the earlier counts */
	for (size_t k = 0; k <= nc; k++) {
		int64_t y = k < nc ? cand[k] : b;
		double e;
		if (y <= x)
			continue;
		if (y > b)
			y = b;
		e = sign * (ev[y - lo] - ev[x - lo]);
		if (clearly(e, sp[y - lo] - sp[x - lo]))
			return 1;
		x = y;
		if (x >= b)
			break;
	}
	return 0;
}

/* Prefix sums over audio [lo, hi) (hi - lo + 1 values each): *ev the evidence for a over
 * b, *sp the frames of speech; *cand gets room for hi - lo + 2 candidates. Returns 0, or -1
 * out of memory (nothing allocated). */
static int prefix_sums(struct voices *v, int a, int b, int64_t lo, int64_t hi, double **ev,
                       int64_t **sp, int64_t **cand)
{
	size_t len = (size_t)(hi - lo);
	*ev = malloc((len + 1) * sizeof(double));
	*sp = malloc((len + 1) * sizeof(int64_t));
	*cand = malloc((len + 2) * sizeof(int64_t));
	if (!*ev || !*sp || !*cand) {
		free(*ev);
		free(*sp);
		free(*cand);
		return -1;
	}
	(*ev)[0] = 0;
	(*sp)[0] = 0;
	for (int64_t i = lo; i < hi; i++) {
		(*ev)[i - lo + 1] = (*ev)[i - lo] + evidence(v, i, a, b);
		(*sp)[i - lo + 1] = (*sp)[i - lo] + v->in->speech[i];
	}
	return 0;
}

/* Whether turn t is one move_short() places: short (V_SHORT_MS of audio at most), between
 * two turns, each speaker's voice modelled and both neighbours another speaker's. */
static int short_turn(const struct voices *v, size_t t)
{
	int a, b, c;
	if (t < 1 || t + 1 >= v->T)
		return 0;
	a = v->spk[t - 1];
	b = v->spk[t];
	c = v->spk[t + 1];
	return a >= 0 && b >= 0 && c >= 0 && a != b && b != c && v->gmm[a].n_comp &&
	       v->gmm[b].n_comp && v->gmm[c].n_comp &&
	       v->ib[t + 1] - v->ib[t] <= V_SHORT_MS / v->in->hop_ms;
}

/* Moves the start of turn t (between ib[t-1] and ib[t+1]) to the pause that best
 * separates the two voices, when they clearly prefer it: by at least V_GAIN per frame of
 * speech moved within V_WINDOW_MS, by V_GAIN_FAR further (a turn the audio does not have
 * can give all its audio to its neighbour). Returns 1 when it moved, -1 when out of
 * memory. */
static int move_change(struct voices *v, size_t t)
{
	const struct med_voices_input *in = v->in;
	int a = v->spk[t - 1], b = v->spk[t];
	int64_t cur = v->ib[t], w = V_WINDOW_MS / in->hop_ms;
	int64_t lo = v->ib[t - 1], hi = v->ib[t + 1], best_p = cur;
	double best = 0, *ev;
	int64_t *sp, *cand;
	size_t nc = 0;

	/* The first and last turns keep some audio: the path needs a frame for them. */
	if (t == 1 && lo < v->ib[0] + 1)
		lo = v->ib[0] + 1;
	if (t + 1 == v->T && hi > v->ib[v->T] - 1)
		hi = v->ib[v->T] - 1;
	if (lo < 1)
		lo = 1;
	if (hi <= lo || cur < lo || cur > hi)
		return 0;
	/* prefix sums from lo: evidence for a, frames of speech */
	if (prefix_sums(v, a, b, lo, hi, &ev, &sp, &cand))
		return -1;
	/* Candidates, in order: the turns' own ends (a turn the audio does not have) and the
	 * middles of pauses. A short turn is not emptied here: its audio may be the other
	 * voice's because the path put it a word off, and move_short() looks for its place
	 * with the evidence of both its ends (a host's "Really?" that the path had put on the
	 * guest's "Really." reply was emptied by the reply's voice, and the host's word, a
	 * pause earlier, was left to the guest's turn: 1 s off). */
	if (lo == v->ib[t - 1] && t >= 2 && !short_turn(v, t - 1))
		cand[nc++] = lo;
	nc += pause_middles(in->speech, lo, hi, cand + nc);
	if (hi == v->ib[t + 1] && t + 2 <= v->T && !short_turn(v, t))
		cand[nc++] = hi;
	/* Moving the change from cur to p gains ev(p) - ev(cur): the evidence for a between
	 * them when p is later, for b when it is earlier. It may not pass speech that is
	 * clearly the voice of the turn that shrinks (a barrier): the voices see two speakers
	 * taking turns, and the other speaker's "I see." inside a turn would pull the change
	 * over it and over the words before it (a one-word turn "Really?" taking the reply
	 * "Really." and the backchannel after it). Candidates are in order. */
	for (size_t k = 0; k < nc; k++) {
		int64_t i = cand[k], moved;
		double gain;
		if (i == cur)
			continue;
		gain = ev[i - lo] - ev[cur - lo];
		moved = llabs(sp[i - lo] - sp[cur - lo]);
		if (enough(gain, moved, per_frame(in, moved, llabs(i - cur) <= w)) && gain > best &&
		    !barrier(ev, sp, lo, cand, nc, cur, i)) {
			best = gain;
			best_p = i;
		}
	}
	free(cand);
	free(ev);
	free(sp);
	if (best_p == cur)
		return 0;
	v->ib[t] = best_p;
	return 1;
}

/* Evidence over [x, y) for owner 0 (a), 1 (b) or 2 (c), against b: ea's or ec's increment,
 * or none. */
static double owner_score(const double *ea, const double *ec, int64_t lo, int64_t x, int64_t y,
                          int owner)
{
	if (owner == 0)
		return ea[y - lo] - ea[x - lo];
	if (owner == 2)
		return ec[y - lo] - ec[x - lo];
	return 0;
}

/* barrier() for move_short(): turn b from [p0, q0) to [p, q) between a and c. Each stretch
 * between consecutive candidates (and the four ends) that changes hands is checked for
 * evidence for its old speaker over its new one (a over b is ea's, c over b ec's
 * increments; none when the two are one speaker). */
static int short_barrier(const double *ea, const double *ec, const int64_t *sp, int64_t lo,
                         const int64_t *cand, int64_t nc, int64_t p0, int64_t q0, int64_t p,
                         int64_t q)
{
	int64_t a = p < p0 ? p : p0, b = q > q0 ? q : q0, x = a;
	int64_t ends[4] = {p0, q0, p, q};
	int64_t k = 0;

	while (k < nc && cand[k] <= a)
		k++;
	while (x < b) {
		int64_t y = b;
		int xo, xn;
		double d;
		if (k < nc && cand[k] < y)
			y = cand[k];
		for (int e = 0; e < 4; e++)
			if (ends[e] > x && ends[e] < y)
				y = ends[e];
		/* owners of [x, y): 0 a, 1 b, 2 c, before and after */
		xo = x < p0 ? 0 : x < q0 ? 1 : 2;
		xn = x < p ? 0 : x < q ? 1 : 2;
		if (xo != xn) {
			d = owner_score(ea, ec, lo, x, y, xo) - owner_score(ea, ec, lo, x, y, xn);
			if (clearly(d, sp[y - lo] - sp[x - lo]))
				return 1;
		}
		while (k < nc && cand[k] <= y)
			k++;
		x = y;
	}
	return 0;
}

/* Whether the only sound in [a, b) is a breath: some speech, no more than V_BREATH_MS of
 * it, all V_BREATH_DB or more under the speech level, no vowel (med_features_has_vowel():
 * the voices read a breath as the voice it is nearest to, which it is not). */
#define V_BREATH_MS MED_FEATURES_BREATH_MS
#define V_BREATH_DB MED_FEATURES_BREATH_DB
static int breath_only(const struct med_voices_input *in, int64_t a, int64_t b)
{
	int64_t n = 0;
	if (!in->energy_db || !in->voicing || med_features_has_vowel(in->voicing, in->hop_ms, a, b))
		return 0;
	for (int64_t i = a; i < b; i++) {
		if (!in->speech[i])
			continue;
		if (++n > V_BREATH_MS / in->hop_ms ||
		    in->energy_db[i] > in->speech_level_db - V_BREATH_DB)
			return 0;
	}
	return n > 0;
}

/* How far the change of speaker at the start of turn t may go, to *lo and *hi (audio
 * frames), before it passes a stretch between two pauses that is clearly the voice of the
 * turn it would take from (the test of barrier()), a stretch whose only sound is a breath
 * passed over (breath_only()); unchanged when the turn's speakers have no models. Returns
 * MED_OK or MED_ERR_NOMEM. */
static int change_span(struct voices *v, size_t t, int64_t *lo_out, int64_t *hi_out)
{
	const struct med_voices_input *in = v->in;
	int a = v->spk[t - 1], b = v->spk[t];
	int64_t cur = v->ib[t], lo = v->ib[t - 1], hi = v->ib[t + 1], x, *sp, *cand;
	double *ev;
	size_t nc = 0, k;

	if (a < 0 || b < 0 || a == b || !v->gmm[a].n_comp || !v->gmm[b].n_comp || hi <= lo ||
	    cur < lo || cur > hi)
		return MED_OK;
	if (prefix_sums(v, a, b, lo, hi, &ev, &sp, &cand))
		return MED_ERR_NOMEM;
	cand[nc++] = lo;
	nc += pause_middles(in->speech, lo, hi, cand + nc);
	cand[nc++] = hi;
	/* later: each stretch given to a must not be clearly b's */
	for (k = 0; k < nc && cand[k] <= cur; k++)
		;
	for (x = cur; k < nc; x = cand[k++])
		if (!breath_only(in, x, cand[k]) && barrier(ev, sp, lo, NULL, 0, x, cand[k]))
			break;
	*hi_out = x;
	/* earlier: each stretch given to b must not be clearly a's */
	for (k = nc; k > 0 && cand[k - 1] >= cur; k--)
		;
	for (x = cur; k > 0; x = cand[--k])
		if (!breath_only(in, cand[k - 1], x) &&
		    barrier(ev, sp, lo, NULL, 0, x, cand[k - 1]))
			break;
	*lo_out = x;
	free(ev);
	free(sp);
	free(cand);
	return MED_OK;
}

/* A short turn t between two others may sit a word off, on the next turn's first word
 * (one "Really?" on the other speaker's "Really."): its two ends are moved together,
 * to the pair of pauses that best separates the three voices, under the same rule as
 * move_change(), per_frame(): V_GAIN_FAR a frame when it passes less than V_WORDS_MS of
 * speech (on 1.2 a frame, a guest's "Really." had been taken into the host's "Really?"
 * before it). Except where the path left the turn without speech, squeezed it to under a
 * quarter of its synthetic speech, or put one of its ends inside speech (V_INSIDE_MS of it
 * either side): no pause holds it there, and V_GAIN a frame moves it. On a held-out
 * recording the DTW had put a host's "Really?" on the last 0.33 s of the guest's "... for
 * Alibaba Cloud." and the guest's "Really." on it; the move back had 1.3 a frame (z 12),
 * and the turns were 3.4 s off. On another (the host 9 dB quieter) the path had left the
 * host's "Really?" 20 ms of the guest's last word, 0.3 s before its end: the move back had
 * 1.9 a frame, and the turns were 1.1 s off. Of the pairs that pass, the one taken has the
 * most evidence beyond V_GAIN_FAR a frame moved, not the most evidence: the voice of a
 * short word is unsure, and a pair further off that holds a clearer stretch of the turn's
 * voice gains by it, though it moves more speech (once short turns were no longer emptied
 * by move_change(), a host's "Really?" whose own voice scored 3.8 over 27 frames went past
 * it, and past the guest's "Really." reply, onto the host's "Right." 0.8 s later: 326 for
 * 197 frames moved, against 187 for 73 at its place).
 * Returns 1 when they moved, -1 when out of memory. */
static int move_short(struct voices *v, size_t t)
{
	const struct med_voices_input *in = v->in;
	int a = v->spk[t - 1], b = v->spk[t], c = v->spk[t + 1];
	int64_t w = V_WINDOW_MS / in->hop_ms, p0 = v->ib[t], q0 = v->ib[t + 1];
	int64_t lo = v->ib[t - 1], hi = v->ib[t + 2], len, *cand = NULL, *sp = NULL, nc = 0;
	int64_t bp = p0, bq = q0;
	double *ea = NULL, *ec = NULL, best = -INFINITY;
	int r = 0;

	if (!short_turn(v, t))
		return 0;
	if (lo < p0 - w)
		lo = p0 - w;
	if (hi > q0 + w)
		hi = q0 + w;
	if (lo < 1 || hi <= lo || p0 < lo || q0 > hi)
		return 0;
	len = hi - lo;
	ea = malloc((size_t)(len + 1) * sizeof(double));
	ec = malloc((size_t)(len + 1) * sizeof(double));
	sp = malloc((size_t)(len + 1) * sizeof(int64_t));
	cand = malloc((size_t)(len + 1) * sizeof(int64_t));
	if (!ea || !ec || !sp || !cand) {
		r = -1;
		goto out;
	}
	/* prefix sums from lo: evidence for a over b, for c over b, frames of speech */
	ea[0] = ec[0] = 0;
	sp[0] = 0;
	for (int64_t i = lo; i < hi; i++) {
		ea[i - lo + 1] = ea[i - lo] + evidence(v, i, a, b);
		ec[i - lo + 1] = ec[i - lo] + evidence(v, i, c, b);
		sp[i - lo + 1] = sp[i - lo] + in->speech[i];
	}
	nc = (int64_t)pause_middles(in->speech, lo, hi, cand);
	/* score(p, q) = evidence for a before p + for c from q (b between scores 0) */
	{
		double now = ea[p0 - lo] + (ec[len] - ec[q0 - lo]);
		/* A turn the path left without speech, or squeezed into less than a quarter of
		 * its synthetic speech's length, has no words of its own to keep in place, and
		 * one with an end inside speech no pause to hold it: a move needs only V_GAIN a
		 * frame. */
		int loose = sp[q0 - lo] == sp[p0 - lo] || inside_speech(in, p0) ||
		            inside_speech(in, q0) || (q0 - p0) * 4 < v->jb[t + 1] - v->jb[t];
		for (int64_t x = 0; x < nc; x++)
			for (int64_t y = x + 1; y < nc; y++) {
				int64_t p = cand[x], q = cand[y];
				double gain = ea[p - lo] + (ec[len] - ec[q - lo]) - now;
				int64_t moved = llabs(sp[p - lo] - sp[p0 - lo]) +
				                llabs(sp[q - lo] - sp[q0 - lo]);
				if (sp[q - lo] == sp[p - lo])
					continue; /* the turn keeps some speech */
				if (enough(gain, moved, loose ? V_GAIN : per_frame(in, moved, 1)) &&
				    gain - V_GAIN_FAR * (double)moved > best &&
				    !short_barrier(ea, ec, sp, lo, cand, nc, p0, q0, p, q)) {
					best = gain - V_GAIN_FAR * (double)moved;
					bp = p;
					bq = q;
				}
			}
	}
	if (bp != p0 || bq != q0) {
		v->ib[t] = bp;
		v->ib[t + 1] = bq;
		r = 1;
	}
out:
	free(ea);
	free(ec);
	free(sp);
	free(cand);
	return r;
}

static void hold_step(const struct med_voices_input *in, int64_t i, int64_t j,
                      struct med_dtw_path *np)
{
	np->x[np->n] = (int32_t)i;
	np->y[np->n] = (int32_t)j;
	np->dist[np->n] = med_dtw_dist(in->xa + (size_t)i * (size_t)in->dim,
	                               in->ys + (size_t)j * (size_t)in->dim, in->dim);
	np->n++;
}

static void copy_steps(const struct med_dtw_path *old, size_t k0, size_t k1,
                       struct med_dtw_path *np)
{
	for (size_t k = k0; k < k1; k++) {
		np->x[np->n] = old->x[k];
		np->y[np->n] = old->y[k];
		np->dist[np->n] = old->dist[k];
		np->n++;
	}
}

/* A point the new path must pass through: where a turn starts, or a point of the old path
 * some seconds from a moved change of speaker. */
struct pin {
	int64_t j, i;
	int fresh;                /* not on the old path */
	int64_t hole_j0, hole_j1; /* the way to the next pin leaves out these synthetic
	                             frames (a turn the audio does not have, between two of
	                             one speaker), when hole_j1 > hole_j0 */
};

/* Appends the steps from pin p up to (not including) pin q: the old path's when both are on
 * it, else a DTW between them (audio [p.i, q.i) against synthetic [p.j, q.j)). *k is the
 * first old step not yet passed. */
static int segment(const struct voices *v, const struct pin *p, const struct pin *q,
                   const struct med_dtw_path *old, size_t *k, struct med_dtw_path *np)
{
	const struct med_voices_input *in = v->in;
	size_t k0 = *k;
	while (*k + in->tail < old->n && old->y[*k] < q->j)
		(*k)++;
	if (!p->fresh && !q->fresh && p->hole_j1 <= p->hole_j0) {
		copy_steps(old, k0, *k, np);
		return MED_OK;
	}
	if (q->i > p->i) {
		struct med_dtw_config dc = *in->dtw;
		struct med_dtw_path sub;
		const float *y = in->ys + (size_t)p->j * (size_t)in->dim;
		float *tmp = NULL;
		int64_t ny = q->j - p->j, h0 = 0, hn = 0;
		int r;
		if (p->hole_j1 > p->hole_j0) {
			/* the synthetic frames around the hole, joined */
			h0 = p->hole_j0 - p->j;
			hn = p->hole_j1 - p->hole_j0;
			tmp = malloc((size_t)(ny - hn) * (size_t)in->dim * sizeof(float));
			if (!tmp)
				return MED_ERR_NOMEM;
			memcpy(tmp, y, (size_t)h0 * (size_t)in->dim * sizeof(float));
			memcpy(tmp + (size_t)h0 * (size_t)in->dim,
			       y + (size_t)(h0 + hn) * (size_t)in->dim,
			       (size_t)(ny - h0 - hn) * (size_t)in->dim * sizeof(float));
			y = tmp;
			ny -= hn;
		}
		dc.edge_skip = 0;
		r = med_dtw_multires(in->xa + (size_t)p->i * (size_t)in->dim, (size_t)(q->i - p->i),
		                     y, (size_t)ny, in->dim, &dc, &sub, NULL, NULL);
		free(tmp);
		if (r)
			return r;
		for (size_t s = 0; s < sub.n; s++) {
			int64_t j = sub.y[s] + (hn && sub.y[s] >= h0 ? hn : 0) + p->j;
			if (hn && sub.y[s] == h0 && (s == 0 || sub.y[s - 1] < h0)) {
				/* the hole's text is held on the last frame before it */
				int64_t hx = s ? np->x[np->n - 1] : p->i;
				for (int64_t hj = p->hole_j0; hj < p->hole_j1; hj++)
					hold_step(in, hx, hj, np);
			}
			np->x[np->n] = sub.x[s] + (int32_t)p->i;
			np->y[np->n] = (int32_t)j;
			np->dist[np->n] = sub.dist[s];
			np->n++;
		}
		med_dtw_path_release(&sub);
	} else {
		/* No audio between them: the text is held on the frame before. */
		for (int64_t j = p->j; j < q->j; j++)
			hold_step(in, p->i - 1, j, np);
	}
	return MED_OK;
}

/* Nonzero when turn t holds music (find_foreign()). */
static int has_foreign(const struct voices *v, size_t t)
{
	for (size_t f = 0; f < v->n_fr; f++)
		if (v->fr[f].t == t)
			return 1;
	return 0;
}

/* Rebuilds *np from the old path through the turn starts ib[] (ib0[]: the old ones). */
static int rebuild(const struct voices *v, const int64_t *ib0, const struct med_dtw_path *old,
                   struct med_dtw_path *np)
{
	const struct med_voices_input *in = v->in;
	struct pin *pins = malloc((3 * v->T + 2 + 3 * v->n_fr) * sizeof(*pins));
	size_t np_ = 0, k = in->lead;
	int64_t ctx = V_CONTEXT_MS / in->hop_ms;
	int r = MED_OK;

	if (!pins)
		return MED_ERR_NOMEM;
	for (size_t t = 0; t <= v->T; t++) {
		int moved = v->ib[t] != ib0[t];
		/* A turn the audio does not have between two turns of one speaker: which of
		 * them has the audio the path gave it is left to a DTW of theirs. */
		if (t >= 1 && t + 1 < v->T && v->ib[t] == v->ib[t + 1] &&
		    v->spk[t - 1] == v->spk[t + 1] && np_ && pins[np_ - 1].hole_j1 == 0) {
			pins[np_ - 1].hole_j0 = v->jb[t];
			pins[np_ - 1].hole_j1 = v->jb[t + 1];
			t++; /* and no pin where the turn after it starts */
			continue;
		}
		int64_t reach = ctx + (moved ? llabs(v->ib[t] - ib0[t]) : 0);
		/* After a move beyond the window the old path of both turns is suspect: they
		 * are aligned again whole; so are turns with music in them. */
		int near = llabs(v->ib[t] - ib0[t]) <= V_WINDOW_MS / in->hop_ms &&
		           !(t > 0 && has_foreign(v, t - 1)) && !(t < v->T && has_foreign(v, t));
		/* music before the turn: held on the pause before it */
		for (size_t f = 0; f < v->n_fr; f++)
			if (v->fr[f].t == t && v->fr[f].j == v->jb[t] && np_ &&
			    pins[np_ - 1].j < v->jb[t] - 1 && pins[np_ - 1].i <= v->fr[f].a)
				pins[np_++] = (struct pin){v->jb[t] - 1, v->fr[f].a, 1, 0, 0};
		/* an anchor on the old path before the change, inside the turn before */
		if (moved && near && t > 0 && v->jb[t] - reach > v->jb[t - 1]) {
			int64_t j = v->jb[t] - reach, i = old_at(old, j);
			if (np_ && j > pins[np_ - 1].j && i > pins[np_ - 1].i && i < v->ib[t])
				pins[np_++] = (struct pin){j, i, 0, 0, 0};
		}
		if (!np_ || v->jb[t] > pins[np_ - 1].j)
			pins[np_++] = (struct pin){v->jb[t], v->ib[t], moved, 0, 0};
		/* music inside the turn, in order */
		for (size_t f = 0; t < v->T && f < v->n_fr; f++)
			if (v->fr[f].t == t && v->fr[f].j > v->jb[t] &&
			    v->fr[f].j - 1 > pins[np_ - 1].j && v->fr[f].a >= pins[np_ - 1].i) {
				pins[np_++] = (struct pin){v->fr[f].j - 1, v->fr[f].a, 1, 0, 0};
				pins[np_++] = (struct pin){v->fr[f].j, v->fr[f].b, 1, 0, 0};
			}
		/* and one after it, inside the turn after */
		if (moved && near && t < v->T && v->jb[t] + reach < v->jb[t + 1]) {
			int64_t j = v->jb[t] + reach, i = old_at(old, j);
			int64_t next_i = v->ib[t + 1];
			if (i > v->ib[t] && i < next_i)
				pins[np_++] = (struct pin){j, i, 0, 0, 0};
		}
	}
	copy_steps(old, 0, in->lead, np);
	for (size_t p = 0; p + 1 < np_ && !r; p++)
		r = segment(v, &pins[p], &pins[p + 1], old, &k, np);
	if (!r)
		copy_steps(old, old->n - in->tail, old->n, np);
	free(pins);
	return r;
}

/* The turns of path (audio in x, synthetic in y, from (0,0) to (na-1, ns-1)) into v, zeroed
 * by the caller (release with voices_release()): MED_OK; 1 when the path is to be left
 * alone (a turn without synthetic frames), 2 when there is nothing to check (too many
 * speakers, no path); or MED_ERR_NOMEM. */
static int voices_setup(struct voices *v, const struct med_voices_input *in,
                        const struct med_dtw_path *path)
{
	size_t n = in->synth->n_frags;

	if (in->n_coeffs > MED_SPEAKER_MAX_DIM || !path->n)
		return 2;
	v->in = in;
	for (size_t f = 0; f < n; f++) {
		int sp = in->speaker ? in->speaker[f] : -1;
		if (sp >= V_MAX_SPEAKERS)
			return 2;
		if (sp + 1 > v->K)
			v->K = sp + 1;
		if (f == 0 || (in->turn_start && in->turn_start[f]))
			v->T++;
	}
	v->spk = malloc(v->T * sizeof(int));
	v->jb = malloc((v->T + 1) * sizeof(int64_t));
	v->ib = malloc((v->T + 1) * sizeof(int64_t));
	if (!v->spk || !v->jb || !v->ib)
		return MED_ERR_NOMEM;
	{
		size_t t = 0;
		for (size_t f = 0; f < n; f++)
			if (f == 0 || (in->turn_start && in->turn_start[f])) {
				v->spk[t] = in->speaker ? in->speaker[f] : -1;
				v->jb[t] = in->synth->frag_frame[f];
				t++;
			}
		v->jb[0] = 0;
		v->jb[v->T] = (int64_t)in->ns;
	}
	for (size_t t = 0; t + 1 <= v->T; t++)
		if (v->jb[t + 1] <= v->jb[t])
			return 1; /* a turn without synthetic frames: leave the path alone */
	/* Where the path enters each turn's synthetic frames. */
	{
		size_t t = 1;
		v->ib[0] = path->x[in->lead < path->n ? in->lead : 0];
		for (size_t k = 0; k < path->n && t < v->T; k++)
			while (t < v->T && path->y[k] >= v->jb[t])
				v->ib[t++] = path->x[k];
		v->ib[v->T] = (int64_t)in->na - (int64_t)in->tail;
		for (size_t t2 = 0; t2 < v->T; t2++)
			if (v->ib[t2 + 1] < v->ib[t2])
				return 1;
	}
	return MED_OK;
}

static void voices_release(struct voices *v)
{
	for (int q = 0; q < V_MAX_SPEAKERS; q++)
		med_gmm_release(&v->gmm[q]);
	free(v->ll);
	free(v->spk);
	free(v->jb);
	free(v->ib);
}

int med_voices_check(const struct med_voices_input *in, struct med_dtw_path *path,
                     struct med_voices_report *rep)
{
	struct voices v;
	struct med_dtw_path np;
	int64_t *ib0 = NULL;
	size_t n = in->synth->n_frags;
	int r = MED_OK, moved = 0;
	double sep = -1;

	memset(&v, 0, sizeof(v));
	memset(&np, 0, sizeof(np));
	if (rep)
		memset(rep, 0, sizeof(*rep));
	r = voices_setup(&v, in, path);
	if (r == 2) {
		voices_release(&v);
		return MED_OK;
	}
	if (r)
		goto out;
	ib0 = malloc((v.T + 1) * sizeof(int64_t));
	if (!ib0) {
		r = MED_ERR_NOMEM;
		goto out;
	}
	memcpy(ib0, v.ib, (v.T + 1) * sizeof(int64_t));
	/* the voices, when there are two or more and they can be told apart */
	if (v.K < 2 || v.T < 3 || !in->local_mean)
		goto music;
	r = separability(&v, &sep);
	if (r)
		goto out;
	if (sep < V_SEPARABLE)
		goto music;
	r = fit_all(&v, -1, v.gmm);
	if (r)
		goto out;
	v.ll = malloc(in->na * (size_t)v.K * sizeof(float));
	if (!v.ll) {
		r = MED_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < in->na * (size_t)v.K; i++)
		v.ll[i] = NAN;
	ll_prefill(&v);
	for (size_t t = 1; t < v.T; t++) {
		int a = v.spk[t - 1], b = v.spk[t];
		if (a < 0 || b < 0 || a == b || !v.gmm[a].n_comp || !v.gmm[b].n_comp)
			continue;
		int m = move_change(&v, t);
		if (m < 0) {
			r = MED_ERR_NOMEM;
			goto out;
		}
		moved += m;
	}
	for (size_t t = 1; t + 1 < v.T; t++) {
		int m = move_short(&v, t);
		if (m < 0) {
			r = MED_ERR_NOMEM;
			goto out;
		}
		moved += m;
	}
	other_voice(&v, path);
	if (in->span_lo && in->span_hi && v.ll) {
		size_t t = 0;
		for (size_t f = 0; f < n; f++)
			if (f == 0 || (in->turn_start && in->turn_start[f])) {
				if (t > 0) {
					r = change_span(&v, t, &in->span_lo[f], &in->span_hi[f]);
					if (r)
						goto out;
				}
				t++;
			}
	}
music:
	r = find_foreign(&v, path);
	if (r)
		goto out;
	/* the runs of both kinds in the order of the audio, as rebuild() pins them */
	for (size_t f = 1; f < v.n_fr; f++)
		for (size_t g = f; g > 0 && v.fr[g - 1].a > v.fr[g].a; g--) {
			struct foreign x = v.fr[g];
			v.fr[g] = v.fr[g - 1];
			v.fr[g - 1] = x;
		}
	if (!moved && !v.n_fr)
		goto out;
	r = med_dtw_path_reserve(&np, path->n + in->na + in->ns + 16);
	if (r)
		goto out;
	r = rebuild(&v, ib0, path, &np);
	if (r)
		goto out;
	if (!med_dtw_path_valid(&np, in->na, in->ns))
		goto out; /* should not happen: keep the DTW's path */
	np.cost = path->cost;
	np.norm_cost = path->norm_cost;
	np.cells = path->cells;
	np.widened = path->widened;
	med_dtw_path_release(path);
	*path = np;
	memset(&np, 0, sizeof(np));
	if (rep) {
		rep->moved = moved;
		rep->music = (int)v.n_fr;
		for (size_t f = 0; f < v.n_fr; f++) {
			rep->music_a[f] = v.fr[f].a;
			rep->music_b[f] = v.fr[f].b;
			rep->music_voice[f] = v.fr[f].voice;
		}
	}
out:
	if (rep) {
		rep->separability = sep;
		rep->used = sep >= V_SEPARABLE;
	}
	med_dtw_path_release(&np);
	voices_release(&v);
	free(ib0);
	return r == 1 ? MED_OK : r;
}

/*
 * Nobody's voice (med_voices_nobody()). A turn the path gave V_NB_STRETCH times the
 * recording's pace (its median over the turns) or more is no sample of its speaker's voice:
 * where an advertisement of 24 s in another voice lay inside the turn beside it, the models
 * fitted on every turn's middle took the ad in as that speaker's (a try of the session of
 * 2026-12-01, 00:37 UTC found 3 s of it). Fitted without such turns, the models score each
 * window of V_NB_WIN frames (every other frame of speech, the best model's log-likelihood)
 * against the speakers' own windows (in the middles of the turns fitted on): on four
 * recordings of the sample interview with such an ad (tests/bench/adbreak.sh) every window
 * of the ad lay under the 1st percentile of the own, their mean 1.1-5.8 times the spread
 * (median less 1st percentile) under it; on the 12 sample recordings, 74 held out and 48
 * of people, runs of windows under it spanned 5.5 s at most (from the first window's middle
 * to the last's), the ads 23-24 s. So a run needs V_NB_MS, its mean V_NB_DEPTH of the
 * spread under the percentile. Nothing is looked for unless a turn holds V_NB_MS more audio
 * than its text needs at the pace: text is pulled over nobody's voice by stretching.
 */
#define V_NB_STRETCH 1.6
#define V_NB_WIN 200
#define V_NB_HOP 50
#define V_NB_MIN_SPEECH 40 /* frames scored in a window, at least */
#define V_NB_OWN 100       /* windows of the speakers' own turns needed (a 1st percentile) */
#define V_NB_MS 15000
#define V_NB_DEPTH 0.5
#define V_NB_SIDE_MS 3000     /* the voice before and after a run: over this much audio, */
#define V_NB_SIDE_NATS 0.5    /* by this much a frame over the other voices */
#define V_NB_EDGE_MS 2500     /* a run's edges are looked for this far from its windows' middles */
#define V_NB_CONTRAST_MS 1500 /* ... by the evidence over this much either side */

/* The best model's log-likelihood of frame fr (-INFINITY without models). */
static double best_loglik(const struct voices *v, const float *fr)
{
	double best = -INFINITY;
	for (int q = 0; q < v->K; q++)
		if (v->gmm[q].n_comp) {
			double l = med_gmm_loglik(&v->gmm[q], fr);
			if (l > best)
				best = l;
		}
	return best;
}

/* Window scores (sc[w] for frames [w V_NB_HOP, w V_NB_HOP + V_NB_WIN), NAN with too little
 * speech) of the models in v->gmm, from the best model's log-likelihood of every other
 * frame of speech. */
static void nobody_scores(const struct voices *v, double *sc, size_t nw, double *sum, int64_t *cnt)
{
	const struct med_voices_input *in = v->in;
	sum[0] = 0;
	cnt[0] = 0;
	for (size_t i = 0; i < in->na; i++) {
		float fr[MED_SPEAKER_MAX_DIM];
		sum[i + 1] = sum[i];
		cnt[i + 1] = cnt[i];
		if ((i & 1) || !in->speech[i])
			continue;
		voice_frame(in, i, fr);
		sum[i + 1] += best_loglik(v, fr);
		cnt[i + 1]++;
	}
	for (size_t w = 0; w < nw; w++) {
		size_t a = w * V_NB_HOP, b = a + V_NB_WIN;
		int64_t c = cnt[b] - cnt[a];
		sc[w] = c >= V_NB_MIN_SPEECH ? (sum[b] - sum[a]) / (double)c : NAN;
	}
}

/* The edges of a run of nobody's voice whose windows' middles are *a and *b: a model of the
 * run's own speech (its frames V_NB_WIN / 2 or more inside) against the speakers' (v->gmm)
 * scores each frame of speech near each middle, and each edge goes to the pause edge (the
 * end of speech before the run, the start of speech after it) within V_NB_EDGE_MS whose
 * V_NB_CONTRAST_MS on the run's side hold the most evidence for the run's voice against
 * that on the other side (with the evidence summed out to the search's ends instead, an
 * ad's last words, ambiguous, were left out of it and its end put 2.1 s early). Left where
 * they are when the run's own speech is too little to model. */
static int nobody_edges(const struct voices *v, int64_t lo, int64_t hi, int64_t *a, int64_t *b)
{
	const struct med_voices_input *in = v->in;
	size_t nc = (size_t)in->n_coeffs, m = 0;
	int64_t reach = V_NB_EDGE_MS / in->hop_ms, width = V_NB_CONTRAST_MS / in->hop_ms,
	        i0 = *a + V_NB_WIN / 2, i1 = *b - V_NB_WIN / 2;
	float *x;
	struct med_gmm g;
	struct med_gmm_config gc;
	int r;
	if (i1 - i0 < 2 * V_MIN_TRAIN)
		return MED_OK;
	x = malloc((size_t)(i1 - i0) * nc * sizeof(float));
	if (!x)
		return MED_ERR_NOMEM;
	for (int64_t i = i0; i < i1; i++)
		if (in->speech[i])
			voice_frame(in, (size_t)i, x + (m++) * nc);
	memset(&g, 0, sizeof(g));
	med_gmm_config_init(&gc);
	gc.max_frames = V_FIT_FRAMES;
	r = m >= V_MIN_TRAIN ? med_gmm_fit(x, m, in->n_coeffs, &gc, &g) : MED_OK;
	free(x);
	if (r || !g.n_comp)
		return r;
	for (int side = 0; side < 2; side++) {
		int64_t c = side ? *b : *a, f0 = c - reach > lo ? c - reach : lo,
		        f1 = c + reach < hi ? c + reach : hi, best = c,
		        g0 = f0 - width > 0 ? f0 - width : 0,
		        g1 = f1 + width < (int64_t)in->na ? f1 + width : (int64_t)in->na;
		double *cum = calloc((size_t)(g1 - g0 + 1), sizeof(double)), best_s = -INFINITY;
		if (!cum) {
			med_gmm_release(&g);
			return MED_ERR_NOMEM;
		}
		/* cum[k]: the evidence for the run's voice over frames g0 .. g0 + k - 1 */
		for (int64_t i = g0; i < g1; i++) {
			double e = 0;
			if (in->speech[i]) {
				float fr[MED_SPEAKER_MAX_DIM];
				voice_frame(in, (size_t)i, fr);
				e = med_gmm_loglik(&g, fr) - best_loglik(v, fr);
				e = e > V_CAP ? V_CAP : e < -V_CAP ? -V_CAP : e;
			}
			cum[i - g0 + 1] = cum[i - g0] + e;
		}
		for (int64_t i = f0 + 1; i < f1; i++) {
			/* V_NB_CONTRAST_MS either side of i: the run's side less the other */
			int64_t w0 = i - width > g0 ? i - width : g0,
			        w1 = i + width < g1 ? i + width : g1;
			double before = cum[i - g0] - cum[w0 - g0],
			       after = cum[w1 - g0] - cum[i - g0], sc;
			if (side ? !(in->speech[i] && !in->speech[i - 1])
			         : !(!in->speech[i] && in->speech[i - 1]))
				continue;
			sc = side ? before - after : after - before;
			if (sc > best_s) {
				best_s = sc;
				best = i;
			}
		}
		free(cum);
		if (side)
			*b = best;
		else
			*a = best;
	}
	med_gmm_release(&g);
	return MED_OK;
}

/* The speaker whose model the speech in [a, b) prefers by V_NB_SIDE_NATS a frame of it or
 * more over every other model, or -1. */
static int nobody_side(const struct voices *v, int64_t a, int64_t b)
{
	const struct med_voices_input *in = v->in;
	double sum[V_MAX_SPEAKERS] = {0};
	int64_t cnt = 0;
	int best = -1, second = -1;
	for (int64_t i = a < 0 ? 0 : a; i < b && i < (int64_t)in->na; i++) {
		float fr[MED_SPEAKER_MAX_DIM];
		if (!in->speech[i])
			continue;
		voice_frame(in, (size_t)i, fr);
		for (int q = 0; q < v->K; q++)
			if (v->gmm[q].n_comp)
				sum[q] += med_gmm_loglik(&v->gmm[q], fr);
		cnt++;
	}
	if (cnt < V_NB_MIN_SPEECH)
		return -1;
	for (int q = 0; q < v->K; q++) {
		if (!v->gmm[q].n_comp)
			continue;
		if (best < 0 || sum[q] > sum[best]) {
			second = best;
			best = q;
		} else if (second < 0 || sum[q] > sum[second]) {
			second = q;
		}
	}
	if (second >= 0 && sum[best] - sum[second] < V_NB_SIDE_NATS * (double)cnt)
		return -1;
	return best;
}

int med_voices_nobody(const struct med_voices_input *in, const struct med_dtw_path *path,
                      int64_t *run_a, int64_t *run_b, int *voice_before, int *voice_after, int max,
                      int *n_runs)
{
	struct voices v;
	double *ratio = NULL, *sc = NULL, *own = NULL, *sum = NULL, med, p1, p50, line;
	int64_t *cnt = NULL;
	unsigned char *skip = NULL;
	size_t nw, n_own = 0, models = 0;
	int64_t need = V_NB_MS / in->hop_ms, lo, hi;
	int r, stretched = 0;

	*n_runs = 0;
	memset(&v, 0, sizeof(v));
	r = voices_setup(&v, in, path);
	if (r || !in->local_mean || v.T < 3 || in->na < V_NB_WIN)
		goto out;
	ratio = malloc(v.T * sizeof(double));
	skip = calloc(v.T, 1);
	nw = (in->na - V_NB_WIN) / V_NB_HOP + 1;
	sc = malloc(nw * sizeof(double));
	own = malloc(nw * sizeof(double));
	sum = malloc((in->na + 1) * sizeof(double));
	cnt = malloc((in->na + 1) * sizeof(int64_t));
	if (!ratio || !skip || !sc || !own || !sum || !cnt) {
		r = MED_ERR_NOMEM;
		goto out;
	}
	for (size_t t = 0; t < v.T; t++)
		ratio[t] = (double)(v.ib[t + 1] - v.ib[t]) / (double)(v.jb[t + 1] - v.jb[t]);
	memcpy(sc, ratio, v.T * sizeof(double));
	med = med_median_double(sc, v.T);
	for (size_t t = 0; t < v.T; t++) {
		int over =
		        (double)(v.ib[t + 1] - v.ib[t]) - med * (double)(v.jb[t + 1] - v.jb[t]) >=
		        (double)need;
		skip[t] = v.spk[t] < 0 || over || ratio[t] >= V_NB_STRETCH * med;
		stretched |= over;
	}
	if (!stretched)
		goto out;
	v.skip = skip;
	r = fit_all(&v, -1, v.gmm);
	v.skip = NULL;
	if (r)
		goto out;
	for (int q = 0; q < v.K; q++)
		models += v.gmm[q].n_comp > 0;
	if (!models)
		goto out;
	nobody_scores(&v, sc, nw, sum, cnt);
	/* the speakers' own windows: inside the middles of the turns trained on */
	for (size_t t = 0; t < v.T; t++) {
		int64_t a, b;
		if (skip[t])
			continue;
		turn_core(&v, t, &a, &b);
		for (int64_t w = (a + V_NB_HOP - 1) / V_NB_HOP;
		     w < (int64_t)nw && w * V_NB_HOP + V_NB_WIN <= b; w++)
			if (!isnan(sc[w]))
				own[n_own++] = sc[w];
	}
	if (n_own < V_NB_OWN)
		goto out;
	p1 = med_select_double(own, n_own, n_own / 100);
	p50 = med_select_double(own, n_own, n_own / 2);
	line = p1 - V_NB_DEPTH * (p50 - p1);
	/* runs of windows under p1 inside the text's span, from the first window's middle to
	 * the last's; their ends to the pause edges that part the voices (nobody_edges()) */
	lo = v.ib[0];
	hi = v.ib[v.T];
	for (size_t w = 0; w < nw && *n_runs < max;) {
		size_t e = w;
		double m = 0;
		int64_t a, b;
		if (isnan(sc[w]) || sc[w] >= p1) {
			w++;
			continue;
		}
		while (e < nw && !isnan(sc[e]) && sc[e] < p1) {
			m += sc[e];
			e++;
		}
		m /= (double)(e - w);
		a = (int64_t)(w * V_NB_HOP + V_NB_WIN / 2);
		b = (int64_t)((e - 1) * V_NB_HOP + V_NB_WIN / 2);
		w = e;
		if (b - a < need || m > line || a < lo || b > hi)
			continue;
		r = nobody_edges(&v, lo, hi, &a, &b);
		if (r)
			goto out;
		run_a[*n_runs] = a;
		run_b[*n_runs] = b;
		if (voice_before)
			voice_before[*n_runs] = nobody_side(&v, a - V_NB_SIDE_MS / in->hop_ms, a);
		if (voice_after)
			voice_after[*n_runs] = nobody_side(&v, b, b + V_NB_SIDE_MS / in->hop_ms);
		(*n_runs)++;
	}
out:
	free(ratio);
	free(skip);
	free(sc);
	free(own);
	free(sum);
	free(cnt);
	voices_release(&v);
	return r == MED_ERR_NOMEM ? r : MED_OK;
}
