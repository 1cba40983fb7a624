"""The `nps-workbook` command: a thin skin over the package's Python API.

Every command turns a user's mistake (an `NpsWorkbookError`) into one line on stderr and exit
code 1; a traceback means a bug in the kit. Modules a command alone needs are imported in that
command, so `validate` and `score` start about as fast as pandas does (issue #15).
"""

from __future__ import annotations

import json
import math
import sys
from functools import wraps
from pathlib import Path

import click

from . import score as scoring
from .config import CLIENT_FILE, is_client_config, load_client, read_yaml, survey_format
from .errors import ConfigError, NpsWorkbookError, ScaleError
from .load import LoadResult, load_responses

EXIT_USER_ERROR = 1

# A survey export, a client folder or its client.yml.
SURVEY = click.Path(path_type=Path)
CONFIG = click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="YAML file naming the columns (columns: {score: ..., date: ...}) and reading options, "
    "or a client.yml (its responses: part).",
)


def user_errors(command):
    """Report user mistakes as one line and a non-zero exit code instead of a traceback."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except NpsWorkbookError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USER_ERROR)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="nps-workbook")
def main() -> None:
    """NPS Workbook: survey exports in, Net Promoter statistics and client workbooks out."""


def read_survey(
    target: Path, config: Path | None, scale: str | None = None
) -> tuple[LoadResult, list[str]]:
    """Load `target`, a survey export, a client folder or its client.yml, and say how.

    A client is read as its notebooks read it: files.responses with client.yml's
    ``responses:`` part. `scale` overrides the config's. Returns the result and lines telling
    what was read and with what.
    """
    if target.is_dir() or target.name == CLIENT_FILE:
        if config is not None:
            raise ConfigError(
                f"{target}: a client is read with its own {CLIENT_FILE}; leave out --config "
                f"(or pass the export file with --config {config})"
            )
        client = load_client(target if target.is_dir() else target.parent)
        responses = client.path("responses")
        lines = [
            f"Client {client.name} ({client.folder.name}/{CLIENT_FILE}): {responses.name} "
            "read with the responses: part of client.yml"
        ]
        return load_responses(responses, _with_scale(client.config.responses, scale)), lines
    lines = []
    if config is not None and is_client_config(read_yaml(config)):
        lines = [f"{config} is a client.yml: the file is read with its responses: part"]
    return load_responses(target, _with_scale(survey_format(config), scale)), lines


def _with_scale(fmt, scale: str | None):
    return fmt if scale is None else fmt.model_copy(update={"scale": scale})


@main.command()
@click.argument("file", metavar="SURVEY", type=SURVEY)
@CONFIG
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts.",
)
@click.option(
    "--rejects",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the rejected rows, with row number and reason, to this CSV file.",
)
@user_errors
def validate(file: Path, config: Path | None, output_format: str, rejects: Path | None) -> None:
    """Check a survey export: what was read, accepted and rejected, and why.

    SURVEY is an export file, or a client folder (or its client.yml), whose responses file is
    read with the client's mapping. Exits 0 when the file holds usable answers, 1 with a
    one-line reason when it does not.

    \b
    Examples:
      nps-workbook validate export.csv
      nps-workbook validate export.xlsx --config mapping.yml --rejects rejected.csv
      nps-workbook validate clients/kvistholm-data
      nps-workbook validate export.csv --format json
    """
    try:
        result, read_as = read_survey(file, config)
        scale_warning = None
    except ScaleError as exc:  # the row accounting all the same, then the warning
        result, read_as = read_survey(file, config, scale="0-10")
        scale_warning = str(exc)
    if rejects is not None:
        write_rejects(result, rejects)
    if output_format == "json":
        summary = result.summary()
        if rejects is not None:
            summary["rejects_file"] = str(rejects)
        if read_as:
            summary["read_as"] = read_as
        if scale_warning:
            summary["scale_warning"] = scale_warning
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for line in read_as:
            click.echo(line)
        click.echo(describe_load(result))
        if rejects is not None:
            click.echo(f"Rejected rows written to {rejects}")
    require_answers(result)
    if scale_warning:  # score and batch refuse the file until the scale is declared
        click.echo(f"warning: {scale_warning}", err=True)
        sys.exit(EXIT_USER_ERROR)


@main.command(name="score")
@click.argument("file", metavar="SURVEY", type=SURVEY)
@CONFIG
@click.option(
    "--by",
    "by",
    multiple=True,
    metavar="COL",
    help="Segment column to break the score down by; repeat for several (--by A --by B).",
)
@click.option("--period", type=click.Choice(scoring.PERIODS), help="Also break down by period.")
@click.option(
    "--rolling",
    type=click.IntRange(min=2),
    help="With --period: NPS over a rolling window of this many periods instead.",
)
@click.option(
    "--confidence",
    type=click.FloatRange(0.5, 0.999),
    default=scoring.CONFIDENCE,
    show_default=True,
    help="Confidence level of the intervals.",
)
@click.option(
    "--method",
    type=click.Choice(scoring.METHODS),
    default="adjusted_wald",
    show_default=True,
    help="Interval method (Rocks 2016).",
)
@click.option("--weight", metavar="COL", help="Numeric column to weight answers by (B2B revenue).")
@click.option(
    "--small-n",
    type=click.IntRange(min=1),
    default=scoring.SMALL_N,
    show_default=True,
    help="Groups with fewer answers are flagged 'indicative'.",
)
@click.option(
    "--min-group",
    type=click.IntRange(min=0),
    default=scoring.MIN_GROUP,
    show_default=True,
    help="Groups with fewer answers are suppressed (0 shows every group).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@user_errors
def score_command(
    file: Path,
    config: Path | None,
    by: tuple[str, ...],
    period: str | None,
    rolling: int | None,
    confidence: float,
    method: str,
    weight: str | None,
    small_n: int,
    min_group: int,
    output_format: str,
) -> None:
    """NPS with confidence intervals, overall or by segment and period.

    SURVEY is an export file, or a client folder (or its client.yml). Rows the loader rejects
    are left out and counted on stderr; run `validate` to see them.

    \b
    Examples:
      nps-workbook score export.csv
      nps-workbook score export.csv --by Afdeling --period quarter
      nps-workbook score clients/kvistholm-data --by Afdeling
      nps-workbook score export.csv --by Region --by BU --format json
      nps-workbook score export.csv --period month --rolling 3
    """
    result, read_as = read_survey(file, config)
    for line in read_as:
        click.echo(line, err=True)
    if result.scale == "1-10":
        click.echo(f"{result.source}: scale {SCALE_NOTE}", err=True)
    require_answers(result)
    options = dict(
        confidence=confidence,
        method=method,
        small_n=small_n,
        min_group=min_group or None,
    )
    if rolling is not None:
        if period is None:
            raise click.UsageError("--rolling needs --period")
        table = scoring.rolling_nps(
            result.answers, window=rolling, period=period, by=list(by) or None, **options
        )
    else:
        table = scoring.nps_table(
            result.answers, by=list(by) or None, period=period, weight=weight, **options
        )
    if result.rejected.shape[0]:
        click.echo(
            f"{result.source}: {len(result.rejected):,} of {result.rows_read:,} rows rejected and "
            "left out (see: nps-workbook validate)",
            err=True,
        )
    click.echo(format_table(table, output_format, confidence))


@main.command(name="sample-data")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write the sample clients into (one sub-folder per client).",
)
@click.option(
    "--rows",
    type=click.IntRange(min=50),
    help="Answers per client (default: each client's own size).",
)
@click.option("--seed", type=int, help="Seed of the generator; default: the bundled one's.")
@user_errors
def sample_data(out_dir: Path, rows: int | None, seed: int | None) -> None:
    """Write the fictitious sample clients, at their own size or any other.

    The same seed always gives the same files; the default gives the bundled sample_data/.

    \b
    Examples:
      nps-workbook sample-data --out sample_data
      nps-workbook sample-data --out /tmp/big --rows 1000000
    """
    from . import sample

    seed = sample.DEFAULT_SEED if seed is None else seed
    for path in sample.write_sample_data(out_dir, rows=rows, seed=seed):
        click.echo(f"{path}  {path.stat().st_size:,} bytes")
    for file, counts in sample.planted_by_file(seed=seed, rows=rows).items():
        click.echo(f"{file}: planted " + ", ".join(f"{k}={v}" for k, v in counts.items()))


@main.command(name="new-client")
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("clients"),
    show_default=True,
    help="Folder that holds the client folders; created if missing.",
)
@click.option(
    "--language",
    type=click.Choice(["da", "en"]),
    default="da",
    show_default=True,
    help="Language of client.yml's comments, the README, the touchpoint map and the reports.",
)
@click.option("--force", is_flag=True, help="Replace client.yml, README.md and touchpoints.xlsx.")
@user_errors
def new_client(name: str, directory: Path, language: str, force: bool) -> None:
    """Make a client folder: client.yml with every key explained, a touchpoint map, a README.

    The folder is named after the client in lowercase ASCII ("Kvistholm Data A/S" becomes
    kvistholm-data-a-s); an existing folder is left alone unless --force is given.

    \b
    Examples:
      nps-workbook new-client "Kvistholm Data A/S" --dir clients/
      nps-workbook new-client "Quillmoor Home" --dir clients/ --language en
    """
    from . import scaffold

    folder = scaffold.new_client(name, directory, language=language, force=force)
    click.echo(f"Created {folder}/")
    for file in (scaffold.CLIENT_FILE, scaffold.TOUCHPOINTS_FILE, scaffold.README_FILE):
        click.echo(f"  {file}")
    click.echo("Next:")
    click.echo(f"  1. put the survey export in {folder / scaffold.RESPONSES_FILE}")
    click.echo(f"  2. check it: nps-workbook validate {folder}")
    click.echo(f"  3. fill in {folder / scaffold.CLIENT_FILE} and {scaffold.TOUCHPOINTS_FILE}")
    click.echo(f"  4. the workshop: nps-workbook lab {folder}")


@main.command(name="followup")
@click.argument("client_dir", metavar="CLIENT", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The Excel workbook to write (.xlsx).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day the queue is made for (YYYY-MM-DD); default: the day of the latest answer, "
    "as in the batch and the notebooks.",
)
@click.option(
    "--window",
    "window_days",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Calendar days of answers the cases come from.",
)
@click.option(
    "--huddle",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the huddle summary: Markdown (.md) or HTML (.html).",
)
@user_errors
def followup(client_dir: Path, out: Path, today, window_days: int, huddle: Path | None) -> None:
    """Write the follow-up workbook for a client: one sheet per loop, themes, messages.

    CLIENT is a client folder or its client.yml. The queue is counted to the day of the latest
    answer unless --today names another.

    \b
    Examples:
      nps-workbook followup clients/kvistholm-data --out opfoelgning.xlsx
      nps-workbook followup clients/kvistholm-data --out q.xlsx --today 2025-01-10
      nps-workbook followup clients/quillmoor-home --out q.xlsx --huddle huddle.html
    """
    # Imported here so the other commands start without openpyxl and the comment analysis.
    import pandas as pd

    from .client_data import latest_answer_day, load_client_data
    from .handover import client_cases, huddle_summary, write_followup_workbook

    if not client_dir.is_dir() and client_dir.name == CLIENT_FILE:
        client_dir = client_dir.parent
    data = load_client_data(client_dir)
    latest = latest_answer_day(data.answers)
    day = pd.Timestamp(today if today is not None else latest or pd.Timestamp.today()).normalize()
    path = write_followup_workbook(data, out, today=day, window_days=window_days)
    cases = client_cases(data, today=day, window_days=window_days)
    open_cases = cases[cases["status"] != "closed"]
    click.echo(
        f"{path}: {len(cases):,} cases from {window_days} days up to {day:%Y-%m-%d}, "
        f"{len(open_cases):,} open, {int(cases['overdue'].sum()):,} past their deadline"
    )
    if not len(cases):
        click.echo(_empty_window(day, window_days, latest), err=True)
    if huddle is not None:
        output = "html" if huddle.suffix.lower() in (".html", ".htm") else "markdown"
        try:
            huddle.parent.mkdir(parents=True, exist_ok=True)
            huddle.write_text(
                huddle_summary(data, day, output=output, window_days=window_days),
                encoding="utf-8",
            )
        except OSError as exc:
            raise NpsWorkbookError(
                f"{huddle}: cannot write the huddle summary: {exc.strerror}"
            ) from None
        click.echo(f"{huddle}: huddle summary")


def _empty_window(day, window_days: int, latest) -> str:
    """Why a follow-up workbook is empty, and the day that would fill it (every answer is a
    case in one loop)."""
    if latest is None:
        return "note: no answer has a date, so none falls in a follow-up window"
    return (
        f"note: no answers in the {window_days} days up to {day:%Y-%m-%d}; the latest answer "
        f"is from {latest:%Y-%m-%d} (--today {latest:%Y-%m-%d} counts to it)"
    )


class _ReportPeriod(click.ParamType):
    """--period: parsed once, by period.parse_period, into its label; click names the option."""

    name = "PERIOD"

    def convert(self, value, param, ctx):
        from .period import PeriodError, parse_period

        try:
            return parse_period(value).label
        except PeriodError as exc:
            self.fail(str(exc), param, ctx)


class _ScopeCondition(click.ParamType):
    """--scope: one COLUMN=VALUE condition, checked as scope.parse_scope checks it."""

    name = "COLUMN=VALUE"

    def convert(self, value, param, ctx):
        from .scope import ScopeError, parse_scope

        try:
            parse_scope(value)
        except ScopeError as exc:
            self.fail(str(exc), param, ctx)
        return value


# Options shared by `batch` and `demo`.
def _batch_options(command):
    for option in reversed(
        [
            click.option(
                "--jobs",
                type=click.IntRange(min=1),
                help="Notebooks run at the same time (worker processes); default: the cores.",
            ),
            click.option(
                "--notebooks",
                "notebooks",
                multiple=True,
                metavar="NAME",
                help="A notebook to run (02_nps, or 02); repeat for several; default: all.",
            ),
            click.option(
                "--language",
                type=click.Choice(["da", "en"]),
                help="Report language for every client; default: each client.yml's language.",
            ),
            click.option(
                "--pdf",
                is_flag=True,
                help="Also print each client report to report.pdf (needs Chromium).",
            ),
            click.option(
                "--force",
                is_flag=True,
                help="Run every client again, even those unchanged since the last run.",
            ),
            click.option(
                "--scheduler",
                metavar="ADDRESS",
                help="Run the tasks on a Dask distributed cluster (tcp://host:8786) instead "
                "of local processes; its workers need the kit and the same folders.",
            ),
            click.option(
                "--notebook-dir",
                type=click.Path(path_type=Path, file_okay=False),
                help="Run changed copies of the notebooks from this folder (nps-workbook "
                "notebooks --out DIR) instead of the kit's own.",
            ),
            click.option(
                "--period",
                "report_period",
                type=_ReportPeriod(),
                help="The reports for one period: 2024-12 (a month), 2024Q4 (a quarter) or "
                "2024 (a year), compared with the period before and a year before; later "
                "answers are left out. Default: every answer.",
            ),
            click.option(
                "--scope",
                "scope",
                multiple=True,
                type=_ScopeCondition(),
                help="Also a report of the answers where COLUMN has VALUE (Afdeling=Support), "
                "in <client>/scopes/; repeat for several conditions that all hold.",
            ),
            click.option(
                "--per",
                metavar="COLUMN",
                help="Also a report per value of COLUMN (Kundeansvarlig), each in "
                "<client>/scopes/; groups below client.yml's min group show no figures.",
            ),
        ]
    ):
        command = option(command)
    return command


# Exit codes of a batch stopped by a signal, as a shell reports them (128 + the signal's number).
EXIT_INTERRUPTED = {"SIGINT": 130, "SIGTERM": 143}


def _run_batch_command(clients: list[Path], out_dir: Path, **options) -> None:
    # Imported here so the other commands start without papermill.
    from .batch import BATCH_FILE, INDEX_FILE, BatchInterrupted, run_batch

    try:
        result = run_batch(clients, out_dir, **options)
    except BatchInterrupted as exc:
        click.echo(f"{out_dir}: {exc}", err=True)
        sys.exit(EXIT_INTERRUPTED[exc.signal_name])
    skipped = sum(1 for c in result.clients if c.skipped)
    scopes = [c for c in result.clients if c.scope is not None]
    clients = len(result.clients) - len(scopes)
    failed = [c for c in result.failed if c.scope is None]
    scope_part = ""
    if scopes:
        done = len(scopes) - sum(1 for c in scopes if c.status == "failed")
        scope_part = f" and {done} of {len(scopes)} scope reports"
    click.echo(
        f"{out_dir}: {clients - len(failed)} of {clients} clients{scope_part} done in "
        f"{result.seconds:.0f} s"
        + (f" ({skipped} unchanged since the last run, not run again)" if skipped else "")
        + f"; see {out_dir / BATCH_FILE}"
    )
    for client in result.failed:
        click.echo(f"failed: {client.folder}: {client.reason}", err=True)
    click.echo(f"Open {out_dir / INDEX_FILE}")
    if result.failed:
        sys.exit(EXIT_USER_ERROR)


@main.command(name="batch")
@click.argument("clients", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for index.html, batch.json and one results folder per client.",
)
@_batch_options
@user_errors
def batch_command(clients: tuple[Path, ...], out_dir: Path, **options) -> None:
    """Run the workbook's notebooks for many clients, in parallel, into one results folder.

    CLIENTS are client folders (with client.yml) or folders of client folders. Each client gets
    its executed notebooks, an HTML report per notebook and one for the client, the follow-up
    workbook, its rejected rows and summary.json; index.html lists every client. A client that
    fails (bad client.yml, missing file, a notebook error) is listed with a one-line reason and
    does not stop the others; the exit code is 1 when any client failed. A re-run skips the
    clients whose files, notebooks and options are unchanged, and finishes an interrupted run.

    \b
    Examples:
      nps-workbook batch clients/ --out results/
      nps-workbook batch clients/kvistholm-data clients/quillmoor-home --out results/ --jobs 2
      nps-workbook batch clients/ --out results/ --notebooks 02_nps --notebooks 03 --language en
      nps-workbook batch clients/ --out results/ --pdf --force
      nps-workbook batch clients/ --out results/ --notebook-dir my-notebooks/
      nps-workbook batch clients/ --out results/ --period 2024Q4
      nps-workbook batch clients/ --out results/ --scope Afdeling=Support --period 2024-12
      nps-workbook batch clients/ --out results/ --per Kundeansvarlig
    """
    from .batch import find_clients

    options["notebooks"] = list(options["notebooks"]) or None
    options["scope"] = list(options["scope"]) or None
    _run_batch_command(find_clients(clients), out_dir, **options)


@main.command(name="demo")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for the results.",
)
@_batch_options
@user_errors
def demo(out_dir: Path, **options) -> None:
    """The batch on every bundled sample client: the whole workbook, reports and index.html.

    \b
    Examples:
      nps-workbook demo
      nps-workbook demo --out /tmp/demo --pdf
    """
    from . import kit
    from .batch import find_clients

    options["notebooks"] = list(options["notebooks"]) or None
    options["scope"] = list(options["scope"]) or None
    _run_batch_command(find_clients([kit.sample_data_dir()]), out_dir, **options)


@main.command(name="notebooks")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for the copies; created if missing.",
)
@click.option(
    "--client",
    "client_dir",
    type=click.Path(path_type=Path),
    help="The client folder the copies open on; default: the bundled sample client.",
)
@click.option("--force", is_flag=True, help="Write over copies already in --out.")
@user_errors
def notebooks_command(out_dir: Path, client_dir: Path | None, force: bool) -> None:
    """Copy the workbook's notebooks, to change them and run them with batch --notebook-dir.

    \b
    Examples:
      nps-workbook notebooks --out my-notebooks
      nps-workbook batch clients/ --out results/ --notebook-dir my-notebooks
    """
    from .workshop import working_copies

    copies = working_copies(out_dir, client_dir, fresh=force)
    _report_copies(copies, "--force")
    click.echo(f"Run them for every client: nps-workbook batch CLIENTS --notebook-dir {out_dir}")


def _report_copies(copies, rewrite_flag: str) -> None:
    for path in copies.written:
        click.echo(f"{path}")
    for path in copies.kept:
        click.echo(f"{path}  (kept from an earlier session; {rewrite_flag} writes over it)")


@main.command(name="lab")
@click.argument("client_dir", metavar="[CLIENT]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the working copies; default: workshop/<client folder> here.",
)
@click.option("--language", type=click.Choice(["da", "en"]), help="Default: client.yml's.")
@click.option("--fresh", is_flag=True, help="Write over working copies from an earlier session.")
@click.option("--port", type=click.IntRange(1, 65535), help="Default: JupyterLab's (8888 up).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser; print the address.")
@click.option("--allow-root", is_flag=True, help="Run as root (in a container).")
@user_errors
def lab(
    client_dir: Path | None,
    out_dir: Path | None,
    language: str | None,
    fresh: bool,
    port: int | None,
    no_browser: bool,
    allow_root: bool,
) -> None:
    """JupyterLab on working copies of the notebooks for a client (on this machine only).

    CLIENT is a client folder or its client.yml; default: the bundled sample client. The
    copies open on the client; the kit's own notebooks are never changed, and copies from an
    earlier session are kept (--fresh writes new ones).

    \b
    Examples:
      nps-workbook lab clients/kvistholm-data
      nps-workbook lab clients/quillmoor-home --language en --out ~/workshops/quillmoor
    """
    import subprocess

    from .workshop import default_folder, lab_command, working_copies

    folder = out_dir if out_dir is not None else default_folder(client_dir)
    copies = working_copies(folder, client_dir, language=language, fresh=fresh)
    _report_copies(copies, "--fresh")
    command = lab_command(copies.folder, port=port, browser=not no_browser, allow_root=allow_root)
    click.echo(f"Starting JupyterLab on {copies.folder} (Ctrl-C stops it)")
    try:
        code = subprocess.call(command)
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED["SIGINT"]
    sys.exit(code)


def require_answers(result: LoadResult) -> None:
    if len(result.answers) == 0:
        raise NpsWorkbookError(
            f"{result.source}: no usable answers: {result.rows_read} rows read, all rejected"
            + (f" ({_reasons_inline(result)})" if result.rows_read else "")
        )


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _reasons_inline(result: LoadResult) -> str:
    return ", ".join(f"{reason}: {count}" for reason, count in result.reasons.items())


#: How a declared 1-10 scale is scored, as validate and score say it.
SCALE_NOTE = (
    "1-10, as declared; scored with the usual cut-offs "
    "(1-6 detractors, 7-8 passives, 9-10 promoters)"
)


def describe_load(result: LoadResult) -> str:
    """The validation report for people: counts, how the file was read, reasons with examples."""
    lines = [
        f"{result.source}: {result.rows_read:,} rows read, {len(result.answers):,} accepted, "
        f"{len(result.rejected):,} rejected"
        + (f" ({_plural(result.empty_rows, 'empty row')} skipped)" if result.empty_rows else "")
    ]
    how = []
    if result.sheet is not None:
        how.append(f"sheet '{result.sheet}'")
    if result.encoding is not None:
        how.append(f"encoding {result.encoding}")
    if result.delimiter is not None:
        how.append(f"delimiter {result.delimiter!r}")
    how.append(f"decimal mark {result.decimal!r}")
    if result.date_order:
        how.append(
            f"dates {result.date_order}" + (" (assumed)" if result.date_order_assumed else "")
        )
    lines.append("Read with " + ", ".join(how))
    if result.scale == "1-10":
        lines.append(f"Scale: {SCALE_NOTE}")
    lines += [result.read_as[:1].upper() + result.read_as[1:]] if result.read_as else []
    lines.extend(f"Note: {note}" for note in result.notes)
    labels = {
        "score": "score",
        "date": "date",
        "comment": "comment",
        "respondent_id": "respondent id",
        "response_id": "response id",
    }
    for role, name in result.columns.as_dict().items():
        source = "mapped" if role in result.columns.mapped else "recognised"
        shown = f"'{name}' ({source})" if name else "-"
        lines.append(f"  {labels[role] + ':':<15}{shown}")
    if result.segments:
        lines.append(f"  {'segments:':<15}" + ", ".join(result.segments))
    if len(result.rejected):
        lines.append("Rejected rows by reason:")
        first = result.rejected.groupby("reason", sort=False).first()
        for reason, count in result.reasons.items():
            example = first.loc[reason]
            lines.append(
                f"  {count:>7,}  {reason:<30} e.g. row {example['row']}: {example['detail']}"
            )
    return "\n".join(lines)


def write_rejects(result: LoadResult, path: Path) -> None:
    """The rejected rows as CSV, UTF-8 with BOM so Excel shows æ, ø, å right."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        result.rejected.to_csv(path, index=False, encoding="utf-8-sig", sep=result.delimiter or ",")
    except OSError as exc:
        raise NpsWorkbookError(f"{path}: cannot write the rejected rows: {exc.strerror}") from None


def format_table(table, output_format: str, confidence: float) -> str:
    """Render a score table (a DataFrame) as an aligned text table, CSV or JSON objects."""
    import pandas as pd

    if output_format == "json":
        records = [
            {key: _json_value(value) for key, value in record.items()}
            for record in table.to_dict(orient="records")
        ]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if output_format == "csv":
        return table.to_csv(index=False).rstrip("\n")
    shown = table.copy()
    level = f"{confidence:.0%}".replace(".0%", "%")
    for column in ("nps", "ci_low", "ci_high", "change"):
        if column in shown:
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:+.1f}")
    if "se" in shown:
        shown["se"] = shown["se"].map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
    if "n_effective" in shown and (shown["n_effective"].astype("float") == shown["n"]).all():
        shown = shown.drop(columns="n_effective")  # unweighted: the same as n
    if {"ci_low", "ci_high"} <= set(shown.columns):
        shown[f"{level} CI"] = shown["ci_low"] + " to " + shown["ci_high"]
        shown.loc[shown["ci_low"] == "", f"{level} CI"] = ""
        shown = shown.drop(columns=["ci_low", "ci_high"])
    drop = [c for c in shown.columns if c.startswith("change_") and c != "change_significant"]
    shown = shown.drop(columns=drop)
    if "change_significant" in shown:
        shown["change_significant"] = shown["change_significant"].map({True: "yes", False: ""})
    # object first: a suppressed group's counts are missing in nullable integer columns.
    return shown.astype(object).fillna("").to_string(index=False)


def _json_value(value):
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _json_value(value.item())
    if isinstance(value, pd.Period | pd.Timestamp):
        return str(value)
    return value


if __name__ == "__main__":
    main()
