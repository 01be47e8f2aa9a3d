"""The apps' identifiers looked up in reol: branches by their `DK-…` id, records by faust.
The rules for what the identifiers are live in rules.py."""

from django.db.models import Q

from reol.catalogue.models import Record
from reol.circulation.models import Patron
from reol.libraries.models import Branch, Library
from reol.refusals import refuse

from . import rules

# Houses where no reservation can be picked up (a deposit collection has no hold shelf, and a
# bookmobile needs a stop, which FBS's pickup branch cannot name): left out of the branches.
NO_PICKUP = (Branch.Kind.DEPOSIT, Branch.Kind.BOOKMOBILE)


def isils(library: Library | int) -> dict[int, str]:
    """Every branch of the library by id, with its `DK-…` identifier (rules.branch_isils)."""
    library_id = library.pk if isinstance(library, Library) else library
    agency = (library.agency if isinstance(library, Library)
              else Library.objects.values_list("agency", flat=True).get(pk=library_id))
    rows = Branch.objects.filter(library_id=library_id).order_by("pk").values_list("pk", "kind")
    return rules.branch_isils(agency, list(rows))


def branch(library: Library, isil: str) -> Branch:
    """The library's branch with this identifier; unknown: the same refusal as reol's own."""
    found = {v: k for k, v in isils(library).items()}.get(isil.strip().upper())
    if found is None:
        shown = "".join(c for c in isil[:40] if c.isprintable())
        raise refuse("unknown_branch", branch=shown)
    return Branch.objects.select_related("library").get(pk=found)


def records(recordids: list[str]) -> dict[str, Record]:
    """The records the apps' record ids (faust numbers) name, by record id: the national
    catalogue's record (`870970-basis:` + faust) first, else one stored with that faust."""
    wanted = {rid: rules.pid_candidates(rid) for rid in recordids if rules.FAUST.fullmatch(rid)}
    if not wanted:
        return {}
    pids = [pid for pids in wanted.values() for pid in pids]
    rows = Record.objects.filter(Q(pid__in=pids) | Q(faust__in=list(wanted))).order_by("pk")
    found: dict[str, Record] = {}
    for record in rows:
        rid = rules.faust(record.pid, record.faust)
        if rid in wanted and (rid not in found or record.pid in wanted[rid]):
            found[rid] = record
    return found


def record(recordid: str) -> Record:
    found = records([recordid]).get(recordid)
    if found is None:
        raise refuse("unknown_record")
    return found


def patron(patron_id: int, **where: object) -> Patron | None:
    """The patron an app's patron id names (rules.patron_id): the card, or reol's own number
    for a card an integer cannot carry."""
    found = Patron.objects.filter(card=str(patron_id), **where).first()
    if found is None:
        found = Patron.objects.filter(pk=patron_id, **where).first()
        if found is not None and rules.card_is_id(found.card):
            found = None  # that number is someone's card, not reol's own number
    return found
