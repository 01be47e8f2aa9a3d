from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from reol.circulation.models import Transit
from reol.libraries.models import Library
from reol.transport.models import Hub
from tests.factories import make_item, make_record

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def scheme(network):
    """Gentofte's hub (sorted at Odense) for Glostrup, Herning's (which sorts) for Randers."""
    odense_lib = Library.objects.create(agency="746100", name="Odense Bibliotekerne",
                                        municipality="Odense", kind="central",
                                        region=network.glostrup.region)
    odense = Hub.objects.create(code="odense", name="Odense", library=odense_lib)
    Hub.objects.create(code="gentofte", name="Gentofte", library=odense_lib,
                       region=network.glostrup.region, sorted_at=odense)
    Hub.objects.create(code="herning", name="Herning", library=network.randers,
                       region=network.randers.region)
    return network


@pytest.fixture
def shipped(scheme):
    """A Glostrup copy sent to Randers for a reservation on Monday 16 November 2026."""
    item = make_item(make_record("Kongens fald"), scheme.glostrup_main)
    return Transit.objects.create(item=item, from_branch=scheme.glostrup_main,
                                  to_branch=scheme.randers_main, reason="reservation",
                                  sent=datetime(2026, 11, 16, 10, tzinfo=CPH))
