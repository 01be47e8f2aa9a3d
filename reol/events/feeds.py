"""iCalendar (RFC 5545) feeds of occurrences, written with the icalendar package.

Every stored occurrence is its own VEVENT with a stable UID (`occurrence-<id>@reol`), so a
calendar that subscribes sees single changes and cancellations (STATUS:CANCELLED) as they
are, without re-expanding our rules on its side.

Strict readers (libical among them) hold a feed to RFC 5545 and to RFC 5546's rules for
METHOD:PUBLISH: every VEVENT has an ORGANIZER (the library, at the address reol mails from),
and every TZID used has its VTIMEZONE. tests/events/strict_ical.py checks both with libical.
"""

from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from . import queries
from .models import Occurrence


def calendar(occurrences, name: str, url_of, now: datetime | None = None) -> bytes:
    """A feed of the occurrences; one occurrence alone is a file to add to one's calendar."""
    now = now or timezone.now()
    cal = Calendar()
    cal.add("prodid", "-//reol//events//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    for occurrence in occurrences:
        cal.add_component(_event(occurrence, url_of(occurrence), now))
    cal.add_missing_timezones()
    return cal.to_ical()


def _event(occurrence: Occurrence, url: str, now: datetime) -> Event:
    series = occurrence.series
    event = Event()
    event.add("uid", f"occurrence-{occurrence.pk}@reol")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", occurrence.start)
    event.add("dtend", occurrence.end)
    event.add("summary", series.title)
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(series.library.name)
    event.add("organizer", organizer)
    if series.description:
        event.add("description", series.description)
    where = queries.place(occurrence)
    if where:
        event.add("location", vText(where))
    event.add("categories", [series.category])
    event.add("url", url)
    event.add("status", "CANCELLED" if occurrence.status == "cancelled" else "CONFIRMED")
    return event
