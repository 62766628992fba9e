/* sub_model.c: the cue model's lifecycle, helpers and invariant check. */
#include "sub_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	int code;
	const char *msg;
} sub_messages[] = {
	{SUB_OK, "success"},
	{SUB_ERR_NOMEM, "out of memory"},
	{SUB_ERR_IO, "input/output error"},
	{SUB_ERR_PARSE, "malformed input"},
	{SUB_ERR_ENCODING, "text encoding could not be decided or converted"},
	{SUB_ERR_INVALID, "the project breaks an invariant of the model"},
	{SUB_ERR_EMPTY, "the input holds nothing usable"},
	{SUB_ERR_TOO_BIG, "the input exceeds a size limit"},
	{SUB_ERR_MISMATCH, "the two inputs do not pair"},
	{SUB_ERR_ARG, "invalid argument"},
	{SUB_ERR_FORMAT, "unknown or undetectable format"},
};

const char *sub_strerror(int result)
{
	for (size_t i = 0; i < sizeof(sub_messages) / sizeof(sub_messages[0]); i++)
		if (sub_messages[i].code == result)
			return sub_messages[i].msg;
	return "unknown error";
}

int sub_error_set(struct sub_error *err, int code, int line, int column, const char *fmt, ...)
{
	if (!err)
		return code;
	err->line = line;
	err->column = column;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void sub_error_format(const struct sub_error *err, char *buf, size_t size)
{
	if (!buf || !size)
		return;
	if (!err) {
		buf[0] = 0;
		return;
	}
	const char *file = err->file[0] ? err->file : "<input>";
	if (err->line > 0 && err->column > 0)
		snprintf(buf, size, "%s:%d:%d: %s", file, err->line, err->column, err->msg);
	else if (err->line > 0)
		snprintf(buf, size, "%s:%d: %s", file, err->line, err->msg);
	else
		snprintf(buf, size, "%s: %s", file, err->msg);
}

int sub_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return SUB_OK;
	size_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return SUB_ERR_NOMEM;
		n *= 2;
	}
	if (elem && n > SIZE_MAX / elem)
		return SUB_ERR_NOMEM;
	void *p = realloc(*arr, n * elem);
	if (!p)
		return SUB_ERR_NOMEM;
	memset((char *)p + *cap * elem, 0, (n - *cap) * elem);
	*arr = p;
	*cap = n;
	return SUB_OK;
}

int sub_set_str(char **slot, const char *s)
{
	char *c = NULL;
	if (s) {
		c = strdup(s);
		if (!c)
			return SUB_ERR_NOMEM;
	}
	free(*slot);
	*slot = c;
	return SUB_OK;
}

struct sub_project *sub_project_new(void)
{
	struct sub_project *p = calloc(1, sizeof(*p));
	if (p)
		p->audio_lang = -1;
	return p;
}

static void sub_cue_release(struct sub_cue *c)
{
	for (int l = 0; l < SUB_MAX_LANGS; l++)
		free(c->text[l]);
}

void sub_turn_clear_cues(struct sub_turn *t)
{
	for (size_t i = 0; i < t->n_cues; i++)
		sub_cue_release(&t->cues[i]);
	free(t->cues);
	t->cues = NULL;
	t->n_cues = t->cap_cues = 0;
}

void sub_project_free(struct sub_project *p)
{
	if (!p)
		return;
	free(p->audio_path);
	for (size_t i = 0; i < p->n_speakers; i++)
		for (int l = 0; l < SUB_MAX_LANGS; l++)
			free(p->speakers[i].name[l]);
	free(p->speakers);
	for (size_t i = 0; i < p->n_chapters; i++)
		for (int l = 0; l < SUB_MAX_LANGS; l++)
			free(p->chapters[i].title[l]);
	free(p->chapters);
	for (size_t i = 0; i < p->n_turns; i++) {
		for (int l = 0; l < SUB_MAX_LANGS; l++)
			free(p->turns[i].text[l]);
		sub_turn_clear_cues(&p->turns[i]);
	}
	free(p->turns);
	for (size_t i = 0; i < p->n_remarks; i++)
		free(p->remarks[i].text);
	free(p->remarks);
	free(p);
}

int sub_project_find_lang(const struct sub_project *p, const char *code)
{
	if (!p || !code)
		return -1;
	for (int i = 0; i < p->n_langs; i++)
		if (!strcmp(p->lang[i], code))
			return i;
	return -1;
}

int sub_project_add_lang(struct sub_project *p, const char *code)
{
	if (!p || !code || !code[0] || strlen(code) >= SUB_LANG_LEN)
		return SUB_ERR_ARG;
	int i = sub_project_find_lang(p, code);
	if (i >= 0)
		return i;
	if (p->n_langs >= SUB_MAX_LANGS)
		return SUB_ERR_ARG;
	strcpy(p->lang[p->n_langs], code);
	return p->n_langs++;
}

long sub_project_speaker(struct sub_project *p, int lang, const char *name)
{
	if (!p || !name || lang < 0 || lang >= SUB_MAX_LANGS)
		return SUB_ERR_ARG;
	for (size_t i = 0; i < p->n_speakers; i++)
		if (p->speakers[i].name[lang] && !strcmp(p->speakers[i].name[lang], name))
			return (long)i;
	void *arr = p->speakers;
	if (sub_grow(&arr, &p->cap_speakers, p->n_speakers + 1, sizeof(*p->speakers)))
		return SUB_ERR_NOMEM;
	p->speakers = arr;
	struct sub_speaker *s = &p->speakers[p->n_speakers];
	memset(s, 0, sizeof(*s));
	if (sub_set_str(&s->name[lang], name))
		return SUB_ERR_NOMEM;
	return (long)p->n_speakers++;
}

int sub_project_add_chapter(struct sub_project *p, int lang, const char *title)
{
	if (!p || lang < 0 || lang >= SUB_MAX_LANGS)
		return SUB_ERR_ARG;
	void *arr = p->chapters;
	if (sub_grow(&arr, &p->cap_chapters, p->n_chapters + 1, sizeof(*p->chapters)))
		return SUB_ERR_NOMEM;
	p->chapters = arr;
	struct sub_chapter *c = &p->chapters[p->n_chapters];
	memset(c, 0, sizeof(*c));
	if (sub_set_str(&c->title[lang], title))
		return SUB_ERR_NOMEM;
	c->first_turn = p->n_turns;
	p->n_chapters++;
	return SUB_OK;
}

struct sub_turn *sub_project_add_turn(struct sub_project *p)
{
	if (!p)
		return NULL;
	void *arr = p->turns;
	if (sub_grow(&arr, &p->cap_turns, p->n_turns + 1, sizeof(*p->turns)))
		return NULL;
	p->turns = arr;
	struct sub_turn *t = &p->turns[p->n_turns++];
	memset(t, 0, sizeof(*t));
	t->speaker = -1;
	t->chapter = p->n_chapters ? (int)p->n_chapters - 1 : -1;
	t->confidence = -1;
	return t;
}

struct sub_cue *sub_turn_add_cue(struct sub_turn *t)
{
	if (!t)
		return NULL;
	void *arr = t->cues;
	if (sub_grow(&arr, &t->cap_cues, t->n_cues + 1, sizeof(*t->cues)))
		return NULL;
	t->cues = arr;
	struct sub_cue *c = &t->cues[t->n_cues++];
	memset(c, 0, sizeof(*c));
	c->confidence = -1;
	return c;
}

int sub_project_add_remark(struct sub_project *p, int kind, int line, long turn, long cue,
			   int64_t start_ms, int64_t end_ms, const char *text)
{
	if (!p)
		return SUB_ERR_ARG;
	void *arr = p->remarks;
	if (sub_grow(&arr, &p->cap_remarks, p->n_remarks + 1, sizeof(*p->remarks)))
		return SUB_ERR_NOMEM;
	p->remarks = arr;
	struct sub_remark *r = &p->remarks[p->n_remarks];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->line = line;
	r->turn = turn;
	r->cue = cue;
	r->start_ms = start_ms;
	r->end_ms = end_ms;
	if (sub_set_str(&r->text, text))
		return SUB_ERR_NOMEM;
	p->n_remarks++;
	return SUB_OK;
}

static int dup_texts(char **dst, char *const *src)
{
	for (int l = 0; l < SUB_MAX_LANGS; l++)
		if (sub_set_str(&dst[l], src[l]))
			return SUB_ERR_NOMEM;
	return SUB_OK;
}

struct sub_project *sub_project_dup(const struct sub_project *p)
{
	if (!p)
		return NULL;
	struct sub_project *q = sub_project_new();
	if (!q)
		return NULL;
	q->n_langs = p->n_langs;
	memcpy(q->lang, p->lang, sizeof(q->lang));
	q->audio_lang = p->audio_lang;
	q->timed = p->timed;
	memcpy(q->align_method, p->align_method, sizeof(q->align_method));
	if (sub_set_str(&q->audio_path, p->audio_path))
		goto out_fail;
	if (p->n_speakers) {
		q->speakers = calloc(p->n_speakers, sizeof(*q->speakers));
		if (!q->speakers)
			goto out_fail;
		q->n_speakers = q->cap_speakers = p->n_speakers;
		for (size_t i = 0; i < p->n_speakers; i++)
			if (dup_texts(q->speakers[i].name, p->speakers[i].name))
				goto out_fail;
	}
	for (size_t i = 0; i < p->n_chapters; i++) {
		if (sub_project_add_chapter(q, 0, NULL))
			goto out_fail;
		q->chapters[i].first_turn = p->chapters[i].first_turn;
		if (dup_texts(q->chapters[i].title, p->chapters[i].title))
			goto out_fail;
	}
	for (size_t i = 0; i < p->n_turns; i++) {
		const struct sub_turn *a = &p->turns[i];
		struct sub_turn *b = sub_project_add_turn(q);
		if (!b)
			goto out_fail;
		b->speaker = a->speaker;
		b->chapter = a->chapter;
		b->src_line = a->src_line;
		b->start_ms = a->start_ms;
		b->end_ms = a->end_ms;
		b->confidence = a->confidence;
		if (dup_texts(b->text, a->text))
			goto out_fail;
		for (size_t j = 0; j < a->n_cues; j++) {
			struct sub_cue *c = sub_turn_add_cue(b);
			if (!c)
				goto out_fail;
			c->start_ms = a->cues[j].start_ms;
			c->end_ms = a->cues[j].end_ms;
			c->confidence = a->cues[j].confidence;
			if (dup_texts(c->text, a->cues[j].text))
				goto out_fail;
		}
	}
	for (size_t i = 0; i < p->n_remarks; i++) {
		const struct sub_remark *r = &p->remarks[i];
		if (sub_project_add_remark(q, r->kind, r->line, r->turn, r->cue, r->start_ms,
					   r->end_ms, r->text))
			goto out_fail;
	}
	return q;
out_fail:
	sub_project_free(q);
	return NULL;
}

size_t sub_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t sub_utf8_decode(const char *s, size_t len, size_t i, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (!s || i >= len)
		return 0;
	unsigned c = u[i];
	size_t n;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 1;
		v = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		n = 2;
		v = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		n = 3;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (len - i <= n)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((u[i + k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (u[i + k] & 0x3F);
	}
	if ((n == 1 && v < 0x80) || (n == 2 && v < 0x800) || (n == 3 && v < 0x10000) ||
	    v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n + 1;
}

int sub_utf8_valid(const char *s, size_t len)
{
	uint32_t cp;
	for (size_t i = 0; i < len;) {
		size_t n = sub_utf8_decode(s, len, i, &cp);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

static int text_ok(const char *s)
{
	return !s || sub_utf8_valid(s, strlen(s));
}

/* Compares two texts ignoring all ASCII and Unicode-ideographic whitespace. */
static int same_nonspace(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r' ||
		       (!strncmp(a, "\xE3\x80\x80", 3) && (a += 2)))
			a++;
		while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r' ||
		       (!strncmp(b, "\xE3\x80\x80", 3) && (b += 2)))
			b++;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++;
		b++;
	}
}

/* Checks that the cue texts of language l joined give the turn's text. */
static int cues_partition(const struct sub_turn *t, int l)
{
	if (!t->n_cues || !t->text[l])
		return 1;
	size_t len = 1;
	for (size_t j = 0; j < t->n_cues; j++)
		len += t->cues[j].text[l] ? strlen(t->cues[j].text[l]) : 0;
	char *joined = malloc(len);
	if (!joined)
		return 1; /* cannot check without memory; not an invariant failure */
	joined[0] = 0;
	size_t at = 0;
	for (size_t j = 0; j < t->n_cues; j++) {
		const char *s = t->cues[j].text[l];
		if (!s)
			continue;
		size_t n = strlen(s);
		memcpy(joined + at, s, n + 1);
		at += n;
	}
	int ok = same_nonspace(joined, t->text[l]);
	free(joined);
	return ok;
}

int sub_project_validate(const struct sub_project *p, struct sub_error *err)
{
	if (!p)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no project");
	if (p->n_langs < 1 || p->n_langs > SUB_MAX_LANGS)
		return sub_error_set(err, SUB_ERR_INVALID, 0, 0, "the project has %d languages",
				     p->n_langs);
	for (int a = 0; a < p->n_langs; a++)
		for (int b = a + 1; b < p->n_langs; b++)
			if (!strcmp(p->lang[a], p->lang[b]))
				return sub_error_set(err, SUB_ERR_INVALID, 0, 0,
						     "language '%s' is listed twice", p->lang[a]);
	if (!text_ok(p->audio_path))
		return sub_error_set(err, SUB_ERR_INVALID, 0, 0, "audio path is not UTF-8");
	for (size_t i = 0; i < p->n_speakers; i++)
		for (int l = 0; l < SUB_MAX_LANGS; l++)
			if (!text_ok(p->speakers[i].name[l]))
				return sub_error_set(err, SUB_ERR_INVALID, 0, 0,
						     "speaker %zu: name is not UTF-8", i + 1);
	for (size_t i = 0; i < p->n_chapters; i++) {
		for (int l = 0; l < SUB_MAX_LANGS; l++)
			if (!text_ok(p->chapters[i].title[l]))
				return sub_error_set(err, SUB_ERR_INVALID, 0, 0,
						     "chapter %zu: title is not UTF-8", i + 1);
		if (p->chapters[i].first_turn > p->n_turns ||
		    (i && p->chapters[i].first_turn < p->chapters[i - 1].first_turn))
			return sub_error_set(err, SUB_ERR_INVALID, 0, 0,
					     "chapter %zu: first turn out of order", i + 1);
	}
	for (size_t i = 0; i < p->n_turns; i++) {
		const struct sub_turn *t = &p->turns[i];
		int line = t->src_line;
		if (t->speaker < -1 || (t->speaker >= 0 && (size_t)t->speaker >= p->n_speakers))
			return sub_error_set(err, SUB_ERR_INVALID, line, 0,
					     "turn %zu: speaker %d does not exist", i + 1, t->speaker);
		if (t->chapter < -1 || (t->chapter >= 0 && (size_t)t->chapter >= p->n_chapters))
			return sub_error_set(err, SUB_ERR_INVALID, line, 0,
					     "turn %zu: chapter %d does not exist", i + 1, t->chapter);
		for (int l = 0; l < SUB_MAX_LANGS; l++) {
			if (!text_ok(t->text[l]))
				return sub_error_set(err, SUB_ERR_INVALID, line, 0,
						     "turn %zu: text is not UTF-8", i + 1);
			for (size_t j = 0; j < t->n_cues; j++)
				if (!text_ok(t->cues[j].text[l]))
					return sub_error_set(err, SUB_ERR_INVALID, line, 0,
							     "turn %zu, cue %zu: text is not UTF-8",
							     i + 1, j + 1);
			if (l < p->n_langs && !cues_partition(t, l))
				return sub_error_set(err, SUB_ERR_INVALID, line, 0,
						     "turn %zu: the %s cues do not add up to the turn's text",
						     i + 1, p->lang[l]);
		}
		if (!p->timed)
			continue;
		if (t->start_ms > t->end_ms)
			return sub_error_set(err, SUB_ERR_INVALID, line, 0,
					     "turn %zu: ends (%lld ms) before it starts (%lld ms)", i + 1,
					     (long long)t->end_ms, (long long)t->start_ms);
		if (i && t->start_ms < p->turns[i - 1].start_ms)
			return sub_error_set(err, SUB_ERR_INVALID, line, 0,
					     "turn %zu: starts before turn %zu", i + 1, i);
		for (size_t j = 0; j < t->n_cues; j++) {
			const struct sub_cue *c = &t->cues[j];
			if (c->start_ms > c->end_ms)
				return sub_error_set(err, SUB_ERR_INVALID, line, 0,
						     "turn %zu, cue %zu: ends before it starts", i + 1,
						     j + 1);
			if (c->start_ms < t->start_ms || c->end_ms > t->end_ms)
				return sub_error_set(err, SUB_ERR_INVALID, line, 0,
						     "turn %zu, cue %zu: lies outside its turn", i + 1,
						     j + 1);
			if (j && c->start_ms < t->cues[j - 1].end_ms)
				return sub_error_set(err, SUB_ERR_INVALID, line, 0,
						     "turn %zu, cue %zu: overlaps the cue before it",
						     i + 1, j + 1);
		}
	}
	return SUB_OK;
}

size_t sub_project_cue_count(const struct sub_project *p)
{
	size_t n = 0;
	if (p)
		for (size_t i = 0; i < p->n_turns; i++)
			n += p->turns[i].n_cues;
	return n;
}

int sub_project_cue_at(const struct sub_project *p, size_t n, size_t *turn, size_t *cue)
{
	if (!p)
		return SUB_ERR_ARG;
	for (size_t i = 0; i < p->n_turns; i++) {
		if (n < p->turns[i].n_cues) {
			if (turn)
				*turn = i;
			if (cue)
				*cue = n;
			return SUB_OK;
		}
		n -= p->turns[i].n_cues;
	}
	return SUB_ERR_ARG;
}
