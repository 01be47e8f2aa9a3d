"""The apps' queries, and a check that an answer fits FBI's schema, made by graphql-core
itself: the answer is run again through the published schema as its own data, so a null in
a non-null field, a wrong scalar or an unknown enum value fails as it would in a client."""

import json
import urllib.request
from functools import cache
from pathlib import Path

from graphql import (
    ExecutionResult,
    GraphQLSchema,
    build_client_schema,
    execute,
    parse,
    print_ast,
    separate_operations,
    validate,
)

from reol.fbi.schema import SCHEMA_FILE

QUERIES = Path(__file__).with_name("queries")
SHARED = "fragments.graphql"


@cache
def published() -> GraphQLSchema:
    # Built here, apart from reol's: the check must not share what it checks. The file is
    # FBI's introspection answer, kept as published in reol/fbi/.
    return build_client_schema(json.loads(SCHEMA_FILE.read_text()))


@cache
def app_queries() -> dict[str, str]:
    """Each operation as the apps send it: its text with the fragments it uses."""
    shared = (QUERIES / SHARED).read_text()
    found = {}
    for path in sorted(QUERIES.glob("*.graphql")):
        if path.name != SHARED:
            for name, document in separate_operations(parse(path.read_text() + shared)).items():
                found[name] = print_ast(document)
    return found


def post(url: str, body: object) -> tuple[int, dict]:
    """A real HTTP POST of a JSON body; the status and the JSON answer, whatever the status."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    asked = urllib.request.Request(url, data=data, method="POST",
                                   headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(asked) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def fits_schema(query: str, variables: dict, data: dict) -> list[str]:
    """Problems of the query against the schema, then of the answer's data against the
    query's shape (empty: it fits)."""
    document = parse(query)
    problems = [e.message for e in validate(published(), document)]
    if problems:
        return problems

    def as_answered(source, info, **_):
        return source.get(info.path.key) if isinstance(source, dict) else None

    def type_of(value, info, abstract):
        given = value.get("__typename") if isinstance(value, dict) else None
        return given or info.schema.get_possible_types(abstract)[0].name

    result = execute(published(), document, root_value=data, variable_values=variables,
                     field_resolver=as_answered, type_resolver=type_of)
    assert isinstance(result, ExecutionResult)
    return [e.message for e in result.errors or []] + (
        [] if result.data == data else ["the answer differs when read through the schema"])
