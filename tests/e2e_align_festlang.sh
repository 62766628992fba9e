#!/bin/bash
# e2e_align_festlang.sh TSYNC SOURCE_DIR: the interview's first five turns in Italian, Czech
# and Finnish (tests/data/lang/), spoken by festival's voices of those languages (diphone
# and unit-selection voices cut from recordings of people, a woman for the host and a man
# for the guest) with pink noise at -35 dB, aligned with the language guessed from the
# text. Every turn is found; turn boundaries within 100 ms at the median and 400 ms at
# worst, 98 % of the spoken time in sync (the whole interviews, in tests/bench/README.md:
# 24-37 ms at the median, 98.9-99.7 %).
set -u
TSYNC=${1:?tsync binary}
SRC=${2:-${TSYNC_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}}
. "$(dirname "$0")/tap_lib.sh"
tap_workdir festlang
for c in text2wave sox python3; do
	command -v $c >/dev/null || { echo "not ok - no $c (scripts/bootstrap.sh installs it)"; exit 1; }
done

for lang in it cs fi; do
	python3 "$SRC/tests/gen/cut_turns.py" "$SRC/tests/data/lang/interview.$lang.txt" 5 \
		>"$W/$lang.txt"
	if ! python3 "$SRC/tests/gen/tsync_gen.py" "$SRC/tests/data/lang/interview.$lang.txt" \
		--lang $lang --turns 5 --noise-db -35 --rate-jitter 0.05 --seed 7 \
		--cache "$W/cache" -q -o "$W/$lang.wav" --truth "$W/$lang.truth.json" 2>"$W/$lang.gen"; then
		bad "$lang: festival could not speak it (scripts/bootstrap.sh installs its voices)"
		cat "$W/$lang.gen"
		continue
	fi
	"$TSYNC" align "$W/$lang.wav" "$W/$lang.txt" -o "$W/$lang.json" --verbose -q \
		2>"$W/$lang.err"
	grep -q "cues in $lang" "$W/$lang.err" && ok "$lang: read as $lang" ||
		{ bad "$lang: language"; cat "$W/$lang.err"; }
	if python3 "$SRC/tests/eval/score.py" "$W/$lang.json" "$W/$lang.truth.json" \
		--require 'turns_found>=5,turn_median_ms<=100,turn_max_ms<=400,sync>=0.98' \
		>"$W/$lang.score"; then
		ok "$lang: $(sed -n 3p "$W/$lang.score")"
	else
		bad "$lang: turn boundaries or sync"
		cat "$W/$lang.score"
	fi
done
exit $fail
