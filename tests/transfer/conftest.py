from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from reol.catalogue import changes
from reol.catalogue import demo as catalogue
from reol.circulation import accounts
from reol.circulation import demo as lending
from reol.circulation.models import Loan, Patron
from reol.insight.models import PastFigure
from reol.libraries.demo import load_network
from tests.circulation.test_demo import SMALL


@pytest.fixture
def small_demo(db):
    """The demo network at test size (tests/circulation/test_demo.py), with what the demo does
    not make itself: an address, charges partly paid, kept histories and past figures."""
    libraries = list(load_network().values())
    pairs = catalogue.store_records(catalogue.demo_records()[:250])
    catalogue.store_items(pairs, libraries)
    with changes.batch():
        lending.load(libraries, volume=SMALL)
    now = timezone.now()
    for library in libraries:
        patrons = list(Patron.objects.filter(library=library).order_by("card")[:3])
        patrons[0].address = "Rådhuspladsen 1, 1550 København V"
        patrons[0].keep_history = True
        patrons[0].save()
        charge = accounts.manual_charge(patrons[1], "45.00", "Mistet lånerkort", by=None,
                                        library_id=library.pk)
        accounts.pay(patrons[1], "20.00", "cash", library_id=library.pk)
        assert charge.amount == Decimal("45.00")
        loan = Loan.objects.filter(item__library=library, returned__isnull=True).first()
        Loan.objects.create(item=loan.item, patron=patrons[0], branch=loan.branch,
                            checked_out=now - timedelta(days=90), due=date.today(),
                            returned=now - timedelta(days=60))
        PastFigure.objects.bulk_create(
            PastFigure(library=library, month=date(2024, month, 1), measure=measure,
                       value=1000 * month + n)
            for month in (1, 2, 12) for n, measure in enumerate(PastFigure.Measure.values))
    return libraries
