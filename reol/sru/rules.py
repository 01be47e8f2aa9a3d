"""What an SRU request asks, and its CQL query as a search of the catalogue; each "no" is a
diagnostic as the standard numbers it (https://www.loc.gov/standards/sru/diagnostics/).

SRU 1.2 names the operation and version in parameters (`operation=searchRetrieve&version=1.2`)
and answers in the srw namespace; SRU 2.0 drops both parameters: a request with a query is a
searchRetrieve, one without is an explain, and the answer is in the OASIS namespace."""

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from cql.lexer import CQLLexer, CQLLexerError
from cql.parser import CQLParser12, CQLParserError, CQLQuery, CQLSearchClause, CQLTriple

from reol.errors import DomainError
from reol.refusals import refuse
from reol.search.expressions import Combined, Exact, Expression, Mode, Place, Words
from reol.search.rules import clean_query

Version = Literal["1.2", "2.0"]
DEFAULT_RECORDS = 10
MAX_RECORDS = 50  # records in one answer: a page a cataloguer reads, never the catalogue
MAX_QUERY = 500  # characters of CQL
# The record schemas, by the short name and the identifier a client may ask for.
SCHEMAS = {"marcxml": "info:srw/schema/1/marcxml-v1.1", "dc": "info:srw/schema/1/dc-v1.1"}
SCHEMA_NAMES = {"marcxml": "marcxml", "marc21": "marcxml", "dc": "dc",
                **{uri: name for name, uri in SCHEMAS.items()}}
# The indexes, by every name a client may use (context set and index, lower case).
WORD_INDEXES: dict[str, Place] = {
    "cql.serverchoice": "anywhere", "serverchoice": "anywhere", "cql.anywhere": "anywhere",
    "anywhere": "anywhere", "dc.title": "title", "title": "title", "dc.creator": "creator",
    "creator": "creator", "dc.subject": "subject", "subject": "subject",
}
EXACT_INDEXES: dict[str, Literal["isbn", "identifier"]] = {
    "bath.isbn": "isbn", "isbn": "isbn", "dc.identifier": "identifier",
    "rec.id": "identifier", "identifier": "identifier",
}
# CQL relations on word indexes: `=` is every word (CQL leaves it to the server), `==` the
# words as written, in order.
WORD_RELATIONS: dict[str, Mode] = {
    "=": "all", "all": "all", "any": "any", "adj": "adj", "==": "adj"}
BOOLEANS: dict[str, Literal["and", "or", "not"]] = {"and": "and", "or": "or", "not": "not"}
EXACT_RELATIONS = ("=", "==", "exact", "any", "all", "adj")
# Relation modifiers that say what the search does anyway.
HARMLESS_MODIFIERS = {"relevant", "stem", "ignorecase", "ignoreaccents", "word", "string"}
KNOWN_PARAMETERS = {  # as SRU spells them: parameter names are case-sensitive
    "operation", "version", "query", "queryType", "startRecord", "maximumRecords",
    "recordPacking", "recordXMLEscaping", "recordSchema", "resultSetTTL", "stylesheet",
    "sortKeys", "recordXPath", "httpAccept", "renderedBy", "responseType",
}


@dataclass
class Diagnostic(Exception):
    """A fatal SRU diagnostic: its number in info:srw/diagnostic/1/, the details the standard
    asks for (the parameter, index or relation at fault), and the refusal saying why."""

    number: int
    details: str
    refusal: DomainError


@dataclass(frozen=True)
class Request:
    version: Version
    operation: Literal["explain", "searchRetrieve"]
    query: str = ""
    start: int = 1
    maximum: int = DEFAULT_RECORDS
    schema: str = "marcxml"
    escaping: Literal["xml", "string"] = "xml"


def version_of(params: Mapping[str, str]) -> Version:
    """The version to answer in: as asked, else 1.2 when the request names an operation (a
    1.x client), else 2.0."""
    asked = params.get("version")
    if asked is None:
        return "1.2" if "operation" in params else "2.0"
    if asked not in ("1.2", "2.0"):
        raise Diagnostic(5, "2.0", refuse("sru_version", version=asked[:20]))
    return "2.0" if asked == "2.0" else "1.2"


def read_request(params: Mapping[str, str]) -> Request:
    """The request in the parameters; a diagnostic for what SRU or reol cannot answer."""
    version = version_of(params)
    for name in params:
        if name not in KNOWN_PARAMETERS and not name.startswith("x-"):
            raise Diagnostic(8, name[:50], refuse("sru_parameter", name=name[:50]))
    operation = params.get("operation") or ("searchRetrieve" if "query" in params else "explain")
    if operation == "explain":
        return Request(version, "explain")
    if operation != "searchRetrieve":
        raise Diagnostic(4, operation[:50], refuse("sru_operation", operation=operation[:50]))
    query = clean_query(params.get("query", ""))  # no control characters, single spaces
    if not query:
        raise Diagnostic(7, "query", refuse("sru_missing", name="query"))
    if len(query) > MAX_QUERY:
        raise Diagnostic(6, "query", refuse("sru_query_too_long", most=MAX_QUERY))
    if params.get("queryType", "cql") != "cql":
        raise Diagnostic(6, "queryType", refuse("sru_value", name="queryType"))
    if params.get("sortKeys"):
        raise Diagnostic(80, "", refuse("sru_sort"))
    if params.get("recordXPath"):
        raise Diagnostic(72, "", refuse("sru_xpath"))
    schema = params.get("recordSchema", "marcxml")
    if schema not in SCHEMA_NAMES:
        raise Diagnostic(66, schema[:100], refuse("sru_schema", schema=schema[:100]))
    return Request(version, "searchRetrieve", query,
                   _number(params, "startRecord", 1, 1), min(
                       _number(params, "maximumRecords", DEFAULT_RECORDS, 0), MAX_RECORDS),
                   SCHEMA_NAMES[schema], _escaping(params, version))


def _number(params: Mapping[str, str], name: str, default: int, least: int) -> int:
    text = params.get(name, "").strip()
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or int(text) < least or len(text) > 9:
        raise Diagnostic(6, name, refuse("sru_value", name=name))
    return int(text)


def _escaping(params: Mapping[str, str], version: Version) -> Literal["xml", "string"]:
    """How records stand in the answer: as XML, or escaped as a string. SRU 1.2 calls this
    recordPacking; 2.0 calls it recordXMLEscaping, and recordPacking there means packed
    (the whole record) or unpacked, which reol does not offer."""
    name = "recordPacking" if version == "1.2" else "recordXMLEscaping"
    value = params.get(name, "xml")
    if version == "2.0" and params.get("recordPacking", "packed") != "packed":
        raise Diagnostic(6, "recordPacking", refuse("sru_value", name="recordPacking"))
    if value == "xml":
        return "xml"
    if value == "string":
        return "string"
    raise Diagnostic(71, value[:50], refuse("sru_packing", packing=value[:50]))


def first_record_refusal(start: int, count: int) -> Diagnostic | None:
    """startRecord past the last hit is diagnostic 61 (when there are hits at all)."""
    if count and start > count:
        return Diagnostic(61, str(start), refuse("sru_first_record", count=count))
    return None


def next_position(start: int, returned: int, count: int) -> int | None:
    """Where the next page starts, when there is one."""
    following = start + returned
    return following if returned and following <= count else None


# --- CQL -------------------------------------------------------------------------------------

_parsing = threading.Lock()  # a ply parser keeps its state while it parses


@lru_cache(maxsize=1)
def _parser() -> CQLParser12:
    lexer = CQLLexer()
    lexer.build()
    parser = CQLParser12()
    parser.build(lexer)  # type: ignore[arg-type]  # it wants the CQLLexer, not ply's Lexer
    return parser


def parse(text: str) -> CQLQuery:
    """The CQL query as a tree; diagnostic 10 for what is not CQL."""
    with _parsing:
        try:
            parsed = _parser().parse(text)
        except (CQLLexerError, CQLParserError) as error:
            raise Diagnostic(10, str(error.args[0] if error.args else "")[:200],
                             refuse("sru_syntax")) from None
    if parsed is None:
        raise Diagnostic(10, "", refuse("sru_syntax"))
    return parsed


def translate(text: str) -> Expression:
    """The search a CQL query asks for, over title, creator, subject, any word, ISBN and
    identifier, with and, or and not."""
    query = parse(text)
    if query.root.sortSpecs:
        raise Diagnostic(80, "", refuse("sru_sort"))
    return _node(query.root)


def _node(node: CQLTriple | CQLSearchClause) -> Expression:
    if isinstance(node, CQLTriple):
        operator = node.operator.value.lower()
        if operator not in BOOLEANS:
            raise Diagnostic(37, operator, refuse("sru_boolean", operator=operator))
        if node.operator.modifiers:
            raise Diagnostic(46, str(node.operator.modifiers[0]), refuse("sru_modifier"))
        return Combined(BOOLEANS[operator], _node(node.left), _node(node.right))
    index = str(node.index or "cql.serverChoice")
    relation = str(node.relation.comparitor) if node.relation else "="
    relation = relation.lower()
    term = node.term.strip()
    if node.relation and any(str(m.name).lower().rpartition(".")[2] not in HARMLESS_MODIFIERS
                             for m in node.relation.modifiers or []):
        raise Diagnostic(20, node.relation.toCQL(), refuse("sru_modifier"))
    if not term:
        raise Diagnostic(27, "", refuse("sru_empty_term"))
    if "*" in term:
        raise Diagnostic(28, term[:100], refuse("sru_masking"))
    if index.lower() in EXACT_INDEXES:
        if relation not in EXACT_RELATIONS:
            raise Diagnostic(19, relation, refuse("sru_relation", relation=relation))
        return _exact(EXACT_INDEXES[index.lower()], term, relation)
    if index.lower() not in WORD_INDEXES:
        raise Diagnostic(16, index[:100], refuse("sru_index", index=index[:100]))
    if relation not in WORD_RELATIONS:
        raise Diagnostic(19, relation, refuse("sru_relation", relation=relation))
    return Words(WORD_INDEXES[index.lower()], term, WORD_RELATIONS[relation])


def _exact(index: Literal["isbn", "identifier"], term: str, relation: str) -> Expression:
    """An identifier; with `any`, each of the words is one (any of them)."""
    parts = term.split() if relation == "any" else [term]
    found: Expression = Exact(index, parts[0])
    for part in parts[1:]:
        found = Combined("or", found, Exact(index, part))
    return found
