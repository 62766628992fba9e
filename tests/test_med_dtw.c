/* test_med_dtw.c: the fast DTWs against a naive full DTW kept here as the reference. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "med_dtw.h"
#include "tap.h"

static uint32_t rng = 12345u;
static float frand(void)
{
	rng = rng * 1664525u + 1013904223u;
	return (float)(rng >> 8) / 16777216.0f;
}

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

	/* Downsampling averages groups, the last one short. */
	{
		float in[5] = {1, 3, 5, 7, 9}, out[2];
		med_dtw_downsample(in, 5, 1, 3, out);
		CHECK(fabs(out[0] - 3) < 1e-6 && fabs(out[1] - 8) < 1e-6);
	}

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
	med_dtw_path_release(&p);
	free(x);
	free(y);
	return tap_done();
}
