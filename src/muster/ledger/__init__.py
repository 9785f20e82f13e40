"""Records and official figures → each nation's estimated personnel in an operation, with why.

Pure computation over lists of models (no database), so it can be tested on hand-built
histories. `build_history` does the costly part once, in O(n log n) of the records (events are
compared only within their window, net changes come from prefix sums); the `History` it returns
then answers the ledger on any date, the timeline and the conflicts by look-up, which is what
`muster.queries` keeps between requests. The rules, in the order the computation applies them:

When. A record's time is its own `date`, else its article's publication date; a record with
neither is *undated* and placed on no timeline. Partial dates ("2023", "2017-02") order as the
first day of their period; the text as given is kept beside every date.

Events. Deploy/withdraw records of the same contributor, operation and kind are one event when
they lie within `event_window_days` of the event's first report and their numbers differ by at
most `event_tolerance` of the smaller (or one lacks a number). The event carries every source;
its number is the most specific one (exact before approx before bounds, earliest among equals),
its time the first report's.

Levels. Official figures (`personnel_type` total) and numbered `presence` records set a level;
on the same day a level is taken to include that day's changes, and an official figure outranks
a news one. When an official snapshot's national rows add up exactly to its TOTAL, nations it
leaves out that had figures before drop to 0 ("official (not listed)"); `complete_snapshots`
turns this off. For an operation with several hosts, an operation-level presence naming a host
is the figure of one formation (a battlegroup), not of the operation: listed, not a level.

Changes. After the latest level on or before the date, events move the estimate: a deploy
marked increase adds; a withdraw marked decrease, or with no change stated, subtracts (clamped
at 0; with no level known it moves nothing, as nothing is known to subtract from). A deploy with
no change stated counts in full only when no contingent is known (no level, or 0): an analyst
reading "120 soldiers leave for Kosovo" about a new contributor expects 120; about a nation
with a known contingent it is as likely a rotation. An increase with no level known starts from
0 and its estimate is a minimum. Rotations, contradictory pairs (deploy marked decrease, withdraw
marked increase) and records without a number move nothing and appear as timeline events.

Totals. The operation's sum of nations is shown beside the operation-level estimate (official
TOTAL or a presence with no contributor, moved by operation-level events), each with sources.

Conflicts. Two levels of one contribution within `conflict_window_days` conflict when the later
differs from the earlier (moved by the changes reported between them) by more than
`conflict_ratio` of the smaller figure and by more than `conflict_min_diff`; a bound ("more than
300") only conflicts with figures on its wrong side. Both are shown, with their sources, and the
estimate resting on either is flagged.

Limitation: contingents of one nation in different hosts of a multi-host operation (eFP) share
one line.
"""

from muster.ledger.api import conflicts, events, ledger, timeline, undated
from muster.ledger.dates import parse_partial_date
from muster.ledger.history import History, build_history
from muster.ledger.schema import (
    DEFAULT_OPTIONS,
    Conflict,
    Event,
    Ledger,
    LedgerOptions,
    LedgerRecord,
    LedgerRow,
    Level,
    Source,
    TimelineEntry,
)

__all__ = [
    "DEFAULT_OPTIONS",
    "Conflict",
    "Event",
    "History",
    "Ledger",
    "LedgerOptions",
    "LedgerRecord",
    "LedgerRow",
    "Level",
    "Source",
    "TimelineEntry",
    "build_history",
    "conflicts",
    "events",
    "ledger",
    "parse_partial_date",
    "timeline",
    "undated",
]
