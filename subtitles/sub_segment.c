/*
 * sub_segment.c: turns into untimed cues that follow a preset.
 *
 * A text is first cut into break candidates (sentence ends, clause marks, spaces, between
 * Han characters, and as a last resort between any two characters), each with a penalty.
 * A dynamic programme then picks the breaks that give pieces within the cue's character
 * cap and line rules at the least cost: a fixed cost per cue (fewer, fuller cues), the
 * break penalties, and a raggedness term that prefers pieces of even length. The window
 * of a piece is bounded by the cap, so the work is linear in the text.
 */
#include "sub_segment.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sub_io.h"
#include "sub_pair.h"

/* B_HANW: between Han characters where a word likely ends (after 的 了, before 在 和 ...) */
/* B_SPACEW: a space before a conjunction or preposition; B_SPACEX: a space after an article
 * or a preposition, which splits a phrase; B_INQUOTE: a space or a word break inside a
 * quotation (so-called "toy | problems" would open the quote in one cue and close it in the
 * next) */
enum brk_type {
	B_START,
	B_SENT,
	B_CLAUSE,
	B_QUOTE,
	B_SPACEW,
	B_SPACE,
	B_HANW,
	B_SPACEX,
	B_INQUOTE,
	B_HAN,
	B_FORCE,
	B_END
};
static const double brk_pen[] = {0, 0, 30, 40, 52, 60, 70, 72, 76, 80, 1000, 0};
/* the same for line breaks inside a cue, where balance matters more */
static const double line_pen[] = {0, 0, 10, 15, 18, 25, 27, 38, 28, 40, 1000, 0};

/* The ASCII word that ends at byte e (backwards) or starts at byte b, lower-cased into w. */
static void word_before(const char *t, size_t e, char *w, size_t size)
{
	size_t b = e;
	while (b > 0 && (isalpha((unsigned char)t[b - 1]) || t[b - 1] == '\'') && e - b < size - 1)
		b--;
	if (b > 0 && (isalpha((unsigned char)t[b - 1]) || t[b - 1] == '\''))
		b = e; /* too long to be a function word */
	for (size_t k = b; k < e; k++)
		w[k - b] = (char)tolower((unsigned char)t[k]);
	w[e - b] = 0;
}

static void word_after(const char *t, size_t len, size_t b, char *w, size_t size)
{
	size_t e = b;
	while (e < len && isalpha((unsigned char)t[e]) && e - b < size - 1)
		e++;
	if (e < len && isalpha((unsigned char)t[e]))
		e = b;
	for (size_t k = b; k < e; k++)
		w[k - b] = (char)tolower((unsigned char)t[k]);
	w[e - b] = 0;
}

static int in_list(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return 1;
	return 0;
}

/* English line breaks read best before these words ... */
static const char *const starts_phrase[] = {
        "and",   "but",  "or",    "nor",    "so",    "because", "although", "though",  "while",
        "when",  "if",   "that",  "which",  "who",   "whom",    "where",    "whether", "than",
        "to",    "in",   "on",    "at",     "for",   "from",    "with",     "without", "into",
        "about", "like", "after", "before", "since", "until",   "unless",   "as",      NULL,
};
/* ... and worst after these, which lean on the next word. */
static const char *const leans_on_next[] = {
        "a",     "an",   "the",  "of",    "to",     "my",   "your", "his",  "her",  "its",  "our",
        "their", "this", "that", "these", "those",  "very", "so",   "more", "most", "in",   "on",
        "at",    "for",  "from", "with",  "into",   "by",   "is",   "are",  "was",  "were", "be",
        "i",     "we",   "you",  "they",  "he",     "she",  "it's", "not",  "no",   "such", "every",
        "each",  "some", "any",  "all",   "really", "just", NULL,
};

/* Particles after which, and function words before which, a Chinese line reads well. */
static int word_end_after(uint32_t cp)
{
	static const char *const set = "的了地得着著過过們们會会能要說说嗎吗呢吧";
	char u[5] = {0};
	if (cp < 0x800 || cp > 0xFFFF)
		return 0;
	sub_utf8_encode(cp, u);
	return strstr(set, u) != NULL && (strstr(set, u) - set) % 3 == 0;
}

static int word_start_before(uint32_t cp)
{
	static const char *const set = "在和與与或但而就都也還还是把被給给對对從从向讓让到為为如";
	char u[5] = {0};
	if (cp < 0x800 || cp > 0xFFFF)
		return 0;
	sub_utf8_encode(cp, u);
	return strstr(set, u) != NULL && (strstr(set, u) - set) % 3 == 0;
}

#define CUE_COST 50.0   /* per cue: prefer fewer, fuller cues */
#define RAG_WEIGHT 20.0 /* per cue: (unused share of the cap)^2 */
#define LINE_COST 500.0 /* per line inside a cue: fewest lines first */
#define LINE_RAG 200.0  /* per line: (unused share of the line)^2, for even lines */
#define EMPTY_SIDE_COST 60.0
#define STRADDLE_COST 80.0 /* a cue that ends one sentence and breaks off the next */
#define GROUP_WINDOW 64

struct brk {
	size_t end_b, start_b;   /* the piece before ends at end_b, the next starts at start_b */
	size_t end_cp, start_cp; /* the same in code points from the text's start */
	int type;
};

struct brks {
	struct brk *v;
	size_t n, cap;
};

static int cjk_letter(uint32_t cp)
{
	return sub_cp_is_han(cp) || (cp >= 0x3040 && cp <= 0x30FF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xFF10 && cp <= 0xFF5A);
}

/* Marks that may not start a line. */
static int no_start(uint32_t cp)
{
	return sub_cp_is_sentence_end(cp) || sub_cp_is_clause_mark(cp) || sub_cp_is_closing(cp) ||
	       cp == 0x30FC || cp == 0xB7;
}

/* Marks that may not end a line. */
static int opening(uint32_t cp)
{
	return cp == 0x201C || cp == 0x2018 || cp == 0x300C || cp == 0x300E || cp == 0xFF08 ||
	       cp == '(' || cp == '[' || cp == 0x300A || cp == 0x3008 || cp == 0x3010 || cp == 0xAB;
}

static int push_brk(struct brks *b, size_t end_b, size_t start_b, size_t end_cp, size_t start_cp,
                    int type)
{
	void *a = b->v;
	if (sub_grow(&a, &b->cap, b->n + 1, sizeof(*b->v)))
		return SUB_ERR_NOMEM;
	b->v = a;
	struct brk *k = &b->v[b->n++];
	k->end_b = end_b;
	k->start_b = start_b;
	k->end_cp = end_cp;
	k->start_cp = start_cp;
	k->type = type;
	return SUB_OK;
}

/* The type of a break given whether it falls inside a quotation: a word break there becomes
 * B_INQUOTE; a sentence end closes any quotation left open. */
static int quote_break(int type, int *in_quote)
{
	if (type == B_SENT)
		*in_quote = 0;
	else if (*in_quote &&
	         (type == B_SPACEW || type == B_SPACE || type == B_SPACEX || type == B_HANW))
		return B_INQUOTE;
	return type;
}

/*
 * Break candidates of t[0..len) (t[len] must be 0). The first is B_START at the first
 * non-space, the last B_END after the last non-space; none when the text is blank.
 */
static int build_breaks(const char *t, size_t len, const char *lang, struct brks *out)
{
	memset(out, 0, sizeof(*out));
	struct sub_span *sp = NULL;
	size_t nsp = 0;
	int rc = sub_text_sentences(t, lang, &sp, &nsp);
	if (rc)
		return rc;
	if (!nsp) {
		free(sp);
		return SUB_OK;
	}
	size_t first = sp[0].begin, last = sp[nsp - 1].end;
	size_t si = 0; /* next sentence end to meet */
	size_t ci = sub_utf8_count(t, first);
	rc = push_brk(out, first, first, ci, ci, B_START);
	size_t i = first;
	uint32_t prev = 0, pprev = 0;
	int prev_open = 0, in_quote = 0;
	while (!rc && i < last) {
		size_t at = i;
		uint32_t cp = sub_utf8_next(t, len, &i);
		while (si < nsp && sp[si].end < at)
			si++;
		int sent = si < nsp && sp[si].end == at;
		if (sub_cp_is_blank(cp)) {
			int nl = cp == '\n';
			size_t run_cp = ci++;
			while (i < last) {
				size_t k = i;
				uint32_t c2 = sub_utf8_next(t, len, &k);
				if (!sub_cp_is_blank(c2))
					break;
				nl |= c2 == '\n';
				i = k;
				ci++;
			}
			int type = (nl || sent)                  ? B_SENT
			           : sub_cp_is_clause_mark(prev) ? B_CLAUSE
			           : sub_cp_is_closing(prev)     ? B_QUOTE
			                                         : B_SPACE;
			if (type == B_SPACE) {
				char wb[12], wa[12];
				word_before(t, at, wb, sizeof(wb));
				word_after(t, len, i, wa, sizeof(wa));
				if (in_list(wb, leans_on_next))
					type = B_SPACEX;
				else if (in_list(wa, starts_phrase))
					type = B_SPACEW;
			}
			type = quote_break(type, &in_quote);
			rc = push_brk(out, at, i, run_cp, ci, type);
			pprev = prev;
			prev = ' ';
			prev_open = 0;
			continue;
		}
		if (at > first && prev != ' ') {
			int type;
			int quote = prev == '"' || prev == '\'' || prev == 0x2019;
			int letter = cp < 0x80 ? isalnum((int)cp)
			                       : !sub_cp_is_blank(cp) && !no_start(cp);
			int pletter = pprev < 0x80 ? isalnum((int)pprev)
			                           : pprev != ' ' && !no_start(pprev);
			if (sent)
				type = B_SENT;
			else if (no_start(cp) || opening(prev) ||
			         (quote && (prev_open || (letter && pletter))))
				type = B_FORCE;
			else if (sub_cp_is_clause_mark(prev))
				type = B_CLAUSE;
			else if (sub_cp_is_closing(prev) || sub_cp_is_sentence_end(prev))
				type = B_QUOTE;
			else if (cjk_letter(prev) || cjk_letter(cp))
				type = (word_end_after(prev) || word_start_before(cp) ||
				        !sub_cp_is_han(prev) || !sub_cp_is_han(cp))
				               ? B_HANW
				               : B_HAN;
			else
				type = B_FORCE;
			type = quote_break(type, &in_quote);
			rc = push_brk(out, at, at, ci, ci, type);
		}
		ci++;
		/* an ASCII quote after a space (or first) opens; after a letter it closes */
		prev_open =
		        (cp == '"' || cp == '\'') && (prev == ' ' || prev == 0 || opening(prev));
		/* inside double quotes (not single ones: "don't", "the '80s") */
		if (cp == '"')
			in_quote = prev_open;
		else if (cp == 0x201C || cp == 0x300C || cp == 0x300E)
			in_quote = 1;
		else if (cp == 0x201D || cp == 0x300D || cp == 0x300F)
			in_quote = 0;
		pprev = prev;
		prev = cp;
	}
	if (!rc)
		rc = push_brk(out, last, last, ci, ci, B_END);
	free(sp);
	if (rc) {
		free(out->v);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

static double rag(size_t chars, size_t cap)
{
	if (!cap || chars >= cap)
		return 0;
	double u = (double)(cap - chars) / (double)cap;
	return RAG_WEIGHT * u * u;
}

/*
 * The least start_cp a piece ending at break j may have to fit in max_lines lines of
 * line_chars, by greedy lines from the end (fewest lines). Signed: may be negative.
 */
static long long line_limit(const struct brks *b, size_t j, int line_chars, int max_lines)
{
	long long lim = (long long)b->v[j].end_cp - line_chars;
	size_t k = j;
	for (int m = 1; m < max_lines; m++) {
		size_t best = k;
		for (size_t q = k; q-- > 1;) {
			if ((long long)b->v[q].start_cp < lim)
				break;
			if (b->v[q].type != B_FORCE)
				best = q;
		}
		if (best == k)
			break;
		k = best;
		lim = (long long)b->v[k].end_cp - line_chars;
	}
	return lim;
}

/*
 * Best pieces over breaks b: each at most max_chars code points and line-wrappable
 * (line_chars, max_lines). Writes the chosen break indices (including 0 and n-1) into a
 * new array *idx of *n_idx entries.
 */
static int best_pieces(const struct brks *b, size_t max_chars, int line_chars, int max_lines,
                       size_t **idx, size_t *n_idx)
{
	size_t n = b->n;
	double *dp = malloc(n * sizeof(double));
	size_t *from = malloc(n * sizeof(size_t));
	int rc = SUB_OK;
	if (!dp || !from) {
		rc = SUB_ERR_NOMEM;
		goto out_free;
	}
	dp[0] = 0;
	size_t last_sent = 0; /* the last sentence break before j (0: none) */
	for (size_t j = 1; j < n; j++) {
		dp[j] = INFINITY;
		from[j] = j - 1;
		if (j >= 2 && b->v[j - 1].type == B_SENT)
			last_sent = j - 1;
		int mid = b->v[j].type != B_SENT && b->v[j].type != B_END;
		long long lim = line_limit(b, j, line_chars, max_lines);
		for (size_t i = j; i-- > 0;) {
			size_t chars = b->v[j].end_cp - b->v[i].start_cp;
			if ((i < j - 1 && chars > max_chars) || (long long)b->v[i].start_cp < lim) {
				if (i == j - 1) {
					/* a single character too wide: take it anyway */
					double v = dp[i] + CUE_COST + brk_pen[B_FORCE] * 10;
					if (v < dp[j]) {
						dp[j] = v;
						from[j] = i;
					}
				}
				break;
			}
			if (!isfinite(dp[i]))
				continue;
			double v = dp[i] + CUE_COST + brk_pen[b->v[j].type] +
			           rag(chars, max_chars) +
			           ((mid || (b->v[i].type != B_START && b->v[i].type != B_SENT)) &&
			                            last_sent > i
			                    ? STRADDLE_COST
			                    : 0);
			if (v < dp[j]) {
				dp[j] = v;
				from[j] = i;
			}
		}
	}
	size_t cnt = 1;
	for (size_t j = n - 1; j > 0; j = from[j])
		cnt++;
	size_t *res = malloc(cnt * sizeof(size_t));
	if (!res) {
		rc = SUB_ERR_NOMEM;
		goto out_free;
	}
	size_t w = cnt;
	for (size_t j = n - 1;; j = from[j]) {
		res[--w] = j;
		if (!j)
			break;
	}
	*idx = res;
	*n_idx = cnt;
out_free:
	free(dp);
	free(from);
	return rc;
}

/* Exactly k pieces (fewer when there are not enough breaks) of about equal length. */
static int k_pieces(const struct brks *b, size_t k, size_t **idx, size_t *n_idx)
{
	size_t n = b->n;
	if (k > n - 1)
		k = n - 1;
	if (!k)
		k = 1;
	size_t *res = malloc((k + 1) * sizeof(size_t));
	if (!res)
		return SUB_ERR_NOMEM;
	double start = (double)b->v[0].start_cp, total = (double)b->v[n - 1].end_cp - start;
	double piece = total / (double)k;
	res[0] = 0;
	size_t prev = 0;
	for (size_t t = 1; t < k; t++) {
		double target = start + piece * (double)t;
		size_t lo = prev + 1, hi = n - 1 - (k - t); /* leave a break for each later cut */
		size_t best = lo;
		double best_v = INFINITY;
		for (size_t q = lo; q <= hi; q++) {
			double mid = ((double)b->v[q].end_cp + (double)b->v[q].start_cp) / 2;
			if (mid > target + piece)
				break;
			double v = brk_pen[b->v[q].type] +
			           100.0 * fabs(mid - target) / (piece > 0 ? piece : 1);
			if (v < best_v) {
				best_v = v;
				best = q;
			}
		}
		res[t] = best;
		prev = best;
	}
	res[k] = n - 1;
	*idx = res;
	*n_idx = k + 1;
	return SUB_OK;
}

/* A NUL-terminated copy of t[b..e). */
static char *copy_span(const char *t, size_t b, size_t e)
{
	char *s = malloc(e - b + 1);
	if (s) {
		memcpy(s, t + b, e - b);
		s[e - b] = 0;
	}
	return s;
}

int sub_segment_split(const char *text, size_t len, const char *lang, size_t max_chars,
                      size_t n_pieces, struct sub_span **out, size_t *n)
{
	if (!text || !out || !n || (!max_chars && !n_pieces))
		return SUB_ERR_ARG;
	*out = NULL;
	*n = 0;
	char *t = copy_span(text, 0, len);
	if (!t)
		return SUB_ERR_NOMEM;
	struct brks b;
	size_t *idx = NULL, n_idx = 0;
	int rc = build_breaks(t, len, lang, &b);
	if (rc || !b.n)
		goto out_free;
	if (n_pieces)
		rc = k_pieces(&b, n_pieces, &idx, &n_idx);
	else
		rc = best_pieces(&b, max_chars, max_chars > INT32_MAX ? INT32_MAX : (int)max_chars,
		                 1, &idx, &n_idx);
	if (rc)
		goto out_free;
	struct sub_span *sp = malloc((n_idx - 1) * sizeof(*sp));
	if (!sp) {
		rc = SUB_ERR_NOMEM;
		goto out_free;
	}
	for (size_t k = 0; k + 1 < n_idx; k++) {
		sp[k].begin = b.v[idx[k]].start_b;
		sp[k].end = b.v[idx[k + 1]].end_b;
	}
	*out = sp;
	*n = n_idx - 1;
out_free:
	free(idx);
	free(b.v);
	free(t);
	return rc;
}

/* Replaces whitespace runs that hold a newline (paragraph ends) by one space, or by
 * nothing between CJK characters. Works in place on a NUL-terminated string. */
static void join_paragraphs(char *s)
{
	size_t len = strlen(s), w = 0, i = 0;
	uint32_t prev = 0;
	while (i < len) {
		size_t at = i;
		uint32_t cp = sub_utf8_next(s, len, &i);
		if (!sub_cp_is_blank(cp)) {
			memmove(s + w, s + at, i - at);
			w += i - at;
			prev = cp;
			continue;
		}
		size_t run = at;
		int nl = 0;
		i = at;
		while (i < len) {
			size_t k = i;
			uint32_t c2 = sub_utf8_next(s, len, &k);
			if (!sub_cp_is_blank(c2))
				break;
			nl |= c2 == '\n';
			i = k;
		}
		if (!nl) {
			memmove(s + w, s + run, i - run);
			w += i - run;
			continue;
		}
		uint32_t next = 0;
		if (i < len) {
			size_t k = i;
			next = sub_utf8_next(s, len, &k);
		}
		int cjk_join = (cjk_letter(prev) || prev >= 0x2E80) &&
		               (cjk_letter(next) || next >= 0x2E80);
		if (!cjk_join && w)
			s[w++] = ' ';
	}
	s[w] = 0;
}

char *sub_segment_wrap(const char *text, size_t len, const char *lang, int max_line_chars)
{
	if (!text)
		return NULL;
	char *t = copy_span(text, 0, len);
	if (!t)
		return NULL;
	join_paragraphs(t);
	size_t tl = strlen(t);
	struct brks b;
	if (max_line_chars < 1 || build_breaks(t, tl, lang, &b))
		return t; /* no wrapping on odd input or OOM: the text itself is still right */
	char *res = NULL;
	if (!b.n || b.v[b.n - 1].end_cp - b.v[0].start_cp <= (size_t)max_line_chars) {
		res = copy_span(t, b.n ? b.v[0].start_b : 0, b.n ? b.v[b.n - 1].end_b : 0);
		goto out_free;
	}
	/* fewest lines, then even lines, then the best places */
	size_t n = b.n;
	double *dp = malloc(n * sizeof(double));
	size_t *from = malloc(n * sizeof(size_t));
	if (!dp || !from) {
		free(dp);
		free(from);
		goto out_free;
	}
	dp[0] = 0;
	for (size_t j = 1; j < n; j++) {
		dp[j] = INFINITY;
		from[j] = j - 1;
		for (size_t i = j; i-- > 0;) {
			size_t chars = b.v[j].end_cp - b.v[i].start_cp;
			if (chars > (size_t)max_line_chars && i < j - 1)
				break;
			double u = (double)((size_t)max_line_chars > chars
			                            ? (size_t)max_line_chars - chars
			                            : 0) /
			           max_line_chars;
			double v = dp[i] + LINE_COST + LINE_RAG * u * u + line_pen[b.v[j].type];
			if (v < dp[j]) {
				dp[j] = v;
				from[j] = i;
			}
		}
	}
	struct sub_buf out = {0};
	size_t cnt = 0;
	for (size_t j = n - 1; j > 0; j = from[j])
		cnt++;
	size_t *cut = malloc((cnt + 1) * sizeof(size_t));
	if (cut) {
		size_t w = cnt + 1;
		for (size_t j = n - 1;; j = from[j]) {
			cut[--w] = j;
			if (!j)
				break;
		}
		for (size_t k = 0; k < cnt; k++) {
			if (k)
				sub_buf_append(&out, "\n", 1);
			sub_buf_append(&out, t + b.v[cut[k]].start_b,
			               b.v[cut[k + 1]].end_b - b.v[cut[k]].start_b);
		}
		free(cut);
	}
	free(dp);
	free(from);
	if (!out.oom && out.data)
		res = out.data;
	else
		sub_buf_release(&out);
out_free:
	free(b.v);
	if (!res)
		return t;
	free(t);
	return res;
}

size_t sub_segment_max_chars(const struct sub_preset *preset, const char *lang)
{
	if (!preset)
		preset = sub_preset_default();
	const struct sub_lang_rules *r = sub_preset_rules(preset, lang);
	double by_lines = (double)preset->max_lines * r->max_line_chars;
	double by_time = r->max_cps * (double)preset->max_duration_ms / 1000.0;
	double m = by_lines < by_time ? by_lines : by_time;
	return m < 1 ? 1 : (size_t)m;
}

/* ---------------------------------------------------------------------------------- */

struct lang_ctx {
	const char *text;
	const char *lang;
	size_t max_chars;
	int line_chars;
	int max_lines;
};

static void ctx_init(struct lang_ctx *c, const struct sub_project *p, const struct sub_turn *t,
                     int l, const struct sub_preset *preset)
{
	const struct sub_lang_rules *r = sub_preset_rules(preset, p->lang[l]);
	c->text = t->text[l];
	c->lang = p->lang[l];
	c->max_chars = sub_segment_max_chars(preset, p->lang[l]);
	c->line_chars = r->max_line_chars > 0 ? r->max_line_chars : 1;
	c->max_lines = preset->max_lines > 0 ? preset->max_lines : 1;
}

/* Pieces of c->text[b..e) under the cue rules (k = 0) or exactly k pieces, as spans in
 * text coordinates. */
static int split_span(const struct lang_ctx *c, size_t b, size_t e, size_t k, struct sub_span **out,
                      size_t *n)
{
	*out = NULL;
	*n = 0;
	if (b >= e)
		return SUB_OK;
	char *t = copy_span(c->text, b, e);
	if (!t)
		return SUB_ERR_NOMEM;
	struct brks br;
	size_t *idx = NULL, n_idx = 0;
	int rc = build_breaks(t, e - b, c->lang, &br);
	if (rc || !br.n)
		goto out_free;
	rc = k ? k_pieces(&br, k, &idx, &n_idx)
	       : best_pieces(&br, c->max_chars, c->line_chars, c->max_lines, &idx, &n_idx);
	if (rc)
		goto out_free;
	*out = malloc((n_idx - 1) * sizeof(**out));
	if (!*out) {
		rc = SUB_ERR_NOMEM;
		goto out_free;
	}
	for (size_t q = 0; q + 1 < n_idx; q++) {
		(*out)[q].begin = b + br.v[idx[q]].start_b;
		(*out)[q].end = b + br.v[idx[q + 1]].end_b;
	}
	*n = n_idx - 1;
out_free:
	free(idx);
	free(br.v);
	free(t);
	return rc;
}

/* Whether c->text[b..e) fits one cue: the cap, and max_lines lines of line_chars. Sets
 * *chars to its length in code points. */
static int span_fits(const struct lang_ctx *c, size_t b, size_t e, size_t *chars)
{
	*chars = 0;
	if (b >= e)
		return 1;
	size_t cps = sub_utf8_count(c->text + b, e - b);
	*chars = cps;
	if (cps > c->max_chars)
		return 0;
	if (cps <= (size_t)c->line_chars)
		return 1;
	char *t = copy_span(c->text, b, e);
	if (!t)
		return 0;
	struct brks br;
	int ok = 0;
	if (!build_breaks(t, e - b, c->lang, &br) && br.n) {
		*chars = br.v[br.n - 1].end_cp - br.v[0].start_cp;
		ok = (long long)br.v[0].start_cp >=
		     line_limit(&br, br.n - 1, c->line_chars, c->max_lines);
	}
	free(br.v);
	free(t);
	return ok;
}

static int set_cue_text(struct sub_cue *cue, int l, const struct lang_ctx *c, size_t b, size_t e)
{
	if (b >= e)
		return SUB_OK;
	char *s = sub_segment_wrap(c->text + b, e - b, c->lang, c->line_chars);
	if (!s)
		return SUB_ERR_NOMEM;
	if (!s[0]) {
		free(s);
		return SUB_OK;
	}
	free(cue->text[l]);
	cue->text[l] = s;
	return SUB_OK;
}

static int blank(const char *s)
{
	if (!s)
		return 1;
	size_t len = strlen(s), i = 0;
	while (i < len)
		if (!sub_cp_is_blank(sub_utf8_next(s, len, &i)))
			return 0;
	return 1;
}

/* One language alone; other languages, if any, split into as many pieces alike. */
static int segment_mono(struct sub_project *p, struct sub_turn *t, const int *ls, int nl,
                        const struct sub_preset *preset)
{
	struct lang_ctx c;
	ctx_init(&c, p, t, ls[0], preset);
	struct sub_span *sp = NULL;
	size_t n = 0;
	int rc = split_span(&c, 0, strlen(c.text), 0, &sp, &n);
	for (size_t q = 0; q < n && !rc; q++) {
		struct sub_cue *cue = sub_turn_add_cue(t);
		rc = cue ? set_cue_text(cue, ls[0], &c, sp[q].begin, sp[q].end) : SUB_ERR_NOMEM;
	}
	free(sp);
	for (int k = 1; k < nl && !rc; k++) {
		struct lang_ctx o;
		ctx_init(&o, p, t, ls[k], preset);
		struct sub_span *os = NULL;
		size_t on = 0;
		rc = split_span(&o, 0, strlen(o.text), t->n_cues ? t->n_cues : 1, &os, &on);
		for (size_t q = 0; q < on && !rc; q++) {
			struct sub_cue *cue = q < t->n_cues ? &t->cues[q] : sub_turn_add_cue(t);
			rc = cue ? set_cue_text(cue, ls[k], &o, os[q].begin, os[q].end)
			         : SUB_ERR_NOMEM;
		}
		free(os);
	}
	return rc;
}

/* A stretch of both texts that goes into cues together: [ab,ae) of A and [bb,be) of B. */
struct unit {
	size_t ab, ae, bb, be;
	int end_type;
};

struct units {
	struct unit *v;
	size_t n, cap;
};

static int push_unit(struct units *u, size_t ab, size_t ae, size_t bb, size_t be, int type)
{
	void *a = u->v;
	if (sub_grow(&a, &u->cap, u->n + 1, sizeof(*u->v)))
		return SUB_ERR_NOMEM;
	u->v = a;
	struct unit *x = &u->v[u->n++];
	x->ab = ab;
	x->ae = ae;
	x->bb = bb;
	x->be = be;
	x->end_type = type;
	return SUB_OK;
}

static size_t nonspace_cps(const char *s, size_t b, size_t e)
{
	size_t n = 0, i = b;
	while (i < e)
		if (!sub_cp_is_blank(sub_utf8_next(s, e, &i)))
			n++;
	return n;
}

/* Splits a bead that does not fit one cue into k units in both languages. */
static int split_bead(const struct lang_ctx *a, const struct lang_ctx *b, size_t ab, size_t ae,
                      size_t bb, size_t be, struct units *u)
{
	struct sub_span *pa = NULL, *pb = NULL;
	size_t na = 0, nb = 0;
	int rc = split_span(a, ab, ae, 0, &pa, &na);
	if (!rc)
		rc = split_span(b, bb, be, 0, &pb, &nb);
	if (rc)
		goto out_free;
	size_t k0 = na > nb ? na : nb;
	for (size_t k = k0; k <= k0 + 3 && k > 1; k++) {
		struct sub_span *qa = NULL, *qb = NULL;
		size_t ma = 0, mb = 0;
		rc = split_span(a, ab, ae, k, &qa, &ma);
		if (!rc)
			rc = split_span(b, bb, be, k, &qb, &mb);
		int ok = !rc && (ma == k || ab >= ae) && (mb == k || bb >= be);
		for (size_t q = 0; ok && q < k; q++) {
			size_t ch;
			ok = (ab >= ae || span_fits(a, qa[q].begin, qa[q].end, &ch)) &&
			     (bb >= be || span_fits(b, qb[q].begin, qb[q].end, &ch));
		}
		if (ok) {
			for (size_t q = 0; q < k && !rc; q++)
				rc = push_unit(u, ab < ae ? qa[q].begin : ab,
				               ab < ae ? qa[q].end : ab, bb < be ? qb[q].begin : bb,
				               bb < be ? qb[q].end : bb,
				               q + 1 == k ? B_SENT : B_CLAUSE);
		}
		free(qa);
		free(qb);
		if (rc || ok)
			goto out_free;
	}
	/* no even split fits: each language's own best pieces, paired in order */
	for (size_t q = 0; q < k0 && !rc; q++)
		rc = push_unit(u, q < na ? pa[q].begin : ae, q < na ? pa[q].end : ae,
		               q < nb ? pb[q].begin : be, q < nb ? pb[q].end : be,
		               q + 1 == k0 ? B_SENT : B_CLAUSE);
out_free:
	free(pa);
	free(pb);
	return rc;
}

/* Clauses of c->text[b..e): the stretches between sentence ends and clause marks. */
static int clause_spans(const struct lang_ctx *c, size_t b, size_t e, struct sub_span **out,
                        size_t *n, size_t **lens)
{
	*out = NULL;
	*n = 0;
	*lens = NULL;
	if (b >= e)
		return SUB_OK;
	char *t = copy_span(c->text, b, e);
	if (!t)
		return SUB_ERR_NOMEM;
	struct brks br;
	int rc = build_breaks(t, e - b, c->lang, &br);
	if (rc || !br.n)
		goto out_free;
	size_t cnt = 0;
	for (size_t q = 1; q < br.n; q++)
		cnt += br.v[q].type == B_CLAUSE || br.v[q].type == B_SENT || br.v[q].type == B_END;
	*out = malloc(cnt * sizeof(**out));
	*lens = malloc(cnt * sizeof(size_t));
	if (!*out || !*lens) {
		free(*out);
		free(*lens);
		*out = NULL;
		*lens = NULL;
		rc = SUB_ERR_NOMEM;
		goto out_free;
	}
	size_t from = 0;
	for (size_t q = 1; q < br.n; q++) {
		int ty = br.v[q].type;
		if (ty != B_CLAUSE && ty != B_SENT && ty != B_END)
			continue;
		(*out)[*n].begin = b + br.v[from].start_b;
		(*out)[*n].end = b + br.v[q].end_b;
		(*lens)[*n] = nonspace_cps(c->text, (*out)[*n].begin, (*out)[*n].end);
		(*n)++;
		from = q;
	}
out_free:
	free(br.v);
	free(t);
	return rc;
}

/*
 * A bead too long for one cue: its clauses are paired by length as sentences are, and
 * each clause pair that still does not fit is split evenly in both languages.
 */
static int split_long_bead(const struct lang_ctx *a, const struct lang_ctx *b, size_t ab, size_t ae,
                           size_t bb, size_t be, struct units *u)
{
	struct sub_span *ca = NULL, *cb = NULL;
	size_t *la = NULL, *lb = NULL, na = 0, nb = 0, nbeads = 0;
	struct sub_bead *beads = NULL;
	int rc = clause_spans(a, ab, ae, &ca, &na, &la);
	if (!rc)
		rc = clause_spans(b, bb, be, &cb, &nb, &lb);
	if (!rc && (na < 2 && nb < 2))
		rc = SUB_ERR_EMPTY; /* nothing to pair: split evenly */
	if (!rc)
		rc = sub_pair_sentences(la, na, lb, nb, &beads, &nbeads);
	if (rc == SUB_ERR_NOMEM)
		goto out_free;
	if (rc) {
		rc = split_bead(a, b, ab, ae, bb, be, u);
		goto out_free;
	}
	for (size_t k = 0; k < nbeads && !rc; k++) {
		const struct sub_bead *d = &beads[k];
		size_t xb, xe, yb, ye, ch;
		if (d->a_count) {
			xb = ca[d->a_first].begin;
			xe = ca[d->a_first + d->a_count - 1].end;
		} else {
			xb = xe = d->a_first < na ? ca[d->a_first].begin : ae;
		}
		if (d->b_count) {
			yb = cb[d->b_first].begin;
			ye = cb[d->b_first + d->b_count - 1].end;
		} else {
			yb = ye = d->b_first < nb ? cb[d->b_first].begin : be;
		}
		size_t first = u->n;
		if (span_fits(a, xb, xe, &ch) && span_fits(b, yb, ye, &ch))
			rc = push_unit(u, xb, xe, yb, ye, B_CLAUSE);
		else
			rc = split_bead(a, b, xb, xe, yb, ye, u);
		for (size_t q = first; q < u->n; q++)
			u->v[q].end_type = B_CLAUSE;
	}
	if (!rc && u->n)
		u->v[u->n - 1].end_type = B_SENT;
out_free:
	free(beads);
	free(ca);
	free(cb);
	free(la);
	free(lb);
	return rc;
}

/* Two languages: sentences paired by Gale-Church, beads split or grouped into cues. */
static int segment_pair(struct sub_project *p, struct sub_turn *t, int la, int lb,
                        const struct sub_preset *preset)
{
	struct lang_ctx a, b;
	ctx_init(&a, p, t, la, preset);
	ctx_init(&b, p, t, lb, preset);
	struct sub_span *sa = NULL, *sb = NULL;
	size_t na = 0, nb = 0, nbeads = 0;
	size_t *lena = NULL, *lenb = NULL;
	struct sub_bead *beads = NULL;
	struct units u = {0};
	double *dp = NULL;
	size_t *from = NULL;
	int rc = sub_text_sentences(a.text, a.lang, &sa, &na);
	if (!rc)
		rc = sub_text_sentences(b.text, b.lang, &sb, &nb);
	if (rc)
		goto out_free;
	lena = malloc((na + 1) * sizeof(size_t));
	lenb = malloc((nb + 1) * sizeof(size_t));
	if (!lena || !lenb) {
		rc = SUB_ERR_NOMEM;
		goto out_free;
	}
	for (size_t i = 0; i < na; i++)
		lena[i] = nonspace_cps(a.text, sa[i].begin, sa[i].end);
	for (size_t i = 0; i < nb; i++)
		lenb[i] = nonspace_cps(b.text, sb[i].begin, sb[i].end);
	rc = sub_pair_sentences(lena, na, lenb, nb, &beads, &nbeads);
	if (rc == SUB_ERR_TOO_BIG) {
		/* too many sentences to pair: one bead, split by length below */
		beads = malloc(sizeof(*beads));
		if (!beads) {
			rc = SUB_ERR_NOMEM;
			goto out_free;
		}
		beads[0] = (struct sub_bead){0, na, 0, nb};
		nbeads = 1;
		rc = SUB_OK;
	}
	if (rc)
		goto out_free;
	for (size_t k = 0; k < nbeads && !rc; k++) {
		const struct sub_bead *d = &beads[k];
		size_t ab = 0, ae = 0, bb = 0, be = 0;
		if (d->a_count) {
			ab = sa[d->a_first].begin;
			ae = sa[d->a_first + d->a_count - 1].end;
		} else {
			ab = ae = d->a_first < na ? sa[d->a_first].begin : strlen(a.text);
		}
		if (d->b_count) {
			bb = sb[d->b_first].begin;
			be = sb[d->b_first + d->b_count - 1].end;
		} else {
			bb = be = d->b_first < nb ? sb[d->b_first].begin : strlen(b.text);
		}
		size_t ch;
		if (span_fits(&a, ab, ae, &ch) && span_fits(&b, bb, be, &ch))
			rc = push_unit(&u, ab, ae, bb, be, B_SENT);
		else
			rc = split_long_bead(&a, &b, ab, ae, bb, be, &u);
	}
	if (rc)
		goto out_free;
	/* group consecutive units into cues */
	size_t n = u.n;
	dp = malloc((n + 1) * sizeof(double));
	from = malloc((n + 1) * sizeof(size_t));
	if (!dp || !from) {
		rc = SUB_ERR_NOMEM;
		goto out_free;
	}
	dp[0] = 0;
	for (size_t j = 1; j <= n; j++) {
		dp[j] = INFINITY;
		from[j] = j - 1;
		size_t lo = j > GROUP_WINDOW ? j - GROUP_WINDOW : 0;
		for (size_t i = j; i-- > lo;) {
			/* the first and last non-empty stretches of each language */
			size_t ab = SIZE_MAX, ae = 0, bb = SIZE_MAX, be = 0;
			for (size_t q = i; q < j; q++) {
				if (u.v[q].ab < u.v[q].ae) {
					if (ab == SIZE_MAX)
						ab = u.v[q].ab;
					ae = u.v[q].ae;
				}
				if (u.v[q].bb < u.v[q].be) {
					if (bb == SIZE_MAX)
						bb = u.v[q].bb;
					be = u.v[q].be;
				}
			}
			size_t ca = 0, cb = 0;
			int straddle = 0;
			int cut_in = u.v[j - 1].end_type != B_SENT ||
			             (i && u.v[i - 1].end_type != B_SENT);
			for (size_t q = i; q + 1 < j && cut_in; q++)
				straddle |= u.v[q].end_type == B_SENT;
			int fa = ab == SIZE_MAX || span_fits(&a, ab, ae, &ca);
			int fb = bb == SIZE_MAX || span_fits(&b, bb, be, &cb);
			if (!fa || !fb) {
				if (i == j - 1) {
					dp[j] = dp[i] +
					        CUE_COST; /* a unit that does not fit alone */
					from[j] = i;
				}
				break;
			}
			double v = dp[i] + CUE_COST + brk_pen[u.v[j - 1].end_type] +
			           rag(ca, a.max_chars) + rag(cb, b.max_chars) +
			           (ab == SIZE_MAX ? EMPTY_SIDE_COST : 0) +
			           (bb == SIZE_MAX ? EMPTY_SIDE_COST : 0) +
			           (straddle ? STRADDLE_COST : 0);
			if (v < dp[j]) {
				dp[j] = v;
				from[j] = i;
			}
		}
	}
	size_t cnt = 0;
	for (size_t j = n; j > 0; j = from[j])
		cnt++;
	size_t *cut = malloc((cnt + 1) * sizeof(size_t));
	if (!cut) {
		rc = SUB_ERR_NOMEM;
		goto out_free;
	}
	size_t w = cnt + 1;
	for (size_t j = n;; j = from[j]) {
		cut[--w] = j;
		if (!j)
			break;
	}
	for (size_t k = 0; k < cnt && !rc; k++) {
		struct sub_cue *cue = sub_turn_add_cue(t);
		if (!cue) {
			rc = SUB_ERR_NOMEM;
			break;
		}
		size_t i = cut[k], j = cut[k + 1];
		size_t ab = SIZE_MAX, ae = 0, bb = SIZE_MAX, be = 0;
		for (size_t q = i; q < j; q++) {
			if (u.v[q].ab < u.v[q].ae) {
				if (ab == SIZE_MAX)
					ab = u.v[q].ab;
				ae = u.v[q].ae;
			}
			if (u.v[q].bb < u.v[q].be) {
				if (bb == SIZE_MAX)
					bb = u.v[q].bb;
				be = u.v[q].be;
			}
		}
		if (ab != SIZE_MAX)
			rc = set_cue_text(cue, la, &a, ab, ae);
		if (!rc && bb != SIZE_MAX)
			rc = set_cue_text(cue, lb, &b, bb, be);
	}
	free(cut);
out_free:
	free(dp);
	free(from);
	free(u.v);
	free(beads);
	free(lena);
	free(lenb);
	free(sa);
	free(sb);
	return rc;
}

int sub_segment_turn(struct sub_project *p, size_t turn, const struct sub_preset *preset)
{
	if (!p || turn >= p->n_turns)
		return SUB_ERR_ARG;
	if (!preset)
		preset = sub_preset_default();
	struct sub_turn *t = &p->turns[turn];
	sub_turn_clear_cues(t);
	int ls[SUB_MAX_LANGS], nl = 0;
	for (int l = 0; l < p->n_langs && l < SUB_MAX_LANGS; l++)
		if (!blank(t->text[l]))
			ls[nl++] = l;
	if (!nl)
		return SUB_OK;
	int rc = nl == 2 ? segment_pair(p, t, ls[0], ls[1], preset)
	                 : segment_mono(p, t, ls, nl, preset);
	if (rc)
		sub_turn_clear_cues(t);
	return rc;
}

int sub_segment_project(struct sub_project *p, const struct sub_preset *preset)
{
	if (!p)
		return SUB_ERR_ARG;
	for (size_t i = 0; i < p->n_turns; i++) {
		int rc = sub_segment_turn(p, i, preset);
		if (rc)
			return rc;
	}
	return SUB_OK;
}
