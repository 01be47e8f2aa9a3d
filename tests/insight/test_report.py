"""The yearly report: figures, most-loaned titles per category, the command, the page, the
API, and importing door counts."""

import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command

from reol.insight.models import DoorCount
from reol.insight.report import yearly
from reol.insight.rules import top_list
from tests.factories import make_patron, make_record
from tests.insight.test_statistics import YEAR, ill, loan_events


@pytest.mark.parametrize(("dk5", "subjects", "audience", "expected"), [
    ("sk", ["kærlighed"], "adult", "novel"),
    ("sk", ["krimi", "Danmark"], "adult", "crime"),
    ("sk", ["Kriminalromaner"], "adult", "crime"),
    ("sk", ["billedbøger"], "children", "picture_book"),
    ("", ["Billedbog"], "children", "picture_book"),
    ("77.7", ["film"], "adult", "non_fiction"),
    ("sk", ["heste"], "children", None),
    ("", [], "adult", None),
])
def test_categories(dk5, subjects, audience, expected):
    assert top_list(dk5, subjects, audience) == expected


# Real records of the demo catalogue (bibdata), as catalogue.rules reads their terms.
@pytest.mark.parametrize(("title", "dk5", "subjects", "audience", "creator", "expected"), [
    ("Lille Virgil", "59", ["Oplæsning 0.- 2. kl.", "for børn", "Fantastisk fortælling",
                            "Sjove bøger", "Skønlitteratur", "romaner", "Børnebøger"],
     "children", "Ole Lund Kirkegꜳrd", None),
    ("Yu-Gi-Oh!", "sk", ["fantasy", "Skønlitteratur"], "adult", "Kazuki Takahashi", None),
    ("Ranma 1/2", "sk", ["fantasy", "Skønlitteratur"], "adult", "Rumiko Takahashi", None),
    ("Taynikma", "86.098", [], "adult", "Jan Kjær (f. 1971)", None),
    ("Fullmetal alchemist", "sk", ["fantasy", "Skønlitteratur", "manga"], "adult",
     "Hiromu Arakawa", None),
    ("Rasmus Klump som brandmand", "sk", ["Skønlitteratur"], "adult", "Vilh. Hansen (f. 1900)",
     None),
    ("Walt Disney's Anders And - udvalgte serier", "sk", ["Skønlitteratur", "Tegneserier sk"],
     "adult", "", None),
    ("Rasmus Klump bager pandekager", "sk", ["Billedbog", "pandekager", "Skønlitteratur"],
     "children", "Carla Hansen", "picture_book"),
    ("Fyrmesteren : kriminalroman", "sk", ["hustruvold", "krimi", "Skønlitteratur", "Sverige"],
     "adult", "Camilla Läckberg", "crime"),
    ("Splinten : psykothriller", "sk", ["Tyskland", "Skønlitteratur", "psykologisk thriller"],
     "adult", "Sebastian Fitzek", "novel"),
])
def test_top_lists_classify_real_records(title, dk5, subjects, audience, creator, expected):
    assert top_list(dk5, subjects, audience, [creator] if creator else []) == expected, title


@pytest.fixture
def year_of_randers(network):
    n = network
    when = datetime(YEAR, 4, 1, 9, tzinfo=UTC)
    adult, child = make_patron(n.randers), make_patron(n.randers, born="2017-03-01")
    titles = {
        "Kongens fald": ({"dk5": "sk"}, 9, adult),
        "Stille vand": ({"dk5": "sk"}, 4, adult),
        "Journal 64": ({"dk5": "sk", "subjects": ["krimi"]}, 7, adult),
        "Halfdans ABC": ({"audience": "children", "subjects": ["billedbøger"]}, 6, child),
        "Danmarks fugle": ({"dk5": "59.8"}, 5, adult),
        "Ternet Ninja": ({"audience": "children", "dk5": "sk"}, 3, child),
    }
    for title, (fields, loans, patron) in titles.items():
        loan_events(n.randers_main, make_record(title, **fields), loans, when, patron)
    film = make_record("Druk", material_type="film", dk5="77.7")
    loan_events(n.randers_main, film, 20, when, adult)
    ill("interlibrary", when, library=n.randers, lender=n.glostrup, borrower=n.randers,
        request="R1", branch=n.randers_main)
    DoorCount.objects.create(branch=n.randers_main, date=date(YEAR, 4, 1), visitors=1200)
    return n


def test_the_yearly_figures_and_top_titles(year_of_randers):
    report = yearly(year_of_randers.randers, YEAR)
    assert (report.loans, report.loans_adults, report.loans_children) == (54, 45, 9)
    assert (report.ill_received, report.visitors) == (1, 1200)
    top = {name: [(t.title, t.loans) for t in titles] for name, titles in report.top.items()}
    assert top["novel"] == [("Kongens fald", 9), ("Stille vand", 4)]
    assert top["crime"] == [("Journal 64", 7)]
    assert top["picture_book"] == [("Halfdans ABC", 6)]
    assert top["non_fiction"] == [("Danmarks fugle", 5)]  # the film is no book
    assert yearly(year_of_randers.randers, YEAR - 1).loans == 0
    assert yearly(year_of_randers.glostrup, YEAR).loans == 0


def test_the_command_prints_json_and_a_table(year_of_randers, capsys):
    call_command("report", "yearly", "--library", "773000", "--year", str(YEAR), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["loans_children"] == 9 and data["top"]["crime"][0]["title"] == "Journal 64"
    call_command("report", "yearly", "--library", "773000", "--year", str(YEAR))
    printed = capsys.readouterr().out
    assert "Loans for children" in printed and "Kongens fald" in printed
    with pytest.raises(CommandError, match="999999"):
        call_command("report", "yearly", "--library", "999999", "--year", str(YEAR))


def test_the_report_page_is_public_and_prints(year_of_randers, client):
    page = client.get(f"/insight/report/773000/{YEAR}/", HTTP_ACCEPT_LANGUAGE="da")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vidste du?" in html and "Randers Bibliotek i 2025" in html
    assert "Kongens fald" in html and "1.200" in html
    assert client.get(f"/insight/report/999999/{YEAR}/").status_code == 404
    assert client.get("/insight/report/773000/0/").status_code == 400  # year 0: bad input


def test_the_yearly_api(year_of_randers, client):
    answer = client.get(f"/api/v1/reports/yearly/773000/{YEAR}")
    assert answer.status_code == 200
    assert answer.json()["loans_adults"] == 45
    assert answer.json()["top"]["picture_book"][0]["loans"] == 6
    assert client.get(f"/api/v1/reports/yearly/999999/{YEAR}").status_code == 404
    assert client.get("/api/v1/reports/yearly/773000/0").status_code == 400


def test_importing_door_counts(network, tmp_path, capsys):
    good = tmp_path / "doors.csv"
    good.write_text("branch,date,visitors\nranders-hb,2025-04-01,1200\n"
                    "randers-bogbus,2025-04-01,35\n", encoding="utf-8")
    call_command("import_visitors", str(good))
    assert "2 new" in capsys.readouterr().out
    good.write_text("branch,date,visitors\nranders-hb,2025-04-01,1250\n", encoding="utf-8")
    call_command("import_visitors", str(good))
    assert DoorCount.objects.get(branch=network.randers_main).visitors == 1250
    bad = tmp_path / "bad.csv"
    for text, complaint in [
        ("branch,date,visitors\nranders-hb,2025-04-02,10\nnowhere,2025-04-02,5\n",
         "Linje 3: filialen «nowhere» kendes ikke"),
        ("branch,date,visitors\nranders-hb,1/4/2025,10\n", "Linje 2: datoen"),
        ("branch,date,visitors\nranders-hb,2025-04-02,many\n", "ikke et helt tal"),
        ("branch;date;visitors\n", "kolonnerne skal være branch,date,visitors"),
    ]:
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(CommandError, match=complaint):
            call_command("import_visitors", str(bad))
    assert DoorCount.objects.count() == 2  # a refused file writes nothing


def test_top_lists_of_the_demo_catalogue_as_the_catalogue_reads_it():
    from reol.catalogue.demo import demo_records

    books = {r.data.title: r.data for r in demo_records() if r.data.material_type == "book"}

    def listed(title: str) -> str | None:
        d = books[title]
        return top_list(d.dk5, [*d.subjects, *d.genres], d.audience, d.creators)

    assert [listed(t) for t in ("Lille Virgil", "Yu-Gi-Oh!", "Ranma 1/2", "Taynikma")] == [
        None] * 4
    assert listed("Fyrmesteren : kriminalroman") == "crime"
    assert listed("Splinten : psykothriller") == "novel"
    assert listed("Rasmus Klump bager pandekager") == "picture_book"
