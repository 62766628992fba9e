/*
 * sub_preset.h: the professional subtitle rules, set in one place.
 *
 * Segmentation (sub_segment.h) builds cues that follow a preset; the checker
 * (sub_check.h) reports cues that break it. Figures: Netflix timed text style guide
 * (42 chars/line English, 16 Chinese, 2 lines, 5/6 s to 7 s, 17 and 9 chars/s) and the BBC
 * subtitle guidelines (37 chars/line, 160-180 words/min, at least 0.3 s per word).
 */
#ifndef SUB_PRESET_H
#define SUB_PRESET_H

#include <stdint.h>

struct sub_lang_rules {
	int max_line_chars;   /* characters (code points) per line */
	double max_cps;       /* reading speed, characters per second */
};

struct sub_preset {
	const char *name;
	int max_lines;
	int64_t min_duration_ms;
	int64_t max_duration_ms;
	int64_t min_gap_ms;     /* gaps shorter than this (2 frames) are reported */
	int64_t chain_gap_ms;   /* a gap between two cues of one speaker shorter than this
	                           (12 frames) is closed to min_gap_ms: the first cue stays up
	                           until the next replaces it, no flicker (Netflix's chaining) */
	struct sub_lang_rules latin; /* English and other space-separated languages */
	struct sub_lang_rules cjk;   /* Chinese, Japanese, Korean */
};

/* Finds a preset by name ("netflix", "bbc"); NULL when unknown. */
const struct sub_preset *sub_preset_by_name(const char *name);
/* The default preset (netflix). */
const struct sub_preset *sub_preset_default(void);
/* The rules for a language code: CJK rules for zh, ja, ko, yue, cmn (Netflix sets 16
 * characters a line for Korean too); latin ones otherwise. */
const struct sub_lang_rules *sub_preset_rules(const struct sub_preset *p, const char *lang);

#endif
