"""The whole published API, fuzzed from its own OpenAPI document (schemathesis): over real HTTP
against a live server, anonymously, as a patron (Basic) and as staff (token), with valid and
invalid input. Any 5xx, any undeclared status, any answer that breaks its schema fails.

Hypothesis runs derandomized with a fixed number of examples per operation, so a run is the same
on every machine and bounded in time (about a minute on two cores)."""

import base64
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
import requests
import schemathesis
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from reol.api import api
from reol.circulation import services
from reol.community.models import Exhibition
from reol.core import roles
from reol.events.models import Partner
from reol.rooms.models import Room
from tests.events.helpers import make_series
from tests.factories import make_item, make_patron, make_record

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Examples per operation and generation mode: enough to reach every parameter's edges (years,
# offsets, empty and huge strings) while the whole file stays near a minute.
EXAMPLES = {GenerationMode.POSITIVE: 5, GenerationMode.NEGATIVE: 3}
# Fewer for an operation asked without the credential it needs: django-ninja authenticates
# before it reads a parameter or the body (ninja/operation.py, Operation.run: _run_checks,
# then _get_values), so every generated example meets the same 401. One of each mode shows
# that answer declared and well formed; more would repeat it. The edges (below) still go
# through the path's converters, which run before the operation.
REFUSED = {GenerationMode.POSITIVE: 1, GenerationMode.NEGATIVE: 1}


@pytest.fixture
def world(live_server, network, settings) -> dict:
    """A small library network with something behind every operation: a record with copies, a
    patron with a loan, a room, an event, staff with a token."""
    settings.REOL_ALLOW_INSECURE_BASIC = True  # the live server speaks plain HTTP
    record = make_record("Kongens Fald", creators=["Johannes V. Jensen"], faust="29500000",
                         dk5="sk")  # a novel: the yearly report lists it
    item = make_item(record, network.glostrup_main)
    make_item(record, network.randers_main)
    patron = make_patron(network.glostrup, name="Alice", email="alice@example.org")
    desk = User.objects.create_user("glostrup-leader")
    roles.grant(desk, network.glostrup)
    out = io.StringIO()
    call_command("add_api_token", user=desk.username, name="fuzz", stdout=out,
                 stderr=io.StringIO())
    Room.objects.create(branch=network.glostrup_main, name="Studierummet", slug="studie",
                        capacity=6, slot_minutes=60, max_minutes=180, max_per_week=2,
                        days_ahead=14)
    now = timezone.now()
    series = make_series(network, now, first_start=now + timedelta(days=3), capacity=20,
                         registration_required=True)
    partner = Partner.objects.create(name="Skolen", slug="skolen")
    series.partners.add(partner)
    Exhibition.objects.create(title="Akvareller", slug="akvareller", branch=network.glostrup_main,
                              starts=now.date(), ends=now.date() + timedelta(days=30))
    loan = services.check_out(patron, item.barcode, network.glostrup_main)
    card = base64.b64encode(f"{patron.card}:1234".encode()).decode()
    # Operations reached with objects that exist, so the answers of 200 are fuzzed too.
    known = {
        "pid": record.pid, "code": network.glostrup_main.code, "card": patron.card,
        "agency": network.glostrup.agency, "year": now.year, "barcode": item.barcode,
        "id": loan.pk, "occurrence_id": series.occurrences.first().pk,
        "rooms": "studie", "partners": "skolen", "exhibitions": "akvareller",
        "library": network.glostrup.agency, "branch": network.glostrup_main.code,
    }
    identities = {
        "anonymous": {},
        "patron": {"Authorization": f"Basic {card}"},
        "staff": {"Authorization": f"Bearer {out.getvalue().strip()}"},
    }
    # Each identity must really be let in, or its run would fuzz nothing but 401s.
    base = f"{live_server.url}/api/v1"
    assert requests.get(f"{base}/patron", headers=identities["patron"]).status_code == 200
    assert requests.get(f"{base}/patrons/{patron.card}",
                        headers=identities["staff"]).status_code == 200
    return {
        **identities,
        "known": known,
        "url": live_server.url,  # the schema's paths start with /api/v1
    }


def _schemes(operation) -> set[str]:
    found = operation.definition.raw.get("security") or []
    return {name for requirement in found for name in requirement}


def _refused(operation, who: str) -> bool:
    """Whether `who` lacks every credential the operation takes (no optional security, no
    guest scheme, which lets anyone in)."""
    found = operation.definition.raw.get("security") or []
    return (who == "anonymous" and bool(found) and all(found)
            and "Guest" not in _schemes(operation))


def _operations(who: str) -> Iterator:
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    for result in schema.get_all_operations():
        operation = result.ok()
        schemes = _schemes(operation)
        if (who == "anonymous" or (who == "patron" and "PatronBasic" in schemes)
                or (who == "staff" and "StaffToken" in schemes)):
            yield operation


def _known(operation, known: dict) -> dict:
    """Path and query parameters pinned to objects of the world, where the operation has them."""
    pinned: dict = {"path_parameters": {}, "query": {}}
    for parameter in operation.definition.raw.get("parameters", []):
        name, where = parameter["name"], parameter["in"]
        if name == "slug":
            value = next(v for k, v in known.items() if f"/{k}/" in operation.path)
        elif name in known:
            value = known[name]
        else:
            continue
        pinned["path_parameters" if where == "path" else "query"][name] = value
    return {k: v for k, v in pinned.items() if v}


# Python's dates end at years 1 and 9999, and one day further is an OverflowError: values
# that generated examples seldom reach, so every date and number parameter gets them.
EDGES = {"date": ["0001-01-01", "9999-12-31"],
         "date-time": ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"],
         "integer": [-1, 2**63]}


def _kind(schema: dict) -> str | None:
    for option in [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]:
        if option.get("format") in ("date", "date-time"):
            return option["format"]
        if option.get("type") == "integer":
            return "integer"
    return None


def _edges(operation, known: dict) -> Iterator[dict]:
    """One pinned set of parameters per extreme value of each date or number parameter, the
    others pinned to objects that exist where they can be."""
    base = _known(operation, known)
    for parameter in operation.definition.raw.get("parameters", []):
        kind = _kind(parameter.get("schema", {}))
        where = {"path": "path_parameters", "query": "query"}.get(parameter["in"])
        if kind is None or where is None:
            continue
        for value in EDGES[kind]:
            pinned = {k: dict(v) for k, v in base.items()}
            pinned.setdefault(where, {})[parameter["name"]] = value
            yield pinned


def _fuzz(operation, mode: GenerationMode, url: str, headers: dict,
          session: requests.Session | None, pinned: dict | None = None,
          examples: int | None = None) -> list[str]:
    failures: list[str] = []
    label = f"{operation.label} [{mode.value}{f', {pinned}' if pinned is not None else ''}]"

    @settings(max_examples=examples or EXAMPLES[mode], derandomize=True, database=None,
              deadline=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode, **(pinned or {})))
    def run(case) -> None:
        try:
            # A new connection per request: the live server's keep-alive adds ~40 ms a call.
            case.call_and_validate(base_url=url, session=session,
                                   headers={**headers, "Connection": "close"},
                                   checks=CHECKS, timeout=30)
        except (AssertionError, FailureGroup) as failure:
            text = str(failure).strip().splitlines()
            failures.append(f"{label}: " + " | ".join(text[:12]))

    try:
        run()
    except Unsatisfiable:  # nothing in this operation can be made invalid
        assert mode is GenerationMode.NEGATIVE, operation.label
    return failures


@pytest.mark.parametrize("who", ["anonymous", "patron", "staff"])
def test_every_operation_answers_as_its_schema_says(world, who):
    failures: list[str] = []
    for operation in _operations(who):
        examples = REFUSED if _refused(operation, who) else EXAMPLES
        for mode in EXAMPLES:
            failures += _fuzz(operation, mode, world["url"], world[who], None,
                              examples=examples[mode])
        failures += _fuzz(operation, GenerationMode.POSITIVE, world["url"], world[who], None,
                          _known(operation, world["known"]),
                          examples=examples[GenerationMode.POSITIVE])
        for pinned in _edges(operation, world["known"]):
            failures += _fuzz(operation, GenerationMode.POSITIVE, world["url"], world[who],
                              None, pinned, examples=1)
    unique = list(dict.fromkeys(failures))
    assert not unique, f"{len(unique)} failures:\n" + "\n".join(unique[:40])
