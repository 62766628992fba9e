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
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
sh "$src/scripts/bootstrap.sh" >/dev/null
B=$(cd "${1:?build dir}" && pwd)
O=${2:-$HOME/.cache/tsync/babble}
mkdir -p "$O"
W=$src/data/wangjian/interview.en.txt
G() { python3 "$src/tests/gen/tsync_gen.py" --cache "$HOME/.cache/tsync/gen" --jobs 2 -q "$@"; }

# name babble-level seed
recipes=("bb40 -40 71003" "bb35 -35 71001" "bb30 -30 71002")

# shellcheck source=tests/bench/score.sh
. "$here/score.sh"

for r in "${recipes[@]}"; do
	# shellcheck disable=SC2086
	set -- $r
	n=$1
	[ -s "$O/$n.truth.json" ] ||
		G --lang en --voices flite:slt,festival:ked_diphone --noise-db -40 --noise-type pink \
			--rate-jitter 0.08 --babble "$2" --babble-text "$here/texts/bridge.en.txt" \
			--seed "$3" --truth "$O/$n.truth.json" -o "$O/$n.wav" "$W"
	compare "$n" "$O/$n.wav" "$W" en "$O" 2>/dev/null
done
