/* main.c: the tsync command; dispatches to the subcommands in player/cmd_*.c. */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "pl_cmd.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{"demo", pl_cmd_demo, "demo [--no-play]              speak, align and play the sample interview"},
	{"align", pl_cmd_align, "align AUDIO TRANSCRIPT [--translation FILE] [--audio-lang LANG] -o PROJECT.json"},
	{"play", pl_cmd_play, "play PROJECT.json | AUDIO TRANSCRIPT|SUBS [SUBS2] [--frame T -o PNG]"},
	{"transcript", pl_cmd_transcript, "transcript FILE [--json] [--speakers A,B] [--translation FILE]"},
	{"export", pl_cmd_export, "export PROJECT.json --format srt|vtt|ass|lrc|json|aeneas|audacity [--lang zh|en|both] [-o FILE]"},
	{"import", pl_cmd_import, "import SUBS [SUBS2] -o PROJECT.json [--lenient]"},
	{"check", pl_cmd_check, "check PROJECT.json|SUBS [--preset netflix|bbc]"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: tsync COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  tsync %s\n", commands[i].usage);
	fprintf(f, "\n'tsync COMMAND --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
	/* An alignment allocates and frees arrays of tens of megabytes in stages (the features
	 * of an hour, their DTW copies, the band). glibc raises its mmap threshold to the size
	 * of each such block freed, so the later ones come from the heap, are not given back
	 * when freed, and the peak grows: 1 MB fixed keeps them mapped (an hour and nine
	 * minutes: 154 -> 142 MB, en_main 62 -> 57 MB, no change in time). */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("tsync " TSYNC_VERSION_STRING "\n");
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "tsync: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
