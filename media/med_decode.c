/* med_decode.c: libsndfile reading (FFmpeg for what it does not read), mono mixing and
 * libsamplerate resampling in blocks. */
#include "med_decode.h"

#include <limits.h>
#include <math.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "med_decode_av.h"

#define DEC_BLOCK 4096 /* source frames read per libsndfile call */
#define DEC_CANCEL 0.05 /* (see dec_fill()) */
#define DEC_ADD 0.5

struct med_decoder {
	SNDFILE *sf;
	struct med_av *av; /* instead of sf, for formats libsndfile does not read */
	SF_INFO info;      /* source rate, channels and frames (SF_COUNT_MAX: unknown) */
	int out_rate;
	int out_channels;
	SRC_STATE *src; /* NULL when no resampling */
	double ratio;   /* out_rate / source rate */
	float *raw;     /* DEC_BLOCK * source channels */
	float *in;      /* DEC_BLOCK * out_channels: mixed source frames waiting for src */
	size_t in_len;  /* frames in in[] */
	size_t in_pos;  /* first unused frame in in[] */
	int src_eof;    /* the file is exhausted */
	int done;       /* the resampler has been flushed */
	int sign;       /* stereo mixed to mono: 1 as L + R, -1 as L - R (see dec_fill()) */
};

static int dec_fill(struct med_decoder *d)
{
	sf_count_t got;
	int ch = d->info.channels;

	got = d->av ? (sf_count_t)med_av_read(d->av, d->raw, DEC_BLOCK)
	            : sf_readf_float(d->sf, d->raw, DEC_BLOCK);
	if (got < 0)
		return MED_ERR_IO;
	if (got == 0) {
		if (d->sf && sf_error(d->sf) != SF_ERR_NO_ERROR)
			return MED_ERR_IO;
		d->src_eof = 1;
		d->in_len = d->in_pos = 0;
		return MED_OK;
	}
	if (d->out_channels == 1 && ch == 2) {
		/* A stereo recording with one channel inverted (a miswired balanced lead)
		 * cancels in L + R: the mix had read as silence ("the audio is silent"). A
		 * block whose sum holds under DEC_CANCEL of the two channels' power is mixed as
		 * L - R, until a block whose sum holds more than DEC_ADD (two channels of one
		 * voice give 2, unrelated ones 1, an inverted pair 0); silence keeps the way. */
		double el = 0, er = 0, es = 0;
		for (sf_count_t i = 0; i < got; i++) {
			double l = d->raw[2 * i], r = d->raw[2 * i + 1];
			el += l * l;
			er += r * r;
			es += (l + r) * (l + r);
		}
		if (el + er > 1e-10 * (double)got) {
			if (es < DEC_CANCEL * (el + er))
				d->sign = -1;
			else if (es > DEC_ADD * (el + er))
				d->sign = 1;
		}
		for (sf_count_t i = 0; i < got; i++)
			d->in[i] = 0.5f * (d->raw[2 * i] + (float)d->sign * d->raw[2 * i + 1]);
	} else if (d->out_channels == 1 && ch > 1) {
		float g = 1.0f / (float)ch;
		for (sf_count_t i = 0; i < got; i++) {
			float s = 0;
			for (int c = 0; c < ch; c++)
				s += d->raw[i * ch + c];
			d->in[i] = s * g;
		}
	} else {
		memcpy(d->in, d->raw, (size_t)got * (size_t)ch * sizeof(float));
	}
	d->in_len = (size_t)got;
	d->in_pos = 0;
	return MED_OK;
}

int med_decoder_open(const char *path, int out_rate, int out_channels, struct med_decoder **out)
{
	struct med_decoder *d;
	int err, ch;
	FILE *probe;
	struct stat st;

	if (!out)
		return MED_ERR_ARG;
	*out = NULL;
	if (!path || out_rate < 0 || out_rate > 768000 || (out_channels != 0 && out_channels != 1))
		return MED_ERR_ARG;
	probe = fopen(path, "rb");
	if (!probe)
		return MED_ERR_IO;
	/* A folder opens but reads nothing, and a file of no bytes is no format's fault. */
	if (fstat(fileno(probe), &st) != 0 || S_ISDIR(st.st_mode)) {
		fclose(probe);
		return MED_ERR_IO;
	}
	fclose(probe);
	if (S_ISREG(st.st_mode) && st.st_size == 0)
		return MED_ERR_EMPTY;
	d = calloc(1, sizeof(*d));
	if (!d)
		return MED_ERR_NOMEM;
	d->sign = 1;
	d->sf = sf_open(path, SFM_READ, &d->info);
	if (!d->sf) {
		/* Not a format libsndfile reads: AAC (M4A, MP4), WebM, a video's sound... */
		int64_t frames = -1;
		memset(&d->info, 0, sizeof(d->info));
		err = med_av_open(path, &d->av, &d->info.samplerate, &d->info.channels, &frames);
		if (err)
			goto out_free;
		d->info.frames = frames >= 0 ? (sf_count_t)frames : SF_COUNT_MAX;
	}
	if (d->info.channels < 1 || d->info.channels > 64 || d->info.samplerate < 1000 ||
	    d->info.samplerate > 768000) {
		err = MED_ERR_FORMAT;
		goto out_free;
	}
	if (d->info.frames == 0) {
		err = MED_ERR_EMPTY;
		goto out_free;
	}
	/* Integer formats scaled to -1..1; keep floats as they are. */
	if (d->sf)
		sf_command(d->sf, SFC_SET_NORM_FLOAT, NULL, SF_TRUE);
	ch = d->info.channels;
	d->out_channels = out_channels == 1 ? 1 : ch;
	d->raw = malloc((size_t)DEC_BLOCK * (size_t)ch * sizeof(float));
	d->in = malloc((size_t)DEC_BLOCK * (size_t)ch * sizeof(float));
	if (!d->raw || !d->in) {
		err = MED_ERR_NOMEM;
		goto out_free;
	}
	err = med_decoder_set_rate(d, out_rate);
	if (err)
		goto out_free;
	*out = d;
	return MED_OK;

out_free:
	med_decoder_free(d);
	return err;
}

int med_decoder_set_rate(struct med_decoder *d, int out_rate)
{
	int serr = 0;

	if (!d || out_rate < 0 || out_rate > 768000 || d->in_len || d->src_eof || d->done)
		return MED_ERR_ARG;
	d->out_rate = out_rate ? out_rate : d->info.samplerate;
	if (d->src) {
		src_delete(d->src);
		d->src = NULL;
	}
	if (d->out_rate != d->info.samplerate) {
		d->ratio = (double)d->out_rate / (double)d->info.samplerate;
		d->src = src_new(SRC_SINC_FASTEST, d->out_channels, &serr);
		if (!d->src)
			return MED_ERR_NOMEM;
	}
	return MED_OK;
}

void med_decoder_info(const struct med_decoder *d, int *rate, int *channels, int64_t *n_frames)
{
	if (rate)
		*rate = d ? d->out_rate : 0;
	if (channels)
		*channels = d ? d->out_channels : 0;
	if (n_frames) {
		if (!d || d->info.frames <= 0 || d->info.frames == SF_COUNT_MAX)
			*n_frames = -1;
		else if (d->out_rate == d->info.samplerate)
			*n_frames = (int64_t)d->info.frames;
		else
			*n_frames = (int64_t)llround((double)d->info.frames * d->out_rate /
			                             d->info.samplerate);
	}
}

void med_decoder_source_info(const struct med_decoder *d, int *rate, int *channels)
{
	if (rate)
		*rate = d ? d->info.samplerate : 0;
	if (channels)
		*channels = d ? d->info.channels : 0;
}

long med_decoder_read(struct med_decoder *d, float *buf, size_t max_frames)
{
	size_t done = 0;
	int oc, r;

	if (!d || (!buf && max_frames))
		return MED_ERR_ARG;
	if (max_frames > LONG_MAX / 2)
		max_frames = LONG_MAX / 2;
	oc = d->out_channels;
	while (done < max_frames && !d->done) {
		if (d->in_pos >= d->in_len && !d->src_eof) {
			r = dec_fill(d);
			if (r < 0)
				return r;
		}
		if (!d->src) {
			size_t n = d->in_len - d->in_pos;
			if (n == 0) {
				if (d->src_eof)
					d->done = 1;
				continue;
			}
			if (n > max_frames - done)
				n = max_frames - done;
			memcpy(buf + done * (size_t)oc, d->in + d->in_pos * (size_t)oc,
			       n * (size_t)oc * sizeof(float));
			d->in_pos += n;
			done += n;
		} else {
			SRC_DATA sd;
			memset(&sd, 0, sizeof(sd));
			sd.data_in = d->in + d->in_pos * (size_t)oc;
			sd.input_frames = (long)(d->in_len - d->in_pos);
			sd.data_out = buf + done * (size_t)oc;
			sd.output_frames = (long)(max_frames - done);
			sd.src_ratio = d->ratio;
			sd.end_of_input = d->src_eof;
			if (src_process(d->src, &sd) != 0)
				return MED_ERR_IO;
			d->in_pos += (size_t)sd.input_frames_used;
			done += (size_t)sd.output_frames_gen;
			if (d->src_eof && sd.output_frames_gen == 0)
				d->done = 1;
		}
	}
	return (long)done;
}

int med_decoder_seek(struct med_decoder *d, int64_t frame)
{
	sf_count_t pos;

	if (!d || frame < 0)
		return MED_ERR_ARG;
	if (d->out_rate == d->info.samplerate)
		pos = (sf_count_t)frame;
	else
		pos = (sf_count_t)llround((double)frame * d->info.samplerate / d->out_rate);
	if (d->info.frames > 0 && pos > d->info.frames)
		pos = d->info.frames;
	if (d->av ? med_av_seek(d->av, (int64_t)pos) != MED_OK : sf_seek(d->sf, pos, SEEK_SET) < 0)
		return MED_ERR_IO;
	if (d->src)
		src_reset(d->src);
	d->in_len = d->in_pos = 0;
	d->src_eof = 0;
	d->done = 0;
	return MED_OK;
}

void med_decoder_free(struct med_decoder *d)
{
	if (!d)
		return;
	if (d->sf)
		sf_close(d->sf);
	med_av_free(d->av);
	if (d->src)
		src_delete(d->src);
	free(d->raw);
	free(d->in);
	free(d);
}
