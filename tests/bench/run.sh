#!/bin/bash
# run.sh [BUILD_DIR]: benchmark `tsync align` and the echogarden peer on the generated suite.
#
# For each item (default: en_main, zh_slow, en_main+zh, en_main:zh and en_hour, the English
# interview spoken three times, ~55 min; NAME+LANG adds the LANG transcript as
# --translation; NAME:LANG aligns NAME's audio to the transcript in the other language
# LANG, a translation-only project scored by turn) it runs `tsync align AUDIO TRANSCRIPT -o out.json` RUNS times under
# /usr/bin/time -v (median wall, median CPU user+sys, max peak RSS), scores the last
# output with tests/eval/score.py, does the same for echogarden (via
# /work/shared/peers/echogarden/run.sh, on a 16-bit WAV decoded from the item at its own rate) and prints
# a table. When tsync cannot align (not built, or align not implemented) its rows say so
# and echogarden still runs.
#
# Environment:
#   RUNS=5            runs per tool and item (HOUR_RUNS, default 3, for en_hour)
#   ITEMS="..."       suite items (see tests/gen/make_suite.sh) plus en_hour
#   TOOLS="tsync echogarden baseline"   (baseline: tests/eval/baseline.py, which spreads the
#                     sentences over the audio by length without listening: the floor)
#   TSYNC_SUITE=DIR   where the suite audio is made and kept (~/.cache/tsync/suite)
#   TSYNC_ALIGN_ARGS  extra arguments for tsync align
#   PEER=DIR          the echogarden runner (/work/shared/peers/echogarden)
#   OUT=DIR           outputs, logs and results.tsv (~/.cache/tsync/bench)
set -u
{ # the whole script is read before it runs, so editing it meanwhile is safe
here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$here/../.." && pwd)
BUILD=${1:-$SRC/build}
TSYNC=$BUILD/tsync
RUNS=${RUNS:-5}
HOUR_RUNS=${HOUR_RUNS:-3}
ITEMS=${ITEMS:-en_main zh_slow en_main+zh en_main:zh en_hour}
TOOLS=${TOOLS:-tsync echogarden baseline}
SUITE=${TSYNC_SUITE:-$HOME/.cache/tsync/suite}
PEER=${PEER:-/work/shared/peers/echogarden}
OUT=${OUT:-$HOME/.cache/tsync/bench}
SCORE=$SRC/tests/eval/score.py
mkdir -p "$SUITE" "$OUT"

# --- the audio: suite items (en_hour is the interview transcript three times over)
# shellcheck disable=SC2086
"$SRC/tests/gen/make_suite.sh" "$SUITE" $(printf '%s\n' $ITEMS | cut -d: -f1 | sort -u) || exit 1

item_field() { # NAME FIELD(2 audio, 3 truth, 4 transcript, 5 lang)
	awk -F'\t' -v n="$1" -v f="$2" '$1 == n { print $f }' "$SUITE/suite.tsv"
}

# --- measuring: /usr/bin/time -v of one command into KEY=VALUE lines
timed() { # LOG CMD...: runs CMD, prints "wall cpu peak_mb status"
	local log=$1
	shift
	/usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1
	local st=$?
	awk -v st=$st '
		/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
		/User time/ { u = $NF } /System time/ { s = $NF }
		/Maximum resident set size/ { m = $NF / 1024 }
		END { printf "%.2f %.2f %.0f %d\n", w, u + s, m, st }' "$log.time"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

results=$OUT/results.tsv
printf 'tool\taudio\taudio_min\twall_s\tcpu_s\tpeak_mb\tturn_median_ms\tturn_max_ms\tsync_pct\tnote\n' >"$results"

bench_one() { # TOOL ITEM
	local tool=$1 item=${2%%[:+]*} label=$2 trlang="" bilang=""
	local audio truth tr lang n runs wav dir note="" extra=""
	case $2 in *:*) trlang=${2#*:} ;; *+*) bilang=${2#*+} ;; esac
	audio=$(item_field "$item" 2)
	truth=$(item_field "$item" 3)
	tr=$(item_field "$item" 4)
	lang=$(item_field "$item" 5)
	dir=$OUT/$tool.$item
	if [ -n "$trlang" ]; then
		# translation only: the transcript in the other language, scored by turn
		[ "$tool" = echogarden ] && return 0
		dir=$OUT/$tool.$item.$trlang
		mkdir -p "$dir"
		# the other language's transcript, cut to the turns the item speaks
		python3 "$SRC/tests/gen/cut_turns.py" "$SRC/data/wangjian/interview.$trlang.txt" \
			"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["turns"]))' "$truth")" \
			>"$dir/transcript.txt"
		tr=$dir/transcript.txt
		extra="--audio-lang $lang"
	fi
	if [ -n "$bilang" ]; then
		# bilingual: the spoken transcript and its translation, scored on the spoken one
		[ "$tool" = tsync ] || return 0
		dir=$OUT/$tool.$item.$lang+$bilang
		mkdir -p "$dir"
		python3 "$SRC/tests/gen/cut_turns.py" "$SRC/data/wangjian/interview.$bilang.txt" \
			"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["turns"]))' "$truth")" \
			>"$dir/translation.txt"
		extra="--translation $dir/translation.txt"
	fi
	mkdir -p "$dir"
	runs=$RUNS
	[ "$item" = en_hour ] && runs=$HOUR_RUNS
	[ "$tool" = baseline ] && runs=1
	local amin
	amin=$(python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['duration'] / 60))" "$truth")
	: >"$dir/runs"
	for n in $(seq 1 "$runs"); do
		rm -f "$dir/out.json"
		case $tool in
		tsync)
			if ! [ -x "$TSYNC" ]; then note="no tsync binary at $TSYNC"; break; fi
			# shellcheck disable=SC2086
			set -- $(timed "$dir/log" "$TSYNC" align "$audio" "$tr" -o "$dir/out.json" $extra ${TSYNC_ALIGN_ARGS:-})
			;;
		baseline)
			set -- $(timed "$dir/log" sh -c 'python3 "$1" "$2" "$3" --lang "$4" >"$5"' sh \
				"$SRC/tests/eval/baseline.py" "$audio" "$tr" "${trlang:-$lang}" "$dir/out.json")
			;;
		echogarden)
			wav=$audio
			case $audio in *.wav) ;; *)
				# decoded at its own rate and channels: echogarden resamples as it likes
				wav=$OUT/$item.s16.wav
				[ -s "$wav" ] || ffmpeg -nostdin -loglevel error -y -i "$audio" \
					-c:a pcm_s16le "$wav" || { note="decode failed"; break; }
				;;
			esac
			# the first call installs echogarden (not timed)
			"$PEER/setup.sh" >/dev/null 2>&1 || { note="echogarden setup failed"; break; }
			set -- $(timed "$dir/log" bash "$PEER/run.sh" "$wav" "$tr" "$lang" "$dir/out.json")
			;;
		esac
		if [ "$4" != 0 ] || ! [ -s "$dir/out.json" ]; then
			note="failed (exit $4): $(grep -v '^\s*$' "$dir/log" | tail -n 1 | cut -c1-80)"
			break
		fi
		echo "$1 $2 $3" >>"$dir/runs"
		echo "bench: $tool $item run $n: wall $1 s, cpu $2 s, peak $3 MB" >&2
	done
	local wall cpu peak tm tx sy
	if [ -s "$dir/runs" ] && [ -z "$note" ]; then
		wall=$(cut -d' ' -f1 "$dir/runs" | median)
		cpu=$(cut -d' ' -f2 "$dir/runs" | median)
		peak=$(cut -d' ' -f3 "$dir/runs" | sort -g | tail -n 1)
		python3 "$SCORE" "$dir/out.json" "$truth" --lang "$lang" >"$dir/score.txt" 2>&1
		python3 "$SCORE" "$dir/out.json" "$truth" --lang "$lang" --json >"$dir/score.json" 2>/dev/null
		read -r tm tx sy < <(python3 -c '
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except ValueError:
    print("- - -"); sys.exit()
f = lambda v: "-" if v is None else "%.0f" % v
print(f(r["turn_median_ms"]), f(r["turn_max_ms"]) if r["missing"] == 0 else "inf",
      "-" if r["sync"] is None else "%.2f" % (100 * r["sync"]))' "$dir/score.json")
	else
		wall=- cpu=- peak=- tm=- tx=- sy=-
		[ -n "$note" ] || note="no runs"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$label" "$amin" "$wall" "$cpu" "$peak" \
		"$tm" "$tx" "$sy" "$note" >>"$results"
}

for item in $ITEMS; do
	for tool in $TOOLS; do
		bench_one "$tool" "$item"
	done
done

echo
echo "tsync bench $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, runs: $RUNS (en_hour: $HOUR_RUNS)"
awk -F'\t' '
	NR == 1 { printf "%-11s %-15s %6s %8s %8s %8s %12s %10s %8s  %s\n", "tool", "audio", "min", "wall s", "CPU s", "peak MB", "turn med ms", "max ms", "sync %", ""; next }
	{ printf "%-11s %-15s %6s %8s %8s %8s %12s %10s %8s  %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }' "$results"
echo "(scores: $OUT/TOOL.ITEM/score.txt; table: $results)"
exit
}
