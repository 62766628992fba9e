/* cmd_demo.c: `tsync demo`: speak the sample interview, align it, play it. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>

#include "pl_cmd.h"
#include "pl_edit.h"
#include "pl_play.h"
#include "pl_player.h"
#include "sub_format.h"

extern char **environ;

static int mkdir_p(const char *path)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && st.st_size > 0;
}

/* Nonzero when target is older than any of the sources (or missing). */
static int stale(const char *target, const char *const *sources, int n)
{
	struct stat t, s;
	if (stat(target, &t) || t.st_size == 0)
		return 1;
	for (int i = 0; i < n; i++)
		if (stat(sources[i], &s) == 0 && s.st_mtime > t.st_mtime)
			return 1;
	return 0;
}

static int run(char *const argv[])
{
	pid_t pid;
	int status;
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0) {
		fprintf(stderr, "tsync demo: cannot run %s: %s\n", argv[0], strerror(errno));
		return -1;
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void cache_dir(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, size, "%s/tsync/demo", xdg);
	else
		snprintf(buf, size, "%s/.cache/tsync/demo", home && *home ? home : "/tmp");
}

static void summary(const struct sub_project *p)
{
	size_t n = sub_project_cue_count(p), low = 0;
	int64_t end = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sub_cue *c = pl_cue_get(p, i, NULL);
		low += c->confidence >= 0 && c->confidence < 0.5f;
		end = c->end_ms > end ? c->end_ms : end;
	}
	printf("       %zu speakers, %zu chapters, %zu turns, %zu cues over %lld:%02lld; "
	       "%zu cues of low confidence (marked red in the player)\n",
	       p->n_speakers, p->n_chapters, p->n_turns, n, (long long)(end / 60000),
	       (long long)(end / 1000 % 60), low);
}

int pl_cmd_demo(int argc, char **argv)
{
	int play = 1, force = 0, term = 0, verbose = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-play")) {
			play = 0;
		} else if (!strcmp(argv[i], "--force")) {
			force = 1;
		} else if (!strcmp(argv[i], "--term")) {
			term = 1;
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: tsync demo [--no-play] [--force] [--term] [-v]\n\n"
			       "Speaks the sample interview (data/wangjian/interview.en.txt) with "
			       "two\n"
			       "synthetic voices, aligns it with its Chinese and English texts, "
			       "saves the\n"
			       "project next to the audio in $XDG_CACHE_HOME/tsync/demo and plays "
			       "it.\n"
			       "  --no-play   stop after aligning\n"
			       "  --force     speak and align again even when cached\n"
			       "  --term      play in the terminal even with a display\n");
			return 0;
		} else {
			fprintf(stderr, "tsync demo: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	const char *src = getenv("TSYNC_SOURCE_DIR");
	if (!src || !*src)
		src = TSYNC_SOURCE_DIR;
	char en[4096], zh[4096], gen[4096], dir[4096], wav[4200], truth[4200], proj[4200];
	snprintf(en, sizeof(en), "%s/data/wangjian/interview.en.txt", src);
	snprintf(zh, sizeof(zh), "%s/data/wangjian/interview.zh.txt", src);
	snprintf(gen, sizeof(gen), "%s/tests/gen/tsync_gen.py", src);
	if (!file_exists(en) || !file_exists(zh) || !file_exists(gen)) {
		fprintf(stderr,
		        "tsync demo: the sample texts or the generator are missing under %s "
		        "(set TSYNC_SOURCE_DIR to the source tree)\n",
		        src);
		return 1;
	}
	cache_dir(dir, sizeof(dir));
	if (mkdir_p(dir)) {
		fprintf(stderr, "tsync demo: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	snprintf(wav, sizeof(wav), "%s/interview.en.wav", dir);
	snprintf(truth, sizeof(truth), "%s/interview.truth.json", dir);
	snprintf(proj, sizeof(proj), "%s/interview.en.json", dir);

	printf("tsync demo: the sample interview with Wang Jian, in Chinese and English\n");
	const char *srcs_audio[] = {en, gen};
	if (force || stale(wav, srcs_audio, 2)) {
		printf("[1/3] speaking %s with two voices (flite slt, festival kal) into %s ...\n",
		       en, wav);
		fflush(stdout);
		char a_py[] = "python3", a_lang[] = "--lang", a_en[] = "en",
		     a_voices[] = "--voices", a_vlist[] = "flite:slt,festival:kal_diphone",
		     a_o[] = "-o", a_truth[] = "--truth";
		char *args[] = {a_py,    gen, en,  a_lang,  a_en,  a_voices,
		                a_vlist, a_o, wav, a_truth, truth, NULL};
		if (run(args) != 0) {
			fprintf(stderr, "tsync demo: the speech generator failed\n");
			return 1;
		}
	} else {
		printf("[1/3] audio already made: %s\n", wav);
	}
	struct sub_project *p = NULL;
	struct sub_error err;
	memset(&err, 0, sizeof(err));
	const char *srcs_proj[] = {wav, zh, en};
	if (force || stale(proj, srcs_proj, 3)) {
		printf("[2/3] aligning %s (with its translation %s) to the English audio ...\n", zh,
		       en);
		fflush(stdout);
		if (pl_project_from_transcript(wav, zh, en, "en", verbose, &p))
			return 1;
		int rc = sub_project_write_json_file(p, proj, 1, &err);
		if (rc != SUB_OK) {
			char m[1024];
			sub_error_format(&err, m, sizeof(m));
			fprintf(stderr, "tsync demo: %s\n", m);
			sub_project_free(p);
			return 1;
		}
		printf("       project saved: %s\n", proj);
	} else {
		printf("[2/3] already aligned: %s\n", proj);
		int rc = sub_project_read_json_file(proj, &p, &err);
		if (rc != SUB_OK) {
			char m[1024];
			sub_error_format(&err, m, sizeof(m));
			fprintf(stderr, "tsync demo: %s (run tsync demo --force)\n", m);
			return 1;
		}
	}
	summary(p);
	if (!play) {
		printf("[3/3] not playing (--no-play). To play:  tsync play %s\n", proj);
		sub_project_free(p);
		return 0;
	}
	sub_project_free(p);
	printf("[3/3] playing: tsync play %s%s\n", proj, term ? " --term" : "");
	fflush(stdout);
	char a_play[] = "play", a_term[] = "--term";
	char *pargs[4] = {a_play, proj, term ? a_term : NULL, NULL};
	return pl_cmd_play(term ? 3 : 2, pargs);
}
