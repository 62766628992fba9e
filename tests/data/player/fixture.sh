# fixture.sh: sourced by the player's e2e tests. make_fixture DIR writes DIR/talk.wav
# (three sentences by two flite voices, about 10 s) and DIR/talk.json, a bilingual project
# with known times:
#   cue 1  0.500 -> 2.800  Host     (turn 1)
#   cue 2  3.300 -> 6.100  Wang Jian (turn 2)
#   cue 3  6.600 -> 9.100  Host     (turn 3)
make_fixture() {
	local d=$1
	flite -voice slt -t "Good morning, and welcome to the show." -o "$d/a1.wav" || return 1
	flite -voice kal -t "Thank you. It is a pleasure to be here." -o "$d/a2.wav" || return 1
	flite -voice slt -t "Let us talk about computing power." -o "$d/a3.wav" || return 1
	for f in a1 a2 a3; do
		sox "$d/$f.wav" -r 16000 "$d/$f.r.wav" pad 0 0.4 || return 1
	done
	sox "$d/a1.r.wav" "$d/a2.r.wav" "$d/a3.r.wav" "$d/talk.wav" pad 0.5 0.5 || return 1
	rm -f "$d"/a?.wav "$d"/a?.r.wav
	cat > "$d/talk.json" <<'JSON'
{
 "tsync": 1,
 "audio": "talk.wav",
 "languages": ["zh", "en"],
 "audio_language": "en",
 "timed": true,
 "aligned": "subtitles",
 "speakers": [
  {"name": {"zh": "主持人", "en": "Host"}},
  {"name": {"zh": "王健", "en": "Wang Jian"}}
 ],
 "chapters": [{"title": {"zh": "一、开场", "en": "1. Opening"}, "first_turn": 0}],
 "turns": [
  {"speaker_index": 0, "start": 0.5, "end": 2.8,
   "text": {"zh": "早上好，欢迎收看节目。", "en": "Good morning, and welcome to the show."},
   "cues": [{"start": 0.5, "end": 2.8, "confidence": 0.9,
     "text": {"zh": "早上好，欢迎收看节目。", "en": "Good morning, and welcome to the show."}}]},
  {"speaker_index": 1, "start": 3.3, "end": 6.1,
   "text": {"zh": "谢谢。很高兴来到这里。", "en": "Thank you. It is a pleasure to be here."},
   "cues": [{"start": 3.3, "end": 6.1, "confidence": 0.3,
     "text": {"zh": "谢谢。很高兴来到这里。", "en": "Thank you. It is a pleasure to be here."}}]},
  {"speaker_index": 0, "start": 6.6, "end": 9.1,
   "text": {"zh": "我们来谈谈计算力。", "en": "Let us talk about computing power."},
   "cues": [{"start": 6.6, "end": 9.1, "confidence": 0.95,
     "text": {"zh": "我们来谈谈计算力。", "en": "Let us talk about computing power."}}]}
 ]
}
JSON
}
