/*
 * sockact.h - target-side socket actions on real sockets: a table of named
 * non-blocking sockets and the calls every driver makes on them (LISTEN,
 * ACCEPT, CONNECT, WRITE, READ, SHUTDOWN, CLOSE, ABORT, SETOPT).  Shared by
 * the netns target, tcpconform-agent and tcpconform-slirp, so that all
 * three make the same calls and report the same errors.
 */
#ifndef TC_SOCKACT_H
#define TC_SOCKACT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "addr.h"
#include "err.h"
#include "target.h"

#define TC_SOCKACT_MAX		64	/* slots in any table */
#define TC_SOCKACT_NAME_MAX	32	/* a name's bytes, the NUL included */

struct tc_sockact_ent {
	char		name[TC_SOCKACT_NAME_MAX];	/* "" = free slot */
	int		fd;				/* (owned) -1: free */
};

struct tc_sockact {
	struct tc_sockact_ent ents[TC_SOCKACT_MAX];
	size_t		cap;		/* slots used, <= TC_SOCKACT_MAX */
	const char	*noun;		/* (borrowed) "socket" in messages */
	/* NULL: any non-empty name shorter than TC_SOCKACT_NAME_MAX. */
	bool		(*name_ok)(const char *name);
};

/*
 * Makes the socket for a LISTEN or CONNECT called `name`: created, options
 * set, bound.  On failure *fd is -1 and nothing stays open.
 */
typedef enum tc_err (*tc_sockact_open_cb)(void *arg, const char *verb,
	    const char *name, int *fd, struct tc_diag *diag);

/* An empty table of cap slots; noun and name_ok as in the struct. */
void	tc_sockact_init(struct tc_sockact *t, size_t cap, const char *noun,
	    bool (*name_ok)(const char *name));
/* Closes every socket; the table is empty and usable again. */
void	tc_sockact_clear(struct tc_sockact *t);
/* The socket called name: TC_ERR_NOTFOUND "verb: no socket named 'x'". */
enum tc_err tc_sockact_lookup(struct tc_sockact *t, const char *verb,
	    const char *name, struct tc_sockact_ent **out,
	    struct tc_diag *diag);

/* The sockaddr for (a, port); returns its length. */
socklen_t tc_sockact_sockaddr(const struct tc_addr *a, uint16_t port,
	    struct sockaddr_storage *ss);
/*
 * Sets n options on fd (sockopt.h), then SO_REUSEADDR, then binds it to
 * ss.  The options come first: TCP_MAXSEG and SO_RCVBUF must be set
 * before listen() or connect() to shape the SYN's MSS and window.  Closes
 * fd on failure.
 */
enum tc_err tc_sockact_bind(int fd, const struct sockaddr_storage *ss,
	    const struct tc_sockopt *opts, size_t n, const char *verb,
	    const char *name, struct tc_diag *diag);

/*
 * The actions.  New sockets take a free slot before they are made (a
 * connection accepted then dropped would be lost); names are copied.
 * ACCEPT, WRITE and READ on a socket that is not ready return
 * TC_ERR_AGAIN with res->wait_fd and res->wait_events set, and no diag.
 */
enum tc_err tc_sockact_listen(struct tc_sockact *t, const char *name,
	    int backlog, tc_sockact_open_cb open, void *arg,
	    struct tc_diag *diag);
/* *fd (if not NULL) gets the accepted socket, which the table owns. */
enum tc_err tc_sockact_accept(struct tc_sockact *t, const char *lname,
	    const char *name, int *fd, struct tc_action_result *res,
	    struct tc_diag *diag);
/*
 * Connects to *peer once open made the socket (open may fill *peer).
 * EINPROGRESS is success: the SYN is out.
 */
enum tc_err tc_sockact_connect(struct tc_sockact *t, const char *name,
	    const struct sockaddr_storage *peer, tc_sockact_open_cb open,
	    void *arg, struct tc_diag *diag);
/* res->n gets the bytes sent. */
enum tc_err tc_sockact_write(struct tc_sockact *t, const char *name,
	    const void *data, size_t len, struct tc_action_result *res,
	    struct tc_diag *diag);
/* Up to len bytes (0: as many as res->buf holds); res->eof at EOF. */
enum tc_err tc_sockact_read(struct tc_sockact *t, const char *name,
	    size_t len, struct tc_action_result *res, struct tc_diag *diag);
enum tc_err tc_sockact_shutdown(struct tc_sockact *t, const char *name,
	    int how, struct tc_diag *diag);
/* CLOSE, or ABORT (abort_conn): SO_LINGER {1, 0} makes close() a RST. */
enum tc_err tc_sockact_close(struct tc_sockact *t, const char *name,
	    bool abort_conn, struct tc_diag *diag);
/*
 * Waits at most ms for the fd of a TC_ERR_AGAIN result to be ready:
 * TC_ERR_TIMEOUT "verb name: not ready within ms ms" when it is not.
 */
enum tc_err tc_sockact_wait(const struct tc_action_result *res,
	    unsigned long ms, const char *verb, const char *name,
	    struct tc_diag *diag);
enum tc_err tc_sockact_setopt(struct tc_sockact *t, const char *name,
	    const struct tc_sockopt *opts, size_t n, struct tc_diag *diag);

#endif /* TC_SOCKACT_H */
