#!/usr/bin/env bash
# coverage_doc.sh - docs/coverage.md is what `list --coverage` says today.
# Regenerates it from the suite's tags, reasons and fail-ability proofs and
# compares it with the committed file.
set -euo pipefail
src=${TC_SOURCE_DIR:?}
bin=${TC_BINARY:?}
new=$(mktemp)
trap 'rm -f "$new"' EXIT

cd "$src"
"$bin" list --coverage --markdown testcases >"$new"
if ! diff -u docs/coverage.md "$new"; then
	echo "docs/coverage.md is stale: run" \
	    "'tcpconform list --coverage --markdown testcases > docs/coverage.md'" \
	    "in the source folder and commit it"
	exit 1
fi
echo "coverage_doc: docs/coverage.md is up to date"
