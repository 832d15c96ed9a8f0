/* capture.h - libpcap in immediate, non-blocking mode on a named interface. */
#ifndef TC_CAPTURE_H
#define TC_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "err.h"

struct tc_capture;

/* Called once per captured frame; `frame` is valid only during the call. */
typedef void (*tc_capture_cb)(void *arg, const struct timespec *ts,
	    const uint8_t *frame, size_t caplen, size_t wirelen);

/*
 * Opens a capture on `ifname` in the calling thread's current network
 * namespace: immediate mode (no TPACKET_V3 block delay), full snaplen,
 * non-blocking, nanosecond timestamps when available, and the BPF filter
 * `filter` compiled with PCAP_NETMASK_UNKNOWN (NULL: no filter).  Both
 * directions are captured.  Free with tc_capture_free().
 */
enum tc_err tc_capture_open(const char *ifname, const char *filter,
	    struct tc_capture **out, struct tc_diag *diag);
/* The fd to watch for readability (pcap_get_selectable_fd). */
int	tc_capture_fd(const struct tc_capture *c);
/*
 * Delivers every frame available now, without blocking.  *count (may be
 * NULL) gets the number delivered.  Returns TC_ERR_SYS on a pcap error.
 */
enum tc_err tc_capture_dispatch(struct tc_capture *c, tc_capture_cb cb,
	    void *arg, size_t *count, struct tc_diag *diag);
/* Frames the kernel dropped for this capture so far. */
unsigned tc_capture_drops(struct tc_capture *c);
void	tc_capture_free(struct tc_capture *c);

#endif /* TC_CAPTURE_H */
