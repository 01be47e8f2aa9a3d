"""A library leaves reol and comes back: exported, imported into an empty database by the
real `reol` command, and exported again, every file is the same (issue 17, points 3 and 4)."""

import csv
import filecmp
from pathlib import Path

import pytest
from django.core.management import call_command

from reol.libraries.models import Library
from tests.installations import Installation, own_databases

EXPORT_ALL = """
from django.core.management import call_command
from reol.libraries.models import Library
for agency in Library.objects.values_list("agency", flat=True):
    call_command("export_library", "--library", agency, "--to", "{to}/" + agency)
"""


def counts(report: Path) -> dict[str, dict[str, str]]:
    with report.open() as handle:
        return {row["file"]: row for row in csv.DictReader(handle) if not row["row"]}


@pytest.mark.slow
def test_the_network_exported_into_an_empty_database_comes_back_file_for_file(
        small_demo, tmp_path, django_db_setup):
    first, second = tmp_path / "first", tmp_path / "second"
    agencies = list(Library.objects.values_list("agency", flat=True))
    for agency in agencies:
        call_command("export_library", "--library", agency, "--to", str(first / agency))
    # Patrons, PIN hashes and histories: the exporting user's alone (docs/security.md).
    assert (first / agencies[0] / "patrons.csv").stat().st_mode & 0o077 == 0
    with own_databases("transfer") as (url,):
        other = Installation("other", tmp_path, url)
        try:
            other.migrated()
            other.reol("import_library", "--from", str(first), "--report",
                       str(tmp_path / "in.csv"))
            other.python(EXPORT_ALL.replace("{to}", str(second)))
        finally:
            other.stop()
    taken = counts(tmp_path / "in.csv")
    assert all(row["refused"] == "0" for row in taken.values()), taken
    assert int(taken[f"{agencies[0]}/patrons.csv"]["taken"]) > 10
    for agency in agencies:
        names = sorted(p.name for p in (first / agency).iterdir())
        _same, different, missing = filecmp.cmpfiles(first / agency, second / agency, names,
                                                      shallow=False)
        assert (different, missing) == ([], []), agency

    # The same folder into the database it came from: every row is already there.
    call_command("import_library", "--from", str(first), "--report", str(tmp_path / "re.csv"))
    again = counts(tmp_path / "re.csv")
    assert {(f, r["taken"], r["updated"], r["refused"], r["closed"]) for f, r in again.items()
            if f.endswith(".csv")} == {(f, "0", "0", "0", "0") for f in again
                                        if f.endswith(".csv")}
