#!/usr/bin/env python3
"""A minimal Python REP server for the round-trip benchmark (bench_server).

It does what the original Python server does per request, and nothing more: ZeroMQ
REP, msgpack decode, resolve handles, run the NumPy function, store the result under a
new handle, encode the answer with the budget block. The original server cannot be
installed here (no PyPI), so this is its floor: the real one adds a whitelist, the
registry, a BudgetContext and the comms tally, and can only be slower.

usage: python_rep_server.py URL
"""
import sys
import time

import msgpack
import numpy as np
import zmq


def main():
    url = sys.argv[1]
    ctx = zmq.Context()
    sock = ctx.socket(zmq.REP)
    sock.bind(url)
    store = {}
    counter = 0
    budget = {"flop_budget": 0, "flops_used": 0, "flops_remaining": 0}

    def resolve(a):
        if isinstance(a, dict) and "__handle__" in a:
            return store[a["__handle__"]]
        if isinstance(a, list):
            return [resolve(x) for x in a]
        return a

    while True:
        msg = sock.recv()
        t0 = time.perf_counter_ns()
        req = msgpack.unpackb(msg, raw=False)
        op, args, kwargs = req["op"], req.get("args") or [], req.get("kwargs") or {}
        resp = {"status": "ok"}
        try:
            if op == "budget_open":
                total = int(kwargs.get("flop_budget", 1e6))
                budget = {"flop_budget": total, "flops_used": 0, "flops_remaining": total}
                resp["result"] = dict(budget)
            elif op == "budget_close":
                store.clear()
                resp["result"] = {"budget_summary": "", "comms_summary": {}}
            elif op == "budget_status":
                resp["result"] = dict(budget)
            elif op == "create_from_data":
                data, shape, dtype = args
                a = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
                hid = f"a{counter}"
                counter += 1
                store[hid] = a
                resp["result"] = {"id": hid, "shape": list(a.shape), "dtype": str(a.dtype)}
            elif op == "fetch":
                a = store[args[0]["__handle__"] if isinstance(args[0], dict) else args[0]]
                resp = {"status": "ok", "data": a.tobytes(), "shape": list(a.shape), "dtype": str(a.dtype)}
            elif op == "free":
                for h in args[0]:
                    store.pop(h, None)
                resp["result"] = {"freed": len(args[0])}
            else:
                out = getattr(np, op)(*resolve(args), **resolve(kwargs))
                budget["flops_used"] += int(out.size)
                budget["flops_remaining"] -= int(out.size)
                hid = f"a{counter}"
                counter += 1
                store[hid] = out
                resp["result"] = {"id": hid, "shape": list(out.shape), "dtype": str(out.dtype)}
        except Exception as e:  # the envelope, as the original
            resp = {"status": "error", "error_type": type(e).__name__, "message": str(e)}
        resp["budget"] = budget
        resp["comms_overhead_ns"] = time.perf_counter_ns() - t0
        sock.send(msgpack.packb(resp, use_bin_type=True))


if __name__ == "__main__":
    main()
