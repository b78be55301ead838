"""What every command shares: the project's options and their defaults, one line per error, progress on a
terminal. The command line calls the front door (``kg.api.Project``) and nothing below it."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from kg.errors import KgError, UsageError, without_user_info
from kg.terminal import printable


def user_errors(command):
    """Turn a KgError into one line on stderr and exit 1 (a UsageError: click's usage error, exit 2), with no
    traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None
        except KgError as exc:
            click.echo(f"kg: error: {printable(str(exc))}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:  # Ctrl-C: the shell's convention, no traceback (files are cleaned up on the way)
            click.echo("kg: interrupted", err=True)
            sys.exit(130)

    return wrapper


def progress():
    """Show the stages of long work (reasoning, validating, writing) on stderr with their times, when stderr
    is a terminal: never in a pipe, a log or a test. Use: ``with progress(): ...``."""
    from kg.progress import reporting

    stream = sys.stderr
    if not stream.isatty():
        return reporting(None)
    open_stage: list[str] = []  # the stage whose line waits for its time

    def show(name: str, seconds: float | None) -> None:
        if seconds is None:
            stream.write(("\n" if open_stage else "") + f"kg: {name}...")
            open_stage[:] = [name]
        else:
            stream.write((f"\rkg: {name}" if open_stage == [name] else f"kg: {name}") + f": {seconds:.1f} s\n")
            open_stage.clear()
        stream.flush()

    return reporting(show)


class _BadValue(click.BadParameter):
    """A value outside an option's choices: one line and exit 1, as every other bad value, not a usage message."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"kg: error: {self.message}", err=True)


class Choice(click.Choice):
    """click.Choice whose refusal is one line naming the option, the value and the choices."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            option = param.opts[0] if param is not None else "value"
            error = _BadValue(f"{option} {value!r}: not one of {', '.join(self.choices)}", ctx=ctx, param=param)
            if ctx is not None and ctx.command.name == "validate":
                error.exit_code = 2  # kg validate's status for an error: its 1 means "does not conform"
            raise error from None


def in_project(relative: str):
    """A default path in the project the working folder belongs to (found by walking up to the pyproject.toml
    with a [tool.kg] table), so that kg runs the same from any folder of the project; outside any project,
    relative to the working folder."""
    def default() -> Path:
        from kg.project import find_project_root, project_default

        root = find_project_root()
        return project_default(root, relative) if root is not None else Path(relative)

    return default


def project(data_dir: Path, ontology_path: Path, out_dir: Path | None = None, queries_dir: Path | None = None):
    """The front door for the project's folders, ``out`` and ``queries`` in the project when not given."""
    from kg.api import Project

    return Project(data=data_dir, ontology=ontology_path, out=out_dir if out_dir is not None else in_project("out")(),
                   queries=queries_dir if queries_dir is not None else in_project("queries")())


def store_option(store: str | None, endpoint: str | None = None, graph_file: Path | None = None) -> str | None:
    """The store a command reads, from --store or --endpoint; --graph FILE with either is a usage error."""
    if endpoint:
        if store:
            raise click.UsageError("give --store or --endpoint, not both")
        if not endpoint.startswith(("http://", "https://")):
            raise click.UsageError(f"--endpoint {without_user_info(endpoint)!r}: expected an http:// or https:// URL")
        store = endpoint
    if graph_file is not None and store:
        raise click.UsageError("give --graph FILE or --store/--endpoint, not both")
    return store


def shown(path: Path) -> str:
    """A path as a person would type it: relative to the working folder when it is below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def terminal_width() -> int | None:
    """The columns a table must fit: the terminal's, or $COLUMNS; None (no limit) when output goes to a file."""
    import shutil

    return shutil.get_terminal_size((0, 0)).columns or None


def echo_report(report, err: bool = False) -> None:
    """Print a validation report grouped by focus node."""
    groups = report.by_focus()
    if report.conforms:
        click.echo("Conforms: the graph satisfies every shape.", err=err)
        return
    click.echo(f"Does not conform: {len(report.violations)} violation(s) on {len(groups)} node(s)", err=err)
    for focus, violations in groups.items():
        label = f'  "{violations[0].label}"' if violations[0].label else "  (no label)"
        where = f"  ({violations[0].where})" if violations[0].where else ""
        click.echo(printable(f"\n{focus}{label}{where}"), err=err)
        for v in violations:
            click.echo(printable(f"  {v.path or '(node)'}: expected {v.expected}; found {v.found}"), err=err)


DATA_OPTION = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path), default=in_project("data"),
    show_default="data/ of the project", help="Folder with facts/*.yaml and sources/.",
)
STORE_OPTION = click.option(
    "--store", "store", metavar="STORE",
    help="embedded (out/oxigraph, kept by kg build), memory (out/graph.ttl in rdflib), oxigraph:DIR or an "
         "http(s):// SPARQL endpoint [default: $KG_STORE, else [tool.kg] store in pyproject.toml, else embedded].",
)
ONTOLOGY_OPTION = click.option(
    "--ontology", "ontology_path", type=click.Path(path_type=Path), default=in_project("ontology/kg.ttl"),
    show_default="ontology/kg.ttl of the project", help="The ontology (OWL in Turtle).",
)
PARAM_OPTION = click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE: kgr:yibin, <IRI>, 2022, '\"text\"@en' or plain text. Repeatable.",
)
QUERIES_OPTION = click.option(
    "--queries", "queries_dir", type=click.Path(path_type=Path), default=in_project("queries"),
    show_default="queries/ of the project", help="Folder of the query library (NAME.rq files).",
)
GRAPH_OPTION = click.option(
    "--graph", "graph_file", type=click.Path(path_type=Path), default=None,
    help="An RDF file (any format) instead of the built out/graph.ttl.",
)
FORMAT_OPTION = click.option(
    "--format", "fmt", type=Choice(["text", "json"]), default="text", show_default=True,
    help="Text for people, JSON for programs.",
)
