#!/bin/bash
# e2e_align_human.sh TSYNC SOURCE_DIR: `tsync align` on a real human recording (tests/data/
# human/jfk_1961.ogg, 1961, tape hiss and crowd noise, Ogg Vorbis): the clauses start where
# the recording's energy says they do (tests/data/human/README.md), and the does-it-belong
# test scores the right text below the threshold used for long recordings (so a long real
# recording like it is not refused) and a wrong text above the one for short clips.
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
A="$SRC/tests/data/human/jfk_1961.ogg"
. "$(dirname "$0")/tap_lib.sh"
tap_workdir human

printf 'And so, my fellow Americans.\n\nAsk not what your country can do for you.\n\nAsk what you can do for your country.\n' > "$W/jfk.txt"
"$TSYNC" align "$A" "$W/jfk.txt" -o "$W/jfk.json" --verbose 2>"$W/jfk.err"
rc=$?
[ $rc -eq 0 ] && ok "real recording aligns (exit 0)" || { bad "real recording exit $rc"; cat "$W/jfk.err"; }

python3 - "$W/jfk.json" <<'PY' && ok "clause onsets within 150 ms of the measured ones" || bad "clause onsets"
import json, sys
p = json.load(open(sys.argv[1]))
cues = [c for t in p["turns"] for c in t["cues"]]
starts = [c["start"] for c in cues]
for c in cues:
    print("# %.2f-%.2f %s" % (c["start"], c["end"], c["text"]["en"].replace("\n", " ")))
for want in (0.33, 3.29, 8.19):
    got = min(starts, key=lambda s: abs(s - want))
    assert abs(got - want) <= 0.15, (want, got)
assert 10.0 <= cues[-1]["end"] <= 11.0, cues[-1]["end"]
assert all(a["end"] <= b["start"] for a, b in zip(cues, cues[1:]))
PY

# The same recording as AAC in M4A (a phone's or a podcast's format; libsndfile does not
# read it, FFmpeg's libraries do): the same onsets.
if command -v ffmpeg >/dev/null && ffmpeg -v error -y -i "$A" -c:a aac -b:a 48k "$W/jfk.m4a"; then
	"$TSYNC" align "$W/jfk.m4a" "$W/jfk.txt" -o "$W/m4a.json" --quiet 2>"$W/m4a.err" &&
		python3 - "$W/jfk.json" "$W/m4a.json" <<'PY' && ok "M4A (AAC) aligns to the same times (within 30 ms)" || { bad "M4A"; cat "$W/m4a.err"; }
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
ca = [c for t in a["turns"] for c in t["cues"]]
cb = [c for t in b["turns"] for c in t["cues"]]
assert len(ca) == len(cb)
worst = max(max(abs(x["start"] - y["start"]), abs(x["end"] - y["end"])) for x, y in zip(ca, cb))
print("# M4A against Ogg: worst difference %.0f ms" % (worst * 1000))
assert worst <= 0.03
PY
else
	echo "# skip: no ffmpeg for the M4A check"
fi

ratio=$(sed -n 's/.*match ratio \([0-9.]*\).*/\1/p' "$W/jfk.err" | head -1)
echo "# match ratio of the right text: $ratio"
python3 -c "import sys; sys.exit(0 if 0 < float('${ratio:-9}') < 0.98 else 1)" &&
	ok "right text scores below the long-recording threshold (0.98)" ||
	bad "right text scores $ratio"

printf 'The weather service expects heavy rain in the north tomorrow. Farmers worry about the harvest after three dry months.\n' > "$W/wrong.txt"
"$TSYNC" align "$A" "$W/wrong.txt" -o "$W/wrong.json" --verbose 2>"$W/wrong.err"
rc=$?
wr=$(sed -n 's/.*match ratio \([0-9.]*\).*/\1/p' "$W/wrong.err" | head -1)
echo "# match ratio of a wrong text: $wr (exit $rc)"
[ $rc -eq 3 ] && [ ! -e "$W/wrong.json" ] && ok "wrong text refused (exit 3, nothing written)" ||
	bad "wrong text exit $rc"

# --force keeps the alignment of a refused text, with a warning.
"$TSYNC" align "$A" "$W/wrong.txt" -o "$W/forced.json" --force 2>"$W/forced.err"
rc=$?
[ $rc -eq 0 ] && [ -s "$W/forced.json" ] && grep -q "warning: the transcript does not belong" "$W/forced.err" &&
	ok "--force writes the project with a warning" || bad "--force: exit $rc: $(cat "$W/forced.err")"

exit $fail
