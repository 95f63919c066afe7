#!/usr/bin/python3
"""Drives mechestim-server with exactly the message shapes of the original Python client
(msgpack with use_bin_type=True, decoded with raw=True and the original's normalisation;
{"__handle__"} and {"__slice__"} tags; raw little-endian fetches) and checks values
against NumPy, charges against the cost formulas, and every protocol op, error type and
adversarial input of issue 12.

usage: test_protocol.py SERVER_BINARY   (ctest passes build/server/mechestim-server)
"""
import math
import os
import struct
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import msgpack
import numpy as np
import zmq

SERVER = None


def normalise(obj):
    """The original client's decode: raw=True, then short printable ASCII bytes become str."""
    if isinstance(obj, bytes):
        if len(obj) <= 32 and all(32 <= b < 128 for b in obj):
            return obj.decode("ascii")
        return obj
    if isinstance(obj, dict):
        return {normalise(k): normalise(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [normalise(v) for v in obj]
    return obj


class Server:
    def __init__(self, *extra, env=None, timeout="60"):
        self.dir = tempfile.mkdtemp(prefix="me-server-")
        self.url = f"ipc://{self.dir}/s.sock"
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen([SERVER, "--url", self.url, "--timeout", timeout, *extra],
                                     stderr=subprocess.PIPE, env=full_env)
        self.ctx = zmq.Context()
        self.connect()

    def connect(self):
        self.sock = self.ctx.socket(zmq.REQ)
        self.sock.setsockopt(zmq.RCVTIMEO, 30000)
        self.sock.setsockopt(zmq.SNDTIMEO, 30000)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(self.url)

    def raw(self, payload: bytes):
        self.sock.send(payload)
        r = normalise(msgpack.unpackb(self.sock.recv(), raw=True))
        # Text longer than 32 bytes stays bytes after normalisation; the client decodes it.
        if isinstance(r.get("message"), bytes):
            r["message"] = r["message"].decode()
        result = r.get("result")
        if isinstance(result, dict) and isinstance(result.get("budget_summary"), bytes):
            result["budget_summary"] = result["budget_summary"].decode()
        return r

    def req(self, op, *args, **kwargs):
        return self.raw(msgpack.packb({"op": op, "args": list(args), "kwargs": kwargs}, use_bin_type=True))

    def ok(self, op, *args, **kwargs):
        r = self.req(op, *args, **kwargs)
        assert r["status"] == "ok", (op, r)
        return r

    def upload(self, a):
        a = np.ascontiguousarray(a)
        r = self.ok("create_from_data", a.tobytes(), list(a.shape), str(a.dtype))
        return {"__handle__": r["result"]["id"]}

    def fetch(self, handle):
        r = self.ok("fetch", handle["__handle__"] if isinstance(handle, dict) else handle)
        return np.frombuffer(r["data"], dtype=r["dtype"]).reshape(r["shape"])

    def used(self):
        return self.ok("budget_status")["budget"]["flops_used"]

    def close(self):
        self.sock.close()
        self.proc.terminate()
        self.proc.wait(10)
        self.ctx.term()
        shutil.rmtree(self.dir, ignore_errors=True)


class Protocol(unittest.TestCase):
    def setUp(self):
        self.s = Server()

    def tearDown(self):
        self.assertIsNone(self.s.proc.poll(), "the server died")
        self.s.close()

    # ---- sessions and the envelope ----------------------------------------------------
    def test_no_session(self):
        r = self.s.req("add", 1, 2)
        self.assertEqual(r["status"], "error")
        self.assertEqual(r["error_type"], "NoBudgetContextError")
        self.assertEqual(r["message"], "no active session -- send budget_open first")
        self.assertIn("comms_overhead_ns", r)

    def test_open_status_close(self):
        r = self.s.ok("budget_open", flop_budget=5000, flop_multiplier=2.0)
        self.assertEqual(r["budget"], {"flop_budget": 5000, "flops_used": 0, "flops_remaining": 5000})
        self.assertIsInstance(r["comms_overhead_ns"], int)
        again = self.s.req("budget_open")
        self.assertEqual((again["error_type"], again["message"]),
                         ("RuntimeError", "session already open -- send budget_close first"))
        a = self.s.upload(np.ones((3, 4)))
        self.s.ok("exp", a)
        self.assertEqual(self.s.used(), 24)  # 12 elements x multiplier 2
        r = self.s.ok("budget_close")
        self.assertIn("budget_summary", r["result"])
        self.assertIn("exp", r["result"]["budget_summary"])
        comms = r["result"]["comms_summary"]
        self.assertGreaterEqual(comms["request_count"], 4)
        self.assertEqual(r["budget"]["flops_used"], 24)
        # Handles of a closed session are gone, and a new one does not reuse names.
        self.s.ok("budget_open")
        gone = self.s.req("exp", a)
        self.assertEqual(gone["error_type"], "KeyError")
        self.assertEqual(gone["message"], f"Array handle '{a['__handle__']}' not found in store")
        b = self.s.upload(np.ones(2))
        self.assertNotEqual(b, a)

    def test_default_budget(self):
        self.assertEqual(self.s.ok("budget_open")["budget"]["flop_budget"], 1_000_000)

    def test_bad_budgets(self):
        for bad in [float("nan"), float("inf"), -1.0, 0]:
            r = self.s.req("budget_open", flop_budget=bad)
            self.assertEqual(r["error_type"], "ValueError", bad)
        self.assertEqual(self.s.req("budget_open", flop_budget="many")["error_type"], "TypeError")
        self.assertEqual(self.s.req("budget_open", flop_budget=10, flop_multiplier=float("nan"))["error_type"], "ValueError")
        self.s.ok("budget_open", flop_budget=10)

    def test_budget_exhausted_charges_nothing(self):
        self.s.ok("budget_open", flop_budget=100)
        a = self.s.upload(np.ones((10, 10)))
        self.s.ok("exp", a)
        self.assertEqual(self.s.used(), 100)
        r = self.s.req("exp", a)
        self.assertEqual(r["error_type"], "BudgetExhaustedError")
        self.assertEqual(r["budget"]["flops_used"], 100)
        # Nothing was stored for the failed op: the next handle follows the last.
        before = self.s.ok("budget_status")
        self.assertEqual(before["budget"]["flops_remaining"], 0)

    # ---- data in and out --------------------------------------------------------------
    def test_create_and_fetch_every_dtype(self):
        self.s.ok("budget_open")
        for a in [np.arange(6.0).reshape(2, 3), np.arange(4, dtype=np.float32), np.arange(-3, 3),
                  np.arange(5, dtype=np.int32), np.array([True, False, True]),
                  np.array([1 + 2j, -3j])]:
            h = self.s.upload(a)
            got = self.s.fetch(h)
            self.assertEqual(got.dtype, a.dtype)
            np.testing.assert_array_equal(got, a)
        # Narrow integers are held widened (docs/client-server.md).
        h = self.s.upload(np.array([1, 2, 250], dtype=np.uint8))
        np.testing.assert_array_equal(self.s.fetch(h), [1, 2, 250])

    def test_upload_errors(self):
        self.s.ok("budget_open")
        self.assertEqual(self.s.req("create_from_data", b"\0" * 8, [2], "float64")["error_type"], "ValueError")
        self.assertEqual(self.s.req("create_from_data", b"\0" * 8, [-1], "float64")["error_type"], "ValueError")
        self.assertEqual(self.s.req("create_from_data", b"", [2**40, 2**40], "float64")["error_type"], "ValueError")
        # NumPy refuses this shape too, though it holds nothing (its byte count overflows).
        self.assertEqual(self.s.req("create_from_data", b"", [0, 2**62], "float64")["error_type"], "ValueError")
        self.assertEqual(self.s.req("create_from_data", b"", [0, 5], "float64")["status"], "ok")
        self.assertEqual(self.s.req("create_from_data", b"\0" * 8, [1], "float128")["error_type"], "TypeError")
        self.assertEqual(self.s.req("create_from_data", 3, [1], "float64")["error_type"], "TypeError")
        self.assertEqual(self.s.req("create_from_data", b"\0" * 8)["error_type"], "TypeError")
        self.assertEqual(self.s.req("create_from_data", b"\0" * 8, [[1]], "float64")["error_type"], "TypeError")

    def test_fetch_slice_getitem(self):
        self.s.ok("budget_open")
        a = np.arange(24.0).reshape(4, 6)
        h = self.s.upload(a)
        r = self.s.ok("fetch_slice", h["__handle__"], [{"__slice__": [1, 3, None]}, {"__slice__": [None, None, -2]}])
        np.testing.assert_array_equal(np.frombuffer(r["data"]).reshape(r["shape"]), a[1:3, ::-2])
        row = self.s.ok("__getitem__", h, 2)["result"]
        np.testing.assert_array_equal(self.s.fetch(row["id"]), a[2])
        scalar = self.s.ok("__getitem__", h, [1, -1])["result"]
        self.assertEqual(scalar, {"value": a[1, -1], "dtype": "float64"})
        self.assertIsInstance(scalar["value"], float)
        mask = self.s.upload(a > 10)
        np.testing.assert_array_equal(self.s.fetch(self.s.ok("__getitem__", h, mask)["result"]["id"]), a[a > 10])
        self.assertEqual(self.s.req("__getitem__", h, 9)["error_type"], "IndexError")
        self.assertEqual(self.s.req("__getitem__", h, "x")["error_type"], "IndexError")
        self.assertEqual(self.s.used(), 0)  # indexing is free

    def test_free(self):
        self.s.ok("budget_open")
        h = self.s.upload(np.ones(3))
        r = self.s.ok("free", [h["__handle__"], "a999", 7])
        self.assertEqual(r["result"]["freed"], 1)
        self.assertEqual(self.s.req("fetch", h["__handle__"])["error_type"], "KeyError")

    def test_astype(self):
        self.s.ok("budget_open")
        h = self.s.upload(np.array([1.7, -2.2]))
        r = self.s.ok("astype", h, "int32")["result"]
        self.assertEqual(r["dtype"], "int32")
        np.testing.assert_array_equal(self.s.fetch(r["id"]), np.array([1.7, -2.2]).astype(np.int32))

    # ---- every family, values against NumPy and charges against the formulas --------
    def check(self, op, expected, *args, cost=None, **kwargs):
        before = self.s.used()
        r = self.s.ok(op, *args, **kwargs)["result"]
        if "multi" in r:
            got = [self.s.fetch(x["id"]) if "id" in x else x["value"] for x in r["multi"]]
            for g, e in zip(got, expected):
                np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)
        elif "id" in r:
            got = self.s.fetch(r["id"])
            self.assertEqual(got.dtype, np.asarray(expected).dtype, op)
            np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
        else:
            self.assertAlmostEqual(r["value"], expected)
        if cost is not None:
            self.assertEqual(self.s.used() - before, cost, op)
        return r

    def test_families(self):
        self.s.ok("budget_open", flop_budget=10**9)
        rng = np.random.default_rng(7)
        a = rng.standard_normal((4, 5))
        b = rng.standard_normal((4, 5))
        m = rng.standard_normal((5, 5)) + 5 * np.eye(5)
        ha, hb, hm = self.s.upload(a), self.s.upload(b), self.s.upload(m)
        # unary and binary ufuncs, with broadcasting and weak Python scalars
        self.check("exp", np.exp(a), ha, cost=20)
        self.check("sqrt", np.sqrt(np.abs(a)), {"__handle__": self.s.ok("abs", ha)["result"]["id"]}, cost=20)
        self.check("add", a + b, ha, hb, cost=20)
        self.check("multiply", a * 2.5, ha, 2.5, cost=20)
        self.check("maximum", np.maximum(a, b[0]), ha, self.s.upload(b[0]), cost=20)
        self.check("greater", a > 0, ha, 0, cost=20)
        ints = self.s.upload(np.arange(6, dtype=np.int32))
        r = self.check("add", np.arange(6, dtype=np.int32) + 3, ints, 3)
        self.assertEqual(r["dtype"], "int32")  # a Python int does not widen int32 (NumPy 1.24)
        f32 = np.arange(6, dtype=np.float32)
        r = self.check("add", f32 + 2.5, self.s.upload(f32), 2.5, cost=6)
        self.assertEqual(r["dtype"], "float32")  # nor a Python float float32
        r = self.check("add", np.arange(6, dtype=np.int32) + 2.5, ints, 2.5, cost=6)
        self.assertEqual(r["dtype"], "float64")  # but a float does make an int array float64
        # reductions with axis, keepdims, ddof
        self.check("sum", a.sum(), ha, cost=20)  # numel(input), the reference's formula
        self.check("sum", a.sum(axis=1), ha, axis=1, cost=20)
        self.check("mean", a.mean(axis=0, keepdims=True), ha, axis=0, keepdims=True)
        self.check("std", a.std(axis=1, ddof=1), ha, axis=1, ddof=1)
        self.check("argmax", a.argmax(axis=1), ha, axis=1)
        # contractions and linalg
        self.check("matmul", a @ m, ha, hm, cost=2 * 4 * 5 * 5)  # einsum model, op_factor 2
        self.check("dot", a @ m, ha, hm)
        self.check("einsum", np.einsum("ij,kj->ik", a, b), "ij,kj->ik", ha, hb, cost=2 * 4 * 4 * 5)
        # the same handle twice is one array (the original's `is`): the symmetric output
        # is charged for its 10 distinct entries, not 16
        r = self.check("einsum", np.einsum("ij,kj->ik", a, a), "ij,kj->ik", ha, ha, cost=2 * 10 * 5)
        self.assertEqual(r["symmetry_info"]["symmetric_axes"], [[0, 1]])
        self.check("linalg.inv", np.linalg.inv(m), hm)
        self.check("linalg.det", np.linalg.det(m), hm)
        self.check("linalg.solve", np.linalg.solve(m, a.T), hm, self.s.upload(a.T))
        u, sv, vh = np.linalg.svd(m)
        r = self.s.ok("linalg.svd", hm)["result"]
        self.assertEqual(len(r["multi"]), 3)
        np.testing.assert_allclose(self.s.fetch(r["multi"][1]["id"]), sv, rtol=1e-12)
        # fft, sorting, statistics
        f = self.check("fft.fft", np.fft.fft(a), ha)
        self.assertEqual(f["dtype"], "complex128")
        self.check("sort", np.sort(a), ha)
        self.check("cumsum", np.cumsum(a), ha)
        # free ops: creation and shapes
        self.check("zeros", np.zeros((2, 3)), [2, 3], cost=0)
        self.check("arange", np.arange(2, 11, 3), 2, 11, 3, cost=0)
        self.check("linspace", np.linspace(0, 1, 7), 0, 1, 7, cost=0)
        self.check("reshape", a.reshape(5, 4), ha, [5, -1], cost=0)
        self.check("transpose", a.T, ha, cost=0)
        self.check("concatenate", np.concatenate([a, b], 1), [ha, hb], 1, cost=0)
        self.check("stack", np.stack([a, b]), [ha, hb], cost=0)
        self.check("eye", np.eye(3, 4, 1), 3, 4, 1, cost=0)
        # random: the legacy stream equals NumPy's after the same seed
        self.s.ok("random.seed", 42)
        np.random.seed(42)
        self.check("random.randn", np.random.randn(3, 2), 3, 2, cost=6)
        self.check("random.normal", np.random.normal(1.0, 2.0, (4,)), 1.0, 2.0, size=[4], cost=4)
        self.check("random.uniform", np.random.uniform(0, 5, (2, 2)), 0, 5, size=[2, 2], cost=4)

    def test_inline_lists_and_scalars(self):
        self.s.ok("budget_open")
        self.check("add", np.add([1, 2, 3], [[1], [2]]), [1, 2, 3], [[1], [2]], cost=6)
        r = self.s.ok("multiply", 3, 4.5)["result"]
        self.assertEqual(r, {"value": 13.5, "dtype": "float64"})

    def test_multi_results(self):
        self.s.ok("budget_open")
        h = self.s.upload(np.array([1.5, -2.25]))
        r = self.s.ok("modf", h)["result"]
        self.assertEqual(len(r["multi"]), 2)
        np.testing.assert_array_equal(self.s.fetch(r["multi"][0]["id"]), np.modf([1.5, -2.25])[0])

    # ---- refusals ---------------------------------------------------------------------
    def test_blocked_and_unknown(self):
        self.s.ok("budget_open")
        h = self.s.upload(np.ones(3))
        r = self.s.req("savetxt", "f", h)
        self.assertEqual(r["error_type"], "AttributeError")
        self.assertIn("blacklisted", r["message"])
        r = self.s.req("system", "ls")
        self.assertEqual((r["error_type"], r["message"]), ("InvalidRequestError", "unknown op: 'system'"))
        r = self.s.req("__class__")
        self.assertEqual(r["error_type"], "InvalidRequestError")

    def test_adversarial_messages(self):
        s = self.s
        s.ok("budget_open", flop_budget=1000)
        h = s.upload(np.ones(4))
        cases = [
            b"\xc1",                                      # never-used msgpack byte
            b"\x81",                                      # a map with its entry missing
            b"\xdd\xff\xff\xff\xff",                      # an array claiming 4 billion entries
            b"\xc6\xff\xff\xff\xff",                      # bin of 4 GiB
            b"\x91" * 200 + b"\xc0",                      # nesting 200 deep
            msgpack.packb({"op": "exp", "args": [h]}) + b"\x00",  # trailing bytes
            msgpack.packb([1, 2, 3]),                     # not a map
            msgpack.packb({"args": []}),                  # no op
            msgpack.packb({"op": ["exp"], "args": [h]}),  # op as a list
            msgpack.packb({"op": 7}),
            msgpack.packb({"op": b"\xff\xfe", "args": []}, use_bin_type=True),  # op not UTF-8
            msgpack.packb({"op": "\udcff".encode("utf-8", "surrogatepass")}, use_bin_type=True),
            msgpack.packb({"op": "exp", "args": 5}),      # args not a list
            msgpack.packb({"op": "exp", "args": [], "kwargs": [1]}),
            msgpack.packb({"op": "exp", "args": [{"__handle__": None}]}),
            msgpack.packb({"op": "exp", "args": [{"__handle__": 12}]}),
            msgpack.packb({"op": "exp", "args": [{"__handle__": "a99999999999999999999999"}]}),
            msgpack.packb({"op": "exp", "args": ["a18446744073709551616"]}),
            msgpack.packb({"op": "exp", "args": [{"__handle__": "../../etc/passwd"}]}),
            msgpack.packb({"op": "exp", "args": [[1, [2, 3]]]}),  # ragged list
            msgpack.packb({"op": "exp", "args": []}),
            msgpack.packb({"op": "exp", "args": [h, h, h, h]}),
            msgpack.packb({"op": "sum", "args": [h], "kwargs": {"axis": 2**63}}),
            msgpack.packb({"op": "sum", "args": [h], "kwargs": {"axis": "x"}}),
            msgpack.packb({"op": "zeros", "args": [[2**62, 2**62]]}),
            msgpack.packb({"op": "zeros", "args": [[-1]]}),
            msgpack.packb({"op": "ones", "args": [[2**31] * 3]}),
            msgpack.packb({"op": "random.randn", "args": [2**40, 2**40]}),
            msgpack.packb({"op": "eye", "args": [2**40]}),
            msgpack.packb({"op": "arange", "args": [0, 1e300, 1e-300]}),
            msgpack.packb({"op": "reshape", "args": [h, [-1, -1]]}),
            msgpack.packb({"op": "einsum", "args": ["ii", h]}),
            msgpack.packb({"op": "fetch", "args": [None]}),
            msgpack.packb({"op": "fetch_slice", "args": [h["__handle__"], [{"__slice__": [0, 1, 0]}]]}),
            msgpack.packb({"op": "fetch_slice", "args": [h["__handle__"], [{"__slice__": 5}]]}),
            msgpack.packb({"op": "free", "args": [[{"__handle__": None}]]}),
            msgpack.packb({"op": "astype", "args": [h, "object"]}),
        ]
        for payload in cases:
            r = s.raw(payload)
            self.assertEqual(r["status"], "error", (payload[:40], r))
            self.assertIsInstance(r["error_type"], str)
            self.assertNotIn("internal server error", r["message"], payload[:40])
        self.assertEqual(s.used(), 0, "a refused request charged")
        self.assertLessEqual(s.ok("budget_status")["budget"]["flops_used"], 1000)
        np.testing.assert_array_equal(s.fetch(h), np.ones(4))

    def test_size_limit(self):
        self.s.close()
        self.s = Server(env={"MECHESTIM_MAX_ARRAY_BYTES": "4096"})
        self.s.ok("budget_open", flop_budget=10**6)
        r = self.s.req("create_from_data", b"\0" * 8192, [1024], "float64")
        self.assertEqual(r["error_type"], "ValueError")
        self.assertIn("array too large", r["message"])
        h = self.s.upload(np.ones(512))
        r = self.s.req("outer", h, h)
        self.assertEqual(r["error_type"], "ValueError")
        self.assertIn("result array too large", r["message"])
        r = self.s.req("zeros", [1024])
        self.assertIn("result array too large", r["message"])

    def test_store_limit(self):
        self.s.close()
        self.s = Server(env={"MECHESTIM_MAX_STORE_BYTES": "65536"})
        self.s.ok("budget_open", flop_budget=10**6)
        held = [self.s.upload(np.ones(1024)) for _ in range(8)]  # 8 x 8 KiB = the limit
        r = self.s.req("create_from_data", np.ones(1024).tobytes(), [1024], "float64")
        self.assertEqual(r["error_type"], "MemoryError")
        self.assertIn("session store full", r["message"])
        self.s.ok("free", [h["__handle__"] for h in held[:1]])
        self.s.upload(np.ones(1024))  # room again once a handle is freed
        bad = subprocess.run([SERVER, "--url", f"ipc://{self.s.dir}/bad.sock"], capture_output=True, timeout=10,
                             env=dict(os.environ, MECHESTIM_MAX_STORE_BYTES="-1"))
        self.assertEqual(bad.returncode, 2)  # a bad value stops the server at once, with the reason
        self.assertIn(b"MECHESTIM_MAX_STORE_BYTES must be a positive integer", bad.stderr)

    def test_idle_session_reaped(self):
        self.s.close()
        self.s = Server(timeout="1")
        self.s.ok("budget_open")
        h = self.s.upload(np.ones(2))
        time.sleep(2.5)
        r = self.s.req("exp", h)
        self.assertEqual(r["error_type"], "NoBudgetContextError")
        self.s.ok("budget_open")

    def test_tcp(self):
        self.s.close()
        self.s = Server()
        self.s.close()
        port = 20000 + os.getpid() % 20000
        self.s = Server()
        self.s.close()
        proc = subprocess.Popen([SERVER, "--url", f"tcp://127.0.0.1:{port}"], stderr=subprocess.PIPE)
        try:
            ctx = zmq.Context()
            sock = ctx.socket(zmq.REQ)
            sock.setsockopt(zmq.RCVTIMEO, 10000)
            sock.connect(f"tcp://127.0.0.1:{port}")
            sock.send(msgpack.packb({"op": "budget_open", "args": [], "kwargs": {}}, use_bin_type=True))
            self.assertEqual(msgpack.unpackb(sock.recv())["status"], "ok")
            sock.close(0)
            ctx.term()
        finally:
            proc.terminate()
            proc.wait(10)
        self.s = Server()


if __name__ == "__main__":
    SERVER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
