"""FLOP charges for the differential suite, computed from the registry, not from the C++ code.

`tools/registry/registry.tsv` binds every NumPy name to a formula id and
`tools/registry/formulas.tsv` says what each id means. This module loads both and gives
one evaluator per counted formula id, written from the formula's meaning and NumPy's
semantics (shapes in, an integer charge out). Rules common to every counted op
(docs/cost-model.md): the charge is an integer, at least 1 (a scalar op costs 1, an op
on an empty array costs 1); free ops cost 0.

    charge(name, *args, **kwargs)   the evaluator of formula_of(name), called on args

Each cases_<family>.py knows which calls its C++ runner makes for a case and prices them
through `charge`, so a name whose registry formula is not the one the family expects
(say, a name still priced by the reference formula) fails loudly instead of guessing.

Symmetry (docs/symmetry.md): a group of k interchangeable axes of length n holds
C(n+k-1, k) distinct index multisets; axes outside every group count fully.
"""
import csv
import math
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
REGISTRY_DIR = HERE / ".." / ".." / "tools" / "registry"


def _read_tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


REGISTRY = {row["name"]: row for row in _read_tsv(REGISTRY_DIR / "registry.tsv")}
FORMULAS = {row["id"]: row for row in _read_tsv(REGISTRY_DIR / "formulas.tsv")}


def formula_of(name):
    """The registry's formula id for a NumPy name (e.g. 'add' -> 'pointwise', 'random.rand' -> 'sampling')."""
    if name not in REGISTRY:
        raise KeyError(f"{name!r} is not in tools/registry/registry.tsv")
    fid = REGISTRY[name]["formula"]
    if fid not in FORMULAS:
        raise KeyError(f"{name!r} has formula {fid!r}, which tools/registry/formulas.tsv does not define")
    return fid


# ---------------------------------------------------------------------------------------
# Shapes and symmetric groups

def numel(shape):
    return math.prod(int(d) for d in shape)


def at_least_1(x):
    return max(1, int(x))


def ceil_log2(n):
    """ceil(log2(n)) for an integer n >= 1, exactly (0 for n = 1)."""
    return (int(n) - 1).bit_length()


def multisets(n, k):
    """C(n+k-1, k): distinct elements of k interchangeable axes of length n (0 when n = 0)."""
    if k == 0:
        return 1
    if n == 0:
        return 0
    return math.comb(n + k - 1, k)


def normalize_groups(groups, ndim):
    """Groups as sorted tuples of non-negative axes, those of fewer than two axes dropped."""
    out = []
    for g in groups or []:
        axes = sorted({a % ndim for a in g}) if ndim else []
        if len(axes) >= 2:
            out.append(tuple(axes))
    return sorted(out)


def unique_elements(shape, groups=None):
    """Distinct elements of an array of `shape` symmetric in `groups` (numel without groups).
    A group whose axes differ in length counts as free axes (it cannot be symmetric)."""
    shape = [int(d) for d in shape]
    groups = normalize_groups(groups, len(shape))
    grouped = set()
    total = 1
    for g in groups:
        lengths = {shape[a] for a in g}
        if len(lengths) != 1:
            continue
        grouped.update(g)
        total *= multisets(lengths.pop(), len(g))
    for a, d in enumerate(shape):
        if a not in grouped:
            total *= d
    return total


def broadcast_shape(*shapes):
    """NumPy's broadcast of shapes (raises ValueError if they do not broadcast)."""
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for i in range(ndim):
        dims = {int(s[len(s) - ndim + i]) for s in shapes if len(s) - ndim + i >= 0}
        dims.discard(1)
        if len(dims) > 1:
            raise ValueError(f"shapes {shapes} do not broadcast")
        out.append(dims.pop() if dims else 1)
    return tuple(out)


# The symmetry propagation rules of docs/symmetry.md ("How symmetry propagates").

def binary_output_groups(shape_a, groups_a, shape_b, groups_b):
    """Groups of the result of a binary pointwise op: for each output axis, an operand either
    has it in one of its groups (not stretched from length 1), is constant along it (absent
    or length 1), or neither; axes stay a group when both operands allow swapping them."""
    out_shape = broadcast_shape(shape_a, shape_b)
    ndim = len(out_shape)

    def status(shape, groups):
        groups = normalize_groups(groups, len(shape))
        offset = ndim - len(shape)
        st = []
        for ax in range(ndim):
            i = ax - offset
            if i < 0 or shape[i] == 1:
                st.append(("const",))
                continue
            gid = next((k for k, g in enumerate(groups) if i in g), None)
            st.append(("group", gid) if gid is not None else None)
        return st

    sa, sb = status(shape_a, groups_a), status(shape_b, groups_b)
    classes = {}
    for ax in range(ndim):
        if sa[ax] is None or sb[ax] is None:
            continue
        if sa[ax][0] == "const" and sb[ax][0] == "const":
            continue  # both constant: the output axis has length 1, no group to keep
        classes.setdefault((sa[ax], sb[ax]), []).append(ax)
    return sorted(tuple(axes) for axes in classes.values() if len(axes) >= 2)


def reduced_groups(ndim, groups, axes, keepdims):
    """Groups of a reduction's result: the input's without the reduced axes, renumbered
    (with keepdims the reduced length-1 axes stay in place, outside every group); a full
    reduction has none. `axes` None means all axes."""
    if axes is None:
        return []
    reduced = {a % ndim for a in axes}
    if len(reduced) == ndim:
        return []
    out = []
    for g in normalize_groups(groups, ndim):
        left = [a for a in g if a not in reduced]
        if keepdims:
            out.append(left)
        else:
            out.append([a - sum(1 for r in reduced if r < a) for a in left])
    return normalize_groups(out, ndim if keepdims else ndim - len(reduced))


# ---------------------------------------------------------------------------------------
# One evaluator per formula id (see tools/registry/formulas.tsv for each one's meaning).

def free(*_args, **_kwargs):
    """free: charges nothing."""
    return 0


def pointwise(out_shape, groups=None):
    """pointwise: one FLOP per element of the broadcast output (distinct elements when the
    output is symmetric in `groups`), at least 1."""
    return at_least_1(unique_elements(out_shape, groups))


def type_predicate(*_args, **_kwargs):
    """type_predicate: a question about the element type, one scalar op."""
    return 1


def reduction(in_shape, in_groups=None):
    """reduction: numel(input) whatever the axis (distinct elements of a symmetric input)."""
    return at_least_1(unique_elements(in_shape, in_groups))


def mean_reduction(in_shape, out_shape, in_groups=None, out_groups=None):
    """mean_reduction: numel(input) + numel(output) (distinct elements of each when symmetric)."""
    return at_least_1(unique_elements(in_shape, in_groups) + unique_elements(out_shape, out_groups))


def variance_reduction(in_shape, out_shape, in_groups=None, out_groups=None):
    """variance_reduction: 2*numel(input) + numel(output)."""
    return at_least_1(2 * unique_elements(in_shape, in_groups) + unique_elements(out_shape, out_groups))


def vecdot(n, out_shape):
    """vecdot: a multiply-add (2) per element of the summed axis of length n, per output element."""
    return at_least_1(2 * int(n) * numel(out_shape))


def dot(a_shape, b_shape, out_shape):
    """dot: 2*numel(output)*k with k the summed length (the last axis of a), numel(output)
    when an operand is 0-d (a multiplication)."""
    if len(a_shape) == 0 or len(b_shape) == 0:
        return at_least_1(numel(out_shape))
    return at_least_1(2 * numel(out_shape) * int(a_shape[-1]))


def inner(a_shape, b_shape, out_shape):
    """inner: the last axes (length n) summed: 2*numel(output)*n; numel(output) with a 0-d operand."""
    if len(a_shape) == 0 or len(b_shape) == 0:
        return at_least_1(numel(out_shape))
    return at_least_1(2 * numel(out_shape) * int(a_shape[-1]))


def matmul(a_shape, b_shape):
    """matmul: 2*m*k*n for every matrix product of the broadcast batch, 1-D operands promoted
    as NumPy does ((k,) is (1,k) on the left, (k,1) on the right)."""
    a = tuple(a_shape) if len(a_shape) >= 2 else (1,) + tuple(a_shape)
    b = tuple(b_shape) if len(b_shape) >= 2 else tuple(b_shape) + (1,)
    m, k, n = a[-2], a[-1], b[-1]
    batch = broadcast_shape(a[:-2], b[:-2])
    return at_least_1(numel(batch) * 2 * m * k * n)


def outer(a_shape, b_shape):
    """outer: numel(a)*numel(b)."""
    return at_least_1(numel(a_shape) * numel(b_shape))


def vdot(a_shape, b_shape):
    """vdot: 2*n, n the elements of each flattened operand."""
    return at_least_1(2 * numel(a_shape))


def tensordot_axes(a_ndim, b_ndim, axes=2):
    """NumPy's tensordot axes argument as (axes of a, axes of b), non-negative."""
    if isinstance(axes, int):
        xa, xb = list(range(-axes, 0)), list(range(0, axes))
    else:
        xa, xb = axes
        xa = [xa] if isinstance(xa, int) else list(xa)
        xb = [xb] if isinstance(xb, int) else list(xb)
    return [x % a_ndim for x in xa], [x % b_ndim for x in xb]


def tensordot(a_shape, b_shape, axes, out_shape):
    """tensordot: 2*numel(output)*prod(summed sizes), numel(output) when no axis is summed."""
    xa, _ = tensordot_axes(len(a_shape), len(b_shape), axes)
    if not xa:
        return at_least_1(numel(out_shape))
    return at_least_1(2 * numel(out_shape) * math.prod(int(a_shape[x]) for x in xa))


def kron(out_shape):
    """kron: numel(output), one multiplication per output element."""
    return at_least_1(numel(out_shape))


def diagonal_length(n1, n2, offset):
    """Elements of the diagonal at `offset` of an n1 x n2 matrix (NumPy's trace/diagonal)."""
    if offset >= 0:
        return max(0, min(n1, n2 - offset))
    return max(0, min(n1 + offset, n2))


def trace(shape, offset=0, axis1=0, axis2=1):
    """trace: numel(output) * diagonal length (one addition per diagonal element summed)."""
    nd = len(shape)
    a1, a2 = axis1 % nd, axis2 % nd
    out = [d for i, d in enumerate(shape) if i not in (a1, a2)]
    return at_least_1(numel(out) * diagonal_length(int(shape[a1]), int(shape[a2]), offset))


def multi_dot(shapes):
    """multi_dot: the matrix products of the cheapest association order, 2*m*k*n each (1-D
    ends promoted to a row and a column); two operands cost what dot costs."""
    if len(shapes) == 2:
        a, b = (tuple(s) for s in shapes)
        # NumPy's multi_dot of two arrays is dot(a, b); its result's shape:
        out = dot_result_shape(a, b)
        return dot(a, b, out)
    dims = [tuple(s) for s in shapes]
    if len(dims[0]) == 1:
        dims[0] = (1,) + dims[0]
    if len(dims[-1]) == 1:
        dims[-1] = dims[-1] + (1,)
    p = [dims[0][0]] + [d[1] for d in dims]  # matrix i is p[i] x p[i+1]
    n = len(dims)
    best = [[0] * n for _ in range(n)]
    for length in range(2, n + 1):
        for i in range(n - length + 1):
            j = i + length - 1
            best[i][j] = min(best[i][s] + best[s + 1][j] + 2 * p[i] * p[s + 1] * p[j + 1] for s in range(i, j))
    return at_least_1(best[0][n - 1])


def dot_result_shape(a, b):
    """NumPy's dot result shape: a without its last axis, b without its second-to-last."""
    if len(a) == 0:
        return tuple(b)
    if len(b) == 0:
        return tuple(a)
    if len(b) == 1:
        return tuple(a[:-1])
    return tuple(a[:-1]) + tuple(b[:-2]) + tuple(b[-1:])


def sampling(out_shape):
    """sampling: one FLOP per value drawn, at least 1."""
    return at_least_1(numel(out_shape))


def multivariate_hypergeometric(out_shape, total, nsample, count_method):
    """multivariate_hypergeometric: numel(output); method count adds its urn of `total`
    items and min(nsample, total - nsample) swaps per variate."""
    drawn = numel(out_shape)
    if not count_method or drawn == 0 or total == 0 or nsample == 0:
        return at_least_1(drawn)
    return at_least_1(drawn + total + drawn // out_shape[-1] * min(nsample, total - nsample))


def permutation(n):
    """permutation: n*ceil(log2(n)) for a shuffle of n items, at least 1 (n <= 1: 1)."""
    n = int(n)
    if n <= 1:
        return 1
    return at_least_1(n * ceil_log2(n))


def choice(n, out_shape, replace=True):
    """choice: numel(output) with replacement; a permutation of the population n without."""
    if replace:
        return sampling(out_shape)
    return permutation(n)


# ---------------------------------------------------------------------------------------
# FFT: the reference's Cooley-Tukey counts on the transform lengths, once per transform:
# `lines` is the number of transforms (the product of the other axes' lengths), at least 1.

def fft(n, lines=1):
    """fft: lines * 5*n*ceil(log2(n)) for `lines` complex transforms of length n."""
    n = int(n)
    return at_least_1(int(lines) * 5 * n * ceil_log2(n))


def rfft(n, lines=1):
    """rfft: lines * 5*(n//2)*ceil(log2(n)) for real transforms of length n (irfft: its output length)."""
    n = int(n)
    return at_least_1(int(lines) * 5 * (n // 2) * ceil_log2(n))


def fftn(s, lines=1):
    """fftn: lines * 5*N*ceil(log2(N)) with N the product of the transform lengths s."""
    return fft(numel(s), lines)


def rfftn(s, lines=1):
    """rfftn: lines * 5*(N//2)*ceil(log2(N)) with N the product of the transform lengths s."""
    return rfft(numel(s), lines)


# ---------------------------------------------------------------------------------------
# einsum: opt_einsum's flop_count along a path, on NumPy's parse of the subscripts.

LETTERS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _ellipsis_label(k):
    """The k-th broadcast dimension of '...' (counted from the left of the full broadcast
    rank), as a character no subscript letter can be."""
    return chr(0x100 + k)


def parse_einsum(subscripts, shapes):
    """NumPy's reading of an einsum expression that NumPy accepts: per operand its labels
    axis by axis (ellipsis dimensions right-aligned to the broadcast rank, as labels of
    their own), the output labels, and each label's size after broadcasting (a size-1
    dimension broadcast against n counts n)."""
    s = "".join(subscripts.split())
    if "->" in s:
        lhs, out = s.split("->")
        explicit = True
    else:
        lhs, out, explicit = s, "", False
    terms = lhs.split(",")
    assert len(terms) == len(shapes), (subscripts, shapes)
    rank = 0
    for t, shape in zip(terms, shapes):
        if "..." in t:
            rank = max(rank, len(shape) - (len(t) - 3))
    inputs = []
    dims = {}
    for t, shape in zip(terms, shapes):
        if "..." in t:
            before, after = t.split("...")
            r = len(shape) - len(before) - len(after)
            labels = list(before) + [_ellipsis_label(rank - r + i) for i in range(r)] + list(after)
        else:
            labels = list(t)
        assert len(labels) == len(shape), (subscripts, shapes)
        for c, d in zip(labels, shape):
            dims.setdefault(c, set()).add(int(d))
        inputs.append(labels)
    sizes = {}
    for c, ds in dims.items():
        big = ds - {1}
        assert len(big) <= 1, (subscripts, shapes, c, ds)
        sizes[c] = big.pop() if big else 1
    ell = [_ellipsis_label(k) for k in range(rank)]
    if explicit:
        if "..." in out:
            before, after = out.split("...")
            output = list(before) + ell + list(after)
        else:
            output = list(out)
    else:
        counts = {}
        for t in terms:
            for c in t.replace("...", ""):
                counts[c] = counts.get(c, 0) + 1
        output = ell + sorted(c for c, n in counts.items() if n == 1)
    return inputs, output, sizes


class EinsumNetwork:
    """An expression as opt_einsum sees it, with what the symmetric pricing needs.

    operands: per operand (object, labels axis by axis, declared groups as axis lists);
    operands passed as the same array share an object. Without any repeated object or
    declared group the pricing is dense (opt_einsum's flop_count)."""

    def __init__(self, subscripts, shapes, objects=None, groups=None):
        self.inputs, self.output, self.sizes = parse_einsum(subscripts, shapes)
        self.n = len(self.inputs)
        self.full = (1 << self.n) - 1
        self.terms = [frozenset(t) for t in self.inputs]
        self.output_set = frozenset(self.output)
        objects = list(range(self.n)) if objects is None else list(objects)
        groups = [[] for _ in range(self.n)] if groups is None else [list(map(list, g)) for g in groups]
        self.symmetric = any(o != k for k, o in enumerate(objects)) or any(groups)
        self.operands = [(objects[k], "".join(self.inputs[k]), groups[k]) for k in range(self.n)]
        self._unique = {}

    def labels_of(self, mask):
        out = set()
        for k in range(self.n):
            if mask >> k & 1:
                out |= self.terms[k]
        return frozenset(out)

    def kept(self, mask):
        """Labels of the intermediate holding `mask`: its labels that the output or an
        operand outside it still needs."""
        return self.labels_of(mask) & (self.output_set | self.labels_of(self.full & ~mask))

    def term(self, mask):
        """Labels of the operand holding `mask`: an original operand keeps all its labels."""
        if mask & (mask - 1) == 0:
            return self.terms[mask.bit_length() - 1]
        return self.kept(mask)

    def size(self, labels):
        return math.prod(self.sizes[c] for c in labels)

    def _factors(self, mask, a=None, b=None):
        """The product of the operands in `mask` as a multiset of (array, labels with each
        declared group's labels sorted), after exchanging labels a and b."""
        out = []
        for k in range(self.n):
            if not mask >> k & 1:
                continue
            obj, labels, groups = self.operands[k]
            l = [b if c == a else a if c == b else c for c in labels] if a is not None else list(labels)
            for g in groups:
                part = sorted(l[ax] for ax in g)
                for ax, c in zip(sorted(g), part):
                    l[ax] = c
            out.append((obj, "".join(l)))
        return sorted(out)

    def label_groups(self, mask, kept):
        """Partition of `kept` into interchangeable labels: two kept labels of one size are
        interchangeable when exchanging them maps the product of the operands in `mask`
        onto itself; transpositions generate the full symmetric group of each connected set."""
        labels = sorted(kept)
        parent = list(range(len(labels)))

        def root(i):
            while parent[i] != i:
                i = parent[i]
            return i

        base = self._factors(mask)
        for i in range(len(labels)):
            for j in range(i + 1, len(labels)):
                if self.sizes[labels[i]] != self.sizes[labels[j]]:
                    continue
                if self._factors(mask, labels[i], labels[j]) == base:
                    ri, rj = root(i), root(j)
                    if ri != rj:
                        parent[rj] = ri
        classes = {}
        for i, c in enumerate(labels):
            classes.setdefault(root(i), []).append(c)
        return list(classes.values())

    def unique(self, mask, kept):
        """Distinct elements of the intermediate holding `mask` (labels `kept`)."""
        if not self.symmetric:
            return self.size(kept)
        if mask not in self._unique:
            self._unique[mask] = math.prod(multisets(self.sizes[g[0]], len(g)) for g in self.label_groups(mask, kept))
        return self._unique[mask]

    def step(self, masks):
        """Cost of one step contracting the operands holding `masks` (disjoint): opt_einsum's
        flop_count, prod(size of all labels) * (max(1, terms - 1) + 1 if a label is summed),
        with the kept part counted on distinct elements when the network is symmetric."""
        all_labels = frozenset().union(*(self.term(m) for m in masks))
        mask = 0
        for m in masks:
            mask |= m
        kept = self.kept(mask)
        factor = max(1, len(masks) - 1) + (1 if all_labels - kept else 0)
        return self.size(all_labels - kept) * factor * self.unique(mask, kept)

    def all_steps(self):
        """{"S,T": cost} for every pair of disjoint non-empty masks S < T; {"1": cost} for
        a single operand (one step of one term)."""
        if self.n == 1:
            return {"1": self.step([1])}
        out = {}
        for s in range(1, self.full + 1):
            for t in range(s + 1, self.full + 1):
                if s & t == 0:
                    out[f"{s},{t}"] = self.step([s, t])
        return out

    def optimal(self, steps=None):
        """The cheapest total over every sequence of pairwise steps (a DP over subsets: a
        step's cost depends only on the original operands each side holds), at least 1."""
        steps = self.all_steps() if steps is None else steps
        if self.n == 1:
            return at_least_1(steps["1"])
        best = {1 << k: 0 for k in range(self.n)}
        for mask in sorted(range(1, self.full + 1), key=lambda m: bin(m).count("1")):
            if mask in best:
                continue
            low = mask & -mask  # each split once: the part holding the lowest operand first
            c = None
            sub = (mask - 1) & mask
            while sub:
                if sub & low:
                    rest = mask & ~sub
                    s, t = min(sub, rest), max(sub, rest)
                    v = best[sub] + best[rest] + steps[f"{s},{t}"]
                    c = v if c is None or v < c else c
                sub = (sub - 1) & mask
            best[mask] = c
        return at_least_1(best[self.full])

    def path_cost(self, path):
        """Total of an explicit path in opt_einsum's linear form (each step lists positions in
        the current operand list, removed, the result appended; a step may hold >2 operands)."""
        current = [1 << k for k in range(self.n)]
        total = 0
        for step in path:
            masks = [current[i] for i in step]
            total += self.step(masks)
            current = [m for i, m in enumerate(current) if i not in step]
            mask = 0
            for m in masks:
                mask |= m
            current.append(mask)
        assert len(current) == 1, path
        return at_least_1(total)


def einsum_charges(subscripts, shapes, objects=None, groups=None, path=None):
    """The einsum fields of a case: "step_flops" and "flops_optimal", plus "flops" when an
    explicit path is given."""
    net = EinsumNetwork(subscripts, shapes, objects, groups)
    steps = net.all_steps()
    out = {"step_flops": steps, "flops_optimal": net.optimal(steps)}
    if path is not None:
        out["flops"] = net.path_cost(path)
    return out


def einsum(subscripts, shapes, objects=None, groups=None, path=None):
    """einsum: opt_einsum's count along the path (see einsum_charges)."""
    return einsum_charges(subscripts, shapes, objects, groups, path)


# ---------------------------------------------------------------------------------------
# linalg decompositions: the reference's per-matrix counts (Golub & Van Loan) times the
# number of matrices of a stack (..., m, n), divisions rounded down per matrix, at least 1.

def _stack(shape):
    return numel(shape[:-2]), shape[-2], shape[-1]


def svd(shape, k=None):
    """m*n*k per matrix, k = min(m, n) unless given."""
    count, m, n = _stack(shape)
    return at_least_1(count * m * n * (min(m, n) if k is None else k))


def svdvals(shape):
    count, m, n = _stack(shape)
    return at_least_1(count * m * n * min(m, n))


def cholesky(shape):
    count, n, _ = _stack(shape)
    return at_least_1(count * (n ** 3 // 3))


def qr(shape):
    """Householder QR: 2pq^2 - 2q^3/3 with p the longer side and q the shorter."""
    count, m, n = _stack(shape)
    p, q = max(m, n), min(m, n)
    return at_least_1(count * (2 * p * q * q - (2 * q ** 3) // 3))


def eig(shape):
    count, n, _ = _stack(shape)
    return at_least_1(count * 10 * n ** 3)


def eigh(shape):
    count, n, _ = _stack(shape)
    return at_least_1(count * ((4 * n ** 3) // 3))


EVALUATORS = {
    "free": free,
    "pointwise": pointwise,
    "type_predicate": type_predicate,
    "reduction": reduction,
    "mean_reduction": mean_reduction,
    "variance_reduction": variance_reduction,
    "vecdot": vecdot,
    "einsum": einsum,
    "dot": dot,
    "matmul": matmul,
    "inner": inner,
    "outer": outer,
    "vdot": vdot,
    "tensordot": tensordot,
    "kron": kron,
    "trace": trace,
    "multi_dot": multi_dot,
    "sampling": sampling,
    "multivariate_hypergeometric": multivariate_hypergeometric,
    "permutation": permutation,
    "choice": choice,
    "svd": svd,
    "svdvals": svdvals,
    "cholesky": cholesky,
    "qr": qr,
    "eig": eig,
    "eigh": eigh,
    "fft": fft,
    "rfft": rfft,
    "fftn": fftn,
    "rfftn": rfftn,
}
# ---------------------------------------------------------------------------------------
# Sorting and searching (flops/sorting.hpp): n*ceil(log2(n)) per slice of a sort, k times
# that for lexsort, n per slice per distinct kth for a partition (capped by the sort),
# ceil(log2(n)) per value searched (at least one comparison each; none when n = 0).

def sort(n, slices=1):
    """sort, argsort: slices * n*max(1, ceil(log2(n))), at least 1."""
    n = int(n)
    return at_least_1(int(slices) * n * max(1, ceil_log2(n)))


def lexsort(k, n, slices=1):
    """lexsort: max(k, slices * k*n*max(1, ceil(log2(n)))) for k keys, at least 1."""
    n = int(n)
    return at_least_1(max(int(k), int(slices) * int(k) * n * max(1, ceil_log2(n))))


def partition(n, slices=1, kth_count=1):
    """partition, argpartition: slices * n * min(j, max(1, ceil(log2(n)))), j distinct kth."""
    n = int(n)
    return at_least_1(int(slices) * n * min(int(kth_count), max(1, ceil_log2(n))))


def searchsorted(n, m):
    """searchsorted: m * max(1, ceil(log2(n))) for n >= 1; 1 when n = 0."""
    n = int(n)
    if n == 0:
        return 1
    return at_least_1(int(m) * max(1, ceil_log2(n)))


EVALUATORS.update({
    "sort": sort,
    "lexsort": lexsort,
    "partition": partition,
    "searchsorted": searchsorted,
})


# ---------------------------------------------------------------------------------------
# linalg solvers, inverses and norms (formulas det, inv, solve, spectral, norm,
# matrix_power, tensor_inverse), from the formulas' meanings in formulas.tsv.

def _batch(shape, core=2):
    return numel(shape[:len(shape) - core])


def det(a_shape, symmetric=False):
    """LU of each n x n matrix, n^3 (Cholesky n^3 // 3 when tagged symmetric), per matrix."""
    n = a_shape[-1]
    return at_least_1(_batch(a_shape) * (n ** 3 // 3 if symmetric else n ** 3))


def inv(a_shape, symmetric=False):
    """n^3 per matrix; tagged symmetric n^3 // 3 + n^3 // 2."""
    n = a_shape[-1]
    return at_least_1(_batch(a_shape) * (n ** 3 // 3 + n ** 3 // 2 if symmetric else n ** 3))


def solve(a_shape, b_shape, symmetric=False):
    """LU 2n^3 // 3 plus n^2 per right-hand side (Cholesky n^3 // 3 plus n per one when tagged
    symmetric), per system of the broadcast batch; b is a vector stack when b.ndim == a.ndim - 1."""
    n = a_shape[-1]
    vector = len(b_shape) == len(a_shape) - 1
    nrhs = 1 if vector else b_shape[-1]
    batch = broadcast_shape(tuple(a_shape[:-2]), tuple(b_shape[:len(b_shape) - (1 if vector else 2)]))
    per = n ** 3 // 3 + n * nrhs if symmetric else 2 * n ** 3 // 3 + n * n * nrhs
    return at_least_1(numel(batch) * per)


def lstsq(a_shape, b_shape):
    """spectral's m*n*min(m,n), plus 2*m*n for each column of b after the first."""
    m, n = a_shape
    k = 1 if len(b_shape) == 1 else b_shape[1]
    return at_least_1(m * n * min(m, n) + 2 * m * n * max(k - 1, 0))


def spectral(shape):
    """The SVD count m*n*min(m,n) of each matrix of a stack."""
    m, n = shape[-2], shape[-1]
    return at_least_1(_batch(shape) * m * n * min(m, n))


def norm(in_shape, what, rows=None, cols=None):
    """`what`: 'count' (numel: ord 0, +-1, +-inf), 'square' (2*numel: 2-norms, Frobenius,
    general p) or 'svd' (m*n*min(m,n) per matrix, rows x cols, for +-2 and nuc)."""
    if what == "svd":
        return at_least_1(numel(in_shape) // (rows * cols) * rows * cols * min(rows, cols)) if rows * cols else 1
    return at_least_1(numel(in_shape) * (2 if what == "square" else 1))


def matrix_power(shape, k):
    """(floor(log2|k|) + popcount(|k|) - 1) matrix products of 2n^3 each, plus n^3 for the
    inverse when k < 0, per matrix."""
    n, m = shape[-1], abs(k)
    products = (m.bit_length() - 1 + bin(m).count("1") - 1) if m > 0 else 0
    return at_least_1(_batch(shape) * (products * 2 * n ** 3 + (n ** 3 if k < 0 else 0)))


def tensor_inverse(n):
    """The LU count n^3 of the n x n matrix tensorinv/tensorsolve reshape to."""
    return at_least_1(n ** 3)


EVALUATORS.update({
    "det": det,
    "inv": inv,
    "solve": solve,
    "spectral": spectral,
    "lstsq": lstsq,
    "norm": norm,
    "matrix_power": matrix_power,
    "tensor_inverse": tensor_inverse,
})


# ---------------------------------------------------------------------------------------
# The set family (formulas unique and set_op): one sort of the elements, n*ceil(log2(n)).

def _n_log_n(n):
    return at_least_1(int(n) * ceil_log2(int(n)))


def unique(shape, axis=None):
    """unique*: n = numel; along an axis the sub-arrays are what is sorted, and when they
    are empty there are still shape[axis] of them: n = max(numel, shape[axis])."""
    n = numel(shape)
    if axis is not None:
        n = max(n, int(shape[axis]))
    return _n_log_n(n)


def set_op(shape1, shape2):
    """in1d, isin, intersect1d, union1d, setdiff1d, setxor1d: both operands sorted together,
    (n+m)*ceil(log2(n+m)) with n, m their numels."""
    return _n_log_n(numel(shape1) + numel(shape2))


EVALUATORS.update({
    "unique": unique,
    "set_op": set_op,
})


# ---------------------------------------------------------------------------------------
# statistics, comparisons and counted creation (formulas clip, cov, corrcoef, comparison,
# samples, vander), from the formulas' meanings in formulas.tsv.

def clip(out_shape):
    """One FLOP per element of the broadcast output of a, a_min and a_max."""
    return at_least_1(numel(out_shape))


def cov(n, m, weighted=False):
    """n^2*m (the product) + 2*n*m (mean, centring) + n^2 (scaling); weights add 2*n*m + 2*m."""
    c = n * n * m + 2 * n * m + n * n
    if weighted:
        c += 2 * n * m + 2 * m
    return at_least_1(c)


def corrcoef(n, m):
    """The unweighted cov plus 3*n^2 + n (square roots, two divisions and a clip)."""
    return at_least_1(cov(n, m) + 3 * n * n + n)


def comparison(numel_a, numel_compared):
    """The larger of a's size and the number of elements compared (the broadcast)."""
    return at_least_1(max(numel_a, numel_compared))


def samples(num):
    return at_least_1(num)


def vander(length, columns):
    return at_least_1(length * (columns - 1 if columns > 1 else columns))


EVALUATORS.update({
    "clip": clip,
    "cov": cov,
    "corrcoef": corrcoef,
    "comparison": comparison,
    "samples": samples,
    "vander": vander,
})


# ---------------------------------------------------------------------------------------
# polynomial and window functions (formulas poly, polyadd, polyder, polyint, polymul,
# polyfit, polyval, roots, window, window3), from the formulas' meanings in formulas.tsv.

def poly(n, matrix=False):
    """n zeros: one multiply-add per coefficient per factor, n^2; an n x n matrix adds eig's 10n^3."""
    return at_least_1(n * n + (10 * n ** 3 if matrix else 0))


def polyadd(n1, n2):
    """One addition per coefficient of the longer operand."""
    return at_least_1(max(n1, n2))


def polyder(n, m=1):
    """One multiplication per coefficient for each order (order 0: NumPy's one pass)."""
    return at_least_1(n * max(m, 1))


def polyint(n, m=1):
    """Order j (0-based) divides its n + j coefficients."""
    return at_least_1(sum(n + j for j in range(m)))


def polymul(n1, n2):
    """One multiply-add per pair of coefficients (polydiv alike)."""
    return at_least_1(n1 * n2)


def polyfit(m, n, k=1, cov=False):
    """m points, n coefficients, k columns of y: 2mn^2 for one column and 2mn per further
    column; cov adds lhs^T lhs (2mn^2), its inverse (n^3) and k scaled n x n matrices."""
    c = 2 * m * n * (n + max(k, 1) - 1)
    if cov:
        c += 2 * m * n * n + n ** 3 + n * n * k
    return at_least_1(c)


def polyval(m, coefficients):
    """Horner: a multiply and an add per step per point, the degree counted as at least 1."""
    return at_least_1(2 * m * max(coefficients - 1, 1))


def roots(coefficients):
    """eig's 10n^3 on the companion matrix of order len(p) - 1."""
    n = max(coefficients - 1, 0)
    return at_least_1(10 * n ** 3)


def window(n):
    return at_least_1(n)


def window3(n):
    return at_least_1(3 * n)


EVALUATORS.update({
    "poly": poly,
    "polyadd": polyadd,
    "polyder": polyder,
    "polyint": polyint,
    "polymul": polymul,
    "polyfit": polyfit,
    "polyval": polyval,
    "roots": roots,
    "window": window,
    "window3": window3,
})


# ---------------------------------------------------------------------------------------
# calculus and convolution (formulas diff, numel_pass, gradient, trapezoid, interp,
# convolve), from the formulas' meanings in formulas.tsv.

def diff(in_shape, n, axis, added=0):
    """Every pass of diff of order n reads its input: pass k reads lines*(length-k) elements,
    the axis `added` longer (prepend/append); n = 0 costs 1."""
    if n == 0:
        return 1
    length = in_shape[axis] + added
    lines = numel(in_shape) // in_shape[axis] if in_shape[axis] else numel(in_shape[:axis] + in_shape[axis + 1:])
    return at_least_1(lines * sum(length - k for k in range(min(n, length))))


def numel_pass(in_shape):
    """One FLOP per input element."""
    return at_least_1(numel(in_shape))


def gradient(in_shape, axes):
    """numel(input) for each of `axes` axes differentiated."""
    return at_least_1(numel(in_shape) * axes)


def trapezoid(y_shape, x_shape=None, axis=-1):
    """numel(y), or the largest of numel(y), numel(x) and the products d*(y[1:]+y[:-1])
    (x's differences broadcast against y's pair sums, as NumPy's trapz)."""
    if x_shape is None:
        return at_least_1(numel(y_shape))
    ys = list(y_shape)
    ya = axis % len(ys)
    ys[ya] = max(ys[ya] - 1, 0)
    if len(x_shape) == 1:
        d = [1] * len(y_shape)
        d[ya] = max(x_shape[0] - 1, 0)
    else:
        d = list(x_shape)
        d[axis % len(d)] = max(d[axis % len(d)] - 1, 0)
    terms = broadcast_shape(tuple(d), tuple(ys))
    return at_least_1(max(numel(y_shape), numel(x_shape), numel(terms)))


def interp(n, m, periodic=False):
    """A binary search into m points per query, at least one FLOP each, plus the sort of
    xp (m*ceil(log2 m)) when periodic."""
    return at_least_1(n * max(1, ceil_log2(m)) + (m * ceil_log2(m) if periodic else 0))


def convolve(n, m):
    """n*m for lengths n and m, whatever the mode."""
    return at_least_1(n * m)


EVALUATORS.update({
    "diff": diff,
    "numel_pass": numel_pass,
    "gradient": gradient,
    "trapezoid": trapezoid,
    "interp": interp,
    "convolve": convolve,
})


# ---------------------------------------------------------------------------------------
# histograms (formulas histogram, histogram_bin_edges, histogramdd, bincount, digitize),
# from the formulas' meanings in formulas.tsv and docs/histograms.md.

def _steps(b):
    return max(1, ceil_log2(b))


def rule_work(n, rule):
    """A string bins rule's own work on n = numel(a) values (docs/histograms.md)."""
    if n == 0:
        return 0
    if rule in ("sqrt", "sturges", "rice", "fd"):
        return n
    if rule == "scott":
        return 2 * n + 1
    if rule == "auto":
        return 2 * n
    if rule == "doane":
        return 8 * n + 3
    assert rule == "stone", rule
    k_max = max(100, math.isqrt(n))
    return n + sum(max(n * _steps(k), k) + 2 * k for k in range(1, k_max + 1))


def histogram(n, bins, rule=None):
    """n values among `bins` bins: max(n*max(1, ceil(log2(bins))), bins), plus a rule's work."""
    return at_least_1(max(n * _steps(bins), bins)) + (rule_work(n, rule) if rule else 0)


def histogram_bin_edges(n, bins, rule=None):
    return at_least_1(max(n, bins + 1) + (rule_work(n, rule) if rule else 0))


def histogramdd(n, bins):
    """n samples of D = len(bins) coordinates: max(n*max(D, sum(ceil(log2(b_i)))), prod(b_i), sum(b_i + 1))."""
    steps = sum(ceil_log2(b) for b in bins)
    return at_least_1(max(n * max(len(bins), steps), math.prod(bins), sum(b + 1 for b in bins)))


def bincount(n, length):
    return at_least_1(max(n, length))


def digitize(n, bins):
    return at_least_1(max(n * _steps(bins), bins))


EVALUATORS.update({
    "histogram": histogram,
    "histogram_bin_edges": histogram_bin_edges,
    "histogramdd": histogramdd,
    "bincount": bincount,
    "digitize": digitize,
})


for _fid in EVALUATORS:
    assert _fid in FORMULAS, f"formula id {_fid!r} is not in formulas.tsv"


def charge(name, *args, **kwargs):
    """What the op `name` charges, by its registry formula, for these shapes/arguments."""
    fid = formula_of(name)
    if fid not in EVALUATORS:
        raise KeyError(f"{name!r} is priced by formula {fid!r}, which has no evaluator here "
                       f"({FORMULAS[fid]['meaning']})")
    return EVALUATORS[fid](*args, **kwargs)


def is_error(expected):
    return isinstance(expected, dict) and "error" in expected


def arg_shape(arg):
    """Shape of an encoded argument: an encoded array, or a C++ scalar {"scalar": ...} (shape ())."""
    if isinstance(arg, dict) and "shape" in arg:
        return tuple(arg["shape"])
    if isinstance(arg, dict) and "scalar" in arg:
        return ()
    raise TypeError(f"not an encoded operand: {str(arg)[:80]}")


def result_shapes(expected):
    """Shapes of the encoded result(s) of a case."""
    outs = expected if isinstance(expected, list) else [expected]
    return [tuple(o["shape"]) for o in outs]


def _self_test():
    """The worked numbers of docs/cost-model.md, docs/einsum.md and docs/symmetry.md."""
    assert charge("linalg.svd", (256, 256)) == 16777216 and charge("linalg.svd", (100, 50), 5) == 25000
    assert charge("linalg.cholesky", (256, 256)) == 5592405 and charge("linalg.eigh", (256, 256)) == 22369621
    assert charge("linalg.qr", (256, 256)) == 22369622 and charge("linalg.eig", (0, 0)) == 1
    assert charge("maximum", (256,)) == 256 and charge("sqrt", ()) == 1 and charge("exp", (0, 3)) == 1
    assert charge("exp", (10, 10), [[0, 1]]) == 55 and charge("add", (10, 10), []) == 100
    assert charge("sum", (10, 10), [[0, 1]]) == 55 and charge("sum", (4, 4, 4), [[0, 1, 2]]) == 20
    assert charge("mean", (10, 10), (10,), [[0, 1]], []) == 65
    assert charge("var", (10, 10), (), [[0, 1]], []) == 111 and charge("std", (10, 10), (10,), [[0, 1]]) == 120
    assert charge("mean", (4, 4, 4), (4, 4), [[0, 1, 2]], reduced_groups(3, [[0, 1, 2]], [-1], False)) == 30
    assert binary_output_groups((10, 10), [[0, 1]], (10,), []) == []
    assert unique_elements((2, 10, 10), binary_output_groups((10, 10), [[0, 1]], (2, 1, 1), [])) == 110
    assert unique_elements((3, 4, 4), binary_output_groups((3, 4, 4), [[1, 2]], (4, 4), [[0, 1]])) == 30
    assert unique_elements((4, 4, 4), binary_output_groups((4, 4, 4), [[0, 1, 2]], (4, 4, 4), [[0, 1]])) == 40
    assert unique_elements((4, 4, 3, 3), [[0, 1], [2, 3]]) == 60 and unique_elements((3, 3, 7), [[0, 1]]) == 42
    opt = lambda s, shapes, objects=None, groups=None: einsum_charges(s, shapes, objects, groups)["flops_optimal"]
    assert opt("ij,j->i", [(256, 256), (256,)]) == 131072 and opt("ij,jk->ik", [(256, 256)] * 2) == 33554432
    assert opt("i,j->ij", [(7,), (11,)]) == 77 and opt("ii->", [(5, 5)]) == 10 and opt("ii->i", [(5, 5)]) == 5
    assert opt("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]) == 240 and opt("ij->i", [(3, 4)]) == 24
    assert opt("ij,jk,kl->il", [(100, 2), (2, 100), (100, 2)]) == 1600
    assert einsum_charges("ij,jk,kl->il", [(100, 2), (2, 100), (100, 2)], path=[[0, 1], [0, 1]])["flops"] == 80000
    assert einsum_charges("ij,jk,kl->il", [(100, 2), (2, 100), (100, 2)], path=[[0, 1, 2]])["flops"] == 120000
    assert opt("a,d,d,d->", [(6,)] * 4) == 30
    assert opt("ai,bi->ab", [(10, 256)] * 2, [0, 0]) == 28160 and opt("ai,bi->ab", [(10, 256)] * 2) == 51200
    assert opt("ai,bi,ab->", [(10, 256), (10, 256), (10, 10)], [0, 0, 2]) == 28360
    assert opt("ai,bi,ab->", [(10, 256), (10, 256), (10, 10)]) == 51400
    assert opt("ij->ij", [(10, 10)], None, [[[0, 1]]]) == 55
    assert opt("ij,kl->ijkl", [(10, 10)] * 2, [0, 0], [[[0, 1]], [[0, 1]]]) == 3025
    assert opt("ij,jk->ik", [(10, 10)] * 2, [0, 1], [[[0, 1]], []]) == 2000
    assert charge("matmul", (256, 256), (256, 256)) == 33554432 and charge("random.randn", (256, 256)) == 65536
    assert charge("random.permutation", 1000) == 10000 and charge("random.choice", 10, (3,), False) == 40
    assert charge("fft.fft", 1024) == 51200 and charge("fft.rfft", 1024) == 25600 and charge("fft.ifft", 1) == 1
    assert charge("fft.fftn", (64, 64)) == 245760 and charge("fft.rfftn", (64, 64)) == 122880
    assert charge("fft.fft2", (1024, 1024)) == 104857600 and charge("fft.irfft", 7) == 45
    assert charge("fft.fft", 1024, 8) == 8 * 51200 and charge("fft.rfftn", (64, 64), 0) == 1
    assert charge("unique", (1000,)) == 10000 and charge("unique", (5, 0), 0) == 15 and charge("unique_all", ()) == 1
    assert charge("in1d", (600,), (400,)) == 10000 and charge("setxor1d", (0,), (0,)) == 1
    assert charge("diff", (10,), 3, 0) == 27 and charge("diff", (4, 5), 1, 1, 2) == 28 and charge("gradient", (4, 5), 2) == 40
    assert charge("interp", 1000, 1024) == 10000 and charge("interp", 1000, 1) == 1000 and charge("convolve", 100000, 1000) == 10**8
    assert charge("trapz", (10,), (1000, 10)) == 10000 and charge("trapezoid", (3, 10), (10,)) == 30
    print("costs.py: the documented numbers hold")


if __name__ == "__main__":
    _self_test()
