/* test_med_missing.c: the turn the audio leaves out, told from the neighbour the DTW passed
 * over instead. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "med_missing.h"
#define MED_TEST_SEED 77u
#include "med_test_util.h"
#include "tap.h"

#define NT 8     /* turns */
#define DIM 8    /* values per frame */
#define PAUSE 30 /* frames of pause before each turn */
#define MAXF 20000

/* Each turn is a run of "phones" (a random spectrum each, held for some frames), spoken by
 * the synthetic voice at its own pace; the audio says the same phones at another pace, less
 * the turn `missing`. */
struct scene {
	float *xa, *ys;
	size_t na, ns;
	int64_t a_start[NT + 1]; /* audio frame where each turn's pause begins (-1: missing) */
	int64_t a_end[NT];       /* ... and where its speech ends */
	unsigned char turn_start[NT];
	struct med_synth_result synth;
};

static void put(float *seq, size_t *n, const float *mean, float noise)
{
	for (int k = 0; k < DIM; k++)
		seq[*n * DIM + (size_t)k] = mean[k] + noise * gauss();
	(*n)++;
}

static void scene_make(struct scene *s, int missing)
{
	static const int phones[NT] = {60, 45, 70, 50, 40, 65, 55, 50};
	float silence[DIM] = {0};
	memset(s, 0, sizeof(*s));
	s->xa = malloc(MAXF * DIM * sizeof(float));
	s->ys = malloc(MAXF * DIM * sizeof(float));
	s->synth.n_frags = NT;
	s->synth.frag_frame = malloc((NT + 1) * sizeof(int64_t));
	s->synth.speech_first = malloc(NT * sizeof(int64_t));
	s->synth.speech_last = malloc(NT * sizeof(int64_t));
	for (int k = 0; k < DIM; k++)
		silence[k] = -3.0f;
	for (int t = 0; t < NT; t++) {
		s->turn_start[t] = 1;
		s->synth.frag_frame[t] = (int64_t)s->ns;
		s->a_start[t] = t == missing ? -1 : (int64_t)s->na;
		for (int q = 0; q < PAUSE; q++) {
			put(s->ys, &s->ns, silence, 0.3f);
			if (t != missing)
				put(s->xa, &s->na, silence, 0.3f);
		}
		s->synth.speech_first[t] = (int64_t)s->ns;
		for (int p = 0; p < phones[t]; p++) {
			float mean[DIM];
			int da = 5 + (int)(frand() * 10), ds = 4 + (int)(frand() * 6);
			for (int k = 0; k < DIM; k++)
				mean[k] = 2.0f * gauss();
			for (int q = 0; q < ds; q++)
				put(s->ys, &s->ns, mean, 0.6f);
			for (int q = 0; q < da && t != missing; q++)
				put(s->xa, &s->na, mean, 0.6f);
		}
		s->synth.speech_last[t] = (int64_t)s->ns - 1;
		s->a_end[t] = t == missing ? -1 : (int64_t)s->na;
	}
	for (int q = 0; q < PAUSE; q++) {
		put(s->ys, &s->ns, silence, 0.3f);
		put(s->xa, &s->na, silence, 0.3f);
	}
	s->synth.frag_frame[NT] = (int64_t)s->ns;
	s->a_start[NT] = (int64_t)s->na;
}

static void scene_free(struct scene *s)
{
	free(s->xa);
	free(s->ys);
	free(s->synth.frag_frame);
	free(s->synth.speech_first);
	free(s->synth.speech_last);
}

/* The path a DTW takes when it passes over turn `held` (its text held on the audio frame
 * where the next turn starts) and lays the turns around it over the audio in order. */
static void path_passing_over(const struct scene *s, int missing, int held,
                              struct med_dtw_path *p)
{
	int64_t px[3 * NT + 4], py[3 * NT + 4];
	int m = 0, at = 0; /* at: the audio turn the next text turn is laid on */
	px[m] = 0;
	py[m++] = 0;
	for (int t = 0; t < NT; t++) {
		if (at == missing)
			at++;
		if (t == held) {
			int64_t a = s->a_start[at];
			if (a > px[m - 1]) {
				px[m] = a;
				py[m++] = s->synth.frag_frame[t];
			}
			px[m] = a;
			py[m++] = s->synth.frag_frame[t + 1];
			continue;
		}
		if (s->a_start[at] + PAUSE > px[m - 1]) {
			px[m] = s->a_start[at] + PAUSE;
			py[m++] = s->synth.speech_first[t];
		}
		px[m] = s->a_start[at + 1 == missing ? at + 2 : at + 1] - 1;
		py[m++] = s->synth.frag_frame[t + 1] - 1;
		at++;
	}
	px[m - 1] = (int64_t)s->na - 1;
	py[m - 1] = (int64_t)s->ns - 1;
	path_through(px, py, m, p);
}

/* Audio frames the path spends on synthetic frames [j0, j1). */
static int64_t audio_span(const struct med_dtw_path *p, int64_t j0, int64_t j1)
{
	int64_t first = -1, last = -1;
	for (size_t k = 0; k < p->n; k++)
		if (p->y[k] >= j0 && p->y[k] < j1) {
			if (first < 0)
				first = p->x[k];
			last = p->x[k];
		}
	return first < 0 ? 0 : last - first;
}

static void input_of(const struct scene *s, struct med_missing_input *in,
                     struct med_dtw_config *dc)
{
	med_dtw_config_init(dc);
	memset(in, 0, sizeof(*in));
	in->synth = &s->synth;
	in->xa = s->xa;
	in->ys = s->ys;
	in->na = s->na;
	in->ns = s->ns;
	in->dim = DIM;
	in->hop_ms = 10;
	in->turn_start = s->turn_start;
	in->dtw = dc;
	in->squeeze = 0.25f;
}

/* The audio lacks turn `missing`; the path passes over `held` instead (or the right one). */
static void check_case(int missing, int held)
{
	struct scene s;
	struct med_missing_input in;
	struct med_dtw_config dc;
	struct med_dtw_path p;
	int moved = -1;

	scene_make(&s, missing);
	input_of(&s, &in, &dc);
	path_passing_over(&s, missing, held, &p);
	CHECK(med_dtw_path_valid(&p, s.na, s.ns));
	CHECK(audio_span(&p, s.synth.speech_first[held], s.synth.speech_last[held] + 1) <= 1);
	CHECK(med_missing_check(&in, &p, &moved) == MED_OK);
	CHECK(moved == (held != missing));
	CHECK(med_dtw_path_valid(&p, s.na, s.ns));
	/* the missing turn's text is held on one frame; every other turn starts within a
	 * pause of its audio and gets about its length of it */
	CHECK(audio_span(&p, s.synth.speech_first[missing], s.synth.speech_last[missing] + 1) <=
	      1);
	for (int t = 0; t < NT; t++) {
		int64_t a;
		if (t == missing)
			continue;
		a = at_synth(&p, s.synth.speech_first[t]);
		CHECK(llabs(a - (s.a_start[t] + PAUSE)) <= PAUSE / 2);
		if (llabs(a - (s.a_start[t] + PAUSE)) > PAUSE / 2)
			fprintf(stderr, "missing %d held %d: turn %d starts at %lld, not %lld\n",
			        missing, held, t, (long long)a, (long long)(s.a_start[t] + PAUSE));
	}
	med_dtw_path_release(&p);
	scene_free(&s);
}

static void test_without_turns(void)
{
	struct scene s;
	struct med_missing_input in;
	struct med_dtw_config dc;
	struct med_dtw_path p;
	int moved = -1;

	scene_make(&s, 3);
	input_of(&s, &in, &dc);
	in.turn_start = NULL;
	path_passing_over(&s, 3, 4, &p);
	CHECK(med_missing_check(&in, &p, &moved) == MED_OK);
	CHECK(moved == 0);
	CHECK(audio_span(&p, s.synth.speech_first[4], s.synth.speech_last[4] + 1) <= 1);
	med_dtw_path_release(&p);
	scene_free(&s);
}

int main(void)
{
	check_case(3, 4); /* the next turn passed over instead */
	check_case(3, 2); /* the one before */
	check_case(4, 3);
	check_case(3, 3); /* the right one: left alone */
	check_case(0, 1); /* the first turn missing */
	check_case(7, 6); /* the last */
	test_without_turns();
	return tap_done();
}
