#!/usr/bin/env bash
# tests/failproof/run.sh - fail-ability proofs (issue 4): every testcase of
# the suite must FAIL against a target that misbehaves in what it tests.
#
# Each tests/failproof/<id-with-slashes-as-dots>[.N].nft is an nftables
# ruleset for the fault namespace (engine/fault.h) that simulates one
# misbehaviour, said in its first comment line.  For each, this runs
#   tcpconform run --fault FILE testcases/<id>.tcs
# and requires exit status 1 with the testcase's verdict FAIL: not ERROR,
# not INCONC (a failure before `ready`, outside the part under test), not
# PASS.  Testcases without a proof are listed at the end, with the reason
# NO-PROOF gives; with TC_FAILPROOF_STRICT=1 they fail the run too.
# proposed/ holds proofs for testcase changes not made yet (not run).
#
#   TC_BINARY=build/tcpconform tests/failproof/run.sh [PROOF.nft...]
set -u

here=$(cd "$(dirname "$0")" && pwd)
src=${TC_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
bin=${TC_BINARY:-$src/build/tcpconform}
jobs=${TC_FAILPROOF_JOBS:-4}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The testcase id of a proof file: strip .nft and a trailing .N, then dots
# become slashes (testcase names never contain dots).
proof_id() {
	local b
	b=$(basename "$1" .nft)
	b=$(printf '%s' "$b" | sed -E 's/\.[0-9]+$//')
	printf '%s' "$b" | tr . /
}

# One proof: prints "ok", or "not ok" with why, on one line.
run_one() {
	local proof=$1 id tcs tap rc verdict why tags
	id=$(proof_id "$proof")
	tcs=$src/testcases/$id.tcs
	why=$(sed -n '1s/^# *//p' "$proof")
	if [ ! -f "$tcs" ]; then
		printf 'not ok %s: no testcase %s\n' "$(basename "$proof")" "$id"
		return
	fi
	tap=$tmp/$(basename "$proof").tap
	# A slow testcase runs only when asked for by its tag.
	tags=()
	if grep -Eq '^tags([[:space:]].*)?[[:space:]]slow([[:space:]]|$)' "$tcs"; then
		tags=(--tags slow)
	fi
	# An IPv6-only testcase is proven over IPv6 (it SKIPs on IPv4).
	if grep -Eq '^tags([[:space:]].*)?[[:space:]]ipv6-only([[:space:]]|$)' "$tcs"; then
		tags+=(--ipv6)
	fi
	# No known deviations: XFAIL would hide the FAIL being proved.
	"$bin" run --no-color --deviations none "${tags[@]}" \
		--fault "$proof" --report "tap:$tap" "$tcs" \
		>"$tap.out" 2>&1
	rc=$?
	verdict=$(sed -n 's/^  verdict: //p' "$tap" 2>/dev/null | head -1)
	if [ ! -s "$tap" ] || grep -q '^ok ' "$tap"; then
		verdict=${verdict:-PASS}
	fi
	if [ "$rc" -eq 1 ] && [ "$verdict" = FAIL ]; then
		printf 'ok %s: %s\n' "$id" "$why"
	else
		printf 'not ok %s (%s): exit %s, verdict %s\n' "$id" \
			"$(basename "$proof")" "$rc" "${verdict:-none}"
		sed 's/^/    /' "$tap.out" | head -20
	fi
}
export -f run_one proof_id
export src bin tmp

if [ ! -x "$bin" ]; then
	echo "failproof: no tcpconform binary at $bin (set TC_BINARY)" >&2
	exit 2
fi
if [ $# -gt 0 ]; then
	proofs=("$@")
else
	proofs=("$here"/*.nft)
fi
printf '%s\n' "${proofs[@]}" | xargs -P "$jobs" -I{} bash -c \
	'run_one "$1" >"$tmp/res.$(basename "$1")"' _ {}
cat "$tmp"/res.* >"$tmp/results"
cat "$tmp/results"
bad=$(grep -c '^not ok' "$tmp/results")

# Which testcases have no proof at all?
missing=0
if [ $# -eq 0 ]; then
	for t in $(cd "$src/testcases" && find . -name '*.tcs' | sort); do
		id=${t#./}
		id=${id%.tcs}
		dots=$(printf '%s' "$id" | tr / .)
		if [ ! -e "$here/$dots.nft" ] &&
		    ! compgen -G "$here/$dots.[0-9]*.nft" >/dev/null; then
			reason=$(awk -v id="$id" '$1 == id { $1 = ""; sub(/^ /, ""); print; exit }' \
			    "$here/NO-PROOF" 2>/dev/null)
			echo "no proof: $id${reason:+ ($reason)}"
			missing=$((missing + 1))
		fi
	done
fi
echo "failproof: ${#proofs[@]} proofs, $bad not failing, $missing testcases without a proof"
if [ "$bad" -gt 0 ]; then
	exit 1
fi
if [ "${TC_FAILPROOF_STRICT:-0}" = 1 ] && [ "$missing" -gt 0 ]; then
	exit 1
fi
exit 0
