#!/bin/bash
# e2e_transcript.sh: `tsync transcript` on the sample and on bad input.
# Usage: bash e2e_transcript.sh TSYNC_BINARY SOURCE_DIR
set -u
TSYNC=${1:-${TSYNC:-tsync}}
SRC=${2:-${TSYNC_SOURCE_DIR:-.}}
DATA="$SRC/data/wangjian"
FIX="$SRC/tests/data/transcripts"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# run EXPECTED_STATUS ARGS...: runs tsync transcript, keeps stdout/stderr in $TMP
run() {
	local want=$1
	shift
	"$TSYNC" transcript "$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "transcript $* exited $got, wanted $want: $(head -c 300 "$TMP/err")"; fi
}

contains() { # FILE TEXT
	if grep -qF -- "$2" "$1"; then ok; else bad "'$2' not in $1: $(head -c 300 "$1")"; fi
}

json() { # PYTHON-EXPRESSION on j (the JSON output) that must be true
	if python3 -c "import json,sys; j=json.load(open('$TMP/out')); sys.exit(0 if ($1) else 1)"; then ok; else bad "json check failed: $1"; fi
}

# the published article: preamble, numbered headings, an image line
run 0 "$DATA/article.zh.txt" --json
json "len(j['turns']) == 36 and j['languages'] == ['zh']"
json "j['speakers'] == ['主持人', '王堅']"
json "len(j['chapters']) == 6 and j['chapters'][1]['first_turn'] == 6"
json "sum(t['speaker'] == '主持人' for t in j['turns']) == 18"
json "j['turns'][0]['text']['zh'].startswith('王博士') and j['turns'][0]['line'] == 27"
json "[s['line'] for s in j['skipped']] == [1,2,3,4,5,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]"
json "j['skipped'][0]['text'] == '編輯 | 伊風' and j['skipped'][23]['text'].startswith('接下來')"
json "[h['line'] for h in j['headings']] == [26, 44, 52, 75, 87, 119]"
json "j['sentences']['zh'] == 171"
json "j['encoding'] == 'UTF-8'"

run 0 "$DATA/interview.en.txt" --json
json "len(j['turns']) == 36 and j['speakers'] == ['Host', 'Wang Jian'] and len(j['chapters']) == 6"
json "j['skipped'] == [] and j['sentences']['en'] == 171 and j['languages'] == ['en']"
run 0 "$DATA/interview.zh.txt" --json
json "len(j['turns']) == 36 and j['speakers'] == ['主持人', '王堅'] and j['sentences']['zh'] == 171"

# the text listing names speakers, headings and skipped lines with their numbers
run 0 "$DATA/article.zh.txt"
contains "$TMP/out" "36 turns, 2 speakers, 6 chapters"
contains "$TMP/out" "line 1: skipped: 編輯 | 伊風"
contains "$TMP/out" "line 24: skipped: 圖片"
contains "$TMP/out" "line 26: heading: 1.計算力"
contains "$TMP/out" "line 27: turn 1, 主持人: 王博士"
contains "$TMP/out" "主持人 (18 turns)"
run 0 "$DATA/article.zh.txt" --speakers "主持人,王堅"
contains "$TMP/out" "王堅 (18 turns)"

# pairing the two languages
run 0 "$DATA/interview.zh.txt" --translation "$DATA/interview.en.txt" --json --cues
json "len(j['turns']) == 36 and j['languages'] == ['zh', 'en']"
json "all(t['sentences']['zh'] == t['sentences']['en'] for t in j['turns'])"
json "j['sentences'] == {'zh': 171, 'en': 171}"
json "j['speaker_names'][1] == {'zh': '王堅', 'en': 'Wang Jian'}"
json "all(len(c) == 2 for t in j['turns'] for c in t['cues'])"
json "all(len(l) <= 16 for t in j['turns'] for c in t['cues'] for l in c['zh'].split('\n'))"
json "all(len(l) <= 42 for t in j['turns'] for c in t['cues'] for l in c['en'].split('\n'))"
json "all(c['zh'].count('\n') <= 1 and c['en'].count('\n') <= 1 for t in j['turns'] for c in t['cues'])"
json "all(''.join(c['en'].split()) != '' for t in j['turns'] for c in t['cues'])"
json "all(''.join(''.join(c['en'].split()) for c in t['cues']) == ''.join(t['text']['en'].split()) for t in j['turns'])"
run 0 "$DATA/article.zh.txt" --translation "$DATA/interview.en.txt"
contains "$TMP/out" "主持人 / Host (18 turns)"

# one turn each, with names given on both sides
printf 'A\n我覺得中國最有意思。大家都很著迷。\n' >"$TMP/one.zh.txt"
printf 'A\nI think China is the most interesting. Everyone is fascinated.\n' >"$TMP/one.en.txt"
run 1 "$TMP/one.zh.txt" --speakers A --translation "$TMP/one.en.txt"
contains "$TMP/err" "turn 1: the speakers diverge"
run 0 "$TMP/one.zh.txt" --speakers A --translation "$TMP/one.en.txt" --translation-speakers A --json --cues
json "len(j['turns']) == 1 and j['speaker_names'] == [{'zh': 'A', 'en': 'A'}]"
json "j['turns'][0]['cues'][0]['en'].startswith('I think')"

# encodings and line ends
run 0 "$FIX/zh_ch1.gb18030.txt" --json
json "j['encoding'] == 'GB18030' and len(j['turns']) == 6"
run 0 "$FIX/zh_ch1.big5.txt" --json
json "j['encoding'] == 'BIG5' and j['speakers'] == ['主持人', '王堅']"
run 0 "$FIX/en_ch1.utf16le.txt" --json
json "j['encoding'] == 'UTF-16LE' and j['speakers'] == ['Host', 'Wang Jian']"
run 0 "$FIX/en_ch1.crlf.txt" --json
json "len(j['turns']) == 6 and not any('\r' in t['text']['en'] for t in j['turns'])"
run 0 "$FIX/en_ch1.cr.txt" --json
json "len(j['turns']) == 6 and j['turns'][1]['line'] == 6"
run 0 "$FIX/colon_fullwidth.txt" --json
json "j['speakers'] == ['主持人', '王堅'] and len(j['turns']) == 4"
run 0 - <"$FIX/colon.txt"
contains "$TMP/out" "5 turns, 2 speakers"

# bad input: non-zero exit, a message naming the file and line, no crash
run 1 "$FIX/undecidable.txt"
contains "$TMP/err" "undecidable.txt:1:1: cannot decide the text encoding"
run 1 "$FIX/bad_byte.txt"
contains "$TMP/err" "bad_byte.txt:3:11: cannot decode byte 0xFF"
run 1 "$FIX/binary.bin"
contains "$TMP/err" "binary.bin:1: control character"
run 1 "$FIX/empty.txt"
contains "$TMP/err" "empty.txt: the transcript holds no text"
run 1 "$FIX/blank.txt"
run 1 "$TMP/no-such-file.txt"
contains "$TMP/err" "no-such-file.txt: cannot open"
head -c 50000000 /dev/zero | tr '\0' 'x' >"$TMP/oneline.txt"
start=$(date +%s)
run 1 "$TMP/oneline.txt"
contains "$TMP/err" "oneline.txt:1: line is longer than"
[ $(($(date +%s) - start)) -lt 30 ] && ok || bad "the 50 MB line took too long"
head -c 300000 /dev/urandom >"$TMP/random.bin"
run 1 "$TMP/random.bin"
run 1 "$FIX/speakers_given.txt" --speakers Nobody
contains "$TMP/err" "none of the given speakers"

# translations that do not pair name the first turn where they diverge
run 1 "$FIX/pair_swapped.zh.txt" --translation "$FIX/pair.en.txt"
contains "$TMP/err" "pair_swapped.zh.txt:6: turn 2: the speakers diverge"
contains "$TMP/err" "line 6 of $FIX/pair.en.txt"
run 1 "$FIX/pair_long.zh.txt" --translation "$FIX/pair.en.txt"
contains "$TMP/err" "turn 4 (line 12 of $FIX/pair_long.zh.txt) has no counterpart"
run 1 "$DATA/interview.zh.txt" --translation "$DATA/article.zh.txt"
contains "$TMP/err" "both texts are in language 'zh'"

# usage
run 2
run 2 "$DATA/interview.zh.txt" --bogus
run 2 "$DATA/interview.zh.txt" --preset nope
run 2 "$DATA/interview.zh.txt" --speakers ","
run 0 --help
contains "$TMP/out" "usage: tsync transcript FILE"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
