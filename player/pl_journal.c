/* pl_journal.c: an append-only, fsync'd log of edits since the last save. */
#include "pl_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sub_io.h"

#define JOURNAL_MAGIC "tsync-journal 1 "

struct pl_journal {
	int fd;
	char *path;
};

int pl_journal_file_id(const char *path, char *id, size_t size)
{
	char *buf = NULL;
	size_t len = 0;
	if (sub_file_read(path, SUB_FILE_MAX_BYTES, &buf, &len, NULL) != SUB_OK)
		return SUB_ERR_IO;
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)buf[i];
		h *= 0x100000001b3u;
	}
	free(buf);
	snprintf(id, size, "%016" PRIx64 " %zu", h, len);
	return SUB_OK;
}

void pl_journal_lines_free(char **lines, size_t n)
{
	if (!lines)
		return;
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

int pl_journal_read(const char *path, const char *project_id, char ***lines, size_t *n,
                    int *matches)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	*lines = NULL;
	*n = 0;
	*matches = 0;
	if (sub_file_read(path, SUB_FILE_MAX_BYTES, &buf, &len, NULL) != SUB_OK)
		return SUB_ERR_IO;
	int rc = SUB_ERR_PARSE;
	char *nl = strchr(buf, '\n');
	if (strncmp(buf, JOURNAL_MAGIC, strlen(JOURNAL_MAGIC)) || !nl)
		goto out_free_buf;
	*nl = 0;
	*matches = project_id && !strcmp(buf + strlen(JOURNAL_MAGIC), project_id);
	rc = SUB_OK;
	for (char *s = nl + 1; *s;) {
		char *e = strchr(s, '\n');
		if (!e)
			break; /* a torn last line (killed mid-write) is dropped */
		*e = 0;
		if (*s) {
			if (sub_grow((void **)lines, &cap, *n + 1, sizeof(**lines)) != SUB_OK ||
			    !((*lines)[*n] = strdup(s))) {
				rc = SUB_ERR_NOMEM;
				break;
			}
			(*n)++;
		}
		s = e + 1;
	}
	if (rc != SUB_OK) {
		pl_journal_lines_free(*lines, *n);
		*lines = NULL;
		*n = 0;
	}
out_free_buf:
	free(buf);
	return rc;
}

size_t pl_journal_replay(struct pl_history *h, char *const *lines, size_t n, size_t *bad_line)
{
	size_t i;
	if (bad_line)
		*bad_line = 0;
	for (i = 0; i < n; i++) {
		struct pl_op op;
		int rc;
		if (!strcmp(lines[i], "undo")) {
			rc = pl_history_undo(h, NULL, NULL);
		} else if (!strcmp(lines[i], "redo")) {
			rc = pl_history_redo(h, NULL, NULL);
		} else if (pl_op_parse(lines[i], &op) == SUB_OK) {
			rc = pl_history_apply(h, &op, NULL);
			if (rc == PL_EDIT_NOOP)
				rc = SUB_OK;
		} else {
			rc = SUB_ERR_PARSE;
		}
		if (rc != SUB_OK && rc != PL_EDIT_NOOP) {
			if (bad_line)
				*bad_line = i + 1;
			break;
		}
	}
	return i;
}

static int write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t w = write(fd, s, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return SUB_ERR_IO;
		}
		s += w;
		len -= (size_t)w;
	}
	return SUB_OK;
}

int pl_journal_reset(struct pl_journal *j, const char *project_id)
{
	char head[128];
	if (!j)
		return SUB_ERR_ARG;
	snprintf(head, sizeof(head), JOURNAL_MAGIC "%s\n", project_id ? project_id : "");
	if (ftruncate(j->fd, 0) || lseek(j->fd, 0, SEEK_SET) < 0 ||
	    write_all(j->fd, head, strlen(head)) || fsync(j->fd))
		return SUB_ERR_IO;
	return SUB_OK;
}

struct pl_journal *pl_journal_open(const char *path, const char *project_id, int keep)
{
	struct pl_journal *j = calloc(1, sizeof(*j));
	if (!j)
		return NULL;
	j->fd = -1;
	if (!(j->path = strdup(path)))
		goto out_free;
	j->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (j->fd < 0)
		goto out_free;
	if (!keep && pl_journal_reset(j, project_id) != SUB_OK)
		goto out_free;
	return j;
out_free:
	pl_journal_free(j, 0);
	return NULL;
}

int pl_journal_append(struct pl_journal *j, const char *line)
{
	if (!j || !line)
		return SUB_ERR_ARG;
	size_t len = strlen(line);
	char *s = malloc(len + 2);
	if (!s)
		return SUB_ERR_NOMEM;
	memcpy(s, line, len);
	s[len] = '\n';
	/* One write() of the whole line, so a kill leaves either the line or a torn tail. */
	int rc = write_all(j->fd, s, len + 1);
	free(s);
	if (rc == SUB_OK && fdatasync(j->fd))
		rc = SUB_ERR_IO;
	return rc;
}

void pl_journal_free(struct pl_journal *j, int remove_file)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	if (remove_file && j->path)
		unlink(j->path);
	free(j->path);
	free(j);
}
