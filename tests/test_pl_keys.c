/* test_pl_keys.c: key names, default bindings, keys.conf overrides, help text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl_keys.h"
#include "tap.h"

int main(void)
{
	struct pl_keymap km;
	SDL_Keycode k;
	int mods;
	CHECK(pl_key_parse("ctrl+shift+z", &k, &mods) == 0 && k == SDLK_z &&
	      mods == (PL_MOD_CTRL | PL_MOD_SHIFT));
	CHECK(pl_key_parse("Space", &k, &mods) == 0 && k == SDLK_SPACE && mods == 0);
	CHECK(pl_key_parse("PageDown", &k, &mods) == 0 && k == SDLK_PAGEDOWN);
	CHECK(pl_key_parse("F1", &k, &mods) == 0 && k == SDLK_F1);
	CHECK(pl_key_parse("[", &k, &mods) == 0 && k == SDLK_LEFTBRACKET);
	CHECK(pl_key_parse("shift+1", &k, &mods) == 0 && k == SDLK_1 && mods == PL_MOD_SHIFT);
	CHECK(pl_key_parse("", &k, &mods) != 0);
	CHECK(pl_key_parse("ctrl+", &k, &mods) != 0);
	CHECK(pl_key_parse("NoSuchKey", &k, &mods) != 0);

	CHECK(pl_keymap_init(&km) == 0);
	/* mpv's playback keys and the timing keys. */
	CHECK(pl_keymap_lookup(&km, SDLK_SPACE, 0) == PL_ACT_PAUSE);
	CHECK(pl_keymap_lookup(&km, SDLK_RIGHT, 0) == PL_ACT_SEEK_FWD);
	CHECK(pl_keymap_lookup(&km, SDLK_RIGHT, KMOD_LSHIFT) == PL_ACT_SEEK_FWD_1S);
	CHECK(pl_keymap_lookup(&km, SDLK_RIGHT, KMOD_RCTRL) == PL_ACT_NEXT_CUE);
	CHECK(pl_keymap_lookup(&km, SDLK_UP, 0) == PL_ACT_SEEK_FWD_60S);
	CHECK(pl_keymap_lookup(&km, SDLK_RIGHTBRACKET, 0) == PL_ACT_SPEED_UP);
	CHECK(pl_keymap_lookup(&km, SDLK_BACKSPACE, 0) == PL_ACT_SPEED_RESET);
	CHECK(pl_keymap_lookup(&km, SDLK_z, KMOD_LCTRL) == PL_ACT_UNDO);
	CHECK(pl_keymap_lookup(&km, SDLK_z, KMOD_LCTRL | KMOD_LSHIFT) == PL_ACT_REDO);
	CHECK(pl_keymap_lookup(&km, SDLK_y, KMOD_LCTRL) == PL_ACT_REDO);
	CHECK(pl_keymap_lookup(&km, SDLK_s, KMOD_LCTRL) == PL_ACT_SAVE);
	CHECK(pl_keymap_lookup(&km, SDLK_SLASH, KMOD_LSHIFT) == PL_ACT_HELP);
	CHECK(pl_keymap_lookup(&km, SDLK_s, 0) == PL_ACT_NONE);
	/* Num lock and caps lock do not change the binding. */
	CHECK(pl_keymap_lookup(&km, SDLK_SPACE, KMOD_NUM | KMOD_CAPS) == PL_ACT_PAUSE);

	/* A user file: rebind, add, unbind, and report bad lines with their number. */
	const char *conf = "# my keys\n"
	                   "f set-start   # Aegisub-like\n"
	                   "ctrl+shift+z undo\n"
	                   "q unbind\n"
	                   "\n"
	                   "x no-such-action\n"
	                   "nosuchkey pause\n"
	                   "lonely\n";
	char buf[1024] = "";
	FILE *err = tmpfile();
	CHECK(pl_keymap_parse(&km, conf, "keys.conf", err) == 3);
	if (err) {
		rewind(err);
		size_t n = fread(buf, 1, sizeof(buf) - 1, err);
		buf[n] = 0;
		fclose(err);
	}
	CHECK(strstr(buf, "keys.conf:6: unknown action 'no-such-action'") != NULL);
	CHECK(strstr(buf, "keys.conf:7:") != NULL && strstr(buf, "keys.conf:8:") != NULL);
	CHECK(pl_keymap_lookup(&km, SDLK_f, 0) == PL_ACT_SET_START);
	CHECK(pl_keymap_lookup(&km, SDLK_z, KMOD_LCTRL | KMOD_LSHIFT) == PL_ACT_UNDO);
	CHECK(pl_keymap_lookup(&km, SDLK_q, 0) == PL_ACT_NONE);
	CHECK(pl_keymap_lookup(&km, SDLK_ESCAPE, 0) == PL_ACT_QUIT);

	/* Every action has a name that maps back, and a description. */
	for (int a = 1; a < PL_ACT_COUNT; a++) {
		CHECK(pl_action_from_name(pl_action_name(a)) == a);
		CHECK(strlen(pl_action_help(a)) > 3);
	}
	CHECK(pl_action_from_name("bogus") == PL_ACT_NONE);

	/* The help lists every bound action with its keys. */
	char *help = pl_keymap_help(&km);
	CHECK(help != NULL);
	if (help) {
		CHECK(strstr(help, "Space\tplay / pause\n") != NULL);
		CHECK(strstr(help, "Ctrl+Shift+Z") != NULL);
		CHECK(strstr(help, "A, F\tstart of the cue at the playhead") != NULL);
		for (size_t i = 0; i < km.n; i++)
			CHECK(strstr(help, pl_action_help(km.b[i].action)) != NULL);
		free(help);
	}
	pl_keymap_release(&km);
	return tap_done();
}
