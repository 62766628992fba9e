/* med_test_util.h: what the media tests share: pseudo-random numbers (a linear
 * congruential generator seeded by MED_TEST_SEED, which each test program defines before
 * including this, so that every run draws the same) and hand-made DTW paths. */
#ifndef TSYNC_MED_TEST_UTIL_H
#define TSYNC_MED_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "med_dtw.h"

#ifndef MED_TEST_SEED
#define MED_TEST_SEED 1u
#endif
static uint32_t test_rng = MED_TEST_SEED;

/* Uniform in [0, 1). */
static inline float frand(void)
{
	test_rng = test_rng * 1664525u + 1013904223u;
	return (float)(test_rng >> 8) / 16777216.0f;
}

/* Standard normal (Box-Muller). */
static inline float gauss(void)
{
	float u = frand() + 1e-7f, v = frand();
	return sqrtf(-2.0f * logf(u)) * cosf(6.2831853f * v);
}

/* A staircase path through the points (px[k], py[k]), k < m, in unit steps (distances 0). */
static inline void path_through(const int64_t *px, const int64_t *py, int m,
                                struct med_dtw_path *p)
{
	size_t cap = 1;
	for (int k = 1; k < m; k++)
		cap += (size_t)(px[k] - px[k - 1] + py[k] - py[k - 1]);
	memset(p, 0, sizeof(*p));
	p->x = malloc(cap * sizeof(int32_t));
	p->y = malloc(cap * sizeof(int32_t));
	p->dist = calloc(cap, sizeof(float));
	p->x[0] = (int32_t)px[0];
	p->y[0] = (int32_t)py[0];
	p->n = 1;
	for (int k = 1; k < m; k++) {
		int64_t dx = px[k] - px[k - 1], dy = py[k] - py[k - 1];
		int64_t steps = dx > dy ? dx : dy;
		for (int64_t q = 1; q <= steps; q++) {
			int64_t x = px[k - 1] + dx * q / steps, y = py[k - 1] + dy * q / steps;
			if (x == p->x[p->n - 1] && y == p->y[p->n - 1])
				continue;
			p->x[p->n] = (int32_t)x;
			p->y[p->n] = (int32_t)y;
			p->n++;
		}
	}
}

/* First audio frame (x) the path gives synthetic frame j (y); -1 when none. */
static inline int64_t at_synth(const struct med_dtw_path *p, int64_t j)
{
	for (size_t k = 0; k < p->n; k++)
		if (p->y[k] >= j)
			return p->x[k];
	return -1;
}

#endif
