"""The library itself: its agency and name, its houses, their weekly hours and its loan
rules — enough for an empty database to take a whole library."""

from collections.abc import Iterator

from reol.catalogue.models import LoanCategory, MaterialType
from reol.circulation.models import LoanRule, PatronGroup
from reol.libraries.models import Branch, Library, OpeningPattern, Service
from reol.refusals import refuse

from . import values as v
from .registry import Column, Context, Kind, Row, Values, register


def _library(row: Row, ctx: Context) -> Values:
    agency = v.text(row, "agency", required=True)
    if not (agency.isdigit() and len(agency) == 6):
        raise refuse("import_bad_value", column="agency", value=agency)
    if ctx.agency and ctx.agency != agency:
        raise refuse("import_other_library", agency=agency)
    isil = v.text(row, "isil")
    if isil and isil != f"DK-{agency}":
        raise refuse("import_bad_value", column="isil", value=isil)
    return {"agency": agency, "name": v.text(row, "name", required=True, limit=200),
            "municipality": v.text(row, "municipality", limit=100),
            "kind": v.choice(row, "kind", Library.Kind.values, default="municipal"),
            "region_id": ctx.region_id(v.text(row, "region", limit=100))}


def _library_taken(taken: list[tuple[int, Row]], ctx: Context) -> None:
    ctx.library = Library.objects.get(pk=taken[0][0])


def _library_rows(library: Library) -> Iterator[Row]:
    yield {"agency": library.agency, "isil": library.isil, "name": library.name,
           "municipality": library.municipality, "kind": library.kind,
           "region": library.region.name}


register(Kind(
    name="library", meaning="The library: one row.", model=Library,
    columns=(
        Column("agency", "six-digit agency number (biblioteksnummer)", True),
        Column("isil", "ISIL, DK- and the agency number (checked, may be empty)"),
        Column("name", "the library's name", True),
        Column("municipality", "the municipality it serves"),
        Column("kind", "municipal or central"),
        Column("region", "the central library's region it belongs to (created if new)"),
    ),
    key=("agency",), fields=("name", "municipality", "kind", "region_id"),
    build=_library,
    scope=lambda ctx: Library.objects.all(),
    rows=_library_rows, after=_library_taken,
))


BRANCH_FIELDS = ("name", "kind", "street", "postcode", "city", "phone", "email")


def _branch(row: Row, ctx: Context) -> Values:
    code = v.text(row, "code", required=True, limit=40)
    postcode = v.text(row, "postcode", limit=4)
    return {"code": code, "library_id": ctx.library_id,
            "name": v.text(row, "name", required=True, limit=200),
            "kind": v.choice(row, "kind", Branch.Kind.values, default="branch"),
            "street": v.text(row, "street", limit=200), "postcode": postcode,
            "city": v.text(row, "city", limit=100), "phone": v.text(row, "phone", limit=20),
            "email": v.text(row, "email", limit=254)}


register(Kind(
    name="branches", meaning="The library's houses: main library, branches, bookmobile, "
    "deposit collections.", model=Branch,
    columns=(
        Column("code", "the branch's code, unique in the network (letters, digits, -)", True),
        Column("name", "its name", True),
        Column("kind", "main, branch, bookmobile or deposit"),
        Column("street", "street and number"), Column("postcode", "four digits"),
        Column("city", "town"), Column("phone", "telephone"), Column("email", "e-mail"),
    ),
    key=("code",), fields=("library_id", *BRANCH_FIELDS), build=_branch,
    scope=lambda ctx: Branch.objects.filter(library_id=ctx.library_id),
    rows=lambda library: ({"code": b.code, **{f: getattr(b, f) for f in BRANCH_FIELDS}}
                          for b in library.branches.order_by("code")),
))


def _hours(row: Row, ctx: Context) -> Values:
    opens, closes = v.clock(row, "opens", required=True), v.clock(row, "closes", required=True)
    if opens and closes and opens >= closes:
        raise refuse("import_bad_value", column="closes", value=row.get("closes", ""))
    return {"branch_id": ctx.branch_id(v.text(row, "branch", required=True)),
            "weekday": v.number(row, "weekday", required=True, high=6),
            "valid_from": v.day(row, "valid_from", required=True), "opens": opens,
            "closes": closes, "valid_to": v.day(row, "valid_to"),
            "service": v.choice(row, "service", Service.values, default="staffed"),
            "open_on_holidays": v.truth(row, "open_on_holidays")}


def _hours_rows(library: Library) -> Iterator[Row]:
    for p in (OpeningPattern.objects.filter(branch__library=library, stop__isnull=True)
              .select_related("branch").order_by("branch__code", "valid_from", "weekday",
                                                 "opens")):
        yield {"branch": p.branch.code, "weekday": str(p.weekday), "opens": v.out(p.opens),
               "closes": v.out(p.closes), "service": p.service,
               "valid_from": v.out(p.valid_from), "valid_to": v.out(p.valid_to),
               "open_on_holidays": v.out(p.open_on_holidays)}


register(Kind(
    name="opening_hours", meaning="Each house's weekly hours: one row per interval of a "
    "weekday.", model=OpeningPattern,
    columns=(
        Column("branch", "the branch's code", True),
        Column("weekday", "0 Monday … 6 Sunday", True),
        Column("opens", "HH:MM", True), Column("closes", "HH:MM, after opens", True),
        Column("service", "staffed, self_service (open library) or closed"),
        Column("valid_from", "the first day these hours hold", True),
        Column("valid_to", "the last day; empty: until further notice"),
        Column("open_on_holidays", "yes: kept on public holidays too"),
    ),
    key=("branch_id", "weekday", "valid_from", "opens"),
    fields=("closes", "valid_to", "service", "open_on_holidays"), build=_hours,
    scope=lambda ctx: OpeningPattern.objects.filter(branch__library_id=ctx.library_id,
                                                    stop__isnull=True),
    rows=_hours_rows,
))

RULE_NUMBERS = ("loan_days", "renewals", "renewal_window_days", "max_loans",
                "max_reservations", "hold_shelf_days", "interest_days")
RULE_MONEY = ("overdue_fee_per_day", "max_overdue_fee", "replacement_charge", "max_owed")
RULE_TRUTHS = ("loanable", "renew_when_reserved")


def _rule(row: Row, ctx: Context) -> Values:
    values: Values = {
        "library_id": ctx.library_id,
        "patron_group": v.choice(row, "patron_group", PatronGroup.values),
        "loan_category": v.choice(row, "loan_category", LoanCategory.values),
        "material_type": v.choice(row, "material_type", MaterialType.values),
        "fee_policy": v.choice(row, "fee_policy", LoanRule.FeePolicy.values),
        "note": v.text(row, "note", limit=200),
    }
    values |= {n: v.number(row, n, high=32767) for n in RULE_NUMBERS}
    values |= {n: v.money(row, n) for n in RULE_MONEY}
    values |= {n: v.truth(row, n, empty=None) for n in RULE_TRUTHS}
    return values


def _rule_rows(library: Library) -> Iterator[Row]:
    names = ("patron_group", "loan_category", "material_type", *RULE_NUMBERS, *RULE_TRUTHS,
             *RULE_MONEY, "fee_policy", "note")
    for rule in library.loan_rules.order_by("patron_group", "loan_category", "material_type"):
        yield {n: v.out(getattr(rule, n)) for n in names}


register(Kind(
    name="loan_rules", meaning="The library's loan rules: one row per cell of the matrix; "
    "an empty dimension matches anything, an empty value falls through to the next rule.",
    model=LoanRule,
    columns=(
        Column("patron_group", "adult, child or empty"),
        Column("loan_category", "standard, short, reference or empty"),
        Column("material_type", "book, audiobook, film, music, game, periodical, "
               "sheet_music, other or empty"),
        *(Column(n, "days or a count") for n in RULE_NUMBERS),
        *(Column(n, "yes, no or empty") for n in RULE_TRUTHS),
        *(Column(n, "kroner, e.g. 12.50") for n in RULE_MONEY),
        Column("fee_policy", "free, overdue or empty"), Column("note", "a note for staff"),
    ),
    key=("library_id", "patron_group", "loan_category", "material_type"),
    fields=("fee_policy", "note", *RULE_NUMBERS, *RULE_MONEY, *RULE_TRUTHS), build=_rule,
    scope=lambda ctx: LoanRule.objects.filter(library_id=ctx.library_id), rows=_rule_rows,
))
