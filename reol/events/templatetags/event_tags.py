"""What is on, for pages other apps draw: a branch page, the front page."""

from django import template

from reol.libraries.models import Branch

from ..queries import coming

register = template.Library()


@register.inclusion_tag("events/_coming.html")
def coming_events(branch: Branch | None = None, limit: int = 6) -> dict:
    return {"occurrences": coming(branch=branch.code if branch else "", limit=limit),
            "branch": branch}
