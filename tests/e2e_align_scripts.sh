#!/bin/bash
# e2e_align_scripts.sh TSYNC SOURCE_DIR: transcripts in other scripts (Cyrillic, Greek,
# Hangul) are recognised as Russian, Greek and Korean, synthesised with those voices and
# aligned; an English transcript with Russian and Chinese words inside its sentences has the
# aligner speak those with the Russian and Mandarin voices, not spell them out. The audio is spoken by espeak-ng with other variants, speeds and pitches than the
# aligner's default voice, sentence by sentence with pauses, so the true sentence starts
# are known; noise at -40 dBFS.
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
. "$(dirname "$0")/tap_lib.sh"
tap_workdir scripts; [ -n "${KEEP:-}" ] && trap - EXIT

for tool in python3 sox espeak-ng; do
	command -v $tool >/dev/null || { echo "skip: $tool missing"; exit 0; }
done

# speak LANG VOICE_A VOICE_B SENTENCE... : W/LANG.wav, W/LANG.txt (two turns, half the
# sentences each, blank line between) and W/LANG.truth (start of each sentence, seconds).
speak() {
	local lang=$1 va=$2 vb=$3
	shift 3
	python3 - "$W" "$lang" "$va" "$vb" "$@" <<'PY'
import random, re, subprocess, sys
w, lang, va, vb, sents = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
rng = random.Random(11)
half = len(sents) // 2
parts, starts, t = [], [], 0.4
subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", f"{w}/lead.wav", "trim", "0", "0.4"], check=True)
parts.append(f"{w}/lead.wav")
for i, s in enumerate(sents):
    v, speed, pitch = (va, "150", "70") if i < half else (vb, "185", "35")
    # "[ru:...]": words in another language, by that language's voice, without a pause
    pieces = re.split(r"\[(\w+):([^\]]*)\]", s)
    sents[i] = "".join(pieces[k] for k in range(len(pieces)) if k % 3 != 1)
    raw, cut, gap = f"{w}/r{i}.wav", f"{w}/s{i}.wav", f"{w}/g{i}.wav"
    said = []
    for k in range(0, len(pieces), 3):
        for pv, text in ((v, pieces[k]), (pieces[k + 1] + "+f2" if k + 1 < len(pieces) else v,
                                          pieces[k + 2] if k + 1 < len(pieces) else "")):
            if not text.strip():
                continue
            part = f"{w}/p{i}_{len(said)}.wav"
            subprocess.run(["espeak-ng", "-v", pv, "-s", speed, "-p", pitch, "-w", raw, text], check=True)
            subprocess.run(["sox", raw, "-r", "16000", "-c", "1", "-b", "16", part, "silence", "1", "0.01",
                            "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse"], check=True)
            said.append(part)
    subprocess.run(["sox"] + said + [cut] if len(said) > 1 else ["cp", said[0], cut], check=True)
    d = float(subprocess.run(["soxi", "-D", cut], capture_output=True, text=True).stdout)
    starts.append(t)
    g = rng.uniform(0.9, 1.4) if i == half - 1 else rng.uniform(0.35, 0.8)
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", gap, "trim", "0", "%.3f" % g], check=True)
    parts += [cut, gap]
    t += d + g
subprocess.run(["sox"] + parts + [f"{w}/{lang}.clean.wav"], check=True)
subprocess.run(f"sox {w}/{lang}.clean.wav -p synth whitenoise vol 0.01 | sox -m {w}/{lang}.clean.wav - {w}/{lang}.wav",
               shell=True, check=True)
open(f"{w}/{lang}.txt", "w", encoding="utf-8").write(
    "\n".join(sents[:half]) + "\n\n" + "\n".join(sents[half:]) + "\n")
open(f"{w}/{lang}.truth", "w").write("\n".join("%.3f" % x for x in starts) + "\n")
PY
}

check() { # LANG: detected language and sentence starts within 150 ms
	local lang=$1
	"$TSYNC" align "$W/$lang.wav" "$W/$lang.txt" -o "$W/$lang.json" --quiet 2>"$W/$lang.err"
	local rc=$?
	[ $rc -eq 0 ] || { bad "$lang: align exit $rc: $(head -c 300 "$W/$lang.err")"; return; }
	python3 - "$W/$lang.json" "$W/$lang.truth" "$lang" <<'PY' && ok "$lang: recognised, every sentence start within 150 ms" || bad "$lang"
import json, sys
p = json.load(open(sys.argv[1]))
truth = [float(x) for x in open(sys.argv[2]).read().split()]
lang = sys.argv[3]
assert p["audio_language"] == lang, p["audio_language"]
starts = [c["start"] for t in p["turns"] for c in t["cues"]]
errs = [min(abs(s - x) for s in starts) for x in truth]
print("# %s: %d cues, worst sentence start %.0f ms" % (lang, len(starts), max(errs) * 1000))
assert max(errs) <= 0.15, errs
PY
}

speak ru ru+f3 ru+m2 \
	"Добрый вечер, и спасибо, что пришли к нам сегодня." \
	"Мы поговорим об искусственном интеллекте и о том, как он меняет нашу жизнь." \
	"Раньше компьютеры были медленными, а данных было очень мало." \
	"Спасибо за приглашение, я очень рад быть здесь." \
	"Сегодня можно проверить идею утром и уже вечером знать результат." \
	"Эта скорость меняет то, как мы думаем о задачах."
check ru

speak el el+f3 el+m2 \
	"Καλησπέρα σας και ευχαριστούμε που ήρθατε απόψε." \
	"Θα μιλήσουμε για την τεχνητή νοημοσύνη και για το μέλλον της." \
	"Παλιά οι υπολογιστές ήταν πολύ αργοί και τα δεδομένα λίγα." \
	"Ευχαριστώ πολύ για την πρόσκληση." \
	"Σήμερα μπορούμε να δοκιμάσουμε μια ιδέα το πρωί και να ξέρουμε το βράδυ." \
	"Αυτή η ταχύτητα αλλάζει τον τρόπο που σκεφτόμαστε."
check el

speak ko ko+f3 ko+m2 \
	"안녕하세요, 오늘 와 주셔서 감사합니다." \
	"오늘은 인공지능과 그 미래에 대해 이야기하겠습니다." \
	"예전에는 컴퓨터가 아주 느렸고 데이터도 많지 않았습니다." \
	"초대해 주셔서 정말 감사합니다." \
	"요즘은 아침에 생각을 시험해 보고 저녁에 결과를 알 수 있습니다." \
	"이런 속도가 우리가 문제를 생각하는 방식을 바꿉니다."
check ko

speak en en-us+f3 en+m2 \
	"Good evening, and thank you for coming tonight." \
	"He told me [ru:Подожди, видишь красный свет на перекрёстке] and we stopped at once." \
	"We will talk about artificial intelligence and its future." \
	"Computers used to be slow, and there was very little data." \
	"Thank you for the invitation, I am glad to be here." \
	"Today you can test an idea in the morning and know the result by evening." \
	"My teacher wrote [cmn:我们今天谈谈人工智能，以及它怎样改变我们的工作] on the board." \
	"That speed changes how we think about problems, and how we plan our work."
check en

exit $fail
