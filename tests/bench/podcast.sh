#!/usr/bin/env bash
# podcast.sh BUILD_DIR [OUT_DIR]: podcast openings, music (tests/gen/tsync_gen.py
# --intro-music: chords made by sox, fading out) and then short turns ("Hello." /
# "Welcome back.", then the guest's "Hi. Thanks for having me." / "Glad to be here."),
# pauses between turns of 0.3-1.5 s. Two texts of tests/bench/texts/ (bees.en.txt,
# boats.en.txt), nine recordings: other voices, noise, reverb, tempo, a music bed under
# the talk (p3), music after the last short turns too (p8, p9, --outro-music); and eight
# more (g1-g8) whose intro is a piece of Fish Fillets NG's music (fillets-ng-data,
# --intro-music-file: recorded, with drums and melody, where the generator's are chords). Aligned by `tsync align` and scored by tests/eval/score.py. Prints
# one line per recording: turn median / worst (ms), turn start median / worst (ms), time
# in sync (%). EG=1 runs echogarden (../shared/peers/echogarden/run.sh) on a 16 kHz copy
# too.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
sh "$src/scripts/bootstrap.sh" >/dev/null
B=$(cd "${1:?build dir}" && pwd)
O=${2:-$HOME/.cache/tsync/podcast}
mkdir -p "$O"
T=$here/texts
G() { python3 "$src/tests/gen/tsync_gen.py" --cache "$HOME/.cache/tsync/gen" --jobs 2 -q "$@"; }

# name text generator options
recipes=(
	"p1 bees --intro-music 20 --voices festival:kal_diphone,flite:slt --noise-db -38 --seed 5101"
	"p2 bees --intro-music 12 --voices flite:rms,festival:ked_diphone --noise-db -35 --noise-type pink --reverb 30 --seed 5102"
	"p3 bees --intro-music 25 --music-bed -30 --voices flite:awb,flite:slt --noise-db -40 --seed 5103"
	"p4 bees --intro-music 8 --voices festival:ked_diphone,flite:kal --noise-db -36 --noise-type white --seed 5104"
	"p5 boats --intro-music 15 --voices flite:slt,festival:kal_diphone --noise-db -35 --seed 5105"
	"p6 boats --intro-music 30 --voices flite:awb,festival:cmu_us_slt_arctic_hts --noise-db -38 --noise-type brown --reverb 25 --seed 5106"
	"p7 boats --intro-music 5 --voices flite:rms,flite:slt --noise-db -33 --noise-type pink --tempo 1.1 --seed 5107"
	"p8 bees --intro-music 20 --outro-music 15 --voices festival:kal_diphone,flite:awb --noise-db -37 --seed 5108"
	"p9 boats --intro-music 10 --outro-music 20 --voices flite:slt,festival:ked_diphone --noise-db -35 --noise-type pink --reverb 20 --seed 5109"
	"g1 bees --intro-music 15 --intro-music-file rybky01 --voices festival:kal_diphone,flite:slt --noise-db -38 --seed 5201"
	"g2 boats --intro-music 12 --intro-music-file rybky02 --voices flite:rms,festival:ked_diphone --noise-db -35 --noise-type pink --seed 5202"
	"g3 bees --intro-music 20 --intro-music-file rybky03 --voices flite:awb,flite:slt --noise-db -40 --seed 5203"
	"g4 boats --intro-music 8 --intro-music-file rybky04 --voices festival:ked_diphone,flite:kal --noise-db -36 --noise-type white --seed 5204"
	"g5 bees --intro-music 15 --intro-music-file rybky05 --voices flite:slt,festival:kal_diphone --noise-db -35 --seed 5205"
	"g6 boats --intro-music 25 --intro-music-file rybky06 --voices flite:awb,festival:cmu_us_slt_arctic_hts --noise-db -38 --noise-type brown --reverb 25 --seed 5206"
	"g7 bees --intro-music 10 --intro-music-file menu --voices flite:rms,flite:slt --noise-db -33 --noise-type pink --seed 5207"
	"g8 boats --intro-music 12 --intro-music-file kufrik --voices festival:kal_diphone,flite:awb --noise-db -37 --seed 5208"
)
music=/usr/share/games/fillets-ng/music

# shellcheck source=tests/bench/score.sh
. "$here/score.sh"

for r in "${recipes[@]}"; do
	# shellcheck disable=SC2086
	set -- $r
	n=$1
	txt=$T/$2.en.txt
	shift 2
	if [ "$3" = --intro-music-file ]; then
		[ -s "$music/$4.ogg" ] || {
			echo "$n: no $music/$4.ogg (scripts/bootstrap.sh --bench)"
			continue
		}
		set -- "$1" "$2" "$3" "$music/$4.ogg" "${@:5}"
	fi
	[ -s "$O/$n.truth.json" ] ||
		G --lang en "$@" --turn-pause-ms 300,1500 --rate-jitter 0.08 \
			--truth "$O/$n.truth.json" -o "$O/$n.wav" "$txt"
	compare "$n" "$O/$n.wav" "$txt" en "$O" 2>/dev/null
done
