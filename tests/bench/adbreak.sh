#!/usr/bin/env bash
# adbreak.sh BUILD_DIR [OUT_DIR]: a podcast's mid-roll advertisement. An ad not in the
# transcript (tests/bench/texts/ad.en.txt read by flite's rms over a music bed at -26
# dBFS, after 3 s of chords, 24 s in all) spliced into the pause before a turn of five of
# sample.sh's recordings (which must have been made: SAMPLE, default
# ~/.cache/tsync/sample), the truth after it moved on. Aligned by `tsync align` against
# the whole interview; one line per recording: turn median / worst (ms), turn start median
# / worst (ms), time in sync (%), then what tsync reported as sound without text against
# the ad's true span.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
sh "$src/scripts/bootstrap.sh" >/dev/null
B=$(cd "${1:?build dir}" && pwd)
O=${2:-$HOME/.cache/tsync/adbreak}
S=${SAMPLE:-$HOME/.cache/tsync/sample}
mkdir -p "$O"
W=$src/data/wangjian/interview.en.txt

# shellcheck source=tests/bench/score.sh
. "$here/score.sh"

[ -s "$O/ad.wav" ] ||
	python3 "$src/tests/gen/tsync_gen.py" --cache "$HOME/.cache/tsync/gen" -q --lang en \
		--voices flite:rms --music-bed -26 --intro-music 3 --noise-db -40 --seed 7401 \
		--truth "$O/ad.truth.json" -o "$O/ad.wav" "$here/texts/ad.en.txt"

# name (sample.sh's) turn the ad goes before
for r in "sa01 14" "sa03 10" "sa05 20" "sa07 24" "sa12 30"; do
	# shellcheck disable=SC2086
	set -- $r
	n=$1
	a=$(ls "$S/$n".{wav,ogg,flac,mp3,opus} 2>/dev/null | head -1 || true)
	if [ -z "$a" ] || [ ! -s "$S/$n.truth.json" ]; then
		echo "adbreak.sh: no $S/$n; run tests/bench/sample.sh first" >&2
		exit 1
	fi
	[ -s "$O/${n}ad.truth.json" ] || python3 "$src/tests/gen/splice.py" "$a" "$S/$n.truth.json" \
		"$O/ad.wav" "$2" "$O/${n}ad.wav" "$O/${n}ad.truth.json"
	"$B/tsync" align "$O/${n}ad.wav" "$W" -o "$O/${n}ad.tsync.json" 2>"$O/${n}ad.err" >/dev/null ||
		true
	rep=$(sed -n 's/^tsync: audio \([0-9:.]*\) - \([0-9:.]*\) has sound but no text$/\1-\2/p' \
		"$O/${n}ad.err" | paste -sd' ' -)
	ad=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["ad"]; print("%.2f-%.2f s" % tuple(a))' \
		"$O/${n}ad.truth.json")
	echo "${n}ad tsync $(score "$O/${n}ad.tsync.json" "$O/${n}ad.truth.json"); ad $ad, reported ${rep:-nothing}"
done
