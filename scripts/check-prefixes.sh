#!/usr/bin/env bash
# Fails when a library exports a global symbol without its folder's prefix
# (sub_ for subtitles/, med_ for media/, pl_ for player/), as libass checks with nm.
set -euo pipefail
build=${1:-build-test}
status=0
check() {
	local lib=$1 prefix=$2
	local bad
	bad=$(nm -g --defined-only "$lib" 2>/dev/null | awk 'NF==3 && $2 ~ /[TDBRC]/ {print $3}' |
		grep -v -E "^(${prefix}|LLVMFuzzer)" || true)
	if [ -n "$bad" ]; then
		echo "$lib: symbols without the ${prefix} prefix:" >&2
		echo "$bad" | sed 's/^/  /' >&2
		status=1
	fi
}
check "$build/libtsync_subtitles.a" sub_
check "$build/libtsync_media.a" med_
check "$build/libtsync_player.a" pl_
[ $status -eq 0 ] && echo "prefix check: ok"
exit $status
