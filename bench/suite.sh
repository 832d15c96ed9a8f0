#!/bin/sh
# bench/suite.sh - wall time and peak RSS of `tcpconform run` over the
# bundled suite at -j 1, 4 and 8.  Needs root.  Prints Markdown.
#
#   bench/suite.sh BUILD_DIR [RUNS]
#
# Wall time: hyperfine (--warmup 1, RUNS runs, default 5) when installed,
# else RUNS runs timed with /usr/bin/time.  Peak RSS: one extra run per -j
# under /usr/bin/time -v ("Maximum resident set size").  Also timed: the
# suite without testcases/retransmission, whose one testcase waits 3 s for
# SYN-ACK retransmissions and so hides everything else at -j 4 and -j 8.
set -eu

BUILD=${1:?usage: bench/suite.sh BUILD_DIR [RUNS]}
RUNS=${2:-5}
SRC=$(cd "$(dirname "$0")/.." && pwd)
TC="$BUILD/tcpconform"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
REST="$SRC/testcases/handshake $SRC/testcases/rst $SRC/testcases/teardown \
$SRC/testcases/time-wait"

# Prints "mean stddev min max nonzero" for one command: seconds, and how
# many timed runs exited non-zero (a FAIL; hyperfine -i keeps timing).
wall() {
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -i --warmup 1 --runs "$RUNS" \
		    --export-json "$TMP/h.json" "$1" >/dev/null 2>&1
		python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))["results"][0]
print("%.3f %.3f %.3f %.3f %d" % (r["mean"], r["stddev"] or 0, r["min"],
    r["max"], sum(1 for c in r["exit_codes"] if c != 0)))' "$TMP/h.json"
	else
		i=0
		bad=0
		: >"$TMP/t"
		while [ "$i" -lt "$RUNS" ]; do
			/usr/bin/time -f %e -a -o "$TMP/t" $1 >/dev/null 2>&1 ||
			    bad=$((bad + 1))
			i=$((i + 1))
		done
		grep -E '^[0-9.]+$' "$TMP/t" | sort -n | awk -v bad="$bad" '
		    {s+=$1; v[NR]=$1} END {m=s/NR;
		    for (i=1;i<=NR;i++) d+=(v[i]-m)^2;
		    printf "%.3f %.3f %.3f %.3f %d\n", m, sqrt(d/NR), v[1], v[NR],
		    bad}'
	fi
}

# Prints "maxrss_kib verdict-line" for one run, naming what did not pass.
rss() {
	/usr/bin/time -v -o "$TMP/v" $1 >"$TMP/out" 2>&1 || true
	printf '%s %s%s\n' \
	    "$(awk -F': ' '/Maximum resident/ {print $2}' "$TMP/v")" \
	    "$(grep -E '^[0-9]+ passed' "$TMP/out" || echo '?')" \
	    "$(awk '/^(FAIL|ERROR|INCONC|XPASS) / {printf ", %s %s", $1, $2}' \
	    "$TMP/out")"
}

if command -v hyperfine >/dev/null 2>&1; then
	HOW="hyperfine $(hyperfine --version | awk '{print $2}') -N -i --warmup 1 --runs $RUNS"
else
	HOW="$RUNS runs under /usr/bin/time -f %e (no hyperfine)"
fi
echo "Wall time: $HOW. Peak RSS: one more run under /usr/bin/time -v."
echo
echo "| suite | -j | mean s | stddev s | min s | max s | runs exit!=0 |" \
    "peak RSS MiB | verdicts of the RSS run |"
echo "|---|---|---|---|---|---|---|---|---|"
for which in all rest; do
	for j in 1 4 8; do
		if [ "$which" = all ]; then
			cmd="$TC run -j $j"
			name="all 20 (testcases/)"
		else
			cmd="$TC run -j $j $REST"
			name="all but retransmission/"
		fi
		w=$(wall "$cmd")
		r=$(rss "$cmd")
		set -- $w
		kib=${r%% *}
		printf '| %s | %s | %s | %s | %s | %s | %s/%s | %.1f | %s |\n' \
		    "$name" "$j" "$1" "$2" "$3" "$4" "$5" "$RUNS" \
		    "$(echo "$kib" | awk '{print $1/1024}')" "${r#* }"
	done
done
