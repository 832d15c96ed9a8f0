/* capture.c - libpcap in immediate, non-blocking mode on a named interface. */
#include "capture.h"

#include <net/if.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CAPTURE_SNAPLEN	65535
/*
 * pcap_dispatch(-1) on Linux hands over at most one ring buffer's worth
 * per call; this many calls per tc_capture_dispatch drain any realistic
 * backlog while a flood cannot starve the rest of the event loop.
 */
#define CAPTURE_ROUNDS	64

struct tc_capture {
	pcap_t		*pc;		/* (owned) */
	int		fd;
	bool		nano;		/* ts.tv_usec holds nanoseconds */
};

struct dispatch_ctx {
	tc_capture_cb	cb;
	void		*arg;
	bool		nano;
	size_t		count;
};

static enum tc_err activate_err(int rc);
static enum tc_err open_live(struct tc_capture *c, const char *ifname,
	    struct tc_diag *diag);
static enum tc_err configure(pcap_t *pc, const char *ifname,
	    struct tc_diag *diag);
static enum tc_err set_filter(struct tc_capture *c, const char *ifname,
	    const char *filter, struct tc_diag *diag);
static void	handler(u_char *user, const struct pcap_pkthdr *h,
	    const u_char *bytes);

static enum tc_err
activate_err(int rc)
{
	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return TC_ERR_NOTFOUND;
	case PCAP_ERROR_PERM_DENIED:
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		return TC_ERR_PERM;
	default:
		return TC_ERR_SYS;
	}
}

#define CAPTURE_BUFFER	(512 * 1024)

/* Options that must be set between pcap_create and pcap_activate. */
static enum tc_err
configure(pcap_t *pc, const char *ifname, struct tc_diag *diag)
{
	int rc;

	/*
	 * Without immediate mode, TPACKET_V3 holds frames until a block
	 * fills or its timeout expires, which would delay every expect.
	 */
	/* One testcase's traffic fits a small ring many times over; the
	 * 2 MiB default costs memory per parallel testcase and time to map
	 * (bench/results). */
	if (pcap_set_immediate_mode(pc, 1) != 0 ||
	    pcap_set_snaplen(pc, CAPTURE_SNAPLEN) != 0 ||
	    pcap_set_buffer_size(pc, CAPTURE_BUFFER) != 0 ||
	    pcap_set_promisc(pc, 0) != 0) {
		tc_diag_set(diag, "capture on '%s': cannot configure: %s",
		    ifname, pcap_geterr(pc));
		return TC_ERR_SYS;
	}
	/* Nanoseconds where the platform has them; micro is the fallback. */
	rc = pcap_set_tstamp_precision(pc, PCAP_TSTAMP_PRECISION_NANO);
	if (rc != 0 && rc != PCAP_ERROR_TSTAMP_PRECISION_NOTSUP) {
		tc_diag_set(diag, "capture on '%s': timestamp precision: %s",
		    ifname, pcap_statustostr(rc));
		return TC_ERR_SYS;
	}
	return TC_OK;
}

/*
 * The tester interface carries no address, so the netmask is unknown;
 * it only matters for "ip broadcast" filters.
 */
static enum tc_err
set_filter(struct tc_capture *c, const char *ifname, const char *filter,
    struct tc_diag *diag)
{
	struct bpf_program prog;

	if (pcap_compile(c->pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		tc_diag_set(diag, "capture on '%s': bad filter '%s': %s",
		    ifname, filter, pcap_geterr(c->pc));
		return TC_ERR_INVAL;
	}
	if (pcap_setfilter(c->pc, &prog) != 0) {
		tc_diag_set(diag, "capture on '%s': cannot set filter: %s",
		    ifname, pcap_geterr(c->pc));
		pcap_freecode(&prog);
		return TC_ERR_SYS;
	}
	pcap_freecode(&prog);
	return TC_OK;
}

static enum tc_err
open_live(struct tc_capture *c, const char *ifname, struct tc_diag *diag)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	enum tc_err err;
	int rc;

	if ((c->pc = pcap_create(ifname, errbuf)) == NULL) {
		tc_diag_set(diag, "capture on '%s': %s", ifname, errbuf);
		return TC_ERR_SYS;
	}
	if ((err = configure(c->pc, ifname, diag)) != TC_OK)
		return err;
	rc = pcap_activate(c->pc);
	if (rc < 0) {
		/* On these codes pcap_geterr says which call failed. */
		if (rc == PCAP_ERROR || rc == PCAP_ERROR_NO_SUCH_DEVICE ||
		    rc == PCAP_ERROR_PERM_DENIED)
			tc_diag_set(diag, "capture on '%s': %s: %s", ifname,
			    pcap_statustostr(rc), pcap_geterr(c->pc));
		else
			tc_diag_set(diag, "capture on '%s': %s", ifname,
			    pcap_statustostr(rc));
		return activate_err(rc);
	}
	c->nano = pcap_get_tstamp_precision(c->pc) ==
	    PCAP_TSTAMP_PRECISION_NANO;
	if (pcap_setnonblock(c->pc, 1, errbuf) != 0) {
		tc_diag_set(diag, "capture on '%s': %s", ifname, errbuf);
		return TC_ERR_SYS;
	}
	return TC_OK;
}

enum tc_err
tc_capture_open(const char *ifname, const char *filter,
    struct tc_capture **out, struct tc_diag *diag)
{
	struct tc_capture *c;
	enum tc_err err;

	if (ifname == NULL || out == NULL || ifname[0] == '\0' ||
	    strlen(ifname) >= IFNAMSIZ) {
		tc_diag_set(diag, "capture: invalid interface name");
		return TC_ERR_INVAL;
	}
	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		tc_diag_set(diag, "capture: out of memory");
		return TC_ERR_NOMEM;
	}
	if ((err = open_live(c, ifname, diag)) != TC_OK)
		goto fail;
	if (filter != NULL &&
	    (err = set_filter(c, ifname, filter, diag)) != TC_OK)
		goto fail;
	if ((c->fd = pcap_get_selectable_fd(c->pc)) == -1) {
		tc_diag_set(diag, "capture on '%s': no selectable fd", ifname);
		err = TC_ERR_UNSUPPORTED;
		goto fail;
	}
	*out = c;
	return TC_OK;
fail:
	tc_capture_free(c);
	return err;
}

int
tc_capture_fd(const struct tc_capture *c)
{
	return c->fd;
}

static void
handler(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct dispatch_ctx *ctx = (struct dispatch_ctx *)user;
	struct timespec ts;

	ts.tv_sec = h->ts.tv_sec;
	ts.tv_nsec = ctx->nano ? h->ts.tv_usec : h->ts.tv_usec * 1000L;
	ctx->count++;
	ctx->cb(ctx->arg, &ts, bytes, h->caplen, h->len);
}

enum tc_err
tc_capture_dispatch(struct tc_capture *c, tc_capture_cb cb, void *arg,
    size_t *count, struct tc_diag *diag)
{
	struct dispatch_ctx ctx = { .cb = cb, .arg = arg };
	enum tc_err err = TC_OK;
	int i, n;

	if (c == NULL || cb == NULL) {
		tc_diag_set(diag, "capture: no capture or no callback");
		return TC_ERR_INVAL;
	}
	ctx.nano = c->nano;
	for (i = 0; i < CAPTURE_ROUNDS; i++) {
		n = pcap_dispatch(c->pc, -1, handler, (u_char *)&ctx);
		if (n == 0)
			break;
		if (n == PCAP_ERROR) {
			tc_diag_set(diag, "capture: %s", pcap_geterr(c->pc));
			err = TC_ERR_SYS;
			break;
		}
		if (n == PCAP_ERROR_BREAK)
			break;
	}
	if (count != NULL)
		*count = ctx.count;
	return err;
}

unsigned
tc_capture_drops(struct tc_capture *c)
{
	struct pcap_stat st;

	if (pcap_stats(c->pc, &st) != 0)
		return 0;
	return st.ps_drop;
}

void
tc_capture_free(struct tc_capture *c)
{
	if (c == NULL)
		return;
	if (c->pc != NULL)
		pcap_close(c->pc);
	free(c);
}
