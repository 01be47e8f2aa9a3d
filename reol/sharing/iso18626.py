"""ISO 18626 version 1.2 on the wire: build, parse and validate messages. Knows nothing of
libraries or states; services.py decides what a message means.

Every message built here and every message received is validated against the standard's XSD
(loaded once). Agencies are named by ISIL with the agency id type "ISIL".
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

NS = "http://illtransactions.org/2013/iso18626"
VERSION = "1.2"
SCHEMA = Path(__file__).with_name("schemas") / "ISO-18626-v1_2.xsd"
MAX_BYTES = 200_000
# Messages that never leave this process (a library of this database talking to another) skip
# the XSD on the way: builder and reader are the same code, checked against the XSD in tests.
# Tests set this to validate those too; whatever crosses the network is always validated.
ALWAYS_VALIDATE = False

REQUEST = "request"
SUPPLYING = "supplyingAgencyMessage"
REQUESTING = "requestingAgencyMessage"
CONFIRMATION = {
    REQUEST: "requestConfirmation",
    SUPPLYING: "supplyingAgencyMessageConfirmation",
    REQUESTING: "requestingAgencyMessageConfirmation",
}
KINDS = (*CONFIRMATION, *CONFIRMATION.values())

ET.register_namespace("ill", NS)


class IsoError(Exception):
    """A message we cannot take: answered with a confirmation whose status is ERROR."""

    def __init__(self, error_type: str, value: str = "") -> None:
        super().__init__(f"{error_type}: {value}")
        self.error_type = error_type
        self.value = value[:300]


@dataclass
class Message:
    kind: str
    supplier: str = ""
    requester: str = ""
    request_id: str = ""
    supplier_request_id: str = ""
    timestamp: datetime | None = None
    # requestingAgencyMessage
    action: str = ""
    # supplyingAgencyMessage
    reason: str = ""
    status: str = ""
    answer: str = ""  # Y / N
    reason_unfilled: str = ""
    due: date | None = None
    item_id: str = ""
    note: str = ""
    # request
    title: str = ""
    author: str = ""
    ids: dict = field(default_factory=dict)  # {"ISBN": ..., "FAUST": ..., "PID": ...}
    patron_id: str = ""
    pickup: str = ""
    # confirmations
    message_status: str = ""
    error_type: str = ""
    error_value: str = ""


@cache
def schema():
    import xmlschema

    return xmlschema.XMLSchema(str(SCHEMA))


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        element.text = text
    return element


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _agency(parent: ET.Element, tag: str, isil: str) -> None:
    agency = _sub(parent, tag)
    _sub(agency, "agencyIdType", "ISIL")
    _sub(agency, "agencyIdValue", isil)


def _root(kind: str) -> tuple[ET.Element, ET.Element]:
    root = ET.Element(_q("ISO18626Message"), {_q("version"): VERSION})
    return root, _sub(root, kind)


def _header(parent: ET.Element, m: Message) -> None:
    header = _sub(parent, "header")
    _agency(header, "supplyingAgencyId", m.supplier)
    _agency(header, "requestingAgencyId", m.requester)
    _sub(header, "multipleItemRequestId", "")
    _sub(header, "timestamp", _time(m.timestamp or datetime.now(UTC)))
    _sub(header, "requestingAgencyRequestId", m.request_id)
    if m.supplier_request_id:
        _sub(header, "supplyingAgencyRequestId", m.supplier_request_id)


def _done(root: ET.Element, validate: bool) -> bytes:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    if validate or ALWAYS_VALIDATE:
        errors = list(schema().iter_errors(root))
        if errors:  # our own builder is wrong: never send such a message
            raise ValueError(f"invalid ISO 18626 message built: {errors[0].reason}")
    return body


def build(m: Message, *, validate: bool = True) -> bytes:
    """The XML of a Request, SupplyingAgencyMessage or RequestingAgencyMessage."""
    root, body = _root(m.kind)
    _header(body, m)
    if m.kind == REQUEST:
        info = _sub(body, "bibliographicInfo")
        if m.title:
            _sub(info, "title", m.title)
        if m.author:
            _sub(info, "author", m.author)
        if m.ids.get("ISBN"):
            item_id = _sub(info, "bibliographicItemId")
            _sub(item_id, "bibliographicItemIdentifier", m.ids["ISBN"])
            _sub(item_id, "bibliographicItemIdentifierCode", "ISBN")
        for code in ("FAUST", "PID"):
            if m.ids.get(code):
                record_id = _sub(info, "bibliographicRecordId")
                _sub(record_id, "bibliographicRecordIdentifierCode", code)
                _sub(record_id, "bibliographicRecordIdentifier", m.ids[code])
        service = _sub(body, "serviceInfo")
        _sub(service, "requestType", "New")
        _sub(service, "serviceType", "Loan")
        if m.note:
            _sub(service, "note", m.note)
        if m.pickup:
            delivery = _sub(body, "requestedDeliveryInfo")
            address = _sub(_sub(delivery, "address"), "physicalAddress")
            _sub(address, "line1", m.pickup)
        if m.patron_id:
            _sub(_sub(body, "patronInfo"), "patronId", m.patron_id)
    elif m.kind == SUPPLYING:
        info = _sub(body, "messageInfo")
        _sub(info, "reasonForMessage", m.reason)
        if m.answer:
            _sub(info, "answerYesNo", m.answer)
        if m.note:
            _sub(info, "note", m.note)
        if m.reason_unfilled:
            _sub(info, "reasonUnfilled", m.reason_unfilled)
        status = _sub(body, "statusInfo")
        _sub(status, "status", m.status)
        if m.due:
            _sub(status, "dueDate", f"{m.due.isoformat()}T23:59:59Z")
        _sub(status, "lastChange", _time(m.timestamp or datetime.now(UTC)))
        if m.item_id:
            delivery = _sub(body, "deliveryInfo")
            _sub(delivery, "dateSent", _time(m.timestamp or datetime.now(UTC)))
            _sub(delivery, "itemId", m.item_id)
    elif m.kind == REQUESTING:
        _sub(body, "action", m.action)
        if m.note:
            _sub(body, "note", m.note)
    else:
        raise ValueError(m.kind)
    return _done(root, validate)


def confirm(kind: str, m: Message | None, received: datetime, *,
            error: IsoError | None = None, validate: bool = True) -> bytes:
    """The confirmation of an incoming message of `kind`: OK, or ERROR with ErrorData."""
    root, body = _root(CONFIRMATION.get(kind, CONFIRMATION[REQUEST]))
    header = _sub(body, "confirmationHeader")
    if m and m.supplier:
        _agency(header, "supplyingAgencyId", m.supplier)
    if m and m.requester:
        _agency(header, "requestingAgencyId", m.requester)
    _sub(header, "timestamp", _time(datetime.now(UTC)))
    if m and m.request_id:
        _sub(header, "requestingAgencyRequestId", m.request_id)
    _sub(header, "timestampReceived", _time(m.timestamp if m and m.timestamp else received))
    _sub(header, "messageStatus", "ERROR" if error else "OK")
    if kind == SUPPLYING and m and m.reason:
        _sub(body, "reasonForMessage", m.reason)
    if kind == REQUESTING and m and m.action:
        _sub(body, "action", m.action)
    if error:
        data = _sub(body, "errorData")
        _sub(data, "errorType", error.error_type)
        if error.value:
            _sub(data, "errorValue", error.value)
    return _done(root, validate)


def sender(m: Message) -> tuple[str, str]:
    """The agency that sends a message, and the header field that names it: the requesting
    agency sends Requests and RequestingAgencyMessages, the supplying agency the rest."""
    if m.kind in (REQUEST, REQUESTING):
        return m.requester, "requestingAgencyId"
    return m.supplier, "supplyingAgencyId"


# --- reading ----------------------------------------------------------------------------------


def kind_of(data: bytes) -> str:
    """Which message this claims to be, as far as it can be told: for the right confirmation
    even when the rest is broken."""
    for kind in KINDS:
        if f"{kind}>".encode() in data or f"{kind} ".encode() in data:
            return kind
    return REQUEST


def parse(data: bytes, *, validate: bool = True) -> Message:
    """Read and validate one message; raise IsoError with the protocol's error type."""
    if len(data) > MAX_BYTES:
        raise IsoError("BadlyFormedMessage", "message too large")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise IsoError("BadlyFormedMessage", "DTDs are not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise IsoError("BadlyFormedMessage", f"not well-formed XML: {e}") from None
    if root.tag != _q("ISO18626Message"):
        raise IsoError("BadlyFormedMessage", f"root element {root.tag}")
    for error in schema().iter_errors(root) if validate or ALWAYS_VALIDATE else ():
        raise _classify(error)
    body = root[0]
    kind = body.tag.removeprefix(f"{{{NS}}}")
    m = Message(kind=kind)
    header = body.find(_q("header"))
    if header is None:
        header = body.find(_q("confirmationHeader"))
    m.supplier = _isil(header, "supplyingAgencyId")
    m.requester = _isil(header, "requestingAgencyId")
    m.request_id = _text(header, "requestingAgencyRequestId")
    m.supplier_request_id = _text(header, "supplyingAgencyRequestId")
    m.timestamp = _datetime(_text(header, "timestamp"))
    m.message_status = _text(header, "messageStatus")
    m.action = _text(body, "action")
    m.note = _text(body, "note") or _text(body, "messageInfo/note") or _text(
        body, "serviceInfo/note")
    m.reason = _text(body, "messageInfo/reasonForMessage") or _text(body, "reasonForMessage")
    m.answer = _text(body, "messageInfo/answerYesNo")
    m.reason_unfilled = _text(body, "messageInfo/reasonUnfilled")
    m.status = _text(body, "statusInfo/status")
    due = _text(body, "statusInfo/dueDate")
    m.due = _datetime(due).date() if due else None
    m.item_id = _text(body, "deliveryInfo/itemId")
    m.title = _text(body, "bibliographicInfo/title")
    m.author = _text(body, "bibliographicInfo/author")
    for element in body.iterfind(f"{_q('bibliographicInfo')}/{_q('bibliographicItemId')}"):
        m.ids[_text(element, "bibliographicItemIdentifierCode").upper()] = _text(
            element, "bibliographicItemIdentifier")
    for element in body.iterfind(f"{_q('bibliographicInfo')}/{_q('bibliographicRecordId')}"):
        m.ids[_text(element, "bibliographicRecordIdentifierCode").upper()] = _text(
            element, "bibliographicRecordIdentifier")
    m.patron_id = _text(body, "patronInfo/patronId")
    m.pickup = _text(body, "requestedDeliveryInfo/address/physicalAddress/line1")
    m.error_type = _text(body, "errorData/errorType")
    m.error_value = _text(body, "errorData/errorValue")
    return m


def _classify(error) -> IsoError:
    path = (error.path or "").replace(f"{{{NS}}}", "")
    reason = str(error.reason or error.message).replace(f"{{{NS}}}", "")
    if path.endswith("action"):
        return IsoError("UnsupportedActionType", f"{path}: {reason}")
    if path.endswith("reasonForMessage"):
        return IsoError("UnsupportedReasonForMessageType", f"{path}: {reason}")
    if "Unexpected child" in reason or "not an element" in reason:
        return IsoError("UnrecognisedDataElement", f"{path}: {reason}")
    if "value must be one of" in reason or "not a valid value" in reason \
            or "invalid value" in reason or "is not an element of the set" in reason:
        return IsoError("UnrecognisedDataValue", f"{path}: {reason}")
    return IsoError("BadlyFormedMessage", f"{path}: {reason}")


def _text(parent: ET.Element | None, path: str) -> str:
    if parent is None:
        return ""
    element = parent.find("/".join(_q(p) for p in path.split("/")))
    return (element.text or "").strip() if element is not None else ""


def _isil(header: ET.Element | None, tag: str) -> str:
    if header is None or header.find(_q(tag)) is None:
        return ""
    kind = _text(header, f"{tag}/agencyIdType")
    if kind.upper() != "ISIL":
        raise IsoError("UnrecognisedDataValue", f"{tag}/agencyIdType: {kind} (ISIL expected)")
    return _text(header, f"{tag}/agencyIdValue")


def _datetime(text: str) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise IsoError("UnrecognisedDataValue", f"date and time {text}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
