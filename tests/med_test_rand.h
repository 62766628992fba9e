/* med_test_rand.h: the media tests' pseudo-random numbers: a linear congruential generator
 * seeded by MED_TEST_SEED, which each test program defines before including this, so that
 * every run draws the same. */
#ifndef TSYNC_MED_TEST_RAND_H
#define TSYNC_MED_TEST_RAND_H

#include <math.h>
#include <stdint.h>

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

#endif
