/* med_decode_av.c: FFmpeg (libavformat, libavcodec, libswresample) as the decoder's second
 * source. */
#include "med_decode_av.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <dlfcn.h>
#include <libavutil/macros.h>
#include <libavutil/version.h>
#include <libswresample/version.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "med_common.h"

/*
 * FFmpeg's libraries are opened on first use, not linked: linked, their 160 dependencies
 * (video codecs included) cost every run of tsync 23 MB and the loading time, for a
 * fallback most files never need. The sonames are those of the headers built against.
 */
#define AV_FUNCS(X)                                                                                \
	X(avformat, avformat_open_input)                                                           \
	X(avformat, avformat_find_stream_info)                                                     \
	X(avformat, av_find_best_stream)                                                           \
	X(avformat, av_read_frame)                                                                 \
	X(avformat, av_seek_frame)                                                                 \
	X(avformat, avformat_close_input)                                                          \
	X(avcodec, avcodec_alloc_context3)                                                         \
	X(avcodec, avcodec_parameters_to_context)                                                  \
	X(avcodec, avcodec_open2)                                                                  \
	X(avcodec, avcodec_send_packet)                                                            \
	X(avcodec, avcodec_receive_frame)                                                          \
	X(avcodec, avcodec_flush_buffers)                                                          \
	X(avcodec, avcodec_free_context)                                                           \
	X(avcodec, av_packet_alloc)                                                                \
	X(avcodec, av_packet_free)                                                                 \
	X(avcodec, av_packet_unref)                                                                \
	X(swresample, swr_alloc_set_opts2)                                                         \
	X(swresample, swr_init)                                                                    \
	X(swresample, swr_convert)                                                                 \
	X(swresample, swr_free)                                                                    \
	X(avutil, av_frame_alloc)                                                                  \
	X(avutil, av_frame_free)                                                                   \
	X(avutil, av_frame_unref)                                                                  \
	X(avutil, av_log_set_level)                                                                \
	X(avutil, av_channel_layout_default)                                                       \
	X(avutil, av_channel_layout_uninit)                                                        \
	X(avutil, av_rescale_q)                                                                    \
	X(avutil, av_rescale)

struct av_api {
#define AV_PTR(lib, name) __typeof__(&name) name;
	AV_FUNCS(AV_PTR)
#undef AV_PTR
};

static struct av_api api;
static int api_ok;
static pthread_once_t api_once = PTHREAD_ONCE_INIT;

static void api_load(void)
{
	void *h_avutil = dlopen("libavutil.so." AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR),
	                        RTLD_NOW | RTLD_LOCAL);
	void *h_swresample = dlopen("libswresample.so." AV_STRINGIFY(LIBSWRESAMPLE_VERSION_MAJOR),
	                            RTLD_NOW | RTLD_LOCAL);
	void *h_avcodec = dlopen("libavcodec.so." AV_STRINGIFY(LIBAVCODEC_VERSION_MAJOR),
	                         RTLD_NOW | RTLD_LOCAL);
	void *h_avformat = dlopen("libavformat.so." AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR),
	                          RTLD_NOW | RTLD_LOCAL);

	if (!h_avutil || !h_swresample || !h_avcodec || !h_avformat)
		return; /* the handles stay open: a later call must not retry half-loaded */
#define AV_SYM(lib, name)                                                                          \
	*(void **)&api.name = dlsym(h_##lib, #name);                                               \
	if (!api.name)                                                                             \
		return;
	AV_FUNCS(AV_SYM)
#undef AV_SYM
	api.av_log_set_level(AV_LOG_QUIET); /* errors come back as codes */
	api_ok = 1;
}

struct med_av {
	AVFormatContext *fmt;
	AVCodecContext *codec;
	SwrContext *swr;
	AVPacket *pkt;
	AVFrame *frame;
	int stream;
	int rate, channels;
	float *fifo;     /* converted frames not yet read */
	size_t fifo_len; /* frames in fifo */
	size_t fifo_pos; /* first unread frame */
	size_t fifo_cap; /* frames fifo can hold */
	int64_t next;    /* source frame number of fifo[fifo_pos] (-1: unknown) */
	int64_t skip_to; /* after a seek: frames before this are dropped */
	int flushing;    /* the demuxer is exhausted, the decoder is being drained */
	int eof;         /* the decoder is drained */
};

/* Converts the decoded frame into the fifo (compacting it first). */
static int av_take_frame(struct med_av *a)
{
	int n = a->frame->nb_samples, got;
	uint8_t *dst;
	int64_t start = -1;

	if (n <= 0)
		return MED_OK;
	if (a->fifo_pos > 0) {
		memmove(a->fifo, a->fifo + a->fifo_pos * (size_t)a->channels,
		        (a->fifo_len - a->fifo_pos) * (size_t)a->channels * sizeof(float));
		a->fifo_len -= a->fifo_pos;
		a->fifo_pos = 0;
	}
	if (a->fifo_len + (size_t)n + 64 > a->fifo_cap) {
		size_t cap = (a->fifo_len + (size_t)n + 64) * 2;
		float *t = realloc(a->fifo, cap * (size_t)a->channels * sizeof(float));
		if (!t)
			return MED_ERR_NOMEM;
		a->fifo = t;
		a->fifo_cap = cap;
	}
	dst = (uint8_t *)(a->fifo + a->fifo_len * (size_t)a->channels);
	got = api.swr_convert(a->swr, &dst, (int)(a->fifo_cap - a->fifo_len),
	                      (const uint8_t **)a->frame->extended_data, n);
	if (got < 0)
		return MED_ERR_IO;
	if (a->frame->best_effort_timestamp != AV_NOPTS_VALUE) {
		AVStream *st = a->fmt->streams[a->stream];
		int64_t ts = a->frame->best_effort_timestamp;
		if (st->start_time != AV_NOPTS_VALUE)
			ts -= st->start_time;
		start = api.av_rescale_q(ts, st->time_base, (AVRational){1, a->rate});
	}
	/* After a seek, drop what comes before the target. */
	if (a->skip_to >= 0 && start >= 0) {
		int64_t drop = a->skip_to - start;
		if (drop >= got) {
			a->next = start + got;
			return MED_OK;
		}
		if (drop > 0) {
			memmove(dst, (float *)dst + drop * a->channels,
			        (size_t)(got - drop) * (size_t)a->channels * sizeof(float));
			got -= (int)drop;
			start += drop;
		}
		a->skip_to = -1;
	}
	if (a->fifo_len == 0)
		a->next = start;
	a->fifo_len += (size_t)got;
	return MED_OK;
}

/* Decodes until the fifo holds something or the stream ends. */
static int av_fill(struct med_av *a)
{
	while (a->fifo_pos >= a->fifo_len && !a->eof) {
		int r = api.avcodec_receive_frame(a->codec, a->frame);
		if (r == 0) {
			r = av_take_frame(a);
			api.av_frame_unref(a->frame);
			if (r)
				return r;
			continue;
		}
		if (r == AVERROR_EOF) {
			a->eof = 1;
			break;
		}
		if (r != AVERROR(EAGAIN))
			return MED_ERR_IO;
		if (a->flushing) {
			a->eof = 1;
			break;
		}
		r = api.av_read_frame(a->fmt, a->pkt);
		if (r < 0) {
			/* The end of the file (or a truncated one): drain the decoder. */
			a->flushing = 1;
			if (api.avcodec_send_packet(a->codec, NULL) < 0)
				a->eof = 1;
			continue;
		}
		if (a->pkt->stream_index == a->stream) {
			r = api.avcodec_send_packet(a->codec, a->pkt);
			/* A damaged packet is skipped, as players do. */
			if (r < 0 && r != AVERROR(EAGAIN) && r != AVERROR_INVALIDDATA) {
				api.av_packet_unref(a->pkt);
				return MED_ERR_IO;
			}
		}
		api.av_packet_unref(a->pkt);
	}
	return MED_OK;
}

int med_av_open(const char *path, struct med_av **out, int *rate, int *channels, int64_t *n_frames)
{
	struct med_av *a;
	const AVCodec *dec = NULL;
	AVStream *st;
	AVChannelLayout out_layout;
	int r = MED_ERR_FORMAT;

	*out = NULL;
	pthread_once(&api_once, api_load);
	if (!api_ok)
		return MED_ERR_FORMAT;
	a = calloc(1, sizeof(*a));
	if (!a)
		return MED_ERR_NOMEM;
	a->skip_to = -1;
	if (api.avformat_open_input(&a->fmt, path, NULL, NULL) < 0)
		goto fail;
	if (api.avformat_find_stream_info(a->fmt, NULL) < 0)
		goto fail;
	a->stream = api.av_find_best_stream(a->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, &dec, 0);
	if (a->stream < 0 || !dec)
		goto fail;
	st = a->fmt->streams[a->stream];
	a->codec = api.avcodec_alloc_context3(dec);
	if (!a->codec) {
		r = MED_ERR_NOMEM;
		goto fail;
	}
	if (api.avcodec_parameters_to_context(a->codec, st->codecpar) < 0 ||
	    api.avcodec_open2(a->codec, dec, NULL) < 0)
		goto fail;
	a->rate = a->codec->sample_rate;
	a->channels = a->codec->ch_layout.nb_channels;
	if (a->rate < 1000 || a->rate > 768000 || a->channels < 1 || a->channels > 64)
		goto fail;
	api.av_channel_layout_default(&out_layout, a->channels);
	if (api.swr_alloc_set_opts2(&a->swr, &out_layout, AV_SAMPLE_FMT_FLT, a->rate,
	                            &a->codec->ch_layout, a->codec->sample_fmt, a->rate, 0,
	                            NULL) < 0 ||
	    api.swr_init(a->swr) < 0) {
		api.av_channel_layout_uninit(&out_layout);
		goto fail;
	}
	api.av_channel_layout_uninit(&out_layout);
	a->pkt = api.av_packet_alloc();
	a->frame = api.av_frame_alloc();
	if (!a->pkt || !a->frame) {
		r = MED_ERR_NOMEM;
		goto fail;
	}
	*rate = a->rate;
	*channels = a->channels;
	*n_frames = -1;
	if (st->duration > 0 && st->duration != AV_NOPTS_VALUE)
		*n_frames = api.av_rescale_q(st->duration, st->time_base, (AVRational){1, a->rate});
	else if (a->fmt->duration > 0)
		*n_frames = api.av_rescale(a->fmt->duration, a->rate, AV_TIME_BASE);
	*out = a;
	return MED_OK;

fail:
	med_av_free(a);
	return r;
}

long med_av_read(struct med_av *a, float *buf, size_t max_frames)
{
	size_t done = 0;

	while (done < max_frames) {
		size_t n;
		int r = av_fill(a);
		if (r)
			return r;
		n = a->fifo_len - a->fifo_pos;
		if (n == 0)
			break;
		if (n > max_frames - done)
			n = max_frames - done;
		memcpy(buf + done * (size_t)a->channels,
		       a->fifo + a->fifo_pos * (size_t)a->channels,
		       n * (size_t)a->channels * sizeof(float));
		a->fifo_pos += n;
		if (a->next >= 0)
			a->next += (int64_t)n;
		done += n;
	}
	return (long)done;
}

int med_av_seek(struct med_av *a, int64_t frame)
{
	AVStream *st = a->fmt->streams[a->stream];
	int64_t ts = api.av_rescale_q(frame, (AVRational){1, a->rate}, st->time_base);

	if (st->start_time != AV_NOPTS_VALUE)
		ts += st->start_time;
	if (api.av_seek_frame(a->fmt, a->stream, ts, AVSEEK_FLAG_BACKWARD) < 0)
		return MED_ERR_IO;
	api.avcodec_flush_buffers(a->codec);
	a->fifo_len = a->fifo_pos = 0;
	a->next = -1;
	a->skip_to = frame;
	a->flushing = a->eof = 0;
	return MED_OK;
}

void med_av_free(struct med_av *a)
{
	if (!a || !api_ok)
		return;
	api.av_frame_free(&a->frame);
	api.av_packet_free(&a->pkt);
	api.swr_free(&a->swr);
	api.avcodec_free_context(&a->codec);
	api.avformat_close_input(&a->fmt);
	free(a->fifo);
	free(a);
}
