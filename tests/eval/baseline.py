#!/usr/bin/env python3
"""baseline.py: the aligner that does not listen, as a floor for the scores.

usage: baseline.py AUDIO TRANSCRIPT --lang en|zh > PROJECT.json

Spreads the transcript's sentences over the whole length of AUDIO (measured by soxi, or
ffprobe for formats sox cannot read) in proportion to their length in characters, one
cue per sentence, turns from their first to their last cue. Any aligner worth running
must beat it by far; on evenly paced synthetic speech it is not as bad as it sounds.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gen"))
import tsync_gen  # noqa: E402  (the transcript reader and sentence splitter)


def duration(path):
    for cmd in (["soxi", "-D", path],
                ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path]):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode == 0:
                return float(r.stdout.strip())
        except (OSError, ValueError):
            pass
    raise SystemExit("baseline.py: cannot measure %s" % path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("audio")
    ap.add_argument("transcript")
    ap.add_argument("--lang", choices=["en", "zh"], required=True)
    a = ap.parse_args()
    dur = duration(a.audio)
    turns = tsync_gen.parse_transcript(a.transcript)
    sents = [(ti, s["text"]) for ti, t in enumerate(turns) for s in tsync_gen.sentences_of(t, a.lang)]
    total = float(sum(len(x) for _, x in sents)) or 1.0
    out = {"languages": [a.lang], "audio": os.path.basename(a.audio), "turns": []}
    for t in turns:
        out["turns"].append({"speaker": t["speaker"], "text": {a.lang: " ".join(t["paragraphs"])},
                             "cues": []})
    pos = 0.0
    for ti, text in sents:
        d = dur * len(text) / total
        out["turns"][ti]["cues"].append({"start": round(pos, 3), "end": round(pos + d, 3),
                                         "text": {a.lang: text}})
        pos += d
    for t in out["turns"]:
        t["start"], t["end"] = t["cues"][0]["start"], t["cues"][-1]["end"]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
