"""Routing: which libraries to ask for each request, and asking them in turn.

`route_requests` reads (the holdings of all records in one query) and `rules.route` ranks;
`route_pending` asks each new request's first candidate — for a whole day's requests at once,
in bulk — and passes over a supplier that said no or did not answer in time.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from reol.catalogue.models import Item, LoanCategory, Record
from reol.circulation import log
from reol.core.models import Event
from reol.libraries.models import Library

from . import iso18626 as iso
from . import peers, rules
from .models import IllMessage, IllRequest, LendingPolicy, Peer
from .services import (
    ILL_KIND,
    ROLE,
    library_by_isil,
    move,
    now_or,
    outgoing,
    policy,
    policy_of,
    requesting,
    send,
    step,
)


@dataclass
class Assignment:
    request: IllRequest
    candidates: list[rules.Lender]


def route_requests(requests: list[IllRequest]) -> list[Assignment]:
    """Rank the suppliers for many requests: holdings in one query (libraries with an available
    copy of each record), the ranking in Python (rules.route). Writes nothing."""
    this_year = timezone.localdate().year
    records = {r.record_id for r in requests if r.record_id}
    libraries = {lib.pk: lib for lib in Library.objects.all()}
    lenders = {pk: rules.Lender(pk, lib.isil, lib.region_id, lib.kind == Library.Kind.CENTRAL)
               for pk, lib in libraries.items()}
    policies = {p.library_id: policy_of(p) for p in LendingPolicy.objects.all()}
    facts, types = {}, {}
    if policies:  # only lending rules need the records' year and type
        for pk, year, material in Record.objects.filter(pk__in=records).values_list(
                "pk", "year", "material_type"):
            facts[pk], types[pk] = year, material
    holders: dict[int, list[rules.Lender]] = {}
    # Without the items' default ordering: it joins libraries and branches and puts their
    # columns into the DISTINCT, which then returns every copy instead of each holder once.
    # Bare, it is read from the index catalogue_item_holdings alone.
    rows = (Item.objects.filter(record__in=records, status=Item.Status.AVAILABLE)
            .exclude(loan_category=LoanCategory.REFERENCE).order_by()
            .values_list("record_id", "library_id").distinct())
    for record, library in rows:
        rule = policies.get(library)
        if rule and rules.lending_refusal(rule, year=facts.get(record),
                                          material_type=types.get(record, ""),
                                          reference=False, this_year=this_year):
            continue
        holders.setdefault(record, []).append(lenders[library])
    load = dict(IllRequest.objects.filter(role=ROLE.REQUESTER, state__in=rules.SUPPLYING)
                .exclude(supplier_isil="").values_list("supplier_isil")
                .annotate(n=Count("pk")).values_list("supplier_isil", "n"))
    by_isil = {lender.isil: lender.id for lender in lenders.values()}
    load = {by_isil[isil]: n for isil, n in load.items() if isil in by_isil}
    asks = []
    for r in requests:
        requester = libraries.get(r.library_id)
        tried = frozenset(c["isil"] for c in r.candidates if c.get("status") != "waiting")
        asks.append(rules.Ask(r.pk, r.record_id or 0, r.library_id,
                              requester.region_id if requester else None, tried))
    ranked = rules.route(asks, holders, load)
    far = _peer_lenders(libraries)
    return [Assignment(r, ranked[r.pk] + [p for p in far if p.isil not in
                                          {c["isil"] for c in r.candidates}])
            for r in requests]


def _peer_lenders(libraries: dict[int, Library]) -> list[rules.Lender]:
    """Agencies of other installations: asked after every library of this one, since we do not
    see their shelves."""
    local = {lib.isil for lib in libraries.values()}
    return [rules.Lender(-p.pk, p.isil, None) for p in Peer.objects.all() if p.isil not in local]


def route_pending(now: datetime | None = None) -> int:
    """Send every request that has no supplier yet, or whose supplier did not answer in time,
    to its next candidate. Returns how many requests were sent on."""
    now = now_or(now)
    moved = 0
    with transaction.atomic():
        late = list(IllRequest.objects.select_for_update().filter(
            role=ROLE.REQUESTER, state=rules.REQUESTED, answer_by__lt=now).exclude(
            supplier_isil=""))
        for req in late:
            mark_candidate(req, "timeout", "NoAnswer")
            send(req, requesting("Cancel", "No answer before the deadline"))
            ask_next(req, now)
            moved += 1
        fresh = list(IllRequest.objects.select_for_update().filter(
            role=ROLE.REQUESTER, state=rules.REQUESTED, supplier_isil=""))
        for assignment in route_requests(fresh):
            req = assignment.request
            known = {c["isil"] for c in req.candidates}
            req.candidates = req.candidates + [
                {"isil": c.isil, "status": "waiting"} for c in assignment.candidates
                if c.isil not in known]
        ask_first(fresh, now)
        moved += len(fresh)
    return moved


def mark_candidate(req: IllRequest, status: str, reason: str = "") -> None:
    for candidate in req.candidates:
        if candidate["isil"] == req.supplier_isil and candidate["status"] == "asked":
            candidate.update(status=status, reason=reason)


def ask_next(req: IllRequest, now: datetime) -> None:
    """Ask the next candidate, or give up: the request is unfilled."""
    lender = _next_candidate(req)
    if lender is None:
        move(req, rules.UNFILLED, now)
        return
    days = policy(lender.pk).answer_days if lender else rules.DEFAULT_POLICY.answer_days
    req.answer_by = now + timedelta(days=days)
    move(req, rules.REQUESTED, now, asked=req.supplier_isil)
    send(req, _request_message(req))


def _next_candidate(req: IllRequest) -> Library | None:
    """Mark the next waiting candidate asked and make it the supplier (its Library when it is in
    this database); none left: no supplier, reason no_supplier. Leaves the state to the caller."""
    nxt = next((c for c in req.candidates if c["status"] == "waiting"), None)
    req.supplier_request_id = ""
    if nxt is None:
        req.supplier_isil, req.answer_by, req.reason = "", None, "no_supplier"
        return None
    nxt["status"] = "asked"
    req.supplier_isil = nxt["isil"]
    return library_by_isil(nxt["isil"])


def _request_message(req: IllRequest) -> iso.Message:
    return iso.Message(kind=iso.REQUEST, title=req.title, author=req.author,
                       ids={"ISBN": req.isbn, "FAUST": req.faust, "PID": req.pid},
                       patron_id=req.patron_ref, pickup=req.pickup_name)


def ask_first(requests: list[IllRequest], now: datetime) -> None:
    """ask_next for a day's new requests at once, with the same outcome — state, event-log row,
    Request message — written in a few statements instead of several per request."""
    if not requests:
        return
    libraries = {lib.isil: lib for lib in Library.objects.all()}
    policies = {p.library_id: policy_of(p) for p in LendingPolicy.objects.all()}
    records = Record.objects.in_bulk({r.record_id for r in requests if r.record_id})
    events, messages = [], []
    for req in requests:
        nxt = next((c for c in req.candidates if c["status"] == "waiting"), None)
        req.supplier_request_id = ""
        req.updated = now
        if nxt is None:
            rules.check_move(req.state, rules.UNFILLED)
            req.supplier_isil, req.answer_by, req.reason = "", None, "no_supplier"
            req.state = rules.UNFILLED
            events.append(_event_row(req, rules.UNFILLED, now, records))
            continue
        rules.check_move(req.state, rules.REQUESTED)
        nxt["status"] = "asked"
        req.supplier_isil = nxt["isil"]
        lender = libraries.get(nxt["isil"])
        rule = policies.get(lender.pk, rules.DEFAULT_POLICY) if lender else rules.DEFAULT_POLICY
        req.answer_by = now + timedelta(days=rule.answer_days)
        events.append(_event_row(req, rules.REQUESTED, now, records, asked=nxt["isil"]))
        messages.append(outgoing(req, _request_message(req), local=lender is not None))
    _update_all(requests, ["candidates", "supplier_isil", "supplier_request_id", "answer_by",
                           "reason", "state", "updated"])
    Event.objects.bulk_create(events, batch_size=1000)
    IllMessage.objects.bulk_create(messages, batch_size=500)
    transaction.on_commit(peers.flush)


def _update_all(requests: list[IllRequest], fields: list[str]) -> None:
    """One prepared UPDATE run for every request. (QuerySet.bulk_update builds a CASE expression
    per row and field: some 20 seconds of Python for a day's 3,000 requests.)"""
    columns = [IllRequest._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(IllRequest._meta.db_table)} SET "
           + ", ".join(f"{quote(c.column)} = %s" for c in columns) + " WHERE id = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [
            [c.get_db_prep_save(getattr(req, c.attname), connection) for c in columns] + [req.pk]
            for req in requests])


def _event_row(req: IllRequest, state: str, now: datetime, records: dict[int, Record],
               **detail) -> Event:
    """The row services.log_step writes, made here unsaved so a day's steps go in together."""
    return Event(**log.row(ILL_KIND, now, branch=None, record=records.get(req.record_id),
                           library_id=req.library_id, **step(req, state, **detail)))
