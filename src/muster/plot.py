"""A chart of each nation's estimated strength in an operation over time.

The lines are the ledger's own estimates (a timeline entry's `estimate`), drawn as steps
because an estimate holds until the next report moves it; markers show where a figure was
read, filled for official figures and hollow for news, so a reader can tell a line resting
on a placemat from one resting on a press report. Colours are paired with line styles and
marker shapes so the chart still reads in greyscale print.

matplotlib is imported inside `plot_operation` only: it is slow to import and only this
function needs it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from muster.ledger import TimelineEntry
from muster.models import Operation

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D

OTHERS = "others"

# Okabe & Ito's colour-blind safe palette (yellow left out: too faint on white) and two of
# Paul Tol's muted colours, so the default ten lines all differ in colour; light and dark
# alternate so neighbours in the legend also differ in grey.
_COLOURS = (
    "#000000",
    "#E69F00",
    "#0072B2",
    "#56B4E9",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#882255",
    "#999933",
    "#7F7F7F",
)
_OTHERS_COLOUR = "#BBBBBB"
_LINE_STYLES: tuple[Any, ...] = ("-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2)))
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "h", "<", ">", "p", "*")
_OFFICIAL_KINDS = frozenset({"official", "absent"})


@dataclass(frozen=True)
class Series:
    """One line of the chart: a nation's (or the others') estimate as steps, and its points."""

    contributor: str
    label: str
    steps: list[tuple[dt.date, int]]
    official: list[tuple[dt.date, int]] = field(default_factory=list)
    news: list[tuple[dt.date, int]] = field(default_factory=list)
    latest: int = 0


@dataclass(frozen=True)
class Chart:
    """The lines to draw and the range they cover; `left_out` nations are not drawn alone."""

    series: list[Series]
    since: dt.date
    until: dt.date
    left_out: int = 0


@dataclass(frozen=True)
class PlotResult:
    """What was drawn and where, so the caller can report it (this module never prints)."""

    path: Path
    chart: Chart


def _name(code: str) -> str:
    from muster.extract.gazetteer import country_name

    try:
        return country_name(code)
    except KeyError:
        return code


def _value_at(steps: Sequence[tuple[dt.date, int]], when: dt.date) -> int | None:
    value = None
    for day, estimate in steps:
        if day > when:
            break
        value = estimate
    return value


def _clip(
    steps: Sequence[tuple[dt.date, int]], since: dt.date, until: dt.date
) -> list[tuple[dt.date, int]]:
    """The steps inside the range, carried in from before `since` and out to `until`."""
    before = _value_at(steps, since)
    clipped = [(since, before)] if before is not None else []
    clipped += [(d, v) for d, v in steps if since < d <= until]
    if clipped and clipped[-1][0] < until:
        clipped.append((until, clipped[-1][1]))
    return clipped


def _per_nation(entries: Iterable[TimelineEntry]) -> dict[str, list[TimelineEntry]]:
    grouped: dict[str, list[TimelineEntry]] = defaultdict(list)
    for entry in entries:
        if entry.contributor is not None and entry.estimate is not None:
            grouped[entry.contributor].append(entry)
    for items in grouped.values():
        items.sort(key=lambda e: e.when)
    return grouped


def _nation_series(
    code: str, entries: list[TimelineEntry], since: dt.date, until: dt.date
) -> Series | None:
    by_day: dict[dt.date, int] = {}
    official: list[tuple[dt.date, int]] = []
    news: list[tuple[dt.date, int]] = []
    for entry in entries:
        assert entry.estimate is not None
        by_day[entry.when] = entry.estimate  # the day's last step is the day's estimate
        if not since <= entry.when <= until or entry.entry_kind == "event":
            continue
        official_point = entry.entry_kind == "level" and entry.kind in _OFFICIAL_KINDS
        (official if official_point else news).append((entry.when, entry.estimate))
    steps = _clip(sorted(by_day.items()), since, until)
    if not steps:
        return None
    return Series(code, _name(code), steps, official, news, latest=steps[-1][1])


def _sum_series(parts: Sequence[Series]) -> Series:
    days = sorted({day for part in parts for day, _ in part.steps})
    steps = [(day, sum(_value_at(p.steps, day) or 0 for p in parts)) for day in days]
    label = f"{len(parts)} other nation{'s' if len(parts) > 1 else ''}"
    return Series(OTHERS, label, steps, latest=steps[-1][1] if steps else 0)


def nation_series(
    entries: Iterable[TimelineEntry],
    since: dt.date | None = None,
    until: dt.date | None = None,
    *,
    top: int = 10,
    others: bool = False,
) -> Chart:
    """The lines to draw, largest latest estimate first, and the date range they cover.

    The range defaults to the first and last dated entries. Nations beyond `top` are left
    out, or summed into one `others` line.
    """
    grouped = _per_nation(entries)
    days = [e.when for items in grouped.values() for e in items]
    if not days:
        raise ValueError("nothing to plot: no nation has a dated estimate")
    start = since or min(days)
    end = until or max(max(days), start)
    if start > end:
        raise ValueError(f"empty date range: {start.isoformat()} is after {end.isoformat()}")
    drawn = [
        s
        for code, items in grouped.items()
        if (s := _nation_series(code, items, start, end)) is not None
    ]
    if not drawn:
        raise ValueError(f"nothing to plot between {start.isoformat()} and {end.isoformat()}")
    drawn.sort(key=lambda s: (-s.latest, s.contributor))
    kept, rest = drawn[:top], drawn[top:]
    if others and rest:
        kept.append(_sum_series(rest))
    return Chart(kept, start, end, left_out=len(rest))


def _date_axis(ax: Axes, since: dt.date, until: dt.date) -> None:
    """ISO 8601 tick labels: years for long spans, months, then days for short ones."""
    import matplotlib.dates as mdates

    span = (until - since).days
    locator: mdates.DateLocator
    if span > 4 * 366:
        years = span / 365.25
        step = next((n for n in (1, 2, 5, 10) if years / n <= 12), 20)
        locator, pattern = mdates.YearLocator(base=step), "%Y"
    elif span > 180:
        locator, pattern = mdates.MonthLocator(bymonth=(1, 4, 7, 10)), "%Y-%m"
    elif span > 45:
        locator, pattern = mdates.MonthLocator(), "%Y-%m"
    else:
        locator, pattern = mdates.AutoDateLocator(maxticks=8), "%Y-%m-%d"
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(pattern))
    pad = dt.timedelta(days=max(2, span // 60))
    ax.set_xlim(since - pad, until + pad)  # type: ignore[arg-type]


def _style(series: Series, index: int) -> dict[str, Any]:
    """Colour, line style and marker of one line; the others' sum is a wide pale band."""
    if series.contributor == OTHERS:
        return {"color": _OTHERS_COLOUR, "linestyle": "-", "linewidth": 4.0, "marker": "none"}
    return {
        "color": _COLOURS[index % len(_COLOURS)],
        "linestyle": _LINE_STYLES[index % len(_LINE_STYLES)],
        "linewidth": 1.8,
        "marker": _MARKERS[index % len(_MARKERS)],
    }


def _draw(ax: Axes, series: Series, index: int) -> Line2D:
    """Draw one series; returns its legend handle."""
    from matplotlib.lines import Line2D

    style = _style(series, index)
    colour, marker = style["color"], style["marker"]
    days, values = zip(*series.steps, strict=True)
    ax.step(
        days,
        values,
        where="post",
        color=colour,
        linestyle=style["linestyle"],
        linewidth=style["linewidth"],
        zorder=1 if series.contributor == OTHERS else 2,
    )
    for points, face in ((series.official, colour), (series.news, "white")):
        if points:
            x, y = zip(*points, strict=True)
            ax.plot(
                x,
                y,
                linestyle="none",
                marker=marker,
                markersize=6.5,
                color=colour,
                markerfacecolor=face,
                markeredgewidth=1.4,
                zorder=3,
            )
    return Line2D(
        [], [], markerfacecolor=colour, label=f"{series.label} ({series.latest:,})", **style
    )


def _key() -> list[Line2D]:
    """Legend entries saying what filled and hollow markers mean, after a blank line."""
    from matplotlib.lines import Line2D

    grey = "#333333"
    return [
        Line2D([], [], linestyle="none", label=" "),
        Line2D([], [], linestyle="none", marker="o", color=grey, label="official figure"),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            color=grey,
            markerfacecolor="white",
            markeredgewidth=1.4,
            label="news report",
        ),
        Line2D([], [], color=grey, linewidth=1.8, label="estimate between reports"),
    ]


def _axes(ax: Axes, chart: Chart) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    highest = max(v for s in chart.series for _, v in s.steps)
    ax.set_ylim(bottom=0, top=max(highest * 1.08, 1))
    _date_axis(ax, chart.since, chart.until)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_ylabel("Personnel (estimate)")


def plot_operation(
    timeline_entries: Iterable[TimelineEntry],
    operation: Operation | str,
    out_path: str | Path,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    top: int = 10,
    others: bool = False,
    dpi: int = 150,
) -> PlotResult:
    """Draw each nation's estimate over time into `out_path` (format from its suffix).

    Raises ValueError when there is nothing to draw in the range.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    chart = nation_series(timeline_entries, since, until, top=top, others=others)
    name = _display_name(operation)
    fig = Figure(figsize=(12, 6.75), layout="constrained")
    FigureCanvasAgg(fig)  # the Agg canvas, whatever backend pyplot users have chosen
    ax = fig.add_subplot()
    handles = [_draw(ax, s, i) for i, s in enumerate(chart.series)]
    ax.legend(
        handles=handles + _key(),
        title=f"Estimate on {chart.until.isoformat()}",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=9,
        title_fontsize=9,
        alignment="left",
        frameon=False,
    )
    _axes(ax, chart)
    span = f"{chart.since.isoformat()} to {chart.until.isoformat()}"
    fig.suptitle(
        f"{name}: personnel by contributing nation, {span}", fontsize=13, fontweight="bold"
    )
    ax.set_title(_subtitle(chart), fontsize=9, color="#444444", loc="left")
    path = Path(out_path)
    fig.savefig(path, dpi=dpi)
    return PlotResult(path, chart)


def _display_name(operation: Operation | str) -> str:
    if isinstance(operation, Operation):
        return f"{operation.id} ({operation.name})"
    return operation


def _subtitle(chart: Chart) -> str:
    nations = sum(1 for s in chart.series if s.contributor != OTHERS)
    rest = chart.left_out
    if not rest:
        text = f"All {nations} contributing nations with an estimate"
    elif any(s.contributor == OTHERS for s in chart.series):
        text = f"The {nations} largest contributions on the last date, the other {rest} summed"
    else:
        text = f"The {nations} largest contributions on the last date ({rest} smaller not shown)"
    return text + ". Source: Muster ledger of official figures and news reports."
