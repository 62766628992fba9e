#!/bin/bash
# make_suite.sh OUTDIR [NAME...]: generates the evaluation suite of tsync (or the named
# items only; en_hour, the interview spoken three times, only when named) into OUTDIR and writes OUTDIR/suite.tsv, one line per item:
#   name  audio  truth  transcript  lang  description
# An item is kept when it was made by the same recipe (generator SYNTH_VERSION and
# TRUTH_VERSION, options, transcript checksum; bump them in tsync_gen.py when its output
# changes). The
# per-sentence synthesis is cached under ~/.cache/tsync/gen as well, so a rebuild costs
# only the assembly and effects: about 10-25 s per item on 2 cores.
# Environment: TSYNC_GEN_CACHE (synthesis cache), TSYNC_SOURCE_DIR (repository root).
set -eu
{ # the whole script is read before it runs, so editing it meanwhile is safe
here=$(cd "$(dirname "$0")" && pwd)
SRC=${TSYNC_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
GEN=$here/tsync_gen.py
EN=$SRC/data/wangjian/interview.en.txt
ZH=$SRC/data/wangjian/interview.zh.txt
out=${1:?usage: make_suite.sh OUTDIR [NAME...]}
shift
mkdir -p "$out"
cache=(--cache "${TSYNC_GEN_CACHE:-$HOME/.cache/tsync/gen}" --jobs 2)

ITEMS="
en_main|wav|$EN|en|English interview, flite slt + festival kal, rate +-8 %, some fillers, pink noise -35 dBFS|--voices flite:slt,festival:kal_diphone --rate-jitter 0.08 --fillers 0.05 --noise-db -35 --seed 1
en_slow_reverb|mp3|$EN|en|same voices, tempo 0.93, reverb 50, rate +-8 %, noise -35, mp3 64k|--voices flite:slt,festival:kal_diphone --rate-jitter 0.08 --tempo 0.93 --reverb 50 --noise-db -35 --seed 2
en_ked_awb|ogg|$EN|en|festival ked + flite awb, rate +-10 %, fillers, breaths, turn gaps from 60 ms, pink noise -30, ogg vorbis|--voices festival:ked_diphone,flite:awb --rate-jitter 0.1 --fillers 0.08 --breaths 0.3 --turn-pause-ms 60,900 --noise-db -30 --seed 3
zh_slow|wav|$ZH|zh|Mandarin, espeak cmn-latn-pinyin f2/140 + m3/185, rate +-8 %, fillers, noise -35, tempo 0.9|--rate-jitter 0.08 --fillers 0.05 --noise-db -35 --tempo 0.9 --seed 4
zh_fast|wav|$ZH|zh|Mandarin, old eSpeak 1.48 zh+f3/150 + zh+m2/175, rate +-8 %, breaths, brown noise -32, tempo 1.1|--voices espeak1:zh+f3:150:55,espeak1:zh+m2:175:40 --rate-jitter 0.08 --breaths 0.3 --noise-db -32 --noise-type brown --tempo 1.1 --seed 5
en_intro_drop|wav|$EN|en|60 s music intro, turn 9 dropped, flite rms + festival slt hts, fillers, breaths, noise -38|--voices flite:rms,festival:cmu_us_slt_arctic_hts --intro-music 60 --drop-turn 9 --fillers 0.05 --breaths 0.3 --noise-db -38 --seed 6
en_48k|flac|$EN|en|en_main's voices at 48 kHz stereo as a recorder delivers it, pink noise -35 over the whole band, FLAC|--voices flite:slt,festival:kal_diphone --rate-jitter 0.08 --fillers 0.05 --noise-db -35 --seed 12 --sample-rate 48000 --channels 2
en_short|wav|$out/interview4.en.txt|en|first 4 turns, flite slt + festival kal, rate +-8 %, noise -35 (quick tests)|--voices flite:slt,festival:kal_diphone --rate-jitter 0.08 --noise-db -35 --seed 7
en_hour|wav|$out/interview3.en.txt|en|the interview three times (~55 min), like en_main; made only when named|--voices flite:slt,festival:kal_diphone --rate-jitter 0.08 --fillers 0.05 --noise-db -35 --seed 11
"

# derived transcripts: the first 4 turns, the interview three times over (rewritten only
# when they change, so the items made from them stay up to date)
put() { # FILE: stdin into FILE when different
	cat >"$1.tmp.$$"
	if cmp -s "$1.tmp.$$" "$1"; then rm "$1.tmp.$$"; else mv "$1.tmp.$$" "$1"; fi
}
python3 "$here/cut_turns.py" "$EN" 4 | put "$out/interview4.en.txt"
for i in 1 2 3; do cat "$EN"; echo; done | put "$out/interview3.en.txt"

tsv=$out/suite.tsv
: >"$tsv.new"
while IFS='|' read -r name fmt tr lang desc args; do
	[ -n "$name" ] || continue
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	elif [ "$name" = en_hour ]; then
		continue
	fi
	audio=$out/$name.$fmt
	truth=$out/$name.truth.json
	recipe="$(grep -E '^(SYNTH|TRUTH)_VERSION' "$GEN" | cut -d'#' -f1 | tr -d ' \n') $lang $args $(cksum <"$tr")"
	if [ -s "$truth" ] && [ -s "$audio" ] && [ "$(cat "$out/$name.recipe" 2>/dev/null)" = "$recipe" ]; then
		echo "make_suite: $name: up to date" >&2
	else
		echo "make_suite: $name: $desc" >&2
		# shellcheck disable=SC2086
		rm -f "$out/$name.recipe"
		python3 "$GEN" "$tr" --lang "$lang" -o "$audio" --truth "$truth" "${cache[@]}" $args
		echo "$recipe" >"$out/$name.recipe"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$audio" "$truth" "$tr" "$lang" "$desc" >>"$tsv.new"
done <<<"$ITEMS"
if [ $# -gt 0 ] && [ -f "$tsv" ]; then
	# keep the lines of the items not regenerated this time
	awk -F'\t' 'NR == FNR { done[$1]; next } !($1 in done)' "$tsv.new" "$tsv" >>"$tsv.new.old"
	cat "$tsv.new.old" >>"$tsv.new"
	rm -f "$tsv.new.old"
fi
mv "$tsv.new" "$tsv"
echo "make_suite: $(wc -l <"$tsv") items in $tsv" >&2
exit
}
