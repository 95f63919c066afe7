#!/usr/bin/env python3
"""Generates the registry's C++ tables and docs/operations.md from tools/registry/.

Inputs (the single source of truth for names, formulas and status):
  tools/registry/registry.tsv    every NumPy name of the reference: name, module,
                                 category, formula (an id of formulas.tsv) and the
                                 reference's own formula text.
  tools/registry/formulas.tsv    every cost formula: id, text (what find_op(name)
                                 ->cost_formula says) and its meaning.
  tools/registry/status/*.tsv    one file per family, each line
                                 `name<TAB>implemented(yes|no)<TAB>note`; blocked.tsv's
                                 notes are the reasons blocked.hpp's errors give.

Outputs:
  include/mechestim/detail/registry_table.hpp   the formula enum and texts, the rows,
                                                the counts tests need
  include/mechestim/detail/blocked_table.hpp    the blocked names and reasons, and per
                                                namespace the names not implemented with
                                                their notes (X-macros)
  docs/operations.md

Rules it enforces (it exits 1 naming the line otherwise): every formula id is known;
an implemented counted name has a formula of its own (not `reference`); a name that is
not implemented is priced `reference` (or `free`/`blocked` by category); a blocked name
has a reason. Run `python3 tools/gen_registry.py` after editing tools/registry/;
`--check` exits 1 when a generated file is stale (a test runs it).
"""
import csv
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
reg_dir = root / "tools" / "registry"
table_path = root / "include" / "mechestim" / "detail" / "registry_table.hpp"
blocked_path = root / "include" / "mechestim" / "detail" / "blocked_table.hpp"
docs_path = root / "docs" / "operations.md"

CATEGORIES = ("free", "counted_unary", "counted_binary", "counted_reduction", "counted_custom", "blocked")


# The family of each name: the status file that lists it, and that file's first comment.
FAMILY_OF = {}
FAMILY_INTRO = {}


def cpp_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def load():
    formulas = read_tsv(reg_dir / "formulas.tsv")
    ids = [f["id"] for f in formulas]
    if len(set(ids)) != len(ids):
        sys.exit("formulas.tsv: an id is listed twice")
    rows = read_tsv(reg_dir / "registry.tsv")
    status = {}
    for p in sorted((reg_dir / "status").glob("*.tsv")):
        for lineno, line in enumerate(p.read_text().splitlines(), 1):
            if line.startswith("#") and p.stem not in FAMILY_INTRO:
                FAMILY_INTRO[p.stem] = line.lstrip("# ").strip()
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[1] not in ("yes", "no"):
                sys.exit(f"{p}:{lineno}: expected name<TAB>yes|no<TAB>note")
            name, impl, note = parts
            if name in status:
                sys.exit(f"{p}:{lineno}: {name} already has a status")
            status[name] = (impl == "yes", note)
            FAMILY_OF[name] = p.stem
    names = {r["name"] for r in rows}
    unknown = set(status) - names
    if unknown:
        sys.exit(f"status for names not in the registry: {sorted(unknown)}")
    for lineno, r in enumerate(rows, 2):
        where = f"tools/registry/registry.tsv:{lineno} ({r['name']})"
        if r["category"] not in CATEGORIES:
            sys.exit(f"{where}: unknown category {r['category']}")
        if r["formula"] not in ids:
            sys.exit(f"{where}: unknown formula id {r['formula']} (see formulas.tsv)")
        impl, note = status.get(r["name"], (False, ""))
        cat, f = r["category"], r["formula"]
        if cat == "blocked":
            if f != "blocked":
                sys.exit(f"{where}: a blocked name has formula `blocked`")
            if not note:
                sys.exit(f"{where}: a blocked name needs its reason in status/blocked.tsv")
        elif cat == "free":
            if f != "free":
                sys.exit(f"{where}: a free name has formula `free`")
        elif impl and f in ("reference", "blocked"):
            sys.exit(f"{where}: an implemented counted name needs a formula of its own")
        elif not impl and f != "reference":
            sys.exit(f"{where}: a name that is not implemented is priced `reference`")
    return formulas, rows, status


def shown_formula(row, formulas_by_id):
    """The cost formula the registry reports for a row: our formula's text, or the
    reference's own text for a name not implemented yet."""
    if row["formula"] == "reference":
        return row["reference_formula"]
    return formulas_by_id[row["formula"]]["text"]


def render_table(formulas, rows, status):
    by_id = {f["id"]: f for f in formulas}
    counts = {c: [0, 0] for c in CATEGORIES}
    for r in rows:
        impl, _ = status.get(r["name"], (False, ""))
        counts[r["category"]][0] += 1
        counts[r["category"]][1] += 1 if impl and r["category"] != "blocked" else 0
    lines = [
        "// Generated by tools/gen_registry.py from tools/registry/. Do not edit by hand.",
        "#pragma once",
        "",
        "#include <array>",
        "#include <cstddef>",
        "#include <string_view>",
        "",
        "namespace me::flops {",
        "",
        "/// Every cost formula of the library (tools/registry/formulas.tsv). Each op is bound to",
        "/// one by its registry row, at compile time.",
        "enum class formula : unsigned char { " + ", ".join(f["id"] for f in formulas) + " };",
        "",
        "}  // namespace me::flops",
        "",
        "namespace me::detail {",
        "",
        "struct formula_row {",
        "    flops::formula id;",
        "    std::string_view name;     ///< the id as text",
        "    std::string_view text;     ///< what the registry reports as the op's cost formula",
        "    std::string_view meaning;  ///< what is counted",
        "};",
        "",
        f"inline constexpr std::array<formula_row, {len(formulas)}> formula_rows{{{{",
    ]
    for f in formulas:
        lines.append(f"    formula_row{{flops::formula::{f['id']}, {cpp_string(f['id'])}, {cpp_string(f['text'])}, "
                     f"{cpp_string(f['meaning'])}}},")
    lines += [
        "}};",
        "",
        "enum class registry_category : unsigned char { " + ", ".join(CATEGORIES) + " };",
        "",
        "struct registry_row {",
        "    std::string_view name;",
        "    std::string_view module;",
        "    registry_category category;",
        "    flops::formula formula;",
        "    std::string_view cost_formula;       ///< the formula's text (the reference's text while not implemented)",
        "    std::string_view reference_formula;  ///< the reference's own text",
        "    std::string_view notes;",
        "    bool implemented;",
        "};",
        "",
        f"inline constexpr std::array<registry_row, {len(rows)}> registry_rows{{{{",
    ]
    for r in rows:
        impl, note = status.get(r["name"], (False, ""))
        if r["category"] == "blocked":
            impl = False
        lines.append(
            f"    registry_row{{{cpp_string(r['name'])}, {cpp_string(r['module'])}, "
            f"registry_category::{r['category']}, flops::formula::{r['formula']}, "
            f"{cpp_string(shown_formula(r, by_id))}, {cpp_string(r['reference_formula'])}, "
            f"{cpp_string(note)}, {'true' if impl else 'false'}}},"
        )
    lines += [
        "}};",
        "",
        "/// How many names each category has, and how many of them are implemented, counted from",
        "/// tools/registry/ when this file was generated (tests compare the table with these).",
        "struct registry_count {",
        "    std::size_t names;",
        "    std::size_t implemented;",
        "};",
        f"inline constexpr std::array<registry_count, {len(CATEGORIES)}> registry_counts{{{{",
    ]
    for c in CATEGORIES:
        lines.append(f"    registry_count{{{counts[c][0]}, {counts[c][1]}}},  // {c}")
    lines += ["}};", "", "}  // namespace me::detail", ""]
    return "\n".join(lines)


def render_blocked(rows, status):
    lines = [
        "// Generated by tools/gen_registry.py from tools/registry/. Do not edit by hand.",
        "// X(name, reason): one line per blocked name of the registry, its reason from",
        "// tools/registry/status/blocked.tsv. blocked.hpp expands it.",
        "#pragma once",
        "",
        "#define ME_DETAIL_BLOCKED_OPS(X) \\",
    ]
    blocked = [r for r in rows if r["category"] == "blocked"]
    lines += x_macro_lines([(r["name"], status[r["name"]][1]) for r in blocked])
    lines += [
        "",
        "// X(name, why): per namespace, every name of the registry that is neither blocked nor",
        "// implemented, with its note from tools/registry/status/. not_implemented.hpp expands",
        "// them, so that calling one is a compile-time error saying why. C++ keywords",
        "// (`typename`) cannot be names and are left out.",
    ]
    for module, macro in NOT_IMPLEMENTED_MACROS.items():
        missing = [(short_name(r["name"]), status.get(r["name"], (False, ""))[1] or "not built yet")
                   for r in rows
                   if r["module"] == module and r["category"] != "blocked"
                   and not status.get(r["name"], (False, ""))[0]
                   and short_name(r["name"]) not in CPP_KEYWORDS]
        lines += ["", f"#define {macro}(X)" + (CONTINUATION if missing else "")] + x_macro_lines(missing)
    return "\n".join(lines) + "\n"


# The namespace each registry module lives in, by the macro that lists its missing names.
NOT_IMPLEMENTED_MACROS = {
    "numpy": "ME_DETAIL_NOT_IMPLEMENTED_NUMPY",
    "linalg": "ME_DETAIL_NOT_IMPLEMENTED_LINALG",
    "fft": "ME_DETAIL_NOT_IMPLEMENTED_FFT",
    "random": "ME_DETAIL_NOT_IMPLEMENTED_RANDOM",
}
CONTINUATION = " \\"
CPP_KEYWORDS = {"typename", "and", "or", "not", "xor", "delete", "new", "char", "int", "float", "double"}


def short_name(name):
    """`random.gamma` -> `gamma`: the name inside its namespace."""
    return name.rsplit(".", 1)[-1]


def x_macro_lines(entries):
    """`    X(name, "why") \\` lines of an X-macro body, the last without the continuation."""
    return [f"    X({name}, {cpp_string(why)})" + (CONTINUATION if i + 1 < len(entries) else "")
            for i, (name, why) in enumerate(entries)]


def render_docs(formulas, rows, status):
    """docs/operations.md: every registry name with its category, its cost and status."""
    by_id = {f["id"]: f for f in formulas}
    counts = {}
    for r in rows:
        impl, _ = status.get(r["name"], (False, ""))
        key = r["category"]
        done, total = counts.get(key, (0, 0))
        counts[key] = (done + (1 if impl and key != "blocked" else 0), total + 1)
    lines = [
        "<!-- Generated by tools/gen_registry.py from tools/registry/. Do not edit by hand. -->",
        "# Operations",
        "",
        "Every NumPy name of the reference registry, with its category, its FLOP cost and",
        "whether mechestim implements it (`me::registry()` returns the same table at run time).",
        "The FLOPs column is the formula the op is bound to at compile time (`me::find_op(name)",
        "->cost_formula`); where the Python original's registry wrote another formula, the",
        "reference column shows it (see docs/cost-model.md for why they differ).",
        "",
        "| category | implemented | names |",
        "|---|---|---|",
    ]
    for key in CATEGORIES:
        done, total = counts.get(key, (0, 0))
        lines.append(f"| {key} | {done if key != 'blocked' else '—'} | {total} |")
    lines += ["", "## Formulas", "", "| formula | FLOPs | what is counted |", "|---|---|---|"]
    for f in formulas:
        lines.append(f"| `{f['id']}` | {f['text'].replace('|', '/')} | {f['meaning'].replace('|', '/')} |")
    lines += ["", "## Names, by family", "",
              "Each family's names with their cost; the family's own page (linked) describes its",
              "call forms, options and what differs from NumPy.", ""]
    families = sorted({FAMILY_OF.get(r["name"], "unlisted") for r in rows})
    lines += [", ".join(f"[{f}](#{f.replace('_', '-')})" for f in families), ""]
    for family in families:
        lines += [f"### {family}", ""]
        intro = FAMILY_INTRO.get(family)
        page = family_page(family)
        if intro:
            lines += [intro + (f" See [{page}]({page})." if page else ""), ""]
        elif page:
            lines += [f"See [{page}]({page}).", ""]
        lines += ["| name | module | category | FLOPs | reference | implemented | notes |", "|---|---|---|---|---|---|---|"]
        for r in sorted(rows, key=lambda r: r["name"]):
            if FAMILY_OF.get(r["name"], "unlisted") != family:
                continue
            impl, note = status.get(r["name"], (False, ""))
            shown = "blocked" if r["category"] == "blocked" else ("yes" if impl else "no")
            formula = shown_formula(r, by_id).replace("|", "\\|")
            ref = r["reference_formula"]
            ref_shown = "" if ref == shown_formula(r, by_id) or r["formula"] in ("reference", "blocked") else ref.replace("|", "\\|")
            lines.append(f"| `{r['name']}` | {r['module']} | {r['category']} | {formula} | {ref_shown} | {shown} | "
                         f"{note.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)


def family_page(family):
    """The docs page of a family (docs/sorting.md for status/sorting.tsv, docs/linalg.md for
    linalg_solve), or None."""
    for stem in (family, family.split("_")[0]):
        if (root / "docs" / f"{stem}.md").exists():
            return f"{stem}.md"
    return None


def main():
    formulas, rows, status = load()
    outputs = {
        table_path: render_table(formulas, rows, status),
        blocked_path: render_blocked(rows, status),
        docs_path: render_docs(formulas, rows, status),
    }
    if "--check" in sys.argv:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text() != text]
        for p in stale:
            print(f"{p} is stale: run python3 tools/gen_registry.py", file=sys.stderr)
        return 1 if stale else 0
    for p, text in outputs.items():
        p.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
