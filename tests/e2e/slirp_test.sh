#!/usr/bin/env bash
# slirp_test.sh - the whole suite against --target slirp (libslirp on a TAP
# device, stacks/slirp/tcpconform-slirp), with
# testcases/known-deviations/slirp.txt.
#
# Requires: the stack starts (no testcase ERRORs setting its session up:
# a named stack that fails to start fails the run), no FAIL, XPASS or
# ERROR, and exit status 0 - except that an INCONC the deviations file
# lists (a feature libslirp lacks, so the testcase cannot
# reach its situation) is accepted: the engine never turns INCONC into
# XFAIL, by design.  Then the suite over IPv6, with the IPv4 verdicts.
# Namespaces only; nothing outside 198.18.0.0/15 and 2001:2::/48.
set -euo pipefail

STACK=slirp
LABEL="the slirp stack"
. "$(dirname "$0")/stack_suite.sh"

stack_suite_start
export TCPCONFORM_SLIRP=${TCPCONFORM_SLIRP:-$(dirname "$BIN")/stacks/slirp/tcpconform-slirp}
if [ ! -x "$TCPCONFORM_SLIRP" ]; then
	echo "FAIL: no slirp driver at $TCPCONFORM_SLIRP (libslirp-dev missing?)"
	exit 1
fi
stack_suite_smoke
stack_suite_run 4
stack_suite_check
stack_suite_ipv6 4
