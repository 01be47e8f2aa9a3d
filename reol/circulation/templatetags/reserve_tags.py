"""The reserve panel on the record page: the catalogue draws the page, circulation this part."""

from django import template
from django.utils import timezone

from reol.catalogue.models import Item, LoanCategory, MaterialType, Record, Work
from reol.circulation import facts, reservations, rules, session
from reol.circulation.forms_patron import ReserveForm, WorkReserveForm, pickup_value
from reol.circulation.models import Favourite, Loan, Patron, Reservation

register = template.Library()


@register.inclusion_tag("circulation/patron/reserve_panel.html", takes_context=True)
def reserve_panel(context: template.Context, record: Record) -> dict:
    request = context["request"]
    patron = session.current_patron(request)
    panel = {"record": record, "patron": patron, "request": request,
             "messages": context.get("messages"), "error": context.get("reserve_error")}
    if patron is None:
        return panel
    panel["favourite"] = Favourite.objects.filter(patron=patron, record=record).exists()
    mine = Reservation.objects.filter(patron=patron, record=record,
                                      status__in=Reservation.ACTIVE).first()
    if mine is not None:
        panel.update(mine=mine, position=reservations.queue_position(mine))
        return panel
    blocked = facts.block(patron)
    if blocked is not None:  # say why before the patron fills in a form that cannot succeed
        panel["blocked"] = blocked.message()
        return panel
    if refusal := _may_not_reserve(patron):
        panel["refusal"] = refusal
        return panel
    panel["form"] = context.get("reserve_form") or ReserveForm(
        patron, record, initial=_defaults(patron))
    return panel


def _may_not_reserve(patron: Patron) -> str | None:
    """Why the patron may not reserve anything now (a block, the limit), else None."""
    terms = facts.patron_terms(patron, timezone.localdate())
    refusal = facts.block(patron) or rules.reservation_refusal(
        has_copies=True, already_reserved=False, already_on_loan=False,
        open_reservations=Reservation.objects.filter(
            patron=patron, status__in=Reservation.ACTIVE).count(),
        max_reservations=terms.max_reservations, pickup_ok=True, block=None)
    return refusal.message() if refusal else None


def _defaults(patron: Patron) -> dict:
    today = timezone.localdate()
    days = patron.interest_days or facts.patron_terms(patron, today).interest_days
    branch = patron.pickup_branch
    preferred = "" if branch is None or branch.kind == "bookmobile" else pickup_value(branch)
    return {"pickup": preferred, "interest_until": rules.interest_until(today, days)}


@register.inclusion_tag("circulation/patron/work_reserve_panel.html", takes_context=True)
def work_reserve_panel(context: template.Context, work: Work) -> dict:
    """Per format of the work: the queue and the due dates of copies on loan, shown before
    the patron reserves; then one form, or why the patron may not reserve."""
    request = context["request"]
    patron = session.current_patron(request)
    records = list(Record.objects.filter(work=work).values_list("pk", "material_type"))
    formats: dict[str, set[int]] = {}
    for pk, kind in records:
        formats.setdefault(kind, set()).add(pk)
    mine = {}
    if patron is not None:
        mine = {r.record.material_type: r for r in Reservation.objects.filter(
            patron=patron, record__work=work, status__in=Reservation.ACTIVE
        ).select_related("record")}
    rows = []
    for kind, pks in formats.items():
        copies = Item.objects.filter(record__in=pks, status__in=reservations.LENDABLE).exclude(
            loan_category=LoanCategory.REFERENCE)
        if patron is not None:
            copies = copies.filter(library=patron.library_id)
        if not copies.exists():
            continue
        rows.append({
            "material_type": kind, "label": MaterialType(kind).label,
            "queue": Reservation.objects.filter(
                record__in=pks, status=Reservation.Status.WAITING).count(),
            "due": list(Loan.objects.filter(item__in=copies, returned__isnull=True)
                        .order_by("due").values_list("due", flat=True)[:5]),
            "mine": mine.get(kind),
        })
    panel = {"work": work, "patron": patron, "request": request, "formats": rows,
             "messages": context.get("messages"), "error": context.get("reserve_error")}
    if patron is None:
        return panel
    if refusal := _may_not_reserve(patron):
        panel["refusal"] = refusal
        return panel
    sent = context.get("reserve_form")
    initial = _defaults(patron)
    for row in rows:  # one form per format, each with ids of its own
        kind = row["material_type"]
        row["form"] = (sent if sent is not None and sent.data.get("material_type") == kind
                       else WorkReserveForm(patron, initial=initial, auto_id=f"id_{kind}_%s"))
    return panel
