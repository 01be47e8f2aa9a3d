"""reol's records in the schema's shape: a Manifestation per record, a Work per work.

Only what reol knows is filled in; schema.resolve answers the rest as FBI does when it knows
nothing. Everything here reads records already loaded (services.py loads a query's records,
their works' records included, in two statements), so a field costs no query.
"""

from collections.abc import Callable

import pycountry

from reol.catalogue import rules as catalogue_rules
from reol.catalogue.models import Record

from . import rules

Shape = dict[str, object]


def _year(year: int | None) -> Shape | None:
    return {"display": str(year), "year": year} if year else None


def _language(code: str) -> Shape:
    found = pycountry.languages.get(bibliographic=code) or pycountry.languages.get(alpha_3=code)
    return {"display": catalogue_rules.language_name(code), "isoCode": code,
            "iso639Set2": code, "iso639Set1": getattr(found, "alpha_2", "")}


def _material_type(kind: str) -> Shape:
    general, general_name, specific, specific_name, _work = rules.MATERIAL_TYPES.get(
        kind, rules.MATERIAL_TYPES["other"])
    return {"materialTypeGeneral": {"code": general, "display": general_name},
            "materialTypeSpecific": {"code": specific, "display": specific_name}}


def _person(name: str) -> Shape:
    return {"__typename": "Person", "display": name, "nameSort": name}


def _cover(url: str | None) -> Shape:
    """A staff-supplied cover, the same image at every size; none: every size null."""
    details = {"url": url, "width": None, "height": None} if url else None
    return dict.fromkeys(("xSmall", "small", "medium", "large", "original"), details)


def _edition(record: Record) -> Shape:
    summary = ", ".join(part for part in (record.edition, str(record.year or "")) if part)
    return {"edition": record.edition or None, "summary": summary,
            "publicationYear": _year(record.year)}


class Shaper:
    """Records and works as the schema's dictionaries, for one answer. `siblings` holds each
    work's records; `cover_url` makes a cover's absolute address (the apps are elsewhere)."""

    def __init__(self, siblings: dict[int, list[Record]],
                 cover_url: Callable[[Record], str | None]) -> None:
        self.siblings = siblings
        self.cover_url = cover_url

    def manifestation(self, record: Record) -> Shape:
        kind = rules.MATERIAL_TYPES.get(record.material_type, rules.MATERIAL_TYPES["other"])
        return {
            "pid": record.pid,
            "titles": {"full": [record.title], "main": [record.title], "sort": record.title,
                       "original": [record.original_title] if record.original_title else None},
            "creators": [_person(name) for name in record.creators],
            "materialTypes": [_material_type(record.material_type)],
            "workTypes": [kind[4]],
            "edition": _edition(record),
            "workYear": _year(record.year),
            "abstract": [record.description] if record.description else [],
            "languages": {"main": [_language(record.language)]} if record.language else None,
            "identifiers": [{"type": "ISBN", "value": isbn} for isbn in record.isbns],
            "publisher": [record.publisher] if record.publisher else [],
            "genreAndForm": list(record.genres),
            "subjects": {"all": [{"__typename": "SubjectText", "display": s, "type": "TOPIC"}
                                 for s in record.subjects]},
            "physicalDescription": {"summaryFull": record.extent} if record.extent else None,
            "cover": lambda **_: _cover(self.cover_url(record)),
            "ownerWork": lambda **_: self.work(record),
        }

    def work(self, record: Record) -> Shape:
        """The work a record belongs to; a record in no work is a work of its own."""
        editions = self.siblings.get(record.work_id or 0) or [record]
        best = sorted(editions, key=lambda r: rules.representation_order(
            rules.Edition(r.pid, r.year, r.material_type)))
        return {
            "workId": rules.work_id([r.pid for r in editions]),
            "titles": {"full": [best[0].title], "main": [best[0].title],
                       "sort": best[0].title},
            "creators": [_person(name) for name in best[0].creators],
            "abstract": [best[0].description] if best[0].description else None,
            "materialTypes": [_material_type(t) for t in
                              dict.fromkeys(r.material_type for r in best)],
            "workYear": _year(min((r.year for r in editions if r.year), default=None)),
            "manifestations": lambda **_: {
                "all": [self.manifestation(r) for r in editions],
                "bestRepresentation": self.manifestation(best[0]),
                "bestRepresentations": [self.manifestation(r) for r in best],
                "first": self.manifestation(min(editions, key=lambda r: (r.year or 9999,
                                                                         r.pid))),
                "latest": self.manifestation(best[0]),
                "mostRelevant": [self.manifestation(r) for r in best],
            },
        }
