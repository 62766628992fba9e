#!/bin/sh
# Installs the Debian 12 packages tsync builds, runs and tests with, when they are missing.
# Usage: scripts/bootstrap.sh [--runtime-only | --bench]
# --bench adds the voices only the held-out recordings speak with (tests/bench/heldout.sh):
# Russian (240 MB), Catalan, Hindi (festvox-hi-nsk's diphones need festival-hi's lexicon
# and phone set) and two more Czech voices, and Open JTalk for Japanese
# (its voices come from the npm registry: tests/gen/tsync_gen.py); and the people's
# recordings of tests/bench/real.sh: Fish Fillets NG's Czech and Dutch dialogues (140 MB)
# and festvox-ru's own.
set -eu

BUILD="build-essential cmake pkg-config
libsdl2-dev libsndfile1-dev libass-dev libespeak-ng-dev libfftw3-dev libsamplerate0-dev
libjansson-dev libsonic-dev libopencc-dev libpng-dev fonts-noto-cjk espeak-ng-data
libavformat-dev libavcodec-dev libswresample-dev libavutil-dev libmecab-dev mecab-ipadic-utf8"
TEST="libcmocka-dev clang libclang-rt-14-dev festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts
festvox-italp16k festvox-itapc16k festlex-ifd festival-czech festvox-czech-dita festvox-czech-machac
festvox-suopuhe-lj festvox-suopuhe-mv gcin-voice unicode-data
flite sox libsox-fmt-all espeak-ng espeak ffmpeg python3 python3-srt python3-webvtt xvfb xdotool
x11-apps imagemagick time alsa-utils"

BENCH="festvox-ru festvox-ca-ona-hts festival-hi festvox-hi-nsk festvox-czech-krb festvox-czech-ph
open-jtalk open-jtalk-mecab-naist-jdic fillets-ng-data fillets-ng-data-cs fillets-ng-data-nl"

want="$BUILD"
case "${1:-}" in
--runtime-only) ;;
--bench) want="$want $TEST $BENCH" ;;
*) want="$want $TEST" ;;
esac

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "bootstrap: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
