/*
 * sub_json.c: tsync's project JSON (docs/project-format.md) and the aeneas sync map, both
 * through jansson. Times are seconds as JSON numbers written with millisecond precision
 * and read back rounded to the nearest millisecond.
 */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"

#define JSON_FLAGS (JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

static const char *const remark_kinds[] = {
        NULL,    "skipped", "heading", "repaired", "unspoken", "untranscribed", "low_confidence",
        "other", "note",
};

/* ---- writing ---- */

/* Sets key to a new value, dropping it on a NULL value; returns nonzero on failure. */
static int put(json_t *o, const char *key, json_t *v)
{
	return !v || json_object_set_new(o, key, v);
}

static json_t *seconds(int64_t ms)
{
	/* ms / 1000.0 printed with 15 significant digits gives back the 3 decimals exactly */
	return json_real((double)ms / 1000.0);
}

static json_t *texts(const struct sub_project *p, char *const *t)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	for (int l = 0; l < p->n_langs; l++)
		if (t[l] && put(o, p->lang[l], json_string(t[l]))) {
			json_decref(o);
			return NULL;
		}
	return o;
}

static json_t *confidence(float c)
{
	return json_real(round((double)c * 1000.0) / 1000.0);
}

static json_t *project_to_json(const struct sub_project *p)
{
	json_t *root = json_object(), *arr;
	if (!root)
		return NULL;
	if (put(root, "tsync", json_integer(1)) ||
	    put(root, "audio", p->audio_path ? json_string(p->audio_path) : json_null()))
		goto out_fail;
	if (!(arr = json_array()) || put(root, "languages", arr))
		goto out_fail;
	for (int l = 0; l < p->n_langs; l++)
		if (json_array_append_new(arr, json_string(p->lang[l])))
			goto out_fail;
	if (put(root, "audio_language",
	        p->audio_lang >= 0 && p->audio_lang < p->n_langs
	                ? json_string(p->lang[p->audio_lang])
	                : json_null()) ||
	    put(root, "timed", json_boolean(p->timed)) ||
	    put(root, "aligned", p->align_method[0] ? json_string(p->align_method) : json_null()))
		goto out_fail;
	if (!(arr = json_array()) || put(root, "speakers", arr))
		goto out_fail;
	for (size_t i = 0; i < p->n_speakers; i++) {
		json_t *s = json_object();
		if (!s || json_array_append_new(arr, s) ||
		    put(s, "name", texts(p, p->speakers[i].name)))
			goto out_fail;
	}
	if (!(arr = json_array()) || put(root, "chapters", arr))
		goto out_fail;
	for (size_t i = 0; i < p->n_chapters; i++) {
		json_t *c = json_object();
		if (!c || json_array_append_new(arr, c) ||
		    put(c, "title", texts(p, p->chapters[i].title)) ||
		    put(c, "first_turn", json_integer((json_int_t)p->chapters[i].first_turn)))
			goto out_fail;
	}
	if (!(arr = json_array()) || put(root, "turns", arr))
		goto out_fail;
	for (size_t i = 0; i < p->n_turns; i++) {
		const struct sub_turn *t = &p->turns[i];
		json_t *o = json_object(), *cues;
		if (!o || json_array_append_new(arr, o))
			goto out_fail;
		const char *name = NULL;
		if (t->speaker >= 0 && (size_t)t->speaker < p->n_speakers)
			for (int l = 0; l < p->n_langs && !name; l++)
				name = p->speakers[t->speaker].name[l];
		if (put(o, "speaker", name ? json_string(name) : json_null()))
			goto out_fail;
		if (t->speaker >= 0 && put(o, "speaker_index", json_integer(t->speaker)))
			goto out_fail;
		if (t->src_line > 0 && put(o, "line", json_integer(t->src_line)))
			goto out_fail;
		if (p->timed &&
		    (put(o, "start", seconds(t->start_ms)) || put(o, "end", seconds(t->end_ms))))
			goto out_fail;
		if (t->confidence >= 0 && put(o, "confidence", confidence(t->confidence)))
			goto out_fail;
		if (put(o, "text", texts(p, t->text)) || !(cues = json_array()) ||
		    put(o, "cues", cues))
			goto out_fail;
		for (size_t j = 0; j < t->n_cues; j++) {
			const struct sub_cue *c = &t->cues[j];
			json_t *co = json_object();
			if (!co || json_array_append_new(cues, co))
				goto out_fail;
			if (p->timed && (put(co, "start", seconds(c->start_ms)) ||
			                 put(co, "end", seconds(c->end_ms))))
				goto out_fail;
			if (c->confidence >= 0 && put(co, "confidence", confidence(c->confidence)))
				goto out_fail;
			if (put(co, "text", texts(p, c->text)))
				goto out_fail;
		}
	}
	if (!(arr = json_array()) || put(root, "remarks", arr))
		goto out_fail;
	for (size_t i = 0; i < p->n_remarks; i++) {
		const struct sub_remark *r = &p->remarks[i];
		json_t *o = json_object();
		int k = r->kind >= 1 && r->kind <= SUB_REMARK_NOTE ? r->kind : SUB_REMARK_OTHER;
		if (!o || json_array_append_new(arr, o) ||
		    put(o, "kind", json_string(remark_kinds[k])))
			goto out_fail;
		if ((r->line > 0 && put(o, "line", json_integer(r->line))) ||
		    (r->turn >= 0 && put(o, "turn", json_integer(r->turn))) ||
		    (r->cue >= 0 && put(o, "cue", json_integer(r->cue))) ||
		    (r->start_ms >= 0 && put(o, "start", seconds(r->start_ms))) ||
		    (r->end_ms >= 0 && put(o, "end", seconds(r->end_ms))) ||
		    put(o, "text", r->text ? json_string(r->text) : json_null()))
			goto out_fail;
	}
	return root;
out_fail:
	json_decref(root);
	return NULL;
}

static int json_write(const struct sub_project *p, const struct sub_write_opts *opts,
                      struct sub_buf *out)
{
	(void)opts; /* the project keeps every language */
	if (!p || !out)
		return SUB_ERR_ARG;
	json_t *root = project_to_json(p);
	if (!root)
		return SUB_ERR_NOMEM;
	char *s = json_dumps(root, JSON_FLAGS);
	json_decref(root);
	if (!s)
		return SUB_ERR_NOMEM;
	sub_buf_puts(out, s);
	sub_buf_puts(out, "\n");
	free(s);
	return out->oom ? SUB_ERR_NOMEM : SUB_OK;
}

/* ---- reading ---- */

struct ctx {
	struct sub_project *p;
	struct sub_error *err;
	char where[64]; /* "turn 3, cue 2" for messages */
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
bad(struct ctx *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sub_error_set(c->err, SUB_ERR_PARSE, 0, 0, "%s%s%s", c->where,
	                     c->where[0] ? ": " : "", msg);
}

/* Reads a time in seconds; required when the project is timed. */
static int get_time(struct ctx *c, json_t *o, const char *key, int64_t *ms, int required)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (required)
			return bad(c, "'%s' (a time in seconds) is missing", key);
		return SUB_OK;
	}
	if (!json_is_number(v) || sub_time_from_double(json_number_value(v), ms))
		return bad(c, "'%s' must be a number of seconds, 0 or more", key);
	return SUB_OK;
}

static int get_conf(struct ctx *c, json_t *o, float *conf)
{
	json_t *v = json_object_get(o, "confidence");
	*conf = -1;
	if (!v || json_is_null(v))
		return SUB_OK;
	double d = json_is_number(v) ? json_number_value(v) : -2;
	if (!(d >= 0 && d <= 1) && d != -1)
		return bad(c, "'%s' must be a number from 0 to 1", "confidence");
	*conf = (float)d;
	return SUB_OK;
}

/* Reads {"zh": "...", "en": null} into slots. */
static int get_texts(struct ctx *c, json_t *o, const char *key, char **slots)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return SUB_OK;
	if (!json_is_object(v))
		return bad(c, "'%s' must be an object of texts by language", key);
	const char *lang;
	json_t *t;
	json_object_foreach(v, lang, t)
	{
		int l = sub_project_find_lang(c->p, lang);
		if (l < 0)
			return bad(c, "text in language '%s', which is not in \"languages\"", lang);
		if (json_is_null(t))
			continue;
		if (!json_is_string(t))
			return bad(c, "the %s text must be a string", lang);
		if (sub_set_str(&slots[l], json_string_value(t)))
			return sub_error_set(c->err, SUB_ERR_NOMEM, 0, 0, "out of memory");
	}
	return SUB_OK;
}

static int get_index(struct ctx *c, json_t *o, const char *key, long *out, long max)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return SUB_OK;
	if (!json_is_integer(v) || json_integer_value(v) < -1 || json_integer_value(v) >= max)
		return bad(c, "'%s' is out of range", key);
	*out = (long)json_integer_value(v);
	return SUB_OK;
}

static int project_from_json(json_t *root, struct sub_project **out, struct sub_error *err)
{
	struct ctx c = {.err = err};
	int rc;
	if (!json_is_object(root))
		return bad(&c, "the project must be a JSON object");
	json_t *ver = json_object_get(root, "tsync");
	if (!json_is_integer(ver))
		return bad(&c, "not a tsync project: \"tsync\": 1 is missing");
	if (json_integer_value(ver) != 1)
		return sub_error_set(err, SUB_ERR_PARSE, 0, 0,
		                     "project format version %lld is not supported (this tsync "
		                     "reads version 1)",
		                     (long long)json_integer_value(ver));
	struct sub_project *p = c.p = sub_project_new();
	if (!p)
		return sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
	json_t *v = json_object_get(root, "languages"), *x;
	size_t i;
	if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > SUB_MAX_LANGS) {
		rc = bad(&c, "\"languages\" must list 1 to 4 language codes");
		goto out_free;
	}
	json_array_foreach(v, i, x)
	{
		if (!json_is_string(x) || sub_project_add_lang(p, json_string_value(x)) != (int)i) {
			rc = bad(&c, "\"languages\": bad or repeated code");
			goto out_free;
		}
	}
	v = json_object_get(root, "audio");
	if (json_is_string(v) && sub_set_str(&p->audio_path, json_string_value(v)))
		goto out_nomem;
	if (v && !json_is_string(v) && !json_is_null(v)) {
		rc = bad(&c, "\"audio\" must be a path or null");
		goto out_free;
	}
	v = json_object_get(root, "audio_language");
	if (json_is_string(v)) {
		p->audio_lang = sub_project_find_lang(p, json_string_value(v));
		if (p->audio_lang < 0) {
			rc = bad(&c, "\"audio_language\" is not one of \"languages\"");
			goto out_free;
		}
	}
	v = json_object_get(root, "aligned");
	if (json_is_string(v))
		snprintf(p->align_method, sizeof(p->align_method), "%s", json_string_value(v));
	json_t *turns = json_object_get(root, "turns");
	if (turns && !json_is_array(turns)) {
		rc = bad(&c, "\"turns\" must be an array");
		goto out_free;
	}
	v = json_object_get(root, "timed");
	if (v)
		p->timed = json_is_true(v);
	else
		p->timed = json_array_size(turns) &&
		           json_object_get(json_array_get(turns, 0), "start") != NULL;
	v = json_object_get(root, "speakers");
	json_array_foreach(v, i, x)
	{
		snprintf(c.where, sizeof(c.where), "speaker %zu", i + 1);
		if (!json_is_object(x)) {
			rc = bad(&c, "must be an object");
			goto out_free;
		}
		void *arr = p->speakers;
		if (sub_grow(&arr, &p->cap_speakers, p->n_speakers + 1, sizeof(*p->speakers)))
			goto out_nomem;
		p->speakers = arr;
		memset(&p->speakers[p->n_speakers], 0, sizeof(*p->speakers));
		p->n_speakers++;
		if ((rc = get_texts(&c, x, "name", p->speakers[i].name)))
			goto out_free;
	}
	v = json_object_get(root, "chapters");
	json_array_foreach(v, i, x)
	{
		snprintf(c.where, sizeof(c.where), "chapter %zu", i + 1);
		json_t *ft = json_object_get(x, "first_turn");
		if (!json_is_object(x) || !json_is_integer(ft) || json_integer_value(ft) < 0 ||
		    (size_t)json_integer_value(ft) > json_array_size(turns)) {
			rc = bad(&c, "needs \"first_turn\", the index of a turn");
			goto out_free;
		}
		if (sub_project_add_chapter(p, 0, NULL))
			goto out_nomem;
		p->chapters[i].first_turn = (size_t)json_integer_value(ft);
		if ((rc = get_texts(&c, x, "title", p->chapters[i].title)))
			goto out_free;
	}
	json_array_foreach(turns, i, x)
	{
		snprintf(c.where, sizeof(c.where), "turn %zu", i + 1);
		if (!json_is_object(x)) {
			rc = bad(&c, "must be an object");
			goto out_free;
		}
		struct sub_turn *t = sub_project_add_turn(p);
		if (!t)
			goto out_nomem;
		t->chapter = -1;
		for (size_t k = 0; k < p->n_chapters; k++)
			if (p->chapters[k].first_turn <= i)
				t->chapter = (int)k;
		long spk = -1;
		if ((rc = get_index(&c, x, "speaker_index", &spk, (long)p->n_speakers)))
			goto out_free;
		json_t *name = json_object_get(x, "speaker");
		if (spk < 0 && json_is_string(name)) {
			const char *nm = json_string_value(name);
			for (size_t k = 0; k < p->n_speakers && spk < 0; k++)
				for (int l = 0; l < p->n_langs; l++)
					if (p->speakers[k].name[l] &&
					    !strcmp(p->speakers[k].name[l], nm))
						spk = (long)k;
			if (spk < 0 && (spk = sub_project_speaker(p, 0, nm)) < 0)
				goto out_nomem;
			t = &p->turns[i];
		} else if (name && !json_is_string(name) && !json_is_null(name)) {
			rc = bad(&c, "'%s' must be a name or null", "speaker");
			goto out_free;
		}
		t->speaker = (int)spk;
		json_t *line = json_object_get(x, "line");
		if (json_is_integer(line) && json_integer_value(line) > 0 &&
		    json_integer_value(line) < 0x7fffffff)
			t->src_line = (int)json_integer_value(line);
		if ((rc = get_time(&c, x, "start", &t->start_ms, p->timed)) ||
		    (rc = get_time(&c, x, "end", &t->end_ms, p->timed)) ||
		    (rc = get_conf(&c, x, &t->confidence)) ||
		    (rc = get_texts(&c, x, "text", t->text)))
			goto out_free;
		json_t *cues = json_object_get(x, "cues"), *y;
		if (cues && !json_is_array(cues) && !json_is_null(cues)) {
			rc = bad(&c, "'%s' must be an array", "cues");
			goto out_free;
		}
		size_t j;
		json_array_foreach(cues, j, y)
		{
			snprintf(c.where, sizeof(c.where), "turn %zu, cue %zu", i + 1, j + 1);
			if (!json_is_object(y)) {
				rc = bad(&c, "must be an object");
				goto out_free;
			}
			struct sub_cue *cu = sub_turn_add_cue(t);
			if (!cu)
				goto out_nomem;
			if ((rc = get_time(&c, y, "start", &cu->start_ms, p->timed)) ||
			    (rc = get_time(&c, y, "end", &cu->end_ms, p->timed)) ||
			    (rc = get_conf(&c, y, &cu->confidence)) ||
			    (rc = get_texts(&c, y, "text", cu->text)))
				goto out_free;
		}
	}
	v = json_object_get(root, "remarks");
	json_array_foreach(v, i, x)
	{
		snprintf(c.where, sizeof(c.where), "remark %zu", i + 1);
		const char *kind = json_string_value(json_object_get(x, "kind"));
		int k = 0;
		for (int m = 1; m <= SUB_REMARK_NOTE && kind; m++)
			if (!strcmp(kind, remark_kinds[m]))
				k = m;
		if (!k) {
			rc = bad(&c, "unknown \"kind\"");
			goto out_free;
		}
		long turn = -1, cue = -1, line = 0;
		int64_t s = -1, e = -1;
		json_t *ln = json_object_get(x, "line");
		if (json_is_integer(ln) && json_integer_value(ln) > 0 &&
		    json_integer_value(ln) < 0x7fffffff)
			line = (long)json_integer_value(ln);
		if ((rc = get_index(&c, x, "turn", &turn, (long)p->n_turns)) ||
		    (rc = get_index(&c, x, "cue", &cue, 0x7fffffff)) ||
		    (rc = get_time(&c, x, "start", &s, 0)) || (rc = get_time(&c, x, "end", &e, 0)))
			goto out_free;
		if (sub_project_add_remark(p, k, (int)line, turn, cue, s, e,
		                           json_string_value(json_object_get(x, "text"))))
			goto out_nomem;
	}
	c.where[0] = 0;
	if ((rc = sub_project_validate(p, err))) {
		/* the line a turn names is in its transcript, not in this file */
		if (err)
			err->line = err->column = 0;
		goto out_free;
	}
	*out = p;
	return SUB_OK;
out_nomem:
	rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
out_free:
	sub_project_free(p);
	return rc;
}

static int is_blank_buf(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' && buf[i] != '\r')
			return 0;
	return 1;
}

/* Parses JSON text, with jansson's line and column on errors. */
static json_t *load(const char *buf, size_t len, struct sub_error *err, int *rc)
{
	if (!buf || is_blank_buf(buf, len)) {
		*rc = sub_error_set(err, SUB_ERR_EMPTY, 0, 0, "the file is empty");
		return NULL;
	}
	json_error_t je;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		*rc = sub_error_set(err, SUB_ERR_PARSE, je.line > 0 ? je.line : 0,
		                    je.column > 0 ? je.column : 0, "%s", je.text);
		return NULL;
	}
	*rc = SUB_OK;
	return root;
}

static int json_read(const char *buf, size_t len, const struct sub_read_opts *opts,
                     struct sub_project **out, struct sub_error *err)
{
	(void)opts;
	if (!out)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no output");
	*out = NULL;
	int rc;
	json_t *root = load(buf, len, err, &rc);
	if (!root)
		return rc;
	rc = project_from_json(root, out, err);
	json_decref(root);
	return rc;
}

static int probe_key(const char *buf, size_t len, const char *key)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
		i++;
	if (i >= len || buf[i] != '{')
		return 0;
	size_t n = len - i > 4096 ? 4096 : len - i, k = strlen(key);
	for (size_t j = 0; j + k <= n; j++)
		if (!memcmp(buf + i + j, key, k))
			return 2;
	return 1;
}

static int json_probe(const char *buf, size_t len)
{
	int k = probe_key(buf, len, "\"tsync\"");
	return k == 2 ? 100 : k == 1 ? 10 : 0;
}

int sub_project_read_json_file(const char *path, struct sub_project **out, struct sub_error *err)
{
	if (!path || !out)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no file");
	*out = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc = sub_file_read(path, SUB_FILE_MAX_BYTES, &buf, &len, err);
	if (rc)
		return rc;
	rc = json_read(buf, len, NULL, out, err);
	free(buf);
	return rc;
}

int sub_project_write_json_file(const struct sub_project *p, const char *path, int keep_backup,
                                struct sub_error *err)
{
	if (err) {
		memset(err, 0, sizeof(*err));
		snprintf(err->file, sizeof(err->file), "%s", path ? path : "");
	}
	if (!p || !path)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "nothing to write");
	struct sub_buf b = {0};
	int rc = json_write(p, NULL, &b);
	if (rc)
		sub_error_set(err, rc, 0, 0, "cannot build the project JSON: %s", sub_strerror(rc));
	else
		rc = sub_file_write_atomic(path, b.data, b.len, keep_backup, err);
	sub_buf_release(&b);
	return rc;
}

const struct sub_format sub_format_json = {
        .name = "json",
        .extension = ".json",
        .probe = json_probe,
        .read = json_read,
        .write = json_write,
};

/* ---- aeneas sync map ---- */

static int aeneas_write_cues(const struct sub_project *p, const struct sub_write_opts *opts,
                             struct sub_buf *out)
{
	if (!p || !out)
		return SUB_ERR_ARG;
	int rc = SUB_ERR_NOMEM;
	json_t *root = json_object(), *frags = json_array();
	struct sub_buf t = {0};
	char *s = NULL;
	if (!root || !frags || json_object_set(root, "fragments", frags))
		goto out_free;
	size_t num = 0;
	char a[SUB_TIME_BUF], b[SUB_TIME_BUF], id[32];
	for (size_t i = 0; i < p->n_turns; i++)
		for (size_t j = 0; j < p->turns[i].n_cues; j++) {
			const struct sub_cue *c = &p->turns[i].cues[j];
			if (!sub_format_cue_lines(p, opts, c, &t))
				continue;
			const char *lang = NULL;
			for (int l = 0; l < p->n_langs && !lang; l++)
				if (sub_write_wants(p, opts, l) && c->text[l] && c->text[l][0])
					lang = p->lang[l];
			json_t *f = json_object(), *lines = json_array();
			snprintf(id, sizeof(id), "f%06zu", ++num);
			if (!f || !lines || json_array_append_new(frags, f) ||
			    put(f, "begin",
			        json_string(sub_time_format(c->start_ms, SUB_TIME_SECONDS3, a,
			                                    sizeof(a)))) ||
			    put(f, "children", json_array()) ||
			    put(f, "end",
			        json_string(sub_time_format(c->end_ms, SUB_TIME_SECONDS3, b,
			                                    sizeof(b)))) ||
			    put(f, "id", json_string(id)) ||
			    put(f, "language", json_string(lang ? lang : p->lang[0])) ||
			    json_object_set_new(f, "lines", lines)) {
				json_decref(lines);
				goto out_free;
			}
			for (const char *q = t.data; *q;) {
				const char *e = strchr(q, '\n');
				size_t n = e ? (size_t)(e - q) : strlen(q);
				if (n && json_array_append_new(lines, json_stringn(q, n)))
					goto out_free;
				q = e ? e + 1 : q + n;
			}
		}
	s = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (!s || t.oom)
		goto out_free;
	sub_buf_puts(out, s);
	sub_buf_puts(out, "\n");
	rc = out->oom ? SUB_ERR_NOMEM : SUB_OK;
out_free:
	free(s);
	sub_buf_release(&t);
	json_decref(frags);
	json_decref(root);
	return rc;
}

static int aeneas_write(const struct sub_project *p, const struct sub_write_opts *opts,
                        struct sub_buf *out)
{
	return sub_format_write_cued(p, opts, out, aeneas_write_cues);
}

static int frag_time(json_t *f, const char *key, size_t idx, int64_t *ms, struct sub_error *err)
{
	json_t *v = json_object_get(f, key);
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t used = 0, col = 0, n = strlen(s);
		const char *why = NULL;
		if (!sub_time_parse_seconds(s, n, ms, &used, &col, &why) && used == n)
			return SUB_OK;
	} else if (json_is_number(v) && !sub_time_from_double(json_number_value(v), ms)) {
		return SUB_OK;
	}
	return sub_error_set(err, SUB_ERR_PARSE, 0, 0,
	                     "fragment %zu: \"%s\" must be seconds (\"1.234\")", idx + 1, key);
}

static int aeneas_read(const char *buf, size_t len, const struct sub_read_opts *opts,
                       struct sub_project **out, struct sub_error *err)
{
	if (!out)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no output");
	*out = NULL;
	int rc;
	json_t *root = load(buf, len, err, &rc);
	if (!root)
		return rc;
	struct sub_flat f = {0};
	json_t *frags = json_object_get(root, "fragments"), *x;
	if (!json_is_array(frags)) {
		rc = sub_error_set(err, SUB_ERR_PARSE, 0, 0,
		                   "not an aeneas sync map: \"fragments\" is missing");
		goto out_free;
	}
	const char *common = NULL;
	int mixed = 0, multi = 0;
	size_t i;
	json_array_foreach(frags, i, x)
	{
		json_t *lines = json_object_get(x, "lines"), *l;
		if (!json_is_object(x) || (lines && !json_is_array(lines))) {
			rc = sub_error_set(err, SUB_ERR_PARSE, 0, 0,
			                   "fragment %zu: expected an object with \"lines\"",
			                   i + 1);
			goto out_free;
		}
		int64_t a, b;
		if ((rc = frag_time(x, "begin", i, &a, err)) ||
		    (rc = frag_time(x, "end", i, &b, err)))
			goto out_free;
		struct sub_flat_cue *c = NULL;
		size_t k, n_lines = 0;
		json_array_foreach(lines, k, l)
		{
			const char *s = json_string_value(l);
			if (!s) {
				rc = sub_error_set(err, SUB_ERR_PARSE, 0, 0,
				                   "fragment %zu: lines must be strings", i + 1);
				goto out_free;
			}
			if (!s[0])
				continue;
			if (!c && !(c = sub_flat_add(&f, a, b, 0)))
				goto out_nomem;
			if (sub_flat_cue_add_line(c, 0, s, strlen(s)))
				goto out_nomem;
			n_lines++;
		}
		if (!c)
			continue; /* HEAD, TAIL and other fragments without text */
		multi |= n_lines > 1;
		const char *lang = json_string_value(json_object_get(x, "language"));
		if (lang && !common)
			common = lang;
		else if (!lang || strcmp(lang, common))
			mixed = 1;
	}
	if (common && !mixed && !multi && strlen(common) < SUB_LANG_LEN)
		strcpy(f.lang[0], common);
	rc = sub_flat_build(&f, opts, out, err);
	goto out_free;
out_nomem:
	rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
out_free:
	sub_flat_release(&f);
	json_decref(root);
	return rc;
}

static int aeneas_probe(const char *buf, size_t len)
{
	return probe_key(buf, len, "\"fragments\"") == 2 ? 90 : 0;
}

const struct sub_format sub_format_aeneas = {
        .name = "aeneas",
        .extension = ".json",
        .probe = aeneas_probe,
        .read = aeneas_read,
        .write = aeneas_write,
};
