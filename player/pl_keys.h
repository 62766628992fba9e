/*
 * pl_keys.h: the player's actions and their key bindings.
 *
 * Defaults follow mpv for playback and Aegisub / Subtitle Edit habits for timing. They
 * can be changed in $XDG_CONFIG_HOME/tsync/keys.conf (~/.config/tsync/keys.conf), one
 * binding a line, as in mpv's input.conf:
 *
 *     # comment
 *     KEY ACTION          e.g.  ctrl+shift+z redo,  shift+left seek-back-1s,  f set-start
 *     KEY unbind          removes the default binding of KEY
 *
 * KEY is an SDL key name (SDL_GetKeyName: a, 1, [, Space, Left, PageUp, F1, Backspace,
 * Escape, ...) after any of the prefixes ctrl+, shift+, alt+. ACTION is a name from the
 * table printed by `tsync play --list-actions`.
 */
#ifndef PL_KEYS_H
#define PL_KEYS_H

#include <SDL.h>
#include <stddef.h>

enum pl_action {
	PL_ACT_NONE = 0,
	PL_ACT_PAUSE,
	PL_ACT_SEEK_BACK,
	PL_ACT_SEEK_FWD,
	PL_ACT_SEEK_BACK_1S,
	PL_ACT_SEEK_FWD_1S,
	PL_ACT_SEEK_BACK_60S,
	PL_ACT_SEEK_FWD_60S,
	PL_ACT_PREV_CUE,
	PL_ACT_NEXT_CUE,
	PL_ACT_PREV_TURN,
	PL_ACT_NEXT_TURN,
	PL_ACT_REPLAY_CUE,
	PL_ACT_SPEED_DOWN,
	PL_ACT_SPEED_UP,
	PL_ACT_SPEED_RESET,
	PL_ACT_LOOP,
	PL_ACT_CYCLE_SUBS,
	PL_ACT_HELP,
	PL_ACT_QUIT,
	PL_ACT_SET_START,
	PL_ACT_SET_END_NEXT,
	PL_ACT_START_EARLIER_10,
	PL_ACT_START_LATER_10,
	PL_ACT_START_EARLIER_100,
	PL_ACT_START_LATER_100,
	PL_ACT_END_EARLIER_10,
	PL_ACT_END_LATER_10,
	PL_ACT_END_EARLIER_100,
	PL_ACT_END_LATER_100,
	PL_ACT_SHIFT_TO_PLAYHEAD,
	PL_ACT_SHIFT_EARLIER_100,
	PL_ACT_SHIFT_LATER_100,
	PL_ACT_SNAP_START,
	PL_ACT_SNAP_END,
	PL_ACT_UNDO,
	PL_ACT_REDO,
	PL_ACT_SAVE,
	PL_ACT_EXPORT,
	PL_ACT_COUNT
};

/* Action names ("pause", "set-start", ...) and one-line descriptions. */
const char *pl_action_name(int action);
const char *pl_action_help(int action);
/* PL_ACT_NONE when unknown. */
int pl_action_from_name(const char *name);

#define PL_MOD_CTRL 1
#define PL_MOD_SHIFT 2
#define PL_MOD_ALT 4

struct pl_binding {
	SDL_Keycode key;
	int mods;   /* PL_MOD_* */
	int action; /* enum pl_action */
};

struct pl_keymap {
	struct pl_binding *b;
	size_t n, cap;
};

/* Fills km with the default bindings. Returns 0 or -1 (OOM). Release with
 * pl_keymap_release(). */
int pl_keymap_init(struct pl_keymap *km);
void pl_keymap_release(struct pl_keymap *km);

/* Reads a keys.conf buffer on top of km. Bad lines are reported on err_out (may be NULL)
 * as "file:line: message" and skipped. Returns the number of bad lines. */
int pl_keymap_parse(struct pl_keymap *km, const char *buf, const char *filename, FILE *err_out);
/* Loads $XDG_CONFIG_HOME/tsync/keys.conf (or ~/.config/...) when it exists. */
int pl_keymap_load_user(struct pl_keymap *km, FILE *err_out);

/* The action bound to a key event's keycode and SDL modifier state, or PL_ACT_NONE. */
int pl_keymap_lookup(const struct pl_keymap *km, SDL_Keycode key, Uint16 sdl_mods);

/* Parses "ctrl+shift+z" into key and mods. Returns 0 or -1. */
int pl_key_parse(const char *s, SDL_Keycode *key, int *mods);

/* Writes "keys\tdescription\n" lines for the help screen into a new string (free()). */
char *pl_keymap_help(const struct pl_keymap *km);

#endif
