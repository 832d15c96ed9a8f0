# stack_suite.sh - sourced by lwip_test.sh, slirp_test.sh and gvisor_test.sh:
# the whole suite against a stack target (--target $STACK), checked against
# testcases/known-deviations/$STACK.txt.
#
# The sourcing script sets STACK (the target's name) and LABEL ("the lwIP
# stack": what did not start), then calls stack_suite_start, checks its
# own prerequisites, and runs stack_suite_smoke and stack_suite_run.
# Namespaces only; nothing outside 198.18.0.0/15.

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

# The whole suite with -j $1, its JSON report in $T/$STACK.json; sets rc
# (0 or 1: any other exit status fails).
stack_suite_run() {
	rc=0
	"$BIN" run --target "$STACK" -j "$1" --no-color \
	    --report json:"$T/$STACK.json" \
	    "$SRC/testcases" >"$T/run.txt" 2>&1 || rc=$?
	tail -n 4 "$T/run.txt"
	if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
		cat "$T/run.txt"
		echo "FAIL: tcpconform exited $rc"
		exit 1
	fi
}

# No FAIL, XPASS or ERROR, except an INCONC the deviations file lists (the
# engine never turns INCONC into XFAIL, by design).
stack_suite_check() {
	python3 - "$T/$STACK.json" "$DEV" "$rc" "$LABEL" <<'PY'
import json, sys

report, devfile, rc, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    sys.argv[4]
listed = set()
for line in open(devfile):
	line = line.strip()
	if line and not line.startswith("#"):
		listed.add(line.split()[0])
bad = []
for t in json.load(open(report))["testcases"]:
	v, tid = t["verdict"], t["id"]
	if v in ("PASS", "XFAIL", "SKIP"):
		continue
	if v == "INCONC" and tid in listed:
		continue
	bad.append(f"{v} {tid}: {t.get('reason', '')}")
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
