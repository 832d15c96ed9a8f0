#!/usr/bin/env bash
# host_target_test.sh - the host target (--target host:ADDR:PORT:CLOSED)
# end to end, against a black box reached only through a routed hop:
#
#   CLIENT ns                 ROUTER ns (ip_forward=1)            SERVER ns
#   c0 198.18.1.2/24 <--> r0 198.18.1.1   r1 198.18.2.1 <--> s0 198.18.2.2/24
#   default via .1.1                                          default via .2.1
#   tcpconform runs here                                      listener on 8080
#
# Every namespace is created here (tcpc-h<pid>-*) and removed by the trap;
# nothing is addressed outside 198.18.0.0/15.  Checks: the suite's verdicts
# (testcases needing target actions SKIP with the reason, listening ones
# PASS, `state` says "inferred"), the exit status, the nftables guard gone
# after a run and, after a SIGKILLed run, swept by the next one; and the
# root namespace unchanged.
set -euo pipefail

BIN=${TC_BINARY:-build/tcpconform}
SRC=${TC_SOURCE_DIR:-.}
P=tcpc-h$$
C=$P-c R=$P-r S=$P-s
T=$(mktemp -d)
SERVER_PID=
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
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
[ -x "$BIN" ] || { echo "FAIL: no tcpconform binary at $BIN"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP: needs python3"; exit 77; }

root_snapshot() {
	{ ip -o link show; ip -o addr show; ip route show table all
	  ip -6 route show table all; nft list ruleset 2>/dev/null
	} | sed -E 's/ +/ /g' | grep -v 'tcpc-h' || true
}
root_snapshot >"$T/root.before"

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
	# Offloads off: checksums on the wire are real, segments unmerged.
	ip netns exec "$1" ethtool -K "$2" tx off tso off gso off gro off \
	    >/dev/null 2>&1 || true
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$1" link set "$2" up
done
ip -n "$C" route add default via 198.18.1.1
ip -n "$S" route add default via 198.18.2.1

# The black box: a listener on 8080 that accepts and holds each
# connection, reading nothing (as `target listen` + `accept` would).
ip netns exec "$S" python3 -c '
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("198.18.2.2", 8080))
s.listen(4096)
held = []
while True:
    held.append(s.accept()[0])
' &
SERVER_PID=$!
for _ in $(seq 50); do
	ip netns exec "$S" ss -Hltn 'sport = :8080' | grep -q LISTEN && break
	sleep 0.1
done
# No neighbour entry yet: the first session must ARP for 198.18.1.1.
ip -n "$C" neigh flush all
[ -z "$(ip -n "$C" neigh show 198.18.1.1)" ] ||
	fail "the client already knows the router's MAC: ARP is untested"

guard_tables() {
	ip netns exec "$C" nft list tables inet 2>/dev/null |
	    grep -c 'tcpconform_' || true
}

SPEC=host:198.18.2.2:8080:8081
run() {
	ip netns exec "$C" "$BIN" run --no-color --deviations none \
	    --target "$SPEC" "$@"
}

# ---- 1. the bundled suite -----------------------------------------------
set +e
run -j 4 --report json:"$T/suite.json" "$SRC/testcases" >"$T/suite.out" 2>&1
rc=$?
set -e
tail -n 15 "$T/suite.out"
python3 - "$T/suite.json" "$SRC/testcases" "$rc" >"$T/check.out" <<'EOF' ||
import json, os, re, sys

report, suite, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
doc = json.load(open(report))
res = {t["id"]: t for t in doc["testcases"]}
bad = []

def text(path, seen=()):
    """A script with its includes expanded, comments removed."""
    out = []
    for line in open(path):
        line = line.split("#", 1)[0]
        m = re.match(r'\s*include\s+"([^"]+)"', line)
        if m:
            inc = os.path.normpath(os.path.join(os.path.dirname(path),
                                                m.group(1)))
            if inc not in seen:
                out.append(text(inc, seen + (inc,)))
        else:
            out.append(line)
    return "\n".join(out)

# What a black box cannot do: target actions beyond listen/accept, a
# listener with our socket options, and sysctls (ISN sampling needs only
# the listener).
ACT = re.compile(r'^\s*(target\s+(connect|write|read|shutdown|close|abort|'
                 r'set)\b|sysctl\b|requires\b.*\b(act|sysctl)\b|'
                 r'target\s+listen\b.*\b(?!backlog)\w+=)', re.M)
LISTEN = re.compile(r'^\s*target\s+(listen|accept)\b', re.M)
STATE = re.compile(r'^\s*state\b', re.M)
run_listen = []
for tid, t in sorted(res.items()):
    body = text(t["path"])
    v, why = t["verdict"], t["reason"]
    if ACT.search(body):
        if v != "SKIP" or "target 'host' cannot" not in why:
            bad.append(f"{tid}: needs target actions, got {v} ({why})")
        continue
    if v == "SKIP":
        bad.append(f"{tid}: SKIPPED but needs only a listener: {why}")
    if LISTEN.search(body):
        run_listen.append(tid)
    notes = [e["text"] for e in t["log"] if e["dir"] == "note"]
    if v == "PASS" and STATE.search(body) and not any(
            "inferred from the reference model" in n for n in notes):
        bad.append(f"{tid}: PASS with state steps, none said inferred")
    if any("the target's own" in n for n in notes):
        bad.append(f"{tid}: a state claims to be read from the target")

must_pass = ["handshake/passive-open", "rst/closed-port-syn"]
must_pass += [i for i in res if i.startswith("state-listen/")]
for tid in must_pass:
    if tid in res and res[tid]["verdict"] != "PASS" and not ACT.search(
            text(res[tid]["path"])):
        bad.append(f"{tid}: expected PASS, got {res[tid]['verdict']}: "
                   f"{res[tid]['reason']}")
for tid in ("handshake/passive-open", "rst/closed-port-syn"):
    if tid not in res:
        bad.append(f"{tid}: not in the suite")
synrcvd = [i for i in run_listen if i.startswith("state-syn-received/")
           and res[i]["verdict"] == "PASS"]
if len(synrcvd) < 2:
    bad.append(f"only {len(synrcvd)} state-syn-received testcases PASS")
n_bad = sum(doc["summary"][k] for k in ("FAIL", "XPASS", "INCONC", "ERROR"))
want = 1 if n_bad else 0
if rc != want:
    bad.append(f"exit status {rc}, expected {want} ({n_bad} bad verdicts)")
s = doc["summary"]
print(f"summary: {s}")
print(f"ran with a listener: {len(run_listen)}; state-syn-received PASS: "
      f"{len(synrcvd)}")
for tid in sorted(res):
    print(f"  {res[tid]['verdict']:7} {tid}")
if not doc["run"]["target"].startswith("host 198.18.2.2 (black box, port "
                                       "8080, closed port 8081"):
    bad.append(f"target described as {doc['run']['target']!r}")
for b in bad:
    print("BAD:", b)
sys.exit(1 if bad else 0)
EOF
	fail "suite verdicts (see below)"
cat "$T/check.out"
grep -q '^BAD' "$T/check.out" || ok "suite: SKIPs, PASSes, inferred states, exit status $rc"
# The console names the skip reason too.
grep -q "cannot perform target-side socket actions" "$T/suite.out" &&
	ok "console gives the SKIP reason" || fail "no SKIP reason in the console"

[ "$(guard_tables)" = 0 ] && ok "no guard table after the run" ||
	fail "a guard table is left after the run"

# ---- 2. SIGKILL leaves the guard; the next run sweeps it ----------------
# The whole suite, one at a time: it is still running when killed.
ip netns exec "$C" "$BIN" run --no-color --deviations none \
    --target "$SPEC" -j 1 "$SRC/testcases" >/dev/null 2>&1 &
victim=$!
for _ in $(seq 100); do
	[ "$(guard_tables)" != 0 ] && break
	sleep 0.05
done
[ "$(guard_tables)" != 0 ] && ok "the guard table exists during a run" ||
	fail "no guard table seen during a run"
# The host's SYN-ACKs to the tester's ports meet the guard, which drops
# them (without it the client's kernel would answer each with a RST).
dropped=no
for _ in $(seq 100); do
	ip netns exec "$C" nft list ruleset |
	    grep -Eq 'counter packets [1-9]' && { dropped=yes; break; }
	sleep 0.05
done
[ $dropped = yes ] && ok "the guard drops the target's segments" ||
	fail "the guard's counter stayed at 0"
kill -KILL "$victim" 2>/dev/null || true
wait "$victim" 2>/dev/null || true
[ "$(guard_tables)" != 0 ] && ok "SIGKILL left the guard table behind" ||
	fail "SIGKILL left no table: the sweep is untested"
set +e
run --filter 'rst/closed-port-syn' "$SRC/testcases" >"$T/after.out" 2>&1
rc=$?
set -e
[ "$rc" = 0 ] && ok "rst/closed-port-syn runs after the kill" ||
	{ fail "run after the kill: exit $rc"; cat "$T/after.out"; }
[ "$(guard_tables)" = 0 ] && ok "the next run swept the stale table" ||
	fail "the stale table is still there"

# ---- 3. a bad spec and an unreachable host ------------------------------
set +e
ip netns exec "$C" "$BIN" run --target host:not-an-address \
    "$SRC/testcases/rst" >"$T/bad.out" 2>&1
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "names are not resolved" "$T/bad.out" &&
	ok "a bad spec is a usage error" || fail "bad spec: exit $rc"

set +e
ip netns exec "$C" "$BIN" run --no-color --target host:198.18.1.2:8080:8081 \
    --filter 'rst/closed-port-syn' "$SRC/testcases" >"$T/local.out" 2>&1
rc=$?
set -e
[ "$rc" = 1 ] && grep -q "an address of this host" "$T/local.out" &&
	ok "the tester's own address is refused" ||
	{ fail "own address: exit $rc"; cat "$T/local.out"; }

# ---- 4. the root namespace ---------------------------------------------
root_snapshot >"$T/root.after"
diff -u "$T/root.before" "$T/root.after" && ok "root namespace unchanged" ||
	fail "the root namespace changed"

if [ $fails -gt 0 ]; then
	cat "$T/check.out"
	echo "$fails check(s) failed"
	exit 1
fi
echo "all host target checks passed"
