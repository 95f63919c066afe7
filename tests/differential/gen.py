#!/usr/bin/env python3
"""Generates the differential suite's cases and NumPy's answers (run by ctest at test time).

Every module cases_<family>.py beside this file has a function `cases()` returning a list
of dicts:
    {"op": name, "args": [encoded arrays or plain values], "kwargs": {...},
     "expected": encoded array | [encoded arrays] | {"error": "ValueError"},
     "rtol": float (optional), "atol": float (optional)}
and a function `flops(case)` giving what the C++ runner of a case must charge (costs.py:
the registry's formulas evaluated on the case's shapes): an integer, added as "flops", or
a dict of fields to add (einsum: "step_flops", "flops_optimal", ...). Every case whose
expected result is not an error gets its charge; a case without one fails the generation.
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

import costs  # noqa: E402  (after the path insert: costs.py lives beside this file)


def add_charges(family, module, cases):
    """Adds each non-error case's charge; returns the descriptions of cases left without one."""
    missing = []
    flops = getattr(module, "flops", None)
    for i, case in enumerate(cases):
        if costs.is_error(case.get("expected")):
            continue
        where = f"{family} case {i} (op {case.get('op')!r}, args {json.dumps(case.get('args'))[:160]})"
        if flops is None:
            missing.append(f"{where}: cases_{family}.py has no flops(case)")
            continue
        try:
            charge = flops(case)
        except Exception as e:  # noqa: BLE001 - reported with the case, then the run fails
            missing.append(f"{where}: {type(e).__name__}: {e}")
            continue
        if isinstance(charge, dict):
            ok = (isinstance(charge.get("flops"), int) or isinstance(charge.get("step_flops"), dict)) and \
                all(not isinstance(v, bool) for v in charge.values())
            if not ok:
                missing.append(f"{where}: no charge in {str(charge)[:80]}")
                continue
            case.update(charge)
        elif isinstance(charge, int) and not isinstance(charge, bool) and charge >= 0:
            case["flops"] = charge
        else:
            missing.append(f"{where}: charge {charge!r} is not a non-negative integer")
    return missing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    missing = []
    for path in sorted(here.glob("cases_*.py")):
        family = path.stem[len("cases_"):]
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        # Cases probe NaN, empty and degenerate inputs on purpose: NumPy's warnings are noise here.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            cases = module.cases()
            missing += add_charges(family, module, cases)
        (out / f"{family}.json").write_text(json.dumps({"numpy": np.__version__, "cases": cases}))
        print(f"{family}: {len(cases)} cases")
        total += len(cases)
    print(f"{total} cases in all (numpy {np.__version__})")
    if missing:
        for m in missing:
            print(f"no FLOP charge: {m}", file=sys.stderr)
        sys.exit(f"gen.py: {len(missing)} case(s) whose expected result is not an error have no FLOP charge")


if __name__ == "__main__":
    main()
