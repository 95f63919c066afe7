#!/usr/bin/env python3
"""A minimal Python REP server for the round-trip benchmark (bench_server).

It does what the original Python server does per request, and nothing more: ZeroMQ
REP, msgpack decode, resolve handles, run the NumPy function, store the result under a
new handle, encode the answer with the budget block. The original server cannot be
installed here (no PyPI), so this is its floor: the real one adds a whitelist, the
registry, a BudgetContext and the comms tally, and can only be slower.

usage: python_rep_server.py URL
       python_rep_server.py --in-process [N]   (ns per add request, no transport)
"""
import sys
import time

import msgpack
import numpy as np
import zmq


class Handler:
    """Bytes in, bytes out: the per-request work, without the transport."""

    def __init__(self):
        self.store = {}
        self.counter = 0
        self.budget = {"flop_budget": 0, "flops_used": 0, "flops_remaining": 0}

    def resolve(self, a):
        if isinstance(a, dict) and "__handle__" in a:
            return self.store[a["__handle__"]]
        if isinstance(a, list):
            return [self.resolve(x) for x in a]
        return a

    def keep(self, a):
        hid = f"a{self.counter}"
        self.counter += 1
        self.store[hid] = a
        return {"id": hid, "shape": list(a.shape), "dtype": str(a.dtype)}

    def handle(self, msg):
        t0 = time.perf_counter_ns()
        req = msgpack.unpackb(msg, raw=False)
        op, args, kwargs = req["op"], req.get("args") or [], req.get("kwargs") or {}
        resp = {"status": "ok"}
        budget = self.budget
        try:
            if op == "budget_open":
                total = int(kwargs.get("flop_budget", 1e6))
                self.budget = budget = {"flop_budget": total, "flops_used": 0, "flops_remaining": total}
                resp["result"] = dict(budget)
            elif op == "budget_close":
                self.store.clear()
                resp["result"] = {"budget_summary": "", "comms_summary": {}}
            elif op == "budget_status":
                resp["result"] = dict(budget)
            elif op == "create_from_data":
                data, shape, dtype = args
                resp["result"] = self.keep(np.frombuffer(data, dtype=dtype).reshape(shape).copy())
            elif op == "fetch":
                a = self.store[args[0]["__handle__"] if isinstance(args[0], dict) else args[0]]
                resp = {"status": "ok", "data": a.tobytes(), "shape": list(a.shape), "dtype": str(a.dtype)}
            elif op == "free":
                for h in args[0]:
                    self.store.pop(h, None)
                resp["result"] = {"freed": len(args[0])}
            else:
                out = getattr(np, op)(*self.resolve(args), **self.resolve(kwargs))
                budget["flops_used"] += int(out.size)
                budget["flops_remaining"] -= int(out.size)
                resp["result"] = self.keep(out)
        except Exception as e:  # the envelope, as the original
            resp = {"status": "error", "error_type": type(e).__name__, "message": str(e)}
        resp["budget"] = budget
        resp["comms_overhead_ns"] = time.perf_counter_ns() - t0
        return msgpack.packb(resp, use_bin_type=True)


def in_process(n):
    """ns per small-op request handled in process: the server's own throughput."""
    h = Handler()
    h.handle(msgpack.packb({"op": "budget_open", "args": [], "kwargs": {"flop_budget": 1e15}}))
    a = msgpack.unpackb(h.handle(msgpack.packb({"op": "create_from_data", "args": [np.ones(8).tobytes(), [8], "float64"],
                                                  "kwargs": {}}, use_bin_type=True)))["result"]["id"]
    add = msgpack.packb({"op": "add", "args": [{"__handle__": a}, {"__handle__": a}], "kwargs": {}}, use_bin_type=True)
    best = None
    for _ in range(7):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            r = msgpack.unpackb(h.handle(add), raw=False)
            h.store.pop(r["result"]["id"])
        per = (time.perf_counter_ns() - t0) / n
        best = per if best is None else min(best, per)
    print(f"python_in_process_add_ns {best:.0f}")


def main():
    if sys.argv[1] == "--in-process":
        in_process(int(sys.argv[2]) if len(sys.argv) > 2 else 20000)
        return
    ctx = zmq.Context()
    sock = ctx.socket(zmq.REP)
    sock.bind(sys.argv[1])
    h = Handler()
    while True:
        sock.send(h.handle(sock.recv()))


if __name__ == "__main__":
    main()
