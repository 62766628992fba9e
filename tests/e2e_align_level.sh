#!/bin/bash
# e2e_align_level.sh TSYNC SOURCE_DIR: a recording whose level moves. tests/bench/texts/
# chef.en.txt (2.5 minutes) spoken by festival's kal and flite's slt (not the aligner's
# voices), pink noise at -40 dBFS, then the whole recording's gain swung by 9 dB either
# way over 100 s (a slow automatic gain control, parts recorded at other gains): noise and
# speech move together. By the recording's one floor, the noise of its loud parts read as
# speech and their turns ran on over the pauses after them (at 2270f87: edges 31 ms off at
# the median, 2.8 s at worst, against 22 and 110 ms at a steady level). The aligner
# reports the moving level and takes the frames back to one level: the turns as on the
# same conversation at a steady level. Then the steady conversation between 60 and 90 s
# of digital silence: the recording's 10th percentile lay in the silence and all of its
# noise read as speech (at 0cefc5b edges 256 ms off at the median, 2.8 s at worst; at
# da1b168 the silence passed for a moving level: 25 ms and 1.25 s); the floor is now
# measured without such frames. Last, the steady conversation with a minute's break
# spliced into the pause before turn 13 (tests/gen/splice.py): digital silence (a
# microphone muted, an export's cut filled with zeros), a room's noise 5 dB under the
# recording's, a quiet one 30 dB under it. At 5bbdc1e the turns about it were 52-66 s off:
# the DTW spread the text over the break, and a quiet break, both its local levels low,
# was taken back up to the talk's level, where its noise read as speech. The break is now
# passed over whole, also where a short turn before it is cut again with its neighbours.
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
GEN="$SRC/tests/gen/tsync_gen.py"
TEXT="$SRC/tests/bench/texts/chef.en.txt"
. "$(dirname "$0")/tap_lib.sh"
tap_workdir level

tap_need python3 flite text2wave sox soxi ffmpeg

if ! python3 "$GEN" "$TEXT" --lang en --voices festival:kal_diphone,flite:slt --noise-db -40 \
	--noise-type pink --turn-pause-ms 300,1500 --rate-jitter 0.08 --seed 5301 \
	--cache "$W/cache" -q -o "$W/steady.wav" --truth "$W/truth.json"; then
	bad "cannot generate the audio"
	exit 1
fi
# the gain: 9 dB * sin(2 pi t / 100 s), sample by sample (16-bit mono)
if ! python3 - "$W/steady.wav" "$W/moving.wav" <<'PY'; then
import array, math, sys, wave
w = wave.open(sys.argv[1])
assert w.getnchannels() == 1 and w.getsampwidth() == 2
rate, x = w.getframerate(), array.array("h", w.readframes(w.getnframes()))
for i in range(len(x)):
    g = 10 ** (9 * math.sin(2 * math.pi * i / (100 * rate)) / 20)
    x[i] = max(-32768, min(32767, int(x[i] * g)))
o = wave.open(sys.argv[2], "wb")
o.setnchannels(1)
o.setsampwidth(2)
o.setframerate(rate)
o.writeframes(x.tobytes())
PY
	bad "cannot change the gain"
	exit 1
fi
# the steady one again between 60 s and 90 s of digital silence (a recorder started early,
# an export padded with zeros)
if ! sox -D "$W/steady.wav" "$W/padded.wav" pad 60 90; then
	bad "cannot pad the audio"
	exit 1
fi
# a minute's break before turn 13: zeros, a room's noise, a quiet one
sox -n -r 16000 -c 1 "$W/zeros.wav" trim 0 60 &&
	sox -n -r 16000 -c 1 "$W/room.wav" synth 60 pinknoise gain -n -32 &&
	sox -n -r 16000 -c 1 "$W/quiet.wav" synth 60 pinknoise gain -n -60 || {
	bad "cannot make the breaks"
	exit 1
}
for b in zeros room quiet; do
	if ! python3 "$SRC/tests/gen/splice.py" "$W/steady.wav" "$W/truth.json" "$W/$b.wav" 13 \
		"$W/break_$b.wav" "$W/break_$b.truth.json"; then
		bad "cannot splice the break ($b)"
		exit 1
	fi
done
# the zeros again, the text spoken by one espeak-ng engine (as under the sanitizers, whose
# builds keep to one): its synthetic speech a little other, the short turn before the
# break had been stretched over it by the short turns' second cut (61.8 s)
ln -s break_zeros.wav "$W/break_zeros1.wav" && ln -s break_zeros.truth.json "$W/break_zeros1.truth.json"
ok "a conversation, the same with its level swinging by 9 dB, padded with silence, with a break"

for name in steady moving padded break_zeros break_room break_quiet break_zeros1; do
	if [ "$name" = break_zeros1 ]; then
		TSYNC_SYNTH_THREADS=1 tap_aligns "$name" "$W/$name.err" "$W/$name.wav" "$TEXT" \
			--verbose -o "$W/$name.json"
	else
		tap_aligns "$name" "$W/$name.err" "$W/$name.wav" "$TEXT" --verbose -o "$W/$name.json"
	fi
	tj="$W/truth.json"
	[ -f "$W/$name.truth.json" ] && tj="$W/$name.truth.json"
	python3 - "$W/$name.json" "$tj" "$W/$name.err" "$name" <<'PY' &&
import json, statistics, sys
p = json.load(open(sys.argv[1]))["turns"]
truth = [t for t in json.load(open(sys.argv[2]))["turns"] if t.get("present", True)]
err = open(sys.argv[3]).read()
moving = sys.argv[4] == "moving"
shift = 60.0 if sys.argv[4] == "padded" else 0.0
assert len(p) == len(truth), (len(p), len(truth))
edges = [abs(g["start"] - t["start"] - shift) * 1000 for g, t in zip(p, truth)]
edges += [abs(g["end"] - t["end"] - shift) * 1000 for g, t in zip(p, truth)]
reported = "level moves" in err
print("# %s: turn edges %.0f ms off at the median, %.0f at worst; moving level reported: %s"
      % (sys.argv[4], statistics.median(edges), max(edges), reported))
assert reported == moving, reported
assert statistics.median(edges) <= 50, statistics.median(edges)
assert max(edges) <= 300, max(edges)
PY
		ok "$name: the level $([ "$name" = moving ] || echo "not ")reported as moving, the turns in place" ||
		bad "$name: turn edges"
done
exit $fail
