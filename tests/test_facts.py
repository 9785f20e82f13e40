"""Facts other than headcounts: hand-built sentences per fact type, and the seed checklist."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from pathlib import Path

import pytest

from muster.extract.facts import EXTRACTORS, extract_facts
from muster.extract.facts.common import refine
from muster.extract.facts.gates import Scanner, gate
from muster.extract.facts.objectives import split_items
from muster.models import Article, Fact

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed"
CHECKED_TYPES = {
    "established",
    "mandate",
    "task",
    "objective",
    "official",
    "engagement",
    "ceremony",
}


def _article(text: str, published: dt.date | None = None) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id="t1", text=text, published=published, hash=digest)


def _facts(text: str, kind: str, operation: str | None = "KFOR", **kw: object) -> list[Fact]:
    facts = extract_facts(_article(text, **kw), operation=operation)  # type: ignore[arg-type]
    return [f for f in facts if f.type == kind]


def test_established_and_mandate() -> None:
    text = (
        "KFOR was established in 1999 following the Kosovo War, under United Nations Security "
        "Council Resolution 1244."
    )
    (established,) = _facts(text, "established")
    assert (established.subject, established.value) == ("KFOR", "1999")
    assert established.attrs["after"] == "the Kosovo War"
    (mandate,) = _facts(text, "mandate")
    assert mandate.value == "UNSCR 1244" and mandate.subject == "KFOR"
    assert mandate.evidence == text and (mandate.evidence_start, mandate.evidence_end) == (
        0,
        len(text),
    )


@pytest.mark.parametrize(
    "text",
    [
        "The operation runs on the basis of the UN Security Council Resolution 1244 from 1999.",
        "KFOR entered Kosovo under UNSCR 1244 (1999).",
        "It deployed under UNSC Resolution 1244.",
        "The force acts under Resolution 1244.",
    ],
)
def test_mandate_spellings_normalise(text: str) -> None:
    assert [f.value for f in _facts(text, "mandate")] == ["UNSCR 1244"]


def test_a_resolution_without_a_basis_word_is_no_mandate() -> None:
    assert _facts("The shelling was a breach of Security Council resolution 1701.", "mandate") == []


def test_eu_legal_acts_and_dated_establishment() -> None:
    text = "EUFOR Althea was created on 2 December 2004 under Council Joint Action 2004/570/CFSP."
    (established,) = _facts(text, "established", operation=None)
    assert (established.subject, established.value) == ("EUFOR-ALTHEA", "2004-12-02")
    (mandate,) = _facts(text, "mandate", operation=None)
    assert mandate.value == "Council Joint Action 2004/570/CFSP"


def test_bulleted_objectives() -> None:
    text = (
        "Its primary objectives include:\n\n  • Deterring renewed hostilities.\n"
        "  • Supporting a stable, democratic, multi-ethnic, and peaceful Kosovo.\n\nOther news."
    )
    values = [f.value for f in _facts(text, "objective")]
    assert values == [
        "deterring renewed hostilities",
        "supporting a stable, democratic, multi-ethnic and peaceful Kosovo",
    ]


def test_bullets_without_an_objectives_intro_are_not_objectives() -> None:
    text = "Key Takeaways\n\n  • Bulgaria is deploying 120 soldiers.\n  • A ceremony was held."
    assert _facts(text, "objective") == []


def test_tasks_in_prose() -> None:
    text = (
        "During these years the soldiers carried out the tasks given by the command: patrols, "
        "guard of military objectives and the neutralisation of explosive devices."
    )
    assert [f.value for f in _facts(text, "task")] == [
        "patrols", "guard of military objectives", "neutralisation of explosive devices",
    ]  # fmt: skip
    role = (
        "KFOR plays a crucial role in maintaining a safe and secure environment and ensuring "
        "freedom of movement."
    )
    assert [f.value for f in _facts(role, "task")] == [
        "maintaining a safe and secure environment", "ensuring freedom of movement",
    ]  # fmt: skip


def test_split_items_keeps_enumerated_objects_together() -> None:
    assert split_items(
        "the protection of civilians, United Nations staff and humanitarian workers, patrols, "
        "escorts and the guarding of United Nations facilities."
    ) == [
        "protection of civilians, United Nations staff and humanitarian workers",
        "patrols", "escorts", "guarding of United Nations facilities",
    ]  # fmt: skip
    assert split_items("to prevent a recurrence of fighting, to contribute to the maintenance "
                       "of law and order, and to maintain calm.") == [
        "prevent a recurrence of fighting", "contribute to the maintenance of law and order",
        "maintain calm",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "name", "attrs"),
    [
        ("NATO Secretary General Mark Rutte spoke.", "Mark Rutte",
         {"title": "Secretary General", "organisation": "NATO"}),
        ("Chief of Defence Admiral Emil Eftimov told reporters.", "Emil Eftimov",
         {"title": "Chief of Defence", "rank": "Admiral"}),
        ("Defence Minister Borut Sajovic travelled to Kosovo.", "Borut Sajovic",
         {"title": "Defence Minister"}),
        ("He met the KFOR commander, Major General Özkan Ulutaş, on Monday.", "Özkan Ulutaş",
         {"title": "commander", "rank": "Major General", "organisation": "KFOR"}),
        ("It will be commanded by Colonel Bernhard Gruber of the General Staff Service.",
         "Bernhard Gruber", {"rank": "Colonel", "organisation": "General Staff Service"}),
        ("Viktor Potočnik, commander of the 52nd contingent, leads the battalion.",
         "Viktor Potočnik", {"title": "commander of the 52nd contingent"}),
        ("Turkish Defence Minister Yaşar Güler attended.", "Yaşar Güler",
         {"title": "Defence Minister", "country": "TUR"}),
        ("The force commander, Lt. Gen. Balla Keita of Senegal, wrote.", "Balla Keita",
         {"rank": "Lt. Gen.", "country": "SEN"}),
    ],
)  # fmt: skip
def test_officials(text: str, name: str, attrs: dict[str, str]) -> None:
    (official,) = _facts(text, "official")
    assert official.value == name
    assert {k: official.attrs.get(k) for k in attrs} == attrs


@pytest.mark.parametrize(
    "text",
    [
        "At the Novo Selo camp the minister shared the Easter table with the personnel.",
        "The minister thanked the soldiers. Prime Minister of the day was absent.",
        "The Supreme Allied Commander Europe (SACEUR) can call on the reserve.",
        "They paraded at the Artillery School General Carlos Julio Gil Colorado.",
    ],
)
def test_no_official_without_a_name_announced(text: str) -> None:
    assert _facts(text, "official") == []


def test_a_surname_alone_enriches_the_full_name() -> None:
    text = "Minister Sajovic visited Kosovo.\n\nDefence Minister Borut Sajovic thanked the troops."
    officials = _facts(text, "official")
    assert [o.value for o in officials] == ["Borut Sajovic"]


def test_engagements() -> None:
    text = (
        "High-level consultations and visits to Sarajevo, Pristina, and Belgrade were held. The "
        "recent 18th Balkan Chiefs of Defence (CHODs) Conference in Istanbul met on 5 October."
    )
    consultation, conference = _facts(text, "engagement", published=dt.date(2024, 11, 1))
    assert consultation.attrs["kind"] == "consultation"
    assert consultation.attrs["places"] == "Sarajevo;Pristina;Belgrade"
    assert conference.value == "18th Balkan Chiefs of Defence (CHODs) Conference"
    assert conference.attrs["ordinal"] == 18 and conference.attrs["places"] == "Istanbul"
    assert conference.attrs["date"] == "2024-10-05"


def test_visit_by_an_official() -> None:
    text = (
        "Defence Minister Borut Sajovic visited Slovenian soldiers in Kosovo before the holidays."
    )
    (visit,) = _facts(text, "engagement")
    assert visit.attrs["kind"] == "visit" and visit.attrs["by"] == "Borut Sajovic"
    assert visit.attrs["places"] == "Kosovo" and visit.value == "visit to Kosovo"


def test_meeting_needs_a_person_to_meet() -> None:
    assert _facts("The army needs to meet its commitments in Afghanistan.", "engagement") == []
    (meeting,) = _facts("He had a meeting with the KFOR commander, Major General Özkan Ulutaş, "
                        "who briefed him.", "engagement")  # fmt: skip
    assert meeting.value == "meeting with the KFOR commander, Major General Özkan Ulutaş"


def test_ceremonies() -> None:
    text = (
        "An official ceremony marked the departure of the contingent.\n\n"
        "  • An official ceremony was held to mark the departure of the contingent.\n\n"
        "In a ceremony at EUFOR Headquarters in Camp Butmir, Sarajevo, on 31 January 2024, "
        "Major General Helmut Habermayer handed over the command to Major General László Sticz."
    )
    departure, change = _facts(text, "ceremony")
    assert (departure.value, departure.attrs["kind"]) == ("departure ceremony", "departure")
    assert "place" not in departure.attrs
    assert change.attrs["kind"] == "change of command"
    assert change.attrs["place"] == "Camp Butmir" and change.attrs["date"] == "2024-01-31"


def test_no_ceremony_when_denied() -> None:
    assert _facts("There was no ceremony worth the name at the base.", "ceremony") == []


def test_given_sentences_are_used_and_extractors_versioned() -> None:
    text = "KFOR was established in 1999. Its tasks include patrols and escorts."
    facts = extract_facts(_article(text), sentences=[(0, 29), (30, len(text))], operation="KFOR")
    assert {f.extractor for f in facts} <= set(EXTRACTORS.values())
    assert all(f.evidence == text[f.evidence_start : f.evidence_end] for f in facts)


def _seed_article() -> Article:
    text = (SEED / "seed.txt").read_text(encoding="utf-8")
    return _article(text)


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_seed_checklist() -> None:
    facts = extract_facts(_seed_article(), operation="KFOR")
    missing = []
    for line in (SEED / "facts.jsonl").read_text(encoding="utf-8").splitlines():
        wanted = json.loads(line)
        if wanted["type"] not in CHECKED_TYPES:
            continue
        if not any(_shows(f, wanted["match"]) for f in facts if f.type == wanted["type"]):
            missing.append(wanted)
    assert missing == []


def _shows(fact: Fact, phrases: list[str]) -> bool:
    shown = " ".join([fact.value, fact.evidence, *(str(v) for v in fact.attrs.values())])
    return all(any(alt in shown for alt in phrase.split("|")) for phrase in phrases)


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_seed_spans_point_into_the_text() -> None:
    article = _seed_article()
    for fact in extract_facts(article, operation="KFOR"):
        assert article.text[fact.evidence_start : fact.evidence_end] == fact.evidence


def test_glued_resolution_numbers_pass_the_mandate_gate() -> None:
    assert [f.value for f in _facts("KFOR acts under UNSCR1244.", "mandate")] == ["UNSCR 1244"]


def test_refine_cuts_at_lines_and_glues_abbreviations() -> None:
    text = "Lt. Col. Greg Stone arrived.\n\n  • First bullet.\nSecond line  "
    spans = [(0, 4), (4, 28), (28, len(text))]
    assert [s.text for s in refine(text, spans)] == [
        "Lt. Col. Greg Stone arrived.", "• First bullet.", "Second line",
    ]  # fmt: skip
    assert [(s.index, text[s.start : s.end]) for s in refine(text, [(0, 999)])][-1] == (
        2,
        "Second line",
    )


def _brute_hits(sentences: list[str], keys: list[str]) -> list[int]:
    """What a gate should let through: sentences where a key matches as a regex would."""
    patterns = [re.compile(k.replace(".", r"\."), re.IGNORECASE) for k in keys]
    return [i for i, s in enumerate(sentences) if any(p.search(s) for p in patterns)]


def test_gates_find_exactly_the_sentences_with_their_words() -> None:
    keys = [r"\bmet\b", r"\bvisit", r"resolution", r"\bh.e\b", r"\bking\b", ":"]
    words = [
        "met", "Met", "METRES", "visitor", "revisit", "UNresolution", "H.E.", "h.e.x", "making",
        "KING", "\u212aing", "king's", "x:", "the", "and", "_met", "met_", "mét", "9met",
    ]  # fmt: skip
    rnd = random.Random(3)
    for _ in range(200):
        sentences = [" ".join(rnd.choices(words, k=rnd.randint(1, 4))) for _ in range(5)]
        text, spans = "", []
        for sentence in sentences:
            glue = rnd.choice([" ", "", "\n"])  # "" puts sentence edges inside words
            spans.append((len(text), len(text) + len(sentence)))
            text += sentence + glue
        scanner = Scanner(text, spans)
        assert scanner.hits(gate(*keys)) == _brute_hits(sentences, keys), sentences


def test_gates_let_everything_through_when_sentences_overlap() -> None:
    scanner = Scanner("one two three", [(4, 7), (0, 3), (2, 9)])
    assert scanner.hits(gate(r"\bzebra\b")) == [0, 1, 2]


def test_gate_words_are_lower_case_with_word_edges_on_word_characters() -> None:
    with pytest.raises(ValueError):
        gate(r"\bVisit")
    with pytest.raises(ValueError):
        gate(r"\b:")
