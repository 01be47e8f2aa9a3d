"""Co-loans counted from the event log without keeping who borrowed, and similar titles."""

from datetime import datetime, timedelta

import numpy as np
import pytest
from django.utils import timezone

from reol.circulation import services
from reol.collection.models import CoLoan, CoLoanMark
from reol.insight import recommend
from tests.factories import make_item, make_patron, make_record

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))


@pytest.fixture
def titles(network):
    return make_record("Første"), make_record("Anden"), make_record("Tredje")


def borrow(patron, record, branch, when):
    item = make_item(record, branch)
    services.check_out(patron, item.barcode, branch.code, now=when)
    return item


def test_a_pair_is_shown_once_five_different_borrowers_back_it(network, titles):
    first, second, third = titles
    for n in range(5):
        patron = make_patron(network.glostrup)
        borrow(patron, first, network.glostrup_main, NOW + timedelta(hours=n))
        borrow(patron, second, network.glostrup_main, NOW + timedelta(days=20, hours=n))
        if n < 4:  # only four borrowers of the third with the first
            borrow(patron, third, network.glostrup_main, NOW + timedelta(days=30, hours=n))
        recommend.aggregate(NOW + timedelta(days=40))
    assert recommend.also_borrowed(first) == [(second, 5)]
    assert recommend.also_borrowed(third) == []  # 4 borrowers: not shown
    assert CoLoan.objects.get(record_a=first, record_b=third).borrowers == 4


def test_a_borrower_counts_once_per_pair_and_the_job_can_run_again(network, titles):
    first, second, _ = titles
    patron = make_patron(network.glostrup, keep_history=True)
    a = borrow(patron, first, network.glostrup_main, NOW)
    borrow(patron, second, network.glostrup_main, NOW + timedelta(days=1))
    services.check_in(a.barcode, "glostrup", now=NOW + timedelta(days=2))
    borrow(patron, first, network.glostrup_main, NOW + timedelta(days=3))  # again
    assert recommend.aggregate(NOW + timedelta(days=4))["counted"] == 1
    assert recommend.aggregate(NOW + timedelta(days=4)) == {"read": 0, "counted": 0,
                                                            "forgotten": 0}
    assert CoLoan.objects.get().borrowers == 1


def test_no_identity_is_kept_and_marks_expire(network, titles):
    first, second, _ = titles
    patron = make_patron(network.glostrup)
    a = borrow(patron, first, network.glostrup_main, NOW)
    b = borrow(patron, second, network.glostrup_main, NOW + timedelta(days=1))
    recommend.aggregate(NOW + timedelta(days=2))
    (mark,) = CoLoanMark.objects.all()
    assert str(patron.reference) not in mark.digest and patron.reference.hex not in mark.digest
    # Returned: the log forgets the borrower; 90 days on, so does the mark. The count stays.
    services.check_in(a.barcode, "glostrup", now=NOW + timedelta(days=5))
    services.check_in(b.barcode, "glostrup", now=NOW + timedelta(days=5))
    assert recommend.aggregate(NOW + timedelta(days=95))["forgotten"] == 1
    assert not CoLoanMark.objects.exists() and CoLoan.objects.get().borrowers == 1


def test_a_returned_loan_without_history_makes_no_pair_with_a_later_one(network, titles):
    first, second, _ = titles
    patron = make_patron(network.glostrup)
    a = borrow(patron, first, network.glostrup_main, NOW)
    services.check_in(a.barcode, "glostrup", now=NOW + timedelta(days=1))
    borrow(patron, second, network.glostrup_main, NOW + timedelta(days=2))
    recommend.aggregate(NOW + timedelta(days=3))
    assert not CoLoan.objects.exists()


def test_loans_more_than_ninety_days_apart_are_no_pair(network, titles):
    first, second, _ = titles
    patron = make_patron(network.glostrup, keep_history=True)
    borrow(patron, first, network.glostrup_main, NOW)
    borrow(patron, second, network.glostrup_main, NOW + timedelta(days=91))
    recommend.aggregate(NOW + timedelta(days=92))
    assert not CoLoan.objects.exists()


def test_similar_titles_come_from_the_genre_space_where_co_loans_are_thin(network):
    _, pids, vectors = recommend.genre_space()
    scores = vectors @ vectors[0]
    nearest, farthest = int(np.argsort(-scores)[1]), int(np.argsort(scores)[0])
    record = make_record("Fifty shades", pid=pids[0])
    near = make_record("Nær", pid=pids[nearest])
    far = make_record("Fjern", pid=pids[farthest])
    unheld = make_record("Ingen eksemplarer", pid=pids[int(np.argsort(-scores)[2])])
    for r in (record, near, far):
        make_item(r, network.glostrup_main)
    found = recommend.for_record(record)
    assert found.also_borrowed == [] and found.similar[0] == near
    assert far not in found.similar and unheld not in found.similar
    assert recommend.similar(make_record("Uden for rummet")) == []
