#!/usr/bin/env bash
# Sourced by the ci/ scripts: re-run as root through sudo when needed
# (network namespaces, raw sockets and apt-get all need it).
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		exec sudo -E "$0" "$@"
	fi
	echo "$0: needs root (network namespaces, raw sockets, apt-get)" >&2
	exit 3
fi
