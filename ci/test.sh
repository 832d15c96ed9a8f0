#!/usr/bin/env bash
# ci/test.sh - install, build, and run the project's own tests: Check unit
# tests and end-to-end tests of the tool against the real kernel, once in
# the normal build and once under AddressSanitizer + UBSan.
set -euo pipefail
source "$(dirname "$0")/as-root.sh"
cd "$(dirname "$0")/.."
bash ci/deps.sh

bash ci/build.sh build
(cd build && ctest --output-on-failure -j 2)

# Memcheck over the unit tests: every error or definite leak fails CI.
bash ci/valgrind.sh build

# The sanitizer pass runs every unit and end-to-end test; the long system
# tests (topologies, other stacks, fail-ability proofs) ran above already.
bash ci/build.sh build-asan -DTC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j 2 \
	-LE long)
