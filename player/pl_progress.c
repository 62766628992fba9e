/* pl_progress.c: the terminal progress bar. */
#include "pl_progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

double pl_progress_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void pl_progress_init(struct pl_progress *pr, FILE *out, int want)
{
	memset(pr, 0, sizeof(*pr));
	pr->out = out ? out : stderr;
	pr->enabled = want && isatty(fileno(pr->out));
	pthread_mutex_init(&pr->lock, NULL);
}

static void progress_draw(struct pl_progress *pr)
{
	char line[256];
	size_t len = 0;

	len += (size_t)snprintf(line + len, sizeof(line) - len, "\rtsync:");
	for (int i = 0; i < PL_PROGRESS_STAGES && pr->stage[i].name; i++) {
		int filled = (int)(pr->stage[i].fraction * 20 + 0.5), k;
		if (pr->stage[i].done)
			continue;
		if (len + 64 >= sizeof(line))
			break;
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %s [", pr->stage[i].name);
		for (k = 0; k < 20; k++)
			line[len++] = k < filled ? '#' : '.';
		len += (size_t)snprintf(line + len, sizeof(line) - len, "] %3d%%",
		                        (int)(pr->stage[i].fraction * 100 + 0.5));
	}
	len += (size_t)snprintf(line + len, sizeof(line) - len, "\033[K");
	fwrite(line, 1, len, pr->out);
	fflush(pr->out);
	pr->drawn = 1;
}

int pl_progress_cb(void *user, const char *stage, double fraction)
{
	struct pl_progress *pr = user;
	double now;
	int i;

	if (!pr || !pr->enabled || !stage)
		return 0;
	pthread_mutex_lock(&pr->lock);
	for (i = 0; i < PL_PROGRESS_STAGES; i++)
		if (!pr->stage[i].name || !strcmp(pr->stage[i].name, stage))
			break;
	if (i == PL_PROGRESS_STAGES) {
		/* Reuse the slot of a finished stage. */
		for (i = 0; i < PL_PROGRESS_STAGES - 1 && !pr->stage[i].done; i++)
			;
	}
	pr->stage[i].name = stage;
	pr->stage[i].fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
	pr->stage[i].done = 0;
	now = pl_progress_now();
	if (now - pr->last_draw_s >= 0.05 || fraction >= 1.0) {
		progress_draw(pr);
		pr->last_draw_s = now;
	}
	if (fraction >= 1.0)
		pr->stage[i].done = 1;
	pthread_mutex_unlock(&pr->lock);
	return 0;
}

void pl_progress_clear(struct pl_progress *pr)
{
	if (!pr || !pr->enabled)
		return;
	pthread_mutex_lock(&pr->lock);
	if (pr->drawn) {
		fputs("\r\033[K", pr->out);
		fflush(pr->out);
		pr->drawn = 0;
	}
	pthread_mutex_unlock(&pr->lock);
}

void pl_progress_release(struct pl_progress *pr)
{
	if (!pr)
		return;
	pl_progress_clear(pr);
	pthread_mutex_destroy(&pr->lock);
}
