"""How a record shows to a reader, for any page that lists records: its cover, its people
with their roles, its title and subtitle. `{% load catalogue_tags %}`, then
`{% cover record %}` (or `{% cover record "large" %}`), `record|people`, `record|title_parts`.
"""

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from reol.catalogue import rules
from reol.catalogue.covers import cover_url
from reol.catalogue.models import Record

register = template.Library()

# Generated covers are drawn on a 2:3 page of 120 × 180 units.
_TITLE_WIDTH, _TITLE_LINES, _CREATOR_WIDTH = 13, 5, 20


def _language() -> str:
    return (translation.get_language() or "da")[:2]


@register.filter
def people(record: Record) -> list[dict]:
    """Each creator with the roles worth saying, in the reader's language."""
    roles = record.roles or {}
    return [{"name": name, "roles": rules.role_names(roles.get(name, []), _language())}
            for name in record.creators]


@register.filter
def title_parts(record: Record) -> tuple[str, str]:
    return rules.title_parts(record.title)


def cover_alt(record: Record) -> str:
    title = rules.title_parts(record.title)[0]
    if record.creators:
        return _("Cover: %(title)s by %(creator)s") % {
            "title": title, "creator": record.creators[0]}
    return _("Cover: %(title)s") % {"title": title}


@register.inclusion_tag("catalogue/_cover.html")
def cover(record: Record, size: str = "small") -> dict:
    """The staff-supplied cover where there is one, else one drawn from the record."""
    drawn: dict = {"record": record, "size": size, "alt": cover_alt(record)}
    if record.cover_set:
        drawn["url"] = cover_url(record)
        return drawn
    background, ink = rules.cover_colours(record.genres or [], record.material_type)
    title = rules.cover_lines(rules.title_parts(record.title)[0], _TITLE_WIDTH, _TITLE_LINES)
    creator = rules.cover_lines((record.creators or [""])[0], _CREATOR_WIDTH, 2)
    drawn.update(background=background, ink=ink,
                 title=[(30 + 17 * n, line) for n, line in enumerate(title)],
                 creator=[(150 + 12 * n, line) for n, line in enumerate(creator)])
    return drawn
