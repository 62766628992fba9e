/* test_sub_ass.c: the ass driver: reading, writing, round trip, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sub_check.h"
#include "sub_format.h"
#include "sub_time.h"
#include "tap.h"

#include <stdarg.h>

#include <ass/ass.h>

#include "sub_test_util.h"

static void test_bilingual(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	CHECK(read_file_with("ass", DATA("bilingual.ass"), 0, NULL, &p, &err) == SUB_OK);
	if (!p)
		return;
	CHECK(p->n_langs == 2 && !strcmp(p->lang[0], "zh") && !strcmp(p->lang[1], "en"));
	CHECK(sub_project_cue_count(p) == 3);
	CHECK(p->n_speakers == 2 && !strcmp(p->speakers[0].name[0], "主持人") &&
	      p->speakers[0].name[1] && !strcmp(p->speakers[0].name[1], "Host"));
	const struct sub_cue *c = &p->turns[0].cues[0];
	CHECK(c->start_ms == 1000 && c->end_ms == 3500);
	CHECK(!strcmp(c->text[0], "你好，世界"));
	CHECK(!strcmp(c->text[1], "Hello, world\nsecond line")); /* overrides dropped, \N */
	c = &p->turns[1].cues[0];
	CHECK(!strcmp(c->text[0], "只有中文 {不是標籤}") && c->text[1] == NULL);
	c = &p->turns[1].cues[1];
	CHECK(c->end_ms == 7250 && !strcmp(c->text[1], "English, with commas, in text"));
	sub_project_free(p);
}

static void test_escape(void)
{
	/* braces and backslashes from a transcript cannot become override tags */
	struct sub_project *p = sub_project_new(), *q = NULL;
	sub_project_add_lang(p, "zh");
	sub_project_add_lang(p, "en");
	p->timed = 1;
	long s = sub_project_speaker(p, 1, "Smith, John");
	struct sub_turn *t = sub_project_add_turn(p);
	t->speaker = (int)s;
	t->end_ms = 2000;
	const char *evil = "{\\fs200\\c&H0000FF&}big \\N not a break \\{x\\} end\\";
	sub_set_str(&t->text[1], evil);
	sub_set_str(&t->text[0], "中文{\\b1}");
	struct sub_cue *c = sub_turn_add_cue(t);
	c->end_ms = 2000;
	sub_set_str(&c->text[1], evil);
	sub_set_str(&c->text[0], "中文{\\b1}");
	size_t len;
	char *out = write_with("ass", p, 0, &len);
	CHECK(out != NULL);
	if (!out)
		return;
	/* no unescaped '{' in any event text */
	const char *ev = strstr(out, "Dialogue:");
	CHECK(ev != NULL);
	for (const char *x = ev; x && *x; x++)
		if (*x == '{')
			CHECK(x > out && x[-1] == '\\');
	CHECK(strstr(out, "\\\xE2\x81\xA0N not a break") != NULL);
	CHECK(strstr(out, ",Smith\xEF\xBC\x8C John,") != NULL);
	/* English event before the Chinese one: libass stacks Chinese above */
	CHECK(strstr(out, "EN,") && strstr(out, "ZH,") &&
	      strstr(strstr(out, "[Events]"), ",EN,") < strstr(strstr(out, "[Events]"), ",ZH,"));
	struct sub_error err;
	CHECK(read_with("ass", out, len, 0, NULL, &q, &err) == SUB_OK);
	CHECK(q && !strcmp(q->turns[0].cues[0].text[1], evil));
	CHECK(q && !strcmp(q->turns[0].cues[0].text[0], "中文{\\b1}"));
	free(out);
	/* the player's variant sets the script resolution */
	struct sub_buf b = {0};
	CHECK(sub_ass_write_script(p, NULL, 1280, 720, &b) == SUB_OK);
	CHECK(b.data && strstr(b.data, "PlayResX: 1280\nPlayResY: 720\n"));
	sub_buf_release(&b);
	sub_project_free(q);
	sub_project_free(p);
}

static void test_errors(void)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	const char *hdr = "[Script Info]\n\n[Events]\nFormat: Layer, Start, End, Style, Name, "
	                  "MarginL, MarginR, MarginV, Effect, Text\n";
	char buf[1024];
	snprintf(buf, sizeof(buf), "%sDialogue: 0,0:00:01.00,0:00:61.00,EN,,0,0,0,,x\n", hdr);
	CHECK(read_with("ass", buf, strlen(buf), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 5 && err.column == 29 && err_has(&err, "out of range"));
	snprintf(buf, sizeof(buf), "%sDialogue: 0,0:00:01.00,0:00:02.00\n", hdr);
	CHECK(read_with("ass", buf, strlen(buf), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 5 && err_has(&err, "fields"));
	snprintf(buf, sizeof(buf), "%sDialogue: 0,0:00:05.00,0:00:02.00,EN,,0,0,0,,x\n", hdr);
	CHECK(read_with("ass", buf, strlen(buf), 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(read_with("ass", buf, strlen(buf), 1, NULL, &p, &err) == SUB_OK);
	CHECK(p && p->n_remarks == 1);
	sub_project_free(p);
	p = NULL;
	CHECK(read_with("ass", hdr, strlen(hdr), 0, NULL, &p, &err) == SUB_ERR_EMPTY);
	CHECK(read_with("ass", "Dialogue: x\n", 12, 0, NULL, &p, &err) == SUB_ERR_PARSE);
	CHECK(err.line == 1);
	/* field order follows the Format line */
	const char *other = "[Script Info]\n[Events]\nFormat: Start, End, Text\n"
	                    "Dialogue: 0:00:01.00,0:00:02.50,a, b, c\n";
	CHECK(read_with("ass", other, strlen(other), 0, "en", &p, &err) == SUB_OK);
	CHECK(p && p->turns[0].cues[0].end_ms == 2500 &&
	      !strcmp(p->turns[0].cues[0].text[0], "a, b, c"));
	sub_project_free(p);
	p = NULL;
	CHECK(read_with("ass", "\0", 1, 0, NULL, &p, &err) == SUB_ERR_ENCODING);
	CHECK(sub_format_ass.write(NULL, NULL, NULL) == SUB_ERR_ARG);
	CHECK(sub_ass_write_script(NULL, NULL, 0, 0, NULL) == SUB_ERR_ARG);
}

/* ---- rendering with libass: what the escapes and the event order do on screen ---- */

struct box {
	int n;                  /* images of this colour */
	int top, bottom, right; /* bounding box, pixels */
};

static void quiet(int level, const char *fmt, va_list args, void *data)
{
	(void)level;
	(void)fmt;
	(void)args;
	(void)data;
}

/* Renders script at t_ms and returns the boxes of white (0xFFFFFF) and green (0x00FF00)
 * glyph images, and whether any other fill colour (not black outline or shadow) shows. */
static int render(const char *script, int64_t t_ms, struct box *white, struct box *green,
                  int *other)
{
	ASS_Library *lib = ass_library_init();
	if (lib)
		ass_set_message_cb(lib, quiet, NULL);
	ASS_Renderer *r = lib ? ass_renderer_init(lib) : NULL;
	if (!r) {
		if (lib)
			ass_library_done(lib);
		return -1;
	}
	ass_set_frame_size(r, 1280, 720);
	ass_set_storage_size(r, 1280, 720);
	ass_set_fonts(r, NULL, "sans-serif", ASS_FONTPROVIDER_AUTODETECT, NULL, 1);
	ASS_Track *track = ass_read_memory(lib, (char *)script, strlen(script), NULL);
	struct box *bx[2] = {white, green};
	for (int k = 0; k < 2; k++) {
		bx[k]->n = 0;
		bx[k]->top = 1 << 30;
		bx[k]->bottom = -1;
		bx[k]->right = -1;
	}
	*other = 0;
	if (track) {
		for (ASS_Image *img = ass_render_frame(r, track, t_ms, NULL); img;
		     img = img->next) {
			uint32_t rgb = img->color >> 8;
			struct box *b = rgb == 0xFFFFFF ? white : rgb == 0x00FF00 ? green : NULL;
			if (!b) {
				if (rgb != 0)
					*other = 1;
				continue;
			}
			b->n++;
			if (img->dst_y < b->top)
				b->top = img->dst_y;
			if (img->dst_y + img->h > b->bottom)
				b->bottom = img->dst_y + img->h;
			if (img->dst_x + img->w > b->right)
				b->right = img->dst_x + img->w;
		}
		ass_free_track(track);
	}
	ass_renderer_done(r);
	ass_library_done(lib);
	return track ? 0 : -1;
}

/* Writes p as an ASS script with the ZH style drawn green. */
static char *script_green_zh(const struct sub_project *p, int mask)
{
	struct sub_write_opts o;
	sub_write_opts_init(&o);
	o.lang_mask = mask;
	struct sub_buf b = {0};
	if (sub_ass_write_script(p, &o, 1280, 720, &b) || !b.data)
		return NULL;
	char *zh = strstr(b.data, "Style: ZH,");
	char *col = zh ? strstr(zh, "&H00FFFFFF") : NULL;
	if (col)
		memcpy(col, "&H0000FF00", 10);
	return b.data;
}

static void test_render(void)
{
	struct sub_project *p = load_sample();
	if (!p)
		return;
	/* both languages: Chinese (green) entirely above English (white) */
	struct box w, g, w1, g1;
	int other;
	char *s = script_green_zh(p, 0);
	CHECK(s && render(s, 2000, &w, &g, &other) == 0);
	CHECK(w.n > 0 && g.n > 0);
	CHECK(g.bottom <= w.top);
	CHECK(!other);
	free(s);
	/* English alone sits where it sat below the Chinese: the bottom line */
	s = script_green_zh(p, 2);
	CHECK(s && render(s, 2000, &w1, &g1, &other) == 0);
	CHECK(w1.n > 0 && g1.n == 0 && w1.bottom == w.bottom);
	free(s);
	/* Chinese alone moves down to the bottom line */
	s = script_green_zh(p, 1);
	CHECK(s && render(s, 2000, &w1, &g1, &other) == 0);
	CHECK(g1.n > 0 && w1.n == 0 && g1.bottom > g.bottom);
	free(s);
	sub_project_free(p);

	/* injected override tags stay text: no red, no 120 px font, no line break */
	p = sub_project_new();
	sub_project_add_lang(p, "en");
	p->timed = 1;
	struct sub_turn *t = sub_project_add_turn(p);
	t->end_ms = 4000;
	struct sub_cue *c = sub_turn_add_cue(t);
	c->end_ms = 4000;
	sub_set_str(&c->text[0], "{\\fs120\\c&H0000FF&}big \\N not a break \\{x\\}");
	sub_set_str(&t->text[0], c->text[0]);
	s = script_green_zh(p, 0);
	struct box plain;
	CHECK(s && render(s, 1000, &w, &g, &other) == 0);
	CHECK(w.n > 0 && !other);
	free(s);
	sub_set_str(&c->text[0], "fs120 c big N not a break x");
	sub_set_str(&t->text[0], c->text[0]);
	s = script_green_zh(p, 0);
	CHECK(s && render(s, 1000, &plain, &g, &other) == 0);
	free(s);
	/* one line of the same height as plain text, and wider (the braces are drawn) */
	CHECK(w.bottom - w.top <= (plain.bottom - plain.top) * 3 / 2);
	CHECK(w.right > plain.right);
	sub_project_free(p);
}

int main(void)
{
	test_bilingual();
	test_escape();
	test_errors();
	test_render();
	round_trip("ass", 5, RT_LANGS | RT_STABLE);
	CHECK(sub_format_probe("[Script Info]\n", 14) == &sub_format_ass);
	return tap_done();
}
