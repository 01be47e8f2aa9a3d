"""What an OAI-PMH 2.0 request may say and what it means. Pure functions.

The protocol (openarchives.org/OAI/openarchivesprotocol.html) names six verbs, each with its
own required, optional and exclusive arguments (`resumptionToken` stands alone). Dates are
UTC, to the day (YYYY-MM-DD) or to the second (YYYY-MM-DDThh:mm:ssZ); `from` and `until` must
use the same granularity and are both inclusive. Every "no" is one of the protocol's error
codes (ERROR_CODES), with our own words for it from reol/refusals.py.

A list (ListIdentifiers, ListRecords) is read in pages in (datestamp, id) order, first the
live records, then the tombstones of deleted ones; the resumption token carries where the
page ended and the harvest's `until`, frozen at the first page, so a record changed between
pages falls outside this harvest (it comes in the next incremental one) rather than being
seen twice or skipped.
"""

import base64
import hashlib
import hmac
import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta

from reol.errors import DomainError
from reol.refusals import refuse

# The reol refusal code behind each error the protocol defines.
ERROR_CODES = {
    "oai_bad_verb": "badVerb",
    "oai_bad_argument": "badArgument",
    "oai_bad_token": "badResumptionToken",
    "oai_cannot_disseminate": "cannotDisseminateFormat",
    "oai_unknown_id": "idDoesNotExist",
    "oai_no_records": "noRecordsMatch",
}

# verb → (required, optional) arguments besides `verb`; a token replaces all but `verb`.
VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset()),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
}
RESUMABLE = {"ListIdentifiers", "ListRecords", "ListSets"}
FORMATS = ("marc21", "oai_dc")
DAY, SECOND = "YYYY-MM-DD", "YYYY-MM-DDThh:mm:ssZ"
# Set specs: `library:<agency>` (records with copies there), `type:<material type>`.
SET_KINDS = ("library", "type")
LIVE, DELETED = 0, 1  # the two parts of a list, read one after the other
_SAFE = r"[A-Za-z0-9\-_\.!~\*'\(\)]+"
_DATE = r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?"
_ECHOED = {  # argument → the form OAI-PMH.xsd gives it in <request>
    "verb": re.compile("|".join(VERBS)), "metadataPrefix": re.compile(_SAFE),
    "set": re.compile(f"{_SAFE}(:{_SAFE})*"), "from": re.compile(_DATE),
    "until": re.compile(_DATE), "identifier": re.compile(r"\S{1,200}"),
    "resumptionToken": re.compile(r"[A-Za-z0-9_\-.]{1,2000}"),
}


@dataclass(frozen=True)
class Request:
    """A request whose arguments are all present and well formed."""

    verb: str
    identifier: str = ""
    prefix: str = ""
    set_spec: str = ""
    start: datetime | None = None  # `from`: the first moment included
    end: datetime | None = None  # `until`: the first moment no longer included
    token: "Token | None" = None


@dataclass(frozen=True)
class Token:
    """Where a list stopped: its arguments (the harvest's end frozen), the part (LIVE or
    DELETED) and the last (datestamp, id) given, how many were given and how many there are."""

    prefix: str
    set_spec: str
    start: datetime | None
    end: datetime
    part: int = LIVE
    after: datetime | None = None
    after_id: int = 0
    cursor: int = 0
    total: int = 0


def parse(arguments: dict[str, list[str]], now: datetime, key: bytes) -> Request:
    """The request the arguments make, or the protocol's error for them. `now` freezes the
    end of a list that names no `until`; `key` signs resumption tokens."""
    verbs = arguments.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise refuse("oai_bad_verb")
    verb = verbs[0]
    given = {name for name in arguments if name != "verb"}
    for name, values in arguments.items():
        if len(values) > 1:
            raise refuse("oai_bad_argument.repeated", name=name)
    value = {name: values[0] for name, values in arguments.items()}
    if "resumptionToken" in given and verb in RESUMABLE:
        if given != {"resumptionToken"}:
            raise refuse("oai_bad_argument.exclusive")
        return Request(verb, token=read_token(value["resumptionToken"], key))
    required, optional = VERBS[verb]
    if unknown := sorted(given - required - optional):
        raise refuse("oai_bad_argument.illegal", name=unknown[0])
    if missing := sorted(required - given):
        raise refuse("oai_bad_argument.missing", name=missing[0])
    start, end = dates(value.get("from"), value.get("until"))
    if verb in ("ListIdentifiers", "ListRecords"):
        # Frozen now: what changes while the harvest goes on belongs to the next one.
        end = now if end is None else min(end, now)
    set_spec = value.get("set", "")
    if set_spec and set_spec.partition(":")[0] not in SET_KINDS:
        raise refuse("oai_no_records")  # a set that does not exist holds no records
    prefix = value.get("metadataPrefix", "")
    if prefix and prefix not in FORMATS:
        raise refuse("oai_cannot_disseminate", prefix=prefix[:40])
    return Request(verb, value.get("identifier", ""), prefix, set_spec, start, end)


def echo(arguments: dict[str, list[str]]) -> dict[str, str]:
    """The arguments to repeat in the answer's <request>: those given once and of the form
    the protocol's schema allows there (a malformed one is left out, not echoed)."""
    echoed = {}
    for name, values in arguments.items():
        if len(values) == 1 and (form := _ECHOED.get(name)) and form.fullmatch(values[0]):
            echoed[name] = values[0]
    return echoed


def dates(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """`from` and `until` as a half-open range [start, end): both inclusive in the protocol,
    so `until` ends after its day or second."""
    start = end = None
    granularities = set()
    if since is not None:
        start, granularity = moment(since)
        granularities.add(granularity)
    if until is not None:
        end, granularity = moment(until)
        granularities.add(granularity)
        end += timedelta(days=1) if granularity == DAY else timedelta(seconds=1)
    if len(granularities) > 1:
        raise refuse("oai_bad_argument.granularity")
    if start is not None and end is not None and start >= end:
        raise refuse("oai_bad_argument.range")
    return start, end


def moment(text: str) -> tuple[datetime, str]:
    """A protocol date (either granularity) as a UTC moment and its granularity."""
    for pattern, granularity in (("%Y-%m-%dT%H:%M:%SZ", SECOND), ("%Y-%m-%d", DAY)):
        if len(text) == len(granularity):
            try:
                return datetime.strptime(text, pattern).replace(tzinfo=UTC), granularity
            except ValueError:
                break
    raise refuse("oai_bad_argument.date", value=text[:40])


def datestamp(when: datetime) -> str:
    """A datestamp to the second, in UTC: what every header and responseDate says."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def set_spec(kind: str, code: str) -> str:
    """The setSpec of a library (by its agency number) or a material type."""
    return f"{kind}:{code}"


def first_token(request: Request, total: int) -> Token:
    """The state of a list before its first page."""
    assert request.end is not None
    return Token(request.prefix, request.set_spec, request.start, request.end, total=total)


def next_token(token: Token, given: int, part: int, after: datetime | None,
               after_id: int) -> Token:
    """The state after a page that ended at (after, after_id) in `part`."""
    return replace(token, part=part, after=after, after_id=after_id,
                   cursor=token.cursor + given)


# --- resumption tokens: the state, signed, so a token cannot be forged or garbled ------------

def write_token(token: Token, key: bytes) -> str:
    fields = asdict(token)
    for name in ("start", "end", "after"):
        fields[name] = fields[name].isoformat() if fields[name] else None
    body = base64.urlsafe_b64encode(json.dumps(list(fields.values()),
                                               separators=(",", ":")).encode()).rstrip(b"=")
    return f"{body.decode()}.{_signature(body, key)}"


def read_token(text: str, key: bytes) -> Token:
    body, _, signature = text.encode("ascii", "replace").partition(b".")
    if not hmac.compare_digest(_signature(body, key).encode(), signature):
        raise refuse("oai_bad_token")
    try:
        values = json.loads(base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4)))
        prefix, spec, start, end, part, after, after_id, cursor, total = values
        return Token(prefix, spec, _when(start), datetime.fromisoformat(end), int(part),
                     _when(after), int(after_id), int(cursor), int(total))
    except (ValueError, TypeError) as error:  # signed by us, yet not ours: an older form
        raise refuse("oai_bad_token") from error


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _signature(body: bytes, key: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()[:24]


def protocol_error(error: DomainError) -> str:
    """The protocol's error code for a refusal."""
    return ERROR_CODES[error.code]
