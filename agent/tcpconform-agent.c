/*
 * tcpconform-agent.c - performs target-side socket actions for a remote
 * tcpconform over an authenticated TCP connection (docs/agent-protocol.md).
 *
 *   tcpconform-agent --listen ADDR:PORT --secret-file FILE [--once]
 *                    [--allow-sysctl] [--verbose]
 *   tcpconform-agent --pipe [--bind ADDR] [--verbose]
 *
 * Each client gets a process of its own (tcpconform opens one connection
 * per testcase, several at a time with -j), which dies with the agent
 * (PR_SET_PDEATHSIG) and closes its sockets and restores its sysctls
 * when the client goes.  --once serves one client in this process, then
 * exits.  No secret file (or a short one), no service: exit 2.
 *
 * --pipe serves one client on stdin/stdout without authentication: the
 * parent that started it is the client (a target driver that runs the
 * agent inside a sandboxed stack, e.g. gVisor's runsc).
 */
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "agent_proto.h"
#include "agent_serve.h"

#define EXIT_USAGE	2
#define EXIT_ENV	3

struct opts {
	const char	*listen;
	const char	*secret_file;
	const char	*bind;		/* --pipe: target sockets' address */
	bool		once;
	bool		pipe;
	struct tc_agent_serve_conf conf;
	uint8_t		secret[TC_AGENT_SECRET_MAX];
};

static const char usage_text[] =
"usage: tcpconform-agent --listen ADDR:PORT --secret-file FILE [--once]\n"
"                        [--allow-sysctl] [--verbose]\n"
"       tcpconform-agent --pipe [--bind ADDR] [--verbose]\n"
"  --listen ADDR:PORT   where tcpconform connects ([ADDR]:PORT for IPv6)\n"
"  --secret-file FILE   the shared secret (>= 16 bytes; never on the\n"
"                       command line); no secret, no service\n"
"  --once               serve one client, then exit\n"
"  --pipe               serve the client on stdin/stdout, no secret (the\n"
"                       parent is the client); sockets bind to --bind\n"
"                       ADDR, else the IPv4 wildcard\n"
"  --allow-sysctl       let clients set net.* sysctls (restored after)\n"
"  --verbose            log requests and answers to stderr\n";

static int
usage(const char *why)
{
	fprintf(stderr, "tcpconform-agent: %s\n%s", why, usage_text);
	return EXIT_USAGE;
}

/* ADDR:PORT or [ADDR]:PORT into a socket address. */
static bool
parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *sl)
{
	char host[TC_ADDR_STRLEN + 2];
	const char *colon = strrchr(spec, ':');
	unsigned long port;
	struct tc_addr a;
	size_t len;

	if (colon == NULL || !tc_agent_num(colon + 1, 65535, &port) ||
	    port == 0)
		return false;
	len = (size_t)(colon - spec);
	if (len >= 2 && spec[0] == '[' && spec[len - 1] == ']') {
		spec++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(host))
		return false;
	memcpy(host, spec, len);
	host[len] = '\0';
	if (!tc_addr_parse(&a, host))
		return false;
	memset(ss, 0, sizeof(*ss));
	if (a.family == TC_AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		memcpy(&s6->sin6_addr, a.bytes, 16);
		*sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		memcpy(&s4->sin_addr, a.bytes, 4);
		*sl = sizeof(*s4);
	}
	return true;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "secret-file", required_argument, NULL, 's' },
		{ "once", no_argument, NULL, '1' },
		{ "pipe", no_argument, NULL, 'p' },
		{ "bind", required_argument, NULL, 'b' },
		{ "allow-sysctl", no_argument, NULL, 'y' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (c) {
		case 'l': o->listen = optarg; break;
		case 's': o->secret_file = optarg; break;
		case '1': o->once = true; break;
		case 'p': o->pipe = true; break;
		case 'b': o->bind = optarg; break;
		case 'y': o->conf.allow_sysctl = true; break;
		case 'v': o->conf.verbose = true; break;
		case 'h': fputs(usage_text, stdout); exit(0);
		default: return usage("bad option");
		}
	}
	if (optind != argc)
		return usage("unexpected arguments");
	if (o->pipe)
		return o->listen != NULL || o->secret_file != NULL ||
		    o->once || o->conf.allow_sysctl ? usage("--pipe takes "
		    "only --bind and --verbose") : 0;
	if (o->bind != NULL)
		return usage("--bind goes with --pipe");
	if (o->listen == NULL)
		return usage("--listen ADDR:PORT is required");
	if (o->secret_file == NULL)
		return usage("--secret-file FILE is required: no secret, no "
		    "service");
	return 0;
}

static int
open_listener(const char *spec)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1;

	if (!parse_listen(spec, &ss, &sl)) {
		fprintf(stderr, "tcpconform-agent: --listen %s: expected "
		    "ADDR:PORT\n", spec);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) != 0 || bind(fd, (struct sockaddr *)&ss, sl) != 0 ||
	    listen(fd, 64) != 0) {
		fprintf(stderr, "tcpconform-agent: --listen %s: %s\n", spec,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* A dead client's connection is noticed within about a minute. */
static void
keepalive(int fd)
{
	int one = 1, idle = 30, intvl = 10, cnt = 3;

	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static int
serve(int fd, const struct opts *o)
{
	struct tc_diag d;
	enum tc_err err;

	keepalive(fd);
	tc_diag_init(&d);
	err = tc_agent_serve(fd, &o->conf, &d);
	if (err)
		fprintf(stderr, "tcpconform-agent: client: %s\n",
		    d.msg[0] ? d.msg : tc_strerror(err));
	return err ? 1 : 0;
}

static int
accept_loop(int lfd, const struct opts *o)
{
	pid_t parent = getpid(), pid;
	int fd;

	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fprintf(stderr, "tcpconform-agent: accept: %s\n",
			    strerror(errno));
			return EXIT_ENV;
		}
		if (o->once) {
			close(lfd);
			return serve(fd, o);
		}
		if ((pid = fork()) == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(1);
			close(lfd);
			_exit(serve(fd, o));
		}
		if (pid < 0)
			fprintf(stderr, "tcpconform-agent: fork: %s\n",
			    strerror(errno));
		close(fd);
	}
}

/* --pipe: the one client is the parent, on stdin and stdout. */
static int
serve_pipe(const struct opts *o)
{
	struct tc_addr local;
	struct tc_diag d;
	enum tc_err err;

	tc_addr_ipv4(&local, 0, 0, 0, 0);
	if (o->bind != NULL && !tc_addr_parse(&local, o->bind))
		return usage("--bind: expected an IPv4 or IPv6 address");
	signal(SIGPIPE, SIG_IGN);
	tc_diag_init(&d);
	err = tc_agent_serve_pipe(STDIN_FILENO, STDOUT_FILENO, &local,
	    &o->conf, &d);
	if (err)
		fprintf(stderr, "tcpconform-agent: %s\n",
		    d.msg[0] ? d.msg : tc_strerror(err));
	return err ? 1 : 0;
}

int
main(int argc, char **argv)
{
	static struct opts o;
	struct tc_diag d;
	int rc, lfd;

	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc;
	if (o.pipe)
		return serve_pipe(&o);
	tc_diag_init(&d);
	if (tc_agent_secret_read(o.secret_file, o.secret, sizeof(o.secret),
	    &o.conf.secret_len, &d) != TC_OK) {
		fprintf(stderr, "tcpconform-agent: %s; refusing to start (no "
		    "secret, no service)\n", d.msg);
		return EXIT_USAGE;
	}
	o.conf.secret = o.secret;
	if (sodium_init() < 0) {
		fprintf(stderr, "tcpconform-agent: libsodium failed\n");
		return EXIT_ENV;
	}
	signal(SIGCHLD, SIG_IGN);	/* children reap themselves */
	signal(SIGPIPE, SIG_IGN);
	if ((lfd = open_listener(o.listen)) < 0)
		return EXIT_ENV;
	fprintf(stderr, "tcpconform-agent: listening on %s\n", o.listen);
	return accept_loop(lfd, &o);
}
