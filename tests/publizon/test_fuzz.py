"""Every operation of the provider API fuzzed from the description the sites are built on
(schemathesis, derandomized, a few examples each) with a patron's token, which reaches every
operation: valid and invalid input, never a 5xx; a 200 in its operation's schema, a refusal
an ApiResult."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

from .conftest import DESCRIPTION, component

pytestmark = pytest.mark.slow
EXAMPLES = {GenerationMode.POSITIVE: 4, GenerationMode.NEGATIVE: 3}
FRIENDLY = "/v1/user/cardnumber/friendly"  # one object, as the apps read it (docs/publizon.md)


def _fuzz(operation, mode: GenerationMode, url: str, headers: dict) -> list[str]:
    failures: list[str] = []

    @settings(max_examples=EXAMPLES[mode], derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case) -> None:
        # The description's clientId, licenseKey and cardNumber headers are never read (the
        # token says all three); garbage in them would test the HTTP server, not reol.
        case.headers = {}
        response = case.call(base_url=url, headers={**headers, "Connection": "close"},
                             timeout=30)
        try:
            assert response.status_code in (200, 400), response.text[:200]
            if response.status_code == 400:
                component("ApiResult", response.json())
            elif operation.path == FRIENDLY:
                component("FriendlyCardResult", response.json())
            else:
                operation.validate_response(response)
        except Exception as failure:  # any kind is a finding, listed with its request
            failures.append(f"{operation.label} [{mode.value}]: {str(failure)[:200]} "
                            f"{response.status_code} {response.headers.get('Content-Type')} "
                            f"{response.text[:150]!r} {case.media_type} {case.path_parameters}")

    try:
        run()
    except Unsatisfiable:  # nothing in this operation can be made invalid
        assert mode is GenerationMode.NEGATIVE, operation.label
    return failures


def test_every_operation_answers_garbage_as_the_description_says(publizon, titles, network,
                                                                 bearer):
    headers = bearer(network.glostrup, titles.patron)
    failures: list[str] = []
    for result in schemathesis.openapi.from_path(str(DESCRIPTION)).get_all_operations():
        for mode in EXAMPLES:
            failures += _fuzz(result.ok(), mode, f"{publizon.url}/publizon", headers)
    unique = list(dict.fromkeys(failures))
    assert not unique, f"{len(unique)} failures:\n" + "\n".join(unique[:40])
