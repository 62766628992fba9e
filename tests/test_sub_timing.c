/* test_sub_timing.c: cues too short to read are lengthened into the pause after them. */
#include <string.h>

#include "sub_model.h"
#include "sub_preset.h"
#include "sub_timing.h"
#include "tap.h"

static struct sub_cue *cue(struct sub_turn *t, int64_t s, int64_t e, const char *zh,
			   const char *en)
{
	struct sub_cue *c = sub_turn_add_cue(t);
	c->start_ms = s;
	c->end_ms = e;
	sub_set_str(&c->text[0], zh);
	sub_set_str(&c->text[1], en);
	return c;
}

static void set_text(struct sub_turn *t)
{
	char zh[512] = "", en[512] = "";
	for (size_t j = 0; j < t->n_cues; j++) {
		strcat(zh, t->cues[j].text[0]);
		strcat(en, t->cues[j].text[1]);
		strcat(en, " ");
	}
	sub_set_str(&t->text[0], zh);
	sub_set_str(&t->text[1], en);
}

int main(void)
{
	const struct sub_preset *nf = sub_preset_by_name("netflix");
	struct sub_project *p = sub_project_new();
	size_t n = 99;
	CHECK(sub_project_fit_reading(NULL, nf, &n) == SUB_ERR_ARG && n == 0);
	CHECK(sub_project_fit_reading(p, nf, NULL) == SUB_ERR_ARG); /* untimed */
	sub_project_add_lang(p, "zh");
	sub_project_add_lang(p, "en");
	p->timed = 1;

	/* 34 English characters need 2000 ms at 17 cps; 10 Chinese need 1112 ms at 9. */
	struct sub_turn *t = sub_project_add_turn(p);
	t->start_ms = 1000;
	t->end_ms = 6000;
	cue(t, 1000, 2000, "一二三四五六七八九十", "abcdefghij abcdefghij abcdefghijab");
	cue(t, 2500, 2600, "好", "ok"); /* too short: 833 ms minimum, but the next cue is near */
	cue(t, 3000, 3500, "好", "ok"); /* too short, room after it: grows to 833 ms */
	cue(t, 5000, 6000, "一二三四五六七八九十", "abcdefghij abcdefghij abcdefghij abcdefghij");
	set_text(t);
	struct sub_turn *u = sub_project_add_turn(p);
	u->start_ms = 6100;
	u->end_ms = 9000;
	cue(u, 6100, 9000, "一", "a");
	set_text(u);
	struct sub_error err;
	CHECK(sub_project_validate(p, &err) == SUB_OK);

	CHECK(sub_cue_reading_ms(p, &p->turns[0].cues[0], nf) == 2000);
	CHECK(sub_cue_reading_ms(p, &p->turns[0].cues[1], nf) == 833);
	CHECK(sub_project_fit_reading(p, nf, &n) == SUB_OK);
	t = &p->turns[0];
	/* needs 2000 ms from 1000, the next cue starts at 2500: ends 2 frames before it */
	CHECK(t->cues[0].start_ms == 1000 && t->cues[0].end_ms == 2500 - 83);
	CHECK(t->cues[1].start_ms == 2500 && t->cues[1].end_ms == 3000 - 83); /* stops at gap */
	CHECK(t->cues[2].end_ms == 3000 + 833);
	/* 43 chars need 2530 ms, but the turn (the speaker's talk) ends at 6000: the cue
	 * stays inside it. */
	CHECK(t->cues[3].end_ms == 6000 && t->end_ms == 6000);
	CHECK(p->turns[1].cues[0].end_ms == 9000);
	CHECK(n == 3);
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	/* Starts never move, a second pass changes nothing. */
	CHECK(sub_project_fit_reading(p, nf, &n) == SUB_OK && n == 0);

	/* Chaining: a 300 ms gap between a speaker's cues closes to 2 frames, a 600 ms one
	 * stays; none across turns. */
	struct sub_turn *v = sub_project_add_turn(p);
	v->start_ms = 10000;
	v->end_ms = 17000;
	cue(v, 10000, 12000, "一二三", "one two three");
	cue(v, 12300, 14000, "一二三", "one two three");
	cue(v, 14600, 16000, "一二三", "one two three");
	set_text(v);
	struct sub_turn *w = sub_project_add_turn(p);
	w->start_ms = 17200;
	w->end_ms = 19000;
	cue(w, 17200, 19000, "一", "a");
	set_text(w);
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	CHECK(sub_project_fit_reading(p, nf, &n) == SUB_OK && n == 1);
	v = &p->turns[2];
	CHECK(v->cues[0].end_ms == 12300 - 83);
	CHECK(v->cues[1].end_ms == 14000);
	CHECK(v->cues[2].end_ms == 16000 && v->end_ms == 17000);
	CHECK(sub_project_validate(p, &err) == SUB_OK);
	sub_project_free(p);
	return tap_done();
}
