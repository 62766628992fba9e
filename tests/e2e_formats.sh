#!/bin/bash
# e2e_formats.sh: exports the sample project in every format and checks that other tools
# (ffmpeg, python3-srt, python3-webvtt) accept the files with the same cues and times;
# imports them back; checks the errors on bad input.
# Usage: bash e2e_formats.sh TSYNC_BINARY SOURCE_DIR
# Exits 0 with "SKIP" only when a required tool is missing; any failed check fails it.
set -euo pipefail

TSYNC=${1:?usage: e2e_formats.sh TSYNC_BINARY SOURCE_DIR}
SRC=${2:?usage: e2e_formats.sh TSYNC_BINARY SOURCE_DIR}
case "$TSYNC" in /*) ;; *) TSYNC="$PWD/$TSYNC" ;; esac
case "$SRC" in /*) ;; *) SRC="$PWD/$SRC" ;; esac
DATA="$SRC/tests/data/subs"
SAMPLE="$DATA/sample.project.json"

for tool in ffmpeg; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed"
		exit 0
	fi
done
# Debian's python3 has python3-srt and python3-webvtt; a python3 earlier in PATH may not.
PY=""
for cand in /usr/bin/python3 python3; do
	if "$cand" -c 'import srt, webvtt' >/dev/null 2>&1; then
		PY=$cand
		break
	fi
done
if [ -z "$PY" ]; then
	echo "SKIP: no python3 with the srt and webvtt modules (python3-srt, python3-webvtt)"
	exit 0
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}
pass() {
	echo "ok: $*"
}

# The cues of the sample: "start_ms end_ms" per line, from the project JSON itself.
"$PY" - "$SAMPLE" >expected.times <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1]))
for t in p["turns"]:
    for c in t["cues"]:
        print(round(c["start"] * 1000), round(c["end"] * 1000))
PYEOF
N=$(wc -l <expected.times)
[ "$N" -gt 0 ] || fail "no cues in the sample"

# 1. export every format
for fmt in srt vtt ass lrc json aeneas audacity; do
	if "$TSYNC" export "$SAMPLE" --format "$fmt" -o "out.$fmt"; then
		[ -s "out.$fmt" ] && pass "export $fmt" || fail "export $fmt wrote an empty file"
	else
		fail "export $fmt exited with $?"
	fi
done
"$TSYNC" export "$SAMPLE" --format srt --lang en -o en.srt
"$TSYNC" export "$SAMPLE" --format srt --lang zh -o zh.srt
"$TSYNC" export "$SAMPLE" --format srt >stdout.srt
cmp -s stdout.srt out.srt && pass "export to stdout" || fail "export to stdout differs from -o"

# 2. ffmpeg reads srt, vtt and ass without errors, with the same cues and times
for fmt in srt vtt ass; do
	if ffmpeg -nostdin -v error -i "out.$fmt" -map 0 -c:s copy -f null - 2>ff.err &&
		[ ! -s ff.err ]; then
		pass "ffmpeg accepts out.$fmt"
	else
		fail "ffmpeg rejects out.$fmt: $(head -3 ff.err)"
	fi
	if ! ffmpeg -nostdin -v error -i "out.$fmt" -f srt - >"ff.$fmt.srt" 2>ff.err || [ -s ff.err ]; then
		fail "ffmpeg cannot decode out.$fmt: $(head -3 ff.err)"
	fi
	grep -- '-->' "ff.$fmt.srt" | sed 's/\r$//' | uniq >"ff.$fmt.times" || true
done
grep -- '-->' out.srt >ours.times
if cmp -s ours.times ff.srt.times; then pass "ffmpeg srt times"; else fail "ffmpeg srt times differ"; fi
if cmp -s ours.times ff.vtt.times; then pass "ffmpeg vtt times"; else fail "ffmpeg vtt times differ"; fi
[ "$(wc -l <ours.times)" -eq "$N" ] || fail "out.srt has $(wc -l <ours.times) cues, want $N"
# ASS holds centiseconds and one event per language: compare with the times rounded to cs
"$PY" - expected.times >ass.expected <<'PYEOF'
import sys
def f(ms):
    cs = (ms + 5) // 10
    return "%02d:%02d:%02d,%03d" % (cs // 360000, cs // 6000 % 60, cs // 100 % 60, cs % 100 * 10)
for line in open(sys.argv[1]):
    a, b = map(int, line.split())
    print("%s --> %s" % (f(a), f(b)))
PYEOF
if cmp -s ass.expected ff.ass.times; then pass "ffmpeg ass times"; else fail "ffmpeg ass times differ"; fi
n_events=$(grep -c -- '-->' ff.ass.srt)
[ "$n_events" -eq $((2 * N)) ] && pass "ffmpeg ass: $n_events events (2 languages)" ||
	fail "ffmpeg ass: $n_events events, want $((2 * N))"

# 3. python3-srt and python3-webvtt read the same cues and times
"$PY" - out.srt expected.times <<'PYEOF' && pass "python3-srt" || fail "python3-srt"
import srt, sys
subs = list(srt.parse(open(sys.argv[1], encoding="utf-8").read()))
want = [tuple(map(int, l.split())) for l in open(sys.argv[2])]
got = [(round(s.start.total_seconds() * 1000), round(s.end.total_seconds() * 1000)) for s in subs]
assert got == want, (got, want)
assert all(s.content.strip() for s in subs)
assert "Dr. Wang" in subs[0].content and "王博士" in subs[0].content
PYEOF
"$PY" - out.vtt expected.times <<'PYEOF' && pass "python3-webvtt" || fail "python3-webvtt"
import webvtt, sys
def ms(t):
    h, m, s = t.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)
caps = list(webvtt.read(sys.argv[1]))
want = [tuple(map(int, l.split())) for l in open(sys.argv[2])]
got = [(ms(c.start), ms(c.end)) for c in caps]
assert got == want, (got, want)
assert "主持人" in caps[0].raw_text and "Bloomberg" in caps[0].text
PYEOF

# 4. tsync reads every format back with the same cue count
for fmt in srt vtt ass lrc json aeneas audacity; do
	if "$TSYNC" import "out.$fmt" -o "back.$fmt.json" 2>import.err; then
		n=$("$PY" -c 'import json,sys; p=json.load(open(sys.argv[1])); print(sum(len(t["cues"]) for t in p["turns"]), len(p["languages"]))' "back.$fmt.json")
		[ "$n" = "$N 2" ] && pass "import $fmt: $n" || fail "import $fmt gave '$n' (cues, languages), want '$N 2'"
	else
		fail "import $fmt: $(cat import.err)"
	fi
done
# two files, one per language, paired by time
"$TSYNC" import zh.srt en.srt -o paired.json
n=$("$PY" -c 'import json,sys; p=json.load(open(sys.argv[1])); print(sum(len(t["cues"]) for t in p["turns"]), ",".join(p["languages"]))' paired.json)
[ "$n" = "$N zh,en" ] && pass "import zh.srt en.srt" || fail "import zh.srt en.srt gave '$n'"
"$TSYNC" export paired.json --format srt -o paired.srt
cmp -s paired.srt out.srt && pass "paired import exports the same srt" || fail "paired import differs"
"$TSYNC" import en.srt --lang fr -o fr.json
grep -q '"fr"' fr.json && pass "--lang names the language" || fail "--lang fr ignored"

# 5. check: exit 1 with issues listed, 0 when clean, 2 on bad usage
set +e
"$TSYNC" check "$SAMPLE" >check.out 2>check.err
rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'low-confidence' check.out && grep -q 'cue 4 (00:00:16,066' check.out &&
	pass "check lists issues (exit 1)" || fail "check on the sample: exit $rc, $(cat check.out check.err)"
printf '1\n00:00:01,000 --> 00:00:03,000\nA short line.\n\n2\n00:00:04,000 --> 00:00:06,000\nAnother one.\n' >clean.srt
"$TSYNC" check clean.srt >/dev/null 2>&1 && pass "check clean file (exit 0)" || fail "check clean.srt not 0"
set +e
"$TSYNC" check clean.srt --preset nonsense >/dev/null 2>&1
rc=$?
"$TSYNC" check "$DATA/repair.srt" >repair.out 2>&1
rc2=$?
set -e
[ $rc -eq 2 ] && pass "check bad preset (exit 2)" || fail "check --preset nonsense: exit $rc"
[ $rc2 -eq 1 ] && grep -q 'repair.srt:6: repaired: cue 2' repair.out && grep -q 'repair.srt:10: repaired: cue 3' repair.out &&
	pass "check lists repairs" || fail "check repair.srt: exit $rc2 $(cat repair.out)"

# usage errors exit 2
usage_error() { # DESCRIPTION ARGS...
	local what=$1
	shift
	set +e
	"$TSYNC" "$@" >/dev/null 2>usage.err
	local rc=$?
	set -e
	[ $rc -eq 2 ] && pass "usage: $what" || fail "usage: $what: exit $rc $(cat usage.err)"
}
usage_error "export without a format" export "$SAMPLE"
usage_error "export to an unknown format" export "$SAMPLE" --format docx
usage_error "export a language the project lacks" export "$SAMPLE" --format srt --lang fr
usage_error "import of three files" import a.srt b.srt c.srt
usage_error "check without input" check
usage_error "check with a bad confidence" check "$SAMPLE" --min-confidence 2
# the threshold and the preset change what is found
set +e
n_default=$("$TSYNC" check "$SAMPLE" 2>/dev/null | grep -c 'low-confidence')
n_high=$("$TSYNC" check "$SAMPLE" --min-confidence 0.99 2>/dev/null | grep -c 'low-confidence')
n_bbc=$("$TSYNC" check "$SAMPLE" --preset bbc 2>/dev/null | grep -c 'en line of .* over 37')
n_netflix=$("$TSYNC" check "$SAMPLE" 2>/dev/null | grep -c 'en line of .* over 42')
set -e
[ "$n_default" -eq 1 ] && [ "$n_high" -eq "$N" ] && pass "--min-confidence ($n_default, $n_high)" ||
	fail "--min-confidence: $n_default at 0.5, $n_high at 0.99"
[ "$n_bbc" -gt 0 ] && [ "$n_netflix" -gt 0 ] && pass "--preset bbc uses 37 characters a line, netflix 42" ||
	fail "--preset bbc: $n_bbc line-length issues, netflix $n_netflix"

# 6. bad input: a message with file and line, a non-zero exit, no output file
head -c $((50 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >huge.srt
expect_error() { # FILE PATTERN
	set +e
	"$TSYNC" import "$1" -o bad.json 2>err.txt
	local rc=$?
	set -e
	if [ $rc -ne 0 ] && grep -q -- "$2" err.txt && [ ! -e bad.json ] && ! ls bad.json.tmp.* >/dev/null 2>&1; then
		pass "bad input $(basename "$1"): $(head -1 err.txt)"
	else
		fail "bad input $1: exit $rc, message '$(cat err.txt)', want '$2'"
	fi
}
expect_error "$DATA/bad_time.srt" "bad_time.srt:6:7: start time: minutes/seconds out of range"
expect_error "$DATA/truncated.srt" "truncated.srt:6:21: end time: expected two digits"
expect_error "$DATA/truncated2.srt" "truncated2.srt:5:"
expect_error "$DATA/repair.srt" "repair.srt:6:18: cue 2: the end time"
expect_error "$DATA/binary.srt" "binary.srt:3:4: NUL byte"
expect_error "$DATA/latin1.srt" "latin1.srt:3:12: invalid UTF-8"
expect_error "$DATA/empty.srt" "empty.srt: the file is empty"
expect_error huge.srt "huge.srt:1:1: expected a cue number"
expect_error /nonexistent/x.srt "cannot open"
"$TSYNC" import "$DATA/repair.srt" --lenient -o repaired.json 2>lenient.err
grep -q 'repair.srt:6: repaired: cue 2' lenient.err && grep -q 'repair.srt:10: repaired: cue 3' lenient.err &&
	pass "--lenient lists its repairs" || fail "--lenient: $(cat lenient.err)"
# a failed export leaves an existing file alone
echo "keep me" >keep.srt
set +e
"$TSYNC" export "$DATA/bad_time.srt" --format srt -o keep.srt 2>/dev/null
rc=$?
set -e
[ $rc -ne 0 ] && [ "$(cat keep.srt)" = "keep me" ] && pass "failed export keeps the old file" ||
	fail "failed export: exit $rc, keep.srt now '$(head -c 40 keep.srt)'"

if [ $fails -ne 0 ]; then
	echo "e2e_formats: $fails checks failed"
	exit 1
fi
echo "e2e_formats: all checks passed"
