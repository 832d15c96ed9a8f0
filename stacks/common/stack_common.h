/* stack_common.h - what every userspace-stack program under stacks/ shares. */
#ifndef TC_STACK_COMMON_H
#define TC_STACK_COMMON_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The command line every stack program takes:
 *   PROG TAPNAME ADDR/PREFIX MAC PEERADDR PEERMAC
 * with ADDR and PEERADDR both IPv4 or both IPv6. */
struct tc_stack_args {
	const char	*ifname;	/* (borrowed from argv) */
	int		family;		/* AF_INET or AF_INET6 */
	struct in_addr	addr;		/* AF_INET, network order */
	struct in_addr	mask;
	struct in_addr	peer;		/* the tester */
	struct in6_addr	addr6;		/* AF_INET6 */
	int		prefix6;
	struct in6_addr	peer6;
	uint8_t		mac[6];
	uint8_t		peer_mac[6];
};

/* Parses argv; prints the usage or what is wrong under `prog`: -1. */
int	tc_stack_args_parse(int argc, char **argv, const char *prog,
	    struct tc_stack_args *out);
/* Creates (or attaches to) TAP device `name` in this namespace; -1 with a
 * message on stderr. */
int	tc_stack_tap_open(const char *name, bool nonblock, const char *prog);
/* Writes `text` and a newline to stdout, whole, at most `max` bytes. */
int	tc_stack_write_line(const char *text, size_t max);
/* The pipe transport's greeting (a HELLO with nonce '-'): 0 or -1. */
int	tc_stack_hello(void);
/*
 * Serves docs/agent-protocol.md on stdin/stdout until BYE, the end of
 * input or a bad line: each request line (split in place by `one`) gets
 * its one-line answer, which `one` writes into out (TC_AGENT_LINE_MAX
 * bytes), setting *bye after BYE.
 */
void	tc_stack_serve(void (*one)(char *line, char *out, size_t cap,
	    bool *bye));

#endif /* TC_STACK_COMMON_H */
