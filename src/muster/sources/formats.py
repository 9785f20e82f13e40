"""Parsers for each input format: decoded content in, articles and skipped parts out.

trafilatura, feedparser and lxml are imported inside the functions that need them, so importing
`muster.sources` stays cheap for callers that only read text files.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import json
import re
import time
from typing import Any

from muster.models import Article
from muster.sources.articles import article_from_text, first_line_title, make_article
from muster.sources.inputs import Format, SkippedInput

Result = list[Article | SkippedInput]

# The first element of a feed document, after any XML declaration, comments or doctype.
_FEED_ROOT = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!doctype[^>]*>\s*|<\?xml-stylesheet[^>]*>\s*)*"
    rb"<(?:rss|feed|rdf:rdf)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ROOT = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.DOTALL
)
_SNIFF_BYTES = 4096
_BLOCK_TAGS_WORDS = (
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table td th tr ul"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAGS_WORDS.split())
_SKIP_TAGS = frozenset({"script", "style", "template"})
# Only dates the page marks up or states as its own: a guess from "© 2024" in a footer would
# shift every relative date ("last Tuesday") in the article.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def sniff(data: bytes) -> Format:
    """Guess a format from the first bytes, for stdin and files without a known suffix."""
    head = data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    if _FEED_ROOT.match(head):
        return "feed"
    if _HTML_ROOT.match(head):
        return "html"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    return "text"


def is_feed(data: bytes) -> bool:
    return _FEED_ROOT.match(data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")) is not None


def from_text(text: str, *, article_id: str | None, source: str) -> Result:
    return [article_from_text(text, article_id=article_id, source=source)]


# --- HTML pages ---------------------------------------------------------------------------


def _iso_date(value: object) -> dt.date | None:
    """A date from "YYYY-MM-DD" or an ISO datetime (whose own calendar date is kept)."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def from_html(data: bytes, *, article_id: str | None, source: str) -> Result:
    """Main text, title and date of a saved web page; nothing is fetched."""
    import lxml.html
    import trafilatura

    tree = lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))
    page_title = " ".join(tree.findtext(".//title", default="").split())
    lang = tree.get("lang") or None
    found = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    meta: dict[str, Any] = {}
    if isinstance(found, dict):
        meta = found
    elif found is not None:
        meta = found.as_dict()
    # trafilatura puts one block per line; blank lines between them match the text files.
    body = "\n\n".join(
        line.strip() for line in (meta.get("text") or "").split("\n") if line.strip()
    )
    if not body:
        return [SkippedInput(source, "no article text found in the HTML page")]
    title = meta.get("title") or page_title or first_line_title(body)
    article = make_article(
        id=article_id,
        title=title,
        body=body,
        published=_iso_date(meta.get("date")),
        url=meta.get("url") or None,
        lang=lang or meta.get("language") or None,
        source=source,
    )
    return [article]


# --- JSON lines ---------------------------------------------------------------------------


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise ValueError(f"'{key}' is not a string")


def _article_from_object(obj: object, source: str) -> Article:
    """Validate one JSON object; a ValueError's message is the skip reason."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    text = obj.get("text")
    if text is None:
        raise ValueError("missing 'text'")
    if not isinstance(text, str):
        raise ValueError("'text' is not a string")
    if not text.strip():
        raise ValueError("empty 'text'")
    raw_id = obj.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | None):
        raise ValueError("'id' is not a string")
    title = _optional_str(obj, "title")
    if title is None:
        title = first_line_title(text)
    published_raw = obj.get("published")
    published = _iso_date(published_raw)
    if published_raw not in (None, "") and published is None:
        raise ValueError("'published' is not YYYY-MM-DD or an ISO datetime")
    return make_article(
        id=str(raw_id) if raw_id not in (None, "") else None,
        title=title,
        body=text,
        published=published,
        url=_optional_str(obj, "url"),
        lang=_optional_str(obj, "lang"),
        source=source,
    )


def from_jsonl(text: str, *, source: str) -> Result:
    """One article per line; a bad line is skipped by file:line and the others still read."""
    results: Result = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            results.append(SkippedInput(f"{source}:{number}", f"not JSON ({error.msg})"))
            continue
        try:
            results.append(_article_from_object(obj, source))
        except ValueError as error:
            results.append(SkippedInput(f"{source}:{number}", str(error)))
    return results


# --- RSS and Atom feeds -------------------------------------------------------------------


def _walk_html(node: Any, out: list[str]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    block = tag in _BLOCK_TAGS
    if tag and tag not in _SKIP_TAGS:
        out.append("\n\n" if block else "\n" if tag == "br" else "")
        if node.text:
            out.append(re.sub(r"\s+", " ", node.text))
        for child in node:
            _walk_html(child, out)
        out.append("\n\n" if block else "")
    if node.tail:
        out.append(re.sub(r"\s+", " ", node.tail))


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment: block elements become paragraphs, <br> a line break."""
    import lxml.etree
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    out: list[str] = []
    _walk_html(root, out)
    lines = [line.strip() for line in "".join(out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _entry_date(entry: Any) -> dt.date | None:
    """The entry's own calendar date: from the raw string if possible, else feedparser's UTC."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        parsed_iso = _iso_date(raw)
        if parsed_iso:
            return parsed_iso
        stamp = entry.get(f"{key}_parsed")
        if isinstance(stamp, time.struct_time):
            return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    return None


def _entry_body(entry: Any) -> str:
    parts = entry.get("content") or []
    detail = parts[0] if parts else entry.get("summary_detail")
    value = (detail or {}).get("value") or entry.get("summary") or ""
    if (detail or {}).get("type") == "text/plain":
        return str(value).strip()
    return html_to_text(str(value))


def from_feed(data: bytes, *, source: str) -> Result:
    """Every entry of an RSS or Atom document read from bytes (feedparser never fetches them)."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({str(problem).splitlines()[0]})" if problem else ""
        return [SkippedInput(source, f"no feed entries found{why}")]
    lang = parsed.feed.get("language") or None
    results: Result = []
    for number, entry in enumerate(parsed.entries, start=1):
        body = _entry_body(entry)
        title = html_to_text(entry.get("title") or "") or first_line_title(body)
        if not title:
            results.append(SkippedInput(f"{source}#{number}", "feed entry has no title or text"))
            continue
        link = entry.get("link") or None
        results.append(
            make_article(
                id=entry.get("id") or link,
                title=title,
                body=body,
                published=_entry_date(entry),
                url=link,
                lang=lang,
                source=source,
            )
        )
    return results
