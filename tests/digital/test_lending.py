"""Digital loans through the services: within and beyond the month's cap, the budget, the
one-copy queue, early return, the access link, forgetting, and where they are counted."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from reol.circulation.models import Block
from reol.collection.models import Fund
from reol.collection.services import budget
from reol.core.models import Event
from reol.digital import privacy, services
from reol.digital.models import DigitalLoan
from reol.errors import DomainError
from tests.digital.conftest import make_title
from tests.factories import make_patron

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
END_OF_JANUARY = datetime(2027, 1, 31, 22, 0, tzinfo=CPH)


def refused(code: str, call, *args, **kwargs) -> None:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code


def test_the_cap_counts_the_calendar_month_and_opens_again_on_the_first(network, terms):
    patron = make_patron(network.glostrup)
    books = [make_title(title=f"Bog {n}") for n in range(4)]
    services.lend(patron, books[0], now=END_OF_JANUARY - timedelta(days=3))
    services.lend(patron, books[1], now=END_OF_JANUARY)
    refused("digital_cap_reached", services.lend, patron, books[2], now=END_OF_JANUARY)
    # An e-audiobook has a cap of its own; a free title counts against none.
    services.lend(patron, make_title(material_type="eaudiobook", title="Lyd"),
                  now=END_OF_JANUARY)
    services.lend(patron, make_title("free", title="Gratis"), now=END_OF_JANUARY)
    # 1 February in Copenhagen, though still 31 January in UTC.
    february = datetime(2027, 2, 1, 0, 30, tzinfo=CPH)
    assert services.lend(patron, books[2], now=february).ends == february + timedelta(days=30)
    assert services.caps_left(patron, february)["ebook"] == (2, 1)


def test_when_the_budget_is_spent_only_free_titles_lend(network, terms):
    Fund.objects.create(library=network.glostrup, year=2027, code="DIGITAL", name="Digital",
                        budget=Decimal("36"))
    first, second = make_patron(network.glostrup), make_patron(network.glostrup)
    services.lend(first, make_title(title="A"), now=END_OF_JANUARY)
    services.lend(second, make_title(title="B"), now=END_OF_JANUARY)
    refused("digital_budget_spent", services.lend, first, make_title(title="C"),
            now=END_OF_JANUARY)
    refused("digital_budget_spent", services.lend, first, make_title("one_copy", title="D"),
            now=END_OF_JANUARY)
    services.lend(first, make_title("free", title="E"), now=END_OF_JANUARY)
    # The acquisitions budget overview shows what digital loans spent of the fund.
    (figures,) = budget(Fund.objects.filter(code="DIGITAL"))
    assert figures.spent == Decimal("36") and figures.left == 0


def test_one_copy_one_user_queues_and_an_early_return_frees_the_copy(network, terms):
    now = datetime(2027, 3, 10, 12, tzinfo=CPH)
    title = make_title("one_copy", copies=1)
    first, second, third = (make_patron(network.glostrup) for _ in range(3))
    loan = services.lend(first, title, now=now)
    refused("digital_no_copy", services.lend, second, title, now=now)
    refused("digital_no_queue", services.reserve, first, make_title("simultaneous"), now=now)
    services.reserve(second, title, now=now)
    services.give_back(first, loan.pk, now=now + timedelta(hours=1))
    # The freed copy is the queued patron's, not whoever comes first.
    later = now + timedelta(hours=2)
    refused("digital_no_copy", services.lend, third, title, now=later)
    services.lend(second, title, now=later)
    assert not title.reservations.exists()


def test_the_access_link_opens_for_its_patron_during_the_loan_only(network, terms):
    patron = make_patron(network.glostrup, pin="4321")
    other = make_patron(network.glostrup, pin="4321")
    loan = services.lend(patron, make_title())
    url = f"/digital/access/{services.access_token(loan)}/"
    mine, theirs = Client(), Client()
    for client, who in ((mine, patron), (theirs, other)):
        assert client.post("/login/", {"card": who.card, "pin": "4321"}).status_code == 302
    opened = mine.get(url)
    assert opened.status_code == 200 and opened["Content-Type"] == "application/epub+zip"
    assert theirs.get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the log-in
    assert mine.get(url[:-3] + "xx/").status_code == 403  # a tampered link
    services.give_back(patron, loan.pk)
    ended = mine.get(url)
    assert ended.status_code == 403 and "Lånet er slut" in ended.content.decode()


def test_a_loan_ends_by_itself_and_is_forgotten_after_its_month_unless_kept(network, terms):
    keeper = make_patron(network.glostrup, keep_history=True)
    other = make_patron(network.glostrup)
    start = datetime(2027, 1, 5, 10, tzinfo=CPH)
    kept = services.lend(keeper, make_title(title="A"), now=start)
    gone = services.lend(other, make_title(title="B"), now=start)
    assert DigitalLoan.objects.filter(**services.active(start + timedelta(days=29))).count() == 2
    assert not DigitalLoan.objects.filter(**services.active(start + timedelta(days=30))).exists()
    privacy.forget(datetime(2027, 2, 10, tzinfo=CPH))
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.patron == keeper and gone.patron is None


def test_a_digital_loan_is_a_loan_in_the_event_log_without_the_patron(network, terms):
    patron = make_patron(network.glostrup)
    services.lend(patron, make_title(material_type="eaudiobook"), now=END_OF_JANUARY)
    row = Event.objects.get(kind="checkout")
    assert row.material_type == "eaudiobook" and row.detail["digital"] is True
    assert row.branch is None and row.patron_ref is None and row.age_group


def test_a_blocked_patron_borrows_nothing_digital(network, terms):
    """A block (fees, a suspension, one placed at a kiosk) refuses a digital loan as the desk
    refuses a physical one; lifted, the patron borrows again."""
    patron = make_patron(network.glostrup)
    book = make_title(title="Bog")
    block = Block.objects.create(patron=patron, code="fees")
    refused("blocked_fees", services.lend, patron, book, now=END_OF_JANUARY)
    assert not DigitalLoan.objects.filter(patron=patron).exists()
    block.delete()
    assert services.lend(patron, book, now=END_OF_JANUARY).patron == patron
