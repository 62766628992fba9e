/* med_dtw.c: banded DTW and its multi-resolution driver. */
#include "med_dtw.h"

#include <float.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { STEP_DIAG = 0, STEP_UP = 1, STEP_LEFT = 2 };

/* Bands with at least this many cells, and rows of this many on average, are filled by two
 * threads (a narrower row is done before the other thread could take its half). The finest
 * level's band, radius 48 around the path, has rows of about 190 cells and stays on one:
 * on two (a width of 96 here) a band of 40000 such rows took 0.30 s instead of 0.365, but
 * for twice the processor time (the waiting thread spins), and in the whole alignment en_main
 * gained 0.1 s while en_hour lost 0.6 s (medians of three, alternating). */
#define DTW_PARALLEL_CELLS 2000000
#define DTW_PARALLEL_WIDTH 512
#define DTW_SPIN 256 /* pause hints before yielding when waiting for the other thread */

void med_dtw_config_init(struct med_dtw_config *c)
{
	if (!c)
		return;
	c->cell_budget = 32000000;
	c->coarse_band = 0.125f;
	c->coarse_min = 12000;
	c->level_factor = 4;
	c->radius = 48;
	c->max_widen = 3;
	c->edge_skip = 0;
	c->warp_cost = 0;
	c->shape_dims = 0;
}

void med_dtw_path_release(struct med_dtw_path *p)
{
	if (!p)
		return;
	free(p->x);
	free(p->y);
	free(p->dist);
	memset(p, 0, sizeof(*p));
}

int med_dtw_path_reserve(struct med_dtw_path *p, size_t cap)
{
	memset(p, 0, sizeof(*p));
	p->x = malloc(cap * sizeof(int32_t));
	p->y = malloc(cap * sizeof(int32_t));
	p->dist = malloc(cap * sizeof(float));
	return p->x && p->y && p->dist ? MED_OK : MED_ERR_NOMEM;
}

int med_dtw_path_valid(const struct med_dtw_path *p, size_t nx, size_t ny)
{
	if (!p->n || p->x[0] != 0 || p->y[0] != 0 || p->x[p->n - 1] != (int32_t)nx - 1 ||
	    p->y[p->n - 1] != (int32_t)ny - 1)
		return 0;
	for (size_t k = 1; k < p->n; k++) {
		int32_t dx = p->x[k] - p->x[k - 1], dy = p->y[k] - p->y[k - 1];
		if (dx < 0 || dy < 0 || dx > 1 || dy > 1 || (dx == 0 && dy == 0))
			return 0;
	}
	return 1;
}

/* Euclidean distance; four partial sums let the compiler keep four multiply-adds in
 * flight (the inner loop of every DTW here). */
static inline float dtw_dist(const float *a, const float *b, int dim)
{
	float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	int k = 0;
	for (; k + 4 <= dim; k += 4) {
		float t0 = a[k] - b[k], t1 = a[k + 1] - b[k + 1], t2 = a[k + 2] - b[k + 2],
		      t3 = a[k + 3] - b[k + 3];
		s0 += t0 * t0;
		s1 += t1 * t1;
		s2 += t2 * t2;
		s3 += t3 * t3;
	}
	for (; k < dim; k++) {
		float t = a[k] - b[k];
		s0 += t * t;
	}
	return sqrtf((s0 + s1) + (s2 + s3));
}

float med_dtw_dist(const float *a, const float *b, int dim)
{
	return dtw_dist(a, b, dim);
}

struct med_dtw_cols {
	const float *y;
	size_t ny;
	int dim;
	float *yt; /* y by columns (the AVX2 kernel's), or NULL */
};

/* Interior cells one by one (the ends of a run of them that do not fill a direction byte):
 * the recurrence of band_cell() without its tests. The direction of cell j is OR-ed at two-bit
 * index idx + j of dir; a step along one sequence costs warp more than its distance. Returns
 * the cost of the last cell. */
static double band_interior1(const float *xi, const float *y, int dim, const double *pv, double *cv,
                             unsigned char *dir, size_t idx, int32_t n, double left, double warp)
{
	for (int32_t j = 0; j < n; j++, y += dim, idx++) {
		double d = dtw_dist(xi, y, dim);
		double vd = pv[j - 1] + 2 * d, vu = pv[j] + (d + warp), vl = left + (d + warp);
		/* Ties go to the diagonal, then up; the step from the two comparisons without a
		 * branch on them. */
		unsigned up = vu < vd, lt;
		double m = vu < vd ? vu : vd;
		lt = vl < m;
		m = vl < m ? vl : m;
		cv[j] = m;
		left = m;
		dir[idx >> 2] |= (unsigned char)(((up & (lt ^ 1u)) | (lt << 1)) << ((idx & 3) * 2));
	}
	return left;
}

/*
 * The interior of a band row: n cells (a multiple of 4) starting at a column that is a
 * multiple of 4, all three predecessors in the band, no edge cost. pv points to the cost of
 * the cell above the first one (pv[-1] is above-left), cv receives the costs, dir the
 * direction bytes (whole bytes, stored not OR-ed), left is the cost left of the first cell.
 * Same sums in the same order as band_cell(), so the same costs and steps: ties go to the
 * diagonal, then up.
 */
#if defined(__SSE2__) && !defined(MED_DTW_PLAIN)
#include <emmintrin.h>

/* dtw_dist() of xi against four consecutive rows of y: per row the same operations in the
 * same order, with x loaded once; the partial sums are then transposed (lane q: row q) to
 * finish the four at once. */
static inline __m128 dtw_dist4(const float *xi, const float *y, int dim)
{
	const size_t st = (size_t)dim;
	__m128 s0 = _mm_setzero_ps(), s1 = s0, s2 = s0, s3 = s0, t, u0, u1, u2, u3;
	int k = 0;
	for (; k + 4 <= dim; k += 4) {
		/* y - x: the negation of x - y exactly, the same square. */
		__m128 xv = _mm_loadu_ps(xi + k);
		t = _mm_sub_ps(_mm_loadu_ps(y + k), xv);
		s0 = _mm_add_ps(s0, _mm_mul_ps(t, t));
		t = _mm_sub_ps(_mm_loadu_ps(y + st + (size_t)k), xv);
		s1 = _mm_add_ps(s1, _mm_mul_ps(t, t));
		t = _mm_sub_ps(_mm_loadu_ps(y + 2 * st + (size_t)k), xv);
		s2 = _mm_add_ps(s2, _mm_mul_ps(t, t));
		t = _mm_sub_ps(_mm_loadu_ps(y + 3 * st + (size_t)k), xv);
		s3 = _mm_add_ps(s3, _mm_mul_ps(t, t));
	}
	u0 = _mm_unpacklo_ps(s0, s1);
	u1 = _mm_unpackhi_ps(s0, s1);
	u2 = _mm_unpacklo_ps(s2, s3);
	u3 = _mm_unpackhi_ps(s2, s3);
	s0 = _mm_movelh_ps(u0, u2);
	s1 = _mm_movehl_ps(u2, u0);
	s2 = _mm_movelh_ps(u1, u3);
	s3 = _mm_movehl_ps(u3, u1);
	/* The rest of the dimensions go to the first partial sum, as in dtw_dist(). */
	for (; k < dim; k++) {
		t = _mm_sub_ps(_mm_set1_ps(xi[k]),
		               _mm_setr_ps(y[k], y[st + (size_t)k], y[2 * st + (size_t)k],
		                           y[3 * st + (size_t)k]));
		s0 = _mm_add_ps(s0, _mm_mul_ps(t, t));
	}
	return _mm_sqrt_ps(_mm_add_ps(_mm_add_ps(s0, s1), _mm_add_ps(s2, s3)));
}

static inline void dtw_pause(void)
{
	_mm_pause();
}

/* Two-bit fields from four one-bit flags: bit q to bit 2q. */
static const unsigned char dtw_spread[16] = {0x00, 0x01, 0x04, 0x05, 0x10, 0x11, 0x14, 0x15,
                                             0x40, 0x41, 0x44, 0x45, 0x50, 0x51, 0x54, 0x55};

static double band_interior(const float *dd, const float *xi, const float *y, int dim,
                            const double *pv, double *cv, unsigned char *dir, int32_t n,
                            double left, double warp)
{
	__m128d wv = _mm_set1_pd(warp);
	__m128d lv = _mm_set_sd(left);
	/* Without dd, the distances of the next block are computed before the recurrence of
	 * this one (which only waits for the cell to its left), so the two overlap in the
	 * processor. */
	__m128 dn = dd ? _mm_setzero_ps() : dtw_dist4(xi, y, dim);
	for (int32_t j = 0; j < n; j += 4) {
		__m128 d4 = dn;
		if (dd)
			d4 = _mm_loadu_ps(dd + j);
		else if (j + 4 < n)
			dn = dtw_dist4(xi, y + (size_t)(j + 4) * (size_t)dim, dim);
		__m128d d01 = _mm_cvtps_pd(d4), d23 = _mm_cvtps_pd(_mm_movehl_ps(d4, d4));
		__m128d vd01 = _mm_add_pd(_mm_loadu_pd(pv + j - 1), _mm_add_pd(d01, d01)),
		        vd23 = _mm_add_pd(_mm_loadu_pd(pv + j + 1), _mm_add_pd(d23, d23)), vu01,
		        vu23;
		/* From here on d is the cost of a step along one sequence (warp 0: the distance
		 * itself, bit for bit). */
		d01 = _mm_add_pd(d01, wv);
		d23 = _mm_add_pd(d23, wv);
		vu01 = _mm_add_pd(_mm_loadu_pd(pv + j), d01);
		vu23 = _mm_add_pd(_mm_loadu_pd(pv + j + 2), d23);
		/* m: the better of diagonal and up, up only if strictly better. */
		__m128d m01 = _mm_min_pd(vu01, vd01), m23 = _mm_min_pd(vu23, vd23), c0, c1, c2, c3;
		int up = _mm_movemask_pd(_mm_cmplt_pd(vu01, vd01)) |
		         _mm_movemask_pd(_mm_cmplt_pd(vu23, vd23)) << 2,
		    lt;
		/* The serial part: left only if strictly better than m. Cell j's cost is
		 * min(t_j, M_j): t_j the left cost plus the distances up to j, added in order,
		 * M_j the best m of the block carried to j by the same additions. Rounding keeps
		 * order, so min(a, b) + d rounds to min(a + d, b + d): these are the costs of the
		 * cell-by-cell recurrence, bit for bit, but only the additions wait for the
		 * block to the left. */
		__m128d d1 = _mm_unpackhi_pd(d01, d01), d3 = _mm_unpackhi_pd(d23, d23),
		        mm1 = _mm_min_sd(_mm_add_sd(m01, d1), _mm_unpackhi_pd(m01, m01)),
		        mm2 = _mm_min_sd(_mm_add_sd(mm1, d23), m23),
		        mm3 = _mm_min_sd(_mm_add_sd(mm2, d3), _mm_unpackhi_pd(m23, m23)),
		        t0 = _mm_add_sd(lv, d01), t1 = _mm_add_sd(t0, d1), t2 = _mm_add_sd(t1, d23),
		        t3 = _mm_add_sd(t2, d3);
		c0 = _mm_min_sd(t0, m01);
		c1 = _mm_min_sd(t1, mm1);
		c2 = _mm_min_sd(t2, mm2);
		c3 = _mm_min_sd(t3, mm3);
		lv = c3;
		c0 = _mm_unpacklo_pd(c0, c1);
		c2 = _mm_unpacklo_pd(c2, c3);
		_mm_storeu_pd(cv + j, c0);
		_mm_storeu_pd(cv + j + 2, c2);
		/* The left step was taken where the cost is below m. */
		lt = _mm_movemask_pd(_mm_cmplt_pd(c0, m01));
		lt |= _mm_movemask_pd(_mm_cmplt_pd(c2, m23)) << 2;
		dir[j >> 2] = (unsigned char)(dtw_spread[up & ~lt] | dtw_spread[lt] << 1);
	}
	return _mm_cvtsd_f64(lv);
}
#else
static inline void dtw_pause(void)
{
}

static double band_interior(const float *dd, const float *xi, const float *y, int dim,
                            const double *pv, double *cv, unsigned char *dir, int32_t n,
                            double left, double warp)
{
	(void)dd;
	return band_interior1(xi, y, dim, pv, cv, dir, 0, n, left, warp);
}
#endif

/*
 * The band's interior takes its distances a chunk of a row at a time, before the costs.
 * With AVX2 (where the processor has it) they come from a copy of y laid out by columns:
 * in blocks of eight frames, each dimension's eight values side by side (zeros past the
 * last frame). Eight cells then take one vector operation per dimension, where
 * dtw_dist4() takes one per four dimensions of each cell and a transposition, and each
 * cell still sums its squares in dtw_dist()'s order: dimension k into partial sum k mod 4
 * (those past the last four into the first), then (s0 + s1) + (s2 + s3). So the distances
 * are dtw_dist()'s bit for bit, whichever kernel computes them. Without AVX2, dtw_dist4()
 * on y itself.
 */
#define DTW_SOA 8          /* frames per block of the column copy */
#define DTW_CHUNK 256      /* interior cells whose distances are computed before their costs */
#define DTW_SOA_MAX_DIM 64 /* longer rows: the distances row by row (dtw_dist()) */
#if defined(__SSE2__) && !defined(MED_DTW_PLAIN) && defined(__GNUC__) &&                           \
        (defined(__x86_64__) || defined(__i386__))
#define DTW_USE_SOA 1
#else
#define DTW_USE_SOA 0
#endif

#if DTW_USE_SOA
#include <immintrin.h>

/* Columns c0 .. c1-1 of y (ny rows) by columns into t: blocks of eight frames, zeros past
 * the last frame. */
static void soa_fill(float *t, const float *y, size_t ny, int dim, size_t c0, size_t c1)
{
	size_t bs = (size_t)dim * DTW_SOA;
	for (size_t b = 0; b < (c1 - c0) / DTW_SOA; b++) {
		float *o = t + b * bs;
		for (int q = 0; q < DTW_SOA; q++) {
			size_t j = c0 + b * DTW_SOA + (size_t)q;
			for (int k = 0; k < dim; k++)
				o[(size_t)k * DTW_SOA + (size_t)q] =
				        j < ny ? y[j * (size_t)dim + (size_t)k] : 0.0f;
		}
	}
}

static float *soa_new(const float *y, size_t ny, int dim)
{
	size_t n8 = (ny + DTW_SOA - 1) & ~(size_t)(DTW_SOA - 1);
	float *t = aligned_alloc(32, n8 * (size_t)dim * sizeof(float));
	if (t)
		soa_fill(t, y, ny, dim, 0, n8);
	return t;
}

/* The eight cells of one block, p at its dimension 0. No FMA: a fused multiply-add rounds
 * once where these round twice. */
__attribute__((target("avx2"))) static inline __m256 soa_block8(const float *p, const float *xi,
                                                                int dim)
{
	__m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0, t;
	int k = 0;
	for (; k + 4 <= dim; k += 4) {
		t = _mm256_sub_ps(_mm256_load_ps(p + (size_t)k * DTW_SOA), _mm256_broadcast_ss(xi + k));
		s0 = _mm256_add_ps(s0, _mm256_mul_ps(t, t));
		t = _mm256_sub_ps(_mm256_load_ps(p + (size_t)(k + 1) * DTW_SOA),
		                  _mm256_broadcast_ss(xi + k + 1));
		s1 = _mm256_add_ps(s1, _mm256_mul_ps(t, t));
		t = _mm256_sub_ps(_mm256_load_ps(p + (size_t)(k + 2) * DTW_SOA),
		                  _mm256_broadcast_ss(xi + k + 2));
		s2 = _mm256_add_ps(s2, _mm256_mul_ps(t, t));
		t = _mm256_sub_ps(_mm256_load_ps(p + (size_t)(k + 3) * DTW_SOA),
		                  _mm256_broadcast_ss(xi + k + 3));
		s3 = _mm256_add_ps(s3, _mm256_mul_ps(t, t));
	}
	for (; k < dim; k++) {
		t = _mm256_sub_ps(_mm256_load_ps(p + (size_t)k * DTW_SOA), _mm256_broadcast_ss(xi + k));
		s0 = _mm256_add_ps(s0, _mm256_mul_ps(t, t));
	}
	return _mm256_sqrt_ps(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
}

/* The cells of columns j0 .. j0+n-1 (j0 and n multiples of 4) from yt, the columns from c0
 * on (a multiple of 8, the window's blocks whole), eight at a time; a half block at either
 * end is the half of a whole one. */
__attribute__((target("avx2"))) static void soa_dists_avx2(const float *yt, int32_t c0, int dim,
                                                           const float *xi, int32_t j0, int32_t n,
                                                           float *out)
{
	int32_t j = j0, end = j0 + n;
	const size_t bs = (size_t)dim * DTW_SOA;
	if (j % DTW_SOA && j < end) {
		__m256 v = soa_block8(yt + (size_t)((j - 4 - c0) / DTW_SOA) * bs, xi, dim);
		_mm_storeu_ps(out, _mm256_extractf128_ps(v, 1));
		j += 4;
	}
	for (; j + DTW_SOA <= end; j += DTW_SOA)
		_mm256_storeu_ps(out + (j - j0),
		                 soa_block8(yt + (size_t)((j - c0) / DTW_SOA) * bs, xi, dim));
	if (j < end)
		_mm_storeu_ps(out + (j - j0),
		              _mm256_castps256_ps128(
		                      soa_block8(yt + (size_t)((j - c0) / DTW_SOA) * bs, xi, dim)));
}
#endif

/* dtw_dist() of xi against rows 0..n-1 of y, into out. */
static void dist_row(const float *xi, const float *y, size_t n, int dim, float *out)
{
	size_t j = 0;
#if defined(__SSE2__) && !defined(MED_DTW_PLAIN)
	for (; j + 4 <= n; j += 4)
		_mm_storeu_ps(out + j, dtw_dist4(xi, y + j * (size_t)dim, dim));
#endif
	for (; j < n; j++)
		out[j] = dtw_dist(xi, y + j * (size_t)dim, dim);
}

/* 1: AVX2, 0: SSE2 (or plain C); decided on first use (TSYNC_DTW_KERNEL=sse2 forces SSE2). */
static atomic_int dtw_kernel = -1;

int med_dtw_kernel(int want)
{
	int k = atomic_load(&dtw_kernel);
	if (want >= 0) {
#if DTW_USE_SOA
		k = want && __builtin_cpu_supports("avx2") ? 1 : 0;
#else
		k = 0;
#endif
		atomic_store(&dtw_kernel, k);
		return k;
	}
	if (k < 0) {
		const char *env = getenv("TSYNC_DTW_KERNEL");
		k = med_dtw_kernel(!(env && strcmp(env, "sse2") == 0));
	}
	return k;
}

void med_dtw_downsample(const float *x, size_t n, int dim, int factor, float *out)
{
	size_t m = (n + (size_t)factor - 1) / (size_t)factor;

	for (size_t i = 0; i < m; i++) {
		size_t a = i * (size_t)factor, b = a + (size_t)factor;
		float *o = out + i * (size_t)dim;
		if (b > n)
			b = n;
		for (int k = 0; k < dim; k++)
			o[k] = 0;
		for (size_t r = a; r < b; r++)
			for (int k = 0; k < dim; k++)
				o[k] += x[r * (size_t)dim + (size_t)k];
		for (int k = 0; k < dim; k++)
			o[k] /= (float)(b - a);
	}
}

/* Back-tracks from the last cell; dir holds one byte per band cell, row i at off[i]. */
static int dtw_backtrack(const float *x, size_t nx, const float *y, size_t ny, int dim,
                         const int32_t *lo, const size_t *off, const unsigned char *dir,
                         struct med_dtw_path *out)
{
	size_t cap = nx + ny, n = 0;
	int64_t i = (int64_t)nx - 1, j = (int64_t)ny - 1;

	out->x = malloc(cap * sizeof(int32_t));
	out->y = malloc(cap * sizeof(int32_t));
	out->dist = malloc(cap * sizeof(float));
	if (!out->x || !out->y || !out->dist)
		return MED_ERR_NOMEM;
	for (;;) {
		unsigned char d;
		out->x[n] = (int32_t)i;
		out->y[n] = (int32_t)j;
		out->dist[n] =
		        dtw_dist(x + (size_t)i * (size_t)dim, y + (size_t)j * (size_t)dim, dim);
		n++;
		if (i == 0 && j == 0)
			break;
		{
			size_t idx = off[i] + (size_t)j - (size_t)(lo[i] & ~3);
			d = (unsigned char)((dir[idx >> 2] >> ((idx & 3) * 2)) & 3);
		}
		if (d == STEP_DIAG) {
			i--;
			j--;
		} else if (d == STEP_UP) {
			i--;
		} else {
			j--;
		}
		if (n >= cap || i < 0 || j < 0)
			return MED_ERR_ALIGN;
	}
	/* Reverse into time order. */
	for (size_t a = 0, b = n - 1; a < b; a++, b--) {
		int32_t t = out->x[a];
		float f;
		out->x[a] = out->x[b];
		out->x[b] = t;
		t = out->y[a];
		out->y[a] = out->y[b];
		out->y[b] = t;
		f = out->dist[a];
		out->dist[a] = out->dist[b];
		out->dist[b] = f;
	}
	out->n = n;
	return MED_OK;
}

/* edge_cost >= 0: along the first and last row and column, a step that holds one sequence
 * costs at most edge_cost, so audio before or after the text (an intro, music) and text
 * before or after the audio (a preamble) can be passed over at a fixed price instead of
 * being smeared onto their neighbours. */
/* A window of y by columns, [c0, c1), that one thread keeps as its band moves on: each
 * column is laid out about once, in the memory of a few thousand columns rather than of
 * the whole text (22 MB for an hour). */
struct soa_win {
	float *buf;
	size_t cap; /* floats */
	int32_t c0, c1;
};

#define DTW_WIN_MIN 4096 /* columns of a window at least (or four times the chunk asked for) */

#if DTW_USE_SOA
/* The window holding columns [j0, j1) of y, laid out again from j0 when it does not;
 * NULL when out of memory (the caller then takes the distances from y itself). */
static const float *soa_win_get(struct soa_win *w, const float *y, int32_t ny, int dim, int32_t j0,
                                int32_t j1)
{
	int32_t c0 = j0 & ~(DTW_SOA - 1), width = 4 * (j1 - j0),
	        n8 = (ny + DTW_SOA - 1) & ~(DTW_SOA - 1), c1;
	size_t need;
	if (w->buf && j0 >= w->c0 && j1 <= w->c1)
		return w->buf;
	if (width < DTW_WIN_MIN)
		width = DTW_WIN_MIN;
	c1 = c0 + width > n8 ? n8 : c0 + width;
	need = (size_t)(c1 - c0) * (size_t)dim;
	if (need > w->cap) {
		free(w->buf);
		w->buf = aligned_alloc(32, need * sizeof(float));
		w->cap = w->buf ? need : 0;
		if (!w->buf)
			return NULL;
	}
	soa_fill(w->buf, y, (size_t)ny, dim, (size_t)c0, (size_t)c1);
	w->c0 = c0;
	w->c1 = c1;
	return w->buf;
}
#endif

/* The state of one banded DTW, shared by the two threads that may fill it. Cell j of row
 * i is at dir index off[i] + j - (lo[i] & ~3), off[i] a multiple of 4: a column that is a
 * multiple of 4 starts a byte in every row, so the threads never write the same byte. */
struct band_ctx {
	const float *x, *y;
	int soa; /* the interior's distances by the AVX2 kernel, from windows of y by columns */
	size_t nx, ny;
	int dim;
	const int32_t *lo, *hi;
	float edge_cost;
	double warp; /* added to a step along one sequence (the config's warp_cost, scaled) */
	const size_t *off;
	unsigned char *dir; /* two bits per cell */
	double *rows;       /* ring rows of maxw costs, row i at i % ring */
	size_t maxw, ring;
	int32_t *split;      /* per row: the first column of the second thread's part */
	atomic_llong a_done; /* rows whose first part is complete */
	atomic_llong b_done; /* rows whose second part is complete */
	atomic_llong b_wait; /* nanoseconds the second thread has waited for the first */
};

#define DTW_RING 160            /* rows of costs kept: the first thread may run this far ahead */
#define DTW_SEGMENT 64          /* rows that share one split column */
#define DTW_SPLIT_STEPS 64      /* the split column moves by 1/64 of a row between segments */
#define DTW_SPLIT_SLACK_NS 2000 /* waits that differ by less are a balanced split */

static double *band_row(struct band_ctx *c, size_t i)
{
	return c->rows + (i % c->ring) * c->maxw;
}

/* One cell by the general rules (first row or column, edge costs, band ends); the
 * direction bits are OR-ed into a byte that other cells of this thread may share. */
static void band_cell(struct band_ctx *c, size_t i, int32_t j, const float *xi, double *cur,
                      const double *prev, int32_t l, int32_t pl, int32_t ph, size_t base)
{
	double d = dtw_dist(xi, c->y + (size_t)j * (size_t)c->dim, c->dim), best = DBL_MAX, v;
	float ec = c->edge_cost;
	unsigned char step = STEP_LEFT;
	size_t idx = base + (size_t)j;

	if (i == 0 && j == 0) {
		cur[0] = 2 * d;
		/* STEP_DIAG is 0: the zeroed array holds it already. */
		return;
	}
	if (i && j - 1 >= pl && j - 1 <= ph) {
		v = prev[j - 1 - pl] + 2 * d;
		if (v < best) {
			best = v;
			step = STEP_DIAG;
		}
	}
	if (i && j >= pl && j <= ph) {
		v = prev[j - pl] +
		    (((ec >= 0 && (j == 0 || j == (int32_t)c->ny - 1) && d > ec) ? ec : d) +
		     c->warp);
		if (v < best) {
			best = v;
			step = STEP_UP;
		}
	}
	if (j > l) {
		v = cur[j - 1 - l] +
		    (((ec >= 0 && (i == 0 || i == c->nx - 1) && d > ec) ? ec : d) + c->warp);
		if (v < best) {
			best = v;
			step = STEP_LEFT;
		}
	}
	cur[j - l] = best;
	c->dir[idx >> 2] |= (unsigned char)(step << ((idx & 3) * 2));
}

/* Fills cells [j0, j1) of row i. Cells with all three predecessors in the band and no edge
 * cost (the interior) go in blocks of four aligned on a direction byte: no branches on the
 * costs, one plain store of the byte; the others cell by cell by the general rules. Both
 * give the same sums in the same order, so the same path. */
static void band_row_part(struct band_ctx *c, size_t i, int32_t j0, int32_t j1, struct soa_win *w)
{
	const float *xi = c->x + i * (size_t)c->dim;
	int32_t l = c->lo[i], pl = i ? c->lo[i - 1] : 0, ph = i ? c->hi[i - 1] : -1;
	double *cur = band_row(c, i);
	const double *prev = i ? band_row(c, i - 1) : NULL;
	size_t base = c->off[i] - (size_t)(l & ~3);
	int edges = c->edge_cost >= 0;
	int32_t ia = j1, ib = j1, a, b, j;

	/* Interior: columns [ia, ib), of which [a, b) in whole direction bytes. */
	if (i && !(edges && i == c->nx - 1)) {
		ia = j0;
		ib = j1;
		if (ia < l + 1)
			ia = l + 1;
		if (ia < pl + 1)
			ia = pl + 1;
		if (edges && ia < 1)
			ia = 1;
		if (ib > ph + 1)
			ib = ph + 1;
		if (edges && ib > (int32_t)c->ny - 1)
			ib = (int32_t)c->ny - 1;
		if (ia >= ib)
			ia = ib = j1;
	}
	a = (ia + 3) & ~3;
	b = ib & ~3;
	if (a >= b)
		a = b = ib;
	for (j = j0; j < ia; j++)
		band_cell(c, i, j, xi, cur, prev, l, pl, ph, base);
	if (ia < a)
		band_interior1(xi, c->y + (size_t)ia * (size_t)c->dim, c->dim, prev + (ia - pl),
		               cur + (ia - l), c->dir, base + (size_t)ia, a - ia, cur[ia - 1 - l],
		               c->warp);
	for (j = a; j < b; j += DTW_CHUNK) {
		const float *pd = NULL;
		int32_t n = b - j < DTW_CHUNK ? b - j : DTW_CHUNK;
#if DTW_USE_SOA
		float dd[DTW_CHUNK];
		const float *yt =
		        c->soa && w ? soa_win_get(w, c->y, (int32_t)c->ny, c->dim, j, j + n) : NULL;
		if (yt) {
			soa_dists_avx2(yt, w->c0, c->dim, xi, j, n, dd);
			pd = dd;
		}
#else
		(void)w;
#endif
		band_interior(pd, xi, c->y + (size_t)j * (size_t)c->dim, c->dim, prev + (j - pl),
		              cur + (j - l), c->dir + ((base + (size_t)j) >> 2), n, cur[j - 1 - l],
		              c->warp);
	}
	if (b < ib)
		band_interior1(xi, c->y + (size_t)b * (size_t)c->dim, c->dim, prev + (b - pl),
		               cur + (b - l), c->dir, base + (size_t)b, ib - b, cur[b - 1 - l],
		               c->warp);
	for (j = ib; j < j1; j++)
		band_cell(c, i, j, xi, cur, prev, l, pl, ph, base);
}

static long long dtw_now_ns(void)
{
	struct timespec t;
	if (clock_gettime(CLOCK_MONOTONIC, &t))
		return 0;
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Waits for another thread's progress: a half row of the widest bands takes some
 * microseconds, so spin that long (with the processor's pause hint) before giving the core
 * away with sched_yield(), a system call each time. Returns the nanoseconds waited. */
static long long band_wait(atomic_llong *v, long long want)
{
	long long t0;
	if (atomic_load_explicit(v, memory_order_acquire) >= want)
		return 0;
	t0 = dtw_now_ns();
	for (int spin = 0; atomic_load_explicit(v, memory_order_acquire) < want; spin++) {
		if (spin < DTW_SPIN)
			dtw_pause();
		else
			sched_yield();
	}
	return dtw_now_ns() - t0;
}

/* The second thread: the right part of each row, once the left part of that row is done
 * (the left part never needs the right part of a row of the same segment). */
static void *band_thread_b(void *arg)
{
	struct band_ctx *c = arg;
	struct soa_win win = {0};
	for (size_t i = 0; i < c->nx; i++) {
		long long w = band_wait(&c->a_done, (long long)i + 1);
		if (w)
			atomic_fetch_add_explicit(&c->b_wait, w, memory_order_relaxed);
		if (c->split[i] <= c->hi[i])
			band_row_part(c, i, c->split[i] > c->lo[i] ? c->split[i] : c->lo[i],
			              c->hi[i] + 1, &win);
		atomic_store_explicit(&c->b_done, (long long)i + 1, memory_order_release);
	}
	free(win.buf);
	return NULL;
}

/* The first thread: the left parts. Each segment of rows splits at one column, a multiple
 * of 4 at a fraction of its middle row that follows the load: when the second thread
 * waited longer than this one in the last segment, its part grows, and the other way
 * round (the other processes on the machine, not only the band, decide which is faster;
 * the split changes who computes a cell, never its value). At the first row of a segment
 * the row above must be complete; and the ring of rows must not be overrun. */
static void band_run_a(struct band_ctx *c, struct soa_win *w)
{
	long long a_wait = 0, a_seen = 0, b_seen = 0;
	int frac = DTW_SPLIT_STEPS / 2; /* the first part's share, in steps */

	for (size_t i = 0; i < c->nx; i++) {
		if (i % DTW_SEGMENT == 0) {
			size_t s1 = i + DTW_SEGMENT < c->nx ? i + DTW_SEGMENT : c->nx,
			       m = (i + s1) / 2;
			long long b_wait = atomic_load_explicit(&c->b_wait, memory_order_relaxed);
			long long da = a_wait - a_seen, db = b_wait - b_seen;
			int32_t split;
			if (db > 2 * da + DTW_SPLIT_SLACK_NS && frac > DTW_SPLIT_STEPS / 8)
				frac--;
			else if (da > 2 * db + DTW_SPLIT_SLACK_NS && frac < DTW_SPLIT_STEPS * 7 / 8)
				frac++;
			a_seen = a_wait;
			b_seen = b_wait;
			split = (int32_t)((c->lo[m] + (int64_t)(c->hi[m] - c->lo[m] + 1) * frac /
			                                      DTW_SPLIT_STEPS) &
			                  ~(int64_t)3);
			for (size_t k = i; k < s1; k++)
				c->split[k] = split;
		}
		if (i && c->split[i] != c->split[i - 1])
			a_wait += band_wait(&c->b_done, (long long)i);
		if (i + 2 > DTW_RING)
			a_wait += band_wait(&c->b_done, (long long)(i + 2 - DTW_RING));
		if (c->split[i] > c->lo[i])
			band_row_part(c, i, c->lo[i],
			              c->split[i] <= c->hi[i] ? c->split[i] : c->hi[i] + 1, w);
		atomic_store_explicit(&c->a_done, (long long)i + 1, memory_order_release);
	}
}

/*
 * A narrow band (the finest level's) in two halves of time, one per thread, without a
 * wait between them and with the same path as one thread finds. The second half starts at
 * row m as if every cell of row m-1 cost nothing, so its costs differ from the true ones.
 * But a row's costs that differ from the true row's by the same amount in every cell make
 * the same choices in every row after it: the recurrence only adds to and compares them.
 * Once the rows of both halves' paths have met (where every cell of a row traces back to
 * one cell: 110-500 rows past m on the 27 recordings of the suite), the first half's costs
 * and the second half's differ by a constant. The first half goes on past m, comparing
 * each row with the second half's, and stops at the first row that differs by a constant
 * (within rounding): its directions serve up to that row, the second half's after it.
 * Should the rows not meet within the n_keep rows kept, the first half fills the rest
 * itself. The second half writes the directions of those n_keep rows aside (the first
 * half writes its own there), and of the rows after them in place.
 */
#define DTW_HALVES_CELLS 2000000   /* bands of at least this many cells */
#define DTW_HALVES_ROWS 1536       /* rows past m the first half compares at most */
#define DTW_HALVES_KEEP (8u << 20) /* bytes of the second half's costs kept to compare */

struct halves {
	struct band_ctx near; /* the second half's first n_keep rows: directions aside */
	struct band_ctx far;  /* the rows after them: directions in place */
	size_t m;             /* its first row */
	double *keep;         /* its costs of rows m .. m + n_keep - 1, maxw apart */
	size_t n_keep;
	atomic_llong done; /* rows the second half has finished */
	atomic_int stop;   /* set when its work is not needed */
};

static void *halves_thread(void *arg)
{
	struct halves *h = arg;
	size_t nx = h->far.nx;
	struct soa_win w = {0};

	memset(band_row(&h->near, h->m - 1), 0, h->near.maxw * sizeof(double));
	for (size_t i = h->m; i < nx && !atomic_load_explicit(&h->stop, memory_order_relaxed);
	     i++) {
		struct band_ctx *c = i - h->m < h->n_keep ? &h->near : &h->far;
		band_row_part(c, i, c->lo[i], c->hi[i] + 1, &w);
		if (c == &h->near)
			memcpy(h->keep + (i - h->m) * c->maxw, band_row(c, i),
			       (size_t)(c->hi[i] - c->lo[i] + 1) * sizeof(double));
		atomic_store_explicit(&h->done, (long long)i + 1, memory_order_release);
	}
	free(w.buf);
	return NULL;
}

/* Whether row a is row b plus one constant, within rounding; *shift gets it. */
static int rows_shifted(const double *a, const double *b, size_t w, double *shift)
{
	double s = a[0] - b[0];
	for (size_t j = 1; j < w; j++)
		if (fabs(a[j] - b[j] - s) > 1e-12 * (fabs(a[j]) + fabs(b[j])) + 1e-9)
			return 0;
	*shift = s;
	return 1;
}

/* Fills band c in two halves when it pays; returns 1 with its last cell's cost in *cost
 * and every row's directions in c->dir, or 0 when c is left to be filled by one thread (or
 * MED_ERR_NOMEM as a negative value). total: bytes of c->dir times 4. */
static int band_run_halves(struct band_ctx *c, size_t cells, size_t total, double *cost,
                           struct soa_win *w)
{
	struct halves h;
	const char *env = getenv("TSYNC_DTW_THREADS");
	size_t *offn = NULL, half = 0, met = 0, m, i, e;
	unsigned char *dirn = NULL;
	pthread_t th;
	int r = 0;

	if (cells < DTW_HALVES_CELLS || (env && atoi(env) == 1) ||
	    sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return 0;
	/* m: the row where the cells are halved */
	for (m = 0; m < c->nx && half < cells / 2; m++)
		half += (size_t)(c->hi[m] - c->lo[m] + 1);
	if (m < 2 || m + DTW_HALVES_ROWS >= c->nx)
		return 0;
	memset(&h, 0, sizeof(h));
	h.m = m;
	h.n_keep = DTW_HALVES_KEEP / (c->maxw * sizeof(double));
	if (h.n_keep > DTW_HALVES_ROWS)
		h.n_keep = DTW_HALVES_ROWS;
	if (h.n_keep < 2)
		return 0;
	e = m + h.n_keep; /* the first row written in place */
	offn = malloc(c->nx * sizeof(size_t));
	dirn = med_alloc_big((c->off[e] - c->off[m]) / 4 + 1);
	if (dirn)
		memset(dirn, 0, (c->off[e] - c->off[m]) / 4 + 1);
	h.keep = med_alloc_big(h.n_keep * c->maxw * sizeof(double));
	h.far = *c;
	h.far.rows = malloc(3 * c->maxw * sizeof(double));
	if (!offn || !dirn || !h.keep || !h.far.rows) {
		r = -MED_ERR_NOMEM;
		goto out;
	}
	for (size_t k = 0; k < c->nx; k++)
		offn[k] = k < m || k >= e ? 0 : c->off[k] - c->off[m];
	h.far.ring = 3;
	h.near = h.far;
	h.near.off = offn;
	h.near.dir = dirn;
	atomic_init(&h.done, 0);
	atomic_init(&h.stop, 0);
	if (pthread_create(&th, NULL, halves_thread, &h))
		goto out;
	for (i = 0; i < c->nx; i++) {
		double shift;
		band_row_part(c, i, c->lo[i], c->hi[i] + 1, w);
		if (i < m)
			continue;
		band_wait(&h.done, (long long)i + 1);
		if (rows_shifted(band_row(c, i), h.keep + (i - m) * c->maxw,
		                 (size_t)(c->hi[i] - c->lo[i] + 1), &shift)) {
			met = i;
			pthread_join(th, NULL);
			memcpy(c->dir + c->off[i + 1] / 4, dirn + offn[i + 1] / 4,
			       (c->off[e] - c->off[i + 1]) / 4);
			*cost = band_row(&h.far, c->nx - 1)[c->hi[c->nx - 1] - c->lo[c->nx - 1]] +
			        shift;
			r = 1;
			break;
		}
		if (i + 1 >= e)
			break;
	}
	if (!met) {
		/* the rows never met: this thread has filled them up to here, and goes on
		 * over the second half's */
		atomic_store_explicit(&h.stop, 1, memory_order_relaxed);
		pthread_join(th, NULL);
		memset(c->dir + c->off[e] / 4, 0, (total - c->off[e]) / 4);
		while (++i < c->nx)
			band_row_part(c, i, c->lo[i], c->hi[i] + 1, w);
		*cost = band_row(c, c->nx - 1)[c->hi[c->nx - 1] - c->lo[c->nx - 1]];
		r = 1;
	}
out:
	free(offn);
	free(dirn);
	free(h.keep);
	free(h.far.rows);
	return r;
}

/* The direction bytes of the levels of one multi-resolution DTW, kept from one level to
 * the next: each level's array would be new memory, page after page faulted in and zeroed
 * (the coarsest level's holds the finest's on en_main). */
struct dtw_scratch {
	unsigned char *dir;
	size_t cap;
};

static int dtw_band_edge(const float *x, size_t nx, const float *y, size_t ny, int dim,
                         const int32_t *lo, const int32_t *hi, float edge_cost, double warp,
                         struct med_dtw_path *out, struct dtw_scratch *scr)
{
	size_t *off = NULL, total = 0, maxw = 0, cells = 0;
	unsigned char *dir = NULL;
	struct soa_win w = {0};
	struct band_ctx c;
	int r, two = 0, halves = 0;

	if (!out)
		return MED_ERR_ARG;
	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	if (!x || !y || !lo || !hi || nx == 0 || ny == 0 || dim < 1 || nx > INT32_MAX ||
	    ny > INT32_MAX)
		return MED_ERR_ARG;
	if (lo[0] != 0 || hi[nx - 1] != (int32_t)ny - 1)
		return MED_ERR_ARG;
	for (size_t i = 0; i < nx; i++) {
		if (lo[i] < 0 || hi[i] < lo[i] || hi[i] >= (int32_t)ny)
			return MED_ERR_ARG;
		if (i && (lo[i] < lo[i - 1] || hi[i] < hi[i - 1] || lo[i] > hi[i - 1] + 1))
			return MED_ERR_ARG;
		/* Row storage from lo & ~3, rounded up to whole bytes. */
		total += ((size_t)(hi[i] - (lo[i] & ~3) + 1) + 3) & ~(size_t)3;
		cells += (size_t)(hi[i] - lo[i] + 1);
		if ((size_t)(hi[i] - lo[i] + 1) > maxw)
			maxw = (size_t)(hi[i] - lo[i] + 1);
	}
	two = cells >= DTW_PARALLEL_CELLS && cells / nx >= DTW_PARALLEL_WIDTH &&
	      nx >= 4 * DTW_SEGMENT;
	off = malloc(nx * sizeof(size_t));
	c.split = malloc(nx * sizeof(int32_t));
	if (scr) {
		if (scr->cap < total / 4 + 1) {
			free(scr->dir);
			scr->dir = med_alloc_big(total / 4 + 1);
			scr->cap = scr->dir ? total / 4 + 1 : 0;
		}
		dir = scr->dir;
	} else {
		dir = med_alloc_big(total / 4 + 1);
	}
	if (dir)
		memset(dir, 0, total / 4 + 1);
	c.rows = malloc((two ? DTW_RING : 3) * maxw * sizeof(double)); /* ring set below */
	c.soa = dim <= DTW_SOA_MAX_DIM && med_dtw_kernel(-1) == 1;
	if (!off || !c.split || !dir || !c.rows) {
		r = MED_ERR_NOMEM;
		goto out_free;
	}
	total = 0;
	for (size_t i = 0; i < nx; i++) {
		off[i] = total;
		total += ((size_t)(hi[i] - (lo[i] & ~3) + 1) + 3) & ~(size_t)3;
	}
	c.x = x;
	c.y = y;
	c.nx = nx;
	c.ny = ny;
	c.dim = dim;
	c.lo = lo;
	c.hi = hi;
	c.edge_cost = edge_cost;
	c.warp = warp;
	c.off = off;
	c.dir = dir;
	c.maxw = maxw;
	c.ring = two ? DTW_RING : 3;
	atomic_init(&c.a_done, 0);
	atomic_init(&c.b_done, 0);
	atomic_init(&c.b_wait, 0);
	if (two) {
		pthread_t th;
		if (pthread_create(&th, NULL, band_thread_b, &c) == 0) {
			band_run_a(&c, &w);
			pthread_join(th, NULL);
		} else {
			two = 0;
		}
	}
	if (!two) {
		for (size_t i = 0; i < nx; i++)
			c.split[i] = hi[i] + 1;
		halves = band_run_halves(&c, cells, total, &out->cost, &w);
		if (halves < 0) {
			r = -halves;
			goto out_free;
		}
		if (!halves)
			for (size_t i = 0; i < nx; i++)
				band_row_part(&c, i, lo[i], hi[i] + 1, &w);
	}
	if (!halves)
		out->cost = band_row(&c, nx - 1)[hi[nx - 1] - lo[nx - 1]];
	out->norm_cost = out->cost / (double)(nx + ny);
	out->cells = cells;
	r = dtw_backtrack(x, nx, y, ny, dim, lo, off, dir, out);
	if (r) {
		med_dtw_path_release(out);
	} else if (warp > 0) {
		/* the path's cost by its distances alone, as without warp */
		double sum = 2.0 * out->dist[0];
		for (size_t k = 1; k < out->n; k++) {
			int diag = out->x[k] != out->x[k - 1] && out->y[k] != out->y[k - 1];
			sum += (diag ? 2.0 : 1.0) * out->dist[k];
		}
		out->cost = sum;
		out->norm_cost = sum / (double)(nx + ny);
	}
out_free:
	free(off);
	free(c.split);
	if (!scr)
		free(dir);
	free(c.rows);
	free(w.buf);
	return r;
}

int med_dtw_band(const float *x, size_t nx, const float *y, size_t ny, int dim, const int32_t *lo,
                 const int32_t *hi, struct med_dtw_path *out)
{
	return dtw_band_edge(x, nx, y, ny, dim, lo, hi, -1.0f, 0.0, out, NULL);
}

int med_dtw_band_warp(const float *x, size_t nx, const float *y, size_t ny, int dim,
                      const int32_t *lo, const int32_t *hi, double warp, struct med_dtw_path *out)
{
	if (!(warp >= 0)) {
		if (out)
			memset(out, 0, sizeof(*out));
		return MED_ERR_ARG;
	}
	return dtw_band_edge(x, nx, y, ny, dim, lo, hi, -1.0f, warp, out, NULL);
}

/* Mean distance between pseudo-random pairs of frames: the scale of "unrelated". */
static float dtw_random_dist(const float *x, size_t nx, const float *y, size_t ny, int dim)
{
	uint32_t seed = 88172645u;
	double sum = 0;
	const int pairs = 2000;
	for (int k = 0; k < pairs; k++) {
		size_t i, j;
		i = med_xorshift32(&seed) % nx;
		j = med_xorshift32(&seed) % ny;
		sum += dtw_dist(x + i * (size_t)dim, y + j * (size_t)dim, dim);
	}
	return (float)(sum / pairs);
}

int med_dtw_full(const float *x, size_t nx, const float *y, size_t ny, int dim,
                 struct med_dtw_path *out)
{
	int32_t *lo, *hi;
	int r;

	if (!out)
		return MED_ERR_ARG;
	memset(out, 0, sizeof(*out));
	if (!x || !y || nx == 0 || ny == 0 || dim < 1 || nx > INT32_MAX || ny > INT32_MAX)
		return MED_ERR_ARG;
	lo = calloc(nx, sizeof(int32_t));
	hi = malloc(nx * sizeof(int32_t));
	if (!lo || !hi) {
		free(lo);
		free(hi);
		return MED_ERR_NOMEM;
	}
	for (size_t i = 0; i < nx; i++)
		hi[i] = (int32_t)ny - 1;
	r = med_dtw_band(x, nx, y, ny, dim, lo, hi, out);
	free(lo);
	free(hi);
	return r;
}

/* Forward, cell (i, j) costs d (2d on a diagonal step and at (0, 0)) on top of the best
 * of its three predecessors, as in band_cell(). Backward, h[j] is the best sum over the
 * cells after (i, j) on a path to (nx-1, ny-1), each weighted by the step into it, so a
 * path from (i, 0) costs 2d(i, 0) + h[0]: the forward sum read from the other end. */
struct med_dtw_cols *med_dtw_cols_new(const float *y, size_t ny, int dim)
{
	struct med_dtw_cols *c = calloc(1, sizeof(*c));
	if (!c || !y || !ny || dim < 1) {
		free(c);
		return NULL;
	}
	c->y = y;
	c->ny = ny;
	c->dim = dim;
#if DTW_USE_SOA
	if (dim <= DTW_SOA_MAX_DIM && med_dtw_kernel(-1) == 1)
		c->yt = soa_new(y, ny, dim); /* NULL: the rows, as without AVX2 */
#endif
	return c;
}

void med_dtw_cols_dists(const struct med_dtw_cols *c, const float *a, float *out)
{
#if DTW_USE_SOA
	if (c->yt) {
		soa_dists_avx2(c->yt, 0, c->dim, a, 0, (int32_t)((c->ny + 3) & ~(size_t)3), out);
		return;
	}
#endif
	dist_row(a, c->y, c->ny, c->dim, out);
}

void med_dtw_cols_free(struct med_dtw_cols *c)
{
	if (c)
		free(c->yt);
	free(c);
}

/* out[j] = min(out[j -/+ 1] + d[j -/+ 1 or j], m[j]) along a row, the chain the edge costs
 * share with the band's interior: forward, out[j] = min(out[j-1] + d[j], m[j]) for j from
 * 1 to n-1 (out[0] given); backward, out[j] = min(out[j+1] + d[j+1], m[j]) for j from n-2
 * down to 0 (out[n-1] given). Two cells at a time by the sums described in
 * band_interior(): the same values as one cell at a time. */
static void edge_chain(const double *m, const float *d, size_t n, int backward, double *out)
{
	if (!backward) {
		size_t j = 1;
		double c = out[0];
		for (; j + 2 <= n; j += 2) {
			double d0 = d[j], d1 = d[j + 1], t0 = c + d0, t1 = t0 + d1,
			       mm1 = m[j] + d1 < m[j + 1] ? m[j] + d1 : m[j + 1];
			out[j] = t0 < m[j] ? t0 : m[j];
			c = out[j + 1] = t1 < mm1 ? t1 : mm1;
		}
		for (; j < n; j++)
			c = out[j] = c + d[j] < m[j] ? c + d[j] : m[j];
	} else {
		size_t j = n - 1;
		double c = out[n - 1];
		for (; j >= 2; j -= 2) {
			double d0 = d[j], d1 = d[j - 1], t0 = c + d0, t1 = t0 + d1,
			       mm1 = m[j - 1] + d1 < m[j - 2] ? m[j - 1] + d1 : m[j - 2];
			out[j - 1] = t0 < m[j - 1] ? t0 : m[j - 1];
			c = out[j - 2] = t1 < mm1 ? t1 : mm1;
		}
		for (; j >= 1; j--)
			c = out[j - 1] = c + d[j] < m[j - 1] ? c + d[j] : m[j - 1];
	}
}

int med_dtw_edge_costs(const float *x, size_t nx, const float *y, size_t ny, int dim,
                       int backward, double *out)
{
	size_t nr = (ny + 7) & ~(size_t)7;
	double *a, *b, *t, *m;
	float *dn, *dc, *dt;
	struct med_dtw_cols *cols = NULL;
	int r = MED_OK;

	if (!x || !y || !out || nx == 0 || ny == 0 || dim < 1)
		return MED_ERR_ARG;
	a = malloc(ny * sizeof(double));
	b = malloc(ny * sizeof(double));
	m = malloc(ny * sizeof(double));
	dn = calloc(nr, sizeof(float));
	dc = calloc(nr, sizeof(float));
	cols = med_dtw_cols_new(y, ny, dim);
	if (!a || !b || !m || !dn || !dc || !cols) {
		r = MED_ERR_NOMEM;
		goto out;
	}
	if (!backward) {
		/* a: the previous row, b: this one. Cell (i, j) is the best of up a[j] + d,
		 * diagonal a[j-1] + 2d and left b[j-1] + d. */
		for (size_t i = 0; i < nx; i++) {
			med_dtw_cols_dists(cols, x + i * (size_t)dim, dc);
			if (i == 0) {
				b[0] = 2 * (double)dc[0];
				for (size_t j = 1; j < ny; j++)
					b[j] = b[j - 1] + dc[j];
			} else {
				b[0] = a[0] + dc[0];
				for (size_t j = 1; j < ny; j++) {
					double d = dc[j], up = a[j] + d, dg = a[j - 1] + 2 * d;
					m[j] = dg < up ? dg : up;
				}
				edge_chain(m, dc, ny, 0, b);
			}
			out[i] = b[ny - 1];
			t = a;
			a = b;
			b = t;
		}
	} else {
		/* a, dn: row i + 1's sums and distances; b, dc: row i's. Cell (i, j) is the
		 * best of a[j] + dn[j] (down), a[j+1] + 2 dn[j+1] (diagonal) and b[j+1] +
		 * dc[j+1] (right), each step weighted by the cell it enters. */
		for (size_t ii = nx; ii-- > 0;) {
			med_dtw_cols_dists(cols, x + ii * (size_t)dim, dc);
			if (ii + 1 == nx) {
				b[ny - 1] = 0;
				for (size_t j = ny - 1; j-- > 0;)
					b[j] = b[j + 1] + dc[j + 1];
			} else {
				b[ny - 1] = a[ny - 1] + dn[ny - 1];
				for (size_t j = 0; j + 1 < ny; j++) {
					double dw = a[j] + dn[j], dg = a[j + 1] + 2.0 * dn[j + 1];
					m[j] = dg < dw ? dg : dw;
				}
				edge_chain(m, dc, ny, 1, b);
			}
			out[ii] = 2.0 * dc[0] + b[0];
			t = a;
			a = b;
			b = t;
			dt = dn;
			dn = dc;
			dc = dt;
		}
	}
out:
	free(a);
	free(b);
	free(m);
	free(dn);
	free(dc);
	med_dtw_cols_free(cols);
	return r;
}

/* Band for a fine level from the path of the level above (ratio fine cells per coarse
 * cell), widened by radius rows and columns. */
static void band_from_path(const struct med_dtw_path *p, int ratio, size_t nx, size_t ny,
                           int radius, int32_t *lo, int32_t *hi, int32_t *tmp_lo, int32_t *tmp_hi)
{
	size_t i;

	for (i = 0; i < nx; i++) {
		tmp_lo[i] = INT32_MAX;
		tmp_hi[i] = -1;
	}
	for (size_t k = 0; k < p->n; k++) {
		size_t r0 = (size_t)p->x[k] * (size_t)ratio, r1 = r0 + (size_t)ratio;
		int32_t c0 = p->y[k] * ratio, c1 = c0 + ratio - 1;
		if (c1 > (int32_t)ny - 1)
			c1 = (int32_t)ny - 1;
		if (r1 > nx)
			r1 = nx;
		for (i = r0; i < r1; i++) {
			if (c0 < tmp_lo[i])
				tmp_lo[i] = c0;
			if (c1 > tmp_hi[i])
				tmp_hi[i] = c1;
		}
	}
	/* Sliding min/max over rows i-radius..i+radius; lo and hi are monotone, so the min of
	 * the window is its first row and the max its last. */
	for (i = 0; i < nx; i++) {
		size_t a = i >= (size_t)radius ? i - (size_t)radius : 0;
		size_t b = i + (size_t)radius < nx ? i + (size_t)radius : nx - 1;
		int64_t l = (int64_t)tmp_lo[a] - radius, h = (int64_t)tmp_hi[b] + radius;
		lo[i] = (int32_t)(l < 0 ? 0 : l);
		hi[i] = (int32_t)(h > (int64_t)ny - 1 ? (int64_t)ny - 1 : h);
	}
	lo[0] = 0;
	hi[nx - 1] = (int32_t)ny - 1;
	for (i = 1; i < nx; i++) {
		if (lo[i] < lo[i - 1])
			lo[i] = lo[i - 1];
		if (hi[i] < hi[i - 1])
			hi[i] = hi[i - 1];
	}
	for (i = nx - 1; i > 0; i--)
		if (lo[i] > hi[i - 1] + 1)
			hi[i - 1] = lo[i] - 1;
}

/* Which edge of the band step k of the path is on: 1 the low one, 2 the high one, 0 none
 * (the matrix's own edges do not count). */
static int edge_side(const struct med_dtw_path *p, size_t k, const int32_t *lo, const int32_t *hi,
                     size_t ny)
{
	int32_t i = p->x[k], j = p->y[k];
	if (j == lo[i] && lo[i] > 0)
		return 1;
	if (j == hi[i] && hi[i] < (int32_t)ny - 1)
		return 2;
	return 0;
}

/* Steps of the path that lie on an edge of the band that is not an edge of the matrix. */
static size_t band_edge_hits(const struct med_dtw_path *p, const int32_t *lo, const int32_t *hi,
                             size_t ny)
{
	size_t hits = 0;
	for (size_t k = 0; k < p->n; k++)
		hits += edge_side(p, k, lo, hi, ny) != 0;
	return hits;
}

size_t med_dtw_widen_edge_runs(const struct med_dtw_path *p, size_t nx, size_t ny, size_t min_run,
                               int32_t extra, int32_t *lo, int32_t *hi)
{
	size_t runs = 0, k = 0;
	while (k < p->n) {
		size_t k0 = k;
		int side = edge_side(p, k, lo, hi, ny);
		if (!side) {
			k++;
			continue;
		}
		while (k < p->n && edge_side(p, k, lo, hi, ny) == side)
			k++;
		if (k - k0 < min_run)
			continue;
		runs++;
		{
			int64_t i0 = (int64_t)p->x[k0] - extra, i1 = (int64_t)p->x[k - 1] + extra;
			if (i0 < 0)
				i0 = 0;
			if (i1 > (int64_t)nx - 1)
				i1 = (int64_t)nx - 1;
			for (int64_t i = i0; i <= i1; i++) {
				if (side == 1)
					lo[i] = lo[i] > extra ? lo[i] - extra : 0;
				else
					hi[i] = hi[i] < (int32_t)ny - 1 - extra ? hi[i] + extra
					                                        : (int32_t)ny - 1;
			}
		}
	}
	if (runs) {
		for (size_t i = nx - 1; i-- > 0;)
			if (lo[i] > lo[i + 1])
				lo[i] = lo[i + 1];
		for (size_t i = 1; i < nx; i++)
			if (hi[i] < hi[i - 1])
				hi[i] = hi[i - 1];
	}
	return runs;
}

/* Cells of the coarsest level: the whole matrix, or a band of +-band * ny around the
 * diagonal (band <= 0 or >= 0.5: the whole matrix). */
static double coarse_cells(size_t nx, size_t ny, float band)
{
	double w;
	if (band <= 0 || band >= 0.5f)
		return (double)nx * (double)ny;
	w = 2.0 * ceil((double)band * (double)ny) + 1;
	return (double)nx * fmin(w, (double)ny);
}

static void diagonal_band(size_t nx, size_t ny, float band, int32_t *lo, int32_t *hi)
{
	int64_t w = (band <= 0 || band >= 0.5f) ? (int64_t)ny
	                                        : (int64_t)ceil((double)band * (double)ny);
	for (size_t i = 0; i < nx; i++) {
		int64_t c =
		        nx > 1 ? (int64_t)((double)i * (double)(ny - 1) / (double)(nx - 1) + 0.5)
		               : 0;
		int64_t l = c - w, h = c + w;
		lo[i] = (int32_t)(l < 0 ? 0 : l);
		hi[i] = (int32_t)(h > (int64_t)ny - 1 ? (int64_t)ny - 1 : h);
	}
	lo[0] = 0;
	hi[nx - 1] = (int32_t)ny - 1;
	/* A text many times longer than its audio (a stretch of a few frames between two
	 * pins) leaves rows that do not meet: each row reaches on to the next one's start. */
	for (size_t i = nx - 1; i > 0; i--)
		if (lo[i] > hi[i - 1] + 1)
			hi[i - 1] = lo[i] - 1;
}

/* One sequence's averages for a level, beside the other's, their first shape dimensions
 * scaled to one length when shape > 0 (config shape_dims). */
struct ds_job {
	const float *x;
	size_t n;
	int dim, factor, shape;
	float *out;
};

static void *ds_thread(void *arg)
{
	struct ds_job *j = arg;
	size_t m = (j->n + (size_t)j->factor - 1) / (size_t)j->factor;
	double want = sqrt((double)j->shape);
	med_dtw_downsample(j->x, j->n, j->dim, j->factor, j->out);
	for (size_t i = 0; j->shape > 0 && i < m; i++) {
		float *o = j->out + i * (size_t)j->dim;
		double len = 0, sc;
		for (int k = 0; k < j->shape; k++)
			len += (double)o[k] * o[k];
		len = sqrt(len);
		sc = want / (len > 0.5 * want ? len : 0.5 * want);
		for (int k = 0; k < j->shape; k++)
			o[k] = (float)(o[k] * sc);
	}
	return NULL;
}

int med_dtw_multires(const float *x, size_t nx, const float *y, size_t ny, int dim,
                     const struct med_dtw_config *cin, struct med_dtw_path *out,
                     med_progress_fn progress, void *user)
{
	struct med_dtw_config def;
	int factors[32], n_levels = 0, r = MED_OK;
	float *cx = NULL, *cy = NULL;
	int32_t *lo = NULL, *hi = NULL, *tlo = NULL, *thi = NULL;
	struct med_dtw_path cur, next;
	struct dtw_scratch scr = {NULL, 0};
	size_t cells = 0;
	int widened = 0;
	float band0;

	if (!out)
		return MED_ERR_ARG;
	memset(out, 0, sizeof(*out));
	memset(&cur, 0, sizeof(cur));
	memset(&next, 0, sizeof(next));
	if (!cin) {
		med_dtw_config_init(&def);
		cin = &def;
	}
	band0 = cin->coarse_band;
	if (!x || !y || nx == 0 || ny == 0 || dim < 1 || cin->level_factor < 2 || cin->radius < 1 ||
	    cin->cell_budget < 16 || nx > INT32_MAX || ny > INT32_MAX)
		return MED_ERR_ARG;
	/* The coarse band reaches at least coarse_min frames either side of the diagonal, up
	 * to twice its fraction: a free search finds paths of lower cost that are wrong more
	 * often than a band cuts off the right one (the band widens when the path leans on it). */
	if (band0 > 0 && band0 < 0.25f && (double)cin->coarse_min > (double)band0 * (double)ny)
		band0 = (float)fmin(2.0 * band0, (double)cin->coarse_min / (double)ny);
	/* The coarsest factor is the smallest 3-smooth number (2^a 3^b) whose matrix fits the
	 * budget, so the budget is used well; each level below divides it by the largest of
	 * level_factor, 4, 3, 2 that divides it, down to 1. */
	{
		size_t top = 1, f;
		for (;;) {
			size_t cxn = (nx + top - 1) / top, cyn = (ny + top - 1) / top, t = top;
			while (t % 2 == 0)
				t /= 2;
			while (t % 3 == 0)
				t /= 3;
			if (t == 1 &&
			    (coarse_cells(cxn, cyn, band0) <= (double)cin->cell_budget ||
			     (cxn < 4 && cyn < 4)))
				break;
			if (top > (size_t)INT32_MAX / 4)
				break;
			top++;
		}
		n_levels = 0;
		for (f = top; f > 1 && n_levels < 30;) {
			size_t d = (size_t)cin->level_factor;
			factors[n_levels++] = (int)f;
			if (f % d)
				d = f % 4 == 0 ? 4 : f % 3 == 0 ? 3 : f % 2 == 0 ? 2 : f;
			f /= d;
		}
		factors[n_levels++] = 1;
		/* Finest first. */
		for (int a = 0, b = n_levels - 1; a < b; a++, b--) {
			int t = factors[a];
			factors[a] = factors[b];
			factors[b] = t;
		}
	}
	lo = malloc(nx * sizeof(int32_t));
	hi = malloc(nx * sizeof(int32_t));
	tlo = malloc(nx * sizeof(int32_t));
	thi = malloc(nx * sizeof(int32_t));
	/* Averaged copies are needed only for the levels above the finest. */
	if (n_levels > 1) {
		size_t f1 = (size_t)factors[1];
		cx = med_alloc_big((nx + f1 - 1) / f1 * (size_t)dim * sizeof(float));
		cy = med_alloc_big((ny + f1 - 1) / f1 * (size_t)dim * sizeof(float));
	}
	if (!lo || !hi || !tlo || !thi || (n_levels > 1 && (!cx || !cy))) {
		r = MED_ERR_NOMEM;
		goto out_free;
	}
	for (int lev = n_levels - 1; lev >= 0; lev--) {
		int f = factors[lev];
		size_t lx = (nx + (size_t)f - 1) / (size_t)f, ly = (ny + (size_t)f - 1) / (size_t)f;
		const float *px = x, *py = y;
		float edge = -1.0f;
		double warp = 0;
		if (f > 1) {
			int shape = lev == n_levels - 1
			                    ? (cin->shape_dims < dim ? cin->shape_dims : dim)
			                    : 0;
			struct ds_job jx = {x, nx, dim, f, shape, cx},
			              jy = {y, ny, dim, f, shape, cy};
			med_run_two(ds_thread, &jx, &jy);
			px = cx;
			py = cy;
		} else {
			/* the finest level needs the averages no more: its band is the
			 * largest allocation, so they go first */
			free(cx);
			free(cy);
			cx = cy = NULL;
		}
		if (cin->edge_skip > 0)
			edge = cin->edge_skip * dtw_random_dist(px, lx, py, ly, dim);
		/* the coarsest level only: the levels below place the path freely in their
		 * bands, where the text's local pace decides (the levels between, warped too,
		 * gave one of the two "Really?" of x8 to the other speaker) */
		if (cin->warp_cost > 0 && f > 1 && lev == n_levels - 1)
			warp = cin->warp_cost * dtw_random_dist(px, lx, py, ly, dim);
		if (lev == n_levels - 1) {
			/* Coarsest level: the whole matrix, or a wide band around its diagonal
			 * (widened, up to the whole matrix, when the path leans on its edge). */
			float band = band0;
			for (int attempt = 0;; attempt++) {
				diagonal_band(lx, ly, band, lo, hi);
				r = dtw_band_edge(px, lx, py, ly, dim, lo, hi, edge, warp, &next,
				                  &scr);
				if (r)
					goto out_free;
				cells += next.cells;
				if (band <= 0 || band >= 1 ||
				    band_edge_hits(&next, lo, hi, ly) * 50 < next.n)
					break;
				med_dtw_path_release(&next);
				band = band * 2 >= 0.5f ? 0 : band * 2;
				widened++;
			}
		} else {
			int ratio = factors[lev + 1] / f, radius = cin->radius, fresh = 1;
			for (int attempt = 0;; attempt++) {
				if (fresh)
					band_from_path(&cur, ratio, lx, ly, radius, lo, hi, tlo,
					               thi);
				fresh = 0;
				r = dtw_band_edge(px, lx, py, ly, dim, lo, hi, edge, warp, &next,
				                  &scr);
				if (r)
					goto out_free;
				cells += next.cells;
				if (attempt >= cin->max_widen)
					break;
				if (band_edge_hits(&next, lo, hi, ly) * 50 >= next.n) {
					/* The path leans on the band all along: the coarse
					 * projection was off. */
					med_dtw_path_release(&next);
					radius *= 2;
					widened++;
					fresh = 1;
					continue;
				}
				/* ... or in places only (a long pause, a stretch of noise):
				 * the band moves out there. */
				if (!med_dtw_widen_edge_runs(
				            &next, lx, ly, (size_t)(cin->radius / 3),
				            (int32_t)(4 * radius) << attempt, lo, hi))
					break;
				med_dtw_path_release(&next);
				widened++;
			}
		}
		med_dtw_path_release(&cur);
		cur = next;
		memset(&next, 0, sizeof(next));
		if (progress && progress(user, "dtw", 1.0 - (double)lev / n_levels)) {
			r = MED_ERR_CANCELLED;
			goto out_free;
		}
	}
	*out = cur;
	memset(&cur, 0, sizeof(cur));
	out->cells = cells;
	out->widened = widened;
out_free:
	med_dtw_path_release(&cur);
	med_dtw_path_release(&next);
	free(lo);
	free(hi);
	free(tlo);
	free(thi);
	free(cx);
	free(cy);
	free(scr.dir);
	return r;
}
