#!/usr/bin/env bash
# ci/build.sh [BUILD_DIR] [CMAKE_ARGS...] - configure and build tcpconform.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)"
