"""A record copied from another library over SRU. The other library is a small real HTTP
server in the test that answers searchRetrieve with a fixed SRU response (a fixture of the
remote, not a stand-in for our own code)."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from reol.catalogue import sru
from reol.catalogue.models import Record
from reol.core.models import StaffChange
from reol.errors import DomainError
from reol.sharing.models import Peer
from tests.catalogue.test_cataloguing import staff

MARC = """<record xmlns="http://www.loc.gov/MARC21/slim">
  <leader>00000nam a2200000 c 4500</leader>
  <controlfield tag="001">{number}</controlfield>
  <controlfield tag="003">773000</controlfield>
  <controlfield tag="008">260101s2019    xx            000 0 dan d</controlfield>
  <datafield tag="020" ind1=" " ind2=" "><subfield code="a">9788702173352</subfield></datafield>
  <datafield tag="100" ind1="1" ind2=" "
    ><subfield code="a">Adler-Olsen, Jussi</subfield></datafield>
  <datafield tag="245" ind1="1" ind2="0"><subfield code="a">{title}</subfield></datafield>
</record>"""

SRU_12 = """<?xml version="1.0" encoding="UTF-8"?>
<srw:searchRetrieveResponse xmlns:srw="http://www.loc.gov/zing/srw/">
  <srw:version>1.2</srw:version><srw:numberOfRecords>2</srw:numberOfRecords>
  <srw:records>
    <srw:record><srw:recordSchema>marcxml</srw:recordSchema><srw:recordPacking>xml</srw:recordPacking>
      <srw:recordData>{first}</srw:recordData><srw:recordPosition>1</srw:recordPosition></srw:record>
    <srw:record><srw:recordSchema>marcxml</srw:recordSchema><srw:recordPacking>xml</srw:recordPacking>
      <srw:recordData>{second}</srw:recordData><srw:recordPosition>2</srw:recordPosition></srw:record>
  </srw:records>
</srw:searchRetrieveResponse>""".format(
    first=MARC.format(number="12345678", title="Journal 64"),
    second=MARC.format(number="87654321", title="Marco effekten"))

SRU_20_STRING = """<?xml version="1.0" encoding="UTF-8"?>
<sruResponse:searchRetrieveResponse
    xmlns:sruResponse="http://docs.oasis-open.org/ns/search-ws/sruResponse">
  <sruResponse:version>2.0</sruResponse:version><sruResponse:numberOfRecords>1</sruResponse:numberOfRecords>
  <sruResponse:records><sruResponse:record>
    <sruResponse:recordSchema>marcxml</sruResponse:recordSchema>
    <sruResponse:recordXMLEscaping>string</sruResponse:recordXMLEscaping>
    <sruResponse:recordData>{escaped}</sruResponse:recordData>
  </sruResponse:record></sruResponse:records>
</sruResponse:searchRetrieveResponse>""".format(
    escaped=MARC.format(number="55555555", title="Flaskepost fra P").replace("&", "&amp;")
    .replace("<", "&lt;").replace(">", "&gt;"))

DIAGNOSTIC = """<?xml version="1.0"?>
<searchRetrieveResponse xmlns="http://www.loc.gov/zing/srw/"><version>1.2</version>
  <numberOfRecords>0</numberOfRecords>
  <diagnostics><diagnostic xmlns="http://www.loc.gov/zing/srw/diagnostic/">
    <uri>info:srw/diagnostic/1/10</uri><message>Query syntax error</message>
    <details>unbalanced parenthesis</details></diagnostic></diagnostics>
</searchRetrieveResponse>"""


# Entities that expand to a billion "lol"s: the parser must refuse, not expand.
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<searchRetrieveResponse xmlns="http://www.loc.gov/zing/srw/">&lol9;</searchRetrieveResponse>"""


class Remote(BaseHTTPRequestHandler):
    """The other library's SRU server: answers by the path asked, remembers the queries."""

    asked: list[dict] = []

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        Remote.asked.append(parse_qs(url.query))
        body = {"/sru12": SRU_12, "/sru20": SRU_20_STRING, "/broken": DIAGNOSTIC,
                "/html": "<html><body>Not SRU</body></html>", "/bomb": BOMB}.get(url.path)
        if body is None:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def remote() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Remote)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Remote.asked = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_an_sru_12_answer_gives_its_marc_records_and_the_request_says_marcxml(remote):
    hits = sru.search(f"{remote}/sru12", "dc.title=journal")
    assert [(h.position, h.data.title, h.data.pid) for h in hits] == [
        (1, "Journal 64", "773000-katalog:12345678"),
        (2, "Marco effekten", "773000-katalog:87654321")]
    asked = Remote.asked[-1]
    assert asked["operation"] == ["searchRetrieve"] and asked["recordSchema"] == ["marcxml"]
    assert asked["query"] == ["dc.title=journal"] and asked["version"] == ["1.2"]


def test_an_sru_20_answer_with_records_packed_as_strings_is_read(remote):
    hits = sru.search(f"{remote}/sru20", "flaskepost")
    assert [h.data.title for h in hits] == ["Flaskepost fra P"]


def test_diagnostics_not_sru_and_no_answer_are_refusals_with_the_reason(remote):
    with pytest.raises(DomainError) as refused:
        sru.search(f"{remote}/broken", "(((")
    assert refused.value.code == "sru_diagnostic"
    assert "Query syntax error: unbalanced parenthesis" in refused.value.en
    with pytest.raises(DomainError) as refused:
        sru.search(f"{remote}/html", "x")
    assert refused.value.code == "sru_bad_answer"
    with pytest.raises(DomainError) as refused:
        sru.search(f"{remote}/missing", "x")
    assert refused.value.code == "sru_unreachable"


def test_an_answer_too_big_or_an_entity_bomb_is_refused_not_read(remote, monkeypatch):
    with pytest.raises(DomainError) as refused:
        sru.search(f"{remote}/bomb", "x")
    assert refused.value.code == "sru_bad_answer"
    monkeypatch.setattr(sru, "MAX_BYTES", 1000)  # the bound, made small enough to reach
    with pytest.raises(DomainError) as refused:
        sru.search(f"{remote}/sru12", "x")
    assert refused.value.code == "sru_bad_answer" and "1000 bytes" in refused.value.en


def test_staff_copy_a_record_from_a_peer_and_desk_staff_may_not(remote, network):
    peer = Peer.objects.create(isil="DK-773000", name="Randers Bibliotek",
                               url="https://randers.example/iso18626", sru_url=f"{remote}/sru12")
    Peer.objects.create(isil="DK-746100", name="Odense", url="https://odense.example/iso18626")
    desk = staff(network.glostrup, "desk", "desk")
    assert desk.get("/staff/sharing/sru/").status_code == 403
    assert desk.post("/staff/sharing/sru/", {"peer": peer.pk, "q": "journal",
                                             "take": "1"}).status_code == 403
    client = staff(network.glostrup)
    page = client.get("/staff/sharing/sru/", {"peer": peer.pk, "q": "journal"},
                      headers={"accept-language": "en"}).content.decode()
    assert "Marco effekten" in page and "Odense" not in page  # no SRU address: no choice
    answer = client.post("/staff/sharing/sru/", {"peer": peer.pk, "q": "journal", "take": "2"})
    assert answer.status_code == 302
    record = Record.objects.get(pid="773000-katalog:87654321")
    assert answer["Location"] == f"/staff/records/{record.pid}/edit/"
    assert record.creators == ["Adler-Olsen, Jussi"] and record.isbns == ["9788702173352"]
    change = StaffChange.objects.get(model="catalogue.record", object_id=str(record.pk))
    assert (change.action, change.library_id) == ("create", network.glostrup.pk)
    again = client.post("/staff/sharing/sru/", {"peer": peer.pk, "q": "journal", "take": "2"},
                        headers={"accept-language": "en"})
    assert again.status_code == 400
    assert "already in the catalogue" in again.content.decode()


def test_the_operator_sets_a_peers_sru_address_on_the_command_line(network):
    from django.core.management import CommandError, call_command

    call_command("ill", "peer", "DK-773000", "https://randers.example/iso18626",
                 sru="https://randers.example/sru")
    assert Peer.objects.get(isil="DK-773000").sru_url == "https://randers.example/sru"
    with pytest.raises(CommandError):
        call_command("ill", "peer", "DK-773000", "https://randers.example/iso18626",
                     sru="file:///etc/passwd")
    assert Peer.objects.get(isil="DK-773000").sru_url == "https://randers.example/sru"
