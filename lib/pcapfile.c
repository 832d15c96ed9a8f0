/* pcapfile.c - writing a list of frames as a .pcap file, atomically. */
#include "pcapfile.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCAPFILE_SNAPLEN	65535

static enum tc_err open_temp(const char *path, char *tmp, size_t cap,
	    FILE **out, struct tc_diag *diag);
static enum tc_err dump_frames(pcap_dumper_t *d,
	    const struct tc_pcap_frame *frames, size_t n, struct tc_diag *diag);

/*
 * Creates the temporary file next to `path`, so that the final rename
 * stays within one file system and is atomic.
 */
static enum tc_err
open_temp(const char *path, char *tmp, size_t cap, FILE **out,
    struct tc_diag *diag)
{
	int fd, n;

	n = snprintf(tmp, cap, "%s.tmpXXXXXX", path);
	if (n < 0 || (size_t)n >= cap) {
		tc_diag_set(diag, "%s: path too long", path);
		return TC_ERR_LIMIT;
	}
	if ((fd = mkstemp(tmp)) == -1) {
		tc_diag_errno(diag, "%s: cannot create temporary file", path);
		tmp[0] = '\0';
		return TC_ERR_SYS;
	}
	/* mkstemp's 0600 would hide the capture from CI artifact readers. */
	if (fchmod(fd, 0644) == -1 || (*out = fdopen(fd, "wb")) == NULL) {
		tc_diag_errno(diag, "%s: cannot open temporary file", tmp);
		close(fd);
		return TC_ERR_SYS;
	}
	return TC_OK;
}

static enum tc_err
dump_frames(pcap_dumper_t *d, const struct tc_pcap_frame *frames, size_t n,
    struct tc_diag *diag)
{
	struct pcap_pkthdr h;
	size_t i;

	for (i = 0; i < n; i++) {
		if (frames[i].ts.tv_nsec < 0 ||
		    frames[i].ts.tv_nsec >= 1000000000L ||
		    (frames[i].data == NULL && frames[i].len != 0)) {
			tc_diag_set(diag, "pcap: frame %zu is malformed", i);
			return TC_ERR_INVAL;
		}
		h.ts.tv_sec = frames[i].ts.tv_sec;
		/* The dumper is nanosecond-precision: tv_usec holds ns. */
		h.ts.tv_usec = frames[i].ts.tv_nsec;
		h.len = (bpf_u_int32)frames[i].len;
		h.caplen = frames[i].len > PCAPFILE_SNAPLEN ?
		    PCAPFILE_SNAPLEN : (bpf_u_int32)frames[i].len;
		pcap_dump((u_char *)d, &h, frames[i].data);
	}
	/* pcap_dump reports nothing; a failed write shows up here. */
	if (pcap_dump_flush(d) != 0 || ferror(pcap_dump_file(d))) {
		tc_diag_errno(diag, "pcap: write failed");
		return TC_ERR_SYS;
	}
	return TC_OK;
}

enum tc_err
tc_pcapfile_write(const char *path, const struct tc_pcap_frame *frames,
    size_t n, struct tc_diag *diag)
{
	char tmp[4096];
	pcap_t *pd = NULL;
	pcap_dumper_t *d = NULL;
	FILE *fp = NULL;
	enum tc_err err;

	if (path == NULL || path[0] == '\0' || (frames == NULL && n != 0)) {
		tc_diag_set(diag, "pcap: no path or no frames");
		return TC_ERR_INVAL;
	}
	tmp[0] = '\0';
	if ((err = open_temp(path, tmp, sizeof(tmp), &fp, diag)) != TC_OK)
		goto out;
	pd = pcap_open_dead_with_tstamp_precision(DLT_EN10MB,
	    PCAPFILE_SNAPLEN, PCAP_TSTAMP_PRECISION_NANO);
	if (pd == NULL) {
		tc_diag_set(diag, "%s: pcap_open_dead failed", path);
		err = TC_ERR_NOMEM;
		goto out;
	}
	if ((d = pcap_dump_fopen(pd, fp)) == NULL) {
		tc_diag_set(diag, "%s: %s", tmp, pcap_geterr(pd));
		err = TC_ERR_SYS;
		goto out;
	}
	fp = NULL;	/* The dumper owns it now. */
	if ((err = dump_frames(d, frames, n, diag)) != TC_OK)
		goto out;
	/* Everything is flushed, so closing cannot lose data. */
	pcap_dump_close(d);
	d = NULL;
	if (rename(tmp, path) == -1) {
		tc_diag_errno(diag, "%s: cannot rename %s over it", path, tmp);
		err = TC_ERR_SYS;
		goto out;
	}
	tmp[0] = '\0';
out:
	if (d != NULL)
		pcap_dump_close(d);
	if (fp != NULL)
		fclose(fp);
	if (pd != NULL)
		pcap_close(pd);
	if (tmp[0] != '\0')
		unlink(tmp);
	return err;
}
