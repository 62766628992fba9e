#!/bin/bash
# e2e_align_adbreak.sh TSYNC SOURCE_DIR: a mid-roll advertisement, 24 s of another voice
# (flite's rms over a music bed, after 3 s of chords) that the transcript does not hold,
# spliced into the pause before turn 16, then before turn 9, of a 4.6-minute interview
# (tests/bench/texts/ocean.en.txt, festival's kal and flite's slt, noise at -36 dBFS). The
# ad is reported as sound without text and the turns around it keep their places. Before
# med_voices_nobody(), the host's turn 16 was put on the ad's first seconds and its own
# words reported with the ad (24.4 s off); before the path was re-cut round the ad
# (nobody_recut()), the host's turn 8, just before the ad, went 1.7 s early with its words
# reported with the ad (3.8 s off).
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
GEN="$SRC/tests/gen/tsync_gen.py"
TEXT="$SRC/tests/bench/texts/ocean.en.txt"
. "$(dirname "$0")/tap_lib.sh"
tap_workdir adbreak

tap_need python3 flite text2wave sox soxi ffmpeg

if ! python3 "$GEN" "$TEXT" --lang en -o "$W/talk.wav" --truth "$W/talk.truth.json" \
	--voices festival:kal_diphone,flite:slt --noise-db -36 --seed 8101 --cache "$W/cache" -q ||
	! python3 "$GEN" "$SRC/tests/bench/texts/ad.en.txt" --lang en -o "$W/ad.wav" \
		--truth "$W/ad.truth.json" --voices flite:rms --music-bed -26 --intro-music 3 \
		--noise-db -40 --seed 7401 --cache "$W/cache" -q; then
	bad "cannot generate the audio"
	exit 1
fi

for turn in 16 9; do
	# the ad into the middle of the pause before the turn, the truth after it moved on
	python3 "$SRC/tests/gen/splice.py" "$W/talk.wav" "$W/talk.truth.json" "$W/ad.wav" "$turn" \
		"$W/adbreak$turn.wav" "$W/adbreak$turn.truth.json" || { bad "cannot splice the ad"; exit 1; }

	tap_aligns "before turn $turn" "$W/adbreak$turn.err" "$W/adbreak$turn.wav" "$TEXT" \
		-o "$W/adbreak$turn.json"

	python3 - "$W/adbreak$turn.json" "$W/adbreak$turn.truth.json" "$W/adbreak$turn.err" "$turn" <<'PY' &&
import json, re, sys
p = json.load(open(sys.argv[1]))["turns"]
t = json.load(open(sys.argv[2]))
truth, ad = t["turns"], t["ad"]
err = open(sys.argv[3]).read()
turn = int(sys.argv[4])
errs = [max(abs(g["start"] - x["start"]), abs(g["end"] - x["end"])) for g, x in zip(p, truth)]
def secs(s):
    h, m, x = s.split(":")
    return int(h) * 3600 + int(m) * 60 + float(x)
spans = [(secs(a), secs(b)) for a, b in
         re.findall(r"audio (\d+:\d\d:\d\d\.\d+) - (\d+:\d\d:\d\d\.\d+) has sound but no text", err)]
print("# ad %.2f-%.2f s; reported %s; turn %d %.0f ms off, worst turn %.0f ms" %
      (ad[0], ad[1], spans, turn, errs[turn] * 1000, max(errs) * 1000))
assert any(abs(a - ad[0]) <= 1.5 and abs(b - ad[1]) <= 1.5 for a, b in spans), spans
assert errs[turn] <= 0.3 and errs[turn - 1] <= 0.3, (errs[turn - 1], errs[turn])
assert max(errs) <= 0.5, max(errs)
PY
	ok "before turn $turn: the ad reported, the turns around it in place" ||
		bad "before turn $turn: mid-roll advertisement"
done

exit $fail
