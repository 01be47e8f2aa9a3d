"""The provider API's reads run as many statements for a patron with many digital loans,
reservations and checklist items as for one with few (counts, not times)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reol.circulation import mine
from reol.digital import services as digital
from reol.digital.models import DigitalTerms
from tests.factories import make_patron

from .conftest import _title

pytestmark = pytest.mark.django_db(transaction=True)
READS = ["/publizon/v1/user/loans", "/publizon/v1/user/reservations",
         "/publizon/v1/user/checklist", "/publizon/v1/products"]
_serial = iter(range(100, 999))


def _isbn() -> str:
    digits = f"978870000{next(_serial):03d}"
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def _more(patron, other, n: int, isbns: list) -> None:
    for _ in range(n):
        lent, wanted, listed = (_title("Lånt", _isbn(), "free"),
                                _title("Ventet", _isbn(), "one_copy"),
                                _title("Husket", _isbn(), "free", "eaudiobook"))
        digital.lend(patron, lent)
        digital.lend(other, wanted)
        digital.reserve(patron, wanted)
        mine.add_favourite(patron, listed.record)
        isbns += [t.record.isbn_rows.get().isbn for t in (lent, wanted, listed)]


def _counts(client, headers, isbns) -> dict[str, int]:
    counts = {}
    for path in READS:
        client.get(path, headers=headers)  # the per-process memories, warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, headers=headers).status_code == 200
        counts[path] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.post("/publizon/v1/loanstatus", isbns, content_type="application/json",
                           headers=headers).status_code == 200
    counts["loanstatus"] = len(queries)
    return counts


def test_no_provider_api_read_runs_a_query_per_row(bearer, network, client):
    DigitalTerms.objects.create(library=network.glostrup, ebook_cap=20, eaudiobook_cap=20)
    patron, other = make_patron(network.glostrup), make_patron(network.glostrup)
    headers, isbns = bearer(network.glostrup, patron), []
    _more(patron, other, 1, isbns)
    few = _counts(client, headers, isbns)
    _more(patron, other, 4, isbns)
    assert _counts(client, headers, isbns) == few
