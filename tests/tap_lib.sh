# tap_lib.sh: sourced by the end-to-end scripts that report in the TAP style of tap.h:
# ok/bad print a result line and bad marks the run failed ($fail, the script's exit code);
# tap_workdir NAME makes the work directory $W, removed when the script exits; tap_need
# TOOL... fails the run (exit 1) when a tool the bootstrap installs is missing; tap_aligns
# LABEL ERR ARGS... runs "$TSYNC" align ARGS... (its messages into ERR) and fails the run
# (exit 1, the messages shown) unless it exits 0.
fail=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }
tap_workdir() {
	W=$(mktemp -d "${TMPDIR:-/tmp}/e2e_$1.XXXXXX")
	[ -n "${KEEP_W:-}" ] || trap 'rm -rf "$W"' EXIT
}
tap_need() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { echo "not ok - $tool missing (scripts/bootstrap.sh)"; exit 1; }
	done
}
tap_aligns() {
	local label=${1:+$1: } err=$2 rc
	shift 2
	"$TSYNC" align "$@" 2>"$err"
	rc=$?
	[ $rc -eq 0 ] && ok "${label}aligns (exit 0)" ||
		{ bad "${label}exit $rc"; cat "$err"; exit 1; }
}
