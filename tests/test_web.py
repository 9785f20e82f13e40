"""The dashboard in a real browser: headless Chromium (Debian's package) driven by Playwright,
against a real uvicorn server on a free loopback port, on a database built from the shipped
sample corpus and official figures. Screenshots go to tests/artifacts/ for a person to look at.

Chromium missing is a failure, never a skip: CI installs it (`apt-get install -y chromium`).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from muster.figures import load_shipped_figures
from muster.ingest import ingest_articles
from muster.models import Article
from muster.settings import Settings
from muster.sources import SkippedInput, iter_articles, make_article
from muster.store import import_figures, make_engine
from muster.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip
ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE = make_article(
    id="hostile",
    title="<script>window.__pwned = 1</script> Italy sends 200 troops to KFOR",
    body="Italy will send 200 more troops to KFOR in Kosovo <img src=x "
    'onerror="window.__pwned = 2">, the ministry said. <script>window.__pwned = 3</script>',
    published=dt.date(2025, 3, 1),
)


def _sample_articles() -> list[Article]:
    folder = resources.files("muster.data").joinpath("sample")
    with resources.as_file(folder) as path:
        items = [a for a in iter_articles([str(path)]) if not isinstance(a, SkippedInput)]
    return [*items, HOSTILE]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'muster.db'}"
    engine = make_engine(url)
    ingest_articles(engine, _sample_articles())
    import_figures(engine, load_shipped_figures())
    engine.dispose()
    port = _free_port()
    app = create_app(Settings(database_url=url, api_token=None))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=base_url)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    opened.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
    opened.on("requestfailed", lambda req: problems.append(f"failed: {req.url}"))
    opened.on(
        "request",
        lambda req: None if req.url.startswith(base_url) else problems.append(f"left: {req.url}"),
    )
    yield opened
    context.close()
    assert not problems, problems


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


@pytest.mark.parametrize(
    ("path", "heading", "shot"),
    [
        ("/", "Operations", "home.png"),
        ("/records?operation=KFOR", "Records", "records.png"),
        ("/articles", "Articles", "articles.png"),
        ("/figures?operation=KFOR", "Official figures", "figures.png"),
        ("/search?q=Kosovo", "Search", "search.png"),
        ("/api/v1/docs", "Muster API", "api-docs.png"),
        ("/articles/kfor-2024-bulgaria-reserve", "Bulgarian company", "article.png"),
    ],
)
def test_each_page_loads(page: Page, path: str, heading: str, shot: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_contain_text(heading)
    _shot(page, shot)


def test_operation_page_map_click_and_date_picker(page: Page) -> None:
    page.goto("/operations/KFOR?at=2025-06-01")
    expect(page.locator("h1")).to_contain_text("KFOR")
    expect(page.locator("svg.map a.nation")).not_to_have_count(0)
    expect(page.locator("svg.chart polyline.series")).not_to_have_count(0)
    cell = page.locator("#nation-ITA td.num")
    assert re.fullmatch(r"[≈≥≤]? ?\d{1,3}(,\d{3})*", cell.inner_text().strip())
    assert cell.evaluate("el => getComputedStyle(el).textAlign") == "right"
    _shot(page, "operation-kfor.png")

    page.locator('svg.map a.nation[data-nation="ITA"] path').first.click()
    expect(page).to_have_url(re.compile(r"#nation-ITA$"))
    row = page.locator("#nation-ITA")
    assert row.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 241, 184)"
    expect(page.locator('svg.map a.nation[data-nation="ITA"]')).to_have_class(re.compile("picked"))
    page.mouse.move(0, 0)
    _shot(page, "operation-kfor-map-click.png")

    picker = page.locator("input#at")
    picker.click()
    with page.expect_navigation():
        picker.fill("2024-06-01")
    expect(page).to_have_url(re.compile(r"/operations/KFOR\?at=2024-06-01$"))
    expect(page.locator("h2", has_text="Ledger on")).to_have_text("Ledger on 2024-06-01")
    _shot(page, "operation-kfor-2024-06-01.png")


def test_conflict_flag_opens_both_figures(page: Page) -> None:
    page.goto("/operations/KFOR?at=2025-06-01")
    flags = page.locator("details.conflict summary")
    expect(flags).not_to_have_count(0)
    flags.first.click()
    pair = page.locator("details.conflict[open] .pair").first
    expect(pair.locator(".level")).to_have_count(2)
    _shot(page, "operation-kfor-conflict.png")


def test_ledger_figure_links_to_highlighted_evidence(page: Page) -> None:
    page.goto("/operations/KFOR?at=2025-06-01")
    page.locator("#nation-BGR td.num a").click()
    expect(page).to_have_url(re.compile(r"/articles/.+\?hl=r\d+#ev-r\d+$"))
    selected = page.locator("mark.ev.selected")
    expect(selected.first).to_be_visible()
    expect(selected.first).to_contain_text("Bulgaria")
    _shot(page, "article-highlight.png")


def test_hostile_article_runs_nothing(page: Page) -> None:
    for path in ("/articles/hostile", "/search?q=script", "/articles", "/records?q=Italy"):
        page.goto(path)
        assert page.evaluate("() => window.__pwned === undefined"), path
        assert page.locator("main script, main img").count() == 0
    page.goto("/articles/hostile")
    expect(page.locator("h1")).to_contain_text("<script>window.__pwned = 1</script>")
    _shot(page, "article-hostile.png")


def test_operation_page_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/operations/KFOR?at=2025-06-01")
    expect(page.locator("svg.map")).to_be_visible()
    expect(page.locator("table.ledger tbody tr")).not_to_have_count(0)
    page.locator("form.asof button").click()
    expect(page).to_have_url(re.compile(r"at=2025-06-01"))
    _shot(page, "operation-kfor-nojs.png")
    context.close()


def test_operation_page_prints_on_one_a4_sheet(page: Page) -> None:
    page.goto("/operations/KFOR?at=2025-06-01")
    pdf = page.pdf(format="A4", print_background=True, path=str(ARTIFACTS / "operation-kfor.pdf"))
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the operation page prints on {pages} A4 pages"
    page.emulate_media(media="print")
    page.add_style_tag(content="html { filter: grayscale(1); }")
    _shot(page, "operation-kfor-print-greyscale.png")
