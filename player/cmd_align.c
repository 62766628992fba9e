/*
 * cmd_align.c: `tsync align AUDIO TRANSCRIPT [--translation FILE] [--audio-lang LANG]
 * [--lang LANG] [--translation-lang LANG] [--preset netflix|bbc] [--verbose] [--quiet]
 * -o PROJECT.json`, and `tsync align AUDIO --subtitles FILE [--translation FILE] ...`,
 * which re-times existing subtitles (pl_align_subs.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pl_align.h"
#include "pl_align_subs.h"
#include "pl_cmd.h"
#include "sub_format.h"
#include "sub_preset.h"
#include "sub_segment.h"
#include "sub_text.h"
#include "sub_transcript.h"

static void align_usage(FILE *f)
{
	fprintf(f,
	        "usage: tsync align AUDIO TRANSCRIPT [--translation FILE] [--audio-lang LANG]\n"
	        "                   [--speakers A,B] [--lang LANG] [--translation-lang LANG]\n"
	        "                   [--preset netflix|bbc] [--force] [--verbose] [--quiet]\n"
	        "                   -o PROJECT.json\n"
	        "       tsync align AUDIO --subtitles FILE [--translation FILE] [--audio-lang "
	        "LANG]\n"
	        "                   [--verbose] [--quiet] -o PROJECT.json\n"
	        "Aligns the transcript (and its translation) to the audio and writes a timed\n"
	        "project. With --subtitles, re-times existing subtitles (SRT, VTT, ASS, ...) to\n"
	        "the audio, keeping their cues. Exit status: 0 aligned, 1 bad input, 2 bad usage,\n"
	        "3 the transcript does not belong to the audio (--force writes the project all\n"
	        "the same, with a warning). TRANSCRIPT may also be a tsync project (JSON), whose\n"
	        "cues are aligned again as they are.\n");
}

/* The reader's guess at the language of slot 0, again, with what it rests on: the turns'
 * texts (their first 400 000 bytes) joined. NULL when out of memory. */
static const char *project_lang_guess(const struct sub_project *p, enum sub_lang_evidence *ev)
{
	size_t len = 0, cap = 400000;
	char *buf = malloc(cap + 1);
	const char *g;

	if (!buf)
		return NULL;
	for (size_t t = 0; t < p->n_turns && len < cap; t++) {
		const char *s = p->turns[t].text[0];
		size_t n = s ? strlen(s) : 0;
		if (n > cap - len)
			n = cap - len;
		memcpy(buf + len, s ? s : "", n);
		len += n;
		if (len < cap)
			buf[len++] = '\n';
	}
	buf[len] = 0;
	g = sub_text_detect_lang(buf, len, ev);
	free(buf);
	return g;
}

/* Splits "A,B" into at most max names (pointers into buf, which is modified). */
static size_t split_names(char *buf, const char **names, size_t max)
{
	size_t n = 0;
	for (char *s = buf; s && *s && n < max;) {
		char *comma = strchr(s, ',');
		if (comma)
			*comma = 0;
		if (*s)
			names[n++] = s;
		s = comma ? comma + 1 : NULL;
	}
	return n;
}

/* Nonzero when path holds a tsync project, not a transcript: the project JSON driver's
 * own probe decides, on the file's first 4 KiB. */
static int is_project_file(const char *path)
{
	char head[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return sub_format_json.probe(head, n) >= 100;
}

/* Reads a transcript or a project. audio_lang (the spoken language; NULL for a
 * translation, which is never in it) may relabel a transcript whose language was guessed. */
static int read_transcript(const char *path, const char *lang, const char *speakers,
                           const char *audio_lang, int verbose, int opening,
                           struct sub_project **out)
{
	struct sub_transcript_opts o;
	struct sub_error err;
	char msg[1024], names_buf[1024];
	const char *names[32];
	int r, is_project = is_project_file(path);

	memset(&o, 0, sizeof(o));
	o.lang = lang;
	o.opening_speaker = opening;
	if (speakers) {
		snprintf(names_buf, sizeof(names_buf), "%s", speakers);
		o.n_speakers = split_names(names_buf, names, sizeof(names) / sizeof(names[0]));
		o.speakers = o.n_speakers ? names : NULL;
	}
	memset(&err, 0, sizeof(err));
	if (is_project)
		r = sub_project_read_json_file(path, out, &err);
	else
		r = sub_transcript_read_file(path, &o, out, &err);
	if (r != SUB_OK) {
		sub_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "tsync align: %s\n", msg[0] ? msg : sub_strerror(r));
		if (!strstr(msg, path))
			fprintf(stderr, "tsync align: %s: %s\n", path, sub_strerror(r));
		return 1;
	}
	/* The spoken language, named by the user, is the text's own when the reader only
	 * guessed it and the guess leaves room for it (a short French clip has too few common
	 * words to be told from English): not a translation to align turn by turn. */
	if (!lang && audio_lang && audio_lang[0] && !is_project && (*out)->n_langs == 1 &&
	    strcmp((*out)->lang[0], audio_lang)) {
		enum sub_lang_evidence ev = SUB_LANG_DEFAULT;
		const char *g = project_lang_guess(*out, &ev);
		if (!g) {
			fprintf(stderr, "tsync align: out of memory\n");
			return 1;
		}
		if (sub_lang_may_be(g, ev, audio_lang)) {
			if (verbose)
				fprintf(stderr,
				        "tsync align: %s: read as %s (--audio-lang), not the "
				        "guessed %s\n",
				        path, audio_lang, (*out)->lang[0]);
			snprintf((*out)->lang[0], SUB_LANG_LEN, "%s", audio_lang);
		}
	}
	return 0;
}

/* For pl_align_opening(): the transcript read again, a name seen once that opens it taken
 * for a speaker's, and split into cues. */
struct reread {
	const char *path, *lang, *audio_lang;
	const struct sub_preset *preset;
};

static int reread_opening(void *user, struct sub_project **out)
{
	const struct reread *r = user;
	if (read_transcript(r->path, r->lang, NULL, r->audio_lang, 0, 1, out))
		return 1;
	return sub_segment_project(*out, r->preset) != SUB_OK;
}

int pl_cmd_align(int argc, char **argv)
{
	const char *audio = NULL, *transcript = NULL, *translation = NULL, *output = NULL;
	const char *subtitles = NULL;
	const char *text_lang = NULL, *tr_lang = NULL, *speakers = NULL;
	const struct sub_preset *preset = sub_preset_default();
	struct pl_align_opts opts;
	struct sub_project *p = NULL, *tr = NULL;
	struct sub_error err;
	char msg[1024];
	int quiet = 0, ret = 1, r;

	memset(&opts, 0, sizeof(opts));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			align_usage(stdout);
			return 0;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (++i >= argc)
				goto usage;
			output = argv[i];
		} else if (!strcmp(a, "--translation")) {
			if (++i >= argc)
				goto usage;
			translation = argv[i];
		} else if (!strcmp(a, "--subtitles")) {
			if (++i >= argc)
				goto usage;
			subtitles = argv[i];
		} else if (!strcmp(a, "--lang")) {
			if (++i >= argc)
				goto usage;
			text_lang = argv[i];
		} else if (!strcmp(a, "--speakers")) {
			if (++i >= argc)
				goto usage;
			speakers = argv[i];
		} else if (!strcmp(a, "--translation-lang")) {
			if (++i >= argc)
				goto usage;
			tr_lang = argv[i];
		} else if (!strcmp(a, "--audio-lang")) {
			if (++i >= argc)
				goto usage;
			opts.audio_lang = argv[i];
		} else if (!strcmp(a, "--preset")) {
			if (++i >= argc)
				goto usage;
			preset = sub_preset_by_name(argv[i]);
			if (!preset) {
				fprintf(stderr, "tsync align: unknown preset '%s' (netflix, bbc)\n",
				        argv[i]);
				return 2;
			}
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			opts.verbose = 1;
		} else if (!strcmp(a, "--force")) {
			opts.force = 1;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "tsync align: unknown option '%s'\n", a);
			goto usage;
		} else if (!audio) {
			audio = a;
		} else if (!transcript) {
			transcript = a;
		} else {
			goto usage;
		}
	}
	if (!audio || !output || !transcript == !subtitles)
		goto usage;
	opts.progress = !quiet;
	opts.preset = preset;
	opts.log = stderr;

	if (subtitles) {
		/* The cues are the subtitles' own: no transcript reading, no segmenting. */
		ret = pl_align_subtitles(audio, subtitles, translation, &opts, &p);
		if (ret != 0)
			goto out_free;
		goto write;
	}

	if (read_transcript(transcript, text_lang, speakers, translation ? NULL : opts.audio_lang,
	                    opts.verbose, 0, &p))
		goto out_free;
	if (translation) {
		if (read_transcript(translation, tr_lang, NULL, NULL, 0, 0, &tr))
			goto out_free;
		memset(&err, 0, sizeof(err));
		r = sub_project_add_translation(p, tr, &err);
		if (r != SUB_OK) {
			sub_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "tsync align: %s and %s do not pair: %s\n", transcript,
			        translation, msg[0] ? msg : sub_strerror(r));
			goto out_free;
		}
	}
	/* A project read back keeps its cues (and the edits made to them); a transcript
	 * is split into cues here. */
	r = sub_project_cue_count(p) && !translation ? SUB_OK : sub_segment_project(p, preset);
	if (r != SUB_OK) {
		fprintf(stderr, "tsync align: cannot split the transcript into cues: %s\n",
		        sub_strerror(r));
		goto out_free;
	}
	if (!translation && !speakers && !is_project_file(transcript)) {
		struct reread rr = {transcript, text_lang, opts.audio_lang, preset};
		ret = pl_align_opening(&p, audio, &opts, reread_opening, &rr);
	} else {
		ret = pl_align_project(p, audio, &opts);
	}
	if (ret != 0)
		goto out_free;
write:
	memset(&err, 0, sizeof(err));
	r = sub_project_write_json_file(p, output, 0, &err);
	if (r != SUB_OK) {
		sub_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "tsync align: cannot write %s: %s\n", output,
		        msg[0] ? msg : sub_strerror(r));
		ret = 1;
		goto out_free;
	}
	if (opts.verbose)
		fprintf(stderr, "tsync align: wrote %s (%zu turns, %zu cues)\n", output, p->n_turns,
		        sub_project_cue_count(p));
out_free:
	sub_project_free(tr);
	sub_project_free(p);
	return ret;
usage:
	align_usage(stderr);
	return 2;
}
