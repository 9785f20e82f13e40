"""Expand the paths a user names into input items, before anything is read.

Kept apart from reading so that a CLI can count the items (for a progress bar) cheaply, and so
that every item carries its stable article id from the start.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Format = Literal["text", "html", "jsonl", "feed", "auto"]

STDIN = "-"
STDIN_SOURCE = "<stdin>"

SUFFIX_FORMATS: dict[str, Format] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


@dataclass(frozen=True)
class SkippedInput:
    """An input that gave no article, with a one-line reason a user can act on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class InputItem:
    """One thing to read: a file (`path`) or standard input (`path` is None).

    `id` is the article id for a file holding one article; files holding many (JSONL, feeds)
    and stdin take ids from their content instead. `format` comes from the file name; "auto"
    means the content decides (stdin, or a file named directly with an unknown suffix).
    """

    path: Path | None
    id: str | None
    format: Format

    @property
    def is_stdin(self) -> bool:
        return self.path is None

    @property
    def source(self) -> str:
        return STDIN_SOURCE if self.path is None else str(self.path)


def format_for(path: Path) -> Format | None:
    return SUFFIX_FORMATS.get(path.suffix.lower())


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(folder: Path) -> list[InputItem]:
    """Readable-format files under `folder`, sorted by relative path; hidden entries skipped."""
    found: list[tuple[str, InputItem]] = []
    unreadable: list[InputItem] = []

    def on_error(error: OSError) -> None:
        # A folder we may not list is reported when read, like an unreadable file.
        if error.filename:
            unreadable.append(InputItem(Path(error.filename), None, "auto"))

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = [name for name in dirs if not _is_hidden(name)]
        for name in files:
            path = Path(root, name)
            fmt = format_for(path)
            if fmt is None or _is_hidden(name):
                continue
            relative = path.relative_to(folder).with_suffix("").as_posix()
            found.append((relative, InputItem(path, relative, fmt)))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found] + unreadable


def discover(paths: Sequence[str | Path]) -> list[InputItem]:
    """Expand folders recursively; `-` stays as the stdin item; missing paths stay as items.

    A path that does not exist is kept so that reading reports it ("no such file") in order,
    rather than discovery failing before anything is read.
    """
    items: list[InputItem] = []
    for given in paths:
        if str(given) == STDIN:
            items.append(InputItem(None, None, "auto"))
            continue
        path = Path(given)
        if path.is_dir():
            items.extend(_walk(path))
        else:
            items.append(InputItem(path, path.stem, format_for(path) or "auto"))
    return items
