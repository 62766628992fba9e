/*
 * pl_align_subs.c: re-timing existing subtitles. The cues of the file become the
 * fragments of the ordinary aligner; their old times are only used to pair them with a
 * translation given as another subtitle file of the same cut.
 */
#include "pl_align_subs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_format.h"
#include "sub_pair.h"
#include "sub_segment.h"
#include "sub_text.h"
#include "sub_transcript.h"

/* Appends s[0..n) to *slot, with sep between when *slot already holds text. */
static int append_text(char **slot, const char *s, size_t n, const char *sep)
{
	size_t old = *slot ? strlen(*slot) : 0, ls = old && n ? strlen(sep) : 0;
	char *r;
	if (n == 0)
		return SUB_OK;
	r = realloc(*slot, old + ls + n + 1);
	if (!r)
		return SUB_ERR_NOMEM;
	memcpy(r + old, sep, ls);
	memcpy(r + old + ls, s, n);
	r[old + ls + n] = 0;
	*slot = r;
	return SUB_OK;
}

static const char *lang_sep(const char *lang)
{
	return sub_lang_is_cjk(lang) ? "" : " ";
}

/* Sets every turn's text in slot l to its cues' texts joined. */
static int join_turn_texts(struct sub_project *p, int l)
{
	const char *sep = lang_sep(p->lang[l]);
	for (size_t t = 0; t < p->n_turns; t++) {
		struct sub_turn *tu = &p->turns[t];
		free(tu->text[l]);
		tu->text[l] = NULL;
		for (size_t c = 0; c < tu->n_cues; c++) {
			const char *s = tu->cues[c].text[l];
			if (s && append_text(&tu->text[l], s, strlen(s), sep))
				return SUB_ERR_NOMEM;
		}
	}
	return SUB_OK;
}

static struct sub_cue *flat_cue(struct sub_project *p, size_t n)
{
	size_t t, c;
	if (sub_project_cue_at(p, n, &t, &c))
		return NULL;
	return &p->turns[t].cues[c];
}

/* Each translated cue goes to the cue whose original time it overlaps most (else the
 * nearest), so that subtitles cut differently in the two languages still pair. */
static int pair_by_time(struct sub_project *p, const int64_t *os, const int64_t *oe, size_t n,
			struct sub_project *tr, int L)
{
	const char *sep = lang_sep(p->lang[L]);
	size_t m = sub_project_cue_count(tr);
	for (size_t q = 0; q < m; q++) {
		struct sub_cue *tc = flat_cue(tr, q);
		size_t best = 0;
		if (!tc || !tc->text[0])
			continue;
		int64_t bo = 0, bd = INT64_MAX;
		size_t nearest = 0;
		int found = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t a = os[i] > tc->start_ms ? os[i] : tc->start_ms;
			int64_t b = oe[i] < tc->end_ms ? oe[i] : tc->end_ms;
			int64_t mid = (os[i] + oe[i]) / 2 - (tc->start_ms + tc->end_ms) / 2;
			int64_t dist = mid < 0 ? -mid : mid;
			if (b - a > bo) {
				bo = b - a;
				best = i;
				found = 1;
			}
			if (dist < bd) {
				bd = dist;
				nearest = i;
			}
		}
		if (!found)
			best = nearest;
		struct sub_cue *pc = flat_cue(p, best);
		if (pc && append_text(&pc->text[L], tc->text[0], strlen(tc->text[0]), sep))
			return SUB_ERR_NOMEM;
	}
	return join_turn_texts(p, L);
}

static size_t text_len(const char *s, size_t n)
{
	size_t i = 0, k = 0;
	while (i < n) {
		uint32_t cp = sub_utf8_next(s, n, &i);
		k += !sub_cp_is_space(cp);
	}
	return k;
}

/* Nonzero when the text ends a sentence (after any closing quotes). */
static int ends_sentence(const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0;
	uint32_t last = 0, before = 0;
	while (i < n) {
		uint32_t cp = sub_utf8_next(s, n, &i);
		if (sub_cp_is_space(cp))
			continue;
		before = last;
		last = cp;
	}
	return sub_cp_is_sentence_end(last) || (sub_cp_is_closing(last) && sub_cp_is_sentence_end(before));
}

/* A translation given as a transcript: its sentences are paired by length with the
 * subtitles' sentences (runs of cues up to a sentence end), and a sentence shared by
 * several cues is split among them. */
static int pair_by_sentences(struct sub_project *p, struct sub_project *tr, int L)
{
	size_t n = sub_project_cue_count(p), ng = 0, nb_s = 0, cap_s = 0, nbeads = 0;
	size_t *gfirst = NULL, *lena = NULL, *lenb = NULL;
	const char **sb = NULL;
	size_t *sl = NULL;
	struct sub_bead *beads = NULL;
	int rc = SUB_ERR_NOMEM;
	const char *trl = tr->lang[0], *sep = lang_sep(p->lang[L]);

	gfirst = malloc(sizeof(size_t) * (n + 1));
	lena = malloc(sizeof(size_t) * (n + 1));
	if (!gfirst || !lena)
		goto out;
	for (size_t t = 0, k = 0; t < p->n_turns; t++) {
		struct sub_turn *tu = &p->turns[t];
		for (size_t c = 0; c < tu->n_cues; c++, k++) {
			const char *s = tu->cues[c].text[0];
			if (c == 0 || (c > 0 && ends_sentence(tu->cues[c - 1].text[0]))) {
				gfirst[ng] = k;
				lena[ng++] = 0;
			}
			lena[ng - 1] += s ? text_len(s, strlen(s)) : 0;
		}
	}
	gfirst[ng] = n;
	for (size_t t = 0; t < tr->n_turns; t++) {
		const char *txt = tr->turns[t].text[0];
		struct sub_span *sp = NULL;
		size_t ns = 0;
		if (!txt)
			continue;
		rc = sub_text_sentences(txt, trl, &sp, &ns);
		if (rc)
			goto out;
		if (nb_s + ns > cap_s) {
			size_t nc = (nb_s + ns) * 2;
			const char **a = realloc(sb, sizeof(*a) * nc);
			size_t *b = a ? realloc(sl, sizeof(*b) * nc) : NULL;
			if (a)
				sb = a;
			if (b)
				sl = b;
			if (!a || !b) {
				free(sp);
				rc = SUB_ERR_NOMEM;
				goto out;
			}
			cap_s = nc;
		}
		for (size_t i = 0; i < ns; i++) {
			sb[nb_s] = txt + sp[i].begin;
			sl[nb_s++] = sp[i].end - sp[i].begin;
		}
		free(sp);
	}
	lenb = malloc(sizeof(size_t) * (nb_s + 1));
	if (!lenb) {
		rc = SUB_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < nb_s; i++)
		lenb[i] = text_len(sb[i], sl[i]);
	rc = sub_pair_sentences(lena, ng, lenb, nb_s, &beads, &nbeads);
	if (rc)
		goto out;
	for (size_t b = 0; b < nbeads; b++) {
		const struct sub_bead *bd = &beads[b];
		if (bd->a_count == 0 || bd->b_count == 0)
			continue;
		char *joined = NULL;
		for (size_t i = bd->b_first; i < bd->b_first + bd->b_count; i++)
			if (append_text(&joined, sb[i], sl[i], sep)) {
				free(joined);
				rc = SUB_ERR_NOMEM;
				goto out;
			}
		size_t c0 = gfirst[bd->a_first], c1 = gfirst[bd->a_first + bd->a_count];
		size_t m = c1 - c0;
		struct sub_span *pieces = NULL;
		size_t np = 0;
		if (m == 1) {
			rc = append_text(&flat_cue(p, c0)->text[L], joined, strlen(joined), sep);
		} else {
			rc = sub_segment_split(joined, strlen(joined), trl, 0, m, &pieces, &np);
			for (size_t i = 0; rc == SUB_OK && i < np; i++) {
				size_t ci = c0 + (i < m ? i : m - 1);
				rc = append_text(&flat_cue(p, ci)->text[L], joined + pieces[i].begin,
						 pieces[i].end - pieces[i].begin, sep);
			}
		}
		free(pieces);
		free(joined);
		if (rc)
			goto out;
	}
	rc = join_turn_texts(p, L);
out:
	free(gfirst);
	free(lena);
	free(lenb);
	free(sb);
	free(sl);
	free(beads);
	return rc;
}

static int is_txt(const char *path)
{
	size_t n = strlen(path);
	return n >= 4 && (!strcmp(path + n - 4, ".txt") || !strcmp(path + n - 4, ".TXT"));
}

static int add_translation(struct sub_project *p, const char *path, FILE *log)
{
	struct sub_project *tr = NULL;
	struct sub_error err;
	char msg[1024];
	int rc, ret = 1;
	size_t n = sub_project_cue_count(p);
	int64_t *os = malloc(sizeof(int64_t) * (n + 1)), *oe = malloc(sizeof(int64_t) * (n + 1));

	memset(&err, 0, sizeof(err));
	if (!os || !oe) {
		fprintf(log, "tsync: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct sub_cue *c = flat_cue(p, i);
		os[i] = c->start_ms;
		oe[i] = c->end_ms;
	}
	int transcript = is_txt(path);
	if (transcript)
		rc = sub_transcript_read_file(path, NULL, &tr, &err);
	else {
		struct sub_read_opts ro = {.lenient = 1, .lang = NULL, .filename = path};
		rc = sub_format_read_file(path, &ro, &tr, &err);
	}
	if (rc) {
		sub_error_format(&err, msg, sizeof(msg));
		fprintf(log, "tsync: %s\n", msg[0] ? msg : sub_strerror(rc));
		goto out;
	}
	if (tr->n_langs < 1 || sub_project_find_lang(p, tr->lang[0]) >= 0) {
		fprintf(log, "tsync: %s: the translation is in the language of the subtitles (%s)\n",
			path, tr->n_langs ? tr->lang[0] : "?");
		goto out;
	}
	int L = sub_project_add_lang(p, tr->lang[0]);
	if (L < 0) {
		fprintf(log, "tsync: %s: no room for another language\n", path);
		goto out;
	}
	rc = transcript ? pair_by_sentences(p, tr, L) : pair_by_time(p, os, oe, n, tr, L);
	if (rc) {
		fprintf(log, "tsync: %s: %s\n", path, sub_strerror(rc));
		goto out;
	}
	ret = 0;
out:
	sub_project_free(tr);
	free(os);
	free(oe);
	return ret;
}

int pl_align_subtitles(const char *audio_path, const char *subs_path,
		       const char *translation_path, const struct pl_align_opts *o,
		       struct sub_project **out)
{
	struct pl_align_opts oo;
	struct sub_project *p = NULL;
	struct sub_error err;
	struct sub_read_opts ro = {.lenient = 1, .lang = NULL, .filename = subs_path};
	char msg[1024];
	FILE *log = o && o->log ? o->log : stderr;
	int rc, ret = 1;

	if (!out || !audio_path || !subs_path) {
		fprintf(log, "tsync: align: no audio or no subtitles\n");
		return 1;
	}
	*out = NULL;
	memset(&err, 0, sizeof(err));
	rc = sub_format_read_file(subs_path, &ro, &p, &err);
	if (rc) {
		sub_error_format(&err, msg, sizeof(msg));
		fprintf(log, "tsync: %s\n", msg[0] ? msg : sub_strerror(rc));
		return 1;
	}
	if (p->n_langs < 1 || sub_project_cue_count(p) == 0) {
		fprintf(log, "tsync: %s: no subtitles to align\n", subs_path);
		goto out;
	}
	if (translation_path && add_translation(p, translation_path, log))
		goto out;
	if (o)
		oo = *o;
	else
		memset(&oo, 0, sizeof(oo));
	if (!oo.audio_lang || !oo.audio_lang[0])
		oo.audio_lang = p->lang[0];
	ret = pl_align_project(p, audio_path, &oo);
	if (ret)
		goto out;
	snprintf(p->align_method, sizeof(p->align_method), "subtitles");
	*out = p;
	return 0;
out:
	sub_project_free(p);
	return ret;
}
