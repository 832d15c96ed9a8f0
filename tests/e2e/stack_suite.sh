# stack_suite.sh - sourced by lwip_test.sh, slirp_test.sh and gvisor_test.sh:
# the whole suite against a stack target (--target $STACK), checked against
# testcases/known-deviations/$STACK.txt.
#
# The sourcing script sets STACK (the target's name) and LABEL ("the lwIP
# stack": what did not start), then calls stack_suite_start, checks its
# own prerequisites, and runs stack_suite_smoke and stack_suite_run (and
# stack_suite_ipv6 for a stack with IPv6).  Namespaces only; nothing
# outside 198.18.0.0/15 and 2001:2::/48.

BIN=${TC_BINARY:-build/tcpconform}
SRC=${TC_SOURCE_DIR:-.}
DEV=$SRC/testcases/known-deviations/$STACK.txt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

# Root, or SKIP (77).
stack_suite_start() {
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP: needs root"; exit 77
	fi
}

# The stack answers at all: one passive open, or the run is pointless.
# With "pass", the testcase must also PASS.
stack_suite_smoke() {
	local ok=true

	"$BIN" run --target "$STACK" --no-color \
	    "$SRC/testcases/handshake/passive-open.tcs" >"$T/one.txt" 2>&1 ||
	    ok=false
	if $ok && [ "${1:-}" = pass ] &&
	    ! grep -q '^PASS  *handshake/passive-open' "$T/one.txt"; then
		ok=false
	fi
	if ! $ok; then
		cat "$T/one.txt"
		echo "FAIL: $LABEL did not start or did not answer"
		exit 1
	fi
}

# The whole suite with -j $1, its JSON report in $T/$STACK$2.json, more
# options after $2; sets rc (0 or 1: any other exit status fails).
stack_suite_run() {
	local jobs=$1 name=$STACK${2:-}
	shift 2 || shift $#
	rc=0
	"$BIN" run --target "$STACK" -j "$jobs" --no-color "$@" \
	    --report json:"$T/$name.json" \
	    "$SRC/testcases" >"$T/$name.txt" 2>&1 || rc=$?
	tail -n 3 "$T/$name.txt"
	if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
		cat "$T/$name.txt"
		echo "FAIL: tcpconform $* exited $rc"
		exit 1
	fi
}

# No FAIL, XPASS or ERROR, except an INCONC the deviations file lists as
# one ("INCONC:"; the engine never turns INCONC into XFAIL, by design);
# and the exit status 1 exactly when such an INCONC was accepted.
# $1: the report (default the IPv4 run's).
stack_suite_check() {
	python3 - "${1:-$T/$STACK.json}" "$DEV" "$rc" "$LABEL" <<'PY'
import json, sys

report, devfile, rc, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    sys.argv[4]
listed = {}
for line in open(devfile):
	line = line.strip()
	if line and not line.startswith("#"):
		tid, _, why = line.partition(" ")
		listed[tid] = why
bad, accepted = [], 0
for t in json.load(open(report))["testcases"]:
	v, tid = t["verdict"], t["id"]
	if v in ("PASS", "XFAIL", "SKIP"):
		continue
	if v == "INCONC" and listed.get(tid, "").startswith("INCONC:"):
		accepted += 1
		continue
	bad.append(f"{v} {tid}: {t.get('reason', '')}")
if rc != (1 if accepted else 0):
	bad.append(f"exit status {rc} with {accepted} accepted INCONC")
setup = [b for b in bad if "setting up" in b or "did not start" in b]
for b in bad:
	print("FAIL:", b)
if setup:
	print(f"FAIL: {label} did not start for some testcases")
if bad:
	sys.exit(1)
print(f"ok: every verdict is PASS, XFAIL, SKIP or a listed INCONC (exit {rc})")
PY
}

# The suite again over IPv6 (--ipv6, -j $1), judged by $STACK_CHECK
# (default stack_suite_check): the verdicts of the IPv4 run in
# $T/$STACK.json, but for the testcases of one family only and a FAIL,
# INCONC or ERROR the deviations file does not list (the checker judges
# those, on a busy machine perhaps as flaky); and, in one testcase's pcap, not one ICMPv6
# frame: no address resolution, router solicitation or MLD report crosses
# the link.
stack_suite_ipv6() {
	stack_suite_run "$1" -6 --ipv6 --pcap-dir "$T/pcap" --pcap-all
	python3 - "$T/$STACK.json" "$T/$STACK-6.json" "$DEV" <<'PY'
import json, sys

v4, v6 = ({t["id"]: t for t in json.load(open(p))["testcases"]}
          for p in sys.argv[1:3])
doc6 = json.load(open(sys.argv[2]))
listed = {l.split()[0] for l in open(sys.argv[3])
          if l.strip() and not l.startswith("#")}
def settled(i):
    ok = ("PASS", "XFAIL", "SKIP")
    return i in listed or (v4[i]["verdict"] in ok and v6[i]["verdict"] in ok)
bad = [f"{i}: IPv4 {v4[i]['verdict']}, IPv6 {t['verdict']}: {t['reason']}"
       for i, t in sorted(v6.items())
       if t["verdict"] != v4[i]["verdict"] and settled(i) and
       not v4[i]["reason"].startswith("not on IPv") and
       not t["reason"].startswith("not on IPv")]
ran = sum(t["verdict"] not in ("SKIP",) for t in v6.values())
if "IPv6" not in doc6["run"]["target"] or ran < len(v6) // 2:
    bad.append(f"implausible: target {doc6['run']['target']!r}, {ran} ran")
for b in bad:
    print("FAIL:", b)
if bad:
    sys.exit(1)
print(f"ok: IPv6, {ran} testcases ran, verdicts as over IPv4")
PY
	"${STACK_CHECK:-stack_suite_check}" "$T/$STACK-6.json"
	local pcap=$T/pcap/handshake.passive-open.pcap
	if [ ! -s "$pcap" ]; then
		echo "FAIL: no pcap of handshake/passive-open over IPv6"
		exit 1
	fi
	if [ "$(tcpdump -nr "$pcap" icmp6 2>/dev/null | wc -l)" != 0 ] ||
	    [ "$(tcpdump -nr "$pcap" ip6 and tcp 2>/dev/null | wc -l)" = 0 ]; then
		tcpdump -nr "$pcap" 2>/dev/null
		echo "FAIL: ICMPv6 (or no IPv6 TCP) on the link"
		exit 1
	fi
	echo "ok: over IPv6 only TCP crossed the link"
}
