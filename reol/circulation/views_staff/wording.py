"""What staff read after an act: the next thing to do with the item in their hand."""

from datetime import date

from django.utils import formats, translation
from django.utils.translation import gettext as _

from .. import rules
from ..reservations import Routing


def routing_facts(routing: Routing, here_library: int) -> dict:
    """The plain values of a routing, small enough for the session and the act list. The
    name of the patron a copy is for is shown only in that patron's own library."""
    facts: dict = {"action": routing.action}
    if routing.reservation is not None:
        facts["number"] = routing.reservation.pickup_number
        patron = routing.reservation.patron
        if rules.may_see_patron(here_library, patron.library_id):
            facts["for"] = patron.display_name
    if routing.to_branch is not None:
        facts["to"] = routing.to_branch.name
    if routing.to_library:
        facts["to"] = routing.to_library
    return facts


def routing_text(facts: dict) -> str:
    if facts["action"] == "hold_shelf":
        return _("Put on the hold shelf: pickup number %(number)s for %(name)s") % {
            "number": facts.get("number", ""), "name": facts.get("for", "")}
    if facts["action"] == "transit":
        text = _("Send to %(branch)s (in transit)") % {"branch": facts.get("to", "")}
        if facts.get("for"):
            text += " · " + _("reserved by %(name)s") % {"name": facts["for"]}
        return text
    if facts["action"] == "lender":
        return _("Borrowed from %(library)s: put it aside to be sent back (interlibrary loan)") % {
            "library": facts.get("to", "")}
    return _("Put back on the shelf")


def money(amount: str) -> str:
    return _("%(amount)s kr.") % {"amount": formats.number_format(amount, 2,
                                                                   use_l10n=True)}


def day(iso: str) -> str:
    return formats.date_format(date.fromisoformat(iso), "DATE_FORMAT")


def present(act: dict) -> dict:
    """An act from the desk's session list, worded in the current language."""
    kind, lines, warnings = act["kind"], [], []
    if kind == "refused":
        language = translation.get_language() or "da"
        headline = act["en"] if language.startswith("en") else act["da"]
        lines.append(_("Scanned: %(code)s") % {"code": act["scanned"]})
    elif kind == "patron":
        headline = _("Now serving %(name)s") % {"name": act["name"]}
        lines.append(_("Card %(card)s. Scan items to lend them.") % {"card": act["card"]})
        if act.get("owed"):
            warnings.append(_("Owes %(owed)s: more than the rules allow (%(limit)s).") % {
                "owed": money(act["owed"]), "limit": money(act["max_owed"])})
    elif kind == "ended":
        headline = _("Done with %(name)s") % {"name": act["name"]}
    elif kind == "checkout":
        headline = _("Lent: %(title)s") % {"title": act["title"]}
        lines.append(_("Barcode %(barcode)s · due %(due)s") % {
            "barcode": act["barcode"], "due": day(act["due"])})
        if act.get("same_title"):
            warnings.append(_("The patron already has another copy of this title."))
    else:  # checked in
        headline = routing_text(act)
        lines.append(_("Checked in: %(title)s · barcode %(barcode)s") % {
            "title": act["title"], "barcode": act["barcode"]})
        if act.get("found"):
            lines.insert(0, _("Found again: it was registered as missing."))
        if act.get("fee"):
            lines.insert(0, _("Overdue fee: %(amount)s") % {"amount": money(act["fee"])})
        if act["action"] == "shelf" and act.get("shelf"):
            lines.append(_("Shelf: %(shelf)s") % {"shelf": act["shelf"]})
        if not act.get("was_on_loan"):
            lines.append(_("It was not on loan."))
    return {"ok": kind != "refused", "kind": kind, "time": act.get("time", ""),
            "headline": headline, "lines": lines, "warnings": warnings}
