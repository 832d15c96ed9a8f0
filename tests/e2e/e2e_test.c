/*
 * e2e_test.c - the tcpconform binary end to end, against the real kernel.
 *
 * Runs $TC_BINARY (default ./tcpconform) as a subprocess with its working
 * directory at $TC_SOURCE_DIR (default .), its stdout and stderr in files
 * of a mkdtemp directory, and checks what users and CI scripts rely on:
 * exit statuses, console lines, JUnit/TAP/pcap files (read back with
 * xmllint, prove and tcpdump), reproducibility by --seed, and that a run
 * leaves nothing behind: no network namespace after SIGKILL or SIGINT,
 * nothing changed in the namespace it was started in.
 *
 * Needs root (the default target creates network namespaces).  The
 * cleanup tests start the tool inside a private network namespace of
 * their own (unshare in the CK_FORK child), so "the root namespace is
 * unchanged" is checked exactly, and other runs on the machine cannot
 * disturb the comparison; namespaces are tracked by inode, never by
 * global counts.  A scratch directory is removed when its test passes
 * and kept (its path is in the failure message) when it fails.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <regex.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define INOS_MAX	512

/* ---- environment ------------------------------------------------------ */

static const char *
bin(void)
{
	static char path[PATH_MAX];
	const char *b = getenv("TC_BINARY");

	if (path[0] == '\0') {
		if (b == NULL || *b == '\0')
			b = "./tcpconform";
		/* The child runs in the source dir: make the path absolute. */
		if (realpath(b, path) == NULL)
			snprintf(path, sizeof(path), "%s", b);
	}
	return path;
}

static const char *
src(void)
{
	static char path[PATH_MAX];
	const char *s = getenv("TC_SOURCE_DIR");

	if (path[0] == '\0') {
		if (s == NULL || *s == '\0')
			s = ".";
		if (realpath(s, path) == NULL)
			snprintf(path, sizeof(path), "%s", s);
	}
	return path;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) *
	    1e9) };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Is an executable of this name on PATH? */
static bool
have_tool(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096], cand[PATH_MAX], *dir, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path ? path :
	    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	for (dir = strtok_r(buf, ":", &save); dir != NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		snprintf(cand, sizeof(cand), "%s/%s", dir, name);
		if (access(cand, X_OK) == 0)
			return true;
	}
	return false;
}

/* ---- scratch directories ---------------------------------------------- */

static char *
scratch(void)
{
	const char *t = getenv("TMPDIR");
	char *d;

	ck_assert(asprintf(&d, "%s/tc-e2e-XXXXXX", t && *t ? t : "/tmp") > 0);
	ck_assert_msg(mkdtemp(d) != NULL, "mkdtemp: %s", strerror(errno));
	return d;
}

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

/* Called at the end of a passing test: a failing one keeps its files. */
static void
scratch_done(char *d)
{
	nftw(d, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(d);
}

static char *
path_in(const char *dir, const char *name)
{
	char *p;

	ck_assert(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

/* The whole file, NUL-terminated; NULL when it cannot be read. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap + 1);
			ck_assert(buf != NULL);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static bool
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* ---- subprocesses ----------------------------------------------------- */

/* A signal the next children start with ignored (0: none), as nohup
 * (SIGHUP) or sh for a background job (SIGINT) would start them. */
static int child_ignores;

struct proc {
	pid_t		pid;
	char		*out_path;
	char		*err_path;
	int		status;		/* waitpid's */
	char		*out;		/* (owned) stdout, after proc_wait */
	char		*err;		/* (owned) stderr */
};

/*
 * Starts argv (argv[0] "tcpconform" means the binary under test) in the
 * source directory, stdin from /dev/null, stdout/stderr into
 * dir/tag.out and dir/tag.err.
 */
static void
proc_start(struct proc *p, const char *dir, const char *tag,
    const char *const argv[])
{
	const char *prog = strcmp(argv[0], "tcpconform") == 0 ? bin() :
	    argv[0];
	int in, out, err;

	memset(p, 0, sizeof(*p));
	ck_assert(asprintf(&p->out_path, "%s/%s.out", dir, tag) > 0);
	ck_assert(asprintf(&p->err_path, "%s/%s.err", dir, tag) > 0);
	out = open(p->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644);
	err = open(p->err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644);
	in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert(out >= 0 && err >= 0 && in >= 0);
	fflush(NULL);
	p->pid = fork();
	ck_assert_msg(p->pid >= 0, "fork: %s", strerror(errno));
	if (p->pid == 0) {
		sigset_t none;

		/* Check may have left signals blocked or ignored. */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (child_ignores != 0)
			signal(child_ignores, SIG_IGN);
		if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
		    chdir(src()) != 0)
			_exit(126);
		unsetenv("CK_FORK");
		execvp(prog, (char *const *)argv);
		dprintf(2, "e2e: exec %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	close(in);
	close(out);
	close(err);
}

/* Waits at most timeout_s; kills and fails the test after that. */
static void
proc_wait(struct proc *p, double timeout_s)
{
	double end = now_s() + timeout_s;
	pid_t r;

	for (;;) {
		r = waitpid(p->pid, &p->status, WNOHANG);
		if (r == p->pid)
			break;
		ck_assert_msg(r == 0, "waitpid: %s", strerror(errno));
		if (now_s() > end) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, &p->status, 0);
			ck_abort_msg("%s did not finish within %.0f s (killed); "
			    "output in %s", p->out_path, timeout_s,
			    p->out_path);
		}
		sleep_s(0.01);
	}
	p->out = slurp(p->out_path);
	p->err = slurp(p->err_path);
	ck_assert(p->out != NULL && p->err != NULL);
}

static void
proc_free(struct proc *p)
{
	free(p->out_path);
	free(p->err_path);
	free(p->out);
	free(p->err);
	memset(p, 0, sizeof(*p));
}

/* The exit status as a shell shows it: 128+N for a signal. */
static int
proc_code(const struct proc *p)
{
	if (WIFEXITED(p->status))
		return WEXITSTATUS(p->status);
	if (WIFSIGNALED(p->status))
		return 128 + WTERMSIG(p->status);
	return -1;
}

#define RUN(p, dir, tag, timeout, ...) do {				\
	static const char *const argv_[] = { __VA_ARGS__, NULL };	\
	proc_start((p), (dir), (tag), argv_);				\
	proc_wait((p), (timeout));					\
} while (0)

/* Like RUN, for argument lists built at run time. */
static void
run_argv(struct proc *p, const char *dir, const char *tag, double timeout,
    const char *const argv[])
{
	proc_start(p, dir, tag, argv);
	proc_wait(p, timeout);
}

#define ARGV(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* A helper command that must succeed; returns its stdout (owned). */
static char *
must(const char *dir, const char *tag, const char *const argv[])
{
	struct proc p;
	char *out;

	run_argv(&p, dir, tag, 30, argv);
	ck_assert_msg(proc_code(&p) == 0, "%s exited %d: %s%s", argv[0],
	    proc_code(&p), p.out, p.err);
	out = p.out;
	p.out = NULL;
	proc_free(&p);
	return out;
}

/* ---- text ------------------------------------------------------------- */

/* Does some line, leading blanks stripped, start with prefix? Returns it. */
static const char *
find_line(const char *text, const char *prefix)
{
	const char *l = text;

	while (l != NULL && *l != '\0') {
		const char *s = l + strspn(l, " \t");

		if (strncmp(s, prefix, strlen(prefix)) == 0)
			return s;
		l = strchr(l, '\n');
		if (l != NULL)
			l++;
	}
	return NULL;
}

static size_t
count_lines(const char *text, const char *prefix)
{
	size_t n = 0;
	const char *l = text;

	while (l != NULL && *l != '\0') {
		if (strncmp(l, prefix, strlen(prefix)) == 0)
			n++;
		l = strchr(l, '\n');
		if (l != NULL)
			l++;
	}
	return n;
}

static size_t
count_str(const char *text, const char *needle)
{
	size_t n = 0;

	for (; (text = strstr(text, needle)) != NULL; text++)
		n++;
	return n;
}

/* The last non-empty line, copied. */
static void
last_line(const char *text, char *buf, size_t cap)
{
	const char *end = text + strlen(text), *start;

	while (end > text && end[-1] == '\n')
		end--;
	for (start = end; start > text && start[-1] != '\n'; start--)
		;
	snprintf(buf, cap, "%.*s", (int)(end - start), start);
}

/* The line containing needle, copied, or "" */
static void
line_with(const char *text, const char *needle, char *buf, size_t cap)
{
	const char *hit = strstr(text, needle), *s, *e;

	buf[0] = '\0';
	if (hit == NULL)
		return;
	for (s = hit; s > text && s[-1] != '\n'; s--)
		;
	e = strchr(hit, '\n');
	if (e == NULL)
		e = hit + strlen(hit);
	snprintf(buf, cap, "%.*s", (int)(e - s), s);
}

static bool
matches(const char *text, const char *re)
{
	regex_t r;
	bool hit;

	ck_assert(regcomp(&r, re, REG_EXTENDED | REG_NEWLINE | REG_NOSUB) ==
	    0);
	hit = regexec(&r, text, 0, NULL, 0) == 0;
	regfree(&r);
	return hit;
}

/* The numeric attribute attr of the first <elem ...>; -1 when absent. */
static long
xml_num(const char *doc, const char *elem, const char *attr)
{
	char open[64], key[64];
	const char *e, *end, *a;

	snprintf(open, sizeof(open), "<%s ", elem);
	snprintf(key, sizeof(key), " %s=\"", attr);
	if ((e = strstr(doc, open)) == NULL || (end = strchr(e, '>')) == NULL)
		return -1;
	a = strstr(e, key);
	if (a == NULL || a > end)
		return -1;
	return strtol(a + strlen(key), NULL, 10);
}

/* The <testcase> element (up to its end tag) whose name is name; owned. */
static char *
junit_case(const char *doc, const char *name)
{
	char key[256];
	const char *s, *gt, *n, *e;

	snprintf(key, sizeof(key), " name=\"%s\"", name);
	for (s = doc; (s = strstr(s, "<testcase ")) != NULL; s++) {
		gt = strchr(s, '>');
		n = strstr(s, key);
		if (gt == NULL || n == NULL || n > gt)
			continue;
		e = strstr(s, "</testcase>");
		ck_assert(e != NULL);
		return strndup(s, (size_t)(e - s));
	}
	return NULL;
}

/* ---- report checkers -------------------------------------------------- */

/* A complete JUnit document, valid against tests/schemas/junit.xsd. */
static void
check_xml_wellformed(const char *dir, const char *path)
{
	char *doc = slurp(path);

	ck_assert_msg(doc != NULL, "no JUnit report %s", path);
	ck_assert_msg(strncmp(doc, "<?xml", 5) == 0 && strstr(doc,
	    "</testsuites>\n") != NULL, "%s is not a complete JUnit "
	    "document", path);
	if (have_tool("xmllint")) {
		char *xsd = path_in(src(), "tests/schemas/junit.xsd");

		free(must(dir, "xmllint", ARGV("xmllint", "--noout", "--nonet",
		    "--schema", xsd, path)));
		free(xsd);
	} else
		fprintf(stderr, "e2e: xmllint not installed (ci/deps.sh "
		    "installs libxml2-utils); %s checked by hand only\n", path);
	free(doc);
}

/*
 * prove reads the TAP file (-e cat runs "cat FILE" as the test).  Returns
 * prove's exit status; asserts it parsed: right version, plan matching the
 * test points, n of them.
 */
static int
check_tap(const char *dir, const char *path, size_t n)
{
	char *doc = slurp(path), plan[32], tests[32];
	struct proc p;
	int rc;

	ck_assert_msg(doc != NULL, "no TAP report %s", path);
	ck_assert_msg(strncmp(doc, "TAP version 13\n", 15) == 0,
	    "%s: first line is not 'TAP version 13'", path);
	snprintf(plan, sizeof(plan), "\n1..%zu\n", n);
	ck_assert_msg(strstr(doc, plan) != NULL, "%s: no plan 1..%zu", path,
	    n);
	ck_assert_msg(count_lines(doc, "ok ") + count_lines(doc, "not ok ") ==
	    n, "%s: not %zu test points", path, n);
	free(doc);
	if (!have_tool("prove")) {
		fprintf(stderr, "e2e: prove not installed (ci/deps.sh installs "
		    "perl); %s checked by hand only\n", path);
		return -1;
	}
	run_argv(&p, dir, "prove", 30, ARGV("prove", "--norc", "-v", "-e",
	    "cat", path));
	snprintf(tests, sizeof(tests), "Tests=%zu,", n);
	ck_assert_msg(strstr(p.out, "Parse errors") == NULL &&
	    strstr(p.out, tests) != NULL, "prove does not read %s as %zu "
	    "tests:\n%s%s", path, n, p.out, p.err);
	rc = proc_code(&p);
	proc_free(&p);
	return rc;
}

/* ---- network namespaces, by inode ------------------------------------- */

struct inos {
	unsigned long	v[INOS_MAX];
	size_t		n;
};

static void
inos_add(struct inos *s, unsigned long ino)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == ino)
			return;
	if (s->n < INOS_MAX)
		s->v[s->n++] = ino;
}

static bool
inos_has(const struct inos *s, unsigned long ino)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == ino)
			return true;
	return false;
}

/* The net namespace inode a /proc link names; 0 if it names none. */
static unsigned long
netns_ino(const char *link)
{
	char buf[64];
	unsigned long ino;
	ssize_t len = readlink(link, buf, sizeof(buf) - 1);

	if (len <= 0)
		return 0;
	buf[len] = '\0';
	return sscanf(buf, "net:[%lu]", &ino) == 1 ? ino : 0;
}

static unsigned long
own_netns(void)
{
	unsigned long ino = netns_ino("/proc/self/ns/net");

	ck_assert(ino != 0);
	return ino;
}

/* Calls fn on every entry of /proc/<pid>/<sub>/. */
static void
each_link(const char *pid, const char *sub,
    void (*fn)(const char *link, void *arg), void *arg)
{
	char dir[600], link[900];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%.255s/%.255s", pid, sub);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, de->d_name);
		fn(link, arg);
	}
	closedir(d);
}

struct collect {
	struct inos	*s;
	unsigned long	except;
	const char	*pid;
};

static void
collect_link(const char *link, void *arg)
{
	struct collect *c = arg;
	unsigned long ino = netns_ino(link);

	if (ino != 0 && ino != c->except)
		inos_add(c->s, ino);
}

static void
collect_task(const char *task, void *arg)
{
	char p[600];

	snprintf(p, sizeof(p), "%.500s/ns/net", task);
	collect_link(p, arg);
}

/* The net namespaces pid is in (any thread) or holds an fd of. */
static void
collect_netns(pid_t pid, struct inos *s)
{
	struct collect c = { s, own_netns(), NULL };
	char p[32];

	snprintf(p, sizeof(p), "%ld", (long)pid);
	each_link(p, "task", collect_task, &c);
	each_link(p, "fd", collect_link, &c);
}

struct holder {
	const struct inos *s;
	char		*who;
	size_t		cap;
};

static void
holder_link(const char *link, void *arg)
{
	struct holder *h = arg;
	unsigned long ino = netns_ino(link);

	if (ino != 0 && inos_has(h->s, ino) && h->who[0] == '\0')
		snprintf(h->who, h->cap, "%s -> net:[%lu]", link, ino);
}

static void
holder_task(const char *task, void *arg)
{
	char p[600];

	snprintf(p, sizeof(p), "%.500s/ns/net", task);
	holder_link(p, arg);
}

/*
 * Is any of the namespaces still alive: a thread in it, an fd on it, or a
 * bind mount of it (our mount namespace, e.g. /run/netns)?  Names the
 * first holder in who.
 */
static bool
netns_held(const struct inos *s, char *who, size_t cap)
{
	struct holder h = { s, who, cap };
	struct dirent *de;
	char line[4096], tag[40];
	size_t i;
	DIR *d;
	FILE *f;

	who[0] = '\0';
	if ((d = opendir("/proc")) == NULL)
		return false;
	while (who[0] == '\0' && (de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		each_link(de->d_name, "task", holder_task, &h);
		each_link(de->d_name, "fd", holder_link, &h);
	}
	closedir(d);
	if (who[0] != '\0' || (f = fopen("/proc/self/mountinfo", "r")) == NULL)
		return who[0] != '\0';
	while (who[0] == '\0' && fgets(line, sizeof(line), f) != NULL)
		for (i = 0; i < s->n; i++) {
			snprintf(tag, sizeof(tag), "net:[%lu]", s->v[i]);
			if (strstr(line, tag) != NULL)
				snprintf(who, cap, "a mount: %.200s", line);
		}
	fclose(f);
	return who[0] != '\0';
}

/* Waits up to 3 s for the namespaces to lose their last holder. */
static void
assert_netns_gone(const struct inos *s)
{
	char who[700];
	double end = now_s() + 3;

	while (netns_held(s, who, sizeof(who)) && now_s() < end)
		sleep_s(0.05);
	ck_assert_msg(!netns_held(s, who, sizeof(who)), "a network namespace "
	    "of the run is still alive: %s", who);
}

/* No /run/netns/tcpc-PID-* of this pid. */
static void
assert_no_kept_netns(pid_t pid)
{
	char prefix[40];
	struct dirent *de;
	DIR *d;

	snprintf(prefix, sizeof(prefix), "tcpc-%ld-", (long)pid);
	if ((d = opendir("/run/netns")) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		ck_assert_msg(strncmp(de->d_name, prefix, strlen(prefix)) != 0,
		    "/run/netns/%s left behind", de->d_name);
	closedir(d);
}

/* ---- the namespace the tool starts in --------------------------------- */

/*
 * Moves this (forked test) process into a network namespace of its own,
 * with lo up, so that what the tool does to "its root namespace" is seen
 * exactly, undisturbed by anything else running on the machine.
 */
static void
private_netns(const char *dir)
{
	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): %s "
	    "(the e2e tests need root)", strerror(errno));
	free(must(dir, "lo-up", ARGV("ip", "link", "set", "lo", "up")));
}

static void
append(char **acc, const char *what, const char *text)
{
	char *n;

	ck_assert(asprintf(&n, "%s== %s\n%s", *acc ? *acc : "", what, text) >
	    0);
	free(*acc);
	*acc = n;
}

/* "name flags" of each link of `ip -o link`. */
static char *
links_of(const char *dir)
{
	char *raw = must(dir, "ip-link", ARGV("ip", "-o", "link", "show"));
	char *out = calloc(1, strlen(raw) + 1), *l, *save = NULL;

	ck_assert(out != NULL);
	for (l = strtok_r(raw, "\n", &save); l != NULL;
	    l = strtok_r(NULL, "\n", &save)) {
		char name[128], flags[256];

		if (sscanf(l, "%*d: %127s %255s", name, flags) == 2)
			sprintf(out + strlen(out), "%s %s\n", name, flags);
	}
	free(raw);
	return out;
}

/* "ifname family address" of each `ip -o addr` line (no lifetimes). */
static char *
addrs_of(const char *dir)
{
	char *raw = must(dir, "ip-addr", ARGV("ip", "-o", "addr", "show"));
	char *out = calloc(1, strlen(raw) + 1), *l, *save = NULL;

	ck_assert(out != NULL);
	for (l = strtok_r(raw, "\n", &save); l != NULL;
	    l = strtok_r(NULL, "\n", &save)) {
		char ifn[128], fam[16], addr[128];

		if (sscanf(l, "%*d: %127s %15s %127s", ifn, fam, addr) == 3)
			sprintf(out + strlen(out), "%s %s %s\n", ifn, fam,
			    addr);
	}
	free(raw);
	return out;
}

/*
 * Everything of the current namespace a run could change: links, IPv4
 * and IPv6 addresses, routes of all tables, neighbours, the sysctls the
 * tool sets in its own namespaces.
 */
static char *
net_state(const char *dir)
{
	static const char *const sysctls[] = {
		"/proc/sys/net/ipv6/conf/all/disable_ipv6",
		"/proc/sys/net/ipv6/conf/default/disable_ipv6",
		"/proc/sys/net/ipv4/ip_forward",
	};
	char *acc = NULL, *t;
	size_t i;

	append(&acc, "ip -o link", t = links_of(dir));
	free(t);
	append(&acc, "ip -o addr", t = addrs_of(dir));
	free(t);
	append(&acc, "ip route table all", t = must(dir, "ip-route",
	    ARGV("ip", "-o", "route", "show", "table", "all")));
	free(t);
	append(&acc, "ip -6 route table all", t = must(dir, "ip-route6",
	    ARGV("ip", "-o", "-6", "route", "show", "table", "all")));
	free(t);
	append(&acc, "ip neigh", t = must(dir, "ip-neigh",
	    ARGV("ip", "neigh", "show")));
	free(t);
	for (i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]); i++) {
		t = slurp(sysctls[i]);
		append(&acc, sysctls[i], t ? t : "(absent)\n");
		free(t);
	}
	return acc;
}

/* ---- 1. the bundled suite --------------------------------------------- */

START_TEST(suite_passes_with_reports)
{
	char *d = scratch(), *junit = path_in(d, "junit.xml");
	char *tap = path_in(d, "suite.tap"), *pcaps = path_in(d, "pcaps");
	char *suite = path_in(src(), "testcases"), *jspec, *tspec, *doc;
	char last[256], want[128];
	size_t npass, nskip;
	long tests;
	struct proc p;
	DIR *pd;
	struct dirent *de;

	ck_assert(asprintf(&jspec, "junit:%s", junit) > 0);
	ck_assert(asprintf(&tspec, "tap:%s", tap) > 0);
	run_argv(&p, d, "suite", 110, ARGV("tcpconform", "run", "-j", "8",
	    "--report", jspec, "--report", tspec, "--pcap-dir", pcaps,
	    suite));
	ck_assert_msg(proc_code(&p) == 0, "suite run exited %d (dir %s):\n"
	    "%s%s", proc_code(&p), d, p.out, p.err);
	/* Known Linux deviations (testcases/known-deviations) are XFAIL. */
	npass = count_lines(p.out, "PASS ") + count_lines(p.out, "XFAIL ");
	ck_assert_msg(npass >= 15, "only %zu PASS lines:\n%s", npass, p.out);
	/* Only testcases for another address family (tagged ipv6-only). */
	nskip = count_lines(p.out, "SKIP ");
	ck_assert_uint_eq(nskip, count_str(p.out, "not on IPv4: "));
	last_line(p.out, last, sizeof(last));
	snprintf(want, sizeof(want), "%zu passed, 0 failed, ", npass);
	ck_assert_msg(strncmp(last, want, strlen(want)) == 0,
	    "closing line '%s', expected '%s...'", last, want);

	check_xml_wellformed(d, junit);
	doc = slurp(junit);
	tests = xml_num(doc, "testsuites", "tests");
	ck_assert_msg(tests == (long)(npass + nskip), "JUnit tests=%ld, "
	    "console %zu PASS, %zu SKIP", tests, npass, nskip);
	ck_assert_int_eq(xml_num(doc, "testsuites", "failures"), 0);
	ck_assert_int_eq(xml_num(doc, "testsuites", "errors"), 0);
	ck_assert_uint_eq(count_str(doc, "<skipped "), nskip);
	ck_assert_uint_eq(count_str(doc, "<testcase "), npass + nskip);
	free(doc);

	ck_assert_msg(check_tap(d, tap, npass + nskip) != 1, "prove failed "
	    "on %s", tap);

	/* A pcap by default only for what did not PASS: here, the XFAILs
	 * (known deviations: the pcap shows them). */
	pd = opendir(pcaps);
	ck_assert_msg(pd != NULL, "--pcap-dir %s not created", pcaps);
	while ((de = readdir(pd)) != NULL) {
		char line[600], *dot;
		size_t k;

		if (de->d_name[0] == '.')
			continue;
		snprintf(line, sizeof(line), "XFAIL %s", de->d_name);
		if ((dot = strstr(line, ".pcap")) != NULL)
			*dot = '\0';
		for (k = strlen("XFAIL "); line[k] != '\0'; k++)
			if (line[k] == '.')	/* file names replace '/' */
				line[k] = '/';
		ck_assert_msg(strstr(p.out, line) != NULL, "pcap %s written "
		    "for a testcase that passed (without --pcap-all)",
		    de->d_name);
	}
	closedir(pd);
	proc_free(&p);
	free(jspec);
	free(tspec);
	free(junit);
	free(tap);
	free(pcaps);
	free(suite);
	scratch_done(d);
}
END_TEST

/* `list` names the same testcases the suite run ran, each with a ref. */
START_TEST(list_and_check_the_suite)
{
	char *d = scratch(), *suite = path_in(src(), "testcases");
	const char *l;
	size_t ids = 0, refs = 0;
	struct proc p;
	char want[64];

	run_argv(&p, d, "list", 30, ARGV("tcpconform", "list", suite));
	ck_assert_msg(proc_code(&p) == 0, "list exited %d: %s",
	    proc_code(&p), p.err);
	for (l = p.out; *l != '\0'; l = strchr(l, '\n') + 1) {
		if (*l != ' ' && *l != '\n')
			ids++;
		if (strncmp(l + strspn(l, " "), "ref: RFC", 8) == 0)
			refs++;
		if (strchr(l, '\n') == NULL)
			break;
	}
	ck_assert_msg(ids >= 15, "list shows %zu ids:\n%s", ids, p.out);
	ck_assert_msg(refs == ids, "%zu ids but %zu 'ref: RFC...' lines:\n%s",
	    ids, refs, p.out);
	ck_assert_msg(matches(p.out, "^handshake/passive-open +[^ ]"),
	    "no 'handshake/passive-open' id:\n%s", p.out);
	proc_free(&p);

	run_argv(&p, d, "check", 30, ARGV("tcpconform", "check", suite));
	ck_assert_msg(proc_code(&p) == 0, "check on the suite exited %d: %s",
	    proc_code(&p), p.err);
	snprintf(want, sizeof(want), "%zu testcases checked, 0 with errors",
	    ids);
	ck_assert_msg(strstr(p.out, want) != NULL, "expected '%s':\n%s",
	    want, p.out);
	ck_assert_msg(p.err[0] == '\0', "check warns on the suite:\n%s",
	    p.err);
	proc_free(&p);
	free(suite);
	scratch_done(d);
}
END_TEST

/* ---- 2. a FAIL, and its evidence --------------------------------------- */

START_TEST(wrong_ack_fails_with_evidence)
{
	char *d = scratch(), *junit = path_in(d, "junit.xml");
	char *tap = path_in(d, "t.tap"), *pcaps = path_in(d, "pcaps");
	char *pcap = path_in(pcaps, "wrong-ack.pcap");
	char *jspec, *tspec, *doc, *tc, *dump, want[256];
	const char *l;
	unsigned long isn;
	unsigned tport, dport;
	struct proc p;

	ck_assert(asprintf(&jspec, "junit:%s", junit) > 0);
	ck_assert(asprintf(&tspec, "tap:%s", tap) > 0);
	run_argv(&p, d, "wrong-ack", 30, ARGV("tcpconform", "run",
	    "--report", jspec, "--report", tspec, "--pcap-dir", pcaps,
	    "tests/e2e/scripts/wrong-ack.tcs"));
	ck_assert_msg(proc_code(&p) == 1, "wrong-ack exited %d, expected 1:\n"
	    "%s%s", proc_code(&p), p.out, p.err);
	ck_assert_msg(matches(p.out, "^FAIL +wrong-ack"), "no FAIL line:\n%s",
	    p.out);
	ck_assert_msg(find_line(p.out, "expected: S. ack=isn+2") != NULL,
	    "no 'expected: S. ack=isn+2' line:\n%s", p.out);
	ck_assert_msg(find_line(p.out, "got: S. seq ") != NULL,
	    "no 'got: S. seq ...' line:\n%s", p.out);
	ck_assert_msg(matches(p.out, "^0 passed, 1 failed, "),
	    "closing line:\n%s", p.out);
	l = strstr(p.out, "# isn ");
	ck_assert_msg(l != NULL && sscanf(l, "# isn %lu; tester 198.18.0.1:%u, "
	    "target 198.18.0.2:%u", &isn, &tport, &dport) == 3,
	    "no 'isn N; tester ADDR:PORT, target ADDR:PORT' note:\n%s", p.out);

	check_xml_wellformed(d, junit);
	doc = slurp(junit);
	ck_assert_int_eq(xml_num(doc, "testsuites", "tests"), 1);
	ck_assert_int_eq(xml_num(doc, "testsuites", "failures"), 1);
	tc = junit_case(doc, "wrong-ack");
	ck_assert_msg(tc != NULL, "no testcase wrong-ack in %s", junit);
	ck_assert_msg(strstr(tc, "<failure message=\"line 7: expected S. "
	    "ack=isn+2") != NULL && strstr(tc, "type=\"FAIL\"") != NULL,
	    "no <failure> with the message:\n%s", tc);
	ck_assert_msg(strstr(tc, "expected: S. ack=isn+2\n") != NULL &&
	    strstr(tc, "got: S. seq ") != NULL, "no expected/got in the "
	    "failure body:\n%s", tc);
	snprintf(want, sizeof(want), "[[ATTACHMENT|%s]]", pcap);
	ck_assert_msg(strstr(tc, want) != NULL, "no %s:\n%s", want, tc);
	free(tc);
	free(doc);

	ck_assert_msg(check_tap(d, tap, 1) != 0, "prove passed a FAIL");
	doc = slurp(tap);
	ck_assert_msg(matches(doc, "^not ok 1 - wrong-ack$"), "TAP:\n%s", doc);
	ck_assert_msg(strstr(doc, "  verdict: FAIL\n") != NULL &&
	    strstr(doc, "  expected: \"S. ack=isn+2\"\n") != NULL,
	    "TAP diagnostics:\n%s", doc);
	free(doc);

	/* The pcap: tcpdump reads it, and it shows what the log says. */
	ck_assert_msg(file_exists(pcap), "no %s", pcap);
	ck_assert_msg(have_tool("tcpdump"), "tcpdump is not installed "
	    "(ci/deps.sh installs it); cannot read %s", pcap);
	dump = must(d, "tcpdump", ARGV("tcpdump", "-n", "-r", pcap));
	snprintf(want, sizeof(want), "IP 198.18.0.1.%u > 198.18.0.2.%u: "
	    "Flags [S], seq %lu,", tport, dport, isn);
	ck_assert_msg(strstr(dump, want) != NULL, "no '%s' in tcpdump:\n%s",
	    want, dump);
	snprintf(want, sizeof(want), "IP 198.18.0.2.%u > 198.18.0.1.%u: "
	    "Flags [S.], seq ", dport, tport);
	ck_assert_msg(strstr(dump, want) != NULL, "no '%s' in tcpdump:\n%s",
	    want, dump);
	snprintf(want, sizeof(want), ", ack %lu,", (isn + 1) & 0xffffffffUL);
	ck_assert_msg(strstr(dump, want) != NULL, "SYN-ACK does not ack "
	    "isn+1 in tcpdump:\n%s", dump);
	free(dump);
	proc_free(&p);
	free(jspec);
	free(tspec);
	free(junit);
	free(tap);
	free(pcap);
	free(pcaps);
	scratch_done(d);
}
END_TEST

/* ERROR and INCONC: exit 1, and each in its JUnit element. */
START_TEST(error_and_inconc_verdicts)
{
	char *d = scratch(), *junit = path_in(d, "junit.xml");
	char *tap = path_in(d, "t.tap"), *jspec, *tspec, *doc, *tc;
	struct proc p;

	ck_assert(asprintf(&jspec, "junit:%s", junit) > 0);
	ck_assert(asprintf(&tspec, "tap:%s", tap) > 0);
	run_argv(&p, d, "verdicts", 30, ARGV("tcpconform", "run", "--report",
	    jspec, "--report", tspec, "tests/e2e/scripts/verdicts"));
	ck_assert_msg(proc_code(&p) == 1, "exited %d, expected 1:\n%s%s",
	    proc_code(&p), p.out, p.err);
	ck_assert_msg(matches(p.out, "^ERROR +error-peer-unset") &&
	    matches(p.out, "^INCONC +inconc-before-ready"), "console:\n%s",
	    p.out);
	ck_assert_msg(strstr(p.out, "'peer' is used before the target sent "
	    "a SYN") != NULL, "no reason for the ERROR:\n%s", p.out);
	check_xml_wellformed(d, junit);
	doc = slurp(junit);
	ck_assert_int_eq(xml_num(doc, "testsuites", "errors"), 1);
	ck_assert_int_eq(xml_num(doc, "testsuites", "failures"), 1);
	tc = junit_case(doc, "error-peer-unset");
	ck_assert_msg(tc && strstr(tc, "<error message=\"line 6: ") &&
	    strstr(tc, "type=\"ERROR\""), "ERROR testcase:\n%s", tc);
	free(tc);
	tc = junit_case(doc, "inconc-before-ready");
	ck_assert_msg(tc && strstr(tc, "<failure message=\"line 7: ") &&
	    strstr(tc, "type=\"INCONC\"") && strstr(tc, "before &apos;ready"
	    "&apos;"), "INCONC testcase:\n%s", tc);
	free(tc);
	free(doc);
	ck_assert(check_tap(d, tap, 2) != 0);
	doc = slurp(tap);
	ck_assert_msg(strstr(doc, "  severity: error\n  verdict: ERROR\n") &&
	    strstr(doc, "  verdict: INCONC\n"), "TAP:\n%s", doc);
	free(doc);
	proc_free(&p);
	free(jspec);
	free(tspec);
	free(junit);
	free(tap);
	scratch_done(d);
}
END_TEST

/* expect optional: a match is consumed, a miss is left for the next step. */
START_TEST(optional_expect_consumes_or_leaves)
{
	char *d = scratch(), *json = path_in(d, "o.json"), *jspec, *doc;
	struct proc p;

	ck_assert(asprintf(&jspec, "json:%s", json) > 0);
	run_argv(&p, d, "optional", 30, ARGV("tcpconform", "run", "--report",
	    jspec, "tests/e2e/scripts/optional"));
	ck_assert_msg(proc_code(&p) == 1, "exited %d, expected 1:\n%s%s",
	    proc_code(&p), p.out, p.err);
	ck_assert_msg(matches(p.out, "^PASS +optional-left-queued") &&
	    matches(p.out, "^FAIL +optional-consumes"), "console:\n%s", p.out);
	ck_assert_msg(strstr(p.out, "line 12: expected . seq=peer+1 "
	    "ack=isn+501 within 0.300s; nothing came") != NULL,
	    "the consumed ACK came again?\n%s", p.out);
	doc = slurp(json);
	ck_assert_msg(strstr(doc, "did not match, left for the next step") !=
	    NULL, "no note of the segment left queued:\n%s", doc);
	free(doc);
	proc_free(&p);
	free(jspec);
	free(json);
	scratch_done(d);
}
END_TEST

/* Known deviations: a listed FAIL is XFAIL (exit 0); a listed PASS is
 * XPASS (exit 1: the list is stale). */
START_TEST(deviations_xfail_and_xpass)
{
	char *d = scratch(), *dev = path_in(d, "devs.txt");
	FILE *f = fopen(dev, "w");
	struct proc p;

	ck_assert(f != NULL);
	fprintf(f, "# e2e\nwrong-ack the script expects ack=isn+2 on "
	    "purpose\nhandshake/passive-open listed to see XPASS\n");
	ck_assert(fclose(f) == 0);
	run_argv(&p, d, "xfail", 30, ARGV("tcpconform", "run", "--deviations",
	    dev, "tests/e2e/scripts/wrong-ack.tcs"));
	ck_assert_msg(proc_code(&p) == 0 && matches(p.out, "^XFAIL +wrong-"
	    "ack"), "XFAIL run exited %d:\n%s%s", proc_code(&p), p.out,
	    p.err);
	proc_free(&p);
	run_argv(&p, d, "xpass", 30, ARGV("tcpconform", "run", "--deviations",
	    dev, "testcases/handshake/passive-open.tcs"));
	ck_assert_msg(proc_code(&p) == 1 && matches(p.out, "^XPASS +handshake/"
	    "passive-open"), "XPASS run exited %d:\n%s%s", proc_code(&p), p.out,
	    p.err);
	proc_free(&p);
	free(dev);
	scratch_done(d);
}
END_TEST

/* ---- 3. exit statuses and diagnostics ---------------------------------- */

static const char bad_script[] =
	"test \"a syntax error on line 4\"\n"
	"ref  RFC9293 3.5\n"
	"target listen as srv\n"
	"send   S   seq=isn+ <mss 1460>\n"
	"expect S.  ack=isn+1\n";

static void
assert_diagnostic(const struct proc *p, const char *file)
{
	char re[PATH_MAX + 64];

	snprintf(re, sizeof(re), "^%s:4:[0-9]+: error: .+$", file);
	ck_assert_msg(matches(p->err, re), "no '%s:4:COL: error: ...' on "
	    "stderr:\n%s", file, p->err);
	ck_assert_msg(matches(p->err, "^ +\\| +\\^$"), "no caret line on "
	    "stderr:\n%s", p->err);
	ck_assert_msg(matches(p->err, "^ +4 \\| send +S +seq=isn\\+ <mss "
	    "1460>$"), "the source line is not quoted:\n%s", p->err);
}

START_TEST(syntax_error_is_2)
{
	char *d = scratch(), *file = path_in(d, "bad.tcs");
	FILE *f = fopen(file, "w");
	struct proc p;

	ck_assert(f != NULL && fputs(bad_script, f) >= 0 && fclose(f) == 0);
	run_argv(&p, d, "run-bad", 30, ARGV("tcpconform", "run", file));
	ck_assert_msg(proc_code(&p) == 2, "run on a syntax error exited %d",
	    proc_code(&p));
	assert_diagnostic(&p, file);
	ck_assert_msg(strstr(p.out, "PASS") == NULL && strstr(p.out, "FAIL") ==
	    NULL, "something ran:\n%s", p.out);
	proc_free(&p);
	run_argv(&p, d, "check-bad", 30, ARGV("tcpconform", "check", file));
	ck_assert_msg(proc_code(&p) == 2, "check on a syntax error exited %d",
	    proc_code(&p));
	assert_diagnostic(&p, file);
	proc_free(&p);
	free(file);
	scratch_done(d);
}
END_TEST

/* Usage errors: exit 2, a "tcpconform: " message on stderr, no stdout. */
static const struct usage_case {
	const char	*argv[6];
	const char	*err;		/* on stderr */
} usage_cases[] = {
	{ { "run", "--no-such-option" }, "tcpconform: " },
	{ { "run", "--report", "xml:out.xml" }, "unknown format 'xml'" },
	{ { "run", "--report", "junit" }, "expected FMT:FILE" },
	{ { "run", "-j", "0" }, "-j '0'" },
	{ { "run", "--seed", "soon" }, "--seed 'soon'" },
	{ { "run", "/nonexistent/e2e/path" }, "/nonexistent/e2e/path" },
	{ { "check", "/nonexistent/e2e/path" }, "/nonexistent/e2e/path" },
	{ { "list", "/nonexistent/e2e/path" }, "/nonexistent/e2e/path" },
	{ { "check" }, "expected at least one PATH" },
	{ { "frobnicate" }, "unknown command 'frobnicate'" },
	{ { NULL }, "expected a command" },
};

START_TEST(usage_errors_are_2)
{
	const struct usage_case *c = &usage_cases[_i];
	const char *argv[8] = { "tcpconform" };
	char *d = scratch();
	struct proc p;
	size_t k;

	for (k = 0; c->argv[k] != NULL; k++)
		argv[k + 1] = c->argv[k];
	run_argv(&p, d, "usage", 30, argv);
	ck_assert_msg(proc_code(&p) == 2, "'%s %s' exited %d, expected 2:\n"
	    "%s%s", c->argv[0] ? c->argv[0] : "", c->argv[1] ? c->argv[1] :
	    "", proc_code(&p), p.out, p.err);
	ck_assert_msg(strncmp(p.err, "tcpconform: ", 12) == 0 ||
	    strstr(p.err, "\ntcpconform: ") != NULL, "no 'tcpconform: ...' "
	    "message on stderr:\n%s", p.err);
	ck_assert_msg(strstr(p.err, c->err) != NULL, "stderr lacks '%s':\n%s",
	    c->err, p.err);
	ck_assert_msg(p.out[0] == '\0', "a usage error printed to stdout:\n%s",
	    p.out);
	proc_free(&p);
	scratch_done(d);
}
END_TEST

START_TEST(help_and_version)
{
	char *d = scratch();
	struct proc p;

	RUN(&p, d, "help", 10, "tcpconform", "--help");
	ck_assert_int_eq(proc_code(&p), 0);
	ck_assert_msg(strstr(p.out, "docs/script-language.md") != NULL,
	    "--help does not point at docs/script-language.md:\n%s", p.out);
	ck_assert_msg(strstr(p.out, "usage: tcpconform run") != NULL &&
	    strstr(p.out, "130 interrupted") != NULL, "--help:\n%s", p.out);
	ck_assert(p.err[0] == '\0');
	proc_free(&p);
	RUN(&p, d, "version", 10, "tcpconform", "--version");
	ck_assert_int_eq(proc_code(&p), 0);
	ck_assert_msg(matches(p.out, "^tcpconform [0-9]+\\.[0-9]+\\.[0-9]+"
	    "[^ \n]*$") && count_lines(p.out, "") == 1, "--version:\n%s",
	    p.out);
	proc_free(&p);
	scratch_done(d);
}
END_TEST

/* The reference --help names must exist in the source tree. */
START_TEST(help_names_existing_docs)
{
	char *doc = path_in(src(), "docs/script-language.md");

	ck_assert_msg(file_exists(doc), "--help points at %s, which does not "
	    "exist", doc);
	free(doc);
}
END_TEST

START_TEST(filter_selecting_nothing_is_1)
{
	char *d = scratch();
	struct proc p;

	RUN(&p, d, "nomatch", 30, "tcpconform", "run", "--filter", "nomatch*",
	    "testcases");
	ck_assert_msg(proc_code(&p) == 1, "exited %d:\n%s", proc_code(&p),
	    p.err);
	ck_assert_msg(strstr(p.err, "no testcase selected") != NULL,
	    "stderr:\n%s", p.err);
	proc_free(&p);
	scratch_done(d);
}
END_TEST

/* ---- 4. reproducibility ------------------------------------------------ */

/* The "isn N; tester A:P, target B:Q" note of a wrong-ack run. */
static void
seeded_note(const char *d, const char *seed, char *note, size_t cap)
{
	struct proc p;
	const char *s, *e;

	run_argv(&p, d, "seeded", 30, ARGV("tcpconform", "run", "--seed",
	    seed, "tests/e2e/scripts/wrong-ack.tcs"));
	ck_assert_int_eq(proc_code(&p), 1);
	s = strstr(p.out, "# isn ");
	ck_assert_msg(s != NULL, "no isn note:\n%s", p.out);
	e = strstr(s, " (seed ");
	ck_assert_msg(e != NULL, "note without its seed:\n%s", p.out);
	snprintf(note, cap, "%.*s", (int)(e - s), s);
	ck_assert_msg(strstr(p.out, "seed ") && strstr(strstr(p.out, "seed "),
	    seed), "the seed is not printed:\n%s", p.out);
	proc_free(&p);
}

START_TEST(same_seed_same_isn_and_ports)
{
	char *d = scratch(), a[256], b[256], c[256];

	seeded_note(d, "271828", a, sizeof(a));
	seeded_note(d, "271828", b, sizeof(b));
	seeded_note(d, "314159", c, sizeof(c));
	ck_assert_msg(strcmp(a, b) == 0, "same seed, different runs:\n%s\n%s",
	    a, b);
	ck_assert_msg(strcmp(a, c) != 0, "different seeds, same ISN and "
	    "ports: %s", a);
	scratch_done(d);
}
END_TEST

/* ---- 5-7. nothing left behind ------------------------------------------ */

/* Collects the run's namespaces every 50 ms until t seconds have passed
 * (or, with until_text, until that text is on its stdout, at least t). */
static void
watch(const struct proc *p, struct inos *s, double t, const char *until)
{
	double start = now_s();
	char *out;

	for (;;) {
		collect_netns(p->pid, s);
		if (now_s() - start >= t) {
			if (until == NULL)
				break;
			out = slurp(p->out_path);
			if (out != NULL && strstr(out, until) != NULL) {
				free(out);
				break;
			}
			free(out);
			ck_assert_msg(now_s() - start < 20, "'%s' never "
			    "appeared on stdout", until);
		}
		sleep_s(0.05);
	}
}

START_TEST(sigkill_leaves_nothing)
{
	char *d = scratch(), *before, *after;
	struct inos s = { .n = 0 };
	struct proc p;

	private_netns(d);
	before = net_state(d);
	proc_start(&p, d, "killed", ARGV("tcpconform", "run", "-j", "4",
	    "testcases/retransmission"));
	watch(&p, &s, 0.7, NULL);
	collect_netns(p.pid, &s);
	ck_assert_int_eq(kill(p.pid, SIGKILL), 0);
	proc_wait(&p, 10);
	ck_assert_msg(WIFSIGNALED(p.status) && WTERMSIG(p.status) == SIGKILL,
	    "the run ended before the kill (status %d):\n%s%s",
	    proc_code(&p), p.out, p.err);
	ck_assert_msg(s.n >= 2, "saw %zu namespaces of the run; expected "
	    "the tester's and the target's at least", s.n);
	assert_netns_gone(&s);
	assert_no_kept_netns(p.pid);
	after = net_state(d);
	ck_assert_msg(strcmp(before, after) == 0, "the starting namespace "
	    "changed:\nbefore:\n%s\nafter:\n%s", before, after);
	free(before);
	free(after);
	proc_free(&p);
	scratch_done(d);
}
END_TEST

/* No ".name.XXXXXX" of the atomic report writer left in dir. */
static void
assert_no_temp_files(const char *dir)
{
	struct dirent *de;
	DIR *dd = opendir(dir);

	ck_assert(dd != NULL);
	while ((de = readdir(dd)) != NULL)
		ck_assert_msg(de->d_name[0] != '.' || strcmp(de->d_name, ".") ==
		    0 || strcmp(de->d_name, "..") == 0, "temp file %s/%s left",
		    dir, de->d_name);
	closedir(dd);
}

/*
 * SIGINT (and SIGTERM) in the middle of a -j 1 run:
 *   a-quick            PASS (finished before the signal)
 *   b-slow             in flight: NOTRUN "interrupted by <signal>"
 *   c-quick, d-quick,
 *   synack-retransmit  never started: NOTRUN, "the run was interrupted"
 * exit 130, complete reports, nothing left.
 */
static const int interrupt_signals[] = { SIGINT, SIGTERM };

START_TEST(interrupt_writes_reports_and_cleans_up)
{
	int sig = interrupt_signals[_i];
	char *d = scratch(), *rep = path_in(d, "reports");
	char *junit = path_in(rep, "junit.xml"), *tap = path_in(rep, "t.tap");
	char *jspec, *tspec, *doc, *tc, *before, *after, why[64], line[512];
	char doubled[600] = "";
	static const char *const never[] = { "c-quick", "d-quick",
	    "synack-retransmit" };
	struct inos s = { .n = 0 };
	struct proc p;
	double t_sig;
	size_t i;

	ck_assert(mkdir(rep, 0755) == 0);
	ck_assert(asprintf(&jspec, "junit:%s", junit) > 0);
	ck_assert(asprintf(&tspec, "tap:%s", tap) > 0);
	private_netns(d);
	before = net_state(d);
	proc_start(&p, d, "interrupted", ARGV("tcpconform", "run", "-j", "1",
	    "--report", jspec, "--report", tspec,
	    "testcases/retransmission/synack-retransmit.tcs",
	    "tests/e2e/scripts/interrupt"));
	/* At least 0.7 s, and a-quick done so that b-slow is in flight. */
	watch(&p, &s, 0.7, "PASS  a-quick");
	sleep_s(0.2);
	collect_netns(p.pid, &s);
	t_sig = now_s();
	ck_assert_int_eq(kill(p.pid, sig), 0);
	proc_wait(&p, 15);
	ck_assert_msg(proc_code(&p) == 130, "%s: exited %d, expected 130:\n"
	    "%s%s", strsignal(sig), proc_code(&p), p.out, p.err);
	ck_assert_msg(now_s() - t_sig < 3, "took %.1f s to stop after %s",
	    now_s() - t_sig, strsignal(sig));
	ck_assert_msg(s.n >= 2, "saw %zu namespaces of the run", s.n);
	ck_assert_msg(strstr(p.out, "interrupted") != NULL, "the console does "
	    "not say the run was interrupted:\n%s", p.out);

	/* JUnit: complete, 5 testcases, the unfinished ones skipped. */
	check_xml_wellformed(d, junit);
	doc = slurp(junit);
	ck_assert_int_eq(xml_num(doc, "testsuites", "tests"), 5);
	ck_assert_uint_eq(count_str(doc, "<skipped "), 4);
	ck_assert_int_eq(xml_num(doc, "testsuites", "failures"), 0);
	ck_assert_msg(strstr(doc, "<property name=\"interrupted\" value=\""
	    "true\"/>") != NULL, "no interrupted property:\n%s", doc);
	tc = junit_case(doc, "a-quick");
	ck_assert_msg(tc && strstr(tc, ">verdict: PASS\n") && !strstr(tc,
	    "<skipped"), "a-quick:\n%s", tc);
	free(tc);
	snprintf(why, sizeof(why), "<skipped message=\"not run: interrupted "
	    "by %s\"/>", strsignal(sig));
	tc = junit_case(doc, "b-slow");
	ck_assert_msg(tc && strstr(tc, why), "b-slow (in flight) lacks %s:\n"
	    "%s", why, tc);
	free(tc);
	for (i = 0; i < 3; i++) {
		tc = junit_case(doc, never[i]);
		line_with(tc ? tc : "", "<skipped message=\"", line,
		    sizeof(line));
		ck_assert_msg(tc && strstr(line, "not run") && strstr(line,
		    "interrupted"), "%s (never started):\n%s", never[i], tc);
		if (strstr(line, "not run: not run:") != NULL && !doubled[0])
			snprintf(doubled, sizeof(doubled), "JUnit %s: %s",
			    never[i], line);
		free(tc);
	}
	free(doc);

	/* TAP: plan 1..5, ok for a-quick, not ok + NOTRUN for the rest. */
	ck_assert(check_tap(d, tap, 5) != 0);
	doc = slurp(tap);
	ck_assert_msg(matches(doc, "^ok [0-9] - a-quick$") &&
	    matches(doc, "^not ok [0-9] - b-slow$") &&
	    count_lines(doc, "not ok ") == 4 &&
	    count_str(doc, "  verdict: NOTRUN\n") == 4 &&
	    strstr(doc, "\n# the run was interrupted\n") != NULL,
	    "TAP:\n%s", doc);
	line_with(doc, "not run: not run:", line, sizeof(line));
	if (line[0] != '\0' && !doubled[0])
		snprintf(doubled, sizeof(doubled), "TAP: %s", line);
	free(doc);
	assert_no_temp_files(rep);

	assert_netns_gone(&s);
	assert_no_kept_netns(p.pid);
	after = net_state(d);
	ck_assert_msg(strcmp(before, after) == 0, "the starting namespace "
	    "changed:\nbefore:\n%s\nafter:\n%s", before, after);
	/*
	 * Last, so that the rest is checked while it stands: the reason
	 * of a never-started testcase already reads "not run: ..." and the
	 * writers prefix another "not run: ".
	 */
	ck_assert_msg(doubled[0] == '\0', "doubled 'not run: ' prefix in %s",
	    doubled);
	free(before);
	free(after);
	proc_free(&p);
	free(jspec);
	free(tspec);
	free(junit);
	free(tap);
	free(rep);
	scratch_done(d);
}
END_TEST

/*
 * A signal ignored by whoever started the run stays ignored: "nohup
 * tcpconform run &" survives the terminal's SIGHUP, and a background job
 * of a sh script, started with SIGINT ignored, survives Ctrl-C.
 */
static const int ignored_signals[] = { SIGHUP, SIGINT };

START_TEST(ignored_signal_stays_ignored)
{
	int sig = ignored_signals[_i];
	char *d = scratch();
	struct proc p;

	child_ignores = sig;
	proc_start(&p, d, "nohup", ARGV("tcpconform", "run", "-j", "4",
	    "testcases/retransmission/synack-retransmit.tcs"));
	child_ignores = 0;
	sleep_s(0.7);
	ck_assert_int_eq(kill(p.pid, sig), 0);
	proc_wait(&p, 20);
	ck_assert_msg(proc_code(&p) == 0, "started with %s ignored, the run "
	    "exited %d after one:\n%s%s", strsignal(sig), proc_code(&p),
	    p.out, p.err);
	ck_assert_msg(matches(p.out, "^1 passed, 0 failed, "), "%s", p.out);
	proc_free(&p);
	scratch_done(d);
}
END_TEST

/* While a run is in progress, its starting namespace is untouched. */
START_TEST(starting_netns_untouched_during_run)
{
	char *d = scratch(), *before, *during;
	struct inos s = { .n = 0 };
	struct proc p;
	int samples = 0;

	private_netns(d);
	before = net_state(d);
	proc_start(&p, d, "run", ARGV("tcpconform", "run", "-j", "4",
	    "testcases/retransmission"));
	while (waitpid(p.pid, &p.status, WNOHANG) == 0) {
		collect_netns(p.pid, &s);
		during = net_state(d);
		samples++;
		ck_assert_msg(strcmp(before, during) == 0, "the starting "
		    "namespace changed during the run:\nbefore:\n%s\nduring:"
		    "\n%s", before, during);
		free(during);
		sleep_s(0.1);
	}
	p.out = slurp(p.out_path);
	p.err = slurp(p.err_path);
	ck_assert_msg(proc_code(&p) == 0, "the run exited %d:\n%s%s",
	    proc_code(&p), p.out, p.err);
	ck_assert_msg(samples >= 5 && s.n >= 2, "%d samples, %zu namespaces "
	    "seen", samples, s.n);
	assert_netns_gone(&s);
	during = net_state(d);
	ck_assert_msg(strcmp(before, during) == 0, "the starting namespace "
	    "changed after the run:\nbefore:\n%s\nafter:\n%s", before,
	    during);
	free(during);
	free(before);
	proc_free(&p);
	scratch_done(d);
}
END_TEST

/*
 * The same in the machine's real namespace, where other runs may be
 * going on: a difference only counts when it looks like ours (a tcpc-
 * link, an address from 198.18.0.0/15 or 2001:2::/48).
 */
static void
assert_nothing_ours(const char *before, const char *now)
{
	static const char *const ours[] = { "tcpc-", " 198.18.", " 198.19.",
	    " 2001:2:" };
	char *copy = strdup(now), *l, *save = NULL;
	size_t i;

	ck_assert(copy != NULL);
	for (l = strtok_r(copy, "\n", &save); l != NULL;
	    l = strtok_r(NULL, "\n", &save)) {
		if (strstr(before, l) != NULL)
			continue;
		for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
			ck_assert_msg(strstr(l, ours[i]) == NULL, "in the "
			    "root namespace during a run: %s", l);
		fprintf(stderr, "e2e: root namespace changed by someone else "
		    "during the run: %s\n", l);
	}
	free(copy);
}

START_TEST(root_netns_nothing_of_ours)
{
	char *d = scratch(), *before, *during, *t;
	struct proc p;

	before = links_of(d);
	append(&before, "addr", t = addrs_of(d));
	free(t);
	proc_start(&p, d, "run", ARGV("tcpconform", "run", "-j", "4",
	    "testcases/retransmission"));
	while (waitpid(p.pid, &p.status, WNOHANG) == 0) {
		during = links_of(d);
		append(&during, "addr", t = addrs_of(d));
		free(t);
		assert_nothing_ours(before, during);
		free(during);
		sleep_s(0.1);
	}
	ck_assert_int_eq(proc_code(&p), 0);
	free(before);
	proc_free(&p);
	scratch_done(d);
}
END_TEST

/* ---- 8. no privileges --------------------------------------------------- */

START_TEST(unprivileged_is_3)
{
	char *d = scratch(), *script = path_in(src(),
	    "tests/e2e/scripts/wrong-ack.tcs");
	struct proc p;

	if (!have_tool("setpriv")) {
		fprintf(stderr, "e2e: unprivileged_is_3 skipped: no setpriv "
		    "(util-linux) to drop root\n");
		free(script);
		scratch_done(d);
		return;
	}
	/* nobody must be able to reach the binary and the script. */
	run_argv(&p, d, "access", 10, ARGV("setpriv", "--reuid=65534",
	    "--regid=65534", "--clear-groups", "--inh-caps=-all", "test",
	    "-x", bin(), "-a", "-r", script));
	if (proc_code(&p) != 0) {
		fprintf(stderr, "e2e: unprivileged_is_3 skipped: uid 65534 "
		    "cannot read %s or %s\n", bin(), script);
		proc_free(&p);
		free(script);
		scratch_done(d);
		return;
	}
	proc_free(&p);
	run_argv(&p, d, "nobody", 30, ARGV("setpriv", "--reuid=65534",
	    "--regid=65534", "--clear-groups", "--inh-caps=-all",
	    "--bounding-set=-all", bin(), "run", script));
	ck_assert_msg(proc_code(&p) == 3, "unprivileged run exited %d, "
	    "expected 3:\n%s%s", proc_code(&p), p.out, p.err);
	ck_assert_msg(strstr(p.out, "needs root") || strstr(p.err,
	    "needs root"), "no 'needs root' hint:\n%s%s", p.out, p.err);
	proc_free(&p);
	free(script);
	scratch_done(d);
}
END_TEST

static Suite *
e2e_suite(void)
{
	Suite *s = suite_create("e2e");
	TCase *tc;

	tc = tcase_create("suite");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, suite_passes_with_reports);
	suite_add_tcase(s, tc);

	tc = tcase_create("verdicts");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, wrong_ack_fails_with_evidence);
	tcase_add_test(tc, error_and_inconc_verdicts);
	tcase_add_test(tc, deviations_xfail_and_xpass);
	tcase_add_test(tc, optional_expect_consumes_or_leaves);
	tcase_add_test(tc, same_seed_same_isn_and_ports);
	suite_add_tcase(s, tc);

	tc = tcase_create("cli");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, list_and_check_the_suite);
	tcase_add_test(tc, syntax_error_is_2);
	tcase_add_loop_test(tc, usage_errors_are_2, 0,
	    (int)(sizeof(usage_cases) / sizeof(usage_cases[0])));
	tcase_add_test(tc, help_and_version);
	tcase_add_test(tc, help_names_existing_docs);
	tcase_add_test(tc, filter_selecting_nothing_is_1);
	tcase_add_test(tc, unprivileged_is_3);
	suite_add_tcase(s, tc);

	tc = tcase_create("cleanup");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sigkill_leaves_nothing);
	tcase_add_loop_test(tc, interrupt_writes_reports_and_cleans_up, 0,
	    (int)(sizeof(interrupt_signals) / sizeof(interrupt_signals[0])));
	tcase_add_loop_test(tc, ignored_signal_stays_ignored, 0,
	    (int)(sizeof(ignored_signals) / sizeof(ignored_signals[0])));
	tcase_add_test(tc, starting_netns_untouched_during_run);
	tcase_add_test(tc, root_netns_nothing_of_ours);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(e2e_suite());
	int failed;

	if (geteuid() != 0)
		fprintf(stderr, "e2e: not root; the runs against the kernel "
		    "will fail with exit status 3\n");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
