/* test_pl_edit.c: timing edits, clamping, undo/redo, and a seeded random-edit loop. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl_edit.h"
#include "sub_model.h"
#include "tap.h"

/* n_turns turns of cues_per_turn cues: cue k spans [k*1000+100, k*1000+900]. */
static struct sub_project *make_project(size_t n_turns, size_t cues_per_turn)
{
	struct sub_project *p = sub_project_new();
	if (!p)
		return NULL;
	sub_project_add_lang(p, "zh");
	sub_project_add_lang(p, "en");
	sub_project_speaker(p, 1, "Host");
	sub_project_speaker(p, 1, "Guest");
	p->timed = 1;
	p->audio_lang = 1;
	size_t k = 0;
	for (size_t i = 0; i < n_turns; i++) {
		struct sub_turn *t = sub_project_add_turn(p);
		t->speaker = (int)(i % 2);
		t->chapter = -1;
		char zh[256] = "", en[256] = "";
		for (size_t j = 0; j < cues_per_turn; j++, k++) {
			struct sub_cue *c = sub_turn_add_cue(t);
			char a[32], b[32];
			snprintf(a, sizeof(a), "句%zu", k);
			snprintf(b, sizeof(b), "Line %zu.", k);
			sub_set_str(&c->text[0], a);
			sub_set_str(&c->text[1], b);
			c->start_ms = (int64_t)k * 1000 + 100;
			c->end_ms = (int64_t)k * 1000 + 900;
			c->confidence = 1.0f;
			strcat(zh, a);
			if (j)
				strcat(en, " ");
			strcat(en, b);
		}
		sub_set_str(&t->text[0], zh);
		sub_set_str(&t->text[1], en);
		t->start_ms = t->cues[0].start_ms - 50;
		t->end_ms = t->cues[t->n_cues - 1].end_ms + 50;
	}
	return p;
}

/* Nonzero when every turn and cue time of a and b agree. */
static int same_times(const struct sub_project *a, const struct sub_project *b)
{
	if (a->n_turns != b->n_turns)
		return 0;
	for (size_t i = 0; i < a->n_turns; i++) {
		const struct sub_turn *x = &a->turns[i], *y = &b->turns[i];
		if (x->start_ms != y->start_ms || x->end_ms != y->end_ms || x->n_cues != y->n_cues)
			return 0;
		for (size_t j = 0; j < x->n_cues; j++)
			if (x->cues[j].start_ms != y->cues[j].start_ms ||
			    x->cues[j].end_ms != y->cues[j].end_ms)
				return 0;
	}
	return 1;
}

static int valid(const struct sub_project *p)
{
	struct sub_error err;
	memset(&err, 0, sizeof(err));
	int rc = sub_project_validate(p, &err);
	if (rc != SUB_OK)
		fprintf(stderr, "invalid: %s\n", err.msg);
	return rc == SUB_OK;
}

static void test_basic(void)
{
	struct sub_project *p = make_project(3, 3);
	CHECK(p && valid(p));
	struct sub_project *orig = sub_project_dup(p);
	struct pl_history *h = pl_history_new(p);
	CHECK(h != NULL);
	CHECK(!pl_history_dirty(h));
	struct pl_edit_result r;

	/* Cue 4 is turn 1's middle cue: [4100, 4900]. */
	struct pl_op op = {PL_OP_SET_START, 4, 4050};
	CHECK(pl_history_apply(h, &op, &r) == SUB_OK);
	CHECK(r.before_ms == 4100 && r.after_ms == 4050);
	CHECK(pl_cue_get(p, 4, NULL)->start_ms == 4050);
	CHECK(pl_history_dirty(h));

	/* Clamped at the previous cue's end (3900). */
	op = (struct pl_op){PL_OP_SET_START, 4, 1000};
	CHECK(pl_history_apply(h, &op, &r) == SUB_OK);
	CHECK(r.after_ms == 3900);
	/* A start cannot pass the cue's end. */
	op = (struct pl_op){PL_OP_SET_START, 4, 99999};
	CHECK(pl_history_apply(h, &op, &r) == SUB_OK);
	CHECK(r.after_ms == 4900 && valid(p));
	/* An end cannot go before the start: clamped to a zero-length cue, still valid. */
	op = (struct pl_op){PL_OP_SET_END, 4, 0};
	CHECK(pl_history_apply(h, &op, &r) == PL_EDIT_NOOP);
	CHECK(valid(p));

	/* Last cue of turn 1 (cue 5, [5100,5900], turn ends 5950): extend past the turn. */
	op = (struct pl_op){PL_OP_SET_END, 5, 6080};
	CHECK(pl_history_apply(h, &op, &r) == SUB_OK);
	CHECK(p->turns[1].end_ms == 6080 && valid(p));
	/* Clamped at the next cue's start (6100). */
	op = (struct pl_op){PL_OP_SET_END, 5, 7000};
	CHECK(pl_history_apply(h, &op, &r) == SUB_OK);
	CHECK(r.after_ms == 6100 && p->turns[1].end_ms == 6100 && valid(p));
	/* First cue of turn 2 (cue 6) moved before its turn: the turn follows. */
	op = (struct pl_op){PL_OP_SET_START, 6, 6100};
	CHECK(pl_history_apply(h, &op, &r) == PL_EDIT_NOOP || r.after_ms == 6100);
	CHECK(p->turns[2].start_ms <= pl_cue_get(p, 6, NULL)->start_ms && valid(p));

	/* Shift from cue 3 by +250: every later time moves. */
	op = (struct pl_op){PL_OP_SHIFT_FROM, 3, 250};
	int64_t last_end = p->turns[2].cues[2].end_ms;
	CHECK(pl_history_apply(h, &op, &r) == SUB_OK);
	CHECK(p->turns[2].cues[2].end_ms == last_end + 250);
	CHECK(p->turns[0].cues[2].end_ms == 2900 && valid(p));
	/* Shift back by a huge amount: clamped at the previous cue's end. */
	op = (struct pl_op){PL_OP_SHIFT_FROM, 3, -100000};
	CHECK(pl_history_apply(h, &op, &r) == SUB_OK);
	CHECK(pl_cue_get(p, 3, NULL)->start_ms >= 2900 && valid(p));

	/* Bad arguments. */
	op = (struct pl_op){PL_OP_SET_START, 999, 0};
	CHECK(pl_history_apply(h, &op, &r) == SUB_ERR_ARG);
	op = (struct pl_op){77, 1, 0};
	CHECK(pl_history_apply(h, &op, &r) == SUB_ERR_ARG);
	CHECK(pl_history_apply(NULL, &op, &r) == SUB_ERR_ARG);

	/* Undo everything: the exact original; redo everything; undo past the start. */
	size_t n = pl_history_undo_count(h);
	CHECK(n == 7);
	struct sub_project *after = sub_project_dup(p);
	while (pl_history_undo(h, NULL, NULL) == SUB_OK)
		;
	CHECK(same_times(p, orig));
	CHECK(!pl_history_dirty(h));
	CHECK(pl_history_redo_count(h) == n);
	while (pl_history_redo(h, NULL, NULL) == SUB_OK)
		;
	CHECK(same_times(p, after));
	CHECK(pl_history_undo(h, &op, &r) == SUB_OK && op.kind == PL_OP_SHIFT_FROM);

	/* A new edit after an undo drops the redo stack. */
	op = (struct pl_op){PL_OP_SET_END, 0, 850};
	CHECK(pl_history_apply(h, &op, &r) == SUB_OK);
	CHECK(pl_history_redo_count(h) == 0);
	CHECK(pl_history_redo(h, NULL, NULL) == PL_EDIT_NOOP);
	pl_history_mark_saved(h);
	CHECK(!pl_history_dirty(h));
	pl_history_undo(h, NULL, NULL);
	CHECK(pl_history_dirty(h));
	pl_history_redo(h, NULL, NULL);
	CHECK(!pl_history_dirty(h));

	/* A no-op after an undo keeps the redo stack. */
	pl_history_undo(h, NULL, NULL);
	op = (struct pl_op){PL_OP_SET_END, 0, pl_cue_get(p, 0, NULL)->end_ms};
	CHECK(pl_history_apply(h, &op, &r) == PL_EDIT_NOOP);
	CHECK(pl_history_redo_count(h) == 1);

	CHECK(pl_cue_at_time(p, 150) == 0);
	CHECK(pl_cue_at_time(p, 950) == -1);
	CHECK(pl_cue_before_time(p, 950) == 0);
	CHECK(pl_cue_before_time(p, 10) == -1);

	sub_project_free(after);
	pl_history_free(h);
	sub_project_free(orig);
	sub_project_free(p);
	pl_history_free(NULL);
	CHECK(pl_history_new(NULL) == NULL);
}

static void test_parse(void)
{
	struct pl_op op, back;
	char buf[64];
	const struct pl_op ops[] = {
	        {PL_OP_SET_START, 12, 10450}, {PL_OP_SET_END, 0, 0}, {PL_OP_SHIFT_FROM, 7, -200}};
	for (size_t i = 0; i < 3; i++) {
		pl_op_format(&ops[i], buf, sizeof(buf));
		CHECK(pl_op_parse(buf, &back) == SUB_OK);
		CHECK(back.kind == ops[i].kind && back.cue == ops[i].cue &&
		      back.value_ms == ops[i].value_ms);
	}
	pl_op_format(&ops[0], buf, sizeof(buf));
	CHECK(!strcmp(buf, "start 12 10450"));
	CHECK(pl_op_parse("start 12 10450\n", &op) == SUB_OK);
	CHECK(pl_op_parse("", &op) == SUB_ERR_PARSE);
	CHECK(pl_op_parse("move 1 2", &op) == SUB_ERR_PARSE);
	CHECK(pl_op_parse("start 1", &op) == SUB_ERR_PARSE);
	CHECK(pl_op_parse("start 1 2 junk", &op) == SUB_ERR_PARSE);
	CHECK(pl_op_parse(NULL, &op) == SUB_ERR_PARSE);
}

/* Seeded random edits: the model stays valid after each; undo all gives the original. */
static void test_random(void)
{
	struct sub_project *p = make_project(12, 4);
	struct sub_project *orig = sub_project_dup(p);
	struct pl_history *h = pl_history_new(p);
	size_t n_cues = sub_project_cue_count(p);
	uint64_t s = 0x9e3779b97f4a7c15u;
	int all_valid = 1, steps = 0;
	for (int i = 0; i < 5000; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		struct pl_op op;
		op.kind = (int)(s % 5);
		op.cue = (size_t)((s >> 8) % n_cues);
		int64_t r = (int64_t)((s >> 24) % 6001) - 3000;
		const struct sub_cue *c = pl_cue_get(p, op.cue, NULL);
		if (op.kind == 3) {
			pl_history_undo(h, NULL, NULL);
		} else if (op.kind == 4) {
			pl_history_redo(h, NULL, NULL);
		} else {
			op.kind += 1;
			op.value_ms = op.kind == PL_OP_SHIFT_FROM  ? r / 10
			              : op.kind == PL_OP_SET_START ? c->start_ms + r
			                                           : c->end_ms + r;
			int rc = pl_history_apply(h, &op, NULL);
			if (rc != SUB_OK && rc != PL_EDIT_NOOP)
				all_valid = 0;
		}
		if (!valid(p)) {
			all_valid = 0;
			break;
		}
		steps++;
	}
	CHECK(all_valid && steps == 5000);
	CHECK(pl_history_undo_count(h) > 0);
	struct sub_project *after = sub_project_dup(p);
	while (pl_history_undo(h, NULL, NULL) == SUB_OK)
		CHECK(valid(p));
	CHECK(same_times(p, orig));
	while (pl_history_redo(h, NULL, NULL) == SUB_OK)
		;
	CHECK(same_times(p, after));
	sub_project_free(after);
	pl_history_free(h);
	sub_project_free(orig);
	sub_project_free(p);
}

int main(void)
{
	test_basic();
	test_parse();
	test_random();
	return tap_done();
}
