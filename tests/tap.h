/* tap.h: the smallest test harness: CHECK() counts and reports, tap_done() sums up. */
#ifndef TSYNC_TAP_H
#define TSYNC_TAP_H

#include <stdio.h>

static int tap_pass, tap_fail;

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (cond) {                                                            \
			tap_pass++;                                                    \
		} else {                                                               \
			tap_fail++;                                                    \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                \
		}                                                                      \
	} while (0)

static inline int tap_done(void)
{
	printf("%d passed, %d failed\n", tap_pass, tap_fail);
	return tap_fail ? 1 : 0;
}

#endif
