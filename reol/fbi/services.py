"""Answer a GraphQL request as the national catalogue's FBI does, from reol's own records.

The apps send `{query, variables}` and no operationName: the query text names its one
operation. reol answers the catalogue lookups they make — `manifestation`, `manifestations`
and `complexSearch` by ISBN — and refuses any other root field, mutations, and queries over
the limits (limits.py) before a record is read. A request answers in a constant number of
statements however many manifestations it asks for (two per root field).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
)

from reol.catalogue import rules as catalogue_rules
from reol.catalogue.models import Record
from reol.errors import DomainError
from reol.refusals import refuse

from . import limits, rules
from .schema import resolve, schema
from .shape import Shape, Shaper

ROOT_FIELDS = {"manifestation", "manifestations", "complexSearch", "__typename", "__schema",
               "__type"}
MAX_ID_LENGTH = 80  # a pid or faust longer than any record's (Record.pid) finds nothing


@dataclass(frozen=True)
class Answer:
    status: int  # 200 with data (and errors of single fields); 400 when nothing was run
    body: dict[str, Any]


def _refused(error: DomainError) -> GraphQLError:
    return GraphQLError(error.message(), extensions={"code": error.code})


def refused(error: DomainError, status: int = 400) -> Answer:
    """A refusal in the standard `errors` shape (no data: nothing was run)."""
    return Answer(status, {"errors": [_refused(error).formatted]})


def answer(body: object, cover_url: Callable[[Record], str | None]) -> Answer:
    """The answer to one request body (already read as JSON)."""
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return refused(refuse("graphql_no_query"))
    variables, operation = body.get("variables"), body.get("operationName")
    if not isinstance(variables, dict | None) or not isinstance(operation, str | None):
        return refused(refuse("graphql_no_query"))
    try:
        document = parse(body["query"], max_tokens=limits.MAX_TOKENS)
    except GraphQLSyntaxError as error:
        return Answer(400, {"errors": [error.formatted]})
    try:  # before validation, whose cost grows faster than the query (overlapping fields)
        _check(document, operation)
    except DomainError as error:
        return refused(error)
    problems = validate(schema(), document)
    if problems:
        return Answer(400, {"errors": [p.formatted for p in problems]})
    result = execute(schema(), document, root_value=_root(Shaper({}, cover_url)),
                     variable_values=variables, operation_name=operation,
                     field_resolver=resolve)
    if not isinstance(result, ExecutionResult):  # only an asynchronous resolver makes one
        raise TypeError("reol's resolvers are synchronous")
    return Answer(200 if result.data is not None else 400, dict(result.formatted))


def _check(document: DocumentNode, operation_name: str | None) -> None:
    """Refuse what reol does not answer, or what is too big, before anything is read."""
    found = limits.size(document)
    if limits.too_deep(found):
        raise refuse("graphql_too_deep", most=limits.MAX_DEPTH)
    if limits.too_wide(found):
        raise refuse("graphql_too_wide", most=limits.MAX_FIELDS)
    if limits.too_repetitive(found):
        raise refuse("graphql_same_name", most=limits.MAX_SAME_NAME)
    operation = get_operation_ast(document, operation_name)
    if not isinstance(operation, OperationDefinitionNode):
        return  # graphql-core says which operation is wanted, in its own words
    if operation.operation != OperationType.QUERY:
        raise refuse("graphql_not_served", field=operation.operation.value)
    for node in operation.selection_set.selections:
        if isinstance(node, FieldNode) and node.name.value not in ROOT_FIELDS:
            raise refuse("graphql_not_served", field=node.name.value)


# --- The root fields -------------------------------------------------------------------------

def _root(shaper: Shaper) -> dict[str, Callable[..., object]]:
    def manifestation(faust: str | None = None, pid: str | None = None) -> Shape | None:
        found = _manifestations(shaper, [faust] if faust else None, [pid] if pid else None)
        return found[0]

    def manifestations(faust: list[str] | None = None,
                       pid: list[str] | None = None) -> list[Shape | None]:
        return _manifestations(shaper, faust, pid)

    def complex_search(cql: str, **_: object) -> Shape:
        isbns = rules.isbns_in_cql(cql)
        if isbns is None or len(isbns) > rules.MAX_IDS:
            raise _refused(refuse("graphql_cql", most=rules.MAX_IDS))
        return _works_with_isbns(shaper, isbns)

    return {"manifestation": manifestation, "manifestations": manifestations,
            "complexSearch": complex_search}


def _load(shaper: Shaper, where: Q) -> list[Record]:
    """The records, and (for the shaper) every record of their works: two statements."""
    records = list(Record.objects.filter(where))
    works = {r.work_id for r in records if r.work_id} - set(shaper.siblings)
    for record in Record.objects.filter(work_id__in=works).order_by("pid"):
        shaper.siblings.setdefault(record.work_id or 0, []).append(record)
    return records


def _manifestations(shaper: Shaper, fausts: list[str] | None,
                    pids: list[str] | None) -> list[Shape | None]:
    """One manifestation (or null, as FBI answers an unknown one) per faust or pid asked."""
    if (fausts is None) == (pids is None):
        raise _refused(refuse("graphql_faust_or_pid"))
    wanted = fausts if fausts is not None else pids or []
    if len(wanted) > rules.MAX_IDS:
        raise _refused(refuse("graphql_too_many_ids", most=rules.MAX_IDS))
    asked = [w for w in wanted if 0 < len(w) <= MAX_ID_LENGTH]
    if fausts is not None:
        records = _load(shaper, Q(faust__in=asked))
        by_key = {}
        for record in sorted(records, key=lambda r: rules.faust_order(r.pid), reverse=True):
            by_key[record.faust] = record  # the national catalogue's record is set last
    else:
        by_key = {r.pid: r for r in _load(shaper, Q(pid__in=asked))}
    return [shaper.manifestation(by_key[w]) if w in by_key else None for w in wanted]


def _works_with_isbns(shaper: Shaper, isbns: list[str]) -> Shape:
    """complexSearch for `term.isbn=…`: the works with a record of one of these ISBNs."""
    normal = [n for n in (catalogue_rules.normalize_isbn(i) for i in isbns) if n]
    records = _load(shaper, Q(isbn_rows__isbn__in=normal)) if normal else []
    works = list({r.work_id or -r.pk: r for r in sorted(records, key=lambda r: r.pid)}
                 .values())

    def page(limit: object, offset: object, **_: object) -> list[Shape]:
        asked = rules.page(limit, offset)
        if asked is None:
            raise _refused(refuse("graphql_page", most=rules.MAX_WORKS))
        return [shaper.work(r) for r in works[asked[0]:asked[0] + asked[1]]]

    return {"hitcount": len(works), "works": page}
