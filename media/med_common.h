/*
 * med_common.h: result codes and progress reporting shared by the media library.
 *
 * The media library knows audio only. Its functions take plain arrays and return times;
 * none prints, none keeps global state. Long operations report progress through a
 * med_progress_fn callback that the caller gives.
 */
#ifndef MED_COMMON_H
#define MED_COMMON_H

#include <stddef.h>
#include <stdint.h>

enum med_result {
	MED_OK = 0,
	MED_ERR_NOMEM = -1,      /* out of memory */
	MED_ERR_IO = -2,         /* the file cannot be opened or read */
	MED_ERR_FORMAT = -3,     /* the file is not audio libsndfile or FFmpeg can decode */
	MED_ERR_EMPTY = -4,      /* the audio holds no frames */
	MED_ERR_SILENT = -5,     /* the audio holds no sound above the noise floor */
	MED_ERR_ARG = -6,        /* bad argument */
	MED_ERR_SYNTH = -7,      /* speech synthesis failed (espeak-ng) */
	MED_ERR_ALIGN = -8,      /* no alignment could be found */
	MED_ERR_MISMATCH = -9,   /* the text does not belong to the audio */
	MED_ERR_TOO_SHORT = -10, /* the audio is much shorter than the text needs */
	MED_ERR_CANCELLED = -11, /* the progress callback asked to stop */
};
#define MED_RESULT_FIRST MED_ERR_CANCELLED

/* Returns a static message for a result code; never NULL. */
const char *med_strerror(int result);

/*
 * Progress callback: stage is a short static name ("decode", "features", "synthesis",
 * "dtw", "boundaries"), fraction is 0..1 within the stage. Return nonzero to cancel.
 * Called from the thread that runs the operation.
 */
typedef int (*med_progress_fn)(void *user, const char *stage, double fraction);

/* qsort() comparators, ascending. */
int med_cmp_float(const void *a, const void *b);
int med_cmp_double(const void *a, const void *b);

/* The k-th smallest (v[k] once sorted, k < n) of n values without sorting them all
 * (quickselect): v is reordered so that v[k] holds it, the values before it are not above it
 * and those after it not below it. The values must not be NaN. */
float med_select_float(float *v, size_t n, size_t k);
double med_select_double(double *v, size_t n, size_t k);

/* The median (upper, v[n / 2] once sorted) of n > 0 values; reorders v
 * (med_select_float()). */
float med_median_float(float *v, size_t n);
double med_median_double(double *v, size_t n);

/* malloc() for the large arrays of an analysis (features, sequences, the DTW's
 * directions: megabytes, written through once). Above MED_BIG_BYTES the block is aligned
 * to, and its whole pages marked for, the kernel's transparent huge pages where it offers
 * them (Linux's madvise(MADV_HUGEPAGE)): first writes then fault once per 2 MB, not once
 * per 4 KB, which on a virtual machine cost more than the writes themselves. Below it, or
 * where there are none, plain malloc(). med_realloc_big() is realloc(), but takes a new
 * block (p NULL) from med_alloc_big(): for an array made at its full size that may still
 * grow. Growing a marked block costs a copy (the mark splits its mapping, which glibc then
 * cannot move), so an array that grows piece by piece starts with plain malloc(). Free
 * with free(). */
#define MED_BIG_BYTES (2u << 20)
void *med_alloc_big(size_t n);
void *med_realloc_big(void *p, size_t n);

/* Runs fn(a) on a thread of its own and fn(b) on the caller's, and returns when both are
 * done; both on the caller's thread, one after the other, when no thread can be started.
 * For two independent halves of one piece of work. */
void med_run_two(void *(*fn)(void *), void *a, void *b);

/* One step of Marsaglia's xorshift32 (13, 17, 5): the pseudo-random draws of the analyses,
 * the same on every machine. *state must not be 0. */
static inline uint32_t med_xorshift32(uint32_t *state)
{
	uint32_t x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

#endif
