/*
 * pl_align_turns.c: turn-level alignment of a transcript that is a translation of the
 * speech (Chinese text on English audio, or the reverse). Nothing in the text can be
 * compared with the sound, so the turns are placed with what does not depend on language:
 * voice activity, the voices of the speakers and the length of each turn's text, in one
 * global dynamic programme (media/med_turns.h), refined by EM:
 *  1. align with the text-length prior and the pauses only (speaking rate = all speech /
 *     all text);
 *  2. learn a voice model (GMM of MFCCs, media/med_speaker.h) per speaker: from clusters of
 *     the audio's voices when they agree with step 1, else from the cores of step 1's
 *     turns; a held-out test of those models decides how far voices are trusted (one
 *     voice for two speakers: not at all); a background model learnt from audio that is
 *     not speech-like (music, noise) competes with the voices;
 *  3. re-align with the voices' evidence per unit, re-estimate per-speaker speaking rates,
 *     repeat until nothing moves;
 *  4. boundaries between two voices inside continuous speech move to the frame that best
 *     separates them; cues are spread over each turn's speech by their text length and
 *     snapped into its pauses.
 * Audio without text (intro music, an interjection the transcript left out, a recording
 * that runs on beyond its transcript) and turns the audio lacks are reported as remarks.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med_features.h"
#include "med_speaker.h"
#include "med_turns.h"
#include "pl_align.h"
#include "pl_progress.h"
#include "sub_text.h"

#define EM_ITERS 6
#define SKIP_PER_S 4.0        /* cost of one second of speech left without text */
#define SPK_WEIGHT 0.1        /* per frame: frames are correlated, so each counts little */
#define SPK_CAP 8.0           /* per-frame log-likelihood deficit is capped here */
#define OUTLIER_PER_S 30.0    /* cost per second of audio that fits no voice and is not
				 speech-like (music, noise) */
#define CONTINUOUS_MS 300    /* a shorter pause between units is a weak turn boundary cue */
#define REFINE_GAIN 30.0     /* log-likelihood gain that justifies moving a boundary */
#define TIGHT_MS 300         /* turns that meet with a shorter pause get their boundary refined */
#define MIN_EDGE 20          /* frames a re-cut unit keeps at least */
#define FIRST_TRIM_MS 3000    /* at least this much of each edge of a turn is not learnt from first */
#define SEP_LOW 0.68          /* voices recognised no better than this are ignored */
#define SEP_HIGH 0.76         /* and from this on fully trusted */
#define CLUSTER_GAP_MS 300    /* speech across shorter pauses is clustered as one stretch */
#define CLUSTER_MIN_FRAMES 200 /* stretches shorter than 2 s are labelled, not clustered */
#define CLUSTER_AGREE 0.6     /* clusters used when they agree this well with the first pass */
#define INSIDE_SKIP 6.0       /* an interjection costs this times other audio without text */
#define EDGE_SKIP 0.0         /* and audio before the first turn or after the last this times */
#define EDGE_FIXED 15.0       /* plus this once: a recording that runs on beyond its transcript */
#define REPORT_SKIP_MS 500    /* shorter stretches of audio without text are not reported */

static int cp_is_punct(uint32_t cp)
{
	if (cp < 128)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			 (cp >= 'A' && cp <= 'Z'));
	return sub_cp_is_sentence_end(cp) || sub_cp_is_clause_mark(cp) || sub_cp_is_closing(cp) ||
	       (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	       (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65);
}

/* Length of a text for its duration: letters, digits and Han characters. */
static double text_weight(const char *s)
{
	if (!s)
		return 0;
	size_t len = strlen(s), i = 0;
	double n = 0;
	while (i < len) {
		uint32_t cp = sub_utf8_next(s, len, &i);
		if (!sub_cp_is_space(cp) && !cp_is_punct(cp))
			n += 1;
	}
	return n;
}

/* The language slot with the most text: the one whose lengths are the prior. */
static int text_slot(const struct sub_project *p)
{
	int best = 0;
	double bw = -1;
	for (int l = 0; l < p->n_langs; l++) {
		double w = 0;
		for (size_t i = 0; i < p->n_turns; i++)
			w += text_weight(p->turns[i].text[l]);
		if (w > bw) {
			bw = w;
			best = l;
		}
	}
	return best;
}

/* Copies the frames of units marked 1 in take into a new array. */
static float *gather_frames(const struct med_features *f, const struct med_turn_unit *units,
			    size_t nu, const unsigned char *take, size_t *n_out)
{
	size_t n = 0, dim = (size_t)f->n_coeffs;
	for (size_t u = 0; u < nu; u++)
		if (take[u])
			n += units[u].end_frame - units[u].first_frame;
	*n_out = n;
	if (n == 0)
		return NULL;
	float *x = malloc(sizeof(float) * n * dim);
	if (!x)
		return NULL;
	size_t k = 0;
	for (size_t u = 0; u < nu; u++) {
		if (!take[u])
			continue;
		size_t m = units[u].end_frame - units[u].first_frame;
		memcpy(x + k * dim, f->mfcc + units[u].first_frame * dim, sizeof(float) * m * dim);
		k += m;
	}
	return x;
}

/*
 * How speech-like each unit is, from its spectral change: speech changes its spectrum
 * with every syllable, a held chord or steady noise hardly does. Returns per unit the
 * outlier cost per second (0 for speech).
 */
static void nonspeech_cost(const struct med_features *f, const struct med_turn_unit *units,
			   size_t nu, double *flux, double *out)
{
	size_t dim = (size_t)f->n_coeffs;
	for (size_t u = 0; u < nu; u++) {
		double s = 0;
		size_t n = 0;
		for (size_t t = units[u].first_frame + 3; t < units[u].end_frame; t++) {
			const float *a = f->mfcc + t * dim, *b = f->mfcc + (t - 3) * dim;
			double d = 0;
			for (size_t k = 0; k < dim; k++)
				d += (double)(a[k] - b[k]) * (a[k] - b[k]);
			s += d;
			n++;
		}
		flux[u] = n ? s / (double)n : 0;
	}
	double *tmp = malloc(sizeof(double) * (nu ? nu : 1));
	double med = 1;
	if (tmp && nu) {
		memcpy(tmp, flux, sizeof(double) * nu);
		med = med_median_double(tmp, nu);
	}
	free(tmp);
	for (size_t u = 0; u < nu; u++) {
		double r = med > 0 ? flux[u] / med : 1;
		double z = 1.0 - r / 0.45;
		out[u] = z > 0 ? z : 0;
	}
	/* Music and noise last: a median over neighbouring units also catches the chord
	 * changes and bursts inside them, while a lone steady vowel in speech drops out. */
	double win[5];
	double *z = malloc(sizeof(double) * (nu ? nu : 1));
	if (!z) { /* keep the unsmoothed scores */
		for (size_t u = 0; u < nu; u++)
			out[u] *= OUTLIER_PER_S;
		return;
	}
	memcpy(z, out, sizeof(double) * nu);
	for (size_t u = 0; u < nu; u++) {
		size_t a = u >= 2 ? u - 2 : 0, b = u + 3 < nu ? u + 3 : nu, m = 0;
		for (size_t q = a; q < b; q++)
			win[m++] = z[q];
		out[u] = OUTLIER_PER_S * med_median_double(win, m);
	}
	free(z);
}

struct em_state {
	size_t nu, nt;
	int K;
	float *unit_cost;   /* nu * K */
	float *skip_cost;   /* nu */
	double *ns_cost;    /* nu: non-speech cost per second */
	double *flux;       /* nu */
	int *turn_spk;      /* nt */
	double *weight;     /* nt: text length */
	double *expected;   /* nt */
	int *state;         /* nu */
	int *prev_state;    /* nu */
	unsigned char *skipped; /* nu */
	unsigned char *take;    /* nu */
	unsigned char *bgwin;   /* nu: not speech, or fits the background better */
	float *fit;         /* nu * K: mean per-frame log-likelihood */
	float *frame_ll;    /* n_frames * K: log-likelihood of each frame under each voice */
	struct med_turn_span *spans; /* nt */
	double spk_scale;   /* 0..1: how far the voices are trusted (separability) */
	double separability;/* held-out share of speech recognised as its turn's voice */
	double cluster_agree; /* share of speech where voice clusters agree with the first pass */
	int cluster_used;   /* the first voice models were learnt from the clusters */
};

static void em_free(struct em_state *e)
{
	free(e->unit_cost);
	free(e->skip_cost);
	free(e->ns_cost);
	free(e->flux);
	free(e->turn_spk);
	free(e->weight);
	free(e->expected);
	free(e->state);
	free(e->prev_state);
	free(e->skipped);
	free(e->take);
	free(e->bgwin);
	free(e->fit);
	free(e->frame_ll);
	free(e->spans);
}

/* Speaking rate per speaker from the current alignment (ms of speech per unit of text);
 * the first pass uses the overall rate. */
static void set_expectations(struct em_state *e, const struct med_turn_unit *units,
			     int first_pass)
{
	double tot_ms = 0, tot_w = 0;
	double spk_ms[64] = {0}, spk_w[64] = {0};
	if (first_pass) {
		for (size_t u = 0; u < e->nu; u++)
			tot_ms += (double)(units[u].end_ms - units[u].start_ms);
		for (size_t i = 0; i < e->nt; i++)
			tot_w += e->weight[i];
	} else {
		for (size_t i = 0; i < e->nt; i++) {
			const struct med_turn_span *s = &e->spans[i];
			if (s->missing)
				continue;
			double ms = 0;
			for (size_t u = s->first_unit; u < s->end_unit; u++)
				if (!e->skipped[u])
					ms += (double)(units[u].end_ms - units[u].start_ms);
			tot_ms += ms;
			tot_w += e->weight[i];
			int k = e->turn_spk[i];
			if (k >= 0 && k < 64) {
				spk_ms[k] += ms;
				spk_w[k] += e->weight[i];
			}
		}
	}
	double rate = tot_w > 0 ? tot_ms / tot_w : 100;
	for (size_t i = 0; i < e->nt; i++) {
		double r = rate;
		int k = e->turn_spk[i];
		/* a speaker's own rate once enough of their text is placed, shrunk to the mean */
		if (!first_pass && k >= 0 && k < 64 && spk_w[k] > 0) {
			double rk = spk_ms[k] / spk_w[k];
			double a = spk_w[k] / (spk_w[k] + 200.0);
			r = a * rk + (1 - a) * rate;
		}
		double ex = r * e->weight[i];
		e->expected[i] = ex > 300 ? ex : 300;
	}
}

/* Mean per-frame log-likelihood of a unit under g. */
static double unit_ll(const struct med_gmm *g, const struct med_features *f,
		      const struct med_turn_unit *u)
{
	size_t dim = (size_t)f->n_coeffs, n = u->end_frame - u->first_frame;
	double s = 0;
	for (size_t t = u->first_frame; t < u->end_frame; t++)
		s += med_gmm_loglik(g, f->mfcc + t * dim);
	return n ? s / (double)n : 0;
}

/* Fits a GMM to the units marked in e->take; leaves g zeroed when they are too few. */
static int fit_take(struct em_state *e, const struct med_features *f,
		    const struct med_turn_unit *units, const struct med_gmm_config *gc,
		    size_t min_frames, struct med_gmm *g)
{
	size_t n = 0;
	float *x = gather_frames(f, units, e->nu, e->take, &n);
	if (n > 0 && !x)
		return MED_ERR_NOMEM;
	int rc = MED_OK;
	if (n >= min_frames)
		rc = med_gmm_fit(x, n, f->n_coeffs, gc, g);
	free(x);
	return rc;
}

/* Best one-to-one map of clusters to voices by overlap (ov: K x K, row per cluster);
 * all permutations for few voices, greedy beyond. Returns the overlap kept. */
static double best_map(const double *ov, int K, int *map)
{
	double best = -1;
	if (K <= 6) {
		int perm[6], used[6] = {0}, depth = 0;
		double acc[7] = {0};
		perm[0] = -1;
		/* iterative depth-first enumeration of permutations */
		while (depth >= 0) {
			int k = perm[depth] + 1;
			if (perm[depth] >= 0)
				used[perm[depth]] = 0;
			while (k < K && used[k])
				k++;
			if (k >= K) {
				perm[depth] = -1;
				depth--;
				continue;
			}
			perm[depth] = k;
			used[k] = 1;
			acc[depth + 1] = acc[depth] + ov[depth * K + k];
			if (depth + 1 == K) {
				if (acc[K] > best) {
					best = acc[K];
					memcpy(map, perm, sizeof(int) * (size_t)K);
				}
				continue;
			}
			depth++;
			perm[depth] = -1;
		}
		return best;
	}
	int rused[64] = {0}, cused[64] = {0};
	best = 0;
	for (int n = 0; n < K; n++) {
		int bc = -1, bk = -1;
		for (int c = 0; c < K; c++)
			for (int k = 0; k < K; k++)
				if (!rused[c] && !cused[k] && (bc < 0 || ov[c * K + k] > ov[bc * K + bk])) {
					bc = c;
					bk = k;
				}
		rused[bc] = cused[bk] = 1;
		map[bc] = bk;
		best += ov[bc * K + bk];
	}
	return best;
}

/*
 * The first alignment knows no voices and may be off by whole sentences (its speaking
 * rate counts all the speech, also speech the transcript lacks), so models learnt from it
 * can mix the voices. Clustering the audio into K voices does not depend on it: stretches
 * of speech between clear pauses are clustered, the clusters are named after the voice
 * whose turns they overlap most in the first alignment, and when they agree well enough
 * with it the clusters, not the first alignment, teach the first voice models.
 */
static int cluster_init(struct em_state *e, const struct med_features *f,
			const struct med_turn_unit *units, int *own)
{
	int K = e->K, rc = MED_OK;
	size_t nu = e->nu, ns = 0;
	struct med_speaker_seg *sg = malloc(sizeof(*sg) * (nu ? nu : 1));
	size_t *seg_of = malloc(sizeof(size_t) * (nu ? nu : 1));
	int *lab = malloc(sizeof(int) * (nu ? nu : 1));
	double *ov = calloc((size_t)K * (size_t)K, sizeof(double));
	int map[64];
	struct med_cluster_config cc;
	if (!sg || !seg_of || !lab || !ov) {
		rc = MED_ERR_NOMEM;
		goto out;
	}
	for (size_t u = 0; u < nu; u++) {
		seg_of[u] = SIZE_MAX;
		if (e->bgwin[u])
			continue;
		if (ns > 0 && u > 0 && seg_of[u - 1] == ns - 1 &&
		    units[u].gap_before_ms < CLUSTER_GAP_MS) {
			sg[ns - 1].end = units[u].end_frame;
		} else {
			sg[ns].first = units[u].first_frame;
			sg[ns].end = units[u].end_frame;
			ns++;
		}
		seg_of[u] = ns - 1;
	}
	if (ns < (size_t)K)
		goto out;
	med_cluster_config_init(&cc);
	cc.min_frames = CLUSTER_MIN_FRAMES;
	rc = med_speaker_cluster(f->mfcc, f->n_frames, f->n_coeffs, sg, ns, K, &cc, lab);
	if (rc)
		goto out;
	double tot = 0;
	for (size_t u = 0; u < nu; u++) {
		int st = e->state[u];
		if (seg_of[u] == SIZE_MAX || st < 0 || e->skipped[u] || e->turn_spk[st] < 0)
			continue;
		double d = (double)(units[u].end_ms - units[u].start_ms);
		int c = lab[seg_of[u]];
		if (c >= 0 && c < K)
			ov[c * K + e->turn_spk[st]] += d;
		tot += d;
	}
	double agree = tot > 0 ? best_map(ov, K, map) / tot : 0;
	e->cluster_agree = agree;
	if (agree < CLUSTER_AGREE)
		goto out;
	for (size_t u = 0; u < nu; u++) {
		int c = seg_of[u] == SIZE_MAX ? -1 : lab[seg_of[u]];
		own[u] = c >= 0 && c < K ? map[c] : -1;
	}
	e->cluster_used = 1;
out:
	free(sg);
	free(seg_of);
	free(lab);
	free(ov);
	return rc;
}

/*
 * Fits a voice model per speaker to the units its turns hold (their middle part on the
 * first pass, where boundaries are least certain) and scores every unit under each.
 * A background model, fitted to the audio that is clearly not speech (music, noise),
 * competes with the voices: units it explains better are kept out of the voice models
 * and cost every speaker, so the programme leaves them without text.
 */
static int fit_speakers(struct em_state *e, const struct med_features *f,
			const struct med_turn_unit *units, int first_pass)
{
	struct med_gmm_config gc;
	int K = e->K;
	struct med_gmm *g = calloc((size_t)K + 2, sizeof(*g));
	struct med_gmm *bg = g ? &g[K] : NULL, *sp = g ? &g[K + 1] : NULL;
	int *own = malloc(sizeof(int) * (e->nu ? e->nu : 1));
	int rc = MED_OK;
	size_t dim = (size_t)f->n_coeffs;
	if (!g || !own) {
		free(g);
		free(own);
		return MED_ERR_NOMEM;
	}
	med_gmm_config_init(&gc);

	/* background and all-speech models, to screen the voices' training data */
	for (size_t u = 0; u < e->nu; u++)
		e->take[u] = e->ns_cost[u] > 0;
	rc = fit_take(e, f, units, &gc, 300, bg);
	if (rc)
		goto out;
	for (size_t u = 0; u < e->nu; u++)
		e->take[u] = e->ns_cost[u] == 0 && !e->skipped[u] && e->state[u] >= 0;
	if (bg->n_comp) {
		rc = fit_take(e, f, units, &gc, 300, sp);
		if (rc)
			goto out;
	}
	for (size_t u = 0; u < e->nu; u++) {
		e->bgwin[u] = e->ns_cost[u] > 0;
		if (bg->n_comp && sp->n_comp && !e->bgwin[u])
			e->bgwin[u] = unit_ll(bg, f, &units[u]) > unit_ll(sp, f, &units[u]);
	}

	/* own[u]: the voice whose model unit u trains */
	for (size_t u = 0; u < e->nu; u++)
		own[u] = -1;
	for (size_t i = 0; i < e->nt; i++) {
		const struct med_turn_span *s = &e->spans[i];
		if (e->turn_spk[i] < 0 || s->missing)
			continue;
		int64_t lo = s->start_ms, hi = s->end_ms;
		if (first_pass) {
			/* the first alignment knows no voices and drifts: learn from the cores
			 * of turns only */
			int64_t trim = (hi - lo) / 5;
			if (trim < FIRST_TRIM_MS)
				trim = FIRST_TRIM_MS;
			lo += trim;
			hi -= trim;
		}
		for (size_t u = s->first_unit; u < s->end_unit; u++)
			if (!e->skipped[u] && units[u].start_ms >= lo && units[u].end_ms <= hi &&
			    !e->bgwin[u])
				own[u] = e->turn_spk[i];
	}
	if (first_pass) {
		/* Can the voices be told apart at all? Models of half the units must recognise
		 * the voice of the other half; when they cannot (one voice for two speakers),
		 * voice costs would only add noise to the lengths and pauses. */
		double right = 0, all = 0;
		for (int k = 0; k < K; k++) {
			for (size_t u = 0; u < e->nu; u++)
				e->take[u] = own[u] == k && u % 2 == 0;
			rc = fit_take(e, f, units, &gc, 50, &g[k]);
			if (rc)
				goto out;
		}
		for (size_t u = 1; u < e->nu; u += 2) {
			if (own[u] < 0)
				continue;
			int bk = -1;
			double bl = -1e300;
			for (int k = 0; k < K; k++) {
				double l = g[k].n_comp ? unit_ll(&g[k], f, &units[u]) : -1e300;
				if (l > bl) {
					bl = l;
					bk = k;
				}
			}
			double d = (double)(units[u].end_ms - units[u].start_ms);
			all += d;
			right += bk == own[u] ? d : 0;
		}
		double acc = all > 0 ? right / all : 0;
		double sc = (acc - SEP_LOW) / (SEP_HIGH - SEP_LOW);
		e->spk_scale = sc < 0 ? 0 : (sc > 1 ? 1 : sc);
		e->separability = acc;
		for (int k = 0; k < K; k++)
			med_gmm_release(&g[k]);
		if (e->spk_scale > 0) {
			rc = cluster_init(e, f, units, own);
			if (rc)
				goto out;
		}
	}
	for (int k = 0; k < K; k++) {
		for (size_t u = 0; u < e->nu; u++)
			e->take[u] = own[u] == k;
		/* too little to learn from: this voice then costs nothing anywhere */
		rc = fit_take(e, f, units, &gc, 50, &g[k]);
		if (rc)
			goto out;
	}
	for (size_t u = 0; u < e->nu; u++) {
		size_t nf = units[u].end_frame - units[u].first_frame;
		double cost[64] = {0}, sum[64] = {0};
		for (size_t t = units[u].first_frame; t < units[u].end_frame; t++) {
			const float *fr = f->mfcc + t * dim;
			double ll[64], best = -1e300;
			for (int k = 0; k < K; k++) {
				ll[k] = g[k].n_comp ? med_gmm_loglik(&g[k], fr) : 0;
				if (e->frame_ll)
					e->frame_ll[t * (size_t)K + (size_t)k] = (float)ll[k];
				if (g[k].n_comp && ll[k] > best)
					best = ll[k];
				sum[k] += ll[k];
			}
			double lb = bg->n_comp ? med_gmm_loglik(bg, fr) : -1e300;
			/* signed evidence against voice k: the best rival (another voice or the
			 * background) minus k, capped per frame */
			for (int k = 0; k < K; k++) {
				if (!g[k].n_comp)
					continue;
				double rival = lb;
				for (int q = 0; q < K; q++)
					if (q != k && g[q].n_comp && ll[q] > rival)
						rival = ll[q];
				if (rival < -1e299)
					continue;
				double dd = rival - ll[k];
				cost[k] += dd > SPK_CAP ? SPK_CAP : (dd < -SPK_CAP ? -SPK_CAP : dd);
			}
			(void)best;
		}
		for (int k = 0; k < K; k++) {
			double dur_s = (double)(units[u].end_ms - units[u].start_ms) / 1000.0;
			/* a unit costs a voice only when the evidence over the whole unit is
			 * against it: frames of a rival voice inside one's own speech cancel out */
			double c = cost[k] > 0 ? cost[k] : 0;
			e->unit_cost[u * (size_t)K + (size_t)k] =
				(float)(SPK_WEIGHT * e->spk_scale * c + e->ns_cost[u] * dur_s);
			e->fit[u * (size_t)K + (size_t)k] = (float)(nf ? sum[k] / (double)nf : 0);
		}
	}
out:
	for (int k = 0; k < K + 2; k++)
		med_gmm_release(&g[k]);
	free(g);
	free(own);
	return rc;
}

/*
 * Where two turns of different voices meet inside continuous speech (no pause between
 * their units), the boundary can only be as fine as the units. Move it to the frame that
 * best separates the two voices: the split maximising the log-likelihood ratio summed
 * before (for the first voice) and after (for the second), within the two units on each
 * side that are also continuous with it. Units are edited in place.
 */
static void refine_boundaries(struct em_state *e, struct med_turn_unit *units, int64_t hop)
{
	if (e->K < 2 || !e->frame_ll || e->spk_scale < 0.99)
		return;
	size_t K = (size_t)e->K;
	for (size_t i = 0; i + 1 < e->nt; i++) {
		struct med_turn_span *s1 = &e->spans[i], *s2 = &e->spans[i + 1];
		int k1 = e->turn_spk[i], k2 = e->turn_spk[i + 1];
		if (s1->missing || s2->missing || k1 < 0 || k2 < 0 || k1 == k2 ||
		    s2->first_unit - s1->end_unit > 2)
			continue;
		/* the units between the turns (left without text: they hold both voices) and
		 * the edges of both turns must be one stretch of continuous speech */
		size_t b = s2->first_unit, a = s1->end_unit - 1;
		int cont = 1;
		for (size_t u = a + 1; u <= b; u++)
			cont &= units[u].gap_before_ms < CONTINUOUS_MS;
		/* a boundary in a clear pause between the two turns stays there */
		if (!cont || (b == a + 1 && units[b].gap_before_ms >= TIGHT_MS))
			continue;
		size_t lo_u = a, hi_u = b;
		if (lo_u > s1->first_unit && units[lo_u].gap_before_ms < CONTINUOUS_MS)
			lo_u--;
		if (hi_u + 1 < s2->end_unit && units[hi_u + 1].gap_before_ms < CONTINUOUS_MS)
			hi_u++;
		size_t f0 = units[lo_u].first_frame, f1 = units[hi_u].end_frame;
		/* keep at least MIN_EDGE frames in the units that stay at the outer edges */
		size_t lo = (lo_u == s1->first_unit ? units[lo_u].first_frame : f0) + MIN_EDGE;
		size_t hi = (hi_u + 1 == s2->end_unit ? units[hi_u].end_frame : f1);
		hi = hi > MIN_EDGE ? hi - MIN_EDGE : 0;
		if (lo >= hi)
			continue;
		/* score(t) = sum_{f<t} d(f) - sum_{f>=t} d(f), d = capped ll(k1) - ll(k2) */
		double tot = 0;
		for (size_t t = f0; t < f1; t++) {
			double d = e->frame_ll[t * K + (size_t)k1] - e->frame_ll[t * K + (size_t)k2];
			tot += d > SPK_CAP ? SPK_CAP : (d < -SPK_CAP ? -SPK_CAP : d);
		}
		double pre = 0, best = -1e300, here = -1e300;
		size_t bt = units[b].first_frame;
		for (size_t t = f0; t < f1; t++) {
			double sc = pre - (tot - pre);
			if (t == units[b].first_frame)
				here = sc; /* where the programme put it (with nothing between) */
			if (t >= lo && t <= hi && sc > best) {
				best = sc;
				bt = t;
			}
			double d = e->frame_ll[t * K + (size_t)k1] - e->frame_ll[t * K + (size_t)k2];
			pre += d > SPK_CAP ? SPK_CAP : (d < -SPK_CAP ? -SPK_CAP : d);
		}
		/* a move needs clear evidence unless units without text lie between */
		if (b == a + 1 && best - here < REFINE_GAIN)
			continue;
		/* re-cut the units of the window at bt: those before it go to turn i */
		size_t cut = lo_u; /* first unit of turn i+1 after re-cutting */
		while (cut <= hi_u && units[cut].end_frame <= bt)
			cut++;
		if (cut > hi_u)
			continue;
		if (cut <= s1->first_unit || cut >= s2->end_unit)
			continue;
		if (units[cut].first_frame < bt) {
			/* bt falls inside unit cut: it now starts at bt, and the previous unit
			 * (turn i's last) reaches to bt */
			units[cut - 1].end_frame = bt;
			units[cut - 1].end_ms = (int64_t)bt * hop;
			units[cut].first_frame = bt;
			units[cut].start_ms = (int64_t)bt * hop;
			units[cut].gap_before_ms = 0;
		}
		if (cut <= s1->first_unit || cut >= s2->end_unit)
			continue;
		s1->end_unit = cut;
		s2->first_unit = cut;
		s1->end_ms = units[cut - 1].end_ms;
		s2->start_ms = units[cut].start_ms;
		for (size_t u = lo_u; u <= hi_u; u++) {
			e->state[u] = u < cut ? (int)i : (int)(i + 1);
			e->skipped[u] = 0;
		}
	}
}

static void snippet(const char *s, char *buf, size_t size)
{
	size_t n = 0, i = 0, len = s ? strlen(s) : 0;
	int chars = 0;
	while (i < len && chars < 24) {
		size_t st = i;
		uint32_t cp = sub_utf8_next(s, len, &i);
		if (cp == '\n')
			break;
		if (n + (i - st) + 4 >= size)
			break;
		memcpy(buf + n, s + st, i - st);
		n += i - st;
		chars++;
	}
	if (i < len && n + 4 < size) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = 0;
}

static void fmt_time(int64_t ms, char *buf, size_t size)
{
	if (ms < 0)
		ms = 0;
	snprintf(buf, size, "%d:%02d:%02d.%03d", (int)(ms / 3600000), (int)(ms / 60000 % 60),
		 (int)(ms / 1000 % 60), (int)(ms % 1000));
}

int pl_align_turns(struct sub_project *p, const char *audio_path,
		   const struct pl_align_opts *o)
{
	struct pl_progress pr;
	struct med_features f;
	struct med_features_config fc;
	struct med_turns_config tc;
	struct med_turn_unit *units = NULL;
	struct em_state e;
	int spk_map[256];
	size_t nu = 0;
	int ret = 1, rc;
	double t0 = pl_progress_now();
	FILE *log = o && o->log ? o->log : stderr;
	struct sub_error verr;

	memset(&f, 0, sizeof(f));
	memset(&e, 0, sizeof(e));
	if (!p || !audio_path) {
		fprintf(log, "tsync: align: no project or no audio\n");
		return 1;
	}
	if (p->n_turns == 0) {
		fprintf(log, "tsync: align: the transcript has no turns\n");
		return 1;
	}
	pl_progress_init(&pr, log, o ? o->progress : 0);
	int slot = text_slot(p);

	/* Turns without cues get one cue holding the whole turn. */
	for (size_t i = 0; i < p->n_turns; i++) {
		struct sub_turn *t = &p->turns[i];
		if (t->n_cues > 0)
			continue;
		struct sub_cue *c = sub_turn_add_cue(t);
		if (!c)
			goto out_nomem;
		c->confidence = -1;
		for (int l = 0; l < p->n_langs; l++)
			if (sub_set_str(&c->text[l], t->text[l]))
				goto out_nomem;
	}

	med_features_config_init(&fc);
	fc.vad_low_band = 1;   /* a quiet voice under a hiss */
	fc.vad_background = 1; /* another conversation under the talk */
	fc.level_moves = 1;    /* a gain changed between parts */
	rc = med_features_from_file(audio_path, &fc, &f, pl_progress_cb, &pr);
	pl_progress_clear(&pr);
	if (rc) {
		fprintf(log, "tsync: %s: %s\n", audio_path, med_strerror(rc));
		goto out;
	}
	if (o && o->verbose)
		fprintf(log, "tsync: features: %zu frames in %.2f s\n", f.n_frames, pl_progress_now() - t0);
	med_turns_config_init(&tc);
	tc.inside_skip = INSIDE_SKIP;
	tc.edge_skip = EDGE_SKIP;
	tc.edge_fixed = EDGE_FIXED;
	rc = med_turns_units(f.speech, f.energy_db, f.n_frames, f.hop_ms, &tc, &units, &nu);
	if (rc)
		goto out_med;
	if (nu == 0) {
		fprintf(log, "tsync: %s: no speech found in the audio\n", audio_path);
		ret = 3;
		goto out;
	}

	/* Speakers of the transcript -> voice models 0..K-1. */
	size_t nt = p->n_turns;
	e.nu = nu;
	e.nt = nt;
	for (size_t k = 0; k < 256; k++)
		spk_map[k] = -1;
	int K = 0;
	e.turn_spk = malloc(sizeof(int) * nt);
	e.weight = malloc(sizeof(double) * nt);
	e.expected = malloc(sizeof(double) * nt);
	e.spans = calloc(nt, sizeof(*e.spans));
	e.skip_cost = malloc(sizeof(float) * nu);
	e.ns_cost = malloc(sizeof(double) * nu);
	e.flux = malloc(sizeof(double) * nu);
	e.state = malloc(sizeof(int) * nu);
	e.prev_state = malloc(sizeof(int) * nu);
	e.skipped = malloc(nu);
	e.take = malloc(nu);
	e.bgwin = calloc(nu, 1);
	if (!e.turn_spk || !e.weight || !e.expected || !e.spans || !e.skip_cost || !e.ns_cost ||
	    !e.flux || !e.state || !e.prev_state || !e.skipped || !e.take || !e.bgwin)
		goto out_nomem;
	for (size_t i = 0; i < nt; i++) {
		int s = p->turns[i].speaker;
		e.turn_spk[i] = -1;
		if (s >= 0 && s < 256) {
			if (spk_map[s] < 0 && K < 64)
				spk_map[s] = K++;
			e.turn_spk[i] = spk_map[s];
		}
		double w = 0;
		for (size_t c = 0; c < p->turns[i].n_cues; c++)
			w += text_weight(p->turns[i].cues[c].text[slot]);
		if (w <= 0)
			w = text_weight(p->turns[i].text[slot]);
		e.weight[i] = w > 1 ? w : 1;
	}
	/* With one voice (or none named) there is nothing to model: column 0 then only
	 * carries the non-speech cost. */
	e.K = K >= 2 ? K : 1;
	if (e.K == 1)
		for (size_t i = 0; i < nt; i++)
			e.turn_spk[i] = 0;
	e.unit_cost = calloc(nu * (size_t)e.K, sizeof(float));
	e.fit = calloc(nu * (size_t)e.K, sizeof(float));
	if (e.K > 1 && f.n_frames > 0)
		e.frame_ll = calloc(f.n_frames * (size_t)e.K, sizeof(float));
	if (!e.unit_cost || !e.fit || (e.K > 1 && !e.frame_ll))
		goto out_nomem;
	nonspeech_cost(&f, units, nu, e.flux, e.ns_cost);
	for (size_t u = 0; u < nu; u++) {
		double dur_s = (double)(units[u].end_ms - units[u].start_ms) / 1000.0;
		e.skip_cost[u] = (float)(SKIP_PER_S * dur_s);
		for (int k = 0; k < e.K; k++)
			e.unit_cost[u * (size_t)e.K + (size_t)k] = (float)(e.ns_cost[u] * dur_s);
	}

	struct med_turns_input in;
	memset(&in, 0, sizeof(in));
	in.units = units;
	in.n_units = nu;
	in.audio_ms = (int64_t)f.n_frames * f.hop_ms;
	in.n_speakers = e.K;
	in.unit_cost = e.unit_cost;
	in.skip_cost = e.skip_cost;
	in.n_turns = nt;
	in.turn_speaker = e.turn_spk;
	in.turn_expected_ms = e.expected;
	double total = 0;
	int iters = e.K > 1 ? EM_ITERS : 1;
	for (int it = 0; it < iters; it++) {
		set_expectations(&e, units, it == 0);
		if (it > 0) {
			rc = fit_speakers(&e, &f, units, it == 1);
			if (rc)
				goto out_med;
		}
		rc = med_turns_align(&in, &tc, e.spans, e.state, e.skipped, &total, pl_progress_cb, &pr);
		pl_progress_clear(&pr);
		if (rc)
			goto out_med;
		size_t changed = 0;
		for (size_t u = 0; u < nu; u++)
			changed += it == 0 || e.state[u] != e.prev_state[u];
		memcpy(e.prev_state, e.state, sizeof(int) * nu);
		if (o && o->verbose)
			fprintf(log, "tsync: turns pass %d: cost %.1f, %zu units moved (%.2f s)\n",
				it + 1, total, changed, pl_progress_now() - t0);
		if (it == 1 && o && o->verbose)
			fprintf(log, "tsync: voices told apart on %.0f%% of held-out speech; voice "
				     "clusters agree on %.0f%% (%s)\n", 100 * e.separability,
				100 * e.cluster_agree, e.cluster_used ? "used" : "not used");
		if (it == 1 && e.spk_scale <= 0) {
			fprintf(log, "tsync: %s: the speakers' voices cannot be told apart; turns are "
				     "placed by their lengths and the pauses only\n", audio_path);
			break;
		}
		if (it > 1 && changed == 0)
			break;
	}

	refine_boundaries(&e, units, f.hop_ms);

	/* Times, cues, confidences. */
	for (size_t i = 0; i < nt; i++) {
		struct sub_turn *t = &p->turns[i];
		const struct med_turn_span *s = &e.spans[i];
		t->start_ms = s->start_ms;
		t->end_ms = s->end_ms;
		double fit = 1.0, tot = 0, good = 0;
		int k = e.turn_spk[i];
		if (e.K > 1 && k >= 0 && !s->missing) {
			for (size_t u = s->first_unit; u < s->end_unit; u++) {
				double d = (double)(units[u].end_ms - units[u].start_ms);
				int bk = 0;
				for (int q = 1; q < e.K; q++)
					if (e.fit[u * (size_t)e.K + (size_t)q] > e.fit[u * (size_t)e.K + (size_t)bk])
						bk = q;
				tot += d;
				good += bk == k ? d : 0;
			}
			fit = tot > 0 ? good / tot : 0;
		}
		double m = s->margin_start < s->margin_end ? s->margin_start : s->margin_end;
		float conf = s->missing ? 0.0f : (float)(fit * (1.0 - exp(-m / 4.0)));
		t->confidence = conf;
		size_t nc = t->n_cues;
		double *w = malloc(sizeof(double) * nc);
		int64_t *cs = malloc(sizeof(int64_t) * nc), *ce = malloc(sizeof(int64_t) * nc);
		if (!w || !cs || !ce) {
			free(w);
			free(cs);
			free(ce);
			goto out_nomem;
		}
		for (size_t c = 0; c < nc; c++) {
			w[c] = text_weight(t->cues[c].text[slot]);
			if (w[c] <= 0)
				w[c] = 0.5;
		}
		rc = med_turns_place_cues(units, s->first_unit, s->end_unit, w, nc, s->start_ms,
					  1500, 150, cs, ce);
		for (size_t c = 0; c < nc && rc == MED_OK; c++) {
			t->cues[c].start_ms = cs[c];
			t->cues[c].end_ms = ce[c];
			t->cues[c].confidence = conf;
		}
		free(w);
		free(cs);
		free(ce);
		if (rc)
			goto out_med;
	}

	/* Remarks: audio without text, turns not found, weak turns. */
	char tb[32], te[32], sn[128], msg[256];
	for (size_t u = 0; u < nu;) {
		if (!e.skipped[u]) {
			u++;
			continue;
		}
		size_t v = u;
		int64_t sp = 0;
		while (v < nu && e.skipped[v]) {
			sp += units[v].end_ms - units[v].start_ms;
			v++;
		}
		if (sp >= REPORT_SKIP_MS) {
			long turn = e.state[u] >= 0 ? e.state[u] : -1;
			double ns = 0;
			for (size_t q = u; q < v; q++)
				ns += e.ns_cost[q] > 0 || e.bgwin[q]
					      ? (double)(units[q].end_ms - units[q].start_ms) : 0;
			snprintf(msg, sizeof(msg), "%s, not in the transcript",
				 ns > 0.5 * (double)sp ? "music or noise" : "speech");
			if (sub_project_add_remark(p, SUB_REMARK_UNTRANSCRIBED, 0, turn, -1,
						   units[u].start_ms, units[v - 1].end_ms, msg))
				goto out_nomem;
			fmt_time(units[u].start_ms, tb, sizeof(tb));
			fmt_time(units[v - 1].end_ms, te, sizeof(te));
			fprintf(log, "tsync: %s: %s-%s: audio without text (%s)\n", audio_path, tb,
				te, msg);
		}
		u = v;
	}
	for (size_t i = 0; i < nt; i++) {
		const struct med_turn_span *s = &e.spans[i];
		struct sub_turn *t = &p->turns[i];
		snippet(t->text[slot], sn, sizeof(sn));
		if (s->missing) {
			if (sub_project_add_remark(p, SUB_REMARK_UNSPOKEN, t->src_line, (long)i, -1, -1,
						   -1, t->text[slot]))
				goto out_nomem;
			fprintf(log, "tsync: line %d: turn %zu not found in the audio: %s\n",
				t->src_line, i + 1, sn);
		} else if (t->confidence < 0.3f) {
			snprintf(msg, sizeof(msg), "turn %zu placed with low confidence (%.2f)", i + 1,
				 t->confidence);
			if (sub_project_add_remark(p, SUB_REMARK_LOW_CONFIDENCE, t->src_line, (long)i, -1,
						   t->start_ms, t->end_ms, msg))
				goto out_nomem;
			fmt_time(t->start_ms, tb, sizeof(tb));
			fprintf(log, "tsync: line %d: %s at %s: %s\n", t->src_line, msg, tb, sn);
		}
	}

	/* The spoken language joins the project as a slot without text. */
	if (o && o->audio_lang && *o->audio_lang) {
		int al = sub_project_find_lang(p, o->audio_lang);
		if (al < 0 && p->n_langs < SUB_MAX_LANGS)
			al = sub_project_add_lang(p, o->audio_lang);
		p->audio_lang = al >= 0 ? al : -1;
	}
	p->timed = 1;
	snprintf(p->align_method, sizeof(p->align_method), "turn");
	if ((!p->audio_path || strcmp(p->audio_path, audio_path)) &&
	    sub_set_str(&p->audio_path, audio_path))
		goto out_nomem;
	if (sub_project_validate(p, &verr) != SUB_OK) {
		char vmsg[1024];
		sub_error_format(&verr, vmsg, sizeof(vmsg));
		fprintf(log, "tsync: internal error, the aligned project is invalid: %s\n", vmsg);
		goto out;
	}
	if (o && o->verbose)
		fprintf(log, "tsync: turn alignment done in %.2f s (%zu units, %zu turns)\n",
			pl_progress_now() - t0, nu, nt);
	ret = 0;
	goto out;
out_med:
	fprintf(log, "tsync: %s: turn alignment failed: %s\n", audio_path, med_strerror(rc));
	ret = rc == MED_ERR_MISMATCH ? 3 : 1;
	goto out;
out_nomem:
	fprintf(log, "tsync: %s: out of memory\n", audio_path);
	ret = 1;
out:
	pl_progress_release(&pr);
	em_free(&e);
	free(units);
	med_features_release(&f);
	return ret;
}
