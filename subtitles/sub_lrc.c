/*
 * sub_lrc.c: LRC lyrics. Lines "[mm:ss.xx]text", several time tags per line allowed,
 * headers [ar:], [ti:], [length:], [offset:] and others. A cue lasts until the next time
 * tag; a tag with no text ends the cue before it. Lines that share one time make one cue
 * (that is how two languages are written: the first language's lines, then the
 * second's). The last cue ends at the next empty tag, else at [length:], else 5 s later.
 * Word times <mm:ss.xx> (enhanced LRC) are dropped.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"

#define LRC_LAST_CUE_MS 5000

struct entry {
	int64_t t;
	size_t seq;
	int line;
	const char *text; /* borrowed from the buffer */
	size_t len;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Parses an LRC time "mm:ss.xx" (also "mm:ss", "mm:ss:xx", "h:mm:ss.xx"). */
static int lrc_time(const char *s, size_t n, int64_t *ms, size_t *col, const char **why)
{
	/* "mm:ss:xx": the third field is hundredths, not seconds */
	if (n == 8 && s[2] == ':' && s[5] == ':' && isdigit((unsigned char)s[6]) &&
	    isdigit((unsigned char)s[7])) {
		int64_t m = (s[0] - '0') * 10 + (s[1] - '0');
		int64_t sec = (s[3] - '0') * 10 + (s[4] - '0');
		if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
		    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4])) {
			*col = 0;
			*why = "expected mm:ss.xx";
			return -1;
		}
		if (sec > 59) {
			*col = 3;
			*why = "minutes/seconds out of range";
			return -1;
		}
		*ms = (m * 60 + sec) * 1000 + ((s[6] - '0') * 10 + (s[7] - '0')) * 10;
		return 0;
	}
	size_t used = 0;
	if (sub_time_parse_clock(s, n, SUB_TIME_FREE_MINUTES, ms, &used, col, why))
		return -1;
	if (used == n)
		return 0;
	*col = used;
	*why = "unexpected text in the time tag";
	return -1;
}

/* Drops enhanced-LRC word times "<mm:ss.xx>" from a text into out. */
static void strip_word_times(const char *s, size_t n, struct sub_buf *out)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] == '<') {
			const char *gt = memchr(s + i, '>', n - i);
			int64_t t;
			if (gt && gt > s + i + 1 &&
			    !lrc_time(s + i + 1, (size_t)(gt - s - i - 1), &t, &(size_t){0},
			              &(const char *){NULL})) {
				i = (size_t)(gt - s) + 1;
				continue;
			}
		}
		sub_buf_append(out, s + i, 1);
		i++;
	}
}

static int lrc_read(const char *buf, size_t len, const struct sub_read_opts *opts,
                    struct sub_project **out, struct sub_error *err)
{
	int rc = sub_format_read_begin(buf, len, out, err);
	if (rc)
		return rc;
	struct entry *e = NULL;
	size_t ne = 0, cap = 0;
	struct sub_flat f = {0};
	struct sub_buf text = {0};
	int64_t length_ms = -1, offset_ms = 0;
	struct sub_line_iter it;
	sub_line_iter_init(&it, buf, len);
	const char *s;
	size_t n;
	while (sub_line_iter_next(&it, &s, &n)) {
		size_t i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			continue;
		size_t first = ne;
		int tags = 0;
		while (i < n && s[i] == '[') {
			const char *close = memchr(s + i, ']', n - i);
			if (!close) {
				rc = sub_error_set(err, SUB_ERR_PARSE, it.line, (int)i + 1,
				                   "'[' without its ']'");
				goto out_free;
			}
			const char *tag = s + i + 1;
			size_t tl = (size_t)(close - tag);
			size_t tcol = i + 2;
			i = (size_t)(close - s) + 1;
			if (tl && isdigit((unsigned char)tag[0])) {
				int64_t t;
				size_t col = 0;
				const char *why = NULL;
				if (lrc_time(tag, tl, &t, &col, &why)) {
					rc = sub_error_set(err, SUB_ERR_PARSE, it.line,
					                   (int)(tcol + col), "%s", why);
					goto out_free;
				}
				void *arr = e;
				if (sub_grow(&arr, &cap, ne + 1, sizeof(*e)))
					goto out_nomem;
				e = arr;
				e[ne].t = t;
				e[ne].seq = ne;
				e[ne].line = it.line;
				ne++;
				tags++;
				continue;
			}
			/* a header: [ti:Title], [length: 03:21.50], [offset:+500] */
			const char *colon = memchr(tag, ':', tl);
			if (!colon)
				continue;
			size_t kl = (size_t)(colon - tag);
			const char *v = colon + 1;
			size_t vl = tl - kl - 1;
			while (vl && *v == ' ')
				v++, vl--;
			while (vl && v[vl - 1] == ' ')
				vl--;
			if (kl == 2 && !strncasecmp(tag, "ti", 2) && !f.title) {
				if (!(f.title = strndup(v, vl)))
					goto out_nomem;
			} else if (kl == 6 && !strncasecmp(tag, "length", 6)) {
				size_t col = 0;
				const char *why = NULL;
				if (lrc_time(v, vl, &length_ms, &col, &why))
					length_ms = -1; /* an informative header: ignore if odd */
			} else if (kl == 6 && !strncasecmp(tag, "offset", 6)) {
				char num[24];
				if (vl && vl < sizeof(num)) {
					memcpy(num, v, vl);
					num[vl] = 0;
					char *end;
					long long o = strtoll(num, &end, 10);
					if (!*end && o > -86400000LL && o < 86400000LL)
						offset_ms = o;
				}
			}
		}
		if (!tags) {
			if (i < n) {
				rc = sub_error_set(err, SUB_ERR_PARSE, it.line, (int)i + 1,
				                   "expected a time tag [mm:ss.xx] at the start of "
				                   "the line");
				goto out_free;
			}
			continue;
		}
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++; /* "[00:01.00] text": the space after the tags is not text */
		size_t tlen = n - i;
		while (tlen && (s[i + tlen - 1] == ' ' || s[i + tlen - 1] == '\t'))
			tlen--;
		for (size_t k = first; k < ne; k++) {
			e[k].text = s + i;
			e[k].len = tlen;
		}
	}
	if (!ne) {
		rc = sub_error_set(err, SUB_ERR_EMPTY, 0, 0, "no time tags [mm:ss.xx] found");
		goto out_free;
	}
	/* a positive offset shows the lyrics earlier */
	for (size_t k = 0; k < ne; k++) {
		e[k].t -= offset_ms;
		if (e[k].t < 0)
			e[k].t = 0;
	}
	qsort(e, ne, sizeof(*e), cmp_entry);
	for (size_t k = 0; k < ne;) {
		if (!e[k].len) {
			k++; /* an end mark */
			continue;
		}
		size_t m = k;
		struct sub_flat_cue *c = NULL;
		while (m < ne && e[m].t == e[k].t) {
			if (e[m].len) {
				if (!c && !(c = sub_flat_add(&f, e[k].t, e[k].t, e[k].line)))
					goto out_nomem;
				text.len = 0;
				if (text.data)
					text.data[0] = 0;
				strip_word_times(e[m].text, e[m].len, &text);
				if (text.oom || sub_flat_cue_add_line(
				                        c, 0, text.data ? text.data : "", text.len))
					goto out_nomem;
			}
			m++;
		}
		/* the cue lasts until the next tag with another time */
		if (m < ne)
			c->end_ms = e[m].t;
		else if (length_ms > c->start_ms)
			c->end_ms = length_ms;
		else
			c->end_ms = c->start_ms + LRC_LAST_CUE_MS;
		k = m;
	}
	if (!f.n) {
		rc = sub_error_set(err, SUB_ERR_EMPTY, 0, 0, "no lyrics lines found");
		goto out_free;
	}
	rc = sub_flat_build(&f, opts, out, err);
	goto out_free;
out_nomem:
	rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
out_free:
	free(e);
	sub_buf_release(&text);
	sub_flat_release(&f);
	return rc;
}

static void put_clean(struct sub_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sub_buf_append(out, s[i] == '\r' || s[i] == '\t' ? " " : s + i, 1);
}

static int lrc_write_cues(const struct sub_project *p, const struct sub_write_opts *opts,
                          struct sub_buf *out)
{
	if (!p || !out)
		return SUB_ERR_ARG;
	char a[SUB_TIME_BUF];
	const char *title = opts && opts->title ? opts->title : NULL;
	if (!title && p->audio_path) {
		const char *slash = strrchr(p->audio_path, '/');
		title = slash ? slash + 1 : p->audio_path;
	}
	if (title) {
		sub_buf_puts(out, "[ti:");
		for (const char *q = title; *q; q++)
			sub_buf_append(out, *q == ']' || *q == '\n' ? " " : q, 1);
		sub_buf_puts(out, "]\n");
	}
	int wrote_ar = 0;
	for (size_t i = 0; i < p->n_speakers && (!opts || opts->speakers); i++) {
		struct sub_turn fake = {.speaker = (int)i};
		const char *name = sub_format_speaker_name(p, opts, &fake);
		if (!name)
			continue;
		sub_buf_puts(out, wrote_ar ? " / " : "[ar:");
		for (const char *q = name; *q; q++)
			sub_buf_append(out, *q == ']' || *q == '\n' ? " " : q, 1);
		wrote_ar = 1;
	}
	if (wrote_ar)
		sub_buf_puts(out, "]\n");
	/* collect the written cues first: each needs the next one's start */
	size_t total = sub_project_cue_count(p), nw = 0;
	const struct sub_cue **w = malloc((total ? total : 1) * sizeof(*w));
	struct sub_buf t = {0};
	if (!w)
		return SUB_ERR_NOMEM;
	for (size_t i = 0; i < p->n_turns; i++)
		for (size_t j = 0; j < p->turns[i].n_cues; j++) {
			t.len = 0;
			if (sub_format_cue_text(p, opts, &p->turns[i].cues[j], "\n", &t))
				w[nw++] = &p->turns[i].cues[j];
		}
	if (nw)
		sub_buf_printf(out, "[length:%s]\n",
		               sub_time_format(w[nw - 1]->end_ms, SUB_TIME_LRC, a, sizeof(a)));
	sub_buf_puts(out, "[re:tsync]\n");
	for (size_t k = 0; k < nw; k++) {
		const struct sub_cue *c = w[k];
		t.len = 0;
		if (t.data)
			t.data[0] = 0;
		sub_format_cue_text(p, opts, c, "\n", &t);
		sub_time_format(c->start_ms, SUB_TIME_LRC, a, sizeof(a));
		const char *s = t.data ? t.data : "";
		int lines = 0;
		while (*s) {
			const char *e = strchr(s, '\n');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			size_t b = 0;
			while (b < n && (s[b] == ' ' || s[b] == '\t'))
				b++;
			if (b < n) {
				/* a text that starts with '[' would read as a tag: a space keeps
				 * the tags apart from it */
				sub_buf_printf(out, "[%s]%s", a, s[b] == '[' ? " " : "");
				put_clean(out, s + b, n - b);
				sub_buf_puts(out, "\n");
				lines++;
			}
			s = e ? e + 1 : s + n;
		}
		/* an empty tag ends the cue when a gap follows it (and after the last) */
		char end[SUB_TIME_BUF];
		if (k + 1 == nw || (w[k + 1]->start_ms + 5) / 10 > (c->end_ms + 5) / 10)
			sub_buf_printf(out, "[%s]\n",
			               sub_time_format(c->end_ms, SUB_TIME_LRC, end, sizeof(end)));
		(void)lines;
	}
	int oom = t.oom;
	sub_buf_release(&t);
	free(w);
	return oom || out->oom ? SUB_ERR_NOMEM : SUB_OK;
}

static int lrc_write(const struct sub_project *p, const struct sub_write_opts *opts,
                     struct sub_buf *out)
{
	return sub_format_write_cued(p, opts, out, lrc_write_cues);
}

static int lrc_probe(const char *buf, size_t len)
{
	struct sub_line_iter it;
	sub_format_probe_iter_init(&it, buf, len);
	const char *s;
	size_t k;
	int score = 0, lines = 0;
	while (sub_line_iter_next(&it, &s, &k) && lines < 20) {
		while (k && (*s == ' ' || *s == '\t'))
			s++, k--;
		if (!k)
			continue;
		lines++;
		if (*s != '[')
			return 0;
		const char *close = memchr(s, ']', k);
		if (!close)
			return 0;
		int64_t t;
		size_t col;
		const char *why;
		if (close > s + 1 && isdigit((unsigned char)s[1]) &&
		    !lrc_time(s + 1, (size_t)(close - s - 1), &t, &col, &why))
			return 85;
		if (memchr(s, ':', (size_t)(close - s)))
			score = 40;
	}
	return score;
}

const struct sub_format sub_format_lrc = {
        .name = "lrc",
        .extension = ".lrc",
        .probe = lrc_probe,
        .read = lrc_read,
        .write = lrc_write,
};
