/*
 * cmd_align.c: `tsync align AUDIO TRANSCRIPT [--translation FILE] [--audio-lang LANG]
 * [--preset netflix|bbc] [--verbose] [--quiet] -o PROJECT.json`.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pl_align.h"
#include "pl_cmd.h"
#include "sub_format.h"
#include "sub_preset.h"
#include "sub_segment.h"
#include "sub_transcript.h"

static void align_usage(FILE *f)
{
	fprintf(f,
	        "usage: tsync align AUDIO TRANSCRIPT [--translation FILE] [--audio-lang LANG]\n"
	        "                   [--preset netflix|bbc] [--verbose] [--quiet] -o PROJECT.json\n"
	        "Aligns the transcript (and its translation) to the audio and writes a timed\n"
	        "project. Exit status: 0 aligned, 1 bad input, 2 bad usage, 3 the transcript does\n"
	        "not belong to the audio.\n");
}

static int read_transcript(const char *path, struct sub_project **out)
{
	struct sub_error err;
	char msg[1024];
	int r;

	memset(&err, 0, sizeof(err));
	r = sub_transcript_read_file(path, NULL, out, &err);
	if (r != SUB_OK) {
		sub_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "tsync align: %s\n", msg[0] ? msg : sub_strerror(r));
		if (!strstr(msg, path))
			fprintf(stderr, "tsync align: %s: %s\n", path, sub_strerror(r));
		return 1;
	}
	return 0;
}

int pl_cmd_align(int argc, char **argv)
{
	const char *audio = NULL, *transcript = NULL, *translation = NULL, *output = NULL;
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
	if (!audio || !transcript || !output)
		goto usage;
	opts.progress = !quiet;
	opts.log = stderr;

	if (read_transcript(transcript, &p))
		goto out_free;
	if (translation) {
		if (read_transcript(translation, &tr))
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
	r = sub_segment_project(p, preset);
	if (r != SUB_OK) {
		fprintf(stderr, "tsync align: cannot split the transcript into cues: %s\n",
		        sub_strerror(r));
		goto out_free;
	}
	ret = pl_align_project(p, audio, &opts);
	if (ret != 0)
		goto out_free;
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
