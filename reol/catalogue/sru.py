"""Records from another library's catalogue over SRU (Search/Retrieve via URL).

A searchRetrieve request with recordSchema=marcxml goes to the peer's base URL (sharing's
Peer.sru_url); the answer may be SRU 1.2 (namespace http://www.loc.gov/zing/srw/) or 2.0
(http://docs.oasis-open.org/ns/search-ws/sruResponse): the MARCXML records are read wherever
they stand in it, as elements or, packed as a string (recordPacking/recordXMLEscaping
"string"), as escaped text. A diagnostic is shown as the peer wrote it.

The peer is another system on the internet, so its answer is bounded (bytes and seconds)
before it is read, and read with the standard library's XML parser, which resolves no
external entities and refuses entity expansion bombs. The base URL is set by the network's
operator, never by the staff member searching, who only picks a peer and types a query.
"""

import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from pymarc.marcxml import MARC_XML_NS

from reol.errors import DomainError
from reol.refusals import refuse

from . import marc
from .marc_import import from_element
from .services import RecordData

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 15  # seconds
MAX_RECORDS = 20
_MARC_RECORD = f"{{{MARC_XML_NS}}}record"


@dataclass(frozen=True)
class Hit:
    """One record of an answer: what a cataloguer sees and what would be stored."""

    data: RecordData
    position: int


def search_url(base_url: str, query: str, maximum: int = 10) -> str:
    """The searchRetrieve URL for a CQL query (a plain word list is valid CQL)."""
    params = {"version": "1.2", "operation": "searchRetrieve", "query": query,
              "recordSchema": "marcxml", "recordPacking": "xml",
              "maximumRecords": str(min(maximum, MAX_RECORDS))}
    separator = "&" if urllib.parse.urlsplit(base_url).query else "?"
    return f"{base_url}{separator}{urllib.parse.urlencode(params)}"


def search(base_url: str, query: str, maximum: int = 10) -> list[Hit]:
    """The peer's records for the query; a refusal when the peer cannot be asked or answers
    with a diagnostic or something that is not SRU."""
    if not query.strip():
        raise refuse("no_query")
    if urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
        raise refuse("sru_unreachable", reason="not an http(s) address")
    request = urllib.request.Request(search_url(base_url, query.strip(), maximum),
                                     headers={"Accept": "application/xml, text/xml"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            body = answer.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:  # an answer, but not a good one: close it
        error.close()
        raise refuse("sru_unreachable", reason=f"HTTP {error.code}") from None
    except OSError as error:  # refused, timed out, HTTP error status, bad certificate
        raise refuse("sru_unreachable", reason=str(error)[:200]) from None
    if len(body) > MAX_BYTES:
        raise refuse("sru_bad_answer", reason=f"more than {MAX_BYTES} bytes")
    return read_answer(body)


def read_answer(body: bytes) -> list[Hit]:
    """The MARCXML records of an SRU answer, in the order the peer gave them."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise refuse("sru_bad_answer", reason=str(error)) from None
    if root.tag.rpartition("}")[2] != "searchRetrieveResponse":
        raise refuse("sru_bad_answer", reason=f"<{root.tag}>")
    for element in root.iter():
        if element.tag.rpartition("}")[2] == "diagnostic":
            texts = [(c.text or "").strip() for c in element
                     if c.tag.rpartition("}")[2] in ("message", "details")]
            raise refuse("sru_diagnostic", message=": ".join(t for t in texts if t)[:300])
    hits = []
    for position, element in enumerate(_marc_records(root), start=1):
        try:
            hits.append(Hit(marc.record_data(from_element(element)), position))
        except (DomainError, ValueError):
            continue  # a record we cannot read (no 001) is not offered
    return hits


def _marc_records(root: ET.Element) -> list[ET.Element]:
    found = list(root.iter(_MARC_RECORD))
    for element in root.iter():
        packed = (element.text or "").strip()
        if element.tag.rpartition("}")[2] == "recordData" and not len(element) and packed:
            try:  # packed as a string: the record is escaped text
                found.extend(ET.fromstring(packed).iter(_MARC_RECORD))
            except ET.ParseError:
                continue
    return found
