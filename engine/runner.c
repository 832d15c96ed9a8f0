/* runner.c - testcases as jobs on one event loop; verdicts and reports. */
#include "runner.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "console.h"
#include "craft.h"
#include "family.h"
#include "interp.h"
#include "loop.h"
#include "matrix.h"
#include "strbuf.h"
#include "netns.h"
#include "pcapfile.h"
#include "reaper.h"
#include "version.h"

#define CAPTURE_FILTER	"tcp or icmp or icmp6"

struct runner;

/* One testcase in flight. */
struct job {
	struct runner	*r;		/* (borrowed) */
	size_t		idx;
	struct tc_result *res;		/* (borrowed from r->results) */
	struct tc_session *session;	/* (owned) */
	struct tc_link	link;
	struct tc_capture *cap;		/* (owned) */
	struct tc_craft	*craft;		/* (owned) */
	struct tc_interp *ip;		/* (owned) */
	struct tc_io	*cap_io;	/* (owned by the loop) */
	struct tc_io	*wait_io;	/* (owned by the loop) */
	int		wait_fd;
	struct tc_timer	timer;
	bool		busy;
};

struct runner {
	const struct tc_runner_opts *o;
	const struct tc_case *cases;
	size_t		n;
	struct tc_result **results;	/* (owned) one per case */
	struct job	*jobs;		/* (owned) o->jobs slots */
	size_t		next;		/* first case not started */
	size_t		running;
	size_t		finished;
	struct tc_loop	*loop;		/* (owned) */
	int		sigfd;
	struct tc_io	*sig_io;
	bool		interrupted;
	bool		env_failed;
	struct tc_console con;
	struct tc_timer	tick;		/* redraws the progress line each 1 s */
	struct tc_run_info info;
	char		target_desc[512];
	struct tc_reaper *reaper;	/* (owned) closes packet sockets */
	uint8_t		sport_used[TC_TESTER_PORT_COUNT / 8];
};

static void job_step(struct job *j);

/* The target a case runs against (several in a comparison run). */
static struct tc_target *
case_target(const struct runner *r, size_t idx)
{
	return r->cases[idx].target ? r->cases[idx].target : r->o->target;
}


static void job_finish(struct job *j);

/* splitmix64: per-testcase randomness derived from the run's seed. */
static uint64_t
mix(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static uint64_t
hash_id(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	return h;
}

static void
frame_cb(void *arg, const struct timespec *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct job *j = arg;
	struct timespec real, mono;
	int64_t offset, t;

	(void)wirelen;
	/* Capture stamps are wall-clock; steps run on the monotonic clock. */
	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	offset = ((int64_t)real.tv_sec - mono.tv_sec) * 1000000000 +
	    (real.tv_nsec - mono.tv_nsec);
	t = (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec - offset;
	tc_interp_frame(j->ip, ts, t, frame, caplen);
}

static void
capture_cb(struct tc_loop *loop, struct tc_io *io, unsigned events,
    void *arg)
{
	struct job *j = arg;
	struct tc_diag d;

	(void)loop;
	(void)io;
	(void)events;
	tc_diag_init(&d);
	if (tc_capture_dispatch(j->cap, frame_cb, j, NULL, &d) != TC_OK)
		tc_interp_abort(j->ip, TC_VERDICT_ERROR, d.msg);
	job_step(j);
}

static void
wait_cb(struct tc_loop *loop, struct tc_io *io, unsigned events, void *arg)
{
	(void)loop;
	(void)io;
	(void)events;
	job_step(arg);
}

static void
timer_cb(struct tc_loop *loop, struct tc_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	job_step(arg);
}

static void
set_wait_fd(struct job *j, int fd, short events)
{
	struct tc_loop *loop = j->r->loop;
	struct tc_diag d;

	if (fd == j->wait_fd && j->wait_io != NULL) {
		tc_loop_io_mod(loop, j->wait_io, (unsigned)events);
		return;
	}
	tc_loop_io_del(loop, j->wait_io);
	j->wait_io = NULL;
	j->wait_fd = -1;
	if (fd < 0)
		return;
	tc_diag_init(&d);
	if (tc_loop_io_add(loop, fd, (unsigned)events, wait_cb, j, &j->wait_io,
	    &d) == TC_OK)
		j->wait_fd = fd;
	else
		tc_interp_abort(j->ip, TC_VERDICT_ERROR, d.msg);
}

static void
job_step(struct job *j)
{
	struct tc_wait w;

	if (!j->busy)
		return;
	if (tc_interp_run(j->ip, tc_clock_now(), &w) == TC_STEP_END) {
		job_finish(j);
		return;
	}
	if (w.deadline >= 0)
		tc_timer_start(j->r->loop, &j->timer, w.deadline, timer_cb, j);
	else
		tc_timer_stop(j->r->loop, &j->timer);
	set_wait_fd(j, w.fd, w.events);
}

/* ---- starting a testcase -------------------------------------------- */

static bool
skip_unsupported(struct runner *r, struct job *j)
{
	/* Without STATE, `state` checks the reference model (and says so). */
	unsigned lacks = r->cases[j->idx].script->needs &
	    ~case_target(r, j->idx)->ops->caps &
	    ~(unsigned)TC_TARGET_CAP_STATE;

	if (lacks == 0)
		return false;
	tc_result_set(j->res, TC_VERDICT_SKIP, "target '%s' cannot %s",
	    case_target(r, j->idx)->ops->name, lacks & TC_TARGET_CAP_ACT ?
	    "perform target-side socket actions" : lacks &
	    TC_TARGET_CAP_LISTEN ? "listen on a port of our choosing" :
	    "apply per-testcase sysctls");
	return true;
}

/* A script that needs the other address family is SKIPPED, with why. */
static bool
skip_family(struct runner *r, struct job *j)
{
	char why[256];

	if (tc_family_script_runs(r->cases[j->idx].script, r->o->family, why,
	    sizeof(why)))
		return false;
	tc_result_set(j->res, TC_VERDICT_SKIP, "not on IPv%d: %s",
	    r->o->family == TC_AF_INET6 ? 6 : 4, why);
	return true;
}

/* A target that cannot give an IPv6 link gave an IPv4 one: SKIP. */
static bool
skip_link_family(struct runner *r, struct job *j)
{
	if (r->o->family != TC_AF_INET6 ||
	    j->link.target_addr.family == TC_AF_INET6)
		return false;
	tc_result_set(j->res, TC_VERDICT_SKIP, "target '%s' has no IPv6",
	    case_target(r, j->idx)->ops->name);
	return true;
}

/* Opens the capture and the injector inside the tester's namespace. */
static enum tc_err
open_link(struct job *j, struct tc_diag *d)
{
	enum tc_err err, err2;
	int saved;

	if ((err = tc_netns_enter(j->link.netns_fd, &saved, d)) != TC_OK)
		return err;
	err = tc_capture_open(j->link.ifname, CAPTURE_FILTER, &j->cap, d);
	if (err == TC_OK)
		err = tc_craft_new(j->link.ifname, j->link.local_mac,
		    j->link.peer_mac, &j->craft, d);
	err2 = tc_netns_leave(saved, d);
	return err != TC_OK ? err : err2;
}

static enum tc_err
open_session(struct runner *r, struct job *j, struct tc_diag *d)
{
	const struct tc_script *s = r->cases[j->idx].script;
	struct tc_sysctl sc[TC_AST_SYSCTLS_MAX];
	struct tc_session_conf conf = { .sysctls = sc,
	    .nsysctls = s->nsysctl, .fault_rules = r->o->fault_rules,
	    .family = r->o->family };
	char keep[32];
	size_t i;

	for (i = 0; i < s->nsysctl; i++) {
		sc[i].name = s->sysctl[i].name;
		sc[i].value = s->sysctl[i].value;
	}
	if (r->o->keep_netns) {
		snprintf(keep, sizeof(keep), "tcpc-%ld-%zu", (long)getpid(),
		    j->idx);
		conf.keep_name = keep;
	}
	return tc_target_session_open(case_target(r, j->idx), &conf,
	    &j->session,
	    &j->link, d);
}

/*
 * The next tester port not yet used in this run, from h on: a remote host
 * keeps whatever state a testcase leaves it in, so a 4-tuple must not
 * come back within a run.  A run of one testcase gets h's own port.
 */
static uint16_t
tester_port(struct runner *r, uint64_t h)
{
	unsigned i = (unsigned)(h % TC_TESTER_PORT_COUNT), n;

	for (n = 0; n < TC_TESTER_PORT_COUNT; n++) {
		if (!(r->sport_used[i / 8] & (1u << (i % 8))))
			break;
		i = (i + 1) % TC_TESTER_PORT_COUNT;
	}
	r->sport_used[i / 8] |= (uint8_t)(1u << (i % 8));
	return (uint16_t)(TC_TESTER_PORT_MIN + i);
}

static enum tc_err
start_interp(struct runner *r, struct job *j, struct tc_diag *d)
{
	uint64_t h = mix(r->o->seed ^ hash_id(r->cases[j->idx].id));
	uint64_t h2 = mix(h);
	struct tc_interp_io io = { .target = case_target(r, j->idx),
	    .session = j->session, .craft = j->craft, .link = &j->link,
	    .expect_ns = r->o->expect_ns, .rng = mix(h2) };
	char a[TC_ADDR_STRLEN], b[TC_ADDR_STRLEN];
	uint32_t isn = (uint32_t)(h >> 32);
	uint16_t fixed;
	enum tc_err err;

	/* Ports from distinct ranges so the two can never coincide; a
	 * target with a fixed listener (or closed port) names its own. */
	io.sport = tester_port(r, h2);
	io.dport = (uint16_t)(10000 + (h2 >> 20) % 20000);
	fixed = r->cases[j->idx].script->needs & TC_TARGET_CAP_LISTEN ?
	    j->link.listen_port : j->link.closed_port;
	if (fixed != 0)
		io.dport = fixed;
	err = tc_loop_io_add(r->loop, tc_capture_fd(j->cap), POLLIN,
	    capture_cb, j, &j->cap_io, d);
	if (err == TC_OK)
		err = tc_interp_new(r->cases[j->idx].script, &io, j->res, isn,
		    (uint16_t)(h2 >> 40), j->res->start_ns, &j->ip);
	if (err != TC_OK)
		return err;
	tc_result_log(j->res, 0, TC_LOG_NOTE, 0, "", "isn %u; tester %s:%u, "
	    "target %s:%u (seed %llu)", isn,
	    tc_addr_format(&j->link.local_addr, a, sizeof(a)), io.sport,
	    tc_addr_format(&j->link.target_addr, b, sizeof(b)), io.dport,
	    (unsigned long long)r->o->seed);
	return TC_OK;
}

static void
job_start(struct runner *r, struct job *j, size_t idx)
{
	const struct tc_case *c = &r->cases[idx];
	struct tc_diag d;
	enum tc_err err;

	memset(j, 0, sizeof(*j));
	j->r = r;
	j->idx = idx;
	j->wait_fd = -1;
	j->busy = true;
	j->res = r->results[idx];
	j->res->start_ns = tc_clock_now();
	r->running++;
	if (skip_unsupported(r, j) || skip_family(r, j)) {
		job_finish(j);
		return;
	}
	tc_diag_init(&d);
	err = open_session(r, j, &d);
	if (err == TC_OK && skip_link_family(r, j)) {
		job_finish(j);
		return;
	}
	if (err == TC_OK)
		err = open_link(j, &d);
	if (err == TC_OK)
		err = start_interp(r, j, &d);
	if (err != TC_OK) {
		if (err == TC_ERR_PERM)
			r->env_failed = true;
		tc_result_set(j->res, TC_VERDICT_ERROR, "setting up %s: %s",
		    c->id, d.msg[0] ? d.msg : tc_strerror(err));
		job_finish(j);
		return;
	}
	job_step(j);
}

static void
start_more(struct runner *r)
{
	size_t i;

	for (i = 0; i < (size_t)r->o->jobs && r->next < r->n; i++) {
		if (r->interrupted || r->env_failed)
			return;
		if (!r->jobs[i].busy)
			job_start(r, &r->jobs[i], r->next++);
	}
}

/* ---- finishing a testcase ------------------------------------------- */

static void
write_pcap(struct runner *r, struct tc_result *res)
{
	struct tc_pcap_frame *frames;
	struct tc_diag d;
	char path[4096], name[1024];
	size_t i;

	if (r->o->pcap_dir == NULL || res->nframes == 0 ||
	    (res->verdict == TC_VERDICT_PASS && !r->o->pcap_all))
		return;
	snprintf(name, sizeof(name), "%s", res->id);
	for (i = 0; name[i] != '\0'; i++)
		if (name[i] == '/')
			name[i] = '.';
	snprintf(path, sizeof(path), "%s/%s.pcap", r->o->pcap_dir, name);
	frames = calloc(res->nframes, sizeof(*frames));
	if (frames == NULL)
		return;
	for (i = 0; i < res->nframes; i++) {
		frames[i].ts = res->frames[i].ts;
		frames[i].data = res->frames[i].data;
		frames[i].len = res->frames[i].len;
	}
	tc_diag_init(&d);
	if (tc_pcapfile_write(path, frames, res->nframes, &d) == TC_OK)
		res->pcap_path = strdup(path);
	else
		tc_result_log(res, res->duration_ns, TC_LOG_NOTE, 0, "",
		    "pcap not written: %s", d.msg);
	free(frames);
}

static void
reap_capture(void *obj)
{
	tc_capture_free(obj);
}

static void
reap_craft(void *obj)
{
	tc_craft_free(obj);
}

/* Each case carries its own target's list (several targets in a run). */
static void
apply_deviations(struct runner *r, size_t idx, struct tc_result *res)
{
	const struct tc_deviations *devs = r->cases[idx].devs ?
	    r->cases[idx].devs : r->o->devs;

	if (devs != NULL)
		tc_deviations_apply(devs, res);
}

static void
job_finish(struct job *j)
{
	struct runner *r = j->r;
	struct tc_result *res = j->res;
	size_t idx = j->idx;

	tc_timer_stop(r->loop, &j->timer);
	tc_loop_io_del(r->loop, j->cap_io);
	tc_loop_io_del(r->loop, j->wait_io);
	tc_interp_free(j->ip);
	/* Packet sockets take tens of ms to close: not on the loop. */
	tc_reaper_post(r->reaper, reap_craft, j->craft);
	tc_reaper_post(r->reaper, reap_capture, j->cap);
	if (j->session != NULL)
		tc_target_session_close(case_target(r, idx), j->session);
	memset(j, 0, sizeof(*j));
	res->duration_ns = tc_clock_now() - res->start_ns;
	apply_deviations(r, idx, res);
	write_pcap(r, res);
	r->running--;
	r->finished++;
	tc_console_result(&r->con, res);
	if (r->finished == r->n || (r->running == 0 && (r->interrupted ||
	    r->env_failed))) {
		tc_loop_stop(r->loop);
		return;
	}
	start_more(r);
	tc_console_progress(&r->con, r->finished, r->running);
}

/* The progress line also moves while a testcase waits long. */
static void
tick_cb(struct tc_loop *loop, struct tc_timer *t, void *arg)
{
	struct runner *r = arg;

	tc_console_progress(&r->con, r->finished, r->running);
	if (r->running > 0)
		tc_timer_start(loop, t, tc_clock_now() + 1000000000, tick_cb,
		    r);
}

/* ---- interruption --------------------------------------------------- */

static void
signal_cb(struct tc_loop *loop, struct tc_io *io, unsigned events, void *arg)
{
	struct runner *r = arg;
	struct signalfd_siginfo si;
	char why[64];
	size_t i;

	(void)io;
	(void)events;
	if (read(r->sigfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return;
	r->interrupted = true;
	snprintf(why, sizeof(why), "interrupted by %s", strsignal(
	    (int)si.ssi_signo));
	for (i = 0; i < (size_t)r->o->jobs; i++) {
		struct job *j = &r->jobs[i];

		if (!j->busy)
			continue;
		tc_interp_abort(j->ip, TC_VERDICT_NOTRUN, why);
		job_finish(j);
	}
	tc_loop_stop(loop);
}

void
tc_runner_signal_set(sigset_t *set)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	sigemptyset(set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		/* nohup and shells' background jobs ignore some of these:
		 * what the caller ignores must stay ignored. */
		if (sigaction(sigs[i], NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN)
			continue;
		sigaddset(set, sigs[i]);
	}
}

static enum tc_err
signals_block(struct runner *r, sigset_t *old, struct tc_diag *d)
{
	sigset_t set;

	tc_runner_signal_set(&set);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0) {
		tc_diag_errno(d, "sigprocmask");
		return TC_ERR_SYS;
	}
	r->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (r->sigfd < 0) {
		tc_diag_errno(d, "signalfd");
		return TC_ERR_SYS;
	}
	return tc_loop_io_add(r->loop, r->sigfd, POLLIN, signal_cb, r,
	    &r->sig_io, d);
}

/* ---- the run -------------------------------------------------------- */

/* "Linux 6.18 in a network namespace; lwIP 2.1.3 on a TAP device". */
static void
describe_targets(struct runner *r)
{
	struct tc_strbuf sb = { r->target_desc, sizeof(r->target_desc), 0 };
	struct tc_target *seen[TC_MATRIX_TARGETS_MAX];
	size_t i, k, nseen = 0;
	char one[160];

	r->target_desc[0] = '\0';
	for (i = 0; i < r->n || (i == 0 && r->n == 0); i++) {
		struct tc_target *t = r->n ? case_target(r, i) : r->o->target;

		for (k = 0; k < nseen && seen[k] != t; k++)
			;
		if (k < nseen || nseen == TC_MATRIX_TARGETS_MAX)
			continue;
		seen[nseen++] = t;
		t->ops->describe(t, one, sizeof(one));
		tc_strbuf_printf(&sb, "%s%s", nseen > 1 ? "; " : "", one);
	}
}

static enum tc_err
results_new(struct runner *r)
{
	size_t i, k;

	r->results = calloc(r->n ? r->n : 1, sizeof(*r->results));
	if (r->results == NULL)
		return TC_ERR_NOMEM;
	for (i = 0; i < r->n; i++) {
		const struct tc_case *c = &r->cases[i];
		const struct tc_script *s = c->script;
		const char *kind = case_target(r, i)->ops->name;
		struct tc_result *res;
		char id[1024];

		snprintf(id, sizeof(id), c->tag_target ? "%s@%s" : "%s",
		    c->id, kind);
		if ((res = tc_result_new(id, c->path)) == NULL)
			return TC_ERR_NOMEM;
		r->results[i] = res;
		if ((res->target = strdup(kind)) == NULL)
			return TC_ERR_NOMEM;
		res->title = strdup(s->title ? s->title : "");
		res->refs = strdup(s->refs ? s->refs : "");
		res->tags = calloc(s->ntags ? s->ntags : 1, sizeof(char *));
		if (res->title == NULL || res->refs == NULL || res->tags == NULL)
			return TC_ERR_NOMEM;
		for (k = 0; k < s->ntags; k++)
			if ((res->tags[res->ntags++] = strdup(s->tags[k])) == NULL)
				return TC_ERR_NOMEM;
		tc_result_set(res, TC_VERDICT_NOTRUN, "the run was "
		    "interrupted");
	}
	return TC_OK;
}

static bool
write_reports(struct runner *r)
{
	bool ok = true;
	struct tc_diag d;
	size_t i;

	for (i = 0; i < r->o->nreport; i++) {
		tc_diag_init(&d);
		if (tc_report_write(r->o->report[i].ops, r->o->report[i].path,
		    &r->info, r->results, r->n, &d) != TC_OK) {
			fprintf(stderr, "tcpconform: %s report %s: %s\n",
			    r->o->report[i].ops->name, r->o->report[i].path,
			    d.msg);
			ok = false;
		}
	}
	return ok;
}

static enum tc_exit
exit_status(const struct runner *r, bool reports_ok)
{
	size_t i, ran = 0;
	bool bad = false;

	if (r->interrupted)
		return TC_EXIT_INTR;
	if (r->env_failed || !reports_ok)
		return TC_EXIT_ENV;
	for (i = 0; i < r->n; i++) {
		enum tc_verdict v = r->results[i]->verdict;

		bad |= tc_verdict_is_bad(v);
		ran += v != TC_VERDICT_SKIP && v != TC_VERDICT_NOTRUN;
	}
	return bad || ran == 0 ? TC_EXIT_FAIL : TC_EXIT_OK;
}

static void
runner_fini(struct runner *r, const sigset_t *old)
{
	size_t i;

	tc_reaper_free(r->reaper);
	tc_loop_io_del(r->loop, r->sig_io);
	if (r->sigfd >= 0)
		close(r->sigfd);
	tc_loop_free(r->loop);
	sigprocmask(SIG_SETMASK, old, NULL);
	for (i = 0; r->results != NULL && i < r->n; i++)
		tc_result_free(r->results[i]);
	free(r->results);
	free(r->jobs);
}

enum tc_exit
tc_runner_run(const struct tc_runner_opts *o, const struct tc_case *cases,
    size_t n)
{
	struct runner r = { .o = o, .cases = cases, .n = n, .sigfd = -1 };
	enum tc_exit status = TC_EXIT_ENV;
	struct tc_diag d;
	int64_t started;
	sigset_t old;

	tc_diag_init(&d);
	sigprocmask(SIG_SETMASK, NULL, &old);
	r.jobs = calloc((size_t)o->jobs, sizeof(*r.jobs));
	if (r.jobs == NULL || results_new(&r) != TC_OK ||
	    tc_loop_new(&r.loop, &d) != TC_OK ||
	    tc_reaper_new(&r.reaper, &d) != TC_OK ||
	    signals_block(&r, &old, &d) != TC_OK) {
		fprintf(stderr, "tcpconform: %s\n", d.msg[0] ? d.msg :
		    "out of memory");
		runner_fini(&r, &old);
		return TC_EXIT_ENV;
	}
	describe_targets(&r);
	if (o->family == TC_AF_INET6)
		snprintf(r.target_desc + strlen(r.target_desc),
		    sizeof(r.target_desc) - strlen(r.target_desc), ", IPv6");
	r.info = (struct tc_run_info){ .tool_version = TC_VERSION,
	    .target = r.target_desc, .seed = o->seed, .jobs = o->jobs,
	    .start = time(NULL) };
	started = tc_clock_now();
	tc_console_begin(&r.con, o->out, &r.info, n, o->color, o->progress);
	start_more(&r);
	if (o->progress && r.finished < r.n)
		tick_cb(r.loop, &r.tick, &r);
	if (r.finished < r.n && tc_loop_run(r.loop, TC_RUN_DEFAULT) != TC_OK)
		fprintf(stderr, "tcpconform: event loop: %s\n",
		    strerror(errno));
	tc_timer_stop(r.loop, &r.tick);
	r.info.end = time(NULL);
	r.info.duration_ns = tc_clock_now() - started;
	r.info.interrupted = r.interrupted;
	tc_console_end(&r.con, r.results, r.n);
	tc_matrix_print_comparison(r.o->out, r.results, r.n);
	status = exit_status(&r, write_reports(&r));
	runner_fini(&r, &old);
	return status;
}
