#!/usr/bin/env bash
# heldout.sh BUILD_DIR [OUT_DIR]: the held-out recordings of the sessions of 2026-11-29,
# 23:01 UTC (30 of them) and 2026-11-30, 00:54 UTC (k1-k8, then m1-m8, n1-n6 and p1-p6) and
# 03:09 UTC (Russian, Catalan, Hindi, Czech and Japanese: ru1-3, ca1-3, hi1-3, cz1-2,
# ja1-3; and music under the whole interview, mb1-2), made again
# and aligned. Three texts written for them (texts/ocean.en.txt, a marine biologist;
# texts/chef.en.txt, a cook, with many short turns; texts/bridge.en.txt, a host and two
# guests) and the sample interview, spoken by tests/gen/tsync_gen.py with voice sets and
# seeds used nowhere else;
# then `tsync align` on each and tests/eval/score.py against the generator's truth. Prints
# one line per recording: turn median / worst (ms), time in sync (%). EG=1 runs echogarden
# (../shared/peers/echogarden/run.sh) on a 16 kHz copy too. Generation takes about 5 min on
# 2 cores the first time (the generator caches sentences under ~/.cache/tsync/gen).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
sh "$src/scripts/bootstrap.sh" --bench
B=$(cd "${1:?build dir}" && pwd)
O=${2:-$HOME/.cache/tsync/heldout}
mkdir -p "$O"
W=$src/data/wangjian/interview.en.txt
Z=$src/data/wangjian/interview.zh.txt
OC=$here/texts/ocean.en.txt
CH=$here/texts/chef.en.txt
BR=$here/texts/bridge.en.txt
RU=$here/texts/library.ru.txt
CA=$here/texts/port.ca.txt
HI=$here/texts/farm.hi.txt
JA=$here/texts/pottery.ja.txt
CS=$src/tests/data/lang/interview.cs.txt
G() { python3 "$src/tests/gen/tsync_gen.py" --cache "$HOME/.cache/tsync/gen" --jobs 2 -q "$@"; }

# name format transcript generator-options...
recipes=(
	"oc1 mp3 $OC --voices flite:slt,festival:kal_diphone --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 2001"
	"oc2 ogg $OC --voices festival:ked_diphone,flite:awb --noise-db -34 --noise-type brown --reverb 25 --tempo 1.08 --rate-jitter 0.08 --fillers 0.05 --seed 2002"
	"oc3 opus $OC --voices flite:kal16,festival:cmu_us_slt_arctic_hts --noise-db -36 --noise-type white --tempo 0.93 --rate-jitter 0.1 --breaths 0.2 --backchannels 0.1 --seed 2003"
	"oc4 flac $OC --voices flite:rms,flite:slt --noise-db -35 --noise-type pink --reverb 15 --rate-jitter 0.08 --edits 0.1 --overlap 0.1 --sample-rate 44100 --seed 2004"
	"oc5 wav $OC --voices festival:kal_diphone,flite:kal16 --noise-db -33 --noise-type pink --tempo 1.12 --rate-jitter 0.08 --breaths 0.3 --fillers 0.05 --seed 2005"
	"oc6 mp3 $OC --voices festival:cmu_us_slt_arctic_hts,festival:ked_diphone --noise-db -35 --noise-type brown --rate-jitter 0.1 --backchannels 0.15 --breaths 0.2 --seed 2006"
	"q1 mp3 $OC --voices flite:awb,festival:ked_diphone --speaker-gain-db=0,-9 --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 2101"
	"q2 ogg $OC --voices festival:cmu_us_slt_arctic_hts,flite:rms --speaker-gain-db=-8,0 --noise-db -34 --noise-type brown --reverb 15 --rate-jitter 0.08 --breaths 0.3 --seed 2102"
	"q3 wav $W --voices flite:slt,festival:kal_diphone --speaker-gain-db=0,-10 --noise-db -35 --noise-type white --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 2103"
	"f1 ogg $W --voices festival:kal_diphone,flite:rms --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 3001"
	"f2 mp3 $OC --voices flite:slt,festival:cmu_us_slt_arctic_hts --noise-db -34 --noise-type brown --reverb 20 --tempo 1.05 --rate-jitter 0.08 --breaths 0.2 --seed 3002"
	"f3 opus $W --voices flite:kal16,festival:ked_diphone --noise-db -36 --noise-type pink --tempo 0.95 --rate-jitter 0.1 --fillers 0.05 --breaths 0.3 --seed 3003"
	"f4 flac $OC --voices festival:ked_diphone,flite:awb --speaker-gain-db=0,-8 --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 3004"
	"f5 wav $W --voices flite:awb,festival:kal_diphone --noise-db -33 --noise-type white --rate-jitter 0.08 --breaths 0.3 --edits 0.1 --seed 3005"
	"f6 mp3 $OC --voices festival:cmu_us_slt_arctic_hts,flite:kal --speaker-gain-db=-9,0 --noise-db -34 --noise-type brown --reverb 15 --tempo 1.1 --rate-jitter 0.08 --breaths 0.3 --seed 3006"
	"g1 mp3 $CH --voices flite:rms,festival:cmu_us_slt_arctic_hts --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 4001"
	"g2 ogg $CH --voices festival:ked_diphone,flite:slt --noise-db -34 --noise-type brown --reverb 30 --tempo 1.1 --rate-jitter 0.08 --breaths 0.2 --seed 4002"
	"g3 opus $CH --voices flite:awb,flite:kal16 --noise-db -36 --noise-type white --tempo 0.92 --rate-jitter 0.1 --fillers 0.05 --backchannels 0.1 --seed 4003"
	"g4 flac $CH --voices festival:kal_diphone,festival:cmu_us_slt_arctic_hts --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --overlap 0.1 --sample-rate 44100 --channels 2 --seed 4004"
	"g5 wav $CH --voices flite:slt,flite:rms --noise-db -33 --noise-type pink --tempo 1.15 --rate-jitter 0.08 --breaths 0.3 --edits 0.1 --seed 4005"
	"g6 mp3 $CH --voices festival:ked_diphone,festival:kal_diphone --noise-db -35 --noise-type brown --rate-jitter 0.1 --backchannels 0.15 --breaths 0.3 --seed 4006"
	"h1 mp3 $CH --voices flite:kal,festival:cmu_us_slt_arctic_hts --noise-db -35 --noise-type white --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 6001"
	"h2 ogg $OC --voices flite:rms,festival:kal_diphone --noise-db -34 --noise-type pink --reverb 20 --tempo 0.95 --rate-jitter 0.08 --breaths 0.3 --fillers 0.05 --seed 6002"
	"h3 opus $W --voices festival:ked_diphone,flite:kal16 --noise-db -36 --noise-type brown --tempo 1.1 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --seed 6003"
	"h4 flac $CH --voices flite:awb,flite:slt --noise-db -33 --noise-type white --rate-jitter 0.08 --breaths 0.3 --edits 0.1 --seed 6004"
	"h5 wav $OC --voices festival:cmu_us_slt_arctic_hts,flite:awb --noise-db -35 --noise-type pink --reverb 25 --rate-jitter 0.08 --breaths 0.3 --backchannels 0.15 --overlap 0.1 --seed 6005"
	"h6 mp3 $W --voices festival:kal_diphone,festival:ked_diphone --noise-db -36 --noise-type white --tempo 1.05 --rate-jitter 0.08 --breaths 0.4 --fillers 0.05 --seed 6006"
	"k1 mp3 $BR --voices flite:rms,festival:cmu_us_slt_arctic_hts,flite:awb --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 7001"
	"k2 ogg $BR --voices festival:kal_diphone,flite:slt,festival:ked_diphone --noise-db -34 --noise-type brown --reverb 20 --tempo 1.06 --rate-jitter 0.08 --breaths 0.2 --fillers 0.05 --seed 7002"
	"k3 opus $BR --voices flite:kal16,flite:slt,flite:rms --noise-db -36 --noise-type white --tempo 0.94 --rate-jitter 0.1 --breaths 0.3 --seed 7003"
	"k4 flac $BR --voices festival:ked_diphone,festival:cmu_us_slt_arctic_hts,flite:kal --noise-db -35 --noise-type pink --reverb 10 --rate-jitter 0.08 --edits 0.1 --overlap 0.1 --sample-rate 44100 --seed 7004"
	"k5 wav $BR --voices flite:awb,festival:kal_diphone,festival:cmu_us_slt_arctic_hts --noise-db -33 --noise-type pink --tempo 1.1 --rate-jitter 0.08 --breaths 0.3 --backchannels 0.15 --seed 7005"
	"k6 mp3 $CH --voices festival:cmu_us_slt_arctic_hts,flite:kal16 --noise-db -37 --noise-type brown --rate-jitter 0.1 --breaths 0.3 --fillers 0.05 --seed 7006"
	"k7 ogg $W --voices flite:rms,festival:ked_diphone --noise-db -35 --noise-type white --reverb 15 --tempo 0.97 --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 7007"
	"k8 mp3 $W --voices festival:cmu_us_slt_arctic_hts,festival:kal_diphone --noise-db -34 --noise-type pink --tempo 1.08 --rate-jitter 0.1 --breaths 0.4 --edits 0.1 --seed 7008"
	"m1 opus $BR --voices festival:cmu_us_slt_arctic_hts,flite:kal,festival:kal_diphone --noise-db -36 --noise-type pink --reverb 25 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --seed 8001"
	"m2 mp3 $BR --voices flite:slt,flite:awb,festival:ked_diphone --noise-db -33 --noise-type white --tempo 1.12 --rate-jitter 0.08 --breaths 0.3 --fillers 0.05 --seed 8002"
	"m3 flac $OC --voices flite:kal16,festival:cmu_us_slt_arctic_hts --noise-db -35 --noise-type brown --tempo 0.93 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.15 --overlap 0.1 --sample-rate 48000 --seed 8003"
	"m4 ogg $CH --voices festival:ked_diphone,flite:rms --noise-db -37 --noise-type pink --reverb 20 --rate-jitter 0.08 --breaths 0.4 --edits 0.1 --seed 8004"
	"m5 wav $CH --voices flite:awb,festival:cmu_us_slt_arctic_hts --noise-db -34 --noise-type white --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --fillers 0.05 --seed 8005"
	"m6 mp3 $W --voices flite:kal,festival:ked_diphone --noise-db -35 --noise-type pink --tempo 1.06 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --seed 8006"
	"m7 opus $W --voices festival:kal_diphone,flite:slt --noise-db -36 --noise-type brown --reverb 10 --tempo 0.95 --rate-jitter 0.08 --breaths 0.3 --edits 0.1 --seed 8007"
	"m8 ogg $BR --voices flite:rms,festival:kal_diphone,flite:slt --noise-db -34 --noise-type pink --rate-jitter 0.1 --breaths 0.3 --overlap 0.1 --backchannels 0.1 --seed 8008"
	"n1 mp3 $BR --voices festival:kal_diphone,flite:awb,flite:slt --noise-db -35 --noise-type brown --reverb 15 --tempo 1.04 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --seed 9001"
	"n2 ogg $BR --voices flite:rms,festival:ked_diphone,festival:cmu_us_slt_arctic_hts --noise-db -36 --noise-type white --rate-jitter 0.08 --breaths 0.3 --fillers 0.05 --seed 9002"
	"n3 opus $OC --voices festival:ked_diphone,flite:slt --noise-db -34 --noise-type pink --tempo 0.96 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --seed 9003"
	"n4 flac $CH --voices flite:kal16,festival:kal_diphone --noise-db -35 --noise-type pink --reverb 20 --rate-jitter 0.08 --breaths 0.3 --edits 0.1 --sample-rate 44100 --seed 9004"
	"n5 mp3 $W --voices flite:awb,festival:cmu_us_slt_arctic_hts --noise-db -37 --noise-type brown --tempo 1.03 --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 9005"
	"n6 wav $W --voices festival:cmu_us_slt_arctic_hts,flite:rms --noise-db -33 --noise-type white --reverb 10 --tempo 0.92 --rate-jitter 0.1 --breaths 0.3 --fillers 0.05 --seed 9006"
	"p1 ogg $BR --voices flite:slt,festival:ked_diphone,flite:kal16 --noise-db -38 --noise-type pink --reverb 30 --tempo 0.9 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --seed 9101"
	"p2 mp3 $OC --voices festival:cmu_us_slt_arctic_hts,flite:awb --noise-db -33 --noise-type brown --tempo 1.1 --rate-jitter 0.08 --breaths 0.3 --fillers 0.05 --seed 9102"
	"p3 opus $CH --voices flite:kal,flite:rms --noise-db -36 --noise-type pink --rate-jitter 0.1 --breaths 0.4 --backchannels 0.15 --overlap 0.1 --seed 9103"
	"p4 flac $W --voices flite:rms,festival:kal_diphone --noise-db -35 --noise-type white --reverb 20 --tempo 1.05 --rate-jitter 0.08 --breaths 0.3 --edits 0.1 --sample-rate 48000 --seed 9104"
	"p5 mp3 $W --voices festival:ked_diphone,flite:kal16 --noise-db -34 --noise-type pink --tempo 0.94 --rate-jitter 0.1 --breaths 0.3 --backchannels 0.1 --fillers 0.05 --seed 9105"
	"p6 wav $BR --voices flite:awb,festival:cmu_us_slt_arctic_hts,festival:kal_diphone --noise-db -37 --noise-type white --rate-jitter 0.08 --breaths 0.3 --seed 9106"
	"ru1 mp3 $RU --lang ru --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --seed 11001"
	"ru2 ogg $RU --lang ru --voices espeak1:ru+f4:150:70,festival:msu_ru_nsh_clunits --noise-db -34 --noise-type brown --reverb 20 --tempo 1.06 --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 11004"
	"ru3 opus $RU --lang ru --noise-db -36 --noise-type white --tempo 0.94 --rate-jitter 0.1 --breaths 0.3 --fillers 0.05 --seed 11007"
	"ca1 ogg $CA --lang ca --noise-db -35 --noise-type brown --reverb 15 --rate-jitter 0.08 --breaths 0.3 --seed 11002"
	"ca2 mp3 $CA --lang ca --voices espeak1:ca+m1:185:45,festival:upc_ca_ona_hts --noise-db -34 --noise-type pink --tempo 1.08 --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 11005"
	"ca3 flac $CA --lang ca --noise-db -36 --noise-type white --reverb 25 --tempo 0.93 --rate-jitter 0.1 --breaths 0.3 --edits 0.1 --sample-rate 44100 --seed 11008"
	"hi1 wav $HI --lang hi --noise-db -35 --noise-type white --rate-jitter 0.08 --breaths 0.3 --seed 11003"
	"hi2 opus $HI --lang hi --voices espeak1:hi+f2:150:55,festival:hindi_NSK_diphone --noise-db -34 --noise-type pink --reverb 20 --tempo 1.05 --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 11006"
	"hi3 mp3 $HI --lang hi --noise-db -36 --noise-type brown --tempo 0.95 --rate-jitter 0.1 --breaths 0.3 --fillers 0.05 --seed 11009"
	"cz1 ogg $CS --lang cs --voices festival:czech_krb,festival:czech_ph --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 11010"
	"cz2 mp3 $CS --lang cs --voices festival:czech_ph,festival:czech_dita --noise-db -34 --noise-type brown --reverb 20 --tempo 1.05 --rate-jitter 0.08 --breaths 0.3 --seed 11011"
	"ja1 mp3 $JA --lang ja --noise-db -35 --noise-type pink --rate-jitter 0.08 --breaths 0.3 --seed 12001"
	"ja2 ogg $JA --lang ja --voices openjtalk:m001,openjtalk:mei_happy --noise-db -34 --noise-type brown --reverb 20 --tempo 1.05 --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 12002"
	"ja3 opus $JA --lang ja --voices openjtalk:mei_bashful,openjtalk:m001 --noise-db -36 --noise-type white --tempo 0.95 --rate-jitter 0.1 --breaths 0.3 --fillers 0.05 --seed 12003"
	"mb1 mp3 $W --voices festival:kal_diphone,flite:slt --noise-db -36 --noise-type pink --music-bed -32 --rate-jitter 0.08 --breaths 0.3 --seed 13001"
	"mb2 ogg $W --voices flite:rms,festival:cmu_us_slt_arctic_hts --noise-db -38 --noise-type brown --music-bed -28 --rate-jitter 0.08 --breaths 0.3 --backchannels 0.1 --seed 13002"
	"zh1 mp3 $Z --lang zh --voices espeak:cmn-latn-pinyin+f3:145:65,espeak:cmn-latn-pinyin+m5:165:35 --noise-db -35 --noise-type pink --tempo 0.92 --rate-jitter 0.08 --breaths 0.2 --seed 5001"
	"zh2 ogg $Z --lang zh --voices gcin:5,espeak1:zh+m2:170:40 --noise-db -34 --noise-type brown --reverb 20 --tempo 1.08 --rate-jitter 0.08 --backchannels 0.1 --seed 5002"
	"zh3 opus $Z --lang zh --voices espeak1:zh+f2:155:60,gcin:3 --noise-db -36 --noise-type white --rate-jitter 0.1 --fillers 0.05 --seed 5003"
)

score() { # project truth -> "median / worst, sync"
	python3 "$src/tests/eval/score.py" "$1" "$2" |
		sed -n 's/^turn boundary error ms: median \([0-9]*\).*max \([0-9inf]*\).*/\1 \/ \2/p; s/^in sync: \([0-9.]*\)%.*/\1/p' |
		paste -sd, - | sed 's/,/, /'
}

for r in "${recipes[@]}"; do
	# shellcheck disable=SC2086
	set -- $r
	n=$1 fmt=$2 tx=$3
	shift 3
	case " $* " in *" --lang "*) ;; *) set -- --lang en "$@" ;; esac
	[ -s "$O/$n.truth.json" ] || G "$@" --format "$fmt" --truth "$O/$n.truth.json" -o "$O/$n.$fmt" "$tx"
	"$B/tsync" align "$O/$n.$fmt" "$tx" -o "$O/$n.tsync.json" --quiet
	line="$n tsync $(score "$O/$n.tsync.json" "$O/$n.truth.json")"
	if [ "${EG:-0}" = 1 ]; then
		ffmpeg -v quiet -y -i "$O/$n.$fmt" -ar 16000 -ac 1 -c:a pcm_s16le "$O/$n.16k.wav"
		lang=$(echo " $* " | sed -n 's/.* --lang \([a-z]*\) .*/\1/p')
		bash "$src/../shared/peers/echogarden/run.sh" "$O/$n.16k.wav" "$tx" "$lang" "$O/$n.eg.json" \
			>"$O/$n.eg.log" 2>&1 && line="$line | echogarden $(score "$O/$n.eg.json" "$O/$n.truth.json")"
	fi
	echo "$line"
done
