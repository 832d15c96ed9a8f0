#!/usr/bin/env bash
# agent_test.sh - the agent target (--target agent:ADDR:PORT) end to end,
# against tcpconform-agent in a namespace reached only through a router
# (lib/routed.sh: client, router, server namespaces, IPv4 and IPv6); the
# agent listens on 198.18.2.2:7777 and [2001:2:0:2::2]:7777.
#
# Every namespace is created here (tcpc-g<pid>-*) and removed by the trap.
# Checks: the agent refuses to start without a secret; the bundled suite
# runs with target actions (no SKIP for them) and its verdicts match a
# netns run but for what a lone rerun does not repeat (agent_compare.py);
# over IPv6 too; a wrong secret is exit 3
# "authentication failed"; SIGKILL of the agent mid-run gives ERROR
# verdicts, not a hang.
set -euo pipefail

BIN=${TC_BINARY:-build/tcpconform}
AGENT=${TC_AGENT:-$(dirname "$BIN")/tcpconform-agent}
SRC=${TC_SOURCE_DIR:-.}
P=tcpc-g$$
C=$P-c R=$P-r S=$P-s
T=$(mktemp -d)
source "$SRC/tests/e2e/lib/routed.sh"
AGENT_PID= AGENT6_PID=
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

cleanup() {
	for pid in $AGENT_PID $AGENT6_PID; do kill -9 "$pid" 2>/dev/null; done
	routed_down "$C" "$R" "$S"
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root"; exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: needs python3"; exit 77; }
[ -x "$AGENT" ] || { echo "FAIL: no agent binary at $AGENT"; exit 1; }

# ---- the topology -------------------------------------------------------
routed_up "$C" "$R" "$S"
# A shared host remembers each peer's RTT (tcp_metrics) from one testcase
# to the next; a fresh netns does not.  The RTO testcases need it off.
ip netns exec "$S" sysctl -qw net.ipv4.tcp_no_metrics_save=1

# ---- 1. no secret, no service -------------------------------------------
set +e
ip netns exec "$S" "$AGENT" --listen 198.18.2.2:7777 >"$T/nosecret.out" 2>&1
rc1=$?
ip netns exec "$S" "$AGENT" --listen 198.18.2.2:7777 \
    --secret-file "$T/missing" >"$T/missing.out" 2>&1
rc2=$?
printf 'too-short' >"$T/short"
ip netns exec "$S" "$AGENT" --listen 198.18.2.2:7777 \
    --secret-file "$T/short" >"$T/short.out" 2>&1
rc3=$?
set -e
[ $rc1 = 2 ] && grep -q "no secret, no service" "$T/nosecret.out" &&
	ok "no --secret-file: refuses to start" ||
	fail "no --secret-file: exit $rc1: $(cat "$T/nosecret.out")"
[ $rc2 = 2 ] && grep -q "refusing to start" "$T/missing.out" &&
	ok "missing secret file: refuses to start" || fail "missing: exit $rc2"
[ $rc3 = 2 ] && grep -q "at least 16" "$T/short.out" &&
	ok "short secret: refuses to start" || fail "short secret: exit $rc3"

# ---- 2. the agent -------------------------------------------------------
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
chmod 600 "$T/secret"
# start_agent ADDR: an agent on ADDR:7777 (ADDR as ss writes it: [v6]),
# its pid in $started.
start_agent() {
	ip netns exec "$S" "$AGENT" --listen "$1:7777" \
	    --secret-file "$T/secret" 2>>"$T/agent.log" &
	started=$!
	for _ in $(seq 50); do
		ip netns exec "$S" ss -Hltn "src $1 and sport = :7777" |
		    grep -q LISTEN && return 0
		sleep 0.1
	done
	fail "the agent does not listen on $1"
}
start_agent 198.18.2.2
AGENT_PID=$started

SPEC=agent:198.18.2.2:7777
run_agent() {
	ip netns exec "$C" "$BIN" run --no-color --deviations none \
	    --target "$SPEC" --agent-secret "$T/secret" "$@"
}

# compare BASE.json NEW.json RC OUT [RUN_ARGS...]: agent_compare.py, with
# each testcase it names for a lone rerun run again twice (RUN_ARGS added).
compare() {
	local base=$1 new=$2 rc=$3 out=$4 id n=0
	shift 4
	local args=("$base" "$new" "$rc")
	python3 "$SRC/tests/e2e/agent_compare.py" "${args[@]}" >"$out" 2>&1 ||
		true
	for id in $(sed -n 's/^RERUN: //p' "$out"); do
		for _ in 1 2; do
			n=$((n + 1))
			run_agent "$@" -j 1 --filter "$id" \
			    --report json:"$new.rerun$n" "$SRC/testcases" \
			    >/dev/null 2>&1 || true
			args+=("$new.rerun$n")
		done
	done
	python3 "$SRC/tests/e2e/agent_compare.py" "${args[@]}" >"$out" 2>&1
}

# ---- 3. the suite: netns, then the agent ----------------------------------
set +e
"$BIN" run --no-color --deviations none -j 4 --report json:"$T/netns.json" \
    "$SRC/testcases" >"$T/netns.out" 2>&1
run_agent -j 4 --report json:"$T/agent.json" "$SRC/testcases" \
    >"$T/suite.out" 2>&1
rc=$?
set -e
tail -n 5 "$T/suite.out"
if compare "$T/netns.json" "$T/agent.json" "$rc" "$T/check.out"; then
	ok "suite: actions run, verdicts as netns (but shared-host interference)"
else
	fail "suite verdicts (see below)"
fi
cat "$T/check.out"

# ---- 3b. the suite over IPv6: the netns verdicts too --------------------------
# (netns gives the same over both families: ipv6_suite.sh; the agent's own
# IPv4 run would carry its shared-host interference into this comparison)
start_agent '[2001:2:0:2::2]'
AGENT6_PID=$started
SPEC='agent:[2001:2:0:2::2]:7777'
set +e
run_agent --ipv6 -j 4 --report json:"$T/agent6.json" "$SRC/testcases" \
    >"$T/suite6.out" 2>&1
rc=$?
set -e
tail -n 2 "$T/suite6.out"
if compare "$T/netns.json" "$T/agent6.json" "$rc" "$T/check6.out" --ipv6
then
	ok "IPv6: actions run, verdicts as netns over IPv4 (the same over IPv6)"
else
	fail "IPv6 suite verdicts (see below)"
fi
grep -E '^(agent summary|DIFF|BAD)' "$T/check6.out" || cat "$T/check6.out"
kill -9 "$AGENT6_PID"
wait "$AGENT6_PID" 2>/dev/null || true
AGENT6_PID=
SPEC=agent:198.18.2.2:7777

# ---- 4. a wrong secret ----------------------------------------------------
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/wrong"
set +e
ip netns exec "$C" "$BIN" run --no-color --target agent:198.18.2.2:7777 \
    --agent-secret "$T/wrong" --filter handshake/passive-open \
    "$SRC/testcases" >"$T/wrong.out" 2>&1
rc=$?
set -e
[ $rc = 3 ] && grep -q "authentication failed" "$T/wrong.out" &&
	ok "a wrong secret: exit 3, authentication failed" ||
	fail "wrong secret: exit $rc: $(cat "$T/wrong.out")"

# ---- 5. SIGKILL of the agent mid-run ----------------------------------------
set +e
timeout 240 ip netns exec "$C" "$BIN" run --no-color --deviations none \
    --target agent:198.18.2.2:7777 --agent-secret "$T/secret" -j 2 \
    --report json:"$T/killed.json" "$SRC/testcases" >"$T/killed.out" 2>&1 &
victim=$!
sleep 3
kill -9 "$AGENT_PID"
AGENT_PID=
wait "$victim"
rc=$?
set -e
if [ $rc = 124 ]; then
	fail "the run hung after the agent was killed"
else
	python3 - "$T/killed.json" <<'PY' && ok "agent killed: exit $rc, ERRORs, no hang" ||
import json, sys
doc = json.load(open(sys.argv[1]))
err = [t for t in doc["testcases"] if t["verdict"] == "ERROR" and
       "agent" in t["reason"]]
print(f"{len(err)} ERROR verdicts naming the agent, e.g. "
      f"{err[0]['reason'] if err else None!r}")
sys.exit(0 if err else 1)
PY
	fail "no ERROR naming the agent after the kill (exit $rc)"
fi
[ -z "$(ip netns pids "$S")" ] && ok "the agent's children died with it" ||
	fail "processes left in the server namespace: $(ip netns pids "$S")"

if [ $fails -gt 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all agent target checks passed"
