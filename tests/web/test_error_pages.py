"""A wrong address and a broken page get reol's own pages, in Danish or in English."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

NOT_FOUND = {"da": "Siden findes ikke", "en": "Page not found"}
BROKEN = {"da": "Noget gik galt", "en": "Something went wrong"}


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_missing_page_is_reols_own_in_the_patrons_language(db, language):
    answer = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    page = answer.content.decode()
    assert answer.status_code == 404
    assert f'<html lang="{language}">' in page and f"<h1>{NOT_FOUND[language]}</h1>" in page
    assert 'aria-label="Main menu"' in page or 'aria-label="Hovedmenu"' in page
    assert 'href="/"' in page


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_broken_page_is_reols_own_in_the_patrons_language(language):
    with translation.override(language):
        answer = server_error(RequestFactory().get("/"))
    page = answer.content.decode()
    assert answer.status_code == 500
    assert f'<html lang="{language}">' in page and f"<h1>{BROKEN[language]}</h1>" in page
    assert "/static/reol/reol.css" in page
