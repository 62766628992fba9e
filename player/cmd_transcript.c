/*
 * cmd_transcript.c: `tsync transcript FILE`, which shows how a transcript was read:
 * the encoding, speakers, chapters, turns with their first words, and every line that was
 * skipped or taken as a heading, with line numbers. --json prints the project layout.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl_cmd.h"
#include "sub_io.h"
#include "sub_preset.h"
#include "sub_segment.h"
#include "sub_text.h"
#include "sub_transcript.h"

#define MAX_SPEAKER_ARGS 32

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: tsync transcript FILE [--json] [--speakers A,B] [--lang CODE]\n"
	        "                        [--translation FILE [--translation-lang CODE]]\n"
	        "                        [--cues] [--preset netflix|bbc]\n"
	        "\n"
	        "Reads an interview transcript and shows how it was read: speakers, turns with\n"
	        "their first words, chapter headings, and every line skipped (preamble, images).\n"
	        "\n"
	        "  --json              print the project layout as JSON on stdout\n"
	        "  --speakers A,B      the speakers' names (default: found in the text)\n"
	        "  --lang CODE         language of FILE (default: guessed from its script and\n"
	        "                      common words; English when they say too little)\n"
	        "  --translation FILE  the same interview in another language, paired turn by "
	        "turn\n"
	        "  --translation-lang CODE  language of the translation (default: guessed)\n"
	        "  --translation-speakers A,B  the speakers' names in the translation\n"
	        "  --cues              also list the cues the text is split into\n"
	        "  --preset NAME       subtitle rules for the cues (default netflix)\n"
	        "\n"
	        "Layouts: a speaker's name alone on a line then the turn's paragraphs ('## ' or\n"
	        "numbered chapter headings); 'Name: text' lines; plain paragraphs. Encodings:\n"
	        "UTF-8 (BOM or not), UTF-16 with a BOM, GB18030, Big5; LF, CRLF or CR.\n");
}

static void print_error(const struct sub_error *err)
{
	char msg[1024];
	sub_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "%s\n", msg);
}

/* Reads and decodes a file, then parses it; *enc gets the encoding's name. */
static int read_transcript(const char *path, const char *lang, const char *const *speakers,
                           size_t n_speakers, struct sub_project **out, const char **enc)
{
	struct sub_error err;
	memset(&err, 0, sizeof(err));
	char *raw = NULL, *text = NULL;
	size_t raw_len = 0, text_len = 0;
	int rc = sub_file_read(path, SUB_TRANSCRIPT_MAX_BYTES, &raw, &raw_len, &err);
	if (!rc) {
		rc = sub_transcript_decode(raw, raw_len, &text, &text_len, enc, &err);
		snprintf(err.file, sizeof(err.file), "%s", path);
	}
	free(raw);
	if (!rc) {
		struct sub_transcript_opts o = {lang, speakers, n_speakers, path, 0};
		rc = sub_transcript_parse(text, text_len, &o, out, &err);
	}
	free(text);
	if (rc)
		print_error(&err);
	return rc;
}

/* The first n code points of s on one line, "…" when cut. */
static void first_words(const char *s, size_t n, char *buf, size_t size)
{
	size_t len = s ? strlen(s) : 0, i = 0, w = 0, k = 0;
	while (i < len && k < n && w + 8 < size) {
		size_t at = i;
		uint32_t cp = sub_utf8_next(s, len, &i);
		if (cp == '\n' || cp == '\t') {
			buf[w++] = ' ';
		} else {
			memcpy(buf + w, s + at, i - at);
			w += i - at;
		}
		k++;
	}
	if (i < len && w + 4 < size) {
		memcpy(buf + w, "\xE2\x80\xA6", 3);
		w += 3;
	}
	buf[w] = 0;
}

static size_t count_sentences(const char *text, const char *lang)
{
	struct sub_span *sp = NULL;
	size_t n = 0;
	if (!text || sub_text_sentences(text, lang, &sp, &n))
		return 0;
	free(sp);
	return n;
}

static json_t *lang_object(const struct sub_project *p, char *const *texts)
{
	json_t *o = json_object();
	for (int l = 0; l < p->n_langs; l++)
		if (texts[l])
			json_object_set_new(o, p->lang[l], json_string(texts[l]));
	return o;
}

static json_t *remarks_json(const struct sub_project *p, int kind)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_remarks; i++) {
		const struct sub_remark *r = &p->remarks[i];
		if (r->kind != kind)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "line", json_integer(r->line));
		json_object_set_new(o, "text", json_string(r->text ? r->text : ""));
		json_array_append_new(a, o);
	}
	return a;
}

static int print_json(const struct sub_project *p, const char *path, const char *enc,
                      const struct sub_project *tr, const char *tr_path, const char *tr_enc,
                      int with_cues, const struct sub_preset *preset)
{
	json_t *root = json_object();
	json_object_set_new(root, "file", json_string(path));
	json_object_set_new(root, "encoding", json_string(enc));
	json_t *langs = json_array();
	for (int l = 0; l < p->n_langs; l++)
		json_array_append_new(langs, json_string(p->lang[l]));
	json_object_set_new(root, "languages", langs);
	json_t *spk = json_array(), *spk_names = json_array();
	for (size_t i = 0; i < p->n_speakers; i++) {
		const char *name = p->speakers[i].name[0];
		json_array_append_new(spk, json_string(name ? name : ""));
		json_array_append_new(spk_names, lang_object(p, p->speakers[i].name));
	}
	json_object_set_new(root, "speakers", spk);
	json_object_set_new(root, "speaker_names", spk_names);
	json_t *chapters = json_array();
	for (size_t i = 0; i < p->n_chapters; i++) {
		json_t *c = json_object();
		json_object_set_new(c, "title", lang_object(p, p->chapters[i].title));
		json_object_set_new(c, "first_turn",
		                    json_integer((json_int_t)p->chapters[i].first_turn));
		json_array_append_new(chapters, c);
	}
	json_object_set_new(root, "chapters", chapters);
	json_t *turns = json_array();
	size_t total_sent[SUB_MAX_LANGS] = {0};
	for (size_t i = 0; i < p->n_turns; i++) {
		const struct sub_turn *t = &p->turns[i];
		json_t *o = json_object();
		const char *name = t->speaker >= 0 ? p->speakers[t->speaker].name[0] : NULL;
		json_object_set_new(o, "speaker", name ? json_string(name) : json_null());
		json_object_set_new(o, "line", json_integer(t->src_line));
		if (tr)
			json_object_set_new(o, "translation_line",
			                    json_integer(tr->turns[i].src_line));
		json_object_set_new(o, "chapter", json_integer(t->chapter));
		json_object_set_new(o, "text", lang_object(p, t->text));
		json_t *sent = json_object();
		for (int l = 0; l < p->n_langs; l++) {
			size_t n = count_sentences(t->text[l], p->lang[l]);
			total_sent[l] += n;
			json_object_set_new(sent, p->lang[l], json_integer((json_int_t)n));
		}
		json_object_set_new(o, "sentences", sent);
		if (with_cues) {
			json_t *cues = json_array();
			for (size_t j = 0; j < t->n_cues; j++)
				json_array_append_new(cues, lang_object(p, t->cues[j].text));
			json_object_set_new(o, "cues", cues);
		}
		json_array_append_new(turns, o);
	}
	json_object_set_new(root, "turns", turns);
	json_t *sent = json_object();
	for (int l = 0; l < p->n_langs; l++)
		json_object_set_new(sent, p->lang[l], json_integer((json_int_t)total_sent[l]));
	json_object_set_new(root, "sentences", sent);
	json_object_set_new(root, "cues", json_integer((json_int_t)sub_project_cue_count(p)));
	json_object_set_new(root, "preset", json_string(preset->name));
	json_object_set_new(root, "headings", remarks_json(p, SUB_REMARK_HEADING));
	json_object_set_new(root, "skipped", remarks_json(p, SUB_REMARK_SKIPPED));
	json_object_set_new(root, "notes", remarks_json(p, SUB_REMARK_NOTE));
	if (tr) {
		json_t *t = json_object();
		json_object_set_new(t, "file", json_string(tr_path));
		json_object_set_new(t, "encoding", json_string(tr_enc));
		json_object_set_new(t, "language", json_string(tr->lang[0]));
		json_object_set_new(t, "headings", remarks_json(tr, SUB_REMARK_HEADING));
		json_object_set_new(t, "skipped", remarks_json(tr, SUB_REMARK_SKIPPED));
		json_object_set_new(t, "notes", remarks_json(tr, SUB_REMARK_NOTE));
		json_object_set_new(root, "translation", t);
	}
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!s) {
		fprintf(stderr, "tsync transcript: out of memory\n");
		return 1;
	}
	int ok = fputs(s, stdout) >= 0 && fputc('\n', stdout) != EOF && fflush(stdout) == 0;
	free(s);
	if (!ok) {
		fprintf(stderr, "tsync transcript: cannot write to stdout\n");
		return 1;
	}
	return 0;
}

static void print_remarks(const struct sub_project *p, const char *label)
{
	for (size_t i = 0; i < p->n_remarks; i++) {
		const struct sub_remark *r = &p->remarks[i];
		char words[256];
		first_words(r->text, 60, words, sizeof(words));
		if (r->kind == SUB_REMARK_SKIPPED)
			printf("  %s line %d: skipped: %s\n", label, r->line, words);
		else if (r->kind == SUB_REMARK_NOTE)
			printf("  %s line %d: note%s: %s\n", label, r->line,
			       r->turn < 0 ? ", not spoken" : " in the text", words);
		else if (r->kind == SUB_REMARK_OTHER)
			printf("  %s: %s\n", label, words);
	}
}

static void print_text(const struct sub_project *p, const char *path, const char *enc,
                       const struct sub_project *tr, const char *tr_path, const char *tr_enc,
                       int with_cues, const struct sub_preset *preset)
{
	printf("%s: %s, language %s", path, enc, p->lang[0]);
	if (tr)
		printf("; translation %s: %s, language %s", tr_path, tr_enc, tr->lang[0]);
	printf("\n%zu turns, %zu speakers, %zu chapters, %zu cues (%s)\n", p->n_turns,
	       p->n_speakers, p->n_chapters, sub_project_cue_count(p), preset->name);
	for (int l = 0; l < p->n_langs; l++) {
		size_t n = 0;
		for (size_t i = 0; i < p->n_turns; i++)
			n += count_sentences(p->turns[i].text[l], p->lang[l]);
		printf("%s: %zu sentences\n", p->lang[l], n);
	}
	printf("speakers:\n");
	for (size_t s = 0; s < p->n_speakers; s++) {
		size_t n = 0;
		for (size_t i = 0; i < p->n_turns; i++)
			n += p->turns[i].speaker == (int)s;
		printf("  ");
		for (int l = 0; l < p->n_langs; l++)
			if (p->speakers[s].name[l])
				printf("%s%s", l ? " / " : "", p->speakers[s].name[l]);
		printf(" (%zu turns)\n", n);
	}
	/* everything in the order of the file: skipped lines, headings, turns */
	printf("lines:\n");
	size_t r = 0;
	for (size_t i = 0; i <= p->n_turns; i++) {
		int upto = i < p->n_turns ? p->turns[i].src_line : 0x7FFFFFFF;
		for (; r < p->n_remarks && p->remarks[r].line <= upto; r++) {
			const struct sub_remark *m = &p->remarks[r];
			char words[256];
			first_words(m->text, 60, words, sizeof(words));
			if (m->kind == SUB_REMARK_HEADING)
				printf("  line %d: heading: %s\n", m->line, words);
			else if (m->kind == SUB_REMARK_SKIPPED)
				printf("  line %d: skipped: %s\n", m->line, words);
			else if (m->kind == SUB_REMARK_NOTE)
				printf("  line %d: note%s: %s\n", m->line,
				       m->turn < 0 ? ", not spoken" : " in the text", words);
			else
				printf("  %s\n", words);
		}
		if (i == p->n_turns)
			break;
		const struct sub_turn *t = &p->turns[i];
		const char *name = t->speaker >= 0 ? p->speakers[t->speaker].name[0] : "-";
		for (int l = 0; l < p->n_langs; l++) {
			char words[256];
			first_words(t->text[l], 40, words, sizeof(words));
			if (!l)
				printf("  line %d: turn %zu, %s: %s\n", t->src_line, i + 1,
				       name ? name : "-", words);
			else
				printf("      %s (line %d): %s\n", p->lang[l],
				       tr ? tr->turns[i].src_line : 0, words);
		}
		for (size_t j = 0; with_cues && j < t->n_cues; j++) {
			for (int l = 0; l < p->n_langs; l++) {
				const char *c = t->cues[j].text[l];
				printf("      cue %zu %s: ", j + 1, p->lang[l]);
				for (; c && *c; c++)
					fputs(*c == '\n' ? " | " : (char[2]){*c, 0}, stdout);
				putchar('\n');
			}
		}
	}
	if (tr)
		print_remarks(tr, "translation");
}

/* Splits "A,B" (or "A，B") into trimmed names pointing into s, which is modified. */
static size_t split_names(char *s, const char **names, size_t max)
{
	size_t n = 0;
	char *p = s;
	while (p && *p && n < max) {
		char *comma = strchr(p, ',');
		char *fw = strstr(p, "\xEF\xBC\x8C");
		char *next = NULL;
		if (fw && (!comma || fw < comma)) {
			*fw = 0;
			next = fw + 3;
		} else if (comma) {
			*comma = 0;
			next = comma + 1;
		}
		while (*p == ' ')
			p++;
		size_t len = strlen(p);
		while (len && p[len - 1] == ' ')
			p[--len] = 0;
		if (len)
			names[n++] = p;
		p = next;
	}
	return n;
}

int pl_cmd_transcript(int argc, char **argv)
{
	const char *path = NULL, *lang = NULL, *tr_path = NULL, *tr_lang = NULL;
	const char *preset_name = NULL;
	char *speakers_arg = NULL, *tr_speakers_arg = NULL;
	int json = 0, with_cues = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has_val = i + 1 < argc;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--json")) {
			json = 1;
		} else if (!strcmp(a, "--cues")) {
			with_cues = 1;
		} else if (!strcmp(a, "--speakers") && has_val) {
			speakers_arg = argv[++i];
		} else if (!strcmp(a, "--lang") && has_val) {
			lang = argv[++i];
		} else if (!strcmp(a, "--translation") && has_val) {
			tr_path = argv[++i];
		} else if (!strcmp(a, "--translation-speakers") && has_val) {
			tr_speakers_arg = argv[++i];
		} else if (!strcmp(a, "--translation-lang") && has_val) {
			tr_lang = argv[++i];
		} else if (!strcmp(a, "--preset") && has_val) {
			preset_name = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "tsync transcript: unknown option or missing value: %s\n",
			        a);
			usage(stderr);
			return 2;
		} else if (!path) {
			path = a;
		} else {
			fprintf(stderr, "tsync transcript: more than one FILE: %s\n", a);
			return 2;
		}
	}
	if (!path) {
		usage(stderr);
		return 2;
	}
	const struct sub_preset *preset =
	        preset_name ? sub_preset_by_name(preset_name) : sub_preset_default();
	if (!preset) {
		fprintf(stderr, "tsync transcript: unknown preset '%s' (netflix, bbc)\n",
		        preset_name);
		return 2;
	}
	const char *names[MAX_SPEAKER_ARGS], *tr_names[MAX_SPEAKER_ARGS];
	size_t n_names = 0, n_tr_names = 0;
	char *names_buf = speakers_arg ? strdup(speakers_arg) : NULL;
	char *tr_names_buf = tr_speakers_arg ? strdup(tr_speakers_arg) : NULL;
	if ((speakers_arg && !names_buf) || (tr_speakers_arg && !tr_names_buf)) {
		free(names_buf);
		free(tr_names_buf);
		return 1;
	}
	if (names_buf)
		n_names = split_names(names_buf, names, MAX_SPEAKER_ARGS);
	if (tr_names_buf)
		n_tr_names = split_names(tr_names_buf, tr_names, MAX_SPEAKER_ARGS);
	if ((speakers_arg && !n_names) || (tr_speakers_arg && !n_tr_names)) {
		free(names_buf);
		free(tr_names_buf);
		fprintf(stderr, "tsync transcript: --speakers needs names: A,B\n");
		return 2;
	}
	int status = 1;
	struct sub_project *p = NULL, *tr = NULL;
	const char *enc = "", *tr_enc = "";
	struct sub_error err;
	memset(&err, 0, sizeof(err));
	if (read_transcript(path, lang, n_names ? names : NULL, n_names, &p, &enc))
		goto out_free;
	if (tr_path) {
		if (read_transcript(tr_path, tr_lang, n_tr_names ? tr_names : NULL, n_tr_names, &tr,
		                    &tr_enc))
			goto out_free;
		int rc = sub_project_add_translation_named(p, tr, path, tr_path, &err);
		if (rc) {
			snprintf(err.file, sizeof(err.file), "%s", path);
			print_error(&err);
			goto out_free;
		}
	}
	int rc = sub_segment_project(p, preset);
	if (!rc)
		rc = sub_project_validate(p, &err);
	if (rc) {
		snprintf(err.file, sizeof(err.file), "%s", path);
		if (!err.msg[0])
			snprintf(err.msg, sizeof(err.msg), "cannot split into cues: %s",
			         sub_strerror(rc));
		print_error(&err);
		goto out_free;
	}
	if (json)
		status = print_json(p, path, enc, tr, tr_path, tr_enc, with_cues, preset);
	else {
		print_text(p, path, enc, tr, tr_path, tr_enc, with_cues, preset);
		status = fflush(stdout) ? 1 : 0;
	}
out_free:
	sub_project_free(p);
	sub_project_free(tr);
	free(names_buf);
	free(tr_names_buf);
	return status;
}
