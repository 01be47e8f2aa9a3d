"""The digital part of record and work pages: the catalogue draws the page, this app the
"lån nu" or "reservér" and whether the patron's cap allows it."""

from django import template
from django.utils import timezone

from reol.catalogue.models import Record, Work
from reol.circulation import session

from .. import services
from ..models import DigitalTitle

register = template.Library()


def _panel(context: template.Context, titles: list[DigitalTitle]) -> dict:
    request = context["request"]
    patron = session.current_patron(request)
    offers = (services.offers(patron, titles) if patron is not None and titles else
              [None] * len(titles))
    return {"request": request, "patron": patron, "messages": context.get("messages"),
            "rows": list(zip(titles, offers, strict=True))}


@register.inclusion_tag("digital/panel.html", takes_context=True)
def digital_panel(context: template.Context, record: Record) -> dict:
    titles = list(DigitalTitle.objects.filter(record=record).select_related("record"))
    return {**_panel(context, titles), "single": True}


@register.inclusion_tag("digital/panel.html", takes_context=True)
def digital_work_panel(context: template.Context, work: Work) -> dict:
    """Every digital edition of the work, its offers asked in one go."""
    titles = list(DigitalTitle.objects.filter(record__work=work).select_related("record")
                  .order_by("record__material_type", "-record__year", "pk"))
    return {**_panel(context, titles), "single": False}


@register.inclusion_tag("digital/caps_note.html", takes_context=True)
def digital_caps_note(context: template.Context) -> dict:
    """Above search results: how many digital loans the patron's caps leave this month."""
    request = context.get("request")  # absent when the results are rendered outside a request
    patron = session.current_patron(request) if request is not None else None
    return {"caps": services.caps_left(patron, timezone.now()) if patron else None}
