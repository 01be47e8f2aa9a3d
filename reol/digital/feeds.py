"""Providers' catalogues coming in: ONIX 3.0 (checked against EDItEUR's schema by onixcheck,
then read with defusedxml) and MARC records with 856 links (pymarc, through the catalogue's
reader). Each product becomes a record of the catalogue, grouped into its work with the
physical editions, and a digital title under the licence the library bought."""

import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO
from xml.etree.ElementTree import Element

import onixcheck
from defusedxml import ElementTree
from django.db import transaction

from reol.catalogue import marc
from reol.catalogue.marc_import import read_records
from reol.catalogue.services import RecordData, save_record
from reol.refusals import refuse

from .models import DigitalTitle

_NS = "{http://ns.editeur.org/onix/3.0/reference}"
# ONIX code list 150 (product form): downloadable audio; V… is video; the rest are text.
_AUDIO_FORMS = {"AJ", "AN"}
_LEADER_DIGITAL = {"i": "eaudiobook", "g": "film_stream"}


@dataclass(frozen=True)
class Licence:
    """What the library bought, for every title of one feed."""

    licence: str
    provider: str = "builtin"
    copies: int = 1
    loan_days: int = 30
    price: Decimal | None = None


def import_onix(handle: BinaryIO, licence: Licence) -> list[DigitalTitle]:
    """Every product of an ONIX 3.0 message (reference tags); an invalid message is refused
    whole, with the schema's first complaint."""
    data = handle.read()
    with tempfile.NamedTemporaryFile(suffix=".xml") as copy:  # onixcheck reads a file
        copy.write(data)
        copy.flush()
        problems = onixcheck.validate(copy.name)
    if problems:
        raise refuse("onix_invalid", reason=str(problems[0].message)[:300])
    root = ElementTree.parse(io.BytesIO(data)).getroot()
    with transaction.atomic():
        return [_title(record, licence) for record in _onix_records(root)]


def _text(node: Element, path: str) -> str:
    """The text at a path of reference tags ("PublishingDetail/Publisher/PublisherName")."""
    return (node.findtext("/".join(_NS + step for step in path.split("/"))) or "").strip()


def _onix_records(root: Element) -> Iterator[tuple[RecordData, str]]:
    for product in root.iter(f"{_NS}Product"):
        form = _text(product, "DescriptiveDetail/ProductForm")
        isbns = [_text(ident, "IDValue") for ident in product.findall(f"{_NS}ProductIdentifier")
                 if _text(ident, "ProductIDType") in ("03", "15")]
        element = "DescriptiveDetail/TitleDetail/TitleElement"
        title, subtitle = _text(product, f"{element}/TitleText"), _text(product,
                                                                         f"{element}/Subtitle")
        creators = [_text(c, "PersonName") for c in
                    product.findall(f"{_NS}DescriptiveDetail/{_NS}Contributor")]
        date = _text(product, "PublishingDetail/PublishingDate/Date")
        yield RecordData(
            pid=f"onix:{_text(product, 'RecordReference')}"[:80],
            title=f"{title} : {subtitle}" if subtitle else title,
            creators=[c for c in creators if c], isbns=isbns,
            material_type=("eaudiobook" if form in _AUDIO_FORMS else
                           "film_stream" if form.startswith("V") else "ebook"),
            language=_text(product, "DescriptiveDetail/Language/LanguageCode"),
            publisher=_text(product, "PublishingDetail/Publisher/PublisherName"),
            year=int(date[:4]) if date[:4].isdigit() else None,
            description=_text(product, "CollateralDetail/TextContent/Text"),
        ), ""


def import_marc(handle: BinaryIO, licence: Licence) -> list[DigitalTitle]:
    """Every MARC record that has an 856 $u link: a digital edition lent at that link.
    Records without one are no digital titles and are left out."""
    titles = []
    with transaction.atomic():
        for record, _problem in read_records(handle):
            links = [] if record is None else [
                value for field in record.get_fields("856")
                for value in field.get_subfields("u")]
            if record is None or not links:
                continue
            data = marc.record_data(record)
            data.material_type = _LEADER_DIGITAL.get(record.leader[6:7], "ebook")
            titles.append(_title((data, links[0]), licence))
    return titles


def _title(pair: tuple[RecordData, str], licence: Licence) -> DigitalTitle:
    data, link = pair
    record, _created = save_record(data)
    title, _ = DigitalTitle.objects.update_or_create(record=record, defaults={
        "licence": licence.licence, "provider": licence.provider, "copies": licence.copies,
        "loan_days": licence.loan_days, "price": licence.price, "link": link[:500],
        "provider_ref": data.pid})
    return title
