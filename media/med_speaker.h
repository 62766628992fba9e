/*
 * med_speaker.h: voices without words: diagonal Gaussian mixture models of MFCC frames,
 * a generalised likelihood ratio (GLR) between two stretches of frames (how likely it is
 * that they come from different voices), and agglomerative clustering of speech segments
 * into a given number of voices.
 *
 * Used by the turn aligner (pl_align_turns.c) to tell the speakers of an interview apart
 * when the transcript is a translation and its words cannot be matched with the audio.
 *
 * Frames are rows of dim floats (MFCCs c1..cN, normalised by med_features with cmvn);
 * everything here is pure: inputs are const arrays, outputs are caller-given or owned by a
 * struct released with its _release() function. No I/O, no globals; thread-safe.
 */
#ifndef MED_SPEAKER_H
#define MED_SPEAKER_H

#include <stddef.h>

#include "med_common.h"

#define MED_SPEAKER_MAX_DIM 24

struct med_gmm_config {
	int n_comp;         /* mixture components (8) */
	int n_iter;         /* EM iterations (12) */
	float var_floor;    /* smallest variance of a coefficient (0.01) */
	size_t max_frames;  /* frames used for fitting at most; more are subsampled evenly (30000) */
};

/* A diagonal-covariance Gaussian mixture; storage owned, release with med_gmm_release(). */
struct med_gmm {
	int dim;
	int n_comp;
	float *weight;  /* n_comp */
	float *mean;    /* n_comp * dim */
	float *ivar;    /* n_comp * dim: inverse variances */
	float *lconst;  /* n_comp: log weight - 0.5 * (dim log 2pi + log det) */
	/* mean and ivar by dimension, components side by side (n_comp rounded up to 4, zeros
	 * past it), ivar as doubles: kept by the fit for the vector code */
	int m4;
	float *mean_t;
	double *ivar_t;
};

/* Fills c with the defaults above. */
void med_gmm_config_init(struct med_gmm_config *c);

/*
 * Fits a GMM to the n frames x[0..n*dim) (row per frame) by k-means++-style seeding
 * (deterministic) and EM. With fewer frames than 4 per component, uses fewer components.
 * c may be NULL (defaults). On success out owns new arrays (release with med_gmm_release()).
 * Returns MED_OK, MED_ERR_ARG (NULL, n == 0, dim outside 1..MED_SPEAKER_MAX_DIM) or
 * MED_ERR_NOMEM; out is left zeroed on error.
 */
int med_gmm_fit(const float *x, size_t n, int dim, const struct med_gmm_config *c,
		struct med_gmm *out);

/* Log-likelihood of one frame (dim floats) under g. */
double med_gmm_loglik(const struct med_gmm *g, const float *frame);

/* Frees g's arrays and zeroes it. Safe on a zeroed or released struct and on NULL. */
void med_gmm_release(struct med_gmm *g);

/*
 * GLR distance between frames [a0, a1) and [a1, b1) of x (dim per row), each modelled by
 * one diagonal Gaussian: 0.5 * (n log|S| - n_a log|S_a| - n_b log|S_b|) divided by n, so
 * that it does not grow with the window length. Larger means more likely two voices.
 * Returns 0 when a window holds fewer than 2 frames.
 */
double med_speaker_glr(const float *x, int dim, size_t a0, size_t a1, size_t b1);

/* A stretch of frames [first, end) of one speech segment. */
struct med_speaker_seg {
	size_t first;
	size_t end;
};

struct med_cluster_config {
	size_t min_frames;  /* segments shorter than this are labelled afterwards by the nearest
			       cluster, not clustered (50) */
	size_t max_segs;    /* at most this many of the longest segments are clustered (600) */
};

void med_cluster_config_init(struct med_cluster_config *c);

/*
 * Clusters segments of x into k voices: agglomerative, merging the pair of clusters with
 * the smallest size-weighted GLR (the BIC merge criterion without its constant penalty),
 * starting from one cluster per segment of at least c->min_frames frames; shorter segments
 * then join the cluster whose Gaussian gives them the highest likelihood. labels[i] gets a
 * cluster number 0..k-1 for segs[i]; clusters are numbered by their first segment in time
 * order. When fewer than k long segments exist, fewer clusters are used.
 * Returns MED_OK, MED_ERR_ARG (NULL, k < 1, dim out of range, a segment outside
 * n_frames or empty), MED_ERR_EMPTY (no segment) or MED_ERR_NOMEM.
 */
int med_speaker_cluster(const float *x, size_t n_frames, int dim,
			const struct med_speaker_seg *segs, size_t n_segs, int k,
			const struct med_cluster_config *c, int *labels);

#endif
