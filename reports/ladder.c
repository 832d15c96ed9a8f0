/* ladder.c - a testcase's segment log as an inline SVG ladder diagram. */
#include "ladder.h"
#include "xmlesc.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Geometry, in SVG user units (CSS pixels at 100%). */
#define W		1120	/* diagram width */
#define X_TIME		66	/* right edge of the time column */
#define X_TESTER	150	/* the tester's lane */
#define X_TARGET	1010	/* the target's lane */
#define X_MID		((X_TESTER + X_TARGET) / 2)
#define HEAD_H		40	/* the lane headers */
#define LINE_H		15	/* a line of 12px text */
#define NOTE_H		13	/* a line of 11px text */
#define DROP		16	/* how far an arrow falls */
#define STATE_H		26	/* a state badge's row */
#define MORE_H		30	/* a "... N more" row */
/*
 * Characters per line, so that no text crosses a lane or the edge.
 * Labels and boxes are 12px monospace, notes 11px: a character is at most
 * 0.62em in the common monospace fonts (DejaVu Sans Mono 0.602, Liberation
 * Mono 0.600), so 7.5 and 6.9 units.
 */
#define LABEL_CHARS	112	/* (X_TARGET - X_TESTER - 20) / 7.5 */
#define NOTE_CHARS	122	/* (X_TARGET - X_TESTER - 16) / 6.9 */
#define BOX_CHARS	136	/* (W - X_TIME - 32) / 7.5 */
#define STATE_CHARS	15	/* sizeof(logent.state) - 1 */
#define TAIL		24	/* lines kept before the failure */
#define NONE		SIZE_MAX

/* One diagram being measured (f NULL) or drawn. */
struct ladder {
	FILE		*f;		/* (borrowed) NULL: measuring */
	const struct tc_result *r; /* (borrowed) */
	int		y;		/* top of the next row */
	char		shown[16];	/* the state badge last drawn */
	size_t		hl;		/* failing segment, or NONE */
	size_t		failnote;	/* the failure note, or NONE */
	size_t		head;		/* draws log [0, head) ... */
	size_t		tail_from;	/* and [tail_from, tail_to) */
	size_t		tail_to;
};

static void	walk(struct ladder *L);

/* ---- text ----------------------------------------------------------- */

/*
 * The next line of s: at most max code points, broken after the last
 * space when the text goes on.  Returns its length in bytes and sets
 * *next past it and the spaces that follow.  Never splits a UTF-8
 * sequence; always advances while *s is not NUL.
 */
static size_t
wrap(const char *s, size_t max, const char **next)
{
	const char *p = s, *brk = NULL;
	size_t n;

	for (n = 0; *p != '\0' && n < max; n++) {
		if (*p == ' ')
			brk = p;
		(void)tc_xmlesc_utf8_next(&p);
	}
	if (*p == ' ')
		brk = p;
	if (*p == '\0' || brk == NULL || brk == s)
		brk = p;
	*next = brk;
	while (**next == ' ')
		(*next)++;
	return (size_t)(brk - s);
}

static int
nlines(const char *s, size_t max)
{
	int n = 0;

	do {
		(void)wrap(s, max, &s);
		n++;
	} while (*s != '\0');
	return n;
}

/* Writes s wrapped, one <text> per line from baseline y, lh apart. */
static void
put_lines(FILE *f, const char *s, size_t max, int x, int y, int lh,
    const char *cls)
{
	char buf[4 * BOX_CHARS + 1];
	const char *next;
	size_t len;

	do {
		len = wrap(s, max < BOX_CHARS ? max : BOX_CHARS, &next);
		memcpy(buf, s, len);
		buf[len] = '\0';
		fprintf(f, "<text class=\"%s\" x=\"%d\" y=\"%d\">", cls, x, y);
		tc_xmlesc_text(f, buf);
		fputs("</text>\n", f);
		s = next;
		y += lh;
	} while (*s != '\0');
}

/* "+1.234" like the other reports; buf has room for any int64_t. */
static const char *
fmt_time(int64_t ns, char *buf, size_t cap)
{
	int64_t ms = ns / 1000000;

	snprintf(buf, cap, "%s%" PRId64 ".%03" PRId64, ms < 0 ? "-" : "+",
	    ms < 0 ? -(ms / 1000) : ms / 1000, ms < 0 ? -(ms % 1000) :
	    ms % 1000);
	return buf;
}

/* A tooltip: the log line as every report formats it. */
static void
put_title(FILE *f, const struct tc_logent *e)
{
	char line[sizeof(e->text) + 64];

	tc_result_logent_format(e, line, sizeof(line));
	fputs("<title>", f);
	tc_xmlesc_text(f, line);
	fputs("</title>\n", f);
}

/* Time and script line in the left column, for a row whose anchor is y. */
static void
put_when(FILE *f, const struct tc_logent *e, int y)
{
	char t[32];

	fprintf(f, "<text class=\"ts\" x=\"%d\" y=\"%d\">%s</text>\n",
	    X_TIME, y + 4, fmt_time(e->t_ns, t, sizeof(t)));
	if (e->line != 0)
		fprintf(f, "<text class=\"ln\" x=\"%d\" y=\"%d\">line %u"
		    "</text>\n", X_TIME, y + 16, e->line);
}

/* ---- rows ----------------------------------------------------------- */

/* A badge on the target lane: the model's state from here on. */
static void
row_state(struct ladder *L, const char *state)
{
	int w = (int)strnlen(state, STATE_CHARS) * 7 + 16;

	if (L->f != NULL) {
		fprintf(L->f, "<g class=\"st\"><rect x=\"%d\" y=\"%d\" "
		    "width=\"%d\" height=\"18\" rx=\"9\"/>\n", X_TARGET - w / 2,
		    L->y + 4, w);
		fprintf(L->f, "<text x=\"%d\" y=\"%d\">", X_TARGET, L->y + 17);
		tc_xmlesc_text(L->f, state);
		fputs("</text></g>\n", L->f);
	}
	snprintf(L->shown, sizeof(L->shown), "%s", state);
	L->y += STATE_H;
}

/* A segment: its label above an arrow sloping down in its direction. */
static void
row_seg(struct ladder *L, size_t i)
{
	const struct tc_logent *e = &L->r->log[i];
	bool out = e->dir == TC_LOG_OUT;
	int n = nlines(e->text, LABEL_CHARS);
	int ya = L->y + n * LINE_H + 6;
	int x1 = out ? X_TESTER : X_TARGET;
	int x2 = out ? X_TARGET - 2 : X_TESTER + 2;
	int s = out ? 1 : -1;
	FILE *f = L->f;

	if (f != NULL) {
		fprintf(f, "<g class=\"seg %s%s\">\n", out ? "out" : "in",
		    i == L->hl ? " hl" : "");
		put_title(f, e);
		if (i == L->hl)
			fprintf(f, "<rect class=\"hlbg\" x=\"0\" y=\"%d\" "
			    "width=\"%d\" height=\"%d\"/>\n", L->y, W,
			    ya + DROP + 10 - L->y);
		put_lines(f, e->text, LABEL_CHARS, X_MID, L->y + 14, LINE_H,
		    "lbl");
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
		    x1, ya, x2 - s * 8, ya + DROP);
		fprintf(f, "<polygon points=\"%d,%d %d,%d %d,%d\"/>\n", x2,
		    ya + DROP, x2 - s * 11, ya + DROP - 5, x2 - s * 11,
		    ya + DROP + 5);
		put_when(f, e, ya);
		fputs("</g>\n", f);
	}
	L->y = ya + DROP + 10;
}

/* An engine note: small grey text between the lanes. */
static void
row_note(struct ladder *L, size_t i)
{
	const struct tc_logent *e = &L->r->log[i];
	int n = nlines(e->text, NOTE_CHARS);

	if (L->f != NULL) {
		fputs("<g class=\"note\">\n", L->f);
		put_title(L->f, e);
		put_lines(L->f, e->text, NOTE_CHARS, X_TESTER + 8, L->y + 12,
		    NOTE_H, "nt");
		put_when(L->f, e, L->y + 8);
		fputs("</g>\n", L->f);
	}
	L->y += n * NOTE_H + (e->line != 0 ? 12 : 6);
}

/* One labelled line of the failure box, wrapped; returns its height. */
static int
box_line(FILE *f, const char *label, const char *s, int y)
{
	char buf[sizeof(((struct tc_result *)NULL)->reason) + 16];

	snprintf(buf, sizeof(buf), "%s%s", label, s);
	if (f != NULL)
		put_lines(f, buf, BOX_CHARS, X_TIME + 16, y, LINE_H, "bx");
	return nlines(buf, BOX_CHARS) * LINE_H;
}

/* The failing step: what went wrong, expected and got, in a red box. */
static void
row_box(struct ladder *L, const char *what)
{
	const struct tc_result *r = L->r;
	bool eg = r->expected[0] != '\0' || r->got[0] != '\0';
	int h = 0, y = L->y + 8 + 14;
	FILE *f = L->f;

	h += box_line(NULL, "", what, 0);
	if (eg) {
		h += box_line(NULL, "expected: ", r->expected, 0);
		h += box_line(NULL, "     got: ", r->got, 0);
	}
	if (f != NULL) {
		fprintf(f, "<g class=\"box%s\">\n", r->verdict ==
		    TC_VERDICT_XFAIL ? " xfail" : "");
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		    "rx=\"4\"/>\n", X_TIME + 6, L->y + 4, W - X_TIME - 12,
		    h + 12);
		if (L->failnote != NONE)
			put_when(f, &r->log[L->failnote], L->y + 18);
		fputs("<g class=\"bh\">\n", f);
		y += box_line(f, "", what, y);
		fputs("</g>\n", f);
		if (eg) {
			y += box_line(f, "expected: ", r->expected, y);
			(void)box_line(f, "     got: ", r->got, y);
		}
		fputs("</g>\n", f);
	}
	L->y += h + 22;
}

/* A gap in the log: the lanes break, a line says how much is left out. */
static void
row_more(struct ladder *L, size_t n, bool later)
{
	if (L->f != NULL)
		fprintf(L->f, "<g class=\"gap\"><rect x=\"%d\" y=\"%d\" "
		    "width=\"8\" height=\"%d\"/><rect x=\"%d\" y=\"%d\" "
		    "width=\"8\" height=\"%d\"/>\n<text class=\"more\" "
		    "x=\"%d\" y=\"%d\">\xe2\x80\xa6 %zu %slog line%s not "
		    "drawn</text></g>\n", X_TESTER - 4, L->y + 6, MORE_H - 12,
		    X_TARGET - 4, L->y + 6, MORE_H - 12, X_MID, L->y + 19, n,
		    later ? "more " : "", n == 1 ? "" : "s");
	L->y += MORE_H;
}

/* ---- the diagram ---------------------------------------------------- */

static bool
is_failure_note(const struct tc_logent *e)
{
	static const char *const prefix[] = { "FAIL:", "INCONC:", "ERROR:" };
	size_t k;

	if (e->dir != TC_LOG_NOTE)
		return false;
	for (k = 0; k < sizeof(prefix) / sizeof(prefix[0]); k++)
		if (strncmp(e->text, prefix[k], strlen(prefix[k])) == 0)
			return true;
	return false;
}

/*
 * The failure note is the last note saying FAIL:, INCONC: or ERROR:, or
 * for a failed verdict the last note; the failing segment is the last
 * one from the target before it whose text is r->got.
 */
static void
find_failure(struct ladder *L)
{
	const struct tc_result *r = L->r;
	enum tc_verdict v = r->verdict;
	size_t i;

	L->failnote = L->hl = NONE;
	for (i = r->nlog; i-- > 0;)
		if (is_failure_note(&r->log[i]))
			break;
	if (i == NONE && (v == TC_VERDICT_FAIL || v == TC_VERDICT_XFAIL ||
	    v == TC_VERDICT_INCONC))
		for (i = r->nlog; i-- > 0;)
			if (r->log[i].dir == TC_LOG_NOTE)
				break;
	L->failnote = i;
	if (r->got[0] == '\0')
		return;
	for (i = i == NONE ? r->nlog : i; i-- > 0;)
		if (r->log[i].dir == TC_LOG_IN &&
		    strcmp(r->log[i].text, r->got) == 0) {
			L->hl = i;
			return;
		}
}

/* Which log lines to draw: all, or a head and the lines up to the failure. */
static void
choose_window(struct ladder *L, size_t max)
{
	size_t n = L->r->nlog, tail = max > 2 * TAIL ? TAIL : max / 2;

	L->head = L->tail_from = L->tail_to = n <= max ? n : max;
	if (n <= max || L->failnote == NONE || L->failnote < max)
		return;
	L->head = max - tail;
	L->tail_to = L->failnote + 1;
	L->tail_from = L->tail_to - tail;
	if (L->hl != NONE && L->hl < L->tail_from)
		L->hl = NONE;
}

static void
ladder_init(struct ladder *L, FILE *f, const struct tc_result *r,
    size_t max_rows)
{
	memset(L, 0, sizeof(*L));
	L->f = f;
	L->r = r;
	find_failure(L);
	choose_window(L, max_rows != 0 ? max_rows : TC_LADDER_ROWS_MAX);
}

size_t
tc_ladder_rows(const struct tc_result *r, size_t max_rows)
{
	struct ladder L;

	ladder_init(&L, NULL, r, max_rows);
	return L.head + (L.tail_to - L.tail_from);
}

/* One log line: a state badge first if the model's state changed. */
static void
row(struct ladder *L, size_t i)
{
	const struct tc_logent *e = &L->r->log[i];

	if (e->state[0] != '\0' && strncmp(e->state, L->shown,
	    sizeof(L->shown)) != 0)
		row_state(L, e->state);
	if (i == L->failnote)
		row_box(L, e->text);
	else if (e->dir == TC_LOG_NOTE)
		row_note(L, i);
	else
		row_seg(L, i);
}

static void
walk(struct ladder *L)
{
	const struct tc_result *r = L->r;
	size_t i;

	L->y = HEAD_H;
	L->shown[0] = '\0';
	for (i = 0; i < L->head; i++)
		row(L, i);
	if (L->tail_from > L->head)
		row_more(L, L->tail_from - L->head, false);
	for (i = L->tail_from; i < L->tail_to; i++)
		row(L, i);
	if (r->nlog > L->tail_to)
		row_more(L, r->nlog - L->tail_to, true);
	/* A hand-made failure with no note still shows what went wrong. */
	if (L->failnote == NONE && (r->expected[0] != '\0' ||
	    r->got[0] != '\0'))
		row_box(L, r->reason);
	L->y += 8;
}

static void
put_frame(FILE *f, int h)
{
	static const struct {
		int		x;
		const char	*name;
	} lanes[] = { { X_TESTER, "tester" }, { X_TARGET, "target" } };
	size_t k;

	fprintf(f, "<svg class=\"ladder\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"ladder "
	    "diagram\">\n", W, h, W, h);
	for (k = 0; k < 2; k++)
		fprintf(f, "<line class=\"lane\" x1=\"%d\" y1=\"%d\" "
		    "x2=\"%d\" y2=\"%d\"/>\n<g class=\"lh\"><rect x=\"%d\" "
		    "y=\"6\" width=\"80\" height=\"24\" rx=\"4\"/><text "
		    "x=\"%d\" y=\"22\">%s</text></g>\n", lanes[k].x,
		    HEAD_H - 10, lanes[k].x, h - 4, lanes[k].x - 40, lanes[k].x,
		    lanes[k].name);
}

void
tc_ladder_write(FILE *f, const struct tc_result *r, size_t max_rows)
{
	struct ladder L;

	if (r->nlog == 0 && r->expected[0] == '\0' && r->got[0] == '\0')
		return;
	ladder_init(&L, NULL, r, max_rows);
	walk(&L);
	put_frame(f, L.y);
	L.f = f;
	walk(&L);
	fputs("</svg>\n", f);
}

/* The classes the rows above use.  No '<' or '&': the page is also XML. */
const char tc_ladder_css[] =
    "svg.ladder{display:block;max-width:100%;height:auto;"
    "font-family:\"DejaVu Sans Mono\",\"Liberation Mono\",Menlo,Consolas,"
    "monospace;font-size:12px;background:#fff}\n"
    "svg.ladder .lane{stroke:#d0d7de;stroke-width:2}\n"
    "svg.ladder .lh rect{fill:#24292f}\n"
    "svg.ladder .lh text{fill:#fff;font-weight:bold;text-anchor:middle}\n"
    "svg.ladder .ts,svg.ladder .ln{text-anchor:end;font-size:11px;"
    "fill:#57606a}\n"
    "svg.ladder .ln{fill:#8c959f;font-size:10px}\n"
    "svg.ladder .lbl{text-anchor:middle}\n"
    "svg.ladder .seg line{stroke-width:1.6}\n"
    "svg.ladder .out line{stroke:#0969da}\n"
    "svg.ladder .out polygon,svg.ladder .out .lbl{fill:#0550ae}\n"
    "svg.ladder .in line{stroke:#1b7c83}\n"
    "svg.ladder .in polygon,svg.ladder .in .lbl{fill:#115e67}\n"
    "svg.ladder .hl line{stroke:#cf222e;stroke-width:2.4}\n"
    "svg.ladder .hl polygon,svg.ladder .hl .lbl{fill:#cf222e}\n"
    "svg.ladder .hl .lbl{font-weight:bold}\n"
    "svg.ladder .hlbg{fill:#ffebe9}\n"
    "svg.ladder .st rect{fill:#ddf4ff;stroke:#54aeff}\n"
    "svg.ladder .st text{text-anchor:middle;font-size:11px;"
    "font-weight:bold;fill:#0a3069}\n"
    "svg.ladder .nt{font-size:11px;font-style:italic;fill:#6e7781}\n"
    "svg.ladder .note .ts{fill:#8c959f}\n"
    "svg.ladder .box rect{fill:#ffebe9;stroke:#cf222e}\n"
    "svg.ladder .box .bx{fill:#82071e;white-space:pre}\n"
    "svg.ladder .box .bh .bx{font-weight:bold}\n"
    "svg.ladder .box.xfail rect{fill:#fff8c5;stroke:#bf8700}\n"
    "svg.ladder .box.xfail .bx{fill:#633c01}\n"
    "svg.ladder .gap rect{fill:#fff}\n"
    "svg.ladder .more{text-anchor:middle;font-style:italic;fill:#57606a}\n";
