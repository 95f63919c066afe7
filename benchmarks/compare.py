#!/usr/bin/env python3
"""Runs bench_core, bench_einsum, bench_views, bench_linalg, bench_linalg_solve, bench_fft,
bench_sets, bench_polynomial, bench_calculus, bench_sorting, bench_histograms, bench_random and
numpy_bench.py in one go and prints Markdown tables of ratios (a program not built in
BUILD_DIR is skipped).

Usage: /usr/bin/python3 benchmarks/compare.py BUILD_DIR
(build with -DMECHESTIM_BUILD_BENCHMARKS=ON first; run nothing else meanwhile: 2 cores).
"""
import json
import pathlib
import re
import subprocess
import sys

here = pathlib.Path(__file__).resolve().parent


def run_cpp(program):
    """{benchmark name: seconds}, the minimum over 7 repetitions."""
    raw = subprocess.run(
        [str(program), "--benchmark_format=json", "--benchmark_repetitions=7"],
        check=True, capture_output=True, text=True).stdout
    # The minimum over repetitions, as NumPy's side reports: the least disturbed run on a
    # shared 2-core machine, where medians still wander by tens of percent.
    cpp = {}
    for b in json.loads(raw)["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        name = b["run_name"].replace("/real_time", "")
        unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        cpp[name] = min(cpp.get(name, float("inf")), b["real_time"] * unit)
    return cpp


def run_numpy(*args):
    return json.loads(subprocess.run(["/usr/bin/python3", str(here / "numpy_bench.py"), *args],
                                     check=True, capture_output=True, text=True).stdout)


def fmt(s):
    if s is None:
        return "—"
    return f"{s * 1e9:.1f} ns" if s < 1e-6 else f"{s * 1e6:.1f} µs" if s < 1e-3 else f"{s * 1e3:.2f} ms"


def core_table(build, program="bench_core", numpy_args=()):
    cpp = run_cpp(build / "benchmarks" / program)
    numpy = run_numpy(*numpy_args)
    print("| op | mechestim | raw xtensor | NumPy | me / xtensor | me / NumPy |")
    print("|---|---|---|---|---|---|")
    for name, t in sorted(cpp.items()):
        m = re.match(r"BM_me_(\w+?)(/.*)?$", name)
        if not m:
            continue
        op, arg = m.group(1), m.group(2) or ""
        xt = cpp.get(f"BM_xtensor_{op}{arg}")
        np_t = numpy.get(f"{op}{arg}")
        ratio = lambda other: "—" if other is None else f"{t / other:.2f}"
        print(f"| {op}{arg} | {fmt(t)} | {fmt(xt)} | {fmt(np_t)} | {ratio(xt)} | {ratio(np_t)} |")
    if "BM_charge" in cpp:
        print(f"\nOne charge (`detail::charge`, one open context): {cpp['BM_charge'] * 1e9:.2f} ns")


def named_table(build, programs, group):
    """The cases of `programs` (those built) against numpy_bench.py <group>'s, paired by name."""
    numpy = run_numpy(group)
    print("| case | mechestim | NumPy | me / NumPy |")
    print("|---|---|---|---|")
    for program in programs:
        if not (build / "benchmarks" / program).exists():
            continue
        for name, t in run_cpp(build / "benchmarks" / program).items():
            np_t = numpy.get(name)
            print(f"| {name} | {fmt(t)} | {fmt(np_t)} | {'—' if np_t is None else f'{t / np_t:.2f}'} |")


# The tables after bench_core's, in print order: the programs (a table is printed when
# one of them is built) and numpy_bench.py's group they pair with; views is a core-style
# table (with raw xtensor), the others pair cases by name.
TABLES = [
    (("bench_einsum",), "einsum"),
    (("bench_linalg", "bench_linalg_solve"), "linalg"),
    (("bench_views",), "views"),
    (("bench_fft",), "fft"),
    (("bench_sets",), "sets"),
    (("bench_polynomial",), "polynomial"),
    (("bench_calculus",), "calculus"),
    (("bench_sorting",), "sorting"),
    (("bench_histograms",), "histograms"),
    (("bench_random",), "random"),
]


def main():
    build = pathlib.Path(sys.argv[1])
    built = lambda program: (build / "benchmarks" / program).exists()
    if built("bench_core"):
        core_table(build)
    for programs, group in TABLES:
        if not any(built(p) for p in programs):
            continue
        print()
        if group == "views":
            core_table(build, "bench_views", ("views",))
        else:
            named_table(build, programs, group)


if __name__ == "__main__":
    main()
