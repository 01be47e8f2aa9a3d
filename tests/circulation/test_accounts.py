"""The patron's account (issue 16, point 5): entries only ever added, the balance their sum,
payments settling the oldest charges, no overpayment, waivers with a reason, refunds when a
lost copy is found, the fee block following the balance, and the account kept when the loan
history is forgotten. On SQLite and PostgreSQL alike."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from reol.circulation import accounts, profile, services
from reol.circulation import fee_rules as rules
from reol.circulation.fee_rules import Line
from reol.circulation.models import AccountEntry, Block, Loan, LoanRule
from reol.core.models import Event
from reol.errors import DomainError
from tests.factories import make_item, make_patron, make_record

pytestmark = pytest.mark.django_db
D = Decimal


# --- the rules, without a database ----------------------------------------------------------


def test_payments_settle_the_oldest_charges_first():
    lines = [Line(1, "charge", D("20")), Line(2, "manual", D("30")), Line(3, "payment", D("-25"))]
    assert [(o.id, o.left) for o in rules.open_charges(lines)] == [(2, D("25"))]
    assert rules.balance(lines) == D("25")


def test_a_waiver_settles_the_charge_it_names_and_not_the_oldest():
    lines = [Line(1, "charge", D("20")), Line(2, "charge", D("30")),
             Line(3, "waiver", D("-30"), settles=2)]
    assert [(o.id, o.left) for o in rules.open_charges(lines)] == [(1, D("20"))]


def test_a_refund_of_a_paid_charge_is_a_credit_the_next_charge_uses_up():
    lines = [Line(1, "charge", D("300")), Line(2, "payment", D("-300")),
             Line(3, "refund", D("-300"), settles=1), Line(4, "charge", D("20"))]
    assert rules.open_charges(lines) == [] and rules.balance(lines) == D("-280")


@pytest.mark.parametrize("text", ["0", "-5", "abc", "1.234", "NaN", "Infinity", "1e9", ""])
def test_an_amount_must_be_a_positive_sum_of_whole_ore(text):
    with pytest.raises(DomainError) as refused:
        rules.amount(text)
    assert refused.value.code == "fee_amount"


def test_a_danish_comma_is_an_amount():
    assert rules.amount("12,50") == D("12.50")


def test_nobody_pays_more_than_is_owed():
    assert rules.payment_refusal(D("10"), D("10")) is None
    assert rules.payment_refusal(D("10.01"), D("10")).code == "fee_overpayment"
    assert rules.payment_refusal(D("1"), D("0")).code == "fee_nothing_owed"


# --- the account in the database -------------------------------------------------------------


@pytest.fixture
def randers_rules(network):
    """Randers' fees: 5 kr. a day, at most 100; a patron owing over 150 kr. is blocked."""
    return LoanRule.objects.create(library=network.randers, fee_policy="overdue",
                                   overdue_fee_per_day=D("5"), max_overdue_fee=D("100"),
                                   max_owed=D("150"))


def late_return(patron, network, title="Kongens Fald", days_late=10):
    item = make_item(make_record(title), network.randers_main)
    now = timezone.now()
    loan = services.check_out(patron, item.barcode, "randers-hb",
                              now=now - timedelta(days=30 + days_late))
    Loan.objects.filter(pk=loan.pk).update(due=timezone.localdate(now)
                                           - timedelta(days=days_late))
    services.check_in(item.barcode, "randers-hb", now=now)
    return loan


def test_a_late_return_charges_the_fee_with_the_title_and_the_balance_is_the_sum(
        network, randers_rules):
    rasmus = make_patron(network.randers)
    late_return(rasmus, network, "Kongens Fald", days_late=4)
    late_return(rasmus, network, "Hærværk", days_late=30)
    found = accounts.statement(rasmus)
    assert [(e.kind, e.cause, e.title, e.amount) for e in found.entries] == [
        ("charge", "overdue", "Hærværk", D("100.00")),
        ("charge", "overdue", "Kongens Fald", D("20.00"))]
    assert found.balance == accounts.balance(rasmus) == D("120.00")


def test_a_payment_goes_to_the_oldest_charge_and_more_than_is_owed_is_refused(
        network, randers_rules):
    rasmus = make_patron(network.randers)
    late_return(rasmus, network, "Kongens Fald", days_late=4)  # 20
    late_return(rasmus, network, "Hærværk", days_late=6)  # 30
    with pytest.raises(DomainError) as refused:
        accounts.pay(rasmus, "50.01", "cash", library_id=network.randers.pk)
    assert refused.value.code == "fee_overpayment"
    assert AccountEntry.objects.filter(kind="payment").count() == 0
    accounts.pay(rasmus, "25", "card", library_id=network.randers.pk)
    found = accounts.statement(rasmus)
    assert found.balance == D("25.00")
    assert [(e.title, e.left) for e in found.open_charges] == [("Hærværk", D("25.00"))]


def test_the_same_kiosk_transaction_is_taken_once(network, randers_rules):
    rasmus = make_patron(network.randers)
    late_return(rasmus, network, days_late=10)  # 50
    first = accounts.pay(rasmus, "20", "sip2", library_id=network.randers.pk, reference="k:7")
    again = accounts.pay(rasmus, "20", "sip2", library_id=network.randers.pk, reference="k:7")
    assert first.pk == again.pk and accounts.balance(rasmus) == D("30.00")


def test_a_waiver_needs_a_reason_and_at_most_what_is_left(network, randers_rules):
    rasmus = make_patron(network.randers)
    late_return(rasmus, network, days_late=10)  # 50
    charge = AccountEntry.objects.get(kind="charge")
    for reason, amount, code in (("  ", None, "fee_reason"),
                                 ("Bogen lå i bogkassen", "60", "fee_waiver_too_much")):
        with pytest.raises(DomainError) as refused:
            accounts.waive(rasmus, charge.pk, reason, by=None, amount=amount)
        assert refused.value.code == code
    accounts.waive(rasmus, charge.pk, "Bogen lå i bogkassen", by=None)
    assert accounts.balance(rasmus) == 0
    with pytest.raises(DomainError) as refused:  # nothing is left of it now
        accounts.waive(rasmus, charge.pk, "igen", by=None)
    assert refused.value.code == "fee_unknown_charge"


def test_a_lost_copy_is_charged_at_fee_free_glostrup_and_refunded_when_found(network):
    karen = make_patron(network.glostrup)
    item = make_item(make_record("Syv fantastiske fortællinger"), network.glostrup_main)
    loan = services.check_out(karen, item.barcode, "glostrup")
    services.declare_lost(loan)
    assert accounts.charge_replacement(loan) is None  # once per loss
    assert accounts.balance(karen) == D("300.00")  # the network's default replacement charge
    found = services.check_in(item.barcode, "glostrup")
    assert found.found
    kinds = [(e.kind, e.amount) for e in accounts.statement(karen).entries]
    assert kinds == [("refund", D("-300.00")), ("charge", D("300.00"))]
    assert accounts.balance(karen) == 0
    assert accounts.refund_replacement(loan) is None  # refunded already: nothing more


def test_the_fee_block_follows_the_balance(network, randers_rules):
    rasmus = make_patron(network.randers)
    late_return(rasmus, network, "Kongens Fald", days_late=30)  # 100: within 150
    assert not Block.objects.filter(patron=rasmus, lifted__isnull=True).exists()
    late_return(rasmus, network, "Hærværk", days_late=20)  # 200: over
    assert Block.objects.get(patron=rasmus, lifted__isnull=True).code == "fees"
    with pytest.raises(DomainError) as refused:
        services.check_out(rasmus, make_item(make_record("Gift"), network.randers_main).barcode,
                           "randers-hb")
    assert refused.value.code == "blocked_fees"
    accounts.pay(rasmus, "50", "cash", library_id=network.randers.pk)  # 150: within again
    assert not Block.objects.filter(patron=rasmus, lifted__isnull=True).exists()


def test_entries_are_never_changed_or_deleted_by_the_database_itself(network, randers_rules):
    rasmus = make_patron(network.randers)
    late_return(rasmus, network, days_late=10)
    entry = AccountEntry.objects.get()
    for attempt in (lambda: AccountEntry.objects.filter(pk=entry.pk).update(amount=D("1")),
                    lambda: AccountEntry.objects.filter(pk=entry.pk).update(kind="payment"),
                    lambda: AccountEntry.objects.filter(pk=entry.pk)._raw_delete(connection.alias)):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    entry.refresh_from_db()
    assert entry.amount == D("50.00") and entry.kind == "charge"


def test_forgetting_keeps_the_account_but_not_the_loan_history(network, randers_rules):
    """A patron who keeps no history: the late loan forgets them at its return as any other,
    while the account keeps what they owe by the title's text."""
    rasmus = make_patron(network.randers)
    loan = late_return(rasmus, network, "Kongens Fald", days_late=10)
    loan.refresh_from_db()
    assert loan.patron_id is None and loan.fee == D("50")
    assert not Event.objects.filter(loan=loan, patron_ref=rasmus.reference).exists()
    entry = AccountEntry.objects.get(patron=rasmus)
    assert entry.loan_id is None and entry.title == "Kongens Fald"
    assert accounts.balance(rasmus) == D("50.00")


def test_turning_the_history_off_unlinks_the_entries_and_keeps_the_balance(
        network, randers_rules):
    rasmus = make_patron(network.randers, keep_history=True)
    loan = late_return(rasmus, network, "Kongens Fald", days_late=10)
    assert AccountEntry.objects.get(patron=rasmus).loan_id == loan.pk  # in the history
    profile.change_profile(rasmus, {"keep_history": False})
    loan.refresh_from_db()
    assert loan.patron_id is None
    entry = AccountEntry.objects.get(patron=rasmus)
    assert entry.loan_id is None and entry.title == "Kongens Fald"
    assert accounts.balance(rasmus) == D("50.00")


def test_a_patron_who_owes_is_not_deleted_and_one_who_paid_is_with_the_account_kept(
        network, randers_rules):
    rasmus = make_patron(network.randers)
    late_return(rasmus, network, days_late=10)
    with pytest.raises(DomainError) as refused:
        services.delete_patron(rasmus)
    assert refused.value.code == "deletion_open_fees"
    accounts.pay(rasmus, "50", "cash", library_id=network.randers.pk)
    services.delete_patron(rasmus)
    assert AccountEntry.objects.filter(patron__isnull=True).count() == 2  # anonymous, kept
