"""SRU answers as XML: searchRetrieveResponse, explainResponse (a ZeeRex record) and
diagnostics, in the namespaces of SRU 1.2 (srw) or 2.0 (OASIS searchRetrieve); records as
MARCXML (catalogue/marc_export.py) or Dublin Core."""

import xml.etree.ElementTree as ET

from reol.catalogue import dublin_core as catalogue_dc
from reol.catalogue.marc_export import record_xml
from reol.catalogue.models import Record

from . import rules
from .services import Answer

RESPONSE = {"1.2": "http://www.loc.gov/zing/srw/",
            "2.0": "http://docs.oasis-open.org/ns/search-ws/sruResponse"}
DIAGNOSTIC = {"1.2": "http://www.loc.gov/zing/srw/diagnostic/",
              "2.0": "http://docs.oasis-open.org/ns/search-ws/diagnostic"}
ZEEREX = "http://explain.z3950.org/dtd/2.0/"
DC = "http://purl.org/dc/elements/1.1/"
SRW_DC = "info:srw/schema/1/dc-schema"
EXACT_COUNT = "info:srw/vocabulary/resultCountPrecision/1/exact"
for _prefix, _uri in (("srw", RESPONSE["1.2"]), ("diag", DIAGNOSTIC["1.2"]),
                      ("sru", RESPONSE["2.0"]), ("sruDiag", DIAGNOSTIC["2.0"]),
                      ("zr", ZEEREX), ("dc", DC), ("srw_dc", SRW_DC)):
    ET.register_namespace(_prefix, _uri)


def _child(parent: ET.Element, ns: str, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{name}")
    element.text = text
    return element


def _document(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def search_retrieve(answer: Answer) -> bytes:
    version = answer.request.version
    ns = RESPONSE[version]
    root = ET.Element(f"{{{ns}}}searchRetrieveResponse")
    if version == "1.2":  # 2.0 dropped the element: the namespace says the version
        _child(root, ns, "version", "1.2")
    _child(root, ns, "numberOfRecords", str(answer.count))
    if answer.records:
        records = _child(root, ns, "records")
        for position, record in enumerate(answer.records, start=answer.request.start):
            _record(records, answer.request, record, position)
    if (following := answer.next_position) is not None:
        _child(root, ns, "nextRecordPosition", str(following))
    if version == "2.0":
        _child(root, ns, "resultCountPrecision", EXACT_COUNT)
    return _document(root)


def _record(parent: ET.Element, request: rules.Request, record: Record, position: int) -> None:
    ns = RESPONSE[request.version]
    element = _child(parent, ns, "record")
    _child(element, ns, "recordSchema", rules.SCHEMAS[request.schema])
    if request.version == "1.2":
        _child(element, ns, "recordPacking", request.escaping)
    else:
        _child(element, ns, "recordPacking", "packed")
        _child(element, ns, "recordXMLEscaping", request.escaping)
    data = _child(element, ns, "recordData")
    content = record_xml(record) if request.schema == "marcxml" else dublin_core(record)
    if request.escaping == "string":
        data.text = ET.tostring(content, encoding="unicode")
    else:
        data.append(content)
    _child(element, ns, "recordPosition", str(position))


def dublin_core(record: Record) -> ET.Element:
    """The record in simple Dublin Core (the catalogue's one mapping), as SRU's dc schema
    wraps it."""
    root = ET.Element(f"{{{SRW_DC}}}dc")
    for name, value in catalogue_dc.elements(record):
        _child(root, DC, name, value)
    return root


def diagnostic(version: rules.Version, problem: rules.Diagnostic) -> bytes:
    """A searchRetrieveResponse with no records and the one fatal diagnostic."""
    ns = RESPONSE[version]
    root = ET.Element(f"{{{ns}}}searchRetrieveResponse")
    if version == "1.2":
        _child(root, ns, "version", "1.2")
    _child(root, ns, "numberOfRecords", "0")
    _diagnostics(root, version, problem)
    return _document(root)


def _diagnostics(root: ET.Element, version: rules.Version, problem: rules.Diagnostic) -> None:
    diag = DIAGNOSTIC[version]
    element = _child(_child(root, RESPONSE[version], "diagnostics"), diag, "diagnostic")
    _child(element, diag, "uri", f"info:srw/diagnostic/1/{problem.number}")
    if problem.details:
        _child(element, diag, "details", problem.details)
    _child(element, diag, "message", problem.refusal.en)


def explain(version: rules.Version, host: str, port: str, title: str) -> bytes:
    """What this server offers, as a ZeeRex record: where it is, its indexes and relations,
    its record schemas and its limits."""
    ns = RESPONSE[version]
    root = ET.Element(f"{{{ns}}}explainResponse")
    if version == "1.2":
        _child(root, ns, "version", "1.2")
    record = _child(root, ns, "record")
    _child(record, ns, "recordSchema", ZEEREX)
    _child(record, ns, "recordPacking", "xml" if version == "1.2" else "packed")
    if version == "2.0":
        _child(record, ns, "recordXMLEscaping", "xml")
    _child(record, ns, "recordData").append(_zeerex(version, host, port, title))
    return _document(root)


CONTEXT_SETS = {"cql": "info:srw/cql-context-set/1/cql-v1.2",
                "dc": "info:srw/cql-context-set/1/dc-v1.1",
                "bath": "http://zing.z3950.org/cql/bath/2.0/",
                "rec": "info:srw/cql-context-set/2/rec-1.1"}
INDEXES = (("cql", "serverChoice", "Any word"), ("dc", "title", "Title"),
           ("dc", "creator", "Creator"), ("dc", "subject", "Subject"),
           ("bath", "isbn", "ISBN"), ("dc", "identifier", "Identifier (pid, faust, ISBN)"),
           ("rec", "id", "Record id"))
EXAMPLES = ('dc.title = "kongens fald"', "dc.creator = jensen and dc.subject = noveller",
            "bath.isbn = 9788702173352")
SCHEMA_TITLES = {"marcxml": "MARCXML (MARC 21 slim)", "dc": "Dublin Core"}


def _zeerex(version: rules.Version, host: str, port: str, title: str) -> ET.Element:
    explain = ET.Element(f"{{{ZEEREX}}}explain")
    server = _child(explain, ZEEREX, "serverInfo")
    server.set("protocol", "SRU")
    server.set("version", version)
    server.set("transport", "http")
    _child(server, ZEEREX, "host", host)
    _child(server, ZEEREX, "port", port)
    _child(server, ZEEREX, "database", "sru")
    database = _child(explain, ZEEREX, "databaseInfo")
    _child(database, ZEEREX, "title", title).attrib.update(lang="da", primary="true")
    indexes = _child(explain, ZEEREX, "indexInfo")
    for name, identifier in CONTEXT_SETS.items():
        _child(indexes, ZEEREX, "set").attrib.update(name=name, identifier=identifier)
    for context_set, name, label in INDEXES:
        index = _child(indexes, ZEEREX, "index")
        index.set("search", "true")
        _child(index, ZEEREX, "title", label).set("lang", "en")
        _child(_child(index, ZEEREX, "map"), ZEEREX, "name", name).set("set", context_set)
    search = _child(explain, ZEEREX, "searchInfo")  # the OASIS explain schema asks for it
    for example in EXAMPLES:
        _child(search, ZEEREX, "queryExample", example)
    schemas = _child(explain, ZEEREX, "schemaInfo")
    for name, identifier in rules.SCHEMAS.items():
        schema = _child(schemas, ZEEREX, "schema")
        schema.attrib.update(identifier=identifier, name=name, retrieve="true")
        _child(schema, ZEEREX, "title", SCHEMA_TITLES[name]).set("lang", "en")
    config = _child(explain, ZEEREX, "configInfo")
    _child(config, ZEEREX, "default", str(rules.DEFAULT_RECORDS)).set("type", "numberOfRecords")
    _child(config, ZEEREX, "setting", str(rules.MAX_RECORDS)).set("type", "maximumRecords")
    for relation in (*rules.WORD_RELATIONS, "exact"):
        _child(config, ZEEREX, "supports", relation).set("type", "relation")
    return explain
