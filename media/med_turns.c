/* med_turns.c: units of speech and the global turn-boundary dynamic programme. */
#include "med_turns.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BIG 1e30

void med_turns_config_init(struct med_turns_config *c)
{
	if (!c)
		return;
	c->max_unit_ms = 1500;
	c->min_unit_ms = 400;
	c->sigma = 0.30;
	c->sigma_short_s = 4.0;
	c->w_duration = 1.0;
	c->w_boundary = 4.0;
	c->gap_scale_ms = 250.0;
	c->missing_cost = 20.0;
	c->max_ratio = 3.0;
	c->max_extra_ms = 15000.0;
	c->margin_ms = 300.0;
	c->inside_skip = 2.0;
	c->band_min_ms = 600000.0;
	c->edge_skip = 0.6;
	c->edge_fixed = 0.0;
	c->band_frac = 0.2;
}

static int units_push(struct med_turn_unit **arr, size_t *n, size_t *cap, size_t a, size_t b,
		      int hop_ms)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		if (nc > SIZE_MAX / sizeof(**arr))
			return MED_ERR_NOMEM;
		struct med_turn_unit *p = realloc(*arr, nc * sizeof(**arr));
		if (!p)
			return MED_ERR_NOMEM;
		*arr = p;
		*cap = nc;
	}
	struct med_turn_unit *u = &(*arr)[(*n)++];
	u->first_frame = a;
	u->end_frame = b;
	u->start_ms = (int64_t)a * hop_ms;
	u->end_ms = (int64_t)b * hop_ms;
	u->gap_before_ms = 0;
	return MED_OK;
}

static float smoothed_energy(const float *e, size_t n, size_t i)
{
	size_t a = i >= 5 ? i - 5 : 0, b = i + 6 < n ? i + 6 : n;
	double s = 0;
	for (size_t k = a; k < b; k++)
		s += e[k];
	return (float)(s / (double)(b - a));
}

int med_turns_units(const unsigned char *speech, const float *energy_db, size_t n_frames,
		    int hop_ms, const struct med_turns_config *c, struct med_turn_unit **out,
		    size_t *n)
{
	struct med_turns_config defc;
	struct med_turn_unit *arr = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	if (!out || !n || hop_ms < 1 || (!speech && n_frames > 0))
		return MED_ERR_ARG;
	*out = NULL;
	*n = 0;
	if (!c) {
		med_turns_config_init(&defc);
		c = &defc;
	}
	size_t maxf = (size_t)(c->max_unit_ms > hop_ms ? c->max_unit_ms / hop_ms : 1);
	size_t minf = (size_t)(c->min_unit_ms > 0 ? c->min_unit_ms / hop_ms : 0);
	if (minf * 2 > maxf)
		minf = maxf / 2;
	size_t i = 0;
	while (i < n_frames) {
		if (!speech[i]) {
			i++;
			continue;
		}
		size_t a = i;
		while (i < n_frames && speech[i])
			i++;
		size_t b = i;
		/* Why greedy left to right: each piece ends at the lowest energy within reach,
		 * which is where a word or breath boundary most likely is. */
		while (b - a > maxf) {
			size_t lo = a + (minf > 0 ? minf : 1), hi = a + maxf;
			if (hi > b - minf)
				hi = b - minf;
			size_t best = lo + (hi - lo) / 2;
			if (energy_db && hi > lo) {
				float be = FLT_MAX;
				for (size_t k = lo; k < hi; k++) {
					float e = smoothed_energy(energy_db, n_frames, k);
					if (e < be) {
						be = e;
						best = k;
					}
				}
			}
			rc = units_push(&arr, &cnt, &cap, a, best, hop_ms);
			if (rc)
				goto out_fail;
			a = best;
		}
		rc = units_push(&arr, &cnt, &cap, a, b, hop_ms);
		if (rc)
			goto out_fail;
	}
	for (size_t u = 0; u < cnt; u++)
		arr[u].gap_before_ms = u == 0 ? arr[u].start_ms : arr[u].start_ms - arr[u - 1].end_ms;
	*out = arr;
	*n = cnt;
	return MED_OK;
out_fail:
	free(arr);
	return rc;
}

/* Everything the forward and backward passes share. */
struct dp {
	const struct med_turns_input *in;
	const struct med_turns_config *c;
	size_t U, N;
	int K;            /* speaker columns; column K is "any" */
	double *P;        /* (K+1) * (U+1) prefix sums of unit costs (with in-turn skips) */
	double *S;        /* U+1 prefix sums of speech ms */
	double *bstart;   /* U+1: boundary cost of a turn starting at unit j */
	double *bend;     /* U+1: boundary cost of a turn ending before unit j */
	double *sk;       /* U+1 prefix sums of skip costs */
	double *loge;     /* N: log of each turn's expected speech ms */
	double *wdur;     /* N: w_duration / (2 sigma^2) of each turn */
	double *lim;      /* N: longest speech ms a turn may take */
	double *R;        /* (K+1) * U: raw unit costs per speaker column */
	double *band_lo;  /* N: speech ms before a turn's start, least and most */
	double *band_hi;
};

static double unit_cost_at(const struct med_turns_input *in, size_t u, int k)
{
	if (!in->unit_cost || in->n_speakers <= 0)
		return 0;
	if (k >= 0)
		return in->unit_cost[u * (size_t)in->n_speakers + (size_t)k];
	double m = BIG;
	for (int q = 0; q < in->n_speakers; q++) {
		double v = in->unit_cost[u * (size_t)in->n_speakers + (size_t)q];
		if (v < m)
			m = v;
	}
	return m;
}

static double in_turn_cost(const struct med_turns_input *in, const struct med_turns_config *c,
			   size_t u, int k, int *skipped)
{
	double v = unit_cost_at(in, u, k);
	double s = in->skip_cost ? in->skip_cost[u] * c->inside_skip : BIG;
	if (skipped)
		*skipped = s < v;
	return s < v ? s : v;
}

static int turn_col(const struct dp *d, size_t i)
{
	int k = d->in->turn_speaker ? d->in->turn_speaker[i] : -1;
	return k < 0 || k >= d->K ? d->K : k;
}

/* Cost of turn i on units [j, j2), or BIG when the span is too long. */
static double turn_cost(const struct dp *d, size_t i, size_t j, size_t j2)
{
	const struct med_turns_config *c = d->c;
	int col = turn_col(d, i);
	double dur = d->S[j2] - d->S[j];
	if (dur <= 0)
		dur = 1;
	double l = log(dur) - d->loge[i];
	double cost = d->wdur[i] * l * l;
	(void)c;
	/* Why raw costs at the ends: a turn starts and ends with its own voice; audio without
	 * text at its edges is left between turns, so the turn's times exclude it. */
	const double *P = d->P + (size_t)col * (d->U + 1), *R = d->R + (size_t)col * d->U;
	cost += R[j];
	if (j2 - j >= 2)
		cost += P[j2 - 1] - P[j + 1] + R[j2 - 1];
	cost += d->bstart[j] + d->bend[j2];
	return cost;
}

static size_t span_limit(const struct dp *d, size_t i, size_t j)
{
	double lim = d->lim[i];
	size_t j2 = j + 1;
	while (j2 < d->U && d->S[j2 + 1] - d->S[j] <= lim)
		j2++;
	return j2; /* last allowed end (inclusive) */
}

/* Audio before the first turn, units [0, j): a fixed cost when there is any, plus
 * edge_skip times its skip costs. */
static double lead_cost(const struct dp *d, size_t j)
{
	return j == 0 ? 0 : d->c->edge_fixed + d->c->edge_skip * d->sk[j];
}

/* Audio after the last turn, units [j, U). */
static double trail_cost(const struct dp *d, size_t j)
{
	return j >= d->U ? 0 : d->c->edge_fixed + d->c->edge_skip * (d->sk[d->U] - d->sk[j]);
}

int med_turns_align(const struct med_turns_input *in, const struct med_turns_config *c,
		    struct med_turn_span *out, int *unit_state, unsigned char *unit_skipped,
		    double *total_cost, med_progress_fn progress, void *user)
{
	struct med_turns_config defc;
	struct dp d;
	double *D = NULL, *Dend = NULL, *B = NULL, *Bst = NULL;
	int32_t *bp = NULL;
	int rc = MED_ERR_NOMEM;

	if (!in || !out)
		return MED_ERR_ARG;
	if (in->n_turns == 0)
		return MED_ERR_EMPTY;
	if (!in->turn_expected_ms || (in->n_units > 0 && (!in->units || !in->skip_cost)) ||
	    in->n_speakers < 0 || in->n_units > (size_t)INT32_MAX - 8)
		return MED_ERR_ARG;
	for (size_t i = 0; i < in->n_turns; i++) {
		if (!(in->turn_expected_ms[i] > 0))
			return MED_ERR_ARG;
		if (in->turn_speaker && in->turn_speaker[i] >= in->n_speakers && in->n_speakers > 0)
			return MED_ERR_ARG;
	}
	if (!c) {
		med_turns_config_init(&defc);
		c = &defc;
	}
	memset(&d, 0, sizeof(d));
	d.in = in;
	d.c = c;
	d.U = in->n_units;
	d.N = in->n_turns;
	d.K = in->n_speakers;
	size_t U = d.U, N = d.N, W = U + 1;
	if (N + 1 > SIZE_MAX / W / sizeof(double))
		return MED_ERR_NOMEM;
	size_t cells = (N + 1) * W;
	d.P = malloc(sizeof(double) * (size_t)(d.K + 1) * W);
	d.S = malloc(sizeof(double) * W);
	d.bstart = malloc(sizeof(double) * W);
	d.bend = malloc(sizeof(double) * W);
	d.sk = malloc(sizeof(double) * W);
	D = malloc(sizeof(double) * cells);
	Dend = malloc(sizeof(double) * cells);
	B = malloc(sizeof(double) * cells);
	Bst = malloc(sizeof(double) * cells);
	bp = malloc(sizeof(int32_t) * cells);
	d.loge = malloc(sizeof(double) * N);
	d.wdur = malloc(sizeof(double) * N);
	d.lim = malloc(sizeof(double) * N);
	d.R = malloc(sizeof(double) * (size_t)(d.K + 1) * (U ? U : 1));
	d.band_lo = malloc(sizeof(double) * N);
	d.band_hi = malloc(sizeof(double) * N);
	if (!d.P || !d.S || !d.bstart || !d.bend || !d.sk || !D || !Dend || !B || !Bst || !bp ||
	    !d.loge || !d.wdur || !d.lim || !d.R || !d.band_lo || !d.band_hi)
		goto out;
	for (size_t i = 0; i < N; i++) {
		double e = in->turn_expected_ms[i];
		double sig = c->sigma * (1.0 + sqrt(c->sigma_short_s / (e / 1000.0)));
		d.loge[i] = log(e);
		d.wdur[i] = c->w_duration / (2 * sig * sig);
		d.lim[i] = e * c->max_ratio + c->max_extra_ms;
	}

	d.S[0] = 0;
	d.sk[0] = 0;
	for (size_t u = 0; u < U; u++) {
		d.S[u + 1] = d.S[u] + (double)(in->units[u].end_ms - in->units[u].start_ms);
		d.sk[u + 1] = d.sk[u] + in->skip_cost[u];
	}
	for (int k = 0; k <= d.K; k++)
		for (size_t u = 0; u < U; u++)
			d.R[(size_t)k * U + u] = unit_cost_at(in, u, k == d.K ? -1 : k);
	{
		double etot = 0, acc = 0;
		for (size_t i = 0; i < N; i++)
			etot += in->turn_expected_ms[i];
		double scale = etot > 0 ? d.S[U] / etot : 1;
		double w = c->band_frac * d.S[U];
		if (w < c->band_min_ms)
			w = c->band_min_ms;
		for (size_t i = 0; i < N; i++) {
			double at = acc * scale;
			d.band_lo[i] = c->band_min_ms > 0 ? at - w : -1e300;
			d.band_hi[i] = c->band_min_ms > 0 ? at + w : 1e300;
			acc += in->turn_expected_ms[i];
		}
	}
	for (int k = 0; k <= d.K; k++) {
		double *p = d.P + (size_t)k * W;
		p[0] = 0;
		for (size_t u = 0; u < U; u++)
			p[u + 1] = p[u] + in_turn_cost(in, c, u, k == d.K ? -1 : k, NULL);
	}
	for (size_t j = 0; j <= U; j++) {
		double gs = j < U ? (double)in->units[j].gap_before_ms : 1e9;
		double ge = j == 0 ? 1e9
			   : (j < U ? (double)in->units[j].gap_before_ms
				    : (double)(in->audio_ms - in->units[U - 1].end_ms));
		if (j == 0)
			gs = 1e9; /* the audio start is as good as a long pause */
		if (ge < 0)
			ge = 0;
		d.bstart[j] = c->w_boundary * exp(-gs / c->gap_scale_ms);
		d.bend[j] = c->w_boundary * exp(-ge / c->gap_scale_ms);
	}

	for (size_t x = 0; x < cells; x++) {
		D[x] = BIG;
		Dend[x] = BIG;
		bp[x] = INT32_MIN;
	}
	D[0] = 0;
	for (size_t i = 0; i <= N; i++) {
		double *Di = D + i * W;
		int32_t *bpi = bp + i * W;
		if (i == N)
			break; /* what follows the last turn is costed by trail() */
		for (size_t j = 1; j <= U; j++) {
			/* before any turn: one fixed cost for the stretch, then edge_skip */
			double v = i == 0 ? lead_cost(&d, j)
					  : Di[j - 1] + in->skip_cost[j - 1];
			if (v < Di[j]) {
				Di[j] = v;
				bpi[j] = -1;
			}
		}
		double *Dn = D + (i + 1) * W, *Den = Dend + (i + 1) * W;
		int32_t *bpn = bp + (i + 1) * W;
		for (size_t j = 0; j <= U; j++) {
			if (Di[j] >= BIG)
				continue;
			double v = Di[j] + c->missing_cost;
			if (v < Dn[j]) {
				Dn[j] = v;
				bpn[j] = -2;
			}
			if (j == U || d.S[j] < d.band_lo[i] || d.S[j] > d.band_hi[i])
				continue;
			size_t lim = span_limit(&d, i, j);
			for (size_t j2 = j + 1; j2 <= lim; j2++) {
				double t = Di[j] + turn_cost(&d, i, j, j2);
				if (t < Den[j2])
					Den[j2] = t;
				if (t < Dn[j2]) {
					Dn[j2] = t;
					bpn[j2] = (int32_t)j;
				}
			}
		}
		if (progress && progress(user, "turns", 0.5 * (double)(i + 1) / (double)N)) {
			rc = MED_ERR_CANCELLED;
			goto out;
		}
	}
	double best = BIG;
	size_t j_end = U;
	for (size_t j = 0; j <= U; j++) {
		double v = D[N * W + j] + trail_cost(&d, j);
		if (v < best) {
			best = v;
			j_end = j;
		}
	}
	if (best >= BIG) {
		rc = MED_ERR_ALIGN;
		goto out;
	}

	/* Backward pass: B[i][j] = cheapest way to place turns i.. on units j.. */
	for (size_t x = 0; x < cells; x++) {
		B[x] = BIG;
		Bst[x] = BIG;
	}
	for (size_t j = 0; j <= U; j++)
		B[N * W + j] = trail_cost(&d, j);
	for (size_t ii = N; ii-- > 0;) {
		double *Bi = B + ii * W, *Bn = B + (ii + 1) * W, *Bs = Bst + ii * W;
		for (size_t j = U + 1; j-- > 0;) {
			double v = Bn[j] + c->missing_cost;
			if (j < U) {
				double s = (ii == 0 ? lead_cost(&d, j + 1) - lead_cost(&d, j)
						    : in->skip_cost[j]) + Bi[j + 1];
				if (s < v)
					v = s;
				int in_band = d.S[j] >= d.band_lo[ii] && d.S[j] <= d.band_hi[ii];
				size_t lim = in_band ? span_limit(&d, ii, j) : j;
				double bs = BIG;
				for (size_t j2 = j + 1; j2 <= lim; j2++) {
					double t = turn_cost(&d, ii, j, j2) + Bn[j2];
					if (t < bs)
						bs = t;
				}
				Bs[j] = bs;
				if (bs < v)
					v = bs;
			}
			Bi[j] = v;
		}
		if (progress && progress(user, "turns", 0.5 + 0.5 * (double)(N - ii) / (double)N)) {
			rc = MED_ERR_CANCELLED;
			goto out;
		}
	}

	/* Backtrace. */
	if (unit_state)
		for (size_t u = 0; u < U; u++)
			unit_state[u] = -1;
	if (unit_skipped)
		for (size_t u = 0; u < U; u++)
			unit_skipped[u] = 1;
	{
		size_t i = N, j = j_end;
		while (i > 0 || j > 0) {
			int32_t b = bp[i * W + j];
			if (b == -1) {
				j--;
			} else if (b == -2) {
				struct med_turn_span *s = &out[i - 1];
				memset(s, 0, sizeof(*s));
				s->first_unit = s->end_unit = j;
				s->missing = 1;
				s->start_ms = s->end_ms = j < U ? in->units[j].start_ms
						  : (U > 0 ? in->units[U - 1].end_ms : 0);
				s->margin_start = s->margin_end = 0;
				i--;
			} else if (b >= 0) {
				struct med_turn_span *s = &out[i - 1];
				size_t j0 = (size_t)b;
				int col = turn_col(&d, i - 1);
				memset(s, 0, sizeof(*s));
				s->first_unit = j0;
				s->end_unit = j;
				s->start_ms = in->units[j0].start_ms;
				s->end_ms = in->units[j - 1].end_ms;
				s->speech_ms = (int64_t)(d.S[j] - d.S[j0]);
				s->speaker_cost = 0;
				for (size_t u = j0; u < j; u++) {
					int sk = 0;
					double uc = in_turn_cost(in, c, u, col == d.K ? -1 : col, &sk);
					if (u == j0 || u + 1 == j) {
						sk = 0;
						uc = unit_cost_at(in, u, col == d.K ? -1 : col);
					}
					s->speaker_cost += uc;
					if (unit_state)
						unit_state[u] = (int)(i - 1);
					if (unit_skipped)
						unit_skipped[u] = (unsigned char)sk;
				}
				i--;
				j = j0;
			} else {
				rc = MED_ERR_ALIGN; /* unreachable when best < BIG */
				goto out;
			}
		}
	}
	/* Margins: best alignments that put the turn's edges elsewhere. */
	for (size_t i = 0; i < N; i++) {
		struct med_turn_span *s = &out[i];
		if (s->missing)
			continue;
		double ms = BIG, me = BIG;
		for (size_t j = 0; j < U; j++) {
			if (fabs((double)(in->units[j].start_ms - s->start_ms)) > c->margin_ms) {
				double v = D[i * W + j] + Bst[i * W + j];
				if (v < ms)
					ms = v;
			}
			if (fabs((double)(in->units[j].end_ms - s->end_ms)) > c->margin_ms) {
				double v = Dend[(i + 1) * W + j + 1] + B[(i + 1) * W + j + 1];
				if (v < me)
					me = v;
			}
		}
		s->margin_start = ms >= BIG ? 1e9 : ms - best;
		s->margin_end = me >= BIG ? 1e9 : me - best;
		if (s->margin_start < 0)
			s->margin_start = 0;
		if (s->margin_end < 0)
			s->margin_end = 0;
	}
	if (total_cost)
		*total_cost = best;
	rc = MED_OK;
out:
	free(d.P);
	free(d.S);
	free(d.bstart);
	free(d.bend);
	free(d.sk);
	free(d.loge);
	free(d.wdur);
	free(d.lim);
	free(d.R);
	free(d.band_lo);
	free(d.band_hi);
	free(D);
	free(Dend);
	free(B);
	free(Bst);
	free(bp);
	return rc;
}

int med_turns_place_cues(const struct med_turn_unit *units, size_t first, size_t end,
			 const double *weights, size_t n_cues, int64_t at_ms, int64_t snap_ms,
			 int64_t min_pause_ms, int64_t *starts, int64_t *ends)
{
	if (n_cues == 0)
		return MED_OK;
	if (!weights || !starts || !ends || end < first || (end > first && !units))
		return MED_ERR_ARG;
	if (end == first) {
		for (size_t q = 0; q < n_cues; q++)
			starts[q] = ends[q] = at_ms;
		return MED_OK;
	}
	double wt = 0, T = 0;
	for (size_t q = 0; q < n_cues; q++)
		wt += weights[q] > 0 ? weights[q] : 0;
	for (size_t u = first; u < end; u++)
		T += (double)(units[u].end_ms - units[u].start_ms);
	starts[0] = units[first].start_ms;
	ends[n_cues - 1] = units[end - 1].end_ms;
	double wc = 0;
	size_t ucur = first;
	double scur = 0; /* speech ms before unit ucur */
	size_t last_snap = first;
	for (size_t q = 1; q < n_cues; q++) {
		wc += weights[q - 1] > 0 ? weights[q - 1] : 0;
		double t = wt > 0 ? T * wc / wt : T * (double)q / (double)n_cues;
		while (ucur + 1 < end &&
		       scur + (double)(units[ucur].end_ms - units[ucur].start_ms) < t) {
			scur += (double)(units[ucur].end_ms - units[ucur].start_ms);
			ucur++;
		}
		double real = (double)units[ucur].start_ms + (t - scur);
		if (real > (double)units[ucur].end_ms)
			real = (double)units[ucur].end_ms;
		/* nearest pause */
		size_t bu = 0;
		double bd = (double)snap_ms + 1;
		for (size_t u = last_snap + 1; u < end; u++) {
			if (units[u].gap_before_ms < min_pause_ms)
				continue;
			double mid = (double)units[u].start_ms - 0.5 * (double)units[u].gap_before_ms;
			double dd = fabs(mid - real);
			if (dd < bd) {
				bd = dd;
				bu = u;
			}
		}
		int64_t prev_start = starts[q - 1];
		if (bu > 0 && bd <= (double)snap_ms && units[bu - 1].end_ms >= prev_start) {
			/* the cue changes inside the pause, a little before the next words, so
			 * the screen is never blank while the turn goes on */
			int64_t g = units[bu].gap_before_ms, lead = g / 2 < 300 ? g / 2 : 300;
			ends[q - 1] = units[bu].start_ms - lead;
			starts[q] = ends[q - 1];
			last_snap = bu;
		} else {
			int64_t r = (int64_t)llround(real);
			if (r < prev_start)
				r = prev_start;
			ends[q - 1] = r;
			starts[q] = r;
		}
	}
	/* keep every cue inside the turn and ordered */
	for (size_t q = 0; q < n_cues; q++) {
		if (starts[q] > ends[n_cues - 1])
			starts[q] = ends[n_cues - 1];
		if (ends[q] < starts[q])
			ends[q] = starts[q];
	}
	return MED_OK;
}
