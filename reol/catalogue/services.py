"""Use cases of the catalogue: records created or updated, each in one transaction."""

from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction

from reol.errors import DomainError
from reol.refusals import refuse

from . import changes, rules
from .models import Audience, MaterialType, Record, RecordIsbn


@dataclass
class RecordData:
    """A record as it arrives from outside (MARC, the demo data), before it is stored."""

    pid: str
    title: str
    creators: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    dk5: str = ""
    material_type: str = MaterialType.BOOK
    language: str = ""
    audience: str = Audience.ADULT
    age_from: int | None = None
    age_to: int | None = None
    year: int | None = None
    isbns: list[str] = field(default_factory=list)
    edition: str = ""
    publisher: str = ""
    extent: str = ""
    description: str = ""
    faust: str = ""
    original_title: str = ""

    def validate(self) -> None:
        if not self.pid.strip():
            raise refuse("no_pid")
        if not self.title.strip():
            raise refuse("no_title.record")
        if self.material_type not in MaterialType.values:
            raise refuse("bad_type", material_type=self.material_type)

    def fields(self) -> dict[str, Any]:
        isbns = [i for i in (rules.normalize_isbn(x) for x in self.isbns) if i]
        return {
            "faust": self.faust or rules.faust_from_pid(self.pid),
            "title": self.title.strip()[:500],
            "creators": list(dict.fromkeys(c.strip() for c in self.creators if c.strip())),
            "subjects": list(dict.fromkeys(s.strip() for s in self.subjects if s.strip())),
            "dk5": self.dk5[:60],
            "material_type": self.material_type,
            "language": self.language[:3],
            "audience": self.audience,
            "age_from": self.age_from,
            "age_to": self.age_to,
            "year": self.year,
            "isbns": list(dict.fromkeys(isbns)),
            "edition": self.edition[:200],
            "publisher": self.publisher[:300],
            "extent": self.extent[:300],
            "description": self.description,
            "original_title": self.original_title.strip()[:500],
        }


@transaction.atomic
def save_record(data: RecordData) -> tuple[Record, bool]:
    """Create the record with this pid, or update it; returns (record, created)."""
    data.validate()
    fields = data.fields()
    record = Record.objects.select_for_update().filter(pid=data.pid).first()
    created = record is None
    if record is None:
        record = Record(pid=data.pid, **fields)
    else:
        for name, value in fields.items():
            setattr(record, name, value)
    record.save()
    _set_isbns(record, fields["isbns"])
    return record, created


@dataclass
class Saved:
    """What became of one record of a batch: stored (created or updated) or refused."""

    data: RecordData
    record: Record | None = None
    created: bool = False
    error: str = ""


@transaction.atomic
def save_records(batch: list[RecordData]) -> list[Saved]:
    """Create or update many records in one transaction, indexed once at the end.

    Each record has a savepoint of its own: one that is refused is rolled back alone, with its
    reason, and the others are stored."""
    outcomes = []
    with changes.batch():
        for data in batch:
            try:
                record, created = save_record(data)
            except DomainError as refusal:
                outcomes.append(Saved(data, error=refusal.en))
            except DatabaseError as error:  # a value the database refuses, such as a NUL byte
                outcomes.append(Saved(data, error=str(error).strip() or type(error).__name__))
            else:
                outcomes.append(Saved(data, record, created))
    return outcomes


def _set_isbns(record: Record, isbns: list[str]) -> None:
    RecordIsbn.objects.filter(record=record).exclude(isbn__in=isbns).delete()
    known = set(RecordIsbn.objects.filter(record=record).values_list("isbn", flat=True))
    RecordIsbn.objects.bulk_create(
        [RecordIsbn(record=record, isbn=i) for i in isbns if i not in known]
    )
