/* sub_preset.c: the presets' figures. */
#include "sub_preset.h"

#include <string.h>

static const struct sub_preset presets[] = {
	{
		.name = "netflix",
		.max_lines = 2,
		.min_duration_ms = 833, /* 5/6 s */
		.max_duration_ms = 7000,
		.min_gap_ms = 83, /* 2 frames at 24 fps */
		.chain_gap_ms = 500, /* 12 frames at 24 fps */
		.latin = {42, 17.0},
		.cjk = {16, 9.0},
	},
	{
		.name = "bbc",
		.max_lines = 2,
		.min_duration_ms = 1000,
		.max_duration_ms = 7000,
		.min_gap_ms = 80, /* 2 frames at 25 fps */
		.chain_gap_ms = 480, /* 12 frames at 25 fps */
		.latin = {37, 15.0}, /* 160-180 words a minute */
		.cjk = {16, 9.0},
	},
};

const struct sub_preset *sub_preset_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (!strcmp(presets[i].name, name))
			return &presets[i];
	return NULL;
}

const struct sub_preset *sub_preset_default(void)
{
	return &presets[0];
}

const struct sub_lang_rules *sub_preset_rules(const struct sub_preset *p, const char *lang)
{
	if (!p)
		p = sub_preset_default();
	if (lang && (!strncmp(lang, "zh", 2) || !strncmp(lang, "ja", 2) ||
		     !strncmp(lang, "ko", 2) || !strcmp(lang, "yue") || !strcmp(lang, "cmn")))
		return &p->cjk;
	return &p->latin;
}
