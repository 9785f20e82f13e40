"""Facts an article states about operations other than headcounts.

`extract_facts` runs five small rule-based extractors over one article's sentences: mandate
(when and under what an operation was set up), objectives (listed objectives, prose tasks),
officials (people named with a role), engagements (visits, meetings, conferences) and
ceremonies. Each fact carries its evidence sentence, character span and extractor version.

Each extractor reads only the sentences that hold one of its trigger words (`gates.py`): an
article's words are looked up once, so the regular expressions run on a few sentences, not all.
"""

from __future__ import annotations

from muster.extract.facts import ceremonies, engagements, mandate, objectives, officials
from muster.extract.facts.common import Context, Span, refine, split_sentences
from muster.models import Article, Fact

EXTRACTORS = {
    "mandate": mandate.EXTRACTOR,
    "objectives": objectives.EXTRACTOR,
    "officials": officials.EXTRACTOR,
    "engagements": engagements.EXTRACTOR,
    "ceremonies": ceremonies.EXTRACTOR,
}

__all__ = ["EXTRACTORS", "extract_facts"]


def extract_facts(
    article: Article,
    sentences: list[Span] | None = None,
    operation: str | None = None,
) -> list[Fact]:
    """All facts of `article`, in text order.

    `sentences` are character spans into `article.text` (spaCy's sentencizer is used when they
    are not given); `operation` is the article's dominant operation id, the subject of facts
    whose sentence names no operation.
    """
    spans = sentences if sentences is not None else split_sentences(article.text)
    ctx = Context(article, refine(article.text, spans), operation)
    facts: list[Fact] = []
    for module in (mandate, objectives, officials, engagements, ceremonies):
        facts.extend(module.extract(ctx))
    return sorted(facts, key=lambda f: (f.evidence_start or 0, f.type))
