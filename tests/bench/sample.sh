#!/usr/bin/env bash
# sample.sh BUILD_DIR [OUT_DIR]: the issue's English target, measured on recordings of the
# sample interview (data/wangjian/interview.en.txt) in its conditions that no earlier
# session had: two voices the aligner never uses (flite's, festival's), noise at -33 to
# -38 dBFS (pink, white, brown), reverb up to 30, tempo 0.92-1.08, WAV, FLAC, MP3, Ogg and
# Opus at 16 to 48 kHz, breaths, fillers, backchannels, edits. Made by
# tests/gen/tsync_gen.py with seeds used nowhere else (61001-61012), aligned by
# `tsync align` and scored by tests/eval/score.py against the generator's truth.
# Prints one line per recording (turn median / worst ms, time in sync %), then the count
# of recordings that meet each of the targets: turn median <= 30 ms, worst <= 200 ms, in
# sync >= 99.3 %. EG=1 runs echogarden (../shared/peers/echogarden/run.sh) on a 16 kHz copy
# too. Generation takes about a minute a recording on 2 cores the first time.
# SET=2 makes and scores a second twelve (sb01-sb12, seeds 62001-62012, first scored at
# 34b4bf4 on 2026-12-01): eight of the sample interview and one each of four other texts
# (tests/bench/texts/), also with a speaker 6 dB quieter and long pauses between turns.
# SET=3 makes a third twelve (sc01-sc12, seeds 63001-63012, first scored at c9ce0b8 on
# 2026-12-01): eight of the sample interview and four of other texts, tempo 0.93-1.08,
# 16-48 kHz, quieter speakers, overlaps.
# SET=4 makes a fourth twelve (sd01-sd12, seeds 64101-64112, first scored at 43e09a1 on
# 2026-12-01), all of the sample interview: espeak-ng's and eSpeak 1.48's English voices
# (other accents and variants than the aligner's) beside flite's and festival's, tempo
# 0.9-1.1, 8-44.1 kHz, an intro of music, a music bed, another voice under the talk,
# short gaps between turns.
# SET=5 makes a fifth twelve (se01-se12, seeds 65001-65012, first scored at fd4a9b4 on
# 2026-12-01), all of the sample interview in the issue's English condition: flite's and
# festival's voices, noise at -33 to -37 dBFS, reverberation up to 25, tempo 0.93-1.08.
# SET=6 makes a sixth twelve (sf01-sf12, seeds 66001-66012, recipes committed before any
# was made; first scored at the session of 2026-12-01, 12:56 UTC), likewise all of the
# sample interview in the issue's condition, other pairs of voices and seeds.
# SET=7 makes a seventh twelve (sg01-sg12, seeds 67001-67012, recipes committed before any
# was made): English spoken with an accent, all of the sample interview, the guest (and on
# three the host too) read by festival's Czech, Finnish and Catalan voices with their own
# languages' letter-to-sound rules, as a speaker whose English is not their first
# language (the Italian ones stop on "it's", "AI" and "%": not used); the host by flite's
# and festival's English voices; noise at -33 to -37 dBFS, reverberation up to 20, tempo
# 0.94-1.06. Beyond the issue's condition: scored as a test of accents, not of its
# targets.
# SET=8 makes an eighth twelve (sh01-sh12, seeds 68001-68012, recipes committed before any
# was made; first scored at the session of 2026-12-02, 06:40 UTC), all of the sample
# interview in the issue's condition: the same seven English voices of flite and festival
# as before, in pairs and conditions (noise, reverberation, tempo, rate, events) drawn
# afresh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
sh "$src/scripts/bootstrap.sh" >/dev/null
B=$(cd "${1:?build dir}" && pwd)
set_dir=sample
[ "${SET:-1}" = 1 ] || set_dir=sample${SET}
O=${2:-$HOME/.cache/tsync/$set_dir}
mkdir -p "$O"
W=$src/data/wangjian/interview.en.txt
T=$here/texts
G() { python3 "$src/tests/gen/tsync_gen.py" --cache "$HOME/.cache/tsync/gen" --jobs 2 -q "$@"; }

# name format text (interview: the sample interview; else tests/bench/texts/TEXT.en.txt)
# generator-options...
recipes=(
	"sa01 wav interview --voices flite:awb,festival:kal_diphone --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --seed 61001"
	"sa02 mp3 interview --voices festival:ked_diphone,flite:slt --noise-db -34 --noise-type white --tempo 1.04 --rate-jitter 0.08 --fillers 0.05 --seed 61002"
	"sa03 ogg interview --voices flite:rms,festival:cmu_us_slt_arctic_hts --noise-db -36 --noise-type brown --reverb 20 --rate-jitter 0.08 --backchannels 0.1 --seed 61003"
	"sa04 opus interview --voices flite:kal16,flite:awb --noise-db -33 --noise-type pink --tempo 0.95 --rate-jitter 0.1 --breaths 0.3 --seed 61004"
	"sa05 flac interview --voices festival:kal_diphone,festival:ked_diphone --noise-db -37 --noise-type white --reverb 15 --rate-jitter 0.08 --sample-rate 44100 --seed 61005"
	"sa06 mp3 interview --voices festival:cmu_us_slt_arctic_hts,flite:rms --noise-db -35 --noise-type pink --tempo 1.08 --rate-jitter 0.08 --backchannels 0.15 --fillers 0.05 --seed 61006"
	"sa07 wav interview --voices flite:slt,flite:kal --noise-db -34 --noise-type brown --reverb 30 --rate-jitter 0.08 --breaths 0.3 --sample-rate 22050 --seed 61007"
	"sa08 ogg interview --voices flite:awb,festival:ked_diphone --noise-db -38 --noise-type pink --tempo 0.92 --rate-jitter 0.1 --edits 0.1 --seed 61008"
	"sa09 opus interview --voices festival:ked_diphone,flite:kal16 --noise-db -35 --noise-type white --rate-jitter 0.08 --breaths 0.4 --overlap 0.05 --seed 61009"
	"sa10 flac interview --voices flite:rms,flite:slt --noise-db -36 --noise-type pink --reverb 10 --tempo 1.03 --rate-jitter 0.08 --fillers 0.05 --sample-rate 48000 --channels 2 --seed 61010"
	"sa11 mp3 interview --voices festival:kal_diphone,flite:awb --noise-db -33 --noise-type brown --tempo 0.97 --rate-jitter 0.1 --backchannels 0.1 --breaths 0.2 --seed 61011"
	"sa12 wav interview --voices festival:cmu_us_slt_arctic_hts,festival:kal_diphone --noise-db -35 --noise-type pink --reverb 20 --tempo 1.06 --rate-jitter 0.08 --edits 0.1 --seed 61012"
)
if [ "${SET:-1}" = 2 ]; then
	recipes=(
		"sb01 mp3 interview --voices flite:kal,festival:cmu_us_slt_arctic_hts --noise-db -35 --noise-type white --rate-jitter 0.1 --breaths 0.3 --fillers 0.05 --seed 62001"
		"sb02 ogg interview --voices festival:ked_diphone,flite:awb --noise-db -34 --noise-type pink --reverb 25 --tempo 0.94 --rate-jitter 0.08 --backchannels 0.15 --seed 62002"
		"sb03 wav interview --voices flite:slt,festival:kal_diphone --noise-db -36 --noise-type brown --tempo 1.07 --rate-jitter 0.08 --edits 0.1 --breaths 0.2 --sample-rate 44100 --seed 62003"
		"sb04 opus interview --voices flite:rms,flite:kal16 --noise-db -33 --noise-type white --reverb 10 --rate-jitter 0.1 --fillers 0.05 --long-pause-prob 0.2 --seed 62004"
		"sb05 flac interview --voices festival:cmu_us_slt_arctic_hts,festival:ked_diphone --noise-db -37 --noise-type pink --tempo 1.02 --rate-jitter 0.08 --breaths 0.4 --overlap 0.05 --backchannels 0.1 --seed 62005"
		"sb06 mp3 interview --voices flite:awb,flite:slt --noise-db -35 --noise-type brown --reverb 30 --tempo 0.97 --rate-jitter 0.08 --edits 0.1 --sample-rate 22050 --seed 62006"
		"sb07 wav interview --voices festival:kal_diphone,flite:rms --noise-db -34 --noise-type pink --rate-jitter 0.12 --breaths 0.3 --speaker-gain-db 0,-6 --seed 62007"
		"sb08 ogg interview --voices flite:kal16,festival:cmu_us_slt_arctic_hts --noise-db -36 --noise-type white --tempo 1.05 --rate-jitter 0.08 --fillers 0.08 --backchannels 0.1 --seed 62008"
		"sb09 mp3 ocean --voices flite:slt,festival:ked_diphone --noise-db -35 --noise-type pink --reverb 15 --rate-jitter 0.08 --breaths 0.3 --seed 62009"
		"sb10 flac bees --voices festival:kal_diphone,flite:awb --noise-db -34 --noise-type white --tempo 0.95 --rate-jitter 0.1 --edits 0.1 --seed 62010"
		"sb11 opus boats --voices flite:rms,festival:cmu_us_slt_arctic_hts --noise-db -36 --noise-type brown --rate-jitter 0.08 --fillers 0.05 --breaths 0.2 --seed 62011"
		"sb12 wav bridge --voices festival:ked_diphone,flite:kal --noise-db -33 --noise-type pink --reverb 20 --tempo 1.04 --rate-jitter 0.08 --backchannels 0.15 --seed 62012"
	)
fi
if [ "${SET:-1}" = 3 ]; then
	recipes=(
		"sc01 ogg interview --voices flite:slt,flite:rms --noise-db -36 --noise-type white --tempo 0.93 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --seed 63001"
		"sc02 flac interview --voices festival:ked_diphone,festival:cmu_us_slt_arctic_hts --noise-db -34 --noise-type brown --reverb 20 --rate-jitter 0.08 --fillers 0.05 --edits 0.1 --seed 63002"
		"sc03 mp3 interview --voices flite:kal16,festival:kal_diphone --noise-db -33 --noise-type pink --tempo 1.08 --rate-jitter 0.1 --breaths 0.4 --speaker-gain-db=-5,0 --seed 63003"
		"sc04 wav interview --voices flite:awb,flite:kal --noise-db -37 --noise-type pink --reverb 30 --rate-jitter 0.08 --backchannels 0.15 --long-pause-prob 0.2 --sample-rate 16000 --seed 63004"
		"sc05 opus interview --voices festival:cmu_us_slt_arctic_hts,flite:awb --noise-db -35 --noise-type white --tempo 0.96 --rate-jitter 0.12 --overlap 0.05 --breaths 0.3 --seed 63005"
		"sc06 ogg interview --voices festival:kal_diphone,flite:slt --noise-db -36 --noise-type brown --tempo 1.03 --rate-jitter 0.08 --fillers 0.08 --backchannels 0.1 --sample-rate 32000 --seed 63006"
		"sc07 mp3 interview --voices flite:rms,festival:ked_diphone --noise-db -35 --noise-type pink --reverb 10 --rate-jitter 0.1 --edits 0.1 --breaths 0.2 --speaker-gain-db 0,-7 --seed 63007"
		"sc08 flac interview --voices flite:kal,flite:kal16 --noise-db -34 --noise-type white --tempo 1.05 --rate-jitter 0.08 --breaths 0.3 --long-pause-prob 0.15 --sample-rate 48000 --channels 2 --seed 63008"
		"sc09 wav chef --voices flite:awb,festival:cmu_us_slt_arctic_hts --noise-db -35 --noise-type brown --reverb 15 --rate-jitter 0.08 --backchannels 0.15 --seed 63009"
		"sc10 opus ocean --voices festival:ked_diphone,flite:rms --noise-db -33 --noise-type white --tempo 0.94 --rate-jitter 0.1 --breaths 0.3 --seed 63010"
		"sc11 mp3 bees --voices flite:slt,festival:kal_diphone --noise-db -36 --noise-type pink --tempo 1.06 --rate-jitter 0.1 --fillers 0.05 --backchannels 0.1 --seed 63011"
		"sc12 ogg boats --voices festival:cmu_us_slt_arctic_hts,flite:kal --noise-db -34 --noise-type brown --reverb 25 --rate-jitter 0.08 --breaths 0.3 --edits 0.1 --seed 63012"
	)
fi

if [ "${SET:-1}" = 4 ]; then
	recipes=(
		"sd01 mp3 interview --voices espeak:en-gb-scotland+m2:165:45,flite:slt --noise-db -35 --noise-type pink --tempo 0.9 --rate-jitter 0.1 --breaths 0.3 --seed 64101"
		"sd02 ogg interview --voices festival:kal_diphone,espeak1:en+f2:170:60 --noise-db -34 --noise-type white --reverb 20 --rate-jitter 0.08 --backchannels 0.1 --seed 64102"
		"sd03 wav interview --voices flite:awb,festival:ked_diphone --noise-db -35 --noise-type brown --tempo 1.1 --rate-jitter 0.1 --fillers 0.08 --sample-rate 11025 --seed 64103"
		"sd04 opus interview --voices flite:slt,flite:rms --noise-db -36 --noise-type pink --intro-music 10 --rate-jitter 0.08 --breaths 0.3 --seed 64104"
		"sd05 flac interview --voices festival:cmu_us_slt_arctic_hts,flite:kal16 --noise-db -33 --noise-type white --reverb 15 --tempo 0.95 --rate-jitter 0.1 --overlap 0.08 --backchannels 0.15 --seed 64105"
		"sd06 mp3 interview --voices espeak:en-us+f4:155:70,festival:kal_diphone --noise-db -35 --noise-type pink --turn-pause-ms 150,400 --rate-jitter 0.08 --edits 0.1 --seed 64106"
		"sd07 ogg interview --voices flite:rms,festival:cmu_us_slt_arctic_hts --noise-db -34 --noise-type brown --babble -32 --rate-jitter 0.08 --seed 64107"
		"sd08 wav interview --voices festival:ked_diphone,flite:slt --noise-db -37 --noise-type white --long-pause-prob 0.25 --rate-jitter 0.12 --breaths 0.4 --sample-rate 8000 --seed 64108"
		"sd09 opus interview --voices flite:kal,espeak:en-029+m4:160:40 --noise-db -35 --noise-type pink --reverb 30 --tempo 1.05 --rate-jitter 0.08 --fillers 0.05 --seed 64109"
		"sd10 mp3 interview --voices festival:kal_diphone,flite:awb --noise-db -35 --noise-type white --music-bed -32 --rate-jitter 0.08 --backchannels 0.1 --seed 64110"
		"sd11 flac interview --voices flite:slt,festival:ked_diphone --noise-db -34 --noise-type pink --speaker-gain-db 0,-6 --tempo 1.07 --rate-jitter 0.1 --breaths 0.3 --channels 2 --sample-rate 44100 --seed 64111"
		"sd12 ogg interview --voices espeak1:en+m3:175:50,flite:slt --noise-db -36 --noise-type brown --tempo 0.92 --rate-jitter 0.1 --edits 0.1 --overlap 0.05 --seed 64112"
	)
fi

if [ "${SET:-1}" = 5 ]; then
	recipes=(
		"se01 ogg interview --voices flite:kal16,festival:ked_diphone --noise-db -35 --noise-type pink --tempo 1.02 --rate-jitter 0.1 --breaths 0.3 --seed 65001"
		"se02 mp3 interview --voices festival:cmu_us_slt_arctic_hts,flite:awb --noise-db -36 --noise-type white --rate-jitter 0.08 --fillers 0.05 --backchannels 0.1 --seed 65002"
		"se03 wav interview --voices flite:kal,flite:slt --noise-db -34 --noise-type brown --reverb 25 --tempo 0.96 --rate-jitter 0.08 --breaths 0.2 --sample-rate 44100 --seed 65003"
		"se04 flac interview --voices festival:kal_diphone,flite:rms --noise-db -35 --noise-type pink --rate-jitter 0.12 --edits 0.08 --long-pause-prob 0.15 --seed 65004"
		"se05 opus interview --voices flite:awb,festival:cmu_us_slt_arctic_hts --noise-db -33 --noise-type white --tempo 1.06 --rate-jitter 0.08 --overlap 0.05 --backchannels 0.1 --seed 65005"
		"se06 ogg interview --voices festival:ked_diphone,flite:kal --noise-db -37 --noise-type brown --reverb 10 --rate-jitter 0.1 --breaths 0.4 --fillers 0.05 --seed 65006"
		"se07 mp3 interview --voices flite:slt,festival:kal_diphone --noise-db -35 --noise-type pink --tempo 0.93 --rate-jitter 0.08 --speaker-gain-db 0,-4 --seed 65007"
		"se08 wav interview --voices flite:rms,flite:kal16 --noise-db -34 --noise-type white --reverb 20 --rate-jitter 0.1 --edits 0.1 --breaths 0.3 --sample-rate 22050 --seed 65008"
		"se09 flac interview --voices festival:cmu_us_slt_arctic_hts,festival:kal_diphone --noise-db -36 --noise-type brown --tempo 1.04 --rate-jitter 0.08 --backchannels 0.15 --sample-rate 48000 --channels 2 --seed 65009"
		"se10 opus interview --voices flite:kal16,flite:awb --noise-db -35 --noise-type pink --rate-jitter 0.1 --fillers 0.08 --long-pause-prob 0.2 --seed 65010"
		"se11 ogg interview --voices festival:ked_diphone,flite:slt --noise-db -33 --noise-type white --reverb 15 --tempo 0.98 --rate-jitter 0.08 --breaths 0.3 --overlap 0.05 --seed 65011"
		"se12 mp3 interview --voices flite:awb,festival:ked_diphone --noise-db -36 --noise-type pink --tempo 1.08 --rate-jitter 0.1 --edits 0.05 --backchannels 0.1 --seed 65012"
	)
fi

if [ "${SET:-1}" = 6 ]; then
	recipes=(
		"sf01 mp3 interview --voices festival:kal_diphone,flite:slt --noise-db -35 --noise-type brown --tempo 0.97 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --seed 66001"
		"sf02 ogg interview --voices flite:awb,flite:rms --noise-db -34 --noise-type pink --reverb 20 --rate-jitter 0.08 --fillers 0.06 --seed 66002"
		"sf03 flac interview --voices festival:cmu_us_slt_arctic_hts,flite:kal16 --noise-db -36 --noise-type white --tempo 1.05 --rate-jitter 0.1 --edits 0.08 --breaths 0.2 --seed 66003"
		"sf04 wav interview --voices flite:kal,festival:ked_diphone --noise-db -35 --noise-type pink --rate-jitter 0.08 --overlap 0.05 --backchannels 0.15 --sample-rate 44100 --seed 66004"
		"sf05 opus interview --voices festival:ked_diphone,festival:cmu_us_slt_arctic_hts --noise-db -33 --noise-type brown --reverb 15 --tempo 0.94 --rate-jitter 0.08 --breaths 0.4 --seed 66005"
		"sf06 mp3 interview --voices flite:slt,flite:awb --noise-db -37 --noise-type white --rate-jitter 0.12 --fillers 0.05 --long-pause-prob 0.15 --seed 66006"
		"sf07 ogg interview --voices festival:kal_diphone,flite:kal16 --noise-db -35 --noise-type pink --tempo 1.03 --rate-jitter 0.08 --speaker-gain-db=-5,0 --breaths 0.3 --seed 66007"
		"sf08 flac interview --voices flite:rms,festival:cmu_us_slt_arctic_hts --noise-db -34 --noise-type brown --reverb 25 --rate-jitter 0.1 --backchannels 0.1 --sample-rate 48000 --channels 2 --seed 66008"
		"sf09 wav interview --voices festival:ked_diphone,flite:kal --noise-db -36 --noise-type white --tempo 0.92 --rate-jitter 0.08 --edits 0.1 --sample-rate 22050 --seed 66009"
		"sf10 opus interview --voices flite:kal16,festival:kal_diphone --noise-db -35 --noise-type pink --rate-jitter 0.1 --breaths 0.3 --overlap 0.05 --fillers 0.05 --seed 66010"
		"sf11 mp3 interview --voices flite:awb,festival:ked_diphone --noise-db -33 --noise-type white --reverb 10 --tempo 1.08 --rate-jitter 0.08 --backchannels 0.1 --seed 66011"
		"sf12 ogg interview --voices festival:cmu_us_slt_arctic_hts,flite:rms --noise-db -37 --noise-type brown --rate-jitter 0.1 --breaths 0.2 --long-pause-prob 0.2 --edits 0.05 --seed 66012"
	)
fi

if [ "${SET:-1}" = 7 ]; then
	recipes=(
		"sg01 mp3 interview --voices flite:awb,festival:czech_machac --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.2 --seed 67001"
		"sg02 ogg interview --voices festival:kal_diphone,festival:suo_fi_lj_diphone --noise-db -34 --noise-type brown --tempo 1.04 --rate-jitter 0.1 --backchannels 0.1 --seed 67002"
		"sg03 flac interview --voices flite:slt,festival:hy_fi_mv_diphone --noise-db -36 --noise-type white --reverb 15 --rate-jitter 0.08 --fillers 0.05 --seed 67003"
		"sg04 wav interview --voices festival:ked_diphone,festival:czech_dita --noise-db -35 --noise-type pink --tempo 0.96 --rate-jitter 0.1 --breaths 0.3 --sample-rate 44100 --seed 67004"
		"sg05 opus interview --voices flite:rms,festival:czech_ph --noise-db -33 --noise-type white --rate-jitter 0.08 --edits 0.08 --seed 67005"
		"sg06 mp3 interview --voices festival:cmu_us_slt_arctic_hts,festival:upc_ca_ona_hts --noise-db -37 --noise-type brown --reverb 20 --rate-jitter 0.1 --backchannels 0.1 --seed 67006"
		"sg07 ogg interview --voices flite:kal16,festival:suo_fi_lj_diphone --noise-db -35 --noise-type pink --tempo 1.06 --rate-jitter 0.08 --long-pause-prob 0.15 --seed 67007"
		"sg08 flac interview --voices flite:awb,festival:czech_ph --noise-db -34 --noise-type white --rate-jitter 0.1 --overlap 0.05 --breaths 0.2 --sample-rate 48000 --channels 2 --seed 67008"
		"sg09 wav interview --voices festival:kal_diphone,festival:czech_krb --noise-db -36 --noise-type brown --tempo 0.94 --rate-jitter 0.08 --fillers 0.05 --sample-rate 22050 --seed 67009"
		"sg10 opus interview --voices festival:suo_fi_lj_diphone,festival:czech_machac --noise-db -35 --noise-type pink --reverb 10 --rate-jitter 0.1 --seed 67010"
		"sg11 mp3 interview --voices festival:hy_fi_mv_diphone,festival:upc_ca_ona_hts --noise-db -33 --noise-type white --tempo 1.02 --rate-jitter 0.08 --breaths 0.2 --seed 67011"
		"sg12 ogg interview --voices festival:upc_ca_ona_hts,festival:czech_dita --noise-db -37 --noise-type brown --rate-jitter 0.1 --backchannels 0.1 --edits 0.05 --seed 67012"
	)
fi

if [ "${SET:-1}" = 8 ]; then
	recipes=(
		"sh01 ogg interview --voices flite:rms,festival:kal_diphone --noise-db -35 --noise-type pink --tempo 1.02 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --seed 68001"
		"sh02 mp3 interview --voices festival:ked_diphone,flite:awb --noise-db -36 --noise-type brown --reverb 15 --rate-jitter 0.08 --fillers 0.05 --seed 68002"
		"sh03 wav interview --voices flite:kal16,flite:slt --noise-db -34 --noise-type white --tempo 0.95 --rate-jitter 0.1 --edits 0.06 --sample-rate 32000 --seed 68003"
		"sh04 flac interview --voices festival:cmu_us_slt_arctic_hts,festival:kal_diphone --noise-db -35 --noise-type pink --rate-jitter 0.08 --overlap 0.05 --breaths 0.2 --seed 68004"
		"sh05 opus interview --voices flite:awb,flite:kal --noise-db -37 --noise-type white --reverb 20 --tempo 1.06 --rate-jitter 0.1 --backchannels 0.15 --seed 68005"
		"sh06 ogg interview --voices festival:kal_diphone,flite:rms --noise-db -33 --noise-type brown --rate-jitter 0.12 --long-pause-prob 0.15 --fillers 0.04 --seed 68006"
		"sh07 mp3 interview --voices flite:slt,festival:ked_diphone --noise-db -35 --noise-type pink --tempo 0.93 --rate-jitter 0.08 --speaker-gain-db=0,-5 --breaths 0.3 --seed 68007"
		"sh08 wav interview --voices festival:cmu_us_slt_arctic_hts,flite:awb --noise-db -36 --noise-type white --rate-jitter 0.1 --edits 0.08 --sample-rate 44100 --channels 2 --seed 68008"
		"sh09 flac interview --voices flite:kal,festival:cmu_us_slt_arctic_hts --noise-db -34 --noise-type brown --reverb 10 --tempo 1.04 --rate-jitter 0.08 --backchannels 0.1 --seed 68009"
		"sh10 opus interview --voices festival:ked_diphone,flite:kal16 --noise-db -35 --noise-type pink --rate-jitter 0.1 --overlap 0.05 --breaths 0.2 --fillers 0.05 --seed 68010"
		"sh11 ogg interview --voices flite:rms,flite:slt --noise-db -37 --noise-type white --tempo 0.97 --rate-jitter 0.08 --reverb 25 --seed 68011"
		"sh12 mp3 interview --voices festival:ked_diphone,festival:kal_diphone --noise-db -33 --noise-type pink --rate-jitter 0.1 --breaths 0.3 --long-pause-prob 0.2 --edits 0.05 --seed 68012"
	)
fi
score() { # project truth -> "median worst sync"
	python3 "$src/tests/eval/score.py" "$1" "$2" |
		sed -n 's/^turn boundary error ms: median \([0-9]*\).*max \([0-9inf]*\).*/\1 \2/p; s/^in sync: \([0-9.]*\)%.*/\1/p' |
		paste -sd' ' -
}

n_all=0 n_med=0 n_max=0 n_sync=0
for r in "${recipes[@]}"; do
	# shellcheck disable=SC2086
	set -- $r
	n=$1 fmt=$2 txt=$T/$3.en.txt
	[ "$3" = interview ] && txt=$W
	shift 3
	[ -s "$O/$n.truth.json" ] || G --lang en "$@" --format "$fmt" --truth "$O/$n.truth.json" -o "$O/$n.$fmt" "$txt"
	"$B/tsync" align "$O/$n.$fmt" "$txt" -o "$O/$n.tsync.json" --quiet 2>/dev/null
	# shellcheck disable=SC2046
	set -- $(score "$O/$n.tsync.json" "$O/$n.truth.json")
	line="$n tsync $1 / $2, $3"
	n_all=$((n_all + 1))
	[ "$1" -le 30 ] && n_med=$((n_med + 1))
	[ "$2" != inf ] && [ "$2" -le 200 ] && n_max=$((n_max + 1))
	awk -v s="$3" 'BEGIN { exit !(s >= 99.3) }' && n_sync=$((n_sync + 1))
	if [ "${EG:-0}" = 1 ]; then
		ffmpeg -v quiet -y -i "$O/$n.$fmt" -ar 16000 -ac 1 -c:a pcm_s16le "$O/$n.16k.wav"
		if bash "$src/../shared/peers/echogarden/run.sh" "$O/$n.16k.wav" "$txt" en "$O/$n.eg.json" \
			>"$O/$n.eg.log" 2>&1; then
			# shellcheck disable=SC2046
			set -- $(score "$O/$n.eg.json" "$O/$n.truth.json")
			line="$line | echogarden $1 / $2, $3"
		fi
	fi
	echo "$line"
done
echo "targets met by tsync, of $n_all: median <= 30 ms $n_med, worst <= 200 ms $n_max, in sync >= 99.3 % $n_sync"
