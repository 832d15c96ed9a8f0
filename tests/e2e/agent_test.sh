#!/usr/bin/env bash
# agent_test.sh - the agent target (--target agent:ADDR:PORT) end to end,
# against tcpconform-agent in a namespace reached only through a router:
#
#   CLIENT ns                 ROUTER ns (ip_forward=1)            SERVER ns
#   c0 198.18.1.2/24 <--> r0 198.18.1.1   r1 198.18.2.1 <--> s0 198.18.2.2/24
#   tcpconform runs here                            tcpconform-agent :7777
#
# Every namespace is created here (tcpc-g<pid>-*) and removed by the trap;
# nothing is addressed outside 198.18.0.0/15.  Checks: the agent refuses
# to start without a secret; the bundled suite runs with target actions
# (no SKIP for them) and its verdicts match a netns run but for the known
# differences below; a wrong secret is exit 3 "authentication failed";
# SIGKILL of the agent mid-run gives ERROR verdicts, not a hang.
set -euo pipefail

BIN=${TC_BINARY:-build/tcpconform}
AGENT=${TC_AGENT:-$(dirname "$BIN")/tcpconform-agent}
SRC=${TC_SOURCE_DIR:-.}
P=tcpc-g$$
C=$P-c R=$P-r S=$P-s
T=$(mktemp -d)
AGENT_PID=
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

cleanup() {
	[ -n "$AGENT_PID" ] && kill -9 "$AGENT_PID" 2>/dev/null || true
	for ns in "$C" "$R" "$S"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root"; exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: needs python3"; exit 77; }
[ -x "$AGENT" ] || { echo "FAIL: no agent binary at $AGENT"; exit 1; }

# ---- the topology -------------------------------------------------------
for ns in "$C" "$R" "$S"; do
	ip netns add "$ns"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip -n "$ns" link set lo up
done
ip -n "$C" link add c0 type veth peer name r0 netns "$R"
ip -n "$S" link add s0 type veth peer name r1 netns "$R"
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
for pair in "$C c0 198.18.1.2/24" "$R r0 198.18.1.1/24" \
    "$R r1 198.18.2.1/24" "$S s0 198.18.2.2/24"; do
	set -- $pair
	ip netns exec "$1" ethtool -K "$2" tx off tso off gso off gro off \
	    >/dev/null 2>&1 || true
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$1" link set "$2" up
done
ip -n "$C" route add default via 198.18.1.1
ip -n "$S" route add default via 198.18.2.1
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
start_agent() {
	ip netns exec "$S" "$AGENT" --listen 198.18.2.2:7777 \
	    --secret-file "$T/secret" 2>>"$T/agent.log" &
	AGENT_PID=$!
	for _ in $(seq 50); do
		ip netns exec "$S" ss -Hltn 'sport = :7777' | grep -q LISTEN &&
			return 0
		sleep 0.1
	done
	fail "the agent does not listen"
}
start_agent

run_agent() {
	ip netns exec "$C" "$BIN" run --no-color --deviations none \
	    --target agent:198.18.2.2:7777 --agent-secret "$T/secret" "$@"
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
python3 "$SRC/tests/e2e/agent_compare.py" "$T/netns.json" "$T/agent.json" \
    "$rc" >"$T/check.out" 2>&1 || fail "suite verdicts (see below)"
cat "$T/check.out"
grep -q '^BAD' "$T/check.out" ||
	ok "suite: actions run, verdicts as netns but the known differences"

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
