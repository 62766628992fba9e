"""zh_syllables.py: Mandarin spoken by people, a syllable at a time (for tsync_gen.py).

Debian's gcin-voice package holds every Mandarin syllable in each of its tones, recorded by
two people (/usr/share/gcin-voice/ogg/ZHUYIN[TONE]/3.ogg and 5.ogg). speak() reads a
Chinese sentence with them: each character's reading from Unihan's kMandarin (the
unicode-data package), a few particles in the neutral tone, digits as Chinese numbers and
Latin letters the way Chinese speakers name them. The syllables are joined with short
gaps, a pause at each comma. It is not connected speech, but the voices are people's, not
a synthesizer's.
"""
import bz2
import os
import re
import subprocess
import threading
import unicodedata

GCIN = "/usr/share/gcin-voice/ogg"
UNIHAN = "/usr/share/unicode/Unihan_Readings.txt.bz2"

INITIALS = [("zh", "ㄓ"), ("ch", "ㄔ"), ("sh", "ㄕ"), ("b", "ㄅ"), ("p", "ㄆ"), ("m", "ㄇ"),
            ("f", "ㄈ"), ("d", "ㄉ"), ("t", "ㄊ"), ("n", "ㄋ"), ("l", "ㄌ"), ("g", "ㄍ"),
            ("k", "ㄎ"), ("h", "ㄏ"), ("j", "ㄐ"), ("q", "ㄑ"), ("x", "ㄒ"), ("r", "ㄖ"),
            ("z", "ㄗ"), ("c", "ㄘ"), ("s", "ㄙ")]
FINALS = {"a": "ㄚ", "o": "ㄛ", "e": "ㄜ", "ê": "ㄝ", "ai": "ㄞ", "ei": "ㄟ", "ao": "ㄠ",
          "ou": "ㄡ", "an": "ㄢ", "en": "ㄣ", "ang": "ㄤ", "eng": "ㄥ", "er": "ㄦ", "i": "ㄧ",
          "ia": "ㄧㄚ", "ie": "ㄧㄝ", "iao": "ㄧㄠ", "iu": "ㄧㄡ", "ian": "ㄧㄢ", "in": "ㄧㄣ",
          "iang": "ㄧㄤ", "ing": "ㄧㄥ", "iong": "ㄩㄥ", "u": "ㄨ", "ua": "ㄨㄚ", "uo": "ㄨㄛ",
          "uai": "ㄨㄞ", "ui": "ㄨㄟ", "uan": "ㄨㄢ", "un": "ㄨㄣ", "uang": "ㄨㄤ", "ong": "ㄨㄥ",
          "ü": "ㄩ", "üe": "ㄩㄝ", "üan": "ㄩㄢ", "ün": "ㄩㄣ"}
Y_W = {"yi": "i", "ya": "ia", "ye": "ie", "yao": "iao", "you": "iu", "yan": "ian", "yin": "in",
       "yang": "iang", "ying": "ing", "yong": "iong", "wu": "u", "wa": "ua", "wo": "uo",
       "wai": "uai", "wei": "ui", "wan": "uan", "wen": "un", "wang": "uang", "weng": "ueng",
       "yu": "ü", "yue": "üe", "yuan": "üan", "yun": "ün"}
NEUTRAL = {"的": "de", "了": "le", "们": "men", "們": "men", "么": "me", "麼": "me", "吧": "ba",
           "吗": "ma", "嗎": "ma", "呢": "ne", "啊": "a", "着": "zhe", "著": "zhe"}
DIGITS = "零一二三四五六七八九"
# Latin letters as Chinese speakers name them
LETTERS = {"a": "ei", "b": "bi", "c": "xi", "d": "di", "e": "yi", "f": "ai fu", "g": "ji",
           "h": "ai qi", "i": "ai", "j": "jie", "k": "kai", "l": "ai le", "m": "ai mu", "n": "en",
           "o": "ou", "p": "pi", "q": "qiu", "r": "a er", "s": "ai si", "t": "ti", "u": "you",
           "v": "wei", "w": "da bu liu", "x": "ai ke si", "y": "wai", "z": "zei"}

_readings = None
_lock = threading.Lock()


def readings():
    """Character -> its most common reading; read once (the generator's threads share it)."""
    global _readings
    with _lock:
        if _readings is None:
            rd = {}
            with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
                for line in f:
                    if "\tkMandarin\t" in line:
                        cp, _, val = line.rstrip("\n").split("\t")
                        rd[chr(int(cp[2:], 16))] = val.split()[0]
            _readings = rd
    return _readings


def split_tone(pinyin):
    """'wáng' -> ('wang', 2); a syllable without a mark is tone 1 unless given."""
    tone = 1
    out = []
    for ch in unicodedata.normalize("NFD", pinyin):
        if ch == "\u0304":
            tone = 1
        elif ch == "\u0301":
            tone = 2
        elif ch == "\u030c":
            tone = 3
        elif ch == "\u0300":
            tone = 4
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).replace("v", "ü"), tone


def zhuyin(syl):
    """Toneless pinyin to zhuyin, or None."""
    if syl in ("ng", "n", "hng", "m", "hm"):  # 嗯, 呣: said as "en"
        return "ㄣ"
    if syl in Y_W:
        syl = Y_W[syl]
        ini = ""
    else:
        ini = ""
        for p, z in INITIALS:
            if syl.startswith(p):
                ini, syl = z, syl[len(p):]
                break
        if ini in ("ㄓ", "ㄔ", "ㄕ", "ㄖ", "ㄗ", "ㄘ", "ㄙ") and syl == "i":
            return ini
        if ini in ("ㄐ", "ㄑ", "ㄒ") and syl.startswith("u"):
            syl = "ü" + syl[1:]
    if syl == "ueng":
        return "ㄨㄥ"
    fin = FINALS.get(syl)
    return None if fin is None else ini + fin


def number_syllables(digits):
    """Chinese reading of an integer (up to 9999) or of a year-like run digit by digit."""
    n = int(digits)
    if len(digits) == 4 and digits[0] in "12" and n >= 1000:
        return [DIGITS[int(d)] for d in digits]
    if n < 10:
        return [DIGITS[n]]
    out = []
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, unit)
        if q:
            if not (unit == 10 and q == 1 and not out):
                out.append(DIGITS[q])
            out.append(name)
        elif out and n:
            if out[-1] != "零":
                out.append("零")
    if n:
        out.append(DIGITS[n])
    return out


def syllables(text):
    """(zhuyin + tone digit as gcin names it, pause seconds after) for each syllable."""
    rd = readings()
    out = []
    for tok in re.findall(r"[0-9]+|[A-Za-z]+|.", text):
        if tok[0].isdigit():
            chars = number_syllables(tok)
        elif tok[0].isascii() and tok[0].isalpha():
            for letter in tok.lower():
                for s in LETTERS[letter].split():
                    z = zhuyin(s)
                    if z:
                        out.append([z + ("" if s in ("ei", "ai", "ou", "en") else "4"), 0.0])
            continue
        else:
            chars = [tok]
        for ch in chars:
            if ch in "，、；：,;:—（）()":
                if out:
                    out[-1][1] = max(out[-1][1], 0.18)
                continue
            if ch in NEUTRAL:
                z = zhuyin(NEUTRAL[ch])
                if z:
                    out.append([z + "1", 0.0])
                continue
            p = rd.get(ch)
            if not p:
                continue
            syl, tone = split_tone(p)
            z = zhuyin(syl)
            if z:
                out.append([z + ("" if tone == 1 else str(tone)), 0.0])
    return out


def syllable_file(name, speaker):
    """The recording of zhuyin+tone by speaker (3 or 5), trying the other tones when that one
    was not recorded."""
    base = name.rstrip("1234")
    for cand in (name, base, base + "4", base + "2", base + "3", base + "1"):
        p = os.path.join(GCIN, cand, "%d.ogg" % speaker)
        if os.path.exists(p):
            return p
    return None


# tempo that brings each speaker to about 4.5 syllables a second (speaker 3 says each
# syllable in about 0.4 s, speaker 5 in 0.22 s)
TEMPO = {3: 1.9, 5: 1.15}


def speak(text, speaker, out_wav, tmpdir, gap=0.03, stretch=1.0):
    """Writes text read by gcin-voice's speaker 3 or 5 to out_wav (16 kHz mono); stretch > 1
    speaks slower."""
    tempo = TEMPO[speaker] / stretch
    parts = []
    k = 0
    for name, pause in syllables(text):
        src = syllable_file(name, speaker)
        if not src:
            continue
        dst = os.path.join(tmpdir, "s%04d.wav" % k)
        # each syllable without its own leading and trailing silence
        subprocess.run(["sox", src, "-r", "16000", "-c", "1", "-b", "16", dst,
                        "silence", "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%",
                        "reverse"], check=True, stderr=subprocess.DEVNULL)
        parts.append(dst)
        sil = os.path.join(tmpdir, "g%04d.wav" % k)
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", sil, "trim", "0",
                        "%.3f" % (gap + pause * tempo)], check=True)
        parts.append(sil)
        k += 1
    if not parts:
        raise RuntimeError("no syllable of %r was recorded" % text)
    joined = os.path.join(tmpdir, "joined.wav")
    subprocess.run(["sox"] + parts[:-1] + [joined], check=True)
    subprocess.run(["sox", joined, out_wav, "tempo", "-s", "%.3f" % tempo], check=True)
