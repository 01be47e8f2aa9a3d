"""The digital library's use cases, one transaction each: lend, give back early, reserve,
and the facts a page shows before the patron presses a button (rules.py decides)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core import signing
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from reol.circulation import log as lending_log
from reol.circulation.models import Patron
from reol.collection.models import Fund
from reol.core import log
from reol.errors import DomainError
from reol.refusals import refuse

from . import rules
from .models import DigitalLoan, DigitalReservation, DigitalTerms, DigitalTitle
from .providers import provider

ACCESS_SALT = "reol.digital.access"


def terms(library_id: int) -> DigitalTerms:
    """The library's caps and budget; a library that set none has the defaults."""
    found = DigitalTerms.objects.filter(library_id=library_id).first()
    return found or DigitalTerms(library_id=library_id)


def budget(library_id: int, now: datetime) -> tuple[Decimal | None, Decimal]:
    """The budget of the period `now` falls in (None: the library has no digital fund this
    year) and what loans have spent of it."""
    own = terms(library_id)
    start, end = rules.budget_bounds(now, own.period)
    fund = Fund.objects.filter(library_id=library_id, year=start.year,
                               code=own.fund_code).values_list("budget", flat=True).first()
    spent = DigitalLoan.objects.filter(library_id=library_id, started__gte=start,
                                       started__lt=end).aggregate(s=Sum("price"))["s"]
    period = None if fund is None else rules.period_budget(fund, own.period)
    return period, spent or rules.ZERO


def taken_this_month(patron: Patron, kind: str, now: datetime) -> int:
    start, end = rules.month_bounds(now)
    return DigitalLoan.objects.filter(patron=patron, kind=kind, started__gte=start,
                                      started__lt=end).exclude(title__licence="free").count()


def caps_left(patron: Patron, now: datetime) -> dict[str, tuple[int, int]]:
    """Each cap of the patron's library with what is left of it this month."""
    own = terms(patron.library_id)
    caps = {"ebook": own.ebook_cap, "eaudiobook": own.eaudiobook_cap, "film": own.film_cap}
    return {kind: (cap, rules.cap_left(cap, taken_this_month(patron, kind, now)))
            for kind, cap in caps.items()}


def active(now: datetime) -> dict[str, object]:
    """Loans running at `now` (a loan ends by itself: no job needs to close it)."""
    return {"returned__isnull": True, "ends__gt": now}


def facts(patron: Patron, title: DigitalTitle, now: datetime) -> rules.LendFacts:
    """Everything `rules.lend_refusal` weighs, for this patron and title now."""
    kind = rules.CAP_KINDS[title.record.material_type]
    own = terms(patron.library_id)
    cap = {"ebook": own.ebook_cap, "eaudiobook": own.eaudiobook_cap, "film": own.film_cap}[kind]
    running = DigitalLoan.objects.filter(title=title, **active(now))
    mine = DigitalReservation.objects.filter(title=title, patron=patron).first()
    queue = DigitalReservation.objects.filter(title=title)
    ahead = (queue.filter(placed__lt=mine.placed).count() if mine is not None
             else queue.count())
    period_budget, spent = budget(patron.library_id, now)
    return rules.LendFacts(
        licence=title.licence, kind=kind, cap=cap,
        taken_this_month=taken_this_month(patron, kind, now),
        budget_left=rules.budget_left(period_budget, spent),
        price=rules.loan_price(title.licence, title.price, own.price_per_loan),
        copies_free=rules.copies_free(title.licence, title.copies, running.count()),
        ahead_in_queue=ahead, already_on_loan=running.filter(patron=patron).exists())


def lend(patron: Patron, title: DigitalTitle, now: datetime | None = None) -> DigitalLoan:
    """The patron borrows the title: the loan starts at once and ends by itself."""
    now = now or timezone.now()
    with transaction.atomic():
        # One lender at a time per title (its copies) and per patron (their cap).
        title = DigitalTitle.objects.select_for_update().select_related("record").get(
            pk=title.pk)
        Patron.objects.select_for_update().filter(pk=patron.pk).first()
        decided = facts(patron, title, now)
        if refusal := rules.lend_refusal(decided):
            raise refusal
        loan = DigitalLoan.objects.create(
            patron=patron, title=title, library_id=patron.library_id, kind=decided.kind,
            started=now, ends=rules.loan_end(now, title.loan_days), price=decided.price)
        DigitalReservation.objects.filter(title=title, patron=patron).delete()
        _log("checkout", now, patron, title, loan.pk)
        provider(title.provider).lend(loan)
    return loan


def give_back(patron: Patron, loan_id: int, now: datetime | None = None) -> DigitalLoan:
    """The patron ends their loan early; the copy is free for the next in the queue."""
    now = now or timezone.now()
    with transaction.atomic():
        loan = DigitalLoan.objects.select_for_update().filter(
            pk=loan_id, patron=patron, **active(now)).select_related("title").first()
        if loan is None:
            raise refuse("digital_loan_over")
        loan.returned = now
        loan.save(update_fields=["returned"])
        provider(loan.title.provider).end(loan)
    return loan


def reserve(patron: Patron, title: DigitalTitle,
            now: datetime | None = None) -> DigitalReservation:
    """A place in the queue of a one-copy title whose copies are all lent."""
    now = now or timezone.now()
    with transaction.atomic():
        title = DigitalTitle.objects.select_for_update().select_related("record").get(
            pk=title.pk)
        decided = facts(patron, title, now)
        refusal = rules.reserve_refusal(
            title.licence, decided.copies_free, decided.ahead_in_queue,
            DigitalReservation.objects.filter(title=title, patron=patron).exists(),
            decided.already_on_loan)
        if refusal:
            raise refusal
        reservation = DigitalReservation.objects.create(patron=patron, title=title, placed=now)
        _log("reservation_placed", now, patron, title, None)
    return reservation


def cancel_reservation(patron: Patron, title: DigitalTitle) -> bool:
    with transaction.atomic():
        return DigitalReservation.objects.filter(patron=patron, title=title).delete()[0] > 0


def _log(kind: str, now: datetime, patron: Patron, title: DigitalTitle,
         loan_id: int | None) -> None:
    """The act in the event log, which statistics read, with no patron reference: a digital
    loan needs no return to forget its patron by."""
    row = lending_log.row(kind, now, branch=None, record=title.record, patron=patron,
                          library_id=patron.library_id, digital=True, digital_loan=loan_id)
    row["patron_ref"] = None
    log.append(row)


# --- the access link ------------------------------------------------------------------------


def access_token(loan: DigitalLoan) -> str:
    """A signed link to the loan, bound to its patron; it opens only while the loan runs."""
    return signing.dumps({"loan": loan.pk, "patron": loan.patron_id}, salt=ACCESS_SALT)


def open_access(token: str, patron: Patron, now: datetime | None = None) -> DigitalLoan:
    """The loan behind a link the patron followed, if it is theirs and still runs."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=ACCESS_SALT)
    except signing.BadSignature as error:
        raise refuse("digital_not_yours") from error
    loan = DigitalLoan.objects.select_related("title").filter(pk=data.get("loan")).first()
    if loan is None or data.get("patron") != patron.pk:
        raise refuse("digital_not_yours")
    if refusal := rules.access_refusal(patron.pk, loan.patron_id, now, loan.ends,
                                       loan.returned):
        raise refusal
    return loan


# --- what a page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """What the record page says of a digital title to this patron."""

    title: DigitalTitle
    loan: DigitalLoan | None  # theirs, running
    may_lend: bool
    may_reserve: bool
    reserved: bool
    refusal: DomainError | None
    cap: int
    cap_left: int


def offer(patron: Patron, title: DigitalTitle, now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    decided = facts(patron, title, now)
    refusal = rules.lend_refusal(decided)
    loan = (DigitalLoan.objects.filter(title=title, patron=patron, **active(now)).first()
            if decided.already_on_loan else None)
    reserved = DigitalReservation.objects.filter(title=title, patron=patron).exists()
    may_reserve = rules.reserve_refusal(title.licence, decided.copies_free,
                                        decided.ahead_in_queue, reserved,
                                        decided.already_on_loan) is None
    return Offer(title, loan, refusal is None, may_reserve, reserved, refusal, decided.cap,
                 rules.cap_left(decided.cap, decided.taken_this_month))


def spent_by_fund(fund_ids: list[int]) -> dict[int, Decimal]:
    """What digital loans spent of each fund that is a library's digital fund, for the
    acquisitions budget overview (registered with reol.collection)."""
    spent: dict[int, Decimal] = {}
    for fund in Fund.objects.filter(pk__in=fund_ids):
        if terms(fund.library_id).fund_code != fund.code:
            continue
        total = DigitalLoan.objects.filter(
            library_id=fund.library_id, started__year=fund.year).aggregate(s=Sum("price"))["s"]
        spent[fund.pk] = total or rules.ZERO
    return spent
