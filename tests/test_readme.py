"""Docs that cannot drift: the README's commands exist and do what it says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from muster.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def test_first_screen_shows_demo_and_test() -> None:
    first_screen = "\n".join(README.splitlines()[:20])
    assert "make demo" in first_screen and "make test" in first_screen


def test_make_targets_shown_exist() -> None:
    for target in set(re.findall(r"\bmake (\w+)", README)):
        assert re.search(rf"^{target}:", MAKEFILE, re.M), f"Makefile has no target {target}"


def test_ci_runs_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_commands_in_the_table_exist() -> None:
    runner = CliRunner()
    for command in set(re.findall(r"`muster ([a-z]+(?: [a-z]+)?)", README)):
        words = [w for w in command.split() if not w.isupper()]
        result = runner.invoke(app, [*words[:2], "--help"])
        if result.exit_code != 0:
            result = runner.invoke(app, [words[0], "--help"])
        assert result.exit_code == 0, command


def test_extract_example_output_matches() -> None:
    shown = re.search(
        r"\$ \.venv/bin/muster extract (\S+)\n(\{.*?\"extractor\": \"[^\"]+\"\})", README
    )
    assert shown is not None
    path = ROOT / shown.group(1)
    muster = Path(sys.executable).parent / "muster"
    done = subprocess.run(
        [str(muster), "extract", str(path)], capture_output=True, text=True, check=True
    )
    expected = shown.group(2).split(', "evidence"')[0]
    assert done.stdout.startswith(expected)
