#!/bin/bash
# e2e_align_alsa.sh TSYNC SOURCE_DIR: `tsync align` on a second real human voice: the eight
# channel names that alsa-utils ships as test sounds (/usr/share/sounds/alsa, a woman
# speaking, 48 kHz), cut at their silences and joined in another order with pauses of
# 0.5-1.1 s and pink noise. Two of them ("Rear right", "Rear left") hold a pause of a third
# of a second between their words, where espeak-ng's voice makes none: the cue must still
# end after the second word, not at the pause. Starts within 60 ms, ends within 200 ms.
set -u
TSYNC=${1:?tsync binary}
D=/usr/share/sounds/alsa
W=$(mktemp -d "${TMPDIR:-/tmp}/e2e_alsa.XXXXXX")
trap 'rm -rf "$W"' EXIT
if [ ! -f "$D/Front_Left.wav" ] || ! command -v sox >/dev/null; then
	echo "not ok - no $D/Front_Left.wav or no sox (scripts/bootstrap.sh installs alsa-utils and sox)"
	exit 1
fi

order="Front_Left Rear_Right Front_Center Side_Left Rear_Left Front_Right Side_Right Rear_Center"
set -- 0.7 0.5 0.9 0.6 1.1 0.5 0.8 0.6
sox -n -r 16000 -c 1 "$W/lead.wav" trim 0 0.8
parts="$W/lead.wav"
t=0.8
: >"$W/truth.txt"
: >"$W/text.txt"
i=0
for o in $order; do
	# the phrase without its leading and trailing silence, at 16 kHz
	sox "$D/$o.wav" -r 16000 -c 1 "$W/p$i.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
	d=$(soxi -D "$W/p$i.wav")
	echo "$o $t $(python3 -c "print($t + $d)")" >>"$W/truth.txt"
	t=$(python3 -c "print($t + $d + $1)")
	sox -n -r 16000 -c 1 "$W/gap$i.wav" trim 0 "$1"
	parts="$parts $W/p$i.wav $W/gap$i.wav"
	printf '%s.\n\n' "${o/_/ }" >>"$W/text.txt"
	shift
	i=$((i + 1))
done
# shellcheck disable=SC2086
sox $parts "$W/clean.wav"
sox -R -n -r 16000 -c 1 "$W/noise.wav" synth "$(soxi -D "$W/clean.wav")" pinknoise vol 0.01
sox -m "$W/clean.wav" "$W/noise.wav" "$W/clip.wav"

if ! "$TSYNC" align "$W/clip.wav" "$W/text.txt" -o "$W/clip.json" 2>"$W/err"; then
	echo "not ok - tsync align failed: $(cat "$W/err")"
	exit 1
fi
python3 - "$W/clip.json" "$W/truth.txt" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
cues = [c for t in p["turns"] for c in t["cues"]]
truth = [l.split() for l in open(sys.argv[2])]
assert len(cues) == len(truth), (len(cues), len(truth))
fail = 0
for c, (name, s, e) in zip(cues, truth):
    ds, de = c["start"] - float(s), c["end"] - float(e)
    print("# %-13s %.2f-%.2f truth %.2f-%.2f (start %+.0f ms, end %+.0f ms)"
          % (name, c["start"], c["end"], float(s), float(e), ds * 1000, de * 1000))
    if abs(ds) > 0.06 or abs(de) > 0.2:
        fail = 1
print(("not ok" if fail else "ok") + " - real voice: starts within 60 ms, ends within 200 ms")
sys.exit(fail)
PY
