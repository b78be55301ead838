"""What every command shares: the project's options and their defaults, one line per error, progress on a
terminal. The command line calls the front door (``kg.api.Project``) and nothing below it."""

from __future__ import annotations

import functools
import logging
import shutil
import sys
import tempfile
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
            result = command(*args, **kwargs)
            _copy_to_stdout()
            return result
        except UsageError as exc:
            raise click.UsageError(_shown_streams(str(exc))) from None
        except KgError as exc:
            click.echo(f"kg: error: {printable(_shown_streams(str(exc)))}", err=True)
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
    """A value outside an option's choices: one line, and exit 2 as click's other usage errors (not its usage
    message: the line says what to give)."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"kg: error: {self.message}", err=True)


class Choice(click.Choice):
    """click.Choice whose refusal is one line naming the option, the value and the choices; ``aliases`` are
    older names still taken (``table`` for ``text``) but not listed."""

    def __init__(self, choices, aliases: dict[str, str] | None = None) -> None:
        super().__init__(choices)
        self.aliases = aliases or {}

    def convert(self, value, param, ctx):
        try:
            return super().convert(self.aliases.get(value, value), param, ctx)
        except click.BadParameter:
            option = param.opts[0] if param is not None else "value"
            raise _BadValue(f"{option} {value!r}: not one of {', '.join(self.choices)}", ctx=ctx, param=param) from None


# The names the standard streams are given in messages, for the temporary files that stand in for them.
_STREAM_NAMES = {"kg.stdin": "<stdin>", "kg.stdout": "<stdout>"}


class GraphInput(click.Path):
    """An RDF file, or ``-``: standard input (Turtle or N-Triples), kept in a temporary file while the command
    runs, since every reader of a graph takes a file."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value, param, ctx):
        if value != "-":
            return super().convert(value, param, ctx)
        path = _temporary(ctx, "kg.stdin", "stdin.ttl")
        path.write_bytes(sys.stdin.buffer.read())
        return path


class OutputPath(click.Path):
    """A file to write, or ``-``: standard output (written to a temporary file, then copied to stdout when the
    command has succeeded, so that a failure prints nothing)."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value, param, ctx):
        if value != "-":
            return super().convert(value, param, ctx)
        return _temporary(ctx, "kg.stdout", "stdout")


def _temporary(ctx: click.Context | None, key: str, name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kg-"))
    if ctx is not None:
        ctx.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
        ctx.meta[key] = folder / name
    return folder / name


def to_stdout(path: Path | None = None) -> bool:
    """Whether the command's output goes to standard output (``--out -``); with ``path``, the file that now
    stands for it (a command that has to name it with another extension says so here)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or "kg.stdout" not in ctx.meta:
        return False
    if path is not None:
        ctx.meta["kg.stdout"] = path
    return True


def _copy_to_stdout() -> None:
    ctx = click.get_current_context(silent=True)
    path = ctx.meta.get("kg.stdout") if ctx is not None else None
    if path is not None and Path(path).is_file():
        sys.stdout.flush()
        out = sys.stdout.buffer
        out.write(Path(path).read_bytes())
        out.flush()


def _shown_streams(message: str) -> str:
    """A message with the temporary files that stand for stdin and stdout named as the streams."""
    ctx = click.get_current_context(silent=True)
    for key, name in _STREAM_NAMES.items():
        if ctx is not None and key in ctx.meta:
            message = message.replace(str(ctx.meta[key]), name)
    return message


def say(message: str) -> None:
    """An informational line (what was written, what to do next): on stdout, or on stderr when stdout carries
    the output (``--out -``); none with -q/--quiet."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().meta.get("kg.quiet"):
        return
    click.echo(message, err=to_stdout())


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_root().meta["kg.quiet"] = True
        logging.getLogger("kg").setLevel(logging.ERROR)  # no notices (a rebuild of stale outputs) either


def _set_verbose(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_root().meta["kg.verbose"] = True
        logging.getLogger("kg").setLevel(logging.DEBUG)


QUIET_OPTION = click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_set_quiet,
                            is_eager=True, help="Print only errors (and the output itself).")
VERBOSE_OPTION = click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, callback=_set_verbose,
                              is_eager=True, help="Also print what kg and the libraries it runs say along the way.")


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
    "--graph", "graph_file", type=GraphInput(), default=None,
    help="An RDF file (any format; - for Turtle on stdin) instead of the built out/graph.ttl.",
)
FORMAT_OPTION = click.option(
    "--format", "fmt", type=Choice(["text", "json"]), default="text", show_default=True,
    help="Text for people, JSON for programs.",
)
