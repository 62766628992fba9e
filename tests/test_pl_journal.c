/* test_pl_journal.c: journal header, append, torn lines, replay, reset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pl_edit.h"
#include "pl_journal.h"
#include "sub_model.h"
#include "tap.h"

static struct sub_project *make_project(void)
{
	struct sub_project *p = sub_project_new();
	sub_project_add_lang(p, "en");
	p->timed = 1;
	struct sub_turn *t = sub_project_add_turn(p);
	t->speaker = -1;
	t->chapter = -1;
	sub_set_str(&t->text[0], "One. Two. Three.");
	const char *words[] = {"One.", "Two.", "Three."};
	for (int i = 0; i < 3; i++) {
		struct sub_cue *c = sub_turn_add_cue(t);
		sub_set_str(&c->text[0], words[i]);
		c->start_ms = 1000 * i;
		c->end_ms = 1000 * i + 800;
	}
	t->start_ms = 0;
	t->end_ms = 2800;
	return p;
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(s, f);
		fclose(f);
	}
}

int main(void)
{
	char dir[] = "/tmp/tsync-journal-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char proj[256], jpath[256], id[64], id2[64];
	snprintf(proj, sizeof(proj), "%s/p.json", dir);
	snprintf(jpath, sizeof(jpath), "%s/p.json.journal", dir);
	write_file(proj, "{\"saved\": 1}\n");
	CHECK(pl_journal_file_id(proj, id, sizeof(id)) == SUB_OK);
	CHECK(strlen(id) > 17);
	CHECK(pl_journal_file_id("/nonexistent/x", id2, sizeof(id2)) == SUB_ERR_IO);

	char **lines = NULL;
	size_t n = 0;
	int match = 0;
	CHECK(pl_journal_read(jpath, id, &lines, &n, &match) == SUB_ERR_IO && n == 0);

	struct pl_journal *j = pl_journal_open(jpath, id, 0);
	CHECK(j != NULL);
	CHECK(pl_journal_append(j, "start 1 900") == SUB_OK);
	CHECK(pl_journal_append(j, "end 2 2950") == SUB_OK);
	CHECK(pl_journal_append(j, "undo") == SUB_OK);
	CHECK(pl_journal_append(j, "redo") == SUB_OK);
	CHECK(pl_journal_append(j, "shift 0 100") == SUB_OK);
	pl_journal_free(j, 0);
	/* A torn last line, as after a kill in the middle of a write. */
	FILE *f = fopen(jpath, "ab");
	fputs("start 0 5", f);
	fclose(f);

	CHECK(pl_journal_read(jpath, id, &lines, &n, &match) == SUB_OK);
	CHECK(n == 5 && match == 1);
	CHECK(n == 5 && !strcmp(lines[0], "start 1 900") && !strcmp(lines[4], "shift 0 100"));

	struct sub_project *p = make_project();
	struct pl_history *h = pl_history_new(p);
	size_t bad = 99;
	CHECK(pl_journal_replay(h, lines, n, &bad) == 5 && bad == 0);
	CHECK(p->turns[0].cues[1].start_ms == 900 + 100);
	CHECK(p->turns[0].cues[2].end_ms == 2950 + 100);
	CHECK(p->turns[0].cues[0].start_ms == 100);
	CHECK(pl_history_undo_count(h) == 3);
	CHECK(sub_project_validate(p, NULL) == SUB_OK);
	pl_journal_lines_free(lines, n);

	/* A bad line stops the replay and is named. */
	char l0[] = "end 0 700", l1[] = "jump 3", l2[] = "end 0 600";
	char *badlines[] = {l0, l1, l2};
	CHECK(pl_journal_replay(h, badlines, 3, &bad) == 1 && bad == 2);

	/* The journal of another saved state does not match. */
	write_file(proj, "{\"saved\": 2}\n");
	CHECK(pl_journal_file_id(proj, id2, sizeof(id2)) == SUB_OK);
	CHECK(strcmp(id, id2) != 0);
	CHECK(pl_journal_read(jpath, id2, &lines, &n, &match) == SUB_OK && !match);
	pl_journal_lines_free(lines, n);

	/* Keep, then reset after a save: only the header is left. */
	j = pl_journal_open(jpath, id, 1);
	CHECK(pl_journal_append(j, "end 0 650") == SUB_OK);
	CHECK(pl_journal_reset(j, id2) == SUB_OK);
	CHECK(pl_journal_read(jpath, id2, &lines, &n, &match) == SUB_OK && match && n == 0);
	pl_journal_lines_free(lines, n);
	pl_journal_free(j, 1);
	CHECK(access(jpath, F_OK) != 0);

	/* Garbage is not a journal. */
	write_file(jpath, "hello\nstart 1 2\n");
	CHECK(pl_journal_read(jpath, id2, &lines, &n, &match) == SUB_ERR_PARSE && n == 0);
	CHECK(pl_journal_append(NULL, "x") == SUB_ERR_ARG);
	pl_journal_free(NULL, 1);

	pl_history_free(h);
	sub_project_free(p);
	unlink(jpath);
	unlink(proj);
	rmdir(dir);
	return tap_done();
}
