"""Cheap trigger words that tell each fact extractor which sentences are worth its patterns.

Most sentences of an article state no fact, yet each extractor's regular expressions would scan
every one of them. A `Gate` lists words of which any match of an extractor's patterns holds at
least one; an article's `Scanner` finds each word once (`str.find` over the case-folded text is
far cheaper than a regex alternation per sentence) and names the sentences that hold one. A gate
may let through a sentence that yields nothing, never hold back one that yields a fact, so the
gated extractors find exactly what the ungated ones did.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]

# The characters that a case-insensitive pattern matches to an ASCII letter although they do not
# lower-case to one (or lower-case to two characters, which would shift every later position).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_BOUNDARY = r"\b"


def fold_case(text: str) -> str | None:
    """`text` lower-cased position for position, or None if no such folding exists."""
    folded = (text if text.isascii() else text.translate(_FOLD)).lower()
    return folded if len(folded) == len(text) else None


def _is_word(char: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Key:
    word: str  # lower case
    left: bool  # must start a word (a `\b` before it in the patterns)
    right: bool  # must end a word


@dataclass(frozen=True, eq=False)
class Gate:
    """Compared and hashed by identity: each is a module constant, looked up per sentence."""

    keys: tuple[Key, ...]


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
        folded = fold_case(text)
        ordered = all(
            s <= e <= next_s
            for (s, e), (next_s, _) in zip(self.spans, self.spans[1:], strict=False)
        )
        self.folded = folded if ordered else None
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
        text, spans, starts = self.text, self.spans, self.starts
        marked: set[int] = set()
        for key in gate.keys:
            size = len(key.word)
            for at in self._occurrences(key.word):
                index = bisect_right(starts, at) - 1
                if index < 0 or index in marked:
                    continue
                start, end = spans[index]
                stop = at + size
                if stop > end:
                    continue  # runs past its sentence: no pattern sees it there
                if key.left and at > start and _is_word(text[at - 1]):
                    continue
                if key.right and stop < end and _is_word(text[stop]):
                    continue
                marked.add(index)
        return sorted(marked)

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
