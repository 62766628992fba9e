/* med_speaker.c: GMMs, GLR and agglomerative clustering of voices. */
#include "med_speaker.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define LOG_2PI 1.8378770664093453

void med_gmm_config_init(struct med_gmm_config *c)
{
	if (!c)
		return;
	c->n_comp = 8;
	c->n_iter = 12;
	c->var_floor = 0.01f;
	c->max_frames = 30000;
}

void med_gmm_release(struct med_gmm *g)
{
	if (!g)
		return;
	free(g->weight);
	free(g->mean);
	free(g->ivar);
	free(g->lconst);
	free(g->mean_t);
	free(g->ivar_t);
	memset(g, 0, sizeof(*g));
}

static void gmm_update_consts(struct med_gmm *g)
{
	if (g->mean_t && g->ivar_t) {
		for (int d = 0; d < g->dim; d++)
			for (int m = 0; m < g->m4; m++) {
				g->mean_t[(size_t)d * (size_t)g->m4 + (size_t)m] =
				        m < g->n_comp
				                ? g->mean[(size_t)m * (size_t)g->dim + (size_t)d]
				                : 0.0f;
				g->ivar_t[(size_t)d * (size_t)g->m4 + (size_t)m] =
				        m < g->n_comp
				                ? g->ivar[(size_t)m * (size_t)g->dim + (size_t)d]
				                : 0.0;
			}
	}
	for (int m = 0; m < g->n_comp; m++) {
		double ld = 0;
		for (int d = 0; d < g->dim; d++)
			ld -= log(g->ivar[m * g->dim + d]);
		double w = g->weight[m] > 1e-12f ? g->weight[m] : 1e-12;
		g->lconst[m] = (float)(log(w) - 0.5 * (g->dim * LOG_2PI + ld));
	}
}

/* Per-component log densities of frame into lp; returns their largest. The quadratic
 * forms go four components at a time where the fit keeps the transposed copies: per
 * component the same operations in the same order (the difference in float, then in
 * double e * e * ivar summed over the dimensions in turn), so the same values. */
static double gmm_comp_lp(const struct med_gmm *g, const float *x, double *lp)
{
	double mx = -DBL_MAX;
	int m = 0;
#if defined(__SSE2__)
	if (g->mean_t && g->ivar_t)
		for (; m + 4 <= g->n_comp; m += 4) {
			__m128d q0 = _mm_setzero_pd(), q1 = q0;
			for (int d = 0; d < g->dim; d++) {
				const float *mu = g->mean_t + (size_t)d * (size_t)g->m4 + (size_t)m;
				const double *iv =
				        g->ivar_t + (size_t)d * (size_t)g->m4 + (size_t)m;
				__m128 e = _mm_sub_ps(_mm_set1_ps(x[d]), _mm_loadu_ps(mu));
				__m128d e0 = _mm_cvtps_pd(e),
				        e1 = _mm_cvtps_pd(_mm_movehl_ps(e, e));
				q0 = _mm_add_pd(q0,
				                _mm_mul_pd(_mm_mul_pd(e0, e0), _mm_loadu_pd(iv)));
				q1 = _mm_add_pd(
				        q1, _mm_mul_pd(_mm_mul_pd(e1, e1), _mm_loadu_pd(iv + 2)));
			}
			_mm_storeu_pd(lp + m, q0);
			_mm_storeu_pd(lp + m + 2, q1);
			for (int k = m; k < m + 4; k++)
				lp[k] = g->lconst[k] - 0.5 * lp[k];
		}
#endif
	for (; m < g->n_comp; m++) {
		const float *mu = g->mean + (size_t)m * g->dim;
		const float *iv = g->ivar + (size_t)m * g->dim;
		double q = 0;
		for (int d = 0; d < g->dim; d++) {
			double e = x[d] - mu[d];
			q += e * e * iv[d];
		}
		lp[m] = g->lconst[m] - 0.5 * q;
	}
	for (m = 0; m < g->n_comp; m++)
		if (lp[m] > mx)
			mx = lp[m];
	return mx;
}

/* gmm_comp_lp(), and the log-sum-exp of lp. */
static double gmm_comp_logs(const struct med_gmm *g, const float *x, double *lp)
{
	double mx = gmm_comp_lp(g, x, lp), s = 0;
	for (int m = 0; m < g->n_comp; m++)
		s += exp(lp[m] - mx);
	return mx + log(s);
}

/* Each component's share of the frame (its posterior) into post, from the terms of the
 * log-sum-exp above: exp(lp - mx) / s, where exp(lp - log-sum-exp) would take the
 * exponentials again. */
static void gmm_comp_post(const struct med_gmm *g, const float *x, double *post)
{
	double mx = gmm_comp_lp(g, x, post), s = 0;
	for (int m = 0; m < g->n_comp; m++)
		s += post[m] = exp(post[m] - mx);
	for (int m = 0; m < g->n_comp; m++)
		post[m] /= s;
}

double med_gmm_loglik(const struct med_gmm *g, const float *frame)
{
	double lp[64];
	if (!g || !frame || g->n_comp < 1 || g->n_comp > 64)
		return -DBL_MAX;
	return gmm_comp_logs(g, frame, lp);
}

/* EM iterations over the frames x (rows), using acc (n_comp * (1 + 2 dim)) as scratch. */
static void gmm_em(struct med_gmm *g, const float *x, size_t n, int iters, float var_floor,
		   double *acc, double *lp)
{
	int dim = g->dim, M = g->n_comp;
	size_t stride = 1 + 2 * (size_t)dim;
	for (int it = 0; it < iters; it++) {
		memset(acc, 0, sizeof(double) * stride * (size_t)M);
		for (size_t i = 0; i < n; i++) {
			const float *f = x + i * (size_t)dim;
			gmm_comp_post(g, f, lp);
			for (int m = 0; m < M; m++) {
				double r = lp[m];
				if (r < 1e-8)
					continue;
				double *a = acc + (size_t)m * stride;
				a[0] += r;
				for (int d = 0; d < dim; d++) {
					a[1 + d] += r * f[d];
					a[1 + dim + d] += r * f[d] * f[d];
				}
			}
		}
		for (int m = 0; m < M; m++) {
			double *a = acc + (size_t)m * stride;
			if (a[0] < 1e-3) { /* dead component: keep it, tiny weight */
				g->weight[m] = 1e-6f;
				continue;
			}
			g->weight[m] = (float)(a[0] / (double)n);
			for (int d = 0; d < dim; d++) {
				double mu = a[1 + d] / a[0];
				double v = a[1 + dim + d] / a[0] - mu * mu;
				if (v < var_floor)
					v = var_floor;
				g->mean[m * dim + d] = (float)mu;
				g->ivar[m * dim + d] = (float)(1.0 / v);
			}
		}
		gmm_update_consts(g);
	}
}

/* Why splitting: binary splitting (LBG) is deterministic and does not depend on which
 * frame happens to be picked first, unlike random seeding. */
int med_gmm_fit(const float *x, size_t n, int dim, const struct med_gmm_config *c,
		struct med_gmm *out)
{
	struct med_gmm_config defc;
	float *sub = NULL;
	double *acc = NULL;
	double lp[64];
	int rc = MED_ERR_NOMEM;

	if (!out)
		return MED_ERR_ARG;
	memset(out, 0, sizeof(*out));
	if (!x || n == 0 || dim < 1 || dim > MED_SPEAKER_MAX_DIM)
		return MED_ERR_ARG;
	if (!c) {
		med_gmm_config_init(&defc);
		c = &defc;
	}
	int want = c->n_comp < 1 ? 1 : (c->n_comp > 64 ? 64 : c->n_comp);
	while (want > 1 && (size_t)want * 4 > n)
		want--;
	size_t m_frames = c->max_frames > 0 && n > c->max_frames ? c->max_frames : n;
	const float *data = x;
	if (m_frames < n) {
		sub = malloc(sizeof(float) * m_frames * (size_t)dim);
		if (!sub)
			goto out_fail;
		for (size_t i = 0; i < m_frames; i++) {
			size_t src = (size_t)((double)i * (double)n / (double)m_frames);
			memcpy(sub + i * (size_t)dim, x + src * (size_t)dim, sizeof(float) * (size_t)dim);
		}
		data = sub;
	}
	out->dim = dim;
	out->weight = calloc((size_t)want, sizeof(float));
	out->mean = calloc((size_t)want * (size_t)dim, sizeof(float));
	out->ivar = calloc((size_t)want * (size_t)dim, sizeof(float));
	out->lconst = calloc((size_t)want, sizeof(float));
	out->m4 = (want + 3) & ~3;
	out->mean_t = calloc((size_t)out->m4 * (size_t)dim, sizeof(float));
	out->ivar_t = calloc((size_t)out->m4 * (size_t)dim, sizeof(double));
	acc = calloc((size_t)want * (1 + 2 * (size_t)dim), sizeof(double));
	if (!out->weight || !out->mean || !out->ivar || !out->lconst || !out->mean_t ||
	    !out->ivar_t || !acc)
		goto out_fail;

	/* One Gaussian from all frames. */
	out->n_comp = 1;
	out->weight[0] = 1.0f;
	for (int d = 0; d < dim; d++) {
		double s = 0, s2 = 0;
		for (size_t i = 0; i < m_frames; i++) {
			double v = data[i * (size_t)dim + d];
			s += v;
			s2 += v * v;
		}
		double mu = s / (double)m_frames, var = s2 / (double)m_frames - mu * mu;
		if (var < c->var_floor)
			var = c->var_floor;
		out->mean[d] = (float)mu;
		out->ivar[d] = (float)(1.0 / var);
	}
	gmm_update_consts(out);
	while (out->n_comp < want) {
		/* Split the heaviest components along their spread. */
		int cur = out->n_comp;
		int add = cur;
		if (cur + add > want)
			add = want - cur;
		for (int a = 0; a < add; a++) {
			int best = 0;
			for (int m = 1; m < cur; m++)
				if (out->weight[m] > out->weight[best])
					best = m;
			int nm = out->n_comp++;
			for (int d = 0; d < dim; d++) {
				float sd = sqrtf(1.0f / out->ivar[best * dim + d]);
				out->mean[nm * dim + d] = out->mean[best * dim + d] + 0.3f * sd;
				out->mean[best * dim + d] -= 0.3f * sd;
				out->ivar[nm * dim + d] = out->ivar[best * dim + d];
			}
			out->weight[best] *= 0.5f;
			out->weight[nm] = out->weight[best];
		}
		gmm_update_consts(out);
		gmm_em(out, data, m_frames, 3, c->var_floor, acc, lp);
	}
	gmm_em(out, data, m_frames, c->n_iter, c->var_floor, acc, lp);
	rc = MED_OK;
	goto out_free;
out_fail:
	med_gmm_release(out);
out_free:
	free(acc);
	free(sub);
	return rc;
}

/* Sufficient statistics of one diagonal Gaussian. */
struct gstat {
	double n;
	double s[MED_SPEAKER_MAX_DIM];
	double s2[MED_SPEAKER_MAX_DIM];
};

static void gstat_add_frames(struct gstat *g, const float *x, int dim, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		const float *f = x + i * (size_t)dim;
		for (int d = 0; d < dim; d++) {
			g->s[d] += f[d];
			g->s2[d] += (double)f[d] * f[d];
		}
	}
	g->n += (double)(b - a);
}

/* n * log|S| of the diagonal Gaussian fitted to g. */
static double gstat_nlogdet(const struct gstat *g, int dim)
{
	if (g->n < 1)
		return 0;
	double ld = 0;
	for (int d = 0; d < dim; d++) {
		double mu = g->s[d] / g->n;
		double v = g->s2[d] / g->n - mu * mu;
		if (v < 1e-3)
			v = 1e-3;
		ld += log(v);
	}
	return g->n * ld;
}

static void gstat_merge(struct gstat *dst, const struct gstat *a, const struct gstat *b, int dim)
{
	dst->n = a->n + b->n;
	for (int d = 0; d < dim; d++) {
		dst->s[d] = a->s[d] + b->s[d];
		dst->s2[d] = a->s2[d] + b->s2[d];
	}
}

double med_speaker_glr(const float *x, int dim, size_t a0, size_t a1, size_t b1)
{
	struct gstat a, b, ab;
	if (!x || dim < 1 || dim > MED_SPEAKER_MAX_DIM || a1 < a0 + 2 || b1 < a1 + 2)
		return 0;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	gstat_add_frames(&a, x, dim, a0, a1);
	gstat_add_frames(&b, x, dim, a1, b1);
	gstat_merge(&ab, &a, &b, dim);
	double g = 0.5 * (gstat_nlogdet(&ab, dim) - gstat_nlogdet(&a, dim) - gstat_nlogdet(&b, dim));
	return g / ab.n;
}

void med_cluster_config_init(struct med_cluster_config *c)
{
	if (!c)
		return;
	c->min_frames = 50;
	c->max_segs = 600;
}

static double merge_cost(const struct gstat *a, const struct gstat *b, int dim)
{
	struct gstat ab;
	gstat_merge(&ab, a, b, dim);
	return 0.5 * (gstat_nlogdet(&ab, dim) - gstat_nlogdet(a, dim) - gstat_nlogdet(b, dim));
}

/* Log-likelihood of frames [a, b) under the diagonal Gaussian of g. */
static double gstat_loglik(const struct gstat *g, const float *x, int dim, size_t a, size_t b)
{
	double mu[MED_SPEAKER_MAX_DIM], iv[MED_SPEAKER_MAX_DIM], c = 0;
	for (int d = 0; d < dim; d++) {
		mu[d] = g->s[d] / g->n;
		double v = g->s2[d] / g->n - mu[d] * mu[d];
		if (v < 1e-3)
			v = 1e-3;
		iv[d] = 1.0 / v;
		c -= 0.5 * (LOG_2PI + log(v));
	}
	double ll = 0;
	for (size_t i = a; i < b; i++) {
		const float *f = x + i * (size_t)dim;
		double q = 0;
		for (int d = 0; d < dim; d++) {
			double e = f[d] - mu[d];
			q += e * e * iv[d];
		}
		ll += c - 0.5 * q;
	}
	return ll;
}

static int cmp_len_desc(const void *a, const void *b, const struct med_speaker_seg *segs)
{
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	size_t la = segs[ia].end - segs[ia].first, lb = segs[ib].end - segs[ib].first;
	if (la != lb)
		return la < lb ? 1 : -1;
	return ia < ib ? -1 : (ia > ib);
}

/* qsort has no context argument in C11: sort indices with a small insertion-merge. */
static void sort_by_len(size_t *idx, size_t n, const struct med_speaker_seg *segs, size_t *tmp)
{
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = cmp_len_desc(&idx[i], &idx[j], segs) <= 0 ? idx[i++] : idx[j++];
			while (i < mid)
				tmp[k++] = idx[i++];
			while (j < hi)
				tmp[k++] = idx[j++];
		}
		memcpy(idx, tmp, sizeof(size_t) * n);
	}
}

int med_speaker_cluster(const float *x, size_t n_frames, int dim,
			const struct med_speaker_seg *segs, size_t n_segs, int k,
			const struct med_cluster_config *c, int *labels)
{
	struct med_cluster_config defc;
	size_t *idx = NULL, *tmp = NULL, *sel = NULL;
	struct gstat *st = NULL;
	float *dist = NULL;
	int *owner = NULL, *alive = NULL, *num = NULL;
	int rc = MED_ERR_NOMEM;

	if (!x || !segs || !labels || k < 1 || dim < 1 || dim > MED_SPEAKER_MAX_DIM)
		return MED_ERR_ARG;
	if (n_segs == 0)
		return MED_ERR_EMPTY;
	for (size_t i = 0; i < n_segs; i++)
		if (segs[i].first >= segs[i].end || segs[i].end > n_frames)
			return MED_ERR_ARG;
	if (!c) {
		med_cluster_config_init(&defc);
		c = &defc;
	}
	idx = malloc(sizeof(size_t) * n_segs);
	tmp = malloc(sizeof(size_t) * n_segs);
	owner = malloc(sizeof(int) * n_segs);
	if (!idx || !tmp || !owner)
		goto out;
	for (size_t i = 0; i < n_segs; i++)
		idx[i] = i;
	sort_by_len(idx, n_segs, segs, tmp);
	size_t C = 0;
	size_t max_c = c->max_segs > 0 ? c->max_segs : n_segs;
	while (C < n_segs && C < max_c &&
	       segs[idx[C]].end - segs[idx[C]].first >= (c->min_frames > 0 ? c->min_frames : 1))
		C++;
	if (C == 0) /* all short: cluster the longest ones anyway */
		C = n_segs < max_c ? n_segs : max_c;
	sel = malloc(sizeof(size_t) * C);
	st = calloc(C, sizeof(*st));
	alive = malloc(sizeof(int) * C);
	dist = malloc(sizeof(float) * C * C);
	num = malloc(sizeof(int) * C);
	if (!sel || !st || !alive || !dist || !num)
		goto out;
	for (size_t i = 0; i < C; i++) {
		sel[i] = idx[i];
		gstat_add_frames(&st[i], x, dim, segs[sel[i]].first, segs[sel[i]].end);
		alive[i] = 1;
	}
	for (size_t i = 0; i < C; i++)
		for (size_t j = i + 1; j < C; j++)
			dist[i * C + j] = dist[j * C + i] = (float)merge_cost(&st[i], &st[j], dim);
	/* assignment of each selected segment to its cluster root */
	int *root = owner; /* reuse: root of selected segment i stored in owner[i] for i < C */
	for (size_t i = 0; i < C; i++)
		root[i] = (int)i;
	size_t n_alive = C;
	while (n_alive > (size_t)k) {
		float best = FLT_MAX;
		size_t bi = 0, bj = 0;
		for (size_t i = 0; i < C; i++) {
			if (!alive[i])
				continue;
			for (size_t j = i + 1; j < C; j++)
				if (alive[j] && dist[i * C + j] < best) {
					best = dist[i * C + j];
					bi = i;
					bj = j;
				}
		}
		struct gstat m;
		gstat_merge(&m, &st[bi], &st[bj], dim);
		st[bi] = m;
		alive[bj] = 0;
		n_alive--;
		for (size_t i = 0; i < C; i++)
			if (root[i] == (int)bj)
				root[i] = (int)bi;
		for (size_t j = 0; j < C; j++)
			if (alive[j] && j != bi)
				dist[bi * C + j] = dist[j * C + bi] = (float)merge_cost(&st[bi], &st[j], dim);
	}
	/* Number clusters by the time of their first segment. */
	for (size_t i = 0; i < C; i++)
		num[i] = -1;
	for (size_t s = 0; s < n_segs; s++)
		labels[s] = -1;
	for (size_t i = 0; i < C; i++)
		labels[sel[i]] = root[i];
	int next = 0;
	for (size_t s = 0; s < n_segs; s++) {
		if (labels[s] < 0)
			continue;
		if (num[labels[s]] < 0)
			num[labels[s]] = next++;
	}
	for (size_t s = 0; s < n_segs; s++) {
		if (labels[s] >= 0) {
			labels[s] = num[labels[s]];
			continue;
		}
		double best = -DBL_MAX;
		int bl = 0;
		for (size_t i = 0; i < C; i++) {
			if (!alive[i])
				continue;
			double ll = gstat_loglik(&st[i], x, dim, segs[s].first, segs[s].end);
			if (ll > best) {
				best = ll;
				bl = num[i];
			}
		}
		labels[s] = bl;
	}
	rc = MED_OK;
out:
	free(idx);
	free(tmp);
	free(sel);
	free(st);
	free(dist);
	free(owner);
	free(alive);
	free(num);
	return rc;
}
