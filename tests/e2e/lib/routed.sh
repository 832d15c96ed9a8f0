# routed.sh - sourced by the host and agent target tests: three namespaces
# with the target reached only through a routed hop, in both families.
#
#   CLIENT ns (C)             ROUTER ns (R, forwarding)          SERVER ns (S)
#   c0 198.18.1.2/24 <--> r0 198.18.1.1   r1 198.18.2.1 <--> s0 198.18.2.2/24
#      2001:2:0:1::2/64      2001:2:0:1::1   2001:2:0:2::1     2001:2:0:2::2/64
#   default via the router in both families
#
# Nothing is addressed outside 198.18.0.0/15 and 2001:2::/48 (RFC 5180's
# benchmarking range, as the netns target's IPv6).

# routed_up C R S: creates the namespaces (the caller's trap deletes them).
routed_up() {
	local c=$1 r=$2 s=$3 ns pair
	for ns in "$c" "$r" "$s"; do
		ip netns add "$ns"
		# IPv6 addresses usable at once (no DAD), and no router
		# solicitations: nothing on the links but what the test sends.
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
		ip netns exec "$ns" sysctl -qw \
		    net.ipv6.conf.default.router_solicitations=0
		ip -n "$ns" link set lo up
	done
	ip -n "$c" link add c0 type veth peer name r0 netns "$r"
	ip -n "$s" link add s0 type veth peer name r1 netns "$r"
	ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$r" sysctl -qw net.ipv6.conf.all.forwarding=1
	for pair in "$c c0 198.18.1.2/24 2001:2:0:1::2/64" \
	    "$r r0 198.18.1.1/24 2001:2:0:1::1/64" \
	    "$r r1 198.18.2.1/24 2001:2:0:2::1/64" \
	    "$s s0 198.18.2.2/24 2001:2:0:2::2/64"; do
		set -- $pair
		# Offloads off: checksums on the wire are real, segments
		# unmerged.
		ip netns exec "$1" ethtool -K "$2" tx off tso off gso off \
		    gro off >/dev/null 2>&1 || true
		ip -n "$1" addr add "$3" dev "$2"
		ip -n "$1" addr add "$4" dev "$2" nodad
		ip -n "$1" link set "$2" up
	done
	ip -n "$c" route add default via 198.18.1.1
	ip -n "$s" route add default via 198.18.2.1
	ip -n "$c" -6 route add default via 2001:2:0:1::1
	ip -n "$s" -6 route add default via 2001:2:0:2::1
}

# routed_down C R S: kills what runs in them and deletes them.
routed_down() {
	local ns
	for ns in "$@"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null ||
			true
		ip netns del "$ns" 2>/dev/null || true
	done
}
