#!/usr/bin/env bash
# ci/suite.sh [tcpconform run options...] - install, build, and run the
# conformance suite against the Linux kernel in throwaway namespaces.
# Reports: out/junit.xml, out/suite.tap; pcaps of what did not pass: out/pcaps.
set -euo pipefail
source "$(dirname "$0")/as-root.sh"
cd "$(dirname "$0")/.."
bash ci/deps.sh
bash ci/build.sh build
mkdir -p out
exec build/tcpconform run -j "$(($(nproc) * 4))" \
	--report junit:out/junit.xml --report tap:out/suite.tap \
	--pcap-dir out/pcaps "$@"
