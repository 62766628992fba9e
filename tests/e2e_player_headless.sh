#!/bin/bash
# e2e_player_headless.sh: the player without a display.
#  - `tsync play PROJECT --frame T -o PNG` renders the window at T (no display needed) and
#    matches the reference frame within a tolerance, at 1280x720 and scaled at 640x360;
#  - with DISPLAY and WAYLAND_DISPLAY unset, `tsync play` says so and prints the bilingual
#    cues in the terminal in time with the audio clock (SDL's dummy audio device), in order,
#    with speakers and chapter, and stops at --until;
#  - `tsync play AUDIO SUBS SUBS2` pairs two subtitle files into a two-language project.
# usage: e2e_player_headless.sh TSYNC_BINARY SOURCE_DIR   (UPDATE_REFERENCE=1 rewrites frames)
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
REF="$SRC/tests/data/player"
for tool in flite sox python3 compare; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed"
		exit 0
	fi
done
WORK=$(mktemp -d /tmp/tsync-headless-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fail() {
	echo "FAIL: $*"
	for f in "$WORK"/*.log; do [ -f "$f" ] && sed "s|^|  $(basename "$f"): |" "$f"; done
	exit 1
}
source "$REF/fixture.sh"
make_fixture "$WORK" || fail "cannot make the test audio"
cd "$WORK" || exit 1
export XDG_CONFIG_HOME="$WORK/config" SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY SDL_VIDEODRIVER

# --- frames ---
for spec in "4 1280x720 frame_4s" "7.5 640x360 frame_7s_small"; do
	set -- $spec
	"$TSYNC" play talk.json --frame "$1" --size "$2" -o "$3.png" >frame.log 2>&1 ||
		fail "--frame $1 --size $2"
	if [ -n "${UPDATE_REFERENCE:-}" ]; then
		cp "$3.png" "$REF/$3.png"
		continue
	fi
	rmse=$(compare -metric RMSE "$3.png" "$REF/$3.png" null: 2>&1 | sed 's/.*(\(.*\)).*/\1/')
	echo "frame $3: RMSE $rmse"
	python3 -c "import sys; sys.exit(0 if float('$rmse') <= 0.03 else 1)" ||
		fail "frame $3 differs from the reference (RMSE $rmse)"
done
"$TSYNC" play talk.json --frame 99:99:99x -o x.png >bad.log 2>&1 && fail "bad --frame time accepted"
"$TSYNC" play talk.json --frame 1 >bad.log 2>&1 && fail "--frame without -o accepted"

# --- terminal captions in time with the clock ---
t0=$(date +%s.%N)
"$TSYNC" play talk.json --until 9.3 >term.out 2>term.log || fail "terminal play failed"
t1=$(date +%s.%N)
grep -q "no display" term.log || fail "no 'no display' message"
python3 - "$t0" "$t1" <<'PY' || fail "terminal captions wrong"
import sys
out = open("term.out", encoding="utf-8").read()
elapsed = float(sys.argv[2]) - float(sys.argv[1])
print("terminal: %.1f s for 9.3 s of audio" % elapsed)
want = ["== 一、开场 ==", "主持人 / Host:", "[00:00.500] 早上好，欢迎收看节目。",
        "Good morning, and welcome to the show.", "王健 / Wang Jian:",
        "[00:03.300] 谢谢。很高兴来到这里。", "Thank you. It is a pleasure to be here.",
        "[00:06.600] 我们来谈谈计算力。", "Let us talk about computing power."]
pos = -1
for w in want:
    p = out.find(w)
    if p <= pos:
        print("missing or out of order:", w)
        sys.exit(1)
    pos = p
# The clock runs at the audio's pace: about 9 s (the dummy device is paced by a timer).
sys.exit(0 if 7.0 <= elapsed <= 20.0 else 1)
PY

# --- snapping boundaries to the voice activity (headless window, scripted keys) ---
printf 'wait 2500\nselect 2\nsnap-start\nsnap-end\nsave\nquit\n' > snap.txt
SDL_VIDEODRIVER=dummy "$TSYNC" play talk.json --start-paused --restore-journal no \
	--script snap.txt >snap.log 2>&1 || fail "snap script"
grep -qE "start of cue 2 (moved|unchanged)" snap.log || fail "snap-start did nothing"
grep -qE "end of cue 2 (moved|unchanged)" snap.log || fail "snap-end did nothing"
python3 - <<'PY' || fail "snapped boundaries far from the speech"
import json
p = json.load(open("talk.json"))
c = [c for t in p["turns"] for c in t["cues"]][1]
print("cue 2 snapped to %.3f .. %.3f" % (c["start"], c["end"]))
# Speech of the second sentence starts near 3.25 s and ends near 5.7 s (flite + padding).
assert abs(c["start"] - 3.3) <= 0.5 and abs(c["end"] - 5.9) <= 0.8, c
PY

# The same at once, before the pass over the whole file is done: voice activity of the
# seconds around the boundary.
cp talk.json~ talk.json
printf 'select 2\nsnap-start\nsnap-end\nsave\nquit\n' > snap2.txt
SDL_VIDEODRIVER=dummy "$TSYNC" play talk.json --start-paused --restore-journal no \
	--script snap2.txt >snap2.log 2>&1 || fail "snap script (local)"
python3 - <<'PY' || fail "locally snapped boundaries far from the speech"
import json
p = json.load(open("talk.json"))
c = [c for t in p["turns"] for c in t["cues"]][1]
print("cue 2 snapped (local) to %.3f .. %.3f" % (c["start"], c["end"]))
assert abs(c["start"] - 3.3) <= 0.5 and abs(c["end"] - 5.9) <= 0.8, c
PY

# --- two subtitle files ---
cat > zh.vtt <<'EOF'
WEBVTT

00:00.500 --> 00:02.800
<v 主持人>早上好，欢迎收看节目。

00:03.300 --> 00:06.100
<v 王健>谢谢。很高兴来到这里。
EOF
cat > en.srt <<'EOF'
1
00:00:00,520 --> 00:00:02,790
Good morning, and welcome to the show.

2
00:00:03,310 --> 00:00:06,000
Thank you. It is a pleasure to be here.
EOF
"$TSYNC" play talk.wav zh.vtt en.srt --frame 4 -o subs.png >subs.log 2>&1 || fail "AUDIO SUBS SUBS2"
python3 - <<'PY' || fail "paired subtitle project"
import json
p = json.load(open("talk.json"))
cues = [c for t in p["turns"] for c in t["cues"]]
assert p["languages"][:2] == ["zh", "en"], p["languages"]
assert len(cues) == 2
assert cues[1]["text"]["en"].startswith("Thank you"), cues[1]
assert abs(cues[1]["start"] - 3.3) < 1e-6
PY
echo "PASS"
