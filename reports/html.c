/* html.c - one self-contained HTML page: summary, filters, ladder diagrams. */
#include "html.h"
#include "matrix.h"
#include "ladder.h"
#include "report.h"
#include "xmlesc.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * Shape, and why:
 *
 *   One file with its CSS and script inline and no URL in it but "#..."
 *   anchors, so it opens from disk, from a CI artifact or a mail, with no
 *   network.  The markup is also well-formed XML (every element closed,
 *   boolean attributes spelled out, no '<' or '&' in the style and the
 *   script), so `xmllint --noout` checks it and the SVG inside it.
 *
 *   A header (tool, target, seed, times, "interrupted"), a card per
 *   verdict with its count, a filter bar (verdicts, tags), a table of
 *   testcases, and per testcase a <details> with the reason, expected vs
 *   got and the ladder diagram (reports/ladder.c).  Without script every
 *   testcase shows and the filter bar stays hidden; the script only hides
 *   rows, opens the <details> a link points at, and finally sets
 *   body[data-ready="1"] so a headless browser can tell it ran.
 *   "#verdict=FAIL,ERROR" in the URL preselects verdicts.
 *
 *   Size stays bounded: a diagram draws at most TC_LADDER_ROWS_MAX log
 *   lines and the page at most LADDER_BUDGET over all testcases, spent
 *   first on the testcases that did not simply pass, skip or not run.
 */

#define LADDER_BUDGET	20000	/* log lines drawn in all */
#define TAGS_MAX	100	/* tags offered as filters */
#define OPEN_MAX	10	/* failures shown open up to this many */

/* The page being written. */
struct page {
	FILE		*f;		/* (borrowed) */
	const struct tc_run_info *run; /* (borrowed) */
	struct tc_result *const *res; /* (borrowed) */
	size_t		n;
	size_t		counts[TC_VERDICT_COUNT];
	const char	**tags;		/* (owned), of borrowed tags */
	size_t		ntags;
	size_t		tags_left_out;	/* tags past TAGS_MAX */
	size_t		budget_bad;	/* ladder lines for failures */
	size_t		budget_other;	/* ... and for the rest */
	bool		open_bad;	/* failures' details open */
};

/* ORDER VERDICTS: a tooltip for each verdict's card. */
static const char *const verdict_help[TC_VERDICT_COUNT] = {
	[TC_VERDICT_PASS] = "the target behaved as the testcase expects",
	[TC_VERDICT_FAIL] = "the target did not behave as expected",
	[TC_VERDICT_XFAIL] = "failed, as the known-deviations file says",
	[TC_VERDICT_XPASS] = "listed as a known deviation, but passed",
	[TC_VERDICT_INCONC] = "the situation under test never arose",
	[TC_VERDICT_ERROR] = "the script or the engine failed",
	[TC_VERDICT_SKIP] = "needs what the target cannot do",
	[TC_VERDICT_NOTRUN] = "the run was interrupted before it",
};

/*
 * The style and the script.  Neither may hold '<', '&' or "]]>": the page
 * must stay well-formed XML, and HTML reads <style> and <script> raw.
 * Tables, but here above the code: C needs a static array complete
 * before its first use.
 */
static const char page_css[] =
    "*{box-sizing:border-box}\n[hidden]{display:none!important}\n"
    "body{margin:0;background:#f6f8fa;color:#1f2328;font:14px/1.45 "
    "system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\","
    "Arial,sans-serif}\n"
    "main{max-width:1240px;margin:0 auto;padding:24px}\n"
    "code,.id,.mono,dl.run dd{font-family:ui-monospace,\"DejaVu Sans "
    "Mono\",\"Liberation Mono\",Menlo,Consolas,monospace;font-size:13px}\n"
    "h1{font-size:22px;margin:0 0 10px}\n"
    "h1 .ver{font-weight:400;color:#57606a;font-size:15px}\n"
    "h2{font-size:17px;margin:28px 0 8px}\n"
    ".muted{color:#6e7781}\n"
    "header.run,#filters,table.cases,details.tc{background:#fff;"
    "border:1px solid #d0d7de;border-radius:8px}\n"
    "header.run{padding:16px 20px}\n"
    "dl.run{display:grid;grid-template-columns:max-content minmax(0,1fr) "
    "max-content minmax(0,1fr);gap:4px 18px;margin:0}\n"
    "dl.run dt,dl.meta dt{color:#57606a}\n"
    "dl.run dd,dl.meta dd{margin:0;overflow-wrap:anywhere}\n"
    ".banner{margin:12px 0 0;padding:8px 12px;border-radius:6px;"
    "background:#fff8c5;border:1px solid #d4a72c}\n"
    ".v-PASS{--c:#1a7f37}.v-FAIL{--c:#cf222e}.v-XFAIL{--c:#9a6700}"
    ".v-XPASS{--c:#bc4c00}.v-INCONC{--c:#8250df}.v-ERROR{--c:#bf3989}"
    ".v-SKIP{--c:#6e7781}.v-NOTRUN{--c:#8c959f}.total{--c:#24292f}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}\n"
    ".card{font:inherit;text-align:left;cursor:pointer;background:#fff;"
    "border:1px solid #d0d7de;border-top:4px solid var(--c);"
    "border-radius:8px;padding:8px 16px;min-width:104px}\n"
    ".card:hover{background:#f6f8fa}\n"
    ".card .n{display:block;font-size:24px;font-weight:600;color:var(--c)}"
    "\n.card .k{font-size:11px;letter-spacing:.06em;color:#57606a}\n"
    ".card.zero{opacity:.45}\n"
    "#filters{display:flex;flex-direction:column;gap:8px;padding:10px 14px;"
    "margin-bottom:16px}\n"
    "#filters .group{display:flex;flex-wrap:wrap;gap:6px;"
    "align-items:center}\n"
    "#filters .gl{font-weight:600;min-width:64px;color:#57606a}\n"
    "#filters .end{justify-content:flex-end}\n"
    "#filters button{font:inherit;font-size:13px;background:#f6f8fa;"
    "border:1px solid #d0d7de;border-radius:6px;padding:2px 10px;"
    "cursor:pointer}\n"
    "#shown{color:#57606a;margin-right:auto}\n"
    ".chip{display:inline-flex;gap:4px;align-items:center;font-size:13px;"
    "border:1px solid #d0d7de;border-radius:14px;padding:1px 10px 1px 6px;"
    "cursor:pointer;white-space:nowrap}\n"
    ".chip.zero{opacity:.5}\n.chip .c{color:#6e7781}\n"
    ".chip input{margin:0;accent-color:var(--c,#0969da)}\n"
    ".badge{display:inline-block;min-width:62px;text-align:center;"
    "padding:1px 8px;border-radius:12px;font-size:11px;font-weight:700;"
    "white-space:nowrap;"
    "letter-spacing:.04em;color:#fff;background:var(--c)}\n"
    "table.cases{width:100%;border-collapse:separate;border-spacing:0;"
    "overflow:hidden}\n"
    "table.cases th{text-align:left;font-size:12px;font-weight:600;"
    "color:#57606a;background:#f6f8fa;padding:8px 10px;"
    "border-bottom:1px solid #d0d7de}\n"
    "table.cases td{padding:6px 10px;border-top:1px solid #eaeef2;"
    "vertical-align:top;overflow-wrap:anywhere}\n"
    "table.cases tbody tr:first-child td{border-top:0}\n"
    "table.cases tbody tr:hover td{background:#f6f8fa}\n"
    "td.id{white-space:nowrap}\n"
    "td.id a{display:inline-block;max-width:46ch;white-space:normal;"
    "overflow-wrap:anywhere;color:#0969da;text-decoration:none}\n"
    "td.id a:hover{text-decoration:underline}\n"
    "td.ref{color:#57606a;font-size:13px}\n"
    ".num{text-align:right;white-space:nowrap;"
    "font-variant-numeric:tabular-nums}\n"
    "details.tc{margin:8px 0;border-left:4px solid var(--c)}\n"
    "details.tc summary{list-style:none;cursor:pointer;padding:8px 12px;"
    "display:flex;gap:12px;align-items:baseline}\n"
    "details.tc summary::-webkit-details-marker{display:none}\n"
    "details.tc summary::before{content:\"\\25B8\";color:#57606a;"
    "width:10px}\n"
    "details.tc[open] summary::before{content:\"\\25BE\"}\n"
    "details.tc summary .title{flex:1;color:#57606a;"
    "overflow-wrap:anywhere}\n"
    "details.tc summary .dur{color:#57606a;white-space:nowrap}\n"
    "details.tc .body{padding:4px 16px 16px;border-top:1px solid #eaeef2}\n"
    ".reason{margin:10px 0;font-weight:600;overflow-wrap:anywhere}\n"
    ".eg{display:grid;grid-template-columns:max-content minmax(0,1fr);"
    "gap:2px 12px;padding:8px 12px;margin:8px 0;border-radius:6px;"
    "background:#ffebe9;border:1px solid #ffcecb}\n"
    ".eg .k{color:#82071e;font-weight:600}\n"
    ".eg code{overflow-wrap:anywhere;white-space:pre-wrap}\n"
    "dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);"
    "gap:2px 12px;margin:8px 0}\n"
    ".tag{display:inline-block;background:#ddf4ff;color:#0a3069;"
    "border-radius:10px;padding:0 8px;font-size:12px}\n"
    ".ladder-wrap{overflow-x:auto;border:1px solid #eaeef2;"
    "border-radius:6px;margin-top:10px;background:#fff}\n"
    "footer{margin:24px 0 0;color:#8c959f;font-size:12px}\n";

static const char page_js[] =
    "(function () {\n"
    "'use strict';\n"
    "var d = document;\n"
    "function all(s) { return Array.prototype.slice.call("
    "d.querySelectorAll(s)); }\n"
    "var vbox = all('#filters input.fv'), tbox = all('#filters input.ft');\n"
    "var rows = all('tr[data-verdict]'), items = all('[data-verdict]');\n"
    "var shown = d.getElementById('shown');\n"
    "function wanted(e, vs, ts, anytag) {\n"
    "  if (vs[e.getAttribute('data-verdict')] !== true) return false;\n"
    "  if (!anytag) return true;\n"
    "  return e.getAttribute('data-tags').split(' ').some(function (t) {\n"
    "    return ts[t] === true; });\n"
    "}\n"
    "function apply() {\n"
    "  var vs = {}, ts = {}, anytag = false, n = 0;\n"
    "  vbox.forEach(function (c) { vs[c.value] = c.checked; });\n"
    "  tbox.forEach(function (c) {\n"
    "    if (c.checked) { ts[c.value] = true; anytag = true; } });\n"
    "  items.forEach(function (e) {\n"
    "    e.hidden = !wanted(e, vs, ts, anytag); });\n"
    "  rows.forEach(function (e) { if (!e.hidden) n++; });\n"
    "  shown.textContent = n + ' of ' + rows.length + ' testcases shown';\n"
    "}\n"
    "function only(v) {\n"
    "  vbox.forEach(function (c) { c.checked = v === '*' || c.value === v; "
    "});\n"
    "  tbox.forEach(function (c) { c.checked = false; });\n"
    "  apply();\n"
    "}\n"
    "function openhash() {\n"
    "  var e = d.getElementById(location.hash.slice(1));\n"
    "  if (e) if (e.tagName === 'DETAILS') e.open = true;\n"
    "}\n"
    "function fromhash() {\n"
    "  var m = /^#verdict=([A-Z,]+)$/.exec(location.hash);\n"
    "  if (m) only('');\n"
    "  if (m) vbox.forEach(function (c) {\n"
    "    c.checked = m[1].split(',').indexOf(c.value) !== -1; });\n"
    "}\n"
    "function setopen(o) {\n"
    "  all('details.tc').forEach(function (e) {\n"
    "    if (!e.hidden) e.open = o; });\n"
    "}\n"
    "vbox.concat(tbox).forEach(function (c) {\n"
    "  c.addEventListener('change', apply); });\n"
    "all('[data-only]').forEach(function (b) {\n"
    "  b.addEventListener('click', function () {\n"
    "    only(b.getAttribute('data-only')); }); });\n"
    "d.getElementById('expand').addEventListener('click', function () {\n"
    "  setopen(true); });\n"
    "d.getElementById('collapse').addEventListener('click', function () {\n"
    "  setopen(false); });\n"
    "window.addEventListener('hashchange', openhash);\n"
    "d.getElementById('filters').hidden = false;\n"
    "fromhash();\n"
    "openhash();\n"
    "apply();\n"
    "d.body.setAttribute('data-ready', '1');\n"
    "})();\n";


static enum tc_verdict
verdict_of(const struct tc_result *r)
{
	/* An out-of-range verdict is an engine bug: never call it good. */
	return (unsigned)r->verdict < TC_VERDICT_COUNT ? r->verdict :
	    TC_VERDICT_ERROR;
}

/* Failures come first for the ladder budget and open by default. */
static bool
is_failure(const struct tc_result *r)
{
	switch (verdict_of(r)) {
	case TC_VERDICT_FAIL:
	case TC_VERDICT_XFAIL:
	case TC_VERDICT_XPASS:
	case TC_VERDICT_INCONC:
	case TC_VERDICT_ERROR:
		return true;
	case TC_VERDICT_PASS:
	case TC_VERDICT_SKIP:
	case TC_VERDICT_NOTRUN:
	case TC_VERDICT_COUNT:
		break;
	}
	return false;
}

static void
put_text(FILE *f, const char *s)
{
	tc_xmlesc_text(f, s != NULL ? s : "");
}

/* "1.234 s", without the locale's decimal point. */
static void
put_duration(FILE *f, int64_t ns)
{
	int64_t ms = ns > 0 ? ns / 1000000 : 0;

	fprintf(f, "%" PRId64 ".%03" PRId64 "&#160;s", ms / 1000, ms % 1000);
}

static void
put_time(FILE *f, time_t t)
{
	char buf[40];
	struct tm tm;

	if (t != 0 && gmtime_r(&t, &tm) != NULL &&
	    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm) != 0)
		fputs(buf, f);
	else
		fputs("\xe2\x80\x94", f);
}

/* ---- tags ----------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool
have_tag(const struct page *p, const char *tag)
{
	size_t i;

	for (i = 0; i < p->ntags; i++)
		if (strcmp(p->tags[i], tag) == 0)
			return true;
	return false;
}

/* The distinct tags of the run, sorted, at most TAGS_MAX of them. */
static enum tc_err
collect_tags(struct page *p)
{
	size_t i, j;

	p->tags = calloc(TAGS_MAX, sizeof(*p->tags));
	if (p->tags == NULL)
		return TC_ERR_NOMEM;
	for (i = 0; i < p->n; i++)
		for (j = 0; j < p->res[i]->ntags; j++) {
			if (have_tag(p, p->res[i]->tags[j]))
				continue;
			if (p->ntags == TAGS_MAX)
				p->tags_left_out++;
			else
				p->tags[p->ntags++] = p->res[i]->tags[j];
		}
	qsort(p->tags, p->ntags, sizeof(*p->tags), cmp_str);
	return TC_OK;
}

/* data-verdict and data-tags (indexes into p->tags): what filters see. */
static void
put_filter_attrs(const struct page *p, const struct tc_result *r)
{
	const char **hit;
	bool first = true;
	size_t j;

	fprintf(p->f, " data-verdict=\"%s\" data-tags=\"",
	    tc_verdict_name(verdict_of(r)));
	for (j = 0; j < r->ntags; j++) {
		hit = bsearch(&r->tags[j], p->tags, p->ntags, sizeof(*hit),
		    cmp_str);
		if (hit == NULL)
			continue;
		fprintf(p->f, "%s%zu", first ? "" : " ",
		    (size_t)(hit - p->tags));
		first = false;
	}
	fputc('"', p->f);
}

/* ---- the page ------------------------------------------------------- */

static void
put_head(const struct page *p)
{
	FILE *f = p->f;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"/>\n"
	    "<meta name=\"generator\" content=\"tcpconform ", f);
	tc_xmlesc_attr(f, p->run->tool_version != NULL ?
	    p->run->tool_version : "");
	fputs("\"/>\n<title>tcpconform report: ", f);
	put_text(f, p->run->target);
	fprintf(f, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n"
	    "<main>\n", page_css, tc_ladder_css);
}

static void
put_run_item(FILE *f, const char *key, const char *value)
{
	fprintf(f, "<dt>%s</dt><dd>", key);
	put_text(f, value);
	fputs("</dd>\n", f);
}

static void
put_header(const struct page *p)
{
	const struct tc_run_info *run = p->run;
	FILE *f = p->f;
	char buf[32];

	fputs("<header class=\"run\">\n<h1>tcpconform report <span "
	    "class=\"ver\">", f);
	put_text(f, run->tool_version);
	fputs("</span></h1>\n<dl class=\"run\">\n", f);
	put_run_item(f, "Target", run->target);
	snprintf(buf, sizeof(buf), "%" PRIu64, run->seed);
	put_run_item(f, "Seed", buf);
	fputs("<dt>Started</dt><dd>", f);
	put_time(f, run->start);
	fputs("</dd>\n<dt>Ended</dt><dd>", f);
	put_time(f, run->end);
	fputs("</dd>\n", f);
	snprintf(buf, sizeof(buf), "%d", run->jobs);
	put_run_item(f, "Jobs", buf);
	snprintf(buf, sizeof(buf), "%zu", p->n);
	put_run_item(f, "Testcases", buf);
	fputs("</dl>\n", f);
	if (run->interrupted)
		fprintf(f, "<p class=\"banner\" id=\"interrupted\"><strong>"
		    "Interrupted.</strong> The run was stopped before it "
		    "ended: %zu testcase%s did not run.</p>\n",
		    p->counts[TC_VERDICT_NOTRUN],
		    p->counts[TC_VERDICT_NOTRUN] == 1 ? "" : "s");
	fputs("</header>\n", f);
}

/* A card per verdict with its count; a click shows only that verdict. */
static void
put_summary(const struct page *p)
{
	FILE *f = p->f;
	const char *name;
	int v;

	fprintf(f, "<section class=\"cards\" aria-label=\"summary\">\n"
	    "<button type=\"button\" class=\"card total\" data-only=\"*\" "
	    "title=\"show every testcase\"><span class=\"n\" id=\"n-total\">"
	    "%zu</span><span class=\"k\">TOTAL</span></button>\n", p->n);
	for (v = 0; v < TC_VERDICT_COUNT; v++) {
		name = tc_verdict_name((enum tc_verdict)v);
		fprintf(f, "<button type=\"button\" class=\"card v-%s%s\" "
		    "data-only=\"%s\" title=\"%s: %s\"><span class=\"n\" "
		    "id=\"n-%s\">%zu</span><span class=\"k\">%s</span>"
		    "</button>\n", name, p->counts[v] == 0 ? " zero" : "", name,
		    name, verdict_help[v], name, p->counts[v], name);
	}
	fputs("</section>\n", f);
}

static void
put_filters(const struct page *p)
{
	FILE *f = p->f;
	const char *name;
	size_t i;
	int v;

	fputs("<section id=\"filters\" hidden=\"hidden\" aria-label=\"filters"
	    "\">\n<div class=\"group\"><span class=\"gl\">Verdict</span>\n", f);
	for (v = 0; v < TC_VERDICT_COUNT; v++) {
		name = tc_verdict_name((enum tc_verdict)v);
		fprintf(f, "<label class=\"chip v-%s%s\"><input type=\"checkbox"
		    "\" class=\"fv\" value=\"%s\" checked=\"checked\"/> %s "
		    "<span class=\"c\">%zu</span></label>\n", name,
		    p->counts[v] == 0 ? " zero" : "", name, name,
		    p->counts[v]);
	}
	fputs("</div>\n", f);
	if (p->ntags != 0) {
		fputs("<div class=\"group\"><span class=\"gl\">Tags</span>\n",
		    f);
		for (i = 0; i < p->ntags; i++) {
			fprintf(f, "<label class=\"chip tag\"><input type="
			    "\"checkbox\" class=\"ft\" value=\"%zu\"/> ", i);
			put_text(f, p->tags[i]);
			fputs("</label>\n", f);
		}
		if (p->tags_left_out != 0)
			fprintf(f, "<span class=\"muted\">(%zu more not "
			    "listed)</span>\n", p->tags_left_out);
		fputs("</div>\n", f);
	}
	fputs("<div class=\"group end\"><span id=\"shown\"></span>\n"
	    "<button type=\"button\" data-only=\"*\">Show all</button>\n"
	    "<button type=\"button\" id=\"expand\">Expand all</button>\n"
	    "<button type=\"button\" id=\"collapse\">Collapse all</button>"
	    "</div>\n</section>\n", f);
}

static void
put_badge(FILE *f, const struct tc_result *r)
{
	const char *name = tc_verdict_name(verdict_of(r));

	fprintf(f, "<span class=\"badge v-%s\">%s</span>", name, name);
}

static void
put_matrix_row(FILE *f, const struct tc_matrix *m, size_t i)
{
	size_t k;

	fputs("<tr><td class=\"id\">", f);
	put_text(f, m->row[i].id);
	fputs("</td>", f);
	for (k = 0; k < m->ntargets; k++) {
		const char *v = m->row[i].has[k] ?
		    tc_verdict_name(m->row[i].verdict[k]) : NULL;

		if (v != NULL)
			fprintf(f, "<td><span class=\"badge v-%s\">%s</span>"
			    "</td>", v, v);
		else
			fputs("<td>-</td>", f);
	}
	fputs("</tr>\n", f);
}

/* Several targets: testcases x targets, the table no other tool has. */
static void
put_matrix(const struct page *p)
{
	struct tc_matrix m;
	size_t i, k;

	if (tc_matrix_build(p->res, p->n, &m) != TC_OK)
		return;
	if (m.ntargets > 1) {
		fputs("<h2>Comparison matrix</h2>\n<table class=\"list "
		    "matrix\">\n<thead><tr><th>Testcase</th>", p->f);
		for (k = 0; k < m.ntargets; k++) {
			fputs("<th>", p->f);
			put_text(p->f, m.target[k]);
			fputs("</th>", p->f);
		}
		fputs("</tr></thead>\n<tbody>\n", p->f);
		for (i = 0; i < m.nrows; i++)
			put_matrix_row(p->f, &m, i);
		fputs("</tbody>\n</table>\n", p->f);
	}
	tc_matrix_fini(&m);
}

static void
put_table(const struct page *p)
{
	const struct tc_result *r;
	FILE *f = p->f;
	size_t i;

	fputs("<table class=\"cases\">\n<thead><tr><th>Verdict</th>"
	    "<th>Testcase</th><th>Title</th><th>Ref</th>"
	    "<th class=\"num\">Duration</th></tr></thead>\n<tbody>\n", f);
	for (i = 0; i < p->n; i++) {
		r = p->res[i];
		fputs("<tr", f);
		put_filter_attrs(p, r);
		fputs("><td>", f);
		put_badge(f, r);
		fprintf(f, "</td><td class=\"id\"><a href=\"#tc-%zu\">", i);
		put_text(f, r->id);
		fputs("</a></td><td>", f);
		put_text(f, r->title);
		fputs("</td><td class=\"ref\">", f);
		put_text(f, r->refs);
		fputs("</td><td class=\"num\">", f);
		put_duration(f, r->duration_ns);
		fputs("</td></tr>\n", f);
	}
	if (p->n == 0)
		fputs("<tr><td colspan=\"5\" class=\"muted\">No testcases."
		    "</td></tr>\n", f);
	fputs("</tbody>\n</table>\n", f);
}

/* Expected vs got, side by side in a grid. */
static void
put_expected(FILE *f, const struct tc_result *r)
{
	if (r->expected[0] == '\0' && r->got[0] == '\0')
		return;
	fputs("<div class=\"eg\"><span class=\"k\">expected</span><code>", f);
	put_text(f, r->expected);
	fputs("</code><span class=\"k\">got</span><code>", f);
	put_text(f, r->got);
	fputs("</code></div>\n", f);
}

static void
put_meta(FILE *f, const struct tc_result *r)
{
	size_t i;

	fputs("<dl class=\"meta\">\n", f);
	if (r->path != NULL) {
		fputs("<dt>Script</dt><dd><code>", f);
		put_text(f, r->path);
		if (r->fail_line != 0)
			fprintf(f, ":%u", r->fail_line);
		fputs("</code></dd>\n", f);
	}
	if (r->refs != NULL) {
		fputs("<dt>Ref</dt><dd>", f);
		put_text(f, r->refs);
		fputs("</dd>\n", f);
	}
	if (r->ntags != 0) {
		fputs("<dt>Tags</dt><dd>", f);
		for (i = 0; i < r->ntags; i++) {
			fputs("<span class=\"tag\">", f);
			put_text(f, r->tags[i]);
			fputs("</span> ", f);
		}
		fputs("</dd>\n", f);
	}
	if (r->pcap_path != NULL) {
		fputs("<dt>pcap</dt><dd><code>", f);
		put_text(f, r->pcap_path);
		fputs("</code></dd>\n", f);
	}
	fprintf(f, "<dt>Log</dt><dd>%zu line%s", r->nlog, r->nlog == 1 ?
	    "" : "s");
	if (r->nlog_dropped != 0)
		fprintf(f, " (%zu more dropped)", r->nlog_dropped);
	fputs("</dd>\n</dl>\n", f);
}

/* The diagram, if the page's budget still has room for it. */
static void
put_ladder(struct page *p, const struct tc_result *r)
{
	size_t rows = tc_ladder_rows(r, 0);
	size_t *budget = is_failure(r) ? &p->budget_bad : &p->budget_other;

	if (r->nlog == 0 && r->expected[0] == '\0' && r->got[0] == '\0') {
		fputs("<p class=\"muted\">Nothing was logged.</p>\n", p->f);
		return;
	}
	if (rows > *budget) {
		fprintf(p->f, "<p class=\"muted\">No diagram: this report "
		    "draws at most %d log lines in all, and they are spent. "
		    "The JSON report and the pcap have the whole log.</p>\n",
		    LADDER_BUDGET);
		return;
	}
	*budget -= rows;
	fputs("<div class=\"ladder-wrap\">\n", p->f);
	tc_ladder_write(p->f, r, 0);
	fputs("</div>\n", p->f);
}

static void
put_case(struct page *p, size_t i)
{
	const struct tc_result *r = p->res[i];
	FILE *f = p->f;

	fprintf(f, "<details id=\"tc-%zu\" class=\"tc v-%s\"", i,
	    tc_verdict_name(verdict_of(r)));
	put_filter_attrs(p, r);
	if (p->open_bad && is_failure(r) && verdict_of(r) !=
	    TC_VERDICT_XFAIL)
		fputs(" open=\"open\"", f);
	fputs(">\n<summary>", f);
	put_badge(f, r);
	fputs("<span class=\"id\">", f);
	put_text(f, r->id);
	fputs("</span><span class=\"title\">", f);
	put_text(f, r->title);
	fputs("</span><span class=\"dur\">", f);
	put_duration(f, r->duration_ns);
	fputs("</span></summary>\n<div class=\"body\">\n", f);
	if (r->reason[0] != '\0') {
		fputs("<p class=\"reason\">", f);
		put_text(f, r->reason);
		fputs("</p>\n", f);
	}
	put_expected(f, r);
	put_meta(f, r);
	put_ladder(p, r);
	fputs("</div>\n</details>\n", f);
}

/* Counts, tags and the ladder budget, before anything is written. */
static enum tc_err
page_init(struct page *p)
{
	size_t i, need = 0, bad = 0;

	for (i = 0; i < p->n; i++) {
		p->counts[verdict_of(p->res[i])]++;
		if (is_failure(p->res[i])) {
			need += tc_ladder_rows(p->res[i], 0);
			if (verdict_of(p->res[i]) != TC_VERDICT_XFAIL)
				bad++;
		}
	}
	p->budget_bad = LADDER_BUDGET;
	p->budget_other = need < LADDER_BUDGET ? LADDER_BUDGET - need : 0;
	p->open_bad = bad <= OPEN_MAX;
	return collect_tags(p);
}

static enum tc_err
html_write(FILE *f, const struct tc_run_info *run,
    struct tc_result *const *results, size_t n, struct tc_diag *diag)
{
	struct page p = { .f = f, .run = run, .res = results, .n = n };
	size_t i;

	if (page_init(&p) != TC_OK) {
		free(p.tags);
		tc_diag_set(diag, "cannot write HTML report: out of memory");
		return TC_ERR_NOMEM;
	}
	put_head(&p);
	put_header(&p);
	put_summary(&p);
	put_filters(&p);
	put_table(&p);
	put_matrix(&p);
	fputs("<h2>Testcases</h2>\n", f);
	for (i = 0; i < n; i++)
		put_case(&p, i);
	fputs("<footer>Written by tcpconform ", f);
	put_text(f, run->tool_version);
	fprintf(f, ".</footer>\n</main>\n<script>\n%s</script>\n</body>\n"
	    "</html>\n", page_js);
	free(p.tags);
	if (ferror(f)) {
		tc_diag_errno(diag, "cannot write HTML report");
		return TC_ERR_SYS;
	}
	return TC_OK;
}

const struct tc_report_ops tc_report_html = {
	.name = "html",
	.description = "one self-contained HTML page with ladder diagrams",
	.write = html_write,
};
