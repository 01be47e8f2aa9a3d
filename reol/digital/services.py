"""The digital library's use cases, one transaction each: lend, give back early, reserve,
and the facts a page shows before the patron presses a button (rules.py decides)."""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core import signing
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from reol.circulation import facts as circulation_facts
from reol.circulation import log as lending_log
from reol.circulation.models import Patron
from reol.collection.models import Fund
from reol.core import actor, log
from reol.core.access import require
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


def budget(library_id: int, now: datetime,
           own: DigitalTerms | None = None) -> tuple[Decimal | None, Decimal]:
    """The budget of the period `now` falls in (None: the library has no digital fund this
    year) and what loans have spent of it."""
    own = own or terms(library_id)
    start, end = rules.budget_bounds(now, own.period)
    fund = Fund.objects.filter(library_id=library_id, year=start.year,
                               code=own.fund_code).values_list("budget", flat=True).first()
    spent = DigitalLoan.objects.filter(library_id=library_id, started__gte=start,
                                       started__lt=end).aggregate(s=Sum("price"))["s"]
    period = None if fund is None else rules.period_budget(fund, own.period)
    return period, spent or rules.ZERO


def _caps(own: DigitalTerms) -> dict[str, int]:
    return {"ebook": own.ebook_cap, "eaudiobook": own.eaudiobook_cap, "film": own.film_cap}


def _taken(patron: Patron, now: datetime) -> dict[str, int]:
    """Capped loans the patron started this calendar month, by cap kind (free ones count
    against none)."""
    start, end = rules.month_bounds(now)
    rows = (DigitalLoan.objects.filter(patron=patron, started__gte=start, started__lt=end)
            .exclude(title__licence="free").values("kind").annotate(n=Count("id")))
    return {row["kind"]: row["n"] for row in rows}


def caps_left(patron: Patron, now: datetime) -> dict[str, tuple[int, int]]:
    """Each cap of the patron's library with what is left of it this month."""
    taken = _taken(patron, now)
    return {kind: (cap, rules.cap_left(cap, taken.get(kind, 0)))
            for kind, cap in _caps(terms(patron.library_id)).items()}


def active(now: datetime) -> dict[str, object]:
    """Loans running at `now` (a loan ends by itself: no job needs to close it)."""
    return {"returned__isnull": True, "ends__gt": now}


def facts(patron: Patron, titles: list[DigitalTitle],
          now: datetime) -> dict[int, rules.LendFacts]:
    """Everything `rules.lend_refusal` weighs, for this patron and each title now, in the
    same few queries however many titles (a work page asks for all its digital editions)."""
    own = terms(patron.library_id)
    caps, taken = _caps(own), _taken(patron, now)
    period_budget, spent = budget(patron.library_id, now, own)
    ids = [title.pk for title in titles]
    running = DigitalLoan.objects.filter(title_id__in=ids, **active(now))
    lent = dict(running.values_list("title_id").annotate(n=Count("id")))
    mine = set(running.filter(patron=patron).values_list("title_id", flat=True))
    queues: dict[int, list[int]] = {}
    for title_id, patron_id in DigitalReservation.objects.filter(title_id__in=ids) \
            .order_by("placed", "id").values_list("title_id", "patron_id"):
        queues.setdefault(title_id, []).append(patron_id)
    found = {}
    for title in titles:
        kind = rules.CAP_KINDS[title.record.material_type]
        queue = queues.get(title.pk, [])
        found[title.pk] = rules.LendFacts(
            licence=title.licence, kind=kind, cap=caps[kind],
            taken_this_month=taken.get(kind, 0),
            budget_left=rules.budget_left(period_budget, spent),
            price=rules.loan_price(title.licence, title.price, own.price_per_loan),
            copies_free=rules.copies_free(title.licence, title.copies, lent.get(title.pk, 0)),
            ahead_in_queue=queue.index(patron.pk) if patron.pk in queue else len(queue),
            already_on_loan=title.pk in mine)
    return found


def lend(patron: Patron, title: DigitalTitle, now: datetime | None = None) -> DigitalLoan:
    """The patron borrows the title: the loan starts at once and ends by itself."""
    now = now or timezone.now()
    with transaction.atomic():
        # One lender at a time per title (its copies) and per patron (their cap).
        title = DigitalTitle.objects.select_for_update().select_related("record").get(
            pk=title.pk)
        list(Patron.objects.select_for_update().filter(pk=patron.pk).values_list("pk"))
        # A block refuses a digital loan as it refuses one at the desk; no staff are there,
        # so a block from self-service counts too.
        if refusal := circulation_facts.block(patron, self_service=True):
            raise refusal
        if title.licence == "pay_per_loan":  # loans that spend the budget take turns
            _lock_fund(patron.library_id, now)
        decided = facts(patron, [title], now)[title.pk]
        if refusal := rules.lend_refusal(decided):
            raise refusal
        loan = DigitalLoan.objects.create(
            patron=patron, title=title, library_id=patron.library_id, kind=decided.kind,
            started=now, ends=rules.loan_end(now, title.loan_days), price=decided.price)
        DigitalReservation.objects.filter(title=title, patron=patron).delete()
        _log("checkout", now, patron, title, loan.pk)
        provider(title.provider).lend(loan)
    return loan


def _lock_fund(library_id: int, now: datetime) -> None:
    own = terms(library_id)
    year = rules.budget_bounds(now, own.period)[0].year
    list(Fund.objects.select_for_update().filter(library_id=library_id, year=year,
                                                 code=own.fund_code).values_list("pk"))


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
        decided = facts(patron, [title], now)[title.pk]
        refusal = rules.reserve_refusal(
            title.licence, decided.copies_free, decided.ahead_in_queue,
            DigitalReservation.objects.filter(title=title, patron=patron).exists(),
            decided.already_on_loan)
        if refusal:
            raise refusal
        reservation = DigitalReservation.objects.create(patron=patron, title=title, placed=now)
        _log("reservation_placed", now, patron, title, None)
    return reservation


def cancel_reservation(patron: Patron, title: DigitalTitle) -> None:
    """The patron leaves the title's queue (the provider API's DELETE; issue 19 point 5)."""
    with transaction.atomic():
        if not DigitalReservation.objects.filter(title=title, patron=patron).delete()[0]:
            raise refuse("digital_not_reserved")


def _log(kind: str, now: datetime, patron: Patron, title: DigitalTitle,
         loan_id: int | None) -> None:
    """The act in the event log, which statistics read, with no patron reference: a digital
    loan needs no return to forget its patron by."""
    row = lending_log.row(kind, now, branch=None, record=title.record, patron=patron,
                          library_id=patron.library_id, digital=True, digital_loan=loan_id)
    row["patron_ref"] = None
    log.append(row)


# --- a library's own terms ------------------------------------------------------------------

CHANGE_TERMS = "change_digitalterms"  # a leader's, in their own library (apps.py)


def set_terms(library_id: int, caps: dict[str, int], period: str, price_per_loan: Decimal,
              *, by: User) -> DigitalTerms:
    """A leader sets their library's monthly caps per kind, budget period and price per loan;
    the next loan obeys them. On the staff record (core/tracked.py: who, before and after)."""
    require(by, library_id, CHANGE_TERMS)
    if refusal := rules.terms_refusal(caps, period, price_per_loan):
        raise refusal
    acting = actor.acting_as(by.get_username(), by) if actor.current() is None else nullcontext()
    with acting, transaction.atomic():
        own = (DigitalTerms.objects.select_for_update().filter(library_id=library_id).first()
               or DigitalTerms(library_id=library_id))
        own.ebook_cap, own.eaudiobook_cap, own.film_cap = (
            caps["ebook"], caps["eaudiobook"], caps["film"])
        own.period, own.price_per_loan = period, price_per_loan
        own.save()
    return own


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
    """What a record or work page says of a digital title to this patron."""

    title: DigitalTitle
    on_loan: bool  # to them, now
    may_lend: bool
    may_reserve: bool
    reserved: bool
    refusal: DomainError | None
    cap: int
    cap_left: int


def offers(patron: Patron, titles: list[DigitalTitle],
           now: datetime | None = None) -> list[Offer]:
    """"Lån nu" or "reservér" for each title, and whether the patron's cap allows it."""
    now = now or timezone.now()
    decided = facts(patron, titles, now)
    reserved = set(DigitalReservation.objects.filter(
        patron=patron, title__in=titles).values_list("title_id", flat=True))
    out = []
    for title in titles:
        these = decided[title.pk]
        queued = title.pk in reserved
        out.append(Offer(
            title, these.already_on_loan, (refusal := rules.lend_refusal(these)) is None,
            rules.reserve_refusal(title.licence, these.copies_free, these.ahead_in_queue,
                                  queued, these.already_on_loan) is None,
            queued, refusal, these.cap, rules.cap_left(these.cap, these.taken_this_month)))
    return out


def spent_by_fund(fund_ids: list[int]) -> dict[int, Decimal]:
    """What digital loans spent of each fund that is a library's digital fund, for the
    acquisitions budget overview (registered with reol.collection); three queries however
    many funds."""
    funds = list(Fund.objects.filter(pk__in=fund_ids))
    libraries = {fund.library_id for fund in funds}
    codes = dict(DigitalTerms.objects.filter(library_id__in=libraries)
                 .values_list("library_id", "fund_code"))
    default = DigitalTerms._meta.get_field("fund_code").default
    digital = [f for f in funds if f.code == codes.get(f.library_id, default)]
    totals = {(library, year): total for library, year, total in
              DigitalLoan.objects.filter(library_id__in={f.library_id for f in digital},
                                         started__year__in={f.year for f in digital})
              .values_list("library_id", "started__year").annotate(s=Sum("price"))}
    return {f.pk: totals.get((f.library_id, f.year)) or rules.ZERO for f in digital}
