"""The extraction quality gate: the dev-corpus F1 floor, scored by the shared scorer.

Floors only rise. The dev floor stands one record under what this version reaches on the 80
development articles (0.900, the issue's target; its floor was 0.85). The held-out and
training corpora are our own (tests/fixtures), annotated blind from the spec; their floors
stand a little under what this version reaches.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from muster.extract.pipeline import Extractor
from muster.sources import iter_articles

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "dev"
F1_FLOOR = 0.89
SEED_GOLD = SHARED / "corpus" / "seed" / "gold.jsonl"


def _score(pred: Path, gold: Path, corpus: Path, *extra: str) -> dict[str, float]:
    done = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            str(pred),
            str(gold),
            "--corpus",
            str(corpus),
            "--json",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _extract(folder: Path, out: Path) -> None:
    extractor = Extractor()
    with out.open("w", encoding="utf-8") as f:
        for article in iter_articles([folder]):
            if hasattr(article, "reason"):
                continue
            for record in extractor.records(article):  # type: ignore[arg-type]
                f.write(record.model_dump_json() + "\n")


@pytest.mark.skipif(not DEV.exists(), reason="shared dev corpus not present")
def test_dev_corpus_f1_floor(tmp_path: Path) -> None:
    pred = tmp_path / "dev.jsonl"
    _extract(DEV / "articles", pred)
    figures = _score(pred, DEV / "gold.jsonl", DEV / "articles", "--dev")
    assert figures["f1"] >= F1_FLOOR, figures


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="shared seed not present")
def test_seed_gives_exactly_its_gold_record(tmp_path: Path) -> None:
    pred = tmp_path / "seed.jsonl"
    _extract(SEED_GOLD.parent, pred)
    figures = _score(pred, SEED_GOLD, SEED_GOLD.parent)
    assert figures["precision"] == 1.0 and figures["recall"] == 1.0
    assert figures["personnel_accuracy"] == 1.0


HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"
HELDOUT_F1_FLOOR = 0.72


def test_heldout_corpus_f1_floor(tmp_path: Path) -> None:
    """Our own second corpus (tests/fixtures/heldout), annotated blind from the spec: a check
    that what was tuned on the shared dev corpus carries over to other writing."""
    pred = tmp_path / "heldout.jsonl"
    _extract(HELDOUT / "articles", pred)
    figures = _score(pred, HELDOUT / "gold.jsonl", HELDOUT / "articles")
    assert figures["f1"] >= HELDOUT_F1_FLOOR, figures


TRAIN = Path(__file__).resolve().parent / "fixtures" / "train"
TRAIN_F1_FLOOR = 0.65
TRAIN_PARTS = {
    "gold_a.jsonl": range(1, 31),
    "gold_b.jsonl": range(31, 61),
    "gold_c.jsonl": range(61, 91),
    "gold_d.jsonl": range(91, 121),
    "gold_e.jsonl": range(121, 151),
}
"""Each annotated part and the articles it covers (articles without records have no gold line)."""


def test_training_corpus_f1_floor(tmp_path: Path) -> None:
    """The articles whose misses may be read (tests/fixtures/train), in annotated parts."""
    pred, gold, corpus = tmp_path / "train.jsonl", tmp_path / "gold.jsonl", tmp_path / "articles"
    corpus.mkdir()
    parts = []
    for name, numbers in TRAIN_PARTS.items():
        parts.append((TRAIN / name).read_text(encoding="utf-8"))
        for n in numbers:
            source = TRAIN / "articles" / f"t{n:02d}.txt"
            (corpus / source.name).write_bytes(source.read_bytes())
    gold.write_text("".join(parts), encoding="utf-8")
    _extract(corpus, pred)
    figures = _score(pred, gold, corpus)
    assert figures["f1"] >= TRAIN_F1_FLOOR, figures


@pytest.mark.skipif(not DEV.exists(), reason="shared dev corpus not present")
def test_jsonl_input_scores_as_the_text_files_do(tmp_path: Path) -> None:
    """Real articles come as JSONL as often as as files: both paths must give the same records."""
    feed = tmp_path / "dev-as-jsonl" / "articles.jsonl"
    feed.parent.mkdir()
    with feed.open("w", encoding="utf-8") as out:
        for path in sorted((DEV / "articles").glob("*.txt")):
            title, *rest = path.read_text(encoding="utf-8").split("\n")
            published = None
            if rest and rest[0].startswith("Published:"):
                published, rest = rest[0].split(":", 1)[1].strip(), rest[1:]
            row = {"id": path.stem, "title": title, "text": "\n".join(rest).strip()}
            out.write(json.dumps(row | {"published": published}) + "\n")
    from_text, from_jsonl = tmp_path / "text.jsonl", tmp_path / "jsonl.jsonl"
    _extract(DEV / "articles", from_text)
    _extract(feed.parent, from_jsonl)
    by_text = _score(from_text, DEV / "gold.jsonl", DEV / "articles", "--dev")
    by_jsonl = _score(from_jsonl, DEV / "gold.jsonl", DEV / "articles", "--dev")
    assert by_jsonl == by_text
