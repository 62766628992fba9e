#!/bin/bash
# e2e_player_xvfb.sh: the real player window under Xvfb, driven with xdotool.
#
# A project with three bilingual cues at known times is opened paused; keys move the
# playhead to exact positions (next cue seeks to a cue's start, arrows seek by exact
# steps), nudge and set boundaries, undo, redo, save and export. The saved project and
# the exported SRT must hold exactly the expected times, and screenshots must match the
# reference frames in tests/data/player/ within a tolerance.
#
# usage: e2e_player_xvfb.sh TSYNC_BINARY SOURCE_DIR   (UPDATE_REFERENCE=1 rewrites them)
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
REF="$SRC/tests/data/player"
for tool in Xvfb xdotool import compare flite sox python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed"
		exit 0
	fi
done

WORK=$(mktemp -d /tmp/tsync-xvfb-XXXXXX)
XPID=""
PPID_PLAYER=""
cleanup() {
	[ -n "$PPID_PLAYER" ] && kill "$PPID_PLAYER" 2>/dev/null
	[ -n "$XPID" ] && kill "$XPID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	[ -f "$WORK/player.log" ] && sed 's/^/  player: /' "$WORK/player.log"
	if [ -n "${KEEP_FAILED:-}" ]; then
		cp -r "$WORK" "$KEEP_FAILED" && echo "  files kept in $KEEP_FAILED"
	fi
	exit 1
}

source "$REF/fixture.sh"
make_fixture "$WORK" || fail "cannot make the test audio"

# A free display number, away from the usual ones; Xvfb must still be ours once up.
start_xvfb() {
	local n
	for _ in $(seq 20); do
		n=$((400 + RANDOM % 500))
		[ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
		Xvfb ":$n" -screen 0 1280x720x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
		XPID=$!
		for _ in $(seq 50); do
			DISPLAY=":$n" xdotool getmouselocation >/dev/null 2>&1 && break
			kill -0 "$XPID" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$XPID" 2>/dev/null && DISPLAY=":$n" xdotool getmouselocation >/dev/null 2>&1; then
			DISP=":$n"
			return 0
		fi
		kill "$XPID" 2>/dev/null
		XPID=""
	done
	return 1
}
start_xvfb || fail "Xvfb did not start"
export DISPLAY=$DISP

export SDL_AUDIODRIVER=dummy
unset SDL_VIDEODRIVER
export XDG_CONFIG_HOME="$WORK/config" # default key bindings
cd "$WORK" || exit 1
find_window() { # prints the player's window id, waiting up to 30 s
	local w=""
	for _ in $(seq 300); do
		w=$(xdotool search --onlyvisible --pid "$PPID_PLAYER" 2>/dev/null | head -1)
		[ -z "$w" ] && w=$(xdotool search --onlyvisible --class "tsync" 2>/dev/null | head -1)
		[ -z "$w" ] && w=$(xdotool search --name "tsync" 2>/dev/null | head -1)
		[ -n "$w" ] && break
		kill -0 "$PPID_PLAYER" 2>/dev/null || break
		sleep 0.1
	done
	echo "$w"
}
WID=""
for attempt in 1 2; do
	"$TSYNC" play talk.json --start-paused --seek 1.0 --restore-journal no --size 1280x720 -v \
		>"$WORK/player.log" 2>&1 &
	PPID_PLAYER=$!
	WID=$(find_window)
	[ -n "$WID" ] && break
	echo "window not found (attempt $attempt); X windows:"
	xwininfo -root -tree 2>&1 | sed -n '1,15p'
	kill "$PPID_PLAYER" 2>/dev/null
	wait "$PPID_PLAYER" 2>/dev/null
	PPID_PLAYER=""
done
if [ -z "$WID" ]; then
	kill -0 "$XPID" 2>/dev/null || fail "Xvfb $DISP went away"
	fail "the player window did not appear on $DISP (in 30 s, twice)"
fi
xdotool windowmove "$WID" 0 0 >/dev/null 2>&1
xdotool windowfocus --sync "$WID" >/dev/null 2>&1 || xdotool windowfocus "$WID"
sleep 1.0

key() {
	xdotool key --delay 60 "$@"
	sleep 0.35
}
shot() {
	sleep 0.4
	import -window root "$WORK/$1.png" || fail "screenshot $1"
}
matches() { # name: compare with the reference frame (RMSE, normalised 0..1)
	if [ -n "${UPDATE_REFERENCE:-}" ]; then
		cp "$WORK/$1.png" "$REF/$1.png"
		return 0
	fi
	[ -f "$REF/$1.png" ] || fail "no reference frame $REF/$1.png"
	local rmse
	rmse=$(compare -metric RMSE "$WORK/$1.png" "$REF/$1.png" null: 2>&1 | sed 's/.*(\(.*\)).*/\1/')
	echo "frame $1: RMSE $rmse"
	python3 -c "import sys; sys.exit(0 if float('$rmse') <= 0.03 else 1)" ||
		fail "frame $1 differs from the reference (RMSE $rmse > 0.03)"
}

# Play for a moment and pause: the clock moved and is now somewhere in cue 1.
key space
sleep 0.5
key space
# Next cue: cue 2 is selected and the playhead is exactly at its start, 3.300.
key ctrl+Right
# Start of cue 2 10 ms earlier: 3.290.
key 1
shot xvfb_cue2
matches xvfb_cue2
# Two exact 1 s steps: the playhead is at 5.300; set the end of cue 2 there (and go to cue 3).
key shift+Right
key shift+Right
key e
# End of cue 3 +10 ms (9.110), undo (9.100), redo (9.110).
key 4
key ctrl+z
key ctrl+shift+z
# Drag the end of cue 1 on the zoomed waveform. Paused at 5.300, the strip shows
# 0.300..10.300 s over x = 25..1255 (1280x720 layout), so the end at 2.800 s is at x = 332;
# dropped at x = 320 it lands at 0.300 + (320 - 25) * 10 / 1230 s = 2.698 s.
xdotool mousemove 332 530 mousedown 1
sleep 0.2
xdotool mousemove 326 530
sleep 0.2
xdotool mousemove 320 530 mouseup 1
sleep 0.4
# Help on and off, subtitle modes cycled back to both.
key F1
shot xvfb_help
matches xvfb_help
key F1
key v v v v
key ctrl+s
key ctrl+e
key q
for _ in $(seq 50); do
	kill -0 "$PPID_PLAYER" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$PPID_PLAYER" 2>/dev/null; then
	fail "the player did not quit on q"
fi
wait "$PPID_PLAYER"
rc=$?
PPID_PLAYER=""
[ "$rc" = 0 ] || fail "the player exited with $rc"

python3 - "$WORK/talk.json" <<'PY' || fail "the saved project does not hold the expected times"
import json, sys
p = json.load(open(sys.argv[1]))
cues = [c for t in p["turns"] for c in t["cues"]]
got = [(round(c["start"], 3), round(c["end"], 3)) for c in cues]
want = [(0.5, 2.698), (3.29, 5.3), (6.6, 9.11)]
print("saved cues:", got)
turns = [(round(t["start"], 3), round(t["end"], 3)) for t in p["turns"]]
print("saved turns:", turns)
sys.exit(0 if got == want and turns[1][0] <= 3.29 and turns[2][1] >= 9.11 else 1)
PY
[ -f "$WORK/talk.json~" ] || fail "no backup talk.json~"
grep -q '"end": 6.1' "$WORK/talk.json~" || fail "the backup is not the previous version"
SRT="$WORK/talk.zh-en.srt"
[ -f "$SRT" ] || fail "no exported $SRT"
grep -q '00:00:00,500 --> 00:00:02,698' "$SRT" || fail "SRT: cue 1 times (dragged end)"
grep -q '00:00:03,290 --> 00:00:05,300' "$SRT" || fail "SRT: cue 2 times"
grep -q '00:00:06,600 --> 00:00:09,110' "$SRT" || fail "SRT: cue 3 times"
grep -q '谢谢' "$SRT" && grep -q 'Thank you' "$SRT" || fail "SRT: both languages"
[ -f "$WORK/talk.zh-en.vtt" ] && [ -f "$WORK/talk.zh-en.ass" ] || fail "VTT/ASS export"
grep -q 'saved talk.json' "$WORK/player.log" || fail "no 'saved' status"
grep -q 'start of cue 2 moved -10 ms' "$WORK/player.log" || fail "no nudge status"
grep -q 'end of cue 1 moved -102 ms' "$WORK/player.log" || fail "no drag status"
# After a save and a clean quit the journal is gone.
[ ! -s "$WORK/talk.json.journal" ] || fail "journal left after a clean save"
echo "PASS"
