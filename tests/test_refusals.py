"""The catalogue of refusals (reol/refusals.py) is complete, used, and documented."""

import ast
import functools
import re
import string
from pathlib import Path

import pytest

from reol import refusals
from reol.circulation import loan_rules, rules
from reol.circulation.models import Block
from reol.errors import DomainError
from reol.refusals import REFUSALS, Both, refuse

SOURCE = Path(refusals.__file__).parent
# The functions that take a catalogue key: refuse itself and the API's status-setting wrappers.
TAKES_KEY = {"refuse": 0, "not_found": 0, "refusal": 1}
API_AUTH_USERS = {"circulation/api.py", "circulation/api_auth.py", "core/api_auth.py",
                  "selfservice/api.py"}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@functools.cache  # parsing all of reol/ takes seconds; three tests read it
def sources() -> dict[str, ast.Module]:
    return {path.relative_to(SOURCE).as_posix(): ast.parse(path.read_text())
            for path in SOURCE.rglob("*.py")}


def used_keys() -> tuple[set[str], set[str]]:
    """The keys refuse() is called with anywhere in reol/: literal keys, and f-string keys as
    regular expressions (`f"bad_{name}"` → `bad_.+`)."""
    literal, patterns = set(), set()
    for key, _values, where in calls():
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            literal.add(key.value)
        elif isinstance(key, ast.JoinedStr):
            patterns.add("".join(re.escape(part.value) if isinstance(part, ast.Constant)
                                 else ".+" for part in key.values))
        elif not (isinstance(key, ast.Name) and key.id == "key"):  # the wrappers pass it on
            pytest.fail(f"{where}: a refusal key must be written out")
    return literal, patterns


def calls() -> list[tuple[ast.expr, set[str], str]]:
    """Every call that takes a catalogue key: (the key, the names of the values, where)."""
    found = []
    for name, tree in sources().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else (
                func.attr if ast.unparse(func) == "refusals.refuse" else None)
            if called not in TAKES_KEY or name == "refusals.py":
                continue
            if called == "refusal" and name not in API_AUTH_USERS:
                continue  # rooms.rules.refusal and the SIP2 reply are other functions
            if ast.unparse(func) == "refuse" and name == "sharing/services.py":
                continue  # sharing's own refuse(pk, reason) refuses an interlibrary request
            index = TAKES_KEY[called]
            if len(node.args) > index:
                found.append((node.args[index], {k.arg for k in node.keywords},
                              f"{name}:{node.lineno}"))
    return found


@pytest.mark.parametrize("key", sorted(REFUSALS))
def test_every_refusal_has_both_texts_with_the_same_placeholders(key):
    da, en = REFUSALS[key]
    assert da.strip() and en.strip()
    assert placeholders(da) == placeholders(en), key
    assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)?", key)


def test_every_key_used_in_reol_is_in_the_catalogue_and_every_entry_is_used():
    literal, patterns = used_keys()
    assert literal - set(REFUSALS) == set()
    for pattern in patterns:
        assert any(re.fullmatch(pattern, key) for key in REFUSALS), pattern
    unused = {key for key in REFUSALS
              if key not in literal and not any(re.fullmatch(p, key) for p in patterns)}
    assert unused == set()


def test_every_call_gives_exactly_the_values_its_texts_need():
    wrong = []
    for key, values, where in calls():
        if isinstance(key, ast.Constant) and key.value in REFUSALS:
            needed = placeholders(REFUSALS[key.value][0])
            if values != needed and None not in values:  # None: **values passed on
                wrong.append(f"{where}: {key.value} needs {sorted(needed)}, gets {sorted(values)}")
    assert wrong == []


def test_the_keys_made_at_run_time_are_all_in_the_catalogue():
    fields = [*loan_rules.BOUNDS, *loan_rules.MONEY, *loan_rules.CELL]
    made = ([f"bad_{name}" for name in fields] + [f"blocked_{code}" for code in Block.Code.values]
            + [f"item_{status}" for status in rules.UNLENDABLE])
    assert [key for key in made if key not in REFUSALS] == []


def test_no_refusal_is_written_outside_the_catalogue():
    """A new inline DomainError("code", "da", "en") fails here: add it to reol/refusals.py."""
    inline = [f"{name}:{node.lineno}" for name, tree in sources().items()
              if name not in ("errors.py", "refusals.py") for node in ast.walk(tree)
              if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("DomainError")]
    assert inline == []


def test_refuse_fills_in_the_values_in_each_language():
    error = refuse("unknown_barcode", barcode="123")
    assert isinstance(error, DomainError)
    assert (error.code, error.da, error.en) == (
        "unknown_barcode", "Stregkoden 123 kendes ikke.", "The barcode 123 is not known.")
    variant = refuse("no_title.shift")
    assert (variant.code, variant.en) == ("no_title", "The shift needs a title.")
    said = refuse("registration_not_open", when=Both("1. marts", "1 March"))
    assert (said.da, said.en) == ("Tilmeldingen åbner 1. marts.", "Registration opens 1 March.")
    with pytest.raises(KeyError):
        refuse("no_such_refusal")


def test_the_api_documentation_lists_every_code(client):
    description = client.get("/api/v1/openapi.json").json()["info"]["description"]
    listed = set(re.findall(r"^\| `([a-z0-9_]+)` \|", description, re.MULTILINE))
    assert listed == {key.partition(".")[0] for key in REFUSALS}
    assert "| `unknown_loan` | There is no such loan. |" in description
