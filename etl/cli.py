"""Command-line interface (Typer). The only module that prints or exits.

Exit codes (also in README):
  0  every file loaded (or was unchanged)
  1  some files failed; the others were still loaded
  2  usage or setup error: bad option, missing argument, database that cannot be used
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from etl import PARSER_VERSION, __version__
from etl.findings import Finding

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="etl",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(
    help="Inspect and migrate the database schema.",
    epilog="Example: etl db upgrade --db meetings.db",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(db_app, name="db")
bench_app = typer.Typer(
    help="Print speed and accuracy figures (no assertions; machines are noisy).",
    epilog="Example: etl benchmark load seeds/ --copies 20",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(bench_app, name="benchmark")

DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="ETL_DB",
        help="SQLite database file (created if missing). Also set by $ETL_DB.",
        dir_okay=False,
    ),
]
DEFAULT_DB = Path("etl.db")


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _open_database(db: Path):
    """Engine on an up-to-date schema, or exit 2 with the reason and the fix."""
    from etl.db.engine import create_engine_for
    from etl.db.migrate import SchemaError, ensure_schema

    if not db.parent.exists():
        _err(f"error: {db}: folder {db.parent} does not exist; create it or pass another --db")
        raise typer.Exit(EXIT_USAGE)
    engine = create_engine_for(db)
    try:
        ensure_schema(engine)
    except SchemaError as exc:
        _err(f"error: {db}: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    return engine


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"etl {__version__} (parser version {PARSER_VERSION})")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Turn raw Chinese news reports of epidemic-control meetings into a SQLite database.

    \b
    Examples:
      etl load seeds/                 load every file below seeds/ into ./etl.db
      etl load a.txt b.txt --db x.db  load two files into x.db
      sqlite3 etl.db 'select * from meetings'
    """


@app.command(
    epilog="Example: etl load seeds/ --db meetings.db",
)
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).", show_default=False)],
    db: DbOption = DEFAULT_DB,
    encoding: Annotated[
        Optional[str],
        typer.Option(help="Decode every file with this codec (e.g. big5, gb18030) instead of detecting it."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary; errors still go to stderr.")] = False,
) -> None:
    """Load raw article files into the database.

    Brings the database to the current schema first. Files already loaded with the same
    content and parser version are skipped; a changed file replaces its own rows. A file
    that cannot be loaded gets a one-line error and a row in `problems`, and the run goes on.

    \b
    Exit codes: 0 all loaded or unchanged, 1 some files failed, 2 usage/setup error.
    """
    from etl.load_run import LoadReport, run_load

    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            _err(f"error: unknown encoding {encoding!r}; use a Python codec name such as big5, gb18030, utf-16")
            raise typer.Exit(EXIT_USAGE) from None

    engine = _open_database(db)
    show_progress = not quiet and sys.stderr.isatty()
    report: LoadReport
    if show_progress:
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task("loading", total=None)
            report = run_load(
                engine,
                paths,
                encoding=encoding,
                command=" ".join(["etl", *sys.argv[1:]]),
                on_file=lambda outcome: (progress.advance(task), _print_failure(outcome)),
            )
    else:
        report = run_load(
            engine,
            paths,
            encoding=encoding,
            command=" ".join(["etl", *sys.argv[1:]]),
            on_file=_print_failure,
        )
    if not quiet:
        _print_summary(report, db)
    raise typer.Exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)


def _print_failure(outcome) -> None:
    if outcome.status == "failed":
        _err(f"error: {outcome.path}: {outcome.reason}")


def _print_summary(report, db: Path) -> None:
    typer.echo(
        f"files: {report.seen} seen, {report.loaded} loaded, "
        f"{report.unchanged} unchanged, {report.failed} failed"
    )
    added = ", ".join(f"{t} {n}" for t, n in report.rows_added.items() if n) or "none"
    typer.echo(f"rows added: {added}")
    typer.echo(f"database: {db}")


@db_app.command("upgrade", epilog="Example: etl db upgrade --db meetings.db")
def db_upgrade(db: DbOption = DEFAULT_DB) -> None:
    """Create the database or bring it to the newest schema revision."""
    from etl.db.migrate import current_revision

    engine = _open_database(db)
    typer.echo(f"{db}: at revision {current_revision(engine)} (head)")


@db_app.command("current", epilog="Example: etl db current --db meetings.db")
def db_current(db: DbOption = DEFAULT_DB) -> None:
    """Show the database's schema revision and whether it is the newest."""
    from etl.db.engine import create_engine_for
    from etl.db.migrate import current_revision, head_revision

    if not db.exists():
        _err(f"error: {db} does not exist; run `etl load PATH` or `etl db upgrade` to create it")
        raise typer.Exit(EXIT_USAGE)
    rev, head = current_revision(create_engine_for(db)), head_revision()
    if rev is None:
        typer.echo(f"{db}: no etl schema (run `etl db upgrade`)")
    elif rev == head:
        typer.echo(f"{db}: {rev} (head)")
    else:
        typer.echo(f"{db}: {rev} (head is {head}; run `etl db upgrade`)")


@bench_app.command("load", epilog="Example: etl benchmark load seeds/ --copies 20")
def bench_load(
    folder: Annotated[Path, typer.Argument(help="Folder of articles to replicate.", show_default=False)],
    copies: Annotated[int, typer.Option(min=1, help="Variants made of each file.")] = 10,
) -> None:
    """Load COPIES variants of every file in FOLDER into a scratch database; print MB/s."""
    from etl.benchmark import run_load_benchmark

    if not folder.is_dir():
        _err(f"error: {folder} is not a folder; pass a folder of articles such as seeds/")
        raise typer.Exit(EXIT_USAGE)
    r = run_load_benchmark(folder, copies)
    typer.echo(
        f"files: {r.files} ({r.loaded} loaded, {r.failed} failed), {r.megabytes:.2f} MB in {r.seconds:.2f} s\n"
        f"throughput: {r.mb_per_second:.3f} MB/s, {r.files_per_second:.1f} files/s\n"
        f"peak memory: {r.peak_rss_mb:.0f} MB RSS"
    )


@bench_app.command("repair", epilog="Example: etl benchmark repair --seed 1 --samples 1000")
def bench_repair(
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same figures).")] = 0,
    samples: Annotated[int, typer.Option(min=2, help="Damaged samples to make.")] = 300,
) -> None:
    """Corruption benchmark: drop one GBK byte at random places in clean Simplified and
    Traditional text, decode as browsers do, repair, and print how much was restored."""
    from etl.repair.benchmark import format_result, run_benchmark

    typer.echo(format_result(run_benchmark(seed, samples)))


def _finding_line(path: str, finding: Finding) -> str:
    return f"{path}: {finding.kind}: {finding.message}"


def main() -> None:
    app(prog_name="etl")


if __name__ == "__main__":
    main()
