/* cmd_play.c: `tsync play`: open a project, a transcript or subtitles with their audio. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <SDL.h>

#include "pl_align.h"
#include "pl_cmd.h"
#include "pl_edit.h"
#include "pl_keys.h"
#include "pl_play.h"
#include "pl_player.h"
#include "sub_format.h"
#include "sub_segment.h"
#include "sub_transcript.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: tsync play PROJECT.json [OPTIONS]\n"
	           "       tsync play AUDIO TRANSCRIPT [--translation FILE] [--audio-lang LANG] "
	           "[OPTIONS]\n"
	           "       tsync play AUDIO SUBS [SUBS2] [OPTIONS]\n"
	           "\n"
	           "Plays the recording with its subtitles in a window (in the terminal when there "
	           "is\n"
	           "no display) and lets you correct every timing by ear. A transcript is aligned\n"
	           "first and the project saved next to the audio (AUDIO-NAME.json).\n"
	           "\n"
	           "options:\n"
	           "  --frame T -o FILE.png     render the window at time T to a PNG and exit\n"
	           "  --size WxH                window or frame size (1280x720)\n"
	           "  --help-overlay            with --frame: draw the key list\n"
	           "  --seek T                  start at T (seconds, or [h:]mm:ss[.mmm])\n"
	           "  --start-paused            do not start playing\n"
	           "  --restore-journal yes|no|ask  what to do with edits a crash left (ask)\n"
	           "  --script FILE             run actions from FILE, one a line: an action name\n"
	           "                            (see --list-actions), 'wait MS', 'seek SECONDS',\n"
	           "                            'select CUE-NUMBER', 'answer y|n'\n"
	           "  --duration S              stop after S seconds of wall time\n"
	           "  --until T                 stop when the playback clock reaches T\n"
	           "  --term                    play in the terminal even with a display\n"
	           "  --silent                  no audio output; the clock runs silently\n"
	           "  --stats FILE              write timing figures (first frame, sync) at exit\n"
	           "  --list-actions            print the actions and default keys, then exit\n"
	           "  -v, --verbose             log the audio clock against the subtitles shown\n"
	           "\n"
	           "Keys can be rebound in $XDG_CONFIG_HOME/tsync/keys.conf: lines 'KEY ACTION'\n"
	           "(e.g. 'ctrl+shift+z redo', 'f set-start', 'q unbind').\n");
}

int pl_parse_time(const char *s, int64_t *ms)
{
	double parts[3] = {0, 0, 0};
	int n = 0;
	const char *p = s;
	char *end;
	if (!s || !*s)
		return -1;
	for (;;) {
		errno = 0;
		double v = strtod(p, &end);
		if (end == p || errno || v < 0 || n == 3 || !isfinite(v))
			return -1;
		parts[n++] = v;
		if (*end == ':') {
			p = end + 1;
			continue;
		}
		if (*end)
			return -1;
		break;
	}
	double sec = n == 1   ? parts[0]
	             : n == 2 ? parts[0] * 60 + parts[1]
	                      : parts[0] * 3600 + parts[1] * 60 + parts[2];
	*ms = (int64_t)llround(sec * 1000.0);
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcasecmp(s + a - b, suffix);
}

/* audio path of a project, relative to the project's folder when not absolute. */
static char *resolve_audio(const char *project_path, const char *audio)
{
	if (!audio)
		return NULL;
	if (audio[0] == '/')
		return strdup(audio);
	const char *slash = strrchr(project_path, '/');
	size_t dl = slash ? (size_t)(slash - project_path) + 1 : 0;
	char *out = malloc(dl + strlen(audio) + 1);
	if (!out)
		return NULL;
	memcpy(out, project_path, dl);
	strcpy(out + dl, audio);
	if (access(out, R_OK) != 0 && access(audio, R_OK) == 0)
		strcpy(out, audio), (void)0;
	return out;
}

char *pl_project_path_for_audio(const char *audio)
{
	size_t n = strlen(audio);
	char *out = malloc(n + 6);
	if (!out)
		return NULL;
	strcpy(out, audio);
	char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
	if (dot && (!slash || dot > slash))
		*dot = 0;
	strcat(out, ".json");
	return out;
}

static void print_err(const char *what, int rc, const struct sub_error *err)
{
	char m[1024];
	sub_error_format(err, m, sizeof(m));
	fprintf(stderr, "tsync play: %s: %s (%s)\n", what, m, sub_strerror(rc));
}

/* Reads a transcript (opening: sub_transcript_opts.opening_speaker) and its translation
 * (may be NULL), splits them into cues and names the audio relative to where the project
 * will be saved. 0 and a new project in *out, or 1 (a message printed). */
static int read_project(const char *audio, const char *transcript, const char *translation,
                        int opening, struct sub_project **out)
{
	struct sub_project *p = NULL, *tr = NULL;
	struct sub_transcript_opts o = {NULL, NULL, 0, NULL, opening};
	struct sub_error err;
	const char *slash = strrchr(audio, '/');
	memset(&err, 0, sizeof(err));
	int rc = sub_transcript_read_file(transcript, &o, &p, &err);
	if (rc != SUB_OK) {
		print_err(transcript, rc, &err);
		goto out_fail;
	}
	if (translation) {
		memset(&err, 0, sizeof(err));
		rc = sub_transcript_read_file(translation, NULL, &tr, &err);
		if (rc == SUB_OK)
			rc = sub_project_add_translation(p, tr, &err);
		if (rc != SUB_OK) {
			print_err(translation, rc, &err);
			goto out_fail;
		}
	}
	if ((rc = sub_segment_project(p, NULL)) != SUB_OK) {
		fprintf(stderr, "tsync play: segmenting: %s\n", sub_strerror(rc));
		goto out_fail;
	}
	if (sub_set_str(&p->audio_path, slash ? slash + 1 : audio))
		goto out_fail;
	sub_project_free(tr);
	*out = p;
	return 0;
out_fail:
	sub_project_free(tr);
	sub_project_free(p);
	return 1;
}

/* For pl_align_opening(): the transcript read again, an opening name seen once taken for a
 * speaker's. */
struct reread {
	const char *transcript, *audio;
};

static int reread_opening(void *user, struct sub_project **out)
{
	const struct reread *r = user;
	return read_project(r->audio, r->transcript, NULL, 1, out);
}

/* Reads a transcript, its translation, segments, aligns. The audio_path of the project
 * is set to the audio's name relative to where the project will be saved. */
int pl_project_from_transcript(const char *audio, const char *transcript, const char *translation,
                               const char *audio_lang, int verbose, struct sub_project **out)
{
	struct sub_project *p = NULL;
	if (read_project(audio, transcript, translation, 0, &p))
		return 1;
	struct pl_align_opts ao;
	memset(&ao, 0, sizeof(ao));
	ao.audio_lang = audio_lang;
	ao.verbose = verbose;
	ao.progress = 1;
	if (translation ? pl_align_project(p, audio, &ao) != 0
	                : pl_align_opening(&p, audio, &ao, reread_opening,
	                                   &(struct reread){transcript, audio}) != 0) {
		sub_project_free(p);
		return 1;
	}
	*out = p;
	return 0;
}

/* Joins the cue texts of one language into its turn's text (the partition invariant). */
static int rebuild_turn_text(struct sub_turn *t, int l)
{
	size_t len = 1;
	for (size_t j = 0; j < t->n_cues; j++)
		len += (t->cues[j].text[l] ? strlen(t->cues[j].text[l]) : 0) + 1;
	char *s = malloc(len);
	if (!s)
		return -1;
	s[0] = 0;
	for (size_t j = 0; j < t->n_cues; j++)
		if (t->cues[j].text[l] && t->cues[j].text[l][0]) {
			if (s[0])
				strcat(s, " ");
			strcat(s, t->cues[j].text[l]);
		}
	free(t->text[l]);
	t->text[l] = s;
	return 0;
}

/* Adds the texts of b as a new language of a, each cue of b to the cue of a it overlaps
 * most (subtitle files of two languages rarely share their cue times exactly). */
static int merge_subs(struct sub_project *a, const struct sub_project *b)
{
	char code[SUB_LANG_LEN];
	snprintf(code, sizeof(code), "%s", b->lang[0]);
	if (sub_project_find_lang(a, code) >= 0)
		snprintf(code, sizeof(code), "%.12s-2", b->lang[0]);
	int l = sub_project_add_lang(a, code);
	if (l < 0)
		return -1;
	size_t na = sub_project_cue_count(a), nb = sub_project_cue_count(b);
	for (size_t j = 0; j < nb; j++) {
		const struct sub_cue *cb = pl_cue_get(b, j, NULL);
		const char *text = cb->text[0];
		if (!text)
			continue;
		long best = -1;
		int64_t best_ov = -1, best_gap = INT64_MAX;
		for (size_t i = 0; i < na; i++) {
			const struct sub_cue *ca = pl_cue_get(a, i, NULL);
			int64_t lo = ca->start_ms > cb->start_ms ? ca->start_ms : cb->start_ms;
			int64_t hi = ca->end_ms < cb->end_ms ? ca->end_ms : cb->end_ms;
			int64_t ov = hi - lo;
			int64_t gap =
			        llabs((ca->start_ms + ca->end_ms) - (cb->start_ms + cb->end_ms));
			if (ov > best_ov || (ov == best_ov && gap < best_gap)) {
				best = (long)i, best_ov = ov, best_gap = gap;
			}
		}
		if (best < 0)
			continue;
		size_t ta, tb;
		struct sub_cue *ca = pl_cue_get(a, (size_t)best, &ta);
		pl_cue_get(b, j, &tb);
		/* The speaker's name in the second language, from the second file. */
		int sa = a->turns[ta].speaker, sb = b->turns[tb].speaker;
		if (sa >= 0 && sb >= 0 && (size_t)sb < b->n_speakers && !a->speakers[sa].name[l] &&
		    b->speakers[sb].name[0] &&
		    sub_set_str(&a->speakers[sa].name[l], b->speakers[sb].name[0]))
			return -1;
		if (ca->text[l]) {
			char *s = malloc(strlen(ca->text[l]) + strlen(text) + 2);
			if (!s)
				return -1;
			sprintf(s, "%s\n%s", ca->text[l], text);
			free(ca->text[l]);
			ca->text[l] = s;
		} else if (sub_set_str(&ca->text[l], text)) {
			return -1;
		}
	}
	for (size_t t = 0; t < a->n_turns; t++)
		if (rebuild_turn_text(&a->turns[t], l))
			return -1;
	return 0;
}

static int load_subs(const char *audio, const char *s1, const char *s2, struct sub_project **out)
{
	struct sub_project *a = NULL, *b = NULL;
	struct sub_error err;
	struct sub_read_opts ro;
	memset(&ro, 0, sizeof(ro));
	memset(&err, 0, sizeof(err));
	ro.lenient = 1;
	int rc = sub_format_read_file(s1, &ro, &a, &err);
	if (rc != SUB_OK) {
		print_err(s1, rc, &err);
		return 1;
	}
	if (s2) {
		memset(&err, 0, sizeof(err));
		rc = sub_format_read_file(s2, &ro, &b, &err);
		if (rc != SUB_OK) {
			print_err(s2, rc, &err);
			sub_project_free(a);
			return 1;
		}
		if (merge_subs(a, b)) {
			fprintf(stderr, "tsync play: cannot merge %s into %s\n", s2, s1);
			sub_project_free(a);
			sub_project_free(b);
			return 1;
		}
		sub_project_free(b);
	}
	const char *slash = strrchr(audio, '/');
	sub_set_str(&a->audio_path, slash ? slash + 1 : audio);
	if (sub_project_validate(a, &err) != SUB_OK) {
		print_err(s1, SUB_ERR_INVALID, &err);
		sub_project_free(a);
		return 1;
	}
	*out = a;
	return 0;
}

static int have_display(void)
{
	const char *drv = getenv("SDL_VIDEODRIVER");
	if (drv && *drv)
		return 1; /* an explicit driver (dummy, offscreen, x11) is the user's choice */
	const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
	return (x && *x) || (wl && *wl);
}

int pl_cmd_play(int argc, char **argv)
{
	const char *pos[3] = {NULL, NULL, NULL};
	int n_pos = 0, term = 0, show_help = 0, frame = 0;
	const char *translation = NULL, *audio_lang = NULL, *out_png = NULL;
	int64_t frame_ms = 0;
	int w = 1280, h = 720;
	struct pl_player_opts o;
	memset(&o, 0, sizeof(o));
	o.restore = -1;
	o.until_ms = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VAL                                                                                   \
	do {                                                                                       \
		if (!val) {                                                                        \
			fprintf(stderr, "tsync play: %s needs a value\n", a);                      \
			return 2;                                                                  \
		}                                                                                  \
		i++;                                                                               \
	} while (0)
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--list-actions")) {
			struct pl_keymap km;
			if (pl_keymap_init(&km))
				return 1;
			char *help = pl_keymap_help(&km);
			for (int k = 1; k < PL_ACT_COUNT; k++)
				printf("%-20s %s\n", pl_action_name(k), pl_action_help(k));
			printf("\ndefault keys:\n%s", help ? help : "");
			free(help);
			pl_keymap_release(&km);
			return 0;
		} else if (!strcmp(a, "--frame")) {
			NEED_VAL;
			if (pl_parse_time(val, &frame_ms)) {
				fprintf(stderr, "tsync play: --frame: bad time '%s'\n", val);
				return 2;
			}
			frame = 1;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			NEED_VAL;
			out_png = val;
		} else if (!strcmp(a, "--size")) {
			NEED_VAL;
			if (sscanf(val, "%dx%d", &w, &h) != 2 || w < 64 || h < 64 || w > 8192 ||
			    h > 8192) {
				fprintf(stderr, "tsync play: --size: expected WxH, got '%s'\n",
				        val);
				return 2;
			}
		} else if (!strcmp(a, "--help-overlay")) {
			show_help = 1;
		} else if (!strcmp(a, "--seek")) {
			NEED_VAL;
			if (pl_parse_time(val, &o.seek_ms)) {
				fprintf(stderr, "tsync play: --seek: bad time '%s'\n", val);
				return 2;
			}
		} else if (!strcmp(a, "--until")) {
			NEED_VAL;
			if (pl_parse_time(val, &o.until_ms)) {
				fprintf(stderr, "tsync play: --until: bad time '%s'\n", val);
				return 2;
			}
		} else if (!strcmp(a, "--duration")) {
			NEED_VAL;
			char *end;
			o.duration_s = strtod(val, &end);
			if (*end || o.duration_s <= 0) {
				fprintf(stderr, "tsync play: --duration: bad value '%s'\n", val);
				return 2;
			}
		} else if (!strcmp(a, "--start-paused")) {
			o.start_paused = 1;
		} else if (!strcmp(a, "--restore-journal")) {
			NEED_VAL;
			o.restore = !strcmp(val, "yes")   ? 1
			            : !strcmp(val, "no")  ? 0
			            : !strcmp(val, "ask") ? -1
			                                  : -2;
			if (o.restore == -2) {
				fprintf(stderr, "tsync play: --restore-journal: yes, no or ask\n");
				return 2;
			}
		} else if (!strcmp(a, "--script")) {
			NEED_VAL;
			o.script_path = val;
		} else if (!strcmp(a, "--stats")) {
			NEED_VAL;
			o.stats_path = val;
		} else if (!strcmp(a, "--translation")) {
			NEED_VAL;
			translation = val;
		} else if (!strcmp(a, "--audio-lang")) {
			NEED_VAL;
			audio_lang = val;
		} else if (!strcmp(a, "--term")) {
			term = 1;
		} else if (!strcmp(a, "--silent")) {
			o.silent = 1;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			o.verbose++;
		} else if (!strcmp(a, "-vv")) {
			o.verbose += 2;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "tsync play: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (n_pos < 3) {
			pos[n_pos++] = a;
		} else {
			fprintf(stderr, "tsync play: too many files\n");
			return 2;
		}
#undef NEED_VAL
	}
	if (n_pos == 0) {
		usage(stderr);
		return 2;
	}
	if (frame && !out_png) {
		fprintf(stderr, "tsync play: --frame needs -o FILE.png\n");
		return 2;
	}
	o.width = w;
	o.height = h;

	struct sub_project *p = NULL;
	char *project_path = NULL, *audio_path = NULL;
	struct sub_error err;
	memset(&err, 0, sizeof(err));
	int rc = 1;
	if (n_pos == 1) {
		if (!ends_with(pos[0], ".json")) {
			fprintf(stderr, "tsync play: %s: give the audio too: tsync play AUDIO %s\n",
			        pos[0], pos[0]);
			return 2;
		}
		int r = sub_project_read_json_file(pos[0], &p, &err);
		if (r != SUB_OK) {
			print_err(pos[0], r, &err);
			return 1;
		}
		project_path = strdup(pos[0]);
		audio_path = resolve_audio(pos[0], p->audio_path);
		if (!audio_path) {
			fprintf(stderr, "tsync play: %s names no audio file\n", pos[0]);
			goto out_free;
		}
	} else {
		audio_path = strdup(pos[0]);
		project_path = pl_project_path_for_audio(pos[0]);
		int is_text = ends_with(pos[1], ".txt") || ends_with(pos[1], ".md");
		if (ends_with(pos[1], ".json") && n_pos == 2) {
			int r = sub_project_read_json_file(pos[1], &p, &err);
			if (r != SUB_OK) {
				print_err(pos[1], r, &err);
				goto out_free;
			}
			free(project_path);
			project_path = strdup(pos[1]);
		} else if (is_text && n_pos == 2) {
			fprintf(stderr, "tsync play: aligning %s%s%s to %s\n", pos[1],
			        translation ? " and " : "", translation ? translation : "", pos[0]);
			if (pl_project_from_transcript(pos[0], pos[1], translation, audio_lang,
			                               o.verbose, &p))
				goto out_free;
		} else {
			if (load_subs(pos[0], pos[1], n_pos > 2 ? pos[2] : NULL, &p))
				goto out_free;
		}
		if (!p->timed) {
			fprintf(stderr, "tsync play: %s has no times; align it first\n", pos[1]);
			goto out_free;
		}
		if (!ends_with(pos[1], ".json") || n_pos > 2) {
			int r = sub_project_write_json_file(p, project_path, 1, &err);
			if (r != SUB_OK) {
				print_err(project_path, r, &err);
				goto out_free;
			}
			fprintf(stderr, "tsync play: project saved as %s\n", project_path);
		}
	}
	if (!p->timed) {
		fprintf(stderr, "tsync play: %s is not aligned yet (tsync align)\n", project_path);
		goto out_free;
	}
	o.project_path = project_path;
	o.audio_path = audio_path;
	if (frame) {
		rc = pl_player_frame(p, &o, frame_ms, w, h, show_help, out_png);
		goto out_free;
	}
	if (!term && !have_display()) {
		fprintf(stderr, "tsync play: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
		                "playing in the terminal\n");
		term = 1;
	}
	if (!term && SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "tsync play: no display (%s); playing in the terminal\n",
		        SDL_GetError());
		term = 1;
	}
	rc = term ? pl_term_run(p, &o) : pl_player_run(p, &o);
	SDL_Quit();
out_free:
	free(project_path);
	free(audio_path);
	sub_project_free(p);
	return rc;
}
