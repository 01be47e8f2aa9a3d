"""What staff read on the interlibrary pages: library names for ISILs, and the request's
states, candidates' answers and reasons in words instead of the protocol's codes."""

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reol.errors import in_language
from reol.libraries.models import Library

from . import rules
from .models import IllRequest, Peer, State

# Steps of the history that are not states of the request.
STEPS: dict[str, Promise] = {
    "refused": _("Refused by the lender"),
    "renewal_asked": _("Renewal asked for"),
    "renewal_granted": _("Renewal granted"),
    "renewal_refused": _("Renewal refused"),
    "renewed": _("Renewed"),
}
CANDIDATE: dict[str, Promise] = {
    "waiting": _("not asked yet"),
    "asked": _("asked"),
    "refused": _("refused"),
    "timeout": _("no answer in time"),
}
REASONS: dict[str, Promise] = {
    "no_supplier": _("no library could supply it"),
    "cancelled": _("cancelled by us"),
    "cancelled_by_requester": _("cancelled by the borrowing library"),
    "filled_or_cancelled": _("the reservation was filled or cancelled"),
}


def step(code: str) -> str:
    """A state or a history step in words; an unknown code as it is."""
    if code in State.values:
        return str(State(code).label)
    return str(STEPS.get(code, code))


def reason(code: str) -> str:
    if code in rules.REFUSALS:
        return in_language(*rules.REFUSALS[code])
    return str(REASONS.get(code, code))


def names(isils: Iterable[str]) -> dict[str, str]:
    """Each ISIL's library name (ours, then a peer's), read in two queries for a whole page;
    an ISIL nobody knows is shown as it is."""
    wanted = {i for i in isils if i}
    agencies = {i.removeprefix("DK-"): i for i in wanted if i.startswith("DK-")}
    found = {agencies[a]: n for a, n in Library.objects.filter(
        agency__in=agencies).values_list("agency", "name")}
    found.update(Peer.objects.filter(isil__in=wanted - set(found)).exclude(name="")
                 .values_list("isil", "name"))
    return {i: found.get(i, i) for i in wanted}


def named(requests: list[IllRequest]) -> None:
    """Give each request on a page its other libraries' names and its candidates in words, in
    the order they are asked."""
    known = names({i for r in requests for i in (
        r.requester_isil, r.supplier_isil, *(c["isil"] for c in r.candidates))})
    for r in requests:
        r.requester_name = known.get(r.requester_isil, "")
        r.supplier_name = known.get(r.supplier_isil, "")
        r.reason_text = reason(r.reason) if r.reason else ""
        r.candidate_rows = [{"name": known[c["isil"]], "isil": c["isil"],
                             "status": str(CANDIDATE.get(c["status"], c["status"])),
                             "reason": reason(c["reason"]) if c.get("reason") else ""}
                            for c in r.candidates]


def in_order(requests: list[IllRequest]) -> list[IllRequest]:
    """Open requests by where they are in the loan's course, oldest first within a state."""
    place = {state: n for n, state in enumerate(rules.TRANSITIONS)}
    return sorted(requests, key=lambda r: (place.get(r.state, len(place)), r.created, r.pk))
