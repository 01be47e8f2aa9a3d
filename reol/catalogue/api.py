from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from . import rules
from .covers import cover_url
from .models import Item, Record, Work

router = Router(tags=["catalogue"])


class ItemOut(Schema):
    barcode: str
    library: str
    branch: str
    current_branch: str
    shelf_location: str
    loan_category: str
    status: str


class ContributorOut(Schema):
    name: str
    roles: list[str]  # in Danish: "instruktør", "fortæller"
    role_codes: list[str]  # MARC relator codes: "drt", "nrt"


class RecordOut(Schema):
    pid: str
    faust: str
    title: str
    creators: list[str]
    subjects: list[str]
    dk5: str
    type: str
    language: str
    audience: str
    age_from: int | None
    age_to: int | None
    year: int | None
    isbns: list[str]
    edition: str
    publisher: str
    extent: str
    description: str
    items: list[ItemOut]
    main_title: str
    subtitle: str
    contributors: list[ContributorOut]
    genres: list[str]
    dk5_name: str
    cover: str | None  # the staff-supplied cover's URL; none: draw one from the record
    work: int | None  # the work (/api/v1/works/{id}): every edition in every format


def record_out(record: Record) -> dict:
    items = record.items.select_related("library", "home_branch", "current_branch")
    return {
        **{f: getattr(record, f) for f in (
            "pid", "faust", "title", "creators", "subjects", "dk5", "language", "audience",
            "age_from", "age_to", "year", "isbns", "edition", "publisher", "extent",
            "description")},
        "type": record.material_type,
        **dict(zip(("main_title", "subtitle"), rules.title_parts(record.title), strict=True)),
        "contributors": [
            {"name": name, "roles": rules.role_names(codes, "da"), "role_codes": codes}
            for name in record.creators for codes in [(record.roles or {}).get(name, [])]
        ],
        "genres": record.genres,
        "dk5_name": rules.dk5_name(record.dk5),
        "cover": cover_url(record),
        "work": record.work_id,
        "items": [
            {
                "barcode": i.barcode,
                "library": i.library.agency,
                "branch": i.home_branch.code,
                "current_branch": i.current_branch.code,
                "shelf_location": i.shelf_location,
                "loan_category": i.loan_category,
                "status": i.status,
            }
            for i in items
        ],
    }


@router.get(
    "/records/{pid}", response={200: RecordOut}, summary="A record and its items",
    openapi_extra={"responses": {404: {"description": "No record has this pid"}}},
)
def get_record(request: HttpRequest, pid: str) -> dict:
    record = Record.objects.filter(pid=pid).first()
    if record is None:
        raise HttpError(404, _("No record has the pid %(pid)s.") % {"pid": pid[:100]})
    return record_out(record)


class EditionOut(Schema):
    pid: str
    title: str
    type: str
    language: str
    year: int | None
    edition: str
    copies: int
    on_the_shelf: int


class CatalogueWorkOut(Schema):
    id: int
    title: str
    creator: str
    types: list[str]
    editions: list[EditionOut]


@router.get(
    "/works/{work_id}", response={200: CatalogueWorkOut},
    summary="A work: its editions in every format, with their copies",
    openapi_extra={"responses": {404: {"description": "No work has this id"}}},
)
def get_work(request: HttpRequest, work_id: int) -> dict:
    """The same work across editions, formats and translations. Each edition is a record
    (`/api/v1/records/{pid}` gives its copies)."""
    work = Work.objects.filter(pk=work_id).first()
    if work is None:
        raise HttpError(404, _("No work has the id %(id)s.") % {"id": work_id})
    editions = (
        work.records.order_by("material_type", "-year", "pk")
        .annotate(copies=Count("items"),
                  on_the_shelf=Count("items", filter=Q(items__status=Item.Status.AVAILABLE)))
    )
    rows = [
        {"pid": r.pid, "title": r.title, "type": r.material_type, "language": r.language,
         "year": r.year, "edition": r.edition, "copies": r.copies,
         "on_the_shelf": r.on_the_shelf}
        for r in editions
    ]
    return {"id": work.pk, "title": work.title, "creator": work.creator,
            "types": list(dict.fromkeys(r["type"] for r in rows)), "editions": rows}
