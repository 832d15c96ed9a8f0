/* pcapfile.h - writing a list of frames as a .pcap file, atomically. */
#ifndef TC_PCAPFILE_H
#define TC_PCAPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "err.h"

struct tc_pcap_frame {
	struct timespec	ts;		/* wall-clock time of the frame */
	const uint8_t	*data;		/* borrowed */
	size_t		len;
};

/*
 * Writes Ethernet frames to `path` as a classic pcap (DLT_EN10MB,
 * nanosecond or microsecond timestamps) through libpcap's dump API, into a
 * temporary file in the same directory that is renamed over `path` only
 * once complete.
 */
enum tc_err tc_pcapfile_write(const char *path,
	    const struct tc_pcap_frame *frames, size_t n, struct tc_diag *diag);

#endif /* TC_PCAPFILE_H */
