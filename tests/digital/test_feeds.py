"""Providers' catalogues in: ONIX 3.0 checked against its schema, MARC records with 856 links.
The digital editions join the works of the physical ones."""

from io import BytesIO, StringIO
from pathlib import Path

import pymarc
import pytest
from django.core.management import CommandError, call_command

from reol.digital import feeds
from reol.digital.models import DigitalTitle
from reol.errors import DomainError
from tests.factories import make_record

pytestmark = pytest.mark.django_db
ONIX = Path(__file__).parent / "data" / "onix3.xml"


def test_an_onix_feed_brings_ebook_and_audiobook_editions_into_the_work(network):
    book = make_record("Kvinden i buret", creators=["Jussi Adler-Olsen"])
    titles = feeds.import_onix(BytesIO(ONIX.read_bytes()), feeds.Licence("one_copy", copies=2))
    ebook, audio = (t.record for t in titles)
    assert (ebook.material_type, audio.material_type) == ("ebook", "eaudiobook")
    assert ebook.isbns == ["9788711000007"] and ebook.publisher == "Politiken"
    for record in (book, ebook, audio):
        record.refresh_from_db()
    assert ebook.work_id == audio.work_id == book.work_id
    assert {t.licence for t in titles} == {"one_copy"} and titles[0].copies == 2


def test_an_invalid_onix_feed_is_refused_whole_with_the_schemas_reason(network):
    broken = b'<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference">' \
             b'<Product/></ONIXMessage>'
    with pytest.raises(DomainError) as caught:
        feeds.import_onix(BytesIO(broken), feeds.Licence("free"))
    assert caught.value.code == "onix_invalid" and "Product" in caught.value.en


def test_marc_records_with_an_856_link_become_digital_titles(network):
    linked = pymarc.Record(leader="00000nim  2200000   4500")
    linked.add_field(pymarc.Field(tag="001", data="99990001"),
                     pymarc.Field(tag="245", indicators=["0", "0"],
                                  subfields=[pymarc.Subfield("a", "Lydbogen")]),
                     pymarc.Field(tag="856", indicators=["4", "0"], subfields=[
                         pymarc.Subfield("u", "https://provider.example/t/1")]))
    plain = pymarc.Record(leader="00000nam  2200000   4500")
    plain.add_field(pymarc.Field(tag="001", data="99990002"),
                    pymarc.Field(tag="245", indicators=["0", "0"],
                                 subfields=[pymarc.Subfield("a", "Papirbogen")]))
    (title,) = feeds.import_marc(BytesIO(linked.as_marc() + plain.as_marc()),
                                 feeds.Licence("pay_per_loan", provider="filmstriben"))
    assert title.record.material_type == "eaudiobook"
    assert title.link == "https://provider.example/t/1" and title.provider == "filmstriben"


def test_reol_import_digital_reads_a_feed_and_refuses_an_invalid_one_clearly(network,
                                                                            tmp_path):
    out = StringIO()
    call_command("import_digital", str(ONIX), "--licence", "free", "--loan-days", "14",
                 stdout=out)
    assert out.getvalue().strip() == "2 digital titles imported"
    assert {t.loan_days for t in DigitalTitle.objects.all()} == {14}
    broken = tmp_path / "broken.xml"
    broken.write_text("not xml")
    with pytest.raises(CommandError, match=r"not valid ONIX 3\.0"):
        call_command("import_digital", str(broken))
