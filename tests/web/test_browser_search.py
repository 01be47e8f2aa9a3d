"""In real Chromium: typing in the search box offers the catalogue's titles, creators and
subjects; picking one searches for it; the hits can be sorted by title, with æ, ø and å
after z."""

import re

import pytest
from playwright.sync_api import expect

from reol.search import vocabulary
from tests.factories import make_network, make_record
from tests.searching import index_caught_up

pytestmark = pytest.mark.browser


@pytest.fixture
def horses(live_server) -> None:
    make_network()
    make_record("Øen og den sorte hest", creators=["Bente Bakke"], year=2023)
    make_record("Hesten fra Skagen", creators=["Anders Andersen"], year=2021)
    make_record("Hestepigen", creators=["Erik Eriksen"], year=2015, subjects=["heste"])
    make_record("Ærlig talt, hest", creators=["Carla Carlsen"], year=2005)
    index_caught_up()
    vocabulary.build()


def test_typing_picking_a_suggestion_and_sorting_by_title(open_page, horses):
    page = open_page()
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search the catalogue")
    box.press_sequentially("hestep", delay=40)
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions).to_be_visible()
    suggestions.get_by_role("option", name=re.compile(r"^Hestepigen")).click()
    expect(page).to_have_url(re.compile(r"\?q=Hestepigen$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("1 result for “Hestepigen”")

    box = page.get_by_role("searchbox", name="Search the catalogue")
    box.fill("")
    box.press_sequentially("bakk", delay=40)
    option = page.get_by_role("listbox", name="Suggestions").get_by_role("option").first
    expect(option).to_contain_text("Bente Bakke")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()

    page.goto("/?q=hest")
    expect(heading).to_have_text("4 results for “hest”")
    sorts = page.get_by_role("navigation", name="Sort by")
    sorts.get_by_role("link", name="Title").click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    titles = page.locator("li.hit h2")
    expect(titles).to_have_text(["Hesten fra Skagen", "Hestepigen", "Ærlig talt, hest",
                                 "Øen og den sorte hest"])
    sorts.get_by_role("link", name="Newest").click()
    expect(page).to_have_url(re.compile(r"sort=newest"))
    expect(titles).to_have_text(["Øen og den sorte hest", "Hesten fra Skagen", "Hestepigen",
                                 "Ærlig talt, hest"])
