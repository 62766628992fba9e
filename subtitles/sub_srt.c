/* sub_srt.c: SubRip. A tolerant reader (BOM, CRLF, missing blank lines, ',' or '.' before
 * the milliseconds, any number of hour digits, stray cue numbers) and a plain writer.
 * Styling tags (<i>, <b>, <font ...>) are kept in the text as they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"

static int is_number_line(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (!n || n > 12)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Nonzero when the next non-blank line after the iterator is a timing line. */
static int timing_follows(const struct sub_line_iter *it0, int allow_blank)
{
	struct sub_line_iter it = *it0;
	const char *s;
	size_t n;
	while (sub_line_iter_next(&it, &s, &n)) {
		if (sub_line_is_blank(s, n)) {
			if (!allow_blank)
				return 0;
			continue;
		}
		return sub_format_find_arrow(s, n) != NULL;
	}
	return 0;
}

static int srt_read(const char *buf, size_t len, const struct sub_read_opts *opts,
                    struct sub_project **out, struct sub_error *err)
{
	int rc = sub_format_read_begin(buf, len, out, err);
	if (rc)
		return rc;
	struct sub_flat f = {0};
	struct sub_line_iter it;
	sub_line_iter_init(&it, buf, len);
	const char *s;
	size_t n;
	struct sub_flat_cue *cur = NULL; /* the cue whose text lines we are reading */
	while (sub_line_iter_next(&it, &s, &n)) {
		if (sub_line_is_blank(s, n)) {
			cur = NULL;
			continue;
		}
		if (sub_format_find_arrow(s, n)) {
			int64_t a, b;
			int end_col = 0;
			rc = sub_format_parse_timing(s, n, it.line,
			                             "unexpected text after the end time", &a, &b,
			                             &end_col, err);
			if (rc)
				goto out_free;
			cur = sub_flat_add(&f, a, b, it.line);
			if (!cur)
				goto out_nomem;
			cur->end_column = end_col;
			continue;
		}
		if (is_number_line(s, n) && timing_follows(&it, !cur)) {
			cur = NULL;
			continue;
		}
		if (!cur) {
			if (is_number_line(s, n)) {
				rc = sub_error_set(err, SUB_ERR_PARSE, it.line, 1,
				                   "cue number %.*s is not followed by a timing "
				                   "line (truncated file?)",
				                   (int)(n > 20 ? 20 : n), s);
				goto out_free;
			}
			rc = sub_error_set(err, SUB_ERR_PARSE, it.line, 1,
			                   "expected a cue number or a timing line "
			                   "(00:00:01,000 --> 00:00:02,000)");
			goto out_free;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (sub_flat_cue_add_line(cur, 0, s, n))
			goto out_nomem;
	}
	rc = sub_flat_build(&f, opts, out, err);
	goto out_free;
out_nomem:
	rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
out_free:
	sub_flat_release(&f);
	return rc;
}

/* SRT has no escapes: "-->" in a text line would read as a timing line, so it is written
 * "-- >". */
static void put_line(struct sub_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (n - i >= 3 && !memcmp(s + i, "-->", 3)) {
			sub_buf_puts(out, "-- >");
			i += 2;
			continue;
		}
		sub_buf_append(out, s + i, 1);
	}
}

static int srt_write_cues(const struct sub_project *p, const struct sub_write_opts *opts,
                          struct sub_buf *out)
{
	if (!p || !out)
		return SUB_ERR_ARG;
	size_t num = 0;
	struct sub_buf t = {0};
	char a[SUB_TIME_BUF], b[SUB_TIME_BUF];
	for (size_t i = 0; i < p->n_turns; i++)
		for (size_t j = 0; j < p->turns[i].n_cues; j++) {
			const struct sub_cue *c = &p->turns[i].cues[j];
			if (!sub_format_cue_lines(p, opts, c, &t))
				continue;
			sub_buf_printf(out, "%zu\n%s --> %s\n", ++num,
			               sub_time_format(c->start_ms, SUB_TIME_SRT, a, sizeof(a)),
			               sub_time_format(c->end_ms, SUB_TIME_SRT, b, sizeof(b)));
			/* blank lines would end the cue early: leave them out */
			sub_format_put_lines(out, t.data, put_line);
			sub_buf_puts(out, "\n");
		}
	int oom = t.oom;
	sub_buf_release(&t);
	return oom || out->oom ? SUB_ERR_NOMEM : SUB_OK;
}

static int srt_write(const struct sub_project *p, const struct sub_write_opts *opts,
                     struct sub_buf *out)
{
	return sub_format_write_cued(p, opts, out, srt_write_cues);
}

static int srt_probe(const char *buf, size_t len)
{
	struct sub_line_iter it;
	sub_format_probe_iter_init(&it, buf, len);
	const char *s;
	size_t k;
	int lines = 0;
	while (sub_line_iter_next(&it, &s, &k) && lines < 20) {
		if (sub_line_is_blank(s, k))
			continue;
		lines++;
		const char *arrow = sub_format_find_arrow(s, k);
		if (arrow) {
			int64_t t;
			if (!sub_time_parse_clock(s, (size_t)(arrow - s), 0, &t, NULL, NULL,
			                          NULL) ||
			    (s[0] >= '0' && s[0] <= '9'))
				return memchr(s, ',', k) ? 80 : 60;
			return 20;
		}
		if (!is_number_line(s, k))
			return 0;
	}
	return 0;
}

const struct sub_format sub_format_srt = {
        .name = "srt",
        .extension = ".srt",
        .probe = srt_probe,
        .read = srt_read,
        .write = srt_write,
};
