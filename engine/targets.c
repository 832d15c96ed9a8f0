/* targets.c - the registry behind --target: spec prefix -> constructor. */
#include <stdio.h>
#include <string.h>

#include "target.h"

typedef enum tc_err (*target_ctor)(const char *args, struct tc_target **out,
    struct tc_diag *diag);

static enum tc_err
netns_ctor(const char *args, struct tc_target **out, struct tc_diag *diag)
{
	if (args != NULL && *args != '\0') {
		tc_diag_set(diag, "target netns takes no arguments; got '%s'",
		    args);
		return TC_ERR_INVAL;
	}
	return tc_target_netns_new(out, diag);
}

typedef enum tc_err (*target_ctor_opts)(const char *args,
    const struct tc_target_opts *o, struct tc_target **out,
    struct tc_diag *diag);

/* ORDER: as --help lists them.  One of ctor, ctor_opts is set. */
static const struct {
	const char	*kind;
	target_ctor	ctor;
	target_ctor_opts ctor_opts;	/* takes the command-line options */
} kinds[] = {
	{ "netns", netns_ctor, NULL },
	{ "agent", NULL, tc_target_agent_new },
	{ "host", NULL, tc_target_host_new },
	{ "lwip", tc_target_lwip_new, NULL },
	{ "slirp", tc_target_slirp_new, NULL },
	{ "gvisor", NULL, tc_target_gvisor_new },
};

const char tc_target_help[] =
"  netns                the Linux kernel in throwaway namespaces (default)\n"
"  agent:ADDR:PORT      a remote host running tcpconform-agent on PORT\n"
"                       (needs --agent-secret FILE): the whole suite, with\n"
"                       target-side actions and true states\n"
"  host:ADDR[:PORT[:CLOSEDPORT]]\n"
"                       a remote host, black box, reached by routing: it\n"
"                       listens on PORT (80); nothing listens on CLOSEDPORT\n"
"                       (PORT+1 unless given); see docs/targets.md\n"
"  lwip                 lwIP 2.1.3 (Debian liblwip) on a TAP device, driven\n"
"                       by stacks/lwip/tcpconform-lwip ($TCPCONFORM_LWIP)\n"
"  slirp                libslirp 4.7's TCP (Debian libslirp) on a TAP device,\n"
"                       driven by stacks/slirp/tcpconform-slirp\n"
"                       ($TCPCONFORM_SLIRP)\n"
"  gvisor               gVisor's netstack (Debian runsc) in a sandbox, with\n"
"                       tcpconform-agent inside ($TCPCONFORM_RUNSC,\n"
"                       $TCPCONFORM_AGENT)\n";

enum tc_err
tc_target_open(const char *spec, const struct tc_target_opts *o,
    struct tc_target **out, struct tc_diag *diag)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].kind) == len &&
		    strncmp(kinds[i].kind, spec, len) == 0)
			return kinds[i].ctor != NULL ?
			    kinds[i].ctor(colon ? colon + 1 : NULL, out,
			    diag) : kinds[i].ctor_opts(colon ? colon + 1 :
			    NULL, o, out, diag);
	tc_diag_set(diag, "unknown target '%.*s'; expected one of:\n%s",
	    (int)len, spec, tc_target_help);
	return TC_ERR_INVAL;
}
