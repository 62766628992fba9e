#!/usr/bin/env python3
"""score.py: score an aligned tsync project against the truth of a generated recording.

usage: score.py PROJECT.json TRUTH.json [--lang en|zh] [--json] [--require 'EXPR,...']

PROJECT.json is the project layout (docs/project-format.md):
  {"languages": [...], "turns": [{"speaker", "start", "end", "text": {lang: str},
   "cues": [{"start", "end", "text": {lang: str}}]}]}   (times in seconds)
Also accepted: "start_ms"/"end_ms" in milliseconds, text given as a plain string (taken to
be in the scored language). The project says a turn is not in the audio with a remark
{"kind": "unspoken", "turn": I} (no "cue"), "present": false, "absent": true or null
times. A turn with an empty time range is found (its boundary errors count) and listed
as of zero length; its cues show nothing.
TRUTH.json is written by tests/gen/tsync_gen.py.

Measures
  turns found/expected  present truth turns that the project gives times to
  turn boundary error   |project - truth| of the start and of the end of every present turn,
                        in ms: median, mean, 90th percentile, worst (and which turn)
  turn start error      the same of the starts alone (the truth's ends are less sure than
                        its starts where the words fade into a recording's reverberation)
  sync                  over the true spoken time of every sentence, sampled every 10 ms,
                        the fraction of time where the cue on screen belongs to the sentence
                        being spoken. A cue belongs when it is in the same turn and its
                        text overlaps the sentence's text by at least min(8, shorter length)
                        characters (texts normalised: lowercase, no punctuation or spaces).
                        The overlap is measured by position: each cue's text is found in its
                        turn's text (after the previous cue's), so a phrase that recurs in
                        another sentence cannot match by accident. A cue whose text is not
                        in the turn (reworded) falls back to sharing a common substring of
                        max(8, half the shorter text) characters with the sentence.
  turn sync             the same, but the cue only needs to belong to the turn being spoken
                        (the measure for translation-only projects, whose cues are not in
                        the spoken language; then it is the headline figure)
  no cue                the fraction of spoken time with nothing on screen
  absent turns          for a turn that the truth marks absent (dropped from the audio): the
                        time the project still gives it

--require takes comma-separated conditions NAME<=V, NAME>=V, NAME<V, NAME>V on:
turn_median_ms turn_mean_ms turn_p90_ms turn_max_ms start_median_ms start_max_ms sync turn_sync no_cue found_frac
missing collapsed absent_shown_s; the exit status is 1 when one fails (2 on bad input).
"""
import argparse
import bisect
import json
import math
import re
import sys
import unicodedata

STEP = 0.010  # sync sampling step, seconds


def norm(text):
    """Lowercase, drop punctuation, symbols and whitespace (Unicode categories P*, S*, Z*,
    C*); full-width forms folded to ASCII."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in t if unicodedata.category(c)[0] in "LNM")


def text_in(obj, lang):
    """Text of a turn or cue in lang: str, or {"lang": str}; None when absent."""
    t = obj.get("text")
    if isinstance(t, str):
        return t
    if isinstance(t, dict):
        v = t.get(lang)
        return v if isinstance(v, str) else None
    return None


def time_of(obj, key):
    v = obj.get(key)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    v = obj.get(key + "_ms")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v) / 1000.0
    return None


def percentile(xs, p):
    """Linear-interpolated percentile of a sorted list, p in 0..100."""
    if not xs:
        return None
    k = (len(xs) - 1) * p / 100.0
    lo, hi = int(math.floor(k)), int(math.ceil(k))
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def common_substring_at_least(a, b, k):
    """True when a and b share a substring of length k (k >= 1)."""
    if len(a) > len(b):
        a, b = b, a
    return any(a[i:i + k] in b for i in range(0, len(a) - k + 1))


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write("score.py: %s: %s\n" % (path, e))
        sys.exit(2)


def match_turns(pturns, truth_turns, lang):
    """Map truth turn index -> project turn index. By position when the counts agree;
    otherwise in order by equal normalised text, so a project that leaves out an absent
    turn still lines up."""
    if len(pturns) == len(truth_turns):
        return {i: i for i in range(len(truth_turns))}
    ptexts = []
    for pt in pturns:
        t = text_in(pt, lang)
        if t is None:
            t = " ".join(text_in(c, lang) or "" for c in pt.get("cues", []))
        ptexts.append(norm(t))
    out, j = {}, 0
    for i, tt in enumerate(truth_turns):
        want = norm("".join(s["text"] for s in tt["sentences"]))
        k = j
        while k < len(pturns) and ptexts[k] != want:
            k += 1
        if k < len(pturns):
            out[i] = k
            j = k + 1
    if not out:  # no text to match by (a translation): by position, as far as it goes
        out = {i: i for i in range(min(len(pturns), len(truth_turns)))}
    return out


def score(project, truth, lang):
    tturns = truth["turns"]
    pturns = project.get("turns") or []
    langs = project.get("languages") or []
    # translation-only: the project has no text in the spoken language
    has_lang = any(text_in(c, lang) for pt in pturns for c in pt.get("cues", []))
    mode = "sentence" if has_lang else "turn"
    tmap = match_turns(pturns, tturns, lang)
    pmap = {p: t for t, p in tmap.items()}
    # turns the project says are not in the audio: a remark {"kind": "unspoken", "turn": i}
    # about the whole turn (no cue index), or the turn's own flags
    unspoken = set()
    for r in project.get("remarks") or []:
        if isinstance(r, dict) and r.get("kind") == "unspoken" and isinstance(r.get("turn"), int) \
                and r.get("cue", -1) in (-1, None):
            unspoken.add(r["turn"])

    def said_absent(p, pt):
        if pt.get("present") is False or pt.get("absent") is True or p in unspoken:
            return True
        ps, pe = time_of(pt, "start"), time_of(pt, "end")
        return ps is None or pe is None

    # --- turn boundaries
    errs, per_turn, missing, collapsed = [], [], [], []
    start_errs = []
    present = [tt for tt in tturns if tt.get("present", True)]
    found = 0
    for tt in present:
        p = tmap.get(tt["index"])
        pt = pturns[p] if p is not None else None
        ps = time_of(pt, "start") if pt else None
        pe = time_of(pt, "end") if pt else None
        if pt is None or said_absent(p, pt):
            missing.append(tt["index"])
            continue
        found += 1
        if pe <= ps:
            collapsed.append(tt["index"])
        es = abs(ps - tt["start"]) * 1000.0
        ee = abs(pe - tt["end"]) * 1000.0
        errs += [es, ee]
        start_errs.append(es)
        per_turn.append((max(es, ee), tt["index"], (ps - tt["start"]) * 1000.0,
                         (pe - tt["end"]) * 1000.0))
    errs.sort()
    start_errs.sort()
    worst = max(per_turn) if per_turn else None

    # --- absent turns: time the project still gives them
    absent_shown = 0.0
    absent_detail = []
    for tt in tturns:
        if tt.get("present", True):
            continue
        p = tmap.get(tt["index"])
        pt = pturns[p] if p is not None else None
        d = 0.0
        if pt and not said_absent(p, pt):
            d = max(0.0, time_of(pt, "end") - time_of(pt, "start"))
        absent_shown += d
        absent_detail.append({"index": tt["index"], "shown_s": round(d, 3)})

    # --- cues: flattened, each with its truth turn and its span in the turn's text
    cues = []
    for p, pt in enumerate(pturns):
        t_idx = pmap.get(p)
        ctexts = [norm(text_in(c, lang)) for c in pt.get("cues", [])]
        tt = tturns[t_idx] if t_idx is not None else None
        whole = norm("".join(s["text"] for s in tt["sentences"])) if tt is not None else ""
        cursor = 0
        for c, ct in zip(pt.get("cues", []), ctexts):
            # the cue's span in the turn's text: looked for after the previous cue first
            span = None
            if mode == "sentence" and ct:
                k = whole.find(ct, cursor)
                if k < 0:
                    k = whole.find(ct)
                if k >= 0:
                    span = (k, k + len(ct))
                    cursor = k + len(ct)
            cs, ce = time_of(c, "start"), time_of(c, "end")
            if cs is not None and ce is not None and ce > cs:
                cues.append((cs, ce, t_idx, ct, span))
    cues.sort(key=lambda c: (c[0], c[1]))
    starts = [c[0] for c in cues]
    maxdur = max([c[1] - c[0] for c in cues] or [0.0])

    def shown(t):
        """The cue on screen at t: of those with start <= t < end, the latest to start."""
        i = bisect.bisect_right(starts, t) - 1
        while i >= 0 and starts[i] >= t - maxdur:
            if cues[i][1] > t:
                return cues[i]
            i -= 1
        return None

    # --- sync
    memo = {}
    n_all = n_sync = n_turn = n_none = 0
    per_sent_bad = []
    for tt in present:
        off = 0
        for si, s in enumerate(tt["sentences"]):
            st = norm(s["text"])
            span = (off, off + len(st))
            off += len(st)
            k = int(math.floor((s["end"] - s["start"]) / STEP))
            bad = 0
            for j in range(k):
                t = s["start"] + (j + 0.5) * STEP
                c = shown(t)
                n_all += 1
                if c is None:
                    n_none += 1
                    bad += 1
                    continue
                if c[2] != tt["index"]:
                    bad += 1
                    continue
                n_turn += 1
                if mode != "sentence":
                    continue
                if c[4] is not None:
                    ov = min(span[1], c[4][1]) - max(span[0], c[4][0])
                    ok = ov >= min(8, len(st), c[4][1] - c[4][0]) and ov > 0
                else:
                    key = (c[3], st)
                    ok = memo.get(key)
                    if ok is None:
                        short = min(len(c[3]), len(st))
                        kk = min(short, max(8, short // 2))
                        ok = kk > 0 and (c[3] in st or st in c[3] or
                                         common_substring_at_least(c[3], st, kk))
                        memo[key] = ok
                if ok:
                    n_sync += 1
                else:
                    bad += 1
            if k and bad:
                per_sent_bad.append((bad / float(k), tt["index"], si, s["text"][:60]))
    per_sent_bad.sort(reverse=True)

    def frac(a):
        return a / float(n_all) if n_all else None

    res = {
        "mode": mode,
        "lang": lang,
        "project_languages": langs,
        "turns_expected": len(present),
        "turns_found": found,
        "found_frac": found / float(len(present)) if present else None,
        "missing": len(missing),
        "missing_turns": missing,
        "collapsed": len(collapsed),
        "collapsed_turns": collapsed,
        "project_turns": len(pturns),
        "truth_turns": len(tturns),
        "turn_median_ms": percentile(errs, 50),
        "turn_mean_ms": sum(errs) / len(errs) if errs else None,
        "turn_p90_ms": percentile(errs, 90),
        "turn_max_ms": (errs[-1] if errs else None) if not missing else float("inf"),
        "start_median_ms": percentile(start_errs, 50),
        "start_max_ms": (start_errs[-1] if start_errs else None) if not missing else float("inf"),
        "worst_turn": ({"index": worst[1], "start_err_ms": round(worst[2], 1),
                        "end_err_ms": round(worst[3], 1)} if worst else None),
        "sync": frac(n_sync) if mode == "sentence" else frac(n_turn),
        "sentence_sync": frac(n_sync) if mode == "sentence" else None,
        "turn_sync": frac(n_turn),
        "no_cue": frac(n_none),
        "spoken_s": round(n_all * STEP, 2),
        "absent_turns": absent_detail,
        "absent_shown_s": round(absent_shown, 3),
        "worst_sentences": [{"turn": b[1], "sentence": b[2], "bad_frac": round(b[0], 3),
                             "text": b[3]} for b in per_sent_bad[:5]],
    }
    return res


def fmt_ms(v):
    if v is None:
        return "-"
    if v == float("inf"):
        return "inf (missing turns)"
    return "%.0f" % v


def fmt_pct(v):
    return "-" if v is None else "%.2f%%" % (100.0 * v)


def report(res, out):
    w = out.write
    w("mode: %s (scored language %s)\n" % (res["mode"], res["lang"]))
    w("turns found/expected: %d/%d%s%s\n" % (res["turns_found"], res["turns_expected"],
      ("  missing: %s" % res["missing_turns"]) if res["missing_turns"] else "",
      ("  of zero length: %s" % res["collapsed_turns"]) if res["collapsed_turns"] else ""))
    w("turn boundary error ms: median %s  mean %s  p90 %s  max %s" % (
        fmt_ms(res["turn_median_ms"]), fmt_ms(res["turn_mean_ms"]), fmt_ms(res["turn_p90_ms"]),
        fmt_ms(res["turn_max_ms"])))
    if res["worst_turn"]:
        wt = res["worst_turn"]
        w("  (worst turn %d: start %+.0f, end %+.0f)" % (wt["index"], wt["start_err_ms"],
                                                        wt["end_err_ms"]))
    w("\n")
    w("turn start error ms: median %s  max %s\n" % (fmt_ms(res["start_median_ms"]),
                                                  fmt_ms(res["start_max_ms"])))
    if res["mode"] == "sentence":
        w("in sync: %s of %.1f s spoken  (turn in sync %s, no cue %s)\n" % (
            fmt_pct(res["sync"]), res["spoken_s"], fmt_pct(res["turn_sync"]), fmt_pct(res["no_cue"])))
    else:
        w("turn in sync: %s of %.1f s spoken  (no cue %s; translation-only project)\n" % (
            fmt_pct(res["turn_sync"]), res["spoken_s"], fmt_pct(res["no_cue"])))
    for a in res["absent_turns"]:
        w("absent turn %d: project gives it %.3f s\n" % (a["index"], a["shown_s"]))
    for b in res["worst_sentences"][:3]:
        w("  out of sync %5.1f%%: turn %d sentence %d \"%s\"\n" % (100 * b["bad_frac"], b["turn"],
                                                                  b["sentence"], b["text"]))


COND = re.compile(r"^\s*([a-z_]+)\s*(<=|>=|<|>)\s*([-+0-9.eE]+|inf)\s*$")


def check(res, spec):
    fails = []
    for part in spec.split(","):
        if not part.strip():
            continue
        m = COND.match(part)
        if not m:
            raise ValueError("bad condition %r (want NAME<=VALUE)" % part)
        name, op, val = m.group(1), m.group(2), float(m.group(3))
        if name not in res or (res[name] is not None and not isinstance(res[name], (int, float))):
            raise ValueError("unknown measure %r" % name)
        v = res[name]
        ok = v is not None and {"<=": v <= val, ">=": v >= val, "<": v < val, ">": v > val}[op]
        if not ok:
            fails.append("%s = %s, wanted %s %s" % (name, v, op, m.group(3)))
    return fails


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("project")
    ap.add_argument("truth")
    ap.add_argument("--lang", help="scored language (default: the truth's)")
    ap.add_argument("--json", action="store_true", help="print the measures as JSON")
    ap.add_argument("--require", help="conditions; exit 1 when one fails")
    a = ap.parse_args(argv)
    project, truth = load(a.project), load(a.truth)
    if not isinstance(truth, dict) or not isinstance(truth.get("turns"), list):
        sys.stderr.write("score.py: %s: not a truth file\n" % a.truth)
        return 2
    if not isinstance(project, dict) or not isinstance(project.get("turns"), list):
        sys.stderr.write("score.py: %s: no \"turns\" list\n" % a.project)
        return 2
    res = score(project, truth, a.lang or truth.get("lang", "en"))
    if a.json:
        r = dict(res)
        for k in ("turn_max_ms", "start_max_ms"):
            if r[k] == float("inf"):
                r[k] = None
        json.dump(r, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        report(res, sys.stdout)
    if a.require:
        try:
            fails = check(res, a.require)
        except ValueError as e:
            sys.stderr.write("score.py: --require: %s\n" % e)
            return 2
        for f in fails:
            sys.stderr.write("score.py: FAIL %s\n" % f)
        return 1 if fails else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
