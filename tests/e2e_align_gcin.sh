#!/bin/bash
# e2e_align_gcin.sh TSYNC SOURCE_DIR: Mandarin from people's voices. The interview's first
# eight turns spoken from syllables two people recorded (Debian's gcin-voice: speaker 3,
# pitch about 130 Hz, for the host; speaker 5, about 290 Hz, for the guest), pink noise at
# -35 dB. espeak-ng's Mandarin voice is a man's at about 90 Hz: the aligner measures the
# speakers' pitch on a first alignment, finds the guest's far above it and aligns again
# with its female variant. Every turn is found; turn boundaries within 100 ms at the
# median and 1 s at worst, and 98.5 % of the spoken time in sync (with the man's voice
# alone: 97.3 %; the whole interview in tests/bench/README.md). The same again with the
# speakers' names taken out of the transcript: its text is then one voice, measured as a
# whole (with the man's voice alone: 96.1 %, a turn 2.5 s off).
set -u
TSYNC=${1:?tsync binary}
SRC=${2:-${TSYNC_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}}
. "$(dirname "$0")/tap_lib.sh"
tap_workdir gcin
for c in sox python3; do
	command -v $c >/dev/null || { echo "not ok - no $c (scripts/bootstrap.sh installs it)"; exit 1; }
done
[ -d /usr/share/gcin-voice/ogg ] ||
	{ echo "not ok - no gcin-voice (scripts/bootstrap.sh installs it)"; exit 1; }

ZH="$SRC/data/wangjian/interview.zh.txt"
python3 "$SRC/tests/gen/cut_turns.py" "$ZH" 8 >"$W/zh8.txt" ||
	{ bad "cannot cut the transcript"; exit 1; }
if ! python3 "$SRC/tests/gen/tsync_gen.py" "$ZH" --lang zh --turns 8 \
	--voices gcin:3,gcin:5 --noise-db -35 --noise-type pink --rate-jitter 0.08 --seed 141 \
	--jobs 2 --cache "$W/cache" -q -o "$W/a.wav" --truth "$W/a.truth.json" 2>"$W/gen.err"; then
	bad "cannot speak the turns from gcin-voice's syllables"
	cat "$W/gen.err"
	exit 1
fi
"$TSYNC" align "$W/a.wav" "$W/zh8.txt" -o "$W/a.json" --verbose -q 2>"$W/a.err"
rc=$?
[ $rc -eq 0 ] && ok "aligns (exit 0)" || { bad "align exit $rc"; cat "$W/a.err"; }
if grep -q "aligning again with espeak-ng's f4 voice" "$W/a.err"; then
	ok "$(grep -m1 'pitch of the synthetic voice' "$W/a.err" | sed 's/^tsync: //')"
else
	bad "the speakers' pitch did not call for the female voice"
	cat "$W/a.err"
fi
# a short recording's features serve both passes (computed once)
grep -q "features kept)" "$W/a.err" && ok "the second pass reuses the audio's features" ||
	bad "the second pass computed the audio's features again"
score() {
	if python3 "$SRC/tests/eval/score.py" "$W/$1.json" "$W/a.truth.json" \
		--require 'turns_found>=8,turn_median_ms<=100,turn_max_ms<=1000,sync>=0.985' \
		>"$W/$1.score"; then
		ok "$2: $(sed -n 3p "$W/$1.score"); $(sed -n 4p "$W/$1.score")"
	else
		bad "$2: turn boundaries or sync"
		cat "$W/$1.score"
	fi
}
score a "named speakers"

# no names: the speakers' lines and the chapter titles out
grep -v -x -E '主持人|王堅|## .*' "$W/zh8.txt" >"$W/anon.txt"
"$TSYNC" align "$W/a.wav" "$W/anon.txt" -o "$W/anon.json" --verbose -q 2>"$W/anon.err" ||
	{ bad "align without names"; cat "$W/anon.err"; }
grep -q "of the text without a speaker" "$W/anon.err" &&
	grep -q "aligning again with espeak-ng's f4 voice" "$W/anon.err" &&
	ok "without names: $(grep -m1 'pitch of the synthetic voice' "$W/anon.err" | sed 's/^tsync: //')" ||
	{ bad "without names, the text's pitch did not call for the female voice"; cat "$W/anon.err"; }
score anon "without names"
exit $fail
