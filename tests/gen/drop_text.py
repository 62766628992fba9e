#!/usr/bin/env python3
"""drop_text.py: leave some spoken text out of a transcript, for measuring how the aligner
reports audio that has no text (tests/bench/omit.sh).

usage: drop_text.py TRANSCRIPT TRUTH.json OUT.txt --seed N [--mode sentence|turn]

TRUTH.json is the generator's truth of a recording of TRANSCRIPT (tests/gen/tsync_gen.py or
tests/gen/real_dialog.py). One spoken stretch, chosen by the seed among those between a
fifth and 85 % of the recording, 1.8 s long or more, whose text occurs once in the file,
is taken out of the transcript: a sentence inside a turn of two sentences or more
(sentence), or a whole turn of 1.8-8 s with its speaker's line (turn, in the layout of a
name line, the turn's text, a blank line). Prints one JSON object: the stretch's start and
end (s), its text, and the true start of the sentence that follows it (the one the
aligner must not start early over the left-out speech). Exit 1 when nothing fits.
"""
import argparse
import json
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("transcript")
    ap.add_argument("truth")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--mode", choices=["sentence", "turn"], default="sentence")
    a = ap.parse_args()
    text = open(a.transcript, encoding="utf-8").read()
    truth = json.load(open(a.truth, encoding="utf-8"))
    turns = [t for t in truth["turns"] if t.get("present", True)]
    if not turns:
        return 1
    dur = turns[-1]["end"]
    sents = [(ti, s) for ti, t in enumerate(turns) for s in t["sentences"]]
    cands = []
    for ti, t in enumerate(turns):
        if t["start"] < 0.2 * dur or t["end"] > 0.85 * dur or ti + 1 >= len(turns):
            continue
        if a.mode == "sentence":
            ss = t["sentences"]
            if len(ss) < 2:
                continue
            for s in ss:
                if s["end"] - s["start"] >= 1.8 and text.count(s["text"]) == 1:
                    cands.append((s["start"], s["end"], s["text"], None))
        else:
            body = " ".join(s["text"] for s in t["sentences"])
            block = t["speaker"] + "\n" + body + "\n\n"
            if 1.8 <= t["end"] - t["start"] <= 8 and text.count(block) == 1:
                cands.append((t["start"], t["end"], body, block))
    if not cands:
        return 1
    start, end, body, block = random.Random(a.seed).choice(cands)
    if block:
        text = text.replace(block, "", 1)
    elif body + " " in text:
        text = text.replace(body + " ", "", 1)
    else:
        text = text.replace(" " + body, "", 1)
    nxt = min((s["start"] for _, s in sents if s["start"] >= end - 1e-6), default=None)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    json.dump({"start": start, "end": end, "text": body, "next_start": nxt}, sys.stdout,
              ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
