"""Cheap trigger words that tell each fact extractor which sentences are worth its patterns.

Most sentences of an article state no fact, yet each extractor's regular expressions would scan
every one of them. A `Gate` lists words of which any match of an extractor's patterns holds at
least one. An article's `Scanner` splits the case-folded text into words once (a set lookup then
rules out most gate words at once), finds the remaining ones with `str.find` (far cheaper than a
regex alternation per sentence) and names the sentences that hold one. A gate may let through a
sentence that yields nothing, never hold back one that yields a fact, so the gated extractors
find exactly what the ungated ones did.
"""

from __future__ import annotations

import string
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

Span = tuple[int, int]

# The characters that a case-insensitive pattern matches to an ASCII letter although they do not
# lower-case to one (or lower-case to two characters, which would shift every later position).
_SPECIAL = "\u0130\u0131\u017f\u212a"  # İ ı ſ K
_FOLD = str.maketrans(dict(zip(_SPECIAL, "iisk", strict=True)))
_BOUNDARY = r"\b"
# Bytes of the folded text that are not word characters; UTF-8 bytes of other characters stay.
_WORD_BYTES = set((string.ascii_letters + string.digits + "_").encode()) | set(range(128, 256))
_NON_WORD = bytes(b if b in _WORD_BYTES else 32 for b in range(256))


def fold_case(text: str) -> str | None:
    """`text` lower-cased position for position, or None if no such folding exists."""
    if not text.isascii() and any(char in text for char in _SPECIAL):
        text = text.translate(_FOLD)  # slow on long text, and these letters are rare
    folded = text.lower()
    return folded if len(folded) == len(text) else None


def _is_word(char: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Key:
    word: str  # lower case
    left: bool  # must start a word (a `\b` before it in the patterns)
    right: bool  # must end a word
    whole: bool = field(init=False)  # a whole word of word characters: looked up in a set first
    encoded: bytes = field(init=False)  # as it stands in that set

    def __post_init__(self) -> None:
        whole = self.left and self.right and all(map(_is_word, self.word))
        object.__setattr__(self, "whole", whole)
        object.__setattr__(self, "encoded", self.word.encode())


@dataclass(frozen=True, eq=False)
class Gate:
    """Compared and hashed by identity: each is a module constant, looked up per sentence."""

    keys: tuple[Key, ...]
    whole: dict[bytes, Key] = field(init=False)  # whole words, by their encoding
    parts: tuple[Key, ...] = field(init=False)  # the others, always searched for

    def __post_init__(self) -> None:
        object.__setattr__(self, "whole", {k.encoded: k for k in self.keys if k.whole})
        object.__setattr__(self, "parts", tuple(k for k in self.keys if not k.whole))


def gate(*keys: str) -> Gate:
    """A gate from lower-case words written as in a pattern: r"\\bvisit" must start a word,
    r"\\bmet\\b" must be a whole word, "resolution" may stand anywhere."""
    parsed = []
    for key in keys:
        left, right = key.startswith(_BOUNDARY), key.endswith(_BOUNDARY)
        word = key.removeprefix(_BOUNDARY).removesuffix(_BOUNDARY)
        if not word or word != word.lower():
            raise ValueError(f"gate words are lower case and not empty: {key!r}")
        if (left and not _is_word(word[0])) or (right and not _is_word(word[-1])):
            raise ValueError(f"a word edge needs a word character there: {key!r}")
        parsed.append(Key(word, left, right))
    return Gate(tuple(parsed))


class Scanner:
    """One article's sentences, and where each gate word occurs among them.

    Sentences must be given in text order without overlaps; otherwise (or when the text cannot
    be case-folded position for position) every gate lets every sentence through.
    """

    def __init__(self, text: str, spans: Sequence[Span]) -> None:
        self.text = text
        self.spans = list(spans)
        self.starts = [start for start, _ in self.spans]
        pairs = zip(self.spans, self.spans[1:], strict=False)
        ordered = all(s <= e <= next_s for (s, e), (next_s, _) in pairs)
        self.folded = fold_case(text) if ordered and all(s <= e for s, e in spans) else None
        self._where: dict[str, list[int]] = {}
        self._hits: dict[Gate, list[int]] = {}

    def hits(self, gate: Gate) -> list[int]:
        """Indices (ascending) of the sentences that hold one of the gate's words."""
        found = self._hits.get(gate)
        if found is None:
            found = self._hits[gate] = self._scan(gate)
        return found

    def _scan(self, gate: Gate) -> list[int]:
        if self.folded is None:
            return list(range(len(self.spans)))
        text, spans, starts, words = self.text, self.spans, self.starts, self._words
        if words is None:
            keys = gate.keys
        else:  # a whole word that the text lacks occurs nowhere: a set intersection rules it out
            keys = gate.parts + tuple(gate.whole[w] for w in words.intersection(gate.whole))
        marked: set[int] = set()
        for key in keys:
            size = len(key.word)
            for at in self._occurrences(key.word):
                stop = at + size
                index = bisect_right(starts, at) - 1
                if index < 0 or index in marked:
                    continue
                start, end = spans[index]
                if stop > end:
                    continue  # runs past its sentence: no pattern sees it there
                if key.left and at > start and _is_word(text[at - 1]):
                    continue
                if key.right and stop < end and _is_word(text[stop]):
                    continue
                marked.add(index)
        return sorted(marked)

    @cached_property
    def _words(self) -> frozenset[bytes] | None:
        """The folded text's words (runs of word characters), to rule out whole-word keys at
        once; None when a sentence starts or ends inside a word, where a word of the sentence
        is only part of a word of the text."""
        text, folded = self.text, self.folded
        assert folded is not None
        for start, end in self.spans:
            if 0 < start < len(text) and _is_word(text[start - 1]) and _is_word(text[start]):
                return None
            if 0 < end < len(text) and _is_word(text[end - 1]) and _is_word(text[end]):
                return None
        if not folded.isascii():
            for char in set(folded):
                if not char.isascii() and not _is_word(char):
                    folded = folded.replace(char, " ")
        return frozenset(folded.encode().translate(_NON_WORD).split())

    def _occurrences(self, word: str) -> list[int]:
        found = self._where.get(word)
        if found is None:
            assert self.folded is not None
            folded, found = self.folded, []
            at = folded.find(word)
            while at >= 0:
                found.append(at)
                at = folded.find(word, at + 1)
            self._where[word] = found
        return found
