/*
 * med_decode_av.h: the decoder's second source, FFmpeg's libavformat and libavcodec, for
 * what libsndfile does not read: AAC in M4A/MP4 (phone recordings, podcasts), WebM and
 * Matroska, video files with an audio track, AMR, WMA. Frames come out as interleaved float
 * at the file's own rate and channel count; med_decode.c mixes and resamples them as it
 * does libsndfile's. Internal to media/.
 */
#ifndef MED_DECODE_AV_H
#define MED_DECODE_AV_H

#include <stddef.h>
#include <stdint.h>

struct med_av; /* opaque */

/*
 * Opens the best audio stream of path. *rate and *channels get the source's; *n_frames the
 * length in frames when the container knows it, else -1. Returns MED_OK, MED_ERR_FORMAT
 * (no decodable audio stream) or MED_ERR_NOMEM.
 */
int med_av_open(const char *path, struct med_av **out, int *rate, int *channels,
                int64_t *n_frames);

/* Reads up to max_frames interleaved float frames. Returns the frames read, 0 at the end,
 * or MED_ERR_IO. */
long med_av_read(struct med_av *a, float *buf, size_t max_frames);

/* Moves to a source frame; the next read starts there (to the frame, by decoding from the
 * key frame before it). Returns MED_OK or MED_ERR_IO. */
int med_av_seek(struct med_av *a, int64_t frame);

void med_av_free(struct med_av *a);

#endif
