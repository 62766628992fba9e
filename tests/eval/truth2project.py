#!/usr/bin/env python3
"""truth2project.py: build a project JSON from a truth file, to test the scorer.

usage: truth2project.py TRUTH.json [--shift-ms MS] [--shift-turn K] [--stretch F]
                        [--translation TRANSCRIPT --translation-lang zh] > PROJECT.json

Without options the project is the truth itself: one cue per sentence at its true times,
so score.py must report 0 ms and 100 % in sync. --shift-ms moves every time (or, with
--shift-turn K, only turn K's) by MS; --stretch multiplies all times by F (a clock drift).
--translation makes a translation-only project: the cue texts are the other transcript's
turns (one cue per turn, no text in the spoken language), for the "turn in sync" measure.
Turns the truth marks absent are written with "present": false and null times.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gen"))
import tsync_gen  # noqa: E402  (the transcript reader)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("truth")
    ap.add_argument("--shift-ms", type=float, default=0.0)
    ap.add_argument("--shift-turn", type=int)
    ap.add_argument("--stretch", type=float, default=1.0)
    ap.add_argument("--translation")
    ap.add_argument("--translation-lang", default="zh")
    a = ap.parse_args()
    truth = json.load(open(a.truth, encoding="utf-8"))
    lang = truth["lang"]
    other = None
    if a.translation:
        other = tsync_gen.parse_transcript(a.translation)
        lang = a.translation_lang

    def tm(x, ti):
        if x is None:
            return None
        d = a.shift_ms / 1000.0 if a.shift_turn is None or a.shift_turn == ti else 0.0
        return round(x * a.stretch + d, 3)

    out = {"languages": [lang], "audio": truth.get("audio"), "turns": []}
    for tt in truth["turns"]:
        ti = tt["index"]
        turn = {"speaker": tt["speaker"], "start": tm(tt["start"], ti), "end": tm(tt["end"], ti)}
        if not tt["present"]:
            turn["present"] = False
        if other is not None:
            text = " ".join(other[ti]["paragraphs"])
            turn["text"] = {lang: text}
            turn["cues"] = [{"start": turn["start"], "end": turn["end"], "text": {lang: text}}]
        else:
            turn["text"] = {lang: " ".join(s["text"] for s in tt["sentences"])}
            turn["cues"] = [{"start": tm(s["start"], ti), "end": tm(s["end"], ti),
                             "text": {lang: s["text"]}} for s in tt["sentences"]]
        if not tt["present"]:
            turn["cues"] = []
        out["turns"].append(turn)
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
