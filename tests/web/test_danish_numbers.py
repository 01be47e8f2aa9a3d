"""Counts are written the Danish way in Danish (1.133) and the English way in English
(1,133); dates in Danish say "søndag den 6. december" and abbreviate months in lower case."""

from datetime import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import formats, translation


@pytest.mark.parametrize(("language", "heading"), [("da", "1.133 resultater for »krimi«"),
                                                   ("en", "1,133 results for “krimi”")])
def test_the_number_of_search_results_is_grouped(language, heading):
    facets = [{"name": "type", "label": "Type", "values": [
        {"url": "?type=book", "label": "Bog", "count": 12500, "active": False}]}]
    with translation.override(language):
        page = render_to_string("search/results.html", {
            "result": {"count": 1133, "hits": []}, "found": {"count": 1133, "exact": True},
            "asked": "krimi", "facets": facets})
    assert heading in " ".join(page.split())
    assert '<span class="count">12' + (".500" if language == "da" else ",500") in page


@pytest.mark.parametrize(("language", "name", "shown"), [
    ("da", "DAY_FORMAT", "søndag den 6. december 2026"),
    ("da", "DAY_TIME_FORMAT", "søndag den 6. december 2026, kl. 14:00"),
    ("da", "SHORT_DAY_TIME_FORMAT", "søn 6. dec 14:00"),
    ("en", "DAY_FORMAT", "Sunday 6 December 2026"),
    ("en", "DAY_TIME_FORMAT", "Sunday 6 December 2026, 14:00"),
    ("en", "SHORT_DAY_TIME_FORMAT", "Sun 6 Dec 14:00"),
])
def test_dates_are_written_as_each_language_writes_them(language, name, shown):
    with translation.override(language):
        assert formats.date_format(datetime(2026, 12, 6, 14, 0), name) == shown
