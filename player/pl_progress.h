/*
 * pl_progress.h: a progress bar on a terminal, fed by med_progress_fn callbacks.
 *
 * "tsync: synthesis [########......]  57%  features [###...] 20%" redrawn in place on one
 * line of out, at most every 50 ms. Disabled (silent) when out is not a terminal. Several
 * stages may run at once (on different threads): the callback is thread-safe.
 */
#ifndef PL_PROGRESS_H
#define PL_PROGRESS_H

#include <pthread.h>
#include <stdio.h>

#define PL_PROGRESS_STAGES 4

struct pl_progress {
	FILE *out;
	int enabled; /* drawing at all (out is a terminal and the caller wants it) */
	int drawn;   /* something is on the line */
	double last_draw_s;
	pthread_mutex_t lock;
	struct {
		const char *name; /* static name from the callback */
		double fraction;
		int done;
	} stage[PL_PROGRESS_STAGES];
};

/* Starts a bar on out (stderr when NULL); want = 0 disables it. Release with
 * pl_progress_release(). */
void pl_progress_init(struct pl_progress *pr, FILE *out, int want);

/* med_progress_fn: user is a struct pl_progress *. Never asks to cancel. */
int pl_progress_cb(void *user, const char *stage, double fraction);

/* Clears the line (before printing a message, and at the end). */
void pl_progress_clear(struct pl_progress *pr);

void pl_progress_release(struct pl_progress *pr);

/* Monotonic seconds, for stage timings. */
double pl_progress_now(void);

#endif
