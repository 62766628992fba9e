/*
 * pl_render.h: drawing the player's window into a software surface.
 *
 * Subtitles are rendered by libass from the very ASS script `tsync export --format ass`
 * writes (sub_ass_write_script), so what is seen is what is exported. The player's own
 * text (speaker, chapter, time, status, help) is a second, small ASS track built each
 * frame, so libass and fontconfig are the only text machinery. Waveforms, cue and turn
 * marks are drawn directly into the pixels.
 *
 * The layout scales with the window height: fonts are sized in fractions of it.
 * Not thread safe; one renderer per thread.
 */
#ifndef PL_RENDER_H
#define PL_RENDER_H

#include <SDL.h>
#include <stdint.h>

#include "pl_peaks.h"
#include "sub_model.h"

/* Subtitle display modes, cycled with 'v'. */
enum pl_sub_mode { PL_SUBS_BOTH, PL_SUBS_FIRST, PL_SUBS_SECOND, PL_SUBS_NONE, PL_SUBS_MODES };

/* What one frame shows; every pointer borrowed for the call. */
struct pl_view {
	const struct sub_project *p;
	int64_t clock_ms;
	int64_t duration_ms;
	double speed;
	int paused;
	int loop;
	int dirty;
	int sub_mode;                 /* enum pl_sub_mode */
	long selected;                /* flat cue index, -1 none */
	const struct pl_peaks *peaks; /* may be NULL */
	const char *title;            /* file name shown in the top bar */
	const char *status;           /* last message, may be NULL */
	const char *prompt;    /* a question over everything ("restore 3 edits? y/n"), or NULL */
	int help;              /* show the key list */
	const char *help_text; /* lines "key\taction\n" */
	/* A boundary being dragged with the mouse: drawn at drag_ms instead of the model's. */
	long drag_cue; /* -1 when none */
	int drag_end;  /* 0 start, 1 end */
	int64_t drag_ms;
	int64_t zoom_span_ms; /* width of the zoomed waveform in time */
};

/* Rectangles of the layout, for mouse hit tests. */
struct pl_layout {
	SDL_Rect zoom;
	SDL_Rect overview;
	int64_t zoom_t0_ms; /* time at zoom.x (depends on the clock) */
};

struct pl_render; /* opaque */

/* Returns a new renderer (libass library, renderer, fontconfig fonts), free with
 * pl_render_free(); NULL on failure. */
struct pl_render *pl_render_new(void);
void pl_render_free(struct pl_render *r);

/* Marks the subtitle script as out of date (after an edit or a mode change). */
void pl_render_invalidate(struct pl_render *r);

/* Computes the layout for a surface of w x h at the view's clock. */
void pl_render_layout(int w, int h, const struct pl_view *v, struct pl_layout *out);

/* Draws the view into s (32-bit ARGB8888). Returns 0 or -1 (libass failed). */
int pl_render_frame(struct pl_render *r, SDL_Surface *s, const struct pl_view *v);

/* Writes an ARGB8888 surface as an RGB PNG. Returns 0 or -1 with a message on stderr. */
int pl_png_write(SDL_Surface *s, const char *path);

/* The language mask (sub_write_opts.lang_mask) for a display mode; -1 for none. */
int pl_sub_mode_mask(const struct sub_project *p, int mode);

#endif
