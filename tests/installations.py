"""Other reol installations beside the suite's: each with a folder and a database of its own, its
`reol` commands run as the operator runs them, `reol serve` as a process of its own.

Two things an installation would pay for again and again are paid once:
- Migrating an empty database takes about 30 s of CPU (Django renders the project's state again
  after each operation). The suite's own test database is migrated once per run; a copy of it,
  taken before any test runs (keep_migrated), is the run's migrated database, and every
  installation starts from a copy of that, as `reol migrate` leaves an empty database.
- Python and Django take about a second of CPU to start. Each installation has one process
  that has imported reol and set Django up and does nothing else: every `reol` command is a
  child forked from it, a fresh process as the real command is at that point (no database
  connection, no thread, nothing read or remembered), which then runs reol's own entry point.
"""

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from django.db import connection

from tests.web.test_serve import REOL, free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]

# The forking process: set up once, then a child per command line it reads (JSON: the
# arguments), and a line back (JSON: exit code, standard output, standard error).
FORKER = r"""
import json, os, sys, tempfile, threading, traceback
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reol.settings")
import django
django.setup()
from django.db import connections
import reol.__main__
connections.close_all()
assert threading.active_count() == 1, threading.enumerate()
answers = os.fdopen(os.dup(1), "w")
for line in sys.stdin:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush(); sys.stderr.flush()
        child = os.fork()
        if child == 0:
            code = 1
            try:
                os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
                nothing = os.open(os.devnull, os.O_RDONLY)
                os.dup2(nothing, 0)
                sys.argv = ["reol", *json.loads(line)]
                try:
                    reol.__main__.main()
                    code = 0
                except SystemExit as end:
                    code = end.code if isinstance(end.code, int) else (end.code is not None)
                    if isinstance(end.code, str):
                        print(end.code, file=sys.stderr)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush(); sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(child, 0)
        out.seek(0); err.seek(0)
        said = {"code": os.waitstatus_to_exitcode(status),
                "stdout": out.read().decode(), "stderr": err.read().decode()}
    answers.write(json.dumps(said) + "\n")
    answers.flush()
"""

_migrated: dict[str, str] = {}


def keep_migrated(tmp: Path) -> Iterator[None]:
    """Keep a copy of the test database, just made (or reused empty), as the run's migrated
    database: pytest-django made it as `reol migrate` makes one, with the same migrations and
    post_migrate handlers. A generator for the session fixture django_db_setup (conftest.py):
    the PostgreSQL copy is dropped when the run ends. REOL_TEST_SHARE_MIGRATED, set by
    scripts/test-suites and scripts/test-postgresql for one process of `make test`, names a
    further copy for another process to start from: a file (SQLite), a database (PostgreSQL)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp / "migrated.sqlite3"
        _copy_sqlite(Path(settings["NAME"]), path)
        _migrated["sqlite"] = f"sqlite:///{path}"
        if shared := os.environ.pop("REOL_TEST_SHARE_MIGRATED", ""):
            # For the next pass of `make test` (scripts/test-suites), which waits for the file.
            _copy_sqlite(path, Path(shared + ".part"))
            os.replace(shared + ".part", shared)
        yield
        return
    name = f"{settings['NAME']}_migrated"
    connection.close()  # a template database must have no one connected to it
    with _admin() as admin:  # a run that was killed may have left one behind
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
    _migrated["postgresql"] = _url(name)
    if shared := os.environ.pop("REOL_TEST_SHARE_MIGRATED", ""):
        # For the other process of the PostgreSQL pass (scripts/test-postgresql), which waits
        # for this database to exist.
        migrated_postgresql(shared)
    try:
        yield
    finally:
        drop_database(name)


def _copy_sqlite(source: Path, to: Path) -> None:
    to.parent.mkdir(parents=True, exist_ok=True)
    reading, copy = sqlite3.connect(source), sqlite3.connect(to)
    try:
        reading.backup(copy)
    finally:
        reading.close()
        copy.close()


def _template(kind: str) -> str:
    assert kind in _migrated, (
        f"no migrated {kind} database in this run: it is a copy of the test database, which "
        "pytest-django makes only when a test asks for one (a `db` fixture or marker)")
    return _migrated[kind]


def migrated_sqlite(to: Path) -> None:
    """A migrated SQLite database at `to` (a copy of the run's migrated one)."""
    _copy_sqlite(Path(urlsplit(_template("sqlite")).path), to)


def _admin() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(dbname="postgres", host=settings["HOST"] or None,
                           port=settings["PORT"] or None, user=settings["USER"] or None,
                           password=settings["PASSWORD"] or None, autocommit=True)


def drop_database(name: str) -> None:
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url(name: str) -> str:
    return urlsplit(os.environ["REOL_DATABASE_URL"])._replace(path=f"/{name}").geturl()


def migrated_postgresql(name: str) -> str:
    """A new database `name` on the suite's PostgreSQL server, a copy of the run's migrated
    one (dropped first if a run that was killed left it behind); its URL."""
    template = urlsplit(_template("postgresql")).path.lstrip("/")
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return _url(name)


@contextmanager
def own_databases(*names: str) -> Iterator[list[str]]:
    """Database URLs for the installations, already migrated: "" (a private SQLite file each,
    see Installation.migrated) on SQLite; on PostgreSQL databases beside the suite's test
    database (test_reol_x → test_reol_x_ill_a, …, so that suites running side by side never
    share one), copies of the run's migrated one, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield ["" for _ in names]
        return
    names = tuple(f"{connection.settings_dict['NAME']}_ill_{name}" for name in names)
    try:
        yield [migrated_postgresql(name) for name in names]
    finally:
        for name in names:
            drop_database(name)


class Installation:
    def __init__(self, name: str, tmp: Path, database_url: str = "") -> None:
        self.dir = tmp / name
        self.dir.mkdir()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url or f"sqlite:///{self.dir / 'reol.sqlite3'}"
        self.env = {**os.environ, "REOL_VAR_DIR": str(self.dir), "REOL_JOBS_INTERVAL": "0",
                    "REOL_SIP2": "0", "PYTHONPATH": str(ROOT),
                    "REOL_DATABASE_URL": self.database_url}
        self.process: subprocess.Popen | None = None
        self.forker: subprocess.Popen | None = None
        self.secret = ""  # the credential the other installation issued to this one

    def migrated(self) -> None:
        """Its database as `reol migrate` leaves an empty one. On PostgreSQL own_databases
        made it so; a SQLite file is copied from the run's migrated one."""
        if self.database_url.startswith("sqlite:"):
            migrated_sqlite(Path(urlsplit(self.database_url).path))

    def reol(self, *args: str) -> str:
        """`reol ARGS` in a process of its own (forked: see the module's docstring)."""
        if self.forker is None:
            self.forker = subprocess.Popen(
                [sys.executable, "-c", FORKER], env=self.env, cwd=ROOT, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.forker.stdin.write(json.dumps(args) + "\n")
        self.forker.stdin.flush()
        line = self.forker.stdout.readline()
        assert line, f"the forking process of {self.dir.name} ended"
        said = json.loads(line)
        assert said["code"] == 0, said["stderr"]
        return said["stdout"]

    def python(self, code: str) -> str:
        return self.reol("shell", "-v", "0", "-c", code)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(REOL), "serve", "--port", str(self.port)], env=self.env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
        wait_for(self.base + "/api/v1/libraries", self.process)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
        if self.process:
            self.process.wait()
            self.process.stdout.close()
        if self.forker:
            self.forker.stdin.close()
            self.forker.wait(30)
            self.forker.stdout.close()
            self.forker = None

    def requests(self) -> list[dict]:
        return json.loads(self.reol("ill", "show"))

