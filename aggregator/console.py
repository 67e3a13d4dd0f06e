"""How a command talks to the terminal: exit codes, one-line errors, logging, progress, summaries.

Used by ``cli`` only: our exceptions become the contract's exit codes (0 ok, 1 some items
failed, 2 usage or configuration, 75 lock held), a run becomes one summary line, and a progress
bar is shown on a terminal but not under cron. Configures logging handlers; touches no data.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypedDict, TypeVar

import click

from aggregator.errors import AggregatorError, ConfigError, LockHeldError, RunInterrupted

if TYPE_CHECKING:  # the settings (YAML) and records are loaded by the commands that use them
    from aggregator.config import Settings
    from aggregator.pipeline.export_all import AllExported
    from aggregator.pipeline.extract import PageExtraction
    from aggregator.records import RunSummary

EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_LOCKED = 75

# what `aggregator export KIND` accepts (the sections of docs/codebook.md; output.export.COLUMNS)
EXPORT_KINDS = [
    *("articles", "events", "comparison", "terms", "quotes", "entities", "revisions"),
    *("translations", "texts"),
]

F = TypeVar("F", bound=Callable[..., Any])


def die(message: str, code: int) -> NoReturn:
    click.echo(f"aggregator: {message}", err=True)
    sys.exit(code)


def _stopped(command: str | None) -> str:
    """What a stop left behind, for the message of a command stopped by a signal."""
    if command in ("export", "report"):  # these write files, not runs
        return f"the {command} was not finished"
    if command == "worker":  # stopped in a pass or between passes
        return "the worker has stopped (a run in progress is recorded as interrupted)"
    return "the run is recorded as interrupted"


def handle_errors(func: F) -> F:
    """Turn our exceptions into one-line messages and the contract's exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            die(f"configuration error: {exc}", EXIT_USAGE)
        except LockHeldError as exc:
            die(str(exc), EXIT_LOCKED)
        except RunInterrupted as exc:  # recorded as `interrupted`; exit 128 + signal
            die(f"{exc}; {_stopped(click.get_current_context().info_name)}", exc.exit_code)
        except AggregatorError as exc:
            die(str(exc), EXIT_PARTIAL)

    return wrapper  # type: ignore[return-value]


@contextmanager
def usage_errors(*kinds: type[Exception]) -> Iterator[None]:
    """Turn these errors (a filter naming nothing, pages given wrongly) into click's usage
    error: exit 2 with the command's usage line."""
    try:
        yield
    except kinds as exc:
        raise click.UsageError(str(exc)) from exc


def configure_logging(verbose: int) -> None:
    level = logging.ERROR
    if verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    elif sys.stderr.isatty():
        level = logging.WARNING
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in (
        "httpx",
        "httpcore",
        "trafilatura",
        "htmldate",
        "charset_normalizer",
        "alembic.runtime",  # its migration steps and plugin set-up: noise at -v
    ):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on a terminal; nothing under cron."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update


def settings_of(ctx: click.Context, *, outlets: bool = False) -> Settings:
    """The settings of this invocation; ``outlets``: the command needs a feeds.yaml (ingest,
    worker), so running without one is a configuration error naming the paths tried."""
    from aggregator.config import load_settings, require_outlets

    obj: dict[str, Any] = ctx.ensure_object(dict)
    if "settings" not in obj:
        obj["settings"] = load_settings(obj.get("config"))
    settings: Settings = obj["settings"]
    if outlets:
        require_outlets(settings, ctx.info_name or "")
    overrides = obj.get("overrides")
    return replace(settings, **overrides) if overrides else settings


def _override(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """Keep an option that overrides the setting of its name for ``settings_of``."""
    if value is not None and param.name:
        ctx.ensure_object(dict).setdefault("overrides", {})[param.name] = value
    return value


# ``--wait``, for the commands that take a job's lock (ingest, cluster)
wait_option = click.option(
    "--wait",
    "wait_s",
    type=click.FloatRange(min=0),
    default=0.0,
    help="Seconds to wait for another run's lock (default: exit 75 at once).",
)


def term_options(command: F) -> F:
    """``--terms-min-z`` and ``--terms-min-count``: the settings of those names, this once."""
    z = click.option(
        "--terms-min-z",
        type=click.FloatRange(min=0),
        expose_value=False,
        callback=_override,
        help="Distinctive terms: smallest |z| reported (default: settings.terms_min_z, 1.96).",
    )
    count = click.option(
        "--terms-min-count",
        type=click.IntRange(min=1),
        expose_value=False,
        callback=_override,
        help="Distinctive terms: fewest uses reported (default: settings.terms_min_count, 3).",
    )
    return z(count(command))


def summary_line(summary: RunSummary) -> str:
    counts = " ".join(
        f"{k}={v}" for k, v in sorted(summary.counts.items()) if not k.startswith("outlet:")
    )
    failed = len(summary.failures)
    if summary.ok:
        state = "ok"
    elif summary.status == "backed-off":  # nothing was tried: nothing failed this time
        state = "backed-off"
    elif summary.status == "needs-attention":  # nothing failed in the run; feeds still do
        state = "needs attention"
    elif summary.status == "failed":  # every feed failed: the run's state, as status shows it
        state = f"failed ({failed} failures)" if failed != 1 else "failed (1 failure)"
    else:
        state = f"{failed} failed"
    per_outlet = ", ".join(
        f"{k.split(':', 1)[1]} {v}"
        for k, v in sorted(summary.counts.items())
        if k.startswith("outlet:")
    )
    tail = f" (new versions: {per_outlet})" if per_outlet else ""
    return f"{summary.job}: {state} {counts}".strip() + tail


def finish(summary: RunSummary) -> None:
    click.echo(summary_line(summary))
    if not summary.ok:
        click.echo(f"failures:\n{summary.failure_summary()}", err=True)
        sys.exit(EXIT_PARTIAL)


def print_pages(pages: Iterable[PageExtraction]) -> int:
    """Each page's object as a JSON line, and one line on standard error for each page that
    failed (its ``message``); how many failed."""
    import json

    failed = 0
    for page in pages:
        click.echo(json.dumps(page.record, ensure_ascii=False))
        if not page.ok:
            failed += 1
            click.echo(f"aggregator: {page.record['message']}", err=True)
    return failed


def tell_removed(lines: Iterable[str]) -> None:
    """One line on standard error (which cron mails) about each thing a killed run had left and
    this one removed or put back."""
    click.echo("".join(f"aggregator: {line}\n" for line in lines), err=True, nl=False)


def export_done(kind: str, count: int | AllExported, out: Path, removed: Iterable[str]) -> None:
    """What an export cleaned up, then its summary line: on standard error when the rows went
    to standard output."""
    from aggregator.pipeline.export import writes_stdout
    from aggregator.pipeline.export_all import summary_line as folder_line

    if not isinstance(count, int):  # export all: the rows of each kind; what it cleaned up
        tell_removed(count.removed)
        return click.echo(folder_line(count, out))
    tell_removed(removed)
    rows = "1 row" if count == 1 else f"{count} rows"
    click.echo(f"export {kind}: {rows} -> {out}", err=writes_stdout(out))


def parse_when(value: str | None, option: str) -> datetime | None:
    from aggregator.times import parse_iso_time

    if value is None:
        return None
    try:
        return parse_iso_time(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"expected an ISO 8601 date or time, got {value!r}", param_hint=option
        ) from exc


class Period(TypedDict):
    """``since`` and ``until`` keyword arguments of the pipeline's readers."""

    since: datetime | None
    until: datetime | None


def period(since: str | None, until: str | None) -> Period:
    """``--since`` and ``--until`` parsed, as keyword arguments; an empty period (``--until``
    not after ``--since``, a swapped pair) is a usage error rather than an empty export."""
    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    if start is not None and end is not None and end <= start:
        raise click.BadParameter(
            f"{until} is not after --since {since}: the period is empty (--since is inclusive, "
            "--until exclusive)",
            param_hint="--until",
        )
    return {"since": start, "until": end}


class ConfigAnywhere(click.Group):
    """The command group: ``--config FILE`` may also follow the command, as operators type it
    (``aggregator ingest --config /etc/aggregator/feeds.yaml``); it is moved in front of it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        front: list[str] = []
        rest: list[str] = []
        items = iter(args)
        for arg in items:
            if arg == "--":
                rest.extend([arg, *items])
            elif arg == "--config":
                value = next(items, None)
                if value is None:
                    raise click.BadOptionUsage(
                        arg, "Option '--config' requires an argument.", ctx=ctx
                    )
                front.extend([arg, value])
            elif arg.startswith("--config="):
                front.append(arg)
            else:
                rest.append(arg)
        return super().parse_args(ctx, front + rest)


def _flag(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """Keep a command's flag for ``option_flag``."""
    if param.name:
        ctx.ensure_object(dict).setdefault("flags", {})[param.name] = value
    return value


def option_flag(ctx: click.Context, name: str) -> bool:
    """The value of a flag that ``export_options`` (or the like) added to the command."""
    return bool(ctx.ensure_object(dict).get("flags", {}).get(name, False))


def refuse_unused_options(ctx: click.Context, kind: str) -> None:
    """An export option the kind has no use for would be dropped without a word: a usage error."""
    if option_flag(ctx, "all_versions") and kind not in ("texts", "all"):
        raise click.UsageError(f"--all-versions applies to texts (and all), not {kind}")
    if ctx.ensure_object(dict).get("overrides") and kind not in ("comparison", "terms", "all"):
        raise click.UsageError(
            f"--terms-min-z and --terms-min-count apply to comparison, terms and all, not {kind}"
        )


class KindOptions(TypedDict):
    """The ``all_versions`` keyword argument of the exports."""

    all_versions: bool


def kind_options(ctx: click.Context, kind: str) -> KindOptions:
    """The options of ``export_options`` that only some kinds use, as keyword arguments. One the
    kind has no use for would be dropped without a word: it is a usage error instead."""
    all_versions = option_flag(ctx, "all_versions")
    if all_versions and kind not in ("texts", "all"):
        raise click.UsageError(f"--all-versions applies to texts (and all), not {kind}")
    if ctx.ensure_object(dict).get("overrides") and kind not in ("comparison", "terms", "all"):
        raise click.UsageError(
            f"--terms-min-z and --terms-min-count apply to comparison, terms and all, not {kind}"
        )
    return {"all_versions": all_versions}


def export_options(command: F) -> F:
    """The filters (--since, --until, --outlet, --min-outlets, --event), ``term_options`` and
    ``--all-versions`` (the `texts` export: every stored version)."""
    versions = click.option(
        "--all-versions",
        is_flag=True,
        expose_value=False,
        callback=_flag,
        help="texts: every stored version of each article, not only the current one "
        "(e.g. aggregator export texts --all-versions --out texts.jsonl).",
    )
    filters = [
        click.option("--since", help="Published at or after (ISO 8601)."),
        click.option("--until", help="Published before (ISO 8601)."),
        click.option("--outlet", "outlets", multiple=True, help="Only this outlet (repeatable)."),
        click.option(
            "--min-outlets",
            type=click.IntRange(min=0),
            default=0,
            help="Only events covered by at least this many outlets "
            "(or their articles, revisions, texts).",
        ),
        click.option("--event", "events", multiple=True, help="Only this event id (repeatable)."),
    ]
    command = versions(term_options(command))
    for option in reversed(filters):
        command = option(command)
    return command
