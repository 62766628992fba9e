/*
 * sub_audacity.c: Audacity label tracks (File > Export > Labels): one label a line,
 * "start<TAB>end<TAB>label", times in seconds with 6 decimals. Lines starting with '\'
 * (spectral selections) are skipped. Labels cannot hold line breaks: each line of a cue is
 * written as its own label with the cue's times, and labels with equal times are read back
 * as the lines of one cue (so two languages survive a round trip).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"

static int aud_read(const char *buf, size_t len, const struct sub_read_opts *opts,
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
	while (sub_line_iter_next(&it, &s, &n)) {
		if (!n || *s == '\\')
			continue;
		size_t i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			continue;
		int64_t t[2];
		int tcol[2];
		for (int k = 0; k < 2; k++) {
			size_t used = 0, col = 0;
			const char *why = NULL;
			tcol[k] = (int)i + 1;
			if (sub_time_parse_seconds(s + i, n - i, &t[k], &used, &col, &why)) {
				rc = sub_error_set(err, SUB_ERR_PARSE, it.line, (int)(i + col) + 1,
				                   "%s time: %s", k ? "end" : "start", why);
				goto out_free;
			}
			i += used;
			if (k == 0) {
				if (i >= n || (s[i] != '\t' && s[i] != ' ')) {
					rc = sub_error_set(err, SUB_ERR_PARSE, it.line, (int)i + 1,
					                   "expected a tab after the start time "
					                   "(start<TAB>end<TAB>label)");
					goto out_free;
				}
				while (i < n && (s[i] == '\t' || s[i] == ' '))
					i++;
			}
		}
		if (i < n && s[i] != '\t') {
			rc = sub_error_set(err, SUB_ERR_PARSE, it.line, (int)i + 1,
			                   "expected a tab after the end time");
			goto out_free;
		}
		if (i < n)
			i++;
		size_t tl = n - i;
		while (tl && (s[i + tl - 1] == ' ' || s[i + tl - 1] == '\t'))
			tl--;
		struct sub_flat_cue *c = f.n ? &f.cues[f.n - 1] : NULL;
		if (!c || c->start_ms != t[0] || c->end_ms != t[1]) {
			c = sub_flat_add(&f, t[0], t[1], it.line);
			if (!c)
				goto out_nomem;
			c->end_column = tcol[1];
		}
		if (tl && sub_flat_cue_add_line(c, 0, s + i, tl))
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

static int aud_write_cues(const struct sub_project *p, const struct sub_write_opts *opts,
                          struct sub_buf *out)
{
	if (!p || !out)
		return SUB_ERR_ARG;
	struct sub_buf t = {0};
	char a[SUB_TIME_BUF], b[SUB_TIME_BUF];
	for (size_t i = 0; i < p->n_turns; i++)
		for (size_t j = 0; j < p->turns[i].n_cues; j++) {
			const struct sub_cue *c = &p->turns[i].cues[j];
			if (!sub_format_cue_lines(p, opts, c, &t))
				continue;
			sub_time_format(c->start_ms, SUB_TIME_SECONDS6, a, sizeof(a));
			sub_time_format(c->end_ms, SUB_TIME_SECONDS6, b, sizeof(b));
			const char *s = t.data;
			while (*s) {
				const char *e = strchr(s, '\n');
				size_t n = e ? (size_t)(e - s) : strlen(s);
				size_t k = 0;
				while (k < n && (s[k] == ' ' || s[k] == '\t'))
					k++;
				if (k < n) {
					sub_buf_printf(out, "%s\t%s\t", a, b);
					for (; k < n; k++)
						sub_buf_append(out,
						               s[k] == '\t' || s[k] == '\r' ? " "
						                                            : s + k,
						               1);
					sub_buf_puts(out, "\n");
				}
				s = e ? e + 1 : s + n;
			}
		}
	int oom = t.oom;
	sub_buf_release(&t);
	return oom || out->oom ? SUB_ERR_NOMEM : SUB_OK;
}

static int aud_write(const struct sub_project *p, const struct sub_write_opts *opts,
                     struct sub_buf *out)
{
	return sub_format_write_cued(p, opts, out, aud_write_cues);
}

static int aud_probe(const char *buf, size_t len)
{
	struct sub_line_iter it;
	sub_format_probe_iter_init(&it, buf, len);
	const char *s;
	size_t k;
	while (sub_line_iter_next(&it, &s, &k)) {
		if (!k || *s == '\\')
			continue;
		int64_t t;
		size_t used = 0;
		if (sub_time_parse_seconds(s, k, &t, &used, NULL, NULL) || used >= k ||
		    s[used] != '\t')
			return 0;
		size_t u2 = 0;
		if (sub_time_parse_seconds(s + used + 1, k - used - 1, &t, &u2, NULL, NULL))
			return 0;
		return 70;
	}
	return 0;
}

const struct sub_format sub_format_audacity = {
        .name = "audacity",
        .extension = ".txt",
        .probe = aud_probe,
        .read = aud_read,
        .write = aud_write,
};
