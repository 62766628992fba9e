#!/bin/bash
# e2e_align.sh TSYNC SOURCE_DIR: `tsync align` on speech made at test time with voices the
# aligner does not use (flite, festival; espeak-ng Mandarin at another variant and speed),
# checked against the true times; plus a foreign transcript and a recording that stops at
# a third of its transcript (exit 3), empty, silent and unreadable audio (exit 1 with a
# message), and spoken-language detection.
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
GEN="$SRC/tests/gen/tsync_gen.py"
. "$(dirname "$0")/tap_lib.sh"
tap_workdir align

for tool in python3 flite text2wave sox espeak-ng; do
	command -v $tool >/dev/null || { echo "skip: $tool missing"; exit 0; }
done

cat > "$W/en.txt" <<'TXT'
Host
Thank you for joining us today. What first brought you to computer science?

Guest
I studied psychology at university, and that led me to artificial intelligence.
At the time, the machines were slow and the data sets were tiny.

Host
And how is it different today?

Guest
Today everything has changed. We can try an idea in the morning and know by the evening whether it works.
That speed changes the way we think about problems.
TXT
cat > "$W/zh.txt" <<'TXT'
主持人
謝謝您今天接受我們的采訪。您最早是怎麼接觸到計算機的?

嘉賓
我在大學學的是心理學,後來慢慢走到了人工智能這個領域。
那時候的機器很慢,數據也非常少。

主持人
那今天有什麼不同呢?

嘉賓
今天一切都變了。早上有一個想法,晚上就能知道它行不行。
這種速度改變了我們思考問題的方式。
TXT
cat > "$W/wrong.txt" <<'TXT'
Reporter
Heavy rain is expected in the north of the country tomorrow, and farmers are worried.

Farmer
The harvest has been poor after three dry months, and prices for vegetables keep rising.
Schools will stay closed on Monday, and the trains are running with long delays.

Reporter
The football match between the two cities has been moved to next week.

Farmer
Experts say the climate is changing faster than anyone predicted, and we must adapt.
More news at the top of the hour, here on the evening programme, after the weather.
TXT

# turn_check PROJECT TRUTH MEDIAN_MS MAX_MS: every present turn's start and end against
# the truth.
turn_check() {
	python3 - "$@" <<'PY'
import json, statistics, sys
p, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
med_lim, max_lim = float(sys.argv[3]), float(sys.argv[4])
errs = []
for pt, tt in zip(p["turns"], t["turns"]):
    errs += [abs(pt["start"] - tt["start"]) * 1000, abs(pt["end"] - tt["end"]) * 1000]
if len(p["turns"]) != len(t["turns"]):
    print("turn count %d != %d" % (len(p["turns"]), len(t["turns"]))); sys.exit(1)
med, mx = statistics.median(errs), max(errs)
print("# turn boundary error: median %.0f ms, max %.0f ms" % (med, mx))
sys.exit(0 if med <= med_lim and mx <= max_lim else 1)
PY
}

# align_check LABEL AUDIO TEXT PROJECT TRUTH MEDIAN_MS MAX_MS: aligns, expects exit 0 and the
# turn times within the limits.
align_check() {
	"$TSYNC" align "$2" "$3" -o "$4" --quiet
	local rc=$?
	[ $rc -eq 0 ] && ok "$1 align exit 0" || bad "$1 align exit $rc"
	turn_check "$4" "$5" "$6" "$7" && ok "$1 turn times" || bad "$1 turn times"
}

# 1. English, two flite/festival voices, noise at -35 dBFS.
if python3 "$GEN" "$W/en.txt" --lang en -o "$W/en.wav" --truth "$W/en.truth.json" \
	--voices flite:slt,festival:kal_diphone --noise-db -35 --cache "$W/cache" -q; then
	align_check english "$W/en.wav" "$W/en.txt" "$W/en.json" "$W/en.truth.json" 60 200
	python3 -c "
import json,sys; p=json.load(open('$W/en.json'))
assert p['audio_language']=='en' and p['timed'] and p['aligned']=='sentence'
for t in p['turns']:
    assert 0 <= t['confidence'] <= 1
    for c in t['cues']: assert t['start'] <= c['start'] <= c['end'] <= t['end']
" && ok "english project fields" || bad "english project fields"
	# the cues of a turn follow one another without a gap under a second (a pause that
	# short keeps the cue on screen; a cue after a longer one comes up at most 80 ms
	# early), and a turn starts with its first cue
	python3 -c "
import json; p=json.load(open('$W/en.json'))
for t in p['turns']:
    cs=t['cues']
    assert cs[0]['start'] == t['start'], (cs[0]['start'], t['start'])
    for a, b in zip(cs, cs[1:]):
        g = b['start'] - a['end']
        assert g == 0 or g >= 0.9, (a['end'], b['start'])
" && ok "english cues held over short pauses" || bad "english cues held over short pauses"
else
	bad "cannot generate english audio"
fi

# 1b. The same text as people say it: the other speaker's "Right." or "Mm-hmm." in the
# guest's pauses, a false start or a word the transcript left out, other voices.
if python3 "$GEN" "$W/en.txt" --lang en -o "$W/bc.wav" --truth "$W/bc.truth.json" \
	--voices festival:ked_diphone,flite:awb --backchannels 1 --edits 0.6 --seed 5 \
	--noise-db -35 --cache "$W/cache" -q; then
	python3 -c "
import json; t=json.load(open('$W/bc.truth.json'))
assert sum(len(x.get('backchannels', [])) for x in t['turns']) >= 2
assert any('spoken' in s for x in t['turns'] for s in x['sentences'])
" && ok "backchannels and edits generated" || bad "backchannels and edits generated"
	align_check "with backchannels:" "$W/bc.wav" "$W/en.txt" "$W/bc.json" "$W/bc.truth.json" \
		60 250
else
	bad "cannot generate english audio with backchannels"
fi

# 1c. The English clip as a 48 kHz stereo recorder delivers it, white hiss over the whole
# band: read at 48 kHz (not resampled), the hiss above 8 kHz left out of the energy.
if python3 "$GEN" "$W/en.txt" --lang en -o "$W/en48.flac" --truth "$W/en48.truth.json" \
	--voices flite:slt,festival:kal_diphone --noise-db -38 --noise-type white \
	--sample-rate 48000 --channels 2 --seed 4 --cache "$W/cache" -q; then
	[ "$(soxi -r "$W/en48.flac")" = 48000 ] && [ "$(soxi -c "$W/en48.flac")" = 2 ] &&
		ok "48 kHz stereo generated" || bad "48 kHz stereo generated"
	align_check "at 48 kHz:" "$W/en48.flac" "$W/en.txt" "$W/en48.json" "$W/en48.truth.json" \
		60 200
else
	bad "cannot generate english audio at 48 kHz"
fi

# 2. A transcript that does not belong to the audio: exit 3 and a message.
"$TSYNC" align "$W/en.wav" "$W/wrong.txt" -o "$W/wrong.json" --quiet 2> "$W/wrong.err"
rc=$?
[ $rc -eq 3 ] && ok "foreign transcript exit 3" || bad "foreign transcript exit $rc"
grep -q "does not belong" "$W/wrong.err" && ok "foreign transcript message" ||
	bad "foreign transcript message: $(cat "$W/wrong.err")"
[ ! -e "$W/wrong.json" ] && ok "no project written for a foreign transcript" ||
	bad "a project was written for a foreign transcript"

# 2b. A recording that stops at a third of the transcript: exit 3, a message naming the
# file and the line it may stop near, no project; with --force, aligned anyway.
dur=$(soxi -D "$W/en.wav")
sox "$W/en.wav" "$W/en_cut.wav" trim 0 "$(python3 -c "print($dur * 0.33)")"
"$TSYNC" align "$W/en_cut.wav" "$W/en.txt" -o "$W/cut.json" --quiet 2> "$W/cut.err"
rc=$?
[ $rc -eq 3 ] && ok "audio cut short: exit 3" || bad "audio cut short: exit $rc"
grep -q "en_cut.wav: the audio .* holds only part of the transcript" "$W/cut.err" &&
	grep -q "near line [0-9]" "$W/cut.err" && ok "audio cut short: message" ||
	bad "audio cut short: message: $(cat "$W/cut.err")"
[ ! -e "$W/cut.json" ] && ok "audio cut short: no project" ||
	bad "audio cut short: a project was written"
"$TSYNC" align "$W/en_cut.wav" "$W/en.txt" -o "$W/cut.json" --quiet --force 2> "$W/cut.err"
rc=$?
[ $rc -eq 0 ] && [ -s "$W/cut.json" ] && grep -q "warning: " "$W/cut.err" &&
	ok "audio cut short, --force: aligned with a warning" ||
	bad "audio cut short, --force: exit $rc, $(cat "$W/cut.err")"

# 3. Empty (a WAV of no frames, a file of no bytes), silent and unreadable audio (text, a
# folder): exit 1 and a message naming the problem.
sox -n -r 16000 -c 1 -b 16 "$W/empty.wav" trim 0 0 2>/dev/null
sox -n -r 16000 -c 1 -b 16 "$W/silent.wav" trim 0 3
echo "not audio" > "$W/text.wav"
: > "$W/zero.wav"
mkdir -p "$W/folder.wav"
for c in "empty.wav:empty" "zero.wav:empty" "silent.wav:silent" "text.wav:not an audio format" \
	"missing.wav:cannot open" "folder.wav:cannot open"; do
	f=${c%%:*}
	msg=${c#*:}
	"$TSYNC" align "$W/$f" "$W/en.txt" -o "$W/x.json" --quiet 2> "$W/err"
	rc=$?
	[ $rc -eq 1 ] && ok "$f exit 1" || bad "$f exit $rc"
	grep -q "$msg" "$W/err" && grep -q "$f" "$W/err" && ok "$f message" ||
		bad "$f message: $(cat "$W/err")"
done

# 4. Mandarin spoken by espeak-ng variants at other speeds and pitches, tempo 1.05.
if python3 "$GEN" "$W/zh.txt" --lang zh -o "$W/zh.wav" --truth "$W/zh.truth.json" \
	--voices "espeak:cmn-latn-pinyin+f3:150:70,espeak:cmn-latn-pinyin+m2:190:35" \
	--noise-db -35 --tempo 1.05 --cache "$W/cache" -q; then
	align_check mandarin "$W/zh.wav" "$W/zh.txt" "$W/zh.json" "$W/zh.truth.json" 100 1000
else
	bad "cannot generate mandarin audio"
fi

# 5. Both texts, no --audio-lang: the spoken language is detected; the other rides along.
"$TSYNC" align "$W/zh.wav" "$W/en.txt" --translation "$W/zh.txt" -o "$W/bi.json" --quiet
rc=$?
[ $rc -eq 0 ] && ok "bilingual align exit 0" || bad "bilingual align exit $rc"
python3 -c "
import json; p=json.load(open('$W/bi.json'))
assert p['audio_language']=='zh', p['audio_language']
assert all(c['text'].get('en') or c['text'].get('zh') for t in p['turns'] for c in t['cues'])
" && ok "bilingual: spoken language zh detected" || bad "bilingual: spoken language"
turn_check "$W/bi.json" "$W/zh.truth.json" 100 1000 && ok "bilingual turn times" ||
	bad "bilingual turn times"

# 6. Re-timing subtitles: a VTT of the English clip whose every cue is 3 s late comes back
# to the spoken times.
if [ -e "$W/en.truth.json" ]; then
	python3 - "$W/en.truth.json" "$W/late.vtt" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
def ts(s):
    ms = int(round(s * 1000))
    return "%02d:%02d:%02d.%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, ms % 1000)
out = ["WEBVTT", ""]
for turn in t["turns"]:
    for s in turn["sentences"]:
        out += ["%s --> %s" % (ts(s["start"] + 3), ts(s["end"] + 3)), s["text"], ""]
open(sys.argv[2], "w").write("\n".join(out))
PY
	"$TSYNC" align "$W/en.wav" --subtitles "$W/late.vtt" -o "$W/retimed.json" --quiet
	rc=$?
	[ $rc -eq 0 ] && ok "subtitles re-time exit 0" || bad "subtitles re-time exit $rc"
	python3 - "$W/retimed.json" "$W/en.truth.json" <<'PY' && ok "subtitles re-timed within 100 ms" ||
import json, statistics, sys
p, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
cues = [c for turn in p["turns"] for c in turn["cues"]]
sents = [s for turn in t["turns"] for s in turn["sentences"]]
assert len(cues) == len(sents), (len(cues), len(sents))
signed = [(c[k] - s[k]) * 1000 for c, s in zip(cues, sents) for k in ("start", "end")]
errs = [abs(e) for e in signed]
shift = statistics.mean(signed)
print("# re-timed cues: shift left %.0f ms, median %.0f ms, max %.0f ms"
      % (shift, statistics.median(errs), max(errs)))
# The 3 s are gone (mean and median within 100 ms); single boundaries are as good as the
# aligner's at a short pause between sentences.
sys.exit(0 if abs(shift) <= 100 and statistics.median(errs) <= 100 and max(errs) <= 300
         else 1)
PY
		bad "subtitles re-timed within 100 ms"
fi

# 7. Usage errors.
"$TSYNC" align "$W/en.wav" 2>/dev/null
[ $? -eq 2 ] && ok "usage exit 2" || bad "usage exit"
"$TSYNC" align "$W/en.wav" "$W/en.txt" --subtitles "$W/late.vtt" -o "$W/x.json" 2>/dev/null
[ $? -eq 2 ] && ok "transcript and --subtitles together: exit 2" || bad "transcript and --subtitles"

# 8. A transcript with an editors' preamble: the preamble is reported as not spoken and
# the turns keep their times; the project read back as the transcript aligns again.
{ printf 'Edited by the news desk.\nThis interview was recorded last week in our studio.\n'
  printf 'It has been shortened for length.\n\n'; cat "$W/en.txt"; } > "$W/pre.txt"
"$TSYNC" align "$W/en.wav" "$W/pre.txt" -q -o "$W/pre.json" 2>"$W/pre.err"
if [ $? -eq 0 ] && grep -q "not spoken: 3 transcript lines (lines 1-3)" "$W/pre.err" &&
	! grep -q -- "--speakers" "$W/pre.err" &&
	turn_check "$W/pre.json" "$W/en.truth.json" 60 300; then
	ok "preamble reported as not spoken, turns aligned"
else
	bad "preamble"; cat "$W/pre.err"
fi
# A name seen once opening the file reads as a title over a preamble; the report says how
# to have it read as a speaker's turn.
{ printf 'Announcer\nWelcome to the programme.\n\n'; cat "$W/en.txt"; } > "$W/ann.txt"
"$TSYNC" align "$W/en.wav" "$W/ann.txt" -q -o "$W/ann.json" 2>"$W/ann.err"
grep -q "(lines 1-2) are not part.*give every speaker's name with --speakers" "$W/ann.err" &&
	ok "a name opening the file: --speakers suggested" ||
	{ bad "no --speakers hint"; cat "$W/ann.err"; }
# ... and where the recording holds that turn, the audio settles it: the reader is asked
# again with the name as a speaker's, and the turn is aligned.
{ printf 'Announcer\nWelcome to the programme. Today we talk about computers and the people who build them.\n\n'
  cat "$W/en.txt"; } > "$W/ann2.txt"
if python3 "$GEN" "$W/ann2.txt" --lang en -o "$W/ann2.wav" --truth "$W/ann2.truth.json" \
	--voices flite:kal,flite:slt,festival:kal_diphone --noise-db -35 --cache "$W/cache" -q; then
	"$TSYNC" align "$W/ann2.wav" "$W/ann2.txt" -q -o "$W/ann2.json" 2>"$W/ann2.err"
	if [ $? -eq 0 ] && grep -q "line 1 is the turn of a speaker heard once, \"Announcer\"" "$W/ann2.err" &&
		! grep -q "not spoken\|has sound but no text" "$W/ann2.err" &&
		turn_check "$W/ann2.json" "$W/ann2.truth.json" 60 300; then
		ok "a speaker heard once, opening the file, aligned"
	else
		bad "opening speaker"; cat "$W/ann2.err"
	fi
	# tsync play AUDIO TRANSCRIPT aligns the same way (one frame drawn, the project saved)
	rm -f "$W/ann2.json"
	(cd "$W" && "$TSYNC" play ann2.wav ann2.txt --frame 2 -o ann2.png) >"$W/ann2p.out" 2>&1
	grep -q "line 1 is the turn of a speaker heard once" "$W/ann2p.out" && [ -s "$W/ann2.png" ] &&
		python3 -c "import json,sys; sys.exit(len(json.load(open(sys.argv[1]))['turns'])!=5)" \
			"$W/ann2.json" && ok "play AUDIO TRANSCRIPT: the opening speaker kept" ||
		{ bad "play: opening speaker"; cat "$W/ann2p.out"; }
else
	bad "cannot generate the announcer's audio"
fi
"$TSYNC" align "$W/en.wav" "$W/pre.json" -q -o "$W/again.json" 2>/dev/null &&
	turn_check "$W/again.json" "$W/en.truth.json" 60 300 &&
	python3 -c "import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(sum(len(t['cues']) for t in a['turns'])!=sum(len(t['cues']) for t in b['turns']))" "$W/pre.json" "$W/again.json" &&
	ok "a project aligns again with its own cues" || bad "project as transcript"

exit $fail
