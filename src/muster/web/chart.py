"""Strength by nation over time, drawn on the server as an SVG step chart.

Each line holds its estimate until the next report (step after). Lines differ in colour (the
Okabe–Ito palette, safe for colour-blind readers) and in dash pattern (so they stay apart in
greyscale); official figures are filled dots, news-based ones hollow, as in the ledger.
"""

from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup, escape

from muster.queries import StrengthSeries
from muster.web.format import iso, nation, number

WIDTH, HEIGHT = 800.0, 470.0
LEFT, RIGHT, TOP, BOTTOM = 52.0, 110.0, 12.0, 26.0
LABEL_GAP = 12.0
STYLES = (
    ("#0072B2", ""),
    ("#D55E00", "7 3"),
    ("#009E73", "2 2"),
    ("#CC79A7", "9 3 2 3"),
    ("#E69F00", "4 4"),
    ("#56B4E9", "12 3"),
)


def _nice_step(top: float, ticks: int = 5) -> int:
    raw = max(top / ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return int(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))


class _Axes:
    def __init__(self, start: dt.date, end: dt.date, top: int) -> None:
        self.start, self.end = start, end
        self.days = max((end - start).days, 1)
        self.step = _nice_step(top)
        self.top = max(self.step * math.ceil(top / self.step), self.step)

    def x(self, day: dt.date) -> float:
        return round(LEFT + (day - self.start).days / self.days * (WIDTH - LEFT - RIGHT), 1)

    def y(self, value: float) -> float:
        return round(HEIGHT - BOTTOM - value / self.top * (HEIGHT - TOP - BOTTOM), 1)

    def grid(self) -> str:
        parts = []
        for value in range(0, self.top + 1, self.step):
            y = self.y(value)
            parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>')
            parts.append(
                f'<text class="tick" x="{LEFT - 6}" y="{y + 4}" text-anchor="end">{value:,}</text>'
            )
        years = range(self.start.year + 1, self.end.year + 1)
        every = max(1, math.ceil(len(years) / 8))
        for year in years[::every]:
            x = self.x(dt.date(year, 1, 1))
            parts.append(
                f'<line class="grid" x1="{x}" x2="{x}" y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>'
            )
            parts.append(
                f'<text class="tick" x="{x}" y="{HEIGHT - 8}" text-anchor="middle">{year}</text>'
            )
        return "".join(parts)


def _line(series: StrengthSeries, axes: _Axes, style: tuple[str, str]) -> tuple[str, float]:
    colour, dash = style
    coords: list[str] = []
    dots: list[str] = []
    name = nation(series.contributor) if series.contributor else "whole force"
    previous_y: float | None = None
    for point in series.points:
        x, y = axes.x(point.when), axes.y(point.personnel)
        if previous_y is not None:
            coords.append(f"{x},{previous_y}")
        coords.append(f"{x},{y}")
        previous_y = y
        fill = colour if point.official else "#fff"
        basis = "official" if point.official else "news"
        tip = escape(f"{name}, {iso(point.when)}: {number(point.personnel)} ({basis})")
        dots.append(
            f'<circle cx="{x}" cy="{y}" r="3" fill="{fill}" stroke="{colour}">'
            f"<title>{tip}</title></circle>"
        )
    end_x = axes.x(axes.end)
    coords.append(f"{end_x},{previous_y}")
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    path = (
        f'<polyline class="series" points="{" ".join(coords)}" stroke="{colour}" '
        f'stroke-width="2.2" fill="none"{dash_attr}/>'
    )
    return path + "".join(dots), previous_y or 0.0


def _labels(ends: list[tuple[float, str, str]]) -> str:
    """Line-end labels, nudged apart so that close lines stay readable."""
    placed: list[float] = []
    parts = []
    for y, text, colour in sorted(ends):
        y = max(y, placed[-1] + LABEL_GAP) if placed else y
        placed.append(y)
        parts.append(
            f'<text class="end" x="{WIDTH - RIGHT + 6}" y="{y + 4}" '
            f'fill="{colour}">{escape(text)}</text>'
        )
    return "".join(parts)


def draw_chart(strength: list[StrengthSeries], at: dt.date) -> Markup:
    """An <svg> step chart of each followed nation's estimate up to `at`; empty if no data."""
    # The whole force is left out: its scale would flatten the nations' lines.
    points = [p for s in strength if s.contributor is not None for p in s.points]
    if not points:
        return Markup("")
    start = min(p.when for p in points)
    start = dt.date(start.year, 1, 1)
    axes = _Axes(start, max(at, start + dt.timedelta(days=1)), max(p.personnel for p in points))
    body, ends = [], []
    nations = [s for s in strength if s.contributor is not None]
    for index, series in enumerate(nations):
        style = STYLES[index % len(STYLES)]
        drawn, end_y = _line(series, axes, style)
        body.append(drawn)
        ends.append((end_y, f"{series.contributor} {series.current:,}", style[0]))
    label = "Strength by nation over time; filled dots are official figures, hollow ones news"
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="img" '
        f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">{axes.grid()}'
        f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
        f'y2="{HEIGHT - BOTTOM}"/>{"".join(body)}{_labels(ends)}</svg>'
    )


def chart_legend(strength: list[StrengthSeries]) -> list[tuple[str, str, str]]:
    """(colour, dash, label) per line, in drawing order, for the legend under the chart."""
    nations = [s for s in strength if s.contributor is not None]
    rows = [
        (STYLES[i % len(STYLES)][0], STYLES[i % len(STYLES)][1], nation(s.contributor))
        for i, s in enumerate(nations)
    ]
    return rows
