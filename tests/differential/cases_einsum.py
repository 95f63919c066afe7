"""Differential cases for me::einsum: every expression is answered by numpy.einsum.

A case is {"op": "einsum", "args": [subscripts, operand, ...]}; NumPy's error cases
expect a me:: error. Beside the hand-written expressions, `corpus()` generates a few
hundred random ones from a fixed seed (1-6 operands, traces, diagonals, ellipses of
differing ranks, size-1 broadcasting, empty dimensions, implicit and explicit outputs,
float64/float32/int64/complex128 and mixtures); diff_einsum.cpp also runs every path
optimiser on each of them.
"""
import numpy as np

from common import enc, expect, rng, sample

# (subscripts, operand shapes); run in float64 unless a dtype list below says otherwise.
EXPRESSIONS = [
    # one operand: copies, transposes, sums, traces, diagonals
    ("ij->ij", [(3, 4)]),
    ("ij->ji", [(3, 4)]),
    ("ij", [(3, 4)]),
    ("ji", [(3, 4)]),
    ("ij->i", [(3, 4)]),
    ("ij->j", [(3, 4)]),
    ("ij->", [(3, 4)]),
    ("ijk->kji", [(2, 3, 4)]),
    ("ijk->jk", [(2, 3, 4)]),
    ("ijk->ki", [(2, 3, 4)]),
    ("ii->", [(4, 4)]),
    ("ii", [(4, 4)]),
    ("ii->i", [(4, 4)]),
    ("iij->ij", [(3, 3, 2)]),
    ("iji->j", [(3, 2, 3)]),
    ("iii->i", [(3, 3, 3)]),
    ("i->", [(5,)]),
    ("i", [(5,)]),
    ("", [()]),
    ("->", [()]),
    ("bA", [(2, 3)]),
    ("...", [(2, 3)]),
    ("...->", [()]),
    ("i...->...", [(2, 3, 4)]),
    ("...i->...", [(2, 3, 4)]),
    ("i...", [(2, 3)]),
    ("...ii->...i", [(2, 3, 3)]),
    ("ij->ij", [(1, 4)]),
    ("ij->", [(0, 3)]),
    ("ij->j", [(0, 3)]),
    # two operands
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("ij,kj->ik", [(3, 4), (5, 4)]),
    ("ji,jk->ik", [(4, 3), (4, 5)]),
    ("ij,jk->ki", [(3, 4), (4, 5)]),
    ("ij,j->i", [(6, 7), (7,)]),
    ("j,ij->i", [(7,), (6, 7)]),
    ("i,i->", [(8,)] * 2),
    ("i,i", [(8,)] * 2),
    ("i,i->i", [(8,)] * 2),
    ("i,j->ij", [(3,), (4,)]),
    ("i,j", [(3,), (4,)]),
    ("i,j->ji", [(3,), (4,)]),
    ("i,j->", [(3,), (4,)]),
    ("ij,ij->ij", [(3, 4)] * 2),
    ("ij,ij->", [(3, 4)] * 2),
    ("ij,ji->", [(3, 4), (4, 3)]),
    ("ij,ij->i", [(3, 4)] * 2),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("bij,bjk->ik", [(2, 3, 4), (2, 4, 5)]),
    ("bij,bjk->bki", [(2, 3, 4), (2, 4, 5)]),
    ("ijk,jkl->il", [(2, 3, 4), (3, 4, 5)]),
    ("ijk,kj->i", [(2, 3, 4), (4, 3)]),
    ("ii,i->i", [(3, 3), (3,)]),
    ("ii,jj->ij", [(3, 3), (2, 2)]),
    ("ij,k->ijk", [(2, 3), (4,)]),
    ("ij,i->", [(3, 4), (3,)]),
    ("Ab,bA", [(2, 3), (3, 2)]),
    ("...ij,...jk->...ik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("...ij,jk", [(2, 3, 4), (4, 5)]),
    ("...i,...i->...", [(2, 3), (4, 1, 3)]),
    ("...i,...i", [(2, 3), (4, 1, 3)]),
    ("i...,i...->...", [(3, 2), (3, 2)]),
    ("ij,jk->ik", [(3, 1), (4, 5)]),
    ("ij,jk->ik", [(3, 4), (1, 5)]),
    ("i,i->i", [(1,), (5,)]),
    ("ij,ij->ij", [(3, 1), (1, 4)]),
    ("ij,jk->ik", [(0, 4), (4, 5)]),
    ("ij,jk->ik", [(3, 0), (0, 5)]),
    ("ij,jk->ik", [(1, 1), (1, 1)]),
    (" ij , jk -> ik ", [(3, 4), (4, 5)]),
    # three and more operands
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("ij,jk,kl", [(2, 3), (3, 4), (4, 5)]),
    ("i,ij,j->", [(3,), (3, 4), (4,)]),
    ("ai,bi,ab->", [(4, 6), (5, 6), (4, 5)]),
    ("i,j,k->ijk", [(2,), (3,), (4,)]),
    ("ij,jk,kl,lm->im", [(2, 3), (3, 4), (4, 5), (5, 2)]),
    ("ii,ij,jj->", [(3, 3), (3, 3), (3, 3)]),
    ("i,i,i->i", [(4,)] * 3),
    ("ab,bc,ca->", [(2, 3), (3, 4), (4, 2)]),
    ("...a,ab,b...->...", [(2, 3), (3, 4), (4, 2)]),
    ("ij,j,k->ik", [(2, 3), (1,), (4,)]),
    ("ij,jk,k,l->il", [(2, 3), (3, 4), (4,), (2,)]),
]

# Expressions also run in other dtypes (each operand in the listed dtype).
TYPED = [
    ("ij,jk->ik", [(3, 4), (4, 5)], ["float32", "int32", "int64", "bool", "complex128", "complex64"]),
    ("ij->i", [(3, 4)], ["float32", "int32", "int64", "bool", "complex128"]),
    ("ii->", [(4, 4)], ["float32", "int64", "bool"]),
    ("i,j->ij", [(3,), (4,)], ["float32", "int32", "bool"]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)], ["float32", "int64"]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)], ["float32", "int32"]),
    ("...i,...i", [(2, 3), (4, 1, 3)], ["int32", "float32"]),
]

# Two operands of different dtypes: NumPy's promotion.
MIXED = [
    ("ij,j->i", [(3, 4), (4,)], ("int32", "float32")),
    ("ij,j->i", [(3, 4), (4,)], ("int32", "float64")),
    ("ij,j->i", [(3, 4), (4,)], ("float32", "float64")),
    ("ij,jk->ik", [(3, 4), (4, 2)], ("int32", "int64")),
    ("i,i->", [(5,), (5,)], ("bool", "int32")),
    ("i,i->", [(5,), (5,)], ("bool", "float32")),
    ("ij,jk->ik", [(3, 4), (4, 2)], ("float64", "complex128")),
    ("ij,jk->ik", [(3, 4), (4, 2)], ("float32", "complex64")),
]

# NumPy raises ValueError for each of these.
ERRORS = [
    ("ij,jk->ik", [(3, 4), (5, 6)]),      # j is 4 and 5
    ("ii->", [(2, 3)]),                   # diagonal of unequal dimensions
    ("ii->i", [(1, 3)]),
    ("ij->i", [(3,)]),                    # too many subscripts
    ("i->i", [(3, 4)]),                   # too few, no ellipsis
    ("i->ii", [(3,)]),                    # repeated output label
    ("i->j", [(3,)]),                     # output label not in the inputs
    ("i,i", [(3,)]),                      # more operands named than given
    ("i", [(3,), (3,)]),                  # fewer
    ("i1", [(2, 2)]),                     # not a letter
    ("i.j", [(2, 3)]),                    # stray '.'
    ("..i", [(3,)]),
    ("i->->", [(3,)]),
    ("i...->i", [(2, 3)]),                # broadcast dimensions with no '...' in the output
    ("...->", [(2, 3)]),
    ("...i,...i", [(2, 3), (4, 3)]),      # broadcast dimensions that do not broadcast
    ("i,i->i", [(2,), (3,)]),
]


def _operands(shapes, dtypes, r):
    return [sample(s, d, r) for s, d in zip(shapes, dtypes)]


def _case(subscripts, operands, rtol=None, atol=None):
    c = {
        "op": "einsum",
        "args": [subscripts] + [enc(a) for a in operands],
        "expected": expect(np.einsum, subscripts, *operands),
    }
    # float32 sums of a few terms of magnitude up to 9
    if any(a.dtype in (np.float32, np.complex64) for a in operands):
        c["rtol"], c["atol"] = 1e-5, 1e-5
    if rtol is not None:
        c["rtol"] = rtol
    if atol is not None:
        c["atol"] = atol
    return c


# ---------------------------------------------------------------------------------------
# The generated corpus. Every choice is drawn from one seeded generator, so the corpus is
# the same on every run; NumPy (optimize=False, its reference semantics) answers each one.

CORPUS_SEED = 20251123
CORPUS_SIZE = 260                  # distinct expressions (subscripts + shapes)
REPEATED_SIZE = 40                 # more, built to repeat one array ('ai,bi->ab')
CORPUS_DTYPES = ["float64", "float32", "int64", "complex128"]
OPERAND_COUNTS = [1, 2, 3, 4, 5, 6]
OPERAND_WEIGHTS = [0.10, 0.20, 0.22, 0.20, 0.16, 0.12]
LOWER = "abcdefghijklmnopqrstuvwxyz"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _label_size(r):
    """0 (empty) rarely, 1 (broadcastable) sometimes, else 2..5."""
    u = r.random()
    if u < 0.04:
        return 0
    if u < 0.14:
        return 1
    return int(r.integers(2, 6))


def _pick_letters(r, k):
    pool = LOWER if r.random() < 0.8 else LOWER[:8] + UPPER[:8]
    return [str(c) for c in r.choice(list(pool), size=k, replace=False)]


def _term(r, letters, sizes, ellipsis_shape):
    """One operand: its subscript and shape. Repeated letters take a diagonal (equal
    dimensions, as NumPy requires); a letter may appear with size 1 to broadcast; the
    ellipsis covers the trailing 0..rank dimensions of the broadcast shape, some of them 1."""
    ndim = min(len(letters), int(r.choice([0, 1, 2, 3], p=[0.06, 0.28, 0.4, 0.26])))
    labels = [str(c) for c in r.choice(letters, size=ndim, replace=False)]
    if labels and r.random() < 0.2:  # a diagonal or trace
        labels.insert(int(r.integers(0, ndim + 1)), str(r.choice(labels)))
        ndim += 1
    dims = []
    for i, c in enumerate(labels):
        repeated = labels.count(c) > 1
        if repeated and c in labels[:i]:
            dims.append(dims[labels.index(c)])
        elif not repeated and sizes[c] > 1 and r.random() < 0.15:
            dims.append(1)
        else:
            dims.append(sizes[c])
    if ellipsis_shape is None or r.random() < 0.3:
        return "".join(labels), tuple(dims)
    rank = int(r.integers(0, len(ellipsis_shape) + 1))
    edims = [1 if r.random() < 0.3 else d for d in ellipsis_shape[len(ellipsis_shape) - rank:]]
    at = int(r.integers(0, ndim + 1))
    return "".join(labels[:at]) + "..." + "".join(labels[at:]), tuple(dims[:at] + edims + dims[at:])


def _relabel(r, term, shape, letters, sizes):
    """The subscript of an operand that repeats an earlier one's array: each letter kept, or
    renamed to another of the same size (a fresh one if need be), as in 'ai,bi->ab' of x with
    x, where the result is symmetric."""
    plain = term.replace("...", "")
    at = term.find("...")
    ellipsis_rank = len(shape) - len(plain)
    dim = {c: shape[i if at < 0 or i < at else i + ellipsis_rank] for i, c in enumerate(plain)}
    rename = {}
    for c in dict.fromkeys(plain):
        if r.random() < 0.4:
            continue
        taken = set(plain) | set(rename.values())
        fits = [x for x in letters if x not in taken and sizes[x] == dim[c]]
        if not fits:
            fresh = [x for x in LOWER if x not in letters and x not in taken]
            if not fresh:
                continue
            fits = [fresh[0]]
            letters.append(fresh[0])
            sizes[fresh[0]] = dim[c]
        rename[c] = str(r.choice(fits))
    return "".join(rename.get(c, c) for c in term)


def _output(r, terms):
    used = sorted({c for t in terms for c in t if c != "."})
    if r.random() < 0.3:
        return None  # implicit
    out = [c for c in used if r.random() < 0.5]
    r.shuffle(out)
    out = "".join(out)
    if any("..." in t for t in terms):
        at = int(r.integers(0, len(out) + 1))
        out = out[:at] + "..." + out[at:]
    return out


def _expression(r):
    """(subscripts, shapes, same): same[k] is the earlier operand whose array operand k
    repeats (under a relabelled subscript), else -1."""
    n = int(r.choice(OPERAND_COUNTS, p=OPERAND_WEIGHTS))
    letters = _pick_letters(r, int(r.integers(1, min(2 + n, 7))))
    sizes = {c: _label_size(r) for c in letters}
    ellipsis_shape = None
    if r.random() < 0.25:
        ellipsis_shape = tuple(int(r.integers(1, 5)) for _ in range(int(r.integers(1, 3))))
    terms, shapes, same = [], [], []
    for k in range(n):
        if k > 0 and r.random() < 0.12:
            j = int(r.integers(0, k))
            terms.append(_relabel(r, terms[j], shapes[j], letters, sizes))
            shapes.append(shapes[j])
            same.append(j)
            continue
        t, s = _term(r, letters, sizes, ellipsis_shape)
        terms.append(t)
        shapes.append(s)
        same.append(-1)
    out = _output(r, terms)
    subscripts = ",".join(terms) + ("" if out is None else "->" + out)
    return subscripts, shapes, same


def _repeated_expression(r):
    """One array x passed 2-3 times with its first label renamed each time, sharing the
    rest ('ai,bi->ab', 'aij,bij,ck->abck'...), so results are symmetric in the renamed
    labels; sometimes with other operands on the shared labels."""
    shared = [str(c) for c in r.choice(list("ijklm"), size=int(r.integers(1, 3)), replace=False)]
    free = [str(c) for c in r.choice(list("abcdefg"), size=int(r.integers(2, 4)), replace=False)]
    n = int(r.integers(2, 6))
    size = {c: int(r.integers(1, 6)) for c in shared}
    free_size = int(r.integers(2, 6))
    x_term = "".join(shared)
    terms = [f + x_term for f in free]
    shapes = [(free_size,) + tuple(size[c] for c in shared)] * len(free)
    same = [-1] + [0] * (len(free) - 1)
    while len(terms) < n:
        t = "".join(c for c in shared if r.random() < 0.7) or shared[0]
        terms.append(t)
        shapes.append(tuple(size[c] for c in t))
        same.append(-1)
    out = free[:]
    r.shuffle(out)
    out += [c for c in shared if r.random() < 0.25]
    return ",".join(terms) + "->" + "".join(out), shapes, same


def _dtypes(r, n):
    u = r.random()
    if u < 0.45:
        return ["float64"] * n
    if u < 0.60:
        return ["float32"] * n
    if u < 0.72:
        return ["int64"] * n
    if u < 0.82:
        return ["complex128"] * n
    return [str(r.choice(CORPUS_DTYPES)) for _ in range(n)]


def _corpus_tolerance(case, operands, subscripts, dt):
    """Tolerances from the magnitude of the terms summed: the same einsum over |operands|
    bounds the cancellation, so values near zero from large terms are not over-judged."""
    if dt.kind in "biu":
        return
    mag = np.einsum(subscripts, *[np.abs(a).astype(np.float64) for a in operands], optimize=False)
    scale = float(np.max(mag)) if mag.size else 0.0
    if dt in (np.float32, np.complex64):
        case["rtol"], case["atol"] = 1e-4, 3e-5 * scale + 1e-6
    else:
        case["rtol"], case["atol"] = 1e-9, 1e-12 * scale + 1e-12


def corpus():
    r = rng(CORPUS_SEED)
    out, seen = [], set()
    while len(seen) < CORPUS_SIZE + REPEATED_SIZE:
        subscripts, shapes, same = _expression(r) if len(seen) < CORPUS_SIZE else _repeated_expression(r)
        key = (subscripts, tuple(shapes))
        if key in seen:
            continue
        dtypes = _dtypes(r, len(shapes))
        operands = []
        for k, s in enumerate(shapes):
            if same[k] >= 0:  # the very same array, so the same dtype
                dtypes[k] = dtypes[same[k]]
                operands.append(operands[same[k]])
            else:
                operands.append(sample(s, dtypes[k], r))
        # NumPy 2's promotion (NEP 50), by dtype: 1.24 would let a 0-d operand's value decide.
        common = np.result_type(*[a.dtype for a in operands])
        expected = expect(np.einsum, subscripts, *[a.astype(common) for a in operands], optimize=False)
        if isinstance(expected, dict) and "error" in expected:
            continue  # NumPy rejects it: draw another
        seen.add(key)
        case = {"op": "einsum", "args": [subscripts] + [enc(a) for a in operands], "expected": expected,
                "exact_dtype": True, "corpus": True}
        if any(j >= 0 for j in same):
            case["kwargs"] = {"same": same}
        _corpus_tolerance(case, operands, subscripts, common)
        out.append(case)
    return out


def cases():
    r = rng(20240601)
    out = []
    for subscripts, shapes in EXPRESSIONS:
        c = _case(subscripts, _operands(shapes, ["float64"] * len(shapes), r))
        assert "error" not in c["expected"], subscripts
        out.append(c)
    for subscripts, shapes, dtypes in TYPED:
        for dt in dtypes:
            out.append(_case(subscripts, _operands(shapes, [dt] * len(shapes), r)))
    for subscripts, shapes, dtypes in MIXED:
        out.append(_case(subscripts, _operands(shapes, dtypes, r)))
    for subscripts, shapes in ERRORS:
        c = _case(subscripts, _operands(shapes, ["float64"] * len(shapes), r))
        assert "error" in c["expected"], subscripts
        out.append(c)
    # NaN and inf propagate through products and sums as in NumPy.
    a = sample((3, 4), "float64", r)
    a[0, 1] = np.nan
    a[2, 3] = np.inf
    out.append(_case("ij,j->i", [a, sample((4,), "float64", r)]))
    out.append(_case("ij->j", [a]))
    # int32 wraps on overflow, as in NumPy.
    big = np.full((3,), 2**30, dtype=np.int32)
    out.append(_case("i,i->", [big, np.full((3,), 3, dtype=np.int32)]))
    # a larger contraction, to exercise the partial sums of the dot kernel
    out.append(_case("ij,jk->ik", [sample((17, 33), "float64", r), sample((33, 9), "float64", r)], rtol=1e-12))
    out.append(_case("ij,jk->ik", [sample((17, 33), "float32", r), sample((33, 9), "float32", r)], rtol=1e-4))
    return out + corpus()


# ---------------------------------------------------------------------------------------
# Charges (costs.py). diff_einsum.cpp makes one counted call per run, me::einsum, whose
# path the C++ optimiser picks (the default "auto" or a named optimiser), so a case carries
# the price of every possible pairwise step and the C++ side prices the path it took:
#   "step_flops": {"S,T": cost} for every pair of disjoint non-empty masks S < T of the
#       original operands (bit k = operand k), the cost of contracting the intermediate
#       holding S with the one holding T (opt_einsum's flop_count; an original operand
#       keeps all its labels, an intermediate those the output or an operand outside it
#       needs); {"1": cost} for a single operand (one step of one term).
#   "flops_optimal": the cheapest total over every sequence of pairwise steps, at least 1.
# The variadic runner passes the data a case repeats (kwargs "same") as the same array
# object, so those steps are priced on the distinct elements of symmetric intermediates;
# the vector form (std::vector<me::array>, distinct arrays) is priced dense. For a case
# with "same" the dense prices are added as "step_flops_dense" and "flops_optimal_dense".
# No case gives an explicit path, so no case carries "flops".

def _objects(case):
    """Per operand, which array it is: an operand repeating another (kwargs "same") is
    that operand's array, transitively (the runner passes the very same object)."""
    n = len(case["args"]) - 1
    same = case.get("kwargs", {}).get("same", [-1] * n)
    objects = []
    for k, s in enumerate(same):
        objects.append(k if s < 0 else objects[s])
    return objects


def flops(case):
    import costs

    assert costs.formula_of(case["op"]) == "einsum"
    subscripts = case["args"][0]
    shapes = [tuple(a["shape"]) for a in case["args"][1:]]
    objects = _objects(case)
    out = costs.einsum_charges(subscripts, shapes, objects)
    if objects != list(range(len(shapes))):
        dense = costs.einsum_charges(subscripts, shapes)
        out["step_flops_dense"] = dense["step_flops"]
        out["flops_optimal_dense"] = dense["flops_optimal"]
    return out
