"""kg init: a new project in a folder."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import say, shown, user_errors


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Write kg's files into a folder that is not empty (nothing else is touched).")
@user_errors
def init(folder: Path, force: bool) -> None:
    """Make a kg project in FOLDER: a kg.toml, data/facts, data/sources,
    data/lexicon, a .gitignore for out/, and copies of the default ontology,
    SHACL shapes and query library to extend.

    \b
    Example:
        kg init battery-news && cd battery-news
        kg extract ~/Downloads/article.html && kg build && kg viz
    """
    from kg.api import init_project

    written = init_project(folder, force=force)
    say(f"made a kg project in {shown(folder)} ({len(written)} files); next: cd {shown(folder)} && kg extract FILE")
