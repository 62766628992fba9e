/* test_med_speaker.c: GMM fitting, GLR and clustering on synthetic "voices". */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "med_speaker.h"
#include "tap.h"

#define DIM 12

/* Deterministic normal numbers (xorshift + Box-Muller). */
static uint64_t rng_state = 88172645463325252ull;
static double urand(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return ((double)(rng_state >> 11) + 0.5) / 9007199254740992.0;
}
static double nrand(void)
{
	return sqrt(-2 * log(urand())) * cos(2 * M_PI * urand());
}

/* A voice: two modes (like vowels and fricatives) around a per-voice centre. */
static void voice_frame(int v, float *f)
{
	int mode = urand() < 0.5;
	for (int d = 0; d < DIM; d++) {
		double c = (v == 0 ? 0.6 : -0.6) * ((d % 3) ? 1 : -1) + (mode ? 0.8 : -0.8) * (d < 4);
		f[d] = (float)(c + 0.7 * nrand());
	}
}

/* A frame's log-likelihood from the model's fields, one component and one dimension at a
 * time (the definition the fast code must reproduce bit for bit). */
static double ref_loglik(const struct med_gmm *g, const float *x)
{
	double lp[64], mx = -1e308, s = 0;
	for (int m = 0; m < g->n_comp; m++) {
		double q = 0;
		for (int d = 0; d < g->dim; d++) {
			double e = x[d] - g->mean[m * g->dim + d];
			q += e * e * g->ivar[m * g->dim + d];
		}
		lp[m] = g->lconst[m] - 0.5 * q;
		if (lp[m] > mx)
			mx = lp[m];
	}
	for (int m = 0; m < g->n_comp; m++)
		s += exp(lp[m] - mx);
	return mx + log(s);
}

/* The quadratic forms four components at a time give the reference's values, with 8
 * components (two blocks) and 7 (a block and three alone). */
static void test_gmm_exact(void)
{
	size_t n = 3000;
	float *a = malloc(sizeof(float) * n * DIM);
	int ok = 1;
	for (size_t i = 0; i < n; i++)
		voice_frame((int)(i & 1), a + i * DIM);
	for (int nc = 7; nc <= 8; nc++) {
		struct med_gmm g;
		struct med_gmm_config c;
		med_gmm_config_init(&c);
		c.n_comp = nc;
		CHECK(med_gmm_fit(a, n, DIM, &c, &g) == MED_OK);
		CHECK(g.n_comp == nc);
		for (size_t i = 0; i < 500; i++)
			if (med_gmm_loglik(&g, a + i * DIM) != ref_loglik(&g, a + i * DIM))
				ok = 0;
		med_gmm_release(&g);
	}
	CHECK(ok);
	free(a);
}

static void test_gmm(void)
{
	size_t n = 4000;
	float *a = malloc(sizeof(float) * n * DIM), *b = malloc(sizeof(float) * n * DIM);
	for (size_t i = 0; i < n; i++) {
		voice_frame(0, a + i * DIM);
		voice_frame(1, b + i * DIM);
	}
	struct med_gmm ga, gb;
	struct med_gmm_config c;
	med_gmm_config_init(&c);
	c.n_comp = 4;
	CHECK(med_gmm_fit(a, n, DIM, &c, &ga) == MED_OK);
	CHECK(med_gmm_fit(b, n, DIM, &c, &gb) == MED_OK);
	CHECK(ga.n_comp == 4 && ga.dim == DIM);
	double wsum = 0;
	for (int m = 0; m < ga.n_comp; m++)
		wsum += ga.weight[m];
	CHECK(fabs(wsum - 1.0) < 1e-3);
	/* fresh frames are recognised by their own model */
	int right = 0;
	float f[DIM];
	for (int i = 0; i < 1000; i++) {
		int v = i & 1;
		voice_frame(v, f);
		double la = med_gmm_loglik(&ga, f), lb = med_gmm_loglik(&gb, f);
		right += v == 0 ? la > lb : lb > la;
	}
	CHECK(right > 950);
	/* the GMM beats a single Gaussian on two-mode data */
	struct med_gmm g1;
	c.n_comp = 1;
	CHECK(med_gmm_fit(a, n, DIM, &c, &g1) == MED_OK);
	double l1 = 0, l4 = 0;
	for (size_t i = 0; i < 500; i++) {
		l1 += med_gmm_loglik(&g1, a + i * DIM);
		l4 += med_gmm_loglik(&ga, a + i * DIM);
	}
	CHECK(l4 > l1);
	/* few frames: fewer components, still valid */
	struct med_gmm gs;
	c.n_comp = 8;
	CHECK(med_gmm_fit(a, 10, DIM, &c, &gs) == MED_OK);
	CHECK(gs.n_comp >= 1 && gs.n_comp <= 2);
	/* subsampling path */
	struct med_gmm gm;
	c.n_comp = 2;
	c.max_frames = 500;
	CHECK(med_gmm_fit(a, n, DIM, &c, &gm) == MED_OK);
	CHECK(isfinite(med_gmm_loglik(&gm, a)));
	/* negative */
	struct med_gmm gz;
	CHECK(med_gmm_fit(NULL, n, DIM, NULL, &gz) == MED_ERR_ARG);
	CHECK(med_gmm_fit(a, 0, DIM, NULL, &gz) == MED_ERR_ARG);
	CHECK(med_gmm_fit(a, n, 0, NULL, &gz) == MED_ERR_ARG);
	CHECK(med_gmm_fit(a, n, MED_SPEAKER_MAX_DIM + 1, NULL, &gz) == MED_ERR_ARG);
	CHECK(med_gmm_fit(a, n, DIM, NULL, NULL) == MED_ERR_ARG);
	CHECK(gz.weight == NULL && gz.n_comp == 0);
	CHECK(med_gmm_loglik(NULL, f) < -1e300);
	med_gmm_release(&ga);
	med_gmm_release(&gb);
	med_gmm_release(&g1);
	med_gmm_release(&gs);
	med_gmm_release(&gm);
	med_gmm_release(&gm); /* twice is fine */
	med_gmm_release(NULL);
	free(a);
	free(b);
}

static void test_glr(void)
{
	size_t n = 600;
	float *x = malloc(sizeof(float) * n * DIM);
	for (size_t i = 0; i < n; i++)
		voice_frame(i < 300 ? 0 : 1, x + i * DIM);
	double change = med_speaker_glr(x, DIM, 200, 300, 400);
	double same = med_speaker_glr(x, DIM, 0, 100, 200);
	CHECK(change > 3 * same);
	CHECK(same >= 0);
	/* the change point has the largest GLR along the stretch */
	size_t best = 0;
	double bv = -1;
	for (size_t t = 100; t <= 500; t += 10) {
		double g = med_speaker_glr(x, DIM, t - 100, t, t + 100);
		if (g > bv) {
			bv = g;
			best = t;
		}
	}
	CHECK(best >= 280 && best <= 320);
	CHECK(med_speaker_glr(NULL, DIM, 0, 10, 20) == 0);
	CHECK(med_speaker_glr(x, DIM, 0, 1, 20) == 0);
	CHECK(med_speaker_glr(x, 0, 0, 10, 20) == 0);
	free(x);
}

static void test_cluster(void)
{
	/* 40 segments of 30..150 frames, voices alternating in runs as in an interview */
	enum { NS = 40 };
	struct med_speaker_seg segs[NS];
	int truth[NS], lab[NS];
	size_t n = 0;
	for (int s = 0; s < NS; s++) {
		truth[s] = (s / 3) % 2;
		segs[s].first = n;
		n += 30 + (size_t)(urand() * 120);
		segs[s].end = n;
	}
	float *x = malloc(sizeof(float) * n * DIM);
	for (int s = 0; s < NS; s++)
		for (size_t i = segs[s].first; i < segs[s].end; i++)
			voice_frame(truth[s], x + i * DIM);
	CHECK(med_speaker_cluster(x, n, DIM, segs, NS, 2, NULL, lab) == MED_OK);
	int agree = 0;
	for (int s = 0; s < NS; s++)
		agree += lab[s] == truth[s]; /* first segment is voice 0 and cluster 0 */
	CHECK(agree == NS);
	/* k = 1: one cluster */
	CHECK(med_speaker_cluster(x, n, DIM, segs, NS, 1, NULL, lab) == MED_OK);
	int all0 = 1;
	for (int s = 0; s < NS; s++)
		all0 &= lab[s] == 0;
	CHECK(all0);
	/* short segments are labelled by the nearest cluster */
	struct med_cluster_config c;
	med_cluster_config_init(&c);
	c.min_frames = 100;
	CHECK(med_speaker_cluster(x, n, DIM, segs, NS, 2, &c, lab) == MED_OK);
	agree = 0;
	for (int s = 0; s < NS; s++)
		agree += lab[s] == truth[s];
	CHECK(agree >= NS - 1);
	/* negative */
	CHECK(med_speaker_cluster(NULL, n, DIM, segs, NS, 2, NULL, lab) == MED_ERR_ARG);
	CHECK(med_speaker_cluster(x, n, DIM, segs, NS, 0, NULL, lab) == MED_ERR_ARG);
	CHECK(med_speaker_cluster(x, n, DIM, segs, 0, 2, NULL, lab) == MED_ERR_EMPTY);
	CHECK(med_speaker_cluster(x, n, DIM, segs, NS, 2, NULL, NULL) == MED_ERR_ARG);
	struct med_speaker_seg bad = {10, 5};
	CHECK(med_speaker_cluster(x, n, DIM, &bad, 1, 2, NULL, lab) == MED_ERR_ARG);
	struct med_speaker_seg past = {0, n + 1};
	CHECK(med_speaker_cluster(x, n, DIM, &past, 1, 2, NULL, lab) == MED_ERR_ARG);
	free(x);
}

int main(void)
{
	test_gmm();
	test_glr();
	test_cluster();
	test_gmm_exact(); /* last: the others' data come from the same generator */
	return tap_done();
}
