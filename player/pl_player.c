/* pl_player.c: the window, its event loop, actions and edits. */
#include "pl_player.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pl_audio.h"
#include "pl_edit.h"
#include "pl_journal.h"
#include "pl_keys.h"
#include "pl_peaks.h"
#include "pl_render.h"
#include "sub_format.h"
#include "sub_io.h"

#define FRAME_MS 16
#define DRAG_PX 6

struct sync_stats {
	long frames;
	double lag_sum_ms, lag_max_ms; /* clock at present minus clock drawn */
	long onsets;
	double onset_sum_ms,
	        onset_max_ms; /* clock when a new cue was first shown, minus its start */
	double first_frame_ms;
	double waveform_ready_ms, vad_ready_ms; /* background analysis done, from the start */
	double cpu_sum_ms, cpu_max_ms;          /* CPU time of the main thread per frame drawn */
};

struct player {
	struct sub_project *p;
	const struct pl_player_opts *o;
	struct pl_history *hist;
	struct pl_journal *journal;
	struct pl_audio *audio;
	struct pl_peaks *peaks;
	struct pl_render *render;
	struct pl_keymap keys;
	char *help_text;
	SDL_Window *win;
	SDL_Surface *frame;
	int sub_mode;
	int help;
	int loop;
	long selected;
	long last_shown;
	double audio_open_ms; /* from the start of the player to opening the audio */
	double render_est_ms; /* running mean of the time a frame takes to show */
	long prev_shown;      /* cue on screen at the last frame, for the sync figures */
	char status[512];
	char title[256];
	size_t pending_restore;
	int quit_prompt;
	int quit;
	long drag_cue;
	int drag_end;
	int64_t drag_ms;
	int64_t zoom_span_ms;
	int64_t duration_ms;
	int need_redraw;
	FILE *script;
	char script_line[256]; /* the next line, held while a question waits for its answer */
	uint64_t script_wait_until;
	struct sync_stats st;
};

static void status(struct player *pl, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

static void status(struct player *pl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(pl->status, sizeof(pl->status), fmt, ap);
	va_end(ap);
	pl->need_redraw = 1;
	if (pl->o->verbose || pl->script)
		fprintf(stderr, "tsync play: %s\n", pl->status);
}

static int64_t now_clock(struct player *pl)
{
	return pl_audio_clock_ms(pl->audio);
}

static void seek(struct player *pl, int64_t t)
{
	if (t < 0)
		t = 0;
	if (pl->duration_ms > 0 && t > pl->duration_ms)
		t = pl->duration_ms;
	pl_audio_seek(pl->audio, t);
	pl->need_redraw = 1;
}

static void select_cue(struct player *pl, long n, int do_seek)
{
	long total = (long)sub_project_cue_count(pl->p);
	if (total == 0)
		return;
	if (n < 0)
		n = 0;
	if (n >= total)
		n = total - 1;
	pl->selected = n;
	const struct sub_cue *c = pl_cue_get(pl->p, (size_t)n, NULL);
	if (do_seek && c)
		seek(pl, c->start_ms);
	pl->last_shown = pl_cue_at_time(pl->p, c ? c->start_ms : 0);
	pl->need_redraw = 1;
}

static void describe(char *buf, size_t size, const struct pl_op *op, const struct pl_edit_result *r,
                     int rc)
{
	int64_t d = r->after_ms - r->before_ms;
	if (op->kind == PL_OP_SHIFT_FROM)
		snprintf(buf, size, "cue %zu and all after it shifted %+" PRId64 " ms", op->cue + 1,
		         d);
	else if (rc == PL_EDIT_NOOP)
		snprintf(buf, size, "%s of cue %zu unchanged (at its limit)",
		         op->kind == PL_OP_SET_START ? "start" : "end", op->cue + 1);
	else
		snprintf(buf, size, "%s of cue %zu moved %+" PRId64 " ms",
		         op->kind == PL_OP_SET_START ? "start" : "end", op->cue + 1, d);
}

static void journal_line(struct player *pl, const char *line)
{
	if (pl->journal && pl_journal_append(pl->journal, line) != SUB_OK)
		status(pl, "cannot write the journal: edits are not protected against a crash");
}

static void edit(struct player *pl, int kind, int64_t value)
{
	if (pl->selected < 0) {
		status(pl, "no cue selected");
		return;
	}
	struct pl_op op = {kind, (size_t)pl->selected, value};
	struct pl_edit_result r;
	int rc = pl_history_apply(pl->hist, &op, &r);
	char msg[256], line[64];
	if (rc < 0) {
		status(pl, "edit failed: %s", sub_strerror(rc));
		return;
	}
	describe(msg, sizeof(msg), &op, &r, rc);
	if (rc == SUB_OK) {
		pl_op_format(&op, line, sizeof(line));
		journal_line(pl, line);
		pl_render_invalidate(pl->render);
	}
	status(pl, "%s", msg);
}

static void undo_redo(struct player *pl, int redo)
{
	struct pl_op op;
	struct pl_edit_result r;
	int rc = redo ? pl_history_redo(pl->hist, &op, &r) : pl_history_undo(pl->hist, &op, &r);
	if (rc != SUB_OK) {
		status(pl, "nothing to %s", redo ? "redo" : "undo");
		return;
	}
	char msg[256];
	describe(msg, sizeof(msg), &op, &r, SUB_OK);
	journal_line(pl, redo ? "redo" : "undo");
	pl_render_invalidate(pl->render);
	pl->selected = (long)op.cue;
	status(pl, "%s: %s", redo ? "redone" : "undone", msg);
}

static void save(struct player *pl)
{
	struct sub_error err;
	memset(&err, 0, sizeof(err));
	if (!pl->o->project_path) {
		status(pl, "no project file to save to");
		return;
	}
	int rc = sub_project_write_json_file(pl->p, pl->o->project_path, 1, &err);
	if (rc != SUB_OK) {
		char m[700];
		sub_error_format(&err, m, sizeof(m));
		status(pl, "save failed: %s", m);
		return;
	}
	pl_history_mark_saved(pl->hist);
	char id[64];
	if (pl->journal && pl_journal_file_id(pl->o->project_path, id, sizeof(id)) == SUB_OK)
		pl_journal_reset(pl->journal, id);
	const char *base = strrchr(pl->o->project_path, '/');
	status(pl, "saved %s", base ? base + 1 : pl->o->project_path);
}

/* NAME.zh-en.srt next to the project (or the audio). */
static void export_all(struct player *pl)
{
	const char *ref = pl->o->project_path ? pl->o->project_path : pl->o->audio_path;
	char stem[4096], langs[64] = "", path[4200], done[4400] = "";
	snprintf(stem, sizeof(stem), "%s", ref);
	char *dot = strrchr(stem, '.'), *slash = strrchr(stem, '/');
	if (dot && (!slash || dot > slash))
		*dot = 0;
	int mask = pl_sub_mode_mask(pl->p, pl->sub_mode);
	if (mask < 0)
		mask = 0;
	for (int l = 0; l < pl->p->n_langs; l++)
		if (!mask || (mask & (1 << l))) {
			size_t n = strlen(langs);
			snprintf(langs + n, sizeof(langs) - n, "%s%s", n ? "-" : "",
			         pl->p->lang[l]);
		}
	static const char *const fmts[] = {"srt", "vtt", "ass"};
	for (int i = 0; i < 3; i++) {
		const struct sub_format *f = sub_format_by_name(fmts[i]);
		struct sub_write_opts wo;
		struct sub_error err;
		memset(&wo, 0, sizeof(wo));
		memset(&err, 0, sizeof(err));
		wo.lang_mask = mask;
		wo.speakers = 1;
		snprintf(path, sizeof(path), "%s.%s.%s", stem, langs, fmts[i]);
		if (!f || sub_format_write_file(f, pl->p, &wo, path, &err) != SUB_OK) {
			char m[700];
			sub_error_format(&err, m, sizeof(m));
			status(pl, "export failed: %s", m);
			return;
		}
		size_t n = strlen(done);
		const char *base = strrchr(path, '/');
		snprintf(done + n, sizeof(done) - n, "%s%s", n ? ", " : "",
		         i == 0 ? (base ? base + 1 : path) : fmts[i]);
	}
	status(pl, "exported %s", done);
}

static long turn_of_selected(struct player *pl)
{
	size_t t;
	if (pl->selected >= 0 && pl_cue_get(pl->p, (size_t)pl->selected, &t))
		return (long)t;
	int64_t c = now_clock(pl);
	long best = -1;
	for (size_t i = 0; i < pl->p->n_turns; i++)
		if (pl->p->turns[i].start_ms <= c)
			best = (long)i;
	return best;
}

static void goto_turn(struct player *pl, long dir)
{
	long t = turn_of_selected(pl) + dir;
	if (t < 0)
		t = 0;
	if (t >= (long)pl->p->n_turns)
		t = (long)pl->p->n_turns - 1;
	if (t < 0)
		return;
	long n = 0;
	for (long i = 0; i < t; i++)
		n += (long)pl->p->turns[i].n_cues;
	if (pl->p->turns[t].n_cues)
		select_cue(pl, n, 0);
	seek(pl, pl->p->turns[t].start_ms);
	status(pl, "turn %ld", t + 1);
}

static const struct sub_cue *selected_cue(struct player *pl)
{
	return pl->selected >= 0 ? pl_cue_get(pl->p, (size_t)pl->selected, NULL) : NULL;
}

static void snap(struct player *pl, int onset)
{
	const struct sub_cue *c = selected_cue(pl);
	int64_t at;
	if (!c) {
		status(pl, "no cue selected");
		return;
	}
	if (pl_peaks_snap(pl->peaks, onset ? c->start_ms : c->end_ms, onset, 1000, &at)) {
		status(pl, "no speech %s within 1 s", onset ? "onset" : "offset");
		return;
	}
	edit(pl, onset ? PL_OP_SET_START : PL_OP_SET_END, at);
}

static void nudge(struct player *pl, int kind, int64_t delta)
{
	const struct sub_cue *c = selected_cue(pl);
	if (!c) {
		status(pl, "no cue selected");
		return;
	}
	edit(pl, kind, (kind == PL_OP_SET_START ? c->start_ms : c->end_ms) + delta);
}

static void set_speed(struct player *pl, double s)
{
	pl_audio_set_speed(pl->audio, s);
	status(pl, "speed %.2fx", pl_audio_speed(pl->audio));
}

static void do_action(struct player *pl, int a)
{
	int64_t c = now_clock(pl);
	const struct sub_cue *sel = selected_cue(pl);
	pl->need_redraw = 1;
	switch (a) {
	case PL_ACT_PAUSE:
		pl_audio_set_paused(pl->audio, !pl_audio_paused(pl->audio));
		status(pl, "%s", pl_audio_paused(pl->audio) ? "paused" : "playing");
		break;
	case PL_ACT_SEEK_BACK:
		seek(pl, c - 5000);
		break;
	case PL_ACT_SEEK_FWD:
		seek(pl, c + 5000);
		break;
	case PL_ACT_SEEK_BACK_1S:
		seek(pl, c - 1000);
		break;
	case PL_ACT_SEEK_FWD_1S:
		seek(pl, c + 1000);
		break;
	case PL_ACT_SEEK_BACK_60S:
		seek(pl, c - 60000);
		break;
	case PL_ACT_SEEK_FWD_60S:
		seek(pl, c + 60000);
		break;
	case PL_ACT_PREV_CUE:
		select_cue(pl, pl->selected < 0 ? 0 : pl->selected - 1, 1);
		status(pl, "cue %ld", pl->selected + 1);
		break;
	case PL_ACT_NEXT_CUE:
		select_cue(pl,
		           pl->selected < 0 ? pl_cue_before_time(pl->p, c) + 1 : pl->selected + 1,
		           1);
		status(pl, "cue %ld", pl->selected + 1);
		break;
	case PL_ACT_PREV_TURN:
		goto_turn(pl, -1);
		break;
	case PL_ACT_NEXT_TURN:
		goto_turn(pl, 1);
		break;
	case PL_ACT_REPLAY_CUE:
		if (sel) {
			seek(pl, sel->start_ms);
			pl_audio_set_paused(pl->audio, 0);
		}
		break;
	case PL_ACT_SPEED_DOWN:
		set_speed(pl, pl_audio_speed(pl->audio) / 1.1);
		break;
	case PL_ACT_SPEED_UP:
		set_speed(pl, pl_audio_speed(pl->audio) * 1.1);
		break;
	case PL_ACT_SPEED_RESET:
		set_speed(pl, 1.0);
		break;
	case PL_ACT_LOOP:
		pl->loop = !pl->loop;
		status(pl, "loop %s", pl->loop ? "on" : "off");
		break;
	case PL_ACT_CYCLE_SUBS: {
		static const char *const names[] = {"all languages", "", "", "off"};
		pl->sub_mode = (pl->sub_mode + 1) % PL_SUBS_MODES;
		if (pl->p->n_langs < 2 && (pl->sub_mode == PL_SUBS_SECOND))
			pl->sub_mode = PL_SUBS_NONE;
		pl_render_invalidate(pl->render);
		int mask = pl_sub_mode_mask(pl->p, pl->sub_mode);
		status(pl, "subtitles: %s",
		       pl->sub_mode == PL_SUBS_FIRST || pl->sub_mode == PL_SUBS_SECOND
		               ? pl->p->lang[mask == 2 ? 1 : 0]
		               : names[pl->sub_mode]);
		break;
	}
	case PL_ACT_HELP:
		pl->help = !pl->help;
		break;
	case PL_ACT_QUIT:
		if (pl_history_dirty(pl->hist) && !pl->script && !pl->quit_prompt) {
			pl->quit_prompt = 1;
			break;
		}
		pl->quit = 1;
		break;
	case PL_ACT_SET_START:
		edit(pl, PL_OP_SET_START, c);
		break;
	case PL_ACT_SET_END_NEXT: {
		long was = pl->selected;
		edit(pl, PL_OP_SET_END, c);
		if (was >= 0 && was + 1 < (long)sub_project_cue_count(pl->p))
			pl->selected = was + 1;
		break;
	}
	case PL_ACT_START_EARLIER_10:
		nudge(pl, PL_OP_SET_START, -10);
		break;
	case PL_ACT_START_LATER_10:
		nudge(pl, PL_OP_SET_START, 10);
		break;
	case PL_ACT_START_EARLIER_100:
		nudge(pl, PL_OP_SET_START, -100);
		break;
	case PL_ACT_START_LATER_100:
		nudge(pl, PL_OP_SET_START, 100);
		break;
	case PL_ACT_END_EARLIER_10:
		nudge(pl, PL_OP_SET_END, -10);
		break;
	case PL_ACT_END_LATER_10:
		nudge(pl, PL_OP_SET_END, 10);
		break;
	case PL_ACT_END_EARLIER_100:
		nudge(pl, PL_OP_SET_END, -100);
		break;
	case PL_ACT_END_LATER_100:
		nudge(pl, PL_OP_SET_END, 100);
		break;
	case PL_ACT_SHIFT_TO_PLAYHEAD:
		if (sel)
			edit(pl, PL_OP_SHIFT_FROM, c - sel->start_ms);
		else
			status(pl, "no cue selected");
		break;
	case PL_ACT_SHIFT_EARLIER_100:
		edit(pl, PL_OP_SHIFT_FROM, -100);
		break;
	case PL_ACT_SHIFT_LATER_100:
		edit(pl, PL_OP_SHIFT_FROM, 100);
		break;
	case PL_ACT_SNAP_START:
		snap(pl, 1);
		break;
	case PL_ACT_SNAP_END:
		snap(pl, 0);
		break;
	case PL_ACT_UNDO:
		undo_redo(pl, 0);
		break;
	case PL_ACT_REDO:
		undo_redo(pl, 1);
		break;
	case PL_ACT_SAVE:
		save(pl);
		break;
	case PL_ACT_EXPORT:
		export_all(pl);
		break;
	default:
		break;
	}
}

/* Answers to the questions shown over the window. Returns 1 when the key was used. */
static int prompt_key(struct player *pl, SDL_Keycode k)
{
	if (pl->pending_restore) {
		if (k != SDLK_y && k != SDLK_n)
			return 1;
		int yes = k == SDLK_y;
		if (pl_session_resolve(pl->p, pl->o, yes, pl->hist, &pl->journal) == 0)
			status(pl,
			       yes ? "restored %zu unsaved edits" : "discarded %zu unsaved edits",
			       pl->pending_restore);
		pl->pending_restore = 0;
		pl_render_invalidate(pl->render);
		pl->need_redraw = 1;
		return 1;
	}
	if (pl->quit_prompt) {
		if (k == SDLK_y) {
			save(pl);
			pl->quit = 1;
		} else if (k == SDLK_n) {
			pl->quit = 1;
		} else if (k == SDLK_ESCAPE) {
			pl->quit_prompt = 0;
		}
		pl->need_redraw = 1;
		return 1;
	}
	return 0;
}

static void view_of(struct player *pl, struct pl_view *v, int64_t clock)
{
	static char prompt[256];
	memset(v, 0, sizeof(*v));
	v->p = pl->p;
	v->clock_ms = clock;
	v->duration_ms = pl->duration_ms;
	v->speed = pl_audio_speed(pl->audio);
	v->paused = pl_audio_paused(pl->audio);
	v->loop = pl->loop;
	v->dirty = pl_history_dirty(pl->hist);
	v->sub_mode = pl->sub_mode;
	v->selected = pl->selected;
	v->peaks = pl->peaks;
	v->title = pl->title;
	v->status = pl->status;
	v->help = pl->help;
	v->help_text = pl->help_text;
	v->drag_cue = pl->drag_cue;
	v->drag_end = pl->drag_end;
	v->drag_ms = pl->drag_ms;
	v->zoom_span_ms = pl->zoom_span_ms;
	if (pl->pending_restore) {
		snprintf(prompt, sizeof(prompt),
		         "Restore %zu unsaved edit%s from the journal?   y / n",
		         pl->pending_restore, pl->pending_restore == 1 ? "" : "s");
		v->prompt = prompt;
	} else if (pl->quit_prompt) {
		v->prompt = "Save before quitting?   y = save,  n = quit (the journal keeps the "
		            "edits),  Esc = stay";
	}
}

static void mouse_down(struct player *pl, int x, int y)
{
	struct pl_view v;
	struct pl_layout lay;
	int64_t c = now_clock(pl);
	view_of(pl, &v, c);
	pl_render_layout(pl->frame->w, pl->frame->h, &v, &lay);
	SDL_Point pt = {x, y};
	if (SDL_PointInRect(&pt, &lay.overview) && pl->duration_ms > 0) {
		seek(pl, (int64_t)(x - lay.overview.x) * pl->duration_ms / lay.overview.w);
		return;
	}
	if (!SDL_PointInRect(&pt, &lay.zoom))
		return;
	int64_t span = pl->zoom_span_ms;
	int64_t t = lay.zoom_t0_ms + (int64_t)(x - lay.zoom.x) * span / lay.zoom.w;
	int64_t tol = DRAG_PX * span / lay.zoom.w;
	/* Grab the nearest boundary within a few pixels. */
	long best = -1;
	int best_end = 0;
	int64_t best_d = tol + 1;
	size_t total = sub_project_cue_count(pl->p);
	for (size_t n = 0; n < total; n++) {
		const struct sub_cue *cu = pl_cue_get(pl->p, n, NULL);
		int64_t ds = llabs(cu->start_ms - t), de = llabs(cu->end_ms - t);
		if (ds < best_d) {
			best = (long)n, best_end = 0, best_d = ds;
		}
		if (de < best_d) {
			best = (long)n, best_end = 1, best_d = de;
		}
	}
	if (best >= 0) {
		pl->drag_cue = best;
		pl->drag_end = best_end;
		pl->drag_ms = t;
		pl->selected = best;
		pl->need_redraw = 1;
		return;
	}
	long at = pl_cue_at_time(pl->p, t);
	if (at >= 0)
		pl->selected = at;
	seek(pl, t);
}

static void mouse_move(struct player *pl, int x)
{
	if (pl->drag_cue < 0)
		return;
	struct pl_view v;
	struct pl_layout lay;
	view_of(pl, &v, now_clock(pl));
	pl_render_layout(pl->frame->w, pl->frame->h, &v, &lay);
	pl->drag_ms = lay.zoom_t0_ms + (int64_t)(x - lay.zoom.x) * pl->zoom_span_ms / lay.zoom.w;
	pl->need_redraw = 1;
}

static void mouse_up(struct player *pl)
{
	if (pl->drag_cue < 0)
		return;
	pl->selected = pl->drag_cue;
	pl->drag_cue = -1;
	edit(pl, pl->drag_end ? PL_OP_SET_END : PL_OP_SET_START, pl->drag_ms);
}

/* One line of the --script file: an action name, "wait MS", "seek SECONDS", "select N". */
static void script_step(struct player *pl)
{
	uint64_t now = SDL_GetTicks64();
	if (!pl->script || now < pl->script_wait_until)
		return;
	if (!pl->script_line[0] && !fgets(pl->script_line, sizeof(pl->script_line), pl->script)) {
		fclose(pl->script);
		pl->script = NULL;
		return;
	}
	char line[256];
	snprintf(line, sizeof(line), "%s", pl->script_line);
	line[strcspn(line, "\r\n")] = 0;
	char word[64];
	double num = 0;
	int n = sscanf(line, "%63s %lf", word, &num);
	/* While a question is on screen only its answer goes through; the rest waits. */
	if ((pl->pending_restore || pl->quit_prompt) && !(n > 0 && !strcmp(word, "answer")))
		return;
	pl->script_line[0] = 0;
	if (n <= 0 || word[0] == '#')
		return;
	if (!strcmp(word, "wait") && n == 2) {
		pl->script_wait_until = now + (uint64_t)num;
	} else if (!strcmp(word, "seek") && n == 2) {
		seek(pl, (int64_t)llround(num * 1000.0));
	} else if (!strcmp(word, "select") && n == 2) {
		select_cue(pl, (long)num - 1, 0);
	} else if (!strcmp(word, "answer")) {
		const char *a = line + strlen("answer");
		while (*a == ' ')
			a++;
		prompt_key(pl, *a == 'y' ? SDLK_y : *a == 'n' ? SDLK_n : SDLK_ESCAPE);
	} else {
		int act = pl_action_from_name(word);
		if (act == PL_ACT_NONE)
			fprintf(stderr, "tsync play: script: unknown action '%s'\n", word);
		else
			do_action(pl, act);
	}
}

static void handle_event(struct player *pl, const SDL_Event *e)
{
	switch (e->type) {
	case SDL_QUIT:
		pl->quit = 1;
		break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
		    e->window.event == SDL_WINDOWEVENT_EXPOSED) {
			int w, h;
			SDL_GetWindowSize(pl->win, &w, &h);
			if (w != pl->frame->w || h != pl->frame->h) {
				SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(
				        0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
				if (s) {
					SDL_FreeSurface(pl->frame);
					pl->frame = s;
				}
			}
			pl->need_redraw = 1;
		}
		break;
	case SDL_KEYDOWN: {
		if (prompt_key(pl, e->key.keysym.sym) || pl->pending_restore || pl->quit_prompt)
			break;
		int a = pl_keymap_lookup(&pl->keys, e->key.keysym.sym, e->key.keysym.mod);
		if (pl->help && a != PL_ACT_HELP && a != PL_ACT_QUIT) {
			pl->help = 0;
			pl->need_redraw = 1;
		}
		if (a != PL_ACT_NONE)
			do_action(pl, a);
		break;
	}
	case SDL_MOUSEBUTTONDOWN:
		if (e->button.button == SDL_BUTTON_LEFT && !pl->pending_restore)
			mouse_down(pl, e->button.x, e->button.y);
		break;
	case SDL_MOUSEMOTION:
		mouse_move(pl, e->motion.x);
		break;
	case SDL_MOUSEBUTTONUP:
		if (e->button.button == SDL_BUTTON_LEFT)
			mouse_up(pl);
		break;
	default:
		break;
	}
}

/* Follows the playhead: the cue being played becomes the selected one as it starts. */
static void follow(struct player *pl, int64_t clock)
{
	long shown = pl_cue_at_time(pl->p, clock);
	if (shown != pl->last_shown) {
		if (shown >= 0 && !pl_audio_paused(pl->audio))
			pl->selected = shown;
		pl->last_shown = shown;
		pl->need_redraw = 1;
	}
	const struct sub_cue *c = selected_cue(pl);
	if (pl->loop && c && !pl_audio_paused(pl->audio) && clock >= c->end_ms)
		seek(pl, c->start_ms);
}

static void write_stats(struct player *pl, double wall_s)
{
	struct sync_stats *s = &pl->st;
	FILE *f = stderr;
	if (pl->o->stats_path && !(f = fopen(pl->o->stats_path, "w")))
		f = stderr;
	fprintf(f, "first_frame_ms %.1f\n", s->first_frame_ms);
	double fa = pl_audio_first_audio_ms(pl->audio);
	fprintf(f, "first_audio_ms %.1f\n", fa < 0 ? -1.0 : pl->audio_open_ms + fa);
	fprintf(f, "waveform_ready_ms %.0f\nvoice_activity_ready_ms %.0f\n", s->waveform_ready_ms,
	        s->vad_ready_ms);
	fprintf(f, "frames %ld\nfps %.1f\n", s->frames, wall_s > 0 ? s->frames / wall_s : 0);
	fprintf(f, "present_offset_mean_ms %.2f\npresent_offset_max_ms %.2f\n",
	        s->frames ? s->lag_sum_ms / s->frames : 0, s->lag_max_ms);
	fprintf(f, "cue_onsets %ld\ncue_onset_offset_mean_ms %.2f\ncue_onset_offset_max_ms %.2f\n",
	        s->onsets, s->onsets ? s->onset_sum_ms / s->onsets : 0, s->onset_max_ms);
	fprintf(f, "frame_cpu_mean_ms %.2f\nframe_cpu_max_ms %.2f\n",
	        s->frames ? s->cpu_sum_ms / s->frames : 0, s->cpu_max_ms);
	fprintf(f, "audio_device %d\naudio_latency_ms %.1f\n", pl_audio_has_device(pl->audio),
	        pl_audio_latency_ms(pl->audio));
	if (f != stderr)
		fclose(f);
}

/* Next cue start or end after t_ms (media time), or -1. */
static int64_t next_boundary(const struct sub_project *p, int64_t t_ms)
{
	int64_t best = -1;
	for (size_t i = 0; i < p->n_turns; i++)
		for (size_t j = 0; j < p->turns[i].n_cues; j++) {
			const struct sub_cue *c = &p->turns[i].cues[j];
			if (c->start_ms > t_ms && (best < 0 || c->start_ms < best))
				best = c->start_ms;
			if (c->end_ms > t_ms && (best < 0 || c->end_ms < best))
				best = c->end_ms;
		}
	return best;
}

/*
 * Draws a frame for the moment it will be on screen: the clock now plus the time a frame
 * takes to draw and show (a running mean), so the subtitle shown matches what is heard.
 */
static int present(struct player *pl, uint64_t t_start)
{
	int64_t clock = now_clock(pl);
	int playing = !pl_audio_paused(pl->audio);
	int64_t draw_clock = clock;
	if (playing)
		draw_clock += (int64_t)llround(pl->render_est_ms * pl_audio_speed(pl->audio));
	struct pl_view v;
	struct timespec cpu0, cpu1;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0);
	view_of(pl, &v, draw_clock);
	if (pl_render_frame(pl->render, pl->frame, &v))
		return -1;
	SDL_Surface *ws = SDL_GetWindowSurface(pl->win);
	if (ws) {
		SDL_BlitSurface(pl->frame, NULL, ws, NULL);
		SDL_UpdateWindowSurface(pl->win);
	}
	int64_t after = now_clock(pl);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu1);
	struct sync_stats *s = &pl->st;
	double cpu_ms = (double)(cpu1.tv_sec - cpu0.tv_sec) * 1000.0 +
	                (double)(cpu1.tv_nsec - cpu0.tv_nsec) / 1e6;
	s->cpu_sum_ms += cpu_ms;
	if (cpu_ms > s->cpu_max_ms)
		s->cpu_max_ms = cpu_ms;
	if (!s->frames)
		s->first_frame_ms = (double)(SDL_GetPerformanceCounter() - t_start) * 1000.0 /
		                    (double)SDL_GetPerformanceFrequency();
	s->frames++;
	if (playing && after >= clock) {
		double took = (double)(after - clock) / pl_audio_speed(pl->audio);
		pl->render_est_ms = pl->render_est_ms * 0.9 + took * 0.1;
		double lag = fabs((double)(after - draw_clock));
		s->lag_sum_ms += lag;
		if (lag > s->lag_max_ms)
			s->lag_max_ms = lag;
		/* A cue that started since the last frame is now on screen. */
		long shown = pl_cue_at_time(pl->p, draw_clock);
		if (shown >= 0 && shown != pl->prev_shown) {
			const struct sub_cue *c = pl_cue_get(pl->p, (size_t)shown, NULL);
			double off = (double)(after - c->start_ms);
			if (off > -1000 && off < 1000) {
				s->onsets++;
				s->onset_sum_ms += fabs(off);
				if (fabs(off) > s->onset_max_ms)
					s->onset_max_ms = fabs(off);
				if (pl->o->verbose > 1)
					fprintf(stderr,
					        "sync: cue %ld on screen %+.0f ms from its start\n",
					        shown + 1, off);
			}
		}
		pl->prev_shown = shown;
	}
	pl->need_redraw = 0;
	return 0;
}

/* How long to sleep before the next frame: the frame period, or less so that a cue
 * boundary coming sooner is drawn on time. */
static uint32_t frame_sleep_ms(struct player *pl, uint64_t spent_ms)
{
	int64_t sleep = FRAME_MS - (int64_t)spent_ms;
	if (!pl_audio_paused(pl->audio)) {
		int64_t c = now_clock(pl);
		int64_t b = next_boundary(pl->p, c);
		if (b >= 0) {
			double until =
			        (double)(b - c) / pl_audio_speed(pl->audio) - pl->render_est_ms;
			if (until < (double)sleep)
				sleep = (int64_t)until;
		}
	}
	return sleep > 0 ? (uint32_t)sleep : 0;
}

int pl_player_run(struct sub_project *p, const struct pl_player_opts *o)
{
	struct player pl;
	char err[512];
	int rc = 1;
	uint64_t t_start = SDL_GetPerformanceCounter();
	memset(&pl, 0, sizeof(pl));
	pl.p = p;
	pl.o = o;
	pl.selected = -1;
	pl.last_shown = -2;
	pl.drag_cue = -1;
	pl.zoom_span_ms = 10000;
	const char *base = o->project_path ? o->project_path : o->audio_path;
	const char *slash = strrchr(base, '/');
	snprintf(pl.title, sizeof(pl.title), "%s", slash ? slash + 1 : base);
	if (pl_keymap_init(&pl.keys)) {
		fprintf(stderr, "tsync play: out of memory\n");
		return 1;
	}
	pl_keymap_load_user(&pl.keys, stderr);
	pl.help_text = pl_keymap_help(&pl.keys);
	if (pl_session_open(p, o, 1, &pl.hist, &pl.journal, &pl.pending_restore))
		goto out_free;
	pl.audio_open_ms = (double)(SDL_GetPerformanceCounter() - t_start) * 1000.0 /
	                   (double)SDL_GetPerformanceFrequency();
	if (pl_audio_open(o->audio_path, o->silent ? PL_AUDIO_SILENT : 0, &pl.audio, err,
	                  sizeof(err))) {
		fprintf(stderr, "tsync play: %s\n", err);
		goto out_free;
	}
	if (err[0])
		fprintf(stderr, "tsync play: %s\n", err);
	pl.duration_ms = pl_audio_duration_ms(pl.audio);
	if (pl.duration_ms < 0) {
		/* A stream of unknown length: the last cue bounds what the strips show. */
		size_t n = sub_project_cue_count(p);
		const struct sub_cue *last = n ? pl_cue_get(p, n - 1, NULL) : NULL;
		pl.duration_ms = last ? last->end_ms + 1000 : 60000;
	}
	pl.peaks = pl_peaks_start(o->audio_path, 1);
	if (!(pl.render = pl_render_new())) {
		fprintf(stderr, "tsync play: libass could not start\n");
		goto out_free;
	}
	char wtitle[300];
	snprintf(wtitle, sizeof(wtitle), "tsync - %s", pl.title);
	/* The frame is drawn in software: show it with XShm, not through a (software) GL. */
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	pl.win = SDL_CreateWindow(wtitle, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
	                          o->width > 0 ? o->width : 1280, o->height > 0 ? o->height : 720,
	                          SDL_WINDOW_RESIZABLE);
	if (!pl.win) {
		fprintf(stderr, "tsync play: cannot open a window: %s\n", SDL_GetError());
		goto out_free;
	}
	int w, h;
	SDL_GetWindowSize(pl.win, &w, &h);
	pl.frame = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!pl.frame)
		goto out_free;
	if (o->script_path && !(pl.script = fopen(o->script_path, "r"))) {
		perror(o->script_path);
		goto out_free;
	}
	if (o->seek_ms > 0)
		seek(&pl, o->seek_ms);
	select_cue(&pl, pl_cue_before_time(p, o->seek_ms > 0 ? o->seek_ms : 0), 0);
	if (pl.selected < 0 && sub_project_cue_count(p))
		pl.selected = 0;
	if (!o->start_paused)
		pl_audio_set_paused(pl.audio, 0);
	status(&pl, "%s",
	       pl.pending_restore ? "the journal holds unsaved edits" : "F1 or ? lists the keys");
	/* Drawing on time matters more than the background analysis (which runs low). */
	SDL_SetThreadPriority(SDL_THREAD_PRIORITY_HIGH);
	uint64_t wall0 = SDL_GetTicks64();
	pl.need_redraw = 1;
	while (!pl.quit) {
		uint64_t frame_start = SDL_GetTicks64();
		SDL_Event e;
		while (SDL_PollEvent(&e))
			handle_event(&pl, &e);
		script_step(&pl);
		double since = (double)(SDL_GetPerformanceCounter() - t_start) * 1000.0 /
		               (double)SDL_GetPerformanceFrequency();
		if (!pl.st.waveform_ready_ms && pl.peaks &&
		    pl_peaks_ready(pl.peaks) >= pl_peaks_total(pl.peaks)) {
			pl.st.waveform_ready_ms = since;
			if (o->verbose)
				fprintf(stderr, "tsync play: waveform ready after %.1f s\n",
				        since / 1000);
		}
		if (!pl.st.vad_ready_ms && pl_peaks_speech(pl.peaks, &(size_t){0})) {
			pl.st.vad_ready_ms = since;
			if (o->verbose)
				fprintf(stderr, "tsync play: voice activity ready after %.1f s\n",
				        since / 1000);
		}
		int64_t clock = now_clock(&pl);
		follow(&pl, clock);
		if (!pl_audio_paused(pl.audio) && pl_audio_at_end(pl.audio)) {
			pl_audio_set_paused(pl.audio, 1);
			status(&pl, "end of the recording");
		}
		if (o->until_ms >= 0 && clock >= o->until_ms)
			break;
		if (o->duration_s > 0 &&
		    (double)(SDL_GetTicks64() - wall0) / 1000.0 >= o->duration_s)
			break;
		/* While paused, redraw only on change (and while the peaks fill in). */
		if (!pl_audio_paused(pl.audio) || pl.need_redraw ||
		    pl_peaks_ready(pl.peaks) < pl_peaks_total(pl.peaks)) {
			if (present(&pl, t_start)) {
				fprintf(stderr, "tsync play: rendering failed\n");
				goto out_free;
			}
		}
		uint32_t sleep = frame_sleep_ms(&pl, SDL_GetTicks64() - frame_start);
		if (sleep)
			SDL_Delay(sleep);
	}
	rc = 0;
	if (o->verbose || o->stats_path)
		write_stats(&pl, (double)(SDL_GetTicks64() - wall0) / 1000.0);
	if (pl_history_dirty(pl.hist) && pl.journal)
		fprintf(stderr, "tsync play: unsaved edits are kept in %s.journal\n",
		        o->project_path);
out_free:
	if (pl.script)
		fclose(pl.script);
	if (pl.frame)
		SDL_FreeSurface(pl.frame);
	if (pl.win)
		SDL_DestroyWindow(pl.win);
	pl_render_free(pl.render);
	pl_peaks_free(pl.peaks);
	pl_audio_free(pl.audio);
	pl_journal_free(pl.journal, pl.hist && !pl_history_dirty(pl.hist) && rc == 0);
	pl_history_free(pl.hist);
	free(pl.help_text);
	pl_keymap_release(&pl.keys);
	return rc;
}

int pl_player_frame(struct sub_project *p, const struct pl_player_opts *o, int64_t t_ms, int w,
                    int h, int show_help, const char *png_path)
{
	struct pl_render *r = pl_render_new();
	struct pl_peaks *pk = pl_peaks_start(o->audio_path, 0);
	struct pl_keymap km;
	char *help = NULL;
	int rc = 1;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	memset(&km, 0, sizeof(km));
	if (!r || !s || pl_keymap_init(&km)) {
		fprintf(stderr, "tsync play: cannot set up the renderer\n");
		goto out_free;
	}
	help = pl_keymap_help(&km);
	if (!pk)
		fprintf(stderr, "tsync play: %s: no waveform (cannot decode)\n", o->audio_path);
	pl_peaks_wait(pk);
	struct pl_view v;
	memset(&v, 0, sizeof(v));
	v.p = p;
	v.clock_ms = t_ms;
	v.duration_ms = -1;
	if (pk)
		v.duration_ms = (int64_t)pl_peaks_total(pk) * 1000 / PL_PEAKS_BINS_PER_S;
	v.speed = 1.0;
	v.paused = 1;
	v.selected = pl_cue_before_time(p, t_ms);
	v.peaks = pk;
	const char *base = o->project_path ? o->project_path : o->audio_path;
	const char *slash = strrchr(base, '/');
	v.title = slash ? slash + 1 : base;
	v.help = show_help;
	v.help_text = help;
	v.drag_cue = -1;
	v.zoom_span_ms = 10000;
	char st[64];
	snprintf(st, sizeof(st), "frame at %.3f s", (double)t_ms / 1000.0);
	v.status = st;
	if (pl_render_frame(r, s, &v) || pl_png_write(s, png_path))
		goto out_free;
	rc = 0;
out_free:
	free(help);
	pl_keymap_release(&km);
	if (s)
		SDL_FreeSurface(s);
	pl_peaks_free(pk);
	pl_render_free(r);
	return rc;
}
