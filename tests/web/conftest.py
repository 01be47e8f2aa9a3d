"""Browser fixtures: the system's Chromium driven by Playwright against a live reol server.

Playwright never downloads a browser here; it drives Debian's `chromium`, which
`make test` installs when it is missing and the machine allows it. Without one, the
browser tests skip and say why.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from reol.catalogue.models import Item, MaterialType
from tests.factories import make_item, make_network, make_record
from tests.searching import index_caught_up

CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    fallback = Path("/usr/bin/chromium")
    return str(fallback) if os.access(fallback, os.X_OK) else None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test opens its own context."""
    executable = chromium_executable()
    if executable is None:
        pytest.skip(
            "no Chromium on this machine: install Debian's `chromium` (`make test` does so "
            "when it may) to run the browser tests"
        )
    # Playwright's sync API keeps an asyncio loop marked as running in this thread for as
    # long as it runs. Django takes that loop for async code and refuses every ORM call in
    # the thread — not only the test's own, but also pytest-django's flush after each
    # live-server test, so making the data before the browser starts is not enough once one
    # browser serves many tests. The loop only talks to Chromium and never touches the
    # database, so the refusal would be a false alarm: lift it exactly while Playwright runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield chromium
            finally:
                chromium.close()


@pytest.fixture
def open_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (own cookies, own settings) on the live server.

    A patron reading English unless told otherwise: the Danish wording is the translators'
    to change, the English source text is what the templates say. Whatever the
    Content-Security-Policy blocks on any page fails the test (Chromium reports it on the
    console), so every browser test also proves the pages need nothing inline.
    """
    contexts = []
    blocked: list[str] = []

    def open_page(**options) -> Page:
        options = {"base_url": live_server.url, "locale": "en-GB", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        context.on("console", lambda m: blocked.append(f"{m.location.get('url')}: {m.text}")
                   if "Content Security Policy" in m.text else None)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert blocked == [], "the Content-Security-Policy blocked something"


@pytest.fixture
def krimi_shelf(live_server) -> dict:
    """Four crime titles (three books, one film) and a cookbook in two libraries.

    Mord i Glostrup is on the shelf in Glostrup and on loan in Randers; Skyggen over Randers
    is on loan everywhere, so it can only be reserved.
    """
    network = make_network()
    mord = make_record(
        "Mord i Glostrup", creators=["Hanne Holm"], subjects=["krimi", "politi"],
        material_type=MaterialType.BOOK, language="dan", year=2021,
    )
    make_item(mord, network.glostrup_main)
    make_item(mord, network.randers_main, status=Item.Status.ON_LOAN)
    skyggen = make_record(
        "Skyggen over Randers", creators=["Jens Vang"], subjects=["krimi"],
        material_type=MaterialType.BOOK, language="dan", year=2019,
    )
    make_item(skyggen, network.randers_main, status=Item.Status.ON_LOAN)
    fjorden = make_record(
        "Døden ved fjorden", creators=["Lise Munk"], subjects=["krimi"],
        material_type=MaterialType.BOOK, language="dan", year=2023,
    )
    make_item(fjorden, network.randers_bus)
    forbrydelsen = make_record(
        "Forbrydelsen", subjects=["krimi", "tv-serier"],
        material_type=MaterialType.FILM, language="dan", year=2007,
    )
    make_item(forbrydelsen, network.glostrup_main)
    kogebog = make_record("Kogebog for begyndere", subjects=["opskrifter"], language="dan")
    make_item(kogebog, network.glostrup_main)
    index_caught_up()
    return {"network": network, "mord": mord, "skyggen": skyggen}
