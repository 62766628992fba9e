#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the demo (the sample
# interview spoken, aligned with its Chinese and English texts, and played).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
exec build/tsync demo "$@"
