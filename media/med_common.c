/* med_common.c: the media library's message table, qsort comparators, medians and the
 * two-thread runner. */
#include "med_common.h"

#include <pthread.h>
#include <stdlib.h>

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

float med_median_float(float *v, size_t n)
{
	qsort(v, n, sizeof(float), med_cmp_float);
	return v[n / 2];
}

double med_median_double(double *v, size_t n)
{
	qsort(v, n, sizeof(double), med_cmp_double);
	return v[n / 2];
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
