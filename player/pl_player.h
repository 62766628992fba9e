/*
 * pl_player.h: the interactive player (SDL2 window) and its terminal fallback.
 *
 * The player holds the application state: the project being edited, its undo history,
 * its journal, the audio output and the view. Every edit goes through pl_history (so it
 * can be undone) and is appended to PROJECT.json.journal at once; Ctrl+S saves the
 * project atomically with a backup and resets the journal.
 */
#ifndef PL_PLAYER_H
#define PL_PLAYER_H

#include <stdint.h>

#include "sub_model.h"

struct pl_player_opts {
	const char *project_path; /* where saves go (and PROJECT.json.journal); may be NULL */
	const char *audio_path;   /* resolved path of the audio */
	int start_paused;
	int64_t seek_ms;         /* start position */
	int restore;             /* journal: 1 restore, 0 discard, -1 ask */
	int verbose;             /* log clock/subtitle offsets and timings on stderr */
	const char *script_path; /* actions to run, one a line (see cmd_play.c --help) */
	int width, height;       /* window size */
	double duration_s;       /* stop after this much wall time (0: never) */
	int64_t until_ms;        /* stop when the clock reaches this (-1: never) */
	int silent;              /* no audio device: the clock runs silently */
	const char *stats_path;  /* write timing figures here at exit (bench); may be NULL */
};

/*
 * Runs the window on p (borrowed; edited in place) until the user quits. Returns 0, or 1
 * when the window or the audio could not start (a message was printed).
 * Must be called after SDL_Init(SDL_INIT_VIDEO) succeeded.
 */
int pl_player_run(struct sub_project *p, const struct pl_player_opts *o);

/*
 * Renders the window at time t_ms into a w x h PNG at png_path without playing (no display
 * needed). show_help nonzero draws the key list over it. Returns 0 or 1.
 */
int pl_player_frame(struct sub_project *p, const struct pl_player_opts *o, int64_t t_ms, int w,
                    int h, int show_help, const char *png_path);

/* Plays in the terminal: prints each cue (all languages, speaker) when the audio clock
 * reaches it. Returns 0 or 1. */
int pl_term_run(struct sub_project *p, const struct pl_player_opts *o);

/*
 * Opens the journal of o->project_path and restores or discards what it holds, as
 * o->restore says (-1: asks on the terminal when stdin is one; else keeps the journal
 * for a later start and does not restore). On success *journal is the open journal
 * (NULL when there is no project path) and *history holds the restored edits; *pending
 * receives the number of edits waiting for the window's question (restore -1 in the
 * window: the caller asks and then calls pl_session_resolve()).
 */
struct pl_journal;
struct pl_history;
int pl_session_open(struct sub_project *p, const struct pl_player_opts *o, int can_ask_later,
                    struct pl_history **history, struct pl_journal **journal, size_t *pending);
/* Applies the answer to a pending restore question (restore 1 or 0). */
int pl_session_resolve(struct sub_project *p, const struct pl_player_opts *o, int restore,
                       struct pl_history *history, struct pl_journal **journal);

#endif
