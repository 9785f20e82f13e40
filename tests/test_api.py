"""The JSON API and the server-rendered pages, over HTTP, on a real SQLite database and, when
MUSTER_TEST_POSTGRES_URL is set, on PostgreSQL too.

The database is built once per module and backend the way a user builds it: articles made with
`make_article` go through the real extraction (`ingest_articles`), and the shipped official
figures are imported. Tests that write get a fresh database of their own, built the same way.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from conftest import POSTGRES_ENV, _postgres_schema_url
from muster import queries
from muster.figures import load_shipped_figures
from muster.ingest import ingest_articles
from muster.models import Article
from muster.settings import Settings
from muster.sources import make_article
from muster.store import import_figures, make_engine
from muster.store.schema import RecordRow
from muster.web import create_app

TOKEN = "test-token-123"
KFOR_HQ = [21.143, 42.669]
SCRIPT_TITLE = "<script>document.title='pwned'</script> Italy sends 200 troops to KFOR"


def built_articles() -> list[Article]:
    """A handful of articles whose records the extractor finds (and one hostile one)."""
    return [
        make_article(
            id="kfor-bulgaria", title="Bulgaria sends 120 soldiers to KFOR",
            body="Bulgaria will send 120 soldiers to the NATO-led Kosovo Force (KFOR) on 21 May "
            "2024, the defence ministry said in Sofia. With the new company, Bulgaria now has "
            "about 300 troops in Kosovo.",
            published=dt.date(2024, 5, 20), url="https://example.org/bg",
        ),
        make_article(
            id="kfor-hungary", title="Hungarian contingent in Kosovo",
            body="Hungary has 460 soldiers serving with KFOR in Kosovo, the Hungarian defence "
            "minister said on Monday.",
            published=dt.date(2025, 5, 12),
        ),
        make_article(
            id="unifil-ireland", title="Irish troops rotate to Lebanon",
            body="Some 340 Irish soldiers left Dublin on Tuesday for a six-month tour with UNIFIL "
            "in southern Lebanon.",
            published=dt.date(2024, 10, 29),
        ),
        make_article(
            id="xss", title=SCRIPT_TITLE,
            body="Italy will send 200 more troops to KFOR in Kosovo <img src=x "
            "onerror=\"document.title='pwned'\">, the ministry said. "
            "<script>document.title='pwned'</script>",
            published=dt.date(2025, 3, 1),
        ),
    ]  # fmt: skip


def build_database(url: str, articles: list[Article]) -> str:
    engine = make_engine(url)
    ingest_articles(engine, articles)
    import_figures(engine, load_shipped_figures())
    engine.dispose()
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The module's read-only database, like `db_url` but built once per backend."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("api") / "muster.db"
        yield build_database(f"sqlite:///{path}", built_articles())
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"set {POSTGRES_ENV} to run the API tests on PostgreSQL")
    for url in _postgres_schema_url(base):
        yield build_database(url, built_articles())


@pytest.fixture(scope="module")
def client(shared_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=shared_url, api_token=None))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def writer(db_url: str) -> Iterator[TestClient]:
    """A client with writes on, over a fresh database of its own with the module's contents."""
    url = build_database(db_url, built_articles())
    app = create_app(Settings(database_url=url, api_token=TOKEN))
    with TestClient(app) as test_client:
        yield test_client


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_openapi_and_docs_page(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/records", "/api/v1/operations/{operation_id}/ledger", "/api/v1/figures"):
        assert path in schema["paths"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "/api/v1/operations/{operation_id}/timeline" in page.text
    assert "cdn" not in page.text.lower()


def test_operations_list_and_one(client: TestClient) -> None:
    listed = client.get("/api/v1/operations", params={"at": "2025-06-01"}).json()
    assert listed["count"] == len(listed["data"])
    kfor = next(s for s in listed["data"] if s["operation"]["id"] == "KFOR")
    assert kfor["total"] > 1000 and kfor["nations"] > 10 and kfor["articles"] == 3
    assert kfor["latest_event"]["article"] in {"kfor-bulgaria", "xss"}
    one = client.get("/api/v1/operations/kfor", params={"at": "2025-06-01"}).json()
    assert one["operation"]["id"] == "KFOR" and one["at"] == "2025-06-01"
    assert one["ledger"]["total_sum"] == kfor["total"]
    assert client.get("/api/v1/operations/NOPE").status_code == 404
    assert "NOPE" in client.get("/api/v1/operations/NOPE").json()["detail"]


def test_records_filters_and_paging(client: TestClient) -> None:
    everything = client.get("/api/v1/records", params={"operation": "KFOR"}).json()
    assert everything["count"] == len(everything["data"]) >= 4
    ids = [r["id"] for r in everything["data"]]
    paged: list[int] = []
    for offset in range(everything["count"]):
        page = client.get("/api/v1/records", params={"operation": "KFOR", "limit": 1,
                                                       "offset": offset}).json()  # fmt: skip
        assert page["count"] == everything["count"]
        paged.extend(r["id"] for r in page["data"])
    assert paged == ids  # a stable order
    bulgaria = client.get("/api/v1/records", params={"contributor": "bgr"}).json()
    assert bulgaria["count"] == 2 and {r["contributor"] for r in bulgaria["data"]} == {"BGR"}
    presence = client.get("/api/v1/records", params={"kind": "presence", "host": "XKX"}).json()
    assert presence["count"] >= 2 and {r["kind"] for r in presence["data"]} == {"presence"}
    dated = client.get("/api/v1/records", params={"since": "2025", "until": "2025-12"}).json()
    assert dated["count"] >= 2
    assert all(r["sort_date"].startswith("2025") for r in dated["data"])
    text = client.get("/api/v1/records", params={"q": "about 300"}).json()
    assert text["count"] == 1 and text["data"][0]["personnel"] == 300


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/v1/records?since=2023-13", "since"),
        ("/api/v1/records?limit=0", "limit"),
        ("/api/v1/records?kind=arrive", "kind"),
        ("/api/v1/records?operation=ATLANTIS", "operation"),
        ("/api/v1/records?contributor=Italy", "contributor"),
        ("/api/v1/operations/KFOR/ledger?at=yesterday", "at"),
        ("/api/v1/search?q=", "q"),
        ("/api/v1/operations/KFOR/timeline?limit=0", "limit"),
        ("/api/v1/operations/KFOR/timeline?limit=1001", "limit"),
        ("/api/v1/operations/KFOR/timeline?offset=-1", "offset"),
        ("/api/v1/operations/KFOR/timeline?since=2023-13", "since"),
        ("/api/v1/operations/KFOR/timeline?until=June", "until"),
        ("/api/v1/operations/KFOR/timeline?contributor=Hungary", "contributor"),
        ("/api/v1/operations/KFOR/conflicts?limit=5000", "limit"),
        ("/api/v1/operations/KFOR/conflicts?offset=x", "offset"),
        ("/api/v1/operations/KFOR/conflicts?contributor=Italy", "contributor"),
    ],
)
def test_bad_parameters_are_422_with_a_readable_message(
    client: TestClient, url: str, words: str
) -> None:
    response = client.get(url)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.startswith(words)


def test_article_with_its_records_facts_and_spans(client: TestClient) -> None:
    view = client.get("/api/v1/articles/kfor-bulgaria").json()
    text = view["article"]["text"]
    assert len(view["records"]) == 2
    for item in view["records"] + view["facts"]:
        assert text[item["evidence_start"] : item["evidence_end"]] == item["evidence"]
    assert client.get("/api/v1/articles/no-such-article").status_code == 404
    listed = client.get("/api/v1/articles", params={"operation": "KFOR"}).json()
    assert listed["count"] == 3 and listed["data"][0]["id"] == "kfor-hungary"  # newest first


def test_ledger_timeline_conflicts_places_figures_search(client: TestClient) -> None:
    ledger = client.get("/api/v1/operations/KFOR/ledger", params={"at": "2025-06-01"}).json()
    rows = {row["contributor"]: row for row in ledger["rows"]}
    assert rows["HUN"]["personnel"] == 460 and rows["HUN"]["sources"][0]["article"]
    assert ledger["total_sum"] == sum(r["personnel"] for r in ledger["rows"])
    older = client.get("/api/v1/operations/KFOR/ledger", params={"at": "2020-01-01"}).json()
    assert "HUN" in {r["contributor"] for r in older["rows"]}
    timeline = client.get("/api/v1/operations/KFOR/timeline", params={"contributor": "BGR"})
    entries = timeline.json()["data"]
    assert entries and {e["contributor"] for e in entries} == {"BGR"}
    assert [e["when"] for e in entries] == sorted(e["when"] for e in entries)
    conflicts = client.get("/api/v1/operations/KFOR/conflicts").json()
    assert conflicts["count"] == len(conflicts["data"])
    places = client.get("/api/v1/places", params={"operation": "KFOR"}).json()
    hq = places["data"][0]
    assert hq["role"] == "hq" and [hq["lon"], hq["lat"]] == KFOR_HQ
    figures = client.get("/api/v1/figures", params={"operation": "KFOR", "limit": 5}).json()
    assert figures["count"] > 5 and len(figures["data"]) == 5
    found = client.get("/api/v1/search", params={"q": "Bulgaria"}).json()
    assert found["records"]["count"] == 2 and found["articles"]["count"] == 1


def _timeline(client: TestClient, **params: object) -> dict[str, Any]:
    response = client.get("/api/v1/operations/KFOR/timeline", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    assert len(page["data"]) <= page["count"]
    return page


def test_the_timeline_comes_in_pages_between_two_dates(client: TestClient) -> None:
    everything = _timeline(client, limit=1000)
    entries = everything["data"]
    assert everything["count"] == len(entries) > 100  # more than one default page
    assert [e["when"] for e in entries] == sorted(e["when"] for e in entries)
    first = _timeline(client)
    assert (len(first["data"]), first["count"]) == (100, len(entries))
    paged: list[dict[str, Any]] = []
    for offset in range(0, len(entries), 40):
        page = _timeline(client, limit=40, offset=offset)
        assert page["count"] == len(entries)
        paged.extend(page["data"])
    assert paged == entries  # one stable order across pages
    beyond = _timeline(client, offset=len(entries))
    assert (len(beyond["data"]), beyond["count"], beyond["data"]) == (0, len(entries), [])

    in_2023 = [e for e in entries if e["when"].startswith("2023")]
    assert in_2023 and len(in_2023) < len(entries)
    year = _timeline(client, since="2023", until="2023-12", limit=1000)
    assert year["data"] == in_2023 and year["count"] == len(in_2023)
    second = _timeline(client, since="2023", until="2023-12", limit=5, offset=5)
    assert second["data"] == in_2023[5:10] and second["count"] == len(in_2023)
    assert _timeline(client, since="2023-01-01", until="2023-12-31")["count"] == len(in_2023)
    later = _timeline(client, since="2022-06", limit=1000)["data"]
    assert later == [e for e in entries if e["when"] >= "2022-06-01"]
    hungary = _timeline(client, contributor="hun", since="2021", limit=1000)
    assert hungary["count"] > 0 and {e["contributor"] for e in hungary["data"]} == {"HUN"}
    assert all(e["when"] >= "2021-01-01" for e in hungary["data"])
    assert _timeline(client, since="2024", until="2023")["count"] == 0


def test_conflicts_come_in_pages_and_by_nation(writer: TestClient) -> None:
    rows = [
        ("2026-01-01", "HUN", 400), ("2026-01-10", "HUN", 800), ("2026-01-20", "HUN", 300),
        ("2026-01-01", "ITA", 1000), ("2026-01-10", "ITA", 1500),
        ("2026-01-01", "TOTAL", 4000), ("2026-01-05", "TOTAL", 5000),
    ]  # fmt: skip
    figures = [{"as_of": as_of, "operation": "KFOR", "contributor": who, "personnel": n,
                "source": "https://example.org/conflicting"} for as_of, who, n in rows]  # fmt: skip
    assert writer.post("/api/v1/figures", json=figures, headers=AUTH).status_code == 201
    path = "/api/v1/operations/KFOR/conflicts"
    everything = writer.get(path, params={"limit": 1000}).json()
    found = everything["data"]
    assert everything["count"] == len(everything["data"]) == len(found) == 5
    by_nation = [c["contributor"] for c in found]
    assert sorted(by_nation, key=str) == sorted(["HUN"] * 3 + ["ITA", None], key=str)
    assert writer.get(path).json()["count"] == 5  # the default page holds them all
    paged: list[dict[str, Any]] = []
    for offset in (0, 2, 4):
        page = writer.get(path, params={"limit": 2, "offset": offset}).json()
        assert page["count"] == 5 and len(page["data"]) == len(page["data"]) == min(2, 5 - offset)
        paged.extend(page["data"])
    assert paged == found
    hungary = writer.get(path, params={"contributor": "hun"}).json()
    assert hungary["count"] == len(hungary["data"]) == 3
    assert hungary["data"] == [c for c in found if c["contributor"] == "HUN"]
    second = writer.get(path, params={"contributor": "HUN", "limit": 1, "offset": 1}).json()
    assert (second["count"], second["data"]) == (3, hungary["data"][1:2])
    force = writer.get(path, params={"contributor": "TOTAL"}).json()
    assert force["count"] == 1 and force["data"][0]["contributor"] is None
    assert writer.get(path, params={"contributor": "FRA"}).json() == {
        "data": [], "count": 0,
    }  # fmt: skip
    beyond = writer.get(path, params={"offset": 5}).json()
    assert (len(beyond["data"]), beyond["count"]) == (0, 5)


def test_exports_of_records_and_ledger(client: TestClient) -> None:
    params = {"operation": "KFOR"}
    count = client.get("/api/v1/records", params=params).json()["count"]
    as_csv = client.get("/api/v1/records.csv", params=params)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    assert len(list(csv.DictReader(io.StringIO(as_csv.text)))) == count
    lines = client.get("/api/v1/records.jsonl", params=params).text.splitlines()
    assert len(lines) == count and json.loads(lines[0])["operation"] == "KFOR"
    geo = client.get("/api/v1/records.geojson", params=params).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == count
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": KFOR_HQ}
    ledger = client.get("/api/v1/operations/KFOR/ledger", params={"at": "2025-06-01"}).json()
    path = "/api/v1/operations/KFOR/ledger"
    rows = list(csv.DictReader(io.StringIO(client.get(f"{path}.csv?at=2025-06-01").text)))
    assert [r["contributor"] for r in rows] == [r["contributor"] for r in ledger["rows"]]
    assert rows[0]["nation"] and int(rows[0]["personnel"]) == ledger["rows"][0]["personnel"]
    assert len(client.get(f"{path}.jsonl?at=2025-06-01").text.splitlines()) == len(rows)
    features = client.get(f"{path}.geojson?at=2025-06-01").json()["features"]
    assert len(features) == len(rows) and features[0]["geometry"]["coordinates"] == KFOR_HQ
    assert client.get(f"{path}.xlsx").status_code == 422


def test_pages_answer_json_with_the_api_model(client: TestClient) -> None:
    api = client.get("/api/v1/operations/KFOR", params={"at": "2024-06-01"}).json()
    assert client.get("/operations/KFOR.json", params={"at": "2024-06-01"}).json() == api
    accept = {"Accept": "application/json"}
    assert client.get("/operations/KFOR?at=2024-06-01", headers=accept).json() == api
    html = client.get("/operations/KFOR?at=2024-06-01")
    assert html.headers["content-type"].startswith("text/html")
    assert 'value="2024-06-01"' in html.text and 'id="nation-HUN"' in html.text
    assert client.get("/articles/xss.json").json()["article"]["id"] == "xss"


@pytest.mark.parametrize(
    "url", ["/", "/operations/KFOR", "/records", "/articles", "/figures", "/search?q=KFOR",
            "/articles/xss", "/records?operation=KFOR&kind=deploy"],
)  # fmt: skip
def test_pages_render(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert "<html" in response.text and "/static/muster.css" in response.text
    assert "http://" not in response.text.split("<main>")[0]  # nothing from elsewhere


def test_page_errors_are_pages(client: TestClient) -> None:
    missing = client.get("/operations/ATLANTIS")
    assert missing.status_code == 404 and "ATLANTIS" in missing.text and "<html" in missing.text
    bad = client.get("/operations/KFOR?at=2024-13-01")
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.text


def test_user_text_is_escaped(client: TestClient) -> None:
    for url in ("/articles/xss", "/search?q=script", "/records?q=Italy", "/operations/KFOR",
                "/articles"):  # fmt: skip
        body = client.get(url).text
        assert "<script>document" not in body and "<img src=x" not in body, url
    assert "&lt;script&gt;" in client.get("/articles/xss").text


def test_writes_are_off_without_a_token(client: TestClient) -> None:
    article = {"title": "t", "text": "Italy sends 10 soldiers to KFOR."}
    response = client.post("/api/v1/articles", json=article, headers=AUTH)
    assert response.status_code == 403 and "MUSTER_API_TOKEN" in response.json()["detail"]
    assert client.post("/api/v1/figures", content="x", headers=AUTH).status_code == 403


def test_post_articles_needs_the_token_and_ingests(writer: TestClient) -> None:
    article = {
        "id": "posted-1", "title": "Romania sends troops",
        "text": "Romania will send 150 soldiers to KFOR in Kosovo next month.",
        "published": "2025-02-03", "url": "https://example.org/ro", "lang": "en",
    }  # fmt: skip
    assert writer.post("/api/v1/articles", json=article).status_code == 401
    wrong = writer.post("/api/v1/articles", json=article, headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    created = writer.post("/api/v1/articles", json=article, headers=AUTH)
    assert created.status_code == 201, created.text
    assert created.json()["new"] == 1 and created.json()["articles"] == ["posted-1"]
    view = writer.get("/api/v1/articles/posted-1").json()
    assert view["article"]["url"] == "https://example.org/ro"
    assert any(r["contributor"] == "ROU" for r in view["records"])
    again = writer.post("/api/v1/articles", json=[article], headers=AUTH).json()
    assert again["unchanged"] == 1 and again["new"] == 0
    bad = writer.post("/api/v1/articles", json=[{"title": "no text"}], headers=AUTH)
    assert bad.status_code == 422 and bad.json()["detail"] == "article 0: text: Field required"


def test_post_figures_csv_and_json(writer: TestClient) -> None:
    before = writer.get("/api/v1/figures", params={"operation": "KFOR"}).json()["count"]
    body = "as_of,operation,contributor,personnel,source\n2026-01,KFOR,ITA,1100,https://example.org/f\n"
    headers = {**AUTH, "Content-Type": "text/csv"}
    assert writer.post("/api/v1/figures", content=body).status_code == 401
    added = writer.post("/api/v1/figures", content=body, headers=headers)
    assert added.status_code == 201 and added.json()["added"] == 1
    rows = [{"as_of": "2026-01", "operation": "KFOR", "contributor": "TUR", "personnel": 900,
             "source": "https://example.org/f"}]  # fmt: skip
    as_json = writer.post("/api/v1/figures", json=rows, headers=AUTH)
    assert as_json.status_code == 201 and as_json.json()["added"] == 1
    after = writer.get("/api/v1/figures", params={"operation": "KFOR"}).json()["count"]
    assert after == before + 2
    bad = writer.post("/api/v1/figures", json=[{**rows[0], "contributor": "Turkey"}], headers=AUTH)
    assert bad.status_code == 422 and "contributor" in bad.json()["detail"]
    assert bad.json()["problems"][0]["line"] == 2
    wrong_type = writer.post("/api/v1/figures", content="x", headers={**AUTH,
                             "Content-Type": "application/xml"})  # fmt: skip
    assert wrong_type.status_code == 415


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


SERVE_SCRIPT = """
import typer
from muster.cli import serve_cmds
app = typer.Typer()
serve_cmds.register(app)
app.command()(lambda: None)
app()
"""


def _serve(url: str, *flags: str) -> tuple[subprocess.Popen[str], str]:
    """`muster serve` in a process of its own, once it answers; the caller stops it."""
    port = _free_port()
    env = {**os.environ, "MUSTER_API_TOKEN": ""}
    args = [sys.executable, "-c", SERVE_SCRIPT, "serve", "--port", str(port), "--db", url, *flags]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)  # fmt: skip
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.strip() == f"Dashboard: http://127.0.0.1:{port}/"
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{base}/api/v1/health", timeout=2)
                return process, base
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
    except BaseException:
        process.kill()
        process.wait()
        raise


def _stop(process: subprocess.Popen[str]) -> str:
    """Ctrl-C, as a person stops the server; what it printed, once it has ended well."""
    try:
        process.send_signal(signal.SIGINT)
        out, errors = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, errors
    assert "Traceback" not in errors and "Stopped." in out
    return out


def _warm_up_when_over(get: Callable[[str], Any]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        status: dict[str, Any] = get("/api/v1/health").json()["warm_up"]
        if status["state"] not in ("pending", "running"):
            return status
        assert time.monotonic() < deadline, f"the warm-up did not end: {status}"
        time.sleep(0.05)


def test_serve_prints_the_url_serves_warms_and_stops_on_ctrl_c(shared_url: str) -> None:
    process, base = _serve(shared_url)
    try:
        response = httpx.get(f"{base}/operations/KFOR", timeout=20)
        assert response.status_code == 200 and "Kosovo Force" in response.text
        status = _warm_up_when_over(lambda path: httpx.get(f"{base}{path}", timeout=5))
        assert status["state"] == "done" and "KFOR" in status["built"], status
        assert status["built"] == status["planned"] and status["seconds"] is not None
    finally:
        _stop(process)


def test_serve_no_warm_builds_nothing_ahead(shared_url: str) -> None:
    process, base = _serve(shared_url, "--no-warm")
    try:
        health = httpx.get(f"{base}/api/v1/health", timeout=5).json()
        assert health["status"] == "ok"
        assert health["warm_up"] == {
            "state": "off", "planned": [], "built": [], "seconds": None, "error": None,
        }  # fmt: skip
        ledger = httpx.get(f"{base}/api/v1/operations/KFOR/ledger", timeout=20)
        assert ledger.status_code == 200 and ledger.json()["rows"]
    finally:
        _stop(process)


def test_a_warm_app_keeps_the_ledgers_before_any_request(tmp_path: Path) -> None:
    url = build_database(f"sqlite:///{tmp_path / 'warm.db'}", built_articles())
    engine = make_engine(url)
    try:
        app = create_app(Settings(database_url=url, api_token=None), warm=True)
        assert queries.kept_history(engine, "KFOR") is None
        with TestClient(app) as warm:
            status = _warm_up_when_over(warm.get)
            assert status["state"] == "done" and status["error"] is None
            assert status["built"] == status["planned"] == queries.warm_up_order(engine)
            assert {"KFOR", "UNIFIL"} <= set(status["built"])
            kept = queries.kept_history(engine, "KFOR")
            assert kept is not None
            assert warm.get("/api/v1/operations/KFOR/ledger").status_code == 200
            assert queries.kept_history(engine, "KFOR") is kept  # the request used it
    finally:
        engine.dispose()


def test_an_app_without_warm_up_builds_on_the_first_request(tmp_path: Path) -> None:
    url = build_database(f"sqlite:///{tmp_path / 'cold.db'}", built_articles())
    engine = make_engine(url)
    try:
        with TestClient(create_app(Settings(database_url=url, api_token=None))) as cold:
            assert cold.get("/api/v1/health").json()["warm_up"]["state"] == "off"
            time.sleep(0.2)  # a warm-up thread, were there one, would have begun by now
            assert queries.kept_history(engine, "KFOR") is None
            assert cold.get("/api/v1/operations/KFOR/ledger").status_code == 200
            assert queries.kept_history(engine, "KFOR") is not None
    finally:
        engine.dispose()


def test_a_failed_warm_up_is_reported_and_the_server_goes_on(tmp_path: Path) -> None:
    url = build_database(f"sqlite:///{tmp_path / 'bad.db'}", built_articles())
    engine = make_engine(url)
    try:
        with engine.begin() as connection:  # a row no version of Muster would write
            connection.execute(
                insert(RecordRow).values(article_id="kfor-hungary", kind="arrival",
                                         operation="KFOR", contributor="HUN", personnel=5)
            )  # fmt: skip
        app = create_app(Settings(database_url=url, api_token=None), warm=True)
        with TestClient(app) as client:
            status = _warm_up_when_over(client.get)
            assert status["state"] == "failed" and "kind" in status["error"], status
            assert "KFOR" not in status["built"]
            assert client.get("/api/v1/records", params={"operation": "UNIFIL"}).status_code == 200
    finally:
        engine.dispose()


def test_operations_summary_is_kept_until_the_store_changes(writer: TestClient) -> None:
    before = writer.get("/api/v1/operations").json()
    again = writer.get("/api/v1/operations").json()
    assert again == before
    figure = {"as_of": "2026-02-01", "operation": "UNFICYP", "contributor": "ARG",
              "personnel": 250, "source": "https://example.org/unficyp"}  # fmt: skip
    assert writer.post("/api/v1/figures", json=[figure], headers=AUTH).status_code == 201
    after = writer.get("/api/v1/operations").json()
    ids = {row["operation"]["id"] for row in after["data"]}
    assert "UNFICYP" in ids and after != before


def test_the_history_cache_bound_is_a_setting(tmp_path: Path) -> None:
    from muster import queries
    from muster.settings import Settings
    from muster.web.app import create_app

    before = queries.HISTORIES.max_records
    try:
        settings = Settings(
            database_url=f"sqlite:///{tmp_path / 'bound.db'}", ledger_cache_records=1234
        )
        create_app(settings)
        assert queries.HISTORIES.max_records == 1234
    finally:
        queries.HISTORIES.max_records = before
