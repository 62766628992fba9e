#!/usr/bin/env bash
# omit.sh BUILD_DIR: audio that has no text. The recordings of tests/bench/sample.sh
# (~/.cache/tsync/sample, made by it) and, where tests/bench/real.sh made them, those of
# people (~/.cache/tsync/real) are aligned with their whole transcript, then with one
# spoken stretch left out of it (tests/gen/drop_text.py, seeds 1 and 2): a sentence inside
# a turn, and a whole turn. The aligner should report the left-out stretch as sound
# without text ("untranscribed" in the project's remarks) and not start the next sentence
# over it. Prints a line per case: found (a remark covering half of the stretch or more)
# or missed, other such remarks, and the error of the next sentence's start (ms; the
# cue that starts with its words); then the totals, and the remarks made on the whole
# transcripts (each one false). SAMPLE=DIR and REAL=DIR choose other folders.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
B=$(cd "${1:?build dir}" && pwd)
S=${SAMPLE:-$HOME/.cache/tsync/sample}
R=${REAL:-$HOME/.cache/tsync/real}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
[ -d "$S" ] || { echo "omit.sh: no $S: run tests/bench/sample.sh first" >&2; exit 1; }

# check PROJECT DROP_JSON -> "found|missed, N other, next +-MS"
check() {
	python3 - "$1" "$2" <<'PY'
import json, re, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
d = json.loads(sys.argv[2]) if sys.argv[2] else None
rem = [(r["start"], r["end"]) for r in p.get("remarks", []) if r.get("kind") == "untranscribed"]
if d is None:
    print(len(rem))
    sys.exit(0)
a, b = d["start"], d["end"]
hit = [r for r in rem if min(r[1], b) - max(r[0], a) >= 0.5 * (b - a)]
other = len(rem) - len(hit)
norm = lambda s: re.sub(r"[\W_]+", "", s.lower())
nxt = "-"
if d.get("next_start") is not None:
    # the next sentence's cue: the one cue opening with its words, where no other
    # sentence opens with them ("Of course." and "Really." recur)
    sents = [s for t in json.load(open(sys.argv[1].replace(".json", ".truth.json")))["turns"]
             for s in t["sentences"] if t.get("present", True)]
    at = [s for s in sents if abs(s["start"] - d["next_start"]) < 1e-6]
    if at:
        head = norm(at[0]["text"])[:20]
        cues = [c for t in p["turns"] for c in t["cues"]]
        hits = [c for c in cues if norm(c["text"] if isinstance(c["text"], str)
                                        else next(iter(c["text"].values()))).startswith(head)]
        if len(hits) == 1 and sum(norm(s["text"]).startswith(head) for s in sents) == 1:
            nxt = "%+d" % round((hits[0]["start"] - d["next_start"]) * 1000)
print("%s, %d other, next %s" % ("found" if hit else "missed", other, nxt))
PY
}

cases=0 found=0 others=0 false_whole=0 nexts=()
run_dir() { # dir transcript-or-empty
	local dir=$1 tx=$2 n a t
	for t in "$dir"/*.truth.json; do
		[ -e "$t" ] || continue
		n=$(basename "$t" .truth.json)
		a=
		for f in "$dir/$n".{wav,flac,mp3,ogg,opus}; do if [ -f "$f" ]; then a=$f; break; fi; done
		local x=${tx:-$dir/$n.txt}
		[ -f "$x" ] || x=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["transcript"])' "$t")
		if [ -z "$a" ] || [ ! -f "$x" ]; then continue; fi
		"$B/tsync" align "$a" "$x" -o "$T/whole.json" --quiet 2>/dev/null || true
		if [ -s "$T/whole.json" ]; then
			false_whole=$((false_whole + $(check "$T/whole.json" "")))
		fi
		for mode in sentence turn; do
			for seed in 1 2; do
				d=$(python3 "$src/tests/gen/drop_text.py" "$x" "$t" "$T/x.txt" --seed $seed \
					--mode $mode) || continue
				cp "$t" "$T/x.truth.json"
				rm -f "$T/x.json"
				"$B/tsync" align "$a" "$T/x.txt" -o "$T/x.json" --quiet 2>/dev/null || true
				[ -s "$T/x.json" ] || { echo "$n $mode $seed: no project"; continue; }
				r=$(check "$T/x.json" "$d")
				echo "$n $mode $seed: $r"
				cases=$((cases + 1))
				case $r in found*) found=$((found + 1)) ;; esac
				if [[ $r =~ ,\ ([0-9]+)\ other ]]; then
					others=$((others + BASH_REMATCH[1]))
				fi
				if [[ $r =~ next\ \+?(-?[0-9]+)$ ]]; then
					nexts+=("${BASH_REMATCH[1]}")
				fi
			done
		done
	done
}
run_dir "$S" "${SAMPLE_TEXT-$src/data/wangjian/interview.en.txt}"
if [ -d "$R" ]; then run_dir "$R" ""; fi
med=$(printf '%s\n' "${nexts[@]}" | awk '{print ($1 < 0 ? -$1 : $1)}' | sort -n |
	awk '{v[NR] = $1} END {if (NR) printf "%d ms median, %d ms worst", v[int((NR + 1) / 2)], v[NR]}')
echo "left-out stretches reported: $found of $cases; other such remarks: $others;" \
	"next sentence's start: $med; remarks on the whole transcripts: $false_whole"
