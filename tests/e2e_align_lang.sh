#!/bin/bash
# e2e_align_lang.sh TSYNC SOURCE_DIR: transcripts in other languages than English and Chinese.
# Clips are spoken by espeak-ng variants the aligner does not use (female voices, pitch 65,
# 150 words a minute, tempo 1.05 with sox), with 0.05-0.15 s between sentences (so the
# words decide where a cue ends, not a pause) and pink noise.
#  - German with enough common words is read as German (no option) and aligns.
#  - Four short French sentences with none of French's common words are guessed to be
#    English; with --audio-lang fr they are read as French, not aligned turn by turn as a
#    translation (which put boundaries a second off), and every cue is within 200 ms.
#  - An English text with --audio-lang fr is a translation all the same.
#  - Catalan, whose common words are mostly Spanish's too, is read as Catalan (it had been
#    guessed English and spoken by the English voice) and aligns.
#  - Japanese in kanji and kana (spoken from its kana, "TEXT|SPOKEN"): espeak-ng reads
#    kanji as English words, so tsync speaks MeCab's reading of it; it aligns.
#  - Hindi: sentences end at the danda (।), so each is a cue of its own.
#  - Vietnamese, whose common words hold letters with two marks, is read as Vietnamese (it
#    had been read as Czech and refused).
set -u
TSYNC=${1:?tsync binary}
. "$(dirname "$0")/tap_lib.sh"
tap_workdir lang
for c in espeak-ng sox python3; do
	command -v $c >/dev/null || { echo "not ok - no $c (scripts/bootstrap.sh installs it)"; exit 1; }
done

# speak NAME VOICE "TEXT[|SPOKEN]"...: NAME.wav, NAME.txt, NAME.truth (tests/lang_clip.sh)
. "$(dirname "$0")/lang_clip.sh"
SPEAK_GAPS="0.12 0.05 0.15 0.08 0.1"
SPEAK_TEMPO=1.05

# check NAME JSON LIMIT: every cue within LIMIT seconds of the truth
check() {
	python3 - "$W/$2" "$W/$1.truth" "$3" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
truth = [tuple(map(float, l.split())) for l in open(sys.argv[2])]
limit = float(sys.argv[3])
cues = [c for t in p["turns"] for c in t["cues"]]
if len(cues) != len(truth):
    print("# %d cues, %d sentences" % (len(cues), len(truth)))
    sys.exit(1)
worst = max(max(abs(c["start"] - a), abs(c["end"] - b)) for c, (a, b) in zip(cues, truth))
print("# worst cue boundary %.0f ms" % (worst * 1000))
sys.exit(0 if worst <= limit else 1)
PY
}

# aligns_as LANG NAME: LANG.wav against LANG.txt with no option: read in LANG (NAME in the
# messages), exit 0, every cue within 200 ms
aligns_as() {
	local rc
	"$TSYNC" align "$W/$1.wav" "$W/$1.txt" -o "$W/$1.json" --verbose -q 2>"$W/$1.err"
	rc=$?
	[ $rc -eq 0 ] && grep -q "cues in $1" "$W/$1.err" && ok "$2 transcript read as $2" ||
		{ bad "$2 transcript (exit $rc)"; cat "$W/$1.err"; }
	check "$1" "$1.json" 0.2 && ok "$2 cues within 200 ms" || bad "$2 cues"
}

speak de de+f2 "Guten Abend und vielen Dank, dass Sie gekommen sind." \
	"Wir sprechen heute über die Zukunft der Datenverarbeitung." \
	"Am Anfang glaubte niemand, dass dieses Projekt gelingen würde." \
	"Heute nutzen Millionen von Unternehmen unsere Dienste jeden Tag."
aligns_as de German

speak fr fr+f4 "Bonsoir, chers amis." "Quelle belle soirée, vraiment magnifique!" \
	"Merci beaucoup d'être venus si nombreux." "Bonne nuit, à bientôt!"
"$TSYNC" align "$W/fr.wav" "$W/fr.txt" --audio-lang fr -o "$W/fr.json" --verbose -q \
	2>"$W/fr.err"
rc=$?
[ $rc -eq 0 ] && grep -q "read as fr" "$W/fr.err" && grep -q "cues in fr" "$W/fr.err" &&
	ok "French without common words read as French with --audio-lang fr" ||
	{ bad "French with --audio-lang fr (exit $rc)"; cat "$W/fr.err"; }
check fr fr.json 0.2 && ok "French cues within 200 ms" || bad "French cues"

printf 'Good evening, dear friends, and thank you for coming.\n\nWhat a beautiful evening it is, and we are so glad that you are here with us.\n' >"$W/en.txt"
"$TSYNC" align "$W/fr.wav" "$W/en.txt" --audio-lang fr -o "$W/en.json" --verbose -q \
	2>"$W/en.err"
grep -q "read as" "$W/en.err" && { bad "English text taken for French"; cat "$W/en.err"; } ||
	ok "English text with --audio-lang fr stays a translation"

speak ca ca+f2 "Bon dia a tothom i benvinguts al programa." \
	"Avui parlem amb una pescadora del port de la vila." \
	"El seu pare tenia una barca petita i ella l'acompanyava els estius." \
	"Ara ensenya als joves a reparar les xarxes."
aligns_as ca Catalan

speak ja ja+f2 "こんばんは、皆さん。|こんばんわ、みなさん。" \
	"今日は新しい技術について話しましょう。|きょうはあたらしいぎじゅつについてはなしましょう。" \
	"最初は誰も成功すると思いませんでした。|さいしょはだれもせいこうするとおもいませんでした。" \
	"今では毎日たくさんの人が使っています。|いまではまいにちたくさんのひとがつかっています。"
aligns_as ja Japanese

speak vi vi+f2 "Xin chào và chào mừng các bạn đến với chương trình." \
	"Hôm nay chúng ta sẽ nói về tương lai của công nghệ." \
	"Trí tuệ nhân tạo sẽ thay đổi cuộc sống của chúng ta." \
	"Cảm ơn các bạn đã lắng nghe."
aligns_as vi Vietnamese

speak hi hi+f2 "नमस्ते, आज हम खेती के बारे में बात करेंगे।" "हमारे गाँव में साठ परिवार हैं।" \
	"सबने मिलकर एक गोदाम बनाया।" "अब हमें सही दाम मिलता है।"
# one paragraph: only the danda tells the sentences apart
tr '\n' ' ' <"$W/hi.txt" | sed 's/  */ /g' >"$W/hi1.txt"
"$TSYNC" align "$W/hi.wav" "$W/hi1.txt" -o "$W/hi.json" --verbose -q 2>"$W/hi.err"
rc=$?
[ $rc -eq 0 ] && ok "Hindi aligns (exit 0)" || { bad "Hindi (exit $rc)"; cat "$W/hi.err"; }
python3 - "$W/hi.json" "$W/hi.truth" <<'PY' && ok "Hindi cues end at a danda, within 200 ms" || bad "Hindi cues"
import json, sys
p = json.load(open(sys.argv[1]))
truth = [tuple(map(float, l.split())) for l in open(sys.argv[2])]
k, worst = 0, 0.0
for c in (c for t in p["turns"] for c in t["cues"]):
    text = c["text"]["hi"].strip()
    n = text.count("\u0964")
    if not text.endswith("\u0964") or not n or k + n > len(truth):
        print("# cue %r does not end a sentence" % text)
        sys.exit(1)
    worst = max(worst, abs(c["start"] - truth[k][0]), abs(c["end"] - truth[k + n - 1][1]))
    k += n
print("# %d sentences, worst cue boundary %.0f ms" % (k, worst * 1000))
sys.exit(0 if k == len(truth) and worst <= 0.2 else 1)
PY
exit $fail
