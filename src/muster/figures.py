"""Official figures from CSV: read, validated row by row, and never half-loaded.

Files have the columns `as_of, operation, contributor, personnel, source` and optionally
`personnel_type` (`total`, `troops`, `police`, `experts`, `staff`; the ledger counts only
`total`, but every row is kept). Checks, each reported as `file:line: reason`:

- `as_of` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and a real date;
- `operation` is a catalogue id. An id the catalogue lacks but which is shaped like one
  (upper-case letters, digits, hyphens: UN missions such as BINUB or UNAMA that the
  catalogue leaves out) is accepted with one *warning* per id, because official files cover
  more missions than the catalogue and dropping their figures would lose real data;
  anything else (including a catalogue id in the wrong case) is an error;
- `contributor` is an ISO 3166-1 alpha-3 code known to pycountry (current or historic, such
  as SCG), `XKX` for Kosovo, or `TOTAL` for the whole operation;
- `personnel` is a non-negative whole number written with digits only;
- `source` is not empty: every figure in the ledger must be citable;
- a repeated (as_of, operation, contributor, personnel_type) is an error when the figure
  differs and a warning when it is the same.

When any row has an error the figure list comes back empty: a file is loaded whole or not at
all, and the caller reports every problem at once. Warnings never block loading.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from muster.catalogue import operations
from muster.ledger.dates import parse_partial_date
from muster.models import OfficialFigure

REQUIRED_COLUMNS = ("as_of", "operation", "contributor", "personnel", "source")
OPTIONAL_COLUMNS = ("personnel_type",)
PERSONNEL_TYPES = ("total", "troops", "police", "experts", "staff")
SPECIAL_CONTRIBUTORS = frozenset({"TOTAL", "XKX"})

_AS_OF = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_OPERATION_ID = re.compile(r"[A-Z0-9][A-Z0-9-]*")
_DIGITS = re.compile(r"\d+")


class FigureError(BaseModel):
    """A problem in one row (line 1 is the header); warnings do not block loading."""

    file: str
    line: int
    reason: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}: {prefix}{self.reason}"


@cache
def _known_country(code: str) -> bool:
    import pycountry  # its tables are large; load them only when a file is checked

    return (
        pycountry.countries.get(alpha_3=code) is not None
        or pycountry.historic_countries.get(alpha_3=code) is not None
    )


def _read(path_or_text: str | Path | Traversable) -> str:
    """A str is CSV text, unless it is a single line naming an existing file."""
    if isinstance(path_or_text, str):
        if "\n" not in path_or_text and Path(path_or_text).is_file():
            return Path(path_or_text).read_text(encoding="utf-8")
        return path_or_text
    return path_or_text.read_text(encoding="utf-8")


def _check_as_of(value: str) -> str | None:
    if _AS_OF.fullmatch(value) and parse_partial_date(value) is not None:
        return None
    return f"as_of {value!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD"


def _check_operation(value: str) -> tuple[str | None, bool]:
    """(error, unknown-but-accepted) for an operation id."""
    catalogue = operations()
    if value in catalogue:
        return None, False
    if value.upper() in catalogue:
        return f"operation {value!r} is not a catalogue id; did you mean {value.upper()!r}?", False
    if _OPERATION_ID.fullmatch(value):
        return None, True
    return f"operation {value!r} is not an operation id (A-Z, 0-9 and -)", False


def _check_contributor(value: str) -> str | None:
    if value in SPECIAL_CONTRIBUTORS or (
        len(value) == 3 and value.isupper() and _known_country(value)
    ):
        return None
    hint = ""
    upper = value.upper()
    if upper != value and (upper in SPECIAL_CONTRIBUTORS or _known_country(upper)):
        hint = f"; did you mean {upper!r}?"
    return f"contributor {value!r} is not an ISO 3166-1 alpha-3 code, XKX or TOTAL{hint}"


def _check_personnel(value: str) -> str | None:
    if _DIGITS.fullmatch(value):
        return None
    return f"personnel {value!r} is not a non-negative whole number"


def _check_personnel_type(value: str) -> str | None:
    if value in PERSONNEL_TYPES:
        return None
    return f"personnel_type {value!r} is not one of {', '.join(PERSONNEL_TYPES)}"


class _Parser:
    """Holds one file's state while its rows are checked."""

    def __init__(self, file: str, columns: list[str]) -> None:
        self.file = file
        self.columns = columns
        self.problems: list[FigureError] = []
        self.figures: list[OfficialFigure] = []
        self.seen: dict[tuple[str, ...], tuple[int, int]] = {}
        self.unknown_operations: dict[str, list[int]] = {}

    def report(
        self, line: int, reason: str, severity: Literal["error", "warning"] = "error"
    ) -> None:
        self.problems.append(
            FigureError(file=self.file, line=line, reason=reason, severity=severity)
        )

    def row(self, line: int, cells: list[str]) -> None:
        if len(cells) != len(self.columns):
            self.report(line, f"expected {len(self.columns)} fields, found {len(cells)}")
            return
        values = {name: cell.strip() for name, cell in zip(self.columns, cells, strict=True)}
        kind = values.get("personnel_type", "total")
        operation_error, unknown = _check_operation(values["operation"])
        if unknown:
            self.unknown_operations.setdefault(values["operation"], []).append(line)
        errors = [
            _check_as_of(values["as_of"]),
            operation_error,
            _check_contributor(values["contributor"]),
            _check_personnel(values["personnel"]),
            None if values["source"] else "source is empty",
            _check_personnel_type(kind),
        ]
        found = [error for error in errors if error is not None]
        for error in found:
            self.report(line, error)
        if found:
            return
        personnel = int(values["personnel"])
        if self._repeated(line, values, kind, personnel):
            return
        self.figures.append(
            OfficialFigure(
                as_of=values["as_of"],
                operation=values["operation"],
                contributor=values["contributor"],
                personnel=personnel,
                personnel_type=kind,
                source=values["source"],
            )
        )

    def _repeated(self, line: int, values: dict[str, str], kind: str, personnel: int) -> bool:
        key = (values["as_of"], values["operation"], values["contributor"], kind)
        if key not in self.seen:
            self.seen[key] = (line, personnel)
            return False
        first_line, first = self.seen[key]
        if first == personnel:
            self.report(line, f"repeats line {first_line}", "warning")
        else:
            self.report(line, f"contradicts line {first_line} ({personnel} against {first})")
        return True

    def finish(self) -> tuple[list[OfficialFigure], list[FigureError]]:
        for operation, lines in self.unknown_operations.items():
            self.report(
                lines[0],
                f"operation {operation!r} is not in the catalogue; accepted ({len(lines)} rows)",
                "warning",
            )
        self.problems.sort(key=lambda p: (p.line, p.severity))
        if any(p.severity == "error" for p in self.problems):
            return [], self.problems
        return self.figures, self.problems


def parse_figures_csv(
    path_or_text: str | Path | Traversable, *, source_name: str
) -> tuple[list[OfficialFigure], list[FigureError]]:
    """Parse one figures file: (figures, problems); no figures at all if any row has an error.

    A `Path` or package resource is read as UTF-8; a `str` is the CSV text itself, unless it
    is one line naming an existing file. `source_name` names the file in problem reports.
    """
    text = _read(path_or_text).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        return [], [FigureError(file=source_name, line=1, reason="no header row")]
    columns = [cell.strip() for cell in header]
    parser = _Parser(source_name, columns)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        parser.report(1, f"missing column(s): {', '.join(missing)}")
        return parser.finish()
    extra = [name for name in columns if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if extra:
        parser.report(1, f"unknown column(s) ignored: {', '.join(extra)}", "warning")
    start = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            parser.row(start, cells)
        start = reader.line_num + 1
    return parser.finish()


def shipped_figure_files() -> list[Traversable]:
    """The official-figures files shipped as package data, by name."""
    data = resources.files("muster.data")
    found = [item for item in data.iterdir() if item.name.endswith("_contributions.csv")]
    return sorted(found, key=lambda item: item.name)


@cache
def _shipped() -> tuple[OfficialFigure, ...]:
    figures: list[OfficialFigure] = []
    for item in shipped_figure_files():
        parsed, problems = parse_figures_csv(item, source_name=item.name)
        errors = [str(p) for p in problems if p.severity == "error"]
        if errors:
            raise ValueError("shipped figures are invalid:\n" + "\n".join(errors))
        figures.extend(parsed)
    return tuple(figures)


def load_shipped_figures() -> list[OfficialFigure]:
    """Every row of every shipped figures file (all personnel types), read once per process."""
    return list(_shipped())
