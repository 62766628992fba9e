#!/usr/bin/env bash
# breaks.sh BUILD_DIR: breaks in a recording (a recorder left running while the microphones
# were muted, a cut filled with zeros, a long silence before the interview). The suite's
# en_main (tests/bench/run.sh makes it in ~/.cache/tsync/suite) with a stretch of audio
# that no text covers spliced into the pause before turn 14 (tests/gen/splice.py, which
# moves the truth on): pink noise at about the recording's own noise (-38 dBFS RMS, the
# recording's is -35), a quiet room's (-64 dBFS RMS), digital silence; and 300 s of the
# quiet noise before the interview. Then `tsync align` on each and tests/eval/score.py
# against the truth. Prints one line per case: exit code, turn boundary median / worst
# (ms), time in sync (%). Each case takes a few seconds.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
B=$(cd "${1:?build dir}" && pwd)
S=${TSYNC_SUITE:-$HOME/.cache/tsync/suite}
O=${OUT:-$HOME/.cache/tsync/breaks}
A=$S/en_main.wav
TR=$S/en_main.truth.json
T=$src/data/wangjian/interview.en.txt
[ -f "$A" ] && [ -f "$TR" ] || {
	echo "breaks.sh: no $A (run tests/bench/run.sh first)" >&2
	exit 1
}
[ -x "$B/tsync" ] || {
	echo "breaks.sh: no $B/tsync" >&2
	exit 1
}
mkdir -p "$O"

# name seconds kind: kind room (noise near the recording's), quiet, zeros
cases=("room40 40 room" "room60 60 room" "room90 90 room" "quiet40 40 quiet" "quiet60 60 quiet"
	"quiet90 90 quiet" "zeros90 90 zeros")
for c in "${cases[@]}"; do
	# shellcheck disable=SC2086
	set -- $c
	[ -s "$O/$1.truth.json" ] && continue
	case $3 in
	room) sox -n -r 16000 -c 1 "$O/$1.ins.wav" synth "$2" pinknoise gain -n -24 ;;
	quiet) sox -n -r 16000 -c 1 "$O/$1.ins.wav" synth "$2" pinknoise gain -n -50 ;;
	zeros) sox -n -r 16000 -c 1 "$O/$1.ins.wav" trim 0 "$2" ;;
	esac
	python3 "$src/tests/gen/splice.py" "$A" "$TR" "$O/$1.ins.wav" 14 "$O/$1.wav" \
		"$O/$1.truth.json" || exit 1
done
if [ ! -s "$O/lead300.truth.json" ]; then
	sox -n -r 16000 -c 1 "$O/lead.ins.wav" synth 300 pinknoise gain -n -50 &&
		sox "$O/lead.ins.wav" "$A" "$O/lead300.wav" || exit 1
	python3 - "$TR" "$O/lead300.truth.json" <<'PY' || exit 1
import json, sys
t = json.load(open(sys.argv[1]))
for tu in t["turns"]:
    for o in [tu] + tu.get("sentences", []):
        for k in ("start", "end"):
            if isinstance(o.get(k), (int, float)):
                o[k] = round(o[k] + 300, 3)
json.dump(t, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
PY
fi

printf '%-10s %4s %16s %8s\n' case exit "median/worst ms" "sync %"
for n in none room40 room60 room90 quiet40 quiet60 quiet90 zeros90 lead300; do
	a=$O/$n.wav tr=$O/$n.truth.json
	[ "$n" = none ] && a=$A tr=$TR
	"$B/tsync" align "$a" "$T" -o "$O/$n.tsync.json" --quiet 2>/dev/null
	rc=$?
	if [ -s "$O/$n.tsync.json" ] && [ "$rc" = 0 ]; then
		# shellcheck disable=SC2046
		set -- $(python3 "$src/tests/eval/score.py" "$O/$n.tsync.json" "$tr" |
			sed -n 's/^turn boundary error ms: median \([0-9]*\).*max \([0-9inf]*\).*/\1 \2/p; s/^in sync: \([0-9.]*\)%.*/\1/p' |
			paste -sd' ' -)
		printf '%-10s %4s %16s %8s\n' "$n" "$rc" "$1 / $2" "$3"
	else
		printf '%-10s %4s %16s %8s\n' "$n" "$rc" "-" "-"
	fi
	rm -f "$O/$n.tsync.json"
done
