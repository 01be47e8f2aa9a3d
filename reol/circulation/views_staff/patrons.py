"""Patrons at the staff pages: search, registration, the patron's page and its actions.

Every change goes through reol.circulation.patrons with by=request.user, which logs who
and when in PatronChange.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.core import staff_record
from reol.core.access import staff_libraries
from reol.errors import DomainError
from reol.libraries.models import Library

from .. import charges, reservations, services
from .. import patrons as service
from ..forms_staff import BlockForm, PatronForm, PinForm, RegisterForm, explain
from ..models import Block, Loan, Patron, Reservation
from ..outlook import outlooks
from .access import NOT_ALLOWED, can, current_branch, may_lift, require, staff_branches, staff_view
from .wording import day, money

MAX_HITS = 50


@staff_view
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    hits = None
    if q:
        rows = Patron.objects.select_related("library")
        allowed = staff_libraries(request.user)
        if allowed is not None:
            rows = rows.filter(library_id__in=allowed)
        hits = list(rows.filter(
            Q(card__iexact=q) | Q(name__icontains=q) | Q(email__icontains=q)
            | Q(phone__icontains=q.replace(" ", ""))
        ).order_by("name", "card")[:MAX_HITS])
    return render(request, "circulation/staff/patrons.html",
                  {"q": q, "hits": hits, "max_hits": MAX_HITS})


@staff_view
def register(request: HttpRequest) -> HttpResponse:
    branch = current_branch(request)
    allowed = staff_libraries(request.user)
    libraries = Library.objects.order_by("name")
    if allowed is not None:
        libraries = libraries.filter(pk__in=allowed)
    options = {"libraries": list(libraries),
               "branches": staff_branches(request.user)}
    if request.method != "POST":
        form = RegisterForm(initial={"library": branch.library.agency, "language": "da",
                                     "pickup_branch": branch.code}, **options)
        return render(request, "circulation/staff/register.html", {"form": form})
    form = RegisterForm(request.POST, **options)
    if form.is_valid():
        data = service.PatronData(**form.cleaned_data)
        try:
            library = Library.objects.get(agency=data.library)
            require(request.user, library.pk, "add_patron")
            patron = service.register(data, by=request.user)
        except DomainError as refusal:
            explain(form, refusal)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": patron.name})
            return redirect("staff-patron", patron.pk)
    return render(request, "circulation/staff/register.html", {"form": form}, status=400)


def _patron(request: HttpRequest, patron_id: int, codename: str) -> Patron:
    patron = get_object_or_404(Patron.objects.select_related("library", "guardian"),
                               pk=patron_id)
    require(request.user, patron.library_id, codename)
    return patron


@staff_view
def detail(request: HttpRequest, patron_id: int) -> HttpResponse:
    patron = _patron(request, patron_id, "view_patron")
    staff_record.lookup(patron)  # on the staff record: who looked at whom
    active = list(reservations.with_queue(
        Reservation.objects.filter(patron=patron, status__in=Reservation.ACTIVE)
        .select_related("record", "item", "pickup_branch").order_by("placed", "id")
    ))
    for reservation in active:
        reservation.position = reservations.queue_position(reservation)
    blocks = list(patron.blocks.select_related("created_by").order_by("lifted", "-created"))
    for block in blocks:
        block.may_lift = block.lifted is None and may_lift(request.user, block)
    may_see_log = can(request.user, patron.library_id, "view_patronchange")
    return render(request, "circulation/staff/patron.html", {
        "patron": patron,
        "loans": _loans_with_outlook(patron),
        "reservations": active,
        "owed": charges.owed(patron),
        "blocks": blocks,
        "changes": patron.changes.select_related("user")[:100] if may_see_log else None,
        "pin_form": PinForm(),
        "block_form": BlockForm(),
    })


def _loans_with_outlook(patron: Patron) -> list[Loan]:
    """The patron's loans, each with `outlook`: renewable now, or why not and from when."""
    loans = list(Loan.objects.filter(patron=patron, returned__isnull=True)
                 .select_related("item__record", "branch", "patron").order_by("due", "id"))
    ahead = outlooks(loans, timezone.localdate())
    for loan in loans:
        loan.outlook = ahead[loan.pk]
    return loans


@staff_view
def edit(request: HttpRequest, patron_id: int) -> HttpResponse:
    patron = _patron(request, patron_id, "change_patron")
    if request.method != "POST":
        form = PatronForm(initial=PatronForm.initial_for(patron), patron=patron)
        return render(request, "circulation/staff/patron_edit.html",
                      {"form": form, "patron": patron})
    form = PatronForm(request.POST, patron=patron)
    if form.is_valid():
        try:
            service.update(patron, form.changes(), by=request.user)
        except DomainError as refusal:
            explain(form, refusal)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("staff-patron", patron.pk)
    patron.refresh_from_db()
    return render(request, "circulation/staff/patron_edit.html",
                  {"form": form, "patron": patron}, status=400)


def _act(request: HttpRequest, patron: Patron, call, done: str) -> HttpResponse:
    """Run one use case for the patron's page and come back to it with the answer."""
    try:
        call()
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        messages.success(request, done)
    return redirect("staff-patron", patron.pk)


@staff_view
@require_POST
def set_pin(request: HttpRequest, patron_id: int) -> HttpResponse:
    patron = _patron(request, patron_id, "change_patron")
    pin = request.POST.get("pin", "")
    return _act(request, patron, lambda: service.set_pin(patron, pin, by=request.user),
                _("The new PIN is set."))


@staff_view
@require_POST
def add_block(request: HttpRequest, patron_id: int) -> HttpResponse:
    patron = _patron(request, patron_id, "add_block")
    form = BlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a kind of block."))
        return redirect("staff-patron", patron.pk)
    return _act(request, patron, lambda: service.add_block(
        patron, form.cleaned_data["code"], form.cleaned_data["reason"], by=request.user),
        _("The card is blocked."))


@staff_view
@require_POST
def lift_block(request: HttpRequest, patron_id: int, block_id: int) -> HttpResponse:
    patron = _patron(request, patron_id, "change_block")
    block = get_object_or_404(Block, pk=block_id, patron=patron, lifted__isnull=True)
    if not may_lift(request.user, block):
        raise NOT_ALLOWED
    return _act(request, patron, lambda: service.lift_block(block, by=request.user),
                _("The block is lifted."))


def _loan(request: HttpRequest, loan_id: int) -> Loan:
    loan = get_object_or_404(Loan.objects.select_related("item__record", "patron"),
                             pk=loan_id, returned__isnull=True, patron__isnull=False)
    require(request.user, loan.patron.library_id, "change_loan")
    return loan


@staff_view
@require_POST
def renew(request: HttpRequest, loan_id: int) -> HttpResponse:
    loan = _loan(request, loan_id)
    try:
        renewed = services.renew(loan, patron=loan.patron)
    except DomainError as refusal:
        messages.error(request, f"{loan.item.record.title}: {refusal.message()}")
    else:
        messages.success(request, _("Renewed: %(title)s, now due %(due)s") % {
            "title": loan.item.record.title, "due": day(renewed.due.isoformat())})
    return redirect("staff-patron", loan.patron.pk)


@staff_view
@require_POST
def declare_lost(request: HttpRequest, loan_id: int) -> HttpResponse:
    loan = _loan(request, loan_id)
    patron = loan.patron
    try:
        lost = services.declare_lost(loan)
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        messages.success(request, _("Declared lost: %(title)s. Replacement charge: %(fee)s") % {
            "title": loan.item.record.title, "fee": money(str(lost.fee))})
    return redirect("staff-patron", patron.pk)


@staff_view
@require_POST
def cancel_reservation(request: HttpRequest, reservation_id: int) -> HttpResponse:
    reservation = get_object_or_404(Reservation.objects.select_related("patron", "record"),
                                    pk=reservation_id)
    patron = reservation.patron
    require(request.user, patron.library_id, "change_reservation")
    return _act(request, patron, lambda: reservations.cancel_reservation(
        reservation, patron=patron, reason="cancelled_by_staff"),
        _("Reservation cancelled: %(title)s") % {"title": reservation.record.title})
