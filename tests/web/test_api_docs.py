"""/api/v1/docs works with no internet: Swagger UI comes from reol's own static files."""

import pytest
from playwright.sync_api import Route, expect

pytestmark = pytest.mark.browser


def test_the_api_docs_load_everything_from_reol_itself(open_page, live_server):
    page = open_page()
    elsewhere: list[str] = []

    def cut_off(route: Route) -> None:  # as on a machine without internet
        elsewhere.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(live_server.url + "/"), cut_off)
    page.goto("/api/v1/docs")
    # The whole API's description is made on the first request: give a busy machine time.
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("reol", timeout=30_000)
    expect(page.get_by_text("/api/v1/search").first).to_be_visible()
    assert elsewhere == []
