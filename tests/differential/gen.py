#!/usr/bin/env python3
"""Generates the differential suite's cases and NumPy's answers (run by ctest at test time).

Every module cases_<family>.py beside this file has a function `cases()` returning a list
of dicts:
    {"op": name, "args": [encoded arrays or plain values], "kwargs": {...},
     "expected": encoded array | [encoded arrays] | {"error": "ValueError"},
     "rtol": float (optional), "atol": float (optional)}
This script writes <out>/<family>.json, which diff_<family>.cpp reads.
"""
import argparse
import importlib.util
import json
import pathlib
import sys
import warnings

import numpy as np

here = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(here))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in sorted(here.glob("cases_*.py")):
        family = path.stem[len("cases_"):]
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        # Cases probe NaN, empty and degenerate inputs on purpose: NumPy's warnings are noise here.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            cases = module.cases()
        (out / f"{family}.json").write_text(json.dumps({"numpy": np.__version__, "cases": cases}))
        print(f"{family}: {len(cases)} cases")
        total += len(cases)
    print(f"{total} cases in all (numpy {np.__version__})")


if __name__ == "__main__":
    main()
