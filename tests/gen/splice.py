#!/usr/bin/env python3
"""splice.py AUDIO TRUTH INSERT TURN OUT OUT_TRUTH: INSERT (audio the transcript does not
hold: an advertisement) spliced into AUDIO in the middle of the pause before turn TURN of
TRUTH (tsync_gen.py's truth); OUT gets the audio at 16 kHz mono (AUDIO decoded by ffmpeg),
OUT_TRUTH the truth with every time after the cut moved on by INSERT's length and "ad":
[start, end] (s). Used by tests/bench/adbreak.sh and tests/e2e_align_adbreak.sh."""
import json
import os
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    src, tr, ins, turn, out, otr = sys.argv[1:7]
    turn = int(turn)
    t = json.load(open(tr, encoding="utf-8"))
    T = t["turns"]
    cut = round((T[turn - 1]["end"] + T[turn]["start"]) / 2, 3)
    d = float(subprocess.check_output(["soxi", "-D", ins]))
    with tempfile.TemporaryDirectory() as td:
        w = os.path.join(td, "src.wav")
        subprocess.check_call(["ffmpeg", "-v", "quiet", "-y", "-i", src, "-ac", "1", "-ar",
                               "16000", w])
        h, a, e = (os.path.join(td, x) for x in ("h.wav", "a.wav", "e.wav"))
        subprocess.check_call(["sox", w, h, "trim", "0", str(cut)])
        subprocess.check_call(["sox", w, e, "trim", str(cut)])
        subprocess.check_call(["sox", ins, "-r", "16000", "-c", "1", a])
        subprocess.check_call(["sox", h, a, e, out])
    for tu in T:
        for o in [tu] + tu.get("sentences", []):
            for k in ("start", "end"):
                if isinstance(o.get(k), (int, float)) and o[k] > cut:
                    o[k] = round(o[k] + d, 3)
    t["ad"] = [cut, round(cut + d, 3)]
    t["audio"] = os.path.basename(out)
    json.dump(t, open(otr, "w", encoding="utf-8"), ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
