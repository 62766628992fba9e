/*
 * pl_edit.h: timing edits on a project, with unlimited undo and redo.
 *
 * An edit is an operation (struct pl_op) applied to a borrowed project. Every operation
 * keeps the model valid (sub_project_validate() passes after it when it passed before):
 * a cue boundary is clamped so that it never crosses its neighbour cue nor makes a cue
 * negative, and moving a cue boundary beyond its turn extends the turn. Applying an
 * operation records the exact before/after value of every time it changed, so undo and
 * redo restore the exact earlier states. Operations are deterministic: applying the same
 * operation to the same project gives the same result (the journal relies on that).
 *
 * Cues are named by their flat index (0-based, time order, sub_project_cue_at()).
 * Not thread safe: the player's main thread owns a history.
 */
#ifndef PL_EDIT_H
#define PL_EDIT_H

#include <stddef.h>
#include <stdint.h>

#include "sub_model.h"

enum pl_op_kind {
	PL_OP_SET_START = 1, /* set the cue's start to value_ms */
	PL_OP_SET_END,       /* set the cue's end to value_ms */
	PL_OP_SHIFT_FROM,    /* move the cue and every later cue and turn by value_ms */
};

struct pl_op {
	int kind;         /* enum pl_op_kind */
	size_t cue;       /* flat cue index */
	int64_t value_ms; /* a time for SET_*, a signed delta for SHIFT_FROM */
};

/* What an applied (or undone) operation did, for the status line. */
struct pl_edit_result {
	size_t cue;        /* the cue named by the operation */
	int64_t before_ms; /* the boundary (start or end) before */
	int64_t after_ms;  /* and after, clamped */
	size_t n_changes;  /* how many times changed (cues and turns) */
};

/* Result codes beyond sub_result: the operation changed nothing (clamped to a no-op). */
#define PL_EDIT_NOOP 1

struct pl_history; /* opaque */

/* Returns a new empty history editing p (borrowed; must outlive the history), free with
 * pl_history_free(); NULL on OOM or NULL p. */
struct pl_history *pl_history_new(struct sub_project *p);
void pl_history_free(struct pl_history *h);

/*
 * Applies op to the project and pushes it on the undo stack (clearing the redo stack).
 * res (may be NULL) receives what happened. Returns SUB_OK, PL_EDIT_NOOP (nothing changed,
 * nothing pushed), SUB_ERR_ARG (bad kind, cue out of range, project not timed) or
 * SUB_ERR_NOMEM (the project is left unchanged).
 */
int pl_history_apply(struct pl_history *h, const struct pl_op *op, struct pl_edit_result *res);

/* Undoes / redoes the last edit. *op (may be NULL) receives the operation undone or
 * redone. Returns SUB_OK or PL_EDIT_NOOP when there is nothing to undo / redo. */
int pl_history_undo(struct pl_history *h, struct pl_op *op, struct pl_edit_result *res);
int pl_history_redo(struct pl_history *h, struct pl_op *op, struct pl_edit_result *res);

size_t pl_history_undo_count(const struct pl_history *h);
size_t pl_history_redo_count(const struct pl_history *h);

/* Nonzero when the project differs from the state last marked saved (or the start). */
int pl_history_dirty(const struct pl_history *h);
void pl_history_mark_saved(struct pl_history *h);

/* Parses / formats an operation as one journal line ("start 12 10450", "end 3 900",
 * "shift 7 -200"), without the newline. Parse returns SUB_OK or SUB_ERR_PARSE. */
int pl_op_parse(const char *line, struct pl_op *op);
void pl_op_format(const struct pl_op *op, char *buf, size_t size);

/* Flat index of the cue shown at t_ms (start <= t < end), or -1 when none. */
long pl_cue_at_time(const struct sub_project *p, int64_t t_ms);
/* Flat index of the last cue starting at or before t_ms, or -1. */
long pl_cue_before_time(const struct sub_project *p, int64_t t_ms);
/* Borrowed cue by flat index, NULL when out of range; *turn receives its turn index. */
struct sub_cue *pl_cue_get(const struct sub_project *p, size_t n, size_t *turn);

#endif
