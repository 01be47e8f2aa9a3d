"""Patrons, with their guardians, blocks and PIN hashes, checked by lending's own rules."""

from collections.abc import Iterator

from django.contrib.auth.hashers import identify_hasher
from django.db.models import Q

from reol.circulation import rules
from reol.circulation.models import Block, Patron, PatronChange
from reol.circulation.patrons import email_refusal
from reol.libraries.models import Library
from reol.refusals import refuse

from . import values as v
from .registry import Column, Context, Kind, Row, Values, register

# No PIN reol can check: the patron sets one (at the desk, or by the library's own way) before
# their card works with a PIN. check_password never accepts it.
NO_PIN = "!"
FIELDS = ("name", "birth_date", "address", "email", "phone", "language", "pin",
          "pickup_branch_id", "keep_history", "library_id")


def pin_hash(given: str) -> str:
    """A PIN hash is taken as given when its algorithm is one reol knows (Django's hashers
    in settings); anything else, or none, leaves the patron without a PIN."""
    try:
        identify_hasher(given)
    except ValueError:
        return NO_PIN
    return given


def _patron(row: Row, ctx: Context) -> Values:
    card = v.text(row, "card", required=True, limit=20)
    birth_date = v.day(row, "birth_date", required=True)
    assert birth_date is not None  # required: day() refused an empty one
    email = v.text(row, "email", limit=254)
    language = v.text(row, "language") or "da"
    refusal = (rules.card_refusal(card) or rules.birth_date_refusal(birth_date, ctx.today)
               or email_refusal(email)
               or (None if language in ("da", "en") else refuse("bad_language")))
    if refusal:
        raise refusal
    pickup = v.text(row, "pickup_branch")
    _blocks(row)  # checked here, taken after the patrons exist
    return {"card": card, "library_id": ctx.library_id,
            "name": v.text(row, "name", required=True, limit=200), "birth_date": birth_date,
            "address": v.text(row, "address", limit=300), "email": email,
            "phone": v.text(row, "phone", limit=20), "language": language,
            "pin": pin_hash(v.text(row, "pin_hash", limit=200)),
            "pickup_branch_id": ctx.branch_id(pickup, "pickup_branch") if pickup else None,
            "keep_history": v.truth(row, "keep_history")}


def _blocks(row: Row) -> list[tuple[str, str]]:
    """'code:reason; code' → [(code, reason), …]"""
    found = []
    for part in v.text(row, "blocks", limit=2000).split(";"):
        code, _, reason = part.strip().partition(":")
        if not code:
            continue
        if code.strip() not in Block.Code.values:
            raise refuse("bad_block", code=code.strip())
        found.append((code.strip(), reason.strip()[:300]))
    return found


def _after(taken: list[tuple[int, Row]], ctx: Context) -> None:
    """Guardians (a ward may come before their guardian in the file), blocks, and a line in
    each patron's record of changes."""
    by_card = dict(Patron.objects.filter(library_id=ctx.library_id).values_list("card", "id"))
    current = dict(Patron.objects.filter(pk__in=[pk for pk, _ in taken])
                   .values_list("id", "guardian_id"))
    wards = []
    for pk, row in taken:
        guardian = by_card.get(v.text(row, "guardian_card"))
        if current.get(pk) != guardian:
            wards.append(Patron(pk=pk, guardian_id=guardian))
    Patron.objects.bulk_update(wards, ["guardian"], batch_size=1000)
    _take_blocks(taken, ctx)
    PatronChange.objects.bulk_create(
        [PatronChange(patron_id=pk, action="imported", fields={"card": row["card"].strip()})
         for pk, row in taken if pk in ctx.touched], batch_size=2000)


def _take_blocks(taken: list[tuple[int, Row]], ctx: Context) -> None:
    wanted = {pk: set(_blocks(row)) for pk, row in taken}
    on: dict[int, dict[tuple[str, str], int]] = {}
    for block_id, patron_id, code, reason in Block.objects.filter(
            patron_id__in=wanted, lifted__isnull=True).values_list(
            "id", "patron_id", "code", "reason"):
        on.setdefault(patron_id, {})[(code, reason)] = block_id
    lift = [bid for pk, have in on.items() for key, bid in have.items() if key not in wanted[pk]]
    Block.objects.filter(pk__in=lift).update(lifted=ctx.now)
    Block.objects.bulk_create(
        [Block(patron_id=pk, code=code, reason=reason) for pk, keys in wanted.items()
         for code, reason in keys if (code, reason) not in on.get(pk, {})], batch_size=2000)


def _rows(library: Library) -> Iterator[Row]:
    blocks: dict[int, list[str]] = {}
    for patron_id, code, reason in (Block.objects.filter(patron__library=library,
                                                         lifted__isnull=True)
                                    .order_by("code", "reason")
                                    .values_list("patron_id", "code", "reason")):
        blocks.setdefault(patron_id, []).append(f"{code}:{reason}" if reason else code)
    rows = (Patron.objects.filter(library=library).order_by("card")
            .values_list("id", "card", "name", "birth_date", "address", "email", "phone",
                         "language", "guardian__card", "pin", "pickup_branch__code",
                         "keep_history"))
    for (pk, card, name, born, address, email, phone, language, guardian, pin, pickup,
         history) in rows.iterator(chunk_size=2000):
        yield {"card": card, "name": name, "birth_date": v.out(born), "address": address,
               "email": email, "phone": phone, "language": language,
               "guardian_card": guardian or "", "pin_hash": "" if pin == NO_PIN else pin,
               "blocks": "; ".join(blocks.get(pk, [])), "pickup_branch": pickup or "",
               "keep_history": v.out(history)}


register(Kind(
    name="patrons", meaning="The library's patrons: one row per card.", model=Patron,
    columns=(
        Column("card", "the library card's number: 4 to 20 letters and digits", True),
        Column("name", "full name", True),
        Column("birth_date", "YYYY-MM-DD", True),
        Column("address", "postal address on one line"),
        Column("email", "e-mail"), Column("phone", "mobile number for text messages"),
        Column("language", "da or en (empty: da)"),
        Column("guardian_card", "a child's guardian: the guardian's card in this file"),
        Column("pin_hash", "the PIN's hash in Django's form (argon2$…, pbkdf2_sha256$…); "
               "any other form or empty: no PIN, the patron sets one"),
        Column("blocks", "open blocks, 'code:reason' separated by ';' (suspended, lost_card, "
               "no_self_service, fees, other)"),
        Column("pickup_branch", "the branch code they collect reservations at"),
        Column("keep_history", "yes: the patron chose to keep a loan history"),
    ),
    key=("card",), fields=FIELDS, build=_patron,
    scope=lambda ctx: Patron.objects.filter(Q(library_id=ctx.library_id)), rows=_rows,
    after=_after,
))
