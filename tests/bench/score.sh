# shellcheck shell=bash
# score.sh: sourced by the bench scripts that print turn starts too (real.sh, babble.sh);
# needs $src, the source tree.
# score PROJECT TRUTH -> "median / worst, start median / worst, sync" (tests/eval/score.py's
# turn boundary and turn start errors in ms, and the time in sync in %)
score() {
	python3 "${src:?score.sh needs src}/tests/eval/score.py" "$1" "$2" |
		sed -n 's/^turn boundary error ms: median \([0-9]*\).*max \([0-9inf]*\).*/\1 \/ \2/p;
			s/^turn start error ms: median \([0-9]*\)  max \([0-9inf]*\).*/\1 \/ \2/p;
			s/^in sync: \([0-9.]*\)%.*/\1/p' |
		paste -sd, - | sed 's/,/, /g'
}
