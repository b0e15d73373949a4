"""End to end in a real browser: `claims serve`, a claim page in headless Chromium, the Copy button.

Needs the Debian package `chromium` (/usr/bin/chromium) and the playwright Python package;
Playwright never downloads a browser here. Skips, saying what is missing, without them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claims.citation import claim_view
from claims.store import open_db

from test_site import _free_port, build_database, claim_id_of, start_server, stop_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "claim-page.png"


def _playwright():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install it with `apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed (pip install -e '.[test]')")
    return sync_playwright


def test_claim_page_copy_button_in_chromium(tmp_path):
    sync_playwright = _playwright()
    db = build_database(tmp_path)
    cid = claim_id_of(db, "1,600")
    citation = claim_view(open_db(db, create=False), cid)["citation"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db, port, "--public")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                context = browser.new_context(viewport={"width": 1100, "height": 900})
                context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                response = page.goto(f"{base}/-/claim/{cid}")
                assert response is not None and response.status == 200
                page.wait_for_load_state("networkidle")

                mark = page.locator("mark.claim-this")
                assert mark.inner_text() == "1,600"
                assert page.locator("#citation-plain").inner_text() == citation
                # the project's stylesheet is applied
                assert page.evaluate("getComputedStyle(document.querySelector('.citation-box')).borderTopStyle") \
                    == "solid"

                button = page.locator("#copy-citation")
                button.click()
                page.wait_for_function("document.querySelector('#copy-citation').dataset.copied === 'true'",
                                       timeout=5000)
                assert page.evaluate("navigator.clipboard.readText()") == citation
                assert "Copied" in page.locator("#copy-status").inner_text()
                assert not errors, errors

                shot = tmp_path / "claim-page.png"
                page.screenshot(path=str(shot), full_page=True)
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shot, SCREENSHOT)

                # The document page opens from the claim page and links back to the claim
                page.locator("a", has_text="whole document with every claim").click()
                page.wait_for_load_state("networkidle")
                assert page.locator(f'a.claim[href="/-/claim/{cid}"]').count() >= 1
                page.screenshot(path=str(tmp_path / "document-page.png"), full_page=True)
                assert not errors, errors
            finally:
                browser.close()
    finally:
        stop_server(server)
    assert SCREENSHOT.stat().st_size > 10_000
