#!/usr/bin/env python3
"""cut_turns.py TRANSCRIPT N: prints the first N turns of a speaker-line transcript, with
the chapter headings that come before them, unchanged, so a clip made with
`tsync_gen.py --turns N` has a transcript that belongs to it."""
import sys


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: cut_turns.py TRANSCRIPT N\n")
        return 2
    n = int(sys.argv[2])
    turns, in_turn, out = 0, False, []
    with open(sys.argv[1], encoding="utf-8-sig") as f:
        for line in f:
            s = line.strip()
            if not s:
                in_turn = False
            elif not s.startswith("##") and not in_turn:
                in_turn = True
                turns += 1
                if turns > n:
                    break
            out.append(line)
    while out and (not out[-1].strip() or out[-1].lstrip().startswith("##")):
        out.pop()
    sys.stdout.write("".join(out).rstrip("\n") + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
