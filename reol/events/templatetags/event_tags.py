"""What is on, for pages other apps draw: a branch page, the front page, Min side."""

from django import template
from django.utils import timezone

from reol.circulation.models import Patron
from reol.libraries.models import Branch

from ..models import Registration
from ..queries import coming

register = template.Library()


@register.inclusion_tag("events/_coming.html")
def coming_events(branch: Branch | None = None, limit: int = 6) -> dict:
    return {"occurrences": coming(branch=branch.code if branch else "", limit=limit),
            "branch": branch}


@register.inclusion_tag("events/_mine.html")
def my_registrations(patron: Patron) -> dict:
    """The patron's registrations for occurrences still to come, for Min side."""
    return {"registrations": Registration.objects.filter(
        patron=patron, occurrence__start__gte=timezone.now()).exclude(
        status=Registration.Status.CANCELLED).select_related("occurrence__series")
        .order_by("occurrence__start")}
