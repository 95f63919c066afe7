#!/usr/bin/env python3
"""Times every op family (bench_families) and NumPy (numpy_bench.py families) in one run
and writes the table, with the machine it ran on, into docs/benchmarks.md between the
`families:begin` and `families:end` markers (or prints it with --print).

Usage: /usr/bin/python3 benchmarks/families.py BUILD_DIR [--print]
(build with -DMECHESTIM_BUILD_BENCHMARKS=ON first; run nothing else meanwhile: 2 cores).
"""
import datetime
import json
import os
import pathlib
import platform
import re
import subprocess
import sys

here = pathlib.Path(__file__).resolve().parent
docs = here.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- families:begin -->", "<!-- families:end -->"
# The targets: at most NumPy's time at 1e6 elements, at most 1.2x at 1e3.
TARGET = {1000: 1.2, 1000000: 1.0}


def run_cpp(program):
    """({name: seconds}, context): the minimum over 5 repetitions of each case."""
    raw = json.loads(subprocess.run(
        [str(program), "--benchmark_format=json", "--benchmark_repetitions=5", "--benchmark_min_time=0.05"],
        check=True, capture_output=True, text=True).stdout)
    times = {}
    for b in raw["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        name = b["run_name"].replace("/real_time", "")
        unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        times[name] = min(times.get(name, float("inf")), b["real_time"] * unit)
    return times, raw["context"]


def cpu_model():
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def fmt(s):
    if s is None:
        return "—"
    return f"{s * 1e9:.0f} ns" if s < 1e-6 else f"{s * 1e6:.1f} µs" if s < 1e-3 else f"{s * 1e3:.2f} ms"


def table(build):
    load_before = os.getloadavg()
    cpp, context = run_cpp(build / "benchmarks" / "bench_families")
    numpy = json.loads(subprocess.run(["/usr/bin/python3", str(here / "numpy_bench.py"), "families"],
                                      check=True, capture_output=True, text=True).stdout)
    load_after = os.getloadavg()
    lines = [
        f"Measured {datetime.date.today().isoformat()} by `/usr/bin/python3 benchmarks/families.py build` "
        f"(Release, no `-march`): {cpu_model()}, {os.cpu_count()} cores, kernels at SIMD level "
        f"**{context.get('simd_level', '?')}**, NumPy {context.get('numpy', '') or numpy_version()}, "
        f"load average {load_before[0]:.2f} before and {load_after[0]:.2f} after. Minimum of 5 repetitions "
        "on each side; \"raw\" is SLEEF's loop alone into a reused buffer (no charge, no result array).",
        "",
        "| family | op | n | mechestim | NumPy | me / NumPy | raw SLEEF | me / raw |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    worst = {}
    for name, t in cpp.items():
        m = re.match(r"(\w+)/(\w+)/(\d+)$", name)
        if not m or m.group(1) == "raw":
            continue
        family, op, n = m.group(1), m.group(2), int(m.group(3))
        np_t = numpy.get(name)
        raw_t = cpp.get(f"raw/{op}/{n}")
        ratio = None if np_t is None else t / np_t
        if ratio is not None:
            key = (family, n)
            if key not in worst or ratio > worst[key][0]:
                worst[key] = (ratio, op)
        over = ratio is not None and ratio > TARGET[n]
        shown = "—" if ratio is None else (f"**{ratio:.2f}**" if over else f"{ratio:.2f}")
        lines.append(f"| {family} | {op} | {n} | {fmt(t)} | {fmt(np_t)} | {shown} | {fmt(raw_t)} | "
                     f"{'—' if raw_t is None else f'{t / raw_t:.2f}'} |")
    lines += ["", "Worst ratio per family (target: ≤ 1.0 at 1e6, ≤ 1.2 at 1e3; bold above it):", "",
              "| family | n | worst me / NumPy | op |", "|---|---:|---:|---|"]
    for (family, n), (ratio, op) in sorted(worst.items()):
        lines.append(f"| {family} | {n} | {ratio:.2f} | {op} |")
    return "\n".join(lines)


def numpy_version():
    return subprocess.run(["/usr/bin/python3", "-c", "import numpy; print(numpy.__version__)"],
                          capture_output=True, text=True).stdout.strip()


def main():
    build = pathlib.Path(sys.argv[1]).resolve()
    text = table(build)
    if "--print" in sys.argv:
        print(text)
        return
    doc = docs.read_text()
    if BEGIN not in doc:
        raise SystemExit(f"{docs}: no {BEGIN} marker")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    docs.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")
    print(text)


if __name__ == "__main__":
    main()
