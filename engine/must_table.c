/* must_table.c - RFC 9293 MUST-1..MUST-69, as summarized in Appendix B. */
#include "coverage.h"

/*
 * One row per MUST id, the summary after Appendix B (Table 8) and the
 * sentence labelled with the id in the text.  The kind is this project's
 * judgement of how the requirement can be checked from outside the host:
 *
 *   wire      the target's segments alone show it
 *   wire+api  they show it once the target's application asks for the
 *             feature (setsockopt, write, close); the tester can do that
 *   api       only the application interface shows it: not wire-testable
 *
 * Judgement calls (the kinds most open to argument):
 *   MUST-9   the PRF must not be computable from outside: only its effect,
 *            unpredictable ISNs, can be tested (statistically), not the
 *            property itself.
 *   MUST-20  R1's "negative advice to IP" is internal; only closing the
 *            connection at R2 shows on the wire.
 *   MUST-41  a passive OPEN must not affect existing connections: counted
 *            as api (the property is about the call), though a listen
 *            next to a live connection could be exercised.
 *   MUST-44  asking IP for the SYN's source address is internal to the
 *            host; with a single address on the target it has no wire
 *            signature, so api.
 *   MUST-51/52  source routes set by the application; most stacks now
 *            drop source-routed datagrams, but the requirement is on the
 *            wire once asked for.
 */
const struct tc_must tc_must_table[TC_MUST_COUNT] = {
	{ 1, TC_MUST_WIRE, "the window field is an unsigned number" },
	{ 2, TC_MUST_WIRE, "the sender generates the checksum" },
	{ 3, TC_MUST_WIRE, "the receiver checks the checksum (drops a bad one)" },
	{ 4, TC_MUST_WIRE, "support the mandatory options: EOL, NOP, MSS" },
	{ 5, TC_MUST_WIRE, "receive a TCP option in any segment" },
	{ 6, TC_MUST_WIRE, "ignore without error an option not implemented" },
	{ 7, TC_MUST_WIRE, "cope with an illegal option length (e.g. zero)" },
	{ 8, TC_MUST_WIRE, "ISNs include a clock-driven component" },
	{ 9, TC_MUST_WIRE, "the ISN generator's PRF is not computable from "
	    "outside (tested as ISN unpredictability)" },
	{ 10, TC_MUST_WIRE, "support simultaneous open attempts" },
	{ 11, TC_MUST_WIRE, "SYN-RECEIVED remembers whether it came from a "
	    "passive or an active OPEN (RST returns to LISTEN or closes)" },
	{ 12, TC_MUST_API, "inform the application whether the peer closed "
	    "normally (FIN) or aborted (RST)" },
	{ 13, TC_MUST_WIRE, "linger in TIME-WAIT for 2 MSL after an active "
	    "close" },
	{ 14, TC_MUST_WIRE, "implement sending and receiving the MSS option" },
	{ 15, TC_MUST_WIRE, "without an MSS option assume a send MSS of 536 "
	    "(IPv4) or 1220 (IPv6)" },
	{ 16, TC_MUST_WIRE, "compute the effective send MSS as "
	    "min(SendMSS+20, MMS_S) - TCP and IP header sizes" },
	{ 17, TC_MUST_WIRE_API, "the application can disable the Nagle "
	    "algorithm on a connection" },
	{ 18, TC_MUST_WIRE, "Karn's algorithm (RTO computation of RFC 6298)" },
	{ 19, TC_MUST_WIRE, "exponential backoff, slow start and congestion "
	    "avoidance" },
	{ 20, TC_MUST_WIRE, "excessive retransmission: negative advice to IP "
	    "at R1, close the connection at R2" },
	{ 21, TC_MUST_WIRE_API, "the application can set R2 for a connection" },
	{ 22, TC_MUST_WIRE, "the same R1/R2 mechanism for SYN retransmissions" },
	{ 23, TC_MUST_WIRE, "R2 for a SYN is at least 3 minutes" },
	{ 24, TC_MUST_WIRE_API, "the application can turn keep-alives on or off "
	    "per connection" },
	{ 25, TC_MUST_WIRE, "keep-alives default to off" },
	{ 26, TC_MUST_WIRE_API, "keep-alives only after an idle interval with "
	    "nothing outstanding" },
	{ 27, TC_MUST_WIRE_API, "the keep-alive interval is configurable" },
	{ 28, TC_MUST_WIRE_API, "the keep-alive interval defaults to at least "
	    "two hours" },
	{ 29, TC_MUST_WIRE_API, "a missed reply to one keep-alive probe does "
	    "not mean a dead connection" },
	{ 30, TC_MUST_WIRE, "support the urgent mechanism" },
	{ 31, TC_MUST_WIRE, "urgent data of any length" },
	{ 32, TC_MUST_API, "inform the application asynchronously of urgent "
	    "data" },
	{ 33, TC_MUST_API, "the application can learn whether (how much) "
	    "urgent data remains" },
	{ 34, TC_MUST_WIRE, "the sender is robust against window shrinking" },
	{ 35, TC_MUST_WIRE, "a window shrunk to zero is probed the standard "
	    "way" },
	{ 36, TC_MUST_WIRE, "the sender probes a zero window" },
	{ 37, TC_MUST_WIRE, "the connection stays open while probes of a zero "
	    "window are acknowledged" },
	{ 38, TC_MUST_WIRE, "silly window syndrome avoidance in the sender" },
	{ 39, TC_MUST_WIRE, "silly window syndrome avoidance in the receiver" },
	{ 40, TC_MUST_WIRE, "an ACK is delayed less than 0.5 s" },
	{ 41, TC_MUST_API, "a passive OPEN does not affect connections created "
	    "before" },
	{ 42, TC_MUST_WIRE_API, "LISTEN on a port while a connection on it is "
	    "in SYN-SENT or SYN-RECEIVED" },
	{ 43, TC_MUST_API, "OPEN takes an optional local IP address" },
	{ 44, TC_MUST_API, "with no local address given, IP selects the SYN's "
	    "source address" },
	{ 45, TC_MUST_WIRE, "otherwise segments use the connection's local "
	    "address" },
	{ 46, TC_MUST_API, "an OPEN to a broadcast or multicast address is "
	    "rejected" },
	{ 47, TC_MUST_API, "a mechanism reports soft errors to the "
	    "application" },
	{ 48, TC_MUST_WIRE_API, "the application can set the DiffServ field of "
	    "the segments it sends" },
	{ 49, TC_MUST_WIRE_API, "the TTL (hop limit) is configurable" },
	{ 50, TC_MUST_WIRE, "IP options TCP does not understand are ignored" },
	{ 51, TC_MUST_WIRE_API, "the application can specify a source route" },
	{ 52, TC_MUST_WIRE_API, "that route overrides one received in a "
	    "datagram" },
	{ 53, TC_MUST_WIRE, "a return route is built from a received source "
	    "route" },
	{ 54, TC_MUST_WIRE, "act on ICMP error messages from IP" },
	{ 55, TC_MUST_WIRE, "ICMP Source Quench is silently discarded" },
	{ 56, TC_MUST_WIRE, "soft ICMP errors (unreachable 0, 1, 5, time "
	    "exceeded, parameter problem) do not abort the connection" },
	{ 57, TC_MUST_WIRE, "a SYN to a broadcast or multicast address is "
	    "silently discarded" },
	{ 58, TC_MUST_WIRE, "received segments are processed so that ACKs "
	    "aggregate whenever possible" },
	{ 59, TC_MUST_WIRE, "all queued segments are processed before an ACK "
	    "is sent" },
	{ 60, TC_MUST_WIRE_API, "without a PUSH in SEND, data is not buffered "
	    "indefinitely" },
	{ 61, TC_MUST_WIRE_API, "without a PUSH in SEND, the last buffered "
	    "segment carries PSH" },
	{ 62, TC_MUST_WIRE, "the urgent pointer points to the first octet "
	    "after the urgent data" },
	{ 63, TC_MUST_WIRE, "a SYN from an invalid source address is "
	    "ignored" },
	{ 64, TC_MUST_WIRE, "options are processed whatever their word "
	    "alignment" },
	{ 65, TC_MUST_WIRE, "the MSS option is not sent in non-SYN segments" },
	{ 66, TC_MUST_WIRE, "RST and URG are processed even when the receive "
	    "window is zero" },
	{ 67, TC_MUST_WIRE, "the MSS sent is at most MMS_R - 20" },
	{ 68, TC_MUST_WIRE, "every option but EOL and NOP has a length "
	    "field" },
	{ 69, TC_MUST_WIRE, "the header after EOL is padded with zeros" },
};

const char *
tc_must_kind_name(enum tc_must_kind k)
{
	switch (k) {
	case TC_MUST_WIRE: return "wire";
	case TC_MUST_WIRE_API: return "wire+api";
	case TC_MUST_API: return "api";
	}
	return "?";
}
