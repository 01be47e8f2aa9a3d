"""Use cases of the catalogue: records created or updated, each in one transaction."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction

from reol.errors import DomainError
from reol.refusals import refuse

from . import authorities, changes, rules
from .models import Audience, MaterialType, Record, RecordIsbn


@dataclass
class RecordData:
    """A record as it arrives from outside (MARC, the demo data), before it is stored."""

    pid: str
    title: str
    creators: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)
    search_terms: list[str] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)
    dk5: str = ""
    material_type: str = MaterialType.BOOK
    language: str = ""
    audience: str = Audience.ADULT
    age_from: int | None = None
    age_to: int | None = None
    year: int | None = None
    isbns: list[str] = field(default_factory=list)
    issn: str = ""
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
        """The values stored, in today's letters from whatever door they came in by."""
        isbns = [i for i in (rules.normalize_isbn(x) for x in self.isbns) if i]
        text = rules.clean_text
        creators = _distinct(self.creators)
        return {
            "faust": self.faust or rules.faust_from_pid(self.pid),
            "title": text(self.title).strip()[:500],
            "creators": creators,
            "subjects": _distinct(self.subjects),
            "genres": _distinct(self.genres),
            "search_terms": _distinct(self.search_terms),
            "roles": {name: codes for raw, codes in self.roles.items()
                      if (name := text(raw).strip()) in creators and codes},
            "dk5": self.dk5[:60],
            "material_type": self.material_type,
            "language": self.language[:3],
            "audience": self.audience,
            "age_from": self.age_from,
            "age_to": self.age_to,
            "year": self.year,
            "isbns": list(dict.fromkeys(isbns)),
            "issn": self.issn.strip()[:9],
            "edition": text(self.edition)[:200],
            "publisher": text(self.publisher)[:300],
            "extent": self.extent[:300],
            "description": text(self.description),
            "original_title": text(self.original_title).strip()[:500],
        }


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in (rules.clean_text(x).strip() for x in values) if v))


@transaction.atomic
def save_record(data: RecordData) -> tuple[Record, bool]:
    """Create the record with this pid, or update it; returns (record, created)."""
    data.validate()
    fields = data.fields()
    found = authorities.controlled(fields)
    record = Record.objects.select_for_update().filter(pid=data.pid).first()
    created = record is None
    if record is None:
        record = Record(pid=data.pid, **fields)
    else:
        for name, value in fields.items():
            setattr(record, name, value)
    record.save()
    _set_isbns(record, fields["isbns"], created)
    authorities.link(record, found, created)
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


def _set_isbns(record: Record, isbns: list[str], created: bool = False) -> None:
    known: set[str] = set()
    if not created:  # a new record has no rows to compare with: two queries saved per import
        RecordIsbn.objects.filter(record=record).exclude(isbn__in=isbns).delete()
        known = set(RecordIsbn.objects.filter(record=record).values_list("isbn", flat=True))
    RecordIsbn.objects.bulk_create(
        [RecordIsbn(record=record, isbn=i) for i in isbns if i not in known]
    )


def clean_catalogue(batch_size: int = 1000) -> int:
    """Apply today's cleaning rules to every stored record (names, roles, letters, subjects
    sorted from genres and hidden terms); the number of records changed. Records stored
    before the rules, or by an older version of them, come out as a new import would; a
    record already clean is left alone. One transaction per batch, indexed once per batch."""
    known = rules.known_names(
        name for names in Record.objects.values_list("creators", flat=True) for name in names
    )
    ids = list(Record.objects.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic(), changes.batch():
            for record in Record.objects.filter(pk__in=ids[start:start + batch_size]):
                fields = _cleaned(record, known).fields()
                if any(getattr(record, name) != value for name, value in fields.items()):
                    Record.objects.filter(pk=record.pk).update(**fields)
                    changes.collected(record.pk)
                    changed += 1
    return changed


def _cleaned(record: Record, known: Mapping[str, int]) -> RecordData:
    found = {raw: rules.contributor(raw, known) for raw in record.creators}
    roles = {c.name: list(dict.fromkeys([*record.roles.get(raw, []), *c.roles]))
             for raw, c in found.items()}
    terms = rules.sort_terms([*record.subjects, *record.genres])
    data = RecordData(pid=record.pid, **{
        name: getattr(record, name) for name in (
            "title", "dk5", "material_type", "language", "audience", "age_from", "age_to",
            "year", "isbns", "issn", "edition", "publisher", "extent", "description", "faust")})
    data.creators = [c.name for c in found.values()]
    data.roles = roles
    data.subjects, data.genres = terms.subjects, terms.genres
    data.search_terms = [*record.search_terms, *terms.hidden]
    return data
