"""The published OpenAPI document is the API's contract: one name per schema component, and
every error an operation can give is declared on it."""

import typing
from collections import defaultdict

from pydantic import BaseModel

from reol.api import api


def _models(annotation, seen: set) -> typing.Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation, seen)
    for argument in typing.get_args(annotation):
        yield from _models(argument, seen)


def _operations():
    for bound in api._get_bound_routers():
        for view in bound.path_operations.values():
            yield from view.operations


def test_no_two_schemas_share_a_component_name():
    """ninja names a component after its class and keeps the last one of a name: a second
    DayOut silently replaced the first, and one operation answered against the other's
    schema."""
    by_name: dict[str, set] = defaultdict(set)
    seen: set = set()
    for operation in _operations():
        wrappers = [m for m in operation.response_models.values() if m] + list(operation.models)
        for wrapper in wrappers:
            for model in _models(wrapper, seen):
                if model.__module__.startswith("reol."):
                    by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: places for name, places in by_name.items() if len(places) > 1}
    assert not shared, shared


def test_every_operation_declares_its_errors():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = {str(status) for status in operation["responses"]}
            assert {"400", "404"} <= declared, (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= declared, (method, path)
            if "requestBody" in operation:
                assert "415" in declared, (method, path)


def test_the_document_is_made_once_and_each_reader_gets_its_own(client):
    """Made once per process (it costs about half a second of CPU, and anyone may ask for
    it): the published answer is that document, and a reader that changes its copy changes
    nobody else's."""
    published = client.get("/api/v1/openapi.json").json()
    mine = api.get_openapi_schema()
    assert published["paths"].keys() == mine["paths"].keys()
    mine["paths"].clear()
    assert client.get("/api/v1/openapi.json").json() == published
    assert api.get_openapi_schema()["paths"].keys() == published["paths"].keys()
    assert api._documents, "the document is kept, not made again for every reader"


def test_no_operation_is_left_out_of_the_document():
    """The walks over every route (tests/web/test_library_lines.py) ask each API path with the
    methods the document names: an operation hidden from it would go unasked."""
    hidden = [operation.view_func.__name__ for operation in _operations()
              if not operation.include_in_schema]
    assert not hidden, hidden
