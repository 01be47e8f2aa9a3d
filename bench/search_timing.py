"""Timing a query mix: the search service in-process and the JSON API over HTTP against a
running `reol serve` (the raw engine's way is in search_raw.py).

Every way runs one warm-up pass over the whole mix, then times `count` queries one after
another, cycling through the mix. A way is a function from query text to hit count.
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

Way = Callable[[str], int]


@dataclass
class Timing:
    """The times of one way over the mix, and each query's hit count."""

    name: str
    seconds: list[float] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0
    first: list[float] = field(default_factory=list)  # the warm-up pass, one per query

    def summary(self, seconds: list[float] | None = None) -> dict[str, float]:
        ms = [s * 1000 for s in (self.seconds if seconds is None else seconds)]
        cuts = statistics.quantiles(ms, n=100, method="inclusive")
        return {
            "queries": len(ms),
            "p50_ms": round(cuts[49], 2),
            "p95_ms": round(cuts[94], 2),
            "p99_ms": round(cuts[98], 2),
            "mean_ms": round(statistics.fmean(ms), 2),
            "queries_per_s": round(len(ms) / (self.wall if seconds is None else sum(seconds)),
                                   1),
        }

    def per_query_ms(self) -> dict[str, float]:
        """Each query's median time, over the times it was run."""
        times: dict[str, list[float]] = {}
        for query, seconds in zip(self.queries, self.seconds, strict=True):
            times.setdefault(query, []).append(seconds * 1000)
        return {q: round(statistics.median(t), 2) for q, t in times.items()}


def run(name: str, way: Way, mix: list[str], count: int) -> Timing:
    timing = Timing(name)
    for query in mix:  # warm-up: caches, prepared statements, the OS page cache
        start = time.perf_counter()
        way(query)
        timing.first.append(time.perf_counter() - start)
    began = time.perf_counter()
    for i in range(count):
        query = mix[i % len(mix)]
        start = time.perf_counter()
        hits = way(query)
        timing.seconds.append(time.perf_counter() - start)
        timing.queries.append(query)
        timing.hits[query] = hits
    timing.wall = time.perf_counter() - began
    return timing


def service_way() -> Way:
    """The search interface, in-process, as the API and the pages call it."""
    from reol.search.services import parse_query, search

    return lambda q: search(parse_query(q, {}, 1, 20)).count


# --- HTTP -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reol_command() -> list[str]:
    script = Path(sys.executable).parent / "reol"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reol"]


@contextmanager
def served(env: dict[str, str], timeout: float = 60.0) -> Iterator[int]:
    """`reol serve` on a free port, with this benchmark's database; stopped on exit.

    Without the lending jobs and the SIP2 server that `reol serve` also starts: the jobs run
    once at start-up, in the same process, and on a 1,000,000-record catalogue that run
    overlapped the timed searches (HTTP medians of 50 ms for queries the service answers in
    3 ms); SIP2's fixed port would collide with another server on the machine."""
    port = _free_port()
    env = {**env, "REOL_JOBS_INTERVAL": "0", "REOL_SIP2": "0"}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [*_reol_command(), "serve", "--port", str(port)],
            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log,
        )
        try:
            _wait_until_serving(server, port, timeout, log)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_serving(server: subprocess.Popen, port: int, timeout: float, log) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"reol serve stopped:\n{log.read().decode(errors='replace')}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/api/v1/search?q=bog")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0)  # the server is still starting: ask again below
        finally:
            conn.close()
        time.sleep(0.1)
    raise RuntimeError(f"reol serve did not answer on port {port} within {timeout:.0f} s")


def http_way(port: int) -> Way:
    """GET /api/v1/search on one keep-alive connection; the body is read, then parsed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def way(query: str) -> int:
        conn.request("GET", "/api/v1/search?" + urlencode({"q": query}))
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{query!r}: HTTP {response.status} {body[:200]!r}")
        return json.loads(body)["count"]

    return way
