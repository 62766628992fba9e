/* med_align.c: fragments to audio through DTW, voice-activity snapping, null-model test. */
#include "med_align.h"
#include "med_missing.h"
#include "med_voices.h"
#include "med_speaker.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define LEAD_MARGIN 0.95     /* free match cost / anchored one below which a lead-in is skipped */
#define LEAD_STANDOUT 1.5    /* ... and its lead over the best match elsewhere / chance's spread */
#define TURN_PAUSE_MS 500    /* a pause this long is a likely change of speaker */
#define TURN_RADIUS_MS 3000  /* how far from the path a turn end looks for one */
#define TURN_FAR 3           /* ... or this many radii for a pause as many times longer */
#define TURN_BLIP_MS 120     /* sound this short between two pauses is not speech */
#define TURN_BREATH_MS MED_FEATURES_BREATH_MS /* ... nor sound this short that stays */
#define TURN_BREATH_DB MED_FEATURES_BREATH_DB /* this far under the speech level (a breath) */
#define TURN_CLICK_GAP_MS 1000 /* a click this far from a turn's words is not one of them */
#define TURN_SIDE_MS 3000    /* the speech level beside a sound is taken over this long */
#define TURN_SIDE_MIN_MS 300 /* ... of which this much speech at least */
#define TURN_SIDE_PCT 90.0   /* ... at this percentile of its frames' energy */
#define TURN_DIP_MS 200      /* a dip this short parts two words, not two turns */
#define TURN_WORD_MS 600     /* ... when the sound it parts off is no longer than this */
#define TURN_HELD_MS 350     /* a turn end already at a pause this long stays */
#define TURN_GLR_FRAMES 200  /* speech frames each side for the speaker-change evidence */
#define TURN_SHORT_MS 100    /* shortest pause that may hold a quick change of speaker */
#define TURN_GLR_MARGIN 2.0  /* ... when its evidence is this many times that at the path */
/* A breath joined to the first word by a dip too short for a pause (med_align_past_breath):
 * quiet sound at least TURN_GASP_MS long, then at least TURN_GASP_DIP_MS within
 * TURN_FLOOR_DB of the noise floor. */
#define TURN_GASP_MS 150
#define TURN_GASP_DIP_MS 40
/* ... or, before a turn's first word, from TURN_GASP_SOFT_MS when the sound has no vowel and
 * is no sibilant: the band above 3.5 kHz rises over the dip's level at least
 * TURN_GASP_HISS_DB less than the whole band does (an in-breath is aspiration, its noise
 * shaped by the formants below 3.5 kHz; the "s" or "sh" that comes before a stop's closure
 * at a word's start is mostly above it) */
#define TURN_GASP_SOFT_MS 100
#define TURN_GASP_HISS_DB 6.0f
/* ... and, behind a breath after a turn's last word, the word's vowel within this: a last
 * "s" after it takes 100-200 ms ("e-commerce." then the next speaker's in-breath) */
#define TURN_GASP_END_MS 250
#define TURN_FLOOR_DB 3.0f
/* ... or, before a turn's first word and for a breath without a vowel, a dip
 * TURN_GASP_VALLEY_DB under the breath's loudest frame */
#define TURN_GASP_VALLEY_DB 6.0f
/* Where two turns meet with no pause between them, an in-breath between two dips before the
 * next turn's first word (meet_breath()) is looked for MEET_REACH_MS back; its dips lie
 * within MEET_DIP_DB of the gap's quietest frame (or TURN_FLOOR_DB of the noise floor), the
 * sound between them lasts MEET_SOUND_MS at least. */
#define MEET_REACH_MS 600
#define MEET_DIP_DB 4.0f
#define MEET_SOUND_MS 60

void med_align_config_init(struct med_align_config *c)
{
	if (!c)
		return;
	memset(c, 0, sizeof(*c));
	med_dtw_config_init(&c->dtw);
	c->dtw.edge_skip = 0.9f;
	/* The coarsest path of a recorded Dutch or Czech voice against espeak-ng's (match ratio
	 * 0.91-0.97) had turn starts 2-7 s off on 10 of 24 recordings of people: a run of short
	 * turns squeezed, a long one stretched. 0.2 took the summed worst starts from 41 to 23 s
	 * there, and from 10.1 to 3.5 s on eight recordings made after the value was chosen; no
	 * synthetic recording's turn went the worse. 0.4 gave 19 s on the 24 but cut mb2's path
	 * 3.5 s short; applied to the finer levels as well, 0.2 gave w2's last "right now." to
	 * the next speaker (+1.7 s). */
	c->dtw.warp_cost = 0.2f;
	/* The coarsest path by the shape of the cepstra and their movement alone (align_seq()
	 * puts med_features_config_init()'s 12 MFCCs and the deltas of 8 before the
	 * voice-activity dimension). On the 48 recordings of people it took the summed worst
	 * turn starts from 43.9 to 31.0 s and the time in sync from 96.59 to 96.97 %: eight
	 * worst starts better (cc4's last turns 7.4 s off -> 24 ms, hn1 1.6 -> 0.17 s), two worse
	 * (fc3 0.18 -> 1.9 s, fn3 1.9 -> 2.5 s); sample.sh's twelve, en_main, en_hour and eight
	 * new recordings of people came out the same, and 73 of the 74 held-out recordings
	 * within 20 ms and 0.1 % of their figures (ja3's first word 0.29 -> 1.18 s late). The
	 * MFCCs alone (12): 33.9 s, 96.86 %, the rest the same. Applied to the whole DTW it
	 * gained more on the people (22.1 s, 96.98 %, the MFCCs alone), but a short turn after
	 * a pause went to the turn before on six synthetic recordings (sa12's "Really?" 0.12 ->
	 * 0.77 s); to every level above the finest, held-out h3's worst start went 0.08 ->
	 * 2.9 s. */
	c->dtw.shape_dims = 20;
	c->vad_weight = 1.5f;
	c->delta_weight = 1.0f;
	c->snap_ms = 300;
	c->mismatch_ratio = 0.98f;
	c->null_budget = 8000000;
	c->unspoken_compress = 0.25f;
	c->unspoken_min_ms = 700;
	c->untranscribed_min_ms = 1500;
	c->end_linger_ms = 40;
	c->hiss_edges = 1;
}

void med_align_result_release(struct med_align_result *r)
{
	if (!r)
		return;
	free(r->frags);
	free(r->untranscribed);
	memset(r, 0, sizeof(*r));
}

/* A monotonic clock in seconds, for med_align_result.seconds. */
static double align_now(void)
{
	struct timespec t;
	if (clock_gettime(CLOCK_MONOTONIC, &t))
		return 0;
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The seconds since *t0, which moves on to now: one step's time. */
static double align_lap(double *t0)
{
	double t = align_now(), d = t - *t0;
	*t0 = t;
	return d;
}

/* MFCCs, the deltas of the first eight (regression over +-2 frames, scaled by
 * delta_weight; the low orders carry the phonetic movement) and a
 * voice-activity dimension, so speech is drawn to speech and pause to pause and the
 * movement of the spectrum counts as well as its shape. */
static float *align_seq(const struct med_features *f, float vad_weight, float delta_weight,
                        int *dim)
{
	int nc = f->n_coeffs, nd = delta_weight > 0 ? (nc < 8 ? nc : 8) : 0, d = nc + nd + 1;
	size_t n = f->n_frames;
	float *s = med_alloc_big(n * (size_t)d * sizeof(float));

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		float *o = s + i * (size_t)d;
		memcpy(o, f->mfcc + i * (size_t)nc, (size_t)nc * sizeof(float));
		for (int k = 0; k < nd; k++) {
			float acc = 0;
			for (int t = 1; t <= 2; t++) {
				size_t a = i + (size_t)t < n ? i + (size_t)t : n - 1;
				size_t b = i >= (size_t)t ? i - (size_t)t : 0;
				acc += (float)t * (f->mfcc[a * (size_t)nc + (size_t)k] -
				                   f->mfcc[b * (size_t)nc + (size_t)k]);
			}
			o[nc + k] = delta_weight * acc / 10.0f;
		}
		o[nc + nd] = f->speech[i] ? vad_weight : 0.0f;
	}
	*dim = d;
	return s;
}

/* One sequence of align_seq() on its own thread; the features' MFCCs go once copied when
 * the caller lets them (drop). */
struct seq_job {
	const struct med_features *f;
	struct med_features *drop;
	const struct med_align_config *c;
	float *seq;
	int dim;
};

static void *seq_thread(void *arg)
{
	struct seq_job *j = arg;
	j->seq = align_seq(j->f, j->c->vad_weight, j->c->delta_weight, &j->dim);
	if (j->seq && j->drop == j->f) {
		free(j->drop->mfcc);
		j->drop->mfcc = NULL;
	}
	return NULL;
}

static void reverse_rows(float *x, size_t n, int dim)
{
	for (size_t a = 0, b = n ? n - 1 : 0; a < b; a++, b--)
		for (int k = 0; k < dim; k++) {
			float t = x[a * (size_t)dim + (size_t)k];
			x[a * (size_t)dim + (size_t)k] = x[b * (size_t)dim + (size_t)k];
			x[b * (size_t)dim + (size_t)k] = t;
		}
}

/* Shuffles the rows of y in blocks of block rows (Fisher-Yates on the blocks). */
static void shuffle_blocks(const float *y, size_t n, int dim, size_t block, uint32_t seed,
                           float *out, size_t *order)
{
	size_t nb = (n + block - 1) / block, o = 0;
	for (size_t b = 0; b < nb; b++)
		order[b] = b;
	for (size_t b = nb; b > 1; b--) {
		size_t j, t;
		j = med_xorshift32(&seed) % b;
		t = order[b - 1];
		order[b - 1] = order[j];
		order[j] = t;
	}
	for (size_t b = 0; b < nb; b++) {
		size_t a0 = order[b] * block, a1 = a0 + block < n ? a0 + block : n;
		memcpy(out + o * (size_t)dim, y + a0 * (size_t)dim,
		       (a1 - a0) * (size_t)dim * sizeof(float));
		o += a1 - a0;
	}
}

/*
 * DTW of x against y at a factor that fits budget; with block > 0, y is first shuffled in
 * blocks of that many frames (seeded by seed). *cost gets the mean local distance along the
 * path over the cells where x is mostly speech (spx: x's voice activity; NULL: the path's
 * whole cost; no such cell: -1, the window tells nothing): pauses match pauses in any
 * text, so counting them only dilutes the difference between the right text and a wrong
 * one.
 */
static int window_cost(const float *x, size_t nx, const float *y, size_t ny, int dim, size_t budget,
                       size_t block, uint32_t seed, const unsigned char *spx, double *cost)
{
	int f = 1, r;
	size_t lx, ly, *order = NULL;
	float *cx = NULL, *cy = NULL, *sy = NULL;
	struct med_dtw_path p;

	while ((double)((nx + (size_t)f - 1) / (size_t)f) *
	               (double)((ny + (size_t)f - 1) / (size_t)f) >
	       (double)budget)
		f++;
	lx = (nx + (size_t)f - 1) / (size_t)f;
	ly = (ny + (size_t)f - 1) / (size_t)f;
	block = block / (size_t)f;
	cx = malloc(lx * (size_t)dim * sizeof(float));
	cy = malloc(ly * (size_t)dim * sizeof(float));
	sy = malloc(ly * (size_t)dim * sizeof(float));
	order = malloc((ly / (block < 2 ? 2 : block) + 2) * sizeof(size_t));
	if (!cx || !cy || !sy || !order) {
		r = MED_ERR_NOMEM;
		goto out_free;
	}
	med_dtw_downsample(x, nx, dim, f, cx);
	med_dtw_downsample(y, ny, dim, f, cy);
	if (block) {
		shuffle_blocks(cy, ly, dim, block < 2 ? 2 : block, seed, sy, order);
		r = med_dtw_full(cx, lx, sy, ly, dim, &p);
	} else {
		r = med_dtw_full(cx, lx, cy, ly, dim, &p);
	}
	if (r)
		goto out_free;
	*cost = p.cost;
	if (spx) {
		double sum = 0;
		size_t cnt = 0;
		for (size_t k = 0; k < p.n; k++) {
			size_t i0 = (size_t)p.x[k] * (size_t)f, ns = 0, nt = 0;
			for (size_t i = i0; i < i0 + (size_t)f && i < nx; i++, nt++)
				ns += spx[i];
			if (2 * ns > nt) {
				sum += p.dist[k];
				cnt++;
			}
		}
		*cost = cnt ? sum / (double)cnt : -1;
	}
	med_dtw_path_release(&p);
out_free:
	free(cx);
	free(cy);
	free(sy);
	free(order);
	return r;
}

/*
 * The null-model test: in windows of about 20 s spread over the audio, the cost of the DTW
 * of the audio against the text the path assigned to it is compared with a null cost: the
 * same audio against text of the same voice and language taken far away in the transcript
 * (two places a third and two thirds of the text further on), which is what a transcript
 * that does not belong to the audio looks like; when the text is too short for that, the
 * assigned text shuffled in blocks of half a second (its spectra and their local movement
 * kept, its order broken). A window without speech is left out: its costs were the whole
 * path's, not a mean, and outweighed every other window (with 90 s of digital silence
 * spliced into a pause of en_main, the window on it gave a match ratio of 1.125, cost 4836
 * against 4298, and the recording's own transcript was refused as not belonging to it).
 */
static int align_null_test(const float *xa, const unsigned char *spa, size_t na, const float *ys,
                           size_t ns, int dim, const struct med_dtw_path *p,
                           const struct med_align_config *c, int hop_ms, size_t lead, size_t tail,
                           double *cost, double *null_cost)
{
	size_t win = (size_t)(20000 / hop_ms), n_win, k, budget, span = na - lead - tail;
	int32_t *s_at = NULL; /* first synth frame mapped to each audio frame */
	int r = MED_OK;

	*cost = *null_cost = 0;
	s_at = malloc(na * sizeof(int32_t));
	if (!s_at)
		return MED_ERR_NOMEM;
	for (k = p->n; k-- > 0;)
		s_at[p->x[k]] = p->y[k];
	if (win > span)
		win = span;
	n_win = span / win;
	if (n_win > 8)
		n_win = 8;
	if (n_win < 1)
		n_win = 1;
	budget = c->null_budget / (3 * n_win) + 1;
	for (k = 0; k < n_win && !r; k++) {
		size_t a0 = lead + (n_win == 1 ? 0 : (span - win) * k / (n_win - 1)), a1 = a0 + win;
		size_t s0, s1, len;
		double c1 = 0, c0 = 0, ck;
		if (a1 > na)
			a1 = na;
		s0 = (size_t)s_at[a0];
		s1 = a1 < na ? (size_t)s_at[a1] : ns;
		if (s1 <= s0 + 10) /* this window holds no text (an intro, a pause) */
			continue;
		len = s1 - s0;
		r = window_cost(xa + a0 * (size_t)dim, a1 - a0, ys + s0 * (size_t)dim, len, dim,
		                budget, 0, 0, spa + a0, &c1);
		if (c1 < 0) /* no speech in it: the null's windows, the same audio, have none */
			continue;
		for (int alt = 1; alt <= 2 && !r; alt++) {
			if (ns >= 3 * len) {
				size_t at = (s0 + (size_t)alt * ns / 3) % (ns - len + 1);
				r = window_cost(xa + a0 * (size_t)dim, a1 - a0,
				                ys + at * (size_t)dim, len, dim, budget, 0, 0,
				                spa + a0, &ck);
			} else {
				r = window_cost(
				        xa + a0 * (size_t)dim, a1 - a0, ys + s0 * (size_t)dim, len,
				        dim, budget, (size_t)(500 / hop_ms),
				        0x9e3779b9u * (uint32_t)alt + (uint32_t)len, spa + a0, &ck);
			}
			c0 += ck / 2;
		}
		*cost += c1;
		*null_cost += c0;
	}
	free(s_at);
	return r;
}

int med_align_null_test(const float *xa, const unsigned char *spa, size_t na, const float *ys,
                        size_t ns, int dim, const struct med_dtw_path *p,
                        const struct med_align_config *c, int hop_ms, size_t lead, size_t tail,
                        double *cost, double *null_cost)
{
	return align_null_test(xa, spa, na, ys, ns, dim, p, c, hop_ms, lead, tail, cost, null_cost);
}

/* align_null_test() on a thread of its own: it reads only the sequences, the audio's voice
 * activity and the final path, which the snapping that runs meanwhile leaves as they are. */
struct null_job {
	const float *xa, *ys;
	const unsigned char *spa;
	size_t na, ns, lead, tail;
	int dim, hop_ms;
	const struct med_dtw_path *p;
	const struct med_align_config *c;
	double cost, null_cost, seconds;
	int result;
};

static void *null_thread(void *arg)
{
	struct null_job *j = arg;
	double t0 = align_now();
	j->result = align_null_test(j->xa, j->spa, j->na, j->ys, j->ns, j->dim, j->p, j->c,
	                            j->hop_ms, j->lead, j->tail, &j->cost, &j->null_cost);
	j->seconds = align_now() - t0;
	return NULL;
}

/*
 * Audio before the text: music, noise or talk that the transcript does not hold. The
 * global DTW must start at the first audio frame, and on a long lead-in it spreads the
 * first sentences over it (music matches the synthetic pauses well enough). So the opening
 * text (ys, m_frames frames holding sp frames of synthetic speech) is looked for in the
 * first limit frames of the audio by subsequence DTW, twice, at a coarse resolution: once free to
 * start anywhere, once obliged to start within the first 2 s. Distances are divided by
 * the audio frame's mean distance to the opening text, so that 1 is chance whatever the
 * audio is (noise and music are as far from every text frame). When the free match is
 * clearly better (by LEAD_MARGIN), stands out from the best match elsewhere and is itself
 * well below chance, the audio before it is a lead-in and *skip gets its length in frames
 * (less 200 ms, so the speech onset stays in reach of the finer alignment); else 0.
 *
 * A text frame takes one or two audio frames, or shares one with the next: the synthetic
 * voice's pauses between turns are short, and people's are as long as they make them. A
 * podcast's "Hello." 1.5 s before the guest's "Hi. Thanks for having me." could not span
 * its pause that way, so the match started after it, the lead-in took the word and the
 * path put the host's turn on the guest's "Hi" (1.9 s late; three more recordings with
 * music before short opening turns alike, 1.6-5.6 s). So where brk (NULL: nowhere) marks
 * the text's pause between two turns, a text cell holding one stays on any number of audio
 * cells of pause (no speech in any of their frames) at no cost.
 *
 * Standing out is measured against the spread of the chance matches: the free match must
 * lead the best match elsewhere by LEAD_STANDOUT times the distance from the median match
 * to the best tenth. Among chance matches the best two are close, and on a voice unlike the
 * synthetic one every match is near chance: there a fixed ratio of 0.98 to the best match
 * elsewhere had taken the last text, at a chance match 421 s from the end, for the end of a
 * transcript (the chance winners of 68 recordings lead by at most 0.61 of that spread; a
 * minute's music before the words, or five turns not in the transcript, by 3.4 and 6.8).
 */
#define LEAD_FACTOR 8 /* frames averaged per cell */

/* The spread of chance matches: the median of the n match costs (DBL_MAX where none ends)
 * less their best tenth. Reorders ends. */
static double match_spread(double *ends, size_t n)
{
	size_t nv = 0;
	double best;
	for (size_t i = 0; i < n; i++)
		if (ends[i] < DBL_MAX)
			ends[nv++] = ends[i];
	if (!nv)
		return 0;
	best = med_select_double(ends, nv, nv / 10);
	return med_select_double(ends + nv / 10, nv - nv / 10, nv / 2 - nv / 10) - best;
}

/* What lead_search() found: *skip as med_align_lead_in() gives it; unsure as its *unsure;
 * found 1 where skip was set (a lead-in, or none where the best match starts at the
 * audio's start). */
struct lead_found {
	size_t skip;
	int unsure, found;
};

/* med_align_lead_in() at a resolution of factor frames a cell (at least LEAD_FACTOR), the
 * lead-in backed off by that much too (200 ms at least), the match held to a start
 * compared with the free one starting in audio frames [a0, a1) rather than the first 2 s
 * (a1 0: those). */
static int lead_search(const float *xa, size_t na, size_t limit, const float *ys, size_t m_frames,
                       const unsigned char *brk, size_t sp, int dim, int hop, size_t factor,
                       size_t a0, size_t a1, struct lead_found *res)
{
	size_t nx, m, anchor, anchor0 = 0; /* the held start: cells [anchor0, anchor) */
	float *cx = NULL, *cy = NULL;
	double *dc = NULL, *ends = NULL, best_free = DBL_MAX, best_anch = DBL_MAX, second = DBL_MAX;
	float *drow = NULL;
	struct med_dtw_cols *cols = NULL;
	int32_t *sc = NULL, *starts = NULL;
	int32_t best_free_start = 0;
	unsigned char *held = NULL; /* the text cells that may stay on audio pauses */
	int r = MED_OK;

	memset(res, 0, sizeof(*res));
	/* Less than 4 s of opening text is not distinctive, and audio much shorter than
	 * twice the text leaves no room for a lead-in worth finding. */
	if (sp * (size_t)hop < 4000 || na < 2 * m_frames + 3000 / (size_t)hop)
		return MED_OK;
	nx = ((limit < na ? limit : na) + factor - 1) / factor;
	m = (m_frames + factor - 1) / factor;
	anchor = 2000 / (size_t)hop / factor;
	if (a1 > a0) {
		anchor0 = a0 / factor;
		anchor = (a1 + factor - 1) / factor;
	}
	cx = malloc(nx * (size_t)dim * sizeof(float));
	cy = malloc(m * (size_t)dim * sizeof(float));
	dc = malloc(3 * 2 * m * sizeof(double));
	sc = malloc(3 * 2 * m * sizeof(int32_t));
	drow = malloc(((m + 7) & ~(size_t)7) * sizeof(float));
	ends = malloc(nx * sizeof(double));
	starts = malloc(nx * sizeof(int32_t));
	if (!cx || !cy || !dc || !sc || !drow || !ends || !starts) {
		r = MED_ERR_NOMEM;
		goto out_free;
	}
	med_dtw_downsample(xa, nx * factor <= na ? nx * factor : na, dim, (int)factor, cx);
	med_dtw_downsample(ys, m_frames, dim, (int)factor, cy);
	if (brk) {
		held = calloc(m, 1);
		if (!held) {
			r = MED_ERR_NOMEM;
			goto out_free;
		}
		for (size_t f = 0; f < m_frames; f++)
			held[f / factor] |= brk[f];
	}
	cols = med_dtw_cols_new(cy, m, dim);
	if (!cols) {
		r = MED_ERR_NOMEM;
		goto out_free;
	}
	/* Two programmes side by side: [0] free start, [1] start within the anchor. Every
	 * step takes the next text frame and one or two audio frames, or two text frames on
	 * one audio frame, and every text frame is counted once: all complete paths sum m
	 * distances, whatever audio they span, so their costs compare without normalising.
	 * (A held text frame's stay on a pause adds nothing.) Rows cycle through three thirds
	 * of dc (cost) and sc (start row). */
	for (size_t i = 0; i < nx; i++) {
		const float *xi = cx + i * (size_t)dim;
		double *cur = dc + (i % 3) * 2 * m, *p1 = dc + ((i + 2) % 3) * 2 * m,
		       *p2 = dc + ((i + 1) % 3) * 2 * m;
		int32_t *cs = sc + (i % 3) * 2 * m, *s1 = sc + ((i + 2) % 3) * 2 * m,
		        *s2 = sc + ((i + 1) % 3) * 2 * m;
		double dprev = 0, mean = 0;
		int pause = held && xi[dim - 1] <= 0.0f; /* the voice-activity dimension */
		ends[i] = DBL_MAX;
		starts[i] = 0;
		med_dtw_cols_dists(cols, xi, drow);
		for (size_t j = 0; j < m; j++)
			mean += drow[j];
		mean = mean > 0 ? mean / (double)m : 1;
		for (size_t j = 0; j < m; j++) {
			double d = drow[j] / mean;
			for (int v = 0; v < 2; v++) {
				double best = DBL_MAX;
				int32_t st = 0;
				size_t o = (size_t)v * m;
				if (j == 0) {
					if (v == 0 || (i >= anchor0 && i < anchor)) {
						best = d;
						st = (int32_t)i;
					}
				} else {
					/* the three steps in (from one or two audio frames back, or
					 * two text frames on one audio frame), a missing one at
					 * DBL_MAX (never below best); chosen without branches on
					 * the costs (those of unrelated audio and text are a coin
					 * toss to a branch predictor) */
					double by1 = i >= 1 ? p1[o + j - 1] + d : DBL_MAX,
					       by2 = i >= 2 ? p2[o + j - 1] + d : DBL_MAX,
					       byt = i >= 1 && j >= 2 ? p1[o + j - 2] + dprev + d
					                              : DBL_MAX,
					       byh = pause && i >= 1 && held[j] ? p1[o + j]
					                                        : DBL_MAX;
					st = byh < best ? s1[o + j] : st;
					best = byh < best ? byh : best;
					st = by1 < best ? s1[o + j - 1] : st;
					best = by1 < best ? by1 : best;
					st = by2 < best ? s2[o + j - 1] : st;
					best = by2 < best ? by2 : best;
					st = byt < best ? s1[o + j - 2] : st;
					best = byt < best ? byt : best;
				}
				cur[o + j] = best;
				cs[o + j] = st;
			}
			dprev = d;
		}
		for (int v = 0; v < 2; v++) {
			size_t o = (size_t)v * m + m - 1;
			double norm = cur[o] / (double)m;
			if (cur[o] >= DBL_MAX)
				continue;
			if (v == 0) {
				ends[i] = norm;
				starts[i] = cs[o];
			}
			if (v == 0 && norm < best_free) {
				best_free = norm;
				best_free_start = cs[o];
			} else if (v == 1 && norm < best_anch) {
				best_anch = norm;
			}
		}
	}
	/* Distances are divided by the audio frame's mean distance to the opening text, so
	 * 1 is chance; a real match is far below it. */
	/* The best match elsewhere (not overlapping the best one): a real opening stands
	 * out from the rest of the audio, the best of many chance matches does not. */
	for (size_t i = 0; i < nx; i++)
		if (ends[i] < second && (starts[i] > best_free_start + (int32_t)m ||
		                         (int64_t)i + (int64_t)m < (int64_t)best_free_start))
			second = ends[i];
	if (best_free < 0.85) {
		int stands_out = second - best_free >= LEAD_STANDOUT * match_spread(ends, nx);
		if (best_free < LEAD_MARGIN * best_anch &&
		    ((size_t)best_free_start < anchor0 || (size_t)best_free_start >= anchor)) {
			res->found = stands_out;
			if (stands_out) {
				size_t t = (size_t)best_free_start * factor,
				       back = 200 / (size_t)hop > factor ? 200 / (size_t)hop
				                                         : factor;
				res->skip = t > back ? t - back : 0;
			} else {
				res->unsure = 1;
			}
		}
	}
out_free:
	free(held);
	free(cx);
	free(cy);
	free(dc);
	free(sc);
	free(drow);
	med_dtw_cols_free(cols);
	free(ends);
	free(starts);
	return r;
}

int med_align_lead_in(const float *xa, size_t na, size_t limit, const float *ys, size_t m_frames,
                      const unsigned char *brk, size_t sp, int dim, int hop, size_t *skip,
                      int *unsure)
{
	struct lead_found f;
	int r = lead_search(xa, na, limit, ys, m_frames, brk, sp, dim, hop, LEAD_FACTOR, 0, 0, &f);
	*skip = f.skip;
	if (unsure)
		*unsure = f.unsure;
	return r;
}

/* Frames of fragment k's synthetic speech (speech_first to speech_last); 0 when it has none. */
static int64_t synth_speech(const struct med_synth_result *synth, size_t k)
{
	return synth->speech_first[k] < 0 ? 0 : synth->speech_last[k] - synth->speech_first[k] + 1;
}

/* Frames of speech in [a, b) of speech (na frames). */
static int64_t speech_in(const unsigned char *speech, size_t na, int64_t a, int64_t b)
{
	int64_t n = 0;
	for (int64_t i = a > 0 ? a : 0; i < b && i < (int64_t)na; i++)
		n += speech[i];
	return n;
}

/* Synthetic frames of the opening (from_end: closing) text: whole fragments up to ms of
 * synthetic speech; *sp gets the speech frames among them. */
static size_t edge_text(const struct med_synth_result *synth, int hop, int from_end, size_t ms,
                        size_t *sp)
{
	size_t n = synth->n_frags, ns = synth->feats.n_frames;
	*sp = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = from_end ? n - 1 - i : i;
		*sp += (size_t)synth_speech(synth, k);
		if (*sp * (size_t)hop >= ms)
			return from_end ? ns - (size_t)synth->frag_frame[k]
			                : (size_t)synth->frag_frame[k + 1];
	}
	return ns;
}

/*
 * Lead-in and tail without text: *lead and *tail frames of the audio (see
 * med_align_lead_in()); the tail is a lead-in of both sequences reversed.
 *
 * The opening text is its first EDGE_TEXT_MS of synthetic speech. Where its best match is
 * clear of the audio's start and well below chance but does not stand out from the best
 * match elsewhere, the search is made again with twice as much text, up to EDGE_TEXT_MAX_MS:
 * a transcript of the middle of an interview opened on a host's question and the guest's
 * first words, which matched the interview's own first question and answer (the opening
 * of the audio) nearly as well as their place 171 s in (0.693 against 0.678, with chance
 * matches spread over 0.019), and the path then spread the text's first two turns over
 * the 171 s. A longer text goes on matching only where it is spoken.
 */
#define EDGE_TEXT_MS 8000
#define EDGE_TEXT_MAX_MS 64000

struct edge_job {
	const float *x; /* the audio (reversed for the tail) */
	size_t na, limit;
	/* the whole audio and the whole text (both reversed for the tail), for whole_text();
	 * NULL when the audio is too short for it; sp_all: the whole text's speech frames */
	const float *xw, *yw;
	size_t sp_all;
	const struct med_synth_result *synth;
	const float *ys; /* the synthetic sequence, ns frames (not reversed) */
	size_t ns;
	const unsigned char *brk; /* ns flags: the pauses between turns (reversed for the
	                             tail), as lead_search() takes them */
	int from_end, dim, hop;
	size_t *skip;
	int r;
};

/*
 * The opening text of a transcript of part of a recording can match another place as well
 * as its own, or better: held-out ru1's turns 5-9 open on a host's short question and the
 * first words of the answer, like turns 3-4 of the same two voices; no lead-in stood out,
 * the path spread the text from the audio's start, and every turn came out a turn early
 * (13 s at the median). The whole text matches well only where all of it is spoken. So
 * when the audio holds the text twice over or more (the transcript is of part of it), the
 * whole text is looked for too (the closing text likewise, both reversed), at a resolution
 * that keeps to WHOLE_CELLS, its free match held against its best match that starts within
 * EDGE_TEXT_MS of the opening text's lead-in (instead of the audio's start). Its lead-in is
 * taken when its free match starts outside that window, is better by LEAD_MARGIN and is
 * sure (well below chance, standing out); else the opening text's is kept, at its finer
 * resolution. Without the window, on held-out zh2's second half, the whole text's match
 * at 320 ms a cell had ended the lead-in 1.3 s early, inside the turn before; and for the
 * first third of a Dutch recording of people (hn1), whose voices espeak-ng matches poorly,
 * the whole text's best match lay at its place but one held to the audio's end came
 * within LEAD_MARGIN of it, so its search found no tail where the closing text had rightly
 * found 156 s (the text was then refused). The window's best match read off the free
 * matches instead (the best start of each end) saw too few starts, or none where all of
 * them start in one place: held-out zh3's turns 13-24 took the whole text's lead-in, 19 s
 * early, that way, and ru3's turns 1-6 its tail, which cut the last two turns 7-8 s short.
 */
#define WHOLE_CELLS 5000000

static int whole_text(struct edge_job *j)
{
	struct lead_found f;
	size_t factor = LEAD_FACTOR, near;
	int r;

	while ((j->na / factor) * (j->ns / factor) > WHOLE_CELLS)
		factor *= 2;
	near = EDGE_TEXT_MS / (size_t)j->hop;
	r = lead_search(j->xw, j->na, j->na, j->yw, j->ns, j->brk, j->sp_all, j->dim, j->hop,
	                factor, *j->skip > near ? *j->skip - near : 0, *j->skip + near + 1, &f);
	if (!r && f.found)
		*j->skip = f.skip;
	return r;
}

static void *edge_thread(void *arg)
{
	struct edge_job *j = arg;
	float *yr = NULL;
	int unsure = 1;

	for (size_t ms = EDGE_TEXT_MS; unsure && ms <= EDGE_TEXT_MAX_MS && !j->r; ms *= 2) {
		size_t sp, m = edge_text(j->synth, j->hop, j->from_end, ms, &sp);
		const float *y = j->ys;
		if (m > j->ns)
			m = j->ns;
		if (ms > EDGE_TEXT_MS && 2 * m > j->ns)
			break; /* half the text or more: no longer an opening */
		if (j->from_end && j->yw) {
			/* the closing text reversed: the start of the whole text reversed */
			y = j->yw;
		} else if (j->from_end) {
			/* the closing text reversed */
			float *t = realloc(yr, m * (size_t)j->dim * sizeof(float));
			if (!t) {
				j->r = MED_ERR_NOMEM;
				break;
			}
			yr = t;
			memcpy(yr, j->ys + (j->ns - m) * (size_t)j->dim,
			       m * (size_t)j->dim * sizeof(float));
			reverse_rows(yr, m, j->dim);
			y = yr;
		}
		j->r = med_align_lead_in(j->x, j->na, j->limit, y, m, j->brk, sp, j->dim, j->hop,
		                         j->skip, &unsure);
		/* With more text the search may slide the text's own edge: a lead-in found by a
		 * longer text is kept only when it is longer than half that text's speech (on a
		 * whole transcript, 32 s of closing text had put its end 7 s before the audio's,
		 * on the last turn's own words). All of it had been asked for: a podcast's 16.1 s
		 * of music before "Hello.", found by 16 s of text, was then taken for no lead-in,
		 * and the first three turns went into the music (18.5 s early). */
		if (ms > EDGE_TEXT_MS && *j->skip * (size_t)j->hop < ms / 2)
			*j->skip = 0;
	}
	free(yr);
	if (!j->r && j->xw)
		j->r = whole_text(j);
	return NULL;
}

/* The synthetic frames between two turns (turn_start, NULL: no turns) into brk (ns flags)
 * and brk reversed into brk_r: the pause between the last speech of the one and the first
 * of the other, or the two frames either side of that first speech where there is none. */
static void turn_breaks(const struct med_synth_result *synth, const unsigned char *turn_start,
                        size_t ns, unsigned char *brk, unsigned char *brk_r)
{
	int64_t last = -1;
	memset(brk, 0, ns);
	for (size_t k = 0; turn_start && k < synth->n_frags; k++) {
		int64_t a, b = synth->speech_first[k];
		if (b < 0)
			continue;
		if (turn_start[k] && last >= 0) {
			a = last + 1;
			if (b - a < 2) {
				a = b - 1;
				b = b + 1;
			}
			for (int64_t f = a > 0 ? a : 0; f < b && f < (int64_t)ns; f++)
				brk[f] = 1;
		}
		last = synth->speech_last[k];
	}
	for (size_t f = 0; f < ns; f++)
		brk_r[f] = brk[ns - 1 - f];
}

static int edges_without_text(const float *xa, size_t na, const float *ys, size_t ns, int dim,
                              const struct med_synth_result *synth, int hop,
                              const unsigned char *turn_start, size_t *lead, size_t *tail)
{
	size_t limit, rlen;
	float *xr, *ywr = NULL;
	unsigned char *brk;
	struct edge_job head, back;
	int r, whole = na >= 2 * ns + 3000 / (size_t)hop;

	/* The opening text may be anywhere in the first half of the audio, or further on as
	 * long as the rest of the audio can still hold the whole text spoken twice as fast
	 * as the synthetic voice: a transcript of the first quarter of a recording ends a
	 * quarter of the way in. */
	limit = na / 2;
	if (na > ns / 2 && na - ns / 2 > limit)
		limit = na - ns / 2;
	*lead = *tail = 0;
	head = (struct edge_job){.x = xa,
	                         .na = na,
	                         .limit = limit,
	                         .synth = synth,
	                         .ys = ys,
	                         .ns = ns,
	                         .dim = dim,
	                         .hop = hop,
	                         .skip = lead};
	/* The tail is a lead-in of both sequences reversed: only the part of the audio the
	 * search reads is reversed, or all of it where the whole text is looked for too
	 * (whole_text(), where the audio holds the text twice over), with the text. The two
	 * searches run side by side. */
	rlen = whole ? na : limit + LEAD_FACTOR < na ? limit + LEAD_FACTOR : na;
	xr = med_alloc_big(rlen * (size_t)dim * sizeof(float));
	if (whole)
		ywr = med_alloc_big(ns * (size_t)dim * sizeof(float));
	brk = malloc(2 * ns);
	if (!xr || (whole && !ywr) || !brk) {
		free(xr);
		free(ywr);
		free(brk);
		return MED_ERR_NOMEM;
	}
	turn_breaks(synth, turn_start, ns, brk, brk + ns);
	head.brk = brk;
	memcpy(xr, xa + (na - rlen) * (size_t)dim, rlen * (size_t)dim * sizeof(float));
	reverse_rows(xr, rlen, dim);
	back = head;
	back.x = xr;
	back.limit = limit < rlen ? limit : rlen;
	back.from_end = 1;
	back.skip = tail;
	back.brk = brk + ns;
	if (whole) {
		memcpy(ywr, ys, ns * (size_t)dim * sizeof(float));
		reverse_rows(ywr, ns, dim);
		for (size_t k = 0; k < synth->n_frags; k++)
			head.sp_all += (size_t)synth_speech(synth, k);
		back.sp_all = head.sp_all;
		head.xw = xa;
		head.yw = ys;
		back.xw = xr;
		back.yw = ywr;
	}
	med_run_two(edge_thread, &back, &head);
	free(xr);
	free(ywr);
	free(brk);
	r = head.r ? head.r : back.r;
	/* What is left must still hold the text at a plausible speed. */
	if (!r && (*lead + *tail >= na || na - *lead - *tail < ns / 3))
		*lead = *tail = 0;
	return r;
}

/*
 * Music at the audio's start or end (an intro, an outro) that the searches for the text's
 * edges did not find. Music can match an opening text better than its own place does: a
 * podcast's 15.7 s of chords before "Welcome back." / "Glad to be here." matched the first
 * 8 s of text at 0.60 of chance from 0.8 s in, the words themselves (another voice) at 0.72,
 * so no lead-in stood out and the first three turns went into the music (17.5 s early).
 * The music's own evidence is its spectrum, which a held chord hardly changes
 * (med_voices_music(), the test that keeps music inside the text out of the fragments):
 * sox's chords change at 0.3-0.4 of the recording's median, speech over 2 s at 0.82 or
 * more. A run of it of MUSIC_EDGE_MIN_MS or more (inside the text, where a run would be
 * taken out of the fragments, 5 s; a 5 s intro fading out left 3.5 s of low change) that
 * starts within MUSIC_EDGE_MS of the audio's start is a lead-in: the search for the
 * opening text is made again on the audio after it (from the sound it ends in, through
 * the pause after it: the averaging blurs its end and a fade prolongs it), and the
 * lead-in ends where that search's does (or 200 ms before the next sound, as the searches
 * leave it). A run that ends within MUSIC_EDGE_MS of the audio's end is a tail alike.
 * Either is kept only where longer than the first searches' and where the rest still holds
 * the text at a plausible speed. Recorded music with drums and a melody (Fish Fillets
 * NG's) changes at 0.65-0.92, as some speech does (0.56-0.60 at the least in the people's
 * recordings): it is not found this way.
 */
#define MUSIC_EDGE_MS 2000
#define MUSIC_EDGE_RUNS 8
#define MUSIC_EDGE_MIN_MS 3000

/* Where the music that ends at frame b (dir 1; starts at b, dir -1) gives way to the
 * text: the sound it ends in (a fade, the last chord, which the averaging blurs) goes on
 * to a pause within reach frames, and the pause after it to the next sound. */
static int64_t music_end(const unsigned char *sp, size_t na, int64_t b, int dir, int64_t reach)
{
	int64_t e = b, n = (int64_t)na;
	if (dir < 0)
		e = b - 1; /* the last frame of the sound before */
	for (int64_t k = 0; e >= 0 && e < n && sp[e] && k < reach; k++)
		e += dir;
	if (e < 0 || e >= n || sp[e])
		return b; /* no pause within reach */
	while (e >= 0 && e < n && !sp[e])
		e += dir;
	if (e < 0 || e >= n)
		return b;
	return dir > 0 ? e : e + 1;
}

static int music_edges(const struct med_features *audio, const float *xa, int dim, size_t na,
                       const float *ys, size_t ns, const struct med_synth_result *synth, int hop,
                       const unsigned char *turn_start, size_t *lead, size_t *tail)
{
	int64_t ra[MUSIC_EDGE_RUNS], rb[MUSIC_EDGE_RUNS],
	        near = MUSIC_EDGE_MS / hop, back = 200 / hop, reach = MUSIC_EDGE_MS * 3 / 4 / hop;
	const unsigned char *sp = audio->speech;
	size_t l0 = 0, t0 = 0, l, t;
	int n, r;

	/* on the MFCCs before denoising, when kept (a denoiser takes a held chord for noise) */
	r = med_voices_music(audio->mfcc_voice ? audio->mfcc_voice : xa,
	                     audio->mfcc_voice ? (size_t)audio->n_coeffs : (size_t)dim,
	                     audio->n_coeffs, sp, 0, (int64_t)na, hop, MUSIC_EDGE_MIN_MS, ra, rb,
	                     MUSIC_EDGE_RUNS, &n);
	if (r || !n)
		return r;
	if (ra[0] <= near)
		l0 = (size_t)music_end(sp, na, rb[0], 1, reach);
	if ((int64_t)na - rb[n - 1] <= near && (n > 1 || ra[0] > near))
		t0 = na - (size_t)music_end(sp, na, ra[n - 1], -1, reach);
	if ((!l0 && !t0) || l0 + t0 >= na)
		return MED_OK;
	/* the text's edges looked for again in the audio between: the music's end is
	 * blurred by the averaging and by a fade, and talk without text may follow it */
	r = edges_without_text(xa + l0 * (size_t)dim, na - l0 - t0, ys, ns, dim, synth, hop,
	                       turn_start, &l, &t);
	if (r)
		return r;
	l = l ? l0 + l : l0 > (size_t)back ? l0 - (size_t)back : 0;
	t = t ? t0 + t : t0 > (size_t)back ? t0 - (size_t)back : 0;
	if (l < *lead)
		l = *lead;
	if (t < *tail)
		t = *tail;
	if (l + t < na && na - l - t >= ns / 3) {
		*lead = l;
		*tail = t;
	}
	return MED_OK;
}

/* Shifts path (of the audio from frame lead on) by lead frames, puts lead steps
 * (0..lead-1, 0) before it and tail steps (na-tail..na-1, ns-1) after it. */
static int path_extend(struct med_dtw_path *p, size_t lead, size_t tail, size_t na, const float *xa,
                       const float *ys, size_t ns, int dim)
{
	size_t n = p->n + lead + tail;
	int32_t *x = malloc(n * sizeof(int32_t)), *y = malloc(n * sizeof(int32_t));
	float *d = malloc(n * sizeof(float));

	if (!x || !y || !d) {
		free(x);
		free(y);
		free(d);
		return MED_ERR_NOMEM;
	}
	for (size_t k = 0; k < lead; k++) {
		x[k] = (int32_t)k;
		y[k] = 0;
		d[k] = med_dtw_dist(xa + k * (size_t)dim, ys, dim);
	}
	for (size_t k = 0; k < p->n; k++) {
		x[lead + k] = p->x[k] + (int32_t)lead;
		y[lead + k] = p->y[k];
		d[lead + k] = p->dist[k];
	}
	for (size_t k = 0; k < tail; k++) {
		size_t i = na - tail + k;
		x[lead + p->n + k] = (int32_t)i;
		y[lead + p->n + k] = (int32_t)ns - 1;
		d[lead + p->n + k] =
		        med_dtw_dist(xa + i * (size_t)dim, ys + (ns - 1) * (size_t)dim, dim);
	}
	free(p->x);
	free(p->y);
	free(p->dist);
	p->x = x;
	p->y = y;
	p->dist = d;
	p->n = n;
	return MED_OK;
}

/*
 * A pause of the audio longer than DTW_PAUSE_LONG_MS (a break in the interview, a recorder
 * left running) is shortened for the DTW to DTW_PAUSE_KEEP_MS, half of it kept at either
 * end, and given back to the path afterwards as steps held on the synthetic frame the path
 * had reached. The DTW would otherwise spread the text over it: with 60 s of noise at the
 * recording's level spliced into a pause of en_main, the path put a sentence 25 s into
 * it, and the turn before it ended 63 s late (at 40 s the path still passed it over
 * whole). Pauses by voice activity; shorter ones stay as they are. Little of the pause is
 * kept, about a pause between two sentences, since the path may cross it anywhere and
 * holds what it reached at the cut: with 4 s kept, 90 s of digital silence in en_main, the
 * path had entered the next turn's first sentence before the cut, held it over the break,
 * and that sentence was taken for unheard.
 */
#define DTW_PAUSE_LONG_MS 10000
#define DTW_PAUSE_KEEP_MS 1000

/* med_dtw_multires() of audio x (nx frames, voice activity speech) against y, over the
 * audio with its long pauses shortened: x is compacted in place for the DTW and restored
 * before return (a copy of the hour's features would be 37 MB more). */
static int dtw_long_pauses(float *x, size_t nx, const unsigned char *speech, const float *y,
                           size_t ny, int dim, int hop, const struct med_dtw_config *dc,
                           struct med_dtw_path *p, med_progress_fn progress, void *user)
{
	size_t long_n = DTW_PAUSE_LONG_MS / (size_t)hop, half = DTW_PAUSE_KEEP_MS / 2 / (size_t)hop;
	size_t n_cut = 0, cut_frames = 0, i, j, k, w, n;
	size_t *ca = NULL, *cb = NULL; /* the frames [ca, cb) taken out */
	float *saved = NULL;
	int32_t *px = NULL, *py = NULL;
	float *pd = NULL;
	struct med_dtw_path c;
	int r;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < nx;) {
		if (speech[i]) {
			i++;
			continue;
		}
		for (j = i; j < nx && !speech[j]; j++)
			;
		if (i > 0 && j < nx && j - i > long_n)
			n_cut++;
		i = j;
	}
	if (!n_cut)
		return med_dtw_multires(x, nx, y, ny, dim, dc, p, progress, user);
	ca = malloc(n_cut * sizeof(size_t));
	cb = malloc(n_cut * sizeof(size_t));
	if (!ca || !cb) {
		r = MED_ERR_NOMEM;
		goto out;
	}
	for (i = 0, k = 0; i < nx;) {
		if (speech[i]) {
			i++;
			continue;
		}
		for (j = i; j < nx && !speech[j]; j++)
			;
		if (i > 0 && j < nx && j - i > long_n) {
			ca[k] = i + half;
			cb[k] = j - half;
			cut_frames += cb[k] - ca[k];
			k++;
		}
		i = j;
	}
	saved = malloc(cut_frames * (size_t)dim * sizeof(float));
	if (!saved) {
		r = MED_ERR_NOMEM;
		goto out;
	}
	/* the frames taken out aside, the rest moved together */
	for (k = 0, w = 0; k < n_cut; k++) {
		memcpy(saved + w * (size_t)dim, x + ca[k] * (size_t)dim,
		       (cb[k] - ca[k]) * (size_t)dim * sizeof(float));
		w += cb[k] - ca[k];
	}
	for (k = 0, w = ca[0]; k < n_cut; k++) {
		size_t e = k + 1 < n_cut ? ca[k + 1] : nx;
		memmove(x + w * (size_t)dim, x + cb[k] * (size_t)dim,
		        (e - cb[k]) * (size_t)dim * sizeof(float));
		w += e - cb[k];
	}
	r = med_dtw_multires(x, nx - cut_frames, y, ny, dim, dc, &c, progress, user);
	/* x as it was: the segments back from the last, then the frames taken out */
	for (k = n_cut, w = nx - cut_frames; k-- > 0;) {
		size_t e = k + 1 < n_cut ? ca[k + 1] : nx;
		w -= e - cb[k];
		memmove(x + cb[k] * (size_t)dim, x + w * (size_t)dim,
		        (e - cb[k]) * (size_t)dim * sizeof(float));
	}
	for (k = 0, w = 0; k < n_cut; k++) {
		memcpy(x + ca[k] * (size_t)dim, saved + w * (size_t)dim,
		       (cb[k] - ca[k]) * (size_t)dim * sizeof(float));
		w += cb[k] - ca[k];
	}
	if (r)
		goto out;
	n = c.n + cut_frames;
	px = malloc(n * sizeof(int32_t));
	py = malloc(n * sizeof(int32_t));
	pd = malloc(n * sizeof(float));
	if (!px || !py || !pd) {
		med_dtw_path_release(&c);
		r = MED_ERR_NOMEM;
		goto out;
	}
	/* the path in the audio's frames: a step onto the frame after a cut first holds its
	 * synthetic frame over the cut */
	for (i = 0, j = 0, k = 0, w = 0; i < c.n; i++) {
		size_t xi = (size_t)c.x[i] + w;
		while (k < n_cut && xi >= ca[k]) {
			for (size_t f = ca[k]; f < cb[k]; f++) {
				px[j] = (int32_t)f;
				py[j] = py[j - 1];
				pd[j] = med_dtw_dist(x + f * (size_t)dim,
				                     y + (size_t)py[j] * (size_t)dim, dim);
				c.cost += pd[j];
				j++;
			}
			w += cb[k] - ca[k];
			xi += cb[k] - ca[k];
			k++;
		}
		px[j] = (int32_t)xi;
		py[j] = c.y[i];
		pd[j] = c.dist[i];
		j++;
	}
	free(c.x);
	free(c.y);
	free(c.dist);
	c.x = px;
	c.y = py;
	c.dist = pd;
	c.n = j;
	c.norm_cost = c.cost / (double)(nx + ny);
	*p = c;
	px = py = NULL;
	pd = NULL;
out:
	free(ca);
	free(cb);
	free(saved);
	free(px);
	free(py);
	free(pd);
	return r;
}

/* Frames of speech (speech, na of them) in the audio path gives fragment k's synthetic
 * speech ([speech_first, speech_last]) within [lo, hi) (the lead-in and tail are held on the
 * first and last synthetic frames); -1 when the fragment has no synthetic speech. */
static int64_t frag_speech(const struct med_dtw_path *p, const struct med_synth_result *synth,
                           const unsigned char *speech, size_t na, size_t k, int64_t lo, int64_t hi)
{
	int64_t a = -1, b = -1, sf = synth->speech_first[k], sl = synth->speech_last[k];
	if (sf < 0)
		return -1;
	for (size_t i = 0; i < p->n; i++)
		if (p->y[i] >= sf && p->y[i] <= sl && p->x[i] >= lo && p->x[i] < hi) {
			if (a < 0)
				a = p->x[i];
			b = p->x[i];
		}
	return a < 0 ? 0 : speech_in(speech, na, a, b + 1);
}

/*
 * A short first turn after a long pause can be lost to the lead-in: its opening text found
 * the stretch on the answer after it, the lead-in ended there (less 200 ms), and the path
 * squeezed the turn's text into the pause before the answer (held-out hi1's turns 9-16: a
 * 1 s question 1.3 s before the answer, given 0.29 s of it; m2's turns 9-17 lost their last
 * question to the tail so). Where the first spoken fragment after a lead-in (the last
 * before a tail) gets less speech than EDGE_SQUEEZE of its synthetic speech, the alignment
 * is made again with the lead-in (tail) ending EDGE_MARGIN_MS before the run of speech its
 * end falls in, or else the run before it (after, for a tail), where that run starts after
 * a pause no further back than twice that synthetic speech and EDGE_BACK_MS; it is kept
 * when each such fragment then gets more. The DTW starts the text where the lead-in ends (its edge
 * skip does not pass over speech): a fixed 2 s instead put the first turn of most stretches 2 s
 * early, on the last words of the turn before (and held-out ja1's turns 9-16 3.9 s early, from a
 * stretch of 5.3 s).
 */
#define EDGE_SQUEEZE 0.5
#define EDGE_BACK_MS 1000
#define EDGE_MARGIN_MS 200

/* Where a lead-in that ends at frame at (dir -1) ends instead: margin frames before the
 * start of the run of speech at falls in, or else of the last run before it. For a tail
 * that starts at at (dir 1): margin frames after the end of the run at falls in, or else of
 * the next. That run must start (end) within reach frames of at, after (before) a pause:
 * else at (sound that goes on, music or a long turn, is no short turn's). */
static size_t run_edge(const unsigned char *speech, size_t na, size_t at, int dir, size_t reach,
                       size_t margin)
{
	size_t lim = dir < 0 ? (at > reach ? at - reach : 0) : (at + reach < na ? at + reach : na);
	size_t i = at;
	if (dir < 0) {
		while (i > lim && !speech[i - 1])
			i--;
		while (i > lim && speech[i - 1])
			i--;
		if (i == lim && i > 0)
			return at;
		return i > margin ? i - margin : 0;
	}
	while (i < lim && !speech[i])
		i++;
	while (i < lim && speech[i])
		i++;
	if (i == lim && i < na)
		return at;
	return i + margin < na ? i + margin : na;
}

struct edge_frags {
	const struct med_synth_result *synth;
	const unsigned char *speech;
	size_t na, k0, k1; /* the first and last fragments with synthetic speech */
};

/* Whether fragment k gets less speech than EDGE_SQUEEZE of its synthetic speech on path,
 * with lead and tail frames held at the ends. */
static int squeezed(const struct edge_frags *e, const struct med_dtw_path *p, size_t k, size_t lead,
                    size_t tail)
{
	int64_t sp = frag_speech(p, e->synth, e->speech, e->na, k, (int64_t)lead,
	                         (int64_t)(e->na - tail));
	return (double)sp < EDGE_SQUEEZE * (double)synth_speech(e->synth, k);
}

static int edge_retry(float *xa, size_t na, const unsigned char *speech, const float *ys, size_t ns,
                      int dim, const struct med_synth_result *synth, int hop,
                      const struct med_dtw_config *dc, size_t *lead, size_t *tail,
                      struct med_dtw_path *path)
{
	struct edge_frags e = {synth, speech, na, 0, synth->n_frags};
	size_t lead2 = *lead, tail2 = *tail;
	int redo_lead, redo_tail;
	struct med_dtw_path p2;
	int r;

	while (e.k0 < synth->n_frags && synth->speech_first[e.k0] < 0)
		e.k0++;
	while (e.k1 > 0 && synth->speech_first[e.k1 - 1] < 0)
		e.k1--;
	if (e.k0 >= synth->n_frags || e.k1-- == 0)
		return MED_OK;
	redo_lead = *lead && squeezed(&e, path, e.k0, *lead, *tail);
	redo_tail = *tail && squeezed(&e, path, e.k1, *lead, *tail);
	if (redo_lead)
		lead2 = run_edge(speech, na, *lead, -1,
		                 2 * (size_t)synth_speech(synth, e.k0) + EDGE_BACK_MS / (size_t)hop,
		                 EDGE_MARGIN_MS / (size_t)hop);
	if (redo_tail)
		tail2 = na -
		        run_edge(speech, na, na - *tail, 1,
		                 2 * (size_t)synth_speech(synth, e.k1) + EDGE_BACK_MS / (size_t)hop,
		                 EDGE_MARGIN_MS / (size_t)hop);
	if (lead2 == *lead && tail2 == *tail)
		return MED_OK;
	memset(&p2, 0, sizeof(p2));
	r = dtw_long_pauses(xa + lead2 * (size_t)dim, na - lead2 - tail2, speech + lead2, ys, ns,
	                    dim, hop, dc, &p2, NULL, NULL);
	if (!r && (lead2 || tail2))
		r = path_extend(&p2, lead2, tail2, na, xa, ys, ns, dim);
	if (!r && !(redo_lead && squeezed(&e, &p2, e.k0, lead2, tail2)) &&
	    !(redo_tail && squeezed(&e, &p2, e.k1, lead2, tail2))) {
		p2.cells += path->cells;
		p2.widened += path->widened;
		med_dtw_path_release(path);
		*path = p2;
		*lead = lead2;
		*tail = tail2;
		return MED_OK;
	}
	med_dtw_path_release(&p2);
	return r;
}

#define PAUSE_ROOM(n) ((n) / 2 + 2) /* pause_runs() of n frames finds at most n / 2 + 1 */

/* Runs of pause in the audio: returns the number written to starts/ends. */
static size_t pause_runs(const unsigned char *speech, size_t n, int64_t *starts, int64_t *ends)
{
	size_t m = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && speech[j] == speech[i])
			j++;
		if (!speech[i]) {
			starts[m] = (int64_t)i;
			ends[m] = (int64_t)j;
			m++;
		}
		i = j;
	}
	return m;
}

/* Index of the first pause run ending after frame t (binary search). */
static size_t pause_after(const int64_t *ends, size_t m, int64_t t)
{
	size_t a = 0, b = m;
	while (a < b) {
		size_t mid = (a + b) / 2;
		if (ends[mid] <= t)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

/* A start moved out of a pause it lies in, else back to an onset just before it. */
static int64_t snap_start(const int64_t *ps, const int64_t *pe, size_t n_p, int64_t na, int64_t s,
                          int64_t snap)
{
	size_t q = pause_after(pe, n_p, s);
	if (q < n_p && ps[q] <= s && pe[q] < na)
		return pe[q];
	if (q > 0 && pe[q - 1] >= s - snap)
		return pe[q - 1];
	return s;
}

/* An end moved back out of a pause it lies in (not before floor), else on to an offset
 * just after it. */
static int64_t snap_end(const int64_t *ps, const int64_t *pe, size_t n_p, int64_t e,
                        int64_t floor_t, int64_t snap)
{
	size_t q = e > 0 ? pause_after(pe, n_p, e - 1) : n_p;
	if (q < n_p && ps[q] <= e - 1 && ps[q] > floor_t)
		return ps[q];
	if (q < n_p && ps[q] >= e && ps[q] <= e + snap)
		return ps[q];
	return e;
}

/* Whether [a, b) has a vowel: two frames of voicing MED_FEATURES_VOICED or more (0 when the
 * voicing was not measured). */
static int voiced(const struct med_features *audio, int64_t a, int64_t b)
{
	int n = 0;
	for (int64_t i = a; audio->voicing && i < b; i++)
		if (audio->voicing[i] >= MED_FEATURES_VOICED && ++n > 1)
			return 1;
	return 0;
}

/* Whether [a, b) holds a vowel (med_features_has_vowel()). */
static int has_vowel(const struct med_features *audio, int64_t a, int64_t b, int hop)
{
	return med_features_has_vowel(audio->voicing, hop, a, b);
}

/* The level of the speech on one side of [a, b) (dir < 0 before a, > 0 from b), within
 * TURN_SIDE_MS and not past frame bound (before it when dir < 0, from it when dir > 0; -1:
 * no bound): the TURN_SIDE_PCT percentile of its speech frames' energy; NAN with fewer
 * than TURN_SIDE_MIN_MS of speech there. */
static float side_level_in(const struct med_features *audio, int64_t a, int64_t b, int dir, int hop,
                          int64_t bound)
{
	float buf[TURN_SIDE_MS / 10 + 1];
	int64_t reach = TURN_SIDE_MS / hop, i, n = (int64_t)audio->n_frames;
	size_t m = 0;
	if (!audio->speech)
		return NAN;
	if (reach > (int64_t)(sizeof(buf) / sizeof(buf[0])))
		reach = (int64_t)(sizeof(buf) / sizeof(buf[0]));
	for (int64_t k = 0; k < reach; k++) {
		i = dir < 0 ? a - 1 - k : b + k;
		if (i < 0 || i >= n || (bound >= 0 && (dir < 0 ? i < bound : i >= bound)))
			break;
		if (audio->speech[i])
			buf[m++] = audio->energy_db[i];
	}
	if ((int64_t)m < TURN_SIDE_MIN_MS / hop)
		return NAN;
	return med_select_float(buf, m, (size_t)((double)(m - 1) * TURN_SIDE_PCT / 100.0));
}

/* side_level_in() without a bound. */
static float side_level(const struct med_features *audio, int64_t a, int64_t b, int dir, int hop)
{
	return side_level_in(audio, a, b, dir, hop, -1);
}

/* Sound in [a, b) that is not speech but a breath or a lip noise: short (TURN_BREATH_MS)
 * and well below the speech level (TURN_BREATH_DB) all through, the recording's and that of
 * the speech either side of it, the quieter side's (a quiet host's last two words, 11 dB
 * under the recording's level but 4 under the host's, had ended a turn 720 ms early); or,
 * where the voicing was measured, unvoiced (at most one frame of voicing
 * MED_FEATURES_VOICED or more: a word has a vowel, a breath none, however loud) and half as
 * far below the speech it would belong to. side < 0 asks whether it is a word of the speech
 * before it (the end of a turn), side > 0 of the speech after it (a start), 0 of either
 * (the quieter side's level): a quiet speaker's soft last word, in noise, can read unvoiced
 * too, but it is as loud as that speaker's words before it; and the louder speaker's
 * in-breath before a quiet one's turn is no word of the quiet one's turn just because it
 * is nearly as loud as the quiet one's speech (it had ended such a turn 1 s late).
 * A sound with a vowel (has_vowel()) is never one, however quiet: a quiet host's
 * "That's" (8 dB under the guest) between the guest's turn and its own "remarkable", 12 dB
 * under the guest's speech either side, was taken for a breath, the host's turn started
 * on its second word and the guest's ran 1.2 s on over the first. */
static int quiet_sound(const struct med_features *audio, int64_t a, int64_t b, int hop, int side)
{
	float lim = audio->speech_level_db - TURN_BREATH_DB, top = -INFINITY, l0, l1, ref;
	int quiet = 1;
	if (b - a > TURN_BREATH_MS / hop || has_vowel(audio, a, b, hop))
		return 0;
	l0 = side_level(audio, a, b, -1, hop);
	l1 = side_level(audio, a, b, 1, hop);
	ref = isnan(l0) ? l1 : isnan(l1) ? l0 : fminf(l0, l1);
	if (isnan(ref))
		ref = audio->speech_level_db;
	else if (ref - TURN_BREATH_DB < lim)
		lim = ref - TURN_BREATH_DB;
	for (int64_t i = a; i < b; i++) {
		if (audio->energy_db[i] > lim)
			quiet = 0;
		if (audio->energy_db[i] > top)
			top = audio->energy_db[i];
	}
	if (quiet || !audio->voicing || voiced(audio, a, b))
		return quiet;
	if (side && !isnan(l0) && !isnan(l1))
		ref = side < 0 ? l0 : l1;
	return top <= ref - 0.5f * TURN_BREATH_DB;
}

/* Whether sound [a, b) between two pauses is no word: a click (TURN_BLIP_MS or shorter,
 * without a vowel: "Ac-" of "Actually" before the closure is as short) or a breath or lip
 * noise (quiet_sound(), side as there). */
static int not_a_word(const struct med_features *audio, int64_t a, int64_t b, int hop, int side)
{
	return (b - a <= TURN_BLIP_MS / hop && !voiced(audio, a, b)) ||
	       quiet_sound(audio, a, b, hop, side);
}

/* How much more sound [a, b) rises over the dip [d0, d1) in the band above 3.5 kHz
 * (hiss_db) than over the whole band (energy_db), in dB of their means (both spans not
 * empty, hiss_db measured): a sibilant's rise lies high, a breath's or a vowel's not. */
static double hiss_rise(const struct med_features *audio, int64_t a, int64_t b, int64_t d0,
                        int64_t d1)
{
	double hs = 0, hd = 0, es = 0, ed = 0;
	for (int64_t i = a; i < b; i++) {
		hs += audio->hiss_db[i];
		es += audio->energy_db[i];
	}
	for (int64_t i = d0; i < d1; i++) {
		hd += audio->hiss_db[i];
		ed += audio->energy_db[i];
	}
	return (hs - es) / (double)(b - a) - (hd - ed) / (double)(d1 - d0);
}

/* Whether sound [a, b) beside a dip [d0, d1) has no vowel and no sibilant: over the dip's
 * level, its band above 3.5 kHz rises at least margin dB less than the whole band does; 0
 * when the voicing or that band was not measured. */
static int unsibilant(const struct med_features *audio, int64_t a, int64_t b, int64_t d0,
                      int64_t d1, int hop, double margin)
{
	if (!audio->voicing || !audio->hiss_db || b <= a || d1 <= d0 || has_vowel(audio, a, b, hop))
		return 0;
	return hiss_rise(audio, a, b, d0, d1) <= -margin;
}

/* Whether sound [a, b) before a dip [d0, d1) is short enough for an in-breath only if soft:
 * no vowel and no sibilant by TURN_GASP_HISS_DB (TURN_GASP_SOFT_MS). */
static int soft_breath(const struct med_features *audio, int64_t a, int64_t b, int64_t d0,
                       int64_t d1, int hop)
{
	return unsibilant(audio, a, b, d0, d1, hop, TURN_GASP_HISS_DB);
}

/* The level a breath's frames stay over and its dip falls to: the floor, or in valley
 * mode at least TURN_GASP_VALLEY_DB under the breath's loudest frame so far (top). */
static float breath_edge(float flo, float top, int valley)
{
	return valley ? fmaxf(flo, top - TURN_GASP_VALLEY_DB) : flo;
}

static int64_t past_breath(const struct med_features *audio, int64_t s, int dir, int64_t bound,
                           int valley)
{
	int hop = audio->hop_ms > 0 ? audio->hop_ms : 10;
	float quiet = audio->speech_level_db - TURN_BREATH_DB,
	      flo = audio->noise_floor_db + TURN_FLOOR_DB, top = -INFINITY;
	int64_t n = (int64_t)audio->n_frames, k = 0, pre = 0, dip = 0, loud = -1, b0;
	const float *e = audio->energy_db;
	int64_t at = dir > 0 ? s : s - 1;
	double pw = 0;
	int level_ok;
	/* voice activity's hangover: a few frames at the floor first */
	for (int q = 0; q < 3 && at >= 0 && at < n && e[at] <= flo; q++)
		at += dir;
	b0 = at;
	/* the breath may have begun before voice activity's onset: its frames over the floor
	 * there count towards its length */
	for (int64_t i = b0 - dir; pre < TURN_BREATH_MS / hop && i >= 0 && i < n && e[i] > flo;
	     i -= dir)
		pre++;
	/* the breath: quiet on the whole (its mean power), no frame of it near a word's level;
	 * or, with the voicing measured, unvoiced and 5 dB under the word's level */
	while (k + pre < TURN_BREATH_MS / hop && at >= 0 && at < n &&
	       e[at] > breath_edge(flo, top, valley)) {
		if (e[at] > quiet + 0.5f * TURN_BREATH_DB && !audio->voicing)
			return s;
		top = fmaxf(top, e[at]);
		pw += pow(10.0, e[at] / 10.0);
		k++;
		at += dir;
	}
	if (k == 0 || k + pre < (dir > 0 ? TURN_GASP_SOFT_MS : TURN_GASP_MS) / hop)
		return s;
	/* (a dip that noise or reverberation filled parts off only a breath: no vowel; its
	 * k frames run from b0 by dir, the pre ones the other way) */
	if (valley) {
		int64_t bl = dir > 0 ? b0 - pre : b0 - k + 1;
		if (!audio->voicing || has_vowel(audio, bl, bl + k + pre, hop))
			return s;
	}
	/* the dip */
	while (at >= 0 && at < n && e[at] <= breath_edge(flo, top, valley) &&
	       dip <= TURN_BREATH_MS / hop) {
		dip++;
		at += dir;
	}
	if (dip < TURN_GASP_DIP_MS / hop)
		return s;
	if (k + pre < TURN_GASP_MS / hop &&
	    !soft_breath(audio, b0 - pre, b0 + k, at - dip, at, hop))
		return s;
	/* the word: louder within TURN_GASP_DIP_MS, or voiced within TURN_GASP_MS (a first
	 * "th" or "f" is as soft as a breath; TURN_GASP_END_MS before it at an end) */
	for (int64_t q = 0; q < TURN_GASP_DIP_MS / hop && at + q * dir >= 0 && at + q * dir < n;
	     q++)
		if (e[at + q * dir] > quiet) {
			loud = at;
			break;
		}
	if (loud < 0 && at >= 0 && at < n &&
	    (dir > 0 ? voiced(audio, at, at + TURN_GASP_MS / hop < n ? at + TURN_GASP_MS / hop : n)
	             : voiced(audio,
	                      at + 1 > TURN_GASP_END_MS / hop ? at + 1 - TURN_GASP_END_MS / hop : 0,
	                      at + 1)))
		loud = at;
	if (loud < 0)
		return s;
	/* quiet against the word's speech as well as the recording's (a quiet speaker's soft
	 * last syllable after a short dip is as far under the recording's level) */
	{
		int64_t ba = dir > 0 ? b0 : b0 - k + 1, bb = ba + k;
		float ref = side_level_in(audio, ba, bb, dir, hop, bound), lim = quiet;
		if (!isnan(ref) && ref - TURN_BREATH_DB < lim)
			lim = ref - TURN_BREATH_DB;
		level_ok =
		        top <= lim + 0.5f * TURN_BREATH_DB && 10.0 * log10(pw / (double)k) <= lim;
		if (!level_ok && (valley || !audio->voicing || voiced(audio, ba, bb) ||
		                  isnan(ref) || top > ref - 0.5f * TURN_BREATH_DB))
			return s;
	}
	return dir > 0 ? loud : loud + 1;
}

int64_t med_align_past_breath(const struct med_features *audio, int64_t s, int dir, int64_t bound)
{
	int64_t t = past_breath(audio, s, dir, bound, 0);
	return t != s || dir < 0 ? t : past_breath(audio, s, dir, bound, 1);
}

/* Whether sound [a, b) at a turn's edge (side: -1 its end, 1 its start), gap frames of
 * pause away from the turn's words, is none of them: a breath or a lip noise
 * (quiet_sound); or a click (not_a_word) a second or more away (a 70 ms click 1.4 s after a
 * turn's last word, as loud as the words, had ended the turn there); nearer, such a sound
 * may be a soft last syllable that voice activity split off ("-ship" of "relationship"
 * after 0.3 s of reverberation). */
static int off_the_turn(const struct med_features *audio, int64_t a, int64_t b, int64_t gap,
                        int hop, int side)
{
	return gap >= TURN_CLICK_GAP_MS / hop ? not_a_word(audio, a, b, hop, side)
	                                      : quiet_sound(audio, a, b, hop, side);
}

/* Whether sound [a, b) in the pause between two turns, gap_before frames after the last
 * turn's words and gap_after before the next one's, is the next speaker's in-breath rather
 * than a sound of the last: without a vowel (has_vowel(): a breath reads voiced on a frame
 * here and there) and no longer than a breath, a dip or more after the last words and
 * less than half as far from the next. A breath's level tells
 * nothing here: the in-breath of a loud speaker is as loud as a quiet one's words (a host's
 * in-breath 0.15 s before its question, 0.55 s after the guest's last word and as loud as
 * the guest, had ended the guest's turn 0.72 s late). */
static int inbreath(const struct med_features *audio, int64_t a, int64_t b, int64_t gap_before,
                    int64_t gap_after, int hop)
{
	return audio->voicing && b - a <= TURN_BREATH_MS / hop && !has_vowel(audio, a, b, hop) &&
	       gap_before >= TURN_DIP_MS / hop && 2 * gap_after < gap_before;
}

/*
 * Where two turns meet at the next one's first word (s) with no pause between them, the
 * gap may hold word, dip, in-breath, dip, word: voice activity fills pauses shorter than
 * vad_min_pause_ms, and a 300 ms gap parted by a breath is two of them. The dips are
 * told by the gap's own quietest frame (MEET_DIP_DB over it): under brown noise the
 * recording's floor is a percentile that a gap's frames reach on a few frames only. The
 * sound between them is a breath when it is no word of the turn before (quiet_sound():
 * no vowel, and quiet or unvoiced under that speech), no sibilant (a last "s" after a
 * closure: its band above 3.5 kHz rises no less than the whole band) and no stop's
 * release (MEET_SOUND_MS); the word before the first dip is voiced within
 * TURN_GASP_END_MS. Returns where that word ends (the first dip's start), or -1. Looks
 * no further back than lo.
 */
static int64_t meet_breath(const struct med_features *audio, int64_t s, int64_t lo, int hop)
{
	const float *e = audio->energy_db;
	float quiet = audio->speech_level_db - TURN_BREATH_DB, thr = INFINITY;
	int64_t a = s - MEET_REACH_MS / hop, b = s, d1, w, d0;

	if (a < lo)
		a = lo;
	if (!audio->voicing || !audio->hiss_db || s > (int64_t)audio->n_frames || s - a < 3)
		return -1;
	for (int64_t i = a; i < s; i++)
		thr = fminf(thr, e[i]);
	thr = fmaxf(thr + MEET_DIP_DB, audio->noise_floor_db + TURN_FLOOR_DB);
	/* the next word's onset: two frames at most, under a word's level */
	for (int q = 0; q < 2 && b > a && e[b - 1] > thr && e[b - 1] <= quiet; q++)
		b--;
	for (d1 = b; d1 > a && e[d1 - 1] <= thr;)
		d1--;
	for (w = d1; w > a && e[w - 1] > thr;)
		w--;
	for (d0 = w; d0 > a && e[d0 - 1] <= thr;)
		d0--;
	if (b - d1 < TURN_GASP_DIP_MS / hop || d1 - w < MEET_SOUND_MS / hop ||
	    w - d0 < TURN_GASP_DIP_MS / hop || d0 <= a)
		return -1;
	if (!quiet_sound(audio, w, d1, hop, -1) || !unsibilant(audio, w, d1, d0, w, hop, 0.0) ||
	    !voiced(audio, d0 > TURN_GASP_END_MS / hop ? d0 - TURN_GASP_END_MS / hop : 0, d0))
		return -1;
	return d0;
}

int64_t med_align_meet_breath(const struct med_features *audio, int64_t s, int64_t lo)
{
	return audio ? meet_breath(audio, s, lo, audio->hop_ms > 0 ? audio->hop_ms : 10) : -1;
}

/* At a change of speaker, a sound right after the pause that is not the next turn's first
 * word (off_the_turn), nor one right before it the last turn's last (off_the_turn, or the
 * next speaker's in-breath, inbreath()): the turn starts after it (ends before it) when
 * another pause follows (precedes) it. At the start, one sound at most past the end of the
 * span the voices allow the change, s_hi (frames; INT64_MAX for none): what lies beyond it
 * is a stretch between pauses that they clearly hear as the turn's own voice. One sound
 * there may be the speaker's in-breath before the words, which the voices read as the
 * voice it is nearest to (mb2: the guest's in-breath after the host's question, 0.53 s);
 * a second is speech in bits (sh03: a quiet host's "You didn't run into any resistance?"
 * under white noise, in four bits parted by dips that voice activity took for pauses,
 * each quiet enough for a breath or a click, had lost its first 0.8 s one bit after
 * another, the voices' span ending at the first). At the end the sound alone decides, as
 * inbreath() tells the next speaker's in-breath (test_inbreath()). */
static void trim_quiet_edges(const struct med_features *audio, const int64_t *ps, const int64_t *pe,
                             size_t n_p, int hop, int64_t path_end, int64_t s_hi,
                             struct med_align_frag *pf, struct med_align_frag *nf)
{
	int64_t s = nf->start_ms / hop, e = pf->end_ms / hop;
	for (int past = 0;;) {
		size_t q = pause_after(pe, n_p, s);
		if (q >= n_p || ps[q] <= s || pe[q] * hop >= nf->end_ms || (ps[q] > s_hi && past) ||
		    !off_the_turn(audio, s, ps[q], pe[q] - ps[q], hop, 1))
			break;
		past += ps[q] > s_hi;
		s = pe[q];
	}
	for (;;) {
		size_t q = pause_after(pe, n_p, e);
		int64_t a;
		if (q == 0 || pe[q - 1] >= e || ps[q - 1] * hop <= pf->start_ms)
			break;
		a = pe[q - 1];
		if (!off_the_turn(audio, a, e, a - ps[q - 1], hop, -1) &&
		    !inbreath(audio, a, e, a - ps[q - 1], s - e, hop))
			break;
		e = ps[q - 1];
	}
	/* ... or a breath joined to the first (last) word by a dip. At the end the speech's
	 * level is taken back to the turn's start only: a quiet host's last word "next?", 7 dB
	 * under the guest, after a 90 ms dip, was judged against 3 s that reached into the
	 * guest's turn before the host's short question, passed for a breath, and the turn
	 * ended 455 ms early. At the start there is no bound: an in-breath 5 dB under a short
	 * quiet question ("And did he?") is a breath by the 3 s after it, which hold the
	 * answer too; by the question's alone it was a word, and the turn started 505 ms
	 * early. */
	{
		int64_t s2 = med_align_past_breath(audio, s, 1, -1),
		        e2 = med_align_past_breath(audio, e, -1, pf->start_ms / hop);
		if (s2 * hop < nf->end_ms)
			s = s2;
		if (e2 * hop > pf->start_ms)
			e = e2;
		/* A breath that a dip noise or reverberation fills parts from the last word
		 * (past_breath()'s valley mode, taken before a first word) ends the turn before
		 * it only where the next turn starts within TURN_DIP_MS after it: an in-breath
		 * just before the next speaker's first word. se06: the guest's in-breath 150
		 * ms before its answer, after a host's "harder?" whose reverberation (10) held
		 * the dip 3 dB over the floor, had ended the host's turn 419 ms late. Further
		 * from the next turn such a sound is as often a soft last syllable in a hall
		 * (real.sh's Fish Fillets lines: 16 of 56 lower in sync by 0.1-2.7 points
		 * without the bound, one by 0.08 with 300 ms, none with 200). */
		if (e2 == e && e < s && s - e <= TURN_DIP_MS / hop) {
			int64_t e3 = past_breath(audio, e, -1, pf->start_ms / hop, 1);
			if (e3 != e && e3 * hop > pf->start_ms)
				e = e3;
		}
		/* where the two turns meet at the next one's first word with no pause between
		 * (voice activity held on through short dips), a breath may lie behind a dip
		 * before that word: the last turn ends before the breath too */
		if (e2 == e && e >= s && e < (int64_t)audio->n_frames) {
			float flo = audio->noise_floor_db + TURN_FLOOR_DB;
			int64_t d = e;
			while (d > 0 && e - d < TURN_DIP_MS / hop && audio->energy_db[d - 1] <= flo)
				d--;
			if (d < e && e - d >= TURN_GASP_DIP_MS / hop) {
				e2 = med_align_past_breath(audio, d, -1, pf->start_ms / hop);
				if (e2 != d && e2 * hop > pf->start_ms)
					e = e2;
			}
			/* ... or a shorter or quieter one between two dips (meet_breath()) */
			if (e >= s) {
				int64_t m = meet_breath(audio, s, pf->start_ms / hop + 1, hop);
				if (m >= 0)
					e = m;
			}
		}
	}
	/* A soft first word that voice activity split off by a dip shorter than a gap between
	 * words (TURN_DIP_MS) belongs to the turn when the long pause between the turns lies
	 * before it: the start moves back onto it (not onto an in-breath, inbreath(): with the
	 * turn before ended ahead of it, the next turn had taken a host's in-breath as its
	 * first word and started 0.43 s early). A soft last word after the end, likewise
	 * (path_end: where the DTW path ended the last fragment's synthetic speech, or -1). */
	{
		size_t q = pause_after(pe, n_p, s - 1);
		if (q > 0 && q < n_p && pe[q] == s && s - ps[q] < TURN_DIP_MS / hop &&
		    ps[q] - pe[q - 1] <= TURN_WORD_MS / hop &&
		    pe[q - 1] - ps[q - 1] >= TURN_HELD_MS / hop && pe[q - 1] > e &&
		    !quiet_sound(audio, pe[q - 1], ps[q], hop, 1) &&
		    !inbreath(audio, pe[q - 1], ps[q], pe[q - 1] - ps[q - 1], s - ps[q], hop))
			s = pe[q - 1];
		/* (a quiet one too when the path took the text's speech into it: a last "s"
		 * after the closure of a "k" is as soft as a breath) */
		q = pause_after(pe, n_p, e);
		if (q + 1 < n_p && ps[q] == e && pe[q] - ps[q] < TURN_DIP_MS / hop &&
		    ps[q + 1] - pe[q] <= TURN_WORD_MS / hop &&
		    pe[q + 1] - ps[q + 1] >= TURN_HELD_MS / hop && ps[q + 1] < s &&
		    (!quiet_sound(audio, pe[q], ps[q + 1], hop, -1) || path_end > pe[q]))
			e = ps[q + 1];
	}
	nf->start_ms = s * hop;
	pf->end_ms = e * hop;
}

/* Whether trim_quiet_edges() would bring the boundary between pf and nf inside the voices'
 * span for it, [s_lo, s_hi] (frames), on copies of the two. */
static int trims_into(const struct med_features *audio, const int64_t *ps, const int64_t *pe,
                      size_t n_p, int hop, int64_t path_end, const struct med_align_frag *pf,
                      const struct med_align_frag *nf, int64_t s_lo, int64_t s_hi)
{
	struct med_align_frag tp = *pf, tn = *nf;
	trim_quiet_edges(audio, ps, pe, n_p, hop, path_end, s_hi, &tp, &tn);
	return tn.start_ms / hop >= s_lo && tp.end_ms / hop <= s_hi;
}

/*
 * Speech left between two turns. When the pause the alignment leaves between a turn's last
 * fragment and the next turn's first holds a run of speech (GAP_SPEECH_MS or more, not a
 * breath), the path has slipped: the last fragments of the turn were squeezed onto the audio
 * before the gap, or the first of the next turn onto the audio after it. Both readings are
 * tried by a local DTW of the audio against the two fragments' synthetic speech: the turn's
 * last two fragments over the audio from the first one's start to the end of the gap's
 * speech, or the next turn's first two from the start of the gap's speech to the second
 * one's end. A reading whose cost per step is lower (by GAP_GAIN) than that of the present
 * placement takes the boundaries its path gives.
 */
#define GAP_SPEECH_MS 300
#define GAP_GAIN 0.97
#define GAP_WORD 0.85 /* a cost per step, against null_d, that only words reach */

static int open_end_cost(const float *y, size_t ny, const float *x, size_t nx, int dim,
                         double *out);

/*
 * An in-breath joined to a turn's first word, judged by the text as well as by its sound.
 * The sound alone (med_align_past_breath(): a dip at the noise's level between breath and
 * word) fails where the noise's power wanders or reverberation fills the dip, and a breath
 * 2-5 dB over such noise is no clearer than a soft syllable. The text tells them apart:
 * the synthetic speech's first BT_SYNTH_MS of the turn is matched (open end) against the
 * audio from the turn's start and from each frame BT_MIN_MS to BT_MAX_MS later (never
 * past a voiced frame); the start moves to the best of these when its cost per step is
 * BT_GAIN of the start's or less and what it skips is a breath by quiet_sound() (short,
 * unvoiced and under the speech after it). A soft first syllable matches the text's
 * first syllable, so leaving it out costs more; a breath matches nothing in the text. On
 * the held-out recordings, 25 turn starts moved, 150-440 ms early before and -56 to +56 ms
 * after; without the quiet_sound() test 17 more moved, among them a quiet speaker's first
 * syllables, 220 and 590 ms late.
 * - The later starts are tried best first, and the first whose skipped sound passes these
 *   tests is taken: the best can lie several frames into the word, where its weak onset
 *   (unvoiced, but as loud as the word) fails them, and a start just before the onset
 *   matches the text nearly as well. Four turn starts 147-580 ms early, on a breath before
 *   such an onset, moved to -60 to +66 ms (97 recordings, none worse).
 * - A breath's length (BT_BREATH_MS or more, to the new start) needs less of the text's
 *   evidence, a cost per step BT_WEAK of the start's: a loud speaker's in-breath 17 dB
 *   under its first word, joined to it by a 20 ms dip, had started the turn 428 ms early
 *   at a ratio of 0.92; over 97 recordings seven starts 131-428 ms early at 0.91-0.94
 *   move to -88 to +37 ms. Shorter sounds stay: three at 0.92-0.94, skipping 100-120 ms,
 *   were soft onsets of first words, and would have ended 85-138 ms late.
 * - The skipped sound is judged without its last BT_ONSET_MS: the best start can lie a
 *   frame or two into the word (the synthetic speech's first frame is already the vowel's
 *   rise), and those frames are as loud as the word (four turn starts, 169-248 ms early,
 *   were kept by the level of their own first word's frames; they move to 28-57 ms late).
 * - Where the text's evidence is strong (a cost per step BT_STRONG of the start's or less)
 *   an unvoiced sound needs only be BT_STRONG_DB under the speech after it, against half of
 *   TURN_BREATH_DB: a quiet speaker's own in-breath is nearly as loud as the words it opens
 *   (on two recordings with the guest 9-10 dB under the host, eight turn starts 212-283 ms
 *   early, cost ratios 0.76-0.82, their sounds 2.1-4.4 dB under the words, moved to
 *   11-67 ms late; at ratios 0.877 and 0.878, 2.2 and 3.8 dB under, two starts 279 and
 *   290 ms early moved to 61 and 110 ms late). The two wrong moves without any level test
 *   were cost ratios 0.86 and 0.90, at the words' level (+1.4 and -1.4 dB).
 * - The other way: where the turn step (trim_quiet_edges(), by the sound alone) moved a
 *   start later over a sound it took for a breath, from trimmed[k] (ms; -1 where it did
 *   not), the text is asked too, and the start goes back when the audio from there matches
 *   the text's first speech better than from the later start (then looks forward again as
 *   above). A first "So" of "Sometimes", unvoiced in white noise and parted from the rest
 *   by a dip, had been cut as an in-breath (282 ms late); on 81 recordings four starts went
 *   back, three of them 282-505 ms late before and 5-42 ms after, the fourth found again.
 *   This is asked before the turn's length is: a turn too short for any later start to be
 *   tried ("Of course.", its "Of" 5 dB under the words and voiced on no frame in white
 *   noise) had kept the trim's start, 211 ms late (76 ms now; five of 117 recordings
 *   changed, each worst turn 22-135 ms better).
 * - Further back: a sound in the pause before the start that voice activity missed (runs
 *   of frames TURN_FLOOR_DB over the noise floor, soft_onsets()) opens the turn when the
 *   audio from its onset matches the text's first speech with BT_WEAK of the start's cost
 *   per step or less. "Of course." in white noise and reverberation: its "Of", 8 dB over
 *   the noise for 50 ms, read as pause, and the turn started 205 ms late (15 ms now). On
 *   117 recordings, with no threshold, 51 starts moved back, 48 nearer the truth; but two
 *   of the three that moved wrongly (under brown noise, onto its swell or a reverberation
 *   tail, 180 and 260 ms early) were at 0.957 and 0.999, and most of the moves were
 *   undone or bettered by later steps anyway: at BT_WEAK, two starts move (205 -> 15 ms,
 *   169 -> 9 ms).
 */
#define BT_SYNTH_MS 400   /* the text's first speech matched */
#define BT_MIN_MS 100     /* the shortest breath skipped */
#define BT_MAX_MS 600     /* ... the longest */
#define BT_GAIN 0.9       /* the cost per step a later start must reach, against the start's */
#define BT_WEAK 0.95      /* ... or this, skipping a breath's length at least: */
#define BT_BREATH_MS 150
#define BT_CANDIDATES (BT_MAX_MS - BT_MIN_MS + 1) /* later starts tried, at most (1 ms hop) */
#define BT_ONSET_MS 20    /* the later start's last frames, which may be the word's onset */
#define BT_STRONG 0.88    /* the cost per step of strong evidence, against the start's */
#define BT_STRONG_DB 2.0f /* ... under which an unvoiced sound is no word of the turn */

/* Whether [a, b) is short, unvoiced (voiced()) and its every frame db under the speech
 * after it (side_level()). */
static int unvoiced_under(const struct med_features *audio, int64_t a, int64_t b, int hop, float db)
{
	float top = -INFINITY, ref;
	if (b - a > TURN_BREATH_MS / hop || !audio->voicing || voiced(audio, a, b))
		return 0;
	ref = side_level(audio, a, b, 1, hop);
	if (isnan(ref))
		return 0;
	for (int64_t i = a; i < b; i++)
		top = fmaxf(top, audio->energy_db[i]);
	return top <= ref - db;
}

/* Onsets of sound before a start s that voice activity left out: runs of frames
 * TURN_FLOOR_DB over the noise floor, of BT_SOFT_MIN_MS at least, in the pause before s
 * (from lim on), parted by dips of at most BT_SOFT_DIP_MS, within BT_SOFT_REACH_MS of s;
 * out gets their first frames, nearest first. */
#define BT_SOFT_MAX 8
#define BT_SOFT_MIN_MS 30
#define BT_SOFT_DIP_MS 150
#define BT_SOFT_REACH_MS 400
static int soft_onsets(const struct med_features *audio, int64_t s, int64_t lim, int hop,
                       int64_t *out)
{
	float flo = audio->noise_floor_db + TURN_FLOOR_DB;
	int64_t i = s - 1, run = 0, dip = 0, stop = s - BT_SOFT_REACH_MS / hop;
	int n = 0;
	if (stop < lim)
		stop = lim;
	if (stop < 0)
		stop = 0;
	for (; i >= stop && !audio->speech[i] && n < BT_SOFT_MAX; i--) {
		if (audio->energy_db[i] > flo) {
			run++;
			dip = 0;
			continue;
		}
		if (run >= BT_SOFT_MIN_MS / hop)
			out[n++] = i + 1;
		run = 0;
		if (++dip > BT_SOFT_DIP_MS / hop)
			break;
	}
	if (run >= BT_SOFT_MIN_MS / hop && n < BT_SOFT_MAX)
		out[n++] = i + 1;
	return n;
}

/* The latest start breath_by_text() tries after s: BT_MAX_MS on, leaving m frames before the
 * fragment's end e. */
static int64_t bt_last(int64_t s, int64_t e, int64_t m, int hop)
{
	int64_t last = s + BT_MAX_MS / hop;
	return last > e - m ? e - m : last;
}

static void breath_by_text(const struct med_synth_result *synth, const unsigned char *turn_start,
                           const struct med_features *audio, const float *xa, const float *ys,
                           int dim, int hop, const int64_t *trimmed, struct med_align_frag *frags)
{
	size_t n = synth->n_frags, na = audio->n_frames;
	for (size_t k = 0; k < n; k++) {
		int64_t s, sf, m, len, best_c = -1, last, skip, cand_a[BT_CANDIDATES];
		double c0, best = DBL_MAX, c, cand_c[BT_CANDIDATES];
		int n_c, back;
		if (!turn_start[k] || frags[k].unspoken || synth->speech_first[k] < 0)
			continue;
		s = frags[k].start_ms / hop;
		sf = synth->speech_first[k];
		m = synth->speech_last[k] + 1 - sf;
		if (m > BT_SYNTH_MS / hop)
			m = BT_SYNTH_MS / hop;
		len = 3 * m;
		if (m < BT_MIN_MS / hop || s + len > (int64_t)na ||
		    open_end_cost(ys + sf * (int64_t)dim, (size_t)m, xa + s * (int64_t)dim,
		                  (size_t)len, dim, &c0))
			continue;
		last = bt_last(s, frags[k].end_ms / hop, m, hop);
		/* a sound the turn step took for a breath that the text matches better: from
		 * where the step moved the start, or from the onset of any sound it passed over
		 * on the way, within BT_MAX_MS (the step passes breath after breath: a guest's
		 * in-breath, then under reverberation a first word "Three" voiced at 0.47 at
		 * most and 7 dB under the speech after it, had both gone, and the turn started
		 * on "things", 477 ms late; the text now takes "Three" back, 117 ms) */
		back = 0;
		if (trimmed && trimmed[k] >= 0 && trimmed[k] / hop < s) {
			int64_t b0 = trimmed[k] / hop, bb = -1;
			double cb = c0;
			for (int64_t b = s - BT_MAX_MS / hop > b0 ? s - BT_MAX_MS / hop : b0; b < s;
			     b++) {
				if (b > b0 && !(audio->speech[b] && !audio->speech[b - 1]))
					continue;
				if (!open_end_cost(ys + sf * (int64_t)dim, (size_t)m,
				                   xa + b * (int64_t)dim, (size_t)len, dim, &c) &&
				    c < cb) {
					cb = c;
					bb = b;
				}
			}
			if (bb >= 0) {
				s = bb;
				c0 = cb;
				frags[k].start_ms = s * hop;
				last = bt_last(s, frags[k].end_ms / hop, m, hop);
				back = 1;
			}
		}
		if (!back) {
			/* a soft first syllable voice activity missed, before the start */
			int64_t lim = k > 0 && !frags[k - 1].unspoken ? frags[k - 1].end_ms / hop
			                                              : 0,
			        cand[BT_SOFT_MAX], b_best = -1;
			int n_s = soft_onsets(audio, s, lim, hop, cand);
			double cb = c0;
			for (int i = 0; i < n_s; i++)
				if (!open_end_cost(ys + sf * (int64_t)dim, (size_t)m,
				                   xa + cand[i] * (int64_t)dim, (size_t)len, dim,
				                   &c) &&
				    c < cb) {
					cb = c;
					b_best = cand[i];
				}
			if (b_best >= 0 && cb <= BT_WEAK * c0) {
				s = b_best;
				c0 = cb;
				frags[k].start_ms = s * hop;
				last = bt_last(s, frags[k].end_ms / hop, m, hop);
			}
		}
		if (last < s + BT_MIN_MS / hop || last + len > (int64_t)na)
			continue;
		n_c = 0;
		for (int64_t a = s + BT_MIN_MS / hop; a <= last && n_c < BT_CANDIDATES; a++) {
			if (voiced(audio, s, a))
				break;
			if (open_end_cost(ys + sf * (int64_t)dim, (size_t)m, xa + a * (int64_t)dim,
			                  (size_t)len, dim, &c))
				break;
			cand_c[n_c] = c;
			cand_a[n_c++] = a;
		}
		/* the best start whose skipped sound is a breath, best first */
		for (;;) {
			int i_best = -1;
			best = DBL_MAX;
			for (int i = 0; i < n_c; i++)
				if (cand_c[i] < best) {
					best = cand_c[i];
					i_best = i;
				}
			if (i_best < 0 || best > BT_WEAK * c0)
				break;
			best_c = cand_a[i_best];
			cand_c[i_best] = DBL_MAX;
			skip = best_c - BT_ONSET_MS / hop;
			if ((quiet_sound(audio, s, skip, hop, 1) &&
			     (best <= BT_GAIN * c0 || best_c - s >= BT_BREATH_MS / hop)) ||
			    (best <= BT_STRONG * c0 &&
			     unvoiced_under(audio, s, skip, hop, BT_STRONG_DB))) {
				frags[k].start_ms = best_c * hop;
				break;
			}
		}
	}
}

/* The longest run of pause frames (speech[i] 0) in [a, b). */
static int64_t longest_pause(const unsigned char *speech, int64_t a, int64_t b)
{
	int64_t run = 0, longest = 0;
	for (int64_t i = a; i < b; i++) {
		run = speech[i] ? 0 : run + 1;
		if (run > longest)
			longest = run;
	}
	return longest;
}

/*
 * A turn's end that the turn step (trim_quiet_edges(), by the sound alone) moved earlier
 * over a sound it took for a breath or a click, from trimmed_end[k] (ms; -1 where it did
 * not), asked of the text the other way round: the turn's last BT_SYNTH_MS of synthetic
 * speech is matched backwards (open start) against the audio ending at the present end
 * and ending at the earlier one, and the end goes back when the latter matches better. A
 * word's last sound is parted from it by a dip at most: the sound must not lie behind a
 * pause longer than TURN_DIP_MS. A last "n" of "cousins" (low band 8 dB over the noise,
 * unvoiced in white noise), the rise of a question's last word and a voiced last syllable
 * in reverberation had been cut, 315-475 ms early; they end 36-75 ms from the truth. A
 * click 320 ms after a turn's words also matched the text's last "t" better (0.95): the
 * pause keeps it out.
 */
static void end_by_text(const struct med_synth_result *synth, const struct med_features *audio,
                        const float *xa, const float *ys, int dim, int hop,
                        const int64_t *trimmed_end, struct med_align_frag *frags)
{
	size_t n = synth->n_frags;
	for (size_t k = 0; k < n; k++) {
		int64_t e, e0, sf, sl, m, len;
		float *yr, *xr0, *xr1;
		double c_now, c_b;
		if (trimmed_end[k] < 0 || frags[k].unspoken || synth->speech_first[k] < 0)
			continue;
		e = frags[k].end_ms / hop;
		e0 = trimmed_end[k] / hop;
		if (e0 <= e || e0 - e > BT_MAX_MS / hop)
			continue;
		if (longest_pause(audio->speech, e, e0) > TURN_DIP_MS / hop)
			continue;
		sf = synth->speech_first[k];
		sl = synth->speech_last[k];
		m = sl + 1 - sf;
		if (m > BT_SYNTH_MS / hop)
			m = BT_SYNTH_MS / hop;
		len = 3 * m;
		if (m < BT_MIN_MS / hop || e - len < 0)
			continue;
		yr = malloc((size_t)(m + 2 * len) * (size_t)dim * sizeof(float));
		if (!yr)
			return;
		xr0 = yr + m * dim;
		xr1 = xr0 + len * dim;
		for (int64_t i = 0; i < m; i++)
			memcpy(yr + i * dim, ys + (sl - i) * (int64_t)dim,
			       (size_t)dim * sizeof(float));
		for (int64_t i = 0; i < len; i++) {
			memcpy(xr0 + i * dim, xa + (e - 1 - i) * (int64_t)dim,
			       (size_t)dim * sizeof(float));
			memcpy(xr1 + i * dim, xa + (e0 - 1 - i) * (int64_t)dim,
			       (size_t)dim * sizeof(float));
		}
		if (!open_end_cost(yr, (size_t)m, xr0, (size_t)len, dim, &c_now) &&
		    !open_end_cost(yr, (size_t)m, xr1, (size_t)len, dim, &c_b) && c_b < c_now)
			frags[k].end_ms = e0 * hop;
		free(yr);
	}
}

/* The first fragment at or after k that was found in the audio; n when none is. */
static size_t next_spoken(const struct med_align_frag *frags, size_t n, size_t k)
{
	while (k < n && frags[k].unspoken)
		k++;
	return k;
}

/* The text's last end, as trim_quiet_edges() does at a change of turn: a last word that
 * voice activity split off by a dip shorter than a gap between words (TURN_DIP_MS), no
 * longer than TURN_WORD_MS, and followed by a pause of TURN_HELD_MS or more, belongs to the
 * last fragment heard, when it is a word (not_a_word(): no click, breath or lip noise). A
 * quiet guest's last syllable, 130 ms after the rest of "think", had ended an interview's
 * last turn 240 ms early. */
static void last_word(const struct med_features *audio, const int64_t *ps, const int64_t *pe,
                      size_t n_p, int hop, struct med_align_frag *frags, size_t n)
{
	size_t k = n, q;
	int64_t e;
	while (k > 0 && frags[k - 1].unspoken)
		k--;
	if (k == 0)
		return;
	e = frags[k - 1].end_ms / hop;
	q = pause_after(pe, n_p, e);
	if (q + 1 < n_p && ps[q] == e && pe[q] - ps[q] < TURN_DIP_MS / hop &&
	    ps[q + 1] - pe[q] <= TURN_WORD_MS / hop &&
	    pe[q + 1] - ps[q + 1] >= TURN_HELD_MS / hop &&
	    !not_a_word(audio, pe[q], ps[q + 1], hop, -1))
		frags[k - 1].end_ms = ps[q + 1] * hop;
}

#define LOCAL_COST_CELLS 16e6 /* the largest matrix local_cost() fills */

/* Local DTW cost per step of audio [a0, a1) against synthetic frames [s0, s1); *mid gets the
 * first audio frame mapped at or after synthetic frame s_mid. */
static int local_cost(const float *xa, const float *ys, int dim, int64_t a0, int64_t a1, int64_t s0,
                      int64_t s1, int64_t s_mid, double *cost, int64_t *mid)
{
	struct med_dtw_path p;
	int r;
	if (a1 - a0 < 2 || s1 - s0 < 2 || (double)(a1 - a0) * (double)(s1 - s0) > LOCAL_COST_CELLS)
		return MED_ERR_ARG;
	r = med_dtw_full(xa + a0 * dim, (size_t)(a1 - a0), ys + s0 * dim, (size_t)(s1 - s0), dim,
	                 &p);
	if (r)
		return r;
	*cost = p.norm_cost;
	*mid = a1;
	for (size_t k = 0; k < p.n; k++)
		if (s0 + p.y[k] >= s_mid) {
			*mid = a0 + p.x[k];
			break;
		}
	med_dtw_path_release(&p);
	return MED_OK;
}

/*
 * One reading of gap_speech(): the synthetic frames [s0, s1) of two fragments, now on the
 * audio between fixed and at, are tried on the audio between fixed and to (fixed is the
 * outer end that stays: the span's start when forward, its end otherwise). When the local
 * cost per step is lower by GAP_GAIN, *e and *s get the new inner boundary (synthetic frame
 * s_mid mapped, moved onto a pause within snap) and 1 is returned.
 */
static int gap_try(const float *xa, const float *ys, int dim, const int64_t *ps, const int64_t *pe,
                   size_t n_p, int64_t snap, int64_t fixed, int64_t at, int64_t to, int64_t s0,
                   int64_t s1, int64_t s_mid, int forward, int64_t *e, int64_t *s)
{
	int64_t n0 = forward ? fixed : to, n1 = forward ? to : fixed, mid;
	double c_now, c_new;
	size_t q;

	if (local_cost(xa, ys, dim, forward ? fixed : at, forward ? at : fixed, s0, s1, s_mid,
	               &c_now, &mid) != MED_OK ||
	    local_cost(xa, ys, dim, n0, n1, s0, s1, s_mid, &c_new, &mid) != MED_OK ||
	    c_new >= GAP_GAIN * c_now || mid <= n0 || mid >= n1)
		return 0;
	*e = *s = mid;
	q = pause_after(pe, n_p, mid);
	if (q < n_p && ps[q] - mid <= snap && pe[q] < n1) {
		*e = ps[q];
		*s = pe[q];
	} else if (q > 0 && mid - pe[q - 1] <= snap && ps[q - 1] > n0) {
		*e = ps[q - 1];
		*s = pe[q - 1];
	}
	return 1;
}

static void gap_speech(const struct med_synth_result *synth, const unsigned char *turn_start,
                       const struct med_features *audio, const float *xa, const float *ys, int dim,
                       const int64_t *ps, const int64_t *pe, size_t n_p, int hop, int64_t snap,
                       struct med_align_frag *frags)
{
	size_t n = synth->n_frags;
	for (size_t k = 1; k < n; k++) {
		size_t a = k, b = k, a2, b2;
		int64_t g0, g1, f_on = -1, f_off = -1, e2, s2;
		if (!turn_start[k] || frags[k].unspoken)
			continue;
		/* The spoken fragments either side: a2 < a (this turn's end), b < b2. */
		while (a > 0 && frags[a - 1].unspoken)
			a--;
		if (a == 0)
			continue;
		a--;
		a2 = a;
		while (a2 > 0 && frags[a2 - 1].unspoken)
			a2--;
		if (a2 == 0 || turn_start[a])
			continue;
		a2--;
		b2 = next_spoken(frags, n, b + 1);
		g0 = frags[a].end_ms / hop;
		g1 = frags[b].start_ms / hop;
		if (g1 - g0 < GAP_SPEECH_MS / hop)
			continue;
		/* The gap's first and last runs of speech that are not breaths. */
		for (size_t q = pause_after(pe, n_p, g0); q < n_p && pe[q] <= g1; q++) {
			int64_t on = pe[q],
			        off = q + 1 < n_p ? ps[q + 1] : (int64_t)audio->n_frames;
			if (on >= g1 || off > g1)
				break;
			if (off - on < GAP_SPEECH_MS / hop || quiet_sound(audio, on, off, hop, 0))
				continue;
			if (f_on < 0)
				f_on = on;
			f_off = off;
		}
		if (f_on < 0)
			continue;
		/* The turn's end took the gap's speech: a2 and a over [a2 start, f_off). */
		if (gap_try(xa, ys, dim, ps, pe, n_p, snap, frags[a2].start_ms / hop, g0, f_off,
		            synth->frag_frame[a2], synth->frag_frame[a + 1], synth->frag_frame[a],
		            1, &e2, &s2)) {
			frags[a2].end_ms = e2 * hop;
			frags[a].start_ms = s2 * hop;
			frags[a].end_ms = f_off * hop;
			continue;
		}
		/* The next turn's start took it: b and b2 over [f_on, b2 end). */
		if (b2 < n && !turn_start[b2] &&
		    gap_try(xa, ys, dim, ps, pe, n_p, snap, frags[b2].end_ms / hop, g1, f_on,
		            synth->frag_frame[b], synth->frag_frame[b2 + 1],
		            synth->frag_frame[b + 1], 0, &e2, &s2)) {
			frags[b].start_ms = f_on * hop;
			frags[b].end_ms = e2 * hop;
			frags[b2].start_ms = s2 * hop;
		}
	}
}

/* The local DTW costs of fragments k0..k1's synthetic speech (from k0's first frame of
 * speech to k1's last) on audio spans that share one end, for every other end in one pass:
 * from a fixed start a0 (forward) to every end in (a0, a0 + n], cost[x - a0 - 1]; or to a
 * fixed end a1 from every start in [a1 - n, a1), cost[x - (a1 - n)]; n as far as other
 * and at most max_cells / the synthetic frames. Fails (MED_ERR_ARG) where local_cost()
 * would for every span. */
struct span_costs {
	double *cost;
	int64_t first; /* the audio frame cost[0] stands for */
	int64_t n;
	int backward;
};

static int span_costs_run(const struct med_synth_result *synth, const float *xa, const float *ys,
                          int dim, size_t k0, size_t k1, int64_t fixed, int64_t other, int backward,
                          double max_cells, struct span_costs *sc)
{
	int64_t s0 = synth->speech_first[k0], s1 = synth->speech_last[k1] + 1, n, lim, a;
	int r;

	memset(sc, 0, sizeof(*sc));
	if (s0 < 0 || s1 - s0 < 2)
		return MED_ERR_ARG;
	n = backward ? fixed - other : other - fixed;
	lim = (int64_t)(max_cells / (double)(s1 - s0));
	if (n > lim)
		n = lim;
	if (n < 2)
		return MED_ERR_ARG;
	a = backward ? fixed - n : fixed;
	sc->cost = malloc((size_t)n * sizeof(double));
	if (!sc->cost)
		return MED_ERR_NOMEM;
	r = med_dtw_edge_costs(xa + a * dim, (size_t)n, ys + s0 * dim, (size_t)(s1 - s0), dim,
	                       backward, sc->cost);
	if (r) {
		free(sc->cost);
		sc->cost = NULL;
		return r;
	}
	sc->first = backward ? a : a + 1;
	sc->n = n;
	sc->backward = backward;
	return MED_OK;
}

/* The cost for the span to (forward) or from (backward) audio frame x; -1 when out of the
 * computed range or shorter than two frames. */
static double span_cost_at(const struct span_costs *sc, int64_t x)
{
	int64_t i = x - sc->first;
	if (!sc->cost || i < 0 || i >= sc->n || (sc->backward ? sc->n - i : i + 1) < 2)
		return -1;
	return sc->cost[i];
}

/*
 * Two sentences of one speaker meet at the pause the path and the snapping chose; a
 * speaker also pauses inside sentences, and the path may take such a pause, a word off,
 * for the one between them ("Front left. | Rear right." cut as "Front left, rear | right").
 * A longer pause near it (within PAUSE_REACH_MS, half as long again at least, inside both
 * sentences' span) is tried: the two sentences' synthetic speech on the audio either side
 * of each pause, by local DTW, and the boundary goes where the sum of the two costs is
 * lower. The same holds at a change of speaker, among the pauses where the voices allow it:
 * a guest's first word "I", then 0.13 s of pause, had gone to the host's question, whose
 * end the snapping put on that short pause; the pause before the "I" was 0.4 s, too short
 * for the turn step's long pause, and the voices could not tell whose a single short word
 * was. The guest's turn started 0.3 s late and the host's ended 0.64 s late. Where the
 * voices gave no span (they were not used: more speakers than voices that differ, another
 * voice under the talk) the text alone decides, at PAUSE_TURN_GAIN: with three speakers and
 * two voices under another voice (babble.sh's hb4, hb11, hb15) a turn's first words after
 * a pause of 2-3 s had gone to the turn before, whose end the snapping put on the short
 * pause after them, or the turn had started on the other voice's words in the pause (3517,
 * -1877 and 794 ms; 37, -87 and -6 now, the worst turns 679, 850 and 383 ms). On
 * podcast.sh's g4, whose recorded intro music the first turn had taken (9 s early), the
 * move gave the host's words to the guest (in sync 97.33 -> 95.08 %).
 */
#define PAUSE_REACH_MS 1500
#define PAUSE_LONGER 1.5
#define PAUSE_EDGE_MS 200 /* a pause tried is this far inside the two sentences' span */
#define PAUSE_MIN_MS 100  /* and this long at least */
/* At a change of speaker the pause tried must lower the two sentences' summed cost to this
 * share of the present one: where the voices cannot tell the speakers apart their span is
 * wide, and a gain of 0.02 % (4657.55 against 4656.84) had moved a Dutch actor's turn
 * across the other's first sentence, 2.5 s (an2), one of 3.4 % a Czech actor's by 1.4 s
 * (fc3). The moves that were right on the test recordings gained 7.5-14 % (sb05, cn3,
 * hn4, bc2); with no move at all at a change of speaker those had been 0.7-2.2 s off. */
#define PAUSE_TURN_GAIN 0.95

/* One boundary of pause_choice(): the two sentences k and b, the span they share, the pause
 * between them and the reach of the candidates; the costs of both sentences' spans. */
struct pause_try {
	size_t k, b;
	int comma_pauses; /* med_align_config.comma_pauses */
	int64_t a0, a1, e, s, hi_end, lo_start;
	int64_t v_lo, v_hi; /* at a change of speaker, the span the voices allow it */
	int tried; /* candidates were found and both costs computed */
	struct span_costs fk, bk;
};

/* The span the voices allow the change of speaker at fragment k's start (span_lo, span_hi:
 * audio frames, -1 where they did not place it; NULL: none) into *lo and *hi, or INT64_MIN
 * and INT64_MAX where k opens no turn (turn_start NULL: none does) or has no span. */
static void voices_span(const unsigned char *turn_start, const int64_t *span_lo,
                        const int64_t *span_hi, size_t k, int64_t *lo, int64_t *hi)
{
	*lo = INT64_MIN;
	*hi = INT64_MAX;
	if (turn_start && turn_start[k] && span_lo && span_lo[k] >= 0) {
		*lo = span_lo[k];
		*hi = span_hi[k];
	}
}

/* Whether the text has a pause of its own (a run of PAUSE_MIN_MS or more in the synthetic
 * speech of fragment f within TEXT_PAUSE_DB of its noise floor: espeak-ng's pause at a
 * comma, 140 ms in Japanese, is shorter than voice activity's shortest) about moved frames
 * from f's first word (from_end 0) or from its last (from_end 1): between half and twice
 * as far. */
#define TEXT_PAUSE_DB 10.0f
static int text_pause_at(const struct med_synth_result *synth, size_t f, int64_t moved,
                         int from_end, int hop)
{
	int64_t j0 = synth->speech_first[f], j1 = synth->speech_last[f] + 1, run = 0;
	const float *en = synth->feats.energy_db;
	float quiet = synth->feats.noise_floor_db + TEXT_PAUSE_DB;

	if (!en || j0 < 0 || moved <= 0)
		return 0;
	for (int64_t j = j0; j <= j1; j++) {
		if (j < j1 && en[j] < quiet) {
			run++;
			continue;
		}
		if (run >= PAUSE_MIN_MS / hop && j - run > j0 && j < j1) {
			int64_t off = from_end ? j1 - j : j - run - j0;
			if (10 * off >= 7 * moved && 10 * off <= 14 * moved)
				return 1;
		}
		run = 0;
	}
	return 0;
}

/* Whether the pause [p0, p1) is tried instead of [e, s), between sentences k and b that
 * span [a0, a1). With comma_pauses (Japanese, Chinese), not a later pause that b's own text
 * has as far into its words as the pause is from s, within a third, unless k's text has
 * one as far before its end too: the comma's pause after a sentence's first word
 * ("今日は、") is often longer than the sentence's before it, and the summed costs of the
 * DTWs favour the longer pause (they leave out more frames of noise), so the first word
 * had gone to the sentence before. In English the same test moved right boundaries away
 * from the right pauses by a second, on a comma that happened to lie as far into the
 * next sentence. */
static int pause_candidate(const struct med_synth_result *synth, int64_t p0, int64_t p1,
                           const struct pause_try *t, int hop)
{
	int64_t edge = PAUSE_EDGE_MS / hop, a0 = t->a0, a1 = t->a1, e = t->e, s = t->s;
	if (!(p0 > a0 + edge && p1 < a1 - edge && !(p1 > e && p0 < s) && p1 >= t->v_lo &&
	      p0 <= t->v_hi && p1 - p0 >= PAUSE_MIN_MS / hop &&
	      (double)(p1 - p0) >= PAUSE_LONGER * (double)(s - e)))
		return 0;
	return p0 < s || !t->comma_pauses || !text_pause_at(synth, t->b, p0 - s, 0, hop) ||
	       text_pause_at(synth, t->k, p0 - s, 1, hop);
}

struct pause_ctx {
	const struct med_synth_result *synth;
	const unsigned char *turn_start;
	const float *xa, *ys;
	int dim, hop;
	const int64_t *ps, *pe;
	size_t n_p;
	const struct med_align_frag *frags;
	const int64_t *span_lo, *span_hi; /* the voices' spans (NULL: none) */
	struct pause_try *pre; /* per boundary, computed ahead on the fragments as they were */
	size_t first;          /* the boundaries this pass computes: first, first + 2, ... */
	int comma_pauses;      /* med_align_config.comma_pauses */
};

/* Boundary k's sentences and candidates as the fragments stand; 0 when it has none. */
static int pause_setup(const struct pause_ctx *c, size_t k, struct pause_try *t)
{
	size_t n = c->synth->n_frags, n_cand = 0;
	int64_t reach = PAUSE_REACH_MS / c->hop;

	memset(t, 0, sizeof(*t));
	if (c->frags[k].unspoken)
		return 0;
	t->k = k;
	t->comma_pauses = c->comma_pauses;
	t->b = next_spoken(c->frags, n, k + 1);
	if (t->b == n)
		return 0;
	/* a change of speaker: where the voices said where it may lie, if they did */
	voices_span(c->turn_start, c->span_lo, c->span_hi, t->b, &t->v_lo, &t->v_hi);
	t->a0 = c->frags[k].start_ms / c->hop;
	t->a1 = c->frags[t->b].end_ms / c->hop;
	t->e = c->frags[k].end_ms / c->hop;
	t->s = c->frags[t->b].start_ms / c->hop;
	/* only pauses longer than the one taken, inside the two sentences' span */
	t->hi_end = t->e;
	t->lo_start = t->s;
	for (size_t q = pause_after(c->pe, c->n_p, t->e - reach);
	     q < c->n_p && c->ps[q] <= t->s + reach; q++) {
		if (!pause_candidate(c->synth, c->ps[q], c->pe[q], t, c->hop))
			continue;
		n_cand++;
		if (c->ps[q] > t->hi_end)
			t->hi_end = c->ps[q];
		if (c->pe[q] < t->lo_start)
			t->lo_start = c->pe[q];
	}
	return n_cand > 0;
}

/* Each sentence's cost on every span the candidates give it, in one pass. */
static void pause_costs(const struct pause_ctx *c, size_t k, struct pause_try *t)
{
	if (span_costs_run(c->synth, c->xa, c->ys, c->dim, k, k, t->a0, t->hi_end, 0,
	                   LOCAL_COST_CELLS, &t->fk))
		return;
	if (span_costs_run(c->synth, c->xa, c->ys, c->dim, t->b, t->b, t->a1, t->lo_start, 1,
	                   LOCAL_COST_CELLS, &t->bk)) {
		free(t->fk.cost);
		t->fk.cost = NULL;
		return;
	}
	t->tried = 1;
}

static void *pause_pass(void *arg)
{
	struct pause_ctx *c = arg;
	for (size_t k = c->first; k + 1 < c->synth->n_frags; k += 2)
		if (pause_setup(c, k, &c->pre[k]))
			pause_costs(c, k, &c->pre[k]);
	return NULL;
}

/* The costs come first, for every boundary on two threads, from the fragments as they are;
 * the choices are then made in order, and a boundary whose sentences an earlier choice has
 * moved gets its costs again: the result is that of one pass in order. */
static void pause_choice(const struct med_synth_result *synth, const unsigned char *turn_start,
                         const int64_t *span_lo, const int64_t *span_hi, const float *xa,
                         const float *ys, int dim, const int64_t *ps, const int64_t *pe, size_t n_p,
                         int hop, int comma_pauses, struct med_align_frag *frags)
{
	size_t n = synth->n_frags;
	int64_t reach = PAUSE_REACH_MS / hop;
	struct pause_ctx odd = {synth, turn_start, xa,      ys,      dim,  hop, ps,          pe,
	                        n_p,   frags,      span_lo, span_hi, NULL, 1,   comma_pauses},
	                 even;

	if (n < 2)
		return;
	odd.pre = calloc(n, sizeof(*odd.pre));
	even = odd;
	even.first = 0;
	if (odd.pre) {
		med_run_two(pause_pass, &odd, &even);
	}
	for (size_t k = 0; k + 1 < n; k++) {
		struct pause_try now, *t = &now, *pre = odd.pre ? &odd.pre[k] : NULL;
		int64_t best_e = -1, best_s = -1;
		double c_now, best, ck, cb;
		if (!pause_setup(&even, k, &now))
			continue;
		if (pre && pre->tried && pre->b == now.b && pre->a0 == now.a0 &&
		    pre->a1 == now.a1 && pre->hi_end == now.hi_end &&
		    pre->lo_start == now.lo_start && pre->e == now.e && pre->s == now.s)
			t = pre;
		else
			pause_costs(&even, k, &now);
		if (!t->tried)
			continue;
		ck = span_cost_at(&t->fk, t->e);
		cb = span_cost_at(&t->bk, t->s);
		if (ck >= 0 && cb >= 0) {
			best = c_now = ck + cb;
			for (size_t q = pause_after(pe, n_p, t->e - reach);
			     q < n_p && ps[q] <= t->s + reach; q++) {
				if (!pause_candidate(synth, ps[q], pe[q], t, hop))
					continue;
				ck = span_cost_at(&t->fk, ps[q]);
				cb = span_cost_at(&t->bk, pe[q]);
				if (ck >= 0 && cb >= 0 && ck + cb < best) {
					best = ck + cb;
					best_e = ps[q];
					best_s = pe[q];
				}
			}
			/* (a change of speaker moves on clear evidence only) */
			if (best_e >= 0 && best < c_now &&
			    (!turn_start || !turn_start[t->b] || best <= PAUSE_TURN_GAIN * c_now)) {
				frags[k].end_ms = best_e * hop;
				frags[t->b].start_ms = best_s * hop;
			}
		}
		if (t == &now) {
			free(now.fk.cost);
			free(now.bk.cost);
		}
	}
	if (odd.pre)
		for (size_t k = 0; k < n; k++) {
			free(odd.pre[k].fk.cost);
			free(odd.pre[k].bk.cost);
		}
	free(odd.pre);
}

/* The mean distance of random pairs of speech frames, audio against synthetic: what a frame
 * of unrelated speech costs (the confidence's zero); -1 without speech on either side. */
static float null_distance(const float *xa, const unsigned char *spa, size_t na, const float *ys,
                           const unsigned char *sps, size_t ns, int dim)
{
	uint32_t seed = 2463534242u;
	float sum = 0;
	int pairs = 0;
	for (int t = 0; na && ns && t < 20000 && pairs < 4000; t++) {
		size_t i = med_xorshift32(&seed) % na, j = med_xorshift32(&seed) % ns;
		if (!spa[i] || !sps[j])
			continue;
		sum += med_dtw_dist(xa + i * (size_t)dim, ys + j * (size_t)dim, dim);
		pairs++;
	}
	return pairs ? sum / (float)pairs : -1.0f;
}

/* Whether [a, b) has no vowel (has_vowel()) and every frame of it lies TURN_BREATH_DB or
 * more under the speech after it (side_level()): no word of that speech, which would have a
 * syllable near its level, however well it matches. */
static int under_words(const struct med_features *audio, int64_t a, int64_t b, int hop)
{
	float ref = side_level(audio, a, b, 1, hop);
	if (isnan(ref) || has_vowel(audio, a, b, hop))
		return 0;
	for (int64_t i = a; i < b; i++)
		if (audio->energy_db[i] > ref - TURN_BREATH_DB)
			return 0;
	return 1;
}

/*
 * Speech left between two fragments (a speaker who paused inside a sentence, where the
 * synthetic voice did not, can have the fragment's end snapped to that pause and its last
 * word left out): the gap's speech, when it is not a breath and is shorter than the
 * untranscribed minimum, joins the fragment it is nearer to (the shorter pause), unless the
 * other one's nearer end (synthetic) matches it better by GAP_GAIN in local DTW cost per
 * step. A side takes it only when it could be a word of that side's speaker (not_a_word()
 * with that side; for the side before, nor the next speaker's in-breath, inbreath()) and
 * matches that side's words better than unrelated speech does (null_d,
 * null_distance(); no such test when negative): an in-breath in the pause between two
 * turns, too loud for a breath beside a quiet speaker, matched both turns' words at 1.1-1.3
 * times null_d, where words left in a gap matched theirs at 0.7-0.8 times. So a sound that
 * matches the next turn's first words at GAP_WORD times null_d or less is one of them,
 * whatever its level and voicing: a host's first word "Chef," in white noise, 7 dB under
 * the host's next words and reading unvoiced, matched at 0.72 and had been left out, the
 * turn starting 0.68 s late. (Not for the turn before: there the in-breath tests stand.)
 * But not a sound without a vowel that lies 10 dB or more under those words all through
 * (under_words()): with a rumble filtered out of the energy (brown noise at -35 dBFS), an
 * in-breath 17-20 dB under the next turn's "Thank you" matched its "Th" at under GAP_WORD
 * and started the turn 0.45 s early.
 */
/* What gap_words() reads. */
struct gap_ctx {
	const struct med_synth_result *synth;
	const struct med_features *audio;
	const unsigned char *nobody, *turn_start;
	const int64_t *span_lo, *span_hi, *ps, *pe;
	const float *xa, *ys;
	size_t n_p;
	int dim, hop;
	int64_t max_len;
	float null_d;
};

/* A fragment the path squeezed to under half its synthetic speech, beside a gap whose
 * speech [f_on, f_off) (audio frames) is longer than a word and within half to twice that
 * synthetic speech, moves onto it when its whole synthetic speech matches there better by
 * GAP_GAIN in local DTW cost per step, and better than unrelated speech does; where
 * fragment b (the one after the gap) opens a turn, the speech is cut to the span the voices
 * allow that change of speaker.
 * On a recording with a music bed 10 dB over the noise, the path had put a host's "You
 * didn't run into any resistance?" on 0.47 s of the music in the pause before it, and
 * the question itself, 1 s later, was reported as audio without text: 3.5 s off. Returns
 * 1 when it moved. (b: the number of fragments at the text's end.) */
static int squeezed_onto(const struct gap_ctx *c, struct med_align_frag *frags, size_t f, size_t b,
                         int64_t f_on, int64_t f_off)
{
	const struct med_synth_result *synth = c->synth;
	int64_t s0 = synth->speech_first[f], s1 = synth->speech_last[f] + 1, mid;
	int64_t a0 = frags[f].start_ms / c->hop, a1 = frags[f].end_ms / c->hop, v_lo, v_hi;
	double c_now = INFINITY, c_new;

	/* (the speech after the change of speaker's span, an in-breath of the next speaker's
	 * that voice activity joined to the words, is not the fragment's) */
	if (b < synth->n_frags) {
		voices_span(c->turn_start, c->span_lo, c->span_hi, b, &v_lo, &v_hi);
		if (f == b && f_on < v_lo)
			f_on = v_lo;
		if (f != b && f_off > v_hi)
			f_off = v_hi;
	}
	if (s0 < 0 || 2 * (a1 - a0) >= s1 - s0 || 2 * (f_off - f_on) < s1 - s0 ||
	    f_off - f_on > 2 * (s1 - s0))
		return 0;
	if (local_cost(c->xa, c->ys, c->dim, f_on, f_off, s0, s1, s1, &c_new, &mid) ||
	    (c->null_d > 0 && c_new >= c->null_d))
		return 0;
	if (a1 - a0 >= 2 && local_cost(c->xa, c->ys, c->dim, a0, a1, s0, s1, s1, &c_now, &mid))
		c_now = INFINITY;
	if (!(c_new < GAP_GAIN * c_now))
		return 0;
	frags[f].start_ms = f_on * c->hop;
	frags[f].end_ms = f_off * c->hop;
	return 1;
}

#define GAP_K 1 /* gap_give(): the fragment before may take the speech */
#define GAP_B 2 /* the fragment after may */

/* gap_words() on the gap [g0, g1) (audio frames) between fragment k's end and fragment b's
 * start, for the sides in sides (GAP_K, GAP_B), for the speech within [lo, hi); k or b n
 * (the number of fragments): none there, the text's start or end. Speech that spans more
 * than c->max_len but holds no more than that of speech is parted at the longest pause
 * between its runs, the part before it offered to k alone and the part after it to b alone:
 * "Au. Auw. Ai." ending one turn and "Dat kietelt." opening the next, 1 s of speech over
 * 2.5 s of a gap between fragments, had gone to neither. */
static void gap_give(const struct gap_ctx *c, struct med_align_frag *frags, size_t k, size_t b,
                     int64_t g0, int64_t g1, int64_t lo, int64_t hi, int sides)
{
	const struct med_synth_result *synth = c->synth;
	const struct med_features *audio = c->audio;
	size_t n = synth->n_frags;
	int hop = c->hop;
	int64_t f_on = -1, f_off = -1, p0 = -1, p1 = -1, mid, len, sk0, sk1, sb0, sb1;
	double c_k = -1, c_b = -1;
	int near_k, ok_k, ok_b;

	if (k == n)
		sides &= ~GAP_K;
	if (b == n)
		sides &= ~GAP_B;
	if (!sides || g1 - g0 < GAP_SPEECH_MS / hop)
		return;
	for (size_t q = pause_after(c->pe, c->n_p, lo); q < c->n_p && c->pe[q] < hi; q++) {
		int64_t on = c->pe[q],
		        off = q + 1 < c->n_p ? c->ps[q + 1] : (int64_t)audio->n_frames;
		if (off > hi)
			break;
		if (not_a_word(audio, on, off, hop, 0))
			continue;
		if (f_on < 0)
			f_on = on;
		else if (p0 < 0 || on - f_off > p1 - p0) {
			p0 = f_off; /* the longest pause between the runs so far */
			p1 = on;
		}
		f_off = off;
	}
	if (f_on < 0 || f_on < g0)
		return;
	if (f_off - f_on > c->max_len) {
		if ((sides & GAP_K) && squeezed_onto(c, frags, k, b, f_on, f_off))
			return;
		if ((sides & GAP_B) && squeezed_onto(c, frags, b, b, f_on, f_off))
			return;
		/* (speech longer than that is audio without text, left whole) */
		if (sides == (GAP_K | GAP_B) && p0 >= 0 &&
		    speech_in(audio->speech, audio->n_frames, f_on, f_off) <= c->max_len) {
			/* (the scan takes the runs after pauses that end past lo) */
			gap_give(c, frags, k, b, g0, g1, f_on - 1, p0, GAP_K);
			gap_give(c, frags, k, b, g0, g1, p1 - 1, f_off, GAP_B);
		}
		return;
	}
	/* The gap's speech against the end of the fragment before and the start of the one
	 * after (as much synthetic speech as the gap holds, and half again). */
	len = (f_off - f_on) * 3 / 2;
	if ((sides & GAP_K) && synth->speech_first[k] >= 0) {
		sk1 = synth->speech_last[k] + 1;
		sk0 = sk1 - len > synth->speech_first[k] ? sk1 - len : synth->speech_first[k];
		if (local_cost(c->xa, c->ys, c->dim, f_on, f_off, sk0, sk1, sk1, &c_k, &mid))
			c_k = -1;
	}
	if ((sides & GAP_B) && synth->speech_first[b] >= 0) {
		sb0 = synth->speech_first[b];
		sb1 = sb0 + len < synth->speech_last[b] + 1 ? sb0 + len : synth->speech_last[b] + 1;
		if (local_cost(c->xa, c->ys, c->dim, f_on, f_off, sb0, sb1, sb1, &c_b, &mid))
			c_b = -1;
	}
	/* a side that matches it better than unrelated speech, and whose speaker it could be a
	 * word of; the nearer one, unless the other matches clearly better */
	near_k = f_on - g0 <= g1 - f_off;
	ok_k = c_k >= 0 && (c->null_d <= 0 || c_k < c->null_d) &&
	       !not_a_word(audio, f_on, f_off, hop, -1) &&
	       !inbreath(audio, f_on, f_off, f_on - g0, g1 - f_off, hop);
	ok_b = c_b >= 0 && (c->null_d <= 0 || c_b < c->null_d) &&
	       !under_words(audio, f_on, f_off, hop) &&
	       (!not_a_word(audio, f_on, f_off, hop, 1) ||
	        (c->null_d > 0 && c_b < GAP_WORD * c->null_d));
	for (int64_t i = g0; c->nobody && i < g1; i++)
		if (c->nobody[i]) {
			ok_k &= i >= f_off;
			ok_b &= i < f_on;
		}
	if (b < n) {
		int64_t v_lo, v_hi;
		voices_span(c->turn_start, c->span_lo, c->span_hi, b, &v_lo, &v_hi);
		ok_k &= f_off <= v_hi;
		ok_b &= f_on >= v_lo;
	}
	if (!ok_k && !ok_b)
		return;
	if (!ok_b || (ok_k && (near_k ? !(c_b < GAP_GAIN * c_k) : c_k < GAP_GAIN * c_b)))
		frags[k].end_ms = f_off * hop;
	else
		frags[b].start_ms = f_on * hop;
}

/* (c->nobody: NULL, or a mask of the audio in nobody's voice, med_voices_nobody(): a
 * fragment takes no word across it. c->turn_start, c->span_lo, c->span_hi: NULL, or the
 * turns and the spans the voices allow each change of speaker (med_voices_input): where the
 * gap lies between two turns, a side takes its speech only when the change stays within its
 * span. On a recording of people the path had put a host's "Aha. Nog een brandstofstaaf."
 * (one fragment) on the "Aha." alone; the rest, 1.5 s after it and 1.4 s before the guest's
 * turn, went to the guest, a little nearer, and the change of speaker 2.5 s early, over
 * speech the voices read clearly as the host's.)
 * The text's own edges are such gaps too, with one side: the audio between where the text
 * starts (text_a, after a lead-in without text) and the first fragment heard, and between
 * the last one's end and where the text ends (text_b). On a recording of people a woman's
 * first word "Hele," 0.23 s long in a hall, 0.85 s before the rest, was left before the
 * first fragment: the turn started 1.06 s late. */
static void gap_words(const struct gap_ctx *c, int64_t text_a, int64_t text_b,
                      struct med_align_frag *frags)
{
	size_t n = c->synth->n_frags, k0 = next_spoken(frags, n, 0), last = n;

	if (k0 == n)
		return;
	gap_give(c, frags, n, k0, text_a, frags[k0].start_ms / c->hop, text_a,
	         frags[k0].start_ms / c->hop, GAP_B);
	for (size_t k = k0; k < n; k++) {
		size_t b;
		if (frags[k].unspoken)
			continue;
		last = k;
		b = next_spoken(frags, n, k + 1);
		if (b == n)
			break;
		int64_t g0 = frags[k].end_ms / c->hop, g1 = frags[b].start_ms / c->hop;
		gap_give(c, frags, k, b, g0, g1, g0, g1, GAP_K | GAP_B);
	}
	gap_give(c, frags, last, n, frags[last].end_ms / c->hop, text_b,
	         frags[last].end_ms / c->hop, text_b, GAP_K);
}

/* Speaker-change evidence at a pause [a, b): the GLR (med_speaker.h) between the last
 * TURN_GLR_FRAMES frames of speech before a and the first as many after b. buf holds
 * 2 * TURN_GLR_FRAMES rows. 0 when either side has little speech. */
static double turn_glr(const struct med_features *audio, const float *xa, int seq_dim, int64_t a,
                       int64_t b, float *buf)
{
	int dim = audio->n_coeffs;
	size_t nb = 0, nn = 0;
	int64_t i, reach = 3 * TURN_GLR_FRAMES;

	for (i = a - 1; i >= 0 && i >= a - reach && nb < TURN_GLR_FRAMES; i--)
		if (audio->speech[i])
			memcpy(buf + nb++ * (size_t)dim, xa + (size_t)i * (size_t)seq_dim,
			       (size_t)dim * sizeof(float));
	for (i = b; i < (int64_t)audio->n_frames && i < b + reach && nn < TURN_GLR_FRAMES; i++)
		if (audio->speech[i])
			memcpy(buf + (nb + nn++) * (size_t)dim, xa + (size_t)i * (size_t)seq_dim,
			       (size_t)dim * sizeof(float));
	if (nb < TURN_GLR_FRAMES / 4 || nn < TURN_GLR_FRAMES / 4)
		return 0;
	return med_speaker_glr(buf, dim, 0, nb, nb + nn);
}

/* Half the frames of fragment k's synthetic speech at the recording's pace (audio frames
 * per synthetic frame); 0 when it has none. */
static int64_t half_speech(const struct med_synth_result *synth, size_t k, double rate)
{
	return (int64_t)(0.5 * rate * (double)synth_speech(synth, k));
}

/* The recording's pace: the audio the spoken fragments hold against their synthetic
 * speech, in all; 0 when there is none. */
static double spoken_pace(const struct med_synth_result *synth, const struct med_align_frag *frags,
                          int hop)
{
	int64_t a_sum = 0, s_sum = 0;
	for (size_t k = 0; k < synth->n_frags; k++) {
		if (frags[k].unspoken || synth->speech_first[k] < 0)
			continue;
		a_sum += (frags[k].end_ms - frags[k].start_ms) / hop;
		s_sum += synth_speech(synth, k);
	}
	return a_sum > 0 && s_sum > 0 ? (double)a_sum / (double)s_sum : 0;
}

/*
 * A dip of TURN_GASP_DIP_MS or more at the noise's level (TURN_FLOOR_DB over the floor)
 * inside speech, within TURN_GASP_DIP_MS of the voices' span [s_lo, s_hi] and inside
 * (lo, hi), with a breath on one side of it (no vowel, has_vowel(), between it and a
 * pause): its first frame in *bs, the frame after it in *be; the nearest to the span.
 * Where no pause meets the voices' span for a change of speaker, the change may lie in
 * such a dip: a guest's in-breath run into its first "Yeah," by a 70 ms dip that voice
 * activity bridged, the voices' point 30 ms after the dip; snapping had given "Yeah," to
 * the host (773 ms late; 43 now). Between two words the dip is a stop's closure: a host's
 * "What did", the voices' span beginning at "What", had put the change before "did"
 * (884 ms) until the vowel test. Of 117 recordings nine turn edges moved, all nearer the
 * truth (by 10-730 ms), none further.
 */
static int span_dip(const struct med_features *audio, int64_t s_lo, int64_t s_hi, int64_t lo,
                    int64_t hi, int64_t *bs, int64_t *be)
{
	float flo = audio->noise_floor_db + TURN_FLOOR_DB;
	int hop = audio->hop_ms;
	int64_t reach = TURN_GASP_DIP_MS / hop, a = s_lo - reach - TURN_DIP_MS / hop,
	        b = s_hi + reach, best = -1;
	int64_t n = (int64_t)audio->n_frames;
	if (a < lo + 1)
		a = lo + 1;
	if (b > hi - 1)
		b = hi - 1;
	for (int64_t i = a; i <= b && i < n; i++) {
		int64_t j = i, d;
		if (audio->energy_db[i] > flo || (i > 0 && audio->energy_db[i - 1] <= flo))
			continue;
		while (j < n && audio->energy_db[j] <= flo)
			j++;
		if (j - i < TURN_GASP_DIP_MS / hop || j - 1 < s_lo - reach)
			continue;
		/* a breath on one side, between the dip and a pause: no word's vowel there
		 * (between two words, a dip is a stop's closure) */
		{
			int64_t r0 = i, r1 = j;
			while (r0 > 0 && audio->speech[r0 - 1])
				r0--;
			while (r1 < n && audio->speech[r1])
				r1++;
			if (!((r0 < i && !has_vowel(audio, r0, i, hop)) ||
			      (j < r1 && !has_vowel(audio, j, r1, hop))))
				continue;
		}
		d = j <= s_lo ? s_lo - j : i > s_hi ? i - s_hi : 0;
		if (best < 0 || d < best) {
			best = d;
			*bs = i;
			*be = j;
		}
	}
	return best >= 0;
}

/*
 * A change of speaker is where the path is least sure: the two voices differ from the one
 * voice of the synthetic text, and a long pause between turns gives the path nothing to
 * hold on to, so it may run a turn's end into the next speaker's first words. When a
 * fragment opens a new turn and the boundary the snapping found is not at a long pause
 * (TURN_PAUSE_MS), the nearest long pause within TURN_RADIUS_MS takes the boundary (or,
 * up to TURN_FAR radii away, a pause longer in proportion to its distance), so long
 * as both fragments keep at least half the length their synthetic speech asks for at the
 * recording's overall pace. Without such a pause, a shorter one within the radius takes the
 * boundary when the change of voice across it (turn_glr) is at least TURN_GLR_MARGIN times
 * the change across the boundary the path gave: a quick reply leaves only a short gap.
 * A boundary already at a long pause stays, unless a fragment beside it kept less than a
 * quarter of its speech: the path gave a short reply's words ("Of course.", 0.7 s) to the
 * question before it and left the reply on the next pause's edge; it then moves to the
 * nearest long pause that gives that fragment half its length. Nor does it stay on a pause
 * outside the span the voices allow (span_lo, span_hi): on a held-out recording the guest
 * said "I", paused 0.47 s and went on "think ..."; the voices put the change before the
 * "I" (the "I" read as the guest's at 5.4 a frame), but the snapping preferred the longer
 * pause after it, 0.2 s away, and the boundary was 0.7 s late. A boundary outside that
 * span that finds no pause by these rules takes the pause inside it nearest to the boundary
 * (TURN_SHORT_MS at least): on a held-out recording the snapping had put the change on the
 * "s" of the guest's last word "itself", read as a pause, with "-elf" still to come (the
 * voices' span began after it); the pause after the word was 0.3 s, the host's in-breath
 * holding voice activity on, and the host's turn started 1 s early. The nearest such pause,
 * not the longest: a host's question paused 0.32 s before its last words "side harder?"
 * and the guest answered 0.14 s after them (an in-breath holding the rest of the gap); the
 * longest pause inside the span put the guest's turn 0.95 s early. A boundary that the
 * snapping put on a pause of TURN_SHORT_MS or more, inside the voices' span, with neither
 * fragment squeezed, moves to a long pause apart from it only when the voices gave a span
 * for it and the change of voice across that pause is TURN_GLR_MARGIN times that at the
 * boundary (buf given); the change of voice alone never moves it. People answer within
 * 0.15-0.35 s as often as not: on recordings of people (tests/bench/real.sh) the long pause
 * rule had moved right boundaries on 0.22-0.28 s gaps to a pause inside the sentence before
 * (a reader pausing at a colon, 1.7 and 3.1 s early) or after the other speaker's first
 * word ("Souhlas.", 1.3 s late), and the change of voice over 2 s either side is too weak a
 * sign to overrule the path there (0.24 inside one man's turn against 0.07 at its end;
 * 0.2-0.5 between a woman and a man).
 * trim_from (or NULL, 2n values) gets, where trim_quiet_edges() moved them, each turn's
 * first fragment's start before it (trim_from[k]) and the last fragment's end of the turn
 * before (trim_from[n + k] for that fragment), -1 elsewhere, for breath_by_text() and
 * end_by_text().
 */
static void turn_pauses(const struct med_synth_result *synth, const unsigned char *turn_start,
                        const struct med_features *audio, const float *xa, int seq_dim,
                        const int64_t *ps, const int64_t *pe, size_t n_p, int hop, float *buf,
                        const int64_t *path_end, const int64_t *span_lo, const int64_t *span_hi,
                        int64_t *trim_from, struct med_align_frag *frags)
{
	size_t n = synth->n_frags, k, pk = (size_t)-1;
	int64_t min_p = TURN_PAUSE_MS / hop, rad = TURN_RADIUS_MS / hop, held = TURN_HELD_MS / hop;
	int opens = 0;
	int64_t v_lo = -1, v_hi = -1; /* the voices' span for the change of speaker ahead */
	double rate = spoken_pace(synth, frags, hop);

	if (rate <= 0)
		return;
	for (k = 0; k < n; k++) {
		struct med_align_frag *pf, *nf;
		int64_t b_e, b_s, lo, hi, best_d = -1, bs = 0, be = 0, p_end, s_lo, s_hi, hp, hn,
		                          sw_on, sw_off;
		int sq_p, sq_n, at_pause;
		size_t q;
		if (turn_start[k] && span_lo && span_lo[k] >= 0) {
			v_lo = span_lo[k];
			v_hi = span_hi[k];
		}
		opens |= turn_start[k];
		if (frags[k].unspoken)
			continue;
		if (pk == (size_t)-1 || !opens) {
			pk = k;
			opens = 0;
			continue;
		}
		pf = &frags[pk];
		nf = &frags[k];
		p_end = path_end ? path_end[pk] : -1;
		b_e = pf->end_ms / hop;
		b_s = nf->start_ms / hop;
		hp = half_speech(synth, pk, rate);
		hn = half_speech(synth, k, rate);
		lo = pf->start_ms / hop + hp;
		hi = nf->end_ms / hop - hn;
		/* A fragment left with less than a quarter of the speech its synthetic speech asks
		 * for was squeezed onto a pause by the path (the other turn's words took its
		 * place): its boundary may move even from a long pause, to one that gives it half
		 * (voice activity in noise misses some speech: a fragment with 48 % was not). */
		sq_p = speech_in(audio->speech, audio->n_frames, pf->start_ms / hop, b_e) < hp / 2;
		sq_n = speech_in(audio->speech, audio->n_frames, b_s, nf->end_ms / hop) < hn / 2;
		pk = k;
		opens = 0;
		/* the pauses the voices allow (all when they were not asked) */
		s_lo = v_lo >= 0 ? v_lo : INT64_MIN;
		s_hi = v_lo >= 0 ? v_hi : INT64_MAX;
		v_lo = v_hi = -1;
		if (b_s - b_e >= held && !sq_p && !sq_n && b_s >= s_lo && b_e <= s_hi) {
			if (trim_from) {
				trim_from[k] = nf->start_ms;
				trim_from[n + (size_t)(pf - frags)] = pf->end_ms;
			}
			trim_quiet_edges(audio, ps, pe, n_p, hop, p_end, s_hi, pf, nf);
			continue;
		}
		for (q = pause_after(pe, n_p, b_e - TURN_FAR * rad);
		     q < n_p && ps[q] <= b_s + TURN_FAR * rad; q++) {
			int64_t d = 0, p0 = ps[q];
			/* A click or a breath does not break a pause. */
			while (q + 1 < n_p && not_a_word(audio, pe[q], ps[q + 1], hop, 0))
				q++;
			/* Only a fragment that shrinks must keep half its length; nor may the
			 * change pass speech the voices clearly give to one side. */
			if ((p0 < b_e && p0 < lo) || (pe[q] > b_s && pe[q] > hi) || pe[q] < s_lo ||
			    p0 > s_hi)
				continue;
			if ((sq_n && speech_in(audio->speech, audio->n_frames, pe[q],
			                       nf->end_ms / hop) < hn) ||
			    (sq_p && speech_in(audio->speech, audio->n_frames, pf->start_ms / hop,
			                       p0) < hp))
				continue;
			if (pe[q] < b_e)
				d = b_e - pe[q];
			else if (p0 > b_s)
				d = p0 - b_s;
			/* Further than the radius, the pause must be longer in proportion. */
			if (d > TURN_FAR * rad || pe[q] - p0 < (d > rad ? min_p * d / rad : min_p))
				continue;
			if (best_d < 0 || d < best_d) {
				best_d = d;
				bs = p0;
				be = pe[q];
			}
		}
		at_pause = b_s - b_e >= TURN_SHORT_MS / hop && !sq_p && !sq_n && b_s >= s_lo &&
		           b_e <= s_hi;
		if (best_d >= 0 && at_pause && (be < b_e || bs > b_s) &&
		    (s_lo == INT64_MIN || !buf ||
		     !(turn_glr(audio, xa, seq_dim, bs, be, buf) >
		       TURN_GLR_MARGIN * turn_glr(audio, xa, seq_dim, b_e, b_s, buf))))
			best_d = -1;
		if (best_d < 0 && buf && !at_pause) {
			double g0 = turn_glr(audio, xa, seq_dim, b_e, b_s, buf), g, gb = g0;
			for (q = pause_after(pe, n_p, b_e - rad); q < n_p && ps[q] <= b_s + rad;
			     q++) {
				if (pe[q] - ps[q] < TURN_SHORT_MS / hop || ps[q] < lo ||
				    pe[q] > hi || pe[q] < s_lo || ps[q] > s_hi)
					continue;
				g = turn_glr(audio, xa, seq_dim, ps[q], pe[q], buf);
				if (g > gb) {
					gb = g;
					bs = ps[q];
					be = pe[q];
				}
			}
			if (gb > g0 * TURN_GLR_MARGIN)
				best_d = 0;
		}
		/* Still outside the voices' span: the pause inside it nearest to the boundary
		 * that both fragments can give way to; unless the sound between the boundary
		 * and the span is a breath or a click that the trim below takes off the turn
		 * (an in-breath joined to the next turn's first word by a dip, where the voices'
		 * span began after it: the nearest pause inside had been after that word). */
		if (best_d < 0 && (b_s < s_lo || b_e > s_hi) &&
		    !trims_into(audio, ps, pe, n_p, hop, p_end, pf, nf, s_lo, s_hi)) {
			int64_t dist = INT64_MAX;
			for (q = pause_after(pe, n_p, s_lo); q < n_p && ps[q] <= s_hi; q++) {
				int64_t dq = pe[q] < b_e   ? b_e - pe[q]
				             : ps[q] > b_s ? ps[q] - b_s
				                           : 0;
				if (pe[q] - ps[q] < TURN_SHORT_MS / hop || ps[q] < lo ||
				    pe[q] > hi || dq >= dist)
					continue;
				dist = dq;
				bs = ps[q];
				be = pe[q];
				best_d = 0;
			}
			/* no pause meets the span: a dip in the speech that does (the next
			 * speaker's in-breath run into the first word) */
			if (best_d < 0 && s_lo != INT64_MIN &&
			    span_dip(audio, s_lo, s_hi, pf->start_ms / hop, nf->end_ms / hop, &bs,
			             &be))
				best_d = 0;
		}
		sw_on = sw_off = -1;
		if (best_d >= 0) {
			pf->end_ms = bs * hop;
			nf->start_ms = be * hop;
			/* a pause that took in a click or a breath (not_a_word()): the sound
			 * nearest each side, which the text may claim (breath_by_text(),
			 * end_by_text()) */
			for (int64_t i = be - 1; i > bs && sw_on < 0; i--)
				if (audio->speech[i] && !audio->speech[i - 1])
					sw_on = i;
			for (int64_t i = bs; i + 1 < be && sw_off < 0; i++)
				if (audio->speech[i] && !audio->speech[i + 1])
					sw_off = i + 1;
		}
		if (trim_from) {
			trim_from[k] = nf->start_ms;
			trim_from[n + (size_t)(pf - frags)] = pf->end_ms;
		}
		trim_quiet_edges(audio, ps, pe, n_p, hop, p_end, s_hi, pf, nf);
		/* Where the trim moved neither edge, the sound the chosen pause took in (a
		 * click to not_a_word()) is the one to ask the text about: a host's quick "It"
		 * of "It sounds like", 80 ms at the words' level and voiced on one frame under
		 * white noise, was taken into the pause before the turn, which started on
		 * "sounds", 218 ms late (-2 ms now, the text preferring the audio from the "It";
		 * of 117 recordings none changed). */
		if (trim_from && sw_on >= 0 && trim_from[k] == nf->start_ms)
			trim_from[k] = sw_on * hop;
		if (trim_from && sw_off >= 0 && trim_from[n + (size_t)(pf - frags)] == pf->end_ms)
			trim_from[n + (size_t)(pf - frags)] = sw_off * hop;
	}
	/* only the edges the trim moved */
	for (k = 0; trim_from && k < n; k++) {
		if (trim_from[k] == frags[k].start_ms)
			trim_from[k] = -1;
		if (trim_from[n + k] == frags[k].end_ms)
			trim_from[n + k] = -1;
	}
}

/*
 * A short sentence (a word or two: "Once.", "We did.") beside a long pause can sit a whole
 * run of speech off. Its synthetic speech is short enough for the path to squeeze it onto
 * the end of the sentence before, or onto a click in the pause, while the sentence after
 * takes its words: a guest's "Once.", 0.46 s, after a 3 s pause, was put 1.8-2.1 s early
 * on two held-out recordings (on the host's last word "fail?", on a click 2 s before it).
 * Each fragment with at most SHIFT_SHORT_MS of synthetic speech is tried one run of speech
 * on and one back:
 * - on: on the next fragment's first run (up to a pause of SHIFT_PAUSE_MS), the next
 *   fragment starting after that pause, the one before ending where it did or where the
 *   short one ended, whichever its text matches better;
 * - back: on the last run of the one before, symmetrically.
 * The run's length must be within SHIFT_FIT of the fragment's synthetic speech at the
 * recording's pace. Each of the three fragments' synthetic speech is matched to its audio by
 * local DTW; a reading goes when the mean of the three costs per step is SHIFT_GAIN of the
 * present one or lower, the neighbour that gives up the run matches its text better
 * without it, and the changes of speaker stay where the voices allow them. (The same "Really?"
 * said by the host and then "Really." by the guest: the host's fits the guest's better,
 * but the guest's turn would start after its own first word, which the voices forbid.)
 * One exception: a guest's "We did." followed at once by the host's backchannel "I see.",
 * which the path had taken for "We did.", the host's turn taking the real one (1.5 s).
 * Moved one run back, the fragment leaves the backchannel to no one; the voices' span for
 * the change began inside the backchannel (they heard the host there), so the change may
 * pass it: the backchannel is the host's, inside the guest's turn.
 * Where the path squeezed the next fragment to nothing (it starts where it ends, after
 * the short one), it costs what its synthetic speech costs on SHIFT_EMPTY_FRAMES either
 * side of that point, and one back gives it the short one's audio: a host's "Really?" 1.4 s
 * after the guest's last words, then the guest's "Really." and more. The path had put
 * the host's "Really?" on the guest's (espeak-ng's "Really?" matched the guest's word
 * better than the host's, 2.88 against 3.55), left the guest's "Really." no audio and the
 * host's word to the guest's turn before (1.8 s late; 164 ms now).
 * A longer sentence is tried too where the snapping left it under SHIFT_SQUEEZED of its
 * synthetic speech (the share under which a raw span is taken for unspoken): through a
 * denoiser (sox's noisered), a guest's last sentence of 2 s was put on the pause after it
 * and the host's first word, the sentence before taking its words (the guest's turn ended
 * 1294 ms late). Tried for every sentence up to 2.5 s, one of the people's recordings lost
 * 1.1 points in sync (fn2: a Dutch sentence of 3.7 s moved onto the wrong words); so
 * limited, nothing of the sets moved beyond 0.02 points. Moved one back, a fragment leaves
 * its audio to the next one where that runs on into the next one's words with no pause
 * between, however its text fits it: a sentence does not start in the middle of a word
 * (the host's first word, smeared by the denoiser, fitted its text worse than the rest,
 * and the host's turn started 219 ms into it).
 */
#define SHIFT_SHORT_MS 1000 /* the fragment's synthetic speech, at most */
#define SHIFT_SQUEEZED 0.25 /* or any, where the fragment has less audio than this of it */
#define SHIFT_PAUSE_MS 150  /* the pause that ends (begins) the run it takes, at least */
#define SHIFT_FIT 3.0
#define SHIFT_GAIN 0.97
#define SHIFT_EMPTY_FRAMES 3

/* Cost per step of fragment k's synthetic speech on audio [a, b) by local DTW; -1 when it
 * cannot be measured. */
static double shift_cost(const struct med_synth_result *synth, const float *xa, const float *ys,
                         int dim, size_t k, int64_t a, int64_t b)
{
	int64_t s1 = synth->speech_last[k] + 1, mid;
	double c;
	if (local_cost(xa, ys, dim, a, b, synth->speech_first[k], s1, s1, &c, &mid) != MED_OK)
		return -1;
	return c;
}

/* The run of speech a short fragment would take from its neighbour's span [a, b): forward,
 * the first, up to the first pause of min_p frames or more, *o getting that pause's end (the
 * neighbour's new start); backward, the last, from the last such pause, *o getting its start
 * (the neighbour's new end). 0 when there is none or its length is not within SHIFT_FIT of
 * want frames. */
static int shift_run(const int64_t *ps, const int64_t *pe, size_t n_p, int64_t min_p, int forward,
                     int64_t a, int64_t b, double want, int64_t *r0, int64_t *r1, int64_t *o)
{
	size_t q = pause_after(pe, n_p, a), last = n_p;
	if (forward) {
		while (q < n_p && pe[q] - ps[q] < min_p)
			q++;
		if (q >= n_p || ps[q] <= a || pe[q] >= b)
			return 0;
		*r0 = a;
		*r1 = ps[q];
		*o = pe[q];
	} else {
		for (; q < n_p && pe[q] < b; q++)
			if (ps[q] > a && pe[q] - ps[q] >= min_p)
				last = q;
		if (last == n_p)
			return 0;
		*r0 = pe[last];
		*r1 = b;
		*o = ps[last];
	}
	return (double)(*r1 - *r0) * SHIFT_FIT >= want && (double)(*r1 - *r0) <= SHIFT_FIT * want;
}

/* Whether a boundary from e to s before fragment k lies where the voices allow a change of
 * speaker (always where k opens no turn or the voices did not check it). */
static int shift_voices_allow(const unsigned char *turn_start, const int64_t *span_lo,
                              const int64_t *span_hi, size_t k, int64_t e, int64_t s)
{
	int64_t lo, hi;
	voices_span(turn_start, span_lo, span_hi, k, &lo, &hi);
	return s >= lo && e <= hi;
}

static void shift_short(const struct med_synth_result *synth, const unsigned char *turn_start,
                        const int64_t *span_lo, const int64_t *span_hi, const float *xa, size_t na,
                        const float *ys, int dim, const int64_t *ps, const int64_t *pe, size_t n_p,
                        int hop, struct med_align_frag *frags)
{
	size_t n = synth->n_frags;
	int64_t min_p = SHIFT_PAUSE_MS / hop;
	double rate = spoken_pace(synth, frags, hop);

	if (rate <= 0)
		return;
	for (size_t k = 1; k + 1 < n; k++) {
		size_t p = k, b;
		int64_t sk = synth_speech(synth, k), Sp, Ep, Sk, Ek, Sb, Eb, run[2][3], best[4];
		int has[2], empty;
		double want, cp, ck, cb, c0, c_best;
		double heard = (double)(frags[k].end_ms - frags[k].start_ms);
		if (frags[k].unspoken || sk <= 0 ||
		    (sk * hop > SHIFT_SHORT_MS && heard >= SHIFT_SQUEEZED * (double)(sk * hop)))
			continue;
		while (p > 0 && frags[p - 1].unspoken)
			p--;
		if (p == 0)
			continue;
		p--;
		b = next_spoken(frags, n, k + 1);
		if (b >= n || synth->speech_first[p] < 0 || synth->speech_first[b] < 0)
			continue;
		Sp = frags[p].start_ms / hop;
		Ep = frags[p].end_ms / hop;
		Sk = frags[k].start_ms / hop;
		Ek = frags[k].end_ms / hop;
		Sb = frags[b].start_ms / hop;
		Eb = frags[b].end_ms / hop;
		want = rate * (double)sk;
		empty = Eb - Sb < 2 && Sb >= Ek; /* b squeezed to nothing (above) */
		/* run[0]: one on (from b), run[1]: one back (from p) */
		has[0] = !empty && shift_run(ps, pe, n_p, min_p, 1, Sb, Eb, want, &run[0][0],
		                             &run[0][1], &run[0][2]);
		has[1] = shift_run(ps, pe, n_p, min_p, 0, Sp, Ep, want, &run[1][0], &run[1][1],
		                   &run[1][2]);
		if (!has[0] && !has[1])
			continue;
		cp = shift_cost(synth, xa, ys, dim, p, Sp, Ep);
		ck = shift_cost(synth, xa, ys, dim, k, Sk, Ek);
		cb = empty ? shift_cost(synth, xa, ys, dim, b,
		                        Sb > SHIFT_EMPTY_FRAMES ? Sb - SHIFT_EMPTY_FRAMES : 0,
		                        Sb + SHIFT_EMPTY_FRAMES < (int64_t)na
		                                ? Sb + SHIFT_EMPTY_FRAMES
		                                : (int64_t)na)
		           : shift_cost(synth, xa, ys, dim, b, Sb, Eb);
		if (cp < 0 || ck < 0 || cb < 0)
			continue;
		c_best = c0 = (cp + ck + cb) / 3;
		best[0] = -1;
		for (int d = 0; d < 2; d++) {
			int64_t r0 = run[d][0], r1 = run[d][1], o = run[d][2], pe_new, bs_new;
			double c1, c2, c3, ca;
			if (!has[d])
				continue;
			if (d == 0) {
				/* b gives up its first run; p may take what k leaves */
				c3 = shift_cost(synth, xa, ys, dim, b, o, Eb);
				if (c3 < 0 || c3 >= cb)
					continue;
				ca = shift_cost(synth, xa, ys, dim, p, Sp, Ek);
				c1 = cp;
				pe_new = Ep;
				if (ca >= 0 && ca < cp) {
					c1 = ca;
					pe_new = Ek;
				}
				bs_new = o;
			} else {
				/* p gives up its last run; b may take what k leaves (an empty b
				 * must) */
				c1 = shift_cost(synth, xa, ys, dim, p, Sp, o);
				if (c1 < 0 || c1 >= cp)
					continue;
				ca = shift_cost(synth, xa, ys, dim, b, Sk, Eb);
				c3 = cb;
				bs_new = Sb;
				/* (what k leaves runs on into b's words with no pause between: a
				 * sentence does not start in the middle of a word) */
				size_t q = pause_after(pe, n_p, Sk);
				int joined = Sk < Sb && !(q < n_p && ps[q] < Sb);
				if (ca >= 0 && (ca < cb || empty || joined)) {
					c3 = ca;
					bs_new = Sk;
				} else if (empty) {
					continue;
				}
				pe_new = o;
			}
			/* (one back, leaving the audio it had to no one: where the voices' span
			 * for the change before it starts inside that audio, the voices heard the
			 * speaker before in it, a backchannel of theirs, and the change may pass
			 * it) */
			if ((!shift_voices_allow(turn_start, span_lo, span_hi, k, pe_new, r0) &&
			     !(d == 1 && bs_new == Sb && span_lo && span_lo[k] >= Sk &&
			       span_lo[k] < Ek)) ||
			    !shift_voices_allow(turn_start, span_lo, span_hi, b, r1, bs_new))
				continue;
			c2 = shift_cost(synth, xa, ys, dim, k, r0, r1);
			if (c2 < 0 || (c1 + c2 + c3) / 3 >= c_best)
				continue;
			c_best = (c1 + c2 + c3) / 3;
			best[0] = pe_new;
			best[1] = r0;
			best[2] = r1;
			best[3] = bs_new;
		}
		if (best[0] >= 0 && c_best <= SHIFT_GAIN * c0) {
			frags[p].end_ms = best[0] * hop;
			frags[k].start_ms = best[1] * hop;
			frags[k].end_ms = best[2] * hop;
			frags[b].start_ms = best[3] * hop;
		}
	}
}

/*
 * A short turn answered by a short sentence ("Really?" of the host, "Really." of the guest)
 * can leave the path one run of speech off over several fragments at once: the host's turn
 * took both words, the guest's "Really." took the first words of the next sentence, and each
 * fragment after it a run of the next one's, so that no single boundary moved on its own
 * fits better (sb10 975 ms, podcast p2 2355 ms and p4 1669 ms, the bees text's exchange;
 * held-out q1 1440 ms, "That's remarkable." / "It is."). For each turn of CHAIN_SHORT_MS of
 * synthetic speech or less, the fragments from the one before it to CHAIN_AFTER of the turn
 * after it are cut again together, between the window's outer edges as they stand: each
 * inner boundary on a pause of CHAIN_PAUSE_MS or more inside the window or where it is now,
 * in order, by dynamic programming over the sum of each fragment's DTW cost (its synthetic
 * speech against its audio, both without the pauses around them). A pause frame left between
 * fragments is charged the present cut's mean cost per step, so that a longer pause is no
 * cheaper in itself than the speech it stands for; a pause left inside a fragment pays what
 * its frames cost against the text's speech. With the pauses split at their middles and
 * charged nothing, a 3 s pause after a "Really?" in the sample had gone inside the guest's
 * reply (3472 ms). A fragment cut anew must hold a vowel (has_vowel()): no sentence is a
 * breath (no test recording needed it). The new cut goes where its cost is lower.
 * The voices' span for a change of speaker (pause_choice()) does not bound it: on q1 and the
 * people's fn1 that span lay where the path had put the change, over the host's backchannel
 * or the other's words, and it kept both cuts from moving (1440 and 1807 ms); on no
 * recording did a cut move wrongly without it. The first fragment heard opens no window: its
 * start is the text's start, and over an intro of music the window had given the first
 * turn the music (g4).
 * On every test set the cut moved on 9 recordings and nothing got worse: sb10 975 -> 187
 * ms, p2 2355 -> 127, p4 1669 -> 173, g5 1868 -> 125, the people's fn1 1807 -> 349, q1 1440
 * -> 625 (the host's turn now ends on the guest's quiet "It is.", which took the host's
 * backchannel after it); the cost fell by 0.05-4 %.
 * A one-sentence short turn that the raw path squeezed under a quarter of its speech is
 * marked unspoken before this step, and the turn before it keeps its audio: the people's
 * cn2 "Wat een onzin!" and fn2 "Nu snap ik het!" were reported not heard, the turns before
 * them ending 2.3 s late. Such a turn is cut with the rest, from nothing where the turn
 * before ends (its present cost: its synthetic speech on the 60 ms there,
 * chain_squeezed()), and kept, heard again, only where the new cut gives it audio that its
 * text matches as words do (GAP_WORD of the null distance, chain_heard()); else the window
 * goes back as it was. cn2 92.61 -> 94.08 % and fn2 94.50 -> 94.76 % in sync, the two
 * turns within 400 ms; a turn left out of the recording (en_intro_drop's) is still
 * reported, and nothing else moved. The evidence asked, such a turn is tried whatever its
 * length: hn2's "Dat is een grote piratensteek, zeg." (1.5 s) 1413 -> 451 ms, and again
 * nothing else moved (with a limit of 1 s or 2 s it was not tried). So is a squeezed
 * sentence inside a turn, with the one before it and CHAIN_AFTER after it: at 8 kHz
 * (sample.sh's sd08) the path gave "But personally," 150 ms of the next sentence's start,
 * the sentence before it ending 1.2 s late over it (in sync 99.23 -> 99.34 %; sa10 99.66
 * -> 99.80 %; no other recording of any set has such a sentence).
 */
#define CHAIN_SHORT_MS 1000
#define CHAIN_PAUSE_MS 100
#define CHAIN_AFTER 3
#define CHAIN_MAX_FRAGS 12
#define CHAIN_MAX_CANDS 48

struct chain_ctx {
	const struct med_synth_result *synth;
	const struct med_features *audio;
	const float *xa, *ys;
	int dim, hop;
	const int64_t *ps, *pe;
	size_t n_p;
	struct med_align_frag *frags;
};

/* The boundaries a window may take, in order: the pauses of CHAIN_PAUSE_MS or more inside
 * (s, e) and the window's present inner boundaries (ends in ce, starts in cs); their number,
 * or 0 when they are too many. */
static size_t chain_cands(const struct chain_ctx *c, const size_t *w, size_t m, int64_t s,
                          int64_t e, int64_t *ce, int64_t *cs)
{
	size_t q = pause_after(c->pe, c->n_p, s), bi = 0, n = 0;
	int64_t min_p = CHAIN_PAUSE_MS / c->hop;

	for (;;) {
		int64_t be = INT64_MAX, bs = INT64_MAX;
		int pause;
		if (bi + 1 < m) {
			be = c->frags[w[bi]].end_ms / c->hop;
			bs = c->frags[w[bi + 1]].start_ms / c->hop;
		}
		while (q < c->n_p && c->ps[q] < e && (c->ps[q] <= s || c->pe[q] - c->ps[q] < min_p))
			q++;
		pause = q < c->n_p && c->ps[q] < e && c->pe[q] < e;
		if (!pause && bi + 1 >= m)
			return n;
		if (n == CHAIN_MAX_CANDS)
			return 0;
		if (pause && c->ps[q] == be && c->pe[q] == bs) {
			bi++; /* the present boundary is that pause */
		} else if (bi + 1 < m && (!pause || be <= c->ps[q])) {
			ce[n] = be;
			cs[n++] = bs;
			bi++;
			continue;
		}
		ce[n] = c->ps[q];
		cs[n++] = c->pe[q];
		q++;
	}
}

/* The cost of fragment f's synthetic speech on the audio within SHIFT_EMPTY_FRAMES of
 * frame at, where the present cut leaves it under two frames (a turn the raw path
 * squeezed, reported unspoken; as shift_short() prices an empty fragment); -1 when it
 * cannot be measured. */
static double chain_squeezed(const struct chain_ctx *c, size_t f, int64_t at)
{
	const struct med_synth_result *synth = c->synth;
	int64_t a = at - SHIFT_EMPTY_FRAMES, b = at + SHIFT_EMPTY_FRAMES,
	        y0 = synth->speech_first[f], y1 = synth->speech_last[f] + 1;
	struct med_dtw_path p;
	double v;
	if (a < 0)
		a = 0;
	if (b > (int64_t)c->audio->n_frames)
		b = (int64_t)c->audio->n_frames;
	if (b - a < 2 || y0 < 0 || y1 - y0 < 2 ||
	    med_dtw_full(c->xa + a * c->dim, (size_t)(b - a), c->ys + y0 * c->dim,
	                 (size_t)(y1 - y0), c->dim, &p))
		return -1;
	v = p.cost;
	med_dtw_path_release(&p);
	return v;
}

/* Cuts the window w[0..m) again (above); 1 when it moved. */
static int chain_window(const struct chain_ctx *c, const size_t *w, size_t m)
{
	const struct med_synth_result *synth = c->synth;
	int hop = c->hop;
	int64_t s = c->frags[w[0]].start_ms / hop, e = c->frags[w[m - 1]].end_ms / hop;
	int64_t ce[CHAIN_MAX_CANDS], cs[CHAIN_MAX_CANDS], now_b[CHAIN_MAX_FRAGS];
	size_t n_c, nc1, brk[CHAIN_MAX_CANDS + 1];
	double *cost = NULL, *row = NULL, *dp = NULL, now = 0, steps = 0, charge, best = -1;
	int *from = NULL, moved = 0, last = -1;

	n_c = chain_cands(c, w, m, s, e, ce, cs);
	if (n_c + 1 < m || e - s < 4)
		return 0;
	nc1 = n_c + 1; /* index n_c: the window's own start (as a start) or end (as an end) */
	/* brk[q]: the breaks (pauses over DTW_PAUSE_LONG_MS) among candidates 0..q-1, which no
	 * new span takes in: a pause between two fragments is charged at the mean cost of a
	 * step, and over a minute of zeros spliced after a short turn that was dearer than
	 * the turn's own text stretched over it */
	brk[0] = 0;
	for (size_t q = 0; q < n_c; q++)
		brk[q + 1] = brk[q] + (size_t)((cs[q] - ce[q]) * hop > DTW_PAUSE_LONG_MS);
	cost = malloc(m * nc1 * nc1 * sizeof(double));
	row = malloc((size_t)(e - s) * sizeof(double));
	dp = malloc(m * n_c * sizeof(double));
	from = malloc(m * n_c * sizeof(int));
	if (!cost || !row || !dp || !from)
		goto out;
	/* the present cut: its boundaries among the candidates */
	for (size_t i = 0; i + 1 < m; i++) {
		now_b[i] = -1;
		for (size_t b = 0; b < n_c; b++)
			if (ce[b] == c->frags[w[i]].end_ms / hop &&
			    cs[b] == c->frags[w[i + 1]].start_ms / hop)
				now_b[i] = (int64_t)b;
		if (now_b[i] < 0)
			goto out;
	}
	now_b[m - 1] = (int64_t)n_c;
	/* cost[(i * nc1 + a) * nc1 + b]: fragment i from candidate a's start to candidate b's
	 * end, -1 where it may not lie */
	for (size_t i = 0; i < m; i++) {
		int64_t y0 = synth->speech_first[w[i]], y1 = synth->speech_last[w[i]] + 1;
		for (size_t a = 0; a < nc1; a++) {
			int64_t a0 = a == n_c ? s : cs[a];
			double *cr = cost + (i * nc1 + a) * nc1;
			for (size_t b = 0; b < nc1; b++)
				cr[b] = -1;
			if ((i == 0) != (a == n_c) || a0 >= e - 1 ||
			    (double)(e - a0) * (double)(y1 - y0) > LOCAL_COST_CELLS ||
			    med_dtw_edge_costs(c->xa + a0 * c->dim, (size_t)(e - a0),
			                       c->ys + y0 * c->dim, (size_t)(y1 - y0), c->dim, 0,
			                       row))
				continue;
			for (size_t b = 0; b < nc1; b++) {
				int64_t b0 = b == n_c ? e : ce[b];
				int present = (i == 0 || (int64_t)a == now_b[i - 1]) &&
				              (int64_t)b == now_b[i];
				if ((i + 1 == m) != (b == n_c) || b0 - a0 < 2)
					continue;
				if (!present && c->audio->voicing &&
				    !has_vowel(c->audio, a0, b0, hop))
					continue;
				if (!present && brk[b] > brk[a == n_c ? 0 : a + 1])
					continue;
				cr[b] = row[b0 - 1 - a0];
			}
		}
	}
	/* the present cost and the charge for a frame of pause left between fragments */
	for (size_t i = 0; i < m; i++) {
		size_t a = i ? (size_t)now_b[i - 1] : n_c, b = (size_t)now_b[i];
		double v = cost[(i * nc1 + a) * nc1 + b];
		int64_t a0 = a == n_c ? s : cs[a], b0 = b == n_c ? e : ce[b];
		if (v < 0 && b0 - a0 < 2)
			v = chain_squeezed(c, w[i], a0);
		if (v < 0)
			goto out;
		now += v;
		steps += (double)(b0 - a0) +
		         (double)(synth->speech_last[w[i]] + 1 - synth->speech_first[w[i]]);
	}
	charge = now / steps;
	for (size_t i = 0; i + 1 < m; i++)
		now += charge * (double)(cs[now_b[i]] - ce[now_b[i]]);
	/* dp[i * n_c + b]: the cheapest cut of fragments 0..i with fragment i ending at b */
	for (size_t i = 0; i + 1 < m; i++)
		for (size_t b = 0; b < n_c; b++) {
			double *d = &dp[i * n_c + b];
			*d = -1;
			from[i * n_c + b] = -1;
			for (size_t a = i ? 0 : n_c; a < (i ? b : n_c + 1); a++) {
				double v = cost[(i * nc1 + a) * nc1 + b],
				       before = i ? dp[(i - 1) * n_c + a] : 0;
				if (v < 0 || before < 0)
					continue;
				v += before + charge * (double)(cs[b] - ce[b]);
				if (*d < 0 || v < *d) {
					*d = v;
					from[i * n_c + b] = (int)a;
				}
			}
		}
	for (size_t a = 0; a < n_c; a++) {
		double v = cost[((m - 1) * nc1 + a) * nc1 + n_c], before = dp[(m - 2) * n_c + a];
		if (v >= 0 && before >= 0 && (best < 0 || before + v < best)) {
			best = before + v;
			last = (int)a;
		}
	}
	if (last >= 0 && best < now) {
		for (size_t i = m - 1; i-- > 0;) {
			c->frags[w[i]].end_ms = ce[last] * hop;
			c->frags[w[i + 1]].start_ms = cs[last] * hop;
			last = from[i * n_c + (size_t)last];
		}
		moved = 1;
	}
out:
	free(cost);
	free(row);
	free(dp);
	free(from);
	return moved;
}

/* Whether fragment k's synthetic speech matches its audio as words do: a local DTW cost per
 * step of GAP_WORD times null_d or less. */
static int chain_heard(const struct chain_ctx *c, size_t k, float null_d)
{
	int64_t a = c->frags[k].start_ms / c->hop, b = c->frags[k].end_ms / c->hop, mid;
	double v;
	return null_d > 0 &&
	       local_cost(c->xa, c->ys, c->dim, a, b, c->synth->speech_first[k],
	                  c->synth->speech_last[k] + 1, c->synth->speech_last[k] + 1, &v,
	                  &mid) == MED_OK &&
	       v <= GAP_WORD * null_d;
}

static void short_chain(const struct med_synth_result *synth, const unsigned char *turn_start,
                        const struct med_features *audio, const float *xa, const float *ys, int dim,
                        const int64_t *ps, const int64_t *pe, size_t n_p, int hop, float null_d,
                        struct med_align_frag *frags)
{
	size_t n = synth->n_frags, first = next_spoken(frags, n, 0);
	struct chain_ctx c = {synth, audio, xa, ys, dim, hop, ps, pe, n_p, frags};

	if (!turn_start)
		return;
	for (size_t k = first + 2; k < n; k++) {
		size_t next = k + 1, w[CHAIN_MAX_FRAGS], m = 0, f;
		int64_t speech = 0;
		struct med_align_frag saved[CHAIN_MAX_FRAGS];
		int squeezed;
		if (frags[k - 1].unspoken)
			continue;
		if (!turn_start[k]) {
			/* a sentence inside a turn that the raw path squeezed, reported
			 * unspoken: the one before it, it and up to CHAIN_AFTER after it */
			if (!frags[k].unspoken)
				continue;
			w[m++] = k - 1;
			for (f = k; f < n && f <= k + CHAIN_AFTER && m < CHAIN_MAX_FRAGS; f++)
				w[m++] = f;
			squeezed = 1;
		} else {
			while (next < n && !turn_start[next])
				next++;
			/* a one-sentence turn the raw path squeezed to nothing, reported
			 * unspoken, is tried too, whatever its length (below) */
			squeezed = frags[k].unspoken;
			if (squeezed && next != k + 1)
				continue;
			for (f = k; f < next; f++)
				speech += synth_speech(synth, f);
			if (speech * hop > CHAIN_SHORT_MS && !squeezed)
				continue;
			/* the fragment before, the short turn, up to CHAIN_AFTER of the next
			 * turn */
			w[m++] = k - 1;
			for (f = k; f < next && m < CHAIN_MAX_FRAGS; f++)
				w[m++] = f;
			for (f = next; f < n && f < next + CHAIN_AFTER && m < CHAIN_MAX_FRAGS &&
			               (f == next || !turn_start[f]);
			     f++)
				w[m++] = f;
		}
		for (f = 0; f < m; f++)
			if ((frags[w[f]].unspoken && w[f] != k) || synth->speech_first[w[f]] < 0 ||
			    synth->speech_last[w[f]] - synth->speech_first[w[f]] < 1)
				break;
		if (f < m || m < 3)
			continue;
		if (!squeezed) {
			chain_window(&c, w, m);
			continue;
		}
		/* the squeezed turn empty where the turn before ends; kept only where the cut
		 * gives it audio that its text matches as words do */
		for (f = 0; f < m; f++)
			saved[f] = frags[w[f]];
		frags[k].unspoken = 0;
		frags[k].start_ms = frags[k].end_ms = frags[k - 1].end_ms;
		if (!chain_window(&c, w, m) || !chain_heard(&c, k, null_d))
			for (f = 0; f < m; f++)
				frags[w[f]] = saved[f];
	}
}

/* The pauses of audio->speech (pause_runs()) in new arrays *ps and *pe, *n_p of them, for
 * the steps exposed to the tests; 0 when out of memory (nothing is left allocated). */
static int pauses_new(const struct med_features *audio, int64_t **ps, int64_t **pe, size_t *n_p)
{
	size_t na = audio->n_frames;
	*ps = malloc(PAUSE_ROOM(na) * sizeof(int64_t));
	*pe = malloc(PAUSE_ROOM(na) * sizeof(int64_t));
	if (!*ps || !*pe) {
		free(*ps);
		free(*pe);
		return 0;
	}
	*n_p = pause_runs(audio->speech, na, *ps, *pe);
	return 1;
}

void med_align_gap_words(const struct med_synth_result *synth, const struct med_features *audio,
                         const unsigned char *turn_start, const int64_t *span_lo,
                         const int64_t *span_hi, const float *xa, const float *ys, int dim,
                         int64_t text_a, int64_t text_b, struct med_align_frag *frags)
{
	int64_t *ps, *pe;
	size_t n_p;
	struct med_align_config c;
	if (!pauses_new(audio, &ps, &pe, &n_p))
		return;
	med_align_config_init(&c);
	gap_words(&(struct gap_ctx){.synth = synth,
	                            .audio = audio,
	                            .turn_start = turn_start,
	                            .span_lo = span_lo,
	                            .span_hi = span_hi,
	                            .ps = ps,
	                            .pe = pe,
	                            .xa = xa,
	                            .ys = ys,
	                            .n_p = n_p,
	                            .dim = dim,
	                            .hop = audio->hop_ms,
	                            .max_len = c.untranscribed_min_ms / audio->hop_ms,
	                            .null_d = null_distance(xa, audio->speech, audio->n_frames, ys,
	                                                    synth->feats.speech,
	                                                    synth->feats.n_frames, dim)},
	          text_a, text_b, frags);
	free(ps);
	free(pe);
}

void med_align_breath_by_text(const struct med_synth_result *synth, const unsigned char *turn_start,
                              const struct med_features *audio, const float *xa, const float *ys,
                              int dim, const int64_t *trimmed, struct med_align_frag *frags)
{
	breath_by_text(synth, turn_start, audio, xa, ys, dim, audio->hop_ms, trimmed, frags);
}

void med_align_last_word(const struct med_features *audio, struct med_align_frag *frags, size_t n)
{
	int64_t *ps, *pe;
	size_t n_p;
	if (!pauses_new(audio, &ps, &pe, &n_p))
		return;
	last_word(audio, ps, pe, n_p, audio->hop_ms, frags, n);
	free(ps);
	free(pe);
}

void med_align_end_by_text(const struct med_synth_result *synth, const struct med_features *audio,
                           const float *xa, const float *ys, int dim, const int64_t *trimmed_end,
                           struct med_align_frag *frags)
{
	end_by_text(synth, audio, xa, ys, dim, audio->hop_ms, trimmed_end, frags);
}

void med_align_turn_pauses(const struct med_synth_result *synth, const unsigned char *turn_start,
                           const struct med_features *audio, const int64_t *span_lo,
                           const int64_t *span_hi, int64_t *trim_from, struct med_align_frag *frags)
{
	int64_t *ps, *pe;
	size_t n_p;
	for (size_t k = 0; trim_from && k < 2 * synth->n_frags; k++)
		trim_from[k] = -1;
	if (!pauses_new(audio, &ps, &pe, &n_p))
		return;
	turn_pauses(synth, turn_start, audio, NULL, 0, ps, pe, n_p, audio->hop_ms, NULL, NULL,
	            span_lo, span_hi, trim_from, frags);
	free(ps);
	free(pe);
}

void med_align_shift_short(const struct med_synth_result *synth, const unsigned char *turn_start,
                           const struct med_features *audio, const int64_t *span_lo,
                           const int64_t *span_hi, const float *xa, const float *ys, int dim,
                           struct med_align_frag *frags)
{
	int64_t *ps, *pe;
	size_t n_p;
	if (!pauses_new(audio, &ps, &pe, &n_p))
		return;
	shift_short(synth, turn_start, span_lo, span_hi, xa, audio->n_frames, ys, dim, ps, pe, n_p,
	            audio->hop_ms, frags);
	free(ps);
	free(pe);
}

void med_align_short_chain(const struct med_synth_result *synth, const unsigned char *turn_start,
                           const struct med_features *audio, const float *xa, const float *ys,
                           int dim, float null_d, struct med_align_frag *frags)
{
	int64_t *ps, *pe;
	size_t n_p;
	if (!pauses_new(audio, &ps, &pe, &n_p))
		return;
	short_chain(synth, turn_start, audio, xa, ys, dim, ps, pe, n_p, audio->hop_ms, null_d,
	            frags);
	free(ps);
	free(pe);
}

void med_align_pause_choice(const struct med_synth_result *synth, const unsigned char *turn_start,
                            const struct med_features *audio, const int64_t *span_lo,
                            const int64_t *span_hi, const float *xa, const float *ys, int dim,
                            int comma_pauses, struct med_align_frag *frags)
{
	int64_t *ps, *pe;
	size_t n_p;
	if (!pauses_new(audio, &ps, &pe, &n_p))
		return;
	pause_choice(synth, turn_start, span_lo, span_hi, xa, ys, dim, ps, pe, n_p, audio->hop_ms,
	             comma_pauses, frags);
	free(ps);
	free(pe);
}

/* The recording's pace: the median, over fragments with a second or more of synthetic
 * speech that were heard, of the audio their raw spans [rs, re) hold per synthetic frame;
 * 0 with fewer than three such fragments or out of memory. */
static double raw_pace(const struct med_synth_result *synth, const int64_t *rs, const int64_t *re,
                       const struct med_align_frag *frags, int hop)
{
	size_t n = synth->n_frags, m = 0;
	double *ratios = malloc((n ? n : 1) * sizeof(double)), pace = 0;
	if (!ratios)
		return 0;
	for (size_t k = 0; k < n; k++) {
		int64_t ds = synth_speech(synth, k);
		if (synth->speech_first[k] >= 0 && ds * hop >= 1000 && !frags[k].unspoken &&
		    re[k] > rs[k])
			ratios[m++] = (double)(re[k] - rs[k]) / (double)ds;
	}
	if (m >= 3)
		pace = med_median_double(ratios, m);
	free(ratios);
	return pace;
}

/*
 * Speech the transcript leaves out (an edited article drops a question and its answer) is
 * speech all the same, and the path spreads it over the fragments around it: with a
 * minute and a half of an interview's middle left out of the text, five sentences on
 * either side each took 9-32 s of it, and med_align_cut_stretched(), keeping one side of
 * one pause per fragment, left the next turn 59 s early. A run of stretched fragments (audio
 * GAPU_STRETCH times what their speech needs at the recording's pace, and untranscribed_min
 * more), with one fragment on either side, is aligned again as text before a gap and text
 * after it: for every fragment boundary inside the run, the text before is matched from
 * the run's start with an open end and the text after to the run's end with an open
 * start (med_dtw_edge_costs()), each within GAPU_FIT of its length at that pace (1.8 let a
 * Russian reader's next sentence squeeze into 1.9 s before a gap of 23 s); the gap
 * between pays GAPU_TAU times null_d for each frame of speech in it: on the two recordings
 * that showed it, a part's cost grew by 0.43 null_d for each frame of its own speech it
 * took on (its text squeezed less) and by 0.77 for each frame of the speech left out.
 * Where the run holds a change of speaker, only changes of speaker are tried (transcripts
 * leave out whole turns), and the run reaches on to the next turn's first fragment and
 * back to the last of the turn before, GAPU_REACH fragments at most: with six turns left
 * out of an hour, the last two sentences before them had been carried, unstretched, to
 * the gap's far end. The split, end and start of least total cost win when the run's
 * audio exceeds its text's length at the recording's pace by GAPU_EXCESS of the gap or
 * more (on four real omissions the excess was 0.94-1.02 of the gap, on two test
 * recordings where the path had only gone astray 0.21-0.54), the gap holds GAPU_MIN_MS of
 * speech or more, and leaving it out saves GAPU_GAIN null_d a frame of it against one DTW
 * of the whole run (0.26-0.29 on the omissions, 0.1 where a Mandarin test recording's
 * long sentence had read as a gap of 9 s). The fragments on either side then take their
 * spans from paths through the two parts, and the gap is left to no fragment (reported
 * as sound without text). Shorter omissions are med_align_cut_stretched()'s.
 */
#define GAPU_STRETCH 2.0
#define GAPU_FIT 1.5
#define GAPU_TAU 0.6
#define GAPU_WHOLE_CELLS 100e6
#define GAPU_MIN_MS 8000 /* speech in the gap, at least */
#define GAPU_GAIN 0.18   /* null_d a frame of the gap that leaving it out must save */
#define GAPU_REACH 4
#define GAPU_EXCESS 0.75 /* the run's audio beyond its text's length, of the gap, at least */

/* Spans of fragments k0..k1 (inclusive) from a path of audio [a0, a1) against their
 * synthetic speech [y0, y1). */
static int gapu_spans(const struct med_synth_result *synth, const float *xa, const float *ys,
                      int dim, const struct med_dtw_config *dc, size_t k0, size_t k1, int64_t a0,
                      int64_t a1, int64_t *rs, int64_t *re)
{
	int64_t y0 = synth->speech_first[k0], y1 = synth->speech_last[k1] + 1;
	struct med_dtw_path p;
	struct med_dtw_config c = *dc;
	int r;
	c.edge_skip = 0;
	r = med_dtw_multires(xa + a0 * dim, (size_t)(a1 - a0), ys + y0 * dim, (size_t)(y1 - y0),
	                     dim, &c, &p, NULL, NULL);
	if (r)
		return r;
	for (size_t k = k0; k <= k1; k++) {
		rs[k] = INT64_MAX;
		re[k] = -1;
	}
	for (size_t q = 0; q < p.n; q++) {
		int64_t y = y0 + p.y[q], x = a0 + p.x[q];
		for (size_t k = k0; k <= k1; k++)
			if (y >= synth->speech_first[k] && y <= synth->speech_last[k]) {
				if (x < rs[k])
					rs[k] = x;
				if (x + 1 > re[k])
					re[k] = x + 1;
			}
	}
	med_dtw_path_release(&p);
	for (size_t k = k0; k <= k1; k++)
		if (re[k] < 0)
			rs[k] = re[k] = k > k0 ? re[k - 1] : a0;
	return MED_OK;
}

/* The DTW cost of fragments k0..k1's synthetic speech on all of audio [a0, a1) (no gap);
 * infinite when it cannot be measured or would take over GAPU_WHOLE_CELLS. */
static double whole_cost(const struct med_synth_result *synth, const float *xa, const float *ys,
                         int dim, size_t k0, size_t k1, int64_t a0, int64_t a1)
{
	int64_t y0 = synth->speech_first[k0], y1 = synth->speech_last[k1] + 1;
	struct span_costs sc;
	double v;
	if ((double)(a1 - a0) * (double)(y1 - y0) > GAPU_WHOLE_CELLS ||
	    span_costs_run(synth, xa, ys, dim, k0, k1, a0, a1, 0, GAPU_WHOLE_CELLS, &sc))
		return INFINITY;
	v = span_cost_at(&sc, a1);
	free(sc.cost);
	return v >= 0 ? v : INFINITY;
}

/* (nobody: NULL, or a mask of the audio in nobody's voice, med_voices_nobody(): a gap pays
 * tau for no frame of it) */
static void gap_untranscribed(const struct med_synth_result *synth,
                              const struct med_features *audio, const unsigned char *nobody,
                              const float *xa, const float *ys, int dim,
                              const struct med_align_config *c, float null_d, int64_t *rs,
                              int64_t *re, const struct med_align_frag *frags)
{
	size_t n = synth->n_frags, na = audio->n_frames;
	int hop = audio->hop_ms;
	int64_t min_cut = c->untranscribed_min_ms / hop;
	double tempo, tau = GAPU_TAU * null_d;
	unsigned char *st;

	if (null_d <= 0 || n < 3 || (tempo = raw_pace(synth, rs, re, frags, hop)) <= 0)
		return;
	st = calloc(n, 1);
	if (!st)
		return;
	for (size_t k = 0; k < n; k++) {
		int64_t ds = synth_speech(synth, k), da = re[k] - rs[k];
		double expect = tempo * (double)ds;
		st[k] = synth->speech_first[k] >= 0 && !frags[k].unspoken &&
		        (double)da - expect >= (double)min_cut &&
		        (double)da >= GAPU_STRETCH * expect;
	}
	for (size_t f = 0; f < n; f++) {
		size_t l = f, k0, k1, best_s = 0;
		int64_t a0, a1, best_e = -1, best_b = -1;
		double best = INFINITY, excess;
		int ok = 1, turns = 0;
		if (!st[f])
			continue;
		while (l + 1 < n && st[l + 1])
			l++;
		k0 = f > 0 ? f - 1 : f;
		k1 = l + 1 < n ? l + 1 : l;
		/* A transcript leaves out whole turns, and the sentences between the gap and the
		 * change of speaker can be carried to the gap's far side unstretched: the run
		 * reaches on to the next turn's first fragment and back to the turn before's
		 * last, GAPU_REACH fragments at most. */
		for (size_t k = k1 + 1; c->turn_start && k < n && k <= l + 1 + GAPU_REACH; k++)
			if (c->turn_start[k]) {
				k1 = k;
				break;
			}
		for (size_t k = k0; c->turn_start && k > 0 && k + GAPU_REACH + 1 >= f; k--)
			if (c->turn_start[k]) {
				k0 = k - 1;
				break;
			}
		f = l;
		if (k1 == k0)
			continue;
		for (size_t k = k0; k <= k1; k++)
			if (synth->speech_first[k] < 0 || frags[k].unspoken)
				ok = 0;
		a0 = rs[k0];
		a1 = re[k1];
		excess = (double)(a1 - a0) -
		         tempo * (double)(synth->speech_last[k1] + 1 - synth->speech_first[k0]);
		/* the least gap taken needs this much excess: the DTWs are spared otherwise */
		if (!ok || a1 - a0 < 4 || excess < GAPU_EXCESS * (double)(GAPU_MIN_MS / hop))
			continue;
		for (size_t k = k0 + 1; c->turn_start && k <= k1; k++)
			turns |= c->turn_start[k];

		for (size_t sp = k0 + 1; sp <= k1; sp++) {
			int64_t ny_a = synth->speech_last[sp - 1] + 1 - synth->speech_first[k0];
			int64_t ny_b = synth->speech_last[k1] + 1 - synth->speech_first[sp];
			int64_t la = (int64_t)(GAPU_FIT * tempo * (double)ny_a) + 2;
			int64_t lb = (int64_t)(GAPU_FIT * tempo * (double)ny_b) + 2;
			int64_t lo_a = (int64_t)(tempo * (double)ny_a / GAPU_FIT);
			int64_t lo_b = (int64_t)(tempo * (double)ny_b / GAPU_FIT);
			struct span_costs sa, sb;
			double *ca, *cb, run = INFINITY;
			int64_t run_e = -1, sp_a = 0;
			if (turns && !c->turn_start[sp])
				continue; /* a transcript leaves out whole turns */
			if (la > a1 - a0)
				la = a1 - a0;
			if (lb > a1 - a0)
				lb = a1 - a0;
			/* within the cells, so that no end is left out */
			if (la < 2 || lb < 2 || (double)la * (double)ny_a > LOCAL_COST_CELLS ||
			    (double)lb * (double)ny_b > LOCAL_COST_CELLS ||
			    span_costs_run(synth, xa, ys, dim, k0, sp - 1, a0, a0 + la, 0,
			                   LOCAL_COST_CELLS, &sa))
				continue;
			if (span_costs_run(synth, xa, ys, dim, sp, k1, a1, a1 - lb, 1,
			                   LOCAL_COST_CELLS, &sb)) {
				free(sa.cost);
				continue;
			}
			ca = sa.cost;
			cb = sb.cost;
			/* The gap [e, b) costs ca[e - a0 - 1] + tau (S[b] - S[e]) + cb[b - (a1 -
			 * lb)], S counting speech frames from a0: b scans upwards, keeping the
			 * least ca - tau S over the ends e <= b. */
			for (int64_t b = a0 + 1; b < a1; b++) {
				if (audio->speech[b - 1] && !(nobody && nobody[b - 1]))
					sp_a++;
				if (b - a0 >= lo_a && b - a0 <= la &&
				    ca[b - a0 - 1] - tau * (double)sp_a < run) {
					run = ca[b - a0 - 1] - tau * (double)sp_a;
					run_e = b;
				}
				if (run_e >= 0 && a1 - b >= lo_b && a1 - b <= lb &&
				    run + tau * (double)sp_a + cb[b - (a1 - lb)] < best) {
					best = run + tau * (double)sp_a + cb[b - (a1 - lb)];
					best_s = sp;
					best_e = run_e;
					best_b = b;
				}
			}
			free(ca);
			free(cb);
		}
		if (best_e < 0 || excess < GAPU_EXCESS * (double)(best_b - best_e) ||
		    speech_in(audio->speech, na, best_e, best_b) < GAPU_MIN_MS / hop ||
		    !(whole_cost(synth, xa, ys, dim, k0, k1, a0, a1) - best >=
		      GAPU_GAIN * null_d * (double)(best_b - best_e)))
			continue;
		if (!gapu_spans(synth, xa, ys, dim, &c->dtw, k0, best_s - 1, a0, best_e, rs, re))
			gapu_spans(synth, xa, ys, dim, &c->dtw, best_s, k1, best_b, a1, rs, re);
	}
	free(st);
}

/*
 * A fragment that got far more audio than its speech needs (compared with the typical
 * ratio of audio to synthetic length) holds audio that the text does not cover: an
 * untranscribed remark, music. It is cut at a pause inside its span, keeping the side
 * whose length fits the text and leaving off the side where the path matches worse.
 *
 * A speaker who pauses long between the short sentences of one line is stretched as much:
 * cc4's "Co se děje? Už zase? To snad ne!" (Czech, one fragment, 2.9 s at the recording's
 * pace) said over 6.4 s in three bursts lost the last two, 3.5 s, as sound without text,
 * and the turn ended 5 s early. The side kept must take the fragment's text better than
 * the whole span does, by CUT_BETTER null_d in local DTW cost per step: squeezed onto one
 * burst, three sentences match worse than spread over their own three. On the cases of
 * tests/bench/omit.sh (a sentence or a turn left out of the transcripts of sample.sh's
 * first twelve and of real.sh's people), where 2 s of speech or more was cut, the sides
 * kept by right cuts took their text better by 0.038 null_d at the median in the
 * people's recordings (14 of 96 by under CUT_BETTER) and by 0.064 in the generated ones
 * (0 of 21); those kept by wrong cuts by 0.013 (26 of 63 under CUT_BETTER). At 0 cc4 was
 * still cut once (by 0.005). With the mean distance along a banded path as the measure,
 * 0.02 left 73 of the 266 left-out stretches reported against 76 at 0.01.
 */
#define CUT_BETTER 0.01

int med_align_cut_stretched(const struct med_synth_result *synth, const struct med_features *audio,
                            const struct med_dtw_path *path, const struct med_align_config *c,
                            const float *xa, const float *ys, int dim, float null_d, int64_t *rs,
                            int64_t *re, const struct med_align_frag *frags)
{
	size_t n = synth->n_frags, na = audio->n_frames;
	int hop = audio->hop_ms;
	int64_t min_pause = 300 / hop, min_cut = c->untranscribed_min_ms / hop;
	double tempo = raw_pace(synth, rs, re, frags, hop);
	float *dist_a;

	if (tempo <= 0)
		return MED_OK;
	dist_a = malloc(na * sizeof(float));
	if (!dist_a)
		return MED_ERR_NOMEM;
	for (size_t i = 0; i < na; i++)
		dist_a[i] = 0;
	for (size_t k = 0; k < path->n; k++)
		if (path->dist[k] > dist_a[path->x[k]])
			dist_a[path->x[k]] = path->dist[k];
	for (size_t k = 0; k < n; k++) {
		int64_t ds = synth_speech(synth, k), da = re[k] - rs[k];
		double expect = tempo * (double)ds, best = 1e9;
		int64_t keep_a = -1, keep_b = -1;
		if (synth->speech_first[k] < 0 || frags[k].unspoken || da - expect < min_cut ||
		    (double)da < 2.0 * expect)
			continue;
		/* Candidate cuts: every pause inside the span; keep the start or the end. */
		for (int64_t i = rs[k] + 1; i < re[k] - 1; i++) {
			int64_t j = i, kept_len[2], ka[2], kb[2];
			if (audio->speech[i] || !audio->speech[i - 1])
				continue;
			while (j < re[k] && !audio->speech[j])
				j++;
			if (j - i < min_pause || j >= re[k])
				continue;
			ka[0] = rs[k];
			kb[0] = i;
			ka[1] = j;
			kb[1] = re[k];
			kept_len[0] = i - rs[k];
			kept_len[1] = re[k] - j;
			for (int side = 0; side < 2; side++) {
				double fit = fabs(log(((double)kept_len[side] + 1) / expect)),
				       kc = 0, cc = 0;
				int64_t nk = 0, ncut = 0;
				if (fit > log(1.6))
					continue;
				for (int64_t t = rs[k]; t < re[k]; t++) {
					if (!audio->speech[t])
						continue;
					if (t >= ka[side] && t < kb[side]) {
						kc += dist_a[t];
						nk++;
					} else {
						cc += dist_a[t];
						ncut++;
					}
				}
				if (!nk || !ncut || cc / (double)ncut <= kc / (double)nk)
					continue; /* the part left off must match worse */
				if (fit - (cc / (double)ncut - kc / (double)nk) < best) {
					best = fit - (cc / (double)ncut - kc / (double)nk);
					keep_a = ka[side];
					keep_b = kb[side];
				}
			}
			i = j;
		}
		if (keep_a >= 0 && null_d > 0) {
			double kept = shift_cost(synth, xa, ys, dim, k, keep_a, keep_b),
			       whole = shift_cost(synth, xa, ys, dim, k, rs[k], re[k]);
			if (kept >= 0 && whole >= 0 && kept > whole - CUT_BETTER * null_d)
				keep_a = -1;
		}
		if (keep_a >= 0) {
			rs[k] = keep_a;
			re[k] = keep_b;
		}
	}
	free(dist_a);
	return MED_OK;
}

/*
 * Hiss at the edges of speech. A last "s" (a first "s", "f", "sh") has its power above
 * 3.5 kHz (hiss_db), where the noise of most recordings is weak: there it stands several
 * dB over the noise while the frame energy, which the noise's lower bands fill, hardly
 * moves, and voice activity ends the sentence before it. "works" lost its "s" after the
 * closure of the "k", 250-290 ms, at the end of a turn on five of 25 test recordings.
 *
 * When the synthetic speech of a fragment ends with hiss, the fragment's end moves on over
 * a run of hiss in the audio that starts within HISS_GAP_MS of it; a start that the
 * synthetic speech opens with hiss moves back over one that ends within HISS_ONSET_GAP_MS
 * before it (an inhale before the first word, as noisy as an "s", is further off as a
 * rule). On six test recordings the runs taken after an end began 0-180 ms after it and
 * lasted 40-190 ms; those before a start ended 0-20 ms before it and lasted 40-160 ms. With
 * reverberation a run after an end lasts longer: cut at 250 ms, one of ho2_en2 (reverb
 * 30 %) was lost and its turn end came 268 ms early. A weak voiced sound between the hiss
 * and the words can sink under the noise too and widen the gap: the "m" before the last
 * "z" of "problems" (200 ms), after the first "s" of "Small" (60 ms); the gaps were 200 and
 * 50 ms until such a turn end came 269 ms early and a start 141 ms late on two recordings
 * (and only their projects' turns moved, of 66, when the gaps grew).
 * - Hiss in the synthetic speech: the power of its frames above 3.5 kHz against their
 *   whole energy is HISS_TILT_DB over the median for its speech (a vowel's is low, a
 *   fricative's high), at the median of the edge's HISS_EDGE_FRAMES frames.
 * - Hiss in the audio: HISS_ON_DB over the median of the pauses around (the noise's own
 *   level there), held at HISS_HOLD_DB, for HISS_MIN_MS at least and HISS_ON_DB on the
 *   average; the run must stop HISS_ROOM_MS short of the next fragment (previous) and be
 *   no longer than a consonant (HISS_MAX_MS after an end, where reverberation draws it
 *   out, HISS_ONSET_MAX_MS before a start).
 * - After an end, the run holds while it stays within HISS_DECAY_DB of its loudest frame,
 *   the HISS_PEAK_BACK frames before the end counted: past that it is the hiss's tail, not
 *   a sound of its own. A denoiser (ffmpeg's afftdn, sox's noisered) leaves the pauses 20
 *   to 40 dB under the noise that was, and smears a last "s" over 100-300 ms after it: all
 *   of that stood over the pauses' median there, and turn ends came up to 241 ms late
 *   (afftdn 40 dB on en_main: 35 / 241 ms turn median / worst; 28 / 89 with the rule). Under
 *   steady noise a hiss stands 10-20 dB over it and the floor ends the run first. Not
 *   before a start: an "s" grows into its word from 20 dB and more under its loudest (a
 *   start of hc3 went 84 ms late).
 * - At a change of speaker, a run after a dip of HISS_BREATH_DIP_MS or more that is no
 *   sibilant (unsibilant(): over the dip, its band above 3.5 kHz rises no more than the
 *   whole band, and it has no vowel) is the next speaker's in-breath: a guest's "itself."
 *   under brown noise had taken the host's breath 180 ms after it as its "f" (f6, 350 ms
 *   late). A last "s" rises more above 3.5 kHz than over the whole band under white, pink
 *   and brown noise alike; without the dip's length the test had compared k5's "us." with
 *   two frames of its own decay, and turned its hiss down.
 */
#define HISS_GAP_MS 260      /* after an end: a final "s" after the closure of a "k" or "t" */
#define HISS_ONSET_GAP_MS 80 /* before a start: a first "s" runs into its vowel or an "m" */
#define HISS_TILT_DB 12.0f
#define HISS_SYNTH_QUIET_DB 30.0f
#define HISS_ON_DB 4.0f
#define HISS_HOLD_DB 2.0f
#define HISS_DECAY_DB 20.0f /* a run after an end, under its loudest frame (a tail) */
#define HISS_PEAK_BACK 5    /* the frames before the end that count for that loudest one */
#define HISS_MIN_MS 40
#define HISS_MAX_MS 400       /* after an end (reverberation draws an "s" out) */
#define HISS_ONSET_MAX_MS 250 /* before a start */
#define HISS_ROOM_MS 100
#define HISS_FLOOR_MS 3000 /* the pauses this far either side give the noise's level */
#define HISS_EDGE_FRAMES 5 /* the synthetic speech's frames at an edge that must hiss */
#define HISS_BREATH_DIP_MS 50 /* a dip before a run at a change of speaker, to tell a breath */

/* Whether the synthetic speech's first (dir > 0) or last frames of speech from frame at
 * hiss: their median tilt HISS_TILT_DB over the speech's median tilt med. Frames
 * HISS_SYNTH_QUIET_DB under the synthetic speech's level are its dither, not a sound of the
 * word, though voice activity's hangover holds them: white noise, they read as hiss (the
 * last three frames of "... don't write one." at -51 to -60 dB, 10-19 dB over the median
 * tilt, took a turn's end 0.5 s on over the next speaker's in-breath). */
int med_align_synth_hisses(const struct med_features *f, int64_t at, int dir, float med)
{
	float t[HISS_EDGE_FRAMES], flo = f->speech_level_db - HISS_SYNTH_QUIET_DB;
	int m = 0;
	for (int64_t i = at; m < HISS_EDGE_FRAMES && i >= 0 && i < (int64_t)f->n_frames; i += dir)
		if (f->speech[i] && f->energy_db[i] > flo)
			t[m++] = f->hiss_db[i] - f->energy_db[i];
	if (m < HISS_EDGE_FRAMES)
		return 0;
	return med_median_float(t, (size_t)m) >= med + HISS_TILT_DB;
}

/* The median of the audio's hiss over the pause frames within HISS_FLOOR_MS of [a, b);
 * NAN when there are too few. */
static float hiss_floor(const struct med_features *audio, int64_t a, int64_t b, float *buf)
{
	int64_t w = HISS_FLOOR_MS / audio->hop_ms, lo = a - w > 0 ? a - w : 0,
	        hi = b + w < (int64_t)audio->n_frames ? b + w : (int64_t)audio->n_frames;
	size_t m = 0;
	for (int64_t i = lo; i < hi; i++)
		if (!audio->speech[i])
			buf[m++] = audio->hiss_db[i];
	if (m < (size_t)(HISS_MIN_MS / audio->hop_ms) * 4)
		return NAN;
	return med_median_float(buf, m);
}

/* The far edge of a run of hiss next to frame at, looking in dir (the run must start within
 * HISS_GAP_MS forward, HISS_ONSET_GAP_MS backward, and stay short of limit); at when there
 * is none. Forward, the result is the frame after the run; backward, its first frame. */
static int64_t hiss_run(const struct med_features *audio, int64_t at, int dir, int64_t limit,
                        float floor_db, int64_t *run_first)
{
	int hop = audio->hop_ms;
	int64_t n = (int64_t)audio->n_frames, i = dir > 0 ? at : at - 1, first, last, len;
	int64_t gap_end = i + dir * ((dir > 0 ? HISS_GAP_MS : HISS_ONSET_GAP_MS) / hop);
	const float *h = audio->hiss_db;
	double sum = 0;
	float peak;

	while (i >= 0 && i < n && i != gap_end && (dir > 0 ? i < limit : i >= limit) &&
	       h[i] < floor_db + HISS_ON_DB)
		i += dir;
	if (i < 0 || i >= n || i == gap_end || (dir > 0 ? i >= limit : i < limit))
		return at;
	first = last = i;
	if (run_first)
		*run_first = first;
	/* held at HISS_HOLD_DB; after an end, within HISS_DECAY_DB of its loudest frame */
	peak = h[i];
	for (int64_t j = at - 1; dir > 0 && j >= 0 && at - j <= HISS_PEAK_BACK; j--)
		peak = fmaxf(peak, h[j]);
	for (; i >= 0 && i < n && (dir > 0 ? i < limit : i >= limit) &&
	       h[i] >= floor_db + HISS_HOLD_DB && (dir < 0 || h[i] >= peak - HISS_DECAY_DB);
	     i += dir) {
		last = i;
		peak = fmaxf(peak, h[i]);
	}
	len = (last - first) * dir + 1;
	if (len < HISS_MIN_MS / hop || len > (dir > 0 ? HISS_MAX_MS : HISS_ONSET_MAX_MS) / hop ||
	    (dir > 0 ? last + HISS_ROOM_MS / hop >= limit : last - HISS_ROOM_MS / hop < limit))
		return at;
	for (i = first; i != last + dir; i += dir)
		sum += h[i];
	if (sum / (double)len < floor_db + HISS_ON_DB)
		return at;
	return dir > 0 ? last + 1 : last;
}

/* The median over the synthetic speech of its frames' hiss against their energy (their
 * tilt); NAN without the hiss measured, without speech, or out of memory. */
static float synth_tilt_median(const struct med_synth_result *synth)
{
	const struct med_features *sf = &synth->feats;
	size_t m = 0;
	float *buf, med = NAN;
	if (!sf->hiss_db || !sf->n_frames || !(buf = malloc(sf->n_frames * sizeof(float))))
		return NAN;
	for (size_t i = 0; i < sf->n_frames; i++)
		if (sf->speech[i])
			buf[m++] = sf->hiss_db[i] - sf->energy_db[i];
	if (m)
		med = med_median_float(buf, m);
	free(buf);
	return med;
}

/* A hiss before a turn's first word that the text does not open with: the sound from s
 * up to voice activity's first pause, HISS_LEAD_MAX_MS at most, no vowel, a dip of
 * HISS_LEAD_DIP_MS or more after it, and over that dip its band above 3.5 kHz rising
 * HISS_LEAD_SIB_DB more than the whole band; the frame after the dip (the words' start),
 * or s when there is none before end. A host's in-breath under brown noise, 160 ms, 20 dB
 * over the dip above 3.5 kHz and 12 dB over the whole band, then 140 ms of dip before
 * "Robots", had started the turn 276 ms early (f6): the breath passes for speech beside a
 * quiet speaker (-9 dB), and the noise, low in that band, makes any breath read as a hiss
 * there. A word's own first hiss is the text's ("Still", "So"), and an "h" runs into its
 * vowel without a dip. Of every test set only f6 moved (276 -> 193 ms). */
#define HISS_LEAD_MAX_MS 300
#define HISS_LEAD_DIP_MS 100
#define HISS_LEAD_SIB_DB 4.0
static int64_t hiss_lead(const struct med_features *audio, int64_t s, int64_t end, int hop,
                         int64_t *hiss_end)
{
	const unsigned char *sp = audio->speech;
	int64_t r1 = s, r2;

	if (!audio->voicing || !audio->hiss_db || s < 0 || end > (int64_t)audio->n_frames)
		return s;
	while (r1 < end && sp[r1])
		r1++;
	if (r1 == s || r1 >= end || (r1 - s) * hop > HISS_LEAD_MAX_MS)
		return s;
	for (r2 = r1; r2 < end && !sp[r2];)
		r2++;
	if (r2 >= end || (r2 - r1) * hop < HISS_LEAD_DIP_MS || has_vowel(audio, s, r1, hop))
		return s;
	*hiss_end = r1;
	return hiss_rise(audio, s, r1, r1, r2) >= HISS_LEAD_SIB_DB ? r2 : s;
}

/* Moves the fragments' edges over hiss as above; hissed[k] is set for each fragment whose
 * end moved (it does not linger). med: synth_tilt_median(). */
static void hiss_edges(const struct med_synth_result *synth, const struct med_features *audio,
                       const unsigned char *turn_start, float med, struct med_align_frag *frags,
                       unsigned char *hissed)
{
	const struct med_features *sf = &synth->feats;
	size_t n = synth->n_frags, ns = sf->n_frames, pk = (size_t)-1, k;
	int hop = audio->hop_ms;
	int64_t e, s, t, first, hiss_end;
	float *buf, fl;

	if (!audio->hiss_db || !sf->hiss_db || !ns || isnan(med))
		return;
	buf = malloc((ns > audio->n_frames ? ns : audio->n_frames) * sizeof(float));
	if (!buf)
		return;
	for (k = 0; k < n; k++) {
		if (frags[k].unspoken || synth->speech_first[k] < 0)
			continue;
		if (pk == (size_t)-1) {
			/* the first fragment's start */
			s = frags[k].start_ms / hop;
			fl = hiss_floor(audio, s, s, buf);
			if (!isnan(fl) &&
			    med_align_synth_hisses(sf, synth->speech_first[k], 1, med) &&
			    (t = hiss_run(audio, s, -1, 0, fl, NULL)) != s)
				frags[k].start_ms = t * hop;
		} else {
			struct med_align_frag *pf = &frags[pk], *nf = &frags[k];
			e = pf->end_ms / hop;
			s = nf->start_ms / hop;
			fl = s > e ? hiss_floor(audio, e, s, buf) : NAN;
			if (!isnan(fl) &&
			    med_align_synth_hisses(sf, synth->speech_last[pk], -1, med) &&
			    (t = hiss_run(audio, e, 1, s, fl, &first)) != e &&
			    !(turn_start && turn_start[k] &&
			      first - e >= HISS_BREATH_DIP_MS / hop &&
			      unsibilant(audio, first, t, e, first, hop, 0))) {
				pf->end_ms = (e = t) * hop;
				hissed[pk] = 1;
			}
			if (!isnan(fl) &&
			    med_align_synth_hisses(sf, synth->speech_first[k], 1, med) &&
			    (t = hiss_run(audio, s, -1, e, fl, NULL)) != s)
				nf->start_ms = t * hop;
		}
		/* a hiss before a turn's first word that the text has not (hiss_lead()): the
		 * last turn's when its text ends in one and no more than a dip between words
		 * (TURN_DIP_MS) parts them; the turn starts after it, and past an in-breath
		 * that may follow */
		s = frags[k].start_ms / hop;
		if (turn_start && turn_start[k] &&
		    !med_align_synth_hisses(sf, synth->speech_first[k], 1, med) &&
		    (t = hiss_lead(audio, s, frags[k].end_ms / hop, hop, &hiss_end)) != s) {
			int64_t t2 = med_align_past_breath(audio, t, 1, -1);
			if (pk != (size_t)-1 && frags[pk].end_ms / hop <= s &&
			    s - frags[pk].end_ms / hop <= TURN_DIP_MS / hop &&
			    med_align_synth_hisses(sf, synth->speech_last[pk], -1, med)) {
				frags[pk].end_ms = hiss_end * hop;
				hissed[pk] = 1;
			}
			frags[k].start_ms = (t2 * hop < frags[k].end_ms ? t2 : t) * hop;
		}
		pk = k;
	}
	if (pk != (size_t)-1) {
		/* the last fragment's end */
		e = frags[pk].end_ms / hop;
		fl = hiss_floor(audio, e, e, buf);
		if (!isnan(fl) && med_align_synth_hisses(sf, synth->speech_last[pk], -1, med) &&
		    (t = hiss_run(audio, e, 1, (int64_t)audio->n_frames, fl, NULL)) != e) {
			frags[pk].end_ms = t * hop;
			hissed[pk] = 1;
		}
	}
	free(buf);
}

#define MASK_MAX_MS 400   /* the synthetic speech's end looked at for a hidden hiss */
#define TAIL_DB 1.0f      /* a trace of the hiss: its mean this much over the pause's */
#define TAIL_GAP 5        /* frames between the hiss and the pause it is compared with */
#define TAIL_PAUSE_MS 200 /* that pause, at least */
#define TAIL_REF_MS 500   /* ... and at most */
#define TAIL_WIN 5        /* frames of a short trace (a hiss after a closure) */
#define TAIL_Z 4.0        /* ... that stands this many standard deviations */
#define TAIL_PEAK_DB 1.0  /* ... and this much at least over the pause's windows */

/* The hissing frames (HISS_TILT_DB over the median tilt) among those at the end of fragment
 * k's synthetic speech that lie under the recording's noise floor (TURN_FLOOR_DB over it),
 * the two speech levels made equal; *masked gets the number of those end frames, hissing
 * or not (a closure and its hiss). */
static int64_t masked_hiss(const struct med_synth_result *synth, const struct med_features *audio,
                           size_t k, float tilt, int64_t *masked)
{
	const struct med_features *sf = &synth->feats;
	float thr = audio->noise_floor_db + TURN_FLOOR_DB - audio->speech_level_db +
	            sf->speech_level_db;
	int64_t sl = synth->speech_last[k], s0 = synth->speech_first[k], n = 0;
	*masked = 0;
	if (s0 < 0 || !sf->hiss_db)
		return 0;
	for (int64_t i = sl;
	     i >= s0 && sl - i < MASK_MAX_MS / sf->hop_ms && sf->energy_db[i] <= thr; i--) {
		n += sf->hiss_db[i] - sf->energy_db[i] >= tilt + HISS_TILT_DB;
		*masked = sl - i + 1;
	}
	return n;
}

/* Whether the audio's len frames from e hold more than the pause after them: the mean of
 * their energy or of their hiss TAIL_DB over that of the frames from TAIL_GAP after them
 * to the next fragment's start s (TAIL_PAUSE_MS of them at least, TAIL_REF_MS at most). */
static int faint_tail(const struct med_features *audio, int64_t e, int64_t len, int64_t s)
{
	double ea = 0, eb = 0, ha = 0, hb = 0;
	int hop = audio->hop_ms;
	int64_t b0 = e + len + TAIL_GAP,
	        b1 = s < b0 + TAIL_REF_MS / hop ? s : b0 + TAIL_REF_MS / hop, na = 0, nb = 0;
	if (b1 - b0 < TAIL_PAUSE_MS / hop || len <= 0 || !audio->hiss_db ||
	    b1 > (int64_t)audio->n_frames)
		return 0;
	for (int64_t i = e; i < e + len; i++, na++) {
		ea += audio->energy_db[i];
		ha += audio->hiss_db[i];
	}
	for (int64_t i = b0; i < b1; i++, nb++) {
		eb += audio->energy_db[i];
		hb += audio->hiss_db[i];
	}
	return ea / (double)na > eb / (double)nb + TAIL_DB ||
	       ha / (double)na > hb / (double)nb + TAIL_DB;
}

/* The frames from e to the end of the last TAIL_WIN-frame window of v in [e, e + len) whose
 * mean stands TAIL_Z standard deviations (TAIL_PEAK_DB at least) over the mean of such
 * windows in the pause after it (TAIL_GAP frames on, up to s; TAIL_PAUSE_MS of it at least,
 * TAIL_REF_MS at most); 0 where none does. */
static int64_t tail_peak(const float *v, int hop, int64_t e, int64_t len, int64_t s)
{
	double m = 0, m2 = 0, sd, w = 0;
	int64_t b0 = e + len + TAIL_GAP,
	        b1 = s < b0 + TAIL_REF_MS / hop ? s : b0 + TAIL_REF_MS / hop, n = 0, at = 0;
	if (len < TAIL_WIN || b1 - b0 < TAIL_PAUSE_MS / hop)
		return 0;
	for (int64_t i = b0; i < b1; i++) {
		w += v[i] - (i - b0 >= TAIL_WIN ? v[i - TAIL_WIN] : 0);
		if (i - b0 + 1 >= TAIL_WIN) {
			m += w / TAIL_WIN;
			m2 += (w / TAIL_WIN) * (w / TAIL_WIN);
			n++;
		}
	}
	m /= (double)n;
	sd = sqrt(fmax(m2 / (double)n - m * m, 0));
	w = 0;
	for (int64_t i = e; i < e + len; i++) {
		w += v[i] - (i - e >= TAIL_WIN ? v[i - TAIL_WIN] : 0);
		if (i - e + 1 >= TAIL_WIN && w / TAIL_WIN > m + fmax(TAIL_Z * sd, TAIL_PEAK_DB))
			at = i + 1 - e;
	}
	return at;
}

/*
 * A turn's soft last syllable that the noise hides from voice activity: the "-tion" of
 * "direction" after the closure of its "c" (5-6 dB over white or pink noise at -36 dBFS),
 * the "-dent" of "student" from a quiet speaker 12 dB over the noise. The turn ended on
 * the closure, 225-270 ms early. Below 1 kHz such a syllable stands over the pause after
 * it as much as over the whole band or more (a vowel or a nasal has its power low; an
 * in-breath or a hiss has it high: sb05's breath rose 1.7 dB there, 4.7 over the whole
 * band). From a turn's end e, with the next fragment at s: past the last word's decay, a
 * run of frames whose low band (three frames' mean) rises half SOFT_TAIL_DB over the
 * pause's (the median of [e, s), SOFT_TAIL_REF_MS at most) and SOFT_TAIL_DB at its
 * highest, and holds until it falls under a quarter of SOFT_TAIL_DB over it (as voice
 * activity enters over one threshold and leaves under a lower one: se01's "resistance?"
 * from a quiet host 3-6 dB over the pause, whose "-tance" rose over half for 40 ms and
 * faded 50 ms more, had ended its turn 223 ms early), beginning after a dip under the
 * entry (at least TURN_GASP_DIP_MS, at most TURN_DIP_MS), SOFT_TAIL_MIN_MS long or more,
 * ending within
 * SOFT_TAIL_MAX_MS of e, with SOFT_TAIL_PAUSE_MS of pause after it before s and its rise in
 * the low band no less than its rise over the whole band less SOFT_TAIL_TILT_DB, and no
 * frame of it speech to voice activity (a sound it heard the edge rules have judged: a
 * guest's in-breath 9 dB over brown noise, rising 13 dB below 1 kHz, had ended the host's
 * turn 430 ms late). Not where voice activity keeps out a voice under the speakers: its
 * syllables are such sounds (sd07's, 7-9 dB over the pause below 1 kHz, had ended a turn
 * 256 ms late once the rule was tried after hiss ends). Returns the run's end, or -1.
 */
#define SOFT_TAIL_DB 4.0f
#define SOFT_TAIL_REF_MS 1500
#define SOFT_TAIL_MIN_MS 50
#define SOFT_TAIL_MAX_MS 450
#define SOFT_TAIL_PAUSE_MS 250
#define SOFT_TAIL_TILT_DB 1.0
/* The mean of v over frames i - 1 to i + 1 (i >= 1; i itself for i + 1 past n). */
static float low3(const float *v, int64_t i, int64_t n)
{
	return (v[i - 1] + v[i] + v[i + 1 < n ? i + 1 : i]) / 3.0f;
}

static int64_t soft_tail(const struct med_features *audio, int64_t e, int64_t s)
{
	float buf[SOFT_TAIL_REF_MS / 10 + 1], ref_l, ref_e, on, top = -INFINITY;
	const float *lo = audio->low_db, *en = audio->energy_db;
	int hop = audio->hop_ms > 0 ? audio->hop_ms : 10;
	int64_t r1 = s, d, i0, i1, n = (int64_t)audio->n_frames;
	size_t m = 0;
	double rl = 0, re = 0;

	if (!lo || e < 1 || s > n || s - e < (SOFT_TAIL_MIN_MS + SOFT_TAIL_PAUSE_MS) / hop + 2 ||
	    med_features_background_kept(audio))
		return -1;
	if (r1 - e > SOFT_TAIL_REF_MS / hop)
		r1 = e + SOFT_TAIL_REF_MS / hop;
	if (r1 - e > (int64_t)(sizeof(buf) / sizeof(buf[0])))
		r1 = e + (int64_t)(sizeof(buf) / sizeof(buf[0]));
	for (int64_t i = e; i < r1; i++)
		buf[m++] = lo[i];
	ref_l = med_median_float(buf, m);
	m = 0;
	for (int64_t i = e; i < r1; i++)
		buf[m++] = en[i];
	ref_e = med_median_float(buf, m);
	on = ref_l + 0.5f * SOFT_TAIL_DB;
	/* the last word's decay, the dip, the run */
	for (d = e; d < s - 1 && d - e < TURN_DIP_MS / hop && low3(lo, d, n) >= on;)
		d++;
	for (i0 = d; i0 < s - 1 && i0 - d <= TURN_DIP_MS / hop && low3(lo, i0, n) < on;)
		i0++;
	if (i0 - d < TURN_GASP_DIP_MS / hop || i0 - d > TURN_DIP_MS / hop)
		return -1;
	for (i1 = i0; i1 < s - 1 && low3(lo, i1, n) >= ref_l + 0.25f * SOFT_TAIL_DB; i1++)
		top = fmaxf(top, low3(lo, i1, n));
	if (i1 - i0 < SOFT_TAIL_MIN_MS / hop || top < ref_l + SOFT_TAIL_DB)
		return -1;
	/* a pause after it: nothing more over the pause's level; a second soft syllable
	 * there joins the run when it too ends within SOFT_TAIL_MAX_MS of e, with that pause
	 * after it (sh03's "-sis-" and "-tance?" of a quiet host's "resistance?" under white
	 * noise, the second 150 ms after the first: the turn had ended 469 ms early) */
	for (;;) {
		int64_t j = i1;
		if (i1 - e > SOFT_TAIL_MAX_MS / hop || s - i1 < SOFT_TAIL_PAUSE_MS / hop)
			return -1;
		while (j < i1 + SOFT_TAIL_PAUSE_MS / hop && low3(lo, j, n) < ref_l + SOFT_TAIL_DB)
			j++;
		if (j == i1 + SOFT_TAIL_PAUSE_MS / hop)
			break;
		for (i1 = j; i1 < s - 1 && low3(lo, i1, n) >= ref_l + 0.25f * SOFT_TAIL_DB; i1++)
			;
	}
	for (int64_t i = i0; i < i1; i++) {
		if (audio->speech && audio->speech[i])
			return -1; /* heard: the other rules have judged it */
		rl += lo[i] - ref_l;
		re += en[i] - ref_e;
	}
	if (rl < re - SOFT_TAIL_TILT_DB * (double)(i1 - i0))
		return -1;
	return i1;
}

int64_t med_align_soft_tail(const struct med_features *audio, int64_t e, int64_t s)
{
	return audio && audio->energy_db ? soft_tail(audio, e, s) : -1;
}

void med_align_hiss_edges(const struct med_synth_result *synth, const struct med_features *audio,
                          const unsigned char *turn_start, struct med_align_frag *frags)
{
	unsigned char *hissed = calloc(synth->n_frags ? synth->n_frags : 1, 1);
	if (hissed)
		hiss_edges(synth, audio, turn_start, synth_tilt_median(synth), frags, hissed);
	free(hissed);
}

/* The lingers after fragments' ends, med_align_run()'s step described there: a turn's soft
 * last syllable (soft_tail()), a last hiss the noise hides (faint_tail(), tail_peak()), else
 * linger_ms, never past the middle of the pause after the end. hissed (may be NULL): the
 * fragments whose end hiss_edges() put on a run of hiss; hiss: whether the hiss edges are on
 * (then tilt is the synthetic speech's median tilt). */
static void end_lingers(const struct med_synth_result *synth, const struct med_features *audio,
                        const unsigned char *turn_start, int linger_ms, int hiss, float tilt,
                        const unsigned char *hissed, struct med_align_frag *frags)
{
	size_t n = synth->n_frags, na = audio->n_frames;
	int hop = audio->hop_ms > 0 ? audio->hop_ms : 10;
	double pace = spoken_pace(synth, frags, hop);
	for (size_t k = 0; linger_ms > 0 && k < n; k++) {
		size_t b = next_spoken(frags, n, k + 1);
		int64_t room = b < n ? (frags[b].start_ms - frags[k].end_ms) / 2
		                     : (int64_t)na * hop - frags[k].end_ms;
		int64_t linger = linger_ms, hid, masked = 0, at, e = frags[k].end_ms / hop,
		        s_next = b < n ? frags[b].start_ms / hop : (int64_t)na;
		if (frags[k].unspoken || room <= 0)
			continue;
		/* a turn's soft last syllable under the noise (soft_tail()), also after an end
		 * that hiss_edges() put on a run of hiss: that may be the "s" inside the last
		 * word ("resis-" of "resistance?", the "-tance" 3-6 dB over the pause after it;
		 * se01's host turn had ended on it, 223 ms early) */
		if (turn_start && (b == n || turn_start[b])) {
			int64_t t = soft_tail(audio, e, s_next);
			if (t >= 0) {
				frags[k].end_ms = t * hop;
				continue;
			}
		}
		if (hissed && hissed[k])
			continue;
		/* a last hiss under the noise (med_align_run()) */
		hid = 0;
		if (hiss)
			hid = (int64_t)(pace * (double)masked_hiss(synth, audio, k, tilt, &masked));
		if (hid * hop > linger && faint_tail(audio, e, hid, s_next))
			linger = hid * hop;
		else if (hid * hop > linger && audio->hiss_db) {
			/* ... or a short trace after a closure (tail_peak()) */
			masked = (int64_t)(pace * (double)masked) + TAIL_WIN;
			at = tail_peak(audio->hiss_db, hop, e, masked, s_next);
			if (at * hop > linger)
				linger = at * hop;
		}
		frags[k].end_ms += room < linger ? room : linger;
	}
}

void med_align_end_tails(const struct med_synth_result *synth, const struct med_features *audio,
                         const unsigned char *turn_start, int linger_ms,
                         struct med_align_frag *frags)
{
	unsigned char *hissed = calloc(synth->n_frags ? synth->n_frags : 1, 1);
	float tilt = synth_tilt_median(synth);
	if (!hissed)
		return;
	hiss_edges(synth, audio, turn_start, tilt, frags, hissed);
	end_lingers(synth, audio, turn_start, linger_ms, 1, tilt, hissed, frags);
	free(hissed);
}

/* snap_frags()'s borrowing for fragment k, squeezed to nothing: from the next spoken
 * fragment nk (n: none), up to that one's first pause within cap frames; 1 when done. */
static int borrow_after(struct med_align_frag *frags, size_t k, size_t nk, size_t n, int64_t cap,
                        const int64_t *ps, const int64_t *pe, size_t n_p, int hop)
{
	struct med_align_frag *fr = &frags[k], *nf;
	int64_t st = fr->start_ms / hop, en = fr->end_ms / hop;
	size_t q;
	if (nk >= n || frags[nk].start_ms / hop > en + 1)
		return 0;
	nf = &frags[nk];
	q = pause_after(pe, n_p, st);
	if (q >= n_p || ps[q] <= st || pe[q] >= nf->end_ms / hop || ps[q] - st > cap)
		return 0;
	fr->end_ms = ps[q] * hop;
	nf->start_ms = pe[q] * hop;
	return 1;
}

/* ... from the spoken fragment before it, pk - 1 (pk > 0), from that one's last pause
 * before it; where the pause before k lies between the two (and k opens no turn), from the
 * pause before that one, k ending at the pause between and the next fragment nk starting
 * after it. 1 when done. */
static int borrow_before(struct med_align_frag *frags, size_t n, size_t k, size_t pk, size_t nk,
                         int64_t cap, const int64_t *ps, const int64_t *pe, size_t n_p, int hop,
                         const struct med_align_config *cin)
{
	struct med_align_frag *fr = &frags[k], *pf = &frags[pk - 1];
	int64_t st = fr->start_ms / hop, en = fr->end_ms / hop, end = en, after = -1;
	size_t q = pause_after(pe, n_p, st);
	if (q == 0 || q > n_p)
		return 0;
	q--;
	if (ps[q] >= pf->end_ms / hop && q > 0 && pe[q] <= st &&
	    !(cin->turn_start && cin->turn_start[k])) {
		end = ps[q];
		after = pe[q];
		q--;
	}
	if (pe[q] > st || ps[q] <= pf->start_ms / hop || end - pe[q] > cap || pe[q] >= end)
		return 0;
	fr->start_ms = pe[q] * hop;
	pf->end_ms = ps[q] * hop;
	if (after >= 0) {
		fr->end_ms = end * hop;
		if (nk < n && frags[nk].start_ms / hop <= en)
			frags[nk].start_ms = after * hop;
	}
	return 1;
}

/*
 * Snaps each fragment's raw span [rs, re) (audio frames, from the path) to voice activity's
 * pauses (ps, pe: n_p of them in speech): a boundary inside or near a pause takes the
 * pause's edges; then order and lengths are made right and a fragment squeezed to nothing
 * borrows from a neighbour up to the nearest pause. Fills frags' start_ms and end_ms.
 */
static void snap_frags(const struct med_synth_result *synth, const struct med_features *audio,
                       const unsigned char *speech, const struct med_align_config *cin,
                       const int64_t *ps, const int64_t *pe, size_t n_p, size_t ns, int64_t snap,
                       const int64_t *rs, const int64_t *re, struct med_align_frag *frags)
{
	size_t n = synth->n_frags, na = audio->n_frames, k;
	int hop = audio->hop_ms;
	int64_t prev_end = 0;
	size_t prev = (size_t)-1; /* last spoken fragment */
	for (k = 0; k < n; k++) {
		struct med_align_frag *fr = &frags[k];
		int64_t s = rs[k], e = re[k];
		if (fr->unspoken)
			continue;
		if (s < prev_end)
			s = prev_end;
		if (prev == (size_t)-1) {
			s = snap_start(ps, pe, n_p, (int64_t)na, s, snap);
		} else if (s - re[prev] > 2 * snap) {
			/* Audio between the two that neither covers: each end on its own.
			 * An end still inside a run of speech goes on to the run's edge
			 * when that is near (twice the snapping radius) and inside the
			 * gap: a sentence does not start or stop in the middle of a word,
			 * and the path is least sure at a gap. */
			struct med_align_frag *pf = &frags[prev];
			int64_t pe_t = snap_end(ps, pe, n_p, re[prev], pf->start_ms / hop, snap);
			size_t q;
			s = snap_start(ps, pe, n_p, (int64_t)na, s, snap);
			if (pe_t < (int64_t)na && speech[pe_t]) {
				q = pause_after(pe, n_p, pe_t);
				if (q < n_p && ps[q] > pe_t && ps[q] - pe_t <= 2 * snap &&
				    ps[q] < s)
					pe_t = ps[q];
			}
			pf->end_ms = pe_t * hop;
			if (s > 0 && s < (int64_t)na && speech[s] && speech[s - 1]) {
				q = pause_after(pe, n_p, s);
				if (q > 0 && pe[q - 1] <= s && s - pe[q - 1] <= 2 * snap &&
				    pe[q - 1] > pe_t)
					s = pe[q - 1];
			}
			if (s < pe_t)
				s = pe_t;
		} else {
			/* Boundary between prev and k: best pause near [re[prev], s]. */
			int64_t lo_t = re[prev] < s ? re[prev] : s,
			        hi_t = re[prev] < s ? s : re[prev];
			/* A long pause is a likely sentence end: the tolerance grows with
			 * the pause's length, up to twice the snapping radius (three times,
			 * and faster, after a fragment that ends a sentence inside a turn;
			 * a change of speaker has its own rules, turn_pauses()). */
			int full = cin->sentence_end && cin->sentence_end[prev] &&
			           !(cin->turn_start && cin->turn_start[k]);
			int64_t reach = (full ? 3 : 2) * snap;
			size_t q = pause_after(pe, n_p, lo_t - reach);
			/* A fragment the path gave a quarter of the speech its synthetic
			 * speech asks for (at the recording's overall pace) or more does
			 * not start after the end of that audio: a long pause right after
			 * a short reply would otherwise take its start 3.2 s late. One
			 * squeezed to less (a frame at the end of the sentence before) may
			 * move past it. */
			int kept = synth->speech_first[k] >= 0 &&
			           4 * speech_in(speech, na, rs[k], re[k]) * (int64_t)ns >=
			                   synth_speech(synth, k) * (int64_t)na;
			double best = (double)snap;
			int64_t bs = -1, be = -1;
			for (; q < n_p && ps[q] <= hi_t + reach; q++) {
				double dist = 0, len = (double)(pe[q] - ps[q]), score;
				if (pe[q] < lo_t)
					dist = (double)(lo_t - pe[q]);
				else if (ps[q] > hi_t)
					dist = (double)(ps[q] - hi_t);
				score = dist - (full ? fmin(len, 3.0 * (double)snap)
				                     : 0.5 * fmin(len, 2.0 * (double)snap));
				/* (nor after the recording's last pause: no speech follows it) */
				if (score <= best && ps[q] >= frags[prev].start_ms / hop &&
				    (!kept || pe[q] <= re[k]) && pe[q] < (int64_t)na) {
					best = score;
					bs = ps[q];
					be = pe[q];
				}
			}
			if (bs >= 0) {
				frags[prev].end_ms = bs * hop;
				s = be;
			} else {
				int64_t mid = (re[prev] + s) / 2;
				if (mid < frags[prev].start_ms / hop)
					mid = frags[prev].start_ms / hop;
				frags[prev].end_ms = mid * hop;
				if (s < mid)
					s = mid;
			}
			prev_end = frags[prev].end_ms / hop;
			if (s < prev_end)
				s = prev_end;
		}
		if (e < s)
			e = s;
		fr->start_ms = s * hop;
		fr->end_ms = e * hop;
		prev = k;
		prev_end = s;
	}
	if (prev != (size_t)-1) {
		/* Last end. */
		struct med_align_frag *fr = &frags[prev];
		int64_t e = snap_end(ps, pe, n_p, fr->end_ms / hop, fr->start_ms / hop, snap);
		fr->end_ms = e * hop;
	}
	/* Order and lengths, whatever the snapping did: start >= previous end,
	 * end >= start. */
	prev_end = 0;
	for (k = 0; k < n; k++) {
		struct med_align_frag *fr = &frags[k];
		if (fr->unspoken)
			continue;
		if (fr->start_ms < prev_end)
			fr->start_ms = prev_end;
		if (fr->end_ms < fr->start_ms)
			fr->end_ms = fr->start_ms;
		prev_end = fr->end_ms;
	}
	/* A spoken fragment squeezed to nothing (two short, similar sentences taken for
	 * one another) borrows from its neighbour up to the nearest pause: the next
	 * fragment's first pause, else the previous fragment's last one; the previous
	 * first where only it is of the same turn (sd03: the path gave a turn's last
	 * sentence the 1.9 s pause before the next speaker, the snapping took its start
	 * past the pause, and borrowing from the next turn gave it the next speaker's
	 * first words, 2 s of them, where its own words lay at the end of the sentence
	 * before it). */
	for (k = 0; k < n; k++) {
		struct med_align_frag *fr = &frags[k];
		int64_t st = fr->start_ms / hop, en = fr->end_ms / hop, ds, cap;
		size_t nk = next_spoken(frags, n, k + 1), pk = k;
		if (fr->unspoken || en - st > 5 || synth->speech_first[k] < 0)
			continue;
		ds = synth_speech(synth, k);
		cap = 3 * ds * (int64_t)na / (int64_t)ns + snap;
		while (pk > 0 && frags[pk - 1].unspoken)
			pk--;
		/* the previous first where only it is of the same turn */
		if (cin->turn_start && nk < n && cin->turn_start[nk] && pk > 0 &&
		    !cin->turn_start[k]) {
			if (!borrow_before(frags, n, k, pk, nk, cap, ps, pe, n_p, hop, cin))
				borrow_after(frags, k, nk, n, cap, ps, pe, n_p, hop);
		} else if (!borrow_after(frags, k, nk, n, cap, ps, pe, n_p, hop) && pk > 0) {
			borrow_before(frags, n, k, pk, nk, cap, ps, pe, n_p, hop, cin);
		}
	}
}

void med_align_snap(const struct med_synth_result *synth, const struct med_features *audio,
                    const struct med_align_config *c, const int64_t *rs, const int64_t *re,
                    struct med_align_frag *frags)
{
	int64_t *ps, *pe;
	size_t n_p;
	if (!pauses_new(audio, &ps, &pe, &n_p))
		return;
	snap_frags(synth, audio, audio->speech, c, ps, pe, n_p, synth->feats.n_frames,
	           c->snap_ms / audio->hop_ms, rs, re, frags);
	free(ps);
	free(pe);
}

#define ALIGN_MAX_NOBODY 8 /* runs of nobody's voice taken out at most */
#define NOBODY_REACH 3     /* turns either side of such a run aligned again */

/* Steps [k0, k1) of src appended to np (reserved), moved by dx audio and dy synthetic frames. */
static void path_append(struct med_dtw_path *np, const struct med_dtw_path *src, size_t k0,
                        size_t k1, int64_t dx, int64_t dy)
{
	for (size_t k = k0; k < k1; k++, np->n++) {
		np->x[np->n] = (int32_t)(dx + src->x[k]);
		np->y[np->n] = (int32_t)(dy + src->y[k]);
		np->dist[np->n] = src->dist[k];
	}
}

/*
 * A run [a, b) of nobody's voice (med_voices_nobody()) taken out of the path: the text of the
 * NOBODY_REACH turns either side of it (from the change of turn the path puts at or before
 * a, NOBODY_REACH - 1 more, to the one at or after b, as many more) is aligned again by
 * DTW on the audio before the run and after it, split at each change of turn between whose
 * speakers are the voices heard either side of the run (before, after: -1 where unclear);
 * the split of least total DTW cost wins, and the run is held on the last synthetic frame
 * of the turn before it (no fragment's span takes audio of the run). The path
 * had spread the text on both sides over the run (an advertisement of 24 s between two
 * turns: the host's short turn on the ad's first seconds, or squeezed out before it), and
 * the choice of a gap among the changes of speaker that follows could not always undo it.
 * The voices' spans for the changes of speaker re-cut (span_lo, span_hi) were the old
 * path's and are dropped; [*cut_a, *cut_b) gets the audio re-cut (-1 when nothing was).
 * Returns MED_OK (also when nothing fits) or MED_ERR_NOMEM.
 */
static int nobody_recut(const float *xa, const float *ys, int dim,
                        const struct med_synth_result *synth, const unsigned char *turn_start,
                        const int *speaker, const struct med_dtw_config *dc, int64_t a, int64_t b,
                        int before, int after, int64_t *span_lo, int64_t *span_hi,
                        struct med_dtw_path *p, int64_t *cut_a, int64_t *cut_b)
{
	size_t n = synth->n_frags, m = 0, lo, hi, best = 0, e_lo, e_hi;
	int64_t *tj = malloc((n + 1) * sizeof(int64_t)), A0, A1, J0, J1, best_j = 0;
	size_t *te = malloc((n + 1) * sizeof(size_t)), *tk = malloc((n + 1) * sizeof(size_t));
	struct med_dtw_path s1, s2, b1, b2, np;
	double best_c = INFINITY;
	int r = MED_OK;

	memset(&b1, 0, sizeof(b1));
	memset(&b2, 0, sizeof(b2));
	memset(&np, 0, sizeof(np));
	*cut_a = *cut_b = -1;
	if (!tj || !te || !tk) {
		r = MED_ERR_NOMEM;
		goto out;
	}
	/* the changes of turn (and the text's start) and where the path enters them */
	for (size_t k = 0, e = 0; k < n; k++) {
		int64_t j = synth->frag_frame[k];
		if (k > 0 && !turn_start[k])
			continue;
		while (e < p->n && p->y[e] < j)
			e++;
		if (e >= p->n)
			break;
		tj[m] = j;
		tk[m] = k;
		te[m++] = e;
	}
	for (lo = m; lo > 0 && p->x[te[lo - 1]] >= a; lo--)
		;
	if (lo == 0)
		goto out;
	lo = lo - 1 >= NOBODY_REACH - 1 ? lo - 1 - (NOBODY_REACH - 1) : 0;
	for (hi = 0; hi < m && p->x[te[hi]] < b; hi++)
		;
	if (hi + NOBODY_REACH - 1 >= m)
		goto out;
	hi += NOBODY_REACH - 1;
	e_lo = te[lo];
	e_hi = te[hi];
	A0 = p->x[e_lo];
	J0 = tj[lo];
	A1 = p->x[e_hi];
	J1 = tj[hi];
	if (A0 + 2 > a || b + 2 > A1)
		goto out;
	for (size_t c = lo + 1; c < hi; c++) {
		int64_t J = tj[c];
		memset(&s1, 0, sizeof(s1));
		memset(&s2, 0, sizeof(s2));
		/* the voices either side of the run, where they are clear, are the turns' */
		if (J - J0 < 2 || J1 - J < 2 ||
		    (speaker && before >= 0 && speaker[tk[c] - 1] != before) ||
		    (speaker && after >= 0 && speaker[tk[c]] != after))
			continue;
		r = med_dtw_multires(xa + A0 * dim, (size_t)(a - A0), ys + J0 * dim,
		                     (size_t)(J - J0), dim, dc, &s1, NULL, NULL);
		if (!r)
			r = med_dtw_multires(xa + b * dim, (size_t)(A1 - b), ys + J * dim,
			                     (size_t)(J1 - J), dim, dc, &s2, NULL, NULL);
		if (r) {
			med_dtw_path_release(&s1);
			med_dtw_path_release(&s2);
			if (r == MED_ERR_NOMEM)
				goto out;
			r = MED_OK;
			continue;
		}
		if (s1.cost + s2.cost < best_c) {
			best_c = s1.cost + s2.cost;
			best = c;
			best_j = J;
			med_dtw_path_release(&b1);
			med_dtw_path_release(&b2);
			b1 = s1;
			b2 = s2;
		} else {
			med_dtw_path_release(&s1);
			med_dtw_path_release(&s2);
		}
	}
	if (!best)
		goto out;
	{
		int64_t J = best_j;
		r = med_dtw_path_reserve(&np, e_lo + b1.n + (size_t)(b - a) + b2.n + (p->n - e_hi));
		if (r)
			goto out;
		path_append(&np, p, 0, e_lo, 0, 0);
		path_append(&np, &b1, 0, b1.n, A0, J0);
		for (int64_t i = a; i < b; i++, np.n++) {
			np.x[np.n] = (int32_t)i;
			np.y[np.n] = (int32_t)(J - 1);
			np.dist[np.n] = med_dtw_dist(xa + i * dim, ys + (J - 1) * dim, dim);
		}
		path_append(&np, &b2, 0, b2.n, b, J);
		path_append(&np, p, e_hi, p->n, 0, 0);
		np.cost = p->cost;
		np.norm_cost = p->norm_cost;
		np.cells = p->cells;
		np.widened = p->widened;
		if (med_dtw_path_valid(&np, (size_t)p->x[p->n - 1] + 1,
		                       (size_t)p->y[p->n - 1] + 1)) {
			med_dtw_path_release(p);
			*p = np;
			memset(&np, 0, sizeof(np));
			/* the voices' spans for the changes of speaker here were the old path's */
			for (size_t k = tk[lo] + 1; k <= tk[hi] && k < n; k++)
				span_lo[k] = span_hi[k] = -1;
			*cut_a = A0;
			*cut_b = A1;
		}
	}
out:
	med_dtw_path_release(&b1);
	med_dtw_path_release(&b2);
	med_dtw_path_release(&np);
	free(tj);
	free(te);
	free(tk);
	return r;
}

/*
 * Whether a fragment of ds frames of synthetic speech whose raw span through the path is
 * audio [a, b) went unheard: the span is shorter than compress times the text's speech, or
 * holds less than half that of speech. Speech here is voice activity's, or a frame
 * UNHEARD_WEAK_DB over the noise floor where that finds more: voice activity starts a
 * run at a share of the span between the floor and the speech's level, and a host 15 dB
 * under the guest under pink noise (its median frame 1.5 dB over the noise, 5 dB at the
 * 90th percentile) was speech on 18 % of its frames; 12 of its sentences were reported
 * not heard and its turns ended up to 5.6 s early (sc03). Stationary noise lies within
 * a decibel or two of its floor, so a sentence laid over a pause still finds little.
 */
#define UNHEARD_WEAK_DB 3.0f
static int raw_unheard(const struct med_features *audio, int64_t a, int64_t b, int64_t ds,
                       float compress)
{
	int64_t n = (int64_t)audio->n_frames, sp, weak = 0;
	float th = audio->noise_floor_db + UNHEARD_WEAK_DB;
	if (a < 0)
		a = 0;
	if (b > n)
		b = n;
	if ((double)(b - a) < compress * (double)ds)
		return 1;
	sp = speech_in(audio->speech, (size_t)n, a, b);
	for (int64_t i = a; audio->energy_db && i < b; i++)
		weak += audio->energy_db[i] > th;
	if (weak > sp)
		sp = weak;
	return (double)sp < 0.5 * compress * (double)ds;
}

int med_align_unheard(const struct med_features *audio, int64_t a, int64_t b, int64_t ds,
                      float compress)
{
	return raw_unheard(audio, a, b, ds, compress);
}

/*
 * The pace of the path: for each fragment heard (not unspoken, with synthetic speech, over
 * 50 ms in the audio), the natural logarithm of its time in the audio over its synthetic
 * speech's; *pace gets the exponential of their median, *spread their median absolute
 * deviation from it. Returns how many fragments were counted (0: *pace and *spread 0).
 *
 * It is the does-it-belong test's second witness. The match ratio weighs how much closer
 * the audio lies to its text than to text from elsewhere; on people's voices, which the
 * synthetic voice resembles less, the right text gains little. tests/bench/foreign.sh
 * aligns every recording the other benches leave with its own transcript and with
 * another of its language: the own transcripts scored 0.895-0.973 on the 56 recordings
 * of people (real.sh), the transcripts of another recording by the same actors
 * 0.977-1.002 (2 of 45 at 0.98 or under), and other English transcripts on synthetic
 * English recordings 0.932-1.038 (26 of 129; most of them short texts laid over a long
 * recording, aligned with confidences of 0.9). The path tells them apart another way:
 * people speak each sentence of their own text in about the time the synthetic voice
 * takes, times their pace, while a path through a text that is not theirs squeezes some
 * sentences and stretches others, or stretches them all. Over the 213 recordings with
 * their own text (synthetic voices and people, eight languages) the pace lay within
 * 0.80-1.59 and the spread within 0.043-0.185 (the game's actors; 0.125 at most on
 * synthetic voices); with another text the pace ran from 0.56 to 21 and the spread from
 * 0.105 to 0.64. Of the 28 other texts at a ratio of 0.98 or under, the pace refused 27;
 * the one let through kept 2.03 and 0.209. No own text was refused. A pace 2.5 times off
 * or a spread over 0.22 counts only with a ratio near the threshold (espeak-ng's Russian
 * is fast: the Russian readers' own texts lay at 1.36-1.59, and a slower speaker could
 * pass 2.5); a pace 4 times off is no one's (sf11 with another interview's 16 cues: 6.59,
 * at a ratio of 0.932), nor is a pace 2.5 times off that spreads over 0.22 (en_hour, 55
 * minutes of the interview, with the 21 cues of tests/bench/texts/bees.en.txt: 3.69 and
 * 0.288 at a ratio of 0.941, the text scattered over 26 minutes of it in five places).
 *
 * The witness vouches too: no other text kept a spread of 0.12 or less at a pace
 * within 0.4-2.5, and a right text can pass 0.98 on one of the two passes where
 * espeak-ng's voice matches the speaker badly (real.sh's cc4: 0.982 on its first pass,
 * 0.950 on the second, which is kept), so a steady pace over twenty fragments or more
 * lets the ratio reach 0.99.
 */
size_t med_align_path_pace(const struct med_synth_result *synth, const struct med_align_frag *frags,
                           size_t n, int hop, double *pace, double *spread)
{
	float *v = n ? malloc(n * sizeof(float)) : NULL;
	size_t m = 0;
	float med;

	*pace = *spread = 0;
	if (!v)
		return 0;
	for (size_t k = 0; k < n; k++) {
		int64_t sd = synth_speech(synth, k) * hop, d = frags[k].end_ms - frags[k].start_ms;
		if (!frags[k].unspoken && sd > 0 && d > 50)
			v[m++] = logf((float)d / (float)sd);
	}
	if (m) {
		med = med_median_float(v, m);
		for (size_t k = 0; k < m; k++)
			v[k] = fabsf(v[k] - med);
		*pace = exp((double)med);
		*spread = (double)med_median_float(v, m);
	}
	free(v);
	return m;
}

/* Whether pace lies over times or under 1 / times. */
static int pace_off(double pace, double times)
{
	return pace > times || pace < 1.0 / times;
}

double med_align_ratio_limit(double thr, size_t pace_frags, double pace, double spread)
{
	if (pace_frags >= MED_ALIGN_PACE_VOUCH_FRAGS && !pace_off(pace, MED_ALIGN_PACE_FAR) &&
	    spread <= MED_ALIGN_PACE_STEADY)
		return thr + MED_ALIGN_PACE_VOUCH;
	return thr;
}

int med_align_foreign(double ratio, double thr, size_t pace_frags, double pace, double spread)
{
	if (ratio > med_align_ratio_limit(thr, pace_frags, pace, spread))
		return 1;
	if (pace_frags < MED_ALIGN_PACE_MIN_FRAGS)
		return 0;
	if (pace_off(pace, MED_ALIGN_PACE_ABSURD) ||
	    (pace_off(pace, MED_ALIGN_PACE_FAR) && spread > MED_ALIGN_PACE_SPREAD))
		return 1;
	return ratio > thr - MED_ALIGN_PACE_SLACK &&
	       (pace_off(pace, MED_ALIGN_PACE_FAR) || spread > MED_ALIGN_PACE_SPREAD);
}

int med_align_run(const struct med_synth_result *synth, const struct med_features *audio,
                  const struct med_align_config *cin, struct med_align_result *out,
                  med_progress_fn progress, void *user)
{
	struct med_align_config def;
	struct med_dtw_path path;
	struct med_missing_input mi;
	float *xa = NULL, *ys = NULL, *costs = NULL, *glr_buf = NULL, null_d;
	unsigned char *speech_m = NULL, *hissed = NULL, *nobody_mask = NULL;
	int64_t nb_a[ALIGN_MAX_NOBODY], nb_b[ALIGN_MAX_NOBODY];
	int nb_before[ALIGN_MAX_NOBODY], nb_after[ALIGN_MAX_NOBODY];
	int n_nb = 0;
	int64_t *trimmed = NULL;
	/* the voices' runs of another speaker's voice inside a turn (frames), for the report */
	int64_t ov_a[MED_VOICES_MAX_MUSIC], ov_b[MED_VOICES_MAX_MUSIC];
	int ov_spk[MED_VOICES_MAX_MUSIC], n_ov = 0;
	const unsigned char *speech = audio ? audio->speech : NULL;
	int32_t *a_first = NULL, *a_last = NULL;
	int64_t *rs = NULL, *re = NULL, *ps = NULL, *pe = NULL, *span_lo = NULL, *span_hi = NULL;
	double *csum = NULL;
	size_t *ccnt = NULL, n, na, ns, n_p = 0, k, lead = 0, tail = 0;
	int dim = 0, r, hop;
	int64_t snap;
	double t0;
	struct null_job nj;
	pthread_t null_th;
	int null_started = 0;

	if (!out)
		return MED_ERR_ARG;
	memset(out, 0, sizeof(*out));
	memset(&path, 0, sizeof(path));
	if (!synth || !audio || !synth->n_frags || !synth->feats.n_frames || !audio->n_frames ||
	    synth->feats.n_coeffs != audio->n_coeffs || synth->feats.hop_ms != audio->hop_ms ||
	    audio->hop_ms <= 0)
		return MED_ERR_ARG;
	if (!cin) {
		med_align_config_init(&def);
		cin = &def;
	}
	n = synth->n_frags;
	na = audio->n_frames;
	ns = synth->feats.n_frames;
	hop = audio->hop_ms;
	snap = cin->snap_ms / hop;
	/* The copies hold the MFCCs: the caller may let each original go as soon as its copy
	 * is made. The two are made side by side. */
	t0 = align_now();
	{
		struct seq_job ja = {audio, cin->drop_audio, cin, NULL, 0},
		               js = {&synth->feats, cin->drop_synth, cin, NULL, 0};
		med_run_two(seq_thread, &js, &ja);
		xa = ja.seq;
		dim = ja.dim;
		ys = js.seq;
	}
	out->frags = calloc(n, sizeof(*out->frags));
	a_first = malloc(ns * sizeof(int32_t));
	a_last = malloc(ns * sizeof(int32_t));
	rs = malloc(n * sizeof(int64_t));
	re = malloc(n * sizeof(int64_t));
	ps = malloc(PAUSE_ROOM(na) * sizeof(int64_t));
	pe = malloc(PAUSE_ROOM(na) * sizeof(int64_t));
	csum = calloc(n, sizeof(double));
	ccnt = calloc(n, sizeof(size_t));
	costs = malloc(n * sizeof(float));
	if (!xa || !ys || !out->frags || !a_first || !a_last || !rs || !re || !ps || !pe || !csum ||
	    !ccnt || !costs) {
		r = MED_ERR_NOMEM;
		goto out_fail;
	}
	out->n_frags = n;

	r = edges_without_text(xa, na, ys, ns, dim, synth, hop, cin->turn_start, &lead, &tail);
	if (!r)
		r = music_edges(audio, xa, dim, na, ys, ns, synth, hop, cin->turn_start, &lead,
		                &tail);
	if (r)
		goto out_fail;
	mi = (struct med_missing_input){.synth = synth,
	                                .xa = xa,
	                                .ys = ys,
	                                .na = na,
	                                .ns = ns,
	                                .dim = dim,
	                                .hop_ms = hop,
	                                .turn_start = cin->turn_start,
	                                .lead = lead,
	                                .tail = tail,
	                                .dtw = &cin->dtw,
	                                .squeeze = cin->unspoken_compress};
	out->seconds.edges = align_lap(&t0);
	r = dtw_long_pauses(xa + lead * (size_t)dim, na - lead - tail, audio->speech + lead, ys, ns,
	                    dim, hop, &cin->dtw, &path, progress, user);
	if (r)
		goto out_fail;
	if (lead || tail) {
		/* The lead-in is held on the first synthetic frame, the tail on the last, as
		 * an edge skip would. */
		r = path_extend(&path, lead, tail, na, xa, ys, ns, dim);
		if (r)
			goto out_fail;
		r = edge_retry(xa, na, audio->speech, ys, ns, dim, synth, hop, &cin->dtw, &lead,
		               &tail, &path);
		if (r)
			goto out_fail;
		mi.lead = lead;
		mi.tail = tail;
	}
	r = med_missing_check(&mi, &path, &out->missing_moved);
	if (r)
		goto out_fail;
	out->seconds.dtw = align_lap(&t0);
	out->dtw_cells = path.cells;
	out->dtw_widened = path.widened;
	out->voices_separability = -1;
	{
		struct med_voices_input vi;
		struct med_voices_report vr;
		memset(&vi, 0, sizeof(vi));
		vi.synth = synth;
		vi.speech = audio->speech;
		vi.xa = xa;
		vi.ys = ys;
		vi.na = na;
		vi.ns = ns;
		vi.dim = dim;
		vi.local_mean = audio->local_mean;
		vi.xv = audio->mfcc_voice;
		vi.energy_db = audio->energy_db;
		vi.voicing = audio->voicing;
		vi.speech_level_db = audio->speech_level_db;
		vi.n_coeffs = audio->n_coeffs;
		vi.hop_ms = hop;
		vi.speaker = cin->speaker;
		vi.turn_start = cin->turn_start;
		vi.lead = lead;
		vi.tail = tail;
		vi.dtw = &cin->dtw;
		span_lo = malloc(n * sizeof(int64_t));
		span_hi = malloc(n * sizeof(int64_t));
		if (!span_lo || !span_hi) {
			r = MED_ERR_NOMEM;
			goto out_fail;
		}
		for (k = 0; k < n; k++)
			span_lo[k] = span_hi[k] = -1;
		vi.span_lo = span_lo;
		vi.span_hi = span_hi;
		r = med_voices_check(&vi, &path, &vr);
		if (r)
			goto out_fail;
		out->voices_separability = vr.separability;
		out->voices_used = vr.used;
		out->voices_moved = vr.moved;
		/* Moved changes of speaker can squeeze a turn out: checked again. */
		if (vr.moved) {
			int m2 = 0;
			r = med_missing_check(&mi, &path, &m2);
			if (r)
				goto out_fail;
			out->missing_moved += m2;
		}
		/* Speech in nobody's voice inside the text (an advertisement): the text beside
		 * it matches it about as well as its own words, and the choice of where a gap
		 * of untranscribed speech lies (gap_untranscribed()) counted it as speech left
		 * out; it counts as none there, and like music it is no speech to snap to. */
		r = med_voices_nobody(&vi, &path, nb_a, nb_b, nb_before, nb_after, ALIGN_MAX_NOBODY,
		                      &n_nb);
		if (r)
			goto out_fail;
		if (n_nb) {
			nobody_mask = calloc(na, 1);
			if (!nobody_mask) {
				r = MED_ERR_NOMEM;
				goto out_fail;
			}
			for (int f = 0; f < n_nb; f++)
				memset(nobody_mask + nb_a[f], 1, (size_t)(nb_b[f] - nb_a[f]));
			for (int f = 0; cin->turn_start && f < n_nb; f++) {
				int64_t ca, cb;
				int m = 0;
				r = nobody_recut(xa, ys, dim, synth, cin->turn_start, cin->speaker,
				                 &cin->dtw, nb_a[f], nb_b[f], nb_before[f],
				                 nb_after[f], span_lo, span_hi, &path, &ca, &cb);
				if (r)
					goto out_fail;
				/* the voices' runs there (music, another speaker's voice inside a
				 * turn) were found on the old path: the host's words before an ad
				 * had read as the host's voice inside the guest's stretched turn */
				for (int g = 0; ca >= 0 && g < vr.music; g++)
					if (vr.music_b[g] <= ca || vr.music_a[g] >= cb) {
						vr.music_a[m] = vr.music_a[g];
						vr.music_b[m] = vr.music_b[g];
						vr.music_voice[m++] = vr.music_voice[g];
					}
				if (ca >= 0)
					vr.music = m;
			}
		}
		out->music_runs = vr.music;
		for (int f = 0; f < vr.music; f++)
			if (vr.music_voice[f] >= 0) {
				ov_a[n_ov] = vr.music_a[f];
				ov_b[n_ov] = vr.music_b[f];
				ov_spk[n_ov++] = vr.music_voice[f];
			}
		/* Music is no speech to snap to or to give back to a fragment: it reads as
		 * pause from here on (it is still reported as sound without text). */
		if (vr.music || nobody_mask) {
			speech_m = malloc(na);
			if (!speech_m) {
				r = MED_ERR_NOMEM;
				goto out_fail;
			}
			for (size_t i = 0; i < na; i++)
				speech_m[i] = audio->speech[i] && !(nobody_mask && nobody_mask[i]);
			for (int f = 0; f < vr.music; f++) {
				int64_t ma = vr.music_a[f], mb = vr.music_b[f];
				/* music that overlaps nobody's voice (an ad's music bed): the
				 * voices' edges, where its spectral change's reach 1.5 s beyond
				 * had taken in the host's words before the ad */
				for (int g = 0; g < n_nb; g++)
					if (ma < nb_b[g] && mb > nb_a[g]) {
						ma = nb_a[g];
						mb = nb_b[g];
					}
				memset(speech_m + ma, 0, (size_t)(mb - ma));
			}
			speech = speech_m;
		}
	}

	out->seconds.voices = align_lap(&t0);
	/* The path is final: the null test runs beside the snapping. */
	nj = (struct null_job){.xa = xa,
	                       .ys = ys,
	                       .spa = audio->speech,
	                       .na = na,
	                       .ns = ns,
	                       .lead = lead,
	                       .tail = tail,
	                       .dim = dim,
	                       .hop_ms = hop,
	                       .p = &path,
	                       .c = cin};
	null_started = pthread_create(&null_th, NULL, null_thread, &nj) == 0;
	/* Audio frames matched to each synthetic frame. */
	for (k = 0; k < ns; k++) {
		a_first[k] = INT32_MAX;
		a_last[k] = -1;
	}
	for (k = lead; k + tail < path.n; k++) {
		int32_t i = path.x[k], j = path.y[k];
		/* (audio in nobody's voice is no fragment's: the path holds a frame over it) */
		if (nobody_mask && nobody_mask[i])
			continue;
		if (i < a_first[j])
			a_first[j] = i;
		if (i > a_last[j])
			a_last[j] = i;
	}
	/* (a frame held over such a run only: the audio frame before the run) */
	for (k = lead; nobody_mask && k + tail < path.n; k++) {
		int32_t i = path.x[k], j = path.y[k];
		if (a_last[j] >= 0)
			continue;
		while (i > 0 && nobody_mask[i])
			i--;
		a_first[j] = a_last[j] = i;
	}
	/* Local cost per fragment, over its synthetic speech. */
	{
		size_t frag = 0;
		for (k = 0; k < path.n; k++) {
			int64_t j = path.y[k];
			while (frag + 1 < n && j >= synth->frag_frame[frag + 1])
				frag++;
			if (synth->speech_first[frag] >= 0 && j >= synth->speech_first[frag] &&
			    j <= synth->speech_last[frag]) {
				csum[frag] += path.dist[k];
				ccnt[frag]++;
			}
		}
	}
	/* Raw spans through the path. */
	for (k = 0; k < n; k++) {
		int64_t sf = synth->speech_first[k], sl = synth->speech_last[k];
		struct med_align_frag *fr = &out->frags[k];
		if (sf < 0) {
			sf = synth->frag_frame[k];
			sl = synth->frag_frame[k + 1] - 1;
			if (sl < sf)
				sl = sf;
		}
		if (sf >= (int64_t)ns)
			sf = (int64_t)ns - 1;
		if (sl >= (int64_t)ns)
			sl = (int64_t)ns - 1;
		rs[k] = a_first[sf];
		re[k] = (int64_t)a_last[sl] + 1;
		fr->cost = ccnt[k] ? (float)(csum[k] / (double)ccnt[k]) : 0.0f;
		/* Unspoken: the fragment's synthetic speech is squeezed into much less audio,
		 * or the audio it got holds little speech (raw_unheard()). */
		if (synth->speech_first[k] >= 0 && (sl - sf + 1) * hop >= cin->unspoken_min_ms &&
		    raw_unheard(audio, rs[k], re[k], sl - sf + 1, cin->unspoken_compress))
			fr->unspoken = 1;
	}
	null_d = null_distance(xa, audio->speech, na, ys, synth->feats.speech, ns, dim);
	gap_untranscribed(synth, audio, nobody_mask, xa, ys, dim, cin, null_d, rs, re, out->frags);
	r = med_align_cut_stretched(synth, audio, &path, cin, xa, ys, dim, null_d, rs, re,
	                            out->frags);
	if (r)
		goto out_fail;
	if (progress && progress(user, "boundaries", 0.3)) {
		r = MED_ERR_CANCELLED;
		goto out_fail;
	}

	/* Snap to voice activity: a boundary inside or near a pause takes the pause's edges. */
	n_p = pause_runs(speech, na, ps, pe);
	{
		int64_t prev_end;
		snap_frags(synth, audio, speech, cin, ps, pe, n_p, ns, snap, rs, re, out->frags);
		shift_short(synth, cin->turn_start, span_lo, span_hi, xa, na, ys, dim, ps, pe, n_p,
		            hop, out->frags);
		/* trimmed[k] and trimmed[n + k]: fragment k's start and end before the trim moved
		 * them, or -1 (turn_pauses()); trimmed[2n + k] and trimmed[3n + k]: where the trim
		 * left them, to tell a later step's moves */
		trimmed = malloc(4 * n * sizeof(int64_t));
		for (k = 0; trimmed && k < 2 * n; k++)
			trimmed[k] = -1;
		if (cin->turn_start && audio->n_coeffs <= MED_SPEAKER_MAX_DIM)
			glr_buf = malloc(2 * TURN_GLR_FRAMES * (size_t)audio->n_coeffs *
			                 sizeof(float));
		if (cin->turn_start) {
			/* the change of voice on the MFCCs before denoising, when kept */
			turn_pauses(synth, cin->turn_start, audio,
			            audio->mfcc_voice ? audio->mfcc_voice : xa,
			            audio->mfcc_voice ? audio->n_coeffs : dim, ps, pe, n_p, hop,
			            glr_buf, re, span_lo, span_hi, trimmed, out->frags);
			for (k = 0; trimmed && k < n; k++) {
				trimmed[2 * n + k] = out->frags[k].start_ms;
				trimmed[3 * n + k] = out->frags[k].end_ms;
			}
			gap_speech(synth, cin->turn_start, audio, xa, ys, dim, ps, pe, n_p, hop,
			           snap, out->frags);
		}
		gap_words(&(struct gap_ctx){.synth = synth,
		                            .audio = audio,
		                            .nobody = nobody_mask,
		                            .turn_start = cin->turn_start,
		                            .span_lo = span_lo,
		                            .span_hi = span_hi,
		                            .ps = ps,
		                            .pe = pe,
		                            .xa = xa,
		                            .ys = ys,
		                            .n_p = n_p,
		                            .dim = dim,
		                            .hop = hop,
		                            .max_len = cin->untranscribed_min_ms / hop,
		                            .null_d = null_d},
		          (int64_t)lead, (int64_t)(na - tail), out->frags);
		pause_choice(synth, cin->turn_start, span_lo, span_hi, xa, ys, dim, ps, pe, n_p,
		             hop, cin->comma_pauses, out->frags);
		short_chain(synth, cin->turn_start, audio, xa, ys, dim, ps, pe, n_p, hop, null_d,
		            out->frags);
		if (cin->turn_start) {
			/* a start another step has moved since is that step's */
			for (k = 0; trimmed && k < n; k++) {
				if (out->frags[k].start_ms != trimmed[2 * n + k])
					trimmed[k] = -1;
				if (out->frags[k].end_ms != trimmed[3 * n + k])
					trimmed[n + k] = -1;
			}
			breath_by_text(synth, cin->turn_start, audio, xa, ys, dim, hop, trimmed,
			               out->frags);
			if (trimmed)
				end_by_text(synth, audio, xa, ys, dim, hop, trimmed + n,
				            out->frags);
		}
		last_word(audio, ps, pe, n_p, hop, out->frags, n);
		hissed = calloc(n, 1);
		/* the synthetic speech's median tilt, for the hiss at edges and under the noise */
		float tilt = cin->hiss_edges ? synth_tilt_median(synth) : NAN;
		if (cin->hiss_edges && hissed)
			hiss_edges(synth, audio, cin->turn_start, tilt, out->frags, hissed);
		/*
		 * Onsets are abrupt, ends fade: a last consonant, a falling tone, a release. Voice
		 * activity ends where the energy falls to its threshold over the noise floor, so
		 * each end is cut where the fading part sinks under the noise. On the suite and
		 * nine held-out recordings, ends were 51 ms early at the median, starts 4 ms late;
		 * the noisier the recording, the earlier. Measuring the fade instead failed: the
		 * synthetic voice's ends are abrupt (its noisy copy lost 0 ms at the median), and
		 * the audio's own energy, 2 dB over the pause's median, found 16 of the 51 ms. So
		 * each end lingers by a fixed end_linger_ms, never past the middle of the pause
		 * after it (subtitles conventionally stay a little past the words). An end put
		 * on a run of hiss (hiss_edges()) does not: that run was measured to where it
		 * sinks under the noise. Without the linger there, the median turn error of 20
		 * English test recordings fell on 13 (by 2-11 ms), rose on 4 (by 1-4 ms), and the
		 * time in sync moved by 0.03 % at most.
		 * An end whose text ends in a hiss that the noise hides lingers longer: as long
		 * as that hiss (masked_hiss(), at the recording's pace), where the audio after the
		 * end holds a trace of it (faint_tail()). A last "s" of "most?" or "works." under
		 * white noise at -33 dBFS had left turns ending 240-290 ms early: the hiss reads
		 * 0.5-0.8 dB over the pause after it in the band above 3.5 kHz, and 0.1-2.6 dB in
		 * the whole band, 28-30 frames of it. Without the trace test (the length from the
		 * text alone) the worst turn of twelve other recordings rose by 50-115 ms, where
		 * the recording's voice had already taken in its own last sound.
		 * After a closure ("works.", "-ts", "-cts") the mean takes in the closure's
		 * silence, and the hiss after it is short: "works." under white noise at -33
		 * dBFS, its "s" 2 dB over the noise above 3.5 kHz for 50 ms, 0.65 dB over the
		 * whole linger. So a trace may also be one TAIL_WIN window of the hiss band, over
		 * the text's whole hidden tail (closure and hiss), that stands TAIL_Z standard
		 * deviations of the pause's windows over their mean (tail_peak()); the end
		 * lingers to that window's end. On 117 recordings 55 ends moved: 33 nearer the
		 * truth (u1's "works." -254 -> -54 ms, k7's -238 -> -38, q3's -281 -> -91, m5's
		 * -186 -> +24), 22 further by 10-50 ms.
		 */
		end_lingers(synth, audio, cin->turn_start, cin->end_linger_ms, cin->hiss_edges,
		            tilt, hissed, out->frags);
		/* Unspoken fragments: zero length where they would have been; those before the
		 * first fragment heard, where it starts (not at the audio's start: a transcript
		 * of a stretch in the middle whose first turn the path passed over had it
		 * reported "near 0:00:00.000", six minutes before its place) */
		prev_end = 0;
		for (k = 0; k < n; k++)
			if (!out->frags[k].unspoken) {
				prev_end = out->frags[k].start_ms;
				break;
			}
		for (k = 0; k < n; k++) {
			struct med_align_frag *fr = &out->frags[k];
			if (!fr->unspoken) {
				prev_end = fr->end_ms;
				continue;
			}
			fr->start_ms = fr->end_ms = prev_end;
		}
		/* Fragments with nothing to say (a cue that is only a note in brackets or a
		 * sound's description): zero length at the end of the fragment heard before
		 * them in their turn, else at the start of the next one heard in it; the path
		 * had put a translator's note that ends a turn after the next turn's start,
		 * and the turn's end with it (500 ms). */
		for (k = 0; k < n; k++) {
			struct med_align_frag *fr = &out->frags[k];
			size_t j;
			int placed = 0;
			if (fr->unspoken || synth->speech_first[k] >= 0)
				continue;
			for (j = k; !placed && j > 0 && !(cin->turn_start && cin->turn_start[j]);)
				if (!out->frags[--j].unspoken && synth->speech_first[j] >= 0) {
					fr->start_ms = fr->end_ms = out->frags[j].end_ms;
					placed = 1;
				}
			for (j = k + 1;
			     !placed && j < n && !(cin->turn_start && cin->turn_start[j]); j++)
				if (!out->frags[j].unspoken && synth->speech_first[j] >= 0) {
					fr->start_ms = fr->end_ms = out->frags[j].start_ms;
					placed = 1;
				}
		}
		free(hissed);
		free(trimmed);
	}

	/* Confidence: 1 at the typical cost, 0 at the cost of unrelated frames. */
	{
		size_t m = 0;
		float med = 0;
		for (k = 0; k < n; k++)
			if (!out->frags[k].unspoken && ccnt[k])
				costs[m++] = out->frags[k].cost;
		if (m) {
			med = med_median_float(costs, m);
		}
		if (null_d < 0)
			null_d = med * 1.5f;
		for (k = 0; k < n; k++) {
			struct med_align_frag *fr = &out->frags[k];
			float cf;
			if (fr->unspoken || !ccnt[k]) {
				fr->confidence = fr->unspoken ? 0.0f : 0.5f;
				continue;
			}
			if (null_d <= med)
				cf = fr->cost <= med ? 0.5f : 0.0f;
			else
				cf = 0.9f * (null_d - fr->cost) / (null_d - med);
			fr->confidence = cf < 0 ? 0 : cf > 1 ? 1 : cf;
		}
	}

	/* Untranscribed: speech between (or around) the fragments that none covers. */
	{
		size_t cap = 16;
		int64_t gap_start = 0;
		int64_t min_fr = cin->untranscribed_min_ms / hop;
		out->untranscribed = malloc(cap * sizeof(*out->untranscribed));
		if (!out->untranscribed) {
			r = MED_ERR_NOMEM;
			goto out_fail;
		}
		for (k = 0; k <= n; k++) {
			int64_t gap_end;
			if (k < n && (out->frags[k].unspoken))
				continue;
			gap_end = k < n ? out->frags[k].start_ms / hop : (int64_t)na;
			if (gap_end - gap_start >= min_fr) {
				int64_t sp = 0, first = -1, last = -1;
				for (int64_t i = gap_start; i < gap_end; i++)
					if (audio->speech[i]) {
						sp++;
						if (first < 0)
							first = i;
						last = i;
					}
				if (sp >= min_fr) {
					if (out->n_untranscribed == cap) {
						void *t = realloc(
						        out->untranscribed,
						        2 * cap * sizeof(*out->untranscribed));
						if (!t) {
							r = MED_ERR_NOMEM;
							goto out_fail;
						}
						out->untranscribed = t;
						cap *= 2;
					}
					struct med_align_span *u =
					        &out->untranscribed[out->n_untranscribed++];
					u->start_ms = first * hop;
					u->end_ms = (last + 1) * hop;
					/* another speaker's voice over most of it */
					u->speaker = -1;
					for (int f = 0; f < n_ov; f++) {
						int64_t o =
						        (ov_b[f] < last + 1 ? ov_b[f] : last + 1) -
						        (ov_a[f] > first ? ov_a[f] : first);
						if (2 * o >= last + 1 - first)
							u->speaker = ov_spk[f];
					}
				}
			}
			if (k < n)
				gap_start = out->frags[k].end_ms / hop;
		}
	}

	out->seconds.boundaries = align_lap(&t0);
	if (null_started) {
		pthread_join(null_th, NULL);
		null_started = 0;
	} else {
		null_thread(&nj);
	}
	r = nj.result;
	if (r)
		goto out_fail;
	out->path_cost = nj.cost;
	out->null_cost = nj.null_cost;
	out->seconds.null_test = nj.seconds;
	out->match_ratio = out->null_cost > 0 ? out->path_cost / out->null_cost : 1.0;
	/* Less speech is less evidence: below 30 s of it (outside a lead-in and a tail) the
	 * threshold rises towards 1, so a short clip is not called foreign on a noisy
	 * estimate. */
	{
		int64_t sp = speech_in(audio->speech, na, (int64_t)lead, (int64_t)(na - tail));
		double secs, thr;
		secs = (double)sp * hop / 1000.0;
		thr = cin->mismatch_ratio;
		if (secs < 30)
			thr += (1.0 - thr) * (1.0 - secs / 30.0);
		out->pace_frags = med_align_path_pace(synth, out->frags, n, hop, &out->pace,
		                                      &out->pace_spread);
		out->ratio_limit = med_align_ratio_limit(thr, out->pace_frags, out->pace,
		                                         out->pace_spread);
		out->mismatch = med_align_foreign(out->match_ratio, thr, out->pace_frags,
		                                  out->pace, out->pace_spread);
	}
	if (progress)
		progress(user, "boundaries", 1.0);
	r = MED_OK;
	goto out_free;

out_fail:
	med_align_result_release(out);
out_free:
	if (null_started)
		pthread_join(null_th, NULL); /* it reads the path and the sequences */
	med_dtw_path_release(&path);
	free(xa);
	free(ys);
	free(a_first);
	free(a_last);
	free(rs);
	free(re);
	free(ps);
	free(pe);
	free(csum);
	free(ccnt);
	free(costs);
	free(glr_buf);
	free(speech_m);
	free(nobody_mask);
	free(span_lo);
	free(span_hi);
	return r;
}

/* Open-end DTW cost: y must be consumed whole, x (the audio) may end anywhere. Rows are
 * y frames, two rows of memory. Returns the best cost normalised by the path length. */
static int open_end_cost(const float *y, size_t ny, const float *x, size_t nx, int dim, double *out)
{
	double *prev = malloc(nx * sizeof(double)), *cur = malloc(nx * sizeof(double));
	double best = DBL_MAX;

	if (!prev || !cur) {
		free(prev);
		free(cur);
		return MED_ERR_NOMEM;
	}
	for (size_t i = 0; i < ny; i++) {
		const float *yi = y + i * (size_t)dim;
		for (size_t j = 0; j < nx; j++) {
			double d = med_dtw_dist(yi, x + j * (size_t)dim, dim), b = DBL_MAX;
			if (i == 0 && j == 0) {
				cur[0] = 2 * d;
				continue;
			}
			if (i && j && prev[j - 1] + 2 * d < b)
				b = prev[j - 1] + 2 * d;
			if (i && prev[j] + d < b)
				b = prev[j] + d;
			if (j && cur[j - 1] + d < b)
				b = cur[j - 1] + d;
			cur[j] = b;
		}
		{
			double *t = prev;
			prev = cur;
			cur = t;
		}
	}
	for (size_t j = 0; j < nx; j++) {
		double c = prev[j] / (double)(ny + j + 1);
		if (c < best)
			best = c;
	}
	free(prev);
	free(cur);
	*out = best;
	return MED_OK;
}

int med_align_score_prefix(const struct med_features *synth, const struct med_features *audio,
                           const struct med_align_config *cin, double *ratio)
{
	struct med_align_config def;
	float *xa = NULL, *ys = NULL, *cx = NULL, *cy = NULL;
	int dim, f = 1, r;
	size_t lx, ly;
	double c1, c0;

	if (!synth || !audio || !ratio || !synth->n_frames || !audio->n_frames ||
	    synth->n_coeffs != audio->n_coeffs)
		return MED_ERR_ARG;
	if (!cin) {
		med_align_config_init(&def);
		cin = &def;
	}
	while ((double)(synth->n_frames / (size_t)f + 1) *
	               (double)(audio->n_frames / (size_t)f + 1) >
	       (double)cin->null_budget)
		f++;
	xa = align_seq(audio, cin->vad_weight, cin->delta_weight, &dim);
	ys = align_seq(synth, cin->vad_weight, cin->delta_weight, &dim);
	lx = (audio->n_frames + (size_t)f - 1) / (size_t)f;
	ly = (synth->n_frames + (size_t)f - 1) / (size_t)f;
	cx = malloc(lx * (size_t)dim * sizeof(float));
	cy = malloc(ly * (size_t)dim * sizeof(float));
	if (!xa || !ys || !cx || !cy) {
		r = MED_ERR_NOMEM;
		goto out_free;
	}
	med_dtw_downsample(xa, audio->n_frames, dim, f, cx);
	med_dtw_downsample(ys, synth->n_frames, dim, f, cy);
	r = open_end_cost(cy, ly, cx, lx, dim, &c1);
	if (r)
		goto out_free;
	reverse_rows(cy, ly, dim);
	r = open_end_cost(cy, ly, cx, lx, dim, &c0);
	if (r)
		goto out_free;
	*ratio = c0 > 0 ? c1 / c0 : 1.0;
out_free:
	free(xa);
	free(ys);
	free(cx);
	free(cy);
	return r;
}
