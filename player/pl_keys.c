/* pl_keys.c: action names, default bindings, keys.conf parsing, help text. */
#include "pl_keys.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sub_io.h"

static const struct {
	const char *name;
	const char *help;
} actions[PL_ACT_COUNT] = {
        [PL_ACT_NONE] = {"none", ""},
        [PL_ACT_PAUSE] = {"pause", "play / pause"},
        [PL_ACT_SEEK_BACK] = {"seek-back", "back 5 s"},
        [PL_ACT_SEEK_FWD] = {"seek-forward", "forward 5 s"},
        [PL_ACT_SEEK_BACK_1S] = {"seek-back-1s", "back 1 s"},
        [PL_ACT_SEEK_FWD_1S] = {"seek-forward-1s", "forward 1 s"},
        [PL_ACT_SEEK_BACK_60S] = {"seek-back-60s", "back 60 s"},
        [PL_ACT_SEEK_FWD_60S] = {"seek-forward-60s", "forward 60 s"},
        [PL_ACT_PREV_CUE] = {"prev-cue", "previous cue"},
        [PL_ACT_NEXT_CUE] = {"next-cue", "next cue"},
        [PL_ACT_PREV_TURN] = {"prev-turn", "previous turn (speaker)"},
        [PL_ACT_NEXT_TURN] = {"next-turn", "next turn (speaker)"},
        [PL_ACT_REPLAY_CUE] = {"replay-cue", "play the selected cue from its start"},
        [PL_ACT_SPEED_DOWN] = {"speed-down", "speed / 1.1"},
        [PL_ACT_SPEED_UP] = {"speed-up", "speed x 1.1"},
        [PL_ACT_SPEED_RESET] = {"speed-reset", "speed 1.0"},
        [PL_ACT_LOOP] = {"loop", "loop the selected cue"},
        [PL_ACT_CYCLE_SUBS] = {"cycle-subs", "subtitles: both, one, the other, none"},
        [PL_ACT_HELP] = {"help", "this help"},
        [PL_ACT_QUIT] = {"quit", "quit (the journal keeps unsaved edits)"},
        [PL_ACT_SET_START] = {"set-start", "start of the cue at the playhead"},
        [PL_ACT_SET_END_NEXT] = {"set-end-next", "end of the cue at the playhead, next cue"},
        [PL_ACT_START_EARLIER_10] = {"start-earlier-10", "start -10 ms"},
        [PL_ACT_START_LATER_10] = {"start-later-10", "start +10 ms"},
        [PL_ACT_START_EARLIER_100] = {"start-earlier-100", "start -100 ms"},
        [PL_ACT_START_LATER_100] = {"start-later-100", "start +100 ms"},
        [PL_ACT_END_EARLIER_10] = {"end-earlier-10", "end -10 ms"},
        [PL_ACT_END_LATER_10] = {"end-later-10", "end +10 ms"},
        [PL_ACT_END_EARLIER_100] = {"end-earlier-100", "end -100 ms"},
        [PL_ACT_END_LATER_100] = {"end-later-100", "end +100 ms"},
        [PL_ACT_SHIFT_TO_PLAYHEAD] = {"shift-to-playhead", "shift cue and all after to playhead"},
        [PL_ACT_SHIFT_EARLIER_100] = {"shift-earlier-100", "shift cue and all after -100 ms"},
        [PL_ACT_SHIFT_LATER_100] = {"shift-later-100", "shift cue and all after +100 ms"},
        [PL_ACT_SNAP_START] = {"snap-start", "start to the nearest speech onset"},
        [PL_ACT_SNAP_END] = {"snap-end", "end to the nearest speech offset"},
        [PL_ACT_UNDO] = {"undo", "undo"},
        [PL_ACT_REDO] = {"redo", "redo"},
        [PL_ACT_SAVE] = {"save", "save the project (backup in PROJECT.json~)"},
        [PL_ACT_EXPORT] = {"export", "export SRT, VTT and ASS of the shown languages"},
};

static const char default_keys[] =
        "space pause\n"
        "left seek-back\nright seek-forward\n"
        "shift+left seek-back-1s\nshift+right seek-forward-1s\n"
        "down seek-back-60s\nup seek-forward-60s\n"
        "ctrl+left prev-cue\nctrl+right next-cue\n"
        "pageup prev-turn\npagedown next-turn\n"
        "r replay-cue\n"
        "[ speed-down\n] speed-up\nbackspace speed-reset\n"
        "l loop\nv cycle-subs\n"
        "f1 help\nshift+/ help\n"
        "q quit\nescape quit\n"
        "a set-start\ne set-end-next\n"
        "1 start-earlier-10\n2 start-later-10\nshift+1 start-earlier-100\nshift+2 start-later-100\n"
        "3 end-earlier-10\n4 end-later-10\nshift+3 end-earlier-100\nshift+4 end-later-100\n"
        "shift+a shift-to-playhead\n- shift-earlier-100\n= shift-later-100\n"
        "b snap-start\nn snap-end\n"
        "ctrl+z undo\nctrl+y redo\nctrl+shift+z redo\n"
        "ctrl+s save\nctrl+e export\n";

const char *pl_action_name(int action)
{
	return action > 0 && action < PL_ACT_COUNT ? actions[action].name : "none";
}

const char *pl_action_help(int action)
{
	return action > 0 && action < PL_ACT_COUNT ? actions[action].help : "";
}

int pl_action_from_name(const char *name)
{
	for (int i = 1; i < PL_ACT_COUNT; i++)
		if (!strcmp(actions[i].name, name))
			return i;
	return PL_ACT_NONE;
}

int pl_key_parse(const char *s, SDL_Keycode *key, int *mods)
{
	*mods = 0;
	for (;;) {
		if (!strncasecmp(s, "ctrl+", 5) && s[5]) {
			*mods |= PL_MOD_CTRL;
			s += 5;
		} else if (!strncasecmp(s, "shift+", 6) && s[6]) {
			*mods |= PL_MOD_SHIFT;
			s += 6;
		} else if (!strncasecmp(s, "alt+", 4) && s[4]) {
			*mods |= PL_MOD_ALT;
			s += 4;
		} else {
			break;
		}
	}
	if (!*s)
		return -1;
	SDL_Keycode k;
	if (!s[1])
		k = (SDL_Keycode)tolower((unsigned char)s[0]);
	else
		k = SDL_GetKeyFromName(s);
	if (k == SDLK_UNKNOWN)
		return -1;
	*key = k;
	return 0;
}

static int keymap_set(struct pl_keymap *km, SDL_Keycode key, int mods, int action)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == key && km->b[i].mods == mods) {
			if (action == PL_ACT_NONE) {
				memmove(&km->b[i], &km->b[i + 1], (km->n - i - 1) * sizeof(*km->b));
				km->n--;
			} else {
				km->b[i].action = action;
			}
			return 0;
		}
	if (action == PL_ACT_NONE)
		return 0;
	if (sub_grow((void **)&km->b, &km->cap, km->n + 1, sizeof(*km->b)) != SUB_OK)
		return -1;
	km->b[km->n++] = (struct pl_binding){key, mods, action};
	return 0;
}

int pl_keymap_parse(struct pl_keymap *km, const char *buf, const char *filename, FILE *err_out)
{
	int bad = 0, line = 0;
	const char *s = buf;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char text[256], keyname[128], act[128];
		line++;
		snprintf(text, sizeof(text), "%.*s", (int)(len < 255 ? len : 255), s);
		s += len + (e ? 1 : 0);
		/* A # at the start or after a blank starts a comment ("shift+#" is a key). */
		for (size_t i = 0; text[i]; i++)
			if (text[i] == '#' &&
			    (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
				text[i] = 0;
				break;
			}
		int n = sscanf(text, "%127s %127s", keyname, act);
		if (n <= 0)
			continue;
		SDL_Keycode key;
		int mods, action = -1;
		if (n != 2 || pl_key_parse(keyname, &key, &mods)) {
			if (err_out)
				fprintf(err_out, "%s:%d: expected 'KEY ACTION' with a known key\n",
				        filename ? filename : "keys.conf", line);
			bad++;
			continue;
		}
		action = !strcmp(act, "unbind") ? PL_ACT_NONE : pl_action_from_name(act);
		if (action == PL_ACT_NONE && strcmp(act, "unbind")) {
			if (err_out)
				fprintf(err_out, "%s:%d: unknown action '%s'\n",
				        filename ? filename : "keys.conf", line, act);
			bad++;
			continue;
		}
		if (keymap_set(km, key, mods, action))
			bad++;
	}
	return bad;
}

int pl_keymap_init(struct pl_keymap *km)
{
	memset(km, 0, sizeof(*km));
	return pl_keymap_parse(km, default_keys, "defaults", stderr) ? -1 : 0;
}

void pl_keymap_release(struct pl_keymap *km)
{
	free(km->b);
	memset(km, 0, sizeof(*km));
}

int pl_keymap_load_user(struct pl_keymap *km, FILE *err_out)
{
	char path[1024];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(path, sizeof(path), "%s/tsync/keys.conf", xdg);
	else if (home)
		snprintf(path, sizeof(path), "%s/.config/tsync/keys.conf", home);
	else
		return 0;
	char *buf = NULL;
	size_t len = 0;
	if (sub_file_read(path, 1 << 20, &buf, &len, NULL) != SUB_OK)
		return 0;
	int bad = pl_keymap_parse(km, buf, path, err_out);
	free(buf);
	return bad;
}

int pl_keymap_lookup(const struct pl_keymap *km, SDL_Keycode key, Uint16 sdl_mods)
{
	int mods = (sdl_mods & KMOD_CTRL ? PL_MOD_CTRL : 0) |
	           (sdl_mods & KMOD_SHIFT ? PL_MOD_SHIFT : 0) |
	           (sdl_mods & KMOD_ALT ? PL_MOD_ALT : 0);
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == key && km->b[i].mods == mods)
			return km->b[i].action;
	return PL_ACT_NONE;
}

static void key_label(const struct pl_binding *b, struct sub_buf *out)
{
	if (b->mods & PL_MOD_CTRL)
		sub_buf_puts(out, "Ctrl+");
	if (b->mods & PL_MOD_ALT)
		sub_buf_puts(out, "Alt+");
	if (b->mods & PL_MOD_SHIFT)
		sub_buf_puts(out, "Shift+");
	const char *name = SDL_GetKeyName(b->key);
	sub_buf_puts(out, name && *name ? name : "?");
}

char *pl_keymap_help(const struct pl_keymap *km)
{
	struct sub_buf out;
	memset(&out, 0, sizeof(out));
	for (int a = 1; a < PL_ACT_COUNT; a++) {
		int any = 0;
		for (size_t i = 0; i < km->n; i++) {
			if (km->b[i].action != a)
				continue;
			if (any++)
				sub_buf_puts(&out, ", ");
			key_label(&km->b[i], &out);
		}
		if (any)
			sub_buf_printf(&out, "\t%s\n", actions[a].help);
	}
	if (out.oom) {
		sub_buf_release(&out);
		return NULL;
	}
	return out.data;
}
