/*
 * host_net.c - the nftables guard that keeps the tester's own kernel from
 * resetting what the host target sends (the next hop's MAC: neigh.h).
 */
#include "host_net.h"

#include <errno.h>
#include <nftables/libnftables.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The first line of nft's error text that says "Error:", or the first. */
static void
nft_diag(const char *what, const char *text, struct tc_diag *diag)
{
	const char *p = text != NULL ? strstr(text, "Error:") : NULL;

	if (p == NULL)
		p = text != NULL ? text : "";
	tc_diag_set(diag, "nftables guard: %s: %.*s", what,
	    (int)strcspn(p, "\n"), p[0] != '\0' ? p :
	    "nft refused it without saying why");
}

/*
 * Runs nft commands through libnftables; when out is not NULL it gets
 * nft's output (malloc'd).  TC_ERR_PERM when nft says "Operation not
 * permitted".
 */
static enum tc_err
nft_run(const char *what, const char *cmds, char **out, struct tc_diag *diag)
{
	struct nft_ctx *nft;
	enum tc_err err = TC_OK;
	const char *e;

	if (out != NULL)
		*out = NULL;
	nft = nft_ctx_new(NFT_CTX_DEFAULT);
	if (nft == NULL) {
		tc_diag_set(diag, "nftables guard: nft_ctx_new failed");
		return TC_ERR_NOMEM;
	}
	if (nft_ctx_buffer_output(nft) != 0 ||
	    nft_ctx_buffer_error(nft) != 0) {
		tc_diag_set(diag, "nftables guard: cannot buffer nft's output");
		err = TC_ERR_NOMEM;
	} else if (nft_run_cmd_from_buffer(nft, cmds) != 0) {
		e = nft_ctx_get_error_buffer(nft);
		nft_diag(what, e, diag);
		err = e != NULL && strstr(e, "Operation not permitted") ?
		    TC_ERR_PERM : TC_ERR_SYS;
	} else if (out != NULL &&
	    (*out = strdup(nft_ctx_get_output_buffer(nft))) == NULL) {
		tc_diag_set(diag, "nftables guard: out of memory");
		err = TC_ERR_NOMEM;
	}
	nft_ctx_free(nft);
	return err;
}

/* /proc/PID/comm, without the newline ("" when unreadable). */
static void
proc_comm(const char *pid, char *buf, size_t cap)
{
	char path[64];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	if ((f = fopen(path, "re")) == NULL)
		return;
	if (fgets(buf, (int)cap, f) == NULL)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* Is table `name` (tcpconform_<pid>) left over by a run that is gone? */
static bool
guard_stale(const char *name)
{
	const char *digits = name + strlen(TC_HOST_GUARD_PREFIX);
	char self[32], comm[32];
	char *end;
	long pid;

	errno = 0;
	pid = strtol(digits, &end, 10);
	if (end == digits || *end != '\0' || errno != 0 || pid <= 0)
		return false;		/* not one of ours */
	if (pid == (long)getpid())
		return true;		/* our pid, reused: a dead run's */
	if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return true;
	proc_comm("self", self, sizeof(self));
	proc_comm(digits, comm, sizeof(comm));
	return comm[0] != '\0' && strcmp(comm, self) != 0;
}

enum tc_err
tc_host_guard_sweep(struct tc_diag *diag)
{
	char name[64], cmd[128];
	char *list, *line, *save;
	enum tc_err err;

	err = nft_run("listing tables", "list tables inet", &list, diag);
	if (err)
		return err;
	for (line = strtok_r(list, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "table inet %63s", name) != 1 ||
		    strncmp(name, TC_HOST_GUARD_PREFIX,
		    strlen(TC_HOST_GUARD_PREFIX)) != 0 || !guard_stale(name))
			continue;
		/* Another run may sweep it first: not an error. */
		snprintf(cmd, sizeof(cmd), "delete table inet %s", name);
		nft_run("deleting a stale table", cmd, NULL, NULL);
	}
	free(list);
	return TC_OK;
}

enum tc_err
tc_host_guard_add(const struct tc_host_guard_spec *g, char *name,
    size_t cap, struct tc_diag *diag)
{
	char cmd[512], addr[TC_ADDR_STRLEN];

	snprintf(name, cap, "%s%ld", TC_HOST_GUARD_PREFIX, (long)getpid());
	snprintf(cmd, sizeof(cmd),
	    "table inet %s {\n"
	    "\tchain input {\n"
	    "\t\ttype filter hook input priority -10; policy accept;\n"
	    "\t\t%s saddr %s tcp sport { %u, %u } tcp dport %u-%u "
	    "counter drop\n"
	    "\t}\n"
	    "}\n", name, g->target.family == TC_AF_INET6 ? "ip6" : "ip",
	    tc_addr_format(&g->target, addr, sizeof(addr)), g->ports[0],
	    g->ports[1], g->sport_min, g->sport_max);
	return nft_run("creating the table", cmd, NULL, diag);
}

enum tc_err
tc_host_guard_del(const char *name, struct tc_diag *diag)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "delete table inet %s", name);
	return nft_run("deleting the table", cmd, NULL, diag);
}
