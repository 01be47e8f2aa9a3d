"""Abuse benchmark: an honest kiosk and an honest web client against `reol serve` while others
hold thousands of idle and slow SIP2 connections and flood wrong log-ins; their p50/p95 quiet
and under attack, in the same run, and the requests lost.

    .venv/bin/python bench/abuse.py                  # SQLite, var/bench/sip2.sqlite3
    .venv/bin/python bench/abuse.py --seconds 5 --idle 1000 --guessers 10
    .venv/bin/python bench/abuse.py --database-url postgresql://postgres@127.0.0.1/reol_bench_sip2

Data: bench/sip2.py's (60 kiosk terminals, their patrons and copies). `reol serve` runs in a
subprocess with its own settings (REOL_SIP2_MAX_CONNECTIONS 500, _PER_ADDRESS 50, ...). The
honest kiosk logs in and opens its patron's session first, then repeats checkout (11) and
check-in (09); one round trip is that pair. The honest web client asks GET
/api/v1/libraries on one keep-alive connection. Both run for --seconds quiet, then for
--seconds while the attack is on:

- --idle connections that send nothing, from 60 addresses of 127.0.0.0/8 (the server keeps
  at most 500 and closes the rest at once);
- --slow connections that send one byte of a message that never ends every second;
- --guessers connections, each from an address of its own, sending 93 with a wrong password
  for a real terminal as fast as they are answered (each is an Argon2 check);
- --http-idle idle HTTP connections from 30 addresses (`reol serve` keeps at most 300,
  REOL_HTTP_MAX_CONNECTIONS, and closes the oldest idle ones to make room).
Everything stays on 127.0.0.1; loops are bounded in time.
"""

import argparse
import asyncio
import http.client
import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time

import sip2 as base  # bench/sip2.py: the data and the kiosk client

ROOT = base.ROOT
TIMEOUT = 10.0  # seconds before an honest request counts as lost


def p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(int(len(ordered) * share) - 1, 0)] * 1000, 1) if ordered else 0.0


def summary(values: list[float], lost: int) -> dict:
    return {"n": len(values), "p50_ms": round(statistics.median(values) * 1000, 1)
            if values else 0.0, "p95_ms": p(values, 0.95), "lost": lost}


class Honest:
    """The honest kiosk's round trips and the web client's requests, with what was lost."""

    def __init__(self, sip2_port: int, http_port: int) -> None:
        self.sip2_port, self.http_port = sip2_port, http_port
        self.kiosk = base.Kiosk(0)

    async def kiosk_for(self, seconds: float) -> dict:
        times, lost, deadline = [], 0, time.monotonic() + seconds
        while time.monotonic() < deadline:
            n = len(times) + lost
            barcode = f"S{n % base.COPIES:08d}"
            start = time.perf_counter()
            try:
                lent = await asyncio.wait_for(self.kiosk.ask(
                    f"11NN{base.DATE}{' ' * 18}AO|AA{self.kiosk.card}|AB{barcode}|"), TIMEOUT)
                back = await asyncio.wait_for(self.kiosk.ask(
                    f"09N{base.DATE}{base.DATE}AP|AO|AB{barcode}|"), TIMEOUT)
            except (TimeoutError, OSError, asyncio.IncompleteReadError):
                lost += 1
                await self.kiosk.open(self.sip2_port)  # a kiosk reconnects
                continue
            if lent.startswith("121") and back.startswith("101"):
                times.append(time.perf_counter() - start)
            else:
                lost += 1
        return summary(times, lost)

    def web_for(self, seconds: float, box: dict) -> None:
        times, lost, deadline = [], 0, time.monotonic() + seconds
        conn = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=TIMEOUT)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", "/api/v1/libraries")
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.http_port,
                                                  timeout=TIMEOUT)
            if ok:
                times.append(time.perf_counter() - start)
            else:
                lost += 1
        conn.close()
        box["web"] = summary(times, lost)

    async def run(self, seconds: float) -> dict:
        box: dict = {}
        web = threading.Thread(target=self.web_for, args=(seconds, box))
        web.start()
        box["kiosk"] = await self.kiosk_for(seconds)
        await asyncio.to_thread(web.join)
        return box


class Attack:
    def __init__(self, port: int, http_port: int) -> None:
        self.port, self.http_port = port, http_port
        self.held: list[asyncio.StreamReader] = []
        self.http: list[socket.socket] = []
        self.writers: list[asyncio.StreamWriter] = []
        self.refused = self.guesses = 0
        self.stopping = asyncio.Event()

    async def connect(self, address: str) -> tuple | None:
        try:
            return await asyncio.open_connection("127.0.0.1", self.port,
                                                 local_addr=(address, 0))
        except OSError:
            self.refused += 1
            return None

    async def idle(self, count: int) -> None:
        opened = await asyncio.gather(*(self.connect(f"127.0.0.{2 + n % 60}")
                                        for n in range(count)))
        self.held += [pair[0] for pair in opened if pair]
        self.writers += [pair[1] for pair in opened if pair]

    async def slow(self, n: int) -> None:
        pair = await self.connect(f"127.0.2.{1 + n % 250}")
        if pair is None:
            return
        reader, writer = pair
        self.held.append(reader)
        self.writers.append(writer)
        writer.write(b"63")
        while not self.stopping.is_set():
            try:
                writer.write(b"9")
                await writer.drain()
            except OSError:
                return
            if reader.at_eof():
                return
            await asyncio.sleep(1)

    async def guess(self, n: int) -> None:
        pair = await self.connect(f"127.0.1.{1 + n % 250}")
        if pair is None:
            return
        reader, writer = pair
        self.held.append(reader)
        self.writers.append(writer)
        while not self.stopping.is_set():
            try:
                writer.write(base.frame(f"9300CNbench-59|COguess{n}-{self.guesses}|"))
                await reader.readuntil(b"\r")
            except (OSError, asyncio.IncompleteReadError):
                return
            self.guesses += 1

    def idle_http(self, count: int) -> None:
        for n in range(count):
            self.http.append(socket.create_connection(
                ("127.0.0.1", self.http_port), source_address=(f"127.0.3.{1 + n % 30}", 0)))

    def held_by_server(self) -> int | None:
        """Established connections on the server's SIP2 port, as the kernel counts them (the
        client's own view lags: a connection closed at accept still looks open here)."""
        try:
            out = subprocess.run(["ss", "-tnH", "state", "established",
                                  f"( sport = :{self.port} )"], capture_output=True,
                                 text=True, timeout=30).stdout
        except OSError:
            return None
        return len(out.splitlines())

    def stop(self) -> None:
        self.stopping.set()
        for writer in self.writers:
            writer.transport.abort()
        for sock in self.http:
            sock.close()


async def bench(args, sip2_port: int, http_port: int) -> dict:
    honest = Honest(sip2_port, http_port)
    await honest.kiosk.open(sip2_port)
    await honest.kiosk.lend(time.monotonic() + args.warmup, [])
    results = {"quiet": await honest.run(args.seconds)}
    attack = Attack(sip2_port, http_port)
    attack.idle_http(args.http_idle)
    started = time.monotonic()
    await attack.idle(args.idle)
    tasks = [asyncio.create_task(attack.slow(n)) for n in range(args.slow)]
    tasks += [asyncio.create_task(attack.guess(n)) for n in range(args.guessers)]
    setup = time.monotonic() - started
    results["attack"] = await honest.run(args.seconds)
    held = attack.held_by_server()
    guesses = attack.guesses
    login_start = time.perf_counter()
    late = base.Kiosk(1)  # a kiosk that logs in while the guessing goes on
    try:
        await asyncio.wait_for(late.open(sip2_port), TIMEOUT * 3)
        results["login_under_attack_ms"] = round((time.perf_counter() - login_start) * 1000)
    except (TimeoutError, OSError) as error:
        results["login_under_attack_ms"] = f"failed: {error!r}"
    attack.stop()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    results["attack_setup"] = {"asked": args.idle + args.slow + args.guessers,
                               "held_by_server_at_the_end": held, "seconds": round(setup, 1),
                               "wrong_logins_answered": guesses,
                               "http_idle": len(attack.http)}
    return results


def start_serve(sip2_port: int, http_port: int) -> subprocess.Popen:
    env = dict(os.environ, REOL_SIP2_PORT=str(sip2_port), REOL_JOBS_INTERVAL="0")
    server = subprocess.Popen([str(ROOT / ".venv/bin/reol"), "serve", "--port", str(http_port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", sip2_port), timeout=1).close()
            socket.create_connection(("127.0.0.1", http_port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("reol serve did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"instead of {base.SQLITE.relative_to(ROOT)}")
    parser.add_argument("--seconds", type=float, default=15, help="timed, quiet and attacked")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--idle", type=int, default=3000, help="idle SIP2 connections asked")
    parser.add_argument("--slow", type=int, default=200, help="byte-dribbling connections")
    parser.add_argument("--guessers", type=int, default=40, help="wrong-log-in connections")
    parser.add_argument("--http-idle", type=int, default=1500,
                        help="idle HTTP connections, from 30 addresses")
    args = parser.parse_args(argv)
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    base.configure_django(args.database_url or f"sqlite:///{base.SQLITE}")
    base.build()
    from django.db import connections

    connections.close_all()
    sip2_port, http_port = base.free_port(), base.free_port()
    server = start_serve(sip2_port, http_port)
    try:
        results = asyncio.run(bench(args, sip2_port, http_port))
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{engine}; attack: {results['attack_setup']}")
    print(f"{'client':<13} {'phase':<7} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'lost':>5} {'p95 × quiet':>11}")
    for client in ("kiosk", "web"):
        quiet = results["quiet"][client]
        for phase in ("quiet", "attack"):
            row = results[phase][client]
            ratio = row["p95_ms"] / quiet["p95_ms"] if quiet["p95_ms"] else 0
            print(f"{client:<13} {phase:<7} {row['n']:>8} {row['p50_ms']:>7} "
                  f"{row['p95_ms']:>7} {row['lost']:>5} {ratio:>11.2f}")
    print(f"a kiosk logging in during the attack waited {results['login_under_attack_ms']} ms")
    closed = sum(1 for line in log.splitlines() if "SIP2 connection from" in line)
    print(f"server log: {closed} lines about closed connections, "
          f"{log.count('Traceback')} tracebacks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
