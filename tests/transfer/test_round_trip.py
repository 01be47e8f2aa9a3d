"""A library leaves reol and comes back: exported, imported into an empty database by the
real `reol` command, and exported again, every file is the same (issue 17, points 3 and 4)."""

import csv
import filecmp
from pathlib import Path

import pytest
from django.core.management import call_command

from reol.libraries.models import Library
from tests.sharing.test_two_servers import Installation, own_databases


def export_network(to: Path) -> None:
    for agency in Library.objects.values_list("agency", flat=True):
        call_command("export_library", "--library", agency, "--to", str(to / agency))


def counts(report: Path) -> dict[str, dict[str, str]]:
    with report.open() as handle:
        return {row["file"]: row for row in csv.DictReader(handle) if not row["row"]}


@pytest.mark.slow
def test_the_network_exported_into_an_empty_database_comes_back_file_for_file(
        small_demo, tmp_path, django_db_setup):
    first, second = tmp_path / "first", tmp_path / "second"
    export_network(first)
    with own_databases("transfer") as (url,):
        other = Installation("other", tmp_path, url)
        other.reol("migrate", "--no-input", "-v", "0")
        other.reol("import_library", "--from", str(first), "--report", str(tmp_path / "in.csv"))
        taken = counts(tmp_path / "in.csv")
        assert all(row["refused"] == "0" for row in taken.values()), taken
        for agency in Library.objects.values_list("agency", flat=True):
            other.reol("export_library", "--library", agency, "--to", str(second / agency))
        # Again: nothing changes.
        other.reol("import_library", "--from", str(first), "--report", str(tmp_path / "again.csv"))
        again = counts(tmp_path / "again.csv")
    for agency in Library.objects.values_list("agency", flat=True):
        names = sorted(p.name for p in (first / agency).iterdir())
        same, different, missing = filecmp.cmpfiles(first / agency, second / agency, names,
                                                     shallow=False)
        assert (different, missing) == ([], []), agency
    assert {(f, r["taken"], r["updated"], r["closed"]) for f, r in again.items()} == {
        (f, "0", "0", "0") for f in again}
    patrons = taken[f"{agency}/patrons.csv"]
    assert int(patrons["taken"]) == int(patrons["read"]) > 10
