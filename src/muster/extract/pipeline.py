"""The extraction pipeline: a blank English spaCy pipeline with Muster's registered components.

No statistical model is loaded: tokenizer, sentence splitter, phrase matchers and the
deployment grammar. The grammar only looks at sentences that contain a cue, so most text is
touched once by the tokenizer and the matchers and never again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from muster import __version__
from muster.extract import matchers, sentences
from muster.extract.candidate import Candidate
from muster.extract.context import ArticleContext, article_context
from muster.extract.dates import dates_in
from muster.extract.grammar import SentenceGrammar
from muster.extract.merge import merge_candidates
from muster.extract.view import KIND_LABELS, SentenceView, sentence_views, table_row
from muster.models import Article, Fact, Record

HANDOVERS = ("handover:from", "handover:to")
MOVEMENT_LABELS = tuple(label for label in KIND_LABELS if label != "cue:presence:")
DEPLOYMENTS_VERSION = "muster_deployments_v1"
EXTRACTOR_VERSION = f"muster {__version__}/{DEPLOYMENTS_VERSION}"


def _relevant(view: SentenceView) -> bool:
    """Cheap triggers: a number near people or a list line, a movement verb, a handover.

    Most sentences of a story fail all three and are never analysed further."""
    labels = view.cues
    actors = bool(view.countries or view.operations or "opref" in labels or "unit" in labels)
    if actors and any(label in labels for label in MOVEMENT_LABELS + HANDOVERS):
        return True
    doc = view.doc
    nouns = labels.get("personnel", []) + labels.get("unit", [])
    nouns += [
        m for m in labels.get("cue:presence:", []) if "contributor" in doc[m.start : m.end].text
    ]
    short_line = bool(view.countries) and (
        len(view.sent) <= 10 or table_row(view)
    )  # "• Italy: 638", "Latvia – led by Canada: about 1,700, of whom about 800 Canadian"
    if not nouns and not short_line:
        return False
    if short_line and any(doc[i].like_num for i in range(view.start, view.end)):
        return True
    return any(
        doc[i].like_num
        for m in nouns
        for i in range(max(view.start, m.start - 8), min(view.end, m.end + 8))
    )


def _previous(candidates: list[Candidate], view: SentenceView) -> Candidate | None:
    """The movement a sentence may go on about: the last one within two sentences, else the
    last record ("will send one more company. The soldiers will join the 80 already there.
    The company, of around a hundred troops, …")."""
    for c in reversed(candidates):
        if view.index - c.sentence > 2:
            break
        if c.kind != "presence":
            return c
    return candidates[-1] if candidates else None


@Language.component(DEPLOYMENTS_VERSION)
def find_deployments(doc: Doc) -> Doc:
    """Candidate records for the document, merged per article (set in doc.user_data)."""
    published: dt.date | None = doc.user_data.get("published")
    views = sentence_views(doc)
    ctx = article_context(views, published)
    candidates: list[Candidate] = []
    for view in views:
        if not _relevant(view):
            continue
        candidates.extend(SentenceGrammar(view, ctx, _previous(candidates, view)).records())
    merged = merge_candidates(candidates)
    _date_from_lead(merged, views, ctx)
    doc.user_data["candidates"] = merged
    doc.user_data["context"] = ctx
    doc.user_data["sentences"] = [v.sent for v in views]
    return doc


LEAD_SENTENCES = 3


def _date_from_lead(
    candidates: list[Candidate], views: list[SentenceView], ctx: ArticleContext
) -> None:
    """A movement the article dates only in its lead ("NAIROBI, June 25 — … left on Tuesday")
    takes the lead's date when its own sentence gives none."""
    if all(c.date is not None or c.kind == "presence" for c in candidates):
        return
    lead: str | None = None
    for view in views[1 : 1 + LEAD_SENTENCES]:
        found = [
            d
            for d in dates_in(view.sent.text, ctx.published)
            if d.kind == "point" and d.value and len(d.value) == 10
        ]
        if found:
            lead = found[0].value
            break
    if lead is None:
        return
    for c in candidates:
        if c.date is None and c.kind in {"deploy", "withdraw"}:
            c.date = lead


def build_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(sentences.SENTENCES_VERSION)
    nlp.add_pipe(matchers.COUNTRIES_VERSION)
    nlp.add_pipe(matchers.OPERATIONS_VERSION)
    nlp.add_pipe(matchers.CUES_VERSION)
    nlp.add_pipe(DEPLOYMENTS_VERSION)
    return nlp


class Extractor:
    """Builds the pipeline once and turns articles into records."""

    def __init__(self) -> None:
        self.nlp = build_pipeline()

    def analyse(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc.user_data["published"] = article.published
        doc.user_data[sentences.TEXT_KEY] = article.text
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return doc

    def records(self, article: Article, doc: Doc | None = None) -> list[Record]:
        doc = doc if doc is not None else self.analyse(article)
        out = []
        sents = doc.user_data["sentences"]
        for c in doc.user_data["candidates"]:
            sent = sents[c.sentence]
            text = sent.text.strip()
            start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            out.append(
                Record(
                    article=article.id,
                    kind=c.kind,
                    contributor=c.contributor,
                    operation=c.operation,
                    host=c.host,
                    personnel=c.personnel,
                    qualifier=c.qualifier if c.personnel is not None else None,
                    date=c.date,
                    evidence=text,
                    change=c.change,
                    evidence_start=start,
                    evidence_end=start + len(text),
                    extractor=EXTRACTOR_VERSION,
                )
            )
        return out

    def facts(self, article: Article, doc: Doc) -> list[Fact]:
        try:
            from muster.extract.facts import extract_facts
        except ModuleNotFoundError:  # the facts extractor is optional until it ships
            return []
        spans = [(s.start_char, s.end_char) for s in doc.user_data["sentences"]]
        ctx = doc.user_data.get("context")
        operation = ctx.dominant_operation if ctx is not None else None
        return extract_facts(article, spans, operation)

    def analyse_all(self, article: Article) -> tuple[list[Record], list[Fact]]:
        """Records and facts from one pass of the pipeline."""
        doc = self.analyse(article)
        return self.records(article, doc), self.facts(article, doc)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Record]]]:
        for article in articles:
            yield article, self.records(article)


_default: Extractor | None = None


def default_extractor() -> Extractor:
    global _default
    if _default is None:
        _default = Extractor()
    return _default


def extract_records(article: Article) -> list[Record]:
    """Deployment records of one article (the pipeline is built on first use)."""
    return default_extractor().records(article)
