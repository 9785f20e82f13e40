"""Turn a title and a body into an `Article`, and plain text into a title, a date and a body.

Every reader ends here so that all articles share one shape: `text` is the title, a blank line and
the body, which is what the extractor's evidence spans point into, and `hash` covers exactly the
fields extraction depends on, so a changed article is re-extracted and an unchanged one is not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from muster.models import Article

# A "Published: YYYY-MM-DD" line is looked for in this many lines at the top of a text file.
PUBLISHED_WINDOW = 6

_PUBLISHED = re.compile(r"^\s*published\s*:\s*(\d{4}-\d{2}-\d{2})\s*$", re.IGNORECASE)
# A sentence ends at . ! or ? (maybe closed by a quote or bracket) before a capitalised word.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
# Words whose trailing period does not end a sentence ("Lt. Col. Smith", "U.S. Army").
_ABBREVIATIONS_WORDS = (
    "mr mrs ms dr gen lt col maj capt cpt sgt adm brig cmdr st no nos vs etc jr sr "
    "gov sen rep prof rev u.s u.k u.n e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec"
)
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_WORDS.split())
_MIN_TITLE_SENTENCE = 20
# Headlines are shorter than this; a longer first line is prose ("Who fills the gap?" stays).
_HEADLINE_MAX = 150


def content_hash(title: str, text: str, published: dt.date | None) -> str:
    """sha256 hex of what extraction reads; ids and sources are left out on purpose."""
    stamp = published.isoformat() if published else ""
    payload = "\x1f".join((title, text, stamp))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def normalise_newlines(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def trim_blank_lines(text: str) -> str:
    """Drop whitespace-only lines at both ends but keep every other line exactly as it was."""
    lines = text.split("\n")
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def _clean_title(title: str) -> str:
    title = title.strip()
    if any(ch in title for ch in "\n\r\t"):
        title = " ".join(title.split())
    return title


def compose_text(title: str, body: str) -> str:
    """Build `title + "\\n\\n" + body` without writing the title twice.

    A body that already opens with the title line (JSONL, HTML extractions) loses that line; a body
    whose first paragraph merely opens with the title sentence (a text file without a headline) is
    kept whole, so that sentence appears once and the paragraph is not cut in two.
    """
    body = trim_blank_lines(normalise_newlines(body))
    if not title:
        return body
    if not body:
        return title
    if not body.startswith(title):
        return f"{title}\n\n{body}"
    after = body[len(title) :]
    rest_of_line = after.split("\n", 1)[0]
    if rest_of_line.strip():
        return body
    rest = trim_blank_lines(after)
    return f"{title}\n\n{rest}" if rest else title


def make_article(
    *,
    id: str | None,
    title: str,
    body: str,
    published: dt.date | None = None,
    url: str | None = None,
    lang: str | None = None,
    source: str | None = None,
) -> Article:
    """The one place an `Article` is built; an id-less article is named by its content hash."""
    title = _clean_title(title)
    text = compose_text(title, body)
    digest = content_hash(title, text, published)
    return Article(
        id=id if id else digest[:16],
        title=title,
        text=text,
        published=published,
        url=url,
        lang=lang,
        source=source,
        hash=digest,
    )


def split_title(line: str) -> str:
    """The headline of a text whose first line may be a whole paragraph: its first sentence.

    A line short enough to be a headline comes back whole, even if it holds two sentences.
    """
    line = line.strip()
    if len(line) <= _HEADLINE_MAX:
        return line
    for match in _SENTENCE_END.finditer(line):
        end = match.start() + 1
        candidate = line[:end].rstrip()
        last_word = candidate.rsplit(None, 1)[-1].rstrip(".!?").lower()
        if len(candidate) < _MIN_TITLE_SENTENCE or last_word in _ABBREVIATIONS:
            continue
        if len(last_word) == 1 and last_word.isalpha():  # an initial, as in "John F. Kennedy"
            continue
        closer = match.group(0)[1:].strip()
        return candidate + closer
    return line


def first_line_title(text: str) -> str:
    """A title for content that came without one: its first line, or that line's first sentence.

    The title then opens the text, so `compose_text` does not write it a second time.
    """
    stripped = text.strip()
    return split_title(stripped.split("\n", 1)[0]) if stripped else ""


def _take_published(lines: list[str]) -> tuple[list[str], dt.date | None]:
    for index, line in enumerate(lines[:PUBLISHED_WINDOW]):
        match = _PUBLISHED.match(line)
        if not match:
            continue
        try:
            published = dt.date.fromisoformat(match.group(1))
        except ValueError:
            continue
        return lines[:index] + lines[index + 1 :], published
    return lines, None


def article_from_text(
    raw: str, *, article_id: str | None = None, source: str | None = None
) -> Article:
    """Read a plain-text article: headline line, optional Published line, then the body.

    If the first line is ordinary prose rather than a headline, its first sentence becomes the
    title and the line stays in the text once, as written.
    """
    text = normalise_newlines(raw.removeprefix("\ufeff"))
    lines, published = _take_published(text.split("\n"))
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines):
        return make_article(id=article_id, title="", body="", published=published, source=source)
    headline = lines[first].strip()
    title = split_title(headline)
    if title == headline:
        body = "\n".join(lines[first + 1 :])
    else:
        body = "\n".join([headline, *lines[first + 1 :]])
    return make_article(id=article_id, title=title, body=body, published=published, source=source)
