#!/bin/bash
# e2e_journal.sh: edits survive a SIGKILL through PROJECT.json.journal.
#
# The player runs headless (SDL_VIDEODRIVER=dummy) with a --script of edits, then idles;
# it is killed with SIGKILL once the journal holds every edit. Started again with
# --restore-journal yes and saved, the project must hold every edit; with no, none
# (and the journal is kept aside); a journal of another saved state is never applied.
#
# usage: e2e_journal.sh TSYNC_BINARY SOURCE_DIR
set -u
TSYNC=${1:?tsync binary}
SRC=${2:?source dir}
for tool in flite sox python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed"
		exit 0
	fi
done
WORK=$(mktemp -d /tmp/tsync-journal-XXXXXX)
PLAYER=""
cleanup() {
	[ -n "$PLAYER" ] && kill -9 "$PLAYER" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	for f in "$WORK"/*.log; do [ -f "$f" ] && sed "s|^|  $(basename "$f"): |" "$f"; done
	exit 1
}
source "$SRC/tests/data/player/fixture.sh"
make_fixture "$WORK" || fail "cannot make the test audio"
cd "$WORK" || exit 1
cp talk.json talk.orig.json
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy XDG_CONFIG_HOME="$WORK/config"

# Edits: cue 2 start -100 (3.200), cue 2 end +10 (6.110), undo (6.100), cue 3 shifted +200
# (6.800-9.300), cue 1 end set at the playhead 2.5 (2.500), redo does nothing (stack cut).
cat > edits.txt <<'EOF'
select 2
start-earlier-100
end-later-10
undo
select 3
shift-later-100
shift-later-100
select 1
seek 2.5
set-end-next
redo
wait 600000
EOF
run_and_kill() {
	"$TSYNC" play talk.json --start-paused --restore-journal no --script edits.txt \
		>"$1" 2>&1 &
	PLAYER=$!
	local want=$2
	for _ in $(seq 300); do
		[ -f talk.json.journal ] && [ "$(($(wc -l <talk.json.journal) - 1))" -ge "$want" ] && break
		sleep 0.1
	done
	kill -9 "$PLAYER"
	wait "$PLAYER" 2>/dev/null
	PLAYER=""
}
run_and_kill run1.log 6
n=$(($(wc -l <talk.json.journal) - 1))
[ "$n" = 6 ] || fail "journal holds $n edit lines, expected 6"
cmp -s talk.json talk.orig.json || fail "the project file changed without a save"
head -1 talk.json.journal | grep -q '^tsync-journal 1 ' || fail "journal header"

# Restore, save, quit.
printf 'save\nquit\n' > save.txt
"$TSYNC" play talk.json --start-paused --restore-journal yes --script save.txt \
	>restore.log 2>&1 || fail "restart with --restore-journal yes failed"
grep -q 'restored 6 unsaved edits' restore.log || fail "no 'restored' message"
python3 - talk.json <<'PY' || fail "restored project does not hold every edit"
import json, sys
p = json.load(open(sys.argv[1]))
got = [(round(c["start"], 3), round(c["end"], 3)) for t in p["turns"] for c in t["cues"]]
print("restored cues:", got)
sys.exit(0 if got == [(0.5, 2.5), (3.2, 6.1), (6.8, 9.3)] else 1)
PY
if [ -f talk.json.journal ]; then
	n=$(($(wc -l <talk.json.journal) - 1))
	[ "$n" -le 0 ] || fail "journal not reset after the save ($n lines)"
fi

# Declining a restore leaves the project as saved and keeps the journal aside.
cp talk.orig.json talk.json
rm -f talk.json.journal*
run_and_kill run2.log 6
printf 'save\nquit\n' > save.txt
"$TSYNC" play talk.json --start-paused --restore-journal no --script save.txt \
	>decline.log 2>&1 || fail "restart with --restore-journal no failed"
[ -f talk.json.journal.discarded ] || fail "declined journal not kept aside"
python3 - talk.json <<'PY' || fail "declined restore changed the project"
import json, sys
p = json.load(open(sys.argv[1]))
got = [(round(c["start"], 3), round(c["end"], 3)) for t in p["turns"] for c in t["cues"]]
sys.exit(0 if got == [(0.5, 2.8), (3.3, 6.1), (6.6, 9.1)] else 1)
PY

# A journal written against another saved state is not applied.
cp talk.orig.json talk.json
rm -f talk.json.journal*
run_and_kill run3.log 6
sed -i 's/"start": 0.5, "end": 2.8,/"start": 0.4, "end": 2.8,/' talk.json
"$TSYNC" play talk.json --start-paused --restore-journal yes --script save.txt \
	>stale.log 2>&1 || fail "restart on a changed project failed"
grep -q 'another saved version' stale.log || fail "stale journal not reported"
[ -f talk.json.journal.stale ] || fail "stale journal not kept aside"
python3 - talk.json <<'PY' || fail "a stale journal was applied"
import json, sys
p = json.load(open(sys.argv[1]))
got = [(round(c["start"], 3), round(c["end"], 3)) for t in p["turns"] for c in t["cues"]]
sys.exit(0 if got == [(0.4, 2.8), (3.3, 6.1), (6.6, 9.1)] else 1)
PY

# The question in the window ("Restore 6 unsaved edits? y / n"), answered by the script.
cp talk.orig.json talk.json
rm -f talk.json.journal*
run_and_kill run4.log 6
printf 'answer y\nsave\nquit\n' > ask.txt
"$TSYNC" play talk.json --start-paused --restore-journal ask --script ask.txt \
	>ask.log 2>&1 || fail "restart with --restore-journal ask failed"
grep -q 'restored 6 unsaved edits' ask.log || fail "the window's restore question was not answered"
python3 - talk.json <<'PY' || fail "edits restored through the window's question are wrong"
import json, sys
p = json.load(open(sys.argv[1]))
got = [(round(c["start"], 3), round(c["end"], 3)) for t in p["turns"] for c in t["cues"]]
sys.exit(0 if got == [(0.5, 2.5), (3.2, 6.1), (6.8, 9.3)] else 1)
PY
echo "PASS"
