"""Series made through the services, at a fixed moment in Copenhagen time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from reol.events.services import SeriesData, create_series

CPH = ZoneInfo("Europe/Copenhagen")


def at(text: str) -> datetime:
    """'2026-03-04 10:00' in Copenhagen."""
    return datetime.fromisoformat(text).replace(tzinfo=CPH)


def make_series(network, now: datetime, **fields):
    fields.setdefault("library", network.randers.agency)
    fields.setdefault("branch", network.randers_main.code)
    fields.setdefault("title", "Læsehund")
    fields.setdefault("category", "reading")
    fields.setdefault("first_start", at("2026-03-04 16:00"))
    return create_series(SeriesData(**fields), now=now)


def confirmation_token(email: str) -> str:
    """The token in the newest confirmation mail to `email` (what the guest clicks)."""
    import re

    from reol.events.models import EventMail

    body = EventMail.objects.filter(to=email, key__startswith="confirm:").latest("id").body
    return re.search(r"/events/confirm/([^/\s]+)/", body).group(1)
