"""Read articles from text, HTML, JSONL and feed files, folders and stdin.

This is the first stage of the pipeline: whatever the input, the result is an `Article` whose
`text` is the title, a blank line and the body, or a `SkippedInput` saying why a file gave none.
"""

from muster.sources.articles import article_from_text, content_hash, make_article
from muster.sources.inputs import InputItem, SkippedInput, discover
from muster.sources.reader import iter_articles, read_item

__all__ = [
    "InputItem",
    "SkippedInput",
    "article_from_text",
    "content_hash",
    "discover",
    "iter_articles",
    "make_article",
    "read_item",
]
