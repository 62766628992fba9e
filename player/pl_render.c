/* pl_render.c: libass subtitles and UI text, waveforms, cue and turn marks. */
#include "pl_render.h"

#include <ass/ass.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl_edit.h"
#include "sub_format.h"
#include "sub_io.h"

struct pl_render {
	ASS_Library *lib;
	ASS_Renderer *ren;
	ASS_Track *subs;
	int frame_w, frame_h;
	int subs_stale;
	int subs_mask;
	const struct sub_project *subs_p;
	/* Overview waveform cache: per column min/max for a width and a number of bins. */
	float *ov;
	int ov_w;
	size_t ov_ready;
	float norm; /* gain so the loudest peak fills the strip */
	float peak_max;
	size_t norm_ready;
};

/* Speaker colours, 0xRRGGBB. */
static const uint32_t palette[] = {0x3d8bfd, 0xf0883e, 0x3fb950, 0xbc8cff, 0xdb61a2, 0xd29922};
#define N_PALETTE (sizeof(palette) / sizeof(palette[0]))

static uint32_t speaker_rgb(int speaker)
{
	return speaker < 0 ? 0x8b949e : palette[(size_t)speaker % N_PALETTE];
}

static void ass_quiet(int level, const char *fmt, va_list va, void *data)
{
	(void)level, (void)fmt, (void)va, (void)data;
}

struct pl_render *pl_render_new(void)
{
	struct pl_render *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->subs_stale = 1;
	r->norm = 1.0f;
	if (!(r->lib = ass_library_init()))
		goto out_fail;
	if (!getenv("TSYNC_ASS_DEBUG"))
		ass_set_message_cb(r->lib, ass_quiet, NULL);
	if (!(r->ren = ass_renderer_init(r->lib)))
		goto out_fail;
	ass_set_fonts(r->ren, NULL, "Noto Sans CJK SC", ASS_FONTPROVIDER_AUTODETECT, NULL, 1);
	return r;
out_fail:
	pl_render_free(r);
	return NULL;
}

void pl_render_free(struct pl_render *r)
{
	if (!r)
		return;
	if (r->subs)
		ass_free_track(r->subs);
	if (r->ren)
		ass_renderer_done(r->ren);
	if (r->lib)
		ass_library_done(r->lib);
	free(r->ov);
	free(r);
}

void pl_render_invalidate(struct pl_render *r)
{
	if (r)
		r->subs_stale = 1;
}

int pl_sub_mode_mask(const struct sub_project *p, int mode)
{
	switch (mode) {
	case PL_SUBS_BOTH:
		return 0;
	case PL_SUBS_FIRST:
		return 1;
	case PL_SUBS_SECOND:
		return p && p->n_langs > 1 ? 2 : 1;
	default:
		return -1;
	}
}

void pl_render_layout(int w, int h, const struct pl_view *v, struct pl_layout *out)
{
	int mx = w / 50;
	out->zoom = (SDL_Rect){mx, h * 655 / 1000, w - 2 * mx, h * 180 / 1000};
	out->overview = (SDL_Rect){mx, h * 855 / 1000, w - 2 * mx, h * 65 / 1000};
	int64_t span = v->zoom_span_ms > 0 ? v->zoom_span_ms : 10000;
	out->zoom_t0_ms = v->clock_ms - span / 2;
}

/* ---- pixels ---- */

static void fill(SDL_Surface *s, int x, int y, int w, int h, uint32_t rgb)
{
	SDL_Rect rc = {x, y, w, h};
	SDL_FillRect(s, &rc, 0xff000000u | rgb);
}

/* Blends rgb with alpha a (0..255) over a rectangle, clipped. */
static void tint(SDL_Surface *s, int x, int y, int w, int h, uint32_t rgb, int a)
{
	int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
	int x1 = x + w > s->w ? s->w : x + w, y1 = y + h > s->h ? s->h : y + h;
	uint32_t cr = (rgb >> 16) & 255, cg = (rgb >> 8) & 255, cb = rgb & 255;
	for (int yy = y0; yy < y1; yy++) {
		uint32_t *row = (uint32_t *)(void *)((uint8_t *)s->pixels + (size_t)yy * s->pitch);
		for (int xx = x0; xx < x1; xx++) {
			uint32_t p = row[xx];
			uint32_t pr = (p >> 16) & 255, pg = (p >> 8) & 255, pb = p & 255;
			pr = (cr * a + pr * (255 - a)) / 255;
			pg = (cg * a + pg * (255 - a)) / 255;
			pb = (cb * a + pb * (255 - a)) / 255;
			row[xx] = 0xff000000u | pr << 16 | pg << 8 | pb;
		}
	}
}

static void blend_images(SDL_Surface *s, const ASS_Image *img, int dy, int clip_y0, int clip_y1)
{
	for (; img; img = img->next) {
		uint32_t cr = img->color >> 24, cg = (img->color >> 16) & 255,
		         cb = (img->color >> 8) & 255, ca = 255 - (img->color & 255);
		for (int y = 0; y < img->h; y++) {
			int yy = img->dst_y + dy + y;
			if (yy < clip_y0 || yy >= clip_y1 || yy < 0 || yy >= s->h)
				continue;
			uint32_t *row =
			        (uint32_t *)(void *)((uint8_t *)s->pixels + (size_t)yy * s->pitch);
			const unsigned char *src = img->bitmap + (size_t)y * img->stride;
			for (int x = 0; x < img->w; x++) {
				int xx = img->dst_x + x;
				if (xx < 0 || xx >= s->w || !src[x])
					continue;
				uint32_t k = (src[x] * ca + 127) / 255;
				uint32_t p = row[xx];
				uint32_t pr = (p >> 16) & 255, pg = (p >> 8) & 255, pb = p & 255;
				pr = (cr * k + pr * (255 - k)) / 255;
				pg = (cg * k + pg * (255 - k)) / 255;
				pb = (cb * k + pb * (255 - k)) / 255;
				row[xx] = 0xff000000u | pr << 16 | pg << 8 | pb;
			}
		}
	}
}

/* ---- UI text as an ASS track ---- */

/* Appends s with ASS specials neutralised and newlines as \N. */
static void ui_escape(struct sub_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '{')
			sub_buf_puts(b, "(");
		else if (*s == '}')
			sub_buf_puts(b, ")");
		else if (*s == '\\')
			sub_buf_puts(b, "/");
		else if (*s == '\n')
			sub_buf_puts(b, "\\N");
		else if (*s != '\r')
			sub_buf_append(b, s, 1);
	}
}

/* One UI text: an is the numpad alignment, size in pixels, rgb its colour. */
static void ui_text(struct sub_buf *b, int an, int x, int y, int size, uint32_t rgb,
                    const char *text)
{
	sub_buf_printf(b,
	               "Dialogue: 0,0:00:00.00,9:59:59.00,UI,,0,0,0,,{\\an%d\\pos(%d,%d)\\fs%d"
	               "\\c&H%02X%02X%02X&}",
	               an, x, y, size, rgb & 255, (rgb >> 8) & 255, (rgb >> 16) & 255);
	ui_escape(b, text);
	sub_buf_puts(b, "\n");
}

static void fmt_time(int64_t ms, char *buf, size_t size)
{
	if (ms < 0)
		ms = 0;
	int64_t h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, f = ms % 1000;
	if (h)
		snprintf(buf, size, "%" PRId64 ":%02" PRId64 ":%02" PRId64 ".%03" PRId64, h, m, s,
		         f);
	else
		snprintf(buf, size, "%02" PRId64 ":%02" PRId64 ".%03" PRId64, m, s, f);
}

/* The texts of a name in every language, joined with " · ". */
static void join_langs(const struct sub_project *p, char *const *names, char *buf, size_t size)
{
	buf[0] = 0;
	for (int l = 0; l < p->n_langs; l++) {
		if (!names[l] || !names[l][0])
			continue;
		int dup = 0;
		for (int k = 0; k < l; k++)
			dup |= names[k] && !strcmp(names[k], names[l]);
		if (dup)
			continue;
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", n ? "  ·  " : "", names[l]);
	}
}

/* Copies s into out, cut with "…" where its estimated width passes budget_em (CJK and
 * other wide characters 1 em, the rest 0.55 em): UI text never runs into its neighbour. */
static void fit_text(const char *s, double budget_em, char *out, size_t size)
{
	double used = 0;
	size_t i = 0, n = strlen(s);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		used += c >= 0xe0 ? 1.0 : 0.55;
		if (used > budget_em - 1.0 || i + len >= size - 4) {
			if (i + len < n || used > budget_em) {
				snprintf(out, size, "%.*s…", (int)i, s);
				return;
			}
		}
		i += len;
	}
	snprintf(out, size, "%s", s);
}

static int turn_at(const struct sub_project *p, int64_t t_ms)
{
	int best = -1;
	for (size_t i = 0; i < p->n_turns; i++)
		if (p->turns[i].start_ms <= t_ms)
			best = (int)i;
	return best;
}

static void build_ui(const struct pl_view *v, int w, int h, const struct pl_layout *lay,
                     struct sub_buf *b)
{
	const struct sub_project *p = v->p;
	int fs = h * 30 / 1000 > 10 ? h * 30 / 1000 : 10;
	int mx = w / 50;
	sub_buf_printf(b,
	               "[Script Info]\nScriptType: v4.00+\nWrapStyle: 2\nScaledBorderAndShadow: "
	               "yes\nPlayResX: %d\nPlayResY: %d\n\n[V4+ Styles]\nFormat: Name, Fontname, "
	               "Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
	               "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
	               "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, "
	               "Encoding\nStyle: UI,Noto Sans CJK SC,%d,&H00FFFFFF,&H00FFFFFF,&H00000000,"
	               "&H00000000,0,0,0,0,100,100,0,0,1,%.1f,0,7,0,0,0,1\n\n[Events]\nFormat: "
	               "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n",
	               w, h, fs, h / 900.0);
	char line[1024], a[32], d[32];
	int ty = h * 18 / 1000;
	/* Top bar: file and chapter on the left, time and state on the right. */
	int ti = turn_at(p, v->clock_ms);
	line[0] = 0;
	if (ti >= 0 && p->turns[ti].chapter >= 0 && (size_t)p->turns[ti].chapter < p->n_chapters)
		join_langs(p, p->chapters[p->turns[ti].chapter].title, line, sizeof(line));
	char top[1200], fitted[1200], right[256];
	snprintf(top, sizeof(top), "%s", v->title ? v->title : "");
	fmt_time(v->clock_ms, a, sizeof(a));
	fmt_time(v->duration_ms, d, sizeof(d));
	snprintf(right, sizeof(right), "%s%s   %s / %s   %.2fx   %s",
	         v->dirty ? "● modified   " : "", v->loop ? "LOOP" : "", a, d, v->speed,
	         v->paused ? "PAUSED" : "PLAYING");
	double right_em = 0.55 * (double)strlen(right);
	fit_text(top, (double)(w - 2 * mx) / fs - right_em - 2.0, fitted, sizeof(fitted));
	ui_text(b, 7, mx, ty, fs, 0xc9d1d9, fitted);
	ui_text(b, 9, w - mx, ty, fs, 0xffffff, right);
	/* The chapter under the bar, in every language, cut to the width. */
	if (line[0]) {
		fit_text(line, (double)(w - 2 * mx) / fs, fitted, sizeof(fitted));
		ui_text(b, 8, w / 2, h * 8 / 100, fs, 0xd2a8ff, fitted);
	}
	int overlay = v->help || v->prompt;
	/* Speaker of the current turn. */
	if (!overlay && ti >= 0 && p->turns[ti].speaker >= 0 &&
	    (size_t)p->turns[ti].speaker < p->n_speakers &&
	    v->clock_ms < p->turns[ti].end_ms + 1500) {
		join_langs(p, p->speakers[p->turns[ti].speaker].name, line, sizeof(line));
		ui_text(b, 2, w / 2, h * 30 / 100, fs * 16 / 10, speaker_rgb(p->turns[ti].speaker),
		        line);
	}
	/* Zoom strip: cue numbers; labels under the overview. */
	size_t n = 0;
	int64_t span = v->zoom_span_ms > 0 ? v->zoom_span_ms : 10000;
	for (size_t i = 0; i < p->n_turns; i++)
		for (size_t j = 0; j < p->turns[i].n_cues; j++, n++) {
			const struct sub_cue *c = &p->turns[i].cues[j];
			if (overlay || c->end_ms < lay->zoom_t0_ms ||
			    c->start_ms > lay->zoom_t0_ms + span)
				continue;
			int x = lay->zoom.x +
			        (int)((c->start_ms - lay->zoom_t0_ms) * lay->zoom.w / span);
			if (x < lay->zoom.x)
				x = lay->zoom.x;
			snprintf(line, sizeof(line), "%zu%s", n + 1,
			         c->confidence >= 0 && c->confidence < 0.5f ? " ?" : "");
			ui_text(b, 7, x + 4, lay->zoom.y + lay->zoom.h / 14, fs,
			        (long)n == v->selected ? 0xffd33d : 0xc9d1d9, line);
		}
	/* Status line. */
	int sy = h * 945 / 1000;
	ui_text(b, 7, mx, sy, fs, 0xe3b341, v->status ? v->status : "");
	long total = (long)sub_project_cue_count(p);
	snprintf(line, sizeof(line), "cue %ld/%ld   subtitles: %s   F1 help", v->selected + 1,
	         total,
	         v->sub_mode == PL_SUBS_BOTH    ? "all"
	         : v->sub_mode == PL_SUBS_NONE  ? "off"
	         : v->sub_mode == PL_SUBS_FIRST ? p->lang[0]
	                                        : p->lang[p->n_langs > 1 ? 1 : 0]);
	ui_text(b, 9, w - mx, sy, fs, 0x8b949e, line);
	if (v->help && v->help_text) {
		/* Two columns of "key  action". */
		int x0 = w / 10, y0 = h * 15 / 100, col_w = w * 4 / 10, lh = fs * 12 / 10;
		int rows = 0;
		for (const char *s = v->help_text; *s; s++)
			rows += *s == '\n';
		int per_col = (rows + 1) / 2, k = 0;
		ui_text(b, 7, x0, y0 - lh * 3 / 2, fs * 12 / 10, 0xffd33d, "Keys (F1 or ? closes)");
		for (const char *s = v->help_text; *s; k++) {
			const char *e = strchr(s, '\n');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			const char *tab = memchr(s, '\t', len);
			int cx = x0 + (k / per_col) * col_w, cy = y0 + (k % per_col) * lh;
			snprintf(line, sizeof(line), "%.*s", (int)(tab ? tab - s : (long)len), s);
			ui_text(b, 7, cx, cy, fs, 0x79c0ff, line);
			if (tab) {
				snprintf(line, sizeof(line), "%.*s",
				         (int)(len - (size_t)(tab - s) - 1), tab + 1);
				ui_text(b, 7, cx + col_w * 38 / 100, cy, fs, 0xffffff, line);
			}
			s += len + (e ? 1 : 0);
		}
	}
	if (v->prompt)
		ui_text(b, 5, w / 2, h * 45 / 100, fs * 15 / 10, 0xffd33d, v->prompt);
}

/* ---- waveforms ---- */

static void peaks_range(const float *bins, size_t from, size_t to, float *lo, float *hi)
{
	float a = 0, b = 0;
	for (size_t i = from; i < to; i++) {
		a = bins[2 * i] < a ? bins[2 * i] : a;
		b = bins[2 * i + 1] > b ? bins[2 * i + 1] : b;
	}
	*lo = a;
	*hi = b;
}

/* The loudest peak so far, updated with the bins that arrived since the last call. */
static void update_norm(struct pl_render *r, const struct pl_peaks *pk)
{
	size_t ready = pl_peaks_ready(pk);
	if (ready <= r->norm_ready)
		return;
	float lo, hi;
	peaks_range(pl_peaks_data(pk), r->norm_ready, ready, &lo, &hi);
	float m = -lo > hi ? -lo : hi;
	if (m > r->peak_max)
		r->peak_max = m;
	r->norm = r->peak_max > 0.01f ? 0.95f / r->peak_max : 1.0f;
	r->norm_ready = ready;
}

static void draw_wave_column(SDL_Surface *s, int x, const SDL_Rect *box, float lo, float hi,
                             float norm, uint32_t rgb)
{
	int mid = box->y + box->h / 2, half = box->h / 2 - 1;
	int y0 = mid - (int)(hi * norm * half), y1 = mid - (int)(lo * norm * half);
	if (y0 < box->y)
		y0 = box->y;
	if (y1 >= box->y + box->h)
		y1 = box->y + box->h - 1;
	fill(s, x, y0, 1, y1 - y0 + 1, rgb);
}

static int time_x(const SDL_Rect *box, int64_t t0, int64_t span, int64_t t)
{
	double x = (double)(t - t0) * box->w / (double)span;
	if (x < -1)
		x = -1;
	if (x > box->w + 1)
		x = box->w + 1;
	return box->x + (int)x;
}

static void draw_zoom(struct pl_render *r, SDL_Surface *s, const struct pl_view *v,
                      const struct pl_layout *lay)
{
	const SDL_Rect *z = &lay->zoom;
	const struct sub_project *p = v->p;
	int64_t span = v->zoom_span_ms > 0 ? v->zoom_span_ms : 10000, t0 = lay->zoom_t0_ms;
	fill(s, z->x, z->y, z->w, z->h, 0x161b22);
	int lw = s->h / 540 > 2 ? s->h / 540 : 2; /* line width, scaled for 4K */
	/* Turns tinted by speaker. */
	for (size_t i = 0; i < p->n_turns; i++) {
		const struct sub_turn *t = &p->turns[i];
		if (t->end_ms < t0 || t->start_ms > t0 + span)
			continue;
		int x0 = time_x(z, t0, span, t->start_ms), x1 = time_x(z, t0, span, t->end_ms);
		if (x0 < z->x)
			x0 = z->x;
		if (x1 > z->x + z->w)
			x1 = z->x + z->w;
		tint(s, x0, z->y, x1 - x0, z->h, speaker_rgb(t->speaker), 45);
	}
	/* Cues: a band at the bottom, the selected one highlighted, low confidence marked. */
	int band = z->h / 7;
	size_t n = 0;
	for (size_t i = 0; i < p->n_turns; i++)
		for (size_t j = 0; j < p->turns[i].n_cues; j++, n++) {
			const struct sub_cue *c = &p->turns[i].cues[j];
			int64_t cs = c->start_ms, ce = c->end_ms;
			if ((long)n == v->drag_cue) {
				if (v->drag_end)
					ce = v->drag_ms;
				else
					cs = v->drag_ms;
			}
			if (ce < t0 || cs > t0 + span)
				continue;
			int x0 = time_x(z, t0, span, cs), x1 = time_x(z, t0, span, ce);
			int cx0 = x0 < z->x ? z->x : x0, cx1 = x1 > z->x + z->w ? z->x + z->w : x1;
			int sel = (long)n == v->selected;
			if (sel)
				tint(s, cx0, z->y, cx1 - cx0, z->h, 0xffd33d, 40);
			tint(s, cx0, z->y + z->h - band, cx1 - cx0, band,
			     sel ? 0xffd33d : speaker_rgb(p->turns[i].speaker), sel ? 200 : 150);
			if (c->confidence >= 0 && c->confidence < 0.5f)
				fill(s, cx0, z->y, cx1 - cx0, z->h / 14, 0xf85149);
			if (x0 >= z->x && x0 < z->x + z->w)
				fill(s, x0, z->y, lw, z->h, sel ? 0x56d364 : 0x2ea043);
			if (x1 >= z->x && x1 < z->x + z->w)
				fill(s, x1 - lw / 2, z->y, lw, z->h, sel ? 0xff7b72 : 0xda3633);
		}
	/* The waveform. */
	if (v->peaks) {
		const float *bins = pl_peaks_data(v->peaks);
		size_t ready = pl_peaks_ready(v->peaks);
		update_norm(r, v->peaks);
		SDL_Rect wave = {z->x, z->y + z->h / 14, z->w, z->h - band - z->h / 14};
		for (int x = 0; x < z->w; x++) {
			int64_t ta = t0 + (int64_t)x * span / z->w,
			        tb = t0 + (int64_t)(x + 1) * span / z->w;
			if (ta < 0)
				continue;
			size_t b0 = (size_t)(ta * PL_PEAKS_BINS_PER_S / 1000);
			size_t b1 = (size_t)(tb * PL_PEAKS_BINS_PER_S / 1000);
			if (b1 <= b0)
				b1 = b0 + 1;
			if (b1 > ready)
				break;
			float lo, hi;
			peaks_range(bins, b0, b1, &lo, &hi);
			draw_wave_column(s, z->x + x, &wave, lo, hi, r->norm, 0xa5d6ff);
		}
	}
	/* Playhead in the middle. */
	fill(s, time_x(z, t0, span, v->clock_ms), z->y, lw, z->h, 0xffffff);
}

static void draw_overview(struct pl_render *r, SDL_Surface *s, const struct pl_view *v,
                          const struct pl_layout *lay)
{
	const SDL_Rect *o = &lay->overview;
	const struct sub_project *p = v->p;
	int64_t dur = v->duration_ms > 0 ? v->duration_ms : 1;
	fill(s, o->x, o->y, o->w, o->h, 0x161b22);
	for (size_t i = 0; i < p->n_turns; i++) {
		const struct sub_turn *t = &p->turns[i];
		int x0 = time_x(o, 0, dur, t->start_ms), x1 = time_x(o, 0, dur, t->end_ms);
		tint(s, x0, o->y, x1 - x0 > 1 ? x1 - x0 : 1, o->h, speaker_rgb(t->speaker), 70);
	}
	if (v->peaks) {
		size_t ready = pl_peaks_ready(v->peaks);
		size_t total = (size_t)(dur * PL_PEAKS_BINS_PER_S / 1000) + 1;
		if (r->ov_w != o->w || r->ov_ready != ready) {
			/* Only the columns that new bins reach are computed again. */
			size_t from = r->ov_w == o->w ? r->ov_ready : 0;
			if (r->ov_w != o->w) {
				float *ov = realloc(r->ov, (size_t)o->w * 2 * sizeof(float));
				if (!ov)
					return;
				r->ov = ov;
				r->ov_w = o->w;
			}
			float *ov = r->ov;
			r->ov_ready = ready;
			const float *bins = pl_peaks_data(v->peaks);
			int x_from = (int)(from * (size_t)o->w / total);
			for (int x = x_from > 0 ? x_from - 1 : 0; x < o->w; x++) {
				size_t b0 = total * (size_t)x / (size_t)o->w;
				size_t b1 = total * (size_t)(x + 1) / (size_t)o->w;
				if (b1 <= b0)
					b1 = b0 + 1;
				if (b1 > ready)
					b1 = ready;
				ov[2 * x] = ov[2 * x + 1] = 0;
				if (b0 < b1)
					peaks_range(bins, b0, b1, &ov[2 * x], &ov[2 * x + 1]);
			}
		}
		update_norm(r, v->peaks);
		for (int x = 0; x < o->w; x++)
			if (r->ov[2 * x] != 0 || r->ov[2 * x + 1] != 0)
				draw_wave_column(s, o->x + x, o, r->ov[2 * x], r->ov[2 * x + 1],
				                 r->norm, 0x79c0ff);
	}
	/* The zoomed span and the playhead. */
	int64_t span = v->zoom_span_ms > 0 ? v->zoom_span_ms : 10000;
	int zx0 = time_x(o, 0, dur, lay->zoom_t0_ms),
	    zx1 = time_x(o, 0, dur, lay->zoom_t0_ms + span);
	tint(s, zx0, o->y, zx1 - zx0 > 2 ? zx1 - zx0 : 2, o->h, 0xffffff, 40);
	fill(s, time_x(o, 0, dur, v->clock_ms), o->y, 2, o->h, 0xffffff);
}

/* ---- frame ---- */

static int rebuild_subs(struct pl_render *r, const struct pl_view *v, int w, int h)
{
	int mask = pl_sub_mode_mask(v->p, v->sub_mode);
	if (!r->subs_stale && r->subs_p == v->p && r->subs_mask == mask && r->subs)
		return 0;
	if (r->subs)
		ass_free_track(r->subs);
	r->subs = NULL;
	r->subs_p = v->p;
	r->subs_mask = mask;
	r->subs_stale = 0;
	if (mask < 0)
		return 0;
	struct sub_write_opts o;
	memset(&o, 0, sizeof(o));
	o.lang_mask = mask;
	o.speakers = 1;
	struct sub_buf b;
	memset(&b, 0, sizeof(b));
	if (sub_ass_write_script(v->p, &o, w, h, &b) != SUB_OK || b.oom) {
		sub_buf_release(&b);
		return -1;
	}
	r->subs = ass_read_memory(r->lib, b.data, b.len, NULL);
	sub_buf_release(&b);
	return r->subs ? 0 : -1;
}

int pl_render_frame(struct pl_render *r, SDL_Surface *s, const struct pl_view *v)
{
	int w = s->w, h = s->h;
	if (w != r->frame_w || h != r->frame_h) {
		ass_set_frame_size(r->ren, w, h);
		ass_set_storage_size(r->ren, w, h);
		r->frame_w = w;
		r->frame_h = h;
		r->subs_stale = 1;
	}
	if (rebuild_subs(r, v, w, h))
		return -1;
	struct pl_layout lay;
	pl_render_layout(w, h, v, &lay);
	if (SDL_MUSTLOCK(s))
		SDL_LockSurface(s);
	fill(s, 0, 0, w, h, 0x0d1117);
	fill(s, 0, 0, w, h * 6 / 100, 0x010409);
	draw_zoom(r, s, v, &lay);
	draw_overview(r, s, v, &lay);
	/* Subtitles: the script is laid out for the whole frame; lift it above the strips. */
	if (r->subs) {
		ASS_Image *img = ass_render_frame(r->ren, r->subs, (long long)v->clock_ms, NULL);
		int bottom = lay.zoom.y - h * 2 / 100;
		int dy = bottom - (h - h * 4 / 100);
		blend_images(s, img, dy, h * 6 / 100, lay.zoom.y);
	}
	if (v->help || v->prompt)
		tint(s, 0, 0, w, h, 0x000000, 190);
	struct sub_buf b;
	memset(&b, 0, sizeof(b));
	build_ui(v, w, h, &lay, &b);
	int rc = 0;
	if (b.oom) {
		rc = -1;
	} else {
		ASS_Track *ui = ass_read_memory(r->lib, b.data, b.len, NULL);
		if (ui) {
			blend_images(s, ass_render_frame(r->ren, ui, 0, NULL), 0, 0, h);
			ass_free_track(ui);
		} else {
			rc = -1;
		}
	}
	sub_buf_release(&b);
	if (SDL_MUSTLOCK(s))
		SDL_UnlockSurface(s);
	return rc;
}
