"""A patron in real Chromium: search, narrow, open a record, see where a copy is.

The pages work without JavaScript and, with it, htmx narrows the results in place. Every
assertion is something a patron (or their screen reader) would notice.
"""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SEARCH_BOX = "Search the catalogue"


def search_for(page: Page, text: str) -> None:
    """Type into the labelled search box and press Enter, as a patron does."""
    page.get_by_role("searchbox", name=SEARCH_BOX).fill(text)
    page.keyboard.press("Enter")
    # Wait for the page to load completely, so htmx has taken over its links.
    page.wait_for_url(re.compile(r"\?q="))


def results_heading(page: Page):
    return page.get_by_role("heading", level=1)


def facet(page: Page, label: str):
    """A value in the "Narrow the search" panel, e.g. facet(page, "Book") for "Book 3"."""
    panel = page.get_by_role("complementary", name="Narrow the search")
    return panel.get_by_role("link", name=re.compile(rf"^{re.escape(label)} \d+$"))


def hit(page: Page, title: str):
    return page.get_by_role("region", name="Results").get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=title)
    )


def holding(page: Page, library: str):
    """The collapsible "Where is it?" entry of one library on a record page."""
    return page.get_by_role("group").filter(has=page.get_by_role("heading", name=library))


def sees_where_mord_i_glostrup_is(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Mord i Glostrup")
    expect(page.get_by_text("On the shelf in at least one library")).to_be_visible()
    glostrup = holding(page, "Glostrup Bibliotek")
    expect(glostrup).to_contain_text("1 of 1 on the shelf")
    expect(glostrup.get_by_role("row", name=re.compile("^Glostrup Bibliotek"))).to_contain_text(
        "1 on the shelf"
    )
    randers = holding(page, "Randers Bibliotek")
    expect(randers).to_contain_text("0 of 1 on the shelf")
    loans = randers.get_by_role("row", name=re.compile("^Randers Bibliotek"))
    expect(loans).to_be_hidden()  # nothing on the shelf there, so it starts folded
    randers.get_by_role("heading", name="Randers Bibliotek").click()
    expect(loans).to_contain_text("1 on loan")


def test_patron_searches_narrows_by_facet_and_sees_availability(open_page, krimi_shelf):
    page = open_page()
    page.goto("/")
    search_for(page, "krimi")
    expect(results_heading(page)).to_have_text("4 results for “krimi”")
    expect(hit(page, "Kogebog for begyndere")).to_have_count(0)

    page.wait_for_load_state()  # the deferred scripts (htmx) have run: links are taken over
    page.evaluate("window.stillTheSamePage = true")
    facet(page, "Book").click()

    expect(page).to_have_url(re.compile(r"[?&]type=book(&|$)"))
    expect(results_heading(page)).to_have_text("3 results for “krimi”")
    assert page.evaluate("window.stillTheSamePage"), "narrowing reloaded the whole page"
    expect(facet(page, "Book")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("list", name="Active filters")).to_contain_text("Material type: Book")
    expect(hit(page, "Forbrydelsen")).to_have_count(0)
    expect(hit(page, "Skyggen over Randers")).to_contain_text(
        "Not on the shelf — can be reserved"
    )
    expect(hit(page, "Mord i Glostrup")).to_contain_text("On the shelf")

    page.go_back()
    expect(results_heading(page)).to_have_text("4 results for “krimi”")
    page.go_forward()
    expect(results_heading(page)).to_have_text("3 results for “krimi”")

    page.get_by_role("link", name="Mord i Glostrup").click()
    sees_where_mord_i_glostrup_is(page)


def test_the_same_search_works_without_javascript(open_page, krimi_shelf):
    page = open_page(java_script_enabled=False)
    page.goto("/")
    search_for(page, "krimi")
    expect(results_heading(page)).to_have_text("4 results for “krimi”")

    facet(page, "Book").click()
    expect(page).to_have_url(re.compile(r"[?&]type=book(&|$)"))
    expect(results_heading(page)).to_have_text("3 results for “krimi”")
    expect(hit(page, "Forbrydelsen")).to_have_count(0)

    page.get_by_role("link", name="Mord i Glostrup").click()
    sees_where_mord_i_glostrup_is(page)


def test_pages_have_one_main_one_h1_landmarks_and_a_labelled_search_box(
    open_page, krimi_shelf
):
    page = open_page()
    for path in ("/", "/?q=krimi", f"/records/{krimi_shelf['mord'].pid}/", "/libraries/"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("main")).to_have_count(1)
        expect(page.locator("main")).to_have_count(1)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("banner")).to_have_count(1)
        expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
        expect(page.get_by_role("search")).to_be_visible()
        expect(page.get_by_role("contentinfo")).to_have_count(1)
        expect(page.get_by_role("searchbox", name=SEARCH_BOX)).to_be_visible()


def test_keyboard_alone_skips_to_the_results_and_narrows_them(open_page, krimi_shelf):
    page = open_page()
    page.goto("/?q=krimi")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    page.keyboard.press("Tab")  # the "Narrow the search" panel's toggle
    page.keyboard.press("Tab")
    expect(facet(page, "Book")).to_be_focused()
    page.keyboard.press("Enter")
    expect(results_heading(page)).to_have_text("3 results for “krimi”")
    expect(page).to_have_url(re.compile(r"[?&]type=book(&|$)"))


def test_language_switch_to_english_changes_the_interface_text(open_page, krimi_shelf):
    page = open_page(locale="da-DK")  # a patron whose browser asks for Danish
    page.goto("/?q=krimi")
    expect(page.locator("html")).to_have_attribute("lang", "da")

    def interface_text() -> list[str]:
        return [
            page.get_by_role("search").inner_text(),
            results_heading(page).inner_text(),
            page.get_by_role("complementary").get_by_role("heading", level=2).inner_text(),
            page.get_by_role("contentinfo").inner_text(),
        ]

    danish = interface_text()
    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/\?q=krimi$"))
    expect(results_heading(page)).to_have_text("4 results for “krimi”")
    expect(page.get_by_role("searchbox", name=SEARCH_BOX)).to_have_value("krimi")
    expect(page.get_by_role("button", name="Dansk")).to_have_attribute("lang", "da")
    english = interface_text()
    unchanged = [d for d, e in zip(danish, english, strict=True) if d == e]
    assert not unchanged, f"still the same after switching to English: {unchanged}"

    page.get_by_role("link", name="Mord i Glostrup").click()
    expect(page.get_by_role("heading", name="Where is it?")).to_be_visible()


def test_a_phone_shows_search_box_and_results_without_sideways_scrolling(
    open_page, krimi_shelf
):
    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    for path in ("/", "/?q=krimi", f"/records/{krimi_shelf['mord'].pid}/"):
        phone.goto(path)
        expect(phone.get_by_role("searchbox", name=SEARCH_BOX)).to_be_in_viewport()
        expect(phone.get_by_role("heading", level=1)).to_be_in_viewport()
        overflow = phone.evaluate(  # a page too wide is zoomed out: innerWidth grows too
            "Math.max(document.documentElement.scrollWidth, window.innerWidth) - 390"
        )
        assert overflow <= 0, f"{path} scrolls {overflow}px sideways on a phone"
        if "q=" in path:
            for title in ("Mord i Glostrup", "Skyggen over Randers", "Forbrydelsen"):
                expect(hit(phone, title)).to_be_visible()
