"""The OAI-PMH answer as XML text, valid against OAI-PMH.xsd and the formats' own schemas
(tests/schemas/). Written as text, not built as a tree: a page of a full harvest is hundreds
of records, and the MARCXML of each comes ready from catalogue.marc_export."""

import re
from collections.abc import Iterable
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from reol.catalogue import dublin_core
from reol.catalogue.marc_export import marcxml

from . import rules
from .services import Entry

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
FORMATS = {  # metadataPrefix → (schema, namespace)
    "marc21": ("http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd",
               "http://www.loc.gov/MARC21/slim"),
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
               "http://www.openarchives.org/OAI/2.0/oai_dc/"),
}
DC_OPEN = (f'<oai_dc:dc xmlns:oai_dc="{FORMATS["oai_dc"][1]}" '
           f'xmlns:dc="http://purl.org/dc/elements/1.1/" {XSI} '
           f'xsi:schemaLocation="{FORMATS["oai_dc"][1]} {FORMATS["oai_dc"][0]}">')
# Characters XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def document(now: datetime, base_url: str, arguments: dict[str, str], body: str) -> str:
    """The whole answer: `arguments` are echoed in <request> (none after badVerb and
    badArgument, as the protocol asks)."""
    attributes = "".join(f" {name}={quoteattr(_NOT_XML.sub('', value))}"
                         for name, value in sorted(arguments.items()))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="{OAI_NS}" {XSI} '
            f'xsi:schemaLocation="{OAI_NS} {OAI_NS}OAI-PMH.xsd">'
            f"<responseDate>{rules.datestamp(now)}</responseDate>"
            f"<request{attributes}>{text(base_url)}</request>{body}</OAI-PMH>\n")


def errors(code: str, message: str) -> str:
    return f'<error code="{code}">{text(message)}</error>'


def identify(name: str, base_url: str, email: str, earliest: datetime) -> str:
    return (f"<Identify><repositoryName>{text(name)}</repositoryName>"
            f"<baseURL>{text(base_url)}</baseURL><protocolVersion>2.0</protocolVersion>"
            f"<adminEmail>{text(email)}</adminEmail>"
            f"<earliestDatestamp>{rules.datestamp(earliest)}</earliestDatestamp>"
            f"<deletedRecord>persistent</deletedRecord>"
            f"<granularity>{rules.SECOND}</granularity></Identify>")


def metadata_formats(prefixes: Iterable[str]) -> str:
    return "<ListMetadataFormats>" + "".join(
        f"<metadataFormat><metadataPrefix>{prefix}</metadataPrefix>"
        f"<schema>{FORMATS[prefix][0]}</schema>"
        f"<metadataNamespace>{FORMATS[prefix][1]}</metadataNamespace></metadataFormat>"
        for prefix in prefixes) + "</ListMetadataFormats>"


def list_sets(sets: list[tuple[str, str]]) -> str:
    return "<ListSets>" + "".join(
        f"<set><setSpec>{text(spec)}</setSpec><setName>{text(name)}</setName></set>"
        for spec, name in sets) + "</ListSets>"


def header(entry: Entry) -> str:
    status = ' status="deleted"' if entry.deleted else ""
    specs = "".join(f"<setSpec>{text(spec)}</setSpec>" for spec in entry.sets)
    return (f"<header{status}><identifier>{text(entry.pid)}</identifier>"
            f"<datestamp>{rules.datestamp(entry.stamp)}</datestamp>{specs}</header>")


def record(entry: Entry, prefix: str) -> str:
    if entry.deleted:
        return f"<record>{header(entry)}</record>"
    return f"<record>{header(entry)}<metadata>{metadata(entry, prefix)}</metadata></record>"


def metadata(entry: Entry, prefix: str) -> str:
    assert entry.record is not None
    if prefix == "marc21":
        return marcxml(entry.record, namespace=True).decode()
    return DC_OPEN + "".join(f"<dc:{name}>{text(value)}</dc:{name}>"
                             for name, value in dublin_core.elements(entry.record)) + "</oai_dc:dc>"


def resumption(token: str, cursor: int, total: int) -> str:
    """The token element: an empty one closes a list that was given in pages."""
    size = f' completeListSize="{total}"' if total > 0 else ""
    return f'<resumptionToken cursor="{cursor}"{size}>{text(token)}</resumptionToken>'
