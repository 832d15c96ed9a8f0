/*
 * json_test.c - the JSON report: write, read back, merge, diff, and
 * `tcpconform report merge|diff` end to end.
 *
 * Round trips compare every field (times at the report's microsecond
 * resolution; malformed UTF-8 comes back as U+FFFD per bad byte), the
 * output is validated against docs/report-json.schema.json by
 * tests/engine/json_schema_check.py (python3-jsonschema), and hostile or
 * broken inputs must give errors, never crashes.  The end-to-end test runs
 * $TC_BINARY (needs root) and calls tc_report_cmd in a child process.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "json.h"
#include "jsonread.h"
#include "merge.h"
#include "report.h"
#include "report_cmd.h"
#include "result.h"
#include "json_test_data.h"

static const struct tc_run_info run_info = {
	.tool_version = "0.1.0",
	.target = "netns (Linux 6.1 \"test\")",
	.seed = 18446744073709551615u,	/* past 2^53 and INT64_MAX */
	.jobs = 4,
	.start = 1700000000,
	.end = 1700000005,
	.interrupted = true,
};

static char tmpdir[64];

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/tc-json-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	(void)!system(cmd);
}

static const char *
tmp(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", tmpdir, name);
	return buf[k];
}

static const char *
srcdir(void)
{
	const char *s = getenv("TC_SOURCE_DIR");
	static char buf[4096];

	if (s != NULL && *s != '\0')
		return s;
	snprintf(buf, sizeof(buf), "%s", __FILE__);
	*strstr(buf, "/tests/engine/json_test.c") = '\0';
	return buf;
}

/* A whole file (reports hold no NUL), or NULL when it cannot be read. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;

	if (f == NULL)
		return NULL;
	if (getdelim(&buf, &cap, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

/* A result with every field set; `text` goes into every string. */
static struct tc_result *
mk(const char *id, enum tc_verdict v, const char *text)
{
	struct tc_result *r = tc_result_new(id, "testcases/x.tcs");

	ck_assert_ptr_nonnull(r);
	r->title = strdup(text);
	r->refs = strdup("RFC9293 3.5, RFC9293 3.6");
	ck_assert_int_eq(tc_result_add_tag(r, "rst"), TC_OK);
	ck_assert_int_eq(tc_result_add_tag(r, text), TC_OK);
	tc_result_set(r, v, "reason %s", text);
	snprintf(r->expected, sizeof(r->expected), "S. ack=isn+1 %s", text);
	snprintf(r->got, sizeof(r->got), "R. seq 1 %s", text);
	r->fail_line = v == TC_VERDICT_PASS ? 0 : 7;
	r->duration_ns = 123456789;
	r->nlog_dropped = 3;
	r->nframes_dropped = 2;
	if (v != TC_VERDICT_PASS)
		r->pcap_path = strdup("pcaps/x.pcap");
	tc_result_log(r, 0, TC_LOG_NOTE, 0, NULL, "isn 1; %s", text);
	tc_result_log(r, 1234567, TC_LOG_OUT, 5, "SYN-SENT", "S seq 1");
	tc_result_log(r, 1234999, TC_LOG_IN, 0, "SYN-SENT", "%s", text);
	tc_result_log(r, -2000, TC_LOG_NOTE, 6, "ESTABLISHED", "x");
	tc_result_log(r, 4000000000000LL, TC_LOG_IN, 0, "", "late");
	return r;
}

static void
free_all(struct tc_result **r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		tc_result_free(r[i]);
}

/* t_ns as the report keeps it: microseconds, rounded half away. */
static int64_t
at_us(int64_t ns)
{
	return (ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000)) * 1000;
}

static void
write_json(const char *path, struct tc_result **r, size_t n)
{
	struct tc_diag d;

	tc_diag_init(&d);
	ck_assert_msg(tc_report_write(&tc_report_json, path, &run_info, r, n,
	    &d) == TC_OK, "%s", d.msg);
}

static struct tc_report_doc *
read_ok(const char *path)
{
	struct tc_report_doc *doc;
	struct tc_diag d;
	enum tc_err err;

	tc_diag_init(&d);
	err = tc_jsonread_file(path, &doc, &d);
	ck_assert_msg(err == TC_OK, "%s: %s", path, d.msg);
	return doc;
}

static void
expect_str(const char *got, const char *want)
{
	if (want == NULL)
		ck_assert_ptr_null(got);
	else
		ck_assert_str_eq(got, want);
}

/* a read back from what b was written as; strings mapped by `back`. */
static void
compare(const struct tc_result *a, const struct tc_result *b,
    const char *text, const char *back)
{
	char want[600];
	size_t i;

	ck_assert_str_eq(a->id, b->id);
	expect_str(a->path, b->path);
	ck_assert_str_eq(a->title, strcmp(b->title, text) == 0 ? back :
	    b->title);
	expect_str(a->refs, b->refs);
	ck_assert_uint_eq(a->ntags, 2);
	ck_assert_str_eq(a->tags[1], back);
	ck_assert_int_eq(a->verdict, b->verdict);
	snprintf(want, sizeof(want), "reason %s", back);
	ck_assert_str_eq(a->reason, want);
	snprintf(want, sizeof(want), "S. ack=isn+1 %s", back);
	ck_assert_str_eq(a->expected, want);
	snprintf(want, sizeof(want), "R. seq 1 %s", back);
	ck_assert_str_eq(a->got, want);
	ck_assert_uint_eq(a->fail_line, b->fail_line);
	ck_assert_int_eq(a->duration_ns, at_us(b->duration_ns));
	expect_str(a->pcap_path, b->pcap_path);
	ck_assert_uint_eq(a->nlog_dropped, b->nlog_dropped);
	ck_assert_uint_eq(a->nframes_dropped, b->nframes_dropped);
	ck_assert_uint_eq(a->nlog, b->nlog);
	for (i = 0; i < a->nlog; i++) {
		ck_assert_int_eq(a->log[i].t_ns, at_us(b->log[i].t_ns));
		ck_assert_int_eq(a->log[i].dir, b->log[i].dir);
		ck_assert_uint_eq(a->log[i].line, b->log[i].line);
		ck_assert_str_eq(a->log[i].state, b->log[i].state);
	}
	ck_assert_str_eq(a->log[2].text, back);
}

/* ---- round trips ------------------------------------------------------ */

START_TEST(test_roundtrip_verdict)
{
	enum tc_verdict v = (enum tc_verdict)_i;
	struct tc_result *r[2];
	struct tc_report_doc *doc;

	r[0] = mk("rst/a", v, "plain text");
	r[1] = mk("handshake/b", v, HOSTILE);
	write_json(tmp("r.json"), r, 2);
	doc = read_ok(tmp("r.json"));
	ck_assert_uint_eq(doc->n, 2);
	compare(doc->results[0], r[0], "plain text", "plain text");
	compare(doc->results[1], r[1], HOSTILE, HOSTILE_BACK);
	ck_assert_str_eq(doc->run.tool_version, "0.1.0");
	ck_assert_str_eq(doc->run.target, run_info.target);
	ck_assert_uint_eq(doc->run.seed, run_info.seed);
	ck_assert_int_eq(doc->run.jobs, 4);
	ck_assert_int_eq(doc->run.start, run_info.start);
	ck_assert_int_eq(doc->run.end, run_info.end);
	ck_assert(doc->run.interrupted);
	ck_assert_uint_eq(doc->nseeds, 1);
	tc_jsonread_free(doc);
	free_all(r, 2);
}
END_TEST

/* A reason full of bad bytes triples in size and is cut back, whole. */
START_TEST(test_roundtrip_long_fields)
{
	struct tc_result *r = mk("a", TC_VERDICT_FAIL, "x");
	struct tc_report_doc *doc;
	size_t len;

	memset(r->reason, '\xff', sizeof(r->reason) - 1);
	r->reason[sizeof(r->reason) - 1] = '\0';
	memset(r->log[0].text, '\xe9', sizeof(r->log[0].text));
	write_json(tmp("l.json"), &r, 1);
	doc = read_ok(tmp("l.json"));
	len = strlen(doc->results[0]->reason);
	ck_assert_uint_eq(len, (sizeof(r->reason) - 1) / 3 * 3);
	ck_assert(memcmp(doc->results[0]->reason, FFFD FFFD, 6) == 0);
	ck_assert_uint_eq(strlen(doc->results[0]->log[0].text) % 3, 0);
	tc_jsonread_free(doc);
	tc_result_free(r);
}
END_TEST

START_TEST(test_empty_and_null)
{
	struct tc_run_info bare = { 0 };
	struct tc_result *r = tc_result_new("only-id", NULL);
	struct tc_report_doc *doc;
	struct tc_diag d;
	char *text;

	tc_diag_init(&d);
	ck_assert_int_eq(tc_report_write(&tc_report_json, tmp("e.json"),
	    &bare, NULL, 0, &d), TC_OK);
	text = slurp(tmp("e.json"));
	ck_assert_ptr_nonnull(strstr(text, "\"testcases\": []"));
	ck_assert_ptr_nonnull(strstr(text, "\"start\": null"));
	free(text);
	doc = read_ok(tmp("e.json"));
	ck_assert_uint_eq(doc->n, 0);
	ck_assert_ptr_null(doc->run.target);
	tc_jsonread_free(doc);
	ck_assert_int_eq(tc_report_write(&tc_report_json, tmp("n.json"),
	    &bare, &r, 1, &d), TC_OK);
	doc = read_ok(tmp("n.json"));
	ck_assert_ptr_null(doc->results[0]->path);
	ck_assert_ptr_null(doc->results[0]->title);
	ck_assert_int_eq(doc->results[0]->verdict, TC_VERDICT_NOTRUN);
	ck_assert_uint_eq(doc->results[0]->nlog, 0);
	tc_jsonread_free(doc);
	tc_result_free(r);
}
END_TEST

/* The state timeline lists changes only, in log order. */
START_TEST(test_states_timeline)
{
	struct tc_result *r = mk("a", TC_VERDICT_PASS, "x");
	char *text, *states;

	write_json(tmp("s.json"), &r, 1);
	text = slurp(tmp("s.json"));
	states = strstr(text, "\"states\": [");
	ck_assert_ptr_nonnull(states);
	ck_assert_ptr_nonnull(strstr(states, "{\"t_ms\": 1.235, \"state\": "
	    "\"SYN-SENT\"},\n        {\"t_ms\": -0.002, \"state\": "
	    "\"ESTABLISHED\"}\n      ]"));
	ck_assert_ptr_nonnull(strstr(text, "{\"t_ms\": 4000000.0, \"dir\": "
	    "\"in\", \"line\": null, \"text\": \"late\", \"state\": null}"));
	ck_assert_ptr_nonnull(strstr(text, "\"seed\": "
	    "\"18446744073709551615\""));
	free(text);
	tc_result_free(r);
}
END_TEST

/* ---- schema ----------------------------------------------------------- */

/*
 * Runs argv with stdout and stderr in `out` and returns its exit status:
 * a program, or with in_process, tc_report_cmd(argv) in a child.
 */
static int
run_wait(const char *const argv[], const char *out, bool in_process)
{
	int status, fd, argc;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		for (argc = 0; in_process && argv[argc] != NULL; argc++)
			continue;
		if (in_process) {
			status = tc_report_cmd(argc, (char **)argv);
			fflush(NULL);
			_exit(status);
		}
		unsetenv("CK_FORK");
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(!in_process || WIFEXITED(status), "report %s: signal "
	    "%d", argv[1], WTERMSIG(status));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
	    WTERMSIG(status);
}

/* Validates report files against the schema; fails with its errors. */
static void
validate(const char *const *files, size_t n)
{
	char schema[4096], script[4096];
	const char *argv[16] = { "python3", script, schema };
	char *log;
	size_t i;
	int rc;

	ck_assert_uint_le(n, 12);
	snprintf(schema, sizeof(schema), "%s/docs/report-json.schema.json",
	    srcdir());
	snprintf(script, sizeof(script), "%s/tests/engine/"
	    "json_schema_check.py", srcdir());
	for (i = 0; i < n; i++)
		argv[3 + i] = files[i];
	rc = run_wait(argv, tmp("validate.log"), false);
	log = slurp(tmp("validate.log"));
	ck_assert_msg(rc == 0, "schema validation: exit %d%s\n%s", rc,
	    rc == 77 ? " (install python3-jsonschema)" : "", log);
	free(log);
}

START_TEST(test_schema_valid)
{
	struct tc_result *r[TC_VERDICT_COUNT + 1];
	struct tc_run_info bare = { 0 };
	const char *files[3];
	uint64_t seeds[] = { 1, 2, 18446744073709551615u };
	struct tc_diag d;
	FILE *f;
	size_t i;

	for (i = 0; i < TC_VERDICT_COUNT; i++) {
		char id[16];

		snprintf(id, sizeof(id), "v/%zu", i);
		r[i] = mk(id, (enum tc_verdict)i, i % 2 ? HOSTILE : "x");
	}
	r[i] = tc_result_new("bare", NULL);
	write_json(files[0] = tmp("all.json"), r, TC_VERDICT_COUNT + 1);
	tc_diag_init(&d);
	ck_assert_int_eq(tc_report_write(&tc_report_json, files[1] =
	    tmp("none.json"), &bare, NULL, 0, &d), TC_OK);
	f = fopen(files[2] = tmp("seeds.json"), "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(tc_json_write(f, &run_info, seeds, 3, r, 2, &d),
	    TC_OK);
	fclose(f);
	validate(files, 3);
	free_all(r, TC_VERDICT_COUNT + 1);
}
END_TEST

/* ---- malformed input -------------------------------------------------- */

START_TEST(test_malformed)
{
	const struct bad *b = &bad[_i];
	struct tc_report_doc *doc = (void *)1;
	struct tc_diag d;
	char msg[512];
	enum tc_err err;

	tc_diag_init(&d);
	err = tc_jsonread_mem("bad.json", b->text, strlen(b->text), &doc, &d);
	tc_diag_format(&d, msg, sizeof(msg));
	ck_assert_msg(err == b->err, "%s: got %s (%s)", b->text,
	    tc_err_name(err), msg);
	ck_assert_ptr_null(doc);
	ck_assert_msg(strstr(msg, b->msg) != NULL, "%s: message '%s' lacks "
	    "'%s'", b->text, msg, b->msg);
	ck_assert_msg(strncmp(msg, "bad.json", 8) == 0, "%s", msg);
}
END_TEST

/* Text of `head`, then `count` copies of `elem` joined by ',', `tail`. */
static char *
repeat(const char *head, const char *elem, size_t count, const char *tail)
{
	size_t len = strlen(head) + count * (strlen(elem) + 1) +
	    strlen(tail) + 1;
	char *s = malloc(len), *p;
	size_t i;

	ck_assert_ptr_nonnull(s);
	p = s + snprintf(s, len, "%s", head);
	for (i = 0; i < count; i++)
		p += snprintf(p, len - (size_t)(p - s), "%s%s", i ? "," : "",
		    elem);
	snprintf(p, len - (size_t)(p - s), "%s", tail);
	return s;
}

static void
expect_err(const char *text, enum tc_err want, const char *msg)
{
	struct tc_report_doc *doc;
	struct tc_diag d;
	enum tc_err err;

	tc_diag_init(&d);
	err = tc_jsonread_mem("big.json", text, strlen(text), &doc, &d);
	ck_assert_msg(err == want, "got %s (%s)", tc_err_name(err), d.msg);
	ck_assert_msg(strstr(d.msg, msg) != NULL, "'%s' lacks '%s'", d.msg,
	    msg);
}

START_TEST(test_huge)
{
	char *s, *big;

	s = repeat(HEAD "\"testcases\": [", "{}", TC_JSONREAD_CASES_MAX + 1,
	    "]}");
	expect_err(s, TC_ERR_LIMIT, "65537 testcases (at most 65536)");
	free(s);
	s = repeat(HEAD "\"testcases\": [{\"id\": \"a\", \"verdict\": "
	    "\"PASS\", \"log\": [", "{\"dir\": \"in\"}", TC_RESULT_LOG_MAX + 2,
	    "]}]}");
	expect_err(s, TC_ERR_LIMIT, "\"log\": 4098 elements (at most 4097)");
	free(s);
	s = repeat(HEAD "\"testcases\": [{\"id\": \"a\", \"verdict\": "
	    "\"PASS\", \"tags\": [", "\"t\"", TC_JSONREAD_TAGS_MAX + 1,
	    "]}]}");
	expect_err(s, TC_ERR_LIMIT, "\"tags\": 257 elements");
	free(s);
	big = malloc(TC_JSONREAD_STR_MAX + 2);
	ck_assert_ptr_nonnull(big);
	memset(big, 'a', TC_JSONREAD_STR_MAX + 1);
	big[TC_JSONREAD_STR_MAX + 1] = '\0';
	s = repeat(HEAD "\"testcases\": [{\"verdict\": \"PASS\", \"id\": \"",
	    big, 1, "\"}]}");
	expect_err(s, TC_ERR_LIMIT, "65537 bytes long");
	free(s);
	free(big);
	/* Nesting deeper than jansson's parser allows. */
	s = calloc(1, 100100);
	ck_assert_ptr_nonnull(s);
	memset(s + snprintf(s, 100, HEAD "\"x\": "), '[', 100000);
	expect_err(s, TC_ERR_PARSE, "invalid JSON");
	free(s);
}
END_TEST

/* Every truncation of a real report is an error, never a crash. */
START_TEST(test_truncated_prefixes)
{
	struct tc_result *r[2];
	struct tc_report_doc *doc;
	struct tc_diag d;
	char *text;
	size_t len, cut;

	r[0] = mk("a", TC_VERDICT_FAIL, HOSTILE);
	r[1] = mk("b", TC_VERDICT_PASS, "x");
	write_json(tmp("t.json"), r, 2);
	text = slurp(tmp("t.json"));
	len = strlen(text);
	ck_assert_uint_gt(len, 1000);
	/* len - 1 drops only the final newline: still a whole document. */
	for (cut = 0; cut < len - 1; cut++) {
		tc_diag_init(&d);
		ck_assert_msg(tc_jsonread_mem("t.json", text, cut, &doc, &d) ==
		    TC_ERR_PARSE, "prefix of %zu bytes", cut);
		ck_assert_ptr_null(doc);
	}
	tc_diag_init(&d);
	ck_assert_int_eq(tc_jsonread_mem("t.json", text, len - 1, &doc, &d),
	    TC_OK);
	tc_jsonread_free(doc);
	free(text);
	free_all(r, 2);
}
END_TEST

/* ---- merge and diff --------------------------------------------------- */

/*
 * A doc from "id=VERDICT ..." (every reason "r"), with run members `run`
 * (a JSON object body).
 */
static struct tc_report_doc *
doc_spec(const char *name, const char *run, const char *spec)
{
	char text[4096], id[64], v[16];
	struct tc_report_doc *doc;
	struct tc_diag d;
	size_t len;
	int k, sep = 0;

	len = (size_t)snprintf(text, sizeof(text), "{\"schema\": "
	    "\"tcpconform-report/1\", \"run\": {%s}, \"testcases\": [", run);
	while (sscanf(spec, " %63[^=]=%15s%n", id, v, &k) == 2) {
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%s{\"id\": \"%s\", \"verdict\": \"%s\", \"reason\": "
		    "\"r %s\"}", sep++ ? ", " : "", id, v, name);
		spec += k;
	}
	snprintf(text + len, sizeof(text) - len, "]}");
	tc_diag_init(&d);
	ck_assert_msg(tc_jsonread_mem(name, text, strlen(text), &doc, &d) ==
	    TC_OK, "%s", d.msg);
	return doc;
}

START_TEST(test_merge_shards)
{
	struct tc_report_doc *in[3], *m;
	const char *file = tmp("merged.json");
	struct tc_diag d;
	FILE *f;

	in[0] = doc_spec("A.json", "\"seed\": \"1\", \"target\": \"t\", "
	    "\"jobs\": 2, \"start\": \"2023-11-14T22:13:20Z\", \"end\": "
	    "\"2023-11-14T22:13:25Z\"", "b=PASS a=FAIL c=SKIP");
	in[1] = doc_spec("B.json", "\"seed\": \"2\", \"target\": \"t\", "
	    "\"jobs\": 8, \"start\": \"2023-11-14T22:13:10Z\", \"end\": "
	    "\"2023-11-14T22:13:30Z\", \"interrupted\": true",
	    "d=NOTRUN c=SKIP");
	tc_diag_init(&d);
	ck_assert_int_eq(tc_report_merge(in, 2, &m, &d), TC_OK);
	ck_assert_uint_eq(m->n, 4);
	ck_assert_str_eq(m->results[0]->id, "a");
	ck_assert_str_eq(m->results[2]->id, "c");
	ck_assert_str_eq(m->results[2]->reason, "r A.json");
	ck_assert_str_eq(m->results[3]->id, "d");
	ck_assert_int_eq(m->run.start, 1700000000 - 10);
	ck_assert_int_eq(m->run.end, 1700000000 + 10);
	ck_assert_int_eq(m->run.jobs, 8);
	ck_assert(m->run.interrupted);
	ck_assert_str_eq(m->run.target, "t");
	ck_assert_uint_eq(m->nseeds, 2);
	ck_assert_uint_eq(m->seeds[1], 2);
	f = fopen(file, "w");
	ck_assert_int_eq(tc_json_write(f, &m->run, m->seeds, m->nseeds,
	    m->results, m->n, &d), TC_OK);
	fclose(f);
	validate(&file, 1);
	tc_jsonread_free(m);
	m = read_ok(file);
	ck_assert_uint_eq(m->nseeds, 2);
	tc_jsonread_free(m);
	/* The same testcase with another verdict: no way to choose. */
	in[2] = doc_spec("C.json", "\"target\": \"u\"", "a=PASS");
	ck_assert_int_eq(tc_report_merge(in, 3, &m, &d), TC_ERR_INVAL);
	ck_assert_ptr_null(m);
	ck_assert_str_eq(d.msg, "testcase a is FAIL in A.json but PASS in "
	    "C.json: shards may share a testcase only with the same verdict");
	tc_jsonread_free(in[0]);
	tc_jsonread_free(in[1]);
	tc_jsonread_free(in[2]);
}
END_TEST

static char *
diff_text(const char *old, const char *cur, bool *regression)
{
	struct tc_report_doc *a = doc_spec("old", "", old);
	struct tc_report_doc *b = doc_spec("new", "", cur);
	struct tc_diff diff;
	struct tc_diag d;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_int_eq(tc_report_diff(a, b, &diff, &d), TC_OK);
	tc_report_diff_print(f, &diff);
	fclose(f);
	*regression = diff.regression;
	tc_report_diff_fini(&diff);
	tc_jsonread_free(a);
	tc_jsonread_free(b);
	return buf;
}

START_TEST(test_diff_order)
{
	bool reg;
	char *t;

	t = diff_text(DIFF_OLD, DIFF_NEW, &reg);
	ck_assert(reg);
	ck_assert_str_eq(t, DIFF_LISTING);
	free(t);
	t = diff_text("a=FAIL b=PASS", "a=PASS b=PASS", &reg);
	ck_assert(!reg);
	free(t);
	t = diff_text("a=PASS", "a=PASS", &reg);
	ck_assert(!reg);
	ck_assert_str_eq(t, "no verdict changed (1 testcase in both runs)\n"
	    "0 regressions, 0 fixes, 0 changed, 0 new, 0 removed\n");
	free(t);
}
END_TEST

/* ---- end to end ------------------------------------------------------- */

#define CMD(want, needle, ...) do {					\
	const char *const argv_[] = { "report", __VA_ARGS__, NULL };	\
	int rc_ = run_wait(argv_, tmp("cmd.out"), true);		\
	char *o_ = slurp(tmp("cmd.out"));				\
	ck_assert_msg(rc_ == (want) && strstr(o_, (needle)) != NULL,	\
	    "report %s: exit %d, want %d and '%s' in:\n%s", argv_[1],	\
	    rc_, (want), (needle), o_);					\
	free(o_);							\
} while (0)

/* A PASS twin of a report, for a diff with a regression. */
static void
make_pass(const char *from, const char *to)
{
	struct tc_report_doc *doc = read_ok(from);
	size_t i;

	for (i = 0; i < doc->n; i++)
		tc_result_set(doc->results[i], TC_VERDICT_PASS, "%s", "");
	write_json(to, doc->results, doc->n);
	tc_jsonread_free(doc);
}

/* The command's usage and error paths, on reports written here. */
START_TEST(test_cmd)
{
	struct tc_result *r = mk("a", TC_VERDICT_FAIL, "x");
	char fail[256], pass[256];

	snprintf(fail, sizeof(fail), "%s", tmp("fail.json"));
	snprintf(pass, sizeof(pass), "%s", tmp("pass.json"));
	write_json(fail, &r, 1);
	tc_result_free(r);
	make_pass(fail, pass);
	CMD(1, "regressions: 1\n  PASS   -> FAIL    a: reason x", "diff",
	    pass, fail);
	CMD(0, "fixes: 1\n  FAIL   -> PASS    a\n", "diff", fail, pass);
	CMD(1, "0 passed, 1 failed", "merge", fail, fail);
	CMD(0, "1 passed, 0 failed", "merge", pass, "--no-color");
	CMD(2, "a is PASS in", "merge", pass, fail);
	CMD(2, "not a tcpconform report", "diff", fail, "/etc/passwd");
	CMD(2, "nope.json", "diff", tmp("nope.json"), fail);
	CMD(2, "expected OLD.json NEW.json", "diff", fail);
	CMD(2, "expected at least one", "merge");
	CMD(2, "unknown format 'bogus'", "merge", "--report", "bogus:x", fail);
	CMD(2, "expected FMT:FILE", "merge", "--report", "json", fail);
	CMD(2, "expected merge or diff", "frobnicate");
	CMD(0, "usage: tcpconform report merge", "--help");
}
END_TEST

/* The binary's reports of real runs, merged and compared. */
START_TEST(test_e2e)
{
	const char *bin = getenv("TC_BINARY");
	char fail[256], rst[256], pass[256], merged[256], rep[2][300];
	char script[4096], suite[4096], *out;
	struct tc_report_doc *doc;
	int rc;

	if (geteuid() != 0 || bin == NULL || access(bin, X_OK) != 0) {
		fprintf(stderr, "json_test: e2e skipped (needs root and "
		    "TC_BINARY)\n");
		return;
	}
	/* tmp() reuses its buffers: keep copies. */
	snprintf(fail, sizeof(fail), "%s", tmp("fail.json"));
	snprintf(rst, sizeof(rst), "%s", tmp("rst.json"));
	snprintf(pass, sizeof(pass), "%s", tmp("pass.json"));
	snprintf(merged, sizeof(merged), "%s", tmp("all.json"));
	snprintf(script, sizeof(script), "%s/tests/e2e/scripts/wrong-ack.tcs",
	    srcdir());
	snprintf(suite, sizeof(suite), "%s/testcases/rst", srcdir());
	snprintf(rep[0], sizeof(rep[0]), "json:%s", fail);
	snprintf(rep[1], sizeof(rep[1]), "json:%s", rst);
	ck_assert_int_eq(run_wait((const char *[]){ bin, "run", "--report",
	    rep[0], script, NULL }, tmp("run1.out"), false), 1);
	ck_assert_int_le(run_wait((const char *[]){ bin, "run", "--report",
	    rep[1], suite, NULL }, tmp("run2.out"), false), 1);
	make_pass(fail, pass);
	snprintf(rep[0], sizeof(rep[0]), "json:%s", merged);
	snprintf(rep[1], sizeof(rep[1]), "junit:%s", tmp("all.xml"));
	CMD(1, "merged from 2 reports", "merge", fail, rst, "--report",
	    rep[0], "--report", rep[1]);
	validate((const char *[]){ fail, rst, merged }, 3);
	doc = read_ok(merged);
	ck_assert_uint_eq(doc->n, 7);
	ck_assert_str_eq(doc->results[6]->id, "wrong-ack");
	ck_assert_int_eq(doc->results[6]->verdict, TC_VERDICT_FAIL);
	ck_assert_uint_gt(doc->results[6]->nlog, 3);
	tc_jsonread_free(doc);
	CMD(1, "regressions: 1\n  PASS   -> FAIL    wrong-ack: line 7",
	    "diff", pass, fail);
	CMD(1, "  (new)  -> FAIL    wrong-ack", "diff", rst, merged);
	CMD(0, "no verdict changed (6 testcases", "diff", rst, rst);
	CMD(2, "not a tcpconform report", "diff", fail, tmp("all.xml"));
	/* Through the binary too, once cli.c dispatches `report`. */
	rc = run_wait((const char *[]){ bin, "report", "diff", pass, fail,
	    NULL }, tmp("bin.out"), false);
	out = slurp(tmp("bin.out"));
	if (strstr(out, "unknown command 'report'") == NULL)
		ck_assert_msg(rc == 1 && strstr(out, "PASS   -> FAIL") != NULL,
		    "tcpconform report diff: exit %d\n%s", rc, out);
	free(out);
}
END_TEST

static Suite *
json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_roundtrip_verdict, 0, TC_VERDICT_COUNT);
	tcase_add_test(tc, test_roundtrip_long_fields);
	tcase_add_test(tc, test_empty_and_null);
	tcase_add_test(tc, test_states_timeline);
	tcase_add_test(tc, test_schema_valid);
	tcase_add_loop_test(tc, test_malformed, 0,
	    (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, test_huge);
	tcase_add_test(tc, test_truncated_prefixes);
	tcase_add_test(tc, test_merge_shards);
	tcase_add_test(tc, test_diff_order);
	tcase_add_test(tc, test_cmd);
	tcase_add_test(tc, test_e2e);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(json_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
