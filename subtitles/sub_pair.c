/*
 * sub_pair.c: Gale-Church sentence alignment by length.
 *
 * The cost of a bead is -100 ln P(delta | match) plus a penalty for its kind relative to
 * 1-1 (the figures of Gale & Church's program: 2-1 230, 0-1 450, 2-2 440). delta compares
 * the b length with the a length scaled by c, the ratio of the totals, with a variance
 * that grows with the length (s2 = 6.8 per unit).
 */
#include "sub_pair.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "sub_model.h"

#define GC_S2 6.8

static double match_cost(double la, double lb, double c)
{
	if (la == 0 && lb == 0)
		return 0;
	double mean = (la + lb / c) / 2;
	double z = (lb - c * la) / sqrt(GC_S2 * c * mean);
	double pd = erfc(fabs(z) / sqrt(2.0)); /* 2 * (1 - Phi(|z|)) */
	if (pd < 1e-300)
		pd = 1e-300;
	return -100 * log(pd);
}

static const struct {
	unsigned char da, db;
	double penalty;
} bead_kinds[] = {
        {1, 1, 0}, {1, 0, 450}, {0, 1, 450}, {2, 1, 230}, {1, 2, 230}, {2, 2, 440},
};
#define N_KINDS (sizeof(bead_kinds) / sizeof(bead_kinds[0]))

int sub_pair_sentences(const size_t *len_a, size_t n_a, const size_t *len_b, size_t n_b,
                       struct sub_bead **out, size_t *n_out)
{
	if (!out || !n_out || (!len_a && n_a) || (!len_b && n_b))
		return SUB_ERR_ARG;
	*out = NULL;
	*n_out = 0;
	if (!n_a && !n_b)
		return SUB_OK;
	size_t w = n_b + 1;
	if (n_a + 1 > SUB_PAIR_MAX_CELLS / w)
		return SUB_ERR_TOO_BIG;
	size_t cells = (n_a + 1) * w;
	double *cost = malloc(cells * sizeof(double));
	unsigned char *from = malloc(cells);
	struct sub_bead *beads = malloc((n_a + n_b) * sizeof(*beads));
	int rc = SUB_OK;
	if (!cost || !from || !beads) {
		rc = SUB_ERR_NOMEM;
		goto out_free;
	}
	double ta = 0, tb = 0;
	for (size_t i = 0; i < n_a; i++)
		ta += (double)len_a[i];
	for (size_t j = 0; j < n_b; j++)
		tb += (double)len_b[j];
	double c = (ta > 0 && tb > 0) ? tb / ta : 1.0;
	for (size_t i = 0; i <= n_a; i++) {
		for (size_t j = 0; j <= n_b; j++) {
			double best = i || j ? INFINITY : 0;
			unsigned char bk = 0xFF;
			for (size_t k = 0; k < N_KINDS && (i || j); k++) {
				size_t da = bead_kinds[k].da, db = bead_kinds[k].db;
				if (da > i || db > j)
					continue;
				double prev = cost[(i - da) * w + (j - db)];
				if (!isfinite(prev))
					continue;
				double la = 0, lb = 0;
				for (size_t q = 0; q < da; q++)
					la += (double)len_a[i - 1 - q];
				for (size_t q = 0; q < db; q++)
					lb += (double)len_b[j - 1 - q];
				double v = prev + bead_kinds[k].penalty + match_cost(la, lb, c);
				if (v < best) {
					best = v;
					bk = (unsigned char)k;
				}
			}
			cost[i * w + j] = best;
			from[i * w + j] = bk;
		}
	}
	/* walk back from the corner, then reverse */
	size_t n = 0, i = n_a, j = n_b;
	while (i || j) {
		unsigned char k = from[i * w + j];
		if (k >= N_KINDS) {
			rc = SUB_ERR_INVALID; /* cannot happen: 1-0 and 0-1 reach every cell */
			goto out_free;
		}
		size_t da = bead_kinds[k].da, db = bead_kinds[k].db;
		beads[n].a_first = i - da;
		beads[n].a_count = da;
		beads[n].b_first = j - db;
		beads[n].b_count = db;
		n++;
		i -= da;
		j -= db;
	}
	for (size_t a = 0, b = n - 1; a < b; a++, b--) {
		struct sub_bead t = beads[a];
		beads[a] = beads[b];
		beads[b] = t;
	}
	*out = beads;
	*n_out = n;
	beads = NULL;
out_free:
	free(cost);
	free(from);
	free(beads);
	return rc;
}
