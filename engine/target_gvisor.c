/*
 * target_gvisor.c - gVisor's netstack (Debian's runsc) as a target: runsc
 * runs tcpconform-agent --pipe inside a sandbox whose network is gVisor's
 * own TCP/IP stack, so every socket the agent opens is netstack's; the
 * agent performs target-side actions for us over a socketpair
 * (docs/agent-protocol.md, pipe transport).
 *
 *   tester ns "a"                  target ns "b"
 *   tcpc-a (no address) <-veth-> tcpc-b 198.18.0.2/24 (--ipv6: 2001:2::2/64)
 *                                  and a permanent neighbour entry for the
 *                                  tester (198.18.0.1 / 2001:2::1, configured
 *                                  nowhere) with tcpc-a's MAC
 *
 * `runsc run` starts a sandbox from an OCI bundle whose network namespace
 * is "b": runsc copies tcpc-b's address, route and neighbour into
 * netstack, takes the address off the kernel's side, and from then on
 * netstack alone answers on the link, over IPv4 or IPv6.  (`runsc do`
 * would build a network of its own, and only for IPv4.)
 *
 * The 2022 runsc refuses to start on kernels that have
 * /proc/sys/net/core/rmem_default in every namespace ("cannot run with
 * network enabled in root network namespace"): the child gets a mount
 * namespace of its own with a tmpfs over /proc/sys holding only
 * vm/mmap_min_addr, and a tmpfs over /run holding the bundle's
 * config.json, a bind mount of its network namespace for the bundle to
 * name, and runsc's state (TMPDIR=/run), so nothing outlives the session.  runsc is SIGKILLed with its process
 * group when the session closes (PR_SET_PDEATHSIG if we die first); its
 * sandbox is "attached" and dies with it.
 *
 * A sandbox boots in about half a second, and session_open runs on the
 * runner's event loop: waiting there would stall the testcases running
 * meanwhile (and fail their timing).  So the driver keeps SPARES sessions
 * booting ahead of need, each with namespaces of its own, and an open
 * takes one that has (almost always) said HELLO already.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent_client.h"
#include "gvisor_net.h"
#include "netns.h"
#include "rtnl.h"
#include "target.h"

#define LINK_UP_MS	2000
#define START_MS	15000	/* HELLO from inside the sandbox */
#define RUNSC_ENV	"TCPCONFORM_RUNSC"
#define AGENT_ENV	"TCPCONFORM_AGENT"
#define SPARES		2	/* sandboxes booting ahead of need */
#define SETTLE_US	10000	/* before an action: see gvisor_act */
#define BUNDLE		"/run/tcpc-bundle"
#define NETNS_LINK	"/run/tcpc-net"	/* the bundle's network namespace */
#define CONFIG_MAX	(PATH_MAX + 1024)

#ifndef TC_AGENT_PROG
#define TC_AGENT_PROG	""
#endif

struct gvisor_target {
	struct tc_target base;		/* first */
	char		runsc[PATH_MAX];
	char		agent[PATH_MAX];
	char		version[64];	/* "0.0~20221219.0" */
	enum tc_family	family;		/* the run's: every session's */
	struct tc_session *spare[SPARES]; /* (owned) spawned, not yet used */
	unsigned long	spawned;	/* spares spawned so far */
};

struct tc_session {
	int		ns_tester;	/* (owned) namespace "a" */
	int		ns_target;	/* (owned) namespace "b" */
	pid_t		pid;		/* runsc, or -1 */
	int		errfd;		/* (owned) runsc's stderr (a memfd) */
	int		fd;		/* (owned) our socketpair end until ac
					   takes it over, else -1 */
	struct tc_agent_client *ac;	/* (owned) the agent's socketpair */
	struct tc_link	link;		/* what session_open hands out */
	unsigned long	born;		/* spawn order: the oldest spare has
					   had the longest to boot */
	struct tc_addr	local_addr;	/* 198.18.0.1 (IPv6: 2001:2::1) */
	struct tc_addr	target_addr;	/* 198.18.0.2 (IPv6: 2001:2::2) */
};

/* What the child needs, prepared before fork (it may only make syscalls). */
struct spawn_args {
	const char	*runsc;
	char		*argv[16];
	char		*envp[4];
	char		mmap_min[32];	/* /proc/sys/vm/mmap_min_addr */
	char		config[CONFIG_MAX]; /* the bundle's config.json */
	int		ns;
	int		sock;
	int		errfd;
	pid_t		parent;
};

static void	gvisor_session_close(struct tc_session *s);

static struct gvisor_target *
to_gvisor(struct tc_target *t)
{
	return (struct gvisor_target *)t;
}

/* Writes a short file in the child (async-signal-safe). */
static int
child_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? -1 : 0;
}

/*
 * The mount namespace runsc can start in, and the bundle in it (see the
 * comment at the top).  Runs after setns() into the target namespace.
 */
static int
child_mounts(const struct spawn_args *sa)
{
	if (unshare(CLONE_NEWNS) != 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("tmpfs", "/proc/sys", "tmpfs", MS_NOSUID | MS_NODEV,
	    "size=64k,mode=0755") != 0)
		return -1;
	if (mkdir("/proc/sys/vm", 0755) != 0 ||
	    child_write("/proc/sys/vm/mmap_min_addr", sa->mmap_min) != 0)
		return -1;
	if (mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV,
	    "mode=0755") != 0 || child_write(NETNS_LINK, "") != 0 ||
	    mount("/proc/self/ns/net", NETNS_LINK, NULL, MS_BIND, NULL) != 0 ||
	    mkdir(BUNDLE, 0755) != 0)
		return -1;
	return child_write(BUNDLE "/config.json", sa->config);
}

/*
 * The child, between fork and exec: only async-signal-safe calls.  It
 * dies with the thread that forked it, leads a process group of its own,
 * lives in the target namespace and talks on fd `sock` as stdin and
 * stdout; stderr goes to a memfd the parent reads if it fails.
 */
static void
child_exec(const struct spawn_args *sa)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 ||
	    getppid() != sa->parent)
		_exit(127);
	if (setpgid(0, 0) != 0 || dup2(sa->errfd, STDERR_FILENO) < 0)
		_exit(126);
	if (setns(sa->ns, CLONE_NEWNET) != 0 || dup2(sa->sock,
	    STDIN_FILENO) < 0 || dup2(sa->sock, STDOUT_FILENO) < 0) {
		child_write("/dev/stderr", "setns or dup2 failed\n");
		_exit(126);
	}
	if (child_mounts(sa) != 0 || chdir("/") != 0) {
		child_write("/dev/stderr", "the mount namespace for runsc "
		    "failed\n");
		_exit(126);
	}
	execve(sa->runsc, sa->argv, sa->envp);
	_exit(127);
}

static enum tc_err
read_mmap_min(char *buf, size_t cap, struct tc_diag *diag)
{
	ssize_t n;
	int fd;

	fd = open("/proc/sys/vm/mmap_min_addr", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, buf, cap - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		tc_diag_errno(diag, "gvisor: reading vm.mmap_min_addr");
		return TC_ERR_SYS;
	}
	buf[n] = '\0';
	return TC_OK;
}

/*
 * The OCI runtime spec of the sandbox: the agent on the host's root,
 * read-only, bound to the target address; the network namespace is the
 * target namespace (bind-mounted at NETNS_LINK by the child).  The
 * agent's path has no '"' or '\\' (tc_target_gvisor_new checks).
 */
static void
config_format(char *buf, size_t cap, const char *agent, const char *addr)
{
	snprintf(buf, cap,
	    "{\"ociVersion\":\"1.0.0\",\"process\":{\"user\":{\"uid\":0,"
	    "\"gid\":0},\"args\":[\"%s\",\"--pipe\",\"--bind\",\"%s\"],"
	    "\"env\":[\"PATH=/usr/sbin:/usr/bin:/sbin:/bin\"],\"cwd\":\"/\","
	    "\"capabilities\":{\"bounding\":[\"CAP_NET_BIND_SERVICE\"],"
	    "\"effective\":[\"CAP_NET_BIND_SERVICE\"],\"permitted\":"
	    "[\"CAP_NET_BIND_SERVICE\"]},\"rlimits\":[{\"type\":"
	    "\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],"
	    "\"terminal\":false},\"root\":{\"path\":\"/\",\"readonly\":true},"
	    "\"hostname\":\"tcpconform\",\"mounts\":[{\"destination\":"
	    "\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
	    "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":"
	    "\"tmpfs\"}],\"linux\":{\"namespaces\":[{\"type\":\"pid\"},"
	    "{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"mount\"},"
	    "{\"type\":\"network\",\"path\":\"" NETNS_LINK "\"}]}}\n",
	    agent, addr);
}

static void
spawn_args_init(struct spawn_args *sa, const struct gvisor_target *gt,
    const struct tc_session *s)
{
	static char *const env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
		    "/sbin:/bin",
		"TMPDIR=/run",
		NULL,
	};
	char *const argv[] = { (char *)gt->runsc, "--network=sandbox",
	    "--ignore-cgroups", "--gso=false", "--rx-checksum-offload=false",
	    "--root=/run/runsc", "run", "--bundle", BUNDLE, "tcpconform",
	    NULL };
	char addr[TC_ADDR_STRLEN];

	tc_addr_format(&s->target_addr, addr, sizeof(addr));
	config_format(sa->config, sizeof(sa->config), gt->agent, addr);
	sa->runsc = gt->runsc;
	memcpy(sa->argv, argv, sizeof(argv));
	memcpy(sa->envp, env, sizeof(env));
	sa->ns = s->ns_target;
	sa->parent = getpid();
}

/* Forks runsc; *fd gets the driver's end of the socketpair. */
static enum tc_err
spawn(struct tc_session *s, const struct gvisor_target *gt, int *fd,
    struct tc_diag *diag)
{
	struct spawn_args sa;
	int sv[2];

	memset(&sa, 0, sizeof(sa));
	if (read_mmap_min(sa.mmap_min, sizeof(sa.mmap_min), diag))
		return TC_ERR_SYS;
	spawn_args_init(&sa, gt, s);
	s->errfd = memfd_create("runsc-stderr", MFD_CLOEXEC);
	if (s->errfd < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		tc_diag_errno(diag, "gvisor: socketpair");
		return TC_ERR_SYS;
	}
	sa.sock = sv[1];
	sa.errfd = s->errfd;
	s->pid = fork();
	if (s->pid == 0)
		child_exec(&sa);
	close(sv[1]);
	if (s->pid < 0) {
		tc_diag_errno(diag, "gvisor: fork");
		close(sv[0]);
		return TC_ERR_SYS;
	}
	*fd = sv[0];
	return TC_OK;
}

/* The last line runsc (or the child) wrote to stderr, for a diag. */
static void
last_words(const struct tc_session *s, char *buf, size_t cap)
{
	char text[2048];
	ssize_t n;
	char *p;

	buf[0] = '\0';
	n = pread(s->errfd, text, sizeof(text) - 1, 0);
	if (n <= 0)
		return;
	text[n] = '\0';
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		text[--n] = '\0';
	p = strrchr(text, '\n');
	snprintf(buf, cap, "%.*s", (int)(cap - 1), p != NULL ? p + 1 : text);
}

/* The sandbox started: the agent's HELLO from inside, or why not. */
static enum tc_err
await_stack(struct tc_session *s, struct tc_diag *diag)
{
	char why[sizeof(diag->msg)], said[512];
	enum tc_err err;
	int fd = s->fd, i, status = 0;

	s->fd = -1;
	err = tc_agent_client_new(fd, fd, NULL, 0, &s->local_addr, START_MS,
	    &s->ac, diag);
	if (!err)
		return tc_agent_client_call(s->ac, "RESET", NULL, 0,
		    TC_AGENT_CALL_MS, diag);
	snprintf(why, sizeof(why), "%s", diag->msg);
	for (i = 0; i < 50 && s->pid > 0; i++) {
		if (waitpid(s->pid, &status, WNOHANG) == s->pid)
			s->pid = -1;
		else
			usleep(10000);
	}
	last_words(s, said, sizeof(said));
	tc_diag_init(diag);
	tc_diag_set(diag, "gvisor: the sandbox did not start (%s%s%s): %s",
	    s->pid > 0 ? "runsc still running" : WIFEXITED(status) ?
	    "runsc exited" : "runsc killed", said[0] ? ": " : "", said, why);
	return TC_ERR_SYS;
}

/*
 * Namespaces, links and a booting sandbox, without waiting for it: a
 * sandbox takes about half a second to boot, and session_open runs on
 * the runner's event loop, where a wait would stall the other testcases.
 */
static enum tc_err
session_spawn(const struct gvisor_target *gt, struct tc_session **out,
    struct tc_diag *diag)
{
	struct tc_session *s;
	enum tc_err err;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		tc_diag_set(diag, "gvisor session: out of memory");
		return TC_ERR_NOMEM;
	}
	s->ns_tester = s->ns_target = s->pid = s->errfd = s->fd = -1;
	if (gt->family == TC_AF_INET6) {
		tc_addr_parse(&s->local_addr, "2001:2::1");
		tc_addr_parse(&s->target_addr, "2001:2::2");
	} else {
		tc_addr_ipv4(&s->local_addr, 198, 18, 0, 1);
		tc_addr_ipv4(&s->target_addr, 198, 18, 0, 2);
	}
	err = tc_netns_new(&s->ns_tester, diag);
	if (!err)
		err = tc_netns_new(&s->ns_target, diag);
	if (!err)
		err = tc_gvisor_net_setup(s->ns_tester, s->ns_target,
		    &s->local_addr, &s->target_addr, &s->link, diag);
	if (!err)
		err = spawn(s, gt, &s->fd, diag);
	if (err) {
		gvisor_session_close(s);
		return err;
	}
	s->link.netns_fd = s->ns_tester;
	s->link.local_addr = s->local_addr;
	s->link.target_addr = s->target_addr;
	*out = s;
	return TC_OK;
}

/* Keeps SPARES sandboxes booting; a failure shows when one is needed. */
static void
refill(struct gvisor_target *gt)
{
	struct tc_diag ignored;
	size_t i;

	for (i = 0; i < SPARES; i++) {
		tc_diag_init(&ignored);
		if (gt->spare[i] == NULL &&
		    session_spawn(gt, &gt->spare[i], &ignored) != TC_OK)
			return;
		if (gt->spare[i]->born == 0)
			gt->spare[i]->born = ++gt->spawned;
	}
}

static enum tc_err
gvisor_session_open(struct tc_target *t, const struct tc_session_conf *conf,
    struct tc_session **out, struct tc_link *link, struct tc_diag *diag)
{
	struct gvisor_target *gt = to_gvisor(t);
	struct tc_session *s = NULL;
	enum tc_err err = TC_OK;
	size_t i;

	*out = NULL;
	if (conf != NULL && conf->fault_rules != NULL) {
		tc_diag_set(diag, "gvisor target: --fault is not supported");
		return TC_ERR_UNSUPPORTED;
	}
	for (i = 0; i < SPARES; i++)
		if (gt->spare[i] != NULL && (s == NULL ||
		    gt->spare[i]->born < s->born))
			s = gt->spare[i];
	for (i = 0; i < SPARES; i++)
		if (gt->spare[i] == s)
			gt->spare[i] = NULL;
	if (s == NULL)
		err = session_spawn(gt, &s, diag);
	refill(gt);
	if (!err)
		err = await_stack(s, diag);
	if (!err)
		err = tc_gvisor_net_wait(s->ns_tester, s->ns_target, diag);
	if (err) {
		gvisor_session_close(s);
		return err;
	}
	*link = s->link;
	*out = s;
	return TC_OK;
}

static void
gvisor_session_close(struct tc_session *s)
{
	if (s == NULL)
		return;
	if (s->pid > 0) {
		kill(-s->pid, SIGKILL);
		kill(s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	tc_agent_client_free(s->ac);
	if (s->fd >= 0)
		close(s->fd);
	if (s->errfd >= 0)
		close(s->errfd);
	/* The last references: the kernel tears down ns and veths. */
	if (s->ns_target >= 0)
		close(s->ns_target);
	if (s->ns_tester >= 0)
		close(s->ns_tester);
	free(s);
}

/*
 * The client waits for the answer of every action but ACCEPT and READ
 * before returning, so the segments an action makes netstack send are
 * judged only once the model knows the action was done.
 *
 * netstack takes frames in asynchronously (a packet socket, then a
 * goroutine per connection), so a segment we injected a moment ago may
 * not have been processed when the agent's next call reaches the
 * endpoint: a write could leave into a window our last segment closed
 * (window/zero-window-no-data failed 2 runs in 6 so).  Actions that make
 * the stack send first give it SETTLE_US to take what is on the wire.
 */
static enum tc_err
gvisor_act(struct tc_session *s, const struct tc_action *a,
    struct tc_action_result *res, struct tc_diag *diag)
{
	switch (a->kind) {
	case TC_ACT_WRITE:
	case TC_ACT_SHUTDOWN:
	case TC_ACT_CLOSE:
	case TC_ACT_ABORT:
	case TC_ACT_SETOPT:
		usleep(SETTLE_US);
		break;
	default:
		break;
	}
	return tc_agent_client_act(s->ac, a, res, diag);
}

static void
gvisor_describe(struct tc_target *t, char *buf, size_t cap)
{
	if (cap > 0)
		snprintf(buf, cap, "gVisor netstack (runsc %s) in a sandbox",
		    to_gvisor(t)->version);
}

static void
gvisor_free(struct tc_target *t)
{
	struct gvisor_target *gt = to_gvisor(t);
	size_t i;

	for (i = 0; i < SPARES; i++)
		gvisor_session_close(gt->spare[i]);
	free(gt);
}

/*
 * No STATE: netstack has no sock_diag, and its /proc/net/tcp lists only
 * sockets a process still holds (not TIME-WAIT, nor connections waiting
 * in an accept queue), so `state` steps are inferred from the model.
 */
static const struct tc_target_ops gvisor_ops = {
	.name = "gvisor",
	.caps = TC_TARGET_CAP_ACT | TC_TARGET_CAP_LISTEN,
	.session_open = gvisor_session_open,
	.session_close = gvisor_session_close,
	.act = gvisor_act,
	.describe = gvisor_describe,
	.free = gvisor_free,
};

/* Finds prog in $PATH (or takes it as a path); false if not executable. */
static bool
find_prog(const char *prog, char *out, size_t cap)
{
	const char *path = getenv("PATH"), *p, *end;

	if (strchr(prog, '/') != NULL) {
		snprintf(out, cap, "%s", prog);
		return access(out, X_OK) == 0;
	}
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	for (p = path; *p != '\0'; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		snprintf(out, cap, "%.*s/%s", (int)(end - p), p, prog);
		if (end > p && access(out, X_OK) == 0)
			return true;
	}
	return false;
}

/* "runsc version 0.0~20221219.0" -> "0.0~20221219.0". */
static void
runsc_version(struct gvisor_target *gt)
{
	char cmd[PATH_MAX + 32], line[128];
	FILE *f;

	snprintf(gt->version, sizeof(gt->version), "?");
	snprintf(cmd, sizeof(cmd), "'%s' --version 2>/dev/null", gt->runsc);
	if (strchr(gt->runsc, '\'') != NULL || (f = popen(cmd, "r")) == NULL)
		return;
	if (fgets(line, sizeof(line), f) != NULL &&
	    strncmp(line, "runsc version ", 14) == 0)
		snprintf(gt->version, sizeof(gt->version), "%.*s",
		    (int)strcspn(line + 14, "\n"), line + 14);
	pclose(f);
}

/*
 * runsc is $TCPCONFORM_RUNSC or the one in $PATH; the agent is
 * $TCPCONFORM_AGENT or the one this build made.  Either missing is an
 * error here, before any testcase: a named stack that cannot start fails
 * the run.
 */
enum tc_err
tc_target_gvisor_new(const char *args, const struct tc_target_opts *o,
    struct tc_target **out, struct tc_diag *diag)
{
	const char *runsc = getenv(RUNSC_ENV), *agent = getenv(AGENT_ENV);
	struct gvisor_target *gt;

	*out = NULL;
	if (args != NULL && *args != '\0') {
		tc_diag_set(diag, "target gvisor takes no arguments; got "
		    "'%s'", args);
		return TC_ERR_INVAL;
	}
	gt = calloc(1, sizeof(*gt));
	if (gt == NULL) {
		tc_diag_set(diag, "gvisor target: out of memory");
		return TC_ERR_NOMEM;
	}
	if (agent == NULL || *agent == '\0')
		agent = TC_AGENT_PROG;
	if (!find_prog(runsc != NULL && *runsc ? runsc : "runsc", gt->runsc,
	    sizeof(gt->runsc)) || *agent == '\0' ||
	    !find_prog(agent, gt->agent, sizeof(gt->agent))) {
		tc_diag_set(diag, "target gvisor: no %s (install the Debian "
		    "package runsc, or set %s and %s)", gt->runsc[0] &&
		    access(gt->runsc, X_OK) == 0 ? "tcpconform-agent" :
		    "runsc", RUNSC_ENV, AGENT_ENV);
		free(gt);
		return TC_ERR_UNSUPPORTED;
	}
	if (strpbrk(gt->agent, "\"\\") != NULL) {
		tc_diag_set(diag, "target gvisor: the agent's path '%s' has a "
		    "quote or backslash, which the sandbox's spec cannot hold",
		    gt->agent);
		free(gt);
		return TC_ERR_INVAL;
	}
	runsc_version(gt);
	gt->family = o != NULL && o->family == TC_AF_INET6 ? TC_AF_INET6 :
	    TC_AF_INET;
	gt->base.ops = &gvisor_ops;
	*out = &gt->base;
	return TC_OK;
}
