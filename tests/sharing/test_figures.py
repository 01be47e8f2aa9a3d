"""Interlibrary-loan figures from the event log."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from reol.core.models import Event
from reol.libraries.models import Library
from reol.sharing.figures import TARGET, figures

CPH = ZoneInfo("Europe/Copenhagen")


def _log(network, when, kind="transit_received", **detail):
    Event.objects.create(time=when, kind=kind, library=network.glostrup, detail=detail)


def test_received_loans_count_once_for_both_libraries(network):
    Library.objects.create(agency="765700", name="Herning Bibliotekerne", municipality="Herning",
                           kind="central", region=network.randers.region)
    march = datetime(2026, 3, 10, 12, tzinfo=CPH)
    loan = {"lender": "DK-773000", "borrower": "DK-716100"}
    _log(network, march, ill="received", request="r1", **loan)
    _log(network, march, kind="interlibrary", ill="received", request="r1", role="requester",
         **loan)  # a second row of the same step
    _log(network, march, ill="received", request="r2", **loan)
    _log(network, march, kind="interlibrary", ill="received", request="r2", role="supplier",
         **loan)  # the lender's side does not count again
    _log(network, march, kind="transit_sent", ill="shipped", request="r3", **loan)
    _log(network, datetime(2026, 4, 30, 23, 30, tzinfo=CPH), ill="received", request="r4",
         lender="DK-716100", borrower="DK-773000")  # late on 30 April: April
    _log(network, datetime(2025, 12, 1, tzinfo=CPH), ill="received", request="r5", **loan)

    year = figures(2026)
    assert year.total == 3 and year.monthly == {3: 2, 4: 1}
    rows = {r.isil: r for r in year.libraries}
    assert rows["DK-716100"].received == {3: 2} and rows["DK-716100"].supplied == {4: 1}
    assert rows["DK-773000"].supplied_total == 2 and rows["DK-773000"].received_total == 1
    assert [(r.name, r.supplied_total, r.received_total) for r in year.regions] == [
        ("Herning Bibliotekerne", 2, 1)]
    assert year.target == TARGET == 725_000
    assert year.expected_by(date(2026, 7, 2)) == round(725_000 * 183 / 365)
