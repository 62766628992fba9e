/* sub_format.c: the driver list, format detection, file wrappers and driver helpers. */
#include "sub_format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sub_time.h"

const struct sub_format *const sub_formats[] = {
        &sub_format_json, &sub_format_aeneas, &sub_format_srt,      &sub_format_vtt,
        &sub_format_ass,  &sub_format_lrc,    &sub_format_audacity, NULL,
};

void sub_write_opts_init(struct sub_write_opts *o)
{
	if (!o)
		return;
	memset(o, 0, sizeof(*o));
	o->speakers = 1;
}

const struct sub_format *sub_format_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; sub_formats[i]; i++)
		if (!strcasecmp(sub_formats[i]->name, name))
			return sub_formats[i];
	/* common aliases */
	if (!strcasecmp(name, "webvtt"))
		return &sub_format_vtt;
	if (!strcasecmp(name, "ssa"))
		return &sub_format_ass;
	if (!strcasecmp(name, "txt") || !strcasecmp(name, "labels"))
		return &sub_format_audacity;
	const struct sub_format *f = sub_format_for_path(name);
	return f;
}

const struct sub_format *sub_format_for_path(const char *path)
{
	if (!path)
		return NULL;
	size_t n = strlen(path);
	/* ".aeneas.json" and ".sync.json" before ".json" */
	static const struct {
		const char *ext;
		const struct sub_format *f;
	} exts[] = {
	        {".aeneas.json", &sub_format_aeneas},
	        {".syncmap.json", &sub_format_aeneas},
	        {".json", &sub_format_json},
	        {".srt", &sub_format_srt},
	        {".vtt", &sub_format_vtt},
	        {".webvtt", &sub_format_vtt},
	        {".ass", &sub_format_ass},
	        {".ssa", &sub_format_ass},
	        {".lrc", &sub_format_lrc},
	        {".txt", &sub_format_audacity},
	};
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t e = strlen(exts[i].ext);
		if (n > e && !strcasecmp(path + n - e, exts[i].ext))
			return exts[i].f;
	}
	return NULL;
}

const struct sub_format *sub_format_probe(const char *buf, size_t len)
{
	const struct sub_format *best = NULL;
	int best_score = 0;
	if (!buf)
		return NULL;
	for (size_t i = 0; sub_formats[i]; i++) {
		if (!sub_formats[i]->probe || !sub_formats[i]->read)
			continue;
		int s = sub_formats[i]->probe(buf, len);
		if (s > best_score) {
			best_score = s;
			best = sub_formats[i];
		}
	}
	return best;
}

const struct sub_format *sub_format_detect(const char *path, const char *buf, size_t len)
{
	/* The extension decides when its driver recognises the content at all; otherwise the
	 * best probe wins; an unrecognised file with a known extension goes to that driver,
	 * whose reader then says what is wrong with it. */
	const struct sub_format *ext = sub_format_for_path(path);
	if (ext && ext->read && ext->probe && buf && ext->probe(buf, len) > 0)
		return ext;
	const struct sub_format *f = buf ? sub_format_probe(buf, len) : NULL;
	if (!f && ext && ext->read)
		f = ext;
	return f;
}

int sub_format_read_file(const char *path, const struct sub_read_opts *opts,
                         struct sub_project **out, struct sub_error *err)
{
	if (!path || !out)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no file or no output");
	*out = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc = sub_file_read(path, SUB_FILE_MAX_BYTES, &buf, &len, err);
	if (rc)
		return rc;
	const struct sub_format *f = sub_format_detect(path, buf, len);
	if (!f || !f->read) {
		rc = sub_error_set(err, SUB_ERR_FORMAT, 0, 0,
		                   "cannot tell the format of this file (expected SRT, WebVTT, "
		                   "ASS, LRC, Audacity labels, aeneas or tsync JSON)");
		goto out_free;
	}
	struct sub_read_opts o;
	memset(&o, 0, sizeof(o));
	if (opts)
		o = *opts;
	if (!o.filename)
		o.filename = path;
	rc = f->read(buf, len, &o, out, err);
out_free:
	free(buf);
	return rc;
}

int sub_format_write_file(const struct sub_format *f, const struct sub_project *p,
                          const struct sub_write_opts *opts, const char *path,
                          struct sub_error *err)
{
	if (err) {
		memset(err, 0, sizeof(*err));
		snprintf(err->file, sizeof(err->file), "%s", path ? path : "");
	}
	if (!f || !f->write || !p || !path)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "nothing to write");
	if (!p->timed && f != &sub_format_json)
		return sub_error_set(err, SUB_ERR_INVALID, 0, 0,
		                     "the project has no times yet (align it first); only json "
		                     "can be written");
	struct sub_write_opts o;
	sub_write_opts_init(&o);
	if (opts)
		o = *opts;
	struct sub_buf b = {0};
	int rc = f->write(p, &o, &b);
	if (!rc && b.oom)
		rc = SUB_ERR_NOMEM;
	if (rc) {
		if (err && !err->msg[0])
			sub_error_set(err, rc, 0, 0, "cannot write %s: %s", f->name,
			              sub_strerror(rc));
		goto out_free;
	}
	rc = sub_file_write_atomic(path, b.data ? b.data : "", b.len, 0, err);
out_free:
	sub_buf_release(&b);
	return rc;
}

/* ---- helpers ---- */

void sub_line_iter_init(struct sub_line_iter *it, const char *buf, size_t len)
{
	it->buf = buf;
	it->len = buf ? len : 0;
	it->pos = 0;
	it->line = 0;
	if (it->len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		it->pos = 3;
}

void sub_format_probe_iter_init(struct sub_line_iter *it, const char *buf, size_t len)
{
	sub_line_iter_init(it, buf, len > SUB_PROBE_BYTES ? SUB_PROBE_BYTES : len);
}

int sub_line_iter_next(struct sub_line_iter *it, const char **s, size_t *n)
{
	if (it->pos >= it->len)
		return 0;
	const char *start = it->buf + it->pos;
	size_t left = it->len - it->pos;
	size_t k = 0;
	while (k < left && start[k] != '\n' && start[k] != '\r')
		k++;
	*s = start;
	*n = k;
	it->pos += k;
	if (k < left) {
		if (start[k] == '\r' && k + 1 < left && start[k + 1] == '\n')
			it->pos += 2;
		else
			it->pos += 1;
	}
	it->line++;
	return 1;
}

int sub_line_is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Offset of the first byte that does not start a valid UTF-8 sequence; n if none. */
static size_t utf8_bad_offset(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
		if (k > n - i || !sub_utf8_valid(s + i, k))
			return i;
		i += k;
	}
	return n;
}

int sub_format_check_text(const char *buf, size_t len, struct sub_error *err)
{
	if (!buf)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no input");
	if (len >= 2 && ((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE))
		return sub_error_set(err, SUB_ERR_ENCODING, 1, 1,
		                     "the file is UTF-16 (little endian); convert it to UTF-8");
	if (len >= 2 && ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF))
		return sub_error_set(err, SUB_ERR_ENCODING, 1, 1,
		                     "the file is UTF-16 (big endian); convert it to UTF-8");
	int blank = 1;
	struct sub_line_iter it;
	sub_line_iter_init(&it, buf, len);
	const char *s;
	size_t n;
	while (sub_line_iter_next(&it, &s, &n)) {
		const char *nul = memchr(s, 0, n);
		if (nul)
			return sub_error_set(err, SUB_ERR_ENCODING, it.line, (int)(nul - s) + 1,
			                     "NUL byte: this is a binary file, not text");
		if (!sub_utf8_valid(s, n))
			return sub_error_set(err, SUB_ERR_ENCODING, it.line,
			                     (int)utf8_bad_offset(s, n) + 1,
			                     "invalid UTF-8 (a binary file, or text in another "
			                     "encoding)");
		if (blank && !sub_line_is_blank(s, n))
			blank = 0;
	}
	if (blank)
		return sub_error_set(err, SUB_ERR_EMPTY, 0, 0, "the file is empty");
	return SUB_OK;
}

const char *sub_format_find_arrow(const char *s, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>')
			return s + i;
	return NULL;
}

int sub_format_parse_timing(const char *s, size_t n, int line, const char *trailing_msg,
                            int64_t *start, int64_t *end, int *end_col, struct sub_error *err)
{
	size_t i = 0, used = 0, col = 0;
	const char *why = NULL;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (sub_time_parse_clock(s + i, n - i, 0, start, &used, &col, &why))
		return sub_error_set(err, SUB_ERR_PARSE, line, (int)(i + col) + 1, "start time: %s",
		                     why);
	i += used;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (n - i < 3 || memcmp(s + i, "-->", 3))
		return sub_error_set(err, SUB_ERR_PARSE, line, (int)i + 1,
		                     "expected '-->' after the start time");
	i += 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	*end_col = (int)i + 1;
	if (sub_time_parse_clock(s + i, n - i, 0, end, &used, &col, &why))
		return sub_error_set(err, SUB_ERR_PARSE, line, (int)(i + col) + 1, "end time: %s",
		                     why);
	i += used;
	if (i < n && s[i] != ' ' && s[i] != '\t')
		return sub_error_set(err, SUB_ERR_PARSE, line, (int)i + 1, "%s", trailing_msg);
	return SUB_OK;
}

int sub_format_read_begin(const char *buf, size_t len, struct sub_project **out,
                          struct sub_error *err)
{
	if (!out)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no output");
	*out = NULL;
	return sub_format_check_text(buf, len, err);
}

int sub_format_cued(const struct sub_project *p, struct sub_project **tmp)
{
	if (!p || !tmp)
		return SUB_ERR_ARG;
	*tmp = NULL;
	size_t need = 0;
	for (size_t i = 0; p->timed && i < p->n_turns; i++)
		need += !p->turns[i].n_cues;
	if (!need)
		return SUB_OK;
	struct sub_project *q = sub_project_dup(p);
	if (!q)
		return SUB_ERR_NOMEM;
	for (size_t i = 0; i < q->n_turns; i++) {
		struct sub_turn *t = &q->turns[i];
		if (t->n_cues)
			continue;
		struct sub_cue *c = sub_turn_add_cue(t);
		if (!c) {
			sub_project_free(q);
			return SUB_ERR_NOMEM;
		}
		c->start_ms = t->start_ms;
		c->end_ms = t->end_ms;
		c->confidence = t->confidence;
		for (int l = 0; l < SUB_MAX_LANGS; l++)
			if (sub_set_str(&c->text[l], t->text[l])) {
				sub_project_free(q);
				return SUB_ERR_NOMEM;
			}
	}
	*tmp = q;
	return SUB_OK;
}

int sub_format_write_cued(const struct sub_project *p, const struct sub_write_opts *opts,
                          struct sub_buf *out,
                          int (*write_cues)(const struct sub_project *p,
                                            const struct sub_write_opts *opts, struct sub_buf *out))
{
	struct sub_project *tmp = NULL;
	int rc = out ? sub_format_cued(p, &tmp) : SUB_ERR_ARG;
	if (!rc)
		rc = write_cues(tmp ? tmp : p, opts, out);
	sub_project_free(tmp);
	return rc;
}

int sub_write_wants(const struct sub_project *p, const struct sub_write_opts *opts, int l)
{
	if (l < 0 || l >= p->n_langs)
		return 0;
	if (!opts || !opts->lang_mask)
		return 1;
	return (opts->lang_mask >> l) & 1;
}

int sub_format_cue_text(const struct sub_project *p, const struct sub_write_opts *opts,
                        const struct sub_cue *c, const char *sep, struct sub_buf *out)
{
	int n = 0;
	for (int l = 0; l < p->n_langs; l++) {
		if (!sub_write_wants(p, opts, l) || !c->text[l])
			continue;
		const char *t = c->text[l];
		while (*t == ' ' || *t == '\n' || *t == '\t')
			t++;
		size_t len = strlen(t);
		while (len && (t[len - 1] == ' ' || t[len - 1] == '\n' || t[len - 1] == '\t'))
			len--;
		if (!len)
			continue;
		if (n)
			sub_buf_puts(out, sep);
		sub_buf_append(out, t, len);
		n++;
	}
	return n;
}

int sub_format_cue_lines(const struct sub_project *p, const struct sub_write_opts *opts,
                         const struct sub_cue *c, struct sub_buf *text)
{
	text->len = 0;
	if (text->data)
		text->data[0] = 0;
	int n = sub_format_cue_text(p, opts, c, "\n", text);
	return text->oom ? 0 : n;
}

void sub_format_put_lines(struct sub_buf *out, const char *text,
                          void (*put)(struct sub_buf *out, const char *s, size_t n))
{
	const char *s = text;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (!sub_line_is_blank(s, n)) {
			put(out, s, n);
			sub_buf_puts(out, "\n");
		}
		s = e ? e + 1 : s + n;
	}
}

const char *sub_format_speaker(const struct sub_project *p, const struct sub_write_opts *opts,
                               int k)
{
	if ((opts && !opts->speakers) || k < 0 || (size_t)k >= p->n_speakers)
		return NULL;
	const struct sub_speaker *s = &p->speakers[k];
	for (int l = 0; l < p->n_langs; l++)
		if (sub_write_wants(p, opts, l) && s->name[l] && s->name[l][0])
			return s->name[l];
	for (int l = 0; l < SUB_MAX_LANGS; l++)
		if (s->name[l] && s->name[l][0])
			return s->name[l];
	return NULL;
}

const char *sub_format_speaker_name(const struct sub_project *p, const struct sub_write_opts *opts,
                                    const struct sub_turn *t)
{
	return sub_format_speaker(p, opts, t->speaker);
}
