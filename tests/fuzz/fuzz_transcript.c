/* fuzz_transcript.c: libFuzzer target: read a transcript, split it into cues, check it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sub_model.h"
#include "sub_segment.h"
#include "sub_transcript.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sub_project *p = NULL;
	struct sub_error err;
	struct sub_transcript_opts o = {NULL, NULL, 0, "fuzz", 0};
	/* the first byte picks a variant: given speakers, a forced language */
	static const char *const names[] = {"Host", "主持人", "A"};
	if (size && data[0] == 'S') {
		o.speakers = names;
		o.n_speakers = 3;
	}
	if (size && data[0] == 'L')
		o.lang = "zh";
	int rc = sub_transcript_parse((const char *)data, size, &o, &p, &err);
	if ((rc == SUB_OK) != (p != NULL))
		abort();
	if (!p)
		return 0;
	if (sub_segment_project(p, NULL) != SUB_OK)
		abort();
	if (sub_project_validate(p, &err) != SUB_OK)
		abort(); /* cues must partition the turn texts */
	/* pair the text with itself under another language and segment both */
	struct sub_project *q = sub_project_dup(p);
	if (q) {
		strcpy(q->lang[0], strcmp(p->lang[0], "en") ? "en" : "zh");
		if (sub_project_add_translation(p, q, &err) == SUB_OK) {
			if (sub_segment_project(p, sub_preset_by_name("bbc")) != SUB_OK ||
			    sub_project_validate(p, &err) != SUB_OK)
				abort();
		}
		sub_project_free(q);
	}
	sub_project_free(p);
	return 0;
}
