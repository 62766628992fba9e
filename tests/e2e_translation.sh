#!/usr/bin/env bash
# e2e_translation.sh: translation-only alignment (Chinese transcript on English speech).
#
# Speaks the first 6 turns of data/wangjian/interview.en.txt with two synthetic voices
# (tests/gen/tsync_gen.py: flite slt for the host, festival kal for Wang Jian, light
# noise), aligns the matching first 6 turns of interview.zh.txt with
# `tsync align --audio-lang en` and checks the turns against the generator's truth:
#   1. plain: all turns found, boundary error median <= 300 ms, worst <= 1.5 s, the cue on
#      screen belongs to the turn being spoken >= 97% of the spoken time;
#   2. a 20 s music intro and a dropped turn: both reported (untranscribed audio with its
#      times, the unspoken turn with its line), the other turns as accurate as in 1;
#   3. an interjection ("I see. Right.") of the host inside a Wang Jian turn that the
#      transcript does not have: reported as untranscribed speech, the turns accurate;
#   4. only part of the transcript (turns 3-6, then turns 1-4) on the same audio: the
#      speech before or after it is reported, the turns accurate.
#
# usage: e2e_translation.sh TSYNC_BINARY SOURCE_DIR
set -euo pipefail

TSYNC=${1:?usage: e2e_translation.sh TSYNC_BINARY SOURCE_DIR}
SRC=${2:?usage: e2e_translation.sh TSYNC_BINARY SOURCE_DIR}
GEN="$SRC/tests/gen/tsync_gen.py"
SCORE="$SRC/tests/eval/score.py"
DATA="$SRC/data/wangjian"

for tool in python3 flite text2wave sox; do
	command -v "$tool" >/dev/null || { echo "e2e_translation: $tool is missing" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tsync_e2e_tr.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
CACHE="${TSYNC_GEN_CACHE:-$WORK/cache}"
fail=0

# The first N turns of a speaker-line transcript, headings kept (the reader skips them).
first_turns() { # FILE N OUT
	python3 - "$1" "$2" "$3" <<'EOF'
import sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
keep, turns, prev_blank = [], 0, True
for line in open(src, encoding="utf-8").read().split("\n"):
    s = line.strip()
    if s and not s.startswith("#") and prev_blank:
        turns += 1
    if turns > n:
        break
    keep.append(line)
    prev_blank = not s or s.startswith("#")
open(out, "w", encoding="utf-8").write("\n".join(keep).rstrip("\n") + "\n")
EOF
}

first_turns "$DATA/interview.zh.txt" 6 "$WORK/zh6.txt"
first_turns "$DATA/interview.en.txt" 6 "$WORK/en6.txt"

gen() { # TRANSCRIPT OUT.wav TRUTH.json [options]
	local tr=$1 wav=$2 truth=$3
	shift 3
	python3 "$GEN" "$tr" --lang en -o "$wav" --truth "$truth" --noise-db -40 \
		--cache "$CACHE" --jobs 2 -q "$@"
}

align() { # WAV PROJECT LOG
	local rc=0
	"$TSYNC" align "$1" "$WORK/zh6.txt" --audio-lang en -o "$2" 2>"$3" || rc=$?
	cat "$3" >&2
	if [ "$rc" -ne 0 ]; then
		echo "not ok: tsync align $1 exited with $rc" >&2
		return 1
	fi
}

# --- 1. plain ---------------------------------------------------------------------------
gen "$WORK/en6.txt" "$WORK/plain.wav" "$WORK/plain.truth.json" --seed 3
if align "$WORK/plain.wav" "$WORK/plain.json" "$WORK/plain.log"; then
	python3 "$SCORE" "$WORK/plain.json" "$WORK/plain.truth.json" --lang zh \
		--require 'found_frac>=1,turn_median_ms<=300,turn_max_ms<=1500,turn_sync>=0.97' ||
		{ echo "not ok: plain alignment out of bounds" >&2; fail=1; }
	python3 - "$WORK/plain.json" <<'EOF' || fail=1
import json, sys
p = json.load(open(sys.argv[1]))
ok = p.get("aligned") == "turn" and p.get("audio_language") == "en" and p.get("timed")
bad = [r for r in p.get("remarks", []) if r.get("kind") in ("untranscribed", "unspoken")]
if not ok:
    print("not ok: plain: method/audio language not recorded", p.get("aligned"),
          p.get("audio_language"), file=sys.stderr)
if bad:
    print("not ok: plain: false reports", bad, file=sys.stderr)
sys.exit(0 if ok and not bad else 1)
EOF
else
	fail=1
fi

# --- 2. music intro and a dropped turn ------------------------------------------------
gen "$WORK/en6.txt" "$WORK/rob.wav" "$WORK/rob.truth.json" --seed 4 --intro-music 20 \
	--drop-turn 2
if align "$WORK/rob.wav" "$WORK/rob.json" "$WORK/rob.log"; then
	python3 "$SCORE" "$WORK/rob.json" "$WORK/rob.truth.json" --lang zh \
		--require 'found_frac>=1,turn_median_ms<=300,turn_max_ms<=1500,absent_shown_s<=0.5' ||
		{ echo "not ok: intro + dropped turn out of bounds" >&2; fail=1; }
	python3 - "$WORK/rob.json" "$WORK/rob.truth.json" <<'EOF' || fail=1
import json, sys
p, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rem = p.get("remarks", [])
intro_end = t.get("intro_s") or 20.0
unt = [r for r in rem if r.get("kind") == "untranscribed"]
uns = [r for r in rem if r.get("kind") == "unspoken"]
ok = True
# the intro: reported from the start to within 4 s of its end (the fade-out is quiet)
if not any(r["start"] <= 1.0 and r["end"] >= intro_end - 4.0 and r["end"] <= intro_end + 1.0
           for r in unt):
    print("not ok: the music intro is not reported:", unt, file=sys.stderr)
    ok = False
# the dropped turn (the third of the transcript) with its source line
lines = [tt.get("line") for tt in p["turns"]]
if len(uns) != 1 or uns[0].get("line") != lines[2]:
    print("not ok: the dropped turn is not reported once with its line:", uns, lines[2],
          file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
EOF
else
	fail=1
fi

# --- 3. an interjection the transcript leaves out -------------------------------------
python3 - "$WORK/en6.txt" "$WORK/en6i.txt" <<'EOF'
import re, sys
turns, cur = [], None
for raw in open(sys.argv[1], encoding="utf-8"):
    l = raw.strip()
    if not l or l.startswith("#"):
        cur = None
        continue
    if cur is None:
        cur = [l, []]
        turns.append(cur)
    else:
        cur[1].append(l)
sp, pars = turns[3]
host = turns[0][0]
sents = [s for p in pars for s in re.split(r"(?<=[.?!])\s+", p) if s]
h = len(sents) // 2
out = turns[:3] + [[sp, [" ".join(sents[:h])]], [host, ["I see. Right."]],
                   [sp, [" ".join(sents[h:])]]] + turns[4:]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for s, ps in out:
        f.write(s + "\n" + "\n".join(ps) + "\n\n")
EOF
gen "$WORK/en6i.txt" "$WORK/inter.wav" "$WORK/inter.truth.json" --seed 9
if align "$WORK/inter.wav" "$WORK/inter.json" "$WORK/inter.log"; then
	python3 - "$WORK/inter.json" "$WORK/inter.truth.json" <<'EOF' || fail=1
import json, statistics, sys
p, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
tt = t["turns"]
# the transcript's turn 3 is truth turns 3..5 (Wang Jian, the host's interjection, Wang Jian)
truth = [(x["start"], x["end"]) for x in tt[:3]] + [(tt[3]["start"], tt[5]["end"])] + \
        [(x["start"], x["end"]) for x in tt[6:]]
errs = []
for (a, b), q in zip(truth, p["turns"]):
    errs += [abs(q["start"] - a) * 1000, abs(q["end"] - b) * 1000]
ok = len(p["turns"]) == len(truth) and statistics.median(errs) <= 300 and max(errs) <= 1500
print("interjection: turn boundary error ms median %.0f max %.0f" %
      (statistics.median(errs), max(errs)), file=sys.stderr)
ij = tt[4]
unt = [r for r in p.get("remarks", []) if r.get("kind") == "untranscribed"]
hit = [r for r in unt if r["start"] < ij["end"] + 0.3 and r["end"] > ij["start"] - 0.3]
if not hit:
    print("not ok: the interjection at %.2f-%.2f is not reported: %s" %
          (ij["start"], ij["end"], unt), file=sys.stderr)
    ok = False
if len(unt) != len(hit):
    print("not ok: false untranscribed reports:", unt, file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
EOF
else
	fail=1
fi

# --- 4. the recording runs on beyond the transcript (before and after it) --------------
# Turns 3-6 and turns 1-4 of the transcript on the plain audio: the turns the transcript
# lacks are reported as untranscribed speech, the others keep their accuracy.
python3 - "$WORK/zh6.txt" "$WORK" <<'EOF'
import sys
src, work = sys.argv[1], sys.argv[2]
blocks, cur = [], []
for l in open(src, encoding="utf-8").read().split("\n"):
    if l.strip().startswith("#"):
        continue
    if not l.strip():
        if cur:
            blocks.append(cur)
        cur = []
    else:
        cur.append(l)
if cur:
    blocks.append(cur)
for name, part in (("late", blocks[2:]), ("early", blocks[:4])):
    with open("%s/zh_%s.txt" % (work, name), "w", encoding="utf-8") as f:
        f.write("\n\n".join("\n".join(b) for b in part) + "\n")
EOF
for part in late early; do
	rc=0
	"$TSYNC" align "$WORK/plain.wav" "$WORK/zh_$part.txt" --audio-lang en -o "$WORK/$part.json" \
		2>"$WORK/$part.log" || rc=$?
	cat "$WORK/$part.log" >&2
	if [ "$rc" -ne 0 ]; then
		echo "not ok: tsync align ($part part of the transcript) exited with $rc" >&2
		fail=1
		continue
	fi
	python3 - "$WORK/$part.json" "$WORK/plain.truth.json" "$part" <<'EOF' || fail=1
import json, statistics, sys
p, t, part = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
tt = t["turns"]
have = tt[2:] if part == "late" else tt[:4]
lack = tt[:2] if part == "late" else tt[4:]
errs = []
for x, q in zip(have, p["turns"]):
    errs += [abs(q["start"] - x["start"]) * 1000, abs(q["end"] - x["end"]) * 1000]
ok = len(p["turns"]) == len(have) and statistics.median(errs) <= 300 and max(errs) <= 1500
print("%s part: turn boundary error ms median %.0f max %.0f" %
      (part, statistics.median(errs), max(errs)), file=sys.stderr)
a, b = lack[0]["start"], lack[-1]["end"]
unt = [r for r in p.get("remarks", []) if r.get("kind") == "untranscribed"]
if not any(abs(r["start"] - a) <= 1.0 and abs(r["end"] - b) <= 1.0 for r in unt):
    print("not ok: %s part: speech %.2f-%.2f not reported: %s" % (part, a, b, unt),
          file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
EOF
done

# --- negative: a transcript for audio that has no speech --------------------------------
sox -n -r 16000 -c 1 -b 16 "$WORK/silence.wav" synth 5 sine 0 vol 0 2>/dev/null
if "$TSYNC" align "$WORK/silence.wav" "$WORK/zh6.txt" --audio-lang en -o "$WORK/neg.json" \
	2>"$WORK/neg.log"; then
	echo "not ok: aligning silence succeeded" >&2
	fail=1
fi

# --- negative: missing audio, audio that is not audio, a transcript with no turns ----------
expect_fail() { # NAME ARGS...
	local name=$1 rc=0
	shift
	"$TSYNC" align "$@" --audio-lang en -o "$WORK/neg.json" 2>"$WORK/neg.log" || rc=$?
	if [ "$rc" -eq 0 ] || [ "$rc" -ge 128 ] || ! [ -s "$WORK/neg.log" ]; then
		echo "not ok: $name: exit $rc, message: $(cat "$WORK/neg.log")" >&2
		fail=1
	fi
}
expect_fail "missing audio" "$WORK/nonexistent.wav" "$WORK/zh6.txt"
echo "this is not audio" >"$WORK/garbage.wav"
expect_fail "garbage audio" "$WORK/garbage.wav" "$WORK/zh6.txt"
printf '\n\n' >"$WORK/empty.txt"
expect_fail "empty transcript" "$WORK/plain.wav" "$WORK/empty.txt"

if [ "$fail" -ne 0 ]; then
	echo "e2e_translation: FAILED" >&2
	exit 1
fi
echo "e2e_translation: ok"
