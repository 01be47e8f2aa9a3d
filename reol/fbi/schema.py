"""The national catalogue's public GraphQL schema, as FBI publishes it (schema.json is its
introspection answer, kept as published), and how its fields are read from plain values.

reol answers from dictionaries shaped like the schema (shape.py). A value in a dictionary
may be a function, called with the field's arguments when the field is asked (graphql-core's
own convention). A field reol has nothing for answers what FBI answers when it knows nothing:
null where the schema allows it, else an empty list, an empty text, zero, false, or an
object whose fields follow the same rule — so every non-null field gets a valid value.
"""

import functools
import json
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    build_client_schema,
)

SCHEMA_FILE = Path(__file__).with_name("schema.json")
EMPTY_SCALARS: dict[str, object] = {"String": "", "ID": "", "Int": 0, "Float": 0.0,
                                    "Boolean": False}


@functools.cache
def schema() -> GraphQLSchema:
    return build_client_schema(json.loads(SCHEMA_FILE.read_text()))


def empty(kind: GraphQLOutputType) -> object:
    """What a field of this type answers when reol knows nothing for it."""
    if not isinstance(kind, GraphQLNonNull):
        return None
    inner = kind.of_type
    if isinstance(inner, GraphQLList):
        return []
    if isinstance(inner, GraphQLObjectType):
        return {}
    if isinstance(inner, GraphQLEnumType):
        return next(iter(inner.values))
    if isinstance(inner, GraphQLScalarType):
        return EMPTY_SCALARS.get(inner.name, "")
    return None  # an interface or union with nothing to show: graphql-core reports it


def resolve(source: Any, info: GraphQLResolveInfo, **arguments: Any) -> object:
    """Every field: the dictionary's value (called when it is a function), else empty()."""
    value = source.get(info.field_name) if isinstance(source, dict) else None
    if callable(value):
        value = value(**arguments)
    return empty(info.return_type) if value is None else value
