/* sub_timing.c: lengthening cues that are on screen too briefly to be read, chaining. */
#include "sub_timing.h"

#include <math.h>
#include <string.h>

#include "sub_check.h"

int64_t sub_cue_reading_ms(const struct sub_project *p, const struct sub_cue *c,
                           const struct sub_preset *preset)
{
	const struct sub_preset *ps = preset ? preset : sub_preset_default();
	int64_t need = ps->min_duration_ms;
	for (int l = 0; l < p->n_langs; l++) {
		const char *s = c->text[l];
		if (!s || !s[0])
			continue;
		const struct sub_lang_rules *r = sub_preset_rules(ps, p->lang[l]);
		size_t chars = sub_check_visible_chars(s, strlen(s));
		if (r->max_cps <= 0)
			continue;
		int64_t ms = (int64_t)ceil((double)chars * 1000.0 / r->max_cps);
		if (ms > need)
			need = ms;
	}
	return need < ps->max_duration_ms ? need : ps->max_duration_ms;
}

int sub_project_fit_reading(struct sub_project *p, const struct sub_preset *preset,
                            size_t *n_changed)
{
	const struct sub_preset *ps = preset ? preset : sub_preset_default();
	size_t changed = 0;
	if (n_changed)
		*n_changed = 0;
	if (!p || !p->timed)
		return SUB_ERR_ARG;
	for (size_t i = 0; i < p->n_turns; i++) {
		struct sub_turn *t = &p->turns[i];
		for (size_t j = 0; j < t->n_cues; j++) {
			struct sub_cue *c = &t->cues[j];
			int64_t want = c->start_ms + sub_cue_reading_ms(p, c, ps);
			/* A short gap before the speaker's next cue is closed (chaining). */
			if (j + 1 < t->n_cues &&
			    t->cues[j + 1].start_ms - c->end_ms < ps->chain_gap_ms &&
			    t->cues[j + 1].start_ms - ps->min_gap_ms > want)
				want = t->cues[j + 1].start_ms - ps->min_gap_ms;
			if (c->end_ms >= want)
				continue;
			/* Up to the next cue of the turn, and never past the turn's end: turn
			 * times say when the speaker talks, and cues stay inside them. */
			int64_t limit = t->end_ms;
			if (j + 1 < t->n_cues && t->cues[j + 1].start_ms - ps->min_gap_ms < limit)
				limit = t->cues[j + 1].start_ms - ps->min_gap_ms;
			int64_t end = want < limit ? want : limit;
			if (end <= c->end_ms)
				continue;
			c->end_ms = end;
			changed++;
		}
	}
	if (n_changed)
		*n_changed = changed;
	return SUB_OK;
}
