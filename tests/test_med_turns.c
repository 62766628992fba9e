/* test_med_turns.c: units, the turn-boundary programme on synthetic voices, cue placement. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "med_turns.h"
#include "tap.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static double urand(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return ((double)(rng_state >> 11) + 0.5) / 9007199254740992.0;
}

#define MAXU 400
#define MAXT 40

/* A synthetic interview: units with true speaker and turn, costs of a decent voice model. */
struct synth {
	struct med_turn_unit u[MAXU];
	int spk[MAXU];      /* true voice of each unit; -1: music */
	int turn[MAXU];     /* true turn, -1 none */
	size_t nu;
	float cost[MAXU * 2];
	float skip[MAXU];
	int tspk[MAXT];
	double texp[MAXT];
	size_t tfirst[MAXT], tend[MAXT];
	size_t nt;
	int64_t t_ms;
};

static void add_unit(struct synth *s, int spk, int turn, int64_t gap)
{
	struct med_turn_unit *u = &s->u[s->nu];
	int64_t dur = 400 + (int64_t)(urand() * 1100);
	s->t_ms += gap;
	u->start_ms = s->t_ms;
	u->end_ms = s->t_ms + dur;
	u->first_frame = (size_t)(u->start_ms / 10);
	u->end_frame = (size_t)(u->end_ms / 10);
	u->gap_before_ms = gap;
	s->t_ms += dur;
	s->spk[s->nu] = spk;
	s->turn[s->nu] = turn;
	double d = (double)dur / 1000.0;
	for (int k = 0; k < 2; k++) {
		double c;
		if (spk < 0)
			c = 40.0 * d; /* music fits no voice */
		else
			c = (k == spk ? 0.3 : 25.0 + 10 * urand()) * d;
		s->cost[s->nu * 2 + (size_t)k] = (float)c;
	}
	s->skip[s->nu] = (float)(10.0 * d);
	s->nu++;
}

/* n_turns alternating voices of 3..8 units; music_units first. */
static void make(struct synth *s, size_t n_turns, int music_units)
{
	memset(s, 0, sizeof(*s));
	for (int m = 0; m < music_units; m++)
		add_unit(s, -1, -1, m == 0 ? 500 : 0);
	for (size_t t = 0; t < n_turns; t++) {
		int nu = 3 + (int)(urand() * 6);
		s->tspk[t] = (int)(t % 2);
		s->tfirst[t] = s->nu;
		double sp = 0;
		for (int k = 0; k < nu; k++) {
			int64_t gap = k == 0 ? 300 + (int64_t)(urand() * 900) : 150 + (int64_t)(urand() * 450);
			add_unit(s, s->tspk[t], (int)t, s->nu == 0 ? 400 : gap);
			sp += (double)(s->u[s->nu - 1].end_ms - s->u[s->nu - 1].start_ms);
		}
		s->tend[t] = s->nu;
		s->texp[t] = sp * (0.8 + 0.45 * urand()); /* the text-length prior is rough */
	}
	s->nt = n_turns;
	s->t_ms += 800;
}

static void input(const struct synth *s, struct med_turns_input *in)
{
	memset(in, 0, sizeof(*in));
	in->units = s->u;
	in->n_units = s->nu;
	in->audio_ms = s->t_ms;
	in->n_speakers = 2;
	in->unit_cost = s->cost;
	in->skip_cost = s->skip;
	in->n_turns = s->nt;
	in->turn_speaker = s->tspk;
	in->turn_expected_ms = s->texp;
}

static void test_recover(void)
{
	struct synth *s = malloc(sizeof(*s));
	struct med_turns_input in;
	struct med_turn_span out[MAXT];
	int state[MAXU];
	unsigned char skipped[MAXU];
	double cost = 0;
	int exact = 1;
	for (int trial = 0; trial < 5; trial++) {
		make(s, 12, 0);
		input(s, &in);
		CHECK(med_turns_align(&in, NULL, out, state, skipped, &cost, NULL, NULL) == MED_OK);
		for (size_t t = 0; t < s->nt; t++)
			if (out[t].first_unit != s->tfirst[t] || out[t].end_unit != s->tend[t] ||
			    out[t].missing)
				exact = 0;
		for (size_t u = 0; u < s->nu; u++)
			if (state[u] != s->turn[u] || skipped[u])
				exact = 0;
		CHECK(cost > 0);
		/* a narrow search band (a few turns wide) finds the same alignment */
		struct med_turns_config nb;
		struct med_turn_span out2[MAXT];
		double cost2 = 0;
		med_turns_config_init(&nb);
		nb.band_min_ms = 15000;
		nb.band_frac = 0;
		CHECK(med_turns_align(&in, &nb, out2, NULL, NULL, &cost2, NULL, NULL) == MED_OK);
		CHECK(fabs(cost2 - cost) < 1e-6 * cost);
		for (size_t t = 0; t < s->nt; t++)
			CHECK(out2[t].first_unit == out[t].first_unit && out2[t].end_unit == out[t].end_unit);
		/* a band too narrow for the audio still gives an answer */
		nb.band_min_ms = 1;
		CHECK(med_turns_align(&in, &nb, out2, NULL, NULL, &cost2, NULL, NULL) == MED_OK);
		for (size_t t = 0; t < s->nt; t++) {
			CHECK(out[t].margin_start > 1.0 && out[t].margin_end > 1.0);
			CHECK(out[t].start_ms == s->u[s->tfirst[t]].start_ms);
			CHECK(out[t].end_ms == s->u[s->tend[t] - 1].end_ms);
		}
	}
	CHECK(exact);
	free(s);
}

/* Without voices, boundaries come from the text-length prior and the pauses alone: with
 * exact expectations and long pauses between turns they are still found. */
static void test_no_speakers(void)
{
	struct synth *s = malloc(sizeof(*s));
	struct med_turns_input in;
	struct med_turn_span out[MAXT];
	make(s, 8, 0);
	for (size_t t = 0; t < s->nt; t++) {
		double sp = 0;
		for (size_t u = s->tfirst[t]; u < s->tend[t]; u++)
			sp += (double)(s->u[u].end_ms - s->u[u].start_ms);
		s->texp[t] = sp;
		s->u[s->tfirst[t]].gap_before_ms += 1500; /* times need not move for this test */
	}
	input(s, &in);
	in.n_speakers = 0;
	in.unit_cost = NULL;
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_OK);
	size_t ok = 0;
	for (size_t t = 0; t < s->nt; t++)
		ok += out[t].first_unit == s->tfirst[t] && out[t].end_unit == s->tend[t];
	CHECK(ok == s->nt);
	free(s);
}

/* Intro music: the units that fit no voice are left without text, the turns stay put. */
static void test_music(void)
{
	struct synth *s = malloc(sizeof(*s));
	struct med_turns_input in;
	struct med_turn_span out[MAXT];
	int state[MAXU];
	unsigned char skipped[MAXU];
	make(s, 6, 10);
	input(s, &in);
	CHECK(med_turns_align(&in, NULL, out, state, skipped, NULL, NULL, NULL) == MED_OK);
	for (int u = 0; u < 10; u++)
		CHECK(skipped[u] && state[u] == -1);
	for (size_t t = 0; t < s->nt; t++)
		CHECK(out[t].first_unit == s->tfirst[t] && out[t].end_unit == s->tend[t]);
	free(s);
}

/* A turn the audio lacks: the transcript has turns 0..5 but the audio skips turn 2 (voice
 * 0), so turns 1 and 3 (voice 1) run together. Turn 2 comes out missing. */
static void test_missing(void)
{
	struct synth *s = malloc(sizeof(*s));
	struct med_turns_input in;
	struct med_turn_span out[MAXT];
	make(s, 5, 0);
	/* transcript: real turns 0,1 then an invented voice-0 turn, then real 2,3,4 shifted:
	 * make the real turn 2 voice 1 so that it joins turn 1 */
	int tsp[6] = {0, 1, 0, 1, 0, 1};
	double tex[6];
	for (size_t u = s->tfirst[2]; u < s->nu; u++)
		for (int k = 0; k < 2; k++) {
			double d = (double)(s->u[u].end_ms - s->u[u].start_ms) / 1000.0;
			int v = 1 - s->spk[u];
			s->cost[u * 2 + (size_t)k] = (float)((k == v ? 0.3 : 40.0) * d);
		}
	tex[0] = s->texp[0];
	tex[1] = s->texp[1];
	tex[2] = 6000;
	tex[3] = s->texp[2];
	tex[4] = s->texp[3];
	tex[5] = s->texp[4];
	input(s, &in);
	in.n_turns = 6;
	in.turn_speaker = tsp;
	in.turn_expected_ms = tex;
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_OK);
	CHECK(out[2].missing);
	CHECK(!out[0].missing && !out[1].missing && !out[3].missing && !out[4].missing);
	CHECK(out[0].end_unit == s->tend[0]);
	CHECK(out[1].first_unit == s->tfirst[1]);
	CHECK(out[4].first_unit == s->tfirst[3] && out[4].end_unit == s->tend[3]);
	CHECK(out[5].first_unit == s->tfirst[4] && out[5].end_unit == s->nu);
	CHECK(out[2].start_ms == out[2].end_ms);
	CHECK(out[2].start_ms >= out[1].end_ms && out[2].end_ms <= out[3].start_ms);
	free(s);
}

/* An interjection of the other voice inside a turn the transcript merged. */
static void test_interjection(void)
{
	struct synth *s = malloc(sizeof(*s));
	struct med_turns_input in;
	struct med_turn_span out[MAXT];
	unsigned char skipped[MAXU];
	/* a voice-1 turn of 5 units or more: its middle unit is spoken by voice 0 */
	size_t tt = 0;
	do {
		make(s, 6, 0);
		for (tt = 1; tt < s->nt; tt += 2)
			if (s->tend[tt] - s->tfirst[tt] >= 5)
				break;
	} while (tt >= s->nt);
	size_t ui = s->tfirst[tt] + (s->tend[tt] - s->tfirst[tt]) / 2;
	double d = (double)(s->u[ui].end_ms - s->u[ui].start_ms) / 1000.0;
	s->cost[ui * 2] = (float)(0.3 * d);
	s->cost[ui * 2 + 1] = (float)(30.0 * d);
	input(s, &in);
	CHECK(med_turns_align(&in, NULL, out, NULL, skipped, NULL, NULL, NULL) == MED_OK);
	CHECK(skipped[ui]);
	for (size_t t = 0; t < s->nt; t++)
		CHECK(out[t].first_unit == s->tfirst[t] && out[t].end_unit == s->tend[t]);
	size_t n_skip = 0;
	for (size_t u = 0; u < s->nu; u++)
		n_skip += skipped[u];
	CHECK(n_skip == 1);
	free(s);
}

static void test_units(void)
{
	unsigned char sp[1000];
	float e[1000];
	struct med_turn_unit *u = NULL;
	size_t n = 0;
	memset(sp, 0, sizeof(sp));
	for (int i = 0; i < 1000; i++)
		e[i] = -60;
	/* 100..150 speech, 200..600 speech with a dip at 420, 700..1000 speech to the end */
	for (int i = 100; i < 150; i++)
		sp[i] = 1;
	for (int i = 200; i < 600; i++) {
		sp[i] = 1;
		e[i] = i >= 415 && i < 425 ? -40 : -20;
	}
	for (int i = 700; i < 1000; i++)
		sp[i] = 1, e[i] = -20;
	struct med_turns_config c;
	med_turns_config_init(&c);
	c.max_unit_ms = 3000;
	c.min_unit_ms = 500;
	CHECK(med_turns_units(sp, e, 1000, 10, &c, &u, &n) == MED_OK);
	CHECK(n == 4);
	if (n == 4) {
		CHECK(u[0].start_ms == 1000 && u[0].end_ms == 1500 && u[0].gap_before_ms == 1000);
		CHECK(u[1].start_ms == 2000 && u[1].gap_before_ms == 500);
		CHECK(u[1].end_ms >= 4100 && u[1].end_ms <= 4250); /* split at the dip */
		CHECK(u[2].start_ms == u[1].end_ms && u[2].gap_before_ms == 0 && u[2].end_ms == 6000);
		CHECK(u[3].end_ms == 10000 && u[3].end_frame == 1000);
	}
	free(u);
	/* every unit within the limit, covering the speech */
	c.max_unit_ms = 1000;
	CHECK(med_turns_units(sp, NULL, 1000, 10, &c, &u, &n) == MED_OK);
	size_t covered = 0;
	int ok = 1;
	for (size_t i = 0; i < n; i++) {
		covered += u[i].end_frame - u[i].first_frame;
		ok &= u[i].end_ms - u[i].start_ms <= 1000 && u[i].end_frame > u[i].first_frame;
	}
	CHECK(ok && covered == 50 + 400 + 300);
	free(u);
	/* silence, negative */
	memset(sp, 0, sizeof(sp));
	CHECK(med_turns_units(sp, e, 1000, 10, NULL, &u, &n) == MED_OK && n == 0 && u == NULL);
	CHECK(med_turns_units(NULL, e, 10, 10, NULL, &u, &n) == MED_ERR_ARG);
	CHECK(med_turns_units(sp, e, 10, 0, NULL, &u, &n) == MED_ERR_ARG);
	CHECK(med_turns_units(sp, e, 10, 10, NULL, NULL, &n) == MED_ERR_ARG);
	CHECK(med_turns_units(NULL, NULL, 0, 10, NULL, &u, &n) == MED_OK && n == 0);
}

static void test_place(void)
{
	/* units of 1 s with pauses of 400 ms between units 2|3 and 5|6, none elsewhere */
	struct med_turn_unit u[8];
	int64_t t = 0;
	for (int i = 0; i < 8; i++) {
		int64_t gap = (i == 3 || i == 6) ? 400 : (i == 0 ? 0 : 100);
		t += gap;
		u[i].start_ms = t;
		u[i].end_ms = t + 1000;
		u[i].gap_before_ms = gap;
		u[i].first_frame = (size_t)(t / 10);
		u[i].end_frame = (size_t)((t + 1000) / 10);
		t += 1000;
	}
	double w[3] = {3, 3, 2};
	int64_t s[3], e[3];
	CHECK(med_turns_place_cues(u, 0, 8, w, 3, 0, 1500, 300, s, e) == MED_OK);
	CHECK(s[0] == u[0].start_ms && e[2] == u[7].end_ms);
	/* snapped into the first pause and the second, contiguous */
	CHECK(e[0] == s[1] && s[1] == u[3].start_ms - 200);
	CHECK(e[1] == s[2] && s[2] == u[6].start_ms - 200);
	/* no pause near: proportional, contiguous */
	CHECK(med_turns_place_cues(u, 0, 8, w, 3, 0, 100, 300, s, e) == MED_OK);
	CHECK(e[0] == s[1] && e[1] == s[2] && s[0] < s[1] && s[1] < s[2]);
	/* many cues, tiny weights: ordered and inside */
	double w2[10] = {1, 0, 0, 5, 1, 1, 1, 0.1, 3, 1};
	int64_t s2[10], e2[10];
	CHECK(med_turns_place_cues(u, 1, 7, w2, 10, 0, 1500, 300, s2, e2) == MED_OK);
	int ok = 1;
	for (int i = 0; i < 10; i++) {
		ok &= s2[i] <= e2[i] && s2[i] >= u[1].start_ms && e2[i] <= u[6].end_ms;
		if (i > 0)
			ok &= s2[i] >= e2[i - 1];
	}
	CHECK(ok);
	/* missing turn: all at the point */
	CHECK(med_turns_place_cues(u, 4, 4, w, 3, 777, 1500, 300, s, e) == MED_OK);
	CHECK(s[0] == 777 && e[2] == 777 && s[1] == 777);
	CHECK(med_turns_place_cues(u, 0, 8, NULL, 3, 0, 1500, 300, s, e) == MED_ERR_ARG);
	CHECK(med_turns_place_cues(u, 5, 4, w, 3, 0, 1500, 300, s, e) == MED_ERR_ARG);
	CHECK(med_turns_place_cues(u, 0, 8, w, 0, 0, 1500, 300, NULL, NULL) == MED_OK);
}

/* ---- reference: every alignment of a tiny problem, costed from the header's formulas */

static const struct med_turns_input *ref_in;
static const struct med_turns_config *ref_c;

static double ref_unit(size_t u, int k)
{
	return ref_in->unit_cost[u * (size_t)ref_in->n_speakers + (size_t)k];
}

static double ref_turn(size_t i, size_t a, size_t b)
{
	const struct med_turns_input *in = ref_in;
	const struct med_turns_config *c = ref_c;
	int k = in->turn_speaker[i];
	double e = in->turn_expected_ms[i], dur = 0;
	for (size_t u = a; u < b; u++)
		dur += (double)(in->units[u].end_ms - in->units[u].start_ms);
	double sig = c->sigma * (1.0 + sqrt(c->sigma_short_s / (e / 1000.0)));
	double l = log(dur / e);
	double cost = c->w_duration * l * l / (2 * sig * sig);
	for (size_t u = a; u < b; u++) {
		double v = ref_unit(u, k), sk = c->inside_skip * in->skip_cost[u];
		cost += (u == a || u + 1 == b || v < sk) ? v : sk;
	}
	double gs = a == 0 ? 1e9 : (double)in->units[a].gap_before_ms;
	double ge = b < in->n_units ? (double)in->units[b].gap_before_ms
				    : (double)(in->audio_ms - in->units[b - 1].end_ms);
	cost += c->w_boundary * exp(-gs / c->gap_scale_ms);
	cost += c->w_boundary * exp(-ge / c->gap_scale_ms);
	return cost;
}

/* Cheapest cost of turns i.. on units pos.., trying every choice; found: some turn before
 * i was found (skips before the first found turn and after the last cost edge_skip). */
static double ref_best(size_t i, size_t pos, int found)
{
	const struct med_turns_input *in = ref_in;
	size_t U = in->n_units;
	if (i == in->n_turns) {
		double s = pos < U ? ref_c->edge_fixed : 0;
		for (size_t u = pos; u < U; u++)
			s += in->skip_cost[u] * ref_c->edge_skip;
		return s;
	}
	double best = ref_c->missing_cost + ref_best(i + 1, pos, found);
	double lead = 0; /* units skipped before the turn */
	for (size_t a = pos; a < U; a++) {
		for (size_t b = a + 1; b <= U; b++) {
			double sp = 0;
			for (size_t u = a; u < b; u++)
				sp += (double)(in->units[u].end_ms - in->units[u].start_ms);
			if (sp > in->turn_expected_ms[i] * ref_c->max_ratio + ref_c->max_extra_ms)
				break;
			double v = lead + (!found && a > 0 ? ref_c->edge_fixed : 0) + ref_turn(i, a, b) +
				   ref_best(i + 1, b, 1);
			if (v < best)
				best = v;
		}
		lead += in->skip_cost[a] * (found ? 1.0 : ref_c->edge_skip);
	}
	return best;
}

static void test_reference(void)
{
	struct med_turns_config c;
	struct med_turn_unit u[7];
	float cost[14], skip[7];
	int tsp[3] = {0, 1, 0};
	double tex[3];
	struct med_turn_span out[3];
	int worst_ok = 1;
	med_turns_config_init(&c);
	for (int trial = 0; trial < 80; trial++) {
		c.edge_fixed = trial % 2 ? 7.5 : 0.0;
		int64_t t = 0;
		for (int k = 0; k < 7; k++) {
			int64_t gap = (int64_t)(urand() * 800), dur = 200 + (int64_t)(urand() * 1500);
			t += gap;
			u[k].start_ms = t;
			u[k].end_ms = t + dur;
			u[k].gap_before_ms = gap;
			u[k].first_frame = (size_t)(t / 10);
			u[k].end_frame = (size_t)((t + dur) / 10);
			t += dur;
			/* random costs, some units fitting no voice, some both */
			cost[k * 2] = (float)(urand() * 30);
			cost[k * 2 + 1] = (float)(urand() * 30);
			skip[k] = (float)(urand() * 25);
		}
		for (int i = 0; i < 3; i++)
			tex[i] = 500 + urand() * 4000;
		struct med_turns_input in = {.units = u,
					     .n_units = 7,
					     .audio_ms = t + (int64_t)(urand() * 600),
					     .n_speakers = 2,
					     .unit_cost = cost,
					     .skip_cost = skip,
					     .n_turns = 3,
					     .turn_speaker = tsp,
					     .turn_expected_ms = tex};
		double got = -1;
		ref_in = &in;
		ref_c = &c;
		if (med_turns_align(&in, &c, out, NULL, NULL, &got, NULL, NULL) != MED_OK) {
			worst_ok = 0;
			continue;
		}
		double want = ref_best(0, 0, 0);
		if (fabs(got - want) > 1e-6 * (1 + want)) {
			fprintf(stderr, "trial %d: programme %.6f, reference %.6f\n", trial, got, want);
			worst_ok = 0;
		}
		/* the spans it returns cost what it says */
		double again = 0;
		size_t pos = 0;
		int any = 0;
		for (size_t i = 0; i < 3; i++) {
			if (out[i].missing) {
				again += c.missing_cost;
				continue;
			}
			for (size_t q = pos; q < out[i].first_unit; q++)
				again += skip[q] * (any ? 1.0 : c.edge_skip);
			if (!any && out[i].first_unit > 0)
				again += c.edge_fixed;
			any = 1;
			again += ref_turn(i, out[i].first_unit, out[i].end_unit);
			pos = out[i].end_unit;
		}
		for (size_t q = pos; q < 7; q++)
			again += skip[q] * c.edge_skip;
		if (pos < 7)
			again += c.edge_fixed;
		if (fabs(again - got) > 1e-6 * (1 + got)) {
			fprintf(stderr, "trial %d: spans cost %.6f, reported %.6f\n", trial, again, got);
			worst_ok = 0;
		}
	}
	CHECK(worst_ok);
}

static int cancel_cb(void *user, const char *stage, double f)
{
	(void)stage;
	(void)f;
	++*(int *)user;
	return 1;
}

static void test_negative(void)
{
	struct synth *s = malloc(sizeof(*s));
	struct med_turns_input in;
	struct med_turn_span out[MAXT];
	make(s, 4, 0);
	input(s, &in);
	CHECK(med_turns_align(NULL, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_ERR_ARG);
	CHECK(med_turns_align(&in, NULL, NULL, NULL, NULL, NULL, NULL, NULL) == MED_ERR_ARG);
	in.n_turns = 0;
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_ERR_EMPTY);
	input(s, &in);
	s->texp[1] = 0;
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_ERR_ARG);
	s->texp[1] = 1000;
	s->tspk[2] = 2;
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_ERR_ARG);
	s->tspk[2] = -1; /* any voice is fine */
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_OK);
	in.skip_cost = NULL;
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_ERR_ARG);
	input(s, &in);
	int calls = 0;
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, cancel_cb, &calls) ==
	      MED_ERR_CANCELLED);
	CHECK(calls == 1);
	/* no audio at all: every turn is missing, and that is an answer */
	in.n_units = 0;
	in.units = NULL;
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_OK);
	CHECK(out[0].missing && out[3].missing);
	/* far more text than audio: turns squeeze or go missing, no crash */
	input(s, &in);
	for (size_t t = 0; t < s->nt; t++)
		s->texp[t] = 1e7;
	CHECK(med_turns_align(&in, NULL, out, NULL, NULL, NULL, NULL, NULL) == MED_OK);
	free(s);
}

int main(void)
{
	test_recover();
	test_no_speakers();
	test_music();
	test_missing();
	test_interjection();
	test_units();
	test_place();
	test_negative();
	test_reference();
	return tap_done();
}
