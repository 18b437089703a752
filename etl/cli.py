"""Command-line interface (Typer). The only module that prints or exits.

Exit codes (also in README):
  0  every file loaded (or was unchanged)
  1  some files failed; the others were still loaded
  2  usage or setup error: bad option, missing argument, database that cannot be used
A lock on the database held by another connection past the busy timeout ($ETL_BUSY_TIMEOUT)
is one line: per file left for the next run (exit 1), or for the whole command (exit 1).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from etl import PARSER_VERSION, __version__

if TYPE_CHECKING:
    from etl.benchmark.progress import PerDocument

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="etl",
    no_args_is_help=True,
    add_completion=True,
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
    epilog="Example: etl benchmark load --docs 1000",
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
    ),
]
DEFAULT_DB = Path("etl.db")


def _err(message: str) -> None:
    typer.echo(message, err=True)


def shown(path: object) -> str:
    """A path as printed: characters that would break the line or the terminal (newline,
    tab, other controls, undecodable bytes of a file name) escaped as Python writes them
    (\\n, \\t, \\x1b; an undecodable byte as \\xff, as etl stores such a name), so
    that every message stays one line."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escaped(c) for c in text)


def _escaped(char: str) -> str:
    if "\udc80" <= char <= "\udcff":  # a byte os.fsdecode could not decode
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def _usage_error(db: Path, reason: str) -> typer.Exit:
    _err(f"error: {shown(db)}: {reason}")
    return typer.Exit(EXIT_USAGE)


def _check_db_path(db: Path, *, write: bool) -> None:
    """Exit 2, naming the fix, when `db` cannot be the database file (before SQLite is
    asked, so nothing is created or changed). `write`: the command writes to it."""
    import os

    folder = db.parent
    if db.is_dir():
        raise _usage_error(db, f"is a folder, not a database file; pass a file, e.g. --db {shown(db / 'etl.db')}")
    if not folder.is_dir():
        raise _usage_error(db, f"folder {shown(folder)} does not exist; create it or pass another --db")
    if not write:
        return
    if not db.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise _usage_error(db, f"cannot be created: folder {shown(folder)} is not writable (permission denied); "
                               "check its permissions or pass another --db")
    if db.exists() and not os.access(db, os.W_OK):
        raise _usage_error(db, "is read-only (permission denied); check its permissions (chmod u+w) "
                               "or pass another --db (the file is left as it is)")
    if db.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise _usage_error(db, f"its folder {shown(folder)} is not writable, and SQLite writes its journal "
                               "beside the database; check the folder's permissions or pass another --db")


def _open_database(db: Path, *, write: bool = True):
    """Engine on an up-to-date schema, or exit 2 with the reason and the fix."""
    from sqlalchemy.exc import DBAPIError

    from etl.db.engine import create_engine_for
    from etl.db.migrate import SchemaError, ensure_schema

    _check_db_path(db, write=write)
    engine = create_engine_for(db)
    try:
        ensure_schema(engine)
    except SchemaError as exc:
        raise _usage_error(db, str(exc)) from None
    except DBAPIError as exc:  # e.g. a read-only file system, or an older schema in a read-only file
        engine.dispose()
        raise _usage_error(db, f"cannot be used ({exc.orig}); check the permissions of the file and its folder, "
                               "or pass another --db") from None
    return engine


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"etl {__version__} (parser version {PARSER_VERSION})")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", "-V", callback=_version_callback, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Turn raw Chinese news reports of epidemic-control meetings into a SQLite database.

    \b
    Examples:
      etl load seeds/                 load every file below seeds/ into ./etl.db
      etl load a.txt b.txt --db x.db  load two files into x.db
      sqlite3 etl.db 'select * from meetings'
    """
    from etl.db.settings import BadSetting, busy_timeout

    try:
        busy_timeout()
    except BadSetting as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None


@app.command(
    epilog="Example: etl load seeds/ --db meetings.db",
)
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).", show_default=False,
                                                readable=False)],
    db: DbOption = DEFAULT_DB,
    encoding: Annotated[
        Optional[str],
        typer.Option(help="Decode every file with this codec (e.g. big5, gb18030) instead of detecting it."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary; errors still go to stderr.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object on stdout (counts, "
                                                          "rows added, failures, skipped files, run id).")] = False,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, show_default="the number of CPUs",
                     help="Worker processes that read and parse files; the main process alone writes, "
                          "in input order, so the database is the same for any N. 1: no workers."),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option("--max-bytes", min=0, metavar="N",
                     help="Refuse files larger than N bytes, from their size, before reading them (one "
                          "error line and a problems row each; the run goes on). 0: no limit. Articles "
                          "of the genre are 2-20 KB."),
    ] = 2_000_000,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0, metavar="SECONDS",
                     help="Give up a file that takes longer than this to read, normalise and parse "
                          "(one error line and a problems row of kind timeout; the run goes on). "
                          "0: no limit."),
    ] = 60.0,
) -> None:
    """Load raw article files into the database.

    Brings the database to the current schema first. Files already loaded with the same
    content and parser version are skipped (a file whose path, size and modification time
    match is not even read); a changed file replaces its own rows. A file that cannot be
    loaded gets a one-line error and a row in `problems`, and the run goes on.

    \b
    Exit codes: 0 all loaded or unchanged, 1 some files failed, 2 usage/setup error.
    """
    import os

    from etl.load_report import LoadReport

    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            _err(f"error: unknown encoding {encoding!r}; use a Python codec name such as big5, gb18030, utf-16")
            raise typer.Exit(EXIT_USAGE) from None

    missing = [p for p in paths if _missing(p)]
    if missing:  # a mistyped path: nothing is loaded and no database is created
        _err(f"error: {shown(missing[0])}: no such file or folder; check the path (nothing was loaded)")
        raise typer.Exit(EXIT_USAGE)

    from etl.discover import SkippedFile, discover
    from etl.unchanged import unchanged_reload

    skipped: list[SkippedFile] = []
    files = list(discover(paths, database=db, skipped=skipped))  # first, so that the progress bar has a total
    quick = unchanged_reload(db, paths, max_bytes=max_bytes, files=files)
    if quick is not None:  # every file is loaded as it is: nothing to open, parse or record
        _report(quick, db, skipped, quiet=quiet, as_json=as_json)
        raise typer.Exit(EXIT_OK)

    from etl.db.engine import DatabaseLocked
    from etl.load_run import run_load

    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    show_progress = not quiet and sys.stderr.isatty()
    command = " ".join(["etl", *sys.argv[1:]])
    report: LoadReport
    try:
        engine = _open_database(db)
        if show_progress:
            with _progress() as progress:
                task = progress.add_task("loading", total=len(files), current=shown(files[0].path) if files else "")
                report = run_load(engine, paths, encoding=encoding, command=command, jobs=workers,
                                  max_bytes=max_bytes, timeout=timeout, files=files,
                                  on_file=lambda outcome: _advance(progress, task, outcome, files))
        else:
            report = run_load(engine, paths, encoding=encoding, command=command, on_file=_print_failure,
                              jobs=workers, max_bytes=max_bytes, timeout=timeout, files=files)
    except DatabaseLocked as exc:  # before any file was stored, or while reading what is stored
        _err(f"error: {shown(db)}: {exc}")
        raise typer.Exit(EXIT_SOME_FAILED) from None
    if report.unrecorded is not None:
        _err(f"warning: {shown(db)}: {report.unrecorded} (the files above were stored; "
             "the next run marks this one interrupted)")
    _report(report, db, skipped, quiet=quiet, as_json=as_json)
    raise typer.Exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)


def _missing(path: Path) -> bool:
    """Whether nothing is at `path` (a path that cannot be looked up is not missing: it is
    reported as unreadable by the load)."""
    import os

    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def _progress() -> Any:
    """The load's progress bar on stderr: done/total, time, the file being loaded; removed
    at the end (transient), with the error lines printed above it kept."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=Console(stderr=True), transient=True,
    )


def _advance(progress: Any, task: Any, outcome: Any, files: list[Any]) -> None:
    """One more file done. Outcomes come in input order, so the file now awaited is the
    next one discovered."""
    done = next(int(t.completed) for t in progress.tasks if t.id == task) + 1
    current = shown(files[done].path) if done < len(files) else ""
    progress.update(task, advance=1, current=current)
    if outcome.status == "failed":  # above the bar, not into it
        progress.console.print(_failure_line(outcome), markup=False, highlight=False, soft_wrap=True)


def _failure_line(outcome: Any) -> str:
    return f"error: {shown(outcome.path)}: {shown(outcome.reason)}"


def _print_failure(outcome) -> None:
    if outcome.status == "failed":
        _err(_failure_line(outcome))


def _report(report: Any, db: Path, skipped: list[Any], *, quiet: bool, as_json: bool) -> None:
    if as_json:
        import json

        typer.echo(json.dumps(_summary_json(report, db, skipped), ensure_ascii=False))
    elif not quiet:
        _print_summary(report, db, skipped)


def _summary_json(report: Any, db: Path, skipped: list[Any]) -> dict[str, Any]:
    return {
        "database": str(db),
        "run_id": report.run_id,
        "files": {"seen": report.seen, "loaded": report.loaded, "unchanged": report.unchanged,
                  "failed": report.failed, "skipped": len(skipped)},
        "rows_added": {t: n for t, n in report.rows_added.items() if n},
        "failures": [{"path": o.path, "kind": o.kind, "reason": o.reason}
                     for o in report.outcomes if o.status == "failed"],
        "skipped": [{"path": str(s.path), "reason": s.reason} for s in skipped],
        "interrupted_runs": list(report.interrupted_runs),
        "unrecorded": report.unrecorded,
    }


def _print_summary(report, db: Path, skipped: list[Any] | tuple[()] = ()) -> None:
    typer.echo(
        f"files: {report.seen} seen, {report.loaded} loaded, "
        f"{report.unchanged} unchanged, {report.failed} failed"
    )
    if skipped:
        names = ", ".join(shown(s.path) for s in skipped[:3]) + (", ..." if len(skipped) > 3 else "")
        typer.echo(f"skipped: {len(skipped)} database file(s), not articles: {names}")
    added = ", ".join(f"{t} {n}" for t, n in report.rows_added.items() if n) or "none"
    typer.echo(f"rows added: {added}")
    if report.interrupted_runs:
        runs = ", ".join(str(r) for r in report.interrupted_runs)
        typer.echo(f"earlier runs whose process had died, marked interrupted: {runs}")
    typer.echo(f"database: {shown(db)}")


@db_app.command("upgrade", epilog="Example: etl db upgrade --db meetings.db")
def db_upgrade(db: DbOption = DEFAULT_DB) -> None:
    """Create the database or bring it to the newest schema revision."""
    from etl.db.engine import DatabaseLocked
    from etl.db.migrate import current_revision

    try:
        engine = _open_database(db)
    except DatabaseLocked as exc:
        _err(f"error: {shown(db)}: {exc}")
        raise typer.Exit(EXIT_SOME_FAILED) from None
    typer.echo(f"{shown(db)}: at revision {current_revision(engine)} (head)")


@db_app.command("current", epilog="Example: etl db current --db meetings.db")
def db_current(db: DbOption = DEFAULT_DB) -> None:
    """Show the database's schema revision and whether it is the newest."""
    from etl.db.engine import create_engine_for
    from etl.db.migrate import SchemaError, head_revision, usable_revision

    if not db.exists() and not db.is_symlink():
        raise _usage_error(db, "does not exist; run `etl load PATH` or `etl db upgrade` to create it")
    _check_db_path(db, write=False)
    engine = create_engine_for(db)
    try:
        rev, head = usable_revision(engine), head_revision()
    except SchemaError as exc:
        raise _usage_error(db, str(exc)) from None
    finally:
        engine.dispose()
    if rev is None:
        typer.echo(f"{shown(db)}: no etl schema yet (run `etl db upgrade` to create it)")
    elif rev == head:
        typer.echo(f"{shown(db)}: {rev} (head)")
    else:
        typer.echo(f"{shown(db)}: {rev} (head is {head}; run `etl db upgrade`)")


@app.command(epilog="Example: etl export --format jsonl -o meetings.jsonl")
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl (one gold-shaped object per document) or csv (one file per table and per view).")] = "jsonl",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="jsonl: file (default stdout); csv: folder (required).")
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export the database: JSON Lines in the gold annotation shape, or CSV per table."""
    from etl.export import export_csv, export_documents, write_jsonl

    if format not in ("jsonl", "csv"):
        _err(f"error: unknown --format {format!r}; use jsonl or csv")
        raise typer.Exit(EXIT_USAGE)
    if not db.exists():
        raise _usage_error(db, f"does not exist; run `etl load PATH --db {shown(db)}` first")
    engine = _open_database(db, write=False)
    if format == "csv":
        if output is None:
            _err("error: --format csv writes one file per table; pass -o FOLDER")
            raise typer.Exit(EXIT_USAGE)
        output.mkdir(parents=True, exist_ok=True)
        for path in export_csv(engine, output):
            typer.echo(shown(path))
        return
    if output is None:
        write_jsonl(export_documents(engine), sys.stdout)
    else:
        with output.open("w", encoding="utf-8") as fp:
            n = write_jsonl(export_documents(engine), fp)
        _err(f"{n} documents written to {shown(output)}")


@app.command("eval", epilog="Example: etl eval ../shared/devset/gold --sources .devset/texts --by-field")
def eval_(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold JSON annotations.", show_default=False)],
    sources: Annotated[
        Optional[Path], typer.Option(help="Folder holding the articles the gold files name (default: seeds/ beside GOLD_DIR, else one level up).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    minimum: Annotated[Optional[float], typer.Option("--min", help="Exit 1 when any field scores below this (0..1).")] = None,
    by_field: Annotated[bool, typer.Option("--by-field", help="List the misses grouped by field, not by article.")] = False,
) -> None:
    """Score extraction against hand-made gold annotations: per-field P/R/F1 or accuracy,
    then every miss. The articles are loaded into a temporary database."""
    import json

    from etl.evaluate import F1Metric, below
    from etl.evaluation_run import default_sources, evaluate

    if not gold_dir.is_dir():
        _err(f"error: {gold_dir} is not a folder of gold JSON files")
        raise typer.Exit(EXIT_USAGE)
    src = sources or default_sources(gold_dir)
    if not src.is_dir():
        _err(f"error: articles folder {src} not found; pass --sources DIR")
        raise typer.Exit(EXIT_USAGE)
    result = evaluate(gold_dir, src)
    report = result.report
    failing = below(report, minimum) if minimum is not None else []
    if as_json:
        typer.echo(json.dumps(report.to_dict() | {"below_min": failing}, ensure_ascii=False, indent=1))
    else:
        typer.echo(f"{report.documents} documents scored")
        typer.echo(f"{'field':<22}{'score':>7}  detail")
        for name, metric in report.metrics.items():
            value = metric.value
            shown = "   n/a" if value is None else f"{value:7.3f}"
            if isinstance(metric, F1Metric):
                p, r = metric.precision, metric.recall
                detail = f"P {p:.3f} R {r:.3f} (tp {metric.tp} fp {metric.fp} fn {metric.fn})" if p is not None and r is not None else ""
            else:
                detail = f"{metric.correct}/{metric.total} correct"
            typer.echo(f"{name:<22}{shown}  {detail}")
        typer.echo(report.summary())
        if report.misses and by_field:
            for name, misses in report.misses_by_field().items():
                typer.echo(f"\n{name}: {len(misses)} misses (source, meeting, expected, got)")
                for miss in misses:
                    typer.echo(f"  {miss.source}\t{miss.meeting or ''}\t{miss.expected!r}\t{miss.got!r}")
        elif report.misses:
            typer.echo("\nmisses (source, field, expected, got):")
            for miss in report.misses:
                typer.echo(f"  {miss.source}\t{miss.field}\t{miss.expected!r}\t{miss.got!r}")
        for name in result.missing_sources:
            typer.echo(f"missing article: {name}")
    if failing:
        _err(f"below --min {minimum}: {', '.join(failing)}")
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command(epilog="Example: etl search 核酸 --in directives --limit 5")
def search(
    query: Annotated[str, typer.Argument(help="Words to find, separated by spaces (all must occur): 核酸, 隔离 封控.",
                                         show_default=False)],
    where: Annotated[str, typer.Option("--in", help="directives, meetings (names) or documents (bodies).")] = "directives",
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most N hits.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object: the query, the number of rows matching and the hits.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Full-text search: the rows holding every word of QUERY (a Chinese word is found
    wherever it occurs, as LIKE '%word%' would), best first, with meeting, date, place
    and a snippet with the words marked [like this]."""
    import json

    from etl.search import WHERE, EmptyQuery
    from etl.search import search as run_search

    if where not in WHERE:
        _err(f"error: unknown --in {where!r}; use {', '.join(WHERE)}")
        raise typer.Exit(EXIT_USAGE)
    if not db.exists():
        raise _usage_error(db, f"does not exist; run `etl load PATH --db {shown(db)}` first")
    engine = _open_database(db, write=False)
    try:
        result = run_search(engine, query, where, limit)  # type: ignore[arg-type]
    except EmptyQuery:
        _err(f"error: {query!r} has no word to search for; give a Chinese word such as 核酸, or a Latin word")
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    for hit in result.hits:
        meeting = " ".join(x for x in (hit.date, hit.place, hit.meeting) if x) or "(no meeting)"
        typer.echo(f"{hit.table[:-1]} {hit.id}  {meeting}  ({shown(hit.path)})")
        typer.echo(f"    {hit.snippet}")
    shown_n = f", showing {len(result.hits)}" if len(result.hits) < result.total else ""
    typer.echo(f"{result.total} {where} match {query}{shown_n}")


@app.command(epilog="Example: etl doctor seeds/ --json")
def doctor(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to examine.", show_default=False,
                                                readable=False)],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file.")] = False,
    encoding: Annotated[Optional[str], typer.Option(help="Decode with this codec instead of detecting it.")] = None,
) -> None:
    """Find byte-level mojibake and show each repair (before → after) without touching
    any database. Exit 1 when a file could not be read."""
    import json

    from etl.discover import discover
    from etl.read import ReadError, read_file
    from etl.repair.doctor import diagnose

    failed = 0
    for item in discover(paths):
        where = shown(item.path)
        if not item.exists or item.error is not None:
            _err(f"error: {where}: {shown(item.error[1]) if item.error else 'no such file or folder; check the path'}")
            failed += 1
            continue
        try:
            raw = read_file(item.path, encoding=encoding)
        except ReadError as exc:
            _err(f"error: {where}: {shown(exc.reason)}" + (f"; {exc.fix}" if exc.fix else ""))
            failed += 1
            continue
        report = diagnose(raw.text)
        if as_json:
            typer.echo(json.dumps({"path": str(item.path)} | report.to_dict(), ensure_ascii=False))
            continue
        for it in report.items:
            f = it.finding
            after = f.repaired if f.repaired is not None else "(flagged, left as is)"
            typer.echo(f"{where}:{it.line}:{it.column}: {f.kind}: {it.before}[{f.original}]{it.after} → {after}")
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(report.counts.items())) or "no damage found"
        typer.echo(f"{where}: {report.repaired} repaired, {report.flagged} flagged ({kinds})")
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@bench_app.command(
    "load", epilog="Example: etl benchmark load --docs 1000 --baseline-docs 200 --keep /tmp/bench"
)
def bench_load(
    docs: Annotated[int, typer.Option(min=1, help="Articles to generate.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed of the corpus (same seed and --docs, same files).")] = 0,
    jobs: Annotated[
        Optional[int], typer.Option(min=1, help="Passed on as `etl load --jobs N` (only when given).")
    ] = None,
    keep: Annotated[
        Optional[Path], typer.Option(file_okay=False, help="Keep the corpus and databases in this new or empty folder.")
    ] = None,
    baseline: Annotated[bool, typer.Option(help="Also run the naive single-process baseline.")] = True,
    baseline_docs: Annotated[
        Optional[int], typer.Option(min=1, help="Files the baseline loads: the first K (default: at most 1000; it is slow).")
    ] = None,
    source: Annotated[
        Optional[Path], typer.Option(file_okay=False, help="Articles to vary (default: the repository's seeds/).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
) -> None:
    """Generate DOCS articles varied from the seeds (seeded, repeatable), then measure
    `etl load` on them as a subprocess: a fresh load (default packages, and the [fast]
    extra when installed), an unchanged reload, and a naive baseline (decode, OpenCC,
    jieba.posseg, SQLite in one process). Prints wall seconds, MB/s, files/s, ms per
    document, CPU seconds and CPU share of the whole process tree, and the peak RSS of every
    process in it (sampled from /proc: Linux only), then fresh-load MB/s ÷ baseline MB/s."""
    import json

    from etl.benchmark.load import run_load_benchmark

    if source is not None and not source.is_dir():
        _err(f"error: {source} is not a folder; pass a folder of articles such as seeds/")
        raise typer.Exit(EXIT_USAGE)
    try:
        r = run_load_benchmark(
            docs, seed, jobs=jobs, keep=keep, baseline=baseline, baseline_docs=baseline_docs,
            source=source, progress=None if as_json else lambda note: _err(f"... {note}"),
        )
    except ValueError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except RuntimeError as exc:  # a measured command failed; its stderr is in the message
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        typer.echo(json.dumps(r.to_dict(), ensure_ascii=False, indent=2))
        return
    counts = ", ".join(f"{k} {n}" for k, n in r.corpus_counts.items())
    typer.echo(f"corpus: {r.docs} articles, {r.megabytes:.2f} MB, seed {r.seed}, made in {r.generate_seconds:.1f} s ({counts})")
    typer.echo(f"jobs: {r.jobs if r.jobs is not None else 'etl load default'}")
    for run in (*r.fresh, r.reload, *([r.baseline] if r.baseline else [])):
        rows = f", {run.documents} documents in db" if run.documents is not None else ""
        rows += f", {run.failed} files not loaded" if run.failed else ""
        typer.echo(f"{run.label}: {run.files} files, {run.megabytes:.2f} MB (exit {run.exit_code}{rows})")
        typer.echo(
            f"  wall {run.seconds:.2f} s, {run.mb_per_second:.3f} MB/s, {run.files_per_second:.1f} files/s, "
            f"{run.ms_per_document:.1f} ms/document"
        )
        typer.echo(
            f"  CPU {run.cpu_seconds:.2f} s ({run.cpu_ms_per_document:.1f} ms/document), "
            f"{run.cpu_share:.0%} of wall × {run.cores} cores"
        )
        if run.per_document is not None:
            for line in _per_document_lines(run.per_document):
                typer.echo(f"  {line}")
        elif run in r.fresh:
            typer.echo("  time per document: too few commits seen to compare the first and last tenth")
        if run is r.baseline and r.baseline_note:
            typer.echo(f"  baseline does: {r.baseline_note}")
        for peak in run.peaks:
            typer.echo(f"  peak RSS {peak.peak_rss_mb:.0f} MB  {peak.role} pid {peak.pid}: {peak.command}")
    for run in r.fresh:
        ratio = r.ratio(run)
        if ratio is not None:
            typer.echo(f"ratio {run.label} ÷ naive baseline: {ratio:.2f}× MB/s")
        cpu_ratio = r.cpu_ratio(run)
        if cpu_ratio is not None:
            typer.echo(f"ratio {run.label} ÷ naive baseline by CPU: {cpu_ratio:.2f}× MB per CPU second")
    for note in r.notes:
        typer.echo(f"note: {note}")
    if r.kept:
        typer.echo(f"kept: {r.kept}")


def _per_document_lines(pd: PerDocument) -> list[str]:
    f, z = pd.first, pd.last
    lines = [
        f"time per document (wall, commit to commit): first {f.documents:,} {f.ms_per_document:.1f} ms, "
        f"last {z.documents:,} {z.ms_per_document:.1f} ms ({pd.change:+.0%}); documents "
        f"{f.start_documents + 1:,}–{f.end_documents:,} and {z.start_documents + 1:,}–{z.end_documents:,}"
    ]
    if f.cpu_ms_per_document is not None and z.cpu_ms_per_document is not None and pd.cpu_change is not None:
        lines.append(
            f"CPU per document (all processes, same spans): first {f.cpu_ms_per_document:.1f} ms, "
            f"last {z.cpu_ms_per_document:.1f} ms ({pd.cpu_change:+.0%})"
        )
    return lines


@bench_app.command("sizes", epilog="Example: etl benchmark sizes --shape names --sizes 10K,100K,1M --json")
def bench_sizes(
    shape: Annotated[str, typer.Option(help="Document shape: article, one-line, directives, names or mojibake.")] = "article",
    sizes: Annotated[
        str, typer.Option(metavar="LIST", help="Document sizes in bytes, comma-separated; K and M suffixes are 1,000 and 1,000,000.")
    ] = "10K,100K,1M,10M",
    seed: Annotated[int, typer.Option(help="Random seed of the documents (same seed, same bytes).")] = 0,
    repeat_to: Annotated[
        str, typer.Option(metavar="SIZE", help="Process other documents of a smaller size until this many bytes are done (0: one each).")
    ] = "1M",
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
) -> None:
    """Time per MB by document size: make a document of each size (no --max-bytes limit,
    no --timeout) and time what a worker of `etl load` does with it (read, normalise, parse,
    build rows), each size in its own forked process after the dictionaries are loaded.
    Sizes under 1 MB are repeated on other documents of the shape up to 1 MB. Prints
    CPU and wall seconds per MB and the peak RSS of that process; a flat time per MB shows
    that the stages are linear in the size of a document."""
    import json

    from etl.benchmark.sizes import SHAPES, run_sizes

    if shape not in SHAPES:
        _err(f"error: unknown shape {shape!r}; pass --shape with one of {', '.join(SHAPES)}")
        raise typer.Exit(EXIT_USAGE)
    try:
        wanted = [_size(part) for part in sizes.split(",") if part.strip()]
    except ValueError:
        _err(f"error: --sizes {sizes!r} is not a list of sizes; pass e.g. --sizes 10K,100K,1M")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        min_bytes = 0 if repeat_to.strip() == "0" else _size(repeat_to)
    except ValueError:
        _err(f"error: --repeat-to {repeat_to!r} is not a size; pass e.g. --repeat-to 1M (or 0)")
        raise typer.Exit(EXIT_USAGE) from None
    if not wanted:
        _err("error: --sizes is empty; pass e.g. --sizes 10K,100K,1M")
        raise typer.Exit(EXIT_USAGE)
    results = run_sizes(shape, wanted, seed, min_bytes, progress=None if as_json else lambda note: _err(f"... {note}"))
    if as_json:
        typer.echo(json.dumps({"shape": shape, "seed": seed, "repeat_to": min_bytes,
                               "sizes": [r.to_dict() for r in results]}, indent=2))
        return
    typer.echo(f"shape {shape}, seed {seed}: what a worker does per file (read, normalise, parse, rows)")
    typer.echo(f"{'size':>12} {'docs':>5} {'MB':>7} {'CPU s':>8} {'CPU s/MB':>9} {'wall s/MB':>10} {'peak RSS':>9}  outcome")
    for r in results:
        typer.echo(f"{r.size_bytes:>12,} {r.documents:>5} {r.megabytes:>7.2f} {r.cpu_seconds:>8.2f} "
                   f"{r.cpu_seconds_per_mb:>9.2f} {r.wall_seconds_per_mb:>10.2f} {r.peak_rss_mb:>6.0f} MB  {r.outcome}")
    per_mb = [r.cpu_seconds_per_mb for r in results if r.megabytes]
    if len(per_mb) > 1 and min(per_mb) > 0:
        typer.echo(f"CPU per MB, highest ÷ lowest: {max(per_mb) / min(per_mb):.2f}× (1.00× is perfectly flat)")


def _size(text: str) -> int:
    """'10K' → 10,000; '2M' → 2,000,000; '500' → 500 (ValueError when not a positive size)."""
    text = text.strip().upper()
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    value = int(float(text[:-1] if scale > 1 else text) * scale)
    if value <= 0:
        raise ValueError(text)
    return value


@bench_app.command("repair", epilog="Example: etl benchmark repair --seed 1 --samples 1000")
def bench_repair(
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same figures).")] = 0,
    samples: Annotated[int, typer.Option(min=2, help="Damaged samples to make.")] = 300,
) -> None:
    """Corruption benchmark: drop one GBK byte at random places in clean Simplified and
    Traditional text, decode as browsers do, repair, and print how much was restored."""
    from etl.repair.benchmark import format_result, run_benchmark

    typer.echo(format_result(run_benchmark(seed, samples)))


def main() -> None:
    app(prog_name="etl")


if __name__ == "__main__":
    main()
