from pathlib import Path

from reol.transfer.columns_doc import tables

DOC = Path(__file__).resolve().parents[2] / "docs" / "migration.md"


def test_every_file_and_column_is_documented_as_the_code_reads_it():
    assert tables() in DOC.read_text(), "run: reol shell -c 'from reol.transfer.columns_doc " \
        "import tables; print(tables())' and paste it into docs/migration.md"
