"""The desk: one input for a scanner used as a keyboard.

A scanned card makes that patron the current one; with a current patron, scanned barcodes
are lent to them, otherwise (or in check-in mode) they are checked in. Each answer goes to
the top of this session's list of acts. htmx swaps the desk in place; without JavaScript
the same forms post and redirect back.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from reol.core import staff_record
from reol.core.access import anywhere
from reol.errors import DomainError
from reol.libraries.models import Branch

from .. import charges, facts, rules, services
from ..models import Block, Patron, Reservation
from .access import current_branch, require, staff_branches, staff_view
from .wording import present, routing_facts

PATRON_KEY, MODE_KEY, ACTS_KEY = "desk_patron", "desk_mode", "desk_acts"
KEEP_ACTS = 50  # a session's list; older acts are in the event log


# Where staff land who do no desk work (log-in leads to the desk): their work's first page.
LANDINGS = (("view_occurrence", "staff-events"), ("view_purchasesuggestion", "staff-suggestions"),
            ("view_collection_advice", "insight-holds"), ("change_frontblock", "staff-front"),
            ("change_staffrole", "staff-roles"), ("view_network_figures", "transport-figures"))


@staff_view
def desk(request: HttpRequest) -> HttpResponse:
    held = anywhere(request.user)
    if "change_loan" not in held:
        return redirect(next((page for permission, page in LANDINGS if permission in held),
                             "search"))
    branch = _desk_branch(request)
    return render(request, "circulation/staff/desk.html",
                  _context(request, branch, _current_patron(request)))


@staff_view
@require_POST
def scan(request: HttpRequest) -> HttpResponse:
    branch = _desk_branch(request)
    code = request.POST.get("code", "").strip()
    if not code:
        return _answer(request, branch, None, _current_patron(request))
    act, patron = _scan(request, code, branch)
    return _answer(request, branch, act, patron)


@staff_view
@require_POST
def mode(request: HttpRequest) -> HttpResponse:
    branch = _desk_branch(request)
    if request.POST.get("mode") in ("out", "in"):
        request.session[MODE_KEY] = request.POST["mode"]
    return _answer(request, branch, None, _current_patron(request))


@staff_view
@require_POST
def end_patron(request: HttpRequest) -> HttpResponse:
    branch = _desk_branch(request)
    patron = _current_patron(request)
    request.session.pop(PATRON_KEY, None)
    request.session.pop(MODE_KEY, None)
    act = _remember(request, {"kind": "ended", "name": patron.display_name}) if patron else None
    return _answer(request, branch, act, None)


def _desk_branch(request: HttpRequest) -> Branch:
    branch = current_branch(request)
    require(request.user, branch.library_id, "change_loan")
    return branch


def _answer(
    request: HttpRequest, branch: Branch, act: dict | None, patron: Patron | None
) -> HttpResponse:
    if request.headers.get("HX-Request") != "true":
        return redirect("staff-desk")  # POST/redirect/GET: a reload never scans twice
    context = _context(request, branch, patron)
    context["new_act"] = present(act) if act else None
    return render(request, "circulation/staff/desk_update.html", context)


def _scan(request: HttpRequest, code: str, branch: Branch) -> tuple[dict, Patron | None]:
    """The act, and the patron at the desk after it."""
    held = _held(request)
    lending = held is not None and request.session.get(MODE_KEY) != "in"
    try:
        if held is not None and lending:
            # Lending first: a scan is nearly always a copy, and a code that is no copy's
            # barcode is then looked up as a card. The patron's library, remembered with
            # them, is checked again first: a role taken away since the card was scanned
            # ends the lending (the roles are remembered per process: no statement).
            require(request.user, held[1], "view_patron")
            try:
                loan = services.check_out(Patron(pk=held[0]), code, branch)
                act = {"kind": "checkout", "title": loan.item.record.title,
                       "barcode": loan.item.barcode, "due": loan.due.isoformat(),
                       "same_title": bool(loan.patron and loan.patron.title_on_loan)}
                return _remember(request, act), loan.patron
            except DomainError as refusal:
                if refusal.code not in ("unknown_barcode", "unknown_card"):
                    raise
                not_lent = refusal
        patron = _borrower(card=code)
        if patron is not None:
            require(request.user, patron.library_id, "view_patron")
            staff_record.lookup(patron)  # on the staff record: who looked at whom
            request.session[PATRON_KEY] = [patron.pk, patron.library_id]
            request.session[MODE_KEY] = "out"
            act = {"kind": "patron", "name": patron.display_name, "card": patron.card}
            if patron.has_charges:
                owes = charges.total(patron)
                limit = facts.patron_terms(patron, timezone.localdate())
                if rules.owes_too_much(owes, limit.max_owed):
                    act.update(owed=str(owes), max_owed=str(limit.max_owed))
            return _remember(request, act), patron
        if lending:
            raise not_lent
        result = services.check_in(code, branch)
        act = {"kind": "checkin", "title": result.item.record.title,
               "barcode": result.item.barcode, "shelf": result.item.shelf_location,
               "was_on_loan": result.loan is not None, "found": result.found,
               "fee": str(result.fee) if result.fee else "",
               **routing_facts(result.routing, branch.library_id)}
    except DomainError as refusal:
        act = {"kind": "refused", "code": refusal.code, "da": refusal.da, "en": refusal.en,
               "scanned": code}
    return _remember(request, act), _current_patron(request)


def _remember(request: HttpRequest, act: dict) -> dict:
    act["time"] = timezone.localtime().strftime("%H:%M:%S")
    request.session[ACTS_KEY] = [act, *request.session.get(ACTS_KEY, [])][:KEEP_ACTS]
    return act


def _held(request: HttpRequest) -> tuple[int, int] | None:
    """The id and library of the patron at the desk, as the session remembers them."""
    held = request.session.get(PATRON_KEY)
    if isinstance(held, list) and len(held) == 2 and all(isinstance(n, int) for n in held):
        return held[0], held[1]
    return None


def _borrower(*, card: str = "", pk: int | None = None) -> Patron | None:
    """The patron with their loan counts and whether a block is on, in one read."""
    try:
        return facts.lender(Patron(pk=pk) if pk else card, timezone.localdate())
    except DomainError:
        return None


def _current_patron(request: HttpRequest) -> Patron | None:
    held = _held(request)
    if held is None:
        return None
    patron = _borrower(pk=held[0])
    try:
        if patron is not None:
            require(request.user, patron.library_id, "view_patron")
            return patron
    except DomainError:
        pass
    request.session.pop(PATRON_KEY, None)
    return None


def _mode(request: HttpRequest, patron: Patron | None) -> str:
    return "out" if patron is not None and request.session.get(MODE_KEY) != "in" else "in"


def _context(request: HttpRequest, branch: Branch, patron: Patron | None) -> dict:
    if patron is not None:
        try:
            require(request.user, patron.library_id, "view_patron")
        except DomainError:  # lent to, but not the user's to see
            request.session.pop(PATRON_KEY, None)
            patron = None
    return {
        "branch": branch,
        "branches": staff_branches(request.user),
        "patron": patron,
        "summary": _summary(patron) if patron else None,
        "mode": _mode(request, patron),
        "acts": [present(act) for act in request.session.get(ACTS_KEY, [])],
    }


def _summary(patron: Patron) -> dict:
    """What the desk needs to see of the patron at a glance."""
    today = timezone.localdate()
    return {
        "age": rules.age(patron.birth_date, today),
        "child": rules.patron_group(patron.birth_date, today) == "child",
        "blocks": list(Block.objects.filter(patron=patron, lifted__isnull=True))
        if patron.has_block else [],
        "loans": patron.open_loans,
        "overdue": patron.overdue_loans,
        "owed": charges.owed(patron) if getattr(patron, "has_charges", True)
        else charges.nothing(),
        "ready": list(
            Reservation.objects.filter(patron=patron, status=Reservation.Status.ON_HOLD_SHELF)
            .select_related("record", "item", "pickup_branch").order_by("pickup_number")
        ),
    }
