"""Fixtures of the digital library tests: digital editions beside a physical one."""

from decimal import Decimal

import pytest

from reol.digital.models import DigitalFile, DigitalTerms, DigitalTitle
from tests.factories import make_record


def make_title(licence: str = "pay_per_loan", material_type: str = "ebook",
               title: str = "Kvinden i buret", **fields) -> DigitalTitle:
    record = make_record(title, creators=["Jussi Adler-Olsen"], material_type=material_type)
    made = DigitalTitle.objects.create(record=record, licence=licence, **fields)
    DigitalFile.objects.create(title=made, name="demo.epub", content_type="application/epub+zip",
                               content=b"PK demo content")
    return made


@pytest.fixture
def terms(network):
    """Glostrup lets a patron borrow two e-books a month, at 18 kr. a loan."""
    return DigitalTerms.objects.create(library=network.glostrup, ebook_cap=2, eaudiobook_cap=1,
                                       price_per_loan=Decimal("18"))
