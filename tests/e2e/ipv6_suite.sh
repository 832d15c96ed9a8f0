#!/usr/bin/env bash
# ipv6_suite.sh - the suite on IPv6 gives the verdicts it gives on IPv4.
# Runs the bundled testcases twice (IPv4, then --ipv6) and compares each
# testcase's verdict: they must be equal, except that a testcase needing
# IPv4 (ICMP, ipid, df, ipopts, tagged ipv4-only) is SKIPPED on IPv6 with
# a reason, and one tagged ipv6-only is SKIPPED on IPv4 and runs on IPv6.
set -euo pipefail
src=${TC_SOURCE_DIR:?}
bin=${TC_BINARY:?}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Exit status 1 (something is FAIL) is for the comparison to judge.
run() {
	local rc=0
	"$bin" run -j 8 --no-color --report "json:$dir/$1.json" "${@:2}" \
		"$src/testcases" >"$dir/$1.out" 2>&1 || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "ipv6_suite: '$bin run $*' exited $rc"
		cat "$dir/$1.out"
		exit 1
	fi
}
run v4
run v6 --ipv6

python3 - "$dir/v4.json" "$dir/v6.json" <<'PY'
import json, sys

def load(path):
    with open(path) as f:
        return {t["id"]: t for t in json.load(f)["testcases"]}

v4, v6 = load(sys.argv[1]), load(sys.argv[2])
bad, skipped6, only6 = [], 0, 0
if set(v4) != set(v6):
    bad.append("different testcases: %s" % sorted(set(v4) ^ set(v6)))
for tid in sorted(set(v4) & set(v6)):
    a, b = v4[tid], v6[tid]
    if b["verdict"] == "SKIP" and b["reason"].startswith("not on IPv6: "):
        skipped6 += 1
        continue
    if a["verdict"] == "SKIP" and a["reason"].startswith("not on IPv4: "):
        only6 += 1
        if b["verdict"] not in ("PASS", "XFAIL"):
            bad.append("%s (ipv6-only): %s %s" % (tid, b["verdict"],
                b["reason"]))
        continue
    if a["verdict"] != b["verdict"]:
        bad.append("%s: IPv4 %s, IPv6 %s %s" % (tid, a["verdict"],
            b["verdict"], b["reason"]))
ran = sum(1 for t in v6.values() if t["verdict"] != "SKIP")
print("ipv6_suite: %d testcases, %d ran on IPv6, %d IPv4-only skipped, "
      "%d IPv6-only" % (len(v6), ran, skipped6, only6))
if skipped6 == 0 or only6 == 0 or ran < len(v6) // 2:
    bad.append("implausible counts")
for line in bad:
    print("  " + line)
sys.exit(1 if bad else 0)
PY
