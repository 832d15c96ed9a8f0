#!/bin/sh
# bench/run.sh - builds the benchmarks against a CMake build, runs them all
# and writes bench/results/YYYY-MM-DD.md.  Needs root (namespaces), valgrind
# (instruction counts) and, optionally, hyperfine.
#
#   bench/run.sh [BUILD_DIR]      default: build/ (configured and built if
#                                 it does not exist yet)
#
# Environment: SUITE_RUNS (default 5), SESSIONS (default 200), BENCH_REV
# (what to call the source when it is not a git checkout, e.g. a
# `git archive` snapshot).
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(realpath -m "${1:-$SRC/build}")
SUITE_RUNS=${SUITE_RUNS:-5}
SESSIONS=${SESSIONS:-200}
OUT="$SRC/bench/results/$(date +%F).md"
B="$BUILD/bench"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$BUILD/tcpconform" ]; then
	cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
make -s -C "$SRC/bench" BUILD="$BUILD"
command -v valgrind >/dev/null || { echo "run.sh: needs valgrind" >&2; exit 3; }

# Instructions inside measured_loop() (and its callees) under callgrind.
ir() {
	valgrind --tool=callgrind --toggle-collect=measured_loop \
	    --callgrind-out-file="$TMP/cg" "$@" >/dev/null 2>&1
	awk '/^totals:/ {print $2}' "$TMP/cg"
}

SCRIPTS=$(find "$SRC/testcases" -name '*.tcs' | sort)
NSCRIPTS=$(echo "$SCRIPTS" | wc -l)
mkdir -p "$SRC/bench/results"
exec 3>"$OUT.tmp"
{
echo "# Benchmarks $(date +%F)"
echo
REV=${BENCH_REV:-$(git -C "$SRC" describe --always --dirty 2>/dev/null ||
    echo '?')}
echo "Source: $REV," \
    "build $(grep -E '^CMAKE_BUILD_TYPE' "$BUILD/CMakeCache.txt" | cut -d= -f2)" \
    "($(cc --version | head -1)); bench/ at -O2 -g."
echo
echo "Machine: $(nproc) CPUs (nproc), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
    "kernel $(uname -r), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM;" \
    "a shared machine, so wall times are noisy and instruction counts are the" \
    "repeatable numbers."
echo
} >&3

echo "decode_bench..." >&2
{
echo "## Segment decode and format (bench/decode_bench.c)"
echo
echo "Ethernet/IPv4/TCP frames with valid checksums: syn (74 bytes, mss," \
    "sackOK, TS, nop, wscale), data (1514 bytes: 1448 of payload, nop nop TS)," \
    "ack (66 bytes, nop nop TS), rst (54 bytes). \`all\` cycles through the four."
echo
echo "Wall time: ns per segment, best of 5 runs of 500,000 passes" \
    "(clock_gettime(CLOCK_MONOTONIC) around the loop)."
echo
echo '```'
"$B/decode_bench" 2>/dev/null
echo '```'
echo
echo "Instructions per segment: callgrind Ir inside the loop" \
    "(--toggle-collect=measured_loop), 2,000 passes, divided by the segments."
echo
echo "| Ir/segment | all | syn | data | ack | rst |"
echo "|---|---|---|---|---|---|"
for m in decode format both; do
	row="| $m"
	for k in all syn data ack rst; do
		n=$(ir "$B/decode_bench" -c "$k" "$m" 2000)
		per=2000
		[ "$k" = all ] && per=8000
		row="$row | $(awk -v n="$n" -v p="$per" 'BEGIN {printf "%.0f", n/p}')"
	done
	echo "$row |"
done
echo
} >&3

echo "parse_bench..." >&2
# shellcheck disable=SC2086
{
echo "## Script parsing (bench/parse_bench.c)"
echo
echo "tc_parse_string + tc_script_free over the $NSCRIPTS testcases/**/*.tcs," \
    "read into memory once. Wall: best of 5 runs of 2,000 passes."
echo
echo '```'
"$B/parse_bench" -n 2000 $SCRIPTS
echo '```'
echo
n=$(ir "$B/parse_bench" -c -n 200 $SCRIPTS)
echo "Instructions per script: $(awk -v n="$n" -v s="$NSCRIPTS" \
    'BEGIN {printf "%.0f", n/(200*s)}') Ir (callgrind, 200 passes," \
    "--toggle-collect=measured_loop)."
echo
} >&3

echo "session_bench..." >&2
{
echo "## netns session open+close (bench/session_bench.c)"
echo
echo "$SESSIONS times in a row: tc_target_netns_new once, then" \
    "session_open/session_close with no sysctls. Per-phase" \
    "clock_gettime(CLOCK_MONOTONIC); median and p90 by nearest rank; peak RSS" \
    "from getrusage(RUSAGE_SELF).ru_maxrss."
echo
echo '```'
"$B/session_bench" "$SESSIONS"
echo '```'
echo
echo "The same with what the runner opens on each session (runner.c" \
    "open_link/job_finish): the libpcap capture and the libnet injector in the" \
    "tester namespace (\`session_bench -l\`)."
echo
echo '```'
"$B/session_bench" -l "$SESSIONS"
echo '```'
echo
} >&3

echo "suite.sh..." >&2
{
echo "## Suite wall time and peak RSS (bench/suite.sh)"
echo
"$SRC/bench/suite.sh" "$BUILD" "$SUITE_RUNS"
echo
} >&3
exec 3>&-
mv "$OUT.tmp" "$OUT"
echo "wrote $OUT" >&2
