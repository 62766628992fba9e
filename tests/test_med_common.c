/* test_med_common.c: the selections and medians against a full sort, the allocation of
 * large arrays and the two-thread runner. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "med_common.h"
#include "tap.h"

/* Values drawn from a few distributions: distinct, many ties, sorted, reversed, all equal,
 * organ pipe (up then down), the worst inputs of naive pivot choices. */
static void fill(double *v, size_t n, int kind, uint32_t *seed)
{
	for (size_t i = 0; i < n; i++) {
		switch (kind) {
		case 0:
			v[i] = (double)(med_xorshift32(seed) % 1000003u) - 500000.0;
			break;
		case 1:
			v[i] = (double)(med_xorshift32(seed) % 7u);
			break;
		case 2:
			v[i] = (double)i;
			break;
		case 3:
			v[i] = (double)(n - i);
			break;
		case 4:
			v[i] = -2.5;
			break;
		default:
			v[i] = (double)(i < n / 2 ? i : n - i);
			break;
		}
	}
}

/* Every k of an array: the k-th value as a sort gives it, and the partition around it. */
static int select_all_k(const double *v, size_t n)
{
	double *s = malloc(n * sizeof(double)), *w = malloc(n * sizeof(double));
	float *sf = malloc(n * sizeof(float)), *wf = malloc(n * sizeof(float));
	int ok = 1;

	memcpy(s, v, n * sizeof(double));
	qsort(s, n, sizeof(double), med_cmp_double);
	for (size_t k = 0; k < n && ok; k++) {
		double got;
		float gotf;
		memcpy(w, v, n * sizeof(double));
		got = med_select_double(w, n, k);
		ok = got == s[k] && w[k] == s[k];
		for (size_t i = 0; i < n && ok; i++)
			ok = i < k ? w[i] <= got : w[i] >= got;
		/* the same in floats (the values are exact in both) */
		for (size_t i = 0; i < n; i++)
			wf[i] = (float)v[i];
		memcpy(sf, wf, n * sizeof(float));
		qsort(sf, n, sizeof(float), med_cmp_float);
		gotf = med_select_float(wf, n, k);
		ok = ok && gotf == sf[k];
	}
	free(s);
	free(w);
	free(sf);
	free(wf);
	return ok;
}

static void test_select(void)
{
	uint32_t seed = 2463534242u;
	static const size_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 16, 33, 100, 257};
	int all = 1;

	for (int kind = 0; kind < 6; kind++)
		for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			double v[257];
			fill(v, sizes[z], kind, &seed);
			if (!select_all_k(v, sizes[z])) {
				fprintf(stderr, "select: kind %d, n %zu\n", kind, sizes[z]);
				all = 0;
			}
		}
	CHECK(all);
}

/* A long array: the median and two percentiles, as the voice activity takes them. */
static void test_median_long(void)
{
	size_t n = 200001;
	uint32_t seed = 99u;
	float *v = malloc(n * sizeof(float)), *s = malloc(n * sizeof(float));
	float med, p10, p90;
	size_t k10 = (n - 1) / 10, k90 = (n - 1) * 9 / 10;

	for (size_t i = 0; i < n; i++)
		v[i] = (float)(med_xorshift32(&seed) % 20000u) / 100.0f - 90.0f;
	memcpy(s, v, n * sizeof(float));
	qsort(s, n, sizeof(float), med_cmp_float);
	med = med_median_float(v, n);
	CHECK(med == s[n / 2]);
	p10 = med_select_float(v, n, k10);
	p90 = med_select_float(v + k10, n - k10, k90 - k10);
	CHECK(p10 == s[k10]);
	CHECK(p90 == s[k90]);
	free(v);
	free(s);
}

/* The VmFlags of the mapping that holds addr, from /proc/self/smaps; 0 when there is no
 * such file or mapping. */
static int vm_flags_of(const void *addr, char *flags, size_t size)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int inside = 0, found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned long a, b;
		if (sscanf(line, "%lx-%lx ", &a, &b) == 2)
			inside = (uintptr_t)addr >= a && (uintptr_t)addr < b;
		else if (inside && !strncmp(line, "VmFlags:", 8)) {
			snprintf(flags, size, "%s", line + 8);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* Whether a pattern written by fill_bytes() from byte 0 is intact over n bytes. */
static void fill_bytes(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 2654435761u >> 13);
}

static int bytes_intact(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 2654435761u >> 13))
			return 0;
	return 1;
}

/* Small blocks are plain ones; large ones start on a huge page, are marked for huge pages
 * where the kernel has them, and keep their bytes when grown or shrunk. */
static void test_alloc_big(void)
{
	const size_t big = 5 * (size_t)MED_BIG_BYTES + 12345;
	unsigned char *p = med_alloc_big(100), *q;
	char flags[512];

	CHECK(p != NULL);
	if (p) {
		fill_bytes(p, 100);
		q = med_realloc_big(p, 1000);
		CHECK(q && bytes_intact(q, 100));
		free(q ? q : p);
	}
	p = med_alloc_big(big);
	CHECK(p && (uintptr_t)p % MED_BIG_BYTES == 0);
	if (!p)
		return;
	fill_bytes(p, big);
	CHECK(bytes_intact(p, big));
#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
	/* "hg": madvise(MADV_HUGEPAGE), where the kernel was built with such pages */
	if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0) {
		CHECK(vm_flags_of(p + MED_BIG_BYTES, flags, sizeof(flags)));
		CHECK(strstr(flags, " hg") != NULL);
	}
#else
	(void)flags;
	(void)vm_flags_of;
#endif
	q = med_realloc_big(p, 2 * big);
	CHECK(q && bytes_intact(q, big));
	if (!q) {
		free(p);
		return;
	}
	p = med_realloc_big(q, big / 3);
	CHECK(p && bytes_intact(p, big / 3));
	free(p ? p : q);
	p = med_realloc_big(NULL, big);
	CHECK(p && (uintptr_t)p % MED_BIG_BYTES == 0);
	free(p);
}

static void *add_one(void *arg)
{
	(*(int *)arg)++;
	return NULL;
}

static void test_run_two(void)
{
	int a = 0, b = 10;
	med_run_two(add_one, &a, &b);
	CHECK(a == 1 && b == 11);
}

int main(void)
{
	test_select();
	test_median_long();
	test_alloc_big();
	test_run_two();
	return tap_done();
}
