"""What is on, for pages other apps draw: a branch page, the front page."""

from django import template
from django.utils import timezone

from reol.libraries.models import Branch

from ..models import Occurrence
from ..queries import Filter, occurrences

register = template.Library()


def coming(branch: Branch | None = None, limit: int = 6) -> list[Occurrence]:
    """The next scheduled occurrences, at one branch or anywhere."""
    now = timezone.now()
    found = occurrences(Filter(start=timezone.localdate(), branch=branch.code if branch else ""))
    return list(found.filter(start__gte=now).exclude(status=Occurrence.Status.CANCELLED)
                [:limit])


@register.inclusion_tag("events/_coming.html")
def coming_events(branch: Branch | None = None, limit: int = 6) -> dict:
    return {"occurrences": coming(branch, limit), "branch": branch}
