#!/usr/bin/env bash
# The test command of the README: configure with warnings as errors, build, run every
# test with CTest. TSYNC_BUILD_DIR and TSYNC_CMAKE_ARGS choose another configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${TSYNC_BUILD_DIR:-build-test}
# shellcheck disable=SC2086
cmake -S . -B "$dir" -DTSYNC_WERROR=ON ${TSYNC_CMAKE_ARGS:-} >/dev/null
cmake --build "$dir" -j"$(nproc)"
cd "$dir"
ctest --output-on-failure -j"$(nproc)" --timeout 900
