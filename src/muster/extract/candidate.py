"""A record before article-level merging, with where in the article it was read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Candidate:
    kind: str
    contributor: str | None
    operation: str | None
    host: str | None
    personnel: int | None
    qualifier: str | None
    date: str | None
    change: str | None
    sentence: int
    position: int
    whole_unit: bool = False
    date_said: bool = False  # the date is when something was said, not when troops moved
    elliptical: bool = False  # the figure's noun was said earlier in the sentence
    cue_less: bool = False  # a presence only because nothing in the sentence said otherwise
    stated_now: bool = False  # a presence said with "at present", "currently", "now"
    unit_size: bool = (
        False  # a presence that sizes a unit named as the subject ("The … contingent")
    )
