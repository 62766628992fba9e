/* rumble_util.h: the rumble scene the voice-activity tests share (test_med_features,
 * test_pl_peaks): a voice in two runs, 1.0-2.0 s and 3.0-4.5 s, under a rumble louder
 * than it. */
#ifndef TSYNC_RUMBLE_UTIL_H
#define TSYNC_RUMBLE_UTIL_H

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* The rumble at t seconds: sines at 25 and 35 Hz, swelling and fading in turn. */
static inline double rumble_at(double t)
{
	double sw = 0.5 + 0.5 * sin(2 * M_PI * 0.45 * t + 1.0);
	return 0.25 * sw * sin(2 * M_PI * 25 * t) + 0.15 * (1 - sw) * sin(2 * M_PI * 35 * t + 0.3);
}

/* Whether t seconds lies in one of the voice's two runs. */
static inline int voice_on(double t)
{
	return (t >= 1.0 && t < 2.0) || (t >= 3.0 && t < 4.5);
}

/* The voice at t seconds (a harmonic tone at 150 Hz); mind voice_on(). */
static inline double voice_at(double t)
{
	return 0.04 * sin(2 * M_PI * 150 * t) + 0.03 * sin(2 * M_PI * 450 * t) +
	       0.02 * sin(2 * M_PI * 1350 * t);
}

#endif
