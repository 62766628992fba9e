/* pl_edit.c: timing edits as commands with before/after values, undo and redo. */
#include "pl_edit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_CUE SIZE_MAX

enum field { F_CUE_START, F_CUE_END, F_TURN_START, F_TURN_END };

struct change {
	size_t turn;
	size_t cue; /* NO_CUE for a turn's own time */
	int field;
	int64_t before_ms;
	int64_t after_ms;
};

struct entry {
	struct pl_op op;
	struct pl_edit_result res;
	size_t first; /* index of its first change */
	size_t n;     /* number of changes */
};

struct pl_history {
	struct sub_project *p;
	struct change *changes;
	size_t n_changes, cap_changes;
	struct entry *entries;
	size_t n_entries, cap_entries; /* entries [0, pos) applied, [pos, n_entries) redo */
	size_t pos;
	long saved_pos; /* -1 when the saved state can no longer be reached */
};

struct pl_history *pl_history_new(struct sub_project *p)
{
	if (!p)
		return NULL;
	struct pl_history *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->p = p;
	return h;
}

void pl_history_free(struct pl_history *h)
{
	if (!h)
		return;
	free(h->changes);
	free(h->entries);
	free(h);
}

struct sub_cue *pl_cue_get(const struct sub_project *p, size_t n, size_t *turn)
{
	size_t t, c;
	if (!p || sub_project_cue_at(p, n, &t, &c) != SUB_OK)
		return NULL;
	if (turn)
		*turn = t;
	return &p->turns[t].cues[c];
}

long pl_cue_at_time(const struct sub_project *p, int64_t t_ms)
{
	long n = pl_cue_before_time(p, t_ms);
	if (n < 0)
		return -1;
	const struct sub_cue *c = pl_cue_get(p, (size_t)n, NULL);
	return c && t_ms < c->end_ms ? n : -1;
}

long pl_cue_before_time(const struct sub_project *p, int64_t t_ms)
{
	long n = 0, best = -1;
	if (!p)
		return -1;
	for (size_t i = 0; i < p->n_turns; i++) {
		const struct sub_turn *t = &p->turns[i];
		if (t->n_cues && t->cues[0].start_ms > t_ms && best >= 0)
			break;
		for (size_t j = 0; j < t->n_cues; j++, n++)
			if (t->cues[j].start_ms <= t_ms)
				best = n;
	}
	return best;
}

static int64_t *field_ptr(struct sub_project *p, const struct change *c)
{
	struct sub_turn *t = &p->turns[c->turn];
	switch (c->field) {
	case F_CUE_START:
		return &t->cues[c->cue].start_ms;
	case F_CUE_END:
		return &t->cues[c->cue].end_ms;
	case F_TURN_START:
		return &t->start_ms;
	default:
		return &t->end_ms;
	}
}

/* Records a change (not yet applied); the caller applies all at the end. */
static int record(struct pl_history *h, size_t turn, size_t cue, int field, int64_t after)
{
	if (sub_grow((void **)&h->changes, &h->cap_changes, h->n_changes + 1,
	             sizeof(*h->changes)) != SUB_OK)
		return SUB_ERR_NOMEM;
	struct change *c = &h->changes[h->n_changes];
	c->turn = turn;
	c->cue = cue;
	c->field = field;
	c->before_ms = *field_ptr(h->p, c);
	c->after_ms = after;
	if (c->before_ms != after)
		h->n_changes++;
	return SUB_OK;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* The end of the flat cue before (turn t, cue c), or INT64_MIN when it is the first. */
static int64_t prev_cue_end(const struct sub_project *p, size_t t, size_t c)
{
	if (c > 0)
		return p->turns[t].cues[c - 1].end_ms;
	for (size_t i = t; i-- > 0;)
		if (p->turns[i].n_cues)
			return p->turns[i].cues[p->turns[i].n_cues - 1].end_ms;
	return INT64_MIN;
}

static int64_t next_cue_start(const struct sub_project *p, size_t t, size_t c)
{
	if (c + 1 < p->turns[t].n_cues)
		return p->turns[t].cues[c + 1].start_ms;
	for (size_t i = t + 1; i < p->n_turns; i++)
		if (p->turns[i].n_cues)
			return p->turns[i].cues[0].start_ms;
	return INT64_MAX;
}

/* Records the changes of op (clamped); fills res. */
static int plan(struct pl_history *h, const struct pl_op *op, struct pl_edit_result *res)
{
	struct sub_project *p = h->p;
	size_t t, c;
	if (sub_project_cue_at(p, op->cue, &t, &c) != SUB_OK)
		return SUB_ERR_ARG;
	struct sub_turn *turn = &p->turns[t];
	struct sub_cue *cue = &turn->cues[c];
	int rc = SUB_OK;
	res->cue = op->cue;
	if (op->kind == PL_OP_SET_START) {
		int64_t lo = max64(0, prev_cue_end(p, t, c));
		if (c == 0 && t > 0)
			lo = max64(lo, p->turns[t - 1].start_ms);
		lo = min64(lo, cue->start_ms);
		int64_t v = max64(lo, min64(op->value_ms, cue->end_ms));
		res->before_ms = cue->start_ms;
		res->after_ms = v;
		rc = record(h, t, c, F_CUE_START, v);
		if (!rc && v < turn->start_ms)
			rc = record(h, t, NO_CUE, F_TURN_START, v);
	} else if (op->kind == PL_OP_SET_END) {
		int64_t hi = max64(next_cue_start(p, t, c), cue->end_ms);
		int64_t v = min64(hi, max64(op->value_ms, cue->start_ms));
		res->before_ms = cue->end_ms;
		res->after_ms = v;
		rc = record(h, t, c, F_CUE_END, v);
		if (!rc && v > turn->end_ms)
			rc = record(h, t, NO_CUE, F_TURN_END, v);
	} else if (op->kind == PL_OP_SHIFT_FROM) {
		int64_t d = op->value_ms;
		int64_t lower = -cue->start_ms;
		int64_t pe = prev_cue_end(p, t, c);
		if (pe != INT64_MIN)
			lower = max64(lower, pe - cue->start_ms);
		if (c == 0) {
			lower = max64(lower, -turn->start_ms);
			if (t > 0)
				lower = max64(lower, p->turns[t - 1].start_ms - turn->start_ms);
		} else if (t + 1 < p->n_turns) {
			lower = max64(lower, turn->start_ms - p->turns[t + 1].start_ms);
		}
		lower = min64(lower, 0);
		d = max64(d, lower);
		res->before_ms = cue->start_ms;
		res->after_ms = cue->start_ms + d;
		if (d == 0)
			return SUB_OK;
		for (size_t i = t; i < p->n_turns && !rc; i++) {
			struct sub_turn *ti = &p->turns[i];
			if (i > t || c == 0)
				rc = record(h, i, NO_CUE, F_TURN_START, ti->start_ms + d);
			if (!rc)
				rc = record(h, i, NO_CUE, F_TURN_END, ti->end_ms + d);
			for (size_t j = i == t ? c : 0; j < ti->n_cues && !rc; j++) {
				rc = record(h, i, j, F_CUE_START, ti->cues[j].start_ms + d);
				if (!rc)
					rc = record(h, i, j, F_CUE_END, ti->cues[j].end_ms + d);
			}
		}
	} else {
		return SUB_ERR_ARG;
	}
	return rc;
}

int pl_history_apply(struct pl_history *h, const struct pl_op *op, struct pl_edit_result *res)
{
	struct pl_edit_result dummy;
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof(*res));
	if (!h || !op || !h->p->timed)
		return SUB_ERR_ARG;
	if (sub_grow((void **)&h->entries, &h->cap_entries, h->pos + 1, sizeof(*h->entries)) !=
	    SUB_OK)
		return SUB_ERR_NOMEM;
	/* Plan after every stored change, so a failed or empty edit keeps the redo stack;
	 * on success the new changes replace the redo stack's. */
	size_t first = h->pos ? h->entries[h->pos - 1].first + h->entries[h->pos - 1].n : 0;
	size_t start = h->n_changes;
	int rc = plan(h, op, res);
	if (rc != SUB_OK || h->n_changes == start) {
		h->n_changes = start;
		return rc == SUB_OK ? PL_EDIT_NOOP : rc;
	}
	size_t n = h->n_changes - start;
	memmove(&h->changes[first], &h->changes[start], n * sizeof(*h->changes));
	h->n_changes = first + n;
	for (size_t i = first; i < h->n_changes; i++)
		*field_ptr(h->p, &h->changes[i]) = h->changes[i].after_ms;
	res->n_changes = h->n_changes - first;
	if (h->saved_pos > (long)h->pos)
		h->saved_pos = -1;
	struct entry *e = &h->entries[h->pos];
	e->op = *op;
	e->res = *res;
	e->first = first;
	e->n = h->n_changes - first;
	h->pos++;
	h->n_entries = h->pos;
	return SUB_OK;
}

int pl_history_undo(struct pl_history *h, struct pl_op *op, struct pl_edit_result *res)
{
	if (!h || h->pos == 0)
		return PL_EDIT_NOOP;
	struct entry *e = &h->entries[--h->pos];
	for (size_t i = e->n; i-- > 0;)
		*field_ptr(h->p, &h->changes[e->first + i]) = h->changes[e->first + i].before_ms;
	if (op)
		*op = e->op;
	if (res) {
		*res = e->res;
		res->before_ms = e->res.after_ms;
		res->after_ms = e->res.before_ms;
	}
	return SUB_OK;
}

int pl_history_redo(struct pl_history *h, struct pl_op *op, struct pl_edit_result *res)
{
	if (!h || h->pos == h->n_entries)
		return PL_EDIT_NOOP;
	struct entry *e = &h->entries[h->pos++];
	for (size_t i = 0; i < e->n; i++)
		*field_ptr(h->p, &h->changes[e->first + i]) = h->changes[e->first + i].after_ms;
	if (op)
		*op = e->op;
	if (res)
		*res = e->res;
	return SUB_OK;
}

size_t pl_history_undo_count(const struct pl_history *h)
{
	return h ? h->pos : 0;
}

size_t pl_history_redo_count(const struct pl_history *h)
{
	return h ? h->n_entries - h->pos : 0;
}

int pl_history_dirty(const struct pl_history *h)
{
	return h && h->saved_pos != (long)h->pos;
}

void pl_history_mark_saved(struct pl_history *h)
{
	if (h)
		h->saved_pos = (long)h->pos;
}

int pl_op_parse(const char *line, struct pl_op *op)
{
	char word[16];
	unsigned long long cue;
	long long v;
	int used = 0;
	if (!line || !op || sscanf(line, "%15s %llu %lld%n", word, &cue, &v, &used) != 3)
		return SUB_ERR_PARSE;
	for (const char *s = line + used; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return SUB_ERR_PARSE;
	if (!strcmp(word, "start"))
		op->kind = PL_OP_SET_START;
	else if (!strcmp(word, "end"))
		op->kind = PL_OP_SET_END;
	else if (!strcmp(word, "shift"))
		op->kind = PL_OP_SHIFT_FROM;
	else
		return SUB_ERR_PARSE;
	op->cue = (size_t)cue;
	op->value_ms = (int64_t)v;
	return SUB_OK;
}

void pl_op_format(const struct pl_op *op, char *buf, size_t size)
{
	const char *w = op->kind == PL_OP_SET_START ? "start"
	                : op->kind == PL_OP_SET_END ? "end"
	                                            : "shift";
	snprintf(buf, size, "%s %zu %" PRId64, w, op->cue, op->value_ms);
}
