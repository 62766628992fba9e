#!/bin/bash
# player_bench.sh: figures for the player on an hour-long MP3.
#
#   - time from start to the first frame and to the first audio callback with sound;
#   - CPU use while playing (fraction of one core, sampled from /proc/PID/stat each
#     second: the first seconds include the background waveform and voice-activity pass
#     over the whole hour, the last ones are steady playback);
#   - peak memory (VmHWM);
#   - the offset between the audio clock and the subtitle on screen: at each frame (clock
#     when the frame is shown minus the clock it was drawn for) and at each cue onset
#     (clock when the cue first appears minus its start time).
#
# usage: tests/bench/player_bench.sh TSYNC_BINARY [SECONDS]   (default 60 s of playback)
# Runs under Xvfb when it is installed (a real X window), else SDL's dummy video driver.
# The audio device is SDL's dummy driver (paced like a sound card, no sound).
set -u
TSYNC=$(readlink -f "${1:?tsync binary}")
SECS=${2:-60}
WORK=${BENCH_DIR:-/tmp/tsync-bench}
mkdir -p "$WORK"
cd "$WORK"

if [ ! -s hour.mp3 ]; then
	echo "making an hour of speech as MP3 (flite + sox + ffmpeg) ..."
	flite -voice slt -t "Good morning, and welcome to the show. Today we talk about computing power and data." -o s1.wav
	flite -voice kal -t "Thank you. It is a pleasure to be here, and I am glad to talk about it." -o s2.wav
	sox s1.wav -r 16000 s1r.wav pad 0 0.6
	sox s2.wav -r 16000 s2r.wav pad 0 0.8
	sox s1r.wav s2r.wav pair.wav
	len=$(soxi -D pair.wav)
	reps=$(python3 -c "import math; print(math.ceil(3600 / $len))")
	sox pair.wav hour.wav repeat "$((reps - 1))" trim 0 3600
	ffmpeg -loglevel error -y -i hour.wav -ac 1 -ar 44100 -b:a 64k hour.mp3
	rm -f s1.wav s2.wav s1r.wav s2r.wav hour.wav
	echo "$len" > pair.len
fi
len=$(cat pair.len)
python3 - "$len" <<'PY'
import json, sys
pair = float(sys.argv[1])
turns = []
t = 0.0
i = 0
while t + pair <= 3600:
    for k, (a, b, zh, en) in enumerate([(0.0, 0.45, "早上好，欢迎收看节目。今天我们谈谈计算力和数据。",
                                          "Good morning, and welcome to the show. Today we talk about computing power and data."),
                                         (0.47, 1.0, "谢谢。很高兴来到这里，也很高兴谈这个话题。",
                                          "Thank you. It is a pleasure to be here, and I am glad to talk about it.")]):
        s, e = round(t + a * pair, 3), round(t + b * pair - 0.05, 3)
        turns.append({"speaker_index": k, "start": s, "end": e,
                      "text": {"zh": zh, "en": en},
                      "cues": [{"start": s, "end": e, "text": {"zh": zh, "en": en}}]})
    t += pair
    i += 1
p = {"tsync": 1, "audio": "hour.mp3", "languages": ["zh", "en"], "audio_language": "en",
     "timed": True, "aligned": "subtitles",
     "speakers": [{"name": {"zh": "主持人", "en": "Host"}}, {"name": {"zh": "王健", "en": "Wang Jian"}}],
     "chapters": [], "turns": turns}
json.dump(p, open("hour.json", "w"), ensure_ascii=False)
print("project: %d cues over an hour" % len(turns))
PY

XPID=""
if command -v Xvfb >/dev/null 2>&1; then
	for n in $(seq 141 190); do
		[ ! -e "/tmp/.X$n-lock" ] && DISP=":$n" && break
	done
	Xvfb "$DISP" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
	XPID=$!
	export DISPLAY=$DISP
	unset SDL_VIDEODRIVER
	sleep 1
	echo "video: Xvfb $DISP"
else
	export SDL_VIDEODRIVER=dummy
	echo "video: SDL dummy driver"
fi
export SDL_AUDIODRIVER=dummy
rm -f hour.json.journal stats.txt cpu.txt
start_ns=$(date +%s%N)
"$TSYNC" play hour.json --duration "$SECS" --stats stats.txt --restore-journal no 2>player.log &
PID=$!
tck=$(getconf CLK_TCK)
prev=0
prev_t=$(date +%s.%N)
t_start=$prev_t
hwm=0
: > cpu.txt
# One sample a second (of wall time: an iteration may take longer on a loaded machine).
while [ -r "/proc/$PID/stat" ]; do
	sleep 1
	[ -r "/proc/$PID/stat" ] || break
	now=$(date +%s.%N)
	ticks=$(awk '{print $14 + $15}' "/proc/$PID/stat" 2>/dev/null) || break
	h=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status" 2>/dev/null)
	[ -n "$h" ] && hwm=$h
	awk -v a="$prev_t" -v b="$now" -v d="$((ticks - prev))" -v hz="$tck" -v t0="$t_start" \
		'BEGIN {printf "%.1f %.3f\n", b - t0, d / hz / (b - a)}' >> cpu.txt
	prev=$ticks
	prev_t=$now
	# Per-thread CPU seconds so far: playback (main, decoder, SDL audio) apart from the
	# background analysis (waveform peaks, voice activity) of the whole file.
	el=$(awk -v b="$now" -v t0="$t_start" 'BEGIN {print b - t0}')
	if awk -v e="$el" -v s="$SECS" 'BEGIN {exit !(e < s - 3)}'; then
		for t in /proc/"$PID"/task/[0-9]*; do
			[ -r "$t/stat" ] || continue
			c=$(cat "$t/comm" 2>/dev/null) || continue
			v=$(awk -v hz="$tck" '{printf "%.2f", ($14 + $15) / hz}' "$t/stat" 2>/dev/null) || continue
			echo "$c $v"
		done > threads.tmp
		if [ "$(wc -l < threads.tmp)" -ge 3 ]; then
			mv threads.tmp threads.txt
			echo "$ticks $el" > proc_ticks.txt
		fi
	fi
done
wait $PID || true
[ -n "$XPID" ] && kill "$XPID" 2>/dev/null
echo
echo "== player bench: an hour of MP3, $SECS s of playback =="
cat stats.txt
echo "peak_memory_mb $(python3 -c "print('%.1f' % ($hwm / 1024))")"
python3 - <<'PY'
rows = [tuple(map(float, l.split())) for l in open("cpu.txt") if l.strip()]
cpu = [c for _, c in rows]  # cores, one sample a second
if cpu:
    first = cpu[:10]
    last = cpu[-10:]
    print("cpu_first_10s_cores %.3f" % (sum(first) / len(first)))
    print("cpu_last_10s_cores %.3f" % (sum(last) / len(last)))
    print("cpu_mean_cores %.3f" % (sum(cpu) / len(cpu)))
PY
python3 - "$SECS" "$tck" <<'PY'
import sys
secs, hz = float(sys.argv[1]), float(sys.argv[2])
rows = [l.rsplit(" ", 1) for l in open("threads.txt") if l.strip()]
ticks, at = open("proc_ticks.txt").read().split()
total, secs = float(ticks) / hz, float(at) + 1  # CPU seconds, and seconds elapsed + 1
# Playback: the main (drawing) thread, the decoder thread and SDL's audio thread. The rest
# of the process's time (also threads that have ended) is the background analysis.
play = sum(float(c) for n, c in rows if n in ("tsync", "tsync-decode") or n.startswith("SDLAudio"))
print("cpu_playback_cores %.3f   (drawing + decoder + audio threads)" % (play / (secs - 1)))
print("cpu_analysis_cores %.3f   (background waveform peaks + voice activity, low priority)"
      % ((total - play) / (secs - 1)))
for n, c in rows:
    print("  thread %-14s %6.2f s" % (n, float(c)))
PY
echo "(cpu per second in $WORK/cpu.txt; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
