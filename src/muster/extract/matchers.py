"""spaCy components that find countries, operations and grammar cues as span groups.

Everything later stages need is found once per document by phrase matchers (fast, exact),
so that the grammar only looks at spans and never scans text again.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from muster.catalogue import operations
from muster.extract.gazetteer import country_aliases, lookup, non_country_phrases
from muster.extract.lexicon import lexicon

COUNTRIES_VERSION = "muster_countries_v1"
OPERATIONS_VERSION = "muster_operations_v1"
CUES_VERSION = "muster_cues_v1"


def _add(matcher: PhraseMatcher, nlp: Language, label: str, phrases: Iterable[str]) -> None:
    docs = [nlp.make_doc(p) for p in phrases if p.strip()]
    if docs:
        matcher.add(label, docs)


class CountryMatcher:
    """Country names, demonyms, capitals and armed forces, labelled with ISO3; kb_id is the kind."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.kinds: dict[str, tuple[str, str, bool]] = {}
        by_key: dict[str, list[str]] = {}
        for alias in country_aliases():
            variants = {alias.phrase}
            if alias.kind in {"capital", "name", "demonym", "people"} and not alias.weak:
                variants.add(alias.phrase.upper())  # all-caps headlines and datelines
            for variant in variants:
                key = f"{alias.iso3}|{alias.kind}|{int(alias.weak)}"
                by_key.setdefault(key, []).append(variant)
        for key, phrases in by_key.items():
            _add(self.matcher, nlp, key, phrases)
        _add(self.matcher, nlp, "NOT_COUNTRY", non_country_phrases())

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            if key == "NOT_COUNTRY":
                spans.append(Span(doc, start, end, label=key))
                continue
            iso3, kind, weak = key.split("|")
            spans.append(Span(doc, start, end, label=iso3, kb_id=f"{kind}|{weak}"))
        doc.spans["countries"] = [s for s in filter_spans(spans) if s.label_ != "NOT_COUNTRY"]
        return doc


CODE_NAME_PREFIXES = (
    "Operation ",
    "Operazione ",
    "Opération ",
    "Operación ",
    "EUNAVFOR ",
    "EU NAVFOR ",
    "EUFOR ",
    "Task Force ",
)


def code_names(aliases: list[str]) -> list[str]:
    """ "Operation Irini" is often just "Irini": the code name alone, as written (capitalised)."""
    names = []
    for alias in aliases:
        for prefix in CODE_NAME_PREFIXES:
            rest = alias[len(prefix) :] if alias.startswith(prefix) else ""
            named_place = lookup(rest) is not None
            if (
                rest
                and " " not in rest
                and len(rest) >= 4
                and rest[:1].isupper()
                and not named_place
            ):
                names.append(rest)
                names.append(rest.capitalize())
    return sorted(set(names))


class OperationMatcher:
    """Operation ids and aliases from the catalogue, labelled with the operation id."""

    def __init__(self, nlp: Language) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for op in operations().values():
            short = [op.id] + [a for a in op.aliases if len(a) <= 6 or a.isupper()]
            short += code_names(op.aliases)
            long = [op.name] + [a for a in op.aliases if not (len(a) <= 6 or a.isupper())]
            _add(self.exact, nlp, op.id, short)
            _add(self.folded, nlp, op.id, [p.lower() for p in long])

        self.hints = PhraseMatcher(nlp.vocab, attr="LOWER")
        for op_id, phrases in lexicon().operation_hints.items():
            _add(self.hints, nlp, op_id, phrases)

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            Span(doc, start, end, label=match_id)
            for matcher in (self.exact, self.folded)
            for match_id, start, end in matcher(doc)
        ]
        if not spans:
            spans = [
                Span(doc, start, end, label=match_id) for match_id, start, end in self.hints(doc)
            ]
        doc.spans["operations"] = filter_spans(spans)
        return doc


class CueMatcher:
    """Grammar cues: personnel and unit nouns, kind cues, distractors, organisations, tense."""

    def __init__(self, nlp: Language) -> None:
        lex = lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        groups: dict[str, set[str] | frozenset[str]] = {
            "personnel": set(lex.personnel),
            "unit": set(lex.units),
            "strong_presence": set(lex.strong_presence),
            "joining": set(lex.object_of_joining),
            "opref": {p.lower() for p in lex.operation_refs},
            "whole": set(lex.whole_operation),
            "anaphora": set(lex.anaphora),
            "speech": set(lex.speech),
            "future": set(lex.future),
            "hypothetical": set(lex.hypothetical),
            "rotation_end": set(lex.rotation_end),
            "handover:from": set(lex.handover_from),
            "handover:to": set(lex.handover_to),
            "national": set(lex.national_only),
        }
        for name, words in lex.distractors.items():
            groups[f"distractor:{name}"] = set(words)
        for phrase, cue in lex.cues.items():
            key = f"cue:{cue.kind}:{cue.change}"
            groups[key] = set(groups.get(key, set())) | {phrase}
        for label, phrases in groups.items():
            _add(self.matcher, nlp, label, sorted(p.lower() for p in phrases))
        self.orgs = PhraseMatcher(nlp.vocab, attr="ORTH")
        _add(self.orgs, nlp, "org", lex.organisations)

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[Span]] = {}
        for matcher in (self.matcher, self.orgs):
            for match_id, start, end in matcher(doc):
                label = doc.vocab.strings[match_id]
                found.setdefault(label, []).append(Span(doc, start, end, label=label))
        if "whole" in found:
            found["whole"] = [s for s in found["whole"] if _counted_or_phrase(doc, s)]
        for label, spans in found.items():
            doc.spans[label] = spans
        return doc


QUANTIFIERS = {"various", "several", "many", "other", "different", "some", "numerous", "multiple"}


def _counted_or_phrase(doc: Doc, span: Span) -> bool:
    """ "from 28 countries" marks a whole operation; "United Nations" does not."""
    if span.text.lower() not in {"countries", "nations"}:
        return True
    before = [doc[i] for i in range(max(0, span.start - 2), span.start)]
    return any(t.like_num or t.lower_ in QUANTIFIERS for t in before)


@Language.factory(COUNTRIES_VERSION)
def make_country_matcher(nlp: Language, name: str) -> CountryMatcher:
    return CountryMatcher(nlp)


@Language.factory(OPERATIONS_VERSION)
def make_operation_matcher(nlp: Language, name: str) -> OperationMatcher:
    return OperationMatcher(nlp)


@Language.factory(CUES_VERSION)
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    return CueMatcher(nlp)
