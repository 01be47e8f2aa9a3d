"""The reserve panel on the record page: the catalogue draws the page, circulation this part."""

from django import template
from django.utils import timezone

from reol.catalogue.models import Record
from reol.circulation import facts, reservations, rules, session
from reol.circulation.forms_patron import ReserveForm, pickup_value
from reol.circulation.models import Favourite, Patron, Reservation

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
    refusal = facts.block(patron)
    if refusal is not None:  # say why before the patron fills in a form that cannot succeed
        panel["blocked"] = refusal.message()
        return panel
    panel["form"] = context.get("reserve_form") or ReserveForm(
        patron, record, initial=_defaults(patron))
    return panel


def _defaults(patron: Patron) -> dict:
    today = timezone.localdate()
    days = patron.interest_days or facts.patron_terms(patron, today).interest_days
    branch = patron.pickup_branch
    preferred = "" if branch is None or branch.kind == "bookmobile" else pickup_value(branch)
    return {"pickup": preferred, "interest_until": rules.interest_until(today, days)}
