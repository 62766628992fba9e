#!/usr/bin/env bash
# foreign.sh BUILD_DIR: the does-it-belong test (`tsync align` exit 3) on the recordings the
# other benches left in their caches, each aligned twice: with its own transcript (it must
# be accepted) and with the transcript of another recording in the same language (it must
# be refused). The other transcript is chosen by the recording's name among the distinct
# transcripts of its language (for tests/bench/real.sh's recordings, one from another of
# the game's sets: the same actors reading other lines). Prints one line per alignment
# (match ratio, pace, spread of the pace over so many cues; tsync align --verbose) and the
# counts: own texts accepted, other texts refused (by the ratio, by the pace, by the
# length check before them).
#
# Environment: SETS (the cache directories under ~/.cache/tsync to read: real heldout
# sample sample2 ... sample7 suite where present), JOBS (2), OUT (~/.cache/tsync/foreign).
# Run real.sh, heldout.sh and sample.sh first (their recordings are not made here); with
# all of them about 20 minutes on 2 cores.
set -uo pipefail
{ # the whole script is read before it runs, so editing it meanwhile is safe
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
B=$(cd "${1:?build dir}" && pwd)
C=$HOME/.cache/tsync
SETS=${SETS:-real heldout sample sample2 sample3 sample4 sample5 sample6 sample7 suite}
JOBS=${JOBS:-2}
OUT=${OUT:-$C/foreign}
mkdir -p "$OUT/json"
[ -x "$B/tsync" ] || { echo "foreign.sh: no $B/tsync" >&2; exit 1; }

# name kind audio transcript: kind "own" or "other"
python3 - "$src" "$C" $SETS >"$OUT/items.txt" <<'PY'
import glob, hashlib, json, os, sys
src, cache, sets = sys.argv[1], sys.argv[2], sys.argv[3:]
def find_text(path):
    if os.path.exists(path):
        return path
    base = os.path.basename(path)  # a cache made from another clone
    for d in ("data/wangjian", "tests/bench/texts", "tests/data/lang"):
        p = os.path.join(src, d, base)
        if os.path.exists(p):
            return p
    return None
recs = []
for s in sets:
    for t in sorted(glob.glob(os.path.join(cache, s, "*.truth.json"))):
        try:
            j = json.load(open(t))
        except (OSError, ValueError):
            continue
        name = os.path.basename(t)[:-len(".truth.json")]
        audio = os.path.join(os.path.dirname(t), os.path.basename(j.get("audio", "")))
        text = find_text(j.get("transcript", ""))
        if not text or not os.path.exists(audio):
            continue
        recs.append((s + "/" + name, j.get("lang", "en"), audio, text))
texts = {}
for n, lang, a, t in recs:
    texts.setdefault(lang, set()).add(os.path.realpath(t))
lines = {}  # a transcript's lines of some length: one that shares any with another is
for x in set().union(*texts.values()):  # a part of it (the suite's interview4), not foreign
    lines[x] = {l.strip() for l in open(x, encoding="utf-8", errors="replace")
                if len(l.strip()) >= 20}
for n, lang, a, t in recs:
    print(n.replace("/", "_"), "own", a, t)
    game = n.startswith("real/") and n[5:6]  # real.sh: first letter, the game's set
    own = os.path.realpath(t)
    others = sorted(x for x in texts[lang] if x != own and not (lines[x] & lines[own]) and
                    not (game and os.path.basename(x)[0] == game))
    if others:
        h = int(hashlib.sha1(n.encode()).hexdigest(), 16)
        print(n.replace("/", "_") + "_x_" + os.path.basename(others[h % len(others)])[:-4],
              "other", a, others[h % len(others)])
PY

one() { # name kind audio transcript
	local log="$OUT/json/$1.log" rc
	"$B/tsync" align "$3" "$4" -o "$OUT/json/$1.json" --verbose >"$log" 2>&1
	rc=$?
	printf '%s %s %d %s\n' "$1" "$2" "$rc" "$(
		sed -n 's/.*match ratio \([0-9.]*\) (cost[^;]*; pace \([0-9.]*\), spread \([0-9.]*\) over \([0-9]*\) cues.*/\1 \2 \3 \4/p' "$log" | tail -1)"
}
export -f one
export B OUT
xargs -P "$JOBS" -L 1 bash -c 'one "$@"' _ <"$OUT/items.txt" | sort >"$OUT/results.txt"

echo "name kind exit ratio pace spread cues"
cat "$OUT/results.txt"
awk '
	$2 == "own" { own++; if ($3 == 0) acc++ }
	$2 == "other" { oth++; if ($3 == 3) { ref++; if (NF < 7) len++; else if ($4 <= 0.98) pace++ } }
	END {
		printf "own transcripts accepted: %d of %d\n", acc, own
		printf "other transcripts refused: %d of %d (%d on the pace, %d by the length check, the rest by the match ratio)\n", ref, oth, pace, len
	}' "$OUT/results.txt"
exit
}
