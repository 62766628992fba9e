#!/bin/bash
# e2e_align_music.sh TSYNC SOURCE_DIR: music in the middle of a recording (a jingle between
# two turns, 15 s of chords made by sox) is not smeared over the next turn's first cues: it
# is reported as sound without text, and every turn keeps its true times. Speech of the
# first eight turns of the interview by flite's awb and festival's kal voices (not the
# aligner's), noise at -35 dBFS.
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
GEN="$SRC/tests/gen/tsync_gen.py"
CORPUS="$SRC/data/wangjian/interview.en.txt"
. "$(dirname "$0")/tap_lib.sh"
tap_workdir music

tap_need python3 flite text2wave sox soxi

python3 "$SRC/tests/gen/cut_turns.py" "$CORPUS" 8 >"$W/head8.txt" ||
	{ bad "cannot cut the transcript"; exit 1; }
if ! python3 "$GEN" "$W/head8.txt" --lang en -o "$W/a.wav" --truth "$W/a.truth.json" \
	--voices flite:awb,festival:kal_diphone --noise-db -35 --seed 11 --cache "$W/cache" -q; then
	bad "cannot generate the audio"
	exit 1
fi

# 15 s of chords (plucked strings, a sine, a triangle; tremolo), at speech level.
rate=$(soxi -r "$W/a.wav")
parts=""
k=0
for c in "C3 E3 G3 C4" "A2 C3 E3 A3" "F2 A2 C3 F3" "G2 B2 D3 G3" "D3 F3 A3 D4" "E2 G2 B2 E3" \
	"C3 E3 G3 C4" "F2 A2 C3 F3"; do
	set -- $c
	sox -V1 -r 48000 -c 4 -n -r "$rate" -c 1 -b 16 "$W/c$k.wav" synth 1.875 pluck "$1" \
		pluck "$2" sine "$3" triangle "$4" tremolo 5 30 fade 0.02 1.875 0.05
	parts="$parts $W/c$k.wav"
	k=$((k + 1))
done
# shellcheck disable=SC2086
sox $parts "$W/music.wav" vol 0.5

# Spliced into the middle of the pause after turn 4; the truth after it moves by 15 s.
cut=$(python3 -c "
import json; t = json.load(open('$W/a.truth.json'))['turns']
print('%.3f' % ((t[3]['end'] + t[4]['start']) / 2))")
sox "$W/a.wav" "$W/head.wav" trim 0 "$cut"
sox "$W/a.wav" "$W/tail.wav" trim "$cut"
sox "$W/head.wav" "$W/music.wav" "$W/tail.wav" "$W/m.wav"

tap_aligns "" "$W/m.err" "$W/m.wav" "$W/head8.txt" -o "$W/m.json"

python3 - "$W/m.json" "$W/a.truth.json" "$W/m.err" "$cut" <<'PY' && ok "music reported, turns in place, no cue over the music" || bad "music"
import json, re, sys
p = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))["turns"]
err = open(sys.argv[3]).read()
cut = float(sys.argv[4])
m0, m1 = cut, cut + 15.0
def shift(x):
    return x + 15.0 if x > cut else x
worst = 0
for got, t in zip(p["turns"], truth):
    worst = max(worst, abs(got["start"] - shift(t["start"])), abs(got["end"] - shift(t["end"])))
print("# worst turn boundary error %.0f ms" % (worst * 1000))
def secs(s):
    h, m, x = s.split(":")
    return int(h) * 3600 + int(m) * 60 + float(x)
spans = [(secs(a), secs(b)) for a, b in
         re.findall(r"audio (\d+:\d\d:\d\d\.\d+) - (\d+:\d\d:\d\d\.\d+) has sound but no text", err)]
print("# music %.2f-%.2f s; reported: %s" % (m0, m1, spans))
over = max(max(0.0, min(c["end"], m1) - max(c["start"], m0))
           for t in p["turns"] for c in t["cues"])
print("# cue time over the music: %.2f s at most" % over)
assert any(abs(a - m0) <= 1.0 and abs(b - m1) <= 1.0 for a, b in spans), spans
assert worst <= 0.4, worst
assert over <= 0.5, over
PY

exit $fail
