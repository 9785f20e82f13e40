"""Read input items into articles, turning every kind of bad input into a `SkippedInput`.

A batch of a thousand files must not stop at the first broken one, so nothing here raises for
bad content: each problem becomes a one-line reason and reading goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from muster.models import Article
from muster.sources import formats
from muster.sources.inputs import InputItem, SkippedInput, discover

DEFAULT_MAX_BYTES = 5_000_000
_BOM = b"\xef\xbb\xbf"


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a folder"
    return (error.strerror or type(error).__name__).lower()


def _read_file(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or the reason it cannot be read; big files are refused before reading."""
    try:
        if path.is_dir():
            os.listdir(path)
            return "is a folder"
        if path.stat().st_size > max_bytes:
            return f"larger than {max_bytes:,} bytes"
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        return _os_reason(error)
    if len(data) > max_bytes:  # the file grew after stat
        return f"larger than {max_bytes:,} bytes"
    return data


def _read_stdin(stdin: TextIO, max_bytes: int) -> bytes | str:
    binary = getattr(stdin, "buffer", None)
    try:
        if binary is not None:
            data: bytes = binary.read(max_bytes + 1)
        else:
            data = stdin.read(max_bytes + 1).encode("utf-8", errors="surrogateescape")
    except UnicodeDecodeError as error:
        return f"not UTF-8 text (byte 0x{error.object[error.start]:02x})"
    except OSError as error:
        return _os_reason(error)
    return f"larger than {max_bytes:,} bytes" if len(data) > max_bytes else data


def _problem(data: bytes, what: str) -> str | None:
    """Why these bytes cannot be an article, checked before any format-specific parsing."""
    if not data.removeprefix(_BOM).strip():
        return f"empty {what}"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not UTF-8 text (UTF-16)"
    if b"\x00" in data:
        return f"binary {what}"
    return None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else a ValueError naming the first offending byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start + (len(_BOM) if data.startswith(_BOM) else 0)
        raise ValueError(f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})") from None


def _parse(item: InputItem, data: bytes) -> list[Article | SkippedInput]:
    source = item.source
    fmt = formats.sniff(data) if item.format == "auto" else item.format
    if fmt != "feed" and formats.is_feed(data):
        fmt = "feed"
    if fmt == "feed":  # XML declares its own encoding; feedparser honours it
        return formats.from_feed(data, source=source)
    text = _decode(data)
    if fmt == "jsonl":
        return formats.from_jsonl(text, source=source)
    if fmt == "html":
        return formats.from_html(data.removeprefix(_BOM), article_id=item.id, source=source)
    return formats.from_text(text, article_id=item.id, source=source)


def read_item(
    item: InputItem, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: TextIO | None = None
) -> list[Article | SkippedInput]:
    """All articles in one input (JSONL files and feeds hold many), or why it gave none."""
    if item.path is None:
        loaded = _read_stdin(stdin if stdin is not None else sys.stdin, max_bytes)
        what = "input"
    else:
        loaded = _read_file(item.path, max_bytes)
        what = "file"
    if isinstance(loaded, str):
        return [SkippedInput(item.source, loaded)]
    problem = _problem(loaded, what)
    if problem:
        return [SkippedInput(item.source, problem)]
    try:
        return _parse(item, loaded)
    except ValueError as error:
        return [SkippedInput(item.source, str(error))]
    except Exception as error:  # a third-party parser choking on odd input must not stop a batch
        return [SkippedInput(item.source, f"could not be parsed ({type(error).__name__})")]


def iter_articles(
    paths: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: TextIO | None = None,
) -> Iterator[Article | SkippedInput]:
    """Articles and skipped inputs from files, folders and `-` (stdin), in discovery order."""
    for item in discover(paths):
        yield from read_item(item, max_bytes=max_bytes, stdin=stdin)
