"""The differential tests' oracle: CPython's own socket module, answering case by case.

Reads one JSON object per line on stdin, {"fn": NAME, "args": [...], "repr": BOOL}, and writes
one JSON object per line on stdout:

    {"ok": VALUE}                                   the call returned VALUE
    {"exc": CLASS, "errno": N or null, "msg": TEXT}  the call raised; TEXT is str(e)

Arguments and values use JSON, with two encodings for what JSON lacks: bytes travel as
{"bytes": HEX}, and a JSON list stands for a tuple. With "repr": true the answer is
repr(result) (how getaddrinfo's tuples print). NAME is a function of the socket module, or one
of the scenarios below, which do the same small job the Rust test does with pynet.
"""

import json
import socket
import sys


def decode(value):
    if isinstance(value, dict) and "bytes" in value:
        return bytes.fromhex(value["bytes"])
    if isinstance(value, list):
        return tuple(decode(item) for item in value)
    return value


def encode(value):
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": value.hex()}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)  # IntEnum members become plain numbers
    if isinstance(value, float):
        return value
    raise TypeError(f"cannot encode {type(value).__name__}")


def class_name(error):
    """The class as a traceback names it: ConnectionRefusedError, socket.gaierror."""
    kind = type(error)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def fresh(family=socket.AF_INET, kind=socket.SOCK_STREAM):
    return socket.socket(family, kind)


# Scenarios: a fresh socket, one operation, its answer.


def sock_bind(family, kind, address):
    with fresh(family, kind) as s:
        s.bind(address)
        return None


def sock_connect(family, kind, address):
    with fresh(family, kind) as s:
        s.connect(address)
        return None


def sock_sendto(family, kind, data, address):
    with fresh(family, kind) as s:
        return s.sendto(data, address)


def sock_settimeout(value):
    with fresh() as s:
        s.settimeout(value)
        return s.gettimeout()


def sock_new(family, kind, proto):
    with socket.socket(family, kind, proto) as s:
        return [int(s.family), int(s.type), s.proto, s.gettimeout()]


def sock_getsockopt(family, kind, level, name, buflen):
    with fresh(family, kind) as s:
        if buflen is None:
            return s.getsockopt(level, name)
        return s.getsockopt(level, name, buflen)


def sock_setsockopt(family, kind, level, name, value):
    """Set an integer option, then read it back as an integer."""
    with fresh(family, kind) as s:
        s.setsockopt(level, name, value)
        return s.getsockopt(level, name)


def sock_makefile(mode):
    a, b = socket.socketpair()
    with a, b:
        f = a.makefile(mode)
        f.close()
        return None


def oserror(errno):
    """OSError(errno, strerror): the class and text Python gives an errno."""
    import os

    raise OSError(errno, os.strerror(errno))


SCENARIOS = {f.__name__: f for f in [
    sock_bind, sock_connect, sock_sendto, sock_settimeout, sock_new, sock_getsockopt,
    sock_setsockopt, sock_makefile, oserror,
]}


def answer(case):
    function = SCENARIOS.get(case["fn"]) or getattr(socket, case["fn"])
    try:
        result = function(*[decode(arg) for arg in case["args"]])
    except Exception as error:  # every exception is an answer to compare
        errno = error.errno if isinstance(error, OSError) else None
        return {"exc": class_name(error), "errno": errno, "msg": str(error)}
    if case.get("repr"):
        return {"ok": repr(result)}
    return {"ok": encode(result)}


def main():
    for line in sys.stdin:
        print(json.dumps(answer(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
