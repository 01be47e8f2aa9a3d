"""/api/v1/docs works with no internet: Swagger UI comes from reol's own static files."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_api_docs_load_everything_from_reol_itself(open_page, live_server):
    page = open_page()
    elsewhere: list[str] = []

    def only_reol(route):
        if urlsplit(route.request.url).netloc == urlsplit(live_server.url).netloc:
            route.continue_()
        else:  # as on a machine without internet
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_reol)
    page.goto("/api/v1/docs")
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("reol")
    expect(page.get_by_text("/api/v1/search").first).to_be_visible()
    assert elsewhere == []
