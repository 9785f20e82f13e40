"""The `muster` command: thin Typer sub-commands over the library."""

from __future__ import annotations

import typer

from muster.cli import analysis_cmds, data_cmds, db_cmds, ingest_cmds, ops_cmds, serve_cmds

app = typer.Typer(
    name="muster",
    help="Muster: a sourced, dated ledger of national contributions to multinational military "
    "operations, built from news and official releases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
ingest_cmds.register(app)
data_cmds.register(app)
analysis_cmds.register(app)
serve_cmds.register(app)
db_cmds.register(app)
app.add_typer(ops_cmds.ops_app, name="ops")


def main() -> None:
    app()
