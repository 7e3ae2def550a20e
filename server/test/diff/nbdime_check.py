"""Checks nbdime-format diffs with nbdime itself: its JSON schema, then its patch function.

Reads a JSON list of {"base", "head", "diff"} file paths; prints a JSON list of failures.
"""
import json
import sys

import nbformat
from nbformat.v4.rwbase import rejoin_lines
from jsonschema import Draft4Validator
from nbdime import patch_notebook
from nbdime.diff_utils import to_diffentry_dicts


def read(path):
    # As nbformat reads a notebook (multiline strings joined), without the ids its
    # validation would invent for cells that lack them.
    with open(path, encoding="utf-8") as f:
        return rejoin_lines(nbformat.from_dict(json.load(f)))


def main(cases_file, schema_file):
    with open(schema_file, encoding="utf-8") as f:
        validator = Draft4Validator(json.load(f))
    with open(cases_file, encoding="utf-8") as f:
        cases = json.load(f)
    failures = []
    for case in cases:
        with open(case["diff"], encoding="utf-8") as f:
            diff = json.load(f)
        errors = [e.message for e in validator.iter_errors(diff)]
        if errors:
            failures.append({"case": case, "why": "schema: " + "; ".join(errors[:3])})
            continue
        base = read(case["base"])
        head = read(case["head"])
        try:
            patched = patch_notebook(base, to_diffentry_dicts(diff))
        except Exception as e:  # the failure is the result, reported per case
            failures.append({"case": case, "why": "patch raised %r" % e})
            continue
        if json.dumps(patched, sort_keys=True) != json.dumps(head, sort_keys=True):
            failures.append({"case": case, "why": "patched base differs from head"})
    print(json.dumps({"checked": len(cases), "failures": failures}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
