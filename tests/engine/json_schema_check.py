#!/usr/bin/env python3
"""json_schema_check.py - validate JSON reports against a JSON Schema.

usage: json_schema_check.py SCHEMA.json REPORT.json...

Checks the schema itself (draft 2020-12), then each report.  Exit 0 when
all are valid, 1 when one is not (the errors on stderr), 77 when the
jsonschema module is missing (Debian: apt-get install python3-jsonschema).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.stderr.write("json_schema_check: the python3 jsonschema module is "
                     "missing (apt-get install python3-jsonschema)\n")
    sys.exit(77)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for err in sorted(validator.iter_errors(doc), key=str):
            where = "/".join(str(p) for p in err.absolute_path)
            sys.stderr.write("%s: /%s: %s\n" % (path, where, err.message))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
