#!/usr/bin/env python3
"""real_dialog.py: a held-out recording made of people's recorded speech, with its truth.

Every other recording of the tests is spoken by a synthesizer. This one is assembled from
recordings of people that Debian ships with their texts:

  fillets:LANG:LEVEL[+LEVEL...]   the voiced dialogues of the game Fish Fillets NG
      (packages fillets-ng-data and fillets-ng-data-LANG, LANG cs or nl): a woman (the small
      fish) and a man (the big fish), with other characters, acted, one line per file; the
      text is the line's subtitle in that language (dialogs_LANG.lua), which the actors
      read, though not always word for word. Lines are taken in the order of the level's
      script; consecutive lines of one character make a turn.
  festvox-ru:FIRST-LAST           the sentences a man read for festival's Russian voice
      (festvox-ru: msu_ru_nsh_clunits/wav and etc/txt.done.data, stress marks taken
      out), 1 to 4 to a turn, the turns given to two alternating speaker names (one
      voice). Their speech's start and end are the voice's phone labels (lab/).

Each line is trimmed to its speech (its labels', or the first and last 10 ms windows above
a threshold set from the line's own noise floor and loudness), joined to the next with a
pause drawn from the seed (a change of speaker 0.15-0.9 s, a pause inside a turn 0.3-0.8
s), and the whole is degraded like tsync_gen.py's recordings (tempo, reverb, noise, lossy
format). The truth gives every line as a sentence of its turn, with the start and the end
of its words (the labels', or words_span(): after a drift under 30 Hz and before the
game's reverberation tail, both of which the threshold takes in); the turn runs from its
first line's start to its last line's end.

usage: real_dialog.py SOURCE -o OUT.(wav|mp3|ogg|opus|flac) --truth OUT.truth.json
       --transcript OUT.txt [--seed N] [--noise-db DB] [--noise-type pink|white|brown]
       [--tempo T] [--reverb R] [--fillets-root DIR] [--festvox-ru DIR]
"""
import argparse
import array
import json
import math
import os
import random
import re
import shutil
import sys
import tempfile
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsync_gen as gen  # noqa: E402  (read_pcm, normalise_tempo_reverb, add_noise, encode, run)

FILLETS_ROOT = "/usr/share/games/fillets-ng"
FESTVOX_RU = "/usr/share/festival/voices/russian/msu_ru_nsh_clunits"
NAMES = {
    "cs": {"font_small": "Malá ryba", "font_big": "Velká ryba"},
    "nl": {"font_small": "Kleine vis", "font_big": "Grote vis"},
}
RU_SPEAKERS = ("Ведущий", "Гость")
WIN = 160  # 10 ms at 16 kHz


def lua_string(s):
    return s.replace('\\"', '"').replace("\\n", " ").replace("\\\\", "\\").strip()


def fillets_lines(root, lang, levels):
    """(speaker, text, ogg path, None) of every voiced line of the levels, in script
    order."""
    out = []
    for level in levels:
        script = os.path.join(root, "script", level, "dialogs_%s.lua" % lang)
        with open(script, encoding="utf-8") as f:
            text = f.read()
        pat = re.compile(r'dialogId\("([^"]+)",\s*"([^"]+)",\s*"(?:[^"\\]|\\.)*"\)\s*'
                         r'dialogStr\("((?:[^"\\]|\\.)*)"\)')
        for ident, font, said in pat.findall(text):
            ogg = os.path.join(root, "sound", level, lang, ident + ".ogg")
            said = lua_string(said)
            if not os.path.exists(ogg) or not said or "%" in said:
                continue
            name = NAMES[lang].get(font) or font.replace("font_", "").capitalize()
            out.append((name, said, ogg, None))
    return out


def lab_bounds(path):
    """(start, end) in seconds of the speech in a festvox label file: the end of its first
    pause and the end of its last phone that is not a pause; None when unreadable."""
    try:
        with open(path, encoding="utf-8") as f:
            rows = [ln.split() for ln in f if ln.strip() and not ln.startswith("#")]
    except OSError:
        return None
    segs, prev = [], 0.0
    for r in rows:
        if len(r) >= 3:
            segs.append((prev, float(r[0]), r[2]))
            prev = float(r[0])
    spoken = [sg for sg in segs if sg[2] not in ("pau", "sil", "h#")]
    return (spoken[0][0], spoken[-1][1]) if spoken else None


def festvox_ru_lines(root, first, last):
    """(speaker, text, wav path, (start, end) of its speech by its labels) of utterances
    first..last; the speakers are drawn in main()."""
    texts = {}
    with open(os.path.join(root, "etc", "txt.done.data"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r'\(\s*(\S+)\s+"(.*)"\s*\)\s*$', line)
            if m:
                texts[m.group(1)] = m.group(2).replace("+", "")
    out = []
    for i in range(first, last + 1):
        key = "ru_%04d" % i
        wav = os.path.join(root, "wav", key + ".wav")
        if not os.path.exists(wav):
            wav = os.path.join(root, "wav", key + ".opus")  # tests/data/human/msu_ru
        lab = lab_bounds(os.path.join(root, "lab", key + ".lab"))
        if key in texts and os.path.exists(wav) and lab:
            out.append((None, texts[key], wav, lab))
    return out


def load16k(path, td, idx):
    dst = os.path.join(td, "l%04d.wav" % idx)
    if path.endswith(".opus"):  # sox reads no Opus
        gen.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", path, "-ar",
                 str(gen.RATE), "-ac", "1", "-c:a", "pcm_s16le", dst])
    else:
        gen.run(["sox", "-V1", path, "-r", str(gen.RATE), "-c", "1", "-b", "16", dst, "rate",
                 "-v"])
    return gen.read_pcm(dst)


def bounds(pcm):
    """First and last sample of the line's speech: the outermost runs of three 10 ms windows
    whose peak is over the threshold, widened over neighbouring windows over 0.7 of it. The
    threshold is three times the line's floor (the 5th percentile of the windows' peaks),
    at least -44 dBFS, at most 30 dB under the line's loudest window: most lines are cut
    close to the words, so their quietest windows are often speech already."""
    peaks = [max(map(abs, pcm[i:i + WIN])) for i in range(0, len(pcm), WIN)]
    if not peaks:
        return 0, 0
    floor = sorted(peaks)[len(peaks) // 20]
    lim = max(197, min(3 * floor, max(peaks) // 30))  # 197: -44 dBFS
    near = lim * 0.7
    n = len(peaks)
    loud = [p >= lim for p in peaks]
    first = next((i for i in range(n - 2) if all(loud[i:i + 3])), None)
    if first is None:
        return 0, 0
    last = next(i for i in range(n - 1, 1, -1) if all(loud[i - 2:i + 1]))
    while first > 0 and peaks[first - 1] >= near:
        first -= 1
    while last < n - 1 and peaks[last + 1] >= near:
        last += 1
    return first * WIN, min(len(pcm), (last + 1) * WIN)


def _smooth_db(x, a, b):
    """The level (dB under full scale) of x's 10 ms windows a..b-1, each averaged with its
    neighbours."""
    e = []
    for i in range(a, b):
        s = x[i * WIN:(i + 1) * WIN]
        e.append(10 * math.log10(sum(v * v for v in s) / max(1, len(s)) / 32768.0**2 + 1e-12))
    return [sum(e[max(0, i - 1):i + 2]) / len(e[max(0, i - 1):i + 2]) for i in range(len(e))]


def _fall_end(s, fall=15.0, rise=5.0, back=15):
    """The window where the level s falls fall dB under its last syllable's peak: the last
    local peak within 30 dB of the loudest that rises rise dB over the lowest of the back
    windows before it. The decay of a hall's reverberation has no such peak."""
    n, top = len(s), max(s)
    for p in range(n - 2, 0, -1):
        if (s[p] >= s[p - 1] and s[p] >= s[p + 1] and s[p] >= top - 30 and
                s[p] - min(s[max(0, p - back):p]) >= rise):
            break
    else:
        return n
    w = p + 1
    while w < n and s[w] >= s[p] - fall:
        w += 1
    return w


def _highpass(x, fc=50.0):
    """x through a second-order Butterworth high-pass at fc Hz (the bilinear transform's
    biquad), as integers."""
    w = 2 * math.pi * fc / gen.RATE
    al, c = math.sin(w) / math.sqrt(2), math.cos(w)
    b0, b1, a1, a2 = (1 + c) / 2 / (1 + al), -(1 + c) / (1 + al), -2 * c / (1 + al), \
        (1 - al) / (1 + al)
    out = array.array("i")
    x1 = x2 = y1 = y2 = 0.0
    for v in x:
        y = b0 * (v + x2) + b1 * x1 - a1 * y1 - a2 * y2
        x2, x1, y2, y1 = x1, v, y1, y
        out.append(int(round(y)))
    return out


def words_span(pcm, on, off):
    """(start, end) of the words of a line whose sound (bounds()) runs from on to off.
    Some of the game's lines carry a drift under 30 Hz, as loud as the words in places
    (linux/cs/v-vyrobil.ogg: -14 dBFS in all, -33 over 30 Hz; magnet/nl/pap-v-prekvapeni.ogg
    opens with 190 ms of it at -30 dBFS, -68 over 100 Hz): it is no speech, and bounds(),
    which the line is cut by, takes it in. The words start where bounds() finds sound in the
    line over 50 Hz, no earlier than on. Most lines carry the game's hall's reverberation,
    a tail of 0.3-1 s that decays smoothly after the last word and that bounds() takes in
    too: the words end where the level falls 15 dB under the last syllable's peak, in the
    band over 50 Hz or in the band of a last fricative (the second difference, which rises
    12 dB an octave), whichever is later. A last plosive's release after its closure can
    be left out (up to about 80 ms)."""
    a, b = on // WIN, (off + WIN - 1) // WIN
    if b - a < 6:
        return on, off
    h = _highpass(pcm)
    start = min(max(on, bounds(h)[0]), off)
    d2 = array.array("i", [0, 0])
    d2.extend(pcm[i] - 2 * pcm[i - 1] + pcm[i - 2] for i in range(2, len(pcm)))
    w = max(_fall_end(_smooth_db(h, a, b)), _fall_end(_smooth_db(d2, a, b)))
    end = min(off, (a + w) * WIN)
    return (start, end) if end - start >= 3 * WIN else (on, end)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--transcript", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--noise-db", type=float)
    ap.add_argument("--noise-type", default="pink", choices=["pink", "white", "brown"])
    ap.add_argument("--tempo", type=float, default=1.0)
    ap.add_argument("--reverb", type=float, default=0.0)
    ap.add_argument("--fillets-root", default=FILLETS_ROOT)
    ap.add_argument("--festvox-ru", default=FESTVOX_RU,
                    help="the voice's folder (etc/, lab/, wav/ with .wav or .opus files)")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)

    kind, _, rest = a.source.partition(":")
    if kind == "fillets":
        lang, _, levels = rest.partition(":")
        if lang not in NAMES:
            ap.error("fillets: LANG is cs or nl")
        lines = fillets_lines(a.fillets_root, lang, levels.split("+"))
    elif kind == "festvox-ru":
        lang = "ru"
        lo, _, hi = rest.partition("-")
        lines = festvox_ru_lines(a.festvox_ru, int(lo), int(hi))
        k, left = 0, 0
        for i, (_, t, w, lab) in enumerate(lines):
            if not left:
                left, k = rng.randint(1, 4), k + 1
            lines[i] = (RU_SPEAKERS[k % 2], t, w, lab)
            left -= 1
    else:
        ap.error("unknown source %r" % a.source)
    if not lines:
        sys.exit("real_dialog.py: no voiced lines in %s" % a.source)

    fmt = os.path.splitext(a.output)[1].lstrip(".").lower()
    td = tempfile.mkdtemp(prefix="tsync_real_")
    turns = []
    skipped = 0
    try:
        clean = os.path.join(td, "clean.wav")
        with wave.open(clean, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(gen.RATE)
            pos = 0
            prev = None
            for idx, (who, said, path, lab) in enumerate(lines):
                pcm = load16k(path, td, idx)
                if lab:
                    on = max(0, int(lab[0] * gen.RATE))
                    off = min(len(pcm), int(lab[1] * gen.RATE))
                    first, words = on, off
                else:
                    on, off = bounds(pcm)
                    first, words = words_span(pcm, on, off)
                if off - on < 3 * WIN:
                    skipped += 1
                    continue
                # keep up to 80 ms before the speech and 120 ms after it (the line's own
                # breath and room), then a pause drawn for this join
                lead = min(on, 1280)
                tail = min(len(pcm) - off, 1920)
                same = prev is not None and who == prev
                gap = rng.uniform(0.3, 0.8) if same else rng.uniform(0.15, 0.9)
                sil = int(gap * gen.RATE) - lead - (turns[-1]["_tail"] if turns else 0)
                if prev is None:
                    sil = int(rng.uniform(0.4, 0.8) * gen.RATE) - lead
                if sil > 0:
                    out.writeframes(b"\0\0" * sil)
                    pos += sil
                seg = pcm[on - lead:off + tail]
                if sys.byteorder != "little":
                    seg.byteswap()
                out.writeframes(seg.tobytes())
                sent = {"text": said, "start_f": pos + lead + first - on,
                        "end_f": pos + lead + words - on}
                pos += len(seg)
                if not same:
                    turns.append({"speaker": who, "sentences": []})
                turns[-1]["sentences"].append(sent)
                turns[-1]["_tail"] = tail
                prev = who
            end = int(rng.uniform(0.5, 1.0) * gen.RATE)
            out.writeframes(b"\0\0" * end)

        cur = gen.normalise_tempo_reverb(clean, td, a.tempo, a.reverb)
        if a.noise_db is not None:
            nxt = os.path.join(td, "noisy.wav")
            gen.add_noise(cur, nxt, a.noise_db, a.noise_type, a.seed)
            cur = nxt
        length = gen.wav_seconds(cur)
        os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
        gen.encode(cur, a.output, fmt)
    finally:
        shutil.rmtree(td, ignore_errors=True)

    def t_of(frames):
        return round(frames / float(gen.RATE) / a.tempo, 3)

    with open(a.transcript, "w", encoding="utf-8") as f:
        for t in turns:
            f.write("%s\n%s\n\n" % (t["speaker"], " ".join(s["text"] for s in t["sentences"])))
    out_turns = []
    for i, t in enumerate(turns):
        ss = [{"text": s["text"], "start": t_of(s["start_f"]), "end": t_of(s["end_f"])}
              for s in t["sentences"]]
        out_turns.append({"index": i, "speaker": t["speaker"], "present": True,
                          "start": ss[0]["start"], "end": ss[-1]["end"], "sentences": ss})
    truth = {
        "audio": os.path.basename(a.output),
        "transcript": os.path.abspath(a.transcript),
        "lang": lang,
        "source": a.source,
        "tempo": a.tempo,
        "reverb": a.reverb,
        "noise_db": a.noise_db,
        "noise_type": a.noise_type if a.noise_db is not None else None,
        "intro_s": 0.0,
        "format": fmt,
        "seed": a.seed,
        "rate": gen.RATE,
        "duration": round(length, 3),
        "generator": "tests/gen/real_dialog.py v4",
        "turns": out_turns,
    }
    with open(a.truth, "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("real_dialog.py: %s: %d lines in %d turns, %.1f s (%d lines left out)" %
          (a.output, sum(len(t["sentences"]) for t in turns), len(turns), length, skipped))


if __name__ == "__main__":
    main()
