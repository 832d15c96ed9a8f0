#!/usr/bin/env bash
# ci/valgrind.sh [BUILD_DIR] - the unit tests under valgrind memcheck.
# CK_FORK=no keeps every test in one process, so valgrind sees them all;
# any error or definite/indirect leak fails the run.
set -euo pipefail
source "$(dirname "$0")/as-root.sh"
cd "$(dirname "$0")/.."
dir=$(cd "${1:-build}" && pwd)
status=0
for t in seq_test checksum_test options_test segment_test segment_icmp_test \
	fsm_test isnstat_test lex_test parse_test parse2_test eval_test \
	eval2_test loop_test reports_test matrix_test coverage_test \
	agent_proto_test family_test neigh_test; do
	[ -x "$dir/tests/$t" ] || continue
	if ! CK_FORK=no TC_SOURCE_DIR="$PWD" TC_BINARY="$dir/tcpconform" \
	    valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect \
	    "$dir/tests/$t" >/tmp/valgrind-$t.log 2>&1; then
		echo "valgrind: $t failed (see /tmp/valgrind-$t.log)"
		tail -20 /tmp/valgrind-$t.log
		status=1
	else
		echo "valgrind: $t clean"
	fi
done
exit $status
