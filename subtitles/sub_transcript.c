/*
 * sub_transcript.c: plain-text interview transcripts into a project.
 *
 * The reader decodes the whole buffer to UTF-8 first (sub_transcript_decode), cuts it into
 * trimmed lines, decides the layout by looking at every line (speaker lines, "Name: text"
 * lines or plain paragraphs) and then walks the lines once to build turns.
 */
#include "sub_transcript.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sub_io.h"
#include "sub_text.h"

#define MAX_LINES ((size_t)4 * 1024 * 1024)
#define MAX_TURN_BYTES ((size_t)8 * 1024 * 1024)
#define MAX_TURNS ((size_t)500000)
#define MAX_REMARKS ((size_t)100000)
#define NAME_MAX_CPS 24
#define NAME_MAX_WORDS 4

/* ---------------------------------------------------------------------------------- */
/* Decoding */

/* Line (1-based) and column (1-based, in bytes) of byte offset off in raw input. */
static void raw_position(const char *buf, size_t off, int *line, int *col)
{
	long l = 1;
	size_t start = 0;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 >= off || buf[i + 1] != '\n'))) {
			l++;
			start = i + 1;
		}
	}
	*line = l > INT32_MAX ? INT32_MAX : (int)l;
	*col = (int)((off - start + 1) > INT32_MAX ? INT32_MAX : (off - start + 1));
}

static size_t utf8_first_invalid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		uint32_t cp = sub_utf8_next(s, len, &j);
		/* sub_utf8_next accepts overlongs and surrogates; recheck strictly */
		if ((cp == 0xFFFD && !sub_utf8_valid(s + i, j - i)) ||
		    !sub_utf8_valid(s + i, j - i))
			return i;
		i = j;
	}
	return len;
}

/*
 * Converts in[0..len) from code to UTF-8 into a new buffer. Returns SUB_OK, or
 * SUB_ERR_ENCODING with *bad set to the offset of the first byte it could not convert.
 */
static int iconv_strict(const char *code, const char *in, size_t len, char **out, size_t *out_len,
                        size_t *bad)
{
	*out = NULL;
	*out_len = 0;
	*bad = 0;
	if (len > (SIZE_MAX - 16) / 2)
		return SUB_ERR_TOO_BIG;
	size_t cap = 2 * len + 16;
	char *o = malloc(cap);
	if (!o)
		return SUB_ERR_NOMEM;
	iconv_t cd = iconv_open("UTF-8", code);
	if (cd == (iconv_t)-1) {
		free(o);
		return SUB_ERR_ENCODING;
	}
	char *ip = (char *)(uintptr_t)in, *op = o;
	size_t il = len, ol = cap - 1;
	int rc = SUB_OK;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		rc = errno == ENOMEM || errno == E2BIG ? SUB_ERR_NOMEM : SUB_ERR_ENCODING;
		*bad = (size_t)(ip - in);
	} else if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1) {
		rc = SUB_ERR_ENCODING;
		*bad = len;
	}
	iconv_close(cd);
	if (rc) {
		free(o);
		return rc;
	}
	*op = 0;
	*out = o;
	*out_len = (size_t)(op - o);
	return SUB_OK;
}

/*
 * A bitmap over U+4E00..U+9FFF of the common Han characters: GB2312 level 1 (the 3755
 * most used simplified characters) and Big5 level 1 (the 5401 common traditional ones),
 * found by decoding those byte ranges with iconv itself, so no table is kept in the source.
 */
#define HAN_BASE 0x4E00
#define HAN_COUNT (0xA000 - 0x4E00)
static int common_han_map(unsigned char *map)
{
	memset(map, 0, HAN_COUNT / 8);
	static const struct {
		const char *code;
		unsigned lead_lo, lead_hi, lead_last_trail;
	} sets[] = {{"GB2312", 0xB0, 0xD7, 0xF9}, {"BIG5", 0xA4, 0xC6, 0x7E}};
	for (size_t s = 0; s < 2; s++) {
		size_t n = (sets[s].lead_hi - sets[s].lead_lo + 1) * 2 * 191;
		char *in = malloc(n), *out = NULL;
		if (!in)
			return SUB_ERR_NOMEM;
		size_t k = 0;
		for (unsigned lead = sets[s].lead_lo; lead <= sets[s].lead_hi; lead++) {
			for (unsigned tr = 0x40; tr <= 0xFE; tr++) {
				if (s == 0 && tr < 0xA1)
					continue; /* EUC-CN trails are A1..FE */
				if (s == 1 && tr > 0x7E && tr < 0xA1)
					continue;
				if (lead == sets[s].lead_hi && tr > sets[s].lead_last_trail &&
				    (s == 0 || tr >= 0xA1))
					continue;
				in[k++] = (char)lead;
				in[k++] = (char)tr;
			}
		}
		/* all at once; pair by pair only if a hole in the table stops that */
		size_t olen = 0, bad = 0;
		if (!iconv_strict(sets[s].code, in, k, &out, &olen, &bad)) {
			for (size_t at = 0; at < olen;) {
				uint32_t cp = sub_utf8_next(out, olen, &at);
				if (cp >= HAN_BASE && cp < HAN_BASE + HAN_COUNT)
					map[(cp - HAN_BASE) / 8] |=
					        (unsigned char)(1u << ((cp - HAN_BASE) % 8));
			}
			free(in);
			free(out);
			out = NULL;
			continue;
		}
		iconv_t cd = iconv_open("UTF-8", sets[s].code);
		if (cd == (iconv_t)-1) {
			free(in);
			continue;
		}
		for (size_t p = 0; p + 1 < k; p += 2) {
			char o[8];
			char *ip = in + p, *op = o;
			size_t il = 2, ol = sizeof(o);
			if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
				iconv(cd, NULL, NULL, NULL, NULL);
				continue;
			}
			size_t at = 0;
			uint32_t cp = sub_utf8_next(o, (size_t)(op - o), &at);
			if (cp >= HAN_BASE && cp < HAN_BASE + HAN_COUNT)
				map[(cp - HAN_BASE) / 8] |=
				        (unsigned char)(1u << ((cp - HAN_BASE) % 8));
		}
		iconv_close(cd);
		free(in);
		free(out);
	}
	return SUB_OK;
}

/* Share of the non-ASCII characters of a decoded text that are common Han characters or
 * usual CJK punctuation, in thousandths. */
static int plausibility(const char *s, size_t len, const unsigned char *map)
{
	size_t total = 0, good = 0, i = 0;
	while (i < len) {
		uint32_t cp = sub_utf8_next(s, len, &i);
		if (cp < 0x80)
			continue;
		total++;
		if (cp >= HAN_BASE && cp < HAN_BASE + HAN_COUNT) {
			if (map[(cp - HAN_BASE) / 8] & (1u << ((cp - HAN_BASE) % 8)))
				good++;
		} else if ((cp >= 0x3000 && cp <= 0x3011) || (cp >= 0xFF01 && cp <= 0xFF1F) ||
		           cp == 0x2014 || cp == 0x2026 || (cp >= 0x2018 && cp <= 0x201D) ||
		           cp == 0xB7) {
			good++;
		}
	}
	return total ? (int)(good * 1000 / total) : 0;
}

/* Replaces CRLF and lone CR by LF in place; returns the new length. */
static size_t normalize_eol(char *s, size_t len)
{
	size_t w = 0;
	for (size_t r = 0; r < len; r++) {
		if (s[r] == '\r') {
			s[w++] = '\n';
			if (r + 1 < len && s[r + 1] == '\n')
				r++;
		} else {
			s[w++] = s[r];
		}
	}
	s[w] = 0;
	return w;
}

/*
 * UTF-16 without a byte order mark, as some Windows tools write it: mostly ASCII text has a
 * zero byte in every other place. Returns -1 for little-endian, 1 for big-endian, 0 when
 * the bytes do not look so.
 */
static int utf16_without_bom(const unsigned char *u, size_t len)
{
	if (len < 4 || len % 2)
		return 0;
	size_t zero_even = 0, zero_odd = 0;
	for (size_t i = 0; i < len; i += 2) {
		zero_even += u[i] == 0;
		zero_odd += u[i + 1] == 0;
	}
	size_t units = len / 2;
	if (zero_odd * 10 >= units * 6 && zero_even * 50 <= units)
		return -1;
	if (zero_even * 10 >= units * 6 && zero_odd * 50 <= units)
		return 1;
	return 0;
}

int sub_transcript_decode(const char *buf, size_t len, char **out, size_t *out_len,
                          const char **enc_name, struct sub_error *err)
{
	if (!out || !out_len || (!buf && len))
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no input");
	*out = NULL;
	*out_len = 0;
	if (enc_name)
		*enc_name = "UTF-8";
	if (len > SUB_TRANSCRIPT_MAX_BYTES)
		return sub_error_set(err, SUB_ERR_TOO_BIG, 0, 0,
		                     "the transcript is larger than %zu bytes",
		                     SUB_TRANSCRIPT_MAX_BYTES);
	const unsigned char *u = (const unsigned char *)buf;
	const char *enc = "UTF-8";
	char *text = NULL;
	size_t tlen = 0;
	int rc;
	int bom16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
	int nobom16 = bom16 ? 0 : utf16_without_bom(u, len);
	if (bom16 || nobom16) {
		size_t skip = bom16 ? 2 : 0;
		enc = (bom16 ? u[0] == 0xFF : nobom16 < 0) ? "UTF-16LE" : "UTF-16BE";
		size_t bad;
		rc = iconv_strict(enc, buf + skip, len - skip, &text, &tlen, &bad);
		if (rc == SUB_ERR_ENCODING) {
			/* count the lines decoded before the bad unit */
			char *part = NULL;
			size_t plen = 0, b2;
			int line = 1;
			if (!iconv_strict(enc, buf + skip, bad & ~(size_t)1, &part, &plen, &b2)) {
				for (size_t i = 0; i < plen; i++)
					line += part[i] == '\n' ||
					        (part[i] == '\r' &&
					         (i + 1 >= plen || part[i + 1] != '\n'));
				free(part);
			}
			return sub_error_set(
			        err, rc, line, 0,
			        "invalid %s (byte offset %zu): a broken code unit or a "
			        "lone surrogate",
			        enc, bad + skip);
		}
		if (rc)
			return sub_error_set(err, rc, 0, 0, "%s", sub_strerror(rc));
	} else {
		size_t skip = (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
		size_t bad = utf8_first_invalid(buf + skip, len - skip);
		if (bad == len - skip) {
			text = malloc(len - skip + 1);
			if (!text)
				return sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
			if (len - skip)
				memcpy(text, buf + skip, len - skip);
			tlen = len - skip;
			text[tlen] = 0;
		} else if (skip) {
			int line, col;
			raw_position(buf, skip + bad, &line, &col);
			return sub_error_set(
			        err, SUB_ERR_ENCODING, line, col,
			        "invalid UTF-8 (byte 0x%02X) in a file that starts with "
			        "a UTF-8 byte order mark",
			        u[skip + bad]);
		} else {
			/* not UTF-8: try the Chinese legacy encodings and keep the plausible one */
			static const char *const cand[2] = {"GB18030", "BIG5"};
			char *dec[2] = {NULL, NULL};
			size_t dlen[2] = {0, 0}, dbad[2] = {0, 0};
			int score[2] = {-1, -1};
			unsigned char *map = malloc(HAN_COUNT / 8);
			if (!map || common_han_map(map)) {
				free(map);
				return sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
			}
			for (int c = 0; c < 2; c++) {
				rc = iconv_strict(cand[c], buf, len, &dec[c], &dlen[c], &dbad[c]);
				if (rc == SUB_ERR_NOMEM || rc == SUB_ERR_TOO_BIG) {
					free(dec[0]);
					free(map);
					return sub_error_set(err, rc, 0, 0, "%s", sub_strerror(rc));
				}
				if (!rc)
					score[c] = plausibility(dec[c], dlen[c], map);
			}
			free(map);
			int best = score[0] >= score[1] ? 0 : 1;
			int other = 1 - best;
			int line, col;
			if (score[best] < 0) {
				size_t far = bad > dbad[0] ? bad : dbad[0], high = 0;
				far = far > dbad[1] ? far : dbad[1];
				if (far >= len)
					far = bad;
				for (size_t i = 0; i < len; i++)
					high += u[i] >= 0x80;
				/* mostly ASCII: a Western legacy encoding, whose first byte
				 * above ASCII is the one to show (Word's "’" is 0x92) */
				int western = high * 4 < len;
				if (western)
					far = bad;
				raw_position(buf, far, &line, &col);
				rc = sub_error_set(
				        err, SUB_ERR_ENCODING, line, col,
				        "cannot decode byte 0x%02X: the text is not UTF-8, "
				        "GB18030 or Big5%s",
				        far < len ? u[far] : 0,
				        western ? "; if it is in a Western encoding (Windows-1252, "
				                  "ISO-8859-1), convert it to UTF-8 first (iconv "
				                  "-f "
				                  "WINDOWS-1252 -t UTF-8)"
				                : "");
			} else if (score[best] < 500 ||
			           (score[other] >= 0 && score[best] - score[other] < 150)) {
				raw_position(buf, bad, &line, &col);
				rc = sub_error_set(
				        err, SUB_ERR_ENCODING, line, col,
				        "cannot decide the text encoding: byte 0x%02X is not "
				        "UTF-8, and the text reads as GB18030 (%d%% common "
				        "characters) and as Big5 (%d%%) alike; convert it to "
				        "UTF-8 first (iconv -f ENCODING -t UTF-8)",
				        u[bad], score[0] < 0 ? 0 : score[0] / 10,
				        score[1] < 0 ? 0 : score[1] / 10);
			} else {
				rc = SUB_OK;
				enc = best == 0 ? "GB18030" : "BIG5";
				text = dec[best];
				tlen = dlen[best];
				dec[best] = NULL;
			}
			free(dec[0]);
			free(dec[1]);
			if (rc)
				return rc;
		}
	}
	tlen = normalize_eol(text, tlen);
	/* a BOM decoded from UTF-16 comes out as U+FEFF: drop it */
	if (tlen >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		memmove(text, text + 3, tlen - 3 + 1);
		tlen -= 3;
	}
	/* control characters other than tab and form feed mean this is not text */
	int line = 1;
	for (size_t i = 0; i < tlen; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			line++;
		} else if ((c < 0x20 && c != '\t' && c != '\f' && c != '\v' &&
		            !(c == 0x1A && i + 1 == tlen)) ||
		           c == 0x7F) {
			free(text);
			return sub_error_set(err, SUB_ERR_PARSE, line, 0,
			                     "control character 0x%02X: this looks like a binary "
			                     "file, not a transcript",
			                     c);
		}
	}
	if (tlen && text[tlen - 1] == 0x1A)
		text[--tlen] = 0;
	*out = text;
	*out_len = tlen;
	if (enc_name)
		*enc_name = enc;
	return SUB_OK;
}

/* ---------------------------------------------------------------------------------- */
/* Lines and their kinds */

enum line_kind {
	L_BLANK,
	L_TEXT,
	L_MDHEAD,  /* "# title" */
	L_NUMHEAD, /* "1. title" (a heading only in front of a speaker) */
	L_SPEAKER, /* a speaker's name alone */
	L_COLON,   /* "Name: text" */
	L_PLACE,   /* an image placeholder or a separator */
};

struct tline {
	size_t off, len; /* trimmed content in the decoded text */
	size_t name_len; /* speaker lines and "Name:" lines: bytes of the name at off + name_skip */
	size_t name_skip; /* Markdown emphasis before the name ("**Host:**") */
	int64_t stamp_ms; /* the time stamp on a speaker line ("Host (00:01:23):"), -1 none */
	size_t body_off; /* "Name: text": where the text starts */
	int kind;
	int cand;     /* a possible speaker line / colon line (before the layout test) */
	int note;     /* an L_PLACE line that is an editor's or translator's note */
	long name_id; /* index into the name table, -1 none */
};

struct name_tab {
	size_t *slot; /* 1 + index into names, 0 empty */
	size_t n_slot;
	struct {
		const char *s;
		size_t len;
		size_t count_alone, count_colon;
		size_t first_line;
	} * names;
	size_t n, cap;
};

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static long name_find(struct name_tab *t, const char *s, size_t n, int add)
{
	if (!t->n_slot)
		return -1;
	size_t h = (size_t)(fnv(s, n) % t->n_slot);
	for (;;) {
		size_t v = t->slot[h];
		if (!v)
			break;
		if (t->names[v - 1].len == n && !memcmp(t->names[v - 1].s, s, n))
			return (long)(v - 1);
		h = (h + 1) % t->n_slot;
	}
	if (!add || t->n + 1 >= t->n_slot / 2)
		return -1;
	void *arr = t->names;
	if (sub_grow(&arr, &t->cap, t->n + 1, sizeof(*t->names)))
		return -2;
	t->names = arr;
	memset(&t->names[t->n], 0, sizeof(*t->names));
	t->names[t->n].s = s;
	t->names[t->n].len = n;
	t->slot[h] = ++t->n;
	return (long)(t->n - 1);
}

static int is_trim_space(uint32_t cp)
{
	return sub_cp_is_space(cp) || cp == 0x200B;
}

/* Trims whitespace (with U+3000, NBSP, zero-width space) from both ends of s[*off..+*len). */
static void trim(const char *s, size_t *off, size_t *len)
{
	size_t b = *off, e = *off + *len;
	while (b < e) {
		size_t j = b;
		if (!is_trim_space(sub_utf8_next(s, e, &j)))
			break;
		b = j;
	}
	while (e > b) {
		size_t k = e - 1;
		while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		size_t j = k;
		if (!is_trim_space(sub_utf8_next(s, e, &j)))
			break;
		e = k;
	}
	*off = b;
	*len = e - b;
}

/* Could s[0..n) be a speaker's name: short, a letter in it, no punctuation but . - ' · () */
static int name_like(const char *s, size_t n)
{
	/* (a remark in brackets, "(In Beijing.)", is no name; "Wang Jian (Aliyun)" is) */
	if (!n || n > NAME_MAX_CPS * 4 || s[0] == '(' || !memcmp(s, "\uff08", n < 3 ? n : 3))
		return 0;
	size_t i = 0, cps = 0, words = 1;
	int letter = 0, prev_space = 0;
	while (i < n) {
		uint32_t cp = sub_utf8_next(s, n, &i);
		cps++;
		if (cp == ' ' || cp == 0x3000 || cp == 0xA0) {
			if (!prev_space)
				words++;
			prev_space = 1;
			continue;
		}
		prev_space = 0;
		if (cp < 0x80) {
			if (isalpha((int)cp))
				letter = 1;
			else if (!isdigit((int)cp) && !strchr(".-'()_&", (int)cp))
				return 0;
		} else if (cp == 0xB7 || cp == 0x30FB || cp == 0xFF08 || cp == 0xFF09 ||
		           cp == 0x2019) {
			continue;
		} else if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
		           (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
		           (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
		           cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || cp < 0xC0) {
			return 0;
		} else {
			letter = 1;
		}
	}
	/* "1." or "2)" starts a numbered heading or list, not a name */
	if (isdigit((unsigned char)s[0])) {
		size_t k = 0;
		while (k < n && isdigit((unsigned char)s[k]))
			k++;
		if (k < n && (s[k] == '.' || s[k] == ')'))
			return 0;
	}
	if (s[n - 1] == '.')
		return 0; /* "Hi.", "Thanks." end a sentence; names do not */
	return letter && cps <= NAME_MAX_CPS && words <= NAME_MAX_WORDS;
}

int sub_transcript_name_like(const char *s, size_t n)
{
	return s && name_like(s, n);
}

/* The line (1-based) where text[0..n) shows itself an HTML page: "<!DOCTYPE html",
 * "<html" or "<body" as its first tag, or three paragraph or line-break tags ("<p>",
 * "</p>", "<br", "<div") in its first 16 KiB; 0 when it does not. A transcript that
 * quotes a tag or two is not one. */
static int html_like(const char *text, size_t n)
{
	size_t i = 0, lim = n < 16384 ? n : 16384;
	int line = 1, tags = 0, first = 0;
	while (i < lim && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
	                   text[i] == '\n' || text[i] == '\f'))
		line += text[i++] == '\n';
	if (i < lim && text[i] == '<') {
		static const char *const heads[] = {"<!doctype html", "<html", "<body", "<head"};
		for (size_t k = 0; k < sizeof(heads) / sizeof(heads[0]); k++)
			if (lim - i >= strlen(heads[k]) &&
			    !strncasecmp(text + i, heads[k], strlen(heads[k])))
				return line;
	}
	for (; i < lim; i++) {
		line += text[i] == '\n';
		if (text[i] != '<')
			continue;
		if (!strncasecmp(text + i, "<p>", 3) || !strncasecmp(text + i, "</p>", 4) ||
		    !strncasecmp(text + i, "<br", 3) || !strncasecmp(text + i, "<div", 4) ||
		    !strncasecmp(text + i, "<p ", 3)) {
			first = first ? first : line;
			if (++tags == 3)
				return first;
		}
	}
	return 0;
}

/* The character of the entity at s[0..n) ("&amp;", "&#8217;", "&#x2019;", "&rsquo;"), its
 * bytes in *len; 0 when s holds none this reader knows. */
static uint32_t html_entity(const char *s, size_t n, size_t *len)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} names[] = {
	        {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
	        {"apos", '\''},     {"nbsp", ' '},     {"rsquo", 0x2019}, {"lsquo", 0x2018},
	        {"rdquo", 0x201D},  {"ldquo", 0x201C}, {"mdash", 0x2014}, {"ndash", 0x2013},
	        {"hellip", 0x2026}, {"middot", 0xB7},  {"laquo", 0xAB},   {"raquo", 0xBB},
	        {"copy", 0xA9},     {"eacute", 0xE9},  {"egrave", 0xE8},  {"agrave", 0xE0},
	        {"uuml", 0xFC},     {"ouml", 0xF6},    {"auml", 0xE4},    {"ccedil", 0xE7},
	};
	size_t e = 1;
	while (e < n && e < 12 && s[e] != ';' && s[e] != '&' && s[e] != ' ')
		e++;
	if (e >= n || s[e] != ';')
		return 0;
	*len = e + 1;
	if (s[1] == '#') {
		unsigned long v = 0;
		int hex = s[2] == 'x' || s[2] == 'X';
		size_t i = hex ? 3 : 2;
		if (i >= e)
			return 0;
		for (; i < e; i++) {
			int c = (unsigned char)s[i];
			int d = isdigit(c)           ? c - '0'
			        : hex && isxdigit(c) ? (tolower(c) - 'a' + 10)
			                             : -1;
			if (d < 0 || v > 0x10FFFF)
				return 0;
			v = v * (hex ? 16 : 10) + (unsigned long)d;
		}
		return v && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF) ? (uint32_t)v : 0;
	}
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strlen(names[k].name) == e - 1 && !memcmp(s + 1, names[k].name, e - 1))
			return names[k].cp;
	return 0;
}

/* Appends src to the line map (*lines, *nl of *cap); on failure frees it and returns
 * SUB_ERR_NOMEM. */
static int line_at(int **lines, size_t *cap, size_t *nl, int src)
{
	void *arr = *lines;
	if (sub_grow(&arr, cap, *nl + 1, sizeof(int))) {
		free(*lines);
		*lines = NULL;
		return SUB_ERR_NOMEM;
	}
	*lines = arr;
	(*lines)[(*nl)++] = src;
	return SUB_OK;
}

/*
 * An HTML page as the plain text this reader takes: the text of the body, each paragraph,
 * heading ("# " before it), list item, table row or line break on a line of its own, runs
 * of blanks as one space, entities decoded, an image as "[image]"; the head, scripts,
 * styles and comments left out. *line_of gets, for each line of the text, the line of the
 * page it starts on (1-based), so messages name the page's lines. Returns SUB_OK or
 * SUB_ERR_NOMEM.
 */
static int html_to_text(const char *in, size_t n, char **out, size_t *out_len, int **line_of,
                        size_t *n_line_of)
{
	static const char *const blocks[] = {
	        "p",       "div",     "br",     "li",     "ul", "ol",  "tr", "table", "blockquote",
	        "section", "article", "header", "footer", "hr", "pre", "dd", "dt",    "figcaption",
	        "body",    "h1",      "h2",     "h3",     "h4", "h5",  "h6",
	};
	static const char *const skips[] = {"script", "style", "head", "title", "noscript"};
	struct sub_buf b = {0};
	size_t cap = 0, nl = 0;
	int *lines = NULL, src = 1, line_open = 0, space = 0;

	for (size_t i = 0; i < n;) {
		char c = in[i];
		if (c == '<') {
			if (i + 4 <= n && !memcmp(in + i, "<!--", 4)) {
				size_t j = i + 4;
				while (j + 3 <= n && memcmp(in + j, "-->", 3))
					src += in[j++] == '\n';
				i = j + 3 <= n ? j + 3 : n;
				continue;
			}
			size_t j = i + 1, t0, t1;
			int closing = j < n && in[j] == '/';
			j += closing;
			t0 = j;
			while (j < n && (isalnum((unsigned char)in[j])))
				j++;
			t1 = j;
			while (j < n && in[j] != '>')
				src += in[j++] == '\n';
			i = j < n ? j + 1 : n;
			char name[16];
			size_t tl = t1 - t0 < sizeof(name) - 1 ? t1 - t0 : sizeof(name) - 1;
			for (size_t k = 0; k < tl; k++)
				name[k] = (char)tolower((unsigned char)in[t0 + k]);
			name[tl] = 0;
			int skip = 0;
			for (size_t k = 0; k < sizeof(skips) / sizeof(skips[0]) && !closing; k++)
				skip |= !strcmp(name, skips[k]);
			if (skip) {
				/* to the matching end tag, lines counted */
				char end[24];
				snprintf(end, sizeof(end), "</%s", name);
				size_t el = strlen(end);
				while (i + el <= n && strncasecmp(in + i, end, el))
					src += in[i++] == '\n';
				continue;
			}
			int block = 0;
			for (size_t k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++)
				block |= !strcmp(name, blocks[k]);
			if (block || !strcmp(name, "img")) {
				if (line_open)
					sub_buf_append(&b, "\n", 1);
				line_open = 0;
				space = 0;
			}
			if (!strcmp(name, "img") || (!closing && name[0] == 'h' && name[1] >= '1' &&
			                             name[1] <= '6' && !name[2])) {
				if (line_at(&lines, &cap, &nl, src)) {
					sub_buf_release(&b);
					return SUB_ERR_NOMEM;
				}
				line_open = 1;
				if (!strcmp(name, "img")) {
					sub_buf_append(&b, "[image]\n", 8);
					line_open = 0;
				} else {
					sub_buf_append(&b, "# ", 2);
				}
			}
			continue;
		}
		size_t used = 1;
		uint32_t cp = c == '&' ? html_entity(in + i, n - i, &used) : 0;
		if (!cp) {
			cp = (unsigned char)c;
			used = 1;
		}
		if (c == '\n')
			src++;
		int blank = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f';
		i += used;
		if (blank) {
			space = line_open;
			continue;
		}
		if (!line_open) {
			if (line_at(&lines, &cap, &nl, src)) {
				sub_buf_release(&b);
				return SUB_ERR_NOMEM;
			}
			line_open = 1;
		} else if (space) {
			sub_buf_append(&b, " ", 1);
		}
		space = 0;
		if (used > 1) {
			char u[4];
			sub_buf_append(&b, u, sub_utf8_encode(cp, u));
		} else {
			sub_buf_append(&b, &c, 1); /* (a byte of UTF-8 as it is) */
		}
	}
	if (line_open)
		sub_buf_append(&b, "\n", 1);
	if (b.oom) {
		free(lines);
		sub_buf_release(&b);
		return SUB_ERR_NOMEM;
	}
	*out = b.data ? b.data : calloc(1, 1);
	*out_len = b.len;
	*line_of = lines;
	*n_line_of = nl;
	if (!*out)
		free(lines);
	return *out ? SUB_OK : SUB_ERR_NOMEM;
}

/* Image placeholders and separator lines, which are not speech. */
static int placeholder_like(const char *s, size_t n)
{
	static const char *const words[] = {
	        "圖片",     "图片",     "圖",       "图",       "[圖片]",    "[图片]",  "【圖片】",
	        "【图片】", "（圖片）", "（图片）", "(圖片)",   "(图片)",    "視頻",    "视频",
	        "[視頻]",   "[视频]",   "圖片來源", "图片来源", "image",     "[image]", "(image)",
	        "photo",    "[photo]",  "(photo)",  "picture",  "[picture]", "video",   "[video]",
	        "[img]",    "<image>",  "[圖]",     "[图]",
	};
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		size_t m = strlen(words[k]);
		if (m != n)
			continue;
		size_t q = 0;
		while (q < n && tolower((unsigned char)s[q]) == (unsigned char)words[k][q])
			q++;
		if (q == n)
			return 1;
	}
	/* a sound, not speech, on its own line: "[Music]", "[Applause]", "[inaudible 00:12:34]"
	 * (any short text in square brackets), "(Laughter)", "（笑）" (a sound's word in round
	 * ones), "♪ ... ♪" */
	if (n >= 3 && n <= 60 && s[0] == '[' && s[n - 1] == ']' && !memchr(s + 1, '[', n - 2))
		return 1;
	if (n >= 6 && !memcmp(s, "\u266a", 3) && !memcmp(s + n - 3, "\u266a", 3))
		return 1;
	if (sub_text_sound_len(s, n) == n)
		return 1;
	/* "***", "---", "———", "* * *": no letter or digit at all */
	size_t i = 0;
	while (i < n) {
		uint32_t cp = sub_utf8_next(s, n, &i);
		if ((cp < 0x80 && isalnum((int)cp)) ||
		    (cp >= 0x80 && !(cp >= 0x2000 && cp <= 0x2BFF) &&
		     !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFF65) &&
		     !is_trim_space(cp)))
			return 0;
	}
	return 1;
}

/*
 * The marks that open an editor's or translator's note, lower case where ASCII. Those in
 * ASCII letters stand only before a colon, a bracket, a dash, a comma, a full stop, a
 * space or the end ("Note" only with its colon: "Note that ..." is speech); the others
 * (Han, Cyrillic) before anything.
 */
static const char *const note_marks[] = {
        "editor's note",
        "editor\u2019s note",
        "editors' note",
        "editors\u2019 note",
        "editorial note",
        "ed. note",
        "ed.'s note",
        "translator's note",
        "translator\u2019s note",
        "translators' note",
        "translators\u2019 note",
        "translation note",
        "tn:",
        "t.n.",
        "note:",
        "notes:",
        "note du traducteur",
        "note de la r\u00e9daction",
        "n.d.t.",
        "n. d. t.",
        "ndt:",
        "n.d.r.",
        "ndr:",
        "n. del t.",
        "nota del traductor",
        "nota del editor",
        "nota della redazione",
        "anm. d. red.",
        "anm. d. \u00fcbers.",
        "anm. d. \u00dcbers.",
        "anmerkung der redaktion",
        "anmerkung des \u00fcbersetzers",
        "\u041f\u0440\u0438\u043c\u0435\u0447\u0430\u043d\u0438\u0435",
        "\u041f\u0440\u0438\u043c. \u043f\u0435\u0440.",
        "\u041f\u0440\u0438\u043c. \u0440\u0435\u0434.",
        "编者按",
        "編者按",
        "编者注",
        "編者注",
        "編者註",
        "编注",
        "編註",
        "编按",
        "編按",
        "编者的话",
        "編者的話",
        "译者注",
        "譯者注",
        "譯者註",
        "译注",
        "譯註",
        "译者按",
        "譯者按",
        "注：",
        "註：",
        "注:",
        "註:",
        "按：",
};

/* Bytes of the note mark at s[0..n), 0 when none opens it. */
static size_t note_mark(const char *s, size_t n)
{
	for (size_t k = 0; k < sizeof(note_marks) / sizeof(note_marks[0]); k++) {
		const char *m = note_marks[k];
		size_t ml = strlen(m), q = 0;
		if (ml > n)
			continue;
		while (q < ml && tolower((unsigned char)s[q]) == (unsigned char)m[q])
			q++;
		if (q < ml)
			continue;
		/* (a full-width colon or bracket, a dash: any byte above ASCII will do) */
		if ((unsigned char)m[0] >= 0x80 || m[ml - 1] == ':' || ml == n ||
		    strchr(":)],.- ", s[ml]) || (unsigned char)s[ml] >= 0x80)
			return ml;
	}
	return 0;
}

/* Opening brackets of a note: ( [ （ 【 〔, or NULL; *len gets the bracket's bytes. */
static const char *note_closer(const char *s, size_t n, size_t *len)
{
	static const char *const pairs[][2] = {
	        {"(", ")"},           {"[", "]"},           {"\uff08", "\uff09"},
	        {"\u3010", "\u3011"}, {"\u3014", "\u3015"},
	};
	for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
		size_t l = strlen(pairs[k][0]);
		if (l <= n && !memcmp(s, pairs[k][0], l)) {
			*len = l;
			return pairs[k][1];
		}
	}
	return NULL;
}

static size_t inline_note(const char *s, size_t n);

/* Past the closing bracket that matches the opening one at s[0..n) (brackets of its kind
 * inside it counted), or 0 when s opens none or it is not closed on its line. */
static size_t bracket_end(const char *s, size_t n)
{
	size_t bl, cl, depth = 1;
	const char *close = note_closer(s, n, &bl);
	if (!close)
		return 0;
	cl = strlen(close);
	for (size_t i = bl; i < n; i++) {
		size_t ol;
		if (note_closer(s + i, n - i, &ol) && !memcmp(s, s + i, ol))
			depth++;
		else if (i + cl <= n && !memcmp(s + i, close, cl) && !--depth)
			return i + cl;
	}
	return 0;
}

/* Where a bracketed remark that opens s[0..n) ends (past its closing bracket, nested
 * brackets of its kind counted), when it holds three words or more, or six characters
 * beyond ASCII ("(The two of them laugh.)", "（本文经编辑删节）"): a line that is only
 * such a remark describes, it is not said. 0 otherwise ("(In Beijing.)" is too short to
 * tell). */
static size_t bracketed_remark(const char *s, size_t n)
{
	size_t bl = 0, cl, e = bracket_end(s, n), spaces = 0, wide = 0;
	if (!e)
		return 0;
	cl = strlen(note_closer(s, n, &bl));
	for (size_t i = bl; i < e - cl; i++) {
		spaces += s[i] == ' ';
		wide += ((unsigned char)s[i] & 0xC0) == 0xC0;
	}
	return spaces >= 2 || wide >= 6 ? e : 0;
}

/* A whole line that is an editor's or translator's note: its mark first, after any
 * emphasis ('*', '_') and blanks ("Editor's note: ...", "*Note: ...*", "编者按：……"), or
 * a note in brackets that the line ends with ("[Editor's note: ...]", "（译者注：……）";
 * "(Note: ...) and then we left." is a paragraph with a note in it). */
static int note_like(const char *s, size_t n)
{
	size_t i = 0, bl, e;
	while (i < n && (s[i] == '*' || s[i] == '_' || s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && note_closer(s + i, n - i, &bl)) {
		if (!(e = inline_note(s + i, n - i)) && !(e = bracketed_remark(s + i, n - i)))
			return 0;
		for (i += e; i < n && strchr("*_ \t.", s[i]); i++)
			;
		return i == n;
	}
	return i < n && note_mark(s + i, n - i) > 0;
}

/* "1.", "12、", "3)", "一、" followed by a title. */
static int numbered_heading(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && isdigit((unsigned char)s[k]))
		k++;
	if (k == 0 || k > 3 || k >= n)
		return 0;
	if (s[k] == '.' || s[k] == ')')
		k++;
	else if (n - k >= 3 && (!memcmp(s + k, "、", 3) || !memcmp(s + k, "．", 3)))
		k += 3;
	else
		return 0;
	while (k < n && s[k] == ' ')
		k++;
	if (k >= n || isdigit((unsigned char)s[k]))
		return 0; /* "1.5" */
	return sub_utf8_count(s, n) <= 120;
}

/* Name part of "Name: text" / "Name：text" lines; 0 when the line is not one. */
static size_t colon_name(const char *s, size_t n, size_t *body)
{
	size_t i = 0, cps = 0;
	while (i < n && cps <= NAME_MAX_CPS + 1) {
		size_t at = i;
		uint32_t cp = sub_utf8_next(s, n, &i);
		cps++;
		if (cp == ':' || cp == 0xFF1A) {
			size_t nb = 0, nl = at;
			trim(s, &nb, &nl);
			size_t b = i, bl = n - i;
			while (nl && (s[nl - 1] == '*' || s[nl - 1] == '_'))
				nl--; /* "**Host**: text" */
			while (bl && (s[b] == '*' || s[b] == '_'))
				b++, bl--; /* "**Host:** text" */
			trim(s, &b, &bl);
			if (!nl || !name_like(s, nl))
				return 0;
			if (!bl || s[b] == '/' ||
			    (cp == ':' && i < n && isdigit((unsigned char)s[i])))
				return 0; /* URLs, times "10:30" */
			*body = b;
			return nl;
		}
	}
	return 0;
}

/*
 * Bytes of a time stamp at s[0..n): "1:23", "01:23", "1:02:03" (digits, then one or two
 * ":ss"), a fraction ".5" / ",250" allowed, in "[...]" or "(...)" or bare; 0 when none.
 * *ms (may be NULL) gets its time. Transcription services put them on speaker lines
 * ("Host (00:01:23):", "Host  1:23") and before paragraphs ("[00:01:23] text"): when, not
 * what is said.
 */
static size_t time_stamp(const char *s, size_t n, int64_t *ms)
{
	size_t i = 0, d;
	char close = 0;
	int64_t sec = 0, frac = 0, scale = 1;
	if (n && (s[0] == '[' || s[0] == '(')) {
		close = s[0] == '[' ? ']' : ')';
		i = 1;
	}
	for (d = 0; i < n && isdigit((unsigned char)s[i]) && d < 3; i++, d++)
		sec = sec * 10 + (s[i] - '0');
	if (d == 0 || d > 2)
		return 0;
	for (int part = 0; part < 2; part++) {
		if (i + 2 < n && s[i] == ':' && isdigit((unsigned char)s[i + 1]) &&
		    isdigit((unsigned char)s[i + 2])) {
			sec = sec * 60 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
			i += 3;
		} else if (!part) {
			return 0;
		}
	}
	if (i + 1 < n && (s[i] == '.' || s[i] == ',') && isdigit((unsigned char)s[i + 1]))
		for (i++; i < n && isdigit((unsigned char)s[i]); i++)
			if (scale < 1000)
				frac = frac * 10 + (s[i] - '0'), scale *= 10;
	if (close) {
		if (i >= n || s[i] != close)
			return 0;
		i++;
	}
	if (i < n && isalnum((unsigned char)s[i]))
		return 0;
	if (ms)
		*ms = sec * 1000 + frac * 1000 / scale;
	return i;
}

/* The time of the first time stamp in s[0..n), in milliseconds; -1 when there is none. */
static int64_t stamp_in(const char *s, size_t n)
{
	int64_t ms;
	for (size_t k = 0; k < n; k++)
		if ((k == 0 || !isdigit((unsigned char)s[k - 1])) && time_stamp(s + k, n - k, &ms))
			return ms;
	return -1;
}

/* s[0..n) without a time stamp at its end after a blank ("Host (00:01:23)", "Host  1:23"),
 * blanks trimmed: the new length, n when there is none. */
static size_t without_end_stamp(const char *s, size_t n)
{
	for (size_t k = n; k-- > 1;)
		if (s[k - 1] == ' ' || s[k - 1] == '\t') {
			if (time_stamp(s + k, n - k, NULL) != n - k)
				return n;
			while (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
				k--;
			return k;
		}
	return n;
}

/* "Name (00:01:23): text": the name's bytes, *body where the text starts; 0 when s does
 * not open so (colon_name() takes the stamp's colon for the name's). */
static size_t stamped_colon_name(const char *s, size_t n, size_t *body)
{
	for (size_t k = 1; k + 1 < n; k++) {
		size_t t;
		if (s[k - 1] != ' ' || (s[k] != '(' && s[k] != '['))
			continue;
		t = time_stamp(s + k, n - k, NULL);
		if (!t || k + t >= n || s[k + t] != ':')
			return 0;
		size_t nl = without_end_stamp(s, k + t), b = k + t + 1, bl = n - b;
		trim(s, &b, &bl);
		if (!bl || !name_like(s, nl))
			return 0;
		*body = b;
		return nl;
	}
	return 0;
}

/* Name of a speaker line: the line without a trailing colon and a time stamp before it,
 * if name-like. */
static size_t alone_name(const char *s, size_t n)
{
	while (n && (s[n - 1] == '*' || s[n - 1] == '_'))
		n--; /* Markdown emphasis: "**Host:**", "**Host**:" */
	if (n && s[n - 1] == ':')
		n--;
	else if (n >= 3 && !memcmp(s + n - 3, "：", 3))
		n -= 3;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '*' || s[n - 1] == '_'))
		n--;
	n = without_end_stamp(s, n);
	return name_like(s, n) ? n : 0;
}

/* ---------------------------------------------------------------------------------- */
/* Building the project */

struct reader {
	const char *text;
	size_t text_len;
	struct tline *lines;
	size_t n_lines;
	struct name_tab names;
	struct sub_project *p;
	struct sub_error *err;
	struct sub_buf turn_text;
	struct sub_turn *cur; /* index is p->n_turns - 1 when set */
	long cur_speaker;
	int have_turn;
	size_t n_remarks_dropped;
	int *line_of; /* an HTML page's: the page's line of each line of the text */
	size_t n_line_of;
};

/* The source line (1-based) of the text's line i. */
static int src_line(const struct reader *r, size_t i)
{
	if (!r->line_of)
		return (int)(i + 1);
	return r->n_line_of ? r->line_of[i < r->n_line_of ? i : r->n_line_of - 1] : 1;
}

static int add_remark(struct reader *r, int kind, const struct tline *l, int line_no)
{
	if (r->p->n_remarks >= MAX_REMARKS) {
		r->n_remarks_dropped++;
		return SUB_OK;
	}
	char *s = strndup(r->text + l->off, l->len);
	if (!s)
		return SUB_ERR_NOMEM;
	int rc = sub_project_add_remark(r->p, kind, line_no, -1, -1, -1, -1, s);
	free(s);
	return rc;
}

static int finish_turn(struct reader *r)
{
	if (!r->have_turn)
		return SUB_OK;
	r->have_turn = 0;
	struct sub_turn *t = &r->p->turns[r->p->n_turns - 1];
	int rc = sub_set_str(&t->text[0], r->turn_text.data ? r->turn_text.data : "");
	r->turn_text.len = 0;
	if (r->turn_text.data)
		r->turn_text.data[0] = 0;
	return rc;
}

static int start_turn(struct reader *r, long speaker, int line_no)
{
	int rc = finish_turn(r);
	if (rc)
		return rc;
	if (r->p->n_turns >= MAX_TURNS)
		return sub_error_set(r->err, SUB_ERR_TOO_BIG, line_no, 0, "more than %zu turns",
		                     MAX_TURNS);
	struct sub_turn *t = sub_project_add_turn(r->p);
	if (!t)
		return SUB_ERR_NOMEM;
	t->speaker = (int)speaker;
	t->src_line = line_no;
	r->cur_speaker = speaker;
	r->have_turn = 1;
	return SUB_OK;
}

size_t sub_transcript_note_open(const char *s, size_t n, const char **closer)
{
	size_t bl, i, ml;
	const char *c = note_closer(s, n, &bl);
	if (!c)
		return 0;
	for (i = bl; i < n && (s[i] == ' ' || s[i] == '*' || s[i] == '_'); i++)
		;
	ml = note_mark(s + i, n - i);
	if (!ml)
		return 0;
	if (closer)
		*closer = c;
	return i + ml;
}

char *sub_transcript_strip_notes(const char *s, struct sub_note_state *st)
{
	size_t n = s ? strlen(s) : 0, k = 0;
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t o, bl;
		if (st->depth > 0) {
			const char *c = note_closer(s + i, n - i, &bl);
			size_t cl = strlen(st->close);
			if (c && !strcmp(c, st->close)) {
				st->depth++; /* a bracket of its kind inside it */
				i += bl;
			} else if (i + cl <= n && !memcmp(s + i, st->close, cl)) {
				i += cl;
				if (--st->depth)
					continue;
				/* one space where the note and its spaces stood */
				while (i < n && s[i] == ' ')
					i++;
				if (k && out[k - 1] != ' ' && i < n)
					out[k++] = ' ';
			} else {
				i++;
			}
			continue;
		}
		o = sub_transcript_note_open(s + i, n - i, &st->close);
		if (o) {
			st->depth = 1;
			while (k && out[k - 1] == ' ')
				k--;
			i += o;
			continue;
		}
		out[k++] = s[i++];
	}
	out[k] = 0;
	return out;
}

/* Where the note opened by the bracket at s[0..n) ends (past its closing bracket), or 0
 * when s opens no note or it is not closed on its line. */
static size_t inline_note(const char *s, size_t n)
{
	return sub_transcript_note_open(s, n, NULL) ? bracket_end(s, n) : 0;
}

static int add_paragraph(struct reader *r, const char *s, size_t n, int line_no)
{
	if (!r->have_turn) {
		int rc = start_turn(r, r->cur_speaker, line_no);
		if (rc)
			return rc;
	}
	if (r->turn_text.len + n + 1 > MAX_TURN_BYTES)
		return sub_error_set(
		        r->err, SUB_ERR_TOO_BIG, r->p->turns[r->p->n_turns - 1].src_line, 0,
		        "the turn that starts here is longer than %zu bytes", MAX_TURN_BYTES);
	if (r->turn_text.len)
		sub_buf_append(&r->turn_text, "\n", 1);
	sub_buf_append(&r->turn_text, s, n);
	/* A note in brackets inside the paragraph stays in the turn's text (its cues show
	 * it) and is noted with its line and turn; the aligner's voice does not speak it
	 * (sub_transcript_note_open()). */
	for (size_t i = 0; i < n; i++) {
		size_t e = inline_note(s + i, n - i);
		if (!e)
			continue;
		char *note = strndup(s + i, e);
		int rc = !note ? SUB_ERR_NOMEM
		               : sub_project_add_remark(r->p, SUB_REMARK_NOTE, line_no,
		                                        (long)r->p->n_turns - 1, -1, -1, -1, note);
		free(note);
		if (rc)
			return rc;
		i += e - 1;
	}
	return r->turn_text.oom ? SUB_ERR_NOMEM : SUB_OK;
}

static long speaker_of(struct reader *r, const char *s, size_t n)
{
	char *name = strndup(s, n);
	if (!name)
		return SUB_ERR_NOMEM;
	long id = sub_project_speaker(r->p, 0, name);
	free(name);
	return id;
}

static int add_heading(struct reader *r, const struct tline *l, int line_no)
{
	int rc = finish_turn(r);
	if (rc)
		return rc;
	size_t off = l->off, len = l->len;
	if (l->kind == L_MDHEAD) {
		while (len && r->text[off] == '#') {
			off++;
			len--;
		}
		trim(r->text, &off, &len);
	}
	struct tline tl = *l;
	tl.off = off;
	tl.len = len;
	char *title = strndup(r->text + off, len);
	if (!title)
		return SUB_ERR_NOMEM;
	rc = sub_project_add_chapter(r->p, 0, title);
	free(title);
	if (!rc)
		rc = add_remark(r, SUB_REMARK_HEADING, &tl, line_no);
	/* text right after a heading starts a new turn of the same speaker */
	r->have_turn = 0;
	return rc;
}

/* The next line after i that is neither blank nor a placeholder, or n_lines. */
static size_t next_content(const struct reader *r, size_t i)
{
	for (i++; i < r->n_lines; i++)
		if (r->lines[i].kind != L_BLANK && r->lines[i].kind != L_PLACE)
			break;
	return i;
}

enum layout { LAYOUT_PLAIN, LAYOUT_SPEAKER, LAYOUT_COLON };

/* Whether a line ends a paragraph the way speech does: a sentence mark, maybe quoted. */
static int ends_sentence(const char *s, size_t n)
{
	while (n) {
		size_t k = n - 1;
		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		size_t j = k;
		uint32_t cp = sub_utf8_next(s, n, &j);
		if (sub_cp_is_sentence_end(cp) || cp == 0x2026)
			return 1;
		if (!sub_cp_is_closing(cp))
			return 0;
		n = k;
	}
	return 0;
}

/*
 * In a speaker-line layout, a name seen once is a speaker too when it stands where a turn
 * opens: after the first speaker line, after a blank line or a finished sentence, and
 * before a line of text.
 */
static void add_single_speakers(struct reader *r, char *is_spk, int opening)
{
	size_t first = r->n_lines, n_spk = 0;
	for (size_t k = 0; k < r->names.n; k++)
		n_spk += is_spk[k] != 0;
	for (size_t i = 0; i < r->n_lines; i++) {
		const struct tline *l = &r->lines[i];
		if (l->cand == L_SPEAKER && l->name_id >= 0 && is_spk[l->name_id]) {
			first = i;
			break;
		}
	}
	/* With opening: before the first, a name opening the file, its text right under it
	 * as under every other speaker line (ending a sentence), then blank lines and the
	 * first speaker's line. */
	if (opening) {
		size_t i = 0, k;
		while (i < first && r->lines[i].kind == L_BLANK)
			i++;
		const struct tline *l = i < first ? &r->lines[i] : NULL;
		if (l && l->cand == L_SPEAKER && l->name_id >= 0 && !is_spk[l->name_id] &&
		    l->kind == L_TEXT) {
			for (k = i + 1; k < first && r->lines[k].kind == L_TEXT &&
			                r->lines[k].cand != L_SPEAKER;
			     k++)
				;
			size_t text_end = k;
			while (k < first && r->lines[k].kind == L_BLANK)
				k++;
			if (text_end > i + 1 && text_end < first && k == first &&
			    ends_sentence(r->text + r->lines[text_end - 1].off,
			                  r->lines[text_end - 1].len)) {
				is_spk[l->name_id] = 2;
				n_spk++;
			}
		}
	}
	for (size_t i = first + 1; i + 1 < r->n_lines && n_spk < 16; i++) {
		const struct tline *l = &r->lines[i];
		if (l->cand != L_SPEAKER || l->name_id < 0 || is_spk[l->name_id] ||
		    l->kind != L_TEXT)
			continue;
		const struct tline *prev = &r->lines[i - 1];
		size_t nx = i + 1;
		while (nx < r->n_lines && r->lines[nx].kind == L_PLACE)
			nx++;
		if (nx >= r->n_lines)
			break;
		const struct tline *next = &r->lines[nx];
		int after_ok =
		        prev->kind == L_BLANK || prev->kind == L_PLACE ||
		        ((prev->kind == L_TEXT || prev->kind == L_NUMHEAD) &&
		         prev->cand != L_SPEAKER && ends_sentence(r->text + prev->off, prev->len));
		if (after_ok && (next->kind == L_TEXT || next->kind == L_NUMHEAD) &&
		    next->cand != L_SPEAKER) {
			is_spk[l->name_id] = 2;
			n_spk++;
		}
	}
}

/* Walks the lines of a speaker-line or colon layout; kind says which lines open turns. */
static int build_speakers(struct reader *r, int open_kind)
{
	size_t first = r->n_lines;
	for (size_t i = 0; i < r->n_lines; i++)
		if (r->lines[i].kind == open_kind) {
			first = i;
			break;
		}
	/* numbered lines are headings only where a turn opens right after them, and only
	 * when numbered 1, 2, 3... in order (a list in a turn ends before a speaker too) */
	long expect = 1;
	for (size_t i = 0; i < r->n_lines; i++) {
		if (r->lines[i].kind != L_NUMHEAD)
			continue;
		size_t nx = next_content(r, i);
		long num = strtol(r->text + r->lines[i].off, NULL, 10);
		if (nx >= r->n_lines || r->lines[nx].kind != open_kind || num != expect)
			r->lines[i].kind = L_TEXT;
		else
			expect++;
	}
	/* the preamble: everything before the headings that lead into the first turn */
	size_t pre_end = first;
	while (pre_end > 0) {
		int k = r->lines[pre_end - 1].kind;
		if (k != L_BLANK && k != L_PLACE && k != L_MDHEAD && k != L_NUMHEAD)
			break;
		pre_end--;
	}
	int rc = SUB_OK;
	for (size_t i = 0; i < r->n_lines && !rc; i++) {
		struct tline *l = &r->lines[i];
		int no = src_line(r, i);
		if (l->kind == L_BLANK)
			continue;
		if (i < pre_end) {
			rc = add_remark(r, SUB_REMARK_SKIPPED, l, no);
			continue;
		}
		switch (l->kind) {
		case L_PLACE:
			rc = add_remark(r, l->note ? SUB_REMARK_NOTE : SUB_REMARK_SKIPPED, l, no);
			break;
		case L_MDHEAD:
		case L_NUMHEAD:
			rc = add_heading(r, l, no);
			break;
		default:
			if (l->kind == open_kind) {
				long id =
				        speaker_of(r, r->text + l->off + l->name_skip, l->name_len);
				if (id < 0)
					return (int)id;
				rc = start_turn(r, id, no);
				if (!rc && l->stamp_ms >= 0) {
					r->p->turns[r->p->n_turns - 1].has_stamp = 1;
					r->p->turns[r->p->n_turns - 1].stamp_ms = l->stamp_ms;
				}
				if (!rc && open_kind == L_COLON)
					rc = add_paragraph(r, r->text + l->body_off,
					                   l->off + l->len - l->body_off, no);
			} else {
				rc = add_paragraph(r, r->text + l->off, l->len, no);
			}
		}
	}
	if (!rc)
		rc = finish_turn(r);
	return rc;
}

static int build_plain(struct reader *r)
{
	/* blocks when a blank line stands between two text lines somewhere */
	int blocks = 0, seen_text = 0, gap = 0;
	for (size_t i = 0; i < r->n_lines && !blocks; i++) {
		int k = r->lines[i].kind;
		if (k == L_BLANK) {
			gap = seen_text;
		} else if (k != L_PLACE && k != L_MDHEAD) {
			blocks = gap;
			seen_text = 1;
		} else {
			gap = 0;
		}
	}
	int rc = SUB_OK;
	for (size_t i = 0; i < r->n_lines && !rc; i++) {
		struct tline *l = &r->lines[i];
		int no = src_line(r, i);
		switch (l->kind) {
		case L_BLANK:
			if (blocks)
				rc = finish_turn(r);
			break;
		case L_PLACE:
			rc = add_remark(r, l->note ? SUB_REMARK_NOTE : SUB_REMARK_SKIPPED, l, no);
			break;
		case L_MDHEAD:
			rc = add_heading(r, l, no);
			break;
		default:
			if (!blocks)
				rc = finish_turn(r);
			if (!rc)
				rc = add_paragraph(r, r->text + l->off, l->len, no);
		}
	}
	if (!rc)
		rc = finish_turn(r);
	return rc;
}

/* Drops turns without text (a speaker line with nothing after it), noting each. */
static int drop_empty_turns(struct sub_project *p)
{
	size_t w = 0, c = 0;
	long *renum = malloc((p->n_turns ? p->n_turns : 1) * sizeof(long));
	if (!renum)
		return SUB_ERR_NOMEM;
	for (size_t i = 0; i < p->n_turns; i++) {
		renum[i] = (long)w;
		/* chapters starting at original turn i now start at kept turn w */
		for (; c < p->n_chapters && p->chapters[c].first_turn <= i; c++)
			p->chapters[c].first_turn = w;
		struct sub_turn *t = &p->turns[i];
		int empty = 1;
		for (const char *ch = t->text[0]; ch && *ch; ch++)
			if (!isspace((unsigned char)*ch))
				empty = 0;
		if (!empty) {
			p->turns[w++] = *t;
			continue;
		}
		/* the line skipped is the speaker's name with nothing said after it */
		const char *name = t->speaker >= 0 ? p->speakers[t->speaker].name[0] : NULL;
		if (sub_project_add_remark(p, SUB_REMARK_SKIPPED, t->src_line, -1, -1, -1, -1,
		                           name ? name : "")) {
			free(renum);
			return SUB_ERR_NOMEM;
		}
		for (int l = 0; l < SUB_MAX_LANGS; l++)
			free(t->text[l]);
		sub_turn_clear_cues(t);
	}
	for (; c < p->n_chapters; c++)
		p->chapters[c].first_turn = w;
	/* the notes made while reading name their turn (never an empty one): renumbered */
	for (size_t k = 0; k < p->n_remarks; k++) {
		long t = p->remarks[k].turn;
		if (p->remarks[k].kind == SUB_REMARK_NOTE && t >= 0 && (size_t)t < p->n_turns)
			p->remarks[k].turn = renum[t];
	}
	free(renum);
	p->n_turns = w;
	for (size_t i = 0; i < p->n_turns; i++) {
		int ch = -1;
		for (size_t k = 0; k < p->n_chapters && p->chapters[k].first_turn <= i; k++)
			ch = (int)k;
		p->turns[i].chapter = ch;
	}
	return SUB_OK;
}

static int lang_code_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n >= SUB_LANG_LEN)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return 0;
	return 1;
}

int sub_transcript_parse(const char *buf, size_t len, const struct sub_transcript_opts *o,
                         struct sub_project **out, struct sub_error *err)
{
	struct sub_transcript_opts def = {0};
	if (!o)
		o = &def;
	if (err) {
		memset(err, 0, sizeof(*err));
		snprintf(err->file, sizeof(err->file), "%s", o->filename ? o->filename : "");
	}
	if (!out || (!buf && len))
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no input or no output");
	*out = NULL;
	if (o->lang && !lang_code_ok(o->lang))
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "bad language code '%s'", o->lang);
	struct reader r;
	memset(&r, 0, sizeof(r));
	r.err = err;
	r.cur_speaker = -1;
	const char *enc;
	int rc = sub_transcript_decode(buf, len, (char **)&r.text, &r.text_len, &enc, err);
	if (rc)
		return rc;
	char *text = (char *)(uintptr_t)r.text;
	if (html_like(text, r.text_len)) {
		/* a page saved from a browser: its text, lines mapped back to the page's */
		char *plain = NULL;
		size_t plain_len = 0;
		rc = html_to_text(text, r.text_len, &plain, &plain_len, &r.line_of, &r.n_line_of);
		free(text);
		if (rc)
			return sub_error_set(err, rc, 0, 0, "out of memory");
		text = plain;
		r.text = plain;
		r.text_len = plain_len;
	}

	/* cut into lines */
	size_t nl = 1;
	for (size_t i = 0; i < r.text_len; i++)
		nl += text[i] == '\n';
	if (nl > MAX_LINES) {
		rc = sub_error_set(err, SUB_ERR_TOO_BIG, 0, 0, "more than %zu lines", MAX_LINES);
		goto out_free;
	}
	r.lines = calloc(nl, sizeof(*r.lines));
	r.names.n_slot = 2 * nl + 16;
	r.names.slot = calloc(r.names.n_slot, sizeof(*r.names.slot));
	if (!r.lines || !r.names.slot) {
		rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
		goto out_free;
	}
	size_t start = 0;
	int any_text = 0;
	for (size_t i = 0; i <= r.text_len; i++) {
		if (i < r.text_len && text[i] != '\n')
			continue;
		struct tline *l = &r.lines[r.n_lines++];
		l->off = start;
		l->len = i - start;
		l->name_id = -1;
		l->stamp_ms = -1;
		if (l->len > SUB_TRANSCRIPT_MAX_LINE) {
			rc = sub_error_set(err, SUB_ERR_TOO_BIG, src_line(&r, r.n_lines - 1), 0,
			                   "line is longer than %zu bytes (%zu)",
			                   SUB_TRANSCRIPT_MAX_LINE, l->len);
			goto out_free;
		}
		trim(text, &l->off, &l->len);
		start = i + 1;
		const char *s = text + l->off;
		if (!l->len) {
			l->kind = L_BLANK;
			continue;
		}
		/* a time stamp before the line's text is left out of it; a line that is only
		 * one is a placeholder */
		size_t ts = time_stamp(s, l->len, NULL);
		if (ts == l->len) {
			any_text = 1;
			l->kind = L_PLACE;
			continue;
		}
		size_t colons = 0;
		for (size_t c = 0; c < ts; c++)
			colons += s[c] == ':';
		/* (a bare one only as "h:mm:ss": "10:30 in the morning" is text) */
		if (ts && (s[ts] == ' ' || s[ts] == '\t') &&
		    (s[0] == '[' || s[0] == '(' || colons == 2)) {
			l->off += ts;
			l->len -= ts;
			trim(text, &l->off, &l->len);
			s = text + l->off;
		}
		any_text = 1;
		size_t k = 0;
		while (k < l->len && s[k] == '#')
			k++;
		if (k >= 1 && k <= 6 && k < l->len && (s[k] == ' ' || s[k] == '\t')) {
			l->kind = L_MDHEAD;
			continue;
		}
		l->note = note_like(s, l->len);
		if (l->note || placeholder_like(s, l->len)) {
			l->kind = L_PLACE;
			continue;
		}
		l->kind = numbered_heading(s, l->len) ? L_NUMHEAD : L_TEXT;
		/* a name in Markdown emphasis ("**Host:** text"): the name after the markers */
		size_t lead = 0;
		while (lead < l->len && lead < 3 && (s[lead] == '*' || s[lead] == '_'))
			lead++;
		if (lead && (lead == l->len || s[lead] == ' '))
			lead = 0;
		size_t an = alone_name(s + lead, l->len - lead), body = 0;
		size_t cn = an ? 0 : stamped_colon_name(s + lead, l->len - lead, &body);
		if (!an && !cn)
			cn = colon_name(s + lead, l->len - lead, &body);
		body += lead;
		if (an || cn) {
			long id = name_find(&r.names, s + lead, an ? an : cn, 1);
			if (id == -2) {
				rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
				goto out_free;
			}
			if (id >= 0) {
				l->name_id = id;
				l->name_len = an ? an : cn;
				l->name_skip = lead;
				/* the stamp between the name and the text ("Host (00:01:23):") */
				size_t after = lead + l->name_len;
				l->stamp_ms = stamp_in(s + after, (an ? l->len : body) - after);
				l->body_off = l->off + body;
				l->cand = an ? L_SPEAKER : L_COLON;
				if (an)
					r.names.names[id].count_alone++;
				else
					r.names.names[id].count_colon++;
			}
		}
	}
	if (!any_text) {
		rc = sub_error_set(err, SUB_ERR_EMPTY, 0, 0, "the transcript holds no text");
		goto out_free;
	}

	/* which names are speakers: the given ones, or names that recur on their own */
	size_t n_alone = 0, n_colon = 0, n_content = 0;
	char *is_spk = calloc(r.names.n + 1, 1);
	if (!is_spk) {
		rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
		goto out_free;
	}
	for (size_t k = 0; k < r.names.n; k++) {
		if (o->speakers && o->n_speakers) {
			for (size_t q = 0; q < o->n_speakers; q++)
				if (o->speakers[q] &&
				    strlen(o->speakers[q]) == r.names.names[k].len &&
				    !memcmp(o->speakers[q], r.names.names[k].s,
				            r.names.names[k].len))
					is_spk[k] = 1;
		} else {
			is_spk[k] = r.names.names[k].count_alone >= 2 ||
			            r.names.names[k].count_colon >= 2;
		}
	}
	for (size_t i = 0; i < r.n_lines; i++) {
		struct tline *l = &r.lines[i];
		if (l->kind != L_BLANK && l->kind != L_MDHEAD && l->kind != L_PLACE)
			n_content++;
		if (l->name_id >= 0 && is_spk[l->name_id]) {
			if (l->cand == L_SPEAKER)
				n_alone++;
			else
				n_colon++;
		}
	}
	enum layout lay = LAYOUT_PLAIN;
	int given = o->speakers && o->n_speakers;
	if (given ? (n_alone && n_alone >= n_colon)
	          : (n_alone >= 2 && n_alone >= n_colon && 2 * n_alone <= n_content + 1))
		lay = LAYOUT_SPEAKER;
	else if (given ? n_colon > 0 : (n_colon >= 2 && 4 * n_colon >= n_content))
		lay = LAYOUT_COLON;
	if (given && lay == LAYOUT_PLAIN) {
		free(is_spk);
		rc = sub_error_set(
		        err, SUB_ERR_PARSE, 0, 0, "none of the given speakers (%s%s) opens a line",
		        o->speakers[0] ? o->speakers[0] : "", o->n_speakers > 1 ? ", ..." : "");
		goto out_free;
	}
	if (lay == LAYOUT_SPEAKER && !given)
		add_single_speakers(&r, is_spk, o && o->opening_speaker);
	for (size_t i = 0; i < r.n_lines; i++) {
		struct tline *l = &r.lines[i];
		if (l->name_id < 0 || !is_spk[l->name_id])
			continue;
		if (lay == LAYOUT_SPEAKER && l->cand == L_SPEAKER)
			l->kind = L_SPEAKER;
		else if (lay == LAYOUT_COLON && l->cand == L_COLON)
			l->kind = L_COLON;
	}
	free(is_spk);

	r.p = sub_project_new();
	if (!r.p) {
		rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
		goto out_free;
	}
	const char *lang = o->lang ? o->lang : sub_text_guess_lang(text, r.text_len);
	if (sub_project_add_lang(r.p, lang) < 0) {
		rc = sub_error_set(err, SUB_ERR_ARG, 0, 0, "bad language code '%s'", lang);
		goto out_free;
	}
	if (lay == LAYOUT_PLAIN)
		rc = build_plain(&r);
	else
		rc = build_speakers(&r, lay == LAYOUT_SPEAKER ? L_SPEAKER : L_COLON);
	if (!rc && r.n_remarks_dropped) {
		char msg[96];
		snprintf(msg, sizeof(msg), "%zu more remarks left out", r.n_remarks_dropped);
		rc = sub_project_add_remark(r.p, SUB_REMARK_OTHER, 0, -1, -1, -1, -1, msg);
	}
	if (!rc)
		rc = drop_empty_turns(r.p);
	if (rc) {
		if (err && !err->msg[0])
			sub_error_set(err, rc, 0, 0, "%s", sub_strerror(rc));
		goto out_free;
	}
	if (!r.p->n_turns) {
		rc = sub_error_set(err, SUB_ERR_EMPTY, 0, 0, "the transcript holds no speech");
		goto out_free;
	}
	rc = sub_project_validate(r.p, err);
	if (rc)
		goto out_free;
	*out = r.p;
	r.p = NULL;
out_free:
	sub_project_free(r.p);
	sub_buf_release(&r.turn_text);
	free(r.names.slot);
	free(r.names.names);
	free(r.lines);
	free(r.line_of);
	free(text);
	return rc;
}

int sub_transcript_read_file(const char *path, const struct sub_transcript_opts *o,
                             struct sub_project **out, struct sub_error *err)
{
	if (!path || !out)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no path");
	char *buf = NULL;
	size_t len = 0;
	int rc = sub_file_read(path, SUB_TRANSCRIPT_MAX_BYTES, &buf, &len, err);
	if (rc)
		return rc;
	struct sub_transcript_opts oo = {0};
	if (o)
		oo = *o;
	if (!oo.filename)
		oo.filename = path;
	rc = sub_transcript_parse(buf, len, &oo, out, err);
	free(buf);
	return rc;
}

/* ---------------------------------------------------------------------------------- */
/* Pairing two transcripts */

static const char *spk_name(const struct sub_project *p, int s, int l)
{
	if (s < 0 || (size_t)s >= p->n_speakers || !p->speakers[s].name[l])
		return "(no speaker)";
	return p->speakers[s].name[l];
}

int sub_project_add_translation(struct sub_project *p, const struct sub_project *tr,
                                struct sub_error *err)
{
	return sub_project_add_translation_named(p, tr, NULL, NULL, err);
}

int sub_project_add_translation_named(struct sub_project *p, const struct sub_project *tr,
                                      const char *p_name, const char *tr_name,
                                      struct sub_error *err)
{
	if (!p_name)
		p_name = "the transcript";
	if (!tr_name)
		tr_name = "the translation";
	if (!p || !tr || tr->n_langs < 1 || p->n_langs < 1)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no project");
	if (sub_project_find_lang(p, tr->lang[0]) >= 0)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0,
		                     "both texts are in language '%s'; give the language of one "
		                     "with --lang",
		                     tr->lang[0]);
	if (p->n_langs >= SUB_MAX_LANGS)
		return sub_error_set(err, SUB_ERR_ARG, 0, 0, "no language slot left");
	/* speakers pair by order of first appearance: keep the mapping both ways */
	size_t ns = p->n_speakers, nt = tr->n_speakers;
	long *p2t = malloc((ns + 1) * sizeof(long)), *t2p = malloc((nt + 1) * sizeof(long));
	struct sub_project *q = NULL;
	int rc = SUB_OK;
	if (!p2t || !t2p) {
		rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
		goto out_free;
	}
	for (size_t i = 0; i < ns; i++)
		p2t[i] = -1;
	for (size_t i = 0; i < nt; i++)
		t2p[i] = -1;
	size_t n = p->n_turns < tr->n_turns ? p->n_turns : tr->n_turns;
	for (size_t i = 0; i < n; i++) {
		int a = p->turns[i].speaker, b = tr->turns[i].speaker;
		int ok = (a < 0) == (b < 0);
		if (ok && a >= 0 && (size_t)a < ns && (size_t)b < nt) {
			if (p2t[a] < 0 && t2p[b] < 0) {
				p2t[a] = b;
				t2p[b] = a;
			}
			ok = p2t[a] == b && t2p[b] == a;
		}
		if (!ok) {
			rc = sub_error_set(
			        err, SUB_ERR_MISMATCH, p->turns[i].src_line, 0,
			        "turn %zu: the speakers diverge: %s at line %d of %s, %s "
			        "at line %d of %s",
			        i + 1, spk_name(p, a, 0), p->turns[i].src_line, p_name,
			        spk_name(tr, b, 0), tr->turns[i].src_line, tr_name);
			goto out_free;
		}
	}
	if (p->n_turns != tr->n_turns) {
		const struct sub_project *longer = p->n_turns > tr->n_turns ? p : tr;
		rc = sub_error_set(
		        err, SUB_ERR_MISMATCH, p->n_turns > n ? p->turns[n].src_line : 0, 0,
		        "%s has %zu turns and %s %zu: turn %zu (line %d of %s) has no "
		        "counterpart; the last pair is turn %zu (line %d of %s, line %d "
		        "of %s)",
		        p_name, p->n_turns, tr_name, tr->n_turns, n + 1, longer->turns[n].src_line,
		        longer == p ? p_name : tr_name, n, n ? p->turns[n - 1].src_line : 0, p_name,
		        n ? tr->turns[n - 1].src_line : 0, tr_name);
		goto out_free;
	}
	q = sub_project_dup(p);
	if (!q) {
		rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
		goto out_free;
	}
	int slot = sub_project_add_lang(q, tr->lang[0]);
	if (slot < 0) {
		rc = sub_error_set(err, SUB_ERR_ARG, 0, 0, "cannot add language '%s'", tr->lang[0]);
		goto out_free;
	}
	for (size_t i = 0; i < ns; i++)
		if (p2t[i] >= 0 &&
		    sub_set_str(&q->speakers[i].name[slot], tr->speakers[p2t[i]].name[0]))
			goto out_nomem;
	for (size_t c = 0; c < q->n_chapters && c < tr->n_chapters; c++)
		if (sub_set_str(&q->chapters[c].title[slot], tr->chapters[c].title[0]))
			goto out_nomem;
	for (size_t i = 0; i < q->n_turns; i++) {
		if (sub_set_str(&q->turns[i].text[slot], tr->turns[i].text[0]))
			goto out_nomem;
		sub_turn_clear_cues(&q->turns[i]);
	}
	if (q->n_chapters != tr->n_chapters &&
	    sub_project_add_remark(q, SUB_REMARK_OTHER, 0, -1, -1, -1, -1,
	                           "the translation has a different number of chapters"))
		goto out_nomem;
	rc = sub_project_validate(q, err);
	if (rc)
		goto out_free;
	/* swap the new contents in: p keeps its address */
	struct sub_project tmp = *p;
	*p = *q;
	*q = tmp;
	goto out_free;
out_nomem:
	rc = sub_error_set(err, SUB_ERR_NOMEM, 0, 0, "out of memory");
out_free:
	sub_project_free(q);
	free(p2t);
	free(t2p);
	return rc;
}
