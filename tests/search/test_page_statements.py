"""A search results page costs a fixed handful of statements, however many hits, facets and
libraries it shows (counts, not times: the machines are shared)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reol.libraries.models import Library
from tests.factories import make_item, make_record

MOST = 6


@pytest.mark.django_db
@pytest.mark.parametrize("asked", [
    {"q": "krimi"},
    {"q": "krimi", "sort": "title"},
    {"q": "krimi", "sort": "newest"},
    {"title": "krimi", "subject": "emne", "year_from": "2001", "year_to": "2003"},
    {"q": "bøger om krimi"},
])
def test_a_results_page_with_every_facet_runs_a_fixed_number_of_statements(network, asked):
    for n in range(6):
        extra = Library.objects.create(agency=f"7{n}0000", name=f"Bibliotek {n}",
                                       municipality=f"By {n}", region=network.glostrup.region)
        branch = extra.branches.create(code=f"b{n}", name=f"Filial {n}", kind="main")
        for m in range(4):
            record = make_record(f"Krimi nummer {n}-{m}", subjects=["krimi", f"emne {m}"],
                                 year=2000 + m)
            make_item(record, branch)
            make_item(record, network.glostrup_main)
    client = Client()
    client.get("/", asked)  # the index and the per-process memories are warm
    with CaptureQueriesContext(connection) as statements:
        page = client.get("/", {**asked, "library": "700000"})
    assert page.status_code == 200 and "Bibliotek 0" in page.content.decode()
    assert len(statements) <= MOST, "\n".join(q["sql"][:160] for q in statements)
