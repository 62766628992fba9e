#!/usr/bin/env bash
# babble.sh BUILD_DIR [OUT_DIR]: the sample interview (data/wangjian/interview.en.txt) with
# another person talking under it all along (tests/gen/tsync_gen.py --babble: flite's rms
# reading tests/bench/texts/bridge.en.txt, 0.15-0.6 s between its sentences), at -40, -35
# and -30 dBFS RMS against the conversation's -22, over pink noise at -40. The
# conversation's voices are flite's slt and festival's ked, seeds 71001-71003. Aligned by
# `tsync align` and scored by tests/eval/score.py. Prints one line per recording: turn
# median / worst (ms), turn start median / worst (ms), time in sync (%). EG=1 runs
# echogarden (../shared/peers/echogarden/run.sh) on a 16 kHz copy too. The background's
# words fill the pauses between turns, where voice activity puts the turns' edges.
# hb1-hb16: other conversations (tests/bench/texts/) and voices, another voice under them
# (flite's kal16, awb, rms, slt, festival's kal and ked) at -31 to -38 dBFS, other noises,
# tempi and formats; hq1-hq2 a quiet speaker and no other voice.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
sh "$src/scripts/bootstrap.sh" >/dev/null
B=$(cd "${1:?build dir}" && pwd)
O=${2:-$HOME/.cache/tsync/babble}
mkdir -p "$O"
W=$src/data/wangjian/interview.en.txt
G() { python3 "$src/tests/gen/tsync_gen.py" --cache "$HOME/.cache/tsync/gen" --jobs 2 -q "$@"; }

X=$here/texts
# name transcript format generator-options
recipes=(
	"bb40 $W wav --voices flite:slt,festival:ked_diphone --noise-db -40 --noise-type pink --rate-jitter 0.08 --babble -40 --babble-text $X/bridge.en.txt --seed 71003"
	"bb35 $W wav --voices flite:slt,festival:ked_diphone --noise-db -40 --noise-type pink --rate-jitter 0.08 --babble -35 --babble-text $X/bridge.en.txt --seed 71001"
	"bb30 $W wav --voices flite:slt,festival:ked_diphone --noise-db -40 --noise-type pink --rate-jitter 0.08 --babble -30 --babble-text $X/bridge.en.txt --seed 71002"
	# made on 2026-12-01 to check the voice activity over a background voice
	# (med_features.c's background_level()): hb1-hb4 scored once before its last rule,
	# hb5-hb8 after it, none tuned on
	"hb1 $X/ocean.en.txt mp3 --voices festival:kal_diphone,flite:awb --noise-db -38 --noise-type brown --tempo 1.05 --rate-jitter 0.08 --babble -33 --babble-voice flite:kal16 --babble-text $X/boats.en.txt --seed 81001"
	"hb2 $X/chef.en.txt ogg --voices flite:slt,flite:rms --noise-db -40 --noise-type pink --reverb 20 --rate-jitter 0.08 --babble -36 --babble-voice festival:kal_diphone --babble-text $X/bees.en.txt --seed 81002"
	"hb3 $W opus --voices festival:cmu_us_slt_arctic_hts,flite:kal16 --noise-db -42 --noise-type white --rate-jitter 0.1 --babble -32 --babble-voice flite:awb --babble-text $X/chef.en.txt --seed 81003"
	"hb4 $X/bridge.en.txt wav --voices flite:awb,festival:ked_diphone --noise-db -38 --noise-type pink --tempo 0.95 --rate-jitter 0.08 --babble -34 --babble-voice flite:slt --babble-text $X/ocean.en.txt --seed 81004"
	"hb5 $X/boats.en.txt ogg --voices flite:rms,festival:kal_diphone --noise-db -40 --noise-type brown --rate-jitter 0.08 --babble -35 --babble-voice festival:ked_diphone --babble-text $X/chef.en.txt --seed 82001"
	"hb6 $X/ocean.en.txt mp3 --voices festival:cmu_us_slt_arctic_hts,flite:awb --noise-db -45 --noise-type pink --reverb 25 --tempo 1.08 --babble -34 --babble-voice flite:rms --babble-text $X/bees.en.txt --seed 82002"
	"hb7 $X/chef.en.txt flac --voices flite:kal16,flite:slt --noise-db -38 --noise-type white --tempo 0.92 --rate-jitter 0.1 --babble -37 --babble-voice flite:awb --babble-text $X/bridge.en.txt --seed 82003"
	"hb8 $W opus --voices festival:ked_diphone,flite:slt --noise-db -42 --noise-type pink --rate-jitter 0.08 --babble -33 --babble-voice festival:kal_diphone --babble-text $X/ocean.en.txt --seed 82004"
	# hb9-hb12 scored once with the second look (8 dB), before the gap rule (9 dB between
	# the voice and the speech was too near: hb9 82 % in sync); hb13-hb16 after it
	"hb9 $W mp3 --voices flite:slt,flite:kal16 --noise-db -45 --noise-type white --tempo 1.03 --rate-jitter 0.08 --babble -31 --babble-voice festival:ked_diphone --babble-text $X/bridge.en.txt --seed 83001"
	"hb10 $X/boats.en.txt ogg --voices festival:cmu_us_slt_arctic_hts,flite:rms --noise-db -42 --noise-type pink --reverb 15 --rate-jitter 0.08 --babble -35 --babble-voice flite:awb --babble-text $X/chef.en.txt --seed 83002"
	"hb11 $X/bridge.en.txt flac --voices flite:kal,festival:kal_diphone --noise-db -40 --noise-type brown --tempo 0.97 --rate-jitter 0.08 --babble -33 --babble-voice flite:slt --babble-text $X/bees.en.txt --seed 83003"
	"hb12 $X/chef.en.txt wav --voices flite:awb,flite:slt --noise-db -44 --noise-type pink --rate-jitter 0.08 --babble -36 --babble-voice festival:kal_diphone --babble-text $X/ocean.en.txt --sample-rate 44100 --seed 83004"
	"hb13 $X/ocean.en.txt opus --voices festival:ked_diphone,flite:kal16 --noise-db -43 --noise-type brown --rate-jitter 0.08 --babble -34 --babble-voice flite:slt --babble-text $X/boats.en.txt --seed 84001"
	"hb14 $W mp3 --voices flite:awb,festival:cmu_us_slt_arctic_hts --noise-db -40 --noise-type pink --tempo 1.04 --rate-jitter 0.08 --babble -32 --babble-voice festival:kal_diphone --babble-text $X/chef.en.txt --seed 84002"
	"hb15 $X/bridge.en.txt flac --voices flite:rms,flite:slt --noise-db -46 --noise-type white --reverb 10 --rate-jitter 0.1 --babble -35 --babble-voice flite:kal16 --babble-text $X/ocean.en.txt --seed 84003"
	"hb16 $X/chef.en.txt ogg --voices festival:kal_diphone,flite:awb --noise-db -41 --noise-type pink --tempo 0.96 --rate-jitter 0.08 --babble -38 --babble-voice flite:rms --babble-text $X/bees.en.txt --seed 84004"
	# controls without another voice: a speaker 12 (10) dB quieter in little noise, short turns
	"hq1 $X/bees.en.txt wav --voices flite:slt,festival:kal_diphone --speaker-gain-db=-12,0 --noise-db -55 --noise-type pink --rate-jitter 0.08 --seed 83005"
	"hq2 $X/boats.en.txt ogg --voices flite:rms,flite:slt --speaker-gain-db=0,-10 --noise-db -50 --noise-type white --reverb 20 --rate-jitter 0.08 --seed 83006"
)

# shellcheck source=tests/bench/score.sh
. "$here/score.sh"

for r in "${recipes[@]}"; do
	# shellcheck disable=SC2086
	set -- $r
	n=$1 text=$2 fmt=$3
	shift 3
	[ -s "$O/$n.truth.json" ] ||
		G --lang en "$@" --format "$fmt" --truth "$O/$n.truth.json" -o "$O/$n.$fmt" "$text"
	compare "$n" "$O/$n.$fmt" "$text" en "$O" 2>/dev/null
done
