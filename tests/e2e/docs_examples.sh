#!/usr/bin/env bash
# docs_examples.sh - every complete example in the docs runs green.
# Extracts the ```tcs blocks of docs/script-language.md into files and runs
# them against the embedded Linux target, so the documentation cannot rot.
set -euo pipefail
src=${TC_SOURCE_DIR:?}
bin=${TC_BINARY:?}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

awk -v dir="$dir" '
	/^```tcs[ \t]*$/ { n++; file = sprintf("%s/example-%02d.tcs", dir, n); inb = 1; next }
	/^```/ && inb   { inb = 0; close(file); next }
	inb             { print > file }
	END             { if (n == 0) exit 1 }
' "$src/docs/script-language.md" || { echo "no \`\`\`tcs examples found"; exit 1; }

count=$(ls "$dir"/*.tcs | wc -l)
echo "docs_examples: $count examples from docs/script-language.md"
"$bin" check "$dir"
"$bin" run -j 8 --no-color "$dir"

# Every option --help lists is in tcpconform(1).
missing=
for opt in $("$bin" --help | grep -o '^  --[a-z0-9-]*' | sed 's/^  //'); do
	grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" \
	    "$src/docs/tcpconform.1" || missing="$missing $opt"
done
if [ -n "$missing" ]; then
	echo "docs/tcpconform.1 does not describe:$missing"
	exit 1
fi
echo "docs_examples: every option of --help is in tcpconform(1)"
