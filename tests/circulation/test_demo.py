"""The demo's lending: named cards in the situations the README promises, made through the
services, the same every time."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, identify_hasher
from django.db import transaction
from django.utils import timezone

from reol.catalogue import changes
from reol.catalogue import demo as catalogue
from reol.catalogue.models import Item
from reol.circulation import accounts, demo, facts, patrons, services
from reol.circulation.models import Loan, LoanRule, Patron, Reservation, Transit
from reol.circulation.reservations import queue_position
from reol.core import access, roles
from reol.core.models import Event
from reol.errors import DomainError
from reol.libraries.demo import load_network
from reol.libraries.models import Library

SMALL = demo.Volume(patrons_per_library=30, loan_share=0.02, bestsellers=1, queue=(3, 4),
                    reservations=16, last_night=5, returned=12, returned_elsewhere=6)


@pytest.fixture
def network_with_catalogue(db):
    """The demo network with the 250 most popular bibdata titles and their copies."""
    libraries = list(load_network().values())
    pairs = catalogue.store_records(catalogue.demo_records()[:250])
    catalogue.store_items(pairs, libraries)
    return libraries


def load(libraries) -> demo.Summary:
    with changes.batch():
        return demo.load(libraries, volume=SMALL)


def snapshot() -> tuple:
    return (
        sorted(Patron.objects.values_list("card", "name", "birth_date", "guardian__card")),
        sorted(Loan.objects.values_list("item__barcode", "patron__card", "due", "returned")),
        sorted(Reservation.objects.values_list("patron__card", "record__pid", "status",
                                               "item__barcode", "pickup_number")),
        sorted(Transit.objects.values_list("item__barcode", "to_branch__code", "received")),
        Event.objects.count(),
    )


def named(agency: str, role: str) -> Patron:
    return Patron.objects.get(card=demo.card_number(agency, demo.ROLES[role].number))


def test_the_demo_is_the_same_every_time_with_the_situations_the_readme_promises(
    network_with_catalogue,
):
    with transaction.atomic():
        load(network_with_catalogue)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Patron.objects.exists()
    summary = load(network_with_catalogue)
    assert snapshot() == first
    every_patron_has_a_salt_of_their_own()
    named_cards()
    network_as_a_whole(summary)
    loan_rules_staff_and_generated_patrons()


def every_patron_has_a_salt_of_their_own() -> None:
    hashes = list(Patron.objects.values_list("pin", flat=True))
    assert len({h.rsplit("$", 2)[-2] for h in hashes}) == len(hashes) > 100
    adult = named(demo.DEMO_LIBRARIES[0], "adult")
    assert identify_hasher(adult.pin).must_update(adult.pin)  # demo cost
    patrons.authenticate(adult.card, "1234")
    adult.refresh_from_db()  # the first right log-in hashed the PIN anew at full cost
    assert not identify_hasher(adult.pin).must_update(adult.pin)
    assert check_password("1234", adult.pin)


def named_cards() -> None:
    today = timezone.localdate()
    for agency in demo.DEMO_LIBRARIES:
        adult = named(agency, "adult")
        assert patrons.authenticate(adult.card, "1234") == adult
        dues = sorted((loan.due - today).days for loan in adult.loans.filter(returned=None))
        assert len(dues) == 4 and dues[0] < 0 and 1 <= dues[1] <= 3
        shelf = adult.reservations.get(status=Reservation.Status.ON_HOLD_SHELF)
        assert shelf.pickup_number and shelf.shelf_deadline >= today
        assert shelf.item.current_branch == adult.pickup_branch
        waiting = adult.reservations.get(status=Reservation.Status.WAITING)
        assert queue_position(waiting) > 1

        child = named(agency, "child")
        assert child.guardian == adult and child.email == ""
        assert facts.rules.age(child.birth_date, today) == 9
        assert child.loans.filter(returned=None).count() == 2

        blocked = named(agency, "blocked")
        assert patrons.authenticate(blocked.card, "6666") == blocked
        with pytest.raises(DomainError) as refused:
            patrons.authenticate(blocked.card, "1234")
        assert refused.value.code == "wrong_pin"
        assert blocked.loans.filter(returned=None, due__lt=today).exists()
        shelf_copy = Item.objects.filter(library=blocked.library, status="available").first()
        with pytest.raises(DomainError) as refused:
            services.check_out(blocked, shelf_copy.barcode, blocked.pickup_branch)
        assert refused.value.code == "blocked_suspended"

        history = named(agency, "history")
        assert history.keep_history
        assert history.loans.filter(returned__isnull=False).count() == 3
        assert history.loans.filter(returned=None).count() == 1

        english = named(agency, "english")
        assert english.language == "en"
        assert english.reservations.get().status == Reservation.Status.WAITING
        # Returned late: a fee to pay where the library charges them (Randers), none else.
        owed = accounts.balance(english)
        assert owed > 0 if agency == "773000" else owed == 0


def network_as_a_whole(summary: demo.Summary) -> None:
    today = timezone.localdate()
    # The network as a whole: loans spread over the coming month, some overdue; queues,
    # pull lists, hold shelves and transits, all left behind by the services.
    open_loans = Loan.objects.filter(returned=None)
    assert summary.loans == open_loans.count() > 80
    assert 0 < summary.overdue < summary.loans / 3
    assert open_loans.filter(due__gt=today + timedelta(days=20)).exists()
    assert summary.waiting and summary.allocated and summary.on_hold_shelf
    assert summary.in_transit == Transit.objects.filter(received=None).count() > 0
    checkout_events = set(Event.objects.filter(kind="checkout").values_list("loan", flat=True))
    assert set(Loan.objects.values_list("pk", flat=True)) <= checkout_events
    assert not Event.objects.filter(kind="checkout", time__gte=timezone.now()).exists()
    # A returned loan forgets its patron unless the patron keeps a history.
    assert not Loan.objects.filter(returned__isnull=False, patron__keep_history=False).exists()


def loan_rules_staff_and_generated_patrons() -> None:
    randers = Library.objects.get(agency="773000")
    glostrup = Library.objects.get(agency="716100")
    adult, child = named("773000", "adult"), named("773000", "child")
    item = Loan.objects.filter(returned=None, item__library=randers,
                               item__record__material_type="book").first().item
    assert facts.terms(adult, item, timezone.localdate()).fee_policy == "overdue"
    assert facts.terms(adult, item, timezone.localdate()).overdue_fee_per_day == 5
    assert facts.terms(child, item, timezone.localdate()).fee_policy == "free"
    assert LoanRule.objects.get(library=glostrup, patron_group="").fee_policy == "free"
    assert all(rule.note for rule in LoanRule.objects.all())

    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    desk = users.get(username="skranke-773000")
    assert identify_hasher(desk.password).must_update(desk.password)  # demo cost, as the PINs
    assert desk.check_password(demo.PASSWORD)
    desk.refresh_from_db()  # the first right log-in hashed the password anew at full cost
    assert not identify_hasher(desk.password).must_update(desk.password)
    assert access.staff_libraries(desk) == {randers.pk}
    assert users.get(username="leder-716100").groups.filter(name="leader").exists()
    for prefix, role in demo.STAFF_LOGINS:  # one log-in per role per library (README)
        user = users.get(username=f"{prefix}-773000")
        assert access.staff_roles(user)[randers.pk] >= {f"role:{role}"}
        assert len(access.staff_roles(user)[randers.pk] & {f"role:{r}" for r in roles.ROLES}) == 1
    network_admin = users.get(username="netvaerk")
    assert access.libraries_with(network_admin, "change_staffrole") is None
    assert not access.can(network_admin, randers.pk, "view_patron")

    generated = Patron.objects.filter(library=randers, card__gte="7730001000")
    assert generated.count() == SMALL.patrons_per_library
    assert generated.filter(birth_date__gt=timezone.localdate() - timedelta(days=14 * 365),
                            guardian__isnull=False).exists()
    assert all(p.email.endswith("@example.dk") for p in generated.exclude(email=""))
    assert generated.filter(notify_sms=True).exclude(phone="").exists()
    assert patrons.authenticate(generated.first().card, demo.GENERATED_PIN)

