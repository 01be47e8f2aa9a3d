"""SIP2 2.00 on the wire: framing, parsing requests, encoding replies, checksums and dates.

Nothing here knows about libraries. A frame is one message without its terminator (CR, CRLF or
LF). Text is UTF-8, or Latin-1 when it is not valid UTF-8 (older machines). Checksums (AZ) are
verified when present; sequence numbers (AY) are read so the reply can carry them back.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from reol import bounds

BLANK_DATE = " " * 18
MAX_FIELD = 255  # the longest variable-length field SIP2 allows

# The fixed-length fields that open each request, in order. Date fields may be missing
# altogether (some clients leave the transaction date out of 65): see _fixed.
REQUESTS: dict[str, tuple[tuple[str, int], ...]] = {
    "93": (("uid_algorithm", 1), ("pwd_algorithm", 1)),
    "99": (("status", 1), ("max_print_width", 3), ("protocol_version", 4)),
    "23": (("language", 3), ("date", 18)),
    "63": (("language", 3), ("date", 18), ("summary", 10)),
    "11": (("renewal_policy", 1), ("no_block", 1), ("date", 18), ("nb_due_date", 18)),
    "09": (("no_block", 1), ("date", 18), ("return_date", 18)),
    "29": (("third_party", 1), ("no_block", 1), ("date", 18), ("nb_due_date", 18)),
    "65": (("date", 18),),
    "17": (("date", 18),),
    "15": (("mode", 1), ("date", 18)),
    "35": (("date", 18),),
    "01": (("card_retained", 1), ("date", 18)),
    "19": (("date", 18),),
    "25": (("date", 18),),
    "97": (),
}
DATE_FIELDS = {"date", "nb_due_date", "return_date"}
DATE = re.compile(r"\d{8}[0-9A-Z ]{4}\d{6}| {18}")
FIELD_CODE = re.compile(r"[A-Z][A-Z0-9]")
CHECKSUM = re.compile(rb"AZ([0-9A-Fa-f]{4})$")
SEQUENCE = re.compile(r"\|?AY(\d)\|?$")
TRAILING_SEQUENCE = re.compile(rb"AY(\d)\|?$")


class ProtocolError(ValueError):
    """The frame is not a SIP2 request we can read: the answer is 96 (please resend)."""


class ChecksumError(ProtocolError):
    pass


@dataclass
class Message:
    code: str
    fixed: dict[str, str]
    fields: dict[str, list[str]]
    raw: str
    seq: str | None = None  # the AY digit, when the request used one
    checksummed: bool = False  # the request carried AZ
    latin1: bool = False  # the text was not UTF-8

    def get(self, code: str, default: str = "") -> str:
        values = self.fields.get(code)
        return values[0].strip() if values else default


@dataclass
class Reply:
    code: str
    fixed: list[str]
    fields: list[tuple[str, str | None]] = field(default_factory=list)  # None: leave out


def checksum(data: bytes) -> str:
    """Four hex digits: the two's complement of the 16-bit sum of the bytes up to and
    including "AZ"."""
    return f"{-sum(data) & 0xFFFF:04X}"


def _checksum_ok(head: bytes, text_head: str, given: str) -> bool:
    # The spec sums bytes; some clients sum characters. Accept either when they differ.
    given = given.upper()
    return checksum(head) == given or f"{-sum(map(ord, text_head)) & 0xFFFF:04X}" == given


def parse(frame: bytes) -> Message:
    """Read one request. Raises ChecksumError for a wrong checksum, ProtocolError otherwise."""
    frame = frame.strip(b"\r\n")
    try:
        text, latin1 = frame.decode("utf-8"), False
    except UnicodeDecodeError:
        text, latin1 = frame.decode("latin-1"), True
    checksummed = False
    if found := CHECKSUM.search(frame):
        head = frame[: found.start() + 2]
        text_head = text[: len(text) - 4]
        if not _checksum_ok(head, text_head, found.group(1).decode()):
            raise ChecksumError("wrong checksum")
        text, checksummed = text[: len(text) - 6], True
    seq = None
    if found := SEQUENCE.search(text):
        text, seq = text[: found.start()], found.group(1)
    code = text[:2]
    if code not in REQUESTS:
        raise ProtocolError(f"unknown message {code!r}")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise ProtocolError("control characters")
    fixed, rest = _fixed(code, text[2:])
    return Message(code, fixed, _variable(rest), text, seq, checksummed, latin1)


def _fixed(code: str, text: str) -> tuple[dict[str, str], str]:
    values, at = {}, 0
    for name, length in REQUESTS[code]:
        chunk = text[at : at + length]
        if name in DATE_FIELDS:
            if not DATE.fullmatch(chunk):
                values[name] = BLANK_DATE  # left out by the client: not there at all
                continue
        elif len(chunk) < length or "|" in chunk:
            raise ProtocolError(f"message {code} is truncated")
        values[name] = chunk
        at += length
    return values, text[at:]


def _variable(text: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for piece in text.split("|"):
        if not piece:
            continue
        if not FIELD_CODE.match(piece):
            raise ProtocolError(f"not a field: {piece[:10]!r}")
        fields.setdefault(piece[:2], []).append(piece[2:])
    return fields


def _clean(value: str) -> str:
    value = "".join(c for c in str(value) if ord(c) >= 32 and c != "\x7f")
    return value.replace("|", "/")[:MAX_FIELD]


def encode(reply: Reply, *, seq: str | None = None, with_checksum: bool = False,
           encoding: str = "utf-8") -> bytes:
    """One reply frame, CR-terminated; every variable-length field ends with '|'."""
    text = reply.code + "".join(reply.fixed)
    text += "".join(f"{code}{_clean(value)}|" for code, value in reply.fields if value is not None)
    if seq is not None:
        text += f"AY{seq}"
    data = text.encode(encoding, errors="replace")
    if with_checksum:
        data += b"AZ"
        data += checksum(data).encode()
    return data + b"\r"


def resend(*, seq: str | None = None, with_checksum: bool = False) -> bytes:
    """96: the ACS asks the machine to send its last message again, with the sequence number
    and a checksum when the machine used them (its error detection is on)."""
    return encode(Reply("96", []), seq=seq, with_checksum=with_checksum)


def error_detection(frame: bytes) -> tuple[str | None, bool]:
    """The sequence number (AY) and whether a checksum (AZ) ended a frame, read even from one
    that cannot be read otherwise (a wrong checksum, an unknown code): the 96 that asks for it
    again carries them back, so a machine with error detection on can match it."""
    frame = frame.strip(b"\r\n")
    checksummed = CHECKSUM.search(frame) is not None
    if checksummed:
        frame = frame[:-6]
    found = TRAILING_SEQUENCE.search(frame)
    return (found.group(1).decode() if found else None), checksummed


# --- dates ------------------------------------------------------------------------------------


def sip_datetime(moment: datetime | None = None) -> str:
    """YYYYMMDDZZZZHHMMSS in local (Copenhagen) time: ZZZZ blank means local time."""
    local = timezone.localtime(moment or timezone.now())
    return local.strftime("%Y%m%d    %H%M%S")


def sip_date(day: date | None) -> str:
    """A due date: the end of that day."""
    return f"{day:%Y%m%d}    235959" if day else ""


def parse_date(value: str) -> date | None:
    """The date part of a SIP2 date, or None for a blank or unreadable one."""
    value = value.strip()
    if len(value) < 8 or not value[:8].isdigit():
        return None
    try:
        found = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None
    return found if bounds.supported(found) else None  # year 9999 + a day overflows


def flag(value: bool) -> str:
    return "Y" if value else "N"


def digit(value: bool) -> str:
    return "1" if value else "0"


def count(value: int, width: int = 4) -> str:
    return f"{min(value, 10**width - 1):0{width}d}"
