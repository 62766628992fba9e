/* pl_session.c: opening the journal of a project and restoring what a crash left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pl_edit.h"
#include "pl_journal.h"
#include "pl_player.h"

static void journal_path(const char *project, const char *suffix, char *buf, size_t size)
{
	snprintf(buf, size, "%s.journal%s", project, suffix);
}

/* Moves the journal aside (never deleted: it may hold the only copy of some edits). */
static void set_aside(const char *project, const char *suffix)
{
	char from[4096], to[4096];
	journal_path(project, "", from, sizeof(from));
	journal_path(project, suffix, to, sizeof(to));
	if (rename(from, to) == 0)
		fprintf(stderr, "tsync play: the old journal is kept as %s\n", to);
}

static int open_journal(const struct pl_player_opts *o, int keep, struct pl_journal **journal)
{
	char jpath[4096], id[64];
	journal_path(o->project_path, "", jpath, sizeof(jpath));
	if (pl_journal_file_id(o->project_path, id, sizeof(id)) != SUB_OK) {
		fprintf(stderr, "tsync play: cannot read %s\n", o->project_path);
		return 1;
	}
	*journal = pl_journal_open(jpath, id, keep);
	if (!*journal) {
		perror(jpath);
		return 1;
	}
	return 0;
}

int pl_session_resolve(struct sub_project *p, const struct pl_player_opts *o, int restore,
                       struct pl_history *history, struct pl_journal **journal)
{
	char jpath[4096], id[64];
	char **lines = NULL;
	size_t n = 0, bad = 0;
	int match = 0;
	journal_path(o->project_path, "", jpath, sizeof(jpath));
	pl_journal_file_id(o->project_path, id, sizeof(id));
	pl_journal_read(jpath, id, &lines, &n, &match);
	if (!restore) {
		pl_journal_lines_free(lines, n);
		set_aside(o->project_path, ".discarded");
		return open_journal(o, 0, journal);
	}
	size_t done = pl_journal_replay(history, lines, n, &bad);
	if (bad) {
		fprintf(stderr, "%s:%zu: cannot replay this edit; %zu edits restored\n", jpath,
		        bad + 1, done);
		/* Keep the journal true to the model: the old one aside, the replayed lines in a
		 * new one. */
		set_aside(o->project_path, ".partial");
		int rc = open_journal(o, 0, journal);
		for (size_t i = 0; !rc && i < done; i++)
			rc = pl_journal_append(*journal, lines[i]) ? 1 : 0;
		pl_journal_lines_free(lines, n);
		return rc;
	}
	pl_journal_lines_free(lines, n);
	fprintf(stderr, "tsync play: restored %zu unsaved edit%s from %s\n", done,
	        done == 1 ? "" : "s", jpath);
	return open_journal(o, 1, journal);
}

int pl_session_open(struct sub_project *p, const struct pl_player_opts *o, int can_ask_later,
                    struct pl_history **history, struct pl_journal **journal, size_t *pending)
{
	char jpath[4096], id[64];
	char **lines = NULL;
	size_t n = 0;
	int match = 0;
	*journal = NULL;
	*pending = 0;
	if (!(*history = pl_history_new(p))) {
		fprintf(stderr, "tsync play: out of memory\n");
		return 1;
	}
	if (!o->project_path)
		return 0;
	journal_path(o->project_path, "", jpath, sizeof(jpath));
	if (pl_journal_file_id(o->project_path, id, sizeof(id)) != SUB_OK) {
		fprintf(stderr, "tsync play: cannot read %s\n", o->project_path);
		return 1;
	}
	int rc = pl_journal_read(jpath, id, &lines, &n, &match);
	pl_journal_lines_free(lines, n);
	if (rc == SUB_ERR_PARSE) {
		fprintf(stderr, "%s: not a tsync journal\n", jpath);
		set_aside(o->project_path, ".bad");
		return open_journal(o, 0, journal);
	}
	if (rc != SUB_OK || n == 0)
		return open_journal(o, 0, journal);
	if (!match) {
		fprintf(stderr,
		        "%s: %zu edits made on another saved version of the project; not applied\n",
		        jpath, n);
		set_aside(o->project_path, ".stale");
		return open_journal(o, 0, journal);
	}
	int restore = o->restore;
	if (restore < 0 && can_ask_later) {
		*pending = n;
		return 0;
	}
	if (restore < 0 && isatty(0)) {
		char answer[16] = "";
		fprintf(stderr, "%s holds %zu unsaved edit%s. Restore them? [y/n] ", jpath, n,
		        n == 1 ? "" : "s");
		if (fgets(answer, sizeof(answer), stdin))
			restore = answer[0] == 'y' || answer[0] == 'Y';
		else
			restore = 0;
	} else if (restore < 0) {
		fprintf(stderr,
		        "%s holds %zu unsaved edits; not restored (use --restore-journal yes)\n",
		        jpath, n);
		set_aside(o->project_path, ".unrestored");
		return open_journal(o, 0, journal);
	}
	return pl_session_resolve(p, o, restore, *history, journal);
}
