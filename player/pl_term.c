/* pl_term.c: playing without a display: captions printed in time with the audio clock. */
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <SDL.h>

#include "pl_audio.h"
#include "pl_edit.h"
#include "pl_player.h"

static void print_time(FILE *f, int64_t ms)
{
	fprintf(f, "[%02" PRId64 ":%02" PRId64 ".%03" PRId64 "]", ms / 60000, ms / 1000 % 60,
	        ms % 1000);
}

static const char *first_name(const struct sub_project *p, char *const *names)
{
	for (int l = 0; l < p->n_langs; l++)
		if (names[l] && names[l][0])
			return names[l];
	return NULL;
}

static void print_cue(const struct sub_project *p, long n, long *last_turn, int64_t clock,
                      int verbose)
{
	size_t t;
	const struct sub_cue *c = pl_cue_get(p, (size_t)n, &t);
	const struct sub_turn *turn = &p->turns[t];
	if ((long)t != *last_turn) {
		if (turn->chapter >= 0 && (size_t)turn->chapter < p->n_chapters &&
		    (t == 0 || p->turns[t - 1].chapter != turn->chapter)) {
			const char *title = first_name(p, p->chapters[turn->chapter].title);
			if (title)
				printf("\n== %s ==\n", title);
		}
		const char *who = turn->speaker >= 0 && (size_t)turn->speaker < p->n_speakers
		                          ? first_name(p, p->speakers[turn->speaker].name)
		                          : NULL;
		if (who) {
			/* Both names when they differ (王健 / Wang Jian). */
			printf("\n%s", who);
			for (int l = 0; l < p->n_langs; l++) {
				const char *nm = p->speakers[turn->speaker].name[l];
				if (nm && nm[0] && strcmp(nm, who)) {
					printf(" / %s", nm);
					break;
				}
			}
			printf(":\n");
		}
		*last_turn = (long)t;
	}
	print_time(stdout, c->start_ms);
	int first = 1;
	for (int l = 0; l < p->n_langs; l++) {
		if (!c->text[l] || !c->text[l][0])
			continue;
		printf("%s", first ? " " : "            ");
		/* A line break becomes a space, or nothing between two CJK characters. */
		for (const char *s = c->text[l]; *s; s++)
			if (*s != '\n')
				putchar(*s);
			else if (!(s > c->text[l] && (unsigned char)s[-1] >= 0x80 &&
			           (unsigned char)s[1] >= 0x80))
				putchar(' ');
		putchar('\n');
		first = 0;
	}
	if (first)
		putchar('\n');
	if (verbose)
		fprintf(stderr, "sync: cue %ld printed %+" PRId64 " ms after its start\n", n + 1,
		        clock - c->start_ms);
	fflush(stdout);
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Seeks to the start of cue n (flat index), if it exists. */
static void seek_cue(const struct sub_project *p, struct pl_audio *a, long n)
{
	const struct sub_cue *c = n >= 0 ? pl_cue_get(p, (size_t)n, NULL) : NULL;
	if (c)
		pl_audio_seek(a, c->start_ms);
}

/* One key of the terminal player; *esc tracks the arrow keys' escape sequences (ESC [ C).
 * Returns nonzero when the playhead moved. */
static int term_key(const struct sub_project *p, struct pl_audio *a, char ch, int *esc)
{
	int64_t now = pl_audio_clock_ms(a);
	if (*esc == 1) {
		*esc = ch == '[' ? 2 : 0;
		return 0;
	}
	if (*esc == 2) {
		*esc = 0;
		if (ch == 'C' || ch == 'D') {
			int64_t t = now + (ch == 'C' ? 5000 : -5000);
			pl_audio_seek(a, t < 0 ? 0 : t);
			return 1;
		}
		return 0;
	}
	switch (ch) {
	case 27:
		*esc = 1;
		return 0;
	case ' ':
		pl_audio_set_paused(a, !pl_audio_paused(a));
		return 0;
	case 'n': {
		long n = pl_cue_at_time(p, now);
		seek_cue(p, a, n >= 0 ? n + 1 : pl_cue_before_time(p, now) + 1);
		return 1;
	}
	case 'p': {
		long n = pl_cue_before_time(p, now - 1);
		seek_cue(p, a, n > 0 && pl_cue_at_time(p, now) == n ? n - 1 : n);
		return 1;
	}
	case '[':
	case ']': {
		double sp = pl_audio_speed(a) * (ch == ']' ? 1.1 : 1 / 1.1);
		pl_audio_set_speed(a, sp < 0.5 ? 0.5 : sp > 2.0 ? 2.0 : sp);
		return 0;
	}
	default:
		return 0;
	}
}

int pl_term_run(struct sub_project *p, const struct pl_player_opts *o)
{
	struct pl_audio *a = NULL;
	char err[512];
	struct termios saved;
	int raw = 0;
	if (pl_audio_open(o->audio_path, o->silent ? PL_AUDIO_SILENT : 0, &a, err, sizeof(err))) {
		fprintf(stderr, "tsync play: %s\n", err);
		return 1;
	}
	if (err[0])
		fprintf(stderr, "tsync play: %s\n", err);
	if (isatty(0) && tcgetattr(0, &saved) == 0) {
		struct termios t = saved;
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		t.c_cc[VMIN] = 0;
		t.c_cc[VTIME] = 0;
		raw = tcsetattr(0, TCSANOW, &t) == 0;
		fprintf(stderr, "tsync play: space pauses, left/right seek 5 s, p/n previous/next "
		                "cue, [ ] speed, q quits\n");
	}
	if (o->seek_ms > 0)
		pl_audio_seek(a, o->seek_ms);
	if (!o->start_paused)
		pl_audio_set_paused(a, 0);
	/* Ctrl+C stops the loop, so the terminal is given back as it was. */
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	long last = -1, last_turn = -1;
	int esc = 0;
	uint64_t wall0 = SDL_GetTicks64();
	int64_t dur = pl_audio_duration_ms(a);
	while (!interrupted) {
		int64_t clock = pl_audio_clock_ms(a);
		long n = pl_cue_at_time(p, clock);
		if (n >= 0 && n != last)
			print_cue(p, n, &last_turn, clock, o->verbose);
		last = n;
		if (o->until_ms >= 0 && clock >= o->until_ms)
			break;
		if (o->duration_s > 0 &&
		    (double)(SDL_GetTicks64() - wall0) / 1000.0 >= o->duration_s)
			break;
		if (dur >= 0 && clock >= dur)
			break;
		if (raw) {
			struct pollfd pfd = {0, POLLIN, 0};
			char ch;
			if (poll(&pfd, 1, 0) > 0 && read(0, &ch, 1) == 1) {
				if (ch == 'q')
					break;
				if (term_key(p, a, ch, &esc))
					last = -1; /* print the cue again after a seek */
			}
		}
		SDL_Delay(5);
	}
	if (raw)
		tcsetattr(0, TCSANOW, &saved);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	pl_audio_free(a);
	return 0;
}
