#!/usr/bin/env bash
# partial.sh BUILD_DIR [DIR [NAME...]]: transcripts that cover only part of a recording.
# Without NAMEs: six of sample.sh's recordings (made by tests/bench/sample.sh, which must
# have run; DIR defaults to its ~/.cache/tsync/sample) and nine stretches of turns of each
# (the opening, the middle, the end, two turns, nearly all). With NAMEs: those recordings
# of DIR (NAME.truth.json and NAME.wav, .ogg, .flac, .mp3 or .opus, as heldout.sh and
# real.sh leave them in their OUT_DIR) and four stretches of each, by its number of turns
# T: 0 to T/3, T/3 to 2T/3, T/2 to T and T/4 to T/2. A transcript of those turns alone
# (their written text, from the truth) is aligned with `tsync align` against the whole
# recording. Prints, per stretch, the turn start error over its turns (median / worst, ms)
# or "refused" (a non-zero exit: the text read as not belonging), then how many stretches
# have every turn within 1 s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
B=$(cd "${1:?build dir}" && pwd)
S=${2:-$HOME/.cache/tsync/sample}
shift $(($# < 2 ? $# : 2))
given=$#
names=${*:-sa01 sa03 sa05 sa08 sa10 sa12}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

n_all=0 n_ok=0
for n in $names; do
	truth=$S/$n.truth.json
	audio=$(ls "$S/$n".{wav,ogg,flac,mp3,opus} 2>/dev/null | head -1 || true)
	if [ ! -s "$truth" ] || [ -z "$audio" ]; then
		echo "partial.sh: $S/$n: no recording; run tests/bench/sample.sh (heldout.sh," \
			"real.sh) first" >&2
		exit 1
	fi
	if [ "$given" -eq 0 ]; then
		stretches=("0 3" "0 8" "5 8" "5 12" "12 20" "20 36" "30 36" "2 34" "16 18")
	else
		T=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["turns"]))' "$truth")
		stretches=("0 $((T / 3))" "$((T / 3)) $((2 * T / 3))" "$((T / 2)) $T" "$((T / 4)) $((T / 2))")
	fi
	for ab in "${stretches[@]}"; do
		# shellcheck disable=SC2086
		set -- $ab
		python3 - "$truth" "$1" "$2" "$W/t.txt" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["turns"][int(sys.argv[2]):int(sys.argv[3])]
with open(sys.argv[4], "w", encoding="utf-8") as f:
    for x in t:
        f.write("%s\n%s\n\n" % (x["speaker"], " ".join(s["text"] for s in x["sentences"])))
PY
		n_all=$((n_all + 1))
		if ! "$B/tsync" align "$audio" "$W/t.txt" -o "$W/p.json" --quiet 2>/dev/null; then
			echo "$n turns $(($1 + 1))-$2: refused"
			continue
		fi
		r=$(python3 - "$truth" "$1" "$2" "$W/p.json" <<'PY'
import json, statistics, sys
t = json.load(open(sys.argv[1]))["turns"][int(sys.argv[2]):int(sys.argv[3])]
p = json.load(open(sys.argv[4]))["turns"]
e = [abs(y["start"] - x["start"]) * 1000 if y.get("start") is not None else float("inf")
     for x, y in zip(t, p)]
print("%.0f %.0f" % (statistics.median(e), max(e)))
PY
)
		# shellcheck disable=SC2086
		set -- $1 $2 $r
		echo "$n turns $(($1 + 1))-$2: $3 / $4 ms"
		[ "$4" != inf ] && [ "$4" -le 1000 ] && n_ok=$((n_ok + 1))
	done
done
echo "every turn within 1 s: $n_ok of $n_all"
