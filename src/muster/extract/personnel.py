"""Does a number count people? Personnel nouns, unit sizes, list lines and distractors.

Difficulty class 6: most numbers in a deployment story are not headcounts (years, vehicles,
money, casualties, "served since 1999", ceilings). A number is kept when a personnel noun
follows it, when it sizes a unit ("contingent of 400", "450-strong"), or when it stands in a
list after a country ("Italy: 638", "Spain with 1,200"), and no distractor shares its clause.
"""

from __future__ import annotations

from spacy.tokens import Doc

from muster.extract.view import Mention, SentenceView

FILLERS = {
    "-", "additional", "extra", "more", "new", "fresh", "further", "combat", "professional",
    "military", "armed", "uniformed", "elite", "special", "female", "male", "national", "active",
    "reserve", "regular", "army", "navy", "air", "force", "forces", "trained", "of", "the",
    "other", "strong", "peacekeeping", "foreign", "allied", "infantry", "ground", "its", "their",
    "serving", "remaining", "blue", "un", "nato", "eu", "international", "multinational",
    "civilian", "civil", "police", ",", "and", "local", "contract", "career", "naval", "medical",
    "staff", "liaison", "logistics", "logistic", "engineering", "signals", "women", "security",
    "protection", "support", "headquarters", "non-commissioned", "commissioned", "senior",
}  # fmt: skip
TRAINING_WORDS = {"trained", "train", "training"}
PARTITIVE = {"them", "whom", "these", "those", "its", "their"}
LIST_JOINERS = {"(", "–", "-", ":", "—", "with", "about", "around", "some", "roughly", "nearly",
                "almost", "approximately", "over", "up", "to"}  # fmt: skip
LEVEL_WORDS = {"strength", "total", "totals", "totalled", "numbers", "numbered", "counts",
               "counted", "amounts", "amounted", "stands", "stood", "size"}  # fmt: skip
QUALIFIER_WORDS = {",", "around", "about", "some", "roughly", "approximately", "nearly", "almost",
                   "over", "than", "more", "at", "least", "up", "to", "just", "under"}  # fmt: skip


def noun_end(view: SentenceView, qs: int, qe: int) -> int | None:
    """End of the personnel noun (or unit) that the number at [qs, qe) counts, if any."""
    doc = view.doc
    starts = {m.start: m for m in view.cue_spans("personnel")}
    people = {c.start: c.end for c in view.countries if c.kind == "people"}
    if qe in people:
        return people[qe]  # "about 900 Britons", "1,000 Italians"
    i, steps = qe, 0
    while i < view.end and steps <= 5:
        if i in starts:
            if counts_members_of_a_body(doc, i, starts[i].end):
                return None
            if _modifies_equipment(doc, starts[i].end, view.end):
                return None  # "three military vehicles"
            return starts[i].end
        tok = doc[i]
        if (
            tok.lower_ == "or"
            and i + 1 < view.end
            and doc[i + 1].lower_ in {"so", "more", "over", "fewer", "less"}
        ):
            i += 2  # "130 or so Irish troops": the qualifier after the number
            steps += 1
            continue
        if tok.lower_ in FILLERS or (tok.text[:1].isupper() and tok.is_alpha):
            i += 1
            steps += 1
            continue
        break
    back = [doc[k].lower_ for k in range(max(view.start, qs - 5), qs)]
    if any(a == "of" and b in {"them", "whom"} for a, b in zip(back, back[1:], strict=False)):
        return qe  # "Most of them, around 250, serve in Bosnia"
    partitive = qe + 1 < view.end and doc[qe].lower_ == "of" and doc[qe + 1].lower_ in PARTITIVE
    if qe + 2 < view.end and doc[qe].lower_ == "of" and doc[qe + 1].lower_ == "the":
        partitive = partitive or any(
            doc[k].text[:1].isdigit() for k in range(qe + 2, min(view.end, qe + 5))
        )
    if partitive and (view.cue_spans("personnel") or view.cue_spans("unit")):
        return qe + 2
    units = {m.end for m in view.cue_spans("unit")} | {m.end for m in view.cue_spans("personnel")}
    j = qs - 1
    while j > view.start and doc[j].lower_ in QUALIFIER_WORDS:
        j -= 1
    if j > view.start and doc[j].lower_ == "of" and (j in units or j - 1 in units):
        return qe
    after = [doc[k].lower_ for k in range(qe, min(view.end, qe + 2))]
    stative = after[1:] and after[1] in {
        "deployed",
        "serving",
        "stationed",
        "based",
        "there",
        "present",
        "in",
        "still",
        "now",
        "currently",
    }
    if (
        after
        and (after[0] in {"remain", "serve"} or (after[0] in {"are", "were"} and stative))
        and any(m.end <= qs for m in view.cue_spans("personnel"))
    ):
        return qe  # "Irish troops have served there since 1978; today about 340 are deployed"
    if j >= view.start and doc[j].lower_ in {"including", "among"} and view.cue_spans("personnel"):
        return qe  # "2,000 troops serve abroad, including 250 in Kosovo"
    if j == qs - 1 and doc[j].lower_ in {"strength", "total"} and not _counts_states(doc, qe):
        return qe
    # "The total strength amounts to about 600.": a level with no noun after the number
    before = {doc[k].lower_ for k in range(max(view.start, qs - 6), qs)}
    ends_clause = qe >= view.end or doc[qe].is_punct
    if ends_clause and before & LEVEL_WORDS and view.cue_spans("unit") + view.cue_spans("whole"):
        return qe
    return None


SMALL_NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
STATE_NOUNS = {"countries", "nations", "states", "member", "members", "allies", "partners"}
BODIES = {
    "parliament",
    "council",
    "committee",
    "union",
    "eu",
    "european",
    "nato",
    "alliance",
    "un",
    "assembly",
    "congress",
    "senate",
    "bundestag",
    "house",
    "cabinet",
    "board",
}


CONTRIBUTING = {"troop", "troops", "-", "contributing", "police", "member", "partner", "allied"}


def _counts_contributing_states(doc: Doc, qe: int, end: int) -> bool:
    k = qe
    while k < end and k < qe + 4 and doc[k].lower_ in CONTRIBUTING:
        k += 1
    return k > qe and k < end and doc[k].lower_ in STATE_NOUNS


def _counts_states(doc: Doc, qe: int) -> bool:
    return qe < len(doc) and doc[qe].lower_ in STATE_NOUNS


EQUIPMENT = {"vehicles", "vehicle", "aircraft", "helicopters", "helicopter", "tanks", "ships",
             "ship", "jets", "planes", "plane", "trucks", "bases", "base", "camps", "flights",
             "drones", "equipment", "hospitals", "hospital", "units", "observers"}  # fmt: skip


def _modifies_equipment(doc: Doc, noun_end: int, end: int) -> bool:
    return noun_end < end and doc[noun_end].lower_ in EQUIPMENT - {"units", "observers"}


def counts_members_of_a_body(doc: Doc, noun_start: int, noun_end: int) -> bool:
    """ "the 27 members of the European Union", "member states": members, not personnel."""
    if doc[noun_start].lower_ not in {"members", "member"}:
        return False
    k = noun_end
    if k < len(doc) and doc[k].lower_ in {"states", "countries", "nations"}:
        return True
    if k < len(doc) and doc[k].lower_ == "of":
        k += 1
        while k < len(doc) and doc[k].lower_ in {"the", "its"}:
            k += 1
        return k < len(doc) and (doc[k].lower_ in BODIES or doc[k].text == "EU")
    return False


def listed_countries(view: SentenceView, qs: int) -> list[Mention]:
    """Countries a number is listed after: "Ghana (870)", "Italy: 638", "Spain with 1,200",
    "Portugal 120", "Lithuania and Montenegro: 1 each" (both)."""
    doc = view.doc
    by_end = {c.end: c for c in view.countries}
    j = qs
    while j > view.start and doc[j - 1].lower_ in LIST_JOINERS and qs - j < 3:
        j -= 1
    if j not in by_end:
        return []
    found = [by_end[j]]
    k = by_end[j].start
    while k - 1 > view.start and doc[k - 1].lower_ in {"and", ","} and (k - 1) in by_end:
        found.insert(0, by_end[k - 1])
        k = by_end[k - 1].start
    return found


def is_each(doc: Doc, qe: int, end: int) -> bool:
    return qe < end and doc[qe].lower_ == "each"


def _only_nouns_between(view: SentenceView, a: int, b: int) -> bool:
    """A list of nouns ("soldiers, officers and police") and no verb or other clause between."""
    return all(
        view.doc[i].is_punct or view.lower(i) in {"and", "or"} or view.doc[i].is_alpha
        for i in range(a, b)
    ) and not any(view.lower(i) in {"who", "which", "that", "while", "but"} for i in range(a, b))


def distracted(view: SentenceView, qs: int, qe: int) -> bool:
    """A casualty, a historical total, a ceiling or a national total shares the clause; the
    whole sentence is hypothetical ("kept on standby", "should the situation require");
    or the number refers back to people already named ("the two men")."""
    if view.cue_spans("hypothetical"):
        return True
    doc = view.doc
    if qs > view.start and doc[qs - 1].lower_ in {"the", "both", "these", "those"}:
        first = doc[qs]
        if first.is_alpha and first.lower_ in SMALL_NUMBER_WORDS:
            return True
    if _counts_contributing_states(doc, qe, view.end):
        return True  # "the 23 troop-contributing nations"
    lo, hi = view.clause_bounds(qs)
    lo2, hi2 = view.clause_bounds(max(qs, qe - 1))
    lo, hi = min(lo, lo2), max(hi, hi2)
    for name in ("historical", "ceiling", "national_total", "comparison"):
        if view.in_range(f"distractor:{name}", lo, hi):
            return True
    opening = [
        m
        for m in view.in_range("distractor:historical", view.start, qs)
        if m.start <= view.start + 1
    ]
    if opening:
        return True  # "At its peak, the contingent numbered …": said of the whole sentence
    if any(
        qe <= m.start <= qe + 10 and _only_nouns_between(view, qe, m.start)
        for m in view.cue_spans("distractor:historical")
    ):
        return True  # "More than 20,000 Mongolian soldiers, officers and police have served"
    casualties = [
        m
        for m in view.cue_spans("distractor:casualty")
        if not (m.start > qe and view.lower(m.start) in TRAINING_WORDS)  # "soldiers trained for"
    ]
    near = [m for m in casualties if _gap(m, qs, qe) <= 8]
    if any(m.start > qe and m.start - qe <= 12 for m in casualties):
        return True  # "two Chinese peacekeepers, Li Lei and Yang Shupeng, lost their lives"
    if qe + 1 < view.end and doc[qe].lower_ == "of" and doc[qe + 1].lower_ in {"them", "whom"}:
        return bool(near)  # "59 soldiers died, 35 of them in combat": the same casualties
    return any(lo <= m.start < hi for m in near)


def _gap(m: Mention, start: int, end: int) -> int:
    if m.end <= start:
        return start - m.end
    if end <= m.start:
        return m.start - end
    return 0
