"""The FBS Adapter's reads run as many statements for a patron with many loans, reservations
and fees as for one with few (counts, not times), like reol's own pages and API
(tests/web/test_per_row_queries.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reol.circulation import accounts, services
from reol.circulation.reservations import place_reservation
from tests.factories import make_item, make_patron, make_record

READS = [
    ("/external/agencyid/patrons/patronid/v4", {}),
    ("/external/agencyid/patrons/patronid/loans/v2", {}),
    ("/external/v1/agencyid/patrons/patronid/reservations/v2", {}),
    ("/external/v1/agencyid/patrons/patronid/reservations", {}),
    ("/external/agencyid/patron/patronid/fees/v2",
     {"includepaid": "true", "includenonpayable": "true"}),
]

pytestmark = pytest.mark.django_db(transaction=True)


def _more(network, patron, n: int, records: list) -> None:
    main = network.glostrup_main
    for _ in range(n):
        lent, wanted = make_record("Lånt"), make_record("Ventet")
        records += [lent, wanted]
        services.check_out(patron, make_item(lent, main).barcode, main)
        make_item(wanted, main, status="on_loan")
        place_reservation(patron, wanted, main)
        accounts.manual_charge(patron, Decimal("10"), "Skade", library_id=network.glostrup.pk,
                               by=None)


def _counts(client, headers, records) -> dict[str, int]:
    counts = {}
    faust = [r.pid.rpartition(":")[2] for r in records]
    reads = [*READS, *((path, {"recordid": faust}) for path in (
        "/external/agencyid/catalog/availability/v3",
        "/external/agencyid/catalog/holdingsLogistics/v1"))]
    for path, query in reads:
        client.get(path, query, headers=headers)  # the per-process memories, warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, query, headers=headers).status_code == 200
        counts[path] = len(queries)
    return counts


def test_no_fbs_read_runs_a_query_per_row(bearer, network, client):
    patron = make_patron(network.glostrup)
    headers, records = bearer(network.glostrup, patron), []
    _more(network, patron, 2, records)
    few = _counts(client, headers, records)
    _more(network, patron, 6, records)
    assert _counts(client, headers, records) == few
