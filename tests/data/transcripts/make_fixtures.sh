#!/bin/bash
# Regenerates the transcript fixtures of test_sub_transcript.c and e2e_transcript.sh.
# Run from this folder: bash make_fixtures.sh (needs iconv and printf).
set -euo pipefail
src=../../../data/wangjian
# chapter 1 of the sample: 6 turns, 2 speakers, 1 heading, 24 lines
head -24 "$src/interview.zh.txt" > zh_ch1.utf8.txt
head -24 "$src/interview.en.txt" > en_ch1.utf8.txt
iconv -f UTF-8 -t GB18030 zh_ch1.utf8.txt > zh_ch1.gb18030.txt
iconv -f UTF-8 -t BIG5 zh_ch1.utf8.txt > zh_ch1.big5.txt
{ printf '\xEF\xBB\xBF'; cat zh_ch1.utf8.txt; } > zh_ch1.utf8bom.txt
{ printf '\xFF\xFE'; iconv -f UTF-8 -t UTF-16LE en_ch1.utf8.txt; } > en_ch1.utf16le.txt
{ printf '\xFE\xFF'; iconv -f UTF-8 -t UTF-16BE zh_ch1.utf8.txt; } > zh_ch1.utf16be.txt
# UTF-16 without a byte order mark (mostly ASCII, so every other byte is zero)
iconv -f UTF-8 -t UTF-16LE en_ch1.utf8.txt > en_ch1.utf16le_nobom.txt
iconv -f UTF-8 -t UTF-16BE en_ch1.utf8.txt > en_ch1.utf16be_nobom.txt
sed 's/$/\r/' en_ch1.utf8.txt > en_ch1.crlf.txt
tr '\n' '\r' < en_ch1.utf8.txt > en_ch1.cr.txt
# bytes that read as common characters both in GB18030 and in Big5
printf '\xB0\xA1\xB1\xA2\xB2\xA3\n\xC4\xE3\xBA\xC3\xB3\xA4\n' > undecidable.txt
# UTF-8 with a byte no encoding knows on line 3
printf 'Host\nHello there.\nWang Jian \xFF\xFE\x80\nHi.\n' > bad_byte.txt
# UTF-16 with a BOM and a lone high surrogate on line 2
{ printf '\xFF\xFE'; printf 'A\0\n\0B\0\x00\xD8\n\0'; } > bad_utf16.txt
printf 'PK\x03\x04\x14\x00\x00\x00\x08\x00binary\x00\x00\x01\x02' > binary.bin
: > empty.txt
printf '\n  \n\t\n\xE3\x80\x80\n' > blank.txt
cat > colon.txt <<'T'
Interview notes, recorded in March.

Host: Dr. Wang, thank you for coming.
Wang Jian: Thank you. It's a pleasure.
Host: What catches your attention most?
Wang Jian: That it changes the way we think.
It changes the way we do things, too.
Host: Thank you.
T
cat > colon_fullwidth.txt <<'T'
主持人：王博士，非常感謝您接受採訪。
王堅：謝謝。
主持人：您最關注的是什麼？
王堅：是它正在改變我們思考的方式。
T
cat > plain_blocks.txt <<'T'
# A talk

The first paragraph has two lines.
This is its second line.

The second paragraph. It has two sentences.

The third one.
T
printf 'One line, one turn.\nA second turn.\nA third turn.\n' > plain_lines.txt
cat > speakers_given.txt <<'T'
Interview with Ann and Bob.
Ann
Hello Bob.
Bob
Hello Ann. How are you?
T
# small pairs for --translation
printf '## 1. Start\n\nHost\nHello.\n\nGuest\nHi. Thanks.\n\nHost\nBye.\n' > pair.en.txt
printf '## 1.開始\n\n主持人\n你好。\n\n嘉賓\n嗨。謝謝。\n\n主持人\n再見。\n' > pair.zh.txt
printf '## 1.開始\n\n主持人\n你好。\n\n主持人\n嗨。謝謝。\n\n嘉賓\n再見。\n' > pair_swapped.zh.txt
printf '## 1.開始\n\n主持人\n你好。\n\n嘉賓\n嗨。謝謝。\n\n主持人\n再見。\n\n嘉賓\n好。\n' > pair_long.zh.txt
