"""me::random::SeedSequence and me::random::PCG64 against NumPy's, word for word.

A seed is {"entropy": {"int": n} | {"seq": [ints]} | {"words": [uint32 words of a big int]},
"kwargs": {spawn_key, pool_size, n_children_spawned}, "spawn": [[n, k], ...]}: the
SeedSequence(entropy, **kwargs), then for each [n, k] its k-th of n spawned children.
Integers go to the C++ side as uint32 words in int64 arrays (a 64-bit word as low, high;
a 128-bit one low to high), so that every bit is compared exactly; doubles compare
exactly too (rtol = atol = 0). NumPy's 32-bit draws are read through its ctypes
interface (bit_generator.ctypes.next_uint32), the very function Generator calls.
Bit generation is free: every case charges 0 FLOPs.
"""
import numpy as np
from numpy.random import PCG64, Generator, SeedSequence
from numpy.random.bit_generator import _coerce_to_uint32_array

from common import enc, error

MASK32 = 2**32 - 1
JUMP = 0x9E3779B97F4A7C15F39CC0605CEDC835


def words(values):
    return enc(np.array([int(v) for v in values], dtype=np.int64))


def split(value, n32):
    """A non-negative int as n32 uint32 words, least significant first."""
    return [(int(value) >> (32 * i)) & MASK32 for i in range(n32)]


def u128(value):
    """A 128-bit int (taken modulo 2**128) as [high 64, low 64] for the JSON."""
    value %= 2**128
    return [value >> 64, value & (2**64 - 1)]


def state_words(bg):
    s = bg.state
    return split(s["state"]["state"], 4) + split(s["state"]["inc"], 4) + [int(s["has_uint32"]), int(s["uinteger"])]


def entropy_of(spec):
    if "int" in spec:
        return spec["int"]
    if "words" in spec:
        return sum(w << (32 * i) for i, w in enumerate(spec["words"]))
    return list(spec["seq"])


def seed_sequence(seed):
    ss = SeedSequence(entropy_of(seed["entropy"]), **seed.get("kwargs", {}))
    for n, k in seed.get("spawn", []):
        ss = ss.spawn(n)[k]
    return ss


def S(entropy, spawn=(), **kwargs):
    if isinstance(entropy, dict):
        e = entropy
    elif isinstance(entropy, int):
        e = {"int": entropy} if entropy < 2**64 else {"words": split(entropy, (entropy.bit_length() + 31) // 32)}
    else:
        e = {"seq": list(entropy)}
    return {"entropy": e, "kwargs": kwargs, "spawn": [list(p) for p in spawn]}


def answer(fn):
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - NumPy's rejection is the case
        return error(type(e))


ENTROPIES = [0, 1, 42, 12345, 2**32 - 1, 2**32, 2**63, 2**64 - 1, 2**100, 2**128 + 5, 3**90,
             [1, 2, 3], [2**40, 7], [0], [], [0, 0, 0, 0, 0], list(range(11)), [2**64 - 1, 0, 2**33]]


def ss_state_cases():
    out = []
    seeds = [S(e) for e in ENTROPIES]
    seeds += [S(42, spawn_key=(3,)), S(7, spawn_key=(1, 2**40)), S([1, 2, 3, 4, 5], spawn_key=(0,)),
              S(42, pool_size=5), S(2**64 - 1, pool_size=8), S([9] * 9, pool_size=6, spawn_key=(4,)),
              S(42, n_children_spawned=3), S(123, spawn=[(3, 2)]), S(2**70, spawn=[(2, 1), (5, 4)])]
    for seed in seeds:
        for n, dtype in [(0, "uint32"), (1, "uint32"), (4, "uint32"), (8, "uint32"), (11, "uint32"),
                         (1, "uint64"), (4, "uint64"), (5, "uint64")]:
            def run(seed=seed, n=n, dtype=dtype):
                ss = seed_sequence(seed)
                state = ss.generate_state(n, np.dtype(dtype))
                flat = [w for v in state for w in split(v, 2 if dtype == "uint64" else 1)]
                return [words(flat), words(ss.pool), words(_coerce_to_uint32_array(ss.entropy))]
            out.append(dict(op="ss_state", args=[seed, n, dtype], expected=answer(run)))
    for bad in [S(-1), S([1, -2]), S(-(2**40)), S(42, pool_size=3), S(42, pool_size=0)]:
        def run(bad=bad):
            ss = seed_sequence(bad)
            return [words(ss.generate_state(4))]
        out.append(dict(op="ss_state", args=[bad, 4, "uint32"], expected=answer(run)))
    return out


def ss_spawn_cases():
    out = []
    for seed, calls in [(S(42), [3]), (S(0), [2, 3]), (S(2**64 - 1), [1, 1, 2]), (S([1, 2, 3]), [4]),
                        (S(5, spawn_key=(7,)), [2]), (S(5, n_children_spawned=10), [3]),
                        (S(2**100, pool_size=6), [2]), (S(99, spawn=[(4, 3)]), [2, 2])]:
        def run(seed=seed, calls=calls):
            ss = seed_sequence(seed)
            res = []
            for n in calls:
                for child in ss.spawn(n):
                    res.append(words(child.spawn_key))
                    res.append(words(child.generate_state(6)))
                    res.append(words([child.n_children_spawned, child.pool_size]))
                    grand = child.spawn(2)[1]
                    res.append(words(grand.spawn_key))
                    res.append(words(grand.generate_state(4)))
            res.append(words([ss.n_children_spawned]))
            res.append(words(ss.generate_state(4)))
            return res
        out.append(dict(op="ss_spawn", args=[seed, calls], expected=answer(run)))
    return out


def pcg_run(bg, program):
    """Runs a program of steps on NumPy's PCG64; integer outputs as words, then doubles."""
    c = bg.ctypes
    ints, dbls = [], []
    for step, arg in program:
        if step == "u64":
            for _ in range(arg):
                ints += split(c.next_uint64(c.state), 2)
        elif step == "raw":
            ints += [w for v in bg.random_raw(arg) for w in split(v, 2)]
        elif step == "u32":
            ints += [c.next_uint32(c.state) for _ in range(arg)]
        elif step == "dbl":
            dbls += [c.next_double(c.state) for _ in range(arg)]
        elif step == "advance":
            bg.advance(arg[0] * 2**64 + arg[1])
        elif step == "state":
            ints += state_words(bg)
        elif step == "set_state":
            st, inc, has, u = arg
            bg.state = {"bit_generator": "PCG64", "state": {"state": st[0] * 2**64 + st[1], "inc": inc[0] * 2**64 + inc[1]},
                        "has_uint32": has, "uinteger": u}
        else:
            raise AssertionError(step)
    return [words(ints), enc(np.array(dbls, dtype=np.float64))]


def pcg_stream_cases():
    out = []
    seeds = [S(0), S(1), S(42), S(12345), S(2**32), S(2**64 - 1), S(2**100), S([1, 2, 3]), S([2**40, 7]),
             S(42, spawn=[(2, 1)]), S(2024, spawn=[(3, 0), (2, 1)]), S(7, pool_size=8)]
    mixed = [("state", 0), ("u32", 1), ("state", 0), ("u64", 1), ("state", 0), ("u32", 1), ("state", 0),
             ("u32", 3), ("dbl", 2), ("u32", 1), ("u64", 2), ("state", 0), ("dbl", 3), ("u32", 5), ("state", 0)]
    advances = [("u32", 1), ("advance", u128(0)), ("state", 0), ("u32", 2), ("advance", u128(1)), ("state", 0),
                ("u64", 1), ("u32", 1), ("advance", u128(1000)), ("state", 0), ("u64", 2),
                ("advance", u128(2**64)), ("state", 0), ("advance", u128(2**128 - 1)), ("state", 0), ("u64", 2),
                ("advance", u128(3 * JUMP)), ("state", 0), ("advance", u128(12345678901234567890123456789)),
                ("state", 0), ("u32", 3), ("state", 0)]
    set_state = [("u64", 3), ("set_state", [u128(2**127 + 12345), u128(2 * 987654321 + 1), 1, 0xDEADBEEF]),
                 ("state", 0), ("u32", 3), ("u64", 2), ("state", 0),
                 ("set_state", [u128(0), u128(1), 0, 77]), ("u32", 2), ("state", 0), ("dbl", 2)]
    for seed in seeds:
        for program in [[("u64", 1000), ("state", 0)], [("raw", 20), ("state", 0)], mixed, advances, set_state,
                        [("dbl", 200), ("state", 0)]]:
            def run(seed=seed, program=program):
                return pcg_run(PCG64(seed_sequence(seed)), program)
            out.append(dict(op="pcg_stream", args=[seed, [list(p) for p in program]], expected=answer(run),
                            rtol=0.0, atol=0.0))
    for seed in [S(-5), S([3, -1])]:
        out.append(dict(op="pcg_stream", args=[seed, [["u64", 1]]],
                        expected=answer(lambda seed=seed: pcg_run(PCG64(entropy_of(seed["entropy"])), [("u64", 1)]))))
    return out


def pcg_seeded_by_int_cases():
    # PCG64(int) itself (not through an explicit SeedSequence), as C++'s PCG64(seed).
    out = []
    for seed in [0, 1, 42, 2**32 - 1, 2**63 + 11, 2**64 - 1]:
        def run(seed=seed):
            return pcg_run(PCG64(seed), [("u64", 50), ("u32", 7), ("state", 0)])
        out.append(dict(op="pcg_int_seed", args=[seed], expected=answer(run), rtol=0.0, atol=0.0))
    return out


def pcg_jumped_cases():
    out = []
    for seed in [S(0), S(42), S([1, 2, 3]), S(2**64 - 1)]:
        for pre in [[], [("u32", 1)], [("u64", 5), ("u32", 3)]]:
            for jumps in [1, 2, 5, 1000, 2**64 + 3, 2**130 + 7]:
                def run(seed=seed, pre=pre, jumps=jumps):
                    bg = PCG64(seed_sequence(seed))
                    pcg_run(bg, pre)
                    j = bg.jumped(jumps)
                    res = [words(state_words(j)), words(state_words(bg))]
                    res.append(pcg_run(j, [("u64", 4), ("u32", 3), ("state", 0)])[0])
                    res.append(pcg_run(bg, [("u64", 2)])[0])
                    return res
                out.append(dict(op="pcg_jumped", args=[seed, [list(p) for p in pre], u128(jumps)],
                                expected=answer(run)))
    return out


def pcg_generator_cases():
    # What Generator makes of the bits: random() is next_double, integers(0, 2**32,
    # dtype=uint32) is next_uint32 unchanged, integers(0, 2**64, dtype=uint64) next_uint64.
    out = []
    for seed in [S(0), S(42), S(2**64 - 1), S([5, 6])]:
        def run(seed=seed):
            g = Generator(PCG64(seed_sequence(seed)))
            d = g.random(100)
            u32 = g.integers(0, 2**32, size=41, dtype=np.uint32)
            u64 = g.integers(0, 2**64, size=10, dtype=np.uint64)
            d2 = g.random(5)
            return [enc(d), words(u32), words([w for v in u64 for w in split(v, 2)]), enc(d2),
                    words(state_words(g.bit_generator))]
        out.append(dict(op="pcg_generator", args=[seed], expected=answer(run), rtol=0.0, atol=0.0))
    return out


def cases():
    return (ss_state_cases() + ss_spawn_cases() + pcg_stream_cases() + pcg_seeded_by_int_cases() +
            pcg_jumped_cases() + pcg_generator_cases())


def flops(case):
    return 0  # seeding and bit generation are free
