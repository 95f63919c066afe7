"""A stand-in for mechestim-server in the sandbox tests.

A ZeroMQ REP loop on $MECHESTIM_SERVER_URL (or the url given as argv[1])
that answers every msgpack request {"n": k} with {"ok": True, "n": k + 1}.
With --pid-file F it writes its pid to F, so the test can check that the
sandbox stopped it. SIGTERM ends it.
"""

import argparse
import os
import signal
import sys

import msgpack
import zmq


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url", nargs="?", default=os.environ.get("MECHESTIM_SERVER_URL"))
    parser.add_argument("--pid-file")
    args = parser.parse_args()
    if not args.url:
        sys.exit("stand_in_server: no url (MECHESTIM_SERVER_URL unset)")
    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write(f"{os.getpid()}\n")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    ctx = zmq.Context()
    sock = ctx.socket(zmq.REP)
    sock.setsockopt(zmq.LINGER, 0)
    sock.bind(args.url)
    try:
        while True:
            request = msgpack.unpackb(sock.recv())
            n = request.get("n", 0) if isinstance(request, dict) else 0
            sock.send(msgpack.packb({"ok": True, "n": n + 1}))
    finally:
        sock.close()
        ctx.term()


if __name__ == "__main__":
    main()
