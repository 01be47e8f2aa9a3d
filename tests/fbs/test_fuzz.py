"""Every operation of the FBS Adapter fuzzed from the description the apps are built on
(schemathesis, derandomized, a few examples each) with a patron's token, which reaches every
operation: valid and invalid input, never a 5xx, an undeclared status or an answer outside
its schema."""

import pytest
import schemathesis
from schemathesis.generation import GenerationMode

from tests.web.test_api_fuzz import EXAMPLES, _fuzz

from .conftest import DESCRIPTION

pytestmark = pytest.mark.slow


def test_every_operation_answers_garbage_as_the_description_says(fbs, shelf, network, bearer):
    headers = bearer(network.glostrup, shelf.patron)
    failures: list[str] = []
    for result in schemathesis.openapi.from_path(str(DESCRIPTION)).get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += _fuzz(operation, mode, fbs.url, headers, None,
                              examples=EXAMPLES[mode])
    unique = list(dict.fromkeys(failures))
    assert not unique, f"{len(unique)} failures:\n" + "\n".join(unique[:40])
