"""The staff pages and the API of the transport scheme."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.dk", "pw")
    client.force_login(user)
    return client


def test_grant_page_shows_the_domain_figures(admin_client):
    page = admin_client.get("/staff/transport/grant/").content.decode()
    assert "Gentofte" in page and "16.086.572" in page and "<caption>" in page


def test_sorting_view_and_where(admin_client, shipped):
    page = admin_client.get("/staff/transport/hubs/herning/?date=2026-11-20").content.decode()
    assert shipped.item.barcode in page and "773000" in page
    empty = admin_client.get("/staff/transport/hubs/herning/?date=2026-11-19").content.decode()
    assert shipped.item.barcode not in empty
    where = admin_client.get(f"/staff/transport/where/?barcode={shipped.item.barcode}")
    assert "Odense" in where.content.decode()


def test_pages_need_a_staff_log_in(client, db):
    assert client.get("/staff/transport/grant/").status_code == 302


def test_api_estimate_and_grant(admin_client, shipped):
    from django.test import Client

    client = Client()
    answer = client.get("/api/v1/transport/estimate?source=716100&destination=773000"
                        "&sent=2026-11-16").json()
    assert answer == {"sent": "2026-11-16", "delivery": "2026-11-24"}
    rows = client.get("/api/v1/transport/grant").json()
    assert rows[0]["central_library"] == "Gentofte" and rows[0]["total"] == 16_086_572
    assert client.get(f"/api/v1/transport/items/{shipped.item.barcode}").status_code == 401
    crates = admin_client.get("/api/v1/transport/hubs/herning/sorting?day=2026-11-20").json()
    assert crates[0]["destination"] == "773000"


def test_figures_page(admin_client):
    page = admin_client.get("/staff/transport/figures/?year=2026").content.decode()
    assert "725.000" in page


def test_figures_page_is_a_table_with_a_column_per_month(admin_client, network):
    page = admin_client.get("/staff/transport/figures/?year=2026").content.decode()
    assert 'class="staff-list ill-figures"' in page and 'class="staff-list figures"' not in page
    assert "<th scope=\"col\">Jan</th>" in page and "<th scope=\"col\">Maj</th>" in page
