"""Sentence boundaries that respect the layout of news text: every line break ends a sentence.

Titles, datelines, bullets and headings have no final full stop, so spaCy's punctuation-only
sentencizer would glue them to the next sentence; a line break is a stronger signal than a stop.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SENTENCES_VERSION = "muster_sentences_v1"
_ENDERS = {".", "!", "?", "…"}
_OPENERS = {'"', "“", "‘", "'", "(", "["}
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cpt",
    "sgt",
    "adm",
    "cdr",
    "brig",
    "gov",
    "sen",
    "rep",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "vs",
    "cf",
    "approx",
    "ca",
    "lt.-col",
    "pte",
    "cpl",
}


def _starts_sentence(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in _OPENERS


@Language.component(SENTENCES_VERSION)
def split_sentences(doc: Doc) -> Doc:
    """Mark sentence starts at line breaks and after sentence-final punctuation."""
    n = len(doc)
    if n == 0:
        return doc
    doc[0].is_sent_start = True
    for i in range(1, n):
        prev, tok = doc[i - 1], doc[i]
        if (
            "\n" in prev.text
            or (prev.is_space and "\n" in prev.text)
            or (
                prev.text in _ENDERS
                and _starts_sentence(tok.text)
                and not (
                    prev.text == "." and doc[i - 2].lower_ in _ABBREVIATIONS if i >= 2 else False
                )
            )
            or (
                prev.text in {'"', "”", "’"}
                and i >= 2
                and doc[i - 2].text in _ENDERS
                and _starts_sentence(tok.text)
            )
        ):
            tok.is_sent_start = True
        else:
            tok.is_sent_start = False
    return doc
