"""One record per (kind, contributor, operation, host) in an article, keeping the most specific.

An article repeats its main fact (headline, lead, recap); the spec wants one record for it, with
the number where any statement has one and the date of the movement rather than of its
announcement.
"""

from __future__ import annotations

from muster.extract.candidate import Candidate


def _key(c: Candidate) -> tuple[str, str | None, str | None]:
    return (c.kind, c.contributor, c.operation)


def _best_date(best: Candidate, bucket: list[Candidate]) -> tuple[str | None, bool]:
    """A movement's date beats the date it was announced; a fuller date beats a partial one;
    then the kept statement's own date, then the first."""
    dated = [c for c in bucket if c.date]
    if not dated:
        return None, False
    chosen = min(dated, key=lambda c: (c.date_said, -len(c.date or ""), c is not best))
    return chosen.date, chosen.date_said


def _drop_unit_parts(candidates: list[Candidate]) -> list[Candidate]:
    """A figure with no cue of its own about a country the article reports moving ("a protection
    team of about a hundred soldiers", "a 13-member female unit") describes part of that
    movement, not the size of the contribution."""
    moving: dict[tuple[str | None, str | None, int | None], int] = {}
    for c in candidates:
        if c.kind != "presence" and c.personnel is not None:
            # a part of a withdrawal only in its own sentence: "about 200 remain" said apart
            # is what is left, not a part of what left
            key = (c.contributor, c.operation, None if c.kind == "deploy" else c.sentence)
            moving[key] = max(moving.get(key, 0), c.personnel)

    def larger_movement(c: Candidate) -> int:
        return max(
            moving.get((c.contributor, c.operation, None), 0),
            moving.get((c.contributor, c.operation, c.sentence), 0),
        )

    return [
        c
        for c in candidates
        if not (c.kind == "presence" and c.personnel is None)  # a presence is a size
        and not (
            c.cue_less
            and c.contributor is not None
            and c.personnel is not None
            and c.personnel < larger_movement(c)
        )
    ]


def _size_the_arrival(candidates: list[Candidate]) -> list[Candidate]:
    """ "… handed over the mission to the Italian Air Force. The Italian contingent counts
    approximately 200 troops.": the unit that arrives, sized in the next sentences."""
    folded: set[int] = set()
    sized = {(c.contributor, c.operation) for c in candidates if c.kind == "deploy" and c.personnel}
    for c in candidates:
        if c.kind != "deploy" or c.personnel is not None or c.contributor is None:
            continue
        if (c.contributor, c.operation) in sized:
            continue  # the movement has its size already; the unit's is a part of it
        for k, p in enumerate(candidates):
            if (
                k not in folded
                and p.kind == "presence"
                and p.unit_size
                and not p.stated_now
                and not p.cue_less
                and (p.contributor, p.operation) == (c.contributor, c.operation)
                and 0 < p.sentence - c.sentence <= 2
            ):
                c.personnel, c.qualifier = p.personnel, p.qualifier
                folded.add(k)
                break
    return [c for k, c in enumerate(candidates) if k not in folded]


def merge_candidates(candidates: list[Candidate]) -> list[Candidate]:
    candidates = _size_the_arrival(candidates)
    ordered = sorted(_drop_unit_parts(candidates), key=lambda c: (c.sentence, c.position))
    groups: dict[tuple[str, str | None, str | None], list[list[Candidate]]] = {}
    for c in ordered:
        buckets = groups.setdefault(_key(c), [])
        for bucket in buckets:
            hosts = {b.host for b in bucket if b.host}
            if c.host is None or not hosts or c.host in hosts:
                bucket.append(c)
                break
        else:
            buckets.append([c])
    merged: list[Candidate] = []
    for buckets in groups.values():
        for bucket in buckets:
            numbered = [c for c in bucket if c.personnel is not None]
            if numbered and numbered[0].kind == "presence":
                # the latest stated level is the current one, a level said to be the present
                # one ("At present 71 soldiers serve") before one merely described
                numbered.sort(key=lambda c: (c.date or "", c.stated_now), reverse=True)
            else:
                numbered.sort(key=lambda c: (c.elliptical, not c.whole_unit))
            best = numbered[0] if numbered else bucket[0]
            host = best.host or next((c.host for c in bucket if c.host), None)
            date, said = _best_date(best, bucket)
            change = best.change or next((c.change for c in bucket if c.change), None)
            merged.append(
                Candidate(
                    best.kind,
                    best.contributor,
                    best.operation,
                    host,
                    best.personnel,
                    best.qualifier,
                    date,
                    change,
                    best.sentence,
                    best.position,
                    best.whole_unit,
                    said,
                )
            )
    merged.sort(key=lambda c: (c.sentence, c.position))
    return merged
