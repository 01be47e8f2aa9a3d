"""The demo's live interlibrary loans: a handful of requests between libraries of the demo
network, each taken by the real services (reservation, request, routing, the lender's answer,
shipping, arrival, checkout) to a different step of its life, so the staff pages for incoming
and outgoing requests and the hub's sorting view have something to show.

Run after lending (it needs patrons and items). Which patrons, titles and libraries take part
follows from the demo data alone; a database that already has interlibrary requests is left
as it is, so a second run changes nothing.
"""

from datetime import date, datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from reol.catalogue.models import Item, LoanCategory, Record
from reol.circulation.models import Block, Loan, Patron, Reservation
from reol.circulation.reservations import place_reservation
from reol.circulation.services import check_out
from reol.libraries.models import Branch, Library

from . import peers, routing, rules, services
from .models import IllRequest

# The step each demo request is taken to, one pickup library each.
STEPS = (rules.REQUESTED, rules.REQUESTED, rules.WILL_SUPPLY, rules.SHIPPED, rules.SHIPPED,
         rules.ON_HOLD_SHELF, rules.ON_LOAN, rules.ON_LOAN)


def load_demo(now: datetime | None = None) -> int:
    """Place the demo's interlibrary requests; returns how many (0 when there already are)."""
    if IllRequest.objects.exists():
        return 0
    now = now or timezone.now()
    made = []
    for step, (patron, branch, record) in zip(STEPS, _cases(len(STEPS), now), strict=False):
        reservation = place_reservation(patron, record, branch, now=now)
        made.append((services.request_for_reservation(reservation, now), patron, step))
    routing.route_pending(now)
    _deliver()
    for req, patron, step in made:
        _take(req, patron, step, now)
    return len(made)


def _deliver() -> None:
    # The demo loads in one transaction, so the outbox's after-commit delivery would only run
    # at its end; every lender here is a library of this database, answered in process.
    peers.flush()


def _take(req: IllRequest, patron: Patron, step: str, now: datetime) -> None:
    """Walk one request from requested to `step`, as the two libraries' staff would."""
    order = (rules.WILL_SUPPLY, rules.SHIPPED, rules.ON_HOLD_SHELF, rules.ON_LOAN)
    wanted = order[:order.index(step) + 1] if step in order else ()
    req.refresh_from_db()
    if not wanted or req.state != rules.REQUESTED:
        return
    supply = IllRequest.objects.get(role=IllRequest.Role.SUPPLIER, request_id=req.request_id,
                                    requester_isil=req.requester_isil,
                                    supplier_isil=req.supplier_isil)
    services.accept(supply.pk, now)
    if rules.SHIPPED in wanted:
        services.ship(supply.pk, now=now)
    _deliver()
    if rules.ON_HOLD_SHELF in wanted:
        services.receive(req.pk, now)
        _deliver()
    if rules.ON_LOAN in wanted:
        req.refresh_from_db()
        check_out(patron, req.item.barcode, req.pickup_branch, now=now)
        services.sync(now)
        _deliver()


def _cases(n: int, now: datetime) -> list[tuple[Patron, Branch, Record]]:
    """(patron, pickup branch, title) for n requests, taking the libraries that have patrons in
    turn by agency number: an adult patron of the library with no loans and no block, at the
    library's main branch, and a title the library does not own that another has on its shelf."""
    adult = date(now.year - 25, 1, 1)
    libraries = list(Library.objects.filter(Exists(Patron.objects.filter(
        library=OuterRef("pk")))).order_by("agency"))
    cases: list[tuple[Patron, Branch, Record]] = []
    for turn in range(n * 2):
        if len(cases) == n or not libraries:
            break
        library = libraries[turn % len(libraries)]
        branch = Branch.objects.filter(library=library, kind="main").order_by("pk").first()
        patron = (Patron.objects.filter(library=library, birth_date__lte=adult)
                  .exclude(pk__in=[c[0].pk for c in cases])
                  .exclude(Exists(Loan.objects.filter(patron=OuterRef("pk"))))
                  .exclude(Exists(Block.objects.filter(patron=OuterRef("pk"),
                                                       lifted__isnull=True)))
                  .order_by("pk").first())
        record = _title_from_elsewhere(library, taken={c[2].pk for c in cases})
        if branch and patron and record:
            cases.append((patron, branch, record))
    return cases


def _title_from_elsewhere(library: Library, taken: set[int]) -> Record | None:
    """A title this library does not own, on another library's shelf, that nobody reserves."""
    owned = Item.objects.filter(library=library).values("record_id")
    reserved = Reservation.objects.filter(status__in=Reservation.ACTIVE).values("record_id")
    found = (Item.objects.filter(status=Item.Status.AVAILABLE,
                                 loan_category=LoanCategory.STANDARD,
                                 library__kind=Library.Kind.MUNICIPAL)
             .exclude(record_id__in=owned).exclude(record_id__in=reserved)
             .exclude(record_id__in=taken)
             .order_by("record_id").values_list("record_id", flat=True).first())
    return Record.objects.get(pk=found) if found else None
