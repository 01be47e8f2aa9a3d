"""Randers runs reol B on its own database and `reol serve`; over real HTTP, a cataloguer at
Glostrup (reol A, the suite's database) copies a record from B's /sru, and a standard SRU
client, Index Data's yaz-client (Debian's `yaz`, installed by scripts/ensure-yaz), searches
B in SRU 1.2 and 2.0."""

import shutil
import subprocess
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from reol.catalogue import sru
from reol.catalogue.models import Record
from reol.sharing.models import Peer
from tests.catalogue.test_cataloguing import staff
from tests.installations import ROOT, Installation, own_databases
from tests.waiting import until
from tests.web.test_serve import REOL

SETUP_B = """
from tests.factories import make_record
make_record("Kongens fald", creators=["Jensen, Johannes V."], subjects=["Danmark"],
            isbns=["9788702173352"], pid="870970-basis:29500000", faust="29500000", year=1901)
make_record("Himmerlandshistorier", creators=["Jensen, Johannes V."], subjects=["noveller"])
"""
WANTED = 'dc.title = "kongens fald"'


def hits(base: str, query: str) -> int:
    url = f"{base}/sru?" + urllib.parse.urlencode({"query": query, "maximumRecords": "0"})
    with urllib.request.urlopen(url, timeout=10) as answer:
        root = ET.fromstring(answer.read())
    found = root.findtext("{http://docs.oasis-open.org/ns/search-ws/sruResponse}numberOfRecords")
    return int(found or 0)


def _hits_or_none(b: Installation, query: str) -> int | None:
    try:
        return hits(b.base, query)
    except OSError:
        return None


@pytest.fixture(scope="module")
def randers(tmp_path_factory, django_db_setup):
    # Its own database, on the engine A runs on.
    with own_databases("sru") as (url,):
        yield from _serving(Installation("b", tmp_path_factory.mktemp("randers"), url))


def _serving(b: Installation) -> Iterator[Installation]:
    try:
        b.migrated()
        b.python(SETUP_B)
        b.process = subprocess.Popen([str(REOL), "serve", "--port", str(b.port)], env=b.env,
                                     text=True, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, cwd=ROOT)
        # Patient: the machine is shared. The search worker of `reol serve` indexes them.
        def indexed() -> bool:
            assert b.process.poll() is None, b.process.stdout.read()
            return _hits_or_none(b, "jensen") == 2

        until(indexed, "reol B never answered with its records")
        yield b
    finally:
        b.stop()


def test_a_cataloguer_copies_a_record_from_another_reols_sru(randers, network):
    peer = Peer.objects.create(isil="DK-773000", name="Randers Bibliotek",
                               url="https://randers.example/iso18626",
                               sru_url=f"{randers.base}/sru")
    client = staff(network.glostrup)
    page = client.get("/staff/sharing/sru/", {"peer": peer.pk, "q": WANTED}).content.decode()
    assert "Kongens fald" in page and "Himmerlandshistorier" not in page
    answer = client.post("/staff/sharing/sru/", {"peer": peer.pk, "q": WANTED, "take": "1"})
    assert answer.status_code == 302
    record = Record.objects.get(title="Kongens fald")
    assert record.creators == ["Jensen, Johannes V."] and record.isbns == ["9788702173352"]
    # The client reads B's SRU 2.0 answer (no version asked) as well as the 1.2 one it asks.
    with urllib.request.urlopen(f"{randers.base}/sru?query=noveller", timeout=10) as two:
        [hit] = sru.read_answer(two.read())
    assert hit.data.title == "Himmerlandshistorier"


def yaz(commands: str) -> str:
    done = subprocess.run(["yaz-client"], input=commands, capture_output=True, text=True,
                          timeout=60)
    return done.stdout + done.stderr


def test_yaz_client_searches_and_shows_records_in_sru_12_and_20(randers):
    if shutil.which("yaz-client") is None:
        pytest.skip("yaz-client is not installed (Debian's yaz; scripts/ensure-yaz says why)")
    for version in ("1.2", "2.0"):
        said = yaz(f"sru get {version}\nopen {randers.base}/sru\nquerytype cql\n"
                   f"schema marcxml\nfind {WANTED}\nshow 1\n"
                   f"find dc.publisher = x\nquit\n")
        assert "Number of hits: 1" in said, said
        assert "Kongens fald" in said and "9788702173352" in said, said
        assert "info:srw/diagnostic/1/16" in said or "Unsupported index" in said, said
