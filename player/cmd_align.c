/*
 * cmd_align.c: `tsync align AUDIO TRANSCRIPT [--translation FILE] [--audio-lang LANG]
 * [--lang LANG] [--translation-lang LANG] [--preset netflix|bbc] [--verbose] [--quiet]
 * -o PROJECT.json`, and `tsync align AUDIO --subtitles FILE [--translation FILE] ...`,
 * which re-times existing subtitles (pl_align_subs.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pl_align.h"
#include "pl_align_subs.h"
#include "pl_cmd.h"
#include "sub_format.h"
#include "sub_preset.h"
#include "sub_segment.h"
#include "sub_text.h"
#include "sub_transcript.h"

static void align_usage(FILE *f)
{
	fprintf(f,
	        "usage: tsync align AUDIO TRANSCRIPT [--translation FILE] [--audio-lang LANG]\n"
	        "                   [--speakers A,B] [--lang LANG] [--translation-lang LANG]\n"
	        "                   [--preset netflix|bbc] [--force] [--verbose] [--quiet]\n"
	        "                   -o PROJECT.json\n"
	        "       tsync align AUDIO --subtitles FILE [--translation FILE] [--audio-lang "
	        "LANG]\n"
	        "                   [--verbose] [--quiet] -o PROJECT.json\n"
	        "Aligns the transcript (and its translation) to the audio and writes a timed\n"
	        "project. With --subtitles, re-times existing subtitles (SRT, VTT, ASS, ...) to\n"
	        "the audio, keeping their cues. Exit status: 0 aligned, 1 bad input, 2 bad usage,\n"
	        "3 the transcript does not belong to the audio (--force writes the project all\n"
	        "the same, with a warning). TRANSCRIPT may also be a tsync project (JSON), whose\n"
	        "cues are aligned again as they are.\n");
}

/*
 * The language of a text written mostly in a script that one language (among those
 * espeak-ng speaks) owns: Cyrillic (Russian; Ukrainian when its own letters appear),
 * Greek, Hebrew, Arabic (Persian with its own letters), Devanagari (Hindi), Bengali,
 * Tamil, Thai, Georgian, Armenian, Hangul (Korean). NULL when Latin or Han letters win.
 */
static const char *script_lang(const struct sub_project *p)
{
	static const struct {
		uint32_t lo, hi;
		const char *lang;
	} scripts[] = {
	        {0x0400, 0x04FF, "ru"}, {0x0370, 0x03FF, "el"}, {0x0590, 0x05FF, "he"},
	        {0x0600, 0x06FF, "ar"}, {0x0900, 0x097F, "hi"}, {0x0980, 0x09FF, "bn"},
	        {0x0B80, 0x0BFF, "ta"}, {0x0E00, 0x0E7F, "th"}, {0x10A0, 0x10FF, "ka"},
	        {0x0530, 0x058F, "hy"}, {0xAC00, 0xD7AF, "ko"}, {0x1100, 0x11FF, "ko"},
	};
	enum { N = sizeof(scripts) / sizeof(scripts[0]) };
	size_t count[N] = {0}, letters = 0, ukr = 0, per = 0, budget = 200000, best = 0;

	for (size_t t = 0; t < p->n_turns && budget; t++) {
		const char *s = p->turns[t].text[0];
		size_t len = s ? strlen(s) : 0, i = 0;
		while (i < len && budget) {
			uint32_t cp = sub_utf8_next(s, len, &i);
			budget--;
			if (cp < 0x80 ? !((cp | 32) >= 'a' && (cp | 32) <= 'z') : cp < 0xC0)
				continue;
			letters++;
			for (size_t k = 0; k < N; k++)
				if (cp >= scripts[k].lo && cp <= scripts[k].hi) {
					count[k]++;
					break;
				}
			/* Ukrainian і ї є ґ; Persian پ چ ژ گ */
			ukr += cp == 0x0456 || cp == 0x0457 || cp == 0x0454 || cp == 0x0491;
			per += cp == 0x067E || cp == 0x0686 || cp == 0x0698 || cp == 0x06AF;
		}
	}
	for (size_t k = 1; k < N; k++)
		if (count[k] > count[best])
			best = k;
	if (!letters || count[best] * 2 < letters)
		return NULL;
	if (!strcmp(scripts[best].lang, "ru") && ukr * 200 > count[best])
		return "uk";
	if (!strcmp(scripts[best].lang, "ar") && per * 200 > count[best])
		return "fa";
	return scripts[best].lang;
}

/*
 * The transcript reader tells Chinese from the rest only; speech synthesis needs the
 * language itself. A Latin-script text is scored by its most common short words in each
 * language espeak-ng speaks well, and kana mark Japanese. Returns a language code or NULL
 * (keep the reader's guess).
 */
static const char *refine_lang(const struct sub_project *p)
{
	static const struct {
		const char *lang;
		const char *words;
	} stop[] = {
	        {"en", " the and of to is that it you in we was for this have are not "},
	        {"fr", " le la les et est que des un une je vous pas il nous dans pour qui "},
	        {"de", " der die das und ist nicht ich sie es ein eine zu wir mit auf dass "},
	        {"es", " el los las que y es en un una por no se con para lo del "},
	        {"it", " il che di non un una per sono con gli della anche come "},
	        {"pt", " o os que e de não um uma para com se do da em são "},
	        {"nl", " de het een en is dat niet van ik je we zijn met voor "},
	        {"pl", " i w na nie to jest że się z do co jak ale o tak "},
	        {"cs", " a je to v se na že s z do jsem ale jak o jsou "},
	        {"sv", " och att det är som en på för med har jag inte av "},
	        {"da", " og at det er en til på som de med for ikke jeg har "},
	        {"nb", " og i det er som en på til å ikke for med har jeg "},
	        {"fi", " ja on ei se että oli hän mutta kun niin ovat "},
	        {"tr", " ve bir bu da de için ile çok ama ne o ben değil "},
	        {"ro", " și în de la nu că o un cu se pe este sunt "},
	        {"hu", " a az és hogy nem egy is van de meg volt "},
	        {"id", " dan yang di ini itu dengan untuk tidak ada saya ke dari "},
	        {"vi", " và của là có không những một người được trong cho này "},
	        {"ca", " i el la els de que no és per amb una les "},
	};
	size_t counts[sizeof(stop) / sizeof(stop[0])] = {0}, kana = 0, letters = 0, best = 0;
	char word[32];
	size_t wl = 0, budget = 200000;
	const char *script = script_lang(p);

	if (script)
		return script;

	for (size_t t = 0; t < p->n_turns && budget; t++) {
		const char *s = p->turns[t].text[0];
		if (!s)
			continue;
		for (size_t i = 0;; i++) {
			unsigned char ch = (unsigned char)s[i];
			if (ch == 0xE3 && (unsigned char)s[i + 1] >= 0x81 &&
			    (unsigned char)s[i + 1] <= 0x83)
				kana++;
			if (ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
				letters += (ch & 0xC0) != 0x80;
				if (wl < sizeof(word) - 3)
					word[wl++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
			} else if (wl) {
				char key[36];
				word[wl] = 0;
				snprintf(key, sizeof(key), " %s ", word);
				for (size_t l = 0; l < sizeof(stop) / sizeof(stop[0]); l++)
					if (strstr(stop[l].words, key))
						counts[l]++;
				wl = 0;
			}
			if (!ch || !--budget)
				break;
		}
	}
	if (letters && kana * 10 > letters)
		return "ja";
	for (size_t l = 1; l < sizeof(stop) / sizeof(stop[0]); l++)
		if (counts[l] > counts[best])
			best = l;
	if (best != 0 && counts[best] >= 10 && counts[best] * 2 > counts[0] * 3)
		return stop[best].lang;
	return NULL;
}

/* Splits "A,B" into at most max names (pointers into buf, which is modified). */
static size_t split_names(char *buf, const char **names, size_t max)
{
	size_t n = 0;
	for (char *s = buf; s && *s && n < max;) {
		char *comma = strchr(s, ',');
		if (comma)
			*comma = 0;
		if (*s)
			names[n++] = s;
		s = comma ? comma + 1 : NULL;
	}
	return n;
}

/* Nonzero when path holds a tsync project, not a transcript: the project JSON driver's
 * own probe decides, on the file's first 4 KiB. */
static int is_project_file(const char *path)
{
	char head[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return sub_format_json.probe(head, n) >= 100;
}

static int read_transcript(const char *path, const char *lang, const char *speakers,
                           struct sub_project **out)
{
	struct sub_transcript_opts o;
	struct sub_error err;
	char msg[1024], names_buf[1024];
	const char *names[32];
	int r;

	memset(&o, 0, sizeof(o));
	o.lang = lang;
	if (speakers) {
		snprintf(names_buf, sizeof(names_buf), "%s", speakers);
		o.n_speakers = split_names(names_buf, names, sizeof(names) / sizeof(names[0]));
		o.speakers = o.n_speakers ? names : NULL;
	}
	memset(&err, 0, sizeof(err));
	if (is_project_file(path))
		r = sub_project_read_json_file(path, out, &err);
	else
		r = sub_transcript_read_file(path, &o, out, &err);
	if (r != SUB_OK) {
		sub_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "tsync align: %s\n", msg[0] ? msg : sub_strerror(r));
		if (!strstr(msg, path))
			fprintf(stderr, "tsync align: %s: %s\n", path, sub_strerror(r));
		return 1;
	}
	if (!lang && (*out)->n_langs == 1 &&
	    (!strcmp((*out)->lang[0], "en") || !strcmp((*out)->lang[0], "zh"))) {
		/* The reader's "zh" may be Japanese (kana among the Han) or Korean (Hangul). */
		const char *better = refine_lang(*out);
		if (better && (!strcmp((*out)->lang[0], "en") || !strcmp(better, "ja") ||
		               !strcmp(better, "ko")))
			snprintf((*out)->lang[0], SUB_LANG_LEN, "%s", better);
	}
	return 0;
}

int pl_cmd_align(int argc, char **argv)
{
	const char *audio = NULL, *transcript = NULL, *translation = NULL, *output = NULL;
	const char *subtitles = NULL;
	const char *text_lang = NULL, *tr_lang = NULL, *speakers = NULL;
	const struct sub_preset *preset = sub_preset_default();
	struct pl_align_opts opts;
	struct sub_project *p = NULL, *tr = NULL;
	struct sub_error err;
	char msg[1024];
	int quiet = 0, ret = 1, r;

	memset(&opts, 0, sizeof(opts));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			align_usage(stdout);
			return 0;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (++i >= argc)
				goto usage;
			output = argv[i];
		} else if (!strcmp(a, "--translation")) {
			if (++i >= argc)
				goto usage;
			translation = argv[i];
		} else if (!strcmp(a, "--subtitles")) {
			if (++i >= argc)
				goto usage;
			subtitles = argv[i];
		} else if (!strcmp(a, "--lang")) {
			if (++i >= argc)
				goto usage;
			text_lang = argv[i];
		} else if (!strcmp(a, "--speakers")) {
			if (++i >= argc)
				goto usage;
			speakers = argv[i];
		} else if (!strcmp(a, "--translation-lang")) {
			if (++i >= argc)
				goto usage;
			tr_lang = argv[i];
		} else if (!strcmp(a, "--audio-lang")) {
			if (++i >= argc)
				goto usage;
			opts.audio_lang = argv[i];
		} else if (!strcmp(a, "--preset")) {
			if (++i >= argc)
				goto usage;
			preset = sub_preset_by_name(argv[i]);
			if (!preset) {
				fprintf(stderr, "tsync align: unknown preset '%s' (netflix, bbc)\n",
				        argv[i]);
				return 2;
			}
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			opts.verbose = 1;
		} else if (!strcmp(a, "--force")) {
			opts.force = 1;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "tsync align: unknown option '%s'\n", a);
			goto usage;
		} else if (!audio) {
			audio = a;
		} else if (!transcript) {
			transcript = a;
		} else {
			goto usage;
		}
	}
	if (!audio || !output || !transcript == !subtitles)
		goto usage;
	opts.progress = !quiet;
	opts.preset = preset;
	opts.log = stderr;

	if (subtitles) {
		/* The cues are the subtitles' own: no transcript reading, no segmenting. */
		ret = pl_align_subtitles(audio, subtitles, translation, &opts, &p);
		if (ret != 0)
			goto out_free;
		goto write;
	}

	if (read_transcript(transcript, text_lang, speakers, &p))
		goto out_free;
	if (translation) {
		if (read_transcript(translation, tr_lang, NULL, &tr))
			goto out_free;
		memset(&err, 0, sizeof(err));
		r = sub_project_add_translation(p, tr, &err);
		if (r != SUB_OK) {
			sub_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "tsync align: %s and %s do not pair: %s\n", transcript,
			        translation, msg[0] ? msg : sub_strerror(r));
			goto out_free;
		}
	}
	/* A project read back keeps its cues (and the edits made to them); a transcript
	 * is split into cues here. */
	r = sub_project_cue_count(p) && !translation ? SUB_OK : sub_segment_project(p, preset);
	if (r != SUB_OK) {
		fprintf(stderr, "tsync align: cannot split the transcript into cues: %s\n",
		        sub_strerror(r));
		goto out_free;
	}
	ret = pl_align_project(p, audio, &opts);
	if (ret != 0)
		goto out_free;
write:
	memset(&err, 0, sizeof(err));
	r = sub_project_write_json_file(p, output, 0, &err);
	if (r != SUB_OK) {
		sub_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "tsync align: cannot write %s: %s\n", output,
		        msg[0] ? msg : sub_strerror(r));
		ret = 1;
		goto out_free;
	}
	if (opts.verbose)
		fprintf(stderr, "tsync align: wrote %s (%zu turns, %zu cues)\n", output, p->n_turns,
		        sub_project_cue_count(p));
out_free:
	sub_project_free(tr);
	sub_project_free(p);
	return ret;
usage:
	align_usage(stderr);
	return 2;
}
