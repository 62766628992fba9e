#!/bin/bash
# e2e_align_podcast.sh TSYNC SOURCE_DIR: a podcast's opening, 20 s of music (fading out
# over its last 3 s) and then short turns ("Hello." 1.5 s before the guest's "Hi. Thanks
# for having me."): the music is reported as sound without text and the host's "Hello."
# keeps its place, where the search for the text's start had passed over it and put it on
# the guest's "Hi" (1.9 s late). The same after 12 s of music: the search's longer text
# found the music's end, 12.7 s in, and it was dropped for being shorter than that text's
# 16 s of speech (the first turns went into the music, 13.3 s early).
# tests/bench/texts/bees.en.txt spoken by festival's kal and flite's slt (not the
# aligner's voices), pauses between turns 0.3-1.5 s, noise at -38 dBFS. And two openings
# of tests/bench/texts/boats.en.txt ("Welcome back." / "Glad to be here."): 15 s of music
# before them (flite's slt, festival's kal, noise at -35 dBFS) and 5 s (flite's rms and
# slt, pink noise at -33 dBFS, tempo 1.1), which the opening text matched better than the
# words themselves: the first three turns went into the music (17.5 and 6.2 s early)
# before the music's own spectrum was asked (med_voices_music()).
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
GEN="$SRC/tests/gen/tsync_gen.py"
TEXT="$SRC/tests/bench/texts/bees.en.txt"
. "$(dirname "$0")/tap_lib.sh"
tap_workdir podcast

tap_need python3 flite text2wave sox soxi

BOATS="$SRC/tests/bench/texts/boats.en.txt"
# intro text seed options
cases=(
	"20 $TEXT 5101 --voices festival:kal_diphone,flite:slt --noise-db -38 --turn-pause-ms 300,1500 --rate-jitter 0.08"
	"12 $TEXT 5101 --voices festival:kal_diphone,flite:slt --noise-db -38 --turn-pause-ms 300,1500 --rate-jitter 0.08"
	"15 $BOATS 5105 --voices flite:slt,festival:kal_diphone --noise-db -35 --turn-pause-ms 300,1500 --rate-jitter 0.08"
	"5 $BOATS 5107 --voices flite:rms,flite:slt --noise-db -33 --noise-type pink --tempo 1.1 --turn-pause-ms 300,1500 --rate-jitter 0.08"
)
for c in "${cases[@]}"; do
	# shellcheck disable=SC2086
	set -- $c
	intro=$1 text=$2 seed=$3
	shift 3
	if ! python3 "$GEN" "$text" --lang en -o "$W/p$intro.wav" --truth "$W/p$intro.truth.json" \
		--intro-music "$intro" --seed "$seed" "$@" --cache "$W/cache" -q; then
		bad "cannot generate the audio"
		exit 1
	fi

	tap_aligns "$intro s of music" "$W/p$intro.err" "$W/p$intro.wav" "$text" -o "$W/p$intro.json"

	python3 - "$W/p$intro.json" "$W/p$intro.truth.json" "$W/p$intro.err" "$intro" <<'PY' &&
import json, re, sys
p = json.load(open(sys.argv[1]))["turns"]
truth = json.load(open(sys.argv[2]))["turns"]
err = open(sys.argv[3]).read()
intro = float(sys.argv[4])
errs = [max(abs(g["start"] - t["start"]), abs(g["end"] - t["end"])) for g, t in zip(p, truth)]
print("# first turn %.0f ms off, worst turn boundary %.0f ms" % (errs[0] * 1000, max(errs) * 1000))
def secs(s):
    h, m, x = s.split(":")
    return int(h) * 3600 + int(m) * 60 + float(x)
spans = [(secs(a), secs(b)) for a, b in
         re.findall(r"audio (\d+:\d\d:\d\d\.\d+) - (\d+:\d\d:\d\d\.\d+) has sound but no text", err)]
print("# intro reported: %s; the first word at %.2f s" % (spans, truth[0]["start"]))
# the music fades out over its last third (3 s at most)
assert spans and spans[0][0] < 1.0 and intro - 5 <= spans[0][1] <= truth[0]["start"] + 0.05, spans
assert errs[0] <= 0.2, errs[0]
assert max(errs) <= 0.3, max(errs)
PY
		ok "$intro s of music: the intro reported, the first turn in place" ||
		bad "$intro s of music: podcast opening"
done

exit $fail
