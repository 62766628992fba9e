/* sub_check.c: building projects from flat cue lists (with lenient repair), pairing two
 * files, and the timing checks. */
#include "sub_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_format.h"
#include "sub_time.h"

/* ---- text helpers ---- */

/* Decodes one code point of valid UTF-8 at *s (advanced); bad bytes count as one. */
static uint32_t next_cp(const char **s, const char *end)
{
	const unsigned char *u = (const unsigned char *)*s;
	uint32_t c = u[0];
	size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
	if ((size_t)(end - *s) < n || n == 1) {
		(*s)++;
		return c;
	}
	uint32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
	for (size_t k = 1; k < n; k++)
		cp = (cp << 6) | (u[k] & 0x3F);
	*s += n;
	return cp;
}

int sub_check_is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int is_letter_latin(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x370 && cp <= 0x52F);
}

/* Counts CJK code points and other letters in s[0..len). */
static void count_scripts(const char *s, size_t len, size_t *cjk, size_t *other)
{
	const char *end = s + len;
	*cjk = *other = 0;
	while (s < end) {
		uint32_t cp = next_cp(&s, end);
		if (sub_check_is_cjk(cp) && !(cp >= 0x3000 && cp <= 0x303F) &&
		    !(cp >= 0xFF00 && cp <= 0xFF20))
			(*cjk)++;
		else if (is_letter_latin(cp))
			(*other)++;
	}
}

/* Length of a markup tag at s ("<i>", "</font>", "{\\an8}"), 0 when s starts none. */
static size_t tag_len(const char *s, const char *end)
{
	if (*s == '<' && s + 1 < end &&
	    (s[1] == '/' || (s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z'))) {
		for (const char *q = s + 1; q < end && *q != '<' && *q != '\n'; q++)
			if (*q == '>')
				return (size_t)(q - s) + 1;
	}
	if (*s == '{' && s + 1 < end && s[1] == '\\') {
		for (const char *q = s + 1; q < end && *q != '{' && *q != '\n'; q++)
			if (*q == '}')
				return (size_t)(q - s) + 1;
	}
	return 0;
}

size_t sub_check_visible_chars(const char *s, size_t len)
{
	if (!s)
		return 0;
	const char *end = s + len;
	size_t n = 0;
	while (s < end) {
		size_t t = tag_len(s, end);
		if (t) {
			s += t;
			continue;
		}
		uint32_t cp = next_cp(&s, end);
		if (cp != '\n' && cp != '\r')
			n++;
	}
	return n;
}

static int lang_is_cjk(const char *code)
{
	return code && (!strncmp(code, "zh", 2) || !strncmp(code, "ja", 2) ||
	                !strcmp(code, "yue") || !strcmp(code, "cmn"));
}

/* Appends s to *slot, with sep between (copied). */
static int append_text(char **slot, const char *sep, const char *s, size_t len)
{
	size_t old = *slot ? strlen(*slot) : 0;
	size_t sl = old && sep ? strlen(sep) : 0;
	if (len > SIZE_MAX - old - sl - 1)
		return SUB_ERR_NOMEM;
	char *n = realloc(*slot, old + sl + len + 1);
	if (!n)
		return SUB_ERR_NOMEM;
	if (sl)
		memcpy(n + old, sep, sl);
	memcpy(n + old + sl, s, len);
	n[old + sl + len] = 0;
	*slot = n;
	return SUB_OK;
}

/* ---- flat lists ---- */

struct sub_flat_cue *sub_flat_add(struct sub_flat *f, int64_t start_ms, int64_t end_ms, int line)
{
	if (!f)
		return NULL;
	void *arr = f->cues;
	if (sub_grow(&arr, &f->cap, f->n + 1, sizeof(*f->cues)))
		return NULL;
	f->cues = arr;
	struct sub_flat_cue *c = &f->cues[f->n++];
	memset(c, 0, sizeof(*c));
	c->start_ms = start_ms;
	c->end_ms = end_ms;
	c->line = line;
	c->confidence = -1;
	if (f->n_langs < 1)
		f->n_langs = 1;
	return c;
}

int sub_flat_cue_add_line(struct sub_flat_cue *c, int slot, const char *s, size_t len)
{
	if (!c || slot < 0 || slot >= SUB_MAX_LANGS || (!s && len))
		return SUB_ERR_ARG;
	return append_text(&c->text[slot], "\n", s ? s : "", len);
}

static void flat_cue_release(struct sub_flat_cue *c)
{
	for (int l = 0; l < SUB_MAX_LANGS; l++)
		free(c->text[l]);
	free(c->speaker);
}

void sub_flat_release(struct sub_flat *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		flat_cue_release(&f->cues[i]);
	free(f->cues);
	free(f->title);
	memset(f, 0, sizeof(*f));
}

struct sort_key {
	int64_t start;
	size_t idx;
};

static int cmp_key(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Stable sort of the cues by start time. */
static int flat_sort(struct sub_flat *f)
{
	int sorted = 1;
	for (size_t i = 1; i < f->n && sorted; i++)
		if (f->cues[i].start_ms < f->cues[i - 1].start_ms)
			sorted = 0;
	if (sorted)
		return SUB_OK;
	struct sort_key *k = malloc(f->n * sizeof(*k));
	struct sub_flat_cue *c = malloc(f->n * sizeof(*c));
	if (!k || !c) {
		free(k);
		free(c);
		return SUB_ERR_NOMEM;
	}
	for (size_t i = 0; i < f->n; i++) {
		k[i].start = f->cues[i].start_ms;
		k[i].idx = i;
	}
	qsort(k, f->n, sizeof(*k), cmp_key);
	for (size_t i = 0; i < f->n; i++)
		c[i] = f->cues[k[i].idx];
	memcpy(f->cues, c, f->n * sizeof(*c));
	free(k);
	free(c);
	return SUB_OK;
}

static int repair_remark(struct sub_project *p, const struct sub_flat_cue *c, size_t i, int64_t s0,
                         int64_t e0, const char *what)
{
	char a[SUB_TIME_BUF], b[SUB_TIME_BUF], na[SUB_TIME_BUF], nb[SUB_TIME_BUF], msg[512];
	snprintf(msg, sizeof(msg), "cue %zu (line %d): %s: %s --> %s became %s --> %s", i + 1,
	         c->line, what, sub_time_format(s0, SUB_TIME_SRT, a, sizeof(a)),
	         sub_time_format(e0, SUB_TIME_SRT, b, sizeof(b)),
	         sub_time_format(c->start_ms, SUB_TIME_SRT, na, sizeof(na)),
	         sub_time_format(c->end_ms, SUB_TIME_SRT, nb, sizeof(nb)));
	return sub_project_add_remark(p, SUB_REMARK_REPAIRED, c->line, -1, (long)i, c->start_ms,
	                              c->end_ms, msg);
}

/* Checks end >= start and no overlaps; repairs under lenient (remarks go to p). */
static int flat_check_times(struct sub_flat *f, int lenient, struct sub_project *p,
                            struct sub_error *err)
{
	int64_t min_dur = sub_preset_default()->min_duration_ms;
	char a[SUB_TIME_BUF], b[SUB_TIME_BUF];
	for (size_t i = 0; i < f->n; i++) {
		struct sub_flat_cue *c = &f->cues[i];
		if (c->end_ms >= c->start_ms)
			continue;
		if (!lenient)
			return sub_error_set(
			        err, SUB_ERR_PARSE, c->line, c->end_column,
			        "cue %zu: the end time %s is before the start time %s (--lenient "
			        "repairs it)",
			        i + 1, sub_time_format(c->end_ms, SUB_TIME_SRT, a, sizeof(a)),
			        sub_time_format(c->start_ms, SUB_TIME_SRT, b, sizeof(b)));
		int64_t e0 = c->end_ms;
		c->end_ms = c->start_ms + min_dur;
		if (i + 1 < f->n && f->cues[i + 1].start_ms > c->start_ms &&
		    f->cues[i + 1].start_ms < c->end_ms)
			c->end_ms = f->cues[i + 1].start_ms;
		if (repair_remark(p, c, i, c->start_ms, e0, "ended before it started"))
			return sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
	}
	for (size_t i = 0; i + 1 < f->n; i++) {
		struct sub_flat_cue *c = &f->cues[i], *d = &f->cues[i + 1];
		if (c->end_ms <= d->start_ms)
			continue;
		if (!lenient)
			return sub_error_set(
			        err, SUB_ERR_PARSE, d->line, 0,
			        "cue %zu starts at %s, before cue %zu (line %d) ends at %s; cues "
			        "must not overlap (--lenient trims the earlier cue)",
			        i + 2, sub_time_format(d->start_ms, SUB_TIME_SRT, a, sizeof(a)),
			        i + 1, c->line,
			        sub_time_format(c->end_ms, SUB_TIME_SRT, b, sizeof(b)));
		int64_t e0 = c->end_ms;
		c->end_ms = d->start_ms;
		if (repair_remark(p, c, i, c->start_ms, e0, "overlapped the next cue, trimmed"))
			return sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
	}
	return SUB_OK;
}

/* Classifies a line: 1 Chinese script, 2 other letters, 0 neither. */
static int line_script(const char *s, size_t len)
{
	size_t cjk, other;
	count_scripts(s, len, &cjk, &other);
	if (!cjk && !other)
		return 0;
	return cjk && cjk * 2 >= other ? 1 : 2;
}

/* Nonzero when the cue has a Chinese line and an other-script line. */
static int cue_bilingual(const char *t)
{
	int seen = 0;
	while (t && *t) {
		const char *e = strchr(t, '\n');
		size_t n = e ? (size_t)(e - t) : strlen(t);
		int k = line_script(t, n);
		if (k)
			seen |= k;
		t = e ? e + 1 : t + n;
	}
	return seen == 3;
}

/* Splits slot 0 of every cue into Chinese lines (slot 0) and the others (slot 1). */
static int flat_split_bilingual(struct sub_flat *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct sub_flat_cue *c = &f->cues[i];
		char *t = c->text[0];
		char *zh = NULL, *other = NULL;
		int last = 1;
		for (const char *s = t; s && *s;) {
			const char *e = strchr(s, '\n');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			int k = line_script(s, n);
			if (!k)
				k = last;
			last = k;
			if (append_text(k == 1 ? &zh : &other, "\n", s, n)) {
				free(zh);
				free(other);
				return SUB_ERR_NOMEM;
			}
			s = e ? e + 1 : s + n;
		}
		free(t);
		c->text[0] = zh;
		free(c->text[1]);
		c->text[1] = other;
	}
	strcpy(f->lang[0], "zh");
	strcpy(f->lang[1], "en");
	f->n_langs = 2;
	return SUB_OK;
}

static int flat_languages(struct sub_flat *f, const char *given)
{
	if (f->n_langs < 1)
		f->n_langs = 1;
	int unknown = 0;
	for (int l = 0; l < f->n_langs; l++)
		if (!f->lang[l][0])
			unknown++;
	if (!unknown)
		return SUB_OK;
	if (given && given[0]) {
		for (int l = 0; l < f->n_langs; l++)
			if (!f->lang[l][0])
				snprintf(f->lang[l], SUB_LANG_LEN, "%s", given);
		return SUB_OK;
	}
	if (f->n_langs == 1) {
		size_t both = 0, cjk = 0, other = 0;
		for (size_t i = 0; i < f->n; i++) {
			const char *t = f->cues[i].text[0];
			if (!t)
				continue;
			both += cue_bilingual(t) != 0;
			size_t a, b;
			count_scripts(t, strlen(t), &a, &b);
			cjk += a;
			other += b;
		}
		if (f->n && both * 2 >= f->n)
			return flat_split_bilingual(f);
		snprintf(f->lang[0], SUB_LANG_LEN, "%s", cjk && cjk * 2 >= other ? "zh" : "en");
		return SUB_OK;
	}
	/* several slots, some unnamed: name them "und1", "und2"... */
	for (int l = 0; l < f->n_langs; l++)
		if (!f->lang[l][0])
			snprintf(f->lang[l], SUB_LANG_LEN, "und%d", l + 1);
	return SUB_OK;
}

/* Sets each turn's text in every language from its cues. */
static int turn_texts_from_cues(struct sub_project *p, struct sub_turn *t, int from_lang)
{
	for (int l = from_lang; l < p->n_langs; l++) {
		free(t->text[l]);
		t->text[l] = NULL;
		const char *sep = lang_is_cjk(p->lang[l]) ? "" : " ";
		for (size_t j = 0; j < t->n_cues; j++) {
			const char *s = t->cues[j].text[l];
			if (!s || !s[0])
				continue;
			if (append_text(&t->text[l], sep, s, strlen(s)))
				return SUB_ERR_NOMEM;
		}
	}
	return SUB_OK;
}

int sub_flat_build(struct sub_flat *f, const struct sub_read_opts *opts, struct sub_project **out,
                   struct sub_error *err)
{
	if (!f || !out)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "nothing to build");
	*out = NULL;
	if (!f->n)
		return sub_error_set(err, SUB_ERR_EMPTY, 0, 0, "no cues found");
	int rc = SUB_ERR_NOMEM;
	struct sub_project *p = sub_project_new();
	if (!p)
		goto out_nomem;
	if (flat_sort(f))
		goto out_nomem;
	rc = flat_check_times(f, opts && opts->lenient, p, err);
	if (rc)
		goto out_free;
	rc = SUB_ERR_NOMEM;
	if (flat_languages(f, opts ? opts->lang : NULL))
		goto out_nomem;
	for (int l = 0; l < f->n_langs; l++) {
		int k = sub_project_add_lang(p, f->lang[l]);
		if (k == SUB_ERR_ARG) {
			rc = sub_error_set(err, SUB_ERR_ARG, 0, 0, "bad language code '%s'",
			                   f->lang[l]);
			goto out_free;
		}
		if (k != l) {
			rc = sub_error_set(err, SUB_ERR_INVALID, 0, 0,
			                   "language '%s' appears twice", f->lang[l]);
			goto out_free;
		}
	}
	p->timed = 1;
	strcpy(p->align_method, "subtitles");
	struct sub_turn *t = NULL;
	const char *t_speaker = NULL;
	for (size_t i = 0; i < f->n; i++) {
		struct sub_flat_cue *fc = &f->cues[i];
		if (!t || !fc->speaker || !t_speaker || strcmp(fc->speaker, t_speaker)) {
			t = sub_project_add_turn(p);
			if (!t)
				goto out_nomem;
			t->src_line = fc->line;
			t->start_ms = fc->start_ms;
			t->end_ms = fc->end_ms;
			t_speaker = fc->speaker;
			if (fc->speaker && fc->speaker[0]) {
				long s = sub_project_speaker(p, 0, fc->speaker);
				if (s < 0)
					goto out_nomem;
				t->speaker = (int)s;
			}
		}
		struct sub_cue *c = sub_turn_add_cue(t);
		if (!c)
			goto out_nomem;
		c->start_ms = fc->start_ms;
		c->end_ms = fc->end_ms;
		c->confidence = fc->confidence;
		for (int l = 0; l < f->n_langs; l++) {
			c->text[l] = fc->text[l];
			fc->text[l] = NULL;
		}
		if (c->end_ms > t->end_ms)
			t->end_ms = c->end_ms;
	}
	for (size_t i = 0; i < p->n_turns; i++)
		if (turn_texts_from_cues(p, &p->turns[i], 0))
			goto out_nomem;
	rc = sub_project_validate(p, err);
	if (rc)
		goto out_free;
	*out = p;
	return SUB_OK;
out_nomem:
	rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
out_free:
	sub_project_free(p);
	return rc;
}

/* ---- pairing two files ---- */

struct flat_ref {
	size_t turn, cue;
	int64_t start, end;
};

static struct flat_ref *flatten(const struct sub_project *p, size_t *n)
{
	size_t total = sub_project_cue_count(p);
	*n = 0;
	struct flat_ref *r = malloc((total ? total : 1) * sizeof(*r));
	if (!r)
		return NULL;
	for (size_t i = 0; i < p->n_turns; i++)
		for (size_t j = 0; j < p->turns[i].n_cues; j++) {
			struct flat_ref *x = &r[(*n)++];
			x->turn = i;
			x->cue = j;
			x->start = p->turns[i].cues[j].start_ms;
			x->end = p->turns[i].cues[j].end_ms;
		}
	return r;
}

/* Inserts a cue at its sorted place in turn t; returns it. */
static struct sub_cue *insert_cue(struct sub_turn *t, int64_t start)
{
	if (!sub_turn_add_cue(t))
		return NULL;
	size_t at = t->n_cues - 1;
	while (at && t->cues[at - 1].start_ms > start)
		at--;
	struct sub_cue tmp = t->cues[t->n_cues - 1];
	memmove(&t->cues[at + 1], &t->cues[at], (t->n_cues - 1 - at) * sizeof(*t->cues));
	t->cues[at] = tmp;
	return &t->cues[at];
}

static void turn_release(struct sub_turn *t)
{
	for (int l = 0; l < SUB_MAX_LANGS; l++)
		free(t->text[l]);
	sub_turn_clear_cues(t);
}

/*
 * Adds the cues of b that pair with nothing (unp, in time order) to q: into the turn of q
 * that spans one, else into a new turn of its own, merged in time order in one pass so
 * that many of them stay linear.
 */
static int add_unpaired(struct sub_project *q, const struct sub_project *b, const int *map,
			const struct flat_ref *fb, const size_t *unp, size_t n_unp)
{
	int rc = SUB_ERR_NOMEM;
	size_t n_old = q->n_turns, n_new = 0, at = 0;
	size_t *place = malloc(n_unp * sizeof(*place));
	char *joins = calloc(n_unp, 1);
	size_t *newidx = malloc((n_old + 1) * sizeof(*newidx));
	struct sub_turn *fresh = calloc(n_unp, sizeof(*fresh)), *nt = NULL;
	if (!place || !joins || !newidx || !fresh)
		goto out_free;
	for (size_t u = 0; u < n_unp; u++) {
		const struct flat_ref *x = &fb[unp[u]];
		const struct sub_cue *bc = &b->turns[x->turn].cues[x->cue];
		while (at < n_old && q->turns[at].end_ms <= x->start &&
		       !(q->turns[at].start_ms <= x->start && x->end <= q->turns[at].end_ms))
			at++;
		place[u] = at;
		joins[u] = at < n_old && q->turns[at].start_ms <= x->start &&
			   x->end <= q->turns[at].end_ms;
		struct sub_turn *t = joins[u] ? &q->turns[at] : &fresh[n_new];
		if (!joins[u]) {
			t->speaker = -1;
			t->chapter = -1;
			t->confidence = -1;
			t->start_ms = x->start;
			t->end_ms = x->end;
			t->src_line = b->turns[x->turn].src_line;
			n_new++;
		}
		struct sub_cue *qc = insert_cue(t, x->start);
		if (!qc)
			goto out_free;
		qc->start_ms = x->start;
		qc->end_ms = x->end;
		qc->confidence = bc->confidence;
		for (int l = 0; l < b->n_langs; l++)
			if (sub_set_str(&qc->text[map[l]], bc->text[l]))
				goto out_free;
		char ta[SUB_TIME_BUF], msg[200];
		snprintf(msg, sizeof(msg),
			 "a %s cue at %s overlaps no cue of the first file; kept on its own",
			 b->lang[0], sub_time_format(x->start, SUB_TIME_SRT, ta, sizeof(ta)));
		if (sub_project_add_remark(q, SUB_REMARK_OTHER, b->turns[x->turn].src_line, -1, -1,
					   x->start, x->end, msg))
			goto out_free;
	}
	if (!n_new) {
		rc = SUB_OK;
		goto out_free;
	}
	nt = calloc(n_old + n_new, sizeof(*nt));
	if (!nt)
		goto out_free;
	/* merge: the new turns go before the old turn they were placed at */
	size_t k = 0, f = 0, u = 0;
	for (size_t i = 0; i <= n_old; i++) {
		for (; u < n_unp && place[u] <= i; u++) {
			if (joins[u])
				continue;
			nt[k] = fresh[f++];
			nt[k].chapter = k ? nt[k - 1].chapter : -1;
			k++;
		}
		newidx[i] = k;
		if (i < n_old)
			nt[k++] = q->turns[i];
	}
	for (size_t c = 0; c < q->n_chapters; c++)
		q->chapters[c].first_turn = newidx[q->chapters[c].first_turn];
	for (size_t r = 0; r < q->n_remarks; r++)
		if (q->remarks[r].turn >= 0 && (size_t)q->remarks[r].turn < n_old)
			q->remarks[r].turn = (long)newidx[q->remarks[r].turn];
	free(q->turns);
	q->turns = nt;
	q->n_turns = q->cap_turns = n_old + n_new;
	n_new = 0; /* now owned by q */
	rc = SUB_OK;
out_free:
	for (size_t i = 0; i < n_new; i++)
		turn_release(&fresh[i]);
	free(fresh);
	free(place);
	free(joins);
	free(newidx);
	return rc;
}

int sub_project_pair(const struct sub_project *a, const struct sub_project *b,
                     struct sub_project **out, struct sub_error *err)
{
	if (!a || !b || !out)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "two projects are needed");
	*out = NULL;
	if (!a->timed || !b->timed)
		return sub_error_set(err, SUB_ERR_MISMATCH, 0, 0,
		                     "both files must have times to be paired");
	int map[SUB_MAX_LANGS];
	int rc = SUB_ERR_NOMEM;
	struct flat_ref *fa = NULL, *fb = NULL;
	size_t *unp = NULL;
	struct sub_project *q = NULL;
	for (int l = 0; l < b->n_langs; l++)
		if (sub_project_find_lang(a, b->lang[l]) >= 0)
			return sub_error_set(err, SUB_ERR_MISMATCH, 0, 0,
			                     "both files are in language '%s' (use --lang to name "
			                     "each file's language)",
			                     b->lang[l]);
	if (a->n_langs + b->n_langs > SUB_MAX_LANGS)
		return sub_error_set(err, SUB_ERR_MISMATCH, 0, 0, "too many languages");
	q = sub_project_dup(a);
	if (!q)
		goto out_nomem;
	for (int l = 0; l < b->n_langs; l++) {
		map[l] = sub_project_add_lang(q, b->lang[l]);
		if (map[l] < 0)
			goto out_nomem;
	}
	size_t na, nb;
	fa = flatten(a, &na);
	fb = flatten(b, &nb);
	unp = malloc((nb ? nb : 1) * sizeof(*unp));
	if (!fa || !fb || !unp)
		goto out_nomem;
	size_t j = 0, unpaired = 0;
	for (size_t i = 0; i < nb; i++) {
		const struct flat_ref *x = &fb[i];
		const struct sub_cue *bc = &b->turns[x->turn].cues[x->cue];
		while (j < na && fa[j].end <= x->start && fa[j].end < x->end)
			j++;
		long best = -1;
		int64_t best_ov = 0;
		for (size_t k = j; k < na && fa[k].start <= x->end; k++) {
			int64_t lo = fa[k].start > x->start ? fa[k].start : x->start;
			int64_t hi = fa[k].end < x->end ? fa[k].end : x->end;
			int64_t ov = hi - lo;
			/* a zero-length cue pairs with a cue that contains it */
			if (ov == 0 && best < 0 && (x->start == x->end || fa[k].start == fa[k].end))
				best = (long)k;
			if (ov > best_ov) {
				best_ov = ov;
				best = (long)k;
			}
		}
		if (best >= 0) {
			struct sub_turn *qt = &q->turns[fa[best].turn];
			struct sub_cue *qc = &qt->cues[fa[best].cue];
			for (int l = 0; l < b->n_langs; l++) {
				const char *s = bc->text[l];
				if (!s || !s[0])
					continue;
				const char *sep = lang_is_cjk(b->lang[l]) ? "" : " ";
				if (append_text(&qc->text[map[l]], sep, s, strlen(s)))
					goto out_nomem;
			}
			int bs = b->turns[x->turn].speaker;
			if (qt->speaker >= 0 && bs >= 0)
				for (int l = 0; l < b->n_langs; l++) {
					char **slot = &q->speakers[qt->speaker].name[map[l]];
					const char *name = b->speakers[bs].name[l];
					if (!*slot && name && sub_set_str(slot, name))
						goto out_nomem;
				}
			continue;
		}
		/* no cue of a overlaps it: kept as a cue of its own, below */
		unp[unpaired++] = i;
	}
	if (unpaired && add_unpaired(q, b, map, fb, unp, unpaired))
		goto out_nomem;
	for (size_t i = 0; i < q->n_turns; i++)
		if (turn_texts_from_cues(q, &q->turns[i], a->n_langs))
			goto out_nomem;
	for (size_t r = 0; r < b->n_remarks; r++) {
		const struct sub_remark *m = &b->remarks[r];
		if (sub_project_add_remark(q, m->kind, m->line, -1, -1, m->start_ms, m->end_ms,
		                           m->text))
			goto out_nomem;
	}
	rc = sub_project_validate(q, err);
	if (rc)
		goto out_free;
	*out = q;
	q = NULL;
	goto out_free;
out_nomem:
	rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
out_free:
	free(fa);
	free(fb);
	free(unp);
	sub_project_free(q);
	return rc;
}

/* ---- checks ---- */

void sub_check_opts_init(struct sub_check_opts *o)
{
	if (!o)
		return;
	memset(o, 0, sizeof(*o));
	o->preset = sub_preset_default();
	o->min_confidence = 0.5;
}

static const char *const issue_names[] = {
        NULL,          "overlap", "gap",           "too-short",      "too-long",
        "line-length", "lines",   "reading-speed", "low-confidence",
};

const char *sub_issue_name(int kind)
{
	if (kind < 1 || kind > SUB_ISSUE_LAST)
		return "unknown";
	return issue_names[kind];
}

static int add_issue(struct sub_issue **v, size_t *n, size_t *cap, const struct sub_issue *is)
{
	void *arr = *v;
	if (sub_grow(&arr, cap, *n + 1, sizeof(**v)))
		return SUB_ERR_NOMEM;
	*v = arr;
	(*v)[(*n)++] = *is;
	return SUB_OK;
}

int sub_check_project(const struct sub_project *p, const struct sub_check_opts *opts,
                      struct sub_issue **issues, size_t *n)
{
	if (!p || !issues || !n)
		return SUB_ERR_ARG;
	*issues = NULL;
	*n = 0;
	struct sub_check_opts o;
	sub_check_opts_init(&o);
	if (opts)
		o = *opts;
	if (!o.preset)
		o.preset = sub_preset_default();
	const struct sub_preset *ps = o.preset;
	struct sub_issue *v = NULL;
	size_t nv = 0, cap = 0;
	size_t num = 0;
	const struct sub_cue *prev = NULL;
	struct sub_issue prev_id = {0};
	for (size_t ti = 0; ti < p->n_turns; ti++) {
		const struct sub_turn *t = &p->turns[ti];
		for (size_t ci = 0; ci < t->n_cues; ci++, num++) {
			const struct sub_cue *c = &t->cues[ci];
			struct sub_issue base = {0};
			base.cue = num;
			base.turn = ti;
			base.turn_cue = ci;
			base.lang = -1;
			base.start_ms = c->start_ms;
			base.end_ms = c->end_ms;
			struct sub_issue is;
			if (p->timed && prev) {
				is = prev_id;
				if (c->start_ms < prev->end_ms) {
					is.kind = SUB_ISSUE_OVERLAP;
					is.value = (double)(prev->end_ms - c->start_ms);
					is.limit = 0;
					if (add_issue(&v, &nv, &cap, &is))
						goto out_nomem;
				} else if (c->start_ms - prev->end_ms > 0 &&
				           c->start_ms - prev->end_ms < ps->min_gap_ms) {
					is.kind = SUB_ISSUE_GAP;
					is.value = (double)(c->start_ms - prev->end_ms);
					is.limit = (double)ps->min_gap_ms;
					if (add_issue(&v, &nv, &cap, &is))
						goto out_nomem;
				}
			}
			int64_t dur = c->end_ms - c->start_ms;
			if (p->timed) {
				is = base;
				if (dur < ps->min_duration_ms) {
					is.kind = SUB_ISSUE_SHORT;
					is.value = (double)dur;
					is.limit = (double)ps->min_duration_ms;
					if (add_issue(&v, &nv, &cap, &is))
						goto out_nomem;
				} else if (dur > ps->max_duration_ms) {
					is.kind = SUB_ISSUE_LONG;
					is.value = (double)dur;
					is.limit = (double)ps->max_duration_ms;
					if (add_issue(&v, &nv, &cap, &is))
						goto out_nomem;
				}
			}
			for (int l = 0; l < p->n_langs; l++) {
				if (o.lang_mask && !((o.lang_mask >> l) & 1))
					continue;
				const char *s = c->text[l];
				if (!s || !s[0])
					continue;
				const struct sub_lang_rules *r = sub_preset_rules(ps, p->lang[l]);
				is = base;
				is.lang = l;
				int lines = 0;
				size_t total = 0, longest = 0;
				while (*s) {
					const char *e = strchr(s, '\n');
					size_t len = e ? (size_t)(e - s) : strlen(s);
					size_t vis = sub_check_visible_chars(s, len);
					if (vis) {
						lines++;
						total += vis;
						if (vis > longest)
							longest = vis;
					}
					s = e ? e + 1 : s + len;
				}
				if ((int)longest > r->max_line_chars) {
					is.kind = SUB_ISSUE_LINE_LENGTH;
					is.value = (double)longest;
					is.limit = r->max_line_chars;
					if (add_issue(&v, &nv, &cap, &is))
						goto out_nomem;
				}
				if (lines > ps->max_lines) {
					is.kind = SUB_ISSUE_LINES;
					is.value = lines;
					is.limit = ps->max_lines;
					if (add_issue(&v, &nv, &cap, &is))
						goto out_nomem;
				}
				if (p->timed && dur > 0) {
					double cps = (double)total * 1000.0 / (double)dur;
					if (cps > r->max_cps + 1e-9) {
						is.kind = SUB_ISSUE_SPEED;
						is.value = cps;
						is.limit = r->max_cps;
						if (add_issue(&v, &nv, &cap, &is))
							goto out_nomem;
					}
				}
			}
			if (c->confidence >= 0 && c->confidence < o.min_confidence) {
				is = base;
				is.kind = SUB_ISSUE_CONFIDENCE;
				is.value = c->confidence;
				is.limit = o.min_confidence;
				if (add_issue(&v, &nv, &cap, &is))
					goto out_nomem;
			}
			prev = c;
			prev_id = base;
		}
	}
	*issues = v;
	*n = nv;
	return SUB_OK;
out_nomem:
	free(v);
	return SUB_ERR_NOMEM;
}

void sub_issue_describe(const struct sub_issue *is, const struct sub_project *p, char *buf,
                        size_t size)
{
	if (!buf || !size)
		return;
	if (!is) {
		buf[0] = 0;
		return;
	}
	const char *lang = p && is->lang >= 0 && is->lang < p->n_langs ? p->lang[is->lang] : "";
	switch (is->kind) {
	case SUB_ISSUE_OVERLAP:
		snprintf(buf, size, "overlaps the next cue by %.3f s", is->value / 1000.0);
		break;
	case SUB_ISSUE_GAP:
		snprintf(buf, size, "gap of %.3f s to the next cue, under %.3f s (2 frames)",
		         is->value / 1000.0, is->limit / 1000.0);
		break;
	case SUB_ISSUE_SHORT:
		snprintf(buf, size, "shown for %.3f s, under the minimum of %.3f s",
		         is->value / 1000.0, is->limit / 1000.0);
		break;
	case SUB_ISSUE_LONG:
		snprintf(buf, size, "shown for %.3f s, over the maximum of %.3f s",
		         is->value / 1000.0, is->limit / 1000.0);
		break;
	case SUB_ISSUE_LINE_LENGTH:
		snprintf(buf, size, "%s line of %.0f characters, over %.0f", lang, is->value,
		         is->limit);
		break;
	case SUB_ISSUE_LINES:
		snprintf(buf, size, "%s text on %.0f lines, over %.0f", lang, is->value, is->limit);
		break;
	case SUB_ISSUE_SPEED:
		snprintf(buf, size, "%s reading speed %.1f characters/s, over %.1f", lang,
		         is->value, is->limit);
		break;
	case SUB_ISSUE_CONFIDENCE:
		snprintf(buf, size, "alignment confidence %.2f, under %.2f", is->value, is->limit);
		break;
	default:
		snprintf(buf, size, "unknown issue");
	}
}
