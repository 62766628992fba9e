/* test_med_dtw.c: the fast DTWs against a naive full DTW kept here as the reference. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "med_dtw.h"
#define MED_TEST_SEED 12345u
#include "med_test_util.h"
#include "tap.h"

/* The textbook recurrence on a full matrix of doubles: symmetric2 steps, start (0,0),
 * end (nx-1,ny-1). */
static double naive_dtw(const float *x, size_t nx, const float *y, size_t ny, int dim)
{
	double *D = malloc(nx * ny * sizeof(double)), c;
	for (size_t i = 0; i < nx; i++)
		for (size_t j = 0; j < ny; j++) {
			double d = 0, best = DBL_MAX;
			for (int k = 0; k < dim; k++) {
				double t = (double)x[i * dim + k] - y[j * dim + k];
				d += t * t;
			}
			d = sqrt(d);
			if (i == 0 && j == 0) {
				D[0] = 2 * d;
				continue;
			}
			if (i && j && D[(i - 1) * ny + j - 1] + 2 * d < best)
				best = D[(i - 1) * ny + j - 1] + 2 * d;
			if (i && D[(i - 1) * ny + j] + d < best)
				best = D[(i - 1) * ny + j] + d;
			if (j && D[i * ny + j - 1] + d < best)
				best = D[i * ny + j - 1] + d;
			D[i * ny + j] = best;
		}
	c = D[nx * ny - 1];
	free(D);
	return c;
}

/* The cost of a path recomputed from its steps, and its validity. */
static int path_ok(const struct med_dtw_path *p, size_t nx, size_t ny, const float *x,
                   const float *y, int dim, double *cost)
{
	double c = 0;
	if (p->n < 1 || p->x[0] != 0 || p->y[0] != 0 || p->x[p->n - 1] != (int32_t)nx - 1 ||
	    p->y[p->n - 1] != (int32_t)ny - 1)
		return 0;
	for (size_t k = 0; k < p->n; k++) {
		double d = 0;
		for (int t = 0; t < dim; t++) {
			double v = (double)x[p->x[k] * dim + t] - y[p->y[k] * dim + t];
			d += v * v;
		}
		d = sqrt(d);
		if (k == 0) {
			c += 2 * d;
			continue;
		}
		int dx = p->x[k] - p->x[k - 1], dy = p->y[k] - p->y[k - 1];
		if (dx < 0 || dy < 0 || dx > 1 || dy > 1 || (dx == 0 && dy == 0))
			return 0;
		c += (dx && dy) ? 2 * d : d;
	}
	*cost = c;
	return 1;
}

/* y is x warped in time (each frame repeated or skipped at random) plus noise. */
static size_t make_warped(const float *x, size_t nx, int dim, float noise, float *y)
{
	size_t ny = 0;
	for (size_t i = 0; i < nx; i++) {
		float r = frand();
		int reps = r < 0.2f ? 0 : r < 0.8f ? 1 : 2;
		for (int k = 0; k < reps; k++, ny++)
			for (int t = 0; t < dim; t++)
				y[ny * dim + t] = x[i * dim + t] + noise * (frand() - 0.5f);
	}
	if (ny == 0) {
		memcpy(y, x, (size_t)dim * sizeof(float));
		ny = 1;
	}
	return ny;
}

/* A smooth random sequence, like speech features: a random walk. */
static void make_walk(float *x, size_t n, int dim)
{
	for (int t = 0; t < dim; t++)
		x[t] = frand();
	for (size_t i = 1; i < n; i++)
		for (int t = 0; t < dim; t++)
			x[i * dim + t] = x[(i - 1) * dim + t] + 0.5f * (frand() - 0.5f);
}

/* The distance of med_dtw.c written out plainly: four partial float sums over the
 * dimensions (k mod 4), the rest into the first, then (s0 + s1) + (s2 + s3). The fast
 * kernels must reproduce it bit for bit. */
static float ref_dist(const float *a, const float *b, int dim)
{
	float s[4] = {0, 0, 0, 0};
	int k = 0;
	for (; k + 4 <= dim; k += 4)
		for (int q = 0; q < 4; q++)
			s[q] += (a[k + q] - b[k + q]) * (a[k + q] - b[k + q]);
	for (; k < dim; k++)
		s[0] += (a[k] - b[k]) * (a[k] - b[k]);
	return sqrtf((s[0] + s[1]) + (s[2] + s[3]));
}

/* The banded recurrence cell by cell on a whole matrix: ties go to the diagonal, then up,
 * then left; edge_cost >= 0 caps a step holding one sequence along the first and last row
 * and column, and warp is added to every such step. Fills the path (time order) and returns
 * its cost (warp included); the fast code must give the same path and the same double. */
static double ref_band_w(const float *x, size_t nx, const float *y, size_t ny, int dim,
                         const int32_t *lo, const int32_t *hi, float ec, double warp, int32_t *px,
                         int32_t *py, size_t *pn)
{
	double *D = malloc(nx * ny * sizeof(double)), cost;
	unsigned char *S = malloc(nx * ny);
	size_t n = 0;
	int64_t i, j;
	for (size_t a = 0; a < nx; a++)
		for (int32_t b = lo[a]; b <= hi[a]; b++) {
			double d = ref_dist(x + a * dim, y + (size_t)b * dim, dim), best = DBL_MAX;
			/* Costs of a step up (holding y) and left (holding x). */
			double cu =
			        ((ec >= 0 && (b == 0 || b == (int32_t)ny - 1) && d > ec) ? ec : d) +
			        warp;
			double cl =
			        ((ec >= 0 && (a == 0 || a == nx - 1) && d > ec) ? ec : d) + warp;
			int st = 2;
			if (a == 0 && b == 0) {
				D[0] = 2 * d;
				S[0] = 0;
				continue;
			}
			if (a && b - 1 >= lo[a - 1] && b - 1 <= hi[a - 1] &&
			    D[(a - 1) * ny + b - 1] + 2 * d < best) {
				best = D[(a - 1) * ny + b - 1] + 2 * d;
				st = 0;
			}
			if (a && b >= lo[a - 1] && b <= hi[a - 1] &&
			    D[(a - 1) * ny + b] + cu < best) {
				best = D[(a - 1) * ny + b] + cu;
				st = 1;
			}
			if (b > lo[a] && D[a * ny + b - 1] + cl < best) {
				best = D[a * ny + b - 1] + cl;
				st = 2;
			}
			D[a * ny + b] = best;
			S[a * ny + b] = (unsigned char)st;
		}
	cost = D[nx * ny - 1];
	for (i = (int64_t)nx - 1, j = (int64_t)ny - 1;; n++) {
		int st = S[i * (int64_t)ny + j];
		px[n] = (int32_t)i;
		py[n] = (int32_t)j;
		if (i == 0 && j == 0)
			break;
		if (st != 2)
			i--;
		if (st != 1)
			j--;
	}
	n++;
	for (size_t a = 0, b = n - 1; a < b; a++, b--) {
		int32_t t = px[a];
		px[a] = px[b];
		px[b] = t;
		t = py[a];
		py[a] = py[b];
		py[b] = t;
	}
	free(D);
	free(S);
	*pn = n;
	return cost;
}

static double ref_band(const float *x, size_t nx, const float *y, size_t ny, int dim,
                       const int32_t *lo, const int32_t *hi, float ec, int32_t *px, int32_t *py,
                       size_t *pn)
{
	return ref_band_w(x, nx, y, ny, dim, lo, hi, ec, 0.0, px, py, pn);
}

/* With warp: the same steps, and the cost of the path's distances alone. */
static int same_warp_path(const struct med_dtw_path *p, const int32_t *px, const int32_t *py,
                          size_t n)
{
	double c = 0;
	if (p->n != n)
		return 0;
	for (size_t k = 0; k < n; k++) {
		if (p->x[k] != px[k] || p->y[k] != py[k])
			return 0;
		c += (k == 0 || (px[k] != px[k - 1] && py[k] != py[k - 1]) ? 2.0 : 1.0) *
		     p->dist[k];
	}
	return fabs(p->cost - c) <= 1e-9 * (1 + c);
}

/* The fast path equals the reference one exactly. */
static int same_path(const struct med_dtw_path *p, double cost, const int32_t *px,
                     const int32_t *py, size_t n)
{
	if (p->n != n || p->cost != cost)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (p->x[k] != px[k] || p->y[k] != py[k])
			return 0;
	return 1;
}

/* The mean distance med_dtw_multires() scales edge_skip by (same pseudo-random pairs). */
static float ref_random_dist(const float *x, size_t nx, const float *y, size_t ny, int dim)
{
	uint32_t seed = 88172645u;
	double sum = 0;
	for (int k = 0; k < 2000; k++) {
		size_t i, j;
		i = med_xorshift32(&seed) % nx;
		j = med_xorshift32(&seed) % ny;
		sum += ref_dist(x + i * (size_t)dim, y + j * (size_t)dim, dim);
	}
	return (float)(sum / 2000);
}

/* A random band around the diagonal, valid for med_dtw_band(). */
static void make_band(size_t nx, size_t ny, int32_t w, int32_t *lo, int32_t *hi)
{
	for (size_t i = 0; i < nx; i++) {
		int64_t c = nx > 1 ? (int64_t)(i * (ny - 1) / (nx - 1)) : 0;
		int64_t l = c - (int64_t)(frand() * (float)w),
		        h = c + (int64_t)(frand() * (float)w);
		lo[i] = (int32_t)(l < 0 ? 0 : l);
		hi[i] = (int32_t)(h > (int64_t)ny - 1 ? (int64_t)ny - 1 : h);
	}
	lo[0] = 0;
	hi[nx - 1] = (int32_t)ny - 1;
	for (size_t i = 1; i < nx; i++) {
		if (lo[i] < lo[i - 1])
			lo[i] = lo[i - 1];
		if (hi[i] < hi[i - 1])
			hi[i] = hi[i - 1];
	}
	for (size_t i = nx - 1; i > 0; i--)
		if (lo[i] > hi[i - 1] + 1)
			hi[i - 1] = lo[i] - 1;
}

/* The band filled in two halves of time against the same band on one thread
 * (TSYNC_DTW_THREADS=1): the same path, the same cost within rounding. */
static void check_halves_band(const float *x, size_t nx, const float *y, size_t ny, int dim,
                              const int32_t *lo, const int32_t *hi)
{
	struct med_dtw_path one, two;
	int same = 0;

	setenv("TSYNC_DTW_THREADS", "1", 1);
	CHECK(med_dtw_band(x, nx, y, ny, dim, lo, hi, &one) == MED_OK);
	unsetenv("TSYNC_DTW_THREADS");
	CHECK(med_dtw_band(x, nx, y, ny, dim, lo, hi, &two) == MED_OK);
	if (one.n == two.n && fabs(one.cost - two.cost) <= 1e-9 * one.cost) {
		same = 1;
		for (size_t k = 0; k < one.n; k++)
			if (one.x[k] != two.x[k] || one.y[k] != two.y[k] ||
			    one.dist[k] != two.dist[k])
				same = 0;
	}
	CHECK(same);
	med_dtw_path_release(&one);
	med_dtw_path_release(&two);
}

/*
 * Two halves whose rows meet soon after the second half's start (two unrelated random
 * walks, and one warped copy of the other with stretches of silence), and a band with one
 * row so wide that too few of the second half's rows are kept to meet in: the first half
 * then fills the rest itself.
 */
static void check_halves(void)
{
	size_t nx = 16000, ny_max = 64000;
	int dim = 13;
	float *x = malloc(nx * (size_t)dim * sizeof(float)),
	      *y = malloc(ny_max * (size_t)dim * sizeof(float));
	int32_t *lo = malloc(nx * sizeof(int32_t)), *hi = malloc(nx * sizeof(int32_t));

	CHECK(x && y && lo && hi);
	if (!x || !y || !lo || !hi)
		goto out;
	make_walk(x, nx, dim);
	make_walk(y, nx, dim);
	make_band(nx, nx, 200, lo, hi);
	check_halves_band(x, nx, y, nx, dim, lo, hi);
	{
		size_t ny = make_warped(x, nx, dim, 0.2f, y);
		for (size_t j = ny / 3; j < ny / 3 + 400; j++) /* a pause */
			memset(y + j * (size_t)dim, 0, (size_t)dim * sizeof(float));
		make_band(nx, ny, 200, lo, hi);
		check_halves_band(x, nx, y, ny, dim, lo, hi);
	}
	{
		/* rows of 150 cells along the diagonal, but row 100 spans 45000 columns */
		size_t ny = nx + 45000;
		make_walk(y, ny, dim);
		for (size_t i = 0; i < nx; i++) {
			int64_t c = (int64_t)i + (i > 100 ? 45000 : 0);
			lo[i] = (int32_t)(c > 75 ? c - 75 : 0);
			hi[i] = (int32_t)(c + 75 < (int64_t)ny ? c + 75 : (int64_t)ny - 1);
		}
		hi[100] = lo[101] + 10;
		lo[0] = 0;
		hi[nx - 1] = (int32_t)ny - 1;
		check_halves_band(x, nx, y, ny, dim, lo, hi);
	}
out:
	free(x);
	free(y);
	free(lo);
	free(hi);
}

/* Bit-exact checks of the fast kernels (blocks of four cells, vector distances, two threads)
 * against ref_band(), with dimensions that leave every remainder mod 4, features that make
 * exact ties common, bands of many widths and the edge costs of the multi-resolution DTW. */
static void check_exact(void)
{
	const int dims[] = {1, 2, 3, 4, 5, 7, 8, 13, 21};
	float *x = malloc(8000 * 21 * sizeof(float)), *y = malloc(8000 * 21 * sizeof(float));
	int32_t *lo = malloc(8000 * sizeof(int32_t)), *hi = malloc(8000 * sizeof(int32_t));
	int32_t *px = malloc(16000 * sizeof(int32_t)), *py = malloc(16000 * sizeof(int32_t));
	struct med_dtw_path p;
	size_t n;
	double ref;

	for (int trial = 0; trial < 90; trial++) {
		int dim = dims[trial % 9], ties = trial % 3 == 0;
		size_t nx = 1 + (size_t)(frand() * 300), ny = 1 + (size_t)(frand() * 300);
		int32_t w = 1 + (int32_t)(frand() * 200);
		for (size_t i = 0; i < nx * (size_t)dim; i++)
			x[i] = ties ? (float)(int)(frand() * 3) : frand();
		for (size_t i = 0; i < ny * (size_t)dim; i++)
			y[i] = ties ? (float)(int)(frand() * 3) : frand();
		make_band(nx, ny, w, lo, hi);
		ref = ref_band(x, nx, y, ny, dim, lo, hi, -1.0f, px, py, &n);
		CHECK(med_dtw_band(x, nx, y, ny, dim, lo, hi, &p) == MED_OK);
		CHECK(same_path(&p, ref, px, py, n));
		med_dtw_path_release(&p);
		/* A warp cost (ties common as well: whole numbers and halves) */
		{
			double warp = trial % 2 ? 0.5 * (int)(frand() * 3) : 0.05 + frand();
			ref_band_w(x, nx, y, ny, dim, lo, hi, -1.0f, warp, px, py, &n);
			CHECK(med_dtw_band_warp(x, nx, y, ny, dim, lo, hi, warp, &p) == MED_OK);
			CHECK(same_warp_path(&p, px, py, n));
			med_dtw_path_release(&p);
		}
	}
	/* Big enough for two threads: whole matrices and a band, warped and unrelated. */
	for (int trial = 0; trial < 4; trial++) {
		int dim = trial < 2 ? 21 : 5;
		size_t nx = trial < 2 ? 300 : 800, ny;
		make_walk(x, nx, dim);
		if (trial % 2 == 0) {
			ny = 7000;
			make_walk(y, ny, dim);
		} else {
			float *t = malloc(nx * 2 * (size_t)dim * sizeof(float));
			size_t m = make_warped(x, nx, dim, 0.3f, t);
			ny = 0;
			/* Stretch y to thousands of frames: each warped frame 25 times. */
			for (size_t i = 0; i < m && ny + 25 <= 8000; i++)
				for (int r = 0; r < 25; r++, ny++)
					memcpy(y + ny * (size_t)dim, t + i * (size_t)dim,
					       (size_t)dim * sizeof(float));
			free(t);
		}
		for (size_t i = 0; i < nx; i++) {
			lo[i] = 0;
			hi[i] = (int32_t)ny - 1;
		}
		if (trial >= 2)
			make_band(nx, ny, (int32_t)ny / 2, lo, hi);
		ref = ref_band(x, nx, y, ny, dim, lo, hi, -1.0f, px, py, &n);
		CHECK(med_dtw_band(x, nx, y, ny, dim, lo, hi, &p) == MED_OK);
		CHECK(p.cells >= 2000000); /* the two-thread split */
		CHECK(same_path(&p, ref, px, py, n));
		med_dtw_path_release(&p);
		ref_band_w(x, nx, y, ny, dim, lo, hi, -1.0f, 0.3, px, py, &n);
		CHECK(med_dtw_band_warp(x, nx, y, ny, dim, lo, hi, 0.3, &p) == MED_OK);
		CHECK(same_warp_path(&p, px, py, n));
		med_dtw_path_release(&p);
		/* The same through med_dtw_multires() with edge costs: a budget that holds
		 * the whole matrix is one level over all of it. */
		{
			struct med_dtw_config cfg;
			med_dtw_config_init(&cfg);
			cfg.cell_budget = nx * ny;
			cfg.coarse_band = 0;
			cfg.edge_skip = 0.5f;
			for (size_t i = 0; i < nx; i++) {
				lo[i] = 0;
				hi[i] = (int32_t)ny - 1;
			}
			ref = ref_band(x, nx, y, ny, dim, lo, hi,
			               cfg.edge_skip * ref_random_dist(x, nx, y, ny, dim), px, py,
			               &n);
			CHECK(med_dtw_multires(x, nx, y, ny, dim, &cfg, &p, NULL, NULL) == MED_OK);
			CHECK(same_path(&p, ref, px, py, n));
			med_dtw_path_release(&p);
		}
	}
	/* A long, narrow band, as at the finest level (rows of about 190 cells, filled in two
	 * halves of time, see check_halves()): bit-exact. */
	{
		size_t nx = 16000, ny = 15000;
		float *lx = malloc(nx * 21 * sizeof(float)), *ly = malloc(ny * 21 * sizeof(float));
		int32_t *llo = malloc(nx * sizeof(int32_t)), *lhi = malloc(nx * sizeof(int32_t));
		int32_t *lpx = malloc((nx + ny) * sizeof(int32_t));
		int32_t *lpy = malloc((nx + ny) * sizeof(int32_t));
		CHECK(lx && ly && llo && lhi && lpx && lpy);
		if (lx && ly && llo && lhi && lpx && lpy) {
			make_walk(lx, nx, 21);
			make_walk(ly, ny, 21);
			make_band(nx, ny, 190, llo, lhi);
			ref = ref_band(lx, nx, ly, ny, 21, llo, lhi, -1.0f, lpx, lpy, &n);
			CHECK(med_dtw_band(lx, nx, ly, ny, 21, llo, lhi, &p) == MED_OK);
			CHECK(p.cells >= 2000000 && p.cells / nx < 512);
			CHECK(same_path(&p, ref, lpx, lpy, n));
			med_dtw_path_release(&p);
			ref_band_w(lx, nx, ly, ny, 21, llo, lhi, -1.0f, 0.4, lpx, lpy, &n);
			CHECK(med_dtw_band_warp(lx, nx, ly, ny, 21, llo, lhi, 0.4, &p) == MED_OK);
			CHECK(same_warp_path(&p, lpx, lpy, n));
			med_dtw_path_release(&p);
		}
		free(lx);
		free(ly);
		free(llo);
		free(lhi);
		free(lpx);
		free(lpy);
	}
	/* Edge costs on small matrices of every shape (one thread, many band ends). */
	for (int trial = 0; trial < 40; trial++) {
		int dim = dims[trial % 9];
		size_t nx = 2 + (size_t)(frand() * 60), ny = 2 + (size_t)(frand() * 60);
		struct med_dtw_config cfg;
		make_walk(x, nx, dim);
		make_walk(y, ny, dim);
		med_dtw_config_init(&cfg);
		cfg.cell_budget = nx * ny < 16 ? 16 : nx * ny; /* 16: the least allowed */
		cfg.coarse_band = 0;
		cfg.edge_skip = 0.3f;
		for (size_t i = 0; i < nx; i++) {
			lo[i] = 0;
			hi[i] = (int32_t)ny - 1;
		}
		ref = ref_band(x, nx, y, ny, dim, lo, hi,
		               cfg.edge_skip * ref_random_dist(x, nx, y, ny, dim), px, py, &n);
		CHECK(med_dtw_multires(x, nx, y, ny, dim, &cfg, &p, NULL, NULL) == MED_OK);
		CHECK(same_path(&p, ref, px, py, n));
		med_dtw_path_release(&p);
	}
	free(x);
	free(y);
	free(lo);
	free(hi);
	free(px);
	free(py);
}

/* The prefix (forward) or suffix (backward) costs of med_dtw_edge_costs() cell by cell, in
 * the order of their definition: a step into a cell costs its distance, twice on a
 * diagonal; the fast code must give the same doubles. */
static void ref_edge_costs(const float *x, size_t nx, const float *y, size_t ny, int dim,
                           int backward, double *out)
{
	double *D = malloc(nx * ny * sizeof(double));
	for (size_t s = 0; s < nx; s++) {
		size_t i = backward ? nx - 1 - s : s;
		for (size_t t = 0; t < ny; t++) {
			size_t j = backward ? ny - 1 - t : t;
			double best = DBL_MAX;
			if (!backward) {
				double d = ref_dist(x + i * dim, y + j * dim, dim);
				if (i == 0) {
					best = j ? D[j - 1] + d : 2 * d;
				} else {
					best = D[(i - 1) * ny + j] + d;
					if (j && D[(i - 1) * ny + j - 1] + 2 * d < best)
						best = D[(i - 1) * ny + j - 1] + 2 * d;
					if (j && D[i * ny + j - 1] + d < best)
						best = D[i * ny + j - 1] + d;
				}
			} else {
				if (i + 1 == nx && j + 1 == ny)
					best = 0;
				if (i + 1 < nx) {
					double dn = ref_dist(x + (i + 1) * dim, y + j * dim, dim);
					best = D[(i + 1) * ny + j] + dn;
					if (j + 1 < ny) {
						double dd = ref_dist(x + (i + 1) * dim,
						                     y + (j + 1) * dim, dim);
						if (D[(i + 1) * ny + j + 1] + 2.0 * dd < best)
							best = D[(i + 1) * ny + j + 1] + 2.0 * dd;
					}
				}
				if (j + 1 < ny) {
					double dr = ref_dist(x + i * dim, y + (j + 1) * dim, dim);
					if (D[i * ny + j + 1] + dr < best)
						best = D[i * ny + j + 1] + dr;
				}
			}
			D[i * ny + j] = best;
		}
		out[i] = backward ? 2.0 * ref_dist(x + i * dim, y, dim) + D[i * ny]
		                  : D[i * ny + ny - 1];
	}
	free(D);
}

/* med_dtw_edge_costs() and med_dtw_cols_dists() bit for bit, with every remainder of dim
 * and ny mod 8 and ties. */
static void check_edge_exact(void)
{
	const int dims[] = {1, 3, 4, 5, 8, 13, 21};
	float *x = malloc(200 * 21 * sizeof(float)), *y = malloc(200 * 21 * sizeof(float));
	double *a = malloc(200 * sizeof(double)), *b = malloc(200 * sizeof(double));
	int ok = 1;

	for (int trial = 0; trial < 70; trial++) {
		int dim = dims[trial % 7], ties = trial % 3 == 0;
		size_t nx = 1 + (size_t)(frand() * 199), ny = 1 + (size_t)(frand() * 199);
		for (size_t i = 0; i < nx * (size_t)dim; i++)
			x[i] = ties ? (float)(int)(frand() * 3) : frand();
		for (size_t i = 0; i < ny * (size_t)dim; i++)
			y[i] = ties ? (float)(int)(frand() * 3) : frand();
		for (int bw = 0; bw < 2; bw++) {
			CHECK(med_dtw_edge_costs(x, nx, y, ny, dim, bw, a) == MED_OK);
			ref_edge_costs(x, nx, y, ny, dim, bw, b);
			if (memcmp(a, b, nx * sizeof(double)))
				ok = 0;
		}
		/* rows of distances from a prepared sequence: med_dtw_dist()'s */
		{
			struct med_dtw_cols *cols = med_dtw_cols_new(y, ny, dim);
			float row[208];
			CHECK(cols != NULL);
			for (size_t i = 0; cols && i < nx; i += 7) {
				med_dtw_cols_dists(cols, x + i * (size_t)dim, row);
				for (size_t j = 0; j < ny; j++) {
					float d = med_dtw_dist(x + i * (size_t)dim,
					                       y + j * (size_t)dim, dim);
					if (memcmp(&d, &row[j], sizeof(float)))
						ok = 0;
				}
			}
			med_dtw_cols_free(cols);
		}
	}
	CHECK(ok);
	free(x);
	free(y);
	free(a);
	free(b);
}

/* Where the features tell little, the plain coarse path wanders and the warp cost keeps its
 * pace: x is "speech" of phones (runs of 4-16 equal frames), y the same at a slower pace
 * (0.8) with noise, and in x's middle third the phones lie far under noise, as a recorded
 * voice far from the synthetic one. Mean distance of the path from the true one there, in
 * frames, over six such pairs. */
static void check_warp_pace(void)
{
	const int dim = 12;
	const size_t nx = 6000;
	float *x = malloc(nx * dim * sizeof(float)), *y = malloc(2 * nx * dim * sizeof(float));
	int32_t *truth = malloc(2 * nx * sizeof(int32_t));
	double dev[2] = {0, 0};

	for (int scene = 0; scene < 6; scene++) {
		size_t ny = 0;
		for (size_t i = 0; i < nx;) {
			int len = 4 + (int)(frand() * 12);
			float v[12];
			for (int t = 0; t < dim; t++)
				v[t] = gauss();
			for (int q = 0; q < len && i < nx; q++, i++)
				memcpy(x + i * dim, v, sizeof(v));
		}
		for (size_t j = 0;; j++, ny++) {
			size_t i = (size_t)((double)j * 0.8);
			if (i >= nx)
				break;
			truth[j] = (int32_t)i;
			for (int t = 0; t < dim; t++)
				y[j * dim + t] = x[i * dim + t] + 0.3f * gauss();
		}
		for (size_t i = nx / 3; i < 2 * nx / 3; i++)
			for (int t = 0; t < dim; t++)
				x[i * dim + t] = 0.15f * x[i * dim + t] + gauss();
		for (int w = 0; w < 2; w++) {
			struct med_dtw_config cfg;
			struct med_dtw_path p;
			double sum = 0;
			size_t n = 0;
			med_dtw_config_init(&cfg);
			cfg.cell_budget = 1000000; /* a coarse level (warped) and the finest */
			cfg.warp_cost = w ? 0.2f : 0.0f;
			CHECK(med_dtw_multires(y, ny, x, nx, dim, &cfg, &p, NULL, NULL) == MED_OK);
			for (size_t k = 0; k < p.n; k++)
				if (truth[p.x[k]] >= (int32_t)(nx / 3) &&
				    truth[p.x[k]] < (int32_t)(2 * nx / 3)) {
					sum += fabs((double)p.y[k] - truth[p.x[k]]);
					n++;
				}
			dev[w] += n ? sum / (double)n / 6 : 0;
			med_dtw_path_release(&p);
		}
	}
	/* (here: 323 frames plain, 31 with the warp cost) */
	CHECK(dev[0] > 100);
	CHECK(dev[1] < 0.5 * dev[0]);
	fprintf(stderr, "warp cost: path off by %.0f frames plain, %.0f with it\n", dev[0], dev[1]);
	free(x);
	free(y);
	free(truth);
}

/*
 * shape_dims. Two sequences of the same SHAPE_SEGS sounds in the same order, each sound one
 * direction of the first SHAPE_DIM - 1 dimensions held for 150-300 frames (the last
 * dimension 0), the lengths drawn apart for each; the recording's (x) amplitudes alternate
 * 1.3 and 4 and the synthetic's (y) the other way round, as a recorded voice's spectrum is
 * flatter than the synthetic one's in one sound and sharper in the next (both over half of
 * sqrt(SHAPE_DIM - 1), where shape_dims scales all alike). By their distances the path
 * pairs x's weak sounds with y's and squeezes the strong ones; by shape alone each sound is
 * nearest to its own. Returns the largest error, in frames of y, of where the path takes
 * the starts of x's sounds.
 */
#define SHAPE_SEGS 12
#define SHAPE_DIM 7
static long shape_case(int shape_dims)
{
	float dir[SHAPE_SEGS][SHAPE_DIM], *x, *y;
	size_t bx[SHAPE_SEGS + 1], by[SHAPE_SEGS + 1];
	struct med_dtw_config cfg;
	struct med_dtw_path p;
	long worst = -1;

	bx[0] = by[0] = 0;
	for (int k = 0; k < SHAPE_SEGS; k++) {
		float len = 0;
		for (int t = 0; t < SHAPE_DIM - 1; t++) {
			dir[k][t] = gauss();
			len += dir[k][t] * dir[k][t];
		}
		for (int t = 0; t < SHAPE_DIM - 1; t++)
			dir[k][t] /= sqrtf(len);
		dir[k][SHAPE_DIM - 1] = 0;
		bx[k + 1] = bx[k] + 150 + (size_t)(frand() * 150);
		by[k + 1] = by[k] + 150 + (size_t)(frand() * 150);
	}
	x = malloc(bx[SHAPE_SEGS] * SHAPE_DIM * sizeof(float));
	y = malloc(by[SHAPE_SEGS] * SHAPE_DIM * sizeof(float));
	if (!x || !y) {
		free(x);
		free(y);
		return -1;
	}
	for (int k = 0; k < SHAPE_SEGS; k++) {
		float ax = k % 2 ? 4.0f : 1.3f, ay = k % 2 ? 1.3f : 4.0f;
		for (size_t i = bx[k]; i < bx[k + 1]; i++)
			for (int t = 0; t < SHAPE_DIM; t++)
				x[i * SHAPE_DIM + t] = ax * dir[k][t] + 0.02f * gauss();
		for (size_t i = by[k]; i < by[k + 1]; i++)
			for (int t = 0; t < SHAPE_DIM; t++)
				y[i * SHAPE_DIM + t] = ay * dir[k][t] + 0.02f * gauss();
	}
	med_dtw_config_init(&cfg);
	cfg.cell_budget = 100000; /* a coarsest level of several frames a cell */
	cfg.radius = 4;           /* the finer levels follow it closely (by distance they */
	cfg.max_widen = 0;        /* would go a sound off too) */
	cfg.shape_dims = shape_dims;
	if (med_dtw_multires(x, bx[SHAPE_SEGS], y, by[SHAPE_SEGS], SHAPE_DIM, &cfg, &p, NULL,
	                     NULL) == MED_OK) {
		for (int k = 1; k < SHAPE_SEGS; k++)
			for (size_t q = 0; q < p.n; q++)
				if ((size_t)p.x[q] == bx[k]) {
					long e = labs((long)p.y[q] - (long)by[k]);
					if (e > worst)
						worst = e;
					break;
				}
		med_dtw_path_release(&p);
	}
	free(x);
	free(y);
	return worst;
}

int main(void)
{
	const int dim = 3;
	struct med_dtw_config cfg;
	struct med_dtw_path p;
	float *x = malloc(2000 * dim * sizeof(float)), *y = malloc(4000 * dim * sizeof(float));
	double c;

	/* Full DTW equals the naive one on random inputs of many shapes. */
	for (int trial = 0; trial < 60; trial++) {
		size_t nx = 1 + (size_t)(frand() * 40), ny = 1 + (size_t)(frand() * 40);
		for (size_t i = 0; i < nx * dim; i++)
			x[i] = frand();
		for (size_t i = 0; i < ny * dim; i++)
			y[i] = frand();
		double ref = naive_dtw(x, nx, y, ny, dim);
		CHECK(med_dtw_full(x, nx, y, ny, dim, &p) == MED_OK);
		CHECK(fabs(p.cost - ref) < 1e-3 * (1 + ref));
		CHECK(path_ok(&p, nx, ny, x, y, dim, &c) && fabs(c - p.cost) < 1e-3 * (1 + c));
		CHECK(fabs(p.norm_cost - p.cost / (double)(nx + ny)) < 1e-9);
		med_dtw_path_release(&p);
	}

	/* Multi-resolution with a tiny budget (several levels) finds the optimum on warped
	 * copies, and a valid path at most slightly worse on unrelated sequences. */
	med_dtw_config_init(&cfg);
	cfg.cell_budget = 400;
	cfg.radius = 4;
	cfg.coarse_band = 0; /* the whole coarse matrix: the band is tested below */
	for (int trial = 0; trial < 20; trial++) {
		size_t nx = 200 + (size_t)(frand() * 600), ny;
		make_walk(x, nx, dim);
		ny = make_warped(x, nx, dim, 0.05f, y);
		double ref = naive_dtw(x, nx, y, ny, dim);
		CHECK(med_dtw_multires(x, nx, y, ny, dim, &cfg, &p, NULL, NULL) == MED_OK);
		CHECK(path_ok(&p, nx, ny, x, y, dim, &c) && fabs(c - p.cost) < 1e-3 * (1 + c));
		CHECK(p.cost >= ref - 1e-3 * (1 + ref));
		CHECK(p.cost <= ref * 1.0001 + 1e-6);
		if (p.cost > ref * 1.0001 + 1e-6)
			fprintf(stderr, "warped trial %d: %zu x %zu: multires %.4f full %.4f\n",
			        trial, nx, ny, p.cost, ref);
		CHECK(p.cells < nx * ny);
		med_dtw_path_release(&p); /* the warp cost of the coarse levels leaves the optimum
		                             of a close copy */
		cfg.warp_cost = 0.1f;
		CHECK(med_dtw_multires(x, nx, y, ny, dim, &cfg, &p, NULL, NULL) == MED_OK);
		CHECK(path_ok(&p, nx, ny, x, y, dim, &c) && fabs(c - p.cost) < 1e-3 * (1 + c));
		CHECK(p.cost <= ref * 1.0001 + 1e-6);
		cfg.warp_cost = 0;
		med_dtw_path_release(&p);
	}
	for (int trial = 0; trial < 10; trial++) {
		size_t nx = 100 + (size_t)(frand() * 300), ny = 100 + (size_t)(frand() * 300);
		make_walk(x, nx, dim);
		make_walk(y, ny, dim);
		double ref = naive_dtw(x, nx, y, ny, dim);
		CHECK(med_dtw_multires(x, nx, y, ny, dim, &cfg, &p, NULL, NULL) == MED_OK);
		CHECK(path_ok(&p, nx, ny, x, y, dim, &c));
		CHECK(p.cost >= ref - 1e-3 * (1 + ref));
		CHECK(p.cost <= ref * 1.05);
		med_dtw_path_release(&p);
	}
	/* A budget that holds the whole matrix gives exactly the full DTW. */
	make_walk(x, 300, dim);
	make_walk(y, 250, dim);
	cfg.cell_budget = 300 * 250;
	CHECK(med_dtw_multires(x, 300, y, 250, dim, &cfg, &p, NULL, NULL) == MED_OK);
	CHECK(fabs(p.cost - naive_dtw(x, 300, y, 250, dim)) < 1e-3 * (1 + p.cost));
	med_dtw_path_release(&p);

	/* The coarse diagonal band finds the optimum of warped copies too. */
	cfg.coarse_band = 0.2f;
	for (int trial = 0; trial < 10; trial++) {
		size_t nx = 200 + (size_t)(frand() * 600), ny;
		make_walk(x, nx, dim);
		ny = make_warped(x, nx, dim, 0.05f, y);
		double ref = naive_dtw(x, nx, y, ny, dim);
		CHECK(med_dtw_multires(x, nx, y, ny, dim, &cfg, &p, NULL, NULL) == MED_OK);
		CHECK(path_ok(&p, nx, ny, x, y, dim, &c));
		CHECK(p.cost <= ref * 1.0001 + 1e-6);
		med_dtw_path_release(&p);
	}
	/* A diagonal band too narrow for the path is widened until the path is free. */
	{
		size_t nx = 400, ny = 0;
		make_walk(x, nx, dim);
		for (size_t i = 0; i < nx; i++) {
			int reps = i < 40 ? 8 : 1; /* the start of y is very slow */
			for (int k = 0; k < reps; k++, ny++)
				memcpy(y + ny * dim, x + i * dim, dim * sizeof(float));
		}
		cfg.coarse_band = 0.02f;
		cfg.cell_budget = 100000;
		CHECK(med_dtw_multires(x, nx, y, ny, dim, &cfg, &p, NULL, NULL) == MED_OK);
		CHECK(p.widened > 0);
		CHECK(p.cost <= naive_dtw(x, nx, y, ny, dim) * 1.0001 + 1e-6);
		med_dtw_path_release(&p);
	}

	/* Far more text than audio (two frames of audio between two pins against 60 of
	 * synthetic speech, as a real recording gave the voices' rebuild): the diagonal band's
	 * rows must still meet. (Its optimum is the band's, not the full matrix's.) */
	{
		static const size_t shapes[][2] = {{2, 60}, {3, 200}, {5, 61}, {60, 2}};
		med_dtw_config_init(&cfg);
		for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
			size_t nx = shapes[s][0], ny = shapes[s][1];
			make_walk(x, nx, dim);
			make_walk(y, ny, dim);
			CHECK(med_dtw_multires(x, nx, y, ny, dim, &cfg, &p, NULL, NULL) == MED_OK);
			CHECK(path_ok(&p, nx, ny, x, y, dim, &c));
			med_dtw_path_release(&p);
		}
	}

	/* A narrow band on a badly projected path is widened, not silently accepted: a
	 * sequence whose second half is delayed a lot. */
	{
		size_t nx = 1000, ny = 0;
		make_walk(x, nx, dim);
		for (size_t i = 0; i < nx; i++) {
			int reps = i < 500 ? 1 : (i < 520 ? 30 : 1);
			for (int k = 0; k < reps; k++, ny++)
				memcpy(y + ny * dim, x + i * dim, dim * sizeof(float));
		}
		med_dtw_config_init(&cfg);
		cfg.cell_budget = 2000;
		cfg.radius = 2;
		CHECK(med_dtw_multires(x, nx, y, ny, dim, &cfg, &p, NULL, NULL) == MED_OK);
		double ref = naive_dtw(x, nx, y, ny, dim);
		CHECK(p.cost <= ref * 1.01 + 1e-6);
		med_dtw_path_release(&p);
	}

	/* A matrix big enough to be filled by two threads gives the same optimum and a valid
	 * path (the threads split each row and hand over through atomics). */
	{
		size_t nx = 1700, ny;
		float *bx = malloc(nx * dim * sizeof(float)),
		      *by = malloc(2 * nx * dim * sizeof(float));
		make_walk(bx, nx, dim);
		ny = make_warped(bx, nx, dim, 0.3f, by);
		for (int rep = 0; rep < 3; rep++) {
			double ref = naive_dtw(bx, nx, by, ny, dim);
			CHECK(med_dtw_full(bx, nx, by, ny, dim, &p) == MED_OK);
			CHECK(p.cells == nx * ny);
			CHECK(fabs(p.cost - ref) < 1e-6 * (1 + ref));
			CHECK(path_ok(&p, nx, ny, bx, by, dim, &c) &&
			      fabs(c - p.cost) < 1e-3 * (1 + c));
			med_dtw_path_release(&p);
			make_walk(by, ny, dim); /* then unrelated sequences */
		}
		free(bx);
		free(by);
	}

	/* The bit-exact checks under each kernel of the distances (AVX2 where the processor
	 * has it, SSE2). */
	for (int k = 1; k >= 0; k--) {
		med_dtw_kernel(k);
		check_exact();
		check_edge_exact();
	}
	med_dtw_kernel(1);
	check_halves();
	check_warp_pace();

	/* Downsampling averages groups, the last one short. */
	{
		float in[5] = {1, 3, 5, 7, 9}, out[2];
		med_dtw_downsample(in, 5, 1, 3, out);
		CHECK(fabs(out[0] - 3) < 1e-6 && fabs(out[1] - 8) < 1e-6);
	}

	/* A path running along the band's low edge for a while gets the band widened there
	 * (and only there), lo and hi staying monotone; a short touch widens nothing. */
	{
		int32_t lo[40], hi[40], lo0[40], hi0[40], px[80], py[80];
		struct med_dtw_path wp = {0};
		size_t n = 0;
		for (int i = 0; i < 40; i++) {
			lo[i] = i > 3 ? i - 3 : 0;
			hi[i] = i + 3 < 49 ? i + 3 : 49;
		}
		/* On the diagonal, except rows 20-27 where it clings to lo. */
		for (int i = 0; i < 40; i++) {
			px[n] = i;
			py[n] = (i >= 20 && i < 28) ? lo[i] : i;
			n++;
		}
		py[39] = 49; /* the last step reaches the corner (hi[39] = 42 is not the edge) */
		wp.n = n;
		wp.x = px;
		wp.y = py;
		memcpy(lo0, lo, sizeof(lo));
		memcpy(hi0, hi, sizeof(hi));
		CHECK(med_dtw_widen_edge_runs(&wp, 40, 50, 6, 5, lo, hi) == 1);
		int ok_w = 1;
		for (int i = 0; i < 40; i++) {
			if (i >= 15 && i <= 32 && lo[i] != (lo0[i] > 5 ? lo0[i] - 5 : 0))
				ok_w = 0; /* rows 20-27, 5 either side: 5 cells lower */
			if (i > 32 && lo[i] != lo0[i])
				ok_w = 0;
			if (i && (lo[i] < lo[i - 1] || hi[i] < hi[i - 1]))
				ok_w = 0;
			if (hi[i] != hi0[i])
				ok_w = 0;
		}
		CHECK(ok_w);
		memcpy(lo, lo0, sizeof(lo));
		CHECK(med_dtw_widen_edge_runs(&wp, 40, 50, 9, 5, lo, hi) == 0); /* run of 8 < 9 */
		CHECK(!memcmp(lo, lo0, sizeof(lo)));
	}

	/* Prefix and suffix costs in one pass equal the naive DTW of each prefix and suffix. */
	for (int trial = 0; trial < 20; trial++) {
		size_t nx = 1 + (size_t)(frand() * 30), ny = 1 + (size_t)(frand() * 30);
		double fw[32], bw[32];
		int ok = 1;
		for (size_t i = 0; i < nx * dim; i++)
			x[i] = frand();
		for (size_t i = 0; i < ny * dim; i++)
			y[i] = frand();
		CHECK(med_dtw_edge_costs(x, nx, y, ny, dim, 0, fw) == MED_OK);
		CHECK(med_dtw_edge_costs(x, nx, y, ny, dim, 1, bw) == MED_OK);
		for (size_t i = 0; i < nx; i++) {
			double rf = naive_dtw(x, i + 1, y, ny, dim);
			double rb = naive_dtw(x + i * dim, nx - i, y, ny, dim);
			if (fabs(fw[i] - rf) > 1e-3 * (1 + rf) ||
			    fabs(bw[i] - rb) > 1e-3 * (1 + rb))
				ok = 0;
		}
		CHECK(ok);
	}
	CHECK(med_dtw_edge_costs(x, 0, y, 3, dim, 0, &c) == MED_ERR_ARG);
	CHECK(med_dtw_edge_costs(x, 3, y, 3, dim, 1, NULL) == MED_ERR_ARG);

	/* Bad arguments. */
	CHECK(med_dtw_full(NULL, 3, y, 3, dim, &p) == MED_ERR_ARG);
	CHECK(med_dtw_full(x, 0, y, 3, dim, &p) == MED_ERR_ARG);
	CHECK(med_dtw_full(x, 3, y, 3, 0, &p) == MED_ERR_ARG);
	CHECK(med_dtw_full(x, 3, y, 3, dim, NULL) == MED_ERR_ARG);
	CHECK(med_dtw_multires(x, 3, NULL, 3, dim, NULL, &p, NULL, NULL) == MED_ERR_ARG);
	{
		int32_t lo[3] = {0, 2, 1}, hi[3] = {1, 2, 2};
		CHECK(med_dtw_band(x, 3, y, 3, dim, lo, hi, &p) == MED_ERR_ARG); /* lo decreases */
		lo[1] = 3;
		lo[2] = 3;
		CHECK(med_dtw_band(x, 3, y, 3, dim, lo, hi, &p) == MED_ERR_ARG);
	}
	med_dtw_path_release(&p);
	med_dtw_path_release(NULL);
	/* One frame against many. */
	CHECK(med_dtw_full(x, 1, y, 50, dim, &p) == MED_OK && p.n == 50);
	CHECK(med_dtw_path_valid(&p, 1, 50));
	CHECK(!med_dtw_path_valid(&p, 1, 49) && !med_dtw_path_valid(&p, 2, 50));
	if (p.n > 2) {
		p.y[1] = 2; /* a step of two */
		CHECK(!med_dtw_path_valid(&p, 1, 50));
		p.y[1] = 0; /* a step of none */
		CHECK(!med_dtw_path_valid(&p, 1, 50));
	}
	med_dtw_path_release(&p);
	free(x);
	free(y);

	/* shape_dims: the coarse path by shape pairs each sound with its own, where by
	 * distance it goes a sound off (a sound lasts 150-300 frames) */
	{
		long off = shape_case(0), on = shape_case(SHAPE_DIM - 1);
		fprintf(stderr,
		        "# shape_dims: worst sound start %ld frames off without, %ld with\n", off,
		        on);
		CHECK(off > 150); /* the case is one that distances alone get wrong */
		CHECK(on >= 0 && on <= 100);
	}
	return tap_done();
}
