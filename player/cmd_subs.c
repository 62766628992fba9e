/*
 * cmd_subs.c: tsync export, import and check: converting between the project JSON and
 * subtitle files, and checking timing against a preset.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl_cmd.h"
#include "sub_check.h"
#include "sub_format.h"
#include "sub_io.h"
#include "sub_preset.h"
#include "sub_time.h"

static void print_error(const char *cmd, const struct sub_error *err, int rc)
{
	char msg[1024];
	sub_error_format(err, msg, sizeof(msg));
	if (!err->msg[0])
		fprintf(stderr, "tsync %s: %s: %s\n", cmd, err->file[0] ? err->file : "<input>",
		        sub_strerror(rc));
	else
		fprintf(stderr, "tsync %s: %s\n", cmd, msg);
}

/* Prints the remarks a reader made (repairs under --lenient, unpaired cues). */
static size_t print_remarks(const char *cmd, const char *file, const struct sub_project *p,
                            int only_repairs)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_remarks; i++) {
		const struct sub_remark *r = &p->remarks[i];
		if (only_repairs && r->kind != SUB_REMARK_REPAIRED)
			continue;
		const char *kind = r->kind == SUB_REMARK_REPAIRED ? "repaired" : "note";
		if (r->line > 0)
			fprintf(stderr, "tsync %s: %s:%d: %s: %s\n", cmd, file, r->line, kind,
			        r->text ? r->text : "");
		else
			fprintf(stderr, "tsync %s: %s: %s: %s\n", cmd, file, kind,
			        r->text ? r->text : "");
		n++;
	}
	return n;
}

/* Parses --lang: "zh", "en", "zh,en", "both"/"all"; 0 (all) or a mask; -1 when a code is
 * not a language of the project. */
static int lang_mask(const struct sub_project *p, const char *arg)
{
	if (!arg || !strcmp(arg, "both") || !strcmp(arg, "all"))
		return 0;
	int mask = 0;
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", arg);
	for (char *save = NULL, *t = strtok_r(buf, ",+", &save); t;
	     t = strtok_r(NULL, ",+", &save)) {
		int l = sub_project_find_lang(p, t);
		if (l < 0)
			return -1;
		mask |= 1 << l;
	}
	return mask;
}

static void project_langs(const struct sub_project *p, char *buf, size_t size)
{
	buf[0] = 0;
	for (int l = 0; l < p->n_langs; l++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", l ? ", " : "", p->lang[l]);
	}
}

static void export_usage(FILE *f)
{
	fprintf(f,
	        "usage: tsync export PROJECT.json --format FORMAT [--lang zh|en|both] [-o FILE]\n"
	        "                    [--no-speakers] [--title TITLE] [--lenient]\n"
	        "  FORMAT: srt, vtt, ass, lrc, json, aeneas, audacity (default: from -o's "
	        "extension)\n"
	        "  the input may also be any subtitle file tsync reads; output goes to FILE, or\n"
	        "  to stdout without -o. With two languages, single-language formats hold the\n"
	        "  first language's lines then the second's; ASS has one style per language.\n");
}

int pl_cmd_export(int argc, char **argv)
{
	const char *in = NULL, *fmt_name = NULL, *lang = NULL, *outp = NULL;
	struct sub_write_opts wo;
	struct sub_read_opts ro;
	sub_write_opts_init(&wo);
	memset(&ro, 0, sizeof(ro));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			export_usage(stdout);
			return 0;
		} else if ((!strcmp(a, "--format") || !strcmp(a, "-f")) && i + 1 < argc) {
			fmt_name = argv[++i];
		} else if (!strcmp(a, "--lang") && i + 1 < argc) {
			lang = argv[++i];
		} else if (!strcmp(a, "-o") && i + 1 < argc) {
			outp = argv[++i];
		} else if (!strcmp(a, "--title") && i + 1 < argc) {
			wo.title = argv[++i];
		} else if (!strcmp(a, "--no-speakers")) {
			wo.speakers = 0;
		} else if (!strcmp(a, "--lenient")) {
			ro.lenient = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "tsync export: unknown option or missing value: %s\n", a);
			export_usage(stderr);
			return 2;
		} else if (!in) {
			in = a;
		} else {
			fprintf(stderr, "tsync export: one input only (got '%s' too)\n", a);
			return 2;
		}
	}
	if (!in) {
		export_usage(stderr);
		return 2;
	}
	const struct sub_format *f = NULL;
	if (fmt_name) {
		f = sub_format_by_name(fmt_name);
		if (!f) {
			fprintf(stderr, "tsync export: unknown format '%s'\n", fmt_name);
			return 2;
		}
	} else if (outp && strcmp(outp, "-")) {
		f = sub_format_for_path(outp);
	}
	if (!f) {
		fprintf(stderr, "tsync export: give --format (srt, vtt, ass, lrc, json, aeneas, "
		                "audacity)\n");
		return 2;
	}
	struct sub_error err;
	memset(&err, 0, sizeof(err));
	struct sub_project *p = NULL;
	int rc = sub_format_read_file(in, &ro, &p, &err);
	if (rc) {
		print_error("export", &err, rc);
		return 1;
	}
	print_remarks("export", in, p, 1);
	int status = 1;
	wo.lang_mask = lang_mask(p, lang);
	if (wo.lang_mask < 0) {
		char langs[128];
		project_langs(p, langs, sizeof(langs));
		fprintf(stderr, "tsync export: --lang %s: the project's languages are %s\n", lang,
		        langs);
		status = 2;
		goto out_free;
	}
	rc = sub_format_write_file(f, p, &wo, outp ? outp : "-", &err);
	if (rc) {
		print_error("export", &err, rc);
		goto out_free;
	}
	status = 0;
out_free:
	sub_project_free(p);
	return status;
}

static void import_usage(FILE *f)
{
	fprintf(f,
	        "usage: tsync import SUBS [SUBS2] [-o PROJECT.json] [--lenient] [--lang CODE]...\n"
	        "                    [--audio AUDIO]\n"
	        "  builds a project from one subtitle file, or from two (one per language) whose\n"
	        "  cues are paired by time overlap. The n-th --lang names the n-th file's "
	        "language\n"
	        "  (default: guessed from the script; a file holding Chinese and English lines\n"
	        "  gives both). --lenient repairs ends before starts and overlaps and lists each\n"
	        "  change. Without -o the project goes to stdout.\n");
}

int pl_cmd_import(int argc, char **argv)
{
	const char *in[2] = {NULL, NULL}, *langs[2] = {NULL, NULL}, *outp = NULL, *audio = NULL;
	int n_in = 0, n_lang = 0, lenient = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			import_usage(stdout);
			return 0;
		} else if (!strcmp(a, "-o") && i + 1 < argc) {
			outp = argv[++i];
		} else if (!strcmp(a, "--lang") && i + 1 < argc) {
			if (n_lang == 2) {
				fprintf(stderr, "tsync import: at most two --lang\n");
				return 2;
			}
			langs[n_lang++] = argv[++i];
		} else if (!strcmp(a, "--audio") && i + 1 < argc) {
			audio = argv[++i];
		} else if (!strcmp(a, "--lenient")) {
			lenient = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "tsync import: unknown option or missing value: %s\n", a);
			import_usage(stderr);
			return 2;
		} else if (n_in < 2) {
			in[n_in++] = a;
		} else {
			fprintf(stderr, "tsync import: at most two subtitle files\n");
			return 2;
		}
	}
	if (!n_in) {
		import_usage(stderr);
		return 2;
	}
	struct sub_project *p[2] = {NULL, NULL}, *pair = NULL;
	struct sub_error err;
	memset(&err, 0, sizeof(err));
	int status = 1, rc;
	for (int k = 0; k < n_in; k++) {
		struct sub_read_opts ro = {.lenient = lenient, .lang = langs[k]};
		rc = sub_format_read_file(in[k], &ro, &p[k], &err);
		if (rc) {
			print_error("import", &err, rc);
			goto out_free;
		}
		print_remarks("import", in[k], p[k], 0);
	}
	struct sub_project *res = p[0];
	if (n_in == 2) {
		rc = sub_project_pair(p[0], p[1], &pair, &err);
		if (rc) {
			snprintf(err.file, sizeof(err.file), "%s", in[1]);
			print_error("import", &err, rc);
			goto out_free;
		}
		/* the pairing notes are the remarks after those of the first file; they stay
		 * in the project, the first few are shown */
		size_t notes = 0;
		for (size_t i = p[0]->n_remarks; i < pair->n_remarks; i++) {
			if (pair->remarks[i].kind != SUB_REMARK_OTHER)
				continue;
			if (notes++ < 20)
				fprintf(stderr, "tsync import: %s: note: %s\n", in[1],
				        pair->remarks[i].text ? pair->remarks[i].text : "");
		}
		if (notes > 20)
			fprintf(stderr,
			        "tsync import: %s: %zu more notes in the project's remarks\n",
			        in[1], notes - 20);
		res = pair;
	}
	if (audio && sub_set_str(&res->audio_path, audio)) {
		fprintf(stderr, "tsync import: out of memory\n");
		goto out_free;
	}
	rc = sub_project_write_json_file(res, outp ? outp : "-", 0, &err);
	if (rc) {
		print_error("import", &err, rc);
		goto out_free;
	}
	if (outp && strcmp(outp, "-")) {
		char l[128];
		project_langs(res, l, sizeof(l));
		fprintf(stderr, "tsync import: wrote %s: %zu turns, %zu cues, languages %s\n", outp,
		        res->n_turns, sub_project_cue_count(res), l);
	}
	status = 0;
out_free:
	sub_project_free(p[0]);
	sub_project_free(p[1]);
	sub_project_free(pair);
	return status;
}

static void check_usage(FILE *f)
{
	fprintf(f,
	        "usage: tsync check PROJECT.json|SUBS [--preset netflix|bbc] [--lang zh|en|both]\n"
	        "                   [--min-confidence X]\n"
	        "  lists overlaps, gaps under 2 frames, cues too short or too long, lines too\n"
	        "  long, too many lines, reading speed over the limit and cues whose alignment\n"
	        "  confidence is under X (default 0.5), one a line on stdout with the cue number\n"
	        "  and times. Subtitle files are read leniently; each repair (an end before its\n"
	        "  start, an overlap) is listed on stderr and counts as an issue.\n"
	        "  Exit status: 0 no issues, 1 issues found, 2 bad usage or unreadable input.\n");
}

int pl_cmd_check(int argc, char **argv)
{
	const char *in = NULL, *lang = NULL;
	struct sub_check_opts co;
	sub_check_opts_init(&co);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			check_usage(stdout);
			return 0;
		} else if (!strcmp(a, "--preset") && i + 1 < argc) {
			co.preset = sub_preset_by_name(argv[++i]);
			if (!co.preset) {
				fprintf(stderr, "tsync check: unknown preset '%s' (netflix, bbc)\n",
				        argv[i]);
				return 2;
			}
		} else if (!strcmp(a, "--min-confidence") && i + 1 < argc) {
			char *end;
			errno = 0;
			co.min_confidence = strtod(argv[++i], &end);
			if (*end || errno || !(co.min_confidence >= 0 && co.min_confidence <= 1)) {
				fprintf(stderr, "tsync check: --min-confidence takes 0..1\n");
				return 2;
			}
		} else if (!strcmp(a, "--lang") && i + 1 < argc) {
			lang = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "tsync check: unknown option or missing value: %s\n", a);
			check_usage(stderr);
			return 2;
		} else if (!in) {
			in = a;
		} else {
			fprintf(stderr, "tsync check: one input only\n");
			return 2;
		}
	}
	if (!in) {
		check_usage(stderr);
		return 2;
	}
	struct sub_error err;
	memset(&err, 0, sizeof(err));
	struct sub_project *p = NULL;
	/* subtitle files are read leniently, so that every repair can be listed; turn lines
	 * in a project refer to its transcript, not to the JSON file */
	char *buf = NULL;
	size_t len = 0;
	int rc = sub_file_read(in, SUB_FILE_MAX_BYTES, &buf, &len, &err);
	const struct sub_format *f = rc ? NULL : sub_format_detect(in, buf, len);
	if (!rc && !f)
		rc = sub_error_set(&err, SUB_ERR_FORMAT, 0, 0,
		                   "cannot tell the format of this file");
	if (!rc) {
		struct sub_read_opts ro = {.lenient = 1, .filename = in};
		rc = f->read(buf, len, &ro, &p, &err);
	}
	free(buf);
	if (rc) {
		print_error("check", &err, rc);
		return 2;
	}
	int is_project = f == &sub_format_json;
	int status = 2;
	struct sub_issue *is = NULL;
	size_t n = 0;
	co.lang_mask = lang_mask(p, lang);
	if (co.lang_mask < 0) {
		fprintf(stderr, "tsync check: --lang %s is not a language of %s\n", lang, in);
		goto out_free;
	}
	size_t repairs = 0;
	for (size_t i = 0; i < p->n_remarks; i++) {
		const struct sub_remark *r = &p->remarks[i];
		if (r->kind != SUB_REMARK_REPAIRED)
			continue;
		fprintf(stderr, "tsync check: %s:%d: repaired: %s\n", in, r->line,
		        r->text ? r->text : "");
		repairs++;
	}
	/* turns aligned without cues are checked as one cue each, as they are shown */
	struct sub_project *cued = NULL;
	if (sub_format_cued(p, &cued)) {
		fprintf(stderr, "tsync check: out of memory\n");
		goto out_free;
	}
	if (cued) {
		sub_project_free(p);
		p = cued;
	}
	if (sub_check_project(p, &co, &is, &n)) {
		fprintf(stderr, "tsync check: out of memory\n");
		goto out_free;
	}
	char a[SUB_TIME_BUF], b[SUB_TIME_BUF], desc[256];
	for (size_t i = 0; i < n; i++) {
		sub_issue_describe(&is[i], p, desc, sizeof(desc));
		int line = p->turns[is[i].turn].src_line;
		if (line > 0 && !is_project)
			printf("%s:%d: ", in, line);
		else
			printf("%s: ", in);
		printf("cue %zu (%s --> %s): %s: %s", is[i].cue + 1,
		       sub_time_format(is[i].start_ms, SUB_TIME_SRT, a, sizeof(a)),
		       sub_time_format(is[i].end_ms, SUB_TIME_SRT, b, sizeof(b)),
		       sub_issue_name(is[i].kind), desc);
		if (is_project)
			printf(" [turn %zu%s]", is[i].turn + 1, "");
		printf("\n");
	}
	fprintf(stderr, "tsync check: %s: %zu cues, %zu issues, %zu repairs (preset %s)\n", in,
	        sub_project_cue_count(p), n, repairs, co.preset->name);
	status = n || repairs ? 1 : 0;
out_free:
	free(is);
	sub_project_free(p);
	return status;
}
