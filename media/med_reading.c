/*
 * med_reading.c: Japanese text to the katakana of its pronunciation, through MeCab.
 */
#include "med_reading.h"

#include <ctype.h>
#include <dlfcn.h>
#include <mecab.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "med_common.h"

/* MeCab is opened on first use, as FFmpeg's libraries are (med_decode_av.c): only a
 * Japanese text needs it, and linking it (with the C++ runtime it brings) cost every run
 * of tsync, the player's included, 2 MB and the loading of two libraries. */
#define MECAB_FUNCS(X)                                                                             \
	X(mecab_new2)                                                                              \
	X(mecab_dictionary_info)                                                                   \
	X(mecab_sparse_tostr)                                                                      \
	X(mecab_destroy)

static struct {
#define MECAB_PTR(name) __typeof__(&name) name;
	MECAB_FUNCS(MECAB_PTR)
#undef MECAB_PTR
} api;
static int api_ok;
static pthread_once_t api_once = PTHREAD_ONCE_INIT;

static void api_load(void)
{
	void *h = dlopen("libmecab.so.2", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return; /* the handle stays open when a symbol is missing: no retry half-loaded */
#define MECAB_SYM(name)                                                                            \
	*(void **)&api.name = dlsym(h, #name);                                                     \
	if (!api.name)                                                                             \
		return;
	MECAB_FUNCS(MECAB_SYM)
#undef MECAB_SYM
	api_ok = 1;
}

int med_reading_needed(const char *lang)
{
	return lang && tolower((unsigned char)lang[0]) == 'j' &&
	       tolower((unsigned char)lang[1]) == 'a' &&
	       (!lang[2] || lang[2] == '-' || lang[2] == '_');
}

/* Each word as its pronunciation (the IPA dictionary's ninth feature, where 'は' the
 * particle is 'ワ'), with the blanks before it; a word the dictionary does not know as
 * written; nothing at the end of the sentence. */
static const char *const mecab_args =
        "--node-format=%pS%f[8] --unk-format=%pS%M --eos-format= --bos-format=";

int med_reading_kana(char **texts, size_t n, const char **why)
{
	mecab_t *m;
	const mecab_dictionary_info_t *d;

	if (why)
		*why = NULL;
	if (!texts)
		return n ? MED_ERR_ARG : MED_OK;
	pthread_once(&api_once, api_load);
	if (!api_ok) {
		if (why)
			*why = "MeCab (libmecab.so.2) cannot be loaded";
		return MED_ERR_SYNTH;
	}
	m = api.mecab_new2(mecab_args);
	if (!m) {
		if (why)
			*why = "MeCab has no dictionary (Debian's mecab-ipadic-utf8)";
		return MED_ERR_SYNTH;
	}
	d = api.mecab_dictionary_info(m);
	if (!d || !d->charset ||
	    (strcmp(d->charset, "UTF-8") && strcmp(d->charset, "utf-8") &&
	     strcmp(d->charset, "utf8") && strcmp(d->charset, "UTF8"))) {
		if (why)
			*why = "MeCab's dictionary is not in UTF-8 (install mecab-ipadic-utf8)";
		api.mecab_destroy(m);
		return MED_ERR_SYNTH;
	}
	for (size_t i = 0; i < n; i++) {
		const char *r;
		char *copy;
		size_t len;

		if (!texts[i] || !texts[i][0])
			continue;
		r = api.mecab_sparse_tostr(m, texts[i]);
		if (!r)
			continue; /* a text MeCab cannot parse is spoken as written */
		len = strlen(r);
		while (len && (r[len - 1] == '\n' || r[len - 1] == '\r'))
			len--;
		if (!len)
			continue;
		copy = malloc(len + 1);
		if (!copy) {
			api.mecab_destroy(m);
			return MED_ERR_NOMEM;
		}
		memcpy(copy, r, len);
		copy[len] = 0;
		free(texts[i]);
		texts[i] = copy;
	}
	api.mecab_destroy(m);
	return MED_OK;
}
