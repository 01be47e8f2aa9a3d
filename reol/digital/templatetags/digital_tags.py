"""The digital panel on record and work pages: the catalogue draws the page, this app the
"lån nu" or "reservér" part and whether the patron's cap allows it."""

from django import template

from reol.catalogue.models import Record
from reol.circulation import session

from .. import services
from ..models import DigitalTitle

register = template.Library()


@register.inclusion_tag("digital/panel.html", takes_context=True)
def digital_panel(context: template.Context, record: Record, compact: bool = False) -> dict:
    request = context["request"]
    title = DigitalTitle.objects.filter(record=record).first()
    panel = {"record": record, "title": title, "request": request, "compact": compact,
             "messages": None if compact else context.get("messages")}
    if title is None:
        return panel
    patron = session.current_patron(request)
    panel["patron"] = patron
    if patron is not None:
        panel["offer"] = services.offer(patron, title)
    return panel
