"""The deployment grammar's word lists, kept as data (data/grammar.json) to grow without code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Cue:
    """A word or phrase that signals a record kind, with the change it implies ('' for none)."""

    kind: str
    change: str


@dataclass(frozen=True)
class Lexicon:
    personnel: frozenset[str]
    units: frozenset[str]
    cues: dict[str, Cue]
    strong_presence: frozenset[str]
    object_of_joining: frozenset[str]
    organisations: tuple[str, ...]
    operation_refs: tuple[str, ...]
    whole_operation: frozenset[str]
    distractors: dict[str, frozenset[str]]
    anaphora: frozenset[str]
    speech: frozenset[str]
    future: frozenset[str]
    locative: frozenset[str]
    operation_hints: dict[str, tuple[str, ...]]
    partial_reduction: frozenset[str]
    hypothetical: frozenset[str]
    rotation_end: frozenset[str]
    civilian_missions: frozenset[str]
    org_leads: dict[str, str]
    handover_from: frozenset[str]
    handover_to: frozenset[str]
    national_only: frozenset[str]
    operation_areas: dict[str, tuple[str, ...]]
    vessels: frozenset[str]


@cache
def lexicon() -> Lexicon:
    raw = json.loads(
        resources.files("muster.data").joinpath("grammar.json").read_text(encoding="utf-8")
    )
    cues: dict[str, Cue] = {}
    for kind, by_change in raw["cues"].items():
        for change, phrases in by_change.items():
            for phrase in phrases:
                cues.setdefault(phrase.lower(), Cue(kind, change))
    return Lexicon(
        personnel=frozenset(p.lower() for p in raw["personnel"]),
        units=frozenset(p.lower() for p in raw["units"]),
        cues=cues,
        strong_presence=frozenset(raw["strong_presence"]),
        object_of_joining=frozenset(raw["object_of_joining"]),
        organisations=tuple(raw["organisations"]),
        operation_refs=tuple(raw["operation_refs"]),
        whole_operation=frozenset(raw["whole_operation"]),
        distractors={k: frozenset(v) for k, v in raw["distractors"].items()},
        anaphora=frozenset(raw["anaphora"]),
        speech=frozenset(raw["speech"]),
        future=frozenset(raw["future"]),
        locative=frozenset(raw["locative"]),
        partial_reduction=frozenset(raw["partial_reduction"]),
        hypothetical=frozenset(raw["hypothetical"]),
        rotation_end=frozenset(raw["rotation_end"]),
        civilian_missions=frozenset(raw["civilian_missions"]),
        org_leads=dict(raw["org_leads"]),
        handover_from=frozenset(raw["handover"]["from_other"]),
        handover_to=frozenset(raw["handover"]["to_other"]),
        national_only=frozenset(raw["national_only"]),
        vessels=frozenset(raw["vessels"]),
        operation_areas={
            k: tuple(v) for k, v in raw["operation_areas"].items() if not k.startswith("_")
        },
        operation_hints={k: tuple(v) for k, v in raw["operation_hints"].items() if k != "_about"},
    )
