"""Cataloguing as use cases: a record made or changed in the record form, copies added in
bulk, records created from a MARC file. One transaction each, each on the staff record.

A record saved here goes the one way every record goes (services.save_record): its signals
tell search and the works grouping, and its names pass through the authority file.
"""

from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from reol.core import staff_record
from reol.core.actor import Actor
from reol.errors import DomainError
from reol.libraries.models import Branch
from reol.refusals import refuse

from . import changes, marc, marc_import, validation
from .models import Item, LoanCategory, Record
from .services import RecordData, save_record

# What the staff record keeps of a record, before and after a change.
_KEPT = ("title", "creators", "subjects", "genres", "dk5", "material_type", "language",
         "audience", "year", "isbns", "issn", "edition", "publisher", "extent", "description",
         "original_title")


def problems(data: RecordData, this_year: int) -> dict[str, DomainError]:
    """Every field of a record that the form must not store, with its reason."""
    found: dict[str, DomainError] = {}
    if not data.title.strip():
        found["title"] = refuse("no_title.record")
    bad = [i for i in data.isbns if validation.isbn(i).problem]
    if bad:
        found["isbns"] = refuse("bad_isbn", isbn=", ".join(bad))
    if data.issn and validation.issn(data.issn).problem:
        found["issn"] = refuse("bad_issn", issn=data.issn)
    if data.year is not None and validation.year(str(data.year), this_year).problem:
        found["year"] = refuse("bad_year.record", latest=this_year + 1)
    if data.language and validation.language(data.language).problem:
        found["language"] = refuse("bad_language.record", language=data.language)
    return found


def _kept(record: Record) -> dict[str, Any]:
    return {name: getattr(record, name) for name in _KEPT}


@transaction.atomic
def catalogue_record(data: RecordData, who: Actor, library_id: int | None, agency: str,
                     record: Record | None = None) -> Record:
    """Create a record (`record` None: a local record of `agency`) or change one from the
    record form; the staff record keeps each changed field, before and after."""
    found = problems(data, timezone.localdate().year)
    if found:
        raise next(iter(found.values()))
    data = replace(data, isbns=[validation.isbn(i).value for i in data.isbns],
                   issn=validation.issn(data.issn).value if data.issn else "",
                   language=validation.language(data.language).value if data.language else "")
    before: dict[str, Any] = {}
    if record is None:
        data = replace(data, pid=_new_pid(agency))
    else:
        record = Record.objects.select_for_update().get(pk=record.pk)
        before = _kept(record)
        data = replace(data, pid=record.pid, faust=record.faust)
    saved, created = save_record(data)
    after = _kept(saved)
    staff_record.write(who, action=staff_record.CREATE if created else staff_record.UPDATE,
                       model="catalogue.record", object_id=saved.pk, library_id=library_id,
                       patron_id=None, changes={name: [before.get(name), value]
                                                for name, value in after.items()
                                                if before.get(name) != value})
    return saved


def _new_pid(agency: str) -> str:
    """A local record's pid, "{agency}-katalog:{number}", as a MARC file of that agency
    would give it (catalogue/marc.py)."""
    prefix = f"{agency}-katalog:"
    number = Record.objects.filter(pid__startswith=prefix).count() + 1
    while Record.objects.filter(pid=f"{prefix}{number:08d}").exists():
        number += 1
    return f"{prefix}{number:08d}"


def record_data(record: Record) -> RecordData:
    """The record as the form starts from it: what the form does not show is kept."""
    return RecordData(pid=record.pid, **{name: getattr(record, name) for name in (
        *_KEPT, "search_terms", "roles", "age_from", "age_to", "faust")})


# --- copies in bulk -------------------------------------------------------------------------


@dataclass(frozen=True)
class CopiesWanted:
    """Copies staff add to a record: the barcodes as typed (a range or a scanned list)."""

    barcodes: str
    branch: Branch
    shelf: str = ""
    loan_category: str = LoanCategory.STANDARD


def copy_problems(wanted: CopiesWanted) -> tuple[list[str], list[DomainError]]:
    """The barcodes read, and every reason not to make the copies, all at once: unreadable
    barcodes, barcodes given twice, barcodes another copy already has."""
    read = validation.barcodes(wanted.barcodes)
    if read.too_many:
        return [], [refuse("too_many_copies", most=validation.MOST_COPIES)]
    found = []
    if wanted.loan_category not in LoanCategory.values:
        found.append(refuse("unknown_loan_category"))
    if not read.barcodes and not read.unreadable:
        found.append(refuse("no_barcodes"))
    if read.unreadable:
        found.append(refuse("unreadable_barcodes", barcodes=", ".join(read.unreadable)))
    if read.repeated:
        found.append(refuse("repeated_barcodes", barcodes=", ".join(read.repeated)))
    taken: list[str] = []
    for start in range(0, len(read.barcodes), 500):
        taken += Item.objects.filter(barcode__in=read.barcodes[start:start + 500]
                                     ).values_list("barcode", flat=True)
    if taken:
        found.append(refuse("barcodes_taken", barcodes=", ".join(sorted(taken))))
    return read.barcodes, found


@transaction.atomic
def add_copies(record: Record, wanted: CopiesWanted, who: Actor) -> list[Item]:
    """All the copies or none: a refusal names every barcode that stood in the way."""
    barcodes, found = copy_problems(wanted)
    if found:
        raise found[0]
    branch = wanted.branch
    items = [Item(barcode=barcode, record=record, library_id=branch.library_id,
                  home_branch=branch, current_branch=branch, shelf_location=wanted.shelf[:100],
                  loan_category=wanted.loan_category) for barcode in barcodes]
    try:
        with transaction.atomic():
            Item.objects.bulk_create(items)
    except IntegrityError:  # a barcode taken by someone else since we looked
        raise refuse("barcodes_taken", barcodes=", ".join(barcodes)) from None
    changes.copies_changed(record.pk)
    staff_record.write(who, action=staff_record.CREATE, model="catalogue.item",
                       object_id=record.pk, library_id=branch.library_id, patron_id=None,
                       changes={"record": record.pid, "copies": len(items),
                                "barcodes": barcodes, "branch": branch.code,
                                "shelf": wanted.shelf, "loan_category": wanted.loan_category})
    return items


# --- records from a MARC file or another library ----------------------------------------------


@dataclass(frozen=True)
class Taken:
    """One record of a file: created, or refused with its place and reason."""

    position: int
    pid: str = ""
    title: str = ""
    refused: str = ""


def import_file(handle: BinaryIO, who: Actor, library_id: int | None) -> list[Taken]:
    """Create the records of a MARC file (ISO 2709 or MARCXML) that the catalogue does not
    have; a record already there is left as it is (changing it is the record form's work, by
    staff of a library that owns a copy). One transaction per record."""
    taken = []
    for position, (found, problem) in enumerate(marc_import.read_records(handle), start=1):
        try:
            if found is None:
                raise refuse("unreadable_marc", reason=problem)
            record = create_from(_read(found), who, library_id)
            taken.append(Taken(position, record.pid, record.title))
        except DomainError as refusal:
            taken.append(Taken(position, refused=refusal.message()))
        except DatabaseError as error:  # a value the database refuses, such as a NUL byte
            taken.append(Taken(position, refused=refuse(
                "unreadable_marc", reason=type(error).__name__).message()))
    return taken


def _read(found: Any) -> RecordData:
    try:
        return marc.record_data(found)
    except DomainError:
        raise
    except Exception as error:  # odd data in one record must not stop the others
        raise refuse("unreadable_marc", reason=str(error) or type(error).__name__) from None


@transaction.atomic
def create_from(data: RecordData, who: Actor, library_id: int | None) -> Record:
    """A new record from a record that came from outside (a MARC file, another library over
    SRU); refused when the catalogue already has its pid."""
    if Record.objects.filter(pid=data.pid).exists():
        raise refuse("record_exists", pid=data.pid)
    record, _ = save_record(data)
    staff_record.write(who, action=staff_record.CREATE, model="catalogue.record",
                       object_id=record.pk, library_id=library_id, patron_id=None,
                       changes={name: [None, value] for name, value in _kept(record).items()
                                if value not in ("", [], None)})
    return record
