"""Reading articles from every input format, and every kind of bad input, with real files."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
from pathlib import Path
from typing import TextIO

import pytest

from muster.models import Article
from muster.sources import (
    InputItem,
    SkippedInput,
    article_from_text,
    content_hash,
    discover,
    iter_articles,
    make_article,
    read_item,
)

SHARED = Path("/work/shared/corpus")
DEV_ARTICLES = SHARED / "dev" / "articles"
SEED = SHARED / "seed" / "seed.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "sources"

needs_corpus = pytest.mark.skipif(not DEV_ARTICLES.is_dir(), reason="shared corpus not mounted")


def read_all(
    *paths: str | Path, max_bytes: int = 5_000_000, stdin: TextIO | None = None
) -> list[Article | SkippedInput]:
    return list(iter_articles(list(paths), max_bytes=max_bytes, stdin=stdin))


def only_articles(results: list[Article | SkippedInput]) -> list[Article]:
    assert all(isinstance(r, Article) for r in results), results
    return [r for r in results if isinstance(r, Article)]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# --- plain text -------------------------------------------------------------------------------


@needs_corpus
def test_text_file_title_published_line_and_body() -> None:
    (article,) = only_articles(read_all(DEV_ARTICLES / "d01.txt"))
    lines = (DEV_ARTICLES / "d01.txt").read_text(encoding="utf-8").split("\n")
    assert article.id == "d01"
    assert article.title == "Turkish commando battalion reaches Kosovo to bolster NATO force"
    assert article.published == dt.date(2023, 6, 5)
    assert article.text == article.title + "\n\n" + "\n".join(lines[3:]).strip("\n")
    assert "Published:" not in article.text
    assert article.source == str(DEV_ARTICLES / "d01.txt")


def test_published_line_after_blank_lines_any_case_crlf_and_bom() -> None:
    raw = (
        "\ufeff  Title here \r\n\r\npublished:  2024-01-02 \r\n\r\n\r\nFirst line\r\n  indented\r\n"
    )
    article = article_from_text(raw, article_id="x")
    assert article.title == "Title here"
    assert article.published == dt.date(2024, 1, 2)
    assert article.text == "Title here\n\nFirst line\n  indented"


def test_published_line_far_down_or_invalid_stays_in_body() -> None:
    far = "Title\n\n" + "line\n" * 8 + "Published: 2024-01-02\n"
    assert article_from_text(far).published is None
    assert "Published: 2024-01-02" in article_from_text(far).text
    invalid = article_from_text("Title\nPublished: 2024-02-30\n\nBody")
    assert invalid.published is None
    assert invalid.text == "Title\n\nPublished: 2024-02-30\n\nBody"


def test_two_sentence_headline_stays_whole() -> None:
    article = article_from_text("UN leaves Congo's east. Who fills the gap?\n\nBody.")
    assert article.title == "UN leaves Congo's east. Who fills the gap?"
    assert article.text == "UN leaves Congo's east. Who fills the gap?\n\nBody."


def test_title_only_text_is_the_title() -> None:
    article = article_from_text("Just a headline\nPublished: 2020-05-05\n\n")
    assert (article.title, article.text, article.published) == (
        "Just a headline",
        "Just a headline",
        dt.date(2020, 5, 5),
    )


@needs_corpus
def test_seed_prose_first_line_gives_first_sentence_as_title_once() -> None:
    (article,) = only_articles(read_all(SEED))
    first_sentence = (
        "Bulgaria is deploying 120 soldiers to Kosovo as part of the NATO-led Kosovo Force "
        "(KFOR) mission, reinforcing its commitment to regional stability and international "
        "peacekeeping."
    )
    assert article.id == "seed"
    assert article.title == first_sentence
    assert article.text.startswith(first_sentence)
    assert article.text.count(first_sentence) == 1
    assert article.text == SEED.read_text(encoding="utf-8").strip()


def test_prose_title_skips_abbreviations_and_initials() -> None:
    raw = (
        "Lt. Col. John F. Smith leads 200 U.S. troops to Kosovo, the army said on Monday, in the "
        "largest rotation this year. More will follow in May, when the next contingent is ready."
        "\n\nBody"
    )
    article = article_from_text(raw)
    assert article.title == (
        "Lt. Col. John F. Smith leads 200 U.S. troops to Kosovo, the army said on Monday, in the "
        "largest rotation this year."
    )
    assert article.text.count(article.title) == 1
    assert article.text.startswith(raw.split("\n")[0])


# --- building articles and hashing ------------------------------------------------------------


def test_make_article_composes_text_without_repeating_the_title() -> None:
    plain = make_article(id="a", title="Headline", body="\n\nBody.\n")
    assert plain.text == "Headline\n\nBody."
    repeated = make_article(id="a", title="Headline", body="Headline\nBody.")
    assert repeated.text == "Headline\n\nBody."
    opening = make_article(id="a", title="First sentence.", body="First sentence. Second one.")
    assert opening.text == "First sentence. Second one."
    assert make_article(id="a", title="Headline", body="  ").text == "Headline"


def test_hash_is_stable_and_covers_only_what_extraction_reads() -> None:
    one = make_article(id="a", title="T", body="B", published=dt.date(2024, 1, 2), source="x")
    two = make_article(id="b", title="T", body="B", published=dt.date(2024, 1, 2), url="u")
    later = make_article(id="a", title="T", body="B", published=dt.date(2024, 1, 3))
    assert one.hash == two.hash != later.hash
    assert one.hash == content_hash("T", "T\n\nB", dt.date(2024, 1, 2))
    # Pinned: stored hashes would all look changed if the recipe drifted.
    assert one.hash == "c29265d16eb34187264aaf413c24d637459ac2b17e216c6a2c942ebe77331498"
    assert make_article(id=None, title="T", body="B").id == content_hash("T", "T\n\nB", None)[:16]


@needs_corpus
def test_reading_twice_gives_the_same_hashes(tmp_path: Path) -> None:
    shutil.copy(DEV_ARTICLES / "d02.txt", tmp_path / "renamed.txt")
    (original,) = only_articles(read_all(DEV_ARTICLES / "d02.txt"))
    (copy,) = only_articles(read_all(tmp_path / "renamed.txt"))
    assert original.hash == copy.hash
    assert original.id != copy.id


# --- HTML ---------------------------------------------------------------------------------------


def test_html_page_text_title_date_and_language() -> None:
    (article,) = only_articles(read_all(FIXTURES / "page.html"))
    assert article.id == "page"
    assert article.title == "Estonia to send 150 soldiers to KFOR"
    assert article.published == dt.date(2024, 3, 12)
    assert article.lang == "en"
    assert article.text.startswith(article.title + "\n\nTALLINN — Estonia will send")
    assert article.text.count(article.title) == 1
    assert "Parliament approved the larger deployment last month." in article.text
    for boilerplate in ("Subscribe", "All rights reserved", "analytics"):
        assert boilerplate not in article.text


def test_html_date_from_time_element_and_no_guess_from_footer(tmp_path: Path) -> None:
    page = (FIXTURES / "page.html").read_text(encoding="utf-8")
    meta = '<meta property="article:published_time" content="2024-03-12T08:30:00+02:00">'
    time_only = write(tmp_path, "time.html", page.replace(meta, ""))
    undated = write(
        tmp_path,
        "undated.htm",
        page.replace(meta, "").replace('<time datetime="2024-03-12">12 March 2024</time>', ""),
    )
    dated, no_date = only_articles(read_all(time_only, undated))
    assert dated.published == dt.date(2024, 3, 12)
    assert no_date.published is None  # "© 2024" in the footer is not a publication date


def test_html_without_text_is_skipped(tmp_path: Path) -> None:
    page = write(tmp_path, "blank.html", "<html><head><title>T</title></head><body></body></html>")
    (skipped,) = read_all(page)
    assert isinstance(skipped, SkippedInput)
    assert skipped.source == str(page)
    assert "no article text" in skipped.reason


# --- feeds --------------------------------------------------------------------------------------


def test_rss_items_become_articles() -> None:
    first, second = only_articles(read_all(FIXTURES / "wire.rss"))
    assert first.id == "wire-2024-0415"
    assert first.title == "Ireland rotates its UNIFIL battalion"
    assert first.text == (
        "Ireland rotates its UNIFIL battalion\n\n"
        "About 340 Irish troops left for southern Lebanon.\n\n"
        "They form the core of the 124th Infantry Battalion."
    )
    assert first.published == dt.date(2024, 4, 15)
    assert first.url == "https://wire.example.org/news/ireland-unifil"
    assert first.lang == "en-gb"
    assert second.id == second.url == "https://wire.example.org/news/poland-engineers"
    assert second.published == dt.date(2024, 4, 16)  # the date where it was written, not UTC


def test_atom_entry_prefers_content_and_keeps_its_local_date() -> None:
    (entry,) = only_articles(read_all(FIXTURES / "releases.atom"))
    assert entry.id == "urn:example:release:77"
    assert entry.url == "https://mission.example.org/releases/77"
    assert entry.published == dt.date(2024, 5, 1)
    assert entry.lang == "en"
    assert entry.text == (
        "EUFOR welcomes a Romanian company\n\n"
        "A company of 120 Romanian soldiers joined EUFOR Althea.\nIt will stay for six months.\n\n"
        "The company relieves a Hungarian unit."
    )


def test_feed_is_sniffed_from_content_and_non_feed_xml_is_skipped(tmp_path: Path) -> None:
    odd_name = write(tmp_path, "wire.download", (FIXTURES / "wire.rss").read_bytes())
    sitemap = write(tmp_path, "sitemap.xml", '<?xml version="1.0"?><urlset><url/></urlset>')
    results = read_all(odd_name, sitemap)
    assert [type(r) for r in results] == [Article, Article, SkippedInput]
    assert "no feed entries" in str(results[2])


# --- JSONL --------------------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        {"id": "j1", "title": "Headline", "text": "Body one.", "published": "2024-02-03"},
        "this is not json",
        {"id": "j2", "title": "Second", "text": "Second\n\nBody two.", "url": "https://x.org/2"},
        {"id": "j3", "title": "No text"},
        {"id": "j4", "title": "Wrong type", "text": ["a", "list"]},
        {"title": "Dated", "text": "Body.", "published": "2024-02-03T23:10:00+01:00", "lang": "fr"},
        {"id": "j6", "text": "Body.", "published": "yesterday"},
        {"id": 7, "text": "Numeric id\nBody."},
    ]
    content = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n"
    path = write(tmp_path, "batch.jsonl", content)
    results = read_all(path)
    skipped = [r for r in results if isinstance(r, SkippedInput)]
    articles = [r for r in results if isinstance(r, Article)]
    assert [s.source for s in skipped] == [f"{path}:{n}" for n in (2, 4, 5, 7)]
    assert [s.reason for s in skipped][1:3] == ["missing 'text'", "'text' is not a string"]
    assert skipped[0].reason.startswith("not JSON")
    assert "published" in skipped[3].reason
    one, two, dated, numeric = articles
    assert (one.id, one.text, one.published) == ("j1", "Headline\n\nBody one.", dt.date(2024, 2, 3))
    assert (two.text, two.url) == ("Second\n\nBody two.", "https://x.org/2")
    assert dated.id == dated.hash[:16]
    assert (dated.published, dated.lang) == (dt.date(2024, 2, 3), "fr")
    assert (numeric.id, numeric.title, numeric.text) == ("7", "Numeric id", "Numeric id\n\nBody.")
    assert all(a.source == str(path) for a in articles)


# --- folders, ids and discovery -------------------------------------------------------------


def test_folder_is_read_recursively_in_order_with_relative_ids(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root, "b.txt", "B title\n\nB body")
    write(root, "a.txt", "A title\n\nA body")
    write(root, "sub/d01.txt", "Sub title\n\nSub body")
    write(root, "sub/deeper/page.htm", (FIXTURES / "page.html").read_text(encoding="utf-8"))
    write(root, "notes.md", "ignored: other extension")
    write(root, ".hidden.txt", "ignored: hidden file")
    write(root, ".git/HEAD.txt", "ignored: hidden folder")
    items = discover([root])
    assert [item.id for item in items] == ["a", "b", "sub/d01", "sub/deeper/page"]
    assert [item.format for item in items] == ["text", "text", "text", "html"]
    articles = only_articles(read_all(root))
    assert [a.id for a in articles] == ["a", "b", "sub/d01", "sub/deeper/page"]


def test_discover_keeps_stdin_files_and_missing_paths(tmp_path: Path) -> None:
    path = write(tmp_path, "story.final.txt", "T\n\nB")
    items = discover(["-", path, tmp_path / "nope.txt"])
    assert items[0] == InputItem(None, None, "auto")
    assert items[0].source == "<stdin>"
    assert (items[1].id, items[1].format) == ("story.final", "text")
    (missing,) = read_item(items[2])
    assert missing == SkippedInput(str(tmp_path / "nope.txt"), "no such file")
    assert str(missing) == f"{tmp_path / 'nope.txt'}: no such file"


def test_stdin_plain_text_gets_a_content_hash_id() -> None:
    stdin = io.StringIO("Headline from a pipe\nPublished: 2023-09-09\n\nBody.\n")
    (article,) = only_articles(read_all("-", stdin=stdin))
    assert article.id == article.hash[:16]
    assert (article.text, article.published) == (
        "Headline from a pipe\n\nBody.",
        dt.date(2023, 9, 9),
    )
    assert article.source == "<stdin>"


def test_stdin_jsonl_gives_several_articles_and_empty_stdin_is_skipped() -> None:
    stdin = io.StringIO('\n  {"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n')
    assert [a.id for a in only_articles(read_all("-", stdin=stdin))] == ["s1", "s2"]
    assert read_all("-", stdin=io.StringIO(" \n")) == [SkippedInput("<stdin>", "empty input")]


# --- bad input ----------------------------------------------------------------------------------


def test_bad_inputs_are_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    binary = write(tmp_path, "binary.txt", b"PK\x03\x04\x00\x00 zip-ish")
    empty = write(tmp_path, "empty.txt", b"")
    blank = write(tmp_path, "blank.txt", b" \n\t\n")
    latin1 = write(tmp_path, "latin1.txt", "Soldats déployés\n\nAu Liban".encode("latin-1"))
    big = write(tmp_path, "big.txt", "Big\n\n" + "x" * 200)
    good = write(tmp_path, "good.txt", "Good title\n\nGood body")
    missing = tmp_path / "missing.txt"
    paths = [binary, empty, blank, latin1, big, missing, good]
    results = read_all(*paths, max_bytes=100)
    assert [str(r) for r in results[:-1]] == [
        f"{binary}: binary file",
        f"{empty}: empty file",
        f"{blank}: empty file",
        f"{latin1}: not UTF-8 text (byte 0xe9 at offset 9)",
        f"{big}: larger than 100 bytes",
        f"{missing}: no such file",
    ]
    assert isinstance(results[-1], Article)
    assert results[-1].id == "good"


def test_default_size_limit_is_five_million_bytes(tmp_path: Path) -> None:
    big = write(tmp_path, "huge.txt", b"Title\n\n" + b"a" * 5_000_000)
    assert read_all(big) == [SkippedInput(str(big), "larger than 5,000,000 bytes")]


def test_stdin_bad_bytes_are_reported() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Title\n\nbad \xff byte"), encoding="utf-8")
    (skipped,) = read_all("-", stdin=stdin)
    assert skipped == SkippedInput("<stdin>", "not UTF-8 text (byte 0xff at offset 11)")


def test_utf16_file_is_reported_as_wrong_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "utf16.txt", "Title\n\nBody".encode("utf-16"))
    assert read_all(path) == [SkippedInput(str(path), "not UTF-8 text (UTF-16)")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "T\n\nB")
    path.chmod(0)
    try:
        assert read_all(path) == [SkippedInput(str(path), "permission denied")]
    finally:
        path.chmod(0o644)


# --- the development corpus ---------------------------------------------------------------------


@needs_corpus
def test_all_dev_articles_read_with_dates_and_gold_evidence_in_text() -> None:
    articles = {a.id: a for a in only_articles(read_all(DEV_ARTICLES))}
    assert sorted(articles) == sorted(f"d{n:02d}" for n in range(1, 101))
    for article_id, article in articles.items():
        first_line = (DEV_ARTICLES / f"{article_id}.txt").read_text(encoding="utf-8").split("\n")[0]
        assert article.published is not None, article_id
        assert article.title == first_line.strip(), article_id
        assert article.text.startswith(article.title + "\n\n"), article_id
        assert "Published:" not in article.text[: len(article.title) + 40], article_id
    gold = (SHARED / "dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    for line in gold:
        record = json.loads(line)
        assert record["evidence"] in articles[record["article"]].text, record
