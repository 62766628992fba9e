# shellcheck shell=bash
# score.sh: sourced by the bench scripts that print turn starts too (real.sh, babble.sh,
# podcast.sh); needs $src, the source tree, and for compare() $B, the build directory.
# score PROJECT TRUTH -> "median / worst, start median / worst, sync" (tests/eval/score.py's
# turn boundary and turn start errors in ms, and the time in sync in %)
score() {
	python3 "${src:?score.sh needs src}/tests/eval/score.py" "$1" "$2" |
		sed -n 's/^turn boundary error ms: median \([0-9]*\).*max \([0-9inf]*\).*/\1 \/ \2/p;
			s/^turn start error ms: median \([0-9]*\)  max \([0-9inf]*\).*/\1 \/ \2/p;
			s/^in sync: \([0-9.]*\)%.*/\1/p' |
		paste -sd, - | sed 's/,/, /g'
}

# compare NAME AUDIO TRANSCRIPT LANG DIR: aligns AUDIO by $B/tsync into DIR/NAME.tsync.json
# and scores it against DIR/NAME.truth.json; with EG=1 echogarden too, on a 16 kHz copy
# (DIR/NAME.16k.wav, its log DIR/NAME.eg.log). Prints "NAME tsync SCORE" and, with EG=1,
# " | echogarden SCORE".
compare() {
	local n=$1 audio=$2 text=$3 lang=$4 dir=$5 line
	"${B:?score.sh needs B}/tsync" align "$audio" "$text" -o "$dir/$n.tsync.json" --quiet
	line="$n tsync $(score "$dir/$n.tsync.json" "$dir/$n.truth.json")"
	if [ "${EG:-0}" = 1 ]; then
		ffmpeg -v quiet -y -i "$audio" -ar 16000 -ac 1 -c:a pcm_s16le "$dir/$n.16k.wav"
		bash "$src/../shared/peers/echogarden/run.sh" "$dir/$n.16k.wav" "$text" "$lang" \
			"$dir/$n.eg.json" >"$dir/$n.eg.log" 2>&1 &&
			line="$line | echogarden $(score "$dir/$n.eg.json" "$dir/$n.truth.json")"
	fi
	echo "$line"
}
