"""The command line: a module per command, each parsing its options, calling kg.api.Project, printing the result.

May import: kg.api and the base modules, nothing else of kg; nothing imports it. It is the only package that
prints or exits: every KgError becomes one line on stderr and exit status 1; usage errors exit 2 (click's).
"""

from __future__ import annotations

import logging

import click

from kg.cli.analyze import analyze, path
from kg.cli.build import build
from kg.cli.common import QUIET_OPTION, VERBOSE_OPTION
from kg.cli.export import docs, export
from kg.cli.extract import eval_command, extract
from kg.cli.init import init
from kg.cli.query import query
from kg.cli.serve import push, serve
from kg.cli.validate import validate
from kg.cli.viz import viz
from kg.terminal import printable
from kg.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: turn source documents into a trustworthy RDF knowledge graph.

    \b
    Example:
        kg build                # data/ -> out/graph.ttl
    """
    # What the library does on its own (a rebuild of stale outputs) is told on stderr, one line each.
    logger = logging.getLogger("kg")
    logger.handlers[:] = [_ToStderr()]
    logger.propagate = False
    logger.setLevel(logging.NOTSET)  # -q and -v set it for this run only


class _ToStderr(logging.Handler):
    """Log records as "kg: message" lines on the stderr of the moment (click's, so tests capture them)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"kg: {printable(record.getMessage())}", err=True)


for command in (analyze, build, docs, eval_command, export, extract, init, path, push, query, serve, validate, viz):
    # -q/--quiet and -v/--verbose on every command (kg build's --verbose is its own, with the same meaning)
    command.params += [QUIET_OPTION] + ([] if any(p.name == "verbose" for p in command.params) else [VERBOSE_OPTION])
    main.add_command(command)

__all__ = ["main"]
