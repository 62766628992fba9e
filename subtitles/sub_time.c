/* sub_time.c: timestamp parsing and writing for all formats. */
#include "sub_time.h"

#include <math.h>
#include <stdio.h>

static int64_t clamp_ms(int64_t ms)
{
	if (ms < 0)
		return 0;
	if (ms > SUB_TIME_MAX_MS)
		return SUB_TIME_MAX_MS;
	return ms;
}

char *sub_time_format(int64_t ms, enum sub_time_style style, char *buf, size_t size)
{
	if (!buf || !size)
		return buf;
	ms = clamp_ms(ms);
	long long h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, f = ms % 1000;
	switch (style) {
	case SUB_TIME_SRT:
		snprintf(buf, size, "%02lld:%02lld:%02lld,%03lld", h, m, s, f);
		break;
	case SUB_TIME_VTT:
		snprintf(buf, size, "%02lld:%02lld:%02lld.%03lld", h, m, s, f);
		break;
	case SUB_TIME_ASS: {
		int64_t cs = (ms + 5) / 10;
		snprintf(buf, size, "%lld:%02lld:%02lld.%02lld", (long long)(cs / 360000),
		         (long long)(cs / 6000 % 60), (long long)(cs / 100 % 60),
		         (long long)(cs % 100));
		break;
	}
	case SUB_TIME_LRC: {
		int64_t cs = (ms + 5) / 10;
		snprintf(buf, size, "%02lld:%02lld.%02lld", (long long)(cs / 6000),
		         (long long)(cs / 100 % 60), (long long)(cs % 100));
		break;
	}
	case SUB_TIME_SECONDS3:
		snprintf(buf, size, "%lld.%03lld", (long long)(ms / 1000), f);
		break;
	case SUB_TIME_SECONDS6:
		snprintf(buf, size, "%lld.%03lld000", (long long)(ms / 1000), f);
		break;
	default:
		buf[0] = 0;
	}
	return buf;
}

static int fail(size_t at, const char *msg, size_t *col, const char **why)
{
	if (col)
		*col = at;
	if (why)
		*why = msg;
	return -1;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads up to max_digits digits at s[*i]; returns the count read (0: none). */
static int read_num(const char *s, size_t len, size_t *i, int max_digits, int64_t *v)
{
	int n = 0;
	int64_t x = 0;
	while (*i < len && is_digit(s[*i])) {
		if (n == max_digits)
			return -1;
		x = x * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	*v = x;
	return n;
}

/* Reads a fraction after its separator: 1..9 digits, rounded to ms. */
static int read_fraction(const char *s, size_t len, size_t *i, int64_t *frac_ms, size_t *col,
                         const char **why)
{
	size_t start = *i;
	int64_t v = 0;
	int n = read_num(s, len, i, 9, &v);
	if (n < 0)
		return fail(*i, "too many digits in the fraction", col, why);
	if (n == 0)
		return fail(start, "expected digits after the decimal separator", col, why);
	int64_t scale = 1;
	for (int k = 0; k < n; k++)
		scale *= 10;
	*frac_ms = (v * 1000 * 2 + scale) / (scale * 2);
	return 0;
}

int sub_time_parse_clock(const char *s, size_t len, unsigned flags, int64_t *ms, size_t *used,
                         size_t *col, const char **why)
{
	if (!s || !ms)
		return fail(0, "no timestamp", col, why);
	int64_t f[3] = {0, 0, 0};
	size_t fpos[3] = {0, 0, 0};
	int fdig[3] = {0, 0, 0};
	int nf = 0;
	size_t i = 0;
	for (;;) {
		fpos[nf] = i;
		int n = read_num(s, len, &i, nf == 0 ? 9 : 2, &f[nf]);
		if (n < 0)
			return fail(i, nf == 0 ? "number too large" : "expected two digits", col,
			            why);
		if (n == 0)
			return fail(i, "expected a digit", col, why);
		fdig[nf] = n;
		nf++;
		if (nf < 3 && i < len && s[i] == ':') {
			i++;
			continue;
		}
		break;
	}
	if (nf < 2)
		return fail(i, "expected ':' in the time", col, why);
	if (nf == 2 && (flags & SUB_TIME_NEED_HOURS))
		return fail(0, "expected hours (H:MM:SS.cc)", col, why);
	/* minutes and seconds have two digits: "00:0" is a truncated time, not 0 s */
	for (int k = nf == 3 ? 1 : 0; k < nf; k++)
		if (fdig[k] != 2 && !(nf == 2 && k == 0 && (flags & SUB_TIME_FREE_MINUTES)))
			return fail(fpos[k], "expected two digits", col, why);
	int64_t h = 0, m, sec;
	if (nf == 3) {
		h = f[0];
		m = f[1];
		sec = f[2];
		if (m > 59)
			return fail(fpos[1], "minutes/seconds out of range", col, why);
	} else {
		m = f[0];
		sec = f[1];
		if (m > 59 && !(flags & SUB_TIME_FREE_MINUTES))
			return fail(fpos[0], "minutes/seconds out of range", col, why);
	}
	if (sec > 59)
		return fail(fpos[nf - 1], "minutes/seconds out of range", col, why);
	int64_t frac = 0;
	if (i < len && (s[i] == '.' || (s[i] == ',' && !(flags & SUB_TIME_NO_COMMA)))) {
		i++;
		if (read_fraction(s, len, &i, &frac, col, why))
			return -1;
	} else if (flags & SUB_TIME_NEED_FRACTION) {
		return fail(i, "expected '.' and the milliseconds", col, why);
	}
	if (h > SUB_TIME_MAX_MS / 3600000 || m > SUB_TIME_MAX_MS / 60000)
		return fail(0, "time too large", col, why);
	int64_t t = ((h * 60 + m) * 60 + sec) * 1000 + frac;
	if (t > SUB_TIME_MAX_MS)
		return fail(0, "time too large", col, why);
	*ms = t;
	if (used)
		*used = i;
	return 0;
}

int sub_time_parse_seconds(const char *s, size_t len, int64_t *ms, size_t *used, size_t *col,
                           const char **why)
{
	if (!s || !ms)
		return fail(0, "no timestamp", col, why);
	size_t i = 0;
	int64_t whole = 0;
	int n = read_num(s, len, &i, 12, &whole);
	if (n < 0)
		return fail(i, "number too large", col, why);
	if (n == 0)
		return fail(i,
		            i < len && s[i] == '-' ? "negative time"
		                                   : "expected a number of seconds",
		            col, why);
	int64_t frac = 0;
	if (i < len && s[i] == '.') {
		i++;
		if (read_fraction(s, len, &i, &frac, col, why))
			return -1;
	}
	if (whole > SUB_TIME_MAX_MS / 1000 || whole * 1000 + frac > SUB_TIME_MAX_MS)
		return fail(0, "time too large", col, why);
	*ms = whole * 1000 + frac;
	if (used)
		*used = i;
	return 0;
}

int sub_time_from_double(double d, int64_t *ms)
{
	if (!ms || !isfinite(d) || d < 0 || d * 1000.0 > (double)SUB_TIME_MAX_MS)
		return -1;
	*ms = (int64_t)llround(d * 1000.0);
	return 0;
}
