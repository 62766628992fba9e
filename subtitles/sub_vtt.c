/* sub_vtt.c: WebVTT (W3C). The reader skips NOTE, STYLE and REGION blocks, takes cue
 * identifiers and ignores cue settings, reads <v Speaker> voice spans into speakers, keeps
 * <i>, <b> and <u> as styling, drops other tags and unescapes character references.
 * Timestamps may leave out the hours (mm:ss.ttt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"

/* Nonzero when line s starts with word w followed by the end, a space or a tab. */
static int starts_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && !memcmp(s, w, k) && (n == k || s[k] == ' ' || s[k] == '\t');
}

static const struct {
	const char *ref;
	const char *text;
} entities[] = {
        {"&amp;", "&"},
        {"&lt;", "<"},
        {"&gt;", ">"},
        {"&nbsp;", "\xC2\xA0"},
        {"&lrm;", "\xE2\x80\x8E"},
        {"&rlm;", "\xE2\x80\x8F"},
        {"&quot;", "\""},
        {"&apos;", "'"},
};

/* Decodes one line of cue text into out: tags, voices and references. */
static void decode_line(const char *s, size_t n, struct sub_buf *out, char **speaker, int *bad)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] == '<') {
			const char *gt = memchr(s + i, '>', n - i);
			if (!gt) {
				sub_buf_append(out, s + i, n - i); /* unclosed: literal */
				return;
			}
			size_t tl = (size_t)(gt - (s + i)) + 1;
			const char *tag = s + i + 1;
			size_t k = tl - 2;
			if (k >= 1 && tag[0] == 'v' &&
			    (k == 1 || tag[1] == ' ' || tag[1] == '.' || tag[1] == '\t')) {
				size_t a = 1;
				while (a < k && tag[a] != ' ' && tag[a] != '\t')
					a++; /* skip classes */
				while (a < k && (tag[a] == ' ' || tag[a] == '\t'))
					a++;
				size_t b = k;
				while (b > a && (tag[b - 1] == ' ' || tag[b - 1] == '\t'))
					b--;
				if (b > a && !*speaker) {
					struct sub_buf name = {0};
					decode_line(tag + a, b - a, &name, speaker, bad);
					if (name.oom)
						*bad = 1;
					*speaker = name.data;
				}
			} else if ((k == 1 || k == 2) &&
			           (!strncmp(tag, "i", k) || !strncmp(tag, "b", k) ||
			            !strncmp(tag, "u", k) || !strncmp(tag, "/i", k) ||
			            !strncmp(tag, "/b", k) || !strncmp(tag, "/u", k))) {
				sub_buf_append(out, s + i, tl);
			}
			/* other tags (</v>, <c>, <lang>, <ruby>, timestamps) are dropped */
			i += tl;
			continue;
		}
		if (s[i] == '&') {
			size_t e;
			for (e = 0; e < sizeof(entities) / sizeof(entities[0]); e++) {
				size_t rl = strlen(entities[e].ref);
				if (n - i >= rl && !memcmp(s + i, entities[e].ref, rl)) {
					sub_buf_puts(out, entities[e].text);
					i += rl;
					break;
				}
			}
			if (e < sizeof(entities) / sizeof(entities[0]))
				continue;
		}
		sub_buf_append(out, s + i, 1);
		i++;
	}
}

static int vtt_read(const char *buf, size_t len, const struct sub_read_opts *opts,
                    struct sub_project **out, struct sub_error *err)
{
	int rc = sub_format_read_begin(buf, len, out, err);
	if (rc)
		return rc;
	struct sub_flat f = {0};
	struct sub_buf line = {0};
	struct sub_line_iter it;
	sub_line_iter_init(&it, buf, len);
	const char *s;
	size_t n;
	if (!sub_line_iter_next(&it, &s, &n) || !starts_word(s, n, "WEBVTT"))
		return sub_error_set(err, SUB_ERR_PARSE, 1, 1,
		                     "expected 'WEBVTT' at the start of the file");
	/* header lines up to the first blank line */
	while (sub_line_iter_next(&it, &s, &n) && !sub_line_is_blank(s, n)) {
		if (sub_format_find_arrow(s, n)) {
			rc = sub_error_set(err, SUB_ERR_PARSE, it.line, 1,
			                   "expected a blank line after the WEBVTT header");
			goto out_free;
		}
	}
	enum { BETWEEN, SKIP, TEXT } state = BETWEEN;
	struct sub_flat_cue *cur = NULL;
	const char *id = NULL; /* a cue identifier seen, awaiting its timing line */
	int id_line = 0;
	while (sub_line_iter_next(&it, &s, &n)) {
		if (sub_line_is_blank(s, n)) {
			if (id) {
				rc = sub_error_set(err, SUB_ERR_PARSE, id_line, 1,
				                   "cue identifier without a timing line");
				goto out_free;
			}
			state = BETWEEN;
			cur = NULL;
			continue;
		}
		if (state == SKIP)
			continue;
		if (sub_format_find_arrow(s, n) && (state != TEXT || !starts_word(s, n, "NOTE"))) {
			int64_t a, b;
			int end_col = 0;
			/* cue settings (position, line, align...) are ignored */
			rc = sub_format_parse_timing(s, n, it.line,
			                             "expected a space before the cue settings", &a,
			                             &b, &end_col, err);
			if (rc)
				goto out_free;
			cur = sub_flat_add(&f, a, b, it.line);
			if (!cur)
				goto out_nomem;
			cur->end_column = end_col;
			state = TEXT;
			id = NULL;
			continue;
		}
		if (state == BETWEEN) {
			if (id) {
				rc = sub_error_set(err, SUB_ERR_PARSE, it.line, 1,
				                   "expected a timing line (00:01.000 --> "
				                   "00:02.000) after the cue identifier");
				goto out_free;
			}
			if (starts_word(s, n, "NOTE") || starts_word(s, n, "STYLE") ||
			    starts_word(s, n, "REGION")) {
				state = SKIP;
				continue;
			}
			id = s; /* a cue identifier */
			id_line = it.line;
			continue;
		}
		/* state == TEXT */
		line.len = 0;
		if (line.data)
			line.data[0] = 0;
		int bad = 0;
		char *speaker = NULL;
		decode_line(s, n, &line, &speaker, &bad);
		if (bad || line.oom) {
			free(speaker);
			goto out_nomem;
		}
		if (speaker) {
			if (!cur->speaker)
				cur->speaker = speaker;
			else
				free(speaker);
		}
		size_t k = line.len;
		while (k && (line.data[k - 1] == ' ' || line.data[k - 1] == '\t'))
			k--;
		if (sub_flat_cue_add_line(cur, 0, line.data ? line.data : "", k))
			goto out_nomem;
	}
	if (id) {
		rc = sub_error_set(err, SUB_ERR_PARSE, id_line, 1,
		                   "cue identifier without a timing line (truncated file?)");
		goto out_free;
	}
	rc = sub_flat_build(&f, opts, out, err);
	goto out_free;
out_nomem:
	rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
out_free:
	sub_buf_release(&line);
	sub_flat_release(&f);
	return rc;
}

/* Escapes &, < and > except the styling tags that the reader keeps. */
static void escape_text(struct sub_buf *out, const char *s, size_t n)
{
	static const char *const keep[] = {"<i>", "</i>", "<b>", "</b>", "<u>", "</u>"};
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<') {
			size_t k;
			for (k = 0; k < sizeof(keep) / sizeof(keep[0]); k++) {
				size_t kl = strlen(keep[k]);
				if (n - i >= kl && !memcmp(s + i, keep[k], kl)) {
					sub_buf_append(out, s + i, kl);
					i += kl - 1;
					break;
				}
			}
			if (k == sizeof(keep) / sizeof(keep[0]))
				sub_buf_puts(out, "&lt;");
		} else if (s[i] == '>') {
			sub_buf_puts(out, "&gt;");
		} else if (s[i] == '&') {
			sub_buf_puts(out, "&amp;");
		} else {
			sub_buf_append(out, s + i, 1);
		}
	}
}

static int vtt_write_cues(const struct sub_project *p, const struct sub_write_opts *opts,
                          struct sub_buf *out)
{
	if (!p || !out)
		return SUB_ERR_ARG;
	struct sub_buf t = {0};
	char a[SUB_TIME_BUF], b[SUB_TIME_BUF];
	sub_buf_puts(out, "WEBVTT\n\n");
	for (size_t i = 0; i < p->n_turns; i++) {
		const char *spk = sub_format_speaker_name(p, opts, &p->turns[i]);
		for (size_t j = 0; j < p->turns[i].n_cues; j++) {
			const struct sub_cue *c = &p->turns[i].cues[j];
			if (!sub_format_cue_lines(p, opts, c, &t))
				continue;
			sub_buf_printf(out, "%s --> %s\n",
			               sub_time_format(c->start_ms, SUB_TIME_VTT, a, sizeof(a)),
			               sub_time_format(c->end_ms, SUB_TIME_VTT, b, sizeof(b)));
			if (spk) {
				sub_buf_puts(out, "<v ");
				/* a voice name ends at '>' and must not hold a line break */
				for (const char *q = spk; *q; q++)
					if (*q == '\n' || *q == '\r' || *q == '\t')
						sub_buf_puts(out, " ");
					else
						escape_text(out, q, 1);
				sub_buf_puts(out, ">");
			}
			sub_format_put_lines(out, t.data, escape_text);
			sub_buf_puts(out, "\n");
		}
	}
	int oom = t.oom;
	sub_buf_release(&t);
	return oom || out->oom ? SUB_ERR_NOMEM : SUB_OK;
}

static int vtt_write(const struct sub_project *p, const struct sub_write_opts *opts,
                     struct sub_buf *out)
{
	return sub_format_write_cued(p, opts, out, vtt_write_cues);
}

static int vtt_probe(const char *buf, size_t len)
{
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		buf += 3;
		len -= 3;
	}
	if (len >= 6 && !memcmp(buf, "WEBVTT", 6) &&
	    (len == 6 || buf[6] == ' ' || buf[6] == '\t' || buf[6] == '\n' || buf[6] == '\r'))
		return 100;
	return 0;
}

const struct sub_format sub_format_vtt = {
        .name = "vtt",
        .extension = ".vtt",
        .probe = vtt_probe,
        .read = vtt_read,
        .write = vtt_write,
};
