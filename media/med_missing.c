/* med_missing.c: which turn the audio leaves out, when the DTW passes over one. */
#include "med_missing.h"

#include <stdlib.h>
#include <string.h>

#define MISS_MIN_MS 1500    /* turns with less synthetic speech are not checked */
#define MISS_REACH 2        /* turns either side of it that may be the missing one */
#define MISS_MARGIN 0.02    /* another turn's absence must match this much better */
#define MISS_BUDGET 2000000 /* cells of the coarsest level of each local DTW */

struct turns {
	size_t T;
	int64_t *jb;  /* T + 1: the synthetic frame where each turn starts; jb[T] = ns */
	int64_t *ib;  /* T + 1: the audio frame where the path enters it; ib[T] = na - tail */
	int64_t *spk; /* T: synthetic speech frames of each turn */
};

/* First step at or after k0 whose synthetic frame is j or later; n when none is. */
static size_t step_at(const struct med_dtw_path *p, size_t k0, int64_t j)
{
	size_t k = k0;
	while (k < p->n && p->y[k] < j)
		k++;
	return k;
}

static void entries(const struct med_missing_input *in, const struct med_dtw_path *p,
                    struct turns *tu)
{
	size_t k = in->lead;
	for (size_t t = 0; t < tu->T; t++) {
		k = step_at(p, k, tu->jb[t]);
		tu->ib[t] = k < p->n ? p->x[k] : (int64_t)in->na;
	}
	tu->ib[tu->T] = (int64_t)in->na - (int64_t)in->tail;
}

static void put_step(const struct med_missing_input *in, int64_t i, int64_t j, float dist,
                     struct med_dtw_path *np)
{
	np->x[np->n] = (int32_t)i;
	np->y[np->n] = (int32_t)j;
	np->dist[np->n] = dist >= 0 ? dist
	                            : med_dtw_dist(in->xa + (size_t)i * (size_t)in->dim,
	                                           in->ys + (size_t)j * (size_t)in->dim, in->dim);
	np->n++;
}

/* Aligns audio [a0, a1) with the synthetic frames [j0, j1) less those of turn h ([h0, h1));
 * *out gets the path in local coordinates (the hole taken out). */
static int align_without(const struct med_missing_input *in, int64_t a0, int64_t a1, int64_t j0,
                         int64_t j1, int64_t h0, int64_t h1, struct med_dtw_path *out)
{
	size_t d = (size_t)in->dim, ny = (size_t)(j1 - j0 - (h1 - h0));
	float *y = malloc(ny * d * sizeof(float));
	struct med_dtw_config dc = *in->dtw;
	int r;
	if (!y)
		return MED_ERR_NOMEM;
	memcpy(y, in->ys + (size_t)j0 * d, (size_t)(h0 - j0) * d * sizeof(float));
	memcpy(y + (size_t)(h0 - j0) * d, in->ys + (size_t)h1 * d,
	       (size_t)(j1 - h1) * d * sizeof(float));
	/* A few minutes of audio: the whole matrix at the coarsest level. */
	dc.edge_skip = 0;
	dc.coarse_band = 0;
	dc.cell_budget = MISS_BUDGET;
	r = med_dtw_multires(in->xa + (size_t)a0 * d, (size_t)(a1 - a0), y, ny, in->dim, &dc, out,
	                     NULL, NULL);
	free(y);
	return r;
}

/* The old path with steps [k0, k1) replaced by sub (audio from a0, synthetic from j0, the
 * frames [h0, h1) held on the audio frame before them). */
static int splice(const struct med_missing_input *in, const struct med_dtw_path *old, size_t k0,
                  size_t k1, const struct med_dtw_path *sub, int64_t a0, int64_t j0, int64_t h0,
                  int64_t h1, struct med_dtw_path *np)
{
	size_t cap = k0 + (old->n - k1) + sub->n + (size_t)(h1 - h0) + 4;
	int64_t lh = h0 - j0, hn = h1 - h0;
	int held = 0;
	memset(np, 0, sizeof(*np));
	np->x = malloc(cap * sizeof(int32_t));
	np->y = malloc(cap * sizeof(int32_t));
	np->dist = malloc(cap * sizeof(float));
	if (!np->x || !np->y || !np->dist) {
		med_dtw_path_release(np);
		return MED_ERR_NOMEM;
	}
	for (size_t k = 0; k < k0; k++)
		put_step(in, old->x[k], old->y[k], old->dist[k], np);
	for (size_t s = 0; s < sub->n; s++) {
		int64_t ly = sub->y[s];
		if (!held && ly >= lh) {
			int64_t hx = np->n > k0 ? np->x[np->n - 1] : a0;
			for (int64_t j = h0; j < h1; j++)
				put_step(in, hx, j, -1, np);
			held = 1;
		}
		put_step(in, sub->x[s] + a0, ly + j0 + (ly >= lh ? hn : 0), sub->dist[s], np);
	}
	if (!held)
		for (int64_t j = h0; j < h1; j++)
			put_step(in, np->x[np->n - 1], j, -1, np);
	for (size_t k = k1; k < old->n; k++)
		put_step(in, old->x[k], old->y[k], old->dist[k], np);
	np->cost = old->cost;
	np->norm_cost = old->norm_cost;
	np->cells = old->cells + sub->cells;
	np->widened = old->widened;
	return MED_OK;
}

/* Checks turn t, passed over by *path; replaces *path and sets *done when a neighbour is
 * the one missing. */
static int check_turn(const struct med_missing_input *in, const struct turns *tu, size_t t,
                      struct med_dtw_path *path, int *done)
{
	size_t t0 = t >= MISS_REACH ? t - MISS_REACH : 0,
	       t1 = t + MISS_REACH < tu->T ? t + MISS_REACH : tu->T - 1, best = t;
	size_t k0 = step_at(path, in->lead, tu->jb[t0]), k1;
	int64_t a0, a1, j0 = tu->jb[t0], j1 = tu->jb[t1 + 1];
	double cost_t = -1, cost_best = -1;
	struct med_dtw_path keep, sub;
	int r = MED_OK;

	*done = 0;
	if (t1 + 1 < tu->T) {
		k1 = step_at(path, k0, j1);
		if (k1 >= path->n)
			return MED_OK;
		a1 = path->x[k1];
	} else {
		k1 = path->n - in->tail;
		a1 = (int64_t)in->na - (int64_t)in->tail;
	}
	if (k0 >= k1)
		return MED_OK;
	a0 = path->x[k0];
	if (a1 - a0 < 10)
		return MED_OK;
	memset(&keep, 0, sizeof(keep));
	for (size_t h = t0; h <= t1; h++) {
		int64_t h0 = tu->jb[h], h1 = tu->jb[h + 1];
		if (j1 - j0 - (h1 - h0) < 1)
			continue;
		r = align_without(in, a0, a1, j0, j1, h0, h1, &sub);
		if (r)
			goto out;
		if (h == t)
			cost_t = sub.norm_cost;
		if (cost_best < 0 || sub.norm_cost < cost_best) {
			cost_best = sub.norm_cost;
			best = h;
			med_dtw_path_release(&keep);
			keep = sub;
		} else {
			med_dtw_path_release(&sub);
		}
	}
	if (best != t && cost_t > 0 && cost_best < cost_t * (1.0 - MISS_MARGIN)) {
		struct med_dtw_path np;
		r = splice(in, path, k0, k1, &keep, a0, j0, tu->jb[best], tu->jb[best + 1], &np);
		if (r)
			goto out;
		if (med_dtw_path_valid(&np, in->na, in->ns)) {
			med_dtw_path_release(path);
			*path = np;
			*done = 1;
		} else {
			med_dtw_path_release(&np); /* should not happen: keep the DTW's path */
		}
	}
out:
	med_dtw_path_release(&keep);
	return r;
}

int med_missing_check(const struct med_missing_input *in, struct med_dtw_path *path, int *moved)
{
	const struct med_synth_result *sy = in->synth;
	struct turns tu;
	int r = MED_OK, n_moved = 0;

	if (moved)
		*moved = 0;
	if (!in->turn_start || !path->n || in->hop_ms <= 0)
		return MED_OK;
	memset(&tu, 0, sizeof(tu));
	for (size_t f = 0; f < sy->n_frags; f++)
		if (f == 0 || in->turn_start[f])
			tu.T++;
	if (tu.T < 2)
		return MED_OK;
	tu.jb = malloc((tu.T + 1) * sizeof(int64_t));
	tu.ib = malloc((tu.T + 1) * sizeof(int64_t));
	tu.spk = calloc(tu.T, sizeof(int64_t));
	if (!tu.jb || !tu.ib || !tu.spk) {
		r = MED_ERR_NOMEM;
		goto out;
	}
	{
		size_t t = 0;
		for (size_t f = 0; f < sy->n_frags; f++) {
			if (f == 0 || in->turn_start[f])
				tu.jb[t++] = sy->frag_frame[f];
			if (sy->speech_first[f] >= 0)
				tu.spk[t - 1] += sy->speech_last[f] - sy->speech_first[f] + 1;
		}
		tu.jb[0] = 0;
		tu.jb[tu.T] = (int64_t)in->ns;
	}
	for (size_t t = 0; t < tu.T; t++)
		if (tu.jb[t + 1] <= tu.jb[t])
			goto out; /* a turn without synthetic frames: leave the path alone */
	entries(in, path, &tu);
	for (size_t t = 0; t < tu.T; t++) {
		int done;
		if (tu.spk[t] * in->hop_ms < MISS_MIN_MS ||
		    (double)(tu.ib[t + 1] - tu.ib[t]) >= in->squeeze * (double)tu.spk[t])
			continue;
		r = check_turn(in, &tu, t, path, &done);
		if (r)
			goto out;
		if (done) {
			n_moved++;
			entries(in, path, &tu);
		}
	}
out:
	if (moved)
		*moved = n_moved;
	free(tu.jb);
	free(tu.ib);
	free(tu.spk);
	return r;
}
