#!/bin/bash
# e2e_align_babble.sh TSYNC SOURCE_DIR: another person talking under a conversation all
# along. tests/bench/texts/chef.en.txt (2.5 minutes) spoken by festival's kal and flite's
# slt (not the aligner's voices), pauses between turns 0.3-1.5 s, pink noise at -40 dBFS,
# and flite's rms reading tests/bench/texts/bridge.en.txt under it at -34 dBFS RMS (the
# talk's is about -22). Its words fill the pauses between the turns, where the voice
# activity found speech and put the turns' edges: the turns started 251 ms early at the
# median and 1.4 s at worst. The aligner now reports the voice under the talk and starts
# speech only over its level: 20 ms at the median, 125 at worst. The same conversation
# without the other voice: no such report, and the turns in place.
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
GEN="$SRC/tests/gen/tsync_gen.py"
TEXT="$SRC/tests/bench/texts/chef.en.txt"
UNDER="$SRC/tests/bench/texts/bridge.en.txt"
. "$(dirname "$0")/tap_lib.sh"
tap_workdir babble

tap_need python3 flite text2wave sox soxi

common=(--lang en --voices festival:kal_diphone,flite:slt --noise-db -40 --noise-type pink
	--turn-pause-ms 300,1500 --rate-jitter 0.08 --seed 5201 --cache "$W/cache" -q)
# name extra-options
cases=("under --babble -34 --babble-voice flite:rms --babble-text $UNDER" "alone")
for c in "${cases[@]}"; do
	# shellcheck disable=SC2086
	set -- $c
	name=$1
	shift
	if ! python3 "$GEN" "$TEXT" "${common[@]}" "$@" -o "$W/$name.wav" \
		--truth "$W/$name.truth.json"; then
		bad "$name: cannot generate the audio"
		exit 1
	fi
	tap_aligns "$name" "$W/$name.err" "$W/$name.wav" "$TEXT" --verbose -o "$W/$name.json"
	python3 - "$W/$name.json" "$W/$name.truth.json" "$W/$name.err" "$name" <<'PY' &&
import json, statistics, sys
p = json.load(open(sys.argv[1]))["turns"]
truth = [t for t in json.load(open(sys.argv[2]))["turns"] if t.get("present", True)]
err = open(sys.argv[3]).read()
under = sys.argv[4] == "under"
assert len(p) == len(truth), (len(p), len(truth))
starts = [abs(g["start"] - t["start"]) * 1000 for g, t in zip(p, truth)]
edges = starts + [abs(g["end"] - t["end"]) * 1000 for g, t in zip(p, truth)]
reported = "another voice talks under the speakers" in err
print("# %s: turn starts %.0f ms off at the median, %.0f at worst; all edges %.0f at the "
      "median; voice under the talk reported: %s" %
      (sys.argv[4], statistics.median(starts), max(starts), statistics.median(edges), reported))
assert reported == under, reported
assert statistics.median(starts) <= 60, statistics.median(starts)
assert max(starts) <= 300, max(starts)
assert statistics.median(edges) <= 60, statistics.median(edges)
PY
		ok "$name: the other voice $([ "$name" = under ] || echo "not ")reported, the turns in place" ||
		bad "$name: turn edges"
done

exit $fail
