#!/usr/bin/env bash
# host_target_test.sh - the host target (--target host:ADDR:PORT:CLOSED)
# end to end, against a black box reached only through a routed hop
# (lib/routed.sh: client, router, server namespaces, IPv4 and IPv6); the
# server listens on 8080 in both families, tcpconform runs in the client.
#
# Every namespace is created here (tcpc-h<pid>-*) and removed by the trap.
# Checks: the suite's verdicts over IPv4 and over IPv6 (the next hop
# found by ARP, then by neighbour discovery): testcases needing target
# actions SKIP with the reason, listening ones PASS, `state` says
# "inferred", the exit status; an IPv6 host without --ipv6 is a usage
# error; the nftables guard gone after a run and, after a SIGKILLed run,
# swept by the next one; and the root namespace unchanged.
set -euo pipefail

BIN=${TC_BINARY:-build/tcpconform}
SRC=${TC_SOURCE_DIR:-.}
P=tcpc-h$$
C=$P-c R=$P-r S=$P-s
T=$(mktemp -d)
source "$SRC/tests/e2e/lib/routed.sh"
SERVER_PID=
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
	routed_down "$C" "$R" "$S"
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
routed_up "$C" "$R" "$S"

# The black box: a listener on 8080 that accepts and holds each
# connection, reading nothing (as `target listen` + `accept` would).
ip netns exec "$S" python3 -c '
import select, socket
ls = []
for fam, addr in ((socket.AF_INET, "198.18.2.2"),
                  (socket.AF_INET6, "2001:2:0:2::2")):
    s = socket.socket(fam)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 8080))
    s.listen(4096)
    ls.append(s)
held = []
while True:
    for s in select.select(ls, [], [])[0]:
        held.append(s.accept()[0])
' &
SERVER_PID=$!
for _ in $(seq 50); do
	[ "$(ip netns exec "$S" ss -Hltn 'sport = :8080' | grep -c LISTEN)" = 2 ] &&
		break
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
cat >"$T/check.py" <<'EOF'
import json, os, re, sys

report, suite, rc, desc = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
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
    if v == "SKIP" and why.startswith("not on IPv"):
        continue        # the other family's testcase (ICMPv4, IP options)
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
if not doc["run"]["target"].startswith(desc):
    bad.append(f"target described as {doc['run']['target']!r}")
for b in bad:
    print("BAD:", b)
sys.exit(1 if bad else 0)
EOF
python3 "$T/check.py" "$T/suite.json" "$SRC/testcases" "$rc" \
    "host 198.18.2.2 (black box, port 8080, closed port 8081" \
    >"$T/check.out" || fail "suite verdicts (see below)"
cat "$T/check.out"
grep -q '^BAD' "$T/check.out" || ok "suite: SKIPs, PASSes, inferred states, exit status $rc"
# The console names the skip reason too.
grep -q "cannot perform target-side socket actions" "$T/suite.out" &&
	ok "console gives the SKIP reason" || fail "no SKIP reason in the console"

[ "$(guard_tables)" = 0 ] && ok "no guard table after the run" ||
	fail "a guard table is left after the run"

# ---- 1b. the bundled suite over IPv6 ---------------------------------------
# No neighbour entry: the first session must solicit 2001:2:0:1::1 itself
# (neigh_nd.c), or no testcase could PASS.
ip -n "$C" -6 neigh flush all
[ -z "$(ip -n "$C" -6 neigh show 2001:2:0:1::1 | grep lladdr)" ] ||
	fail "the client already knows the router's MAC: ND is untested"
set +e
ip netns exec "$C" "$BIN" run --no-color --deviations none --ipv6 \
    --target 'host:[2001:2:0:2::2]:8080:8081' -j 4 \
    --report json:"$T/suite6.json" "$SRC/testcases" >"$T/suite6.out" 2>&1
rc=$?
set -e
tail -n 3 "$T/suite6.out"
python3 "$T/check.py" "$T/suite6.json" "$SRC/testcases" "$rc" \
    "host 2001:2:0:2::2 (black box, port 8080, closed port 8081" \
    >"$T/check6.out" || fail "IPv6 suite verdicts (see below)"
grep -E '^(summary|ran|BAD)' "$T/check6.out" || true
python3 - "$T/suite.json" "$T/suite6.json" <<'PY' && ok "IPv6: the same verdicts as IPv4 but for the family's own testcases" ||
import json, sys
v4, v6 = ({t["id"]: t for t in json.load(open(p))["testcases"]}
          for p in sys.argv[1:3])
bad = [f"{i}: IPv4 {v4[i]['verdict']}, IPv6 {t['verdict']}: {t['reason']}"
       for i, t in sorted(v6.items())
       if t["verdict"] != v4[i]["verdict"] and
       not v4[i]["reason"].startswith("not on IPv") and
       not t["reason"].startswith("not on IPv")]
ran = sum(t["verdict"] == "PASS" for t in v6.values())
print(f"IPv6 PASS: {ran}")
for b in bad:
    print("BAD:", b)
sys.exit(1 if bad or ran < 50 else 0)
PY
	fail "IPv6 verdicts differ from IPv4"
set +e
ip netns exec "$C" "$BIN" run --target 'host:[2001:2:0:2::2]:8080' \
    "$SRC/testcases/rst" >"$T/fam.out" 2>&1
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "add --ipv6" "$T/fam.out" &&
	ok "an IPv6 host without --ipv6 is a usage error" ||
	fail "IPv6 host without --ipv6: exit $rc: $(cat "$T/fam.out")"

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
