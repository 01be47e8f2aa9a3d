"""The Content-Security-Policy in real Chromium: what moved out of inline code for it (htmx's
focus after narrowing, the desk's scan queue, the API docs from ninja's own files) still
works. The `open_page` fixture fails any test in which the policy blocked something."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from reol.core.roles import grant

pytestmark = pytest.mark.browser


def test_search_narrowed_with_htmx_breaks_no_policy_and_focuses_the_new_count(
        open_page, krimi_shelf):
    page = open_page()
    page.goto("/?q=krimi")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("4 results for “krimi”")
    page.evaluate("window.stillTheSamePage = true")
    panel = page.get_by_role("complementary", name="Narrow the search")
    panel.get_by_role("link", name=re.compile(r"^Book \d+$")).click()
    expect(heading).to_have_text("3 results for “krimi”")
    assert page.evaluate("window.stillTheSamePage")  # htmx ran under the policy
    expect(heading).to_be_focused()  # reol.js, no longer an hx-on attribute
    page.goto(f"/records/{krimi_shelf['mord'].pid}/")
    page.goto("/libraries/")


def test_the_desk_and_the_api_docs_break_no_policy(open_page, krimi_shelf):
    librarian = User.objects.create_user("birte", password="hemmelig-42")
    grant(librarian, krimi_shelf["network"].glostrup, "desk")
    page = open_page()
    page.goto("/staff/")
    page.get_by_label("User name").fill("birte")
    page.get_by_label("Password").fill("hemmelig-42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk at Glostrup Bibliotek")
    code = page.get_by_label("Card or barcode")
    expect(page.locator("#desk-scan")).to_have_attribute("data-ready", "true")
    page.evaluate("window.stillTheSamePage = true")
    code.fill("0000000000")
    code.press("Enter")
    expect(code).to_have_value("")  # emptied at once by desk.js, before the answer
    expect(page.locator("#desk-acts li").first).to_be_visible()
    assert page.evaluate("window.stillTheSamePage")

    page.goto("/api/v1/docs")
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("reol")
