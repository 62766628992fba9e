# lang_clip.sh: sourced by tests/e2e_align_lang.sh and tests/bench/langs.sh. Defines
# speak NAME VOICE "TEXT[|SPOKEN]"...: in $W, NAME.wav (the sentences spoken one after
# another by espeak-ng's VOICE at pitch 65, 150 words a minute, after 0.6 s of silence,
# with pink noise), NAME.txt (the TEXTs, a sentence a paragraph) and NAME.truth (each
# sentence's start and end, seconds). SPOKEN, when given, is what espeak-ng says instead
# of TEXT (Japanese from its kana). SPEAK_GAPS: the silences after the sentences, one per
# sentence (seconds); SPEAK_TEMPO: a sox tempo factor for each sentence, or empty.
speak() {
	local name=$1 voice=$2 t=0.6 i=0 parts gaps tempo=()
	read -r -a gaps <<<"${SPEAK_GAPS:?gaps after the sentences}"
	[ -n "${SPEAK_TEMPO:-}" ] && tempo=(tempo "$SPEAK_TEMPO")
	shift 2
	sox -n -r 16000 -c 1 "$W/$name.lead.wav" trim 0 0.6
	parts="$W/$name.lead.wav"
	: >"$W/$name.txt"
	: >"$W/$name.truth"
	for s in "$@"; do
		printf '%s\n\n' "${s%%|*}" >>"$W/$name.txt"
		espeak-ng -v "$voice" -p 65 -s 150 -w "$W/$name.raw$i.wav" "${s#*|}"
		sox "$W/$name.raw$i.wav" -r 16000 "$W/$name.s$i.wav" silence 1 0.02 0.5% reverse \
			silence 1 0.02 0.5% reverse "${tempo[@]}"
		d=$(soxi -D "$W/$name.s$i.wav")
		echo "$t $(python3 -c "print($t + $d)")" >>"$W/$name.truth"
		t=$(python3 -c "print($t + $d + ${gaps[$i]})")
		sox -n -r 16000 -c 1 "$W/$name.g$i.wav" trim 0 "${gaps[$i]}"
		parts="$parts $W/$name.s$i.wav $W/$name.g$i.wav"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	sox $parts "$W/$name.clean.wav"
	sox -R -n -r 16000 -c 1 "$W/$name.noise.wav" synth "$(soxi -D "$W/$name.clean.wav")" \
		pinknoise vol 0.02
	sox -m "$W/$name.clean.wav" "$W/$name.noise.wav" "$W/$name.wav"
}
