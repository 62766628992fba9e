/* med_common.c: the media library's message table, qsort comparators, medians, the
 * allocation of large arrays and the two-thread runner. */
#include "med_common.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

static const struct {
	int code;
	const char *msg;
} med_messages[] = {
        {MED_OK, "success"},
        {MED_ERR_NOMEM, "out of memory"},
        {MED_ERR_IO, "cannot open or read the file"},
        {MED_ERR_FORMAT, "not an audio format that can be decoded"},
        {MED_ERR_EMPTY, "the audio is empty"},
        {MED_ERR_SILENT, "the audio is silent"},
        {MED_ERR_ARG, "invalid argument"},
        {MED_ERR_SYNTH, "speech synthesis failed"},
        {MED_ERR_ALIGN, "no alignment could be found"},
        {MED_ERR_MISMATCH, "the text does not match the audio"},
        {MED_ERR_TOO_SHORT, "the audio is much shorter than the text"},
        {MED_ERR_CANCELLED, "cancelled"},
};

const char *med_strerror(int result)
{
	for (unsigned i = 0; i < sizeof(med_messages) / sizeof(med_messages[0]); i++)
		if (med_messages[i].code == result)
			return med_messages[i].msg;
	return "unknown error";
}

int med_cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

int med_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * Quickselect over [lo, hi] (inclusive), which holds k: the median of three as the pivot,
 * Hoare's partition, then the side that holds k. A sort would order all n values, a cost of
 * n log n comparisons through a function pointer, where this takes about 3n inline ones:
 * the percentiles of the voice activity and the medians of the alignment run over every
 * frame of a recording. The k-th value is the same either way.
 */
#define MED_SELECT(name, type)                                                                     \
	type name(type *v, size_t n, size_t k)                                                     \
	{                                                                                          \
		size_t lo = 0, hi = n - 1;                                                         \
		while (hi > lo) {                                                                  \
			size_t mid = lo + (hi - lo) / 2, i = lo - 1, j = hi + 1;                   \
			type t, pivot;                                                             \
			/* v[lo] <= v[mid] <= v[hi]: the pivot is the middle of the three */       \
			if (v[mid] < v[lo])                                                        \
				t = v[mid], v[mid] = v[lo], v[lo] = t;                             \
			if (v[hi] < v[lo])                                                         \
				t = v[hi], v[hi] = v[lo], v[lo] = t;                               \
			if (v[hi] < v[mid])                                                        \
				t = v[hi], v[hi] = v[mid], v[mid] = t;                             \
			if (hi - lo < 3)                                                           \
				break; /* three values or fewer, now in order */                   \
			pivot = v[mid];                                                            \
			/* Hoare's partition: j ends in [lo, hi - 1], [lo, j] holds no value       \
			 * above the pivot and [j + 1, hi] none below it */                        \
			for (;;) {                                                                 \
				do                                                                 \
					i++;                                                       \
				while (v[i] < pivot);                                              \
				do                                                                 \
					j--;                                                       \
				while (pivot < v[j]);                                              \
				if (i >= j)                                                        \
					break;                                                     \
				t = v[i], v[i] = v[j], v[j] = t;                                   \
			}                                                                          \
			if (k <= j)                                                                \
				hi = j;                                                            \
			else                                                                       \
				lo = j + 1;                                                        \
		}                                                                                  \
		return v[k];                                                                       \
	}

MED_SELECT(med_select_float, float)
MED_SELECT(med_select_double, double)

float med_median_float(float *v, size_t n)
{
	return med_select_float(v, n, n / 2);
}

double med_median_double(double *v, size_t n)
{
	return med_select_double(v, n, n / 2);
}

/* Marks the whole huge pages inside [p, p + n) for transparent huge pages; a hint, whose
 * failure (no such pages in this kernel, or turned off) changes nothing. */
static void big_advise(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	uintptr_t a = ((uintptr_t)p + MED_BIG_BYTES - 1) & ~(uintptr_t)(MED_BIG_BYTES - 1);
	uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(MED_BIG_BYTES - 1);

	if (p && e > a)
		madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

void *med_alloc_big(size_t n)
{
	void *p = NULL;

	if (n < MED_BIG_BYTES)
		return malloc(n);
	/* The alignment puts every 2 MB of the block on a huge page of its own; glibc takes a
	 * block this large from a mapping of its own, so the pages before it are never
	 * touched. */
	if (posix_memalign(&p, MED_BIG_BYTES, n))
		return NULL;
	big_advise(p, n);
	return p;
}

void *med_realloc_big(void *p, size_t n)
{
	return p ? realloc(p, n) : med_alloc_big(n);
}

void med_run_two(void *(*fn)(void *), void *a, void *b)
{
	pthread_t th;
	int threaded = pthread_create(&th, NULL, fn, a) == 0;

	if (!threaded)
		fn(a);
	fn(b);
	if (threaded)
		pthread_join(th, NULL);
}
