/* json.h - the JSON report, schema tcpconform-report/1. */
#ifndef TC_JSON_H
#define TC_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "report.h"
#include "result.h"

/* The value of the document's "schema" member. */
#define TC_JSON_SCHEMA	"tcpconform-report/1"

/* The writer, registered in tc_report_all as "json". */
extern const struct tc_report_ops tc_report_json;

/*
 * Writes the whole JSON document to f, like tc_report_json.write, and
 * also lists `seeds` (nseeds of them) as run.seeds when nseeds > 1: a
 * merged report of shards run with different seeds.  Strings that are not
 * well-formed UTF-8 are written with U+FFFD for each bad byte.  Errors:
 * TC_ERR_NOMEM, TC_ERR_SYS (a write error); diag says which.  Never
 * closes f.
 */
enum tc_err tc_json_write(FILE *f, const struct tc_run_info *run,
	    const uint64_t *seeds, size_t nseeds,
	    struct tc_result *const *results, size_t n, struct tc_diag *diag);

#endif /* TC_JSON_H */
