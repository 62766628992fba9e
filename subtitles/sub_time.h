/*
 * sub_time.h: timestamps of the subtitle formats, parsed and written.
 *
 * Every parser returns a status and passes the time out through a pointer: a bad
 * timestamp is never read as 0 ms. Times are int64_t milliseconds, never negative.
 */
#ifndef SUB_TIME_H
#define SUB_TIME_H

#include <stddef.h>
#include <stdint.h>

/* Largest time accepted: 100000 hours. Keeps every sum of two times far from overflow. */
#define SUB_TIME_MAX_MS ((int64_t)100000 * 3600 * 1000)

/* Enough room for any time written by sub_time_format(). */
#define SUB_TIME_BUF 32

enum sub_time_style {
	SUB_TIME_SRT,      /* 01:02:03,456 (hours at least two digits) */
	SUB_TIME_VTT,      /* 01:02:03.456 (hours always written) */
	SUB_TIME_ASS,      /* 1:02:03.46 (centiseconds, rounded to nearest) */
	SUB_TIME_LRC,      /* 62:03.46 (minutes unbounded, centiseconds) */
	SUB_TIME_SECONDS3, /* 3723.456 */
	SUB_TIME_SECONDS6, /* 3723.456000 (Audacity labels) */
};

/*
 * Writes ms (clamped to 0..SUB_TIME_MAX_MS) in the given style into buf (size >= 1,
 * SUB_TIME_BUF always suffices). Returns buf.
 */
char *sub_time_format(int64_t ms, enum sub_time_style style, char *buf, size_t size);

/* Flags for sub_time_parse_clock(). */
enum {
	SUB_TIME_NEED_HOURS = 1,    /* H:MM:SS required (ASS); else hours are optional */
	SUB_TIME_FREE_MINUTES = 2,  /* without hours, minutes may exceed 59 (LRC) */
	SUB_TIME_NEED_FRACTION = 4, /* the fraction after '.' or ',' is required */
	SUB_TIME_NO_COMMA = 8,      /* only '.' may separate the fraction (WebVTT, ASS) */
};

/*
 * Parses a clock time "[H+:]MM:SS[.,]fff" at s (at most len bytes; it stops at the first
 * byte that cannot continue the time). The fraction may have 1 to 9 digits and is rounded
 * to the nearest millisecond. Hours may have any number of digits up to the cap.
 *
 * On success returns 0, sets *ms and *used (bytes consumed). On failure returns -1, sets
 * *col to the 0-based offset of the offending byte and *why to a static message such as
 * "minutes/seconds out of range"; *ms is left alone. used, col and why may be NULL.
 */
int sub_time_parse_clock(const char *s, size_t len, unsigned flags, int64_t *ms, size_t *used,
                         size_t *col, const char **why);

/*
 * Parses decimal seconds "123.456" (aeneas, Audacity): digits, optionally '.' and digits,
 * rounded to the nearest millisecond. Same contract as sub_time_parse_clock().
 */
int sub_time_parse_seconds(const char *s, size_t len, int64_t *ms, size_t *used, size_t *col,
                           const char **why);

/* Converts seconds held in a double (JSON numbers) to ms, rounded to nearest. Returns 0, or
 * -1 when d is not finite, negative or beyond SUB_TIME_MAX_MS (then *ms is left alone). */
int sub_time_from_double(double d, int64_t *ms);

#endif
