/*
 * pl_journal.h: the edit journal, so an edit survives a crash or a SIGKILL.
 *
 * PROJECT.json.journal is a text file: a header line naming the saved state of the
 * project it applies to, then one line per edit, appended and fsync'd as each edit
 * happens:
 *
 *     tsync-journal 1 <fnv1a-64 of the project file, 16 hex digits> <size in bytes>
 *     start 12 10450        (pl_op_format() lines)
 *     shift 7 -200
 *     undo
 *     redo
 *
 * Replaying the lines on the saved project with pl_history_apply/undo/redo gives the
 * state at the moment of the crash (edits are deterministic). After a save the journal
 * is reset to a header naming the new saved state.
 */
#ifndef PL_JOURNAL_H
#define PL_JOURNAL_H

#include <stddef.h>

#include "pl_edit.h"

struct pl_journal; /* opaque */

/* Identity of a project file: "<hash> <size>" into id (at least 40 bytes). Returns SUB_OK
 * or SUB_ERR_IO. */
int pl_journal_file_id(const char *path, char *id, size_t size);

/*
 * Reads the journal at path. *lines receives a new array of *n new strings (the edit
 * lines without newline; free with pl_journal_lines_free()), *matches whether the header
 * names project_id. Returns SUB_OK, SUB_ERR_IO (no journal: *n = 0) or SUB_ERR_PARSE
 * (no valid header).
 */
int pl_journal_read(const char *path, const char *project_id, char ***lines, size_t *n,
                    int *matches);
void pl_journal_lines_free(char **lines, size_t n);

/*
 * Replays lines on h (edits, "undo", "redo"). Returns the number of lines applied; a line
 * that does not parse or apply stops the replay (*bad_line receives its 1-based index,
 * 0 when all applied; may be NULL).
 */
size_t pl_journal_replay(struct pl_history *h, char *const *lines, size_t n, size_t *bad_line);

/*
 * Opens the journal at path for appending. keep nonzero: keep its lines (after a restore);
 * zero: start it anew with a header for project_id. Returns a new journal, free with
 * pl_journal_free(), or NULL (errno says why).
 */
struct pl_journal *pl_journal_open(const char *path, const char *project_id, int keep);

/* Appends one line (newline added) and fsyncs. Returns SUB_OK or SUB_ERR_IO. */
int pl_journal_append(struct pl_journal *j, const char *line);

/* Starts the journal anew for project_id (after a save). Returns SUB_OK or SUB_ERR_IO. */
int pl_journal_reset(struct pl_journal *j, const char *project_id);

/* Closes the journal; remove nonzero also deletes the file (clean exit, nothing unsaved). */
void pl_journal_free(struct pl_journal *j, int remove_file);

#endif
