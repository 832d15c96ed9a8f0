#!/usr/bin/env bash
# ci/deps.sh - install the Debian packages tcpconform builds and tests with.
# Idempotent: apt-get runs only when a package is missing.
set -euo pipefail

packages=(
	build-essential cmake pkg-config        # the build
	libnet1-dev libpcap-dev libmnl-dev      # libnet, libpcap, libmnl
	libnftables-dev                         # the fault namespace
	libsodium-dev                           # the agent's HMAC-SHA256
	check libjansson-dev                    # unit tests, JSON reports
	iproute2 ethtool tcpdump                # test harnesses only
	libxml2-utils perl valgrind             # xmllint, prove, memcheck
	chromium                                # the HTML report test renders it
	python3-jsonschema                      # the JSON report's schema test
	liblwip-dev                             # --target lwip (stacks/lwip)
	libslirp-dev libglib2.0-dev             # --target slirp (stacks/slirp)
	runsc                                   # --target gvisor (runsc run)
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "ci/deps.sh: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# Another apt (unattended upgrades on a fresh image) may hold the lock.
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
fi
