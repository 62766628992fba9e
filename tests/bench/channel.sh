#!/usr/bin/env bash
# channel.sh BUILD_DIR [OUT_DIR]: what the recording chain does to a recording, on the
# suite's en_main (tests/gen/make_suite.sh; run tests/bench/run.sh once to make it): its
# whole gain swinging by 8 dB over 3 minutes (an automatic gain control) or stepping down
# 12 dB every other minute (parts recorded at other gains), digital silence before, after
# and between two turns (a recorder started early, an export padded with zeros, a
# recording paused), two noise gates (pauses zeroed) and a suppressor (pauses 30 dB down
# after 150 ms), one channel of a stereo pair inverted, VoIP dropouts, a mains hum, tempo
# 0.8, pitch moved either way, three denoisers (ffmpeg's afftdn twice, sox's noisered)
# and a telephone line (300-3400 Hz at 8 kHz, GSM). Each variant is aligned by
# `tsync align` and scored by tests/eval/score.py against en_main's truth, shifted or
# scaled as the audio was. Prints one line each: turn median / worst (ms), time in sync
# (%). The variants are made with sox, ffmpeg and python3's standard library (no numpy),
# once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
B=$(cd "${1:?build dir}" && pwd)
O=${2:-$HOME/.cache/tsync/channel}
SUITE=${TSYNC_SUITE:-$HOME/.cache/tsync/suite}
mkdir -p "$O"
A=$SUITE/en_main.wav
T=$SUITE/en_main.truth.json
X=$src/data/wangjian/interview.en.txt
if [ ! -f "$A" ] || [ ! -f "$T" ]; then
	echo "channel.sh: no $A (run tests/bench/run.sh first)" >&2
	exit 1
fi

# alter NAME MODE ARGS...: en_main changed by python3 (16-bit mono in and out):
#   gain EXPR           its gain EXPR dB (a python expression of t, seconds)
#   gate OVER_DB HOLD [ATT_DB]
#                       frames (10 ms) that stay OVER_DB over the 10th percentile's level
#                       or under, HOLD frames after the last louder one, zeroed (or
#                       ATT_DB down: a noise suppressor)
#   drops               20-120 ms zeroed every 0.5-3.5 s (VoIP's lost packets)
alter() {
	[ -s "$O/$1.wav" ] && return
	python3 - "$A" "$O/$1.wav" "${@:2}" <<'PY'
import array, math, random, sys, wave
w = wave.open(sys.argv[1])
rate, n = w.getframerate(), w.getnframes()
x = array.array("h", w.readframes(n))
mode, step = sys.argv[3], rate // 100
if mode == "gain":
    for a in range(0, len(x), step):
        g = 10 ** (eval(sys.argv[4], {"math": math, "t": a / rate}) / 20)
        for i in range(a, min(a + step, len(x))):
            x[i] = max(-32768, min(32767, int(x[i] * g)))
elif mode == "drops":
    rng = random.Random(5)
    t = 0
    while t < len(x):
        t += int(rng.uniform(0.5, 3.5) * rate)
        k = int(rng.uniform(0.02, 0.12) * rate)
        for i in range(t, min(t + k, len(x))):
            x[i] = 0
        t += k
else:
    over, hold = float(sys.argv[4]), int(sys.argv[5])
    keep = 10 ** (-float(sys.argv[6]) / 20) if len(sys.argv) > 6 else 0.0
    e = []
    for a in range(0, len(x), step):
        s = sum(v * v for v in x[a:a + step]) / max(1, len(x[a:a + step]))
        e.append(10 * math.log10(s / 32768.0 ** 2 + 1e-12))
    floor = sorted(e)[len(e) // 10]
    h = 0
    for f, db in enumerate(e):
        h = hold if db > floor + over else h - 1
        if h <= 0:
            for i in range(f * step, min((f + 1) * step, len(x))):
                x[i] = int(x[i] * keep)
o = wave.open(sys.argv[2], "wb")
o.setnchannels(1)
o.setsampwidth(2)
o.setframerate(rate)
o.writeframes(x.tobytes())
PY
}

# truth NAME SHIFT_AT SHIFT SCALE: en_main's truth with every time t past SHIFT_AT moved by
# SHIFT seconds, then divided by SCALE
truth() {
	python3 - "$T" "$O/$1.truth.json" "$2" "$3" "$4" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
at, shift, scale = float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
def walk(o):
    if isinstance(o, dict):
        for k, v in list(o.items()):
            if k in ("start", "end") and isinstance(v, (int, float)):
                o[k] = ((v + shift) if v >= at else v) / scale
            else:
                walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(t)
json.dump(t, open(sys.argv[2], "w"))
PY
}

alter swing gain "8 * math.sin(2 * math.pi * t / 180)"
alter steps gain "0 if int(t // 60) % 2 == 0 else -12"
[ -s "$O/silence_before.wav" ] || sox -V1 -D "$A" "$O/silence_before.wav" pad 120 0
[ -s "$O/silence_after.wav" ] || sox -V1 -D "$A" "$O/silence_after.wav" pad 0 300
[ -s "$O/paused.wav" ] || sox -V1 -D "$A" "$O/paused.wav" pad 300@425
alter gate_light gate 6 15
alter gate_hard gate 12 5
alter suppressed gate 6 15 30
alter dropouts drops
[ -s "$O/inverted.wav" ] || sox -V1 "$A" -c 2 "$O/inverted.wav" remix 1 1i
[ -s "$O/hum.wav" ] || { sox -V1 -n -r 16000 -c 1 "$O/hum1.wav" synth "$(soxi -D "$A")" \
	sine 50 sine 150 sine 250 remix 1,2,3 vol 0.03 && sox -V1 -m "$A" "$O/hum1.wav" "$O/hum.wav"; }
[ -s "$O/tempo08.wav" ] || sox -V1 "$A" "$O/tempo08.wav" tempo -s 0.8
[ -s "$O/pitch_up.wav" ] || sox -V1 "$A" "$O/pitch_up.wav" pitch 600
[ -s "$O/pitch_down.wav" ] || sox -V1 "$A" "$O/pitch_down.wav" pitch -400
# denoisers as people run them before aligning: ffmpeg's afftdn (30 dB; 40 dB tracking the
# noise) and sox's noisered (its default 0.3, the profile from the noise before the host)
[ -s "$O/afftdn30.wav" ] || ffmpeg -v error -y -i "$A" -af afftdn=nr=30:nf=-40 "$O/afftdn30.wav"
[ -s "$O/afftdn40t.wav" ] || ffmpeg -v error -y -i "$A" -af afftdn=nr=40:nf=-35:tn=1 \
	"$O/afftdn40t.wav"
# a telephone line: 8 kHz, 300-3400 Hz, as 16-bit and through GSM 06.10
[ -s "$O/telephone.wav" ] || sox -V1 "$A" -r 8000 "$O/telephone.wav" sinc 300-3400
if [ ! -s "$O/gsm.wav" ]; then
	sox -V1 "$O/telephone.wav" "$O/gsm.gsm"
	sox -V1 "$O/gsm.gsm" "$O/gsm.wav"
fi
if [ ! -s "$O/noisered.wav" ]; then
	sox "$A" -n trim 0 0.35 noiseprof "$O/noise.prof"
	sox -V1 "$A" "$O/noisered.wav" noisered "$O/noise.prof" 0.3
fi
truth plain 0 0 1
truth silence_before 0 120 1
truth paused 425 300 1
truth tempo08 0 0 0.8

for v in swing steps silence_before silence_after paused gate_light gate_hard suppressed dropouts \
	inverted hum tempo08 pitch_up pitch_down afftdn30 afftdn40t noisered telephone gsm; do
	tr=$O/plain.truth.json
	[ -f "$O/$v.truth.json" ] && tr=$O/$v.truth.json
	if ! "$B/tsync" align "$O/$v.wav" "$X" -o "$O/$v.json" --quiet 2>"$O/$v.log"; then
		echo "$v tsync failed: $(tail -1 "$O/$v.log")"
		continue
	fi
	echo "$v tsync $(python3 "$src/tests/eval/score.py" "$O/$v.json" "$tr" |
		sed -n 's/^turn boundary error ms: median \([0-9]*\).*max \([0-9inf]*\).*/\1 \/ \2/p;
			s/^in sync: \([0-9.]*\)%.*/\1/p' | paste -sd, - | sed 's/,/, /')"
done
