#!/bin/bash
# robust.sh [BUILD_DIR]: how much the alignment hangs on the aligner's own synthetic voice.
#
# The aligner compares the audio with espeak-ng speaking the transcript at pitch 50 and 175
# words a minute. Its results should not depend on that choice: a method tuned to one
# voice setting fails on voices it has never heard. This aligns suite items (made by
# tests/gen/make_suite.sh, see run.sh) with the synthetic voice at other pitches and rates
# (TSYNC_SYNTH_PITCH, TSYNC_SYNTH_RATE) and prints, per item and setting, the median and
# worst turn boundary error and the share of spoken time in sync (tests/eval/score.py).
#
# Environment:
#   ITEMS="en_main en_ked_awb en_slow_reverb en_intro_drop"
#   SETTINGS="50/175 40/175 60/175 70/175 50/160 50/190"   pitch/rate pairs
#   TSYNC_SUITE=DIR   the suite (~/.cache/tsync/suite)
#   OUT=DIR           outputs (~/.cache/tsync/robust)
set -u
here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$here/../.." && pwd)
BUILD=${1:-$SRC/build}
ITEMS=${ITEMS:-en_main en_ked_awb en_slow_reverb en_intro_drop}
SETTINGS=${SETTINGS:-50/175 40/175 60/175 70/175 50/160 50/190}
SUITE=${TSYNC_SUITE:-$HOME/.cache/tsync/suite}
OUT=${OUT:-$HOME/.cache/tsync/robust}
mkdir -p "$OUT"
[ -x "$BUILD/tsync" ] || { echo "robust.sh: no $BUILD/tsync (build first)" >&2; exit 1; }
[ -f "$SUITE/suite.tsv" ] || { echo "robust.sh: no suite in $SUITE (run tests/bench/run.sh or tests/gen/make_suite.sh)" >&2; exit 1; }

printf '%-16s %5s %5s %8s %8s %8s\n' item pitch rate "med ms" "max ms" "sync %"
for it in $ITEMS; do
	line=$(awk -F'\t' -v n="$it" '$1 == n' "$SUITE/suite.tsv")
	[ -n "$line" ] || { echo "robust.sh: no item $it in the suite" >&2; continue; }
	audio=$(cut -f2 <<<"$line")
	truth=$(cut -f3 <<<"$line")
	text=$(cut -f4 <<<"$line")
	for s in $SETTINGS; do
		p=${s%/*} r=${s#*/}
		out=$OUT/$it.p$p.r$r.json
		if ! TSYNC_SYNTH_PITCH=$p TSYNC_SYNTH_RATE=$r "$BUILD/tsync" align "$audio" "$text" \
			-o "$out" >"$out.log" 2>&1; then
			printf '%-16s %5s %5s %8s %8s %8s\n' "$it" "$p" "$r" failed - -
			continue
		fi
		python3 "$SRC/tests/eval/score.py" "$out" "$truth" >"$out.score" 2>&1
		med=$(sed -n 's/^turn boundary error ms: median \([0-9]*\).*/\1/p' "$out.score")
		max=$(sed -n 's/^turn boundary error ms: .* max \([0-9inf]*\).*/\1/p' "$out.score")
		sync=$(sed -n 's/^in sync: \([0-9.]*\)%.*/\1/p' "$out.score")
		printf '%-16s %5s %5s %8s %8s %8s\n' "$it" "$p" "$r" "${med:--}" "${max:--}" "${sync:--}"
	done
done
