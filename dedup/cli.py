"""The `dedup` command line: parse options, call the library, print.

Read commands (pairs, clusters, provenance, runs, stats, report) import nothing that loads a model or FAISS:
`dedup index` and `dedup search` import those inside the command."""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional, TextIO

import click
import typer

from dedup import api
from dedup.errors import DedupError
from dedup.judge import DEFAULT_VERIFIER, VERIFIERS, make_verifier
from dedup.output import report
from dedup.store import DEFAULT_STORE, LOCK_TIMEOUT_S, STORE_ENV

EXIT_OK, EXIT_ERROR, EXIT_PARTIAL = 0, 1, 3

app = typer.Typer(
    help="Find claims that news outlets repeat, copy or paraphrase.",
    add_completion=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

StoreOption = typer.Option(
    DEFAULT_STORE, "--store", envvar=STORE_ENV, help=f"Store folder (env {STORE_ENV}).", show_default=True
)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


# Every listing command takes the same two output options.
FormatOption = typer.Option(Format.table, "--format", help="table, csv or json (JSON Lines).")
OutputOption = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output (-: standard output).")


@app.callback()
def show_help_without_command(context: typer.Context) -> None:
    """Find claims that news outlets repeat, copy or paraphrase."""
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())


@app.command(epilog="Example: dedup index corpus/  (then: dedup clusters)")
def index(
    paths: list[Path] = typer.Argument(..., help="Files or folders: .txt/.md (+ manifest.csv), .jsonl, .csv."),
    store: Path = StoreOption,
    model: Optional[str] = typer.Option(
        None, "--model", help="sentence-transformers model name or path [default: all-MiniLM-L6-v2, or the store's]"
    ),
    wait: float = typer.Option(LOCK_TIMEOUT_S, "--wait", min=0.0, help="Seconds to wait for another indexer."),
    verifier: Optional[str] = typer.Option(
        None, "--verifier", help=f"How paraphrases are judged: {' or '.join(VERIFIERS)} "
                                 f"[default: {DEFAULT_VERIFIER}, or the store's]; see README, Quality."
    ),
    ray: Optional[str] = typer.Option(
        None, "--ray", envvar="DEDUP_RAY_ADDRESS",
        help="Embed and mine on a Ray cluster: 'auto' (the cluster this machine joined), ray://HOST:10001, "
             "or 'local' (start Ray here). Needs `pip install 'dedup[ray]'`.",
    ),
) -> None:
    """Index documents: add new and changed ones, drop deleted ones, match claims across documents.

    Exit code 0: all input indexed; 3: finished, but some input was skipped (listed on stderr);
    1: nothing could be done (the reason on stderr).
    """
    try:
        chosen = make_verifier(verifier) if verifier else None
    except ValueError as error:
        raise DedupError(f"--verifier: {error}") from None
    from dedup import pipeline  # the models and FAISS: only indexing (and search) load them

    summary = pipeline.index_paths(store, paths, model=model, progress=sys.stderr.isatty(), wait=wait, ray_address=ray,
                                   verifier=chosen)
    for problem in summary.problems:
        typer.echo(f"skipped {problem}", err=True)
    typer.echo(
        f"run {summary.run}\n"
        f"documents: {summary.added} added, {summary.updated} updated, {summary.removed} removed, "
        f"{summary.unchanged} unchanged, {summary.skipped} skipped\n"
        f"sentences: {summary.sentences} added ({summary.claims} claims, {summary.embedded} new wordings embedded)\n"
        f"matches:   {summary.new_pairs} new pairs, {len(summary.new_clusters)} new clusters, "
        f"{len(summary.grown_clusters)} grown; {summary.pairs} pairs in {summary.clusters} clusters  [store: {store}]"
    )
    if summary.matched_anew:
        typer.echo(f"judge:     not the one this store was matched with: all {summary.matched_anew} claims matched anew")
    if summary.verdicts:
        typer.echo(f"verified:  {sum(summary.verdicts.values())} candidates: "
                   + ", ".join(f"{count} {route}" for route, count in summary.verdicts.items()))
    for cluster, more in api.grown_clusters(store, summary.grown_clusters) if summary.grown_clusters else []:
        typer.echo(f"  cluster {cluster.cluster_id}: {more} more document{'s' * (more > 1)} repeated "
                   f"“{_shorten(cluster.representative.text)}”")
    raise typer.Exit(EXIT_PARTIAL if summary.problems else EXIT_OK)


@app.command("report", epilog="Example: dedup report --html report.html")
def report_html(  # the command is `dedup report`
    html: Path = typer.Option(..., "--html", help="Write the report to this HTML file (-: standard output)."),
    store: Path = StoreOption,
    min_docs: int = typer.Option(2, "--min-docs", min=2, help="Only clusters spanning at least N documents."),
) -> None:
    """Write a self-contained HTML report: the provenance graph and every cluster side by side."""
    from dedup.output import html_report

    found = api.report(store, min_docs)
    with _output(html) as out:
        out.write(html_report.render(list(found.clusters.values()), found.trees, found.outlets,
                                     title=f"dedup report: {store}"))
    if str(html) != "-":  # "-": the page went to standard output
        typer.echo(f"report with {len(found.clusters)} clusters written to {html}")


@app.command(epilog="Example: dedup runs --format json")
def runs(store: Path = StoreOption, format: Format = FormatOption, output: Optional[Path] = OutputOption) -> None:
    """List index runs with what each changed; a run with no end was interrupted."""
    found = api.runs(store)
    with _output(output) as out:
        report.write_runs(found, format.value, out)


@app.command(epilog="Example: dedup pairs --format csv --output pairs.csv")
def pairs(
    store: Path = StoreOption,
    format: Format = FormatOption,
    output: Optional[Path] = OutputOption,
    min_similarity: float = typer.Option(0.0, "--min-similarity", min=0.0, max=1.0, help="Only pairs with cosine >= X."),
    since: Optional[str] = typer.Option(
        None, "--since", help="Only pairs first found after run N, or at/after an ISO 8601 time."),
) -> None:
    """List matched claim pairs across documents."""
    found, directions = api.pairs(store, min_similarity, since)
    with _output(output) as out:
        report.write_pairs(found, format.value, out, directions)


@app.command(epilog="Example: dedup clusters --min-docs 3 --format json")
def clusters(
    store: Path = StoreOption,
    format: Format = FormatOption,
    output: Optional[Path] = OutputOption,
    min_docs: int = typer.Option(2, "--min-docs", min=2, help="Only clusters spanning at least N documents."),
) -> None:
    """Report claim clusters: statements carried by several documents."""
    found, trees = api.clusters(store, min_docs)
    with _output(output) as out:
        report.write_clusters(found, format.value, out, trees)


@app.command(epilog="Example: dedup provenance 82  (or: dedup provenance --format json)")
def provenance(
    cluster: Optional[int] = typer.Argument(None, help="One cluster id; all clusters when left out."),
    store: Path = StoreOption,
    format: Format = FormatOption,
    output: Optional[Path] = OutputOption,
) -> None:
    """Who carried each claim first, and which earlier document each later one took it from."""
    found = api.provenance(store, cluster)
    with _output(output) as out:
        report.write_provenance(found.trees, found.clusters, format.value, out,
                                found.outlets if cluster is None else None)


@app.command(epilog='Example: dedup search "our interaction stands on an equal footing" --top 5;  '
                     'many: dedup search --input tweets.jsonl --format csv --output checked.csv')
def search(
    text: Optional[str] = typer.Argument(None, help="A claim, or a paraphrase of it (or give --input)."),
    input: Optional[str] = typer.Option(
        None, "--input", "-i", help="Many queries: JSON Lines or CSV (id, text) or plain text, one a line; - for stdin."),
    store: Path = StoreOption,
    top: int = typer.Option(10, "--top", min=1, help="How many sentences to show for each query."),
    only_matches: bool = typer.Option(False, "--only-matches", help="Only the claims judged the same claim."),
    format: Format = FormatOption,
    output: Optional[Path] = OutputOption,
) -> None:
    """Find where a claim, or a paraphrase of it, appears: the closest stored claims, ranked by the judge."""
    if (text is None) == (input is None):
        raise DedupError("give a query TEXT or --input FILE (one of them)")
    if text is not None and not text.strip():
        raise DedupError("the query TEXT is empty")
    answers, problems = api.search_many(store, input, top, only_matches) if input is not None else (
        api.search_many(store, None, top, only_matches, text=text))
    with _output(output) as out:
        report.write_answers(answers, format.value, out)
    for problem in problems:
        typer.echo(f"skipped {problem}", err=True)
    if problems:
        raise typer.Exit(EXIT_PARTIAL)


@app.command(epilog="Example: dedup stats --store embeddings")
def stats(store: Path = StoreOption) -> None:
    """Show what the store holds."""
    for name, value in api.stats(store).items():
        typer.echo(f"{name + ':':<17}{value}")


def _shorten(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@contextlib.contextmanager
def _output(path: Optional[Path]) -> Iterator[TextIO]:
    """Standard output, or the file of `--output` (a file that cannot be written is a one-line error)."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8", newline="")
    except OSError as error:
        raise DedupError(f"{path}: cannot write ({error.strerror})") from error
    with handle:
        yield handle


def main() -> None:
    """Console entry point: user errors become one line on stderr and exit code 1."""
    try:
        code = app(standalone_mode=False)
    except click.ClickException as error:  # bad option or argument
        typer.echo(f"Error: {' '.join(error.format_message().split())}", err=True)
        code = EXIT_ERROR
    except DedupError as error:
        typer.echo(f"Error: {error}", err=True)
        code = EXIT_ERROR
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("Error: interrupted", err=True)
        code = EXIT_ERROR
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":
    main()
