"""The library's copies of the catalogue's records. Records themselves come as MARC (the
catalogue's own reader and writer, holdings.py for copies in 852/876); a copy names its
record by pid."""

from collections.abc import Iterator

from reol.catalogue.models import Item, LoanCategory
from reol.libraries.models import Library

from . import values as v
from .registry import Column, Context, Kind, Row, Values, register


def _copy(row: Row, ctx: Context) -> Values:
    home = ctx.branch_id(v.text(row, "branch", required=True))
    current = v.text(row, "current_branch")
    return {"barcode": v.text(row, "barcode", required=True, limit=40),
            "record_id": ctx.record_id(v.text(row, "pid", required=True)),
            "library_id": ctx.library_id, "home_branch_id": home,
            "current_branch_id": ctx.branch_id(current, "current_branch", any_library=True)
            if current else home,
            "shelf_location": v.text(row, "shelf_location", limit=100),
            "loan_category": v.choice(row, "loan_category", LoanCategory.values,
                                      default="standard"),
            "status": v.choice(row, "status", Item.Status.values, default="available")}


def _copy_rows(library: Library) -> Iterator[Row]:
    rows = (Item.objects.filter(library=library).order_by("barcode")
            .values_list("barcode", "record__pid", "home_branch__code", "current_branch__code",
                         "shelf_location", "loan_category", "status"))
    for barcode, pid, home, current, shelf, category, status in rows.iterator(chunk_size=2000):
        yield {"barcode": barcode, "pid": pid, "branch": home, "current_branch": current,
               "shelf_location": shelf, "loan_category": category, "status": status}


COPIES = register(Kind(
    name="copies", meaning="The library's copies (items): one row per barcode.", model=Item,
    columns=(
        Column("barcode", "the copy's barcode, unique in the network", True),
        Column("pid", "the record it carries, as in records.xml (001/003: 870970-basis:…)",
               True),
        Column("branch", "its home branch's code", True),
        Column("current_branch", "where it is now, when not at home (any library's branch)"),
        Column("shelf_location", "shelf mark, e.g. 'Krimi'"),
        Column("loan_category", "standard, short or reference"),
        Column("status", "available, on_loan, in_transit, on_hold_shelf, missing, withdrawn, "
               "lost, damaged or in_repair; loans.csv and reservations.csv set on_loan and "
               "on_hold_shelf themselves"),
    ),
    key=("barcode",),
    fields=("record_id", "library_id", "home_branch_id", "current_branch_id", "shelf_location",
            "loan_category", "status"),
    build=_copy, scope=lambda ctx: Item.objects.filter(library_id=ctx.library_id),
    rows=_copy_rows,
))
