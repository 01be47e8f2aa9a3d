"""The grant key: exact kroner for small examples, the figures of domain.md, and the command."""

import json
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reol.errors import DomainError
from reol.sharing import grant
from reol.sharing.grant import Region


def test_each_amount_is_rounded_on_its_own_so_the_sum_may_miss_the_total():
    rows = grant.allocate(100, [Region("Odense", 1, 1), Region("Vejle", 1, 1),
                                Region("Aalborg", 1, 1)])
    # 40/3 = 13.33 → 13; 30/3 = 10; the row's exact 33.33 → 33; three rows give 99, not 100.
    assert [(r.base, r.municipalities_share, r.population_share, r.total) for r in rows] == \
        [(13, 10, 10, 33)] * 3
    assert [str(r.percent) for r in rows] == ["33.33"] * 3


def test_halves_round_up():
    rows = grant.allocate(5, [Region("Odense", 1, 1), Region("Vejle", 1, 1)])
    # base 2/2 = 1; 1.5/2 = 0.75 → 1 twice; the row's exact 2.5 → 3 (not 2, as a bank would).
    assert [(r.base, r.municipalities_share, r.population_share, r.total) for r in rows] == \
        [(1, 1, 1, 3), (1, 1, 1, 3)]


def test_shares_weigh_municipalities_and_population():
    rows = grant.allocate(1000, [Region("Odense", 1, 100), Region("Vejle", 3, 300)],
                          (Fraction(50), Fraction(25), Fraction(25)))
    assert [r.as_dict() for r in rows] == [
        {"central_library": "Odense", "base": 250, "municipalities_share": 63,
         "population_share": 63, "total": 375, "percent": 37.5},
        {"central_library": "Vejle", "base": 250, "municipalities_share": 188,
         "population_share": 188, "total": 625, "percent": 62.5},
    ]


def test_the_figures_of_domain_md():
    rows = {r.central_library: r for r in grant.allocate(grant.DOMAIN_TOTAL,
                                                         grant.domain_regions())}
    assert rows["Gentofte"].as_dict() == {
        "central_library": "Gentofte", "base": 4_374_173, "municipalities_share": 5_623_937,
        "population_share": 6_088_461, "total": 16_086_572, "percent": 24.52}
    assert rows["Odense"].total == 7_741_116
    assert rows["Aalborg"].percent == grant.Decimal("13.08")


@pytest.mark.parametrize("shares", ["40,30", "50,30,30", "-10,60,50", "40,30,x"])
def test_shares_must_be_three_non_negative_numbers_making_100(shares):
    with pytest.raises(DomainError) as refusal:
        grant.parse_shares(shares)
    assert refusal.value.code in {"grant_shares", "grant_number"}


@pytest.mark.parametrize("text, code", [
    ("central_library,municipalities\nOdense,9\n", "grant_columns"),
    ("central_library,municipalities,population\nOdense,ni,459928\n", "grant_number"),
    ("central_library,municipalities,population\nOdense,9,-5\n", "grant_number"),
    ("central_library,municipalities,population\nSkagen,9,459928\n", "grant_unknown"),
    ("central_library,municipalities,population\nOdense,9,1\nodense,9,1\n", "grant_duplicate"),
    ("central_library,municipalities,population\n", "grant_empty"),
])
def test_a_bad_csv_is_refused_with_its_reason(text, code):
    with pytest.raises(DomainError) as refusal:
        grant.parse_regions(text, set(grant.CENTRAL_LIBRARIES))
    assert refusal.value.code == code


def _csv(tmp_path, rows=grant.DOMAIN_REGIONS):
    path = tmp_path / "regions.csv"
    path.write_text("central_library,municipalities,population\n"
                    + "".join(f"{n},{m},{p}\n" for n, m, p in rows), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_command_prints_json_with_the_agreed_keys(tmp_path, capsys):
    call_command("allocate", "--total", "65612599", "--regions", str(_csv(tmp_path)), "--json")
    rows = json.loads(capsys.readouterr().out)
    assert [r["central_library"] for r in rows] == list(grant.CENTRAL_LIBRARIES)
    assert set(rows[0]) == {"central_library", "base", "municipalities_share",
                            "population_share", "total", "percent"}
    assert rows[2] == {"central_library": "Odense", "base": 4374173,
                       "municipalities_share": 1807694, "population_share": 1559248,
                       "total": 7741116, "percent": 11.8}


@pytest.mark.django_db
def test_command_table_and_other_shares(tmp_path, capsys):
    call_command("allocate", "--total", "100", "--regions",
                 str(_csv(tmp_path, [("Odense", 1, 1), ("Vejle", 1, 1)])),
                 "--shares", "100,0,0")
    out = capsys.readouterr().out
    assert "Odense" in out and "50.00" in out


@pytest.mark.django_db
def test_command_refuses_bad_input_with_status_1(tmp_path):
    from subprocess import run

    bad = tmp_path / "bad.csv"
    bad.write_text("central_library,municipalities,population\nSkagen,1,2\n")
    with pytest.raises(CommandError, match="Skagen"):
        call_command("allocate", "--total", "100", "--regions", str(bad))
    with pytest.raises(CommandError):
        call_command("allocate", "--total", "100", "--regions", str(_csv(tmp_path)),
                     "--shares", "50,50,50")
    import os
    import sys
    done = run([os.path.join(os.path.dirname(sys.executable), "reol"), "allocate", "--total",
                "100", "--regions", str(bad)], capture_output=True, text=True,
               env={**os.environ, "LANGUAGE": "en", "REOL_VAR_DIR": str(tmp_path)})
    assert done.returncode == 1
    assert "not a central library" in done.stderr
