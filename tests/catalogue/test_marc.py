"""MARC21 and MARCXML in and out: `reol import_marc` and `reol export_marc`."""

import codecs
import io
from datetime import UTC, datetime
from pathlib import Path

import pymarc
import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from pymarc import Field, Indicators, Subfield
from pymarc.marcxml import record_to_xml

from reol.catalogue import marc
from reol.catalogue.marc_import import BLOCK, read_records
from reol.catalogue.models import Record
from reol.errors import DomainError
from reol.search.services import parse_query, search
from tests.factories import make_record
from tests.searching import index_caught_up

# A copy of ../shared/schemas/MARC21slim.xsd (Library of Congress), so the check runs anywhere.
SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "MARC21slim.xsd"


# Building MARC records and files ----------------------------------------------------------

def marc_record(
    number: str | None = "29494940",
    title: str | None = "Journal 64",
    agency: str | None = "870970",
    leader: str = "00000nam a2200000 i 4500",
    fixed: str | None = None,
    fields: list[Field] = (),
) -> pymarc.Record:
    record = pymarc.Record(leader=leader, force_utf8=True)
    if number is not None:
        record.add_field(Field(tag="001", data=number))
    if agency is not None:
        record.add_field(Field(tag="003", data=agency))
    if fixed is not None:
        record.add_field(Field(tag="008", data=fixed))
    if title is not None:
        record.add_field(datafield("245", a=title))
    for field in fields:
        record.add_field(field)
    return record


def datafield(tag: str, indicators: str = "  ", **subfields: str) -> Field:
    return Field(
        tag=tag,
        indicators=Indicators(*indicators),
        subfields=[Subfield(code.lstrip("_"), value) for code, value in subfields.items()],
    )


def fixed_field(year: str = "2011", audience: str = " ", language: str = "dan") -> str:
    """008 of a book: date entered, a single date, place, audience at 22, language at 35."""
    return f"110815s{year}    dk     {audience}            {language} d"


def journal_64() -> pymarc.Record:
    """A national record with every field the import maps, in ISBD punctuation."""
    return marc_record(fixed=fixed_field(), fields=[
        datafield("020", a="9788756788731 (hf.)"),
        datafield("020", a="87-567-8873-8"),
        datafield("041", "0 ", a="dan"),
        datafield("084", a="sk", _2="dk5"),
        datafield("100", "1 ", a="Adler-Olsen, Jussi,"),
        datafield("250", a="1. udgave."),
        datafield("264", " 1", a="København :", b="Politiken,", c="2010"),
        datafield("300", a="464 sider ;", c="23 cm"),
        datafield("520", a="Carl Mørck og Afdeling Q opklarer en gammel sag."),
        datafield("650", " 4", a="Krimier."),
        datafield("655", " 7", a="spændingsromaner", _2="local"),
        datafield("700", "1 ", a="Hansen, H. C."),
    ])


def write_binary(path: Path, records: list[pymarc.Record]) -> Path:
    path.write_bytes(b"".join(record.as_marc() for record in records))
    return path


def write_xml(path: Path, records: list[pymarc.Record], prefix: str = "") -> Path:
    """A MARCXML collection; with a prefix such as "marc:" the namespace has that prefix."""
    body = b"".join(record_to_xml(record) for record in records).decode()
    if prefix:
        body = body.replace("<", f"<{prefix}").replace(f"<{prefix}/", f"</{prefix}")
    name = prefix.rstrip(":")
    xmlns = f"xmlns:{name}" if name else "xmlns"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{prefix}collection '
        f'{xmlns}="http://www.loc.gov/MARC21/slim">\n{body}\n</{prefix}collection>\n',
        encoding="utf-8",
    )
    return path


def run(command: str, *args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue().strip(), stderr.getvalue()


def reason(err: str, path: Path, position: int) -> str:
    """Why the command said the record at this position of this file was rejected."""
    prefix = f"{path}: record {position}: "
    lines = [line.removeprefix(prefix) for line in err.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, err
    return lines[0]


def stored(record: Record) -> dict:
    return model_to_dict(record, exclude=["id", "updated", "work"])  # works: test_works.py


# Mapping, without a database ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("leader", "expected"),
    [
        ("00000nam a22", "book"), ("00000ntm a22", "book"), ("00000nas a22", "periodical"),
        ("00000nim a22", "audiobook"), ("00000njm a22", "music"), ("00000ngm a22", "film"),
        ("00000nmm a22", "game"), ("00000ncm a22", "sheet_music"),
        ("00000ndm a22", "sheet_music"), ("00000nem a22", "other"), ("", "other"),
    ],
)
def test_the_leader_type_of_record_gives_the_material_type(leader, expected):
    assert marc.material_type(leader) == expected


def test_a_national_record_is_named_by_its_faust_number():
    assert marc.pid_from_control_number("29494940", "870970") == "870970-basis:29494940"


def test_a_record_of_a_local_agency_gets_a_katalog_pid():
    assert marc.pid_from_control_number(" 1234 ", "DK-716100") == "716100-katalog:1234"


def test_a_record_without_agency_is_taken_to_come_from_the_national_database():
    assert marc.pid_from_control_number("29494940", "") == "870970-basis:29494940"


def test_a_foreign_organisation_code_is_kept_in_the_pid():
    assert marc.pid_from_control_number("2001012345", "DLC") == "DLC:2001012345"


def test_a_record_without_control_number_is_refused():
    with pytest.raises(DomainError) as refusal:
        marc.record_data(marc_record(number=None))
    assert refusal.value.code == "no_control_number"


@pytest.mark.parametrize(
    "pid", ["870970-basis:29494940", "716100-katalog:12345678", "DLC:2001012345"]
)
def test_pids_survive_the_way_out_and_back(pid):
    assert marc.pid_from_control_number(*marc.control_number_from_pid(pid)) == pid


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Journal 64 :", "Journal 64"), ("Gyldendal,", "Gyldendal"), ("Krimier.", "Krimier"),
        ("464 sider ;", "464 sider"), ("Andersen, H. C.", "Andersen, H. C."),
        ("2. udg.", "2. udg."), ("Og så...", "Og så..."), ("Hvad nu?", "Hvad nu?"),
    ],
)
def test_isbd_punctuation_is_trimmed_but_initials_and_abbreviations_keep_their_stop(
    written, meant
):
    assert marc.trim_isbd(written) == meant


@pytest.mark.parametrize(
    ("age_from", "age_to", "term"),
    [(6, 6, "for 6 år"), (3, 5, "for 3-5 år"), (11, None, "fra 11 år"), (None, None, "")],
)
def test_age_ranges_are_written_as_terms_the_audience_rule_reads_back(age_from, age_to, term):
    assert marc.age_term(age_from, age_to) == term


def test_every_mapped_field_is_read_without_isbd_punctuation():
    data = marc.record_data(journal_64())
    assert (data.pid, data.faust) == ("870970-basis:29494940", "29494940")
    assert data.title == "Journal 64"
    assert data.creators == ["Adler-Olsen, Jussi", "Hansen, H. C."]
    assert data.isbns == ["9788756788731", "87-567-8873-8"]
    assert (data.dk5, data.material_type, data.language) == ("sk", "book", "dan")
    assert (data.year, data.edition, data.publisher) == (2011, "1. udgave", "Politiken")
    assert data.extent == "464 sider"
    assert data.description == "Carl Mørck og Afdeling Q opklarer en gammel sag."
    assert (data.subjects, data.genres) == (["Krimier"], ["spændingsromaner"])  # 655: form
    assert (data.audience, data.age_from, data.age_to) == ("adult", None, None)


def test_the_title_joins_title_and_subtitle():
    record = marc_record(title=None, fields=[datafield("245", "10", a="Ronja :", b="en saga /")])
    assert marc.record_data(record).title == "Ronja : en saga"


def test_a_corporate_main_entry_is_the_first_creator():
    record = marc_record(fields=[
        datafield("110", "2 ", a="Danmarks Radio."), datafield("700", "1 ", a="Olsen, Ib"),
    ])
    assert marc.record_data(record).creators == ["Danmarks Radio", "Olsen, Ib"]


def test_language_comes_from_041_and_year_from_264_when_008_has_neither():
    record = marc_record(fixed=fixed_field(year="uuuu", language="|||"), fields=[
        datafield("041", a="engdan"), datafield("264", " 4", c="℗2012"),
        datafield("264", " 1", b="Lindhardt og Ringhof", c="[2013]"),
    ])
    data = marc.record_data(record)
    assert (data.language, data.year, data.publisher) == ("eng", 2013, "Lindhardt og Ringhof")


def test_260_gives_publisher_and_year_when_there_is_no_264():
    record = marc_record(fields=[datafield("260", a="Kbh. :", b="Gyldendal,", c="c1998.")])
    data = marc.record_data(record)
    assert (data.publisher, data.year) == ("Gyldendal", 1998)


@pytest.mark.parametrize(
    ("fields", "dk5"),
    [
        ([datafield("082", a="839.8/136"), datafield("084", a="86", _2="dk5")], "86"),
        ([datafield("082", a="839.8136"), datafield("652", m="99.4", a="Andersen")], "99.4"),
        ([datafield("652", a="sk")], "sk"),
        ([datafield("084", a="PN", _2="rvk"), datafield("082", a="839.8/136")], "839.8136"),
        ([], ""),
    ],
)
def test_dk5_comes_from_084_then_652_and_dewey_only_stands_in_without_dk5(fields, dk5):
    assert marc.record_data(marc_record(fields=fields)).dk5 == dk5


@pytest.mark.parametrize("code", ["j", "a", "b", "c"])
def test_a_juvenile_target_audience_in_008_makes_childrens_material(code):
    data = marc.record_data(marc_record(fixed=fixed_field(audience=code)))
    assert data.audience == "children"


def test_age_terms_in_521_and_the_subjects_give_the_age_range_and_are_no_subjects():
    record = marc_record(fields=[
        datafield("521", a="Fra 9 år"), datafield("650", " 4", a="for 9-12 år"),
        datafield("650", " 4", a="Heste"),
    ])
    data = marc.record_data(record)
    assert (data.audience, data.age_from, data.age_to) == ("children", 9, None)
    assert data.subjects == ["Heste"]


def test_punctuation_is_text_when_the_leader_says_isbd_punctuation_is_left_out():
    record = marc_record(leader="00000nam a2200000 c 4500", title="Mr. Jones and co.")
    assert marc.record_data(record).title == "Mr. Jones and co."


def test_a_long_stretch_without_records_is_reported_once_and_reading_goes_on(tmp_path):
    path = tmp_path / "mixed.mrc"
    path.write_bytes(b"x" * (BLOCK + 1000) + b"\x1d" + marc_record("7", "Efter").as_marc())
    with path.open("rb") as handle:
        read = [(record and record["001"].data, problem) for record, problem in
                read_records(handle)]
    assert read == [(None, "no record terminator within 99,999 bytes: this is not ISO 2709"),
                    ("7", "")]


def test_a_marcxml_document_of_one_record_is_read():
    document = b'<?xml version="1.0"?>\n' + record_to_xml(journal_64(), namespace=True)
    [(record, problem)] = read_records(io.BytesIO(document))
    assert (record["245"]["a"], problem) == ("Journal 64", "")


def test_the_exported_leader_says_utf_8_and_no_isbd_punctuation():
    leader = str(marc.to_marc(Record(pid="870970-basis:1", title="Bog", material_type="film"))
                 .leader)
    assert (len(leader), leader[6:8], leader[9], leader[18]) == (24, "gm", "a", "c")


# Importing -------------------------------------------------------------------------------

@pytest.mark.parametrize("write", [write_binary, write_xml])
def test_records_that_straddle_the_blocks_a_file_is_read_in_are_read_whole(tmp_path, write):
    records = [marc_record(str(n), f"Bog nummer {n} " + "ø" * 300) for n in range(4000)]
    path = write(tmp_path / "large", records)
    assert path.stat().st_size > 2 * BLOCK
    with path.open("rb") as handle:
        read = [(record["001"].data, problem) for record, problem in read_records(handle)]
    assert read == [(str(n), "") for n in range(4000)]


def test_importing_a_binary_file_stores_every_mapped_field(db, tmp_path):
    path = write_binary(tmp_path / "national.mrc", [journal_64()])
    out, _ = run("import_marc", str(path))
    assert out == "read 1, created 1, updated 0, rejected 0"
    record = Record.objects.get(pid="870970-basis:29494940")
    assert (record.title, record.creators[0], record.year) == ("Journal 64", "Adler-Olsen, Jussi",
                                                               2011)
    assert record.isbns == ["9788756788731"]  # both ISBNs are the same book
    assert list(record.isbn_rows.values_list("isbn", flat=True)) == ["9788756788731"]


def test_importing_the_same_file_twice_creates_nothing_new(db, tmp_path):
    records = [journal_64(), marc_record("29494941", "Kvinden i buret")]
    path = write_binary(tmp_path / "twice.mrc", records)
    first, _ = run("import_marc", str(path))
    second, _ = run("import_marc", str(path))
    assert first == "read 2, created 2, updated 0, rejected 0"
    assert second == "read 2, created 0, updated 2, rejected 0"
    assert Record.objects.count() == 2


def test_importing_a_changed_record_again_updates_it(db, tmp_path):
    run("import_marc", str(write_binary(tmp_path / "old.mrc", [marc_record(title="Jorunal")])))
    out, _ = run("import_marc", str(write_binary(tmp_path / "new.mrc", [journal_64()])))
    assert out == "read 1, created 0, updated 1, rejected 0"
    assert Record.objects.get().title == "Journal 64"


@pytest.mark.parametrize("prefix", ["", "marc:"])
def test_marcxml_is_recognised_by_its_content_not_its_name(db, tmp_path, prefix):
    path = write_xml(tmp_path / "records.mrc", [journal_64(), marc_record("1", "Ronja")], prefix)
    path.write_bytes(codecs.BOM_UTF8 + b"\n  " + path.read_bytes())
    out, err = run("import_marc", str(path))
    assert out == "read 2, created 2, updated 0, rejected 0", err
    from_xml = stored(Record.objects.get(faust="29494940"))
    run("import_marc", str(write_binary(tmp_path / "same.mrc", [journal_64()])))
    assert stored(Record.objects.get(faust="29494940")) == from_xml


def corrupt_length(data: bytes) -> bytes:
    return b"x1y2z" + data[5:]


def short_length(data: bytes) -> bytes:
    return f"{len(data) - 10:05d}".encode() + data[5:]


def cut_in_the_middle(data: bytes) -> bytes:
    return data[:40] + data[60:]


def broken_base_address(data: bytes) -> bytes:
    return data[:12] + b"abcde" + data[17:]


def latin_1(data: bytes) -> bytes:
    return data.replace(b"nummer", "nømmer".encode("latin-1"))


@pytest.mark.parametrize(
    ("corrupt", "why"),
    [
        (corrupt_length, "Invalid record length"),
        (short_length, "less than the record's length"),
        (cut_in_the_middle, "greater than the length of data"),
        (broken_base_address, "cannot decode the record"),
        (latin_1, "'utf-8' codec can't decode byte 0xf8"),
    ],
)
def test_a_corrupt_binary_record_is_reported_with_its_place_and_the_others_imported(
    db, tmp_path, corrupt, why
):
    first, middle, last = (marc_record(str(n), f"Bog nummer {n}") for n in (1, 2, 3))
    path = tmp_path / "corrupt.mrc"
    path.write_bytes(first.as_marc() + corrupt(middle.as_marc()) + last.as_marc())
    out, err = run("import_marc", str(path))
    assert out == "read 3, created 2, updated 0, rejected 1"
    assert why in reason(err, path, 2)
    assert sorted(Record.objects.values_list("faust", flat=True)) == ["1", "3"]


def test_a_file_that_ends_inside_a_record_reports_that_record(db, tmp_path):
    data = marc_record("1", "Hel").as_marc() + marc_record("2", "Halv").as_marc()[:-30]
    path = tmp_path / "cut.mrc"
    path.write_bytes(data)
    out, err = run("import_marc", str(path))
    assert out == "read 2, created 1, updated 0, rejected 1"
    assert reason(err, path, 2).startswith("the file ends inside a record")


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda xml: xml.replace("</datafield>", "</datafeld>", 1), "malformed XML"),
        (lambda xml: xml.replace("</record>", "", 1), "the record is not closed"),
        (lambda xml: xml.replace('tag="245"', "", 1), "a datafield has no tag"),
        (lambda xml: xml.replace("nam a2200000 i 4500", "nam"), "leader"),
    ],
)
def test_a_broken_marcxml_record_is_reported_with_its_place_and_the_others_imported(
    db, tmp_path, damage, why
):
    first, middle, last = (marc_record(str(n), f"Bog nummer {n}") for n in (1, 2, 3))
    broken = damage(record_to_xml(middle).decode())
    body = "\n".join([record_to_xml(first).decode(), broken, record_to_xml(last).decode()])
    path = tmp_path / "broken.xml"
    path.write_text(f'<collection xmlns="http://www.loc.gov/MARC21/slim">{body}</collection>')
    out, err = run("import_marc", str(path))
    assert out == "read 3, created 2, updated 0, rejected 1"
    assert why in reason(err, path, 2)
    assert sorted(Record.objects.values_list("faust", flat=True)) == ["1", "3"]


@pytest.mark.parametrize(
    ("record", "why"),
    [
        (marc_record(number=None), "The record has no control number (001)."),
        (marc_record(title=None), "The record has no title."),
    ],
)
def test_a_record_that_cannot_be_mapped_is_rejected_with_its_reason(db, tmp_path, record, why):
    path = write_binary(tmp_path / "unmappable.mrc", [marc_record("1", "God"), record])
    out, err = run("import_marc", str(path))
    assert out == "read 2, created 1, updated 0, rejected 1"
    assert reason(err, path, 2) == why


def test_a_missing_path_is_reported_and_the_other_paths_still_imported(db, tmp_path):
    good = write_binary(tmp_path / "good.mrc", [journal_64()])
    missing = tmp_path / "missing.mrc"
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 paths could not be read"):
        call_command("import_marc", str(missing), str(good), stdout=stdout, stderr=stderr)
    assert f"{missing}: cannot be read: No such file or directory" in stderr.getvalue()
    assert stdout.getvalue().strip() == "read 1, created 1, updated 0, rejected 0"


def test_a_file_without_marc_records_says_so(db, tmp_path):
    path = tmp_path / "empty.xml"
    path.write_text('<collection xmlns="http://www.loc.gov/MARC21/slim"/>')
    out, err = run("import_marc", str(path))
    assert out == "read 0, created 0, updated 0, rejected 0"
    assert f"{path}: no MARC records found" in err


def test_imported_records_are_found_by_search(db, tmp_path):
    run("import_marc", str(write_binary(tmp_path / "find.mrc", [journal_64()])))
    index_caught_up()
    for text in ("journal", "Adler-Olsen", "Afdeling Q", "870970-basis:29494940"):
        result = search(parse_query(text, {}, None, None))
        assert [hit.record.faust for hit in result.hits] == ["29494940"], text


# Exporting -------------------------------------------------------------------------------

def catalogue() -> list[Record]:
    """Records with every exported field in use, and records with almost nothing."""
    return [
        make_record(
            "Journal 64 : krimi", pid="870970-basis:29494940", creators=[
                "Adler-Olsen, Jussi", "Jens Jensen"], subjects=["Krimier", "Afdeling Q"],
            genres=["Krimi"], search_terms=["Firmaknuseren"], roles={"Jens Jensen": ["ill"]},
            dk5="sk", language="dan", year=2010, isbns=["9788756788731", "9788711321683"],
            edition="1. udg.", publisher="Politiken", extent="464 sider",
            description="Første afsnit.\n\nAndet afsnit: Mørck & co.",
        ),
        make_record(
            "Ronja Røverdatter", pid="716100-katalog:12345", material_type="audiobook",
            audience="children", age_from=9, age_to=12, subjects=["Røvere"], language="swe",
        ),
        make_record("Bamse", pid="870970-basis:11111111", audience="children"),
        make_record("Ung og voksen", pid="870970-basis:22222222", age_from=16, age_to=16),
        make_record(
            "Idun", pid="773000-katalog:33", material_type="periodical", audience="children",
            age_from=11,
        ),
        make_record("Mr. Jones and Sons.", pid="DLC:2001012345", material_type="film"),
        *(make_record(f"{kind} uden meget", pid=f"870970-basis:4{n:07d}", material_type=kind)
          for n, kind in enumerate(["music", "game", "sheet_music", "other"])),
    ]


@pytest.mark.parametrize("marc_format", ["xml", "binary"])
def test_export_then_import_gives_back_every_mapped_field(db, tmp_path, marc_format):
    catalogue()
    before = {record.pid: stored(record) for record in Record.objects.all()}
    path = tmp_path / f"catalogue.{marc_format}"
    out, _ = run("export_marc", str(path), "--format", marc_format)
    assert out == f"exported {len(before)} records to {path}"
    Record.objects.all().delete()
    out, err = run("import_marc", str(path))
    assert out == f"read {len(before)}, created {len(before)}, updated 0, rejected 0", err
    assert {record.pid: stored(record) for record in Record.objects.all()} == before


@pytest.mark.parametrize("marc_format", ["xml", "binary"])
def test_exported_imported_and_exported_again_no_record_changes_field_for_field(
        db, tmp_path, marc_format):
    catalogue()
    Record.objects.update(updated=datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC))  # 005: not now
    first, second = tmp_path / "first", tmp_path / "second"
    run("export_marc", str(first), "--format", marc_format)
    Record.objects.all().delete()
    run("import_marc", str(first))
    run("export_marc", str(second), "--format", marc_format)
    assert second.read_bytes() == first.read_bytes()


def test_the_marcxml_export_validates_against_the_marc21_schema(db, tmp_path):
    if not SCHEMA.exists():
        pytest.skip(f"the MARC21 slim schema is not at {SCHEMA}")
    xmlschema = pytest.importorskip("xmlschema")
    catalogue()
    make_record("Kontroltegn\x0b og \x1d væk", pid="870970-basis:55555555")
    path = tmp_path / "catalogue.xml"
    run("export_marc", str(path))
    # The schema imports nothing, so validation needs no network.
    xmlschema.XMLSchema(SCHEMA).validate(str(path))
    assert path.read_text(encoding="utf-8").count("<record>") == Record.objects.count()


def test_the_export_writes_the_records_in_the_order_they_were_stored(db, tmp_path):
    for pid in ("870970-basis:3", "870970-basis:1", "870970-basis:2"):
        make_record("Bog", pid=pid)
    path = tmp_path / "ordered.mrc"
    run("export_marc", str(path), "--format", "binary")
    with path.open("rb") as handle:
        numbers = [record["001"].data for record in pymarc.MARCReader(handle)]
    assert numbers == ["3", "1", "2"]


def test_a_record_too_long_for_iso_2709_is_left_out_of_a_binary_export(db, tmp_path):
    make_record("Kort", pid="870970-basis:1")
    make_record("Lang", pid="870970-basis:2", description="ord " * 3000)
    path = tmp_path / "long.mrc"
    out, err = run("export_marc", str(path), "--format", "binary")
    assert out == f"exported 1 records to {path}, 1 left out"
    assert "870970-basis:2: too long for ISO 2709" in err
