/* html.h - the HTML report: one self-contained page with ladder diagrams. */
#ifndef TC_HTML_H
#define TC_HTML_H

#include "report.h"

/*
 * The writer, registered in tc_report_all as "html": one page with its
 * style and script inline and no external reference, well-formed as XML
 * too.  Per testcase a ladder diagram (reports/ladder.h) of its log.
 */
extern const struct tc_report_ops tc_report_html;

#endif /* TC_HTML_H */
