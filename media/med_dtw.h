/*
 * med_dtw.h: dynamic time warping between two feature sequences, with memory bounded
 * independently of their length.
 *
 * Sequences are row-major float arrays (n rows of dim values); the local distance is the
 * Euclidean distance. Steps are symmetric (Sakoe-Chiba "symmetric2"): a diagonal step
 * costs 2 d(i,j), a step along one sequence costs d(i,j), the path runs from (0,0) to
 * (nx-1, ny-1) and its cost normalised by nx + ny is comparable between lengths.
 *
 * med_dtw_multires() first runs a DTW on averaged (coarse) sequences, over the whole matrix
 * or a wide band around its diagonal, at the finest resolution that fits a fixed cell budget, then
 * refines level by level inside a band around the projected path. When the refined path touches the
 * band's edge the level is redone with a twice wider band, so a narrow band cannot silently cut off
 * the best path. All functions are pure: no I/O, no globals.
 */
#ifndef MED_DTW_H
#define MED_DTW_H

#include <stddef.h>
#include <stdint.h>

#include "med_common.h"

struct med_dtw_config {
	size_t cell_budget; /* cells of the coarsest level (32 000 000: 8 MB of two-bit
	                       back-pointers) */
	float coarse_band;  /* the coarsest level searches +-this fraction of the text's length
	                       around the diagonal, widened when the path touches its edge;
	                       0: the whole matrix (0.125: two minutes either side on a
	                       17-minute interview, more than a dropped turn or an intro)
	                       */
	size_t coarse_min;  /* ... but at least this many frames of the text either side, up
	                       to twice coarse_band (12 000: two minutes at 10 ms) */
	int level_factor;   /* frames averaged per cell, ratio between levels (4) */
	int radius;         /* band half-width at each refinement level, in cells (48: at 24,
	                       a coarse path a sentence off after a filler and a false start
	                       stayed off (held-out ho2_en1, 0.3 % of its speech out of sync)
	                       and the quiet guest of g14 lost 2 % more; 48 costs 8 % more
	                       time on en_main and 9 MB at 69 minutes) */
	int max_widen;      /* times a level may be redone with a wider band (3) */
	float edge_skip;    /* > 0: along the first and last row and column, holding one
	                       sequence costs at most edge_skip times the mean distance between
	                       unrelated frames, so extra material at either end (an intro, a
	                       preamble) is passed over instead of smeared; 0: plain DTW (0) */
	float warp_cost;    /* > 0: on the coarsest level (when there is more than one), a step
	                       along one sequence costs this times the mean distance between
	                       unrelated frames on top of its distance, so where the distances
	                       tell little (a recorded voice far from the synthetic one) the
	                       coarse path keeps a steady pace instead of squeezing a run of
	                       short turns into a few seconds and stretching a long one over the
	                       rest; the finer levels are plain, to place boundaries freely
	                       inside their bands. A path's reported cost is its distances
	                       alone (0) */
	int shape_dims;     /* > 0: on the coarsest level (when there is more than one), the
	                       first shape_dims dimensions of each cell (the cepstra, and their
	                       deltas when they follow) are scaled to one length,
	                       sqrt(shape_dims) (a cell under half of it as if it were half),
	                       so the coarse path follows the spectrum's shape alone, not how
	                       pronounced that shape is: a recorded voice's spectrum is flatter
	                       than the synthetic one's, and the difference had outweighed
	                       which sound it was. The finer levels compare the cepstra as they
	                       are (0) */
};

struct med_dtw_path {
	size_t n;         /* steps */
	int32_t *x, *y;   /* n indices into each sequence, both non-decreasing */
	float *dist;      /* n local distances d(x[k], y[k]) */
	double cost;      /* total weighted cost */
	double norm_cost; /* cost / (nx + ny) */
	size_t cells;     /* matrix cells evaluated (all levels) */
	int widened;      /* times a band was widened */
};

void med_dtw_config_init(struct med_dtw_config *c);

/* The kernel of the bands' distances: 1 AVX2, 0 SSE2 (or plain C). want >= 0 asks for AVX2
 * (1, where the processor has it) or SSE2 (0); -1 only reads. The first read takes
 * TSYNC_DTW_KERNEL=sse2 from the environment. Both give the same distances, bit for bit. */
int med_dtw_kernel(int want);

/* The local distance of the DTWs here: Euclidean, between rows a and b of dim values. */
float med_dtw_dist(const float *a, const float *b, int dim);

/* A sequence y (ny rows of dim, kept by the caller while in use) prepared for many rows of
 * distances: med_dtw_cols_dists() gives med_dtw_dist() of a against each row into out
 * (room for ny rounded up to 8), the same values, with the band's AVX2 kernel where there
 * is one. NULL when out of memory or for an empty y. */
struct med_dtw_cols;
struct med_dtw_cols *med_dtw_cols_new(const float *y, size_t ny, int dim);
void med_dtw_cols_dists(const struct med_dtw_cols *c, const float *a, float *out);
void med_dtw_cols_free(struct med_dtw_cols *c);

/* Frees the arrays of p and zeroes it. Safe on a zeroed struct. */
void med_dtw_path_release(struct med_dtw_path *p);

/* p (zeroed or released) with room for cap steps and none taken, for re-cutting a path.
 * Returns MED_OK or MED_ERR_NOMEM (p then holds whatever was allocated: release it). */
int med_dtw_path_reserve(struct med_dtw_path *p, size_t cap);

/* 1 when p runs from (0,0) to (nx-1, ny-1) in unit steps (each index up by 0 or 1, not both
 * 0): the shape every path here has, checked after re-cutting one. */
int med_dtw_path_valid(const struct med_dtw_path *p, size_t nx, size_t ny);

/*
 * Full DTW (nx * ny / 4 bytes of memory for the back-pointers). Fills *out (release with
 * med_dtw_path_release()). Returns MED_OK, MED_ERR_ARG or MED_ERR_NOMEM.
 */
int med_dtw_full(const float *x, size_t nx, const float *y, size_t ny, int dim,
                 struct med_dtw_path *out);

/*
 * The costs full DTWs of every prefix, or every suffix, of x against the whole of y would
 * find, in one pass of O(ny) memory: forward, out[i] (nx values) is the cost of
 * x[0..i] against y; backward, the cost of x[i..nx) against y (the same minimum summed from
 * the other end, equal to med_dtw_full()'s cost up to rounding). Returns MED_OK,
 * MED_ERR_ARG or MED_ERR_NOMEM.
 */
int med_dtw_edge_costs(const float *x, size_t nx, const float *y, size_t ny, int dim,
                       int backward, double *out);

/*
 * Multi-resolution DTW as described above. progress (may be NULL) gets stage "dtw".
 * Returns MED_OK, MED_ERR_ARG, MED_ERR_NOMEM or MED_ERR_CANCELLED.
 */
int med_dtw_multires(const float *x, size_t nx, const float *y, size_t ny, int dim,
                     const struct med_dtw_config *c, struct med_dtw_path *out,
                     med_progress_fn progress, void *user);

/*
 * A path may lean on its band in one place only, where the level above went astray (a long
 * pause, a stretch of noise, repeated text): too few steps to count over a long file, enough
 * to misplace a boundary by seconds. Where path p (through the band lo[i]..hi[i] of an
 * nx by ny matrix) runs along one edge of the band for min_run steps or more, that edge moves
 * out by extra cells over the run's rows and extra rows either side; lo and hi stay
 * monotone. Returns the number of runs widened (0: lo and hi unchanged).
 * med_dtw_multires() calls it after each refinement level.
 */
size_t med_dtw_widen_edge_runs(const struct med_dtw_path *p, size_t nx, size_t ny, size_t min_run,
                               int32_t extra, int32_t *lo, int32_t *hi);

/*
 * Averages groups of factor rows: out gets ceil(n / factor) rows (caller-given buffer of
 * that many * dim floats).
 */
void med_dtw_downsample(const float *x, size_t n, int dim, int factor, float *out);

/* Cost of the best path through a band: lo[i]..hi[i] (inclusive) are the columns of row i,
 * both non-decreasing, lo[0] = 0, hi[nx-1] = ny-1, and consecutive rows overlap or touch.
 * Fills *out. Returns MED_OK, MED_ERR_ARG (bad band) or MED_ERR_NOMEM. */
int med_dtw_band(const float *x, size_t nx, const float *y, size_t ny, int dim, const int32_t *lo,
                 const int32_t *hi, struct med_dtw_path *out);

/* The same with warp (>= 0) added to the cost of every step along one sequence, as on the
 * coarse levels of med_dtw_multires() (config warp_cost); out->cost is the path's distances
 * alone. Exposed for the tests. */
int med_dtw_band_warp(const float *x, size_t nx, const float *y, size_t ny, int dim,
                      const int32_t *lo, const int32_t *hi, double warp, struct med_dtw_path *out);

#endif
