"""Parsing official-figures CSV files: every check, the all-or-nothing rule, shipped files."""

from __future__ import annotations

from pathlib import Path

import pytest

from muster.figures import (
    FigureError,
    load_shipped_figures,
    parse_figures_csv,
    shipped_figure_files,
)
from muster.models import OfficialFigure

HEADER = "as_of,operation,contributor,personnel,source\n"
SRC = "https://example.org/placemat"


def parse(body: str, header: str = HEADER) -> tuple[list[OfficialFigure], list[FigureError]]:
    return parse_figures_csv(header + body, source_name="figs.csv")


def reasons(problems: list[FigureError]) -> list[str]:
    return [str(p) for p in problems]


def test_valid_rows_become_figures() -> None:
    figures, problems = parse(
        f"2017-02,KFOR,ALB,13,{SRC}\n2023,KFOR,TOTAL,4353,{SRC}\n2025-04-01,KFOR,XKX,0,{SRC}\n"
    )
    assert problems == []
    assert [(f.as_of, f.contributor, f.personnel, f.personnel_type) for f in figures] == [
        ("2017-02", "ALB", 13, "total"),
        ("2023", "TOTAL", 4353, "total"),
        ("2025-04-01", "XKX", 0, "total"),
    ]
    assert figures[0].source == SRC


@pytest.mark.parametrize("as_of", ["2023-13", "23-01", "2023/01", "2023-02-30", "", "Feb 2023"])
def test_bad_dates_are_errors(as_of: str) -> None:
    figures, problems = parse(f"{as_of},KFOR,ALB,13,{SRC}\n")
    assert figures == []
    assert [p.line for p in problems] == [2] and "as_of" in problems[0].reason


def test_operation_in_the_wrong_case_is_an_error_with_a_hint() -> None:
    _, problems = parse(f"2023,kfor,ALB,13,{SRC}\n")
    assert reasons(problems) == [
        "figs.csv:2: operation 'kfor' is not a catalogue id; did you mean 'KFOR'?"
    ]


def test_an_operation_that_is_not_an_id_is_an_error() -> None:
    _, problems = parse(f"2023,Kosovo Force,ALB,13,{SRC}\n")
    assert problems[0].severity == "error" and "not an operation id" in problems[0].reason


def test_unknown_operation_ids_are_accepted_with_one_warning_each() -> None:
    figures, problems = parse(
        f"2010-12-31,BINUB,CHE,1,{SRC}\n2010-12-31,BINUB,GHA,1,{SRC}\n2011,UNAMA,TOTAL,9,{SRC}\n"
    )
    assert len(figures) == 3
    assert reasons(problems) == [
        "figs.csv:2: warning: operation 'BINUB' is not in the catalogue; accepted (2 rows)",
        "figs.csv:4: warning: operation 'UNAMA' is not in the catalogue; accepted (1 rows)",
    ]


@pytest.mark.parametrize(
    ("contributor", "ok"),
    [("BGR", True), ("XKX", True), ("TOTAL", True), ("SCG", True), ("XYZ", False),
     ("bgr", False), ("BG", False), ("Bulgaria", False)],
)  # fmt: skip
def test_contributors(contributor: str, ok: bool) -> None:
    figures, problems = parse(f"2023,KFOR,{contributor},13,{SRC}\n")
    assert bool(figures) is ok and bool(problems) is not ok


def test_lower_case_contributor_gets_a_hint() -> None:
    _, problems = parse(f"2023,KFOR,bgr,13,{SRC}\n")
    assert problems[0].reason.endswith("did you mean 'BGR'?")


@pytest.mark.parametrize("personnel", ["-5", "1,258", "ten", "12.0", ""])
def test_personnel_must_be_a_non_negative_whole_number(personnel: str) -> None:
    _, problems = parse(f'2023,KFOR,ALB,"{personnel}",{SRC}\n')
    assert [p.line for p in problems] == [2] and "personnel" in problems[0].reason


def test_a_figure_needs_a_source() -> None:
    _, problems = parse("2023,KFOR,ALB,13,\n")
    assert reasons(problems) == ["figs.csv:2: source is empty"]


def test_personnel_types_are_kept_and_checked() -> None:
    header = "as_of,operation,contributor,personnel,personnel_type,source\n"
    figures, problems = parse(
        f"2014-08-31,UNIFIL,GHA,860,troops,{SRC}\n2014-08-31,UNIFIL,GHA,870,total,{SRC}\n",
        header,
    )
    assert problems == [] and [f.personnel_type for f in figures] == ["troops", "total"]
    _, problems = parse(f"2014-08-31,UNIFIL,GHA,860,soldiers,{SRC}\n", header)
    assert "personnel_type 'soldiers'" in problems[0].reason


def test_rows_with_the_wrong_number_of_fields_are_errors() -> None:
    _, problems = parse(f"2023,KFOR,ALB,13\n2023,KFOR,ARM,57,{SRC},extra\n")
    assert reasons(problems) == [
        "figs.csv:2: expected 5 fields, found 4",
        "figs.csv:3: expected 5 fields, found 6",
    ]


def test_header_problems() -> None:
    _, problems = parse_figures_csv("", source_name="figs.csv")
    assert reasons(problems) == ["figs.csv:1: no header row"]
    _, problems = parse("2023,KFOR,ALB\n", "as_of,operation,contributor\n")
    assert reasons(problems) == ["figs.csv:1: missing column(s): personnel, source"]
    figures, problems = parse(f"2023,KFOR,ALB,13,{SRC},x\n", HEADER.strip() + ",note\n")
    assert len(figures) == 1 and problems[0].severity == "warning"


def test_repeated_rows() -> None:
    figures, problems = parse(f"2023,KFOR,ALB,13,{SRC}\n2023,KFOR,ALB,13,{SRC}\n")
    assert len(figures) == 1 and reasons(problems) == ["figs.csv:3: warning: repeats line 2"]
    figures, problems = parse(f"2023,KFOR,ALB,13,{SRC}\n2023,KFOR,ALB,31,{SRC}\n")
    assert figures == [] and reasons(problems) == ["figs.csv:3: contradicts line 2 (31 against 13)"]


def test_nothing_is_half_loaded_and_every_bad_row_is_reported() -> None:
    figures, problems = parse(
        f"2023,KFOR,ALB,13,{SRC}\n2023,KFOR,ARM,many,{SRC}\n\n2023-99,KFOR,AUT,271,{SRC}\n"
        f"2023,KFOR,BGR,142,{SRC}\n"
    )
    assert figures == []
    assert [p.line for p in problems] == [3, 5]  # the blank line 4 still counts
    assert all(p.severity == "error" and p.file == "figs.csv" for p in problems)


def test_files_are_read_from_paths(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("\ufeff" + HEADER + f"2023,KFOR,ALB,13,{SRC}\n", encoding="utf-8")
    assert len(parse_figures_csv(path, source_name="extra.csv")[0]) == 1
    assert len(parse_figures_csv(str(path), source_name="extra.csv")[0]) == 1


def test_shipped_files_parse_without_errors() -> None:
    names = [item.name for item in shipped_figure_files()]
    assert names == ["eufor_contributions.csv", "kfor_contributions.csv", "un_contributions.csv"]
    counts: dict[str, int] = {}
    for item in shipped_figure_files():
        figures, problems = parse_figures_csv(item, source_name=item.name)
        assert [p for p in problems if p.severity == "error"] == []
        counts[item.name] = len(figures)
    assert counts == {
        "eufor_contributions.csv": 5,
        "kfor_contributions.csv": 93,
        "un_contributions.csv": 7332,
    }
    figures = load_shipped_figures()
    assert len(figures) == 7430
    assert {f.personnel_type for f in figures} == {"total", "troops", "police", "experts"}
    kfor = [f for f in figures if f.operation == "KFOR" and f.as_of == "2017-02"]
    assert sum(f.personnel for f in kfor if f.contributor != "TOTAL") == 4273
