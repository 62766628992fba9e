/*
 * med_decode.h: streaming audio decoder (libsndfile or FFmpeg, then libsamplerate).
 *
 * Reads every format libsndfile reads (WAV, AIFF, FLAC, Ogg Vorbis, Opus, MP3 with
 * libsndfile >= 1.1) and, through FFmpeg's libraries, what it does not (AAC in M4A/MP4,
 * WebM, Matroska, the sound of a video), optionally mixes to mono and resamples to a fixed
 * rate, in blocks,
 * so a long file never sits whole in memory. Used by the aligner (16 kHz mono features)
 * and by the player (device rate, stereo).
 *
 * A decoder is a handle owned by one thread at a time; different decoders are independent.
 */
#ifndef MED_DECODE_H
#define MED_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "med_common.h"

struct med_decoder; /* opaque */

/*
 * Opens path for decoding. out_rate: the rate of the frames read (0: the file's own rate);
 * out_channels: 1 mixes all channels to mono, 0 keeps the file's channels (any other value
 * is MED_ERR_ARG). On success *out is a new decoder, free with med_decoder_free().
 * Returns MED_OK, MED_ERR_IO (cannot open), MED_ERR_FORMAT (not decodable audio),
 * MED_ERR_EMPTY (no frames), MED_ERR_NOMEM or MED_ERR_ARG.
 */
int med_decoder_open(const char *path, int out_rate, int out_channels, struct med_decoder **out);

/* Output rate, output channels and length in output frames (-1 when unknown). Any
 * pointer may be NULL. */
void med_decoder_info(const struct med_decoder *d, int *rate, int *channels, int64_t *n_frames);

/*
 * Changes the output rate (0: the file's own) before the first read, so that a caller can
 * choose it from med_decoder_source_info() without opening the file again. Returns MED_OK,
 * MED_ERR_ARG (after a read, or a bad rate) or MED_ERR_NOMEM.
 */
int med_decoder_set_rate(struct med_decoder *d, int out_rate);

/* The file's own sample rate and channel count (before mixing and resampling). */
void med_decoder_source_info(const struct med_decoder *d, int *rate, int *channels);

/*
 * Reads up to max_frames interleaved float frames (range about -1..1) at the output rate
 * into buf (max_frames * channels floats). Returns the number of frames read, 0 at the end,
 * or a negative med_result (MED_ERR_IO on a decoding error).
 */
long med_decoder_read(struct med_decoder *d, float *buf, size_t max_frames);

/* Moves to an output frame position (clamped to the length). The next read starts there.
 * Returns MED_OK or MED_ERR_IO (file not seekable). */
int med_decoder_seek(struct med_decoder *d, int64_t frame);

/* Closes the file and frees d. NULL does nothing. */
void med_decoder_free(struct med_decoder *d);

#endif
