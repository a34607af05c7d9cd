"""The dnspython client of `cargo bench --bench dns`, run with /usr/bin/python3.

Usage: dns_client.py PORT COUNT NAME:TYPE... — asks the server on 127.0.0.1:PORT COUNT questions,
cycling through the NAME:TYPE pairs, one at a time, with dnspython's stub resolver (no
cache, no EDNS, TCP when an answer is truncated, as pynet's Resolver). Prints the seconds
the questions took, measured inside Python so that the interpreter's start-up is left out.
"""

import sys
import time

import dns.resolver


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    lookups = [pair.split(":") for pair in sys.argv[3:]]
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = port
    resolver.cache = None
    resolver.use_edns(False)
    resolver.lifetime = 5.0
    start = time.perf_counter()
    for i in range(count):
        name, rdtype = lookups[i % len(lookups)]
        answer = resolver.resolve(name, rdtype, raise_on_no_answer=False)
        if answer.rrset is None:
            sys.exit(f"no {rdtype} records for {name}")
    print(time.perf_counter() - start, flush=True)


if __name__ == "__main__":
    main()
