"""The demo network's digital library: e-book, e-audiobook, podcast and streamed-film
editions of popular works beside their physical editions, under each licence model, with
caps and budgets that differ between libraries. The files are generated (demofiles.py)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from reol.catalogue.models import Record
from reol.catalogue.services import RecordData, save_record
from reol.collection.models import Fund
from reol.libraries.models import Library

from .demofiles import DEMO_LABEL, epub, sound
from .models import DigitalFile, DigitalTerms, DigitalTitle, Licence

TITLES = 48  # digital editions of the most popular books and audiobooks
# Each library its own caps (e-books, e-audiobooks, films a month), budget period, price per
# loan and yearly digital fund in DKK, as Danish municipalities set them differently.
TERMS = [
    (3, 4, 2, "month", Decimal("18.00"), Decimal("240000")),
    (2, 3, 3, "year", Decimal("16.50"), Decimal("120000")),
    (4, 5, 2, "month", Decimal("19.00"), Decimal("300000")),
    (3, 3, 4, "year", Decimal("17.00"), Decimal("90000")),
    (5, 5, 3, "year", Decimal("18.00"), Decimal("400000")),
]
# Licences in turn, as a provider's catalogue mixes them; each with its loan period.
LICENCES = [(Licence.PAY_PER_LOAN, 30), (Licence.ONE_COPY, 30), (Licence.SIMULTANEOUS, 30),
            (Licence.PAY_PER_LOAN, 30), (Licence.FREE, 14)]


def load_demo(today: date | None = None) -> list[int]:
    """Digital titles, their files and every library's terms; the new records' ids (for the
    search index)."""
    today = today or timezone.localdate()
    for number, library in enumerate(Library.objects.order_by("agency")):
        ebook, audio, film, period, price, fund = TERMS[number % len(TERMS)]
        DigitalTerms.objects.update_or_create(library=library, defaults={
            "ebook_cap": ebook, "eaudiobook_cap": audio, "film_cap": film, "period": period,
            "price_per_loan": price, "fund_code": "DIGITAL"})
        for year in (today.year - 1, today.year):
            Fund.objects.get_or_create(library=library, year=year, code="DIGITAL", defaults={
                "name": "Digitale materialer (eReolen, Filmstriben)", "budget": fund})
    sources = list(Record.objects.filter(material_type__in=("book", "audiobook", "film"))
                   .exclude(work=None).order_by("pk")[:TITLES])
    ids = [_digital_edition(source, number).pk for number, source in enumerate(sources)]
    ids.append(_podcast().pk)
    return ids


def _digital_edition(source: Record, number: int) -> Record:
    kind = {"book": "ebook", "audiobook": "eaudiobook", "film": "film_stream"}[
        source.material_type]
    if source.material_type == "book" and number % 3 == 1:
        kind = "eaudiobook"  # a book read aloud: the work's e-audiobook edition
    record, _ = save_record(RecordData(
        pid=f"demo-digital:{kind}-{source.pk}", title=source.title,
        creators=list(source.creators), subjects=list(source.subjects),
        genres=list(source.genres), material_type=kind, language=source.language,
        audience=source.audience, age_from=source.age_from, age_to=source.age_to,
        year=source.year, original_title=source.original_title,
        description=f"{DEMO_LABEL} {source.description}".strip()))
    licence, days = LICENCES[number % len(LICENCES)]
    title, _ = DigitalTitle.objects.update_or_create(record=record, defaults={
        "licence": licence, "loan_days": days, "copies": 1 + number % 2,
        "provider": "builtin", "provider_ref": record.pid})
    _file(title, kind)
    return record


def _podcast() -> Record:
    record, _ = save_record(RecordData(
        pid="demo-digital:podcast-1", title="Bibliotekets podcast : om at læse højt",
        creators=["Randers Bibliotek"], material_type="podcast", language="dan", year=2026,
        description=DEMO_LABEL))
    title, _ = DigitalTitle.objects.update_or_create(record=record, defaults={
        "licence": Licence.FREE, "loan_days": 14, "provider_ref": record.pid})
    _file(title, "podcast")
    return record


def _file(title: DigitalTitle, kind: str) -> None:
    if kind == "ebook":
        content, name, mime = epub(title.record.pid, title.record.title), "demo.epub", \
            "application/epub+zip"
    else:
        content, name, mime = sound(pitch=330.0 if kind == "film_stream" else 440.0), \
            "demo.wav", "audio/wav"
    DigitalFile.objects.update_or_create(title=title, defaults={
        "name": name, "content_type": mime, "content": content})
